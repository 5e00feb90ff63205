"""The interpreter's side of `payment` clauses, licences' holders and binding status.

A `payment` clause gives instalments (`termlang.mechanics.payment`): a fixed fee or
`price × quantity` arises when the clause is in force and its due date's anchor has come
(`due 30 days after licence_signed`: on signature); a share of a stream arises for each
period with figures, on the first day after the period, over the days the clause was in
force (like a revenue share), and is due `due` after the period's last day. Nothing arises
from a clause that has ended (terminated, lapsed, expired): an instalment that arose before
stays owed. Caps apply per period, then in total.

The scenario's `payments` lines settle the instalments; a penalty `on` the payment accrues
on what stays outstanding after the due date (a part payment lowers the base from its day).

Assignments move a clause's rights to a new holder on their date (`holder` aspect), and
`binding_from` makes a clause binding on its date (`binding` aspect).
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from termlang import model
from termlang.calendar import period_start
from termlang.evaluate import timeline as tl
from termlang.evaluate.core import Core, Family
from termlang.evaluate.families.penalties import Penalties, accrual_what, named_parties
from termlang.evaluate.lifecycle import period_due_date
from termlang.evaluate.payments import BINDING, HOLDER, PAYMENT_DUE, PartAccrual
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason, Why
from termlang.evaluate.revenue import to_money
from termlang.evaluate.status import Status
from termlang.mechanics import payment as payment_mech
from termlang.values import Duration, DurationUnit, Money, Period, add_months

ONE_DAY = timedelta(days=1)
_MONTHS = {"MONTH": 1, "QUARTER": 3, "YEAR": 12}
NOT_IN_FORCE = (Status.EXPIRED, Status.TERMINATED, Status.LAPSED)


class Payments(Family):
    """The handler of `payment` and `assignment` clauses, and of every clause's
    `binding_from` (`setup_binding`)."""

    def __init__(self, core: Core, penalties: Penalties) -> None:
        super().__init__(core)
        self.penalties = penalties
        self.instalments: dict[str, list[payment_mech.Instalment]] = {}
        self.holders: dict[str, str] = {}
        self.bought: dict[str, str] = {}  # payment -> the option that buys it (set by the engine)

    def setup(self, c: model.AnyClause, start: date | None) -> None:
        match c:
            case model.PaymentObligation() if c.share is not None and start is not None:
                self.setup_shares(c, start)
            case model.Assignment():
                on = self.core.date_of(c.on)
                if on is not None:
                    self.core.at(on, Phase.DATED, self.assign, c, on)

    def setup_binding(self, c: model.AnyClause) -> None:
        if c.binding_from is not None:
            on = self.core.date_of(c.binding_from)
            if on is not None:
                self.core.at(on, Phase.DATED, self.becomes_binding, c, on)

    def activate(self, c: model.AnyClause, t: date, reason: Why) -> None:
        if isinstance(c, model.PaymentObligation):
            self.payment_starts(c, t)

    def payment_starts(self, c: model.PaymentObligation, t: date) -> None:
        """A one-off payment's clause is in force: its instalment arises when its due date's
        anchor has come."""
        if c.share is not None or c.name in self.bought:
            return  # a share arises per period; a price bought by an option, on exercise
        anchor = self.core.date_of(c.due)
        if anchor is None:
            return
        self.core.at(max(anchor, t), Phase.DATED, self.fee_arises, c, anchor)

    def fee_arises(self, t: date, c: model.PaymentObligation, anchor: date) -> None:
        if self.core.status.get(c.name) != Status.ACTIVE:
            return
        amount = c.fixed_amount()
        if amount is None:
            return
        self.arise(t, c, "once", amount.rounded(), self.due_after(c, anchor))

    def setup_shares(self, c: model.PaymentObligation, start: date) -> None:
        assert c.period is not None and c.share_of is not None
        s = self.core.streams.get(c.share_of)
        if s is None:
            return
        months = _MONTHS.get(c.period.name, 3)
        starts: set[date] = set()
        for seg in s.segments:
            if seg.end <= start:
                continue
            current = period_start(max(seg.start, start), months)
            while current < seg.end:
                starts.add(current)
                current = add_months(current, months)[0]
        for p_start in sorted(starts):
            p = Period(p_start, add_months(p_start, months)[0])
            self.core.at(p.end, Phase.SETTLE, self.share_arises, c, p)

    def share_arises(self, t: date, c: model.PaymentObligation, p: Period) -> None:
        assert c.share_of is not None and c.share is not None
        s = self.core.streams[c.share_of]
        exact = Fraction(0)
        for start, stop in self.core.intervals.get(c.name, ()):
            assert start is not None
            a, b = max(start, p.start), min(stop or p.end, p.end)
            if b > a:
                exact += s.between(a, b)
        if exact == 0:
            return
        currency = s.currency
        amount = to_money(currency, exact * Fraction(c.share.fraction))
        self.arise(t, c, str(p), amount, period_due_date(p.end, c.due_after))

    def due_after(self, c: model.PaymentObligation, anchor: date) -> date:
        """`anchor` plus the payment's `due` delay (the last day representable if beyond)."""
        if c.due_after is None:
            return anchor
        try:
            return c.due_after.add_to(anchor, 1, self.core.m.holidays(c.calendar("due")))[0]
        except OverflowError:
            return date.max

    def arise(
        self, t: date, c: model.PaymentObligation, label: str, amount: Money, due: date
    ) -> None:
        owed = self.instalments.setdefault(c.name, [])
        so_far = [i.uncapped for i in owed] + [amount]
        capped = payment_mech.cap_amounts(so_far, c.cap_per_period, c.cap)[-1]
        inst = payment_mech.Instalment(
            clause=c.name,
            label=label,
            payer=c.payer,
            payee=c.payee,
            amount=capped,
            uncapped=amount,
            arises=t,
            due=due,
        )
        owed.append(inst)
        inst = self.record_instalment(t, c.name, owed, amount)
        self.late_instalment(c, inst)

    def record_instalment(
        self, t: date, name: str, owed: list[payment_mech.Instalment], uncapped: Money
    ) -> payment_mech.Instalment:
        """The latest instalment of `name` has arisen: record it, its payments and, if it
        stays unpaid, the day it falls overdue; return it settled."""
        inst = self.settle_payments(name, owed)[0][-1]
        label, capped, due = inst.label, inst.amount, inst.due
        period = None if label == "once" else label
        reason = Reason.of(
            "payment_owed",
            payer=inst.payer,
            payee=inst.payee,
            amount=capped,
            period=period,
            due=due,
            uncapped=uncapped if capped != uncapped else None,
        )
        self.core.record(
            t, name, PAYMENT_DUE, None, f"{label}: {capped} due by {due}", reason, inst.status_at(t)
        )
        for on, part in inst.paid:
            now = inst.status_at(max(on, t))
            assert now is not None
            late = (on - due).days
            self.core.at(
                max(on, t),
                Phase.DATED,
                self.note_payment,
                name,
                f"{label}: {now.status.value}",
                Reason.of(
                    "payment_paid",
                    amount=part,
                    period=period,
                    on=on,
                    late=Duration(late, DurationUnit.DAY) if late > 0 else None,
                    outstanding=now.outstanding if now.outstanding.amount > 0 else None,
                ),
                inst,
            )
        if due < date.max and inst.outstanding(due + ONE_DAY).amount > 0:
            self.core.at(
                due + ONE_DAY,
                Phase.DATED,
                self.note_payment,
                name,
                f"{label}: overdue",
                Reason.of(
                    "payment_overdue",
                    amount=inst.outstanding(due + ONE_DAY),
                    period=period,
                    due=due,
                ),
                inst,
            )
        return inst

    def share_instalment(
        self, c: model.RevenueShare, payment: tl.Payment, uncapped: Money | None = None
    ) -> None:
        """A revenue share's period is settled: when the scenario dates its payments, the
        period's amount is an instalment like a `payment`'s (a period the scenario does not
        date is paid on its due date, as for penalties)."""
        if payment.due.amount <= 0 or not any(
            p.clause == c.name for p in self.core.scenario.payments
        ):
            return
        due = payment.due_by or payment.end  # the engine's reading of `due` (one place)
        inst = payment_mech.Instalment(
            clause=c.name,
            label=payment.period,
            payer=c.payer,
            payee=c.payee,
            amount=payment.due,
            uncapped=uncapped or payment.due,  # before the cap, in the period that reaches it
            arises=payment.end,
            due=due,
        )
        owed = self.instalments.setdefault(c.name, [])
        owed.append(inst)
        self.record_instalment(payment.end, c.name, owed, inst.uncapped)

    def settle_payments(
        self, name: str, owed: list[payment_mech.Instalment]
    ) -> tuple[list[payment_mech.Instalment], list[tuple[date, Money]]]:
        lines = [p for p in self.core.scenario.payments if p.clause == name]
        in_full = [(p.period, p.on, p.amount) for p in lines if not p.cash and p.on is not None]
        cash = [(p.on, p.amount) for p in lines if p.cash and p.on is not None and p.amount]
        if isinstance(self.core.m.clauses.get(name), model.RevenueShare):
            dated = {p.period for p in lines}
            in_full += [(i.label, i.due, None) for i in owed if i.label not in dated]
        return payment_mech.settle(owed, in_full, cash)

    def note_payment(
        self, t: date, name: str, new: str, reason: Reason, inst: payment_mech.Instalment
    ) -> None:
        self.core.record(t, name, PAYMENT_DUE, None, new, reason, inst.status_at(t))

    def late_instalment(self, c: model.PaymentObligation, inst: payment_mech.Instalment) -> None:
        """Arm the penalties on an instalment paid late (or not at all)."""
        paid_on = inst.paid_on()
        if (
            inst.amount.amount <= 0
            or inst.due == date.max
            or (paid_on is not None and paid_on <= inst.due)
        ):
            return
        label = None if inst.label == "once" else inst.label
        late = inst.outstanding(inst.due)  # what is late: the amount less any part paid on time
        parts = [(on, part) for on, part in inst.paid if inst.due < on and part.amount > 0]
        for pen in self.penalties.penalties_on.get(c.name, ()):
            terms = self.penalties.penalty_terms(pen, late)
            if terms is None:
                continue
            one_go = not parts or (len(parts) == 1 and parts[0][0] == paid_on)
            if pen.rate_percent is None or pen.rate_of is not None or one_go:
                late_why = {
                    "kind": "late_payment",
                    "amount": inst.amount,
                    "clause": c.name,
                    "period": label,
                }
                self.penalties.arm_penalty(pen, late_why, terms, inst.due, paid_on, label)
                continue
            # a percentage of what is outstanding: each part payment lowers the base
            stretches: list[tuple[date, date | None, Money]] = []
            cursor = inst.due
            for on, _part in parts:
                stretches.append((cursor, on, inst.outstanding(cursor)))
                cursor = on
            if inst.outstanding(cursor).amount > 0:
                stretches.append((cursor, None, inst.outstanding(cursor)))
            accrual = PartAccrual(
                clause=pen.name,
                what=accrual_what(pen, label),
                terms=terms,
                due=inst.due,
                until=paid_on,
                force_majeure=(),
                stretches=tuple(stretches),
                percent_terms=pen.rate_percent,
            )
            why = Reason.of(
                "late_on_outstanding",
                amount=inst.amount,
                clause=c.name,
                period=label,
                due=inst.due,
                rate=pen.rate_percent,
                per=pen.per,
                **named_parties(pen),
            )
            self.core.at(
                inst.due + ONE_DAY, Phase.DATED, self.part_accrual_starts, pen, accrual, why
            )

    def part_accrual_starts(
        self, t: date, pen: model.Penalty, accrual: PartAccrual, why: Reason
    ) -> None:
        """Interest on what is outstanding starts, if the penalty is in force that day."""
        if self.core.status.get(pen.name) != Status.ACTIVE:
            return
        self.penalties.accruals.append(accrual)
        self.core.record(t, pen.name, tl.PENALTY, None, str(accrual.accrued(t)), why, None)

    def settled_instalments(self) -> tuple[payment_mech.Instalment, ...]:
        out: list[payment_mech.Instalment] = []
        for name, owed in self.instalments.items():
            out.extend(self.settle_payments(name, owed)[0])
        return tuple(out)

    def assign(self, t: date, c: model.Assignment, on: date) -> None:
        target = self.core.status.get(c.assigns)
        if target is None or target in NOT_IN_FORCE or self.core.status.get(c.name) in NOT_IN_FORCE:
            return
        old = self.holders.get(c.assigns, c.assignor)
        self.holders[c.assigns] = c.assignee
        self.core.record(
            t,
            c.assigns,
            HOLDER,
            old,
            c.assignee,
            self.core.dated(
                "assigned",
                c.on,
                on,
                clause=c.name,
                assignor=c.assignor,
                assigns=c.assigns,
                assignee=c.assignee,
            ),
            c.assignee,
        )

    def becomes_binding(self, t: date, c: model.Clause, on: date) -> None:
        if self.core.status.get(c.name) in NOT_IN_FORCE:
            return
        self.core.record(
            t,
            c.name,
            BINDING,
            "no",
            "yes",
            self.core.dated("binds_from", c.binding_from, on, clause=c.name),
            True,
        )
