"""Forms for consent, withdrawal, objection, capacity assessments and privacy notices."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.utils import timezone

from config.forms import GovukForm, date_field, gds_helper
from consent.models import (
    INFORMED_POINTS,
    CapacityAssessmentKind,
    CapacityOutcome,
    ConsentDecision,
    ConsentKind,
    ConsentMethod,
    ObjectionWithdrawalMethod,
)
from families.models import SensitiveTopic

ALSO_OBJECTS_LABEL = "Does the family also object to health professionals sharing basic information without consent?"
ALSO_OBJECTS_HELP = (
    "A refusal or withdrawal ends what rested on this consent. It does not stop health visitors and midwives "
    "seeing the names, address and dates of birth of children under 4 for their healthcare: only an objection "
    "does that (¶15)."
)
REFUSAL_ALSO_OBJECTS_LABEL = (
    "If they refused: does the family also object to health professionals sharing basic information?"
)
ALSO_OBJECTS_REQUIRED = "Select whether the family also objects to health professionals sharing basic information"


def also_objects_field(required: bool = True, label: str = ALSO_OBJECTS_LABEL) -> forms.TypedChoiceField:
    """POLICY.md "Decisions taken since": a refusal or withdrawal is not an objection; the form
    asks, as its own question, whether the family objects as well."""
    return forms.TypedChoiceField(
        label=label,
        help_text=ALSO_OBJECTS_HELP,
        choices=[("yes", "Yes, they object as well"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        required=required,
        empty_value=None,
        error_messages={"required": ALSO_OBJECTS_REQUIRED},
    )


class ConsentForm(GovukForm):
    """Who gave it, for whom, what, to whom, for what, how, when — and that they were informed."""

    given_by = forms.ChoiceField(
        label="Who is giving or refusing consent?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who is giving or refusing consent"},
    )
    subjects = forms.MultipleChoiceField(
        label="Who does it cover?",
        widget=forms.CheckboxSelectMultiple,
        help_text="Themselves, and any child they hold parental responsibility for.",
        error_messages={"required": "Select who the consent covers"},
    )
    kind = forms.ChoiceField(
        label="Kind of consent",
        choices=ConsentKind.choices,
        widget=forms.RadioSelect,
        initial=ConsentKind.EXPLICIT,
        help_text=(
            "Implied consent is recorded, but is never enough for sensitive information or for anyone outside health."
        ),
        error_messages={"required": "Select the kind of consent"},
    )
    decision = forms.ChoiceField(
        label="Did they give or refuse consent?",
        choices=ConsentDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether consent was given or refused"},
    )
    covers_basic = forms.BooleanField(required=False, label="Basic information: name, address, postcode, date of birth")
    sensitive_topics = forms.MultipleChoiceField(
        label="Sensitive information",
        required=False,
        choices=SensitiveTopic.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    in_centre_team = forms.BooleanField(
        required=False, label="The centre's multi-agency team (everyone working in or from the centre)"
    )
    agencies = forms.MultipleChoiceField(
        label="Named external agencies",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Consent to the centre's team never covers an external agency: name each one.",
    )
    purposes = forms.MultipleChoiceField(
        label="What may the information be used for?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select what the information may be used for"},
    )
    method = forms.ChoiceField(
        label="How was consent given?", choices=ConsentMethod.choices, widget=forms.RadioSelect, required=False
    )
    given_on = date_field("Date of the decision", what="date of the decision")
    review_on = date_field(
        "Review date (optional)", required=False, help_text="Leave blank to review in 12 months.", what="review date"
    )
    informed = forms.MultipleChoiceField(
        label="What did you explain?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(INFORMED_POINTS.items()),
        help_text="Explicit consent only counts when every point was explained.",
    )
    capacity_in_doubt = forms.BooleanField(
        required=False,
        label="Their capacity to consent is in doubt (for example learning difficulties or mental health)",
    )
    also_objects = also_objects_field(required=False, label=REFUSAL_ALSO_OBJECTS_LABEL)
    capacity_assessment = forms.ChoiceField(
        label="Capacity assessment",
        required=False,
        widget=forms.RadioSelect,
        help_text="Needed if they are under 16 or their capacity is in doubt.",
    )

    def __init__(self, *args, people, agencies, purposes, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_by"].choices = [(str(p.id), p.label) for p in people if p.kind == "adult"]
        self.fields["subjects"].choices = [(str(p.id), f"{p.label} ({p.kind_label.lower()})") for p in people]
        self.fields["agencies"].choices = [(str(a.pk), a.name) for a in agencies]
        self.fields["purposes"].choices = [(str(p.pk), p.name) for p in purposes]
        self.fields["capacity_assessment"].choices = [("", "No assessment")] + [
            (str(a.pk), str(a)) for a in assessments
        ]
        self.initial.setdefault("given_on", timezone.localdate())
        self.helper = gds_helper(
            Field.radios("given_by", legend_size=Size.SMALL),
            Field.checkboxes("subjects", legend_size=Size.SMALL),
            Field.radios("kind", legend_size=Size.SMALL, inline=True),
            Field.radios("decision", legend_size=Size.SMALL, inline=True),
            Field.radios("also_objects", legend_size=Size.SMALL),
            Fieldset(
                Field.checkbox("covers_basic"),
                Field.checkboxes("sensitive_topics", small=True),
                legend="What information does it cover?",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                Field.checkbox("in_centre_team"),
                Field.checkboxes("agencies", small=True),
                legend="Who may it be shared with?",
                legend_size=Size.SMALL,
            ),
            Field.checkboxes("purposes", legend_size=Size.SMALL),
            Field.radios("method", legend_size=Size.SMALL, inline=True),
            Field("given_on"),
            Field("review_on"),
            Field.checkboxes("informed", legend_size=Size.SMALL),
            Fieldset(
                Field.checkbox("capacity_in_doubt"),
                Field.radios("capacity_assessment", small=True),
                legend="Capacity to consent (¶16)",
                legend_size=Size.SMALL,
            ),
        )

    def clean(self):
        data = super().clean()
        if data.get("decision") == ConsentDecision.REFUSED and data.get("also_objects") is None:
            self.add_error("also_objects", ALSO_OBJECTS_REQUIRED)
        return data


class WithdrawalForm(GovukForm):
    withdrawn_on = date_field(
        "Date of withdrawal", what="date of withdrawal", help_text="Usually today. For example, 27 11 2026"
    )
    reason = forms.CharField(label="Reason (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    also_objects = also_objects_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("withdrawn_on", timezone.localdate())
        self.helper = gds_helper(
            Field("withdrawn_on"), Field.textarea("reason"), Field.radios("also_objects", legend_size=Size.SMALL)
        )


class ObjectionForm(GovukForm):
    made_by = forms.ChoiceField(
        label="Who is objecting?", widget=forms.RadioSelect, error_messages={"required": "Select who is objecting"}
    )
    subjects = forms.MultipleChoiceField(
        label="Who does the objection cover?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select who the objection covers"},
    )
    made_on = date_field("Date of the objection", what="date of the objection")
    reason = forms.CharField(label="Reason (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["made_by"].choices = [(str(p.id), p.label) for p in people if p.kind == "adult"]
        self.fields["subjects"].choices = [(str(p.id), p.label) for p in people]
        self.initial.setdefault("made_on", timezone.localdate())
        self.helper = gds_helper(
            Field.radios("made_by", legend_size=Size.SMALL),
            Field.checkboxes("subjects", legend_size=Size.SMALL),
            Field("made_on"),
            Field.textarea("reason"),
        )


class ObjectionWithdrawalForm(GovukForm):
    """The family no longer objects (issue 9 item 5): who, when and how they told you."""

    withdrawn_by = forms.ChoiceField(
        label="Who in the family withdrew the objection?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who withdrew the objection"},
    )
    withdrawn_on = date_field("Date the objection was withdrawn", what="date the objection was withdrawn")
    method = forms.ChoiceField(
        label="How did they tell you?",
        choices=ObjectionWithdrawalMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the family told you: in person, by phone or in writing"},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_by"].choices = [(str(p.id), p.label) for p in people if p.kind == "adult"]
        self.initial.setdefault("withdrawn_on", timezone.localdate())
        self.helper = gds_helper(
            Field.radios("withdrawn_by", legend_size=Size.SMALL),
            Field("withdrawn_on"),
            Field.radios("method", legend_size=Size.SMALL),
        )


class CapacityAssessmentForm(GovukForm):
    person = forms.ChoiceField(
        label="Who was assessed?", widget=forms.RadioSelect, error_messages={"required": "Select who was assessed"}
    )
    kind = forms.ChoiceField(
        label="Kind of assessment",
        choices=CapacityAssessmentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of assessment"},
    )
    assessed_by = forms.CharField(
        label="Assessed by (name and role)",
        max_length=200,
        error_messages={"required": "Enter who carried out the assessment"},
    )
    assessed_on = date_field("Date of the assessment", what="date of the assessment")
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=CapacityOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the assessment"},
    )
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(str(p.id), p.label) for p in people if p.kind == "adult"]
        self.helper = gds_helper(
            Field.radios("person", legend_size=Size.SMALL),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("assessed_by"),
            Field("assessed_on"),
            Field.radios("outcome", legend_size=Size.SMALL),
            Field.textarea("note"),
        )


class PrivacyNoticeForm(GovukForm):
    given_on = date_field("Date the privacy notice was given", what="date the privacy notice was given")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("given_on", timezone.localdate())
        self.helper = gds_helper(Field("given_on"))
