"""Dissolution and liquidation: claims paid by priority, pro rata within a class.

A dissolution (or a liquidation) pays each claim of the most senior class in full when the
assets allow; when they do not, the class shares what is left pro rata to its claims
(YC post-money SAFE §1(c) "Dissolution Event", ranking of §1(d); SAFT §1(c): "the Company
will pay ... the Purchase Amount ... ratably"). Then the next class is paid from what
remains, and whatever is left after the last class goes to the holders of common equity.

Laws (property-tested): no claim receives more than it is owed; the payouts never exceed
the assets; when the assets are short of a class's claims, its payouts sum to exactly what
was available to it. Exact: payouts are rationals, rounded once by `split_exact` so the
rounded parts of a class still sum to the rounded amount the class received.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from attrs import frozen


@frozen
class Claim:
    holder: str  # the instrument (or party) the payout goes to
    amount: Fraction  # what it is owed (a SAFE: its purchase amount)
    rank: int = 1  # lower ranks are paid first; equal ranks share pro rata


@frozen
class Payout:
    holder: str
    owed: Fraction
    paid: Fraction
    rank: int
    short: bool  # its class was not paid in full


@frozen
class Liquidation:
    payouts: tuple[Payout, ...]
    residual: Fraction  # left for common holders


def distribute(assets: Fraction, claims: Sequence[Claim]) -> Liquidation:
    """Pay `claims` from `assets` by rank, pro rata within a rank."""
    if assets < 0:
        raise ValueError("the assets available cannot be negative")
    left = assets
    payouts: list[Payout] = []
    for rank in sorted({c.rank for c in claims}):
        members = [c for c in claims if c.rank == rank]
        owed = sum((c.amount for c in members), Fraction(0))
        if owed <= left:
            payouts.extend(Payout(c.holder, c.amount, c.amount, rank, False) for c in members)
            left -= owed
            continue
        for c in members:
            share = left * c.amount / owed if owed else Fraction(0)
            payouts.append(Payout(c.holder, c.amount, share, rank, True))
        left = Fraction(0)
    by_holder = {p.holder: p for p in payouts}
    return Liquidation(tuple(by_holder[c.holder] for c in claims), left)
