"""Revenue shares: each period with figures settled the day after it ends, over the days the
clause was in force, at the rate of each step, up to the cap (docs/semantics.md, "Revenue
shares"). A settled period may be paid late (a penalty on it) or dated by the scenario's
payments (an instalment like a `payment`'s)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from termlang import model
from termlang.evaluate import timeline as tl
from termlang.evaluate.core import Core, Family
from termlang.evaluate.families.investments import Investments
from termlang.evaluate.families.payments import Payments
from termlang.evaluate.families.penalties import Penalties
from termlang.evaluate.lifecycle import days_late, period_due_date, period_months, periods_over
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason
from termlang.evaluate.revenue import Stream, convert, to_money
from termlang.evaluate.status import Status
from termlang.values import Money, Percent, Period, add_months


class RevenueShares(Family):
    """The handler of `revenue_share` clauses."""

    def __init__(
        self, core: Core, investments: Investments, penalties: Penalties, payments: Payments
    ) -> None:
        super().__init__(core)
        self.investments = investments
        self.penalties = penalties
        self.payments = payments
        self.paid: dict[str, Money] = {}

    def setup(self, c: model.AnyClause, start: date | None) -> None:
        if not isinstance(c, model.RevenueShare):
            return
        self.core.setup_steps(c, None)
        if start is None:
            return
        starts: set[date] = set()
        for stream in c.streams:
            s = self.core.streams.get(stream)
            if s is None:
                continue
            for seg in s.segments:
                if seg.end <= start:
                    continue
                for p in periods_over(max(seg.start, start), seg.end, c.period):
                    starts.add(p.start)
        step = period_months(c.period)
        for p_start in sorted(starts):
            p = Period(p_start, add_months(p_start, step)[0])
            self.core.at(p.end, Phase.SETTLE, self.settle, c.name, p)

    def currency_of(self, c: model.RevenueShare) -> str | None:
        if c.cap is not None:
            return c.cap.currency
        for stream in c.streams:
            s = self.core.streams.get(stream)
            if s is not None and s.segments:
                return s.currency
        return None

    def rate_pieces(
        self, c: model.RevenueShare, a: date, b: date
    ) -> list[tuple[date, date, Percent]]:
        pieces: list[tuple[date, date, Percent]] = []
        rate = c.rate
        cursor = a
        for d, st in self.core.steps.get(c.name, ()):
            if st.rate is None:
                continue
            if d <= cursor:
                rate = st.rate
                continue
            if d >= b:
                break
            pieces.append((cursor, d, rate))
            cursor, rate = d, st.rate
        pieces.append((cursor, b, rate))
        return pieces

    def settle(self, t: date, name: str, p: Period) -> None:
        core = self.core
        if name in core.caps:
            return
        c = core.m.clauses[name]
        assert isinstance(c, model.RevenueShare)
        currency = self.currency_of(c)
        if currency is None:
            return
        exact = Fraction(0)
        revenue = Fraction(0)
        rates: list[str] = []
        rate_values: list[Percent] = []
        for start, stop in core.intervals.get(name, ()):
            assert start is not None
            a = max(start, p.start)
            b = min(stop or p.end, p.end)
            if b <= a:
                continue
            for lo, hi, rate in self.rate_pieces(c, a, b):
                covered = Fraction(0)
                for stream in c.streams:
                    s: Stream | None = core.streams.get(stream)
                    if s is None:
                        continue
                    amount = s.between(lo, hi)
                    if s.currency != currency:
                        factor = convert(Money(s.currency, 1), currency, core.m.rates)
                        if factor is None:
                            continue
                        amount *= factor
                    covered += amount
                revenue += covered
                exact += covered * Fraction(rate.fraction)
                if str(rate) not in rates:
                    rates.append(str(rate))
                    rate_values.append(rate)
        if revenue == 0:
            return
        due = to_money(currency, exact)
        uncapped = due  # what the period would pay without the cap (`would_have_been_due`)
        paid = self.paid.get(name, Money(currency, 0))
        cap = self.cap_of(c)
        capped = False
        if cap is not None and cap.currency == currency:
            remaining = cap - paid
            if due >= remaining:
                due = remaining if remaining.amount > 0 else Money(currency, 0)
                capped = True
        total = paid + due
        rate_text = " then ".join(rates)
        revenue_money = to_money(currency, revenue)
        reason = Reason.of(
            "payment_due",
            due=due,
            period=str(p),
            rates=tuple(rate_values),
            revenue=revenue_money,
            streams=tuple(c.streams),
            cap=cap if capped else None,
        )
        core.record(
            t, name, tl.PAID, str(paid) if name in self.paid else None, str(total), reason, total
        )
        self.paid[name] = total
        due_by = period_due_date(p.end, c.due)
        made = self.penalties.payment_made(name, p.start)
        payment = tl.Payment(
            clause=name,
            period=str(p),
            start=p.start,
            end=p.end,
            rate=rate_text,
            revenue=revenue_money,
            due=due,
            cumulative=total,
            capped=capped,
            due_by=due_by,
            paid_on=made.on if made else None,
            unpaid=made is not None and made.on is None,
            late=days_late(due_by, made.on, made.on) if made and made.on else 0,
        )
        core.payments.append(payment)
        self.penalties.late_payment(c, payment)
        self.payments.share_instalment(c, payment, uncapped)
        if capped:
            core.caps[name] = t
            core.record(
                t,
                name,
                tl.CAP,
                None,
                t.isoformat(),
                Reason.of("payment_cap", period=str(p), cap=cap),
                t,
            )
            core.end_clause(
                name, t, Status.FULFILLED, Reason.of("cap_reached", cap=cap, period=str(p))
            )

    def cap_of(self, c: model.RevenueShare) -> Money | None:
        if c.cap is not None:
            return c.cap
        if c.cap_multiple is not None and c.cap_of is not None:
            base = self.investments.invested.get(c.cap_of)
            if base is not None:
                return base * c.cap_multiple
        return None
