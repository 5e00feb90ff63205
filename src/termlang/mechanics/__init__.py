"""The financing and commercial mechanics of term sheets, as pure and exact functions.

Each module computes one mechanic from plain values (dates, `Money`, `Percent`, `Duration`),
independently of the language: the interpreter feeds them the figures of a scenario, the
checker calls them to test a clause against itself, and the tests check them against the
worked examples of docs/mechanics.md.

- `exact`: rationals and the one rounding point for amounts that are not finite decimals
- `daycount`: year fractions under actual/365, actual/360, 30/360 and actual/actual
- `interest`: simple and compound interest between two dates
- `waterfall`: ordered distribution tiers with recoup and cap targets
- `penalty`: liquidated damages per period of delay, capped, with a termination threshold
  and force-majeure suspension
- `units`, `change_of_control`, `maturity`, `liquidation`, `captable`: notes, SAFEs and SAFTs
  (units and fractions, the greater-of payout, the election, dissolution by rank, the round)
- `commitment`: minimum commitments and the shortfall per period
- `deadlines`: business-day deadlines with a holiday calendar
- `allocation`: pro-rata allocation with exact rounding that sums to the whole
- `refusal`: rights of first refusal and first offer (offer state machine)

Nothing here rounds except `exact.to_money` (which agrees with `Money.rounded`) and
`values.split_round`; every function documents which of its results are rounded.
"""
