"""The schema mini-DSL: a `Field` per key (its converter, required, repeated, model attribute),
the common fields, and the generic constructors of declarations from lowered fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from termlang import ast, model
from termlang.lower.base import (
    BAD,
    Lowered,
    _Bad,
)
from termlang.lower.lowerer import (
    Lowerer,
)
from termlang.source import Span

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen


@frozen
class Field:
    convert: Callable[[Lowerer, ast.Item], Any]
    required: bool = False
    many: bool = False
    attr: str | None = None  # the model attribute, when it differs from the key
    example: str = "..."
    # What the field's value refers to, which `resolve` checks: declaration kinds for names
    # (`party`, `entity`, `asset`, `scope`, `stream`, `event`, `clause`), or `date` / `condition`
    # for an expression. Empty: resolve has per-kind code for it, or there is nothing to check.
    refers: tuple[str, ...] = ()
    role: str | None = None  # what messages call the thing named (`assignee`), if not its kind


Schema = MappingProxyType[str, "Field"]  # a read-only mapping of field key to Field


def _schema(**fields: Field) -> MappingProxyType[str, Field]:
    return MappingProxyType(fields)


NAME = Field(Lowerer.conv_name, example="party_name")
NAMES = Field(Lowerer.conv_names, example="a, b")
STRING = Field(Lowerer.conv_string, example='"..."')
NOTE = Field(Lowerer.conv_string, example='"..."')
DATE_EXPR = Field(Lowerer.conv_date_expr, example="2026-06-30")
WINDOW = Field(Lowerer.conv_window, example="effective .. 2030-12-31")
CONDITION = Field(Lowerer.conv_condition, example="restructuring_completed")
DURATION = Field(Lowerer.conv_duration, example="6 months")
MONEY = Field(Lowerer.conv_money, example="USD 13B")
PERCENT = Field(Lowerer.conv_percent, example="20%")
MULTIPLE = Field(Lowerer.conv_multiple, example="100x")
QUANTITY = Field(Lowerer.conv_quantity, example="50_000 GPUs")


def _req(f: Field) -> Field:
    return attrs.evolve(f, required=True)


def _many(f: Field, attr: str | None = None) -> Field:
    return attrs.evolve(f, many=True, attr=attr)


def ref(f: Field, *kinds: str, role: str | None = None, example: str | None = None) -> Field:
    """`f`, whose names (or expression, for `date` and `condition`) `resolve` checks."""
    return attrs.evolve(f, refers=kinds, role=role, example=example or f.example)


def _as(f: Field, attr: str) -> Field:
    return attrs.evolve(f, attr=attr)


def sub_decl(
    kind: str,
    cls: type,
    schema: MappingProxyType[str, Field],
    post: Callable[[dict[str, Any]], None] | None = None,
) -> Callable[[Lowerer, ast.Item], Any]:
    """A named block inside a clause (`tranche second { ... }`, `carve_out x { ... }`)."""

    def convert(lw: Lowerer, item: ast.Item) -> Any:
        head = lw.head(item)
        if isinstance(head, _Bad):
            return head
        name, label, name_span, extra = head
        lowered = lw.fields(item, kind, schema, extra, name=name, name_span=name_span)
        if isinstance(lowered, _Bad):
            return lowered
        values, spans = lowered
        if label is not None and "note" not in values:
            values["note"] = label
        if post is not None:
            post(values)
        return _construct(lw, cls, item, name, name_span, values, spans)

    return convert


def _construct(
    lw: Lowerer,
    cls: type,
    item: ast.Item,
    name: str | None,
    name_span: Span | None,
    values: dict[str, Any],
    spans: dict[str, Span],
) -> Any:
    kwargs = dict(values)
    if name is not None:
        kwargs["name"] = name
    return cls(span=item.span, name_span=name_span, spans=MappingProxyType(spans), **kwargs)


def _broken(item: ast.Item, name: str | None, name_span: Span | None) -> model.Broken | _Bad:
    if name is None:
        return BAD
    return model.Broken(name=name, kind=item.key, span=item.span, name_span=name_span)


def simple_decl(
    cls: type,
    schema: MappingProxyType[str, Field],
    inline: Sequence[str] = (),
    label_attr: str = "label",
    **fixed: Any,
) -> Callable[[Lowerer, ast.Item], Lowered]:
    """The lowering of a declaration that is its head and its fields, nothing more."""

    def convert(lw: Lowerer, item: ast.Item) -> Lowered:
        head = lw.head(item, inline=inline)
        if isinstance(head, _Bad):
            return head
        name, label, name_span, extra = head
        lowered = lw.fields(item, item.key, schema, extra, name=name, name_span=name_span)
        if isinstance(lowered, _Bad):
            return _broken(item, name, name_span)
        values, spans = lowered
        if label is not None:
            values[label_attr] = label
        values.update(fixed)
        decl: Lowered = _construct(lw, cls, item, name, name_span, values, spans)
        return decl

    return convert
