"""Job roles, without the ORM: the policy reads them, so they import without Django set up."""
from __future__ import annotations

from django.db.models import TextChoices


class JobRole(TextChoices):
    MIDWIFE = "midwife", "Midwife"
    HEALTH_VISITOR = "health_visitor", "Health visitor"
    COMMUNITY_NURSE = "community_nurse", "Community nurse"
    THERAPIST = "therapist", "Therapist"
    GP = "gp", "GP"
    FAMILY_SUPPORT_WORKER = "family_support_worker", "Family support worker"
    OUTREACH_WORKER = "outreach_worker", "Outreach worker"
    SOCIAL_WORKER = "social_worker", "Social worker"
    CENTRE_MANAGER = "centre_manager", "Centre manager"
    # Works with group figures (monitoring and evaluation), not with named records (¶13).
    DATA_OFFICER = "data_officer", "Data and evaluation officer"
    EXTERNAL_PRACTITIONER = "external_practitioner", "External practitioner"


# ¶1, ¶15: who counts as a health professional is fixed by the job, never typed in.
HEALTH_PROFESSIONAL_ROLES = frozenset(
    {
        JobRole.MIDWIFE,
        JobRole.HEALTH_VISITOR,
        JobRole.COMMUNITY_NURSE,
        JobRole.THERAPIST,
        JobRole.GP,
    }
)
