"""Plain-language sentences about a model: the shared part of every language.

`Prose` knows the model (names, labels, static dates) and a `Formatter`; each language
(`prose_en.English`, `prose_fr.French`) subclasses it and writes whole sentences with its own
grammar: a French sentence is written in French, not assembled from English word order.

Conventions every language follows:

* a date expression is described as a noun phrase (`date_np`): "31 December 2032",
  "le 31 décembre 2032", "the earlier of ... and ...";
* a condition is described as a clause (`cond`): "AGI is declared ...",
  "l'événement « ... » se produit"; `cond_if` adds "if"/"unless";
* event labels are written by authors as sentences ("OpenAI completes its restructuring"),
  which English uses as they are and French quotes as the name of an event.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from termlang import ast
from termlang.checks.labels import is_sentence
from termlang.dates import bounds, static_env
from termlang.locales import Formatter
from termlang.model import AnyClause, CarveOut, Model, Step, Window
from termlang.values import Money, Multiple, Percent, Quantity

TARGET_METRICS = {
    "en": {"pue": "PUE", "renewable_share": "renewable energy share", "wue": "WUE"},
    "fr": {"pue": "PUE", "renewable_share": "part d'énergie renouvelable", "wue": "WUE"},
}


def capitalize(text: str) -> str:
    """Upper-case the first letter only ("intellectual property" -> "Intellectual property")."""
    return text[:1].upper() + text[1:] if text else text


def carve_cap(carve: CarveOut) -> tuple[Percent | None, str | None]:
    """A carve-out's cap and what it is a share of.

    Lowering currently stores `cap 20% of compute` as a `(Percent, "compute")` pair in `cap`
    (and leaves `cap_of` empty); accept both shapes.
    """
    cap: object = carve.cap
    if isinstance(cap, tuple):
        percent, of = cap
        return percent, of or carve.cap_of
    return (cap if isinstance(cap, Percent) else None), carve.cap_of


class Prose:
    """Sentences about one model in one language (abstract: see the subclasses)."""

    lang = "en"
    open_quote = "“"
    close_quote = "”"

    def __init__(self, model: Model, fmt: Formatter) -> None:
        self.model = model
        self.fmt = fmt
        self.env = static_env(model)

    # -- names --------------------------------------------------------------------------

    def quote(self, text: str) -> str:
        return f"{self.open_quote}{text}{self.close_quote}"

    def who(self, name: str | None) -> str:
        """A party or outside entity by its legal name; None is "any third party"."""
        if name is None or name == "any":
            return self.anyone()
        party = self.model.parties.get(name)
        if party is not None:
            return party.legal_name or party.name
        entity = self.model.entities.get(name)
        if entity is not None:
            return entity.legal_name or entity.name
        return name

    def whos(self, names: tuple[str, ...] | list[str]) -> str:
        return self.fmt.join([self.who(n) for n in names])

    def term_label(self, name: str) -> str:
        term = self.model.terms.get(name)
        if term is not None and term.label:
            return term.label
        return name.replace("_", " ")

    def thing(self, name: str) -> str:
        """An asset, scope or stream as it reads in a sentence."""
        return self.term_label(name)

    def things(self, names: tuple[str, ...]) -> str:
        return self.fmt.join([self.thing(n) for n in names])

    def event(self, name: str) -> str:
        """An event as it reads in a sentence (French adds « l'événement »)."""
        return self.event_label(name)

    def event_label(self, name: str) -> str:
        event = self.model.events.get(name)
        if event is not None and event.label:
            return event.label
        return name.replace("_", " ")

    def occurs(self, name: str) -> str:
        """An event as a clause of a sentence ("once ..."): its label when that is a sentence
        ("the definitive agreements are signed"), else the noun phrase and "takes place"
        (docs/templates.md, "Labels and phrases")."""
        label = self.event_label(name)
        return label if is_sentence(label) else f"{label} takes place"

    def clause_title(self, name: str) -> str:
        """A clause (or `clause.part`) by its label, quoted; the agreement as such."""
        if name == "agreement":
            return self.the_agreement()
        head, _, part = name.partition(".")
        clause = self.model.clauses.get(head)
        title = (clause.label if clause is not None else None) or head.replace("_", " ")
        if part:
            return f"{self.quote(title)} ({part.replace('_', ' ')})"
        return self.quote(title)

    # -- values -------------------------------------------------------------------------

    def value(self, value: object) -> str:
        match value:
            case Money():
                return self.fmt.money(value)
            case Percent():
                return self.fmt.percent(value)
            case Multiple():
                return self.fmt.multiple(value)
            case Quantity():
                return self.fmt.quantity(value)
            case ast.NumberLit(value=number):
                return self.fmt.number(number)
            case ast.PercentLit(value=number):
                return self.fmt.percent(Percent(number))
        from decimal import Decimal

        if isinstance(value, Decimal | int):
            return self.fmt.number(value)
        return str(value)

    def metric(self, name: str) -> str:
        return TARGET_METRICS[self.lang].get(name, name.replace("_", " "))

    def static_date(self, expr: ast.Expr | None) -> date | None:
        """The date an expression denotes whatever the scenario, if it is fixed."""
        if expr is None:
            return None
        lo, hi = bounds(expr, self.env)
        return lo if lo is not None and lo == hi else None

    # -- what every language writes -----------------------------------------------------

    def anyone(self) -> str:
        raise NotImplementedError

    def the_agreement(self) -> str:
        raise NotImplementedError

    def date_np(self, expr: ast.Expr) -> str:
        raise NotImplementedError

    def cond(self, expr: ast.Expr) -> str:
        raise NotImplementedError

    def cond_if(self, expr: ast.Expr) -> str:
        raise NotImplementedError

    def _group(self, expr: ast.Expr, kind: type) -> str:
        """A condition inside another of the other connective, in parentheses if it is a `kind`
        (`a and (b or c)`)."""
        text = self.cond(expr)
        return f"({text})" if isinstance(expr, kind) else text

    def _amount(self, expr: ast.Expr) -> str:
        """The amount a condition compares with, money in the locale's form."""
        if isinstance(expr, ast.MoneyLit):
            return self.fmt.money(Money(expr.currency, expr.amount))
        return self.value(expr)

    def window(self, clause: AnyClause) -> str:
        raise NotImplementedError

    def moment(self, expr: ast.Expr) -> str:
        """ "From 1 January 2030" / "Once X": the start of a step, capitalised."""
        raise NotImplementedError

    def clause_sentences(self, clause: AnyClause) -> list[str]:
        raise NotImplementedError

    def carve_out_sentence(self, clause: AnyClause, carve: object) -> str:
        raise NotImplementedError

    def tranche_sentence(self, tranche: object) -> str:
        raise NotImplementedError

    def target(self, target: Any) -> str:
        """An energy or efficiency target: "PUE of at most 1.2"."""
        raise NotImplementedError

    def consequences(self, clause: Any) -> str:
        """What a breach of an obligation does to other clauses."""
        raise NotImplementedError

    # -- helpers for subclasses ---------------------------------------------------------

    def has_window(self, window: Window | None, clause: AnyClause) -> bool:
        return window is not None or clause.ends_when is not None or clause.starts_when is not None

    def step_value(self, step: Step) -> str:
        if step.rate is not None:
            return self.fmt.percent(step.rate)
        if step.capacity is not None:
            return self.fmt.quantity(step.capacity)
        return ""
