"""Forms for registering and editing families and adding notes. Validation says how to fix it."""

from __future__ import annotations

import datetime as dt

from crispy_forms_gds.layout import HTML, Field, Fieldset, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from centres.models import Centre
from centres.selectors import centre_for_postcode
from config.forms import GovukForm, date_field, gds_helper
from families import validators
from families.models import Relationship, SensitiveTopic
from families.services import CarerInput, ChildInput, PersonDetailsInput
from families.vocabulary import ETHNIC_GROUPS, Breastfeeding, ContactOutcome, ContactPlace, Review, Sex

YES_NO = [("yes", "Yes"), ("no", "No")]
CARER_SLOTS = (1, 2)
CHILD_SLOTS = (1, 2, 3)


# Issue 13: registration checks the postcode against the centres' reach areas.
POSTCODE_IN_OTHER_AREA = (
    "{postcode} is in {other}'s reach area, not {own}'s. Ask {other} to register the family, "
    "or tick the box to register it with {own}"
)
POSTCODE_IN_NO_AREA = (
    "{postcode} is not in any children's centre's reach area. Check the postcode, or tick the box "
    "to register the family with {own}"
)


def _text(label: str, required: bool, message: str, max_length: int = 100) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, error_messages={"required": message})


class FamilyRegistrationForm(GovukForm):
    """One page: address, up to two parents/carers, up to three children, an expected baby."""

    registration_token = forms.UUIDField(widget=forms.HiddenInput)
    address_line_1 = _text("Address line 1", True, "Enter the first line of the address", 200)
    address_line_2 = _text("Address line 2 (optional)", False, "", 200)
    town = _text("Town or city", True, "Enter the town or city")
    postcode = forms.CharField(label="Postcode", max_length=10, error_messages={"required": "Enter the postcode"})
    due_date = date_field("Due date of an expected baby (optional)", required=False, what="due date")
    confirm_different = forms.BooleanField(
        required=False,
        label="I have checked: these are different people, register them as a new family",
    )
    confirm_area = forms.BooleanField(required=False, label="Register the family with my centre anyway")

    def __init__(self, *args, centre: Centre | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.centre = centre
        # Set by clean(): the centre whose reach area holds the postcode, when it is not ours.
        self.area_centre: Centre | None = None
        layout = [
            Fieldset(
                Field.text("address_line_1"),
                Field.text("address_line_2"),
                Field.text("town", field_width=20),
                Field.text("postcode", field_width=10),
                legend="Address",
                legend_size=Size.MEDIUM,
            )
        ]
        for n in CARER_SLOTS:
            required = n == 1
            optional = "" if required else " (optional)"
            self.fields[f"carer{n}_first_name"] = _text(
                "First name", required, "Enter the parent or carer's first name"
            )
            self.fields[f"carer{n}_last_name"] = _text("Last name", required, "Enter the parent or carer's last name")
            self.fields[f"carer{n}_date_of_birth"] = date_field(
                "Date of birth", required=required, help_text="For example, 31 3 1995", what="date of birth"
            )
            self.fields[f"carer{n}_relationship"] = forms.ChoiceField(
                label="Relationship to the children",
                choices=Relationship.choices,
                required=required,
                widget=forms.RadioSelect,
                error_messages={"required": "Select the relationship to the children"},
            )
            self.fields[f"carer{n}_parental_responsibility"] = forms.ChoiceField(
                label="Do they hold parental responsibility?",
                choices=YES_NO,
                required=required,
                widget=forms.RadioSelect,
                error_messages={"required": "Select yes if they hold parental responsibility"},
            )
            layout.append(
                Fieldset(
                    Field.text(f"carer{n}_first_name", field_width=20),
                    Field.text(f"carer{n}_last_name", field_width=20),
                    Field(f"carer{n}_date_of_birth"),
                    Field.radios(f"carer{n}_relationship", legend_size=Size.SMALL, small=True),
                    Field.radios(f"carer{n}_parental_responsibility", legend_size=Size.SMALL, inline=True),
                    legend=f"Parent or carer {n}{optional}",
                    legend_size=Size.MEDIUM,
                )
            )
        for n in CHILD_SLOTS:
            self.fields[f"child{n}_first_name"] = _text("First name", False, "")
            self.fields[f"child{n}_last_name"] = _text("Last name", False, "")
            self.fields[f"child{n}_date_of_birth"] = date_field(
                "Date of birth", required=False, help_text="For example, 14 9 2025", what="date of birth"
            )
            layout.append(
                Fieldset(
                    Field.text(f"child{n}_first_name", field_width=20),
                    Field.text(f"child{n}_last_name", field_width=20),
                    Field(f"child{n}_date_of_birth"),
                    legend=f"Child {n} (under 5){'' if n == 1 else ' (optional)'}",
                    legend_size=Size.MEDIUM,
                )
            )
        layout.append(Fieldset(Field("due_date"), legend="Expected baby (optional)", legend_size=Size.MEDIUM))
        self.duplicates_shown = bool(self.data.get("duplicates_shown"))
        if self.duplicates_shown:
            layout.append(Field.checkbox("confirm_different"))
            layout.append(HTML('<input type="hidden" name="duplicates_shown" value="1">'))
        self.area_shown = bool(self.data.get("area_shown"))
        if self.area_shown:
            layout.insert(1, self._area_confirmation())
        self.helper = gds_helper(*layout)
        # Field order = page order, so the error summary lists problems as they appear (GOV.UK).
        page_order = ["registration_token", "address_line_1", "address_line_2", "town", "postcode", "confirm_area"]
        page_order += [name for name in self.fields if name.startswith(("carer", "child"))]
        page_order += ["due_date", "confirm_different"]
        self.fields = {name: self.fields[name] for name in page_order}

    def clean_postcode(self) -> str:
        return validators.normalise_postcode(self.cleaned_data["postcode"])

    def _area_confirmation(self) -> Fieldset:
        return Fieldset(
            Field.checkbox("confirm_area"),
            HTML('<input type="hidden" name="area_shown" value="1">'),
            legend="Reach area",
            legend_size=Size.SMALL,
        )

    def _check_reach_area(self, postcode: str, confirmed: bool) -> None:
        """Issue 13: a postcode in another centre's reach area says which; one in no centre's area
        says so. Either way the practitioner may go on and register it with their own centre."""
        if self.centre is None:
            return
        area_centre = centre_for_postcode(postcode)
        if area_centre is not None and area_centre.pk == self.centre.pk:
            return
        self.area_centre = area_centre
        if confirmed:
            return
        if area_centre is None:
            message = POSTCODE_IN_NO_AREA.format(postcode=postcode, own=self.centre.name)
        else:
            message = POSTCODE_IN_OTHER_AREA.format(postcode=postcode, other=area_centre.name, own=self.centre.name)
        if not self.area_shown:
            self.area_shown = True
            self.helper.layout.fields.insert(1, self._area_confirmation())
        self.add_error("confirm_area", message)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        if data.get("postcode"):
            self._check_reach_area(data["postcode"], bool(data.get("confirm_area")))
        self.carers: list[CarerInput] = []
        self.children: list[ChildInput] = []
        for n in CARER_SLOTS:
            names = [data.get(f"carer{n}_{f}") for f in ("first_name", "last_name")]
            if n > 1 and not any(names) and not data.get(f"carer{n}_date_of_birth"):
                continue
            self._require(n, "carer", data)
            born = data.get(f"carer{n}_date_of_birth")
            if born:
                self._check(f"carer{n}_date_of_birth", validators.validate_carer_birth_date, born, today)
            if all(
                data.get(f"carer{n}_{f}")
                for f in ("first_name", "last_name", "date_of_birth", "relationship", "parental_responsibility")
            ):
                self.carers.append(
                    CarerInput(
                        first_name=data[f"carer{n}_first_name"],
                        last_name=data[f"carer{n}_last_name"],
                        date_of_birth=born,
                        relationship=data[f"carer{n}_relationship"],
                        parental_responsibility=data[f"carer{n}_parental_responsibility"] == "yes",
                    )
                )
        for n in CHILD_SLOTS:
            first, last, born = (data.get(f"child{n}_{f}") for f in ("first_name", "last_name", "date_of_birth"))
            if not (first or last or born):
                continue
            if not first:
                self.add_error(f"child{n}_first_name", "Enter the child's first name")
            if not last:
                self.add_error(f"child{n}_last_name", "Enter the child's last name")
            if not born and f"child{n}_date_of_birth" not in self.errors:
                self.add_error(f"child{n}_date_of_birth", "Enter the child's date of birth")
            elif born:
                self._check(f"child{n}_date_of_birth", validators.validate_child_birth_date, born, today)
            if first and last and born:
                self.children.append(ChildInput(first_name=first, last_name=last, date_of_birth=born))
        due = data.get("due_date")
        if due:
            self._check("due_date", validators.validate_due_date, due, today)
            surname = data.get("carer1_last_name") or ""
            self.children.append(ChildInput(first_name="", last_name=surname, due_date=due))
        if not (data.get("child1_first_name") or data.get("child1_date_of_birth") or due or self.children):
            self.add_error("child1_first_name", "Add a child under 5 or the due date of an expected baby")
        return data

    def _require(self, n: int, kind: str, data: dict) -> None:
        for suffix, message in (
            ("first_name", "Enter the parent or carer's first name"),
            ("last_name", "Enter the parent or carer's last name"),
            ("date_of_birth", "Enter the parent or carer's date of birth"),
            ("relationship", "Select the relationship to the children"),
            ("parental_responsibility", "Select yes if they hold parental responsibility"),
        ):
            name = f"{kind}{n}_{suffix}"
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)

    def _check(self, name: str, validator, value: dt.date, today: dt.date) -> None:
        try:
            validator(value, today)
        except ValidationError as error:
            self.add_error(name, error)


class FamilyEditForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    address_line_1 = _text("Address line 1", True, "Enter the first line of the address", 200)
    address_line_2 = _text("Address line 2 (optional)", False, "", 200)
    town = _text("Town or city", True, "Enter the town or city")
    postcode = forms.CharField(label="Postcode", max_length=10, error_messages={"required": "Enter the postcode"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("address_line_1"),
            Field.text("address_line_2"),
            Field.text("town", field_width=20),
            Field.text("postcode", field_width=10),
        )

    def clean_postcode(self) -> str:
        return validators.normalise_postcode(self.cleaned_data["postcode"])


class PersonEditForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    first_name = _text("First name", False, "", 100)
    last_name = _text("Last name", True, "Enter the last name")
    date_of_birth = date_field(
        "Date of birth", required=False, help_text="For example, 31 3 2024", what="date of birth"
    )

    def __init__(self, *args, expected: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if expected:
            self.fields["date_of_birth"].label = "Date of birth (once the baby is born)"
        else:
            self.fields["first_name"].required = True
            self.fields["first_name"].error_messages["required"] = "Enter the first name"
            self.fields["date_of_birth"].required = True
            self.fields["date_of_birth"].error_messages["required"] = "Enter the date of birth"
        self.helper = gds_helper(
            Field.text("first_name", field_width=20), Field.text("last_name", field_width=20), Field("date_of_birth")
        )

    def clean(self):
        data = super().clean()
        if data.get("date_of_birth") and not data.get("first_name"):
            # Recording a birth: the baby now needs a name to be told apart from an expected one.
            self.add_error("first_name", "Enter the baby's first name")
        return data

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born:
            validators.validate_birth_date(born, timezone.localdate())
        return born


INTERPRETER_CHOICES = [("yes", "Yes"), ("no", "No"), ("", "Not known")]


def _ethnicity_choices() -> list:
    """The ONS 2021 categories for England, grouped as the census form groups them."""
    groups: dict[str, list] = {}
    for value, label, group in ETHNIC_GROUPS:
        groups.setdefault(group, []).append((value, label))
    return [("", "Not recorded"), *groups.items()]


class PersonDetailsFields(forms.Form):
    """Other personal details (issue 13): a sensitive topic of their own. Mixed into the correction
    form only when the gate has revealed them to the viewer (``SubjectView.details``)."""

    nhs_number = forms.CharField(
        label="NHS number (optional)", required=False, max_length=20,
        help_text="10 digits, for example 943 476 5919",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    sex = forms.ChoiceField(label="Sex (optional)", required=False, choices=[("", "Not recorded"), *Sex.choices])
    ethnicity = forms.ChoiceField(label="Ethnic group (optional)", required=False, choices=_ethnicity_choices())
    preferred_language = _text("Preferred language (optional)", False, "", 100)
    interpreter_needed = forms.ChoiceField(
        label="Is an interpreter needed?", required=False, choices=INTERPRETER_CHOICES, widget=forms.RadioSelect
    )
    phone = forms.CharField(
        label="Phone number (optional)", required=False, max_length=30,
        help_text="A UK number, for example 01603 123456 or 07700 900123",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    gp_practice = _text("GP practice (optional)", False, "", 200)

    def clean_nhs_number(self) -> str:
        value = self.cleaned_data["nhs_number"]
        return validators.normalise_nhs_number(value) if value.strip() else ""

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"]
        return validators.normalise_uk_phone(value) if value.strip() else ""

    def details(self) -> PersonDetailsInput:
        data = self.cleaned_data
        return PersonDetailsInput(
            nhs_number=data["nhs_number"], sex=data["sex"], ethnicity=data["ethnicity"],
            preferred_language=data["preferred_language"],
            interpreter_needed={"yes": True, "no": False}.get(data["interpreter_needed"]),
            phone=data["phone"], gp_practice=data["gp_practice"],
        )

    @staticmethod
    def initial_from(details) -> dict:
        """The form's initial values from the gate's ``PersonalDetails``."""
        return {
            "nhs_number": details.nhs_number, "sex": details.sex, "ethnicity": details.ethnicity,
            "preferred_language": details.preferred_language,
            "interpreter_needed": {True: "yes", False: "no", None: ""}[details.interpreter_needed],
            "phone": details.phone, "gp_practice": details.gp_practice,
        }

    @staticmethod
    def layout() -> list:
        return [
            Fieldset(
                Field.text("nhs_number", field_width=10),
                Field.select("sex"),
                Field.select("ethnicity"),
                Field.text("preferred_language", field_width=20),
                Field.radios("interpreter_needed", legend_size=Size.SMALL, inline=True),
                Field.text("phone", field_width=20),
                Field.text("gp_practice", field_width=30),
                legend="Other personal details", legend_size=Size.MEDIUM,
            )
        ]


class PersonDetailsEditForm(PersonEditForm, PersonDetailsFields):
    """The correction form with the other personal details, for a viewer they are revealed to."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout.fields.extend(PersonDetailsFields.layout())


class NoteForm(GovukForm):
    topic = forms.ChoiceField(
        label="Topic",
        choices=SensitiveTopic.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the topic of the note"},
    )
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the note"},
        help_text=(
            "Notes are sensitive information: only people the family's consent (or another basis) allows will see them."
        ),
    )
    contact_date = date_field(
        "Date of contact (optional)", required=False, what="date of contact",
        help_text="When you saw or spoke to the family, if not today. For example, 27 3 2026",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("topic", legend_size=Size.SMALL), Field.textarea("text"), Field("contact_date")
        )

    def clean_contact_date(self):
        day = self.cleaned_data.get("contact_date")
        if day and day > timezone.localdate():
            raise ValidationError(validators.CONTACT_DATE_FUTURE)
        return day


class ReviewContactForm(GovukForm):
    """A Healthy Child Programme contact (issue 13). Breastfeeding is asked at the new birth visit
    and the 6 to 8 week review only (the service refuses it elsewhere)."""

    review = forms.ChoiceField(
        label="Which review", choices=Review.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select which review this contact was"},
    )
    contact_date = date_field("Date of the contact", what="date of the contact")
    place = forms.ChoiceField(
        label="Where", choices=ContactPlace.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select where the contact took place"},
    )
    present = forms.CharField(
        label="Who was present (optional)", required=False, max_length=500,
        help_text="For example, mother and baby; father joined by phone",
    )
    outcome = forms.ChoiceField(
        label="Outcome", choices=ContactOutcome.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the contact"},
    )
    breastfeeding = forms.ChoiceField(
        label="Breastfeeding (new birth visit and 6 to 8 week review only)",
        choices=Breastfeeding.choices, widget=forms.RadioSelect, required=False,
        help_text="Needed when the new birth visit or the 6 to 8 week review was completed.",
    )
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sensitive information: shown only to those the family's consent (or another basis) allows.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("contact_date", timezone.localdate())
        self.helper = gds_helper(
            Field.radios("review", legend_size=Size.SMALL),
            Field("contact_date"),
            Field.radios("place", legend_size=Size.SMALL),
            Field.text("present"),
            Field.radios("outcome", legend_size=Size.SMALL),
            Field.radios("breastfeeding", legend_size=Size.SMALL),
            Field.textarea("note"),
        )


class HealthVisitorForm(GovukForm):
    """The family's named health visitor (issue 13), chosen among the centre's health visitors."""

    NONE = "none"
    health_visitor = forms.ChoiceField(
        label="Named health visitor", widget=forms.RadioSelect,
        error_messages={"required": "Select the family's named health visitor"},
    )

    def __init__(self, *args, health_visitors, **kwargs):
        super().__init__(*args, **kwargs)
        self.health_visitors = {str(u.pk): u for u in health_visitors}
        self.fields["health_visitor"].choices = [
            (pk, f"{u.get_full_name() or u.get_username()} ({u.get_username()})")
            for pk, u in self.health_visitors.items()
        ] + [(self.NONE, "No named health visitor")]
        self.helper = gds_helper(Field.radios("health_visitor", legend_size=Size.SMALL))

    def chosen(self):
        return self.health_visitors.get(self.cleaned_data["health_visitor"])


class PurposeForm(GovukForm):
    """What the viewer is looking at the record for; blank means their role's usual purpose.

    Any purpose on record is accepted (the gate then answers one the role may not assert with a
    denial and its reason); the list offers only the purposes the role may assert.
    """

    purpose = forms.ChoiceField(label="Looking at this record for", required=False)

    def __init__(self, *args, purposes, offered, **kwargs):
        super().__init__(*args, **kwargs)
        names = {p.slug: p.name for p in purposes}
        self.fields["purpose"].choices = [("", "My usual purpose")] + list(names.items())
        asked = self.data.get("purpose", "") if self.is_bound else ""
        self.offered = [("", f"My usual purpose ({names.get(offered[0], '') if offered else ''})")] + [
            (slug, names[slug]) for slug in offered
        ]
        if asked in names and asked not in offered:
            self.offered.append((asked, f"{names[asked]} (not a purpose your role acts for)"))


class FamilyTransferForm(GovukForm):
    """Issue 13: the centre a family moves to (any centre but its own)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    to_centre = forms.TypedChoiceField(
        label="Which centre is the family moving to?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the centre the family is moving to"},
    )

    def __init__(self, *args, centres: list[Centre], **kwargs):
        super().__init__(*args, **kwargs)
        self.centres = {c.pk: c for c in centres}
        self.fields["to_centre"].choices = [(c.pk, c.name) for c in centres]
        self.helper = gds_helper(Field.radios("to_centre", legend_size=Size.MEDIUM))

    @property
    def centre(self) -> Centre:
        return self.centres[self.cleaned_data["to_centre"]]


class NoteAmendmentForm(GovukForm):
    """Correct a note (issue 13): the note as it should read, and why. The original is kept."""

    text = forms.CharField(
        label="The note as it should read",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the note as it should read"},
        help_text="The note as first written is kept and shown in its history.",
    )
    reason = forms.CharField(
        label="Why are you amending this note?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why you are amending this note"},
        help_text="For example, the wrong date of birth was recorded. Shown with the history.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("text"), Field.textarea("reason"))
