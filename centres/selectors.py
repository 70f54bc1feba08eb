from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from centres.models import PartnerAgency, Service, StaffMembership


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
