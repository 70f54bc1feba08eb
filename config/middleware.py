"""Middleware that hardens every response: a request id, no caching, and no NUL bytes.

Kept apart from the apps: none of it knows about people or the sharing policy, and none of it
touches the database (an error page must still render when the database is gone, ASVS 16.5).
"""
from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject, empty

REQUEST_ID_HEADER = "X-Request-ID"
# Set for the duration of one request, read by ``RequestIdLogFilter`` for every log record.
current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("current_request", default=None)

# No C0 control character (bar tab, line feed, carriage return) has a place in an address.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# In form values only NUL is refused: PostgreSQL cannot store it in text (DataError), while the
# other control characters arrive legitimately in text pasted from a word processor into a note.
NUL = "\x00"
BAD_REQUEST_CHARACTERS = (
    "The web address or the form contained a character that cannot be used. Go back, remove it and try again"
)


class RequestIdMiddleware:
    """Give every request a fresh id: in each log record, in ``X-Request-ID`` and on the 500 page.

    The id is made here, never taken from the client, so a user quoting it to the help desk
    points at exactly one request in the logs (ASVS 16.2.1, 16.5.1).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        request.request_id = request_id
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


def _user_id(request: HttpRequest | None) -> str:
    """Who made the request, if that is already known: a log line never reads the database
    (it may be the database that failed), so a user not yet loaded is ``-``."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return "-"
    return str(user.pk) if user.is_authenticated else "anonymous"


class RequestIdLogFilter(logging.Filter):
    """Adds ``request_id`` and ``user_id`` to every log record (``-`` outside a request).

    Django logs a 4xx after the middleware has returned, with the request in the record: it is
    taken from there; anything logged while the request runs takes it from the context.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            request = getattr(record, "request", None) or current_request.get()
            record.request_id = getattr(request, "request_id", None) or "-"
            record.user_id = _user_id(request)
        return True


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response that is not a static file.

    Pages, prints and exports show people; a shared computer's browser or a proxy must keep
    none of them (ASVS 14.3.2). Static files are answered by WhiteNoise before this runs, so
    they keep their long cache lifetimes. The rule is deliberately not "signed-in users only":
    finding out who is signed in would read the session from the database on every response.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


class RejectControlCharactersMiddleware:
    """Answer 400, before any view runs, to hostile characters in the address or a form.

    One place for every form and URL parameter (issue 11: a NUL byte in the search box or in a
    reference reached PostgreSQL, which refuses it with a 500). Nothing is written: no view runs.
    A control character anywhere in the path or the query string, or a NUL in a posted name or
    value, is refused.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._hostile(request):
            from config.errors import bad_request

            return bad_request(request, reason=BAD_REQUEST_CHARACTERS)
        return self.get_response(request)

    @staticmethod
    def _hostile(request: HttpRequest) -> bool:
        if CONTROL_CHARACTERS.search(request.path):
            return True
        for key, values in request.GET.lists():
            if CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values):
                return True
        if request.method == "POST":
            for key, values in request.POST.lists():
                if NUL in key or any(NUL in v for v in values):
                    return True
        return False
