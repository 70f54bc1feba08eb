"""Reads for the manager's trail (issue 10, docs/trail.md): one timeline of reads and changes.

Reads are the disclosure log (refusals included); changes are django-auditlog's entries for the
centre's families, people, notes and consent records. Both are read newest first by ``(at, id)``
with keyset pagination — no OFFSET, so a page costs the same at row 50 and at row 1,000,000 — and
merged in Python: one query per stream per page, whatever the page.

The trail names people by reference only (never a name, an address or a note): it says who saw
what, not what they saw. So it records no disclosure rows; opening it is recorded instead
(``TrailAccess``, ``services.trail_access_record``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from auditlog import get_logentry_model
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.selectors import display_name
from centres.vocabulary import HEALTH_PROFESSIONAL_ROLES
from consent.models import CapacityAssessment, Consent, ConsentWithdrawal, Objection
from families.models import CarerLink, Family, Note, Person
from sharing.models import Disclosure, Referral, ReferralEvent, TrailAccess
from sharing.policy import purpose_text
from sharing.vocabulary import Basis, CategoryChoice, context_label

PAGE_SIZE = 50
READ, CHANGE = "read", "change"
# Within one instant, reads sort before changes (newest first): the key is (at, rank, id).
_RANK = {READ: 1, CHANGE: 0}
SHOWN, REFUSED = "shown", "refused"

# Where each audited model hangs from a family and a person, for the centre scope and the
# reference filter.
AUDITED: dict[type, tuple[str, str]] = {
    Family: ("", ""),
    Person: ("family__", ""),
    Note: ("subject__family__", "subject__"),
    CarerLink: ("child__family__", "child__"),
    Consent: ("family__", "subjects__"),
    ConsentWithdrawal: ("consent__family__", "consent__subjects__"),
    Objection: ("family__", "subjects__"),
    CapacityAssessment: ("person__family__", "person__"),
}
# Deny by default: a changed field's old and new values appear on the trail only for these
# fields, which say what kind of change it was and hold nothing about who the person is. Names,
# dates of birth, addresses and note text are shown as "changed" (note text is masked in the
# change log itself: families.apps).
VALUES_SHOWN = frozenset({
    "topic", "relationship", "kind", "decision", "scope", "given_on", "review_on", "withdrawn_at",
    "made_at", "assessed_on", "outcome", "centre", "has_capacity",
})
CHANGED = "changed"
ACTIONS = {0: "Created", 1: "Changed", 2: "Deleted", 3: "Accessed"}


@dataclass(frozen=True)
class TrailFilters:
    practitioner: str = ""
    reference: str = ""
    category: str = ""
    basis: str = ""
    outcome: str = ""
    purpose: str = ""  # "asserted": only reveals for a purpose other than the viewer's usual one
    context: str = ""
    kind: str = ""  # READ or CHANGE; empty for both
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def reads_only(self) -> bool:
        """Filters that only a read has: changes are left out when any is set."""
        return self.kind == READ or any((self.category, self.basis, self.outcome, self.purpose, self.context))

    @property
    def changes_only(self) -> bool:
        return self.kind == CHANGE

    def as_dict(self) -> dict:
        return {key: str(value) for key, value in asdict(self).items() if value}


@dataclass(frozen=True)
class Cursor:
    at: dt.datetime
    rank: int
    id: int

    def encode(self) -> str:
        return f"{self.at.isoformat()}_{self.rank}_{self.id}"

    @classmethod
    def decode(cls, text: str) -> Cursor | None:
        try:
            at, rank, pk = text.rsplit("_", 2)
            moment = dt.datetime.fromisoformat(at)
            if timezone.is_naive(moment):
                return None
            return cls(moment, int(rank), int(pk))
        except (ValueError, TypeError):
            return None


@dataclass(frozen=True)
class TrailEntry:
    kind: str
    at: dt.datetime
    id: int
    who: str
    who_role: str
    who_username: str
    where: str  # the viewer's centre or agency
    subject: str  # a person reference, or the record changed
    family: str
    # reads
    category: str = ""
    permitted: bool = False
    basis: str = ""
    purpose: str = ""
    purpose_asserted: bool = False
    context: str = ""
    reason: str = ""
    consent_id: int | None = None
    override_id: int | None = None
    # Issue 15: the partner agency it was revealed to (a referral pack), when not shown to ``who``.
    recipient: str = ""
    # changes
    action: str = ""
    record: str = ""
    fields: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.at, _RANK[self.kind], self.id)

    @property
    def outcome(self) -> str:
        return SHOWN if self.permitted else REFUSED


@dataclass(frozen=True)
class TrailPage:
    entries: list[TrailEntry]
    next_cursor: str | None


def _before(cursor: Cursor | None, kind: str, at_field: str) -> Q:
    """Rows strictly after the cursor in (at, rank, id) descending order, for one stream.

    The plain ``at <= cursor`` conjunct lets the index range scan start at the cursor (an OR alone
    would make PostgreSQL scan from the newest row on every page).
    """
    if cursor is None:
        return Q()
    rank = _RANK[kind]
    if rank == cursor.rank:
        return Q(**{f"{at_field}__lte": cursor.at}) & (
            Q(**{f"{at_field}__lt": cursor.at}) | Q(**{at_field: cursor.at, "id__lt": cursor.id})
        )
    if rank < cursor.rank:  # this stream sorts after the cursor's stream at the same instant
        return Q(**{f"{at_field}__lte": cursor.at})
    return Q(**{f"{at_field}__lt": cursor.at})


def _user_id(username: str) -> Subquery:
    # A scalar subquery, not a join: the planner then walks (viewer, -at, -id) for that one id.
    return Subquery(get_user_model().objects.filter(username=username).values("pk")[:1])


def _day_bounds(filters: TrailFilters, at_field: str) -> Q:
    q = Q()
    zone = timezone.get_current_timezone()
    if filters.date_from:
        q &= Q(**{f"{at_field}__gte": dt.datetime.combine(filters.date_from, dt.time.min, zone)})
    if filters.date_to:
        q &= Q(**{f"{at_field}__lt": dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time.min, zone)})
    return q


def reads(*, centre_id: int | None, filters: TrailFilters, cursor: Cursor | None = None) -> QuerySet[Disclosure]:
    """The disclosure log about the centre's people (whoever the viewer was: staff or agency)."""
    rows = Disclosure.objects.all()
    if centre_id is not None:
        rows = rows.filter(subject__family__centre_id=centre_id)
    if filters.practitioner:
        rows = rows.filter(viewer_id=_user_id(filters.practitioner))
    if filters.reference:
        # People's references have a hyphen (ADA-C1), families' do not (ADA): one equality, no OR,
        # so the planner walks (subject, -at, -id) for a person.
        if "-" in filters.reference:
            rows = rows.filter(subject_id=Subquery(Person.objects.filter(reference=filters.reference).values("pk")[:1]))
        else:
            rows = rows.filter(subject__family__reference=filters.reference)
    if filters.category:
        rows = rows.filter(category=filters.category)
    if filters.basis:
        rows = rows.filter(basis=filters.basis)
    if filters.outcome:
        rows = rows.filter(permitted=filters.outcome == SHOWN)
    if filters.purpose == "asserted":
        rows = rows.filter(purpose_asserted=True)
    if filters.context:
        rows = rows.filter(context=filters.context)
    return (
        rows.filter(_day_bounds(filters, "at"), _before(cursor, READ, "at"))
        .select_related("viewer", "subject__family", "purpose", "viewer_centre", "viewer_agency", "recipient_agency")
        .order_by("-at", "-id")
    )


def _audited_objects(centre_id: int | None, reference: str) -> Q:
    condition = Q()
    for model, (family_path, person_path) in AUDITED.items():
        objects = model._base_manager.all()
        if centre_id is not None:
            objects = objects.filter(**{f"{family_path}centre_id": centre_id})
        if reference:
            objects = objects.filter(
                Q(**{f"{family_path}reference": reference}) | Q(**{f"{person_path}reference": reference})
            )
        content_type = ContentType.objects.get_for_model(model)
        condition |= Q(content_type_id=content_type.pk, object_id__in=objects.values("pk"))
    return condition


def changes(*, centre_id: int | None, filters: TrailFilters, cursor: Cursor | None = None) -> QuerySet:
    """django-auditlog's entries for the centre's families, people, notes and consent records."""
    rows = get_logentry_model().objects.filter(_audited_objects(centre_id, filters.reference))
    if filters.practitioner:
        rows = rows.filter(actor_id=_user_id(filters.practitioner))
    return (
        rows.filter(_day_bounds(filters, "timestamp"), _before(cursor, CHANGE, "timestamp"))
        .select_related("actor", "actor__membership__centre", "actor__membership__agency", "content_type")
        .order_by("-timestamp", "-id")
    )


def _where(centre, agency) -> str:
    return centre.name if centre else (agency.name if agency else "")


def _read_entry(row: Disclosure) -> TrailEntry:
    return TrailEntry(
        kind=READ, at=row.at, id=row.pk,
        who=display_name(row.viewer), who_role=row.get_viewer_role_display(),
        who_username=row.viewer.get_username(), where=_where(row.viewer_centre, row.viewer_agency),
        subject=row.subject.reference, family=row.subject.family.reference,
        category=CategoryChoice(row.category).label, permitted=row.permitted,
        basis=Basis(row.basis).label if row.basis else "",
        purpose=purpose_text(row.purpose.slug), purpose_asserted=row.purpose_asserted,
        context=context_label(row.context), reason=row.reason,
        consent_id=row.consent_id, override_id=row.override_id,
        recipient=row.recipient_agency.name if row.recipient_agency_id else "",
    )


def _field_changes(changes: dict | None) -> tuple[tuple[str, str], ...]:
    shown = []
    for name, values in sorted((changes or {}).items()):
        label = name.replace("_", " ")
        if name in VALUES_SHOWN and isinstance(values, list) and len(values) == 2:
            old, new = values
            shown.append((label, f"{old} → {new}" if old not in (None, "None", "") else f"{new}"))
        else:
            shown.append((label, CHANGED))
    return tuple(shown)


def _change_entry(row) -> TrailEntry:
    actor = row.actor
    membership = getattr(actor, "membership", None) if actor else None
    return TrailEntry(
        kind=CHANGE, at=row.timestamp, id=row.pk,
        who=display_name(actor) or "The system",
        who_role=membership.get_role_display() if membership else "",
        who_username=actor.get_username() if actor else "",
        where=_where(membership.centre, membership.agency) if membership else "",
        subject=row.object_repr, family="",
        action=ACTIONS.get(row.action, ""), record=row.content_type.name.capitalize(),
        fields=_field_changes(row.changes if isinstance(row.changes, dict) else None),
    )


def timeline(
    *, centre_id: int | None, filters: TrailFilters, cursor: Cursor | None = None, page_size: int = PAGE_SIZE
) -> TrailPage:
    """One page of the trail, newest first: two queries (reads, changes), whatever the page."""
    entries: list[TrailEntry] = []
    if not filters.changes_only:
        entries += [_read_entry(r) for r in reads(centre_id=centre_id, filters=filters, cursor=cursor)[:page_size + 1]]
    if not filters.reads_only:
        entries += [
            _change_entry(r) for r in changes(centre_id=centre_id, filters=filters, cursor=cursor)[:page_size + 1]
        ]
    entries.sort(key=lambda e: (e.at, _RANK[e.kind], e.id), reverse=True)
    more = len(entries) > page_size
    entries = entries[:page_size]
    return TrailPage(entries, entries[-1].cursor.encode() if more and entries else None)


def trail_accesses(*, centre_id: int | None, limit: int = 10) -> QuerySet[TrailAccess]:
    """Who looked at the trail, newest first."""
    rows = TrailAccess.objects.all() if centre_id is None else TrailAccess.objects.filter(centre_id=centre_id)
    return rows.select_related("viewer").order_by("-at", "-id")[:limit]


def consent_recipients(*, consent_id: int, until: dt.datetime | None = None) -> list[dict]:
    """Who saw information under this consent, and when (UK GDPR Art. 19: tell them to stop).

    One row per viewer (a practitioner or an agency's worker), with their first and last reveal;
    computed from the append-only disclosure log up to ``until`` (the withdrawal).
    """
    # Reveals to an agency (a referral pack, issue 15) are listed per referral: ``consent_referrals``.
    rows = Disclosure.objects.filter(consent_id=consent_id, permitted=True, recipient_agency__isnull=True)
    if until is not None:
        rows = rows.filter(at__lte=until)
    grouped: dict[int, dict] = {}
    for row in rows.select_related("viewer", "viewer_centre", "viewer_agency").order_by("at", "id"):
        entry = grouped.setdefault(row.viewer_id, {
            "who": display_name(row.viewer),
            "username": row.viewer.get_username(),
            "role": row.get_viewer_role_display(),
            "where": _where(row.viewer_centre, row.viewer_agency),
            "external": row.viewer_agency_id is not None,
            "first": row.at, "last": row.at, "people": set(), "categories": set(),
        })
        entry["last"] = row.at
        entry["people"].add(row.subject_id)
        entry["categories"].add(CategoryChoice(row.category).label)
    result = []
    for entry in grouped.values():
        entry["people"] = len(entry["people"])
        entry["categories"] = sorted(entry["categories"])
        result.append(entry)
    return sorted(result, key=lambda e: (not e["external"], e["who"]))


def seen_without_consent(*, centre_id: int | None, since: dt.datetime | None = None) -> list[dict]:
    """POLICY.md box after ¶18: the centre's people whose information non-health staff (in the
    centre or an agency) have seen on a basis other than explicit consent, per person, with
    the bases used. What a practitioner recorded themselves was never shared with them.

    One query, grouped in the database.
    """
    rows = Disclosure.objects.filter(permitted=True)
    if centre_id is not None:  # None: the Caldicott Guardian, across every centre
        rows = rows.filter(subject__family__centre_id=centre_id)
    rows = rows.exclude(
        viewer_role__in=HEALTH_PROFESSIONAL_ROLES
    ).exclude(basis__in=[Basis.EXPLICIT_CONSENT, Basis.RECORDED_BY_VIEWER])
    if since is not None:
        rows = rows.filter(at__gte=since)
    grouped: dict[str, dict] = {}
    for row in (
        rows.values("subject__reference", "subject__family__reference", "basis")
        .annotate(times=Count("id"), viewers=Count("viewer", distinct=True), last=Max("at"))
        .order_by("subject__reference", "basis")
    ):
        entry = grouped.setdefault(row["subject__reference"], {
            "reference": row["subject__reference"], "family": row["subject__family__reference"],
            "bases": [], "times": 0, "last": row["last"],
        })
        entry["bases"].append(Basis(row["basis"]).label)
        entry["times"] += row["times"]
        entry["last"] = max(entry["last"], row["last"])
    return sorted(grouped.values(), key=lambda e: e["last"], reverse=True)


def seen_under_unreviewed_override(*, centre_id: int | None) -> list[dict]:
    """People seen under an override no manager has reviewed yet, with the override to review."""
    # override__isnull=False: "no review" alone is also true of every reveal with no override at all
    # (the outer join), which the Caldicott Guardian's unscoped list would then show.
    rows = Disclosure.objects.filter(override__isnull=False, override__review__isnull=True, permitted=True)
    if centre_id is not None:  # None: the Caldicott Guardian, across every centre
        rows = rows.filter(override__centre_id=centre_id)
    return list(
        rows
        .values("override_id", "subject__reference", "subject__family__reference",
                "override__opened_by__username", "override__kind")
        .annotate(times=Count("id"), last=Max("at"))
        .order_by("-last")
    )


def consent_referrals(*, consent_id: int, until: dt.datetime | None = None) -> list[dict]:
    """The referrals whose pack went to an agency under this consent (issue 15), with the agency and
    the referral's status: on a withdrawal, each agency is told to stop using what it was sent.

    From the disclosure log like ``consent_recipients`` (the send, and any printed or JSON pack, are
    rows with the agency as recipient); one query, on the partial index (consent, referral).
    """
    sent = Disclosure.objects.filter(consent_id=consent_id, permitted=True, referral__isnull=False)
    if until is not None:
        sent = sent.filter(at__lte=until)
    newest = ReferralEvent.objects.filter(referral_id=OuterRef("pk")).order_by("-at", "-id")
    rows = (
        Referral.objects.filter(pk__in=sent.values("referral_id"))
        .annotate(status_kind=Subquery(newest.values("kind")[:1]), status_at=Subquery(newest.values("at")[:1]))
        .select_related("agency", "subject", "sent_by")
        .order_by("sent_at", "id")
    )
    labels = dict(ReferralEvent.Kind.choices)
    return [
        {
            "id": r.pk, "agency": r.agency.name, "subject": r.subject.reference, "sent_at": r.sent_at,
            "sent_by": display_name(r.sent_by),
            "status": labels.get(r.status_kind, ""), "status_at": r.status_at,
        }
        for r in rows
    ]
