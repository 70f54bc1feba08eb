"""Load what the policy decides over, for one subject or many, in a fixed number of queries.

Everything is read here and nowhere else; ``sharing.policy`` then decides without the database.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, Max, Min, OuterRef, QuerySet, Subquery

from centres.selectors import membership_for
from consent.models import Consent, Objection, PrivacyNotice, Purpose
from consent.selectors import consent_facts, consents_for_families
from families.models import CarerLink, Note, Person, ReviewContact
from families.vocabulary import PERSONAL_DETAILS_FIELDS, PersonKind
from sharing.models import Override
from sharing.policy import ConsentFacts, OverrideFacts, PurposeRule, SubjectFacts, Viewer
from sharing.reach import person_reach


def viewer_for(user: AbstractBaseUser | None) -> Viewer:
    """The practitioner behind a user. Cached on the user for the request (it is asked often)."""
    cached = getattr(user, "_viewer_cache", None)
    if cached is not None:
        return cached
    membership = membership_for(user) if user is not None else None
    # ¶23: administrators administer; a superuser never has a practitioner role, whatever is recorded.
    if membership is None or not user.is_active or user.is_superuser:
        viewer = Viewer(user_id=getattr(user, "pk", None), username=getattr(user, "username", ""), role=None)
    else:
        viewer = Viewer(
            user_id=user.pk,
            username=user.get_username(),
            role=membership.role,
            centre_id=membership.centre_id,
            agency_id=membership.agency_id,
            workplace_name=str(membership.workplace),
            notification_contact_for=(
                membership.centre_id
                if membership.centre is not None and membership.centre.notification_contact_id == user.pk
                else None
            ),
        )
    if user is not None:
        user._viewer_cache = viewer
    return viewer


def with_subject_facts(people: QuerySet[Person], user: AbstractBaseUser) -> QuerySet[Person]:
    """People with the per-person facts annotated, so loading them costs no further query:
    whether the user reaches them, when the family first objected, the newest privacy notice,
    and whether the user holds an override on them."""
    viewer = viewer_for(user)
    reach = person_reach(user) if viewer.has_practitioner_role else None
    people = people.annotate(
        fact_objected_at=Subquery(
            # Issue 9 item 5: a lifted objection no longer counts. Withdrawal dates are never in
            # the future, so "no withdrawal row" is the whole rule at load time.
            Objection.subjects.through.objects.filter(person_id=OuterRef("pk"), objection__withdrawal__isnull=True)
            .order_by()
            .values("person_id")
            .annotate(first=Min("objection__made_at"))
            .values("first")[:1]
        ),
        fact_notice_on=Subquery(
            PrivacyNotice.objects.filter(family_id=OuterRef("family_id"))
            .order_by()
            .values("family_id")
            .annotate(newest=Max("given_on"))
            .values("newest")[:1]
        ),
        fact_has_override=Exists(Override.objects.filter(subject_id=OuterRef("pk"), opened_by_id=viewer.user_id)),
        fact_centre_id=F("family__centre_id"),
        # POLICY.md: what you recorded yourself was never shared with you (read only where it exists).
        fact_has_own_note=Exists(Note.objects.filter(subject_id=OuterRef("pk"), author_id=viewer.user_id)),
        # ... and the Healthy Child Programme contacts they recorded (issue 13).
        fact_has_own_contact=Exists(
            ReviewContact.objects.filter(subject_id=OuterRef("pk"), recorded_by_id=viewer.user_id)
        ),
    )
    # Issue 13: other personal details are read only for those whose decision opens the topic
    # (``disclose._permitted_details``), never with the person.
    people = people.defer(*PERSONAL_DETAILS_FIELDS)
    if reach is not None:
        people = people.annotate(fact_reachable=ExpressionWrapper(reach, output_field=BooleanField()))
    return people


@dataclass
class Facts:
    """What ``subject_facts`` loaded: the facts per person, and the rows a page may reuse."""

    subjects: dict[int, SubjectFacts]
    consents: list[Consent] = field(default_factory=list)
    consent_facts: dict[int, ConsentFacts] = field(default_factory=dict)
    carer_links: list[tuple] = field(default_factory=list)
    # People about whom the viewer wrote a note (their own notes are theirs to see).
    own_note_subjects: set[int] = field(default_factory=set)
    # People for whom the viewer recorded a Healthy Child Programme contact (issue 13).
    own_contact_subjects: set[int] = field(default_factory=set)


def subject_facts(
    user: AbstractBaseUser, people: Iterable[Person], viewer: Viewer | None = None
) -> dict[int, SubjectFacts]:
    """Facts for every person given, in a constant number of queries however many there are."""
    return load_facts(user, people, viewer).subjects


def load_facts(user: AbstractBaseUser, people: Iterable[Person], viewer: Viewer | None = None) -> Facts:
    people = list(people)
    if not people:
        return Facts(subjects={})
    viewer = viewer or viewer_for(user)
    if not all(hasattr(p, "fact_centre_id") for p in people):
        annotated = {p.pk: p for p in with_subject_facts(Person.objects.filter(pk__in=[p.pk for p in people]), user)}
        people = [annotated[p.pk] for p in people]

    consents = list(consents_for_families({p.family_id for p in people}))
    ids = {p.pk for p in people}
    giver_ids = {c.given_by_id for c in consents}
    # One query for every carer link that matters: the children each carer cares for (basis 1),
    # and how each consenter is related to the children (for plain reasons).
    links = list(
        CarerLink.objects.filter(carer_id__in=ids | giver_ids).values_list(
            "carer_id", "child_id", "child__reference", "child__date_of_birth", "relationship",
            "parental_responsibility",
        ).order_by("carer_id", "child__reference")
    )
    relationship_of: dict[int, str] = {}
    cared_for: dict[int, list[dt.date | None]] = defaultdict(list)
    for carer_id, _child_id, _ref, born, relationship, _pr in links:
        relationship_of.setdefault(carer_id, relationship.replace("_", " "))
        cared_for[carer_id].append(born)

    facts_by_consent = {
        c.pk: consent_facts(c, giver_relationship=relationship_of.get(c.given_by_id, "")) for c in consents
    }
    consents_by_person: dict[int, list[ConsentFacts]] = defaultdict(list)
    for facts in facts_by_consent.values():
        for person_id in facts.subject_ids & ids:
            consents_by_person[person_id].append(facts)

    overrides: dict[int, list[OverrideFacts]] = defaultdict(list)
    with_override = [p.pk for p in people if p.fact_has_override]
    if with_override and viewer.user_id is not None:
        rows = Override.objects.filter(subject_id__in=with_override, opened_by_id=viewer.user_id).select_related(
            "approval", "end"
        )
        for o in rows:
            approval, end = getattr(o, "approval", None), getattr(o, "end", None)
            overrides[o.subject_id].append(
                OverrideFacts(
                    id=o.pk,
                    kind=o.kind,
                    opened_by_id=o.opened_by_id,
                    categories=frozenset(o.categories),
                    opened_at=o.opened_at,
                    expires_at=o.expires_at,
                    approved=not o.needs_approval or approval is not None,
                    ended_at=end.ended_at if end is not None else None,
                )
            )

    subjects = {
        p.pk: SubjectFacts(
            person_id=p.pk,
            reference=p.reference,
            is_child=p.kind == PersonKind.CHILD,
            date_of_birth=p.date_of_birth,
            reachable=bool(getattr(p, "fact_reachable", False)) and viewer.has_practitioner_role,
            consents=tuple(consents_by_person.get(p.pk, ())),
            objected_at=p.fact_objected_at,
            cared_for_birth_dates=tuple(cared_for.get(p.pk, ())),
            privacy_notice_given_on=p.fact_notice_on,
            overrides=tuple(overrides.get(p.pk, ())),
            centre_id=p.fact_centre_id,
        )
        for p in people
    }
    return Facts(
        subjects=subjects,
        consents=consents,
        consent_facts=facts_by_consent,
        carer_links=links,
        own_note_subjects={p.pk for p in people if p.fact_has_own_note},
        own_contact_subjects={p.pk for p in people if getattr(p, "fact_has_own_contact", False)},
    )


def purpose_rules(purposes: Iterable[Purpose] | None = None) -> dict[str, tuple[int, PurposeRule]]:
    """Every purpose on record (or those given): its id, for the log, and the rule administrators set."""
    rows = (
        [(p.slug, p.pk, p.roles, p.for_named_records) for p in purposes]
        if purposes is not None
        else Purpose.objects.values_list("slug", "pk", "roles", "for_named_records")
    )
    return {slug: (pk, PurposeRule(slug, frozenset(roles or ()), named)) for slug, pk, roles, named in rows}
