"""Referrals to a partner agency (issue 15): the pack is built by the gate, sent, and answered.

A practitioner refers a family member to an agency, choosing what to send. The pack is decided
here like every reveal, twice over: ``sharing.policy.referral.decide_for_agency`` says what the
agency may receive (only explicit consent naming it, for the purpose — basis 2), and
``sharing.policy.decide`` what the sender may see (they see exactly what will be sent before
sending). ``pack_plan`` keeps what both permit and lists the rest with the reason. Only what the
plan keeps leaves the database.

Sending writes the ``Referral`` (references and decisions only, never person data), its first
``ReferralEvent`` and one disclosure row per category with the agency as the recipient, in one
transaction. Every later showing of the pack — the referral page, the printable pack, the JSON
document — is decided again, at that moment, for whoever it is shown or sent to, and recorded.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from accounts.selectors import display_name
from centres.models import PartnerAgency
from families.models import Person
from families.vocabulary import SensitiveTopic
from sharing import policy
from sharing.access import NOT_FOUND
from sharing.disclose import NOTES, disclose_people, note_view
from sharing.loading import Facts, load_facts, purpose_rules, viewer_for, with_subject_facts
from sharing.models import Referral, ReferralEvent
from sharing.policy import Decision, Viewer
from sharing.policy.referral import (
    BASIC_LABEL,
    PackPlan,
    agency_recipient,
    decide_for_agency,
    may_list_referrals,
    may_refer,
    may_respond_to_referral,
    may_see_referral,
    pack_plan,
)
from sharing.reach import reachable_people
from sharing.revealed import AddressView, BasicDetails, NoteView, SubjectView
from sharing.services import disclosures_record
from sharing.vocabulary import Category

CONTEXT_NEW = "page:referral-new"
CONTEXT_PREVIEW = "page:referral-preview"
CONTEXT_SEND = "referral:send"
CONTEXT_PAGE = "page:referral"
CONTEXT_LIST = "page:referrals"
CONTEXT_PRINT = "print:referral-pack"
CONTEXT_JSON = "export:referral-pack"

NOTHING_TO_SEND = "Nothing can be sent to {agency}. {reason}"
PACK_CHANGED = (
    "What can be sent has changed since you looked at it (a consent may have changed). "
    "Check what will be sent below, then send it"
)
NOT_YOURS_TO_REFER = "Only practitioners of the family's centre can refer them to an agency."
NOT_YOURS_TO_ANSWER = "Only {agency} can accept or decline this referral."
ALREADY_ANSWERED = "This referral has already been {kind}."
LIST_LIMIT = 100


@dataclass(frozen=True)
class Ask:
    """What the practitioner asked to send, to whom and for what."""

    agency: PartnerAgency
    purpose: str
    basic: bool
    topics: tuple[str, ...]


@dataclass(frozen=True)
class PackView:
    """The pack as it would go (or went) to the agency: whatever is not in it is absent, with the reason."""

    reference: str
    agency_id: int
    agency_name: str
    purpose: str
    basic: BasicDetails | None
    address: AddressView | None
    notes: tuple[NoteView, ...]
    topics: tuple[str, ...]
    left_out: tuple[tuple[str, str], ...]
    basis: str = ""
    consent_id: int | None = None

    @property
    def sendable(self) -> bool:
        return self.basic is not None

    @property
    def topic_labels(self) -> list[str]:
        return [SensitiveTopic(t).label for t in self.topics]

    @property
    def signature(self) -> str:
        """What the pack holds, so that sending can check it is what the practitioner saw."""
        return f"{int(self.basic is not None)}|{','.join(self.topics)}|{','.join(str(n.id) for n in self.notes)}"


@dataclass(frozen=True)
class _Decided:
    viewer: Viewer
    to_agency: dict[Category, Decision]
    to_sender: dict[Category, Decision]
    plan: PackPlan
    at: dt.datetime
    purpose_ids: dict[str, int]


def person_to_refer(user: AbstractBaseUser, reference: str) -> Person:
    """The person, with the facts the policy needs; 404 out of reach, 403 unless the user may refer."""
    person = (
        with_subject_facts(
            reachable_people(user).filter(reference=reference).select_related("family__centre"), user
        ).first()
        if viewer_for(user).has_practitioner_role
        else None
    )
    if person is None:
        raise Http404(NOT_FOUND)
    if not may_refer(viewer_for(user), person.family.centre_id):
        raise PermissionDenied
    return person


def _decide_pack(user: AbstractBaseUser, person: Person, ask: Ask, facts: Facts | None = None) -> _Decided:
    viewer = viewer_for(user)
    facts = facts or load_facts(user, [person], viewer)
    subject = facts.subjects[person.pk]
    rules = purpose_rules()
    purposes = {slug: rule for slug, (_pk, rule) in rules.items()}
    lapse = settings.SHARING_CONSENT_LAPSES_AT_REVIEW
    at = timezone.now()
    agency = agency_recipient(ask.agency.pk, ask.agency.name)
    categories = [Category.BASIC] + ([Category.SENSITIVE] if ask.topics else [])
    to_agency = {
        c: decide_for_agency(viewer, agency, subject, c, ask.purpose, at, lapse_at_review=lapse, purposes=purposes)
        for c in categories
    }
    to_sender = {
        c: policy.decide(viewer, subject, c, ask.purpose, at, lapse_at_review=lapse, purposes=purposes)
        for c in categories
    }
    plan = pack_plan(
        asked_basic=ask.basic, asked_topics=ask.topics, to_agency=to_agency, to_sender=to_sender,
        agency_name=ask.agency.name,
    )
    return _Decided(viewer, to_agency, to_sender, plan, at, {slug: pk for slug, (pk, _r) in rules.items()})


def _pack_view(person: Person, ask: Ask, decided: _Decided, note_ids: Sequence[int] | None = None) -> PackView:
    plan = decided.plan
    notes: tuple[NoteView, ...] = ()
    if plan.basic and plan.topics:
        # Only the notes the plan opens leave the database (and, for a sent referral, only those sent).
        # Fetched as every page fetches notes (sharing.disclose.NOTES): with their amendments, so the
        # agency gets what the note now says (issue 13).
        rows = NOTES.rows().filter(subject_id=person.pk, topic__in=sorted(plan.topics))
        if note_ids is not None:
            rows = rows.filter(pk__in=list(note_ids))
        notes = tuple(note_view(n, decided.viewer) for n in rows)
    family = person.family
    basic_decision = decided.to_agency[Category.BASIC]
    return PackView(
        reference=person.reference,
        agency_id=ask.agency.pk,
        agency_name=ask.agency.name,
        purpose=policy.purpose_text(ask.purpose),
        basic=BasicDetails(person.first_name, person.last_name, person.date_of_birth, person.due_date)
        if plan.basic else None,
        address=AddressView(family.address_line_1, family.address_line_2, family.town, family.postcode)
        if plan.basic else None,
        notes=notes,
        topics=tuple(sorted(plan.topics)),
        left_out=plan.left_out,
        basis=basic_decision.reason if basic_decision.permitted else "",
        consent_id=basic_decision.consent_id,
    )


def _record_to_sender(decided: _Decided, context: str) -> None:
    disclosures_record(
        viewer=decided.viewer, decisions=list(decided.to_sender.values()), context=context, at=decided.at,
        purpose_ids=decided.purpose_ids,
    )


def _record_to_agency(decided: _Decided, ask: Ask, context: str, referral_id: int | None) -> None:
    disclosures_record(
        viewer=decided.viewer, decisions=list(decided.to_agency.values()), context=context, at=decided.at,
        purpose_ids=decided.purpose_ids, recipient_agency_id=ask.agency.pk, referral_id=referral_id,
    )


def referral_preview(user: AbstractBaseUser, person: Person, ask: Ask) -> PackView:
    """What would be sent, shown to the practitioner first (and recorded as shown to them)."""
    with transaction.atomic(savepoint=False):
        decided = _decide_pack(user, person, ask)
        view = _pack_view(person, ask, decided)
        _record_to_sender(decided, CONTEXT_PREVIEW)
    return view


def referral_send(
    user: AbstractBaseUser, person: Person, ask: Ask, *, why: str, previewed: str | None = None
) -> Referral:
    """Send the pack: decided again now; the referral, its "sent" event and the disclosure rows (the
    agency as recipient) in one transaction. ``previewed``: the signature of the pack the
    practitioner saw; if what can be sent has changed since, nothing is sent (``PACK_CHANGED``)."""
    # Decide and check first (reads only), so a refusal leaves the request's transaction usable.
    decided = _decide_pack(user, person, ask)
    if not may_refer(decided.viewer, person.family.centre_id):
        raise ValidationError(NOT_YOURS_TO_REFER)
    view = _pack_view(person, ask, decided)
    if not view.sendable:
        reasons = [reason for what, reason in view.left_out if what == BASIC_LABEL] or [""]
        raise ValidationError(NOTHING_TO_SEND.format(agency=ask.agency.name, reason=reasons[0]).strip())
    if previewed is not None and previewed != view.signature:
        raise ValidationError(PACK_CHANGED)
    # No savepoint of its own: the rows share the fate of the request's (or caller's) transaction.
    with transaction.atomic(savepoint=False):
        referral = Referral(
            subject=person,
            centre_id=person.family.centre_id,
            agency=ask.agency,
            purpose_id=decided.purpose_ids[ask.purpose],
            sent_by_id=decided.viewer.user_id,
            sent_at=decided.at,
            why=why.strip(),
            asked_basic=ask.basic,
            asked_topics=sorted(ask.topics),
            sent_basic=view.basic is not None,
            sent_topics=list(view.topics),
            sent_note_ids=[n.id for n in view.notes],
            left_out=[{"what": what, "reason": reason} for what, reason in view.left_out],
            consent_id=view.consent_id,
        )
        referral.full_clean()
        referral.save()
        ReferralEvent(
            referral=referral, kind=ReferralEvent.Kind.SENT, at=decided.at, by_id=decided.viewer.user_id
        ).save()
        _record_to_agency(decided, ask, CONTEXT_SEND, referral.pk)
    return referral


def referral_for(user: AbstractBaseUser, pk: int) -> Referral:
    """The referral, for the centre that sent it and the agency it went to; 404 for anyone else."""
    referral = (
        Referral.objects.select_related("subject__family__centre", "centre", "agency", "purpose", "sent_by")
        .filter(pk=pk)
        .first()
    )
    if referral is None or not may_see_referral(viewer_for(user), referral.centre_id, referral.agency_id):
        raise Http404(NOT_FOUND)
    return referral


def _ask_of(referral: Referral) -> Ask:
    return Ask(referral.agency, referral.purpose.slug, referral.sent_basic, tuple(referral.sent_topics))


def pack_for_agency(user: AbstractBaseUser, referral: Referral, *, context: str) -> PackView:
    """The printable pack or JSON document, for an agency without an account: handed over by the
    centre's practitioners (403 for anyone else). Decided again now, limited to what was sent, and
    recorded twice — shown to the practitioner, and sent to the agency."""
    viewer = viewer_for(user)
    if not may_refer(viewer, referral.centre_id):
        raise PermissionDenied
    person = with_subject_facts(
        Person.objects.filter(pk=referral.subject_id).select_related("family"), user
    ).get()
    ask = _ask_of(referral)
    with transaction.atomic(savepoint=False):
        decided = _decide_pack(user, person, ask)
        view = _pack_view(person, ask, decided, note_ids=referral.sent_note_ids)
        _record_to_sender(decided, context)
        _record_to_agency(decided, ask, context, referral.pk)
    # What was left out when it was sent, then anything sent that may no longer go (a withdrawal).
    left_out = tuple((item["what"], item["reason"]) for item in referral.left_out) + view.left_out
    return replace(view, left_out=left_out)


@dataclass(frozen=True)
class ReferralPage:
    referral: Referral
    subject: SubjectView
    address: AddressView | None
    notes: tuple[NoteView, ...]
    events: list[ReferralEvent]
    may_respond: bool
    may_print: bool
    sent_labels: list[str] = field(default_factory=list)
    # The sender's reason is about the person: shown only while their basic information is.
    why: str = ""

    @property
    def status(self) -> ReferralEvent:
        return self.events[-1]

    @property
    def answered(self) -> bool:
        return self.status.kind != ReferralEvent.Kind.SENT


def sent_labels(referral: Referral) -> list[str]:
    labels = [BASIC_LABEL] if referral.sent_basic else []
    return labels + [SensitiveTopic(t).label for t in referral.sent_topics if t in SensitiveTopic.values]


def referral_page(user: AbstractBaseUser, referral: Referral) -> ReferralPage:
    """The referral for whoever opens it (the agency's worker, the centre's practitioners): its pack
    decided for *them*, now, and limited to what was sent — a withdrawn consent shows nothing more."""
    viewer = viewer_for(user)
    person = with_subject_facts(Person.objects.filter(pk=referral.subject_id).select_related("family"), user).get()
    categories = (Category.BASIC, Category.SENSITIVE) if referral.sent_topics else (Category.BASIC,)
    view = disclose_people(user, [person], context=CONTEXT_PAGE, categories=categories, viewer=viewer)[0]
    sent = set(referral.sent_note_ids)
    notes = tuple(n for n in (view.notes or ()) if n.id in sent)
    family = person.family
    address = (
        AddressView(family.address_line_1, family.address_line_2, family.town, family.postcode)
        if view.basic is not None and referral.sent_basic else None
    )
    events = list(referral.events.select_related("by").order_by("at", "id"))
    return ReferralPage(
        referral=referral,
        subject=view,
        address=address,
        notes=notes,
        events=events,
        may_respond=may_respond_to_referral(viewer, referral.agency_id),
        may_print=may_refer(viewer, referral.centre_id),
        sent_labels=sent_labels(referral),
        why=referral.why if view.basic is not None else "",
    )


@dataclass(frozen=True)
class ReferralRow:
    referral: Referral
    named: str
    status: str
    status_at: dt.datetime


def _with_status(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    newest = ReferralEvent.objects.filter(referral_id=OuterRef("pk")).order_by("-at", "-id")
    return referrals.annotate(
        status_kind=Subquery(newest.values("kind")[:1]), status_at=Subquery(newest.values("at")[:1])
    )


def referral_list(user: AbstractBaseUser) -> tuple[Viewer, list[ReferralRow]]:
    """The referrals an agency received, or a centre sent, newest first; people named only as far as
    the gate lets this user see them (recorded like any list)."""
    viewer = viewer_for(user)
    if not may_list_referrals(viewer):
        raise PermissionDenied
    referrals = Referral.objects.filter(
        **({"agency_id": viewer.agency_id} if viewer.is_external else {"centre_id": viewer.centre_id})
    )
    rows = list(
        _with_status(referrals).select_related("agency", "sent_by", "subject").order_by("-sent_at", "-id")[:LIST_LIMIT]
    )
    names = _names(user, viewer, {r.subject_id for r in rows})
    labels = dict(ReferralEvent.Kind.choices)
    return viewer, [
        ReferralRow(r, names.get(r.subject_id, r.subject.reference), labels[r.status_kind], r.status_at) for r in rows
    ]


def _names(user: AbstractBaseUser, viewer: Viewer, person_ids: Iterable[int]) -> dict[int, str]:
    people = list(with_subject_facts(Person.objects.filter(pk__in=list(person_ids)).select_related("family"), user))
    if not people:
        return {}
    views = disclose_people(
        user, people, context=CONTEXT_LIST, categories=(Category.BASIC,), record_denials=False, viewer=viewer
    )
    return {v.id: v.named for v in views if v.basic is not None}


def referral_respond(
    *, user: AbstractBaseUser, referral: Referral, kind: str, note: str = "", at: dt.datetime | None = None
) -> ReferralEvent:
    """The agency accepts or declines (once): a new event, never a change to the referral."""
    if kind not in (ReferralEvent.Kind.ACCEPTED, ReferralEvent.Kind.DECLINED):
        raise ValidationError({"kind": "Select whether you accept or decline the referral"})
    with transaction.atomic():
        # Two answers at once queue here. The lock is on the subject's row: the application's
        # database role may not lock history rows (docs/deploy.md, "Database roles").
        Person.objects.select_for_update().get(pk=referral.subject_id)
        if not may_respond_to_referral(viewer_for(user), referral.agency_id):
            raise ValidationError(NOT_YOURS_TO_ANSWER.format(agency=referral.agency.name))
        answered = (
            ReferralEvent.objects.filter(referral=referral).exclude(kind=ReferralEvent.Kind.SENT).first()
        )
        if answered is not None:
            raise ValidationError(ALREADY_ANSWERED.format(kind=answered.get_kind_display().lower()))
        event = ReferralEvent(referral=referral, kind=kind, at=at or timezone.now(), by=user, note=note.strip())
        event.full_clean()
        event.save()
    return event


def pack_document(referral: Referral, pack: PackView) -> dict:
    """The pack as a JSON document for an agency without an account: what was sent, what was left
    out and why, and on what basis."""
    return {
        "referral": referral.pk,
        "sent_at": referral.sent_at.isoformat(),
        "from": referral.centre.name,
        "sent_by": display_name(referral.sent_by),
        "to": pack.agency_name,
        "purpose": pack.purpose,
        "basis": pack.basis,
        "person": {
            "reference": pack.reference,
            "first_name": pack.basic.first_name,
            "last_name": pack.basic.last_name,
            "date_of_birth": pack.basic.date_of_birth.isoformat() if pack.basic.date_of_birth else None,
            "address": {
                "line_1": pack.address.address_line_1, "line_2": pack.address.address_line_2,
                "town": pack.address.town, "postcode": pack.address.postcode,
            },
        } if pack.basic is not None else None,
        "information": [
            # What the note now says (issue 13: its author's latest correction), and when it was corrected.
            {"topic": n.topic_label, "recorded_at": n.created_at.isoformat(), "text": n.current_text,
             "amended_at": n.amendments[-1].amended_at.isoformat() if n.amendments else None}
            for n in pack.notes
        ],
        "left_out": [{"what": what, "reason": reason} for what, reason in pack.left_out],
    }
