"""The register of information sharing protocols (¶23), kept by the centre's manager. Thin: the
gate says who may keep it, ``services.protocol_save`` writes it."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from sharing import gate, services
from sharing.models import SharingProtocol
from sharing.protocol_forms import ProtocolForm
from sharing.vocabulary import Capability

PROTOCOL_SAVED = "Protocol with {partner} saved"
NO_SUCH_PROTOCOL = "There is no such protocol in your centre's register"


@require_safe
def protocol_list(request: HttpRequest) -> HttpResponse:
    viewer = gate.require(request.user, Capability.MANAGE_PROTOCOLS)
    today = timezone.localdate()
    protocols = list(SharingProtocol.objects.filter(centre_id=viewer.centre_id))
    rows = [{"protocol": p, "past_review": p.past_review(today)} for p in protocols]
    return render(request, "protocols/list.html", {
        "rows": rows, "past_review": sum(r["past_review"] for r in rows),
    })


def _save(request: HttpRequest, protocol: SharingProtocol | None) -> HttpResponse:
    viewer = gate.require(request.user, Capability.MANAGE_PROTOCOLS)
    initial = {name: getattr(protocol, name) for name in services.PROTOCOL_FIELDS} if protocol else None
    form = ProtocolForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.protocol_save(viewer=viewer, recorded_by=request.user, protocol=protocol,
                                           **form.cleaned_data)
        except ValidationError as error:
            for name, errors in getattr(error, "error_dict", {None: error.messages}).items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, PROTOCOL_SAVED.format(partner=saved.partner))
            return redirect("sharing:protocols")
    return render(request, "protocols/form.html", {"form": form, "protocol": protocol})


@require_http_methods(["GET", "POST"])
def protocol_new(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@require_http_methods(["GET", "POST"])
def protocol_edit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = gate.require(request.user, Capability.MANAGE_PROTOCOLS)
    protocol = SharingProtocol.objects.filter(pk=pk, centre_id=viewer.centre_id).first()
    if protocol is None:
        raise Http404(NO_SUCH_PROTOCOL)  # another centre's register is not this manager's to see
    return _save(request, protocol)
