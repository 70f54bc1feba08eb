"""Who may reset whose second factor: a pure rule, like the capability checks in ``sharing.policy``.

It is about staff accounts, not about anyone's information, so it lives with the accounts; views
ask it and never look at roles themselves.
"""
from __future__ import annotations

from dataclasses import dataclass

from centres.models import JobRole


@dataclass(frozen=True)
class Actor:
    """Just enough about the person asking: are they an administrator, or a manager, and where."""

    user_id: int
    is_superuser: bool
    role: str | None
    centre_id: int | None


@dataclass(frozen=True)
class Target:
    user_id: int
    is_active: bool
    centre_id: int | None


def may_reset_second_factors(actor: Actor) -> bool:
    """Administrators may, for anyone; centre managers may, for their own centre's staff."""
    return actor.is_superuser or (actor.role == JobRole.CENTRE_MANAGER and actor.centre_id is not None)


def may_reset_second_factor_of(actor: Actor, target: Target) -> bool:
    if actor.user_id == target.user_id:
        # Nobody recovers their own account: a second person confirms who is asking (V6.4.x).
        return False
    if not target.is_active:
        return False
    if actor.is_superuser:
        return True
    return may_reset_second_factors(actor) and target.centre_id == actor.centre_id
