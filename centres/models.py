"""Who works where: centres, their reach areas, partner agencies and staff memberships."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q

from centres.vocabulary import JobRole

LOCAL_AUTHORITY = "the local authority"


class Centre(models.Model):
    """A Sure Start children's centre and its multi-agency team."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(unique=True)
    group = models.OneToOneField(
        Group,
        on_delete=models.PROTECT,
        related_name="centre",
        help_text="Everyone working in or from this centre; it holds the reach to its families.",
    )
    # Maternity section of the leaflet: every expectant family is offered "a named children's
    # centre contact"; this is who receives, checks (step 5) and accepts early notifications.
    notification_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The centre's named contact for early notifications from midwives and health visitors.",
    )
    # Issue 13: printed on the consent record the family keeps, so they know whom to contact.
    address = models.TextField(blank=True, default="", db_default="", help_text="The centre's postal address.")
    phone = models.CharField(max_length=30, blank=True, default="", db_default="")
    email = models.EmailField(blank=True, default="", db_default="")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReachArea(models.Model):
    """A postcode sector (e.g. ``NR1 1``) served by a centre."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="reach_areas")
    postcode_sector = models.CharField(
        max_length=8, unique=True, help_text="Outward code and sector digit, e.g. NR1 1."
    )

    class Meta:
        ordering = ["postcode_sector"]

    def __str__(self) -> str:
        return self.postcode_sector


class PartnerAgency(models.Model):
    """An organisation beyond the centre's multi-agency team (an external agency)."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(unique=True)
    group = models.OneToOneField(
        Group,
        on_delete=models.PROTECT,
        related_name="partner_agency",
        help_text="This agency's practitioners; it holds reach only to subjects whose consent names the agency.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "partner agencies"

    def __str__(self) -> str:
        return self.name


class StaffMembership(models.Model):
    """A user's one job: their role, and the centre or agency they work in or for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(max_length=32, choices=JobRole.choices)
    centre = models.ForeignKey(
        Centre, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    agency = models.ForeignKey(
        PartnerAgency, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="membership_in_exactly_one_place",
                # A centre or an agency; neither only for the local authority's Caldicott Guardian
                # (issue 9 item 6), who reaches no family.
                condition=(
                    Q(centre__isnull=False, agency__isnull=True)
                    | Q(centre__isnull=True, agency__isnull=False)
                    | Q(role=JobRole.CALDICOTT_GUARDIAN, centre__isnull=True, agency__isnull=True)
                ),
            ),
            models.CheckConstraint(
                name="external_practitioners_work_for_agencies",
                condition=(
                    Q(role=JobRole.EXTERNAL_PRACTITIONER, agency__isnull=False)
                    | (
                        ~Q(role__in=[JobRole.EXTERNAL_PRACTITIONER, JobRole.CALDICOTT_GUARDIAN])
                        & Q(centre__isnull=False)
                    )
                    | Q(role=JobRole.CALDICOTT_GUARDIAN, centre__isnull=True, agency__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.workplace}"

    @property
    def workplace(self) -> Centre | PartnerAgency | str:
        """Where they work: a centre, an agency, or (the Caldicott Guardian) the local authority."""
        return self.centre or self.agency or LOCAL_AUTHORITY

    @property
    def workplace_group(self) -> Group | None:
        """The group holding the workplace's reach; none for the local authority's roles."""
        place = self.centre or self.agency
        return place.group if place else None


class Service(models.Model):
    """A service that may work with a child (issue 15): a health service, children's social care, a
    charity… Administrators keep the list and flag the services whose involvement is itself
    sensitive information (¶17: children's social care, mental health, sexual health, substance
    misuse)."""

    name = models.CharField(max_length=200, unique=True)
    organisation = models.CharField(max_length=200, blank=True, help_text="Who runs it, e.g. Norfolk County Council.")
    # Blank: not sensitive. Otherwise the sensitive topic of consent that covers knowing the service
    # is involved (families.vocabulary.SensitiveTopic; offered as choices by the admin form, which
    # may name the families layer's words where this model may not).
    sensitive_topic = models.CharField(
        max_length=24,
        blank=True,
        help_text=(
            "Leave blank if anyone who may see a child's basic details may know this service is involved. "
            "Otherwise the sensitive topic a consent must name before the involvement is shown."
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_sensitive(self) -> bool:
        return bool(self.sensitive_topic)
