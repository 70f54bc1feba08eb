"""Admin for who works where. Reach follows these records, so writes go through the services.

A centre's or agency's group holds its reach (django-guardian); a user's groups follow their
staff membership (``centres.services.staff_membership_set``). So groups are not edited by
hand here, and a user's groups and permissions are not on the user form.
"""
from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Q

from centres import services
from centres.models import Centre, PartnerAgency, ReachArea, Service, StaffMembership
from config.params import ROW_ID
from families.vocabulary import SensitiveTopic

User = get_user_model()


class ReachAreaInline(admin.TabularInline):
    model = ReachArea
    extra = 1


GROUP_TAKEN = "Another centre or agency has used this short name. Choose a different one"


class _GroupOwnerForm(forms.ModelForm):
    group_prefix = ""

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        # The group is named from the slug, as centres.services does. A group another centre or
        # agency holds (its slug since changed) must not be handed over: that would be a 500
        # on the unique group (issue 11), and worse, a share of its reach if it were not.
        taken = Q(centre__isnull=False) | Q(partner_agency__isnull=False)
        if self.instance._state.adding and Group.objects.filter(taken, name=f"{self.group_prefix}:{slug}").exists():
            raise forms.ValidationError(GROUP_TAKEN)
        return slug

    def clean_notification_contact(self):
        # Only on centres: their named contact for early notifications must work there.
        user = self.cleaned_data.get("notification_contact")
        if user is not None and (
            self.instance._state.adding
            or not StaffMembership.objects.filter(user=user, centre=self.instance).exists()
        ):
            raise forms.ValidationError(services.NOTIFICATION_CONTACT_ELSEWHERE)
        return user


class _GroupOwnerAdmin(admin.ModelAdmin):
    """Centres and agencies: their group is made for them and never deleted from here."""

    group_prefix = ""
    list_display = ("name", "slug")
    readonly_fields = ("group",)
    prepopulated_fields = {"slug": ("name",)}

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = type("GroupOwnerForm", (_GroupOwnerForm,), {"group_prefix": self.group_prefix})
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.group, _ = Group.objects.get_or_create(name=f"{self.group_prefix}:{obj.slug}")
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Families, staff and consents point at these; reach would be left dangling.
        return False


@admin.register(Centre)
class CentreAdmin(_GroupOwnerAdmin):
    group_prefix = "centre"
    inlines = [ReachAreaInline]


@admin.register(ReachArea)
class ReachAreaAdmin(admin.ModelAdmin):
    list_display = ("postcode_sector", "centre")
    list_filter = ("centre",)


@admin.register(PartnerAgency)
class PartnerAgencyAdmin(_GroupOwnerAdmin):
    group_prefix = "agency"


class ServiceForm(forms.ModelForm):
    # Issue 15: the flag is a sensitive topic, so consent decides the involvement topic by topic (¶17).
    sensitive_topic = forms.ChoiceField(
        label="Sensitive?",
        required=False,
        choices=[("", "Not sensitive")] + list(SensitiveTopic.choices),
        help_text=Service._meta.get_field("sensitive_topic").help_text,
    )

    class Meta:
        model = Service
        fields = ("name", "organisation", "sensitive_topic")


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    form = ServiceForm
    list_display = ("name", "organisation", "sensitive_topic")
    search_fields = ("name",)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Involvements point at services; the history of who worked with a child stays whole.
        return False


class StaffMembershipForm(forms.ModelForm):
    class Meta:
        model = StaffMembership
        fields = ("user", "role", "centre", "agency")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The admin's autocomplete widget looks the posted user up by id to draw the form
        # again, and an id that is not a number was a 500 there (issue 11): drop it, so the form
        # comes back asking for the user.
        if self.is_bound and hasattr(self.data, "getlist"):
            users = self.data.getlist("user")
            if any(not ROW_ID.fullmatch(str(value)) for value in users):
                self.data = self.data.copy()
                self.data.setlist("user", [v for v in users if ROW_ID.fullmatch(str(v))])

    def clean(self):
        data = super().clean()
        user = data.get("user") or getattr(self.instance, "user", None)
        if user is not None and user.is_superuser:
            raise forms.ValidationError(services.SUPERUSER_HAS_NO_ROLE)
        return data


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    form = StaffMembershipForm
    list_display = ("user", "role", "centre", "agency")
    list_filter = ("role", "centre", "agency")
    search_fields = ("user__username",)
    autocomplete_fields = ("user",)

    def get_readonly_fields(self, request, obj=None):
        return ("user",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        # Moving someone moves their reach: the old workplace's group goes, the new one comes.
        saved = services.staff_membership_set(user=obj.user, role=obj.role, centre=obj.centre, agency=obj.agency)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.staff_membership_end(user=obj.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user"):
            services.staff_membership_end(user=membership.user)


# Staff accounts. Groups follow the staff membership, so they are not edited on the user.
admin.site.unregister(User)
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    list_display = ("username", "first_name", "last_name", "is_active", "is_superuser")
    list_filter = ("is_active", "is_superuser")
    filter_horizontal = ()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # Deactivated: signed out everywhere at once, not at the next sign-in.
            services.user_sessions_end(user=obj)
