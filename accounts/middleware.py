"""Session limits and the second factor, applied to every request after authentication.

Order (config/settings/base.py): AuthenticationMiddleware, django-otp's OTPMiddleware (which says
whether this session was verified with a code), then ``SessionLimitsMiddleware``, then
``SecondFactorRequiredMiddleware``, then Django's LoginRequiredMiddleware.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from accounts.services import LAST_SEEN, SIGNED_IN_AT, SIGNED_OUT_BECAUSE, session_touch

# What a signed-in user who has not yet given their second factor may still open.
SECOND_FACTOR_PAGES = frozenset({"accounts:second-factor", "accounts:enrol", "logout"})


def _sign_in_url(request: HttpRequest) -> str:
    url = reverse("login")
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return url


class SessionLimitsMiddleware:
    """30 minutes without a request, or 12 hours since signing in, and the session is over (V7.3.1,
    V7.3.2). Both are settings (SESSION_IDLE_TIMEOUT, SESSION_ABSOLUTE_TIMEOUT). Activity renews the
    idle limit; the database row's expiry (SESSION_COOKIE_AGE) follows because the session is saved."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            signed_in_at = request.session.get(SIGNED_IN_AT)
            last_seen = request.session.get(LAST_SEEN)
            because = None
            if signed_in_at is None or now - signed_in_at >= settings.SESSION_ABSOLUTE_TIMEOUT:
                because = "absolute"  # a session without a start time is treated as too old
            elif last_seen is None or now - last_seen >= settings.SESSION_IDLE_TIMEOUT:
                because = "idle"
            if because:
                logout(request)  # flushes the session row; django-axes records the sign-out
                request.session[SIGNED_OUT_BECAUSE] = because
                return HttpResponseRedirect(_sign_in_url(request))
            session_touch(request=request)
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """With TWO_FACTOR_REQUIRED, a password alone opens nothing: until the session is verified with a
    code (django-otp), every page but the second-factor pages and sign-out sends the user to give one,
    or to set up an authenticator app if they have none (V6.3.3). Deny by default: the list of pages
    allowed is the short one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.TWO_FACTOR_REQUIRED and request.user.is_authenticated and not request.user.is_verified():
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = None
            if name not in SECOND_FACTOR_PAGES:
                url = reverse("accounts:second-factor")
                if request.method == "GET":
                    url += "?" + urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(url)
        return self.get_response(request)
