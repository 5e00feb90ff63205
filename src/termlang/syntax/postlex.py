"""Line continuation: a newline inside brackets, or after an operator or a comma, is not an end.

This lets a long condition or list run over several lines:

    starts_when restructuring_completed and
                regulatory_approval before 2026-12-31
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

_OPEN = {"LPAR": 1, "LSQB": 1, "RPAR": -1, "RSQB": -1}
_CONTINUES = frozenset(
    {
        "AND",
        "OR",
        "NOT",
        "COMMA",
        "PLUS",
        "MINUS",
        "CMP",
        "BEFORE",
        "AFTER",
        "ON_OR_BEFORE",
        "ON_OR_AFTER",
    }
)


class Continuation:
    """Lark's post-lexer interface (`process`); `lalr.Parser` applies the same rule inline."""

    always_accept = ("_NL",)
    newline = "_NL"
    brackets = _OPEN
    continues = _CONTINUES

    def process(self, stream: Iterator[Any]) -> Iterator[Any]:
        depth = 0
        last = None
        for tok in stream:
            kind = tok.type
            if kind == "_NL":
                if depth > 0 or last in _CONTINUES:
                    continue
            else:
                depth = max(0, depth + _OPEN.get(kind, 0))
            last = kind
            yield tok
