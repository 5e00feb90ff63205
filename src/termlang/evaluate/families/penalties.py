"""Penalties: late performance or payment accrues a penalty from the day after it was due
(docs/semantics.md, §8 and docs/mechanics.md, "Penalties").

A penalty is armed by the family of what it is `on`: an obligation's deadline
(families/obligations.py), a revenue share's settled period (families/revenue_shares.py) or
a payment's instalment (families/payments.py). Nothing is scheduled per day: an accrual has
a handful of change points (start, force majeure, cap, right to terminate, performance) and
`Timeline.state_at` computes the exact amount at any date from its `Accrual`. A penalty, or
one on a clause terminated or lapsed, stops accruing that day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import attrs

from termlang import model
from termlang.dates import window_end
from termlang.evaluate import timeline as tl
from termlang.evaluate.core import Core, Family
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason, Why
from termlang.evaluate.status import CUT_SHORT
from termlang.mechanics import penalty as penalty_mech
from termlang.values import Money

ONE_DAY = timedelta(days=1)
# The latest date a penalty's thresholds are searched up to when nothing bounds the delay.
FAR = date(9000, 1, 1)


class Penalties(Family):
    """The handler of `penalty` clauses, and what arms them."""

    def __init__(self, core: Core) -> None:
        super().__init__(core)
        self.accruals: list[tl.Accrual] = []
        self.accrual_stops: dict[tuple[str, str], date] = {}  # (penalty, what) -> stopped on
        self.penalties_on: dict[str, list[model.Penalty]] = {}
        for c in core.m.clauses.values():
            if isinstance(c, model.Penalty):
                self.penalties_on.setdefault(c.on, []).append(c)
        core.on_end.append(self.stop_accruals)

    def penalty_terms(
        self, pen: model.Penalty, late: Money | None
    ) -> penalty_mech.PenaltyTerms | None:
        base = pen.rate_of or late
        if pen.rate_amount is not None:
            rate = pen.rate_amount
        elif pen.rate_percent is not None and base is not None:
            rate = base * pen.rate_percent
        else:
            return None
        cap = pen.cap
        if cap is None and pen.cap_percent is not None and base is not None:
            cap = base * pen.cap_percent
        return penalty_mech.PenaltyTerms(
            rate=rate,
            per=pen.per,
            basis=penalty_mech.Basis(pen.basis),
            cap=cap,
            terminate_after=pen.terminate_after,
        )

    def force_majeure(self, pen: model.Penalty) -> tuple[tuple[date, date], ...]:
        out = []
        for w in pen.force_majeure:
            start = self.core.date_of(w.start)
            if start is None:
                continue
            end = window_end(w.end, self.core.env) or date.max
            out.append((start, end))
        return tuple(out)

    def late_obligation(self, c: model.Obligation, deadline: date) -> None:
        """An obligation's deadline is known: arm the penalties on it."""
        done = self.core.env.events.get(c.fulfilled_by) if c.fulfilled_by else None
        if done is not None and done <= deadline:
            return
        for pen in self.penalties_on.get(c.name, ()):
            terms = self.penalty_terms(pen, None)
            if terms is not None:
                late = {"kind": "late_obligation", "clause": c.name}
                self.arm_penalty(pen, late, terms, deadline, done)

    def late_payment(self, share: model.RevenueShare, payment: tl.Payment) -> None:
        """A revenue share's period is settled: arm the penalties on its payment, if late."""
        pens = self.penalties_on.get(share.name, ())
        if not pens or payment.due.amount <= 0:
            return
        made = self.payment_made(share.name, payment.start)
        if made is None:
            return  # no payment date in the scenario: paid on time
        due = payment.due_by or payment.end
        if made.on is not None and made.on <= due:
            return
        for pen in pens:
            terms = self.penalty_terms(pen, payment.due)
            if terms is not None:
                late = {
                    "kind": "late_payment",
                    "amount": payment.due,
                    "clause": share.name,
                    "period": payment.period,
                }
                self.arm_penalty(pen, late, terms, due, made.on, payment.period)

    def payment_made(self, share: str, start: date) -> model.Payment | None:
        """The scenario's `payments` line for the period of `share` starting on `start`."""
        return next(
            (p for p in self.core.scenario.payments if p.clause == share and p.start == start), None
        )

    def arm_penalty(
        self,
        pen: model.Penalty,
        late: dict[str, Any],
        terms: penalty_mech.PenaltyTerms,
        due: date,
        done: date | None,
        period: str | None = None,
    ) -> None:
        start = due + ONE_DAY
        self.core.at(start, Phase.DATED, self.penalty_starts, pen, late, terms, due, done, period)

    def penalty_starts(
        self,
        t: date,
        pen: model.Penalty,
        late: dict[str, Any],
        terms: penalty_mech.PenaltyTerms,
        due: date,
        done: date | None,
        period: str | None,
    ) -> None:
        if not self.core.in_force(pen.name) or self.core.status.get(pen.on) in CUT_SHORT:
            return
        fm = self.force_majeure(pen)
        accrual = tl.Accrual(
            clause=pen.name,
            what=accrual_what(pen, period),
            terms=terms,
            due=due,
            until=done,
            force_majeure=fm,
        )
        self.accruals.append(accrual)
        rate = terms.rate.rounded() if terms.rate.rounded() == terms.rate else terms.rate
        args = {k: v for k, v in late.items() if k != "kind"}
        why = Reason.of(
            late["kind"],
            due=due,
            rate=rate,
            per=terms.per,
            basis=pen.basis,
            cap=terms.cap,
            **named_parties(pen),
            **args,
        )
        self.core.record(
            t, pen.name, tl.PENALTY, None, str(accrual.accrued(t)), why, accrual.accrued(t)
        )
        limit = done or min(self.core.end, FAR)
        for a, b in fm:
            if a >= limit or b <= t:
                continue
            if a >= t:
                why = Reason.of("force_majeure_starts", on=a)
                self.core.at(a, Phase.DATED, self.penalty_note, accrual, why)
            if b < limit and b != date.max:
                why = Reason.of("force_majeure_ends", on=b)
                self.core.at(b, Phase.DATED, self.penalty_note, accrual, why)
        result = penalty_mech.accrue(terms, due, max(limit, due), fm)
        if result.cap_reached_on is not None:
            why = Reason.of("penalty_cap", what=accrual.what, cap=terms.cap)
            self.core.at(
                result.cap_reached_on, Phase.DATED, self.penalty_day, accrual, tl.PENALTY_CAP, why
            )
        if result.terminate_right_on is not None:
            why = Reason.of("terminate_right", what=accrual.what, after=terms.terminate_after)
            on = result.terminate_right_on
            self.core.at(on, Phase.DATED, self.penalty_day, accrual, tl.TERMINATE_RIGHT, why)
        if done is not None:
            self.core.at(
                done,
                Phase.DATED,
                self.penalty_note,
                accrual,
                Reason.of("performed", on=done, accrued=accrual.accrued(done)),
            )

    def stop_accruals(self, name: str, t: date, new: str) -> None:
        """`name` ends on `t`: a penalty that ends, or one on a clause terminated or lapsed,
        stops accruing that day (what survives never gets here), and no cap or right to
        terminate arises from it afterwards."""
        for i, a in enumerate(self.accruals):
            on = getattr(self.core.m.clauses.get(a.clause), "on", None)
            if a.clause != name and not (on == name and new in CUT_SHORT):
                continue
            if a.stopped is not None or (a.until is not None and a.until <= t):
                continue
            self.accruals[i] = attrs.evolve(a, stopped=t)
            self.accrual_stops[(a.clause, a.what)] = t
            amount = self.accruals[i].accrued(t)
            why = Reason.of("stops_accruing", clause=name, status=new, on=t, accrued=amount)
            self.core.record(t, a.clause, tl.PENALTY, None, str(amount), why, amount)

    def accrual_stopped(self, accrual: tl.Accrual, t: date) -> bool:
        stop = self.accrual_stops.get((accrual.clause, accrual.what))
        return stop is not None and t >= stop

    def penalty_note(self, t: date, accrual: tl.Accrual, why: Why) -> None:
        if self.accrual_stopped(accrual, t):
            return
        amount = accrual.accrued(t)
        self.core.record(t, accrual.clause, tl.PENALTY, None, str(amount), why, amount)

    def penalty_day(self, t: date, accrual: tl.Accrual, aspect: str, why: Why) -> None:
        """A day the accrual reaches (its cap, a right to terminate), unless it stopped."""
        if self.accrual_stopped(accrual, t):
            return
        self.core.record(t, accrual.clause, aspect, None, t.isoformat(), why, t)


def accrual_what(pen: model.Penalty, period: str | None) -> str:
    """What an accrual of `pen` is on: the clause it watches, and the period when it has one."""
    return f"{pen.on} {period}" if period else pen.on


def named_parties(pen: model.Penalty) -> dict[str, str | None]:
    """A late-payment reason's `payer` and `payee`: named only when the penalty names both."""
    both = bool(pen.payer and pen.payee)
    return {"payer": pen.payer if both else None, "payee": pen.payee if both else None}
