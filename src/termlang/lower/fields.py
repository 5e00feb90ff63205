"""Converters for fields with their own shapes (bindings, allowances, shares, tiers, caps,
rates, instrument terms, payment amounts and due dates).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from termlang import ast, model
from termlang.codes import (
    BAD_VALUE,
    MISSING_FIELD,
)
from termlang.lower.base import (
    BAD,
    _Bad,
    _describe,
    _words,
    field_spans,
)
from termlang.lower.lowerer import (
    Lowerer,
)
from termlang.lower.registry import Draft
from termlang.lower.schema import (
    DATE_EXPR,
    DURATION,
    MONEY,
    NAME,
    PERCENT,
    QUANTITY,
    Field,
    _schema,
    ref,
)
from termlang.mechanics import units as units_mech
from termlang.names import did_you_mean
from termlang.source import Span
from termlang.values import (
    Duration,
    DurationUnit,
    Money,
    Multiple,
    Percent,
    Quantity,
    parse_duration_unit,
)

# -- converters for fields with their own shapes


def conv_binding(lw: Lowerer, item: ast.Item) -> tuple[bool, tuple[str, ...]] | _Bad:
    args = item.args
    if not args or not isinstance(args[0], ast.Ref) or args[0].name not in ("yes", "no"):
        return lw.bad_value(item, "`yes` or `no`", "no except exclusivity, confidentiality")
    binding = args[0].name == "yes"
    if len(args) == 1:
        return binding, ()
    if not isinstance(args[1], ast.Ref) or args[1].name != "except" or len(args) != 3:
        return lw.error(
            BAD_VALUE,
            "expected `except` and the clauses that bind anyway",
            args[1].span,
            help="write it like `binding no except exclusivity, confidentiality`",
        )
    if binding:
        return lw.error(
            BAD_VALUE,
            "`binding yes except ...` is not supported",
            args[1].span,
            help="a binding document binds every clause; list the exceptions of a "
            "non-binding one with `binding no except ...`",
        )
    names = lw.conv_names(ast.Item(key="except", args=(args[2],), span=args[2].span))
    if isinstance(names, _Bad):
        return names
    return binding, names


def conv_expected(lw: Lowerer, item: ast.Item) -> tuple[ast.Expr, ast.Expr] | _Bad:
    """`expected between A and B`: if the event happens, it does so on a day from A to B."""
    args = item.args
    if (
        len(args) != 2
        or not isinstance(args[0], ast.Ref)
        or args[0].name != "between"
        or not isinstance(args[1], ast.And)
    ):
        return lw.bad_value(item, "`between` two dates", "between 2026-03-01 and 2026-06-30")
    first, last = args[1].left, args[1].right
    ok = lw.check_date_expr(first, item)
    ok = lw.check_date_expr(last, item) and ok
    return (first, last) if ok else BAD


def conv_allow(lw: Lowerer, item: ast.Item) -> model.Allow | _Bad:
    args = item.args
    if len(args) != 2 or not isinstance(args[0], ast.Ref) or not isinstance(args[1], ast.StringLit):
        return lw.bad_value(item, "a check code and the reason", 'TL420 "agreed with counsel"')
    code = args[0].name
    codes = lw.known_codes
    if codes is not None and code not in codes:
        suggestion = did_you_mean(code, codes)
        return lw.error(
            BAD_VALUE,
            f"unknown check code `{code}`",
            args[0].span,
            help=f"did you mean `{suggestion}`?"
            if suggestion
            else "`termlang explain` lists codes",
        )
    if not args[1].value.strip():
        return lw.error(
            BAD_VALUE,
            "a suppression needs a reason",
            args[1].span,
            help="say why this finding does not apply; summaries quote it",
        )
    return model.Allow(code=code, reason=args[1].value, span=item.span)


def conv_share(lw: Lowerer, item: ast.Item) -> model.Share | _Bad:
    args = item.args
    if len(args) != 2 or not isinstance(args[0], ast.Ref):
        return lw.bad_value(item, "a party and a percentage", "openai 51%")
    percent = lw.percent_of(args[1], item)
    if isinstance(percent, _Bad):
        return percent
    return model.Share(
        party=args[0].name,
        percent=percent,
        span=item.span,
        name_span=args[0].span,
        spans=field_spans(percent=args[1].span),
    )


def conv_tier(lw: Lowerer, item: ast.Item) -> model.Tier | _Bad:
    args = item.args
    if (
        len(args) != 1
        or not isinstance(args[0], ast.TimeRel)
        or args[0].op != "after"
        or not isinstance(args[0].left, ast.Ref)
    ):
        return lw.bad_value(item, "a grantee and a delay", "azure_customers after 3 months")
    delay = lw.duration_of(args[0].right, item)
    if isinstance(delay, _Bad):
        return delay
    return model.Tier(
        grantee=args[0].left.name, after=delay, span=item.span, name_span=args[0].left.span
    )


def conv_carve_cap(lw: Lowerer, item: ast.Item) -> tuple[Percent, str | None] | _Bad:
    args = item.args
    if not args:
        return lw.bad_value(item, "a percentage", "20% of compute")
    percent = lw.percent_of(args[0], item)
    if isinstance(percent, _Bad):
        return percent
    if len(args) == 1:
        return percent, None
    if (
        len(args) == 3
        and isinstance(args[1], ast.Ref)
        and args[1].name == "of"
        and isinstance(args[2], ast.Ref)
    ):
        return percent, args[2].name
    return lw.bad_value(item, "a percentage, optionally `of` what", "20% of compute")


def _amount_or_multiple(
    lw: Lowerer, item: ast.Item
) -> tuple[Money | None, Multiple | None, str | None] | _Bad | None:
    """`USD 5B` or `10x of X` (a cap or an `until`); None when the line is neither."""
    args = item.args
    if len(args) == 1 and isinstance(args[0], ast.MoneyLit):
        money = lw.money_of(args[0])
        return money if isinstance(money, _Bad) else (money, None, None)
    if len(args) == 3 and _of_word(args, 1) and isinstance(args[2], ast.Ref):
        multiple = lw.multiple_of(args[0], item)
        if isinstance(multiple, _Bad):
            return multiple
        return None, multiple, args[2].name
    return None


def conv_revenue_cap(
    lw: Lowerer, item: ast.Item
) -> tuple[Money | None, Multiple | None, str | None] | _Bad:
    found = _amount_or_multiple(lw, item)
    if found is not None:
        return found
    return lw.bad_value(item, "an amount or a multiple of an investment", "10x of msft_investment")


def conv_target(lw: Lowerer, item: ast.Item) -> model.Target | _Bad:
    args = item.args
    if not args or not isinstance(args[0], ast.Compare) or not isinstance(args[0].left, ast.Ref):
        return lw.bad_value(item, "a metric, a comparison and a value", "pue <= 1.2")
    cmp = args[0]
    right = cmp.right
    value: Any
    if isinstance(right, ast.NumberLit):
        value = right.value
    elif isinstance(right, ast.PercentLit):
        value = Percent(right.value)
    elif isinstance(right, ast.QuantityLit):
        value = lw.quantity_of(right, item)
    elif isinstance(right, ast.MoneyLit):
        value = lw.money_of(right)
    else:
        return lw.bad_value(item, "a number, a percentage or a quantity", "pue <= 1.2")
    if isinstance(value, _Bad):
        return value
    assert isinstance(cmp.left, ast.Ref)
    by = None
    rest = args[1:]
    if rest:
        if len(rest) != 2 or not isinstance(rest[0], ast.Ref) or rest[0].name != "by":
            return lw.bad_value(
                item, "an optional `by DATE` after the target", "pue <= 1.2 by 2027-01-01"
            )
        if not lw.check_date_expr(rest[1], item):
            return BAD
        by = rest[1]
    return model.Target(
        metric=cmp.left.name,
        op=cmp.op,
        value=value,
        by=by,
        span=item.span,
        name_span=cmp.left.span,
    )


def conv_consequence(lw: Lowerer, item: ast.Item) -> model.Consequence | _Bad:
    args = item.args
    actions = ("suspend", "terminate")
    if len(args) != 2 or not isinstance(args[0], ast.Ref) or args[0].name not in actions:
        return lw.bad_value(
            item, "`suspend` or `terminate` and the clauses", "suspend priority_access"
        )
    names = lw.conv_names(ast.Item(key=item.key, args=(args[1],), span=item.span))
    if isinstance(names, _Bad):
        return names
    return model.Consequence(action=args[0].name, clauses=names, span=item.span)


def conv_exercise(lw: Lowerer, item: ast.Item) -> model.Consequence | _Bad:
    """An option's consequence on exercise (evaluate/options.py): `renew TERM DURATION`,
    `terminate CLAUSE, ...` (or `agreement`), `buy PAYMENT`."""
    args = item.args
    head = args[0] if args else None
    action = head.name if isinstance(head, ast.Ref) else None
    shape = {"renew": 3, "terminate": 2, "buy": 2}
    if action not in shape or len(args) != shape[action]:
        return lw.bad_value(
            item,
            "`renew` a term and the extension, `terminate` clauses or `buy` a payment",
            "renew licence_term 2 years",
        )
    names = lw.conv_names(ast.Item(key=item.key, args=(args[1],), span=item.span))
    if isinstance(names, _Bad):
        return names
    by = lw.duration_of(args[2], item) if action == "renew" else None
    if isinstance(by, _Bad):
        return by
    return model.Consequence(action=action, clauses=names, by=by, span=item.span)


def conv_period(lw: Lowerer, item: ast.Item) -> DurationUnit | _Bad:
    word = lw.word(item, ["month", "quarter", "year"], "quarter")
    if isinstance(word, _Bad):
        return word
    unit = parse_duration_unit(word)
    assert unit is not None
    return unit


def conv_kind(lw: Lowerer, item: ast.Item) -> str | _Bad:
    return lw.word(item, ["mou", "term_sheet", "definitive"], "mou")


def conv_instrument(lw: Lowerer, item: ast.Item) -> str | _Bad:
    expr = lw.one(item, "a name or a string", "equity")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.Ref):
        return expr.name
    if isinstance(expr, ast.StringLit):
        return expr.value
    return lw.bad_value(item, "a name or a string", "equity")


def conv_date_rule(lw: Lowerer, item: ast.Item) -> str | _Bad:
    return lw.word(item, ["clamp"], "clamp")


def conv_survives(lw: Lowerer, item: ast.Item) -> Duration | bool | _Bad:
    """`survives 2 years`, `survives yes` (indefinitely) or `survives no`."""
    expr = lw.one(item, "a duration, `yes` or `no`", "2 years")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.Ref) and expr.name in ("yes", "no"):
        return expr.name == "yes"
    if isinstance(expr, ast.QuantityLit):
        return lw.duration_of(expr, item)
    return lw.bad_value(item, "a duration, `yes` or `no`", "2 years")


def conv_count(lw: Lowerer, item: ast.Item) -> int | _Bad:
    """A whole number of times, at least 1 (`renewals 2`)."""
    expr = lw.one(item, "a whole number", "2")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.NumberLit) and expr.value == int(expr.value) and expr.value >= 1:
        return int(expr.value)
    return lw.bad_value(item, "a whole number of at least 1", "2")


def word_field(options: Sequence[str], example: str) -> Callable[[Lowerer, ast.Item], Any]:
    def convert(lw: Lowerer, item: ast.Item) -> str | _Bad:
        return lw.word(item, options, example)

    return convert


def conv_interest(lw: Lowerer, item: ast.Item) -> DurationUnit | _Bad | None:
    """`interest simple` or `interest compound quarter`."""
    args = item.args
    if len(args) == 1 and isinstance(args[0], ast.Ref) and args[0].name == "simple":
        return None
    if len(args) == 2 and isinstance(args[0], ast.Ref) and args[0].name == "compound":
        period = lw.word(
            ast.Item(key=item.key, args=args[1:], span=item.span),
            ["month", "quarter", "year"],
            "compound quarter",
        )
        if isinstance(period, _Bad):
            return period
        return parse_duration_unit(period)
    return lw.bad_value(item, "`simple` or `compound` and a period", "compound quarter")


def _of_word(args: Sequence[ast.Expr], at: int, word: str = "of") -> bool:
    if len(args) <= at:
        return False
    arg = args[at]
    return isinstance(arg, ast.Ref) and arg.name == word


def conv_until(
    lw: Lowerer, item: ast.Item
) -> tuple[Money | None, Multiple | None, str | None] | _Bad:
    """`until recouped X`, `until 10x of X` or `until USD 5B`."""
    args = item.args
    if (
        len(args) == 2
        and isinstance(args[0], ast.Ref)
        and args[0].name == "recouped"
        and isinstance(args[1], ast.Ref)
    ):
        return None, Multiple(1), args[1].name
    found = _amount_or_multiple(lw, item)
    if found is not None:
        return found
    return lw.bad_value(
        item, "`recouped INVESTMENT`, a multiple of one, or an amount", "10x of msft_investment"
    )


def _per(lw: Lowerer, item: ast.Item, args: Sequence[ast.Expr]) -> Duration | _Bad:
    """The `per day` / `per 2 weeks` tail of a rate."""
    example = "0.1% of USD 5M per day"
    if len(args) != 2 or not _of_word(args, 0, "per"):
        return lw.bad_value(item, "an amount or a percentage `per` a period", example)
    unit = args[1]
    if isinstance(unit, ast.Ref) and len(unit.parts) == 1:
        found = parse_duration_unit(unit.name)
        if found is None or found is DurationUnit.BUSINESS_DAY:
            suggestion = did_you_mean(unit.name, ["day", "week", "month", "quarter", "year"])
            return lw.error(
                BAD_VALUE,
                f"a penalty accrues per day, week, month, quarter or year, found {_describe(unit)}",
                unit.span,
                help=f"did you mean `{suggestion}`?"
                if suggestion
                else f"write it like `{example}`",
            )
        return Duration(1, found)
    duration = lw.duration_of(unit, item)
    if isinstance(duration, _Bad):
        return duration
    if duration.unit is DurationUnit.BUSINESS_DAY or duration.amount == 0:
        return lw.error(
            BAD_VALUE,
            f"a penalty period is a positive number of days, weeks, months, quarters or years, "
            f"found {_describe(unit)}",
            unit.span,
            help=f"write it like `{example}` or `... per 2 weeks`",
        )
    return duration


def conv_penalty_rate(
    lw: Lowerer, item: ast.Item
) -> tuple[Money | None, Percent | None, Money | None, Duration] | _Bad:
    """`EUR 500 per day`, `0.1% of EUR 5M per day` or `1.5% per month` (of the late amount)."""
    args = item.args
    example = "0.1% of USD 5M per day"
    if not args:
        return lw.bad_value(item, "an amount or a percentage per period", example)
    first = args[0]
    if isinstance(first, ast.MoneyLit):
        money = lw.money_of(first)
        per = _per(lw, item, args[1:])
        if isinstance(money, _Bad) or isinstance(per, _Bad):
            return BAD
        return money, None, None, per
    if isinstance(first, ast.PercentLit):
        percent = Percent(first.value)
        base: Money | None = None
        rest = args[1:]
        if _of_word(rest, 0):
            if len(rest) < 2 or not isinstance(rest[1], ast.MoneyLit):
                return lw.error(
                    BAD_VALUE,
                    "a percentage rate is `of` an amount",
                    rest[0].span,
                    help=f"write it like `{example}`, or drop `of` to mean the late amount",
                )
            found = lw.money_of(rest[1])
            if isinstance(found, _Bad):
                return found
            base = found
            rest = rest[2:]
        per = _per(lw, item, rest)
        if isinstance(per, _Bad):
            return per
        return None, percent, base, per
    return lw.bad_value(item, "an amount or a percentage per period", example)


def conv_penalty_cap(lw: Lowerer, item: ast.Item) -> tuple[Money | None, Percent | None] | _Bad:
    """`cap USD 500K` or `cap 10%` (of the rate's base, or of the late amount)."""
    expr = lw.one(item, "an amount or a percentage", "USD 500K")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.PercentLit):
        return None, Percent(expr.value)
    money = lw.money_of(expr)
    return money if isinstance(money, _Bad) else (money, None)


def conv_threshold(lw: Lowerer, item: ast.Item) -> Duration | Money | _Bad:
    """`terminate_after 60 days` (of delay) or `terminate_after USD 100K` (accrued)."""
    expr = lw.one(item, "a duration or an amount", "60 days")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.MoneyLit):
        return lw.money_of(expr)
    return lw.duration_of(expr, item)


def conv_on_change_of_control(lw: Lowerer, item: ast.Item) -> Multiple | _Bad | None:
    """`repay` (the default) or a multiple of the purchase amount, `2x`."""
    expr = lw.one(item, "`repay` or a multiple", "2x")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.Ref) and expr.name == "repay":
        return None
    if isinstance(expr, ast.QuantityLit) and expr.unit == "x":
        return Multiple(expr.amount)
    return lw.bad_value(item, "`repay` or a multiple", "2x")


def conv_units(lw: Lowerer, item: ast.Item) -> str | _Bad:
    """`units tokens`: what a conversion issues (any unit name; default `shares`)."""
    expr = lw.one(item, "a unit name", "tokens")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.Ref):
        return expr.name
    return lw.bad_value(item, "a unit name", "tokens")


def conv_fractions(lw: Lowerer, item: ast.Item) -> tuple[str, int] | _Bad:
    """`fractions round_down`, `fractions nearest` or `fractions issue 18` (decimal places)."""
    args = item.args
    example = "round_down"
    if not args or not isinstance(args[0], ast.Ref):
        return lw.bad_value(item, "`round_down`, `nearest` or `issue` and places", example)
    word = lw.word(ast.Item(key=item.key, args=args[:1], span=item.span), FRACTION_WORDS, example)
    if isinstance(word, _Bad):
        return word
    if len(args) == 1:
        return word, units_mech.DEFAULT_PLACES if word == "issue" else 0
    places = args[1]
    if (
        word == "issue"
        and len(args) == 2
        and isinstance(places, ast.NumberLit)
        and places.value == places.value.to_integral_value()
        and 0 <= places.value <= 36
    ):
        return word, int(places.value)
    return lw.bad_value(item, "`issue` and a number of decimal places (0 to 36)", "issue 18")


def conv_premium(lw: Lowerer, item: ast.Item) -> Percent | Multiple | _Bad:
    """`premium 100%` or `premium 1x`: of the principal, on a change of control."""
    expr = lw.one(item, "a percentage or a multiple", "100%")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.QuantityLit) and expr.unit == "x":
        return Multiple(expr.amount)
    return lw.conv_percent(item)


def conv_rank(lw: Lowerer, item: ast.Item) -> int | _Bad:
    """`rank 1`: priority on a dissolution (1 is paid first; equal ranks share pro rata)."""
    expr = lw.one(item, "a whole number", "1")
    if isinstance(expr, _Bad):
        return expr
    if (
        isinstance(expr, ast.NumberLit)
        and expr.value == expr.value.to_integral_value()
        and 1 <= expr.value <= 1000
    ):
        return int(expr.value)
    return lw.bad_value(item, "a whole number from 1", "1")


def conv_on_dissolution(lw: Lowerer, item: ast.Item) -> Money | Percent | _Bad:
    """`on_dissolution 80%` (of the purchase amount, the SAFT's Discount Rate) or an amount."""
    expr = lw.one(item, "a percentage or an amount", "80%")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.MoneyLit):
        return lw.money_of(expr)
    return lw.conv_percent(item)


def conv_consent(lw: Lowerer, item: ast.Item) -> Percent | str | _Bad:
    """`consent majority` (more than 50% of the class's principal) or `consent 66.67%`."""
    expr = lw.one(item, "`majority` or a percentage", "majority")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.Ref) and expr.name == "majority":
        return "majority"  # strictly more than half: a tie does not bind
    return lw.conv_percent(item)


def conv_precedence(lw: Lowerer, item: ast.Item) -> tuple[str, ...] | _Bad:
    """`precedence series_a launch`: the outcome events in the order they win a same-day tie."""
    words = [a.name for a in item.args if isinstance(a, ast.Ref)]
    if len(words) != len(item.args) or len(words) < 2 or len(set(words)) != len(words):
        return lw.bad_value(item, "two or more distinct events, first prevails", "series_a launch")
    return tuple(words)


FRACTION_WORDS = units_mech.POLICIES
# A note's or SAFE's terms beyond the price (docs/mechanics.md, "Instruments").
INSTRUMENT_FIELDS = {
    "units": Field(conv_units, example="tokens"),
    "fractions": Field(conv_fractions, attr="_fractions", example="round_down"),
    "at_maturity": Field(
        word_field(("repay", "convert", "election"), "election"), example="election"
    ),
    "maturity_price": attrs.evolve(MONEY, example="USD 1"),
    "election_window": attrs.evolve(DURATION, example="30 days"),
    "premium": Field(conv_premium, example="100%"),
    "minimum": attrs.evolve(MONEY, example="USD 5M"),
    "minimum_counts": Field(
        word_field(("new_money", "conversions"), "new_money"), example="new_money"
    ),
    "financing_deadline": ref(attrs.evolve(DATE_EXPR, example="effective + 18 months"), "date"),
    "dissolution": ref(attrs.evolve(NAME, example="dissolution"), "event"),
    "on_dissolution": Field(conv_on_dissolution, example="80%"),
    "rank": Field(conv_rank, example="1"),
    "capitalization": Field(
        word_field(("pre_money", "post_money"), "post_money"), example="post_money"
    ),
    "pool_increase": Field(word_field(("included", "excluded"), "excluded"), example="excluded"),
    "equity_financing": ref(attrs.evolve(NAME, example="series_a"), "event"),
    "series": attrs.evolve(NAME, example="series_seed_notes"),
    "consent": Field(conv_consent, example="majority"),
    "precedence": Field(conv_precedence, example="series_a launch"),
}


def conv_amount_or_quantity(lw: Lowerer, item: ast.Item) -> Money | Quantity | _Bad:
    expr = lw.one(item, "an amount or a quantity", "EUR 250K")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.QuantityLit):
        return lw.quantity_of(expr, item)
    return lw.money_of(expr)


def conv_forecast_share(lw: Lowerer, item: ast.Item) -> Percent | _Bad:
    """`share 80% of forecast`."""
    args = item.args
    if len(args) == 3 and _of_word(args, 1) and _of_word(args, 2, "forecast"):
        return lw.percent_of(args[0], item)
    return lw.bad_value(item, "a percentage `of forecast`", "80% of forecast")


def conv_weight(lw: Lowerer, item: ast.Item) -> model.Weight | _Bad:
    """`weight northwind USD 1.5M`: a party and its weight (money, quantity, % or number)."""
    args = item.args
    if len(args) != 2 or not isinstance(args[0], ast.Ref):
        return lw.bad_value(item, "a party and its weight", "northwind USD 1.5M")
    value: Any
    arg = args[1]
    if isinstance(arg, ast.MoneyLit):
        value = lw.money_of(arg)
    elif isinstance(arg, ast.QuantityLit):
        value = lw.quantity_of(arg, item)
    elif isinstance(arg, ast.PercentLit):
        value = Percent(arg.value)
    elif isinstance(arg, ast.NumberLit):
        value = arg.value
    else:
        return lw.bad_value(item, "a party and its weight", "northwind USD 1.5M")
    if isinstance(value, _Bad):
        return value
    return model.Weight(
        party=args[0].name,
        value=value,
        span=item.span,
        name_span=args[0].span,
        spans=field_spans(value=arg.span),
    )


def conv_holidays(lw: Lowerer, item: ast.Item) -> tuple[tuple[date, Span | None], ...] | _Bad:
    """`holiday 2026-12-25` or `holiday 2026-12-25, 2027-01-01`: each day with its span."""
    exprs: list[ast.Expr] = []
    for arg in item.args:
        exprs.extend(arg.items if isinstance(arg, ast.ListExpr) else [arg])
    if not exprs or len(item.args) != 1:
        return lw.bad_value(item, "one or more dates", "2026-12-25, 2027-01-01")
    out: list[tuple[date, Span | None]] = []
    for expr in exprs:
        if not isinstance(expr, ast.DateLit):
            return lw.error(
                BAD_VALUE,
                f"a holiday is a date, found {_describe(expr)}",
                expr.span,
                help="write dates as YYYY-MM-DD, separated by commas",
            )
        out.append((expr.value, expr.span))
    return tuple(out)


STEP_SCHEMAS = {
    "split": _schema(share=Field(conv_share, many=True, attr="shares", example="openai 51%")),
    "revenue_share": _schema(rate=PERCENT),
    "compute": _schema(capacity=QUANTITY),
}


def conv_step(kind: str) -> Callable[[Lowerer, ast.Item], Any]:
    def convert(lw: Lowerer, item: ast.Item) -> model.Step | _Bad:
        if len(item.args) != 1 or item.block is None:
            return lw.error(
                BAD_VALUE,
                "`from` takes a date or an event and a block",
                item.span,
                help="write it like `from agi_declared { ... }`",
            )
        at = item.args[0]
        if not lw.check_date_expr(at, item):
            return BAD
        schema = STEP_SCHEMAS[kind]
        lowered = lw.fields(item, f"from` in `{kind}", schema)
        if isinstance(lowered, _Bad):
            return lowered
        values, spans = lowered
        if not values or all(v == () for v in values.values()):
            return lw.error(
                MISSING_FIELD,
                "this `from` block changes nothing",
                item.key_span,
                help=f"list the values that apply from then on: {_words(sorted(schema))}",
            )
        return model.Step(at=at, span=item.span, spans=MappingProxyType(spans), **values)

    return convert


def _split_carve_cap(values: dict[str, Any]) -> None:
    """`cap 20% of compute` lowers to `cap` (the percentage) and `cap_of` (what of)."""
    if "cap" in values:
        values["cap"], values["cap_of"] = values["cap"]


# -- `payment`, `licence` and `assignment` (docs/language.md, "Payments, licences and
# assignment"); the arithmetic is termlang.mechanics.payment


def conv_payment_amount(
    lw: Lowerer, item: ast.Item
) -> tuple[Money | None, Percent | None, str | None] | _Bad:
    """`amount GBP 250K`, or `amount 8% of routing_revenue` (a share of a stream)."""
    args = item.args
    example = "8% of routing_revenue"
    if len(args) == 1 and isinstance(args[0], ast.MoneyLit):
        money = lw.money_of(args[0])
        return money if isinstance(money, _Bad) else (money, None, None)
    if (
        len(args) == 3
        and isinstance(args[0], ast.PercentLit)
        and _of_word(args, 1)
        and isinstance(args[2], ast.Ref)
    ):
        percent = lw.percent_of(args[0], item)
        return percent if isinstance(percent, _Bad) else (None, percent, args[2].name)
    return lw.bad_value(item, "an amount or a percentage `of` a stream", example)


def conv_payment_quantity(lw: Lowerer, item: ast.Item) -> Quantity | Decimal | _Bad:
    """`quantity 5_000 seats` or `quantity 12`."""
    expr = lw.one(item, "a quantity or a number", "5_000 seats")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.NumberLit):
        return Decimal(expr.value)
    if isinstance(expr, ast.QuantityLit):
        return lw.quantity_of(expr, item)
    return lw.bad_value(item, "a quantity or a number", "5_000 seats")


def conv_payment_due(lw: Lowerer, item: ast.Item) -> tuple[ast.Expr | None, Duration | None] | _Bad:
    """`due 2026-06-30`, `due 30 days after licence_signed`, or `due 30 days` (after each
    period's last day)."""
    if (bad := lw.no_calendar(item)) is not None:
        return bad
    expr = lw.one(item, "a date, `N days after` a date, or a duration", "30 days after signing")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.TimeRel) and expr.op == "after" and expr.left is not None:
        delay = lw.duration_of(expr.left, item)
        if isinstance(delay, _Bad) or not lw.check_date_expr(expr.right, item):
            return BAD
        return expr.right, delay
    if isinstance(expr, ast.QuantityLit):
        delay = lw.duration_of(expr, item)
        return delay if isinstance(delay, _Bad) else (None, delay)
    return (expr, None) if lw.check_date_expr(expr, item) else BAD


def conv_payment_cap(
    lw: Lowerer, item: ast.Item
) -> tuple[Money | None, Money | None, str | None] | _Bad:
    """`cap USD 1K` (in total) or `cap GBP 500K per quarter` (each period's instalment)."""
    args = item.args
    example = "GBP 500K per quarter"
    if not args or not isinstance(args[0], ast.MoneyLit):
        return lw.bad_value(item, "an amount, optionally per month, quarter or year", example)
    money = lw.money_of(args[0])
    if isinstance(money, _Bad):
        return money
    if len(args) == 1:
        return None, money, None
    if (
        len(args) == 3
        and _of_word(args, 1, "per")
        and isinstance(args[2], ast.Ref)
        and args[2].name in ("month", "quarter", "year")
    ):
        return money, None, args[2].name
    return lw.bad_value(item, "an amount, optionally per month, quarter or year", example)


def payment_values(lw: Lowerer, d: Draft) -> bool:
    """Unpack a `payment`'s fields; it has exactly one way of saying how much."""
    item, name, name_span, values, spans = d.item, d.name, d.name_span, d.values, d.spans
    if "_amount" in values:
        values["amount"], values["share"], values["share_of"] = values.pop("_amount")
    if "_due" in values:
        values["due"], values["due_after"] = values.pop("_due")
    cap_unit = None
    if "_cap" in values:
        values["cap_per_period"], values["cap"], cap_unit = values.pop("_cap")
    ways = ("amount" in values) + ("price" in values)
    if ways != 1 or ("price" in values) != ("quantity" in values):
        lw.error(
            MISSING_FIELD if ways == 0 else BAD_VALUE,
            f"`payment` `{name}` needs an `amount`, or a `price` and a `quantity`",
            name_span,
            help="say how much is paid: `amount GBP 250K`, `amount 8% of routing_revenue`, or "
            "`price USD 40` with `quantity 5_000 seats`",
        )
        return False
    recurring = values.get("share") is not None
    if recurring != ("period" in values):
        lw.error(
            MISSING_FIELD if recurring else BAD_VALUE,
            f"`payment` `{name}` "
            + (
                "takes a share of a stream but no `period`"
                if recurring
                else "has a `period` but a fixed amount"
            ),
            name_span,
            help="a share of a stream is paid per period (`period quarter`); a fixed amount is "
            "paid once",
        )
        return False
    due, after = values.get("due"), values.get("due_after")
    if not recurring and due is None:
        lw.error(
            MISSING_FIELD,
            f"`payment` `{name}` does not say when it is due",
            name_span,
            help="write `due 2026-06-30` or `due 30 days after licence_signed`",
        )
        return False
    if recurring and due is not None:
        lw.error(
            BAD_VALUE,
            f"a payment per period is due a duration after each period, not on {_describe(due)}",
            spans.get("due", item.span),
            help="write it like `due 30 days` (counted from each period's last day)",
        )
        return False
    del after
    period = values.get("period")
    if cap_unit is not None and (period is None or parse_duration_unit(cap_unit) != period):
        lw.error(
            BAD_VALUE,
            f"`payment` `{name}` is capped per {cap_unit} but "
            + (f"paid per {period.name.lower()}" if period is not None else "paid once"),
            spans.get("cap", item.span),
            help="a cap per period uses the payment's own `period`; a cap in total is "
            "written without `per`",
        )
        return False
    return True


def conv_exclusive(lw: Lowerer, item: ast.Item) -> bool | _Bad:
    return lw.conv_bool(item)
