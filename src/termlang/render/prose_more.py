"""Sentences for the financing and remedy clauses (convertibles, loans, allocations,
rights of first refusal/offer, waterfalls, penalties, minimum commitments), per language.

Kept apart from `prose_en`/`prose_fr` so the core clause kinds read in one place; each
function takes the language's `Prose` and returns whole sentences in that language.
"""

from __future__ import annotations

from typing import Any

from termlang.render import story_instruments
from termlang.render.prose import Prose, capitalize
from termlang.render.prose_facts import round_sentences
from termlang.render.prose_pay import clause_sentences


def _en(p: Prose, c: Any, tail: str) -> list[str]:
    f = p.fmt
    match c.kind:
        case "convertible":
            what = "a SAFE" if c.instrument == "safe" else "a convertible note"
            text = (
                f"{p.who(c.holder)} invests {f.money(c.amount)} in {p.who(c.issuer)} through {what}"
            )
            terms = []
            if c.discount is not None:
                terms.append(f"a {f.percent(c.discount)} discount")
            if c.valuation_cap is not None:
                terms.append(f"a valuation cap of {f.money(c.valuation_cap)}")
            if c.rate is not None:
                terms.append(f"interest at {f.percent(c.rate)} a year")
            if terms:
                text += f", with {f.join(terms)}"
            out = [f"{text}{tail}."]
            if c.qualified_financing:
                event = p.quote(p.event_label(c.qualified_financing))
                out.append(f"It converts into shares when the event {event} occurs.")
            if c.change_of_control and c.premium is None:  # premium: story_instruments
                payout = (
                    f"{f.multiple(c.on_change_of_control)} the amount invested is paid"
                    if c.on_change_of_control is not None
                    else "the amount invested is repaid"
                )
                event = p.quote(p.event_label(c.change_of_control))
                out.append(f"If the event {event} occurs first, {payout}.")
            if c.maturity is not None:
                out.append(f"It matures on {p.date_np(c.maturity)}.")
            out.extend(story_instruments.terms(p, c, en=True))
            return out
        case "loan":
            text = (
                f"{p.who(c.lender)} lends {f.money(c.principal)} to {p.who(c.borrower)} at "
                f"{f.percent(c.rate)} a year"
            )
            if c.drawn is not None:
                text += f", drawn on {p.date_np(c.drawn)}"
            if c.maturity is not None:
                text += f" and repayable on {p.date_np(c.maturity)}"
            return [f"{text}{tail}."]
        case "allocation":
            shares = f.join([f"{p.who(w.party)} ({p.value(w.value)})" for w in c.weights])
            return [f"{f.money(c.amount)} is allocated in proportion to {shares}{tail}."]
        case "first_refusal" | "first_offer":
            right = (
                "a right of first refusal"
                if c.kind == "first_refusal"
                else "a right of first offer"
            )
            text = (
                f"{p.who(c.holder)} has {right} over {p.things(c.scope)}: "
                f"{p.whos(c.binds)} must offer it the deal first, and it has "
                f"{f.duration(c.respond_within)} to answer"
            )
            silence = "an acceptance" if c.silence == "accept" else "a refusal"
            out = [f"{text}{tail}.", f"Silence counts as {silence}."]
            if c.deal_within is not None:
                out.append(
                    f"After a refusal, the deal with a third party must close within "
                    f"{f.duration(c.deal_within)}, on terms no better for the third party."
                )
            return out
        case "waterfall":
            tiers = f.join([f"{f.percent(t.share)} to {p.who(t.to)}" for t in c.tiers])
            rest = p.who(c.remainder or c.payer)
            return [
                f"{p.who(c.payer)} distributes {p.thing(c.distributes)} in tiers: {tiers}; "
                f"{rest} keeps the remainder{tail}."
            ]
        case "penalty":
            if c.rate_amount is not None:
                rate = f"{f.money(c.rate_amount)}"
            elif c.rate_percent is not None:
                base = f.money(c.rate_of) if c.rate_of is not None else "the late amount"
                rate = f"{f.percent(c.rate_percent)} of {base}"
            else:
                rate = "a penalty"
            text = (
                f"Late performance of {p.clause_title(c.on)} costs {rate} per {f.duration(c.per)}"
            )
            if c.payer and c.payee:
                text += f", paid by {p.who(c.payer)} to {p.who(c.payee)}"
            if c.cap is not None:
                text += f", up to {f.money(c.cap)}"
            return [f"{text}{tail}."]
        case "minimum_commitment":
            floor = (
                p.value(c.floor) if c.floor is not None else f.percent(c.share) if c.share else ""
            )
            basis = p.thing(c.stream) if c.stream else p.clause_title(c.payments or "")
            return [
                f"{p.who(c.party)} commits to at least {floor} of {basis} "
                f"{f.period(c.period)}{tail}."
            ]
    return []


def _fr(p: Prose, c: Any, tail: str) -> list[str]:
    from termlang.render.prose_fr import French, a, de

    assert isinstance(p, French)
    fr = p

    f = p.fmt
    match c.kind:
        case "convertible":
            what = "un SAFE" if c.instrument == "safe" else "une obligation convertible"
            text = (
                f"{p.who(c.holder)} investit {f.money(c.amount)} dans {p.who(c.issuer)} "
                f"sous la forme d'{what}"
            )
            terms = []
            if c.discount is not None:
                terms.append(f"une décote de {f.percent(c.discount)}")
            if c.valuation_cap is not None:
                terms.append(f"un plafond de valorisation de {f.money(c.valuation_cap)}")
            if c.rate is not None:
                terms.append(f"un intérêt de {f.percent(c.rate)} par an")
            if terms:
                text += f", avec {f.join(terms)}"
            out = [f"{text}{tail}."]
            if c.qualified_financing:
                out.append(
                    f"Il est converti en actions dès que {fr.event(c.qualified_financing)} "
                    "se produit."
                )
            if c.change_of_control and c.premium is None:  # premium: story_instruments
                payout = (
                    f"{f.multiple(c.on_change_of_control)} la somme investie sont versées"
                    if c.on_change_of_control is not None
                    else "la somme investie est remboursée"
                )
                out.append(f"Si {fr.event(c.change_of_control)} se produit avant, {payout}.")
            if c.maturity is not None:
                out.append(f"Échéance\u202f: {p.date_np(c.maturity)}.")
            out.extend(story_instruments.terms(p, c, en=False))
            return out
        case "loan":
            text = (
                f"{p.who(c.lender)} prête {f.money(c.principal)} {a(p.who(c.borrower))} au taux de "
                f"{f.percent(c.rate)} par an"
            )
            if c.drawn is not None:
                text += f", tiré {p.date_np(c.drawn)}"
            if c.maturity is not None:
                text += f" et remboursable {p.date_np(c.maturity)}"
            return [f"{text}{tail}."]
        case "allocation":
            shares = f.join([f"{p.who(w.party)} ({p.value(w.value)})" for w in c.weights])
            return [f"{f.money(c.amount)} sont répartis au prorata entre {shares}{tail}."]
        case "first_refusal" | "first_offer":
            de_right = (
                "d'un droit de préemption"
                if c.kind == "first_refusal"
                else "d'un droit de première offre"
            )
            text = (
                f"{p.who(c.holder)} bénéficie {de_right} sur {p.things(c.scope)}\u202f: "
                f"{p.whos(c.binds)} doit lui proposer l'opération en premier, et il dispose de "
                f"{f.duration(c.respond_within)} pour répondre"
            )
            silence = "une acceptation" if c.silence == "accept" else "un refus"
            out = [f"{text}{tail}.", f"Le silence vaut {silence}."]
            if c.deal_within is not None:
                out.append(
                    f"Après un refus, l'opération avec un tiers doit être conclue dans un délai de "
                    f"{f.duration(c.deal_within)}, à des conditions qui ne soient pas plus "
                    "favorables au tiers."
                )
            return out
        case "waterfall":
            tiers = f.join([f"{f.percent(t.share)} pour {p.who(t.to)}" for t in c.tiers])
            rest = p.who(c.remainder or c.payer)
            return [
                f"{p.who(c.payer)} répartit {p.thing(c.distributes)} par rangs\u202f: "
                f"{tiers}\u202f; "
                f"le solde revient {a(rest)}{tail}."
            ]
        case "penalty":
            if c.rate_amount is not None:
                rate = f.money(c.rate_amount)
            elif c.rate_percent is not None:
                base = f.money(c.rate_of) if c.rate_of is not None else "la somme en retard"
                rate = f"{f.percent(c.rate_percent)} {de(base)}"
            else:
                rate = "une pénalité"
            text = (
                f"Tout retard dans l'exécution de la clause {p.clause_title(c.on)} coûte {rate} "
                f"par période de {f.duration(c.per)}"
            )
            if c.payer and c.payee:
                text += f", payés par {p.who(c.payer)} {a(p.who(c.payee))}"
            if c.cap is not None:
                text += f", dans la limite de {f.money(c.cap)}"
            return [f"{text}{tail}."]
        case "minimum_commitment":
            floor = (
                p.value(c.floor) if c.floor is not None else f.percent(c.share) if c.share else ""
            )
            basis = p.thing(c.stream) if c.stream else p.clause_title(c.payments or "")
            return [
                f"{p.who(c.party)} s'engage sur un minimum de {floor} au titre de {basis} "
                f"{f.period(c.period)}{tail}."
            ]
    return []


def more_sentences(p: Prose, clause: Any, tail: str) -> list[str]:
    """Sentences for the clause kinds of this module; a generic line for any other kind."""
    out = (
        (_en if p.lang == "en" else _fr)(p, clause, tail)
        or clause_sentences(p, clause, tail)
        or round_sentences(p, clause, tail)
    )
    if out:
        return out
    title = p.quote(clause.label or clause.name.replace("_", " "))
    kind = clause.kind.replace("_", " ")
    if p.lang == "en":
        return [f"{capitalize(kind)} clause {title}{tail}."]
    return [f"Clause {title} ({kind}){tail}."]
