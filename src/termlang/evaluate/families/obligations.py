"""Obligations: due by a deadline (a date, or a delay after they start), fulfilled when their
event happens, breached when their breach event happens or the deadline passes unperformed;
a breach suspends or terminates the clauses it names (docs/semantics.md, "Obligations").
Obligations `each` occurrence of an event are evaluate/occurrences.py's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from termlang import model
from termlang.evaluate import timeline as tl
from termlang.evaluate.core import Core, Family
from termlang.evaluate.families.penalties import Penalties
from termlang.evaluate.lifecycle import deadline_passes, due_reason
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason, Why
from termlang.evaluate.status import Status


class Obligations(Family):
    """The handler of `obligation` clauses."""

    def __init__(self, core: Core, penalties: Penalties) -> None:
        super().__init__(core)
        self.penalties = penalties
        # what an option's exercise does (evaluate/options.py; set by the engine)
        self.exercised: Callable[[model.Obligation, date, Why], None] = lambda c, t, why: None

    def activate(self, c: model.AnyClause, t: date, reason: Why) -> None:
        if isinstance(c, model.Obligation):
            self.start_obligation(c, t)

    def start_obligation(self, c: model.Obligation, t: date) -> None:
        name = c.name
        if c.each is not None:
            return  # one obligation per occurrence (evaluate/occurrences.py)
        deadline = self.core.date_of(c.deadline)
        if deadline is None and c.within is not None:
            try:
                deadline = c.within.add_to(t, 1, self.core.m.holidays(c.calendar("within")))[0]
            except OverflowError:
                deadline = None
        if deadline is not None:
            self.core.record(
                t, name, tl.DUE, None, deadline.isoformat(), due_reason(c, deadline), deadline
            )
            if c.modality in ("must", "must_not", "may"):
                self.core.at(
                    max(deadline_passes(c.modality, deadline) or t, t),
                    Phase.END,
                    self.obligation_deadline,
                    name,
                    deadline,
                )
            self.penalties.late_obligation(c, deadline)
        if c.fulfilled_by is not None:
            happened = self.core.env.events.get(c.fulfilled_by)
            if happened is not None:
                self.core.at(max(happened, t), Phase.DATED, self.fulfil, name, happened)
        if c.breached_by is not None:
            happened = self.core.env.events.get(c.breached_by)
            if happened is not None and happened >= t:
                self.core.at(
                    happened,
                    Phase.DATED,
                    self.breach,
                    name,
                    Reason.of("happened", events=(c.breached_by,), on=happened),
                )

    def fulfil(self, t: date, name: str, happened: date) -> None:
        c = self.core.m.clauses[name]
        assert isinstance(c, model.Obligation)
        if self.core.status[name] == Status.ACTIVE:
            why = Reason.of("happened", events=(c.fulfilled_by,), on=happened)
            self.core.set_status(name, Status.FULFILLED, t, why)
            if c.modality == "may":
                self.exercised(c, t, why)  # evaluate/options.py

    def breach(self, t: date, name: str, reason: Why) -> None:
        c = self.core.m.clauses[name]
        assert isinstance(c, model.Obligation)
        if self.core.status[name] != Status.ACTIVE:
            return
        self.core.set_status(name, Status.BREACHED, t, reason)
        for cons in c.on_breach:
            for target in cons.clauses:
                why = Reason.of("breached_by", clause=name, cause=reason)
                if cons.action == "suspend":
                    self.core.suspend(target, t, why)
                else:
                    self.core.end_clause(target, t, Status.TERMINATED, why)

    def obligation_deadline(self, t: date, name: str, deadline: date) -> None:
        c = self.core.m.clauses[name]
        assert isinstance(c, model.Obligation)
        if self.core.status[name] != Status.ACTIVE:
            return
        if c.modality == "must" and c.fulfilled_by is not None:
            self.breach(t, name, Reason.of("deadline_missed", on=deadline, event=c.fulfilled_by))
        elif c.modality == "must":
            # No event records performance, so missing it cannot be observed: the obligation
            # is simply no longer due.
            self.core.set_status(
                name, Status.EXPIRED, t, Reason.of("deadline_unobserved", on=deadline)
            )
        elif c.modality == "may":
            self.core.set_status(
                name, Status.EXPIRED, t, Reason.of("deadline_unexercised", on=deadline)
            )
        else:
            self.core.set_status(name, Status.FULFILLED, t, Reason.of("applied_until", on=deadline))
