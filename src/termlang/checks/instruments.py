"""Notes, SAFEs and SAFTs: alternative outcomes that exclude each other, payouts within the
purchase amount, maturity treatments that can be carried out, and the figures a scenario
must give for them (docs/mechanics.md, "Instruments")."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.dates import bounds, evaluate, scenario_env, shift, static_env
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import Convertible, Model, Proceeds
from termlang.values import Money, Multiple, Percent

DISSOLUTION_ABOVE = RuleInfo(
    "TL830",
    "dissolution-above-purchase-amount",
    "a dissolution would pay more than the purchase amount",
    """\
On a dissolution a SAFE or a SAFT pays back at most what was paid for it: the Purchase
Amount (YC post-money SAFE §1(c), "Cash-Out Amount"), or a share of it (SAFT §1(b), the
"Discounted Purchase Amount"). An `on_dissolution` amount above `amount`, or a percentage
above 100%, pays holders more than they invested out of assets that belong to creditors and
common holders: it is a typo or a different instrument.

    convertible atlas_saft { ... amount USD 250K  on_dissolution USD 300K }    # error""",
    Severity.ERROR,
)

OUTCOMES_OVERLAP = RuleInfo(
    "TL831",
    "instrument-outcomes-overlap",
    "two of an instrument's alternative outcomes are triggered by the same event",
    """\
A convertible has mutually exclusive outcomes: conversion at the qualified financing (or
the token launch), a payout on a change of control, a payout on a dissolution. The first
to happen decides and the others become impossible. When two outcomes name the same event
the terms could give both, and which one the holder gets depends only on the interpreter's
same-day order (financing, change of control, dissolution, maturity): name distinct events.

    convertible note { ... qualified_financing sale  change_of_control sale }    # error""",
    Severity.ERROR,
)

MATURITY_TREATMENT = RuleInfo(
    "TL832",
    "maturity-treatment-incomplete",
    "a maturity treatment that cannot be carried out",
    """\
`at_maturity convert` or `election` converts a note at its maturity, at `maturity_price` or
at the cap (`valuation_cap / capitalization`). It needs a `maturity` (a SAFE has none, so
the line is meaningless there) and a price: a `maturity_price` or a `valuation_cap`.
An `election_window` only makes sense with `at_maturity election`.

    convertible note { instrument note ... at_maturity convert }    # error: no price, no cap""",
    Severity.ERROR,
)

UNUSED_TERMS = RuleInfo(
    "TL833",
    "instrument-term-without-event",
    "an instrument term whose event is not declared on the instrument",
    """\
Some terms only act through an event: a `minimum` or a `financing_deadline` qualifies the
`qualified_financing`, a `premium` applies on the `change_of_control`, `on_dissolution` and
`rank` on the `dissolution`. Without that event the term never applies; either the event
line is missing or the term is left over.

    convertible note { ... premium 100% }    # warning: no change_of_control""",
    Severity.WARNING,
)

UNMEASURED_ROUND = RuleInfo(
    "TL834",
    "qualified-financing-unmeasured",
    "a scenario lacks a figure an instrument's outcome needs: a round's size, a capitalization",
    """\
An instrument with a qualified-financing `minimum` converts only when the round raises at
least that much new money (`minimum_counts conversions` also counts the converting
instruments). When a scenario dates the round, its `financing` block must say how much was
raised (`raised USD 4M`); otherwise the round cannot be judged, and nothing converts.
Likewise a note that converts at maturity at its cap needs the scenario's fully diluted
`capitalization` (the cap price is `valuation_cap / capitalization`).

    convertible note { ... minimum USD 3M  qualified_financing series_a }
    scenario base { series_a 2026-10-01
      financing series_a { price USD 2 } }    # error: no `raised`""",
    Severity.ERROR,
)

TERM_RANGE = RuleInfo(
    "TL835",
    "instrument-term-out-of-range",
    "a premium, a minimum or a dissolution share that is zero or negative",
    """\
A change-of-control premium is a positive share (`premium 100%`) or multiple (`1x`) of the
principal, a qualified-financing minimum a positive amount in the instrument's currency,
and a dissolution payout a positive share of the purchase amount. Zero or a negative value
is a placeholder or a sign error; a minimum in another currency cannot be compared.

    convertible note { ... amount USD 1M  minimum EUR 3M }    # error""",
    Severity.ERROR,
)

ELECTION = RuleInfo(
    "TL836",
    "election-misplaced",
    "a scenario records a holder's election the instrument does not offer, or outside its window",
    """\
`election NOTE convert DATE` records the holder's election at maturity. The note must
offer one (`at_maturity election`), and the election counts only within the window that
ends at the maturity (`election_window 30 days`; without one, on the maturity day itself).
An election outside it is ignored by the interpreter: the note is repaid.

    scenario base { election kestrel_note convert 2026-01-01 }    # warning: window not open""",
    Severity.WARNING,
)

CONSENT = RuleInfo(
    "TL837",
    "consent-misdirected",
    "a scenario's consent names a series no instrument belongs to, or a party holding none of it",
    """\
`consent SERIES DATE HOLDERS` records holders consenting to an amendment or a waiver of a
series of instruments (`series series_seed_notes` on each of them). The series must be one
an instrument declares, and each consenting party must hold an instrument of it: another
party's consent counts for nothing toward the threshold.

    convertible note_a { ... holder larkspur  series seed_notes }
    scenario base { consent seed_notes 2026-09-15 merlin }    # error: merlin holds none""",
    Severity.ERROR,
)

SERIES_THRESHOLDS = RuleInfo(
    "TL838",
    "series-consent-thresholds-differ",
    "the instruments of one series state different consent thresholds",
    """\
An amendment of a series binds every holder when the holders of the stated share of its
principal consent (SAFT §6(a): "a majority, in the aggregate, of the Purchase Amounts").
One series has one threshold: instruments that state different ones cannot all be right.

    convertible a { ... series seed  consent majority }
    convertible b { ... series seed  consent 66.67% }    # error""",
    Severity.ERROR,
)

SAME_DAY = RuleInfo(
    "TL868",
    "instrument-outcomes-may-coincide",
    "two of an instrument's alternative outcomes may happen on the same day",
    """\
A convertible's outcomes exclude each other: the first to happen decides (a SAFT converts
into tokens at the network launch, or into shares at an equity financing, or pays cash on a
dissolution). When the agreement expects two of their events in overlapping periods
(`event launch { expected between ... }`), or a note's maturity falls in the period of one,
both may happen on one day and the terms do not say which outcome the holder gets; the
interpreter would apply its default order (qualified financing, equity financing, change
of control, dissolution). State the order with `precedence` (events, first prevails), or
make the periods disjoint. A warning; an event without an expected period is not compared,
and a note's maturity always comes after an event of the same day.

    event launch "Network Launch" { expected between 2027-01-01 and 2027-12-31 }
    event series_a "Equity Financing" { expected between 2027-06-01 and 2028-06-30 }
    convertible saft { ... qualified_financing launch  equity_financing series_a }  # warning""",
    Severity.WARNING,
)

SAME_DAY_SCENARIO = RuleInfo(
    "TL869",
    "instrument-outcomes-coincide-in-scenario",
    "a scenario dates two of an instrument's alternative outcomes on the same day",
    """\
When a scenario dates two events of one convertible's outcomes on the same day, the
instrument gets only one of them. Without `precedence` the interpreter applies its default
order (qualified financing, equity financing, change of control, dissolution), which the
agreement does not state: say which prevails with `precedence`, or date the events apart.
A warning.

    convertible saft { ... qualified_financing launch  equity_financing series_a }
    scenario both { launch 2027-03-01  series_a 2027-03-01 }    # warning""",
    Severity.WARNING,
)

PRECEDENCE = RuleInfo(
    "TL870",
    "instrument-precedence-unknown-outcome",
    "a `precedence` names an event that is none of the instrument's outcomes",
    """\
`precedence` orders an instrument's outcome events for a same-day tie (the first named
prevails). A name that is not the event of one of its outcomes (`qualified_financing`,
`equity_financing`, `change_of_control`, `dissolution`) orders nothing: usually a typo, or
the outcome line is missing.

    convertible saft { ... qualified_financing launch  equity_financing series_a
                       precedence series_b launch }    # error: `series_b`""",
    Severity.ERROR,
)

DISSOLUTION_CURRENCY = RuleInfo(
    "TL871",
    "dissolution-amount-currency",
    "an `on_dissolution` amount is in another currency than the purchase amount",
    """\
`on_dissolution` caps what a dissolution pays back, against the purchase amount: in another
currency the two cannot be compared, and no rate would be a term the parties agreed. Write
it in the purchase amount's currency, or as a share of it (`on_dissolution 80%`).

    convertible s { ... amount USD 1M  on_dissolution EUR 200K }    # error""",
    Severity.ERROR,
)

PROCEEDS_UNUSED = RuleInfo(
    "TL872",
    "proceeds-unused",
    "a scenario's `proceeds` reach no instrument",
    """\
`proceeds EVENT AMOUNT` gives what a dissolution leaves for the instruments whose
`dissolution` is EVENT, in their currency. Proceeds of an event that no instrument
dissolves on, or in a currency none of them is in, are not used: the instruments would be
taken as paid in full; a second `proceeds` line for one event is not used either. Usually
the event is mistyped or the amount's currency is wrong. A warning.

    convertible s { ... amount USD 1M  dissolution wind }
    scenario x { wind 2026-06-01  proceeds wind EUR 800K }    # warning""",
    Severity.WARNING,
)

RULES = (
    DISSOLUTION_CURRENCY,
    PROCEEDS_UNUSED,
    SAME_DAY,
    PRECEDENCE,
    SAME_DAY_SCENARIO,
    DISSOLUTION_ABOVE,
    OUTCOMES_OVERLAP,
    MATURITY_TREATMENT,
    UNUSED_TERMS,
    UNMEASURED_ROUND,
    TERM_RANGE,
    ELECTION,
    CONSENT,
    SERIES_THRESHOLDS,
)

_OUTCOMES = ("qualified_financing", "equity_financing", "change_of_control", "dissolution")


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    for c in model.clauses.values():
        if isinstance(c, Convertible):
            yield from _dissolution(c)
            yield from _overlap(c)
            yield from _maturity(c)
            yield from _unused(c)
            yield from _ranges(c)
            yield from _rounds(c, model)
            yield from outcome_ties(c, model)
    yield from _elections(model)
    yield from _consents(model)
    yield from _proceeds(model)


def _proceeds(model: Model) -> Iterator[Diagnostic]:
    currencies: dict[str, set[str]] = {}
    for c in model.clauses.values():
        if isinstance(c, Convertible) and c.dissolution is not None:
            currencies.setdefault(c.dissolution, set()).add(c.amount.currency)
    for scenario in model.scenarios.values():
        seen: dict[str, Proceeds] = {}
        for p in scenario.proceeds:
            found = currencies.get(p.event)
            first = seen.setdefault(p.event, p)
            if first is not p:
                yield finding(
                    PROCEEDS_UNUSED,
                    f"scenario `{scenario.name}` gives the proceeds of `{p.event}` twice: only "
                    "the first line is used",
                    p.span,
                    labels=[(first.span, "the proceeds used")],
                    help="keep one `proceeds` line per event; list the other claims in its block",
                )
            elif found is None:
                yield finding(
                    PROCEEDS_UNUSED,
                    f"scenario `{scenario.name}` gives proceeds of `{p.event}`, on which no "
                    "instrument dissolves",
                    p.name_span or p.span,
                    help="name the event of the instruments' `dissolution` line",
                )
            elif p.amount.currency not in found:
                yield finding(
                    PROCEEDS_UNUSED,
                    f"scenario `{scenario.name}` gives the proceeds of `{p.event}` in "
                    f"{p.amount.currency}, but its instruments are in " + ", ".join(sorted(found)),
                    p.span,
                    help=f"give the proceeds in {' or '.join(sorted(found))}",
                )


def _consents(model: Model) -> Iterator[Diagnostic]:
    series: dict[str, list[Convertible]] = {}
    for c in model.clauses.values():
        if isinstance(c, Convertible) and c.series is not None:
            series.setdefault(c.series, []).append(c)
    for name, members in series.items():
        stated = [c for c in members if c.consent is not None]
        if len({str(c.consent) for c in stated}) > 1:
            yield finding(
                SERIES_THRESHOLDS,
                f"the instruments of series `{name}` state different consent thresholds",
                stated[1].where("consent"),
                labels=[(stated[0].where("consent"), f"`{stated[0].name}` states this one")],
                help="state one threshold for the series, like `consent majority` on each",
            )
    for scenario in model.scenarios.values():
        for consent in scenario.consents:
            found = series.get(consent.series)
            if found is None:
                yield finding(
                    CONSENT,
                    f"scenario `{scenario.name}` records a consent for series "
                    f"`{consent.series}`, which no instrument belongs to",
                    consent.name_span or consent.span,
                    help="add `series " + consent.series + "` to the instruments it amends, or "
                    "name their series",
                )
                continue
            holders = {c.holder for c in found}
            for party in consent.holders:
                if party not in holders:
                    yield finding(
                        CONSENT,
                        f"`{party}` holds no instrument of series `{consent.series}`, so its "
                        "consent does not count",
                        consent.span,
                        help="the holders of the series are "
                        + ", ".join(f"`{h}`" for h in sorted(holders)),
                    )


def _dissolution(c: Convertible) -> Iterator[Diagnostic]:
    paid = c.on_dissolution
    if isinstance(paid, Money) and paid.currency == c.amount.currency and paid > c.amount:
        yield finding(
            DISSOLUTION_ABOVE,
            f"`{c.name}` would pay {paid} on a dissolution, more than its purchase amount "
            f"{c.amount}",
            c.where("on_dissolution"),
            labels=[(c.where("amount"), f"the purchase amount is {c.amount}")],
            help=f"pay at most the purchase amount: `on_dissolution {c.amount}`, or a share of "
            "it like `on_dissolution 80%`",
        )
    elif isinstance(paid, Money) and paid.currency != c.amount.currency:
        yield finding(
            DISSOLUTION_CURRENCY,
            f"`{c.name}` would pay {paid} on a dissolution, but its purchase amount is {c.amount}",
            c.where("on_dissolution"),
            labels=[(c.where("amount"), f"the purchase amount is in {c.amount.currency}")],
            help=f"write it in {c.amount.currency}, or as a share of the amount like "
            "`on_dissolution 80%`",
        )
    elif isinstance(paid, Percent) and paid.value > 100:
        yield finding(
            DISSOLUTION_ABOVE,
            f"`{c.name}` would pay {paid} of its purchase amount on a dissolution",
            c.where("on_dissolution"),
            help="a dissolution pays back at most the purchase amount: `on_dissolution 100%`",
        )


def _overlap(c: Convertible) -> Iterator[Diagnostic]:
    seen: dict[str, str] = {}
    for field_name in _OUTCOMES:
        event = getattr(c, field_name)
        if event is None:
            continue
        if event in seen:
            first = seen[event]
            yield finding(
                OUTCOMES_OVERLAP,
                f"`{c.name}` has `{event}` as both its `{first}` and its `{field_name}`: the "
                "terms could give both outcomes",
                c.where(field_name),
                labels=[(c.where(first), f"`{event}` also triggers `{first}`")],
                help="name a distinct event for each outcome; the first to happen excludes "
                "the others",
            )
        else:
            seen[event] = field_name


def _maturity(c: Convertible) -> Iterator[Diagnostic]:
    if c.at_maturity != "repay":
        if c.instrument != "note" or c.maturity is None:
            yield finding(
                MATURITY_TREATMENT,
                f"`{c.name}` says what happens at maturity, but "
                + ("a SAFE has no maturity" if c.instrument != "note" else "it has no maturity"),
                c.where("at_maturity"),
                help="give the note a `maturity`, or remove `at_maturity`",
            )
        elif c.maturity_price is None and c.valuation_cap is None:
            yield finding(
                MATURITY_TREATMENT,
                f"`{c.name}` converts at maturity but has neither a `maturity_price` nor a "
                "`valuation_cap` to convert at",
                c.where("at_maturity"),
                help="state the price (`maturity_price USD 1`) or a cap (`valuation_cap USD 10M`)",
            )
    if c.election_window is not None and c.at_maturity != "election":
        yield finding(
            MATURITY_TREATMENT,
            f"`{c.name}` has an `election_window` but no election at maturity",
            c.where("election_window"),
            help="add `at_maturity election`, or remove the window",
        )


_NEEDS = (
    ("minimum", "qualified_financing"),
    ("financing_deadline", "qualified_financing"),
    ("premium", "change_of_control"),
    ("on_dissolution", "dissolution"),
)


def _unused(c: Convertible) -> Iterator[Diagnostic]:
    for term, event in _NEEDS:
        if getattr(c, term) is not None and getattr(c, event) is None:
            yield finding(
                UNUSED_TERMS,
                f"`{c.name}` has a `{term}` but no `{event}` event, so it never applies",
                c.where(term),
                help=f"name the event: `{event} EVENT`, or remove `{term}`",
            )


def _ranges(c: Convertible) -> Iterator[Diagnostic]:
    premium = c.premium
    if isinstance(premium, Percent | Multiple) and premium.value <= 0:
        yield finding(
            TERM_RANGE,
            f"`{c.name}` has a change-of-control premium of {premium}",
            c.where("premium"),
            help="a premium is a positive share of the principal, like `premium 100%`; "
            "leave the line out when there is none",
        )
    if c.minimum is not None:
        if c.minimum.currency != c.amount.currency:
            yield finding(
                TERM_RANGE,
                f"`{c.name}`'s qualified-financing minimum is in {c.minimum.currency}, its "
                f"amount in {c.amount.currency}",
                c.where("minimum"),
                help=f"state the minimum in {c.amount.currency}",
            )
        elif c.minimum.amount <= 0:
            yield finding(
                TERM_RANGE,
                f"`{c.name}` has a qualified-financing minimum of {c.minimum}",
                c.where("minimum"),
                help="state the minimum size of the round, like `minimum USD 3M`, or remove it",
            )
    cap = c.valuation_cap
    if (
        c.capitalization == "post_money"
        and cap is not None
        and cap.currency == c.amount.currency
        and cap <= c.amount
    ):
        yield finding(
            TERM_RANGE,
            f"`{c.name}`'s post-money valuation cap {cap} is not above its amount {c.amount}: "
            "it would own all of the company or more",
            c.where("valuation_cap"),
            labels=[(c.where("amount"), "it owns amount / cap of the post-money capitalization")],
            help="a post-money cap is the company's value after the SAFEs: above the amount",
        )
    paid = c.on_dissolution
    if (isinstance(paid, Percent) and paid.value <= 0) or (
        isinstance(paid, Money) and paid.amount <= 0
    ):
        yield finding(
            TERM_RANGE,
            f"`{c.name}` pays {paid} on a dissolution",
            c.where("on_dissolution"),
            help="a dissolution pays the purchase amount or a share of it, like "
            "`on_dissolution 80%`",
        )


def _rounds(c: Convertible, model: Model) -> Iterator[Diagnostic]:
    yield from _maturity_capitalization(c, model)
    event = c.qualified_financing
    if c.minimum is None or event is None:
        return
    for scenario in model.scenarios.values():
        dated = any(o.event == event and o.on is not None for o in scenario.occurrences)
        found = next((f for f in scenario.financings if f.event == event), None)
        if dated and found is not None and found.raised is None:
            yield finding(
                UNMEASURED_ROUND,
                f"scenario `{scenario.name}` gives no size for `{event}`, so `{c.name}`'s "
                f"{c.minimum} minimum cannot be judged",
                found.span,
                labels=[(c.where("minimum"), f"`{c.name}` converts only from {c.minimum}")],
                help="add the new money raised to the financing: `raised USD 4M`",
            )


def _elections(model: Model) -> Iterator[Diagnostic]:
    for scenario in model.scenarios.values():
        for e in scenario.elections:
            c = model.clauses.get(e.clause)
            if not isinstance(c, Convertible):
                continue  # resolve reports it
            if c.at_maturity != "election":
                yield finding(
                    ELECTION,
                    f"scenario `{scenario.name}` records an election under `{c.name}`, which "
                    "offers none",
                    e.span,
                    labels=[(c.name_span, "no `at_maturity election`")],
                    help="add `at_maturity election` to the note, or remove the election",
                )
                continue
            maturity = evaluate(c.maturity, scenario_env(model, scenario))
            if maturity is None:
                continue
            opens = shift(maturity, -1, c.election_window)[0] if c.election_window else maturity
            if not opens <= e.on <= maturity:
                yield finding(
                    ELECTION,
                    f"the election under `{c.name}` on {e.on} is outside its window "
                    f"({opens} to {maturity}), so it does not count",
                    e.span,
                    help=f"date the election between {opens} and {maturity}",
                    notes=[f"`{c.name}` is repaid at maturity without an election in the window"],
                )


def _maturity_capitalization(c: Convertible, model: Model) -> Iterator[Diagnostic]:
    """A note converting at maturity at the cap needs the scenario's capitalization."""
    if c.at_maturity == "repay" or c.maturity_price is not None or c.valuation_cap is None:
        return
    for scenario in model.scenarios.values():
        converts = c.at_maturity == "convert" or any(
            e.clause == c.name and e.choice == "convert" for e in scenario.elections
        )
        if converts and not scenario.capitalization:
            yield finding(
                UNMEASURED_ROUND,
                f"scenario `{scenario.name}` gives no capitalization, which `{c.name}` needs "
                "to convert at maturity at its cap",
                scenario.name_span or scenario.span,
                labels=[(c.where("at_maturity"), "converts at valuation cap / capitalization")],
                help="add the fully diluted capitalization at maturity to the scenario: "
                "`capitalization 8_000_000 shares`",
            )


# ---------------------------------------------------------------------------- same-day ties


def _default_winner(outcomes: Iterable[str]) -> str:
    return min(outcomes, key=_OUTCOMES.index)


def _ordered(c: Convertible, a: str, b: str) -> bool:
    """Whether `precedence` orders the events of outcomes `a` and `b`."""
    return getattr(c, a) in c.precedence and getattr(c, b) in c.precedence


def outcome_ties(c: Convertible, model: Model) -> Iterator[Diagnostic]:
    """TL870 for a `precedence` naming no outcome of `c`; TL868 (expected periods that
    overlap) and TL869 (a scenario's same-day events) for outcomes it does not order."""
    events = {getattr(c, o): o for o in _OUTCOMES if getattr(c, o) is not None}
    for name in c.precedence:
        if name not in events:
            yield finding(
                PRECEDENCE,
                f"`{c.name}`'s precedence names `{name}`, which is not the event of one of "
                "its outcomes",
                c.where("precedence"),
                help="name the events of its outcomes: "
                + ", ".join(f"`{e}` ({o})" for e, o in events.items()),
            )
    env = static_env(model)
    periods: list[tuple[str, str, date, date]] = []  # outcome, event, first, last day
    for event, outcome in events.items():
        found = model.events.get(event)
        if found is None or found.expected is None:
            continue
        lo, hi = bounds(found.expected[0], env)[0], bounds(found.expected[1], env)[1]
        if lo is not None and hi is not None:
            periods.append((outcome, event, lo, hi))
    for i, (a, a_event, a_lo, a_hi) in enumerate(periods):
        for b, b_event, b_lo, b_hi in periods[i + 1 :]:
            if _ordered(c, a, b) or not (a_lo <= b_hi and b_lo <= a_hi):
                continue
            first, last = max(a_lo, b_lo), min(a_hi, b_hi)
            yield finding(
                SAME_DAY,
                f"`{a_event}` ({a}) and `{b_event}` ({b}) of `{c.name}` may happen on the "
                "same day: the terms could give both outcomes",
                c.where(b),
                labels=[(c.where(a), f"`{a_event}` is expected from {a_lo} to {a_hi}")],
                help=f"state which prevails, like `precedence {a_event} {b_event}`, or make "
                "the expected periods disjoint",
                notes=[
                    f"both are possible from {first} to {last}; termlang would take "
                    f"`{_default_winner((a, b))}`"
                ],
            )
    for scenario in model.scenarios.values():
        dated = scenario_env(model, scenario)
        days: dict[date, list[str]] = {}
        for event, outcome in events.items():
            on = dated.events.get(event)
            if on is not None:
                days.setdefault(on, []).append(outcome)
        for on, outcomes in sorted(days.items()):
            open_pairs = [
                (a, b)
                for i, a in enumerate(outcomes)
                for b in outcomes[i + 1 :]
                if not _ordered(c, a, b)
            ]
            if not open_pairs:
                continue
            winner = _default_winner(outcomes)
            names = " and ".join(f"`{getattr(c, o)}` ({o})" for o in outcomes)
            yield finding(
                SAME_DAY_SCENARIO,
                f"scenario `{scenario.name}` dates {names} of `{c.name}` on the same day, "
                f"{on}: it takes the {winner} by the default order",
                scenario.name_span or scenario.span,
                labels=[(c.where(outcomes[0]), f"`{c.name}` has these alternative outcomes")],
                help=f"state which prevails in `{c.name}`, like `precedence "
                + " ".join(getattr(c, o) for o in outcomes)
                + "`, or date the events apart",
            )
