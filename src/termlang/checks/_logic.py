"""Conditions, statically: can a condition ever hold, from when, and what does it require.

A condition is put in disjunctive normal form (a bounded number of branches; past the bound
the analysis gives up and assumes the condition can hold, so no finding is invented). A branch
is a conjunction of literals, an atom or its negation. A branch cannot hold when

* it holds an atom and its negation (`x and not x`),
* the dates it allows for the current day, or for one event, form an empty interval
  (`after 2027-01-01 and before 2026-01-01`), or
* it requires an event to have happened and not to have happened.

`E before D` requires `E` to have happened (before `D`); an event that has happened did so on
or before the current day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from termlang import ast
from termlang.dates import DateEnv, bounds

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen

MAX_BRANCHES = 64

# Clause states that a clause can only be in after it has started (`lapsed` and `terminated`
# can happen to a clause that never started), and the subset that means it has ended.
STARTED_STATES = frozenset(
    {"active", "started", "ended", "expired", "suspended", "cap_reached", "fulfilled", "breached"}
)
ENDED_STATES = frozenset({"ended", "expired", "terminated", "lapsed"})


@frozen
class Literal:
    atom: ast.Expr
    positive: bool


Branch = tuple[Literal, ...]


def branches(expr: ast.Expr, limit: int = MAX_BRANCHES) -> list[Branch] | None:
    """The condition in disjunctive normal form, or None when it has too many branches."""
    return _dnf(expr, True, limit)


def _dnf(expr: ast.Expr, positive: bool, limit: int) -> list[Branch] | None:
    match expr:
        case ast.Not(operand=o):
            return _dnf(o, not positive, limit)
        case ast.And(left=a, right=b) | ast.Or(left=a, right=b):
            conj = isinstance(expr, ast.And) == positive  # De Morgan under a negation
            left, right = _dnf(a, positive, limit), _dnf(b, positive, limit)
            if left is None or right is None:
                return None
            if not conj:
                out = left + right
                return out if len(out) <= limit else None
            if len(left) * len(right) > limit:
                return None
            return [x + y for x in left for y in right]
    return [(Literal(expr, positive),)]


def _day(d: date, delta: int) -> date:
    try:
        return d + timedelta(days=delta)
    except OverflowError:
        return d


@frozen
class _Range:
    lo: date | None = None
    hi: date | None = None

    def clip(self, lo: date | None = None, hi: date | None = None) -> _Range:
        new_lo = self.lo if lo is None or (self.lo is not None and self.lo >= lo) else lo
        new_hi = self.hi if hi is None or (self.hi is not None and self.hi <= hi) else hi
        return _Range(new_lo, new_hi)

    @property
    def empty(self) -> bool:
        return self.lo is not None and self.hi is not None and self.lo > self.hi


def _relation(op: str, right: ast.Expr, env: DateEnv, positive: bool) -> _Range:
    """The least restrictive range of days a `op right` relation allows."""
    lo, hi = bounds(right, env)
    if not positive:
        op = {
            "after": "on_or_before",
            "before": "on_or_after",
            "on_or_after": "before",
            "on_or_before": "after",
        }[op]
    if op == "after":
        return _Range(lo=_day(lo, 1) if lo is not None else None)
    if op == "on_or_after":
        return _Range(lo=lo)
    if op == "before":
        return _Range(hi=_day(hi, -1) if hi is not None else None)
    return _Range(hi=hi)


@frozen
class BranchFacts:
    possible: bool
    now: _Range  # the days on which the branch can hold


def facts(branch: Branch, env: DateEnv) -> BranchFacts:
    """What a conjunction allows."""
    seen: dict[ast.Expr, bool] = {}
    happened: dict[str, bool] = {}
    now = _Range()
    events: dict[str, _Range] = {}

    def note_event(name: str, value: bool) -> bool:
        if happened.get(name, value) != value:
            return False
        happened[name] = value
        return True

    for lit in branch:
        if seen.get(lit.atom, lit.positive) != lit.positive:
            return BranchFacts(False, now)
        seen[lit.atom] = lit.positive
        atom = lit.atom
        if isinstance(atom, ast.Ref) and not note_event(atom.name, lit.positive):
            return BranchFacts(False, now)
        if isinstance(atom, ast.TimeRel):
            if atom.left is None:
                r = _relation(atom.op, atom.right, env, lit.positive)
                now = now.clip(r.lo, r.hi)
            elif lit.positive and isinstance(atom.left, ast.Ref):
                name = atom.left.name
                if not note_event(name, True):
                    return BranchFacts(False, now)
                r = _relation(atom.op, atom.right, env, True)
                events[name] = events.get(name, _Range()).clip(r.lo, r.hi)
    for name, rng in events.items():
        if rng.empty:
            return BranchFacts(False, now)
        if happened.get(name):
            now = now.clip(lo=rng.lo)  # it happened on or before today
    return BranchFacts(not now.empty, now)


def never_holds(expr: ast.Expr, env: DateEnv) -> bool:
    """Whether no timing of the events can make the condition hold."""
    dnf = branches(expr)
    if dnf is None:
        return False
    return not any(facts(b, env).possible for b in dnf)


def satisfiable_from(expr: ast.Expr, env: DateEnv) -> date | None:
    """The first day the condition can hold (None: no known lower bound, or never)."""
    dnf = branches(expr)
    if dnf is None:
        return None
    firsts: list[date] = []
    for b in dnf:
        f = facts(b, env)
        if not f.possible:
            continue
        if f.now.lo is None:
            return None
        firsts.append(f.now.lo)
    return min(firsts) if firsts else None


def required_events(expr: ast.Expr) -> frozenset[str]:
    """Events that must have happened for the condition to hold (in every branch)."""
    dnf = branches(expr)
    if not dnf:
        return frozenset()
    sets = []
    for b in dnf:
        names = set()
        for lit in b:
            if lit.positive and isinstance(lit.atom, ast.Ref):
                names.add(lit.atom.name)
            elif (
                lit.positive
                and isinstance(lit.atom, ast.TimeRel)
                and isinstance(lit.atom.left, ast.Ref)
            ):
                names.add(lit.atom.left.name)
        sets.append(names)
    return frozenset(set.intersection(*sets))


def required_states(expr: ast.Expr) -> frozenset[tuple[str, str]]:
    """(state, clause) pairs every branch of the condition requires, like ("ended", "a")."""
    dnf = branches(expr)
    if not dnf:
        return frozenset()
    sets = []
    for b in dnf:
        pairs = set()
        for lit in b:
            atom = lit.atom
            if (
                lit.positive
                and isinstance(atom, ast.Call)
                and len(atom.args) == 1
                and isinstance(atom.args[0], ast.Ref)
            ):
                pairs.add((atom.func, atom.args[0].name))
        sets.append(pairs)
    return frozenset(set.intersection(*sets))
