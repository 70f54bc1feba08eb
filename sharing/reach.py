"""Reach: may this user get at this family or person at all (¶13 need to know)?

django-guardian holds the grants (issue 5): a centre's group holds ``view_family`` on its
families; a partner agency's group holds ``view_person`` on the subjects whose active consent
names it. Reach is asked per object as an ``EXISTS`` on guardian's direct-foreign-key tables
(an index lookup for that object and the user's groups), and lists join through the same
condition — never by materialising everything the user may see. Global permissions and
superuser status never reach a family.
"""
from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from centres.selectors import membership_for
from families.models import (
    Family,
    FamilyGroupObjectPermission,
    FamilyUserObjectPermission,
    Person,
    PersonGroupObjectPermission,
    PersonUserObjectPermission,
)


def _holds(user: AbstractBaseUser, group_table, user_table, codename: str, obj: OuterRef) -> Q:
    groups = user.groups.through.objects.filter(user_id=user.pk).values("group_id")
    permission = {"permission__codename": codename, "permission__content_type__app_label": "families"}
    return Q(
        Exists(group_table.objects.filter(content_object=obj, group_id__in=groups, **permission))
    ) | Q(Exists(user_table.objects.filter(content_object=obj, user_id=user.pk, **permission)))


def _may_reach(user: AbstractBaseUser) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and membership_for(user) is not None)


def family_reach(user: AbstractBaseUser, family: str = "pk") -> Q:
    """The condition "the user's centre holds ``view_family`` on the family at ``family``"."""
    return _holds(user, FamilyGroupObjectPermission, FamilyUserObjectPermission, "view_family", OuterRef(family))


def person_reach(user: AbstractBaseUser) -> Q:
    """The condition on a Person: their family is the centre's, or their agency consent names them."""
    return family_reach(user, "family_id") | _holds(
        user, PersonGroupObjectPermission, PersonUserObjectPermission, "view_person", OuterRef("pk")
    )


def reachable_families(user: AbstractBaseUser) -> QuerySet[Family]:
    """Families the user's centre holds ``view_family`` on."""
    if not _may_reach(user):
        return Family.objects.none()
    return Family.objects.filter(family_reach(user))


def reachable_people(user: AbstractBaseUser) -> QuerySet[Person]:
    """Every person the user can reach: their centre's families, or the subjects named to their agency."""
    if not _may_reach(user):
        return Person.objects.none()
    return Person.objects.filter(person_reach(user))


def families_reached_through_people(user: AbstractBaseUser) -> QuerySet[Family]:
    """Families in which the user reaches someone (an external practitioner reaches people, not families)."""
    if not _may_reach(user):
        return Family.objects.none()
    named = Person.objects.filter(family_id=OuterRef("pk")).filter(
        _holds(user, PersonGroupObjectPermission, PersonUserObjectPermission, "view_person", OuterRef("pk"))
    )
    return Family.objects.filter(family_reach(user) | Q(Exists(named)))
