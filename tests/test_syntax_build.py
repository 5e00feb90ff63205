"""The AST made as the parser reduces is the one a walk over the parse tree makes.

`syntax.build` makes AST nodes inside the parser's reductions (`lalr.Parser.parse_with`), with
no parse tree between. The reference here is what the code did before: parse into the tree
(which `test_fuzz` and `test_syntax_linear` hold equal to Lark's) and call the same builder
methods on it bottom-up. Both must give the same nodes with the same spans, the same literal
problems in the same order, and `parse_source` the same nesting diagnostics (TL008), which it
now measures on a tree only when the builder's bound says it may be needed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from termlang.diagnostics import Diagnostic, Severity
from termlang.source import SourceFile, Span
from termlang.syntax import parse
from termlang.syntax.build import Builder, build
from termlang.syntax.grammar import table_parser
from termlang.syntax.lalr import Meta, Tree, UnexpectedInput
from termlang.syntax.parse import MAX_BLOCK_DEPTH, MAX_EXPRESSION_DEPTH, parse_source
from test_fuzz import fuzz_settings, grammar_texts, mutated
from test_syntax_linear import HDR, SHAPES

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted((ROOT / "examples").glob("*.term")) + sorted(
    (ROOT / "tests" / "fixtures").rglob("*.term")
)


def _replay(tree: Tree, builder: Builder) -> Any:
    """The builder's methods called on a parse tree bottom-up, as the transformer did."""
    done: list[list[Any]] = [[]]
    stack: list[tuple[Tree, int]] = [(tree, 0)]
    while stack:
        node, index = stack.pop()
        if index == 0:
            done.append([])
        if index < len(node.children):
            child = node.children[index]
            stack.append((node, index + 1))
            if isinstance(child, Tree):
                stack.append((child, 0))
            else:
                done[-1].append(child)
            continue
        children = done.pop()
        meta = node.meta
        start, end = (None, None) if meta.empty else (meta.start_pos, meta.end_pos)
        method = getattr(builder, node.data, None)
        if method is None:  # as the parser does for a rule without a method
            done[-1].append(Tree(node.data, children, Meta(start, end)))
        else:
            done[-1].append(method(children, start, end))
    return done[0][0]


def _dump(value: Any) -> Any:
    """Nodes as plain data, spans included (they are out of the nodes' equality)."""
    if isinstance(value, Span):
        return ("span", value.start, value.end)
    if attrs.has(type(value)):
        return (
            type(value).__name__,
            [(f.name, _dump(getattr(value, f.name))) for f in attrs.fields(type(value))],
        )
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    return value


def _problems(builder: Builder) -> list[tuple[Any, ...]]:
    return [(p.message, p.help, p.start, p.end) for p in builder.problems]


def _error(exc: UnexpectedInput) -> tuple[Any, ...]:
    token = getattr(exc, "token", None)
    return (
        type(exc).__name__,
        exc.pos_in_stream,
        None if token is None else (token.type, str(token), token.start_pos, token.end_pos),
        sorted(getattr(exc, "expected", ()) or ()),
        sorted(getattr(exc, "allowed", ()) or ()),
    )


def assert_builds_alike(text: str) -> None:
    source = SourceFile(path="t.term", text=text)
    try:
        tree = table_parser().parse(text)
    except UnexpectedInput as exc:
        with pytest.raises(UnexpectedInput) as direct:
            build(text, source)
        assert _error(direct.value) == _error(exc), text
        return
    walked = Builder(source)
    reference = _replay(tree, walked)
    file, builder = build(text, source)
    assert _dump(file) == _dump(reference), text
    assert _problems(builder) == _problems(walked), text
    # What spares the tree is exact: too deep by the tree's measure if and only if by this.
    deep = builder.deepest > MAX_EXPRESSION_DEPTH or parse._nesting(file.items) > MAX_BLOCK_DEPTH
    assert deep == (parse._too_deep(tree) is not None), text


def _reference_parse_source(source: SourceFile) -> tuple[Any, list[Diagnostic]] | None:
    """What `parse_source` did before on a file without syntax errors (None for one with)."""
    text = source.text if source.text.endswith("\n") else source.text + "\n"
    try:
        tree = table_parser().parse(text)
    except UnexpectedInput:
        return None
    deep = parse._too_deep(tree)
    if deep is not None:
        node, what = deep
        start = node.meta.start_pos
        end = min(node.meta.end_pos, parse._line_bounds(text, start)[1])
        return None, [
            Diagnostic(
                code="TL008", severity=Severity.ERROR, message=what, span=Span(source, start, end)
            )
        ]
    builder = Builder(source)
    file = _replay(tree, builder)
    if builder.problems:
        return None, [
            Diagnostic(
                code="TL104",
                severity=Severity.ERROR,
                message=p.message,
                span=Span(source, p.start, p.end),
            )
            for p in builder.problems
        ]
    return file, []


def assert_parse_source_as_before(text: str) -> None:
    source = SourceFile(path="t.term", text=text)
    reference = _reference_parse_source(source)
    if reference is None:
        return  # syntax errors: recovery is the same code on the same parser errors
    file, diagnostics = parse_source(source)
    assert _dump(file) == _dump(reference[0]), text
    got = [(d.code, d.message, d.span.start, d.span.end) for d in diagnostics if d.span]
    want = [(d.code, d.message, d.span.start, d.span.end) for d in reference[1] if d.span]
    assert got == want, text


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_direct_ast_equals_the_tree_walk_on_examples_and_fixtures(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
    assert_builds_alike(text)
    assert_parse_source_as_before(text)


@fuzz_settings(short=60)
@given(grammar_texts())
def test_direct_ast_equals_the_tree_walk_on_generated_text(text: str) -> None:
    assert_builds_alike(text)
    assert_parse_source_as_before(text)


@fuzz_settings(short=60)
@given(mutated())
def test_direct_ast_equals_the_tree_walk_on_mutated_examples(data: bytes) -> None:
    text = data.decode("utf-8", "replace").removeprefix("\ufeff")
    assert_builds_alike(text)
    assert_parse_source_as_before(text)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_direct_ast_equals_the_tree_walk_on_review_shapes(shape: str) -> None:
    assert_builds_alike(SHAPES[shape](200))


# Nesting: around each limit, and wide items that pass the builder's bound without being deep.
NESTING = {
    "not, at the limit": "x " + "not " * (MAX_EXPRESSION_DEPTH - 1) + "a\n",
    "not, past the limit": "x " + "not " * MAX_EXPRESSION_DEPTH + "a\n",
    "parentheses past the limit": "x " + "(" * 60 + "a" + ")" * 60 + "\n",
    "calls past the limit": "x " + "f(" * 60 + "a" + ")" * 60 + "\n",
    "brackets past the limit": "x " + "[" * 60 + "]" * 60 + "\n",
    "two deep items": "x " + "(" * 60 + "a" + ")" * 60 + "\ny " + "not " * 120 + "a\n",
    "deep in a block": "x {\n y " + "not " * 120 + "a\n}\n",
    "blocks at the limit": "a {\n" * MAX_BLOCK_DEPTH + "}\n" * MAX_BLOCK_DEPTH,
    "blocks past the limit": "a {\n" * (MAX_BLOCK_DEPTH + 1) + "}\n" * (MAX_BLOCK_DEPTH + 1),
    "wide juxtaposed arguments": "x" + " a" * 300 + "\n",
    "wide list": "x [" + ", ".join(["1"] * 300) + "]\n",
    "wide sum": "x a" + " + 1" * 99 + "\n",
    "wide sum past the limit": "x a" + " + 1" * 100 + "\n",
    "wide, with a bad literal": "x" + " a" * 300 + " 2026-02-30\n",
    "deep, with a bad literal": "x 2026-02-30 " + "not " * 120 + "a\n",
}


@pytest.mark.parametrize("name", sorted(NESTING))
def test_nesting_diagnostics_as_before(name: str) -> None:
    text = HDR + NESTING[name]
    assert_builds_alike(text)
    assert_parse_source_as_before(text)


def test_only_a_file_too_deep_is_parsed_into_a_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wide items (a list of 300) are not deep: no tree; a deep one: the tree finds the item."""
    measured = []
    real = parse._too_deep

    def spy(tree: Tree) -> Any:
        measured.append(tree)
        return real(tree)

    monkeypatch.setattr(parse, "_too_deep", spy)
    for name in ("wide list", "wide juxtaposed arguments", "wide sum"):
        file, diagnostics = parse_source(SourceFile(path="t.term", text=HDR + NESTING[name]))
        assert not measured and file is not None and not diagnostics, name
    file, diagnostics = parse_source(
        SourceFile(path="t.term", text=HDR + NESTING["two deep items"])
    )
    assert len(measured) == 1 and file is None and [d.code for d in diagnostics] == ["TL008"]


def test_every_rule_that_makes_a_node_has_a_builder_method() -> None:
    """A rule left without a method would become a parse-tree node inside the AST."""
    parser = table_parser()
    made = {
        rule[1]
        for rule in parser._rules
        if not rule[0].startswith("_") and not (rule[2] and rule[3] == 1 and rule[4] == "k")
    }
    assert all(callable(getattr(Builder, name, None)) for name in made), made


SOUP = ["x", " ", "(", ")", "[", "]", "\n", "1", "2026-01-01", ",", "+", "..", ".", "not ", "#"]


@given(st.lists(st.sampled_from([*SOUP, "{", "}", "and ", '"s"', ";", "5%", "USD 1"])))
def test_direct_ast_equals_the_tree_walk_on_token_soup(parts: list[str]) -> None:
    assert_builds_alike("".join(parts))


# ---------------------------------------------------------------------------- the lexer
# `_compiled.py` holds the lexer's expressions as `re` compiled them when the tables were made
# (`lalr.compile_pattern` takes them only under the same Python); `_tables.py`'s `scan` says
# which terminals may start with a character and whether blanks and comments may be skipped
# as a run (`grammar._starters`, `grammar._skip`), which must err on the safe side.


def test_compiled_expressions_are_those_the_lexer_compiles() -> None:
    from termlang.syntax import _compiled

    assert sorted(_compiled.PATTERNS) == sorted(set(table_parser().lexer_patterns()))


def test_compiled_expressions_are_fresh() -> None:
    """Regenerated with the tables (`make tables`); checked under the Python that made them."""
    import sys

    from termlang.syntax import _compiled
    from termlang.syntax.grammar import compiled_path, compiled_source

    if list(sys.version_info[:2]) != _compiled.PYTHON:
        pytest.skip(f"made by Python {_compiled.PYTHON}")
    assert compiled_path().read_text(encoding="utf-8") == compiled_source()


def test_precompiled_expressions_match_like_re() -> None:
    import re

    from termlang.syntax import _compiled
    from termlang.syntax.lalr import compile_pattern

    samples = ["x", "2026-01-01", "2026-Q1", "12 months", "USD 13B", "5%", '"a"', "or", "#c"]
    for pattern in _compiled.PATTERNS:
        ours, theirs = compile_pattern(pattern), re.compile(pattern)
        assert (ours.groups, ours.groupindex, ours.flags) == (
            theirs.groups,
            theirs.groupindex,
            theirs.flags,
        )
        for text in samples + [s + " and" for s in samples]:
            a, b = ours.match(text), theirs.match(text)
            assert (a and (a.span(), a.lastgroup)) == (b and (b.span(), b.lastgroup))


@pytest.mark.parametrize(
    ("pattern", "starts"),
    [
        (r"[A-Za-z_][A-Za-z0-9_]*", "ABCXYZ_abxyz"),
        (r"\d{4}-\d{2}", "0123456789"),
        (r"(?:a)?b", "ab"),
        (r"(?=#)x", "x"),  # an assertion only narrows: `x` stays (safe side)
        (r"\r?\n", "\r\n"),
        (r">=|<=|==|!=|>|<", "!<=>"),
    ],
)
def test_starters_include_every_first_character(pattern: str, starts: str) -> None:
    from termlang.syntax.grammar import _starters

    found = _starters(pattern)
    assert set(starts) <= set(found)
    for code in range(128):  # and never miss one that a match can start with
        char = chr(code)
        if re.match(pattern, char + "x" * 3) or re.match(pattern, char + "0000-00"):
            assert char in found, (pattern, char)


@pytest.mark.parametrize("pattern", [r"(?i:x)", r"[^a]", r"\w", r".", r"\s"])
def test_starters_are_everything_when_unsure(pattern: str) -> None:
    from termlang.syntax.grammar import _starters

    found = set(_starters(pattern))
    assert all(re.match(pattern, chr(c)) is None or chr(c) in found for c in range(128))


def test_skip_refuses_ignored_text_another_terminal_may_start() -> None:
    from termlang.syntax.grammar import _skip

    spec = [["WS", "[ ]+"], ["COMMENT", "#[^\\n]*"], ["WORD", "[a-z]+"]]
    assert _skip(spec, [spec], ["COMMENT", "WS"]) == "(?:(?:[ ]+)|(?:#[^\\n]*))"
    clash = [*spec, ["HASHTAG", "#[a-z]+"]]
    assert _skip(clash, [clash], ["COMMENT", "WS"]) is None
    assert _skip(spec, [spec[1:]], ["COMMENT", "WS"]) is None  # a state without blanks
