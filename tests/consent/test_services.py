"""Consent (issue 3, POLICY.md basis 1-3): what may be recorded, and that history is whole."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from centres.models import JobRole
from consent import services
from consent.models import (
    CapacityAssessmentKind,
    CapacityOutcome,
    Consent,
    ConsentDecision,
    ConsentWithdrawal,
    Objection,
    ObjectionWithdrawal,
    Purpose,
)
from consent.selectors import consents_due_for_review
from consent.vocabulary import ObjectionWithdrawalMethod
from sharing.gate import decisions_for
from sharing.vocabulary import Category
from tests import factories

TODAY = timezone.localdate()


@pytest.fixture
def world(db):
    centre = factories.centre("Consent Centre")
    hv = factories.staff(at=centre)
    fsw = factories.staff(JobRole.FAMILY_SUPPORT_WORKER, at=centre)
    family = factories.family(by=hv, centre=centre, surname="Quinn")
    return centre, hv, fsw, family


def test_explicit_consent_without_informed_checklist_is_refused(world):
    _, hv, _, family = world
    with pytest.raises(ValidationError) as error:
        factories.explicit_consent(family, by=hv, informed={"explained_why": True})
    assert services.CONSENT_NOT_INFORMED in error.value.message_dict["informed"]
    assert not Consent.objects.exists()


def test_refusal_needs_no_checklist_and_is_recorded(world):
    _, hv, _, family = world
    consent = services.consent_record(
        family=family,
        given_by=family.people.get(reference__endswith="P1"),
        subjects=list(family.people.all()),
        decision=ConsentDecision.REFUSED,
        recorded_by=hv,
        covers_basic=True,
        in_centre_team=True,
        purposes=Purpose.objects.all(),
    )
    assert consent.decision == "refused" and consent.review_on is None


def test_under_16_needs_a_capacity_assessment(db):
    centre = factories.centre("Teen Centre")
    hv = factories.staff(at=centre)
    family = factories.family(by=hv, centre=centre, surname="Young", mother_age_years=15)
    with pytest.raises(ValidationError) as error:
        factories.explicit_consent(family, by=hv)
    assert services.CONSENT_NEEDS_CAPACITY in error.value.message_dict["capacity_assessment"]
    mother = family.people.get(reference__endswith="P1")
    lacking = services.capacity_assessment_record(
        person=mother,
        kind=CapacityAssessmentKind.FRASER_GILLICK,
        assessed_by="HV",
        assessed_on=TODAY,
        outcome=CapacityOutcome.LACKS_CAPACITY,
        recorded_by=hv,
    )
    with pytest.raises(ValidationError):
        factories.explicit_consent(family, by=hv, capacity_assessment=lacking)
    competent = services.capacity_assessment_record(
        person=mother,
        kind=CapacityAssessmentKind.FRASER_GILLICK,
        assessed_by="HV",
        assessed_on=TODAY,
        outcome=CapacityOutcome.HAS_CAPACITY,
        recorded_by=hv,
    )
    assert factories.explicit_consent(family, by=hv, capacity_assessment=competent).pk


def test_capacity_in_doubt_needs_an_assessment(world):
    _, hv, _, family = world
    with pytest.raises(ValidationError):
        factories.explicit_consent(family, by=hv, capacity_in_doubt=True)


def test_only_parental_responsibility_can_consent_for_a_child(world):
    _, hv, _, family = world
    family.people.get(reference__endswith="P1").children_links.update(parental_responsibility=False)
    with pytest.raises(ValidationError, match="parental responsibility"):
        factories.explicit_consent(family, by=hv)


def test_withdrawal_takes_effect_immediately_and_keeps_history(world):
    _, hv, fsw, family = world
    consent = factories.explicit_consent(family, by=hv)
    child = family.people.get(reference__endswith="C1")
    assert decisions_for(fsw, [child], Category.SENSITIVE)[child.pk].permitted
    services.consent_withdraw(consent=consent, recorded_by=hv, reason="Changed her mind")
    decision = decisions_for(fsw, [child], Category.SENSITIVE)[child.pk]
    # The family support worker is told what is missing, not that the family withdrew (issue 9).
    assert not decision.permitted and "withdrew" not in decision.reason and "ask a health visitor" in decision.reason
    assert "withdrew" in decisions_for(hv, [child], Category.SENSITIVE)[child.pk].reason
    assert (
        Consent.objects.filter(pk=consent.pk).exists() and ConsentWithdrawal.objects.get().reason == "Changed her mind"
    )
    with pytest.raises(ValidationError, match="already been withdrawn"):
        services.consent_withdraw(consent=consent, recorded_by=hv)


def test_withdrawal_cannot_be_dated_in_the_future(world):
    _, hv, _, family = world
    consent = factories.explicit_consent(family, by=hv)
    with pytest.raises(ValidationError):
        services.consent_withdraw(consent=consent, recorded_by=hv, withdrawn_at=timezone.now() + dt.timedelta(days=1))


def test_new_version_supersedes_without_editing(world):
    _, hv, fsw, family = world
    first = factories.explicit_consent(family, by=hv, topics=())
    second = factories.explicit_consent(family, by=hv, topics=("breastfeeding",), supersedes=first)
    first.refresh_from_db()
    assert first.sensitive_topics == [] and second.supersedes_id == first.pk
    with pytest.raises(ValidationError, match="newer version"):
        factories.explicit_consent(family, by=hv, supersedes=first)
    child = family.people.get(reference__endswith="C1")
    assert decisions_for(fsw, [child], Category.SENSITIVE)[child.pk].consent_id == second.pk


def test_review_date_defaults_to_a_year_and_due_list(world):
    centre, hv, _, family = world
    consent = factories.explicit_consent(family, by=hv, given_on=TODAY - dt.timedelta(days=400))
    assert consent.review_on == services.add_months(consent.given_on, 12)
    assert list(consents_due_for_review(centre_id=centre.pk, on=TODAY)) == [consent]
    services.consent_withdraw(consent=consent, recorded_by=hv)
    assert not consents_due_for_review(centre_id=centre.pk, on=TODAY).exists()


def test_objection_blocks_health_duty_of_care(world):
    _, hv, _, family = world
    child = family.people.get(reference__endswith="C1")
    assert decisions_for(hv, [child], Category.BASIC)[child.pk].permitted
    services.objection_record(
        family=family, made_by=family.people.get(reference__endswith="P1"), subjects=[child], recorded_by=hv
    )
    decision = decisions_for(hv, [child], Category.BASIC)[child.pk]
    assert not decision.permitted and "objected" in decision.reason


def test_implied_consent_is_recorded_but_never_enough_for_sensitive(world):
    _, hv, fsw, family = world
    consent = factories.explicit_consent(family, by=hv, kind="implied", informed={})
    child = family.people.get(reference__endswith="C1")
    assert consent.kind == "implied"
    assert not decisions_for(hv, [child], Category.SENSITIVE)[child.pk].permitted
    assert not decisions_for(fsw, [child], Category.BASIC)[child.pk].permitted


def test_add_months_handles_month_ends():
    assert services.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert services.add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert services.add_months(dt.date(2026, 11, 27), -11) == dt.date(2025, 12, 27)


def test_a_later_refusal_ends_agency_reach_and_a_later_consent_restores_it(world):
    from centres.services import agency_create
    from sharing.reach import reachable_people

    _, hv, _, family = world
    housing = agency_create(name="Test Housing")
    officer = factories.staff(JobRole.EXTERNAL_PRACTITIONER, agency=housing)
    child = family.people.get(reference__endswith="C1")
    mother = family.people.get(reference__endswith="P1")
    factories.explicit_consent(family, by=hv, agencies=[housing], given_on=TODAY - dt.timedelta(days=10))
    assert reachable_people(officer).filter(pk=child.pk).exists()
    services.consent_record(
        family=family,
        given_by=mother,
        subjects=[mother, child],
        decision=ConsentDecision.REFUSED,
        recorded_by=hv,
        covers_basic=True,
        agencies=[housing],
        purposes=Purpose.objects.all(),
        given_on=TODAY - dt.timedelta(days=1),
    )
    assert not reachable_people(officer).filter(pk=child.pk).exists()
    assert not decisions_for(officer, [child], Category.BASIC)[child.pk].permitted
    factories.explicit_consent(family, by=hv, agencies=[housing], given_on=TODAY)
    assert reachable_people(officer).filter(pk=child.pk).exists()


def test_dates_must_make_sense(world):
    _, hv, _, family = world
    with pytest.raises(ValidationError) as error:
        factories.explicit_consent(family, by=hv, review_on=TODAY - dt.timedelta(days=1))
    assert services.REVIEW_BEFORE_GIVEN in error.value.message_dict["review_on"]
    consent = factories.explicit_consent(family, by=hv, given_on=TODAY - dt.timedelta(days=5))
    with pytest.raises(ValidationError) as error:
        services.consent_withdraw(consent=consent, recorded_by=hv, withdrawn_at=timezone.now() - dt.timedelta(days=30))
    assert services.WITHDRAWAL_BEFORE_GIVEN in error.value.message_dict["withdrawn_at"]


def test_only_current_explicit_consent_can_be_withdrawn(world):
    _, hv, _, family = world
    implied = factories.explicit_consent(family, by=hv, kind="implied", informed={})
    with pytest.raises(ValidationError, match="Only explicit consent"):
        services.consent_withdraw(consent=implied, recorded_by=hv)
    first = factories.explicit_consent(family, by=hv)
    factories.explicit_consent(family, by=hv, supersedes=first)
    with pytest.raises(ValidationError, match="newer version"):
        services.consent_withdraw(consent=first, recorded_by=hv)


def test_objection_errors_name_the_objector_field(world):
    _, hv, _, family = world
    mother = family.people.get(reference__endswith="P1")
    mother.children_links.update(parental_responsibility=False)
    with pytest.raises(ValidationError) as error:
        services.objection_record(family=family, made_by=mother, subjects=list(family.people.all()), recorded_by=hv)
    assert "cannot object for" in error.value.message_dict["subjects"][0]


def test_a_withdrawn_consent_cannot_be_replaced_and_versions_move_forward(world):
    _, hv, _, family = world
    withdrawn = factories.explicit_consent(family, by=hv, given_on=TODAY - dt.timedelta(days=20))
    services.consent_withdraw(consent=withdrawn, recorded_by=hv)
    with pytest.raises(ValidationError, match="cannot be replaced"):
        factories.explicit_consent(family, by=hv, supersedes=withdrawn)
    current = factories.explicit_consent(family, by=hv, given_on=TODAY - dt.timedelta(days=5))
    with pytest.raises(ValidationError) as error:
        factories.explicit_consent(family, by=hv, supersedes=current, given_on=TODAY - dt.timedelta(days=6))
    assert services.NEW_VERSION_BEFORE_OLD in error.value.message_dict["given_on"]


def test_a_withdrawal_is_not_an_objection_unless_the_family_says_so(world):
    """POLICY.md "Decisions taken since": the health duty of care goes on after a withdrawal."""
    _, hv, _, family = world
    child = family.people.get(reference__endswith="C1")
    consent = factories.explicit_consent(family, by=hv)
    services.consent_withdraw(consent=consent, recorded_by=hv)
    basic = decisions_for(hv, [child], Category.BASIC)[child.pk]
    assert basic.permitted and basic.basis == "health_duty_of_care"
    assert not Objection.objects.exists()


def test_a_withdrawal_with_an_objection_ends_the_duty_of_care(world):
    _, hv, _, family = world
    child = family.people.get(reference__endswith="C1")
    consent = factories.explicit_consent(family, by=hv)
    services.consent_withdraw(consent=consent, recorded_by=hv, also_objects=True)
    objection = Objection.objects.get()
    assert set(objection.subjects.all()) == set(consent.subjects.all()) and objection.made_by == consent.given_by
    basic = decisions_for(hv, [child], Category.BASIC)[child.pk]
    assert not basic.permitted and "objected" in basic.reason


def test_a_refusal_may_carry_an_objection(world):
    _, hv, _, family = world
    child = family.people.get(reference__endswith="C1")
    factories.explicit_consent(family, by=hv, decision=ConsentDecision.REFUSED, informed={}, also_objects=True)
    assert Objection.objects.filter(subjects=child).exists()
    assert not decisions_for(hv, [child], Category.BASIC)[child.pk].permitted


@pytest.mark.parametrize("days_ahead", [1, 365 * 36])
def test_an_objection_cannot_be_dated_in_the_future(world, days_ahead):
    """Issue 9: an objection dated 2062 was saved and did nothing."""
    _, hv, _, family = world
    mother = family.people.get(reference__endswith="P1")
    with pytest.raises(ValidationError) as error:
        services.objection_record(
            family=family, made_by=mother, subjects=[mother], recorded_by=hv,
            made_at=timezone.now() + dt.timedelta(days=days_ahead),
        )
    assert error.value.message_dict == {"made_at": [services.OBJECTION_IN_FUTURE]}
    assert not Objection.objects.exists()


def test_dates_before_1900_are_refused(world):
    _, hv, _, family = world
    mother = family.people.get(reference__endswith="P1")
    with pytest.raises(ValidationError) as error:
        services.privacy_notice_record(family=family, given_on=dt.date(1899, 12, 31), recorded_by=hv)
    assert "after 1 January 1900" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.capacity_assessment_record(
            person=mother, kind="fraser_gillick", assessed_by="Dr A", assessed_on=dt.date(1850, 1, 1),
            outcome="has_capacity", recorded_by=hv,
        )
    assert "after 1 January 1900" in str(error.value)
    with pytest.raises(ValidationError, match="after the person's date of birth"):
        services.capacity_assessment_record(
            person=mother, kind="fraser_gillick", assessed_by="Dr A",
            assessed_on=mother.date_of_birth - dt.timedelta(days=1), outcome="has_capacity", recorded_by=hv,
        )
# --- Issue 9 item 5: an objection can be lifted ------------------------------------------------------


def _objection(family, hv, days_ago=10):
    mother = family.people.get(reference__endswith="P1")
    return services.objection_record(
        family=family, made_by=mother, subjects=list(family.people.all()), recorded_by=hv,
        made_at=timezone.now() - dt.timedelta(days=days_ago),
    )


def test_a_withdrawn_objection_no_longer_stops_the_duty_of_care(world):
    _, hv, _, family = world
    child, mother = family.people.get(reference__endswith="C1"), family.people.get(reference__endswith="P1")
    objection = _objection(family, hv)
    assert not decisions_for(hv, [child], Category.BASIC)[child.pk].permitted
    withdrawal = services.objection_withdraw(
        objection=objection, withdrawn_by=mother, method=ObjectionWithdrawalMethod.PHONE, recorded_by=hv
    )
    for person in (child, mother):
        decision = decisions_for(hv, [person], Category.BASIC)[person.pk]
        assert decision.permitted and decision.basis == "health_duty_of_care"
    # A new row; the objection itself is untouched, and the history keeps both.
    assert Objection.objects.get(pk=objection.pk).made_at == objection.made_at
    assert withdrawal.objection_id == objection.pk and withdrawal.recorded_by == hv


def test_only_objections_not_withdrawn_count(world):
    _, hv, _, family = world
    child, mother = family.people.get(reference__endswith="C1"), family.people.get(reference__endswith="P1")
    first = _objection(family, hv, days_ago=20)
    _objection(family, hv, days_ago=5)
    services.objection_withdraw(
        objection=first, withdrawn_by=mother, method=ObjectionWithdrawalMethod.IN_PERSON, recorded_by=hv
    )
    decision = decisions_for(hv, [child], Category.BASIC)[child.pk]
    assert not decision.permitted and "objected" in decision.reason


@pytest.mark.parametrize(
    "when, message",
    [
        (dt.timedelta(days=1), services.OBJECTION_WITHDRAWAL_IN_FUTURE),
        (-dt.timedelta(days=11), services.OBJECTION_WITHDRAWAL_BEFORE_MADE),
    ],
)
def test_objection_withdrawal_dates_must_make_sense(world, when, message):
    _, hv, _, family = world
    objection = _objection(family, hv, days_ago=10)
    with pytest.raises(ValidationError) as error:
        services.objection_withdraw(
            objection=objection, withdrawn_by=objection.made_by, method=ObjectionWithdrawalMethod.WRITING,
            recorded_by=hv, withdrawn_at=timezone.now() + when,
        )
    assert message in error.value.message_dict["withdrawn_at"]
    assert not ObjectionWithdrawal.objects.exists()


def test_an_objection_is_withdrawn_once_by_someone_who_may_speak_for_everyone_it_covers(world):
    _, hv, _, family = world
    objection = _objection(family, hv)
    mother = objection.made_by
    mother.children_links.update(parental_responsibility=False)
    with pytest.raises(ValidationError, match="cannot withdraw this objection for"):
        services.objection_withdraw(
            objection=objection, withdrawn_by=mother, method=ObjectionWithdrawalMethod.PHONE, recorded_by=hv
        )
    mother.children_links.update(parental_responsibility=True)
    services.objection_withdraw(
        objection=objection, withdrawn_by=mother, method=ObjectionWithdrawalMethod.PHONE, recorded_by=hv
    )
    with pytest.raises(ValidationError, match=services.OBJECTION_ALREADY_WITHDRAWN):
        services.objection_withdraw(
            objection=objection, withdrawn_by=mother, method=ObjectionWithdrawalMethod.PHONE, recorded_by=hv
        )
    assert ObjectionWithdrawal.objects.count() == 1
