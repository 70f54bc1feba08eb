"""Reach-area figures (issue 14, ¶19–22; docs/figures.md): group counts and rates per centre and
per postcode sector of its reach area, over a chosen period, with small numbers suppressed.

Counted in the database: five aggregate queries, each grouped by postcode sector and the page's
other dimensions, so the cost depends on the number of sectors, months and groups — never on a
person loaded into Python. The rows come back as *atoms* (the finest groups the page shows) and
every figure on the page is a sum of atoms, which is what lets ``sharing.policy.suppression``
prove that no hidden figure can be worked back from the others on the same page.

Figures reveal no individual, so they write no disclosure rows; opening or exporting them is
recorded as a group access on the trail (``services.trail_access_record``).
"""
from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils import timezone

from centres.models import Centre
from consent.vocabulary import ConsentDecision, ConsentKind
from families.vocabulary import (
    ETHNIC_GROUP_OF,
    REVIEW_WINDOWS,
    Breastfeeding,
    ContactOutcome,
    PersonKind,
    Review,
    ReviewWindow,
    add_months_days,
)
from sharing.policy.suppression import Cell, Suppression, suppress

CENTRE = "centre"  # the column for the whole centre
ELSEWHERE = "elsewhere"  # families of the centre living outside its reach-area sectors
ALL = "all"
AGE_BANDS = (0, 1, 2, 3, 4)
AGE_BAND_LABELS = {0: "Under 1", 1: "1 year", 2: "2 years", 3: "3 years", 4: "4 years"}
NOT_STATED = "Not stated"
NOT_RECORDED = "Not recorded"
ETHNIC_ROWS = tuple(dict.fromkeys(
    [g for g in ETHNIC_GROUP_OF.values() if g != NOT_STATED] + [NOT_STATED, NOT_RECORDED]
))
FED = (Breastfeeding.TOTALLY, Breastfeeding.PARTIALLY)
MAX_MONTHS = 24
SUPPRESSED = "[c]"


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def months(self) -> list[dt.date]:
        first = self.start.replace(day=1)
        out = []
        while first <= self.end:
            out.append(first)
            first = (first + dt.timedelta(days=32)).replace(day=1)
        return out

    @property
    def until(self) -> dt.datetime:
        """The first moment after the period (registration is a moment, the period is days)."""
        return timezone.make_aware(dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time()))

    @classmethod
    def default(cls, today: dt.date | None = None) -> Period:
        """Twelve months to today: this month so far and the eleven before it."""
        today = today or timezone.localdate()
        start = today.replace(day=1)
        for _ in range(11):
            start = (start - dt.timedelta(days=1)).replace(day=1)
        return cls(start, today)


@dataclass(frozen=True)
class Shown:
    """One figure as displayed: a count, a rate (percent), or suppressed."""

    text: str
    value: float | None  # None when suppressed or not applicable
    suppressed: bool = False

    @property
    def csv(self) -> str:
        return SUPPRESSED if self.suppressed else self.text


@dataclass
class Row:
    label: str
    cells: list[Shown]
    is_rate: bool = False


@dataclass
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[Row]
    note: str = ""


@dataclass
class Figures:
    centre: Centre
    period: Period
    sectors: list[str]
    threshold: int
    tables: list[Table]
    trend: Table
    hidden_count: int
    areas: list[str] = field(default_factory=list)  # column labels for the area tables


def threshold() -> int:
    return int(getattr(settings, "FIGURES_SUPPRESSION_THRESHOLD", 5))


# --- The aggregate queries ------------------------------------------------------------------
# A sector is the postcode without its last two characters ("NR1 1AB" → "NR1 1"): postcodes are
# stored normalised (families.validators.normalise_postcode).
SECTOR = "rtrim(left(f.postcode, length(f.postcode) - 2))"
UNDER_FIVE = "k.date_of_birth <= %(end)s AND k.date_of_birth > (%(end)s::date - interval '5 years')"


def _rows(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _params(centre: Centre, period: Period) -> dict:
    return {
        "centre": centre.pk, "start": period.start, "end": period.end, "until": period.until,
        "child": PersonKind.CHILD, "completed": ContactOutcome.COMPLETED,
    }


def _anchor_range(window: ReviewWindow, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The anchors (due date or date of birth) whose window closes from ``start`` to ``end``, with
    three days' slack either side: the statement still tests the closing day itself, this only
    lets it skip, cheaply, the children whose window cannot close in the period. The closing day
    never goes down as the anchor goes up (``add_months_days`` clamps to the month's end as
    PostgreSQL does), so the anchors that qualify are one run of days, found by stepping."""
    def closes(day: dt.date) -> dt.date:
        return add_months_days(day, *window.end)

    day = dt.timedelta(days=1)
    first = add_months_days(start, -window.end[0], -window.end[1])
    while closes(first) >= start:
        first -= day
    while closes(first) < start:
        first += day
    last = add_months_days(end, -window.end[0], -window.end[1])
    while closes(last) <= end:
        last += day
    while closes(last) > end:
        last -= day
    return first - 3 * day, last + 3 * day


def _anchor_ranges(start: dt.date, end: dt.date) -> dict:
    out = {}
    for review, window in REVIEW_WINDOWS.items():
        out[f"{review.value}_from"], out[f"{review.value}_to"] = _anchor_range(window, start, end)
    return out


def _due_sql() -> str:
    """One row per child and review whose window may close in the period: the review, and the
    first and last day of its window."""
    return "\n            UNION ALL ".join(
        f"SELECT k.id, k.sector, '{review.value}' AS review, "
        f"(k.{w.anchor} + interval '{w.start[0]} months {w.start[1]} days')::date AS opens, "
        f"(k.{w.anchor} + interval '{w.end[0]} months {w.end[1]} days')::date AS closes "
        f"FROM kids k WHERE k.{w.anchor} BETWEEN %({review.value}_from)s AND %({review.value}_to)s"
        for review, w in REVIEW_WINDOWS.items()
    )


def _children_counts(params: dict) -> list[tuple]:
    """Everything counted about the centre's children, in one statement over one pass of them
    (``kids``: the centre's children registered by the last day, with their sector). Each row is
    (measure, sector, dimension, month, flag, n):

    - ``child``: children under 5 on the last day, by age band (dimension ``band:ethnicity``);
    - ``expectant``: families with a baby due on or after the first day, not born by the last;
    - ``teenage``: carers under 20 at the birth of a child now under 5;
    - ``feed``: breastfeeding at the new birth visit and 6–8 weeks, the latest completed contact
      in the period per child (dimension the review, month of the contact, flag breastfed);
    - ``review``: reviews whose window (``REVIEW_WINDOWS``) closed in the period (dimension the
      review, month it closed, flag a completed contact inside the window).

    What keeps it cheap at 50k families a centre (docs/performance.md, "Reach-area figures"): the
    sector is worked out once per family, not per child; "under five" is a column of ``kids``,
    so the planner sees half the children pass rather than its guess for a filter on a
    materialised CTE (half a per cent, which chose nested loops over ~100k carer links); the
    reviews due are only the children whose due date or birth date puts a window's close in the
    period (``_anchor_range``), not every child times every review; whether a review was done
    is answered from the covering index ``reviewcontact_subject_outcome`` alone; and a teenage
    parent's carer is looked for only among people born in the last 25 years (a carer under 20
    at the birth of a child under five on the last day is — the week's slack is for leap days;
    the exact test is the one before it), so the hash of carers is the young, not everyone."""
    return _rows(f"""
        WITH kids AS MATERIALIZED (
            SELECT k.id, k.family_id, k.date_of_birth, k.due_date, k.ethnicity, f.sector,
                   COALESCE({UNDER_FIVE}, false) AS under_five
            FROM families_person k
            JOIN (SELECT f.id, {SECTOR} AS sector FROM families_family f
                  WHERE f.centre_id = %(centre)s) f ON f.id = k.family_id
            WHERE k.kind = %(child)s AND k.created_at < %(until)s
        ),
        due AS (
            SELECT d.* FROM ({_due_sql()}) d WHERE d.closes BETWEEN %(start)s AND %(end)s
        ),
        fed AS (
            SELECT DISTINCT ON (rc.subject_id, rc.review) rc.review, rc.contact_date, rc.breastfeeding, k.sector
            FROM kids k JOIN families_reviewcontact rc ON rc.subject_id = k.id
            WHERE rc.review = ANY(%(reviews)s) AND rc.breastfeeding <> '' AND rc.outcome = %(completed)s
              AND rc.contact_date BETWEEN %(start)s AND %(end)s
            ORDER BY rc.subject_id, rc.review, rc.contact_date DESC, rc.id DESC
        )
        SELECT 'child', c.sector, c.band || ':' || c.ethnicity, NULL::date, NULL::boolean, c.n
        FROM (SELECT k.sector, date_part('year', age(%(end)s::date, k.date_of_birth))::int AS band, k.ethnicity,
                     count(*) AS n
              FROM kids k WHERE k.under_five
              GROUP BY 1, 2, 3) c
        UNION ALL
        SELECT 'expectant', k.sector, '', NULL, NULL, count(DISTINCT k.family_id)
        FROM kids k WHERE k.due_date >= %(start)s AND (k.date_of_birth IS NULL OR k.date_of_birth > %(end)s)
        GROUP BY 2
        UNION ALL
        SELECT 'teenage', k.sector, '', NULL, NULL, count(DISTINCT c.id)
        FROM kids k
        JOIN families_carerlink l ON l.child_id = k.id
        JOIN families_person c ON c.id = l.carer_id
        WHERE k.under_five AND k.date_of_birth < c.date_of_birth + interval '20 years'
          AND c.date_of_birth > %(end)s::date - interval '25 years 7 days'
        GROUP BY 2
        UNION ALL
        SELECT 'feed', f.sector, f.review, date_trunc('month', f.contact_date)::date,
               f.breastfeeding = ANY(%(fed)s), count(*)
        FROM fed f
        GROUP BY 2, 3, 4, 5
        UNION ALL
        SELECT 'review', d.sector, d.review, date_trunc('month', d.closes)::date,
               EXISTS (SELECT 1 FROM families_reviewcontact rc
                       WHERE rc.subject_id = d.id AND rc.review = d.review AND rc.outcome = %(completed)s
                         AND rc.contact_date BETWEEN d.opens AND d.closes),
               count(*)
        FROM due d
        GROUP BY 2, 3, 4, 5""", {
        **params, "fed": list(FED), "reviews": [Review.NEW_BIRTH, Review.SIX_TO_EIGHT_WEEKS],
        **_anchor_ranges(params["start"], params["end"]),
    })


def _consent(params: dict) -> list[tuple]:
    """Families registered by the end of the period, and whether an explicit consent was active on
    its last day (given, not withdrawn, not replaced by a newer decision): (sector, active, n)."""
    return _rows(f"""
        SELECT {SECTOR}, EXISTS (
            SELECT 1 FROM consent_consent c
            WHERE c.family_id = f.id AND c.kind = %(explicit)s AND c.decision = %(given)s AND c.given_on <= %(end)s
              AND NOT EXISTS (SELECT 1 FROM consent_consentwithdrawal w
                              WHERE w.consent_id = c.id AND w.withdrawn_at < %(until)s)
              AND NOT EXISTS (SELECT 1 FROM consent_consent n WHERE n.supersedes_id = c.id AND n.given_on <= %(end)s)
        ), count(*)
        FROM families_family f
        WHERE f.centre_id = %(centre)s AND f.created_at < %(until)s
        GROUP BY 1, 2""", {**params, "explicit": ConsentKind.EXPLICIT, "given": ConsentDecision.GIVEN})


# --- Atoms and cells --------------------------------------------------------------------------


class _Page:
    """The atoms of one page and the cells built from them."""

    def __init__(self, areas: list[str], months: list[dt.date]) -> None:
        self.areas, self.months = areas, months
        self.atoms: dict[Hashable, int] = {}
        self.cells: list[Cell] = []

    def grid(self, *dims: Iterable) -> None:
        for atom in itertools.product(*dims):
            self.atoms.setdefault(atom, 0)

    def add(self, atom: tuple, n: int) -> None:
        self.atoms[atom] = self.atoms.get(atom, 0) + n

    def cell(self, key: tuple, test: Callable[[tuple], bool], *, shown: bool = True) -> None:
        self.cells.append(Cell(key, frozenset(a for a in self.atoms if test(a)), shown))


def _area(sector: str, sectors: list[str]) -> str:
    return sector if sector in sectors else ELSEWHERE


def _in(area: str, atom_area: str) -> bool:
    return area in (CENTRE, atom_area)


def _without_jit() -> None:
    """PostgreSQL's JIT compiles these aggregates for longer than they run (seconds, measured at
    10k families a centre: docs/figures.md); off for the rest of this transaction only — every
    request is one transaction, and the benchmark times the figures inside one. In the same
    statement, more memory for sorts and hashes than the 4 MB default, for this transaction only:
    at 50k families a centre the children (``kids``) and the reviews due are each a few MB, and
    spilled to temporary files on disk (docs/performance.md, "Reach-area figures")."""
    _rows("SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true)", {})


def _build(centre: Centre, period: Period, sectors: list[str]) -> _Page:
    params = _params(centre, period)
    if connection.vendor == "postgresql":
        _without_jit()
    areas = [*sectors, ELSEWHERE]
    page = _Page(areas, period.months)
    ethnic = list(ETHNIC_ROWS)

    page.grid(["child"], areas, AGE_BANDS, ethnic)
    feeding = [Review.NEW_BIRTH, Review.SIX_TO_EIGHT_WEEKS]
    page.grid(["parent"], ["expectant", "teenage"], areas)
    page.grid(["feed"], feeding, areas, period.months, [True, False])
    page.grid(["review"], list(Review.values), areas, period.months, [True, False])
    for measure, sector, dimension, month, flag, n in _children_counts(params):
        area = _area(sector, sectors)
        if measure == "child":
            band, _, ethnicity = dimension.partition(":")
            group = ETHNIC_GROUP_OF.get(ethnicity, NOT_RECORDED) if ethnicity else NOT_RECORDED
            page.add(("child", area, int(band), group), n)
        elif measure in ("expectant", "teenage"):
            page.add(("parent", measure, area), n)
        else:  # "feed" or "review"
            page.add((measure, dimension, area, month, flag), n)
    page.grid(["consent"], areas, [True, False])
    for sector, active, n in _consent(params):
        page.add(("consent", _area(sector, sectors), active), n)

    columns = [*areas, CENTRE]
    for area in columns:
        for band in [*AGE_BANDS, ALL]:
            page.cell(("child", area, band), lambda a, area=area, band=band: a[0] == "child" and _in(area, a[1])
                      and (band == ALL or a[2] == band))
        for group in ethnic:
            page.cell(("ethnic", area, group),
                      lambda a, area=area, group=group: a[0] == "child" and _in(area, a[1]) and a[3] == group)
        for kind in ("expectant", "teenage"):
            page.cell(("parent", kind, area),
                      lambda a, area=area, kind=kind: a[0] == "parent" and a[1] == kind and _in(area, a[2]))
        for review in feeding:
            _yes_no_cells(page, ("feed", review, area),
                          lambda a, area=area, review=review: a[0] == "feed" and a[1] == review and _in(area, a[2]))
        for review in Review.values:
            _yes_no_cells(page, ("review", review, area),
                          lambda a, area=area, review=review: a[0] == "review" and a[1] == review and _in(area, a[2]))
        _yes_no_cells(page, ("consent", area), lambda a, area=area: a[0] == "consent" and _in(area, a[1]))
    # The trend over the period, for the whole centre: a month against the period it is part of.
    for month in period.months:
        _yes_no_cells(page, ("trend-feed", month), lambda a, month=month: a[0] == "feed"
                      and a[1] == Review.SIX_TO_EIGHT_WEEKS and a[3] == month)
        _yes_no_cells(page, ("trend-review", month), lambda a, month=month: a[0] == "review" and a[3] == month)
    return page


def _yes_no_cells(page: _Page, key: tuple, test: Callable[[tuple], bool]) -> None:
    """A denominator, its numerator, and the difference between them (never printed, but a reader
    could subtract one from the other, so it is protected too)."""
    page.cell((*key, ALL), test)
    page.cell((*key, True), lambda a: test(a) and a[-1] is True)
    page.cell((*key, False), lambda a: test(a) and a[-1] is False, shown=False)


# --- Display -------------------------------------------------------------------------------------


def _count(result: Suppression, key: tuple) -> Shown:
    value = result.shown(key)
    if value is None:
        return Shown(SUPPRESSED, None, True)
    return Shown(f"{value:,}", value)


def _rate(result: Suppression, key: tuple) -> Shown:
    rate = result.rate((*key, True), (*key, ALL))
    if rate is None:
        suppressed = (*key, True) in result.hidden or (*key, ALL) in result.hidden
        return Shown(SUPPRESSED if suppressed else "–", None, suppressed)
    return Shown(f"{rate * 100:.0f}%", round(rate * 100, 1))


def area_label(area: str) -> str:
    return {CENTRE: "Whole centre", ELSEWHERE: "Outside the reach area"}.get(area, area)


def figures_for(*, centre: Centre, period: Period) -> Figures:
    sectors = list(centre.reach_areas.values_list("postcode_sector", flat=True))
    page = _build(centre, period, sectors)
    limit = threshold()
    result = suppress(page.atoms, page.cells, limit)
    columns = [*page.areas, CENTRE]
    headers = [area_label(a) for a in columns]

    def counts(label: str, key: Callable[[str], tuple]) -> Row:
        return Row(label, [_count(result, key(area)) for area in columns])

    def rates(label: str, key: Callable[[str], tuple]) -> Row:
        return Row(label, [_rate(result, key(area)) for area in columns], is_rate=True)

    children = Table("children", "Children under 5 registered, by age on the last day", headers, [
        *[counts(AGE_BAND_LABELS[b], lambda area, b=b: ("child", area, b)) for b in AGE_BANDS],
        counts("All children under 5", lambda area: ("child", area, ALL)),
    ])
    ethnicity = Table("ethnicity", "Children under 5 by ethnic group (ONS 2021 groups)", headers, [
        counts(group, lambda area, group=group: ("ethnic", area, group)) for group in ETHNIC_ROWS
    ], note="“Not stated”: the family was asked and preferred not to say. “Not recorded”: not asked yet.")
    parents = Table("parents", "Parents and families", headers, [
        counts("Expectant families (baby due during or after the period)", lambda a: ("parent", "expectant", a)),
        counts("Teenage parents (under 20 at the child's birth)", lambda a: ("parent", "teenage", a)),
        counts("Families registered", lambda a: ("consent", a, ALL)),
        counts("Families with active explicit consent", lambda a: ("consent", a, True)),
        rates("Families with active explicit consent (rate)", lambda a: ("consent", a)),
    ])
    feeding = Table("breastfeeding", "Breastfeeding (of those recorded)", headers, [])
    for review in (Review.NEW_BIRTH, Review.SIX_TO_EIGHT_WEEKS):
        feeding.rows += [
            counts(f"{review.label}: recorded", lambda a, r=review: ("feed", r, a, ALL)),
            counts(f"{review.label}: totally or partially breastfed", lambda a, r=review: ("feed", r, a, True)),
            rates(f"{review.label}: breastfed (rate)", lambda a, r=review: ("feed", r, a)),
        ]
    reviews = Table("reviews", "Healthy Child Programme reviews due in the period, completed on time", headers, [])
    for review in Review:
        reviews.rows += [
            counts(f"{review.label}: due", lambda a, r=review: ("review", r.value, a, ALL)),
            counts(f"{review.label}: completed on time", lambda a, r=review: ("review", r.value, a, True)),
            rates(f"{review.label}: on time (rate)", lambda a, r=review: ("review", r.value, a)),
        ]
    trend = Table("trend", "Month by month, whole centre", [
        "6 to 8 week review: recorded", "Breastfed", "Breastfed (rate)",
        "Reviews due", "Completed on time", "On time (rate)",
    ], [
        Row(f"{month:%B %Y}", [
            _count(result, ("trend-feed", month, ALL)), _count(result, ("trend-feed", month, True)),
            _rate(result, ("trend-feed", month)),
            _count(result, ("trend-review", month, ALL)), _count(result, ("trend-review", month, True)),
            _rate(result, ("trend-review", month)),
        ]) for month in page.months
    ])
    return Figures(
        centre=centre, period=period, sectors=sectors, threshold=limit,
        tables=[children, ethnicity, parents, feeding, reviews], trend=trend,
        hidden_count=len(result.hidden), areas=headers,
    )


def csv_rows(figures: Figures) -> Iterable[list[str]]:
    """Long format, one figure a line: table, row, column, value ("[c]" when suppressed)."""
    yield ["Centre", "From", "To", "Table", "Figure", "Area or month", "Value"]
    head = [figures.centre.name, figures.period.start.isoformat(), figures.period.end.isoformat()]
    for table in [*figures.tables, figures.trend]:
        for row in table.rows:
            for column, shown in zip(table.columns, row.cells, strict=True):
                yield [*head, table.title, row.label, column, shown.csv]
