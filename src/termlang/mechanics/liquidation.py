"""Dissolution and liquidation: claims paid by priority through a waterfall, pro rata within
a rank, the remainder to common holders.

The forms: YC post-money SAFE §1(c) ("Dissolution Event": the Cash-Out Amount, out of the
Proceeds) and §1(d) ("Liquidation Priority": junior to indebtedness and creditor claims, on
par with other SAFEs and preferred stock, pro rata among them when the Proceeds are short,
senior to common stock); SAFT §1(b) (the Discounted Purchase Amount, paid "prior and in
preference" to any distribution to holders of capital stock, "with equal priority and pro
rata" among the SAFTs when the assets legally available are short).

Each rank is one tier of a `mechanics.waterfall` (share 100%, until the rank's claims are
paid), taken in rank order (lower first): the assets flow through the senior rank until it
is paid in full, then on to the next; what flows past the last rank is kept by the company
and goes to its common holders. So the priority is the waterfall's, not a second algorithm.
Within a rank the tier's payment is divided pro rata to the claims (largest remainder,
`values.split_round`): the rounded parts sum to what the rank received.

Rounding: a claim is an amount owed, rounded to the minor unit first (a note's interest to
the day of the dissolution included, as it would be repaid); the assets are money. So a rank
paid in full receives exactly its claims; only a short rank's parts are rounded.

Laws (property-tested, tests/test_instruments.py): no claim receives more than it is owed;
the payouts and the residual sum to the assets; when the assets are short of the claims the
residual is zero; no junior rank receives anything while a senior rank is short.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from termlang.mechanics import waterfall
from termlang.values import Money, Percent, split_round


@frozen
class Claim:
    holder: str  # the instrument (or the scenario's other claim) the payout goes to
    amount: Money  # what it is owed, rounded (a SAFE: its purchase amount)
    rank: int = 1  # lower ranks are paid first; equal ranks share pro rata


@frozen
class Payout:
    holder: str
    owed: Money
    paid: Money
    rank: int
    short: bool  # its rank was not paid in full


@frozen
class Rank:
    """What one rank was owed and received, and what was left when its turn came."""

    rank: int
    holders: tuple[str, ...]
    owed: Money
    available: Money  # the assets left after the senior ranks
    paid: Money

    @property
    def short(self) -> bool:
        return self.paid < self.owed


@frozen
class Liquidation:
    payouts: tuple[Payout, ...]  # in the order of the claims
    ranks: tuple[Rank, ...]  # senior first
    residual: Money  # left for common holders


def distribute(assets: Money, claims: Sequence[Claim]) -> Liquidation:
    """Pay `claims` (all in the currency of `assets`) from `assets` by rank, pro rata within
    a rank, through a waterfall with one tier per rank."""
    if assets.amount < 0:
        raise ValueError("the assets available cannot be negative")
    currency = assets.currency
    if any(c.amount.currency != currency for c in claims):
        raise ValueError("every claim must be in the currency of the assets")
    if any(c.amount.amount < 0 for c in claims):
        raise ValueError("a claim cannot be negative")
    zero = Money(currency, 0).rounded()
    assets = assets.rounded()
    order = sorted({c.rank for c in claims})
    members = {r: [c for c in claims if c.rank == r] for r in order}
    owed = {r: sum((c.amount.rounded() for c in members[r]), zero) for r in order}
    tiers = [waterfall.Tier(str(r), str(r), Percent(100), owed[r]) for r in order]
    step = waterfall.Cascade(tiers).step("dissolution", assets)
    received = {int(p.tier): p.amount for p in step.payments}
    payouts: dict[str, Payout] = {}
    ranks: list[Rank] = []
    left = assets
    for r in order:
        paid = received.get(r, zero)
        short = paid < owed[r]
        ranks.append(Rank(r, tuple(c.holder for c in members[r]), owed[r], left, paid))
        left = left - paid
        weights = [c.amount.amount for c in members[r]]
        if paid.amount > 0 and any(weights):
            parts = split_round(paid, weights)
        else:
            parts = [zero] * len(weights)
        for c, part in zip(members[r], parts, strict=True):
            payouts[c.holder] = Payout(c.holder, c.amount.rounded(), part, r, short)
    return Liquidation(tuple(payouts[c.holder] for c in claims), tuple(ranks), step.kept)
