"""Shared GOV.UK form plumbing: crispy-forms-gds helpers and a date field with plain messages."""

from __future__ import annotations

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from django import forms


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


def date_field(
    label: str, *, required: bool = True, help_text: str = "For example, 27 3 2024", what: str = "date"
) -> DateInputField:
    field = DateInputField(label=label, required=required, help_text=help_text, require_all_fields=False)
    field.error_messages["required"] = f"Enter the {what}"
    field.error_messages["incomplete"] = f"Enter the {what} as a day, month and year"
    field.error_messages["invalid"] = f"Enter the {what} as a real date"
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
