"""Reads for signing in and for the manager's second-factor page."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Exists, OuterRef, QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.rules import Actor, Target
from centres.selectors import membership_for

User = get_user_model()


def display_name(user: AbstractBaseUser | None) -> str:
    """A member of staff as pages name them: their full name, else their username ("" for none)."""
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def has_authenticator(*, user: AbstractBaseUser) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(*, user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def actor_for(user: AbstractBaseUser) -> Actor:
    membership = membership_for(user)
    return Actor(
        user_id=user.pk,
        is_superuser=bool(user.is_superuser),
        role=membership.role if membership else None,
        centre_id=membership.centre_id if membership else None,
    )


def target_for(user: AbstractBaseUser) -> Target:
    membership = getattr(user, "membership", None)
    return Target(user_id=user.pk, is_active=user.is_active, centre_id=membership.centre_id if membership else None)


def staff_for_second_factor_reset(*, actor: Actor) -> QuerySet:
    """The accounts whose second factor this actor may reset, with whether each has one set up.

    One query whatever the length (the ``has_authenticator`` annotation), ordered by username.
    """
    staff = User.objects.filter(is_active=True).exclude(pk=actor.user_id)
    if not actor.is_superuser:
        staff = staff.filter(membership__centre_id=actor.centre_id)
    return (
        staff.select_related("membership", "membership__centre", "membership__agency")
        .annotate(has_authenticator=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .order_by("username")
    )
