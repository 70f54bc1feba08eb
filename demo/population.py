"""A training population (issue 14): ``seed_demo --population N`` adds N synthetic families across
both demo centres' reach areas, so the figures page shows real numbers next to suppressed cells.

The families come from ``demo.volume.seed_volume`` (fast PostgreSQL COPY; the named demo families
are not touched). On top, in two set-based statements, what the figures count and the volume
data leaves out: an ethnic group for most people (ONS 2021 categories, a few "prefers not to say",
some not yet asked), and the Healthy Child Programme contacts — most on time, some late, some
missed — with breastfeeding recorded at the new birth visit and at 6 to 8 weeks.

Every choice is a hash of the person's reference, so a population is the same in every database.
Like the volume data, these rows are written directly, not through the services: no change
history, no disclosure decisions (they are a population, not events someone performed).
"""
from __future__ import annotations

from collections.abc import Callable

from django.db import connection, transaction

from config.fields import encrypt
from demo.volume import VolumeReport, seed_volume
from families.vocabulary import REVIEW_WINDOWS, Breastfeeding, ContactOutcome, ContactPlace, PersonKind, Review

# (ethnicity, share of 1000): roughly a city in the east of England. "" is not yet asked.
ETHNICITY_SHARES = (
    ("white_british", 640), ("white_other", 80), ("white_irish", 10), ("white_gypsy_traveller", 4),
    ("white_roma", 3), ("asian_indian", 20), ("asian_pakistani", 10), ("asian_bangladeshi", 12),
    ("asian_chinese", 15), ("asian_other", 10), ("black_african", 30), ("black_caribbean", 6),
    ("black_other", 3), ("mixed_white_black_caribbean", 12), ("mixed_white_black_african", 8),
    ("mixed_white_asian", 12), ("mixed_other", 10), ("other_arab", 5), ("other_any", 10),
    ("not_stated", 30), ("", 60),
)
# (review, share on time /100, share late /100): the rest are missed. Late means after the window.
CONTACT_RATES = {
    Review.ANTENATAL: (70, 10),
    Review.NEW_BIRTH: (88, 8),
    Review.SIX_TO_EIGHT_WEEKS: (82, 10),
    Review.ONE_YEAR: (75, 12),
    Review.TWO_YEARS: (70, 12),
}
# Breastfeeding (totally, partially) out of 100; the rest not breastfed.
FEEDING_SHARES = {Review.NEW_BIRTH: (48, 24), Review.SIX_TO_EIGHT_WEEKS: (30, 17)}


def _bucket(salt: str, modulo: int) -> str:
    return f"mod(abs(hashtext(p.reference || '{salt}')), {modulo})"


def _ethnicity_case() -> str:
    whens, upto = [], 0
    for value, share in ETHNICITY_SHARES:
        upto += share
        whens.append(f"WHEN {_bucket('ethnicity', 1000)} < {upto} THEN '{value}'")
    return "CASE " + " ".join(whens) + " ELSE '' END"


def population_details(*, first_person_id: int) -> dict[str, int]:
    """Ethnicity and Healthy Child Programme contacts for people with ids from ``first_person_id``."""
    counts = {}
    blank = encrypt("")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE families_person p SET ethnicity = {_ethnicity_case()} WHERE p.id >= %s", [first_person_id]
        )
        counts["people given an ethnic group"] = cursor.rowcount
        for review, (on_time, late) in CONTACT_RATES.items():
            window = REVIEW_WINDOWS[review]
            anchor = "p.due_date" if window.anchor == "due_date" else "p.date_of_birth"
            opens = f"({anchor} + make_interval(months => {window.start[0]}, days => {window.start[1]}))::date"
            closes = f"({anchor} + make_interval(months => {window.end[0]}, days => {window.end[1]}))::date"
            roll = _bucket(review.value, 100)
            # On time: a day inside the window; late: up to a month after it closed.
            day = (f"CASE WHEN {roll} < {on_time} THEN {opens} + mod(abs(hashtext(p.reference || 'day')), "
                   f"GREATEST({closes} - {opens}, 0) + 1) ELSE {closes} + 1 + mod(abs(hashtext(p.reference)), 30) END")
            feeding = "''"
            if review in FEEDING_SHARES:
                totally, partially = FEEDING_SHARES[review]
                feed_roll = _bucket(review.value + "feed", 100)
                feeding = (f"CASE WHEN {feed_roll} < {totally} THEN '{Breastfeeding.TOTALLY}' "
                           f"WHEN {feed_roll} < {totally + partially} THEN '{Breastfeeding.PARTIALLY}' "
                           f"ELSE '{Breastfeeding.NOT}' END")
            cursor.execute(f"""
                INSERT INTO families_reviewcontact
                    (subject_id, review, contact_date, place, present, outcome, breastfeeding, note,
                     recorded_by_id, recorded_at)
                SELECT p.id, %(review)s, c.day, %(place)s, %(blank)s, %(completed)s, {feeding}, %(blank)s,
                       (SELECT m.user_id FROM centres_staffmembership m
                        WHERE m.centre_id = f.centre_id AND m.role = 'health_visitor' ORDER BY m.user_id LIMIT 1),
                       c.day + time '12:00'
                FROM families_person p
                JOIN families_family f ON f.id = p.family_id
                CROSS JOIN LATERAL (SELECT {day} AS day) c
                WHERE p.id >= %(first)s AND p.kind = %(child)s AND {anchor} IS NOT NULL
                  AND {roll} < {on_time + late} AND c.day <= CURRENT_DATE""", {
                "review": review.value, "place": ContactPlace.HOME, "blank": blank,
                "completed": ContactOutcome.COMPLETED, "first": first_person_id, "child": PersonKind.CHILD,
            })
            counts[f"{review.label} contacts"] = cursor.rowcount
    return counts


def population_add(*, families: int, progress: Callable[[str], None] | None = None) -> VolumeReport:
    """Add ``families`` synthetic families (half per demo centre) with what the figures count."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM families_person")
        (first_person_id,) = cursor.fetchone()
    report = seed_volume(families=families, disclosures=families, progress=progress)
    for what, count in population_details(first_person_id=first_person_id).items():
        report.notes.append(f"{count:,} {what}")
    return report
