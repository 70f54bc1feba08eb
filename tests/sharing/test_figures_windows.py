"""The reviews due in a period are built only for the children whose due date or date of birth
can close a review window in it (``sharing.figures._anchor_range``, issue 14 performance): no
child whose window closes in the period may fall outside that range."""
from __future__ import annotations

import datetime as dt

import pytest

from families.vocabulary import REVIEW_WINDOWS, add_months_days
from sharing.figures import Period, _anchor_range

STARTS = [dt.date(2023, 1, 31), dt.date(2023, 3, 1), dt.date(2024, 2, 29), dt.date(2024, 8, 31), dt.date(2025, 12, 1)]
LENGTHS = [0, 27, 29, 90, 365, 700]


@pytest.mark.parametrize("review", list(REVIEW_WINDOWS))
def test_every_anchor_whose_window_closes_in_the_period_is_in_range(review):
    window = REVIEW_WINDOWS[review]
    for start in STARTS:
        for length in LENGTHS:
            end = start + dt.timedelta(days=length)
            first, last = _anchor_range(window, start, end)
            for offset in range(-1000, length + 200):
                anchor = start + dt.timedelta(days=offset)
                if start <= add_months_days(anchor, *window.end) <= end:
                    assert first <= anchor <= last, (review, start, end, anchor)
            # and the range is tight: three days' slack, no more
            assert start <= add_months_days(first + dt.timedelta(days=3), *window.end)
            assert add_months_days(last - dt.timedelta(days=3), *window.end) <= end


def test_the_default_period_has_a_range_for_every_review():
    period = Period.default(dt.date(2026, 11, 29))
    for window in REVIEW_WINDOWS.values():
        first, last = _anchor_range(window, period.start, period.end)
        assert first < last
