"""Referral pages (issue 15): refer and preview, the referral, the agency's answer, the pack (printable
and JSON) and the list. Thin: ``sharing.referrals`` (the gate for referrals) decides and records."""
from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_safe

from consent.selectors import purpose_list
from sharing import gate, referrals
from sharing.referral_forms import ReferralAnswerForm, ReferralForm

SENT = "Referral sent to {agency}. You can follow its status here."
ANSWERED = "You have {kind} the referral. The centre can see your answer."


@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest, reference: str) -> HttpResponse:
    """Choose the agency and what to send; then see exactly what will be sent, and send it."""
    person = referrals.person_to_refer(request.user, reference)
    subject = gate.disclose_person_shown(request.user, person, context=referrals.CONTEXT_NEW)
    purposes = gate.assertable_purposes(request.user, purpose_list())
    form = ReferralForm(request.POST if request.method == "POST" else None, purposes=purposes)
    preview = None
    if request.method == "POST" and "change" not in request.POST and form.is_valid():
        data = form.cleaned_data
        ask = referrals.Ask(data["agency"], data["purpose"], data["basic"], tuple(data["topics"]))
        if "send" in request.POST:
            try:
                referral = referrals.referral_send(
                    request.user, person, ask, why=data["why"], previewed=data["previewed"]
                )
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                messages.success(request, SENT.format(agency=data["agency"].name))
                return redirect("sharing:referral", pk=referral.pk)
        preview = referrals.referral_preview(request.user, person, ask)
    response = render(request, "sharing/referral_new.html", {
        "subject": subject, "form": form, "preview": preview,
        "family_reference": person.family.reference,
    })
    add_never_cache_headers(response)
    return response


@require_safe
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = referrals.referral_for(request.user, pk)
    page = referrals.referral_page(request.user, referral)
    return render(request, "sharing/referral_detail.html", {"page": page, "referral": referral})


@require_http_methods(["GET", "POST"])
def referral_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The agency accepts or declines the referral (once)."""
    referral = referrals.referral_for(request.user, pk)
    if not referrals.may_respond_to_referral(gate.viewer_for(request.user), referral.agency_id):
        raise PermissionDenied
    form = ReferralAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            event = referrals.referral_respond(
                user=request.user, referral=referral, kind=form.cleaned_data["kind"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, ANSWERED.format(kind=event.get_kind_display().lower()))
            return redirect("sharing:referral", pk=referral.pk)
    return render(request, "sharing/referral_answer.html", {"form": form, "referral": referral})


@require_safe
def referral_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable pack, for an agency without an account."""
    referral = referrals.referral_for(request.user, pk)
    pack = referrals.pack_for_agency(request.user, referral, context=referrals.CONTEXT_PRINT)
    response = render(request, "sharing/referral_pack.html", {"pack": pack, "referral": referral})
    add_never_cache_headers(response)
    return response


@require_safe
def referral_pack_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The pack as a JSON document, for an agency without an account."""
    referral = referrals.referral_for(request.user, pk)
    pack = referrals.pack_for_agency(request.user, referral, context=referrals.CONTEXT_JSON)
    response = HttpResponse(
        json.dumps(referrals.pack_document(referral, pack), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="referral-{referral.pk}.json"'
    add_never_cache_headers(response)
    return response


@require_safe
def referral_list(request: HttpRequest) -> HttpResponse:
    viewer, rows = referrals.referral_list(request.user)
    return render(request, "sharing/referral_list.html", {"rows": rows, "viewer": viewer})
