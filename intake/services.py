"""Writes for early notification (leaflet, maternity section, steps 1–5) and new-birth imports (¶15).

Accepting a notification registers the family and records its consent through the same
services as the registration and consent forms (``families.services``, ``consent.services``);
a family the centre already knows is matched and the expected baby added to it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from audit.bulk import copy_rows, next_ids
from centres.models import Centre, ReachArea
from config.locks import advisory_xact_lock
from consent import services as consent_services
from consent.models import Purpose
from consent.vocabulary import INFORMED_POINTS, ConsentDecision, ConsentMethod, PurposeSlug
from families import services as family_services
from families import validators
from families.models import Person, PersonKind, Relationship
from families.selectors import possible_duplicates
from intake import births
from intake.models import PERSONAL_FIELDS, BirthImport, BirthRecord, EarlyNotification, NotificationDecision
from intake.vocabulary import (
    BirthOutcome,
    DeclineReason,
    ImportMode,
    ImportOutcome,
    NotificationState,
    SignedBy,
)

NOTIFICATION_NO_CONSENT = (
    "Do not send the family's details without their consent. Ask for explicit, informed consent "
    "first (step 2), then send the notification"
)
NOTIFICATION_CONSENT_IN_FUTURE = "The date consent was given must be today or in the past"
NOTIFICATION_NO_DUE_DATE = "Enter the due date"
NOTIFICATION_ALREADY_DECIDED = "This notification has already been decided"
NOTIFICATION_NOT_INFORMED = (
    "Not accepted: the notification does not show explicit, informed consent (step 5). The family's "
    "details have been removed from the centre's records; the midwife or health visitor who sent it has been told"
)
NOTIFICATION_DECLINE_NO_REASON = "Select why you are declining the notification"
NOTIFICATION_PARTNER_SIGNED = "The partner signed the consent: enter the partner's name and date of birth"

# What accepted consent covers (steps 1–2): the family's basic details, so that the centre's
# contact gets in touch and introduces the centre's services. Nothing sensitive.
NOTIFICATION_PURPOSE = PurposeSlug.CENTRE_SERVICES


@dataclass(frozen=True)
class ExpectantParent:
    first_name: str
    last_name: str
    date_of_birth: dt.date


@transaction.atomic
def notification_send(
    *,
    sent_by: AbstractBaseUser,
    centre: Centre,
    parent: ExpectantParent,
    due_date: dt.date | None,
    address_line_1: str,
    town: str,
    postcode: str,
    consent_given: bool,
    consent_given_on: dt.date | None,
    signed_by: SignedBy | str,
    informed: dict[str, bool],
    address_line_2: str = "",
    partner: ExpectantParent | None = None,
    today: dt.date | None = None,
) -> EarlyNotification:
    """Step 1–3: a midwife or health visitor passes an expectant family's basic details to a centre.

    Refused without the family's consent: the details are not theirs to pass on otherwise (¶15).
    """
    today = today or timezone.localdate()
    if not consent_given:
        raise ValidationError({"consent_given": NOTIFICATION_NO_CONSENT})
    consent_given_on = consent_given_on or today
    if consent_given_on > today:
        raise ValidationError({"consent_given_on": NOTIFICATION_CONSENT_IN_FUTURE})
    validators.validate_plausible_date(consent_given_on, "The date consent was given")
    if due_date is None:
        raise ValidationError({"due_date": NOTIFICATION_NO_DUE_DATE})
    validators.validate_due_date(due_date, today)
    validators.validate_carer_birth_date(parent.date_of_birth, today)
    if partner is not None:
        validators.validate_carer_birth_date(partner.date_of_birth, today)
    elif signed_by == SignedBy.PARENT_AND_PARTNER:
        raise ValidationError({"signed_by": NOTIFICATION_PARTNER_SIGNED})
    notification = EarlyNotification(
        centre=centre,
        sent_by=sent_by,
        sent_at=timezone.now(),
        parent_first_name=parent.first_name.strip(),
        parent_last_name=parent.last_name.strip(),
        parent_date_of_birth=parent.date_of_birth,
        partner_first_name=partner.first_name.strip() if partner else "",
        partner_last_name=partner.last_name.strip() if partner else "",
        partner_date_of_birth=partner.date_of_birth if partner else None,
        due_date=due_date,
        address_line_1=address_line_1.strip(),
        address_line_2=address_line_2.strip(),
        town=town.strip(),
        postcode=validators.normalise_postcode(postcode),
        consent_given=True,
        consent_given_on=consent_given_on,
        signed_by=signed_by,
        **{point: bool(informed.get(point)) for point in INFORMED_POINTS},
    )
    notification.full_clean()
    notification.save()
    return notification


def _locked_pending(notification: EarlyNotification) -> EarlyNotification:
    # The row lock makes a second decision at the same moment wait, then find the first.
    locked = EarlyNotification.objects.select_for_update().get(pk=notification.pk)
    if locked.state != NotificationState.PENDING:
        raise ValidationError(NOTIFICATION_ALREADY_DECIDED)
    return locked


def _erase(notification: EarlyNotification, state: NotificationState) -> None:
    """A decided notification keeps only what health staff may keep: who sent it, to which
    centre, when, and the outcome (and, accepted, the family it became) — nothing about the family
    itself (step 5)."""
    for name in PERSONAL_FIELDS:
        field = notification._meta.get_field(name)
        setattr(notification, name, None if field.null else "")
    notification.state = state
    notification.save()  # save(): django-auditlog records the change (the values concealed)


def _decision(
    notification: EarlyNotification, *, outcome: str, decided_by: AbstractBaseUser, **fields
) -> NotificationDecision:
    decision = NotificationDecision(
        notification=notification, outcome=outcome, decided_by=decided_by, decided_at=timezone.now(), **fields
    )
    decision.full_clean()
    decision.save()
    return decision


def _matching_carer(notification: EarlyNotification) -> Person | None:
    """The expectant parent, if the centre already has them (same name and date of birth)."""
    for person in possible_duplicates(
        first_name=notification.parent_first_name,
        last_name=notification.parent_last_name,
        date_of_birth=notification.parent_date_of_birth,
        postcode=notification.postcode,
        kind=PersonKind.ADULT,
    ):
        if person.kind == PersonKind.ADULT and person.family.centre_id == notification.centre_id:
            return person
    return None


@transaction.atomic
def notification_accept(*, notification: EarlyNotification, decided_by: AbstractBaseUser) -> NotificationDecision:
    """Step 5: accept the family into the centre's records — only with informed consent.

    Without it the notification is refused (not accepted), emptied of the family's details, and
    the refusal is the decision returned. With it the family is registered (or matched: the
    expected baby is added to the family the centre already has) and the consent recorded as it
    was given to the midwife or health visitor.
    """
    notification = _locked_pending(notification)
    if not notification.is_informed:
        _erase(notification, NotificationState.REFUSED)
        return _decision(
            notification, outcome=NotificationState.REFUSED, decided_by=decided_by,
            reason_detail="Informed consent was not recorded on the notification (step 5).",
        )
    baby = family_services.ChildInput(
        first_name="", last_name=notification.parent_last_name, due_date=notification.due_date
    )
    carer = _matching_carer(notification)
    matched = carer is not None
    if matched:
        family = carer.family
        child = family_services.family_child_add(
            family=family, child=baby, carer=carer, relationship=Relationship.MOTHER, parental_responsibility=True
        )
        partner = None
    else:
        carers = [
            family_services.CarerInput(
                first_name=notification.parent_first_name,
                last_name=notification.parent_last_name,
                date_of_birth=notification.parent_date_of_birth,
                relationship=Relationship.MOTHER,
                parental_responsibility=True,
            )
        ]
        if notification.partner_last_name:
            # Parental responsibility of a partner is not known from the notification: recorded
            # as not held until a health visitor confirms it (so they cannot consent for the baby).
            carers.append(
                family_services.CarerInput(
                    first_name=notification.partner_first_name,
                    last_name=notification.partner_last_name,
                    date_of_birth=notification.partner_date_of_birth,
                    relationship=Relationship.OTHER,
                    parental_responsibility=False,
                )
            )
        family = family_services.family_register(
            registered_by=decided_by,
            centre=notification.centre,
            address_line_1=notification.address_line_1,
            address_line_2=notification.address_line_2,
            town=notification.town,
            postcode=notification.postcode,
            carers=carers,
            children=[baby],
            confirmed_not_duplicate=True,  # matched above, within the centre
        )
        people = {p.reference: p for p in family.people.all()}
        carer = people[f"{family.reference}-P1"]
        child = people[f"{family.reference}-C1"]
        partner = people.get(f"{family.reference}-P2")
    purpose = Purpose.objects.get(slug=NOTIFICATION_PURPOSE)
    method = ConsentMethod.VERBAL if notification.signed_by == SignedBy.NOT_SIGNED else ConsentMethod.WRITTEN
    informed = dict.fromkeys(INFORMED_POINTS, True)
    consent = consent_services.consent_record(
        family=family,
        given_by=carer,
        subjects=[carer, child],
        decision=ConsentDecision.GIVEN,
        recorded_by=decided_by,
        covers_basic=True,
        in_centre_team=True,
        purposes=[purpose],
        method=method,
        given_on=notification.consent_given_on,
        informed=informed,
    )
    if partner is not None and notification.signed_by == SignedBy.PARENT_AND_PARTNER:
        # Step 3: a partner whose details are shared signs for themselves.
        consent_services.consent_record(
            family=family, given_by=partner, subjects=[partner], decision=ConsentDecision.GIVEN,
            recorded_by=decided_by, covers_basic=True, in_centre_team=True, purposes=[purpose],
            method=ConsentMethod.WRITTEN, given_on=notification.consent_given_on, informed=informed,
        )
    # The family's record is now the one copy, behind the gate: a later objection, withdrawal or
    # move governs it, which a copy left on the notification would get round.
    notification.family = family
    _erase(notification, NotificationState.ACCEPTED)
    return _decision(
        notification, outcome=NotificationState.ACCEPTED, decided_by=decided_by, family=family, consent=consent,
        matched_existing=matched,
    )


@transaction.atomic
def notification_decline(
    *,
    notification: EarlyNotification,
    decided_by: AbstractBaseUser,
    reason: DeclineReason | str,
    reason_detail: str = "",
) -> NotificationDecision:
    """The centre declines: it keeps nothing about the family, only why (step 5)."""
    if reason not in DeclineReason.values:
        raise ValidationError({"reason": NOTIFICATION_DECLINE_NO_REASON})
    notification = _locked_pending(notification)
    _erase(notification, NotificationState.DECLINED)
    return _decision(
        notification, outcome=NotificationState.DECLINED, decided_by=decided_by, reason=reason,
        reason_detail=reason_detail.strip(),
    )


# --------------------------------------------------------------------------- new-birth files (¶15)

IMPORT_LOCK = "intake:birth-import"
IMPORT_NO_MODE = "Select whether to import nothing if any row has an error, or the valid rows only"
def _unnest(values: Iterable[str]) -> RawSQL:
    return RawSQL("SELECT unnest(%s::text[])", [list(values)])


# The report lists this many rows' errors (all are counted): enough to fix a file, small to keep.
MAX_ERRORS_KEPT = 1000


@transaction.atomic
def births_import(
    *, uploaded_by: AbstractBaseUser, file_name: str, data: bytes, mode: ImportMode | str
) -> BirthImport | str:
    """Import a new-birth file from the health trust: every row checked, then all or nothing
    (unless ``mode`` is valid rows only); a row imported before adds nothing; a family that
    objected stays with health (¶15) — the centre keeps only the trust's record id, so that the
    same row uploaded again is recognised.

    Returns the import's record, or the message refusing the whole file (nothing written).
    """
    started = time.perf_counter()
    if mode not in ImportMode.values:
        raise ValidationError({"mode": IMPORT_NO_MODE})
    # One import at a time: a file uploaded twice at once must not import twice (idempotence).
    advisory_xact_lock(IMPORT_LOCK)
    postcode_centres = dict(ReachArea.objects.values_list("postcode_sector", "centre_id"))
    read = births.read(data, postcode_centres=postcode_centres)
    if read.file_error:
        return read.file_error
    rows = read.rows
    # Ten thousand values as one array parameter, not an IN list of ten thousand placeholders.
    seen_ids = set() if not rows else set(
        BirthRecord.objects.filter(trust_record_id__in=_unnest([r.trust_record_id for r in rows])).values_list(
            "trust_record_id", flat=True
        )
    )
    nhs_numbers = {r.child_nhs_number for r in rows} | {r.mother_nhs_number for r in rows if r.mother_nhs_number}
    known = (
        {p.nhs_number: p for p in Person.objects.filter(nhs_number__in=_unnest(nhs_numbers)).select_related("family")}
        if nhs_numbers
        else {}
    )
    errors = list(read.errors)
    fresh: list[births.BirthRow] = []
    already = 0
    for row in rows:
        if row.trust_record_id in seen_ids or row.child_nhs_number in known:
            already += 1  # imported before (or the baby is already registered): adds nothing
            continue
        mother = known.get(row.mother_nhs_number) if row.mother_nhs_number else None
        if mother is not None and not row.objected and (
            mother.kind != PersonKind.ADULT or mother.family.centre_id != row.centre_id
        ):
            errors.append(births.RowError(row.line, births.ROW_MOTHER_ELSEWHERE))
            continue
        fresh.append(row)
    errors.sort(key=lambda e: e.line)
    rejected = bool(errors) and mode == ImportMode.ALL_OR_NOTHING
    objected = [r for r in fresh if r.objected] if not rejected else []
    to_register = [r for r in fresh if not r.objected] if not rejected else []
    babies: list[int] = []
    if to_register:
        wanted = {r.centre_id for r in to_register}
        centres = {c.pk: c for c in Centre.objects.filter(pk__in=wanted).select_related("group")}
        new_families, additions, order = [], [], []
        for row in to_register:
            child = family_services.ChildInput(
                first_name=row.child_first_name, last_name=row.child_last_name, date_of_birth=row.child_date_of_birth
            )
            mother = known.get(row.mother_nhs_number) if row.mother_nhs_number else None
            if mother is not None:
                additions.append(
                    family_services.BirthAddition(mother=mother, child=child, child_nhs_number=row.child_nhs_number)
                )
                order.append(("added", len(additions) - 1))
            else:
                new_families.append(family_services.BirthRegistration(
                    centre=centres[row.centre_id],
                    address_line_1=row.address_line_1, address_line_2=row.address_line_2, town=row.town,
                    postcode=row.postcode,
                    mother=family_services.CarerInput(
                        first_name=row.mother_first_name, last_name=row.mother_last_name,
                        date_of_birth=row.mother_date_of_birth, relationship=Relationship.MOTHER,
                        parental_responsibility=True,
                    ),
                    mother_nhs_number=row.mother_nhs_number,
                    child=child,
                    child_nhs_number=row.child_nhs_number,
                ))
                order.append(("new", len(new_families) - 1))
        registered = family_services.births_register(
            registered_by=uploaded_by, new_families=new_families, additions=additions
        )
        # births_register returns the new families' babies, then the added ones.
        babies = [registered[i] if kind == "new" else registered[len(new_families) + i] for kind, i in order]
    if rejected:
        outcome = ImportOutcome.REJECTED
    elif errors:
        outcome = ImportOutcome.PARTLY_IMPORTED
    else:
        outcome = ImportOutcome.IMPORTED
    record = BirthImport(
        uploaded_by=uploaded_by,
        uploaded_at=timezone.now(),
        file_name=file_name[:200],
        file_sha256=hashlib.sha256(data).hexdigest(),
        mode=mode,
        outcome=outcome,
        rows=read.total,
        created=len(babies),
        already_imported=already,
        objected=len(objected),
        row_errors=[e.as_dict() for e in errors[:MAX_ERRORS_KEPT]],
        row_error_count=len(errors),
    )
    record.seconds = round(time.perf_counter() - started, 3)
    record.full_clean()
    record.save()
    # The records of what came of each row, with COPY like the families (issue 14: thousands a second).
    outcomes = [
        (row.trust_record_id, BirthOutcome.ADDED_TO_FAMILY if row.mother_nhs_number in known else BirthOutcome.CREATED,
         baby)
        for row, baby in zip(to_register, babies, strict=True)
    ] + [(r.trust_record_id, BirthOutcome.OBJECTED, None) for r in objected]
    copy_rows(
        BirthRecord, ["id", "birth_import_id", "trust_record_id", "outcome", "child_id"],
        [(pk, record.pk, *outcome) for pk, outcome in zip(next_ids(BirthRecord, len(outcomes)), outcomes, strict=True)],
    )
    return record
