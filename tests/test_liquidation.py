"""Dissolution through the waterfall of ranks (docs/mechanics.md, "Dissolution and
liquidation"): the laws of `mechanics.liquidation`, the worked example, and the scenarios
with debt ahead and common behind, evaluated end to end."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, examples
from termlang.cli import main
from termlang.evaluate import pick_scenario, run
from termlang.evaluate.instruments import LIQUIDATION
from termlang.mechanics import liquidation
from termlang.pipeline import analyze_text
from termlang.values import Money


def usd(cents: int) -> Money:
    return Money("USD", Decimal(cents).scaleb(-2))


cents = st.integers(min_value=0, max_value=10**11)
claims_st = st.lists(st.tuples(cents, st.integers(min_value=0, max_value=3)), max_size=7)


@settings(max_examples=examples(400), deadline=None)
@given(claims_st, cents)
def test_payouts_respect_priority_and_sum_to_the_assets_when_short(claims, assets_cents):
    assets = usd(assets_cents)
    cs = [liquidation.Claim(f"c{i}", usd(a), r) for i, (a, r) in enumerate(claims)]
    out = liquidation.distribute(assets, cs)
    zero = usd(0)
    paid = sum((p.paid for p in out.payouts), zero)
    owed = sum((c.amount for c in cs), zero)
    assert paid + out.residual == assets  # to the cent: nothing created, nothing lost
    assert paid <= assets
    for p in out.payouts:
        assert zero <= p.paid <= p.owed
    if assets < owed:
        assert paid == assets and out.residual == zero  # common gets nothing
    else:
        assert all(p.paid == p.owed for p in out.payouts)
    # priority: no junior claim receives anything while a senior rank is short
    for p in out.payouts:
        if p.paid > zero:
            assert all(q.paid == q.owed for q in out.payouts if q.rank < p.rank)
    # pro rata within a rank: each part within a cent of its exact share
    for r in out.ranks:
        members = [p for p in out.payouts if p.rank == r.rank]
        assert sum((p.paid for p in members), zero) == r.paid
        if r.owed > zero:
            for p in members:
                exact = r.paid.amount * p.owed.amount / r.owed.amount
                assert abs(p.paid.amount - exact) < Decimal("0.01")


def test_worked_example_debt_ahead_safes_on_par_with_preferred_common_behind():
    """docs/mechanics.md: USD 1.5M of proceeds; USD 600K of debt (rank 0) first, then the
    SAFEs' USD 500K + USD 1M and USD 300K of preferred share the USD 900K left pro rata
    (900/1800 = 50% each); nothing is left for common holders."""
    out = liquidation.distribute(
        usd(150_000_000),
        [
            liquidation.Claim("alder", usd(50_000_000), 1),
            liquidation.Claim("birch", usd(100_000_000), 1),
            liquidation.Claim("debt", usd(60_000_000), 0),
            liquidation.Claim("preferred", usd(30_000_000), 1),
        ],
    )
    assert [p.paid for p in out.payouts] == [
        usd(25_000_000),
        usd(50_000_000),
        usd(60_000_000),
        usd(15_000_000),
    ]
    assert [(r.rank, r.available, r.paid, r.short) for r in out.ranks] == [
        (0, usd(150_000_000), usd(60_000_000), False),
        (1, usd(90_000_000), usd(90_000_000), True),
    ]
    assert out.residual == usd(0)


def test_a_short_rank_is_rounded_by_largest_remainder():
    # SAFT example: 200K and 320K owed, 500K available: 192,307.6923.. and 307,692.3076..
    out = liquidation.distribute(
        usd(50_000_000),
        [
            liquidation.Claim("atlas", usd(20_000_000)),
            liquidation.Claim("borealis", usd(32_000_000)),
        ],
    )
    assert [p.paid for p in out.payouts] == [usd(19_230_769), usd(30_769_231)]


def test_the_remainder_goes_to_common_holders():
    out = liquidation.distribute(
        usd(100_000_000),
        [liquidation.Claim("debt", usd(20_000_000), 0), liquidation.Claim("safe", usd(50_000_000))],
    )
    assert out.residual == usd(30_000_000)
    assert not any(p.short for p in out.payouts)


# ------------------------------------------------------------------------- end to end


def _liquidation(example: str, scenario: str):
    path = EXAMPLES / f"{example}.term"
    analysis = analyze_text(path.read_text(encoding="utf-8"), str(path))
    assert analysis.model is not None
    assert not [d for d in analysis.diagnostics if d.severity.value == "error"]
    timeline = run(analysis.model, pick_scenario(analysis.model, scenario))
    (change,) = [c for c in timeline.changes if c.aspect == LIQUIDATION]
    return change


def test_the_yc_safes_share_with_preferred_after_the_debt():
    change = _liquidation("post-money-safe", "wound_down_with_debt")
    value = change.value
    assert [(rank, names, owed, paid) for rank, names, owed, paid in value.ranks] == [
        (0, ("bank_loan",), usd(40_000_000), usd(40_000_000)),
        (1, ("alder_safe", "birch_safe", "seed_preferred"), usd(180_000_000), usd(120_000_000)),
    ]
    assert value.residual == usd(0)
    words = str(change.reason)
    assert "rank 0 (`bank_loan`) is owed USD 400K and receives USD 400K" in words
    assert "(short: shared pro rata)" in words


def test_the_safts_come_before_all_stock_and_common_gets_the_rest():
    value = _liquidation("saft-token", "dissolved_solvent").value
    assert [rank for rank, *_ in value.ranks] == [0, 1, 2]
    assert value.residual == usd(63_000_000)  # 1.5M - 250K - 520K - 100K
    short = _liquidation("saft-token", "dissolved_owing").value
    assert short.ranks[2][3] == usd(0) and short.residual == usd(0)


def test_the_dissolution_reasons_are_worded_in_french(tmp_path):
    path = EXAMPLES / "post-money-safe.term"
    out = tmp_path / "summary.md"
    code = main(
        [
            "render",
            str(path),
            "--scenario",
            "wound_down_with_debt",
            "--locale",
            "fr",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert "rangs prioritaires" in text


def test_a_claim_line_needs_an_amount_in_the_proceeds_currency():
    text = """agreement "A" { kind definitive  binding yes  effective 2026-01-01 }
party co "Co" role company
party inv "Inv" role investor
event wind "wind-down"
convertible s "S" { instrument safe  holder inv  issuer co  amount USD 1M  dissolution wind }
scenario x "X" {
  wind 2026-06-01
  proceeds wind USD 1M { debt EUR 200K }
}
"""
    diags = analyze_text(text, "bad.term").diagnostics
    assert any(d.code == "TL204" and "in USD" in d.message for d in diags), diags


def test_json_scenarios_give_the_other_claims(tmp_path):
    import json

    import jsonschema

    from conftest import ROOT
    from termlang.evaluate.scenario_json import ScenarioError, load_scenario

    path = EXAMPLES / "post-money-safe.term"
    m = analyze_text(path.read_text(encoding="utf-8"), str(path)).model
    assert m is not None
    data = {
        "name": "wound_down_with_debt",
        "horizon": "2027-12-31",
        "events": {"series_a": None, "acquisition": None, "dissolution": "2027-03-01"},
        "proceeds": {
            "dissolution": {
                "amount": "USD 1.6M",
                "claims": {
                    "bank_loan": "USD 400K",
                    "seed_preferred": {"amount": "USD 300K", "rank": 1},
                },
            }
        },
    }
    schema = json.loads((ROOT / "docs" / "scenario.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps(data), encoding="utf-8")
    at = date(2027, 3, 2)
    state = run(m, load_scenario(str(scenario), m)).state_at(at)
    expected = run(m, m.scenarios["wound_down_with_debt"]).state_at(at)
    assert state.repaid == expected.repaid
    assert state.repaid["birch_safe"] == usd(66_666_667)
    data["proceeds"]["dissolution"]["claims"]["bank_loan"] = {"amount": "EUR 1", "rank": -1}
    scenario.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(scenario), m)
    assert [d.code for d in caught.value.diagnostics] == ["TL604"]


def test_a_changed_claim_reads_as_written_in_the_redline():
    from termlang import check_text
    from termlang.diff import compare

    old_text = (EXAMPLES / "post-money-safe.term").read_text(encoding="utf-8")
    new_text = old_text.replace("bank_loan       USD 400K", "bank_loan       USD 500K")
    assert new_text != old_text
    redline = compare(check_text(old_text, "old.term"), check_text(new_text, "new.term"))
    text = "\n".join(redline.sentences("en"))
    assert "`proceeds dissolution` changed from" in text
    assert "bank_loan USD 500K" in text and "Proceeds(" not in text


def test_a_second_proceeds_line_for_one_event_is_reported():
    text = """agreement "A" { kind definitive  binding yes  effective 2026-01-01 }
party co "Co" role company
party inv "Inv" role investor
event wind "wind-down"
convertible s "S" { instrument safe  holder inv  issuer co  amount USD 1M  dissolution wind }
scenario x "X" {
  wind 2026-06-01
  proceeds wind USD 2M
  proceeds wind USD 1M { debt USD 1M }
}
"""
    found = [d for d in analyze_text(text, "twice.term").diagnostics if d.code == "TL872"]
    assert len(found) == 1 and "twice" in found[0].message


POST_MONEY = (EXAMPLES / "post-money-safe.term").read_text(encoding="utf-8")


@settings(max_examples=examples(25), deadline=None)
@given(
    st.integers(min_value=0, max_value=300_000_000),  # proceeds, cents
    st.integers(min_value=0, max_value=100_000_000),  # the bank loan, cents
)
def test_the_interpreter_pays_by_priority_and_pays_out_short_proceeds(proceeds, debt):
    """End to end: the SAFEs receive nothing while the debt ahead is short, the payouts and
    the residual sum to the proceeds, and common gets nothing while a claim is short."""
    text = POST_MONEY.replace(
        "proceeds dissolution USD 1.6M {", f"proceeds dissolution {usd(proceeds)} {{"
    ).replace("bank_loan       USD 400K", f"bank_loan       {usd(debt)}")
    assert f"proceeds dissolution {usd(proceeds)} {{" in text and str(usd(debt)) in text
    analysis = analyze_text(text, "p.term", run_checks=False)
    assert analysis.model is not None
    timeline = run(analysis.model, pick_scenario(analysis.model, "wound_down_with_debt"))
    (change,) = [c for c in timeline.changes if c.aspect == LIQUIDATION]
    value = change.value
    paid = {name: p for _, names, _, p in value.ranks for name in names}
    safes = sum(
        (c.value for c in timeline.changes if c.aspect == "repaid"), usd(0)
    )  # what the two SAFEs received
    (senior, on_par) = value.ranks
    assert sum((p for *_, p in value.ranks), usd(0)) + value.residual == usd(proceeds)
    if senior[3] < senior[2]:
        assert safes == usd(0) and on_par[3] == usd(0)
    if on_par[3] < on_par[2]:
        assert value.residual == usd(0)
    assert safes <= on_par[3] and paid["bank_loan"] == senior[3]
