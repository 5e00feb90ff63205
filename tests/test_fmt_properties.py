"""The formatter's laws on generated item trees: it keeps meaning, comments, and is idempotent.

Two generators: item trees built in memory (printed by `format_file` without a source), and
*messy* text printed from such a tree with random spacing, `;` separators, one-line blocks,
blank lines and comments everywhere a comment may go.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import termlang
from conftest import examples
from termlang import ast
from termlang.fmt import format_expr, format_file, format_text, scan_comments
from termlang.source import SourceFile

STRINGS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|"(?:[^"\\\r\n]|\\.)*"', re.S)
KEYWORDS = {"and", "or", "not", "before", "after", "on_or_before", "on_or_after"}

words = st.one_of(
    st.from_regex(r"[a-z_][a-z0-9_]{0,5}", fullmatch=True),
    st.sampled_from(["USD", "EUR", "by", "of", "months", "x", "B", "share", "bye", "Kx"]),
).filter(lambda w: w not in KEYWORDS)

decimals = st.builds(
    lambda n, e: Decimal(n).scaleb(-e),
    st.integers(min_value=0, max_value=10**13),
    st.integers(min_value=0, max_value=3),
)
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
units = st.sampled_from(["months", "GW", "x", "GPUs", "B", "EUR", "business_days", "Kx", "bye"])
currencies = st.sampled_from(["USD", "EUR", "GBP", "JPY", "CHF"])
text_chars = st.characters(
    codec="utf-8", exclude_categories=("Cs",), exclude_characters="\r\x0b\x0c\x1c\x1d\x1e\x85"
)
strings = st.one_of(
    st.lists(st.sampled_from([*list('ab #"\\\n\t é'), '"""']), max_size=12).map("".join),
    st.text(alphabet=text_chars, max_size=8),
    st.lists(st.sampled_from(["line one", "  indented", "", "# not a comment", 'say "hi"'])).map(
        lambda ls: "\n".join(["first", *ls, "last"])
    ),
)

atoms = st.one_of(
    st.builds(lambda d: ast.DateLit(value=d), dates),
    st.builds(lambda v: ast.NumberLit(value=v), decimals),
    st.builds(lambda v: ast.PercentLit(value=v), decimals),
    st.builds(lambda v, u: ast.QuantityLit(amount=v, unit=u), decimals, units),
    st.builds(lambda c, v: ast.MoneyLit(currency=c, amount=v), currencies, decimals),
    st.builds(lambda s: ast.StringLit(value=s), strings),
    st.builds(lambda ps: ast.Ref(parts=ps), st.lists(words, min_size=1, max_size=3)),
)


def _compound(children: st.SearchStrategy[ast.Expr]) -> st.SearchStrategy[ast.Expr]:
    return st.one_of(
        st.builds(lambda f, a: ast.Call(func=f, args=a), words, st.lists(children, max_size=3)),
        st.builds(lambda a: ast.ListExpr(items=a), st.lists(children, max_size=3)),
        st.builds(lambda a: ast.Not(operand=a), children),
        st.builds(lambda a, b: ast.And(left=a, right=b), children, children),
        st.builds(lambda a, b: ast.Or(left=a, right=b), children, children),
        st.builds(
            lambda op, a, b: ast.Compare(op=op, left=a, right=b),
            st.sampled_from([">=", "<=", "==", "!=", ">", "<"]),
            children,
            children,
        ),
        st.builds(
            lambda op, a, b: ast.TimeRel(op=op, left=a, right=b),
            st.sampled_from(["before", "after", "on_or_before", "on_or_after"]),
            st.none() | children,
            children,
        ),
        st.builds(
            lambda a, s, b: ast.Offset(base=a, sign=s, amount=b),
            children,
            st.sampled_from([1, -1]),
            children,
        ),
        st.builds(lambda a, b: ast.Range(start=a, end=b), children, st.none() | children),
    )


exprs = st.recursive(atoms, _compound, max_leaves=6)
keys = st.one_of(
    words,
    st.sampled_from(["2026", "2026-01-01", "2026-Q1", "2026-H2", "2026-03", "1_000"]),
)


def _items(depth: int) -> st.SearchStrategy[ast.Item]:
    blocks = st.none() if depth == 0 else st.none() | st.lists(_items(depth - 1), max_size=3)
    return st.builds(
        lambda k, a, b: ast.Item(key=k, args=a, block=None if b is None else tuple(b)),
        keys,
        st.lists(exprs, max_size=3),
        blocks,
    )


files = st.builds(lambda items: ast.File(items=items), st.lists(_items(2), max_size=4))


def parse(text: str) -> ast.File:
    file, problems = termlang.parse(text)
    assert file is not None, (text, [p.message for p in problems])
    return file


# TERMLANG_FMT_EXAMPLES=5000 for a long run.
SETTINGS = settings(
    max_examples=int(os.environ.get("TERMLANG_FMT_EXAMPLES", "0")) or examples(300),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(exprs)
def test_expression_round_trip(expr: ast.Expr) -> None:
    text = f"k {format_expr(expr)}\n"
    assert parse(text).items[0].args == (expr,)


@SETTINGS
@given(st.lists(exprs, min_size=2, max_size=4))
def test_juxtaposed_arguments_stay_apart(args: list[ast.Expr]) -> None:
    file = ast.File(items=[ast.Item(key="k", args=args)])
    assert parse(format_file(file)) == file


@pytest.mark.slow
@SETTINGS
@given(files)
def test_tree_round_trip_and_idempotence(file: ast.File) -> None:
    text = format_file(file)
    assert parse(text) == file
    assert format_text(text) == text


# ---------------------------------------------------------------------------- messy text


@st.composite
def messy(draw: st.DrawFn, file: ast.File) -> str:
    """`file` printed carelessly, with comments sprinkled wherever they may go."""
    n = 0

    def comment() -> str:
        nonlocal n
        n += 1
        return f"# c{n}" + draw(st.sampled_from(["", " note", "  x  y", " # again"]))

    def space() -> str:
        return draw(st.sampled_from([" ", "  ", "\t", "   "]))

    def trailing() -> str:
        return space() + comment() if draw(st.booleans()) else ""

    def gap(indent: str) -> str:
        out = ""
        for _ in range(draw(st.integers(0, 2))):
            out += draw(st.sampled_from(["\n", f"{indent}{comment()}\n", "   \n"]))
        return out

    def item(it: ast.Item, indent: str, inline: bool) -> str:
        head = it.key
        if it.args:
            head += space() + format_expr_args(it.args)
        if it.block is None:
            return head
        simple = all(c.block is None for c in it.block)
        if inline or (simple and it.block and draw(st.booleans())):
            inner = ("; " if draw(st.booleans()) else ";").join(item(c, "", True) for c in it.block)
            return f"{head} {{ {inner} }}" if inner else f"{head} {{}}"
        body = f"{head}" + space() + "{" + trailing() + "\n"
        for child in it.block:
            body += gap(indent + "    ")
            body += indent + "    " + item(child, indent + "    ", False) + trailing() + "\n"
        body += gap(indent + "    ")
        return body + indent + "}"

    out = gap("")
    for it in file.items:
        out += item(it, "", False) + trailing() + "\n" + gap("")
    return out


def format_expr_args(args: tuple[ast.Expr, ...]) -> str:
    from termlang.fmt import format_args

    return format_args(args, "")


def _comments(text: str) -> Counter[str]:
    return Counter(c.text for c in scan_comments(SourceFile("<t>", text)))


@pytest.mark.slow
@SETTINGS
@given(st.data())
def test_messy_text_keeps_meaning_and_comments(data: st.DataObject) -> None:
    file = data.draw(files)
    text = data.draw(messy(file))
    out = format_text(text)
    assert parse(out) == parse(text) == file
    assert _comments(out) == _comments(text)
    assert format_text(out) == out
    outside_strings = STRINGS.sub('""', out)
    assert not re.search(r"[ \t]+\n", outside_strings), "trailing whitespace"
    assert "\n\n\n" not in outside_strings
