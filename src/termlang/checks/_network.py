"""A temporal constraint network: difference constraints over days, solved exactly.

Every dated thing of an agreement is a *point* (a node): the origin (day 0 of the proleptic
Gregorian calendar, so a date is its ordinal), each event, and points the checks add (the day
an obligation arises, the day a clause starts). A constraint says `x - y <= c` (in days) and
carries its reason, a `Why` (the clause line that states it). The network holds the constraints
every schedule satisfies; a check asks whether a *requirement* (another `x - y <= c`) can hold.

The algorithm is the textbook one (Cormen et al., *Introduction to Algorithms*, 24.4): the
constraints are edges `y -> x` of weight `c`; the system has a solution iff the graph has no
negative cycle (Bellman-Ford), and then `dist(y, x)` is the tightest bound `x - y <= dist`.
A negative cycle is a contradiction; its edges, in order, are the chain of clauses that forms
it. All of it is exact integer arithmetic: no rounding, no solver.

What is exact and what is not: constraints between two points are exact; a month offset
(`+ 1 month`) between two points whose dates are unknown is kept as the interval of days it
can span (28 to 31), which is weaker than the truth, so a contradiction found is always real
and one hidden by the interval can be missed. `earliest`/`latest` of dates anchored on
different points keep their certain half here (`earliest(a, b) <= a`); the disjunctive half
(it equals one of them) is case-split by the caller, within `MAX_CASES`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from termlang.source import Span

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen

ORIGIN = "@origin"  # the point at day 0: `x - ORIGIN <= d.toordinal()` says `x <= d`
MAX_CASES = 64  # case splits of disjunctions before the network gives up on them
# Edge relaxations one search between two points may take (the searches from the origin are
# done once and cached). Past it the search gives up and the question has no answer, so a
# hostile or huge file costs a bounded amount per requirement and no finding is invented.
SEARCH_BUDGET = 500


@frozen
class Why:
    """One constraint's reason: the line that states it and what it says, in words."""

    span: Span | None
    text: str


@frozen
class Edge:
    """`dst - src <= weight`."""

    src: str
    dst: str
    weight: int
    why: Why


def day(d: date) -> int:
    return d.toordinal()


def as_date(n: int) -> date | None:
    try:
        return date.fromordinal(n)
    except (ValueError, OverflowError):
        return None


class Network:
    """Points and difference constraints; queries by shortest paths (Bellman-Ford / SPFA)."""

    def __init__(self) -> None:
        self.out: dict[str, list[Edge]] = {ORIGIN: []}
        self.into: dict[str, list[Edge]] = {ORIGIN: []}
        self._upper: dict[str, tuple[int, Edge | None]] | None = None
        self._lower: dict[str, tuple[int, Edge | None]] | None = None
        self._searched: tuple[str, dict[str, tuple[int, Edge | None]]] | None = None

    # -- building

    def point(self, name: str) -> str:
        self.out.setdefault(name, [])
        self.into.setdefault(name, [])
        return name

    def add(self, x: str, y: str, c: int, why: Why) -> None:
        """`x - y <= c`."""
        edge = Edge(self.point(y), self.point(x), c, why)
        self.out[y].append(edge)
        self.into[x].append(edge)
        self._upper = self._lower = None
        self._searched = None

    def not_after(self, x: str, d: int, why: Why) -> None:
        """`x <= d` (an ordinal)."""
        self.add(x, ORIGIN, d, why)

    def not_before(self, x: str, d: int, why: Why) -> None:
        """`x >= d`."""
        self.add(ORIGIN, x, -d, why)

    def edges(self) -> Iterable[Edge]:
        for edges in self.out.values():
            yield from edges

    # -- consistency

    def contradiction(self) -> list[Edge] | None:
        """A negative cycle (the constraints, in order), or None when a schedule exists."""
        dist = dict.fromkeys(self.out, 0)
        pred: dict[str, Edge] = {}
        nodes = list(self.out)
        changed: str | None = None
        for _ in range(len(nodes)):
            changed = None
            for node in nodes:
                base = dist[node]
                for e in self.out[node]:
                    if base + e.weight < dist[e.dst]:
                        dist[e.dst] = base + e.weight
                        pred[e.dst] = e
                        changed = e.dst
            if changed is None:
                return None
        assert changed is not None
        node = changed
        for _ in range(len(nodes)):  # walk back onto the cycle
            node = pred[node].src
        cycle: list[Edge] = []
        at = node
        while True:
            e = pred[at]
            cycle.append(e)
            at = e.src
            if at == node:
                break
        cycle.reverse()
        return cycle

    # -- bounds against the origin

    def _shortest(self, reverse: bool) -> dict[str, tuple[int, Edge | None]]:
        """Shortest paths from the origin (forward: upper bounds) or to it (reverse: lower
        bounds, negated), by SPFA; assumes no negative cycle."""
        dist: dict[str, tuple[int, Edge | None]] = {ORIGIN: (0, None)}
        queue = deque([ORIGIN])
        queued = {ORIGIN}
        rounds = 0
        limit = len(self.out) * max(1, len(self.out))
        while queue and rounds <= limit:
            rounds += 1
            node = queue.popleft()
            queued.discard(node)
            base = dist[node][0]
            for e in self.into[node] if reverse else self.out[node]:
                nxt = e.src if reverse else e.dst
                value = base + e.weight
                if nxt not in dist or value < dist[nxt][0]:
                    dist[nxt] = (value, e)
                    if nxt not in queued:
                        queue.append(nxt)
                        queued.add(nxt)
        return dist

    def upper(self, x: str) -> int | None:
        """The latest day `x` can be in any schedule (None: unbounded)."""
        if self._upper is None:
            self._upper = self._shortest(reverse=False)
        found = self._upper.get(x)
        return None if found is None else found[0]

    def lower(self, x: str) -> int | None:
        """The earliest day `x` can be in any schedule (None: unbounded)."""
        if self._lower is None:
            self._lower = self._shortest(reverse=True)
        found = self._lower.get(x)
        return None if found is None else -found[0]

    def upper_chain(self, x: str) -> list[Why]:
        """The constraints that bound `x` from above, from the origin to `x`."""
        self.upper(x)
        assert self._upper is not None
        return _chain(self._upper, x, reverse=False)

    def lower_chain(self, x: str) -> list[Why]:
        """The constraints that bound `x` from below, from `x` to the origin."""
        self.lower(x)
        assert self._lower is not None
        return _chain(self._lower, x, reverse=True)

    def span(self, x: str, y: str) -> int | None:
        """The tightest `c` with `y - x <= c` in every schedule (None: unbounded).

        Bounds against the origin come from the two cached searches. Between two other
        points it is the shorter of the path through the origin and what a search from `x`
        finds within `SEARCH_BUDGET` steps: exact for every chain through the origin and
        every chain the search reaches, and otherwise an upper bound (a real path), so a
        finding resting on it is never invented."""
        return self._best(x, y)[0]

    def proof(self, x: str, y: str) -> list[Why]:
        """The chain of constraints that gives `span(x, y)`, from `x` to `y`."""
        return self._best(x, y)[1]()

    def _best(self, x: str, y: str) -> tuple[int | None, Callable[[], list[Why]]]:
        if x == ORIGIN:
            return self.upper(y), lambda: self.upper_chain(y)
        low = self.lower(x)
        if y == ORIGIN:
            return (None if low is None else -low), lambda: self.lower_chain(x)
        high = self.upper(y)
        via = None if low is None or high is None else high - low
        found = self._search(x).get(y)
        if found is not None and (via is None or found[0] <= via):
            return found[0], lambda: _chain(self._search(x), y, reverse=False, start=x)
        return via, lambda: [*self.lower_chain(x), *self.upper_chain(y)]

    def _search(self, x: str) -> dict[str, tuple[int, Edge | None]]:
        if self._searched is not None and self._searched[0] == x:
            return self._searched[1]
        dist: dict[str, tuple[int, Edge | None]] = {x: (0, None)}
        queue = deque([x])
        queued = {x}
        steps = 0
        while queue:
            node = queue.popleft()
            queued.discard(node)
            base = dist[node][0]
            for e in self.out[node]:
                steps += 1
                value = base + e.weight
                if e.dst not in dist or value < dist[e.dst][0]:
                    dist[e.dst] = (value, e)
                    if e.dst not in queued:
                        queue.append(e.dst)
                        queued.add(e.dst)
            if steps > SEARCH_BUDGET:
                break  # what was found are real paths: upper bounds, if not the tightest
        self._searched = (x, dist)
        return dist

    def with_edges(self, extra: Iterable[Edge]) -> Network:
        """A copy of the network with `extra` constraints added."""
        copy = Network()
        for e in (*self.edges(), *extra):
            copy.add(e.dst, e.src, e.weight, e.why)
        return copy

    def earliest_schedule(self, extra: Iterable[Edge] = ()) -> dict[str, int] | None:
        """The earliest day of every point bounded below, with `extra` constraints added
        (None: the extra constraints admit no schedule). Feasible by construction: the least
        solution of a difference system is its vector of lower bounds."""
        added = list(extra)
        if not added:
            self.lower(ORIGIN)
            assert self._lower is not None
            return {k: -v[0] for k, v in self._lower.items()}
        copy = self.with_edges(added)
        if copy.contradiction() is not None:
            return None
        copy.lower(ORIGIN)
        assert copy._lower is not None
        return {k: -v[0] for k, v in copy._lower.items()}


def _chain(
    dist: dict[str, tuple[int, Edge | None]], x: str, *, reverse: bool, start: str = ORIGIN
) -> list[Why]:
    out: list[Why] = []
    at = x
    seen: set[str] = set()
    while at != start and at not in seen:
        seen.add(at)
        entry = dist.get(at)
        if entry is None or entry[1] is None:
            break
        e = entry[1]
        out.append(e.why)
        at = e.dst if reverse else e.src
    if not reverse:
        out.reverse()
    return out
