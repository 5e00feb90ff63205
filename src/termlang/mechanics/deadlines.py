"""Business-day deadlines: "within 5 business days", with an optional holiday calendar.

A business day is a Monday to Friday that is not a holiday of the calendar named in the
file. "Within N business days of D" ends on the N-th business day after D (D itself does
not count, even if it is a business day); `values.Duration.add_to` does the counting, so
there is one implementation of business-day arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from termlang.values import Duration, DurationUnit


def is_business_day(day: date, holidays: frozenset[date] = frozenset()) -> bool:
    return day.weekday() < 5 and day not in holidays


def deadline(start: date, within: Duration, holidays: Iterable[date] = ()) -> date:
    """The last day of `within` after `start`; holidays only matter for business days."""
    return within.add_to(start, 1, frozenset(holidays))[0]


def business_days_between(start: date, end: date, holidays: Iterable[date] = ()) -> int:
    """Business days `d` with `start < d <= end` (0 when `end <= start`)."""
    if end <= start:
        return 0
    hol = frozenset(holidays)
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = 5 * weeks
    current = start + timedelta(days=7 * weeks)
    for _ in range(rest):
        current += timedelta(days=1)
        if current.weekday() < 5:
            count += 1
    count -= sum(1 for h in hol if start < h <= end and h.weekday() < 5)
    return count


def business(n: int) -> Duration:
    return Duration(n, DurationUnit.BUSINESS_DAY)
