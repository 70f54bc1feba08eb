"""Validators for family records: postcodes (GOV.UK wording)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from families import validators

TODAY = timezone.localdate()


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("nr11ab", "NR1 1AB"),
        (" NR1  1AB ", "NR1 1AB"),
        ("sw1a1aa", "SW1A 1AA"),
        ("M11AE", "M1 1AE"),
        ("b338th", "B33 8TH"),
    ],
)
def test_postcodes_are_normalised(raw, expected):
    assert validators.normalise_postcode(raw) == expected


@pytest.mark.parametrize("raw", ["NR1 1A", "NR11", "123 456", "", "NR1 1ABC", "1NR 1AB"])
def test_bad_postcodes_say_how_to_fix(raw):
    with pytest.raises(ValidationError) as error:
        validators.normalise_postcode(raw)
    assert error.value.messages == [validators.POSTCODE_INVALID]
