"""The decision table for a reveal to an agency (sharing/policy/referral.py, issue 15).

One row per case, each citing its rule. Only explicit consent naming the agency, for the purpose,
lets information go to it; the health duty of care, implied consent and overrides never do.
Pure: no database.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from centres.models import JobRole
from sharing.models import Basis
from sharing.policy import Viewer, decide
from sharing.policy.referral import (
    BASIC_LABEL,
    NEEDS_BASIC,
    agency_recipient,
    decide_for_agency,
    may_list_referrals,
    may_refer,
    may_respond_to_referral,
    may_see_referral,
    pack_plan,
)
from sharing.vocabulary import Category
from tests.sharing.test_policy import (
    FAMILY_SUPPORT,
    HEALTH_VISITOR,
    HOUSING,
    HOUSING_OFFICER,
    JOBCENTRE,
    MANAGER,
    NO_ROLE,
    NOW,
    child,
    consent,
    override,
)

AGENCY = agency_recipient(HOUSING, "City Housing Support")
SERVICES = "centre-services"
CARA = Viewer(9, "cg", JobRole.CALDICOTT_GUARDIAN, workplace_name="the local authority")


def named(**changes):
    """A consent naming City Housing Support (and not the in-centre team) unless changed."""
    return consent(**{"agency_ids": frozenset({HOUSING}), "in_centre_team": False, **changes})


# (id, rule, sender, subject, category, purpose, permitted, basis, reason fragment)
TABLE = [
    ("named-basic", "basis 2, consent box after ¶17", FAMILY_SUPPORT, child(consents=(named(),)), "basic", SERVICES,
     True, Basis.EXPLICIT_CONSENT, "naming City Housing Support"),
    ("named-sensitive", "basis 2, ¶17", FAMILY_SUPPORT, child(consents=(named(),)), "sensitive", SERVICES,
     True, Basis.EXPLICIT_CONSENT, "naming City Housing Support"),
    ("named-basic-only-no-sensitive", "¶17: sensitive needs consent that covers it", FAMILY_SUPPORT,
     child(consents=(named(sensitive_topics=frozenset()),)), "sensitive", SERVICES, False, None,
     "covers basic information only"),
    ("in-centre-never-covers-agency", "consent box after ¶17", FAMILY_SUPPORT,
     child(consents=(consent(),)), "basic", SERVICES, False, None, "never covers an external agency"),
    ("other-agency-named", "basis 2 in scope", FAMILY_SUPPORT,
     child(consents=(named(agency_ids=frozenset({JOBCENTRE})),)), "basic", SERVICES, False, None,
     "does not name City Housing Support"),
    ("wrong-purpose", "basis 2: a significant change in use needs fresh consent", HEALTH_VISITOR,
     child(consents=(named(purposes=frozenset({"healthcare"})),)), "basic", SERVICES, False, None,
     "significant change in use"),
    ("agency-does-not-work-for-healthcare", "purposes: healthcare is for health professionals", HEALTH_VISITOR,
     child(consents=(named(purposes=frozenset({"healthcare"})),)), "basic", "healthcare", False, None,
     "does not work for healthcare"),
    ("withdrawn-told-to-manager", "basis 2 active; reasons respect the viewer", MANAGER,
     child(consents=(named(withdrawn_at=NOW - dt.timedelta(days=1)),)), "basic", SERVICES, False, None,
     "withdrew consent"),
    ("withdrawn-redacted-for-fsw", "reasons respect the viewer", FAMILY_SUPPORT,
     child(consents=(named(withdrawn_at=NOW - dt.timedelta(days=1)),)), "basic", SERVICES, False, None,
     "No consent on record covers basic information for City Housing Support"),
    ("refused", "basis 2: a refusal is respected", MANAGER,
     child(consents=(named(decision="refused"),)), "basic", SERVICES, False, None, "refused consent"),
    ("implied-never", "basis 3: implied consent is never a basis outside health", FAMILY_SUPPORT,
     child(consents=(named(kind="implied"),)), "basic", SERVICES, False, None, "implied consent"),
    ("not-informed", "basis 2 informed", FAMILY_SUPPORT, child(consents=(named(informed=False),)), "basic", SERVICES,
     False, None, "not recorded as informed"),
    ("under-16-without-assessment", "¶16", FAMILY_SUPPORT,
     child(consents=(named(given_by_age_at_consent=15),)), "basic", SERVICES, False, None, "Fraser/Gillick"),
    ("no-consent-duty-of-care-does-not-extend", "basis 1 is for health professionals, not an agency",
     HEALTH_VISITOR, child(), "basic", SERVICES, False, None, "health duty of care and overrides never do"),
    ("override-does-not-extend", "basis 5 is personal to the practitioner", FAMILY_SUPPORT,
     child(overrides=(override(opened_by=FAMILY_SUPPORT.user_id),)), "basic", SERVICES, False, None,
     "No explicit consent names City Housing Support"),
    ("medical-override-does-not-extend", "basis 4 is personal to the health professional", HEALTH_VISITOR,
     child(overrides=(override(kind="medical_purpose", opened_by=HEALTH_VISITOR.user_id),)), "sensitive", SERVICES,
     False, None, "No explicit consent names City Housing Support"),
    ("agency-worker-cannot-refer", "only the centre's practitioners refer", HOUSING_OFFICER,
     child(consents=(named(),)), "basic", SERVICES, False, None, "Only the practitioners"),
    ("no-role-cannot-refer", "¶23", NO_ROLE, child(consents=(named(),)), "basic", SERVICES, False, None,
     "Only the practitioners"),
    ("other-centre-cannot-refer", "¶13 need to know", replace(FAMILY_SUPPORT, centre_id=2),
     child(consents=(named(),)), "basic", SERVICES, False, None, "Only the practitioners"),
    ("out-of-reach", "¶13 need to know", FAMILY_SUPPORT, child(consents=(named(),), reachable=False), "basic",
     SERVICES, False, None, "not a family of your centre"),
    ("monitoring-is-not-for-named-records", "¶13 minimum necessary", MANAGER,
     child(consents=(named(purposes=frozenset({"monitoring-evaluation"})),)), "basic", "monitoring-evaluation",
     False, None, "group figures"),
]


@pytest.mark.parametrize(
    ("sender", "subject", "category", "purpose", "permitted", "basis", "fragment"),
    [row[2:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_decision_table(sender, subject, category, purpose, permitted, basis, fragment):
    decision = decide_for_agency(sender, AGENCY, subject, Category(category), purpose, NOW)
    assert decision.permitted is permitted, decision.reason
    assert decision.basis == basis
    assert fragment in decision.reason


def test_the_duty_of_care_permits_the_health_visitor_but_not_the_agency():
    subject = child()
    assert decide(HEALTH_VISITOR, subject, Category.BASIC, "healthcare", NOW).basis == Basis.HEALTH_DUTY_OF_CARE
    assert not decide_for_agency(HEALTH_VISITOR, AGENCY, subject, Category.BASIC, SERVICES, NOW).permitted


def test_sensitive_topics_are_those_the_named_consent_covers():
    subject = child(consents=(named(sensitive_topics=frozenset({"breastfeeding"})),))
    decision = decide_for_agency(FAMILY_SUPPORT, AGENCY, subject, Category.SENSITIVE, SERVICES, NOW)
    assert decision.permitted and decision.topics == frozenset({"breastfeeding"})
    assert decision.consent_id == 100


def test_a_newer_withdrawal_naming_the_agency_wins():
    given = named(id=1, recorded_at=NOW - dt.timedelta(days=30))
    withdrawn = named(id=2, given_on=given.given_on, withdrawn_at=NOW - dt.timedelta(hours=2),
                      recorded_at=NOW - dt.timedelta(days=3))
    assert not decide_for_agency(MANAGER, AGENCY, child(consents=(given, withdrawn)), Category.BASIC, SERVICES,
                                 NOW).permitted


# --- The pack: what both sides permit, of what was asked --------------------------------------------


def _d(permitted: bool, category: Category, topics=(), reason="Because."):
    from sharing.policy import Decision

    return Decision(permitted, 1, category, SERVICES, reason, topics=frozenset(topics))


BASIC_OK, BASIC_NO = _d(True, Category.BASIC), _d(False, Category.BASIC, reason="No consent names it.")
PLAN_TABLE = [
    # (id, asked topics, agency basic, agency sensitive, sender basic, sender sensitive, basic?, topics, left out)
    ("evans-basic-only", ["lifestyle"], BASIC_OK, _d(False, Category.SENSITIVE, reason="Covers basic only."),
     BASIC_OK, _d(True, Category.SENSITIVE, ["lifestyle"]), True, set(), [("Lifestyle factors", "Covers basic only.")]),
    ("topic-not-covered", ["breastfeeding", "lifestyle"], BASIC_OK,
     _d(True, Category.SENSITIVE, ["breastfeeding"]), BASIC_OK,
     _d(True, Category.SENSITIVE, ["breastfeeding", "lifestyle"]), True, {"breastfeeding"},
     [("Lifestyle factors", "The consent naming City Housing Support does not cover lifestyle factors.")]),
    ("sender-may-not-see-it", ["breastfeeding"], BASIC_OK, _d(True, Category.SENSITIVE, ["breastfeeding"]),
     BASIC_OK, _d(False, Category.SENSITIVE, reason="Not yours."), True, set(),
     [("Breastfeeding", "It is not shared with you, so you cannot see or send it: Not yours.")]),
    ("nothing-without-basic", ["breastfeeding"], BASIC_NO, _d(True, Category.SENSITIVE, ["breastfeeding"]),
     BASIC_OK, _d(True, Category.SENSITIVE, ["breastfeeding"]), False, set(),
     [(BASIC_LABEL, "No consent names it."), ("Breastfeeding", f"{NEEDS_BASIC}.")]),
]


@pytest.mark.parametrize(
    ("topics", "agency_b", "agency_s", "sender_b", "sender_s", "basic", "sent", "left_out"),
    [row[1:] for row in PLAN_TABLE],
    ids=[row[0] for row in PLAN_TABLE],
)
def test_pack_plan(topics, agency_b, agency_s, sender_b, sender_s, basic, sent, left_out):
    left = [(what.split(" (")[0] if what != BASIC_LABEL else what, why) for what, why in left_out]
    plan = pack_plan(
        asked_basic=True, asked_topics=topics,
        to_agency={Category.BASIC: agency_b, Category.SENSITIVE: agency_s},
        to_sender={Category.BASIC: sender_b, Category.SENSITIVE: sender_s},
        agency_name="City Housing Support",
    )
    assert plan.basic is basic and plan.sendable is basic
    assert plan.topics == frozenset(sent)
    assert [(what.split(" (")[0] if what != BASIC_LABEL else what, why) for what, why in plan.left_out] == left


# --- Who may refer, see and answer -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("viewer", "refer", "see", "answer", "listing"),
    [
        (FAMILY_SUPPORT, True, True, False, True),
        (HEALTH_VISITOR, True, True, False, True),
        (MANAGER, True, True, False, True),
        (replace(FAMILY_SUPPORT, centre_id=2), False, False, False, True),
        (HOUSING_OFFICER, False, True, True, True),
        (replace(HOUSING_OFFICER, agency_id=JOBCENTRE), False, False, False, True),
        (CARA, False, False, False, False),
        (NO_ROLE, False, False, False, False),
        (Viewer(10, "data", JobRole.DATA_OFFICER, centre_id=1), False, False, False, False),
    ],
)
def test_who_may_refer_see_and_answer(viewer, refer, see, answer, listing):
    assert may_refer(viewer, 1) is refer
    assert may_see_referral(viewer, 1, HOUSING) is see
    assert may_respond_to_referral(viewer, HOUSING) is answer
    assert may_list_referrals(viewer) is listing
