"""The error pages: 400, 403, 404 and 500, rendered without touching the database.

They are rendered from a plain context, not with the request's context processors: those read
the session, the user and their membership from the database, and an error page must render
when the database is the thing that failed (ASVS 16.5.1). So the header on an error page does
not show who is signed in. The 500 page shows the request's id for the user to quote.
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.template import loader


def _render(request: HttpRequest, template: str, status: int, **context) -> HttpResponse:
    context["request_id"] = getattr(request, "request_id", "")
    return HttpResponse(loader.render_to_string(template, context), status=status)


@login_not_required
def bad_request(request: HttpRequest, exception=None, reason: str = "") -> HttpResponse:
    return _render(request, "400.html", 400, reason=reason)


@login_not_required
def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _render(request, "403.html", 403)


@login_not_required
def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _render(request, "404.html", 404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return _render(request, "500.html", 500)
