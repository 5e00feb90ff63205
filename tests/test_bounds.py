"""Value bounds: the interval domain, the ledger, and the findings built on them.

The fixture pairs (TL860-TL867) are in tests/fixtures/checks/; this file checks the domain's
laws, the figures the messages give (computed by hand in the comments), the severity by
scenario, and what the checks refuse to invent.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, examples
from termlang.checks import Suppressed
from termlang.checks._intervals import (
    Clash,
    Fact,
    Interval,
    Ledger,
    money_dim,
    shown,
    value_of,
)
from termlang.diagnostics import Diagnostic, Severity
from termlang.pipeline import analyze_text
from termlang.values import Money, Percent, Quantity

USD = money_dim("USD")
amounts = st.fractions(min_value=0, max_value=10**12, max_denominator=100)


def _findings(text: str) -> list[Diagnostic]:
    return [
        d
        for d in analyze_text(text, "t.term").diagnostics
        if not isinstance(d, Suppressed) and d.severity is not Severity.NOTE
    ]


# ---------------------------------------------------------------------------- the domain


@given(amounts, amounts, amounts, amounts)
def test_the_sum_of_two_intervals_holds_every_sum_of_their_members(
    a: Fraction, b: Fraction, c: Fraction, d: Fraction
) -> None:
    x, y = Interval(USD, min(a, b), max(a, b)), Interval(USD, min(c, d), max(c, d))
    total = x + y
    assert total.hi is not None
    for left in (a, b, (a + b) / 2):
        for right in (c, d, (c + d) / 2):
            assert total.lo <= left + right <= total.hi
    assert (total.lo, total.hi) == (x.lo + y.lo, (x.hi or 0) + (y.hi or 0))


@given(amounts, amounts, amounts, amounts)
def test_meet_is_empty_exactly_when_one_is_certainly_above_the_other(
    a: Fraction, b: Fraction, c: Fraction, d: Fraction
) -> None:
    x, y = Interval(USD, min(a, b), max(a, b)), Interval(USD, min(c, d), max(c, d))
    assert (x.meet(y) is None) == (x.certainly_above(y) or y.certainly_above(x))


def test_unbounded_above_never_clashes() -> None:
    assert Interval(USD, Fraction(5)).meet(Interval(USD, Fraction(10**9))) is not None
    assert not Interval(USD, Fraction(5)).certainly_above(Interval(USD, Fraction(1)))


def test_dimensions_do_not_mix() -> None:
    try:
        Interval(USD) + Interval(money_dim("EUR"))
    except ValueError as e:
        assert "USD" in str(e)
    else:  # pragma: no cover
        raise AssertionError("USD and EUR added")


def test_values_are_exact_in_their_base_unit() -> None:
    assert value_of(Money("USD", Decimal("1.5E+9"))) == (USD, Fraction(1_500_000_000))
    assert value_of(Quantity(Decimal(1), "GW")) == value_of(Quantity(Decimal(1000), "MW"))
    assert value_of(Percent(Decimal("12.5"))) == ("percent", Fraction(25, 2))
    # 4% x EUR 20M x 91/365 is not a whole number of cents: shown rounded, and said so
    assert shown(USD, Fraction(14560000, 73)) == "about USD 199_452.05"
    assert shown(USD, Fraction(1_500_000)) == "USD 1.5M"


def test_ledger_reports_the_greatest_floor_against_the_smallest_ceiling() -> None:
    ledger = Ledger()
    key = ("paid", "royalty")
    ledger.at_most(Fact(key, Interval(USD, Fraction(0), Fraction(100)), "cap", None, "cap"))
    ledger.at_most(Fact(key, Interval(USD, Fraction(0), Fraction(80)), "cap 2", None, "cap"))
    ledger.at_least(Fact(key, Interval.exact(USD, Fraction(90)), "a", None, "minimum"))
    ledger.at_least(Fact(key, Interval.exact(USD, Fraction(50)), "b", None, "minimum"))
    ledger.at_least(Fact(key, Interval.exact(USD, Fraction(70)), "c", None, "scenario"))
    [clash] = list(ledger.clashes())
    assert isinstance(clash, Clash)
    assert clash.low == 90 and clash.ceiling.why == "cap 2" and clash.floor[0].why == "a"
    assert [f.why for f in clash.peers] == ["a", "b"]


def test_parts_add_up_against_the_ceiling_and_equality_is_consistent() -> None:
    ledger = Ledger()
    key = ("ownership", "heron")
    ledger.at_most(Fact(key, Interval("percent", Fraction(0), Fraction(100)), "all", None))
    for n in (Fraction(60), Fraction(40)):
        ledger.part(Fact(key, Interval.exact("percent", n), "p", None, "ownership"))
    assert list(ledger.clashes()) == []  # exactly 100% is consistent
    ledger.part(Fact(key, Interval.exact("percent", Fraction(1, 100)), "p", None, "ownership"))
    [clash] = list(ledger.clashes())
    assert clash.by_parts and clash.low == Fraction(10001, 100)


# ---------------------------------------------------------------------------- the checks

ROYALTY = (EXAMPLES / "ip-licence-royalties.term").read_text(encoding="utf-8")


def test_cap_below_the_first_period_gives_the_scenario_figure() -> None:
    # The first sale is on 2027-04-01 in `launch_2027`, so the first quarter that pays is
    # 2027-Q2: 4% x EUR 20M x 91/365 = EUR 199,452.05479... -> EUR 199,452.05 once rounded.
    found = _findings(ROYALTY.replace("cap          EUR 40M", "cap          EUR 150K"))
    [d] = found
    assert d.code == "TL860" and d.severity is Severity.ERROR
    assert "EUR 199_452.05" in d.message and "2027-Q2" in d.message
    assert d.span is not None and d.span.text.startswith("cap")


def test_a_cap_just_above_the_first_period_is_consistent() -> None:
    assert _findings(ROYALTY.replace("cap          EUR 40M", "cap          EUR 199_452.05")) == []


def test_cap_reached_in_one_scenario_only_is_a_warning_naming_it() -> None:
    text = ROYALTY.replace("cap          EUR 40M", "cap          EUR 150K") + (
        '\nscenario slow "slow sales" {\n  horizon 2030-12-31\n  licence_signed 2026-03-20\n'
        "  first_commercial_sale 2027-04-01\n  revenue cathode_sales {\n    2027  EUR 1M\n  }\n}\n"
    )
    [d] = _findings(text)
    assert d.code == "TL860" and d.severity is Severity.WARNING
    assert "`launch_2027`" in d.message


def test_a_start_condition_that_is_not_one_event_invents_nothing() -> None:
    text = ROYALTY.replace("cap          EUR 40M", "cap          EUR 150K").replace(
        "starts_when  first_commercial_sale",
        "starts_when  first_commercial_sale and not patent_revoked",
    )
    assert [d.code for d in _findings(text)] == []


def test_excludes_names_clause_kinds_with_a_suggestion() -> None:
    text = (
        'agreement "t" {\n  kind mou\n  binding no\n  effective 2026-01-01\n'
        "  excludes exclusivty\n}\n"
    )
    [d] = _findings(text)
    assert d.code == "TL204" and "`exclusivity`" in (d.help or "")


def test_streams_within_streams_cannot_loop() -> None:
    text = (
        'agreement "t" {\n  kind mou\n  binding no\n  effective 2026-01-01\n}\n'
        'stream a "A" within b\nstream b "B" within a\n'
    )
    assert "TL304" in {d.code for d in _findings(text)}


def test_the_published_safe_example_converts_within_the_whole_company() -> None:
    # 10% + 5% + 3.125% = 18.125%; doubling Cedar's amount 32 times passes 100%:
    # USD 8M / USD 8M = 100% on its own.
    text = (EXAMPLES / "yc-post-money-safes.term").read_text(encoding="utf-8")
    assert _findings(text) == []
    over = text.replace("amount               USD 250K", "amount               USD 8M")
    [d] = [d for d in _findings(over) if d.code == "TL862"]
    assert "115%" in d.message  # 10% + 5% + 100%


def test_a_forecast_stands_in_for_revenue_figures() -> None:
    # No `revenue` figures, a `forecast` of EUR 8M for 2027: 2027-Q1 pays
    # 4% x EUR 8M x 90/365 = EUR 78,904.1095... -> EUR 78,904.11, above a EUR 50K cap.
    text = (
        'agreement "t" {\n  kind definitive\n  binding yes\n  effective 2027-01-01\n}\n'
        'party a "A"\nparty b "B"\nstream sales "S"\n'
        "revenue_share royalty {\n  payer a\n  payee b\n  stream sales\n  rate 4%\n"
        "  cap EUR 50K\n}\n"
        'scenario plan "the plan" {\n  forecast sales {\n    2027  EUR 8M\n  }\n}\n'
    )
    [d] = _findings(text)
    assert d.code == "TL860" and "EUR 78_904.11" in d.message and "2027-Q1" in d.message
    assert any("forecast" in label.message for label in d.labels)


def test_a_stream_sits_within_a_stream_only() -> None:
    text = (
        'agreement "t" {\n  kind mou\n  binding no\n  effective 2026-01-01\n}\n'
        'scope hosting "H"\nstream api "A" within hosting\n'
    )
    assert "TL302" in {d.code for d in _findings(text)}


def test_a_breach_that_suspends_the_share_cuts_the_first_period_short() -> None:
    # 10% of USD 365K over 2027 is USD 100 a day. Suspended from 2027-01-11 by a breach, the
    # share pays 10 days of 2027-Q1, USD 1,000: a USD 1,500 cap holds; without the breach,
    # 90 days pay USD 9,000 and the cap does not.
    text = (
        'agreement "t" {\n  kind definitive\n  binding yes\n  effective 2027-01-01\n}\n'
        'party a "A"\nparty b "B"\nstream sales "S"\nevent misuse "m"\n'
        "revenue_share royalty {\n  payer a\n  payee b\n  stream sales\n  rate 10%\n"
        "  cap USD 1_500\n}\n"
        'obligation care {\n  party b\n  must_not "misuse"\n  breached_by misuse\n'
        "  on_breach suspend royalty\n}\n"
        'scenario s "s" {\n  misuse 2027-01-11\n  revenue sales {\n    2027  USD 365K\n  }\n}\n'
    )
    assert _findings(text) == []
    [d] = _findings(text.replace("misuse 2027-01-11", "misuse never"))
    assert d.code == "TL860" and "USD 9K" in d.message


# ------------------------------------------------------------------- the interpreter agrees


def _royalty(rate: str, period: str, start: str, step: str, figure: int, cap: str) -> str:
    return (
        'agreement "t" {\n  kind definitive\n  binding yes\n  effective 2027-01-01\n}\n'
        'party a "A"\nparty b "B"\nstream sales "S"\n'
        f"revenue_share r {{\n  payer a\n  payee b\n  stream sales\n  rate {rate}%\n"
        f"  period {period}\n  window {start} ..\n{cap}  from {step} {{ rate 1% }}\n}}\n"
        f'scenario s "s" {{\n  horizon 2028-12-31\n  revenue sales {{\n    2027  USD {figure}\n'
        "  }\n}\n"
    )


@settings(max_examples=examples(40), deadline=None)
@given(
    rate=st.integers(1, 60),
    period=st.sampled_from(["month", "quarter", "year"]),
    start=st.dates(date(2027, 1, 1), date(2027, 11, 30)),
    step=st.dates(date(2027, 1, 2), date(2028, 6, 30)),
    figure=st.integers(1_000, 10**9),
    cap_per_mille=st.integers(1, 2_000),
)
def test_tl860_fires_exactly_when_the_interpreter_caps_the_first_payment(
    rate: int, period: str, start: date, step: date, figure: int, cap_per_mille: int
) -> None:
    from termlang.evaluate import pick_scenario, run

    # The first payment without a cap, as the interpreter computes it...
    uncapped = analyze_text(
        _royalty(str(rate), period, start.isoformat(), step.isoformat(), figure, ""), "t.term"
    ).model
    assert uncapped is not None
    timeline = run(uncapped, pick_scenario(uncapped, "s"))
    firsts_of_month = [date(2027 + m // 12, m % 12 + 1, 1) for m in range(14)]
    paid = [timeline.state_at(d).paid.get("r") for d in firsts_of_month]
    first = next(p for p in paid if p is not None and p.amount > 0)
    # ...and a cap somewhere around it: TL860 exactly when the cap is below it.
    cap = (first.amount * cap_per_mille / 1000).quantize(Decimal("0.01"))
    text = _royalty(
        str(rate), period, start.isoformat(), step.isoformat(), figure, f"  cap USD {cap}\n"
    )
    codes = {d.code for d in _findings(text)}
    assert ("TL860" in codes) == (cap < first.amount), (first, cap)


@settings(max_examples=examples(30), deadline=None)
@given(
    amounts=st.lists(st.integers(1, 400), min_size=1, max_size=4),  # in USD 10K
    caps=st.lists(st.integers(1, 400), min_size=4, max_size=4),  # in USD 100K
    price=st.integers(1, 500),  # the round's price, in cents
)
def test_tl862_on_safes_means_they_convert_into_more_than_the_capitalization(
    amounts: list[int], caps: list[int], price: int
) -> None:
    # A conversion price is at most cap / capitalization, so the shares are at least
    # amount / cap x capitalization: above 100% at the caps is above it at any price.
    from termlang.evaluate import pick_scenario, run

    parts = [
        f'party h{k} "H{k}"\nconvertible safe{k} {{\n  instrument safe\n  holder h{k}\n'
        f"  issuer co\n  amount USD {a}0K\n  valuation_cap USD {caps[k]}00K\n"
        "  qualified_financing round\n}\n"
        for k, a in enumerate(amounts)
    ]
    text = (
        'agreement "t" {\n  kind definitive\n  binding yes\n  effective 2027-01-01\n}\n'
        'party co "Co"\nevent round "r"\n'
        + "".join(parts)
        + 'scenario s "s" {\n  round 2027-06-01\n'
        f"  financing round {{\n    price USD {Decimal(price) / 100}\n"
        "    capitalization 1_000_000 shares\n  }\n}\n"
    )
    analysis = analyze_text(text, "t.term")
    assert analysis.model is not None
    flagged = "TL862" in {d.code for d in analysis.diagnostics}
    state = run(analysis.model, pick_scenario(analysis.model, "s")).state_at(date(2027, 6, 1))
    issued = sum(c.shares for c in state.conversions.values())
    at_caps = sum(Fraction(a * 10_000, caps[k] * 100_000) for k, a in enumerate(amounts))
    assert flagged == (at_caps > 1)
    # each SAFE's shares are rounded down: at most one share short each
    assert issued >= at_caps * 1_000_000 - len(amounts)
    if flagged:
        assert issued > 1_000_000 - len(amounts)
