"""Phrases en français sur un modèle (French sentences about a model).

Labels written by authors (events, assets, scopes, streams) are usually English; French
sentences quote them with « » and frame them with fixed French wording ("l'événement « … »
se produit"), so that the grammar around them is always right whatever their language.
Articles contract with prepositions ("à partir du 11 septembre", "jusqu'au 31 décembre").
"""

from __future__ import annotations

from typing import Any

from termlang import ast
from termlang.locales import a, de
from termlang.model import (
    AnyClause,
    CarveOut,
    Compute,
    Exclusivity,
    Investment,
    Obligation,
    PriorityAccess,
    RevenueShare,
    Split,
    Termination,
    Tranche,
)
from termlang.render.prose import Prose, capitalize, carve_cap
from termlang.render.prose_facts import aggregate_cond, attribute_np, each_sentences
from termlang.render.prose_options import exercise_sentence
from termlang.render.prose_term import term_sentences

NNBSP = "\u202f"  # espace fine insécable, before « ; : ! ? » in French typography

_TIMEREL = {
    "before": "avant",
    "after": "après",
    "on_or_before": "au plus tard",
    "on_or_after": "au plus tôt",
}
_NOW = {  # followed by à + the date
    "before": "antérieure",
    "after": "postérieure",
    "on_or_before": "antérieure ou égale",
    "on_or_after": "postérieure ou égale",
}
_COMPARE = {
    ">=": "atteint",
    ">": "dépasse",
    "<": "est inférieur à",
    "<=": "ne dépasse pas",
    "==": "est égal à",
    "!=": "est différent de",
}
_TARGET = {
    "<=": "d'au plus",
    ">=": "d'au moins",
    "<": "de moins de",
    ">": "de plus de",
    "==": "de",
    "!=": "autre que",
}
_PREDICATE = {
    "active": "est en vigueur",
    "ended": "a pris fin",
    "expired": "a expiré",
    "terminated": "a été résiliée",
    "lapsed": "est devenue caduque",
    "suspended": "est suspendue",
    "started": "a commencé",
    "breached": "a été violée",
    "fulfilled": "a été exécutée",
    "funded": "a été versée",
    "cap_reached": "a atteint son plafond",
}
# The same, said of `agreement` ("l'accord", masculine): "l'accord est devenu caduc".
_PREDICATE_AGREEMENT = {
    **_PREDICATE,
    "terminated": "a été résilié",
    "lapsed": "est devenu caduc",
    "suspended": "est suspendu",
    "breached": "a été violé",
    "fulfilled": "a été exécuté",
    "funded": "a été versé",
}
_ACTIONS = {"suspend": "la suspension", "terminate": "la résiliation"}


def jusqua(np: str) -> str:
    """ "jusqu'au 31 décembre 2032", "jusqu'à la date …"."""
    return "jusqu'" + a(np)


# Investment instruments termlang knows the French for (`instrument equity`).
_INSTRUMENTS = {
    "equity": "actions",
    "shares": "actions",
    "preferred shares": "actions de préférence",
    "preferred equity": "actions de préférence",
    "convertible notes": "obligations convertibles",
    "debt": "dette",
    "loan": "prêt",
    "warrants": "bons de souscription d'actions",
}


class French(Prose):
    lang = "fr"
    open_quote = "«\u00a0"
    close_quote = "\u00a0»"

    def anyone(self) -> str:
        return "tout tiers"

    def the_agreement(self) -> str:
        return "l'accord"

    def thing(self, name: str) -> str:
        return self.quote(self.term_label(name))

    def event(self, name: str) -> str:
        return f"l'événement {self.quote(self.event_label(name))}"

    def _colon(self) -> str:
        return f"{NNBSP}:"

    # -- dates ----------------------------------------------------------------------------

    def date_np(self, expr: ast.Expr) -> str:
        fixed = self.static_date(expr)
        if fixed is not None:
            return f"le {self.fmt.date(fixed)}"
        match expr:
            case ast.Ref(parts=parts):
                name = ".".join(parts)
                if name == "long_stop":
                    return "la date butoir"
                if name == "effective":
                    return "la date d'effet"
                return (
                    attribute_np(self, name) or f"la date à laquelle {self.event(name)} se produit"
                )
            case ast.Offset(base=base, sign=sign, amount=amount):
                from termlang.dates import duration_of

                duration = duration_of(amount)
                length = self.fmt.duration(duration) if duration else "un délai"
                return f"{length} {'après' if sign > 0 else 'avant'} {self.date_np(base)}"
            case ast.Call(func=func, args=args) if func in ("earliest", "latest"):
                which = "la première" if func == "earliest" else "la dernière"
                listed = self.fmt.join([self.date_np(x) for x in args])
                return f"{which} des dates suivantes{self._colon()} {listed}"
        return "une date à convenir"

    # -- conditions -----------------------------------------------------------------------

    def cond(self, expr: ast.Expr) -> str:
        match expr:
            case ast.Ref(parts=parts):
                return f"{self.event('.'.join(parts))} se produit"
            case ast.Not(operand=operand):
                return (
                    f"la condition suivante n'est pas remplie{self._colon()} {self.cond(operand)}"
                )
            case ast.And(left=left, right=right):
                return f"{self._group(left, ast.Or)} et {self._group(right, ast.Or)}"
            case ast.Or(left=left, right=right):
                return f"{self._group(left, ast.And)} ou {self._group(right, ast.And)}"
            case ast.TimeRel(op=op, left=None, right=right):
                return f"la date du jour est {_NOW.get(op, op)} {a(self.date_np(right))}"
            case ast.TimeRel(op=op, left=ast.Ref() as left, right=right):
                return f"{self.cond(left)} {_TIMEREL.get(op, op)} {self.date_np(right)}"
            case ast.Compare() if aggregate_cond(self, expr) is not None:
                return aggregate_cond(self, expr) or ""
            case ast.Compare(op=op, left=ast.Call(func=func, args=args), right=right):
                stream = self.thing(args[0].name) if args and isinstance(args[0], ast.Ref) else ""
                what = (
                    "le chiffre d'affaires cumulé"
                    if func == "cumulative_revenue"
                    else "le chiffre d'affaires de la période en cours"
                )
                return f"{what} de {stream} {_COMPARE.get(op, op)} {self._amount(right)}"
            case ast.Call(func=func, args=args) if func in _PREDICATE:
                target = args[0].name if args and isinstance(args[0], ast.Ref) else func
                if target == "agreement":
                    return f"{self._clause_np(target)} {_PREDICATE_AGREEMENT[func]}"
                noun = "la tranche" if "." in target else "la clause"
                return f"{noun} {self.clause_title(target)} {_PREDICATE[func]}"
        return "une condition à convenir"

    def cond_if(self, expr: ast.Expr) -> str:
        if isinstance(expr, ast.Not):
            return f"sauf si {self.cond(expr.operand)}"
        return f"si {self.cond(expr)}"

    def moment(self, expr: ast.Expr) -> str:
        if isinstance(expr, ast.Ref) and expr.name not in ("effective", "long_stop"):
            return f"Dès que {self.event(expr.name)} se produit"
        return f"À partir {de(self.date_np(expr))}"

    def window(self, clause: AnyClause) -> str:
        window = clause.window
        if not self.has_window(window, clause):
            return ""
        begin = f"à partir {de(self.date_np(window.start))}" if window is not None else ""
        if clause.starts_when is not None:
            once = f"dès que {self.cond(clause.starts_when)}"
            begin = f"{begin} (mais seulement {once})" if begin else once
        end = window.end if window is not None else None
        if end is not None and clause.ends_when is not None:
            until = (
                f"{jusqua(self.date_np(end))} ou, le cas échéant plus tôt, jusqu'au moment où "
                f"{self.cond(clause.ends_when)}"
            )
        elif end is not None:
            until = jusqua(self.date_np(end))
        elif clause.ends_when is not None:
            until = f"jusqu'au moment où {self.cond(clause.ends_when)}"
        else:
            until = "sans date de fin"
        if not begin:
            return until
        if end is None and clause.ends_when is None:
            return f"{begin}, {until}"
        return f"{begin} et {until}"

    def _tail(self, clause: AnyClause) -> str:
        window = self.window(clause)
        return f", {window}" if window else ""

    def _plural(self, names: tuple[str, ...], one: str, many: str) -> str:
        return one if len(names) == 1 else many

    # -- clauses --------------------------------------------------------------------------

    def clause_sentences(self, clause: AnyClause) -> list[str]:
        out: list[str] = []
        tail = self._tail(clause)
        match clause:
            case PriorityAccess():
                grantee = self.who(clause.grantee)
                asset = self.thing(clause.asset)
                if clause.lead_time is not None:
                    lead = self.fmt.duration(clause.lead_time)
                    out.append(f"{grantee} peut utiliser {asset} {lead} avant tout tiers{tail}.")
                else:
                    out.append(f"{grantee} bénéficie d'un accès prioritaire {a(asset)}{tail}.")
                for tier in clause.tiers:
                    out.append(
                        f"{self.who(tier.grantee)} y a accès "
                        f"{self.fmt.duration(tier.after)} après {grantee}."
                    )
            case Split():
                out.append(
                    f"Répartition {de(self.thing(clause.asset))}{self._colon()} "
                    f"{self._shares(clause.shares)}{tail}."
                )
                for step in clause.steps:
                    out.append(
                        f"{self.moment(step.at)}, la répartition devient{self._colon()} "
                        f"{self._shares(step.shares)}."
                    )
            case Investment():
                text = f"{self.who(clause.investor)} investit"
                if clause.commitment is not None:
                    text += f" {self.fmt.money(clause.commitment)}"
                text += f" dans {self.who(clause.recipient)}"
                if clause.instrument:
                    # a common instrument in French; any other as the file writes it, quoted
                    known = _INSTRUMENTS.get(clause.instrument.lower().replace("_", " "))
                    shown = known or self.quote(clause.instrument.replace("_", " "))
                    text += f" sous la forme {de(shown)}"
                if clause.return_cap is not None:
                    text += (
                        f", avec un rendement plafonné à {self.fmt.multiple(clause.return_cap)} "
                        "la mise"
                    )
                out.append(f"{text}{tail}.")
            case Compute():
                provider, beneficiary = self.who(clause.provider), self.who(clause.beneficiary)
                if clause.capacity is not None:
                    out.append(
                        f"{provider} fournit {a(beneficiary)} une capacité de calcul de "
                        f"{self.fmt.quantity(clause.capacity)}{tail}."
                    )
                else:
                    out.append(
                        f"{provider} fournit de la capacité de calcul {a(beneficiary)}{tail}."
                    )
                for step in clause.steps:
                    out.append(
                        f"{self.moment(step.at)}, la capacité passe à {self.step_value(step)}."
                    )
                for target in clause.targets:
                    by = f" {a(self.date_np(target.by))}" if target.by is not None else ""
                    out.append(
                        f"Objectif{by}{self._colon()} {self.metric(target.metric)} "
                        f"{_TARGET.get(target.op, target.op)} {self.value(target.value)}."
                    )
            case RevenueShare():
                text = (
                    f"{self.who(clause.payer)} verse {a(self.who(clause.payee))} "
                    f"{self.fmt.percent(clause.rate)} {de(self.things(clause.streams))} "
                    f"{self.fmt.period(clause.period)}"
                )
                if clause.cap is not None:
                    text += f", dans la limite d'un total de {self.fmt.money(clause.cap)}"
                elif clause.cap_multiple is not None:
                    of = f" au titre de {self.clause_title(clause.cap_of)}" if clause.cap_of else ""
                    text += (
                        f", dans la limite de {self.fmt.multiple(clause.cap_multiple)} "
                        f"la somme investie{of}"
                    )
                out.append(f"{text}{tail}.")
                if clause.due is not None:
                    out.append(
                        f"Chaque paiement est exigible {self.fmt.duration(clause.due)} après la "
                        "fin de la période concernée."
                    )
                for step in clause.steps:
                    out.append(f"{self.moment(step.at)}, le taux passe à {self.step_value(step)}.")
            case Obligation():
                out.extend(self._obligation(clause, tail))
            case _ if not isinstance(clause, Termination):
                from termlang.render.prose_more import more_sentences

                out.extend(more_sentences(self, clause, tail))
            case Termination():
                ends = clause.ends
                if ends == ("agreement",):
                    subject = "L'accord prend fin"
                elif len(ends) == 1:
                    subject = f"La clause {self.clause_title(ends[0])} prend fin"
                else:
                    titles = self.fmt.join([self.clause_title(n) for n in ends])
                    subject = f"Les clauses {titles} prennent fin"
                conditions = []
                if clause.when is not None:
                    conditions.append(self.cond_if(clause.when))
                if clause.on is not None:
                    conditions.append(self.date_np(clause.on))
                terms = term_sentences(self, clause, fr=True)
                if conditions or not terms:
                    out.append(f"{subject} {' et '.join(conditions) or 'sur préavis'}{tail}.")
                out.extend(terms)
        out.extend(each_sentences(self, clause))
        survives = getattr(clause, "survives", None)
        if survives is True:
            out.append("Elle reste en vigueur sans limite au-delà de sa fin normale.")
        elif survives not in (None, False):
            out.append(
                f"Elle survit {self.fmt.duration(survives)} à sa fin (expiration, résiliation "
                "ou caducité)."
            )
        return out

    def target(self, target: Any) -> str:
        op = _TARGET.get(target.op, target.op)
        return f"{self.metric(target.metric)} {op} {self.value(target.value)}"

    def _shares(self, shares: tuple[Any, ...]) -> str:
        return self.fmt.join(
            [f"{self.fmt.percent(s.percent)} pour {self.who(s.party)}" for s in shares]
        )

    def _obligation(self, clause: Obligation, tail: str) -> list[str]:
        parties = self.whos(clause.parties)
        many = len(clause.parties) > 1
        verb = {
            "must": "doivent respecter l'engagement suivant"
            if many
            else "doit respecter l'engagement suivant",
            "must_not": "doivent s'abstenir de ce qui suit"
            if many
            else "doit s'abstenir de ce qui suit",
            "may": "peuvent" if many else "peut",
        }.get(clause.modality, clause.modality)
        text = f"{parties} {verb}{self._colon()} {self.quote(clause.action)}"
        if clause.within is not None and clause.trigger is not None:
            text += (
                f", dans un délai de {self.fmt.duration(clause.within)} à compter du moment où "
                f"{self.cond(clause.trigger)}"
            )
        elif clause.trigger is not None:
            text = f"Dès que {self.cond(clause.trigger)}, {text}"
        if clause.deadline is not None and clause.modality == "must_not":
            text += f", avant {self.date_np(clause.deadline)}"  # « pas avant D » : D est libre
        elif clause.deadline is not None:
            text += f", au plus tard {self.date_np(clause.deadline)}"
        out = [f"{text}{tail}."]
        if clause.fulfilled_by is not None and clause.modality == "may":
            out.append(
                f"L'option est exercée lorsque {self.event(clause.fulfilled_by)} se produit."
            )
        elif clause.fulfilled_by is not None:
            out.append(
                f"L'obligation est remplie lorsque {self.event(clause.fulfilled_by)} se produit."
            )
        out.extend(s for s in [exercise_sentence(self, clause)] if s)  # render/prose_options.py
        consequences = self.consequences(clause)
        if clause.breached_by is not None:
            text = f"Si {self.event(clause.breached_by)} se produit, l'obligation est violée"
            out.append(f"{text}, ce qui entraîne {consequences}." if consequences else f"{text}.")
        elif consequences:
            out.append(f"Une violation entraîne {consequences}.")
        return out

    def consequences(self, clause: Obligation) -> str:
        return self.fmt.join(
            [
                f"{_ACTIONS.get(c.action, c.action)} "
                f"{de(self.fmt.join([self._clause_np(n) for n in c.clauses]))}"
                for c in clause.on_breach
            ]
        )

    def _clause_np(self, name: str) -> str:
        if name == "agreement":
            return "l'accord"
        return f"la clause {self.clause_title(name)}"

    def carve_out_sentence(self, clause: AnyClause, carve: object) -> str:
        assert isinstance(carve, CarveOut) and isinstance(clause, Exclusivity)
        scope = self.things(carve.scope) if carve.scope else "l'ensemble du périmètre exclusif"
        verb = self._plural(clause.binds, "peut", "peuvent")
        text = (
            f"Par exception, {self.whos(clause.binds)} {verb} traiter avec "
            f"{self.who(carve.entity)} pour {scope}"
        )
        cap, cap_of = carve_cap(carve)
        if cap is not None:
            of = f" {de(cap_of.replace('_', ' '))}" if cap_of else ""
            text += f", dans la limite de {self.fmt.percent(cap)}{of}"
        if carve.when is not None:
            text += f", {self.cond_if(carve.when)}"
        if carve.window is not None:
            text += f", à partir {de(self.date_np(carve.window.start))}"
            if carve.window.end is not None:
                text += f" et {jusqua(self.date_np(carve.window.end))}"
        return f"{text}."

    def tranche_sentence(self, tranche: object) -> str:
        assert isinstance(tranche, Tranche)
        text = f"Versement de {self.fmt.money(tranche.amount)}"
        if tranche.on is not None:
            text += f" {self.date_np(tranche.on)}"
        if tranche.when is not None:
            text += f" dès que {self.cond(tranche.when)}"
        if tranche.deadline is not None:
            text += (
                f", à condition que cela intervienne au plus tard {self.date_np(tranche.deadline)}"
                f"{NNBSP}; à défaut, la tranche devient caduque"
            )
        return f"{text}."


__all__ = ["French", "capitalize"]
