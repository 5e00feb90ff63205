"""Change of control: the holder receives the greater of a cash amount and the value of
converting.

- **Cash branch**: principal (a SAFE: the purchase amount) plus the interest accrued to the
  closing, plus a premium stated as a percentage of the principal (Series Seed note §5:
  "an amount equal to ... the outstanding principal ... plus ... interest ... plus a premium")
  or as a multiple of it (`2x` pays twice the principal when that is more than principal and
  interest; the older `on_change_of_control 2x` reading).
- **Conversion branch** (an instrument with a valuation cap, when the scenario gives the
  acquisition's price per share and the capitalization): the amount converts at the cap
  price `cap / capitalization` (YC post-money SAFE §1(b): "Conversion Amount" at the
  "Liquidity Price") and the holder receives what those shares are paid in the deal,
  `shares × price per share`.

The payout is the greater of the two (equal: the cash branch, which needs no conversion);
it is never below principal + interest (property-tested).
"""

from __future__ import annotations

from fractions import Fraction

from attrs import frozen


@frozen
class Branches:
    cash: Fraction  # principal + interest + premium (or the multiple)
    conversion: Fraction | None  # value of the shares at the cap, when computable
    shares: Fraction | None  # the shares that value is for
    chosen: str  # cash | conversion

    @property
    def payout(self) -> Fraction:
        if self.chosen == "conversion" and self.conversion is not None:
            return self.conversion
        return self.cash


def cash_branch(
    principal: Fraction,
    interest: Fraction,
    premium_percent: Fraction | None = None,
    multiple: Fraction | None = None,
) -> Fraction:
    """Principal + interest + the premium; with a multiple, at least that multiple."""
    amount = principal + interest
    if premium_percent is not None:
        amount += principal * premium_percent
    if multiple is not None:
        amount = max(amount, principal * multiple)
    return amount


def greater_of(
    cash: Fraction,
    *,
    converting: Fraction | None = None,
    cap_price: Fraction | None = None,
    deal_price: Fraction | None = None,
) -> Branches:
    """The greater of the cash branch and converting `converting` at `cap_price` and being
    paid `deal_price` a share. Fractional shares count at their value (the holder would be
    paid cash for them)."""
    if converting is None or cap_price is None or deal_price is None or cap_price <= 0:
        return Branches(cash=cash, conversion=None, shares=None, chosen="cash")
    shares = converting / cap_price
    value = shares * deal_price
    return Branches(
        cash=cash,
        conversion=value,
        shares=shares,
        chosen="conversion" if value > cash else "cash",
    )
