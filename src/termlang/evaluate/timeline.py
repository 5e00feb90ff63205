"""What the interpreter produces: a `Timeline` of `Change`s, and the `State` at any date.

A timeline is the ordered list of change points of an agreement under one scenario. Each
`Change` says what changed (`subject`, `aspect`, `old` -> `new`, as display text), when
(`on`: the change holds from the start of that day) and why (`reason`, plain English naming
the event, date or clause that caused it). `value` carries the typed new value (a `Money`, a
`Percent` table, a `Quantity`, ...) so that `Timeline.state_at` can fold the changes back into
a `State` without parsing text.

Everything here is frozen, hashable where it can be, and picklable: a timeline can be cached
or sent to another process.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from datetime import date
from typing import Any

from attrs import field, frozen

from termlang.values import Money, Percent, Quantity

# Aspects a change can be about, and the State field each one feeds.
STATUS = "status"  # clause, tranche, carve-out or "agreement"
ACCESS = "access"  # asset -> ((holder, since), ...)
SPLIT = "split"  # asset -> ((party, Percent), ...)
FUNDED = "funded"  # investor -> cumulative Money
INVESTED = "invested"  # investment -> cumulative Money
PAID = "paid"  # revenue share -> cumulative Money
CAP = "cap_reached"  # revenue share -> date
CAPACITY = "capacity"  # compute clause -> Quantity
DUE = "due"  # obligation -> deadline date

EVERYONE = "everyone"  # the holder that stands for general availability
AGREEMENT = "agreement"


def _frozen_map(value: Mapping[Any, Any] | None = None) -> Mapping[Any, Any]:
    # A plain dict, typed as a read-only Mapping: it pickles (a mappingproxy does not).
    return dict(value or {})


@frozen(kw_only=True)
class Change:
    """One change point: from the start of day `on`, `subject`'s `aspect` is `new`."""

    on: date
    subject: str
    aspect: str
    old: str | None
    new: str
    reason: str
    value: Any = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "subject": self.subject,
            "aspect": self.aspect,
            "old": self.old,
            "new": self.new,
            "reason": self.reason,
        }


@frozen(kw_only=True)
class Payment:
    """The amount due under a revenue share for one period (rounded once, half-even)."""

    clause: str
    period: str  # canonical period text: `2026-Q1`
    start: date
    end: date  # the day it is due: the first day after the period
    rate: str  # the rate(s) applied, as text (`20%`, or `20% then 10%`)
    revenue: Money  # covered revenue over the days the clause was active (exact)
    due: Money  # rounded, after the cap
    cumulative: Money
    capped: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "clause": self.clause,
            "period": self.period,
            "due_on": self.end.isoformat(),
            "rate": self.rate,
            "revenue": str(self.revenue.rounded()),
            "due": str(self.due),
            "cumulative": str(self.cumulative),
            "capped": self.capped,
        }


@frozen(kw_only=True)
class State:
    """Everything in force at the start of day `at`, under one scenario."""

    at: date
    scenario: str
    agreement: str  # pending | active | signed | lapsed | terminated
    statuses: Mapping[str, str]  # clause, tranche (`x.first`) or carve-out -> status
    priority: Mapping[str, tuple[tuple[str, date], ...]]  # asset -> holders, in order
    splits: Mapping[str, Mapping[str, Percent]]  # asset -> party -> share
    funded: Mapping[str, Money]  # investor -> cumulative funding
    invested: Mapping[str, Money]  # investment -> cumulative funding
    tranches: Mapping[str, str]  # `investment.tranche` -> pending | funded | lapsed
    paid: Mapping[str, Money]  # revenue share -> cumulative amount paid
    caps_reached: Mapping[str, date]  # revenue share -> the day its cap was reached
    compute: Mapping[str, Quantity]  # compute clause -> capacity allocated
    due: Mapping[str, date]  # obligation -> its deadline (last day to perform)

    def holder(self, asset: str) -> str | None:
        """Who holds priority access to `asset` now (the first in line), if anyone."""
        holders = self.priority.get(asset)
        return holders[0][0] if holders else None

    def obligations(self) -> dict[str, str]:
        """Obligation statuses (a view of `statuses` restricted to obligations with a due date
        or a final status), for summaries."""
        return {k: v for k, v in self.statuses.items() if k in self.due}

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "scenario": self.scenario,
            "agreement": self.agreement,
            "statuses": dict(self.statuses),
            "priority": {
                asset: [{"holder": h, "since": since.isoformat()} for h, since in holders]
                for asset, holders in self.priority.items()
            },
            "splits": {
                asset: {party: str(pct) for party, pct in shares.items()}
                for asset, shares in self.splits.items()
            },
            "funded": {k: str(v) for k, v in self.funded.items()},
            "invested": {k: str(v) for k, v in self.invested.items()},
            "tranches": dict(self.tranches),
            "paid": {k: str(v) for k, v in self.paid.items()},
            "caps_reached": {k: v.isoformat() for k, v in self.caps_reached.items()},
            "compute": {k: str(v) for k, v in self.compute.items()},
            "due": {k: v.isoformat() for k, v in self.due.items()},
        }


@frozen(kw_only=True)
class Timeline:
    """The change points of an agreement under a scenario, in order, up to `horizon`."""

    scenario: str
    horizon: date
    changes: tuple[Change, ...]
    payments: tuple[Payment, ...] = ()
    # Every subject with a status, and its status before the first change (usually pending).
    initial: tuple[tuple[str, str], ...] = ()
    tranche_names: frozenset[str] = frozenset()
    start: date | None = None  # changes before it are kept for `state_at`, not shown
    _dates: tuple[date, ...] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_dates", tuple(c.on for c in self.changes))

    def visible(self) -> tuple[Change, ...]:
        """The changes from `start` (if set) to the horizon: what a report shows."""
        return self.between(self.start, self.horizon)

    def between(self, start: date | None = None, end: date | None = None) -> tuple[Change, ...]:
        """The changes with `start <= on <= end` (either bound may be omitted)."""
        return tuple(
            c
            for c in self.changes
            if (start is None or c.on >= start) and (end is None or c.on <= end)
        )

    def state_at(self, at: date) -> State:
        """The state at the start of day `at`: every change on or before `at` applied."""
        statuses = dict(self.initial)
        agreement = statuses.pop(AGREEMENT, "pending")
        priority: dict[str, Any] = {}
        splits: dict[str, Any] = {}
        funded: dict[str, Money] = {}
        invested: dict[str, Money] = {}
        paid: dict[str, Money] = {}
        caps: dict[str, date] = {}
        compute: dict[str, Quantity] = {}
        due: dict[str, date] = {}
        for change in self.changes[: bisect_right(self._dates, at)]:
            aspect, subject, value = change.aspect, change.subject, change.value
            if aspect == STATUS:
                if subject == AGREEMENT:
                    agreement = change.new
                else:
                    statuses[subject] = change.new
            elif aspect == ACCESS:
                _put(priority, subject, value)
            elif aspect == SPLIT:
                _put(splits, subject, None if value is None else _frozen_map(dict(value)))
            elif aspect == FUNDED:
                funded[subject] = value
            elif aspect == INVESTED:
                invested[subject] = value
            elif aspect == PAID:
                paid[subject] = value
            elif aspect == CAP:
                caps[subject] = value
            elif aspect == CAPACITY:
                _put(compute, subject, value)
            elif aspect == DUE:
                _put(due, subject, value)
        tranches = {k: v for k, v in statuses.items() if k in self.tranche_names}
        return State(
            at=at,
            scenario=self.scenario,
            agreement=agreement,
            statuses=_frozen_map(statuses),
            priority=_frozen_map(priority),
            splits=_frozen_map(splits),
            funded=_frozen_map(funded),
            invested=_frozen_map(invested),
            tranches=_frozen_map(tranches),
            paid=_frozen_map(paid),
            caps_reached=_frozen_map(caps),
            compute=_frozen_map(compute),
            due=_frozen_map(due),
        )

    def last_change(self, subject: str, aspect: str, at: date) -> Change | None:
        """The latest change of `subject`'s `aspect` on or before `at` (for explanations)."""
        found = None
        for change in self.changes[: bisect_right(self._dates, at)]:
            if change.subject == subject and change.aspect == aspect:
                found = change
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "from": self.start.isoformat() if self.start else None,
            "horizon": self.horizon.isoformat(),
            "changes": [c.to_json() for c in self.visible()],
            "payments": [
                p.to_json()
                for p in self.payments
                if (self.start is None or p.end >= self.start) and p.end <= self.horizon
            ],
        }


def _put(table: dict[str, Any], key: str, value: Any) -> None:
    if value is None or value == ():
        table.pop(key, None)
    else:
        table[key] = value
