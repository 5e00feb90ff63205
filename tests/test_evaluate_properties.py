"""Laws of the interpreter, checked on generated agreements and scenarios (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import termlang
from conftest import examples
from termlang.evaluate import run
from termlang.values import Money

EVENTS = ("go", "stop", "signed", "agi")

HEADER = """\
agreement "Generated" {
  kind       mou
  binding    no
  effective  2026-01-01
  long_stop  2027-06-30
  signing    signed
}
party a "A" role investor
party b "B" role company
asset ip "ip"
stream s "s"
stream u "u"
event go "go"
event stop "stop"
event signed "signed"
event agi "agi"
"""

days = st.integers(min_value=0, max_value=5 * 365)


def day(n: int) -> date:
    return date(2026, 1, 1) + timedelta(days=n)


@st.composite
def agreements(draw: st.DrawFn) -> tuple[str, list[str], date]:
    """A generated agreement (revenue share, split, investment) and its scenario lines."""
    rate = draw(st.integers(min_value=1, max_value=60))
    step_rate = draw(st.integers(min_value=0, max_value=60))
    cap = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=5_000)))
    start, length = draw(days), draw(st.integers(min_value=1, max_value=4 * 365))
    period = draw(st.sampled_from(["month", "quarter", "year"]))
    share = draw(st.integers(min_value=0, max_value=100))
    step_share = draw(st.integers(min_value=0, max_value=100))
    cap_line = f"cap USD {cap}" if cap is not None else ""
    body = f"""
revenue_share r "share" {{
  payer b
  payee a
  stream s, u
  rate {rate}%
  period {period}
  {cap_line}
  window {day(start)} .. {day(start + length)}
  ends_when stop
  from go {{ rate {step_rate}% }}
}}
split sp "split" {{
  asset ip
  share a {share}%
  share b {100 - share}%
  from agi {{
    share a {step_share}%
    share b {100 - step_share}%
  }}
}}
investment inv "round" {{
  investor a
  recipient b
  tranche one {{ amount USD 10; on {day(draw(days))} }}
  tranche two {{
    amount USD 20
    when go and not stop
    deadline {day(draw(days))}
  }}
}}
"""
    lines = []
    for event in EVENTS:
        when = draw(st.one_of(st.just("never"), days.map(lambda n: day(n).isoformat())))
        lines.append(f"  {event} {when}")
    for stream in ("s", "u"):
        years = draw(st.lists(st.integers(2026, 2031), unique=True, max_size=4))
        quarters = draw(st.lists(st.integers(1, 4), unique=True, max_size=3))
        figures = [f"    {y} USD {draw(st.integers(0, 50_000))}" for y in years]
        figures += [f"    2032-Q{q} USD {draw(st.integers(0, 50_000))}" for q in quarters]
        if figures:
            lines.append(f"  revenue {stream} {{\n" + "\n".join(figures) + "\n  }")
    horizon = day(draw(st.integers(min_value=365, max_value=8 * 365)))
    return body, lines, horizon


def build(body: str, lines: list[str], horizon: date):
    text = HEADER + body + "scenario gen {\n  horizon " + horizon.isoformat() + "\n"
    text += "\n".join(lines) + "\n}\n"
    analysis = termlang.check_text(text, "gen.term", run_checks=False)
    errors = [d.message for d in analysis.diagnostics if d.severity.value == "error"]
    assert not errors, (errors, text)
    model = analysis.model
    return model, model.scenarios["gen"]


SETTINGS = settings(max_examples=examples(60), deadline=None)


@SETTINGS
@given(agreements())
def test_cumulative_amounts_never_decrease(case):
    model, scenario = build(*case)
    timeline = run(model, scenario)
    last: dict[tuple[str, str], Money] = {}
    for change in timeline.changes:
        if change.aspect in ("paid", "funded", "invested"):
            key = (change.aspect, change.subject)
            if key in last:
                assert change.value >= last[key]
            last[key] = change.value


@SETTINGS
@given(agreements())
def test_nothing_is_paid_past_a_cap(case):
    model, scenario = build(*case)
    timeline = run(model, scenario)
    cap = model.clauses["r"].cap
    if cap is None:
        return
    for change in timeline.changes:
        if change.aspect == "paid":
            assert change.value <= cap
    state = timeline.state_at(timeline.horizon)
    reached = state.caps_reached.get("r")
    if reached is not None:
        assert state.paid["r"] == cap
        assert all(p.end <= reached for p in timeline.payments)


@SETTINGS
@given(agreements())
def test_split_in_force_sums_to_100_at_every_change_point(case):
    model, scenario = build(*case)
    timeline = run(model, scenario)
    for on in sorted({c.on for c in timeline.changes}):
        for shares in timeline.state_at(on).splits.values():
            assert sum(p.value for p in shares.values()) == Decimal(100)


@SETTINGS
@given(agreements(), st.integers(min_value=1, max_value=100 * 365))
def test_extending_the_horizon_keeps_earlier_change_points(case, extra):
    model, scenario = build(*case)
    short = run(model, scenario, end=case[2])
    longer = run(model, scenario, end=case[2] + timedelta(days=extra))
    assert short.changes == tuple(c for c in longer.changes if c.on <= case[2])


@SETTINGS
@given(agreements(), st.randoms(use_true_random=False))
def test_order_of_event_declarations_is_irrelevant(case, rnd):
    body, lines, horizon = case
    shuffled = list(lines)
    rnd.shuffle(shuffled)
    first = run(*build(body, lines, horizon))
    second = run(*build(body, shuffled, horizon))
    assert first.to_json() == second.to_json()
    assert first.changes == second.changes
