"""The words of early notification and new-birth imports, without the ORM."""
from __future__ import annotations

from django.db.models import TextChoices


class NotificationState(TextChoices):
    """Where a notification from a midwife or health visitor stands (maternity section, steps 1–5)."""

    PENDING = "pending", "Waiting for the centre"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined by the centre"
    # Step 5: without informed consent on the notification it is not accepted into the centre's records.
    REFUSED = "refused", "Not accepted: informed consent was not recorded"


class SignedBy(TextChoices):
    """Step 3: who signed the consent document."""

    PARENT = "parent", "The expectant parent"
    PARENT_AND_PARTNER = "parent_and_partner", "The expectant parent and their partner"
    NOT_SIGNED = "not_signed", "Nobody signed: consent was given verbally"


class DeclineReason(TextChoices):
    OUTSIDE_REACH = "outside_reach", "The family lives outside our reach area"
    FAMILY_CHANGED_MIND = "family_changed_mind", "The family told us they no longer want contact"
    SENT_IN_ERROR = "sent_in_error", "The notification was sent to us in error"
    OTHER = "other", "Another reason"


class ImportMode(TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", "Import nothing if any row has an error"
    VALID_ONLY = "valid_only", "Import the valid rows and list the others"


class ImportOutcome(TextChoices):
    IMPORTED = "imported", "Imported"
    PARTLY_IMPORTED = "partly_imported", "Valid rows imported; rows with errors left out"
    REJECTED = "rejected", "Nothing imported: the file has errors"


class BirthOutcome(TextChoices):
    """What happened to one row of a new-birth file."""

    CREATED = "created", "New family registered"
    ADDED_TO_FAMILY = "added_to_family", "Baby added to the mother's family"
    # ¶15: parents must have a clear channel to object; a family that objected stays with health.
    OBJECTED = "objected", "Family objected: kept by the health trust only, not shared with the centre"

