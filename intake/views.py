"""Early notification and new-birth pages. Thin: the gate decides and reveals, a service writes."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from centres.models import Centre
from intake import services
from intake.forms import BirthImportForm, NotificationDecisionForm, NotificationForm
from intake.models import BirthImport
from intake.vocabulary import NotificationState
from sharing import gate
from sharing.vocabulary import Capability


@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    """The named contact's incoming notifications and the sender's own; anyone else sees none."""
    lists = gate.notification_lists(request.user)
    return render(request, "intake/notification_list.html", {"lists": lists, "pending": NotificationState.PENDING})


@require_http_methods(["GET", "POST"])
def notification_new(request: HttpRequest) -> HttpResponse:
    viewer = gate.require(request.user, Capability.SEND_NOTIFICATION)
    centres = list(Centre.objects.order_by("name"))
    data = request.POST if request.method == "POST" else None  # an empty POST is shown its errors
    form = NotificationForm(data, centres=centres, initial={"centre": str(viewer.centre_id)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            notification = services.notification_send(
                sent_by=request.user,
                centre=form.chosen_centre,
                parent=form.parent,
                partner=form.partner,
                due_date=d["due_date"],
                address_line_1=d["address_line_1"],
                address_line_2=d["address_line_2"],
                town=d["town"],
                postcode=d["postcode"],
                consent_given=d["consent_given"] == "yes",
                consent_given_on=d["consent_given_on"],
                signed_by=d["signed_by"],
                informed={point: point in d["informed"] for point in d["informed"]},
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Notification {notification.reference} sent to {notification.centre.name}.")
            return redirect("intake:notification", pk=notification.pk)
    return render(request, "intake/notification_new.html", {"form": form})


@require_http_methods(["GET", "POST"])
def notification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The notification (its sender and the named contact only: 404 otherwise) and, for the named
    contact while it waits, the decision (step 5)."""
    notification = gate.notification_for(request.user, pk)
    may_decide = gate.allowed(request.user, Capability.DECIDE_NOTIFICATIONS, notification.centre_id)
    form = None
    if notification.state == NotificationState.PENDING and may_decide:
        form = NotificationDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form is None:
            gate.require(request.user, Capability.DECIDE_NOTIFICATIONS, notification.centre_id)
            raise Http404(gate.NOT_FOUND)  # the named contact, but already decided: nothing to post to
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "accept":
                    decision = services.notification_accept(notification=notification, decided_by=request.user)
                else:
                    decision = services.notification_decline(
                        notification=notification, decided_by=request.user,
                        reason=form.cleaned_data["reason"], reason_detail=form.cleaned_data["reason_detail"],
                    )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                if decision.outcome == NotificationState.ACCEPTED:
                    messages.success(request, f"Notification accepted: family {decision.family.reference} registered.")
                    return redirect("families:detail", reference=decision.family.reference)
                if decision.outcome == NotificationState.REFUSED:
                    messages.error(request, services.NOTIFICATION_NOT_INFORMED)
                else:
                    messages.success(request, "Notification declined. The family's details have been removed.")
                return redirect("intake:notification", pk=notification.pk)
    context = {"notification": notification, "form": form, "pending": NotificationState.PENDING}
    return render(request, "intake/notification_detail.html", context)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
def births_import(request: HttpRequest) -> HttpResponse:
    gate.require(request.user, Capability.IMPORT_BIRTHS)
    posted = request.method == "POST"
    form = BirthImportForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = services.births_import(
            uploaded_by=request.user, file_name=upload.name, data=upload.read(), mode=form.cleaned_data["mode"]
        )
        if isinstance(result, str):
            form.add_error("file", result)  # the whole file refused: nothing written
        else:
            return redirect("intake:births-report", pk=result.pk)
    return render(request, "intake/births_import.html", {"form": form})


@require_safe
def births_report(request: HttpRequest, pk: int) -> HttpResponse:
    """What came of an upload: counts, and each refused row's line and reason (no person data)."""
    gate.require(request.user, Capability.IMPORT_BIRTHS)
    record = BirthImport.objects.filter(pk=pk, uploaded_by=request.user).first()
    if record is None:
        raise Http404(gate.NOT_FOUND)
    return render(request, "intake/births_report.html", {"record": record})
