"""When things can be in force, statically: the date reasoning every overlap check shares.

Without a scenario, events have no date. A clause's *reach* keeps two readings of its window:

* **certain**: `[start_hi, end_lo)`, the days it is in force whatever the events do
  (`start_hi` is None when it may never start, `end_lo` is None when an event may end it
  at any time);
* **possible**: `[start_lo, end_hi)`, the days it could be in force for some timing of the
  events (an unknown start is bounded below by the agreement's effective date).

`ends_when` and terminations are early exits, not part of the window: overlaps are reported
for the window as written, and a note says that an `ends_when` may cut it short.

A window's end date is its last day in force (`termlang.dates.window_end` owns the rule: an
end that is an event's own name is not in force on the event's day); a reach keeps the
half-open interval up to the first day out of force. `date.max` stands for "no end".
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypeVar

from termlang import ast
from termlang.checks._logic import ENDED_STATES, required_states, satisfiable_from
from termlang.dates import DateEnv, bounds, duration_of, ends_at_event, window_end_bounds
from termlang.model import Clause, Window

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen

FOREVER = date.max
DAWN = date.min


def iso(d: date) -> str:
    return d.isoformat()


def period(start: date, end: date) -> str:
    """`from 2026-01-01 until 2030-12-31` (the last day, included) or `from 2026-01-01 on`.

    `end` is the first day out of force, as in a reach.
    """
    head = "from the start" if start == DAWN else f"from {iso(start)}"
    if end == FOREVER:
        return f"{head} on"
    return f"{head} until {iso(end - timedelta(days=1))}"


def source(expr: ast.Expr | None) -> str:
    """An expression as written, in backticks."""
    if expr is None:
        return "``"
    span = getattr(expr, "span", None)
    text = span.text if span is not None else "?"
    return f"`{text}`"


def event_names(expr: ast.Expr | None) -> list[str]:
    """The names an expression mentions (events and dates), in order, without duplicates."""
    out: list[str] = []
    for node in walk(expr):
        if (
            isinstance(node, ast.Ref)
            and node.name not in ("effective", "long_stop")
            and node.name not in out
        ):
            out.append(node.name)
    return out


def walk(expr: ast.Expr | None, *, values: bool = True) -> Iterator[ast.Expr]:
    """Every node of an expression, depth first. With `values=False`, only the nodes that
    make a condition's truth (`not`, `and`, `or`, time relations and what they relate), not
    the insides of a comparison or a call (how the interpreter reads a condition)."""
    stack: list[ast.Expr] = [expr] if expr is not None else []
    while stack:
        node = stack.pop()
        yield node
        match node:
            case ast.Not(operand=o):
                stack.append(o)
            case ast.And(left=a, right=b) | ast.Or(left=a, right=b):
                stack.extend((b, a))
            case ast.TimeRel(left=a, right=b):
                stack.append(b)
                if a is not None:
                    stack.append(a)
            case _ if not values:
                pass
            case ast.Compare(left=a, right=b):
                stack.extend((b, a))
            case ast.Offset(base=b, amount=amount):
                stack.extend((amount, b))
            case ast.Range(start=a, end=b):
                if b is not None:
                    stack.append(b)
                stack.append(a)
            case ast.Call(args=args):
                stack.extend(reversed(args))
            case ast.ListExpr(items=items):
                stack.extend(reversed(items))


# ---------------------------------------------------------------------------- relative dates


@frozen
class Relative:
    """A date known only relative to one event: `anchor + [lo, hi]` days."""

    anchor: str
    lo: int
    hi: int


def relative(expr: ast.Expr | None, _depth: int = 0) -> Relative | None:
    """The date an expression denotes relative to a single event, if it is one."""
    if expr is None or _depth > 50:
        return None
    match expr:
        case ast.Ref(parts=parts):
            name = ".".join(parts)
            return None if name in ("effective", "long_stop") else Relative(name, 0, 0)
        case ast.Offset(base=base, sign=sign, amount=amount):
            inner = relative(base, _depth + 1)
            duration = duration_of(amount)
            if inner is None or duration is None:
                return None
            lo, hi = duration.min_days(), duration.max_days()
            if sign < 0:
                lo, hi = -hi, -lo
            return Relative(inner.anchor, inner.lo + lo, inner.hi + hi)
        case ast.Call(func=func, args=args) if func in ("earliest", "latest") and args:
            parts_ = [relative(a, _depth + 1) for a in args]
            if any(p is None for p in parts_):
                return None
            rels = [p for p in parts_ if p is not None]
            if len({r.anchor for r in rels}) != 1:
                return None
            pick = min if func == "earliest" else max
            return Relative(rels[0].anchor, pick(r.lo for r in rels), pick(r.hi for r in rels))
    return None


def certainly_before(a: ast.Expr | None, b: ast.Expr | None, env: DateEnv) -> bool:
    """Whether date `a` is on or before date `b` whatever the events do (None: never)."""
    if a is None or b is None:
        return False
    if a == b:
        return True
    ra, rb = relative(a), relative(b)
    if ra is not None and rb is not None and ra.anchor == rb.anchor:
        return ra.hi <= rb.lo
    a_hi = bounds(a, env)[1]
    b_lo = bounds(b, env)[0]
    return a_hi is not None and b_lo is not None and a_hi <= b_lo


def certainly_ends_before(end: ast.Expr | None, start: ast.Expr | None, env: DateEnv) -> bool:
    """Whether a window ending at `end` is out of force by `start`, whatever the events do.

    An end date is its window's last day, so the window ends before a start on a later day; an
    end that is an event's own name ends before a start on the event's day.
    """
    if end is None or start is None:
        return False
    if ends_at_event(end):
        return certainly_before(end, start, env)
    re_, rs = relative(end), relative(start)
    if re_ is not None and rs is not None and re_.anchor == rs.anchor:
        return re_.hi < rs.lo
    out_hi = window_end_bounds(end, env)[1]
    s_lo = bounds(start, env)[0]
    return out_hi is not None and s_lo is not None and out_hi <= s_lo


# ---------------------------------------------------------------------------- reach


@frozen
class Reach:
    start_lo: date
    start_hi: date | None
    end_lo: date | None
    end_hi: date
    start: ast.Expr | None  # the window start as written (None: the effective date)
    end: ast.Expr | None  # the window end as written (None: no end)
    waits_for: frozenset[str]  # clauses that must have ended before this one starts
    unknowns: tuple[str, ...]  # events whose dates decide the reach

    @property
    def certain(self) -> tuple[date, date] | None:
        if self.start_hi is None or self.end_lo is None or self.start_hi >= self.end_lo:
            return None
        return self.start_hi, self.end_lo

    @property
    def possible(self) -> tuple[date, date] | None:
        if self.start_lo >= self.end_hi:
            return None
        return self.start_lo, self.end_hi


def reach_of(
    window: Window | None,
    env: DateEnv,
    *,
    starts_when: ast.Expr | None = None,
    default: Reach | None = None,
) -> Reach:
    """The reach of a window (or of `default`, or of the whole agreement when it has none)."""
    floor = env.effective or DAWN
    if window is None and default is not None:
        base = default
    elif window is None:
        base = Reach(floor, env.effective, FOREVER, FOREVER, None, None, frozenset(), ())
    else:
        s_lo, s_hi = bounds(window.start, env)
        e_lo: date | None
        if window.end is None:
            e_lo, e_hi = FOREVER, FOREVER
        else:
            lo, hi = window_end_bounds(window.end, env)
            e_lo = lo
            e_hi = hi if hi is not None else FOREVER
        unknowns = [] if s_hi is not None and s_lo is not None else event_names(window.start)
        if window.end is not None and e_lo is None:
            unknowns += [n for n in event_names(window.end) if n not in unknowns]
        base = Reach(
            s_lo if s_lo is not None else floor,
            s_hi,
            e_lo,
            e_hi,
            window.start,
            window.end,
            frozenset(),
            tuple(unknowns),
        )
    if starts_when is None:
        return base
    earliest = satisfiable_from(starts_when, env)
    waits = frozenset(c for state, c in required_states(starts_when) if state in ENDED_STATES)
    names = [n for n in event_names(starts_when) if n not in base.unknowns]
    return Reach(
        max(base.start_lo, earliest) if earliest is not None else base.start_lo,
        None,
        base.end_lo,
        base.end_hi,
        base.start,
        base.end,
        base.waits_for | waits,
        (*base.unknowns, *names),
    )


def clause_reach(clause: Clause, env: DateEnv) -> Reach:
    return reach_of(clause.window, env, starts_when=clause.starts_when)


@frozen
class Overlap:
    start: date
    end: date
    certain: bool


def overlap(a: Reach, b: Reach, a_name: str, b_name: str, env: DateEnv) -> Overlap | None:
    """When two reaches are (certainly, else possibly) in force together."""
    if b_name in a.waits_for or a_name in b.waits_for:
        return None  # one starts only after the other has ended
    if certainly_ends_before(a.end, b.start, env):
        return None
    if certainly_ends_before(b.end, a.start, env):
        return None
    ca, cb = a.certain, b.certain
    if ca is not None and cb is not None:
        start, end = max(ca[0], cb[0]), min(ca[1], cb[1])
        if start < end:
            return Overlap(start, end, True)
    pa, pb = a.possible, b.possible
    if pa is None or pb is None:
        return None
    start, end = max(pa[0], pb[0]), min(pa[1], pb[1])
    return Overlap(start, end, False) if start < end else None


T = TypeVar("T")


def sweep_apart(
    items: Iterable[tuple[Reach, T]], side: Callable[[T], Hashable]
) -> Iterator[tuple[tuple[Reach, T], list[tuple[Reach, T]]]]:
    """For each item in order of earliest start, the earlier items on other sides it may overlap.

    A sorted sweep: an item leaves its side's active heap once the current start is past its
    latest end. Only items on different sides (`side(item)` differs) make pairs, since the
    checks skip pairs on one side (two grants to one grantee, two exclusivities for the same
    beneficiaries, two collaborations); with one active list they still walked them all, n^2
    steps for n such items. The work is the items, plus the pairs across sides that overlap in
    time, plus one step per side still active.
    """
    import heapq

    ordered = sorted(items, key=lambda it: it[0].start_lo)
    active: dict[Hashable, list[tuple[date, int, tuple[Reach, T]]]] = {}
    for n, item in enumerate(ordered):
        start = item[0].start_lo
        mine = side(item[1])
        others: list[tuple[Reach, T]] = []
        for key in list(active):
            heap = active[key]
            while heap and heap[0][0] <= start:
                heapq.heappop(heap)
            if not heap:
                del active[key]
            elif key != mine:
                others.extend(entry[2] for entry in heap)
        yield item, others
        heapq.heappush(active.setdefault(mine, []), (item[0].end_hi, n, item))


def uncertainty(a: Reach, b: Reach) -> str:
    """Why an overlap is only possible, in words for a message."""
    names = list(dict.fromkeys((*a.unknowns, *b.unknowns)))
    if not names:
        return "depending on when the events happen"
    shown = ", ".join(f"`{n}`" for n in names[:3])
    return f"depending on when {shown} {'happens' if len(names) == 1 else 'happen'}"
