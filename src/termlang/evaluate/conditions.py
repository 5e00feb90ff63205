"""Conditions over time: what `starts_when`, `ends_when`, `when` and `trigger` mean at a date.

A condition is evaluated at the start of a day `t`, knowing only what has happened by then.
Its value is three-valued (Kleene logic): True, False, or None when it is not settled yet:

* `event` holds from the event's date on (an event that never happens never holds).
* `event before D` is True once the event has happened before `D`, False from `D` on if it
  has not, and unsettled until then; `on_or_before`, `after` and `on_or_after` likewise.
  So `not regulatory_clearance before 2026-12-31` becomes True on 2026-12-31, the first day
  the clearance is known to be late, and never before.
* `before D` / `after D` with no event compare the current day with `D`.
* `not`, `and`, `or` follow Kleene's rules (`not` of unsettled is unsettled).
* Clause predicates (`active(x)`, `ended(x)`, `funded(x.t)`, `cap_reached(x)`, ...) read the
  interpreter's current state; revenue metrics read the scenario's figures.

A trigger fires on the first day its condition is True. Between two *candidate dates* (the
dates of the events and dates a condition mentions, and the days after them) a condition
built only from events, dates and figures cannot change; clause predicates change only
when a clause's status does. That is what lets the interpreter jump between change points.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from fractions import Fraction

from termlang import ast
from termlang.checks._time import walk as walk_expr
from termlang.dates import DateEnv, evaluate
from termlang.evaluate.status import Status

ONE_DAY = timedelta(days=1)

Tri = bool | None

# Clause predicate -> the statuses for which it holds (None: computed by the engine).
# `started` is "has left pending": a clause that lapsed counts (it may have been in force
# before the long-stop), unlike `Status.started`, which asks whether it ever came into force.
ENDED: frozenset[str] = frozenset(s for s in Status if s.ended)
PREDICATE_STATUSES: dict[str, frozenset[str]] = {
    "active": frozenset({Status.ACTIVE}),
    "ended": ENDED,
    "expired": frozenset({Status.EXPIRED}),
    "terminated": frozenset({Status.TERMINATED}),
    "lapsed": frozenset({Status.LAPSED}),
    "breached": frozenset({Status.BREACHED}),
    "fulfilled": frozenset({Status.FULFILLED}),
    "funded": frozenset({Status.FUNDED}),
    "suspended": frozenset({Status.SUSPENDED}),
    "started": frozenset({Status.ACTIVE, Status.SUSPENDED, *ENDED, Status.FUNDED}),
}


def _not(v: Tri) -> Tri:
    return None if v is None else not v


def _and(a: Tri, b: Tri) -> Tri:
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return True


def _or(a: Tri, b: Tri) -> Tri:
    if a is True or b is True:
        return True
    if a is None or b is None:
        return None
    return False


def _event_rel(op: str, happened: date | None, deadline: date | None, t: date) -> Tri:
    """`event OP deadline` at `t`; `happened` is the event's date (None: never)."""
    known = happened is not None and happened <= t
    if deadline is None:  # a date that never comes: nothing is before or after it
        if op in ("before", "on_or_before"):
            return True if known else None
        return False
    if op == "before":
        if known and happened < deadline:  # type: ignore[operator]
            return True
        return False if t >= deadline else None
    if op == "on_or_before":
        if known and happened <= deadline:  # type: ignore[operator]
            return True
        return False if t > deadline else None
    if op == "after":
        if known:
            return happened > deadline  # type: ignore[operator]
        return None
    if op == "on_or_after":
        if known:
            return happened >= deadline  # type: ignore[operator]
        return None
    return None


def _now_rel(op: str, deadline: date | None, t: date) -> bool:
    if deadline is None:
        return op in ("before", "on_or_before")
    return {
        "before": t < deadline,
        "on_or_before": t <= deadline,
        "after": t > deadline,
        "on_or_after": t >= deadline,
    }.get(op, False)


# The comparison operators of conditions, expectations, aggregates and properties.
COMPARE: dict[str, Callable[[Fraction, Fraction], bool]] = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


class Context:
    """What a condition can read: the scenario's dates, the clause state, the figures."""

    def __init__(
        self,
        env: DateEnv,
        status: Callable[[str], str | None],
        cap_reached: Callable[[str], bool],
        metric: Callable[[str, str, date], Fraction | None],
    ) -> None:
        self.env = env
        self.status = status
        self.cap_reached = cap_reached
        self.metric = metric  # (metric, stream, t) -> amount in the threshold's currency
        # `sum of funding over any 12 months > USD 1M` (evaluate/aggregates.py), set by the engine
        self.aggregate: Callable[[ast.Compare, date], Tri] | None = None

    def value(self, expr: ast.Expr, t: date) -> Tri:
        """The condition's value at the start of day `t`."""
        match expr:
            case ast.Ref(parts=parts):
                happened = self.env.events.get(".".join(parts))
                return happened is not None and happened <= t
            case ast.Not(operand=operand):
                return _not(self.value(operand, t))
            case ast.And(left=left, right=right):
                return _and(self.value(left, t), self.value(right, t))
            case ast.Or(left=left, right=right):
                return _or(self.value(left, t), self.value(right, t))
            case ast.TimeRel(op=op, left=None, right=right):
                return _now_rel(op, evaluate(right, self.env), t)
            case ast.TimeRel(op=op, left=ast.Ref(parts=parts), right=right):
                happened = self.env.events.get(".".join(parts))
                return _event_rel(op, happened, evaluate(right, self.env), t)
            case ast.Call(func="cap_reached", args=(ast.Ref(parts=parts),)):
                return self.cap_reached(".".join(parts))
            case ast.Call(func=func, args=(ast.Ref(parts=parts),)) if func in PREDICATE_STATUSES:
                status = self.status(".".join(parts))
                return status in PREDICATE_STATUSES[func]
            case ast.Compare(left=ast.Call(func="sum" | "count", args=(_, _, _))):
                return self.aggregate(expr, t) if self.aggregate is not None else None
            case ast.Compare(
                op=op,
                left=ast.Call(func=metric, args=(ast.Ref(parts=parts),)),
                right=ast.MoneyLit() as threshold,
            ):
                amount = self.metric(metric, ".".join(parts), t)
                if amount is None:
                    return False
                compare = COMPARE.get(op)
                return compare is not None and compare(amount, Fraction(threshold.amount))
        return None


def walk(expr: ast.Expr | None) -> Iterator[ast.Expr]:
    """Every node of a condition that makes its truth, outermost first (`checks._time.walk`
    without the insides of comparisons and calls)."""
    return walk_expr(expr, values=False)


def candidate_dates(
    expr: ast.Expr, env: DateEnv, metric_dates: Callable[[ast.Compare], list[date]]
) -> set[date]:
    """Days on which a condition's event/date/figure parts may change value."""
    found: set[date] = set()
    for node in walk(expr):
        match node:
            case ast.Ref(parts=parts):
                happened = env.events.get(".".join(parts))
                if happened is not None:
                    found.add(happened)
            case ast.TimeRel(right=right):
                deadline = evaluate(right, env)
                if deadline is not None:
                    found.add(deadline)
                    if deadline < date.max:
                        found.add(deadline + ONE_DAY)
            case ast.Compare():
                found.update(metric_dates(node))
    return found


def clause_dependencies(expr: ast.Expr | None) -> set[str]:
    """The clauses (and parts) whose state a condition reads."""
    deps: set[str] = set()
    for node in walk(expr):
        left = node.left if isinstance(node, ast.Compare) else None
        if isinstance(left, ast.Call) and left.func in ("sum", "count") and len(left.args) == 3:
            deps.add("@aggregate")  # fundings wake it (evaluate/aggregates.py)
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Ref):
            deps.add(node.args[0].name)
    return deps


def events_in(expr: ast.Expr | None) -> list[str]:
    """The events a condition mentions, in reading order (for explanations)."""
    names: list[str] = []
    for node in walk(expr):
        if isinstance(node, ast.Ref) and node.name not in names:
            names.append(node.name)
    return names


def text_of(expr: ast.Expr | None) -> str:
    """A condition as its author wrote it."""
    if expr is None:
        return ""
    if expr.span is not None:
        return " ".join(expr.span.text.split())
    return _render(expr)


def _render(expr: ast.Expr) -> str:
    match expr:
        case ast.Ref():
            return expr.name
        case ast.DateLit(value=value):
            return value.isoformat()
        case ast.Not(operand=operand):
            return f"not {_render(operand)}"
        case ast.And(left=left, right=right):
            return f"{_render(left)} and {_render(right)}"
        case ast.Or(left=left, right=right):
            return f"{_render(left)} or {_render(right)}"
        case ast.TimeRel(op=op, left=left, right=right):
            head = f"{_render(left)} " if left is not None else ""
            return f"{head}{op} {_render(right)}"
        case ast.Call(func=func, args=args):
            return f"{func}({', '.join(_render(a) for a in args)})"
        case ast.Offset(base=base, sign=sign, amount=amount):
            return f"{_render(base)} {'+' if sign > 0 else '-'} {_render(amount)}"
        case ast.QuantityLit(amount=amount, unit=unit):
            return f"{amount} {unit}"
        case ast.MoneyLit(currency=currency, amount=amount):
            return f"{currency} {amount}"
        case ast.Compare(op=op, left=left, right=right):
            return f"{_render(left)} {op} {_render(right)}"
    return "…"
