"""The sweep's core: collect change points, sort them, jump from one to the next.

Every date the interpreter can know in advance (window bounds, event dates, tranche dates
and deadlines, steps, the ends of revenue periods that have figures) is pushed on a heap
together with the action to take that day; actions may push more (a priority tier three
months after access starts, a fire alarm for a condition that depends on another clause).
Nothing is ever scheduled per day or per period without figures, so the cost depends on the
number of clauses and change points, not on the length of the horizon.

Within one day, actions run in `Phase` order (evaluate/phases.py). The core owns what every
clause family shares: the heap, the record of changes, statuses and their transitions
(`activate`, `end_clause`, `suspend`), conditions (`watch`/`wake`) and dates. What a clause
kind does lives in its family's handler (evaluate/families/), registered by kind keyword in
`Core.handlers`; a handler holds the core and its own state, and implements `Handler`. The
result is a pure function of (model, scenario).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, Protocol

from termlang import ast, model
from termlang.dates import evaluate, scenario_env
from termlang.evaluate import timeline as tl
from termlang.evaluate.aggregates import is_aggregate
from termlang.evaluate.conditions import (
    Context,
    candidate_dates,
    clause_dependencies,
    events_in,
    text_of,
)
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason, Why
from termlang.evaluate.revenue import build_streams
from termlang.evaluate.status import Status, as_status, has_ended

ONE_DAY = timedelta(days=1)

# How often one condition may be re-evaluated on one day before it is declared unsettled.
MAX_WAKES_PER_DAY = 50


class Handler(Protocol):
    """What one clause family does with a clause of its kinds, at the three moments the core
    knows: set up (before the sweep), in force, and out of force (ended or suspended)."""

    def setup(self, c: model.AnyClause, start: date | None) -> None:
        """Schedule `c`'s own change points (`start`: the day its window opens, if known)."""

    def activate(self, c: model.AnyClause, t: date, reason: Why) -> None:
        """`c` has just come into force on `t`."""

    def stopped(
        self, c: model.AnyClause, t: date, old: Status | str, new: Status | str, reason: Why
    ) -> None:
        """`c` has just gone from `old` to `new` (an ending status, or suspended) on `t`
        (a `Status`, or the word of a status newer than the enum)."""


class Family:
    """A handler that does nothing at any moment: a family's base, and the handler of a kind
    whose clauses only have a status (a collaboration, a licence)."""

    def __init__(self, core: Core) -> None:
        self.core = core

    def setup(self, c: model.AnyClause, start: date | None) -> None:
        return None

    def activate(self, c: model.AnyClause, t: date, reason: Why) -> None:
        return None

    def stopped(
        self, c: model.AnyClause, t: date, old: Status | str, new: Status | str, reason: Why
    ) -> None:
        return None


class Watcher:
    """A condition waiting to become true (`track=False`) or followed as it changes."""

    __slots__ = ("cond", "count", "done", "fire", "last", "since", "track", "until")

    def __init__(
        self,
        cond: ast.Expr,
        since: date,
        until: date | None,
        fire: Callable[..., None],
        track: bool,
    ) -> None:
        self.cond = cond
        self.since = since
        self.until = until
        self.fire = fire
        self.track = track
        self.done = False
        self.last: bool = False
        self.count: tuple[date, int] = (since, 0)


class Core:
    """One evaluation's shared state and its scheduler. Families are attached by
    `evaluate/engine.py`, which runs the sweep."""

    def __init__(self, m: model.Model, scenario: model.Scenario, end: date | None) -> None:
        self.m = m
        self.scenario = scenario
        self.end = end or date.max
        self.env = scenario_env(m, scenario)
        self.agreement = m.agreement
        self.effective = self.agreement.effective if self.agreement else None
        self.heap: list[tuple[date, int, int, Callable[..., None], tuple[Any, ...]]] = []
        self.seq = 0
        self.changes: list[tl.Change] = []
        self.payments: list[tl.Payment] = []  # revenue-share periods settled (read by floors)
        self.status: dict[str, str] = {}
        self.initial: dict[str, str] = {tl.AGREEMENT: Status.PENDING}
        self.deps: dict[str, list[Watcher]] = {}
        self.streams, self.unused = build_streams(scenario.figures, m.rates)
        self.unsettled: list[ast.Expr] = []
        self.caps: dict[str, date] = {}  # revenue share -> day its cap was reached
        self.windows: dict[str, tuple[date | None, date | None]] = {}
        self.intervals: dict[str, list[list[date | None]]] = {}  # clause -> spans in force
        self.steps: dict[str, list[tuple[date, model.Step]]] = {}
        self.ctx = Context(self.env, self.status.get, self.caps.__contains__, self._metric)
        self.last_processed: date | None = None
        self.handlers: dict[str, Handler] = {}  # clause kind keyword -> its family
        self.idle: Handler = Family(self)
        # A clause that would end may survive instead (families/survival.py); a listener
        # hears every ending (a penalty stops accruing on a clause terminated).
        self.survives: Callable[[str, date, str, Why], bool] = lambda *_: False
        self.on_end: list[Callable[[str, date, str], None]] = []
        self.aggregate_dates_of: Callable[[ast.Compare], list[date]] = lambda _: []

    def handler(self, c: model.AnyClause) -> Handler:
        return self.handlers.get(c.kind, self.idle)

    # ------------------------------------------------------------------ scheduling

    def at(self, d: date | None, phase: int, fn: Callable[..., None], *args: Any) -> None:
        if d is None or d > self.end:
            return
        self.seq += 1
        heapq.heappush(self.heap, (d, phase, self.seq, fn, args))

    def sweep(self) -> None:
        """Run every action on the heap, day by day and phase by phase, up to the end."""
        while self.heap:
            d, _phase, _seq, fn, args = heapq.heappop(self.heap)
            if d > self.end:
                break
            self.last_processed = d
            fn(d, *args)

    def record(
        self,
        on: date,
        subject: str,
        aspect: str,
        old: str | None,
        new: str,
        reason: Why,
        value: Any = None,
    ) -> None:
        self.changes.append(
            tl.Change(
                on=on, subject=subject, aspect=aspect, old=old, new=new, reason=reason, value=value
            )
        )

    # ------------------------------------------------------------------ statuses

    def set_status(self, name: str, new: str, t: date, reason: Why) -> bool:
        old = self.status.get(name)
        if old == new:
            return False
        self.status[name] = new
        self.record(
            t, name, tl.STATUS, None if old is None else str(old), str(new), reason, as_status(new)
        )
        for w in self.deps.get(name, ()):
            if not w.done:
                self.at(t, Phase.WATCH, self.wake, w)
        return True

    def in_force(self, name: str) -> bool:
        return self.status.get(name) == Status.ACTIVE

    def ended(self, name: str) -> bool:
        return has_ended(self.status.get(name))

    def activate(self, name: str, t: date, reason: Why) -> None:
        if self.status[name] != Status.PENDING:
            return
        self.set_status(name, Status.ACTIVE, t, reason)
        self.intervals.setdefault(name, []).append([t, None])
        c = self.m.clauses[name]
        self.handler(c).activate(c, t, reason)

    def _stop(self, name: str, old: str, new: str, t: date, reason: Why) -> None:
        if old == Status.ACTIVE:
            spans = self.intervals.get(name)
            if spans and spans[-1][1] is None:
                spans[-1][1] = t
        c = self.m.clauses[name]
        self.handler(c).stopped(c, t, as_status(old), as_status(new), reason)

    def end_clause(self, name: str, t: date, new: str, reason: Why) -> None:
        status = self.status.get(name)
        if status is None or self.ended(name):
            return
        if self.survives(name, t, new, reason):
            return
        self.set_status(name, new, t, reason)
        for listener in self.on_end:
            listener(name, t, new)
        self._stop(name, status, new, t, reason)

    def suspend(self, name: str, t: date, reason: Why) -> None:
        status = self.status.get(name)
        if status not in (Status.PENDING, Status.ACTIVE):
            return
        self.set_status(name, Status.SUSPENDED, t, reason)
        self._stop(name, status, Status.SUSPENDED, t, reason)

    # ------------------------------------------------------------------ dates

    def date_of(self, expr: ast.Expr | None) -> date | None:
        return evaluate(expr, self.env) if expr is not None else None

    def dated(self, kind: str, expr: ast.Expr | None, d: date, **args: Any) -> Reason:
        """A reason about date `d`, written `expr` in the file (shown in plain text)."""
        text = text_of(expr)
        written = text if text and text != d.isoformat() else None
        return Reason.of(kind, on=d, written=written, **args)

    def setup_steps(self, c: Any, action: Callable[..., None] | None) -> None:
        """Date `c`'s steps (and schedule `action` on each, if given)."""
        dated: list[tuple[date, model.Step]] = []
        for st in c.steps:
            d = self.date_of(st.at)
            if d is None:
                continue
            dated.append((d, st))
            if action is not None:
                self.at(d, Phase.DATED, action, c.name, st)
        dated.sort(key=lambda p: p[0])
        self.steps[c.name] = dated

    def step_in_force(self, name: str, t: date) -> model.Step | None:
        found = None
        for d, st in self.steps.get(name, ()):
            if d <= t:
                found = st
        return found

    # ------------------------------------------------------------------ conditions

    def watch(
        self,
        cond: ast.Expr,
        since: date,
        until: date | None,
        fire: Callable[..., None],
        *,
        track: bool = False,
    ) -> Watcher:
        w = Watcher(cond, since, until, fire, track)
        self.at(since, Phase.WATCH, self.wake, w)
        for d in candidate_dates(cond, self.env, self._metric_dates):
            if d > since and (until is None or d <= until):
                self.at(d, Phase.WATCH, self.wake, w)
        for dep in clause_dependencies(cond):
            self.deps.setdefault(dep, []).append(w)
        return w

    def wake(self, t: date, w: Watcher) -> None:
        if w.done or t < w.since or (w.until is not None and t > w.until):
            return
        day, count = w.count
        count = count + 1 if day == t else 1
        w.count = (t, count)
        if count > MAX_WAKES_PER_DAY:
            w.done = True
            self.unsettled.append(w.cond)
            return
        value = self.ctx.value(w.cond, t) is True
        if w.track:
            if value != w.last:
                w.last = value
                w.fire(t, value, self.why(w.cond, t, value))
            return
        if value:
            w.done = True
            w.fire(t, self.why(w.cond, t, True))

    def why(self, cond: ast.Expr, t: date, value: bool = True) -> Reason:
        text = text_of(cond)
        happened = tuple(e for e in events_in(cond) if self.env.events.get(e) == t)
        if happened:
            if text in happened:
                return Reason.of("happened", events=happened, on=t)
            return Reason.of(
                "happened_so", events=happened, on=t, cond=cond, holds="yes" if value else "no"
            )
        return Reason.of("holds" if value else "no_longer_holds", cond=cond, on=t)

    def _metric(self, metric: str, stream: str, t: date) -> Fraction | None:
        s = self.streams.get(stream)
        if s is None:
            return None
        if metric == "cumulative_revenue":
            return s.cumulative(t)
        return s.current(t)

    def _metric_dates(self, node: ast.Compare) -> list[date]:
        if is_aggregate(node):
            return self.aggregate_dates_of(node)
        left, right = node.left, node.right
        if not (isinstance(left, ast.Call) and left.args and isinstance(left.args[0], ast.Ref)):
            return []
        s = self.streams.get(left.args[0].name)
        if s is None:
            return []
        out = s.boundaries()
        if left.func == "cumulative_revenue" and isinstance(right, ast.MoneyLit):
            out.extend(s.crossing(Fraction(right.amount)))
        return out
