"""Validation rules for family registration, with GOV.UK-style messages the tests assert on."""
from __future__ import annotations

import datetime as dt
import operator
import re

from django.core.exceptions import ValidationError

from families.vocabulary import age_on

# The UK postcode shape: outward code (area, district) and inward code (sector, unit).
POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")

POSTCODE_INVALID = "Enter a real postcode, like NR1 1AB"
DOB_IN_FUTURE = "Date of birth must be today or in the past"
DATE_TOO_EARLY = "{what} must be after 1 January 1900"
CARER_AGE_IMPLAUSIBLE = "A parent or carer must be between 10 and 120 years old. Check the date of birth"
CHILD_TOO_OLD = "A child must be under 5 on the day they are registered. Check the date of birth"
DUE_DATE_OUT_OF_RANGE = "The due date must be between today and 10 months from now"
NO_CARER = "Add at least one parent or carer"
DUPLICATE_FOUND = (
    "Someone with these details may already be registered. Check the list, then confirm this is "
    "a different family or go to the existing record"
)
STALE_EDIT = (
    "Someone else changed this family's details while you were editing. Your changes have not "
    "been saved: check the details below and make your changes again"
)


def normalise_postcode(value: str) -> str:
    """``nr11ab`` → ``NR1 1AB``; raises ValidationError for anything that is not a postcode."""
    compact = re.sub(r"\s+", "", (value or "").upper())
    match = POSTCODE_RE.match(compact)
    if not match:
        raise ValidationError(POSTCODE_INVALID, code="postcode")
    return f"{match.group(1)} {match.group(2)}"


# Issue 9: no decision, birth or notice is dated before this; anything earlier is a typing slip.
EARLIEST_DATE = dt.date(1900, 1, 1)


def validate_plausible_date(value: dt.date, what: str) -> None:
    if value < EARLIEST_DATE:
        raise ValidationError(DATE_TOO_EARLY.format(what=what), code="too_early")


def validate_birth_date(value: dt.date, today: dt.date) -> None:
    if value > today:
        raise ValidationError(DOB_IN_FUTURE, code="future")
    validate_plausible_date(value, "Date of birth")


def validate_carer_birth_date(value: dt.date, today: dt.date) -> None:
    validate_birth_date(value, today)
    if not 10 <= (age_on(value, today) or 0) <= 120:
        raise ValidationError(CARER_AGE_IMPLAUSIBLE, code="implausible")


def validate_child_birth_date(value: dt.date, today: dt.date) -> None:
    validate_birth_date(value, today)
    if age_on(value, today) >= 5:
        raise ValidationError(CHILD_TOO_OLD, code="too_old")


def validate_due_date(value: dt.date, today: dt.date) -> None:
    # "Within the next ten months": a pregnancy is ~40 weeks; allow today up to 10 months ahead.
    month = today.month + 10
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    day = min(today.day, 28)
    latest = dt.date(year, month, day)
    if value < today or value > latest:
        raise ValidationError(DUE_DATE_OUT_OF_RANGE, code="due_date")


# --- Other personal details (issue 13) ----------------------------------------------------------

NHS_NUMBER_INVALID = "Enter a valid NHS number, like 943 476 5919"
CONTACT_DATE_FUTURE = "The date of contact must be today or in the past"
NHS_NUMBER_TAKEN = (
    "This NHS number is recorded for someone else. Check the number, or ask your centre manager"
)
PHONE_INVALID = "Enter a UK phone number, like 01603 123456 or 07700 900123"


NHS_SEPARATORS = re.compile(r"[\s-]+")
TEN_DIGITS = re.compile(r"[0-9]{10}")
NHS_WEIGHTS = range(10, 1, -1)


def normalise_nhs_number(value: str) -> str:
    """``943 476 5919`` or ``943-476-5919`` → ``9434765919``, if its check digit is right.

    The NHS number's tenth digit is a modulus 11 check: weights 10 down to 2 on the first nine
    digits; 11 minus the remainder is the check digit (11 counts as 0, 10 is never issued)."""
    digits = NHS_SEPARATORS.sub("", value or "")
    if not TEN_DIGITS.fullmatch(digits):
        raise ValidationError(NHS_NUMBER_INVALID, code="nhs_number")
    total = sum(map(operator.mul, map(int, digits[:9]), NHS_WEIGHTS))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    if check == 10 or check != int(digits[9]):
        raise ValidationError(NHS_NUMBER_INVALID, code="nhs_number")
    return digits


def validate_nhs_number(value: str) -> None:
    normalise_nhs_number(value)


def format_nhs_number(digits: str) -> str:
    """The NHS's 3-3-4 display: ``943 476 5919``."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else digits


def normalise_uk_phone(value: str) -> str:
    """A UK number in any usual writing (``+44 (0)1603 123456``, ``07700-900123``) → national
    digits ``01603123456``. Geographic (01, 02), non-geographic (03, 08) and mobile (07)."""
    compact = re.sub(r"[\s().-]+", "", value or "")
    if compact.startswith("+44"):
        compact = "0" + compact[3:].removeprefix("0")
    elif compact.startswith("0044"):
        compact = "0" + compact[4:].removeprefix("0")
    if not re.fullmatch(r"0(1[0-9]{8,9}|2[0-9]{9}|3[0-9]{9}|7[0-9]{9}|8[0-9]{8,9})", compact):
        raise ValidationError(PHONE_INVALID, code="phone")
    return compact
