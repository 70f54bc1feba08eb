"""The words of a family record, without the ORM: the policy reads them without Django set up."""
from __future__ import annotations

import datetime as dt

from django.db.models import TextChoices


class SensitiveTopic(TextChoices):
    """¶17: everything beyond basic information is sensitive; notes carry one of these topics."""

    BREASTFEEDING = "breastfeeding", "Breastfeeding"
    LIFESTYLE = "lifestyle", "Lifestyle factors"
    ANTENATAL_POSTNATAL = "antenatal_postnatal", "Antenatal and postnatal attendance"
    EMOTIONAL_HEALTH = "emotional_health", "Emotional health"
    ASSESSMENT = "assessment", "Assessment (CAF)"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    OTHER = "other", "Other"


class Relationship(TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    GRANDPARENT = "grandparent", "Grandparent"
    FOSTER_CARER = "foster_carer", "Foster carer"
    OTHER = "other", "Other carer"


class PersonKind(TextChoices):
    CHILD = "child", "Child"
    ADULT = "adult", "Parent or carer"


def age_on(born: dt.date | None, day: dt.date) -> int | None:
    """Age in whole years on ``day`` (None for someone not yet born). The one age rule."""
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
