"""Scenario facts that cannot mean what they say: recurring events used as one-shot events and
the reverse, occurrences given twice, readings of metrics no target measures, amounts funded
in another currency, third-party deals a right of first refusal cannot judge."""

from __future__ import annotations

from collections.abc import Iterator

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import (
    Compute,
    Event,
    FirstRefusal,
    Investment,
    Model,
    Obligation,
    PriorityAccess,
    Round,
    Scenario,
)
from termlang.names import did_you_mean

EACH_NOT_RECURRING = RuleInfo(
    "TL820",
    "each-not-recurring",
    "a clause applies to each occurrence of an event that is not recurring",
    """\
`each EVENT` makes a `priority_access` or an `obligation` apply once per occurrence of a
recurring event: the event must be declared `recurring`, and the scenario gives its
occurrences with an identifier (`model_release gpt_5 2026-01-15`). A one-shot event has no
occurrences to apply to. Declare the event `recurring`, or drop `each`.

    event model_release "a new model is released"
    priority_access early { grantee cloud; asset models; each model_release }    # error""",
    Severity.ERROR,
)

OCCURRENCE_FORM = RuleInfo(
    "TL821",
    "occurrence-form",
    "a scenario dates a recurring event without an identifier, or a one-shot event with one",
    """\
A recurring event happens many times: each line of a scenario gives one occurrence, with an
identifier, `model_release gpt_5 2026-01-15`. A one-shot event happens once: `signing
2026-05-15`. Mixing the forms leaves the clauses that quantify over occurrences (or wait for
the event) without the dates they need. Write the form the declaration asks for.

    event model_release recurring "a new model is released"
    scenario base { model_release 2026-01-15 }    # error: which release?""",
    Severity.ERROR,
)

OCCURRENCE_TWICE = RuleInfo(
    "TL822",
    "occurrence-twice",
    "a scenario gives the same occurrence of a recurring event twice",
    """\
Each occurrence is addressed by its identifier (`msft_frontier_access.gpt_5` in timelines and
expectations), so an identifier names one occurrence of an event per scenario. Usually a line
was copied and its identifier not changed.

    scenario base {
      model_release gpt_5 2026-01-15
      model_release gpt_5 2026-09-01    # error
    }""",
    Severity.ERROR,
)

READING_UNUSED = RuleInfo(
    "TL823",
    "reading-unused",
    "a scenario measures a metric that no target of a compute clause names",
    """\
`measure METRIC PERIOD VALUE` gives a reading that the `target`s of `compute` clauses with
that metric are judged against (`target pue <= 1.2`). A reading of a metric no target names
is not used. Usually the metric is misspelt. A warning.

    compute dc { ... target pue <= 1.2 }
    scenario base { measure peu 2027 1.18 }    # warning: `peu`""",
    Severity.WARNING,
)

FUNDED_CURRENCY = RuleInfo(
    "TL824",
    "funded-currency",
    "a tranche is funded in another currency than its term",
    """\
`funded TRANCHE AMOUNT` says a tranche was funded with another amount than the one written
in the investment. Funding is summed per investor and per investment, so the amount must be
in the tranche's currency.

    investment seed { ... tranche first { amount USD 5M; on 2026-02-01 } }
    scenario base { funded seed.first EUR 5M }    # error""",
    Severity.ERROR,
)

DEAL_WITHOUT_AMOUNT = RuleInfo(
    "TL825",
    "deal-without-amount",
    "a third-party deal under a right of first refusal gives no amount",
    """\
A `deal` in the scope of a `first_refusal` (or `first_offer`) that binds the party is judged
against the offer made to the holder: the deal may not be on better terms. Without an amount
it cannot be shown to respect the offer, and the interpreter records it as a breach. Give the
deal's amount. A warning.

    first_refusal rofr { holder cloud; binds lab; scope compute; respond_within 10 days }
    scenario base { deal lab other compute 2026-03-10 }    # warning: at what price?""",
    Severity.WARNING,
)

ATTRIBUTE_BEFORE = RuleInfo(
    "TL826",
    "occurrence-attribute-before",
    "an occurrence's general availability comes before the occurrence itself",
    """\
`model_release gpt_5 2026-01-15 { ga 2026-04-20 }` dates the release to the grantee of a
priority access (the occurrence) and its general availability (`ga`). General availability
before the release is read from the release date on, which is rarely what was meant: usually
the two dates are swapped. A warning.

    scenario base { model_release gpt_5 2026-05-01 { ga 2026-04-20 } }    # warning""",
    Severity.WARNING,
)

ROUND_WITHOUT_SIZE = RuleInfo(
    "TL827",
    "round-without-size",
    "a round has neither a target nor a maximum size",
    """\
A `round` groups investments so that their total can be compared with the round's size:
`maximum` (the most it may raise: above it the round is over-subscribed) and `target` (what
it sets out to raise: below it, under-subscribed). Without either there is nothing to
compare the total with. Give the size from the term sheet.

    round seed { issuer corvid; investments a_seed, b_seed }    # error: up to how much?""",
    Severity.ERROR,
)

ROUND_MEMBER = RuleInfo(
    "TL828",
    "round-member",
    "an investment of a round goes to another recipient, or sits in two rounds",
    """\
The investments of a round are shares of one financing of its `issuer`: each must name the
issuer as its `recipient`, and belong to one round only (otherwise its money would count
twice). Usually an investment name is mistyped or copied from another round.

    investment a_seed { investor a; recipient other_co; ... }
    round seed { issuer corvid; investments a_seed; maximum USD 3M }    # error""",
    Severity.ERROR,
)

ROUND_CURRENCY = RuleInfo(
    "TL829",
    "round-currency",
    "an investment of a round is in another currency than the round's size",
    """\
A round's total adds the commitments and fundings of its investments, exactly, in the
currency of its `maximum` or `target`; no exchange rate applies to a subscription. An
investment in another currency is left out of the total. A warning.

    round seed { ... maximum USD 3M; investments eur_seed }    # warning: eur_seed is in EUR""",
    Severity.WARNING,
)

RULES = (
    EACH_NOT_RECURRING,
    OCCURRENCE_FORM,
    OCCURRENCE_TWICE,
    READING_UNUSED,
    FUNDED_CURRENCY,
    DEAL_WITHOUT_AMOUNT,
    ATTRIBUTE_BEFORE,
    ROUND_WITHOUT_SIZE,
    ROUND_MEMBER,
    ROUND_CURRENCY,
)


def _recurring(model: Model) -> set[str]:
    return {e.name for e in model.events.values() if isinstance(e, Event) and e.recurring}


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    recurring = _recurring(model)
    for c in model.clauses.values():
        if not isinstance(c, PriorityAccess | Obligation) or c.each is None:
            continue
        if c.each in model.events and c.each not in recurring:
            event = model.events[c.each]
            yield finding(
                EACH_NOT_RECURRING,
                f"`{c.name}` applies to each `{c.each}`, which is not a recurring event",
                c.where("each"),
                labels=[(event.name_span, "declared without `recurring`")],
                help=f'declare it `event {c.each} recurring "..."`, or remove `each`',
            )
    yield from _rounds(model)
    targets = {
        t.metric for c in model.clauses.values() if isinstance(c, Compute) for t in c.targets
    }
    for scenario in model.scenarios.values():
        yield from _occurrences(model, scenario, recurring)
        yield from _readings(scenario, targets)
        yield from _fundings(model, scenario)
        yield from _deals(model, scenario)


def _occurrences(model: Model, scenario: Scenario, recurring: set[str]) -> Iterator[Diagnostic]:
    for occ in scenario.occurrences:
        if occ.event in recurring:
            yield finding(
                OCCURRENCE_FORM,
                f"`{occ.event}` is recurring: scenario `{scenario.name}` must say which "
                "occurrence this is",
                occ.name_span,
                help=f"give the occurrence an identifier, like `{occ.event} first "
                f"{occ.on.isoformat() if occ.on else '2026-01-15'}`",
            )
    seen: dict[tuple[str, str], object] = {}
    for inst in scenario.instances:
        if inst.event in model.events and inst.event not in recurring:
            yield finding(
                OCCURRENCE_FORM,
                f"`{inst.event}` happens once: scenario `{scenario.name}` gives it an "
                f"identifier (`{inst.id}`)",
                inst.name_span,
                labels=[(model.events[inst.event].name_span, "declared without `recurring`")],
                help=f"write `{inst.event} {inst.on.isoformat()}`, or declare the event "
                "`recurring`",
            )
        key = (inst.event, inst.id)
        if key in seen:
            yield finding(
                OCCURRENCE_TWICE,
                f"scenario `{scenario.name}` gives the occurrence `{inst.id}` of `{inst.event}` "
                "twice",
                inst.name_span,
                labels=[(getattr(seen[key], "span", None), "first given here")],
                help="give each occurrence its own identifier",
            )
        seen[key] = inst
        ga = dict(inst.attributes).get("ga")
        if ga is not None and ga < inst.on:
            yield finding(
                ATTRIBUTE_BEFORE,
                f"`{inst.id}` is generally available on {ga}, before it comes on {inst.on}",
                inst.spans.get("ga") or inst.name_span,
                help="check the two dates: the occurrence's date is the release to the grantee",
            )


def _readings(scenario: Scenario, targets: set[str]) -> Iterator[Diagnostic]:
    warned: set[str] = set()
    for reading in scenario.readings:
        if reading.kind != "measure" or reading.subject in targets or reading.subject in warned:
            continue
        warned.add(reading.subject)
        suggestion = did_you_mean(reading.subject, sorted(targets))
        yield finding(
            READING_UNUSED,
            f"scenario `{scenario.name}` measures `{reading.subject}`, which no target names",
            reading.name_span,
            help=f"did you mean `{suggestion}`?"
            if suggestion
            else "name the metric of a compute clause's `target`, like `pue`",
        )


def _fundings(model: Model, scenario: Scenario) -> Iterator[Diagnostic]:
    for funded in scenario.fundings:
        head, _, part = funded.tranche.partition(".")
        inv = model.clauses.get(head)
        if not isinstance(inv, Investment):
            continue
        tranche = next((t for t in inv.tranches if t.name == part), None)
        if tranche is None or tranche.amount.currency == funded.amount.currency:
            continue
        yield finding(
            FUNDED_CURRENCY,
            f"`{funded.tranche}` is funded in {funded.amount.currency}, its term in "
            f"{tranche.amount.currency}",
            funded.where("amount"),
            labels=[(tranche.where("amount"), "the term")],
            help=f"give the amount in {tranche.amount.currency}",
        )


def _deals(model: Model, scenario: Scenario) -> Iterator[Diagnostic]:
    for act in scenario.acts:
        if act.verb != "deal" or act.amount is not None:
            continue
        for c in model.clauses.values():
            if (
                isinstance(c, FirstRefusal)
                and act.party in c.binds
                and any(model.overlaps(act.scope, s) for s in c.scope)
            ):
                yield finding(
                    DEAL_WITHOUT_AMOUNT,
                    f"the deal of `{act.party}` with `{act.counterparty}` on {act.on} falls under "
                    f"`{c.name}` but gives no amount",
                    act.span,
                    labels=[(c.name_span, "the right of first refusal")],
                    help="add the deal's amount after its date, like `... 2026-03-10 USD 10B`",
                )
                break


def _rounds(model: Model) -> Iterator[Diagnostic]:
    seen: dict[str, Round] = {}
    for c in model.clauses.values():
        if not isinstance(c, Round):
            continue
        if c.maximum is None and c.target is None:
            yield finding(
                ROUND_WITHOUT_SIZE,
                f"the round `{c.name}` has neither a `target` nor a `maximum`",
                c.name_span,
                help="add the round's size, like `maximum USD 3M` (and `target USD 2M`)",
            )
        size = c.maximum or c.target
        for name in c.investments:
            inv = model.clauses.get(name)
            if not isinstance(inv, Investment):
                continue
            if inv.recipient != c.issuer:
                yield finding(
                    ROUND_MEMBER,
                    f"`{name}` goes to `{inv.recipient}`, but the round `{c.name}` is a "
                    f"financing of `{c.issuer}`",
                    c.where("investments"),
                    labels=[(inv.where("recipient"), "its recipient")],
                    help=f"name only investments in `{c.issuer}`",
                )
            if name in seen:
                yield finding(
                    ROUND_MEMBER,
                    f"`{name}` is in the rounds `{seen[name].name}` and `{c.name}`",
                    c.where("investments"),
                    labels=[(seen[name].where("investments"), "also here")],
                    help="an investment belongs to one round: its money would count twice",
                )
            seen.setdefault(name, c)
            amount = inv.commitment or (inv.tranches[0].amount if inv.tranches else None)
            if size is not None and amount is not None and amount.currency != size.currency:
                yield finding(
                    ROUND_CURRENCY,
                    f"`{name}` is in {amount.currency}, the round `{c.name}` in {size.currency}",
                    c.where("investments"),
                    labels=[(inv.where("commitment"), "in another currency")],
                    help=f"express the investment in {size.currency}, or leave it out of the round",
                )
