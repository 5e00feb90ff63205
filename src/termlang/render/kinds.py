"""What the clause-kind registry tells summaries and charts, worded: the render hook.

A kind's `Rendering` (lower/registry.py) is data, since lower sits below render: the field
naming the party a chart bar is drawn under, the fields naming its parties, its chart colour
and its sentences as templates per locale. This module fills the templates: each slot is a
schema key, worded by what the field refers to (a party by its legal name, a scope by its
label, a date expression as a phrase) or by its value's type (the locale's `Formatter`), so a
kind in its own module is summarised in English and French without code in render/.
"""

from __future__ import annotations

import string
from typing import Any

import termlang.lower  # noqa: F401  (importing it registers every clause kind)
from termlang import ast
from termlang.locales import elide
from termlang.lower.registry import BARS, KINDS, Rendering
from termlang.render.prose import Prose, capitalize
from termlang.values import Duration, Money, Multiple, Percent, Quantity

NEUTRAL = "#555555"  # the bars of a kind that names no colour
WINDOW = "window"  # the slot for the clause's window (", from ... until ...")

_PARTIES = ("party", "entity")
_TERMS = ("asset", "scope", "stream")


def rendering(kind: str) -> Rendering | None:
    """The kind's `Rendering`, None for a keyword the registry does not know."""
    entry = KINDS.get(kind)
    return entry.render if entry is not None else None


def colours() -> dict[str, str]:
    """The chart colour of every kind that names one."""
    return {k: kind.render.colour for k, kind in KINDS.items() if kind.render.colour}


def chart_row(kind: str) -> str | None:
    """How the chart draws a clause of `kind` (`Rendering.chart`; a kind the registry does
    not know: bars)."""
    spec = rendering(kind)
    return spec.chart if spec is not None else BARS


def holder(clause: Any) -> str | None:
    """The party a clause's bar is drawn under in the chart (who benefits from it)."""
    spec = rendering(clause.kind)
    if spec is None or spec.holder is None:
        return None
    value = getattr(clause, spec.holder, None)
    if isinstance(value, tuple):
        return value[0] if value else None
    return value if isinstance(value, str) else None


def named(clause: Any, field: str) -> list[str]:
    """The names a field holds: one, several, or (`shares.party`) the `party` of each of the
    clause's `shares`."""
    head, _, part = field.partition(".")
    value = getattr(clause, head, None)
    items = (value,) if isinstance(value, str) else value or ()
    if part:
        items = tuple(getattr(item, part, None) for item in items)
    return [item for item in items if isinstance(item, str)]


def sentences(prose: Prose, clause: Any, tail: str) -> list[str]:
    """The kind's sentences in `prose`'s language: for each, the first template whose slots
    all have a value; a sentence none of whose templates can be filled is left out."""
    spec = rendering(clause.kind)
    if spec is None:
        return []
    out: list[str] = []
    for alternatives in spec.sentences.get(prose.lang, ()):
        for template in alternatives:
            text = fill(prose, clause, template, tail)
            if text is not None:
                out.append(text if _names_first(clause, template) else capitalize(text))
                break
    return out


def _names_first(clause: Any, template: str) -> bool:
    """The template starts with a party's name, which keeps its own case ("eBay Inc.")."""
    literal, slot, _spec, _conv = next(iter(string.Formatter().parse(template)), ("", None, "", ""))
    if literal or slot is None or slot == WINDOW:
        return False
    spec = KINDS[clause.kind].schema.get(slot)
    return spec is not None and any(r in _PARTIES for r in spec.refers)


def fill(prose: Prose, clause: Any, template: str, tail: str) -> str | None:
    """`template` with its slots worded, None when a slot (other than `{window}`) is empty."""
    parts: list[str] = []
    for literal, slot, spec, _conv in string.Formatter().parse(template):
        parts.append(literal)
        if slot is None:
            continue
        if slot == WINDOW:
            parts.append(tail)
            continue
        words = agreeing(clause, slot, spec) if spec else slot_words(prose, clause, slot)
        if words is None:
            return None
        before = "".join(parts)
        parts = [elide(before, words) if prose.lang == "fr" else before + words]
    return "".join(parts)


def agreeing(clause: Any, key: str, spec: str) -> str | None:
    """`{binds:s'engage|s'engagent}`: the word that agrees in number with the field `key`
    (one name, or several); None when the field is not set."""
    one, _, many = spec.partition("|")
    value = getattr(clause, _attr(clause, key), None)
    if value is None or value == ():
        return None
    return one if not isinstance(value, tuple) or len(value) == 1 else many


def _attr(clause: Any, key: str) -> str:
    spec = KINDS[clause.kind].schema.get(key)
    return (spec.attr if spec is not None else None) or key


def slot_words(prose: Prose, clause: Any, key: str) -> str | None:
    """The value of the field `key` of `clause` in words; None when it is not set."""
    kind = KINDS[clause.kind]
    spec = kind.schema.get(key)
    refers: tuple[str, ...] = spec.refers if spec is not None else ()
    value = getattr(clause, _attr(clause, key), None)
    if value is None or value == () or value is False:
        return None
    names = value if isinstance(value, tuple) else (value,)
    if any(r in _PARTIES for r in refers):
        return prose.whos(names)
    if any(r in _TERMS for r in refers):
        return prose.things(names)
    if "clause" in refers:
        return prose.fmt.join([prose.clause_title(n) for n in names])
    if "event" in refers:
        return prose.fmt.join([prose.quote(prose.event_label(n)) for n in names])
    if isinstance(value, ast.Expr):
        return prose.cond(value) if "condition" in refers else prose.date_np(value)
    return prose.fmt.join([_value(prose, v) for v in names])


def _value(prose: Prose, value: object) -> str:
    match value:
        case Duration():
            return prose.fmt.duration(value)
        case Money() | Percent() | Multiple() | Quantity():
            return prose.value(value)
        case str():
            # what the agreement says in its words: French quotes it, as it does labels
            return prose.quote(value) if prose.lang == "fr" else value
    return prose.value(value)
