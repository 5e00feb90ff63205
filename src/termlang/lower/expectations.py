"""`expect DATE { ... }` lines of a scenario, kept as written for evaluate/ to judge."""

from __future__ import annotations

from termlang import ast, model
from termlang.codes import (
    BAD_VALUE,
)
from termlang.lower.lowerer import (
    Lowerer,
)


def _expectations(lw: Lowerer, item: ast.Item) -> list[model.Expectation]:
    if len(item.args) != 1 or not isinstance(item.args[0], ast.DateLit) or item.block is None:
        lw.error(
            BAD_VALUE,
            "`expect` takes a date and a block of expectations",
            item.span,
            help="write it like `expect 2027-01-01 { status softbank_round lapsed }`",
        )
        return []
    at = item.args[0].value
    return [
        model.Expectation(at=at, what=sub.key, args=sub.args, span=sub.span, name_span=sub.key_span)
        for sub in item.block
    ]
