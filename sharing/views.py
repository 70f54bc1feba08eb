"""Sharing pages: the start page, overrides, the review queue, who-has-seen and check access."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from consent.selectors import purpose_list
from sharing import gate, selectors, services
from sharing.forms import CheckAccessForm, OverrideForm, ReviewForm
from sharing.models import Override, OverrideKind
from sharing.vocabulary import Capability

OVERRIDE_OPENED = "Override opened. It is recorded and will be reviewed by your centre manager."


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    viewer = gate.viewer_for(request.user)
    people = gate.visible_people(request.user, context="page:start", search=search)
    return render(request, "start.html", {
        "people": people, "search": search, "viewer": viewer,
        "overrides": selectors.active_overrides_for(request.user),
        "duplicate_probes": selectors.duplicate_probes(
            centre_id=viewer.centre_id, since=timezone.localdate() - dt.timedelta(days=7)
        ) if gate.allowed(request.user, Capability.REVIEW) else [],
    })


@require_http_methods(["GET", "POST"])
def override_new(request: HttpRequest, kind: str) -> HttpResponse:
    medical = kind == OverrideKind.MEDICAL_PURPOSE
    viewer = gate.require(request.user, Capability.OPEN_MEDICAL if medical else Capability.OPEN_OVERRIDE)
    form = OverrideForm(request.POST or None, medical=medical, initial={"reference": request.GET.get("reference", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = gate.person_for(request.user, data["reference"])
        except Http404:
            form.add_error("reference", "There is no one with that reference that you can reach. Check the reference")
        else:
            try:
                services.override_open(
                    viewer=viewer, subject=person, kind=kind, categories=data["categories"],
                    justification=data["justification"], discussed_with=data.get("discussed_with", ""),
                    discussed_with_name=data.get("discussed_with_name", ""), hours=data["hours"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, OVERRIDE_OPENED)
                return redirect("families:detail", reference=person.family.reference)
    return render(request, "sharing/override_form.html", {"form": form, "medical": medical})


@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    viewer = gate.require(request.user, Capability.REVIEW)
    pending = list(selectors.review_queue(centre_id=viewer.centre_id))
    revealed = selectors.disclosures_by_override([o.pk for o in pending])
    return render(request, "sharing/review_queue.html", {
        "pending": [(o, revealed.get(o.pk, [])) for o in pending],
        "reviewed": selectors.reviewed_overrides(centre_id=viewer.centre_id)[:50],
    })


@require_http_methods(["GET", "POST"])
def override_review(request: HttpRequest, pk: int) -> HttpResponse:
    override = get_object_or_404(Override.objects.select_related("opened_by", "subject"), pk=pk)
    if not gate.allowed(request.user, Capability.REVIEW, override.centre_id):
        raise Http404(gate.NOT_FOUND)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.override_review(override=override, reviewer=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Review recorded.")
            return redirect("sharing:review-queue")
    disclosures = selectors.override_disclosures(override_id=override.pk)
    context = {"override": override, "form": form, "disclosures": disclosures}
    return render(request, "sharing/override_review.html", context)


@require_safe
def family_disclosures(request: HttpRequest, reference: str) -> HttpResponse:
    """Who has seen this record, when, and on what basis (managers of the family's centre)."""
    family = gate.family_for(request.user, reference)
    viewer = gate.require(request.user, Capability.REVIEW, family.centre_id)
    # Who looked at the trail (issue 10): this page is a slice of it.
    services.trail_access_record(viewer=viewer, page="who-has-seen", filters={"family": family.reference})
    rows = selectors.disclosures_for_family(family_id=family.pk)[:500]
    return render(request, "sharing/family_disclosures.html", {"family_reference": family.reference, "rows": rows})


@require_safe
def check_access(request: HttpRequest) -> HttpResponse:
    """A manager asks: could this member of staff see this person's information, and why?"""
    viewer = gate.require(request.user, Capability.REVIEW)
    staff = get_user_model().objects.filter(membership__centre_id=viewer.centre_id).order_by("username")
    form = CheckAccessForm(request.GET or None, staff=staff, purposes=purpose_list())
    rows = None
    if request.GET and form.is_valid():
        user = staff.get(username=form.cleaned_data["username"])
        category = form.cleaned_data["category"]
        rows = selectors.access_explanations(
            user=user, reference=form.cleaned_data["reference"],
            categories=[category] if category else ["basic", "sensitive"],
            purpose=form.cleaned_data["purpose"] or None,
            within_centre_id=viewer.centre_id,
        )
    return render(request, "sharing/check_access.html", {"form": form, "rows": rows})


@login_not_required
def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


@login_not_required
def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
