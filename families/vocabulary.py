"""The words of a family record, without the ORM: the policy reads them without Django set up."""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import TextChoices


class SensitiveTopic(TextChoices):
    """¶17: everything beyond basic information is sensitive; notes carry one of these topics."""

    BREASTFEEDING = "breastfeeding", "Breastfeeding"
    LIFESTYLE = "lifestyle", "Lifestyle factors"
    ANTENATAL_POSTNATAL = "antenatal_postnatal", "Antenatal and postnatal attendance"
    EMOTIONAL_HEALTH = "emotional_health", "Emotional health"
    ASSESSMENT = "assessment", "Assessment (CAF)"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    # Issue 13: ¶15 defines basic information as name, address, postcode and date of birth only,
    # so every other detail held about a person is sensitive, under a topic consent can name.
    PERSONAL_DETAILS = "personal_details", "Other personal details"
    OTHER = "other", "Other"


# The Person fields that are "other personal details" (SensitiveTopic.PERSONAL_DETAILS), declared
# once: the gate fetches and shows them only when a decision opens that topic.
PERSONAL_DETAILS_FIELDS = (
    "nhs_number",
    "sex",
    "ethnicity",
    "preferred_language",
    "interpreter_needed",
    "phone",
    "gp_practice",
)


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


class Sex(TextChoices):
    """Person phenotypic sex, as the NHS Data Dictionary records it."""

    FEMALE = "female", "Female"
    MALE = "male", "Male"
    INDETERMINATE = "indeterminate", "Indeterminate (unable to be classified as either)"
    NOT_KNOWN = "not_known", "Not known"


# The ONS 2021 Census ethnic groups for England: (value, label, high-level group). Figures are
# given by group where the detailed categories would be too small to show (POLICY.md "Groups").
_BLACK = "Black, Black British, Caribbean or African"
ETHNIC_GROUPS = (
    ("asian_bangladeshi", "Bangladeshi", "Asian or Asian British"),
    ("asian_chinese", "Chinese", "Asian or Asian British"),
    ("asian_indian", "Indian", "Asian or Asian British"),
    ("asian_pakistani", "Pakistani", "Asian or Asian British"),
    ("asian_other", "Any other Asian background", "Asian or Asian British"),
    ("black_african", "African", _BLACK),
    ("black_caribbean", "Caribbean", _BLACK),
    ("black_other", "Any other Black, Black British or Caribbean background", _BLACK),
    ("mixed_white_asian", "White and Asian", "Mixed or multiple ethnic groups"),
    ("mixed_white_black_african", "White and Black African", "Mixed or multiple ethnic groups"),
    ("mixed_white_black_caribbean", "White and Black Caribbean", "Mixed or multiple ethnic groups"),
    ("mixed_other", "Any other Mixed or multiple ethnic background", "Mixed or multiple ethnic groups"),
    ("white_british", "English, Welsh, Scottish, Northern Irish or British", "White"),
    ("white_irish", "Irish", "White"),
    ("white_gypsy_traveller", "Gypsy or Irish Traveller", "White"),
    ("white_roma", "Roma", "White"),
    ("white_other", "Any other White background", "White"),
    ("other_arab", "Arab", "Other ethnic group"),
    ("other_any", "Any other ethnic group", "Other ethnic group"),
    ("not_stated", "Prefers not to say", "Not stated"),
)

Ethnicity = TextChoices("Ethnicity", [(value, (value, label)) for value, label, _group in ETHNIC_GROUPS])
ETHNIC_GROUP_OF = {value: group for value, _label, group in ETHNIC_GROUPS}


# --- The Healthy Child Programme (issue 13) -----------------------------------------------------


class Review(TextChoices):
    """The five mandated health-visiting reviews (¶15: "particularly the Healthy Child Programme")."""

    ANTENATAL = "antenatal", "Antenatal contact"
    NEW_BIRTH = "new_birth", "New birth visit"
    SIX_TO_EIGHT_WEEKS = "6_8_weeks", "6 to 8 week review"
    ONE_YEAR = "9_12_months", "9 to 12 month review"
    TWO_YEARS = "2_years", "2 to 2½ year review"


@dataclass(frozen=True)
class ReviewWindow:
    """When a review is due: from ``anchor`` + start to ``anchor`` + end, inclusive.

    ``anchor`` is the due date (antenatal) or the date of birth; offsets are (months, days) so the
    same numbers can be used in Python and in SQL (``date + interval``)."""

    anchor: str  # "due_date" or "date_of_birth"
    start: tuple[int, int]
    end: tuple[int, int]


REVIEW_WINDOWS = {
    # From 28 weeks of pregnancy (12 weeks before a 40-week due date) to the due date.
    Review.ANTENATAL: ReviewWindow("due_date", (0, -84), (0, 0)),
    Review.NEW_BIRTH: ReviewWindow("date_of_birth", (0, 10), (0, 14)),
    Review.SIX_TO_EIGHT_WEEKS: ReviewWindow("date_of_birth", (0, 42), (0, 56)),
    Review.ONE_YEAR: ReviewWindow("date_of_birth", (9, 0), (12, 0)),
    Review.TWO_YEARS: ReviewWindow("date_of_birth", (24, 0), (30, 0)),
}


def add_months_days(day: dt.date, months: int, days: int) -> dt.date:
    """``day`` plus whole months (clamped to the month's end, as PostgreSQL does) plus days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last)) + dt.timedelta(days=days)


class ContactPlace(TextChoices):
    HOME = "home", "Home"
    CLINIC = "clinic", "Clinic"
    CENTRE = "centre", "Children's centre"
    VIRTUAL = "virtual", "Virtual (video or phone)"


class ContactOutcome(TextChoices):
    COMPLETED = "completed", "Completed"
    NOT_ATTENDED = "not_attended", "Not attended"
    DECLINED = "declined", "Declined"
    MOVED_AWAY = "moved_away", "Moved away"


class Breastfeeding(TextChoices):
    """Recorded at the new birth visit and the 6 to 8 week review (figures, issue 14)."""

    TOTALLY = "totally", "Totally breastfed"
    PARTIALLY = "partially", "Partially breastfed"
    NOT = "not", "Not breastfed"


BREASTFEEDING_REVIEWS = (Review.NEW_BIRTH, Review.SIX_TO_EIGHT_WEEKS)


# --- Search (issue 13) --------------------------------------------------------------------------

# Letters NFKD does not take apart but PostgreSQL's unaccent does (so both sides fold alike).
_FOLD_LETTERS = str.maketrans({"ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})
# Apostrophe styles people type or paste (O'Neil, O’Neil, O‘Neil, O`Neil, O´Neil): all dropped,
# so ONeil finds them too. A hyphen reads as a space (Smith-Jones, Smith Jones).
SEARCH_APOSTROPHES = "'’‘`´ʼ"


def search_fold(text: str | None) -> str:
    """How names are compared in search: no accents, no case, no apostrophes, hyphens as spaces.

    The same folding runs in the database: the SQL function ``search_fold`` (PostgreSQL, with
    ``unaccent``; families migration 0005) or this function registered on SQLite connections."""
    import unicodedata

    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_FOLD_LETTERS))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.translate({ord(c): None for c in SEARCH_APOSTROPHES}).replace("-", " ")
    return plain
