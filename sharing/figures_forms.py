"""The figures page's question: which centre (for the Caldicott Guardian) and which period."""
from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms

from config.forms import GovukForm, gds_helper
from sharing.figures import MAX_MONTHS, Period

DATE_ORDER = "The 'to' date must be the same as or after the 'from' date"
TOO_LONG = f"Choose a period of at most {MAX_MONTHS} months"


class FiguresForm(GovukForm):
    centre = forms.ChoiceField(label="Centre", required=False)
    date_from = forms.DateField(label="From (YYYY-MM-DD)", required=False)
    date_to = forms.DateField(label="To (YYYY-MM-DD)", required=False)

    def __init__(self, *args, centres: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if centres:
            self.fields["centre"].choices = centres
        else:
            del self.fields["centre"]
        fields = [Field.select("centre")] if centres else []
        self.helper = gds_helper(
            *fields, Field.text("date_from", field_width=10), Field.text("date_to", field_width=10)
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if end < start:
                self.add_error("date_to", DATE_ORDER)
            elif len(Period(start, end).months) > MAX_MONTHS:
                self.add_error("date_from", TOO_LONG)
        return data

    def period(self, default: Period) -> Period:
        data = getattr(self, "cleaned_data", None) or {}
        return Period(data.get("date_from") or default.start, data.get("date_to") or default.end)
