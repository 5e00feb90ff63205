"""Counsel's words for a term that renews and termination for convenience (en, fr).

The interpreter's reading is in evaluate/lifecycle.py (`term_plan`); these sentences say the
same: the initial term, the renewals, the notice that stops one, and its deadline counted
back from the last day of the then-current term.
"""

from __future__ import annotations

from typing import Any


def term_sentences(prose: Any, clause: Any, fr: bool) -> list[str]:
    """Sentences for the `term`, `renews`, `notice` and `convenience` fields (empty if none)."""
    out: list[str] = []
    d = prose.fmt.duration
    if clause.term is not None:
        if fr:
            text = f"Durée initiale {_de(d(clause.term))} à compter de son entrée en vigueur"
        else:
            text = f"The initial term is {d(clause.term)} from when it comes into force"
        if clause.renews is not None:
            times = ""
            if clause.renewals is not None:
                times = (
                    f" (au plus {clause.renewals} fois)"
                    if fr
                    else f" (at most {clause.renewals} times)"
                )
            text += (
                f", renouvelée automatiquement par périodes {_de(d(clause.renews))}{times}"
                if fr
                else f", renewed automatically for periods of {d(clause.renews)}{times}"
            )
            if clause.notice is not None:
                who = prose.event(clause.notice_by) if fr else None
                text += (
                    f", sauf préavis de non-renouvellement donné au moins {d(clause.notice)} "
                    "avant le dernier jour de la période en cours" + (f" ({who})" if who else "")
                    if fr
                    else f", unless notice of non-renewal is given at least {d(clause.notice)} "
                    "before the last day of the then-current term"
                    + (
                        f" ({prose.event_label(clause.notice_by)})"
                        if clause.notice_by is not None
                        else ""
                    )
                )
        out.append(text + ".")
    if clause.convenience is not None:
        out.append(
            f"Chaque partie peut y mettre fin pour convenance moyennant un préavis de "
            f"{d(clause.convenience)}."
            if fr
            else f"Either party may terminate it for convenience on {d(clause.convenience)}' "
            "notice."
        )
    return out


def _de(words: str) -> str:
    """`de cinq ans`, `d'un an`."""
    return f"d'{words}" if words[:1] in "aeéiouyAEIOUYh" else f"de {words}"
