"""Lark parse tree to `ast.Item`s and expressions, with a span on every node."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from termlang import ast
from termlang.source import SourceFile, Span
from termlang.syntax.lalr import Token, Transformer, Tree, v_args
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


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(body: str, tok: Token, problems: list[BadLiteral]) -> str:
    if "\\" not in body:
        return body
    out = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt not in _ESCAPES:
                start = (tok.start_pos or 0) + i + 1
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


class Builder(Transformer[Token, ast.File]):
    """Bottom-up construction; spans come from token and tree positions."""

    def __init__(self, source: SourceFile) -> None:
        super().__init__()
        self.source = source
        self.problems: list[BadLiteral] = []

    # -- helpers
    def _span(self, start: int, end: int) -> Span:
        return Span(self.source, start, end)

    def _tok_span(self, tok: Token) -> Span:
        return self._span(tok.start_pos or 0, tok.end_pos or 0)

    def _meta_span(self, meta: Any) -> Span:
        return self._span(meta.start_pos, meta.end_pos)

    # -- file structure
    @v_args(meta=True)
    def start(self, meta: Any, children: list[Any]) -> ast.File:
        items = [c for c in children if isinstance(c, ast.Item)]
        span = self._meta_span(meta) if not meta.empty else self._span(0, 0)
        return ast.File(items=items, span=span)

    @v_args(meta=True)
    def item(self, meta: Any, children: list[Any]) -> ast.Item:
        key_tok, *rest = children
        block: tuple[ast.Item, ...] | None = None
        block_span = None
        args = []
        for child in rest:
            if isinstance(child, tuple) and len(child) == 2 and isinstance(child[1], Span):
                block, block_span = child
            else:
                args.append(child)
        return ast.Item(
            key=str(key_tok),
            args=args,
            block=block,
            span=self._meta_span(meta),
            key_span=self._tok_span(key_tok),
            block_span=block_span,
        )

    @v_args(meta=True)
    def block(self, meta: Any, children: list[Any]) -> tuple[tuple[ast.Item, ...], Span]:
        items = tuple(c for c in children if isinstance(c, ast.Item))
        return items, self._meta_span(meta)

    def key_word(self, children: list[Token]) -> Token:
        return children[0]

    key_date = key_period = key_number = key_word

    # -- atoms
    def date(self, children: list[Token]) -> ast.DateLit:
        (tok,) = children
        try:
            value = date.fromisoformat(str(tok))
        except ValueError:
            self.problems.append(
                BadLiteral(
                    f"`{tok}` is not a calendar date",
                    "dates are written YYYY-MM-DD and must exist",
                    tok.start_pos or 0,
                    tok.end_pos or 0,
                )
            )
            value = date.min
        return ast.DateLit(value=value, span=self._tok_span(tok))

    def number(self, children: list[Token]) -> ast.NumberLit:
        (tok,) = children
        return ast.NumberLit(value=self._num(str(tok), tok), span=self._tok_span(tok))

    def _num(self, text: str, tok: Token) -> Decimal:
        try:
            return parse_number(text)
        except ValueError as exc:
            self.problems.append(
                BadLiteral(
                    f"`{text}` is not a number: {exc}",
                    "write numbers like `13`, `13.5`, `13_000_000` or `13B`",
                    tok.start_pos or 0,
                    tok.end_pos or 0,
                )
            )
            return Decimal(0)

    def percent(self, children: list[Token]) -> ast.PercentLit:
        (tok,) = children
        return ast.PercentLit(value=self._num(str(tok)[:-1], tok), span=self._tok_span(tok))

    def quantity(self, children: list[Token]) -> ast.QuantityLit:
        (tok,) = children
        m = _QTY.match(str(tok))
        assert m is not None  # the token's own regex guarantees the shape
        return ast.QuantityLit(
            amount=self._num(m["num"], tok), unit=m["unit"], span=self._tok_span(tok)
        )

    def money(self, children: list[Token]) -> ast.MoneyLit:
        (tok,) = children
        m = _MONEY.match(str(tok))
        assert m is not None
        return ast.MoneyLit(
            currency=m["ccy"], amount=self._num(m["num"], tok), span=self._tok_span(tok)
        )

    def string(self, children: list[Token]) -> ast.StringLit:
        (tok,) = children
        return ast.StringLit(
            value=_unescape(str(tok)[1:-1], tok, self.problems), span=self._tok_span(tok)
        )

    def longstring(self, children: list[Token]) -> ast.StringLit:
        (tok,) = children
        body = _unescape(str(tok)[3:-3], tok, self.problems)
        return ast.StringLit(value=_dedent(body), span=self._tok_span(tok))

    @v_args(meta=True)
    def ref(self, meta: Any, children: list[Token]) -> ast.Ref:
        parts = [str(t) for t in children if t.type == "WORD"]
        return ast.Ref(parts=parts, span=self._meta_span(meta))

    @v_args(meta=True)
    def call(self, meta: Any, children: list[Any]) -> ast.Call:
        func = children[0]
        args: list[Any] = []
        for child in children[1:]:
            if isinstance(child, list):
                args.extend(child)
        return ast.Call(
            func=str(func), args=args, span=self._meta_span(meta), func_span=self._tok_span(func)
        )

    def arg_list(self, children: list[Any]) -> list[Any]:
        return [c for c in children if not isinstance(c, Token)]

    @v_args(meta=True)
    def group(self, meta: Any, children: list[Any]) -> Any:
        return children[1]

    @v_args(meta=True)
    def brackets(self, meta: Any, children: list[Any]) -> ast.ListExpr:
        items: list[Any] = []
        for child in children:
            if isinstance(child, list):
                items.extend(child)
        return ast.ListExpr(items=items, span=self._meta_span(meta))

    @v_args(meta=True)
    def list_(self, meta: Any, children: list[Any]) -> ast.ListExpr:
        items = [c for c in children if not isinstance(c, Token)]
        return ast.ListExpr(items=items, span=self._meta_span(meta))

    # -- operators
    @v_args(meta=True)
    def or_(self, meta: Any, children: list[Any]) -> ast.Or:
        left, _, right = children
        return ast.Or(left=left, right=right, span=self._meta_span(meta))

    @v_args(meta=True)
    def and_(self, meta: Any, children: list[Any]) -> ast.And:
        left, _, right = children
        return ast.And(left=left, right=right, span=self._meta_span(meta))

    @v_args(meta=True)
    def not_(self, meta: Any, children: list[Any]) -> ast.Not:
        return ast.Not(operand=children[1], span=self._meta_span(meta))

    @v_args(meta=True)
    def compare(self, meta: Any, children: list[Any]) -> ast.Compare:
        left, op, right = children
        return ast.Compare(op=str(op), left=left, right=right, span=self._meta_span(meta))

    def timerel_op(self, children: list[Token]) -> str:
        return str(children[0])

    @v_args(meta=True)
    def timerel(self, meta: Any, children: list[Any]) -> ast.TimeRel:
        left, op, right = children
        return ast.TimeRel(op=str(op), left=left, right=right, span=self._meta_span(meta))

    @v_args(meta=True)
    def timerel_now(self, meta: Any, children: list[Any]) -> ast.TimeRel:
        op, right = children
        return ast.TimeRel(op=str(op), left=None, right=right, span=self._meta_span(meta))

    @v_args(meta=True)
    def range_(self, meta: Any, children: list[Any]) -> ast.Range:
        start, _, end = children
        return ast.Range(start=start, end=end, span=self._meta_span(meta))

    @v_args(meta=True)
    def range_open(self, meta: Any, children: list[Any]) -> ast.Range:
        return ast.Range(start=children[0], end=None, span=self._meta_span(meta))

    @v_args(meta=True)
    def add(self, meta: Any, children: list[Any]) -> ast.Offset:
        base, _, amount = children
        return ast.Offset(base=base, sign=1, amount=amount, span=self._meta_span(meta))

    @v_args(meta=True)
    def sub(self, meta: Any, children: list[Any]) -> ast.Offset:
        base, _, amount = children
        return ast.Offset(base=base, sign=-1, amount=amount, span=self._meta_span(meta))


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


def build(tree: Tree, source: SourceFile) -> tuple[ast.File, list[BadLiteral]]:
    builder = Builder(source)
    return builder.transform(tree), builder.problems
