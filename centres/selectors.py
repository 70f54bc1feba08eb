from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from centres.models import Centre, PartnerAgency, ReachArea, Service, StaffMembership


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


def agency_list() -> list[PartnerAgency]:
    return list(PartnerAgency.objects.order_by("name"))


def centre_staff(centre_id: int) -> list:
    """The active practitioners of a centre, by name: who may be a lead professional, attend a team
    meeting or own an action (issue 15)."""
    return list(
        get_user_model()
        .objects.filter(membership__centre_id=centre_id, is_active=True)
        .select_related("membership")
        .order_by("first_name", "last_name", "username")
    )


def service_list() -> list[Service]:
    return list(Service.objects.order_by("name"))


def health_visitors_at(centre_id: int):
    """The active health visitors of a centre, by name (who may be a family's named health visitor)."""
    from django.contrib.auth import get_user_model

    from centres.vocabulary import JobRole

    return (
        get_user_model().objects.filter(
            is_active=True, membership__role=JobRole.HEALTH_VISITOR, membership__centre_id=centre_id
        ).order_by("first_name", "last_name", "username")
    )
def postcode_sector(postcode: str) -> str:
    """``NR3 1AB`` → ``NR3 1``: the outward code and the sector digit of a normalised postcode."""
    outward, _, inward = postcode.strip().upper().partition(" ")
    return f"{outward} {inward[:1]}" if inward else outward


def centre_for_postcode(postcode: str) -> Centre | None:
    """The centre whose reach area holds this postcode, or None when no centre's does (issue 13).

    One lookup on the unique sector index, whatever the number of centres."""
    area = ReachArea.objects.select_related("centre").filter(postcode_sector=postcode_sector(postcode)).first()
    return area.centre if area is not None else None


def centres_other_than(centre_id: int) -> list[Centre]:
    """The centres a family of this centre could move to."""
    return list(Centre.objects.exclude(pk=centre_id).order_by("name"))
