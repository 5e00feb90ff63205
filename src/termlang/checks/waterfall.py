"""Waterfalls: tiers that can pay, end and be reached, within the investment's return cap."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from fractions import Fraction

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.checks.money import convert, mixed_currency, money_text
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import (
    AnyClause,
    Convertible,
    ExchangeRate,
    Investment,
    Loan,
    Waterfall,
    WaterfallTier,
)
from termlang.source import Span
from termlang.values import Money

SHARE = RuleInfo(
    "TL510",
    "waterfall-share-over-100",
    "a waterfall tier pays more than 100% of what flows through it",
    """\
A tier pays its recipient a share of the money that flows through it; the rest stays with
the payer. A share above 100% would pay out more than was distributed, so the figure is
mistyped (`750%` for `75%`).

    waterfall returns { payer openai  distributes profits
      tier recoup { to microsoft; share 175%; until recouped msft }    # error
    }""",
    Severity.ERROR,
)

ZERO_SHARE = RuleInfo(
    "TL511",
    "waterfall-zero-share-target",
    "a waterfall tier pays 0% but has a target, so it never ends",
    """\
A tier ends when its recipient has received its `until` target from the waterfall. A tier
that pays 0% never gets its recipient any closer, so the target is never reached, the tier
never ends and every tier after it never pays. A tier meant to pay nothing ("then
nothing") has no `until`; a tier meant to pay has a share above 0%.

    tier recoup { to microsoft; share 0%; until recouped msft }    # error
    tier capped { to microsoft; share 49%; until 100x of msft }    # never reached""",
    Severity.ERROR,
)

DEAD = RuleInfo(
    "TL512",
    "waterfall-dead-tier",
    "a waterfall tier can never pay: an earlier tier never ends, or its target is already met",
    """\
Tiers are taken in order, and a tier is current until its recipient's *cumulative* receipts
from the whole waterfall reach its `until` target (docs/mechanics.md). Two mistakes make a
tier dead:

- an earlier tier has no `until`, so it never ends and no later tier is ever reached;
- its target is not above the target of an earlier tier of the same recipient: when the
  tier becomes current, the recipient has already received that much, so it ends at once.

Targets written as multiples are compared through the amount of the investment they refer
to (the commitment of an `investment`, the amount of a `convertible`, the principal of a
`loan`); amounts in other currencies through the declared `exchange_rate`.

    tier recoup { to microsoft; share 75%; until 2x of msft }
    tier capped { to microsoft; share 49%; until recouped msft }    # error: 1x is below 2x""",
    Severity.ERROR,
)

ABOVE_CAP = RuleInfo(
    "TL513",
    "waterfall-above-return-cap",
    "a waterfall tier pays up to a multiple above the investment's return cap",
    """\
An investment's `return_cap` limits what the investor may get back to a multiple of what
it put in. A waterfall tier that pays until a higher multiple of the same investment
promises more than the cap allows; one of the two multiples is wrong.

    investment msft { ... return_cap 100x }
    tier capped { to microsoft; share 49%; until 120x of msft }    # error: above 100x""",
    Severity.ERROR,
)

NO_TARGET = RuleInfo(
    "TL514",
    "waterfall-target-without-amount",
    "a waterfall tier's target is a multiple of an investment that has no amount",
    """\
`until recouped X` and `until Nx of X` count in the amount invested in `X`: the amount
funded by its tranches, or its `commitment` when nothing is funded yet. An `investment`
with neither tranches nor a `commitment` gives no amount, so the tier has no target: it
never ends, and no tier after it is ever reached. Give the investment a `commitment` (or
its tranches), or write the target as an amount (`until USD 13B`).

    investment msft { investor microsoft  recipient openai }    # no commitment, no tranche
    waterfall returns { ...
      tier recoup { to microsoft; share 75%; until recouped msft } }    # error""",
    Severity.ERROR,
)

RULES = (SHARE, ZERO_SHARE, DEAD, ABOVE_CAP, NO_TARGET)


def invested(clause: AnyClause | None) -> tuple[Money, Span | None] | None:
    """What a waterfall target's multiple multiplies: the amount put into `clause`."""
    if isinstance(clause, Investment):
        if clause.commitment is not None:
            return clause.commitment, clause.where("commitment")
        if clause.tranches:
            currency = clause.tranches[0].amount.currency
            if all(t.amount.currency == currency for t in clause.tranches):
                total = sum((t.amount for t in clause.tranches), Money(currency, 0))
                return total, clause.tranches[0].where("amount")
        return None
    if isinstance(clause, Convertible):
        return clause.amount, clause.where("amount")
    if isinstance(clause, Loan):
        return clause.principal, clause.where("principal")
    return None


def target(
    tier: WaterfallTier, clauses: Mapping[str, AnyClause]
) -> tuple[Money, Span | None] | None:
    """A tier's `until` as an amount, with the line that gives the base (None: no target)."""
    if tier.until_amount is not None:
        return tier.until_amount, tier.where("until")
    if tier.until_multiple is not None and tier.until_of is not None:
        base = invested(clauses.get(tier.until_of))
        if base is None:
            return None
        money, span = base
        return money * tier.until_multiple.value, span
    return None


def _until_text(tier: WaterfallTier) -> str:
    if tier.until_amount is not None:
        return str(tier.until_amount)
    if tier.until_multiple is not None and tier.until_multiple.value == 1:
        return f"recouped `{tier.until_of}`"
    return f"{tier.until_multiple} of `{tier.until_of}`"


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    clauses = ctx.model.clauses
    for clause in clauses.values():
        if isinstance(clause, Waterfall):
            yield from _waterfall(clause, clauses, ctx.model.rates)


def _waterfall(
    w: Waterfall, clauses: Mapping[str, AnyClause], rates: Mapping[str, ExchangeRate]
) -> Iterator[Diagnostic]:
    yield from _tiers(w, clauses, rates)
    yield from _above_cap(w, clauses)


def _tiers(
    w: Waterfall, clauses: Mapping[str, AnyClause], rates: Mapping[str, ExchangeRate]
) -> Iterator[Diagnostic]:
    """Tiers in order: shares, then whether each can be reached and can end."""
    endless: WaterfallTier | None = None  # an earlier tier that never ends
    reached: dict[str, tuple[Money, WaterfallTier]] = {}  # recipient -> highest target so far
    for tier in w.tiers:
        name = f"{w.name}.{tier.name}"
        if tier.share.value > 100:
            yield finding(
                SHARE,
                f"tier `{name}` pays {tier.share} of what flows through it, more than all of it",
                tier.where("share"),
                help="a tier's share is at most 100%; the rest stays with the payer",
            )
        has_target = tier.until_amount is not None or tier.until_multiple is not None
        if endless is not None:
            yield finding(
                DEAD,
                f"tier `{name}` is never reached: `{w.name}.{endless.name}` before it has no "
                "`until`, so it never ends",
                tier.name_span or tier.span,
                labels=[(endless.name_span or endless.span, "this tier never ends")],
                help=f"give `{w.name}.{endless.name}` an `until` target, or remove the tiers "
                "after it",
            )
            return
        if tier.share.value == 0 and has_target:
            yield finding(
                ZERO_SHARE,
                f"tier `{name}` pays 0%, so `{tier.to}` never reaches its target "
                f"({_until_text(tier)}) and the tier never ends",
                tier.where("share"),
                labels=[(tier.where("until"), "this target is never reached")],
                help="give the tier a share above 0%, or remove its `until` if it is meant to "
                "pay nothing from here on",
            )
            return
        base = clauses.get(tier.until_of) if tier.until_of is not None else None
        if isinstance(base, Investment) and base.commitment is None and not base.tranches:
            yield finding(
                NO_TARGET,
                f"tier `{name}` never ends: its target ({_until_text(tier)}) counts in what "
                f"`{base.name}` invests, and `{base.name}` has no `commitment` and no tranche",
                tier.where("until"),
                labels=[(base.name_span, f"`{base.name}` gives no amount")],
                help=f"give `{base.name}` a `commitment` (or its tranches), or write the "
                "target as an amount (`until USD 13B`)",
            )
            return
        if not has_target:
            endless = tier
            continue
        found = target(tier, clauses)
        if found is None:
            continue
        amount, _ = found
        earlier = reached.get(tier.to)
        if earlier is not None:
            before, earlier_tier = earlier
            mixed = mixed_currency(
                [(amount, tier.where("until"))],
                before.currency,
                rates,
                f"comparing the targets of `{w.name}`",
                (earlier_tier.where("until"), f"this target is in {before.currency}"),
            )
            if mixed is not None:
                yield mixed
                return
            mine = convert(amount, before.currency, rates)
            assert mine is not None
            if mine <= Fraction(before.amount):
                yield finding(
                    DEAD,
                    f"tier `{name}` never pays: its target ({_until_text(tier)}, "
                    f"{money_text(mine, before.currency)}) is not above the "
                    f"{money_text(Fraction(before.amount), before.currency)} `{tier.to}` has "
                    f"already received when `{w.name}.{earlier_tier.name}` ends",
                    tier.where("until"),
                    labels=[(earlier_tier.where("until"), f"`{tier.to}`'s earlier target")],
                    help="targets count the recipient's receipts from the whole waterfall: "
                    "make each target of one recipient higher than the one before",
                )
                continue
        reached[tier.to] = (amount, tier)


def _above_cap(w: Waterfall, clauses: Mapping[str, AnyClause]) -> Iterator[Diagnostic]:
    for tier in w.tiers:
        if tier.until_multiple is None or tier.until_of is None:
            continue
        investment = clauses.get(tier.until_of)
        if not isinstance(investment, Investment) or investment.return_cap is None:
            continue
        if tier.until_multiple.value > investment.return_cap.value:
            yield finding(
                ABOVE_CAP,
                f"tier `{w.name}.{tier.name}` pays `{tier.to}` until {tier.until_multiple} of "
                f"`{investment.name}`, above its return cap of {investment.return_cap}",
                tier.where("until"),
                labels=[(investment.where("return_cap"), "the return cap")],
                help=f"lower the target to at most {investment.return_cap} of "
                f"`{investment.name}`, or correct the return cap",
            )
