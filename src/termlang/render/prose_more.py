"""Sentences for the financing and remedy clauses (convertibles, loans, allocations,
rights of first refusal/offer, waterfalls, penalties, minimum commitments), per language.

Kept apart from `prose_en`/`prose_fr` so the core clause kinds read in one place; each
function takes the language's `Prose` and returns whole sentences in that language.
"""

from __future__ import annotations

from typing import Any

from termlang.locales import a, de
from termlang.render import kinds, story_instruments
from termlang.render.prose import Prose, capitalize
from termlang.render.prose_facts import round_sentences
from termlang.render.prose_pay import clause_sentences

_DAY_COUNT = {
    "actual_365": ("actual/365", "exact/365"),
    "actual_360": ("actual/360", "exact/360"),
    "thirty_360": ("30/360", "30/360"),
    "actual_actual": ("actual/actual", "exact/exact"),
}


def _interest_terms(p: Prose, c: Any) -> str:
    """ "compounded each month, day count 30/360" / "capitalisés par mois, base 30/360"."""
    en = p.lang == "en"
    parts = []
    if c.compounding is not None:
        each = p.fmt.period(c.compounding)
        parts.append(f"compounded {each}" if en else f"capitalisés {each}")
    else:
        parts.append("simple" if en else "simples")
    words = _DAY_COUNT.get(c.day_count, (c.day_count, c.day_count))
    parts.append(f"day count {words[0]}" if en else f"base {words[1]}")
    return ", ".join(parts)


def _per(p: Prose, per: Any) -> str:
    """ "per day" / "par jour"; "per 2 weeks" / "par période de deux semaines"."""
    if per.amount == 1:
        unit = p.fmt.duration(per).split(" ", 1)[1]
        return f"per {unit}" if p.lang == "en" else f"par {unit}"
    words = p.fmt.duration(per)
    return f"per {words}" if p.lang == "en" else f"par période de {words}"


def _penalty_more(p: Prose, c: Any) -> list[str]:
    """What a penalty says beyond its rate and cap: the threshold for termination and the
    force majeure periods that suspend it."""
    en, f = p.lang == "en", p.fmt
    out = []
    if c.terminate_after is not None:
        if hasattr(c.terminate_after, "currency"):
            amount = f.money(c.terminate_after)
            out.append(
                f"Once the penalty reaches {amount}, the other party may terminate."
                if en
                else f"Dès que la pénalité atteint {amount}, l'autre partie peut résilier."
            )
        else:
            delay = f.duration(c.terminate_after)
            out.append(
                f"If the delay exceeds {delay}, the other party may terminate."
                if en
                else f"Si le retard excède {delay}, l'autre partie peut résilier."
            )
    for w in c.force_majeure:
        start = p.date_np(w.start) if w.start is not None else None
        end = p.date_np(w.end) if w.end is not None else None
        if en:
            span = f"from {start}" + (f" until {end}" if end else "") if start else ""
            out.append(f"It does not accrue during force majeure ({span}).")
        else:
            span = f"à partir de {start}" + (f" jusqu'à {end}" if end else "") if start else ""
            out.append(f"Elle ne court pas pendant la force majeure ({span}).")
    return out


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
                terms.append(f"interest at {f.percent(c.rate)} a year ({_interest_terms(p, c)})")
            if terms:
                text += f", with {f.join(terms)}"
            if c.issued is not None:
                text += f", issued on {p.date_np(c.issued)}"
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
                f"{f.percent(c.rate)} a year ({_interest_terms(p, c)})"
            )
            if c.drawn is not None:
                text += f", drawn on {p.date_np(c.drawn)}"
            if c.maturity is not None:
                text += f" and repayable on {p.date_np(c.maturity)}"
            return [f"{text}{tail}."]
        case "allocation":
            shares = f.join([f"{p.who(w.party)} ({p.value(w.value)})" for w in c.weights])
            how = "rounded down" if c.rounding == "down" else "rounded by the largest remainder"
            return [f"{f.money(c.amount)} is allocated in proportion to {shares}, {how}{tail}."]
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
            tiers = f.join(
                [f"{f.percent(t.share)} to {p.who(t.to)}{_target(p, t)}" for t in c.tiers]
            )
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
            basis = "for each period begun" if c.basis == "started_period" else "pro rata"
            text = f"Late performance of {p.clause_title(c.on)} costs {rate} {_per(p, c.per)}"
            text += f" ({basis})"
            if c.payer and c.payee:
                text += f", paid by {p.who(c.payer)} to {p.who(c.payee)}"
            if c.cap is not None:
                text += f", up to {f.money(c.cap)}"
            elif c.cap_percent is not None:
                base = f.money(c.rate_of) if c.rate_of is not None else "the late amount"
                text += f", up to {f.percent(c.cap_percent)} of {base}"
            return [f"{text}{tail}.", *_penalty_more(p, c)]
        case "minimum_commitment":
            floor = (
                p.value(c.floor) if c.floor is not None else f.percent(c.share) if c.share else ""
            )
            basis = p.thing(c.stream) if c.stream else p.clause_title(c.payments or "")
            if c.floor is None and c.share is not None:
                basis = f"the forecast of {basis}"
            out = [
                f"{p.who(c.party)} commits to at least {floor} of {basis} "
                f"{f.period(c.period)}{tail}."
            ]
            if c.floor is not None and c.share is not None:
                out.append(
                    f"The minimum is also {f.percent(c.share)} of the forecast, if that is higher."
                )
            return out
    return []


def _fr(p: Prose, c: Any, tail: str) -> list[str]:
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
                terms.append(
                    f"des intérêts au taux de {f.percent(c.rate)} par an ({_interest_terms(p, c)})"
                )
            if terms:
                text += f", avec {f.join(terms)}"
            if c.issued is not None:
                text += f", émis {p.date_np(c.issued)}"
            out = [f"{text}{tail}."]
            if c.qualified_financing:
                out.append(
                    f"Il est converti en actions dès que {p.event(c.qualified_financing)} "
                    "se produit."
                )
            if c.change_of_control and c.premium is None:  # premium: story_instruments
                payout = (
                    f"{f.multiple(c.on_change_of_control)} la somme investie sont versées"
                    if c.on_change_of_control is not None
                    else "la somme investie est remboursée"
                )
                out.append(f"Si {p.event(c.change_of_control)} se produit avant, {payout}.")
            if c.maturity is not None:
                out.append(f"Échéance\u202f: {p.date_np(c.maturity)}.")
            out.extend(story_instruments.terms(p, c, en=False))
            return out
        case "loan":
            text = (
                f"{p.who(c.lender)} prête {f.money(c.principal)} {a(p.who(c.borrower))} au taux de "
                f"{f.percent(c.rate)} par an (intérêts {_interest_terms(p, c)})"
            )
            if c.drawn is not None:
                text += f", tiré {p.date_np(c.drawn)}"
            if c.maturity is not None:
                text += f" et remboursable {p.date_np(c.maturity)}"
            return [f"{text}{tail}."]
        case "allocation":
            shares = f.join([f"{p.who(w.party)} ({p.value(w.value)})" for w in c.weights])
            how = (
                "arrondis à l'unité inférieure"
                if c.rounding == "down"
                else "selon la méthode des plus forts restes"
            )
            return [f"{f.money(c.amount)} sont répartis au prorata entre {shares}, {how}{tail}."]
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
            tiers = f.join(
                [f"{f.percent(t.share)} pour {p.who(t.to)}{_target(p, t)}" for t in c.tiers]
            )
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
            basis = (
                "toute période commencée étant due" if c.basis == "started_period" else "au prorata"
            )
            text = (
                f"Tout retard dans l'exécution de la clause {p.clause_title(c.on)} coûte {rate} "
                f"{_per(p, c.per)} ({basis})"
            )
            if c.payer and c.payee:
                text += f", payés par {p.who(c.payer)} {a(p.who(c.payee))}"
            if c.cap is not None:
                text += f", dans la limite de {f.money(c.cap)}"
            elif c.cap_percent is not None:
                base = f.money(c.rate_of) if c.rate_of is not None else "la somme en retard"
                text += f", dans la limite de {f.percent(c.cap_percent)} {de(base)}"
            return [f"{text}{tail}.", *_penalty_more(p, c)]
        case "minimum_commitment":
            floor = (
                p.value(c.floor) if c.floor is not None else f.percent(c.share) if c.share else ""
            )
            basis = p.thing(c.stream) if c.stream else p.clause_title(c.payments or "")
            if c.floor is None and c.share is not None:
                floor = f"{floor} des prévisions"
            out = [
                f"{p.who(c.party)} s'engage sur un minimum de {floor} au titre de {basis} "
                f"{f.period(c.period)}{tail}."
            ]
            if c.floor is not None and c.share is not None:
                out.append(
                    f"Le minimum est porté à {f.percent(c.share)} des prévisions si ce montant "
                    "est supérieur."
                )
            return out
    return []


def _target(p: Prose, tier: Any) -> str:
    """ " until it has received USD 13 billion" / " jusqu'à ce qu'il ait reçu ..."."""
    f, en = p.fmt, p.lang == "en"
    if tier.until_amount is not None:
        amount = f.money(tier.until_amount)
    elif tier.until_multiple is not None and tier.until_of is not None:
        of = p.clause_title(tier.until_of)
        if tier.until_multiple.value == 1:
            return f" until it recoups {of}" if en else f" jusqu'à recouvrement de {of}"
        amount = (
            f"{f.multiple(tier.until_multiple)} {of}"
            if en
            else f"{f.multiple(tier.until_multiple)} le montant de {of}"
        )
    else:
        return ""
    return f" until {amount} in all" if en else f" jusqu'à {amount} au total"


def more_sentences(p: Prose, clause: Any, tail: str) -> list[str]:
    """Sentences for the clause kinds of this module; a generic line for any other kind."""
    out = (
        kinds.sentences(p, clause, tail)  # a kind that words itself (its `Rendering`)
        or (_en if p.lang == "en" else _fr)(p, clause, tail)
        or clause_sentences(p, clause, tail)
        or round_sentences(p, clause, tail)
    )
    return out or generic_sentences(p, clause, tail)


def generic_sentences(p: Prose, clause: Any, tail: str) -> list[str]:
    """The line of a kind that words nothing of its own (tests/test_registry.py holds that
    no registered kind falls back to it)."""
    title = p.quote(clause.label or clause.name.replace("_", " "))
    kind = clause.kind.replace("_", " ")
    if p.lang == "en":
        return [f"{capitalize(kind)} clause {title}{tail}."]
    return [f"Clause {title} ({kind}){tail}."]
