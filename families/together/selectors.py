"""Reads for working together around a child. What is shown about a person goes through the gate
(``sharing.together``), which calls these with the subjects and topics the decisions permit."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery

from families.together.models import Assessment, Involvement, LeadProfessional, Meeting, MeetingAction


def _newest_lead() -> Subquery:
    return Subquery(
        LeadProfessional.objects.filter(family_id=OuterRef("family_id")).order_by("-set_at", "-id").values("pk")[:1]
    )


def lead_professionals(family_id: int) -> list[LeadProfessional]:
    """The family's lead professionals, newest (the one now) first, with who set each."""
    return list(
        LeadProfessional.objects.filter(family_id=family_id)
        .select_related("practitioner__membership__centre", "practitioner__membership__agency", "set_by")
        .order_by("-set_at", "-id")
    )


def lead_professional(family_id: int) -> LeadProfessional | None:
    return (
        LeadProfessional.objects.filter(family_id=family_id)
        .select_related("practitioner__membership__centre", "practitioner__membership__agency", "set_by")
        .order_by("-set_at", "-id")
        .first()
    )


def families_led_by(user: AbstractBaseUser) -> list[tuple[int, str]]:
    """(family id, reference) of the families whose lead professional is ``user`` now."""
    return list(
        LeadProfessional.objects.filter(practitioner=user)
        .annotate(newest=_newest_lead())
        .filter(pk=F("newest"))
        .order_by("family__reference")
        .values_list("family_id", "family__reference")
    )


def involvements(condition: Q) -> QuerySet[Involvement]:
    """Current involvements (not ended) matching ``condition``, with their service and practitioner."""
    return (
        Involvement.objects.filter(condition, end__isnull=True)
        .select_related("service", "practitioner__membership__centre", "practitioner__membership__agency")
        .order_by("since", "id")
    )


def outlined_subjects(subject_ids: Iterable[int], shown: Q) -> set[int]:
    """Of these subjects, those with a current involvement of a sensitive service not among ``shown``:
    only the subject ids leave the database."""
    return set(
        Involvement.objects.filter(subject_id__in=list(subject_ids), end__isnull=True)
        .exclude(service__sensitive_topic="")
        .exclude(service__isnull=True)
        .exclude(shown)
        .order_by()
        .values_list("subject_id", flat=True)
        .distinct()
    )


def assessments(subject_ids: Iterable[int]) -> list[Assessment]:
    return list(Assessment.objects.filter(subject_id__in=list(subject_ids)).select_related("started_by"))


def meetings(subject_ids: Iterable[int]) -> list[Meeting]:
    return list(
        Meeting.objects.filter(subject_id__in=list(subject_ids))
        .select_related("recorded_by")
        .prefetch_related(
            "practitioners", "family_present",
            Prefetch(
                "actions", queryset=MeetingAction.objects.select_related("owner", "done").order_by("due_on", "id")
            ),
        )
    )


def actions_for(user: AbstractBaseUser, led_family_ids: Iterable[int], today: dt.date) -> list[MeetingAction]:
    """Open actions the user owns, and overdue open actions in the families they lead (issue 15)."""
    condition = Q(owner=user)
    led = list(led_family_ids)
    if led:
        condition |= Q(meeting__family_id__in=led, due_on__lt=today)
    return list(
        MeetingAction.objects.filter(condition, done__isnull=True)
        .select_related("owner", "meeting__subject", "meeting__family")
        .order_by("due_on", "id")
    )
