"""Registering and editing families (issue 3): validation, duplicates, double submits, locking."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from auditlog import get_logentry_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from families import validators
from families.models import CarerLink, Family, Person, Relationship
from families.services import (
    CarerInput,
    ChildInput,
    PossibleDuplicateError,
    StaleEditError,
    family_register,
    family_update,
)
from tests import factories

LogEntry = get_logentry_model()

TODAY = timezone.localdate()


@pytest.fixture
def riverside(db):
    return factories.centre("Riverside Test", sectors=["NR1 1"])


@pytest.fixture
def hv(riverside):
    return factories.staff(at=riverside)


def register(hv, riverside, **overrides):
    kwargs = dict(
        registered_by=hv,
        centre=riverside,
        address_line_1="1 Lane",
        town="Norwich",
        postcode="nr11ab",
        carers=[CarerInput("Nora", "North", dt.date(1995, 5, 1), Relationship.MOTHER, True)],
        children=[ChildInput("Ned", "North", TODAY - dt.timedelta(weeks=6))],
    )
    kwargs.update(overrides)
    return family_register(**kwargs)


def test_register_creates_people_links_references_and_reach(hv, riverside):
    family = register(hv, riverside)
    assert family.reference == "RIV100" and family.postcode == "NR1 1AB"
    assert sorted(family.people.values_list("reference", flat=True)) == ["RIV100-C1", "RIV100-P1"]
    link = CarerLink.objects.get()
    assert link.parental_responsibility and link.relationship == Relationship.MOTHER
    assert hv.has_perm("families.view_family", family)


def test_references_are_the_centres_next_number_not_the_name(hv, riverside):
    register(hv, riverside)
    other = register(
        hv,
        riverside,
        carers=[CarerInput("Nina", "Norton", dt.date(1990, 1, 1), Relationship.MOTHER, True)],
        children=[ChildInput("Nat", "Norton", TODAY - dt.timedelta(days=30))],
    )
    assert other.reference == "RIV101" and other.people.filter(reference="RIV101-C1").exists()


def test_dates_of_birth_and_ages_are_checked(hv, riverside):
    with pytest.raises(ValidationError, match="today or in the past"):
        register(hv, riverside, children=[ChildInput("Ned", "North", TODAY + dt.timedelta(days=1))])
    with pytest.raises(ValidationError, match="under 5"):
        register(hv, riverside, children=[ChildInput("Ned", "North", TODAY.replace(year=TODAY.year - 5))])
    with pytest.raises(ValidationError, match="10 months"):
        register(hv, riverside, children=[ChildInput("", "North", due_date=TODAY + dt.timedelta(days=330))])
    with pytest.raises(ValidationError, match=validators.NO_CARER):
        register(hv, riverside, carers=[])
    assert not Family.objects.exists()


def test_expected_baby_with_due_date(hv, riverside):
    family = register(hv, riverside, children=[ChildInput("", "North", due_date=TODAY + dt.timedelta(days=100))])
    baby = family.people.get(reference="RIV100-C1")
    assert baby.is_expected and baby.due_date


def test_possible_duplicates_need_a_deliberate_choice(hv, riverside):
    register(hv, riverside)
    with pytest.raises(PossibleDuplicateError) as error:
        register(hv, riverside, postcode="NR1 2CD")
    assert {p.reference for p in error.value.matches} == {"RIV100-C1", "RIV100-P1"}
    assert Family.objects.count() == 1
    register(hv, riverside, postcode="NR1 2CD", confirmed_not_duplicate=True)
    assert Family.objects.count() == 2


def test_same_child_at_same_postcode_is_a_possible_duplicate(hv, riverside):
    register(hv, riverside)
    with pytest.raises(PossibleDuplicateError):
        register(
            hv,
            riverside,
            carers=[CarerInput("Ola", "Other", dt.date(1990, 1, 1), Relationship.FATHER, True)],
            children=[ChildInput("Ned", "Other", TODAY - dt.timedelta(weeks=6))],
        )


def test_double_submit_creates_one_family(hv, riverside):
    token = uuid.uuid4()
    first = register(hv, riverside, registration_token=token)
    second = register(hv, riverside, registration_token=token)
    assert first.pk == second.pk and Family.objects.count() == 1 and Person.objects.count() == 2


def test_edit_keeps_history_and_refuses_stale_versions(hv, riverside):
    family = register(hv, riverside)
    fields = dict(address_line_1="2 New Road", address_line_2="", town="Norwich", postcode="NR1 1CD")
    updated = family_update(family=family, expected_version=1, **fields)
    assert updated.version == 2 and updated.address_line_1 == "2 New Road"
    with pytest.raises(StaleEditError):
        family_update(family=family, expected_version=1, **{**fields, "address_line_1": "3 Lost Road"})
    family.refresh_from_db()
    assert family.address_line_1 == "2 New Road"
    changes = LogEntry.objects.get_for_object(family).filter(action=LogEntry.Action.UPDATE)
    assert changes.count() == 1 and "address_line_1" in changes.get().changes_dict


def test_person_details_can_be_corrected_with_history_and_locking(hv, riverside):
    from families.services import person_update

    family = register(hv, riverside)
    child = family.people.get(reference__endswith="C1")
    updated = person_update(
        person=child,
        expected_family_version=1,
        first_name="Neddy",
        last_name="North",
        date_of_birth=child.date_of_birth,
    )
    assert updated.first_name == "Neddy"
    family.refresh_from_db()
    assert family.version == 2
    with pytest.raises(StaleEditError):
        person_update(person=child, expected_family_version=1, first_name="Lost", last_name="North", date_of_birth=None)
    child.refresh_from_db()
    assert child.first_name == "Neddy"
    assert LogEntry.objects.get_for_object(child).filter(action=LogEntry.Action.UPDATE).count() == 1


def test_an_expected_baby_is_born(hv, riverside):
    from families.services import person_update

    family = register(hv, riverside, children=[ChildInput("", "North", due_date=TODAY + dt.timedelta(days=10))])
    baby = family.people.get(reference__endswith="C1")
    born = person_update(
        person=baby, expected_family_version=1, first_name="Nell", last_name="North", date_of_birth=TODAY
    )
    assert born.date_of_birth == TODAY and not born.is_expected
