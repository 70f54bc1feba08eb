"""The sharing policy: the one place that decides (POLICY.md, paragraph numbers are the leaflet's).

Everything here is pure: it decides over facts already loaded (``sharing.facts``) and never
touches the database, so it can be tested row by row and called for a thousand subjects at once.
Deny by default: a reveal is permitted only when one of the five bases below permits it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from centres.models import HEALTH_PROFESSIONAL_ROLES, JobRole
from consent.models import ConsentDecision, ConsentKind, Purpose
from sharing.categories import SENSITIVE_TOPICS, Category
from sharing.models import Basis, OverrideKind

# ¶15, POLICY.md basis 1 Decision: the health duty of care stops at the child's 4th birthday.
DUTY_OF_CARE_AGE_LIMIT = 4
# ¶16: under 16, a Fraser/Gillick assessment is needed before consent counts.
CAPACITY_AGE = 16

# Who may register families and record consent: the health visitors and midwives who meet them.
REGISTERING_ROLES = frozenset({JobRole.HEALTH_VISITOR, JobRole.MIDWIFE})
REVIEWING_ROLES = frozenset({JobRole.CENTRE_MANAGER})


# --- The facts the policy decides over -------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """The practitioner who would see the information."""

    user_id: int | None
    username: str
    role: JobRole | None
    centre_id: int | None = None
    agency_id: int | None = None
    workplace_name: str = ""

    @property
    def has_practitioner_role(self) -> bool:
        return self.role is not None

    @property
    def is_health_professional(self) -> bool:
        return self.role in HEALTH_PROFESSIONAL_ROLES

    @property
    def is_external(self) -> bool:
        return self.agency_id is not None


@dataclass(frozen=True)
class ConsentFacts:
    """One version of a consent decision, as the policy needs it."""

    id: int
    kind: str
    decision: str
    given_by_reference: str
    given_by_relationship: str
    given_by_age_at_consent: int | None
    given_on: dt.date
    review_on: dt.date | None
    covers_basic: bool
    sensitive_topics: frozenset[str]
    in_centre_team: bool
    agency_ids: frozenset[int]
    agency_names: tuple[str, ...]
    purposes: frozenset[str]
    informed: bool
    capacity_in_doubt: bool
    capacity_confirmed: bool
    superseded: bool
    withdrawn_at: dt.datetime | None
    recorded_at: dt.datetime


@dataclass(frozen=True)
class OverrideFacts:
    id: int
    kind: str
    opened_by_id: int
    categories: frozenset[str]
    opened_at: dt.datetime
    expires_at: dt.datetime


@dataclass(frozen=True)
class SubjectFacts:
    """Everything about one subject that bears on a decision."""

    person_id: int
    reference: str
    is_child: bool
    date_of_birth: dt.date | None
    reachable: bool
    consents: tuple[ConsentFacts, ...] = ()
    objected_at: dt.datetime | None = None
    # For a parent/carer: the dates of birth of the children they are registered carer of
    # (None for a child not yet born).
    cared_for_birth_dates: tuple[dt.date | None, ...] = ()
    privacy_notice_given_on: dt.date | None = None
    overrides: tuple[OverrideFacts, ...] = ()


@dataclass(frozen=True)
class Decision:
    """The answer to "may this viewer see this category of this subject, for this purpose?"."""

    permitted: bool
    subject_id: int
    category: Category
    purpose: str
    reason: str
    basis: Basis | None = None
    consent_id: int | None = None
    override_id: int | None = None
    # For sensitive information: the topics this decision reveals (all of them under bases 4
    # and 5; those the consent names under basis 2).
    topics: frozenset[str] = field(default_factory=frozenset)
    warnings: tuple[str, ...] = ()


# --- Helpers ------------------------------------------------------------------------------------


def default_purpose_for(viewer: Viewer) -> str:
    """Issue 4: health professionals act for healthcare, everyone else for centre services."""
    return Purpose.HEALTHCARE if viewer.is_health_professional else Purpose.CENTRE_SERVICES


def age_on(born: dt.date | None, day: dt.date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _local(at: dt.datetime) -> dt.datetime:
    return timezone.localtime(at) if timezone.is_aware(at) else at


def _date(at: dt.datetime) -> dt.date:
    """The day in the UK (TIME_ZONE), not in UTC: ages and "today" turn over at local midnight."""
    return _local(at).date()


def format_day(day: dt.date | dt.datetime) -> str:
    """``7 November 2026``: the one way days are written in reasons and on pages."""
    if isinstance(day, dt.datetime):
        day = _local(day)
    return f"{day.day} {day:%B %Y}"


def format_moment(at: dt.datetime) -> str:
    return f"{format_day(at)} {_local(at):%H:%M}"


# How the three standard purposes read in a sentence; local purposes fall back to their slug.
PURPOSE_WORDS = {
    Purpose.HEALTHCARE: "healthcare",
    Purpose.CENTRE_SERVICES: "centre services",
    Purpose.MONITORING_EVALUATION: "monitoring and evaluation",
}


def _purpose_text(slug: str) -> str:
    return PURPOSE_WORDS.get(slug, slug.replace("-", " "))


def _scope_text(viewer: Viewer) -> str:
    return f"your agency ({viewer.workplace_name})" if viewer.is_external else "the in-centre team"


def _covers_category(consent: ConsentFacts, category: Category) -> bool:
    if category is Category.BASIC:
        return consent.covers_basic
    return bool(consent.sensitive_topics)


def _in_scope(consent: ConsentFacts, viewer: Viewer) -> bool:
    # Consent box after ¶17: in-centre consent never covers an external agency; an agency must be named.
    return viewer.agency_id in consent.agency_ids if viewer.is_external else consent.in_centre_team


def _scope_problem(
    consent: ConsentFacts, viewer: Viewer, category: Category, purpose: str, at: dt.datetime
) -> str | None:
    """Why this consent decision is not about this reveal at all, or None when it is."""
    by = consent.given_by_reference
    if consent.kind == ConsentKind.IMPLIED:
        # ¶15 implied-consent box.
        return (
            f"only implied consent is recorded (from {by}); implied consent is never a basis "
            "for sensitive information or for anyone outside health — record explicit consent"
        )
    if consent.given_on > _date(at):
        return f"the consent from {by} only takes effect on {format_day(consent.given_on)}"
    if not _covers_category(consent, category):
        covered = "basic information only" if consent.covers_basic else "sensitive topics only"
        return f"the consent from {by} covers {covered}, not {category.label} — record consent that includes it"
    if not _in_scope(consent, viewer):
        if viewer.is_external and consent.in_centre_team:
            return (
                f"the consent from {by} covers the in-centre team only; consent to the "
                "in-centre team never covers an external agency — it must name your agency"
            )
        if viewer.is_external:
            return f"the consent from {by} does not name {_scope_text(viewer)}"
        return f"the consent from {by} names only external agencies, not the in-centre team"
    if purpose not in consent.purposes:
        named = ", ".join(sorted(_purpose_text(p) for p in consent.purposes)) or "no purpose"
        return (
            f"the consent from {by} is for {named}, not {_purpose_text(purpose)}; a significant "
            "change in use needs fresh consent"
        )
    return None


def _validity_problem(consent: ConsentFacts, at: dt.datetime, lapse_at_review: bool) -> str | None:
    """Why this decision, although about this reveal, does not permit it (basis 2), or None."""
    by = consent.given_by_reference
    if consent.decision == ConsentDecision.REFUSED:
        return (
            f"{by} refused consent on {format_day(consent.given_on)}; a refusal is respected — only a "
            "public-interest override can set it aside"
        )
    if consent.withdrawn_at is not None and consent.withdrawn_at <= at:
        return (
            f"{by} withdrew consent on {format_day(consent.withdrawn_at)}; a withdrawal is respected — "
            "record new consent if the family agrees again"
        )
    if lapse_at_review and consent.review_on is not None and consent.review_on < _date(at):
        return f"the consent from {by} lapsed at its review date, {format_day(consent.review_on)} — revisit it"
    if not consent.informed:
        return (
            f"the consent from {by} is not recorded as informed (not every point was confirmed as "
            "explained) — record it again with each point explained"
        )
    needs_capacity = consent.capacity_in_doubt or (
        consent.given_by_age_at_consent is not None and consent.given_by_age_at_consent < CAPACITY_AGE
    )
    if needs_capacity and not consent.capacity_confirmed:
        return (
            f"{by} was under 16 or their capacity was in doubt, and no assessment confirming "
            "capacity (Fraser/Gillick or Mental Capacity Act, ¶16) is recorded — record one"
        )
    return None


def decision_order_key(
    *, given_on: dt.date, withdrawn_at: dt.datetime | None, refused: bool, recorded_at: dt.datetime, at: dt.datetime
) -> tuple:
    """Sort key, newest decision first when sorted in reverse.

    A decision takes effect when it was made: a consent or refusal on ``given_on``, a withdrawal
    on the day it was withdrawn. On the same day the refusal or withdrawal comes first (fail
    closed); then the one recorded later.
    """
    withdrawn = withdrawn_at is not None and withdrawn_at <= at
    effective = _date(withdrawn_at) if withdrawn else given_on
    return (effective, refused or withdrawn, recorded_at)


def _current_explicit_newest_first(subject: SubjectFacts, at: dt.datetime) -> list[ConsentFacts]:
    current = [c for c in subject.consents if not c.superseded and c.kind == ConsentKind.EXPLICIT]
    return sorted(
        current,
        key=lambda c: decision_order_key(
            given_on=c.given_on,
            withdrawn_at=c.withdrawn_at,
            refused=c.decision == ConsentDecision.REFUSED,
            recorded_at=c.recorded_at,
            at=at,
        ),
        reverse=True,
    )


def _explicit_consent(
    subject: SubjectFacts, viewer: Viewer, category: Category, purpose: str, at: dt.datetime, lapse_at_review: bool
) -> tuple[ConsentFacts | None, list[str]]:
    """Basis 2: the consent that permits, or None with the reasons why not.

    The newest current decision that is about this reveal (category, scope, purpose) is the one
    that counts: a refusal or withdrawal recorded after a consent overrides it, and a consent
    given after a refusal replaces it (see ``decision_order_key``).
    """
    problems = [
        _scope_problem(c, viewer, category, purpose, at)
        for c in subject.consents
        if c.kind == ConsentKind.IMPLIED and not c.superseded
    ]
    for consent in _current_explicit_newest_first(subject, at):
        scope_problem = _scope_problem(consent, viewer, category, purpose, at)
        if scope_problem is not None:
            problems.append(scope_problem)
            continue
        validity_problem = _validity_problem(consent, at, lapse_at_review)
        if validity_problem is None:
            return consent, []
        return None, [validity_problem]
    return None, problems


def _consent_reason(consent: ConsentFacts) -> str:
    return (
        f"Explicit consent given by {consent.given_by_reference} ({consent.given_by_relationship}) "
        f"on {format_day(consent.given_on)}"
    )


def _duty_of_care_problem(viewer: Viewer, subject: SubjectFacts, purpose: str, at: dt.datetime) -> str | None:
    """Why basis 1 (¶15, first bullet) does not apply, or None when it does."""
    if not viewer.is_health_professional:
        return "you are not a health professional, so the health duty of care does not apply"
    if purpose != Purpose.HEALTHCARE:
        return "the health duty of care covers delivering healthcare only"
    if subject.objected_at is not None and subject.objected_at <= at:
        return (
            f"the family objected to health sharing on {format_day(subject.objected_at)} (¶15); "
            "the objection is respected"
        )
    today = _date(at)
    if subject.is_child:
        age = age_on(subject.date_of_birth, today)
        if age is not None and age >= DUTY_OF_CARE_AGE_LIMIT:
            return (
                f"the health duty of care ends at 4 and {subject.reference} is 4 or older — explicit consent is needed"
            )
    else:
        ages = [age_on(born, today) for born in subject.cared_for_birth_dates]
        if not any(a is None or a < DUTY_OF_CARE_AGE_LIMIT for a in ages):
            return (
                f"{subject.reference} is not the registered carer of a child under 4, so the "
                "health duty of care does not apply — explicit consent is needed"
            )
    # A refusal or withdrawal of consent to share basic information for healthcare is respected:
    # the newest current decision about it counts, as for basis 2.
    latest = next(
        (c for c in _current_explicit_newest_first(subject, at) if c.covers_basic and Purpose.HEALTHCARE in c.purposes),
        None,
    )
    if latest is not None and (
        latest.decision == ConsentDecision.REFUSED or (latest.withdrawn_at is not None and latest.withdrawn_at <= at)
    ):
        return "the family refused or withdrew consent to share basic information for healthcare"
    return None


def _active_override(
    subject: SubjectFacts, viewer: Viewer, kind: str, category: Category, at: dt.datetime
) -> OverrideFacts | None:
    for override in subject.overrides:
        if (
            override.kind == kind
            and override.opened_by_id == viewer.user_id
            and category.value in override.categories
            and override.opened_at <= at < override.expires_at
        ):
            return override
    return None


def _warnings(subject: SubjectFacts, basis: Basis) -> tuple[str, ...]:
    if basis is Basis.HEALTH_DUTY_OF_CARE and subject.privacy_notice_given_on is None:
        return ("No privacy notice is recorded for this family: tell them how their information is used (¶15).",)
    return ()


# --- The decision -----------------------------------------------------------------------------


def decide(
    viewer: Viewer,
    subject: SubjectFacts,
    category: Category,
    purpose: str | None = None,
    at: dt.datetime | None = None,
    *,
    lapse_at_review: bool = False,
) -> Decision:
    """Decide one subject, one category, one purpose (POLICY.md "Bases that permit a reveal")."""
    at = at or timezone.now()
    category = Category(category)
    purpose = purpose or default_purpose_for(viewer)

    def deny(reason: str) -> Decision:
        return Decision(False, subject.person_id, category, purpose, reason)

    def permit(basis: Basis, reason: str, *, consent=None, override=None, topics=frozenset()):
        return Decision(
            True,
            subject.person_id,
            category,
            purpose,
            reason,
            basis=basis,
            consent_id=consent.id if consent else None,
            override_id=override.id if override else None,
            topics=frozenset(topics) if category is Category.SENSITIVE else frozenset(),
            warnings=_warnings(subject, basis),
        )

    # ¶23: access follows job role. No role (superusers included) means no person data.
    if not viewer.has_practitioner_role:
        return deny("You have no practitioner role, so you cannot see information about people.")
    # ¶13 need to know: only the families of your centre, or subjects whose consent names your agency.
    if not subject.reachable:
        where = "named in a consent to your agency" if viewer.is_external else "a family of your centre"
        return deny(f"{subject.reference} is not {where}.")

    # Basis 2: explicit, informed consent (¶15 second bullet, ¶17, consent box).
    consent, problems = _explicit_consent(subject, viewer, category, purpose, at, lapse_at_review)
    consent_topics = consent.sensitive_topics if consent else frozenset()
    all_topics = frozenset(SENSITIVE_TOPICS)
    if consent and (category is Category.BASIC or consent_topics >= all_topics):
        return permit(Basis.EXPLICIT_CONSENT, _consent_reason(consent), consent=consent, topics=consent_topics)

    # Basis 1: health duty of care (¶15 first bullet) — basic information only.
    duty_problem = None
    if category is Category.BASIC:
        duty_problem = _duty_of_care_problem(viewer, subject, purpose, at)
        if duty_problem is None:
            return permit(
                Basis.HEALTH_DUTY_OF_CARE,
                "Health duty of care: basic information about a child under 4 and their carers, "
                "for delivering healthcare (¶15); the family has not objected",
            )

    # Basis 4: necessary for medical purposes — health professionals only, stated and reviewed.
    medical = _active_override(subject, viewer, OverrideKind.MEDICAL_PURPOSE, category, at)
    if medical is not None and viewer.is_health_professional:
        return permit(
            Basis.MEDICAL_PURPOSE,
            "Necessary for medical purposes, as you stated; recorded for review, until "
            f"{format_moment(medical.expires_at)}",
            override=medical,
            topics=all_topics,
        )

    # Basis 5: public interest / safeguarding override (¶10, ¶16, ¶18) — personal, time-limited.
    override = _active_override(subject, viewer, OverrideKind.PUBLIC_INTEREST, category, at)
    if override is not None:
        return permit(
            Basis.PUBLIC_INTEREST,
            f"Public-interest override you opened, until {format_moment(override.expires_at)}",
            override=override,
            topics=all_topics,
        )

    if consent:
        # Consent covers some sensitive topics but not all, and nothing else opens the rest.
        return permit(Basis.EXPLICIT_CONSENT, _consent_reason(consent), consent=consent, topics=consent_topics)

    # Denied: say why, and what would make it allowed.
    if medical is not None:
        problems.insert(0, "medical-purpose access is for health professionals only")
    if problems:
        main = problems[0]
    elif category is Category.BASIC and viewer.is_health_professional and duty_problem:
        main = duty_problem
    else:
        main = (
            f"no explicit consent covers {category.label} for {_scope_text(viewer)} "
            f"for {_purpose_text(purpose)} — record consent"
        )
    if category is Category.BASIC and viewer.is_health_professional and duty_problem and problems:
        main = f"{main}; and {duty_problem}"
    return deny(f"{main[0].upper()}{main[1:]}.")


def decide_many(
    viewer: Viewer,
    subjects: Iterable[SubjectFacts],
    category: Category,
    purpose: str | None = None,
    at: dt.datetime | None = None,
    *,
    lapse_at_review: bool = False,
) -> dict[int, Decision]:
    at = at or timezone.now()
    return {s.person_id: decide(viewer, s, category, purpose, at, lapse_at_review=lapse_at_review) for s in subjects}


# --- Capabilities: what a role may do, decided here too (views never test roles) ---------------


def may_register_families(viewer: Viewer) -> bool:
    return viewer.role in REGISTERING_ROLES and viewer.centre_id is not None


def may_record_consent(viewer: Viewer, family_centre_id: int) -> bool:
    return may_register_families(viewer) and viewer.centre_id == family_centre_id


def may_add_notes(viewer: Viewer, family_centre_id: int) -> bool:
    # Notes are written by the centre's own practitioners, never by external agencies.
    return viewer.has_practitioner_role and not viewer.is_external and viewer.centre_id == family_centre_id


def may_edit_family(viewer: Viewer, family_centre_id: int) -> bool:
    return may_record_consent(viewer, family_centre_id)


def may_review(viewer: Viewer, centre_id: int | None = None) -> bool:
    """Managers review their own centre's disclosures and overrides (POLICY.md basis 4, 5)."""
    if viewer.role not in REVIEWING_ROLES or viewer.centre_id is None:
        return False
    return centre_id is None or centre_id == viewer.centre_id


def may_open_override(viewer: Viewer, kind: str) -> bool:
    if not viewer.has_practitioner_role or viewer.is_external:
        return False
    if kind == OverrideKind.MEDICAL_PURPOSE:
        return viewer.is_health_professional
    return True


def may_view_consents(viewer: Viewer, family_centre_id: int) -> bool:
    """Consent records (and who refused or withdrew, and when) are for those who do consent work:
    the centre's health visitors and midwives, and its manager (¶13 need to know)."""
    return may_record_consent(viewer, family_centre_id) or may_review(viewer, family_centre_id)
