from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from centres.models import PartnerAgency, StaffMembership


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


def health_visitors_at(centre_id: int):
    """The active health visitors of a centre, by name (who may be a family's named health visitor)."""
    from django.contrib.auth import get_user_model

    from centres.vocabulary import JobRole

    return (
        get_user_model().objects.filter(
            is_active=True, membership__role=JobRole.HEALTH_VISITOR, membership__centre_id=centre_id
        ).order_by("first_name", "last_name", "username")
    )
