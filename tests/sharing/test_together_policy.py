"""Decision tables for working together around a child (issue 15; sharing/policy/together.py).

Pure: plain facts, no database. Each row cites its rule.
"""
from __future__ import annotations

import datetime as dt

import pytest

from centres.models import JobRole
from families.vocabulary import SensitiveTopic
from sharing.policy import (
    ASSESSMENT_CONSENT_NEEDED,
    Decision,
    Viewer,
    assessment_start,
    casework_shown,
    involvement_outlined,
    involvement_shown,
    may_complete_action,
    may_work_together,
)
from sharing.vocabulary import Basis, Category
from tests.sharing.test_policy import (
    FAMILY_SUPPORT,
    HEALTH_VISITOR,
    HOUSING_OFFICER,
    MANAGER,
    NO_ROLE,
    NOW,
    TODAY,
    consent,
)
from tests.sharing.test_policy import carer as carer_facts
from tests.sharing.test_policy import child as child_facts

A = SensitiveTopic.ASSESSMENT
OTHER_CENTRE = Viewer(9, "fsw2", JobRole.FAMILY_SUPPORT_WORKER, centre_id=2, workplace_name="Hillview")
CARDIAN = Viewer(10, "cg", JobRole.CALDICOTT_GUARDIAN)
NEEDED = ASSESSMENT_CONSENT_NEEDED.split(".")[0]
YESTERDAY = NOW - dt.timedelta(days=1)

# (id, rule, viewer, subject, permitted, reason fragment)
START = [
    ("consent-names-assessment", "issue 15: only with explicit, informed consent to the assessment",
     FAMILY_SUPPORT, child_facts(consents=(consent(sensitive_topics=frozenset({A})),)), True,
     "consent to the assessment"),
    ("consent-to-every-topic", "issue 15 (the Adams family)",
     FAMILY_SUPPORT, child_facts(consents=(consent(),)), True, "given by X-P1"),
    ("no-consent", "issue 15: voluntary, only with consent",
     FAMILY_SUPPORT, child_facts(), False, NEEDED),
    ("consent-without-the-assessment-topic", "issue 15: the consent names the assessment topic",
     FAMILY_SUPPORT,
     child_facts(consents=(consent(sensitive_topics=frozenset({SensitiveTopic.BREASTFEEDING})),)), False, NEEDED),
    ("basic-only-consent", "issue 15 (the Evans family)",
     FAMILY_SUPPORT, child_facts(consents=(consent(sensitive_topics=frozenset()),)), False, NEEDED),
    ("implied-consent", "¶15 implied-consent box: never a basis",
     FAMILY_SUPPORT, child_facts(consents=(consent(kind="implied"),)), False, "implied consent is never a basis"),
    ("refused-after-consent-manager-told", "a refusal is respected; POLICY.md the newest decision counts",
     MANAGER, child_facts(consents=(consent(), consent(id=101, decision="refused", given_on=TODAY,
                                                     recorded_at=NOW))), False, "refused consent"),
    ("refused-fsw-not-told-what-family-decided", "POLICY.md reasons respect the viewer",
     FAMILY_SUPPORT, child_facts(consents=(consent(decision="refused"),)), False, NEEDED),
    ("withdrawn", "a withdrawal is respected at once",
     MANAGER, child_facts(consents=(consent(withdrawn_at=YESTERDAY),)), False, "withdrew consent"),
    ("not-informed", "¶15–¶17: consent counts only if informed",
     FAMILY_SUPPORT, child_facts(consents=(consent(informed=False),)), False, "not recorded as informed"),
    ("teen-without-capacity-assessment", "¶16 Fraser/Gillick",
     FAMILY_SUPPORT, child_facts(consents=(consent(given_by_age_at_consent=15),)), False, "capacity"),
    ("wrong-purpose", "a significant change in use needs fresh consent",
     FAMILY_SUPPORT, child_facts(consents=(consent(purposes=frozenset({"healthcare"})),)), False,
     "significant change in use"),
    ("health-visitor-for-healthcare", "the viewer's usual purpose",
     HEALTH_VISITOR, child_facts(consents=(consent(purposes=frozenset({"healthcare"})),)), True, "given by X-P1"),
    ("in-centre-consent-never-covers-an-agency", "consent box after ¶17",
     HOUSING_OFFICER, child_facts(consents=(consent(),)), False, "Only practitioners of the family's centre"),
    ("other-centre", "¶13 need to know: casework is the family's centre's",
     OTHER_CENTRE, child_facts(consents=(consent(),)), False, "Only practitioners of the family's centre"),
    ("caldicott-guardian", "the Caldicott Guardian reaches no family",
     CARDIAN, child_facts(consents=(consent(),)), False, "Only practitioners of the family's centre"),
    ("no-role", "¶23: no role, no person data",
     NO_ROLE, child_facts(consents=(consent(),)), False, "Only practitioners of the family's centre"),
    ("out-of-reach", "¶13",
     FAMILY_SUPPORT, child_facts(reachable=False, consents=(consent(),)), False, "Only practitioners"),
    ("unborn-baby", "issue 15: a child's or unborn baby's needs",
     FAMILY_SUPPORT, child_facts(date_of_birth=None, consents=(consent(),)), True, "given by X-P1"),
    ("a-parent-is-not-assessed", "issue 15: the CAF assesses a child",
     FAMILY_SUPPORT, carer_facts(consents=(consent(),)), False, "neither"),
    ("consent-dated-in-the-future", "a decision takes effect when it was made",
     FAMILY_SUPPORT, child_facts(consents=(consent(given_on=TODAY + dt.timedelta(days=2)),)), False, "takes effect"),
]


@pytest.mark.parametrize("row", START, ids=[row[0] for row in START])
def test_whether_an_assessment_may_be_started(row):
    _id, _rule, viewer, subject, permitted, fragment = row
    decision = assessment_start(viewer, subject, NOW)
    assert decision.permitted is permitted, decision.reason
    assert fragment in decision.reason
    if permitted:
        assert decision.basis is Basis.EXPLICIT_CONSENT and decision.consent_id is not None
        assert decision.topics == frozenset({A})
    else:
        assert decision.consent_id is None


def _decision(permitted: bool, category: Category, topics=frozenset()) -> Decision:
    return Decision(permitted, 1, category, "centre-services", "r", topics=frozenset(topics))


BASIC_YES, BASIC_NO = _decision(True, Category.BASIC), _decision(False, Category.BASIC)
SAFEGUARDING = SensitiveTopic.SAFEGUARDING
# (id, basic, sensitive, service topic, shown, outlined)
INVOLVEMENT = [
    ("ordinary-service-with-basic", BASIC_YES, None, "", True, False),
    ("ordinary-service-without-basic", BASIC_NO, None, "", False, False),
    ("sensitive-service-topic-opened", BASIC_YES, _decision(True, Category.SENSITIVE, {SAFEGUARDING}), SAFEGUARDING,
     True, False),
    ("sensitive-service-other-topic-only", BASIC_YES, _decision(True, Category.SENSITIVE, {A}), SAFEGUARDING,
     False, True),
    ("sensitive-service-sensitive-denied", BASIC_YES, _decision(False, Category.SENSITIVE), SAFEGUARDING, False, True),
    ("sensitive-service-not-decided", BASIC_YES, None, SAFEGUARDING, False, True),
    ("sensitive-service-without-basic", BASIC_NO, _decision(True, Category.SENSITIVE, {SAFEGUARDING}), SAFEGUARDING,
     False, False),
]


@pytest.mark.parametrize("row", INVOLVEMENT, ids=[row[0] for row in INVOLVEMENT])
def test_whether_an_involvement_is_shown_outlined_or_absent(row):
    """¶17: the involvement of a sensitive service is sensitive information; anyone else who may see
    the child's basic information reads only that another service is involved."""
    _id, basic, sensitive, topic, shown, outlined = row
    assert involvement_shown(basic, sensitive, topic) is shown
    assert involvement_outlined(basic, sensitive, topic) is outlined


def test_assessments_and_meetings_are_shown_only_where_the_assessment_topic_is_opened():
    assert casework_shown(_decision(True, Category.SENSITIVE, {A}))
    assert not casework_shown(_decision(True, Category.SENSITIVE, {SensitiveTopic.BREASTFEEDING}))
    assert not casework_shown(_decision(False, Category.SENSITIVE, {A}))
    assert not casework_shown(None)


@pytest.mark.parametrize(
    "viewer, centre_id, may",
    [(FAMILY_SUPPORT, 1, True), (HEALTH_VISITOR, 1, True), (MANAGER, 1, True), (OTHER_CENTRE, 1, False),
     (HOUSING_OFFICER, 1, False), (CARDIAN, 1, False), (NO_ROLE, 1, False), (CARDIAN, None, False)],
)
def test_who_does_casework_for_a_family(viewer, centre_id, may):
    assert may_work_together(viewer, centre_id) is may


def test_only_the_owner_marks_an_action_done():
    assert may_complete_action(FAMILY_SUPPORT, FAMILY_SUPPORT.user_id)
    assert not may_complete_action(MANAGER, FAMILY_SUPPORT.user_id)
    assert not may_complete_action(NO_ROLE.__class__(None, "", None), 1)
