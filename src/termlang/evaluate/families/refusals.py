"""Rights of first refusal and first offer: offers made to the holder and decided (answered,
or lapsed into the silence rule), and third-party deals judged against them (docs/mechanics.md,
"First refusal"). The arithmetic is `termlang.mechanics.refusal`."""

from __future__ import annotations

from datetime import date

from termlang import model
from termlang.evaluate import timeline as tl
from termlang.evaluate.core import Family
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason, deal_reason
from termlang.evaluate.status import Status
from termlang.mechanics import refusal as refusal_mech


class Refusals(Family):
    """The handler of `first_refusal` and `first_offer` clauses."""

    def setup(self, c: model.AnyClause, start: date | None) -> None:
        if isinstance(c, model.FirstRefusal):
            self.setup_refusal(c)

    def setup_refusal(self, c: model.FirstRefusal) -> None:
        holidays = self.core.m.holidays(c.calendar("respond_within"))
        silence = refusal_mech.Silence(c.silence)
        outcomes: list[refusal_mech.OfferOutcome] = []
        for made in self.core.scenario.offers:
            if made.clause != c.name:
                continue
            outcome = refusal_mech.decide(
                refusal_mech.Offer(made.made, made.price, made.response, made.responded),
                c.respond_within,
                silence,
                holidays,
            )
            outcomes.append(outcome)
            self.core.at(outcome.made, Phase.DATED, self.offer_made, c, outcome)
            self.core.at(outcome.decided, Phase.DATED, self.offer_decided, c, outcome)
        for deal in self.core.scenario.third_party_deals:
            if deal.clause == c.name:
                self.core.at(deal.on, Phase.SETTLE, self.third_party_deal, c, deal, tuple(outcomes))

    def offer_made(self, t: date, c: model.FirstRefusal, o: refusal_mech.OfferOutcome) -> None:
        if not self.core.in_force(c.name):
            return
        self.core.record(
            t,
            c.name,
            tl.OFFER,
            None,
            refusal_mech.OfferState.OPEN,
            Reason.of(
                "offer_made",
                seller=c.binds[0] if c.binds else c.name,
                holder=c.holder,
                price=o.price,
                deadline=o.deadline,
            ),
            refusal_mech.OfferState.OPEN,
        )

    def offer_decided(self, t: date, c: model.FirstRefusal, o: refusal_mech.OfferOutcome) -> None:
        if not self.core.in_force(c.name):
            return
        why: Reason
        if o.state == refusal_mech.OfferState.LAPSED:
            why = Reason.of(
                "offer_unanswered",
                deadline=o.deadline,
                counts="decline" if o.deemed == "decline" else "accept",
                late="yes" if o.late_response else "no",
            )
        else:
            why = Reason.of(
                "offer_answered", holder=c.holder, answer=o.state, price=o.price, on=o.decided
            )
        self.core.record(t, c.name, tl.OFFER, refusal_mech.OfferState.OPEN, o.state, why, o.state)

    def third_party_deal(
        self,
        t: date,
        c: model.FirstRefusal,
        deal: model.ThirdPartyDeal,
        outcomes: tuple[refusal_mech.OfferOutcome, ...],
    ) -> None:
        if not self.core.in_force(c.name):
            status = self.core.status.get(c.name, Status.PENDING)
            judged = tl.Deal(
                on=t,
                price=deal.price,
                permitted=True,
                reason=Reason.of("not_in_force", clause=c.name, status=status),
            )
        else:
            offered = [o.price.currency for o in outcomes if o.made <= t]
            if offered and offered[-1] != deal.price.currency:
                # no exchange rate applies to a negotiated price: terms cannot be compared
                judged = tl.Deal(
                    on=t,
                    price=deal.price,
                    permitted=False,
                    reason=Reason.of(
                        "deal_currency", currency=deal.price.currency, offered=offered[-1]
                    ),
                )
            else:
                result = refusal_mech.judge_deal(
                    t, deal.price, outcomes, refusal_mech.Deal(c.deal), c.deal_within
                )
                judged = tl.Deal(
                    on=t,
                    price=deal.price,
                    permitted=result.permitted,
                    reason=deal_reason(result),
                )
        verdict = "permitted" if judged.permitted else "breach"
        self.core.record(
            t,
            c.name,
            tl.DEAL,
            None,
            verdict,
            Reason.of(
                "deal_judged" if judged.permitted else "deal_breach",
                price=deal.price,
                on=t,
                clause=c.name,
                cause=judged.reason,
            ),
            judged,
        )
