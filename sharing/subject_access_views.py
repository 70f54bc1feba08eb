"""Subject access pages (issue 10): open requests with days left, open a request, a family's
requests (record the release), and the file itself (printable page and JSON)."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_safe

from families.models import Family, Person
from sharing import gate, services, subject_access
from sharing.subject_access_forms import ReleaseForm, SubjectAccessRequestForm
from sharing.vocabulary import Capability

SAR_OPENED = "Subject access request opened. The file is due by {due:%-d %B %Y}."
SAR_RELEASED = "Release of the subject access file recorded."
SAR_NO_OPEN_REQUEST = "There is no open subject access request for this family"
SAR_UNKNOWN_REFERENCE = "There is no family or person with that reference at your centre. Check the reference"


@require_safe
def request_list(request: HttpRequest) -> HttpResponse:
    viewer = gate.require(request.user, Capability.SUBJECT_ACCESS)
    rows = subject_access.with_due_dates(subject_access.open_requests(centre_id=viewer.centre_id))
    return render(request, "trail/subject_access_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    viewer = gate.require(request.user, Capability.SUBJECT_ACCESS)
    form = SubjectAccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reference = data["reference"]
        person = Person.objects.select_related("family").filter(
            reference=reference, family__centre_id=viewer.centre_id).first()
        family = person.family if person else Family.objects.filter(
            reference=reference, centre_id=viewer.centre_id).first()
        if family is None:
            form.add_error("reference", SAR_UNKNOWN_REFERENCE)
        else:
            try:
                opened = services.subject_access_open(
                    viewer=viewer, opened_by=request.user, family=family, person=person,
                    requested_by=data["requested_by"], received_on=data["received_on"],
                    identity_checked=data["identity_checked"], identity_evidence=data["identity_evidence"],
                )
            except ValidationError as error:
                for name, errors in getattr(error, "error_dict", {None: error.messages}).items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, SAR_OPENED.format(due=subject_access.due_on(opened.received_on)))
                return redirect("sharing:sar-family", reference=family.reference)
    return render(request, "trail/subject_access_new.html", {"form": form})


@require_http_methods(["GET", "POST"])
def family_requests(request: HttpRequest, reference: str) -> HttpResponse:
    family = gate.family_for(request.user, reference)
    gate.require(request.user, Capability.SUBJECT_ACCESS, family.centre_id)
    requests = subject_access.requests_for_family(family_id=family.pk)
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = next((r for r in requests if r.pk == form.cleaned_data["request"]), None)
        if chosen is None:
            raise Http404(gate.NOT_FOUND)
        try:
            services.subject_access_release(request=chosen, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, SAR_RELEASED)
            return redirect("sharing:sar-family", reference=family.reference)
    rows = [
        {**row, "released": subject_access.released(row["request"])} for row in subject_access.with_due_dates(requests)
    ]
    # One open request at a time is produced and released (the file is for the oldest one): its card
    # alone carries the buttons, so the page has one release form.
    open_ = [row["request"] for row in rows if not row["released"]]
    current = min(open_, key=lambda r: (r.received_on, r.pk)).pk if open_ else None
    return render(request, "trail/subject_access_family.html", {
        "family_reference": family.reference, "form": form, "rows": rows, "current": current,
    })


@require_safe
def request_file(request: HttpRequest, reference: str) -> HttpResponse:
    """The complete file for the family's oldest open request, produced now and recorded."""
    family = gate.family_for(request.user, reference)
    gate.require(request.user, Capability.SUBJECT_ACCESS, family.centre_id)
    sar = subject_access.open_requests(centre_id=family.centre_id).filter(family=family).first()
    if sar is None:
        raise Http404(SAR_NO_OPEN_REQUEST)
    produced = subject_access.subject_access_file(user=request.user, request=sar)
    if request.GET.get("format") == "json":
        response = JsonResponse(produced.as_json(), json_dumps_params={"indent": 2})
        response["Content-Disposition"] = f'attachment; filename="subject-access-{sar.pk}.json"'
    else:
        response = render(request, "trail/subject_access_file.html", {
            "file": produced, "sar": sar, "family_reference": family.reference,
        })
    add_never_cache_headers(response)
    return response
