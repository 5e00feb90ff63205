"""Minimum commitments: at the end of each period the clause was in force, what counted
(payments of a clause, or a stream's revenue or volume) is measured against the floor or a
share of the forecast, and the shortfall recorded (docs/mechanics.md, "Minimum
commitments"). The arithmetic is `termlang.mechanics.commitment`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from termlang import model
from termlang.dates import window_end
from termlang.evaluate import timeline as tl
from termlang.evaluate.core import Family
from termlang.evaluate.lifecycle import periods_over
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason
from termlang.evaluate.revenue import convert as convert_money
from termlang.evaluate.revenue import to_money
from termlang.evaluate.status import CUT_SHORT
from termlang.mechanics.commitment import shortfalls
from termlang.values import Money, Period, Quantity


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


class Commitments(Family):
    """The handler of `minimum_commitment` clauses."""

    def setup(self, c: model.AnyClause, start: date | None) -> None:
        if isinstance(c, model.MinimumCommitment):
            self.setup_commitment(c, start)

    def setup_commitment(self, c: model.MinimumCommitment, start: date | None) -> None:
        if start is None:
            return
        _, end = (start, window_end(c.window.end, self.core.env) if c.window else None)
        if end is None:
            ends = [f.end for f in self.core.scenario.figures] + [
                s.end for s in self.core.scenario.series
            ]
            if not ends:
                return
            end = max(ends)
        for p in periods_over(start, end, c.period):
            self.core.at(p.end, Phase.MEASURE, self.measure_commitment, c, p)

    def measured(self, c: model.MinimumCommitment, p: Period, like: Money | Quantity) -> Any:
        """What counts toward the commitment over period `p` (None: nothing to measure)."""
        if c.payments is not None:
            if not isinstance(like, Money):
                return None  # payments are money: a floor in units is not comparable (TL551)
            total = Fraction(0)
            for pay in self.core.payments:
                if pay.clause == c.payments and p.start <= pay.start < p.end:
                    amount = convert_money(pay.due, like.currency, self.core.m.rates)
                    if amount is None:
                        return None  # no `exchange_rate` into the floor's currency
                    total += amount
            return to_money(like.currency, total)
        if c.stream is None:
            return None
        if isinstance(like, Money):
            s = self.core.streams.get(c.stream)
            return to_money(like.currency, s.between(p.start, p.end)) if s else like * 0
        return self._series_sum("volume", c.stream, p, like)

    def _series_unit(self, stream: str) -> Quantity | None:
        """Zero in the unit of a stream's forecast (a share of a forecast in `kg`, no floor)."""
        for s in self.core.scenario.series:
            if s.subject == stream and s.metric == "forecast" and isinstance(s.amount, Quantity):
                return Quantity(Decimal(0), s.amount.unit)
        return None

    def _series_sum(self, metric: str, stream: str, p: Period, like: Any) -> Any:
        """The `metric` series of `stream` over `p`, each figure spread evenly over its days
        (None when no figure of a forecast covers `p`; zero for a measurement)."""
        total = Fraction(0)
        found = False
        for s in self.core.scenario.series:
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
        spans = self.core.intervals.get(c.name, ())
        stop = spans[-1][1] if spans else None
        if self.core.status.get(c.name) in CUT_SHORT and stop is not None and stop < p.end:
            return  # terminated or lapsed before the period ended: no shortfall falls due
        if not any(
            start is not None and start < p.end and (stop is None or stop > p.start)
            for start, stop in spans
        ):
            return
        like: Any = c.floor
        forecast = None
        if c.share is not None and c.stream is not None:
            base_like = like if like is not None else None
            if base_like is None:
                s = self.core.streams.get(c.stream)
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
        self.core.record(
            t,
            c.name,
            tl.SHORTFALL,
            None,
            f"{row.shortfall} for {p}",
            reason,
            (str(p), row.shortfall),
        )
