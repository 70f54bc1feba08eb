"""Reads for consent. Consent records name people, so pages show them through the gate."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import BigIntegerField, CharField, Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from config.aggregates import joined_subquery, split_ids, split_words
from consent.decisions import ConsentFacts
from consent.models import Consent, ConsentDecision, ConsentKind, Objection, Purpose
from families.models import FamilyTransfer
from families.vocabulary import PersonKind, age_on


def consent_history(*, family_id: int) -> QuerySet[Consent]:
    """Every version of every consent for a family, newest first, with what it depends on."""
    return (
        Consent.objects.filter(family_id=family_id)
        .select_related("given_by", "withdrawal", "capacity_assessment", "supersedes", "recorded_by")
        .prefetch_related("subjects", "agencies", "purposes")
        .annotate(
            is_superseded=Exists(Consent.objects.filter(supersedes=OuterRef("pk"))),
            team_centre_name=team_centre("name"),
        )
        .order_by("-recorded_at", "-id")
    )


def with_links(consents: QuerySet[Consent]) -> QuerySet[Consent]:
    """Consent rows with what the rules need, in one query: who gave it, its withdrawal and
    assessment, whether a newer version replaced it, and the ids of its people, agencies and
    purposes (``subject_id_list`` etc.), so that deciding costs no query per relation."""
    return consents.select_related("given_by", "withdrawal", "capacity_assessment", "supersedes").annotate(
        is_superseded=Exists(Consent.objects.filter(supersedes=OuterRef("pk"))),
        subject_id_list=joined_subquery(Consent.subjects.through.objects.all(), "consent", "person_id"),
        agency_id_list=joined_subquery(Consent.agencies.through.objects.all(), "consent", "partneragency_id"),
        purpose_slug_list=joined_subquery(Consent.purposes.through.objects.all(), "consent", "purpose__slug"),
        team_centre_id=team_centre(),
        team_centre_name=team_centre("name"),
    )


def team_centre(field: str = "id") -> Coalesce:
    """The centre whose in-centre team a consent names (issue 13): the family's centre when the
    consent was recorded — the centre it left by its first move after that, or its centre now if
    it has not moved since. One index lookup per consent (``familytransfer_family_at``)."""
    moved_after = (
        FamilyTransfer.objects.filter(family_id=OuterRef("family_id"), transferred_at__gt=OuterRef("recorded_at"))
        .order_by("transferred_at", "id")
        .values(f"from_centre__{field}")[:1]
    )
    output = BigIntegerField() if field == "id" else CharField()
    return Coalesce(Subquery(moved_after), F(f"family__centre__{field}"), output_field=output)


def consents_for_families(family_ids: Iterable[int]) -> QuerySet[Consent]:
    """Every version of every consent of these families (a subject's consents are all in their family)."""
    consents = with_links(Consent.objects.filter(family_id__in=list(family_ids)))
    return consents.order_by("-given_on", "-recorded_at", "-id")


def consent_facts(consent: Consent, *, giver_relationship: str = "") -> ConsentFacts:
    """The rules' view of a row loaded through ``with_links``."""
    assessment = consent.capacity_assessment
    withdrawal = getattr(consent, "withdrawal", None)
    given_by = consent.given_by
    relationship = "self" if given_by.kind == PersonKind.CHILD else (giver_relationship or "parent or carer")
    return ConsentFacts(
        id=consent.pk,
        kind=consent.kind,
        decision=consent.decision,
        given_by_id=given_by.pk,
        given_by_reference=given_by.reference,
        given_by_relationship=relationship,
        given_by_age_at_consent=age_on(given_by.date_of_birth, consent.given_on),
        given_on=consent.given_on,
        review_on=consent.review_on,
        covers_basic=consent.covers_basic,
        sensitive_topics=frozenset(consent.sensitive_topics),
        in_centre_team=consent.in_centre_team,
        agency_ids=split_ids(consent.agency_id_list),
        purposes=split_words(consent.purpose_slug_list),
        informed=consent.is_informed,
        capacity_in_doubt=consent.capacity_in_doubt,
        capacity_confirmed=assessment is not None and assessment.outcome == "has_capacity",
        superseded=consent.is_superseded,
        withdrawn_at=withdrawal.withdrawn_at if withdrawal else None,
        recorded_at=consent.recorded_at,
        subject_ids=split_ids(consent.subject_id_list),
        team_centre_id=getattr(consent, "team_centre_id", None),
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


def objections_for_family(*, family_id: int) -> QuerySet[Objection]:
    """A family's objections to health sharing, newest first, each with its withdrawal (if the
    family lifted it) and the ids of the people it covers (``subject_id_list``), in one query."""
    return (
        Objection.objects.filter(family_id=family_id)
        .select_related("made_by", "recorded_by", "withdrawal", "withdrawal__withdrawn_by", "withdrawal__recorded_by")
        .annotate(subject_id_list=joined_subquery(Objection.subjects.through.objects.all(), "objection", "person_id"))
        .order_by("-made_at", "-id")
    )
