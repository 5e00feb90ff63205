"""Proving a property for every course of events, or finding one that breaks it.

    from termlang.verify import verify_model
    for result in verify_model(model):
        print(result.name, result.status)       # proved | counter-example | unknown

The engine is exact and solver-free: it runs the real interpreter (`evaluate.run`) on one
representative course of events per region (verify/regions.py) and reads the property at
every change point of each timeline. docs/verification.md states what is proved exactly,
what rests on a monotonicity argument (amounts, revenue bounds) and when it says `unknown`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import attrs
from attrs import frozen

from termlang import ast, model
from termlang.calendar import next_day, periods_between
from termlang.checks.properties import expand
from termlang.dates import DateEnv, static_env
from termlang.evaluate import Timeline, pick_scenario, run
from termlang.evaluate.conditions import walk
from termlang.values import DurationUnit, Money
from termlang.verify import regions
from termlang.verify.properties import Evaluator, deadlines, read_nodes, subjects

DEFAULT_LIMIT = 20_000
ONE_DAY = timedelta(days=1)
PROVED = "proved"
COUNTER_EXAMPLE = "counter-example"
UNKNOWN = "unknown"

# Clause kinds whose outcome depends on scenario lines the explorer does not vary.
UNVARIED = (model.FirstRefusal, model.Convertible, model.MinimumCommitment)


class Incomparable(Exception):
    """A property compares amounts in two currencies (or quantities of two dimensions)."""


@frozen
class Course:
    """One course of events: event dates (None: never) and the figures used."""

    events: tuple[tuple[str, date | None], ...]
    figures: tuple[model.Figure, ...] = ()
    series: tuple[model.Series, ...] = ()
    bounds: str = ""  # "low" | "high" | "" (which extreme of the declared bounds)

    def scenario(self, name: str, horizon: date, label: str | None = None) -> model.Scenario:
        return model.Scenario(
            name=name,
            label=label,
            horizon=horizon,
            occurrences=tuple(model.Occurrence(event=e, on=d) for e, d in self.events),
            figures=self.figures,
            series=self.series,
        )


@frozen
class Result:
    """The verdict on one property."""

    name: str
    label: str | None
    status: str  # proved | counter-example | unknown
    reason: str = ""  # why unknown, or how it was proved
    explored: int = 0  # courses of events run
    total: int = 0  # courses of events in the space
    events: tuple[str, ...] = ()  # the events explored (the property's cone)
    course: Course | None = None  # the counter-example
    breach: date | None = None  # the day the property fails in it
    horizon: date | None = None
    timeline: Timeline | None = None
    budget_exceeded: bool = False
    prop: model.Property | None = None


def horizon_of(m: model.Model) -> date | None:
    """How far verification looks: the `verify` block's horizon, else the default scenario's,
    else five years past the effective date."""
    if m.verify is not None and m.verify.horizon is not None:
        return m.verify.horizon
    if m.scenarios:
        chosen = pick_scenario(m, None)
        if chosen.horizon is not None:
            return chosen.horizon
    if m.agreement is None:
        return None
    effective = m.agreement.effective
    try:
        return effective.replace(year=effective.year + 5)
    except ValueError:
        return effective + timedelta(days=5 * 365)


def verify_model(
    m: model.Model, *, budget: float | None = None, names: tuple[str, ...] = ()
) -> list[Result]:
    """Every property of `m` (or those named), verified in file order."""
    return [
        verify_property(m, p, budget=budget)
        for p in m.properties.values()
        if not names or p.name in names
    ]


def _periods(unit: DurationUnit, start: date, end: date) -> Iterator[tuple[str, date, date]]:
    """(canonical text, first day, day after) of each period of `unit` touching [start, end]."""
    months = {DurationUnit.MONTH: 1, DurationUnit.QUARTER: 3, DurationUnit.YEAR: 12}[unit]
    for first, after in periods_between(start, next_day(end) or date.max, months):
        if months == 12:
            text = f"{first.year}"
        elif months == 3:
            text = f"{first.year}-Q{(first.month - 1) // 3 + 1}"
        else:
            text = f"{first.year}-{first.month:02d}"
        yield text, first, after


def _variants(
    m: model.Model, clauses: set[str], start: date, horizon: date
) -> tuple[list[Course], str]:
    """Figure sets to explore (the extremes of the declared bounds), or a reason why the
    property cannot be decided ("" when fine)."""
    needed: set[str] = set()
    for name in clauses:
        c = m.clauses[name]
        if isinstance(c, UNVARIED):
            return [], (
                f"`{name}` depends on scenario lines verification does not vary (offers, "
                "financings, forecasts)"
            )
        if isinstance(c, model.RevenueShare):
            needed.update(c.streams)
        if isinstance(c, model.Waterfall):
            needed.add(c.distributes)
        found: set[str] = set()
        regions._names(c, found)
        if found & {"revenue", "cumulative_revenue"}:
            return [], f"a condition of `{name}` reads revenue, which verification does not vary"
    if not needed:
        return [Course(events=())], ""
    bounds = {b.subject: b for b in (m.verify.bounds if m.verify else ())}
    missing = sorted(needed - set(bounds))
    if missing:
        return [], (
            f"the figures of `{missing[0]}` have no bounds: add `revenue {missing[0]} between "
            f"USD 0 and USD 50B per quarter` (or `distribution ...`) to the `verify` block"
        )
    out: list[Course] = []
    for side in ("low", "high"):
        figures: list[model.Figure] = []
        series: list[model.Series] = []
        for stream in sorted(needed):
            b = bounds[stream]
            amount = b.low if side == "low" else b.high
            for text, first, after in _periods(b.per, start, horizon):
                # revenue feeds the streams (model.Figure), a distribution a model.Series
                value: dict[str, Any] = {
                    "metric": b.metric,
                    "subject": stream,
                    "period": text,
                    "start": first,
                    "end": after,
                    "amount": Money(amount.currency, amount.amount),
                }
                if b.metric == "revenue":
                    figures.append(model.Figure(**value))
                else:
                    series.append(model.Series(**value))
        out.append(Course(events=(), figures=tuple(figures), series=tuple(series), bounds=side))
    return out, ""


def _check_days(
    prop: model.Property, timeline: Timeline, env: DateEnv, start: date, horizon: date
) -> list[date]:
    days = {start, horizon}
    # what the property reads changes only at changes of its subjects (a clause, a part, an
    # asset, an investor) or of the agreement; amounts accrue by the day (interest,
    # penalties), so their largest value before a change is on the eve of it
    eves = any(isinstance(n, ast.Compare) for n in walk(prop.condition))
    read = subjects(prop.condition)
    for c in timeline.changes:
        if c.subject in read or c.subject.split(".")[0] in read or c.subject == "agreement":
            days.add(c.on)
            if eves:
                days.add(c.on - ONE_DAY)
    days |= {d for d in env.events.values() if d is not None}
    days |= deadlines(prop.condition, env)
    last = horizon if prop.by is None else min(prop.by, horizon)
    return sorted(d for d in days if start <= d <= last)


def breach_day(
    prop: model.Property, timeline: Timeline, env: DateEnv, start: date, horizon: date
) -> date | None:
    """The first day `prop` fails on `timeline` (None: it holds). Raises `Incomparable` when
    a comparison meets two currencies or units."""
    ev = Evaluator(env)
    for day in _check_days(prop, timeline, env, start, horizon):
        value = ev.value(prop.condition, timeline.state_at(day), day)
        if ev.mismatch:
            raise Incomparable(f"on {day}, {ev.mismatch}")
        if prop.mode == "always" and value is False:
            return day
        if prop.mode == "never" and value is True:
            return day
        if prop.mode == "eventually" and value is True:
            return None
    if prop.mode == "eventually":
        return min(prop.by or horizon, horizon)
    return None


def verify_property(m: model.Model, prop: model.Property, *, budget: float | None = None) -> Result:
    """Explore every course of events for `prop`; the first counter-example found stops."""

    def result(status: str, **more: object) -> Result:
        return Result(name=prop.name, label=prop.label, status=status, prop=prop, **more)  # type: ignore[arg-type]

    def unknown(reason: str, **more: object) -> Result:
        return result(UNKNOWN, reason=reason, **more)

    if m.agreement is None:
        return unknown("the file has no agreement header, so no effective date")
    prop = attrs.evolve(prop, condition=expand(m, prop.condition))
    start = m.agreement.effective
    horizon = horizon_of(m)
    assert horizon is not None
    if horizon < start:
        return unknown(f"the horizon {horizon} is before the effective date {start}")
    clauses, events = regions.cone(m, _reads(m, prop.condition))
    variants, why = _variants(m, clauses, start, horizon)
    if why:
        return unknown(why)
    wanted = extremes(prop)
    if len(variants) > 1 and len(wanted) == 1:
        variants = [v for v in variants if v.bounds in wanted]
    ordered = tuple(e for e in m.events if e in events)
    relative = regions.event_offsets(m, clauses)
    if relative and len(ordered) > 1:
        return unknown(
            f"a date is written relative to `{sorted(relative)[0]}` (an offset, `earliest` or "
            "`latest`), and the explorer places events relative to fixed dates and to each "
            "other, not at offsets from each other",
            events=ordered,
        )
    extra: list[ast.Expr] = [prop.condition]
    if prop.by is not None:
        extra.append(ast.DateLit(value=prop.by))
    reads_amounts = any(isinstance(n, ast.Compare) for n in walk(prop.condition))
    space = regions.Space(
        events=ordered,
        starts=regions.landmarks(m, clauses, extra, start, horizon),
        horizon=horizon,
        ends=reads_amounts or any(v.bounds for v in variants),
    )
    total = regions.count(space) * len(variants)
    limit = (m.verify.limit if m.verify and m.verify.limit else None) or DEFAULT_LIMIT
    if total > limit:
        return unknown(
            f"too many courses of events: {total} > {limit}", total=total, events=ordered
        )
    # CPU seconds of this process: the same budget goes as far on a loaded machine
    deadline = None if budget is None else time.process_time() + budget
    base = static_env(m)
    explored = 0
    for variant in variants:
        for dates in regions.courses(space):
            if deadline is not None and time.process_time() > deadline:
                return unknown(
                    f"time budget of {budget:g} s (CPU) ran out after {explored} of {total} "
                    "courses of events",
                    explored=explored,
                    total=total,
                    events=ordered,
                    budget_exceeded=True,
                )
            course = Course(
                events=tuple(dates.items()),
                figures=variant.figures,
                series=variant.series,
                bounds=variant.bounds,
            )
            scenario = course.scenario("verify", horizon)
            timeline = run(m, scenario, end=horizon)
            env = DateEnv(effective=base.effective, long_stop=base.long_stop, events=dates)
            explored += 1
            try:
                day = breach_day(prop, timeline, env, start, horizon)
            except Incomparable as exc:
                return unknown(str(exc), explored=explored, total=total, events=ordered)
            if day is not None:
                return result(
                    COUNTER_EXAMPLE,
                    explored=explored,
                    total=total,
                    events=ordered,
                    course=course,
                    breach=day,
                    horizon=horizon,
                    timeline=timeline,
                )
    how = f"{explored} courses of events over {len(ordered)} event(s)"
    ends = sorted({v.bounds for v in variants if v.bounds})
    if len(ends) == 2:
        how += ", figures at both ends of their bounds"
    elif ends:
        how += f", figures at the {ends[0]} end of their bounds (the property is monotone in them)"
    return result(
        PROVED,
        reason=how,
        explored=explored,
        total=total,
        events=ordered,
        horizon=horizon,
    )


def extremes(prop: model.Property) -> set[str]:
    """Which end of the figures' bounds can break the property, when it is monotone in them.

    Amounts grow with the figures (shares, rates, caps and tiers are monotone), so a
    comparison `amount > X` is most easily true at the high end and `amount < X` at the low
    end. `never C` is broken by C true, `always C` and `eventually C` by C false; `not` flips
    what is sought. A condition that needs both ends, compares for equality, or reads a
    clause's status (which a cap reached early can end) is explored at both."""
    found: set[str] = set()

    def walk(node: ast.Expr, seek: bool) -> bool:
        match node:
            case ast.Not(operand=o):
                return walk(o, not seek)
            case ast.And(left=a, right=b) | ast.Or(left=a, right=b):
                return walk(a, seek) and walk(b, seek)
            case ast.Compare(op=op, left=left, right=right):
                grows = {">": True, ">=": True, "<": False, "<=": False}.get(op)
                if grows is None or isinstance(left, ast.Call) == isinstance(right, ast.Call):
                    return False
                if isinstance(right, ast.Call):
                    grows = not grows
                found.add("high" if grows == seek else "low")
                return True
            case ast.Call():
                return False  # a status can move either way with the figures (a cap reached)
        return True  # events and dates do not depend on the figures

    if not walk(prop.condition, prop.mode == "never"):
        return {"low", "high"}
    return found or {"low", "high"}


def _reads(m: model.Model, expr: ast.Expr) -> list[str]:
    """The clauses and events a condition reads: a clause (or its part) named in a call; for
    an asset, the splits and priority rights over it; for `funded(PARTY)`, the party's
    investments. The party in `share(asset, party)` or `received(w, party)` adds nothing: the
    first argument already names what is read."""
    out: list[str] = []
    for node in read_nodes(expr):
        if isinstance(node, ast.Ref):
            out.append(node.name)
            continue
        first = node.args[0] if node.args else None
        if not isinstance(first, ast.Ref):
            continue
        name = first.name.split(".")[0]
        if name in m.clauses or name in m.events:
            out.append(name)
        elif name in m.terms:
            out.extend(
                c.name
                for c in m.clauses.values()
                if isinstance(c, model.Split | model.PriorityAccess)
                and getattr(c, "asset", None) == name
            )
        elif name in m.parties:
            out.extend(
                c.name
                for c in m.clauses.values()
                if isinstance(c, model.Investment) and c.investor == name
            )
    return out


def replay_breach(m: model.Model, prop: model.Property, scenario: model.Scenario) -> date | None:
    """The day `prop` fails under `scenario` (None: it holds): how a saved counter-example is
    checked to reproduce its breach."""
    assert m.agreement is not None
    prop = attrs.evolve(prop, condition=expand(m, prop.condition))
    horizon = scenario.horizon or horizon_of(m) or m.agreement.effective
    timeline = run(m, scenario, end=horizon)
    base = static_env(m)
    events = {o.event: o.on for o in scenario.occurrences}
    env = DateEnv(effective=base.effective, long_stop=base.long_stop, events=events)
    return breach_day(prop, timeline, env, m.agreement.effective, horizon)
