"""Rights of first refusal and first offer: a right held against someone else."""

from __future__ import annotations

from collections.abc import Iterator

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import FirstRefusal

SELF_BOUND = RuleInfo(
    "TL540",
    "first-refusal-binds-holder",
    "a right of first refusal or first offer binds its own holder",
    """\
A right of first refusal (or first offer) obliges the bound party to offer a deal to the
holder before dealing with anyone else; a party cannot owe itself that offer. A name in
both `holder` and `binds` is usually a copy-paste slip.

    first_refusal compute_rofr { holder microsoft  binds openai, microsoft ... }    # error""",
    Severity.ERROR,
)

DEAL_CURRENCY = RuleInfo(
    "TL541",
    "third-party-deal-currency",
    "a scenario's third-party deal is priced in another currency than the offer before it",
    """\
A deal with a third party after an offer is permitted only on terms no better than the
offer's (docs/semantics.md). A price in another currency cannot be compared with the
offer's, since no exchange rate applies to a negotiated price, so the interpreter judges
the deal a breach. Usually one of the two currencies is mistyped. A warning.

    scenario base {
      offer founder_rofr { made 2026-05-01; price USD 400K; decline 2026-05-10 }
      third_party founder_rofr 2026-06-01 EUR 380K    # warning: USD offer, EUR deal
    }""",
    Severity.WARNING,
)

RULES = (SELF_BOUND, DEAL_CURRENCY)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    for c in ctx.model.clauses.values():
        if isinstance(c, FirstRefusal) and c.holder in c.binds:
            yield finding(
                SELF_BOUND,
                f"`{c.name}` binds `{c.holder}`, which is also the holder of the right",
                c.where("binds"),
                labels=[(c.where("holder"), f"`{c.holder}` holds the right here")],
                help=f"remove `{c.holder}` from `binds`, or name the right holder in `holder`",
            )

    for scenario in ctx.model.scenarios.values():
        for deal in scenario.third_party_deals:
            made = [o for o in scenario.offers if o.clause == deal.clause and o.made <= deal.on]
            if not made:
                continue
            offer = max(made, key=lambda o: o.made)  # the interpreter compares the latest
            if offer.price.currency != deal.price.currency:
                yield finding(
                    DEAL_CURRENCY,
                    f"the third-party deal under `{deal.clause}` on {deal.on} is priced in "
                    f"{deal.price.currency}, the offer of {offer.made} in "
                    f"{offer.price.currency}: it cannot be shown to be on terms no better",
                    deal.where("price"),
                    labels=[(offer.where("price"), f"the offer is in {offer.price.currency}")],
                    help=f"price the deal in {offer.price.currency}, or correct the offer's "
                    "currency",
                )
