"""Admin for sharing: the disclosure log and overrides, read-only, by reference only.

No names, no justification text, no reasons: a system administrator can see that the log is
being written, not what it says about anyone. Managers review overrides in the product.
"""
from __future__ import annotations

from django.contrib import admin

from config.admin_site import SafeChangeListMixin
from sharing.models import Disclosure, Override


class _ReadOnlyAdmin(SafeChangeListMixin, admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_fields(self, request, obj=None):
        return self.list_display

    def get_readonly_fields(self, request, obj=None):
        return self.list_display


@admin.register(Disclosure)
class DisclosureAdmin(_ReadOnlyAdmin):
    # ``subject`` shows as its reference (Person.__str__ is the reference, never a name).
    list_display = ("at", "viewer", "viewer_role", "subject", "category", "purpose", "permitted", "basis", "context")
    list_filter = ("permitted", "category", "basis", "viewer_role")
    list_select_related = ("viewer", "subject", "purpose")
    date_hierarchy = "at"
    show_full_result_count = False


@admin.register(Override)
class OverrideAdmin(_ReadOnlyAdmin):
    list_display = (
        "id", "kind", "subject", "centre", "opened_by", "categories", "opened_at", "expires_at", "needs_approval",
        "review_by",
    )
    list_filter = ("kind", "centre", "review_by")
    list_select_related = ("subject", "centre", "opened_by")
