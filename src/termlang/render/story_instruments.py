"""The story's sentences for the changes of convertible instruments (notes, SAFEs, SAFTs):
elections, qualification, cap tables, conversions.

Kept beside `story.py` so that the instrument shapes live in one place: `story.py` asks
`sentence` for the aspects listed in `ASPECTS`. Their reasons are typed (evaluate/reasons.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ASPECTS = frozenset({"election", "qualification", "cap_table", "amendment", "liquidation"})

_UNITS_FR = {"shares": ("action", "actions"), "tokens": ("jeton", "jetons")}


def units_fr(unit: str, plural: bool = True) -> str:
    """`shares` → `actions`, `tokens` → `jetons`; another unit keeps its name."""
    one, many = _UNITS_FR.get(unit, (unit, unit))
    return many if plural else one


def sentence(c: Any, title: str, en: bool, number: Callable[[Any], str]) -> str | None:
    """The story's sentence for an instrument change (`ASPECTS`, and a conversion in units)."""
    value = c.value
    if c.aspect == "election":
        words = {
            "open": (
                "The holder's election under {t} opens.",
                "L'option du porteur au titre de {t} est ouverte.",
            ),
            "exercised": (
                "The holder exercises its election under {t}.",
                "Le porteur exerce son option au titre de {t}.",
            ),
            "expired": (
                "The holder's election under {t} expires.",
                "L'option du porteur au titre de {t} expire.",
            ),
        }.get(c.new)
        return None if words is None else words[0 if en else 1].format(t=title)
    if c.aspect == "amendment":
        series = c.subject.replace("_", " ")
        if c.new == "binding":
            return (
                f"The amendment of {series} binds every holder."
                if en
                else f"La modification de la série {series} lie tous les porteurs."
            )
        return (
            f"The amendment of {series} lacks the consent it needs."
            if en
            else f"La modification de la série {series} n'a pas le consentement requis."
        )
    if c.aspect == "qualification":
        return (
            f"The financing does not qualify under {title}."
            if en
            else f"Le financement n'est pas qualifié au titre de {title}."
        )
    if c.aspect == "liquidation" and value is not None:
        left = f"{value.residual.currency} {number(value.residual.amount)}"
        return (
            f"The proceeds of the dissolution are paid by rank, senior first; {left} is left "
            "for common holders."
            if en
            else f"Le produit de la dissolution est payé par rang, les prioritaires d'abord ; "
            f"{left} restent aux porteurs d'actions ordinaires."
        )
    if c.aspect == "cap_table" and value is not None:
        total = sum(u for _, u, _ in value.rows)
        return (
            f"After the round the capitalization is {number(total)} shares."
            if en
            else f"Après le tour, la capitalisation est de {number(total)} actions."
        )
    if (
        c.aspect == "conversion"
        and value is not None
        and value.event
        in (
            "qualified_financing",
            "maturity",
        )
    ):
        count = number(value.issued if value.issued is not None else value.shares)
        if value.event == "maturity" and not value.shares and value.issued is None:
            return None  # repaid: told by its `repaid` entry
        return (
            f"{title} converts into {count} {value.units}."
            if en
            else f"{title} est converti en {count} {units_fr(value.units)}."
        )
    return None


_CAP_ROWS = {
    "existing_holders": ("existing holders (fully diluted)", "actionnaires existants (dilué)"),
    "pool_increase": ("option pool increase", "augmentation du pool d'options"),
    "new_investors": ("new investors", "nouveaux investisseurs"),
}


def cap_tables(prose: Any, state: Any) -> list[dict[str, Any]]:
    """The view's `cap_tables`: after each priced round, holders, units and percentages."""
    fmt, en = prose.fmt, prose.lang == "en"
    out = []
    for event, cap in state.cap_tables.items():
        rows = []
        for holder, units, percent in cap.rows:
            words = _CAP_ROWS.get(holder)
            who = (words[0] if en else words[1]) if words else prose.who(holder)
            shown = f"{percent:.2f}" if en else f"{percent:.2f}".replace(".", ",")
            rows.append({"holder": who, "units": fmt.number(units), "percent": shown})
        label, on = prose.event_label(event), fmt.date(cap.on)
        out.append(
            {
                "event": event,
                "event_label": label,
                "date": on,
                # the words travel with the table (render/labels.py is shared by every kind)
                "title": f"Cap table after {label} ({on})"
                if en
                else f"Table de capitalisation après {label} ({on})",
                "headers": ["holder", "units", "%"] if en else ["porteur", "titres", "%"],
                "rows": rows,
            }
        )
    return out


_FRACTIONS = {
    "round_down": (
        "rounded down, the fraction paid in cash",
        "arrondis à l'unité inférieure, la fraction étant payée en numéraire",
    ),
    "nearest": ("rounded to the nearest unit", "arrondis à l'unité la plus proche"),
}


def terms(p: Any, c: Any, en: bool) -> list[str]:
    """Sentences for a convertible's instrument terms (only those it states), so that the
    summary says what the interpreter does: units and fractions, the qualified-financing
    minimum and deadline, the change-of-control premium, the alternative equity financing,
    dissolution, the maturity treatment, the capitalization basis and consents."""
    f = p.fmt
    out: list[str] = []

    def event(name: str) -> str:
        return str(p.quote(p.event_label(name)))

    if c.units != "shares" or c.fractions != "round_down":
        if c.fractions == "issue":
            how = (
                f"fractional units to {c.fraction_places} decimal places, the rest in cash"
                if en
                else f"des fractions jusqu'à {c.fraction_places} décimales, le reste en numéraire"
            )
        else:
            how = _FRACTIONS[c.fractions][0 if en else 1]
        out.append(
            f"A conversion issues {c.units} ({how})."
            if en
            else f"Une conversion donne des {units_fr(c.units)} ({how})."
        )
    if c.minimum is not None:
        counted = (
            ""
            if c.minimum_counts == "new_money"
            else (
                " including the converting instruments" if en else " instruments convertis compris"
            )
        )
        out.append(
            f"A financing qualifies only if it raises at least {f.money(c.minimum)}{counted}."
            if en
            else f"Un financement n'est qualifié que s'il lève au moins {f.money(c.minimum)}"
            f"{counted}."
        )
    if c.financing_deadline is not None:
        day = p.date_np(c.financing_deadline)
        out.append(
            f"A financing after {day} does not convert it."
            if en
            else f"Un financement postérieur au {day} ne le convertit pas."
        )
    if c.equity_financing:
        out.append(
            f"If the event {event(c.equity_financing)} occurs first, it converts into shares."
            if en
            else f"Si l'événement {event(c.equity_financing)} se produit avant, il est converti "
            "en actions."
        )
    if c.premium is not None and c.change_of_control:
        out.append(
            f"If the event {event(c.change_of_control)} occurs first, the holder receives the "
            f"greater of principal plus interest plus a premium of {p.value(c.premium)}, and the "
            "value of conversion at the cap."
            if en
            else f"Si l'événement {event(c.change_of_control)} se produit avant, le porteur "
            "reçoit le plus élevé des deux montants suivants\u202f: le principal, majoré des "
            f"intérêts et d'une prime de {p.value(c.premium)}, ou la valeur de la conversion au "
            "plafond."
        )
    if c.dissolution:
        share = (
            (f" ({p.value(c.on_dissolution)} of it)" if en else f" ({p.value(c.on_dissolution)})")
            if c.on_dissolution is not None
            else ""
        )
        out.append(
            f"If the event {event(c.dissolution)} occurs first, the amount{share} is paid "
            f"from the assets available, after the senior ranks (debt first), pro rata within "
            f"rank {c.rank}, before common holders."
            if en
            else f"Si l'événement {event(c.dissolution)} se produit avant, la somme{share} est "
            f"payée sur les actifs disponibles, après les rangs prioritaires (les dettes "
            f"d'abord), au prorata au rang {c.rank}, avant les porteurs d'actions ordinaires."
        )
    if c.precedence:
        order = ", then ".join(event(e) for e in c.precedence)
        order_fr = ", puis ".join(event(e) for e in c.precedence)
        out.append(
            f"If several of these events occur on the same day, they prevail in this order: "
            f"{order}."
            if en
            else f"Si plusieurs de ces événements se produisent le même jour, ils prévalent "
            f"dans cet ordre : {order_fr}."
        )
    if c.at_maturity == "convert":
        out.append(
            "At maturity it converts instead of being repaid."
            if en
            else "À l'échéance, il est converti au lieu d'être remboursé."
        )
    elif c.at_maturity == "election":
        window = f" within {f.duration(c.election_window)}" if c.election_window else ""
        if not en:
            window = f" dans un délai de {f.duration(c.election_window)}" if window else ""
        out.append(
            f"At maturity the holder elects{window} between conversion and repayment; "
            "without an election it is repaid."
            if en
            else f"À l'échéance, le porteur choisit{window} entre conversion et remboursement"
            "\u202f; à défaut, il est remboursé."
        )
    if c.capitalization == "post_money":
        out.append(
            "Its cap is post-money: the capitalization counts every converting security."
            if en
            else "Son plafond est post-money\u202f: la capitalisation compte tous les titres "
            "convertis."
        )
    if c.series is not None:
        needed = (
            ("a majority" if en else "la majorité")
            if c.consent in (None, "majority")
            else f"{c.consent}"
        )
        out.append(
            f"Amendments bind every holder of {c.series.replace('_', ' ')} with the consent of "
            f"{needed} of its principal."
            if en
            else f"Les modifications lient tous les porteurs de la série "
            f"{c.series.replace('_', ' ')} avec l'accord de {needed} de son principal."
        )
    return out
