"""Collaboration vs exclusivity: a bound party working with an outsider in a reserved scope."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

import attrs

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.checks._time import (
    Overlap,
    Reach,
    clause_reach,
    event_names,
    overlap,
    period,
    reach_of,
    sweep_apart,
    uncertainty,
)
from termlang.checks.temporal import declared_latest, latest_first_hold
from termlang.checks.witness import Witness, witnessed
from termlang.dates import DateEnv, bounds, static_env
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import ChainIndex, Collaboration, Exclusivity, Model

BREACH = RuleInfo(
    "TL430",
    "collaboration-breaches-exclusivity",
    "a collaboration falls in a scope another clause reserves, with no carve-out for it",
    """\
A collaboration says that a party works with an outside entity in a scope. If an exclusivity
binds that party in an overlapping scope (the same scope, one within the other) while both
are in force, the collaboration breaches it, unless a carve-out of the exclusivity covers
that entity (or `any`) and a scope that contains the collaboration's scope, at that time.
This is the question "may Microsoft work with other model makers?" asked of every pair.

The message names both clauses and the period of overlap. It is an error when the breach is
certain from the dates, and a warning when it depends on when events happen. Carve-outs with
a `when` condition, a cap or an event-dated window are given the benefit of the doubt.

    exclusivity partner_exclusivity { benefits openai  binds microsoft
      scope model_partnerships  window effective .. 2030-12-31 }
    collaboration msft_google { party microsoft  with google
      scope copilot_models  window 2026-01-01 .. }
    # error: breaches partner_exclusivity from 2026-01-01 until 2030-12-31;
    # fix: carve_out google_in_copilot { with google  scope copilot_models }""",
    Severity.ERROR,
)

RULES = (BREACH,)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    env = static_env(model)
    groups: dict[tuple[str, str], list[tuple[Reach, tuple[Exclusivity | Collaboration, str]]]] = (
        defaultdict(list)
    )
    has_exclusivity = False
    tree = ChainIndex.of_terms(model)  # O(1) `within` questions (see exclusivity.py)
    for c in model.clauses.values():
        if isinstance(c, Exclusivity):
            has_exclusivity = True
            reach = clause_reach(c, env)
            for party in c.binds:
                for scope in c.scope:
                    groups[(party, tree.root(scope))].append((reach, (c, scope)))
        elif isinstance(c, Collaboration):
            reach = clause_reach(c, env)
            for scope in c.scope:
                groups[(c.party, tree.root(scope))].append((reach, (c, scope)))
    if not has_exclusivity:
        return
    reported: set[tuple[str, str]] = set()
    for (party, _root), items in groups.items():
        # Only an exclusivity and a collaboration make a pair: one side each.
        for (reach_b, item_b), active in sweep_apart(
            items, lambda it: isinstance(it[0], Exclusivity)
        ):
            b, scope_b = item_b
            for reach_a, item_a in active:
                a, scope_a = item_a
                first, second = (a, scope_a, reach_a), (b, scope_b, reach_b)
                if isinstance(a, Collaboration):
                    first, second = second, first  # the exclusivity first
                (ex, ex_scope, ex_reach), (co, co_scope, co_reach) = first, second
                if not (isinstance(ex, Exclusivity) and isinstance(co, Collaboration)):
                    continue
                key = (co.name, ex.name)
                if key in reported or co.partner in ex.benefits or co.partner == party:
                    continue
                if not tree.overlaps(ex_scope, co_scope):
                    continue
                found = overlap(ex_reach, co_reach, ex.name, co.name, env)
                if found is None:
                    continue
                every = None if found.certain else _for_every_date(model, ex, ex_reach, co_reach)
                because: list[str] = []
                if every is not None:
                    found, ex_reach, because = every
                gap = _uncovered(tree, ex, co.partner, co_scope, found.start, found.end, env)
                if gap is None:
                    continue
                reported.add(key)
                early = None if found.certain else _if_early(model, ex, co_reach)
                diagnostic = _breach(
                    tree,
                    ex,
                    ex_scope,
                    co,
                    co_scope,
                    gap,
                    found.certain,
                    ex_reach,
                    co_reach,
                    because,
                    early[0] if early else None,
                )
                if because:
                    horizon = min(gap[1], date(9998, 1, 1))
                    diagnostic = witnessed(diagnostic, _witness(model, ex, horizon))
                elif early is not None:
                    diagnostic = witnessed(diagnostic, early[1])
                yield diagnostic


def _for_every_date(
    model: Model, ex: Exclusivity, ex_reach: Reach, co_reach: Reach
) -> tuple[Overlap, Reach, list[str]] | None:
    """The overlap that holds for every date of the events the exclusivity starts on, when
    their dates are bounded (the signing by the long stop, `expected between`): the error the
    warning becomes (issue 13). The reach comes back with the latest start as its certain one."""
    latest = latest_first_hold(model, ex.starts_when)
    if latest is None or co_reach.certain is None or ex_reach.end_lo is None:
        return None
    env = static_env(model)
    window_start = bounds(ex.window.start, env)[1] if ex.window is not None else env.effective
    if window_start is None:
        return None
    start = max(window_start, latest[0])
    co_start, co_end = co_reach.certain
    begin, end = max(start, co_start), min(ex_reach.end_lo, co_end)
    if begin >= end:
        return None
    reach = attrs.evolve(ex_reach, start_hi=start, unknowns=())
    because = [f"for every date its start allows: {'; '.join(latest[1])}"]
    return Overlap(begin, end, True), reach, because


def _if_early(model: Model, ex: Exclusivity, co_reach: Reach) -> tuple[str, Witness] | None:
    """When the exclusivity starts on one bounded event and the overlap holds only for some
    of its dates: the condition, in words, and a witness (the event on its earliest day)."""
    names = event_names(ex.starts_when)
    if len(names) != 1 or co_reach.certain is None:
        return None
    name = names[0]
    bound = declared_latest(model, name)
    if bound is None or model.agreement is None:
        return None
    co_end = co_reach.certain[1]
    on = max(model.agreement.effective, co_reach.certain[0])
    if on >= co_end or co_end > bound[0]:
        return None
    horizon = min(co_end, date(9998, 1, 1))
    witness = Witness(
        label=f"{ex.name} starts while the collaboration runs",
        events=((name, on),),
        horizon=horizon,
    )
    last = co_end - timedelta(days=1)  # the reach's end is the first day out of force
    return f"if `{name}` happens on or before {last.isoformat()}", witness


def _witness(model: Model, ex: Exclusivity, horizon: date) -> Witness:
    """The events the exclusivity starts on, each on the last day its bounds allow."""
    events = []
    for name in event_names(ex.starts_when):
        bound = declared_latest(model, name)
        if bound is not None:
            events.append((name, bound[0]))
    return Witness(
        label=f"{ex.name} starts as late as it can and still overlaps",
        events=tuple(events),
        horizon=horizon,
    )


def _uncovered(
    tree: ChainIndex,
    ex: Exclusivity,
    partner: str,
    scope: str,
    start: date,
    end: date,
    env: DateEnv,
) -> tuple[date, date] | None:
    """The first part of [start, end) that no carve-out of `ex` covers for `partner` and `scope`."""
    pieces = [(start, end)]
    ex_reach = clause_reach(ex, env)
    for co in ex.carve_outs:
        if co.entity not in (None, "any", partner):
            continue
        scopes = co.scope or ex.scope
        if not any(tree.contains(outer, scope) for outer in scopes):
            continue
        if co.window is None:
            return None
        reach = reach_of(co.window, env, default=ex_reach)
        cover = (
            reach.certain
            if reach.end is not None
            else ((reach.start_hi, ex_reach.end_hi) if reach.start_hi is not None else None)
        )
        if cover is None:
            return None  # an event-dated carve-out: give it the benefit of the doubt
        c_start, c_end = cover
        rest: list[tuple[date, date]] = []
        for s, e in pieces:
            if s < min(e, c_start):
                rest.append((s, min(e, c_start)))
            if max(s, c_end) < e:
                rest.append((max(s, c_end), e))
        pieces = rest
        if not pieces:
            return None
    return pieces[0] if pieces else None


def _breach(
    tree: ChainIndex,
    ex: Exclusivity,
    ex_scope: str,
    co: Collaboration,
    co_scope: str,
    gap: tuple[date, date],
    certain: bool,
    ex_reach: Reach,
    co_reach: Reach,
    because: list[str] | None = None,
    condition: str | None = None,
) -> Diagnostic:
    who = ", ".join(f"`{p}`" for p in ex.benefits)
    where = (
        f"`{co_scope}`"
        if co_scope == ex_scope
        else f"`{co_scope}` (within `{ex_scope}`)"
        if tree.contains(ex_scope, co_scope)
        else f"`{co_scope}` (which contains `{ex_scope}`)"
    )
    when = period(*gap)
    head = f"`{co.name}` has `{co.party}` work with `{co.partner}` on {where}"
    if certain:
        every = ", whatever the date it starts on," if because else ","
        message = (
            f"{head}, which `{ex.name}` reserves to {who} {when}{every} and no carve-out "
            f"covers `{co.partner}` there"
        )
        severity = Severity.ERROR
    else:
        message = (
            f"{head}, which `{ex.name}` can reserve to {who} at the same time, {when}, "
            f"{condition or uncertainty(ex_reach, co_reach)}; no carve-out covers `{co.partner}` "
            "there"
        )
        severity = Severity.WARNING
    notes = list(because or [])
    if ex.ends_when is not None and ex.ends_when.span is not None:
        notes.append(f"`{ex.name}` may end earlier: `ends_when {ex.ends_when.span.text}`")
    return finding(
        BREACH,
        message,
        co.where("partner"),
        labels=[
            (co.where("scope"), "in this scope"),
            (ex.where("scope"), f"`{ex.name}` binds `{co.party}` here"),
            *(
                [(co.where("window"), "in force across every date the exclusivity can start")]
                if because
                else [(co.where("window"), "in force while the exclusivity can start")]
                if condition
                else []
            ),
        ],
        help=f"add to `{ex.name}` a carve-out like `carve_out {co.partner}_{co_scope} "
        f"{{ with {co.partner}; scope {co_scope} }}`, or move `{co.name}` outside the "
        "exclusivity's window",
        notes=notes,
        severity=severity,
    )
