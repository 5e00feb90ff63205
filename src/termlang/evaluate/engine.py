"""The sweep: collect change points, sort them, jump from one to the next.

Every date the interpreter can know in advance (window bounds, event dates, tranche dates
and deadlines, steps, the ends of revenue periods that have figures) is pushed on a heap
together with the action to take that day; actions may push more (a priority tier three
months after access starts, a fire alarm for a condition that depends on another clause).
Nothing is ever scheduled per day or per period without figures, so the cost depends on the
number of clauses and change points, not on the length of the horizon.

Within one day, actions run in phase order: the agreement's own status, then endings
(windows, deadlines, the long-stop), then conditions, then starts, then dated steps and
events, and last the settlement of revenue periods (which reads everything else of that
day). The result is a pure function of (model, scenario).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from termlang import ast, model
from termlang.dates import ends_at_event, evaluate, scenario_env, window_end
from termlang.evaluate import mechanics as mech
from termlang.evaluate import timeline as tl
from termlang.evaluate.aggregates import is_aggregate
from termlang.evaluate.conditions import (
    ENDED,
    Context,
    candidate_dates,
    clause_dependencies,
    events_in,
    text_of,
)
from termlang.evaluate.facts import Facts
from termlang.evaluate.lifecycle import (
    days_late,
    deadline_passes,
    due_reason,
    period_due_date,
    term_plan,
)
from termlang.evaluate.mechanics import Mechanics
from termlang.evaluate.options import Options
from termlang.evaluate.payments import Payments
from termlang.evaluate.reasons import Reason, Why
from termlang.evaluate.revenue import Stream, build_streams, convert, to_money
from termlang.evaluate.status import as_status
from termlang.values import Duration, DurationUnit, Money, Percent, Period, add_months

ONE_DAY = timedelta(days=1)

PH_AGREEMENT, PH_END, PH_WATCH, PH_START, PH_DATED, PH_SETTLE, PH_MEASURE = range(7)

# How often one condition may be re-evaluated on one day before it is declared unsettled.
MAX_WAKES_PER_DAY = 50


def _next_day(d: date) -> date | None:
    return d + ONE_DAY if d < date.max else None


def _shift(d: date, duration: Duration) -> date | None:
    try:
        return duration.add_to(d)[0]
    except OverflowError:
        return None


def _period_start(d: date, unit: DurationUnit) -> date:
    if unit is DurationUnit.YEAR:
        return date(d.year, 1, 1)
    if unit is DurationUnit.QUARTER:
        return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    return date(d.year, d.month, 1)


def _period_months(unit: DurationUnit) -> int:
    return {DurationUnit.YEAR: 12, DurationUnit.QUARTER: 3}.get(unit, 1)


def periods_over(start: date, end: date, unit: DurationUnit) -> list[Period]:
    """The calendar periods (months, quarters or years) that overlap `[start, end)`."""
    out: list[Period] = []
    current = _period_start(start, unit)
    step = _period_months(unit)
    while current < end:
        try:
            nxt = add_months(current, step)[0]
        except OverflowError:
            break
        out.append(Period(current, nxt))
        current = nxt
    return out


def _join(items: list[str]) -> str:
    return ", ".join(items) if items else "nobody"


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


assert (mech.PH_END, mech.PH_DATED, mech.PH_SETTLE, mech.PH_MEASURE) == (
    PH_END,
    PH_DATED,
    PH_SETTLE,
    PH_MEASURE,
)


class Engine(Mechanics, Payments, Facts, Options):
    """One evaluation of a model under a scenario. Use `run()`; the object is throwaway."""

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
        self.payments: list[tl.Payment] = []
        self.status: dict[str, str] = {}
        self.initial: dict[str, str] = {tl.AGREEMENT: "pending"}
        self.tranche_names: set[str] = set()
        self.deps: dict[str, list[Watcher]] = {}
        self.streams, self.unused = build_streams(scenario.figures, m.rates)
        self.unsettled: list[ast.Expr] = []
        self.caps: dict[str, date] = {}
        self.paid: dict[str, Money] = {}
        self.funded: dict[str, Money] = {}
        self.invested: dict[str, Money] = {}
        self.since: dict[str, date] = {}  # priority clause -> day its access started
        self.intervals: dict[str, list[list[date | None]]] = {}  # revenue share -> active
        self.access: dict[str, tuple[tuple[str, date], ...]] = {}
        self.split_now: dict[str, tuple[tuple[str, Percent], ...]] = {}
        self.capacity_now: dict[str, Any] = {}
        self.windows: dict[str, tuple[date | None, date | None]] = {}
        self.steps: dict[str, list[tuple[date, model.Step]]] = {}
        self.carve_when: dict[str, Watcher] = {}
        self.carve_seen: set[str] = set()
        self.parts: dict[str, Any] = {}  # dotted name -> tranche or carve-out
        self.parent: dict[str, str] = {}  # dotted name -> clause
        self.by_asset: dict[str, list[str]] = {}
        self.ctx = Context(self.env, self.status.get, self.caps.__contains__, self._metric)
        self.last_processed: date | None = None
        self.init_mechanics()
        self.init_payments()
        self.init_facts()
        self.init_options()

    # ------------------------------------------------------------------ plumbing

    def at(self, d: date | None, phase: int, fn: Callable[..., None], *args: Any) -> None:
        if d is None or d > self.end:
            return
        self.seq += 1
        heapq.heappush(self.heap, (d, phase, self.seq, fn, args))

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

    def set_status(self, name: str, new: str, t: date, reason: Why) -> bool:
        old = self.status.get(name)
        if old == new:
            return False
        self.status[name] = new
        subject = name
        if name == tl.AGREEMENT:
            subject = tl.AGREEMENT
        self.record(t, subject, tl.STATUS, old, new, reason, as_status(new))
        for w in self.deps.get(name, ()):
            if not w.done:
                self.at(t, PH_WATCH, self.wake, w)
        return True

    def date_of(self, expr: ast.Expr | None) -> date | None:
        return evaluate(expr, self.env) if expr is not None else None

    def describe_date(self, expr: ast.Expr | None, d: date) -> str:
        text = text_of(expr)
        if not text or text == d.isoformat():
            return d.isoformat()
        return f"{d.isoformat()} (`{text}`)"

    def dated(self, kind: str, expr: ast.Expr | None, d: date, **args: Any) -> Reason:
        """A reason about date `d`, written `expr` in the file (shown in plain text)."""
        text = text_of(expr)
        written = text if text and text != d.isoformat() else None
        return Reason.of(kind, on=d, written=written, **args)

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
        self.at(since, PH_WATCH, self.wake, w)
        for d in candidate_dates(cond, self.env, self._metric_dates):
            if d > since and (until is None or d <= until):
                self.at(d, PH_WATCH, self.wake, w)
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
            return self.aggregate_dates(node)
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

    # ------------------------------------------------------------------ setup

    def run(self) -> tl.Timeline:
        self.setup_agreement()
        for c in self.m.clauses.values():
            self.setup_clause(c)
        self.setup_facts()
        while self.heap:
            d, _phase, _seq, fn, args = heapq.heappop(self.heap)
            if d > self.end:
                break
            self.last_processed = d
            fn(d, *args)
        horizon = self.end
        if horizon == date.max:
            dates = [c.on for c in self.changes]
            horizon = max(dates) if dates else (self.effective or date.today())
        changes = sorted(self.changes, key=lambda c: c.on)  # stable: same-day order kept
        return tl.Timeline(
            scenario=self.scenario.name,
            horizon=horizon,
            changes=tuple(changes),
            payments=tuple(self.payments),
            initial=tuple(self.initial.items()),
            tranche_names=frozenset(self.tranche_names),
            instalments=self.settled_instalments(),
            **self.timeline_extras(),
        )

    def setup_agreement(self) -> None:
        a = self.agreement
        self.status[tl.AGREEMENT] = "pending"
        if a is None:
            return
        self.at(a.effective, PH_AGREEMENT, self.agreement_starts)
        long_stop = self.date_of(a.long_stop)
        signed = self.env.events.get(a.signing) if a.signing else None
        if signed is not None and (long_stop is None or signed <= long_stop):
            self.at(max(signed, a.effective), PH_AGREEMENT, self.agreement_signed, signed)
        if long_stop is not None and a.signing and not a.binding:
            self.at(_next_day(long_stop), PH_END, self.long_stop_passed, long_stop)

    def agreement_starts(self, t: date) -> None:
        if self.status[tl.AGREEMENT] == "pending":
            self.set_status(tl.AGREEMENT, "active", t, Reason.of("effective", on=t))

    def agreement_signed(self, t: date, signed: date) -> None:
        if self.status[tl.AGREEMENT] in ("pending", "active"):
            assert self.agreement is not None
            self.set_status(
                tl.AGREEMENT,
                "signed",
                t,
                Reason.of("happened", events=(self.agreement.signing,), on=signed),
            )

    def long_stop_passed(self, t: date, long_stop: date) -> None:
        a = self.agreement
        assert a is not None
        if self.status[tl.AGREEMENT] not in ("pending", "active"):
            return
        reason = Reason.of("long_stop", on=long_stop, event=a.signing)
        self.set_status(tl.AGREEMENT, "lapsed", t, reason)
        binding = set(a.binding_clauses)
        for name in self.m.clauses:
            if name not in binding and not self.m.clauses[name].recital:  # history stays
                self.end_clause(name, t, "lapsed", reason)

    def setup_clause(self, c: model.AnyClause) -> None:
        name = c.name
        self.status[name] = self.initial[name] = "pending"
        if c.window is not None:
            start = self.date_of(c.window.start)
            end = window_end(c.window.end, self.env)
        else:
            start, end = self.effective, None
        self.windows[name] = (start, end)
        if start is not None:
            self.at(start, PH_START, self.window_starts, name)
        if end is not None:
            self.at(end, PH_END, self.window_ends, name)
        if c.ends_when is not None:
            since = (
                min(d for d in (self.effective, start) if d is not None)
                if (self.effective or start)
                else None
            )
            if since is not None:
                self.watch(
                    c.ends_when,
                    since,
                    None,
                    lambda t, why, n=name: self.end_clause(n, t, "terminated", why),
                )
        match c:
            case model.PriorityAccess():
                self.by_asset.setdefault(c.asset, []).append(name)
            case model.Split():
                self.by_asset.setdefault(c.asset, []).append(name)
                self.setup_steps(c, self.split_step)
            case model.Compute():
                self.setup_steps(c, self.capacity_step)
            case model.Investment():
                for tr in c.tranches:
                    self.setup_tranche(c, tr)
            case model.RevenueShare():
                self.setup_steps(c, None)
                self.setup_revenue(c, start)
            case model.Exclusivity():
                for co in c.carve_outs:
                    self.setup_carve_out(c, co)
        self.setup_mechanics(c, start)
        self.setup_payments(c, start)
        self.setup_options(c)

    def setup_steps(self, c: Any, action: Callable[..., None] | None) -> None:
        dated: list[tuple[date, model.Step]] = []
        for st in c.steps:
            d = self.date_of(st.at)
            if d is None:
                continue
            dated.append((d, st))
            if action is not None:
                self.at(d, PH_DATED, action, c.name, st)
        dated.sort(key=lambda p: p[0])
        self.steps[c.name] = dated

    def step_in_force(self, name: str, t: date) -> model.Step | None:
        found = None
        for d, st in self.steps.get(name, ()):
            if d <= t:
                found = st
        return found

    # ------------------------------------------------------------------ lifecycle

    def window_starts(self, t: date, name: str) -> None:
        if self.status[name] != "pending":
            return
        c = self.m.clauses[name]
        _, end = self.windows[name]
        if end is not None and t >= end:
            return
        start_expr = c.window.start if c.window else None
        reason = (
            self.dated("window_starts", start_expr, t)
            if start_expr is not None
            else Reason.of("effective", on=t)
        )
        cond = c.starts_when
        if isinstance(c, model.Obligation) and c.trigger is not None:
            cond = c.trigger if cond is None else ast.And(left=cond, right=c.trigger)
        if cond is None:
            self.activate(name, t, reason)
            return
        until = end - ONE_DAY if end is not None else None
        self.watch(cond, t, until, lambda t2, why: self.activate(name, t2, why))

    def window_ends(self, t: date, name: str) -> None:
        status = self.status[name]
        if status in ENDED:
            return
        c = self.m.clauses[name]
        end_expr = c.window.end if c.window else None
        ended = self.window_ended(end_expr, t)
        if status == "pending" and (
            c.starts_when is not None or getattr(c, "trigger", None) is not None
        ):
            cond = c.starts_when or getattr(c, "trigger", None)
            self.end_clause(
                name,
                t,
                "lapsed",
                Reason.of("before_cond", cause=ended, cond=cond),
            )
            return
        self.end_clause(name, t, "expired", ended)

    def window_ended(self, end_expr: ast.Expr | None, t: date, whose: str = "its window") -> Reason:
        """Why a window is out of force from `t`: its last day passed, or its event happened.
        `whose` is `its window` or the window of a carve-out (`the window of `x.y``)."""
        part = None if whose == "its window" else whose.split("`")[1]
        if ends_at_event(end_expr):
            if part is None:
                return self.dated("window_ended_at", end_expr, t)
            return self.dated("carve_window_ended_at", end_expr, t, clause=part)
        if part is None:
            return self.dated("window_last_day", end_expr, t - ONE_DAY)
        return self.dated("carve_window_last_day", end_expr, t - ONE_DAY, clause=part)

    def activate(self, name: str, t: date, reason: Why) -> None:
        if self.status[name] != "pending":
            return
        self.set_status(name, "active", t, reason)
        c = self.m.clauses[name]
        match c:
            case model.PriorityAccess():
                self.since[name] = t
                # with `each`, tiers and general availability run per occurrence
                for tier in c.tiers if c.each is None else ():
                    self.at(
                        _shift(t, tier.after),
                        PH_DATED,
                        self.refresh_access,
                        c.asset,
                        Reason.of(
                            "tier_access",
                            grantee=tier.grantee,
                            after=tier.after,
                            first=c.grantee,
                            clause=name,
                        ),
                    )
                if c.lead_time is not None and c.each is None:
                    self.at(
                        _shift(t, c.lead_time),
                        PH_DATED,
                        self.refresh_access,
                        c.asset,
                        Reason.of("lead_time", after=c.lead_time, first=c.grantee, clause=name),
                    )
                self.refresh_access(
                    t, c.asset, Reason.of("clause_starts", clause=name, cause=reason)
                )
            case model.Split():
                self.refresh_split(
                    t, c.asset, Reason.of("clause_starts", clause=name, cause=reason)
                )
            case model.Compute():
                self.refresh_capacity(
                    t, name, Reason.of("clause_starts", clause=name, cause=reason)
                )
            case model.RevenueShare() | model.Waterfall() | model.MinimumCommitment():
                self.intervals.setdefault(name, []).append([t, None])
            case model.Allocation():
                self.allocate(t, c, reason)
            case model.PaymentObligation():
                self.intervals.setdefault(name, []).append([t, None])
                self.payment_starts(c, t)
            case model.Investment():
                for tr in c.tranches:
                    if tr.on is None and tr.when is None:
                        self.fund(
                            t,
                            f"{name}.{tr.name}",
                            Reason.of("clause_starts", clause=name, cause=reason),
                        )
            case model.Obligation():
                self.start_obligation(c, t)
            case model.Termination():
                self.arm_termination(c, t)
            case model.Exclusivity():
                self.refresh_carve_outs(t, c, reason)

    def leave_active(self, name: str, t: date, reason: Why) -> None:
        """Undo what an active clause provides (access, split, capacity, accrual)."""
        c = self.m.clauses[name]
        match c:
            case model.PriorityAccess():
                self.since.pop(name, None)
                self.refresh_access(t, c.asset, Reason.of("clause_ends", clause=name, cause=reason))
            case model.Split():
                self.refresh_split(t, c.asset, Reason.of("clause_ends", clause=name, cause=reason))
            case model.Compute():
                self.refresh_capacity(t, name, Reason.of("clause_ends", clause=name, cause=reason))
            case (
                model.RevenueShare()
                | model.Waterfall()
                | model.MinimumCommitment()
                | model.PaymentObligation()
            ):
                spans = self.intervals.get(name)
                if spans and spans[-1][1] is None:
                    spans[-1][1] = t
            case model.Loan():
                self.loan_stops(name, t)
            case model.Exclusivity():
                self.refresh_carve_outs(t, c, reason)

    def end_clause(self, name: str, t: date, new: str, reason: Why) -> None:
        status = self.status.get(name)
        if status is None or status in ENDED:
            return
        if self.survive(name, t, new, reason):
            return
        self.set_status(name, new, t, reason)
        self.stop_accruals(name, t, new)
        if status == "active":
            self.leave_active(name, t, reason)
        c = self.m.clauses[name]
        if status != "active" and isinstance(c, model.Exclusivity):
            self.refresh_carve_outs(t, c, reason)
        if isinstance(c, model.Investment):
            for tr in c.tranches:
                part = f"{name}.{tr.name}"
                if self.status[part] == "pending":
                    self.set_status(
                        part,
                        "lapsed",
                        t,
                        Reason.of("clause_ended", clause=name, status=new, cause=reason),
                    )

    def suspend(self, name: str, t: date, reason: Why) -> None:
        status = self.status.get(name)
        if status not in ("pending", "active"):
            return
        self.set_status(name, "suspended", t, reason)
        if status == "active":
            self.leave_active(name, t, reason)
        else:
            c = self.m.clauses[name]
            if isinstance(c, model.Exclusivity):
                self.refresh_carve_outs(t, c, reason)

    def terminate_agreement(self, t: date, reason: Why) -> None:
        if self.status[tl.AGREEMENT] in ("terminated", "lapsed"):
            return
        self.set_status(tl.AGREEMENT, "terminated", t, reason)
        for name in self.m.clauses:
            if self.m.clauses[name].recital:
                continue  # a recital of past facts is history: nothing to end
            self.end_clause(name, t, "terminated", Reason.of("agreement_terminated", cause=reason))

    # ------------------------------------------------------------------ priority access

    def refresh_access(self, t: date, asset: str, reason: Why) -> None:
        holders: list[tuple[str, date]] = []
        for name in self.by_asset.get(asset, ()):
            c = self.m.clauses[name]
            if not isinstance(c, model.PriorityAccess) or self.status[name] != "active":
                continue
            start = self.since[name]
            holders.append((c.grantee, start))
            for tier in c.tiers:
                d = _shift(start, tier.after)
                if d is not None and d <= t:
                    holders.append((tier.grantee, d))
            if c.lead_time is not None:
                d = _shift(start, c.lead_time)
                if d is not None and d <= t:
                    holders.append((tl.EVERYONE, d))
        new = tuple(sorted(holders, key=lambda h: h[1]))
        old = self.access.get(asset, ())
        if new == old:
            return
        self.access[asset] = new
        self.record(
            t,
            asset,
            tl.ACCESS,
            _join([h for h, _ in old]) if old else None,
            _join([h for h, _ in new]),
            reason,
            new,
        )

    # ------------------------------------------------------------------ splits, capacity

    def split_step(self, t: date, name: str, st: model.Step) -> None:
        c = self.m.clauses[name]
        assert isinstance(c, model.Split)
        if self.status[name] == "active":
            self.refresh_split(t, c.asset, self.dated("split_changes", st.at, t, clause=name))

    def refresh_split(self, t: date, asset: str, reason: Why) -> None:
        shares: tuple[tuple[str, Percent], ...] = ()
        for name in self.by_asset.get(asset, ()):
            c = self.m.clauses[name]
            if not isinstance(c, model.Split) or self.status[name] != "active":
                continue
            step = self.step_in_force(name, t)
            chosen = step.shares if step is not None and step.shares else c.shares
            shares = tuple((s.party, s.percent) for s in chosen)
        old = self.split_now.get(asset, ())
        if shares == old:
            return
        self.split_now[asset] = shares
        text = ", ".join(f"{p} {pct}" for p, pct in shares) or "none"
        old_text = ", ".join(f"{p} {pct}" for p, pct in old) if old else None
        self.record(t, asset, tl.SPLIT, old_text, text, reason, shares or None)

    def capacity_step(self, t: date, name: str, st: model.Step) -> None:
        if self.status[name] == "active":
            self.refresh_capacity(t, name, self.dated("capacity_steps", st.at, t, clause=name))

    def refresh_capacity(self, t: date, name: str, reason: Why) -> None:
        c = self.m.clauses[name]
        assert isinstance(c, model.Compute)
        value = None
        if self.status[name] == "active":
            step = self.step_in_force(name, t)
            value = step.capacity if step is not None and step.capacity else c.capacity
        old = self.capacity_now.get(name)
        if value == old and (value is None or str(value) == str(old)):
            return
        self.capacity_now[name] = value
        self.record(
            t,
            name,
            tl.CAPACITY,
            str(old) if old is not None else None,
            str(value) if value is not None else "none",
            reason,
            value,
        )

    # ------------------------------------------------------------------ investments

    def setup_tranche(self, inv: model.Investment, tr: model.Tranche) -> None:
        part = f"{inv.name}.{tr.name}"
        self.status[part] = self.initial[part] = "pending"
        self.tranche_names.add(part)
        self.parts[part] = tr
        self.parent[part] = inv.name
        on = self.date_of(tr.on)
        deadline = self.date_of(tr.deadline)
        if tr.when is not None:
            since = on if tr.on is not None else self.effective
            if since is not None:
                self.watch(
                    tr.when,
                    since,
                    deadline,
                    lambda t, why: self.fund(t, part, why),
                )
        elif on is not None:
            self.at(on, PH_DATED, self.fund, part, self.dated("dated", tr.on, on))
        if deadline is not None:
            self.at(_next_day(deadline), PH_END, self.tranche_deadline, part, tr, deadline)

    def fund(self, t: date, part: str, reason: Why) -> None:
        inv_name = self.parent[part]
        if self.status[part] != "pending" or self.status[inv_name] in (*ENDED, "suspended"):
            return
        tr = self.parts[part]
        inv = self.m.clauses[inv_name]
        assert isinstance(inv, model.Investment)
        self.set_status(part, "funded", t, reason)
        amount, _ = self.funding_of(t, part, inv, tr.amount)
        for table, key, aspect in (
            (self.invested, inv_name, tl.INVESTED),
            (self.funded, inv.investor, tl.FUNDED),
        ):
            old = table.get(key)
            new = amount if old is None else old + amount
            table[key] = new
            self.record(
                t,
                key,
                aspect,
                str(old) if old is not None else None,
                str(new),
                Reason.of("tranche_funded", tranche=part, amount=tr.amount)
                if amount == tr.amount
                else Reason.of(
                    "tranche_funded_otherwise", tranche=part, amount=amount, term=tr.amount
                ),
                new,
            )

    def tranche_deadline(self, t: date, part: str, tr: model.Tranche, deadline: date) -> None:
        if self.status[part] != "pending":
            return
        why = (
            self.dated("deadline_passed", tr.deadline, deadline, cond=tr.when)
            if tr.when is not None
            else self.dated("deadline_unfunded", tr.deadline, deadline)
        )
        self.set_status(part, "lapsed", t, why)

    # ------------------------------------------------------------------ revenue shares

    def setup_revenue(self, c: model.RevenueShare, start: date | None) -> None:
        if start is None:
            return
        starts: set[date] = set()
        for stream in c.streams:
            s = self.streams.get(stream)
            if s is None:
                continue
            for seg in s.segments:
                if seg.end <= start:
                    continue
                for p in periods_over(max(seg.start, start), seg.end, c.period):
                    starts.add(p.start)
        step = _period_months(c.period)
        for p_start in sorted(starts):
            p = Period(p_start, add_months(p_start, step)[0])
            self.at(p.end, PH_SETTLE, self.settle, c.name, p)

    def currency_of(self, c: model.RevenueShare) -> str | None:
        if c.cap is not None:
            return c.cap.currency
        for stream in c.streams:
            s = self.streams.get(stream)
            if s is not None and s.segments:
                return s.currency
        return None

    def rate_pieces(
        self, c: model.RevenueShare, a: date, b: date
    ) -> list[tuple[date, date, Percent]]:
        pieces: list[tuple[date, date, Percent]] = []
        rate = c.rate
        cursor = a
        for d, st in self.steps.get(c.name, ()):
            if st.rate is None:
                continue
            if d <= cursor:
                rate = st.rate
                continue
            if d >= b:
                break
            pieces.append((cursor, d, rate))
            cursor, rate = d, st.rate
        pieces.append((cursor, b, rate))
        return pieces

    def settle(self, t: date, name: str, p: Period) -> None:
        if name in self.caps:
            return
        c = self.m.clauses[name]
        assert isinstance(c, model.RevenueShare)
        currency = self.currency_of(c)
        if currency is None:
            return
        exact = Fraction(0)
        revenue = Fraction(0)
        rates: list[str] = []
        rate_values: list[Percent] = []
        for start, stop in self.intervals.get(name, ()):
            assert start is not None
            a = max(start, p.start)
            b = min(stop or p.end, p.end)
            if b <= a:
                continue
            for lo, hi, rate in self.rate_pieces(c, a, b):
                covered = Fraction(0)
                for stream in c.streams:
                    s: Stream | None = self.streams.get(stream)
                    if s is None:
                        continue
                    amount = s.between(lo, hi)
                    if s.currency != currency:
                        factor = convert(Money(s.currency, 1), currency, self.m.rates)
                        if factor is None:
                            continue
                        amount *= factor
                    covered += amount
                revenue += covered
                exact += covered * Fraction(rate.fraction)
                if str(rate) not in rates:
                    rates.append(str(rate))
                    rate_values.append(rate)
        if revenue == 0:
            return
        due = to_money(currency, exact)
        uncapped = due  # what the period would pay without the cap (`would_have_been_due`)
        paid = self.paid.get(name, Money(currency, 0))
        cap = self.cap_of(c)
        capped = False
        if cap is not None and cap.currency == currency:
            remaining = cap - paid
            if due >= remaining:
                due = remaining if remaining.amount > 0 else Money(currency, 0)
                capped = True
        total = paid + due
        rate_text = " then ".join(rates)
        revenue_money = to_money(currency, revenue)
        reason = Reason.of(
            "payment_due",
            due=due,
            period=str(p),
            rates=tuple(rate_values),
            revenue=revenue_money,
            streams=tuple(c.streams),
            cap=cap if capped else None,
        )
        self.record(
            t, name, tl.PAID, str(paid) if name in self.paid else None, str(total), reason, total
        )
        self.paid[name] = total
        due_by = period_due_date(p.end, c.due)
        made = self.payment_made(name, p.start)
        payment = tl.Payment(
            clause=name,
            period=str(p),
            start=p.start,
            end=p.end,
            rate=rate_text,
            revenue=revenue_money,
            due=due,
            cumulative=total,
            capped=capped,
            due_by=due_by,
            paid_on=made.on if made else None,
            unpaid=made is not None and made.on is None,
            late=days_late(due_by, made.on, made.on) if made and made.on else 0,
        )
        self.payments.append(payment)
        self.late_payment(c, payment)
        self.share_instalment(c, payment, uncapped)
        if capped:
            self.caps[name] = t
            self.record(
                t,
                name,
                tl.CAP,
                None,
                t.isoformat(),
                Reason.of("payment_cap", period=str(p), cap=cap),
                t,
            )
            self.end_clause(name, t, "fulfilled", Reason.of("cap_reached", cap=cap, period=str(p)))

    def cap_of(self, c: model.RevenueShare) -> Money | None:
        if c.cap is not None:
            return c.cap
        if c.cap_multiple is not None and c.cap_of is not None:
            base = self.invested.get(c.cap_of)
            if base is not None:
                return base * c.cap_multiple
        return None

    # ------------------------------------------------------------------ obligations

    def start_obligation(self, c: model.Obligation, t: date) -> None:
        name = c.name
        if c.each is not None:
            return  # one obligation per occurrence (evaluate/occurrences.py)
        deadline = self.date_of(c.deadline)
        if deadline is None and c.within is not None:
            try:
                deadline = c.within.add_to(t, 1, self.m.holidays(c.calendar("within")))[0]
            except OverflowError:
                deadline = None
        if deadline is not None:
            self.record(
                t, name, tl.DUE, None, deadline.isoformat(), due_reason(c, deadline), deadline
            )
            if c.modality in ("must", "must_not", "may"):
                self.at(
                    max(deadline_passes(c.modality, deadline) or t, t),
                    PH_END,
                    self.obligation_deadline,
                    name,
                    deadline,
                )
            self.late_obligation(c, deadline)
        if c.fulfilled_by is not None:
            happened = self.env.events.get(c.fulfilled_by)
            if happened is not None:
                self.at(max(happened, t), PH_DATED, self.fulfil, name, happened)
        if c.breached_by is not None:
            happened = self.env.events.get(c.breached_by)
            if happened is not None and happened >= t:
                self.at(
                    happened,
                    PH_DATED,
                    self.breach,
                    name,
                    Reason.of("happened", events=(c.breached_by,), on=happened),
                )

    def fulfil(self, t: date, name: str, happened: date) -> None:
        c = self.m.clauses[name]
        assert isinstance(c, model.Obligation)
        if self.status[name] == "active":
            why = Reason.of("happened", events=(c.fulfilled_by,), on=happened)
            self.set_status(name, "fulfilled", t, why)
            if c.modality == "may":
                self.option_exercised(c, t, why)  # evaluate/options.py

    def breach(self, t: date, name: str, reason: Why) -> None:
        c = self.m.clauses[name]
        assert isinstance(c, model.Obligation)
        if self.status[name] != "active":
            return
        self.set_status(name, "breached", t, reason)
        for cons in c.on_breach:
            for target in cons.clauses:
                why = Reason.of("breached_by", clause=name, cause=reason)
                if cons.action == "suspend":
                    self.suspend(target, t, why)
                else:
                    self.end_clause(target, t, "terminated", why)

    def obligation_deadline(self, t: date, name: str, deadline: date) -> None:
        c = self.m.clauses[name]
        assert isinstance(c, model.Obligation)
        if self.status[name] != "active":
            return
        if c.modality == "must" and c.fulfilled_by is not None:
            self.breach(t, name, Reason.of("deadline_missed", on=deadline, event=c.fulfilled_by))
        elif c.modality == "must":
            # No event records performance, so missing it cannot be observed: the obligation
            # is simply no longer due.
            self.set_status(name, "expired", t, Reason.of("deadline_unobserved", on=deadline))
        elif c.modality == "may":
            self.set_status(name, "expired", t, Reason.of("deadline_unexercised", on=deadline))
        else:
            self.set_status(name, "fulfilled", t, Reason.of("applied_until", on=deadline))

    # ------------------------------------------------------------------ terminations

    def arm_termination(self, c: model.Termination, t: date) -> None:
        if c.on is not None:
            on = self.date_of(c.on)
            if on is not None:
                self.at(
                    max(on, t),
                    PH_DATED,
                    self.fire,
                    c.name,
                    self.dated("date_reached", c.on, on),
                )
        if c.when is not None:
            _, end = self.windows[c.name]
            until = end - ONE_DAY if end is not None else None
            self.watch(c.when, t, until, lambda t2, why: self.fire(t2, c.name, why))
        if c.term is not None or c.convenience is not None:
            self.arm_term(c, t)

    def arm_term(self, c: model.Termination, t: date) -> None:
        """A term that renews, and termination for convenience (evaluate/lifecycle.py)."""
        events = self.env.events
        plan = term_plan(
            t,
            c.term or Duration(10_000, DurationUnit.YEAR),
            c.renews,
            c.renewals,
            c.notice,
            events.get(c.notice_by) if c.notice_by else None,
            c.convenience,
            events.get(c.convenience_by) if c.convenience_by else None,
            min(self.end, date(9000, 1, 1)),
        )
        for step in plan.terms if c.term is not None else ():
            if step.number:
                why = Reason.of("renewed", until=step.last, **{"for": c.renews})
                self.at(step.start, PH_DATED, self.term_change, c.name, tl.RENEWAL, step.last, why)
            if step.notice_by is not None:
                why = Reason.of("notice_by", by=step.notice_by, notice=c.notice, last=step.last)
                self.at(
                    step.start,
                    PH_DATED,
                    self.term_change,
                    c.name,
                    tl.NOTICE_BY,
                    step.notice_by,
                    why,
                )
        if plan.ends_on is not None:
            self.at(plan.ends_on, PH_DATED, self.term_ends, c.name, plan.why)  # options.py

    def term_change(self, t: date, name: str, aspect: str, value: date, reason: str) -> None:
        if self.status[name] == "active":
            self.record(t, name, aspect, None, value.isoformat(), reason, value)

    def fire(self, t: date, name: str, reason: Why) -> None:
        if self.status[name] != "active":
            return
        c = self.m.clauses[name]
        assert isinstance(c, model.Termination)
        self.set_status(name, "fulfilled", t, reason)
        for target in c.ends:
            if target == tl.AGREEMENT:
                self.terminate_agreement(t, Reason.of("under", clause=name, cause=reason))
            else:
                self.end_clause(
                    target, t, "terminated", Reason.of("terminated_by", clause=name, cause=reason)
                )

    # ------------------------------------------------------------------ carve-outs

    def setup_carve_out(self, c: model.Exclusivity, co: model.CarveOut) -> None:
        part = f"{c.name}.{co.name}"
        self.status[part] = self.initial[part] = "pending"
        self.parts[part] = co
        self.parent[part] = c.name
        if co.window is not None:
            begins = self.date_of(co.window.start)
            if begins is not None:
                self.at(
                    begins,
                    PH_DATED,
                    self.refresh_carve_outs,
                    c,
                    self.dated("carve_window_starts", co.window.start, begins, clause=part),
                )
            out = window_end(co.window.end, self.env)
            if out is not None:
                self.at(
                    out,
                    PH_END,
                    self.refresh_carve_outs,
                    c,
                    self.window_ended(co.window.end, out, f"the window of `{part}`"),
                )
        if co.when is not None and self.effective is not None:
            self.carve_when[part] = self.watch(
                co.when,
                self.effective,
                None,
                lambda t, _value, why: self.refresh_carve_outs(t, c, why),
                track=True,
            )

    def refresh_carve_outs(self, t: date, c: model.Exclusivity, reason: Why) -> None:
        parent = self.status[c.name]
        for co in c.carve_outs:
            part = f"{c.name}.{co.name}"
            new = parent
            if parent == "active":
                start = self.date_of(co.window.start) if co.window else None
                end = window_end(co.window.end, self.env) if co.window else None
                if co.window is not None and (start is None or t < start):
                    new = "pending"
                elif end is not None and t >= end:
                    new = "expired"
                elif part in self.carve_when and not self.carve_when[part].last:
                    new = "suspended" if part in self.carve_seen else "pending"
            elif parent == "fulfilled":
                new = "expired"
            if new == "active":
                self.carve_seen.add(part)
            if new != self.status[part]:
                self.set_status(part, new, t, reason)
