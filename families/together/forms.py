"""Forms for working together around a child (issue 15). Validation says how to fix it."""
from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from config.forms import GovukForm, date_field, gds_helper
from families.together.models import DOMAINS
from families.together.services import WHO_INVOLVED, WHO_LEADS

NO_ROLE = "Enter their role, for example health visitor or social worker"


def _staff_choices(staff) -> list[tuple[str, str]]:
    return [(str(u.pk), f"{u.get_full_name() or u.get_username()} ({u.membership.get_role_display().lower()})")
            for u in staff]


def _text(label: str, *, required: bool = False, message: str = "", max_length: int = 200) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length,
                           error_messages={"required": message} if message else {})


class InvolvementForm(GovukForm):
    practitioner = forms.ChoiceField(label="A practitioner of the centre (optional)", required=False)
    name = _text("Or the name of someone outside the centre (optional)")
    role = _text("Their role", required=True, message=NO_ROLE)
    service = forms.ChoiceField(label="Service (optional)", required=False)
    organisation = _text("Organisation (optional)")
    contact = _text("How to contact them (optional)", max_length=300)
    since = date_field("Involved since", what="date they became involved")

    def __init__(self, *args, staff=(), services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = {str(u.pk): u for u in staff}
        self.services = {str(s.pk): s for s in services}
        self.fields["practitioner"].choices = [("", "Not a practitioner of the centre")] + _staff_choices(staff)
        self.fields["service"].choices = [("", "No service")] + [(str(s.pk), s.name) for s in services]
        self.helper = gds_helper(
            Field.select("practitioner"), Field.text("name"), Field.text("role"), Field.select("service"),
            Field.text("organisation"), Field.text("contact"), Field("since"),
        )

    def clean(self):
        data = super().clean()
        if not data.get("practitioner") and not (data.get("name") or "").strip():
            self.add_error("practitioner", WHO_INVOLVED)
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "practitioner": self.staff.get(data["practitioner"]), "service": self.services.get(data["service"]),
            "name": data["name"], "role": data["role"], "organisation": data["organisation"],
            "contact": data["contact"], "since": data["since"],
        }


class LeadProfessionalForm(GovukForm):
    practitioner = forms.ChoiceField(label="A practitioner of the centre", required=False)
    name = _text("Or the name of a lead professional outside the centre (optional)")
    role = _text("Their role (optional)")
    organisation = _text("Their organisation (optional)")
    contact = _text("How to contact them (optional)", max_length=300)

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = {str(u.pk): u for u in staff}
        self.fields["practitioner"].choices = [("", "Someone outside the centre")] + _staff_choices(staff)
        self.helper = gds_helper(
            Field.select("practitioner"), Field.text("name"), Field.text("role"), Field.text("organisation"),
            Field.text("contact"),
        )

    def clean(self):
        data = super().clean()
        if not data.get("practitioner") and not (data.get("name") or "").strip():
            self.add_error("practitioner", WHO_LEADS)
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {"practitioner": self.staff.get(data["practitioner"]),
                **{k: data[k] for k in ("name", "role", "organisation", "contact")}}


def _area(label: str, *, required: bool = False, message: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": message} if message else {})




class AssessmentForm(GovukForm):
    summary = _area("Overall summary", required=True, message="Enter the overall summary of the assessment")
    agreed_actions = _area("Actions agreed with the family (optional)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        layout = []
        for key, title in DOMAINS:
            for part, words in (("strengths", "Strengths"), ("needs", "Needs"), ("views", "The family's own view")):
                self.fields[f"{key}_{part}"] = _area(f"{words} (optional)")
            layout.append(Fieldset(
                Field.textarea(f"{key}_strengths"), Field.textarea(f"{key}_needs"), Field.textarea(f"{key}_views"),
                legend=title, legend_size=Size.MEDIUM,
            ))
        layout += [Field.textarea("summary"), Field.textarea("agreed_actions")]
        self.helper = gds_helper(*layout)


ACTION_SLOTS = (1, 2, 3)


class MeetingForm(GovukForm):
    subject = forms.ChoiceField(label="Whose plan is the meeting about?", widget=forms.RadioSelect,
                                error_messages={"required": "Select the child the meeting is about"})
    held_on = date_field("Date of the meeting", what="date of the meeting")
    practitioners = forms.MultipleChoiceField(label="Practitioners who attended", required=False,
                                              widget=forms.CheckboxSelectMultiple)
    family_present = forms.MultipleChoiceField(label="Family members who attended", required=False,
                                               widget=forms.CheckboxSelectMultiple)
    others_present = _area("Anyone else who attended (optional)")
    agreed = _area("What was agreed", required=True, message="Enter what was agreed")

    def __init__(self, *args, staff=(), children=(), family=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = {str(u.pk): u for u in staff}
        staff_choices = _staff_choices(staff)
        self.fields["subject"].choices = [(v.reference, v.named) for v in children]
        self.fields["practitioners"].choices = staff_choices
        self.fields["family_present"].choices = [(v.reference, v.named) for v in family]
        layout = [
            Field.radios("subject", legend_size=Size.SMALL), Field("held_on"),
            Field.checkboxes("practitioners", legend_size=Size.SMALL),
            Field.checkboxes("family_present", legend_size=Size.SMALL),
            Field.textarea("others_present"), Field.textarea("agreed"),
        ]
        for n in ACTION_SLOTS:
            self.fields[f"action{n}_what"] = _text("Action (optional)", max_length=500)
            self.fields[f"action{n}_owner"] = forms.ChoiceField(
                label="Owner", required=False, choices=[("", "Choose the owner")] + staff_choices
            )
            self.fields[f"action{n}_due"] = date_field("Due by", required=False, what="due date")
            layout.append(Fieldset(
                Field.text(f"action{n}_what"), Field.select(f"action{n}_owner"), Field(f"action{n}_due"),
                legend=f"Action {n}", legend_size=Size.SMALL,
            ))
        self.helper = gds_helper(*layout)

    def clean(self):
        data = super().clean()
        for n in ACTION_SLOTS:
            what, owner, due = data.get(f"action{n}_what"), data.get(f"action{n}_owner"), data.get(f"action{n}_due")
            if what and not owner:
                self.add_error(f"action{n}_owner", f"Choose who owns action {n}")
            if what and not due and f"action{n}_due" not in self.errors:
                self.add_error(f"action{n}_due", f"Enter the date action {n} is due by")
            if not what and (owner or due):
                self.add_error(f"action{n}_what", f"Enter what action {n} is")
        return data

    def actions(self) -> list:
        data = self.cleaned_data
        return [
            (self.staff[data[f"action{n}_owner"]], data[f"action{n}_what"], data[f"action{n}_due"])
            for n in ACTION_SLOTS if data.get(f"action{n}_what")
        ]
