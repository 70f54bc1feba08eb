"""The Healthy Child Programme schedule (families/schedule.py): one row per case."""
from __future__ import annotations

import datetime as dt

import pytest

from families.schedule import ContactFact, ReviewStatus, next_review, review_schedule, review_window
from families.vocabulary import ContactOutcome, Review

D = dt.date
BORN = D(2026, 1, 15)
S = ReviewStatus
A, NB, SIX, ONE, TWO = (
    Review.ANTENATAL, Review.NEW_BIRTH, Review.SIX_TO_EIGHT_WEEKS, Review.ONE_YEAR, Review.TWO_YEARS,
)


def contact(review, day, outcome=ContactOutcome.COMPLETED):
    return ContactFact(review=review.value, contact_date=day, outcome=outcome)


def statuses(**kwargs) -> dict[Review, ReviewStatus]:
    return {item.review: item.status for item in review_schedule(**kwargs)}


# (case, date of birth, due date, contacts, today, registered on) → statuses A, NB, 6-8, 9-12, 2y
ROWS = [
    ("expected baby at 30 weeks: antenatal due, birth reviews undated",
     None, D(2026, 3, 1), [], D(2026, 1, 10), None, (S.DUE, S.UPCOMING, S.UPCOMING, S.UPCOMING, S.UPCOMING)),
    ("expected baby at 20 weeks: antenatal upcoming",
     None, D(2026, 3, 1), [], D(2025, 10, 20), None, (S.UPCOMING,) * 5),
    ("antenatal contact recorded before birth: done",
     None, D(2026, 3, 1), [contact(A, D(2026, 1, 2))], D(2026, 1, 10), None, (S.DONE,) + (S.UPCOMING,) * 4),
    ("day 12, antenatal done: new birth visit due",
     BORN, D(2026, 1, 20), [contact(A, D(2025, 12, 1))], D(2026, 1, 27), None,
     (S.DONE, S.DUE, S.UPCOMING, S.UPCOMING, S.UPCOMING)),
    ("born without an antenatal contact: missed",
     BORN, D(2026, 1, 20), [], D(2026, 1, 27), None, (S.MISSED, S.DUE, S.UPCOMING, S.UPCOMING, S.UPCOMING)),
    ("day 15 without a new birth visit: overdue (6-8 weeks not open yet)",
     BORN, None, [], D(2026, 1, 30), None, (S.MISSED, S.OVERDUE, S.UPCOMING, S.UPCOMING, S.UPCOMING)),
    ("3 months old, new birth visit done, no 6-8 week review: overdue",
     BORN, None, [contact(NB, D(2026, 1, 26))], D(2026, 4, 15), None,
     (S.MISSED, S.DONE, S.OVERDUE, S.UPCOMING, S.UPCOMING)),
    ("6-8 week review not attended: still overdue, the attempt kept",
     BORN, None, [contact(NB, D(2026, 1, 26)), contact(SIX, D(2026, 3, 5), ContactOutcome.NOT_ATTENDED)],
     D(2026, 4, 15), None, (S.MISSED, S.DONE, S.OVERDUE, S.UPCOMING, S.UPCOMING)),
    ("not attended, then completed: done (the new birth visit, never recorded, missed)",
     BORN, None, [contact(SIX, D(2026, 3, 5), ContactOutcome.NOT_ATTENDED), contact(SIX, D(2026, 3, 12))],
     D(2026, 4, 15), None, (S.MISSED, S.MISSED, S.DONE, S.UPCOMING, S.UPCOMING)),
    ("declined and moved away close a review",
     BORN, None,
     [contact(NB, D(2026, 1, 26), ContactOutcome.DECLINED), contact(SIX, D(2026, 3, 1), ContactOutcome.MOVED_AWAY)],
     D(2026, 4, 15), None, (S.MISSED, S.DECLINED, S.MOVED_AWAY, S.UPCOMING, S.UPCOMING)),
    ("10 months: 9-12 month review due; the 6-8 week one, not done, now missed",
     BORN, None, [], D(2026, 11, 15), None, (S.MISSED, S.MISSED, S.MISSED, S.DUE, S.UPCOMING)),
    ("2 years 3 months: 2-year review due",
     BORN, None, [], D(2028, 4, 15), None, (S.MISSED, S.MISSED, S.MISSED, S.MISSED, S.DUE)),
    ("2 years 8 months: 2-year review overdue until the 3rd birthday",
     BORN, None, [], D(2028, 9, 15), None, (S.MISSED, S.MISSED, S.MISSED, S.MISSED, S.OVERDUE)),
    ("3 years: 2-year review missed",
     BORN, None, [], D(2029, 1, 15), None, (S.MISSED,) * 5),
    ("premature (born at 30 weeks): birth reviews from the date of birth; antenatal window cut at birth",
     BORN, D(2026, 3, 26), [contact(A, D(2026, 1, 10))], D(2026, 1, 27), None,
     (S.DONE, S.DUE, S.UPCOMING, S.UPCOMING, S.UPCOMING)),
    ("very premature (born at 26 weeks): no antenatal window at all",
     BORN, D(2026, 4, 23), [], D(2026, 1, 27), None, (S.MISSED, S.DUE, S.UPCOMING, S.UPCOMING, S.UPCOMING)),
    ("registered late at 10 months: earlier reviews before registration, 9-12 months due",
     BORN, None, [], D(2026, 11, 20), D(2026, 11, 15),
     (S.BEFORE_REGISTRATION, S.BEFORE_REGISTRATION, S.BEFORE_REGISTRATION, S.DUE, S.UPCOMING)),
    ("registered late, but a contact recorded for an earlier review counts",
     BORN, None, [contact(SIX, D(2026, 3, 1))], D(2026, 11, 20), D(2026, 11, 15),
     (S.BEFORE_REGISTRATION, S.BEFORE_REGISTRATION, S.DONE, S.DUE, S.UPCOMING)),
    ("registered at 7 weeks: the 6-8 week window is still open, so it is due",
     BORN, None, [], D(2026, 3, 6), D(2026, 3, 5),
     (S.BEFORE_REGISTRATION, S.BEFORE_REGISTRATION, S.DUE, S.UPCOMING, S.UPCOMING)),
]


@pytest.mark.parametrize(
    "born,due,contacts,today,registered,expected", [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_schedule(born, due, contacts, today, registered, expected):
    got = statuses(date_of_birth=born, due_date=due, contacts=contacts, today=today, registered_on=registered)
    assert tuple(got[r] for r in Review) == expected


def test_twins_each_have_their_own_schedule():
    """Twins share a date of birth but not contacts: one seen, the other not attended."""
    today = D(2026, 4, 15)
    first = statuses(date_of_birth=BORN, due_date=None, contacts=[contact(SIX, D(2026, 3, 1))], today=today)
    second = statuses(
        date_of_birth=BORN, due_date=None,
        contacts=[contact(SIX, D(2026, 3, 1), ContactOutcome.NOT_ATTENDED)], today=today,
    )
    assert first[SIX] == S.DONE and second[SIX] == S.OVERDUE


def test_windows_follow_the_programme():
    assert review_window(NB, date_of_birth=BORN, due_date=None) == (D(2026, 1, 25), D(2026, 1, 29))
    assert review_window(SIX, date_of_birth=BORN, due_date=None) == (D(2026, 2, 26), D(2026, 3, 12))
    assert review_window(ONE, date_of_birth=BORN, due_date=None) == (D(2026, 10, 15), D(2027, 1, 15))
    assert review_window(TWO, date_of_birth=BORN, due_date=None) == (D(2028, 1, 15), D(2028, 7, 15))
    # From 28 weeks of pregnancy (12 weeks before the due date) to the due date.
    assert review_window(A, date_of_birth=None, due_date=D(2026, 3, 1)) == (D(2025, 12, 7), D(2026, 3, 1))
    # Month ends clamp, as in PostgreSQL: born on 31 August, 9 months is 31 May, 12 months 31 August.
    assert review_window(ONE, date_of_birth=D(2025, 8, 31), due_date=None) == (D(2026, 5, 31), D(2026, 8, 31))
    assert review_window(TWO, date_of_birth=D(2024, 2, 29), due_date=None)[0] == D(2026, 2, 28)


def test_next_review_prefers_overdue_then_due_then_upcoming():
    schedule = review_schedule(
        date_of_birth=BORN, due_date=None, contacts=[contact(NB, D(2026, 1, 26))], today=D(2026, 4, 15)
    )
    assert next_review(schedule).review == SIX and next_review(schedule).status == S.OVERDUE
    schedule = review_schedule(date_of_birth=BORN, due_date=None, contacts=[], today=D(2026, 2, 1))
    assert next_review(schedule).review == NB
    assert next_review(review_schedule(date_of_birth=BORN, due_date=None, contacts=[], today=D(2030, 1, 1))) is None
