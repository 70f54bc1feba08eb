"""Every form renders with the GOV.UK pack (crispy-forms-gds), bound and unbound; every GOV.UK date
field refuses any day, month and year that are not a date (issue 11)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.template import Context, Template
from django.utils import timezone

from centres.selectors import agency_list
from config.forms import GovukDateField, GovukForm, date_field
from consent.forms import CapacityAssessmentForm, ConsentForm, ObjectionForm, PrivacyNoticeForm, WithdrawalForm
from consent.models import Purpose
from families.forms import FamilyEditForm, FamilyRegistrationForm, NoteForm
from sharing.forms import CheckAccessForm, OverrideForm, ReviewForm

TODAY = timezone.localdate()


def forms_to_render():
    from sharing.gate import SubjectView
    from sharing.policy import Decision

    people = [
        SubjectView(1, "A-P1", "A", "adult", "Parent or carer", Decision(True, 1, "basic", "healthcare", "r")),
        SubjectView(2, "A-C1", "A", "child", "Child", Decision(True, 2, "basic", "healthcare", "r")),
    ]
    return [
        FamilyRegistrationForm(initial={"registration_token": uuid.uuid4()}),
        FamilyEditForm(),
        NoteForm(),
        ConsentForm(people=people, agencies=agency_list(), purposes=Purpose.objects.all(), assessments=[]),
        WithdrawalForm(),
        ObjectionForm(people=people),
        CapacityAssessmentForm(people=people),
        PrivacyNoticeForm(),
        OverrideForm(),
        OverrideForm(medical=True),
        ReviewForm(),
        CheckAccessForm(staff=[], purposes=Purpose.objects.all()),
    ]


@pytest.mark.django_db
def test_every_form_renders_with_the_gds_pack():
    """crispy-forms-gds pins crispy-forms < 2.4: prove every form renders GOV.UK markup, bound and unbound."""
    for form in forms_to_render():
        html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
        assert "govuk-form-group" in html, type(form).__name__
    bound = FamilyRegistrationForm(data={"postcode": "NR1"})
    assert not bound.is_valid()
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": bound}))
    assert "govuk-error-message" in html and "Enter a real postcode, like NR1 1AB" in html


DOB_NOT_REAL = "Date of birth must be a real date"


class BirthForm(GovukForm):
    date_of_birth = date_field("Date of birth", what="date of birth")


def _errors(day: str, month: str, year: str) -> list[str]:
    form = BirthForm({"date_of_birth_0": day, "date_of_birth_1": month, "date_of_birth_2": year})
    assert not form.is_valid()
    return form.errors["date_of_birth"]


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("1", "1", str(2**31)),  # OverflowError in crispy-forms-gds before
        (str(2**63), "1", "2000"),
        ("1", str(2**31), "2000"),
        ("1", "1", "9" * 5000),  # beyond int()'s 4,300-digit limit
        ("31", "2", "2020"),
        ("1", "13", "2020"),
        ("0", "1", "2020"),
        ("1", "1", "0"),
        ("1", "1", "10000"),
        ("1st", "1", "2020"),
        ("1", "jan", "2020"),
        ("١", "1", "2020"),  # an Arabic-Indic digit
    ],
)
def test_an_impossible_date_gets_the_govuk_message(day, month, year):
    assert _errors(day, month, year) == [DOB_NOT_REAL]


def test_a_real_date_is_read():
    form = BirthForm({"date_of_birth_0": "29", "date_of_birth_1": "02", "date_of_birth_2": "2024"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == dt.date(2024, 2, 29)


def test_every_date_field_in_the_project_is_the_safe_one():
    """Forms build dates with config.forms.date_field; a crispy-forms-gds field used directly
    would bring the OverflowError back."""
    from crispy_forms_gds.fields import DateInputField

    import consent.forms
    import families.forms
    import sharing.forms

    found = 0
    for module in (consent.forms, families.forms, sharing.forms):
        for form_class in vars(module).values():
            if not (isinstance(form_class, type) and issubclass(form_class, GovukForm)):
                continue
            for name, field in form_class.base_fields.items():
                if isinstance(field, DateInputField):
                    found += 1
                    assert isinstance(field, GovukDateField), f"{form_class.__name__}.{name}"
    assert found >= 6
