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
    # Issue 9 item 6: the local authority's Caldicott Guardian (¶13, ¶14) reviews the overrides
    # centre managers open. Works for the local authority: no centre, no agency, so no reach.
    CALDICOTT_GUARDIAN = "caldicott_guardian", "Caldicott Guardian and designated safeguarding lead"


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

# Roles that work for the local authority as a whole: a membership with neither centre nor agency.
LOCAL_AUTHORITY_ROLES = frozenset({JobRole.CALDICOTT_GUARDIAN})
