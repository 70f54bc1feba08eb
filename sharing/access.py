"""Getting at an object, or being told no: the 404 and 403 of every page that shows a person.

An object the user cannot reach answers 404 — the same page as a reference that does not exist,
so a URL never confirms that someone is registered. A reachable object the role may not act on
answers 403.
"""
from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from centres.models import Centre
from families.models import Family, Person
from sharing.loading import viewer_for
from sharing.policy import Viewer, capable
from sharing.reach import families_reached_through_people, reachable_people
from sharing.vocabulary import Capability

NOT_FOUND = "Page not found"


def family_for(user: AbstractBaseUser, reference: str) -> Family:
    """The family, if the user can reach it (or someone in it); otherwise 404."""
    family = (
        families_reached_through_people(user).select_related("centre").filter(reference=reference).first()
        if viewer_for(user).has_practitioner_role
        else None
    )
    if family is None:
        raise Http404(NOT_FOUND)
    return family


def person_for(user: AbstractBaseUser, reference: str) -> Person:
    person = reachable_people(user).select_related("family", "family__centre").filter(reference=reference).first()
    if person is None:
        raise Http404(NOT_FOUND)
    return person


def centres_for(user: AbstractBaseUser, capability: Capability) -> list[Centre]:
    """The centres where the policy lets the user do this, by name (one query): a manager's own
    centre, every centre for someone who looks across them (the Caldicott Guardian's figures)."""
    viewer = viewer_for(user)
    return [c for c in Centre.objects.order_by("name") if capable(viewer, capability, c.pk)]


def allowed(user: AbstractBaseUser, capability: Capability, centre_id: int | None = None) -> bool:
    return capable(viewer_for(user), capability, centre_id)


def require(user: AbstractBaseUser, capability: Capability, centre_id: int | None = None) -> Viewer:
    """The viewer, if the policy lets them do this; otherwise 403 (the page exists, the act is not theirs)."""
    viewer = viewer_for(user)
    if not capable(viewer, capability, centre_id):
        raise PermissionDenied
    return viewer
