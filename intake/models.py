"""Early notifications from midwives and health visitors, and files of new-birth data from the trust."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from centres.models import Centre
from config.append_only import AppendOnlyModel
from consent.models import Consent
from consent.vocabulary import INFORMED_POINTS
from families.models import Family, Person
from intake.vocabulary import BirthOutcome, DeclineReason, ImportMode, ImportOutcome, NotificationState, SignedBy

# Everything on a notification that is about a person: erased when it is declined or refused.
PERSONAL_FIELDS = (
    "parent_first_name",
    "parent_last_name",
    "parent_date_of_birth",
    "partner_first_name",
    "partner_last_name",
    "partner_date_of_birth",
    "due_date",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
)


class EarlyNotification(models.Model):
    """A midwife's or health visitor's notice to a centre about an expectant family (maternity
    section, steps 1–5): who, when the baby is due, where, and the consent given to pass it on.

    Person data from the moment it is sent: revealed only to its sender and the centre's named
    contact, each time recorded (``sharing.intake``). Current state, not history — it is decided
    once (``NotificationDecision``, append-only), and a declined or refused one is emptied of
    everything about the family (``PERSONAL_FIELDS``).
    """

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="early_notifications")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    parent_first_name = models.CharField(max_length=100, blank=True)
    parent_last_name = models.CharField(max_length=100, blank=True)
    parent_date_of_birth = models.DateField(null=True, blank=True)
    partner_first_name = models.CharField(max_length=100, blank=True)
    partner_last_name = models.CharField(max_length=100, blank=True)
    partner_date_of_birth = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    consent_given = models.BooleanField(
        help_text="Step 2: the family gave explicit consent to pass their details to the centre."
    )
    consent_given_on = models.DateField(null=True, blank=True)
    signed_by = models.CharField(max_length=24, choices=SignedBy.choices, help_text="Step 3: who signed.")
    explained_why = models.BooleanField(default=False)
    explained_what = models.BooleanField(default=False)
    explained_who = models.BooleanField(default=False)
    explained_purpose = models.BooleanField(default=False)
    explained_implications = models.BooleanField(default=False)
    explained_subject_access = models.BooleanField(default=False)
    state = models.CharField(max_length=16, choices=NotificationState.choices, default=NotificationState.PENDING)
    family = models.ForeignKey(Family, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["centre", "state"]), models.Index(fields=["sent_by", "state"])]

    def __str__(self) -> str:
        # A number, never a name: str() lands in logs and the change log.
        return f"Early notification {self.pk}"

    @property
    def reference(self) -> str:
        return f"EN{self.pk}"

    @property
    def is_informed(self) -> bool:
        """Step 5: explicit consent given, every point of the informed checklist explained."""
        return self.consent_given and all(getattr(self, point) for point in INFORMED_POINTS)


class NotificationDecision(AppendOnlyModel):
    """The centre's one decision on a notification: accepted, declined (and why) or refused (step 5)."""

    notification = models.OneToOneField(EarlyNotification, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=16, choices=NotificationState.choices)
    reason = models.CharField(max_length=24, choices=DeclineReason.choices, blank=True)
    reason_detail = models.CharField(max_length=300, blank=True, help_text="Why, in a few words (no names).")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    family = models.ForeignKey(Family, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    consent = models.ForeignKey(Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    matched_existing = models.BooleanField(
        default=False, help_text="The family was already registered: the expected baby was added to it."
    )

    def __str__(self) -> str:
        return f"Decision on early notification {self.notification_id}: {self.outcome}"


class BirthImport(AppendOnlyModel):
    """One upload of a new-birth file from the health trust (¶15: new birth data shared with the
    family's local centre on a systematic basis), with what came of every row. Written once."""

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    file_name = models.CharField(max_length=200)
    file_sha256 = models.CharField(max_length=64, help_text="Fingerprint of the file's bytes.")
    mode = models.CharField(max_length=16, choices=ImportMode.choices)
    outcome = models.CharField(max_length=16, choices=ImportOutcome.choices)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0, help_text="Rows that registered a new family or baby.")
    already_imported = models.PositiveIntegerField(default=0, help_text="Rows skipped: imported before.")
    objected = models.PositiveIntegerField(default=0, help_text="Rows of families who objected.")
    file_error = models.CharField(max_length=300, blank=True, help_text="Why the whole file was refused.")
    # Line numbers and reasons only — never a value from the file, so no person data is kept here.
    row_errors = models.JSONField(default=list, blank=True)
    row_error_count = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"Birth import {self.pk} ({self.outcome})"


class BirthRecord(AppendOnlyModel):
    """One row of the trust's data, once: the stable key that makes uploading a file again add
    nothing (``trust_record_id``), and what came of it."""

    birth_import = models.ForeignKey(BirthImport, on_delete=models.PROTECT, related_name="records")
    trust_record_id = models.CharField(max_length=40, unique=True)
    outcome = models.CharField(max_length=24, choices=BirthOutcome.choices)
    child = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Birth record {self.trust_record_id}"
