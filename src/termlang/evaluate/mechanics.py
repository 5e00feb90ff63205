"""The interpreter's side of the financing and commercial mechanics (docs/semantics.md, §8).

`Mechanics` is mixed into the `Engine`: it schedules, on the engine's heap, the change points
of rights of first refusal and first offer (offers and third-party deals), waterfalls
(distributions settled per period, targets reached), penalties (delay, force majeure, cap,
termination right, performance), loans (drawing, maturity), convertibles (the first event
that wins), minimum commitments (one measurement per period), allocations and survival. The
arithmetic itself is `termlang.mechanics`; this module only feeds it the scenario's figures
and records the outcomes as `Change`s with reasons.

Nothing is scheduled per day: a penalty that accrues daily has a handful of change points
(start, suspensions, cap, termination right, performance) and `Timeline.state_at` computes
the exact amount at any date from its `Accrual`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from termlang import model
from termlang.dates import window_end
from termlang.evaluate import instruments
from termlang.evaluate import timeline as tl
from termlang.evaluate.reasons import Reason, Why, deal_reason
from termlang.evaluate.revenue import Stream, build_streams, to_money
from termlang.evaluate.revenue import convert as convert_money
from termlang.mechanics import allocation as allocation_mech
from termlang.mechanics import penalty as penalty_mech
from termlang.mechanics import refusal as refusal_mech
from termlang.mechanics import waterfall as waterfall_mech
from termlang.mechanics.daycount import DayCount
from termlang.values import Duration, Money, Period, Quantity

ONE_DAY = timedelta(days=1)
# The engine's phases within one day (`engine.PH_*`), repeated here to avoid a cycle.
PH_END, PH_DATED, PH_SETTLE, PH_MEASURE = 1, 4, 5, 6
# The latest date a penalty's thresholds are searched up to when nothing bounds the delay.
FAR = date(9000, 1, 1)
SURVIVABLE = ("expired", "terminated", "lapsed")
STOPPING = ("terminated", "lapsed")  # what ends a penalty on a clause: nothing accrues after


def _fraction_text(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}" if value.denominator != 1 else str(value)


def _money(value: Money) -> str:
    return str(value.rounded())


def per_text(terms: penalty_mech.PenaltyTerms) -> str:
    """`GBP 60 per day`: the rate (rounded only when that loses nothing) per period."""
    rate = terms.rate.rounded() if terms.rate.rounded() == terms.rate else terms.rate
    per = str(terms.per)
    return f"{rate} per {per[2:] if terms.per.amount == 1 else per}"


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


class Mechanics:
    """Mixed into `Engine`; see the module docstring."""

    # provided by the engine
    m: model.Model
    scenario: model.Scenario
    env: Any
    end: date
    effective: date | None
    status: dict[str, str]
    payments: list[tl.Payment]
    invested: dict[str, Money]
    intervals: dict[str, list[list[date | None]]]
    streams: dict[str, Stream]
    at: Callable[..., None]
    record: Callable[..., None]
    set_status: Callable[..., bool]
    date_of: Callable[..., date | None]
    describe_date: Callable[..., str]

    def init_mechanics(self) -> None:
        self.distributions: list[tl.Distribution] = []
        self.accruals: list[tl.Accrual] = []
        self.accrual_stops: dict[tuple[str, str], date] = {}  # (penalty, what) -> stopped on
        self.loans: dict[str, tl.LoanAccrual] = {}
        self.cascades: dict[str, waterfall_mech.Cascade] = {}
        self.surviving: dict[str, date | None] = {}
        self.survival_over: set[str] = set()
        self.penalties_on: dict[str, list[model.Penalty]] = {}
        for c in self.m.clauses.values():
            if isinstance(c, model.Penalty):
                self.penalties_on.setdefault(c.on, []).append(c)
        money_series = [
            s
            for s in self.scenario.series
            if s.metric == "distribution" and isinstance(s.amount, Money)
        ]
        self.distribution_streams, _ = build_streams(money_series, self.m.rates)  # type: ignore[arg-type]

    def timeline_extras(self) -> dict[str, Any]:
        return {
            "distributions": tuple(self.distributions),
            "accruals": tuple(self.accruals),
            "loans": tuple(self.loans.values()),
        }

    def in_force(self, name: str) -> bool:
        return self.status.get(name) == "active"

    def setup_mechanics(self, c: model.AnyClause, start: date | None) -> None:
        match c:
            case model.FirstRefusal():
                self.setup_refusal(c)
            case model.Waterfall():
                self.setup_waterfall(c)
            case model.Loan():
                self.setup_loan(c)
            case model.Convertible():
                self.setup_convertible(c)
            case model.MinimumCommitment():
                self.setup_commitment(c, start)

    # ------------------------------------------------------------------ survival

    def survive(self, name: str, t: date, new: str, reason: Why) -> bool:
        """Whether an active clause that would end now survives instead (and arrange its end)."""
        c = self.m.clauses[name]
        if (
            new not in SURVIVABLE
            or not c.survives
            or name in self.survival_over
            or self.status.get(name) != "active"
        ):
            return False
        if name in self.surviving:
            return True
        until: date | None = None  # the last day of the survival period, like a window's end
        if isinstance(c.survives, Duration):
            try:
                until = c.survives.add_to(t)[0] - timedelta(days=1)
            except OverflowError:
                until = None
            why = Reason.of(
                "survives",
                clause=name,
                status=new,
                cause=reason,
                until=until,
                **{"for": c.survives},
            )
        else:
            why = Reason.of("survives_without_limit", clause=name, status=new, cause=reason)
        self.surviving[name] = until
        self.record(
            t,
            name,
            tl.SURVIVES,
            None,
            until.isoformat() if until else "indefinitely",
            why,
            until,
        )
        if until is not None:
            self.at(until + timedelta(days=1), PH_END, self.survival_ends, name, new, until)
        return True

    def survival_ends(self, t: date, name: str, new: str, until: date) -> None:
        self.survival_over.add(name)
        c = self.m.clauses[name]
        self.end_clause(name, t, new, Reason.of("survival_ended", on=until, **{"for": c.survives}))

    def end_clause(self, name: str, t: date, new: str, reason: Why) -> None:  # pragma: no cover
        raise NotImplementedError

    # ------------------------------------------------------------------ first refusal / offer

    def setup_refusal(self, c: model.FirstRefusal) -> None:
        holidays = self.m.holidays(c.calendar("respond_within"))
        silence = refusal_mech.Silence(c.silence)
        outcomes: list[refusal_mech.OfferOutcome] = []
        for made in self.scenario.offers:
            if made.clause != c.name:
                continue
            outcome = refusal_mech.decide(
                refusal_mech.Offer(made.made, made.price, made.response, made.responded),
                c.respond_within,
                silence,
                holidays,
            )
            outcomes.append(outcome)
            self.at(outcome.made, PH_DATED, self.offer_made, c, outcome)
            self.at(outcome.decided, PH_DATED, self.offer_decided, c, outcome)
        for deal in self.scenario.third_party_deals:
            if deal.clause == c.name:
                self.at(deal.on, PH_SETTLE, self.third_party_deal, c, deal, tuple(outcomes))

    def offer_made(self, t: date, c: model.FirstRefusal, o: refusal_mech.OfferOutcome) -> None:
        if not self.in_force(c.name):
            return
        self.record(
            t,
            c.name,
            tl.OFFER,
            None,
            "open",
            Reason.of(
                "offer_made",
                seller=c.binds[0] if c.binds else c.name,
                holder=c.holder,
                price=o.price,
                deadline=o.deadline,
            ),
            "open",
        )

    def offer_decided(self, t: date, c: model.FirstRefusal, o: refusal_mech.OfferOutcome) -> None:
        if not self.in_force(c.name):
            return
        why: Reason
        if o.state == "lapsed":
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
        self.record(t, c.name, tl.OFFER, "open", o.state, why, o.state)

    def third_party_deal(
        self,
        t: date,
        c: model.FirstRefusal,
        deal: model.ThirdPartyDeal,
        outcomes: tuple[refusal_mech.OfferOutcome, ...],
    ) -> None:
        if not self.in_force(c.name):
            status = self.status.get(c.name, "pending")
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
                    reason=deal_reason(result, deal.price, c.deal_within),
                )
        verdict = "permitted" if judged.permitted else "breach"
        self.record(
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

    # ------------------------------------------------------------------ waterfalls

    def setup_waterfall(self, c: model.Waterfall) -> None:
        stream = self.distribution_streams.get(c.distributes)
        if stream is None:
            return
        self.cascades[c.name] = waterfall_mech.Cascade(self.waterfall_tiers(c))
        for seg in stream.segments:
            self.at(
                seg.end, PH_SETTLE, self.settle_waterfall, c, stream, Period(seg.start, seg.end)
            )

    def waterfall_target(self, tier: model.WaterfallTier) -> Money | None:
        if tier.until_amount is not None:
            return tier.until_amount
        if tier.until_multiple is not None and tier.until_of is not None:
            base: Money | None = self.invested.get(tier.until_of)
            if base is None:
                match self.m.clauses.get(tier.until_of):
                    case model.Investment(commitment=commitment):
                        base = commitment
                    case model.Convertible(amount=amount):
                        base = amount
                    case model.Loan(principal=principal):
                        base = principal
            if isinstance(base, Money):
                return base * tier.until_multiple
        return None

    def waterfall_tiers(self, c: model.Waterfall) -> list[waterfall_mech.Tier]:
        return [
            waterfall_mech.Tier(t.name, t.to, t.share, self.waterfall_target(t)) for t in c.tiers
        ]

    def active_amount(self, name: str, stream: Stream, p: Period) -> Fraction:
        total = Fraction(0)
        for start, stop in self.intervals.get(name, ()):
            assert start is not None
            a, b = max(start, p.start), min(stop or p.end, p.end)
            if a < b:
                total += stream.between(a, b)
        return total

    def settle_waterfall(self, t: date, c: model.Waterfall, stream: Stream, p: Period) -> None:
        cascade = self.cascades[c.name]
        if all(cascade.done) and cascade.done:
            return
        exact = self.active_amount(c.name, stream, p)
        if exact <= 0:
            return
        amount = to_money(stream.currency, exact)
        result = cascade.step(str(p), amount, self.waterfall_tiers(c))
        keeper = c.remainder or c.payer
        parts = tuple(
            Reason.of(
                "tier_payment", amount=pay.amount, to=pay.recipient, tier=f"{c.name}.{pay.tier}"
            )
            for pay in result.payments
        )
        reason = Reason.of(
            "distributed",
            amount=amount,
            period=str(p),
            payments=parts or (Reason.of("no_tier_pays"),),
            keeper=keeper,
            kept=result.kept,
        )
        old = self.distributions[-1].cumulative if self.distributions else None
        previous = next((d for d in reversed(self.distributions) if d.clause == c.name), None)
        old = previous.cumulative if previous else None
        self.record(
            t,
            c.name,
            tl.RECEIVED,
            ", ".join(f"{r} {a}" for r, a in old) if old else None,
            ", ".join(f"{r} {a}" for r, a in result.cumulative),
            reason,
            result.cumulative,
        )
        self.distributions.append(
            tl.Distribution(
                clause=c.name,
                period=str(p),
                start=p.start,
                end=p.end,
                distribution=amount,
                tiers=tuple((pay.tier, pay.recipient, pay.amount) for pay in result.payments),
                kept=result.kept,
                cumulative=result.cumulative,
                reached=result.reached,
            )
        )
        by_name = {t.name: t for t in c.tiers}
        for name in result.reached:
            tier = by_name[name]
            target = self.waterfall_target(tier)
            self.record(
                t,
                f"{c.name}.{name}",
                tl.TIER,
                None,
                t.isoformat(),
                Reason.of(
                    "tier_target", to=tier.to, target=target, period=str(p), tier=f"{c.name}.{name}"
                ),
                t,
            )
        if (
            c.tiers
            and all(cascade.done)
            and all(self.waterfall_target(tier) is not None for tier in c.tiers)
        ):
            self.end_clause(
                c.name,
                t,
                "fulfilled",
                Reason.of("tiers_done", period=str(p), keeper=keeper),
            )

    # ------------------------------------------------------------------ penalties

    def penalty_terms(
        self, pen: model.Penalty, late: Money | None
    ) -> penalty_mech.PenaltyTerms | None:
        base = pen.rate_of or late
        if pen.rate_amount is not None:
            rate = pen.rate_amount
        elif pen.rate_percent is not None and base is not None:
            rate = base * pen.rate_percent
        else:
            return None
        cap = pen.cap
        if cap is None and pen.cap_percent is not None and base is not None:
            cap = base * pen.cap_percent
        return penalty_mech.PenaltyTerms(
            rate=rate,
            per=pen.per,
            basis=penalty_mech.Basis(pen.basis),
            cap=cap,
            terminate_after=pen.terminate_after,
        )

    def force_majeure(self, pen: model.Penalty) -> tuple[tuple[date, date], ...]:
        out = []
        for w in pen.force_majeure:
            start = self.date_of(w.start)
            if start is None:
                continue
            end = window_end(w.end, self.env) or date.max
            out.append((start, end))
        return tuple(out)

    def late_obligation(self, c: model.Obligation, deadline: date) -> None:
        """An obligation's deadline is known: arm the penalties on it."""
        done = self.env.events.get(c.fulfilled_by) if c.fulfilled_by else None
        if done is not None and done <= deadline:
            return
        for pen in self.penalties_on.get(c.name, ()):
            terms = self.penalty_terms(pen, None)
            if terms is not None:
                late = {"kind": "late_obligation", "clause": c.name}
                self.arm_penalty(pen, late, terms, deadline, done)

    def late_payment(self, share: model.RevenueShare, payment: tl.Payment) -> None:
        """A revenue share's period is settled: arm the penalties on its payment, if late."""
        pens = self.penalties_on.get(share.name, ())
        if not pens or payment.due.amount <= 0:
            return
        made = self.payment_made(share.name, payment.start)
        if made is None:
            return  # no payment date in the scenario: paid on time
        due = payment.due_by or payment.end
        if made.on is not None and made.on <= due:
            return
        for pen in pens:
            terms = self.penalty_terms(pen, payment.due)
            if terms is not None:
                late = {
                    "kind": "late_payment",
                    "amount": payment.due,
                    "clause": share.name,
                    "period": payment.period,
                }
                self.arm_penalty(pen, late, terms, due, made.on, payment.period)

    def payment_made(self, share: str, start: date) -> model.Payment | None:
        """The scenario's `payments` line for the period of `share` starting on `start`."""
        return next(
            (p for p in self.scenario.payments if p.clause == share and p.start == start), None
        )

    def arm_penalty(
        self,
        pen: model.Penalty,
        late: dict[str, Any],
        terms: penalty_mech.PenaltyTerms,
        due: date,
        done: date | None,
        period: str | None = None,
    ) -> None:
        start = due + ONE_DAY
        self.at(start, PH_DATED, self.penalty_starts, pen, late, terms, due, done, period)

    def penalty_starts(
        self,
        t: date,
        pen: model.Penalty,
        late: dict[str, Any],
        terms: penalty_mech.PenaltyTerms,
        due: date,
        done: date | None,
        period: str | None,
    ) -> None:
        if not self.in_force(pen.name) or self.status.get(pen.on) in STOPPING:
            return
        fm = self.force_majeure(pen)
        accrual = tl.Accrual(
            clause=pen.name,
            what=f"{pen.on} {period}" if period else pen.on,
            terms=terms,
            due=due,
            until=done,
            force_majeure=fm,
        )
        self.accruals.append(accrual)
        rate = terms.rate.rounded() if terms.rate.rounded() == terms.rate else terms.rate
        args = {k: v for k, v in late.items() if k != "kind"}
        why = Reason.of(
            late["kind"],
            due=due,
            rate=rate,
            per=terms.per,
            basis=pen.basis,
            cap=terms.cap,
            payer=pen.payer if pen.payer and pen.payee else None,
            payee=pen.payee if pen.payer and pen.payee else None,
            **args,
        )
        self.record(t, pen.name, tl.PENALTY, None, str(accrual.accrued(t)), why, accrual.accrued(t))
        limit = done or min(self.end, FAR)
        for a, b in fm:
            if a < limit and b > t:
                if a >= t:
                    self.at(
                        a,
                        PH_DATED,
                        self.penalty_note,
                        accrual,
                        Reason.of("force_majeure_starts", on=a),
                    )
                if b < limit and b != date.max:
                    self.at(
                        b,
                        PH_DATED,
                        self.penalty_note,
                        accrual,
                        Reason.of("force_majeure_ends", on=b),
                    )
        result = penalty_mech.accrue(terms, due, max(limit, due), fm)
        if result.cap_reached_on is not None:
            self.at(result.cap_reached_on, PH_DATED, self.penalty_cap, accrual)
        if result.terminate_right_on is not None:
            self.at(result.terminate_right_on, PH_DATED, self.penalty_terminate, accrual)
        if done is not None:
            self.at(
                done,
                PH_DATED,
                self.penalty_note,
                accrual,
                Reason.of("performed", on=done, accrued=accrual.accrued(done)),
            )

    def stop_accruals(self, name: str, t: date, new: str) -> None:
        """`name` ends on `t`: a penalty that ends, or one on a clause terminated or lapsed,
        stops accruing that day (what survives never gets here), and no cap or right to
        terminate arises from it afterwards."""
        for i, a in enumerate(self.accruals):
            on = getattr(self.m.clauses.get(a.clause), "on", None)
            if a.clause != name and not (on == name and new in STOPPING):
                continue
            if a.stopped is not None or (a.until is not None and a.until <= t):
                continue
            self.accruals[i] = attrs.evolve(a, stopped=t)
            self.accrual_stops[(a.clause, a.what)] = t
            amount = self.accruals[i].accrued(t)
            why = Reason.of("stops_accruing", clause=name, status=new, on=t, accrued=amount)
            self.record(t, a.clause, tl.PENALTY, None, str(amount), why, amount)

    def accrual_stopped(self, accrual: tl.Accrual, t: date) -> bool:
        stop = self.accrual_stops.get((accrual.clause, accrual.what))
        return stop is not None and t >= stop

    def penalty_note(self, t: date, accrual: tl.Accrual, why: Why) -> None:
        if self.accrual_stopped(accrual, t):
            return
        amount = accrual.accrued(t)
        self.record(t, accrual.clause, tl.PENALTY, None, str(amount), why, amount)

    def penalty_cap(self, t: date, accrual: tl.Accrual) -> None:
        if self.accrual_stopped(accrual, t):
            return
        cap = accrual.terms.cap
        self.record(
            t,
            accrual.clause,
            tl.PENALTY_CAP,
            None,
            t.isoformat(),
            Reason.of("penalty_cap", what=accrual.what, cap=cap),
            t,
        )

    def penalty_terminate(self, t: date, accrual: tl.Accrual) -> None:
        if self.accrual_stopped(accrual, t):
            return
        threshold = accrual.terms.terminate_after
        self.record(
            t,
            accrual.clause,
            tl.TERMINATE_RIGHT,
            None,
            t.isoformat(),
            Reason.of("terminate_right", what=accrual.what, after=threshold),
            t,
        )

    # ------------------------------------------------------------------ loans

    def setup_loan(self, c: model.Loan) -> None:
        drawn = self.date_of(c.drawn) if c.drawn is not None else self.effective
        if drawn is None:
            return
        self.at(drawn, PH_DATED, self.loan_drawn, c, drawn)

    def loan_drawn(self, t: date, c: model.Loan, drawn: date) -> None:
        if not self.in_force(c.name):
            return
        maturity = self.date_of(c.maturity)
        loan = tl.LoanAccrual(
            clause=c.name,
            principal=c.principal,
            rate=c.rate,
            start=drawn,
            end=maturity,
            day_count=DayCount(c.day_count),
            compounding=c.compounding,
        )
        self.loans[c.name] = loan
        how = f"compounded per {c.compounding.value}" if c.compounding else "simple"
        self.record(
            t,
            c.name,
            tl.INTEREST,
            None,
            str(loan.accrued(t)),
            Reason.of(
                "drawn",
                principal=c.principal,
                on=drawn,
                rate=c.rate,
                compounding=how,
                day_count=c.day_count,
            ),
            loan.accrued(t),
        )
        if maturity is not None and maturity > t:
            self.at(maturity, PH_DATED, self.loan_matures, c)

    def loan_matures(self, t: date, c: model.Loan) -> None:
        loan = self.loans.get(c.name)
        if loan is None or not self.in_force(c.name):
            return
        interest = loan.accrued(t)
        total = c.principal.rounded() + interest
        self.record(
            t,
            c.name,
            tl.REPAID,
            None,
            str(total),
            Reason.of("matures", on=t, principal=c.principal, interest=interest),
            total,
        )
        self.set_status(c.name, "fulfilled", t, Reason.of("repaid_at_maturity", total=total))

    def loan_stops(self, name: str, t: date) -> None:
        """A loan that ends before maturity stops accruing interest that day."""
        loan = self.loans.get(name)
        if loan is not None and (loan.end is None or t < loan.end):
            from attrs import evolve

            self.loans[name] = evolve(loan, end=t)

    # ------------------------------------------------------------------ convertibles

    def setup_convertible(self, c: model.Convertible) -> None:
        # notes, SAFEs and SAFTs: evaluate/instruments.py (docs/mechanics.md, "Instruments")
        instruments.schedule(self, c)

    # ------------------------------------------------------------------ minimum commitments

    def setup_commitment(self, c: model.MinimumCommitment, start: date | None) -> None:
        if start is None:
            return
        _, end = (start, window_end(c.window.end, self.env) if c.window else None)
        if end is None:
            ends = [f.end for f in self.scenario.figures] + [s.end for s in self.scenario.series]
            if not ends:
                return
            end = max(ends)
        from termlang.evaluate.engine import periods_over

        for p in periods_over(start, end, c.period):
            self.at(p.end, PH_MEASURE, self.measure_commitment, c, p)

    def measured(self, c: model.MinimumCommitment, p: Period, like: Money | Quantity) -> Any:
        """What counts toward the commitment over period `p` (None: nothing to measure)."""
        if c.payments is not None:
            if not isinstance(like, Money):
                return None  # payments are money: a floor in units is not comparable (TL551)
            total = Fraction(0)
            for pay in self.payments:
                if pay.clause == c.payments and p.start <= pay.start < p.end:
                    amount = convert_money(pay.due, like.currency, self.m.rates)
                    if amount is None:
                        return None  # no `exchange_rate` into the floor's currency
                    total += amount
            return to_money(like.currency, total)
        if c.stream is None:
            return None
        if isinstance(like, Money):
            s = self.streams.get(c.stream)
            return to_money(like.currency, s.between(p.start, p.end)) if s else like * 0
        return self._series_sum("volume", c.stream, p, like)

    def _series_unit(self, stream: str) -> Quantity | None:
        """Zero in the unit of a stream's forecast (a share of a forecast in `kg`, no floor)."""
        for s in self.scenario.series:
            if s.subject == stream and s.metric == "forecast" and isinstance(s.amount, Quantity):
                return Quantity(Decimal(0), s.amount.unit)
        return None

    def _series_sum(self, metric: str, stream: str, p: Period, like: Any) -> Any:
        """The `metric` series of `stream` over `p`, each figure spread evenly over its days
        (None when no figure of a forecast covers `p`; zero for a measurement)."""
        total = Fraction(0)
        found = False
        for s in self.scenario.series:
            if s.metric != metric or s.subject != stream:
                continue
            lo, hi = max(s.start, p.start), min(s.end, p.end)
            if lo >= hi:
                continue
            found = True
            amount = s.amount
            if isinstance(like, Quantity) and isinstance(amount, Quantity):
                amount = amount.to(like.unit)
            total += Fraction(amount.amount) * (hi - lo).days / (s.end - s.start).days
        if not found and metric == "forecast":
            return None
        if isinstance(like, Money):
            return to_money(like.currency, total)
        return Quantity(_decimal(total), like.unit)

    def measure_commitment(self, t: date, c: model.MinimumCommitment, p: Period) -> None:
        spans = self.intervals.get(c.name, ())
        stop = spans[-1][1] if spans else None
        if self.status.get(c.name) in STOPPING and stop is not None and stop < p.end:
            return  # terminated or lapsed before the period ended: no shortfall falls due
        if not any(
            start is not None and start < p.end and (stop is None or stop > p.start)
            for start, stop in spans
        ):
            return
        from termlang.mechanics.commitment import shortfalls

        like: Any = c.floor
        forecast = None
        if c.share is not None and c.stream is not None:
            base_like = like if like is not None else None
            if base_like is None:
                s = self.streams.get(c.stream)
                base_like = Money(s.currency, 0) if s else self._series_unit(c.stream)
            if base_like is not None:
                forecast = self._series_sum("forecast", c.stream, p, base_like)
                like = like if like is not None else base_like
        if like is None:
            return
        actual = self.measured(c, p, like)
        if actual is None:
            return
        rows = shortfalls(
            [str(p)],
            {str(p): actual},
            floor=c.floor,
            share=c.share,
            forecast={str(p): forecast} if forecast is not None else None,
        )
        if not rows:
            return
        row = rows[0]
        met = row.shortfall.amount == 0
        reason = (
            Reason.of("measured_met", period=str(p), actual=row.actual, required=row.required)
            if met
            else Reason.of(
                "measured",
                period=str(p),
                actual=row.actual,
                required=row.required,
                shortfall=row.shortfall,
            )
        )
        self.record(
            t,
            c.name,
            tl.SHORTFALL,
            None,
            f"{row.shortfall} for {p}",
            reason,
            (str(p), row.shortfall),
        )

    # ------------------------------------------------------------------ allocations

    def allocate(self, t: date, c: model.Allocation, reason: Why) -> None:
        weights: list[Decimal] = []
        for w in c.weights:
            v = w.value
            amount: Any = getattr(v, "amount", None)
            if amount is None:
                amount = getattr(v, "value", v)
            weights.append(Decimal(amount))
        try:
            result = allocation_mech.allocate(
                c.amount, weights, allocation_mech.Rounding(c.rounding)
            )
        except ValueError as exc:
            # no parts (TL561 flags the weights): the state holds an empty allocation
            self.record(t, c.name, tl.ALLOCATION, None, "none", Reason.text(str(exc)), ())
            return
        parts = tuple((w.party, part) for w, part in zip(c.weights, result.parts, strict=True))
        text = ", ".join(f"{party} {part}" for party, part in parts)
        why = Reason.of(
            "allocated",
            amount=c.amount,
            rounding=c.rounding,
            parts=tuple(
                Reason.of("allocation_part", amount=part, party=party) for party, part in parts
            ),
            unallocated=result.unallocated if result.unallocated.amount else None,
        )
        self.record(t, c.name, tl.ALLOCATION, None, text, why, parts)
