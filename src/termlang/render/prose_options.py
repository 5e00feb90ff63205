"""What an option's exercise does, in words (`on_exercise`, evaluate/options.py).

Exercising the option extends “licence term” by two years and makes “purchase price”
fall due.
L'exercice de l'option proroge « licence term » de deux ans et rend exigible
« purchase price ».
"""

from __future__ import annotations

from typing import Any

from termlang.model import Obligation

AGREEMENT = "agreement"
# an option's clause is `fulfilled` when it is exercised: the story says so
EXERCISED = {
    "en": ("is exercised", "are exercised"),
    "fr": ("est exercée", "sont exercées"),
}


def is_option(m: Any, name: str) -> bool:
    """`name` is an option: an obligation written with `may`."""
    c = m.clauses.get(name)
    return isinstance(c, Obligation) and c.modality == "may"


def exercise_sentence(prose: Any, clause: Obligation) -> str | None:
    """One sentence for the consequences of exercising `clause` (None: it has none)."""
    fr = prose.lang == "fr"
    parts: list[str] = []
    for cons in clause.on_exercise:
        for name in cons.clauses:
            if fr:
                title = "l'accord" if name == AGREEMENT else prose._clause_np(name)
            else:
                title = prose.the_agreement() if name == AGREEMENT else prose.clause_title(name)
            if cons.action == "renew" and cons.by is not None:
                length = prose.fmt.duration(cons.by)
                parts.append(
                    f"proroge {title} de {length}" if fr else f"extends {title} by {length}"
                )
            elif cons.action == "terminate":
                parts.append(f"résilie {title}" if fr else f"terminates {title}")
            elif cons.action == "buy":
                parts.append(f"rend exigible {title}" if fr else f"makes {title} fall due")
    if not parts:
        return None
    if fr:
        return f"L'exercice de l'option {prose.fmt.join(parts)}."
    return f"Exercising the option {prose.fmt.join(parts)}."
