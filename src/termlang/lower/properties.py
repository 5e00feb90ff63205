"""Lowering `property` and `verify` blocks: the statements `termlang verify` proves.

    property returns_capped "Microsoft's returns never exceed 100x its investment" {
      never  received(msft_returns, microsoft) > USD 1.3T
    }
    property signed_in_time "the MOU is signed or lapses by 2027" {
      eventually  signed(agreement) or lapsed(agreement)  by 2027-01-01
    }
    verify {
      horizon  2033-12-31
      revenue  api between USD 0 and USD 50B per quarter
    }

Only the shape is checked here (one of `always`, `never`, `eventually`; `by` with
`eventually` only; bounds as `STREAM between LOW and HIGH per PERIOD`); the names a property
reads are checked with the rest of the vocabulary in `checks/properties.py`.
"""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

from termlang import ast, model
from termlang.codes import BAD_VALUE, MISSING_FIELD
from termlang.lower.base import BAD, _Bad
from termlang.lower.lowerer import Lowerer
from termlang.lower.schema import Field, _schema
from termlang.values import Money, parse_duration_unit

NOTE = Field(Lowerer.conv_string, example='"..."')
MODES = ("always", "never", "eventually")


def _condition(lw: Lowerer, item: ast.Item) -> ast.Expr | _Bad:
    expr = lw.one(item, "a condition", "active(partner_exclusivity)")
    if isinstance(expr, _Bad):
        return expr
    return expr


def _date(lw: Lowerer, item: ast.Item) -> date | _Bad:
    return lw.conv_date(item)


def _limit(lw: Lowerer, item: ast.Item) -> int | _Bad:
    expr = lw.one(item, "a whole number", "20000")
    if isinstance(expr, _Bad):
        return expr
    integral = isinstance(expr, ast.NumberLit) and expr.value == expr.value.to_integral_value()
    if integral and isinstance(expr, ast.NumberLit) and expr.value >= 1:
        return int(expr.value)
    return lw.error(
        BAD_VALUE,
        "`limit` expects a whole number of courses of events, at least 1",
        expr.span,
        help="write it like `limit 20000`",
    )


def _bound(lw: Lowerer, item: ast.Item) -> model.Bound | _Bad:
    """`revenue STREAM between LOW and HIGH per PERIOD`."""
    args = item.args
    example = f"{item.key} api between USD 0 and USD 50B per quarter"
    shaped = (
        len(args) == 5
        and isinstance(args[0], ast.Ref)
        and isinstance(args[1], ast.Ref)
        and args[1].name == "between"
        and isinstance(args[2], ast.And)
        and isinstance(args[3], ast.Ref)
        and args[3].name == "per"
        and isinstance(args[4], ast.Ref)
    )
    if not shaped:
        return lw.error(
            BAD_VALUE,
            f"`{item.key}` expects a stream and its range per period",
            item.span,
            help=f"write it like `{example}`",
        )
    stream, _, pair, _, per = args
    assert isinstance(stream, ast.Ref) and isinstance(pair, ast.And) and isinstance(per, ast.Ref)
    low = lw.money_of(pair.left)
    high = lw.money_of(pair.right)
    unit = parse_duration_unit(per.name)
    if isinstance(low, _Bad) or isinstance(high, _Bad):
        return BAD
    if unit is None or per.name.rstrip("s") not in ("month", "quarter", "year"):
        return lw.error(
            BAD_VALUE,
            f"`per` takes `month`, `quarter` or `year`, found `{per.name}`",
            per.span,
            help=f"write it like `{example}`",
        )
    if low.currency != high.currency or low.amount > high.amount or low.amount < 0:
        return lw.error(
            BAD_VALUE,
            f"the range `{low} .. {high}` is not a range of one currency from low to high",
            pair.span,
            help=f"write it like `{example}`",
        )
    return model.Bound(
        metric=item.key,
        subject=stream.name,
        low=Money(low.currency, low.amount),
        high=Money(high.currency, high.amount),
        per=unit,
        span=item.span,
        name_span=stream.span,
    )


PROPERTY = _schema(
    always=Field(_condition, example="active(partner_exclusivity)"),
    never=Field(_condition, example="funded(softbank) > USD 30B"),
    eventually=Field(_condition, example="signed(agreement)"),
    by=Field(_date, example="2027-01-01"),
    note=NOTE,
)

VERIFY = _schema(
    horizon=Field(_date, example="2033-12-31"),
    limit=Field(_limit, example="20000"),
    revenue=Field(
        _bound, many=True, attr="bounds", example="api between USD 0 and USD 50B per quarter"
    ),
    distribution=Field(
        _bound, many=True, attr="bounds", example="profits between USD 0 and USD 20B per year"
    ),
    note=NOTE,
)


def lower_property(lw: Lowerer, item: ast.Item) -> model.Property | model.Broken | _Bad:
    head = lw.head(item)
    if isinstance(head, _Bad):
        return head
    name, label, name_span, extra = head
    assert name is not None
    lowered = lw.fields(item, "property", PROPERTY, extra, name=name, name_span=name_span)
    if isinstance(lowered, _Bad):
        return model.Broken(name=name, kind="property", span=item.span, name_span=name_span)
    values, spans = lowered
    modes = [m for m in MODES if m in values]
    if len(modes) != 1:
        lw.error(
            MISSING_FIELD if not modes else BAD_VALUE,
            f"the property `{name}` needs exactly one of `always`, `never` or `eventually`"
            + (f", found {len(modes)}" if modes else ""),
            spans.get(modes[1]) if len(modes) > 1 else name_span,
            help="write it like `always active(partner_exclusivity)`, "
            "`never funded(softbank) > USD 30B` or `eventually signed(agreement) by 2027-01-01`",
        )
        return model.Broken(name=name, kind="property", span=item.span, name_span=name_span)
    mode = modes[0]
    by = values.get("by")
    if (mode == "eventually") != (by is not None):
        lw.error(
            MISSING_FIELD if by is None else BAD_VALUE,
            "`eventually` needs a date to happen by"
            if by is None
            else f"`by` goes with `eventually`, not `{mode}`",
            spans.get(mode) if by is None else spans.get("by"),
            help="write it like `eventually signed(agreement) by 2027-01-01`",
        )
        return model.Broken(name=name, kind="property", span=item.span, name_span=name_span)
    return model.Property(
        name=name,
        label=label,
        mode=mode,
        condition=values[mode],
        by=by,
        note=values.get("note"),
        span=item.span,
        name_span=name_span,
        spans=MappingProxyType(spans),
    )


def lower_verify(lw: Lowerer, item: ast.Item) -> model.VerifySettings | _Bad:
    if item.args:
        return lw.error(
            BAD_VALUE,
            "`verify` takes only a block",
            item.args[0].span,
            help="write it like `verify { horizon 2033-12-31 }`",
        )
    lowered = lw.fields(item, "verify", VERIFY)
    if isinstance(lowered, _Bad):
        return BAD
    values, spans = lowered
    return model.VerifySettings(
        horizon=values.get("horizon"),
        limit=values.get("limit"),
        bounds=tuple(values.get("bounds", ())),
        span=item.span,
        name_span=item.key_span,
        spans=MappingProxyType(spans),
    )
