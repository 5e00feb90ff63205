"""Words for the scenario facts of issue 12, in English and French: clauses that apply to each
occurrence of a recurring event, rounds (and who is bound by them), aggregates in
conditions, and the timeline entries of readings, third-party acts and round totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from termlang import ast, model
from termlang.dates import duration_of
from termlang.locales import elide
from termlang.render.prose import TARGET_METRICS, Prose, capitalize
from termlang.values import Money, Percent, Quantity

_CALENDAR = {
    "en": {"year": "calendar year", "half": "half-year", "quarter": "quarter", "month": "month"},
    "fr": {"year": "année civile", "half": "semestre", "quarter": "trimestre", "month": "mois"},
}
_COMPARE = {
    "en": {
        ">=": "reaches",
        ">": "exceeds",
        "<": "is below",
        "<=": "is at most",
        "==": "equals",
        "!=": "differs from",
    },
    "fr": {
        ">=": "atteint",
        ">": "dépasse",
        "<": "est inférieur à",
        "<=": "est au plus",
        "==": "est égal à",
        "!=": "diffère de",
    },
}


def each_sentences(p: Prose, clause: Any) -> list[str]:
    """The sentence that says a clause applies per occurrence (`each model_release`)."""
    each = getattr(clause, "each", None)
    if not each:
        return []
    event = p.quote(p.event_label(each))
    if p.lang == "en":
        text = f"This applies to each occurrence of {event}, separately"
        if clause.kind == "priority_access" and clause.lead_time is not None:
            text += ": the lead time runs from each one"
        return [f"{text}."]
    text = f"Cela s'applique à chaque occurrence de l'événement {event}, séparément"
    if clause.kind == "priority_access" and clause.lead_time is not None:
        text += "\u202f: le délai d'avance court à compter de chacune"
    return [f"{text}."]


_ATTRIBUTES = {"en": {"ga": "general availability"}, "fr": {"ga": "disponibilité générale"}}


def attribute_np(p: Prose, name: str) -> str | None:
    """`model_release.ga` as a date: "the general availability of each occurrence of ..."."""
    head, dot, attribute = name.partition(".")
    event = p.model.events.get(head) if dot else None
    if event is None or not event.recurring:
        return None
    what = _ATTRIBUTES[p.lang].get(attribute, attribute)
    label = p.quote(p.event_label(head))
    if p.lang == "en":
        return f"the date of {what} of each occurrence of {label}"
    return f"la date de {what} de chaque occurrence de l'événement {label}"


def round_sentences(p: Prose, c: Any, tail: str) -> list[str]:
    """A round: its size, its investors, and which of them are bound by the agreement."""
    if c.kind != "round":
        return []
    en = p.lang == "en"
    f = p.fmt
    size: list[str] = []
    if c.maximum is not None:
        size.append(f"up to {f.money(c.maximum)}" if en else f"jusqu'à {f.money(c.maximum)}")
    if c.target is not None:
        size.append(
            f"with a target of {f.money(c.target)}"
            if en
            else f"avec un objectif de {f.money(c.target)}"
        )
    investors: list[str] = []
    for name in c.investments:
        inv = p.model.clauses.get(name)
        investor = getattr(inv, "investor", None)
        if investor and investor not in investors:
            investors.append(investor)
    bound = [i for i in investors if i in p.model.parties]
    outside = [i for i in investors if i not in p.model.parties]
    out = [
        f"{p.who(c.issuer)} raises {' '.join(size)} from {f.join([p.who(i) for i in investors])}"
        f"{tail}."
        if en
        else f"{p.who(c.issuer)} lève {' '.join(size)} auprès de "
        f"{f.join([p.who(i) for i in investors])}{tail}."
    ]
    if outside:
        names = f.join([p.who(i) for i in outside])
        parties = f.join([p.who(i) for i in bound]) if bound else None
        if en:
            text = f"{names} {'is' if len(outside) == 1 else 'are'} not a party and not bound"
            text += (
                f" by this agreement; {parties} {'is' if len(bound) == 1 else 'are'}."
                if (parties)
                else " by this agreement."
            )
        else:
            text = f"{names} n'{'est' if len(outside) == 1 else 'sont'} pas partie"
            text += f"{'' if len(outside) == 1 else 's'} à cet accord et n'y "
            text += f"{'est' if len(outside) == 1 else 'sont'} pas tenu"
            text += f"{'' if len(outside) == 1 else 's'}"
            text += (
                f"\u202f; {parties} le {'est' if len(bound) == 1 else 'sont'}."
                if (parties)
                else "."
            )
        out.append(capitalize(text))
    if c.closes is not None:
        out.append(
            f"The round is totalled on {p.date_np(c.closes)}."
            if en
            else f"Date d'arrêté du tour\u202f: {p.date_np(c.closes)}."
        )
    return out


def aggregate_cond(p: Prose, expr: ast.Compare) -> str | None:
    """`sum of funding over any 12 months >= USD 1M` as a clause, or None if not one."""
    call = expr.left
    if not isinstance(call, ast.Call) or call.func not in ("sum", "count") or len(call.args) != 3:
        return None
    subject, window, _ = call.args
    en = p.lang == "en"
    of = None
    name = subject.name if isinstance(subject, ast.Ref) else getattr(subject, "func", "")
    if isinstance(subject, ast.Call) and subject.args and isinstance(subject.args[0], ast.Ref):
        of = subject.args[0].name
    if name == "funding":
        what = "the funding received" if en else "le financement reçu"
        if of:
            who = p.who(of) if of in p.model.parties or of in p.model.entities else None
            who = who or p.clause_title(of)
            what += f" from {who}" if en else elide(" de ", who)
    elif name in ("deals", "grants"):
        noun = {
            ("deals", True): "the number of third-party deals",
            ("grants", True): "the number of licences granted to others",
            ("deals", False): "le nombre d'opérations avec des tiers",
            ("grants", False): "le nombre de licences concédées à des tiers",
        }[(name, en)]
        what = noun + ((f" of {p.who(of)}" if en else elide(" de ", p.who(of))) if of else "")
    elif name == "revenue" and of:  # `sum of revenue(STREAM)`: evaluate/aggregates.py
        what = f"the revenue of {p.thing(of)}" if en else f"le chiffre d'affaires de {p.thing(of)}"
    else:
        label = p.quote(p.event_label(name))
        what = f"the number of times {label}" if en else f"le nombre d'occurrences de {label}"
        if call.func == "sum" and en:
            what = f"the number of times {label}"
    if call.func == "count" and name == "funding":
        what = "the number of fundings" if en else "le nombre de financements"
    if isinstance(window, ast.QuantityLit):
        duration = duration_of(window)
        span = p.fmt.duration(duration) if duration else f"{window.amount} {window.unit}"
        period = f"within some period of {span}" if en else f"sur une période de {span}"
    else:
        unit = _CALENDAR[p.lang].get(getattr(window, "name", "year"), "year")
        period = f"in some {unit}" if en else f"sur un même {unit}"
        if not en and unit in ("année civile",):
            period = "sur une même année civile"
    right = expr.right
    if isinstance(right, ast.MoneyLit):
        from termlang.values import Money

        amount = p.fmt.money(Money(right.currency, right.amount))
    elif isinstance(right, ast.NumberLit):
        amount = p.fmt.count(int(right.value)) if right.value == int(right.value) else str(right)
    else:
        amount = "a threshold" if en else "un seuil"
    return f"{what} {period} {_COMPARE[p.lang].get(expr.op, expr.op)} {amount}"


def occurrence_thing(p: Prose, name: str) -> str | None:
    """`frontier_models.gpt_5`: the asset of one occurrence, in words (None: not one)."""
    head, dot, part = name.partition(".")
    if not dot or head not in p.model.terms:
        return None
    asset = p.quote(p.term_label(head))
    return (
        f"{asset} (release {p.quote(part)})"
        if p.lang == "en"
        else (f"{asset} (version {p.quote(part)})")
    )


def occurrence_subject(p: Prose, head: str, part: str) -> str | None:
    """`msft_frontier_access.gpt_5` in words, when the clause applies to each occurrence."""
    clause = p.model.clauses.get(head)
    if clause is None or not getattr(clause, "each", None):
        return None
    title = p.clause_title(head)
    return f"{title} for {p.quote(part)}" if p.lang == "en" else f"{title} pour {p.quote(part)}"


def _figure(p: Prose, value: Any) -> str:
    """A reading, a threshold or a gap in the summary's words."""
    match value:
        case Money():
            return p.fmt.money(value)
        case Quantity():
            return p.fmt.quantity(value)
        case Percent():
            return p.fmt.percent(value)
        case Decimal() | int():
            return p.fmt.number(value)
    return str(value)


def fact_sentence(p: Prose, c: Any) -> str | None:
    """One timeline sentence for a reading, a third-party act or a round total."""
    en = p.lang == "en"
    value = c.value
    if value is None:
        return None
    if c.aspect == "observed":
        head, _, metric = c.subject.partition(".")
        title = p.clause_title(head)
        metric = TARGET_METRICS[p.lang].get(metric, metric)
        what = (
            (f"{metric} under {title}" if en else f"{metric} au titre de {title}")
            if (metric)
            else (f"delivery under {title}" if en else f"livraison au titre de {title}")
        )
        figure = "no reading" if value.figure is None else _figure(p, value.figure)
        period = _period_words(p, value.period)
        gap = _figure(p, value.gap) if value.gap is not None else ""
        if value.outcome == "met":
            return (
                f"{capitalize(what)} {period}: {figure}, met."
                if en
                else (f"{capitalize(what)} {period}\u202f: {figure}, atteint.")
            )
        if value.outcome == "missed":
            return (
                f"{capitalize(what)} {period}: {figure}, missed by {gap}."
                if en
                else f"{capitalize(what)} {period}\u202f: {figure}, manqué de {gap}."
            )
        return (
            f"{capitalize(what)} {period}: unknown (no reading, not zero)."
            if en
            else f"{capitalize(what)} {period}\u202f: inconnu (aucune mesure, pas zéro)."
        )
    if c.aspect == "act":
        party, other = p.who(value.party), p.who(value.counterparty)
        noun = "La concession" if value.verb == "grant" else "L'opération"
        act = (
            f"{party}'s {value.verb} with {other}"
            if en
            else f"{elide(f'{noun} de ', party)} avec {other}"
        )
        if value.clause is None:
            return f"{capitalize(act)} is permitted." if en else f"{act} est permise."
        title = p.clause_title(value.clause)
        if value.permitted:
            # a licence's verdict is worded by its typed reason (evaluate/grants.py)
            licence = isinstance(p.model.clauses.get(value.clause), model.Licence)
            via = f" ({_via(p, value.via)})" if value.via and not licence else ""
            return (
                f"{capitalize(act)} is permitted under {title}{via}."
                if en
                else (f"{act} est permise au titre de {title}{via}.")
            )
        return f"{capitalize(act)} breaches {title}." if en else f"{act} viole {title}."
    if c.aspect in ("subscription", "raised"):
        title = p.clause_title(c.subject)
        total = p.fmt.money(value.total)
        gap = p.fmt.money(value.gap) if value.gap is not None else ""
        verb = (
            ("is subscribed at" if en else "est souscrit à hauteur de")
            if c.aspect == "subscription"
            else ("has raised" if en else "a levé")
        )
        text = f"{title} {verb} {total}"
        if value.verdict == "over":
            text += f", over-subscribed by {gap}" if en else f", sursouscrit de {gap}"
        elif value.verdict == "under":
            text += f", under-subscribed by {gap}" if en else f", sous-souscrit de {gap}"
        return capitalize(text) + "."
    return None


FACT_ASPECTS = frozenset({"observed", "act", "subscription", "raised"})


def _period_words(p: Prose, period: str) -> str:
    """A verdict's period with its preposition: `for 2027`; `from 2026-01-01` (no reading
    since then) with the date in words."""
    if period.startswith("from "):
        day = p.fmt.date(date.fromisoformat(period.removeprefix("from ")))
        return f"from {day}" if p.lang == "en" else f"à compter du {day}"
    return f"for {period}" if p.lang == "en" else f"pour {period}"


_ROFR_STATES = {
    "accepted": ("accepted", "acceptée"),
    "declined": ("declined", "refusée"),
    "lapsed": ("lapsed", "caduque"),
}


def _via(p: Prose, via: str) -> str:
    """What permitted an act (`carve-out clause.part`, `ROFR declined`), in words."""
    en = p.lang == "en"
    if via.startswith("carve-out "):
        part = p.quote(via.removeprefix("carve-out ").partition(".")[2].replace("_", " "))
        return f"carve-out {part}" if en else f"exception {part}"
    state = via.removeprefix("ROFR ")
    words = _ROFR_STATES.get(state, (state, state))
    return (
        f"right of first refusal: offer {words[0]}"
        if en
        else f"droit de préférence : offre {words[1]}"
    )
