"""The courses of events worth running: one representative per region of event dates.

An event's exact day matters to the interpreter only through which side of each *landmark*
it falls on (a fixed date of the agreement: the effective date, the long-stop, a window end,
a tranche date, a deadline, and those dates shifted by the durations and offsets the clauses
write) and through the order of the events among themselves. Between two consecutive
landmarks the statuses, access and funded totals do not depend on the day chosen, only on
the order (docs/verification.md gives the argument). So the explorer:

1. keeps only the events in the property's *cone*: the events read by the clauses the
   property reads, by the clauses those are connected to (any reference between two clauses
   counts both ways), and by the agreement itself (signing, terminations of the agreement);
   an event outside the cone cannot change what the property reads, and never happens;
2. cuts [start, horizon] into regions at the landmarks (each landmark D and D + 1 day start
   a region, so `before D`, `on_or_before D` and `D ..` windows all fall on a boundary);
3. gives each event `never` or a region, and events that share a region every weak order
   among themselves (ties included), placed on consecutive days from the region's first
   day; when the property reads amounts (which accrue by the day), also from its last day.

The count of courses is computed exactly before anything runs (`count`), so a space too
large is reported as `unknown`, never explored in part and called proved.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from fractions import Fraction
from itertools import pairwise, product
from math import factorial
from typing import Any

import attrs
from attrs import frozen

from termlang import ast, model
from termlang.checks._time import walk
from termlang.dates import DateEnv, duration_of, evaluate, shift, static_env
from termlang.values import Duration

ONE_DAY = timedelta(days=1)


@frozen
class Space:
    """The courses of events one property is explored over."""

    events: tuple[str, ...]  # the cone's events, in declaration order
    starts: tuple[date, ...]  # first day of each region, sorted; regions end at the next
    horizon: date  # the last day explored
    ends: bool  # also place events on the last days of their region (amounts)

    def regions(self) -> list[tuple[date, date]]:
        """Each region as (first day, last day)."""
        bounds = [*self.starts, self.horizon + ONE_DAY]
        return [(a, b - ONE_DAY) for a, b in pairwise(bounds) if a < b]

    def slots(self) -> list[tuple[int, bool]]:
        """(region, from its end?) for every place an event may be put."""
        n = len(self.regions())
        return [(i, end) for i in range(n) for end in ((False, True) if self.ends else (False,))]


# ------------------------------------------------------------------------------ counting


def _fubini(n: int) -> int:
    """Weak orders of n items (ordered set partitions): 1, 1, 3, 13, 75, 541, ..."""
    a = [1]
    for m in range(1, n + 1):
        a.append(sum(_binom(m, k) * a[m - k] for k in range(1, m + 1)))
    return a[n]


def _binom(n: int, k: int) -> int:
    return factorial(n) // (factorial(k) * factorial(n - k))


def count(space: Space) -> int:
    """How many courses `courses(space)` yields at most: for k events and S slots,
    k! [x^k] e^x (sum_n Fub(n) x^n / n!)^S (each event never, or in a slot, with every weak
    order among the events sharing one)."""
    k = len(space.events)
    s = len(space.slots())
    per_slot = [Fraction(_fubini(n), factorial(n)) for n in range(k + 1)]
    poly = [Fraction(1, factorial(n)) for n in range(k + 1)]  # e^x: the events that never happen
    for _ in range(s):
        poly = [
            sum((poly[i] * per_slot[n - i] for i in range(n + 1)), Fraction(0))
            for n in range(k + 1)
        ]
    return int(poly[k] * factorial(k))


# ------------------------------------------------------------------------------ enumerating


def _weak_orders(items: Sequence[str]) -> Iterator[dict[str, int]]:
    """Every weak order of `items`, as item -> rank (0-based, ranks contiguous)."""
    if not items:
        yield {}
        return
    first, rest = items[0], items[1:]
    for order in _weak_orders(rest):
        ranks = max(order.values(), default=-1) + 1
        for r in range(ranks):  # tie with an existing rank
            yield {**order, first: r}
        for r in range(ranks + 1):  # a new rank inserted at r
            yield {**{k: v + (v >= r) for k, v in order.items()}, first: r}


def courses(space: Space) -> Iterator[dict[str, date | None]]:
    """Every representative course of events: event -> date (None: never happens). Distinct
    courses only (short regions make some placements coincide)."""
    regions = space.regions()
    slots = space.slots()
    seen: set[tuple[date | None, ...]] = set()
    choices = [None, *range(len(slots))]
    for assignment in product(choices, repeat=len(space.events)):
        groups: dict[int, list[str]] = {}
        for event, slot in zip(space.events, assignment, strict=True):
            if slot is not None:
                groups.setdefault(slot, []).append(event)
        orders = [list(_weak_orders(groups[s])) for s in sorted(groups)]
        for combo in product(*orders):
            dates: dict[str, date | None] = dict.fromkeys(space.events)
            ok = True
            for s, ranks in zip(sorted(groups), combo, strict=True):
                region, from_end = slots[s]
                first, last = regions[region]
                top = max(ranks.values())
                for event, rank in ranks.items():
                    day = last - (top - rank) * ONE_DAY if from_end else first + rank * ONE_DAY
                    if not first <= day <= last:
                        ok = False
                    dates[event] = day
            if not ok:
                continue
            key = tuple(dates[e] for e in space.events)
            if key not in seen:
                seen.add(key)
                yield dates


# ------------------------------------------------------------------------------ the cone


def _names(value: Any, out: set[str], depth: int = 0) -> None:
    """Every name a declaration mentions: references in expressions and plain strings."""
    if depth > 40:
        return
    match value:
        case ast.Ref(parts=parts):
            out.add(".".join(parts))
            out.add(parts[0])
        case str():
            out.add(value)
            out.add(value.split(".")[0])
        case tuple() | list() | frozenset() | set():
            for v in value:
                _names(v, out, depth + 1)
        case Mapping():
            for k, v in value.items():
                _names(k, out, depth + 1)
                _names(v, out, depth + 1)
        case _ if attrs.has(type(value)):
            for f in attrs.fields(type(value)):
                if f.eq is False or f.name in ("label", "note", "title", "must", "must_not"):
                    continue
                _names(getattr(value, f.name), out, depth + 1)


def cone(m: model.Model, reads: Iterable[str]) -> tuple[set[str], set[str]]:
    """(clauses, events) that can influence what a property reading `reads` sees."""
    mentions: dict[str, set[str]] = {}
    for name, clause in m.clauses.items():
        found: set[str] = set()
        _names(clause, found)
        mentions[name] = found
    agreement: set[str] = set()
    if m.agreement is not None:
        _names(m.agreement.signing, agreement)
        _names(m.agreement.long_stop, agreement)
    mentions["agreement"] = agreement
    # clauses on one asset share its queue of holders: the asset links them
    for asset in m.assets():
        mentions[asset.name] = set()
    # undirected links between clauses (a reference is read in one direction and acted on in
    # the other: `on_breach suspend x`, `ends x`); events are only read
    links: dict[str, set[str]] = {n: set() for n in mentions}
    for name, found in mentions.items():
        for other in found & set(mentions):
            if other != name:
                links[name].add(other)
                links[other].add(name)
    start = {r for r in reads if r in mentions} | {"agreement"}
    # a party or an asset read by a measure: the clauses that mention it
    for r in reads:
        if r not in mentions and r not in m.events:
            start |= {n for n, found in mentions.items() if r in found and n != "agreement"}
    clauses: set[str] = set()
    todo = list(start)
    while todo:
        n = todo.pop()
        if n in clauses:
            continue
        clauses.add(n)
        todo.extend(links[n] - clauses)
    events = {e for n in clauses for e in mentions[n] if e in m.events}
    events |= {r for r in reads if r in m.events}
    return clauses & set(m.clauses), events


# ------------------------------------------------------------------------------ landmarks


def _exprs(value: Any, out: list[ast.Expr], durations: list[Duration], depth: int = 0) -> None:
    if depth > 40:
        return
    match value:
        case _ if isinstance(value, ast.Expr):
            out.append(value)
        case Duration():
            durations.append(value)
        case date():
            out.append(ast.DateLit(value=value))
        case tuple() | list():
            for v in value:
                _exprs(v, out, durations, depth + 1)
        case Mapping():
            for v in value.values():
                _exprs(v, out, durations, depth + 1)
        case _ if attrs.has(type(value)):
            for f in attrs.fields(type(value)):
                if f.eq is False:
                    continue
                _exprs(getattr(value, f.name), out, durations, depth + 1)


def _walk_dates(
    expr: ast.Expr, env: DateEnv, fixed: set[date], offsets: list[tuple[int, Duration]]
) -> None:
    """Fixed dates an expression names, and the offsets it adds to events."""
    for node in walk(expr):
        match node:
            case ast.DateLit(value=value):
                fixed.add(value)
            case ast.Offset(amount=amount):
                at = evaluate(node, env)
                if at is not None:
                    fixed.add(at)
                else:
                    duration = duration_of(amount)
                    if duration is not None:
                        offsets.append((node.sign, duration))
            case ast.Ref(name=name) if name in ("effective", "long_stop"):
                named = evaluate(node, env)
                if named is not None:
                    fixed.add(named)


def landmarks(
    m: model.Model,
    clauses: Iterable[str],
    extra: Iterable[ast.Expr],
    start: date,
    horizon: date,
) -> tuple[date, ...]:
    """The region starts: every fixed date of the cone's clauses and of the agreement, those
    dates shifted by the cone's durations (a lead time, a survival, `respond_within`), and
    shifted back by the offsets written from events (`restructuring_completed + 90 days`
    crosses a fixed date when the event sits that far before it); each date and the next day."""
    env = static_env(m)
    groups: list[tuple[list[ast.Expr], list[Duration]]] = [(list(extra), [])]
    for name in clauses:
        exprs: list[ast.Expr] = []
        durations: list[Duration] = []
        _exprs(m.clauses[name], exprs, durations)
        groups.append((exprs, durations))
    if m.agreement is not None:
        head: list[ast.Expr] = [ast.DateLit(value=m.agreement.effective)]
        if m.agreement.long_stop is not None:
            head.append(m.agreement.long_stop)
        groups.append((head, []))
    shifted: set[date] = set()
    groups_offsets: list[tuple[int, Duration]] = []
    for exprs, durations in groups:
        # a clause's durations shift the clause's own dates (a survival past its window end,
        # a lead time from its start); offsets from events cross the fixed dates anywhere
        fixed: set[date] = set()
        offsets: list[tuple[int, Duration]] = []
        for expr in exprs:
            _walk_dates(expr, env, fixed, offsets)
        shifted |= fixed
        for d in durations:
            # forwards: the duration runs from one of the clause's dates; backwards: it runs
            # from an event, and crosses one of the clause's dates when the event is that far
            # before it
            shifted |= {shift(f, 1, d)[0] for f in fixed}
            shifted |= {shift(f, -1, d)[0] for f in fixed}
        groups_offsets.extend(offsets)
    for sign, by in groups_offsets:
        shifted |= {shift(f, -sign, by)[0] for f in set(shifted)}
    points = {start}
    for day in shifted:
        for p in (day, day + ONE_DAY) if day < date.max else (day,):
            if start < p <= horizon:
                points.add(p)
    return tuple(sorted(points))


def event_offsets(m: model.Model, clauses: Iterable[str]) -> set[str]:
    """The events that dates of the cone are written relative to (`e + 90 days`)."""
    env = static_env(m)
    found: set[str] = set()
    for name in clauses:
        exprs: list[ast.Expr] = []
        _exprs(m.clauses[name], exprs, [])
        stack = list(exprs)
        while stack:
            node = stack.pop()
            match node:
                case ast.Offset(base=base):
                    if evaluate(node, env) is None:
                        found |= {n for n in _refs(base) if n in m.events}
                    stack.append(base)
                case ast.Call(func=func, args=args) if func in ("earliest", "latest"):
                    found |= {n for a in args for n in _refs(a) if n in m.events}
                case ast.Not(operand=o):
                    stack.append(o)
                case ast.And(left=a, right=b) | ast.Or(left=a, right=b):
                    stack.extend((a, b))
                case ast.TimeRel(right=b):
                    # `x before y` is ordered by the explorer; `x before y + 90 days` is not
                    # (the offset case above)
                    stack.append(b)
                case ast.Range(start=a, end=b):
                    stack.append(a)
                    if b is not None:
                        stack.append(b)
    return found


def _refs(expr: ast.Expr) -> set[str]:
    out: set[str] = set()
    _names(expr, out)
    return out
