"""The interpreter's side of notes, SAFEs and SAFTs (docs/mechanics.md, "Instruments").

A `convertible` has alternative outcomes: conversion at a qualified financing (or a token
launch), a payout on a change of control, a pro-rata payout on a dissolution, and, for a
note, its treatment at maturity. The first to happen decides and the others become
impossible (on the same day: financing, change of control, dissolution, maturity). The
dates are the scenario's, so the whole plan of one instrument is known when it is set up:
`plan` is a pure function of the model and the scenario, which the outcome handlers also use
to find the other instruments of a round (a post-money SAFE's capitalization includes them)
or of a dissolution (they share the assets pro rata).

What is recorded: the `conversion` and `repaid` changes the timeline already knows, an
`election` change for a note's maturity election (open, exercised, expired), a
`qualification` change when a financing does not qualify (below the minimum, after the
deadline), and a `cap_table` change after each priced round. The arithmetic is
`termlang.mechanics` (units, change_of_control, liquidation, captable, maturity).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import partial
from typing import Any
from weakref import WeakKeyDictionary

import attrs
from attrs import frozen

from termlang import model
from termlang.dates import shift
from termlang.evaluate import timeline as tl
from termlang.evaluate.core import Core
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason
from termlang.evaluate.status import OptionStatus, Status
from termlang.mechanics import captable as captable_mech
from termlang.mechanics import change_of_control as coc_mech
from termlang.mechanics import liquidation as liquidation_mech
from termlang.mechanics import maturity as maturity_mech
from termlang.mechanics import units as units_mech
from termlang.mechanics.daycount import DayCount
from termlang.mechanics.exact import frac, split_exact, to_money
from termlang.mechanics.interest import accrue
from termlang.values import Duration, Money, Percent

# The phases of a day this module schedules in (evaluate/phases.py).
PH_DATED, PH_SETTLE = Phase.DATED, Phase.SETTLE
QUALIFICATION = "qualification"  # convertible -> why a financing did not qualify
RANKS = {
    "qualified_financing": 0,
    "equity_financing": 1,
    "change_of_control": 2,
    "dissolution": 3,
    "maturity": 4,
}


@frozen
class Plan:
    """One instrument's outcome in a scenario, decided from the scenario's dates."""

    event: str | None  # the winning event (None: nothing happens by the horizon)
    on: date | None
    not_qualified: tuple[date, Reason] | None = None  # a financing that did not qualify, why
    election: tuple[date, date] | None = None  # the election window [opens, maturity]


def _issued(eng: Core, c: model.Convertible) -> date | None:
    found: date | None = eng.date_of(c.issued) if c.issued is not None else eng.effective
    return found


def owed(eng: Core, c: model.Convertible, on: date) -> tuple[Fraction, Fraction]:
    """(principal, interest accrued to `on`) as exact rationals; a SAFE has no interest."""
    start = _issued(eng, c)
    if c.instrument != "note" or c.rate is None or start is None:
        return frac(c.amount), Fraction(0)
    acc = accrue(
        c.amount, c.rate, start, on, day_count=DayCount(c.day_count), compounding=c.compounding
    )
    return frac(c.amount), acc.exact_interest


def _financing(eng: Core, event: str | None) -> model.Financing | None:
    if event is None:
        return None
    return next((f for f in eng.scenario.financings if f.event == event), None)


class Unresolved(ValueError):
    """A conversion the scenario does not give enough to settle, and why."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(str(reason))
        self.reason = reason


def _convertibles(eng: Core) -> list[model.Convertible]:
    return [c for c in eng.m.clauses.values() if isinstance(c, model.Convertible)]


def qualification(eng: Core, c: model.Convertible, on: date) -> Reason | None:
    """Why the financing on `on` does not qualify for `c` (None: it does)."""
    deadline = eng.date_of(c.financing_deadline) if c.financing_deadline is not None else None
    if deadline is not None and on > deadline:
        return Reason.of("qualify_late", deadline=deadline)
    if c.minimum is None:
        return None
    fin = _financing(eng, c.qualified_financing)
    if fin is None or fin.raised is None:
        return Reason.of("qualify_no_size", minimum=c.minimum)
    size = frac(fin.raised)
    counted = "new_money"
    if c.minimum_counts == "conversions":
        for other in _convertibles(eng):
            if other.qualified_financing == c.qualified_financing:
                principal, interest = owed(eng, other, on)
                size += principal + interest
        counted = "with_conversions"
    if fin.raised.currency != c.minimum.currency:
        return Reason.of(
            "qualify_currency", currency=fin.raised.currency, minimum=c.minimum.currency
        )
    if size < frac(c.minimum):
        shown = to_money(c.minimum.currency, size)
        return Reason.of("qualify_small", raised=shown, counted=counted, minimum=c.minimum)
    return None


def tie_rank(c: model.Convertible, outcome: str) -> int:
    """Where `outcome` stands in a same-day tie: the events `precedence` names first, in its
    order, then the usual order (financing, equity financing, change of control, dissolution,
    maturity)."""
    event = getattr(c, outcome, None) if outcome != "maturity" else None
    if event is not None and event in c.precedence:
        return c.precedence.index(event)
    return len(c.precedence) + RANKS[outcome]


def plan(eng: Core, c: model.Convertible) -> Plan:
    """Which event decides `c` in the scenario, and when (see the module docstring)."""
    events = eng.env.events
    candidates: list[tuple[date, int, str]] = []
    not_qualified = None
    qf_on = events.get(c.qualified_financing) if c.qualified_financing else None
    if qf_on is not None:
        why = qualification(eng, c, qf_on)
        if why is None:
            candidates.append((qf_on, tie_rank(c, "qualified_financing"), "qualified_financing"))
        else:
            not_qualified = (qf_on, why)
    for event, name in (
        (c.equity_financing, "equity_financing"),
        (c.change_of_control, "change_of_control"),
        (c.dissolution, "dissolution"),
    ):
        on = events.get(event) if event else None
        if on is not None:
            candidates.append((on, tie_rank(c, name), name))
    maturity = eng.date_of(c.maturity) if c.instrument == "note" else None
    if maturity is not None:
        candidates.append((maturity, tie_rank(c, "maturity"), "maturity"))
    election = None
    if c.at_maturity == "election" and maturity is not None:
        opens = maturity
        if c.election_window is not None:
            opens = _minus(maturity, c.election_window)
        election = (opens, maturity)
    if not candidates:
        return Plan(None, None, not_qualified, election)
    on, _, event = min(candidates)
    if election is not None and on < election[0]:
        election = None  # decided before the window opens
    if not_qualified is not None and not_qualified[0] > on:
        not_qualified = None
    return Plan(event, on, not_qualified, election)


def _minus(d: date, window: Duration) -> date:
    return shift(d, -1, window)[0]


def schedule(eng: Core, c: model.Convertible) -> None:
    """Put `c`'s change points on the engine's heap."""
    p = plan(eng, c)
    _consents(eng, c)
    if p.not_qualified is not None:
        on, why = p.not_qualified
        eng.at(on, PH_DATED, partial(_not_qualified, eng), c, why)
    if p.election is not None:
        opens, maturity = p.election
        eng.at(opens, PH_DATED - 1, partial(_election_opens, eng), c, maturity)
        made = _holder_election(eng, c)
        if made is not None and opens <= made.on <= maturity:
            eng.at(made.on, PH_DATED - 1, partial(_election_exercised, eng), c, made)
    if p.event is not None and p.on is not None:
        eng.at(p.on, PH_DATED, partial(settle, eng), c, p.event)
        fin = _financing(eng, c.qualified_financing)
        first = next(
            d for d in _convertibles(eng) if d.qualified_financing == c.qualified_financing
        )
        if (
            p.event == "qualified_financing"
            and first is c
            and fin is not None
            and fin.capitalization is not None
        ):
            eng.at(p.on, PH_SETTLE, partial(_cap_table, eng), c.qualified_financing, fin)


def _consents(eng: Core, c: model.Convertible) -> None:
    """Schedule the judgement of each consent to an amendment of `c`'s series (once per
    series: from its first instrument)."""
    if c.series is None:
        return
    first = next(d for d in _convertibles(eng) if d.series == c.series)
    if first is not c:
        return
    for consent in eng.scenario.consents:
        if consent.series == c.series:
            eng.at(consent.on, PH_SETTLE, partial(_judge_consent, eng), consent)


def consent_threshold(m: model.Model, series: str) -> Percent | str:
    """The series's consent threshold (`majority` unless an instrument states one)."""
    for d in m.clauses.values():
        if isinstance(d, model.Convertible) and d.series == series and d.consent is not None:
            return d.consent
    return "majority"


def _judge_consent(eng: Core, t: date, consent: model.Consent) -> None:
    outstanding = [
        d
        for d in _convertibles(eng)
        if d.series == consent.series and eng.status.get(d.name) == Status.ACTIVE
    ]
    total = sum((frac(d.amount) for d in outstanding), Fraction(0))
    agreed = sum((frac(d.amount) for d in outstanding if d.holder in consent.holders), Fraction(0))
    threshold = consent_threshold(eng.m, consent.series)
    if threshold == "majority":
        binding = total > 0 and agreed * 2 > total
    else:
        assert isinstance(threshold, Percent)
        binding = total > 0 and agreed >= total * frac(threshold)
    currency = outstanding[0].amount.currency if outstanding else "USD"
    share = to_money(currency, agreed / total * 100).amount if total else 0
    why = Reason.of(
        "consent",
        agreed=to_money(currency, agreed),
        total=to_money(currency, total),
        series=(consent.series,),
        share=Percent(Decimal(share)),
        on=t,
        rule="majority" if threshold == "majority" else "at_least",
        threshold=None if threshold == "majority" else threshold,
        binds="yes" if binding else "no",
    )
    eng.record(t, consent.series, tl.AMENDMENT, None, "binding" if binding else "not_binding", why)


def _holder_election(eng: Core, c: model.Convertible) -> model.HolderElection | None:
    return next((e for e in eng.scenario.elections if e.clause == c.name), None)


def _not_qualified(eng: Core, t: date, c: model.Convertible, why: Reason) -> None:
    reason = Reason.of(
        "not_qualified", financing=c.qualified_financing, on=t, clause=c.name, cause=why
    )
    eng.record(t, c.name, QUALIFICATION, None, "not qualified", reason, str(why))


def _election_opens(eng: Core, t: date, c: model.Convertible, maturity: date) -> None:
    if eng.in_force(c.name):
        eng.record(
            t,
            c.name,
            tl.ELECTION,
            None,
            OptionStatus.OPEN,
            Reason.of("election_open", maturity=maturity),
        )


def _election_exercised(eng: Core, t: date, c: model.Convertible, e: model.HolderElection) -> None:
    if eng.in_force(c.name):
        eng.record(
            t,
            c.name,
            tl.ELECTION,
            OptionStatus.OPEN,
            OptionStatus.EXERCISED,
            Reason.of("election_made", choice=e.choice, on=t),
        )


def settle(eng: Core, t: date, c: model.Convertible, event: str) -> None:
    """The outcome of `c`'s winning `event` on `t`."""
    if not eng.in_force(c.name):
        return
    match event:
        case "qualified_financing":
            _convert_at_financing(eng, t, c)
        case "equity_financing":
            _convert_at_financing(eng, t, c, equity=True)
        case "change_of_control":
            _change_of_control(eng, t, c)
        case "dissolution":
            _dissolution(eng, t, c)
        case _:
            _maturity(eng, t, c)


# ------------------------------------------------------------------ conversion


def _base(c: model.Convertible, fin: model.Financing) -> Fraction | None:
    if fin.capitalization is None:
        return None
    base = Fraction(fin.capitalization)
    if fin.pool_increase is not None and c.pool_increase == "included":
        base += Fraction(fin.pool_increase)
    return base


def _other_price(c: model.Convertible, fin: model.Financing) -> tuple[Fraction, str]:
    price = frac(fin.price)
    if c.discount is not None and price * (1 - frac(c.discount)) < price:
        return price * (1 - frac(c.discount)), "discount"
    return price, "round_price"


def conversion_price(
    eng: Core, c: model.Convertible, fin: model.Financing, on: date
) -> tuple[Fraction, str]:
    """The lowest of the round's price, the discounted price and the cap price (pre-money:
    cap / capitalization; post-money: cap / company capitalization, see mechanics.captable)."""
    best = _other_price(c, fin)
    if c.valuation_cap is None:
        return best
    base = _base(c, fin)
    if base is None or base <= 0:
        raise Unresolved(
            Reason.of("no_capitalization", event=fin.event, written=f"financing {fin.event}")
        )
    if c.capitalization == "post_money":
        company = _company_capitalization(eng, c, fin, on, base)
    else:
        company = base
    cap_price = frac(c.valuation_cap) / company
    return (cap_price, "valuation_cap") if cap_price < best[0] else best


def _company_capitalization(
    eng: Core, c: model.Convertible, fin: model.Financing, on: date, base: Fraction
) -> Fraction:
    """Shares before the round plus every converting security (YC post-money SAFE §2)."""
    fixed = Fraction(0)
    converters: list[captable_mech.CapConverter] = []
    for d in _convertibles(eng):
        if d.qualified_financing != c.qualified_financing or plan(eng, d).event != (
            "qualified_financing"
        ):
            continue
        principal, interest = owed(eng, d, on)
        amount = principal + interest
        if d.capitalization == "post_money" and d.valuation_cap is not None:
            converters.append(
                captable_mech.CapConverter(
                    d.name, amount, frac(d.valuation_cap), _other_price(d, fin)[0]
                )
            )
        else:
            price, _ = conversion_price(eng, d, fin, on)
            fixed += units_mech.issue(amount, price, d.fractions, d.fraction_places).units
    company, _ = captable_mech.post_money_capitalization(base, fixed, converters)
    return company


def _issue_text(units: Fraction, unit: str) -> str:
    return f"{units_mech.units_text(units)} {unit}"


def _convert_at_financing(eng: Core, t: date, c: model.Convertible, equity: bool = False) -> None:
    """Conversion at the qualified financing (in `c.units`), or, `equity`, at the
    alternative equity financing (in shares, the cap over that round's capitalization)."""
    event = c.equity_financing if equity else c.qualified_financing
    fin = _financing(eng, event)
    if fin is None:
        eng.record(
            t,
            c.name,
            tl.CONVERSION,
            None,
            "unresolved",
            Reason.of("no_financing_price", event=event, written=f"financing {event}"),
        )
        return
    if equity:
        c = attrs.evolve(c, units="shares", capitalization="pre_money")
    principal, interest = owed(eng, c, t)
    amount = principal + interest
    try:
        price, basis = conversion_price(eng, c, fin, t)
    except ValueError as exc:
        why = exc.reason if isinstance(exc, Unresolved) else str(exc)
        eng.record(t, c.name, tl.CONVERSION, None, "unresolved", why)
        return
    _issue(
        eng,
        t,
        c,
        amount,
        interest,
        price,
        basis,
        "equity_financing" if equity else ("qualified_financing"),
    )


def _issue(
    eng: Core,
    t: date,
    c: model.Convertible,
    amount: Fraction,
    interest: Fraction,
    price: Fraction,
    basis: str,
    event: str,
) -> None:
    currency = c.amount.currency
    out = units_mech.issue(amount, price, c.fractions, c.fraction_places)
    shown_price = units_mech.price_text(currency, price)
    whole = out.units.numerator // out.units.denominator
    cash = to_money(currency, out.cash) if out.cash > 0 else None
    if cash is not None and cash.amount == 0:
        cash = None  # less than half a minor unit: nothing to pay
    conv = tl.Conversion(
        event=event,
        on=t,
        shares=whole,
        price=shown_price,
        price_basis=basis,
        converted=to_money(currency, amount),
        cash=cash,
        interest=to_money(currency, interest) if c.instrument == "note" else None,
        units=c.units,
        issued=units_mech.units_decimal(out.units) if out.units != whole else None,
    )
    if basis == "valuation_cap" and c.capitalization == "post_money":
        basis = "valuation_cap_post"
    unit = c.units[:-1] if c.units.endswith("s") else c.units
    events = {"qualified_financing": c.qualified_financing, "equity_financing": c.equity_financing}
    why = Reason.of(
        "instrument_converts" if event in events else "instrument_converts_at_maturity",
        event=events.get(event),
        on=t,
        converted=conv.converted,
        interest=conv.interest,
        price=shown_price,
        approx="yes" if shown_price.startswith("≈") else "no",
        # the price as shown, as Money (exact to 6 places, else rounded to the minor unit)
        price_money=_shown_money(currency, shown_price),
        unit=unit,
        unit_word=c.units if c.units in ("shares", "tokens") else "other",
        basis=basis if basis in _BASES else "",
        into=(
            _issue_text(out.units, c.units)
            if c.units != "shares" or conv.issued is not None
            else None
        ),
        cash=cash,
        extra=to_money(currency, -out.cash) if cash is None and out.cash < 0 else None,
    )
    eng.record(t, c.name, tl.CONVERSION, None, _issue_text(out.units, c.units), why, conv)
    eng.set_status(c.name, Status.FULFILLED, t, why)


_BASES = (
    "valuation_cap",
    "valuation_cap_post",
    "discount",
    "round_price",
    "stated",
    "maturity_cap",
)


def _cap_table(eng: Core, t: date, event: str, fin: model.Financing) -> None:
    """The capitalization after the round: existing holders, the pool increase, each
    converting holder and the new investors (new money / price, rounded down)."""
    rows: list[tuple[str, Fraction]] = []
    if fin.capitalization is not None:
        rows.append((tl.CAP_EXISTING, Fraction(fin.capitalization)))
    if fin.pool_increase is not None:
        rows.append((tl.CAP_POOL, Fraction(fin.pool_increase)))
    for change in eng.changes:
        conv = change.value
        if (
            change.on == t
            and change.aspect == tl.CONVERSION
            and isinstance(conv, tl.Conversion)
            and conv.event == "qualified_financing"
            and conv.units == "shares"
        ):
            clause = eng.m.clauses.get(change.subject)
            if isinstance(clause, model.Convertible) and clause.qualified_financing == event:
                units = Fraction(conv.issued) if conv.issued is not None else conv.shares
                rows.append((clause.holder, Fraction(units)))
    if fin.raised is not None:
        new = frac(fin.raised) / frac(fin.price)
        rows.append((tl.CAP_NEW, Fraction(new.numerator // new.denominator)))
    table = captable_mech.table(rows)
    # percentages to 2 places by largest remainder, so that they sum to exactly 100.00
    percents = split_exact("USD", [r.percent for r in table]) if table else []
    shown = tuple(
        (r.holder, units_mech.units_decimal(r.units), pct.amount)
        for r, pct in zip(table, percents, strict=True)
    )
    rows_why = tuple(Reason.of("cap_row", holder=h, units=u, share=p) for h, u, p in shown)
    value = tl.CapTable(event=event, on=t, rows=shown)
    total = sum((r.units for r in table), Fraction(0))
    eng.record(
        t,
        event,
        tl.CAP_TABLE,
        None,
        f"{units_mech.units_text(total)} shares",
        Reason.of("cap_table", rows=rows_why),
        value,
    )


# ------------------------------------------------------------------ change of control


def _shown_money(currency: str, shown_price: str) -> Money:
    """A unit price as `price_text` shows it, as Money (exact to 6 places, else rounded)."""
    return Money(currency, Decimal(shown_price.removeprefix("≈ ").split(" ")[1].replace("_", "")))


def _cash_reason(
    c: model.Convertible,
    cash: Money,
    principal: Fraction,
    interest: Fraction,
    premium: Fraction | None,
) -> Reason:
    """The cash branch of a change of control: the amount and what it adds up."""
    currency = c.amount.currency
    parts = {
        "cash": cash,
        "principal": to_money(currency, principal),
        "interest": to_money(currency, interest) if c.instrument == "note" else None,
        "premium": to_money(currency, principal * premium) if premium is not None else None,
        "rate": c.premium if premium is not None else None,
    }
    if c.on_change_of_control is not None:
        return Reason.of(
            "coc_cash_greater", multiple=c.on_change_of_control, amount=c.amount, **parts
        )
    if parts["interest"] is None and parts["premium"] is None:
        return Reason.of("coc_cash", cash=cash)
    return Reason.of("coc_cash_sum", **parts)


def _change_of_control(eng: Core, t: date, c: model.Convertible) -> None:
    principal, interest = owed(eng, c, t)
    premium = frac(c.premium) if c.premium is not None else None
    multiple = frac(c.on_change_of_control) if c.on_change_of_control is not None else None
    cash = coc_mech.cash_branch(principal, interest, premium, multiple)
    deal = _financing(eng, c.change_of_control)
    cap_price = None
    if deal is not None and c.valuation_cap is not None and deal.capitalization:
        base = _base(c, deal)
        if base:
            cap_price = frac(c.valuation_cap) / base
    branches = coc_mech.greater_of(
        cash,
        converting=principal + interest,
        cap_price=cap_price,
        deal_price=frac(deal.price) if deal is not None else None,
    )
    currency = c.amount.currency
    payout = to_money(currency, branches.payout)
    cash_money = to_money(currency, cash)
    cash_desc = _cash_reason(c, cash_money, principal, interest, premium)
    reason: Reason | str
    if branches.conversion is None and premium is None:
        interest_money = to_money(currency, interest) if c.instrument == "note" else None
        uncompared = "yes" if c.valuation_cap is not None and deal is None else None
        if multiple is not None:
            reason = Reason.of(
                "change_of_control",
                event=c.change_of_control,
                on=t,
                paid=c.on_change_of_control,
                amount=c.amount,
                interest=interest_money,
                uncompared=uncompared,
            )
        else:
            reason = Reason.of(
                "change_of_control_repaid",
                event=c.change_of_control,
                on=t,
                amount=c.amount,
                interest=interest_money,
                uncompared=uncompared,
            )
    elif branches.conversion is None:
        reason = Reason.of("coc_paid", event=c.change_of_control, on=t, cash=cash_desc)
    else:
        assert branches.shares is not None and cap_price is not None and deal is not None
        shown_price = units_mech.price_text(currency, cap_price)
        compared = Reason.of(
            "coc_compared",
            price=shown_price,
            approx="yes" if shown_price.startswith("≈") else "no",
            price_money=_shown_money(currency, shown_price),
            shares=Decimal(int(branches.shares)),
            value=to_money(currency, branches.conversion),
            deal_price=deal.price,
        )
        if branches.chosen == "conversion":
            reason = Reason.of(
                "coc_conversion_value",
                event=c.change_of_control,
                on=t,
                payout=payout,
                compared=compared,
                cash=cash_desc,
            )
        else:
            reason = Reason.of(
                "coc_cash_not_less",
                event=c.change_of_control,
                on=t,
                cash=cash_desc,
                compared=compared,
            )
    conv = tl.Conversion(
        event="change_of_control",
        on=t,
        cash=payout,
        interest=to_money(currency, interest) if c.instrument == "note" else None,
        branch=branches.chosen,
        units=c.units,
    )
    eng.record(t, c.name, tl.CONVERSION, None, f"{payout} paid", reason, conv)
    eng.record(t, c.name, tl.REPAID, None, str(payout), reason, payout)
    eng.set_status(c.name, Status.FULFILLED, t, reason)


# ------------------------------------------------------------------ dissolution


def claim(eng: Core, c: model.Convertible, on: date) -> Fraction:
    """What a dissolution owes `c`: the amount (a note: with interest), at most
    `on_dissolution`."""
    principal, interest = owed(eng, c, on)
    owed_amount = principal + interest
    if isinstance(c.on_dissolution, Money):
        if c.on_dissolution.currency == c.amount.currency:  # else TL871
            owed_amount = min(owed_amount, frac(c.on_dissolution))
    elif c.on_dissolution is not None:
        owed_amount = min(owed_amount, principal * frac(c.on_dissolution))
    return owed_amount


LIQUIDATION = "liquidation"  # dissolution event -> Distribution (the waterfall of ranks)
_CLAIM = "claim:"  # a scenario's other claim among the holders of a liquidation


@frozen
class Distribution:
    """A dissolution's proceeds by rank: (rank, holders, owed, paid) senior first, and the
    residual for common holders."""

    event: str
    on: date
    assets: Money
    ranks: tuple[tuple[int, tuple[str, ...], Money, Money], ...]
    residual: Money


# One dissolution is computed once per run, not once per instrument it pays (which made a
# dissolution of n instruments cost n²): engine -> (event, day, currency) -> result.
_LIQUIDATIONS: WeakKeyDictionary[Any, dict[tuple[str | None, date, str], Any]] = WeakKeyDictionary()


def liquidate(
    eng: Core, c: model.Convertible, t: date
) -> tuple[liquidation_mech.Liquidation, Money, Reason | None]:
    """The dissolution `c.dissolution` on `t`: every instrument it decides (its class, same
    currency) and the scenario's other claims, through the waterfall of ranks. Also the
    assets and, without `proceeds` in the currency, the reason they are taken as enough."""
    known = _LIQUIDATIONS.setdefault(eng, {})
    key = (c.dissolution, t, c.amount.currency)
    if key not in known:
        known[key] = _liquidate(eng, c, t)
    found: tuple[liquidation_mech.Liquidation, Money, Reason | None] = known[key]
    return found


def _liquidate(
    eng: Core, c: model.Convertible, t: date
) -> tuple[liquidation_mech.Liquidation, Money, Reason | None]:
    currency = c.amount.currency
    group = [
        d
        for d in _convertibles(eng)
        if d.dissolution == c.dissolution
        and d.amount.currency == currency
        and plan(eng, d).event == "dissolution"
        # its class, settled that day
        and eng.status.get(d.name) in (Status.ACTIVE, Status.FULFILLED)
    ]
    claims = [
        liquidation_mech.Claim(d.name, to_money(currency, claim(eng, d, t)), d.rank) for d in group
    ]
    proceeds = next((p for p in eng.scenario.proceeds if p.event == c.dissolution), None)
    missing = None
    if proceeds is None or proceeds.amount.currency != currency:
        assets = sum((cl.amount for cl in claims), Money(currency, 0).rounded())
        missing = Reason.of(
            "no_proceeds",
            event=c.dissolution,
            written=f"proceeds {c.dissolution}",
            currency=currency,
        )
    else:
        claims += [
            liquidation_mech.Claim(_CLAIM + o.name, o.amount, o.rank) for o in proceeds.claims
        ]
        assets = proceeds.amount
    return liquidation_mech.distribute(assets, claims), assets, missing


def _holder_names(holders: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(h.removeprefix(_CLAIM) for h in holders)


def _dissolution(eng: Core, t: date, c: model.Convertible) -> None:
    result, assets, missing = liquidate(eng, c, t)
    mine = next(p for p in result.payouts if p.holder == c.name)
    rank = next(r for r in result.ranks if r.rank == mine.rank)
    senior = assets - rank.available
    if missing is not None:
        source = missing
    elif senior.amount > 0:
        source = Reason.of(
            "proceeds_after_senior", amount=assets, senior=senior, left=rank.available
        )
    else:
        source = Reason.of("proceeds_available", amount=assets)
    paid = mine.paid
    if mine.short:
        reason = Reason.of(
            "dissolution_short",
            event=c.dissolution,
            on=t,
            source=source,
            owed_total=rank.owed,
            rank=str(mine.rank),
            clause=c.name,
            paid=paid,
            owed=mine.owed,
        )
    else:
        reason = Reason.of(
            "dissolution_full",
            event=c.dissolution,
            on=t,
            source=source,
            clause=c.name,
            owed=mine.owed,
            residual=result.residual if result.residual.amount > 0 else None,
        )
    holders = {p.holder for p in result.payouts}
    first = next(d for d in _convertibles(eng) if d.name in holders)
    if first is c and c.dissolution is not None:
        _distribution(eng, t, c.dissolution, result, assets)
    conv = tl.Conversion(event="dissolution", on=t, cash=paid, units=c.units)
    eng.record(t, c.name, tl.CONVERSION, None, f"{paid} paid", reason, conv)
    eng.record(t, c.name, tl.REPAID, None, str(paid), reason, paid)
    eng.set_status(c.name, Status.FULFILLED, t, reason)


def _distribution(
    eng: Core, t: date, event: str, result: liquidation_mech.Liquidation, assets: Money
) -> None:
    """Record the whole waterfall of ranks once per dissolution, on the event."""
    ranks = tuple((r.rank, _holder_names(r.holders), r.owed, r.paid) for r in result.ranks)
    why = Reason.of(
        "liquidation",
        event=event,
        on=t,
        amount=assets,
        ranks=tuple(
            Reason.of(
                "liquidation_rank",
                rank=str(r.rank),
                holders=_holder_names(r.holders),
                owed=r.owed,
                available=r.available,
                paid=r.paid,
                result="full" if not r.short else ("short" if r.paid.amount else "nothing"),
            )
            for r in result.ranks
        ),
        residual=result.residual,
    )
    value = Distribution(event, t, assets, ranks, result.residual)
    eng.record(t, event, LIQUIDATION, None, f"{result.residual} to common holders", why, value)


# ------------------------------------------------------------------ maturity


def _maturity(eng: Core, t: date, c: model.Convertible) -> None:
    currency = c.amount.currency
    principal, interest = owed(eng, c, t)
    election = None
    if c.at_maturity == "election":
        made = _holder_election(eng, c)
        opens = _minus(t, c.election_window) if c.election_window is not None else t
        election = maturity_mech.elect(
            opens, t, made.on if made else None, made.choice if made else None, t
        )
        if election.status != OptionStatus.EXERCISED:
            eng.record(
                t,
                c.name,
                tl.ELECTION,
                OptionStatus.OPEN,
                OptionStatus.EXPIRED,
                Reason.of("election_lapsed", on=t, late=made.on if made else None),
            )
    treatment = maturity_mech.treatment(c.at_maturity, election)
    if treatment == "convert":
        price: Fraction | None = None
        basis = "stated"
        if c.maturity_price is not None:
            price = frac(c.maturity_price)
        elif c.valuation_cap is not None and eng.scenario.capitalization:
            price = frac(c.valuation_cap) / Fraction(eng.scenario.capitalization)
            basis = "maturity_cap"
        if price is not None and price > 0:
            _issue(eng, t, c, principal + interest, interest, price, basis, "maturity")
            return
        eng.record(
            t,
            c.name,
            tl.CONVERSION,
            None,
            "unresolved",
            Reason.of("maturity_no_capitalization"),
        )
        return
    total = to_money(currency, principal + interest)
    why = Reason.of(
        "matures_unconverted",
        on=t,
        cash=total,
        interest=to_money(currency, interest) if c.instrument == "note" else None,
        missing=None,
    )
    conv = tl.Conversion(
        event="maturity",
        on=t,
        cash=total,
        interest=to_money(currency, interest) if c.instrument == "note" else None,
        units=c.units,
    )
    eng.record(t, c.name, tl.CONVERSION, None, f"{total} repaid", why, conv)
    eng.record(t, c.name, tl.REPAID, None, str(total), why, total)
    eng.set_status(c.name, Status.FULFILLED, t, why)
