"""Capitalization for a conversion, and the cap table after a round.

**Which capitalization a cap divides.** A pre-money instrument's cap price is
`valuation_cap / capitalization`, the company's fully diluted shares before the round as
the scenario gives them (Series Seed note: "the Fully Diluted Capitalization immediately
prior to the Qualified Financing"). Whether the option-pool increase of the round counts is
the instrument's choice (`pool_increase included|excluded`, NVCA default: included).

A post-money SAFE's "Company Capitalization" (YC post-money SAFE §2) also includes every
converting security, itself among them, so its ownership is fixed at
`purchase amount / post-money valuation cap`. With `base` the shares before the round
(pool included as the form says), `fixed` the shares issued to converting securities that
do not convert at their cap, and `f_i = purchase amount_i / cap_i` for those that do:

    C = (base + fixed) / (1 − Σ f_i)          cap price_i = cap_i / C

Which securities convert at their cap depends on C (a discount may give a lower price), so
`post_money_capitalization` starts with all at the cap and moves to `fixed` any whose
other price is lower, until none moves (at most one pass per security).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from attrs import frozen


@frozen
class CapConverter:
    name: str
    amount: Fraction  # what converts (a note: with interest)
    cap: Fraction  # the post-money valuation cap
    other_price: Fraction | None  # the best price without the cap (discount or round price)
    units: Callable[[Fraction], Fraction] = lambda shares: shares  # fractions policy


def post_money_capitalization(
    base: Fraction, fixed: Fraction, converters: Sequence[CapConverter]
) -> tuple[Fraction, frozenset[str]]:
    """The company capitalization `C` and the names that convert at their cap."""
    at_cap = {c.name for c in converters}
    extra = Fraction(0)
    while True:
        owned = sum((c.amount / c.cap for c in converters if c.name in at_cap), Fraction(0))
        if owned >= 1:
            raise ValueError("the post-money SAFEs would own all of the company")
        cap_total = (base + fixed + extra) / (1 - owned)
        moved = [
            c
            for c in converters
            if c.name in at_cap and c.other_price is not None and c.other_price < c.cap / cap_total
        ]
        if not moved:
            return cap_total, frozenset(at_cap)
        for c in moved:
            at_cap.discard(c.name)
            assert c.other_price is not None
            extra += c.amount / c.other_price


@frozen
class Row:
    holder: str
    units: Fraction
    percent: Fraction  # of the post-round total, exact


def table(rows: Sequence[tuple[str, Fraction]]) -> tuple[Row, ...]:
    """Holders and units (merged by holder, in first-seen order) with their percentages."""
    merged: dict[str, Fraction] = {}
    for holder, units in rows:
        merged[holder] = merged.get(holder, Fraction(0)) + units
    total = sum(merged.values(), Fraction(0))
    return tuple(Row(h, u, (u / total * 100) if total else Fraction(0)) for h, u in merged.items())
