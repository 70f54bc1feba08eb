"""Builders shared by the demo world and the test factories: plain functions over the real services.

Each builds one thing the way the forms would, so that the demo world and the tests cannot drift
apart: a member of staff with their job, a family of one carer and one child, a consent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser

from centres.models import Centre, JobRole, PartnerAgency
from centres.services import staff_membership_set
from consent.models import INFORMED_POINTS, Consent, ConsentDecision, ConsentKind, ConsentMethod, Purpose
from consent.services import consent_record
from families.models import Family, Relationship
from families.services import CarerInput, ChildInput, family_register

# Every point of ¶15 explained: what makes an explicit consent informed.
ALL_INFORMED = dict.fromkeys(INFORMED_POINTS, True)


def years_ago(today: dt.date, years: int, extra_days: int = 0) -> dt.date:
    """The same day ``years`` years before ``today`` (28 February for 29 February), less ``extra_days``."""
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return day - dt.timedelta(days=extra_days)


def staff_user(
    *,
    username: str,
    password: str,
    role: JobRole,
    workplace: Centre | PartnerAgency | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> AbstractBaseUser:
    """A user with one job: ``role`` at a centre or for a partner agency (which gives their reach)."""
    user = get_user_model().objects.create_user(
        username=username, password=password, first_name=first_name, last_name=last_name, email=email
    )
    staff_membership_set(
        user=user,
        role=role,
        centre=workplace if isinstance(workplace, Centre) else None,
        agency=workplace if isinstance(workplace, PartnerAgency) else None,
    )
    return user


def family_of_mother_and_child(
    *,
    registered_by: AbstractBaseUser,
    centre: Centre,
    surname: str,
    mother: str,
    mother_dob: dt.date,
    child: str,
    child_dob: dt.date,
    address_line_1: str,
    postcode: str,
    town: str = "Norwich",
    reference: str | None = None,
    today: dt.date | None = None,
) -> Family:
    """Register a family of a mother (registered carer with parental responsibility) and one child."""
    return family_register(
        reference=reference,
        registered_by=registered_by,
        centre=centre,
        address_line_1=address_line_1,
        town=town,
        postcode=postcode,
        carers=[CarerInput(mother, surname, mother_dob, Relationship.MOTHER, True)],
        children=[ChildInput(child, surname, child_dob)],
        confirmed_not_duplicate=True,
        today=today,
    )


def consent_from_mother(
    family: Family,
    *,
    recorded_by: AbstractBaseUser,
    topics: Iterable[str],
    purposes: Iterable[str],
    agencies: Iterable[PartnerAgency] = (),
    decision: ConsentDecision = ConsentDecision.GIVEN,
    kind: ConsentKind = ConsentKind.EXPLICIT,
    method: ConsentMethod | str = ConsentMethod.WRITTEN,
    informed: dict[str, bool] = ALL_INFORMED,
    **kwargs,
) -> Consent:
    """A consent decision by the mother (``-P1``) for everyone in the family, for the in-centre team.

    By default explicit, written consent given and informed on every point. It covers basic
    information, the sensitive ``topics`` and the in-centre team (and ``agencies``), for the
    ``purposes`` (slugs). Other keywords (``given_on``, ``review_on``, ``capacity_assessment`` …)
    go to ``consent_record``.
    """
    return consent_record(
        family=family,
        given_by=family.people.get(reference__endswith="-P1"),
        subjects=list(family.people.all()),
        decision=decision,
        kind=kind,
        recorded_by=recorded_by,
        covers_basic=True,
        sensitive_topics=topics,
        in_centre_team=True,
        agencies=agencies,
        purposes=list(Purpose.objects.filter(slug__in=purposes)),
        method=method,
        informed=informed,
        **kwargs,
    )
