"""The clause-kind registry (lower/registry.py) and every table that reads it agree.

Each kind has its words in every locale, a schema whose attributes are its model class's, a
model class that says its keyword, an evaluation handler evaluate/ knows, check modules that
exist, a section in docs/language.md, and it is what lowering, the summaries, the redlines and
the editors know as that kind.
"""

from __future__ import annotations

import importlib.util
import typing
from pathlib import Path

import attrs
import pytest

from cached import analysis
from termlang import lower, model
from termlang.diff import words as diff_words
from termlang.lower.registry import KINDS, LIFECYCLE, LOCALES, ClauseKind, register, words
from termlang.lower.schema import NAME, _schema
from termlang.render import labels

ROOT = Path(__file__).resolve().parent.parent
KINDS_PACKAGE = "termlang.lower.kinds."


@pytest.mark.parametrize("keyword", sorted(KINDS))
def test_every_kind_is_worded_in_every_locale(keyword: str) -> None:
    kind = KINDS[keyword]
    assert set(kind.words) == set(LOCALES)
    for locale in LOCALES:
        w = kind.words[locale]
        assert w.title and w.noun and w.plural, (keyword, locale)
        assert w.title[0].isupper() and w.noun[0].islower(), (keyword, locale)
    assert kind.words["fr"].gender in ("m", "f")


@pytest.mark.parametrize("keyword", sorted(KINDS))
def test_schema_and_model_class_agree(keyword: str) -> None:
    kind = KINDS[keyword]
    assert issubclass(kind.model, model.Clause)
    fields = {f.name: f for f in attrs.fields(kind.model)}
    assert fields["kind"].default == keyword, "the model class says another keyword"
    for key, spec in kind.schema.items():
        attr = spec.attr or key
        # `_x`: one line that sets several attributes, unpacked by the kind's `lower` step
        assert attr.startswith("_") or attr in fields or attr == "calendars", (keyword, key)
    for ref_kind in (k for spec in kind.schema.values() for k in spec.refers):
        assert ref_kind in {
            "party",
            "entity",
            "asset",
            "scope",
            "stream",
            "event",
            "clause",
            "date",
            "condition",
        }


@pytest.mark.parametrize("keyword", sorted(KINDS))
def test_every_handler_is_known_to_evaluate(keyword: str) -> None:
    """evaluate/ registers its families by kind keyword (`evaluate.HANDLERS`); a kind's
    `handler` names one of them, or the lifecycle every clause has."""
    handler = KINDS[keyword].handler
    if handler == LIFECYCLE:
        return  # the lifecycle every clause has (window, starts_when, ends_when)
    import termlang.evaluate as evaluate

    assert handler in evaluate.HANDLERS, (
        f"`{keyword}` names handler `{handler}`, unknown to evaluate/"
    )


@pytest.mark.parametrize("keyword", sorted(KINDS))
def test_check_hooks_name_check_modules(keyword: str) -> None:
    for name in KINDS[keyword].checks:
        assert importlib.util.find_spec(f"termlang.checks.{name}") is not None, name


def test_the_registry_is_every_clause_kind() -> None:
    """The model's union of clauses, lowering, the summaries and the redlines list the same
    kinds as the registry, with its words."""
    union = {attrs.fields_dict(cls)["kind"].default for cls in typing.get_args(model.AnyClause)}
    # a kind declared in its own module defines its model class there (not in the union)
    own = {k for k, kind in KINDS.items() if kind.model.__module__.startswith(KINDS_PACKAGE)}
    assert union | own == set(KINDS)
    assert not union & own
    assert set(lower.CLAUSES) == set(KINDS)
    assert {k for k, spec in lower.DECLARATIONS.items() if spec is lower.lower_clause} == set(KINDS)
    for locale in LOCALES:
        assert labels.CLAUSE_KINDS[locale] == {k: v.words[locale].title for k, v in KINDS.items()}
    for keyword, kind in KINDS.items():
        assert diff_words.KINDS_EN[keyword] == kind.words["en"].noun
        assert diff_words.KINDS_FR[keyword] == (kind.words["fr"].noun, kind.words["fr"].gender)


def test_every_kind_is_documented() -> None:
    language = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    headings = [line for line in language.splitlines() if line.startswith("### ")]
    for keyword in KINDS:
        assert any(f"`{keyword}`" in h for h in headings), f"docs/language.md: no `### {keyword}`"


def test_a_kind_module_registers_itself() -> None:
    """A kind in lower/kinds/ is found without a list naming it."""
    kind = KINDS["assignment"]
    from termlang.lower.kinds import assignment

    assert assignment.ASSIGNMENT is kind
    assert kind.schema["assignee"].refers == ("party", "entity")


def _assignment_like(keyword: str, **more: typing.Any) -> ClauseKind:
    """A throwaway kind shaped like `assignment`, under another keyword (never registered)."""
    return ClauseKind(
        keyword=keyword,
        model=model.Assignment,
        schema=_schema(assigns=NAME),
        words=words(en=("A", "a", "as"), fr=("A", "a", "as", "f")),
        handler=LIFECYCLE,
        **more,
    )


def test_a_keyword_registers_once() -> None:
    twin = _assignment_like("assignment")
    with pytest.raises(ValueError, match="registered twice"):
        register(twin)


def test_a_kind_needs_words_in_every_locale() -> None:
    bare = ClauseKind(
        keyword="not_a_kind",
        model=model.Assignment,
        schema=_schema(),
        words={"en": KINDS["assignment"].words["en"]},
        handler=LIFECYCLE,
    )
    with pytest.raises(ValueError, match="no words"):
        register(bare)
    assert "not_a_kind" not in KINDS


def test_lowering_and_resolve_have_no_code_for_a_kind_in_registry_form() -> None:
    """The per-kind steps are the kinds' own (`ClauseKind.lower`), and a kind whose fields say
    what they refer to (`ref(...)`) needs no case in resolve.py."""
    import inspect

    from termlang import resolve

    assert "model." not in inspect.getsource(lower.lower_clause)
    assert "model.Assignment" not in inspect.getsource(resolve)


def test_every_name_field_says_what_it_refers_to_or_is_resolved_by_hand() -> None:
    """A schema field of a name that declares no `refers` must be one resolve.py checks by
    hand (a reference restricted to some clause kinds, or to `agreement`), or a name that is
    declared by being written (`series`: the class of notes whose holders consent together)."""
    by_hand = {"ends", "fee", "payments", "investments", "on"}  # `penalty.on`: clause_of
    by_hand |= {"series"}
    for keyword, kind in KINDS.items():
        for key, spec in kind.schema.items():
            names = spec.convert.__name__ in ("conv_name", "conv_names")
            attr = spec.attr or key
            if names and not spec.refers:
                assert attr in by_hand, f"`{keyword}.{key}` names something resolve never checks"


def test_the_registry_loads_neither_the_interpreter_nor_the_renderer() -> None:
    """Handlers and checks are named, not imported: `termlang check` stays light."""
    import subprocess
    import sys

    code = (
        "import sys, termlang.lower\n"
        "heavy = [m for m in sys.modules if m.startswith(('termlang.evaluate', 'termlang.render',"
        " 'termlang.checks', 'jinja2'))]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _written_clauses() -> dict[str, list[tuple[Path, model.Clause]]]:
    """Every clause the examples and the good fixtures write, by kind."""
    found: dict[str, list[tuple[Path, model.Clause]]] = {}
    paths = [*sorted((ROOT / "examples").glob("*.term"))]
    paths += sorted((ROOT / "tests" / "fixtures").glob("**/good/*.term"))
    paths += sorted((ROOT / "tests" / "fixtures" / "diff").glob("**/*.term"))
    for path in paths:
        result = analysis(path)
        if result.model is None:
            continue
        for clause in result.model.clauses.values():
            found.setdefault(clause.kind, []).append((path, clause))
    return found


_WRITTEN: dict[str, list[tuple[Path, model.Clause]]] = {}


@pytest.mark.parametrize("keyword", sorted(KINDS))
@pytest.mark.parametrize("locale", LOCALES)
def test_every_kind_is_worded_by_the_summary(keyword: str, locale: str) -> None:
    """The summary words every registered kind in every locale: none falls back to the
    generic line of a kind that words nothing ("Confidentiality clause “...”")."""
    from termlang.render.prose_more import generic_sentences
    from termlang.render.view import make_prose

    if not _WRITTEN:
        _WRITTEN.update(_written_clauses())
    assert _WRITTEN.get(keyword), f"no example or fixture writes a `{keyword}`"
    for path, clause in _WRITTEN[keyword]:
        prose = make_prose(analysis(path).model, locale)
        tail = prose._tail(clause)  # type: ignore[attr-defined]
        said = prose.clause_sentences(clause)
        assert said, f"{path.name}: `{clause.name}` says nothing in {locale}"
        assert said[0] != generic_sentences(prose, clause, tail)[0], (
            f"{path.name}: `{clause.name}` ({keyword}) falls back to the generic line in {locale}"
        )


def test_a_sentence_must_name_fields_of_its_kind() -> None:
    """A template slot that is not a field would drop its sentence silently: refused."""
    from termlang.lower.registry import Rendering

    typo = _assignment_like(
        "not_a_kind_either",
        render=Rendering(sentences={"en": (("{asigns} moves{window}.",),)}),
    )
    with pytest.raises(ValueError, match="asigns"):
        register(typo)
    assert "not_a_kind_either" not in KINDS
