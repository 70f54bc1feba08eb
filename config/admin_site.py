"""The Django admin, for system administrators only.

Only active superusers reach it (a staff flag alone is not enough), and it holds no person
data: nothing from ``families`` and no consent record is registered, and django-auditlog's
change log (which copies people's names and notes) is taken off it (``config.apps``). The
admin has no practitioner role, so even a superuser sees nothing about families in the
product itself (POLICY.md, ¶23).
"""
from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest


class SuperuserAuthenticationForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": (
            "Enter the username and password of a system administrator account. "
            "Both fields may be case-sensitive."
        ),
    }

    def confirm_login_allowed(self, user) -> None:
        AuthenticationForm.confirm_login_allowed(self, user)  # active accounts only
        if not user.is_superuser:
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class SuperuserAdminSite(admin.AdminSite):
    site_header = "Sure Start case records: administration"
    site_title = "Sure Start administration"
    index_title = "Centres, partner agencies, staff and purposes"
    login_form = SuperuserAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        # Two factors as everywhere else (accounts.middleware); checked here too, so the admin never
        # depends on the middleware alone.
        verified = not settings.TWO_FACTOR_REQUIRED or user.is_verified()
        return bool(user.is_active and user.is_superuser and verified)
