"""The gate: every screen, print, export and command gets people through here.

It loads the facts, asks ``sharing.policy`` for a decision per subject and category, builds
view objects in which whatever is not permitted is *absent* (with the reason in its place), and
writes the disclosure log in the same transaction. Views render what it returns; nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from consent.selectors import consent_history
from consent.services import consent_order_key
from families.models import CarerLink, Family, Note, Person, PersonKind
from sharing import policy
from sharing.categories import Category
from sharing.facts import reachable_families, reachable_people, subject_facts, viewer_for
from sharing.policy import Decision, Viewer
from sharing.services import disclosures_record

NOT_FOUND = "Page not found"
LIST_BATCH = 500
LIST_MAX_CANDIDATES = 20_000
ADDRESS_NOT_SHARED = "The address is basic information about this family's people, none of whom is shared with you."


@dataclass(frozen=True)
class NoteView:
    id: int
    topic: str
    topic_label: str
    text: str
    created_at: dt.datetime
    author_name: str


@dataclass(frozen=True)
class BasicDetails:
    """¶15: basic information — name, address, postcode, date of birth."""

    first_name: str
    last_name: str
    date_of_birth: dt.date | None
    due_date: dt.date | None
    relationships: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name if self.first_name else f"Expected baby {self.last_name}".strip()


@dataclass(frozen=True)
class SubjectView:
    """What a viewer may see of one person. Absent parts are None, with the decision's reason."""

    id: int
    reference: str
    family_reference: str
    kind: str
    kind_label: str
    basic_decision: Decision
    basic: BasicDetails | None = None
    sensitive_decision: Decision | None = None
    notes: tuple[NoteView, ...] | None = None

    @property
    def is_expected(self) -> bool:
        return self.basic is not None and self.basic.date_of_birth is None

    @property
    def label(self) -> str:
        return self.basic.full_name if self.basic else self.reference

    @property
    def override_basis(self) -> Decision | None:
        """The decision that relied on an override, for the banner saying so."""
        for decision in (self.basic_decision, self.sensitive_decision):
            if decision is not None and decision.override_id:
                return decision
        return None


@dataclass(frozen=True)
class AddressView:
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str


@dataclass
class FamilyView:
    reference: str
    centre_id: int
    centre_name: str
    version: int
    people: list[SubjectView]
    address: AddressView | None
    address_reason: str = ""
    warnings: tuple[str, ...] = ()
    capabilities: dict[str, bool] = field(default_factory=dict)


def _kind_label(person: Person) -> str:
    if person.kind == PersonKind.CHILD:
        return "Expected baby" if person.date_of_birth is None else "Child"
    return "Parent or carer"


def decisions_for(
    user: AbstractBaseUser,
    people: Sequence[Person],
    category: Category,
    purpose: str | None = None,
    *,
    at: dt.datetime | None = None,
    viewer: Viewer | None = None,
) -> dict[int, Decision]:
    """Decide for many people at once in a constant number of queries. Records nothing."""
    viewer = viewer or viewer_for(user)
    facts = subject_facts(user, people, viewer)
    return policy.decide_many(
        viewer,
        facts.values(),
        Category(category),
        purpose,
        at or timezone.now(),
        lapse_at_review=settings.SHARING_CONSENT_LAPSES_AT_REVIEW,
    )


def _relationship_labels(people: Sequence[Person]) -> dict[int, list[str]]:
    ids = [p.pk for p in people]
    labels: dict[int, list[str]] = defaultdict(list)
    for link in CarerLink.objects.filter(carer_id__in=ids).select_related("child"):
        pr = "with" if link.parental_responsibility else "without"
        labels[link.carer_id].append(
            f"{link.get_relationship_display()} of {link.child.reference} ({pr} parental responsibility)"
        )
    return labels


@transaction.atomic
def disclose_people(
    user: AbstractBaseUser,
    people: Sequence[Person],
    *,
    context: str,
    purpose: str | None = None,
    categories: Iterable[Category] = (Category.BASIC, Category.SENSITIVE),
    record_denials: bool = True,
    viewer: Viewer | None = None,
    facts: dict | None = None,
) -> list[SubjectView]:
    """Decide, fetch only what is permitted, record every reveal (and refusal), return views."""
    viewer = viewer or viewer_for(user)
    people = list(people)
    at = timezone.now()
    categories = [Category(c) for c in categories]
    if facts is None:
        facts = subject_facts(user, people, viewer)
    facts = {p.pk: facts[p.pk] for p in people}
    lapse = settings.SHARING_CONSENT_LAPSES_AT_REVIEW
    basic = policy.decide_many(viewer, facts.values(), Category.BASIC, purpose, at, lapse_at_review=lapse)
    sensitive: dict[int, Decision] = {}
    if Category.SENSITIVE in categories:
        sensitive = policy.decide_many(viewer, facts.values(), Category.SENSITIVE, purpose, at, lapse_at_review=lapse)

    # Only permitted notes leave the database: absent, not hidden.
    notes_by_subject: dict[int, list[NoteView]] = defaultdict(list)
    note_filters = [(pid, d.topics) for pid, d in sensitive.items() if d.permitted and d.topics]
    if note_filters:
        condition = Q()
        for pid, topics in note_filters:
            condition |= Q(subject_id=pid, topic__in=list(topics))
        for note in Note.objects.filter(condition).select_related("author").order_by("-created_at", "-id"):
            notes_by_subject[note.subject_id].append(
                NoteView(
                    id=note.pk,
                    topic=note.topic,
                    topic_label=note.get_topic_display(),
                    text=note.text,
                    created_at=note.created_at,
                    author_name=(note.author.get_full_name() or note.author.get_username()) if note.author else "",
                )
            )

    permitted_basic = [p for p in people if basic[p.pk].permitted]
    relationships = _relationship_labels(permitted_basic) if permitted_basic else {}

    to_record: list[Decision] = []
    views: list[SubjectView] = []
    for person in people:
        b = basic[person.pk]
        s = sensitive.get(person.pk)
        if b.permitted or record_denials:
            to_record.append(b)
        if s is not None and (s.permitted or record_denials):
            to_record.append(s)
        views.append(
            SubjectView(
                id=person.pk,
                reference=person.reference,
                family_reference=person.family.reference,
                kind=person.kind,
                kind_label=_kind_label(person),
                basic_decision=b,
                basic=BasicDetails(
                    first_name=person.first_name,
                    last_name=person.last_name,
                    date_of_birth=person.date_of_birth,
                    due_date=person.due_date,
                    relationships=tuple(relationships.get(person.pk, ())),
                )
                if b.permitted
                else None,
                sensitive_decision=s,
                notes=tuple(notes_by_subject.get(person.pk, ())) if s is not None and s.permitted else None,
            )
        )
    disclosures_record(viewer=viewer, decisions=to_record, context=context, at=at)
    return views


def disclose_person_shown(user: AbstractBaseUser, person: Person, *, context: str) -> SubjectView:
    """One person's basic details, for acting on their record; 403 when they are not shared.

    Writing into a record (a note, say) needs the same permission as reading who it is about.
    """
    view = disclose_people(user, [person], context=context, categories=(Category.BASIC,))[0]
    if view.basic is None:
        raise PermissionDenied
    return view


def family_for(user: AbstractBaseUser, reference: str) -> Family:
    """The family, if the user can reach it; otherwise the same 404 as a missing reference."""
    family = (
        reachable_families(user).select_related("centre").filter(reference=reference).first()
        if viewer_for(user).has_practitioner_role
        else None
    )
    if family is None:
        # An external practitioner reaches a family through the people named to their agency.
        family = (
            Family.objects.select_related("centre")
            .filter(reference=reference, people__in=reachable_people(user))
            .distinct()
            .first()
        )
    if family is None:
        raise Http404(NOT_FOUND)
    return family


def person_for(user: AbstractBaseUser, reference: str) -> Person:
    person = reachable_people(user).select_related("family", "family__centre").filter(reference=reference).first()
    if person is None:
        raise Http404(NOT_FOUND)
    return person


def disclose_family(
    user: AbstractBaseUser,
    family: Family,
    *,
    context: str,
    purpose: str | None = None,
    require_shown: bool = False,
) -> FamilyView:
    """The family page's content. ``require_shown``: 403 unless someone in it is shared (for edits)."""
    viewer = viewer_for(user)
    people = list(reachable_people(user).filter(family=family).select_related("family"))
    # Carers first, then children, each in reference order.
    people.sort(key=lambda p: (p.kind != PersonKind.ADULT, p.reference))
    views = disclose_people(user, people, context=context, purpose=purpose, viewer=viewer)
    shown = [v for v in views if v.basic is not None]
    if require_shown and not shown:
        raise PermissionDenied
    address = AddressView(family.address_line_1, family.address_line_2, family.town, family.postcode) if shown else None
    warnings = tuple(dict.fromkeys(w for v in views for w in v.basic_decision.warnings))
    return FamilyView(
        reference=family.reference,
        centre_id=family.centre_id,
        centre_name=family.centre.name,
        version=family.version,
        people=views,
        address=address,
        address_reason="" if shown else ADDRESS_NOT_SHARED,
        warnings=warnings,
        capabilities=capabilities(viewer, family.centre_id),
    )


def capabilities(viewer: Viewer, centre_id: int) -> dict[str, bool]:
    return {name: check(viewer, centre_id) for name, check in CAPABILITIES.items()}


def visible_people(
    user: AbstractBaseUser,
    *,
    context: str,
    search: str = "",
    purpose: str | None = None,
    limit: int = 200,
) -> list[SubjectView]:
    """The people whose basic information the viewer may see, for lists and search.

    Reach is filtered in the database; the policy then removes anyone whose basic information
    is not permitted, so neither the list nor its count leaks hidden people. Candidates are
    decided a batch at a time until ``limit`` are permitted, so people the policy hides cannot
    push permitted people off the list. Rows are logged in bulk.
    """
    viewer = viewer_for(user)
    if not viewer.has_practitioner_role:
        return []
    candidates: QuerySet[Person] = reachable_people(user).select_related("family")
    if search.strip():
        candidates = candidates.filter(_search_condition(search))
    candidates = candidates.order_by("family__reference", "kind", "reference")
    permitted: list[Person] = []
    facts: dict = {}
    batch = max(limit, LIST_BATCH)
    for start in range(0, LIST_MAX_CANDIDATES, batch):
        people = list(candidates[start : start + batch])
        batch_facts = subject_facts(user, people, viewer)
        basic = policy.decide_many(
            viewer,
            batch_facts.values(),
            Category.BASIC,
            purpose,
            timezone.now(),
            lapse_at_review=settings.SHARING_CONSENT_LAPSES_AT_REVIEW,
        )
        permitted += [p for p in people if basic[p.pk].permitted]
        facts.update(batch_facts)
        if len(permitted) >= limit or len(people) < batch:
            break
    return disclose_people(
        user,
        permitted[:limit],
        context=context,
        purpose=purpose,
        categories=(Category.BASIC,),
        record_denials=False,
        viewer=viewer,
        facts=facts,
    )


def _search_condition(search: str) -> Q:
    """Name, reference or postcode. Matched in the database; the policy filters the answer."""
    condition = Q()
    for term in search.split():
        condition &= (
            Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(reference__icontains=term)
            | Q(family__reference__iexact=term)
            | Q(family__postcode__icontains=term)
        )
    return condition


CAPABILITIES = {
    "register": lambda viewer, centre_id: policy.may_register_families(viewer),
    "record_consent": policy.may_record_consent,
    "edit_family": policy.may_edit_family,
    "add_note": policy.may_add_notes,
    "review": policy.may_review,
    "view_consents": policy.may_view_consents,
    "open_override": lambda viewer, centre_id: policy.may_open_override(viewer, "public_interest"),
    "open_medical": lambda viewer, centre_id: policy.may_open_override(viewer, "medical_purpose"),
}


def allowed(user: AbstractBaseUser, capability: str, centre_id: int | None = None) -> bool:
    return CAPABILITIES[capability](viewer_for(user), centre_id)


def require(user: AbstractBaseUser, capability: str, centre_id: int | None = None) -> Viewer:
    """The viewer, if the policy lets them do this; otherwise 403 (the page exists, the act is not theirs)."""
    viewer = viewer_for(user)
    if not CAPABILITIES[capability](viewer, centre_id):
        raise PermissionDenied
    return viewer


@dataclass(frozen=True)
class ConsentRow:
    """A consent version as shown on the family page: people by the labels the viewer may see."""

    consent: object
    given_by_label: str
    subject_labels: tuple[str, ...]
    state: str
    is_current: bool


def consent_history_for(user: AbstractBaseUser, family: Family, view: FamilyView) -> list[ConsentRow] | None:
    """The family's consent history, for the centre's own team only (None for others)."""
    if not view.capabilities.get("view_consents"):
        return None
    labels = {p.id: p.label for p in view.people}
    today = timezone.localdate()
    history = list(consent_history(family_id=family.pk))
    rows = []
    for consent in history:
        withdrawal = getattr(consent, "withdrawal", None)
        later = _later_refusal_or_withdrawal(consent, history)
        if consent.is_superseded:
            state = "Replaced by a newer version"
        elif consent.decision == "refused":
            state = "Refused"
        elif withdrawal is not None:
            state = f"Withdrawn on {policy.format_day(withdrawal.withdrawn_at)}"
        elif consent.kind == "implied":
            state = "Implied (never enough for sensitive information)"
        elif later is not None:
            state = f"Given — a later decision of {policy.format_day(later)} overrides it where they overlap"
        elif consent.is_due_for_review(today):
            state = "Given — due for review"
        else:
            state = "Given"
        rows.append(
            ConsentRow(
                consent=consent,
                given_by_label=labels.get(consent.given_by_id, consent.given_by.reference),
                subject_labels=tuple(labels.get(p.pk, p.reference) for p in consent.subjects.all()),
                state=state,
                is_current=not consent.is_superseded
                and withdrawal is None
                and consent.decision == "given"
                and consent.kind == "explicit",
            )
        )
    return rows


def _later_refusal_or_withdrawal(consent, history) -> dt.date | None:
    """When a later refusal or withdrawal about some of the same people and information exists,
    its date: the policy counts the newest decision (``policy.decision_order_key``), so the page
    must not show this consent as simply "Given"."""
    if consent.kind != "explicit" or consent.decision != "given":
        return None
    now = timezone.now()
    subjects = {p.pk for p in consent.subjects.all()}
    purposes = {p.pk for p in consent.purposes.all()}

    def key(c):
        return consent_order_key(c, now)

    mine = key(consent)
    for other in history:
        withdrawal = getattr(other, "withdrawal", None)
        negative = other.decision == "refused" or (withdrawal is not None and withdrawal.withdrawn_at <= now)
        if (
            other.pk != consent.pk
            and other.kind == "explicit"
            and not other.is_superseded
            and negative
            and key(other) > mine
            and subjects & {p.pk for p in other.subjects.all()}
            and purposes & {p.pk for p in other.purposes.all()}
            and (
                (consent.in_centre_team and other.in_centre_team)
                or {a.pk for a in consent.agencies.all()} & {a.pk for a in other.agencies.all()}
            )
            and (
                (consent.covers_basic and other.covers_basic)
                or set(consent.sensitive_topics) & set(other.sensitive_topics)
            )
        ):
            return key(other)[0]
    return None


def duplicate_summaries(user: AbstractBaseUser, matches: Sequence[Person], *, viewer: Viewer) -> list[str]:
    """Possible duplicates, described only as far as the viewer may see them."""
    reachable = set(reachable_people(user).filter(pk__in=[m.pk for m in matches]).values_list("pk", flat=True))
    visible = [m for m in matches if m.pk in reachable]
    views = (
        disclose_people(
            user,
            visible,
            context="page:register-duplicates",
            categories=(Category.BASIC,),
            record_denials=False,
            viewer=viewer,
        )
        if visible
        else []
    )
    lines = [f"{v.label} ({v.reference}), family {v.reference.split('-')[0]}" for v in views if v.basic is not None]
    hidden = len(matches) - len(lines)
    if hidden:
        lines.append(
            "Someone with these details is already registered, but their record is not shared with you. "
            "Ask your centre manager before registering them again."
        )
    return lines
