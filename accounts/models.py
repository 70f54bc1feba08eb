"""What this app records itself. Sign-ins, failures, lockouts and sign-outs are django-axes' rows
(``AccessLog``, ``AccessFailureLog``, ``AccessAttempt``); the devices are django-otp's."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from config.append_only import AppendOnlyModel


class SecondFactorReset(AppendOnlyModel):
    """Someone's authenticator app and backup codes were removed, so they set up a new one at their
    next sign-in. Written with the reset, never changed (who did it, for whom, when and why)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="second_factor_resets",
        help_text="The member of staff who must set up an authenticator app again.",
    )
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The centre manager or administrator who reset it; empty when reset from the command line.",
    )
    reset_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=500, help_text="Why it was reset, for example a lost phone.")
    sessions_ended = models.PositiveIntegerField(default=0, help_text="How many of their sessions were ended.")

    class Meta:
        ordering = ["-reset_at"]

    def __str__(self) -> str:
        return f"{self.user} reset by {self.reset_by or 'command line'} at {self.reset_at:%Y-%m-%d %H:%M}"
