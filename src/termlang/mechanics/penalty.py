"""Penalties and liquidated damages that accrue per period of delay.

**Delay.** A performance due on `due` and done on `done` is late by the days `d` with
`due <= d < done` (done on the due date: no delay; the next day: one day). Days inside a
force-majeure interval `[start, end)` do not count: the penalty is suspended. The days that
count are the *effective* delay.

**Periods.** The effective delay is measured in the penalty's unit (`per day`, `per week`,
`per month`, `per 2 weeks`, ...) from the due date, as if the suspended days had not happened:
the effective end is `due + effective days`; whole periods are counted from `due` (months
with the month-end clamping rule) and the last, partial period is the fraction of its days
that passed. Basis `pro_rata` charges that fraction; basis `started_period` charges every
period that has started in full.

**Amount.** periods × the amount per period (a fixed amount, or a percentage of a base
amount), never more than the cap. Accrual is non-decreasing in the delay and never above the
cap (tested).

**Thresholds.** `cap_reached_on` is the first day on which the accrued amount reaches the
cap; `terminate_right_on` the first day on which the delay (a duration) or the accrued
amount (money) passes the termination threshold: the day from which the other party may
terminate. Both are calendar dates, suspended days included.

Exact; `accrued` is rounded once (`exact.to_money`).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING

from termlang.mechanics.exact import frac, to_money
from termlang.values import Duration, DurationUnit, Money, add_months

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen


class Basis(enum.Enum):
    PRO_RATA = "pro_rata"
    STARTED_PERIOD = "started_period"


BASIS_WORDS = tuple(b.value for b in Basis)

_MONTHS = {DurationUnit.MONTH: 1, DurationUnit.QUARTER: 3, DurationUnit.YEAR: 12}
_DAYS = {DurationUnit.DAY: 1, DurationUnit.WEEK: 7}


@frozen
class PenaltyTerms:
    """What the clause says: `rate` per `per`, on a `basis`, up to `cap`."""

    rate: Money  # the amount per period (a percentage of a base is resolved by the caller)
    per: Duration  # `per day`, `per 2 weeks`, `per month`; not business days
    basis: Basis = Basis.PRO_RATA
    cap: Money | None = None
    terminate_after: Duration | Money | None = None


@frozen
class PenaltyResult:
    due: date
    until: date  # the day performance came, or the date of evaluation
    delay_days: int  # calendar days late
    suspended_days: int  # of which under force majeure
    effective_days: int
    periods: Fraction  # periods charged (whole under started_period)
    exact_accrued: Fraction  # before the cap
    accrued: Money  # capped and rounded
    capped: bool
    cap_reached_on: date | None
    terminate_right_on: date | None


def _merge(intervals: Sequence[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[tuple[date, date]] = []
    for start, end in sorted(i for i in intervals if i[0] < i[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def suspended_days(start: date, end: date, intervals: Sequence[tuple[date, date]]) -> int:
    """Days of `[start, end)` inside the (merged) intervals."""
    total = 0
    for a, b in _merge(intervals):
        lo, hi = max(a, start), min(b, end)
        if lo < hi:
            total += (hi - lo).days
    return total


def calendar_date(due: date, effective: int, intervals: Sequence[tuple[date, date]]) -> date:
    """The first date by which `effective` days of delay (outside the intervals) have run."""
    current = due
    left = effective
    for a, b in _merge(intervals):
        if b <= current:
            continue
        a = max(a, current)
        free = (a - current).days
        if left <= free:
            break
        left -= free
        current = b
    return current + timedelta(days=left)


def periods_of(due: date, effective: int, per: Duration, basis: Basis) -> Fraction:
    """The number of `per` periods in `effective` days of delay counted from `due`."""
    if effective <= 0:
        return Fraction(0)
    if per.amount <= 0:
        raise ValueError("a penalty period must be at least one unit long")
    if per.unit in _DAYS:
        exact = Fraction(effective, _DAYS[per.unit] * per.amount)
    elif per.unit in _MONTHS:
        step = _MONTHS[per.unit] * per.amount
        end = due + timedelta(days=effective)
        months = (end.year - due.year) * 12 + end.month - due.month
        whole = max(0, months // step)
        while add_months(due, (whole + 1) * step)[0] <= end:
            whole += 1
        while whole > 0 and add_months(due, whole * step)[0] > end:
            whole -= 1
        lo = add_months(due, whole * step)[0]
        hi = add_months(due, (whole + 1) * step)[0]
        exact = whole + Fraction((end - lo).days, (hi - lo).days)
    else:
        raise ValueError("penalties accrue per day, week, month, quarter or year")
    if basis is Basis.STARTED_PERIOD:
        return Fraction(-((-exact.numerator) // exact.denominator))
    return exact


def _first_day(due: date, limit: int, holds: Callable[[int], bool]) -> int | None:
    """The smallest effective delay in 1..limit for which `holds` (monotone), else None."""
    if limit < 1 or not holds(limit):
        return None
    lo, hi = 1, limit
    while lo < hi:
        mid = (lo + hi) // 2
        if holds(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def accrue(
    terms: PenaltyTerms,
    due: date,
    until: date,
    force_majeure: Sequence[tuple[date, date]] = (),
) -> PenaltyResult:
    """The penalty for a performance due on `due` and done on `until` (or still not done then)."""
    delay = max(0, (until - due).days)
    suspended = suspended_days(due, until, force_majeure) if delay else 0
    effective = delay - suspended
    rate = frac(terms.rate)
    currency = terms.rate.currency

    def amount(days: int) -> Fraction:
        return periods_of(due, days, terms.per, terms.basis) * rate

    raw = amount(effective)
    cap = frac(terms.cap) if terms.cap is not None else None
    capped = cap is not None and raw >= cap
    accrued = min(raw, cap) if cap is not None else raw
    cap_day = None
    if cap is not None:
        first = _first_day(due, effective, lambda n: amount(n) >= cap)
        if first is not None:
            cap_day = calendar_date(due, first, force_majeure)
    terminate_day = None
    threshold = terms.terminate_after
    if isinstance(threshold, Duration):
        limit_days = (threshold.add_to(due)[0] - due).days
        if effective > limit_days:
            terminate_day = calendar_date(due, limit_days + 1, force_majeure)
    elif isinstance(threshold, Money):
        bound = frac(threshold)
        first = _first_day(
            due, effective, lambda n: (amount(n) if cap is None else min(amount(n), cap)) >= bound
        )
        if first is not None:
            terminate_day = calendar_date(due, first, force_majeure)
    return PenaltyResult(
        due=due,
        until=until,
        delay_days=delay,
        suspended_days=suspended,
        effective_days=effective,
        periods=periods_of(due, effective, terms.per, terms.basis),
        exact_accrued=raw,
        accrued=to_money(currency, accrued),
        capped=capped,
        cap_reached_on=cap_day,
        terminate_right_on=terminate_day,
    )
