"""Exclusivity: conflicting grants of one scope, and carve-outs that carve nothing out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.checks._time import (
    Overlap,
    Reach,
    clause_reach,
    iso,
    overlap,
    period,
    relative,
    source,
    sweep_apart,
    uncertainty,
)
from termlang.dates import DateEnv, bounds, static_env, window_end_bounds
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import CarveOut, ChainIndex, Exclusivity
from termlang.values import Percent

CONFLICT = RuleInfo(
    "TL420",
    "conflicting-exclusivities",
    "two exclusivities reserve overlapping scopes to different beneficiaries",
    """\
An exclusivity restricts a bound party to deal, in a scope, only with its beneficiaries. Two
exclusivities that bind the same party in overlapping scopes (one scope is the other or sits
within it) for different beneficiaries, at the same time, cannot both be honoured: whoever
the party deals with, it breaches one of them. The message names both clauses and the period
they overlap. It is an error when the windows certainly overlap, and a warning when they
overlap only for some timing of the events (the events are named).

    exclusivity azure_hosting  { benefits microsoft  binds openai  scope api_hosting
                                 window effective .. 2030-12-31 }
    exclusivity oracle_hosting { benefits oracle     binds openai  scope api_hosting
                                 window 2027-01-01 .. 2029-12-31 }
    # error: both bind `openai` on `api_hosting` from 2027-01-01 until 2029-12-31

When the overlap is agreed (a side letter settles it), suppress the finding in one of the
two clauses with `allow TL420 "reason"`.""",
    Severity.ERROR,
)

SELF_BOUND = RuleInfo(
    "TL421",
    "exclusivity-binds-beneficiary",
    "an exclusivity binds one of its own beneficiaries",
    """\
The beneficiary of an exclusivity gains from the bound party's promise not to deal with
others; a party cannot promise itself exclusivity. A name in both `benefits` and `binds` is
usually a copy-paste slip.

    exclusivity x { benefits openai  binds openai ... }    # error""",
    Severity.ERROR,
)

CARVE_OUT_WINDOW = RuleInfo(
    "TL422",
    "carve-out-outside-window",
    "a carve-out's window reaches outside its exclusivity's window",
    """\
A carve-out is an exception to its exclusivity, so it applies only while the exclusivity is
in force. A carve-out window that starts before the exclusivity does, ends after it, or lies
wholly outside it describes an exception to nothing; usually a date is wrong. A carve-out
with no window follows its exclusivity's window, and an open end (`2027-01-01 ..`) means
"until the exclusivity ends".

    exclusivity x { window effective .. 2030-12-31
      carve_out y { with anthropic  window 2031-01-01 .. 2032-01-01 } }    # error""",
    Severity.ERROR,
)

CARVE_OUT_SCOPE = RuleInfo(
    "TL423",
    "carve-out-outside-scope",
    "a carve-out's scope is outside its exclusivity's scope",
    """\
A carve-out narrows its exclusivity: its scope must be the exclusivity's scope or sit within
it (`within`). A carve-out scope unrelated to every scope of the exclusivity excepts nothing,
and the deal the parties had in mind is not written down.

    scope api_hosting
    scope consumer_apps
    exclusivity x { scope api_hosting
      carve_out y { with google  scope consumer_apps } }    # error""",
    Severity.ERROR,
)

CARVE_OUT_BENEFICIARY = RuleInfo(
    "TL424",
    "carve-out-names-beneficiary",
    "a carve-out names the exclusivity's own beneficiary",
    """\
An exclusivity never stops the bound party from dealing with the beneficiary, so a carve-out
for the beneficiary changes nothing; it is usually the wrong name (the partner meant is an
outside entity).

    exclusivity x { benefits openai  binds microsoft ...
      carve_out y { with openai } }    # error: `openai` is the beneficiary""",
    Severity.ERROR,
)

CARVE_OUT_CAP = RuleInfo(
    "TL425",
    "carve-out-cap-over-100",
    "a carve-out's cap is above 100%",
    """\
A carve-out cap is the share (of compute, of revenue, ...) the bound party may place outside
the exclusivity. Above 100% it caps nothing; it is usually a typo (`200%` for `20%`).

    carve_out other_clouds { with any  cap 200% of compute }    # error""",
    Severity.ERROR,
)

RULES = (
    CONFLICT,
    SELF_BOUND,
    CARVE_OUT_WINDOW,
    CARVE_OUT_SCOPE,
    CARVE_OUT_BENEFICIARY,
    CARVE_OUT_CAP,
)

HUNDRED = Decimal(100)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    env = static_env(model)
    exclusivities = [c for c in model.clauses.values() if isinstance(c, Exclusivity)]
    reaches = {c.name: clause_reach(c, env) for c in exclusivities}
    # `within` chains answered in O(1): Model.ancestors walks the chain on every call, and a
    # deep chain under many clauses made that chain length x clauses x pairs.
    tree = ChainIndex.of_terms(model)
    for clause in exclusivities:
        both = [p for p in clause.binds if p in clause.benefits]
        for party in both:
            yield finding(
                SELF_BOUND,
                f"`{clause.name}` binds `{party}`, which is also its beneficiary",
                clause.where("binds"),
                labels=[(clause.where("benefits"), f"`{party}` benefits here")],
                help=f"remove `{party}` from `binds` or from `benefits`",
            )
        for co in clause.carve_outs:
            yield from _carve_out(tree, clause, co, env)
    yield from _conflicts(tree, exclusivities, reaches, env)


def _conflicts(
    tree: ChainIndex, exclusivities: list[Exclusivity], reaches: dict[str, Reach], env: DateEnv
) -> Iterator[Diagnostic]:
    order = {c.name: n for n, c in enumerate(exclusivities)}
    groups: dict[tuple[str, str], list[tuple[Reach, tuple[Exclusivity, str]]]] = defaultdict(list)
    for c in exclusivities:
        for party in c.binds:
            for scope in c.scope:
                root = tree.root(scope)
                groups[(party, root)].append((reaches[c.name], (c, scope)))
    reported: set[tuple[str, str]] = set()
    for (party, _root), items in groups.items():
        for own, pool in _lineages(tree, items):
            # Exclusivities for the same beneficiaries never conflict: only pairs across sides.
            for (reach_b, item_b), active in sweep_apart(
                pool, lambda it: frozenset(it[0].benefits)
            ):
                b, scope_b = item_b
                for reach_a, item_a in active:
                    a, scope_a = item_a
                    if own not in (scope_a, scope_b):
                        continue  # both above `own`: paired when their own scope comes up
                    if a is b or set(a.benefits) == set(b.benefits):
                        continue
                    first, second = (a, b) if order[a.name] < order[b.name] else (b, a)
                    pair = (first.name, second.name)
                    if pair in reported or not tree.overlaps(scope_a, scope_b):
                        continue
                    found = overlap(reach_a, reach_b, a.name, b.name, env)
                    if found is None:
                        continue
                    reported.add(pair)
                    scope_1, scope_2 = (scope_a, scope_b) if first is a else (scope_b, scope_a)
                    yield _conflict(first, second, party, scope_1, scope_2, found, reach_a, reach_b)


Item = tuple[Reach, tuple[Exclusivity, str]]


def _lineages(tree: ChainIndex, items: list[Item]) -> Iterator[tuple[str, list[Item]]]:
    """For each scope of `items`, the items on it and on the scopes above it.

    Two exclusivities can only conflict when one scope lies on the other's chain, so pairing
    each scope's items with those above it finds every conflict, and exclusivities on
    sibling scopes (a hundred territories under one world) are never compared: the work is
    the items times the depth of the tree, not the square of the items.
    """
    by_scope: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_scope[item[1][1]].append(item)
    for scope, own in by_scope.items():
        pool = list(own)
        seen = {scope}
        above = tree.parent.get(scope)
        while above is not None and above not in seen:
            seen.add(above)
            pool.extend(by_scope.get(above, ()))
            above = tree.parent.get(above)
        yield scope, pool


def _conflict(
    first: Exclusivity,
    second: Exclusivity,
    party: str,
    scope_1: str,
    scope_2: str,
    found: Overlap,
    reach_a: Reach,
    reach_b: Reach,
) -> Diagnostic:
    who_1 = ", ".join(f"`{p}`" for p in first.benefits)
    who_2 = ", ".join(f"`{p}`" for p in second.benefits)
    when = period(found.start, found.end)
    both = (
        f"`{second.name}` (on `{scope_2}`, for {who_2}) and `{first.name}` (on `{scope_1}`, "
        f"for {who_1})"
    )
    if found.certain:
        message = f"{both} both bind `{party}` {when}"
        severity = Severity.ERROR
    else:
        message = f"{both} can both bind `{party}` {when}, {uncertainty(reach_a, reach_b)}"
        severity = Severity.WARNING
    notes = [
        f"`{c.name}` may end earlier: `ends_when {c.ends_when.span.text}`"
        for c in (second, first)
        if c.ends_when is not None and c.ends_when.span is not None
    ]
    if scope_1 != scope_2:
        notes.append(f"`{scope_1}` and `{scope_2}` overlap: one sits within the other")
    return finding(
        CONFLICT,
        message,
        second.where("scope"),
        labels=[(first.where("scope"), f"`{first.name}` reserves this scope to {who_1}")],
        help=f"end one exclusivity before the other starts, narrow a scope, or add a carve-out "
        f"to `{first.name}` for {who_2}",
        notes=notes,
        severity=severity,
    )


def _carve_out(
    tree: ChainIndex, clause: Exclusivity, co: CarveOut, env: DateEnv
) -> Iterator[Diagnostic]:
    name = f"{clause.name}.{co.name}"
    if co.entity is not None and co.entity in clause.benefits:
        yield finding(
            CARVE_OUT_BENEFICIARY,
            f"the carve-out `{name}` names `{co.entity}`, the beneficiary of `{clause.name}`",
            co.where("entity"),
            labels=[(clause.where("benefits"), "the beneficiary is named here")],
            help="an exclusivity never stops dealing with its beneficiary; name the outside "
            "entity the carve-out is for",
        )
    for scope in co.scope:
        if not any(tree.overlaps(outer, scope) for outer in clause.scope):
            yield finding(
                CARVE_OUT_SCOPE,
                f"the carve-out `{name}` is about `{scope}`, outside the scope of "
                f"`{clause.name}` ({', '.join(f'`{s}`' for s in clause.scope)})",
                co.where("scope"),
                labels=[(clause.where("scope"), "the exclusivity's scope")],
                help=f"use a scope within {', '.join(f'`{s}`' for s in clause.scope)}, or "
                "declare it `within` one of them",
            )
    cap = _cap_percent(co)
    if cap is not None and cap.value > HUNDRED:
        yield finding(
            CARVE_OUT_CAP,
            f"the cap of the carve-out `{name}` is {cap}, above 100%",
            co.where("cap"),
            help="a cap is a share between 0% and 100%",
        )
    if co.window is not None:
        yield from _carve_out_window(clause, co, name, env)


def _cap_percent(co: CarveOut) -> Percent | None:
    """The carve-out's cap; lowering may still hand over `(percent, of)` as one value."""
    cap: object = co.cap
    if isinstance(cap, tuple):
        cap = cap[0] if cap else None
    return cap if isinstance(cap, Percent) else None


def _carve_out_window(
    clause: Exclusivity, co: CarveOut, name: str, env: DateEnv
) -> Iterator[Diagnostic]:
    assert co.window is not None
    span = co.where("window")
    labels = [(clause.where("window") or clause.name_span, "the exclusivity's window")]
    help_ = f"keep the carve-out's window within the window of `{clause.name}`"
    c_lo, c_hi = bounds(co.window.start, env)
    ex_start = clause.window.start if clause.window is not None else None
    ex_end = clause.window.end if clause.window is not None else None
    # Wholly after the exclusivity ends.
    if ex_end is not None and c_lo is not None:
        e_hi = window_end_bounds(ex_end, env)[1]
        if e_hi is not None and c_lo >= e_hi:
            yield finding(
                CARVE_OUT_WINDOW,
                f"the carve-out `{name}` starts on {iso(c_lo)}, after `{clause.name}` has "
                f"ended (its last day: {iso(e_hi - timedelta(days=1))})",
                span,
                labels=labels,
                help=help_,
            )
            return
    # Starts before the exclusivity.
    early = False
    rc, rx = relative(co.window.start), relative(ex_start)
    if rc is not None and rx is not None and rc.anchor == rx.anchor:
        early = rc.hi < rx.lo
    elif c_hi is not None:
        x_lo = bounds(ex_start, env)[0] if ex_start is not None else env.effective
        early = x_lo is not None and c_hi < x_lo
    if early:
        yield finding(
            CARVE_OUT_WINDOW,
            f"the carve-out `{name}` starts ({source(co.window.start)}) before "
            f"`{clause.name}` does ({source(ex_start) if ex_start else '`effective`'})",
            span,
            labels=labels,
            help=help_,
        )
        return
    # Ends after the exclusivity.
    if co.window.end is not None and ex_end is not None:
        ce_lo = window_end_bounds(co.window.end, env)[0]
        xe_hi = window_end_bounds(ex_end, env)[1]
        if ce_lo is not None and xe_hi is not None and ce_lo > xe_hi:
            yield finding(
                CARVE_OUT_WINDOW,
                f"the carve-out `{name}` ends on {iso(ce_lo - timedelta(days=1))}, after "
                f"`{clause.name}` ends on {iso(xe_hi - timedelta(days=1))}",
                span,
                labels=labels,
                help=help_,
            )
