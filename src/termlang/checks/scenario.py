"""Scenario lines the interpreter has no use for: offers made while the right is not in
force, distributions of a stream that no waterfall divides."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.dates import evaluate, scenario_env, window_end
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import FirstRefusal, Model, OfferMade, Scenario, Waterfall

OFFER_OUTSIDE = RuleInfo(
    "TL590",
    "offer-outside-window",
    "a scenario makes an offer under a right of first refusal outside the right's window",
    """\
An `offer` opens only while its right of first refusal (or first offer) is in force, from
its window's start (the effective date without a window) to the day before its end. An
offer made outside the window is ignored: no response window runs and nothing is decided.
Checked when the scenario gives the window's dates. Usually the offer's `made` date or the
window is mistyped. A warning.

    first_refusal rofr { ... window 2026-01-01 .. 2027-01-01 }
    scenario base { offer rofr { made 2027-03-01  price USD 1M } }    # warning""",
    Severity.WARNING,
)

DISTRIBUTION_UNUSED = RuleInfo(
    "TL591",
    "distribution-without-waterfall",
    "a scenario gives distributions of a stream that no waterfall distributes",
    """\
`distribution STREAM { PERIOD AMOUNT }` gives what a `waterfall` divides among its tiers:
the waterfall whose `distributes` names the stream. Distributions of a stream that no
waterfall distributes are not used (revenue figures are `revenue STREAM { ... }`). Usually
the stream's name is mistyped, or `revenue` was meant. A warning.

    waterfall returns { payer alpha  distributes profits ... }
    scenario base { distribution profit { 2027 USD 5M } }    # warning: `profit`""",
    Severity.WARNING,
)

HORIZON_BEFORE = RuleInfo(
    "TL592",
    "horizon-before-effective",
    "a scenario's horizon is before the agreement takes effect",
    """\
A scenario is evaluated from the effective date up to its `horizon`. A horizon before the
effective date leaves nothing to evaluate: the timeline is empty and every expectation
compares with an agreement that has not started. Usually the year is mistyped. A warning.

    agreement "x" { kind mou; binding no; effective 2026-01-01 }
    scenario base { horizon 2025-12-31 }    # warning""",
    Severity.WARNING,
)

RULES = (OFFER_OUTSIDE, DISTRIBUTION_UNUSED, HORIZON_BEFORE)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    distributed = {c.distributes for c in model.clauses.values() if isinstance(c, Waterfall)}
    effective = model.agreement.effective if model.agreement is not None else None
    for scenario in model.scenarios.values():
        if effective is not None and scenario.horizon is not None and scenario.horizon < effective:
            yield finding(
                HORIZON_BEFORE,
                f"the horizon of scenario `{scenario.name}` ({scenario.horizon.isoformat()}) is "
                f"before the agreement takes effect ({effective.isoformat()})",
                scenario.where("horizon"),
                labels=[(model.agreement.where("effective"), "takes effect here")]
                if model.agreement is not None
                else [],
                help="evaluate up to a date after the effective date",
            )
        yield from _offers(model, scenario)
        seen: set[str] = set()
        for series in scenario.series:
            if series.metric != "distribution" or series.subject in distributed:
                continue
            if series.subject in seen:
                continue
            seen.add(series.subject)
            yield finding(
                DISTRIBUTION_UNUSED,
                f"scenario `{scenario.name}` gives distributions of `{series.subject}`, which "
                "no waterfall distributes",
                series.where("subject"),
                help="name the stream of a waterfall's `distributes` (or add the waterfall); "
                "for revenue figures write `revenue STREAM { ... }`",
            )


def _offers(model: Model, scenario: Scenario) -> Iterator[Diagnostic]:
    if not scenario.offers:
        return
    env = scenario_env(model, scenario)
    for offer in scenario.offers:
        right = model.clauses.get(offer.clause)
        if not isinstance(right, FirstRefusal):
            continue
        start = evaluate(right.window.start, env) if right.window else env.effective
        end = window_end(right.window.end, env) if right.window else None
        if start is not None and offer.made < start:
            opens = "its window opens" if right.window else "the agreement takes effect"
            yield _outside(offer, right, scenario, f"before {opens} on {start}")
        elif end is not None and offer.made >= end:
            yield _outside(
                offer, right, scenario, f"after its window ended on {end - timedelta(days=1)}"
            )


def _outside(offer: OfferMade, right: FirstRefusal, scenario: Scenario, why: str) -> Diagnostic:
    return finding(
        OFFER_OUTSIDE,
        f"scenario `{scenario.name}` makes an offer under `{right.name}` on {offer.made}, "
        f"{why}: the offer is ignored",
        offer.where("made"),
        labels=[(right.where("window"), f"`{right.name}` is in force in this window")],
        help=f"date the offer while `{right.name}` is in force, or correct its window",
    )
