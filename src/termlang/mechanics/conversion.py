"""Convertible notes and SAFEs: what happens at the first of the alternative events.

An instrument (a SAFE or a convertible note) has a purchase amount (a note's principal) and
may have a discount, a valuation cap, interest (notes), a maturity and a change-of-control
treatment. The first of these events to happen decides the outcome; the later ones have no
effect:

- **qualified financing** on date `d` at `price` per share, with a fully diluted
  `capitalization` (shares): the amount converts (for a note, principal plus the interest
  accrued to `d`) at the conversion price
  `min(price × (1 - discount), valuation_cap / capitalization)` (the terms the instrument
  has; with neither, at `price`). Shares issued: `floor(amount / conversion price)`; the
  fraction of a share left is paid in cash (`cash`, rounded).
- **change of control**: `repay` pays the amount back (a note: with interest), a multiple
  (`2x`) pays that multiple of the purchase amount, or the amount with interest if more.
- **maturity** (notes): principal plus accrued interest is repaid.

Exact: the conversion price is a rational; `cash` and `converted` are rounded once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

from attrs import frozen

from termlang.mechanics.daycount import DayCount
from termlang.mechanics.exact import frac, to_money
from termlang.mechanics.interest import accrue
from termlang.values import DurationUnit, Money, Multiple, Percent


@frozen
class Instrument:
    kind: str  # safe | note
    amount: Money  # purchase amount or principal
    issued: date
    discount: Percent | None = None
    valuation_cap: Money | None = None
    interest: Percent | None = None  # notes: annual rate
    day_count: DayCount = DayCount.ACTUAL_365
    compounding: DurationUnit | None = None  # None: simple interest
    on_change_of_control: Multiple | None = None  # None: repay


@frozen
class Financing:
    """A priced round: its date, price per share and fully diluted capitalization."""

    on: date
    price: Money
    capitalization: Decimal | None = None  # shares; needed only when a valuation cap applies


@frozen
class Outcome:
    event: str  # qualified_financing | change_of_control | maturity | none
    on: date | None
    converted: Money | None = None  # amount converted (rounded)
    price: Fraction | None = None  # conversion price per share (exact)
    price_basis: str | None = None  # discount | valuation_cap | round_price
    shares: int = 0
    cash: Money | None = None  # paid to the holder (rounded)
    interest: Money | None = None  # accrued interest included (notes, rounded)


def _amount(inst: Instrument, on: date) -> tuple[Fraction, Money | None]:
    """The amount that converts or is repaid on `on`: a note adds accrued interest."""
    if inst.kind != "note" or inst.interest is None:
        return frac(inst.amount), None
    acc = accrue(
        inst.amount,
        inst.interest,
        inst.issued,
        on,
        day_count=inst.day_count,
        compounding=inst.compounding,
    )
    return frac(inst.amount) + acc.exact_interest, acc.interest


def conversion_price(inst: Instrument, round_: Financing) -> tuple[Fraction, str]:
    """The price per share at which the instrument converts in a priced round, and why."""
    candidates: list[tuple[Fraction, str]] = [(frac(round_.price), "round_price")]
    if inst.discount is not None:
        candidates.append((frac(round_.price) * (1 - frac(inst.discount)), "discount"))
    if inst.valuation_cap is not None:
        if not round_.capitalization:
            raise ValueError("a valuation cap needs the round's fully diluted capitalization")
        candidates.append((frac(inst.valuation_cap) / Fraction(round_.capitalization), "cap"))
    best = min(candidates, key=lambda c: c[0])
    names = {"round_price": "round_price", "discount": "discount", "cap": "valuation_cap"}
    return best[0], names[best[1]]


def resolve(
    inst: Instrument,
    *,
    financing: Financing | None = None,
    change_of_control: date | None = None,
    maturity: date | None = None,
) -> Outcome:
    """The outcome of the first event to happen (ties: financing, then change of control,
    then maturity, the order a holder would choose)."""
    events: Sequence[tuple[date, int, str]] = sorted(
        (d, rank, name)
        for d, rank, name in (
            (financing.on if financing else None, 0, "qualified_financing"),
            (change_of_control, 1, "change_of_control"),
            (maturity, 2, "maturity"),
        )
        if d is not None
    )
    if not events:
        return Outcome(event="none", on=None)
    on, _, event = events[0]
    amount, interest = _amount(inst, on)
    currency = inst.amount.currency
    if event == "qualified_financing":
        assert financing is not None
        price, basis = conversion_price(inst, financing)
        if price <= 0:
            raise ValueError("the conversion price must be positive")
        shares = int(amount // price)
        rest = amount - shares * price
        return Outcome(
            event=event,
            on=on,
            converted=to_money(currency, amount),
            price=price,
            price_basis=basis,
            shares=shares,
            cash=to_money(currency, rest),
            interest=interest,
        )
    if event == "change_of_control" and inst.on_change_of_control is not None:
        payout = frac(inst.amount) * frac(inst.on_change_of_control)
        return Outcome(
            event=event, on=on, cash=to_money(currency, max(payout, amount)), interest=interest
        )
    return Outcome(event=event, on=on, cash=to_money(currency, amount), interest=interest)
