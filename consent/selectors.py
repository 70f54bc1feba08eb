"""Reads for consent. Consent records name people, so pages show them through the gate."""
from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet

from consent.models import Consent, ConsentDecision, ConsentKind, Purpose


def consent_history(*, family_id: int) -> QuerySet[Consent]:
    """Every version of every consent for a family, newest first, with what it depends on."""
    return (
        Consent.objects.filter(family_id=family_id)
        .select_related("given_by", "withdrawal", "capacity_assessment", "supersedes", "recorded_by")
        .prefetch_related("subjects", "agencies", "purposes")
        .annotate(is_superseded=Exists(Consent.objects.filter(supersedes=OuterRef("pk"))))
        .order_by("-recorded_at", "-id")
    )


def consents_due_for_review(*, centre_id: int, on: dt.date) -> QuerySet[Consent]:
    """Current, given, explicit consents at the centre whose review date has come (basis 2)."""
    return (
        Consent.objects.filter(
            family__centre_id=centre_id,
            kind=ConsentKind.EXPLICIT,
            decision=ConsentDecision.GIVEN,
            withdrawal__isnull=True,
            superseded_by__isnull=True,
            review_on__lte=on,
        )
        .select_related("family", "given_by")
        .order_by("review_on", "id")
    )


def purpose_list() -> QuerySet[Purpose]:
    return Purpose.objects.order_by("id")
