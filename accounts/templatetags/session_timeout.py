"""The timeout warning dialog, put on every signed-in page by ``templates/base.html``."""
from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("accounts/includes/timeout_warning.html", takes_context=True)
def session_timeout_warning(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "show": bool(user and user.is_authenticated),
        "idle_seconds": settings.SESSION_IDLE_TIMEOUT,
        "warning_seconds": settings.SESSION_TIMEOUT_WARNING,
        "warning_minutes": max(1, round(settings.SESSION_TIMEOUT_WARNING / 60)),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
