"""Pro-rata allocation of an amount among several parties, with exact rounding.

Each party's exact part is `total × weight / sum of weights`. Two rounding rules:

- `largest_remainder`: `values.split_round` (Hamilton): parts sum exactly to the rounded
  total, each within one minor unit of its exact value;
- `down`: each part rounded down to the minor unit; the units left over are reported as
  `unallocated` (they stay with the payer).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from termlang.mechanics.exact import frac
from termlang.values import Money, minor_units, split_round

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen


class Rounding(enum.Enum):
    LARGEST_REMAINDER = "largest_remainder"
    DOWN = "down"


ROUNDING_WORDS = tuple(r.value for r in Rounding)


class WeightsProblem(enum.Enum):
    """Why weights cannot divide an amount (the `allocation_failed` reason's words)."""

    NONE = "no_weights"
    NEGATIVE = "negative_weight"
    ALL_ZERO = "zero_weights"


def weights_problem(weights: Sequence[Decimal]) -> WeightsProblem | None:
    """What makes `weights` unable to divide an amount, if anything (`allocate` refuses them)."""
    if not weights:
        return WeightsProblem.NONE
    if any(w < 0 for w in weights):
        return WeightsProblem.NEGATIVE
    if sum(weights) == 0:
        return WeightsProblem.ALL_ZERO
    return None


@frozen
class Allocation:
    parts: tuple[Money, ...]
    unallocated: Money


def allocate(
    total: Money, weights: Sequence[Decimal], rounding: Rounding = Rounding.LARGEST_REMAINDER
) -> Allocation:
    """Split `total` in proportion to `weights` (non-negative, not all zero: see
    `weights_problem`, else ValueError)."""
    problem = weights_problem(weights)
    if problem is not None:
        raise ValueError(f"weights: {problem.value}")
    if rounding is Rounding.LARGEST_REMAINDER:
        parts = split_round(total, weights)
        return Allocation(tuple(parts), Money(total.currency, 0).rounded())
    places = minor_units(total.currency)
    whole = sum((frac(w) for w in weights), Fraction(0))
    parts = []
    for w in weights:
        exact = frac(total) * frac(w) / whole * 10**places
        units = exact.numerator // exact.denominator
        parts.append(Money(total.currency, Decimal(units).scaleb(-places)))
    rest = total.rounded() - sum(parts, Money(total.currency, 0))
    return Allocation(tuple(parts), rest.rounded())
