"""Minimum commitments: a floor per period, or a share of a forecast, and the shortfall.

For each period the required amount is the fixed `floor`, or `share × forecast` of the
period, or the larger of the two when both are given. The shortfall is
`max(0, required - actual)`; a period without an actual figure counts as zero. Amounts are
money or quantities of one dimension; nothing is rounded except the shown money figures
(the required amount of a percentage of a forecast can have more decimals than the
currency).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from attrs import frozen

from termlang.values import Money, Percent, Quantity

Amount = TypeVar("Amount", Money, Quantity)


@frozen
class PeriodShortfall:
    period: str
    required: Money | Quantity
    actual: Money | Quantity
    shortfall: Money | Quantity
    cumulative_shortfall: Money | Quantity


def _zero(like: Money | Quantity) -> Money | Quantity:
    return like * 0


def _show(value: Money | Quantity) -> Money | Quantity:
    return value.rounded() if isinstance(value, Money) else value


def shortfalls(
    periods: Sequence[str],
    actual: dict[str, Money | Quantity],
    *,
    floor: Money | Quantity | None = None,
    share: Percent | None = None,
    forecast: dict[str, Money | Quantity] | None = None,
) -> list[PeriodShortfall]:
    """The required amount, actual amount and shortfall of each period, in order."""
    if floor is None and share is None:
        raise ValueError("a minimum commitment needs a floor or a share of a forecast")
    out: list[PeriodShortfall] = []
    total = None
    for period in periods:
        required = floor
        if share is not None:
            base = (forecast or {}).get(period)
            if base is not None:
                part = base * share
                required = part if required is None or part > required else required
        if required is None:
            continue
        got = actual.get(period) or _zero(required)
        short = required - got if required > got else _zero(required)
        total = short if total is None else total + short
        out.append(PeriodShortfall(period, _show(required), _show(got), _show(short), _show(total)))
    return out
