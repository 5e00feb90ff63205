"""The mechanics of docs/mechanics.md: every worked figure, and the laws they obey."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from termlang import calendar
from termlang.mechanics import (
    allocation,
    commitment,
    daycount,
    interest,
    penalty,
    refusal,
    waterfall,
)
from termlang.mechanics.daycount import DayCount
from termlang.mechanics.exact import to_money
from termlang.values import Duration, DurationUnit, Money, Percent, Quantity

D = Decimal


def usd(amount: str | int) -> Money:
    return Money("USD", D(amount))


DAY = Duration(1, DurationUnit.DAY)

# ------------------------------------------------------------------------- exact rounding


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=6, allow_nan=False))
def test_to_money_agrees_with_money_rounded(amount: Decimal) -> None:
    assert to_money("USD", Fraction(amount)) == Money("USD", amount).rounded()
    assert to_money("JPY", Fraction(amount)) == Money("JPY", amount).rounded()


def test_to_money_rounds_half_even() -> None:
    assert to_money("USD", Fraction(1, 200)) == usd("0.00")
    assert to_money("USD", Fraction(3, 200)) == usd("0.02")
    assert to_money("USD", Fraction(-1, 3)) == usd("-0.33")


# ------------------------------------------------------------------------- day counts


@pytest.mark.parametrize(
    ("convention", "expected"),
    [
        (DayCount.ACTUAL_365, "39_671.23"),
        (DayCount.ACTUAL_360, "40_222.22"),
        (DayCount.THIRTY_360, "40_000.00"),
        (DayCount.ACTUAL_ACTUAL, "39_671.23"),
    ],
)
def test_simple_interest_worked_example(convention: DayCount, expected: str) -> None:
    acc = interest.accrue(
        usd(1_000_000), Percent(8), date(2026, 1, 1), date(2026, 7, 1), day_count=convention
    )
    assert acc.interest == usd(expected.replace("_", ""))


def test_thirty_360_end_of_month_rules() -> None:
    assert daycount.days_360(date(2026, 1, 31), date(2026, 3, 31)) == 60
    assert daycount.days_360(date(2026, 1, 15), date(2026, 3, 31)) == 76
    assert daycount.days_360(date(2026, 2, 28), date(2026, 3, 1)) == 3


def test_actual_actual_splits_leap_years() -> None:
    yf = daycount.year_fraction(date(2027, 12, 1), date(2028, 2, 1), DayCount.ACTUAL_ACTUAL)
    assert yf == Fraction(31, 365) + Fraction(31, 366)


def test_compound_interest_worked_examples() -> None:
    quarterly = interest.accrue(
        usd(1_000_000),
        Percent(8),
        date(2026, 1, 1),
        date(2027, 1, 1),
        compounding=DurationUnit.QUARTER,
    )
    assert quarterly.interest == usd("82432.09")
    assert quarterly.periods_compounded == 4
    yearly_stub = interest.accrue(
        usd(1_000_000),
        Percent(8),
        date(2026, 1, 1),
        date(2027, 2, 15),
        day_count=DayCount.THIRTY_360,
        compounding=DurationUnit.YEAR,
    )
    assert yearly_stub.interest == usd("90560.00")
    assert yearly_stub.balance == usd("1090560.00")


def test_compound_periods_clamp_from_the_start_date() -> None:
    acc = interest.accrue(
        usd(1200), Percent(12), date(2026, 1, 31), date(2026, 3, 31),
        day_count=DayCount.THIRTY_360, compounding=DurationUnit.MONTH,
    )  # fmt: skip
    # 31 Jan -> 28 Feb (28 days in 30/360) -> 31 Mar: two whole months
    assert acc.periods_compounded == 2


def test_no_interest_before_the_start() -> None:
    acc = interest.accrue(usd(100), Percent(5), date(2026, 1, 1), date(2025, 1, 1))
    assert acc.interest == usd("0.00")


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@settings(max_examples=examples(200))
@given(
    dates,
    st.integers(0, 3000),
    st.integers(0, 400),
    st.sampled_from(list(DayCount)),
    st.sampled_from([None, DurationUnit.MONTH, DurationUnit.QUARTER, DurationUnit.YEAR]),
)
def test_interest_is_monotone_in_time(
    start: date, days: int, more: int, convention: DayCount, compounding: DurationUnit | None
) -> None:
    def exact(end: date) -> Fraction:
        return interest.accrue(
            usd(250_000), Percent(D("7.5")), start, end, day_count=convention,
            compounding=compounding,
        ).exact_interest  # fmt: skip

    early = start + timedelta(days=days)
    assert 0 <= exact(early) <= exact(early + timedelta(days=more))


@given(dates, st.integers(0, 3000), st.sampled_from(list(DayCount)))
def test_compounding_never_earns_less_than_simple(
    start: date, days: int, convention: DayCount
) -> None:
    end = start + timedelta(days=days)
    simple = interest.accrue(usd(1000), Percent(10), start, end, day_count=convention)
    compound = interest.accrue(
        usd(1000), Percent(10), start, end, day_count=convention, compounding=DurationUnit.MONTH
    )
    assert compound.exact_interest >= simple.exact_interest


# ------------------------------------------------------------------------- waterfall

TIERS = [
    waterfall.Tier("recoup", "microsoft", Percent(75), usd(10_000_000)),
    waterfall.Tier("cap", "microsoft", Percent(49), usd(30_000_000)),
]


def test_waterfall_worked_example() -> None:
    result = waterfall.distribute(
        TIERS,
        [
            ("2026", usd(8_000_000)),
            ("2027", usd(12_000_000)),
            ("2028", usd(40_000_000)),
            ("2029", usd(20_000_000)),
        ],
    )
    paid = [[(p.tier, p.amount) for p in r.payments] for r in result.periods]
    assert paid == [
        [("recoup", usd("6000000.00"))],
        [("recoup", usd("4000000.00")), ("cap", usd("3266666.67"))],
        [("cap", usd("16733333.33"))],
        [],
    ]
    assert [r.kept for r in result.periods] == [
        usd("2000000.00"),
        usd("4733333.33"),
        usd("23266666.67"),
        usd("20000000.00"),
    ]
    assert result.reached("recoup") == "2027"
    assert result.reached("cap") == "2028"
    assert dict(result.periods[-1].cumulative)["microsoft"] == usd("30000000.00")


def test_waterfall_open_last_tier_takes_its_share_for_ever() -> None:
    tiers = [*TIERS, waterfall.Tier("residual", "openai_nonprofit", Percent(10))]
    result = waterfall.distribute(tiers, [("2030", usd(100_000_000))])
    shares = {p.tier: p.amount for p in result.periods[0].payments}
    # recoup needs 13.33M of flow, cap 40.82M; 45.85M left, 10% of it to the residual tier
    assert shares["recoup"] == usd("10000000.00")
    assert shares["cap"] == usd("20000000.00")
    assert shares["residual"] == usd("4585034.01")


money_amounts = st.integers(0, 10**10).map(lambda c: Money("USD", Decimal(c).scaleb(-2)))


@settings(max_examples=examples(200))
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b"]),
            st.integers(1, 100).map(Percent),
            st.one_of(st.none(), money_amounts),
        ),
        min_size=1,
        max_size=4,
    ),
    st.lists(money_amounts, min_size=1, max_size=8),
)
def test_waterfall_parts_sum_to_each_distribution(
    spec: list[tuple[str, Percent, Money | None]], amounts: list[Money]
) -> None:
    tiers = [
        waterfall.Tier(f"t{i}", who, share, until) for i, (who, share, until) in enumerate(spec)
    ]
    result = waterfall.distribute(tiers, [(str(2000 + i), a) for i, a in enumerate(amounts)])
    last_target: dict[str, Fraction] = {}
    for tier in tiers:
        if tier.until is not None:
            last_target[tier.recipient] = max(
                last_target.get(tier.recipient, Fraction(0)), Fraction(tier.until.amount)
            )
    received: dict[str, Fraction] = {}
    for period in result.periods:
        total = sum((p.amount for p in period.payments), period.kept)
        assert total == period.distribution.rounded()
        for p in period.payments:
            assert p.exact >= 0
            received[p.recipient] = received.get(p.recipient, Fraction(0)) + p.exact
    for who, got in received.items():
        if all(t.until is not None for t in tiers if t.recipient == who):
            assert got <= last_target[who]


# ------------------------------------------------------------------------- penalties

FM = [(date(2026, 3, 10), date(2026, 3, 20))]


def test_penalty_worked_example() -> None:
    terms = penalty.PenaltyTerms(
        rate=usd(5000), per=DAY, cap=usd(150_000), terminate_after=Duration(30, DurationUnit.DAY)
    )
    result = penalty.accrue(terms, date(2026, 3, 1), date(2026, 4, 15), FM)
    assert (result.delay_days, result.suspended_days, result.effective_days) == (45, 10, 35)
    assert result.exact_accrued == 175_000
    assert result.accrued == usd("150000.00")
    assert result.capped
    assert result.cap_reached_on == date(2026, 4, 10)
    assert result.terminate_right_on == date(2026, 4, 11)


def test_penalty_started_weeks() -> None:
    terms = penalty.PenaltyTerms(
        rate=usd(30_000), per=Duration(1, DurationUnit.WEEK), basis=penalty.Basis.STARTED_PERIOD
    )
    assert penalty.accrue(terms, date(2026, 3, 1), date(2026, 4, 5)).accrued == usd("150000.00")
    assert penalty.accrue(terms, date(2026, 3, 1), date(2026, 4, 6)).accrued == usd("180000.00")
    pro_rata = penalty.PenaltyTerms(rate=usd(30_000), per=Duration(1, DurationUnit.WEEK))
    assert penalty.accrue(pro_rata, date(2026, 3, 1), date(2026, 4, 6)).accrued == usd("154285.71")


def test_penalty_per_month_counts_calendar_months() -> None:
    terms = penalty.PenaltyTerms(rate=usd(1500), per=Duration(1, DurationUnit.MONTH))
    # 31 Jan -> 28 Feb is one month; then 14 of March's 31 days (28 Feb -> 31 Mar)
    result = penalty.accrue(terms, date(2026, 1, 31), date(2026, 3, 14))
    assert result.periods == 1 + Fraction(14, 31)
    assert result.accrued == usd("2177.42")


def test_penalty_on_time_is_nothing() -> None:
    terms = penalty.PenaltyTerms(rate=usd(100), per=DAY, terminate_after=usd(1))
    result = penalty.accrue(terms, date(2026, 3, 1), date(2026, 3, 1))
    assert result.accrued == usd("0.00")
    assert result.terminate_right_on is None


def test_penalty_amount_threshold() -> None:
    terms = penalty.PenaltyTerms(rate=usd(1000), per=DAY, terminate_after=usd(10_000))
    result = penalty.accrue(terms, date(2026, 3, 1), date(2026, 5, 1), FM)
    # 10 effective days: 1-9 March (9), then 20 March
    assert result.terminate_right_on == date(2026, 3, 21)


@settings(max_examples=examples(200))
@given(
    dates,
    st.integers(0, 800),
    st.integers(1, 10_000),
    st.integers(0, 500_000),
    st.sampled_from(list(penalty.Basis)),
    st.sampled_from([DAY, Duration(2, DurationUnit.WEEK), Duration(1, DurationUnit.MONTH)]),
    st.lists(st.tuples(st.integers(-30, 400), st.integers(0, 60)), max_size=3),
)
def test_penalty_never_above_cap_and_monotone(
    due: date,
    late: int,
    rate: int,
    cap: int,
    basis: penalty.Basis,
    per: Duration,
    fm: list[tuple[int, int]],
) -> None:
    intervals = [(due + timedelta(days=a), due + timedelta(days=a + n)) for a, n in fm]
    terms = penalty.PenaltyTerms(rate=usd(rate), per=per, basis=basis, cap=usd(cap))
    now = penalty.accrue(terms, due, due + timedelta(days=late), intervals)
    later = penalty.accrue(terms, due, due + timedelta(days=late + 1), intervals)
    assert now.accrued <= usd(cap)
    assert now.exact_accrued <= later.exact_accrued
    assert now.effective_days == now.delay_days - now.suspended_days >= 0
    if now.cap_reached_on is not None:
        assert now.cap_reached_on <= now.until


# ------------------------------------------------------------------------- commitments


def test_minimum_commitment_shortfall() -> None:
    rows = commitment.shortfalls(
        ["2028", "2029", "2030"],
        {"2028": Money("EUR", D(180_000)), "2029": Money("EUR", D(300_000))},
        floor=Money("EUR", D(250_000)),
        share=Percent(80),
        forecast={"2029": Money("EUR", D(400_000))},
    )
    assert [(r.period, str(r.required), str(r.shortfall)) for r in rows] == [
        ("2028", "EUR 250K", "EUR 70K"),
        ("2029", "EUR 320K", "EUR 20K"),
        ("2030", "EUR 250K", "EUR 250K"),
    ]
    assert str(rows[-1].cumulative_shortfall) == "EUR 340K"


def test_volume_commitment() -> None:
    rows = commitment.shortfalls(
        ["2027"], {"2027": Quantity(9_000, "units")}, floor=Quantity(10_000, "units")
    )
    assert rows[0].shortfall == Quantity(1_000, "units")


# ------------------------------------------------------------------------- business days

HOLIDAYS = [date(2026, 12, 25), date(2027, 1, 1)]


def _deadline(start: date, within: Duration, holidays: list[date] | None = None) -> date:
    """The last day of `within` after `start`, as the interpreter counts it."""
    return within.add_to(start, 1, frozenset(holidays or ()))[0]


def _business(n: int) -> Duration:
    return Duration(n, DurationUnit.BUSINESS_DAY)


def test_business_day_deadline_with_calendar() -> None:
    assert _deadline(date(2026, 12, 22), _business(5)) == date(2026, 12, 29)
    assert _deadline(date(2026, 12, 22), _business(5), HOLIDAYS) == date(2026, 12, 30)
    assert _deadline(date(2026, 12, 22), Duration(5, DurationUnit.DAY), HOLIDAYS) == date(
        2026, 12, 27
    )


@given(dates, st.integers(1, 60), st.lists(dates, max_size=5))
def test_business_days_between_inverts_the_deadline(
    start: date, n: int, holidays: list[date]
) -> None:
    end = _deadline(start, _business(n), holidays)
    assert calendar.business_days_between(start, end, holidays) == n
    assert calendar.is_business_day(end, frozenset(holidays))


# ------------------------------------------------------------------------- allocation


def test_pro_rata_allocation_worked_example() -> None:
    weights = [D(1_500_000), D(500_000), D(250_000)]
    result = allocation.allocate(usd(2_000_000), weights)
    assert result.parts == (usd("1333333.33"), usd("444444.45"), usd("222222.22"))
    down = allocation.allocate(usd(2_000_000), weights, allocation.Rounding.DOWN)
    assert down.parts == (usd("1333333.33"), usd("444444.44"), usd("222222.22"))
    assert down.unallocated == usd("0.01")


@given(
    money_amounts,
    st.lists(st.integers(0, 10**6).map(D), min_size=1, max_size=6).filter(any),
    st.sampled_from(list(allocation.Rounding)),
)
def test_allocation_parts_sum_to_the_whole(
    total: Money, weights: list[Decimal], rounding: allocation.Rounding
) -> None:
    result = allocation.allocate(total, weights, rounding)
    assert sum(result.parts, result.unallocated) == total.rounded()
    assert all(p.amount >= 0 for p in result.parts)


# ------------------------------------------------------------------------- first refusal

TEN_BD = Duration(10, DurationUnit.BUSINESS_DAY)
OFFER = refusal.Offer(date(2026, 5, 1), usd(10_000_000_000))


def test_offer_lapses_into_decline_and_third_party_terms() -> None:
    outcome = refusal.decide(OFFER, TEN_BD)
    assert (outcome.deadline, outcome.state, outcome.deemed) == (
        date(2026, 5, 15),
        "lapsed",
        "decline",
    )
    assert (outcome.made, outcome.decided) == (date(2026, 5, 1), date(2026, 5, 16))
    dearer = refusal.judge_deal(
        date(2026, 6, 1), usd(10_500_000_000), [outcome], refusal.Deal.PURCHASE
    )
    cheaper = refusal.judge_deal(
        date(2026, 6, 1), usd(9_500_000_000), [outcome], refusal.Deal.PURCHASE
    )
    assert not dearer.permitted and dearer.why is refusal.DealWhy.BETTER_TERMS
    assert cheaper.permitted


def test_silence_as_acceptance_and_late_answers() -> None:
    late = refusal.Offer(OFFER.made, OFFER.price, "decline", date(2026, 5, 20))
    outcome = refusal.decide(late, TEN_BD, refusal.Silence.ACCEPT)
    assert (outcome.state, outcome.deemed, outcome.late_response) == ("lapsed", "accept", True)
    deal = refusal.judge_deal(date(2026, 6, 1), usd(11_000_000_000), [outcome])
    assert not deal.permitted and deal.why is refusal.DealWhy.ACCEPTED_BY_SILENCE


def test_third_party_deals_before_or_during_the_offer() -> None:
    declined = refusal.decide(
        refusal.Offer(OFFER.made, OFFER.price, "decline", date(2026, 5, 4)), TEN_BD
    )
    assert declined.state == "declined"
    assert not refusal.judge_deal(date(2026, 4, 1), usd(1), [declined]).permitted
    open_deal = refusal.judge_deal(
        date(2026, 5, 2),
        usd(20_000_000_000),
        [refusal.decide(OFFER, TEN_BD)],
    )
    assert open_deal.why is refusal.DealWhy.WINDOW_OPEN
    stale = refusal.judge_deal(
        date(2026, 12, 1),
        usd(20_000_000_000),
        [declined],
        deal_within=Duration(90, DurationUnit.DAY),
    )
    assert not stale.permitted and stale.why is refusal.DealWhy.TOO_LATE
    assert refusal.judge_deal(date(2026, 6, 1), usd(10_000_000_000), [declined]).permitted
