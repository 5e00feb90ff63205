"""Date expressions: their value under a scenario, and their bounds when events are unknown.

The one rule for month arithmetic (documented in docs/language.md): adding months, quarters
or years keeps the day of the month, and a day the target month lacks is clamped to its last
day (`2026-01-31 + 1 month = 2026-02-28`). Days and weeks are exact.

Two evaluations share that rule:

* `evaluate(expr, env)`: under a scenario every event has a date or never happens; the value
  is a date, or `None` when the expression depends on an event that never happens
  (`earliest(...)` and `latest(...)` skip such arguments).
* `bounds(expr, env)`: for static checks, events have no date; the value is an interval
  `(lo, hi)` where `None` means unbounded.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING

from attrs import field

from termlang import ast
from termlang.values import Duration, parse_duration_unit

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen

_ONE_DAY = timedelta(days=1)


@frozen
class DateEnv:
    """What names mean in date expressions."""

    effective: date | None
    long_stop: ast.Expr | None = None
    events: Mapping[str, date | None] = field(factory=dict)  # None: never happens
    clamped: list[ast.Offset] = field(factory=list, eq=False)  # offsets that hit a month end


def duration_of(expr: ast.Expr) -> Duration | None:
    """The duration written by a quantity literal (`18 months`), if it is one."""
    if isinstance(expr, ast.QuantityLit):
        unit = parse_duration_unit(expr.unit)
        if unit is not None and expr.amount == expr.amount.to_integral_value():
            return Duration(int(expr.amount), unit)
    return None


def shift(d: date, sign: int, duration: Duration) -> tuple[date, bool]:
    """`d + duration` (sign 1) or `d - duration` (sign -1); says whether a month end clamped."""
    try:
        return duration.add_to(d, sign)
    except OverflowError:
        return (date.max if sign > 0 else date.min), False


def evaluate(expr: ast.Expr | None, env: DateEnv, _depth: int = 0) -> date | None:
    """The date an expression denotes under a scenario (None: never)."""
    if expr is None or _depth > 50:
        return None
    match expr:
        case ast.DateLit(value=value):
            return value
        case ast.Ref(parts=parts):
            name = ".".join(parts)
            if name == "effective":
                return env.effective
            if name == "long_stop":
                return evaluate(env.long_stop, env, _depth + 1)
            return env.events.get(name)
        case ast.Offset(base=base, sign=sign, amount=amount):
            start = evaluate(base, env, _depth + 1)
            duration = duration_of(amount)
            if start is None or duration is None:
                return None
            value, clamped = shift(start, sign, duration)
            if clamped:
                env.clamped.append(expr)
            return value
        case ast.Call(func="earliest", args=args):
            known = [v for v in (evaluate(a, env, _depth + 1) for a in args) if v is not None]
            return min(known) if known else None
        case ast.Call(func="latest", args=args):
            every = [evaluate(a, env, _depth + 1) for a in args]
            dated = [v for v in every if v is not None]
            if len(dated) < len(every) or not dated:
                return None  # the latest of several dates waits for one that never comes
            return max(dated)
    return None


Bounds = tuple[date | None, date | None]


def bounds(expr: ast.Expr | None, env: DateEnv, _depth: int = 0) -> Bounds:
    """The earliest and latest date an expression can denote; None is unbounded.

    Events without a date in `env.events` can happen at any time, or never.
    """
    if expr is None or _depth > 50:
        return None, None
    match expr:
        case ast.DateLit(value=value):
            return value, value
        case ast.Ref(parts=parts):
            name = ".".join(parts)
            if name == "effective":
                return env.effective, env.effective
            if name == "long_stop":
                return bounds(env.long_stop, env, _depth + 1)
            known = env.events.get(name)
            return (known, known) if known is not None else (None, None)
        case ast.Offset(base=base, sign=sign, amount=amount):
            lo, hi = bounds(base, env, _depth + 1)
            duration = duration_of(amount)
            if duration is None:
                return None, None
            return (
                shift(lo, sign, duration)[0] if lo is not None else None,
                shift(hi, sign, duration)[0] if hi is not None else None,
            )
        case ast.Call(func="earliest", args=args):
            pairs = [bounds(a, env, _depth + 1) for a in args]
            starts = [p[0] for p in pairs if p[0] is not None]
            ends = [p[1] for p in pairs if p[1] is not None]
            first = min(starts) if len(starts) == len(pairs) and starts else None
            return first, (min(ends) if ends else None)
        case ast.Call(func="latest", args=args):
            pairs = [bounds(a, env, _depth + 1) for a in args]
            starts = [p[0] for p in pairs if p[0] is not None]
            ends = [p[1] for p in pairs if p[1] is not None]
            last = max(ends) if len(ends) == len(pairs) and ends else None
            return (max(starts) if starts else None), last
    return None, None


def static_env(model: object) -> DateEnv:
    """The environment of a model with no scenario: only `effective` and `long_stop` known."""
    agreement = getattr(model, "agreement", None)
    if agreement is None:
        return DateEnv(effective=None)
    return DateEnv(effective=agreement.effective, long_stop=agreement.long_stop)


def scenario_env(model: object, scenario: object | None) -> DateEnv:
    """The environment of a model under a scenario: every event it dates (or says never)."""
    env = static_env(model)
    if scenario is None:
        return env
    events = {occ.event: occ.on for occ in getattr(scenario, "occurrences", ())}
    return DateEnv(effective=env.effective, long_stop=env.long_stop, events=events)


# ---------------------------------------------------------------------------- window ends
#
# A window `start .. end` is read as counsel read it: the end date is the last day in force
# (`effective .. 2030-12-31` includes 31 December 2030). An end that is an event's own name
# (`effective .. agi_declared`) ends the clause on the event's day, at its start, as
# `ends_when agi_declared` does: the event's day is not in force. Everything else that names
# a day (`long_stop`, `effective + 1 year`, `agi_declared + 90 days`) is that last day.
# `earliest(...)` and `latest(...)` apply the rule to each argument. Internally the
# interpreter and the checker keep half-open intervals: `window_end` gives the first day out
# of force, the one owner of this rule.


def ends_at_event(expr: ast.Expr | None) -> bool:
    """Whether a window end is an event's own name (the event's day is not in force)."""
    return isinstance(expr, ast.Ref) and ".".join(expr.parts) not in ("effective", "long_stop")


def _after(d: date | None) -> date | None:
    if d is None:
        return None
    return d + _ONE_DAY if d < date.max else date.max


def window_end(expr: ast.Expr | None, env: DateEnv, _depth: int = 0) -> date | None:
    """The first day a window ending at `expr` is no longer in force (None: never ends)."""
    if expr is None or _depth > 50:
        return None
    match expr:
        case ast.Call(func="earliest", args=args):
            known = [v for v in (window_end(a, env, _depth + 1) for a in args) if v is not None]
            return min(known) if known else None
        case ast.Call(func="latest", args=args):
            every = [window_end(a, env, _depth + 1) for a in args]
            dated = [v for v in every if v is not None]
            return max(dated) if dated and len(dated) == len(every) else None
    day = evaluate(expr, env, _depth)
    return day if ends_at_event(expr) else _after(day)


def window_end_bounds(expr: ast.Expr | None, env: DateEnv, _depth: int = 0) -> Bounds:
    """`bounds` of `window_end`: the earliest and latest first day out of force."""
    if expr is None or _depth > 50:
        return None, None
    match expr:
        case ast.Call(func="earliest", args=args):
            pairs = [window_end_bounds(a, env, _depth + 1) for a in args]
            starts = [p[0] for p in pairs if p[0] is not None]
            ends = [p[1] for p in pairs if p[1] is not None]
            first = min(starts) if len(starts) == len(pairs) and starts else None
            return first, (min(ends) if ends else None)
        case ast.Call(func="latest", args=args):
            pairs = [window_end_bounds(a, env, _depth + 1) for a in args]
            starts = [p[0] for p in pairs if p[0] is not None]
            ends = [p[1] for p in pairs if p[1] is not None]
            last = max(ends) if len(ends) == len(pairs) and ends else None
            return (max(starts) if starts else None), last
    lo, hi = bounds(expr, env, _depth)
    if ends_at_event(expr):
        return lo, hi
    return _after(lo), _after(hi)


def last_day(expr: ast.Expr | None, env: DateEnv) -> date | None:
    """The last day in force of a window ending at `expr` (None: never ends)."""
    end = window_end(expr, env)
    return end - _ONE_DAY if end is not None and end > date.min else end
