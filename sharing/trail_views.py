"""The manager's trail (issue 10): the timeline, a practitioner's page, the CSV export, "seen
without consent" and who saw information under a consent. Thin: the gate decides, ``trail``
reads, ``services`` records that the trail was opened."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from config import csv_safe
from config.csv_safe import formula_safe  # noqa: F401  (tests/sharing/test_trail.py imports it from here)
from consent.models import Consent, ConsentWithdrawal
from sharing import gate, services, trail
from sharing.trail_forms import TrailFilterForm
from sharing.vocabulary import Capability

EXPORT_LIMIT = 50_000
NO_SUCH_PRACTITIONER = "There is no member of staff with that username. Check the username"


def _filtered(request: HttpRequest, **fixed) -> tuple[TrailFilterForm, trail.TrailFilters]:
    form = TrailFilterForm(request.GET or None, practitioner_fixed="practitioner" in fixed)
    if request.GET and form.is_valid():
        return form, form.filters(**fixed)
    return form, trail.TrailFilters(**fixed)


def _timeline_page(request: HttpRequest, *, page: str, template: str, extra: dict | None = None, **fixed):
    viewer = gate.require(request.user, Capability.VIEW_TRAIL)
    form, filters = _filtered(request, **fixed)
    cursor = trail.Cursor.decode(request.GET.get("after", ""))
    result = trail.timeline(centre_id=viewer.centre_id, filters=filters, cursor=cursor)
    services.trail_access_record(viewer=viewer, page=page, filters=filters.as_dict())
    query = request.GET.copy()
    query.pop("after", None)
    response = render(request, template, {
        "form": form, "page": result, "query": query.urlencode(), "filters": filters,
        "accesses": trail.trail_accesses(centre_id=viewer.centre_id), **(extra or {}),
    })
    add_never_cache_headers(response)
    return response


@require_safe
def timeline(request: HttpRequest) -> HttpResponse:
    return _timeline_page(request, page="trail", template="trail/timeline.html")


@require_safe
def practitioner(request: HttpRequest) -> HttpResponse:
    """Everything one member of staff has seen or been refused (and changed), for an investigation."""
    gate.require(request.user, Capability.VIEW_TRAIL)
    username = request.GET.get("username", "").strip()[:150]
    if not username:
        return render(request, "trail/practitioner_choose.html", {})
    person = get_user_model().objects.filter(username=username).first()
    if person is None:
        raise Http404(NO_SUCH_PRACTITIONER)
    return _timeline_page(
        request, page="trail-practitioner", template="trail/practitioner.html",
        extra={"practitioner": person}, practitioner=username,
    )


@require_safe
def export(request: HttpRequest) -> HttpResponse:
    """The filtered trail as CSV, formula-safe, not cached, and recorded like a page."""
    viewer = gate.require(request.user, Capability.VIEW_TRAIL)
    _, filters = _filtered(request)
    services.trail_access_record(viewer=viewer, page="trail-export", filters=filters.as_dict())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="trail-{stamp}.csv"'
    add_never_cache_headers(response)
    writer = csv_safe.writer(response)  # every cell formula-safe (config/csv_safe.py)
    writer.writerow([
        "When", "Kind", "Who", "Role", "Workplace", "Person or record", "Family", "Information", "Outcome",
        "Basis", "Purpose", "Not their usual purpose", "Where", "Reason", "Change", "Fields changed",
    ])
    cursor, written = None, 0
    while written < EXPORT_LIMIT:
        page = trail.timeline(centre_id=viewer.centre_id, filters=filters, cursor=cursor, page_size=1000)
        for e in page.entries:
            writer.writerow((
                timezone.localtime(e.at).isoformat(timespec="seconds"), e.kind, e.who, e.who_role, e.where,
                e.subject, e.family, e.category, e.outcome if e.kind == trail.READ else "", e.basis, e.purpose,
                "yes" if e.purpose_asserted else "", e.context, e.reason, e.action,
                "; ".join(f"{name}: {value}" for name, value in e.fields),
            ))
        written += len(page.entries)
        if page.next_cursor is None:
            break
        cursor = trail.Cursor.decode(page.next_cursor)
    return response


@require_safe
def seen_without_consent(request: HttpRequest) -> HttpResponse:
    """POLICY.md box after ¶18: seek consent quickly, or stop; and overrides still to review."""
    viewer = gate.require(request.user, Capability.VIEW_TRAIL)
    services.trail_access_record(viewer=viewer, page="seen-without-consent")
    response = render(request, "trail/seen_without_consent.html", {
        "people": trail.seen_without_consent(centre_id=viewer.centre_id),
        "overrides": trail.seen_under_unreviewed_override(centre_id=viewer.centre_id),
    })
    add_never_cache_headers(response)
    return response


@require_safe
def consent_recipients(request: HttpRequest, pk: int) -> HttpResponse:
    """Who saw information under this consent (UK GDPR Art. 19): shown when it is withdrawn, so the
    practitioner can tell each of them to stop using it; computed from the append-only log."""
    found = Consent.objects.filter(pk=pk).values_list("family__reference", flat=True).first()
    if found is None:
        raise Http404(gate.NOT_FOUND)
    family = gate.family_for(request.user, found)
    if not gate.allowed(request.user, Capability.VIEW_CONSENTS, family.centre_id):
        raise Http404(gate.NOT_FOUND)  # as consent_detail: a number must not confirm a consent exists
    withdrawal = ConsentWithdrawal.objects.filter(consent_id=pk).first()
    until = withdrawal.withdrawn_at if withdrawal else None
    recipients = trail.consent_recipients(consent_id=pk, until=until)
    # Issue 15: the referrals it covered, so each agency is told too.
    referrals = trail.consent_referrals(consent_id=pk, until=until)
    response = render(request, "trail/consent_recipients.html", {
        "family_reference": family.reference, "consent_id": pk, "withdrawal": withdrawal, "recipients": recipients,
        "referrals": referrals,
    })
    add_never_cache_headers(response)
    return response
