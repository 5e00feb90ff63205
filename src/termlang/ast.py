"""The typed abstract syntax of a .term file.

Two layers live here:

* **expressions** (`Expr`): the arguments written after an item's key (`2025-09-11`,
  `effective + 18 months`, `USD 13B`, `a and not b`, `x .. y`). The parser builds them directly.
* **declarations** (`Decl`): what the lowering stage makes of the generic items: the agreement
  header, parties, vocabularies, every clause kind and scenarios.

Every node is a frozen attrs class; `span` is kept out of equality and repr, so two trees that
differ only in layout compare equal (the property `parse(fmt(x)) == parse(x)` relies on it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
from attrs import field

from termlang.nodes import Node
from termlang.source import Span

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen


def _exprs(values: Iterable[Expr]) -> tuple[Expr, ...]:
    return tuple(values)


def _strs(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _items(values: Iterable[Item]) -> tuple[Item, ...]:
    return tuple(values)


def _comments(values: Iterable[Comment]) -> tuple[Comment, ...]:
    return tuple(values)


def _span() -> Span | None:
    return field(default=None, eq=False, repr=False)  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------- expressions


@frozen(kw_only=True, eq=False, repr=False)
class DateLit(Node):
    value: date
    span: Span | None = _span()


@frozen(kw_only=True, eq=False, repr=False)
class NumberLit(Node):
    value: Decimal
    span: Span | None = _span()


@frozen(kw_only=True, eq=False, repr=False)
class PercentLit(Node):
    value: Decimal  # 20 means 20%
    span: Span | None = _span()


@frozen(kw_only=True, eq=False, repr=False)
class QuantityLit(Node):
    """`18 months`, `10x`, `50_000 GPUs`, `1.5 GW`: a number and the word after it.

    What the word means (a duration, a multiple, a physical unit) is decided by lowering.
    """

    amount: Decimal
    unit: str
    span: Span | None = _span()


@frozen(kw_only=True, eq=False, repr=False)
class MoneyLit(Node):
    currency: str
    amount: Decimal
    span: Span | None = _span()


@frozen(kw_only=True, eq=False, repr=False)
class StringLit(Node):
    value: str
    span: Span | None = _span()


@attrs.frozen(kw_only=True, eq=False, repr=False)  # eager and slotted: see `Item`
class Ref(Node):
    """A name, possibly dotted (`softbank_round.second`)."""

    parts: tuple[str, ...] = field(converter=_strs)
    span: Span | None = _span()

    @property
    def name(self) -> str:
        return ".".join(self.parts)


@frozen(kw_only=True, eq=False, repr=False)
class Call(Node):
    func: str
    args: tuple[Expr, ...] = field(converter=_exprs)
    span: Span | None = _span()
    func_span: Span | None = field(default=None, eq=False, repr=False)


@frozen(kw_only=True, eq=False, repr=False)
class Not(Node):
    operand: Expr
    span: Span | None = _span()


@frozen(kw_only=True, eq=False, repr=False)
class And(Node):
    left: Expr
    right: Expr
    span: Span | None = _span()


@frozen(kw_only=True, eq=False, repr=False)
class Or(Node):
    left: Expr
    right: Expr
    span: Span | None = _span()


@frozen(kw_only=True, eq=False, repr=False)
class Compare(Node):
    op: str  # >= <= == != > <
    left: Expr
    right: Expr
    span: Span | None = _span()


@frozen(kw_only=True, eq=False, repr=False)
class TimeRel(Node):
    """`x before d`, `after d` (left is None: "the current date is after d")."""

    op: str  # before after on_or_before on_or_after
    left: Expr | None
    right: Expr
    span: Span | None = _span()


@frozen(kw_only=True, eq=False, repr=False)
class Offset(Node):
    """`base + 18 months` / `base - 1 week`."""

    base: Expr
    sign: int
    amount: Expr
    span: Span | None = _span()


@frozen(kw_only=True, eq=False, repr=False)
class Range(Node):
    """`start .. end`; `end` is None for an open window (`effective ..`)."""

    start: Expr
    end: Expr | None
    span: Span | None = _span()


@frozen(kw_only=True, eq=False, repr=False)
class ListExpr(Node):
    items: tuple[Expr, ...] = field(converter=_exprs)
    span: Span | None = _span()


Expr = (
    DateLit
    | NumberLit
    | PercentLit
    | QuantityLit
    | MoneyLit
    | StringLit
    | Ref
    | Call
    | Not
    | And
    | Or
    | Compare
    | TimeRel
    | Offset
    | Range
    | ListExpr
)


# ---------------------------------------------------------------------------- items (generic)


# Eager, with __slots__ (as `Ref` and `source.Span`): every file makes one per line, so building
# it lazily would save nothing and a `__dict__` each would cost memory.
@attrs.frozen(kw_only=True, eq=False, repr=False)
class Item(Node):
    """One line of a .term file: `key arg arg ... { items }`.

    This is the generic shape the parser produces; `lower` turns items into declarations.
    The formatter works on items, because they keep the author's order.
    """

    key: str
    args: tuple[Expr, ...] = field(converter=_exprs)
    block: tuple[Item, ...] | None = None
    span: Span | None = _span()
    key_span: Span | None = field(default=None, eq=False, repr=False)
    block_span: Span | None = field(default=None, eq=False, repr=False)


@frozen(kw_only=True, eq=False, repr=False)
class Comment(Node):
    text: str  # including the leading '#'
    span: Span | None = _span()


@frozen(kw_only=True, eq=False, repr=False)
class File(Node):
    items: tuple[Item, ...] = field(converter=_items)
    comments: tuple[Comment, ...] = field(converter=_comments, default=(), eq=False)
    span: Span | None = _span()
