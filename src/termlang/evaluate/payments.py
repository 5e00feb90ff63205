"""What payments leave behind them: the accrual of a penalty on what stays outstanding
(`PartAccrual`), the aspects payments record, and the warnings a scenario's `payments` lines
earn (`payment_warnings`). The family that schedules payments is evaluate/families/payments.py.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from attrs import frozen

from termlang import model
from termlang.diagnostics import Diagnostic, Severity
from termlang.evaluate import timeline as tl
from termlang.mechanics import payment as payment_mech
from termlang.mechanics import penalty as penalty_mech
from termlang.mechanics.exact import to_money as exact_money
from termlang.scenario_codes import OVERPAID, PAYMENT_SETTLES_NOTHING
from termlang.source import Span
from termlang.values import Money


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


PAYMENT_DUE, HOLDER, BINDING = tl.PAYMENT, tl.HOLDER, tl.BINDING


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
                _settles_nothing(
                    f"this payment is in {line.amount.currency}, but `{line.clause}` is "
                    f"owed in {owed[0].amount.currency}: it settles nothing",
                    line.span,
                    f"write the amount in {owed[0].amount.currency}",
                )
            )
            continue
        if line.cash:
            continue
        if not any(i.label == line.period for i in owed):
            out.append(
                _settles_nothing(
                    f"no instalment of `{line.clause}` fell due for `{line.period}` by "
                    f"{timeline.horizon}: this payment settles nothing",
                    line.span,
                    "pay a one-off payment with a `DATE AMOUNT` line; a period needs a "
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


__all__ = ["PartAccrual", "payment_warnings"]


def _settles_nothing(message: str, span: Span | None, help: str) -> Diagnostic:
    """The warning on a scenario's payment line that pays no instalment."""
    return Diagnostic(
        code=PAYMENT_SETTLES_NOTHING,
        severity=Severity.WARNING,
        message=message,
        span=span,
        help=help,
    )
