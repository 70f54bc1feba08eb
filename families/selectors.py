"""Reads for families. Anything shown to a user goes through ``sharing.gate`` instead."""
from __future__ import annotations

import datetime as dt

from django.db.models import Q

from families.models import Family, FamilyTransfer, Person, PersonKind


def possible_duplicates(
    *, first_name: str, last_name: str, date_of_birth: dt.date | None, postcode: str, kind: str
) -> list[Person]:
    """People who may be this person: same name and date of birth, or same child at the postcode."""
    if date_of_birth is None:
        return []
    condition = Q(
        first_name__iexact=first_name.strip(),
        last_name__iexact=last_name.strip(),
        date_of_birth=date_of_birth,
    )
    if kind == PersonKind.CHILD:
        condition |= Q(
            kind=PersonKind.CHILD,
            first_name__iexact=first_name.strip(),
            date_of_birth=date_of_birth,
            family__postcode=postcode,
        )
    return list(Person.objects.filter(condition).select_related("family"))


def family_by_registration_token(token) -> Family | None:
    return Family.objects.filter(registration_token=token).first() if token else None


def transfers_for_family(*, family_id: int) -> list[FamilyTransfer]:
    """A family's moves between centres, newest first, with the centres and who transferred it
    (issue 13), in one query."""
    return list(
        FamilyTransfer.objects.filter(family_id=family_id)
        .select_related("from_centre", "to_centre", "transferred_by")
        .order_by("-transferred_at", "-id")
    )
