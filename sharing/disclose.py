"""Disclose: the one transaction that decides, fetches only what is permitted, and records it.

Every page, print, export and command that shows something about a person comes through here.
It loads the facts, asks ``sharing.policy`` per subject and category, reads only what the
decisions permit, builds the view objects of ``sharing.revealed``, and writes the disclosure log
(``sharing.services.disclosures_record``) in the same transaction: a reveal that cannot be
recorded does not happen.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import CharField, F, Func, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.http import Http404
from django.utils import timezone

from accounts.selectors import display_name
from families.models import Family, Note, NoteAmendment, Person, ReviewContact
from families.schedule import ContactFact, ScheduledReview, next_review, review_schedule
from families.validators import format_nhs_number
from families.vocabulary import (
    PERSONAL_DETAILS_FIELDS,
    PersonKind,
    Relationship,
    SensitiveTopic,
    search_fold,
)
from sharing import policy
from sharing.access import NOT_FOUND
from sharing.loading import Facts, load_facts, purpose_rules, viewer_for, with_subject_facts
from sharing.policy import Decision, Viewer
from sharing.reach import reachable_people
from sharing.revealed import (
    AddressView,
    BasicDetails,
    ContactView,
    FamilyView,
    NoteAmendmentView,
    NoteView,
    PersonalDetails,
    SubjectView,
    names_shown,
    with_names,
)
from sharing.services import disclosures_record
from sharing.vocabulary import Category

PAGE_SIZE = 25  # GOV.UK pagination: 25 a page
LIST_BATCH = 500  # candidates decided per page, at least
CANDIDATES_PER_SHOWN = 20
ADDRESS_NOT_SHARED = "The address is basic information about this family's people, none of whom is shared with you."
DUPLICATE_CHECK = "duplicate check"
DUPLICATE_NOT_SHARED = (
    "Someone with these details is already registered, but their record is not shared with you. "
    "Ask your centre manager before registering them again."
)
DUPLICATE_ELSEWHERE = (
    "A possible match is registered outside your centre. The manager of your centre has been told; "
    "ask them before registering this person."
)


def _decide(
    viewer: Viewer, facts: Facts, category: Category, purpose: str | None, at: dt.datetime, rules: dict
) -> dict[int, Decision]:
    lapse = settings.SHARING_CONSENT_LAPSES_AT_REVIEW
    return policy.decide_many(
        viewer, facts.subjects.values(), category, purpose, at, lapse_at_review=lapse,
        purposes={slug: rule for slug, (_pk, rule) in rules.items()},
    )


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
    facts = load_facts(user, people, viewer)
    return _decide(viewer, facts, Category(category), purpose, at or timezone.now(), purpose_rules())


def assertable_purposes(user: AbstractBaseUser, purposes: Iterable) -> list[str]:
    """The purposes this user's role may assert for a named record, their usual one first."""
    rules = {slug: rule for slug, (_pk, rule) in purpose_rules(purposes).items()}
    return policy.assertable_purposes(viewer_for(user), rules)


def _kind_label(person: Person) -> str:
    if person.kind == PersonKind.CHILD:
        return "Expected baby" if person.date_of_birth is None else "Child"
    return "Parent or carer"


def _relationship_labels(facts: Facts, shown: set[int]) -> dict[int, list[str]]:
    labels: dict[int, list[str]] = defaultdict(list)
    for carer_id, _child_id, child_reference, _born, relationship, responsibility in facts.carer_links:
        if carer_id in shown:
            pr = "with" if responsibility else "without"
            labels[carer_id].append(
                f"{Relationship(relationship).label} of {child_reference} ({pr} parental responsibility)"
            )
    return labels


def permitted_condition(
    sensitive: dict[int, Decision], *, subject: str = "subject_id", topic: str | None = "topic", only: str | None = None
) -> Q:
    """The one filter every kind of sensitive record is fetched through: rows about a subject whose
    sensitive decision is permitted and opens the row's topic (¶17, topic by topic). ``topic``: the
    lookup of the row's topic; ``only``: a kind of record that always has this topic (assessments and
    team meetings: "Assessment (CAF)"). An empty ``Q()`` means nothing is permitted: fetch nothing."""
    condition = Q()
    for person_id, decision in sensitive.items():
        if not (decision.permitted and decision.topics):
            continue
        if only is not None:
            if only in decision.topics:
                condition |= Q(**{subject: person_id})
        else:
            condition |= Q(**{subject: person_id, f"{topic}__in": sorted(decision.topics)})
    return condition


@dataclass(frozen=True)
class SensitiveRecords:
    """A kind of sensitive record about a person (notes, Healthy Child Programme contacts, ...):
    which of its rows a decision's topics open, and who recorded a row (POLICY.md: recorded by
    you). The gate fetches every kind the same way (``_permitted_records``)."""

    rows: Callable[[], QuerySet]
    # The rows of one subject that these topics open, as a condition; None when they open none.
    opened_by: Callable[[frozenset[str]], Q | None]
    opens: Callable[[frozenset[str], object], bool]
    recorded_by_field: str


# A note's amendments (issue 13) come with it: one more query, run only when some note is fetched
# (a prefetch over no notes reads nothing), so an amendment is never read where its note is not.
NOTES = SensitiveRecords(
    rows=lambda: Note.objects.select_related("author")
    .prefetch_related(
        Prefetch("amendments", queryset=NoteAmendment.objects.select_related("amended_by").order_by("amended_at", "id"))
    )
    .order_by("-created_at", "-id"),
    opened_by=lambda topics: Q(topic__in=sorted(topics)),
    opens=lambda topics, note: note.topic in topics,
    recorded_by_field="author_id",
)
# ¶17 names "attendance at antenatal and postnatal appointments" as sensitive: a contact is opened
# by the antenatal and postnatal topic; its breastfeeding finding also needs the breastfeeding
# topic (``_contact_view``). docs/contacts.md.
CONTACTS = SensitiveRecords(
    rows=lambda: ReviewContact.objects.select_related("recorded_by").order_by("contact_date", "id"),
    opened_by=lambda topics: Q() if SensitiveTopic.ANTENATAL_POSTNATAL in topics else None,
    opens=lambda topics, _contact: SensitiveTopic.ANTENATAL_POSTNATAL in topics,
    recorded_by_field="recorded_by_id",
)


def _permitted_records(
    kind: SensitiveRecords, sensitive: dict[int, Decision], viewer: Viewer, own_subjects: set[int]
) -> tuple[dict[int, list], dict[int, list]]:
    """Only permitted records leave the database: absent, not hidden. Returns the rows the
    decisions open, and the viewer's own rows that they do not (POLICY.md: recorded by you), per
    subject, in one query (none when nothing is opened)."""
    opened: dict[int, list] = defaultdict(list)
    own: dict[int, list] = defaultdict(list)
    condition = Q()
    for person_id, decision in sensitive.items():
        if decision.permitted and decision.topics:
            rows = kind.opened_by(decision.topics)
            if rows is not None:
                condition |= Q(subject_id=person_id) & rows
    mine = sorted(own_subjects & set(sensitive))
    if mine and viewer.user_id is not None:
        condition |= Q(subject_id__in=mine, **{kind.recorded_by_field: viewer.user_id})
    if not condition:
        return opened, own
    for row in kind.rows().filter(condition):
        decision = sensitive[row.subject_id]
        (opened if decision.permitted and kind.opens(decision.topics, row) else own)[row.subject_id].append(row)
    return opened, own



def note_view(note: Note, viewer: Viewer) -> NoteView:
    """A note as revealed, with its amendments (fetched by ``NOTES.rows()``, with the note)."""
    return NoteView(
        id=note.pk,
        topic=note.topic,
        topic_label=note.get_topic_display(),
        text=note.text,
        created_at=note.created_at,
        contact_date=note.contact_date,
        author_name=display_name(note.author),
        amendments=tuple(
            NoteAmendmentView(
                text=a.text, reason=a.reason, amended_by_name=display_name(a.amended_by), amended_at=a.amended_at
            )
            for a in note.amendments.all()  # prefetched with the note (NOTES)
        ),
        may_amend=policy.may_amend_note(viewer, note.author_id),
    )


def _contact_view(contact: ReviewContact, *, breastfeeding_shared: bool) -> ContactView:
    return ContactView(
        id=contact.pk,
        review=contact.review,
        review_label=contact.get_review_display(),
        contact_date=contact.contact_date,
        place_label=contact.get_place_display(),
        present=contact.present,
        outcome=contact.outcome,
        outcome_label=contact.get_outcome_display(),
        # Absent (None) where the breastfeeding topic is not shared; "" where none was recorded
        # (only a completed feeding review records one, which the review and outcome already say).
        breastfeeding_label=(
            "" if not contact.breastfeeding else contact.get_breastfeeding_display() if breastfeeding_shared else None
        ),
        note=contact.note,
        recorded_by_name=display_name(contact.recorded_by),
        recorded_at=contact.recorded_at,
    )


def _permitted_notes(
    sensitive: dict[int, Decision], viewer: Viewer, own_note_subjects: set[int]
) -> tuple[dict[int, list[NoteView]], dict[int, list[NoteView]]]:
    opened, own = _permitted_records(NOTES, sensitive, viewer, own_note_subjects)
    return (
        {pk: [note_view(n, viewer) for n in rows] for pk, rows in opened.items()},
        {pk: [note_view(n, viewer) for n in rows] for pk, rows in own.items()},
    )


def _permitted_contacts(
    sensitive: dict[int, Decision], viewer: Viewer, own_contact_subjects: set[int]
) -> tuple[dict[int, list[ContactView]], dict[int, list[ContactView]], dict[int, list[ReviewContact]]]:
    """Contacts the decisions open (the breastfeeding finding only where that topic is open too),
    the viewer's own that they do not (shown whole: she recorded them), and the opened rows for
    the schedule."""
    opened, own = _permitted_records(CONTACTS, sensitive, viewer, own_contact_subjects)
    views = {
        pk: [_contact_view(c, breastfeeding_shared=SensitiveTopic.BREASTFEEDING in sensitive[pk].topics) for c in rows]
        for pk, rows in opened.items()
    }
    own_views = {pk: [_contact_view(c, breastfeeding_shared=True) for c in rows] for pk, rows in own.items()}
    return views, own_views, opened


def _schedule(person: Person, contacts: Iterable[ReviewContact], today: dt.date) -> tuple[ScheduledReview, ...]:
    return tuple(
        review_schedule(
            date_of_birth=person.date_of_birth,
            due_date=person.due_date,
            contacts=[ContactFact(c.review, c.contact_date, c.outcome) for c in contacts],
            today=today,
            registered_on=timezone.localdate(person.created_at) if person.created_at else None,
        )
    )


def _details_opened(decision: Decision | None) -> bool:
    return decision is not None and decision.permitted and SensitiveTopic.PERSONAL_DETAILS in decision.topics


def _permitted_details(sensitive: dict[int, Decision]) -> dict[int, PersonalDetails]:
    """Other personal details (issue 13, ``PERSONAL_DETAILS_FIELDS``) leave the database only for
    the people whose sensitive decision opens that topic — one query, none when nobody's does. The
    people the gate loads have these columns deferred (``loading.with_subject_facts``)."""
    opened = sorted(pk for pk, decision in sensitive.items() if _details_opened(decision))
    if not opened:
        return {}
    rows = Person.objects.filter(pk__in=opened).values_list("pk", *PERSONAL_DETAILS_FIELDS)
    details = {}
    for pk, *values in rows:
        fields = dict(zip(PERSONAL_DETAILS_FIELDS, values, strict=True))
        fields["nhs_number"] = format_nhs_number(fields["nhs_number"]) if fields["nhs_number"] else ""
        fields["phone"] = fields["phone"] or ""
        details[pk] = PersonalDetails(**fields)
    return details


def disclose_people(
    user: AbstractBaseUser,
    people: Sequence[Person],
    *,
    context: str,
    purpose: str | None = None,
    categories: Iterable[Category] = (Category.BASIC, Category.SENSITIVE),
    record_denials: bool = True,
    viewer: Viewer | None = None,
    facts: Facts | None = None,
    rules: dict | None = None,
    with_notes: bool = True,
    with_details: bool = True,
    with_contacts: bool = True,
) -> list[SubjectView]:
    """Decide, fetch only what is permitted, record every reveal (and refusal), return views.

    ``with_notes`` / ``with_details`` / ``with_contacts``: whether the page shows notes, other
    personal details and Healthy Child Programme contacts at all (a form that edits the details
    needs none of the others; the caseload shows contacts but no note); what is not shown is not
    fetched."""
    viewer = viewer or viewer_for(user)
    people = list(people)
    at = timezone.now()
    categories = [Category(c) for c in categories]
    # No savepoint of its own: inside a request's (or caller's) transaction the rows share its fate.
    with transaction.atomic(savepoint=False):
        facts = facts or load_facts(user, people, viewer)
        rules = rules if rules is not None else purpose_rules()
        basic = _decide(viewer, facts, Category.BASIC, purpose, at, rules)
        sensitive = {}
        if Category.SENSITIVE in categories:
            sensitive = _decide(viewer, facts, Category.SENSITIVE, purpose, at, rules)
        notes, own_notes = (
            _permitted_notes(sensitive, viewer, facts.own_note_subjects) if with_notes else ({}, {})
        )
        details = _permitted_details(sensitive) if with_details else {}
        contacts, own_contacts, contact_rows = (
            _permitted_contacts(sensitive, viewer, facts.own_contact_subjects) if with_contacts else ({}, {}, {})
        )
        today = timezone.localdate(at)
        relationships = _relationship_labels(facts, {pk for pk, d in basic.items() if d.permitted})

        to_record: list[Decision] = []
        views: list[SubjectView] = []
        for person in people:
            b = basic[person.pk]
            s = sensitive.get(person.pk)
            to_record += [d for d in (b, s) if d is not None and (d.permitted or record_denials)]
            own = own_notes.get(person.pk, ())
            own_contact = own_contacts.get(person.pk, ())
            own_decision = policy.decide_own_record(viewer, person.pk, purpose) if own or own_contact else None
            contacts_opened = (
                with_contacts and s is not None and s.permitted and SensitiveTopic.ANTENATAL_POSTNATAL in s.topics
                and person.kind == PersonKind.CHILD
            )
            if own_decision is not None:
                to_record.append(own_decision)
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
                    notes=tuple(notes.get(person.pk, ())) if with_notes and s is not None and s.permitted else None,
                    details=details.get(person.pk),
                    own_notes=tuple(own),
                    own_notes_decision=own_decision,
                    contacts=tuple(contacts.get(person.pk, ())) if contacts_opened else None,
                    own_contacts=tuple(own_contact),
                    schedule=_schedule(person, contact_rows.get(person.pk, ()), today) if contacts_opened else None,
                )
            )
        disclosures_record(
            viewer=viewer, decisions=to_record, context=context, at=at,
            purpose_ids={slug: pk for slug, (pk, _rule) in rules.items()},
        )
    names = names_shown(views)
    return [
        replace(v, basic_decision=with_names(v.basic_decision, names),
                sensitive_decision=with_names(v.sensitive_decision, names))
        for v in views
    ]


def disclose_person_shown(user: AbstractBaseUser, person: Person, *, context: str) -> SubjectView:
    """One person's basic details, for acting on their record; 403 when they are not shared.

    Writing into a record (a note, say) needs the same permission as reading who it is about.
    """
    view = disclose_people(user, [person], context=context, categories=(Category.BASIC,))[0]
    if view.basic is None:
        raise PermissionDenied
    return view


def disclose_person_for_edit(user: AbstractBaseUser, person: Person, *, context: str) -> SubjectView:
    """As ``disclose_person_shown``, with the other personal details where the sensitive decision
    opens that topic (issue 13): the correction form edits only what the viewer may see. Both
    decisions are recorded; notes are not read."""
    view = disclose_people(user, [person], context=context, with_notes=False, with_contacts=False)[0]
    if view.basic is None:
        raise PermissionDenied
    return view


def disclose_note_for_amendment(
    user: AbstractBaseUser, person: Person, note_id: int, *, context: str
) -> tuple[SubjectView, NoteView]:
    """A note its author is about to correct (issue 13), revealed through the gate like the family
    page reveals it: 404 unless the note is shown to the user (opened by the decision, or theirs),
    403 when it is shown but not theirs (``policy.may_amend_note``). The reveal is recorded."""
    view = disclose_people(user, [person], context=context, with_details=False, with_contacts=False)[0]
    shown = [*(view.notes or ()), *view.own_notes]
    note = next((n for n in shown if n.id == note_id), None)
    if note is None:
        raise Http404(NOT_FOUND)
    if view.basic is None or not note.may_amend:  # writing needs who it is about, as note_add does
        raise PermissionDenied
    return view, note


def disclose_family(
    user: AbstractBaseUser,
    family: Family,
    *,
    context: str,
    purpose: str | None = None,
    require_shown: bool = False,
) -> FamilyView:
    """The family page's content. ``require_shown``: 403 unless someone in it is shared (for edits)."""
    return disclose_family_and_facts(user, family, context=context, purpose=purpose, require_shown=require_shown)[0]


def disclose_family_and_facts(
    user: AbstractBaseUser,
    family: Family,
    *,
    context: str,
    purpose: str | None = None,
    require_shown: bool = False,
    purposes: Iterable | None = None,
) -> tuple[FamilyView, Facts]:
    """As ``disclose_family``, with the facts it was decided on (the consent history reuses them).

    ``purposes``: the Purpose rows, when the page has read them already.
    """
    people = list(with_subject_facts(reachable_people(user).filter(family=family), user))
    for person in people:
        person.family = family
    return _family_view(user, family, people, context=context, purpose=purpose, require_shown=require_shown,
                        purposes=purposes)


def family_page(
    user: AbstractBaseUser,
    reference: str,
    *,
    context: str,
    purpose: str | None = None,
    purposes: Iterable | None = None,
) -> tuple[Family, FamilyView, Facts]:
    """The family page in one read: the people of the family the user reaches (with their facts and
    the family), or the same 404 as a reference that does not exist (¶13 need to know)."""
    if not viewer_for(user).has_practitioner_role:
        raise Http404(NOT_FOUND)
    people = list(
        with_subject_facts(
            reachable_people(user).filter(family__reference=reference).select_related("family__centre"), user
        )
    )
    if not people:
        raise Http404(NOT_FOUND)
    family = people[0].family
    for person in people:
        person.family = family
    view, facts = _family_view(user, family, people, context=context, purpose=purpose, purposes=purposes)
    return family, view, facts


def _family_view(
    user: AbstractBaseUser,
    family: Family,
    people: list[Person],
    *,
    context: str,
    purpose: str | None,
    require_shown: bool = False,
    purposes: Iterable | None = None,
) -> tuple[FamilyView, Facts]:
    viewer = viewer_for(user)
    # Carers first, then children, each in reference order.
    people.sort(key=lambda p: (p.kind != PersonKind.ADULT, p.reference))
    facts = load_facts(user, people, viewer)
    rules = purpose_rules(purposes) if purposes is not None else None
    views = disclose_people(user, people, context=context, purpose=purpose, viewer=viewer, facts=facts, rules=rules)
    shown = [v for v in views if v.basic is not None]
    if require_shown and not shown:
        raise PermissionDenied
    address = AddressView(family.address_line_1, family.address_line_2, family.town, family.postcode) if shown else None
    warnings = tuple(dict.fromkeys(w for v in views for w in v.basic_decision.warnings))
    view = FamilyView(
        reference=family.reference,
        centre_id=family.centre_id,
        centre_name=family.centre.name,
        version=family.version,
        people=views,
        address=address,
        address_reason="" if shown else ADDRESS_NOT_SHARED,
        warnings=warnings,
        capabilities=policy.capabilities(viewer, family.centre_id),
    )
    return view, facts


@dataclass(frozen=True)
class Worklist:
    """One page of the people a viewer may see: the page, and where the next one starts ("" at the end)."""

    people: list[SubjectView]
    next_after: str = ""


def worklist(
    user: AbstractBaseUser,
    *,
    context: str,
    search: str = "",
    purpose: str | None = None,
    after: str = "",
    limit: int = PAGE_SIZE,
) -> Worklist:
    """A page of the people whose basic information the viewer may see, for the start page and search.

    Reach is filtered in the database and the list walks people in reference order from ``after``
    (keyset pagination on the unique index, so the cost of a page does not grow with the number of
    families). One batch of candidates is decided per page — a constant number of queries — and the
    policy removes anyone whose basic information is not permitted, so neither the list nor its
    length leaks a hidden person. Only the people shown are recorded, in bulk.
    """
    viewer = viewer_for(user)
    if not viewer.has_practitioner_role:
        return Worklist([])
    found: QuerySet[Person] = reachable_people(user)
    search = _search_text(search)
    by_nhs_number = _nhs_number_searched(search)
    if by_nhs_number:
        found = found.filter(nhs_number=by_nhs_number)
    elif search:
        search_threshold_set()
        # The matches as a set from the trigram index, which the walk in reference order checks:
        # filtered in the walk itself, every person was folded until a page of "Smith" was found.
        matching = Person.objects.annotate(search_name=SearchName()).filter(_search_condition(search))
        found = found.filter(pk__in=matching.values("pk"))
    if after:
        found = found.filter(reference__gt=after)
    batch_size = max(limit * CANDIDATES_PER_SHOWN, LIST_BATCH)
    # One statement, in two steps: the batch is chosen in a subquery (reach, search, keyset; LIMIT),
    # and the per-person facts are worked out for that batch only. With the facts in the same query
    # as the search, PostgreSQL planned them for every match of a common name and built hashes of
    # every note and contact the viewer ever wrote — seconds at 100k families.
    chosen = found.order_by("reference").values("pk")[:batch_size]
    candidates = with_subject_facts(Person.objects.filter(pk__in=chosen).select_related("family"), user)
    batch = list(candidates.order_by("reference"))
    rules = purpose_rules()
    facts = load_facts(user, batch, viewer)
    at = timezone.now()
    basic = _decide(viewer, facts, Category.BASIC, purpose, at, rules)
    permitted = [p for p in batch if basic[p.pk].permitted]
    categories: tuple[Category, ...] = (Category.BASIC,)
    if by_nhs_number:
        # An NHS number is an other personal detail (issue 13): a match shows that this person has
        # it, so it is answered only where that topic is open to the viewer, and logged as such.
        sensitive = _decide(viewer, facts, Category.SENSITIVE, purpose, at, rules)
        permitted = [p for p in permitted if _details_opened(sensitive[p.pk])]
        categories = (Category.BASIC, Category.SENSITIVE)
    shown = permitted[:limit]
    if len(permitted) > limit:
        next_after = shown[-1].reference
    elif len(batch) == max(limit * CANDIDATES_PER_SHOWN, LIST_BATCH):
        next_after = batch[-1].reference  # undecided people remain beyond this batch
    else:
        next_after = ""
    facts.subjects = {p.pk: facts.subjects[p.pk] for p in shown}
    views = disclose_people(
        user, shown, context=context, purpose=purpose, categories=categories, record_denials=False,
        viewer=viewer, facts=facts, rules=rules, with_notes=False, with_details=False, with_contacts=False,
    )
    return Worklist(views, next_after)


CASELOAD_LIMIT = 100  # children on the start page's "my families"; beyond it, search


@dataclass(frozen=True)
class CaseloadRow:
    """A child on the named health visitor's caseload: the child as the gate shows them, and their
    next review where attendance is shared with her (¶17); None there otherwise, or when nothing is
    due."""

    child: SubjectView
    next_review: ScheduledReview | None

    @property
    def review_shared(self) -> bool:
        return self.child.schedule is not None


@dataclass(frozen=True)
class Caseload:
    rows: list[CaseloadRow]
    more: bool = False  # more children than the page shows


def caseload(user: AbstractBaseUser, *, context: str = "page:caseload", limit: int = CASELOAD_LIMIT) -> Caseload:
    """The children of the families the user is the named health visitor for (issue 13), each with
    their next review where the sensitive decision opens it. Like ``worklist``: reach filtered in
    the database, then only those whose basic information the policy permits are listed and
    recorded (a hidden child is neither listed nor counted); contacts are fetched only where the
    antenatal and postnatal topic is open. A constant number of queries, whatever the caseload."""
    viewer = viewer_for(user)
    if not viewer.has_practitioner_role or viewer.user_id is None:
        return Caseload([])
    candidates = list(
        with_subject_facts(
            reachable_people(user)
            .filter(family__named_health_visitor_id=viewer.user_id, kind=PersonKind.CHILD)
            .select_related("family"),
            user,
        ).order_by("family__reference", "reference")[: limit + 1]
    )
    more = len(candidates) > limit
    candidates = candidates[:limit]
    rules = purpose_rules()
    facts = load_facts(user, candidates, viewer)
    basic = _decide(viewer, facts, Category.BASIC, None, timezone.now(), rules)
    shown = [p for p in candidates if basic[p.pk].permitted]
    facts.subjects = {p.pk: facts.subjects[p.pk] for p in shown}
    views = disclose_people(
        user, shown, context=context, record_denials=False, viewer=viewer, facts=facts, rules=rules,
        with_notes=False, with_details=False,
    )
    rows = [CaseloadRow(v, next_review(v.schedule) if v.schedule is not None else None) for v in views]
    return Caseload(rows, more)


def visible_people(
    user: AbstractBaseUser, *, context: str, search: str = "", purpose: str | None = None, limit: int = PAGE_SIZE
) -> list[SubjectView]:
    """The first page of ``worklist``."""
    return worklist(user, context=context, search=search, purpose=purpose, limit=limit).people


class SearchName(Func):
    """``search_fold(first_name || ' ' || last_name || ' ' || reference)``: exactly the expression
    the trigram index of families migration 0005 is built on, so PostgreSQL answers every word of
    a search — name, misspelling or reference (``ADA-C1`` folds to ``ada c1``; the family's
    reference starts it) — from that one index."""

    template = "search_fold(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = CharField()

    def __init__(self) -> None:
        super().__init__(F("first_name"), F("last_name"), F("reference"))


SEARCH_MAX_LENGTH = 100
# Close misspellings ("Siobahn" for Siobhan) are found by trigram word similarity, on PostgreSQL,
# for words long enough to have a few trigrams; 0.5 finds one swapped pair of letters in a 7-letter
# name without finding unrelated names.
MISSPELLING_MIN_LENGTH = 4
MISSPELLING_THRESHOLD = 0.5
_POSTCODE_START = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?(?:[0-9][A-Z]{0,2})?")
_NHS_NUMBER = re.compile(r"[0-9]{3}[\s-]*[0-9]{3}[\s-]*[0-9]{4}")


def _search_text(search: str) -> str:
    return (search or "").strip()[:SEARCH_MAX_LENGTH]


def _nhs_number_searched(search: str) -> str:
    """The ten digits, when the whole search is an NHS number (with or without spaces)."""
    return re.sub(r"[\s-]", "", search) if _NHS_NUMBER.fullmatch(search) else ""


def _misspellings_searched() -> bool:
    return connection.vendor == "postgresql"


def _search_condition(search: str) -> Q:
    """Name, reference or postcode, matched in the database; the policy filters the answer.

    Names and references are compared folded (``search_fold``: no accents, case or apostrophes),
    word by word in any order, so "O’Neil Siobhán", "siobhan oneil" and "O'Neil, Siobhan" all find
    Siobhan O'Neil; on PostgreSQL a word may also be a close misspelling. A search that is (the
    start of) a postcode matches with or without its space, in any case. The query is annotated
    with ``search_name`` (``SearchName``)."""
    condition = Q()
    misspellings = _misspellings_searched()
    for raw in re.split(r"[\s,]+", search):
        term = search_fold(raw).strip()
        if not term:
            continue
        # Every alternative is on the one trigram index (no scan of every person at 100k families).
        words = Q(search_name__contains=term)
        if misspellings and len(term) >= MISSPELLING_MIN_LENGTH and " " not in term:
            words |= Q(TrigramWordSimilar(F("search_name"), term))
        condition &= words
    compact = re.sub(r"\s+", "", search).upper()
    if _POSTCODE_START.fullmatch(compact):
        condition |= Q(family__in=Family.objects.alias(compact=Replace(F("postcode"), Value(" "), Value(""))).filter(
            compact__startswith=compact
        ).values("pk"))
    return condition


def search_threshold_set() -> None:
    """The misspelling threshold for this transaction (``pg_trgm.word_similarity_threshold``)."""
    if _misspellings_searched():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(MISSPELLING_THRESHOLD)]
            )


def duplicate_summaries(user: AbstractBaseUser, matches: Sequence[Person], *, viewer: Viewer) -> list[str]:
    """Possible duplicates, described only as far as the viewer may see them.

    A duplicate check is itself a reveal (issue 9): every match is decided and logged with the
    context "duplicate check" — shown or refused — and a match outside the viewer's reach is
    answered only with "a possible match exists; your manager has been told" (the manager sees
    these probes counted per practitioner and day).
    """
    if not matches:
        return []
    candidates = Person.objects.filter(pk__in=[m.pk for m in matches]).select_related("family")
    people = list(with_subject_facts(candidates, user))
    views = disclose_people(user, people, context=DUPLICATE_CHECK, categories=(Category.BASIC,), viewer=viewer)
    lines = [f"{v.label} ({v.reference}), {v.family_reference} family" for v in views if v.basic is not None]
    reachable = {p.pk for p in people if getattr(p, "fact_reachable", False)}
    hidden = [v for v in views if v.basic is None]
    if any(v.id in reachable for v in hidden):
        lines.append(DUPLICATE_NOT_SHARED)
    if any(v.id not in reachable for v in hidden):
        lines.append(DUPLICATE_ELSEWHERE)
    return lines
