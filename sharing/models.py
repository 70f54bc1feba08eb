"""The disclosure log, overrides (public interest and medical purposes) and their review."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from centres.models import Centre, PartnerAgency
from centres.vocabulary import JobRole
from config.append_only import AppendOnlyModel
from config.fields import EncryptedTextField
from consent.models import Consent, Purpose
from families.models import Family, Person
from intake.models import EarlyNotification
from sharing.vocabulary import (
    Basis,
    CategoryChoice,
    DiscussedWith,
    LegalBasis,
    NotificationBasis,
    OverrideKind,
    ProtocolData,
    ProtocolStatus,
    ReviewerRole,
    ReviewOutcome,
)


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
    # Issue 15: a reveal to an organisation, not to the signed-in viewer — a referral pack sent to a
    # partner agency. ``viewer`` is then the practitioner who sent it. Nullable on purpose: the hash
    # chain leaves NULLs out of a row's content (audit.chain), so rows written before these columns
    # existed keep verifying, and rows without a recipient hash exactly as before.
    recipient_agency = models.ForeignKey(
        PartnerAgency, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The partner agency this was revealed to (a referral); empty when shown to the viewer.",
    )
    referral = models.ForeignKey(
        "Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="disclosures",
        help_text="The referral this reveal was part of.",
    )
    # Tamper evidence (docs/audit.md): set by audit.chain when the row is written.
    chain_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # The manager's trail (issue 10, docs/trail.md): keyset pages by (at, id), newest first,
            # overall, per practitioner, per person and per consent (who saw under it). They replace
            # (subject, -at) and (viewer, -at), which they cover.
            models.Index(fields=["-at", "-id"], name="disclosure_at_id"),
            models.Index(fields=["viewer", "-at", "-id"], name="disclosure_viewer_at_id"),
            models.Index(fields=["subject", "-at", "-id"], name="disclosure_subject_at_id"),
            models.Index(fields=["viewer_centre", "-at", "-id"], name="disclosure_vcentre_at_id"),
            models.Index(fields=["consent", "-at", "-id"], name="disclosure_consent_at_id"),
            # "Not their usual purpose" and refusals are rare: partial indexes keep those filters fast.
            models.Index(
                fields=["-at", "-id"], name="disclosure_asserted_at_id", condition=models.Q(purpose_asserted=True)
            ),
            models.Index(fields=["-at", "-id"], name="disclosure_refused_at_id", condition=models.Q(permitted=False)),
            # Who to tell on a withdrawal (issue 15): the referrals sent under a consent; rare rows.
            models.Index(
                fields=["consent", "referral"], name="disclosure_consent_referral",
                condition=models.Q(referral__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        verb = "saw" if self.permitted else "was refused"
        return f"{self.viewer} {verb} {self.category} of {self.subject} at {self.at:%Y-%m-%d %H:%M}"


class TrailAccess(AppendOnlyModel):
    """Someone opened the trail, exported it or produced a subject access file (who looked at the
    trail, issue 10). Append-only, shown on the trail itself."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    centre = models.ForeignKey(
        Centre, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The centre whose trail it was; empty for the Caldicott Guardian across every centre.",
    )
    page = models.CharField(max_length=40, help_text="Which page, export or file was opened.")
    filters = models.JSONField(default=dict, blank=True, help_text="The filters it was opened with.")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["centre", "-at", "-id"], name="trailaccess_centre_at_id")]

    def __str__(self) -> str:
        return f"{self.viewer} opened {self.page} at {self.at:%Y-%m-%d %H:%M}"


class SubjectAccessRequest(AppendOnlyModel):
    """A request from a person for their own file (UK GDPR Art. 15), for one person or a whole
    family. Never changed: producing and releasing the file are ``SubjectAccessEvent`` rows."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="subject_access_requests")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="subject_access_requests",
        help_text="The person the request is about; empty for the whole family.",
    )
    requested_by = models.CharField(
        max_length=200, help_text="Who made the request, in their relationship to the family."
    )
    received_on = models.DateField(help_text="The day the request was received: the month runs from here.")
    identity_checked = models.BooleanField(help_text="The requester's identity was checked.")
    identity_evidence = models.CharField(max_length=200, blank=True, help_text="How identity was checked.")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"Subject access request {self.pk} for {self.person or self.family}"


class SubjectAccessEvent(AppendOnlyModel):
    """The file was produced, or released to the requester (recorded, issue 10)."""

    class Kind(models.TextChoices):
        PRODUCED = "produced", "File produced"
        RELEASED = "released", "File released to the requester"

    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class Referral(AppendOnlyModel):
    """A family member referred to a partner agency (issue 15): what was asked for, and what the gate
    let go — the pack — decided from the consent naming the agency, for the purpose. Never changed:
    its status is ``ReferralEvent`` rows (sent, accepted, declined). It holds no person data beyond
    references: the pack's contents are read through the gate whenever it is shown."""

    subject = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="+", help_text="The subject's centre, which sent it."
    )
    agency = models.ForeignKey(PartnerAgency, on_delete=models.PROTECT, related_name="referrals")
    purpose = models.ForeignKey(Purpose, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_sent")
    sent_at = models.DateTimeField()
    # Encrypted at rest (config/fields.py): why the family is referred can say something sensitive.
    why = EncryptedTextField(help_text="Why the practitioner is referring, in their words.")
    asked_basic = models.BooleanField(help_text="Basic information was asked to be sent.")
    asked_topics = models.JSONField(default=list, blank=True, help_text="The sensitive topics asked to be sent.")
    sent_basic = models.BooleanField(help_text="Basic information went in the pack.")
    sent_topics = models.JSONField(default=list, blank=True, help_text="The sensitive topics that went in the pack.")
    sent_note_ids = models.JSONField(
        default=list, blank=True, help_text="The notes that went in the pack (notes written later were not sent)."
    )
    left_out = models.JSONField(
        default=list, blank=True, help_text="What was asked for but left out, each with the gate's reason."
    )
    consent = models.ForeignKey(
        Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals",
        help_text="The consent naming the agency that the pack relied on.",
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "-sent_at", "-id"], name="referral_agency_sent"),
            models.Index(fields=["centre", "-sent_at", "-id"], name="referral_centre_sent"),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk} of {self.subject} to {self.agency}"


class ReferralEvent(AppendOnlyModel):
    """A referral's status, as it happened (issue 15): sent, then accepted or declined by the agency."""

    class Kind(models.TextChoices):
        SENT = "sent", "Sent"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = EncryptedTextField(blank=True)  # encrypted at rest (config/fields.py)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Referral {self.referral_id} {self.get_kind_display().lower()} at {self.at:%Y-%m-%d %H:%M}"


class NotificationDisclosure(AppendOnlyModel):
    """One reveal of an early notification (issue 14): before acceptance there is no person to log
    against in ``Disclosure``, so the notification is the subject. Written by ``sharing.intake``
    in the same transaction as the page that showed it."""

    at = models.DateTimeField(db_index=True)
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notification = models.ForeignKey(EarlyNotification, on_delete=models.PROTECT, related_name="disclosures")
    basis = models.CharField(max_length=16, choices=NotificationBasis.choices)
    context = models.CharField(max_length=100, help_text="The page that asked.")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Reveal of early notification {self.notification_id} at {self.at:%Y-%m-%d %H:%M}"


class SharingProtocol(models.Model):
    """An information sharing protocol (¶23): pre-planned, regular sharing with a partner
    organisation — which data, for what purpose, on what legal basis, since when, reviewed when.

    Current state (the manager changes its status and dates; django-auditlog keeps the history).
    **Never** a basis for revealing anything about a person: the gate does not read this table
    (POLICY.md "Groups of people": ISPs never replace case-by-case decisions about individuals).
    Group-figure exports to a partner name the protocol they fall under."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    partner = models.CharField("Partner organisation", max_length=200)
    data_shared = models.CharField("Data shared", max_length=16, choices=ProtocolData.choices)
    categories = models.CharField(
        "Categories of data", max_length=500, help_text="For example: counts by postcode sector, breastfeeding rates."
    )
    purpose = models.CharField(max_length=500, help_text="Why the data is shared.")
    legal_basis = models.CharField(max_length=24, choices=LegalBasis.choices)
    start_date = models.DateField(help_text="When sharing under it began, or begins.")
    review_date = models.DateField(help_text="When it must next be reviewed.")
    status = models.CharField(max_length=16, choices=ProtocolStatus.choices, default=ProtocolStatus.DRAFT)
    document_link = models.URLField("Link to the signed protocol", max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partner", "id"]
        indexes = [models.Index(fields=["centre", "status"], name="protocol_centre_status")]

    def __str__(self) -> str:
        return f"{self.partner} ({self.get_data_shared_display().lower()})"

    def clean(self) -> None:
        if self.start_date and self.review_date and self.review_date <= self.start_date:
            raise ValidationError({"review_date": PROTOCOL_REVIEW_BEFORE_START})

    def past_review(self, today: dt.date) -> bool:
        return self.status in (ProtocolStatus.ACTIVE, ProtocolStatus.SUSPENDED) and self.review_date < today

    @property
    def covers_figures(self) -> bool:
        return self.data_shared in (ProtocolData.FIGURES, ProtocolData.BOTH)


PROTOCOL_REVIEW_BEFORE_START = "The review date must be after the start date"
