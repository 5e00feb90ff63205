"""Recurring events: priority access and obligations per occurrence (semantics §10)."""

from __future__ import annotations

import pickle

from facts_helpers import analysis_of, at, codes, reason, timeline_of

ACCESS = """
priority_access early "early access to each model" {
  grantee    cloud
  asset      models
  lead_time  6 months
  next       fund after 3 months
  each       model_release
}
obligation report "a safety report 30 days before each general release" {
  party         lab
  must          "report on each model"
  each          model_release
  deadline      model_release.ga - 30 days
  fulfilled_by  safety_report
}
"""


def test_each_release_has_its_own_lead_tiers_and_general_availability() -> None:
    t = timeline_of(
        ACCESS
        + """
scenario s {
  model_release m1 2026-02-10 { ga 2026-08-10 }
  model_release m2 2026-11-02
}
"""
    )
    # m1: Cloud from 2026-02-10, Fund from 2026-05-10, everyone from 2026-08-10
    assert [h for h, _ in at(t, "2026-05-09").priority["models.m1"]] == ["cloud"]
    assert [h for h, _ in at(t, "2026-05-10").priority["models.m1"]] == ["cloud", "fund"]
    assert [h for h, _ in at(t, "2026-08-10").priority["models.m1"]][-1] == "everyone"
    assert at(t, "2026-08-09").statuses["early.m1"] == "active"
    assert at(t, "2026-08-10").statuses["early.m1"] == "fulfilled"
    # m2 runs on its own dates: 2026-11-02 + 6 months = 2027-05-02
    assert at(t, "2027-05-01").statuses["early.m2"] == "active"
    assert at(t, "2027-05-02").statuses["early.m2"] == "fulfilled"
    assert "no earlier `ga` given" in reason(t, "early.m2", "status", "2027-05-02")
    # the clause itself stays in force, and its grantee first in line for what comes next
    assert at(t, "2027-06-01").statuses["early"] == "active"
    assert at(t, "2027-06-01").holder("models") == "cloud"
    assert "models" in at(t, "2027-06-01").priority  # no asset-wide general availability


def test_general_availability_before_the_lead_ends_is_a_dated_breach() -> None:
    t = timeline_of(ACCESS + "scenario s {\n  model_release m1 2026-02-10 { ga 2026-06-25 }\n}\n")
    # the lead ran to 2026-08-10: 5 (June) + 31 (July) + 10 (August) = 46 days early
    assert at(t, "2026-06-24").statuses["early.m1"] == "active"
    assert at(t, "2026-06-25").statuses["early.m1"] == "breached"
    why = reason(t, "early.m1", "status", "2026-06-25")
    assert "46 days early" in why and "2026-08-10" in why


def test_an_obligation_per_occurrence_is_fulfilled_or_breached_on_its_own_deadline() -> None:
    t = timeline_of(
        ACCESS
        + """
scenario s {
  model_release m1 2026-02-10 { ga 2026-08-10 }
  model_release m2 2026-09-01 { ga 2027-03-01 }
  safety_report m1 2026-06-15
  safety_report m2 2027-02-05
}
"""
    )
    # m1: due 2026-08-10 - 30 days = 2026-07-11, reported 2026-06-15
    assert at(t, "2026-06-15").statuses["report.m1"] == "fulfilled"
    assert at(t, "2026-06-15").due["report.m1"].isoformat() == "2026-07-11"
    # m2: due 2027-03-01 - 30 days = 2027-01-30, reported 2027-02-05: 6 days late
    assert at(t, "2027-01-30").statuses["report.m2"] == "active"
    assert at(t, "2027-01-31").statuses["report.m2"] == "breached"
    assert "6 days late" in reason(t, "report.m2", "status", "2027-01-31")


def test_an_occurrence_while_the_clause_is_not_in_force_lapses() -> None:
    t = timeline_of(
        ACCESS.replace(
            "  each       model_release\n}",
            "  each       model_release\n  window     2026-03-01 ..\n}",
            1,
        )
        + "scenario s {\n  model_release m0 2026-02-01\n}\n"
    )
    assert at(t, "2026-02-01").statuses["early.m0"] == "lapsed"
    assert "not in force" in reason(t, "early.m0", "status", "2026-02-01")


def test_expectations_address_occurrences_and_the_timeline_pickles() -> None:
    analysis = analysis_of(
        ACCESS
        + """
scenario s {
  model_release m1 2026-02-10 { ga 2026-06-25 }
  safety_report m1 2026-05-01
  expect 2026-07-01 {
    status  early.m1 breached
    access  models.m1 everyone
    holder  models.m1 cloud
    status  report.m1 fulfilled
    status  early.m9 breached
  }
}
"""
    )
    from termlang.evaluate.expectations import run_expectations

    outcome = run_expectations(analysis.model, analysis.model.scenarios["s"])
    assert codes(list(outcome.diagnostics)) == ["TL603"]  # `early.m9`: no such occurrence
    assert outcome.checked == 5
    t = timeline_of(ACCESS + "scenario s {\n  model_release m1 2026-02-10\n}\n")
    assert pickle.loads(pickle.dumps(t)) == t


def test_recurring_and_one_shot_forms_are_checked() -> None:
    bad = analysis_of(
        ACCESS.replace("each       model_release", "each       safety_report")
        + """
event closing "closing"
obligation o { party lab; must "x"; each closing }
scenario s {
  model_release 2026-02-01
  closing c1 2026-03-01
  model_release m1 2026-04-01
  model_release m1 2026-05-01 { ga 2026-04-20 }
}
"""
    )
    found = codes(bad.diagnostics)
    for code in ("TL820", "TL821", "TL822", "TL826"):
        assert code in found, found


def test_semantics_quotes_what_the_interpreter_does() -> None:
    """The worked figures of docs/semantics.md §11-§15 are the interpreter's own."""
    from datetime import date

    import termlang
    from conftest import EXAMPLES, ROOT
    from termlang.evaluate import pick_scenario, run

    doc = (ROOT / "docs" / "semantics.md").read_text(encoding="utf-8")
    flagship = termlang.check(str(EXAMPLES / "openai-microsoft-mou.term"), run_checks=False).model
    seed = termlang.check(str(EXAMPLES / "seed-round.term"), run_checks=False).model

    def state(m, scenario, day):
        return run(m, pick_scenario(m, scenario)).state_at(date.fromisoformat(day))

    slips = run(flagship, pick_scenario(flagship, "slips"))
    early = slips.last_change("msft_frontier_access.gpt_6", "status", date(2026, 6, 25))
    assert early is not None and "46 days early" in early.reason and "**46 days early**" in doc
    assert "**2026-05-27**" in doc
    assert state(flagship, "slips", "2026-05-27").statuses["release_safety_report.gpt_6"] == (
        "breached"
    )
    on_time = state(flagship, "on_time", "2031-01-01")
    assert str(on_time.observed["azure_capacity.pue"]["2028"].gap) == "0.04" and "**0.04**" in doc
    assert str(on_time.observed["azure_capacity"]["2027"].gap) == "0.4 GW"
    assert "**0.4 GW short**" in doc
    assert on_time.observed["azure_capacity.renewable_share"]["2029"].outcome == "unknown"
    breach = [a for a in on_time.acts if not a.permitted]
    assert [(a.clause, a.counterparty) for a in breach] == [("partner_exclusivity", "google")]
    assert "**breach of `partner_exclusivity`**" in doc
    rounds = state(seed, "closes_as_planned", "2026-06-30").rounds["series_seed"]
    assert str(rounds["subscribed"].total) == "USD 3.25M" and "**USD 3.25M**" in doc
    assert str(rounds["subscribed"].gap) == "USD 250K" and "**USD 250K**" in doc
    slipped = state(seed, "slips", "2027-03-10").rounds["series_seed"]["raised"]
    assert (str(slipped.total), str(slipped.gap)) == ("USD 1.5M", "USD 500K")
    assert state(seed, "closes_as_planned", "2026-06-15").statuses["kiss_conversion"] == "active"
    assert state(seed, "closes_as_planned", "2026-06-14").statuses["kiss_conversion"] == "pending"


def test_a_per_occurrence_breach_applies_the_clause_consequences() -> None:
    t = timeline_of(
        ACCESS.replace(
            "  fulfilled_by  safety_report\n}",
            "  fulfilled_by  safety_report\n  on_breach     suspend early\n}",
        )
        + """
scenario s {
  model_release m1 2026-02-10 { ga 2026-08-10 }
  safety_report m1 2026-07-20
}
"""
    )
    # due 2026-07-11, nothing by then: breached on 2026-07-12, which suspends the access
    assert at(t, "2026-07-12").statuses["report.m1"] == "breached"
    assert at(t, "2026-07-12").statuses["early"] == "suspended"
    assert "`report.m1` is breached" in reason(t, "early", "status", "2026-07-12")


def test_a_penalty_on_a_per_occurrence_obligation_accrues_per_late_occurrence() -> None:
    t = timeline_of(
        ACCESS
        + """
penalty late_report "a fee per day a release's report is late" {
  on    report
  rate  USD 1_000 per day
}
scenario s {
  model_release m1 2026-02-10 { ga 2026-08-10 }
  model_release m2 2026-03-01 { ga 2026-09-01 }
  safety_report m1 2026-07-21
  safety_report m2 2026-07-01
}
"""
    )
    # m1 due 2026-07-11, reported 2026-07-21: 10 days late = USD 10,000; m2 on time
    assert str(at(t, "2026-12-31").penalties["late_report"]) == "USD 10K"
    assert "`report.m1` is late (due by 2026-07-11)" in reason(
        t, "late_report", "penalty", "2026-07-12"
    )
