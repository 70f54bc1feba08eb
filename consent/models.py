"""Consent and everything that qualifies it (POLICY.md basis 1–3).

Nothing here is edited in place or deleted: a new version of a consent is a new row that
``supersedes`` the old; a withdrawal is a row of its own. The history is always whole.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from centres.models import PartnerAgency
from config.append_only import AppendOnlyModel
from config.fields import EncryptedTextField
from consent.vocabulary import (
    INFORMED_POINTS,
    CapacityAssessmentKind,
    CapacityOutcome,
    ConsentDecision,
    ConsentKind,
    ConsentMethod,
    ObjectionWithdrawalMethod,
    PurposeSlug,
)
from families.models import Family, Person, SensitiveTopic


class Purpose(models.Model):
    """A purpose information may be used for. Administrators may add local ones."""

    HEALTHCARE = PurposeSlug.HEALTHCARE
    CENTRE_SERVICES = PurposeSlug.CENTRE_SERVICES
    MONITORING_EVALUATION = PurposeSlug.MONITORING_EVALUATION

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    roles = models.JSONField(
        default=list,
        blank=True,
        help_text="The job roles that may act for this purpose (POLICY.md: a purpose is asserted, not chosen).",
    )
    for_named_records = models.BooleanField(
        default=True,
        help_text="Whether this purpose may justify opening a named person's record, or is for group figures only.",
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class CapacityAssessment(AppendOnlyModel):
    """¶16: a Fraser/Gillick or Mental Capacity Act assessment of someone who would consent."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="capacity_assessments")
    kind = models.CharField(max_length=24, choices=CapacityAssessmentKind.choices)
    assessed_by = models.CharField(max_length=200, help_text="Name and role of the assessor.")
    assessed_on = models.DateField()
    outcome = models.CharField(max_length=16, choices=CapacityOutcome.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.person} on {self.assessed_on}"


class Consent(AppendOnlyModel):
    """One version of a person's decision about sharing: given or refused, explicit or implied.

    It covers ``subjects`` (the consenter and/or children they hold parental responsibility
    for), named categories (basic, and each sensitive topic), a scope of recipients (the
    in-centre team and/or named agencies) and named purposes.
    """

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="consents")
    given_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents_given")
    subjects = models.ManyToManyField(Person, related_name="consents")
    kind = models.CharField(max_length=8, choices=ConsentKind.choices, default=ConsentKind.EXPLICIT)
    decision = models.CharField(max_length=8, choices=ConsentDecision.choices)
    covers_basic = models.BooleanField(
        "Basic information", default=False, help_text="Name, address, postcode, date of birth (¶15)."
    )
    sensitive_topics = models.JSONField(
        default=list, blank=True, help_text="The sensitive topics covered (¶17)."
    )
    in_centre_team = models.BooleanField(
        "The centre's multi-agency team",
        default=False,
        help_text="Everyone working in or from the family's children's centre.",
    )
    agencies = models.ManyToManyField(PartnerAgency, blank=True, related_name="consents")
    purposes = models.ManyToManyField(Purpose, related_name="consents")
    method = models.CharField(max_length=8, choices=ConsentMethod.choices, blank=True)
    given_on = models.DateField(help_text="When the decision was made.")
    review_on = models.DateField(null=True, blank=True, help_text="When to revisit it.")
    capacity_in_doubt = models.BooleanField(
        default=False, help_text="Capacity to consent is in doubt (¶16)."
    )
    capacity_assessment = models.ForeignKey(
        CapacityAssessment, null=True, blank=True, on_delete=models.PROTECT, related_name="consents"
    )
    explained_why = models.BooleanField(default=False)
    explained_what = models.BooleanField(default=False)
    explained_who = models.BooleanField(default=False)
    explained_purpose = models.BooleanField(default=False)
    explained_implications = models.BooleanField(default=False)
    explained_subject_access = models.BooleanField(default=False)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_decision_display().lower()} by {self.given_by} on {self.given_on}"

    @property
    def is_informed(self) -> bool:
        return all(getattr(self, name) for name in INFORMED_POINTS)

    @property
    def sensitive_topic_labels(self) -> list[str]:
        return [SensitiveTopic(t).label for t in self.sensitive_topics if t in SensitiveTopic.values]

    def is_due_for_review(self, day: dt.date) -> bool:
        return self.review_on is not None and self.review_on <= day


class ConsentWithdrawal(AppendOnlyModel):
    """Withdrawal of a consent: effective from ``withdrawn_at``, never undone or deleted."""

    consent = models.OneToOneField(Consent, on_delete=models.PROTECT, related_name="withdrawal")
    withdrawn_at = models.DateTimeField()
    reason = EncryptedTextField(blank=True)  # encrypted at rest (config/fields.py, issue 11)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Withdrawal of consent {self.consent_id} at {self.withdrawn_at:%Y-%m-%d %H:%M}"


class Objection(AppendOnlyModel):
    """¶15: an objection to health professionals seeing basic information without consent."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="objections")
    made_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="objections_made")
    subjects = models.ManyToManyField(Person, related_name="objections")
    made_at = models.DateTimeField()
    reason = EncryptedTextField(blank=True)  # encrypted at rest (config/fields.py, issue 11)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_at", "-id"]

    def __str__(self) -> str:
        return f"Objection by {self.made_by} on {self.made_at:%Y-%m-%d}"


class ObjectionWithdrawal(AppendOnlyModel):
    """The family lifted an objection (issue 9 item 5): from ``withdrawn_at`` it no longer stops the
    health duty of care (¶15). A row of its own — the objection itself is never edited."""

    objection = models.OneToOneField(Objection, on_delete=models.PROTECT, related_name="withdrawal")
    withdrawn_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="objection_withdrawals",
        help_text="Who in the family withdrew the objection.",
    )
    withdrawn_at = models.DateTimeField()
    method = models.CharField(max_length=16, choices=ObjectionWithdrawalMethod.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Withdrawal of objection {self.objection_id} at {self.withdrawn_at:%Y-%m-%d %H:%M}"


class PrivacyNotice(AppendOnlyModel):
    """¶15: when the family was told, through a privacy notice or letter, how data is used."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="privacy_notices")
    given_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"Privacy notice given to {self.family} on {self.given_on}"
