"""Options (issue 11): waiver, and what an exercise does (evaluate/options.py, docs/semantics.md
"Options and elections" and "Term and renewal")."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import termlang
from conftest import examples
from termlang.evaluate import pick_scenario, run
from termlang.evaluate.expectations import run_expectations
from termlang.evaluate.lifecycle import OptionStatus, option_status
from termlang.evaluate.scenario_json import KEYS, load_scenario
from termlang.evaluate.scenarios import ScenarioError
from termlang.evaluate.status import Status
from termlang.values import Money

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "option-renewal-licence.term"

HEAD = """\
agreement "Options" {
  kind       definitive
  binding    yes
  effective  2026-01-01
}
party licensor "Licensor"
party licensee "Licensee"
event extension_notice "notice of extension"
event purchase_notice "notice of purchase"
event early_exit "notice of early termination"

termination licence_term "the term" {
  ends  agreement
  term  5 years                            # 2026-01-01 .. 2030-12-31
}
obligation extension "option to extend" {
  party         licensee
  may           "extend the term by two years"
  deadline      2030-12-31 - 90 days       # 2030-10-02
  fulfilled_by  extension_notice
  on_exercise   renew licence_term 2 years
}
obligation purchase "option to buy the equipment" {
  party         licensee
  may           "buy the equipment"
  deadline      2027-12-31
  fulfilled_by  purchase_notice
  on_exercise   buy purchase_price
}
payment purchase_price "the purchase price" {
  payer   licensee
  payee   licensor
  amount  USD 100K
  due     30 days after purchase_notice
}
obligation exit "option to end the licence early" {
  party         licensee
  may           "end the licence early"
  deadline      2028-12-31
  fulfilled_by  early_exit
  on_exercise   terminate agreement
}
"""


def model_of(scenarios: str = ""):
    analysis = termlang.check_text(HEAD + scenarios, "t.term", run_checks=False)
    errors = [d.message for d in analysis.diagnostics if d.severity.value == "error"]
    assert not errors, errors
    return analysis.model


def _state(m, scenario: str, on: date):
    return run(m, pick_scenario(m, scenario), end=date(2036, 12, 31)).state_at(on)


def test_an_option_exercised_in_time_extends_the_term() -> None:
    m = model_of("scenario s { extension_notice 2030-10-02 }")  # the last permitted day
    assert _state(m, "s", date(2032, 12, 31)).agreement == "active"
    assert _state(m, "s", date(2033, 1, 1)).agreement == "terminated"
    changes = run(m, pick_scenario(m, "s"), end=date(2036, 12, 31)).changes
    renewal = [c for c in changes if c.aspect == "renewal"]
    assert [(c.on, c.value) for c in renewal] == [(date(2031, 1, 1), date(2032, 12, 31))]
    assert renewal[0].reason.kind == "option_renewed"


def test_an_option_exercised_late_or_never_leaves_the_term_as_it_was() -> None:
    for scenario in ("scenario s { extension_notice 2030-10-03 }", "scenario s { }"):
        m = model_of(scenario)
        assert _state(m, "s", date(2030, 12, 31)).agreement == "active"
        assert _state(m, "s", date(2031, 1, 1)).agreement == "terminated"
        assert _state(m, "s", date(2031, 1, 1)).statuses["extension"] == "expired"


def test_a_waived_option_is_waived_and_its_exercise_counts_for_nothing() -> None:
    m = model_of("scenario s { waived extension 2030-06-01\n extension_notice 2030-09-01 }")
    assert _state(m, "s", date(2030, 5, 31)).statuses["extension"] == "active"
    assert _state(m, "s", date(2030, 6, 1)).statuses["extension"] == Status.WAIVED
    assert option_status(_state(m, "s", date(2030, 9, 1)).statuses["extension"]) == "waived"
    assert _state(m, "s", date(2031, 1, 1)).agreement == "terminated"  # not extended


def test_a_waiver_after_the_exercise_changes_nothing() -> None:
    m = model_of("scenario s { extension_notice 2030-05-01\n waived extension 2030-06-01 }")
    assert _state(m, "s", date(2030, 6, 1)).statuses["extension"] == "fulfilled"
    assert _state(m, "s", date(2032, 12, 31)).agreement == "active"


def test_an_option_can_be_waived_before_it_opens() -> None:
    source = """
obligation later "option from 2027" {
  party licensee  may "extend"  window 2027-01-01 .. 2027-06-30  fulfilled_by extension_notice
}
scenario s { waived later 2026-03-01 }
"""
    m = model_of(source.replace("  party licensee  may", "\n  party licensee\n  may"))
    assert _state(m, "s", date(2026, 3, 1)).statuses["later"] == "waived"
    assert _state(m, "s", date(2027, 3, 1)).statuses["later"] == "waived"


def test_exercising_an_option_to_buy_makes_the_price_fall_due_then() -> None:
    m = model_of("scenario s { purchase_notice 2027-03-01 }")
    state = _state(m, "s", date(2027, 3, 31))
    (inst,) = state.instalments["purchase_price"]
    assert (inst.due, inst.status.word, inst.outstanding) == (
        date(2027, 3, 31),
        "due",
        Money("USD", 100_000),
    )
    assert _state(m, "s", date(2027, 4, 1)).instalments["purchase_price"][0].days_late == 1


def test_a_price_never_falls_due_without_a_valid_exercise() -> None:
    for scenario in (
        "scenario s { purchase_notice 2028-01-01 }",  # after the deadline
        "scenario s { waived purchase 2027-01-01\n purchase_notice 2027-03-01 }",
        "scenario s { }",
    ):
        m = model_of(scenario)
        assert not _state(m, "s", date(2029, 1, 1)).instalments.get("purchase_price")


def test_exercising_an_option_to_terminate_ends_the_agreement_that_day() -> None:
    m = model_of("scenario s { early_exit 2028-05-15 }")
    assert _state(m, "s", date(2028, 5, 14)).agreement == "active"
    state = _state(m, "s", date(2028, 5, 15))
    assert state.agreement == "terminated"
    assert state.statuses["extension"] == "terminated"  # the other options end with it


def test_expectations_read_waived_options() -> None:
    m = model_of(
        """scenario s {
  waived purchase 2027-01-01
  expect 2026-12-31 { option purchase open }
  expect 2027-01-01 { option purchase waived
    status purchase waived
    payment purchase_price none }
}"""
    )
    outcome = run_expectations(m, m.scenarios["s"])
    assert (outcome.checked, outcome.failed) == (4, 0), outcome.diagnostics


def test_json_scenarios_waive_options(tmp_path: Path) -> None:
    assert "waived" in KEYS
    m = model_of()
    path = tmp_path / "w.json"
    path.write_text(
        json.dumps(
            {
                "name": "j",
                "events": {"extension_notice": "2030-09-01"},
                "waived": {"extension": "2030-06-01"},
                "expect": {"2031-01-01": ["agreement terminated", "option extension waived"]},
            }
        ),
        encoding="utf-8",
    )
    outcome = run_expectations(m, load_scenario(str(path), m))
    assert (outcome.checked, outcome.failed) == (2, 0), outcome.diagnostics
    path.write_text(json.dumps({"name": "j", "waived": {"extensoin": "2030-06-01"}}), "utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(path), m)
    (diag,) = caught.value.diagnostics
    assert diag.code == "TL604" and "extension" in (diag.help or "")


def test_a_bad_waived_line_is_a_located_diagnostic() -> None:
    analysis = termlang.check_text(HEAD + "scenario s { waived extension soon }", "t.term")
    assert [d.code for d in analysis.diagnostics if d.severity.value == "error"] == ["TL204"]
    analysis = termlang.check_text(HEAD + "scenario s { waived licence_term 2027-01-01 }", "t.term")
    codes = [d.code for d in analysis.diagnostics if d.severity.value == "error"]
    assert codes and all(d.span is not None for d in analysis.diagnostics)


def test_summaries_word_the_exercise_and_the_waiver() -> None:
    from termlang.render import render

    m = model_of(
        "scenario s { default\n waived purchase 2027-01-01\n extension_notice 2030-09-01 }"
    )
    en = str(render(m, locale="en"))
    assert "Exercising the option extends “the term” by two years." in en
    assert "“option to buy the equipment” is waived." in en
    assert "“option to extend” is exercised." in en
    fr = str(render(m, locale="fr"))
    assert "L'exercice de l'option proroge" in fr
    assert "fait l'objet d'une renonciation" in fr


# ---------------------------------------------------------------------------- the law

DAYS = st.integers(min_value=0, max_value=5 * 365).map(
    lambda n: date(2026, 1, 1) + timedelta(days=n)
)


@settings(max_examples=examples(40), deadline=None)
@given(exercise=st.one_of(st.none(), DAYS), waiver=st.one_of(st.none(), DAYS))
def test_an_option_is_never_exercised_after_it_expired_or_was_waived(
    exercise: date | None, waiver: date | None
) -> None:
    lines = [f"extension_notice {exercise}" if exercise else ""]
    lines.append(f"waived extension {waiver}" if waiver else "")
    m = model_of("scenario s {\n" + "\n".join(lines) + "\n}")
    timeline = run(m, pick_scenario(m, "s"), end=date(2034, 1, 1))
    statuses = [
        (c.on, option_status(c.new))
        for c in timeline.changes
        if c.subject == "extension" and c.aspect == "status"
    ]
    closed = [on for on, s in statuses if s in (OptionStatus.EXPIRED, OptionStatus.WAIVED)]
    exercised = [on for on, s in statuses if s is OptionStatus.EXERCISED]
    assert len(closed) + len(exercised) <= 1  # one end, never two
    deadline = date(2030, 10, 2)
    valid = exercise is not None and exercise <= deadline and (waiver is None or exercise < waiver)
    assert bool(exercised) == valid
    # the term is extended exactly when the exercise counted
    ends = timeline.state_at(date(2031, 1, 1)).agreement
    assert ends == ("active" if valid else "terminated")


def test_the_example_s_figures() -> None:
    analysis = termlang.check(str(EXAMPLE))
    assert not [d for d in analysis.diagnostics if d.severity.value in ("error", "warning")]
    m = analysis.model
    for scenario in m.scenarios.values():
        outcome = run_expectations(m, scenario)
        assert outcome.failed == 0 and outcome.checked > 0, outcome.diagnostics


# ---------------------------------------------------------------------------- diff


def _redline(old_text: str, new_text: str, scenario: str):
    from termlang.diff import compare

    return compare(
        termlang.check_text(old_text, "old.term"),
        termlang.check_text(new_text, "new.term"),
        scenario=scenario,
    )


def test_diff_names_renewals_payments_and_options_under_a_scenario() -> None:
    old = EXAMPLE.read_text(encoding="utf-8")
    # the option year 1 window closes before the Government's notice of 2027-09-15
    new = old.replace(
        "window        2027-08-31 .. 2027-09-30", "window        2027-08-31 .. 2027-09-14"
    )
    redline = _redline(old, new, "both_options")
    en = "\n".join(redline.effect_sentences("en"))
    assert "the renewed term of `contract_term` no longer becomes 30 September 2028" in en
    assert "“USD 126K due by 15 October 2027”" in en
    assert "`option_year_2` is no longer exercised" in en
    assert "what fell due under `option_year_1_price` is nothing instead of USD 126,000" in en
    fr = "\n".join(redline.effect_sentences("fr"))
    assert "le terme prorogé de `contract_term`" in fr
    assert "exigible au plus tard le 15 octobre 2027" in fr
    assert "le montant exigible au titre de `option_year_1_price` est de zéro" in fr


def test_diff_names_the_holder_after_an_assignment_and_a_waiver() -> None:
    tv = (ROOT / "examples" / "tv-copyright-licence.term").read_text(encoding="utf-8")
    moved = tv.replace("  on        nominee_named\n", "  on        1997-03-01\n")
    en = "\n".join(_redline(tv, moved, "on_schedule").effect_sentences("en"))
    assert "the holder of the rights under `uk_free_tv`" in en
    base = HEAD + "scenario s { extension_notice 2030-09-01 }"
    waived = HEAD + "scenario s { waived extension 2030-06-01\n extension_notice 2030-09-01 }"
    en = "\n".join(_redline(base, waived, "s").effect_sentences("en"))
    assert "`extension` is waived on 1 June 2030, which did not happen before" in en
    fr = "\n".join(_redline(base, waived, "s").effect_sentences("fr"))
    assert "abandonné par renonciation" in fr


def test_a_waiver_after_the_deadline_is_reported() -> None:
    analysis = termlang.check_text(HEAD + "scenario s { waived purchase 2028-01-01 }", "t.term")
    found = [d for d in analysis.diagnostics if d.code == "TL853"]
    assert len(found) == 1 and "after its deadline of 2027-12-31" in found[0].message
    assert found[0].span is not None and found[0].span.text == "waived purchase 2028-01-01"


# ---------------------------------------------------------------------------- capped shares

CAPPED_SHARE = """
agreement "Capped share" {
  kind       definitive
  binding    yes
  effective  2026-01-01
}
party a "A"
party b "B"
stream sales "sales"
revenue_share royalty "royalty" {
  payer   a
  payee   b
  stream  sales
  rate    10%
  period  quarter
  cap     USD 200
  due     30 days
}
scenario s {
  revenue sales {
    2026 USD 3650
  }
  payments royalty {
    2026-Q1 2026-04-15
    2026-Q2 2026-07-15
    2026-Q3 2026-10-15
  }
  expect 2027-01-01 {
    would_have_been_due royalty 2026-Q1 USD 90   # 90 days of USD 10 of sales, at 10%
    would_have_been_due royalty 2026-Q3 USD 92   # 92 days; only USD 19 was due (cap 200 - 181)
    outstanding         royalty 2026-Q3 USD 0
    would_have_been_due royalty USD 273          # 90 + 91 + 92, the periods up to the cap
    paid                royalty USD 200
    headroom            royalty USD 0
  }
}
"""


def test_would_have_been_due_on_a_capped_revenue_share_is_the_amount_before_the_cap() -> None:
    analysis = termlang.check_text(CAPPED_SHARE, "t.term")
    assert not [d for d in analysis.diagnostics if d.severity.value == "error"]
    outcome = run_expectations(analysis.model, analysis.model.scenarios["s"])
    assert (outcome.checked, outcome.failed) == (6, 0), outcome.diagnostics
    state = run(analysis.model, analysis.model.scenarios["s"]).state_at(date(2027, 1, 1))
    q3 = next(i for i in state.instalments["royalty"] if i.label == "2026-Q3")
    assert (q3.amount, q3.uncapped) == (Money("USD", 19), Money("USD", 92))
