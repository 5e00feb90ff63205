"""Exact rationals for the mechanics, and the rounding point for amounts that need one.

Interest over 181/365 of a year or a price of cap / shares is not a finite decimal, so the
mechanics compute with `fractions.Fraction` and turn a result into `Money` once, here.
`to_money` rounds half-even to the currency's minor units, exactly like `Money.rounded`
(a test checks that they agree on every decimal), so there is one rounding rule for money.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from fractions import Fraction
from math import lcm

from termlang.values import Money, Multiple, Percent, minor_units, split_round

_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def frac(value: Decimal | int | Percent | Multiple | Money | Fraction) -> Fraction:
    """The exact rational of a decimal, an integer, a percentage (as a fraction), a multiple
    or an amount."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Percent):
        return Fraction(value.value) / 100
    if isinstance(value, Multiple):
        return Fraction(value.value)
    if isinstance(value, Money):
        return Fraction(value.amount)
    return Fraction(value)


def round_half_even(value: Fraction) -> int:
    """The integer nearest to `value`, ties to even (exact)."""
    floor = value.numerator // value.denominator
    rest = value - floor
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and floor % 2 == 1):
        return floor + 1
    return floor


def to_money(currency: str, amount: Fraction) -> Money:
    """`amount` of `currency`, rounded half-even to the minor units (the rounding point).

    Equal to `Money(currency, d).rounded()` whenever `amount` is a finite decimal `d`.
    """
    places = minor_units(currency)
    units = round_half_even(amount * 10**places)
    return Money(currency, _shifted(units, places))


def _shifted(units: int, places: int) -> Decimal:
    """`units` × 10^-places, exactly: built from its digits, never through a decimal context
    (whose 28-digit precision would round a large amount silently)."""
    return Decimal(units).scaleb(-places, context=_EXACT)


def exact_money(currency: str, amount: Fraction) -> Money | None:
    """`amount` as an exact (unrounded) `Money`, or None if it is not a finite decimal."""
    den = amount.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    if den != 1:
        return None
    places = 0
    while (amount * 10**places).denominator != 1:
        places += 1
    return Money(currency, _shifted(int(amount * 10**places), places))


def split_exact(currency: str, parts: Sequence[Fraction]) -> list[Money]:
    """Round exact parts of a whole so that the rounded parts sum to the rounded whole.

    The parts are turned into integer weights and handed to `values.split_round`
    (largest remainder): each rounded part is within one minor unit of its exact value.
    Parts must be non-negative and not all zero.
    """
    total = sum(parts, Fraction(0))
    common = lcm(*(p.denominator for p in parts))
    weights = [Decimal(int(p * common)) for p in parts]
    whole = exact_money(currency, total)
    if whole is None:
        # The whole itself is not a finite decimal: split its rounded value instead.
        whole = to_money(currency, total)
    return split_round(whole, weights)
