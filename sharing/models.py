"""The disclosure log, overrides (public interest and medical purposes) and their review."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from centres.models import Centre, PartnerAgency
from centres.vocabulary import JobRole
from config.append_only import AppendOnlyModel
from config.fields import EncryptedTextField
from consent.models import Consent, Purpose
from families.models import Person
from sharing.vocabulary import Basis, CategoryChoice, DiscussedWith, OverrideKind, ReviewerRole, ReviewOutcome


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
    # Issue 9 item 6: beyond the per-user limit of open overrides a new one waits for the
    # reviewer's approval (an ``OverrideApproval`` row) before it opens.
    needs_approval = models.BooleanField(
        default=False, help_text="Opened beyond the limit: it opens only once its reviewer approves it."
    )
    review_by = models.CharField(
        max_length=32,
        choices=ReviewerRole.choices,
        default=ReviewerRole.CENTRE_MANAGER,
        help_text="Who reviews it, decided at opening: the centre's manager, or for a manager's own "
        "override the Caldicott Guardian.",
    )

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


class OverrideApproval(AppendOnlyModel):
    """The reviewer's approval of an override opened beyond the limit: from now it opens (issue 9 item 6)."""

    override = models.OneToOneField(Override, on_delete=models.PROTECT, related_name="approval")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField()
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Approval of override #{self.override_id}"


class OverrideEnd(AppendOnlyModel):
    """An override ended early, by its opener or its reviewer: expired from ``ended_at`` (issue 9 item 10)."""

    override = models.OneToOneField(Override, on_delete=models.PROTECT, related_name="end")
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField()
    reason = models.TextField(help_text="Why it was ended.")

    def __str__(self) -> str:
        return f"End of override #{self.override_id} at {self.ended_at:%Y-%m-%d %H:%M}"


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
    purpose_asserted = models.BooleanField(
        default=False, help_text="The viewer asserted a purpose other than their role's usual one."
    )
    permitted = models.BooleanField()
    basis = models.CharField(max_length=24, choices=Basis.choices, blank=True)
    consent = models.ForeignKey(Consent, null=True, on_delete=models.PROTECT, related_name="disclosures")
    override = models.ForeignKey(Override, null=True, on_delete=models.PROTECT, related_name="disclosures")
    reason = models.TextField()
    context = models.CharField(max_length=100, help_text="The page, export or command that asked.")
    # Tamper evidence (docs/audit.md): set by audit.chain when the row is written.
    chain_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject", "-at"]), models.Index(fields=["viewer", "-at"])]

    def __str__(self) -> str:
        verb = "saw" if self.permitted else "was refused"
        return f"{self.viewer} {verb} {self.category} of {self.subject} at {self.at:%Y-%m-%d %H:%M}"
