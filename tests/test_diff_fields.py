"""Every field of every clause kind, changed alone, reads as one line with its old and new value.

The base agreement (`fixtures/diff/fields/base.term`) sets every field of every clause kind
(and of tranches, carve-outs, waterfall tiers and `from` steps); each field's line ends with
`# -> NEW`, the value it is changed to. The fields to cover are read from the schemas in
`termlang.lower` (`CLAUSES` and the nested schemas), so a field added there without a line in
the fixture fails `test_the_fixture_covers_every_field`.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

import pytest

import termlang
from conftest import FIXTURES
from termlang import lower
from termlang.diff import Redline, compare
from termlang.diff import words as w
from termlang.diff.structure import declarations
from termlang.values import Multiple, Percent, parse_duration, parse_duration_unit, parse_money

BASE = FIXTURES / "diff" / "fields" / "base.term"
NESTED = {
    ("investment", "tranche"): lower.TRANCHE,
    ("exclusivity", "carve_out"): lower.CARVE_OUT,
    ("waterfall", "tier"): lower.WATERFALL_TIER,
    **{(kind, "from"): schema for kind, schema in lower.STEP_SCHEMAS.items()},
}


class Mutation(NamedTuple):
    line: int  # 1-based
    kind: str  # the clause kind
    key: str  # `rate`, or `tranche.amount` inside a nested block
    old: str
    new: str
    text: str  # the whole agreement with this one field changed


def _mutations() -> list[Mutation]:
    text = BASE.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    out: list[Mutation] = []
    stack: list[str] = []  # clause kind, then the nested key
    for i, line in enumerate(lines):
        code, _, comment = line.partition("#")
        stripped = code.strip()
        words = stripped.split()
        if words and words[0] in lower.CLAUSES and stripped.endswith("{") and not stack:
            stack = [words[0]]
        marked = re.fullmatch(r"\s*->\s*(.*?)\s*", comment)
        if marked and stack:
            indent = code[: len(code) - len(code.lstrip())]
            if stripped.startswith("from "):
                key, old, new_code = "from", stripped, indent + marked.group(1)
            else:
                key, old = words[0], stripped[len(words[0]) :].strip()
                new_code = f"{indent}{key}  {marked.group(1)}"
            nested = f"{stack[1]}." if len(stack) > 1 else ""
            mutated = "".join([*lines[:i], new_code + "\n", *lines[i + 1 :]])
            out.append(Mutation(i + 1, stack[0], nested + key, old, marked.group(1), mutated))
        if stack and stripped.endswith("{") and len(stack) == 1 and words[0] != stack[0]:
            stack.append(words[0])
        elif stripped.startswith("}") and stack:
            stack.pop()
    return out


MUTATIONS = _mutations()
NAMES = set(declarations(termlang.check(str(BASE)).model))


def test_the_fixture_covers_every_field() -> None:
    """Each clause kind's own fields; the fields every clause shares (`lower.COMMON`: note,
    window, conditions, allow, survives) are one code path, covered once in any clause."""
    common = set(lower.COMMON)
    wanted = {(kind, key) for kind, (_, schema) in lower.CLAUSES.items() for key in schema} - {
        (kind, key) for kind in lower.CLAUSES for key in common
    }
    wanted |= {(kind, f"{field}.{k}") for (kind, field), schema in NESTED.items() for k in schema}
    wanted |= {("*", key) for key in common}
    wanted -= {k for k in NESTED if k[1] != "from"}  # named parts: their fields are listed
    covered = {(m.kind, m.key) for m in MUTATIONS}
    covered |= {("*", m.key) for m in MUTATIONS if m.key in common}
    assert wanted - covered == set(), "add these fields, with `# -> NEW`, to the fixture"
    assert termlang.check(str(BASE)).has_errors is False


def _literal(text: str) -> Any:
    """A fragment of termlang text as the value the redline shows (None: not a literal)."""
    text = text.strip().rstrip("{").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return date.fromisoformat(text)
    if re.fullmatch(r"[A-Z]{3} [\d.]+[KMBT]?", text):
        return parse_money(text)
    if re.fullmatch(r"[\d.]+x", text):
        return Multiple(Decimal(text[:-1]))
    if text == "recouped":  # `until recouped X` is `until 1x of X`
        return Multiple(Decimal(1))
    if re.fullmatch(r"[\d.]+%", text):
        return Percent(Decimal(text[:-1]))
    if re.fullmatch(r"\d+ \w+", text):
        try:
            return parse_duration(text)
        except ValueError:
            return None
    if re.fullmatch(r'"[^"]*"', text):
        return text[1:-1]
    return None


def _fragments(old: str, new: str) -> tuple[str, str]:
    """The part of the value that differs, widened to whole words (`80%`, `3 months`)."""
    a, b = old.split(), new.split()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    x, y = a[start : len(a) - end], b[start : len(b) - end]
    # a number alone takes its unit (`3` of `3 months`)
    if len(x) == len(y) == 1 and re.fullmatch(r"[\d.]+", x[0]) and end:
        x, y = [*x, a[len(a) - end]], [*y, b[len(b) - end]]
    if len(x) == len(y) == 1 and re.fullmatch(r"[A-Z]{3}", a[start - 1] if start else ""):
        x, y = [a[start - 1], *x], [b[start - 1], *y]
    return " ".join(x), " ".join(y)


def _shown(fragment: str, locale: str) -> str | None:
    """What the redline must contain for a changed fragment (None: too loose to check)."""
    value = _literal(fragment)
    if value is not None:
        return w.value(value, locale) if not isinstance(value, str) else value
    if fragment in w.DAY_COUNTS:
        return w.DAY_COUNTS[fragment]
    unit = parse_duration_unit(fragment)
    if unit is not None:
        return w.value(unit, locale)
    if fragment in NAMES or (locale == "en" and re.fullmatch(r"[a-z_]+", fragment)):
        return fragment  # a name (in backticks), or a keyword the English sentence repeats
    return None


def _id(m: Mutation) -> str:
    return f"{m.kind}.{m.key}@{m.line}"


@cache
def _base() -> Any:
    return termlang.check_text(BASE.read_text(encoding="utf-8"), "old.term")


@cache  # the English and the French test of a change read one comparison (a frozen Redline)
def _redline(mutation: Mutation) -> Redline:
    return compare(_base(), termlang.check_text(mutation.text, "new.term"))


@pytest.mark.parametrize("locale", ["en", "fr"])  # innermost: a change's two tests run together
@pytest.mark.parametrize("mutation", MUTATIONS, ids=_id)
def test_a_changed_field_reads_with_its_old_and_new_value(mutation: Mutation, locale: str) -> None:
    redline = _redline(mutation)
    assert redline.edits, "the change is not seen"
    sentences = redline.sentences(locale)
    text = "\n".join(sentences)
    # a noun for every field: no raw attribute names, no Python reprs
    assert "champ `" not in text
    assert "(calendars=" not in text and "span=" not in text
    for edit in redline.edits:
        if edit.field is not None and locale == "fr":
            assert (
                edit.field in w.FIELDS_FR
                or (edit.kind, edit.field) in w.KIND_FIELDS_FR  # a kind's own (its registry entry)
                or edit.field.startswith("window.")
            ), edit.field
    old, new = _fragments(mutation.old, mutation.new)
    for fragment in (old, new):
        shown = _shown(fragment, locale)
        if shown is not None:
            assert shown.replace("\u00a0", " ") in text.replace("\u00a0", " "), (fragment, text)
    # a change of one field is one line that holds both values, unless an element is replaced
    if len(redline.edits) == 1 and redline.edits[0].op == "changed":
        shown_old, shown_new = _shown(old, locale), _shown(new, locale)
        if shown_old and shown_new:
            line = sentences[0].replace("\u00a0", " ")
            assert shown_old.replace("\u00a0", " ") in line and shown_new in line, line


def test_target_threshold_change_names_the_target_and_both_values() -> None:
    """Issue 19 item 4: it read "~ target `renewable_share` changed from `azure_capacity`"."""
    m = next(m for m in MUTATIONS if "renewable_share" in m.old)
    redline = compare(
        termlang.check_text(BASE.read_text(encoding="utf-8"), "a.term"),
        termlang.check_text(m.text, "b.term"),
    )
    assert redline.sentences("en") == [
        "the target `renewable_share` of `comp` changed from at least 80% by 1 January 2028 "
        "to at least 87% by 1 January 2028"
    ]
    assert redline.sentences("fr") == [
        "l'objectif `renewable_share` de `comp` passe de « au moins 80 % au 1er janvier "
        "2028 » à « au moins 87 % au 1er janvier 2028 »"
    ]
