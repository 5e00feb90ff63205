"""Allocations: weights that can be compared, added and divided by."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import Allocation, Weight
from termlang.source import Span
from termlang.values import Money, Percent, Quantity

MIXED = RuleInfo(
    "TL560",
    "allocation-mixed-weights",
    "an allocation's weights are of different kinds, currencies or units",
    """\
An allocation divides its amount in proportion to the weights, so the weights must be
figures of one kind: all amounts in one currency, all quantities in one unit, all
percentages or all plain numbers. `USD 500K` against `1_250_000 shares`, or `USD 500K`
against `EUR 1.5M`, has no agreed proportion.

    allocation pro_rata { amount USD 2M
      weight kestrel USD 500K
      weight wren    1_250_000 shares }    # error""",
    Severity.ERROR,
)

NO_WEIGHT = RuleInfo(
    "TL561",
    "allocation-without-weights",
    "an allocation has no weights, or only weights of zero",
    """\
An allocation divides its amount in proportion to the weights; with no weight, or only
weights of zero, there is no proportion and nothing can be allocated.

    allocation pro_rata { amount USD 2M  weight kestrel USD 0  weight wren USD 0 }    # error""",
    Severity.ERROR,
)

PERCENT_TOTAL = RuleInfo(
    "TL562",
    "allocation-percent-total",
    "an allocation's percentage weights do not add up to 100%",
    """\
Weights are proportions: `25%` and `65%` allocate 25/90 and 65/90 of the amount, not 25%
and 65% of it. Percentages that do not add up to 100% therefore read as one thing and
compute as another. A warning: make them add up to 100%, or write plain numbers if
proportions are meant.

    allocation pro_rata { amount USD 2M  weight kestrel 25%  weight wren 65% }    # warning""",
    Severity.WARNING,
)

DUPLICATE = RuleInfo(
    "TL563",
    "allocation-duplicate-party",
    "a party has two weights in one allocation",
    """\
Each party of an allocation has one weight and receives one part. A party listed twice is
a copy-paste slip: merge the two weights into one line.

    allocation pro_rata { amount USD 2M  weight kestrel USD 500K  weight kestrel USD 1M }""",
    Severity.ERROR,
)

RULES = (MIXED, NO_WEIGHT, PERCENT_TOTAL, DUPLICATE)


def _kind(value: Money | Quantity | Percent | Decimal) -> str:
    """What weights must share to be comparable, in words for a message."""
    if isinstance(value, Money):
        return f"an amount in {value.currency}"
    if isinstance(value, Quantity):
        return f"a quantity in `{value.unit}`"
    if isinstance(value, Percent):
        return "a percentage"
    return "a plain number"


def _number(value: Money | Quantity | Percent | Decimal) -> Decimal:
    if isinstance(value, Money | Quantity):
        return value.amount
    if isinstance(value, Percent):
        return value.value
    return value


def _where(w: Weight) -> Span | None:
    return w.span or w.name_span


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    for c in ctx.model.clauses.values():
        if isinstance(c, Allocation):
            yield from _allocation(c)


def _allocation(c: Allocation) -> Iterator[Diagnostic]:
    weights = c.weights
    if not weights or all(_number(w.value) == 0 for w in weights):
        yield finding(
            NO_WEIGHT,
            f"`{c.name}` has no weights to divide {c.amount} by"
            if not weights
            else f"every weight of `{c.name}` is zero: {c.amount} cannot be divided",
            _where(weights[0]) if weights else c.name_span,
            labels=[(_where(w), "") for w in weights[1:6]],
            help="give each party its weight: `weight PARTY USD 500K`",
        )
    seen: dict[str, Weight] = {}
    for w in weights:
        first = seen.setdefault(w.party, w)
        if first is not w:
            yield finding(
                DUPLICATE,
                f"`{w.party}` has two weights in `{c.name}`",
                _where(w),
                labels=[(_where(first), "first weight here")],
                help="merge the two lines into one weight",
            )
    if not weights:
        return
    kind = _kind(weights[0].value)
    odd = next((w for w in weights if _kind(w.value) != kind), None)
    if odd is not None:
        yield finding(
            MIXED,
            f"the weights of `{c.name}` cannot be compared: `{odd.party}` has "
            f"{_kind(odd.value)}, `{weights[0].party}` {kind}",
            _where(odd),
            labels=[(_where(weights[0]), kind)],
            help="write every weight as the same kind of figure, in one currency or unit",
        )
        return
    if isinstance(weights[0].value, Percent):
        total = sum((_number(w.value) for w in weights), Decimal(0))
        if total != 100:
            yield finding(
                PERCENT_TOTAL,
                f"the percentage weights of `{c.name}` add up to {Percent(total)}, not 100%: "
                "each party gets its weight's proportion of the total, not its percentage",
                _where(weights[-1]),
                labels=[(_where(w), "") for w in weights[:-1][:5]],
                help="make the percentages add up to 100%, or write the weights as plain "
                "numbers if proportions are meant",
            )
