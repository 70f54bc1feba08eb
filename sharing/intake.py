"""Revealing early notifications (issue 14): decided by ``sharing.policy.may_see_notification``,
recorded in ``NotificationDisclosure`` in the same transaction as the page that shows them.

Before a notification is accepted there is no person in the centre's records, yet it names an
expectant family: it is person data, shown only to its sender and the centre's named contact.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from intake.models import EarlyNotification
from intake.vocabulary import NotificationState
from sharing.access import NOT_FOUND
from sharing.loading import viewer_for
from sharing.models import NotificationDisclosure
from sharing.policy import may_see_notification

# The lists show the newest notifications decided; every pending one is always listed.
DECIDED_SHOWN = 50


@dataclass(frozen=True)
class NotificationLists:
    incoming: list[EarlyNotification]  # to the viewer's centre, as its named contact
    sent: list[EarlyNotification]  # sent by the viewer


def _record(user: AbstractBaseUser, shown: list[tuple[EarlyNotification, str]], context: str) -> None:
    if not shown:
        return
    at = timezone.now()
    NotificationDisclosure.objects.bulk_create(
        NotificationDisclosure(at=at, viewer_id=user.pk, notification_id=n.pk, basis=basis, context=context)
        for n, basis in shown
    )


def notification_for(user: AbstractBaseUser, pk: int, *, context: str = "page:notification") -> EarlyNotification:
    """The notification, if the policy lets this user see it (recorded); otherwise 404, the same
    page as a number that does not exist."""
    viewer = viewer_for(user)
    notification = (
        EarlyNotification.objects.select_related("centre", "sent_by", "decision").filter(pk=pk).first()
        if viewer.has_practitioner_role
        else None
    )
    basis = (
        may_see_notification(viewer, sender_id=notification.sent_by_id, centre_id=notification.centre_id)
        if notification is not None
        else None
    )
    if basis is None:
        raise Http404(NOT_FOUND)
    _record(user, [(notification, basis)], context)
    return notification


def notification_lists(user: AbstractBaseUser, *, context: str = "page:notifications") -> NotificationLists:
    """Incoming (for the named contact: every pending one, then the newest decided) and sent."""
    viewer = viewer_for(user)
    if not viewer.has_practitioner_role:
        return NotificationLists(incoming=[], sent=[])
    base = EarlyNotification.objects.select_related("centre", "decision")
    incoming: list[EarlyNotification] = []
    centre_id = viewer.notification_contact_for
    if centre_id is not None:
        incoming = list(
            base.filter(centre_id=centre_id).filter(
                Q(state=NotificationState.PENDING)
                | Q(pk__in=EarlyNotification.objects.filter(centre_id=centre_id)
                    .exclude(state=NotificationState.PENDING)
                    .order_by("-sent_at", "-id")
                    .values("pk")[:DECIDED_SHOWN])
            )
        )
    sent = list(base.filter(sent_by_id=viewer.user_id)[:DECIDED_SHOWN]) if viewer.user_id else []
    shown: dict[int, tuple[EarlyNotification, str]] = {}
    for notification in incoming + sent:
        basis = may_see_notification(viewer, sender_id=notification.sent_by_id, centre_id=notification.centre_id)
        if basis is not None:
            shown.setdefault(notification.pk, (notification, basis))
    _record(user, list(shown.values()), context)
    return NotificationLists(
        incoming=[n for n in incoming if n.pk in shown], sent=[n for n in sent if n.pk in shown]
    )
