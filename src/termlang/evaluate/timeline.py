"""What the interpreter produces: a `Timeline` of `Change`s, and the `State` at any date.

A timeline is the ordered list of change points of an agreement under one scenario. Each
`Change` says what changed (`subject`, `aspect`, `old` -> `new`, as display text), when
(`on`: the change holds from the start of that day) and why (`reason`, a typed `Reason`
from evaluate/reasons.py naming the event, date or clause that caused it; `str(reason)` is
the plain text JSON shows). `value` carries the typed new value (a `Money`, a
`Percent` table, a `Quantity`, ...) so that `Timeline.state_at` can fold the changes back into
a `State` without parsing text.

Everything here is frozen, hashable where it can be, and picklable: a timeline can be cached
or sent to another process.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from attrs import field, frozen

# The aspect names (evaluate/aspects.py), re-exported: `tl.STATUS` reads them here.
from termlang.evaluate.aspects import *  # noqa: F403
from termlang.evaluate.aspects import (
    ACCESS,
    ACT,
    AGREEMENT,
    ALLOCATION,
    AMENDMENT,
    BINDING,
    CAP,
    CAP_TABLE,
    CAPACITY,
    CONVERSION,
    DEAL,
    DUE,
    ELECTION,
    FUNDED,
    HOLDER,
    INVESTED,
    OBSERVED,
    OFFER,
    PAID,
    PENALTY_CAP,
    RAISED,
    RECEIVED,
    REPAID,
    SHORTFALL,
    SPLIT,
    STATUS,
    SUBSCRIPTION,
    SURVIVES,
    TERMINATE_RIGHT,
    TIER,
)
from termlang.evaluate.reasons import Reason, as_reason
from termlang.evaluate.status import Status
from termlang.mechanics import interest as interest_mech
from termlang.mechanics import payment as payment_mech
from termlang.mechanics import penalty as penalty_mech
from termlang.mechanics.daycount import DayCount
from termlang.values import DurationUnit, Money, Percent, Quantity


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
    reason: Reason = field(converter=as_reason)  # why (plain text: `str(reason)`)
    value: Any = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "subject": self.subject,
            "aspect": self.aspect,
            "old": self.old,
            "new": self.new,
            "reason": str(self.reason),
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
    due_by: date | None = None  # the last day to pay (`due` after the period's last day)
    paid_on: date | None = None  # from the scenario's `payments` lines (None: not given)
    unpaid: bool = False  # the scenario says `never`
    late: int = 0  # days late when paid (0: on time, or not paid: see `days_late(at)`)

    def days_late(self, at: date) -> int:
        """Days late at the start of `at` (0: on time, or no payment date in the scenario)."""
        if self.due_by is None or (self.paid_on is None and not self.unpaid):
            return 0
        stop = at if self.paid_on is None else min(self.paid_on, at)
        return max((stop - self.due_by).days, 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "clause": self.clause,
            "period": self.period,
            "due_on": self.end.isoformat(),
            "due_by": (self.due_by or self.end).isoformat(),
            "paid_on": self.paid_on.isoformat() if self.paid_on else None,
            "days_late": self.late,
            "rate": self.rate,
            "revenue": str(self.revenue.rounded()),
            "due": str(self.due),
            "cumulative": str(self.cumulative),
            "capped": self.capped,
        }


@frozen(kw_only=True)
class Deal:
    """A third-party deal under a right of first refusal or first offer, judged."""

    on: date
    price: Money
    permitted: bool
    reason: Reason = field(converter=as_reason)

    def to_json(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "price": str(self.price),
            "permitted": self.permitted,
            "reason": str(self.reason),
        }


@frozen(kw_only=True)
class Conversion:
    """What became of a convertible: the event that won, shares issued, cash paid."""

    event: str  # qualified_financing | change_of_control | maturity
    on: date
    shares: int = 0
    price: str | None = None  # conversion price per share, as text (exact, then rounded)
    price_basis: str | None = None  # discount | valuation_cap | round_price
    converted: Money | None = None  # amount converted (a note: with interest)
    cash: Money | None = None  # paid to the holder (repayment, premium, or a share fraction)
    interest: Money | None = None
    units: str = "shares"  # what was issued: shares, tokens, ...
    issued: Decimal | None = None  # units issued when not a whole number (`fractions issue`)
    branch: str | None = None  # change of control: cash | conversion

    def to_json(self) -> dict[str, Any]:
        return {
            "event": self.event,
            "on": self.on.isoformat(),
            "shares": self.shares,
            **({"units": self.units} if self.units != "shares" else {}),
            **({"issued": str(self.issued)} if self.issued is not None else {}),
            **({"branch": self.branch} if self.branch is not None else {}),
            "price": self.price,
            "price_basis": self.price_basis,
            "converted": str(self.converted) if self.converted is not None else None,
            "cash": str(self.cash) if self.cash is not None else None,
            "interest": str(self.interest) if self.interest is not None else None,
        }


@frozen(kw_only=True)
class CapTable:
    """The capitalization after a round: holders, units and exact percentages."""

    event: str
    on: date
    rows: tuple[tuple[str, Decimal, Decimal], ...]  # holder, units, percent (2 places)

    def to_json(self) -> dict[str, Any]:
        return {
            "event": self.event,
            "on": self.on.isoformat(),
            "rows": [{"holder": h, "units": str(u), "percent": str(p)} for h, u, p in self.rows],
        }


@frozen(kw_only=True)
class Distribution:
    """One period of a waterfall: the distribution, each tier's part, what the payer kept."""

    clause: str
    period: str
    start: date
    end: date  # the day it is settled: the first day after the period
    distribution: Money  # over the days the waterfall was in force (rounded)
    tiers: tuple[tuple[str, str, Money], ...]  # (tier, recipient, amount), in tier order
    kept: Money
    cumulative: tuple[tuple[str, Money], ...]  # recipient -> received so far
    reached: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "clause": self.clause,
            "period": self.period,
            "settled_on": self.end.isoformat(),
            "distribution": str(self.distribution),
            "tiers": [{"tier": t, "to": r, "amount": str(a)} for t, r, a in self.tiers],
            "kept": str(self.kept),
            "cumulative": {r: str(a) for r, a in self.cumulative},
            "reached": list(self.reached),
        }


@frozen(kw_only=True)
class Accrual:
    """A penalty accruing on one late performance: exact at any date through `accrued`."""

    clause: str
    what: str  # what is late: `dataset_update`, or `royalty 2026-Q3`
    terms: penalty_mech.PenaltyTerms
    due: date  # the last day of performance on time
    until: date | None  # the day of performance (None: not by the horizon)
    force_majeure: tuple[tuple[date, date], ...] = ()
    stopped: date | None = None  # the penalty, or what it is on, ended (terminated, lapsed)

    def accrued(self, at: date) -> Money:
        """The amount accrued at the start of day `at` (capped, rounded once)."""
        end = min(d for d in (at, self.until, self.stopped) if d is not None)
        return penalty_mech.accrue(
            self.terms, self.due, max(end, self.due), self.force_majeure
        ).accrued

    def to_json(self, horizon: date) -> dict[str, Any]:
        return {
            "clause": self.clause,
            "late": self.what,
            "due": self.due.isoformat(),
            "performed": self.until.isoformat() if self.until else None,
            "stopped": self.stopped.isoformat() if self.stopped else None,
            "rate": f"{self.terms.rate.rounded()} per {self.terms.per}",
            "accrued": str(self.accrued(horizon)),
        }


@frozen(kw_only=True)
class LoanAccrual:
    """Interest running on a loan from `start` to `end` (maturity)."""

    clause: str
    principal: Money
    rate: Percent
    start: date
    end: date | None
    day_count: DayCount = DayCount.ACTUAL_365
    compounding: DurationUnit | None = None

    def accrued(self, at: date) -> Money:
        """Interest accrued at the start of day `at` (rounded once)."""
        end = at if self.end is None else min(at, self.end)
        return interest_mech.accrue(
            self.principal,
            self.rate,
            self.start,
            max(end, self.start),
            day_count=self.day_count,
            compounding=self.compounding,
        ).interest


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
    # the mechanics (docs/semantics.md, section 8); empty when the agreement has none
    offers: Mapping[str, str] = field(factory=dict)  # ROFR/ROFO -> latest offer's status
    deals: Mapping[str, tuple[Deal, ...]] = field(factory=dict)  # ROFR/ROFO -> deals judged
    received: Mapping[str, Mapping[str, Money]] = field(factory=dict)  # waterfall -> to -> sum
    tiers_reached: Mapping[str, date] = field(factory=dict)  # `waterfall.tier` -> date
    penalties: Mapping[str, Money] = field(factory=dict)  # penalty -> accrued (exact date)
    penalty_caps: Mapping[str, date] = field(factory=dict)  # penalty -> cap reached on
    terminate_rights: Mapping[str, date] = field(factory=dict)  # penalty -> right arises on
    interest: Mapping[str, Money] = field(factory=dict)  # loan -> interest accrued
    repaid: Mapping[str, Money] = field(factory=dict)  # loan or convertible -> amount repaid
    conversions: Mapping[str, Conversion] = field(factory=dict)  # convertible -> outcome
    shortfalls: Mapping[str, Mapping[str, Money | Quantity]] = field(factory=dict)
    allocations: Mapping[str, Mapping[str, Money]] = field(factory=dict)
    survives: Mapping[str, date | None] = field(factory=dict)  # clause -> survives until
    # payment clause -> its instalments that have arisen, as they stand that day
    instalments: Mapping[str, tuple[payment_mech.InstalmentState, ...]] = field(factory=dict)
    holders: Mapping[str, str] = field(factory=dict)  # clause -> assignee holding its rights
    binding: Mapping[str, bool] = field(factory=dict)  # clause -> binds (from `binding_from`)
    observed: Mapping[str, Mapping[str, Any]] = field(factory=dict)  # subject -> period -> Verdict
    acts: tuple[Any, ...] = ()  # third-party acts judged (evaluate/acts.py `Judged`), in order
    fundings: tuple[tuple[date, str, str, Money], ...] = ()  # (on, investor, investment, amount)
    rounds: Mapping[str, Mapping[str, Any]] = field(factory=dict)  # round -> subscribed|raised
    elections: Mapping[str, str] = field(factory=dict)  # note -> open | exercised | expired
    cap_tables: Mapping[str, CapTable] = field(factory=dict)  # financing event -> table
    amendments: Mapping[str, str] = field(factory=dict)  # series -> binding | not_binding

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
            "offers": dict(self.offers),
            "deals": {k: [d.to_json() for d in v] for k, v in self.deals.items()},
            "received": {k: {r: str(a) for r, a in v.items()} for k, v in self.received.items()},
            "tiers_reached": {k: v.isoformat() for k, v in self.tiers_reached.items()},
            "penalties": {k: str(v) for k, v in self.penalties.items()},
            "penalty_caps": {k: v.isoformat() for k, v in self.penalty_caps.items()},
            "terminate_rights": {k: v.isoformat() for k, v in self.terminate_rights.items()},
            "interest": {k: str(v) for k, v in self.interest.items()},
            "repaid": {k: str(v) for k, v in self.repaid.items()},
            "conversions": {k: v.to_json() for k, v in self.conversions.items()},
            "shortfalls": {
                k: {p: str(a) for p, a in v.items()} for k, v in self.shortfalls.items()
            },
            "allocations": {
                k: {p: str(a) for p, a in v.items()} for k, v in self.allocations.items()
            },
            "survives": {
                k: v.isoformat() if v is not None else None for k, v in self.survives.items()
            },
            # payments, assignments and binding status: only when the agreement has them
            **_when_any(
                instalments={k: [i.to_json() for i in v] for k, v in self.instalments.items()},
                holders=dict(self.holders),
                binding=dict(self.binding),
            ),
            "observed": {
                k: {p: v.to_json() for p, v in periods.items()}
                for k, periods in self.observed.items()
            },
            "acts": [a.to_json() for a in self.acts],
            "rounds": {k: {w: t.to_json() for w, t in v.items()} for k, v in self.rounds.items()},
            # instruments: present only when a note or a round has them (older outputs stay)
            **({"elections": dict(self.elections)} if self.elections else {}),
            **(
                {"cap_tables": {k: v.to_json() for k, v in self.cap_tables.items()}}
                if self.cap_tables
                else {}
            ),
            **({"amendments": dict(self.amendments)} if self.amendments else {}),
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
    distributions: tuple[Distribution, ...] = ()
    accruals: tuple[Accrual, ...] = ()
    loans: tuple[LoanAccrual, ...] = ()
    instalments: tuple[payment_mech.Instalment, ...] = ()
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
        agreement = statuses.pop(AGREEMENT, Status.PENDING)
        priority: dict[str, Any] = {}
        splits: dict[str, Any] = {}
        funded: dict[str, Money] = {}
        invested: dict[str, Money] = {}
        paid: dict[str, Money] = {}
        caps: dict[str, date] = {}
        compute: dict[str, Quantity] = {}
        due: dict[str, date] = {}
        offers: dict[str, str] = {}
        deals: dict[str, tuple[Deal, ...]] = {}
        received: dict[str, Any] = {}
        tiers: dict[str, date] = {}
        penalty_caps: dict[str, date] = {}
        terminate_rights: dict[str, date] = {}
        repaid: dict[str, Money] = {}
        conversions: dict[str, Conversion] = {}
        shortfalls: dict[str, dict[str, Any]] = {}
        allocations: dict[str, Any] = {}
        survives: dict[str, date | None] = {}
        holders: dict[str, str] = {}
        binding: dict[str, bool] = {}
        observed: dict[str, dict[str, Any]] = {}
        acts: list[Any] = []
        fundings: list[tuple[date, str, str, Money]] = []
        rounds: dict[str, dict[str, Any]] = {}
        elections: dict[str, str] = {}
        cap_tables: dict[str, CapTable] = {}
        amendments: dict[str, str] = {}
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
                if fundings and not fundings[-1][1]:  # the investor of the tranche just funded
                    fundings[-1] = (fundings[-1][0], subject, *fundings[-1][2:])
            elif aspect == INVESTED:
                before = invested.get(subject)
                fundings.append((change.on, "", subject, value - before if before else value))
                invested[subject] = value
            elif aspect == PAID:
                paid[subject] = value
            elif aspect == CAP:
                caps[subject] = value
            elif aspect == CAPACITY:
                _put(compute, subject, value)
            elif aspect == DUE:
                _put(due, subject, value)
            elif aspect == OFFER:
                offers[subject] = change.new
            elif aspect == DEAL:
                deals[subject] = (*deals.get(subject, ()), value)
            elif aspect == RECEIVED:
                received[subject] = _frozen_map(dict(value))
            elif aspect == TIER:
                tiers[subject] = value
            elif aspect == PENALTY_CAP:
                penalty_caps[subject] = value
            elif aspect == TERMINATE_RIGHT:
                terminate_rights[subject] = value
            elif aspect == REPAID:
                repaid[subject] = value
            elif aspect == CONVERSION and value is not None:  # None: unresolved
                conversions[subject] = value
            elif aspect == SHORTFALL:
                period, amount = value
                shortfalls.setdefault(subject, {})[period] = amount
            elif aspect == ALLOCATION:
                allocations[subject] = _frozen_map(dict(value))
            elif aspect == SURVIVES:
                survives[subject] = value
            elif aspect == HOLDER:
                holders[subject] = value
            elif aspect == BINDING:
                binding[subject] = value
            elif aspect == OBSERVED and value is not None:
                observed.setdefault(subject, {})[value.period] = value
            elif aspect == ACT:
                acts.append(value)
            elif aspect in (SUBSCRIPTION, RAISED):
                rounds.setdefault(subject, {})[value.what] = value
            elif aspect == ELECTION:
                elections[subject] = change.new
            elif aspect == CAP_TABLE:
                cap_tables[subject] = value
            elif aspect == AMENDMENT:
                amendments[subject] = change.new
        penalties: dict[str, Money] = {}
        for accrual in self.accruals:
            if accrual.due < at:
                amount = accrual.accrued(at)
                old = penalties.get(accrual.clause)
                penalties[accrual.clause] = amount if old is None else old + amount
        interest: dict[str, Money] = {}
        for loan in self.loans:
            if loan.start <= at:
                interest[loan.clause] = loan.accrued(at)
        tranches = {k: v for k, v in statuses.items() if k in self.tranche_names}
        instalments: dict[str, tuple[payment_mech.InstalmentState, ...]] = {}
        for inst in self.instalments:
            now = inst.status_at(at)
            if now is not None:
                instalments[inst.clause] = (*instalments.get(inst.clause, ()), now)
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
            offers=_frozen_map(offers),
            deals=_frozen_map(deals),
            received=_frozen_map(received),
            tiers_reached=_frozen_map(tiers),
            penalties=_frozen_map(penalties),
            penalty_caps=_frozen_map(penalty_caps),
            terminate_rights=_frozen_map(terminate_rights),
            interest=_frozen_map(interest),
            repaid=_frozen_map(repaid),
            conversions=_frozen_map(conversions),
            shortfalls=_frozen_map(shortfalls),
            allocations=_frozen_map(allocations),
            survives=_frozen_map(survives),
            instalments=_frozen_map(instalments),
            holders=_frozen_map(holders),
            binding=_frozen_map(binding),
            observed=_frozen_map(observed),
            acts=tuple(acts),
            fundings=tuple(fundings),
            rounds=_frozen_map(rounds),
            elections=_frozen_map(elections),
            cap_tables=_frozen_map(cap_tables),
            amendments=_frozen_map(amendments),
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
                {**p.to_json(), "days_late": p.days_late(self.horizon)}
                for p in self.payments
                if (self.start is None or p.end >= self.start) and p.end <= self.horizon
            ],
            "distributions": [
                d.to_json()
                for d in self.distributions
                if (self.start is None or d.end >= self.start) and d.end <= self.horizon
            ],
            "penalties": [a.to_json(self.horizon) for a in self.accruals if a.due < self.horizon],
            **_when_any(
                instalments=[
                    i.to_json()
                    for inst in self.instalments
                    if (i := inst.status_at(self.horizon)) is not None
                ]
            ),
        }


def _when_any(**tables: Any) -> dict[str, Any]:
    """The tables that have something in them (so outputs without payments keep their shape)."""
    return {k: v for k, v in tables.items() if v}


def _put(table: dict[str, Any], key: str, value: Any) -> None:
    if value is None or value == ():
        table.pop(key, None)
    else:
        table[key] = value
