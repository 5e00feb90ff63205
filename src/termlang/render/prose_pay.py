"""Sentences for payments, licences and assignments, and their changes over time, per language.

The interpreter hands typed values (`InstalmentState`, party names, dates); this module words
them in English or French for the summaries and the scenario story.
"""

from __future__ import annotations

from typing import Any

from termlang.mechanics.payment import InstalmentState, PaymentStatus
from termlang.render.prose import Prose
from termlang.render.reasons import period_words

ASPECTS = frozenset({"payment", "holder", "binding"})

# agreeing with "le paiement" (masculine)
_STATUS_FR = {
    PaymentStatus.DUE: "exigible",
    PaymentStatus.PAID: "effectué",
    PaymentStatus.PARTLY_PAID: "partiellement effectué",
    PaymentStatus.OVERDUE: "en retard",
}


def _amount(p: Prose, c: Any) -> str:
    f, en = p.fmt, p.lang == "en"
    if c.amount is not None:
        return f.money(c.amount)
    if c.share is not None:
        return f"{f.percent(c.share)} {'of' if en else 'de'} {p.thing(c.share_of)}"
    count = getattr(c.quantity, "amount", c.quantity)
    unit = getattr(c.quantity, "unit", "")
    per = "each for" if en else "l'unité, pour"
    return f"{f.money(c.price)} {per} {p.value(count)} {unit}".rstrip()


def _due(p: Prose, c: Any) -> str:
    f, en = p.fmt, p.lang == "en"
    if c.share is not None:
        after = f.duration(c.due_after) if c.due_after is not None else None
        if en:
            return (
                f" {f.period(c.period)}, due {after} after each period ends"
                if after
                else (f" {f.period(c.period)}, due when each period ends")
            )
        return (
            f" {f.period(c.period)}, exigible {after} après la fin de chaque période"
            if after
            else f" {f.period(c.period)}, exigible à la fin de chaque période"
        )
    when = p.date_np(c.due) if c.due is not None else ""
    if c.due_after is not None:
        word = "after" if en else "après"
        return (
            f", due {f.duration(c.due_after)} {word} {when}"
            if en
            else (f", exigible {f.duration(c.due_after)} {word} {when}")
        )
    return f", due {when}" if en else f", exigible {when}"


def clause_sentences(p: Prose, c: Any, tail: str) -> list[str]:
    """The sentences of a `payment`, `licence` or `assignment` (none for another kind)."""
    f, en = p.fmt, p.lang == "en"
    match c.kind:
        case "payment":
            verb = "pays" if en else "paie"
            to = "" if en else "à "
            text = f"{p.who(c.payer)} {verb} {to}{p.who(c.payee)} {_amount(p, c)}{_due(p, c)}"
            caps = []
            if c.cap_per_period is not None:
                caps.append(
                    f"{f.money(c.cap_per_period)} per period"
                    if en
                    else f"{f.money(c.cap_per_period)} par période"
                )
            if c.cap is not None:
                caps.append(f"{f.money(c.cap)} in total" if en else f"{f.money(c.cap)} au total")
            if caps:
                text += (", up to " if en else ", dans la limite de ") + f.join(caps)
            return [f"{text}{tail}."]
        case "licence":
            kind = (
                ("an exclusive" if c.exclusive else "a non-exclusive")
                if en
                else ("une licence exclusive" if c.exclusive else "une licence non exclusive")
            )
            if en:
                text = (
                    f"{p.who(c.licensor)} grants {p.who(c.licensee)} {kind} licence of "
                    f"{p.things(c.subject)}"
                )
                if c.field_of_use:
                    text += f" in the field of {p.things(c.field_of_use)}"
                if c.territory:
                    text += f" in {p.things(c.territory)}"
            else:
                text = (
                    f"{p.who(c.licensor)} concède à {p.who(c.licensee)} {kind} sur "
                    f"{p.things(c.subject)}"
                )
                if c.field_of_use:
                    text += f" dans le domaine {p.things(c.field_of_use)}"
                if c.territory:
                    text += f" sur le territoire {p.things(c.territory)}"
            out = [f"{text}{tail}."]
            if c.fee:
                out.append(
                    f"The fee is {p.clause_title(c.fee)}."
                    if en
                    else f"La redevance est régie par la clause {p.clause_title(c.fee)}."
                )
            return out
        case "assignment":
            if en:
                return [
                    f"On {p.date_np(c.on)}, {p.who(c.assignor)} assigns its rights under "
                    f"{p.clause_title(c.assigns)} to {p.who(c.assignee)}{tail}."
                ]
            return [
                f"À la date {p.date_np(c.on)}, {p.who(c.assignor)} cède ses droits au titre de "
                f"{p.clause_title(c.assigns)} à {p.who(c.assignee)}{tail}."
            ]
    return []


def binding_label(p: Prose, c: Any, base: str) -> str:
    """`binding from signing` / `recital` where the clause says so, else `base`."""
    en = p.lang == "en"
    if getattr(c, "recital", False):
        return "recital of past facts" if en else "rappel des faits"
    if getattr(c, "binding_from", None) is not None:
        when = p.date_np(c.binding_from)
        return f"binding from {when}" if en else f"contraignante à compter de {when}"
    return base


def story_sentence(p: Prose, change: Any) -> str | None:
    """One sentence for a change of a payment, a holder or a binding status."""
    f, en = p.fmt, p.lang == "en"
    title = p.clause_title(change.subject)
    value = change.value
    if change.aspect == "holder":
        return (
            f"{p.who(value)} now holds the rights under {title}."
            if en
            else f"{p.who(value)} détient désormais les droits au titre de {title}."
        )
    if change.aspect == "binding":
        return f"{title} becomes binding." if en else f"{title} devient contraignante."
    if change.aspect != "payment" or not isinstance(value, InstalmentState):
        return None
    label = period_words(value.label, p.lang, f.babel)
    which = "" if value.label == "once" else (f" for {label}" if en else f" pour {label}")
    if change.reason.kind == "payment_owed":  # the instalment arises (evaluate/payments.py)
        amount, by = f.money(value.amount), f.date(value.due)
        if en:
            return f"{amount} falls due under {title}{which}, payable by {by}."
        return (
            f"{amount} deviennent exigibles au titre de {title}{which}, à payer au plus tard "
            f"le {by}."
        )
    status = value.status.value if en else _STATUS_FR[value.status]
    text = (
        f"The payment under {title}{which} is {status}"
        if en
        else (f"Le paiement au titre de {title}{which} est {status}")
    )
    if value.outstanding.amount > 0:
        text += (
            f": {f.money(value.outstanding)} outstanding"
            if en
            else f"\u202f: {f.money(value.outstanding)} restent dus"
        )
        if value.days_late:
            n = value.days_late
            text += (
                f", {n} day{'s' * (n > 1)} late" if en else f", {n} jour{'s' * (n > 1)} de retard"
            )
    return text + "."


def outcome_lines(p: Prose, state: Any) -> list[tuple[str, str]]:
    """At the horizon: what each payment clause fell due, was paid and is still owed, and
    who holds assigned rights (one line per clause, for "Other outcomes by the horizon")."""
    f, en = p.fmt, p.lang == "en"
    colon = ": " if en else "\u202f: "
    out: list[tuple[str, str]] = []
    for name, states in state.instalments.items():
        due = states[0].amount
        paid = states[0].paid
        for st in states[1:]:
            due, paid = due + st.amount, paid + st.paid
        text = (
            f"{'fell due' if en else 'exigible'}{colon}{f.money(due)}, "
            f"{'paid' if en else 'payé'} {f.money(paid)}"
        )
        late = [st for st in states if st.days_late]
        owed = due - paid
        if owed.amount > 0:
            text += f", {f.money(owed)} {'outstanding' if en else 'restant dû'}"
        if late:
            worst = max(late, key=lambda st: st.days_late)
            which = (
                "" if worst.label == "once" else f" ({period_words(worst.label, p.lang, f.babel)})"
            )
            n = worst.days_late
            text += (
                f", {n} day{'s' * (n > 1)} late{which}"
                if en
                else f", {n} jour{'s' * (n > 1)} de retard{which}"
            )
        out.append((name, text))
    for name, holder in state.holders.items():
        out.append((name, f"{'held by' if en else 'détenue par'} {p.who(holder)}"))
    return out
