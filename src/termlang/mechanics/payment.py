"""Payments: what fell due, what was paid, and what is outstanding at any date.

An **instalment** is one amount a payer owes a payee: a fixed fee, `price × quantity`, or a
period's share of a stream. It *arises* on the day it is known (the clause's start for a fee,
the first day after its period for a share of a period's revenue) and is *due* on its due
date, the last day on which paying is on time.

**Settlement.** The scenario's `payments` lines pay an instalment in full on a date, pay a
part of it, or pay an amount on a date that is applied to the instalments in due-date order,
oldest first (`settle`). A payment made on day `d` counts from the start of `d`, like an event.

**Status at the start of day `at`** (`status_at`), for an instalment that has arisen:

| status | when |
| --- | --- |
| `paid` | nothing is outstanding |
| `due` | nothing paid yet, and `at` is on or before the due date |
| `partly paid` | something paid, something outstanding, `at` on or before the due date |
| `overdue` | something outstanding after the due date: `days_late = at − due` |

`paid + outstanding = amount` at every date (tested with hypothesis). Exact: amounts are
`Money` rounded once per instalment (`Money.rounded()`, half-even) before caps apply.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from termlang.values import Money

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen


class PaymentStatus(enum.Enum):
    DUE = "due"
    PAID = "paid"
    PARTLY_PAID = "partly paid"
    OVERDUE = "overdue"

    @property
    def word(self) -> str:
        """The word an `expect` line uses (`partly_paid`)."""
        return self.value.replace(" ", "_")


STATUS_WORDS = tuple(s.word for s in PaymentStatus)


@frozen(kw_only=True)
class Instalment:
    """One amount owed under a payment clause."""

    clause: str
    label: str  # the period (`2026-Q3`) or `once`
    payer: str
    payee: str
    amount: Money  # after caps, rounded
    uncapped: Money  # what would have been due without the caps
    arises: date
    due: date
    paid: tuple[tuple[date, Money], ...] = ()  # settlements, in date order

    def paid_by(self, at: date) -> Money:
        """What was paid by the start of day `at` (never more than the amount)."""
        total = Money(self.amount.currency, 0)
        for on, part in self.paid:
            if on <= at:
                total = total + part
        return min(total, self.amount, key=lambda m: m.amount)

    def outstanding(self, at: date) -> Money:
        return self.amount - self.paid_by(at)

    def status_at(self, at: date) -> InstalmentState | None:
        """The instalment at the start of `at`; None before it arises."""
        if at < self.arises:
            return None
        paid = self.paid_by(at)
        outstanding = self.amount - paid
        late = (at - self.due).days if outstanding.amount > 0 and at > self.due else 0
        if outstanding.amount <= 0:
            status = PaymentStatus.PAID
        elif late > 0:
            status = PaymentStatus.OVERDUE
        elif paid.amount > 0:
            status = PaymentStatus.PARTLY_PAID
        else:
            status = PaymentStatus.DUE
        return InstalmentState(
            clause=self.clause,
            label=self.label,
            status=status,
            amount=self.amount,
            uncapped=self.uncapped,
            paid=paid,
            outstanding=outstanding,
            due=self.due,
            days_late=late,
        )

    def paid_on(self) -> date | None:
        """The day the last part was paid, once the instalment is paid in full."""
        total = Money(self.amount.currency, 0)
        for on, part in self.paid:
            total = total + part
            if total >= self.amount:
                return on
        return None


@frozen(kw_only=True)
class InstalmentState:
    """An instalment as it stands at a date: typed, worded only by the renderers."""

    clause: str
    label: str
    status: PaymentStatus
    amount: Money
    uncapped: Money
    paid: Money
    outstanding: Money
    due: date
    days_late: int

    def to_json(self) -> dict[str, object]:
        return {
            "clause": self.clause,
            "instalment": self.label,
            "status": self.status.value,
            "amount": str(self.amount),
            "paid": str(self.paid),
            "outstanding": str(self.outstanding),
            "due": self.due.isoformat(),
            "days_late": self.days_late,
        }


def cap_amounts(
    uncapped: Sequence[Money], per_period: Money | None, total: Money | None
) -> list[Money]:
    """Each amount limited by the cap per period, then by what the total cap leaves."""
    out: list[Money] = []
    used: Money | None = None
    for amount in uncapped:
        value = amount
        if per_period is not None and per_period.currency == value.currency:
            value = min(value, per_period, key=lambda m: m.amount)
        if total is not None and total.currency == value.currency:
            left = total - (used if used is not None else Money(total.currency, 0))
            value = min(value, left, key=lambda m: m.amount)
            if value.amount < 0:
                value = Money(value.currency, 0)
        out.append(value)
        used = value if used is None else used + value
    return out


def settle(
    instalments: Sequence[Instalment],
    in_full: Iterable[tuple[str, date, Money | None]],
    cash: Iterable[tuple[date, Money]],
) -> tuple[list[Instalment], list[tuple[date, Money]]]:
    """Apply the scenario's payments: `(label, date, part or None for the rest)` to named
    instalments, then each `(date, amount)` to the oldest outstanding instalments. Returns
    the settled instalments and what was paid beyond every amount owed (overpayments)."""
    paid: dict[int, list[tuple[date, Money]]] = {i: [] for i in range(len(instalments))}
    by_label = {inst.label: i for i, inst in enumerate(instalments)}

    def owed(i: int, by: date | None = None) -> Money:
        inst = instalments[i]
        total = Money(inst.amount.currency, 0)
        for on, part in paid[i]:
            if by is None or on <= by:
                total = total + part
        return inst.amount - total

    over: list[tuple[date, Money]] = []
    for label, on, part in in_full:
        i = by_label.get(label)
        if i is None:
            continue
        rest = owed(i)
        if part is not None and part.currency != rest.currency:
            continue  # another currency settles nothing (the interpreter warns)
        value = rest if part is None else min(part, rest, key=lambda m: m.amount)
        if value.amount > 0:
            paid[i].append((on, value))
        if part is not None and part.currency == rest.currency and part > rest:
            over.append((on, part - rest))
    order = sorted(range(len(instalments)), key=lambda i: (instalments[i].due, i))
    currencies = {inst.amount.currency for inst in instalments}
    for on, amount in sorted(cash, key=lambda p: p[0]):
        if amount.currency not in currencies:
            continue  # another currency settles nothing (the interpreter warns)
        left = amount
        for i in order:
            if left.amount <= 0:
                break
            rest = owed(i)
            if rest.currency != left.currency or rest.amount <= 0:
                continue
            value = min(rest, left, key=lambda m: m.amount)
            paid[i].append((on, value))
            left = left - value
        if left.amount > 0:
            over.append((on, left))
    settled = [
        Instalment(
            clause=inst.clause,
            label=inst.label,
            payer=inst.payer,
            payee=inst.payee,
            amount=inst.amount,
            uncapped=inst.uncapped,
            arises=inst.arises,
            due=inst.due,
            paid=tuple(sorted(paid[i], key=lambda p: p[0])),
        )
        for i, inst in enumerate(instalments)
    ]
    return settled, over
