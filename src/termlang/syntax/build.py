"""Text to `ast.Item`s and expressions, with a span on every node, made as the parser reduces."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from termlang import ast
from termlang.source import SourceFile, Span
from termlang.values import parse_number

_QTY = re.compile(
    r"^(?P<num>\d[\d_]*(?:\.\d[\d_]*)?(?:[KMBT](?![A-Za-z_0-9]))?)[ \t]*(?P<unit>\S+)$"
)
_MONEY = re.compile(r"^(?P<ccy>[A-Z]{3})[ \t]+(?P<num>\S+)$")


class BadLiteral(Exception):
    """A token that lexes but means nothing (`2026-02-30`)."""

    def __init__(self, message: str, help: str | None, start: int, end: int) -> None:
        super().__init__(message)
        self.message = message
        self.help = help
        self.start = start
        self.end = end


_Value = TypeVar("_Value")

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(body: str, offset: int, problems: list[BadLiteral]) -> str:
    """The string `body` of the token at `offset`, its escapes replaced (a bad one reported)."""
    if "\\" not in body:
        return body
    out = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt not in _ESCAPES:
                start = offset + i + 1
                problems.append(
                    BadLiteral(
                        f"unknown escape `\\{nxt}` in a string",
                        'the escapes are `\\"`, `\\\\`, `\\n` and `\\t`',
                        start,
                        start + 2,
                    )
                )
            out.append(_ESCAPES.get(nxt, nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


class Builder:
    """The AST, made rule by rule as the parser reduces (`lalr.Parser.parse_with`).

    Each method is named after the rule (or alias) whose value it makes and takes that rule's
    kept children with the offsets the rule covered; spans come from those. Tokens come as
    plain strings (`plain_tokens`; a `lalr.Token` would do as well): where a token's own
    place matters, it is where its rule starts (a one-token rule, a call's name).
    The parser reduces in post-order, as a transformer of the parse tree would visit it, so
    the AST, and the order of `problems`, are those a tree walk would give.

    No parse tree exists, so the nesting limits (`parse._too_deep`) cannot be measured on one
    here; the builder measures what they need instead. `deepest` is the height of the
    deepest expression under any item, counted in the nodes the parse tree would have (a
    group in parentheses and a call's argument list are nodes, though they make no AST node
    of their own): `_heights` has the height of every value that nests, by `id`, while that
    value lives (a leaf's is 1).
    """

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.problems: list[BadLiteral] = []
        self.deepest = 1
        self._heights: dict[int, int] = {}

    def makers(self, names: list[str]) -> list[Any]:
        """The method for each rule name (None for a name without one: a plain tree node)."""
        return [getattr(self, name, None) for name in names]

    def _nests(self, value: _Value, *children: Any) -> _Value:
        """`value` is a node over `children`: record its height (one more than theirs)."""
        heights = self._heights
        height = heights[id(value)] = 1 + max(
            [heights.get(id(child), 1) for child in children], default=0
        )
        if height > self.deepest:  # every expression is an item's argument, or inside one
            self.deepest = height
        return value

    def _nests_over_lists(self, value: _Value, children: list[Any]) -> _Value:
        """`value` is a node over an argument list (`arg_list`), which ends here."""
        lists = [child for child in children if isinstance(child, list)]
        self._nests(value, *lists)
        for args in lists:  # its `id` may be another value's once it is gone
            del self._heights[id(args)]
        return value

    # -- file structure
    def start(self, children: list[Any], start: int | None, end: int | None) -> ast.File:
        items = [c for c in children if isinstance(c, ast.Item)]
        span = (
            Span(self.source, 0, 0)
            if start is None or end is None
            else Span(self.source, start, end)
        )
        return ast.File(items=items, span=span)

    def item(self, children: list[Any], start: int, end: int) -> ast.Item:
        # key arg* block?: the key is first, a block (a tuple too, see `block`) last.
        key, key_span = children[0]
        block: tuple[ast.Item, ...] | None = None
        block_span = None
        if len(children) > 1 and isinstance(children[-1], tuple):
            block, block_span = children[-1]
            args = children[1:-1]
        else:
            args = children[1:]
        return ast.Item(
            key=key,
            args=args,
            block=block,
            span=Span(self.source, start, end),
            key_span=key_span,
            block_span=block_span,
        )

    def block(self, children: list[Any], start: int, end: int) -> tuple[tuple[ast.Item, ...], Span]:
        items = tuple([c for c in children if isinstance(c, ast.Item)])
        return items, Span(self.source, start, end)

    # A rule of one token covers just that token: its offsets are the token's.
    def key_word(self, children: list[str], start: int, end: int) -> tuple[str, Span]:
        return str(children[0]), Span(self.source, start, end)

    key_date = key_period = key_number = key_word

    # -- atoms
    def date(self, children: list[str], start: int, end: int) -> ast.DateLit:
        text = str(children[0])
        try:
            value = date.fromisoformat(text)
        except ValueError:
            self.problems.append(
                BadLiteral(
                    f"`{text}` is not a calendar date",
                    "dates are written YYYY-MM-DD and must exist",
                    start,
                    end,
                )
            )
            value = date.min
        return ast.DateLit(value=value, span=Span(self.source, start, end))

    def number(self, children: list[str], start: int, end: int) -> ast.NumberLit:
        value = self._num(str(children[0]), start, end)
        return ast.NumberLit(value=value, span=Span(self.source, start, end))

    def _num(self, text: str, start: int, end: int) -> Decimal:
        try:
            return parse_number(text)
        except ValueError as exc:
            self.problems.append(
                BadLiteral(
                    f"`{text}` is not a number: {exc}",
                    "write numbers like `13`, `13.5`, `13_000_000` or `13B`",
                    start,
                    end,
                )
            )
            return Decimal(0)

    def percent(self, children: list[str], start: int, end: int) -> ast.PercentLit:
        value = self._num(str(children[0])[:-1], start, end)
        return ast.PercentLit(value=value, span=Span(self.source, start, end))

    def quantity(self, children: list[str], start: int, end: int) -> ast.QuantityLit:
        m = _QTY.match(str(children[0]))
        assert m is not None  # the token's own regex guarantees the shape
        return ast.QuantityLit(
            amount=self._num(m["num"], start, end),
            unit=m["unit"],
            span=Span(self.source, start, end),
        )

    def money(self, children: list[str], start: int, end: int) -> ast.MoneyLit:
        m = _MONEY.match(str(children[0]))
        assert m is not None
        return ast.MoneyLit(
            currency=m["ccy"],
            amount=self._num(m["num"], start, end),
            span=Span(self.source, start, end),
        )

    def string(self, children: list[str], start: int, end: int) -> ast.StringLit:
        return ast.StringLit(
            value=_unescape(str(children[0])[1:-1], start, self.problems),
            span=Span(self.source, start, end),
        )

    def longstring(self, children: list[str], start: int, end: int) -> ast.StringLit:
        body = _unescape(str(children[0])[3:-3], start + 2, self.problems)  # past `"""`
        return ast.StringLit(value=_dedent(body), span=Span(self.source, start, end))

    def ref(self, children: list[str], start: int, end: int) -> ast.Ref:
        # WORD (DOT WORD)*: the words, not the dots
        words = [str(children[0])] if len(children) == 1 else [str(t) for t in children if t != "."]
        return ast.Ref(parts=words, span=Span(self.source, start, end))

    def call(self, children: list[Any], start: int, end: int) -> ast.Call:
        func = str(children[0])  # the call starts with its name
        args: list[Any] = []
        for child in children[1:]:
            if isinstance(child, list):
                args.extend(child)
        call = ast.Call(
            func=func,
            args=args,
            span=Span(self.source, start, end),
            func_span=Span(self.source, start, start + len(func)),
        )
        return self._nests_over_lists(call, children)

    def arg_list(self, children: list[Any], start: int, end: int) -> list[Any]:
        args = [c for c in children if not isinstance(c, str)]  # not the commas
        return self._nests(args, *args)

    def group(self, children: list[Any], start: int, end: int) -> Any:
        return self._nests(children[1], children[1])  # a node of the tree, not of the AST

    def brackets(self, children: list[Any], start: int, end: int) -> ast.ListExpr:
        items: list[Any] = []
        for child in children:
            if isinstance(child, list):
                items.extend(child)
        brackets = ast.ListExpr(items=items, span=Span(self.source, start, end))
        return self._nests_over_lists(brackets, children)

    def list_(self, children: list[Any], start: int, end: int) -> ast.ListExpr:
        items = [c for c in children if not isinstance(c, str)]  # not the commas
        return self._nests(ast.ListExpr(items=items, span=Span(self.source, start, end)), *items)

    # -- operators
    def or_(self, children: list[Any], start: int, end: int) -> ast.Or:
        left, _, right = children
        return self._nests(
            ast.Or(left=left, right=right, span=Span(self.source, start, end)), left, right
        )

    def and_(self, children: list[Any], start: int, end: int) -> ast.And:
        left, _, right = children
        return self._nests(
            ast.And(left=left, right=right, span=Span(self.source, start, end)), left, right
        )

    def not_(self, children: list[Any], start: int, end: int) -> ast.Not:
        operand = children[1]
        return self._nests(ast.Not(operand=operand, span=Span(self.source, start, end)), operand)

    def compare(self, children: list[Any], start: int, end: int) -> ast.Compare:
        left, op, right = children
        node = ast.Compare(op=str(op), left=left, right=right, span=Span(self.source, start, end))
        return self._nests(node, left, right)

    def timerel_op(self, children: list[str], start: int, end: int) -> str:
        return str(children[0])

    def timerel(self, children: list[Any], start: int, end: int) -> ast.TimeRel:
        left, op, right = children
        node = ast.TimeRel(op=str(op), left=left, right=right, span=Span(self.source, start, end))
        return self._nests(node, left, right)

    def timerel_now(self, children: list[Any], start: int, end: int) -> ast.TimeRel:
        op, right = children
        node = ast.TimeRel(op=str(op), left=None, right=right, span=Span(self.source, start, end))
        return self._nests(node, right)

    def range_(self, children: list[Any], start: int, end: int) -> ast.Range:
        start_, _, end_ = children
        node = ast.Range(start=start_, end=end_, span=Span(self.source, start, end))
        return self._nests(node, start_, end_)

    def range_open(self, children: list[Any], start: int, end: int) -> ast.Range:
        node = ast.Range(start=children[0], end=None, span=Span(self.source, start, end))
        return self._nests(node, children[0])

    def add(self, children: list[Any], start: int, end: int) -> ast.Offset:
        base, _, amount = children
        node = ast.Offset(base=base, sign=1, amount=amount, span=Span(self.source, start, end))
        return self._nests(node, base, amount)

    def sub(self, children: list[Any], start: int, end: int) -> ast.Offset:
        base, _, amount = children
        node = ast.Offset(base=base, sign=-1, amount=amount, span=Span(self.source, start, end))
        return self._nests(node, base, amount)


def _dedent(text: str) -> str:
    """Triple-quoted notes: drop the first and last blank lines and the common indentation."""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and not lines[0].strip():
        lines = lines[1:]
    if lines and not lines[-1].strip():
        lines = lines[:-1]
    indents = [len(ln) - len(ln.lstrip(" \t")) for ln in lines if ln.strip()]
    cut = min(indents, default=0)
    return "\n".join(ln[cut:] for ln in lines)


def build(text: str, source: SourceFile) -> tuple[ast.File, Builder]:
    """Parse `text` (the source's text, maybe masked) straight into an `ast.File`.

    Raises the parser's `UnexpectedInput` on a syntax error. The builder holds the literals
    that lex but mean nothing (`problems`) and how deep expressions nest (`deepest`).
    """
    from termlang.syntax.grammar import table_parser

    parser = table_parser()
    builder = Builder(source)
    file = parser.parse_with(text, builder.makers(parser.rule_names()), plain_tokens=True)
    assert isinstance(file, ast.File)
    return file, builder
