"""Alternative outcomes of one instrument in different units (docs/mechanics.md,
"Alternative outcomes"): tokens at a network launch OR shares at an equity financing OR cash
on a dissolution, whichever happens first; a same-day tie follows `precedence`, and the
checker reports the ties the terms leave open (TL868, TL869, TL870)."""

from __future__ import annotations

from datetime import date

import pytest

from termlang.cli import main
from termlang.evaluate import pick_scenario, run
from termlang.pipeline import analyze_text

SAFT = """\
agreement "A SAFT with an equity alternative" {
  kind       definitive
  binding    yes
  effective  2026-01-01
}

party halcyon "Halcyon Labs, Inc." role company
party atlas "Atlas Digital Fund, L.P." role investor

event network_launch "tokens are sold to the public"
event series_a "an equity financing"
event wind_down "a dissolution"

convertible atlas_saft "tokens or shares, whichever first" {
  instrument           safe
  holder               atlas
  issuer               halcyon
  amount               USD 300K
  discount             20%
  units                tokens
  qualified_financing  network_launch
  equity_financing     series_a
  dissolution          wind_down
  PRECEDENCE
}

scenario SCENARIO "X" {
  horizon         2028-12-31
  network_launch  LAUNCH
  series_a        ROUND
  wind_down       never
  financing series_a {
    price           USD 2
    capitalization  8_000_000 shares
  }
  financing network_launch {
    price  USD 0.10
  }
}
"""


def _conversion(launch: str, round_: str, precedence: str = ""):
    text = (
        SAFT.replace("PRECEDENCE", precedence)
        .replace("SCENARIO", "x")
        .replace("LAUNCH", launch)
        .replace("ROUND", round_)
    )
    analysis = analyze_text(text, "saft.term")
    assert analysis.model is not None
    timeline = run(analysis.model, pick_scenario(analysis.model, "x"))
    convs = [c.value for c in timeline.changes if c.aspect == "conversion"]
    return convs, [d.code for d in analysis.diagnostics]


def test_tokens_at_the_launch_when_it_comes_first():
    (conv,), codes = _conversion("2027-03-01", "2027-09-01")
    # 300,000 / (0.10 x 80%) = 3,750,000 tokens
    assert (conv.event, conv.units, conv.shares) == ("qualified_financing", "tokens", 3_750_000)
    assert codes == []


def test_shares_at_the_equity_financing_when_it_comes_first():
    (conv,), _ = _conversion("2027-09-01", "2027-03-01")
    # 300,000 / (2 x 80%) = 187,500 shares; the later launch gives no tokens
    assert (conv.event, conv.units, conv.shares) == ("equity_financing", "shares", 187_500)


def test_a_same_day_tie_without_precedence_is_reported_and_takes_the_default_order():
    (conv,), codes = _conversion("2027-03-01", "2027-03-01")
    assert conv.units == "tokens"
    assert codes == ["TL869"]


@pytest.mark.parametrize(
    ("precedence", "units"),
    [
        ("precedence series_a network_launch", "shares"),
        ("precedence network_launch series_a", "tokens"),
    ],
)
def test_precedence_decides_a_same_day_tie(precedence, units):
    (conv,), codes = _conversion("2027-03-01", "2027-03-01", precedence)
    assert conv.units == units and conv.on == date(2027, 3, 1)
    assert codes == []


def test_precedence_must_name_outcome_events():
    _, codes = _conversion("2027-03-01", "2027-09-01", "precedence series_b network_launch")
    assert "TL870" in codes
    _, codes = _conversion("2027-03-01", "2027-09-01", "precedence series_a series_a")
    assert "TL204" in codes


def test_the_summary_states_the_precedence(tmp_path):
    path = tmp_path / "saft.term"
    text = SAFT.replace("PRECEDENCE", "precedence series_a network_launch")
    path.write_text(
        text.replace("SCENARIO", "x")
        .replace("LAUNCH", "2027-03-01")
        .replace("ROUND", "2027-03-01"),
        encoding="utf-8",
    )
    out = tmp_path / "summary.md"
    assert main(["render", str(path), "-o", str(out)]) == 0
    summary = out.read_text(encoding="utf-8")
    assert "they prevail in this order" in summary
    assert summary.index("an equity financing", summary.index("prevail in this order")) < (
        summary.index("tokens are sold to the public", summary.index("prevail in this order"))
    )
