from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from centres.models import Centre, PartnerAgency, StaffMembership


def membership_for(user: AbstractBaseUser) -> StaffMembership | None:
    """The user's job, cached on the user object for the length of the request."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_membership_cache", False)
    if cached is not False:
        return cached
    membership = (
        StaffMembership.objects.select_related("centre", "agency").filter(user=user).first()
    )
    user._membership_cache = membership
    return membership


def centre_list() -> list[Centre]:
    return list(Centre.objects.order_by("name"))


def agency_list() -> list[PartnerAgency]:
    return list(PartnerAgency.objects.order_by("name"))


def centre_for_postcode(postcode: str) -> Centre | None:
    """The centre whose reach area holds this postcode's sector (``NR1 1AB`` → ``NR1 1``)."""
    sector = postcode.strip().upper()[:-2].strip()
    return Centre.objects.filter(reach_areas__postcode_sector=sector).first()
