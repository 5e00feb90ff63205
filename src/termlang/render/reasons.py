"""A `Reason` (evaluate/reasons.py) in a summary's language: one template per kind and locale.

The wording of every kind lives beside its arguments in `evaluate.reasons.KINDS` (`en`, `fr`);
this module only fills a template, formatting each argument by its declared type through the
locale's `Formatter` and `Prose` (labels for names, conditions worded, dates in long form,
amounts with the currency's minor units). Nothing here reads English back.

A reason of kind `text` (a plain string, from code that predates typed reasons) is shown as
it is, with names replaced by labels and ISO dates written out; its language is reported as
`en`, which the French no-English test flags.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from termlang.evaluate import reasons as r
from termlang.evaluate.reasons import KINDS, Reason, fill
from termlang.evaluate.status import Status
from termlang.locales import SLOT, elide_slots
from termlang.render import kinds
from termlang.render.prose import Prose
from termlang.values import Percent

# status words inside a reason ("although it would otherwise be lapsed")
_STATUS_FR: dict[str, str] = {  # keyed by `Status` (a str enum)
    Status.PENDING: "en attente",
    Status.ACTIVE: "en vigueur",
    Status.SIGNED: "signé",
    Status.FUNDED: "versée",
    Status.SUSPENDED: "suspendue",
    Status.EXPIRED: "expirée",
    Status.TERMINATED: "résiliée",
    Status.LAPSED: "caduque",
    Status.FULFILLED: "exécutée",
    Status.BREACHED: "violée",
    Status.WAIVED: "abandonnée par renonciation",
}
_PSEUDO = {
    "en": {"its": ("its", "their"), "sa": ("its", "their"), "son": ("its", "their")},
    "fr": {"its": ("sa", "leur"), "sa": ("sa", "leur"), "son": ("son", "leur")},
}
_NAMED_DATES = {
    "effective": ("the effective date", "date d'effet"),
    "long_stop": ("the long-stop date", "date butoir"),
}
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_NAME = re.compile(r"`([A-Za-z_][A-Za-z0-9_.]*)`")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


class Wording:
    """Words reasons for one model in one language."""

    def __init__(self, prose: Prose) -> None:
        self.prose = prose
        self.fmt = prose.fmt
        self.lang = prose.lang

    def reason(self, reason: Reason, *, plural: bool = False) -> tuple[str, str]:
        """(the reason in words, the language it is in: `en` for a `text` reason)."""
        text = self.words(reason, plural)
        if self.lang == "fr":
            text = text.replace(" :", "\u202f:").replace(" ;", "\u202f;")
        return text, ("en" if _has_text(reason) else self.lang)

    def words(self, reason: Reason, plural: bool = False) -> str:
        kind = KINDS.get(reason.kind)
        if kind is None or reason.kind == "text":
            return self.humanize(str(reason))
        template = kind.en if self.lang == "en" else kind.fr
        index = 1 if self.lang == "en" else 2

        def value_of(name: str) -> str | None:
            if name in _PSEUDO[self.lang] and name not in kind.args:
                one, many = _PSEUDO[self.lang][name]
                return many if plural else one
            value = reason.get(name)
            if value is None:
                return None
            arg_type = kind.args[name]
            if arg_type == r.WORD:
                return kind.words[name][value][index]
            if arg_type == r.CODE:
                return self.named_date(str(value))
            words = self.value(arg_type, value)
            return SLOT + words if self.lang == "fr" else words  # for elision, below

        text = fill(template, value_of)
        return elide_slots(text) if self.lang == "fr" else text

    # -- values by type -------------------------------------------------------------------

    def value(self, arg_type: str, value: Any) -> str:
        p, fmt, en = self.prose, self.fmt, self.lang == "en"
        match arg_type:
            case r.DATE:
                return fmt.date(value)
            case r.EVENT:
                return self.event(value)
            case r.EVENTS:
                return self.events(tuple(value))
            case r.NAMES:
                return fmt.join([p.thing(n) for n in value])
            case r.CLAUSE:
                return self.clause(value)
            case r.PARTY:
                if value == "everyone":
                    return "everyone" if en else "tous"
                return p.who(value)
            case r.MONEY | r.QUANTITY | r.AMOUNT | r.PERCENT | r.MULTIPLE:
                return p.value(value)
            case r.DURATION:
                return fmt.duration(value)
            case r.PER:
                if value.amount == 1:
                    return fmt.duration(value).split(" ", 1)[1]
                return fmt.duration(value)
            case r.PERCENTS:
                return (
                    " then ".join(fmt.percent(v) for v in value)
                    if en
                    else " puis ".join(fmt.percent(v) for v in value)
                )
            case r.PERIOD:
                return self.period(str(value))
            case r.COND:
                return p.cond(value)
            case r.STATUS:
                return str(value) if en else _STATUS_FR.get(str(value), str(value))
            case r.REASON:
                return self.words(value)
            case r.REASONS:
                return fmt.join([self.words(v) for v in value])
            case r.CODE:
                return ""
            case r.OCCURRENCE:
                return p.quote(str(value))
            case r.METRIC:
                return p.metric(str(value))
            case r.THING:  # quoted once: French `thing` quotes already
                return p.quote(p.term_label(str(value)))
            case r.THINGS:
                return fmt.join([p.quote(p.term_label(n)) for n in value])
            case r.PARTIES:
                return fmt.join([p.who(n) for n in value])
            case r.UNITS:
                return fmt.number(value)
            case r.SHARE:
                return fmt.percent(Percent(value))
            case r.HOLDER:
                words = r.CAP_ROWS.get(str(value))
                return p.who(str(value)) if words is None else words[1 if en else 2]
            case r.ROWS:
                return ("; " if en else " ; ").join(self.words(v) for v in value)
        return str(value)

    def named_date(self, written: str) -> str | None:
        """A date written as the agreement's own (`effective`, `long_stop`), in words; None
        for any other expression (the date itself is already said)."""
        words = _NAMED_DATES.get(written)
        return None if words is None else words[0 if self.lang == "en" else 1]

    def event(self, name: str) -> str:
        label = self.prose.event_label(name)
        return label if self.lang == "en" else f"l'événement {self.prose.quote(label)}"

    def events(self, names: tuple[str, ...]) -> str:
        """Events that occurred: a sentence label as it is, a noun phrase + "takes place"."""
        labels = [self.prose.event_label(n) for n in names]
        if self.lang == "en":
            return self.fmt.join([self.prose.occurs(n) for n in names])
        quoted = self.fmt.join([self.prose.quote(label) for label in labels])
        if len(labels) == 1:
            return f"l'événement {quoted} est survenu"
        return f"les événements {quoted} sont survenus"

    def clause(self, name: str) -> str:
        head, _, part = name.partition(".")
        p = self.prose
        title = p.clause_title(head)
        if not part:
            return title
        clause = p.model.clauses.get(head)
        spec = kinds.rendering(clause.kind) if clause is not None else None
        noun = (spec.part if spec is not None else {}).get(self.lang)  # its registry entry
        shown = p.quote(part.replace("_", " "))
        if self.lang == "en":
            return f"{noun or 'part'} {shown} of {title}"
        return f"{noun or 'la partie'} {shown} de {title}"

    def period(self, text: str) -> str:
        """`2026-Q1` -> `Q1 2026` / `T1 2026`; `2026-03` -> `March 2026` / `mars 2026`."""
        return period_words(text, self.lang, self.fmt.babel)

    # -- plain text (kind `text`) ---------------------------------------------------------

    def humanize(self, text: str) -> str:
        """Engine wording with labels for names and dates written out."""
        text = _DATE.sub(lambda mt: self.fmt.date(date.fromisoformat(mt.group(1))), text)
        return _NAME.sub(lambda mt: self._name(mt.group(1)), text)

    def _name(self, name: str) -> str:
        m = self.prose.model
        if name in m.events:
            return self.event(name)
        if name in m.parties or name in m.entities:
            return self.prose.who(name)
        if name in m.terms:
            return self.prose.quote(self.prose.term_label(name))
        if name.partition(".")[0] in m.clauses:
            return self.clause(name)
        return name.replace("_", " ")


def period_words(text: str, lang: str, babel: str) -> str:
    """A period's canonical text (`2026-Q1`, `2026-03`, `2026`) in words for `lang`."""
    quarter = _QUARTER.fullmatch(text)
    if quarter:
        return f"{'Q' if lang == 'en' else 'T'}{quarter[2]} {quarter[1]}"
    month = _MONTH.fullmatch(text)
    if month:
        from babel.dates import format_date

        day = date(int(month[1]), int(month[2]), 1)
        return str(format_date(day, format="MMMM y", locale=babel))
    return text


def reference() -> str:
    """The table of every reason kind for docs/templates.md (kept in step by a test)."""
    rows = ["| type | holds, and how it is shown |", "|---|---|"]
    rows += [f"| `{name}` | {text} |" for name, text in r.TYPE_DOCS.items()]
    rows += ["", "| kind | arguments (type) | English wording |", "|---|---|---|"]
    for kind in KINDS.values():
        args = ", ".join(f"`{name}` ({arg_type})" for name, arg_type in kind.args.items())
        wording = kind.en.replace("|", "\\|")
        rows.append(f"| `{kind.name}` | {args or '—'} | {wording} |")
    return "\n".join(rows) + "\n"


def _has_text(reason: Reason) -> bool:
    if reason.kind == "text" or reason.kind not in KINDS:
        return True
    for _, value in reason.args:
        if isinstance(value, Reason) and _has_text(value):
            return True
        if isinstance(value, tuple) and any(isinstance(v, Reason) and _has_text(v) for v in value):
            return True
    return False
