"""Sharing pages: the start page, overrides, the review queue, who-has-seen and check access."""
from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from consent.selectors import consents_due_for_review, purpose_list
from families.selectors import overdue_reviews_by_health_visitor
from sharing import gate, selectors, services
from sharing.forms import ApprovalForm, CheckAccessForm, EndOverrideForm, OverrideForm, ReviewForm
from sharing.models import Override, OverrideKind
from sharing.policy import format_moment
from sharing.vocabulary import Capability, ReviewerRole

REFERENCE = re.compile(r"[A-Z0-9]{1,12}-[CP][0-9]{1,3}")
OVERRIDE_OPENED = "Override opened. It is recorded and will be reviewed by {reviewer}."
OVERRIDE_PENDING = (
    "Override recorded, but it is not open yet: you already hold {limit} open overrides, the most allowed. "
    "It opens once {reviewer} approves it."
)
REVIEWERS = {
    ReviewerRole.CENTRE_MANAGER: "your centre manager",
    ReviewerRole.CALDICOTT_GUARDIAN: "the Caldicott Guardian",
}
APPROVED = "Override approved. It is open from now until it expires."
ENDED = "Override ended. It no longer shows anything."
CASELOAD_CONSENTS_SHOWN = 20


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    after = request.GET.get("after", "")
    after = after if REFERENCE.fullmatch(after) else ""
    viewer = gate.viewer_for(request.user)
    page = gate.worklist(request.user, context="page:start", search=search, after=after)
    context = {
        "people": page.people, "next_after": page.next_after, "after": after, "search": search, "viewer": viewer,
        "overrides": selectors.active_overrides_for(request.user),
        "reviewer": REVIEWERS[gate.override_reviewer_for(viewer)],
        # Issue 15: the families they lead, their open actions, overdue actions in families they lead.
        "together": gate.together_on_start(request.user),
    }
    if gate.allowed(request.user, Capability.REVIEW):
        context["duplicate_probes"] = selectors.duplicate_probes(
            centre_id=viewer.centre_id, since=timezone.localdate() - dt.timedelta(days=7)
        )
    if gate.allowed(request.user, Capability.REVIEW_OVERRIDES):
        # Issue 9 items 6 and 10: what waits in the reviewer's queue, and anyone opening too many.
        context["queue_count"] = selectors.review_queue_count(viewer=viewer)
        context["over_limit"] = selectors.overrides_over_limit(viewer=viewer)
    if gate.allowed(request.user, Capability.HOLD_CASELOAD) and not search and not after:
        # Issue 13: "my families" — each child's next review where the gate opens it, the consents
        # of her families due for review (references only), and the families she opened lately.
        context["caseload"] = gate.caseload(request.user)
        context["caseload_consents_due"] = list(
            consents_due_for_review(centre_id=viewer.centre_id, on=timezone.localdate())
            .filter(family__named_health_visitor_id=viewer.user_id)
            .values_list("family__reference", "review_on")[:CASELOAD_CONSENTS_SHOWN]
        )
        context["recently_viewed"] = selectors.recently_viewed_families(viewer_id=viewer.user_id)
    if gate.allowed(request.user, Capability.REVIEW):
        # Issue 13: the centre's overdue reviews per named health visitor, counted in the database.
        context["overdue_by_health_visitor"] = overdue_reviews_by_health_visitor(
            centre_id=viewer.centre_id, today=timezone.localdate()
        )
    return render(request, "start.html", context)


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
                override = services.override_open(
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
                reviewer = REVIEWERS[override.review_by]
                if override.needs_approval:
                    limit = settings.SHARING_OVERRIDE_OPEN_LIMIT
                    messages.warning(request, OVERRIDE_PENDING.format(limit=limit, reviewer=reviewer))
                else:
                    messages.success(request, OVERRIDE_OPENED.format(reviewer=reviewer))
                return redirect("families:detail", reference=person.family.reference)
    return render(request, "sharing/override_form.html", {"form": form, "medical": medical})


@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    viewer = gate.require(request.user, Capability.REVIEW_OVERRIDES)
    pending = list(selectors.review_queue(viewer=viewer))
    revealed = selectors.disclosures_by_override([o.pk for o in pending])
    return render(request, "sharing/review_queue.html", {
        "pending": [(o, revealed.get(o.pk, [])) for o in pending],
        "reviewed": selectors.reviewed_overrides(viewer=viewer)[:50],
        "viewer": viewer,
    })


def _routed_override(request: HttpRequest, pk: int) -> Override:
    """The override if it is routed to this user for review; otherwise 404, like a missing one."""
    override = selectors.override_for_reviewer(viewer=gate.viewer_for(request.user), pk=pk)
    if override is None:
        raise Http404(gate.NOT_FOUND)
    return override


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
def override_review(request: HttpRequest, pk: int) -> HttpResponse:
    override = _routed_override(request, pk)
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
    context = {
        "override": override, "form": form, "disclosures": disclosures, "state": _state(override),
        "endable": _endable(override),
    }
    return render(request, "sharing/override_review.html", context)


def _endable(override: Override) -> bool:
    return getattr(override, "end", None) is None and override.expires_at > timezone.now()


def _state(override: Override) -> str:
    """Where an override stands, in words, for its reviewer and its opener."""
    end = getattr(override, "end", None)
    if end is not None:
        return f"Ended early on {format_moment(end.ended_at)}: {end.reason}"
    if override.expires_at <= timezone.now():
        return f"Expired on {format_moment(override.expires_at)}"
    if override.needs_approval and getattr(override, "approval", None) is None:
        return "Waiting for approval: opened beyond the limit of open overrides, it does not open until approved"
    return f"Open until {format_moment(override.expires_at)}"


@require_http_methods(["GET", "POST"])
def override_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve an override opened beyond the limit (issue 9 item 6): its reviewer only."""
    override = _routed_override(request, pk)
    form = ApprovalForm(request.POST or None)
    if request.method == "POST" and override.needs_approval and form.is_valid():
        try:
            services.override_approve(override=override, approved_by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, APPROVED)
            return redirect("sharing:review-queue")
    return render(request, "sharing/override_approve.html", {"override": override, "form": form,
                                                             "state": _state(override)})


@require_http_methods(["GET", "POST"])
def override_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End an override early (issue 9 item 10): its opener or its reviewer; anyone else gets 404."""
    viewer = gate.viewer_for(request.user)
    override = selectors.override_for_ender(viewer=viewer, pk=pk)
    if override is None:
        raise Http404(gate.NOT_FOUND)
    form = EndOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.override_end(override=override, ended_by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, ENDED)
            if override.opened_by_id == viewer.user_id:
                return redirect("families:detail", reference=override.subject.family.reference)
            return redirect("sharing:review-queue")
    is_opener = override.opened_by_id == viewer.user_id
    return render(request, "sharing/override_end.html", {
        "override": override, "form": form, "state": _state(override), "is_opener": is_opener,
        "ended": not _endable(override),
    })


@require_safe
def family_disclosures(request: HttpRequest, reference: str) -> HttpResponse:
    """Who has seen this record, when, and on what basis: managers of the family's centre, and
    whoever an override on one of its people is routed to for review (issue 9 item 10)."""
    viewer = gate.viewer_for(request.user)
    family = selectors.family_routed_to(viewer=viewer, reference=reference)
    if family is None:
        family = gate.family_for(request.user, reference)
        viewer = gate.require(request.user, Capability.REVIEW, family.centre_id)
    # Who looked at the trail (issue 10): this page is a slice of it.
    services.trail_access_record(
        viewer=viewer, page="who-has-seen", filters={"family": family.reference}, centre_id=family.centre_id
    )
    rows = selectors.disclosures_for_family(family_id=family.pk)[:500]
    may_open_family = gate.allowed(request.user, Capability.REVIEW, family.centre_id)
    return render(request, "sharing/family_disclosures.html", {
        "family_reference": family.reference, "rows": rows, "may_open_family": may_open_family,
    })


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

