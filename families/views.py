"""Family pages. Thin: validate, call one service or the gate, render what the gate returns."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from centres.selectors import centres_other_than, health_visitors_at
from consent.presenters import consent_history_rows, objection_rows
from consent.selectors import objections_for_family, purpose_list
from families import services
from families.forms import (
    FamilyEditForm,
    FamilyRegistrationForm,
    FamilyTransferForm,
    HealthVisitorForm,
    NoteAmendmentForm,
    NoteForm,
    PersonDetailsEditForm,
    PersonDetailsFields,
    PersonEditForm,
    PurposeForm,
    ReviewContactForm,
)
from families.models import Note
from families.selectors import transfers_for_family
from sharing import gate
from sharing.vocabulary import Capability

FAMILY_PAGE = "families:detail"


@require_http_methods(["GET", "POST"])
def family_register(request: HttpRequest) -> HttpResponse:
    viewer = gate.require(request.user, Capability.REGISTER)
    duplicates = []
    centre = request.user.membership.centre
    if request.method == "POST":
        form = FamilyRegistrationForm(request.POST, centre=centre)
        if form.is_valid():
            try:
                family = services.family_register(
                    registered_by=request.user,
                    centre=centre,
                    address_line_1=form.cleaned_data["address_line_1"],
                    address_line_2=form.cleaned_data["address_line_2"],
                    town=form.cleaned_data["town"],
                    postcode=form.cleaned_data["postcode"],
                    carers=form.carers,
                    children=form.children,
                    registration_token=form.cleaned_data["registration_token"],
                    confirmed_not_duplicate=form.cleaned_data["confirm_different"],
                    # Issue 13: a health visitor who registers a family is its named health visitor
                    # until the manager changes it.
                    named_health_visitor=(
                        request.user if gate.allowed(request.user, Capability.HOLD_CASELOAD) else None
                    ),
                )
            except services.PossibleDuplicateError as error:
                duplicates = gate.duplicate_summaries(request.user, error.matches, viewer=viewer)
                data = request.POST.copy()
                data["duplicates_shown"] = "1"
                form = FamilyRegistrationForm(data, centre=centre)
                form.is_valid()
                form.add_error("confirm_different", str(error))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Family {family.reference} registered.")
                return redirect(FAMILY_PAGE, reference=family.reference)
    else:
        form = FamilyRegistrationForm(initial={"registration_token": uuid.uuid4()})
    return render(request, "families/register.html", {"form": form, "duplicates": duplicates})


@require_safe
def family_detail(request: HttpRequest, reference: str) -> HttpResponse:
    # The purpose is part of every decision (POLICY.md basis 2): the viewer may say what they
    # are looking for; otherwise their role's usual purpose applies.
    purposes = list(purpose_list())
    form = PurposeForm(request.GET or None, purposes=purposes, offered=gate.assertable_purposes(request.user, purposes))
    purpose = form.cleaned_data["purpose"] if form.is_bound and form.is_valid() else None
    family, view, facts = gate.family_page(
        request.user, reference, context="page:family", purpose=purpose or None, purposes=purposes
    )
    consents = consent_history_rows(view, facts)
    # Issue 9 item 5: objections and their withdrawal, for those who may see consent records.
    objections = objection_rows(view, objections_for_family(family_id=family.pk)) if consents is not None else None
    # Issue 13: the family's moves between centres, for anyone shown someone in it.
    transfers = transfers_for_family(family_id=family.pk) if view.address is not None else None
    context = {
        "family": view, "consents": consents, "objections": objections, "purpose_form": form, "transfers": transfers,
    }
    # Issue 15: the lead professional, where someone in the family is shown to the viewer.
    context["lead"] = gate.lead_professional_view(family) if view.address is not None else None
    return render(request, "families/detail.html", context)


@require_http_methods(["GET", "POST"])
def family_transfer(request: HttpRequest, reference: str) -> HttpResponse:
    """Issue 13: the centre manager moves a family to the centre of the area it moved to.

    The page names the family by reference only and reveals nothing about its people: moving a
    family needs no one's details (¶13 minimum necessary), so it records no disclosure.
    """
    family = gate.family_for(request.user, reference)
    gate.require(request.user, Capability.TRANSFER_FAMILY, family.centre_id)
    form = FamilyTransferForm(
        request.POST if request.method == "POST" else None,
        initial={"version": family.version},
        centres=centres_other_than(family.centre_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            transfer = services.family_transfer(
                family=family,
                to_centre=form.centre,
                transferred_by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleEditError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Family {family.reference} transferred to {transfer.to_centre.name}.")
            # The family is no longer this centre's: the manager goes back to their start page.
            return redirect("start")
    return render(request, "families/transfer.html", {"form": form, "family": family})


@require_http_methods(["GET", "POST"])
def family_edit(request: HttpRequest, reference: str) -> HttpResponse:
    family = gate.family_for(request.user, reference)
    gate.require(request.user, Capability.EDIT_FAMILY, family.centre_id)
    view = gate.disclose_family(request.user, family, context="page:family-edit", require_shown=True)
    if request.method == "POST":
        form = FamilyEditForm(request.POST)
        if form.is_valid():
            try:
                services.family_update(
                    family=family,
                    expected_version=form.cleaned_data["version"],
                    **{k: form.cleaned_data[k] for k in ("address_line_1", "address_line_2", "town", "postcode")},
                )
            except services.StaleEditError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Address updated.")
                return redirect(FAMILY_PAGE, reference=family.reference)
    else:
        form = FamilyEditForm(initial={"version": view.version, **vars(view.address)})
    return render(request, "families/edit.html", {"form": form, "family": view})


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, reference: str) -> HttpResponse:
    person = gate.person_for(request.user, reference)
    gate.require(request.user, Capability.EDIT_FAMILY, person.family.centre_id)
    subject = gate.disclose_person_for_edit(request.user, person, context="page:person-edit")
    # Issue 13: the other personal details are in the form only when the gate revealed them.
    form_class = PersonDetailsEditForm if subject.details is not None else PersonEditForm
    initial = {
        "version": person.family.version,
        "first_name": subject.basic.first_name,
        "last_name": subject.basic.last_name,
        "date_of_birth": subject.basic.date_of_birth,
    }
    if subject.details is not None:
        initial |= PersonDetailsFields.initial_from(subject.details)
    form = form_class(request.POST or None, expected=subject.is_expected, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                person=person,
                expected_family_version=form.cleaned_data["version"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                date_of_birth=form.cleaned_data["date_of_birth"],
                details=form.details() if subject.details is not None else None,
            )
        except services.StaleEditError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Details of {person.reference} updated.")
            return redirect(FAMILY_PAGE, reference=person.family.reference)
    context = {"form": form, "subject": subject, "family_reference": person.family.reference}
    return render(request, "families/person_edit.html", context)


@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest, reference: str) -> HttpResponse:
    person = gate.person_for(request.user, reference)
    gate.require(request.user, Capability.ADD_NOTE, person.family.centre_id)
    subject = gate.disclose_person_shown(request.user, person, context="page:note-add")
    if request.method == "POST":
        form = NoteForm(request.POST)
        if form.is_valid():
            services.note_add(subject=person, author=request.user, **form.cleaned_data)
            messages.success(request, f"Note added for {subject.label}.")
            return redirect(FAMILY_PAGE, reference=person.family.reference)
    else:
        form = NoteForm()
    context = {"form": form, "subject": subject, "family_reference": person.family.reference}
    return render(request, "families/note_add.html", context)


@require_http_methods(["GET", "POST"])
def note_amend(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """Correct a note (issue 13): its author only, by an amendment that keeps the original. 404
    when the note is not shown to the user, 403 when it is but they did not write it (the gate)."""
    person = gate.person_for(request.user, reference)
    subject, note = gate.disclose_note_for_amendment(request.user, person, pk, context="page:note-amend")
    form = NoteAmendmentForm(request.POST if request.method == "POST" else None, initial={"text": note.current_text})
    if form.is_bound and form.is_valid():
        written = Note.objects.only("id", "author_id").get(pk=note.id)  # the row to attach to, not a reveal
        services.note_amend(note=written, amended_by=request.user, **form.cleaned_data)
        messages.success(request, f"Note amended for {subject.label}.")
        return redirect(FAMILY_PAGE, reference=person.family.reference)
    context = {"form": form, "subject": subject, "note": note, "family_reference": person.family.reference}
    return render(request, "families/note_amend.html", context)


CONTACT_RECORDED = "{review} recorded for {name}."


@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, reference: str) -> HttpResponse:
    """Record a Healthy Child Programme contact for a child (issue 13): health professionals."""
    person = gate.person_for(request.user, reference)
    gate.require(request.user, Capability.RECORD_CONTACT, person.family.centre_id)
    subject = gate.disclose_person_shown(request.user, person, context="page:contact-add")
    form = ReviewContactForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            contact = services.review_contact_record(subject=person, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, CONTACT_RECORDED.format(review=contact.get_review_display(), name=subject.label))
            return redirect(FAMILY_PAGE, reference=person.family.reference)
    context = {"form": form, "subject": subject, "family_reference": person.family.reference}
    return render(request, "families/contact_add.html", context)


HEALTH_VISITOR_CHANGED = "Named health visitor of family {reference} changed."


@require_http_methods(["GET", "POST"])
def health_visitor_change(request: HttpRequest, reference: str) -> HttpResponse:
    """The centre manager names the family's health visitor (issue 13). Nothing about a person is
    shown: the family's reference and the centre's health visitors only."""
    family = gate.family_for(request.user, reference)
    gate.require(request.user, Capability.ASSIGN_HEALTH_VISITOR, family.centre_id)
    current = str(family.named_health_visitor_id) if family.named_health_visitor_id else HealthVisitorForm.NONE
    form = HealthVisitorForm(
        request.POST if request.method == "POST" else None,
        health_visitors=health_visitors_at(family.centre_id),
        initial={"health_visitor": current},
    )
    if form.is_bound and form.is_valid():
        services.family_health_visitor_assign(family=family, health_visitor=form.chosen())
        messages.success(request, HEALTH_VISITOR_CHANGED.format(reference=family.reference))
        return redirect(FAMILY_PAGE, reference=family.reference)
    return render(request, "families/health_visitor.html", {"form": form, "family_reference": family.reference})
