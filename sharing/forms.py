from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.conf import settings

from config.forms import GovukForm, gds_helper, reference_field
from sharing.models import DiscussedWith, ReviewOutcome
from sharing.vocabulary import Category

DISCUSSED_WITH_REQUIRED = "Select who you discussed this with"
DISCUSSED_WITH_NAME_REQUIRED = "Enter the name of the person you discussed this with"

CATEGORY_CHOICES = [
    (Category.BASIC.value, "Basic information (name, address, postcode, date of birth)"),
    (Category.SENSITIVE.value, "Sensitive information (notes, assessments, health)"),
]


class OverrideForm(GovukForm):
    reference = reference_field("MOR-C1")
    categories = forms.MultipleChoiceField(
        label="What do you need to see?",
        choices=CATEGORY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select what you need to see"},
    )
    justification = forms.CharField(
        help_text="Refer to people by their reference (for example MOR-C1), not their name: managers read this.",
        label="Why is sharing justified?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter why sharing is justified"},
    )
    # ¶14: a public-interest judgement is discussed first; the service enforces it too.
    discussed_with = forms.ChoiceField(
        label="Who did you discuss it with?",
        choices=DiscussedWith.choices,
        widget=forms.RadioSelect,
        help_text="Your line manager, the designated safeguarding lead or the Caldicott Guardian.",
        error_messages={"required": DISCUSSED_WITH_REQUIRED},
    )
    discussed_with_name = forms.CharField(
        label="Their name", max_length=200, error_messages={"required": DISCUSSED_WITH_NAME_REQUIRED}
    )
    hours = forms.IntegerField(
        label="For how many hours?",
        # GOV.UK: a text input with a numeric keyboard, not type="number" (which the GOV.UK
        # template pack leaves unstyled, without the govuk-input border).
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        min_value=1,
        max_value=settings.SHARING_OVERRIDE_MAX_HOURS,
        initial=settings.SHARING_OVERRIDE_DEFAULT_HOURS,
        help_text=f"At most {settings.SHARING_OVERRIDE_MAX_HOURS} hours.",
        error_messages={
            "required": "Enter how many hours you need",
            "max_value": f"An override can last at most {settings.SHARING_OVERRIDE_MAX_HOURS} hours",
            "min_value": "Enter at least 1 hour",
            "invalid": "Enter the number of hours as a whole number",
        },
    )

    def __init__(self, *args, medical: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if medical:
            self.fields["justification"].label = "Why is it necessary for medical purposes?"
            del self.fields["discussed_with"]
            del self.fields["discussed_with_name"]
            layout = [
                Field.text("reference", field_width=10),
                Field.checkboxes("categories", legend_size=Size.SMALL),
                Field.textarea("justification"),
                Field.text("hours", field_width=3),
            ]
        else:
            layout = [
                Field.text("reference", field_width=10),
                Field.checkboxes("categories", legend_size=Size.SMALL),
                Field.textarea("justification"),
                Field.radios("discussed_with", legend_size=Size.SMALL),
                Field.text("discussed_with_name", field_width=20),
                Field.text("hours", field_width=3),
            ]
        self.helper = gds_helper(*layout)


class ReviewForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of your review"},
    )
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.radios("outcome", legend_size=Size.SMALL), Field.textarea("note"))


APPROVAL_REQUIRED = "Confirm that you have read the justification and approve the override"
END_REASON_REQUIRED = "Enter why you are ending the override"


class ApprovalForm(GovukForm):
    """Approving an override opened beyond the limit (issue 9 item 6): an explicit confirmation,
    so that an empty form never opens anything."""

    confirm = forms.BooleanField(
        label="I have read the justification and approve this override: it opens now",
        error_messages={"required": APPROVAL_REQUIRED},
    )
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.checkbox("confirm"), Field.textarea("note"))


class EndOverrideForm(GovukForm):
    """Ending an override early (issue 9 item 10): who and when are recorded; this asks why."""

    reason = forms.CharField(
        label="Why are you ending it?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": END_REASON_REQUIRED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("reason"))


class CheckAccessForm(GovukForm):
    username = forms.ChoiceField(label="Member of staff", error_messages={"required": "Select a member of staff"})
    reference = reference_field("ADA-C1")
    category = forms.ChoiceField(
        label="Information",
        required=False,
        widget=forms.RadioSelect,
        choices=[("", "Both")] + [(c.value, c.label.capitalize()) for c in Category],
    )
    purpose = forms.ChoiceField(label="Purpose", required=False)

    def __init__(self, *args, staff, purposes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].choices = [("", "Choose…")] + [
            (u.username, f"{u.get_full_name()} ({u.username})") for u in staff
        ]
        self.fields["purpose"].choices = [("", "Their usual purpose")] + [(p.slug, p.name) for p in purposes]
        self.helper = gds_helper(
            Field.select("username"),
            Field.text("reference", field_width=10),
            Field.radios("category", legend_size=Size.SMALL, inline=True),
            Field.select("purpose"),
        )
