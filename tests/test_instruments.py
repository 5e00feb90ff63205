"""Notes, SAFEs and SAFTs (docs/mechanics.md, "Instruments"): the laws of the mechanics,
the worked figures, and the three examples evaluated end to end."""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, examples
from termlang.cli import main
from termlang.evaluate import pick_scenario, run
from termlang.mechanics import captable, change_of_control, maturity, units
from termlang.pipeline import analyze_text

amounts = st.fractions(min_value=Fraction(1, 100), max_value=Fraction(10**9))
prices = st.fractions(min_value=Fraction(1, 10**4), max_value=Fraction(10**4))
policies = st.sampled_from(units.POLICIES)

# ------------------------------------------------------------------------- units and fractions


@settings(max_examples=examples(300), deadline=None)
@given(amounts, prices, policies, st.integers(min_value=0, max_value=18))
def test_units_times_price_plus_cash_is_the_amount_exactly(amount, price, policy, places):
    out = units.issue(amount, price, policy, places)
    assert out.units * price + out.cash == amount
    assert out.units >= 0
    if policy == "round_down":
        assert out.units.denominator == 1 and 0 <= out.cash < price
    if policy == "nearest":
        assert out.units.denominator == 1 and abs(out.cash) <= price / 2
    if policy == "issue":
        assert 0 <= out.cash < price / 10**places
        assert (out.units * 10**places).denominator == 1


@settings(max_examples=examples(200), deadline=None)
@given(amounts, amounts, st.integers(min_value=1, max_value=10**8))
def test_conversion_never_issues_more_than_the_cap_allows(amount, cap, shares):
    # At the cap price (cap / capitalization) the holder gets at most amount / cap of the
    # pre-round capitalization, whatever the rounding policy.
    cap_price = cap / shares
    for policy in ("round_down", "issue"):
        issued = units.issue(amount, cap_price, policy, 6).units
        assert issued <= amount / cap * shares
    nearest = units.issue(amount, cap_price, "nearest").units
    assert nearest <= amount / cap * shares + Fraction(1, 2)


def test_prices_are_money_never_fractions():
    assert units.price_text("USD", Fraction(6, 5)) == "USD 1.20"
    assert units.price_text("USD", Fraction(11439, 10000)) == "USD 1.1439"
    assert units.price_text("USD", Fraction(4, 9)) == "≈ USD 0.44"
    assert units.price_text("USD", Fraction(4, 9), places=4) == "≈ USD 0.4444"
    assert units.price_text("JPY", Fraction(150)) == "JPY 150"
    assert "/" not in units.price_text("USD", Fraction(1, 3))


# ------------------------------------------------------------------------- change of control


@settings(max_examples=examples(300), deadline=None)
@given(
    amounts,
    st.fractions(min_value=0, max_value=10**6),
    st.one_of(st.none(), st.fractions(min_value=0, max_value=3)),
    st.one_of(st.none(), st.fractions(min_value=1, max_value=5)),
    st.one_of(st.none(), prices),
    st.one_of(st.none(), prices),
)
def test_change_of_control_never_pays_below_principal_and_interest(
    principal, interest, premium, multiple, cap_price, deal_price
):
    cash = change_of_control.cash_branch(principal, interest, premium, multiple)
    out = change_of_control.greater_of(
        cash, converting=principal + interest, cap_price=cap_price, deal_price=deal_price
    )
    assert out.payout >= principal + interest
    assert out.payout >= cash
    if out.conversion is not None:
        assert out.payout == max(cash, out.conversion)


def test_change_of_control_worked_example():
    # docs/mechanics.md: USD 1M note, 167 days at 6%, 100% premium, deal at USD 3, cap price
    # USD 1.25: cash 2,027,452.05; conversion 821,961.64.. shares x 3 = 2,465,884.93.
    interest = Fraction(1_000_000) * Fraction(6, 100) * Fraction(167, 365)
    cash = change_of_control.cash_branch(Fraction(1_000_000), interest, Fraction(1))
    out = change_of_control.greater_of(
        cash,
        converting=1_000_000 + interest,
        cap_price=Fraction(5, 4),
        deal_price=Fraction(3),
    )
    assert out.chosen == "conversion"
    assert round(float(out.payout), 2) == 2_465_884.93
    low = change_of_control.greater_of(
        cash, converting=1_000_000 + interest, cap_price=Fraction(5, 4), deal_price=Fraction(2)
    )
    assert low.chosen == "cash" and low.payout == cash


# ------------------------------------------------------------------------- maturity election


def test_election_lifecycle():
    opens, due = date(2027, 12, 16), date(2028, 1, 15)
    made = date(2028, 1, 2)
    assert maturity.elect(opens, due, made, "convert", date(2027, 12, 1)).status == "none"
    assert maturity.elect(opens, due, made, "convert", date(2027, 12, 20)).status == "open"
    state = maturity.elect(opens, due, made, "convert", date(2028, 1, 2))
    assert (state.status, state.choice) == ("exercised", "convert")
    assert maturity.treatment("election", state) == "convert"
    late = maturity.elect(opens, due, date(2028, 2, 1), "convert", date(2028, 1, 16))
    assert late.status == "expired" and late.late
    assert maturity.treatment("election", late) == "repay"
    assert maturity.treatment("convert", None) == "convert"
    assert maturity.treatment("repay", None) == "repay"


# ------------------------------------------------------------------------- cap tables


def test_post_money_capitalization_yc_example():
    # 9M shares before the round; two SAFEs each owning 10% post-money: C = 9M / 0.8.
    c, at_cap = captable.post_money_capitalization(
        Fraction(9_000_000),
        Fraction(0),
        [
            captable.CapConverter("alder", Fraction(500_000), Fraction(5_000_000), Fraction(1)),
            captable.CapConverter("birch", Fraction(1_000_000), Fraction(10_000_000), Fraction(1)),
        ],
    )
    assert c == 11_250_000 and at_cap == {"alder", "birch"}


def test_post_money_capitalization_moves_a_discount_converter_out():
    # Birch's round price (USD 0.50) beats its cap price (10M / 10M+ = < 1): it converts at 0.50.
    c, at_cap = captable.post_money_capitalization(
        Fraction(9_000_000),
        Fraction(0),
        [
            captable.CapConverter("alder", Fraction(500_000), Fraction(5_000_000), Fraction(1)),
            captable.CapConverter(
                "birch", Fraction(1_000_000), Fraction(10_000_000), Fraction(1, 2)
            ),
        ],
    )
    assert at_cap == {"alder"}
    assert c == (9_000_000 + 2_000_000) / Fraction(9, 10)


def test_cap_table_percentages_sum_to_100():
    rows = captable.table([("a", Fraction(3)), ("b", Fraction(1)), ("a", Fraction(1))])
    assert [(r.holder, r.units) for r in rows] == [("a", 4), ("b", 1)]
    assert sum(r.percent for r in rows) == 100


# ------------------------------------------------------------------------- the examples


def _state(example: str, scenario: str, at: date):
    path = EXAMPLES / f"{example}.term"
    analysis = analyze_text(path.read_text(encoding="utf-8"), str(path))
    assert analysis.model is not None
    assert not [d for d in analysis.diagnostics if d.severity.value == "error"]
    chosen = pick_scenario(analysis.model, scenario)
    return run(analysis.model, chosen).state_at(at)


def test_note_financing_cap_table():
    s = _state("convertible-note-financing", "series_a_round", date(2026, 10, 2))
    table = s.cap_tables["series_a"]
    assert [(h, int(u)) for h, u, _ in table.rows] == [
        ("existing_holders", 7_500_000),
        ("pool_increase", 500_000),
        ("larkspur", 834_060),
        ("merlin", 411_112),
        ("new_investors", 2_000_000),
    ]
    assert sum(p for _, _, p in table.rows) == 100


def test_small_round_does_not_convert_and_says_why():
    path = EXAMPLES / "convertible-note-financing.term"
    analysis = analyze_text(path.read_text(encoding="utf-8"), str(path))
    assert analysis.model is not None
    timeline = run(analysis.model, pick_scenario(analysis.model, "small_round"))
    why = [c.reason for c in timeline.changes if c.aspect == "qualification"]
    assert why and "below the USD 3M minimum" in why[0]


def test_saft_tokens_are_fractional_to_six_places():
    s = _state("saft-token", "launch", date(2027, 3, 2))
    conv = s.conversions["atlas_saft"]
    assert (conv.units, str(conv.issued), conv.price) == (
        "tokens",
        "2604166.666666",
        "USD 0.096",
    )
    assert str(s.conversions["borealis_saft"].cash) == "USD 0.06"


@pytest.mark.parametrize("example", ["convertible-note-financing", "post-money-safe", "saft-token"])
def test_examples_pass_their_expectations(example, capsys):
    assert main(["test", str(EXAMPLES / f"{example}.term")]) == 0


def test_eval_prints_the_cap_table(capsys):
    path = str(EXAMPLES / "post-money-safe.term")
    assert main(["eval", path, "--at", "2026-10-02", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = data["cap_tables"]["series_a"]["rows"]
    assert [r["percent"] for r in rows] == ["60.00", "5.00", "7.50", "7.50", "20.00"]


@pytest.mark.parametrize(
    ("fmt", "needle"),
    [("md", "| existing holders"), ("html", "<th>holder"), ("docx", "existing holders")],
)
def test_summary_has_the_cap_table(tmp_path, fmt, needle):
    out = tmp_path / f"s.{fmt}"
    path = str(EXAMPLES / "post-money-safe.term")
    assert main(["render", path, "--format", fmt, "-o", str(out)]) == 0
    if fmt == "docx":
        import docx

        rows = docx.Document(str(out)).tables[-1].rows
        text = "\n".join(" ".join(c.text for c in r.cells) for r in rows)
    else:
        text = out.read_text(encoding="utf-8")
    assert needle in text
    assert "60.00" in text and "20.00" in text


def test_every_instrument_reason_is_translated():
    from termlang.render.story import MECHANIC_ASPECTS
    from termlang.render.view import build_view

    for example, scenarios in [
        ("convertible-note-financing", ["series_a_round", "small_round", "acquired", "wound_down"]),
        ("post-money-safe", ["round", "acquired", "wound_down"]),
        ("saft-token", ["launch", "dissolved"]),
    ]:
        path = EXAMPLES / f"{example}.term"
        m = analyze_text(path.read_text(encoding="utf-8"), str(path), run_checks=False).model
        for name in scenarios:
            chosen = pick_scenario(m, name)
            view = build_view(m, [], locale="fr", scenario=chosen, timeline=run(m, chosen))
            entries = [e for e in view["timeline"] if e["kind"] in MECHANIC_ASPECTS]
            assert entries
            assert [e["reason"] for e in entries if e["reason_lang"] != "fr"] == []


def test_consents_are_judged_against_the_series_threshold():
    s = _state("convertible-note-financing", "series_a_round", date(2026, 6, 2))
    assert s.amendments["seed_notes"] == "not_binding"
    s = _state("convertible-note-financing", "series_a_round", date(2026, 7, 2))
    assert s.amendments["seed_notes"] == "binding"


def test_a_tie_is_not_a_majority():
    text = (EXAMPLES / "convertible-note-financing.term").read_text(encoding="utf-8")
    text = text.replace("amount               USD 500K", "amount               USD 1M")
    m = analyze_text(text, "tie.term").model
    assert m is not None
    timeline = run(m, pick_scenario(m, "series_a_round"))
    assert timeline.state_at(date(2026, 7, 2)).amendments["seed_notes"] == "not_binding"


def test_json_scenarios_take_the_instrument_lines(tmp_path):
    from termlang.evaluate.scenario_json import load_scenario

    path = EXAMPLES / "convertible-note-financing.term"
    m = analyze_text(path.read_text(encoding="utf-8"), str(path)).model
    assert m is not None
    scenario = tmp_path / "s.json"
    scenario.write_text(
        json.dumps(
            {
                "name": "small_round",
                "horizon": "2028-12-31",
                "events": {"series_a": "2026-10-01", "acquisition": None, "wind_down": None},
                "capitalization": 8000000,
                "financing": {
                    "series_a": {"price": "USD 2", "capitalization": 7500000, "raised": "USD 2M"}
                },
                "elections": [{"clause": "first_closing", "choice": "convert", "on": "2028-01-02"}],
                "consents": [{"series": "seed_notes", "on": "2026-07-01", "holders": ["larkspur"]}],
                "proceeds": {"wind_down": "USD 900K"},
            }
        )
    )
    loaded = load_scenario(str(scenario), m)
    state = run(m, loaded).state_at(date(2028, 4, 16))
    expected = run(m, m.scenarios["small_round"]).state_at(date(2028, 4, 16))
    assert state.conversions == expected.conversions
    assert state.repaid == expected.repaid
    assert state.amendments == {"seed_notes": "binding"}


ALTERNATIVES = """\
agreement "Alternative outcomes" {
  kind       definitive
  binding    yes
  effective  2026-01-01
}

party halcyon "Halcyon Labs, Inc." role company
party atlas "Atlas Digital Fund, L.P." role investor

event network_launch "tokens are sold to the public"
event series_a "an equity financing"
event wind_down "a dissolution"

convertible atlas_safe "tokens or shares, whichever first" {
  instrument           safe
  holder               atlas
  issuer               halcyon
  amount               USD 300K
  discount             20%
  units                tokens
  qualified_financing  network_launch
  equity_financing     series_a
  dissolution          wind_down
}

scenario shares_first "The Series A comes before the launch" {
  default
  horizon         2028-12-31
  series_a        2026-10-01
  network_launch  2027-05-01
  wind_down       never
  financing series_a {
    price           USD 2
    capitalization  8_000_000 shares
  }
  financing network_launch {
    price  USD 0.10
  }
  # 300,000 at 2 x 80% = USD 1.60: 187,500 shares; the launch then gives
  # no tokens: the other outcomes are impossible once one has happened.
  expect 2027-05-02 {
    conversion  atlas_safe equity_financing
    shares      atlas_safe 187500
  }
}
"""


def test_alternative_outcomes_the_first_excludes_the_others():
    m = analyze_text(ALTERNATIVES, "alt.term").model
    assert m is not None
    timeline = run(m, pick_scenario(m, "shares_first"))
    state = timeline.state_at(date(2027, 5, 2))
    conv = state.conversions["atlas_safe"]
    assert (conv.event, conv.units, conv.shares) == ("equity_financing", "shares", 187_500)
    # the later launch gives no tokens
    assert [c.on for c in timeline.changes if c.aspect == "conversion"] == [date(2026, 10, 1)]


def test_the_summary_states_the_instrument_terms(tmp_path):
    out = tmp_path / "s.md"
    assert main(["render", str(EXAMPLES / "saft-token.term"), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8").replace("\\(", "(").replace("\\)", ")")
    assert "A conversion issues tokens (fractional units to 6 decimal places" in text
    assert "rounded down, the fraction paid in cash" in text
    out = tmp_path / "n.md"
    path = str(EXAMPLES / "convertible-note-financing.term")
    assert main(["render", path, "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "greater of principal plus interest plus a premium of 100%" in text
    assert "the amount invested is repaid" not in text  # the premium sentence says it
