"""Consent pages: record, print, withdraw, object, assess capacity, privacy notice, review list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from centres.selectors import agency_list
from config.params import query_row_id
from consent import selectors, services
from consent.forms import (
    CapacityAssessmentForm,
    ConsentForm,
    ObjectionForm,
    ObjectionWithdrawalForm,
    PrivacyNoticeForm,
    WithdrawalForm,
)
from consent.models import CapacityAssessment, Consent, Objection, Purpose
from consent.presenters import consent_history_rows
from consent.vocabulary import INFORMED_POINTS
from families.models import Person
from sharing import gate
from sharing.revealed import name_references, names_shown
from sharing.vocabulary import Capability

FAMILY_PAGE = "families:detail"


def _add_errors(form, error: ValidationError, renames: dict[str, str] | None = None, names=None) -> None:
    """The service's errors on the form's fields, people named as the viewer may see them (issue 9)."""
    renames = renames or {}

    def named(errors) -> list[str]:
        return [name_references(message, names or {}) for message in ValidationError(errors).messages]

    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            name = renames.get(field, field)
            form.add_error(name if name in form.fields else None, named(errors))
    else:
        form.add_error(None, named(error))


WITHDRAWN = (
    "Consent withdrawn. It stopped applying at once. Health professionals still see basic information "
    "about children under 4 for their healthcare, as the family has not objected (¶15)."
)
WITHDRAWN_AND_OBJECTED = (
    "Consent withdrawn and the family's objection recorded. Both applied at once: health professionals "
    "no longer see their basic information without consent."
)


def _moment(day: dt.date) -> dt.datetime:
    """Today means now; an earlier day means the start of that day."""
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _family_people(request: HttpRequest, reference: str, capability: str, context: str):
    family = gate.family_for(request.user, reference)
    gate.require(request.user, capability, family.centre_id)
    view = gate.disclose_family(request.user, family, context=context)
    people = {p.pk: p for p in Person.objects.filter(family=family)}
    return family, view, people


@require_http_methods(["GET", "POST"])
def consent_new(request: HttpRequest, reference: str) -> HttpResponse:
    family, view, people = _family_people(request, reference, Capability.RECORD_CONSENT, "page:consent-form")
    assessments = CapacityAssessment.objects.filter(person__family=family)
    options = {
        "people": view.people,
        "agencies": agency_list(),
        "purposes": selectors.purpose_list(),
        "assessments": assessments,
    }
    # "Record a new version": the earlier consent is kept and marked as replaced, never edited.
    replaces_id = query_row_id(request.GET, "replaces")
    replaces = (
        selectors.consent_history(family_id=family.pk).filter(pk=replaces_id).first()
        if replaces_id is not None
        else None
    )
    form = ConsentForm(request.POST or None, initial=_initial_from(replaces), **options)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent = services.consent_record(
                family=family,
                given_by=people[int(data["given_by"])],
                subjects=[people[int(pk)] for pk in data["subjects"]],
                kind=data["kind"],
                decision=data["decision"],
                covers_basic=data["covers_basic"],
                sensitive_topics=data["sensitive_topics"],
                in_centre_team=data["in_centre_team"],
                agencies=[a for a in options["agencies"] if str(a.pk) in data["agencies"]],
                purposes=list(Purpose.objects.filter(pk__in=data["purposes"])),
                method=data["method"],
                given_on=data["given_on"],
                review_on=data["review_on"],
                informed=dict.fromkeys(data["informed"], True),
                capacity_in_doubt=data["capacity_in_doubt"],
                capacity_assessment=assessments.filter(pk=data["capacity_assessment"]).first()
                if data["capacity_assessment"]
                else None,
                supersedes=replaces,
                also_objects=bool(data["also_objects"]),
                recorded_by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error, names=names_shown(view.people))
        else:
            messages.success(request, "Consent recorded.")
            return redirect("consent:detail", pk=consent.pk)
    return render(request, "consent/consent_form.html", {"form": form, "family": view, "replaces": replaces})


def _initial_from(consent: Consent | None) -> dict:
    """A new version starts from the old one, except what must be done afresh: the date and
    the informed checklist (it is explained again each time)."""
    if consent is None:
        return {}
    return {
        "given_by": str(consent.given_by_id),
        "subjects": [str(p.pk) for p in consent.subjects.all()],
        "kind": consent.kind,
        "decision": consent.decision,
        "covers_basic": consent.covers_basic,
        "sensitive_topics": list(consent.sensitive_topics),
        "in_centre_team": consent.in_centre_team,
        "agencies": [str(a.pk) for a in consent.agencies.all()],
        "purposes": [str(p.pk) for p in consent.purposes.all()],
        "method": consent.method,
        "capacity_in_doubt": consent.capacity_in_doubt,
    }


def _consent_for(request: HttpRequest, pk: int, capability: str) -> tuple[Consent, object]:
    reference = Consent.objects.filter(pk=pk).values_list("family__reference", flat=True).first()
    if reference is None:
        raise Http404(gate.NOT_FOUND)
    family = gate.family_for(request.user, reference)  # 404 unless the family is within reach
    if not gate.allowed(request.user, capability, family.centre_id):
        # A consent number is not a family reference: answer as if it did not exist, so that
        # trying numbers cannot tell anyone which consents belong to a family they can reach.
        raise Http404(gate.NOT_FOUND)
    consent = selectors.consent_history(family_id=family.pk).get(pk=pk)
    return consent, family


@require_safe
def consent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The consent record the family is handed or that is printed for them."""
    consent, family = _consent_for(request, pk, Capability.VIEW_CONSENTS)
    view, facts = gate.disclose_family_and_facts(request.user, family, context="print:consent-record")
    rows = consent_history_rows(view, facts)
    row = next(r for r in rows if r.consent.pk == consent.pk)
    context = {
        "row": row, "consent": consent, "family": view, "centre": consent.family.centre,
        # Issue 13: each point the person was told, as the record they sign says it.
        "explained": [(label, getattr(consent, field)) for field, label in INFORMED_POINTS.items()],
        "recorded_by": consent.recorded_by,
        "recorded_by_role": getattr(getattr(consent.recorded_by, "membership", None), "get_role_display", str)(),
    }
    return render(request, "consent/consent_detail.html", context)


@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent, family = _consent_for(request, pk, Capability.RECORD_CONSENT)
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                consent=consent,
                recorded_by=request.user,
                withdrawn_at=_moment(form.cleaned_data["withdrawn_on"]),
                reason=form.cleaned_data["reason"],
                also_objects=form.cleaned_data["also_objects"],
            )
        except ValidationError as error:
            _add_errors(form, error, {"withdrawn_at": "withdrawn_on"})
        else:
            messages.success(request, WITHDRAWN if not form.cleaned_data["also_objects"] else WITHDRAWN_AND_OBJECTED)
            # Art. 19: the confirmation lists who saw information under this consent (issue 10).
            return redirect("sharing:consent-recipients", pk=consent.pk)
    return render(
        request, "consent/withdraw.html", {"form": form, "consent": consent, "family_reference": family.reference}
    )


@dataclass(frozen=True)
class FamilyFormPage:
    """A one-question page about a family: which form, which service, what the page says."""

    context: str
    title: str
    lead: str
    button: str
    success: str
    make_form: Callable[..., forms.Form]
    save: Callable[..., object]
    renames: dict[str, str] | None = None


def _family_form_page(request: HttpRequest, reference: str, page: FamilyFormPage) -> HttpResponse:
    family, view, people = _family_people(request, reference, Capability.RECORD_CONSENT, page.context)
    form = page.make_form(request.POST or None, people=view.people)
    if request.method == "POST" and form.is_valid():
        try:
            page.save(family=family, people=people, data=form.cleaned_data, user=request.user)
        except ValidationError as error:
            _add_errors(form, error, page.renames, names=names_shown(view.people))
        else:
            messages.success(request, page.success)
            return redirect(FAMILY_PAGE, reference=family.reference)
    context = {"form": form, "family": view, "title": page.title, "lead": page.lead, "button": page.button}
    return render(request, "consent/simple_form.html", context)


OBJECTION_PAGE = FamilyFormPage(
    context="page:objection-form",
    title="Record an objection to health sharing",
    lead="A parent can object to health professionals seeing basic information without their consent (¶15).",
    button="Record objection",
    success="Objection recorded. Health professionals no longer see this basic information without consent.",
    make_form=ObjectionForm,
    save=lambda *, family, people, data, user: services.objection_record(
        family=family,
        made_by=people[int(data["made_by"])],
        subjects=[people[int(pk)] for pk in data["subjects"]],
        made_at=_moment(data["made_on"]),
        reason=data["reason"],
        recorded_by=user,
    ),
    renames={"made_at": "made_on"},
)
CAPACITY_PAGE = FamilyFormPage(
    context="page:capacity-form",
    title="Record a capacity assessment",
    lead="Needed before consent counts when the person is under 16 or their capacity is in doubt (¶16).",
    button="Record assessment",
    success="Capacity assessment recorded.",
    make_form=CapacityAssessmentForm,
    save=lambda *, family, people, data, user: services.capacity_assessment_record(
        person=people[int(data["person"])],
        kind=data["kind"],
        assessed_by=data["assessed_by"],
        assessed_on=data["assessed_on"],
        outcome=data["outcome"],
        note=data["note"],
        recorded_by=user,
    ),
)
PRIVACY_NOTICE_PAGE = FamilyFormPage(
    context="page:privacy-notice-form",
    title="Record that the privacy notice was given",
    lead="Families must be told how their information is used, through a privacy notice or letter (¶15).",
    button="Record privacy notice",
    success="Privacy notice recorded.",
    make_form=lambda data, people: PrivacyNoticeForm(data),
    save=lambda *, family, people, data, user: services.privacy_notice_record(
        family=family, given_on=data["given_on"], recorded_by=user
    ),
)


@require_http_methods(["GET", "POST"])
def objection_new(request: HttpRequest, reference: str) -> HttpResponse:
    return _family_form_page(request, reference, OBJECTION_PAGE)


@require_http_methods(["GET", "POST"])
def capacity_new(request: HttpRequest, reference: str) -> HttpResponse:
    return _family_form_page(request, reference, CAPACITY_PAGE)


@require_http_methods(["GET", "POST"])
def privacy_notice_new(request: HttpRequest, reference: str) -> HttpResponse:
    return _family_form_page(request, reference, PRIVACY_NOTICE_PAGE)


OBJECTION_WITHDRAWN = (
    "Objection withdrawn. From that date health professionals may again see basic information "
    "under the health duty of care."
)


@require_http_methods(["GET", "POST"])
def objection_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the family lifted an objection (issue 9 item 5): a new row, never an edit."""
    reference = Objection.objects.filter(pk=pk).values_list("family__reference", flat=True).first()
    if reference is None:
        raise Http404(gate.NOT_FOUND)
    family = gate.family_for(request.user, reference)  # 404 unless the family is within reach
    if not gate.allowed(request.user, Capability.RECORD_CONSENT, family.centre_id):
        # Like a consent number: an objection number tells nobody else anything.
        raise Http404(gate.NOT_FOUND)
    objection = selectors.objections_for_family(family_id=family.pk).get(pk=pk)
    view = gate.disclose_family(request.user, family, context="page:objection-withdraw")
    people = {p.pk: p for p in Person.objects.filter(family=family)}
    form = ObjectionWithdrawalForm(request.POST or None, people=view.people)
    already = getattr(objection, "withdrawal", None) is not None
    if request.method == "POST" and not already and form.is_valid():
        try:
            services.objection_withdraw(
                objection=objection,
                withdrawn_by=people[int(form.cleaned_data["withdrawn_by"])],
                withdrawn_at=_moment(form.cleaned_data["withdrawn_on"]),
                method=form.cleaned_data["method"],
                recorded_by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error, {"withdrawn_at": "withdrawn_on"})
        else:
            messages.success(request, OBJECTION_WITHDRAWN)
            return redirect(FAMILY_PAGE, reference=family.reference)
    labels = {p.id: p.label for p in view.people}
    context = {
        "form": form, "family": view, "objection": objection, "already": already,
        "made_by_label": labels.get(objection.made_by_id, objection.made_by.reference),
    }
    return render(request, "consent/objection_withdraw.html", context)


@require_safe
def due_for_review(request: HttpRequest) -> HttpResponse:
    viewer = gate.require(request.user, Capability.VIEW_CONSENTS)
    consents = selectors.consents_due_for_review(centre_id=viewer.centre_id, on=timezone.localdate())
    return render(request, "consent/due_for_review.html", {"consents": consents})
