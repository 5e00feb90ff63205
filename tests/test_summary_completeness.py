"""Completeness and parity of the summaries (issue 15).

Completeness: from the clause schemas (`lower.BLOCK_SCHEMAS`) the test knows every field a
clause, a tranche or a waterfall tier can carry; for each field an example writes, the
summary (Markdown, HTML and Word, English and French) must show its value, worded by the
same formatter the summary uses. Notes on the agreement, parties, entities, terms, events,
clauses, carve-outs, tranches and tiers are shown too (docs/language.md: "quoted by
summaries").

Parity: Markdown, HTML and Word are built from one view model; they hold the same sections
and the same figures.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

import termlang
from cached import analysis, summary_text
from termlang import ast
from termlang.lower import BLOCK_SCHEMAS
from termlang.render import build, render
from termlang.render.view import make_prose
from termlang.values import Duration, Money, Multiple, Percent, Quantity

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FORMATS = ("md", "html", "docx")

# Enumerated words: how each value is said, (English, French).
WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "basis": {
        "pro_rata": ("pro rata", "au prorata"),
        "started_period": ("for each period begun", "toute période commencée"),
    },
    "silence": {
        "decline": ("a refusal", "un refus"),
        "accept": ("an acceptance", "une acceptation"),
    },
    "day_count": {
        "actual_365": ("actual/365", "exact/365"),
        "actual_360": ("actual/360", "exact/360"),
        "thirty_360": ("30/360", "30/360"),
        "actual_actual": ("actual/actual", "exact/exact"),
    },
    "instrument": {
        "safe": ("a SAFE", "un SAFE"),
        "note": ("a convertible note", "une obligation convertible"),
    },
    "rounding": {
        "largest_remainder": ("largest remainder", "plus forts restes"),
        "down": ("rounded down", "arrondis à l'unité inférieure"),
    },
    "deal": {"sale": ("sale", "cession"), "purchase": ("purchase", "acquisition")},
}
# Fields that are structure rather than terms: said through the sentence they shape.
STRUCTURE = {"label", "note", "allow", "tranche", "carve_out", "tier", "step", "weight", "share"}


def _cases() -> list[Any]:
    out = []
    for path in sorted(EXAMPLES.glob("*.term")):
        m = analysis(path).model
        if m is not None and m.agreement is not None:
            out.append(pytest.param(path, id=path.stem))
    return out


CASES = _cases()


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


@cache  # three tests read the same summaries (tests/cached.py renders each once per worker)
def _outputs(path: Path, locale: str) -> Mapping[str, str]:
    out: dict[str, str] = {}
    for fmt in FORMATS:
        text = summary_text(path, fmt, locale)
        if fmt == "html":
            text = html.unescape(re.sub(r"<style.*?</style>|<[^>]+>", " ", text, flags=re.S))
        elif fmt == "md":
            text = re.sub(r"\\(.)", r"\1", text)
        out[fmt] = _flat(text)
    return MappingProxyType(out)


def _said(prose: Any, key: str, value: Any) -> list[str]:
    """The ways a summary may say `value` (any one will do)."""
    m, en = prose.model, prose.lang == "en"
    if value is None or value == () or isinstance(value, bool):
        return []
    if key in WORDS and isinstance(value, str):
        words = WORDS[key].get(value)
        return [words[0 if en else 1]] if words else [value]
    match value:
        case Money() | Percent() | Quantity() | Multiple():
            return [prose.value(value)]
        case Duration():
            return [prose.fmt.duration(value)]
        case ast.Ref(parts=parts) if ".".join(parts) in m.events:
            return [prose.event_label(".".join(parts))]
        case ast.Expr():
            found = []
            if prose.static_date(value) is not None:
                found.append(prose.fmt.date(prose.static_date(value)))
            return found
        case str() if value == "agreement":
            return [prose.the_agreement(), "agreement", "accord"]
        case str():
            names = [prose.who(value), prose.term_label(value), prose.event_label(value)]
            if value in m.clauses:
                names.append(m.clauses[value].label or value)
            return names
        case tuple():
            return [w for v in value for w in _said(prose, key, v)][:1] or []
    return []


def _fields(decl: Any, schema: Any) -> list[tuple[str, Any]]:
    out = []
    for key in getattr(decl, "spans", {}):
        field = schema.get(key)
        if field is None or key in STRUCTURE:
            continue
        out.append((key, getattr(decl, field.attr or key, None)))
    return out


@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize("path", CASES)
def test_every_field_the_file_states_is_in_the_summary(path: Path, locale: str) -> None:
    m = analysis(path).model
    assert m is not None
    prose = make_prose(m, locale)
    outputs = _outputs(path, locale)
    missing: list[str] = []
    for clause in m.clauses.values():
        schema = BLOCK_SCHEMAS.get(clause.kind, {})
        decls: list[tuple[str, Any, Any]] = [(clause.name, clause, schema)]
        for nested, block in (("tranches", "tranche"), ("tiers", "tier")):
            for part in getattr(clause, nested, ()):
                if getattr(part, "name", None) is None:
                    continue  # a priority access's tiers: said in its sentence
                decls.append((f"{clause.name}.{part.name}", part, BLOCK_SCHEMAS.get(block, {})))
        for where, decl, sch in decls:
            for key, value in _fields(decl, sch):
                ways = [_flat(w) for w in _said(prose, key, value) if w]
                if not ways:
                    continue
                for fmt, text in outputs.items():
                    if not any(w in text for w in ways):
                        missing.append(f"{fmt}: {where}.{key} = {value!r} (as {ways[0]!r})")
    assert missing == [], "\n".join(missing)


@pytest.mark.parametrize("path", CASES)
def test_every_note_is_in_the_summary(path: Path) -> None:
    m = analysis(path).model
    assert m is not None
    notes: list[str] = []
    decls: list[Any] = [
        m.agreement,
        *m.parties.values(),
        *m.entities.values(),
        *m.terms.values(),
        *m.events.values(),
    ]
    for clause in m.clauses.values():
        decls.append(clause)
        for nested in ("tranches", "tiers", "carve_outs"):
            decls.extend(getattr(clause, nested, ()))
    for decl in decls:
        note = getattr(decl, "note", None)
        if note and note != getattr(decl, "label", None):
            notes.append(_flat(note))
    for locale in ("en", "fr"):
        for fmt, text in _outputs(path, locale).items():
            for note in notes:
                assert note[:60] in text, f"{locale} {fmt}: note {note[:60]!r} missing"


def _currencies() -> str:
    from babel.numbers import list_currencies

    return "|".join(sorted(list_currencies()))


_CUR = _currencies()
_FIGURE = re.compile(
    rf"\b(?:{_CUR}) \d[\d,.]*(?: (?:billion|million|trillion)\b)?"  # USD 1.5 million
    rf"|(?<![\d,])\d{{1,3}}(?: \d{{3}})*(?:,\d+)?(?: (?:milliards?|millions?|billions?))? "
    rf"(?:{_CUR})\b"  # 1,5 million USD
    r"|\b\d[\d.,]* ?%"
)


def _figures(text: str) -> list[str]:
    """Amounts and percentages (the figures a reader compares)."""
    return [f.rstrip(".,") for f in _FIGURE.findall(text)]


@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize("path", CASES)
def test_markdown_html_and_word_hold_the_same_sections_and_figures(path: Path, locale: str) -> None:
    checked = analysis(path)
    m = checked.model
    assert m is not None
    view = build(m, checked.diagnostics, locale=locale)
    outputs = _outputs(path, locale)
    labels = view["labels"]
    sections = [
        labels[key]
        for key in ("deal", "clauses", "notes", "open_points", "money")
        if key in labels and (key not in ("notes", "money") or view[key])
    ]
    for fmt, text in outputs.items():
        for heading in sections:
            assert _flat(heading) in text, f"{fmt}: section {heading!r} missing"
        for clause in view["clauses"]:
            assert _flat(clause["title"]) in text, f"{fmt}: clause {clause['title']!r}"
            for sentence in clause["sentences"]:
                assert _flat(sentence) in text, f"{fmt}: {sentence!r}"
    # the same figures, whatever the format (the chart's axis years aside)
    figures = {fmt: sorted(set(_figures(text)) - {""}) for fmt, text in outputs.items()}
    for fmt in ("html", "docx"):
        extra = set(figures[fmt]) - set(figures["md"])
        lacking = set(figures["md"]) - set(figures[fmt])
        assert not lacking, f"{fmt} lacks figures the Markdown has: {sorted(lacking)[:10]}"
        assert not extra, f"{fmt} has figures the Markdown lacks: {sorted(extra)[:10]}"


def test_flagship_summaries_are_byte_identical_across_runs() -> None:
    path = EXAMPLES / "openai-microsoft-mou.term"
    first = [_outputs_raw(path, locale) for locale in ("en", "fr")]
    second = [_outputs_raw(path, locale) for locale in ("en", "fr")]
    assert first == second


def _outputs_raw(path: Path, locale: str) -> list[str | bytes]:
    analysis = termlang.check(str(path))
    m = analysis.model
    assert m is not None
    return [render(m, analysis.diagnostics, output_format=fmt, locale=locale) for fmt in FORMATS]
