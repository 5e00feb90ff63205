"""Items to declarations: what each `key args { ... }` line means.

The grammar knows only items; this package knows the language. Each declaration kind has a
*schema*: its fields, what each field's arguments must look like, which are required and
which may repeat. Problems found here are about structure and values (an unknown field, a
missing grantee, `18 moths`, a currency that does not exist); names are checked later by
`resolve`.

The modules, low to high: `base` (the failed value, message helpers), `vocabulary` (clause
predicates, metrics), `lowerer` (the `Lowerer`: value converters and the walk of a block
against a schema), `schema` (the `Field` mini-DSL and the generic constructors), `fields`
(converters of fields with their own shapes), `clauses` (the clause kinds), `declarations`
(agreement, parties, terms, events, calendars, rates: `BLOCK_SCHEMAS`, `DECLARATIONS`),
`scenarios`, `aggregates`, `expectations` and `properties` (`property` and `verify` blocks).
"""

from __future__ import annotations

from collections.abc import Collection

from termlang import ast, model
from termlang.diagnostics import Diagnostic
from termlang.lower.aggregates import (
    AGGREGATE_STREAMS,
    AGGREGATE_SUBJECTS,
    AGGREGATES,
    CALENDAR_WINDOWS,
    aggregate_item,
)
from termlang.lower.base import BAD, Calendared, _Bad
from termlang.lower.clauses import (
    CARVE_OUT,
    CLAUSES,
    COMMON,
    FIRST_REFUSAL,
    TRANCHE,
    WATERFALL_TIER,
    lower_clause,
)
from termlang.lower.declarations import BLOCK_SCHEMAS, DECLARATIONS, lower_file
from termlang.lower.fields import STEP_SCHEMAS
from termlang.lower.lowerer import Lowerer
from termlang.lower.scenarios import FACT_KEYS, SCENARIO_KEYS
from termlang.lower.schema import Field, Schema
from termlang.lower.vocabulary import CLAUSE_PREDICATES, METRICS
from termlang.names import SUGGEST_MAX_CHARS, did_you_mean

__all__ = [
    "AGGREGATES",
    "AGGREGATE_STREAMS",
    "AGGREGATE_SUBJECTS",
    "BAD",
    "BLOCK_SCHEMAS",
    "CALENDAR_WINDOWS",
    "CARVE_OUT",
    "CLAUSES",
    "CLAUSE_PREDICATES",
    "COMMON",
    "DECLARATIONS",
    "FACT_KEYS",
    "FIRST_REFUSAL",
    "METRICS",
    "SCENARIO_KEYS",
    "STEP_SCHEMAS",
    "SUGGEST_MAX_CHARS",
    "TRANCHE",
    "WATERFALL_TIER",
    "Calendared",
    "Field",
    "Lowerer",
    "Schema",
    "_Bad",
    "aggregate_item",
    "did_you_mean",
    "lower",
    "lower_clause",
]


def lower(
    file: ast.File, known_codes: Collection[str] | None = None
) -> tuple[list[model.Declaration], list[Diagnostic]]:
    """Lower a parsed file into declarations, in file order, with the problems found;
    `known_codes` are the codes an `allow` may name (unchecked when None)."""
    lowerer = Lowerer(known_codes)
    decls = lower_file(lowerer, file)
    return decls, lowerer.diagnostics
