"""Working together around a child (issue 15). Thin: the gate decides and reveals, a service writes."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from centres.selectors import centre_staff, service_list
from families.models import Person, PersonKind
from families.together import services
from families.together.forms import AssessmentForm, InvolvementForm, LeadProfessionalForm, MeetingForm
from sharing import gate
from sharing.vocabulary import Capability

TOGETHER = "families:together"


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_safe
def together(request: HttpRequest, reference: str) -> HttpResponse:
    family = gate.family_for(request.user, reference)
    view = gate.disclose_together(request.user, family)
    return render(request, "families/together.html", {"together": view, "family": view.family})


@require_http_methods(["GET", "POST"])
def involvement_add(request: HttpRequest, reference: str) -> HttpResponse:
    person = gate.person_for(request.user, reference)
    gate.require(request.user, Capability.WORK_TOGETHER, person.family.centre_id)
    subject = gate.disclose_person_shown(request.user, person, context="page:involvement-add")
    form = InvolvementForm(request.POST or None, staff=centre_staff(person.family.centre_id), services=service_list())
    if request.method == "POST" and form.is_valid():
        try:
            services.involvement_add(subject=person, recorded_by=request.user, **form.values())
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, f"Involvement recorded for {subject.label}.")
            return redirect(TOGETHER, reference=person.family.reference)
    context = {"form": form, "subject": subject, "family_reference": person.family.reference}
    return render(request, "families/involvement_add.html", context)


@require_POST
def involvement_end(request: HttpRequest, reference: str) -> HttpResponse:
    family = gate.family_for(request.user, reference)
    gate.require(request.user, Capability.WORK_TOGETHER, family.centre_id)
    try:
        gate.involvement_end(request.user, family, request.POST.get("involvement", ""), timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Involvement ended. It stays on record.")
    return redirect(TOGETHER, reference=family.reference)


@require_http_methods(["GET", "POST"])
def lead_professional(request: HttpRequest, reference: str) -> HttpResponse:
    family = gate.family_for(request.user, reference)
    gate.require(request.user, Capability.WORK_TOGETHER, family.centre_id)
    gate.family_people_shown(request.user, family, context="page:lead-professional")
    form = LeadProfessionalForm(request.POST or None, staff=centre_staff(family.centre_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.lead_professional_set(family=family, set_by=request.user, **form.values())
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Lead professional recorded.")
            return redirect(TOGETHER, reference=family.reference)
    return render(request, "families/lead_professional.html", {"form": form, "family_reference": family.reference})


@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest, reference: str) -> HttpResponse:
    person = gate.person_for(request.user, reference)
    gate.require(request.user, Capability.WORK_TOGETHER, person.family.centre_id)
    chance = gate.assessment_chance(request.user, person, context="page:assessment-new")
    form = AssessmentForm(request.POST or None) if chance.decision.permitted else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            gate.assessment_start(request.user, person, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, f"Assessment of {chance.subject.label} recorded.")
            return redirect(TOGETHER, reference=person.family.reference)
    context = {"form": form, "chance": chance, "subject": chance.subject, "family_reference": person.family.reference}
    return render(request, "families/assessment_new.html", context)


@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, reference: str) -> HttpResponse:
    family = gate.family_for(request.user, reference)
    gate.require(request.user, Capability.WORK_TOGETHER, family.centre_id)
    shown = gate.family_people_shown(request.user, family, context="page:meeting-new")
    children = [v for v in shown if v.kind == PersonKind.CHILD]
    form = MeetingForm(request.POST or None, staff=centre_staff(family.centre_id), children=children, family=shown)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        shown_references = [v.reference for v in shown]
        people = {p.reference: p for p in Person.objects.filter(family=family, reference__in=shown_references)}
        try:
            gate.meeting_hold(
                request.user, family, people[data["subject"]],
                held_on=data["held_on"], agreed=data["agreed"], others_present=data["others_present"],
                practitioners=[form.staff[pk] for pk in data["practitioners"]],
                family_present=[people[ref] for ref in data["family_present"]],
                actions=form.actions(),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Team meeting recorded.")
            return redirect(TOGETHER, reference=family.reference)
    return render(request, "families/meeting_new.html", {"form": form, "family_reference": family.reference})


@require_POST
def action_done(request: HttpRequest) -> HttpResponse:
    try:
        gate.action_complete(request.user, request.POST.get("action", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Action marked as done.")
    return redirect("start")
