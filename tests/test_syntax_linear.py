"""The table parser stays linear and keeps giving Lark's trees (review F3 parse shapes, F4).

`syntax.lalr` grows inlined lists in place instead of copying them per reduction, and the
string terminals repeat possessively. Neither may change a single tree: on every example, every
`.term` fixture, grammar-generated text and the review's input shapes (at sizes where a copy per
reduction would show), the table parser's outcome (tree with positions, or error) equals Lark's.
How time and memory grow is measured in `benchmarks/scaling.py`, not asserted here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termlang.syntax.grammar import table_parser
from test_fuzz import assert_parsers_agree, fuzz_settings, grammar_texts

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.term"))
FIXTURES = sorted((ROOT / "tests" / "fixtures").rglob("*.term"))
HDR = 'agreement "T" {\n  kind mou\n  binding yes\n  effective 2025-01-01\n}\n'


@pytest.mark.parametrize("path", EXAMPLES + FIXTURES, ids=lambda p: str(p.relative_to(ROOT)))
def test_trees_equal_larks_on_examples_and_fixtures(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
    assert_parsers_agree(text)


@pytest.mark.slow
@fuzz_settings(short=60)
@given(grammar_texts())
def test_trees_equal_larks_on_generated_text(text: str) -> None:
    assert_parsers_agree(text)


# The review's parse shapes (F3 rows 57-64), and the places where an inlined list grows: the
# file's items, a block's items, separators, `arg*`, comma lists, call and bracket arguments.
SHAPES = {
    "semicolons": lambda n: HDR + ";\n" * n,
    "semicolons on one line": lambda n: HDR + "a" + "; a" * n + "\n",
    "comma-continued arguments": lambda n: HDR + "note a" + ",\n  a" * n + "\n",
    "entity lines": lambda n: HDR + "".join(f'entity e{i} "E {i}"\n' for i in range(n)),
    "items in one block": lambda n: HDR + "x {\n" + "  y 1 2\n" * n + "}\n",
    "juxtaposed arguments": lambda n: HDR + "x" + " a" * n + "\n",
    "call arguments": lambda n: HDR + "x f(" + ", ".join(["a"] * n) + ")\n",
    "bracket arguments": lambda n: HDR + "x [" + ",\n".join(["1"] * n) + "]\n",
    "dotted reference": lambda n: HDR + "x a" + ".b" * n + "\n",
    "blank and comment lines": lambda n: HDR + "\n# c\n" * n + "x 1\n",
    "long string": lambda n: HDR + 'x """\n' + ("y" * 99 + "\n") * n + '"""\n',
    "unterminated long string": lambda n: HDR + 'x """\n' + ("y" * 99 + "\n") * n,
}


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_trees_equal_larks_on_review_shapes(shape: str) -> None:
    assert_parsers_agree(SHAPES[shape](3000))


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_parsing_twice_gives_the_same_tree(shape: str) -> None:
    """Lists are grown in place: nothing of one parse may leak into the next."""
    text = SHAPES[shape](50)
    first = _outcome(text)
    _outcome(HDR + "broken ( ,\n" + text)  # a parse abandoned half-way
    assert _outcome(text) == first


def _outcome(text: str) -> object:
    try:
        return table_parser().parse(text)
    except Exception as exc:
        return type(exc).__name__, getattr(exc, "pos_in_stream", None)


@fuzz_settings(short=60)
@given(st.lists(st.sampled_from(sorted(SHAPES)), min_size=1, max_size=6), st.integers(0, 40))
def test_trees_equal_larks_on_mixed_shapes(shapes: list[str], n: int) -> None:
    text = HDR + "".join(SHAPES[s](n).removeprefix(HDR) for s in shapes)
    assert_parsers_agree(text)


# ---------------------------------------------------------------------------- the string regexes
# Possessive repeats (F4) must match exactly what the backtracking forms matched: the
# alternatives begin with different characters, so backtracking could never find a match.
OLD_LONGSTRING = r'"""(?:[^"\\]|\\.|"(?!""))*"""'
OLD_STRING = r'"(?:[^"\\\r\n]|\\.)*"'


def _terminal(name: str) -> str:
    from termlang.syntax.grammar import grammar_text

    match = re.search(rf"^{name}\.\d+: /(.*)/$", grammar_text(), re.M)
    assert match is not None
    return match.group(1)


@given(st.text(st.sampled_from(['"', "\\", "a", "\n", "\r", "#"]), max_size=30))
def test_possessive_string_terminals_match_like_the_old_ones(text: str) -> None:
    for name, old in (("LONGSTRING", OLD_LONGSTRING), ("STRING", OLD_STRING)):
        new = _terminal(name)
        assert new != old  # the grammar does use the possessive form
        for start in range(len(text)):
            before = re.compile(old).match(text, start)
            after = re.compile(new).match(text, start)
            assert (before and before.end()) == (after and after.end()), (name, text, start)
