"""Load the facts the policy decides over, for one subject or many, in a fixed number of queries.

Reach comes from django-guardian (issue 5): a centre's group holds ``view_family`` on its
families; a partner agency's group holds ``view_person`` on the subjects whose active consent
names it. The policy decides categories and bases on top.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from centres.selectors import membership_for
from consent.models import Consent, Objection, PrivacyNotice
from families.models import CarerLink, Family, Person, PersonKind
from sharing.models import Override
from sharing.policy import ConsentFacts, OverrideFacts, SubjectFacts, Viewer, age_on


def viewer_for(user: AbstractBaseUser) -> Viewer:
    membership = membership_for(user) if user is not None else None
    # ¶23: administrators administer; a superuser never has a practitioner role, whatever is recorded.
    if membership is None or not user.is_active or user.is_superuser:
        return Viewer(user_id=getattr(user, "pk", None), username=getattr(user, "username", ""), role=None)
    return Viewer(
        user_id=user.pk,
        username=user.get_username(),
        role=membership.role,
        centre_id=membership.centre_id,
        agency_id=membership.agency_id,
        workplace_name=str(membership.workplace),
    )


def reachable_families(user: AbstractBaseUser) -> QuerySet[Family]:
    """Families the user's centre holds ``view_family`` on (never global perms, never superuser)."""
    return get_objects_for_user(
        user, "families.view_family", klass=Family, with_superuser=False, accept_global_perms=False
    )


def reachable_people(user: AbstractBaseUser) -> QuerySet[Person]:
    """Every person the user can reach: their centre's families, or the subjects named to their agency."""
    if not getattr(user, "is_authenticated", False) or membership_for(user) is None:
        return Person.objects.none()
    named = get_objects_for_user(
        user, "families.view_person", klass=Person, with_superuser=False, accept_global_perms=False
    )
    return Person.objects.filter(
        Q(family__in=reachable_families(user).values("pk")) | Q(pk__in=named.values("pk"))
    )


def _consent_facts(consent: Consent) -> ConsentFacts:
    assessment = consent.capacity_assessment
    withdrawal = getattr(consent, "withdrawal", None)
    given_by = consent.given_by
    relationship = "self" if given_by.kind == PersonKind.CHILD else _carer_label(consent)
    return ConsentFacts(
        id=consent.pk,
        kind=consent.kind,
        decision=consent.decision,
        given_by_reference=given_by.reference,
        given_by_relationship=relationship,
        given_by_age_at_consent=age_on(given_by.date_of_birth, consent.given_on),
        given_on=consent.given_on,
        review_on=consent.review_on,
        covers_basic=consent.covers_basic,
        sensitive_topics=frozenset(consent.sensitive_topics),
        in_centre_team=consent.in_centre_team,
        agency_ids=frozenset(a.pk for a in consent.agencies.all()),
        agency_names=tuple(a.name for a in consent.agencies.all()),
        purposes=frozenset(p.slug for p in consent.purposes.all()),
        informed=consent.is_informed,
        capacity_in_doubt=consent.capacity_in_doubt,
        capacity_confirmed=assessment is not None and assessment.outcome == "has_capacity",
        superseded=consent.is_superseded,
        withdrawn_at=withdrawal.withdrawn_at if withdrawal else None,
        recorded_at=consent.recorded_at,
    )


def _carer_label(consent: Consent) -> str:
    links = getattr(consent.given_by, "_relationships", None)
    return links or "parent or carer"


def subject_facts(
    user: AbstractBaseUser, people: Iterable[Person], viewer: Viewer | None = None
) -> dict[int, SubjectFacts]:
    """Facts for every person given, in a constant number of queries however many there are."""
    people = list(people)
    if not people:
        return {}
    viewer = viewer or viewer_for(user)
    ids = [p.pk for p in people]
    family_ids = {p.family_id for p in people}

    reachable: set[int] = set()
    if viewer.has_practitioner_role:
        reachable = set(reachable_people(user).filter(pk__in=ids).values_list("pk", flat=True))

    consent_subjects = Consent.subjects.through.objects.filter(person_id__in=ids).values_list(
        "consent_id", "person_id"
    )
    by_consent: dict[int, list[int]] = defaultdict(list)
    for consent_id, person_id in consent_subjects:
        by_consent[consent_id].append(person_id)
    consents = (
        Consent.objects.filter(pk__in=list(by_consent))
        .select_related("given_by", "capacity_assessment", "withdrawal")
        .prefetch_related("agencies", "purposes")
        .annotate(is_superseded=Exists(Consent.objects.filter(supersedes=OuterRef("pk"))))
        .order_by("-given_on", "-recorded_at", "-id")
    )
    relationships = _giver_relationships(consents)
    consents_by_person: dict[int, list[ConsentFacts]] = defaultdict(list)
    for consent in consents:
        consent.given_by._relationships = relationships.get(consent.given_by_id)
        facts = _consent_facts(consent)
        for person_id in by_consent[consent.pk]:
            consents_by_person[person_id].append(facts)

    objected: dict[int, dt.datetime] = {}
    for person_id, made_at in Objection.subjects.through.objects.filter(person_id__in=ids).values_list(
        "person_id", "objection__made_at"
    ):
        if person_id not in objected or made_at < objected[person_id]:
            objected[person_id] = made_at

    cared_for: dict[int, list[dt.date | None]] = defaultdict(list)
    for carer_id, born in CarerLink.objects.filter(carer_id__in=ids).values_list(
        "carer_id", "child__date_of_birth"
    ):
        cared_for[carer_id].append(born)

    notices: dict[int, dt.date] = {}
    for family_id, given_on in PrivacyNotice.objects.filter(family_id__in=family_ids).values_list(
        "family_id", "given_on"
    ):
        notices[family_id] = max(given_on, notices.get(family_id, given_on))

    overrides: dict[int, list[OverrideFacts]] = defaultdict(list)
    if viewer.user_id is not None:
        for o in Override.objects.filter(subject_id__in=ids, opened_by_id=viewer.user_id):
            overrides[o.subject_id].append(
                OverrideFacts(
                    id=o.pk,
                    kind=o.kind,
                    opened_by_id=o.opened_by_id,
                    categories=frozenset(o.categories),
                    opened_at=o.opened_at,
                    expires_at=o.expires_at,
                )
            )

    return {
        p.pk: SubjectFacts(
            person_id=p.pk,
            reference=p.reference,
            is_child=p.kind == PersonKind.CHILD,
            date_of_birth=p.date_of_birth,
            reachable=p.pk in reachable,
            consents=tuple(consents_by_person.get(p.pk, ())),
            objected_at=objected.get(p.pk),
            cared_for_birth_dates=tuple(cared_for.get(p.pk, ())),
            privacy_notice_given_on=notices.get(p.family_id),
            overrides=tuple(overrides.get(p.pk, ())),
        )
        for p in people
    }


def _giver_relationships(consents: QuerySet[Consent]) -> dict[int, str]:
    """How each consenter is related to the children (e.g. "mother"), for plain reasons."""
    giver_ids = {c.given_by_id for c in consents}
    labels: dict[int, str] = {}
    for carer_id, relationship in CarerLink.objects.filter(carer_id__in=giver_ids).values_list(
        "carer_id", "relationship"
    ):
        labels.setdefault(carer_id, relationship.replace("_", " "))
    return labels
