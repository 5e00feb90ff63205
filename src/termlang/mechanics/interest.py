"""Simple and compound interest between two dates, exactly.

Simple interest: `principal × rate × yf(start, end)`, where `yf` is the year fraction of
the day-count convention (`daycount`).

Compound interest with a compounding period (month, quarter or year): the accrual dates are
`start + k periods` (each computed from `start` with the month-end clamping rule, never
chained, so a 31 January start gives 28/29 February, 31 March, ...). Over each whole period
the balance grows by `rate × yf(period)`; the last, partial period accrues simple interest
on the compounded balance. Interest is never capitalised more often than the period says.

The whole periods are compounded in closed form, not one by one: the growth over them is
`Π (1 + rate × f)^n`, one factor per distinct year fraction `f` of a whole period, `n` the
number of periods with that fraction. A period's fraction depends only on its two dates, and
the Gregorian calendar repeats every 400 years (4,800 months, 146,097 days), so the periods of
one 400-year cycle give every `f` and `n` for any span: at most 4,800 periods are ever
looked at, however late the maturity. The product is the same exact rational as the
period-by-period one (tested with hypothesis), and no date past the end is ever computed, so
a maturity on 9999-12-31 is fine.

Everything is exact (`Fraction`); `Accrual.interest` and `Accrual.balance` are rounded once
by `exact.to_money`. Accrued interest is non-decreasing in the end date (tested).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from fractions import Fraction
from itertools import combinations
from math import gcd
from typing import Any, cast

from attrs import frozen

from termlang.mechanics.daycount import DayCount, year_fraction
from termlang.mechanics.exact import frac, to_money
from termlang.values import DurationUnit, Money, Percent, add_months

MONTHS = {DurationUnit.MONTH: 1, DurationUnit.QUARTER: 3, DurationUnit.YEAR: 12}
# The Gregorian calendar repeats after 400 years: month lengths, leap years and so every
# period's year fraction (under each day count) are the same 4,800 months later.
CYCLE_MONTHS = 4800


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
        whole = whole_periods(start, end, step)
        balance = p * _growth(r, period_fractions(start, whole, step, day_count))
        last = add_months(start, whole * step)[0]
        balance *= 1 + r * year_fraction(last, end, day_count)
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


def whole_periods(start: date, end: date, months: int) -> int:
    """How many whole periods of `months` months fit from `start` to `end` (`end >= start`).

    Period `k` ends on `start + k × months` (clamped to the month end); never computes a date
    past `end`, so an `end` on 9999-12-31 is fine.
    """
    span = (end.year - start.year) * 12 + end.month - start.month
    k = span // months
    # the candidate is in `end`'s month or earlier; a clamped or later day may push it past
    while k > 0 and add_months(start, k * months)[0] > end:
        k -= 1
    return k


def period_fractions(
    start: date, whole: int, months: int, day_count: DayCount
) -> Counter[Fraction]:
    """The year fraction of each of the first `whole` periods, with how many periods have it.

    Looks at one 400-year cycle at most: period `k + CYCLE_MONTHS / months` has the same
    dates as period `k`, 400 years later, hence the same fraction.
    """
    per_cycle = CYCLE_MONTHS // months
    cycles, rest = divmod(whole, per_cycle)
    counts: Counter[Fraction] = Counter()
    begin = start
    for k in range(min(whole, per_cycle)):
        finish = add_months(start, (k + 1) * months)[0]
        counts[year_fraction(begin, finish, day_count)] += cycles + (1 if k < rest else 0)
        begin = finish
    return counts


def _growth(rate: Fraction, fractions: Counter[Fraction]) -> Fraction:
    """`Π (1 + rate × f)^n` over the fractions `f` and their counts `n`, exactly.

    Over a long span the result has hundreds of thousands of digits, and reducing such a
    fraction (a gcd of two huge integers) costs far more than computing it. The small bases
    are therefore first rewritten over pairwise coprime factors (`_coprime_powers`), so the
    huge numerator and denominator are coprime by construction and every gcd the `Fraction`
    arithmetic takes has a small operand.
    """
    powers: dict[int, int] = {}
    for f, n in fractions.items():
        factor = 1 + rate * f
        powers[factor.numerator] = powers.get(factor.numerator, 0) + n
        powers[factor.denominator] = powers.get(factor.denominator, 0) - n
    num, den = 1, 1
    for base, exponent in _coprime_powers(powers).items():
        if exponent > 0:
            num *= base**exponent
        else:
            den *= base**-exponent
    return _coprime_fraction(num, den)


def _coprime_fraction(num: int, den: int) -> Fraction:
    """`num / den` for coprime `num` and `den > 0`, without the gcd `Fraction(num, den)` takes.

    The constructors that skip it are CPython's own, named differently in 3.11 and 3.12+;
    the plain constructor (same value, only slower) is the fallback.
    """
    make: Any = getattr(Fraction, "_from_coprime_ints", None)  # Python 3.12+
    if make is not None:
        return cast(Fraction, make(num, den))
    try:
        build: Any = Fraction
        return cast(Fraction, build(num, den, _normalize=False))  # Python 3.11
    except TypeError:
        return Fraction(num, den)


def _coprime_powers(powers: dict[int, int]) -> dict[int, int]:
    """`Π base^exponent` rewritten over pairwise coprime bases (exponents may be negative).

    Two bases with a common factor `g` become `x/g`, `y/g` and `g`; the product of the bases
    shrinks each time, so this ends. The bases are the small numerators and denominators of
    `1 + rate × f`, a handful of them.
    """
    out = {b: e for b, e in powers.items() if b != 1 and e}
    while True:
        pair = next(
            ((x, y, g) for x, y in combinations(out, 2) if (g := gcd(x, y)) > 1),
            None,
        )
        if pair is None:
            return out
        x, y, g = pair
        ex, ey = out.pop(x), out.pop(y)
        for base, exponent in ((x // g, ex), (y // g, ey), (g, ex + ey)):
            if base != 1:
                out[base] = out.get(base, 0) + exponent
        out = {b: e for b, e in out.items() if e}
