"""The interpreter's side of `payment` clauses, licences' holders and binding status.

`Payments` is mixed into the `Engine`. A `payment` clause gives instalments
(`termlang.mechanics.payment`): a fixed fee or `price × quantity` arises when the clause is in
force and its due date's anchor has come (`due 30 days after licence_signed`: on signature);
a share of a stream arises for each period with figures, on the first day after the period,
over the days the clause was in force (like a revenue share), and is due `due` after the
period's last day. Nothing arises from a clause that has ended (terminated, lapsed,
expired): an instalment that arose before stays owed. Caps apply per period, then in total.

The scenario's `payments` lines settle the instalments; a penalty `on` the payment accrues
on what stays outstanding after the due date (a part payment lowers the base from its day).

Assignments move a clause's rights to a new holder on their date (`holder` aspect), and
`binding_from` makes a clause binding on its date (`binding` aspect).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from attrs import frozen

from termlang import model
from termlang.diagnostics import Diagnostic, Severity
from termlang.evaluate import timeline as tl
from termlang.evaluate.lifecycle import period_due_date
from termlang.evaluate.reasons import Reason
from termlang.evaluate.revenue import Stream, to_money
from termlang.mechanics import payment as payment_mech
from termlang.mechanics import penalty as penalty_mech
from termlang.mechanics.exact import to_money as exact_money
from termlang.scenario_codes import OVERPAID, PAYMENT_SETTLES_NOTHING
from termlang.values import Duration, DurationUnit, Money, Period, add_months

ONE_DAY = timedelta(days=1)
PH_DATED, PH_SETTLE = 4, 5  # the engine's phases (`engine.PH_*`)
_MONTHS = {"MONTH": 1, "QUARTER": 3, "YEAR": 12}


@frozen(kw_only=True)
class PartAccrual(tl.Accrual):
    """A penalty on a percentage of what is outstanding, which part payments lower: one
    stretch of delay per outstanding amount, capped together."""

    stretches: tuple[tuple[date, date | None, Money], ...] = ()  # (from, until, outstanding)
    percent_terms: Any = None  # the penalty's terms with the rate as a share (Fraction)

    def accrued(self, at: date) -> Money:
        total = Fraction(0)
        currency = self.terms.rate.currency
        # a penalty stopped by termination or lapse accrues nothing after (when the
        # interpreter records that day on the accrual)
        stopped = getattr(self, "stopped", None)
        for start, until, outstanding in self.stretches:
            if at <= start:
                continue
            end = min(d for d in (at, until, stopped) if d is not None)
            if end <= start:
                continue
            terms = penalty_mech.PenaltyTerms(
                rate=outstanding * self.percent_terms,
                per=self.terms.per,
                basis=self.terms.basis,
            )
            total += penalty_mech.accrue(
                terms, start, max(end, start), self.force_majeure
            ).exact_accrued
        cap = self.terms.cap
        if cap is not None and total > Fraction(cap.amount):
            total = Fraction(cap.amount)
        return exact_money(currency, total)


class Payments:
    """Mixed into `Engine`; see the module docstring."""

    m: model.Model
    scenario: model.Scenario
    env: Any
    end: date
    status: dict[str, str]
    intervals: dict[str, list[list[date | None]]]
    streams: dict[str, Stream]
    accruals: list[tl.Accrual]
    penalties_on: dict[str, list[model.Penalty]]
    at: Callable[..., None]
    record: Callable[..., None]
    date_of: Callable[..., date | None]
    dated: Callable[..., Reason]
    penalty_terms: Callable[..., penalty_mech.PenaltyTerms | None]
    arm_penalty: Callable[..., None]

    def init_payments(self) -> None:
        self.instalments: dict[str, list[payment_mech.Instalment]] = {}
        self.holders: dict[str, str] = {}

    # ------------------------------------------------------------------ setup

    def setup_payments(self, c: model.AnyClause, start: date | None) -> None:
        match c:
            case model.PaymentObligation() if c.share is not None and start is not None:
                self.setup_shares(c, start)
            case model.Assignment():
                on = self.date_of(c.on)
                if on is not None:
                    self.at(on, PH_DATED, self.assign, c, on)
        if c.binding_from is not None:
            on = self.date_of(c.binding_from)
            if on is not None:
                self.at(on, PH_DATED, self.becomes_binding, c, on)

    def payment_starts(self, c: model.PaymentObligation, t: date) -> None:
        """A one-off payment's clause is in force: its instalment arises when its due date's
        anchor has come."""
        if c.share is not None or c.name in getattr(self, "bought", ()):
            return  # a share arises per period; a price bought by an option, on exercise
        anchor = self.date_of(c.due)
        if anchor is None:
            return
        self.at(max(anchor, t), PH_DATED, self.fee_arises, c, anchor)

    def fee_arises(self, t: date, c: model.PaymentObligation, anchor: date) -> None:
        if self.status.get(c.name) != "active":
            return
        amount = c.fixed_amount()
        if amount is None:
            return
        self.arise(t, c, "once", amount.rounded(), self.due_after(c, anchor))

    def setup_shares(self, c: model.PaymentObligation, start: date) -> None:
        assert c.period is not None and c.share_of is not None
        s = self.streams.get(c.share_of)
        if s is None:
            return
        months = _MONTHS.get(c.period.name, 3)
        starts: set[date] = set()
        for seg in s.segments:
            if seg.end <= start:
                continue
            current = _period_start(max(seg.start, start), months)
            while current < seg.end:
                starts.add(current)
                current = add_months(current, months)[0]
        for p_start in sorted(starts):
            p = Period(p_start, add_months(p_start, months)[0])
            self.at(p.end, PH_SETTLE, self.share_arises, c, p)

    def share_arises(self, t: date, c: model.PaymentObligation, p: Period) -> None:
        assert c.share_of is not None and c.share is not None
        s = self.streams[c.share_of]
        exact = Fraction(0)
        for start, stop in self.intervals.get(c.name, ()):
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
            return c.due_after.add_to(anchor, 1, self.m.holidays(c.calendar("due")))[0]
        except OverflowError:
            return date.max

    # ------------------------------------------------------------------ instalments

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
        self.record(
            t, name, PAYMENT_DUE, None, f"{label}: {capped} due by {due}", reason, inst.status_at(t)
        )
        for on, part in inst.paid:
            now = inst.status_at(max(on, t))
            assert now is not None
            late = (on - due).days
            self.at(
                max(on, t),
                PH_DATED,
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
            self.at(
                due + ONE_DAY,
                PH_DATED,
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
        if payment.due.amount <= 0 or not any(p.clause == c.name for p in self.scenario.payments):
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
        lines = [p for p in self.scenario.payments if p.clause == name]
        in_full = [(p.period, p.on, p.amount) for p in lines if not p.cash and p.on is not None]
        cash = [(p.on, p.amount) for p in lines if p.cash and p.on is not None and p.amount]
        if isinstance(self.m.clauses.get(name), model.RevenueShare):
            dated = {p.period for p in lines}
            in_full += [(i.label, i.due, None) for i in owed if i.label not in dated]
        return payment_mech.settle(owed, in_full, cash)

    def note_payment(
        self, t: date, name: str, new: str, reason: Reason, inst: payment_mech.Instalment
    ) -> None:
        self.record(t, name, PAYMENT_DUE, None, new, reason, inst.status_at(t))

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
        for pen in self.penalties_on.get(c.name, ()):
            terms = self.penalty_terms(pen, late)
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
                self.arm_penalty(pen, late_why, terms, inst.due, paid_on, label)
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
                what=f"{pen.on} {label}" if label else pen.on,
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
                payer=pen.payer if pen.payer and pen.payee else None,
                payee=pen.payee if pen.payer and pen.payee else None,
            )
            self.at(inst.due + ONE_DAY, PH_DATED, self.part_accrual_starts, pen, accrual, why)

    def part_accrual_starts(
        self, t: date, pen: model.Penalty, accrual: PartAccrual, why: Reason
    ) -> None:
        """Interest on what is outstanding starts, if the penalty is in force that day."""
        if self.status.get(pen.name) != "active":
            return
        self.accruals.append(accrual)
        self.record(t, pen.name, tl.PENALTY, None, str(accrual.accrued(t)), why, None)

    def settled_instalments(self) -> tuple[payment_mech.Instalment, ...]:
        out: list[payment_mech.Instalment] = []
        for name, owed in self.instalments.items():
            out.extend(self.settle_payments(name, owed)[0])
        return tuple(out)

    # ------------------------------------------------------------------ holders and binding

    def assign(self, t: date, c: model.Assignment, on: date) -> None:
        target = self.status.get(c.assigns)
        if target in (None, "expired", "terminated", "lapsed") or self.status.get(c.name) in (
            "terminated",
            "lapsed",
            "expired",
        ):
            return
        old = self.holders.get(c.assigns, c.assignor)
        self.holders[c.assigns] = c.assignee
        self.record(
            t,
            c.assigns,
            HOLDER,
            old,
            c.assignee,
            self.dated(
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
        if self.status.get(c.name) in ("expired", "terminated", "lapsed"):
            return
        self.record(
            t,
            c.name,
            BINDING,
            "no",
            "yes",
            self.dated("binds_from", c.binding_from, on, clause=c.name),
            True,
        )


PAYMENT_DUE, HOLDER, BINDING = tl.PAYMENT, tl.HOLDER, tl.BINDING


def _period_start(d: date, months: int) -> date:
    if months == 12:
        return date(d.year, 1, 1)
    if months == 3:
        return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    return date(d.year, d.month, 1)


def payment_warnings(
    m: model.Model, scenario: model.Scenario, timeline: tl.Timeline
) -> list[Diagnostic]:
    """TL615 for `payments` lines that settle no instalment, TL616 for amounts paid beyond
    what was owed by the horizon."""
    out: list[Diagnostic] = []
    by_clause: dict[str, list[payment_mech.Instalment]] = {}
    for inst in timeline.instalments:
        by_clause.setdefault(inst.clause, []).append(inst)
    for line in scenario.payments:
        c = m.clauses.get(line.clause)
        if isinstance(c, model.RevenueShare) and (line.cash or line.amount is not None):
            out.append(
                Diagnostic(
                    code=PAYMENT_SETTLES_NOTHING,
                    severity=Severity.WARNING,
                    message=f"`{line.clause}` is a revenue share: its payments are dated per "
                    "period, so this amount settles nothing",
                    span=line.span,
                    help="write `PERIOD DATE` for a revenue share; amounts and part payments "
                    "settle a `payment` clause",
                )
            )
            continue
        if not isinstance(c, model.PaymentObligation) or line.on is None:
            continue
        owed = by_clause.get(line.clause, ())
        if line.amount is not None and owed and line.amount.currency != owed[0].amount.currency:
            out.append(
                Diagnostic(
                    code=PAYMENT_SETTLES_NOTHING,
                    severity=Severity.WARNING,
                    message=f"this payment is in {line.amount.currency}, but `{line.clause}` is "
                    f"owed in {owed[0].amount.currency}: it settles nothing",
                    span=line.span,
                    help=f"write the amount in {owed[0].amount.currency}",
                )
            )
            continue
        if line.cash:
            continue
        if not any(i.label == line.period for i in owed):
            out.append(
                Diagnostic(
                    code=PAYMENT_SETTLES_NOTHING,
                    severity=Severity.WARNING,
                    message=f"no instalment of `{line.clause}` fell due for `{line.period}` by "
                    f"{timeline.horizon}: this payment settles nothing",
                    span=line.span,
                    help="pay a one-off payment with a `DATE AMOUNT` line; a period needs a "
                    "revenue figure while the clause is in force",
                )
            )
    for name, owed in by_clause.items():
        lines = [p for p in scenario.payments if p.clause == name]
        in_full = [(p.period, p.on, p.amount) for p in lines if not p.cash and p.on is not None]
        cash = [(p.on, p.amount) for p in lines if p.cash and p.on is not None and p.amount]
        _, over = payment_mech.settle(owed, in_full, cash)
        for on, extra in over:
            paid_then = next((p for p in lines if p.on == on), None)
            out.append(
                Diagnostic(
                    code=OVERPAID,
                    severity=Severity.WARNING,
                    message=f"the payment of {on} under `{name}` is {extra} more than was owed",
                    span=paid_then.span if paid_then is not None else scenario.name_span,
                    help="check the amount, or the instalments the clause gives (caps, period, "
                    "figures)",
                )
            )
    return out


__all__ = ["PartAccrual", "Payments", "payment_warnings"]
