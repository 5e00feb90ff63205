"""Day-count conventions: the fraction of a year between two dates.

Written in files as `actual_365`, `actual_360`, `thirty_360` and `actual_actual` (`/` is an
operator in no termlang token, so the usual `actual/365` is spelt with an underscore).

- `actual_365` (Actual/365 Fixed): days / 365.
- `actual_360`: days / 360.
- `thirty_360` (30/360 bond basis, ISDA 2006 4.16(f)): every month counts 30 days;
  a start on the 31st counts as the 30th, and an end on the 31st counts as the 30th when the
  start is the 30th or 31st.
- `actual_actual` (Actual/Actual ISDA): days falling in a leap year count 1/366, the others
  1/365.

Every fraction is exact (`Fraction`); the start date is included and the end date excluded,
so `year_fraction(d, d) == 0` and fractions over consecutive intervals add up (except under
30/360, whose day counts are not additive across a 31st).
"""

from __future__ import annotations

import enum
from datetime import date
from fractions import Fraction

from termlang.calendar import is_leap


class DayCount(enum.Enum):
    ACTUAL_365 = "actual_365"
    ACTUAL_360 = "actual_360"
    THIRTY_360 = "thirty_360"
    ACTUAL_ACTUAL = "actual_actual"


DAY_COUNT_WORDS = tuple(d.value for d in DayCount)


def days_360(start: date, end: date) -> int:
    """Days between two dates under 30/360 (bond basis)."""
    d1, d2 = start.day, end.day
    if d1 == 31:
        d1 = 30
    if d2 == 31 and d1 == 30:
        d2 = 30
    return 360 * (end.year - start.year) + 30 * (end.month - start.month) + (d2 - d1)


def year_fraction(start: date, end: date, convention: DayCount) -> Fraction:
    """The exact fraction of a year from `start` (included) to `end` (excluded).

    Negative when `end` is before `start`.
    """
    if end < start:
        return -year_fraction(end, start, convention)
    days = (end - start).days
    match convention:
        case DayCount.ACTUAL_365:
            return Fraction(days, 365)
        case DayCount.ACTUAL_360:
            return Fraction(days, 360)
        case DayCount.THIRTY_360:
            return Fraction(days_360(start, end), 360)
        case DayCount.ACTUAL_ACTUAL:
            total = Fraction(0)
            current = start
            while current < end:
                boundary = min(date(current.year + 1, 1, 1), end) if current.year < 9999 else end
                length = 366 if is_leap(current.year) else 365
                total += Fraction((boundary - current).days, length)
                current = boundary
            return total
    raise ValueError(f"unknown day count {convention!r}")
