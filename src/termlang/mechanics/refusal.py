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
offered price. Any other third-party deal breaches the right; `DealWhy` says why, as data
(the evaluator turns it into a typed reason; no one reads a sentence back).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from attrs import frozen
else:
    from termlang.nodes import frozen

from termlang.values import Duration, Money


class Silence(enum.Enum):
    DECLINE = "decline"
    ACCEPT = "accept"


class Deal(enum.Enum):
    SALE = "sale"  # the bound party sells: a third party must pay at least the offered price
    PURCHASE = "purchase"  # the bound party buys: it must pay a third party at most that price


class OfferState(enum.StrEnum):
    """Where an offer to the holder stands (the timeline's `offer` aspect)."""

    OPEN = "open"  # made, awaiting an answer within the response window
    ACCEPTED = "accepted"
    DECLINED = "declined"
    LAPSED = "lapsed"  # unanswered when the window ended: silence counts as the clause says


class DealWhy(enum.Enum):
    """Why a third-party deal was or was not permitted (the `deal_why` reason's words)."""

    NO_OFFER = "no_offer"  # no offer was made to the holder first
    WINDOW_OPEN = "window_open"  # the holder's response window was still open
    ACCEPTED = "accepted"  # the holder accepted the offer
    ACCEPTED_BY_SILENCE = "accepted_by_silence"  # ... by silence, as the clause deems it
    TOO_LATE = "too_late"  # more than `deal_within` after the holder declined
    BETTER_TERMS = "better_terms"  # on better terms for the third party than offered
    DECLINED_NO_BETTER = "declined_no_better"  # permitted: declined, on terms no better


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
    state: OfferState  # accepted | declined | lapsed
    decided: date  # the day of the answer, or the day after the window ends
    deemed: str  # accept | decline: what the outcome counts as
    late_response: bool = False


@frozen
class ThirdPartyDeal:
    on: date
    price: Money
    permitted: bool
    why: DealWhy
    offer: OfferOutcome | None  # the last offer made before the deal (None: no offer)
    within: Duration | None = None  # TOO_LATE: the time the clause allowed after a decline


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
        state = OfferState.ACCEPTED if offer.response == "accept" else OfferState.DECLINED
        assert offer.response is not None
        return OfferOutcome(
            offer.made, offer.price, deadline, state, offer.responded, offer.response
        )
    late = offer.responded is not None and offer.responded > deadline
    day_after = date.fromordinal(deadline.toordinal() + 1)
    return OfferOutcome(
        offer.made,
        offer.price,
        deadline,
        OfferState.LAPSED,
        day_after,
        silence.value,
        late_response=late,
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
        return ThirdPartyDeal(on, price, False, DealWhy.NO_OFFER, None)
    last = max(earlier, key=lambda o: o.made)
    if on < last.decided:
        return ThirdPartyDeal(on, price, False, DealWhy.WINDOW_OPEN, last)
    if last.deemed == "accept":
        silent = last.state == OfferState.LAPSED
        why = DealWhy.ACCEPTED_BY_SILENCE if silent else DealWhy.ACCEPTED
        return ThirdPartyDeal(on, price, False, why, last)
    if deal_within is not None and on > deal_within.add_to(last.decided)[0]:
        return ThirdPartyDeal(on, price, False, DealWhy.TOO_LATE, last, deal_within)
    better = price < last.price if deal is Deal.SALE else price > last.price
    if better:
        return ThirdPartyDeal(on, price, False, DealWhy.BETTER_TERMS, last)
    return ThirdPartyDeal(on, price, True, DealWhy.DECLINED_NO_BETTER, last)
