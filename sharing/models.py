"""The disclosure log, overrides (public interest and medical purposes) and their review."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from centres.models import Centre, JobRole, PartnerAgency
from config.append_only import AppendOnlyModel
from config.fields import EncryptedTextField
from consent.models import Consent, Purpose
from families.models import Person


class Basis(models.TextChoices):
    """The only grounds on which something about a person may be revealed (POLICY.md)."""

    HEALTH_DUTY_OF_CARE = "health_duty_of_care", "Health duty of care (¶15)"
    EXPLICIT_CONSENT = "explicit_consent", "Explicit, informed consent (¶15, ¶17)"
    MEDICAL_PURPOSE = "medical_purpose", "Necessary for medical purposes"
    PUBLIC_INTEREST = "public_interest", "Public interest (¶10, ¶16, ¶18)"


class CategoryChoice(models.TextChoices):
    BASIC = "basic", "Basic information"
    SENSITIVE = "sensitive", "Sensitive information"


class OverrideKind(models.TextChoices):
    PUBLIC_INTEREST = "public_interest", "Public interest (break the glass)"
    MEDICAL_PURPOSE = "medical_purpose", "Necessary for medical purposes"


class DiscussedWith(models.TextChoices):
    LINE_MANAGER = "line_manager", "Line manager"
    SAFEGUARDING_LEAD = "safeguarding_lead", "Designated safeguarding lead"
    CALDICOTT_GUARDIAN = "caldicott_guardian", "Caldicott Guardian"


class ReviewOutcome(models.TextChoices):
    JUSTIFIED = "justified", "Justified"
    NOT_JUSTIFIED = "not_justified", "Not justified: follow up with the practitioner"


class Override(AppendOnlyModel):
    """A deliberate, personal, time-limited permission to see a subject without consent.

    Public interest (POLICY.md basis 5, ¶10, ¶16, ¶18) or, for health professionals,
    necessary for medical purposes (basis 4). Every one lands in the manager's review queue.
    """

    kind = models.CharField(max_length=16, choices=OverrideKind.choices)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="overrides")
    subject = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="overrides")
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="overrides",
        help_text="The subject's centre, whose manager reviews this override.",
    )
    categories = models.JSONField(help_text="Which categories it opens: basic and/or sensitive.")
    # Encrypted at rest, never searched (config/fields.py, issue 11): it describes the risk.
    justification = EncryptedTextField(help_text="Why it is necessary, in the practitioner's words.")
    discussed_with = models.CharField(max_length=24, choices=DiscussedWith.choices, blank=True)
    discussed_with_name = models.CharField(max_length=200, blank=True)
    opened_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="override_expires_after_opening", condition=models.Q(expires_at__gt=models.F("opened_at"))
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} override #{self.pk} on {self.subject}"


class OverrideReview(AppendOnlyModel):
    """A manager's outcome for an override; until one exists the override is in the queue."""

    override = models.OneToOneField(Override, on_delete=models.PROTECT, related_name="review")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=16, choices=ReviewOutcome.choices)
    note = EncryptedTextField(blank=True)  # encrypted at rest (config/fields.py, issue 11)

    def __str__(self) -> str:
        return f"Review of override #{self.override_id}: {self.get_outcome_display()}"


class Disclosure(AppendOnlyModel):
    """One row per viewer × subject × category revealed (or refused) by the gate. Append-only."""

    at = models.DateTimeField(db_index=True)
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="disclosures")
    viewer_role = models.CharField(max_length=32, choices=JobRole.choices, blank=True)
    viewer_centre = models.ForeignKey(Centre, null=True, on_delete=models.PROTECT, related_name="+")
    viewer_agency = models.ForeignKey(PartnerAgency, null=True, on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="disclosures")
    category = models.CharField(max_length=16, choices=CategoryChoice.choices)
    purpose = models.ForeignKey(Purpose, on_delete=models.PROTECT, related_name="+")
    permitted = models.BooleanField()
    basis = models.CharField(max_length=24, choices=Basis.choices, blank=True)
    consent = models.ForeignKey(Consent, null=True, on_delete=models.PROTECT, related_name="disclosures")
    override = models.ForeignKey(Override, null=True, on_delete=models.PROTECT, related_name="disclosures")
    reason = models.TextField()
    context = models.CharField(max_length=100, help_text="The page, export or command that asked.")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject", "-at"]), models.Index(fields=["viewer", "-at"])]

    def __str__(self) -> str:
        verb = "saw" if self.permitted else "was refused"
        return f"{self.viewer} {verb} {self.category} of {self.subject} at {self.at:%Y-%m-%d %H:%M}"
