"""Forms for subject access requests (issue 10)."""
from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms

from config.forms import GovukForm, ReferenceField, date_field, gds_helper

SAR_REFERENCE_REQUIRED = "Enter the reference of the family or the person"
SAR_REQUESTED_BY_REQUIRED = "Enter who made the request"
SAR_IDENTITY_REQUIRED = "Confirm that you have checked the requester's identity"
SAR_RELEASE_CONFIRM = "Confirm that you have reviewed the third parties' information before release"


class SubjectAccessRequestForm(GovukForm):
    reference = ReferenceField(
        label="Family or person reference", max_length=16, help_text="For example, ADA for the family or ADA-C1",
        error_messages={"required": SAR_REFERENCE_REQUIRED},
    )
    requested_by = forms.CharField(
        label="Who made the request", max_length=200, help_text="For example, Anna Adams (mother)",
        error_messages={"required": SAR_REQUESTED_BY_REQUIRED},
    )
    received_on = date_field("Date the request was received", what="date the request was received")
    identity_checked = forms.BooleanField(
        label="I have checked the requester's identity", error_messages={"required": SAR_IDENTITY_REQUIRED},
    )
    identity_evidence = forms.CharField(
        label="How was identity checked? (optional)", required=False, max_length=200,
        help_text="For example, passport seen at the centre",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("reference", field_width=10), Field.text("requested_by"), Field("received_on"),
            Field.checkbox("identity_checked"), Field.text("identity_evidence"),
        )


class ReleaseForm(GovukForm):
    request = forms.IntegerField(widget=forms.HiddenInput)
    reviewed = forms.BooleanField(
        label="I have reviewed the file and removed or withheld third parties' information where needed",
        error_messages={"required": SAR_RELEASE_CONFIRM},
    )
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.checkbox("reviewed"), Field.textarea("note"))
        self.helper.render_hidden_fields = False  # each request's card writes its own ``request``
