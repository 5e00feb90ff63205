"""Survival: a clause that `survives` (for a duration, or without limit) stays in force when
it would otherwise expire, be terminated or lapse, until its survival period ends
(docs/semantics.md, "Survival"). The core asks `survives` before it ends a clause."""

from __future__ import annotations

from datetime import date, timedelta

from termlang.evaluate import timeline as tl
from termlang.evaluate.core import Core
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason, Why
from termlang.evaluate.status import CUT_SHORT, Status
from termlang.values import Duration

SURVIVABLE = CUT_SHORT | {Status.EXPIRED}  # what a survival clause outlives


class Survival:
    """Which clauses survive their end, and until when."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self.surviving: dict[str, date | None] = {}
        self.survival_over: set[str] = set()
        core.survives = self.survive

    def survive(self, name: str, t: date, new: str, reason: Why) -> bool:
        """Whether an active clause that would end now survives instead (and arrange its end)."""
        c = self.core.m.clauses[name]
        if (
            new not in SURVIVABLE
            or not c.survives
            or name in self.survival_over
            or self.core.status.get(name) != Status.ACTIVE
        ):
            return False
        if name in self.surviving:
            return True
        until: date | None = None  # the last day of the survival period, like a window's end
        if isinstance(c.survives, Duration):
            try:
                until = c.survives.add_to(t)[0] - timedelta(days=1)
            except OverflowError:
                until = None
            why = Reason.of(
                "survives",
                clause=name,
                status=new,
                cause=reason,
                until=until,
                **{"for": c.survives},
            )
        else:
            why = Reason.of("survives_without_limit", clause=name, status=new, cause=reason)
        self.surviving[name] = until
        self.core.record(
            t,
            name,
            tl.SURVIVES,
            None,
            until.isoformat() if until else "indefinitely",
            why,
            until,
        )
        if until is not None:
            self.core.at(until + timedelta(days=1), Phase.END, self.survival_ends, name, new, until)
        return True

    def survival_ends(self, t: date, name: str, new: str, until: date) -> None:
        self.survival_over.add(name)
        c = self.core.m.clauses[name]
        self.core.end_clause(
            name, t, new, Reason.of("survival_ended", on=until, **{"for": c.survives})
        )
