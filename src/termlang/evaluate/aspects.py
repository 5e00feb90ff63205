"""The aspects a timeline's changes are about: plain names, no interpreter.

`Change.aspect` is one of these names, and `State` reads each into its own field. They live
apart from `timeline.py` so that what only names an aspect (the static validation of `expect`
lines that `termlang check` runs) does not import the interpreter; `timeline` re-exports
them, so `tl.STATUS` reads as before. Under type checking, `State` and `Timeline` read here
too, for annotations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from termlang.evaluate.timeline import State as State
    from termlang.evaluate.timeline import Timeline as Timeline

__all__ = [
    "ACCESS",
    "ACT",
    "AGREEMENT",
    "ALLOCATION",
    "AMENDMENT",
    "BINDING",
    "CAP",
    "CAPACITY",
    "CAP_EXISTING",
    "CAP_NEW",
    "CAP_POOL",
    "CAP_TABLE",
    "CONVERSION",
    "DEAL",
    "DUE",
    "ELECTION",
    "EVERYONE",
    "FUNDED",
    "HOLDER",
    "INTEREST",
    "INVESTED",
    "NOTICE_BY",
    "OBSERVED",
    "OFFER",
    "PAID",
    "PAYMENT",
    "PENALTY",
    "PENALTY_CAP",
    "RAISED",
    "RECEIVED",
    "RENEWAL",
    "REPAID",
    "SHORTFALL",
    "SPLIT",
    "STATUS",
    "SUBSCRIPTION",
    "SURVIVES",
    "TERMINATE_RIGHT",
    "TIER",
]

# Aspects a change can be about, and the State field each one feeds.
STATUS = "status"  # clause, tranche, carve-out or "agreement"
ACCESS = "access"  # asset -> ((holder, since), ...)
SPLIT = "split"  # asset -> ((party, Percent), ...)
FUNDED = "funded"  # investor -> cumulative Money
INVESTED = "invested"  # investment -> cumulative Money
PAID = "paid"  # revenue share -> cumulative Money
CAP = "cap_reached"  # revenue share -> date
CAPACITY = "capacity"  # compute clause -> Quantity
DUE = "due"  # obligation -> deadline date
# The financing and commercial mechanics (docs/semantics.md, section 8).
OFFER = "offer"  # first refusal / first offer -> open | accepted | declined | lapsed
DEAL = "third_party_deal"  # first refusal / first offer -> Deal (permitted or a breach)
RECEIVED = "received"  # waterfall -> ((recipient, cumulative Money), ...)
TIER = "tier_reached"  # `waterfall.tier` -> date its target was reached
PENALTY = "penalty"  # penalty -> accrued Money at that change (State reads the accruals)
PENALTY_CAP = "penalty_cap"  # penalty -> date its cap was reached
TERMINATE_RIGHT = "terminate_right"  # penalty -> date the right to terminate arises
INTEREST = "interest"  # loan -> accrued Money at that change (State reads the loans)
REPAID = "repaid"  # loan or convertible -> Money paid back to the holder or lender
CONVERSION = "conversion"  # convertible -> Conversion
SHORTFALL = "shortfall"  # minimum commitment -> (period, shortfall) for one period
ALLOCATION = "allocation"  # allocation -> ((party, Money), ...)
SURVIVES = "survives"  # clause -> the last day of its survival (None: indefinitely)
RENEWAL = "renewal"  # termination with a `term` -> the last day of the renewed term
NOTICE_BY = "notice_by"  # termination with a `term` -> last day for notice of non-renewal
# Payments, assignments and binding status (evaluate/payments.py).
PAYMENT = "payment"  # payment clause -> an instalment arose, was paid or fell overdue
HOLDER = "holder"  # clause -> the party holding its rights after an assignment
BINDING = "binding"  # clause -> it binds from that day (`binding_from`)
# Scenario facts (issue 12: evaluate/observations.py, acts.py).
OBSERVED = "observed"  # `clause.metric` or compute clause -> Verdict for one period
ACT = "act"  # clause (or party) -> a third-party act judged under it
SUBSCRIPTION = "subscription"  # round -> its commitments against its size (rounds.RoundTotal)
RAISED = "raised"  # round -> what it has raised so far, against its size
ELECTION = "election"  # note -> open | exercised | expired (the holder's maturity election)
CAP_TABLE = "cap_table"  # financing event -> CapTable after the round
AMENDMENT = "amendment"  # series of instruments -> binding | not_binding (holders' consent)
# A cap table's rows other than parties (the renderers word them)
CAP_EXISTING, CAP_POOL, CAP_NEW = "existing_holders", "pool_increase", "new_investors"

EVERYONE = "everyone"  # the holder that stands for general availability
AGREEMENT = "agreement"
