"""Simple and compound interest between two dates, exactly.

Simple interest: `principal × rate × yf(start, end)`, where `yf` is the year fraction of
the day-count convention (`daycount`).

Compound interest with a compounding period (month, quarter or year): the accrual dates are
`start + k periods` (each computed from `start` with the month-end clamping rule, never
chained, so a 31 January start gives 28/29 February, 31 March, ...). Over each whole period
the balance grows by `rate × yf(period)`; the last, partial period accrues simple interest
on the compounded balance. Interest is never capitalised more often than the period says.

Everything is exact (`Fraction`); `Accrual.interest` and `Accrual.balance` are rounded once
by `exact.to_money`. Accrued interest is non-decreasing in the end date (tested).
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from attrs import frozen

from termlang.mechanics.daycount import DayCount, year_fraction
from termlang.mechanics.exact import frac, to_money
from termlang.values import DurationUnit, Money, Percent, add_months

MONTHS = {DurationUnit.MONTH: 1, DurationUnit.QUARTER: 3, DurationUnit.YEAR: 12}


@frozen
class Accrual:
    """Interest accrued on a principal from `start` to `end`."""

    start: date
    end: date
    principal: Money
    exact_interest: Fraction  # in units of the currency
    interest: Money  # rounded
    balance: Money  # principal + interest, rounded
    periods_compounded: int  # whole compounding periods (0 for simple interest)


def accrue(
    principal: Money,
    rate: Percent,
    start: date,
    end: date,
    *,
    day_count: DayCount = DayCount.ACTUAL_365,
    compounding: DurationUnit | None = None,
) -> Accrual:
    """Interest on `principal` at annual `rate` from `start` to `end` (nothing if `end <= start`).

    `compounding` None means simple interest; otherwise a month, quarter or year.
    """
    p = frac(principal)
    r = frac(rate)
    whole = 0
    if end <= start:
        balance = p
    elif compounding is None:
        balance = p * (1 + r * year_fraction(start, end, day_count))
    else:
        if compounding not in MONTHS:
            raise ValueError("interest compounds monthly, quarterly or yearly")
        step = MONTHS[compounding]
        balance = p
        period_start = start
        while True:
            period_end = add_months(start, (whole + 1) * step)[0]
            if period_end > end:
                break
            balance *= 1 + r * year_fraction(period_start, period_end, day_count)
            whole += 1
            period_start = period_end
        balance *= 1 + r * year_fraction(period_start, end, day_count)
    interest = balance - p
    currency = principal.currency
    return Accrual(
        start=start,
        end=end,
        principal=principal,
        exact_interest=interest,
        interest=to_money(currency, interest),
        balance=to_money(currency, balance),
        periods_compounded=whole,
    )
