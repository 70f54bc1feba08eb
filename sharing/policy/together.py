"""Working together around a child (issue 15, ¶23 "Systems"): pure rules, no database.

- who may do casework for a family (record who is involved, set the lead professional, hold a
  team-around-the-family meeting, start an assessment);
- whether a common assessment (CAF) may be started — voluntary, "only undertaken with appropriate
  consent" — decided from the consent facts like any reveal;
- whether the involvement of a service is shown, outlined, or absent.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from consent.vocabulary import ConsentKind
from families.vocabulary import SensitiveTopic
from sharing.policy.capabilities import may_view_consents, may_work_together
from sharing.policy.decide import FamilyChoice, _explicit_consent
from sharing.policy.facts import Decision, SubjectFacts, Viewer
from sharing.policy.purposes import PurposeRule, default_purpose_for, purpose_problem
from sharing.policy.wording import format_day, purpose_text
from sharing.vocabulary import Basis, Category

# Assessments and the meetings of the team around the family are sensitive information under this
# topic (¶17, POLICY.md "Words": "assessments (CAF)").
CASEWORK_TOPIC = SensitiveTopic.ASSESSMENT

ASSESSMENT_CONSENT_NEEDED = (
    "A common assessment can only be started with the family's explicit, informed consent to the "
    "assessment (CAF). No consent on record names the assessment for the in-centre team for {purpose} "
    "— ask a health visitor or the centre manager to record it"
)
NOT_CASEWORK = "Only practitioners of the family's centre can start an assessment or record casework for this family"


def may_complete_action(viewer: Viewer, owner_id: int) -> bool:
    """An action is marked done by its owner."""
    return viewer.user_id is not None and viewer.user_id == owner_id


def _assessment_consents(subject: SubjectFacts) -> SubjectFacts:
    """Only the decisions about the assessment: explicit decisions naming the "assessment (CAF)"
    topic (a consent or a refusal), and implied consent, which is never enough."""
    return dataclasses.replace(
        subject,
        consents=tuple(
            c for c in subject.consents if c.kind == ConsentKind.IMPLIED or CASEWORK_TOPIC in c.sensitive_topics
        ),
    )


def assessment_start(
    viewer: Viewer,
    subject: SubjectFacts,
    at: dt.datetime,
    *,
    purpose: str | None = None,
    lapse_at_review: bool = False,
    purposes: Mapping[str, PurposeRule] | None = None,
) -> Decision:
    """May this viewer start a common assessment (CAF) of this child (or unborn baby) now?

    Only with explicit, informed consent to the assessment, current, for the in-centre team and for
    the purpose (issue 15; ¶15–¶17). The newest decision about the assessment counts: a refusal or a
    withdrawal is respected (POLICY.md "Decisions taken since"). Permitted: the consent relied on.
    """
    purpose = purpose or default_purpose_for(viewer)

    def deny(reason: str) -> Decision:
        return Decision(False, subject.person_id, Category.SENSITIVE, purpose, f"{reason[0].upper()}{reason[1:]}.")

    if not viewer.has_practitioner_role or not may_work_together(viewer, subject.centre_id) or not subject.reachable:
        return deny(NOT_CASEWORK)
    if not subject.is_child:
        return deny(f"A common assessment is of a child or an unborn baby, and {subject.reference} is neither")
    asserted = purpose_problem(viewer, purpose, purposes)
    if asserted is not None:
        return deny(asserted)
    consent, problems = _explicit_consent(
        _assessment_consents(subject), viewer, Category.SENSITIVE, purpose, at, lapse_at_review
    )
    if consent is not None:
        return Decision(
            True, subject.person_id, Category.SENSITIVE, purpose,
            f"Explicit consent to the assessment given by {consent.given_by_reference} "
            f"on {format_day(consent.given_on)}",
            basis=Basis.EXPLICIT_CONSENT, consent_id=consent.id, topics=frozenset({CASEWORK_TOPIC}),
        )
    needed = ASSESSMENT_CONSENT_NEEDED.format(purpose=purpose_text(purpose))
    if not problems:
        return deny(needed)
    reason = problems[0]
    # POLICY.md "Decisions taken since": only those who may see consent records hear what the family decided.
    if isinstance(reason, FamilyChoice) and not may_view_consents(viewer, subject.centre_id):
        return deny(needed)
    return deny(f"Consent to the assessment (CAF) is needed: {reason}")


def involvement_shown(basic: Decision, sensitive: Decision | None, sensitive_topic: str) -> bool:
    """Whether the details of an involvement are shown (issue 15). Anyone who may see the child's basic
    information may know who works with them; the involvement of a service flagged sensitive is
    sensitive information itself (¶17), shown only where the sensitive decision opens its topic."""
    if not basic.permitted:
        return False
    if not sensitive_topic:
        return True
    return sensitive is not None and sensitive.permitted and sensitive_topic in sensitive.topics


def involvement_outlined(basic: Decision, sensitive: Decision | None, sensitive_topic: str) -> bool:
    """A sensitive involvement the viewer may not see in full, of a child whose basic information they
    may see: they read only that another service is involved (and whom to ask)."""
    return basic.permitted and not involvement_shown(basic, sensitive, sensitive_topic)


def casework_shown(sensitive: Decision | None) -> bool:
    """Assessments and team-meeting records are shown where the sensitive decision opens their topic."""
    return sensitive is not None and sensitive.permitted and CASEWORK_TOPIC in sensitive.topics
