"""Shared GOV.UK form plumbing: crispy-forms-gds helpers and a date field with plain messages."""

from __future__ import annotations

import datetime as dt

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator


class GovukDateField(DateInputField):
    """crispy-forms-gds' day, month and year field, safe with any input.

    Its ``compress`` lets ``OverflowError`` escape (a part of 2**31 or more is a 500, issue 11)
    and shows Python's own words for an impossible date ("month must be in 1..12"). Here every
    day, month and year that do not make a date give the field's GOV.UK message instead.
    """

    def compress(self, data_list) -> dt.date | None:
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            return dt.date(day=int(day), month=int(month), year=int(year))
        except (ValueError, OverflowError) as error:
            # ValueError also covers a part of more than 4,300 digits (Python's int() limit).
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


def gds_helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    # A layout renders only the fields it names: without this, hidden fields (the registration
    # token, the edit version) are dropped and every submit fails on an error no one can see.
    helper.render_hidden_fields = True
    if layout:
        from crispy_forms_gds.layout import Layout

        helper.layout = Layout(*layout)
    return helper


def real_date_message(what: str) -> str:
    """GOV.UK's date input error: "Date of birth must be a real date"."""
    return f"{what[:1].upper()}{what[1:]} must be a real date"


def date_field(
    label: str, *, required: bool = True, help_text: str = "For example, 27 3 2024", what: str = "date"
) -> GovukDateField:
    """Every date in the project's forms is made here, so every one is a ``GovukDateField``."""
    field = GovukDateField(label=label, required=required, help_text=help_text, require_all_fields=False)
    field.error_messages["required"] = f"Enter the {what}"
    field.error_messages["incomplete"] = f"Enter the {what} as a day, month and year"
    field.error_messages["invalid"] = real_date_message(what)
    # Letters in a part get the same message as an impossible date (\Z: no trailing newline).
    for part in field.fields:
        part.validators = [RegexValidator(r"^[0-9]+\Z", field.error_messages["invalid"])]
    return field


class ReferenceField(forms.CharField):
    def to_python(self, value):
        return super().to_python(value).strip().upper()


def reference_field(example: str) -> forms.CharField:
    """A person's reference, typed in (``ada-c1`` is read as ``ADA-C1``)."""
    return ReferenceField(
        label="Reference of the person",
        max_length=16,
        help_text=f"For example, {example}",
        error_messages={"required": "Enter the person's reference"},
    )


class GovukForm(forms.Form):
    """Every form: no browser validation (GOV.UK error summaries instead), crispy layout."""

    use_required_attribute = False
