"""English sentences about a model."""

from __future__ import annotations

from typing import Any

from termlang import ast
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

_TIMEREL = {
    "before": "before",
    "after": "after",
    "on_or_before": "on or before",
    "on_or_after": "on or after",
}
_COMPARE = {
    ">=": "reaches",
    ">": "exceeds",
    "<": "is below",
    "<=": "does not exceed",
    "==": "equals",
    "!=": "differs from",
}
_TARGET = {
    "<=": "at most",
    ">=": "at least",
    "<": "below",
    ">": "above",
    "==": "exactly",
    "!=": "other than",
}
_PREDICATE = {
    "active": "is in force",
    "ended": "has ended",
    "expired": "has expired",
    "terminated": "has been terminated",
    "lapsed": "has lapsed",
    "suspended": "is suspended",
    "started": "has started",
    "breached": "has been breached",
    "fulfilled": "has been fulfilled",
    "funded": "has been funded",
    "cap_reached": "has reached its cap",
}
_ACTIONS = {"suspend": "suspends", "terminate": "terminates"}


class English(Prose):
    lang = "en"
    open_quote = "“"
    close_quote = "”"

    def anyone(self) -> str:
        return "any third party"

    def the_agreement(self) -> str:
        return "the agreement"

    # -- dates ----------------------------------------------------------------------------

    def date_np(self, expr: ast.Expr) -> str:
        fixed = self.static_date(expr)
        if fixed is not None:
            return self.fmt.date(fixed)
        match expr:
            case ast.Ref(parts=parts):
                name = ".".join(parts)
                if name == "long_stop":
                    return "the long-stop date"
                if name == "effective":
                    return "the effective date"
                return attribute_np(self, name) or f"the date on which {self.event_label(name)}"
            case ast.Offset(base=base, sign=sign, amount=amount):
                from termlang.dates import duration_of

                duration = duration_of(amount)
                length = self.fmt.duration(duration) if duration else "some time"
                return f"{length} {'after' if sign > 0 else 'before'} {self.date_np(base)}"
            case ast.Call(func=func, args=args) if func in ("earliest", "latest"):
                parts_np = [self.date_np(a) for a in args]
                if len(parts_np) == 2:
                    which = "earlier" if func == "earliest" else "later"
                else:
                    which = func
                return f"the {which} of {self.fmt.join(parts_np)}"
        return "a date to be agreed"

    # -- conditions -----------------------------------------------------------------------

    def cond(self, expr: ast.Expr) -> str:
        match expr:
            case ast.Ref(parts=parts):
                return self.occurs(".".join(parts))
            case ast.Not(operand=operand):
                return f"it is not the case that {self.cond(operand)}"
            case ast.And(left=left, right=right):
                return f"{self._group(left, ast.Or)} and {self._group(right, ast.Or)}"
            case ast.Or(left=left, right=right):
                return f"{self._group(left, ast.And)} or {self._group(right, ast.And)}"
            case ast.TimeRel(op=op, left=None, right=right):
                return f"the date is {_TIMEREL.get(op, op)} {self.date_np(right)}"
            case ast.TimeRel(op=op, left=ast.Ref() as left, right=right):
                return f"{self.cond(left)} {_TIMEREL.get(op, op)} {self.date_np(right)}"
            case ast.Compare() if aggregate_cond(self, expr) is not None:
                return aggregate_cond(self, expr) or ""
            case ast.Compare(op=op, left=ast.Call(func=func, args=args), right=right):
                stream = self.thing(args[0].name) if args and isinstance(args[0], ast.Ref) else ""
                what = (
                    "cumulative revenue from"
                    if func == "cumulative_revenue"
                    else "revenue for the current period from"
                )
                return f"{what} {stream} {_COMPARE.get(op, op)} {self._amount(right)}"
            case ast.Call(func=func, args=args) if func in _PREDICATE:
                target = args[0].name if args and isinstance(args[0], ast.Ref) else func
                return f"{self.clause_title(target)} {_PREDICATE[func]}"
        return "a condition to be agreed"

    def cond_if(self, expr: ast.Expr) -> str:
        if isinstance(expr, ast.Not):
            return f"unless {self.cond(expr.operand)}"
        return f"if {self.cond(expr)}"

    def moment(self, expr: ast.Expr) -> str:
        if isinstance(expr, ast.Ref) and expr.name not in ("effective", "long_stop"):
            return f"Once {self.event_label(expr.name)}"
        return f"From {self.date_np(expr)}"

    def window(self, clause: AnyClause) -> str:
        """ "from A until B or, if earlier, until C" (empty when the clause has no window)."""
        window = clause.window
        if not self.has_window(window, clause):
            return ""
        begin = f"from {self.date_np(window.start)}" if window is not None else ""
        if clause.starts_when is not None:
            once = f"once {self.cond(clause.starts_when)}"
            begin = f"{begin} (but only {once})" if begin else once
        end = window.end if window is not None else None
        if end is not None and clause.ends_when is not None:
            until = f"until {self.date_np(end)} or, if earlier, until {self.cond(clause.ends_when)}"
        elif end is not None:
            until = f"until {self.date_np(end)}"
        elif clause.ends_when is not None:
            until = f"until {self.cond(clause.ends_when)}"
        else:
            until = "with no end date"
        if not begin:
            return until
        return (
            f"{begin}, {until}" if end is None and clause.ends_when is None else f"{begin} {until}"
        )

    def _tail(self, clause: AnyClause) -> str:
        window = self.window(clause)
        return f", {window}" if window else ""

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
                    out.append(f"{grantee} may use {asset} {lead} before any third party{tail}.")
                else:
                    out.append(f"{grantee} has priority access to {asset}{tail}.")
                for tier in clause.tiers:
                    out.append(
                        f"{self.who(tier.grantee)} gets access "
                        f"{self.fmt.duration(tier.after)} after {grantee}."
                    )
            case Split():
                out.append(
                    f"{capitalize(self.thing(clause.asset))} is held "
                    f"{self._shares(clause.shares)}{tail}."
                )
                for step in clause.steps:
                    out.append(
                        f"{self.moment(step.at)}, it is held {self._shares(step.shares)} instead."
                    )
            case Investment():
                text = f"{self.who(clause.investor)} invests"
                if clause.commitment is not None:
                    text += f" {self.fmt.money(clause.commitment)}"
                text += f" in {self.who(clause.recipient)}"
                if clause.instrument:
                    text += f" in the form of {clause.instrument}"
                if clause.return_cap is not None:
                    text += (
                        f", with returns capped at {self.fmt.multiple(clause.return_cap)} "
                        "the amount invested"
                    )
                out.append(f"{text}{tail}.")
            case Compute():
                provider, beneficiary = self.who(clause.provider), self.who(clause.beneficiary)
                if clause.capacity is not None:
                    out.append(
                        f"{provider} provides {beneficiary} with "
                        f"{self.fmt.quantity(clause.capacity)} of computing capacity{tail}."
                    )
                else:
                    out.append(f"{provider} provides computing capacity to {beneficiary}{tail}.")
                for step in clause.steps:
                    out.append(
                        f"{self.moment(step.at)}, the capacity becomes {self.step_value(step)}."
                    )
                for target in clause.targets:
                    by = f" by {self.date_np(target.by)}" if target.by is not None else ""
                    out.append(
                        f"Target{by}: {self.metric(target.metric)} of "
                        f"{_TARGET.get(target.op, target.op)} {self.value(target.value)}."
                    )
            case RevenueShare():
                text = (
                    f"{self.who(clause.payer)} pays {self.who(clause.payee)} "
                    f"{self.fmt.percent(clause.rate)} of {self.things(clause.streams)} "
                    f"{self.fmt.period(clause.period)}"
                )
                if clause.cap is not None:
                    text += f", up to a total of {self.fmt.money(clause.cap)}"
                elif clause.cap_multiple is not None:
                    of = f" under {self.clause_title(clause.cap_of)}" if clause.cap_of else ""
                    text += (
                        f", up to {self.fmt.multiple(clause.cap_multiple)} the amount invested{of}"
                    )
                out.append(f"{text}{tail}.")
                if clause.due is not None:
                    out.append(
                        f"Each payment is due {self.fmt.duration(clause.due)} after the end of "
                        "its period."
                    )
                for step in clause.steps:
                    out.append(f"{self.moment(step.at)}, the rate becomes {self.step_value(step)}.")
            case Obligation():
                out.extend(self._obligation(clause, tail))
            case _ if not isinstance(clause, Termination):
                from termlang.render.prose_more import more_sentences

                out.extend(more_sentences(self, clause, tail))
            case Termination():
                ends = clause.ends
                if ends == ("agreement",):
                    subject = "The agreement ends"
                else:
                    subject = f"{self.fmt.join([self.clause_title(n) for n in ends])} end"
                    if len(ends) == 1:
                        subject += "s"
                subject = capitalize(subject)
                conditions = []
                if clause.when is not None:
                    conditions.append(self.cond_if(clause.when))
                if clause.on is not None:
                    conditions.append(f"on {self.date_np(clause.on)}")
                terms = term_sentences(self, clause, fr=False)
                if conditions or not terms:
                    out.append(f"{subject} {' and '.join(conditions) or 'by notice'}{tail}.")
                out.extend(terms)
        out.extend(each_sentences(self, clause))
        survives = getattr(clause, "survives", None)
        if survives is True:
            out.append("It stays in force without limit after it would otherwise end.")
        elif survives not in (None, False):
            out.append(
                f"It survives for {self.fmt.duration(survives)} after it would otherwise end "
                "(expiry, termination or lapse)."
            )
        return out

    def target(self, target: Any) -> str:
        op = _TARGET.get(target.op, target.op)
        return f"{self.metric(target.metric)} of {op} {self.value(target.value)}"

    def _shares(self, shares: tuple[Any, ...]) -> str:
        return self.fmt.join(
            [f"{self.fmt.percent(s.percent)} by {self.who(s.party)}" for s in shares]
        )

    def _obligation(self, clause: Obligation, tail: str) -> list[str]:
        parties = self.whos(clause.parties)
        verb = {"must": "must", "must_not": "must not", "may": "may"}.get(
            clause.modality, clause.modality
        )
        text = f"{parties} {verb} {clause.action}"
        if clause.within is not None and clause.trigger is not None:
            text += f" within {self.fmt.duration(clause.within)} after {self.cond(clause.trigger)}"
        elif clause.trigger is not None:
            text = f"Once {self.cond(clause.trigger)}, {text}"
        if clause.deadline is not None and clause.modality == "must_not":
            text += f" before {self.date_np(clause.deadline)}"  # "not before D": D is free
        elif clause.deadline is not None:
            text += f", no later than {self.date_np(clause.deadline)}"
        out = [f"{text}{tail}."]
        if clause.fulfilled_by is not None and clause.modality == "may":
            out.append(f"The option is exercised when {self.event_label(clause.fulfilled_by)}.")
        elif clause.fulfilled_by is not None:
            out.append(f"The obligation is fulfilled when {self.event_label(clause.fulfilled_by)}.")
        out.extend(s for s in [exercise_sentence(self, clause)] if s)  # render/prose_options.py
        consequences = self.consequences(clause)
        if clause.breached_by is not None:
            text = f"If {self.event_label(clause.breached_by)}, the obligation is breached"
            out.append(f"{text}, which {consequences}." if consequences else f"{text}.")
        elif consequences:
            out.append(f"A breach {consequences}.")
        return out

    def consequences(self, clause: Obligation) -> str:
        return self.fmt.join(
            [
                f"{_ACTIONS.get(c.action, c.action)} "
                f"{self.fmt.join([self.clause_title(n) for n in c.clauses])}"
                for c in clause.on_breach
            ]
        )

    def carve_out_sentence(self, clause: AnyClause, carve: object) -> str:
        assert isinstance(carve, CarveOut) and isinstance(clause, Exclusivity)
        scope = self.things(carve.scope) if carve.scope else "the whole exclusive scope"
        text = (
            f"By exception, {self.whos(clause.binds)} may deal with {self.who(carve.entity)} "
            f"for {scope}"
        )
        cap, cap_of = carve_cap(carve)
        if cap is not None:
            of = f" of {cap_of.replace('_', ' ')}" if cap_of else ""
            text += f", up to {self.fmt.percent(cap)}{of}"
        if carve.when is not None:
            text += f", {self.cond_if(carve.when)}"
        if carve.window is not None:
            text += f", from {self.date_np(carve.window.start)}"
            if carve.window.end is not None:
                text += f" until {self.date_np(carve.window.end)}"
        return f"{text}."

    def tranche_sentence(self, tranche: object) -> str:
        assert isinstance(tranche, Tranche)
        text = f"Payment of {self.fmt.money(tranche.amount)}"
        if tranche.on is not None:
            text += f" on {self.date_np(tranche.on)}"
        if tranche.when is not None:
            text += f" once {self.cond(tranche.when)}"
        if tranche.deadline is not None:
            text += (
                f", provided this happens no later than {self.date_np(tranche.deadline)}; "
                "otherwise the tranche lapses"
            )
        return f"{text}."
