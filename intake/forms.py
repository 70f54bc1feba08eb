"""Forms for early notification and new-birth files. Validation says how to fix it."""
from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.utils import timezone

from config.forms import GovukForm, date_field, gds_helper
from consent.vocabulary import INFORMED_POINTS
from families import validators
from intake import births
from intake.services import ExpectantParent
from intake.vocabulary import DeclineReason, ImportMode, SignedBy

YES_NO = [("yes", "Yes"), ("no", "No")]
PARTNER_FIELDS = ("partner_first_name", "partner_last_name", "partner_date_of_birth")


def _text(label: str, required: bool, message: str = "", max_length: int = 100) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, error_messages={"required": message})


class NotificationForm(GovukForm):
    """Steps 1–3 on one page: the centre, the family, the due date, and the consent to pass it on."""

    centre = forms.ChoiceField(
        label="Which children's centre should contact the family?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the children's centre"},
    )
    parent_first_name = _text("First name", True, "Enter the expectant parent's first name")
    parent_last_name = _text("Last name", True, "Enter the expectant parent's last name")
    parent_date_of_birth = date_field("Date of birth", help_text="For example, 31 3 1995", what="date of birth")
    partner_first_name = _text("First name", False)
    partner_last_name = _text("Last name", False)
    partner_date_of_birth = date_field(
        "Date of birth", required=False, help_text="For example, 31 3 1993", what="partner's date of birth"
    )
    due_date = date_field("Due date", help_text="For example, 14 9 2026", what="due date")
    address_line_1 = _text("Address line 1", True, "Enter the first line of the address", 200)
    address_line_2 = _text("Address line 2 (optional)", False, "", 200)
    town = _text("Town or city", True, "Enter the town or city")
    postcode = forms.CharField(label="Postcode", max_length=10, error_messages={"required": "Enter the postcode"})
    consent_given = forms.ChoiceField(
        label="Did the family give explicit consent to pass their details to the centre?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the family gave explicit consent"},
    )
    consent_given_on = date_field("Date consent was given", what="date consent was given")
    signed_by = forms.ChoiceField(
        label="Who signed the consent document?",
        choices=SignedBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who signed the consent document"},
    )
    informed = forms.MultipleChoiceField(
        label="What did you explain?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(INFORMED_POINTS.items()),
        help_text="The centre can only accept the family's details when every point was explained (step 5).",
    )

    def __init__(self, *args, centres, **kwargs):
        super().__init__(*args, **kwargs)
        self.centres = {str(c.pk): c for c in centres}
        self.fields["centre"].choices = [(key, c.name) for key, c in self.centres.items()]
        self.initial.setdefault("consent_given_on", timezone.localdate())
        self.helper = gds_helper(
            Field.radios("centre", legend_size=Size.MEDIUM),
            Fieldset(
                Field.text("parent_first_name", field_width=20),
                Field.text("parent_last_name", field_width=20),
                Field("parent_date_of_birth"),
                legend="Expectant parent",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("partner_first_name", field_width=20),
                Field.text("partner_last_name", field_width=20),
                Field("partner_date_of_birth"),
                legend="Partner, if their details are shared too (optional)",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(Field("due_date"), legend="The baby", legend_size=Size.MEDIUM),
            Fieldset(
                Field.text("address_line_1"),
                Field.text("address_line_2"),
                Field.text("town", field_width=20),
                Field.text("postcode", field_width=10),
                legend="Address",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("consent_given", legend_size=Size.SMALL, inline=True),
                Field("consent_given_on"),
                Field.radios("signed_by", legend_size=Size.SMALL),
                Field.checkboxes("informed", legend_size=Size.SMALL),
                legend="Consent",
                legend_size=Size.MEDIUM,
            ),
        )

    def clean_postcode(self) -> str:
        return validators.normalise_postcode(self.cleaned_data["postcode"])

    def clean(self):
        data = super().clean()
        given = [bool(data.get(name)) for name in PARTNER_FIELDS]
        if any(given) and not all(given):
            for name, present in zip(PARTNER_FIELDS, given, strict=True):
                if not present and name not in self.errors:
                    self.add_error(name, "Enter the partner's first name, last name and date of birth, or none of them")
        return data

    @property
    def chosen_centre(self):
        return self.centres[self.cleaned_data["centre"]]

    @property
    def parent(self) -> ExpectantParent:
        d = self.cleaned_data
        return ExpectantParent(d["parent_first_name"], d["parent_last_name"], d["parent_date_of_birth"])

    @property
    def partner(self) -> ExpectantParent | None:
        d = self.cleaned_data
        if not d.get("partner_last_name"):
            return None
        return ExpectantParent(d["partner_first_name"], d["partner_last_name"], d["partner_date_of_birth"])


class NotificationDecisionForm(GovukForm):
    """Step 5: the named contact accepts (after checking consent) or declines, saying why."""

    decision = forms.ChoiceField(
        label="What do you want to do?",
        choices=[("accept", "Accept: register the family and its consent"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select accept or decline"},
    )
    reason = forms.ChoiceField(
        label="Why are you declining?",
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reason_detail = _text("More detail (optional, no names)", False, "", 300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.radios("reason", legend_size=Size.SMALL),
            Field.text("reason_detail"),
        )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("reason"):
            self.add_error("reason", "Select why you are declining the notification")
        return data


class BirthImportForm(GovukForm):
    """A CSV file of new births from the health trust (docs/import.md)."""

    file = forms.FileField(
        label="CSV file of new births",
        help_text="Up to 5 MB. The columns are listed in the import guide.",
        error_messages={"required": "Choose the CSV file of new births", "empty": births.FILE_EMPTY},
    )
    mode = forms.ChoiceField(
        label="If some rows have errors",
        choices=ImportMode.choices,
        initial=ImportMode.ALL_OR_NOTHING,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what to do if some rows have errors"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field("file"), Field.radios("mode", legend_size=Size.SMALL))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused before it is read: the size is known from the upload itself.
        if upload.size > births.MAX_FILE_BYTES:
            raise forms.ValidationError(births.FILE_TOO_BIG)
        return upload
