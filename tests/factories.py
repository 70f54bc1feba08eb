"""Test data in one place: small helpers over the real services (no mocks of them)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from centres.models import Centre, JobRole
from centres.services import centre_create, staff_membership_set
from consent.models import INFORMED_POINTS, ConsentDecision, ConsentMethod, Purpose
from consent.services import consent_record
from families.models import Family, Relationship
from families.services import CarerInput, ChildInput, family_register

_seq = itertools.count(1)
ALL_INFORMED = dict.fromkeys(INFORMED_POINTS, True)


def centre(name: str | None = None, sectors=("NR9 9",)) -> Centre:
    return centre_create(name=name or f"Test Centre {next(_seq)}", postcode_sectors=list(sectors))


def staff(
    role: JobRole = JobRole.HEALTH_VISITOR, *, at: Centre | None = None, agency=None, username: str | None = None
):
    user = get_user_model().objects.create_user(username=username or f"user{next(_seq)}", password="x")
    staff_membership_set(user=user, role=role, centre=None if agency else at, agency=agency)
    return user


def family(
    *,
    by,
    centre: Centre,
    surname: str = "Test",
    child_age_days: int = 100,
    mother_age_years: int = 30,
    postcode: str = "NR9 9AA",
    first_name: str | None = None,
) -> Family:
    today = timezone.localdate()
    n = next(_seq)
    return family_register(
        registered_by=by,
        centre=centre,
        address_line_1=f"{n} Test Street",
        town="Norwich",
        postcode=postcode,
        carers=[
            CarerInput(
                first_name or f"Mum{n}",
                surname,
                today.replace(year=today.year - mother_age_years),
                Relationship.MOTHER,
                True,
            )
        ],
        children=[ChildInput(f"Kid{n}", surname, today - dt.timedelta(days=child_age_days))],
        confirmed_not_duplicate=True,
    )


def explicit_consent(
    fam: Family, *, by, topics=("breastfeeding",), purposes=("healthcare", "centre-services"), agencies=(), **kwargs
):
    mother = fam.people.get(reference__endswith="-P1")
    subjects = list(fam.people.all())
    return consent_record(
        family=fam,
        given_by=mother,
        subjects=subjects,
        decision=ConsentDecision.GIVEN,
        recorded_by=by,
        covers_basic=True,
        sensitive_topics=topics,
        in_centre_team=True,
        agencies=agencies,
        purposes=list(Purpose.objects.filter(slug__in=purposes)),
        method=ConsentMethod.WRITTEN,
        informed=kwargs.pop("informed", ALL_INFORMED),
        **kwargs,
    )
