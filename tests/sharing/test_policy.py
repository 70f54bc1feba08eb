"""The decision table for sharing/policy.py: one row per case, each citing its rule.

These run on plain facts, no database: the policy is pure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from centres.models import JobRole
from sharing.models import Basis
from sharing.policy import ConsentFacts, OverrideFacts, SubjectFacts, Viewer, decide, default_purpose_for
from sharing.vocabulary import SENSITIVE_TOPICS, Category

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
ALL = frozenset(SENSITIVE_TOPICS)
HOUSING, JOBCENTRE = 11, 12

HEALTH_VISITOR = Viewer(1, "hv", JobRole.HEALTH_VISITOR, centre_id=1, workplace_name="Riverside")
FAMILY_SUPPORT = Viewer(2, "fsw", JobRole.FAMILY_SUPPORT_WORKER, centre_id=1, workplace_name="Riverside")
HOUSING_OFFICER = Viewer(3, "ext", JobRole.EXTERNAL_PRACTITIONER, agency_id=HOUSING, workplace_name="City Housing")
NO_ROLE = Viewer(4, "admin", None)
# Sees consent records (so is told what the family decided) but is no health professional.
MANAGER = Viewer(5, "mgr", JobRole.CENTRE_MANAGER, centre_id=1, workplace_name="Riverside")
# Issue 13: the family moved from Riverside (centre 1) to Hillview (centre 2).
RIVERSIDE, HILLVIEW = 1, 2
NEW_HEALTH_VISITOR = Viewer(6, "hv2", JobRole.HEALTH_VISITOR, centre_id=HILLVIEW, workplace_name="Hillview")
NEW_FAMILY_SUPPORT = Viewer(7, "fsw2", JobRole.FAMILY_SUPPORT_WORKER, centre_id=HILLVIEW, workplace_name="Hillview")


def birthday(years: int, days_after: int = 0) -> dt.date:
    """A date of birth making someone ``years`` old today, ``days_after`` days past the birthday."""
    return TODAY.replace(year=TODAY.year - years) - dt.timedelta(days=days_after)


def consent(**changes) -> ConsentFacts:
    base = ConsentFacts(
        id=100,
        kind="explicit",
        decision="given",
        given_by_reference="X-P1",
        given_by_relationship="mother",
        given_by_age_at_consent=30,
        given_on=TODAY - dt.timedelta(days=30),
        review_on=TODAY + dt.timedelta(days=300),
        covers_basic=True,
        sensitive_topics=ALL,
        in_centre_team=True,
        agency_ids=frozenset(),

        purposes=frozenset({"healthcare", "centre-services"}),
        informed=True,
        capacity_in_doubt=False,
        capacity_confirmed=False,
        superseded=False,
        withdrawn_at=None,
        recorded_at=NOW - dt.timedelta(days=30),
    )
    return replace(base, **changes)


def child(age_years: int = 1, days_after: int = 10, **changes) -> SubjectFacts:
    base = SubjectFacts(
        person_id=1,
        reference="X-C1",
        is_child=True,
        date_of_birth=birthday(age_years, days_after),
        reachable=True,
        privacy_notice_given_on=TODAY - dt.timedelta(days=100),
        centre_id=1,
    )
    return replace(base, **changes)


def carer(child_birth_dates=None, **changes) -> SubjectFacts:
    child_birth_dates = child_birth_dates or (birthday(1, 10),)
    base = SubjectFacts(
        person_id=2,
        reference="X-P1",
        is_child=False,
        date_of_birth=birthday(30),
        reachable=True,
        cared_for_birth_dates=tuple(child_birth_dates),
        privacy_notice_given_on=TODAY,
        centre_id=1,
    )
    return replace(base, **changes)


def override(kind="public_interest", opened_by=2, categories=("basic", "sensitive"), hours_left=10, **changes):
    base = OverrideFacts(
        id=7,
        kind=kind,
        opened_by_id=opened_by,
        categories=frozenset(categories),
        opened_at=NOW - dt.timedelta(hours=1),
        expires_at=NOW + dt.timedelta(hours=hours_left),
    )
    return replace(base, **changes)


# (id, rule, viewer, subject, category, purpose, permitted, basis, reason fragment)
TABLE = [
    # --- Basis 1: health duty of care (¶15 first bullet) --------------------------------------
    (
        "duty-child-under-4",
        "¶15",
        HEALTH_VISITOR,
        child(3, 364),
        "basic",
        None,
        True,
        Basis.HEALTH_DUTY_OF_CARE,
        "child under 4",
    ),
    ("duty-child-4th-birthday", "¶15 Decision", HEALTH_VISITOR, child(4, 0), "basic", None, False, None, "ends at 4"),
    (
        "duty-child-day-before-4th",
        "¶15 Decision",
        HEALTH_VISITOR,
        child(3, 364),
        "basic",
        None,
        True,
        Basis.HEALTH_DUTY_OF_CARE,
        "",
    ),
    (
        "duty-unborn-baby",
        "¶15",
        HEALTH_VISITOR,
        child(date_of_birth=None),
        "basic",
        None,
        True,
        Basis.HEALTH_DUTY_OF_CARE,
        "",
    ),
    ("duty-carer-of-under-4", "¶15", HEALTH_VISITOR, carer(), "basic", None, True, Basis.HEALTH_DUTY_OF_CARE, ""),
    (
        "duty-carer-of-over-4",
        "¶15",
        HEALTH_VISITOR,
        carer((birthday(4, 30),)),
        "basic",
        None,
        False,
        None,
        "not the registered carer of a child under 4",
    ),
    (
        "duty-objection",
        "¶15 object",
        HEALTH_VISITOR,
        child(objected_at=NOW - dt.timedelta(days=1)),
        "basic",
        None,
        False,
        None,
        "objected",
    ),
    (
        "duty-objection-in-future",
        "¶15 object",
        HEALTH_VISITOR,
        child(objected_at=NOW + dt.timedelta(days=1)),
        "basic",
        None,
        True,
        Basis.HEALTH_DUTY_OF_CARE,
        "",
    ),
    (
        "duty-never-sensitive",
        "¶15, ¶17",
        HEALTH_VISITOR,
        child(),
        "sensitive",
        None,
        False,
        None,
        "no explicit consent covers sensitive",
    ),
    (
        "duty-not-for-non-health",
        "¶15",
        FAMILY_SUPPORT,
        child(),
        "basic",
        None,
        False,
        None,
        "no explicit consent covers basic",
    ),
    (
        "duty-only-for-healthcare",
        "¶15",
        HEALTH_VISITOR,
        child(),
        "basic",
        "centre-services",
        False,
        None,
        "delivering healthcare only",
    ),
    (
        "duty-continues-through-refusal",
        "POLICY Decisions taken since: a refusal is not an objection",
        HEALTH_VISITOR,
        child(consents=(consent(decision="refused", purposes=frozenset({"healthcare"})),)),
        "basic",
        None,
        True,
        Basis.HEALTH_DUTY_OF_CARE,
        "has not objected",
    ),
    (
        "duty-continues-through-withdrawal",
        "POLICY Decisions taken since: a withdrawal is not an objection",
        HEALTH_VISITOR,
        child(consents=(consent(withdrawn_at=NOW - dt.timedelta(days=1)),)),
        "basic",
        None,
        True,
        Basis.HEALTH_DUTY_OF_CARE,
        "",
    ),
    (
        "duty-carer-through-withdrawal",
        "POLICY Decisions taken since",
        HEALTH_VISITOR,
        carer(consents=(consent(withdrawn_at=NOW - dt.timedelta(days=1)),)),
        "basic",
        None,
        True,
        Basis.HEALTH_DUTY_OF_CARE,
        "",
    ),
    # --- Basis 2: explicit, informed consent (¶15, ¶16, ¶17, consent box) ----------------------
    ("consent-no-consent", "¶17", FAMILY_SUPPORT, child(), "sensitive", None, False, None, "record consent"),
    (
        "consent-in-centre",
        "¶17 box",
        FAMILY_SUPPORT,
        child(consents=(consent(),)),
        "sensitive",
        None,
        True,
        Basis.EXPLICIT_CONSENT,
        "Explicit consent given by X-P1",
    ),
    (
        "consent-sensitive-for-health",
        "¶17",
        HEALTH_VISITOR,
        child(consents=(consent(),)),
        "sensitive",
        None,
        True,
        Basis.EXPLICIT_CONSENT,
        "",
    ),
    (
        "consent-refused",
        "¶17",
        MANAGER,
        child(consents=(consent(decision="refused"),)),
        "basic",
        None,
        False,
        None,
        "refused",
    ),
    (
        "consent-withdrawn",
        "POLICY basis 2",
        MANAGER,
        child(consents=(consent(withdrawn_at=NOW - dt.timedelta(days=10)),)),
        "basic",
        None,
        False,
        None,
        "withdrew",
    ),
    (
        "consent-withdrawn-this-moment",
        "POLICY basis 2",
        MANAGER,
        child(consents=(consent(withdrawn_at=NOW),)),
        "basic",
        None,
        False,
        None,
        "withdrew",
    ),
    (
        "consent-withdrawal-later",
        "POLICY basis 2",
        FAMILY_SUPPORT,
        child(consents=(consent(withdrawn_at=NOW + dt.timedelta(seconds=1)),)),
        "basic",
        None,
        True,
        Basis.EXPLICIT_CONSENT,
        "",
    ),
    (
        "consent-uninformed",
        "POLICY basis 2 informed",
        FAMILY_SUPPORT,
        child(consents=(consent(informed=False),)),
        "basic",
        None,
        False,
        None,
        "not recorded as informed",
    ),
    (
        "consent-under-16-no-assessment",
        "¶16",
        FAMILY_SUPPORT,
        child(consents=(consent(given_by_age_at_consent=15),)),
        "basic",
        None,
        False,
        None,
        "Fraser/Gillick",
    ),
    (
        "consent-under-16-assessed",
        "¶16",
        FAMILY_SUPPORT,
        child(consents=(consent(given_by_age_at_consent=15, capacity_confirmed=True),)),
        "basic",
        None,
        True,
        Basis.EXPLICIT_CONSENT,
        "",
    ),
    (
        "consent-capacity-in-doubt",
        "¶16",
        FAMILY_SUPPORT,
        child(consents=(consent(capacity_in_doubt=True),)),
        "sensitive",
        None,
        False,
        None,
        "capacity",
    ),
    (
        "consent-wrong-purpose",
        "POLICY basis 2 purpose",
        FAMILY_SUPPORT,
        child(consents=(consent(purposes=frozenset({"monitoring-evaluation"})),)),
        "basic",
        None,
        False,
        None,
        "significant change in use",
    ),
    (
        "consent-basic-only",
        "¶15, ¶17",
        FAMILY_SUPPORT,
        child(consents=(consent(sensitive_topics=frozenset()),)),
        "sensitive",
        None,
        False,
        None,
        "basic information only",
    ),
    (
        "consent-in-centre-not-external",
        "consent box",
        HOUSING_OFFICER,
        child(consents=(consent(),)),
        "basic",
        None,
        False,
        None,
        "never covers an external agency",
    ),
    (
        "consent-named-agency",
        "consent box",
        HOUSING_OFFICER,
        child(consents=(consent(agency_ids=frozenset({HOUSING})),)),
        "basic",
        None,
        True,
        Basis.EXPLICIT_CONSENT,
        "",
    ),
    (
        "consent-other-agency",
        "consent box",
        HOUSING_OFFICER,
        child(consents=(consent(in_centre_team=False, agency_ids=frozenset({JOBCENTRE})),)),
        "basic",
        None,
        False,
        None,
        "does not name your agency",
    ),
    (
        "consent-agency-only-not-centre",
        "consent box",
        FAMILY_SUPPORT,
        child(consents=(consent(in_centre_team=False, agency_ids=frozenset({HOUSING})),)),
        "basic",
        None,
        False,
        None,
        "not the in-centre team",
    ),
    (
        "consent-superseded-ignored",
        "POLICY history",
        FAMILY_SUPPORT,
        child(consents=(consent(superseded=True),)),
        "basic",
        None,
        False,
        None,
        "record consent",
    ),
    (
        "consent-not-yet-given",
        "POLICY basis 2",
        FAMILY_SUPPORT,
        child(consents=(consent(given_on=TODAY + dt.timedelta(days=1)),)),
        "basic",
        None,
        False,
        None,
        "takes effect",
    ),
    (
        "consent-past-review-stands",
        "POLICY basis 2 Decision",
        FAMILY_SUPPORT,
        child(consents=(consent(review_on=TODAY - dt.timedelta(days=1)),)),
        "basic",
        None,
        True,
        Basis.EXPLICIT_CONSENT,
        "",
    ),
    # The newest current decision about this reveal counts (POLICY.md: a refusal or withdrawal is respected).
    (
        "refusal-after-consent",
        "¶17, POLICY rule",
        MANAGER,
        child(consents=(consent(id=2, decision="refused", given_on=TODAY - dt.timedelta(days=1)), consent(id=1))),
        "basic",
        None,
        False,
        None,
        "refused",
    ),
    (
        "consent-after-refusal",
        "¶17",
        FAMILY_SUPPORT,
        child(consents=(consent(id=2), consent(id=1, decision="refused", given_on=TODAY - dt.timedelta(days=90)))),
        "basic",
        None,
        True,
        Basis.EXPLICIT_CONSENT,
        "",
    ),
    (
        "newer-withdrawn-older-given",
        "POLICY basis 2",
        MANAGER,
        child(
            consents=(
                consent(id=2, withdrawn_at=NOW - dt.timedelta(days=1)),
                consent(id=1, given_on=TODAY - dt.timedelta(days=200)),
            )
        ),
        "basic",
        None,
        False,
        None,
        "withdrew",
    ),
    (
        "refusal-of-sensitive-leaves-basic",
        "¶15, ¶17",
        FAMILY_SUPPORT,
        child(consents=(consent(id=2, decision="refused", covers_basic=False), consent(id=1))),
        "basic",
        None,
        True,
        Basis.EXPLICIT_CONSENT,
        "",
    ),
    (
        "refusal-for-other-agency-leaves-ours",
        "consent box",
        HOUSING_OFFICER,
        child(
            consents=(
                consent(id=2, decision="refused", in_centre_team=False, agency_ids=frozenset({JOBCENTRE})),
                consent(id=1, agency_ids=frozenset({HOUSING})),
            )
        ),
        "basic",
        None,
        True,
        Basis.EXPLICIT_CONSENT,
        "",
    ),
    (
        "withdrawal-counts-from-its-own-date",
        "POLICY basis 2",
        MANAGER,
        child(
            consents=(
                consent(id=2, given_on=TODAY - dt.timedelta(days=30)),
                consent(id=1, given_on=TODAY - dt.timedelta(days=60), withdrawn_at=NOW - dt.timedelta(days=1)),
            )
        ),
        "basic",
        None,
        False,
        None,
        "withdrew",
    ),
    (
        "same-day-refusal-wins",
        "POLICY rule (fail closed)",
        MANAGER,
        child(
            consents=(
                consent(id=2, given_on=TODAY - dt.timedelta(days=5), recorded_at=NOW),
                consent(
                    id=1,
                    decision="refused",
                    given_on=TODAY - dt.timedelta(days=5),
                    recorded_at=NOW - dt.timedelta(days=5),
                ),
            )
        ),
        "basic",
        None,
        False,
        None,
        "refused",
    ),
    (
        "duty-unaffected-by-versions-and-refusals",
        "¶15, POLICY Decisions taken since",
        HEALTH_VISITOR,
        child(
            consents=(
                consent(id=3, purposes=frozenset({"centre-services"})),
                consent(id=2, superseded=True, given_on=TODAY - dt.timedelta(days=40)),
                consent(
                    id=1, decision="refused", purposes=frozenset({"healthcare"}), given_on=TODAY - dt.timedelta(days=90)
                ),
            )
        ),
        "basic",
        None,
        True,
        Basis.HEALTH_DUTY_OF_CARE,
        "",
    ),
    # --- Basis 3: implied consent is never a basis (¶15 implied-consent box) -------------------
    (
        "implied-not-sensitive",
        "¶15 implied box",
        HEALTH_VISITOR,
        child(consents=(consent(kind="implied"),)),
        "sensitive",
        None,
        False,
        None,
        "implied consent is never a basis",
    ),
    (
        "implied-not-non-health",
        "¶15 implied box",
        FAMILY_SUPPORT,
        child(consents=(consent(kind="implied"),)),
        "basic",
        None,
        False,
        None,
        "implied consent is never a basis",
    ),
    # --- Basis 4: necessary for medical purposes ----------------------------------------------
    (
        "medical-health-professional",
        "implied box",
        HEALTH_VISITOR,
        child(overrides=(override("medical_purpose", opened_by=1),)),
        "sensitive",
        None,
        True,
        Basis.MEDICAL_PURPOSE,
        "medical purposes",
    ),
    (
        "medical-non-health",
        "implied box",
        FAMILY_SUPPORT,
        child(overrides=(override("medical_purpose", opened_by=2),)),
        "sensitive",
        None,
        False,
        None,
        "health professionals only",
    ),
    (
        "medical-expired",
        "implied box",
        HEALTH_VISITOR,
        child(overrides=(override("medical_purpose", opened_by=1, hours_left=-1),)),
        "sensitive",
        None,
        False,
        None,
        "",
    ),
    # --- Basis 5: public interest (¶10, ¶16, ¶18) ------------------------------------------------
    (
        "override-active",
        "¶16, ¶18",
        FAMILY_SUPPORT,
        child(overrides=(override(),)),
        "sensitive",
        None,
        True,
        Basis.PUBLIC_INTEREST,
        "override",
    ),
    (
        "override-over-refusal",
        "¶18",
        FAMILY_SUPPORT,
        child(consents=(consent(decision="refused"),), overrides=(override(),)),
        "basic",
        None,
        True,
        Basis.PUBLIC_INTEREST,
        "",
    ),
    (
        "override-expired",
        "¶16, ¶18",
        FAMILY_SUPPORT,
        child(overrides=(override(hours_left=0),)),
        "basic",
        None,
        False,
        None,
        "",
    ),
    (
        "override-someone-elses",
        "¶16, ¶18",
        FAMILY_SUPPORT,
        child(overrides=(override(opened_by=99),)),
        "basic",
        None,
        False,
        None,
        "",
    ),
    (
        "override-category-not-named",
        "¶16, ¶18",
        FAMILY_SUPPORT,
        child(overrides=(override(categories=("basic",)),)),
        "sensitive",
        None,
        False,
        None,
        "",
    ),
    # --- Deny by default, reach and role (¶13, ¶23) ---------------------------------------------
    (
        "no-role-sees-nothing",
        "¶23",
        NO_ROLE,
        child(consents=(consent(),)),
        "basic",
        "healthcare",
        False,
        None,
        "no practitioner role",
    ),
    (
        "out-of-reach",
        "¶13",
        FAMILY_SUPPORT,
        child(reachable=False, consents=(consent(),)),
        "basic",
        None,
        False,
        None,
        "not a family of your centre",
    ),
    (
        "external-out-of-reach",
        "¶13",
        HOUSING_OFFICER,
        child(reachable=False),
        "basic",
        None,
        False,
        None,
        "not named in a consent to your agency",
    ),
    # --- Reasons respect the viewer (POLICY.md "Decisions taken since") ------------------------
    (
        "refusal-not-told-to-fsw",
        "POLICY reasons respect the viewer",
        FAMILY_SUPPORT,
        child(consents=(consent(decision="refused"),)),
        "basic",
        None,
        False,
        None,
        "no consent on record covers basic information for the in-centre team for centre services — ask a health",
    ),
    (
        "withdrawal-not-told-to-fsw",
        "POLICY reasons respect the viewer",
        FAMILY_SUPPORT,
        child(consents=(consent(withdrawn_at=NOW - dt.timedelta(days=3)),)),
        "sensitive",
        None,
        False,
        None,
        "ask a health visitor or the centre manager",
    ),
    (
        "withdrawal-told-to-health-visitor",
        "POLICY reasons respect the viewer",
        HEALTH_VISITOR,
        child(consents=(consent(withdrawn_at=NOW - dt.timedelta(days=3)),)),
        "sensitive",
        None,
        False,
        None,
        "withdrew consent",
    ),
    (
        "refusal-not-told-to-agency",
        "POLICY reasons respect the viewer",
        HOUSING_OFFICER,
        child(consents=(consent(decision="refused", in_centre_team=False, agency_ids=frozenset({HOUSING})),)),
        "basic",
        None,
        False,
        None,
        "no consent on record covers basic information for your agency",
    ),
    (
        "refusal-elsewhere-not-told-to-other-centre",
        "POLICY reasons respect the viewer",
        MANAGER,
        child(consents=(consent(decision="refused"),), centre_id=2),
        "basic",
        None,
        False,
        None,
        "ask a health visitor",
    ),
    (
        "refusal-wording-is-not-consent",
        "issue 9: a refusal is not 'the consent from'",
        HEALTH_VISITOR,
        child(6, consents=(consent(decision="refused", purposes=frozenset({"centre-services"})),)),
        "basic",
        None,
        False,
        None,
        "explicit consent is needed",
    ),
    # --- A purpose is asserted, and only one the role acts for (POLICY.md, ¶13) ---------------
    (
        "purpose-fsw-cannot-assert-monitoring",
        "POLICY purpose asserted, ¶13",
        FAMILY_SUPPORT,
        child(consents=(consent(purposes=frozenset({"monitoring-evaluation"})),)),
        "basic",
        "monitoring-evaluation",
        False,
        None,
        "your role (family support worker) does not act for monitoring and evaluation",
    ),
    (
        "purpose-fsw-cannot-assert-healthcare",
        "POLICY purpose asserted",
        FAMILY_SUPPORT,
        child(consents=(consent(),)),
        "sensitive",
        "healthcare",
        False,
        None,
        "does not act for healthcare",
    ),
    (
        "purpose-monitoring-is-for-figures",
        "POLICY purpose asserted, ¶13 minimum necessary",
        MANAGER,
        child(consents=(consent(purposes=frozenset({"monitoring-evaluation"})),)),
        "basic",
        "monitoring-evaluation",
        False,
        None,
        "group figures, not named records",
    ),
    (
        "purpose-unknown",
        "POLICY purpose asserted",
        HEALTH_VISITOR,
        child(),
        "basic",
        "family-learning",
        False,
        None,
        "not a purpose on record",
    ),
    (
        "purpose-health-visitor-may-assert-centre-services",
        "POLICY purpose asserted",
        HEALTH_VISITOR,
        child(consents=(consent(purposes=frozenset({"centre-services"})),)),
        "sensitive",
        "centre-services",
        True,
        Basis.EXPLICIT_CONSENT,
        "",
    ),
]


# Issue 9 items 6 and 10: an override opened beyond the per-user limit counts only once its
# reviewer approved it; one ended early by its opener or reviewer is expired from its end.
TABLE += [
    (
        "override-pending-approval",
        "issue 9 item 6",
        FAMILY_SUPPORT,
        child(overrides=(override(approved=False),)),
        "basic",
        None,
        False,
        None,
        "",
    ),
    (
        "override-approved",
        "issue 9 item 6",
        FAMILY_SUPPORT,
        child(overrides=(override(approved=True),)),
        "sensitive",
        None,
        True,
        Basis.PUBLIC_INTEREST,
        "override",
    ),
    (
        "medical-pending-approval",
        "issue 9 item 6",
        HEALTH_VISITOR,
        child(overrides=(override("medical_purpose", opened_by=1, approved=False),)),
        "sensitive",
        None,
        False,
        None,
        "",
    ),
    (
        "override-ended-early",
        "issue 9 item 10",
        FAMILY_SUPPORT,
        child(overrides=(override(ended_at=NOW - dt.timedelta(minutes=1)),)),
        "basic",
        None,
        False,
        None,
        "",
    ),
    (
        "override-ended-at-this-moment",
        "issue 9 item 10",
        FAMILY_SUPPORT,
        child(overrides=(override(ended_at=NOW),)),
        "basic",
        None,
        False,
        None,
        "",
    ),
    (
        "override-before-its-end",
        "issue 9 item 10",
        FAMILY_SUPPORT,
        child(overrides=(override(ended_at=NOW + dt.timedelta(minutes=1)),)),
        "basic",
        None,
        True,
        Basis.PUBLIC_INTEREST,
        "override",
    ),
    # --- Families move (issue 13): consent names one centre's team (consent box after ¶17) ------
    (
        "moved-old-team-consent-not-for-new-centre-staff",
        "consent box, issue 13",
        NEW_FAMILY_SUPPORT,
        child(centre_id=HILLVIEW, consents=(consent(team_centre_id=RIVERSIDE),)),
        "basic",
        None,
        False,
        None,
        "consent to one centre's team does not cover another's",
    ),
    (
        "moved-old-team-consent-no-sensitive-for-new-health-visitor",
        "¶17, consent box, issue 13",
        NEW_HEALTH_VISITOR,
        child(centre_id=HILLVIEW, consents=(consent(team_centre_id=RIVERSIDE),)),
        "sensitive",
        None,
        False,
        None,
        "the family has moved since",
    ),
    (
        "moved-new-health-visitor-basic-by-duty-of-care",
        "¶15, issue 13",
        NEW_HEALTH_VISITOR,
        child(centre_id=HILLVIEW, consents=(consent(team_centre_id=RIVERSIDE),)),
        "basic",
        None,
        True,
        Basis.HEALTH_DUTY_OF_CARE,
        "child under 4",
    ),
    (
        "moved-carer-basic-by-duty-of-care",
        "¶15, issue 13",
        NEW_HEALTH_VISITOR,
        carer(centre_id=HILLVIEW, consents=(consent(team_centre_id=RIVERSIDE),)),
        "basic",
        None,
        True,
        Basis.HEALTH_DUTY_OF_CARE,
        "",
    ),
    (
        "moved-new-centre-consent-counts",
        "¶17, issue 13",
        NEW_FAMILY_SUPPORT,
        child(
            centre_id=HILLVIEW,
            consents=(consent(team_centre_id=RIVERSIDE), consent(id=101, team_centre_id=HILLVIEW)),
        ),
        "sensitive",
        None,
        True,
        Basis.EXPLICIT_CONSENT,
        "explicit consent",
    ),
    (
        "moved-old-team-refusal-does-not-bind-new-team",
        "¶17, issue 13",
        NEW_FAMILY_SUPPORT,
        child(
            centre_id=HILLVIEW,
            consents=(
                consent(decision="refused", team_centre_id=RIVERSIDE, given_on=TODAY - dt.timedelta(days=5)),
                consent(id=101, team_centre_id=HILLVIEW),
            ),
        ),
        "basic",
        None,
        True,
        Basis.EXPLICIT_CONSENT,
        "",
    ),
    (
        "moved-objection-travels-with-the-family",
        "¶15, issue 13",
        NEW_HEALTH_VISITOR,
        child(centre_id=HILLVIEW, objected_at=NOW - dt.timedelta(days=3)),
        "basic",
        None,
        False,
        None,
        "objected",
    ),
    (
        "moved-agency-consent-unaffected",
        "consent box, issue 13",
        HOUSING_OFFICER,
        child(
            centre_id=HILLVIEW,
            consents=(consent(in_centre_team=False, agency_ids=frozenset({HOUSING}), team_centre_id=RIVERSIDE),),
        ),
        "basic",
        None,
        True,
        Basis.EXPLICIT_CONSENT,
        "",
    ),
    (
        "same-centre-team-consent-counts",
        "¶17",
        FAMILY_SUPPORT,
        child(consents=(consent(team_centre_id=RIVERSIDE),)),
        "sensitive",
        None,
        True,
        Basis.EXPLICIT_CONSENT,
        "",
    ),
    (
        "caldicott-guardian-reaches-no-one",
        "issue 9 item 6, ¶13",
        Viewer(5, "cg", JobRole.CALDICOTT_GUARDIAN, workplace_name="the local authority"),
        child(reachable=False, consents=(consent(),)),
        "basic",
        None,
        False,
        None,
        "",
    ),
]


@pytest.mark.parametrize(
    "viewer, subject, category, purpose, permitted, basis, fragment",
    [row[2:] for row in TABLE],
    ids=[f"{row[0]} ({row[1]})" for row in TABLE],
)
def test_decision_table(viewer, subject, category, purpose, permitted, basis, fragment):
    decision = decide(viewer, subject, Category(category), purpose, NOW)
    assert decision.permitted is permitted, decision.reason
    assert decision.basis == basis
    assert decision.reason  # always present, for permits and denials
    assert fragment.lower() in decision.reason.lower()
    if not permitted:
        assert decision.consent_id is None and decision.override_id is None and not decision.topics


def test_denial_says_what_would_make_it_allowed():
    decision = decide(FAMILY_SUPPORT, child(), Category.SENSITIVE, None, NOW)
    assert "record consent" in decision.reason


def test_permit_names_the_consent_or_override_relied_on():
    assert decide(FAMILY_SUPPORT, child(consents=(consent(id=42),)), Category.BASIC, None, NOW).consent_id == 42
    assert decide(FAMILY_SUPPORT, child(overrides=(override(id=9),)), Category.BASIC, None, NOW).override_id == 9


def test_sensitive_topics_are_limited_to_those_consented():
    subject = child(consents=(consent(sensitive_topics=frozenset({"breastfeeding"})),))
    decision = decide(FAMILY_SUPPORT, subject, Category.SENSITIVE, None, NOW)
    assert decision.permitted and decision.topics == {"breastfeeding"}


def test_override_opens_every_topic_when_consent_covers_only_some():
    subject = child(consents=(consent(sensitive_topics=frozenset({"breastfeeding"})),), overrides=(override(),))
    decision = decide(FAMILY_SUPPORT, subject, Category.SENSITIVE, None, NOW)
    assert decision.basis is Basis.PUBLIC_INTEREST and decision.topics == ALL


def test_duty_of_care_warns_without_privacy_notice():
    decision = decide(HEALTH_VISITOR, child(privacy_notice_given_on=None), Category.BASIC, None, NOW)
    assert decision.permitted and decision.warnings and "privacy notice" in decision.warnings[0]


def test_consent_lapses_at_review_only_when_configured():
    subject = child(consents=(consent(review_on=TODAY - dt.timedelta(days=1)),))
    assert decide(FAMILY_SUPPORT, subject, Category.BASIC, None, NOW).permitted
    lapsed = decide(FAMILY_SUPPORT, subject, Category.BASIC, None, NOW, lapse_at_review=True)
    assert not lapsed.permitted and "lapsed" in lapsed.reason


@pytest.mark.parametrize(
    "viewer, purpose",
    [(HEALTH_VISITOR, "healthcare"), (FAMILY_SUPPORT, "centre-services"), (HOUSING_OFFICER, "centre-services")],
)
def test_default_purpose(viewer, purpose):
    assert default_purpose_for(viewer) == purpose
    assert decide(viewer, child(), Category.BASIC, None, NOW).purpose == purpose


def test_age_turns_over_at_uk_midnight_not_utc():
    """00:30 on the 4th birthday in British Summer Time is still the day before in UTC."""
    at = dt.datetime(2026, 6, 15, 23, 30, tzinfo=dt.UTC)  # 16 June 00:30 BST
    subject = child(date_of_birth=dt.date(2022, 6, 16))
    decision = decide(HEALTH_VISITOR, subject, Category.BASIC, None, at)
    assert not decision.permitted and "ends at 4" in decision.reason
