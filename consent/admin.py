"""Admin for consent: only the local list of purposes. Consent records name people: not here."""
from __future__ import annotations

from django.contrib import admin

from consent.models import Purpose


@admin.register(Purpose)
class PurposeAdmin(admin.ModelAdmin):
    """Administrators may add local purposes; the slugs the policy relies on never change."""

    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def get_readonly_fields(self, request, obj=None):
        return ("slug",) if obj is not None else ()

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else self.prepopulated_fields

    def has_delete_permission(self, request, obj=None) -> bool:
        # Consents and the disclosure log refer to purposes; a purpose is never taken back.
        return False
