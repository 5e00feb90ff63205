"""Tests for termlang.values: exact value types for deal terms."""

from __future__ import annotations

import pickle
from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from termlang.values import (
    ISO_CURRENCIES,
    UNITS,
    CurrencyMismatch,
    Duration,
    DurationUnit,
    Money,
    Multiple,
    Percent,
    Period,
    Quantity,
    UnitInfo,
    UnitMismatch,
    add_months,
    days_in_month,
    format_number,
    minor_units,
    normalize_unit,
    parse_duration,
    parse_duration_unit,
    parse_money,
    parse_number,
    parse_period,
    split_round,
    suggest_unit,
)

D = Decimal

dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
month_offsets = st.integers(min_value=-12 * 10_000, max_value=12 * 10_000)
currencies = st.sampled_from(sorted(ISO_CURRENCIES))


# ---------------------------------------------------------------------------------------------
# add_months
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected", "clamped"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28), True),
        (date(2024, 1, 31), 1, date(2024, 2, 29), True),
        (date(2026, 3, 31), -1, date(2026, 2, 28), True),
        (date(2026, 1, 15), 1, date(2026, 2, 15), False),
        (date(2026, 1, 31), 2, date(2026, 3, 31), False),
        (date(2026, 12, 31), 1, date(2027, 1, 31), False),
        (date(2026, 1, 1), -1, date(2025, 12, 1), False),
        (date(2024, 2, 29), 12, date(2025, 2, 28), True),
        (date(2024, 2, 29), 48, date(2028, 2, 29), False),
        (date(2026, 5, 31), 0, date(2026, 5, 31), False),
        (date(2026, 8, 31), -18, date(2025, 2, 28), True),
    ],
)
def test_add_months_examples(start: date, n: int, expected: date, clamped: bool) -> None:
    assert add_months(start, n) == (expected, clamped)


def test_add_months_out_of_range() -> None:
    with pytest.raises(OverflowError):
        add_months(date(9999, 12, 1), 1)
    with pytest.raises(OverflowError):
        add_months(date(1, 1, 1), -1)


@given(dates, month_offsets)
@example(date(2026, 1, 31), 1)
@example(date(9999, 12, 31), 0)
@example(date(1, 1, 1), 0)
def test_add_months_clamps_and_never_raises_in_range(d: date, n: int) -> None:
    total = d.year * 12 + d.month - 1 + n
    year, month = total // 12, total % 12 + 1
    if not 1 <= year <= 9999:
        with pytest.raises(OverflowError):
            add_months(d, n)
        return
    result, clamped = add_months(d, n)
    last = days_in_month(year, month)
    assert (result.year, result.month) == (year, month)
    assert result.day == min(d.day, last)
    assert clamped == (d.day > last)


@given(dates, month_offsets)
def test_add_then_subtract_months_round_trips_without_clamping(d: date, n: int) -> None:
    try:
        forward, clamped = add_months(d, n)
    except OverflowError:
        assume(False)
        return
    assume(not clamped)
    back, clamped_back = add_months(forward, -n)
    assert back == d
    assert not clamped_back


# ---------------------------------------------------------------------------------------------
# Durations
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "unit"),
    [
        ("day", DurationUnit.DAY),
        ("days", DurationUnit.DAY),
        ("week", DurationUnit.WEEK),
        ("weeks", DurationUnit.WEEK),
        ("month", DurationUnit.MONTH),
        ("months", DurationUnit.MONTH),
        ("quarter", DurationUnit.QUARTER),
        ("quarters", DurationUnit.QUARTER),
        ("year", DurationUnit.YEAR),
        ("years", DurationUnit.YEAR),
        ("business_day", DurationUnit.BUSINESS_DAY),
        ("business_days", DurationUnit.BUSINESS_DAY),
        ("business days", DurationUnit.BUSINESS_DAY),
    ],
)
def test_parse_duration_unit(word: str, unit: DurationUnit) -> None:
    assert parse_duration_unit(word) is unit


@pytest.mark.parametrize("word", ["", "mnth", "dayss", "businessdays", "fortnight", "MW"])
def test_parse_duration_unit_unknown(word: str) -> None:
    assert parse_duration_unit(word) is None


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (Duration(18, DurationUnit.MONTH), "18 months"),
        (Duration(1, DurationUnit.MONTH), "1 month"),
        (Duration(90, DurationUnit.DAY), "90 days"),
        (Duration(5, DurationUnit.BUSINESS_DAY), "5 business days"),
        (Duration(1, DurationUnit.BUSINESS_DAY), "1 business day"),
        (Duration(2, DurationUnit.QUARTER), "2 quarters"),
        (Duration(1, DurationUnit.YEAR), "1 year"),
        (Duration(0, DurationUnit.WEEK), "0 weeks"),
    ],
)
def test_duration_str_and_parse(duration: Duration, text: str) -> None:
    assert str(duration) == text
    assert parse_duration(text) == duration


def test_duration_validation() -> None:
    with pytest.raises(ValueError, match="negative"):
        Duration(-1, DurationUnit.DAY)
    with pytest.raises(TypeError):
        Duration(True, DurationUnit.DAY)
    with pytest.raises(ValueError):
        parse_duration("18months")
    with pytest.raises(ValueError, match="unknown duration unit"):
        parse_duration("18 moons")
    with pytest.raises(ValueError):
        Duration(1, DurationUnit.DAY).add_to(date(2026, 1, 1), sign=2)


def test_duration_add_to() -> None:
    start = date(2026, 1, 31)
    assert Duration(1, DurationUnit.MONTH).add_to(start) == (date(2026, 2, 28), True)
    assert Duration(1, DurationUnit.QUARTER).add_to(start) == (date(2026, 4, 30), True)
    assert Duration(2, DurationUnit.QUARTER).add_to(start) == (date(2026, 7, 31), False)
    assert Duration(1, DurationUnit.YEAR).add_to(date(2024, 2, 29)) == (date(2025, 2, 28), True)
    assert Duration(18, DurationUnit.MONTH).add_to(start, -1) == (date(2024, 7, 31), False)
    assert Duration(90, DurationUnit.DAY).add_to(start) == (date(2026, 5, 1), False)
    assert Duration(2, DurationUnit.WEEK).add_to(start, -1) == (date(2026, 1, 17), False)


def test_business_days() -> None:
    friday = date(2026, 1, 2)
    bd = DurationUnit.BUSINESS_DAY
    assert Duration(1, bd).add_to(friday) == (date(2026, 1, 5), False)  # Monday
    assert Duration(5, bd).add_to(friday) == (date(2026, 1, 9), False)
    assert Duration(1, bd).add_to(date(2026, 1, 5), -1) == (friday, False)
    assert Duration(0, bd).add_to(date(2026, 1, 3)) == (date(2026, 1, 3), False)
    holidays = frozenset({date(2026, 1, 5)})
    assert Duration(1, bd).add_to(friday, holidays=holidays) == (date(2026, 1, 6), False)


def _reference_business_days(d: date, n: int, sign: int, holidays: frozenset[date]) -> date:
    current = d
    while n:
        current += timedelta(days=sign)
        if current.weekday() < 5 and current not in holidays:
            n -= 1
    return current


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(min_value=0, max_value=80),
    st.sampled_from([1, -1]),
    st.frozensets(st.dates(min_value=date(1999, 9, 1), max_value=date(2100, 5, 1)), max_size=5),
)
def test_business_days_match_day_by_day_reference(
    d: date, n: int, sign: int, holidays: frozenset[date]
) -> None:
    # concentrate the holidays near d so that they actually matter
    near = frozenset(d + timedelta(days=(h - d).days % 120 * sign) for h in holidays)
    for hols in (frozenset(), near):
        result, clamped = Duration(n, DurationUnit.BUSINESS_DAY).add_to(d, sign, hols)
        assert result == _reference_business_days(d, n, sign, hols)
        assert not clamped


@pytest.mark.parametrize(
    ("duration", "lo", "hi"),
    [
        (Duration(1, DurationUnit.DAY), 1, 1),
        (Duration(3, DurationUnit.WEEK), 21, 21),
        (Duration(1, DurationUnit.MONTH), 28, 31),
        (Duration(1, DurationUnit.QUARTER), 89, 92),
        (Duration(1, DurationUnit.YEAR), 365, 366),
        (Duration(400, DurationUnit.YEAR), 146097, 146097),
        (Duration(1, DurationUnit.BUSINESS_DAY), 1, 3),
        (Duration(5, DurationUnit.BUSINESS_DAY), 5, 7),
        (Duration(6, DurationUnit.BUSINESS_DAY), 8, 10),
        (Duration(0, DurationUnit.BUSINESS_DAY), 0, 0),
    ],
)
def test_min_max_days(duration: Duration, lo: int, hi: int) -> None:
    assert (duration.min_days(), duration.max_days()) == (lo, hi)


@given(
    st.dates(min_value=date(1600, 1, 1), max_value=date(9000, 1, 1)),
    st.integers(min_value=0, max_value=200),
    st.sampled_from(list(DurationUnit)),
    st.sampled_from([1, -1]),
)
def test_spans_are_within_min_max_days(d: date, n: int, unit: DurationUnit, sign: int) -> None:
    duration = Duration(n, unit)
    result, _ = duration.add_to(d, sign)
    span = abs((result - d).days)
    assert duration.min_days() <= span <= duration.max_days()


@pytest.mark.parametrize("unit", [DurationUnit.MONTH, DurationUnit.QUARTER, DurationUnit.YEAR])
@pytest.mark.parametrize("n", [1, 2, 5])
def test_month_bounds_are_attained(unit: DurationUnit, n: int) -> None:
    duration = Duration(n, unit)
    start = date(2096, 1, 1)  # includes 2100, which is not a leap year
    spans = set()
    for offset in range(366 * 8):
        d = start + timedelta(days=offset)
        spans.add((duration.add_to(d)[0] - d).days)
    assert min(spans) == duration.min_days()
    assert max(spans) == duration.max_days()


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("13", D(13)),
        ("13_000_000_000", D(13_000_000_000)),
        ("13.5", D("13.5")),
        ("0.25", D("0.25")),
        ("13B", D(13_000_000_000)),
        ("1.5T", D(1_500_000_000_000)),
        ("500M", D(500_000_000)),
        ("10K", D(10_000)),
        ("0.25K", D(250)),
        ("1.2345K", D("1234.5")),
        ("1_000.000_1", D("1000.0001")),
        ("-2.5M", D(-2_500_000)),
        ("007", D(7)),
    ],
)
def test_parse_number(text: str, value: Decimal) -> None:
    parsed = parse_number(text)
    assert isinstance(parsed, Decimal)
    assert parsed == value


def test_parse_number_keeps_written_decimals_and_avoids_exponents() -> None:
    assert str(parse_number("12.50")) == "12.50"
    assert str(parse_number("13B")) == "13000000000"


@pytest.mark.parametrize(
    "text",
    [
        "",
        " 13",
        "13 ",
        "_1",
        "1_",
        "1__0",
        "1._5",
        "1_.5",
        "1.",
        ".5",
        "1e3",
        "13b",
        "13k",
        "1.5.2",
        "--1",
        "+1",
        "1K5",
        "KB",
        "13BB",
        "1,000",
        "NaN",
        "Infinity",
        "１３",
    ],
)
def test_parse_number_rejects_malformed(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_number(text)
    message = str(info.value)
    assert message and message[0].islower()


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=6, max_value=10**15, min_value=-(10**15)
    )
)
def test_format_number_round_trips(value: Decimal) -> None:
    assert parse_number(format_number(value)) == value
    assert parse_number(format_number(value, strip_zeros=False)) == value


# ---------------------------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money("USD", D(13_000_000_000)), "USD 13B"),
        (Money("USD", D(1_500_000_000)), "USD 1.5B"),
        (Money("USD", D(250_000_000)), "USD 250M"),
        (Money("USD", D(1_234_567)), "USD 1_234_567"),
        (Money("EUR", D("12.50")), "EUR 12.50"),
        (Money("USD", D(1_234_000)), "USD 1.234M"),
        (Money("USD", D(1_500)), "USD 1_500"),  # K only for whole thousands
        (Money("USD", D(145_000)), "USD 145K"),
        (Money("USD", D(999)), "USD 999"),
        (Money("USD", D(0)), "USD 0"),
        (Money("USD", D(-1_500_000)), "USD -1.5M"),
        (Money("USD", D("13000000000.00")), "USD 13B"),
        (Money("USD", D(12_345) * 10**12), "USD 12_345T"),
        (Money("GBP", D("1234.5")), "GBP 1_234.5"),
        (Money("JPY", 1000), "JPY 1K"),
    ],
)
def test_money_str(money: Money, text: str) -> None:
    assert str(money) == text
    assert parse_money(text) == money


money_amounts = st.one_of(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=3, min_value=-(10**18), max_value=10**18
    ),
    st.builds(
        lambda digits, exp: D(digits).scaleb(exp),
        st.integers(min_value=-(10**6), max_value=10**6),
        st.integers(min_value=-4, max_value=16),
    ),
)


@given(currencies, money_amounts)
def test_money_str_parse_round_trip(currency: str, amount: Decimal) -> None:
    money = Money(currency, amount)
    text = str(money)
    code, _, number = text.partition(" ")
    assert code == currency
    assert parse_number(number) == amount
    assert parse_money(text) == money


def test_money_arithmetic() -> None:
    a = Money("USD", D("1.5"))
    b = Money("USD", 2)
    assert a + b == Money("USD", D("3.5"))
    assert a - b == Money("USD", D("-0.5"))
    assert a * 2 == Money("USD", 3) == 2 * a
    assert a * D("0.1") == Money("USD", D("0.15"))
    assert Money("USD", 100) * Percent(D("12.5")) == Money("USD", D("12.5"))
    assert Money("USD", 100) * Multiple(10) == Money("USD", 1000)
    assert -a == Money("USD", D("-1.5"))
    assert a < b and b > a and a <= Money("USD", D("1.50")) and b >= a
    assert sorted([b, a]) == [a, b]


def test_money_arithmetic_is_exact_beyond_default_precision() -> None:
    big = Money("USD", D("1" + "0" * 40))
    tiny = Money("USD", D("0.000000001"))
    assert (big + tiny).amount == D("1" + "0" * 40 + ".000000001")
    assert (big + tiny - big) == tiny
    product = big * D("1.000000000000000000000000000001")
    assert product.amount == D("1" + "0" * 29 + "1" + "0" * 10)


def test_money_currency_mismatch() -> None:
    usd, eur = Money("USD", 1), Money("EUR", 1)
    with pytest.raises(CurrencyMismatch):
        usd + eur
    with pytest.raises(CurrencyMismatch):
        usd - eur
    with pytest.raises(CurrencyMismatch):
        usd < eur  # noqa: B015
    assert isinstance(CurrencyMismatch("x"), ValueError)
    assert usd != eur


def test_money_rejects_bad_inputs() -> None:
    with pytest.raises(TypeError):
        Money("USD", 1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Money("USD", D("NaN"))
    with pytest.raises(ValueError):
        Money("usd", 1)
    with pytest.raises(TypeError):
        Money("USD", 1) * 1.5
    with pytest.raises(TypeError):
        Money("USD", 1) + 1
    with pytest.raises(ValueError):
        parse_money("USD13B")


def test_currencies_and_minor_units() -> None:
    assert 170 <= len(ISO_CURRENCIES) <= 190
    for code in ("USD", "EUR", "GBP", "JPY", "CHF", "CNY", "INR", "BRL", "KWD", "XAU", "ZAR"):
        assert code in ISO_CURRENCIES
    for code in ("HRK", "DEM", "FRF", "usd", "BTC"):
        assert code not in ISO_CURRENCIES
    assert all(len(code) == 3 and code.isupper() for code in ISO_CURRENCIES)
    for code in ("JPY", "KRW", "CLP", "ISK", "VND", "XOF", "XAF"):
        assert minor_units(code) == 0
    for code in ("BHD", "KWD", "OMR", "JOD", "TND", "IQD", "LYD"):
        assert minor_units(code) == 3
    assert minor_units("USD") == 2
    assert minor_units("EUR") == 2
    assert minor_units("ZZZ") == 2


def test_money_rounded() -> None:
    assert Money("USD", D("10.005")).rounded() == Money("USD", D("10.00"))
    assert Money("USD", D("10.015")).rounded() == Money("USD", D("10.02"))
    assert str(Money("EUR", D("12.5")).rounded()) == "EUR 12.50"
    assert Money("JPY", D("100.5")).rounded() == Money("JPY", 100)
    assert Money("KWD", D("1.0005")).rounded() == Money("KWD", D("1.000"))
    assert str(Money("KWD", 1).rounded().amount) == "1.000"
    big = Money("USD", D("1" + "0" * 40 + ".125"))
    assert big.rounded().amount == D("1" + "0" * 40 + ".12")


# ---------------------------------------------------------------------------------------------
# split_round
# ---------------------------------------------------------------------------------------------


def test_split_round_examples() -> None:
    parts = split_round(Money("USD", 100), [D(1), D(1), D(1)])
    assert [str(p) for p in parts] == ["USD 33.34", "USD 33.33", "USD 33.33"]
    assert split_round(Money("JPY", 100), [D(1), D(2)]) == [Money("JPY", 33), Money("JPY", 67)]
    assert split_round(Money("USD", 10), [D(0), D(1)]) == [Money("USD", 0), Money("USD", 10)]
    assert split_round(Money("USD", D("-0.01")), [D(1), D(1)]) == [
        Money("USD", D("-0.01")),
        Money("USD", D("0.00")),
    ]
    negative = split_round(Money("USD", -100), [D(1), D(1), D(1)])
    assert [str(p) for p in negative] == ["USD -33.34", "USD -33.33", "USD -33.33"]
    # the rounded total is what gets split
    assert sum((p.amount for p in split_round(Money("USD", D("0.015")), [D(1)] * 2)), D(0)) == D(
        "0.02"
    )


def test_split_round_rejects_bad_weights() -> None:
    with pytest.raises(ValueError):
        split_round(Money("USD", 1), [])
    with pytest.raises(ValueError):
        split_round(Money("USD", 1), [D(0), D(0)])
    with pytest.raises(ValueError):
        split_round(Money("USD", 1), [D(1), D(-1)])


weights = st.lists(
    st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=12,
).filter(lambda ws: sum(ws) > 0)


@given(
    st.sampled_from(["USD", "JPY", "KWD", "EUR", "CLF"]),
    st.decimals(
        min_value=-(10**12), max_value=10**12, places=5, allow_nan=False, allow_infinity=False
    ),
    weights,
)
def test_split_round_sums_exactly_and_stays_close(
    currency: str, amount: Decimal, ws: list[Decimal]
) -> None:
    total = Money(currency, amount)
    parts = split_round(total, ws)
    assert len(parts) == len(ws)
    assert all(p.currency == currency for p in parts)
    assert sum((p.amount for p in parts), D(0)) == total.rounded().amount
    unit = D(1).scaleb(-minor_units(currency))
    weight_sum = sum(ws)
    for part, w in zip(parts, ws, strict=True):
        assert part.amount == part.amount.quantize(unit)  # on the minor-unit grid
        # exact comparison |part - amount*w/sum| < unit, without division
        assert abs(part.amount * weight_sum - amount * w) < unit * weight_sum


# ---------------------------------------------------------------------------------------------
# Percent and Multiple
# ---------------------------------------------------------------------------------------------


def test_percent_and_multiple() -> None:
    assert str(Percent(20)) == "20%"
    assert str(Percent(D("12.5"))) == "12.5%"
    assert str(Percent(D("12.50"))) == "12.5%"
    assert Percent(20).fraction == D("0.2")
    assert Percent(D("12.5")).fraction == D("0.125")
    assert str(Multiple(10)) == "10x"
    assert str(Multiple(D("1.5"))) == "1.5x"
    assert Percent(10) < Percent(20)
    assert Multiple(2) > Multiple(D("1.5"))
    with pytest.raises(TypeError):
        Percent(0.5)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Quantities and units
# ---------------------------------------------------------------------------------------------


def test_units_table() -> None:
    assert normalize_unit("MW") == UnitInfo("power", D(10) ** 6, "MW")
    assert normalize_unit("TWh") == UnitInfo("energy", D(10) ** 12, "TWh")
    for word in ("GPU", "GPUs"):
        assert normalize_unit(word) == UnitInfo("GPUs", D(1), "GPUs")
    for word in ("licence", "licences", "license", "licenses"):
        info = normalize_unit(word)
        assert info is not None and info.canonical == "licences"
    for word in (
        "TPU",
        "TPUs",
        "accelerator",
        "chips",
        "server",
        "racks",
        "seat",
        "users",
        "shares",
        "token",
        "units",
    ):
        info = normalize_unit(word)
        assert info is not None and info.dimension == info.canonical
    for word in ("PUE", "mw", "gigawatts", "", "xyz"):
        assert normalize_unit(word) is None
    assert all(UNITS[info.canonical] == info for info in UNITS.values())


def test_suggest_unit() -> None:
    assert suggest_unit("mwh") == "MWh"
    assert suggest_unit("GPUS") == "GPUs"
    assert suggest_unit("serverz") in {"server", "servers"}
    assert suggest_unit("monhts") == "months"
    assert suggest_unit("qqqqqqqq") is None


def test_quantity_conversion_is_exact() -> None:
    gw = Quantity(1, "GW")
    assert gw == Quantity(1000, "MW")
    assert hash(gw) == hash(Quantity(1000, "MW"))
    assert gw.to("MW") == Quantity(1000, "MW")
    assert gw.to("MW").amount == D(1000)
    assert gw.to("MW").unit == "MW"
    assert str(gw.to("kW")) == "1_000_000 kW"
    assert Quantity(1, "kWh").to("TWh").amount == D("0.000000001")
    assert Quantity(D("0.1"), "kW") + Quantity(D("0.2"), "kW") == Quantity(D("0.3"), "kW")
    assert Quantity(1, "GW") + Quantity(500, "MW") == Quantity(D("1.5"), "GW")
    assert (Quantity(1, "GW") + Quantity(500, "MW")).unit == "GW"
    assert Quantity(1, "GW") - Quantity(1, "MW") == Quantity(999, "MW")
    assert Quantity(999, "MW") < Quantity(1, "GW") <= Quantity(1000, "MW")
    assert Quantity(2, "GPUs") * 3 == Quantity(6, "GPU")


def test_quantity_units_and_str() -> None:
    assert Quantity(1, "GPU").unit == "GPUs"
    assert str(Quantity(1, "GPU")) == "1 GPU"
    assert str(Quantity(10_000, "GPU")) == "10_000 GPUs"
    assert str(Quantity(100, "MW")) == "100 MW"
    assert str(Quantity(1, "license")) == "1 licence"
    with pytest.raises(ValueError, match="unknown unit"):
        Quantity(1, "gigawatts")


def test_quantity_dimension_mismatch() -> None:
    with pytest.raises(UnitMismatch):
        Quantity(1, "MW").to("MWh")
    with pytest.raises(UnitMismatch):
        Quantity(1, "MW") < Quantity(1, "MWh")  # noqa: B015
    with pytest.raises(UnitMismatch):
        Quantity(1, "GPUs") + Quantity(1, "TPUs")
    with pytest.raises(ValueError):
        Quantity(1, "MW").to("furlongs")
    assert Quantity(1, "MW") != Quantity(1, "MWh")
    assert isinstance(UnitMismatch("x"), ValueError)


power_units = st.sampled_from(["W", "kW", "MW", "GW", "TW"])
energy_units = st.sampled_from(["Wh", "kWh", "MWh", "GWh", "TWh"])


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=6, min_value=-(10**12), max_value=10**12
    ),
    st.one_of(st.tuples(power_units, power_units), st.tuples(energy_units, energy_units)),
)
def test_quantity_conversions_round_trip_exactly(amount: Decimal, units: tuple[str, str]) -> None:
    src, dst = units
    q = Quantity(amount, src)
    converted = q.to(dst)
    assert converted == q
    assert hash(converted) == hash(q)
    assert converted.to(src).amount == amount
    factor = UNITS[src].factor / UNITS[dst].factor
    assert converted.amount == amount * factor


# ---------------------------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", date(2026, 1, 1), date(2027, 1, 1)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 4, 1)),
        ("2026-Q2", date(2026, 4, 1), date(2026, 7, 1)),
        ("2026-Q3", date(2026, 7, 1), date(2026, 10, 1)),
        ("2026-Q4", date(2026, 10, 1), date(2027, 1, 1)),
        ("2026-H1", date(2026, 1, 1), date(2026, 7, 1)),
        ("2026-H2", date(2026, 7, 1), date(2027, 1, 1)),
        ("2026-03", date(2026, 3, 1), date(2026, 4, 1)),
        ("2026-12", date(2026, 12, 1), date(2027, 1, 1)),
        ("2026-03-15", date(2026, 3, 15), date(2026, 3, 16)),
        ("2026-03-15..2026-05-01", date(2026, 3, 15), date(2026, 5, 1)),
        ("2026-02..", None, None),
    ],
)
def test_parse_period(text: str, start: date | None, end: date | None) -> None:
    if start is None or end is None:
        with pytest.raises(ValueError):
            parse_period(text)
        return
    period = parse_period(text)
    assert period == Period(start, end)
    assert str(period) == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "26",
        "2026-Q5",
        "2026-Q0",
        "2026-H3",
        "2026-13",
        "2026-00",
        "2026-3",
        "2026-q1",
        "2026-02-30",
        "9999",
        "2026-05-01..2026-03-15",
        "0000",
        " 2026",
        "2026-Q1 ",
    ],
)
def test_parse_period_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_period(text)


def test_period_contains_half_open() -> None:
    q1 = parse_period("2026-Q1")
    assert q1.contains(date(2026, 1, 1))
    assert q1.contains(date(2026, 3, 31))
    assert not q1.contains(date(2026, 4, 1))
    assert not q1.contains(date(2025, 12, 31))
    assert date(2026, 2, 1) in q1
    assert q1.days == 90
    with pytest.raises(ValueError):
        Period(date(2026, 1, 1), date(2026, 1, 1))


@given(
    st.dates(min_value=date(1, 1, 1), max_value=date(9990, 1, 1)),
    st.integers(min_value=1, max_value=800),
)
def test_period_str_round_trips(start: date, length: int) -> None:
    period = Period(start, start + timedelta(days=length))
    assert parse_period(str(period)) == period


# ---------------------------------------------------------------------------------------------
# Immutability, hashing, pickling
# ---------------------------------------------------------------------------------------------

VALUES = [
    Money("USD", D("13000000000")),
    Percent(D("12.5")),
    Multiple(10),
    Duration(18, DurationUnit.MONTH),
    Quantity(100, "MW"),
    Period(date(2026, 1, 1), date(2026, 4, 1)),
    DurationUnit.BUSINESS_DAY,
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_hashable_picklable_immutable(value: object) -> None:
    assert hash(value) == hash(pickle.loads(pickle.dumps(value)))
    assert pickle.loads(pickle.dumps(value)) == value
    cls = type(value)
    if attrs.has(cls):
        field = attrs.fields(cls)[0].name
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(value, field, None)


def test_no_heavy_imports() -> None:
    import subprocess
    import sys

    code = (
        "import sys, termlang.values; "
        "print(sorted(m for m in ('babel', 'difflib', 'fractions', 'calendar') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": ":".join(sys.path)},
    )
    assert out.stdout.strip() == "[]"
