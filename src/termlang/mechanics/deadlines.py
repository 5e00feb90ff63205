"""Business-day deadlines: "within 5 business days", with an optional holiday calendar.

A business day is a Monday to Friday that is not a holiday of the calendar named in the
file. "Within N business days of D" ends on the N-th business day after D (D itself does
not count, even if it is a business day); `values.Duration.add_to` does the counting, so
there is one implementation of business-day arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from termlang.calendar import business_days_between as business_days_between
from termlang.calendar import is_business_day as is_business_day
from termlang.values import Duration, DurationUnit


def deadline(start: date, within: Duration, holidays: Iterable[date] = ()) -> date:
    """The last day of `within` after `start`; holidays only matter for business days."""
    return within.add_to(start, 1, frozenset(holidays))[0]


def business(n: int) -> Duration:
    return Duration(n, DurationUnit.BUSINESS_DAY)
