"""Observations: measured figures judged against targets and commitments (semantics §12).

A scenario records readings per period: `measure pue 2026 1.22` (the metric of a `compute`
clause's `target`), `delivered azure_capacity 2027 900 MW` (capacity a `compute` clause
actually delivered). Each reading is judged on the first day after its period:

* a **target** (`target pue <= 1.2 by 2027-01-01`) applies to the periods that end after its
  `by` date (all periods without `by`): the reading `met` it or `missed` it, with the figure,
  the threshold and the gap between them;
* a **delivery** is compared with the capacity the clause commits on the period's last day
  (its `capacity`, or the `from` step in force then); falling short is `missed`, with the gap.

Between the first judged period and the last reading, a period (of the readings' length)
that has no reading is `unknown`: it is reported as such, on the first day after it, and is
never counted as zero. A target with no reading at all is `unknown` from its `by` date.
Nothing is judged after the last reading, so a long horizon adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from attrs import frozen

from termlang import model
from termlang.calendar import period_start
from termlang.evaluate import timeline as tl
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason
from termlang.evaluate.status import Status
from termlang.values import Money, Percent, Period, Quantity, add_months

ONE_DAY = timedelta(days=1)
PH_MEASURE = Phase.MEASURE  # the last phase of a day
OBSERVED = tl.OBSERVED

Figure = Decimal | Percent | Quantity | Money


@frozen(kw_only=True)
class Verdict:
    """One period of a target or a delivery, judged: met, missed or unknown."""

    subject: str  # `azure_capacity.pue` or `azure_capacity`
    period: str
    judged_on: date  # the first day after the period
    outcome: str  # met | missed | unknown
    figure: Figure | None  # None: no reading
    threshold: Figure
    op: str  # the comparison the figure must satisfy: <=, >=, ...
    gap: Figure | None = None  # how far the figure is from the threshold (missed only)

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "period": self.period,
            "judged_on": self.judged_on.isoformat(),
            "outcome": self.outcome,
            "figure": None if self.figure is None else str(self.figure),
            "threshold": f"{self.op} {self.threshold}",
            "gap": None if self.gap is None else str(self.gap),
        }


def _key(value: Figure) -> tuple[str, Decimal]:
    """What a figure is compared by: its kind (dimension, currency) and an exact amount."""
    if isinstance(value, Percent):
        return "%", value.value
    if isinstance(value, Quantity):
        return value.dimension, value.base_amount()
    if isinstance(value, Money):
        return value.currency, value.amount
    return "", Decimal(value)


def comparable(a: Figure, b: Figure) -> bool:
    """Whether two figures can be compared (same kind: number, %, dimension, currency)."""
    return _key(a)[0] == _key(b)[0]


OPS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def judge(subject: str, p: Period, figure: Figure, op: str, threshold: Figure) -> Verdict:
    """A reading against `op threshold` (exact); the gap is |figure - threshold| when missed."""
    met = OPS[op](_key(figure)[1], _key(threshold)[1])
    gap: Figure | None = None
    if not met:
        gap = _gap(figure, threshold)
    return Verdict(
        subject=subject,
        period=str(p),
        judged_on=p.end,
        outcome="met" if met else "missed",
        figure=figure,
        threshold=threshold,
        op=op,
        gap=gap,
    )


def unknown(
    subject: str, p: Period, t: date, figure: Figure | None, op: str, threshold: Figure
) -> Verdict:
    """A verdict that cannot be given on `t`: no reading, or one not comparable."""
    return Verdict(
        subject=subject,
        period=str(p),
        judged_on=t,
        outcome="unknown",
        figure=figure,
        threshold=threshold,
        op=op,
    )


def _gap(figure: Figure, threshold: Figure) -> Figure:
    if isinstance(figure, Quantity) and isinstance(threshold, Quantity):
        diff = threshold.to(figure.unit) - figure
        return diff if diff.amount >= 0 else figure - threshold.to(figure.unit)
    if isinstance(figure, Percent) and isinstance(threshold, Percent):
        return Percent(abs(figure.value - threshold.value))
    if isinstance(figure, Money) and isinstance(threshold, Money):
        return Money(figure.currency, abs(figure.amount - threshold.amount))
    return abs(Decimal(figure) - Decimal(threshold))  # type: ignore[arg-type]


def gaps(readings: list[model.Reading], since: date | None) -> list[Period]:
    """The periods without a reading, from the first period ending after `since` (or the
    first reading) to the last reading, in the length of the last reading's period."""
    if not readings:
        return []
    last = max(readings, key=lambda r: r.end)
    months = _months(last.start, last.end)
    if months is None:
        return []
    first_start = min(r.start for r in readings)
    cursor = period_start(first_start if since is None else min(since, first_start), months)
    covered = {m for r in readings for m in _month_starts(r.start, r.end)}  # linear, not R x P
    out: list[Period] = []
    while cursor < last.end:
        nxt = add_months(cursor, months)[0]
        p = Period(cursor, nxt)
        if (since is None or p.end > since) and not any(
            m in covered for m in _month_starts(p.start, p.end)
        ):
            out.append(p)
        cursor = nxt
    return out


def _month_starts(start: date, end: date) -> list[date]:
    """The first days of the months that `[start, end)` touches."""
    out = []
    cursor = date(start.year, start.month, 1)
    while cursor < end:
        out.append(cursor)
        cursor = add_months(cursor, 1)[0]
    return out


def _months(start: date, end: date) -> int | None:
    if start.day != 1 or end.day != 1:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month
    return months if months in (1, 3, 6, 12) else None


class Observations:
    """A part of `facts.Facts` (see evaluate/facts.py and the module docstring)."""

    m: model.Model
    scenario: model.Scenario
    end: date
    effective: date | None
    status: dict[str, str]
    capacity_now: dict[str, Any]
    at: Callable[..., None]
    record: Callable[..., None]
    date_of: Callable[..., date | None]

    def setup_observations(self) -> None:
        self.verdicts: list[Verdict] = []
        self.delivered_floor: dict[tuple[str, str], Quantity | None] = {}
        for c in self.m.clauses.values():
            if not isinstance(c, model.Compute):
                continue
            for target in c.targets:
                self.setup_target(c, target)
            delivered = [
                r for r in self.scenario.readings if r.kind == "delivered" and r.subject == c.name
            ]
            for r in delivered:
                p = Period(r.start, r.end)
                self.at(r.end - ONE_DAY, PH_MEASURE, self.note_commitment, c, p)
                self.at(r.end, PH_MEASURE, self.judge_delivery, c, p, r.value)
            for p in gaps(delivered, None):
                self.at(p.end - ONE_DAY, PH_MEASURE, self.note_commitment, c, p)
                self.at(p.end, PH_MEASURE, self.judge_delivery, c, p, None)

    def setup_target(self, c: model.Compute, target: model.Target) -> None:
        subject = f"{c.name}.{target.metric}"
        by = self.date_of(target.by) if target.by is not None else None
        readings = [
            r
            for r in self.scenario.readings
            if r.kind == "measure" and r.subject == target.metric and (by is None or r.end > by)
        ]
        for r in readings:
            p = Period(r.start, r.end)
            self.at(r.end, PH_MEASURE, self.judge_target, subject, target, p, r.value)
        for p in gaps(readings, by):
            self.at(p.end, PH_MEASURE, self.judge_target, subject, target, p, None)
        if not readings and by is not None:
            self.at(by, PH_MEASURE, self.no_reading, subject, target, by)

    def keep(self, t: date, v: Verdict, reason: Reason) -> None:
        self.verdicts.append(v)
        self.record(t, v.subject, OBSERVED, None, v.outcome, reason, v)

    def judge_target(
        self, t: date, subject: str, target: model.Target, p: Period, figure: Figure | None
    ) -> None:
        if figure is None or not comparable(figure, target.value):
            v = unknown(subject, p, t, figure, target.op, target.value)
            if figure is None:
                why = Reason.of("no_reading_for", metric=target.metric, period=str(p))
            else:
                why = Reason.of(
                    "reading_incomparable",
                    figure=figure,
                    metric=target.metric,
                    op=target.op,
                    threshold=target.value,
                )
            self.keep(t, v, why)
            return
        v = judge(subject, p, figure, target.op, target.value)
        wanted = {"metric": target.metric, "op": target.op, "threshold": target.value}
        if v.outcome == "met":
            why = Reason.of("target_met", figure=figure, period=str(p), **wanted)
        else:
            why = Reason.of("target_missed", figure=figure, period=str(p), gap=v.gap, **wanted)
        self.keep(t, v, why)

    def no_reading(self, t: date, subject: str, target: model.Target, by: date) -> None:
        v = Verdict(
            subject=subject,
            period=f"from {by}",
            judged_on=t,
            outcome="unknown",
            figure=None,
            threshold=target.value,
            op=target.op,
        )
        self.keep(t, v, Reason.of("no_reading", metric=target.metric))

    def note_commitment(self, t: date, c: model.Compute, p: Period) -> None:
        value = self.capacity_now.get(c.name) if self.status.get(c.name) == Status.ACTIVE else None
        self.delivered_floor[(c.name, str(p))] = value

    def judge_delivery(self, t: date, c: model.Compute, p: Period, figure: Figure | None) -> None:
        committed = self.delivered_floor.get((c.name, str(p)))
        if committed is None:
            if figure is not None:
                self.record(
                    t,
                    c.name,
                    OBSERVED,
                    None,
                    "not_due",
                    Reason.of("delivered_uncommitted", figure=figure, period=str(p), clause=c.name),
                    None,
                )
            return
        if figure is None:
            v = unknown(c.name, p, t, None, ">=", committed)
            self.keep(t, v, Reason.of("no_delivery", clause=c.name, period=str(p)))
            return
        if not comparable(figure, committed):
            v = unknown(c.name, p, t, figure, ">=", committed)
            why = Reason.of("delivery_incomparable", figure=figure, committed=committed)
            self.keep(t, v, why)
            return
        v = judge(c.name, p, figure, ">=", committed)
        if v.outcome == "met":
            why = Reason.of("delivered_met", figure=figure, period=str(p), committed=committed)
        else:
            why = Reason.of(
                "delivered_short", figure=figure, period=str(p), committed=committed, gap=v.gap
            )
        self.keep(t, v, why)
