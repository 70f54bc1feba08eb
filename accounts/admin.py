"""Sign-in records in the admin, for administrators, read-only (issue 11).

- django-axes' records: every sign-in and sign-out (``AccessLog``), every failure (``AccessFailureLog``,
  with whether it locked the account) and the failure counts that make a lockout (``AccessAttempt``).
  Deleting an access attempt unlocks that username; ``manage.py axes_reset_username NAME`` does the same.
- Second-factor resets (``SecondFactorReset``): who reset whose authenticator, when and why.
- django-otp's own device admin is taken off: it shows each authenticator's secret key. Resets go
  through ``accounts.services.second_factor_reset`` (the "Reset an authenticator app" page, or
  ``manage.py reset_second_factor``), so they are recorded.
"""
from __future__ import annotations

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecondFactorReset

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    """Failure counts per username. Deleting a row is how an administrator unlocks an account."""

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(AccessLog)
class SignInLogAdmin(_ReadOnly, AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class SignInFailureLogAdmin(_ReadOnly, AccessFailureLogAdmin):
    pass


@admin.register(SecondFactorReset)
class SecondFactorResetAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("reset_at", "user", "reset_by", "reason", "sessions_ended")
    list_filter = ("reset_at",)
    search_fields = ("user__username", "reset_by__username")
    readonly_fields = ("user", "reset_by", "reset_at", "reason", "sessions_ended")
