"""Test data in one place: small helpers over the real services (no mocks of them).

They build through ``demo.builders``, the same functions the demo world uses.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from centres.models import Centre, JobRole
from centres.services import centre_create
from demo.builders import ALL_INFORMED, consent_from_mother, family_of_mother_and_child, staff_user, years_ago
from families.models import Family

__all__ = ["ALL_INFORMED", "centre", "explicit_consent", "family", "staff"]

_seq = itertools.count(1)


def centre(name: str | None = None, sectors=("NR9 9",)) -> Centre:
    return centre_create(name=name or f"Test Centre {next(_seq)}", postcode_sectors=list(sectors))


def staff(
    role: JobRole = JobRole.HEALTH_VISITOR, *, at: Centre | None = None, agency=None, username: str | None = None
):
    return staff_user(username=username or f"user{next(_seq)}", password="x", role=role, workplace=agency or at)


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
    return family_of_mother_and_child(
        registered_by=by,
        centre=centre,
        surname=surname,
        mother=first_name or f"Mum{n}",
        mother_dob=years_ago(today, mother_age_years),
        child=f"Kid{n}",
        child_dob=today - dt.timedelta(days=child_age_days),
        address_line_1=f"{n} Test Street",
        postcode=postcode,
    )


def explicit_consent(
    fam: Family, *, by, topics=("breastfeeding",), purposes=("healthcare", "centre-services"), agencies=(), **kwargs
):
    return consent_from_mother(fam, recorded_by=by, topics=topics, purposes=purposes, agencies=agencies, **kwargs)
