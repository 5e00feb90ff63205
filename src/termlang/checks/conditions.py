"""Conditions: clauses that wait on each other to start, conditions that can never hold."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from termlang import ast
from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.checks._logic import (
    STARTED_STATES,
    never_holds,
    required_states,
    satisfiable_from,
)
from termlang.checks._time import iso, source
from termlang.dates import DateEnv, bounds, static_env, window_end_bounds
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import (
    AnyClause,
    Exclusivity,
    Investment,
    Located,
    Obligation,
    Termination,
    Tranche,
)
from termlang.source import Span

CYCLE = RuleInfo(
    "TL480",
    "clause-dependency-cycle",
    "clauses wait on each other to start, so none of them ever does",
    """\
A `starts_when` that requires another clause's state (`active(b)`, `started(b)`,
`ended(b)`, ...) makes the clause wait for that other clause. When clauses wait on each
other in a circle (`a` starts when `b` has ended, `b` starts when `a` has ended), none of
them can ever start. Only requirements that hold in every branch of the condition count
(`ended(b) or signed` does not wait for `b`), so the check reports certain deadlocks only.

    collaboration a { starts_when ended(b) ... }
    collaboration b { starts_when ended(a) ... }    # error: a -> b -> a""",
    Severity.ERROR,
)

NEVER = RuleInfo(
    "TL481",
    "condition-never-holds",
    "a condition can never hold, so what it governs never applies",
    """\
A condition that contradicts itself (`x and not x`, `after 2027-01-01 and before
2026-01-01`, `e before 2026-01-01 and e after 2027-01-01`) can never hold: the clause it
starts never starts, the tranche it conditions is never paid, the termination it triggers
never happens. The same holds when the earliest day the condition can hold is after the
window of the clause has ended, or after the deadline of the tranche. A warning: the
agreement is still consistent, but a term the parties wrote has no effect.

    window       effective .. 2030-12-31
    starts_when  after 2031-01-01    # warning: the window has ended by then""",
    Severity.WARNING,
)

RULES = (CYCLE, NEVER)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    env = static_env(model)
    yield from _cycles(ctx)
    for clause in model.clauses.values():
        yield from _conditions(clause, env)


# ---------------------------------------------------------------------------- cycles


def _cycles(ctx: CheckContext) -> Iterator[Diagnostic]:
    clauses = ctx.model.clauses
    graph: dict[str, list[str]] = {}
    for name, clause in clauses.items():
        if clause.starts_when is None:
            continue
        needs = sorted(
            other
            for state, other in required_states(clause.starts_when)
            if state in STARTED_STATES and other in clauses
        )
        if needs:
            graph[name] = needs
    for component in _strong_components(graph):
        if len(component) == 1 and component[0] not in graph.get(component[0], ()):
            continue
        order = {n: i for i, n in enumerate(clauses)}
        members = sorted(component, key=lambda n: order[n])
        cycle = _cycle_path(members, graph)
        first = clauses[cycle[0]]
        chain = " -> ".join(f"`{n}`" for n in [*cycle, cycle[0]])
        labels: list[tuple[Span | None, str]] = [
            (
                clauses[n].where("starts_when"),
                f"`{n}` waits for `{cycle[(i + 1) % len(cycle)]}`",
            )
            for i, n in enumerate(cycle)
            if i > 0
        ]
        yield finding(
            CYCLE,
            f"{_names(cycle)} wait on each other to start, so none of them ever does: {chain}"
            if len(cycle) > 1
            else f"`{first.name}` can never start: its `starts_when` waits for itself",
            first.where("starts_when"),
            labels=labels,
            help="break the circle: let one of these clauses start on a date or an event",
        )


def _names(names: list[str]) -> str:
    quoted = [f"`{n}`" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _cycle_path(members: list[str], graph: dict[str, list[str]]) -> list[str]:
    """A simple cycle through the first member, inside its strongly connected component."""
    inside = set(members)
    start = members[0]
    path = [start]
    seen = {start}
    current = start
    while True:
        nxt = [n for n in graph.get(current, ()) if n in inside]
        if start in nxt and (len(path) > 1 or current == start):
            return path
        step = next((n for n in nxt if n not in seen), None)
        if step is None:
            return path
        path.append(step)
        seen.add(step)
        current = step


def _strong_components(graph: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (no recursion limit on long chains)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            edges = graph.get(node, [])
            if i < len(edges):
                work.append((node, i + 1))
                nxt = edges[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == node:
                        break
                out.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


# ---------------------------------------------------------------------------- never holds


def _conditions(clause: AnyClause, env: DateEnv) -> Iterator[Diagnostic]:
    fields: list[tuple[Located, str, ast.Expr | None, str]] = [
        (clause, "starts_when", clause.starts_when, f"`{clause.name}` never starts"),
        (clause, "ends_when", clause.ends_when, f"`{clause.name}` never ends early"),
    ]
    if isinstance(clause, Obligation):
        fields.append((clause, "trigger", clause.trigger, f"`{clause.name}` never arises"))
    if isinstance(clause, Termination):
        fields.append((clause, "when", clause.when, f"`{clause.name}` never happens"))
    if isinstance(clause, Investment):
        for t in clause.tranches:
            fields.append((t, "when", t.when, f"tranche `{clause.name}.{t.name}` is never paid"))
    if isinstance(clause, Exclusivity):
        for co in clause.carve_outs:
            fields.append(
                (co, "when", co.when, f"the carve-out `{clause.name}.{co.name}` never applies")
            )
    for decl, field, cond, effect in fields:
        if cond is None:
            continue
        if never_holds(cond, env):
            yield finding(
                NEVER,
                f"the condition {source(cond)} contradicts itself and can never hold: {effect}",
                decl.where(field),
                help="remove the contradiction (a name negated and required, or dates that "
                "exclude each other)",
            )
            continue
        yield from _too_late(clause, decl, field, cond, effect, env)


def _too_late(
    clause: AnyClause, decl: Located, field: str, cond: ast.Expr, effect: str, env: DateEnv
) -> Iterator[Diagnostic]:
    first = satisfiable_from(cond, env)
    if first is None:
        return
    limit_expr: ast.Expr | None = None
    limit_field = ""
    what = ""
    if field in ("starts_when", "trigger") and clause.window is not None:
        limit_expr, limit_field, what = clause.window.end, "window", "the window has ended"
    elif field == "when" and isinstance(decl, Tranche) and decl.deadline is not None:
        limit_expr, limit_field, what = decl.deadline, "deadline", "the deadline has passed"
    if limit_expr is None:
        return
    # A window's end date and a deadline are both the last day on which the condition counts
    # (an end given by an event excludes the event's day).
    if limit_field == "window":
        out_hi = window_end_bounds(limit_expr, env)[1]
        end_hi = out_hi - timedelta(days=1) if out_hi is not None else None
        if out_hi is None or first < out_hi:
            return
    else:
        end_hi = bounds(limit_expr, env)[1]
        if end_hi is None or first <= end_hi:
            return
    assert end_hi is not None
    yield finding(
        NEVER,
        f"the condition {source(cond)} can hold on {iso(first)} at the earliest, after "
        f"{what} ({iso(end_hi)}): {effect}",
        decl.where(field),
        labels=[(decl.where(limit_field), f"{limit_field} here")],
        help="move the date in the condition, or the end of the window or deadline",
        severity=Severity.WARNING,
    )
