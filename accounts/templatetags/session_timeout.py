"""The timeout warning dialog, put on every signed-in page by ``templates/base.html``."""
from __future__ import annotations

from django import template
from django.conf import settings
from django.db import DatabaseError

register = template.Library()


@register.inclusion_tag("accounts/includes/timeout_warning.html", takes_context=True)
def session_timeout_warning(context) -> dict:
    request = context.get("request")
    try:
        user = getattr(request, "user", None)
        show = bool(user and user.is_authenticated)
    except DatabaseError:
        show = False  # an error page while the database is down: no warning rather than a second failure
    return {
        "show": show,
        "idle_seconds": settings.SESSION_IDLE_TIMEOUT,
        "warning_seconds": settings.SESSION_TIMEOUT_WARNING,
        "warning_minutes": max(1, round(settings.SESSION_TIMEOUT_WARNING / 60)),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def signed_in_fully(user) -> bool:
    """Signed in with every factor required: the menu and header are for such sessions only, not for
    someone who has given a password and not yet a code."""
    if not getattr(user, "is_authenticated", False):
        return False
    return not settings.TWO_FACTOR_REQUIRED or user.is_verified()
