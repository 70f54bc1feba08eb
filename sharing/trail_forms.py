"""The trail's filters (GET forms: a question, not a change)."""
from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from config.forms import GovukForm, gds_helper
from sharing.trail import CHANGE, READ, REFUSED, SHOWN, TrailFilters
from sharing.vocabulary import CONTEXT_LABELS, Basis, CategoryChoice

DATE_ORDER = "The 'to' date must be the same as or after the 'from' date"


class TrailFilterForm(GovukForm):
    kind = forms.ChoiceField(
        label="Show", required=False, widget=forms.RadioSelect,
        choices=[("", "Reads and changes"), (READ, "Reads only"), (CHANGE, "Changes only")],
    )
    practitioner = forms.CharField(label="Practitioner's username", required=False, max_length=150)
    reference = forms.CharField(label="Family or person reference", required=False, max_length=16,
                                help_text="For example ADA or ADA-C1")
    category = forms.ChoiceField(label="Information", required=False,
                                 choices=[("", "Any")] + list(CategoryChoice.choices))
    basis = forms.ChoiceField(label="Basis", required=False, choices=[("", "Any")] + list(Basis.choices))
    outcome = forms.ChoiceField(label="Outcome", required=False,
                                choices=[("", "Shown or refused"), (SHOWN, "Shown"), (REFUSED, "Refused")])
    purpose = forms.ChoiceField(label="Purpose", required=False,
                                choices=[("", "Any purpose"), ("asserted", "Not their usual purpose")])
    context = forms.ChoiceField(label="Where", required=False,
                                choices=[("", "Anywhere")] + sorted(CONTEXT_LABELS.items(), key=lambda c: c[1]))
    date_from = forms.DateField(label="From (YYYY-MM-DD)", required=False)
    date_to = forms.DateField(label="To (YYYY-MM-DD)", required=False)

    def __init__(self, *args, practitioner_fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if practitioner_fixed:
            del self.fields["practitioner"]
        names = [name for name in ("practitioner",) if name in self.fields]
        self.helper = gds_helper(
            Field.radios("kind", legend_size=Size.SMALL, inline=True),
            *[Field.text(name, field_width=20) for name in names],
            Field.text("reference", field_width=10),
            Fieldset(
                Field.select("category"), Field.select("basis"), Field.select("outcome"),
                Field.select("purpose"), Field.select("context"),
                legend="Reads", legend_size=Size.SMALL,
            ),
            Field.text("date_from", field_width=10),
            Field.text("date_to", field_width=10),
        )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", DATE_ORDER)
        return data

    def filters(self, **fixed) -> TrailFilters:
        data = {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}
        return TrailFilters(**{**data, **fixed})
