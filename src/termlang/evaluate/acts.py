"""Third-party acts: what a party did outside the agreement, judged on its date (§13).

`deal openai oracle compute_sourcing 2026-03-10 USD 10B` (a purchase, a sale, a partnership)
and `grant licensor other_co territory 2026-05-01` (a licence to someone else) are judged on
their date, after that day's offers are decided, against every clause they touch:

* each `exclusivity` in force that binds the party, whose scope overlaps the act's scope
  (one within the other): the act is `permitted (carve-out x)` when a carve-out in force
  covers the counterparty (`with` it, or `any`) and the act's scope (within the carve-out's
  scope); `permitted` when the counterparty is one of the parties the exclusivity benefits;
  otherwise a `breach` of the exclusivity. A carve-out's volume `cap` is stated in the reason
  (the scenario gives no total to measure it against);
* each `first_refusal` / `first_offer` in force that binds the party, for a `deal`, whose
  scope overlaps: judged like a `third_party` line (`permitted (ROFR declined)` when the
  holder declined an offer and the deal comes in time and on terms no better), with the
  act's amount as its price; a deal without an amount cannot be shown to respect the offer,
  and is a breach.

A clause that is not in force does not judge the act. An act that no clause in force touches
is `permitted`, and the reason says so. The verdicts are `act` changes (subject: the clause,
or the party when nothing touches the act) and `State.acts`; a breach does not end the clause.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from attrs import frozen

from termlang import model
from termlang.evaluate import timeline as tl
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason, deal_reason
from termlang.evaluate.status import Status
from termlang.mechanics import refusal as refusal_mech

PH_SETTLE = Phase.SETTLE  # after the day's offers are decided
ACT = tl.ACT


@frozen(kw_only=True)
class Judged:
    """One act under one clause (or under none: `clause` is None)."""

    verb: str
    party: str
    counterparty: str
    scope: str
    on: date
    amount: Any  # Money | None
    clause: str | None
    permitted: bool
    via: str | None  # what permitted it: `carve-out x`, `ROFR declined`, ...
    reason: Reason

    @classmethod
    def of(
        cls, act: model.Act, clause: str | None, permitted: bool, via: str | None, reason: Reason
    ) -> Judged:
        """`act` judged under `clause` (acts.py for exclusivities and refusals, grants.py for
        licences)."""
        return cls(
            verb=act.verb,
            party=act.party,
            counterparty=act.counterparty,
            scope=act.scope,
            on=act.on,
            amount=act.amount,
            clause=clause,
            permitted=permitted,
            via=via,
            reason=reason,
        )

    @property
    def verdict(self) -> str:
        return "permitted" if self.permitted else "breach"

    def to_json(self) -> dict[str, Any]:
        return {
            "act": self.verb,
            "party": self.party,
            "counterparty": self.counterparty,
            "scope": self.scope,
            "on": self.on.isoformat(),
            "amount": None if self.amount is None else str(self.amount),
            "clause": self.clause,
            "verdict": self.verdict,
            "via": self.via,
            "reason": str(self.reason),
        }


class Acts:
    """A part of `facts.Facts` (see evaluate/facts.py and the module docstring)."""

    m: model.Model
    scenario: model.Scenario
    status: dict[str, str]
    at: Callable[..., None]
    record: Callable[..., None]
    judge_grant: Callable[[date, model.Act], bool]

    def setup_acts(self) -> None:
        self.judged: list[Judged] = []
        for act in self.scenario.acts:
            self.at(act.on, PH_SETTLE, self.judge_act, act)

    def judge_act(self, t: date, act: model.Act) -> None:
        found: list[Judged] = []
        for c in self.m.clauses.values():
            if self.status.get(c.name) != Status.ACTIVE:
                continue
            if not isinstance(c, model.Exclusivity | model.FirstRefusal):
                continue
            scopes = act_scopes(self.m, act)  # a grant's fields and territories too
            if act.party not in c.binds or not any_overlap(self.m, scopes, c.scope):
                continue
            if isinstance(c, model.Exclusivity):
                found.append(self.under_exclusivity(t, act, c))
            elif act.verb == "deal":
                found.append(self.under_refusal(t, act, c))
        licensed = self.judge_grant(t, act)  # licences: evaluate/grants.py
        if not found and not licensed:
            found.append(
                Judged.of(
                    act,
                    None,
                    True,
                    None,
                    Reason.of("no_restriction", on=t, scope=act.scope, party=act.party),
                )
            )
        for j in found:
            self.judged.append(j)
            subject = j.clause or act.party
            said = {
                "party": act.party,
                "verb": act.verb,
                "counterparty": act.counterparty,
                "scope": act.scope,
                "on": t,
                "cause": j.reason,
            }
            if j.permitted:
                why = Reason.of("act_permitted", via=j.via, **said)
            else:
                why = Reason.of("act_breach", clause=j.clause, **said)
            self.record(t, subject, ACT, None, j.verdict, why, j)

    def under_exclusivity(self, t: date, act: model.Act, c: model.Exclusivity) -> Judged:
        if act.counterparty in c.benefits:
            return Judged.of(
                act,
                c.name,
                True,
                None,
                Reason.of("act_beneficiary", counterparty=act.counterparty, clause=c.name),
            )
        for co in c.carve_outs:
            part = f"{c.name}.{co.name}"
            if self.status.get(part) != Status.ACTIVE:
                continue
            anyone = co.entity in (None, "any")
            if not anyone and co.entity != act.counterparty:
                continue
            touching = [a for a in act_scopes(self.m, act) if any_overlap(self.m, (a,), c.scope)]
            if co.scope and not all(any(self.m.contains(s, a) for s in co.scope) for a in touching):
                continue
            lets = Reason.of(
                "carve_out_lets",
                carve=part,
                party=act.party,
                anyone="yes" if anyone else "no",
                entity=None if anyone else co.entity,
                scopes=tuple(co.scope or c.scope),
                cap=co.cap,
                cap_base=(co.cap_of or "the total") if co.cap is not None else None,
            )
            return Judged.of(act, c.name, True, f"carve-out {part}", lets)
        return Judged.of(
            act,
            c.name,
            False,
            None,
            Reason.of(
                "exclusivity_binds",
                clause=c.name,
                party=act.party,
                scopes=tuple(c.scope),
                benefits=tuple(c.benefits),
                counterparty=act.counterparty,
                scope=act.scope,
            ),
        )

    def under_refusal(self, t: date, act: model.Act, c: model.FirstRefusal) -> Judged:
        if act.amount is None:
            return Judged.of(
                act,
                c.name,
                False,
                None,
                Reason.of("act_no_amount", holder=c.holder),
            )
        holidays = self.m.holidays(c.calendar("respond_within"))
        outcomes = [
            refusal_mech.decide(
                refusal_mech.Offer(o.made, o.price, o.response, o.responded),
                c.respond_within,
                refusal_mech.Silence(c.silence),
                holidays,
            )
            for o in self.scenario.offers
            if o.clause == c.name
        ]
        offered = [o.price.currency for o in outcomes if o.made <= t]
        if offered and offered[-1] != act.amount.currency:
            return Judged.of(
                act,
                c.name,
                False,
                None,
                Reason.of("act_currency", currency=act.amount.currency, offered=offered[-1]),
            )
        result = refusal_mech.judge_deal(
            t, act.amount, outcomes, refusal_mech.Deal(c.deal), c.deal_within
        )
        via = None
        if result.permitted and result.offer is not None:
            via = f"ROFR {result.offer.state}"
        why = deal_reason(result)
        return Judged.of(act, c.name, result.permitted, via, why)


def any_overlap(m: model.Model, mine: Iterable[str], theirs: Iterable[str]) -> bool:
    """Whether a scope of `mine` shares ground with one of `theirs` (`Model.overlaps`): how
    an act meets an exclusivity's, a refusal's or a licence's scopes."""
    return any(m.overlaps(a, b) for a in mine for b in theirs)


def act_scopes(m: model.Model, act: model.Act) -> tuple[str, ...]:
    """The scopes an act is in: its scope (unless a grant names an asset there), and a
    grant's fields and territories (evaluate/grants.py)."""
    term = m.terms.get(act.scope)
    own = () if term is not None and term.kind == "asset" else (act.scope,)
    return (*own, *act.fields, *act.territories)
