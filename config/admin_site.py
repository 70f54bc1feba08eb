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
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
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


class SafeChangeList(ChangeList):
    """A change list whose date hierarchy refuses an impossible year instead of failing.

    Django catches an impossible date in ``?at__year=`` but not the step to the next year or
    month (``?at__year=9999`` → year 10000) nor a year of 2**63 (``OverflowError``): both were
    500s (issue 11). Django's own answer to a bad filter is a redirect to ``?e=1``.
    """

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class SafeChangeListMixin:
    """For every ``ModelAdmin`` with a ``date_hierarchy``."""

    def get_changelist(self, request, **kwargs):
        return SafeChangeList
