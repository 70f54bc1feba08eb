"""Writes for centres, agencies and staff. Reach moves with the job (¶23: access follows role)."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from centres.models import Centre, JobRole, PartnerAgency, ReachArea, Service, StaffMembership

User = get_user_model()

SUPERUSER_HAS_NO_ROLE = (
    "A system administrator cannot also have a practitioner role. Give the practitioner their own account."
)


@transaction.atomic
def centre_create(
    *, name: str, postcode_sectors: list[str], address: str = "", phone: str = "", email: str = ""
) -> Centre:
    slug = slugify(name)
    group, _ = Group.objects.get_or_create(name=f"centre:{slug}")
    centre = Centre(name=name, slug=slug, group=group, address=address, phone=phone, email=email)
    centre.full_clean()
    centre.save()
    for sector in postcode_sectors:
        area = ReachArea(centre=centre, postcode_sector=sector.upper())
        area.full_clean()
        area.save()
    return centre


NOTIFICATION_CONTACT_ELSEWHERE = "The named contact for early notifications must work at this centre"


def centre_notification_contact_set(*, centre: Centre, user: User | None) -> Centre:
    """Name who receives the centre's early notifications (leaflet, maternity section, step 5).

    They must work at the centre: the notifications are person data for the centre alone.
    """
    if user is not None and not StaffMembership.objects.filter(user=user, centre=centre).exists():
        raise ValidationError(NOTIFICATION_CONTACT_ELSEWHERE)
    centre.notification_contact = user
    centre.save(update_fields=["notification_contact"])  # save(): a change the admin and auditlog see
    return centre


@transaction.atomic
def agency_create(*, name: str) -> PartnerAgency:
    slug = slugify(name)
    group, _ = Group.objects.get_or_create(name=f"agency:{slug}")
    agency = PartnerAgency(name=name, slug=slug, group=group)
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def staff_membership_set(
    *,
    user: User,
    role: JobRole,
    centre: Centre | None = None,
    agency: PartnerAgency | None = None,
) -> StaffMembership:
    """Give a user their job. Moving a user moves their reach: the old workplace's group goes."""
    if user.is_superuser:
        # ¶23: no one both administers the system and sees families' records.
        raise ValidationError(SUPERUSER_HAS_NO_ROLE)
    membership = StaffMembership.objects.filter(user=user).first() or StaffMembership(user=user)
    old_group = membership.workplace_group if membership.pk else None
    membership.role = role
    membership.centre = centre
    membership.agency = agency
    # The model's check constraints say where each role works: a centre, an agency, or — the
    # Caldicott Guardian only (issue 9 item 6) — the local authority, with no group and no reach.
    membership.full_clean()
    membership.save()
    new_group = membership.workplace_group
    if old_group is not None and old_group != new_group:
        user.groups.remove(old_group)
    if new_group is not None:
        user.groups.add(new_group)
    return membership


@transaction.atomic
def staff_membership_end(*, user: User) -> None:
    """The user leaves: no membership, no group, so no reach."""
    membership = StaffMembership.objects.filter(user=user).first()
    if membership is None:
        return
    if membership.workplace_group is not None:
        user.groups.remove(membership.workplace_group)
    membership.delete()


def user_sessions_end(*, user: User, keep_session_key: str | None = None) -> int:
    """End every database session of this user but, if given, the one they are using now
    (deactivation, sign out everywhere, a changed password, a reset second factor).

    Sessions are keyed by a random id and hold the user id only inside their encoded data, so
    each live one is decoded.
    """
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep_session_key:
            continue
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def user_deactivate(*, user: User) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])
    user_sessions_end(user=user)


def service_create(*, name: str, organisation: str = "", sensitive_topic: str = "") -> Service:
    """A service that may work with children (issue 15); ``sensitive_topic`` flags its involvement
    as sensitive information (¶17). Administrators keep the list in the admin."""
    service = Service(name=name, organisation=organisation, sensitive_topic=sensitive_topic)
    service.full_clean()
    service.save()
    return service
