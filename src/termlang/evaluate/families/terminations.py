"""Terminations: a clause that ends others (or the agreement) on a date, when a condition
holds, at the end of a term that may renew, or on notice for convenience
(docs/semantics.md, "Termination"; the term's plan is evaluate/lifecycle.py's)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from termlang import model
from termlang.evaluate import timeline as tl
from termlang.evaluate.core import Core, Family
from termlang.evaluate.families.windows import Agreement
from termlang.evaluate.lifecycle import term_plan
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason, Why
from termlang.evaluate.status import Status
from termlang.values import Duration, DurationUnit

ONE_DAY = timedelta(days=1)


class Terminations(Family):
    """The handler of `termination` clauses."""

    def __init__(self, core: Core, agreement: Agreement) -> None:
        super().__init__(core)
        self.agreement = agreement
        # a term's end, which an option's exercise may extend (evaluate/options.py; set by the
        # engine): by default the term simply ends
        self.term_ends: Callable[[date, str, Why], None] = self.fire

    def activate(self, c: model.AnyClause, t: date, reason: Why) -> None:
        if isinstance(c, model.Termination):
            self.arm_termination(c, t)

    def arm_termination(self, c: model.Termination, t: date) -> None:
        if c.on is not None:
            on = self.core.date_of(c.on)
            if on is not None:
                self.core.at(
                    max(on, t),
                    Phase.DATED,
                    self.fire,
                    c.name,
                    self.core.dated("date_reached", c.on, on),
                )
        if c.when is not None:
            _, end = self.core.windows[c.name]
            until = end - ONE_DAY if end is not None else None
            self.core.watch(c.when, t, until, lambda t2, why: self.fire(t2, c.name, why))
        if c.term is not None or c.convenience is not None:
            self.arm_term(c, t)

    def arm_term(self, c: model.Termination, t: date) -> None:
        """A term that renews, and termination for convenience (evaluate/lifecycle.py)."""
        events = self.core.env.events
        plan = term_plan(
            t,
            c.term or Duration(10_000, DurationUnit.YEAR),
            c.renews,
            c.renewals,
            c.notice,
            events.get(c.notice_by) if c.notice_by else None,
            c.convenience,
            events.get(c.convenience_by) if c.convenience_by else None,
            min(self.core.end, date(9000, 1, 1)),
        )
        for step in plan.terms if c.term is not None else ():
            if step.number:
                why = Reason.of("renewed", until=step.last, **{"for": c.renews})
                self.core.at(
                    step.start, Phase.DATED, self.term_change, c.name, tl.RENEWAL, step.last, why
                )
            if step.notice_by is not None:
                why = Reason.of("notice_by", by=step.notice_by, notice=c.notice, last=step.last)
                self.core.at(
                    step.start,
                    Phase.DATED,
                    self.term_change,
                    c.name,
                    tl.NOTICE_BY,
                    step.notice_by,
                    why,
                )
        if plan.ends_on is not None and plan.why is not None:
            self.core.at(plan.ends_on, Phase.DATED, self.term_ends, c.name, plan.why)

    def term_change(self, t: date, name: str, aspect: str, value: date, reason: str) -> None:
        if self.core.status[name] == Status.ACTIVE:
            self.core.record(t, name, aspect, None, value.isoformat(), reason, value)

    def fire(self, t: date, name: str, reason: Why) -> None:
        if self.core.status[name] != Status.ACTIVE:
            return
        c = self.core.m.clauses[name]
        assert isinstance(c, model.Termination)
        self.core.set_status(name, Status.FULFILLED, t, reason)
        for target in c.ends:
            if target == tl.AGREEMENT:
                self.agreement.terminate(t, Reason.of("under", clause=name, cause=reason))
            else:
                self.core.end_clause(
                    target,
                    t,
                    Status.TERMINATED,
                    Reason.of("terminated_by", clause=name, cause=reason),
                )
