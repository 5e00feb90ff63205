"""Aggregates in conditions: `sum of funding over any 12 months > USD 1M` made one `Call`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from termlang import ast
from termlang.codes import (
    BAD_VALUE,
)
from termlang.lower.base import (
    _describe,
)
from termlang.source import Span
from termlang.values import (
    parse_duration_unit,
)

if TYPE_CHECKING:
    from termlang.lower.lowerer import Lowerer


# `sum of funding over any 12 months > USD 1000`, `count of deals in any year >= 3`: the
# words before the comparison are separate arguments of the item; they become one
# `Call(func, (subject, window, over|in))` on the left of the comparison (evaluate/aggregates.py).
AGGREGATES = frozenset({"sum", "count"})
AGGREGATE_SUBJECTS = ("funding", "deals", "grants")
AGGREGATE_STREAMS = ("revenue",)  # `sum of revenue(STREAM) over any 4 quarters > USD 10B`
CALENDAR_WINDOWS = ("year", "half", "quarter", "month")


def aggregate_item(lw: Lowerer, item: ast.Item) -> ast.Item | None:
    """The item with `sum|count of SUBJECT over|in any WINDOW OP VALUE ...` made one condition
    (None when it is a malformed aggregate, reported)."""
    args = item.args
    if not (
        len(args) >= 6
        and isinstance(args[0], ast.Ref)
        and args[0].name in AGGREGATES
        and isinstance(args[1], ast.Ref)
        and args[1].name == "of"
    ):
        return item
    word, subject, joint, anyword, rest = args[0], args[2], args[3], args[4], args[5]
    example = f"{word.name} of funding over any 12 months > USD 1M"
    if (
        len(args) != 6
        or not isinstance(subject, ast.Ref | ast.Call)
        or not isinstance(joint, ast.Ref)
        or joint.name not in ("over", "in")
        or not isinstance(anyword, ast.Ref)
        or anyword.name != "any"
    ):
        lw.error(
            BAD_VALUE,
            f"an aggregate reads `{word.name} of SUBJECT over any DURATION` or "
            f"`{word.name} of SUBJECT in any year`",
            word.span,
            help=f"write it like `{example}` or `count of deals in any year >= 3`",
        )
        return None
    leaf = _leftmost(rest)
    window_ok = (
        isinstance(leaf, ast.QuantityLit)
        and joint.name == "over"
        and parse_duration_unit(leaf.unit) is not None
        and leaf.amount == leaf.amount.to_integral_value()
        and leaf.amount > 0
    ) or (isinstance(leaf, ast.Ref) and joint.name == "in" and leaf.name in CALENDAR_WINDOWS)
    if not window_ok or not isinstance(_parent_of_leftmost(rest), ast.Compare):
        lw.error(
            BAD_VALUE,
            f"`{word.name} of ... {joint.name} any` needs "
            + ("a duration and a comparison" if joint.name == "over" else "a calendar period")
            + f", found {_describe(leaf)}",
            leaf.span,
            help="a rolling window is `over any 12 months`, a calendar one `in any year` "
            "(or `quarter`, `half`, `month`), followed by a comparison like `>= 3`",
        )
        return None
    compare = _parent_of_leftmost(rest)
    assert isinstance(compare, ast.Compare)
    name = subject.name if isinstance(subject, ast.Ref) else subject.func
    if name in AGGREGATE_STREAMS and not _stream_subject(lw, word, subject):
        return None
    money = word.name == "sum" and name in (*AGGREGATE_SUBJECTS, *AGGREGATE_STREAMS)
    wanted = ast.MoneyLit if money else ast.NumberLit
    # `sum of` anything else is resolved later (a recurring event's occurrences, or TL302)
    if (money or word.name == "count") and not isinstance(compare.right, wanted):
        lw.error(
            BAD_VALUE,
            f"`{word.name} of {name}` is compared with "
            + ("an amount" if money else "a number")
            + f", found {_describe(compare.right)}",
            compare.right.span,
            help="write it like `sum of funding over any 12 months >= USD 1M` or "
            "`count of deals in any year >= 3`",
        )
        return None
    start = word.span
    call = ast.Call(
        func=word.name,
        args=(subject, leaf, joint),
        span=start.to(leaf.span) if start and leaf.span else leaf.span,
        func_span=word.span,
    )
    return attrs.evolve(item, args=(_graft(rest, call, start),))


def _stream_subject(lw: Lowerer, word: ast.Ref, subject: ast.Expr) -> bool:
    """`sum of revenue(STREAM)`: a stream's figures are summed, never counted."""
    if not (
        isinstance(subject, ast.Call)
        and len(subject.args) == 1
        and isinstance(subject.args[0], ast.Ref)
    ):
        lw.error(
            BAD_VALUE,
            "an aggregate over revenue names its stream",
            subject.span,
            help="write it like `sum of revenue(net_sales) over any 4 quarters > USD 10M`",
        )
        return False
    if word.name != "sum":
        lw.error(
            BAD_VALUE,
            f"revenue figures cannot be counted: `{word.name} of revenue(...)`",
            word.span,
            help="add them up instead: `sum of revenue(net_sales) in any year >= USD 1M`",
        )
        return False
    return True


def _leftmost(expr: ast.Expr) -> ast.Expr:
    while True:
        match expr:
            case ast.Compare(left=left) | ast.And(left=left) | ast.Or(left=left):
                expr = left
            case _:
                return expr


def _parent_of_leftmost(expr: ast.Expr) -> ast.Expr | None:
    parent = None
    while True:
        match expr:
            case ast.Compare(left=left) | ast.And(left=left) | ast.Or(left=left):
                parent, expr = expr, left
            case _:
                return parent


def _graft(expr: ast.Expr, call: ast.Call, start: Span | None) -> ast.Expr:
    """`expr` with its leftmost leaf replaced by `call`, every span on the way widened."""
    match expr:
        case ast.Compare() | ast.And() | ast.Or():
            left = _graft(expr.left, call, start)
            span = start.to(expr.span) if start and expr.span else expr.span
            return attrs.evolve(expr, left=left, span=span)
    return call
