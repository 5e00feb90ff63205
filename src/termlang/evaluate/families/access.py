"""Priority access, splits and capacity: who may use an asset, in what shares, how much.

Access to an asset is the list of holders of every active `priority_access` on it, each from
the day it came to them (tiers and general availability after their delays); a `split` gives
the shares of its step in force; a `compute` clause the capacity of its step in force. Each
is recomputed when a clause on the asset starts, ends or steps, and recorded only when it
changes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from termlang import model
from termlang.evaluate import timeline as tl
from termlang.evaluate.core import Core, Family
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason, Why
from termlang.evaluate.status import Status
from termlang.values import Duration, Percent


def _shift(d: date, duration: Duration) -> date | None:
    try:
        return duration.add_to(d)[0]
    except OverflowError:
        return None


def _join(items: list[str]) -> str:
    return ", ".join(items) if items else "nobody"


class Access(Family):
    """The handler of `priority_access`, `split` and `compute` clauses."""

    def __init__(self, core: Core) -> None:
        super().__init__(core)
        self.since: dict[str, date] = {}  # priority clause -> day its access started
        self.access: dict[str, tuple[tuple[str, date], ...]] = {}
        self.split_now: dict[str, tuple[tuple[str, Percent], ...]] = {}
        self.capacity_now: dict[str, Any] = {}
        self.by_asset: dict[str, list[str]] = {}

    def setup(self, c: model.AnyClause, start: date | None) -> None:
        match c:
            case model.PriorityAccess():
                self.by_asset.setdefault(c.asset, []).append(c.name)
            case model.Split():
                self.by_asset.setdefault(c.asset, []).append(c.name)
                self.core.setup_steps(c, self.split_step)
            case model.Compute():
                self.core.setup_steps(c, self.capacity_step)

    def activate(self, c: model.AnyClause, t: date, reason: Why) -> None:
        name = c.name
        match c:
            case model.PriorityAccess():
                self.since[name] = t
                # with `each`, tiers and general availability run per occurrence
                for tier in c.tiers if c.each is None else ():
                    self.core.at(
                        _shift(t, tier.after),
                        Phase.DATED,
                        self.refresh_access,
                        c.asset,
                        Reason.of(
                            "tier_access",
                            grantee=tier.grantee,
                            after=tier.after,
                            first=c.grantee,
                            clause=name,
                        ),
                    )
                if c.lead_time is not None and c.each is None:
                    self.core.at(
                        _shift(t, c.lead_time),
                        Phase.DATED,
                        self.refresh_access,
                        c.asset,
                        Reason.of("lead_time", after=c.lead_time, first=c.grantee, clause=name),
                    )
                self.refresh_access(
                    t, c.asset, Reason.of("clause_starts", clause=name, cause=reason)
                )
            case model.Split():
                self.refresh_split(
                    t, c.asset, Reason.of("clause_starts", clause=name, cause=reason)
                )
            case model.Compute():
                self.refresh_capacity(
                    t, name, Reason.of("clause_starts", clause=name, cause=reason)
                )

    def stopped(
        self, c: model.AnyClause, t: date, old: Status | str, new: Status | str, reason: Why
    ) -> None:
        if old != Status.ACTIVE:
            return
        name = c.name
        match c:
            case model.PriorityAccess():
                self.since.pop(name, None)
                self.refresh_access(t, c.asset, Reason.of("clause_ends", clause=name, cause=reason))
            case model.Split():
                self.refresh_split(t, c.asset, Reason.of("clause_ends", clause=name, cause=reason))
            case model.Compute():
                self.refresh_capacity(t, name, Reason.of("clause_ends", clause=name, cause=reason))

    # ------------------------------------------------------------------ priority access

    def refresh_access(self, t: date, asset: str, reason: Why) -> None:
        holders: list[tuple[str, date]] = []
        for name in self.by_asset.get(asset, ()):
            c = self.core.m.clauses[name]
            if not isinstance(c, model.PriorityAccess) or self.core.status[name] != Status.ACTIVE:
                continue
            start = self.since[name]
            holders.append((c.grantee, start))
            for tier in c.tiers:
                d = _shift(start, tier.after)
                if d is not None and d <= t:
                    holders.append((tier.grantee, d))
            if c.lead_time is not None:
                d = _shift(start, c.lead_time)
                if d is not None and d <= t:
                    holders.append((tl.EVERYONE, d))
        new = tuple(sorted(holders, key=lambda h: h[1]))
        old = self.access.get(asset, ())
        if new == old:
            return
        self.access[asset] = new
        self.core.record(
            t,
            asset,
            tl.ACCESS,
            _join([h for h, _ in old]) if old else None,
            _join([h for h, _ in new]),
            reason,
            new,
        )

    # ------------------------------------------------------------------ splits, capacity

    def split_step(self, t: date, name: str, st: model.Step) -> None:
        c = self.core.m.clauses[name]
        assert isinstance(c, model.Split)
        if self.core.status[name] == Status.ACTIVE:
            self.refresh_split(t, c.asset, self.core.dated("split_changes", st.at, t, clause=name))

    def refresh_split(self, t: date, asset: str, reason: Why) -> None:
        shares: tuple[tuple[str, Percent], ...] = ()
        for name in self.by_asset.get(asset, ()):
            c = self.core.m.clauses[name]
            if not isinstance(c, model.Split) or self.core.status[name] != Status.ACTIVE:
                continue
            step = self.core.step_in_force(name, t)
            chosen = step.shares if step is not None and step.shares else c.shares
            shares = tuple((s.party, s.percent) for s in chosen)
        old = self.split_now.get(asset, ())
        if shares == old:
            return
        self.split_now[asset] = shares
        text = ", ".join(f"{p} {pct}" for p, pct in shares) or "none"
        old_text = ", ".join(f"{p} {pct}" for p, pct in old) if old else None
        self.core.record(t, asset, tl.SPLIT, old_text, text, reason, shares or None)

    def capacity_step(self, t: date, name: str, st: model.Step) -> None:
        if self.core.status[name] == Status.ACTIVE:
            self.refresh_capacity(t, name, self.core.dated("capacity_steps", st.at, t, clause=name))

    def refresh_capacity(self, t: date, name: str, reason: Why) -> None:
        c = self.core.m.clauses[name]
        assert isinstance(c, model.Compute)
        value = None
        if self.core.status[name] == Status.ACTIVE:
            step = self.core.step_in_force(name, t)
            value = step.capacity if step is not None and step.capacity else c.capacity
        old = self.capacity_now.get(name)
        if value == old and (value is None or str(value) == str(old)):
            return
        self.capacity_now[name] = value
        self.core.record(
            t,
            name,
            tl.CAPACITY,
            str(old) if old is not None else None,
            str(value) if value is not None else "none",
            reason,
            value,
        )
