"""Casework records about family members (issue 15). Each is history: written once, never changed;
an ending or a completion is a new row (append-only, like consent)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from centres.models import Service
from config.append_only import AppendOnlyModel
from config.fields import EncryptedTextField

USER = settings.AUTH_USER_MODEL


class Involvement(AppendOnlyModel):
    """A practitioner or service working with a person, since a day (¶23: who else is working with
    this child). In-centre (``practitioner``) or external (name and organisation). The involvement of
    a service flagged sensitive is sensitive information itself (¶17), decided by the gate."""

    subject = models.ForeignKey("families.Person", on_delete=models.PROTECT, related_name="involvements")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, null=True, blank=True, related_name="involvements")
    practitioner = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="An in-centre practitioner; blank for someone outside the centre.",
    )
    name = models.CharField(max_length=200, blank=True, help_text="The practitioner's name, if outside the centre.")
    role = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    contact = models.CharField(max_length=300, blank=True, help_text="How to contact them: phone or email.")
    since = models.DateField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["since", "id"]

    def __str__(self) -> str:
        return f"Involvement {self.pk} with {self.subject_id}"


class InvolvementEnd(AppendOnlyModel):
    """An involvement ended: who recorded it, and from when."""

    involvement = models.OneToOneField(Involvement, on_delete=models.PROTECT, related_name="end")
    ended_on = models.DateField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)


class LeadProfessional(AppendOnlyModel):
    """Who coordinates the family's support from ``set_at``: the newest row per family is the lead
    professional now (one at a time); the rows before it are who it was, and who changed it."""

    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="lead_professionals")
    practitioner = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=200, blank=True, help_text="A named external lead professional.")
    role = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    contact = models.CharField(max_length=300, blank=True)
    set_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["family", "-set_at", "-id"], name="lead_family_newest"),
            models.Index(fields=["practitioner", "-set_at"], name="lead_practitioner"),
        ]
        constraints = [
            models.CheckConstraint(
                name="lead_is_someone",
                condition=models.Q(practitioner__isnull=False) | ~models.Q(name=""),
            )
        ]


# The CAF's three domains (field prefixes and their titles), each with strengths, needs and the family's view.
DOMAINS = (
    ("development", "The child's development"),
    ("parenting", "Parents and carers"),
    ("environment", "Family and environment"),
)


class Assessment(AppendOnlyModel):
    """A common assessment (CAF / early help assessment) of a child's or unborn baby's needs, in the
    CAF's three domains. Voluntary: started only with explicit, informed consent to the assessment
    (``sharing.policy.assessment_start``). Sensitive information, topic "Assessment (CAF)" (¶17)."""

    subject = models.ForeignKey("families.Person", on_delete=models.PROTECT, related_name="assessments")
    started_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    consent_id = models.BigIntegerField(help_text="The consent to the assessment it was started under.")
    # The child's development; parents and carers; family and environment — each with strengths,
    # needs and the family's own view. Encrypted at rest (config/fields.py).
    development_strengths = EncryptedTextField(blank=True)
    development_needs = EncryptedTextField(blank=True)
    development_views = EncryptedTextField(blank=True)
    parenting_strengths = EncryptedTextField(blank=True)
    parenting_needs = EncryptedTextField(blank=True)
    parenting_views = EncryptedTextField(blank=True)
    environment_strengths = EncryptedTextField(blank=True)
    environment_needs = EncryptedTextField(blank=True)
    environment_views = EncryptedTextField(blank=True)
    summary = EncryptedTextField()
    agreed_actions = EncryptedTextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"Assessment {self.pk} of {self.subject_id}"


class Meeting(AppendOnlyModel):
    """A team-around-the-family meeting about a child's plan: who came, what was agreed. Sensitive
    information, decided like the assessment (topic "Assessment (CAF)")."""

    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="meetings")
    subject = models.ForeignKey(
        "families.Person", on_delete=models.PROTECT, related_name="meetings",
        help_text="The child whose plan the meeting is about.",
    )
    held_on = models.DateField()
    practitioners = models.ManyToManyField(USER, related_name="+", blank=True)
    family_present = models.ManyToManyField("families.Person", related_name="+", blank=True)
    others_present = EncryptedTextField(blank=True, help_text="Anyone else who attended, e.g. from other services.")
    agreed = EncryptedTextField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]


class MeetingAction(AppendOnlyModel):
    """An action agreed at a meeting, with an owner and a due date. Open until a completion row."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    what = EncryptedTextField()
    due_on = models.DateField()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "due_on"], name="action_owner_due")]


class MeetingActionDone(AppendOnlyModel):
    """An action marked done: by whom and when."""

    action = models.OneToOneField(MeetingAction, on_delete=models.PROTECT, related_name="done")
    done_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(auto_now_add=True)
