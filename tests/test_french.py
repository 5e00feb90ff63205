"""French summaries have no English sentence (issue 15).

Every example is rendered in French, in Markdown, HTML and Word, under each of its scenarios.
What the file itself says (labels, legal names, notes, obligation texts) is the authors' and
stays as written; the summary quotes labels. Everything else must be French: the test strips
the file's own strings and quoted passages and fails on any English function word left, and
on any timeline reason that fell back to English (`reason_lang`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from cached import analysis, summary_text
from termlang.render import build

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# English words that French prose never uses (labels and quoted names are removed first).
ENGLISH = re.compile(
    r"\b(the|and|of|is|are|was|were|with|without|under|between|its|their|which|until|"
    r"from|before|after|must|shall|happened|holds|passed|ends|starts|paid|due|reached|"
    r"window|deadline|breach|survives|takes effect|comes into force)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"|`[^`]*`")


def _cases() -> list[Any]:
    out = []
    for path in sorted(EXAMPLES.glob("*.term")):
        m = analysis(path).model
        if m is None or m.agreement is None:
            continue
        names = list(m.scenarios) or [None]
        for name in names:
            out.append(pytest.param(path, name, id=f"{path.stem}-{name}"))
    return out


CASES = _cases()


def _file_strings(m: Any) -> list[str]:
    """Every string the file wrote (labels, names, notes...), longest first."""
    found: set[str] = set()
    seen: set[int] = set()

    def walk(value: Any, depth: int = 0) -> None:
        if depth > 8 or id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, str):
            if len(value) > 2:
                found.add(value)
                found.update(p for p in re.split(r"\n\s*\n", value) if p)
                found.update(line.strip() for line in value.splitlines() if line.strip())
            return
        if isinstance(value, Mapping):
            for v in value.values():
                walk(v, depth + 1)
        elif isinstance(value, list | tuple | set | frozenset):
            for v in value:
                walk(v, depth + 1)
        elif hasattr(value, "__attrs_attrs__"):
            for a in value.__attrs_attrs__:
                if a.name not in ("span", "spans", "source", "name_span"):
                    walk(getattr(value, a.name, None), depth + 1)

    walk(m)
    return sorted(found, key=len, reverse=True)


def _english_left(text: str, own: list[str]) -> list[str]:
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"\\(.)", r"\1", text)  # Markdown escapes
    for s in own:
        for variant in (s, s[:1].upper() + s[1:]):
            text = text.replace(variant, " ")
    text = _QUOTED.sub(" ", text)
    hits = []
    for line in text.splitlines():
        if ENGLISH.search(line):
            hits.append(line.strip())
    return hits


@pytest.mark.parametrize(("path", "scenario"), CASES)
def test_french_summary_has_no_english(path: Path, scenario: str | None) -> None:
    checked = analysis(path)
    m = checked.model
    assert m is not None
    view = build(m, checked.diagnostics, locale="fr", scenario=scenario)
    english_reasons = [t["reason"] for t in view["timeline"] if t["reason_lang"] != "fr"]
    assert english_reasons == [], english_reasons
    own = _file_strings(m)
    for fmt in ("md", "html", "docx"):
        text = summary_text(path, fmt, "fr", scenario)
        if fmt == "html":
            import html

            # a chart label cut to fit ("SoftBank-led round conditional on the restr…") is
            # the file's label, shortened
            text = re.sub(r">[^<]*…<", "><", text)
            text = html.unescape(re.sub(r"<style.*?</style>|<[^>]+>", " ", text, flags=re.S))
        left = _english_left(text, own)
        assert left == [], f"{fmt}: English left in the French summary:\n" + "\n".join(left[:15])


@pytest.mark.parametrize(("path", "scenario"), CASES)
def test_no_term_notation_in_prose(path: Path, scenario: str | None) -> None:
    """`1_000 MW`, `USD 224_284.93`: the `.term` notation never reaches a summary."""
    for locale in ("en", "fr"):
        out = summary_text(path, "md", locale, scenario)
        assert not re.search(r"\d_\d", out), re.findall(r".{30}\d_\d.{30}", out)
        assert not re.search(r"\b\d+/\d{4,}\b", out)  # an exact fraction printed as an amount


def test_the_detector_catches_the_sentences_of_issue_15() -> None:
    """The English that French summaries used to carry is caught (the test can fail)."""
    for sentence in (
        "Its term ended on 14 avril 2026 without a breach",
        "L'accord prend effet. | The definitive agreements are signed happened on 15 mai 2026",
        "« confidentialité » survit : its window ends on 31 décembre 2026",
    ):
        assert _english_left(sentence, []), sentence
    assert _english_left("L'accord prend effet le 11 septembre 2025.", []) == []
    assert _english_left("« the definitive agreements are signed »", []) == []


def test_french_elides_de_le_la_que_where_a_label_is_inserted() -> None:
    """One rule (locales.elide), applied where a name or label enters a French sentence:
    "de OpenAI" is "d'OpenAI", "de un an" is "d'un an"; a consonant, an h (mute or aspirated
    cannot be told in a name) or a word that merely ends in "de" changes nothing."""
    from termlang.locales import SLOT, elide, elide_slots

    assert elide("L'opération de ", "OpenAI Group PBC") == "L'opération d'OpenAI Group PBC"
    assert elide("au profit de ", "Microsoft") == "au profit de Microsoft"
    assert elide("de ", "Helix") == "de Helix"
    assert elide("jusqu'à ce que ", "Acme") == "jusqu'à ce qu'Acme"
    assert elide("La ", "Écosse") == "L'Écosse"
    assert elide("une bande ", "OpenAI") == "une bande OpenAI"
    assert elide("avec ", "OpenAI") == "avec OpenAI"
    text = f"au profit de {SLOT}OpenAI, prorogée de {SLOT}un an, monde {SLOT}Acme"
    assert elide_slots(text) == "au profit d'OpenAI, prorogée d'un an, monde Acme"


def test_a_scope_in_a_reason_is_quoted_once() -> None:
    """French `thing` quotes a label already: a reason quotes it once, as English does
    (was « « purchase of training and inference compute » »)."""
    import termlang
    from termlang.evaluate import reasons as r
    from termlang.render.reasons import Wording
    from termlang.render.view import make_prose

    m = termlang.check("examples/openai-microsoft-mou.term", run_checks=False).model
    scope = next(iter(m.terms))
    for locale, (op, cl) in {"fr": ("«\u00a0", "\u00a0»"), "en": ("“", "”")}.items():
        words = Wording(make_prose(m, locale)).value(r.THING, scope)
        assert words.startswith(op) and words.endswith(cl)
        assert words.count(op) == 1, words


def test_a_kinds_template_agrees_its_verb_with_the_parties_named() -> None:
    """`{binds:s'engage|s'engagent}` in a kind's French sentence (lower/registry.py,
    `Rendering.sentences`) agrees with the number of parties `binds` names."""
    import termlang
    from termlang.render.view import make_prose

    text = """agreement "A" {
  kind       mou
  effective  2026-01-01
}
party a "Alpha SA"
party b "Beta SA"
party c "Gamma SA"
scope hosting "hosting"
exclusivity one { binds a; benefits c; scope hosting }
exclusivity two { binds a, b; benefits c; scope hosting }
"""
    m = termlang.check_text(text, "a.term", run_checks=False).model
    prose = make_prose(m, "fr")
    one = prose.clause_sentences(m.clauses["one"])[0]
    two = prose.clause_sentences(m.clauses["two"])[0]
    assert one.startswith("Alpha SA s'engage à traiter exclusivement avec Gamma SA pour")
    assert two.startswith("Alpha SA et Beta SA s'engagent à traiter exclusivement avec Gamma SA")
