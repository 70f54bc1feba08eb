"""Reads for sharing: access explanations, the disclosure log, the review queue."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from families.models import Person
from sharing.disclose import DUPLICATE_CHECK, decisions_for
from sharing.loading import viewer_for
from sharing.models import Disclosure, Override
from sharing.policy import Decision, default_purpose_for, purpose_text
from sharing.vocabulary import Category


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
        .select_related("viewer", "subject", "purpose", "viewer_centre", "viewer_agency")
        .order_by("-at", "-id")
    )


def review_queue(*, centre_id: int) -> QuerySet[Override]:
    """Overrides at the centre that no manager has reviewed yet (POLICY.md basis 4 and 5)."""
    return (
        Override.objects.filter(centre_id=centre_id, review__isnull=True)
        .select_related("opened_by", "subject")
        .order_by("opened_at", "id")
    )


def reviewed_overrides(*, centre_id: int) -> QuerySet[Override]:
    return (
        Override.objects.filter(centre_id=centre_id, review__isnull=False)
        .select_related("opened_by", "subject", "review", "review__reviewed_by")
        .order_by("-opened_at", "-id")
    )


def override_disclosures(*, override_id: int) -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(override_id=override_id).select_related("viewer").order_by("at")


def active_overrides_for(user: AbstractBaseUser) -> QuerySet[Override]:
    now = timezone.now()
    return Override.objects.filter(opened_by=user, opened_at__lte=now, expires_at__gt=now).select_related("subject")


def disclosures_by_override(override_ids: list[int]) -> dict[int, list[Disclosure]]:
    """What was revealed under each override, for the review queue (one query)."""
    grouped: dict[int, list[Disclosure]] = {}
    for row in Disclosure.objects.filter(override_id__in=override_ids).select_related("viewer").order_by("at", "id"):
        grouped.setdefault(row.override_id, []).append(row)
    return grouped
