"""Writes for families: registration, edits with optimistic locking, notes."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, F, Max
from django.db.models.functions import Cast, Left, Substr
from django.utils import timezone
from guardian.shortcuts import assign_perm

from audit.bulk import Created, copy_rows, log_created_begin, next_ids
from centres.models import Centre
from config.locks import advisory_xact_lock
from families import validators
from families.models import (
    CarerLink,
    Family,
    FamilyGroupObjectPermission,
    FamilyTransfer,
    Note,
    NoteAmendment,
    Person,
    PersonKind,
    Relationship,
    ReviewContact,
    SensitiveTopic,
)
from families.selectors import family_by_registration_token, possible_duplicates
from families.vocabulary import BREASTFEEDING_REVIEWS, Breastfeeding, ContactOutcome, ContactPlace, Review


class StaleEditError(Exception):
    """Someone else saved the family first (optimistic locking)."""


class PossibleDuplicateError(Exception):
    def __init__(self, matches: list[Person]):
        super().__init__(validators.DUPLICATE_FOUND)
        self.matches = matches


@dataclass(frozen=True)
class CarerInput:
    first_name: str
    last_name: str
    date_of_birth: dt.date
    relationship: Relationship
    parental_responsibility: bool


@dataclass(frozen=True)
class ChildInput:
    first_name: str
    last_name: str
    date_of_birth: dt.date | None = None
    due_date: dt.date | None = None


@dataclass(frozen=True)
class PersonDetailsInput:
    """Other personal details (issue 13, ``PERSONAL_DETAILS_FIELDS``), as typed: normalised here."""

    nhs_number: str = ""
    sex: str = ""
    ethnicity: str = ""
    preferred_language: str = ""
    interpreter_needed: bool | None = None
    phone: str = ""
    gp_practice: str = ""


FIRST_FAMILY_NUMBER = 100


def _reference_stem(centre: Centre) -> str:
    return (re.sub(r"[^A-Z]", "", centre.name.upper()) + "XXX")[:3]


def _family_reference(centre: Centre) -> str:
    """The centre's next reference, e.g. ``RIV104``.

    References are shown where names are not (a redacted page, the review queue), so they must
    not be made from the family's name: a centre code and a number identify nobody.
    """
    stem = _reference_stem(centre)
    numbers = [
        int(ref[len(stem) :])
        for ref in Family.objects.filter(reference__regex=rf"^{stem}[0-9]+$").values_list("reference", flat=True)
    ]
    return f"{stem}{max(numbers, default=FIRST_FAMILY_NUMBER - 1) + 1}"


def _person_create(family: Family, kind: str, index: int, **fields) -> Person:
    letter = "C" if kind == PersonKind.CHILD else "P"
    person = Person(family=family, kind=kind, reference=f"{family.reference}-{letter}{index}", **fields)
    person.full_clean()
    person.save()
    return person


def _registration_lock_keys(
    *, centre: Centre, postcode: str, carers: list[CarerInput], children: list[ChildInput], registration_token
) -> list[str]:
    """What two registrations running at once must not both decide on without the other.

    - the reference stem: two centres may share one (``RIV``), so the stem, not the centre;
    - the form token: a double submit finds the first family instead of racing it;
    - every way ``possible_duplicates`` can match a person (same name and date of birth; same
      child's first name and date of birth at the postcode), normalised as the database
      compares them. The check spans every centre, so the keys do too: two centres
      registering the same child at once are told about each other like any duplicate.
    """
    keys = [f"family-reference:{_reference_stem(centre)}"]
    if registration_token:
        keys.append(f"registration-token:{registration_token}")
    for person, is_child in [(c, False) for c in carers] + [(c, True) for c in children]:
        if person.date_of_birth is None:
            continue
        first, last = person.first_name.strip().upper(), person.last_name.strip().upper()
        keys.append(f"person:{first}:{last}:{person.date_of_birth.isoformat()}")
        if is_child:
            keys.append(f"child:{first}:{person.date_of_birth.isoformat()}:{postcode}")
    return keys


FAMILY_PERMISSIONS = ("families.view_family", "families.change_family")
TRANSFER_TO_SAME_CENTRE = "The family is already registered with this centre. Choose another centre"


def family_access_grant(*, family: Family) -> None:
    """The family's centre group reaches it (issue 5: guardian, direct foreign keys)."""
    group = family.centre.group
    for permission in FAMILY_PERMISSIONS:
        assign_perm(permission, group, family)


def _family_permissions() -> list[Permission]:
    codenames = [name.split(".", 1)[1] for name in FAMILY_PERMISSIONS]
    return list(Permission.objects.filter(content_type__app_label="families", codename__in=codenames))


@transaction.atomic
def family_transfer(
    *, family: Family, to_centre: Centre, transferred_by: AbstractBaseUser, expected_version: int
) -> FamilyTransfer:
    """Move a family to another children's centre when it moves house (issue 13).

    In one transaction: the old centre's group loses its reach to the family and the new
    centre's group gains it (¶13 need to know follows the family), the family's centre changes
    and its named health visitor (the old centre's) is cleared (django-auditlog records both),
    and the move is recorded (append-only). Consent given to the old centre's in-centre team is
    not moved: it does not cover the new centre's team (consent box; the policy reads the move
    from this record). The family's version is the lock, so two
    managers transferring at once cannot both succeed.
    """
    current = Family.objects.select_for_update().select_related("centre").get(pk=family.pk)
    if current.version != expected_version:
        raise StaleEditError(validators.STALE_EDIT)
    if current.centre_id == to_centre.pk:
        raise ValidationError(TRANSFER_TO_SAME_CENTRE)
    from_centre = current.centre
    # ¶13 need to know follows the family: the old centre's reach goes, the new centre's comes,
    # written directly on guardian's direct-FK table (two statements, not guardian's per-row calls).
    FamilyGroupObjectPermission.objects.filter(content_object=current, group_id=from_centre.group_id).delete()
    FamilyGroupObjectPermission.objects.bulk_create(
        FamilyGroupObjectPermission(content_object=current, group_id=to_centre.group_id, permission=permission)
        for permission in _family_permissions()
    )
    current.centre = to_centre
    # The named health visitor works at the old centre and no longer reaches the family: the new
    # centre's manager names one of theirs.
    current.named_health_visitor = None
    current.version += 1
    current.full_clean(validate_unique=False)  # only the centre, named health visitor and version change
    # save(): django-auditlog records the move.
    current.save(update_fields=["centre", "named_health_visitor", "version"])
    # The move itself is history (append-only): a correction is another move, never an edit.
    transfer = FamilyTransfer.objects.create(
        family=current, from_centre=from_centre, to_centre=to_centre, transferred_by=transferred_by
    )
    return transfer


@transaction.atomic
def family_register(
    *,
    registered_by: AbstractBaseUser,
    centre: Centre,
    address_line_1: str,
    address_line_2: str = "",
    town: str,
    postcode: str,
    carers: list[CarerInput],
    children: list[ChildInput],
    registration_token: uuid.UUID | None = None,
    confirmed_not_duplicate: bool = False,
    today: dt.date | None = None,
    reference: str | None = None,
    named_health_visitor: AbstractBaseUser | None = None,
) -> Family:
    """Register a family at a centre: carers, children under 5 and expected babies.

    ``reference`` is for the demo world's fixed references (``ADA``); otherwise the centre's next.
    """
    postcode = validators.normalise_postcode(postcode)
    # Issue 11: concurrent registrations wait here for each other until the first commits, so
    # the token check, the duplicate check and the next reference all see what it wrote.
    advisory_xact_lock(*_registration_lock_keys(
        centre=centre, postcode=postcode, carers=carers, children=children, registration_token=registration_token
    ))
    existing = family_by_registration_token(registration_token)
    if existing is not None:
        return existing  # The same form submitted twice: one family, not two.
    today = today or timezone.localdate()
    if not carers:
        raise ValidationError(validators.NO_CARER)
    for carer in carers:
        validators.validate_carer_birth_date(carer.date_of_birth, today)
    for child in children:
        if child.date_of_birth is not None:
            validators.validate_child_birth_date(child.date_of_birth, today)
        elif child.due_date is not None:
            validators.validate_due_date(child.due_date, today)
        else:
            raise ValidationError("Enter a date of birth or a due date for each child")

    if not confirmed_not_duplicate:
        matches: list[Person] = []
        for person, kind in [(c, PersonKind.ADULT) for c in carers] + [(c, PersonKind.CHILD) for c in children]:
            matches += possible_duplicates(
                first_name=person.first_name,
                last_name=person.last_name,
                date_of_birth=person.date_of_birth,
                postcode=postcode,
                kind=kind,
            )
        if matches:
            raise PossibleDuplicateError(list({m.pk: m for m in matches}.values()))

    family = Family(
        centre=centre,
        reference=reference or _family_reference(centre),
        address_line_1=address_line_1.strip(),
        address_line_2=address_line_2.strip(),
        town=town.strip(),
        postcode=postcode,
        registration_token=registration_token,
        created_by=registered_by,
        named_health_visitor=named_health_visitor,
    )
    family.full_clean(exclude=["reference"])
    for attempt in range(5):
        try:
            with transaction.atomic():
                family.save()
            break
        except IntegrityError:
            # A concurrent double submit won the race on the token: return what it created.
            existing = family_by_registration_token(registration_token)
            if existing is not None:
                return existing
            if reference or attempt == 4:
                raise
            # Another registration took the same number at the same moment: take the next.
            family.pk = None
            family.reference = _family_reference(centre)
    carer_people = [
        _person_create(
            family,
            PersonKind.ADULT,
            i,
            first_name=c.first_name.strip(),
            last_name=c.last_name.strip(),
            date_of_birth=c.date_of_birth,
        )
        for i, c in enumerate(carers, start=1)
    ]
    for i, c in enumerate(children, start=1):
        child = _person_create(
            family,
            PersonKind.CHILD,
            i,
            first_name=c.first_name.strip(),
            last_name=c.last_name.strip(),
            date_of_birth=c.date_of_birth,
            due_date=c.due_date,
        )
        for carer_input, carer in zip(carers, carer_people, strict=True):
            CarerLink.objects.create(
                carer=carer,
                child=child,
                relationship=carer_input.relationship,
                parental_responsibility=carer_input.parental_responsibility,
            )
    family_access_grant(family=family)
    return family


@transaction.atomic
def family_update(
    *,
    family: Family,
    expected_version: int,
    address_line_1: str,
    address_line_2: str,
    town: str,
    postcode: str,
) -> Family:
    """Change a family's address. If someone saved since the form was loaded, refuse."""
    current = Family.objects.select_for_update().get(pk=family.pk)
    if current.version != expected_version:
        raise StaleEditError(validators.STALE_EDIT)
    current.address_line_1 = address_line_1.strip()
    current.address_line_2 = address_line_2.strip()
    current.town = town.strip()
    current.postcode = validators.normalise_postcode(postcode)
    current.version += 1
    current.full_clean()
    current.save()  # save(), not update(): django-auditlog records the change.
    return current


def _details_apply(person: Person, details: PersonDetailsInput) -> None:
    """Set the other personal details, normalised: NHS number digits only (modulus 11 checked),
    phone as national digits; an NHS number held by someone else is refused in words."""
    nhs_number = validators.normalise_nhs_number(details.nhs_number) if details.nhs_number.strip() else None
    if nhs_number and Person.objects.filter(nhs_number=nhs_number).exclude(pk=person.pk).exists():
        raise ValidationError({"nhs_number": validators.NHS_NUMBER_TAKEN})
    person.nhs_number = nhs_number
    person.sex = details.sex
    person.ethnicity = details.ethnicity
    person.preferred_language = details.preferred_language.strip()
    person.interpreter_needed = details.interpreter_needed
    person.phone = validators.normalise_uk_phone(details.phone) if details.phone.strip() else None
    person.gp_practice = details.gp_practice.strip()


@transaction.atomic
def person_update(
    *,
    person: Person,
    expected_family_version: int,
    first_name: str,
    last_name: str,
    date_of_birth: dt.date | None,
    details: PersonDetailsInput | None = None,
) -> Person:
    """Correct a person's basic details (or record an expected baby's birth), and with ``details``
    their other personal details (``None``: left as they are — the form did not show them).

    The family's version is the lock: a change to anyone in the family bumps it, so a second
    person saving from a stale page is told instead of overwriting.
    """
    family = Family.objects.select_for_update().get(pk=person.family_id)
    if family.version != expected_family_version:
        raise StaleEditError(validators.STALE_EDIT)
    if date_of_birth is not None:
        validators.validate_birth_date(date_of_birth, timezone.localdate())
    person = Person.objects.get(pk=person.pk)
    person.first_name = first_name.strip()
    person.last_name = last_name.strip()
    if date_of_birth is not None:
        person.date_of_birth = date_of_birth
    if details is not None:
        _details_apply(person, details)
    person.full_clean(validate_unique=False)  # uniqueness of the NHS number: checked above, in words
    person.save()  # save(): django-auditlog records the change (NHS number and phone masked).
    family.version += 1
    family.save(update_fields=["version"])
    return person


@transaction.atomic
def person_details_record(*, person: Person, details: PersonDetailsInput) -> Person:
    """Record a person's other personal details (the demo world, imports); pages use ``person_update``."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    _details_apply(person, details)
    person.full_clean(validate_unique=False)
    person.save()
    return person


def note_add(
    *, subject: Person, author: AbstractBaseUser, topic: SensitiveTopic, text: str, contact_date: dt.date | None = None
) -> Note:
    """A note about a person; ``contact_date`` is when the contact happened (today when not given)."""
    today = timezone.localdate()
    contact_date = contact_date or today
    if contact_date > today:
        raise ValidationError({"contact_date": validators.CONTACT_DATE_FUTURE})
    note = Note(subject=subject, author=author, topic=topic, text=text.strip(), contact_date=contact_date)
    note.full_clean()
    note.save()
    return note


NOTE_AMENDMENT_NOT_AUTHOR = "Only the practitioner who wrote a note can amend it."
NOTE_AMENDMENT_REASON_REQUIRED = "Say why the note is being amended."
NOTE_AMENDMENT_TEXT_REQUIRED = "Enter the note as it should read."


def note_amend(*, note: Note, amended_by: AbstractBaseUser, text: str, reason: str) -> NoteAmendment:
    """Correct a note (issue 13) by recording an amendment: the new words, why, who, when. The note
    is never updated; its original text and every earlier amendment stay as its history.

    Only the note's author may amend it (``sharing.policy.may_amend_note`` decides for the pages,
    which also require that the note is shown to them); the check is repeated here so no other
    caller can correct someone else's words."""
    if note.author_id is None or note.author_id != amended_by.pk:
        raise PermissionDenied(NOTE_AMENDMENT_NOT_AUTHOR)
    errors = {}
    if not (text or "").strip():
        errors["text"] = NOTE_AMENDMENT_TEXT_REQUIRED
    if not (reason or "").strip():
        errors["reason"] = NOTE_AMENDMENT_REASON_REQUIRED
    if errors:
        raise ValidationError(errors)
    amendment = NoteAmendment(note=note, amended_by=amended_by, text=text.strip(), reason=reason.strip())
    amendment.full_clean()
    amendment.save()
    return amendment


@transaction.atomic
def family_child_add(
    *,
    family: Family,
    child: ChildInput,
    carer: Person,
    relationship: Relationship,
    parental_responsibility: bool,
    today: dt.date | None = None,
) -> Person:
    """Add a child or an expected baby to a family already registered, linked to one of its carers.

    How an early notification or a new-birth row about a family the centre already knows is
    matched rather than registered twice. The family's version is bumped, as for any change.
    """
    today = today or timezone.localdate()
    locked = Family.objects.select_for_update().get(pk=family.pk)
    if carer.family_id != locked.pk or carer.kind != PersonKind.ADULT:
        raise ValidationError("Choose a parent or carer in this family")
    if child.date_of_birth is not None:
        validators.validate_child_birth_date(child.date_of_birth, today)
    elif child.due_date is not None:
        validators.validate_due_date(child.due_date, today)
    else:
        raise ValidationError("Enter a date of birth or a due date for each child")
    index = locked.people.filter(kind=PersonKind.CHILD).count() + 1
    while Person.objects.filter(reference=f"{locked.reference}-C{index}").exists():
        index += 1
    person = _person_create(
        locked,
        PersonKind.CHILD,
        index,
        first_name=child.first_name.strip(),
        last_name=child.last_name.strip(),
        date_of_birth=child.date_of_birth,
        due_date=child.due_date,
    )
    CarerLink.objects.create(
        carer=carer, child=person, relationship=relationship, parental_responsibility=parental_responsibility
    )
    locked.version += 1
    locked.save(update_fields=["version"])
    return person


@dataclass(frozen=True)
class BirthRegistration:
    """A new birth from the health trust's data (¶15): the baby, the mother, where they live."""

    centre: Centre
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str  # normalised
    mother: CarerInput
    mother_nhs_number: str
    child: ChildInput
    child_nhs_number: str


@dataclass(frozen=True)
class BirthAddition:
    """A new birth to a mother the centre already has: the baby joins her family."""

    mother: Person
    child: ChildInput
    child_nhs_number: str


def _next_numbers(centres: set[Centre]) -> dict[str, int]:
    """Each reference stem's next family number (``_family_reference``, for many families at once)."""
    stems = {_reference_stem(c) for c in centres}
    following: dict[str, int] = dict.fromkeys(stems, FIRST_FAMILY_NUMBER)
    pattern = rf"^({'|'.join(sorted(stems))})[0-9]{{1,18}}$"  # numbers a bigint holds
    # Each stem's largest number, worked out in the database: a centre may hold 50,000 families.
    numbered = (
        Family.objects.filter(reference__regex=pattern)
        .annotate(stem=Left("reference", 3), number=Cast(Substr("reference", 4), BigIntegerField()))
        .order_by().values("stem").annotate(largest=Max("number")).values_list("stem", "largest")
    )
    for stem, largest in numbered:
        following[stem] = max(following[stem], largest + 1)
    return following


@transaction.atomic
def births_register(
    *, registered_by: AbstractBaseUser, new_families: list[BirthRegistration], additions: list[BirthAddition]
) -> list[int]:
    """Register many births at once (a file from the health trust), in a fixed number of statements.

    The same records as ``family_register`` and ``family_child_add`` — family, mother, baby, the
    carer link with parental responsibility, the centre group's reach — and a change-log entry for
    every row (``audit.bulk``: rows written in bulk are invisible to django-auditlog). Written with
    COPY, keys drawn first: a 10,000-row file must import at thousands of rows a second (issue 14).
    The rows are checked by the caller (``intake.births``) with the same validators.
    Returns the babies' primary keys: the new families' in order, then the added ones.
    """
    now = timezone.now()
    centres = {r.centre for r in new_families}
    advisory_xact_lock(*[f"family-reference:{_reference_stem(c)}" for c in centres])
    following = _next_numbers(centres) if centres else {}
    family_ids = next_ids(Family, len(new_families))
    families, created = [], []
    for family_id, registration in zip(family_ids, new_families, strict=True):
        stem = _reference_stem(registration.centre)
        reference = f"{stem}{following[stem]}"
        following[stem] += 1
        values = {
            "id": family_id, "centre": registration.centre.pk, "reference": reference,
            "address_line_1": registration.address_line_1.strip(),
            "address_line_2": registration.address_line_2.strip(), "town": registration.town.strip(),
            "postcode": registration.postcode, "version": 1, "created_at": now, "created_by": registered_by.pk,
        }
        families.append((family_id, reference, registration.centre.group_id))
        created.append(Created(Family, family_id, reference, values))
    # Babies born to mothers already known: the next child number in each family.
    by_family: dict[int, int] = {}
    known = {a.mother.family_id for a in additions}
    for family_id, reference in Person.objects.filter(family_id__in=known, kind=PersonKind.CHILD).values_list(
        "family_id", "reference"
    ):
        by_family[family_id] = max(by_family.get(family_id, 0), int(reference.rsplit("-C", 1)[1]))
    person_ids = next_ids(Person, 2 * len(new_families) + len(additions))
    people, links = [], []
    references = {a.mother.pk: a.mother.reference for a in additions}
    ids = iter(person_ids)

    def person(family_id: int, reference: str, kind: str, first: str, last: str, born, nhs: str) -> int:
        pk = next(ids)
        values = {
            "id": pk, "family": family_id, "reference": reference, "kind": kind, "first_name": first.strip(),
            "last_name": last.strip(), "date_of_birth": born, "nhs_number": nhs or None, "created_at": now,
        }
        people.append(Created(Person, pk, reference, values))
        references[pk] = reference
        return pk

    babies = []
    for (family_id, reference, _group), registration in zip(families, new_families, strict=True):
        mother = person(family_id, f"{reference}-P1", PersonKind.ADULT, registration.mother.first_name,
                        registration.mother.last_name, registration.mother.date_of_birth,
                        registration.mother_nhs_number)
        baby = person(family_id, f"{reference}-C1", PersonKind.CHILD, registration.child.first_name,
                      registration.child.last_name, registration.child.date_of_birth, registration.child_nhs_number)
        babies.append(baby)
        links.append((mother, baby, registration.mother.relationship, registration.mother.parental_responsibility))
    for addition in additions:
        family_id = addition.mother.family_id
        by_family[family_id] = by_family.get(family_id, 0) + 1
        stem = addition.mother.reference.rsplit("-", 1)[0]
        baby = person(family_id, f"{stem}-C{by_family[family_id]}", PersonKind.CHILD, addition.child.first_name,
                      addition.child.last_name, addition.child.date_of_birth, addition.child_nhs_number)
        babies.append(baby)
        links.append((addition.mother.pk, baby, Relationship.MOTHER, True))
    link_rows = []
    for pk, (carer, child, relationship, responsibility) in zip(next_ids(CarerLink, len(links)), links, strict=True):
        values = {"id": pk, "carer": carer, "child": child, "relationship": str(relationship),
                  "parental_responsibility": responsibility}
        text = f"{references[carer]} is {Relationship(relationship).label.lower()} of {references[child]}"
        link_rows.append(Created(CarerLink, pk, text, values))
    # Every row is known now: their change-log entries are hashed in the background while the
    # database takes the rows themselves (issue 14: the hashing was a third of the import).
    change_log = log_created_begin([*created, *people, *link_rows], actor_id=registered_by.pk)
    copy_rows(
        Family,
        ["id", "centre_id", "reference", "address_line_1", "address_line_2", "town", "postcode", "version",
         "created_at", "created_by_id"],
        [tuple(c.values.values()) for c in created],
    )
    copy_rows(
        Person,
        ["id", "family_id", "reference", "kind", "first_name", "last_name", "date_of_birth", "nhs_number",
         "created_at"],
        [tuple(p.values.values()) for p in people],
    )
    copy_rows(
        CarerLink, ["id", "carer_id", "child_id", "relationship", "parental_responsibility"],
        [tuple(c.values.values()) for c in link_rows],
    )
    if known:
        # A new child changes the family: a form loaded before the import must not overwrite it.
        Family.objects.filter(pk__in=known).update(version=F("version") + 1)
    _family_access_grant_many(families)
    change_log.write()
    return babies


def _family_access_grant_many(families: list[tuple[int, str, int]]) -> None:
    """``family_access_grant`` for many families (id, reference, centre group): one COPY."""
    if not families:
        return
    permissions = [p.pk for p in _family_permissions()]  # the grants of family_access_grant (FAMILY_PERMISSIONS)
    ids = iter(next_ids(FamilyGroupObjectPermission, len(families) * len(permissions)))
    copy_rows(
        FamilyGroupObjectPermission,
        ["id", "content_object_id", "group_id", "permission_id"],
        [(next(ids), family_id, group, permission) for family_id, _, group in families for permission in permissions],
    )
# --- Healthy Child Programme contacts (issue 13) --------------------------------------------------

CONTACT_NOT_A_CHILD = "Contacts are recorded for a child or an expected baby"
CONTACT_IN_FUTURE = "The date of the contact must be today or in the past"
CONTACT_BEFORE_BIRTH = "The date of the contact must be on or after the child's date of birth"
CONTACT_ANTENATAL_AFTER_BIRTH = "An antenatal contact must be before the baby's date of birth"
CONTACT_BEFORE_BORN = "The baby has not been born yet: only the antenatal contact can be recorded"
BREASTFEEDING_REQUIRED = "Select how the baby is fed: totally, partially or not breastfed"
BREASTFEEDING_NOT_HERE = "Breastfeeding is recorded at the new birth visit and the 6 to 8 week review only"


@transaction.atomic
def review_contact_record(
    *,
    subject: Person,
    recorded_by: AbstractBaseUser,
    review: Review,
    contact_date: dt.date,
    place: ContactPlace,
    outcome: ContactOutcome,
    present: str = "",
    breastfeeding: Breastfeeding | str = "",
    note: str = "",
    today: dt.date | None = None,
) -> ReviewContact:
    """Record one Healthy Child Programme contact (issue 13). History: appended, never changed.

    Breastfeeding status is required where the figures count it (issue 14): a completed new birth
    visit or 6 to 8 week review; it is refused at any other review.
    """
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if subject.kind != PersonKind.CHILD:
        raise ValidationError(CONTACT_NOT_A_CHILD)
    if contact_date > today:
        errors.setdefault("contact_date", []).append(CONTACT_IN_FUTURE)
    elif review == Review.ANTENATAL:
        if subject.date_of_birth is not None and contact_date >= subject.date_of_birth:
            errors.setdefault("contact_date", []).append(CONTACT_ANTENATAL_AFTER_BIRTH)
    elif subject.date_of_birth is None:
        errors.setdefault("review", []).append(CONTACT_BEFORE_BORN)
    elif contact_date < subject.date_of_birth:
        errors.setdefault("contact_date", []).append(CONTACT_BEFORE_BIRTH)
    if review in BREASTFEEDING_REVIEWS:
        if outcome == ContactOutcome.COMPLETED and not breastfeeding:
            errors.setdefault("breastfeeding", []).append(BREASTFEEDING_REQUIRED)
    elif breastfeeding:
        errors.setdefault("breastfeeding", []).append(BREASTFEEDING_NOT_HERE)
    if errors:
        raise ValidationError(errors)
    contact = ReviewContact(
        subject=subject,
        review=review,
        contact_date=contact_date,
        place=place,
        present=present.strip(),
        outcome=outcome,
        # Only a completed feeding review says how the baby is fed.
        breastfeeding=breastfeeding if outcome == ContactOutcome.COMPLETED else "",
        note=note.strip(),
        recorded_by=recorded_by,
    )
    contact.full_clean()
    contact.save()
    return contact


def family_health_visitor_assign(*, family: Family, health_visitor: AbstractBaseUser | None) -> Family:
    """Name the health visitor whose caseload the family is on (issue 13). Current state, not
    history: django-auditlog records each change."""
    current = Family.objects.select_for_update().get(pk=family.pk)
    current.named_health_visitor = health_visitor
    current.save(update_fields=["named_health_visitor"])
    return current
