"""The interpreter: semantics on small agreements, the flagship's golden timelines, the CLI."""

from __future__ import annotations

import json
import pickle
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

import termlang
from conftest import EXAMPLES, FIXTURES, check_golden
from termlang import ast
from termlang.cli import main
from termlang.evaluate import (
    Change,
    ScenarioError,
    State,
    Timeline,
    evaluate,
    pick_scenario,
    run,
    state_at,
)
from termlang.evaluate.conditions import Context
from termlang.evaluate.expectations import run_expectations
from termlang.evaluate.revenue import to_money
from termlang.evaluate.scenario_json import load_scenario
from termlang.values import Money, Percent, Quantity

FLAGSHIP = EXAMPLES / "openai-microsoft-mou.term"
GOLDEN = FIXTURES / "evaluate"

HEADER = """\
agreement "Test" {
  kind       mou
  binding    no except keep
  effective  2026-01-01
  long_stop  2026-12-31
  signing    signed
}
party a "A" role investor
party b "B" role company
party c "C" role investor
asset thing "a thing"
scope area "an area"
stream s "stream s"
stream u "stream u"
event signed "signed"
event go "go"
event stop "stop"
event done "done"
event oops "oops"
"""


def model_of(body: str):
    analysis = termlang.check_text(HEADER + body, "test.term", run_checks=False)
    errors = [d.message for d in analysis.diagnostics if d.severity.value == "error"]
    assert not errors, errors
    return analysis.model


def flagship():
    analysis = termlang.check(str(FLAGSHIP), run_checks=False)
    assert analysis.model is not None
    return analysis.model


def statuses(timeline: Timeline, at: str) -> dict[str, str]:
    return dict(timeline.state_at(date.fromisoformat(at)).statuses)


# ---------------------------------------------------------------------------- lifecycle


KEEP = """
obligation keep "binding" {
  party a
  must "keep quiet"
  window effective .. 2027-12-31
}
"""


def test_window_includes_its_end_date_and_expires_the_day_after():
    m = model_of(
        KEEP
        + """
collaboration x "x" {
  party a
  with b
  scope area
  window 2026-02-01 .. 2026-02-28
}
scenario one { signed 2026-06-01 }
"""
    )
    t = run(m)
    assert statuses(t, "2026-01-31")["x"] == "pending"
    assert statuses(t, "2026-02-01")["x"] == "active"
    assert statuses(t, "2026-02-28")["x"] == "active"  # the end date is the last day
    assert statuses(t, "2026-03-01")["x"] == "expired"
    change = t.last_change("x", "status", date(2026, 3, 1))
    assert change is not None and change.on == date(2026, 3, 1)
    assert str(change.reason) == "its window's last day was 2026-02-28"


def test_starts_when_and_ends_when_record_their_event():
    m = model_of(
        KEEP
        + """
collaboration x "x" {
  party a
  with b
  scope area
  starts_when go
  ends_when stop
}
scenario one {
  signed 2026-06-01
  go 2026-04-01
  stop 2027-05-01
}
"""
    )
    t = run(m)
    assert statuses(t, "2026-03-31")["x"] == "pending"
    assert statuses(t, "2026-04-01")["x"] == "active"
    end = t.last_change("x", "status", date(2027, 5, 1))
    assert (
        end is not None
        and end.new == "terminated"
        and "`stop` happened on 2027-05-01" in (end.reason)
    )


def test_long_stop_lapses_non_binding_clauses_but_not_binding_ones():
    m = model_of(
        KEEP
        + """
collaboration x "x" {
  party a
  with b
  scope area
}
scenario unsigned { signed never }
scenario late { signed 2027-02-01 }
scenario on_time { signed 2026-12-31 }
"""
    )
    t = run(m, m.scenarios["unsigned"])
    before, after = t.state_at(date(2026, 12, 31)), t.state_at(date(2027, 1, 1))
    assert before.agreement == "active" and before.statuses["x"] == "active"
    assert after.agreement == "lapsed"
    assert after.statuses["x"] == "lapsed"
    assert after.statuses["keep"] == "active"  # binding: in force until its own end
    assert statuses(t, "2028-01-01")["keep"] == "expired"
    lapse = t.last_change("x", "status", date(2027, 1, 1))
    assert lapse is not None and "long-stop date 2026-12-31 passed without `signed`" in (
        lapse.reason
    )
    # signing after the long-stop does not revive the memorandum
    assert run(m, m.scenarios["late"]).state_at(date(2027, 3, 1)).agreement == "lapsed"
    # signing on the long-stop day itself is in time
    assert run(m, m.scenarios["on_time"]).state_at(date(2027, 3, 1)).agreement == "signed"


def test_termination_clause_with_a_late_condition():
    m = model_of(
        KEEP
        + """
collaboration x "x" {
  party a
  with b
  scope area
}
termination block "blocked" {
  ends x
  when not go before 2026-09-30
}
scenario cleared { signed 2026-03-01; go 2026-05-01 }
scenario never_cleared { signed 2026-03-01 }
"""
    )
    ok = run(m, m.scenarios["cleared"])
    assert statuses(ok, "2027-01-01")["x"] == "active"
    bad = run(m, m.scenarios["never_cleared"])
    # unsettled until the deadline, then known to be late: fires on 2026-09-30, not before
    assert statuses(bad, "2026-09-29")["x"] == "active"
    state = statuses(bad, "2026-09-30")
    assert state["x"] == "terminated" and state["block"] == "fulfilled"


def test_termination_of_the_agreement_ends_every_clause():
    m = model_of(
        KEEP
        + """
termination walk "walk away" {
  ends agreement
  on 2026-06-01
}
scenario one { signed 2026-03-01 }
"""
    )
    state = run(m).state_at(date(2026, 6, 1))
    assert state.agreement == "terminated"
    assert state.statuses["keep"] == "terminated"


# ---------------------------------------------------------------------------- tranches


INVESTMENT = """
investment inv "round" {
  investor a
  recipient b
  tranche first { amount USD 10; on 2026-02-01 }
  tranche second {
    amount USD 20
    when go
    deadline 2026-06-30
  }
}
"""


@pytest.mark.parametrize(
    ("go", "second", "funded"),
    [
        ("2026-03-15", "funded", Money("USD", 30)),
        ("2026-06-30", "funded", Money("USD", 30)),  # on the deadline is in time
        ("2026-07-01", "lapsed", Money("USD", 10)),
        ("never", "lapsed", Money("USD", 10)),
    ],
)
def test_conditional_tranche_funds_or_lapses_at_its_deadline(go, second, funded):
    m = model_of(KEEP + INVESTMENT + f"scenario one {{ signed 2026-03-01; go {go} }}\n")
    state = run(m).state_at(date(2026, 8, 1))
    assert state.tranches["inv.second"] == second
    assert state.funded["a"] == funded
    assert state.invested["inv"] == funded
    if second == "lapsed":
        lapse = run(m).last_change("inv.second", "status", date(2026, 8, 1))
        assert lapse is not None and lapse.on == date(2026, 7, 1)


# ---------------------------------------------------------------------------- revenue


def revenue_model(extra: str = "", figures: str = "2026 USD 3650") -> object:
    return model_of(
        KEEP
        + f"""
revenue_share r "share" {{
  payer b
  payee a
  stream s
  rate 10%
  period quarter
  {extra}
}}
scenario one {{
  signed 2026-03-01
  revenue s {{
    {figures}
  }}
}}
"""
    )


def test_yearly_figures_spread_by_day_over_quarters():
    t = run(revenue_model())
    amounts = [(p.period, p.due) for p in t.payments]
    # USD 3650 a year is USD 10 a day; 2026-Q1 has 90 days
    assert amounts == [
        ("2026-Q1", Money("USD", Decimal("90.00"))),
        ("2026-Q2", Money("USD", Decimal("91.00"))),
        ("2026-Q3", Money("USD", Decimal("92.00"))),
        ("2026-Q4", Money("USD", Decimal("92.00"))),
    ]
    assert t.state_at(date(2026, 12, 31)).paid["r"] == Money("USD", Decimal("273.00"))
    assert t.state_at(date(2027, 1, 1)).paid["r"] == Money("USD", Decimal("365.00"))


def test_partial_periods_are_prorated_by_day_and_steps_split_a_period():
    t = run(
        revenue_model(
            "window 2026-02-15 .. 2026-10-31\n  from 2026-05-16 { rate 20% }",
        )
    )
    by_period = {p.period: p for p in t.payments}
    assert by_period["2026-Q1"].due == Money("USD", Decimal("45.00"))  # 45 days x 10 x 10%
    # 2026-Q2: 45 days at 10% and 46 days at 20%
    assert by_period["2026-Q2"].due == Money("USD", Decimal("137.00"))
    assert by_period["2026-Q2"].rate == "10% then 20%"
    assert by_period["2026-Q3"].due == Money("USD", Decimal("184.00"))
    assert by_period["2026-Q4"].due == Money("USD", Decimal("62.00"))  # October only
    assert by_period["2026-Q4"].end == date(2027, 1, 1)


def test_money_is_rounded_once_per_period_half_even():
    # USD 1000 over 2026 (365 days): Q1 is 1000 * 90 / 365 * 10% = 24.6575...
    t = run(revenue_model(figures="2026 USD 1000"))
    dues = [p.due.amount for p in t.payments]
    assert dues == [Decimal("24.66"), Decimal("24.93"), Decimal("25.21"), Decimal("25.21")]
    assert to_money("USD", Fraction(1, 200)) == Money("USD", Decimal("0.00"))  # 0.005 -> even
    assert to_money("USD", Fraction(3, 200)) == Money("USD", Decimal("0.02"))  # 0.015 -> even
    assert to_money("USD", Fraction(1, 3)) == Money("USD", Decimal("0.33"))
    assert to_money("JPY", Fraction(5, 2)) == Money("JPY", Decimal("2"))


def test_cap_stops_payments_and_records_the_cap_date():
    t = run(revenue_model("cap USD 200"))
    state = t.state_at(date(2027, 6, 1))
    assert state.paid["r"] == Money("USD", Decimal("200.00"))
    assert state.caps_reached["r"] == date(2026, 10, 1)
    assert state.statuses["r"] == "fulfilled"
    capped = [p for p in t.payments if p.capped]
    assert [(p.period, p.due) for p in capped] == [("2026-Q3", Money("USD", Decimal("19.00")))]
    assert len(t.payments) == 3  # nothing after the cap


def test_cap_as_a_multiple_of_an_investment():
    m = model_of(
        KEEP
        + """
investment inv "round" {
  investor a
  recipient b
  tranche only { amount USD 50; on 2026-01-15 }
}
revenue_share r "share" {
  payer b
  payee a
  stream s
  rate 10%
  cap 2x of inv
}
scenario one {
  signed 2026-03-01
  revenue s { 2026 USD 3650 }
}
"""
    )
    state = run(m).state_at(date(2027, 1, 1))
    assert state.paid["r"] == Money("USD", Decimal("100.00"))
    assert state.caps_reached["r"] == date(2026, 7, 1)


def test_revenue_change_points_exist_only_where_figures_exist():
    t = run(revenue_model(figures="2026-Q2 USD 910"), end=date(2126, 1, 1))
    assert [p.period for p in t.payments] == ["2026-Q2"]


# ---------------------------------------------------------------------------- access, splits


def test_priority_access_tiers_and_general_availability():
    m = model_of(
        KEEP
        + """
priority_access first "first look" {
  grantee a
  asset thing
  window effective .. 2026-12-31
  lead_time 6 months
  next c after 2 months
}
scenario one { signed 2026-03-01 }
"""
    )
    t = run(m)
    assert t.state_at(date(2026, 1, 1)).priority["thing"] == (("a", date(2026, 1, 1)),)
    assert t.state_at(date(2026, 3, 1)).holder("thing") == "a"
    assert [h for h, _ in t.state_at(date(2026, 3, 1)).priority["thing"]] == ["a", "c"]
    assert [h for h, _ in t.state_at(date(2026, 7, 1)).priority["thing"]] == [
        "a",
        "c",
        "everyone",
    ]
    assert t.state_at(date(2027, 1, 1)).holder("thing") is None


def test_breach_suspends_the_clauses_it_names():
    m = model_of(
        KEEP
        + """
priority_access first "first look" {
  grantee a
  asset thing
}
obligation guard "guardrails" {
  party a
  must_not "misbehave"
  breached_by oops
  on_breach suspend first
}
scenario one { signed 2026-03-01; oops 2026-04-10 }
"""
    )
    state = run(m).state_at(date(2026, 4, 10))
    assert state.statuses["guard"] == "breached"
    assert state.statuses["first"] == "suspended"
    assert state.holder("thing") is None


def test_obligation_deadline_fulfilled_or_breached():
    m = model_of(
        KEEP
        + """
obligation review "review" {
  party b
  must "review"
  deadline 2026-06-30
  fulfilled_by done
}
scenario early { signed 2026-03-01; done 2026-06-30 }
scenario late { signed 2026-03-01; done 2026-07-01 }
"""
    )
    early = run(m, m.scenarios["early"]).state_at(date(2026, 8, 1))
    assert early.statuses["review"] == "fulfilled"
    assert early.due["review"] == date(2026, 6, 30)
    late = run(m, m.scenarios["late"])
    assert statuses(late, "2026-06-30")["review"] == "active"
    assert statuses(late, "2026-07-01")["review"] == "breached"


def test_compute_steps_and_split_steps():
    m = model_of(
        KEEP
        + """
compute cap "capacity" {
  provider a
  beneficiary b
  capacity 1 GW
  from 2026-07-01 { capacity 2 GW }
}
split sp "split" {
  asset thing
  share a 60%
  share b 40%
  from go {
    share a 100%
    share b 0%
  }
}
scenario one { signed 2026-03-01; go 2026-09-01 }
"""
    )
    t = run(m)
    assert t.state_at(date(2026, 6, 30)).compute["cap"] == Quantity(Decimal(1), "GW")
    assert t.state_at(date(2026, 7, 1)).compute["cap"] == Quantity(Decimal(2000), "MW")
    assert dict(t.state_at(date(2026, 8, 1)).splits["thing"]) == {
        "a": Percent(60),
        "b": Percent(40),
    }
    assert t.state_at(date(2026, 9, 1)).splits["thing"]["a"] == Percent(100)


# ---------------------------------------------------------------------------- conditions


def test_conditions_are_three_valued_until_settled():
    from termlang.dates import DateEnv

    env = DateEnv(effective=date(2026, 1, 1), events={"go": date(2026, 5, 1), "never": None})
    ctx = Context(env, lambda n: None, lambda n: False, lambda *a: None)

    def rel(op: str, event: str) -> ast.Expr:
        return ast.TimeRel(
            op=op, left=ast.Ref(parts=(event,)), right=ast.DateLit(value=date(2026, 6, 1))
        )

    assert ctx.value(rel("before", "go"), date(2026, 4, 1)) is None
    assert ctx.value(rel("before", "go"), date(2026, 5, 1)) is True
    assert ctx.value(rel("before", "never"), date(2026, 5, 31)) is None
    assert ctx.value(rel("before", "never"), date(2026, 6, 1)) is False
    assert ctx.value(ast.Not(operand=rel("before", "never")), date(2026, 6, 1)) is True
    assert ctx.value(rel("on_or_before", "never"), date(2026, 6, 1)) is None
    assert ctx.value(rel("on_or_before", "never"), date(2026, 6, 2)) is False
    assert ctx.value(rel("after", "go"), date(2026, 5, 1)) is False


def test_clause_predicates_in_conditions():
    m = model_of(
        KEEP
        + INVESTMENT
        + """
collaboration x "x" {
  party a
  with b
  scope area
  starts_when funded(inv.second)
}
scenario one { signed 2026-03-01; go 2026-04-20 }
"""
    )
    t = run(m)
    assert statuses(t, "2026-04-19")["x"] == "pending"
    assert statuses(t, "2026-04-20")["x"] == "active"


# ---------------------------------------------------------------------------- API shape


def test_timeline_pickles_and_is_pure():
    m = flagship()
    scenario = pick_scenario(m, "slips")
    first, second = run(m, scenario), run(m, scenario)
    assert first == second
    assert pickle.loads(pickle.dumps(first)) == first
    state = first.state_at(date(2029, 7, 1))
    assert pickle.loads(pickle.dumps(state)) == state
    assert isinstance(first.changes[0], Change) and isinstance(state, State)


def test_pick_scenario_default_first_and_unknown():
    m = flagship()
    assert pick_scenario(m, None).name == "on_time"
    with pytest.raises(ScenarioError) as err:
        pick_scenario(m, "slip")
    assert err.value.diagnostics[0].code == "TL600"
    assert err.value.diagnostics[0].help == "did you mean `slips`?"


def test_state_at_and_evaluate_agree_with_the_timeline():
    m = flagship()
    at = date(2027, 1, 1)
    scenario = pick_scenario(m, "slips")
    expected = run(m, scenario).state_at(at)
    assert state_at(m, scenario, at) == expected
    assert evaluate(m, "slips", at=at) == expected
    assert expected.tranches["softbank_round.second"] == "lapsed"


# ---------------------------------------------------------------------------- goldens


@pytest.mark.parametrize("scenario", ["on_time", "slips", "no_deal", "boom"])
def test_flagship_golden_timelines(scenario, update_goldens):
    m = flagship()
    timeline = run(m, pick_scenario(m, scenario))
    text = json.dumps(timeline.to_json(), indent=2, ensure_ascii=False) + "\n"
    check_golden(GOLDEN / f"openai-microsoft-mou.{scenario}.json", text, update_goldens)


def test_flagship_figures_quoted_in_the_docs():
    m = flagship()
    boom = run(m, pick_scenario(m, "boom")).state_at(date(2033, 1, 1))
    assert boom.caps_reached["openai_to_msft"] == date(2029, 1, 1)
    slips = run(m, pick_scenario(m, "slips")).state_at(date(2027, 1, 1))
    assert slips.paid["openai_to_msft"] == Money("USD", Decimal("1199999999.99"))
    no_deal = run(m, pick_scenario(m, "no_deal"))
    assert no_deal.state_at(date(2026, 12, 31)).agreement == "active"
    assert no_deal.state_at(date(2027, 1, 1)).agreement == "lapsed"
    # `window effective .. long_stop` includes the long-stop day; 2 years of survival follow
    assert no_deal.state_at(date(2028, 12, 31)).statuses["confidentiality"] == "active"
    assert no_deal.state_at(date(2029, 1, 1)).statuses["confidentiality"] == "expired"


def test_flagship_expectations_pass():
    m = flagship()
    for scenario in m.scenarios.values():
        outcome = run_expectations(m, scenario)
        assert outcome.failed == 0, [d.message for d in outcome.diagnostics]
        assert outcome.checked >= 2


# ---------------------------------------------------------------------------- expectations


def test_failed_and_invalid_expectations_are_located_diagnostics():
    m = model_of(
        KEEP
        + INVESTMENT
        + """
scenario one {
  signed 2026-03-01
  expect 2026-08-01 {
    status inv.second funded
    funded a USD 30
    agreement lapsed
    stauts inv.second funded
    status inv.secnd funded
    status inv.second fundd
    paid inv USD 3
    share thing a
  }
}
"""
    )
    outcome = run_expectations(m, m.scenarios["one"])
    by_code: dict[str, list[str]] = {}
    for d in outcome.diagnostics:
        assert d.span is not None
        by_code.setdefault(d.code, []).append(d.message)
    assert by_code["TL601"] == [
        "on 2026-08-01, expected the status of `inv.second` to be `funded`, found `lapsed`",
        "on 2026-08-01, expected the amount funded by `a` to be `USD 30`, found `USD 10`",
        "on 2026-08-01, expected the agreement's status to be `lapsed`, found `signed`",
    ]
    assert by_code["TL602"] == ["unknown expectation `stauts`"]
    assert len(by_code["TL603"]) == 4
    assert outcome.failed == 8


# ---------------------------------------------------------------------------- JSON scenarios


def test_json_scenario_matches_the_equivalent_term_scenario(tmp_path: Path):
    m = flagship()
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps(
            {
                "name": "slips",
                "horizon": "2033-12-31",
                "events": {
                    "guardrail_breach": None,
                    "agi_declared": "2029-06-30",
                    "safety_review_completed": "2026-09-15",
                    "regulatory_clearance": "2026-04-30",
                    "definitive_agreement_signed": "2026-11-30",
                    "restructuring_completed": "2027-03-31",
                },
                "revenue": {"api": {"2026": "USD 6B", "2027": "USD 10B"}},
                "offers": [
                    {"clause": "azure_compute_rofr", "made": "2027-02-01", "price": "USD 10B"}
                ],
                "third_party": [
                    {"clause": "azure_compute_rofr", "on": "2027-03-01", "price": "USD 12B"}
                ],
                "occurrences": {
                    "model_release": {"gpt_6": {"on": "2026-02-10", "ga": "2026-06-25"}},
                    "safety_report": {"gpt_6": "2026-06-01"},
                },
            }
        )
    )
    scenario = load_scenario(str(path), m)
    assert run(m, scenario).to_json() == run(m, m.scenarios["slips"]).to_json()


def test_json_scenario_errors_are_located(tmp_path: Path):
    m = flagship()
    path = tmp_path / "bad.json"
    path.write_text('{\n  "events": {"agi_declard": "2029-01-01"},\n  "horizn": "x"\n}\n')
    with pytest.raises(ScenarioError) as err:
        load_scenario(str(path), m)
    found = [(d.code, d.message, d.span.start_pos.line, d.help) for d in err.value.diagnostics]
    assert ("TL604", "unknown key `horizn`", 3, "did you mean `horizon`?") in found
    assert ("TL604", "unknown event `agi_declard`", 2, "did you mean `agi_declared`?") in found
    path.write_text('{"events": [1, 2,]}')
    with pytest.raises(ScenarioError) as err:
        load_scenario(str(path), m)
    assert err.value.diagnostics[0].message.startswith("invalid JSON")


# ---------------------------------------------------------------------------- CLI


def test_cli_timeline_json_lists_default_scenario_with_reasons(capsys):
    assert main(["timeline", str(FLAGSHIP), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["scenario"] == "on_time"
    assert doc["changes"] and all(c["reason"] for c in doc["changes"])


def test_cli_timeline_text_and_range(capsys):
    code = main(
        [
            "timeline",
            str(FLAGSHIP),
            "--scenario",
            "slips",
            "--from",
            "2027-01-01",
            "--to",
            "2027-01-01",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "softbank_round.second" in out and "2026-11-30" not in out


def test_cli_eval_json_and_text(capsys):
    assert main(["eval", str(FLAGSHIP), "--at", "2027-01-01", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["tranches"]["softbank_round.second"] == "funded"
    assert doc["paid"]["openai_to_msft"] == "USD 2B"
    assert main(["eval", str(FLAGSHIP), "--at", "2027-01-01", "--scenario", "no_deal"]) == 0
    assert "lapsed" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "status", "needle"),
    [
        (["eval", "FLAGSHIP", "--at", "2027-13-01"], 2, "TL606"),
        (["eval", "FLAGSHIP", "--at", "2027-01-01", "--scenario", "slip"], 2, "TL600"),
        (["timeline", "FLAGSHIP", "--from", "2027-01-01", "--to", "2026-01-01"], 2, "TL606"),
        (["eval", "missing.term", "--at", "2027-01-01"], 2, "TL001"),
        (["timeline", "FLAGSHIP", "--scenario", "missing.json"], 1, "TL001"),
    ],
)
def test_cli_bad_input_is_a_diagnostic(argv, status, needle, capsys):
    argv = [str(FLAGSHIP) if a == "FLAGSHIP" else a for a in argv]
    assert main(argv) == status
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err


def test_cli_eval_refuses_a_file_with_errors(tmp_path: Path, capsys):
    path = tmp_path / "broken.term"
    path.write_text('agreement "x" {\n  kind mou\n}\nparty p "P" role nobody_knows_this\n')
    assert main(["eval", str(path), "--at", "2027-01-01"]) == 1
    assert "TL608" in capsys.readouterr().err


def test_cli_test_passes_on_examples_and_fails_on_a_wrong_expectation(tmp_path: Path, capsys):
    assert main(["test", str(EXAMPLES)]) == 0
    assert "passed" in capsys.readouterr().out
    text = FLAGSHIP.read_text(encoding="utf-8").replace(
        "status  softbank_round.second lapsed", "status  softbank_round.second funded"
    )
    path = tmp_path / "wrong.term"
    path.write_text(text, encoding="utf-8")
    assert main(["test", str(path)]) == 1
    out = capsys.readouterr().out
    assert "expected the status of `softbank_round.second` to be `funded`, found `lapsed`" in out
    assert main(["check", "--run-scenarios", str(path)]) == 1
    assert "TL601" in capsys.readouterr().out
    assert main(["test", str(tmp_path / "nothing.term")]) == 2


def test_terminal_tables_group_digits_for_reading() -> None:
    from termlang.commands._inputs import for_reading

    assert for_reading("USD 1_495_890_410.96 due") == "USD 1,495,890,410.96 due"
    assert for_reading("`softbank_round.second` y2019 2026-Q1") == (
        "`softbank_round.second` y2019 2026-Q1"
    )
