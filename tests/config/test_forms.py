"""Every GOV.UK date field refuses any day, month and year that are not a date (issue 11)."""
from __future__ import annotations

import datetime as dt

import pytest

from config.forms import GovukDateField, GovukForm, date_field

DOB_NOT_REAL = "Date of birth must be a real date"


class BirthForm(GovukForm):
    date_of_birth = date_field("Date of birth", what="date of birth")


def _errors(day: str, month: str, year: str) -> list[str]:
    form = BirthForm({"date_of_birth_0": day, "date_of_birth_1": month, "date_of_birth_2": year})
    assert not form.is_valid()
    return form.errors["date_of_birth"]


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("1", "1", str(2**31)),  # OverflowError in crispy-forms-gds before
        (str(2**63), "1", "2000"),
        ("1", str(2**31), "2000"),
        ("1", "1", "9" * 5000),  # beyond int()'s 4,300-digit limit
        ("31", "2", "2020"),
        ("1", "13", "2020"),
        ("0", "1", "2020"),
        ("1", "1", "0"),
        ("1", "1", "10000"),
        ("1st", "1", "2020"),
        ("1", "jan", "2020"),
        ("١", "1", "2020"),  # an Arabic-Indic digit
    ],
)
def test_an_impossible_date_gets_the_govuk_message(day, month, year):
    assert _errors(day, month, year) == [DOB_NOT_REAL]


def test_a_real_date_is_read():
    form = BirthForm({"date_of_birth_0": "29", "date_of_birth_1": "02", "date_of_birth_2": "2024"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == dt.date(2024, 2, 29)


def test_every_date_field_in_the_project_is_the_safe_one():
    """Forms build dates with config.forms.date_field; a crispy-forms-gds field used directly
    would bring the OverflowError back."""
    from crispy_forms_gds.fields import DateInputField

    import consent.forms
    import families.forms
    import sharing.forms

    found = 0
    for module in (consent.forms, families.forms, sharing.forms):
        for form_class in vars(module).values():
            if not (isinstance(form_class, type) and issubclass(form_class, GovukForm)):
                continue
            for name, field in form_class.base_fields.items():
                if isinstance(field, DateInputField):
                    found += 1
                    assert isinstance(field, GovukDateField), f"{form_class.__name__}.{name}"
    assert found >= 6
