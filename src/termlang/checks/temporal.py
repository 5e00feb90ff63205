"""Time: one network of every dated thing, and the requirements it must allow.

The facts every schedule satisfies go into a `Network` (`checks/_network.py`): the effective
date, each event on or after it (and between the dates of its `expected between A and B`), the
signing event by the long stop, the day each obligation can arise (not before its trigger's
events, dates and clauses), obligations fulfilled only once they have arisen. Each
*requirement* is one more difference constraint a clause needs to make sense (a deadline on or
after the day the obligation arises, a notice before the term it concerns ends, a financing
before the maturity of the note it converts). The quantifier gives the severity:

* no schedule meets it: an error, with the chain of clauses that rules it out (the negative
  cycle, each link a located note) and a witness, the earliest schedule of the events;
* some schedules miss it, and the events deciding it have declared bounds: a warning naming
  the condition, with a witness from those schedules;
* otherwise nothing (an event nothing bounds can always be late; that alone is not a finding).

A contradiction among the facts themselves (an event expected after the long stop that it
must precede) is TL844: then no schedule exists at all.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

import attrs

from termlang import ast
from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.checks._logic import (
    Literal,
    required_events,
    required_states,
    satisfiable_from,
)
from termlang.checks._network import MAX_CASES, ORIGIN, Edge, Network, Why, as_date, day
from termlang.checks._time import iso, relative, source
from termlang.checks.witness import Witness, witnessed
from termlang.dates import DateEnv, bounds, duration_of, ends_at_event, static_env
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import (
    Agreement,
    AnyClause,
    Convertible,
    Exclusivity,
    Investment,
    Loan,
    Located,
    Model,
    Obligation,
    Termination,
    Tranche,
    Window,
)
from termlang.source import Span

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen

EMPTY_WINDOW = RuleInfo(
    "TL410",
    "empty-window",
    "a window ends before it starts",
    """\
A window `start .. end` holds the days from `start` to `end`, both included (`2026-01-01 ..
2026-01-01` is one day); an end that is an event's name (`.. agi_declared`) ends the window
on the event's day, which is not in force. A window whose end comes before its start holds
no day at all, so the clause can never be in force; usually the dates are swapped or a year
is wrong. The check also compares dates relative to one event (`signed + 1 month .. signed`
is empty whatever the date of `signed`).

    window  2030-12-31 .. 2025-09-11    # error: ends before it starts""",
    Severity.ERROR,
)


AFTER_LONG_STOP = RuleInfo(
    "TL412",
    "date-after-long-stop",
    "a deadline or tranche date falls after the long-stop date of a non-binding MOU",
    """\
A non-binding memorandum of understanding lapses at its long-stop date unless the
definitive agreements are signed, and then those agreements govern. A deadline, a tranche
date or a tranche deadline after the long stop therefore falls at a time the MOU no longer
exists: either the long stop is too early or the date belongs in the definitive agreement.
Clauses listed in `binding no except ...` survive the long stop and are not checked.

    agreement "..." { kind mou  binding no  long_stop 2026-12-31 ... }
    tranche second { amount USD 20B  on 2027-06-30 }    # error: after 2026-12-31""",
    Severity.ERROR,
)

DEADLINE_BEFORE_TRIGGER = RuleInfo(
    "TL413",
    "deadline-before-trigger",
    "an obligation's deadline falls before its trigger can happen",
    """\
An obligation with a `trigger` arises when the trigger holds; a `deadline` earlier than the
first day the trigger can hold can never be met, so the obligation is breached the moment it
arises. The check compares fixed dates (`trigger after 2027-01-01` with `deadline
2026-12-31`), dates relative to the triggering event (`trigger listing` with `deadline
listing - 30 days`), and chains of clauses: an election whose trigger is `fulfilled(notice)`
cannot arise before the notice can be given. When the events that decide it have declared
bounds (`expected between`, the long stop), a deadline missed only in some schedules is a
warning that names them.

    obligation lockup {
      trigger   ipo_completed
      deadline  ipo_completed - 1 month    # error: before the trigger
      ...
    }""",
    Severity.ERROR,
)

BEFORE_EFFECTIVE = RuleInfo(
    "TL840",
    "date-before-effective",
    "a deadline or a termination date falls before the agreement takes effect",
    """\
Nothing is due before an agreement binds. A fee or another obligation whose deadline, a
tranche whose deadline, or a termination dated before the effective date cannot happen as
written: usually a year is wrong, or the date was copied from a draft with another effective
date. Dates relative to events count when every date the events can take puts them before
(events happen on or after the effective date). Tranches paid, loans drawn and notes issued
before it are records of the past and are not reported.

    agreement "..." { effective 2026-01-01 ... }
    obligation signing_fee { must "pay the signing fee"  deadline 2025-12-15 }    # error""",
    Severity.ERROR,
)

NOTICE_AFTER_TERM = RuleInfo(
    "TL841",
    "notice-after-term",
    "a notice, or a termination, can only come after the term it concerns has ended",
    """\
A notice concerns a clause when a `termination` of that clause waits for it
(`when fulfilled(notice)`), when it terminates or suspends the clause `on_breach`, or when its
trigger needs the clause in force (`active(licence)`). If the notice cannot arise before the
clause's window ends, it can never have any effect: a renewal notice due after the term it
would renew, a termination dated after the clause has expired. An error in every schedule; a
warning when only some timings of events with declared bounds make it late.

    revenue_share licence_fee { window 2026-01-01 .. 2029-01-01 ... }
    obligation renewal_notice { trigger after 2029-06-30 ... }
    termination non_renewal { ends licence_fee  when fulfilled(renewal_notice) }    # error""",
    Severity.ERROR,
)

TRANCHE_AFTER_CONDITION = RuleInfo(
    "TL842",
    "tranche-deadline-after-condition",
    "a tranche's deadline falls after the last day its own condition can first be met",
    """\
A tranche is paid when its condition (`when`) holds, and lapses if it does not hold by its
`deadline`. When the condition carries its own date (`when clearance before 2026-06-30`), or
rests on an obligation that must be performed by a date, it can no longer become true after
that date: a later tranche deadline promises a time to meet the condition that the condition
itself rules out. Usually the two dates were meant to be the same.

    tranche second {
      when      clearance before 2026-06-30
      deadline  2026-12-31                  # error: the condition is decided by 2026-06-29
    }""",
    Severity.ERROR,
)

FINANCING_AFTER_MATURITY = RuleInfo(
    "TL843",
    "financing-after-maturity",
    "a note's qualified financing can only happen after the note has matured",
    """\
A convertible note converts at its qualified financing, unless it has matured first; then it
is repaid. If the financing event cannot happen before the maturity (its `expected between`
dates, or the clauses it waits for, put it later), the note can never convert: the
conversion terms are dead letter. An error when every timing of the financing is too late, a
warning naming the dates when only some are.

    event series_a "the Series A" { expected between 2027-06-01 and 2027-12-31 }
    convertible note { maturity 2027-01-01  qualified_financing series_a ... }    # error""",
    Severity.ERROR,
)

CONDITION_AFTER_DEADLINE = RuleInfo(
    "TL845",
    "tranche-condition-after-deadline",
    "a tranche's condition can only be met after the tranche's deadline",
    """\
A tranche is paid when its condition holds, and lapses if the condition has not held by its
deadline. When the events the condition waits for come too late (their `expected between`
dates, or a chain of deadlines and triggers, put them after the deadline), the tranche can
never be paid. An error when every timing allowed is too late; a warning naming the date when
only late timings are. (A condition with fixed dates only, `after 2027-01-01`, is TL481.)

    event milestone "the milestone" { expected between 2027-03-05 and 2027-06-30 }
    tranche milestone { when milestone  deadline 2027-03-02 ... }    # error""",
    Severity.ERROR,
)

NO_SCHEDULE = RuleInfo(
    "TL844",
    "no-possible-schedule",
    "the dates the agreement states admit no schedule at all",
    """\
The effective date, the long stop and the bounds declared on events (`expected between A
and B`) must allow at least one timing of the events. When they do not (an event expected
before the effective date, the signing expected after the long stop it must come by), every
conclusion drawn from them is void. The message gives the chain of lines that contradict
each other.

    agreement "..." { effective 2026-01-01  long_stop 2026-06-30  signing signed ... }
    event signed "signing" { expected between 2026-09-01 and 2026-10-31 }    # error""",
    Severity.ERROR,
)

RULES = (
    EMPTY_WINDOW,
    AFTER_LONG_STOP,
    DEADLINE_BEFORE_TRIGGER,
    BEFORE_EFFECTIVE,
    NOTICE_AFTER_TERM,
    TRANCHE_AFTER_CONDITION,
    FINANCING_AFTER_MATURITY,
    NO_SCHEDULE,
    CONDITION_AFTER_DEADLINE,
)


@frozen
class At:
    """A date as the network sees it: `point + k` days for some `k` in `[lo, hi]`."""

    point: str
    lo: int
    hi: int


@frozen
class Verdict:
    """Whether a requirement `left <= right + slack` holds in every, some or no schedule."""

    always_broken: bool
    sometimes_broken: bool
    chain: tuple[Why, ...]  # why it is broken (always) or can be (some)
    witness: dict[str, int] | None  # a schedule where it is broken


class Timeline:
    """The network of one agreement, built once per check run."""

    def __init__(self, model: Model, agreement: Agreement) -> None:
        self.model = model
        self.agreement = agreement
        self.env: DateEnv = static_env(model)
        self.net = Network()
        self.effective = day(agreement.effective)
        # events with a declared latest date: only for the others is "never" the same as "later
        # than anything", so only they may bound an `earliest` from above
        self.bounded: set[str] = {e.name for e in model.events.values() if e.expected is not None}
        if agreement.signing is not None and agreement.long_stop is not None:
            self.bounded.add(agreement.signing)
        self._aux = 0
        self._calls: dict[int, At] = {}
        # the disjunctive half of each `earliest`/`latest`: it equals one of its arguments
        self.cases: dict[str, list[tuple[Edge, ...]]] = {}
        self._facts()

    # -- dates to points

    def at(self, expr: ast.Expr | None) -> At | None:
        if expr is None:
            return None
        lo, hi = bounds(expr, self.env)
        if lo is not None and lo == hi:
            return At(ORIGIN, day(lo), day(lo))
        rel = relative(expr)
        if rel is not None and rel.anchor in self.model.events:
            return At(self.net.point(rel.anchor), rel.lo, rel.hi)
        if isinstance(expr, ast.Call) and expr.func in ("earliest", "latest"):
            key = id(expr)
            if key in self._calls:
                return self._calls[key]
            self._aux += 1
            point = self.net.point(f"@{expr.func}#{self._aux}")
            why = Why(expr.span, f"{source(expr)}")
            if lo is not None:
                self.net.not_before(point, day(lo), why)
            if hi is not None:
                self.net.not_after(point, day(hi), why)
            alternatives: list[tuple[Edge, ...]] = []
            for arg in expr.args:
                part = self.at(arg)
                if part is None:
                    alternatives = []  # an argument the network cannot place: no case split
                    break
                case = Why(expr.span, f"in the case {source(expr)} is {source(arg)}")
                if expr.func == "latest":
                    # latest(...) >= every argument (when they all come); = one of them
                    hard = Why(expr.span, f"{source(expr)} is on or after {source(arg)}")
                    self.net.add(part.point, point, -part.lo, hard)
                    alternatives.append((Edge(part.point, point, part.hi, case),))
                else:
                    # earliest(...) <= every date (events may never come); = one of them
                    if part.point == ORIGIN or part.point not in self.bounded:
                        hard = Why(expr.span, f"{source(expr)} is on or before {source(arg)}")
                        self.net.add(point, part.point, part.hi, hard)
                    alternatives.append((Edge(point, part.point, -part.lo, case),))
            if alternatives:
                self.cases[point] = alternatives
            found = At(point, 0, 0)
            self._calls[key] = found
            return found
        if isinstance(expr, ast.Offset):
            base, duration = self.at(expr.base), duration_of(expr.amount)
            if base is None or duration is None:
                return None
            lo_days, hi_days = duration.min_days(), duration.max_days()
            if expr.sign < 0:
                lo_days, hi_days = -hi_days, -lo_days
            return At(base.point, base.lo + lo_days, base.hi + hi_days)
        return None

    # -- facts

    def _facts(self) -> None:
        net, agreement = self.net, self.agreement
        eff = Why(
            agreement.where("effective"),
            f"the events the agreement names happen once it takes effect, on "
            f"{iso(agreement.effective)} or later",
        )
        for event in self.model.events.values():
            net.point(event.name)
            net.not_before(event.name, self.effective, eff)
            if event.expected is not None:
                why = Why(
                    event.where("expected"),
                    f"`{event.name}` is expected between {source(event.expected[0])} and "
                    f"{source(event.expected[1])}",
                )
                first, last = self.at(event.expected[0]), self.at(event.expected[1])
                if first is not None:
                    net.add(first.point, event.name, -first.lo, why)  # first <= event
                if last is not None:
                    net.add(event.name, last.point, last.hi, why)  # event <= last
                    self.bounded.add(event.name)
        signing, stop = agreement.signing, self.at(agreement.long_stop)
        if signing is not None and signing in self.model.events and stop is not None:
            why = Why(
                agreement.where("long_stop"),
                f"`{signing}` comes by the long stop {source(agreement.long_stop)}, or the "
                "memorandum lapses",
            )
            net.add(signing, stop.point, stop.hi, why)
            self.bounded.add(signing)
        for clause in self.model.clauses.values():
            if isinstance(clause, Obligation):
                self._obligation(clause)
            elif isinstance(clause, Investment):
                for t in clause.tranches:
                    self._tranche(clause, t)

    def _branches(self, o: Obligation, point: str) -> None:
        """`trigger a or b`: the obligation arises when the first branch holds, so in each
        case it waits for the events (and dates) of one branch: a case split."""
        from termlang.checks._logic import branches, facts

        assert o.trigger is not None
        dnf = branches(o.trigger)
        if dnf is None or len(dnf) < 2:
            return
        alternatives: list[tuple[Edge, ...]] = []
        for branch in dnf:
            found = facts(branch, self.env)
            if not found.possible:
                continue
            why = Why(
                o.where("trigger"), f"in the case `{o.name}` arises by {_branch_text(branch)}"
            )
            edges = []
            if found.now.lo is not None:
                edges.append(Edge(point, ORIGIN, -day(found.now.lo), why))
            for lit in branch:
                atom = lit.atom
                name = None
                if lit.positive and isinstance(atom, ast.Ref):
                    name = atom.name
                elif (
                    lit.positive
                    and isinstance(atom, ast.TimeRel)
                    and isinstance(atom.left, ast.Ref)
                ):
                    name = atom.left.name
                if name is not None and name in self.model.events:
                    edges.append(Edge(point, name, 0, why))
            if not edges:
                return  # a branch that may hold from the start: nothing to split
            alternatives.append(tuple(edges))
        if alternatives:
            self.cases[point] = alternatives

    def _after(self, o: Obligation, point: str) -> None:
        """`trigger after X` (X relative to an event): the obligation arises after X. Only a
        trigger of one branch: each `or` would be a case split of its own."""
        from termlang.checks._logic import branches

        assert o.trigger is not None
        dnf = branches(o.trigger)
        if dnf is None or len(dnf) != 1:
            return
        for lit in dnf[0]:
            atom = lit.atom
            if not (lit.positive and isinstance(atom, ast.TimeRel) and atom.left is None):
                continue
            if atom.op not in ("after", "on_or_after"):
                continue
            when = self.at(atom.right)
            if when is None or when.point == ORIGIN:
                continue  # fixed dates: `satisfiable_from` gives them
            gap = 1 if atom.op == "after" else 0
            why = Why(o.where("trigger"), f"`{o.name}` arises when {source(o.trigger)} holds")
            self.net.add(when.point, point, -(when.lo + gap), why)

    def _tranche(self, clause: Investment, t: Tranche) -> None:
        """The day a tranche's condition first holds: not before the events it waits for."""
        if t.when is None:
            return
        name = f"{clause.name}.{t.name}"
        point = self.net.point(f"when:{name}")
        self.net.not_before(point, self.effective, Why(t.span, f"`{name}` binds from the start"))
        for event in sorted(required_events(t.when)):
            if event in self.model.events:
                text = f"tranche `{name}` waits for {source(t.when)}, so for `{event}`"
                self.net.add(event, point, 0, Why(t.where("when"), text))

    def arises(self, o: Obligation) -> str:
        return f"arise:{o.name}"

    def _obligation(self, o: Obligation) -> None:
        net = self.net
        point = net.point(self.arises(o))
        net.not_before(
            point, self.effective, Why(o.span, f"`{o.name}` binds from the effective date")
        )
        if o.window is not None:
            start = self.at(o.window.start)
            if start is not None:
                why = Why(
                    o.where("window"), f"`{o.name}` is in force from {source(o.window.start)}"
                )
                net.add(start.point, point, -start.lo, why)
        if o.trigger is not None:
            text = source(o.trigger)
            first = satisfiable_from(o.trigger, self.env)
            if first is not None:
                why = Why(
                    o.where("trigger"),
                    f"`{o.name}` arises when {text} holds: {iso(first)} at the earliest",
                )
                net.not_before(point, day(first), why)
            self._after(o, point)
            self._branches(o, point)
            for event in sorted(required_events(o.trigger)):
                if event in self.model.events:
                    why = Why(
                        o.where("trigger"),
                        f"`{o.name}` arises when {text} holds, not before `{event}`",
                    )
                    net.add(event, point, 0, why)
            for state, name in sorted(required_states(o.trigger)):
                other = self.model.clauses.get(name)
                if state == "fulfilled" and isinstance(other, Obligation):
                    done = other.fulfilled_by or f"done:{other.name}"
                    why = Why(
                        o.where("trigger"),
                        f"`{o.name}` arises when {text} holds, once `{name}` is fulfilled",
                    )
                    net.add(done, point, 0, why)
        if (
            o.trigger is not None
            and o.fulfilled_by is not None
            and o.fulfilled_by in self.model.events
        ):
            why = Why(
                o.where("fulfilled_by"),
                f"`{o.name}` is fulfilled by `{o.fulfilled_by}` once it has arisen",
            )
            net.add(point, o.fulfilled_by, 0, why)
        elif o.trigger is not None:
            why = Why(o.where("trigger"), f"`{o.name}` is fulfilled only once it has arisen")
            net.add(point, net.point(f"done:{o.name}"), 0, why)

    # -- requirements

    def judge(self, left: At, right: At, requirement: Why, *, strict: bool = False) -> Verdict:
        """Whether `left <= right` (`<` when strict) holds in every schedule, with the
        `earliest`/`latest` of either side split into its cases (at most `MAX_CASES`): the
        requirement is broken in every schedule when it is in every case."""
        relaxed = self._judge(left, right, requirement, strict=strict)
        split = [self.cases[p] for p in dict.fromkeys((left.point, right.point)) if p in self.cases]
        if relaxed.always_broken or not split:
            return relaxed
        combos = list(itertools.islice(itertools.product(*split), MAX_CASES + 1))
        if len(combos) > MAX_CASES:
            return relaxed
        base = self.net
        first: Verdict | None = None
        try:
            for choice in combos:
                combo = [edge for alternative in choice for edge in alternative]
                self.net = base.with_edges(combo)
                if self.net.contradiction() is not None:
                    continue  # this case cannot happen
                verdict = self._judge(left, right, requirement, strict=strict)
                if not verdict.always_broken:
                    return relaxed
                if first is None:
                    chain = (*(e.why for e in combo), *verdict.chain)
                    note = Why(None, f"each of the {len(combos)} cases fails; the first:")
                    first = Verdict(True, True, (note, *dict.fromkeys(chain)), verdict.witness)
        finally:
            self.net = base
        return first or relaxed

    def _judge(
        self, left: At, right: At, requirement: Why, *, strict: bool = False, depth: int = 3
    ) -> Verdict:
        """Whether `left <= right` (`<` when strict) holds in every schedule.

        A point with lower bounds only (the day an obligation arises is the latest of the
        events it waits for: a maximum, which difference constraints cannot state) is case-
        split for the "some schedules" question: it is late when any one of them is late."""
        # left = L + a, right = R + b: needs L - R <= b - a (+ -1 when strict)
        gap = -1 if strict else 0
        best = right.hi - left.lo + gap  # the most favourable reading
        worst = right.lo - left.hi + gap
        # min(L - R) = -span(L -> R); max(L - R) = span(R -> L)
        same = left.point == right.point
        c1 = 0 if same else self.net.span(left.point, right.point)
        # the "some schedules" question needs declared bounds: without them, no search
        bounded = self._bounded(left, right)
        c2 = 0 if same else self.net.span(right.point, left.point) if bounded else None
        if c1 is not None and -c1 > best:
            chain = [] if same else self.net.proof(left.point, right.point)
            schedule = self.net.earliest_schedule()
            return Verdict(True, True, (*chain, requirement), schedule)
        if c2 is not None and c2 > worst and bounded:
            # a schedule that breaks it: L - R >= worst + 1
            extra = Edge(left.point, right.point, -(worst + 1), requirement)
            schedule = self.net.earliest_schedule([extra])
            if schedule is not None:
                chain = [] if same else self.net.proof(right.point, left.point)
                return Verdict(False, True, (*chain, requirement), schedule)
        if c2 is None and depth > 0 and left.point != ORIGIN:
            for edge in self.net.out[left.point]:
                if edge.dst == ORIGIN or edge.weight > 0 or self.net.upper(edge.dst) is None:
                    continue
                # edge: v - point <= w, so point >= v - w: late whenever v is
                later = At(edge.dst, left.lo - edge.weight, left.hi - edge.weight)
                found = self._judge(later, right, requirement, strict=strict, depth=depth - 1)
                if found.sometimes_broken and not found.always_broken:
                    return Verdict(False, True, (edge.why, *found.chain), found.witness)
        return Verdict(False, False, (), None)

    def _bounded(self, left: At, right: At) -> bool:
        """Whether the events deciding a requirement have declared latest dates."""
        names = {p for p in (left.point, right.point) if p != ORIGIN}
        return bool(names) and all(
            n in self.bounded or self.net.upper(n) is not None for n in names
        )

    def events_in(
        self, schedule: dict[str, int] | None, chain: tuple[Why, ...], *names: str
    ) -> list[tuple[str, date | None]]:
        """The events a witness shows: those the chain or the requirement name."""
        if schedule is None:
            return []
        wanted = [n for n in names if n in self.model.events]
        for why in chain:
            for event in self.model.events:
                if f"`{event}`" in why.text and event not in wanted:
                    wanted.append(event)
        return [(n, as_date(schedule[n])) for n in wanted if n in schedule]


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    agreement = model.agreement
    if agreement is None:
        return
    time = Timeline(model, agreement)
    cycle = time.net.contradiction()
    if cycle is not None:
        yield _no_schedule(cycle)
        return
    for clause in model.clauses.values():
        if clause.window is not None:
            yield from _empty_window(time, clause.window, clause, clause.name)
        if isinstance(clause, Exclusivity):
            for co in clause.carve_outs:
                if co.window is not None:
                    yield from _empty_window(time, co.window, co, f"{clause.name}.{co.name}")
        if isinstance(clause, Obligation):
            yield from _deadline_vs_trigger(time, clause)
        yield from _before_effective(time, clause)
        if isinstance(clause, Investment):
            yield from _tranches(time, clause)
        if isinstance(clause, Convertible):
            yield from _financing(time, clause)
        yield from _notices(time, clause)
    yield from _after_long_stop(time, agreement)


# ---------------------------------------------------------------------------- messages


def _notes(chain: tuple[Why, ...]) -> list[str]:
    out = []
    for why in chain:
        where = f"line {why.span.start_pos.line}: " if why.span is not None else ""
        out.append(f"{where}{why.text}")
    return out


def _labels(chain: tuple[Why, ...], primary: Span | None) -> list[tuple[Span | None, str]]:
    out: list[tuple[Span | None, str]] = []
    seen: set[tuple[str, int]] = set()
    for why in chain:
        if why.span is None or (primary is not None and why.span.same_location(primary)):
            continue
        key = (why.span.source.path, why.span.start)
        if key in seen:
            continue
        seen.add(key)
        out.append((why.span, why.text))
    return out


def _witness_text(events: list[tuple[str, date | None]]) -> str:
    return ", ".join(f"`{n}` on {iso(d)}" if d else f"`{n}` never" for n, d in events)


def _report(
    time: Timeline,
    rule: RuleInfo,
    verdict: Verdict,
    message: str,
    span: Span | None,
    *,
    help: str,
    label: str,
    names: tuple[str, ...] = (),
    condition: str = "",
    late: bool = True,
    extra_labels: list[tuple[Span | None, str]] | None = None,
    dates: tuple[int, ...] = (),
    financings: tuple[tuple[str, str, str], ...] = (),
) -> Diagnostic:
    events = time.events_in(verdict.witness, verdict.chain, *names)
    notes = ["why, link by link:", *_notes(verdict.chain)]
    if events:
        notes.append(f"for instance: {_witness_text(events)}")
    if verdict.always_broken:
        severity = Severity.ERROR
    else:
        severity = Severity.WARNING
        first = events[0][1] if len(events) == 1 else None
        if late and first is not None:
            # the witness is the earliest schedule that breaks it: for a requirement that a
            # late event breaks, its date there is where the trouble starts
            condition = f"if `{events[0][0]}` happens on or after {iso(first)}"
        message = f"{message}, {condition or 'in some schedules'}"
        if events and not condition.startswith("if `"):
            message = f"{message} (e.g. {_witness_text(events)})"
    labels = list(extra_labels or [])
    taken = [s for s, _ in labels if s is not None]
    for s, text in _labels(verdict.chain, span):
        if s is not None and not any(s.same_location(t) for t in taken):
            labels.append((s, text))
    diagnostic = finding(
        rule, message, span, labels=labels, help=help, notes=notes, severity=severity
    )
    witness = _witness(time, label, events, verdict.witness, dates)
    if financings:
        witness = attrs.evolve(witness, financings=financings)
    return witnessed(diagnostic, witness)


def _witness(
    time: Timeline,
    label: str,
    events: list[tuple[str, date | None]],
    schedule: dict[str, int] | None,
    dates: tuple[int, ...] = (),
) -> Witness:
    """The witness of a finding: its events, and a horizon a year past every date involved."""
    days = [time.effective, *dates, *(day(d) for _, d in events if d is not None)]
    if schedule is not None:
        days.extend(v for k, v in schedule.items() if k.startswith(("arise:", "done:")))
    last = as_date(max(days) + 366) or time.agreement.effective
    return Witness(label=label, events=tuple(events), horizon=last)


def _no_schedule(cycle: list[Edge]) -> Diagnostic:
    chain = tuple(e.why for e in cycle)
    # the line to fix is most likely a declared bound, not the header every link leans on
    spans = [w.span for w in chain if w.span is not None]
    declared = [w.span for w in chain if w.span is not None and "is expected between" in w.text]
    primary: Span | None = (declared or spans[-1:])[0] if (declared or spans) else None
    return finding(
        NO_SCHEDULE,
        "the dates of the agreement contradict each other: no timing of the events meets them all",
        primary,
        labels=_labels(chain, primary),
        help="correct one of the dates in the chain (the notes list it, link by link)",
        notes=["why, link by link:", *_notes(chain)],
    )


# ---------------------------------------------------------------------------- rules


def _empty_window(time: Timeline, window: Window, decl: Located, name: str) -> Iterator[Diagnostic]:
    """A window holds at least one day: its start is before its end."""
    if window.end is None:
        return
    start, end = time.at(window.start), time.at(window.end)
    if start is None or end is None:
        return
    span = decl.where("window")
    requirement = Why(
        span, f"the window of `{name}` is {source(window.start)} .. {source(window.end)}"
    )
    # both dates are in force, except an end given by an event's name (not on its day)
    verdict = time.judge(start, end, requirement, strict=ends_at_event(window.end))
    if not verdict.sometimes_broken:
        return
    help_ = "a window is `start .. end` with the end after the start; check the order"
    rs, re_ = relative(window.start), relative(window.end)
    if verdict.always_broken and rs is not None and re_ is not None and rs.anchor == re_.anchor:
        yield finding(
            EMPTY_WINDOW,
            f"the window of `{name}` ends ({source(window.end)}) before or when it starts "
            f"({source(window.start)}), whatever the date of `{rs.anchor}`",
            span,
            help=help_,
        )
        return
    if verdict.always_broken and start.point == ORIGIN and end.point == ORIGIN:
        what = "on the day" if start.lo == end.hi else "before"
        diagnostic = finding(
            EMPTY_WINDOW,
            f"the window of `{name}` ends on {_on(end.hi)}, {what} it starts on {_on(start.lo)}",
            span,
            help=f"{help_} and the years",
            notes=[
                "a window holds its start and its end date; an end given by an event is not "
                "in force on the event's day"
            ],
        )
        label = f"the window of {name} holds no day"
        yield witnessed(diagnostic, _witness(time, label, [], None, (start.lo, end.hi)))
        return
    yield _report(
        time,
        EMPTY_WINDOW,
        verdict,
        f"the window of `{name}` ends ({source(window.end)}) before or when it starts "
        f"({source(window.start)})",
        span,
        help=help_,
        label=f"the window of {name} holds no day",
        condition="depending on when the events fall in their declared ranges",
        late=start.point != ORIGIN and end.point == ORIGIN,
    )


def _deadline_vs_trigger(time: Timeline, o: Obligation) -> Iterator[Diagnostic]:
    if o.trigger is None or o.deadline is None:
        return
    deadline = time.at(o.deadline)
    if deadline is None:
        return
    arise = At(time.arises(o), 0, 0)
    requirement = Why(o.where("deadline"), f"the deadline of `{o.name}` is {source(o.deadline)}")
    verdict = time.judge(arise, deadline, requirement)
    if not verdict.sometimes_broken:
        return
    trigger = source(o.trigger)
    rel = relative(o.deadline)
    if verdict.always_broken and rel is not None and rel.anchor in required_events(o.trigger):
        message = (
            f"the deadline of `{o.name}` ({source(o.deadline)}) falls before its trigger "
            f"({trigger}) can hold, whatever the date of `{rel.anchor}`"
        )
    elif verdict.always_broken and deadline.point == ORIGIN:
        first = time.net.lower(arise.point)
        message = (
            f"the deadline of `{o.name}` is {_on(deadline.hi)}, but its trigger ({trigger}) can "
            f"hold on {_on(first)} at the earliest"
        )
    else:
        message = (
            f"the deadline of `{o.name}` ({source(o.deadline)}) falls before its trigger "
            f"({trigger}) can hold"
        )
    yield _report(
        time,
        DEADLINE_BEFORE_TRIGGER,
        verdict,
        message,
        o.where("deadline"),
        help="give a deadline after the trigger, or write it as `within` a duration of the trigger",
        label=f"the deadline of {o.name} passes before it arises",
        names=(rel.anchor,) if rel is not None else (),
        condition="when the events fall late in their declared ranges",
        extra_labels=[(o.where("trigger"), "the obligation arises when this holds")],
    )


def _dated_fields(
    clause: AnyClause, *, records: bool = True
) -> Iterator[tuple[Located, str, ast.Expr, str]]:
    """(declaration, field, date, what) for every date that something happens on; without
    `records`, only dates something is due by (a tranche paid, a loan drawn or a note issued
    before the effective date may be a record of the past, as in an amended agreement)."""
    if isinstance(clause, Obligation) and clause.deadline is not None:
        yield clause, "deadline", clause.deadline, f"the deadline of `{clause.name}`"
    if isinstance(clause, Investment):
        for t in clause.tranches:
            name = f"{clause.name}.{t.name}"
            if t.on is not None and records:
                yield t, "on", t.on, f"the date of tranche `{name}`"
            if t.deadline is not None:
                yield t, "deadline", t.deadline, f"the deadline of tranche `{name}`"
    if isinstance(clause, Convertible):
        if clause.issued is not None and records:
            yield clause, "issued", clause.issued, f"the issue date of `{clause.name}`"
        if clause.maturity is not None and records:
            yield clause, "maturity", clause.maturity, f"the maturity of `{clause.name}`"
    if isinstance(clause, Termination) and clause.on is not None:
        yield clause, "on", clause.on, f"the date of `{clause.name}`"
    if isinstance(clause, Loan) and records:  # a maturity before the draw is TL534
        if clause.drawn is not None:
            yield clause, "drawn", clause.drawn, f"the drawdown of `{clause.name}`"
        if clause.maturity is not None:
            yield clause, "maturity", clause.maturity, f"the maturity of `{clause.name}`"


def _before_effective(time: Timeline, clause: AnyClause) -> Iterator[Diagnostic]:
    effective = At(ORIGIN, time.effective, time.effective)
    for decl, field_, expr, what in _dated_fields(clause, records=False):
        when = time.at(expr)
        if when is None:
            continue
        requirement = Why(decl.where(field_), f"{what} is {source(expr)}")
        verdict = time.judge(effective, when, requirement)
        if not verdict.always_broken:
            continue  # events can always be late enough: only the certain case is a finding
        hi = time.net.upper(when.point)
        value = as_date(hi + when.hi) if hi is not None else None
        shown = iso(value) if value else source(expr)
        yield _report(
            time,
            BEFORE_EFFECTIVE,
            verdict,
            f"{what} is {shown}, before the agreement takes effect on "
            f"{iso(time.agreement.effective)}",
            decl.where(field_),
            help="check the year; a date before the effective date cannot be met under this "
            "agreement",
            label=f"{what} falls before the effective date",
            extra_labels=[(time.agreement.where("effective"), "the agreement takes effect here")],
        )


def _condition_in_time(time: Timeline, clause: Investment, t: Tranche) -> Iterator[Diagnostic]:
    """The tranche's condition can first hold by the tranche's deadline."""
    if t.when is None or t.deadline is None:
        return
    deadline = time.at(t.deadline)
    first = satisfiable_from(t.when, time.env)
    deadline_hi = bounds(t.deadline, time.env)[1]
    if deadline is None or (first is not None and deadline_hi is not None and first > deadline_hi):
        return  # fixed dates alone: TL481 says it
    name = f"{clause.name}.{t.name}"
    point = f"when:{name}"
    text = source(t.when)
    requirement = Why(t.where("deadline"), f"tranche `{name}` lapses after {source(t.deadline)}")
    verdict = time.judge(At(point, 0, 0), deadline, requirement)
    if not verdict.sometimes_broken:
        return
    names = tuple(sorted(required_events(t.when)))
    yield _report(
        time,
        CONDITION_AFTER_DEADLINE,
        verdict,
        f"the condition of tranche `{name}` ({text}) can only be met after its deadline "
        f"{source(t.deadline)}"
        if verdict.always_broken
        else f"the condition of tranche `{name}` ({text}) can be met after its deadline "
        f"{source(t.deadline)}",
        t.where("deadline"),
        help="move the deadline after the dates the condition's events are expected, or "
        "correct those dates",
        label=f"tranche {name} lapses before its condition can be met",
        names=names,
        condition="if " + " and ".join(f"`{n}` happens after {source(t.deadline)}" for n in names)
        if names
        else "",
        extra_labels=[(t.where("when"), "the tranche waits for this")],
    )


def _tranches(time: Timeline, clause: Investment) -> Iterator[Diagnostic]:
    for t in clause.tranches:
        yield from _condition_in_time(time, clause, t)
        if t.when is None or t.deadline is None:
            continue
        last = _decided_by(time, t.when)
        deadline = time.at(t.deadline)
        if last is None or deadline is None:
            continue
        decided, why = last
        requirement = Why(t.where("deadline"), f"the tranche lapses at {source(t.deadline)}")
        verdict = time.judge(deadline, At(ORIGIN, decided, decided), requirement)
        if not verdict.always_broken:
            continue
        verdict = Verdict(True, True, (why, requirement), verdict.witness)
        name = f"{clause.name}.{t.name}"
        yield _report(
            time,
            TRANCHE_AFTER_CONDITION,
            verdict,
            f"the deadline of tranche `{name}` is {source(t.deadline)}, but its condition "
            f"({source(t.when)}) is decided on {_on(decided)}: it cannot first be met later",
            t.where("deadline"),
            help="make the deadline the date by which the condition must be met, or relax the "
            "condition's date",
            label=f"tranche {name} waits past the date its condition is decided",
        )


def _decided_by(time: Timeline, condition: ast.Expr) -> tuple[int, Why] | None:
    """The last day `condition` can first become true, when every way of meeting it carries a
    date (`e before D`, `fulfilled(o)` of an obligation with a fixed deadline)."""
    from termlang.checks._logic import branches

    dnf = branches(condition)
    if not dnf:
        return None
    lasts: list[int] = []
    reasons: list[Why] = []
    for branch in dnf:
        latest: int | None = None
        for lit in branch:
            atom = lit.atom
            if not lit.positive:
                continue
            if (
                isinstance(atom, ast.TimeRel)
                and atom.left is not None
                and atom.op in ("before", "on_or_before")
            ):
                hi = bounds(atom.right, time.env)[1]
                if hi is None:
                    continue
                # `e before D` is decided on D: a tranche deadline of D itself is the same date
                cut = day(hi)
                latest = cut if latest is None else min(latest, cut)
                reasons.append(Why(atom.span, f"{source(atom)} is decided on {_on(cut)}"))
            if (
                isinstance(atom, ast.Call)
                and atom.func == "fulfilled"
                and len(atom.args) == 1
                and isinstance(atom.args[0], ast.Ref)
            ):
                # an obligation is fulfilled by its deadline, or it is breached
                duty = time.model.clauses.get(atom.args[0].name)
                if isinstance(duty, Obligation) and duty.deadline is not None:
                    hi = bounds(duty.deadline, time.env)[1]
                    if hi is not None:
                        latest = day(hi) if latest is None else min(latest, day(hi))
                        reasons.append(
                            Why(
                                duty.where("deadline"),
                                f"`{duty.name}` must be fulfilled by {source(duty.deadline)}",
                            )
                        )
        if latest is None:
            return None
        lasts.append(latest)
    return max(lasts), reasons[0]


def _financing(time: Timeline, note: Convertible) -> Iterator[Diagnostic]:
    if note.instrument != "note" or note.maturity is None or note.qualified_financing is None:
        return
    if note.qualified_financing not in time.model.events:
        return
    maturity = time.at(note.maturity)
    if maturity is None:
        return
    financing = At(note.qualified_financing, 0, 0)
    requirement = Why(note.where("maturity"), f"`{note.name}` matures at {source(note.maturity)}")
    verdict = time.judge(financing, maturity, requirement, strict=True)
    if not verdict.sometimes_broken:
        return
    yield _report(
        time,
        FINANCING_AFTER_MATURITY,
        verdict,
        f"`{note.name}` converts at `{note.qualified_financing}`, which cannot happen before "
        f"the note matures at {source(note.maturity)}"
        if verdict.always_broken
        else f"`{note.name}` converts at `{note.qualified_financing}`, which can happen after "
        f"the note matures at {source(note.maturity)}",
        note.where("maturity"),
        help="move the maturity after the financing's expected dates, or correct those dates",
        label=f"{note.qualified_financing} comes after {note.name} has matured",
        names=(note.qualified_financing,),
        condition=f"if `{note.qualified_financing}` happens on or after the maturity",
        extra_labels=[(note.where("qualified_financing"), "the note converts at this event")],
        # a price, so the scenario is complete; any price shows the repayment at maturity
        financings=((note.qualified_financing, f"{note.amount.currency} 1", "10_000_000"),),
    )


def _notices(time: Timeline, clause: AnyClause) -> Iterator[Diagnostic]:
    if isinstance(clause, Obligation) and clause.trigger is not None:
        for state, name in sorted(required_states(clause.trigger)):
            other = time.model.clauses.get(name)
            if state in ("active", "started") and other is not None:
                yield from _before_end(time, clause, other)
        for consequence in clause.on_breach:
            for name in consequence.clauses:
                other = time.model.clauses.get(name)
                if other is not None and clause.trigger is not None:
                    yield from _before_end(time, clause, other)
    if isinstance(clause, Termination) and clause.when is not None:
        # `when fulfilled(notice)`: the notice concerns every clause the termination ends
        for state, name in sorted(required_states(clause.when)):
            notice = time.model.clauses.get(name)
            if state != "fulfilled" or not isinstance(notice, Obligation):
                continue
            for ended in clause.ends:
                target = time.model.clauses.get(ended)
                if target is not None:
                    yield from _before_end(time, notice, target, via=clause)
    if isinstance(clause, Termination) and clause.on is not None:
        for ended in clause.ends:
            target = time.model.clauses.get(ended)
            end = _end_of(time, target)
            on = time.at(clause.on)
            if end is None or on is None or target is None:
                continue
            requirement = Why(
                clause.where("on"), f"`{clause.name}` ends `{ended}` on {source(clause.on)}"
            )
            strict = target.window is not None and ends_at_event(target.window.end)
            verdict = time.judge(on, end[0], requirement, strict=strict)
            if verdict.always_broken:
                yield _report(
                    time,
                    NOTICE_AFTER_TERM,
                    Verdict(True, True, (end[1], requirement), verdict.witness),
                    f"`{clause.name}` ends `{ended}` on {source(clause.on)}, when its window "
                    f"has already closed at {_end_text(target)}",
                    clause.where("on"),
                    help="date the termination inside the clause's window, or drop it",
                    label=f"{clause.name} comes after {ended} has ended",
                )


def _branch_text(branch: tuple[Literal, ...]) -> str:
    parts = []
    for lit in branch:
        text = source(lit.atom).strip("`")
        parts.append(text if lit.positive else f"not {text}")
    return "`" + " and ".join(parts) + "`"


def _on(n: int | None) -> str:
    found = as_date(n) if n is not None else None
    return iso(found) if found is not None else "?"


def _end_text(clause: AnyClause) -> str:
    return source(clause.window.end if clause.window is not None else None)


def _end_of(time: Timeline, clause: AnyClause | None) -> tuple[At, Why] | None:
    if clause is None or clause.window is None or clause.window.end is None:
        return None
    end = time.at(clause.window.end)
    if end is None:
        return None
    return end, Why(
        clause.where("window"), f"`{clause.name}` is in force until {source(clause.window.end)}"
    )


def _before_end(
    time: Timeline, notice: Obligation, target: AnyClause, via: Termination | None = None
) -> Iterator[Diagnostic]:
    end = _end_of(time, target)
    if end is None:
        return
    arise = At(time.arises(notice), 0, 0)
    when, why_end = end
    strict = target.window is not None and ends_at_event(target.window.end)
    verdict = time.judge(arise, when, why_end, strict=strict)
    if not verdict.sometimes_broken:
        return
    first = time.net.lower(arise.point)
    shown = _on(first)
    yield _report(
        time,
        NOTICE_AFTER_TERM,
        verdict,
        f"`{notice.name}` can be given from {shown} at the earliest, but the term of "
        f"`{target.name}` it concerns ends at {_end_text(target)}",
        notice.where("trigger") if notice.trigger is not None else notice.span,
        help=f"let the notice arise while `{target.name}` is in force, or correct the term",
        label=f"{notice.name} comes after the term of {target.name}",
        condition="when the events fall late in their declared ranges",
        extra_labels=[(via.where("when"), "the termination waits for the notice")] if via else None,
    )


def _after_long_stop(time: Timeline, agreement: Agreement) -> Iterator[Diagnostic]:
    if agreement.kind != "mou" or agreement.binding or agreement.long_stop is None:
        return
    stop = time.at(agreement.long_stop)
    if stop is None:
        return
    stop_hi = bounds(agreement.long_stop, time.env)[1]
    surviving = set(agreement.binding_clauses)
    stop_span = agreement.where("long_stop")
    for clause in time.model.clauses.values():
        if clause.name in surviving or not isinstance(clause, Obligation | Investment):
            continue
        for decl, field_, expr, what in _dated_fields(clause):
            when = time.at(expr)
            if when is None:
                continue
            requirement = Why(stop_span, f"the memorandum lapses at {source(agreement.long_stop)}")
            verdict = time.judge(when, stop, requirement)
            if not verdict.always_broken:
                continue
            lo = time.net.lower(when.point)
            first = as_date(lo + when.lo) if lo is not None else None
            shown = (
                iso(first)
                if isinstance(expr, ast.DateLit) and first
                else f"{source(expr)} ({iso(first) if first else '?'} at the earliest)"
            )
            stop_text = iso(stop_hi) if stop_hi else source(agreement.long_stop)
            diagnostic = finding(
                AFTER_LONG_STOP,
                f"{what} is {shown}, after the long-stop date {stop_text} of this non-binding "
                "memorandum",
                decl.where(field_),
                labels=[
                    (
                        stop_span,
                        "the memorandum lapses here unless the definitive agreements are signed",
                    )
                ],
                help="move the date before the long stop, move the long stop, or leave the date "
                "to the definitive agreement",
            )
            events = time.events_in(verdict.witness, verdict.chain)
            yield witnessed(
                diagnostic,
                Witness(label=f"{what} after the long stop", events=tuple(events))
                if events
                else None,
            )


# ---------------------------------------------------------------------------- for other checks


def declared_latest(model: Model, event: str) -> tuple[date, str] | None:
    """The last day an event can happen if it happens at all, when the agreement says so: its
    `expected between A and B`, or the long stop for the signing event; with the reason."""
    env = static_env(model)
    found = model.events.get(event)
    options: list[tuple[date, str]] = []
    if found is not None and found.expected is not None:
        hi = bounds(found.expected[1], env)[1]
        if hi is not None:
            options.append((hi, f"`{event}` is expected by {iso(hi)}"))
    agreement = model.agreement
    if agreement is not None and agreement.signing == event and agreement.long_stop is not None:
        hi = bounds(agreement.long_stop, env)[1]
        if hi is not None:
            options.append((hi, f"`{event}` comes by the long stop {iso(hi)}, or nothing binds"))
    return min(options) if options else None


def latest_first_hold(model: Model, condition: ast.Expr | None) -> tuple[date, list[str]] | None:
    """The last day a `starts_when` can first hold, for every timing of the events it waits
    for that their declared bounds allow (given they happen); None when unknown."""
    from termlang.checks._logic import branches

    if condition is None:
        return None
    dnf = branches(condition)
    if not dnf:
        return None
    best: tuple[date, list[str]] | None = None
    for branch in dnf:
        if not branch or not all(lit.positive and isinstance(lit.atom, ast.Ref) for lit in branch):
            continue
        latest: date | None = None
        reasons: list[str] = []
        for lit in branch:
            assert isinstance(lit.atom, ast.Ref)
            bound = declared_latest(model, lit.atom.name)
            if bound is None:
                latest = None
                break
            latest = bound[0] if latest is None else max(latest, bound[0])
            reasons.append(bound[1])
        if latest is not None and (best is None or latest < best[0]):
            best = (latest, reasons)
    return best
