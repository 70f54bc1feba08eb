"""Reads for sharing: access explanations, the disclosure log, the review queue."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from centres.vocabulary import JobRole
from families.models import Family, Person
from sharing import policy
from sharing.disclose import DUPLICATE_CHECK, decisions_for
from sharing.loading import viewer_for
from sharing.models import Disclosure, Override
from sharing.policy import Decision, Viewer, default_purpose_for, purpose_text
from sharing.vocabulary import Category, ReviewerRole


def access_explanations(
    *,
    user: AbstractBaseUser,
    reference: str,
    categories: Sequence[Category] = (Category.BASIC, Category.SENSITIVE),
    purpose: str | None = None,
    within_centre_id: int | None = None,
) -> list[dict]:
    """The decision for each category, as plain data (explain_access and "check access").

    It says whether, on what basis and why — never the person's details themselves. A
    reference that does not exist is answered like one outside the viewer's reach.
    """
    viewer = viewer_for(user)
    purpose = purpose or default_purpose_for(viewer)
    people = Person.objects.select_related("family").filter(reference=reference)
    if within_centre_id is not None:
        # A manager's "check access" page answers for their own centre's families only.
        people = people.filter(family__centre_id=within_centre_id)
    person = people.first()
    rows = []
    for category in categories:
        if person is None:
            decision = Decision(False, 0, Category(category), purpose,
                                f"Not shared: {reference} is not a person you can reach.")
        else:
            decision = decisions_for(user, [person], category, purpose, viewer=viewer)[person.pk]
        rows.append(
            {
                "user": user.get_username(),
                "subject": reference,
                "category": Category(category).value,
                "purpose": purpose,
                "permitted": decision.permitted,
                "basis": decision.basis.value if decision.basis else None,
                "basis_label": decision.basis.label if decision.basis else "",
                "purpose_label": purpose_text(purpose),
                "reason": decision.reason,
                "consent": decision.consent_id,
                "override": decision.override_id,
            }
        )
    return rows


def duplicate_probes(*, centre_id: int, since: dt.date) -> list[dict]:
    """Duplicate checks by the centre's staff that found someone outside their reach, per
    practitioner and day (issue 9): a registration form must not become a way to ask "is this
    person registered anywhere?" unnoticed."""
    return list(
        Disclosure.objects.filter(
            viewer_centre_id=centre_id, context=DUPLICATE_CHECK, permitted=False, at__date__gte=since
        )
        .annotate(day=TruncDate("at"))
        .values("viewer__username", "viewer__first_name", "viewer__last_name", "day")
        .annotate(probes=Count("id"))
        .order_by("-day", "viewer__username")
    )


def disclosures_for_family(*, family_id: int) -> QuerySet[Disclosure]:
    return (
        Disclosure.objects.filter(subject__family_id=family_id)
        .select_related("viewer", "subject", "purpose", "viewer_centre", "viewer_agency", "recipient_agency")
        .order_by("-at", "-id")
    )


def _routed_to(viewer: Viewer) -> Q | None:
    """The overrides routed to this viewer for review (issue 9 items 6 and 10; the rule itself is
    ``sharing.policy.may_review_override``): a manager's centre's overrides routed to managers, or
    for the Caldicott Guardian every override routed to them; never their own. None: no queue."""
    if not policy.may_review_overrides(viewer):
        return None
    if viewer.role == JobRole.CALDICOTT_GUARDIAN:
        routed = Q(review_by=ReviewerRole.CALDICOTT_GUARDIAN)
    else:
        routed = Q(review_by=ReviewerRole.CENTRE_MANAGER, centre_id=viewer.centre_id)
    return routed & ~Q(opened_by_id=viewer.user_id)


def routed_overrides(viewer: Viewer) -> QuerySet[Override]:
    routed = _routed_to(viewer)
    return Override.objects.filter(routed) if routed is not None else Override.objects.none()


def review_queue(*, viewer: Viewer) -> QuerySet[Override]:
    """Overrides routed to the viewer that they have not reviewed yet (POLICY.md basis 4 and 5)."""
    return (
        routed_overrides(viewer)
        .filter(review__isnull=True)
        .select_related("opened_by", "subject", "subject__family", "approval", "end")
        .order_by("opened_at", "id")
    )


def review_queue_count(*, viewer: Viewer) -> int:
    """How many items wait in the viewer's queue, for their start page (issue 9 item 10)."""
    return routed_overrides(viewer).filter(review__isnull=True).count()


def reviewed_overrides(*, viewer: Viewer) -> QuerySet[Override]:
    return (
        routed_overrides(viewer)
        .filter(review__isnull=False)
        .select_related("opened_by", "subject", "review", "review__reviewed_by")
        .order_by("-opened_at", "-id")
    )


def overrides_over_limit(*, viewer: Viewer, days: int = 7) -> list[dict]:
    """Who at the viewer's centre (every centre, for the Caldicott Guardian) opened more overrides
    in a day than the limit, over the last ``days`` days (issue 9 item 6). One query."""
    if not policy.may_review_overrides(viewer):
        return []
    since = timezone.now() - dt.timedelta(days=days)
    rows = Override.objects.filter(opened_at__gte=since)
    if viewer.role != JobRole.CALDICOTT_GUARDIAN:
        rows = rows.filter(centre_id=viewer.centre_id)
    limit = settings.SHARING_OVERRIDE_OPEN_LIMIT
    rows = (
        rows.annotate(day=TruncDate("opened_at", tzinfo=timezone.get_current_timezone()))
        .values("opened_by__username", "opened_by__first_name", "opened_by__last_name", "day")
        .annotate(opened=Count("id"))
        .filter(opened__gt=limit)
        .order_by("-day", "opened_by__username")
    )
    return [
        {
            "username": r["opened_by__username"],
            "name": f"{r['opened_by__first_name']} {r['opened_by__last_name']}".strip(),
            "day": r["day"],
            "opened": r["opened"],
            "limit": limit,
        }
        for r in rows
    ]


def override_for_reviewer(*, viewer: Viewer, pk: int) -> Override | None:
    """The override, if it is routed to the viewer (else None, answered as 404)."""
    return (
        routed_overrides(viewer)
        .select_related("opened_by", "subject", "subject__family", "review", "approval", "end")
        .filter(pk=pk)
        .first()
    )


def override_for_ender(*, viewer: Viewer, pk: int) -> Override | None:
    """The override, if the viewer may end it early: its opener or its reviewer (issue 9 item 10)."""
    override = (
        Override.objects.select_related("subject", "subject__family", "opened_by", "approval", "end")
        .filter(pk=pk)
        .first()
    )
    if override is None or not policy.may_end_override(
        viewer, override.centre_id, override.review_by, override.opened_by_id
    ):
        return None
    return override


def family_routed_to(*, viewer: Viewer, reference: str) -> Family | None:
    """A family one of whose people has an override routed to the viewer: its "who has seen" page
    is theirs to open, wherever it is (issue 9 item 10, the Caldicott Guardian included)."""
    routed = _routed_to(viewer)
    if routed is None:
        return None
    return (
        Family.objects.select_related("centre")
        .filter(reference=reference, people__overrides__in=Override.objects.filter(routed))
        .distinct()
        .first()
    )


def override_disclosures(*, override_id: int) -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(override_id=override_id).select_related("viewer").order_by("at")


def active_overrides_for(user: AbstractBaseUser) -> QuerySet[Override]:
    """The user's own overrides that are open now or wait for approval (ended ones are gone)."""
    now = timezone.now()
    return Override.objects.filter(
        opened_by=user, opened_at__lte=now, expires_at__gt=now, end__isnull=True
    ).select_related("subject", "approval")


def disclosures_by_override(override_ids: list[int]) -> dict[int, list[Disclosure]]:
    """What was revealed under each override, for the review queue (one query)."""
    grouped: dict[int, list[Disclosure]] = {}
    for row in Disclosure.objects.filter(override_id__in=override_ids).select_related("viewer").order_by("at", "id"):
        grouped.setdefault(row.override_id, []).append(row)
    return grouped


RECENT_FAMILIES = 5
RECENT_SCAN = 200  # the viewer's newest family-page disclosures read to find them (one page view writes a few)


def recently_viewed_families(*, viewer_id: int, limit: int = RECENT_FAMILIES) -> list[tuple[str, dt.datetime]]:
    """The families whose page this user opened most recently (issue 13), from their own disclosure
    log: one query on the (viewer, at) index, bounded; family references only, so nothing about a
    person is revealed (a name would be a new reveal, decided afresh on the family page)."""
    rows = (
        Disclosure.objects.filter(viewer_id=viewer_id, context="page:family", permitted=True)
        .order_by("-at", "-id")
        .values_list("subject__family__reference", "at")[:RECENT_SCAN]
    )
    seen: dict[str, dt.datetime] = {}
    for reference, at in rows:
        if reference not in seen:
            seen[reference] = at
            if len(seen) == limit:
                break
    return list(seen.items())
