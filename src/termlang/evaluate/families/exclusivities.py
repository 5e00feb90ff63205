"""Exclusivity and its carve-outs: each carve-out follows its exclusivity, within its own
window and while its condition holds (docs/semantics.md, "Carve-outs")."""

from __future__ import annotations

from datetime import date

from termlang import model
from termlang.dates import window_end
from termlang.evaluate.core import Core, Family, Watcher
from termlang.evaluate.families.windows import window_ended
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Why
from termlang.evaluate.status import Status


class Exclusivities(Family):
    """The handler of `exclusivity` clauses."""

    def __init__(self, core: Core) -> None:
        super().__init__(core)
        self.carve_when: dict[str, Watcher] = {}
        self.carve_seen: set[str] = set()

    def setup(self, c: model.AnyClause, start: date | None) -> None:
        if isinstance(c, model.Exclusivity):
            for co in c.carve_outs:
                self.setup_carve_out(c, co)

    def activate(self, c: model.AnyClause, t: date, reason: Why) -> None:
        if isinstance(c, model.Exclusivity):
            self.refresh_carve_outs(t, c, reason)

    def stopped(
        self, c: model.AnyClause, t: date, old: Status | str, new: Status | str, reason: Why
    ) -> None:
        if isinstance(c, model.Exclusivity):
            self.refresh_carve_outs(t, c, reason)

    def setup_carve_out(self, c: model.Exclusivity, co: model.CarveOut) -> None:
        part = f"{c.name}.{co.name}"
        self.core.status[part] = self.core.initial[part] = Status.PENDING
        if co.window is not None:
            begins = self.core.date_of(co.window.start)
            if begins is not None:
                self.core.at(
                    begins,
                    Phase.DATED,
                    self.refresh_carve_outs,
                    c,
                    self.core.dated("carve_window_starts", co.window.start, begins, clause=part),
                )
            out = window_end(co.window.end, self.core.env)
            if out is not None:
                self.core.at(
                    out,
                    Phase.END,
                    self.refresh_carve_outs,
                    c,
                    window_ended(self.core, co.window.end, out, f"the window of `{part}`"),
                )
        if co.when is not None and self.core.effective is not None:
            self.carve_when[part] = self.core.watch(
                co.when,
                self.core.effective,
                None,
                lambda t, _value, why: self.refresh_carve_outs(t, c, why),
                track=True,
            )

    def refresh_carve_outs(self, t: date, c: model.Exclusivity, reason: Why) -> None:
        parent = self.core.status[c.name]
        for co in c.carve_outs:
            part = f"{c.name}.{co.name}"
            new = parent
            if parent == Status.ACTIVE:
                start = self.core.date_of(co.window.start) if co.window else None
                end = window_end(co.window.end, self.core.env) if co.window else None
                if co.window is not None and (start is None or t < start):
                    new = Status.PENDING
                elif end is not None and t >= end:
                    new = Status.EXPIRED
                elif part in self.carve_when and not self.carve_when[part].last:
                    new = Status.SUSPENDED if part in self.carve_seen else Status.PENDING
            elif parent == Status.FULFILLED:
                new = Status.EXPIRED
            if new == Status.ACTIVE:
                self.carve_seen.add(part)
            if new != self.core.status[part]:
                self.core.set_status(part, new, t, reason)
