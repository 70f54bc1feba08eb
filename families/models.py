"""Families, the people in them, how they are related, and the notes kept about them."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from centres.models import Centre
from config.append_only import AppendOnlyModel
from config.fields import EncryptedTextField
from families.validators import validate_nhs_number
from families.vocabulary import (
    Breastfeeding,
    ContactOutcome,
    ContactPlace,
    Ethnicity,
    PersonKind,
    Relationship,
    Review,
    SensitiveTopic,
    Sex,
    age_on,
)


class Family(models.Model):
    """A household registered with one children's centre."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="families")
    reference = models.CharField(
        max_length=12, unique=True, help_text="Stable family reference, e.g. ADA."
    )
    address_line_1 = models.CharField("Address line 1", max_length=200)
    address_line_2 = models.CharField("Address line 2", max_length=200, blank=True)
    town = models.CharField("Town or city", max_length=100)
    postcode = models.CharField(max_length=8, help_text="UK postcode, e.g. NR1 1AB.")
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every change; a stale form cannot overwrite a newer one."
    )
    registration_token = models.UUIDField(
        null=True, blank=True, unique=True, editable=False,
        help_text="Identifies the registration form that created this family, so a double submit creates one.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Issue 13: the health visitor whose caseload this family is on (assigned at registration,
    # changed by the manager). Who may *see* the family is still the gate's decision.
    named_health_visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="caseload_families",
    )

    class Meta:
        ordering = ["reference"]
        verbose_name_plural = "families"
        # guardian: view/change are granted on families to their centre's group (issue 5).
        default_permissions = ("view", "change")

    def __str__(self) -> str:
        return self.reference


class Person(models.Model):
    """A child, parent/carer or expected baby: a subject the sharing policy decides about."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="people")
    reference = models.CharField(
        max_length=16, unique=True, help_text="Stable person reference, e.g. ADA-C1."
    )
    kind = models.CharField(max_length=8, choices=PersonKind.choices)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    due_date = models.DateField(
        null=True, blank=True, help_text="For an expected baby: when the baby is due."
    )
    # Other personal details (issue 13): sensitive under SensitiveTopic.PERSONAL_DETAILS, revealed
    # only by the gate (families.vocabulary.PERSONAL_DETAILS_FIELDS). Not encrypted: NHS number is
    # searched and unique, ethnicity is counted in figures (issue 14).
    nhs_number = models.CharField(
        "NHS number", max_length=10, null=True, blank=True, unique=True,
        validators=[validate_nhs_number], help_text="Ten digits, stored without spaces.",
    )
    # db_default: rows written in bulk (imports, the volume seeder) need not name them.
    sex = models.CharField(max_length=16, choices=Sex.choices, blank=True, default="", db_default="")
    ethnicity = models.CharField(
        max_length=32, choices=Ethnicity.choices, blank=True, default="", db_default=""
    )
    preferred_language = models.CharField(max_length=100, blank=True, default="", db_default="")
    interpreter_needed = models.BooleanField(null=True, blank=True)
    # Contact details: encrypted at rest, never searched; None when not recorded.
    phone = EncryptedTextField(null=True, blank=True)
    gp_practice = models.CharField("GP practice", max_length=200, blank=True, default="", db_default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reference"]
        default_permissions = ("view",)
        indexes = [
            # The children of a centre's families with what the reach-area figures count, read
            # from the index alone instead of the person rows, which are wide (encrypted fields)
            # and mostly not children (sharing/figures.py, docs/performance.md).
            models.Index(
                fields=["family"], include=["id", "created_at", "date_of_birth", "due_date", "ethnicity"],
                condition=models.Q(kind=PersonKind.CHILD), name="person_child_of_family",
            ),
            # The carers young enough to be teenage parents of a child under five, from the index.
            models.Index(fields=["date_of_birth"], include=["id"], name="person_birth_date"),
        ]
        constraints = [
            models.CheckConstraint(
                name="person_born_or_expected",
                condition=models.Q(date_of_birth__isnull=False) | models.Q(due_date__isnull=False),
            )
        ]

    def __str__(self) -> str:
        # A reference, never a name: str() lands in logs and admin, which are not behind the gate.
        return self.reference

    @property
    def is_expected(self) -> bool:
        return self.date_of_birth is None

    def age_in_years_on(self, day: dt.date) -> int | None:
        return age_on(self.date_of_birth, day)


class CarerLink(models.Model):
    """A parent or carer's link to a child, and whether they hold parental responsibility."""

    carer = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="children_links")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="carer_links")
    relationship = models.CharField(max_length=16, choices=Relationship.choices)
    parental_responsibility = models.BooleanField(
        help_text="Holds parental responsibility, so may consent for the child (¶15, ¶16)."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["carer", "child"], name="one_link_per_carer_and_child")
        ]

    def __str__(self) -> str:
        return f"{self.carer} is {self.get_relationship_display().lower()} of {self.child}"


class Note(models.Model):
    """An observation or case note about a person. Every note is sensitive information (¶17)."""

    subject = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="notes")
    topic = models.CharField(max_length=24, choices=SensitiveTopic.choices)
    text = EncryptedTextField()  # encrypted at rest, never searched (config/fields.py, issue 11)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Issue 13: when the contact the note is about happened, which is not always when it was typed.
    # Null on notes written before it was asked (shown by the day they were written).
    contact_date = models.DateField("Date of contact", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} note about {self.subject}"


class NoteAmendment(AppendOnlyModel):
    """A correction to a note (issue 13): the note's words as its author now says they should
    read, and why. The note itself is never changed; the original and every amendment stay, with
    who amended it and when, and are shown as the note's history (docs/policy.md, "Corrections to
    notes"). History, append-only (the ORM refuses changes; a trigger does in the database,
    migration 0009)."""

    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="amendments")
    text = EncryptedTextField()  # the note as corrected: as sensitive as the note (¶17)
    reason = EncryptedTextField("Why it was amended")  # may itself say something about the person
    amended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    amended_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["note", "amended_at", "id"]

    def __str__(self) -> str:
        return f"Amendment to {self.note}"


class ReviewContact(AppendOnlyModel):
    """A Healthy Child Programme contact: one of the five reviews, as it happened.

    Sensitive information (¶17: attendance at antenatal and postnatal appointments), under the
    same gate, topics and consent as notes. The subject is the child (or, antenatal, the expected
    baby).

    History, append-only (the ORM refuses changes; a trigger does in the database, migration 0005):
    a contact recorded in error is corrected by recording what happened, never by editing it
    (docs/contacts.md)."""

    subject = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="review_contacts")
    review = models.CharField(max_length=16, choices=Review.choices)
    contact_date = models.DateField("Date of contact")
    place = models.CharField(max_length=16, choices=ContactPlace.choices)
    present = EncryptedTextField("Who was present", blank=True)
    outcome = models.CharField(max_length=16, choices=ContactOutcome.choices)
    breastfeeding = models.CharField(
        max_length=16, choices=Breastfeeding.choices, blank=True,
        help_text="At the new birth visit and the 6 to 8 week review only.",
    )
    note = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["subject", "contact_date", "id"]
        verbose_name = "Healthy Child Programme contact"
        indexes = [
            # Both cover what the reach-area figures read (sharing/figures.py, docs/performance.md):
            # whether a review was done in its window is answered from the first index alone, and
            # the breastfeeding recorded in a period from the second, without visiting the table.
            models.Index(fields=["subject", "review", "outcome", "contact_date"], name="reviewcontact_subject_outcome"),
            models.Index(
                fields=["contact_date"], include=["review", "outcome", "breastfeeding", "subject", "id"],
                name="reviewcontact_date_covering",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="breastfeeding_only_at_feeding_reviews",
                condition=models.Q(breastfeeding="")
                | models.Q(review__in=[Review.NEW_BIRTH, Review.SIX_TO_EIGHT_WEEKS]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_review_display()} for {self.subject}"


class FamilyTransfer(AppendOnlyModel):
    """The family moved from one children's centre to another (issue 13): a record of what
    happened, never changed. The family's reach moved with it in the same transaction, and
    consent to the old centre's in-centre team does not cover the new one's (consent box)."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="transfers")
    from_centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    to_centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    transferred_at = models.DateTimeField(default=timezone.now)
    transferred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-transferred_at", "-id"]
        # The consent rule asks "did this family move after that consent was recorded?" per row.
        indexes = [models.Index(fields=["family", "transferred_at"], name="familytransfer_family_at")]
        constraints = [
            models.CheckConstraint(
                name="transfer_to_another_centre", condition=~models.Q(from_centre=models.F("to_centre"))
            )
        ]

    def __str__(self) -> str:
        return f"{self.family} moved from centre {self.from_centre_id} to {self.to_centre_id}"


# Direct-foreign-key object permission tables (guardian's performance guide): reach to a family
# is held by its centre's group; reach to a person by an agency whose consent names them.
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase  # noqa: E402


class FamilyUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Family, on_delete=models.CASCADE)


class FamilyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Family, on_delete=models.CASCADE)


class PersonUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Person, on_delete=models.CASCADE)


class PersonGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Person, on_delete=models.CASCADE)


# Issue 15: casework records about family members, in their own module.
from families.together.models import (  # noqa: E402, F401
    Assessment,
    Involvement,
    InvolvementEnd,
    LeadProfessional,
    Meeting,
    MeetingAction,
    MeetingActionDone,
)
