"""Top-level declarations other than clauses (agreement, party, calendar, rate, event), the
schemas of their blocks (`BLOCK_SCHEMAS`), and the table of every declaration keyword.
"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType

import attrs

import termlang.lower.kinds  # noqa: F401  (importing it registers the kinds of lower/kinds/)
from termlang import ast, model
from termlang.codes import (
    BAD_VALUE,
    MISSING_FIELD,
    UNKNOWN_DECLARATION,
)
from termlang.lower.base import (
    Lowered,
    _Bad,
)
from termlang.lower.clauses import (
    lower_clause,
)
from termlang.lower.fields import (
    conv_binding,
    conv_date_rule,
    conv_expected,
    conv_holidays,
    conv_kind,
)
from termlang.lower.lowerer import (
    Lowerer,
)
from termlang.lower.properties import (
    PROPERTY,
    VERIFY,
    lower_property,
    lower_verify,
)
from termlang.lower.registry import CLAUSES
from termlang.lower.scenarios import (
    lower_scenario,
)
from termlang.lower.schema import (
    DATE_EXPR,
    NAME,
    NOTE,
    QUANTITY,
    STRING,
    Field,
    Schema,
    _many,
    _req,
    _schema,
    simple_decl,
)
from termlang.names import did_you_mean
from termlang.values import (
    ISO_CURRENCIES,
)


def lower_agreement(lw: Lowerer, item: ast.Item) -> model.Agreement | _Bad:
    head = lw.head(item, named=False)
    if isinstance(head, _Bad):
        return head
    _, label, _, extra = head
    schema = BLOCK_SCHEMAS["agreement"]
    if label is None:
        return lw.error(
            MISSING_FIELD,
            "the agreement has no title",
            item.key_span,
            help='write it like `agreement "Microsoft–OpenAI MOU" { ... }`',
        )
    lowered = lw.fields(item, "agreement", schema, extra, name_span=item.key_span)
    if isinstance(lowered, _Bad):
        return lowered
    values, spans = lowered
    binding, binding_clauses = values.pop("binding")
    return model.Agreement(
        title=label,
        binding=binding,
        binding_clauses=binding_clauses,
        span=item.span,
        name_span=item.key_span,
        spans=MappingProxyType(spans),
        **values,
    )


def conv_excludes(lw: Lowerer, item: ast.Item) -> tuple[str, ...] | _Bad:
    """`excludes exclusivity, first_refusal`: clause kinds the agreement states it has none of."""
    kinds = lw.conv_names(item)
    if isinstance(kinds, _Bad):
        return kinds
    for kind in kinds:
        if kind not in CLAUSES:
            suggestion = did_you_mean(kind, list(CLAUSES))
            return lw.error(
                BAD_VALUE,
                f"`excludes` names kinds of clause, and `{kind}` is not one",
                item.span,
                help=f"did you mean `{suggestion}`?"
                if suggestion
                else "write it like `excludes exclusivity`",
            )
    return kinds


# -- converters of the financing mechanics (see docs/mechanics.md)


def lower_calendar(lw: Lowerer, item: ast.Item) -> Lowered:
    """`calendar uk_holidays "..." { holiday 2026-12-25, 2026-12-28 ... }`."""
    decl = simple_decl(model.Calendar, BLOCK_SCHEMAS["calendar"])(lw, item)
    if isinstance(decl, model.Calendar):
        # the schema collects one tuple of (day, span) per `holiday` line
        entries = [e for line in decl.holidays for e in line]  # type: ignore[attr-defined]
        days = sorted({day for day, _ in entries})
        decl = attrs.evolve(decl, holidays=tuple(days), entries=tuple(entries))
    return decl


def lower_rate(lw: Lowerer, item: ast.Item) -> model.ExchangeRate | _Bad:
    args = item.args
    if len(args) != 2 or not isinstance(args[0], ast.Ref) or not isinstance(args[1], ast.MoneyLit):
        return lw.bad_value(item, "a currency and its value in another", "EUR USD 1.08")
    base = args[0].name
    if base not in ISO_CURRENCIES:
        return lw.error(
            BAD_VALUE,
            f"unknown currency `{base}`",
            args[0].span,
            help="currencies are ISO 4217 codes, like `EUR`",
        )
    quote = lw.money_of(args[1])
    if isinstance(quote, _Bad):
        return quote
    return model.ExchangeRate(
        name=f"{base}/{quote.currency}",
        base=base,
        quote=quote,
        span=item.span,
        name_span=args[0].span,
    )


def lower_event(lw: Lowerer, item: ast.Item) -> Lowered:
    """`event model_release recurring "a new frontier model is released"`."""
    args = item.args
    recurring = len(args) > 1 and isinstance(args[1], ast.Ref) and args[1].name == "recurring"
    if recurring:
        item = attrs.evolve(item, args=(args[0], *args[2:]))
    decl = _plain_event(lw, item)
    if recurring and isinstance(decl, model.Event):
        return attrs.evolve(decl, recurring=True)
    return decl


# The fields of every declaration that is not a clause (clauses: CLAUSES), by key: what
# lowering reads, and what editors complete and highlight.
BLOCK_SCHEMAS: dict[str, Schema] = {
    "agreement": _schema(
        kind=_req(Field(conv_kind, example="mou")),
        binding=_req(Field(conv_binding, example="no except exclusivity")),
        effective=_req(Field(Lowerer.conv_date, example="2025-09-11")),
        long_stop=DATE_EXPR,
        signing=attrs.evolve(NAME, example="definitive_agreement_signed"),
        governing_law=STRING,
        date_rule=Field(conv_date_rule, example="clamp"),
        excludes=Field(conv_excludes, example="exclusivity"),
        note=NOTE,
    ),
    "party": _schema(
        role=attrs.evolve(NAME, example="investor"),
        capacity=_many(QUANTITY),
        note=NOTE,
    ),
    "entity": _schema(note=NOTE),
    "asset": _schema(within=NAME, note=NOTE),
    "scope": _schema(within=NAME, note=NOTE),
    "stream": _schema(within=NAME, note=NOTE),
    "event": _schema(
        expected=Field(conv_expected, example="between 2026-03-01 and 2026-06-30"), note=NOTE
    ),
    "calendar": _schema(
        holiday=Field(conv_holidays, many=True, attr="holidays", example="2026-12-25"),
        note=NOTE,
    ),
}

_plain_event = simple_decl(model.Event, BLOCK_SCHEMAS["event"])

# `property` and `verify` (termlang verify) lower in their own module (lower/properties.py).

BLOCK_SCHEMAS.update(property=PROPERTY, verify=VERIFY)

DECLARATIONS: dict[str, Callable[[Lowerer, ast.Item], Lowered]] = {
    "agreement": lower_agreement,
    "party": simple_decl(
        model.Party, BLOCK_SCHEMAS["party"], inline=("role",), label_attr="legal_name"
    ),
    "entity": simple_decl(model.Entity, BLOCK_SCHEMAS["entity"], label_attr="legal_name"),
    "asset": simple_decl(model.Term, BLOCK_SCHEMAS["asset"], inline=("within",), kind="asset"),
    "scope": simple_decl(model.Term, BLOCK_SCHEMAS["scope"], inline=("within",), kind="scope"),
    "stream": simple_decl(model.Term, BLOCK_SCHEMAS["stream"], inline=("within",), kind="stream"),
    "event": lower_event,
    "calendar": lower_calendar,
    "exchange_rate": lower_rate,
    "scenario": lower_scenario,
    "property": lower_property,
    "verify": lower_verify,
    **dict.fromkeys(CLAUSES, lower_clause),
}


def lower_file(lw: Lowerer, file: ast.File) -> list[model.Declaration]:
    """Every declaration of a file, in file order (those with errors reported and left out)."""
    decls: list[model.Declaration] = []
    for item in file.items:
        spec = DECLARATIONS.get(item.key)
        if spec is None:
            lw.unknown(
                UNKNOWN_DECLARATION,
                f"unknown declaration `{item.key}`",
                item.key_span,
                item.key,
                list(DECLARATIONS),
                otherwise="a file declares",
            )
            continue
        decl = spec(lw, item)
        if not isinstance(decl, _Bad) and decl is not None:
            decls.append(decl)
    return decls
