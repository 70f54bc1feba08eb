"""Every sign-in starts the session clocks (idle and absolute limits, V7.3)."""
from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.services import session_start


@receiver(user_logged_in, dispatch_uid="accounts.session_start")
def _on_sign_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        session_start(request=request)
