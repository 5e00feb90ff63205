"""Rights of first refusal and first offer: the life of one offer, and third-party deals.

Before dealing with a third party in the clause's scope, the bound party offers the deal to
the holder on stated terms (a price). The holder answers within the response window:

- **open**: from the day the offer is made until it is answered, or until the window ends;
- **accepted** / **declined**: the holder answered within the window (an answer after the
  window ends is too late and ignored);
- **lapsed**: the window ended without an answer; silence then counts as the clause says:
  `silence decline` (the default) or `silence accept`.

A third-party deal in the scope is **permitted** only after the offer was declined (or
lapsed with silence as decline), within `deal_within` of that decision when the clause sets
it, and on terms no better for the third party than those offered: for a sale the third
party pays at least the offered price, for a purchase the bound party pays at most the
offered price. Any other third-party deal breaches the right; the reason says why.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import date

from attrs import frozen

from termlang.values import Duration, Money


class Silence(enum.Enum):
    DECLINE = "decline"
    ACCEPT = "accept"


class Deal(enum.Enum):
    SALE = "sale"  # the bound party sells: a third party must pay at least the offered price
    PURCHASE = "purchase"  # the bound party buys: it must pay a third party at most that price


@frozen
class Offer:
    made: date
    price: Money
    response: str | None = None  # accept | decline
    responded: date | None = None


@frozen
class OfferOutcome:
    made: date
    price: Money
    deadline: date  # the last day of the response window
    state: str  # accepted | declined | lapsed
    decided: date  # the day of the answer, or the day after the window ends
    deemed: str  # accept | decline: what the outcome counts as
    late_response: bool = False

    def status_on(self, day: date) -> str:
        """`pending` before the offer, `open` while it awaits an answer, then its state."""
        if day < self.made:
            return "pending"
        if day < self.decided:
            return "open"
        return self.state


@frozen
class ThirdPartyDeal:
    on: date
    price: Money
    permitted: bool
    reason: str
    offer: OfferOutcome | None


def decide(
    offer: Offer,
    respond_within: Duration,
    silence: Silence = Silence.DECLINE,
    holidays: Iterable[date] = (),
) -> OfferOutcome:
    """What became of an offer."""
    deadline = respond_within.add_to(offer.made, 1, frozenset(holidays))[0]
    answered = offer.response is not None and offer.responded is not None
    if answered and offer.responded is not None and offer.made <= offer.responded <= deadline:
        state = "accepted" if offer.response == "accept" else "declined"
        assert offer.response is not None
        return OfferOutcome(
            offer.made, offer.price, deadline, state, offer.responded, offer.response
        )
    late = offer.responded is not None and offer.responded > deadline
    day_after = date.fromordinal(deadline.toordinal() + 1)
    return OfferOutcome(
        offer.made, offer.price, deadline, "lapsed", day_after, silence.value, late_response=late
    )


def judge_deal(
    on: date,
    price: Money,
    outcomes: Sequence[OfferOutcome],
    deal: Deal = Deal.SALE,
    deal_within: Duration | None = None,
) -> ThirdPartyDeal:
    """Whether a third-party deal on `on` at `price` was permitted, given the offers made."""
    earlier = [o for o in outcomes if o.made <= on]
    if not earlier:
        return ThirdPartyDeal(on, price, False, "no offer was made to the holder first", None)
    last = max(earlier, key=lambda o: o.made)
    if on < last.decided:
        return ThirdPartyDeal(on, price, False, "the holder's response window was still open", last)
    if last.deemed == "accept":
        why = "the holder accepted the offer" + (" by silence" if last.state == "lapsed" else "")
        return ThirdPartyDeal(on, price, False, why, last)
    if deal_within is not None and on > deal_within.add_to(last.decided)[0]:
        return ThirdPartyDeal(
            on, price, False, f"more than {deal_within} after the holder declined", last
        )
    better = price < last.price if deal is Deal.SALE else price > last.price
    if better:
        return ThirdPartyDeal(
            on, price, False, f"on better terms ({price}) than offered ({last.price})", last
        )
    return ThirdPartyDeal(on, price, True, "declined by the holder, on terms no better", last)
