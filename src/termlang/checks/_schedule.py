"""Values that step over time (`rate 20%` then `from 2030-01-01 { rate 10% }`), summed per
group with a sweep, to find when a total passes a limit.

A clause's schedule is cut into pieces between change points. On each piece its value lies
between `lo` and `hi` (a step dated by an event may or may not have applied), and the clause
is either certainly in force over the whole piece or only possibly. A group's total certainly
passes the limit when the `lo` values of the pieces certainly in force do; it possibly passes
it when the `hi` values of all pieces do.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from attrs import frozen

from termlang import ast
from termlang.checks._time import FOREVER, Reach
from termlang.dates import DateEnv, bounds


@frozen
class Piece:
    start: date
    end: date
    lo: Decimal
    hi: Decimal
    certain: bool
    owner: object


def schedule(
    owner: object,
    reach: Reach,
    base: Decimal,
    steps: Sequence[tuple[ast.Expr, Decimal]],
    env: DateEnv,
) -> list[Piece]:
    """The pieces of one clause's schedule over its possible reach."""
    possible = reach.possible
    if possible is None:
        return []
    first, last = possible
    dated: list[tuple[date, date, Decimal]] = []  # (earliest, latest) the step can apply from
    for at, value in steps:
        lo, hi = bounds(at, env)
        dated.append((lo if lo is not None else first, hi if hi is not None else FOREVER, value))
    cuts = {first, last}
    for d in (reach.start_hi, reach.end_lo):
        if d is not None:
            cuts.add(d)
    for lo, hi, _ in dated:
        cuts.update((lo, hi))
    points = sorted(d for d in cuts if first <= d <= last)
    pieces: list[Piece] = []
    for a, b in itertools.pairwise(points):
        if a >= b:
            continue
        applied = [s for s in dated if s[1] <= a]
        maybe = [s[2] for s in dated if s[0] <= a < s[1]]
        latest = [s[2] for s in applied if not any(o[0] > s[1] for o in applied)]
        values = (latest or [base]) + maybe
        certain = (
            reach.start_hi is not None
            and reach.end_lo is not None
            and a >= reach.start_hi
            and b <= reach.end_lo
        )
        pieces.append(Piece(a, b, min(values), max(values), certain, owner))
    return pieces


@frozen
class Excess:
    start: date
    end: date
    total: Decimal
    certain: bool
    pieces: tuple[Piece, ...]  # the pieces in force when the excess starts


def first_excess(pieces: Iterable[Piece], limit: Decimal) -> Excess | None:
    """The first period the group's total certainly (else possibly) exceeds `limit`."""
    pieces = list(pieces)
    if not pieces:
        return None
    events: dict[date, list[tuple[int, Piece]]] = {}
    for p in pieces:
        events.setdefault(p.start, []).append((1, p))
        events.setdefault(p.end, []).append((-1, p))
    active: dict[int, Piece] = {}
    sure = maybe = Decimal(0)
    found: dict[bool, Excess] = {}
    open_: dict[bool, tuple[date, Decimal, tuple[Piece, ...]]] = {}
    for t in sorted(events):
        for sign, p in sorted(events[t], key=lambda e: e[0]):  # removals first
            if sign > 0:
                active[id(p)] = p
            else:
                active.pop(id(p), None)
            if p.certain:
                sure += sign * p.lo
            maybe += sign * p.hi
        for certain, total in ((True, sure), (False, maybe)):
            if certain in found:
                continue
            if total > limit and certain not in open_:
                open_[certain] = (t, total, tuple(active.values()))
            elif total <= limit and certain in open_:
                start, peak, snapshot = open_.pop(certain)
                found[certain] = Excess(start, t, peak, certain, snapshot)
        if True in found:
            break
    for certain, (start, peak, snapshot) in open_.items():
        found.setdefault(certain, Excess(start, FOREVER, peak, certain, snapshot))
    return found.get(True) or found.get(False)
