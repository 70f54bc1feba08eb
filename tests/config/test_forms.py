"""Every form renders with the GOV.UK pack (crispy-forms-gds), bound and unbound."""

from __future__ import annotations

import uuid

import pytest
from django.template import Context, Template
from django.utils import timezone

from centres.selectors import agency_list
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
