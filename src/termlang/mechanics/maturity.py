"""A note's treatment at maturity, and the holder's election between repayment and
conversion.

The note states one of:

- `repay` (the default): principal plus accrued interest is repaid on demand at maturity;
- `convert`: the principal plus interest converts automatically at maturity, at a stated
  price (`maturity_price`) or at the cap (`valuation_cap / capitalization`, the
  Series Seed note §4(b) "Maturity Conversion");
- `election`: the holder elects conversion or repayment within a window ending at maturity
  (NVCA model note §2.3: "at the election of the Requisite Holders"); without an election
  the note is repaid.

The election is a small option lifecycle: **open** from `maturity − window` through the
maturity (both included), **exercised** when the holder elects within it, **expired** when
the maturity passes without an election. An election outside the window does not count.
"""

from __future__ import annotations

from datetime import date

from attrs import frozen


@frozen
class Election:
    status: str  # open | exercised | expired | none (no window yet)
    choice: str | None  # convert | repay, when exercised
    on: date | None  # the day of the election (exercised) or of the expiry
    late: bool = False  # an election was made outside the window


def elect(opens: date, maturity: date, made: date | None, choice: str | None, at: date) -> Election:
    """The state of the election at `at`: window `[opens, maturity]`, the holder's election
    (if any) made on `made`."""
    in_window = made is not None and opens <= made <= maturity
    if in_window and made is not None and made <= at:
        return Election("exercised", choice, made)
    if at > maturity:
        return Election("expired", None, maturity, late=made is not None and not in_window)
    if at >= opens:
        return Election("open", None, None)
    return Election("none", None, None)


def treatment(kind: str, election: Election | None) -> str:
    """What happens at maturity: `repay` or `convert`."""
    if kind == "convert":
        return "convert"
    if kind == "election" and election is not None and election.status == "exercised":
        return election.choice or "repay"
    return "repay"
