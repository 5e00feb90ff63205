"""Compound interest over very long spans (security review F10, rows 86 and 87).

A loan compounding monthly to 9999-12-31 used to take 27 s and then crash with
`OverflowError: date value out of range`: the per-period loop multiplied one ever larger
fraction per month and computed the accrual date after the last one, past year 9999. The
whole periods are now compounded in closed form (`interest._growth` over the period fractions
of one 400-year cycle); these tests hold it to the old loop, exactly.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from termlang.mechanics import interest
from termlang.mechanics.daycount import DayCount, year_fraction
from termlang.mechanics.exact import frac
from termlang.values import DurationUnit, Money, Percent, add_months

COMPOUNDING = [DurationUnit.MONTH, DurationUnit.QUARTER, DurationUnit.YEAR]


def usd(amount: str | int) -> Money:
    return Money("USD", Decimal(amount))


def loop_balance(
    principal: Money, rate: Percent, start: date, end: date, day_count: DayCount, months: int
) -> tuple[Fraction, int]:
    """The balance as the accrual loop computed it before the closed form: period by period."""
    p, r = frac(principal), frac(rate)
    balance, whole, period_start = p, 0, start
    while True:
        period_end = add_months(start, (whole + 1) * months)[0]
        if period_end > end:
            break
        balance *= 1 + r * year_fraction(period_start, period_end, day_count)
        whole += 1
        period_start = period_end
    return balance * (1 + r * year_fraction(period_start, end, day_count)), whole


def loop_fractions(start: date, whole: int, months: int, day_count: DayCount) -> Counter[Fraction]:
    """Every whole period's year fraction, counted one period at a time."""
    counts: Counter[Fraction] = Counter()
    for k in range(whole):
        a, b = add_months(start, k * months)[0], add_months(start, (k + 1) * months)[0]
        counts[year_fraction(a, b, day_count)] += 1
    return counts


rates = st.decimals(min_value=0, max_value=40, places=3, allow_nan=False, allow_infinity=False)


@settings(max_examples=examples(150), deadline=None)
@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)),
    st.integers(0, 30 * 366),
    rates,
    st.sampled_from(list(DayCount)),
    st.sampled_from(COMPOUNDING),
)
def test_closed_form_equals_the_period_loop(
    start: date, days: int, rate: Decimal, day_count: DayCount, compounding: DurationUnit
) -> None:
    end = start + timedelta(days=days)
    principal, pct = usd("250000.50"), Percent(rate)
    acc = interest.accrue(principal, pct, start, end, day_count=day_count, compounding=compounding)
    balance, whole = loop_balance(
        principal, pct, start, end, day_count, interest.MONTHS[compounding]
    )
    assert acc.exact_interest == balance - frac(principal)
    assert acc.periods_compounded == whole


@settings(max_examples=examples(40), deadline=None)
@given(
    st.dates(min_value=date(1, 1, 1), max_value=date(5000, 12, 31)),
    st.integers(0, 1300),
    rates,
    st.sampled_from(list(DayCount)),
)
def test_closed_form_over_whole_400_year_cycles(
    start: date, years: int, rate: Decimal, day_count: DayCount
) -> None:
    """Spans longer than one calendar cycle: yearly compounding keeps the old loop cheap."""
    end = min(add_months(start, 12 * years)[0] + timedelta(days=years % 200), date(9999, 12, 31))
    principal, pct = usd(1000), Percent(rate)
    acc = interest.accrue(principal, pct, start, end, day_count=day_count, compounding=None)
    yearly = interest.accrue(
        principal, pct, start, end, day_count=day_count, compounding=DurationUnit.YEAR
    )
    balance, whole = loop_balance(principal, pct, start, end, day_count, 12)
    assert yearly.exact_interest == balance - frac(principal)
    assert yearly.periods_compounded == whole
    assert yearly.exact_interest >= acc.exact_interest


@settings(max_examples=examples(25), deadline=None)
@given(
    st.dates(min_value=date(1, 1, 1), max_value=date(1200, 12, 31)),
    st.integers(0, 12_000),
    st.sampled_from([1, 3]),
    st.sampled_from(list(DayCount)),
)
def test_one_cycle_gives_every_period_fraction(
    start: date, whole: int, months: int, day_count: DayCount
) -> None:
    """Monthly and quarterly periods over up to 1,000 years: the cycle counts are exact."""
    assert interest.period_fractions(start, whole, months, day_count) == loop_fractions(
        start, whole, months, day_count
    )


@pytest.mark.parametrize(
    ("start", "end", "months", "whole"),
    [
        (date(2026, 1, 31), date(2026, 2, 27), 1, 0),
        (date(2026, 1, 31), date(2026, 2, 28), 1, 1),  # clamped to the month end
        (date(2026, 1, 31), date(2026, 3, 30), 1, 1),
        (date(2026, 1, 31), date(2026, 3, 31), 1, 2),
        (date(2025, 1, 1), date(9999, 12, 31), 1, 95_699),
        (date(2025, 1, 1), date(9999, 12, 31), 12, 7974),
        (date(2025, 1, 1), date(2025, 1, 1), 3, 0),
    ],
)
def test_whole_periods(start: date, end: date, months: int, whole: int) -> None:
    assert interest.whole_periods(start, end, months) == whole


@pytest.mark.parametrize("compounding", COMPOUNDING)
def test_maturity_on_the_last_representable_day(compounding: DurationUnit) -> None:
    """Rows 86-87: no date past 9999-12-31 is computed, and the sum is exact and finite."""
    acc = interest.accrue(
        usd(1_000_000),
        Percent(5),
        date(2025, 1, 1),
        date(9999, 12, 31),
        compounding=compounding,
    )
    assert acc.periods_compounded > 7000
    assert acc.interest.amount > 10**150


LOAN = """\
agreement "Loan to the end of the calendar" {
  kind       term_sheet
  binding    yes
  effective  2025-01-01
}

party lender_co "Lender" role investor
party borrower_co "Borrower" role company

loan long_loan {
  lender     lender_co
  borrower   borrower_co
  principal  USD 1M
  rate       5%
  interest   INTEREST
  drawn      2025-01-01
  maturity   9999-12-31
}
"""


@pytest.mark.slow
@pytest.mark.parametrize("how", ["compound month", "compound quarter", "compound year", "simple"])
@pytest.mark.parametrize("command", [["timeline"], ["eval", "--at", "9999-12-31"]])
def test_loan_maturing_in_9999_evaluates(tmp_path: Path, how: str, command: list[str]) -> None:
    """Rows 86-87 end to end: used to take 27 s (month) and end in an OverflowError traceback."""
    path = tmp_path / "loan.term"
    path.write_text(LOAN.replace("INTEREST", how), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "termlang", *command, str(path)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert "long_loan" in result.stdout
