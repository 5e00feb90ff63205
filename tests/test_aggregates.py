"""Aggregates over rolling windows and calendar periods, in conditions and expectations."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from facts_helpers import analysis_of, at, codes, reason, timeline_of
from termlang.evaluate.aggregates import Spec, best_window, holds
from termlang.values import Duration, DurationUnit

FUNDING = """
investment a_seed { investor cloud; recipient lab; commitment USD 1000
  tranche t1 { amount USD 400; on 2026-02-01 }
  tranche t2 { amount USD 600; on 2027-03-01 } }
investment f_seed { investor fund; recipient lab; commitment USD 500
  tranche t1 { amount USD 500; on 2026-12-01 } }
obligation convert "conversion at the next financing" {
  party    lab
  must     "convert"
  trigger  sum of funding over any 12 months > USD 1000
}
obligation bonus "three releases in a calendar year" {
  party    lab
  must     "pay a bonus"
  trigger  count of model_release in any year >= 3
}
exclusivity ex { benefits cloud; binds lab; scope compute }
obligation report "two deals in a quarter" {
  party    lab
  must     "report"
  trigger  count of deals(lab) in any quarter >= 2
}
"""
SCENARIO = """
scenario s {
  model_release r1 2026-02-01
  model_release r2 2026-11-01
  model_release r3 2027-01-05
  model_release r4 2027-06-01
  model_release r5 2027-12-31
  deal lab rival compute 2026-01-10 USD 5
  deal lab rival compute 2026-04-02 USD 5
  deal lab rival compute 2026-05-02 USD 5
}
"""


def test_rolling_and_calendar_windows_start_on_the_first_day_they_hold() -> None:
    t = timeline_of(FUNDING + SCENARIO)
    # USD 400 (2026-02-01) + 500 (2026-12-01) = 900; on 2027-03-01 the 12 months after
    # 2026-03-01 hold 500 + 600 = 1,100 > 1,000
    assert at(t, "2027-02-28").statuses["convert"] == "pending"
    assert at(t, "2027-03-01").statuses["convert"] == "active"
    assert "holds from 2027-03-01" in reason(t, "convert", "status", "2027-03-01")
    # 2026 has two releases, 2027 three (the third on 2027-12-31)
    assert at(t, "2027-12-30").statuses["bonus"] == "pending"
    assert at(t, "2027-12-31").statuses["bonus"] == "active"
    # two deals in 2026-Q2 (04-02, 05-02); the one of 2026-01-10 is in Q1
    assert at(t, "2026-05-01").statuses["report"] == "pending"
    assert at(t, "2026-05-02").statuses["report"] == "active"


def test_a_window_ends_on_an_item_and_excludes_the_day_one_length_earlier() -> None:
    spec = Spec(
        "sum", "funding", None, Duration(12, DurationUnit.MONTH), None, ">=", Fraction(1000), "USD"
    )
    items = [(date(2026, 1, 15), Fraction(500)), (date(2027, 1, 15), Fraction(500))]
    # 2027-01-15 - 12 months = 2026-01-15, excluded: the window holds USD 500 only
    assert best_window(spec, items, date(2027, 1, 15)) == Fraction(500)
    assert not holds(spec, items, date(2027, 1, 15))
    items[1] = (date(2027, 1, 14), Fraction(500))
    assert holds(spec, items, date(2027, 1, 14))


def test_expectations_read_the_same_windows() -> None:
    analysis = analysis_of(
        FUNDING
        + SCENARIO.replace(
            "  deal lab rival compute 2026-05-02 USD 5\n}",
            """  deal lab rival compute 2026-05-02 USD 5
  expect 2027-02-28 {
    fails sum of funding over any 12 months > USD 1000
  }
  expect 2027-03-01 {
    holds sum of funding over any 12 months > USD 1000
    holds sum of funding(cloud) over any 24 months >= USD 1000
    fails sum of funding(f_seed) in any year > USD 500
    holds sum of deals in any quarter >= USD 10
    fails count of model_release in any year >= 3
    holds sum of nothing over any 12 months > USD 1
  }
}""",
        )
    )
    from termlang.evaluate.expectations import run_expectations

    outcome = run_expectations(analysis.model, analysis.model.scenarios["s"])
    assert codes(list(outcome.diagnostics)) == ["TL603"], [d.message for d in outcome.diagnostics]
    assert outcome.checked == 7


def test_aggregates_name_what_they_read() -> None:
    bad = analysis_of(
        """
obligation o { party lab; must "x"; trigger sum of profits over any 12 months > USD 1 }
obligation p { party lab; must "x"; trigger count of deals over any year >= 2 }
"""
    )
    assert sorted(codes([d for d in bad.diagnostics if d.severity.value == "error"])) == [
        "TL204",
        "TL302",
    ]


def test_an_aggregate_is_compared_with_a_value_of_its_kind() -> None:
    bad = analysis_of(
        """
obligation o { party lab; must "x"; trigger sum of funding over any 12 months > 3 GW }
obligation p { party lab; must "x"; trigger count of deals in any year >= USD 3 }
obligation q { party lab; must "x"; trigger sum of funding over any 0 months > USD 3 }
"""
    )
    errors = [d for d in bad.diagnostics if d.severity.value == "error"]
    assert [d.code for d in errors] == ["TL204", "TL204", "TL204"]
    assert "compared with an amount, found `3 GW`" in errors[0].message
