"""Edits and consequences in the deal's words, in English or French.

Values go through a few small functions (`value`, `date_words`, `amount`) built on the
renderer's locale `Formatter` (Babel month names, exact money scaling), so a shared set of
locale filters can replace them in one place. Names stay in backticks as written.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from termlang import ast, model
from termlang.calendar import is_month_end
from termlang.diff.structure import Edit
from termlang.locales import a as _a  # French articles and contractions, as in the summaries
from termlang.locales import de as _de
from termlang.lower.registry import field_words, nouns
from termlang.values import Duration, DurationUnit, Money, Multiple, Percent, Quantity

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_NBSP = "\u00a0"

# Declaration kinds: English noun; French noun and gender (clause kinds: from lower/registry.py).
KINDS_EN = {
    "carve_out": "carve-out",
    "exchange_rate": "exchange rate",
    "step": "step",
    "waterfall_tier": "tier",
    "allowance": "allowed finding",
    "fact": "scenario fact",
    **{k: noun for k, (noun, _) in nouns("en").items()},
}
KINDS_FR = {
    "agreement": ("accord", "m"),
    "party": ("partie", "f"),
    "entity": ("entité", "f"),
    "asset": ("actif", "m"),
    "scope": ("périmètre", "m"),
    "stream": ("flux de revenus", "m"),
    "event": ("événement", "m"),
    "exchange_rate": ("taux de change", "m"),
    "scenario": ("scénario", "m"),
    "tranche": ("tranche", "f"),
    "carve_out": ("exception", "f"),
    "step": ("palier", "m"),
    "share": ("part", "f"),
    "tier": ("rang d'accès", "m"),
    "target": ("objectif", "m"),
    "occurrence": ("date d'événement", "f"),
    "figure": ("chiffre", "m"),
    "expectation": ("attente", "f"),
    "consequence": ("conséquence", "f"),
    "consequence of exercise": ("conséquence de l'exercice", "f"),
    "allowance": ("dérogation", "f"),
    "fact": ("fait du scénario", "m"),
    "calendar": ("calendrier", "m"),
    "waterfall_tier": ("rang", "m"),
    "weight": ("pondération", "f"),
    **{k: (noun, gender or "m") for k, (noun, gender) in nouns("fr").items()},
}

# Field nouns.
FIELDS_EN = {
    "each": "recurring event",
    "investments": "investments of the round",
    "maximum": "maximum size",
    "target": "target size",
    "closes": "closing date of the round",
    "window.start": "start of the window",
    "window.end": "end of the window",
    "lead_time": "lead time",
    "return_cap": "return cap",
    "long_stop": "long-stop date",
    "governing_law": "governing law",
    "starts_when": "start condition",
    "ends_when": "end condition",
    "binding_clauses": "binding clauses",
    "excludes": "list of excluded clause kinds",
    "fulfilled_by": "fulfilment event",
    "breached_by": "breach event",
    "on_breach": "consequence of a breach",
    "on_exercise": "consequence of the exercise",
    "cap_multiple": "cap multiple",
    "cap_of": "cap basis",
    "legal_name": "legal name",
    "date_rule": "date rule",
    "on": "date",
    "when": "condition",
    "streams": "streams",
    "allows": "allowed findings",
    "survives": "survival",
    "benefits": "beneficiaries",
    "binds": "bound parties",
    "entity": "partner",
    "ends": "ended clauses",
    "due": "payment delay",
    "within": "time limit after the trigger",
    "respond_within": "time to respond",
    "deal_within": "time to close a third-party deal",
    "term": "initial term",
    "renews": "renewal period",
    "renewals": "number of renewals",
    "notice": "notice of non-renewal",
    "notice_by": "non-renewal notice event",
    "convenience": "notice for termination for convenience",
    "convenience_by": "termination-for-convenience event",
    "silence": "meaning of silence",
    "deal": "direction of the deal",
    "distributes": "distributed stream",
    "remainder": "recipient of the remainder",
    "to": "recipient",
    "until_amount": "target amount",
    "until_multiple": "target multiple",
    "until_of": "investment of the target multiple",
    "rate_amount": "rate",
    "rate_percent": "rate",
    "rate_of": "base of the rate",
    "per": "period of the rate",
    "cap_percent": "cap",
    "terminate_after": "threshold for termination",
    "force_majeure": "force majeure",
    "compounding": "interest",
    "day_count": "day count",
    "drawn": "drawdown date",
    "maturity": "maturity date",
    "issued": "issue date",
    "valuation_cap": "valuation cap",
    "qualified_financing": "qualified financing event",
    "change_of_control": "change-of-control event",
    "on_change_of_control": "payout on a change of control",
    "premium": "change-of-control premium",
    "minimum": "qualified-financing minimum",
    "minimum_counts": "what counts toward the minimum",
    "financing_deadline": "qualified-financing deadline",
    "dissolution": "dissolution event",
    "on_dissolution": "payout on a dissolution",
    "rank": "rank on a dissolution",
    "at_maturity": "treatment at maturity",
    "maturity_price": "conversion price at maturity",
    "election_window": "election window",
    "capitalization": "capitalization basis",
    "pool_increase": "option-pool increase",
    "units": "units issued",
    "fractions": "fractions policy",
    "fraction_places": "decimal places of fractional units",
    "series": "series for consents",
    "equity_financing": "equity financing event",
    "consent": "consent threshold",
    "precedence": "order of same-day outcomes",
    "payments": "measured payments",
    "from": "start of the step",
    # payments, licences, assignments and binding status
    "binding_from": "date from which it binds",
    "recital": "recital of past facts",
    "share_of": "stream the share is of",
    "due_after": "payment delay",
    "cap_per_period": "cap per period",
    "field_of_use": "field of use",
    "exclusive": "exclusivity",
    "fee": "fee clause",
    "assigns": "assigned clause",
}
# Field nouns that depend on the clause kind.
KIND_FIELDS_EN = {
    ("penalty", "on"): "penalised clause",
    ("payment", "due"): "due date",
    **field_words("en"),  # a kind's own fields (its `Rendering` in lower/registry.py)
}
KIND_FIELDS_FR = {
    ("penalty", "on"): ("clause pénalisée", "f"),
    ("payment", "due"): ("échéance", "f"),
    **field_words("fr"),
}
FIELDS_FR = {
    "each": ("événement récurrent", "m"),
    "investments": ("investissements du tour", "mp"),
    "maximum": ("montant maximum", "m"),
    "target": ("objectif", "m"),
    "closes": ("date de clôture du tour", "f"),
    "window.start": ("début de la période", "m"),
    "window.end": ("fin de la période", "f"),
    "deadline": ("délai", "m"),
    "window": ("période", "f"),
    "rate": ("taux", "m"),
    "commitment": ("engagement", "m"),
    "amount": ("montant", "m"),
    "cap": ("plafond", "m"),
    "lead_time": ("délai d'avance", "m"),
    "scope": ("périmètre", "m"),
    "note": ("note", "f"),
    "label": ("libellé", "m"),
    "title": ("titre", "m"),
    "on": ("date", "f"),
    "when": ("condition", "f"),
    "long_stop": ("date butoir", "f"),
    "effective": ("date d'effet", "f"),
    "binding": ("caractère contraignant", "m"),
    "binding_clauses": ("clauses contraignantes", "fp"),
    "excludes": ("types de clause exclus", "mp"),
    "governing_law": ("droit applicable", "m"),
    "signing": ("signature", "f"),
    "capacity": ("capacité", "f"),
    "instrument": ("instrument", "m"),
    "return_cap": ("plafond de rendement", "m"),
    "investor": ("investisseur", "m"),
    "recipient": ("bénéficiaire", "m"),
    "grantee": ("bénéficiaire", "m"),
    "beneficiary": ("bénéficiaire", "m"),
    "provider": ("fournisseur", "m"),
    "payer": ("payeur", "m"),
    "payee": ("bénéficiaire", "m"),
    "period": ("période de paiement", "f"),
    "streams": ("flux", "mp"),
    "benefits": ("bénéficiaires", "mp"),
    "binds": ("parties liées", "fp"),
    "parties": ("parties", "fp"),
    "starts_when": ("condition de début", "f"),
    "ends_when": ("condition de fin", "f"),
    "trigger": ("déclencheur", "m"),
    "within": ("délai d'exécution", "m"),
    "horizon": ("horizon", "m"),
    "default": ("statut par défaut", "m"),
    "role": ("rôle", "m"),
    "kind": ("nature", "f"),
    "within_": ("périmètre parent", "m"),
    "action": ("engagement", "m"),
    "modality": ("modalité", "f"),
    "asset": ("actif", "m"),
    "entity": ("partenaire", "m"),
    "party": ("partie", "f"),
    "partner": ("partenaire", "m"),
    "survives": ("survie", "f"),
    "ends": ("clauses résiliées", "fp"),
    "due": ("délai de paiement", "m"),
    "respond_within": ("délai de réponse", "m"),
    "deal_within": ("délai de conclusion avec un tiers", "m"),
    "term": ("durée initiale", "f"),
    "renews": ("période de renouvellement", "f"),
    "renewals": ("nombre de renouvellements", "m"),
    "notice": ("préavis de non-renouvellement", "m"),
    "notice_by": ("événement de préavis de non-renouvellement", "m"),
    "convenience": ("préavis de résiliation pour convenance", "m"),
    "convenience_by": ("événement de résiliation pour convenance", "m"),
    "holder": ("titulaire", "m"),
    "silence": ("valeur du silence", "f"),
    "deal": ("sens de l'opération", "m"),
    "fulfilled_by": ("événement d'exécution", "m"),
    "breached_by": ("événement de manquement", "m"),
    "distributes": ("flux distribué", "m"),
    "remainder": ("bénéficiaire du solde", "m"),
    "to": ("bénéficiaire", "m"),
    "share": ("part", "f"),
    "until_amount": ("montant plafond du rang", "m"),
    "until_multiple": ("multiple plafond du rang", "m"),
    "until_of": ("investissement de référence", "m"),
    "rate_amount": ("taux", "m"),
    "rate_percent": ("taux", "m"),
    "rate_of": ("assiette du taux", "f"),
    "per": ("période du taux", "f"),
    "basis": ("mode de calcul", "m"),
    "cap_percent": ("plafond", "m"),
    "terminate_after": ("seuil de résiliation", "m"),
    "force_majeure": ("force majeure", "f"),
    "lender": ("prêteur", "m"),
    "borrower": ("emprunteur", "m"),
    "principal": ("capital", "m"),
    "compounding": ("intérêts", "mp"),
    "day_count": ("base de calcul des jours", "f"),
    "drawn": ("date de tirage", "f"),
    "maturity": ("échéance", "f"),
    "issuer": ("émetteur", "m"),
    "issued": ("date d'émission", "f"),
    "binding_from": ("date à compter de laquelle elle lie", "f"),
    "recital": ("rappel des faits", "m"),
    "price": ("prix", "m"),
    "quantity": ("quantité", "f"),
    "share_of": ("flux de référence", "m"),
    "due_after": ("délai de paiement", "m"),
    "cap_per_period": ("plafond par période", "m"),
    "licensor": ("concédant", "m"),
    "licensee": ("licencié", "m"),
    "subject": ("objet", "m"),
    "field_of_use": ("domaine", "m"),
    "territory": ("territoire", "m"),
    "exclusive": ("exclusivité", "f"),
    "fee": ("clause de redevance", "f"),
    "assigns": ("clause cédée", "f"),
    "assignor": ("cédant", "m"),
    "assignee": ("cessionnaire", "m"),
    "discount": ("décote", "f"),
    "valuation_cap": ("plafond de valorisation", "m"),
    "qualified_financing": ("événement de financement qualifié", "m"),
    "change_of_control": ("événement de changement de contrôle", "m"),
    "on_change_of_control": ("paiement en cas de changement de contrôle", "m"),
    "premium": ("prime de changement de contrôle", "f"),
    "minimum": ("montant minimum du financement qualifié", "m"),
    "minimum_counts": ("assiette du minimum", "f"),
    "financing_deadline": ("date limite du financement qualifié", "f"),
    "dissolution": ("événement de dissolution", "m"),
    "on_dissolution": ("paiement en cas de dissolution", "m"),
    "rank": ("rang en cas de dissolution", "m"),
    "at_maturity": ("traitement à l'échéance", "m"),
    "maturity_price": ("prix de conversion à l'échéance", "m"),
    "election_window": ("délai d'option", "m"),
    "capitalization": ("base de capitalisation", "f"),
    "pool_increase": ("augmentation du pool d'options", "f"),
    "units": ("unités émises", "fp"),
    "fractions": ("traitement des rompus", "m"),
    "fraction_places": ("décimales des unités fractionnaires", "fp"),
    "series": ("série pour les consentements", "f"),
    "equity_financing": ("événement de financement en actions", "m"),
    "consent": ("seuil de consentement", "m"),
    "precedence": ("ordre des issues le même jour", "m"),
    "payments": ("paiements mesurés", "mp"),
    "stream": ("flux de revenus", "m"),
    "floor": ("plancher", "m"),
    "rounding": ("arrondi", "m"),
    "from": ("début du palier", "m"),
    "allows": ("constats autorisés", "mp"),
    "cap_multiple": ("multiple plafond", "m"),
    "cap_of": ("base du plafond", "f"),
    "legal_name": ("raison sociale", "f"),
    "date_rule": ("règle de calcul des dates", "f"),
    "weights": ("pondérations", "fp"),
    "calendars": ("calendriers", "mp"),
}

# Values whose words depend on the field: day counts, compounding (None is simple interest).
DAY_COUNTS = {
    "actual_365": "Actual/365",
    "actual_360": "Actual/360",
    "thirty_360": "30/360",
    "actual_actual": "Actual/Actual",
}
_OPS = {
    ">=": ("at least", "au moins"),
    "<=": ("at most", "au plus"),
    ">": ("above", "plus de"),
    "<": ("below", "moins de"),
    "==": ("exactly", "exactement"),
    "!=": ("other than", "autre que"),
}


def _formatter(locale: str) -> Any:
    from termlang.locales import Formatter

    return Formatter(locale)


def name(text: str) -> str:
    return f"`{text}`"


def date_words(d: date, locale: str) -> str:
    """`31 December 2026` / `31 décembre 2026`."""
    return str(_formatter(locale).date(d)).replace(_NBSP, " ")


def amount(m: Money, locale: str) -> str:
    """`USD 13 billion` / `13 milliards USD`, exact."""
    return str(_formatter(locale).money(m)).replace(_NBSP, " ")


def value(v: Any, locale: str) -> str:
    """Any model value in words."""
    fr = locale == "fr"
    f = _formatter(locale)
    match v:
        case None:
            return "aucun" if fr else "none"
        case bool():
            return ("oui" if v else "non") if fr else ("yes" if v else "no")
        case date():
            return date_words(v, locale)
        case ast.DateLit(value=d):
            return date_words(d, locale)
        case Money():
            return amount(v, locale)
        case Percent():
            return str(f.percent(v)).replace(_NBSP, " ")
        case Multiple():
            return str(f.multiple(v)).replace(_NBSP, " ")
        case Quantity():
            return str(f.quantity(v)).replace(_NBSP, " ")
        case Duration():
            return str(f.duration(v))
        case DurationUnit():
            return str(f.period(v))
        case Decimal() | int():
            return str(f.number(v))
        case str() if _NAME.fullmatch(v):
            return name(v)
        case str():
            return f"« {v} »" if fr else f"“{v}”"
        case model.Window(start=start, end=end):
            if end is None:
                return f"à partir {_de(_fr_value(start))}" if fr else f"from {value(start, locale)}"
            if fr:
                return f"{_de(_fr_value(start))} {_a(_fr_value(end))}"
            return f"from {value(start, locale)} to {value(end, locale)}"
        case model.Expectation(at=at, what=what, args=args):
            from termlang.fmt import format_args

            return name(f"{at.isoformat()} {what} {format_args(args, '')}".rstrip())
        case model.Consequence(action=action, clauses=clauses, by=by):
            verb = {
                "suspend": "suspension de",
                "terminate": "résiliation de",
                "renew": "prorogation de",
                "buy": "exigibilité de",
            }
            text = f"{verb.get(action, action) if fr else action} {value(clauses, locale)}"
            return text if by is None else f"{text} {'de' if fr else 'by'} {value(by, locale)}"
        case tuple() | list():
            return f.join([value(x, locale) for x in v]) if v else ("aucun" if fr else "none")
    if isinstance(v, ast.Ref | ast.Call | ast.Not | ast.And | ast.Or | ast.Compare):
        return _expr(v)
    if isinstance(v, ast.TimeRel | ast.Offset | ast.Range | ast.ListExpr | ast.StringLit):
        return _expr(v)
    if isinstance(v, ast.NumberLit | ast.PercentLit | ast.QuantityLit | ast.MoneyLit):
        return _expr(v)
    return name(str(v))


def _expr(e: Any) -> str:
    from termlang.fmt import format_expr

    return name(format_expr(e))


def _is_date(v: Any) -> bool:
    return isinstance(v, date | ast.DateLit)


def _fr_value(v: Any) -> str:
    """A value as a French noun phrase: dates take the article (`le 30 juin 2026`)."""
    text = value(v, "fr")
    return f"le {text}" if _is_date(v) else text


def _kind_en(kind: str) -> str:
    return KINDS_EN.get(kind, kind.replace("_", " "))


def _kind_fr(kind: str) -> tuple[str, str]:
    return KINDS_FR.get(kind, (kind.replace("_", " "), "m"))


def _agree(word: str, gender: str) -> str:
    """`ajouté` with the gender (and number) of its noun."""
    return word + {"f": "e", "mp": "s", "fp": "es"}.get(gender, "")


def _field_fr(field: str, kind: str = "") -> tuple[str, str]:
    noun, gender = KIND_FIELDS_FR.get((kind, field)) or FIELDS_FR.get(
        field, (f"champ `{field}`", "m")
    )
    if gender.endswith("p"):
        return f"les {noun}", gender
    article = "l'" if noun[:1] in "aeiouéèêh" else ("la " if gender == "f" else "le ")
    return article + noun, gender


def _field_en(field: str, kind: str = "") -> str:
    return KIND_FIELDS_EN.get((kind, field)) or FIELDS_EN.get(field, field.replace("_", " "))


def _field_value(field: str, v: Any, locale: str) -> str:
    """A field's value in words: day counts by their market names, compounding as interest."""
    fr = locale == "fr"
    if field == "day_count" and isinstance(v, str):
        return DAY_COUNTS.get(v, name(v))
    if field == "compounding":
        if v is None:
            return "simples" if fr else "simple"
        return f"composés {value(v, locale)}" if fr else f"compounded {value(v, locale)}"
    if field == "survives" and isinstance(v, bool):
        if fr:
            return "sans limite" if v else "non"
        return "indefinitely" if v else "no"
    return value(v, locale)


# Fields whose absence is itself a value (no compounding: simple interest).
_NONE_IS_A_VALUE = frozenset({"compounding"})


def step_words(key: str, locale: str) -> str:
    """The start of a step (`from 2027-01-01`) in words: a date, or the event in backticks."""
    try:
        return date_words(date.fromisoformat(key), locale)
    except ValueError:
        return name(key)


def _of(subject: str, fr: bool) -> str:
    if not subject:
        return "de l'accord" if fr else "of the agreement"
    return f"de {name(subject)}" if fr else f"of {name(subject)}"


def describe(edit: Edit, locale: str = "en") -> str:
    """One edit as a sentence (lowercase start, no final period)."""
    fr = locale == "fr"
    match edit.kind:
        case "share":
            return _share(edit, fr)
        case "occurrence":
            return _occurrence(edit, fr)
        case "figure":
            return _figure(edit, fr)
        case "tier":
            return _tier(edit, fr)
        case "target":
            return _target(edit, fr)
        case "weight" | "allowance" | "fact":
            return _keyed(edit, fr)
    if edit.op == "changed" and edit.field is not None:
        return _field_change(edit, fr)
    if edit.op == "changed":
        return _keyed(edit, fr)
    return _declaration(edit, fr)


def _declaration(edit: Edit, fr: bool) -> str:
    if not edit.subject:  # an element of a list: show its value
        shown = value(edit.new if edit.op == "added" else edit.old, "fr" if fr else "en")
        parent = name(edit.parent or "")
        if fr:
            noun, gender = _kind_fr(edit.kind)
            verb = _agree({"added": "ajouté", "removed": "supprimé"}[edit.op], gender)
            prep = _a(parent) if edit.op == "added" else _de(parent)
            return f"{noun} {shown} {verb} {prep}"
        prep = "to" if edit.op == "added" else "from"
        return f"{_kind_en(edit.kind)} {shown} {edit.op} {prep} {parent}"
    subject = edit.subject
    shown = subject.split(".")[-1] if edit.parent else subject
    if edit.kind == "step":
        shown = subject
    if fr:
        noun, gender = _kind_fr(edit.kind)
        if edit.op == "renamed":
            old = (edit.old_name or "").split(".")[-1] if edit.parent else edit.old_name
            return f"{noun} {name(old or '')} {_agree('renommé', gender)} en {name(shown)}"
        verb = _agree({"added": "ajouté", "removed": "supprimé"}[edit.op], gender)
        if edit.kind == "step":
            where = (
                f" {_a(name(edit.parent or ''))}"
                if edit.op == "added"
                else f" {_de(name(edit.parent or ''))}"
            )
            return f"palier à partir {_de(_fr_step(shown))} {verb}{where}"
        if edit.parent:
            prep = _a(name(edit.parent)) if edit.op == "added" else _de(name(edit.parent))
            return f"{noun} {name(shown)} {verb} {prep}"
        return f"{noun} {name(shown)} {verb}"
    noun = _kind_en(edit.kind)
    if edit.op == "renamed":
        old = (edit.old_name or "").split(".")[-1] if edit.parent else edit.old_name
        where = f" in {name(edit.parent)}" if edit.parent else ""
        return f"{noun} {name(old or '')} renamed to {name(shown)}{where}"
    if edit.kind == "step":
        what = f"a step from {step_words(shown, 'en')}"
        return (
            f"{what} added to {name(edit.parent or '')}"
            if edit.op == "added"
            else f"{what} removed from {name(edit.parent or '')}"
        )
    if edit.parent:
        prep = "to" if edit.op == "added" else "from"
        return f"{noun} {name(shown)} {edit.op} {prep} {name(edit.parent)}"
    return f"{noun} {name(shown)} {edit.op}"


def _field_change(edit: Edit, fr: bool) -> str:
    old, new = edit.old, edit.new
    field = edit.field
    assert field is not None
    lang = "fr" if fr else "en"
    absent = field not in _NONE_IS_A_VALUE

    def words(v: Any) -> str:
        return _field_value(field, v, lang)

    if fr:
        noun, gender = _field_fr(field, edit.kind)
        plural = gender.endswith("p")
        step = f" à partir {_de(_fr_step(edit.context))}" if edit.context else ""
        head = f"{noun} {_of(edit.subject, True)}{step}"
        if absent and (old is None or old == ()):
            verb = "sont" if plural else "est"
            return f"{head} {verb} {_agree('fixé', gender)} {_a(_fr_field_value(field, new))}"
        if absent and (new is None or new == ()):
            verb = "sont" if plural else "est"
            return f"{head} ({words(old)}) {verb} {_agree('supprimé', gender)}"
        verb = "passent" if plural else "passe"
        return f"{head} {verb} {_de(_fr_field_value(field, old))} {_a(_fr_field_value(field, new))}"
    noun = _field_en(field, edit.kind)
    step = f" from {step_words(edit.context, 'en')} on" if edit.context else ""
    head = f"the {noun} {_of(edit.subject, False)}{step}"
    if absent and (old is None or old == ()):
        return f"{head} is now {words(new)}"
    if absent and (new is None or new == ()):
        return f"{head} ({words(old)}) was removed"
    verb = "moved" if _is_date(old) and _is_date(new) else "went" if _numeric(old) else "changed"
    return f"{head} {verb} from {words(old)} to {words(new)}"


def _fr_step(key: str) -> str:
    text = step_words(key, "fr")
    return text if text.startswith("`") else f"le {text}"


def _fr_field_value(field: str, v: Any) -> str:
    """A field's value as a French noun phrase (dates take the article)."""
    text = _field_value(field, v, "fr")
    return f"le {text}" if _is_date(v) else text


def _numeric(v: Any) -> bool:
    return isinstance(v, Percent | Money | Quantity | Multiple | Decimal | int) and not isinstance(
        v, bool
    )


def _share_where(edit: Edit, fr: bool) -> tuple[str, str]:
    asset, _, step = (edit.context or "").partition("@")
    if fr:
        return name(asset), f" à partir {_de(_fr_step(step))}" if step else ""
    return name(asset), f" from {step_words(step, 'en')} on" if step else ""


def _share(edit: Edit, fr: bool) -> str:
    asset, step = _share_where(edit, fr)
    party = name(edit.subject)
    if fr:
        head = f"la part de {party} dans {asset}{step}"
        if edit.op == "added":
            return f"{head} est fixée à {value(edit.new, 'fr')}"
        if edit.op == "removed":
            return f"{head} ({value(edit.old, 'fr')}) est supprimée"
        return f"{head} passe de {value(edit.old, 'fr')} à {value(edit.new, 'fr')}"
    head = f"{party}'s share of {asset}{step}"
    if edit.op == "added":
        return f"{head} is now {value(edit.new, 'en')}"
    if edit.op == "removed":
        return f"{head} ({value(edit.old, 'en')}) was removed"
    return f"{head} went from {value(edit.old, 'en')} to {value(edit.new, 'en')}"


def _when(d: date | None, fr: bool) -> str:
    if d is None:
        return "jamais" if fr else "never"
    return f"le {date_words(d, 'fr')}" if fr else date_words(d, "en")


def _occurrence(edit: Edit, fr: bool) -> str:
    event, scenario = name(edit.subject), name(edit.parent or "")
    if fr:
        head = f"dans le scénario {scenario}, {event}"
        if edit.op == "added":
            return f"{head} arrive désormais {_when(edit.new, True)}"
        if edit.op == "removed":
            return f"{head} n'a plus de date (c'était {_when(edit.old, True)})"
        if edit.new is None:
            return f"{head} n'arrive plus jamais (c'était {_when(edit.old, True)})"
        if edit.old is None:
            return f"{head} arrive désormais {_when(edit.new, True)} (c'était jamais)"
        return f"{head} passe {_de(_when(edit.old, True))} {_a(_when(edit.new, True))}"
    head = f"in scenario {scenario}, {event}"
    if edit.op == "added":
        return f"{head} now happens on {_when(edit.new, False)}"
    if edit.op == "removed":
        return f"{head} no longer has a date (it was {_when(edit.old, False)})"
    if edit.new is None:
        return f"{head} now never happens (it was {_when(edit.old, False)})"
    if edit.old is None:
        return f"{head} now happens on {_when(edit.new, False)} (it never did)"
    return f"{head} moved from {_when(edit.old, False)} to {_when(edit.new, False)}"


def _figure(edit: Edit, fr: bool) -> str:
    metric, stream, period = [*edit.subject.split(" "), "", "", ""][:3]
    scenario = name(edit.parent or "")
    if fr:
        head = (
            f"dans le scénario {scenario}, le chiffre {name(metric)} de {name(stream)} "
            f"pour {period}"
        )
        if edit.op == "added":
            return f"{head} est fixé à {value(edit.new, 'fr')}"
        if edit.op == "removed":
            return f"{head} ({value(edit.old, 'fr')}) est supprimé"
        return f"{head} passe de {value(edit.old, 'fr')} à {value(edit.new, 'fr')}"
    head = f"in scenario {scenario}, {metric} of {name(stream)} for {period}"
    if edit.op == "added":
        return f"{head} is now {value(edit.new, 'en')}"
    if edit.op == "removed":
        return f"{head} ({value(edit.old, 'en')}) was removed"
    return f"{head} went from {value(edit.old, 'en')} to {value(edit.new, 'en')}"


def _tier(edit: Edit, fr: bool) -> str:
    who, clause = name(edit.subject), name(edit.parent or "")
    if fr:
        if edit.op == "added":
            return (
                f"{who} obtient désormais l'accès {value(edit.new, 'fr')} après le premier "
                f"bénéficiaire de {clause}"
            )
        if edit.op == "removed":
            return f"{who} n'a plus d'accès prioritaire au titre de {clause}"
        return (
            f"le délai avant l'accès de {who} au titre de {clause} passe de "
            f"{value(edit.old, 'fr')} à {value(edit.new, 'fr')}"
        )
    if edit.op == "added":
        return f"{who} now gets access {value(edit.new, 'en')} after the first grantee of {clause}"
    if edit.op == "removed":
        return f"{who} no longer gets priority access under {clause}"
    return (
        f"the wait before {who} gets access under {clause} went from "
        f"{value(edit.old, 'en')} to {value(edit.new, 'en')}"
    )


# ---------------------------------------------------------------------------- consequences

STATUS_FR = {
    "active": "actif",
    "expired": "expiré",
    "lapsed": "caduc",
    "funded": "versé",
    "terminated": "résilié",
    "suspended": "suspendu",
    "fulfilled": "exécuté",
    "breached": "violé",
    "waived": "abandonné par renonciation",
    "signed": "signé",
    "pending": "en attente",
    "ended": "terminé",
}
_LOSES = frozenset({"expired", "ended", "terminated", "suspended", "lapsed", "waived"})


def shift(old: date, new: date, locale: str) -> str:
    """`18 months earlier` / `18 mois plus tôt`: whole months when both days match (or are
    both month ends), else days."""
    fr = locale == "fr"
    f = _formatter(locale)
    month_end = is_month_end(old) and is_month_end(new)
    if old.day == new.day or month_end:
        n = abs((new.year - old.year) * 12 + new.month - old.month)
        unit = DurationUnit.MONTH
    else:
        n = abs((new - old).days)
        unit = DurationUnit.DAY
    if unit is DurationUnit.MONTH and n % 12 == 0:
        n, unit = n // 12, DurationUnit.YEAR
    span = str(f.duration(Duration(n, unit)))
    if fr:
        return f"{span} plus tôt" if new < old else f"{span} plus tard"
    return f"{span} earlier" if new < old else f"{span} later"


def _status_words(state: str, fr: bool) -> str:
    if fr:
        return f"« {STATUS_FR.get(state, state)} »"
    return state


def _what(subject: str, state: str, models: tuple[Any, ...], fr: bool) -> str:
    """The event "subject reaches state" as a clause (without its date)."""
    decl = None
    for m in models:
        if m is None:
            continue
        decl = m.clauses.get(subject) or decl
    if isinstance(decl, model.PriorityAccess) and state in _LOSES:
        if fr:
            return f"{name(decl.grantee)} perd son accès prioritaire à {name(decl.asset)}"
        return f"{name(decl.grantee)} loses priority access to {name(decl.asset)}"
    if state == "fulfilled" and isinstance(decl, model.Obligation) and decl.modality == "may":
        return f"{name(subject)} {'est exercée' if fr else 'is exercised'}"  # an option
    if subject == "agreement":
        subject_words = "l'accord" if fr else "the agreement"
    else:
        subject_words = name(subject)
    if fr:
        return f"{subject_words} devient {_status_words(state, True)}"
    return f"{subject_words} {_VERBS_EN.get(state, f'becomes {state}')}"


_VERBS_EN = {
    "active": "takes effect",
    "expired": "expires",
    "lapsed": "lapses",
    "funded": "is funded",
    "terminated": "is terminated",
    "suspended": "is suspended",
    "fulfilled": "is fulfilled",
    "breached": "is breached",
    "waived": "is waived",
    "signed": "is signed",
    "ended": "ends",
}


def _aspect_subject(effect: Any, fr: bool) -> str:
    subject = name(effect.subject)
    words = {
        "access": ("l'accès prioritaire à", "priority access to"),
        "split": ("la répartition de", "the split of"),
        "capacity": ("la capacité de", "the capacity of"),
        "due": ("l'échéance de", "the deadline of"),
        "cap_reached": ("le plafond de", "the cap of"),
        "status": ("le statut de", "the status of"),
        "payment": ("le paiement dû au titre de", "the payment under"),
        "holder": ("le titulaire des droits de", "the holder of the rights under"),
        "binding": ("la force obligatoire de", "whether this binds:"),
        "renewal": ("le terme prorogé de", "the renewed term of"),
        "notice_by": ("la date limite du préavis de", "the last day for notice under"),
    }.get(effect.aspect, (f"`{effect.aspect}` de", f"the {effect.aspect} of"))
    return f"{words[0] if fr else words[1]} {subject}"


def _shown(v: Any, aspect: str, fr: bool) -> str:
    if aspect == "payment":
        return _instalment_words(str(v), fr)
    if aspect == "status":
        return _status_words(str(v), fr)
    if aspect in ("due", "cap_reached", "renewal", "notice_by"):
        try:
            return date_words(date.fromisoformat(str(v)), "fr" if fr else "en")
        except ValueError:
            pass
    return f"« {v} »" if fr else f"“{v}”"


_INSTALMENT_FR = {"due": "dû", "paid": "payé", "partly paid": "payé en partie", "overdue": "échu"}
_DUE_BY = re.compile(r"^(?P<label>[^:]+): (?P<amount>.+) due by (?P<on>\d{4}-\d{2}-\d{2})$")


def _instalment_words(text: str, fr: bool) -> str:
    """An instalment's change (`once: USD 126K due by 2027-10-15`, `2016-Q2: paid`) in words."""
    lang = "fr" if fr else "en"
    found = _DUE_BY.match(text)
    label, _, state = text.partition(": ")
    prefix = "" if label == "once" else f"{label}{' ' if fr else ''}: "
    if found:
        on = date_words(date.fromisoformat(found["on"]), lang)
        money = found["amount"]
        if fr:
            return f"« {prefix}{money} exigible au plus tard le {on} »"
        return f"“{prefix}{money} due by {on}”"
    if fr:
        return f"« {prefix}{_INSTALMENT_FR.get(state, state)} »"
    return f"“{prefix}{state}”"


def _no_longer(what: str) -> str:
    """`x expires` -> `x no longer expires`; `x is funded` -> `x is no longer funded`."""
    subject, sep, verb = what.partition("` ")
    if not sep:
        return f"no longer: {what}"
    if verb.startswith("is "):
        return f"{subject}` is no longer {verb[3:]}"
    return f"{subject}` no longer {verb}"


def describe_effect(effect: Any, models: tuple[Any, ...], locale: str = "en") -> str:
    """One consequence as a sentence: "`microsoft` loses priority access ... 18 months earlier"."""
    fr = locale == "fr"
    lang = "fr" if fr else "en"
    kind = effect.kind
    if kind == "amount":
        verb = {"paid": ("a payé", "has paid"), "invested": ("a reçu", "has received")}
        doer = name(effect.subject)
        by = _when(effect.new_on, fr)
        old = amount(effect.old_value, lang) if effect.old_value is not None else None
        new = amount(effect.new_value, lang) if effect.new_value is not None else None
        zero = "rien" if fr else "nothing"
        if effect.aspect == "owed":  # what fell due under a payment clause (issue 11)
            if fr:
                return (
                    f"au {by[3:]}, le montant exigible au titre de {doer} est de "
                    f"{new or 'zéro'} au lieu de {old or 'zéro'}"
                )
            return f"by {by}, what fell due under {doer} is {new or zero} instead of {old or zero}"
        v = verb.get(effect.aspect, ("atteint", "reaches"))
        if fr:
            return f"au {by[3:]}, {doer} {v[0]} {new or zero} au lieu de {old or zero}"
        return f"by {by}, {doer} {v[1]} {new or zero} instead of {old or zero}"
    if effect.aspect == "status":
        what = _what(effect.subject, str(effect.new_value or effect.old_value), models, fr)
    else:
        value_text = _shown(effect.new_value or effect.old_value, effect.aspect, fr)
        what = f"{_aspect_subject(effect, fr)} {'devient' if fr else 'becomes'} {value_text}"
    if kind == "moved":
        rel = shift(effect.old_on, effect.new_on, lang)
        if effect.aspect == "status" and effect.new_value == "expired":
            # An expiry takes effect the day after a window's end date, its last day in force
            # (docs/semantics.md section 1): name the last days, as the file writes them.
            new_last, old_last = (
                effect.new_on - timedelta(days=1),
                effect.old_on - timedelta(days=1),
            )
            if fr:
                return (
                    f"{what} {rel} (dernier jour en vigueur {_when(new_last, True)} au lieu "
                    f"{_de(_when(old_last, True))})"
                )
            return (
                f"{what} {rel} (last day in force {_when(new_last, False)} instead of "
                f"{_when(old_last, False)})"
            )
        if fr:
            return (
                f"{what} {rel} ({_when(effect.new_on, True)} au lieu "
                f"{_de(_when(effect.old_on, True))})"
            )
        was = _when(effect.old_on, False)
        return f"{what} {rel} (on {_when(effect.new_on, False)} instead of {was})"
    if kind == "appears":
        if fr:
            return f"{what} {_when(effect.new_on, True)}, ce qui n'arrivait pas auparavant"
        return f"{what} on {_when(effect.new_on, False)}, which did not happen before"
    if kind == "disappears":
        if fr:
            return f"{what} n'arrive plus (c'était {_when(effect.old_on, True)})"
        return f"{_no_longer(what)} (it did on {_when(effect.old_on, False)})"
    # differs: same day, another value
    subject = _aspect_subject(effect, fr)
    new_text = _shown(effect.new_value, effect.aspect, fr)
    old_text = _shown(effect.old_value, effect.aspect, fr)
    if fr:
        return f"{_when(effect.new_on, True)}, {subject} devient {new_text} au lieu de {old_text}"
    return f"on {_when(effect.new_on, False)}, {subject} becomes {new_text} instead of {old_text}"


# ---------------------------------------------------------------------------- keyed elements


def _target_words(v: Any, fr: bool) -> str:
    """`at least 80% by 1 January 2028` / `au moins 80 % au 1er janvier 2028`."""
    op, amount, by = v
    words = _OPS.get(op, (op, op))[1 if fr else 0]
    text = f"{words} {value(amount, 'fr' if fr else 'en')}"
    if by is not None:
        text += f" au {value(by, 'fr')}" if fr and _is_date(by) else ""
        text += f" pour {value(by, 'fr')}" if fr and not _is_date(by) else ""
        text += f" by {value(by, 'en')}" if not fr else ""
    return text


def _target(edit: Edit, fr: bool) -> str:
    """`the target for `pue` in `comp` went from at most 1.2 to at most 1.3`."""
    metric, clause = name(edit.subject), name(edit.parent or "")
    if fr:
        head = f"l'objectif {metric} de {clause}"
        if edit.op == "added":
            return f"objectif {metric} ({_target_words(edit.new, True)}) ajouté à {clause}"
        if edit.op == "removed":
            return f"objectif {metric} ({_target_words(edit.old, True)}) supprimé de {clause}"
        old, new = _target_words(edit.old, True), _target_words(edit.new, True)
        return f"{head} passe de « {old} » à « {new} »"
    if edit.op == "added":
        return f"target {metric} ({_target_words(edit.new, False)}) added to {clause}"
    if edit.op == "removed":
        return f"target {metric} ({_target_words(edit.old, False)}) removed from {clause}"
    old, new = _target_words(edit.old, False), _target_words(edit.new, False)
    return f"the target {metric} of {clause} changed from {old} to {new}"


_KEYED_EN = {
    "weight": "the weight of {key} in {parent}",
    "allowance": "the reason for allowing {key} in {parent}",
    "fact": "in scenario {parent}, {key}",
}
_KEYED_FR = {
    "weight": "la pondération de {key} dans {parent}",
    "allowance": "la justification de {key} dans {parent}",
    "fact": "dans le scénario {parent}, {key}",
}


def _keyed(edit: Edit, fr: bool) -> str:
    """An element of a list matched by its key (a weight by party, an allowance by code)."""
    key, parent = name(edit.subject), name(edit.parent or "")
    lang = "fr" if fr else "en"
    if edit.op != "changed":
        return _declaration(edit, fr)
    if fr:
        noun, _ = _kind_fr(edit.kind)
        template = _KEYED_FR.get(edit.kind, f"{noun} {{key}} de {{parent}}")
        head = template.format(key=key, parent=parent)
        return f"{head} passe {_de(_fr_value(edit.old))} {_a(_fr_value(edit.new))}"
    template = _KEYED_EN.get(edit.kind, f"the {_kind_en(edit.kind)} {{key}} of {{parent}}")
    head = template.format(key=key, parent=parent)
    verb = "went" if _numeric(edit.old) else "changed"
    return f"{head} {verb} from {value(edit.old, lang)} to {value(edit.new, lang)}"
