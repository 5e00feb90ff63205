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


def distribute(
    tiers: Sequence[Tier], distributions: Sequence[tuple[str, Money]]
) -> WaterfallResult:
    """Run the waterfall over `(period, distribution)` pairs, in the order given.

    Distributions must be non-negative; all amounts share one currency.
    """
    received: dict[str, Fraction] = {}
    shown: dict[str, Money] = {}
    done = [False] * len(tiers)
    reached_in: list[tuple[str, str]] = []
    periods: list[PeriodResult] = []
    for period, distribution in distributions:
        if distribution.amount < 0:
            raise ValueError("a distribution cannot be negative")
        currency = distribution.currency
        flowing = frac(distribution)
        exact_paid: list[tuple[int, Fraction]] = []
        reached: list[str] = []
        for i, tier in enumerate(tiers):
            if done[i] or flowing == 0:
                continue
            share = frac(tier.share)
            have = received.get(tier.recipient, Fraction(0))
            if tier.until is not None and have >= frac(tier.until):
                done[i] = True
                reached.append(tier.name)
                continue
            pay = share * flowing
            used = flowing
            if tier.until is not None and share > 0 and have + pay >= frac(tier.until):
                pay = frac(tier.until) - have
                used = pay / share
                done[i] = True
                reached.append(tier.name)
            received[tier.recipient] = have + pay
            exact_paid.append((i, pay))
            flowing -= used
        total = frac(distribution)
        kept_exact = total - sum((p for _, p in exact_paid), Fraction(0))
        if total == 0:
            rounded = [Money(currency, 0)] * (len(exact_paid) + 1)
        else:
            rounded = split_exact(currency, [p for _, p in exact_paid] + [kept_exact])
        payments = []
        for (i, exact), amount in zip(exact_paid, rounded, strict=False):
            tier = tiers[i]
            payments.append(TierPayment(tier.name, tier.recipient, amount, exact))
            shown[tier.recipient] = shown.get(tier.recipient, Money(currency, 0)) + amount
        for name in reached:
            reached_in.append((name, period))
        periods.append(
            PeriodResult(
                period=period,
                distribution=distribution,
                payments=tuple(payments),
                kept=rounded[-1],
                cumulative=tuple(sorted(shown.items())),
                reached=tuple(reached),
            )
        )
    return WaterfallResult(periods=tuple(periods), reached_in=tuple(reached_in))
