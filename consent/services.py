"""Writes for consent (POLICY.md basis 1–3). Nothing is edited in place or deleted.

Agency reach is granted and revoked here, in the same transaction as the consent change
(issue 5): an external agency reaches a subject only while an active consent names it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from centres.models import PartnerAgency
from consent.decisions import current_explicit_newest_first
from consent.models import (
    INFORMED_POINTS,
    CapacityAssessment,
    CapacityAssessmentKind,
    CapacityOutcome,
    Consent,
    ConsentDecision,
    ConsentKind,
    ConsentMethod,
    ConsentWithdrawal,
    Objection,
    ObjectionWithdrawal,
    ObjectionWithdrawalMethod,
    PrivacyNotice,
    Purpose,
)
from consent.selectors import consent_facts, with_links
from consent.vocabulary import CAPACITY_AGE
from families.models import CarerLink, Family, Person, PersonGroupObjectPermission, PersonKind, SensitiveTopic
from families.validators import validate_plausible_date

CONSENT_NOT_INFORMED = (
    "Explicit consent can only be recorded as given when every point has been explained. "
    "Confirm each point you explained, or record the consent once you have explained them"
)
CONSENT_NEEDS_CAPACITY = (
    "The person giving consent is under 16 or their capacity is in doubt. Record a Fraser/Gillick "
    "or Mental Capacity Act assessment that finds they have capacity before recording consent"
)
CONSENT_NO_PARENTAL_RESPONSIBILITY = (
    "{giver} cannot consent for {subject}: only the person themselves, or a parent or carer with "
    "parental responsibility for a child, can give consent"
)
CONSENT_NO_SUBJECTS = "Select who the consent covers"
CONSENT_NO_CATEGORY = "Select what information the consent covers"
CONSENT_NO_RECIPIENT = "Select who the information may be shared with"
CONSENT_NO_PURPOSE = "Select what the information may be used for"
CONSENT_NO_METHOD = "Select how consent was given: written and signed, or verbal"
CONSENT_DATE_IN_FUTURE = "The date consent was given must be today or in the past"
CONSENT_ALREADY_WITHDRAWN = "This consent has already been withdrawn"
CONSENT_NOT_WITHDRAWABLE = "Only explicit consent that was given can be withdrawn"
CONSENT_ALREADY_SUPERSEDED = "This consent has already been replaced by a newer version"
WITHDRAWAL_IN_FUTURE = "The date of withdrawal must be today or in the past"
OBJECTION_NO_SUBJECTS = "Select who the objection covers"
OBJECTION_IN_FUTURE = "The date of the objection must be today or in the past"
ASSESSMENT_IN_FUTURE = "The date of the assessment must be today or in the past"
ASSESSMENT_BEFORE_BIRTH = "The date of the assessment must be after the person's date of birth"
NOTICE_IN_FUTURE = "The date must be today or in the past"
OBJECTION_NO_PARENTAL_RESPONSIBILITY = (
    "{giver} cannot object for {subject}: only the person themselves, or a parent or carer with "
    "parental responsibility for a child, can object"
)
CONSENT_WITHDRAWN_NOT_REPLACEABLE = (
    "A withdrawn consent cannot be replaced by a new version. If the family agrees again, record new consent"
)
NEW_VERSION_BEFORE_OLD = "A new version must be dated on or after the version it replaces"
REVIEW_BEFORE_GIVEN = "The review date must be after the date of the decision"
WITHDRAWAL_BEFORE_GIVEN = "The date of withdrawal must be on or after the date consent was given"

OBJECTION_ALREADY_WITHDRAWN = "The family has already withdrawn this objection"
OBJECTION_WITHDRAWAL_IN_FUTURE = "The date the objection was withdrawn must be today or in the past"
OBJECTION_WITHDRAWAL_BEFORE_MADE = "The date the objection was withdrawn must be on or after the date it was made"
OBJECTION_WITHDRAWAL_NO_METHOD = "Select how the family told you: in person, by phone or in writing"
OBJECTION_WITHDRAWAL_NO_RESPONSIBILITY = (
    "{giver} cannot withdraw this objection for {subject}: only the person themselves, or a parent or carer "
    "with parental responsibility for a child, can withdraw it"
)

REVIEW_AFTER_MONTHS = 12  # POLICY.md basis 2: consent is revisited; by default after a year.


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _check_who(
    family: Family,
    given_by: Person,
    subjects: Sequence[Person],
    *,
    giver_field: str = "given_by",
    no_responsibility: str = "",
) -> None:
    """The person deciding is in the family and speaks only for themselves or a child they hold
    parental responsibility for (¶15, ¶16: one parent or legally recognised carer is sufficient)."""
    no_responsibility = no_responsibility or CONSENT_NO_PARENTAL_RESPONSIBILITY
    if given_by.family_id != family.pk:
        raise ValidationError({giver_field: "Choose someone in this family"})
    if not subjects:
        raise ValidationError({"subjects": CONSENT_NO_SUBJECTS})
    with_pr = set(
        CarerLink.objects.filter(carer=given_by, parental_responsibility=True).values_list("child_id", flat=True)
    )
    for subject in subjects:
        if subject.family_id != family.pk:
            raise ValidationError({"subjects": "Choose people in this family"})
        # One parent or legally recognised carer with parental responsibility is sufficient.
        if subject.pk != given_by.pk and not (subject.kind == PersonKind.CHILD and subject.pk in with_pr):
            raise ValidationError(
                {"subjects": no_responsibility.format(giver=given_by.reference, subject=subject.reference)}
            )


def _plausible(day: dt.date, field: str, what: str) -> None:
    try:
        validate_plausible_date(day, what)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


@transaction.atomic
def consent_record(
    *,
    family: Family,
    given_by: Person,
    subjects: Sequence[Person],
    decision: ConsentDecision,
    recorded_by: AbstractBaseUser,
    kind: ConsentKind = ConsentKind.EXPLICIT,
    covers_basic: bool = False,
    sensitive_topics: Iterable[str] = (),
    in_centre_team: bool = False,
    agencies: Iterable[PartnerAgency] = (),
    purposes: Iterable[Purpose] = (),
    method: ConsentMethod | str = "",
    given_on: dt.date | None = None,
    review_on: dt.date | None = None,
    informed: dict[str, bool] | None = None,
    capacity_in_doubt: bool = False,
    capacity_assessment: CapacityAssessment | None = None,
    supersedes: Consent | None = None,
    also_objects: bool = False,
) -> Consent:
    """Record a consent decision (or a new version of one). Refuses what would not count.

    ``also_objects``: with a refusal, the family also objects to health sharing (¶15) — recorded
    as an objection in the same transaction (POLICY.md: a refusal alone is not an objection).
    """
    today = timezone.localdate()
    given_on = given_on or today
    sensitive_topics = sorted({SensitiveTopic(t).value for t in sensitive_topics})
    agencies = list(agencies)
    purposes = list(purposes)
    informed = informed or {}
    _check_who(family, given_by, subjects)
    if given_on > today:
        raise ValidationError({"given_on": CONSENT_DATE_IN_FUTURE})
    _plausible(given_on, "given_on", "The date consent was given")
    if not covers_basic and not sensitive_topics:
        raise ValidationError({"covers_basic": CONSENT_NO_CATEGORY})
    if not in_centre_team and not agencies:
        raise ValidationError({"in_centre_team": CONSENT_NO_RECIPIENT})
    if not purposes:
        raise ValidationError({"purposes": CONSENT_NO_PURPOSE})
    if review_on is not None and review_on <= given_on:
        raise ValidationError({"review_on": REVIEW_BEFORE_GIVEN})
    if kind == ConsentKind.EXPLICIT and decision == ConsentDecision.GIVEN:
        if not method:
            raise ValidationError({"method": CONSENT_NO_METHOD})
        # POLICY.md basis 2 "informed": every point explained, or it is not consent.
        if not all(informed.get(point) for point in INFORMED_POINTS):
            raise ValidationError({"informed": CONSENT_NOT_INFORMED})
        # ¶16: under 16, or capacity in doubt, needs a recorded assessment finding capacity.
        age = given_by.age_in_years_on(given_on)
        if (capacity_in_doubt or (age is not None and age < CAPACITY_AGE)) and not (
            capacity_assessment is not None
            and capacity_assessment.person_id == given_by.pk
            and capacity_assessment.outcome == CapacityOutcome.HAS_CAPACITY
        ):
            raise ValidationError({"capacity_assessment": CONSENT_NEEDS_CAPACITY})
    if supersedes is not None:
        # Consent decisions are serialised on the family's row: history rows cannot be locked by the
        # application's database role, which may not update them (docs/deploy.md, "Database roles").
        Family.objects.select_for_update().get(pk=family.pk)
        supersedes = Consent.objects.get(pk=supersedes.pk)
        if supersedes.family_id != family.pk:
            raise ValidationError("A new version must be for the same family")
        if Consent.objects.filter(supersedes=supersedes).exists():
            raise ValidationError(CONSENT_ALREADY_SUPERSEDED)
        if ConsentWithdrawal.objects.filter(consent=supersedes).exists():
            # A new version would quietly undo the withdrawal: fresh consent is a new record.
            raise ValidationError(CONSENT_WITHDRAWN_NOT_REPLACEABLE)
        if given_on < supersedes.given_on:
            raise ValidationError({"given_on": NEW_VERSION_BEFORE_OLD})

    consent = Consent(
        family=family,
        given_by=given_by,
        kind=kind,
        decision=decision,
        covers_basic=covers_basic,
        sensitive_topics=sensitive_topics,
        in_centre_team=in_centre_team,
        method=method,
        given_on=given_on,
        review_on=review_on
        or (add_months(given_on, REVIEW_AFTER_MONTHS) if decision == ConsentDecision.GIVEN else None),
        capacity_in_doubt=capacity_in_doubt,
        capacity_assessment=capacity_assessment,
        supersedes=supersedes,
        recorded_by=recorded_by,
        **{point: bool(informed.get(point)) for point in INFORMED_POINTS},
    )
    consent.full_clean()
    consent.save()
    consent.subjects.set(subjects)
    consent.agencies.set(agencies)
    consent.purposes.set(purposes)
    touched = {p.pk for p in subjects}
    if supersedes is not None:
        touched |= set(supersedes.subjects.values_list("pk", flat=True))
    agency_reach_sync(person_ids=touched)
    if also_objects and decision == ConsentDecision.REFUSED:
        _objection_with(consent, made_at=_start_of(given_on), recorded_by=recorded_by, when="refusing consent")
    return consent


def _start_of(day: dt.date) -> dt.datetime:
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _objection_with(consent: Consent, *, made_at: dt.datetime, recorded_by: AbstractBaseUser, when: str) -> Objection:
    """The objection a family makes together with a refusal or withdrawal, covering the same people."""
    return objection_record(
        family=consent.family,
        made_by=consent.given_by,
        subjects=list(consent.subjects.all()),
        recorded_by=recorded_by,
        made_at=made_at,
        reason=f"Objected when {when}.",
    )


@transaction.atomic
def consent_withdraw(
    *,
    consent: Consent,
    recorded_by: AbstractBaseUser,
    withdrawn_at: dt.datetime | None = None,
    reason: str = "",
    also_objects: bool = False,
) -> ConsentWithdrawal:
    """Withdraw consent: effective at once, never deleted, agency reach revoked in this transaction.

    A withdrawal is not an objection (POLICY.md "Decisions taken since"): the health duty of care
    goes on unless ``also_objects`` records the family's objection too.
    """
    # The family's row lock makes a double withdrawal (or a withdrawal and a new version) wait here,
    # then find the first and refuse. Not the consent's own row: the application's database role
    # may not lock history rows, as it may not update them (docs/deploy.md, "Database roles").
    Family.objects.select_for_update().get(pk=consent.family_id)
    consent = Consent.objects.get(pk=consent.pk)
    if consent.decision != ConsentDecision.GIVEN or consent.kind != ConsentKind.EXPLICIT:
        raise ValidationError(CONSENT_NOT_WITHDRAWABLE)
    if Consent.objects.filter(supersedes=consent).exists():
        raise ValidationError(CONSENT_ALREADY_SUPERSEDED)
    if ConsentWithdrawal.objects.filter(consent=consent).exists():
        raise ValidationError(CONSENT_ALREADY_WITHDRAWN)
    now = timezone.now()
    withdrawn_at = withdrawn_at or now
    if withdrawn_at > now:
        raise ValidationError({"withdrawn_at": WITHDRAWAL_IN_FUTURE})
    if timezone.localtime(withdrawn_at).date() < consent.given_on:
        raise ValidationError({"withdrawn_at": WITHDRAWAL_BEFORE_GIVEN})
    withdrawal = ConsentWithdrawal(
        consent=consent, withdrawn_at=withdrawn_at, reason=reason.strip(), recorded_by=recorded_by
    )
    withdrawal.full_clean()
    withdrawal.save()
    agency_reach_sync(person_ids=set(consent.subjects.values_list("pk", flat=True)))
    if also_objects:
        _objection_with(consent, made_at=withdrawn_at, recorded_by=recorded_by, when="withdrawing consent")
    return withdrawal


def agency_reach_sync(*, person_ids: set[int]) -> None:
    """Make agency groups' ``view_person`` match the consents naming them, exactly.

    As in the policy, the newest current explicit decision naming an agency for a person is the
    one that counts: given and not withdrawn grants reach; a later refusal or a withdrawal ends it.
    """
    if not person_ids:
        return
    wanted: set[tuple[int, int]] = set()  # (group id, person id)
    decided: set[tuple[int, int]] = set()
    rows = with_links(
        Consent.objects.filter(subjects__in=person_ids, kind=ConsentKind.EXPLICIT, agencies__isnull=False).distinct()
    )
    now = timezone.now()
    consents = current_explicit_newest_first([consent_facts(c) for c in rows], now)
    agency_groups = dict(
        PartnerAgency.objects.filter(pk__in={a for c in consents for a in c.agency_ids}).values_list("pk", "group_id")
    )
    for consent in consents:
        for agency_id in consent.agency_ids:
            for subject_id in consent.subject_ids & person_ids:
                key = (agency_groups[agency_id], subject_id)
                if key not in decided:
                    decided.add(key)
                    if not consent.is_negative(now):
                        wanted.add(key)
    existing = set(
        PersonGroupObjectPermission.objects.filter(
            content_object_id__in=person_ids,
            permission__codename="view_person",
            group__partner_agency__isnull=False,
        ).values_list("group_id", "content_object_id")
    )
    groups = {g.pk: g for g in Group.objects.filter(pk__in={g for g, _ in wanted | existing})}
    people = {p.pk: p for p in Person.objects.filter(pk__in=person_ids)}
    for group_id, person_id in wanted - existing:
        assign_perm("families.view_person", groups[group_id], people[person_id])
    for group_id, person_id in existing - wanted:
        remove_perm("families.view_person", groups[group_id], people[person_id])


@transaction.atomic
def objection_record(
    *,
    family: Family,
    made_by: Person,
    subjects: Sequence[Person],
    recorded_by: AbstractBaseUser,
    made_at: dt.datetime | None = None,
    reason: str = "",
) -> Objection:
    """¶15: a family objects to health professionals seeing basic information without consent."""
    if not subjects:
        raise ValidationError({"subjects": OBJECTION_NO_SUBJECTS})
    _check_who(family, made_by, subjects, giver_field="made_by", no_responsibility=OBJECTION_NO_PARENTAL_RESPONSIBILITY)
    now = timezone.now()
    made_at = made_at or now
    # Issue 9: an objection dated in the future would be saved and do nothing until then.
    if made_at > now:
        raise ValidationError({"made_at": OBJECTION_IN_FUTURE})
    _plausible(timezone.localtime(made_at).date(), "made_at", "The date of the objection")
    objection = Objection(
        family=family,
        made_by=made_by,
        made_at=made_at,
        reason=reason.strip(),
        recorded_by=recorded_by,
    )
    objection.full_clean()
    objection.save()
    objection.subjects.set(subjects)
    return objection


@transaction.atomic
def objection_withdraw(
    *,
    objection: Objection,
    withdrawn_by: Person,
    method: ObjectionWithdrawalMethod,
    recorded_by: AbstractBaseUser,
    withdrawn_at: dt.datetime | None = None,
) -> ObjectionWithdrawal:
    """The family changes its mind (issue 9 item 5): a new row, never an edit of the objection.

    From ``withdrawn_at`` the objection no longer stops the health duty of care (¶15).
    """
    # The row lock makes a second withdrawal at the same time wait here, then find the first.
    # Lock the family's row, not the objection's: the application's database role may not lock
    # history rows, as it may not update them (docs/deploy.md, "Database roles").
    Family.objects.select_for_update().get(pk=objection.family_id)
    objection = Objection.objects.get(pk=objection.pk)
    if ObjectionWithdrawal.objects.filter(objection=objection).exists():
        raise ValidationError(OBJECTION_ALREADY_WITHDRAWN)
    if method not in ObjectionWithdrawalMethod.values:
        raise ValidationError({"method": OBJECTION_WITHDRAWAL_NO_METHOD})
    now = timezone.now()
    withdrawn_at = withdrawn_at or now
    # Never in the future: loading counts an objection as lifted as soon as this row exists.
    if withdrawn_at > now:
        raise ValidationError({"withdrawn_at": OBJECTION_WITHDRAWAL_IN_FUTURE})
    if timezone.localtime(withdrawn_at).date() < timezone.localtime(objection.made_at).date():
        raise ValidationError({"withdrawn_at": OBJECTION_WITHDRAWAL_BEFORE_MADE})
    # Whoever lifts it must be able to speak for everyone it covers, as for the objection itself.
    _check_who(
        objection.family,
        withdrawn_by,
        list(objection.subjects.all()),
        giver_field="withdrawn_by",
        no_responsibility=OBJECTION_WITHDRAWAL_NO_RESPONSIBILITY,
    )
    withdrawal = ObjectionWithdrawal(
        objection=objection,
        withdrawn_by=withdrawn_by,
        withdrawn_at=withdrawn_at,
        method=method,
        recorded_by=recorded_by,
    )
    withdrawal.full_clean()
    withdrawal.save()
    return withdrawal


def capacity_assessment_record(
    *,
    person: Person,
    kind: CapacityAssessmentKind,
    assessed_by: str,
    assessed_on: dt.date,
    outcome: CapacityOutcome,
    recorded_by: AbstractBaseUser,
    note: str = "",
) -> CapacityAssessment:
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": ASSESSMENT_IN_FUTURE})
    _plausible(assessed_on, "assessed_on", "The date of the assessment")
    if person.date_of_birth is not None and assessed_on < person.date_of_birth:
        raise ValidationError({"assessed_on": ASSESSMENT_BEFORE_BIRTH})
    assessment = CapacityAssessment(
        person=person,
        kind=kind,
        assessed_by=assessed_by.strip(),
        assessed_on=assessed_on,
        outcome=outcome,
        note=note.strip(),
        recorded_by=recorded_by,
    )
    assessment.full_clean()
    assessment.save()
    return assessment


def privacy_notice_record(*, family: Family, given_on: dt.date, recorded_by: AbstractBaseUser) -> PrivacyNotice:
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": NOTICE_IN_FUTURE})
    _plausible(given_on, "given_on", "The date the notice was given")
    notice = PrivacyNotice(family=family, given_on=given_on, recorded_by=recorded_by)
    notice.full_clean()
    notice.save()
    return notice
