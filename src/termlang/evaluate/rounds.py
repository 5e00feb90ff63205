"""Financing rounds: investments grouped under one size (docs/semantics.md, §15).

    round seed_round "Seed round" {
      issuer       corvid
      investments  kestrel_seed, wren_seed, heron_seed
      maximum      USD 3M
      target       USD 2M
      closes       2026-09-30
    }

When the round comes into force its **subscriptions** are totalled: the commitments of its
investments (a commitment-less investment counts its tranches). Against the `maximum` they
are `over` (over-subscribed by the excess), `full` (exactly the maximum) or within it;
against the `target`, `under` (under-subscribed by the gap) or reached. This is the
`subscription` change of the round. Each tranche funded under one of its investments adds to
what the round has **raised**, in total and per investor (a `raised` change); on `closes`
(if given) the round is totalled once more: raised against target and maximum. Amounts are
exact; an investment in another currency than the round's size is left out and said so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from attrs import frozen

from termlang import model
from termlang.evaluate import timeline as tl
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason
from termlang.evaluate.status import Status
from termlang.values import Money

PH_DATED = Phase.DATED
SUBSCRIPTION = tl.SUBSCRIPTION
RAISED = tl.RAISED


@frozen(kw_only=True)
class RoundTotal:
    """A round's total against its size: per investor, in all, and the verdict."""

    round: str
    what: str  # subscribed | raised
    total: Money
    by_investor: tuple[tuple[str, Money], ...]
    maximum: Money | None
    target: Money | None
    verdict: str  # over | full | under | within
    gap: Money | None  # the excess over the maximum (over), the shortfall to the target (under)

    def to_json(self) -> dict[str, Any]:
        return {
            "round": self.round,
            "what": self.what,
            "total": str(self.total),
            "by_investor": {i: str(a) for i, a in self.by_investor},
            "maximum": None if self.maximum is None else str(self.maximum),
            "target": None if self.target is None else str(self.target),
            "verdict": self.verdict,
            "gap": None if self.gap is None else str(self.gap),
        }

    def words(self) -> str:
        """The total against the round's size, as plain text (see `reason`)."""
        return str(self.reason())

    def reason(self) -> Reason:
        """The total against the round's size and the verdict, as a typed reason."""
        verdict: Reason
        if self.verdict == "over":
            verdict = Reason.of("round_over", gap=self.gap)
        elif self.verdict == "under":
            verdict = Reason.of("round_under", gap=self.gap)
        elif self.verdict == "full":
            verdict = Reason.of("round_full")
        elif self.what == "raised" and self.target is not None and self.total < self.target:
            verdict = Reason.of("round_short", gap=self.target - self.total)
        else:
            verdict = Reason.of("round_within")
        both = self.target is not None and self.maximum is not None
        return Reason.of(
            "round_total",
            total=self.total,
            what=self.what,
            target=self.target,
            and_maximum=self.maximum if both else None,
            maximum=None if both else self.maximum,
            verdict=verdict,
        )


def size_currency(c: model.Round) -> str | None:
    size = c.maximum or c.target
    return size.currency if size is not None else None


def total(c: model.Round, amounts: dict[str, Money], what: str, final: bool = True) -> RoundTotal:
    """`amounts` (investor -> amount) against the round's size; short of the target is
    `under` only when `final` (a round still raising is not under-subscribed yet)."""
    currency = size_currency(c) or next(iter(amounts.values()), Money("USD", 0)).currency
    whole = Money(currency, 0)
    for amount in amounts.values():
        whole = whole + amount
    verdict, gap = "within", None
    if c.maximum is not None and whole > c.maximum:
        verdict, gap = "over", whole - c.maximum
    elif final and c.target is not None and whole < c.target:
        verdict, gap = "under", c.target - whole
    elif c.maximum is not None and whole == c.maximum:
        verdict = "full"
    return RoundTotal(
        round=c.name,
        what=what,
        total=whole,
        by_investor=tuple(amounts.items()),
        maximum=c.maximum,
        target=c.target,
        verdict=verdict,
        gap=gap,
    )


def committed(inv: model.Investment) -> Money | None:
    if inv.commitment is not None:
        return inv.commitment
    amounts = [t.amount for t in inv.tranches]
    if not amounts:
        return None
    out = amounts[0]
    for a in amounts[1:]:
        out = out + a
    return out


class Rounds:
    """A part of `facts.Facts` (see evaluate/facts.py and the module docstring)."""

    m: model.Model
    status: dict[str, str]
    windows: dict[str, tuple[date | None, date | None]]
    effective: date | None
    at: Callable[..., None]
    record: Callable[..., None]
    date_of: Callable[..., date | None]

    def setup_rounds(self) -> None:
        self.round_of: dict[str, model.Round] = {}
        self.raised: dict[str, dict[str, Money]] = {}
        for c in self.m.clauses.values():
            if not isinstance(c, model.Round):
                continue
            for name in c.investments:
                self.round_of.setdefault(name, c)
            start = self.windows.get(c.name, (self.effective, None))[0]
            self.at(start, PH_DATED, self.round_opens, c)
            closes = self.date_of(c.closes) if c.closes is not None else None
            self.at(closes, PH_DATED + 2, self.round_closes, c)

    def round_opens(self, t: date, c: model.Round) -> None:
        if self.status.get(c.name) != Status.ACTIVE:
            return
        amounts: dict[str, Money] = {}
        left_out: list[str] = []
        currency = size_currency(c)
        for name in c.investments:
            inv = self.m.clauses.get(name)
            if not isinstance(inv, model.Investment):
                continue
            amount = committed(inv)
            if amount is None:
                continue
            if currency is not None and amount.currency != currency:
                left_out.append(name)
                continue
            old = amounts.get(inv.investor)
            amounts[inv.investor] = amount if old is None else old + amount
        result = total(c, amounts, "subscribed")
        why = Reason.of(
            "round_subscribed", result=result.reason(), left_out=tuple(left_out) or None
        )
        self.record(t, c.name, SUBSCRIPTION, None, result.verdict, why, result)

    def round_funded(self, t: date, investment: str, investor: str, amount: Money) -> None:
        c = self.round_of.get(investment)
        if c is None:
            return
        currency = size_currency(c)
        if currency is not None and amount.currency != currency:
            return
        amounts = self.raised.setdefault(c.name, {})
        old = amounts.get(investor)
        amounts[investor] = amount if old is None else old + amount
        result = total(c, amounts, "raised", final=False)
        self.record(
            t,
            c.name,
            RAISED,
            None,
            str(result.total),
            Reason.of(
                "round_funds",
                investor=investor,
                amount=amount,
                investment=investment,
                result=result.reason(),
            ),
            result,
        )

    def round_closes(self, t: date, c: model.Round) -> None:
        result = total(c, self.raised.get(c.name, {}), "raised")
        self.record(
            t,
            c.name,
            RAISED,
            None,
            str(result.total),
            Reason.of("round_closes", result=result.reason()),
            result,
        )
