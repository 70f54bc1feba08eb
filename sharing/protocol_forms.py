"""The register of information sharing protocols (¶23): one form to add or change a protocol."""
from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms

from config.forms import GovukForm, gds_helper
from sharing.vocabulary import LegalBasis, ProtocolData, ProtocolStatus


class ProtocolForm(GovukForm):
    partner = forms.CharField(label="Partner organisation", max_length=200)
    data_shared = forms.ChoiceField(label="Data shared", choices=ProtocolData.choices, widget=forms.RadioSelect)
    categories = forms.CharField(label="Categories of data", max_length=500,
                                 help_text="For example: counts by postcode sector, breastfeeding rates")
    purpose = forms.CharField(label="Purpose", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.ChoiceField(label="Legal basis", choices=[("", "Choose a legal basis"), *LegalBasis.choices])
    start_date = forms.DateField(label="Start date (YYYY-MM-DD)")
    review_date = forms.DateField(label="Review date (YYYY-MM-DD)")
    status = forms.ChoiceField(label="Status", choices=ProtocolStatus.choices, widget=forms.RadioSelect)
    document_link = forms.URLField(label="Link to the signed protocol (optional)", required=False, max_length=500,
                                   assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("partner"),
            Field.radios("data_shared", legend_size=Size.SMALL),
            Field.text("categories"),
            Field.textarea("purpose"),
            Field.select("legal_basis"),
            Field.text("start_date", field_width=10),
            Field.text("review_date", field_width=10),
            Field.radios("status", legend_size=Size.SMALL, inline=True),
            Field.text("document_link"),
        )
