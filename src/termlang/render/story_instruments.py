"""French for the reasons `evaluate/instruments.py` writes (notes, SAFEs, SAFTs), and the
story's sentences for their changes (elections, qualification, cap tables, conversions).

Kept beside `story.py` so that the instrument shapes live in one place: `story.py` extends
its rules with `french_rules` and asks `sentence` for the aspects listed in `ASPECTS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Rule = tuple[str, Callable[[re.Match[str]], str]]

ASPECTS = frozenset({"election", "qualification", "cap_table", "amendment", "liquidation"})

_UNITS_FR = {"shares": ("action", "actions"), "tokens": ("jeton", "jetons")}


def _n(count: str) -> str:
    """`1_125_000` as French writes it: `1 125 000` (narrow spaces), `2,5` for `2.5`."""
    return count.replace("_", "\u202f").replace(",", "\u202f").replace(".", ",")


def units_fr(unit: str, plural: bool = True) -> str:
    """`shares` → `actions`, `tokens` → `jetons`; another unit keeps its name."""
    one, many = _UNITS_FR.get(unit, (unit, unit))
    return many if plural else one


def french_rules(
    d: str,
    day: Callable[[str], str],
    ev: Callable[[str], str],
    who: Callable[[str], str],
) -> list[Rule]:
    """Regular expressions for the instrument reasons, each with its French."""
    unit = r"(share|token|\w+)"
    fraction = rf"(?:; (.+) is paid for the fraction of an? {unit})?"
    nearest = rf"(?:; rounding to the nearest {unit} gives (.+) more)?"
    basis_fr = {
        "the valuation cap gives the lowest price": "le plafond de valorisation donne le prix "
        "le plus bas",
        "the valuation cap gives the lowest price, over the company capitalization with every "
        "converting security": "le plafond de valorisation donne le prix le plus bas, sur la "
        "capitalisation incluant tous les titres convertis",
        "the discount gives the lowest price": "la décote donne le prix le plus bas",
        "at the round's price": "au prix du tour",
        "at the price the note states for maturity": "au prix prévu pour l'échéance",
        "at the valuation cap over the capitalization at maturity": "au plafond de valorisation "
        "rapporté à la capitalisation à l'échéance",
    }

    def converts(m: re.Match[str], head: str) -> str:
        amount, interest, price, one, basis, into = m[3], m[4], m[5], m[6], m[7], m[8]
        text = f"{head}\u202f: {amount} " + (f"(dont {interest} d'intérêts) " if interest else "")
        text += f"converti au prix de {price} par {units_fr(one + 's', plural=False)}"
        text += f" ({basis_fr.get(basis, basis)})"
        if into:
            count, _, name = into.rpartition(" ")
            text += f" en {_n(count)} {units_fr(name)}"
        if m[9]:
            text += f"\u202f; {m[9]} versés pour la fraction"
        if m[11]:
            text += f"\u202f; l'arrondi à l'unité la plus proche donne {m[12]} de plus"
        return text

    conversion_tail = (
        r"(.+?)(?: \(with (.+) of interest\))? converts at (.+) a (share|token|\w+) \((.+)\)"
        r"(?: into (.+?))?" + fraction + nearest
    )
    return [
        (
            rf"`([\w.]+)` happened on {d}: " + conversion_tail,
            lambda m: converts(m, f"{ev(m[1])} s'est produit le {day(m[2])}"),
        ),
        (
            rf"it (matured) on {d}: " + conversion_tail,
            lambda m: converts(m, f"échéance le {day(m[2])}"),
        ),
        (
            rf"`([\w.]+)` happened on {d} first: (.+) is (?:re)?paid"
            r"(?: \(with (.+) of interest\))?; "
            r"conversion at the cap is not compared: the scenario gives no price per share for "
            r"`([\w.]+)`",
            lambda m: (
                f"{ev(m[1])} s'est produit le {day(m[2])} en premier\u202f: versement de {m[3]}"
                + (f" (avec {m[4]} d'intérêts)" if m[4] else "")
                + "\u202f; la conversion au plafond n'est pas comparée, faute de prix par action"
            ),
        ),
        (
            rf"`([\w.]+)` happened on {d} first: (.+) is paid, the value of conversion, since "
            r"converting at the cap price (.+) gives (.+) shares worth (.+) at (.+) a share, "
            r"more than (.+)",
            lambda m: (
                f"{ev(m[1])} s'est produit le {day(m[2])} en premier\u202f: versement de "
                f"{m[3]}, valeur de la conversion\u202f: au prix plafond de {m[4]}, {_n(m[5])} "
                f"actions valant {m[6]} à {m[7]} l'action, plus que {m[8]}"
            ),
        ),
        (
            rf"`([\w.]+)` happened on {d} first: (.+) is paid, not less than conversion: "
            r"converting at the cap price (.+) gives (.+) shares worth (.+) at (.+) a share",
            lambda m: (
                f"{ev(m[1])} s'est produit le {day(m[2])} en premier\u202f: versement de "
                f"{m[3]}, pas moins que la conversion\u202f: au prix plafond de {m[4]}, "
                f"{_n(m[5])} actions valant {m[6]} à {m[7]} l'action"
            ),
        ),
        (
            rf"`([\w.]+)` happened on {d} first: (.+) is available to the instruments, short "
            r"of the (.+) owed to rank (\d+); `([\w.]+)` receives its pro-rata part, (.+) of "
            r"the (.+) owed",
            lambda m: (
                f"{ev(m[1])} s'est produit le {day(m[2])} en premier\u202f: {m[3]} sont "
                f"disponibles, moins que les {m[4]} dus au rang {m[5]}\u202f; {who(m[6])} "
                f"reçoit sa part au prorata, {m[7]} sur {m[8]} dus"
            ),
        ),
        (
            rf"`([\w.]+)` happened on {d} first: (.+); `([\w.]+)` is paid its (.+) in full"
            r"(?: \((.+) is left for common holders\))?",
            lambda m: (
                f"{ev(m[1])} s'est produit le {day(m[2])} en premier\u202f: {who(m[4])} "
                f"reçoit l'intégralité des {m[5]} dus"
                + (f" ({m[6]} restent aux actionnaires ordinaires)" if m[6] else "")
            ),
        ),
        (
            rf"`([\w.]+)` on {d} does not convert `([\w.]+)`: it raised (.+) \((.+)\), below "
            r"the (.+) minimum",
            lambda m: (
                f"{ev(m[1])} le {day(m[2])} ne convertit pas {who(m[3])}\u202f: {m[4]} levés, "
                f"moins que le minimum de {m[6]}"
            ),
        ),
        (
            rf"`([\w.]+)` on {d} does not convert `([\w.]+)`: it closed after the deadline of {d}",
            lambda m: (
                f"{ev(m[1])} le {day(m[2])} ne convertit pas {who(m[3])}\u202f: clôturé après "
                f"la date limite du {day(m[4])}"
            ),
        ),
        (
            rf"`([\w.]+)` on {d} does not convert `([\w.]+)`: the scenario gives no new money "
            r"\(`raised`\) to compare with the (.+) minimum",
            lambda m: (
                f"{ev(m[1])} le {day(m[2])} ne convertit pas {who(m[3])}\u202f: le scénario "
                f"n'indique pas les fonds levés à comparer au minimum de {m[4]}"
            ),
        ),
        (
            rf"the holder may elect conversion or repayment until the maturity on {d}",
            lambda m: (
                f"le porteur peut opter pour la conversion ou le remboursement jusqu'à "
                f"l'échéance du {day(m[1])}"
            ),
        ),
        (
            rf"the holder elects to (convert|repay) on {d}",
            lambda m: (
                "le porteur opte pour la "
                + ("conversion" if m[1] == "convert" else "remboursement")
                + f" le {day(m[2])}"
            ),
        ),
        (
            rf"the holder made no election by the maturity on {d}(?: \(the election on {d} came "
            r"after the window\))?: the note is repaid",
            lambda m: (
                f"le porteur n'a pas exercé d'option avant l'échéance du {day(m[1])}\u202f: "
                "l'obligation est remboursée"
            ),
        ),
        (
            rf"holders of (.+) of the (.+) outstanding principal of `([\w.]+)` \((.+)%\) consent "
            rf"on {d}; (more than half|at least .+) is needed: the amendment "
            r"(binds every holder|does not bind)",
            lambda m: (
                f"les porteurs de {m[1]} sur {m[2]} de principal de la série {m[3]} "
                f"({m[4]}\u202f%) consentent le {day(m[5])}\u202f; il faut "
                + (
                    "plus de la moitié"
                    if m[6] == "more than half"
                    else m[6].replace("at least", "au moins")
                )
                + "\u202f: "
                + (
                    "la modification lie tous les porteurs"
                    if m[7] == "binds every holder"
                    else "la modification ne lie pas les porteurs"
                )
            ),
        ),
        (
            r"after the round: (.+)",
            lambda m: f"après le tour\u202f: {m[1]}",
        ),
        (
            r"it converts at maturity at the cap, but the scenario gives no `capitalization`",
            lambda m: (
                "conversion à l'échéance au plafond, mais le scénario n'indique pas la "
                "capitalisation"
            ),
        ),
    ]


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
            f"greater of principal, interest and a premium of {c.premium}, and the value of "
            "conversion at the cap."
            if en
            else f"Si l'événement {event(c.change_of_control)} se produit avant, le porteur "
            f"reçoit le plus élevé du principal, des intérêts et d'une prime de {c.premium}, "
            "et de la valeur de la conversion au plafond."
        )
    if c.dissolution:
        share = (
            (f" ({c.on_dissolution} of it)" if en else f" ({c.on_dissolution})")
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
