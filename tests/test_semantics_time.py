"""Dates as counsel read them (docs/semantics.md, section 1): boundary days of windows, due
dates, deadlines, in the interpreter, the checker, the summaries and the diff."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import termlang
from termlang import ast
from termlang.dates import DateEnv, last_day, window_end, window_end_bounds
from termlang.evaluate import run
from termlang.evaluate.lifecycle import days_late, period_due_date, term_plan
from termlang.pipeline import analyze_text
from termlang.values import Duration, DurationUnit, Money

HEAD = """\
agreement "Boundaries" {
  kind       definitive
  binding    yes
  effective  %s
}
party a "A"
party b "B"
stream s "S"
event go "go"
event stop "stop"
"""


def model_of(body: str, effective: str = "2026-01-01"):
    analysis = termlang.check_text(HEAD % effective + body, "t.term", run_checks=False)
    errors = [d.message for d in analysis.diagnostics if d.severity.value == "error"]
    assert not errors, errors
    return analysis.model


def status(m, at: str, name: str = "x", scenario: str | None = None) -> str:
    sc = m.scenarios[scenario] if scenario else next(iter(m.scenarios.values()))
    return run(m, sc).state_at(date.fromisoformat(at)).statuses[name]


def share(window: str, figures: str, period: str = "year", extra: str = "") -> str:
    return f"""
revenue_share x {{
  payer a
  payee b
  stream s
  rate 10%
  period {period}
  window {window}
  {extra}
}}
scenario one {{
  revenue s {{ {figures} }}
}}
"""


def paid(m, at: str) -> Money:
    return run(m, m.scenarios["one"]).state_at(date.fromisoformat(at)).paid["x"]


# ---------------------------------------------------------------------------- the rule


def _d(text: str) -> ast.Expr:
    return ast.DateLit(value=date.fromisoformat(text), span=None)


def _ref(name: str) -> ast.Expr:
    return ast.Ref(parts=(name,), span=None)


ENV = DateEnv(effective=date(2026, 1, 1), events={"go": date(2026, 6, 10), "never_": None})


def test_a_date_end_is_the_last_day_and_an_event_end_excludes_its_day() -> None:
    assert window_end(_d("2030-12-31"), ENV) == date(2031, 1, 1)
    assert last_day(_d("2030-12-31"), ENV) == date(2030, 12, 31)
    assert window_end(_ref("effective"), ENV) == date(2026, 1, 2)
    assert window_end(_ref("go"), ENV) == date(2026, 6, 10)  # out of force on the event's day
    assert window_end(_ref("never_"), ENV) is None
    # earliest(): each argument by its own rule
    both = ast.Call(func="earliest", args=(_d("2026-06-10"), _ref("go")), span=None)
    assert window_end(both, ENV) == date(2026, 6, 10)
    later = ast.Call(func="earliest", args=(_d("2026-06-09"), _ref("go")), span=None)
    assert window_end(later, ENV) == date(2026, 6, 10)  # 9 June is the last day either way
    # statically, an event end is unbounded; a date end is one day after it
    assert window_end_bounds(_ref("stop"), DateEnv(effective=date(2026, 1, 1))) == (None, None)
    assert window_end_bounds(_d("2026-02-28"), ENV) == (date(2026, 3, 1), date(2026, 3, 1))


# ---------------------------------------------------------------------------- windows


@pytest.mark.parametrize(
    ("window", "last", "out"),
    [
        ("2026-02-01 .. 2026-02-28", "2026-02-28", "2026-03-01"),  # a month end
        ("2026-01-01 .. 2026-03-31", "2026-03-31", "2026-04-01"),  # a quarter end
        ("2026-01-01 .. 2026-12-31", "2026-12-31", "2027-01-01"),  # a year end
        ("2028-01-01 .. 2028-02-29", "2028-02-29", "2028-03-01"),  # a leap day
        ("2026-05-05 .. 2026-05-05", "2026-05-05", "2026-05-06"),  # one day
        ("2026-01-31 .. 2026-01-31 + 1 month", "2026-02-28", "2026-03-01"),  # clamped
        ("2027-01-31 .. 2027-01-31 + 13 months", "2028-02-29", "2028-03-01"),  # clamped, leap
    ],
)
def test_a_window_is_in_force_on_its_first_and_last_day(window: str, last: str, out: str) -> None:
    start = window.split(" .. ")[0]
    m = model_of(
        f'collaboration x {{ party a; with b; scope y; window {window} }}\nscope y "y"\n'
        "scenario one { }\n"
    )
    before = date.fromisoformat(start).toordinal() - 1
    assert status(m, date.fromordinal(before).isoformat()) == "pending"
    assert status(m, start) == "active"
    assert status(m, last) == "active"
    assert status(m, out) == "expired"


def test_a_window_ended_by_an_event_is_out_of_force_on_the_event_day() -> None:
    m = model_of(
        'collaboration x { party a; with b; scope y; window effective .. stop }\nscope y "y"\n'
        "scenario one { stop 2026-06-10 }\n"
    )
    assert status(m, "2026-06-09") == "active"
    assert status(m, "2026-06-10") == "expired"


def test_the_flagship_reading_ten_percent_of_2030_revenue_through_31_december() -> None:
    # 10% of USD 36.5B of 2030 revenue (USD 100M a day) = USD 3.65B; one day less, 3.64B
    m = model_of(share("effective .. 2030-12-31", "2030 USD 36.5B"))
    assert paid(m, "2031-01-01") == Money("USD", Decimal("3650000000.00"))
    m = model_of(share("effective .. 2030-12-30", "2030 USD 36.5B"))
    assert paid(m, "2031-01-01") == Money("USD", Decimal("3640000000.00"))


def test_quarter_end_and_leap_day_accruals() -> None:
    # USD 3,650 over 2026 is USD 10 a day; a window through 31 March covers all 90 days of Q1
    m = model_of(share("effective .. 2026-03-31", "2026 USD 3650", period="quarter"))
    payments = run(m, m.scenarios["one"]).payments
    assert [(p.period, p.due.amount) for p in payments] == [("2026-Q1", Decimal("90.00"))]
    # 2028 has 366 days: USD 3,660 is USD 10 a day; 1 January to 29 February is 60 days
    m = model_of(share("2028-01-01 .. 2028-02-29", "2028 USD 3660"), effective="2028-01-01")
    assert paid(m, "2029-01-01") == Money("USD", Decimal("60.00"))


# ---------------------------------------------------------------------------- due dates


def test_due_counts_from_the_last_day_of_the_period() -> None:
    q1_end = date(2019, 4, 1)  # the first day after Q1 2019
    assert period_due_date(q1_end, Duration(10, DurationUnit.DAY)) == date(2019, 4, 10)
    assert period_due_date(q1_end, None) == q1_end
    # one month after 31 March is 30 April (clamped), not 1 May
    assert period_due_date(q1_end, Duration(1, DurationUnit.MONTH)) == date(2019, 4, 30)
    assert days_late(date(2019, 4, 10), date(2019, 4, 10), date(2019, 5, 1)) == 0
    assert days_late(date(2019, 4, 10), date(2019, 4, 11), date(2019, 5, 1)) == 1
    assert days_late(date(2019, 4, 10), None, date(2019, 4, 20)) == 10


def test_payments_show_their_due_date_and_days_late_without_a_penalty() -> None:
    m = model_of(
        share(
            "effective ..",
            "2026-Q1 USD 900",
            period="quarter",
            extra="due 10 days",
        ).replace(
            "revenue s { 2026-Q1 USD 900 }",
            "revenue s { 2026-Q1 USD 900; 2026-Q2 USD 910 }\n"
            "  payments x { 2026-Q1 2026-04-10; 2026-Q2 2026-07-13 }",
        )
    )
    timeline = run(m, m.scenarios["one"], end=date(2026, 12, 31))
    q1, q2 = timeline.payments
    assert (q1.due_by, q1.paid_on, q1.late) == (date(2026, 4, 10), date(2026, 4, 10), 0)
    assert (q2.due_by, q2.paid_on, q2.late) == (date(2026, 7, 10), date(2026, 7, 13), 3)
    assert q2.to_json()["due_by"] == "2026-07-10" and q2.to_json()["days_late"] == 3
    assert q2.days_late(date(2026, 7, 11)) == 1


def test_within_counts_from_the_day_of_the_trigger() -> None:
    m = model_of(
        'obligation x { party a; must "report"; trigger go; within 10 days }\n'
        "scenario one { go 2026-03-02 }\n"
    )
    state = run(m, m.scenarios["one"]).state_at(date(2026, 3, 2))
    assert state.due["x"] == date(2026, 3, 12)


# ---------------------------------------------------------------------------- deadlines


OBLIGATIONS = """
obligation x {{ party a; {modality} "act"; deadline 2026-06-30; {event} }}
scenario on_the_day {{ go 2026-06-30 }}
scenario day_after {{ go 2026-07-01 }}
scenario day_before {{ go 2026-06-29 }}
"""


def test_must_no_later_than_the_deadline_includes_its_day() -> None:
    m = model_of(OBLIGATIONS.format(modality="must", event="fulfilled_by go"))
    assert status(m, "2026-07-01", scenario="on_the_day") == "fulfilled"
    assert status(m, "2026-07-01", scenario="day_after") == "breached"
    assert status(m, "2026-06-30", scenario="day_after") == "active"


def test_must_not_before_the_deadline_permits_its_day() -> None:
    # `must_not ... deadline D` reads "not before D": D is the first permitted day
    m = model_of(OBLIGATIONS.format(modality="must_not", event="breached_by go"))
    assert status(m, "2026-06-30", scenario="day_before") == "breached"
    assert status(m, "2026-06-30", scenario="on_the_day") == "fulfilled"
    assert status(m, "2026-07-01", scenario="day_after") == "fulfilled"
    assert status(m, "2026-06-29", scenario="on_the_day") == "active"


def test_at_least_three_months_before_is_kept_on_the_first_permitted_day() -> None:
    # "must not announce earlier than 3 months before the closing on 2026-09-30": the
    # announcement on 2026-06-30 (exactly 3 months before) is allowed, one day earlier is not
    body = """
obligation x {{ party a; must_not "announce"; deadline 2026-09-30 - 3 months; breached_by go }}
scenario one {{ go {day} }}
"""
    assert status(model_of(body.format(day="2026-06-30")), "2026-07-01") == "fulfilled"
    assert status(model_of(body.format(day="2026-06-29")), "2026-07-01") == "breached"


# ---------------------------------------------------------------------------- the checker


def _codes(text: str) -> list[str]:
    """The window and overlap findings (not the unused-name hygiene of the tiny files)."""
    found = analyze_text(HEAD % "2026-01-01" + text, "t.term").diagnostics
    return [d.code for d in found if d.code.startswith("TL4")]


EXCL = """
scope y "y"
party c "C"
exclusivity one {{ benefits b; binds a; scope y; window {w1} }}
exclusivity two {{ benefits c; binds a; scope y; window {w2} }}
"""


def test_checker_windows_that_follow_each_other_do_not_overlap() -> None:
    assert _codes(EXCL.format(w1="effective .. 2026-12-31", w2="2027-01-01 .. 2027-12-31")) == []


def test_checker_sees_the_one_shared_end_day() -> None:
    found = analyze_text(
        HEAD % "2026-01-01"
        + EXCL.format(w1="effective .. 2027-01-01", w2="2027-01-01 .. 2027-12-31"),
        "t.term",
    ).diagnostics
    assert [d.code for d in found if d.code.startswith("TL4")] == ["TL420"]
    assert any("from 2027-01-01 until 2027-01-01" in d.message for d in found)


def test_checker_a_one_day_window_is_not_empty_but_a_reversed_one_is() -> None:
    one_day = (
        'scope y "y"\n'
        "collaboration x { party a; with b; scope y; window 2026-05-05 .. 2026-05-05 }\n"
    )
    assert "TL410" not in _codes(one_day)
    assert "TL410" in _codes(
        one_day.replace("2026-05-05 .. 2026-05-05", "2026-05-05 .. 2026-05-04")
    )
    at_event = 'scope y "y"\ncollaboration x { party a; with b; scope y; window go .. go }\n'
    assert "TL410" in _codes(at_event)  # an event end excludes its own day


# ---------------------------------------------------------------------------- the summary


def test_summary_and_interpreter_agree_on_the_last_day() -> None:
    from termlang.render import render

    m = model_of(share("effective .. 2030-12-31", "2030 USD 36.5B"))
    en = str(render(m, locale="en"))
    fr = str(render(m, locale="fr"))
    assert "until 31 December 2030" in en
    assert "31 décembre 2030" in fr
    assert status(m, "2030-12-31") == "active" and status(m, "2031-01-01") == "expired"


def test_summaries_word_each_deadline_by_its_modality() -> None:
    from termlang.render import render

    body = """
obligation x {{ party a; {modality} "announce the deal"; deadline 2026-06-30; {event} go }}
scenario one {{ go 2026-06-30 }}
"""
    may = model_of(body.format(modality="may", event="fulfilled_by"))
    assert "may announce the deal, no later than 30 June 2026" in str(render(may, locale="en"))
    assert "au plus tard le 30 juin 2026" in str(render(may, locale="fr"))
    assert "may be exercised no later than 30 June 2026" in str(render(may, locale="en"))
    must_not = model_of(body.format(modality="must_not", event="breached_by"))
    en, fr = str(render(must_not, locale="en")), str(render(must_not, locale="fr"))
    assert "must not announce the deal before 30 June 2026" in en
    assert "applies until 29 June 2026" in en
    assert "avant le 30 juin 2026" in fr


# ---------------------------------------------------------------------------- options, terms


def test_exercising_an_option_starts_what_depends_on_it() -> None:
    m = model_of(
        """
obligation buy_option { party a; may "buy the plant"; deadline 2026-06-30; fulfilled_by go }
collaboration purchase { party a; with b; scope y; starts_when fulfilled(buy_option) }
scope y "y"
scenario in_time { go 2026-06-30 }
scenario too_late { go 2026-07-01 }
"""
    )
    assert status(m, "2026-06-30", "purchase", "in_time") == "active"
    assert status(m, "2026-07-01", "buy_option", "too_late") == "expired"
    assert status(m, "2026-12-31", "purchase", "too_late") == "pending"


Y = Duration(1, DurationUnit.YEAR)


@pytest.mark.parametrize(
    ("notice_on", "convenience_on", "ends_on", "terms"),
    [
        (None, None, date(2030, 1, 1), 3),  # term, then both renewals
        (date(2027, 10, 3), None, date(2028, 1, 1), 1),  # 2027-12-31 - 89 days: in time
        (date(2027, 10, 4), None, date(2029, 1, 1), 2),  # a day late: counts for the next
        (None, date(2028, 2, 29), date(2028, 8, 29), 2),  # 6 months after a leap day
    ],
)
def test_term_plan_boundaries(
    notice_on: date | None, convenience_on: date | None, ends_on: date, terms: int
) -> None:
    plan = term_plan(
        date(2026, 1, 1),
        Duration(2, DurationUnit.YEAR),
        Y,
        2,
        Duration(89, DurationUnit.DAY),
        notice_on,
        Duration(6, DurationUnit.MONTH),
        convenience_on,
        date(2040, 1, 1),
    )
    assert plan.ends_on == ends_on
    assert len(plan.terms) == terms
    first = plan.terms[0]
    assert (first.start, first.last, first.notice_by) == (
        date(2026, 1, 1),
        date(2027, 12, 31),
        date(2027, 10, 3),
    )


def test_a_payment_never_made_is_late_by_the_horizon() -> None:
    m = model_of(
        share("effective ..", "2026-Q1 USD 900", period="quarter", extra="due 10 days").replace(
            "revenue s { 2026-Q1 USD 900 }",
            "horizon 2026-05-10\n  revenue s { 2026-Q1 USD 900 }\n  payments x { 2026-Q1 never }",
        )
    )
    timeline = run(m, m.scenarios["one"])
    (q1,) = timeline.to_json()["payments"]
    assert (q1["due_by"], q1["paid_on"], q1["days_late"]) == ("2026-04-10", None, 30)
