"""Units issued on a conversion, the fractions policy, and how a unit price is shown.

An amount `A` converts at a price `p` per unit (shares, tokens or any declared unit) into
`A / p` units, rarely a whole number. The instrument's fractions policy says what is issued:

- `round_down` (the default; Series Seed note, YC SAFE practice): `floor(A / p)` units, the
  rest of the amount, `A − units × p`, is paid in cash;
- `nearest`: `A / p` rounded half-even to a whole unit, no cash; the difference
  `A − units × p` (negative when rounded up) is what the rounding gave or took;
- `issue`: fractional units to `places` decimal places (rounded down), the rest in cash.

In every case `units × p + cash = A` exactly (the law the property tests check); `cash` is
an exact rational here and becomes money once, when it is reported.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from attrs import frozen
else:
    from termlang.nodes import frozen

from termlang.mechanics.exact import exact_money, round_half_even, to_money
from termlang.values import Money, minor_units

POLICIES = ("round_down", "nearest", "issue")
DEFAULT_PLACES = 18  # `fractions issue` without a precision: an ERC-20 token's 18 decimals


@frozen
class Issue:
    """What a conversion issues: `units` (exact) and the exact `cash` rest (may be negative
    under `nearest`)."""

    units: Fraction
    cash: Fraction


def issue(amount: Fraction, price: Fraction, policy: str = "round_down", places: int = 0) -> Issue:
    """The units `amount` buys at `price` under the fractions `policy` (see the module)."""
    if price <= 0:
        raise ValueError("the conversion price must be positive")
    exact = amount / price
    match policy:
        case "nearest":
            units = Fraction(round_half_even(exact))
        case "issue":
            scale = 10**places
            units = Fraction((exact * scale).numerator // (exact * scale).denominator, scale)
        case _:
            units = Fraction(exact.numerator // exact.denominator)
    return Issue(units=units, cash=amount - units * price)


def units_decimal(units: Fraction) -> Decimal:
    """Issued units as a decimal (they always are one: whole, or cut to `places`)."""
    money = exact_money("XXX", units)
    assert money is not None, "issued units are a finite decimal"
    return money.amount


def units_text(units: Fraction) -> str:
    """`1_250_000` or `1_234.5`: issued units with `_` between thousands."""
    value = units_decimal(units)
    whole, _, rest = f"{value:f}".partition(".")
    return f"{int(whole):_}" + (f".{rest}" if rest else "")


def price_text(currency: str, price: Fraction, places: int | None = None) -> str:
    """A unit price as money: exact when it has at most the currency's minor units (or
    `places`), otherwise rounded half-even to them and marked `≈`; never a fraction."""
    shown_places = minor_units(currency) if places is None else places
    exact = exact_money(currency, price)
    if exact is not None and _places(exact.amount) <= shown_places:
        return str(Money(currency, exact.amount.quantize(Decimal(1).scaleb(-shown_places))))
    if places is None:
        # Show enough places to be exact when that takes at most 6 (USD 0.1234), else round.
        if exact is not None and _places(exact.amount) <= 6:
            return str(exact)
        rounded = to_money(currency, price)
        return f"≈ {rounded}"
    scaled = round_half_even(price * 10**shown_places)
    return f"≈ {Money(currency, Decimal(scaled).scaleb(-shown_places))}"


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0
