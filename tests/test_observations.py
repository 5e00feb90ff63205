"""Readings judged against targets and deliveries; periods without one are unknown."""

from __future__ import annotations

from decimal import Decimal

from facts_helpers import analysis_of, at, codes, reason, timeline_of
from termlang.values import Percent, Quantity

COMPUTE = """
compute dc "capacity for the lab" {
  provider     cloud
  beneficiary  lab
  capacity     1 GW
  from 2027-01-01 { capacity 2 GW }
  target pue <= 1.2 by 2027-01-01
  target renewable_share >= 80% by 2028-01-01
}
"""


def test_targets_are_met_or_missed_with_the_gap_and_gaps_are_unknown() -> None:
    t = timeline_of(
        COMPUTE
        + """
scenario s {
  measure pue 2026 1.31
  measure pue 2027 1.18
  measure pue 2029 1.24
  measure renewable_share 2028 76%
}
"""
    )
    observed = at(t, "2030-01-01").observed
    pue = observed["dc.pue"]
    assert "2026" not in pue  # the target applies by 2027-01-01
    assert pue["2027"].outcome == "met"
    assert pue["2028"].outcome == "unknown" and pue["2028"].figure is None  # never zero
    assert pue["2029"].outcome == "missed" and pue["2029"].gap == Decimal("0.04")
    share = observed["dc.renewable_share"]["2028"]
    assert share.outcome == "missed" and share.gap == Percent(4)
    assert "unknown, not zero" in reason(t, "dc.pue", "observed", "2029-01-01")
    assert at(t, "2028-12-31").observed["dc.pue"]["2027"].judged_on.isoformat() == "2028-01-01"


def test_deliveries_are_judged_against_the_capacity_committed_on_the_period_last_day() -> None:
    t = timeline_of(
        COMPUTE
        + """
scenario s {
  delivered dc 2026 900 MW
  delivered dc 2028 2 GW
}
"""
    )
    observed = at(t, "2029-01-01").observed["dc"]
    assert observed["2026"].outcome == "missed"
    assert observed["2026"].gap == Quantity(Decimal(100), "MW")  # 1 GW - 900 MW
    assert observed["2027"].outcome == "unknown"  # no delivery given: not 0 MW
    assert observed["2028"].outcome == "met"


def test_a_target_without_any_reading_is_unknown_from_its_date() -> None:
    t = timeline_of(COMPUTE + "scenario s { horizon 2029-01-01 }\n")
    assert at(t, "2027-01-01").observed["dc.pue"]["from 2027-01-01"].outcome == "unknown"
    assert "dc.pue" not in at(t, "2026-12-31").observed


def test_funded_changes_what_a_tranche_brings() -> None:
    t = timeline_of(
        """
investment seed { investor cloud; recipient lab; commitment USD 5M
  tranche first { amount USD 5M; on 2026-02-01 } }
scenario s { funded seed.first USD 6.5M }
"""
    )
    assert str(at(t, "2026-02-01").funded["cloud"]) == "USD 6.5M"
    assert "the term says USD 5M" in reason(t, "cloud", "funded", "2026-02-01")


def test_readings_of_unknown_metrics_and_fundings_in_another_currency_are_reported() -> None:
    analysis = analysis_of(
        COMPUTE
        + """
investment seed { investor cloud; recipient lab; commitment USD 5M
  tranche first { amount USD 5M; on 2026-02-01 } }
scenario s {
  measure peu 2027 1.1
  funded seed.first EUR 5M
}
"""
    )
    assert {"TL823", "TL824"} <= set(codes(analysis.diagnostics))
    wrong = analysis_of(COMPUTE + "scenario s { delivered lab 2027 1 GW }\n")
    assert codes(wrong.diagnostics) == ["TL302"]  # `lab` is a party, not a compute clause
