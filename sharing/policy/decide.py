"""The decision: may this viewer see this category of this subject, for this purpose?

Pure: it decides over facts already loaded (``sharing.loading``) and never touches the
database, so it can be tested row by row and called for a thousand subjects at once. Deny by
default: a reveal is permitted only when one of the five bases of POLICY.md permits it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.utils import timezone

from consent.decisions import ConsentFacts, current_explicit_newest_first
from consent.vocabulary import CAPACITY_AGE, ConsentDecision, ConsentKind, PurposeSlug
from families.vocabulary import age_on
from sharing.policy.capabilities import may_view_consents
from sharing.policy.facts import Decision, OverrideFacts, SubjectFacts, Viewer
from sharing.policy.purposes import PurposeRule, default_purpose_for, purpose_problem
from sharing.policy.wording import format_day, format_moment, local_day, purpose_text
from sharing.vocabulary import SENSITIVE_TOPICS, Basis, Category, OverrideKind

# ¶15, POLICY.md basis 1 Decision: the health duty of care stops at the child's 4th birthday.
DUTY_OF_CARE_AGE_LIMIT = 4


class FamilyChoice(str):
    """A reason that tells what the family decided (refused, withdrew, objected).

    POLICY.md "Decisions taken since": only those who may see consent records are told what the
    family decided; anyone else is told what is missing and who can put it right.
    """


def _redacted(category: Category, viewer: Viewer, purpose: str) -> str:
    return (
        f"no consent on record covers {category.label} for {_scope_text(viewer)} for {purpose_text(purpose)} "
        "— ask a health visitor or the centre manager"
    )


def _scope_text(viewer: Viewer) -> str:
    return f"your agency ({viewer.workplace_name})" if viewer.is_external else "the in-centre team"


def _covers_category(consent: ConsentFacts, category: Category) -> bool:
    if category is Category.BASIC:
        return consent.covers_basic
    return bool(consent.sensitive_topics)


def _in_scope(consent: ConsentFacts, viewer: Viewer) -> bool:
    # Consent box after ¶17: in-centre consent never covers an external agency; an agency must be named.
    if viewer.is_external:
        return viewer.agency_id in consent.agency_ids
    return consent.in_centre_team and not _other_centres_team(consent, viewer)


def _other_centres_team(consent: ConsentFacts, viewer: Viewer) -> bool:
    """Issue 13: consent names *the* centre's multi-agency team — the team of the centre the family
    was with when it was recorded (consent box: "everyone working in or from the family's
    children's centre"). After the family moves, the new centre's team is a different team."""
    return consent.team_centre_id is not None and consent.team_centre_id != viewer.centre_id


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
    if consent.given_on > local_day(at):
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
        if consent.in_centre_team:
            return (
                f"the consent from {by} covers the in-centre team of the centre the family was with "
                "when it was given; the family has moved since, and consent to one centre's team "
                "does not cover another's — record new consent"
            )
        return f"the consent from {by} names only external agencies, not the in-centre team"
    if purpose not in consent.purposes:
        named = ", ".join(sorted(purpose_text(p) for p in consent.purposes)) or "no purpose"
        return (
            f"the consent from {by} is for {named}, not {purpose_text(purpose)}; a significant "
            "change in use needs fresh consent"
        )
    return None


def _validity_problem(consent: ConsentFacts, at: dt.datetime, lapse_at_review: bool) -> str | None:
    """Why this decision, although about this reveal, does not permit it (basis 2), or None."""
    by = consent.given_by_reference
    if consent.decision == ConsentDecision.REFUSED:
        return FamilyChoice(
            f"{by} refused consent on {format_day(consent.given_on)}; a refusal is respected — only a "
            "public-interest override can set it aside"
        )
    if consent.withdrawn_at is not None and consent.withdrawn_at <= at:
        return FamilyChoice(
            f"{by} withdrew consent on {format_day(consent.withdrawn_at)}; a withdrawal is respected — "
            "record new consent if the family agrees again"
        )
    if lapse_at_review and consent.review_on is not None and consent.review_on < local_day(at):
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
    for consent in current_explicit_newest_first(subject.consents, at):
        scope_problem = _scope_problem(consent, viewer, category, purpose, at)
        if scope_problem is not None:
            if not consent.is_negative(at):
                # A refusal or withdrawal about something else explains nothing about this reveal.
                problems.append(scope_problem)
            continue
        validity_problem = _validity_problem(consent, at, lapse_at_review)
        if validity_problem is None:
            return consent, []
        return None, [validity_problem]
    return None, problems


def _consent_reason(consent: ConsentFacts) -> str:
    relationship = consent.given_by_relationship
    who = "for themselves" if relationship == "self" else f"as {relationship}"
    return f"Explicit consent given by {consent.given_by_reference} {who} on {format_day(consent.given_on)}"


def _duty_of_care_problem(viewer: Viewer, subject: SubjectFacts, purpose: str, at: dt.datetime) -> str | None:
    """Why basis 1 (¶15, first bullet) does not apply, or None when it does."""
    if not viewer.is_health_professional:
        return "you are not a health professional, so the health duty of care does not apply"
    if purpose != PurposeSlug.HEALTHCARE:
        return "the health duty of care covers delivering healthcare only"
    if subject.objected_at is not None and subject.objected_at <= at:
        return FamilyChoice(
            f"the family objected to health sharing on {format_day(subject.objected_at)} (¶15); "
            "the objection is respected"
        )
    today = local_day(at)
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
    # POLICY.md "Decisions taken since": a refusal or withdrawal of explicit consent is not an
    # objection — the duty of care continues until the family objects (¶15 "a clear channel").
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
            # Issue 9: pending a reviewer's approval it is not open; ended early, it has expired.
            and override.approved
            and (override.ended_at is None or at < override.ended_at)
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
    purposes: Mapping[str, PurposeRule] | None = None,
) -> Decision:
    """Decide one subject, one category, one purpose (POLICY.md "Bases that permit a reveal").

    ``purposes``: the rules administrators set per purpose (the standard ones by default).
    """
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
    # POLICY.md "Decisions taken since": a purpose is asserted, and only one the role acts for.
    asserted = purpose_problem(viewer, purpose, purposes)
    if asserted is not None:
        return deny(f"{asserted[0].upper()}{asserted[1:]}.")

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
            f"for {purpose_text(purpose)} — record consent"
        )
    if category is Category.BASIC and viewer.is_health_professional and duty_problem and problems:
        main = FamilyChoice(f"{main}; and {duty_problem}") if isinstance(duty_problem, FamilyChoice) else (
            f"{main}; and {duty_problem}"
        )
    if isinstance(main, FamilyChoice) and not may_view_consents(viewer, subject.centre_id):
        main = _redacted(category, viewer, purpose)
    return deny(f"{main[0].upper()}{main[1:]}.")


def decide_own_record(viewer: Viewer, subject_id: int, purpose: str | None = None) -> Decision:
    """The practitioner who wrote a note keeps seeing it, whatever the consent says (POLICY.md
    "Decisions taken since"). It widens nothing written by others."""
    return Decision(
        True,
        subject_id,
        Category.SENSITIVE,
        purpose or default_purpose_for(viewer),
        "You recorded this yourself: what you recorded was never shared with you",
        basis=Basis.RECORDED_BY_VIEWER,
    )


def decide_many(
    viewer: Viewer,
    subjects: Iterable[SubjectFacts],
    category: Category,
    purpose: str | None = None,
    at: dt.datetime | None = None,
    *,
    lapse_at_review: bool = False,
    purposes: Mapping[str, PurposeRule] | None = None,
) -> dict[int, Decision]:
    at = at or timezone.now()
    return {
        s.person_id: decide(viewer, s, category, purpose, at, lapse_at_review=lapse_at_review, purposes=purposes)
        for s in subjects
    }
