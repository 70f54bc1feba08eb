"""The words of consent, without the ORM: the policy reads them without Django set up."""
from __future__ import annotations

from enum import StrEnum

from django.db.models import TextChoices

# ¶16: someone under 16 needs a Fraser/Gillick assessment finding capacity before their consent counts.
CAPACITY_AGE = 16


class PurposeSlug(StrEnum):
    """The three standard purposes (administrators may add local ones as ``Purpose`` rows)."""

    HEALTHCARE = "healthcare"
    CENTRE_SERVICES = "centre-services"
    MONITORING_EVALUATION = "monitoring-evaluation"


class ConsentKind(TextChoices):
    EXPLICIT = "explicit", "Explicit consent"
    # ¶15 implied-consent box: recorded, never enough for sensitive data or non-health viewers.
    IMPLIED = "implied", "Implied consent"


class ConsentDecision(TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"


class ConsentMethod(TextChoices):
    WRITTEN = "written", "Written and signed"
    VERBAL = "verbal", "Verbal"


class ObjectionWithdrawalMethod(TextChoices):
    """How the family said they no longer object (issue 9 item 5)."""

    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    WRITING = "writing", "In writing"


class CapacityAssessmentKind(TextChoices):
    FRASER_GILLICK = "fraser_gillick", "Fraser/Gillick competence"
    MENTAL_CAPACITY_ACT = "mental_capacity_act", "Mental Capacity Act assessment"


class CapacityOutcome(TextChoices):
    HAS_CAPACITY = "has_capacity", "Has capacity to consent"
    LACKS_CAPACITY = "lacks_capacity", "Does not have capacity to consent"


# The informed-consent checklist (POLICY.md basis 2, "informed"): field name → what was explained.
INFORMED_POINTS: dict[str, str] = {
    "explained_why": "Why information might be shared",
    "explained_what": "What information would be shared",
    "explained_who": "Who will see it",
    "explained_purpose": "The purpose it will be used for",
    "explained_implications": "The implications of sharing or not sharing",
    "explained_subject_access": "How to see their file (a subject access request)",
}
