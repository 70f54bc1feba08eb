"""Forms for referrals to a partner agency (issue 15)."""
from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms

from centres.models import PartnerAgency
from config.forms import GovukForm, gds_helper
from families.vocabulary import SensitiveTopic
from sharing.models import ReferralEvent
from sharing.policy import purpose_text
from sharing.policy.referral import BASIC_LABEL

AGENCY_REQUIRED = "Select the agency you are referring to"
PURPOSE_REQUIRED = "Select what the referral is for"
BASIC_REQUIRED = "Include basic information: the agency needs to know who the referral is about"
WHY_REQUIRED = "Enter why you are referring them"
ANSWER_REQUIRED = "Select whether you accept or decline the referral"


class ReferralForm(GovukForm):
    agency = forms.ChoiceField(
        label="Which agency are you referring them to?",
        widget=forms.RadioSelect,
        error_messages={"required": AGENCY_REQUIRED, "invalid_choice": AGENCY_REQUIRED},
    )
    purpose = forms.ChoiceField(
        label="What is the referral for?",
        widget=forms.RadioSelect,
        error_messages={"required": PURPOSE_REQUIRED, "invalid_choice": PURPOSE_REQUIRED},
    )
    basic = forms.BooleanField(
        label=BASIC_LABEL,
        required=True,
        help_text="Always sent: the agency needs to know who the referral is about.",
        error_messages={"required": BASIC_REQUIRED},
    )
    topics = forms.MultipleChoiceField(
        label="Which sensitive information do you want to send?",
        choices=SensitiveTopic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only what a consent naming the agency covers is sent; you will see what is left out, and why, "
        "before you send.",
    )
    why = forms.CharField(
        label="Why are you referring them?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="The agency reads this. Say what you are asking them to do.",
        error_messages={"required": WHY_REQUIRED},
    )
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, purposes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        # The agencies, read once (their names are not about anyone).
        self.agencies = {str(a.pk): a for a in PartnerAgency.objects.order_by("name")}
        self.fields["agency"].choices = [(pk, a.name) for pk, a in self.agencies.items()]
        self.fields["purpose"].choices = [(slug, purpose_text(slug).capitalize()) for slug in purposes]
        if len(purposes) == 1:
            self.fields["purpose"].initial = purposes[0]
        self.fields["basic"].initial = True
        self.helper = gds_helper(
            Field.radios("agency", legend_size=Size.SMALL),
            Field.radios("purpose", legend_size=Size.SMALL),
            Field.checkbox("basic"),
            Field.checkboxes("topics", legend_size=Size.SMALL),
            Field.textarea("why"),
            "previewed",
        )

    def clean_agency(self) -> PartnerAgency:
        return self.agencies[self.cleaned_data["agency"]]


class ReferralAnswerForm(GovukForm):
    kind = forms.ChoiceField(
        label="Do you accept this referral?",
        choices=[
            (ReferralEvent.Kind.ACCEPTED, "Accept the referral"),
            (ReferralEvent.Kind.DECLINED, "Decline the referral"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": ANSWER_REQUIRED, "invalid_choice": ANSWER_REQUIRED},
    )
    note = forms.CharField(
        label="Note for the centre (optional)", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.radios("kind", legend_size=Size.SMALL), Field.textarea("note"))
