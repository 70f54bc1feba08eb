"""Admin for consent: only the local list of purposes. Consent records name people: not here."""
from __future__ import annotations

from django import forms
from django.contrib import admin

from centres.vocabulary import JobRole
from consent.models import Purpose


class PurposeAdminForm(forms.ModelForm):
    """Who may assert the purpose, chosen from the job roles (POLICY.md: a purpose is asserted)."""

    roles = forms.MultipleChoiceField(
        choices=JobRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The job roles that may act for this purpose. No role: nobody may assert it.",
    )

    class Meta:
        model = Purpose
        fields = ("name", "slug", "description", "roles", "for_named_records")


@admin.register(Purpose)
class PurposeAdmin(admin.ModelAdmin):
    """Administrators may add local purposes and say who may act for each (issue 9); the slugs the
    policy relies on never change."""

    form = PurposeAdminForm
    list_display = ("name", "slug", "for_named_records")
    prepopulated_fields = {"slug": ("name",)}

    def get_readonly_fields(self, request, obj=None):
        return ("slug",) if obj is not None else ()

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else self.prepopulated_fields

    def has_delete_permission(self, request, obj=None) -> bool:
        # Consents and the disclosure log refer to purposes; a purpose is never taken back.
        return False
