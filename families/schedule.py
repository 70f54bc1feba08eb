"""The Healthy Child Programme schedule of one child: a pure function, no ORM (issue 13).

Given the child's date of birth (or, before birth, the due date), the contacts recorded and
today, it says for each of the five mandated reviews when it is due and where it stands. The
windows are ``families.vocabulary.REVIEW_WINDOWS``; the same numbers are used in SQL by the
manager's count of overdue reviews (``families.selectors.overdue_reviews_by_health_visitor``).

Statuses, and the rules where the programme leaves a choice (docs/contacts.md):

- **done** — a contact for the review was completed; **declined** — the family declined it;
  **moved away** — the family moved away before it (the review is for the new team).
- **upcoming** — its window has not opened yet (before birth, the birth reviews have no dates).
- **due** — today is inside its window and it is not done.
- **overdue** — its window has closed, not done, and the next review's window has not opened:
  still worth doing, and chased on the caseload. A contact that was not attended leaves the
  review due or overdue.
- **missed** — not done and no longer chased: the next review's window has opened (the last
  review: from the child's 3rd birthday), or, for the antenatal contact, the baby was born.
- **before registration** — a child registered late: a review whose window closed before the
  child was registered here, with nothing recorded, is not ours to call overdue or missed (it
  may have been done by the previous team). Anything recorded still counts.

Premature births: the birth reviews run from the actual date of birth (the programme's
practice); the antenatal window ends the day before birth, and when a baby is born before 28
weeks the antenatal contact had no window at all (**missed** unless recorded).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from families.vocabulary import REVIEW_WINDOWS, ContactOutcome, Review, add_months_days

# The last review is chased until the child's third birthday (the 2 to 2½ year review is
# offered up to 3); after that it is missed.
LAST_REVIEW_CHASED_UNTIL = (36, 0)
CLOSING_OUTCOMES = {
    ContactOutcome.COMPLETED: "done",
    ContactOutcome.DECLINED: "declined",
    ContactOutcome.MOVED_AWAY: "moved_away",
}


class ReviewStatus(StrEnum):
    DONE = "done"
    DECLINED = "declined"
    MOVED_AWAY = "moved_away"
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    MISSED = "missed"
    BEFORE_REGISTRATION = "before_registration"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        """Work still to do (due or overdue): what a caseload chases."""
        return self in (ReviewStatus.DUE, ReviewStatus.OVERDUE)


STATUS_LABELS = {
    ReviewStatus.DONE: "Done",
    ReviewStatus.DECLINED: "Declined",
    ReviewStatus.MOVED_AWAY: "Moved away",
    ReviewStatus.UPCOMING: "Upcoming",
    ReviewStatus.DUE: "Due",
    ReviewStatus.OVERDUE: "Overdue",
    ReviewStatus.MISSED: "Missed",
    ReviewStatus.BEFORE_REGISTRATION: "Before registration here",
}


@dataclass(frozen=True)
class ContactFact:
    """What the schedule needs of one recorded contact."""

    review: str
    contact_date: dt.date
    outcome: str


@dataclass(frozen=True)
class ScheduledReview:
    review: Review
    window_start: dt.date | None
    window_end: dt.date | None
    status: ReviewStatus
    contact_date: dt.date | None = None  # the contact that closed it, or the last attempt

    @property
    def label(self) -> str:
        return self.review.label


def review_window(
    review: Review, *, date_of_birth: dt.date | None, due_date: dt.date | None
) -> tuple[dt.date, dt.date] | None:
    """When ``review`` is due for this child, or None when it cannot be said (yet, or at all)."""
    window = REVIEW_WINDOWS[review]
    anchor = due_date if window.anchor == "due_date" else date_of_birth
    if anchor is None:
        return None
    start, end = add_months_days(anchor, *window.start), add_months_days(anchor, *window.end)
    if review == Review.ANTENATAL and date_of_birth is not None:
        # Antenatal means before birth: a premature baby's window ends the day before it was born.
        end = min(end, date_of_birth - dt.timedelta(days=1))
        if end < start:
            return None
    return start, end


def _chased_until(review: Review, *, date_of_birth: dt.date | None, due_date: dt.date | None) -> dt.date | None:
    """The last day an unfinished review is still chased (overdue), after which it is missed."""
    order = list(Review)
    if review == Review.ANTENATAL:
        return date_of_birth - dt.timedelta(days=1) if date_of_birth else due_date
    if date_of_birth is None:
        return None
    position = order.index(review)
    if position + 1 < len(order):
        following = review_window(order[position + 1], date_of_birth=date_of_birth, due_date=due_date)
        return following[0] - dt.timedelta(days=1) if following else None
    return add_months_days(date_of_birth, *LAST_REVIEW_CHASED_UNTIL) - dt.timedelta(days=1)


def review_schedule(
    *,
    date_of_birth: dt.date | None,
    due_date: dt.date | None,
    contacts: Iterable[ContactFact],
    today: dt.date,
    registered_on: dt.date | None = None,
) -> list[ScheduledReview]:
    """The five reviews for one child, in programme order, each with its window and status."""
    by_review: dict[str, list[ContactFact]] = {}
    for contact in sorted(contacts, key=lambda c: c.contact_date):
        by_review.setdefault(contact.review, []).append(contact)
    schedule = []
    for review in Review:
        window = review_window(review, date_of_birth=date_of_birth, due_date=due_date)
        start, end = window if window else (None, None)
        recorded = by_review.get(review.value, [])
        closing = next((c for c in reversed(recorded) if c.outcome in CLOSING_OUTCOMES), None)
        last = recorded[-1].contact_date if recorded else None
        if closing is not None:
            status = ReviewStatus(CLOSING_OUTCOMES[ContactOutcome(closing.outcome)])
            schedule.append(ScheduledReview(review, start, end, status, closing.contact_date))
            continue
        chased_until = _chased_until(review, date_of_birth=date_of_birth, due_date=due_date)
        if window is None:
            # Before birth the birth reviews cannot be dated; a born baby's antenatal contact had no window.
            if date_of_birth is None:
                status = ReviewStatus.UPCOMING
            elif registered_on is not None and registered_on >= date_of_birth and not recorded:
                status = ReviewStatus.BEFORE_REGISTRATION
            else:
                status = ReviewStatus.MISSED
        elif registered_on is not None and end < registered_on and not recorded:
            status = ReviewStatus.BEFORE_REGISTRATION
        elif today < start:
            status = ReviewStatus.UPCOMING
        elif today <= end:
            status = ReviewStatus.DUE
        elif chased_until is not None and today <= chased_until:
            status = ReviewStatus.OVERDUE
        else:
            status = ReviewStatus.MISSED
        schedule.append(ScheduledReview(review, start, end, status, last))
    return schedule


def next_review(schedule: Iterable[ScheduledReview]) -> ScheduledReview | None:
    """What the caseload shows for a child: the first overdue or due review, else the next upcoming."""
    schedule = list(schedule)
    for wanted in (ReviewStatus.OVERDUE, ReviewStatus.DUE, ReviewStatus.UPCOMING):
        for item in schedule:
            if item.status == wanted:
                return item
    return None
