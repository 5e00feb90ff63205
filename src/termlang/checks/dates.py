"""Dates: month arithmetic that lands on a day the month does not have."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import attrs

from termlang import ast
from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.checks._time import iso, walk
from termlang.dates import DateEnv, bounds, duration_of, shift, static_env
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import Model
from termlang.values import DurationUnit

MONTH_END = RuleInfo(
    "TL490",
    "month-end-clamped",
    "month arithmetic lands on a day the month does not have",
    """\
Adding months, quarters or years keeps the day of the month; when the target month is
shorter, there is no such day: `2026-01-31 + 1 month` would be 31 February. termlang clamps
to the month's last day (2026-02-28), the usual reading, but counsel may have meant
2026-03-01, and a day matters for a deadline. So the checker warns wherever clamping happens
in a date it can compute without a scenario, unless the agreement header states the rule:

    agreement "..." {
      date_rule  clamp    # month arithmetic clamps to the month's last day
    }

With `date_rule clamp` the clamped dates are intended and nothing is reported. Dates that
depend on events are clamped the same way when a scenario dates the events.

    deadline  2026-01-31 + 1 month    # warning: 2026-02-31 does not exist; read as 2026-02-28""",
    Severity.WARNING,
)

OUT_OF_RANGE = RuleInfo(
    "TL491",
    "date-out-of-range",
    "date arithmetic leaves the calendar (before 0001-01-01 or after 9999-12-31)",
    """\
Dates run from 0001-01-01 to 9999-12-31. An offset that goes past either end has no date:
termlang would have to clamp it to the last day of 9999, which no one means, and every
window or deadline that uses it would be silently wrong. Usually a year was mistyped or a
unit is wrong (`999 years` for `9 years`).

    deadline  9999-06-30 + 1 year    # error: after 9999-12-31""",
    Severity.ERROR,
)

RULES = (MONTH_END, OUT_OF_RANGE)

_MONTHLY = (DurationUnit.MONTH, DurationUnit.QUARTER, DurationUnit.YEAR)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    agreement = model.agreement
    if agreement is None:
        return
    stated = "date_rule" in agreement.spans  # clamping was stated: intended, not reported
    env = static_env(model)
    seen: set[tuple[int, int]] = set()
    for expr in _expressions(model):
        for node in walk(expr):
            if isinstance(node, ast.Offset) and node.span is not None:
                key = (node.span.start, node.span.end)
                if key in seen:
                    continue
                seen.add(key)
                found = _out_of_range(node, env) or (None if stated else _clamped(node, env))
                if found is not None:
                    yield found


def _out_of_range(node: ast.Offset, env: DateEnv) -> Diagnostic | None:
    duration = duration_of(node.amount)
    lo, hi = bounds(node.base, env)
    if duration is None or lo is None or lo != hi:
        return None
    try:
        duration.add_to(lo, node.sign)
    except OverflowError:
        end = "after 9999-12-31" if node.sign > 0 else "before 0001-01-01"
        return finding(
            OUT_OF_RANGE,
            f"`{node.span.text if node.span else ''}` falls {end}, outside the calendar",
            node.span,
            help="check the year and the unit of the offset",
        )
    return None


def _clamped(node: ast.Offset, env: DateEnv) -> Diagnostic | None:
    duration = duration_of(node.amount)
    if duration is None or duration.unit not in _MONTHLY:
        return None
    lo, hi = bounds(node.base, env)
    if lo is None or lo != hi:
        return None  # depends on an event: only a scenario can tell
    value, clamped = shift(lo, node.sign, duration)
    if not clamped:
        return None
    missing = f"{value.year:04d}-{value.month:02d}-{lo.day:02d}"
    return finding(
        MONTH_END,
        f"`{node.span.text if node.span else ''}` lands on {missing}, which does not exist; "
        f"it is read as {iso(value)}, the month's last day",
        node.span,
        help="write the date you mean, or state the rule with `date_rule clamp` in the "
        "agreement header",
        notes=[f"{iso(lo)} {'+' if node.sign > 0 else '-'} {duration} = {iso(value)} (clamped)"],
    )


def _expressions(model: Model) -> Iterator[ast.Expr]:
    """Every expression the agreement holds (scenarios excluded: they hold dates, not sums)."""
    roots: list[Any] = [model.agreement, *model.clauses.values()]
    stack = list(reversed(roots))
    while stack:
        obj = stack.pop()
        if obj is None:
            continue
        if isinstance(obj, tuple):
            stack.extend(reversed(obj))
            continue
        if isinstance(obj, _EXPR_TYPES):
            yield obj
            continue
        cls: type = type(obj)
        for name in _fields(cls):
            value = getattr(obj, name)
            if isinstance(value, tuple) or hasattr(type(value), "__attrs_attrs__"):
                stack.append(value)


@functools.cache
def _fields(cls: type) -> tuple[str, ...]:
    """The attributes of a declaration class that can hold expressions."""
    if not attrs.has(cls):
        return ()
    skip = {"span", "name_span", "spans"}
    return tuple(f.name for f in attrs.fields(cls) if f.name not in skip)


_EXPR_TYPES = (
    ast.DateLit,
    ast.Ref,
    ast.Call,
    ast.Not,
    ast.And,
    ast.Or,
    ast.Compare,
    ast.TimeRel,
    ast.Offset,
    ast.Range,
    ast.ListExpr,
)
