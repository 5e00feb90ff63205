"""The date-expression evaluator: values under a scenario, static bounds, and the laws that
tie the two (a literal-only expression is one day; a dated scenario lands within the bounds)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from termlang import ast
from termlang.dates import DateEnv, bounds, evaluate, scenario_env, static_env
from termlang.pipeline import analyze_text


def d(text: str) -> ast.DateLit:
    return ast.DateLit(value=date.fromisoformat(text))


def ref(name: str) -> ast.Ref:
    return ast.Ref(parts=tuple(name.split(".")))


def plus(base: ast.Expr, amount: int, unit: str, sign: int = 1) -> ast.Offset:
    return ast.Offset(
        base=base, sign=sign, amount=ast.QuantityLit(amount=Decimal(amount), unit=unit)
    )


def call(func: str, *args: ast.Expr) -> ast.Call:
    return ast.Call(func=func, args=args)


ENV = DateEnv(effective=date(2026, 1, 31), long_stop=plus(ref("effective"), 1, "month"))


# ---------------------------------------------------------------------------- evaluate


def test_literals_names_and_the_long_stop() -> None:
    assert evaluate(d("2026-03-02"), ENV) == date(2026, 3, 2)
    assert evaluate(ref("effective"), ENV) == date(2026, 1, 31)
    # the long stop is itself an expression: one month after 31 January clamps to 28 February
    assert evaluate(ref("long_stop"), ENV) == date(2026, 2, 28)
    assert evaluate(None, ENV) is None


def test_month_end_clamping_is_recorded() -> None:
    env = DateEnv(effective=date(2026, 1, 31))
    offset = plus(ref("effective"), 1, "month")
    assert evaluate(offset, env) == date(2026, 2, 28)
    assert env.clamped == [offset]
    assert evaluate(plus(d("2026-01-15"), 1, "month"), env) == date(2026, 2, 15)
    assert env.clamped == [offset]  # no clamp, nothing recorded


def test_days_weeks_and_business_days() -> None:
    friday = d("2026-01-02")
    assert evaluate(plus(friday, 3, "days"), ENV) == date(2026, 1, 5)
    assert evaluate(plus(friday, 2, "weeks"), ENV) == date(2026, 1, 16)
    # business days in a date skip weekends only (a date cannot name a holiday calendar)
    assert evaluate(plus(friday, 1, "business_days"), ENV) == date(2026, 1, 5)
    assert evaluate(plus(friday, 5, "business_days", -1), ENV) == date(2025, 12, 26)


def test_events_that_never_happen() -> None:
    env = DateEnv(effective=date(2026, 1, 1), events={"signed": date(2026, 6, 1), "ipo": None})
    assert evaluate(ref("signed"), env) == date(2026, 6, 1)
    assert evaluate(ref("ipo"), env) is None
    assert evaluate(plus(ref("ipo"), 1, "year"), env) is None
    # earliest skips what never comes; latest waits for it forever
    assert evaluate(call("earliest", ref("ipo"), ref("signed")), env) == date(2026, 6, 1)
    assert evaluate(call("latest", ref("ipo"), ref("signed")), env) is None
    assert evaluate(call("latest", d("2026-01-01"), ref("signed")), env) == date(2026, 6, 1)


def test_an_offset_past_the_last_date_saturates() -> None:
    assert evaluate(plus(d("9999-12-01"), 2, "months"), ENV) == date.max
    assert evaluate(plus(d("0001-01-10"), 30, "days", -1), ENV) == date.min


# ---------------------------------------------------------------------------- bounds


def test_bounds_of_unknown_events() -> None:
    env = DateEnv(effective=date(2026, 1, 1))
    assert bounds(ref("signed"), env) == (None, None)
    # the earliest of a date and an unknown event is at most that date
    assert bounds(call("earliest", d("2027-01-01"), ref("signed")), env) == (
        None,
        date(2027, 1, 1),
    )
    # the latest is at least that date
    assert bounds(call("latest", d("2027-01-01"), ref("signed")), env) == (date(2027, 1, 1), None)
    assert bounds(plus(call("latest", d("2027-01-31"), ref("signed")), 1, "month"), env) == (
        date(2027, 2, 28),
        None,
    )


def test_environments_from_a_model() -> None:
    analysis = analyze_text(
        'agreement "T" {\n  kind mou\n  binding no\n  effective 2026-01-01\n'
        "  long_stop effective + 6 months\n}\n"
        'event signed "S"\nscenario s { signed 2026-03-01 }\n',
        "t.term",
        run_checks=False,
    )
    m = analysis.model
    assert m is not None and not analysis.has_errors
    static = static_env(m)
    assert bounds(ref("long_stop"), static) == (date(2026, 7, 1), date(2026, 7, 1))
    assert bounds(ref("signed"), static) == (None, None)
    dated = scenario_env(m, m.scenarios["s"])
    assert evaluate(plus(ref("signed"), 10, "days"), dated) == date(2026, 3, 11)
    assert static_env(object()).effective is None


# ---------------------------------------------------------------------------- laws

UNITS = ("days", "weeks", "months", "quarters", "years", "business_days")
DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
EVENTS = ("signed", "closing", "ipo")


def _offsets(children: st.SearchStrategy[ast.Expr]) -> st.SearchStrategy[ast.Expr]:
    return st.builds(
        plus,
        children,
        st.integers(min_value=0, max_value=400),
        st.sampled_from(UNITS),
        st.sampled_from((1, -1)),
    )


def _calls(children: st.SearchStrategy[ast.Expr]) -> st.SearchStrategy[ast.Expr]:
    return st.builds(
        lambda func, args: call(func, *args),
        st.sampled_from(("earliest", "latest")),
        st.lists(children, min_size=1, max_size=3),
    )


def _exprs(leaves: st.SearchStrategy[ast.Expr]) -> st.SearchStrategy[ast.Expr]:
    return st.recursive(
        leaves, lambda children: st.one_of(_offsets(children), _calls(children)), max_leaves=6
    )


LITERALS = _exprs(st.builds(ast.DateLit, value=DAYS))
WITH_EVENTS = _exprs(
    st.one_of(
        st.builds(ast.DateLit, value=DAYS),
        st.sampled_from([ref(e) for e in (*EVENTS, "effective", "long_stop")]),
    )
)


@settings(max_examples=examples(300), deadline=None)
@given(expr=LITERALS)
def test_law_a_literal_expression_is_bounded_by_its_value(expr: ast.Expr) -> None:
    value = evaluate(expr, ENV)
    assert value is not None
    assert bounds(expr, ENV) == (value, value)


@settings(max_examples=examples(300), deadline=None)
@given(
    expr=WITH_EVENTS,
    dated=st.fixed_dictionaries({e: st.one_of(st.none(), DAYS) for e in EVENTS}),
)
def test_law_any_dating_of_the_events_lands_within_the_static_bounds(
    expr: ast.Expr, dated: dict[str, date | None]
) -> None:
    static = DateEnv(effective=ENV.effective, long_stop=ENV.long_stop)
    scenario = DateEnv(effective=ENV.effective, long_stop=ENV.long_stop, events=dated)
    value = evaluate(expr, scenario)
    lo, hi = bounds(expr, static)
    if value is not None:
        assert lo is None or lo <= value
        assert hi is None or value <= hi
