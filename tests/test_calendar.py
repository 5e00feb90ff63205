"""termlang.calendar agrees with the standard library's `calendar` and with `datetime`."""

from __future__ import annotations

import calendar as stdlib
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termlang import calendar as cal


def test_leap_years_and_month_lengths_match_the_standard_library() -> None:
    for year in range(1, 10_000):
        assert cal.is_leap(year) == stdlib.isleap(year)
    for year in (1900, 2000, 2023, 2024, 2100, 9999):
        for month in range(1, 13):
            assert cal.days_in_month(year, month) == stdlib.monthrange(year, month)[1]


# Two years of margin at both ends: outside years 1..9999 `add_months` raises OverflowError,
# as `datetime` does (tested below). (9998-01-01 plus 24 months is in year 10000.)
@given(
    st.dates(min_value=date(3, 1, 1), max_value=date(9997, 12, 31)),
    st.integers(min_value=-24, max_value=24),
)
def test_adding_months_clamps_to_the_month_end(d: date, n: int) -> None:
    result, clamped = cal.add_months(d, n)
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == n
    assert clamped == (result.day != d.day)
    assert result.day == min(d.day, stdlib.monthrange(result.year, result.month)[1])


def test_adding_months_past_the_calendar_raises_overflow() -> None:
    with pytest.raises(OverflowError):
        cal.add_months(date(2, 1, 1), -13)
    with pytest.raises(OverflowError):
        cal.add_months(date(9999, 12, 1), 1)


def test_month_end_and_periods() -> None:
    assert cal.month_end(date(2024, 2, 10)) == date(2024, 2, 29)
    assert cal.month_end(date(2100, 2, 1)) == date(2100, 2, 28)
    assert cal.is_month_end(date(2024, 2, 29)) and not cal.is_month_end(date(2023, 2, 27))
    assert cal.next_day(date(2026, 12, 31)) == date(2027, 1, 1)
    assert cal.next_day(date.max) is None
    assert cal.period_start(date(2026, 8, 31), 3) == date(2026, 7, 1)
    assert cal.period_start(date(2026, 8, 31), 6) == date(2026, 7, 1)
    assert cal.period_start(date(2026, 8, 31), 12) == date(2026, 1, 1)
    assert list(cal.periods_between(date(2026, 2, 15), date(2026, 7, 1), 3)) == [
        (date(2026, 1, 1), date(2026, 4, 1)),
        (date(2026, 4, 1), date(2026, 7, 1)),
    ]
    # the last representable quarter stops before overflowing
    assert list(cal.periods_between(date(9999, 11, 1), date.max, 3)) == []


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(min_value=0, max_value=40),
    st.sets(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 6, 1)), max_size=5),
)
def test_business_days_count_forwards_like_a_day_by_day_walk(
    d: date, n: int, holidays: set[date]
) -> None:
    walked, left = d, n
    while left:
        walked += timedelta(days=1)
        if walked.weekday() < 5 and walked not in holidays:
            left -= 1
    assert cal.add_business_days(d, n, 1, frozenset(holidays)) == walked
    assert cal.business_days_between(d, walked, holidays) == n
    assert cal.is_business_day(walked, holidays) or n == 0
