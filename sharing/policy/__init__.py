"""The sharing policy: the one place that decides (POLICY.md; paragraph numbers are the leaflet's).

A package of pure modules — nothing here touches the database, so it imports without Django's
app registry and can be tested row by row:

- ``facts``: what a decision is made over (viewer, subject, consent, override) and its answer;
- ``decide``: the five bases, deny by default;
- ``capabilities``: which acts a role may perform;
- ``purposes``: which purposes a role may assert;
- ``wording``: how days and purposes read in reasons.
"""
from consent.decisions import ConsentFacts, decision_order_key, overridden_by
from families.vocabulary import age_on
from sharing.policy.capabilities import (
    REGISTERING_ROLES,
    REVIEWING_ROLES,
    capabilities,
    capable,
    may_add_notes,
    may_amend_note,
    may_decide_notifications,
    may_edit_family,
    may_end_override,
    may_import_births,
    may_open_override,
    may_record_consent,
    may_register_families,
    may_review,
    may_review_override,
    may_review_overrides,
    may_see_notification,
    may_send_notification,
    may_transfer_family,
    may_view_consents,
    may_work_together,
    override_reviewer_for,
)
from sharing.policy.decide import DUTY_OF_CARE_AGE_LIMIT, decide, decide_many, decide_own_record
from sharing.policy.facts import Decision, OverrideFacts, SubjectFacts, Viewer
from sharing.policy.purposes import (
    DEFAULT_PURPOSE_RULES,
    PurposeRule,
    assertable_purposes,
    default_purpose_for,
    purpose_problem,
)
from sharing.policy.together import (
    ASSESSMENT_CONSENT_NEEDED,
    CASEWORK_TOPIC,
    assessment_start,
    casework_shown,
    involvement_outlined,
    involvement_shown,
    may_complete_action,
)
from sharing.policy.wording import format_day, format_moment, purpose_text

__all__ = [
    "ASSESSMENT_CONSENT_NEEDED",
    "CASEWORK_TOPIC",
    "assessment_start",
    "casework_shown",
    "involvement_outlined",
    "involvement_shown",
    "may_complete_action",
    "may_work_together",
    "DEFAULT_PURPOSE_RULES",
    "PurposeRule",
    "assertable_purposes",
    "purpose_problem",
    "DUTY_OF_CARE_AGE_LIMIT",
    "REGISTERING_ROLES",
    "REVIEWING_ROLES",
    "ConsentFacts",
    "Decision",
    "OverrideFacts",
    "SubjectFacts",
    "Viewer",
    "age_on",
    "capabilities",
    "capable",
    "decide",
    "decide_many",
    "decide_own_record",
    "decision_order_key",
    "default_purpose_for",
    "format_day",
    "format_moment",
    "may_add_notes",
    "may_amend_note",
    "may_decide_notifications",
    "may_import_births",
    "may_see_notification",
    "may_send_notification",
    "may_edit_family",
    "may_end_override",
    "may_open_override",
    "may_record_consent",
    "may_register_families",
    "may_review",
    "may_review_override",
    "may_review_overrides",
    "may_transfer_family",
    "may_view_consents",
    "overridden_by",
    "override_reviewer_for",
    "purpose_text",
]
