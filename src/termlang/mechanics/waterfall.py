"""Distribution waterfalls: ordered tiers, each paying a share of what flows through it.

A waterfall divides each period's distribution. Tiers are taken in order; the first tier
whose target is not reached is *current*. A tier pays its recipient `share` of the money
flowing through it; the rest of that money (`1 - share`) stays with the payer (or goes to
the waterfall's remainder party). A tier's `until` target is a cumulative amount received
by the tier's recipient from the whole waterfall (earlier tiers count): "75% until
recouped" stops once the recipient has received the investment back, "49% until 10x" once
it has received ten times the investment in all. When a target is reached part-way through
a period, only the money needed to reach it flows through that tier (`headroom / share`);
the rest of the period's distribution flows on to the next tier. A tier without `until`
never ends. Money left when every tier has ended ("then nothing") stays with the payer.

Exact throughout; per period the amounts are rounded together (`exact.split_exact`,
largest remainder) so that the tiers and the payer's part sum to the period's distribution.
The laws (tested with hypothesis): parts sum to the distribution; a recipient never receives
more than its last target; cumulative amounts never decrease.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from attrs import frozen

from termlang.mechanics.exact import frac, split_exact
from termlang.values import Money, Percent


@frozen
class Tier:
    name: str
    recipient: str
    share: Percent
    until: Money | None = None  # the recipient's cumulative receipts that end the tier


@frozen
class TierPayment:
    tier: str
    recipient: str
    amount: Money  # rounded
    exact: Fraction


@frozen
class PeriodResult:
    period: str
    distribution: Money
    payments: tuple[TierPayment, ...]  # one per tier that paid in the period, in tier order
    kept: Money  # what stays with the payer (rounded)
    cumulative: tuple[tuple[str, Money], ...]  # recipient -> received so far (sum of rounded)
    reached: tuple[str, ...]  # tiers whose target was reached in this period


@frozen
class WaterfallResult:
    periods: tuple[PeriodResult, ...]
    reached_in: tuple[tuple[str, str], ...]  # tier -> period in which its target was reached

    def reached(self, tier: str) -> str | None:
        """The period in which `tier`'s target was reached, if it was."""
        return dict(self.reached_in).get(tier)


class Cascade:
    """A waterfall run one period at a time (the interpreter settles periods as they end).

    `step` takes the tiers again each period so that a target that depends on the state of
    the agreement (the amount invested so far) is read when the period is settled; names and
    order must not change between periods.
    """

    def __init__(self, tiers: Sequence[Tier]) -> None:
        self.tiers = tuple(tiers)
        self.received: dict[str, Fraction] = {}
        self.shown: dict[str, Money] = {}
        self.done = [False] * len(self.tiers)
        self.reached_in: list[tuple[str, str]] = []

    def step(
        self, period: str, distribution: Money, tiers: Sequence[Tier] | None = None
    ) -> PeriodResult:
        """Divide one period's distribution (non-negative) among the tiers still running."""
        if tiers is not None:
            self.tiers = tuple(tiers)
        if distribution.amount < 0:
            raise ValueError("a distribution cannot be negative")
        currency = distribution.currency
        flowing = frac(distribution)
        exact_paid: list[tuple[int, Fraction]] = []
        reached: list[str] = []
        for i, tier in enumerate(self.tiers):
            if self.done[i] or flowing == 0:
                continue
            share = frac(tier.share)
            have = self.received.get(tier.recipient, Fraction(0))
            if tier.until is not None and have >= frac(tier.until):
                self.done[i] = True
                reached.append(tier.name)
                continue
            pay = share * flowing
            used = flowing
            if tier.until is not None and share > 0 and have + pay >= frac(tier.until):
                pay = frac(tier.until) - have
                used = pay / share
                self.done[i] = True
                reached.append(tier.name)
            self.received[tier.recipient] = have + pay
            exact_paid.append((i, pay))
            flowing -= used
        total = frac(distribution)
        kept_exact = total - sum((p for _, p in exact_paid), Fraction(0))
        if total == 0:
            rounded = [Money(currency, 0)] * (len(exact_paid) + 1)
        else:
            rounded = split_exact(currency, [p for _, p in exact_paid] + [kept_exact])
        payments = []
        kept = rounded[-1]
        for (i, exact), amount in zip(exact_paid, rounded, strict=False):
            tier = self.tiers[i]
            before = self.shown.get(tier.recipient, Money(currency, 0))
            if tier.until is not None:
                # Rounding each period to the cent may round a payment up; what a recipient
                # has been shown must never pass the tier's target: the excess cent is kept.
                room = Money(currency, tier.until.amount) - before
                if amount > room:
                    kept = kept + (amount - room)
                    amount = room
            payments.append(TierPayment(tier.name, tier.recipient, amount, exact))
            self.shown[tier.recipient] = before + amount
        for name in reached:
            self.reached_in.append((name, period))
        return PeriodResult(
            period=period,
            distribution=distribution,
            payments=tuple(payments),
            kept=kept,
            cumulative=tuple(sorted(self.shown.items())),
            reached=tuple(reached),
        )


def distribute(
    tiers: Sequence[Tier], distributions: Sequence[tuple[str, Money]]
) -> WaterfallResult:
    """Run the waterfall over `(period, distribution)` pairs, in the order given.

    Distributions must be non-negative; all amounts share one currency.
    """
    cascade = Cascade(tiers)
    periods = tuple(cascade.step(period, amount) for period, amount in distributions)
    return WaterfallResult(periods=periods, reached_in=tuple(cascade.reached_in))
