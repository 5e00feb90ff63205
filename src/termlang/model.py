"""The semantic model of an agreement: typed declarations with their values converted.

`lower` builds these from the generic items; `resolve` checks every name they mention and
indexes them in a `Model`. Checks, the interpreter and the renderer read only this module's
types. Names are kept as plain strings (validated by `resolve`), so a model is small,
hashable and picklable; date expressions and conditions stay expressions (`ast.Expr`),
because their value depends on a scenario.

Every declaration carries `span` (the whole item), `name_span` and `spans`, a mapping from
field name to the span of the line that set it; none of them take part in equality.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from attrs import field

from termlang.ast import Expr
from termlang.nodes import Node
from termlang.source import Span
from termlang.values import Duration, DurationUnit, Money, Multiple, Percent, Quantity

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen


def _tuple(items: Any) -> tuple[Any, ...]:
    """`tuple` as a Python function: attrs reads a builtin's signature by tokenizing its text."""
    return tuple(items)


def _spans() -> Any:
    return field(factory=lambda: MappingProxyType({}), eq=False, repr=False)


def _loc() -> Any:
    return field(default=None, eq=False, repr=False)


@frozen(kw_only=True, eq=False, repr=False)
class Located(Node):
    """Base of every declaration: where it is written."""

    span: Span | None = _loc()
    name_span: Span | None = _loc()
    spans: Mapping[str, Span] = _spans()
    # `within 5 business_days using uk_holidays`: (field, calendar) for each duration field
    # that names a holiday calendar.
    calendars: tuple[tuple[str, str], ...] = field(default=(), converter=_tuple)

    def where(self, field_name: str) -> Span | None:
        """The span of the line that set `field_name`, else the declaration's name."""
        return self.spans.get(field_name) or self.name_span or self.span

    def calendar(self, field_name: str) -> str | None:
        """The holiday calendar named by the duration in `field_name`, if any."""
        return dict(self.calendars).get(field_name)


# ---------------------------------------------------------------------------- header


@frozen(kw_only=True, eq=False, repr=False)
class Agreement(Located):
    title: str
    kind: str  # mou | term_sheet | definitive
    binding: bool
    binding_clauses: tuple[str, ...] = ()  # clauses that bind even when the document does not
    effective: date
    long_stop: Expr | None = None
    signing: str | None = None  # the event that signs the definitive agreement
    governing_law: str | None = None
    date_rule: str = "clamp"  # month arithmetic: clamp to month end (the only rule so far)
    excludes: tuple[str, ...] = ()  # clause kinds the agreement states it has none of
    note: str | None = None


# ---------------------------------------------------------------------------- vocabularies


@frozen(kw_only=True, eq=False, repr=False)
class Party(Located):
    name: str
    legal_name: str | None = None
    role: str | None = None
    capacity: tuple[Quantity, ...] = ()  # compute a provider can allocate, per dimension
    note: str | None = None


@frozen(kw_only=True, eq=False, repr=False)
class Entity(Located):
    """An outside entity: named by clauses, not a party to the agreement."""

    name: str
    legal_name: str | None = None
    note: str | None = None


@frozen(kw_only=True, eq=False, repr=False)
class Term(Located):
    """An asset, a scope or a revenue stream: a named thing clauses are about."""

    kind: str  # asset | scope | stream
    name: str
    label: str | None = None
    within: str | None = None
    note: str | None = None


@frozen(kw_only=True, eq=False, repr=False)
class Event(Located):
    name: str
    label: str | None = None
    note: str | None = None
    expected: tuple[Expr, Expr] | None = None  # `expected between A and B` (both included)
    recurring: bool = False  # `event model_release recurring`: many dated occurrences


@frozen(kw_only=True, eq=False, repr=False)
class Calendar(Located):
    """`calendar uk_holidays { holiday 2026-12-25 ... }`: days that are not business days."""

    name: str
    label: str | None = None
    holidays: tuple[date, ...] = field(default=(), converter=_tuple)  # sorted, each day once
    note: str | None = None
    # every holiday as written, in order, duplicates included, with the span of its date
    entries: tuple[tuple[date, Span | None], ...] = field(
        default=(), converter=_tuple, eq=False, repr=False
    )


@frozen(kw_only=True, eq=False, repr=False)
class ExchangeRate(Located):
    """`exchange_rate EUR USD 1.08`: one EUR is worth USD 1.08."""

    name: str  # "EUR/USD"
    base: str
    quote: Money


# ---------------------------------------------------------------------------- clause parts


@frozen(kw_only=True, eq=False, repr=False)
class Window(Node):
    """`[start, end)`; an end of None is open."""

    start: Expr
    end: Expr | None


@frozen(kw_only=True, eq=False, repr=False)
class Allow(Located):
    """A suppression written in the file: `allow TL420 "reason"`."""

    code: str
    reason: str


@frozen(kw_only=True, eq=False, repr=False)
class Tier(Located):
    """Who gets priority access next, and how long after the first grantee."""

    grantee: str
    after: Duration


@frozen(kw_only=True, eq=False, repr=False)
class Share(Located):
    party: str
    percent: Percent


@frozen(kw_only=True, eq=False, repr=False)
class Step(Located):
    """`from WHEN { ... }`: values that apply from a date or an event on."""

    at: Expr
    shares: tuple[Share, ...] = ()
    rate: Percent | None = None
    capacity: Quantity | None = None


@frozen(kw_only=True, eq=False, repr=False)
class CarveOut(Located):
    name: str
    entity: str | None = None  # None: any outside entity
    scope: tuple[str, ...] = ()  # empty: the exclusivity's whole scope
    cap: Percent | None = None
    cap_of: str | None = None  # what the cap is a share of ("compute", "revenue", ...)
    when: Expr | None = None
    window: Window | None = None
    note: str | None = None


@frozen(kw_only=True, eq=False, repr=False)
class Tranche(Located):
    name: str
    amount: Money
    on: Expr | None = None  # a date expression
    when: Expr | None = None  # a condition precedent
    deadline: Expr | None = None
    note: str | None = None


@frozen(kw_only=True, eq=False, repr=False)
class Target(Located):
    """An energy or efficiency target: `target pue <= 1.2 by 2027-01-01`."""

    metric: str
    op: str
    value: Percent | Quantity | Money | Any
    by: Expr | None = None


@frozen(kw_only=True, eq=False, repr=False)
class Consequence(Located):
    action: str  # suspend | terminate; on exercise also renew | buy (evaluate/options.py)
    clauses: tuple[str, ...]
    by: Duration | None = None  # `on_exercise renew licence_term 2 years`: the extension


# ---------------------------------------------------------------------------- clauses


@frozen(kw_only=True, eq=False, repr=False)
class Clause(Located):
    name: str
    label: str | None = None
    note: str | None = None
    window: Window | None = None
    starts_when: Expr | None = None
    ends_when: Expr | None = None
    allows: tuple[Allow, ...] = ()
    # Survival after the clause (or the agreement) ends: a duration, True (indefinitely),
    # False (stated not to survive) or None (not said).
    survives: Duration | bool | None = None
    # `binding_from definitive_agreement_signed`: non-binding until that day, binding after
    binding_from: Expr | None = None
    # `recital yes`: a statement of past fact (history, not a term): it never lapses
    recital: bool = False

    kind: str = field(default="clause", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class PriorityAccess(Clause):
    grantee: str
    asset: str
    lead_time: Duration | None = None
    tiers: tuple[Tier, ...] = ()
    each: str | None = None  # a recurring event: the lead applies to each occurrence
    kind: str = field(default="priority_access", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class Split(Clause):
    asset: str
    shares: tuple[Share, ...] = ()
    steps: tuple[Step, ...] = ()
    kind: str = field(default="split", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class Exclusivity(Clause):
    benefits: tuple[str, ...]
    binds: tuple[str, ...]
    scope: tuple[str, ...]
    carve_outs: tuple[CarveOut, ...] = ()
    kind: str = field(default="exclusivity", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class Collaboration(Clause):
    party: str
    partner: str  # an outside entity (or a party)
    scope: tuple[str, ...]
    kind: str = field(default="collaboration", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class Investment(Clause):
    investor: str
    recipient: str
    commitment: Money | None = None
    instrument: str | None = None
    return_cap: Multiple | None = None
    tranches: tuple[Tranche, ...] = ()
    kind: str = field(default="investment", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class Compute(Clause):
    provider: str
    beneficiary: str
    capacity: Quantity | None = None
    steps: tuple[Step, ...] = ()
    targets: tuple[Target, ...] = ()
    kind: str = field(default="compute", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class RevenueShare(Clause):
    payer: str
    payee: str
    streams: tuple[str, ...]
    rate: Percent
    period: DurationUnit = DurationUnit.QUARTER
    cap: Money | None = None
    cap_multiple: Multiple | None = None
    cap_of: str | None = None  # the investment a multiple cap refers to
    steps: tuple[Step, ...] = ()
    due: Duration | None = None  # each period's payment is due this long after its last day
    kind: str = field(default="revenue_share", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class Obligation(Clause):
    parties: tuple[str, ...]
    modality: str  # must | must_not | may
    action: str
    trigger: Expr | None = None
    deadline: Expr | None = None
    within: Duration | None = None  # after the trigger
    fulfilled_by: str | None = None  # an event
    breached_by: str | None = None  # an event
    on_breach: tuple[Consequence, ...] = ()
    each: str | None = None  # a recurring event: one obligation per occurrence
    on_exercise: tuple[Consequence, ...] = ()  # an option's consequences (evaluate/options.py)
    kind: str = field(default="obligation", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class Termination(Clause):
    ends: tuple[str, ...]  # clause names, or "agreement"
    when: Expr | None = None
    on: Expr | None = None
    # term and renewal (docs/semantics.md, "Term and renewal"; evaluate/lifecycle.py)
    term: Duration | None = None  # the initial term, from the clause's start
    renews: Duration | None = None  # each automatic renewal period
    renewals: int | None = None  # at most this many renewals (None: no limit)
    notice: Duration | None = None  # non-renewal notice: at least this long before a term ends
    notice_by: str | None = None  # the event: notice of non-renewal is given
    convenience: Duration | None = None  # termination for convenience takes effect this long
    convenience_by: str | None = None  # ... after this event (the notice)
    kind: str = field(default="termination", init=False)


# ---------------------------------------------------------------------------- financing mechanics


@frozen(kw_only=True, eq=False, repr=False)
class FirstRefusal(Clause):
    """Before dealing with a third party in `scope`, `binds` must offer the deal to `holder`."""

    holder: str
    binds: tuple[str, ...]
    scope: tuple[str, ...]
    respond_within: Duration
    silence: str = "decline"  # decline | accept: what no answer in the window counts as
    deal: str = "sale"  # sale | purchase: which way "terms no better" compares prices
    deal_within: Duration | None = None  # after a decline, how long the third-party deal may take
    kind: str = field(default="first_refusal", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class FirstOffer(FirstRefusal):
    kind: str = field(default="first_offer", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class WaterfallTier(Located):
    """`tier recoup { to microsoft; share 75%; until recouped msft_investment }`."""

    name: str
    to: str
    share: Percent
    until_amount: Money | None = None  # `until USD 5B`
    until_multiple: Multiple | None = None  # `until 10x of X` (`recouped X` is 1x of X)
    until_of: str | None = None  # the investment the multiple refers to
    note: str | None = None


@frozen(kw_only=True, eq=False, repr=False)
class Waterfall(Clause):
    payer: str
    distributes: str  # the stream whose scenario `distribution` figures are divided
    tiers: tuple[WaterfallTier, ...] = ()
    remainder: str | None = None  # who keeps what no tier pays (default: the payer)
    kind: str = field(default="waterfall", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class Penalty(Clause):
    """Liquidated damages that accrue per period of delay in performing `on`."""

    on: str  # an obligation (late against its deadline) or a revenue share (late payments)
    payer: str | None = None  # who pays the penalty (default: the party that is late)
    payee: str | None = None  # who receives it
    rate_amount: Money | None = None  # `rate EUR 500 per day`
    rate_percent: Percent | None = None  # `rate 0.1% of EUR 5M per day`, `rate 1% per month`
    rate_of: Money | None = None  # the base of a percentage (None: the late amount)
    per: Duration
    basis: str = "pro_rata"  # pro_rata | started_period
    cap: Money | None = None
    cap_percent: Percent | None = None  # a cap as a share of the base (or the late amount)
    terminate_after: Duration | Money | None = None
    force_majeure: tuple[Window, ...] = ()  # suspension intervals (dates or events)
    kind: str = field(default="penalty", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class Loan(Clause):
    lender: str
    borrower: str
    principal: Money
    rate: Percent
    compounding: DurationUnit | None = None  # None: simple interest
    day_count: str = "actual_365"  # actual_365 | actual_360 | thirty_360 | actual_actual
    drawn: Expr | None = None  # a date expression: interest runs from then
    maturity: Expr | None = None
    kind: str = field(default="loan", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class Convertible(Clause):
    """A SAFE or a convertible note: converts at the first qualified financing, unless a
    change of control or the maturity comes first."""

    instrument: str  # safe | note
    holder: str
    issuer: str
    amount: Money
    issued: Expr | None = None  # date expression (interest runs from then); default effective
    discount: Percent | None = None
    valuation_cap: Money | None = None
    rate: Percent | None = None  # notes: interest
    compounding: DurationUnit | None = None
    day_count: str = "actual_365"
    maturity: Expr | None = None
    qualified_financing: str | None = None  # an event; the scenario gives its price
    equity_financing: str | None = None  # an alternative event converting into shares
    change_of_control: str | None = None  # an event
    on_change_of_control: Multiple | None = None  # None: repay
    # instruments (docs/mechanics.md, "Instruments"; evaluate/instruments.py)
    units: str = "shares"  # what a conversion issues: shares, tokens, any unit
    fractions: str = "round_down"  # round_down | nearest | issue
    fraction_places: int = 0  # `issue`: decimal places of the units issued
    at_maturity: str = "repay"  # repay | convert | election
    maturity_price: Money | None = None  # conversion at maturity (None: at the cap)
    election_window: Duration | None = None  # the holder elects within it, ending at maturity
    premium: Percent | Multiple | None = None  # on a change of control, of the principal
    minimum: Money | None = None  # the qualified financing's minimum size
    minimum_counts: str = "new_money"  # new_money | conversions (converting amounts count)
    financing_deadline: Expr | None = None  # a later financing does not qualify
    dissolution: str | None = None  # an event: the amount is paid back from the assets
    on_dissolution: Money | Percent | None = None  # at most, or a share of the amount
    rank: int = 1  # priority on a dissolution; equal ranks share pro rata
    capitalization: str = "pre_money"  # pre_money | post_money (YC post-money SAFE)
    pool_increase: str = "included"  # whether the round's pool increase counts
    series: str | None = None  # the class its holders consent as (amendments, waivers)
    consent: Percent | str | None = None  # `majority` (> 50%) or the share (at least) of
    # the class's principal whose holders' consent binds them all
    precedence: tuple[str, ...] = ()  # outcome events in the order they win a same-day tie
    kind: str = field(default="convertible", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class MinimumCommitment(Clause):
    party: str
    stream: str | None = None  # measured on the stream's `revenue` or `volume` figures
    payments: str | None = None  # or on what a revenue share pays
    floor: Money | Quantity | None = None  # per period
    share: Percent | None = None  # of the stream's `forecast` figures
    period: DurationUnit = DurationUnit.YEAR
    kind: str = field(default="minimum_commitment", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class Weight(Located):
    party: str
    value: Money | Quantity | Percent | Decimal


@frozen(kw_only=True, eq=False, repr=False)
class Allocation(Clause):
    amount: Money
    weights: tuple[Weight, ...] = ()
    rounding: str = "largest_remainder"  # largest_remainder | down
    kind: str = field(default="allocation", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class PaymentObligation(Clause):
    """`payment`: a payer owes a payee an amount (fixed, price × quantity, or a share of a
    stream per period), due on a date or N days after one, optionally capped (see
    `termlang.mechanics.payment`)."""

    payer: str
    payee: str
    amount: Money | None = None  # a fixed amount
    price: Money | None = None  # `price USD 40` × `quantity 5_000 seats`
    quantity: Quantity | Decimal | None = None
    share: Percent | None = None  # `amount 8% of routing_revenue`: a share of a stream
    share_of: str | None = None
    period: DurationUnit | None = None  # one instalment per period (a share of a stream)
    due: Expr | None = None  # a date expression: the last day to pay on time
    due_after: Duration | None = None  # `due 30 days after X` (or after each period)
    cap_per_period: Money | None = None  # `cap GBP 500K per period`
    cap: Money | None = None  # in total
    kind: str = field(default="payment", init=False)

    def fixed_amount(self) -> Money | None:
        """A one-off payment's amount (`amount`, or `price × quantity`); None for a share."""
        if self.amount is not None:
            return self.amount
        if self.price is not None and self.quantity is not None:
            count = self.quantity.amount if isinstance(self.quantity, Quantity) else self.quantity
            return self.price * count
        return None


@frozen(kw_only=True, eq=False, repr=False)
class Licence(Clause):
    """`licence`: a licensor grants a licensee rights in a subject, in a field and territory."""

    licensor: str
    licensee: str
    subject: tuple[str, ...]  # assets
    field_of_use: tuple[str, ...] = ()  # scopes
    territory: tuple[str, ...] = ()  # scopes
    exclusive: bool = False
    fee: str | None = None  # the `payment` (or `revenue_share`) that pays for it
    kind: str = field(default="licence", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class Assignment(Clause):
    """`assignment`: on an event, a clause's rights move from one party to another."""

    assigns: str  # the clause whose rights move
    assignor: str
    assignee: str
    on: Expr  # a date expression (an event's day)
    kind: str = field(default="assignment", init=False)


@frozen(kw_only=True, eq=False, repr=False)
class Round(Clause):
    """Investments grouped into one financing round, with a target or maximum size."""

    issuer: str
    investments: tuple[str, ...]
    maximum: Money | None = None
    target: Money | None = None
    closes: Expr | None = None  # the day the round is totalled (a date expression)
    kind: str = field(default="round", init=False)


# The clause classes this module defines, for `match` and narrowing in the code that predates
# the registry. A kind declared in its own module (lower/kinds/) defines its class there, as a
# subclass of `Clause`, and is found through the registry (`lower.registry.KINDS[kw].model`):
# nothing needs to list it here, since every stage reads a clause through `Clause`'s fields,
# its `kind` and the registry's data (the schema, `Rendering`).
AnyClause = (
    PriorityAccess
    | Split
    | Exclusivity
    | Collaboration
    | Investment
    | Compute
    | RevenueShare
    | Obligation
    | Termination
    | FirstRefusal
    | FirstOffer
    | Waterfall
    | Penalty
    | Loan
    | Convertible
    | MinimumCommitment
    | Allocation
    | PaymentObligation
    | Licence
    | Assignment
    | Round
)


# ---------------------------------------------------------------------------- scenarios


@frozen(kw_only=True, eq=False, repr=False)
class Occurrence(Located):
    event: str
    on: date | None  # None: the event never happens


@frozen(kw_only=True, eq=False, repr=False)
class Series(Located):
    """A metric's value for a stream over a period: its `distribution`, `forecast` or
    `volume` (money or a quantity), or its revenue (a `Figure`)."""

    metric: str  # revenue | distribution | forecast | volume
    subject: str  # the stream
    period: str  # canonical period text (`2026`, `2026-Q1`, `2026-03`)
    start: date
    end: date
    amount: Money | Quantity


@frozen(kw_only=True, eq=False, repr=False)
class Figure(Series):
    """Revenue of a stream for a period (2026-Q1): a `Series` whose amount is money, kept in
    `Scenario.figures` because the revenue streams and their exchange rates read it."""

    amount: Money


@frozen(kw_only=True, eq=False, repr=False)
class Expectation(Located):
    """`expect DATE { key args }`: one thing that must hold at a date (checked by `test`)."""

    at: date
    what: str  # status | holder | paid | funded | share | in_force | lapsed | cap_reached ...
    args: tuple[Expr, ...]


@frozen(kw_only=True, eq=False, repr=False)
class Financing(Located):
    """`financing series_a { price USD 2; capitalization 10M shares }`: a priced round."""

    event: str
    price: Money
    capitalization: Decimal | None = None  # fully diluted shares
    raised: Money | None = None  # new money (qualified-financing minimum)
    pool_increase: Decimal | None = None  # option-pool shares added by the round


@frozen(kw_only=True, eq=False, repr=False)
class Proceeds(Located):
    """`proceeds dissolution USD 800K`: the assets available to instrument holders."""

    event: str
    amount: Money
    claims: tuple[ProceedsClaim, ...] = field(default=(), converter=_tuple)  # the others


@frozen(kw_only=True, eq=False, repr=False)
class ProceedsClaim(Located):
    """`debt USD 600K` (rank 0) or `preferred USD 400K rank 1` in a `proceeds` block: a claim
    on the assets besides the instruments (docs/mechanics.md, "Dissolution and liquidation")."""

    name: str
    amount: Money
    rank: int = 0  # 0: ahead of every instrument (creditors); else as a convertible's `rank`


@frozen(kw_only=True, eq=False, repr=False)
class Consent(Located):
    """`consent series_seed 2026-09-15 larkspur, merlin`: holders consenting to an amendment
    or a waiver of a class of instruments."""

    series: str
    on: date
    holders: tuple[str, ...]


@frozen(kw_only=True, eq=False, repr=False)
class HolderElection(Located):
    """`election kestrel_note convert 2027-11-20`: a holder's election at maturity."""

    clause: str
    choice: str  # convert | repay
    on: date


@frozen(kw_only=True, eq=False, repr=False)
class Waiver(Located):
    """`waived renewal_option 2030-05-01`: the holder of an option gave it up that day."""

    clause: str
    on: date


@frozen(kw_only=True, eq=False, repr=False)
class OfferMade(Located):
    """`offer compute_rofr { made 2026-05-01; price USD 10B; decline 2026-05-12 }`."""

    clause: str
    made: date
    price: Money
    response: str | None = None  # accept | decline; None: no answer
    responded: date | None = None


@frozen(kw_only=True, eq=False, repr=False)
class ThirdPartyDeal(Located):
    """`third_party compute_rofr 2026-06-01 USD 9.5B`: a deal with someone else."""

    clause: str
    on: date
    price: Money


@frozen(kw_only=True, eq=False, repr=False)
class Payment(Located):
    """`payments running_royalty { 2027-Q2 2027-09-15 }`: when a period's payment was made."""

    clause: str
    period: str
    start: date
    end: date
    on: date | None  # None: `never`
    amount: Money | None = None  # a `payment`'s part payment (None: in full)
    cash: bool = False  # `DATE AMOUNT`: paid that day, applied to the oldest instalment first


# Scenario facts (issue 12): occurrences of recurring events, readings, amounts funded,
# third-party acts. Their meaning is in evaluate/occurrences.py, observations.py, acts.py.


@frozen(kw_only=True, eq=False, repr=False)
class Instance(Located):
    """`model_release gpt_n 2026-01-15 { ga 2026-04-20 }`: one occurrence of a recurring event."""

    event: str
    id: str
    on: date
    attributes: tuple[tuple[str, date], ...] = ()  # dated attributes (`ga`), in order


@frozen(kw_only=True, eq=False, repr=False)
class Reading(Located):
    """`measure pue 2026 1.22` / `delivered azure_capacity 2027 900 MW`: a measured figure."""

    kind: str  # measure | delivered
    subject: str  # a target's metric (measure) or a compute clause (delivered)
    period: str
    start: date
    end: date
    value: Decimal | Percent | Quantity


@frozen(kw_only=True, eq=False, repr=False)
class FundedAmount(Located):
    """`funded softbank_round.first USD 8.5B`: a tranche funded with another amount."""

    tranche: str
    amount: Money


@frozen(kw_only=True, eq=False, repr=False)
class Act(Located):
    """`deal openai oracle compute_sourcing 2026-03-10 USD 10B`: what a party did outside the
    agreement (`deal` or `grant`), judged against the clauses it touches."""

    verb: str  # deal | grant
    party: str
    counterparty: str
    scope: str
    on: date
    amount: Money | None = None
    # a grant's `{ field ...; territory ... }` (evaluate/grants.py): none means every one
    fields: tuple[str, ...] = ()
    territories: tuple[str, ...] = ()


@frozen(kw_only=True, eq=False, repr=False)
class Scenario(Located):
    name: str
    label: str | None = None
    note: str | None = None
    default: bool = False
    horizon: date | None = None
    occurrences: tuple[Occurrence, ...] = ()
    figures: tuple[Figure, ...] = ()  # revenue only
    expectations: tuple[Expectation, ...] = ()
    series: tuple[Series, ...] = ()
    financings: tuple[Financing, ...] = ()
    offers: tuple[OfferMade, ...] = ()
    third_party_deals: tuple[ThirdPartyDeal, ...] = ()
    payments: tuple[Payment, ...] = ()
    instances: tuple[Instance, ...] = ()
    readings: tuple[Reading, ...] = ()
    fundings: tuple[FundedAmount, ...] = ()
    acts: tuple[Act, ...] = ()
    proceeds: tuple[Proceeds, ...] = ()
    elections: tuple[HolderElection, ...] = ()
    consents: tuple[Consent, ...] = ()
    waivers: tuple[Waiver, ...] = ()  # options given up (evaluate/options.py)
    capitalization: Decimal | None = None  # fully diluted shares when no financing says


@frozen(kw_only=True, eq=False, repr=False)
class Broken(Located):
    """A declaration whose fields had errors: its name still resolves, so that one mistake
    does not also make every reference to it "undefined"."""

    name: str
    kind: str  # the declaration keyword (`party`, `exclusivity`, ...)


@frozen(kw_only=True, eq=False, repr=False)
class Property(Located):
    """`property name "label" { always|never COND }` or `{ eventually COND by DATE }`: a
    statement about every course of events, proved or refuted by `termlang verify`."""

    name: str
    label: str | None = None
    mode: str  # always | never | eventually
    condition: Expr
    by: date | None = None  # `eventually ... by DATE`
    note: str | None = None


@frozen(kw_only=True, eq=False, repr=False)
class Bound(Located):
    """`revenue api between USD 0 and USD 50B per quarter` in a `verify` block: the range a
    scenario figure may take in any period, for `termlang verify`."""

    metric: str  # revenue | distribution
    subject: str  # the stream
    low: Money
    high: Money
    per: DurationUnit


@frozen(kw_only=True, eq=False, repr=False)
class VerifySettings(Located):
    """The `verify { ... }` block: how far and how widely `termlang verify` explores."""

    horizon: date | None = None
    limit: int | None = None
    bounds: tuple[Bound, ...] = ()


Declaration = (
    Agreement
    | Party
    | Entity
    | Term
    | Event
    | Calendar
    | ExchangeRate
    | AnyClause
    | Scenario
    | Broken
    | Property
    | VerifySettings
)


@frozen(kw_only=True, eq=False, repr=False)
class Model(Node):
    """A resolved agreement: every declaration by name, in file order."""

    path: str = field(eq=False)
    agreement: Agreement | None
    parties: Mapping[str, Party]
    entities: Mapping[str, Entity]
    terms: Mapping[str, Term]  # assets, scopes and streams (one namespace)
    events: Mapping[str, Event]
    rates: Mapping[str, ExchangeRate]
    clauses: Mapping[str, AnyClause]
    scenarios: Mapping[str, Scenario]
    calendars: Mapping[str, Calendar] = field(factory=lambda: MappingProxyType({}))
    properties: Mapping[str, Property] = field(factory=lambda: MappingProxyType({}))
    verify: VerifySettings | None = None
    # The names the agreement's own declarations refer to, and those its scenarios refer to
    # (`resolve` records both; `checks/hygiene.py` reads them). Derived: not compared.
    used_by_agreement: frozenset[str] = field(default=frozenset(), eq=False, repr=False)
    used_by_scenarios: frozenset[str] = field(default=frozenset(), eq=False, repr=False)
    # the `within` index of `chains()`, built on first use (not compared, not printed)
    _chains: ChainIndex | None = field(default=None, init=False, eq=False, repr=False)

    def holidays(self, calendar: str | None) -> frozenset[date]:
        """The holidays of a calendar (none for None or an unknown name)."""
        found = self.calendars.get(calendar) if calendar else None
        return frozenset(found.holidays) if found else frozenset()

    def assets(self) -> list[Term]:
        return [t for t in self.terms.values() if t.kind == "asset"]

    def scopes(self) -> list[Term]:
        return [t for t in self.terms.values() if t.kind == "scope"]

    def streams(self) -> list[Term]:
        return [t for t in self.terms.values() if t.kind == "stream"]

    def chains(self) -> ChainIndex:
        """The `within` links of the terms, indexed on first use: O(1) questions after."""
        index = self._chains
        if index is None:
            index = ChainIndex.of_terms(self)
            object.__setattr__(self, "_chains", index)
        return index

    def ancestors(self, term: str) -> list[str]:
        """`term` and every term it sits within, innermost first (cycles cut)."""
        chain: list[str] = []
        seen: set[str] = set()
        current: str | None = term
        while current is not None and current not in seen:
            chain.append(current)
            seen.add(current)
            parent = self.terms.get(current)
            current = parent.within if parent is not None else None
        return chain

    def contains(self, outer: str, inner: str) -> bool:
        """Whether scope/asset `inner` is `outer` or sits (transitively) within it."""
        return self.chains().contains(outer, inner)

    def overlaps(self, a: str, b: str) -> bool:
        """Two terms overlap when one contains the other."""
        return self.chains().overlaps(a, b)


class ChainIndex:
    """Where names lie on the chains of `within` links, each question in O(1) after O(n) setup.

    `parent` maps a name to the next one (`scope b within a`: b -> a); a chain stops at a name
    with no parent or when it comes back to a name it passed. Every chain ends at a root or
    runs into a cycle. A name on a cycle lies on every chain that runs into that cycle, at a
    distance along the cycle from where the chain enters it. Any other name lies on the chains
    that start in its subtree (the names whose chain passes through it), which a depth-first
    numbering of the reversed links answers by interval.
    """

    def __init__(self, parent: dict[str, str]) -> None:
        self.parent = parent
        self.cycle: dict[str, int] = {}  # the cycle a chain runs into, by number
        self.position: dict[str, int] = {}  # of a name on its cycle, in chain order
        self.loops: list[list[str]] = []  # each cycle's names, in chain order
        state: dict[str, int] = {}  # 1: on the path being walked, 2: done
        for first in parent:
            path: list[str] = []
            name: str | None = first
            while name is not None and name not in state:
                state[name] = 1
                path.append(name)
                name = parent.get(name)
            end: int | None = None
            if name is not None and state[name] == 1:  # this walk closed a new cycle
                end = len(self.loops)
                loop = path[path.index(name) :]
                self.loops.append(loop)
                self.position.update((n, i) for i, n in enumerate(loop))
            elif name is not None:
                end = self.cycle.get(name)
            for n in path:
                state[n] = 2
                if end is not None:
                    self.cycle[n] = end
        children: dict[str, list[str]] = {}
        for n, p in parent.items():
            if n not in self.position:
                children.setdefault(p, []).append(n)
        self.enter: dict[str, int] = {}
        self.leave: dict[str, int] = {}
        self.top: dict[str, str] = {}  # where a tree name's chain leaves the trees
        clock = 0
        for top in children:
            if top in parent and top not in self.position:
                continue  # not a top: reached from its own parent
            stack: list[tuple[str, bool]] = [(top, False)]
            while stack:
                n, done = stack.pop()
                if done:
                    self.leave[n] = clock
                    continue
                self.enter[n] = clock
                self.top[n] = top
                clock += 1
                stack.append((n, True))
                stack.extend((c, False) for c in children.get(n, ()))

    def _on(self, start: str, name: str) -> bool:
        if start == name:
            return True
        if name in self.position:
            return self.cycle.get(start) == self.cycle[name]
        if name not in self.enter or start not in self.enter:
            return False
        return self.enter[name] <= self.enter[start] < self.leave[name]

    def _distance(self, start: str, name: str) -> tuple[int, int]:
        """An order key along the chain from `start` for a name on it."""
        if name not in self.position:  # in the trees: deeper names come first
            return (0, -self.enter.get(name, 0))
        entry = start if start in self.position else self.top[start]
        return (1, (self.position[name] - self.position[entry]) % len(self.loops[self.cycle[name]]))

    def contains(self, outer: str, inner: str) -> bool:
        """Whether `outer` is on the chain from `inner` (`Model.contains`, in O(1))."""
        return self._on(inner, outer)

    def overlaps(self, a: str, b: str) -> bool:
        """Whether one of `a` and `b` is on the other's chain (`Model.overlaps`, in O(1))."""
        return self._on(a, b) or self._on(b, a)

    def root(self, name: str) -> str:
        """The last name on the chain from `name` (`Model.ancestors(name)[-1]`, in O(1))."""
        if name in self.position:
            entry = name
        elif name in self.top:
            entry = self.top[name]
            if entry not in self.position:
                return entry
        else:
            return name
        loop = self.loops[self.cycle[entry]]
        return loop[(self.position[entry] - 1) % len(loop)]

    @classmethod
    def of_terms(cls, model: Model) -> ChainIndex:
        """The `within` links of a model's terms."""
        return cls({n: t.within for n, t in model.terms.items() if t.within is not None})

    def reaches(self, start: str | None, name: str, stop: str) -> bool:
        """Whether the chain from `start` (included) comes to `name` before it comes to `stop`."""
        if start is None or not self._on(start, name):
            return False
        if not self._on(start, stop):
            return True
        return self._distance(start, name) < self._distance(start, stop)
