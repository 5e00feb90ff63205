"""The clause-kind registry: one entry per kind, everything the toolchain knows about it.

As sqlglot's expression classes carry their key and argument types, a `ClauseKind` carries
its keyword, its model class, its schema (the fields, with the kinds of declaration a field's
names refer to, which `resolve` reads), the per-kind step of lowering, the name of its
evaluation handler, the check modules that concern it and its words in each locale. Summaries
(`render/labels.py`), redlines (`diff/words.py`), editors (`highlight`, `lsp/`) and `resolve`
read the kinds from here; nothing else keeps a table of clause kinds.

The registry sits with lowering and imports nothing above it: the evaluator and the checks
are named, not imported (`handler` is a key evaluate/ looks up; `checks` are module names of
`termlang.checks`), so `termlang check` does not load the interpreter or the renderer.

A kind is declared in its own module in `lower/kinds/` (found there without a list to edit)
or, for the kinds that predate the registry, in `lower/clauses.py`; `register` adds it. See
CONTRIBUTING.md, "How to add a clause kind".
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from termlang import ast, model
from termlang.source import Span

if TYPE_CHECKING:
    from termlang.lower.lowerer import Lowerer
    from termlang.lower.schema import Schema

# The locales every kind is worded in (render/locale.py and diff/ read the same two).
LOCALES = ("en", "fr")

# Handler of the kinds that have no evaluation of their own: the clause lifecycle every kind
# shares (window, `starts_when`, `ends_when`, termination, survival) is all they need.
LIFECYCLE = "lifecycle"

# The per-kind step of lowering, after the fields are read: it may reshape `values` (one line
# that sets several model attributes) or report a rule across fields, returning False when the
# clause cannot be built (it is then kept as `model.Broken`, its name still resolving).
LowerHook = Callable[["Lowerer", "Draft"], bool]


@attrs.define(kw_only=True)
class Draft:
    """A clause between its fields and its model class, as a kind's `lower` step sees it:
    `values` become the model's keyword arguments, `spans` their lines."""

    item: ast.Item
    name: str | None
    name_span: Span | None
    values: dict[str, Any]
    spans: dict[str, Span]


@attrs.frozen(kw_only=True)
class Words:
    """How one locale names a kind: the summary heading, the noun in running text (a redline,
    a message), its plural, and its grammatical gender where the language has one."""

    title: str
    noun: str
    plural: str
    gender: str | None = None  # "m" or "f" in French


@attrs.frozen(kw_only=True)
class Rendering:
    """What summaries, charts and redlines need of a kind, as data: lower sits below render, so
    a kind says what to show and render/ words it (render/kinds.py).

    `sentences[locale]` is the kind's summary paragraph: a tuple of sentences, each a tuple of
    alternative templates, the first whose slots all have a value being said (none: the
    sentence is left out). A slot is a schema key (`{binds}`), worded by what the field holds:
    parties by their legal names, assets, scopes and streams by their labels, dates and
    conditions as phrases, amounts and durations by the locale's formatter, strings as
    written; `{window}` is the clause's window (", from ... until ..."), possibly empty;
    `{binds:s'engage|s'engagent}` is the word that agrees with the number of names in `binds`.
    `fields[locale]` names the kind's own fields in redlines (French: noun and gender).
    """

    # the field naming the party a chart bar is drawn under (the first of several)
    holder: str | None = None
    # the fields naming the parties a summary lists under the clause, in this order
    # (`shares.party`: the `party` of each share); none: the usual party fields
    parties: tuple[str, ...] = ()
    # the colour of the kind's bars in the chart (None: neutral grey)
    colour: str | None = None
    # how the chart draws it: BARS (the stretches in force), TRANCHES (a dot per tranche
    # paid, a cross per tranche lapsed) or None (no row: a termination ends others)
    chart: str | None = "bars"
    # what a named part of the clause is called (`x.second`), per locale, with its article in
    # French: {"en": "tranche", "fr": "la tranche"}; none: "part", "la partie"
    part: Mapping[str, str] = MappingProxyType({})
    sentences: Mapping[str, tuple[tuple[str, ...], ...]] = MappingProxyType({})
    fields: Mapping[str, Mapping[str, Any]] = MappingProxyType({})


@attrs.frozen(kw_only=True)
class ClauseKind:
    """Everything about one clause kind; `keyword` is what a `.term` file writes."""

    keyword: str
    model: type[model.Clause]
    schema: Schema
    words: Mapping[str, Words]
    # the key evaluate/ registers this kind's handler under (LIFECYCLE: no handler of its own)
    handler: str
    # the modules of termlang.checks that check this kind (the registry test holds them real)
    checks: tuple[str, ...] = ()
    lower: LowerHook | None = None
    render: Rendering = Rendering()


# Chart rows (`Rendering.chart`)
BARS = "bars"
TRANCHES = "tranches"

_KINDS: dict[str, ClauseKind] = {}
# Every clause kind by keyword, in declaration order (read-only).
KINDS: Mapping[str, ClauseKind] = MappingProxyType(_KINDS)


def register(kind: ClauseKind) -> ClauseKind:
    """Add a kind to the registry (once: a second kind with one keyword is a mistake)."""
    if kind.keyword in _KINDS:
        raise ValueError(f"clause kind `{kind.keyword}` is registered twice")
    missing = [loc for loc in LOCALES if loc not in kind.words]
    if missing:
        raise ValueError(f"clause kind `{kind.keyword}` has no words in {missing}")
    # `with` is a Python keyword: schemas are written with `with_` and read with `with`
    schema = MappingProxyType({("with" if k == "with_" else k): v for k, v in kind.schema.items()})
    for locale, sentences in kind.render.sentences.items():
        for template in (t for alternatives in sentences for t in alternatives):
            unknown = [s for s in _slots(template) if s != "window" and s not in schema]
            if unknown:
                raise ValueError(
                    f"clause kind `{kind.keyword}`: its {locale} sentence names no field "
                    f"{unknown}: {template!r}"
                )
    _KINDS[kind.keyword] = attrs.evolve(kind, schema=schema)
    return _KINDS[kind.keyword]


def _slots(template: str) -> list[str]:
    """The fields a sentence template names (`{binds}`, `{binds:one|many}`)."""
    return [slot for _, slot, _, _ in string.Formatter().parse(template) if slot is not None]


def words(en: tuple[str, str, str], fr: tuple[str, str, str, str]) -> MappingProxyType[str, Words]:
    """`words(en=(title, noun, plural), fr=(title, noun, plural, gender))`."""
    return MappingProxyType(
        {
            "en": Words(title=en[0], noun=en[1], plural=en[2]),
            "fr": Words(title=fr[0], noun=fr[1], plural=fr[2], gender=fr[3]),
        }
    )


def titles(locale: str) -> dict[str, str]:
    """The summary heading of every kind in `locale` (render/labels.py)."""
    return {k: kind.words[locale].title for k, kind in KINDS.items()}


def a_noun(keyword: str) -> str:
    """The kind's English noun with its indefinite article: `a revenue share`, `an allocation`."""
    noun = KINDS[keyword].words["en"].noun
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def nouns(locale: str) -> dict[str, tuple[str, str | None]]:
    """The noun and gender of every kind in `locale` (diff/words.py)."""
    return {k: (kind.words[locale].noun, kind.words[locale].gender) for k, kind in KINDS.items()}


def field_words(locale: str) -> dict[tuple[str, str], Any]:
    """`(kind, field)` -> how redlines name a kind's own field in `locale` (diff/words.py)."""
    return {
        (keyword, field): said
        for keyword, kind in KINDS.items()
        for field, said in kind.render.fields.get(locale, {}).items()
    }


class _ClauseTable(Mapping[str, tuple[type, "Schema"]]):
    """`CLAUSES[keyword] == (model class, schema)`: the registry as the readers written before
    it see it (editors, highlighting, tests); always current, since it reads `KINDS`."""

    def __getitem__(self, keyword: str) -> tuple[type, Schema]:
        kind = KINDS[keyword]
        return kind.model, kind.schema

    def __iter__(self) -> Iterator[str]:
        return iter(KINDS)

    def __len__(self) -> int:
        return len(KINDS)


CLAUSES: Mapping[str, tuple[type, Schema]] = _ClauseTable()
