"""Reads for families. Anything shown to a user goes through ``sharing.gate`` instead."""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, DateField, Exists, F, Func, OuterRef, Q, Value
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan, LessThan

from families.models import Family, FamilyTransfer, Person, PersonKind, ReviewContact
from families.schedule import CLOSING_OUTCOMES, LAST_REVIEW_CHASED_UNTIL
from families.vocabulary import REVIEW_WINDOWS, Review


def possible_duplicates(
    *, first_name: str, last_name: str, date_of_birth: dt.date | None, postcode: str, kind: str
) -> list[Person]:
    """People who may be this person: same name and date of birth, or same child at the postcode."""
    if date_of_birth is None:
        return []
    condition = Q(
        first_name__iexact=first_name.strip(),
        last_name__iexact=last_name.strip(),
        date_of_birth=date_of_birth,
    )
    if kind == PersonKind.CHILD:
        condition |= Q(
            kind=PersonKind.CHILD,
            first_name__iexact=first_name.strip(),
            date_of_birth=date_of_birth,
            family__postcode=postcode,
        )
    return list(Person.objects.filter(condition).select_related("family"))


def family_by_registration_token(token) -> Family | None:
    return Family.objects.filter(registration_token=token).first() if token else None


class _DatePlus(Func):
    """``date + make_interval(months, days)`` as a date: the schedule's arithmetic, in SQL (PostgreSQL
    clamps to the month's end like ``families.vocabulary.add_months_days``)."""

    template = "((%(expressions)s) + make_interval(0, %(months)d, 0, %(days)d))::date"
    output_field = DateField()

    def __init__(self, expression, months: int, days: int):
        super().__init__(expression, months=int(months), days=int(days))


def _overdue_condition(today: dt.date) -> Q:
    """A born child with a review overdue today, by the rules of ``families.schedule``: the window
    has closed, the next has not opened (the last: before the 3rd birthday), no contact closed it,
    and the child was not registered after the window closed with nothing recorded (late
    registration). At most one review of a child is overdue at a time (those periods never overlap)."""
    order = [r for r in Review if REVIEW_WINDOWS[r].anchor == "date_of_birth"]
    condition = Q()
    born = F("date_of_birth")
    for position, review in enumerate(order):
        end = _DatePlus(born, *REVIEW_WINDOWS[review].end)
        if position + 1 < len(order):
            next_start = _DatePlus(born, *REVIEW_WINDOWS[order[position + 1]].start)
        else:
            next_start = _DatePlus(born, *LAST_REVIEW_CHASED_UNTIL)
        contacts = ReviewContact.objects.filter(subject_id=OuterRef("pk"), review=review)
        closed = Exists(contacts.filter(outcome__in=list(CLOSING_OUTCOMES)))
        late = Q(GreaterThan(TruncDate("created_at"), end)) & ~Q(Exists(contacts))
        condition |= Q(LessThan(end, Value(today))) & Q(GreaterThan(next_start, Value(today))) & ~Q(closed) & ~late
    return condition


def overdue_reviews_by_health_visitor(*, centre_id: int, today: dt.date) -> list[dict]:
    """The centre's overdue reviews counted per named health visitor, in one aggregate query
    (issue 13): no child is loaded, only the counts (see docs/contacts.md for why this is a
    figure about the team's work, not a reveal about a child). Rows: ``health_visitor_id``,
    names, ``overdue``; a row with no id counts the families with no named health visitor."""
    # Only children under 3 can have a review overdue: bounds the scan by date of birth.
    youngest_chased = today.replace(year=today.year - 3) if not (today.month == 2 and today.day == 29) else (
        today.replace(year=today.year - 3, day=28)
    )
    rows = (
        Person.objects.filter(
            family__centre_id=centre_id, kind=PersonKind.CHILD, date_of_birth__gt=youngest_chased
        )
        .filter(_overdue_condition(today))
        .order_by()
        .values(
            "family__named_health_visitor_id",
            "family__named_health_visitor__first_name",
            "family__named_health_visitor__last_name",
            "family__named_health_visitor__username",
        )
        .annotate(overdue=Count("id"))
        .order_by("-overdue", "family__named_health_visitor__username")
    )
    return [
        {
            "health_visitor_id": row["family__named_health_visitor_id"],
            "name": " ".join(
                part for part in (row["family__named_health_visitor__first_name"],
                                  row["family__named_health_visitor__last_name"]) if part
            ),
            "username": row["family__named_health_visitor__username"] or "",
            "overdue": row["overdue"],
        }
        for row in rows
    ]
def transfers_for_family(*, family_id: int) -> list[FamilyTransfer]:
    """A family's moves between centres, newest first, with the centres and who transferred it
    (issue 13), in one query."""
    return list(
        FamilyTransfer.objects.filter(family_id=family_id)
        .select_related("from_centre", "to_centre", "transferred_by")
        .order_by("-transferred_at", "-id")
    )
