"""Calendar arithmetic in one place: leap years, month ends, calendar periods, business days.

Every stage that reasons about the calendar (values.Duration, checks/calendar.py and
checks/bounds.py, the evaluator's periods and mechanics/daycount.py) asks this
module. The calendar is the proleptic Gregorian one of `datetime.date` and of the standard
library's `calendar`: a leap year is divisible by 4, except centuries not divisible by 400.
tests/test_calendar.py checks this module against `calendar`; the module does not import it,
since `calendar` pulls in `locale` (about 2.5 ms) on the path of `termlang check`, which
needs none of its formatting. It imports nothing from termlang, so the lowest floor (values)
can use it.

Conventions:
- adding months keeps the day of month, or clamps it to the last day of a shorter month
  (`31 January + 1 month` is 28 or 29 February) and says so; clamping is not sticky;
- a calendar period of 1, 3, 6 or 12 months is half-open, `[first day, first day of the next)`;
  quarters start in January, April, July and October, years on 1 January;
- a business day is Monday to Friday and not a holiday of the calendar in use. Holidays are
  the file's own `calendar` lists (checks/calendar.py); no country's list is built in.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # `calendar.mdays`


def next_day(d: date) -> date | None:
    """The day after `d` (None after the last representable day)."""
    return d + ONE_DAY if d < date.max else None


def is_leap(year: int) -> bool:
    """Whether `year` has a 29 February (`calendar.isleap`)."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """Number of days in `month` (1-12) of `year` (proleptic Gregorian)."""
    if month == 2 and is_leap(year):
        return 29
    return _DAYS_IN_MONTH[month]


def month_end(d: date) -> date:
    """The last day of the month of `d`."""
    return d.replace(day=days_in_month(d.year, d.month))


def is_month_end(d: date) -> bool:
    """Whether `d` is the last day of its month."""
    return d.day == days_in_month(d.year, d.month)


def add_months(d: date, n: int) -> tuple[date, bool]:
    """Calendar month arithmetic with end-of-month clamping.

    Returns ``(result, clamped)``.  The day of month is kept when it exists in the target
    month; otherwise it is clamped to the target month's last day and ``clamped`` is True
    (callers warn about it)::

        add_months(date(2026, 1, 31), 1)  == (date(2026, 2, 28), True)
        add_months(date(2024, 1, 31), 1)  == (date(2024, 2, 29), True)
        add_months(date(2026, 3, 31), -1) == (date(2026, 2, 28), True)

    ``n`` may be negative.  Clamping is not "sticky": the result depends only on ``d`` and
    ``n``.

    :raises OverflowError: if the result falls outside years 1..9999 (as ``datetime`` does).
    """
    total = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(total, 12)
    if not 1 <= year <= 9999:
        raise OverflowError("date value out of range")
    month = month0 + 1
    last = days_in_month(year, month)
    if d.day > last:
        return date(year, month, last), True
    return date(year, month, d.day), False


def period_start(d: date, months: int) -> date:
    """The first day of the calendar period of `months` (a divisor of 12: 1, 2, 3, 4, 6 or
    12) that holds `d`: periods are aligned on 1 January."""
    return date(d.year, (d.month - 1) // months * months + 1, 1)


def periods_between(start: date, end: date, months: int) -> Iterator[tuple[date, date]]:
    """The calendar periods of `months` that overlap `[start, end)`, as `(first, next first)`
    (stopping before one that would end past the year 9999)."""
    current = period_start(start, months)
    while current < end:
        try:
            nxt = add_months(current, months)[0]
        except OverflowError:
            return
        yield current, nxt
        current = nxt


def is_weekend(d: date) -> bool:
    return d.weekday() >= 5


def is_business_day(d: date, holidays: Collection[date] = ()) -> bool:
    """Monday to Friday, and not a holiday."""
    return d.weekday() < 5 and d not in holidays


def add_business_days(d: date, n: int, sign: int, holidays: Collection[date]) -> date:
    """Move ``n`` business days (Mon-Fri, not in ``holidays``) from ``d`` in direction ``sign``.

    The result is the n-th business day strictly after (before, for ``sign == -1``) ``d``;
    ``n == 0`` returns ``d`` unchanged even if it is not a business day.
    """
    if n == 0:
        return d
    # Any 7 consecutive days contain exactly 5 weekdays, so whole weeks can be jumped; the
    # weekday holidays jumped over are then made up one day at a time.
    weeks = (n - 1) // 5
    remaining = n - 5 * weeks
    current = d + timedelta(days=7 * weeks * sign)
    if holidays and weeks:
        lo, hi = (d, current) if sign > 0 else (current, d)
        # the days jumped over are (d, current] forwards and [current, d) backwards
        remaining += sum(
            1 for h in holidays if h.weekday() < 5 and (lo < h <= hi if sign > 0 else lo <= h < hi)
        )
    step = timedelta(days=sign)
    while remaining:
        current += step
        if is_business_day(current, holidays):
            remaining -= 1
    return current


def business_days_between(start: date, end: date, holidays: Collection[date] = ()) -> int:
    """Business days `d` with `start < d <= end` (0 when `end <= start`)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = 5 * weeks
    current = start + timedelta(days=7 * weeks)
    for _ in range(rest):
        current += ONE_DAY
        if current.weekday() < 5:
            count += 1
    count -= sum(1 for h in set(holidays) if start < h <= end and h.weekday() < 5)
    return count
