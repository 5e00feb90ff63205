"""What every lowering module shares: the value that failed (`BAD`), a duration with its
holiday calendar, how messages quote the author's words, the `Reporter` of errors (which
`resolve` shares) and a node's field spans.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, TypeAlias

from termlang import ast, model
from termlang.diagnostics import Diagnostic, Label
from termlang.source import Span
from termlang.values import (
    Duration,
)

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen


class _Bad:
    """A value that could not be lowered; the problem has been reported already."""


BAD = _Bad()


class Reporter:
    """A stage that reports problems as it goes (lowering, resolving): its diagnostics, and
    `error` to add one. `error` returns `BAD`, so that a converter can `return self.error(...)`."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def error(
        self,
        code: str,
        message: str,
        span: Span | None,
        *,
        help: str | None = None,
        labels: Sequence[Label] = (),
    ) -> _Bad:
        self.diagnostics.append(Diagnostic.error(code, message, span, help=help, labels=labels))
        return BAD


def field_spans(**spans: Span | None) -> MappingProxyType[str, Span]:
    """A node's `spans` (field -> where it is written), leaving out the fields with no span."""
    return MappingProxyType({k: s for k, s in spans.items() if s is not None})


# What lowering one declaration gives: the declaration, or BAD once the problem is reported.
Lowered: TypeAlias = model.Declaration | _Bad


@frozen
class Calendared:
    """A duration that names its holiday calendar: `5 business_days using uk_holidays`."""

    value: Duration
    calendar: str


# Past this length a word gets no suggestion: difflib's ratio costs up to the product of the
# two lengths, and 40 misspelt 9,000-character names against 300 such names took 71 s. No one
# types a name this long, so a suggestion for one would not be a typo fix anyway.


def _describe(expr: ast.Expr) -> str:
    """An expression in the author's words, for messages."""
    span = expr.span
    if span is not None:
        text = span.text
        if len(text) > 40:
            text = text[:37] + "..."
        return f"`{text}`"
    return "this value"


def _words(options: Sequence[str]) -> str:
    quoted = [f"`{o}`" for o in options]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
