"""Every clause's window and activation, and the agreement's own status (docs/semantics.md,
"Lifecycle").

A clause is pending until its window opens (the agreement's effective date without one),
then active once its `starts_when` condition (or an obligation's trigger) holds; it expires
when its window closes, lapses if its condition never held by then, and is terminated when
its `ends_when` holds. The agreement is pending, active from its effective date, signed when
its signing event happens, and lapses at the long-stop date if unsigned (with every clause
that does not bind).
"""

from __future__ import annotations

from datetime import date, timedelta

from termlang import ast, model
from termlang.calendar import next_day
from termlang.dates import ends_at_event, window_end
from termlang.evaluate import timeline as tl
from termlang.evaluate.core import Core
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason, Why
from termlang.evaluate.status import Status

ONE_DAY = timedelta(days=1)


def window_ended(
    core: Core, end_expr: ast.Expr | None, t: date, whose: str = "its window"
) -> Reason:
    """Why a window is out of force from `t`: its last day passed, or its event happened.
    `whose` is `its window` or the window of a carve-out (`the window of `x.y``)."""
    part = None if whose == "its window" else whose.split("`")[1]
    if ends_at_event(end_expr):
        if part is None:
            return core.dated("window_ended_at", end_expr, t)
        return core.dated("carve_window_ended_at", end_expr, t, clause=part)
    if part is None:
        return core.dated("window_last_day", end_expr, t - ONE_DAY)
    return core.dated("carve_window_last_day", end_expr, t - ONE_DAY, clause=part)


class Windows:
    """When each clause opens, comes into force and closes."""

    def __init__(self, core: Core) -> None:
        self.core = core

    def setup(self, c: model.AnyClause) -> date | None:
        """Schedule `c`'s window and `ends_when`; return the day its window opens."""
        core = self.core
        name = c.name
        core.status[name] = core.initial[name] = Status.PENDING
        if c.window is not None:
            start = core.date_of(c.window.start)
            end = window_end(c.window.end, core.env)
        else:
            start, end = core.effective, None
        core.windows[name] = (start, end)
        if start is not None:
            core.at(start, Phase.START, self.window_starts, name)
        if end is not None:
            core.at(end, Phase.END, self.window_ends, name)
        if c.ends_when is not None:
            since = (
                min(d for d in (core.effective, start) if d is not None)
                if (core.effective or start)
                else None
            )
            if since is not None:
                core.watch(
                    c.ends_when,
                    since,
                    None,
                    lambda t, why, n=name: core.end_clause(n, t, Status.TERMINATED, why),
                )
        return start

    def window_starts(self, t: date, name: str) -> None:
        core = self.core
        if core.status[name] != Status.PENDING:
            return
        c = core.m.clauses[name]
        _, end = core.windows[name]
        if end is not None and t >= end:
            return
        start_expr = c.window.start if c.window else None
        reason = (
            core.dated("window_starts", start_expr, t)
            if start_expr is not None
            else Reason.of("effective", on=t)
        )
        cond = c.starts_when
        if isinstance(c, model.Obligation) and c.trigger is not None:
            cond = c.trigger if cond is None else ast.And(left=cond, right=c.trigger)
        if cond is None:
            core.activate(name, t, reason)
            return
        until = end - ONE_DAY if end is not None else None
        core.watch(cond, t, until, lambda t2, why: core.activate(name, t2, why))

    def window_ends(self, t: date, name: str) -> None:
        core = self.core
        status = core.status[name]
        if core.ended(name):
            return
        c = core.m.clauses[name]
        end_expr = c.window.end if c.window else None
        ended = window_ended(core, end_expr, t)
        if status == Status.PENDING and (
            c.starts_when is not None or getattr(c, "trigger", None) is not None
        ):
            cond = c.starts_when or getattr(c, "trigger", None)
            core.end_clause(
                name,
                t,
                Status.LAPSED,
                Reason.of("before_cond", cause=ended, cond=cond),
            )
            return
        core.end_clause(name, t, Status.EXPIRED, ended)


class Agreement:
    """The agreement's own status, and what its ending does to the clauses."""

    def __init__(self, core: Core) -> None:
        self.core = core

    def setup(self) -> None:
        core = self.core
        a = core.agreement
        core.status[tl.AGREEMENT] = Status.PENDING
        if a is None:
            return
        core.at(a.effective, Phase.AGREEMENT, self.starts)
        long_stop = core.date_of(a.long_stop)
        signed = core.env.events.get(a.signing) if a.signing else None
        if signed is not None and (long_stop is None or signed <= long_stop):
            core.at(max(signed, a.effective), Phase.AGREEMENT, self.signed, signed)
        if long_stop is not None and a.signing and not a.binding:
            core.at(next_day(long_stop), Phase.END, self.long_stop_passed, long_stop)

    def starts(self, t: date) -> None:
        if self.core.status[tl.AGREEMENT] == Status.PENDING:
            self.core.set_status(tl.AGREEMENT, Status.ACTIVE, t, Reason.of("effective", on=t))

    def signed(self, t: date, signed: date) -> None:
        core = self.core
        if core.status[tl.AGREEMENT] in (Status.PENDING, Status.ACTIVE):
            assert core.agreement is not None
            core.set_status(
                tl.AGREEMENT,
                Status.SIGNED,
                t,
                Reason.of("happened", events=(core.agreement.signing,), on=signed),
            )

    def long_stop_passed(self, t: date, long_stop: date) -> None:
        core = self.core
        a = core.agreement
        assert a is not None
        if core.status[tl.AGREEMENT] not in (Status.PENDING, Status.ACTIVE):
            return
        reason = Reason.of("long_stop", on=long_stop, event=a.signing)
        core.set_status(tl.AGREEMENT, Status.LAPSED, t, reason)
        binding = set(a.binding_clauses)
        for name in core.m.clauses:
            if name not in binding and not core.m.clauses[name].recital:  # history stays
                core.end_clause(name, t, Status.LAPSED, reason)

    def terminate(self, t: date, reason: Why) -> None:
        core = self.core
        if core.status[tl.AGREEMENT] in (Status.TERMINATED, Status.LAPSED):
            return
        core.set_status(tl.AGREEMENT, Status.TERMINATED, t, reason)
        for name in core.m.clauses:
            if core.m.clauses[name].recital:
                continue  # a recital of past facts is history: nothing to end
            core.end_clause(
                name, t, Status.TERMINATED, Reason.of("agreement_terminated", cause=reason)
            )
