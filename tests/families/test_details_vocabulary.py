"""The words and checks behind issue 13's fuller person records and review schedule."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from families.validators import format_nhs_number, normalise_nhs_number, normalise_uk_phone
from families.vocabulary import (
    ETHNIC_GROUP_OF,
    PERSONAL_DETAILS_FIELDS,
    Ethnicity,
    SensitiveTopic,
    add_months_days,
)
from sharing.vocabulary import SENSITIVE_TOPICS


@pytest.mark.parametrize(
    "written, stored",
    [
        ("9434765919", "9434765919"),
        ("943 476 5919", "9434765919"),
        ("943-476-5919", "9434765919"),
        (" 401 023 2137 ", "4010232137"),
        ("4505577104", "4505577104"),
    ],
)
def test_a_valid_nhs_number_is_kept_as_ten_digits(written, stored):
    assert normalise_nhs_number(written) == stored


@pytest.mark.parametrize(
    "written",
    [
        "9434765918",  # wrong check digit
        "943476591",  # nine digits
        "94347659190",  # eleven
        "943476591X",
        "",
        "0000000600",  # check digit would be 10: never issued
    ],
)
def test_an_nhs_number_that_fails_its_check_is_refused(written):
    with pytest.raises(ValidationError, match="valid NHS number"):
        normalise_nhs_number(written)


def test_nhs_numbers_are_shown_three_three_four():
    assert format_nhs_number("9434765919") == "943 476 5919"


@pytest.mark.parametrize(
    "written, stored",
    [
        ("01603 123456", "01603123456"),
        ("+44 (0)1603 123456", "01603123456"),
        ("+447700900123", "07700900123"),
        ("0044 7700 900123", "07700900123"),
        ("020 7946 0958", "02079460958"),
        ("0300-123-4567", "03001234567"),
    ],
)
def test_uk_phone_numbers_in_usual_writings_are_accepted(written, stored):
    assert normalise_uk_phone(written) == stored


@pytest.mark.parametrize("written", ["12345", "07700 90012", "+1 202 555 0101", "09123456789", "phone me"])
def test_other_phone_numbers_are_refused(written):
    with pytest.raises(ValidationError, match="UK phone number"):
        normalise_uk_phone(written)


def test_other_personal_details_are_a_sensitive_topic_the_gate_knows():
    assert SensitiveTopic.PERSONAL_DETAILS in SENSITIVE_TOPICS
    assert "nhs_number" in PERSONAL_DETAILS_FIELDS and "first_name" not in PERSONAL_DETAILS_FIELDS


def test_every_ethnicity_has_a_group_and_england_has_nineteen_categories():
    stated = [value for value in Ethnicity.values if value != "not_stated"]
    assert len(stated) == 19
    assert set(ETHNIC_GROUP_OF) == set(Ethnicity.values)


@pytest.mark.parametrize(
    "day, months, days, expected",
    [
        (dt.date(2024, 1, 31), 1, 0, dt.date(2024, 2, 29)),  # clamped, as PostgreSQL does
        (dt.date(2023, 1, 31), 1, 0, dt.date(2023, 2, 28)),
        (dt.date(2024, 3, 1), 0, -84, dt.date(2023, 12, 8)),
        (dt.date(2024, 11, 15), 24, 0, dt.date(2026, 11, 15)),
        (dt.date(2024, 5, 31), 9, 0, dt.date(2025, 2, 28)),
    ],
)
def test_months_and_days_are_added_as_the_database_adds_them(day, months, days, expected):
    assert add_months_days(day, months, days) == expected
