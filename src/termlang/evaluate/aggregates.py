"""Aggregates over rolling windows and calendar periods (docs/semantics.md, §14).

    starts_when  sum of funding over any 12 months >= USD 1M
    when         count of deals(openai) in any year >= 3

`sum of SUBJECT over any DURATION OP VALUE` holds from the first day on which some window of
that length, ending on an item of the subject, satisfies the comparison: the window ending
on day `d` holds the items dated after `d - DURATION` and on or before `d` (so "within 12
months" of 2026-01-15 runs to 2027-01-14). `in any year` (`half`, `quarter`, `month`) reads
calendar periods instead. Once some window satisfies it, the aggregate keeps holding: "any"
looks back over every window so far. A window is only ever read up to the current day.

The subjects:

* `funding`, `funding(INVESTOR)`, `funding(INVESTMENT)`: each tranche funded, on its date,
  with the amount it was funded with;
* `deals`, `grants`, `deals(PARTY)`, `grants(PARTY)`: the scenario's third-party acts, with
  their amounts (an act without one adds nothing to a sum);
* a recurring event: its occurrences (counted);
* `revenue(STREAM)`: the scenario's revenue figures of the stream, each spread evenly over
  the days of its period (evaluate/revenue.py), summed exactly over the days of a window
  (`stream_window`, below).

`count` counts items. `sum` adds amounts in the threshold's currency (an item in another
currency is left out: no exchange rate applies to a window). Items are known in advance
(acts, occurrences) or when they happen (fundings wake the conditions that read them), so
nothing is evaluated per day.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from math import lcm
from typing import TYPE_CHECKING, Any

from termlang import ast, model
from termlang.evaluate.conditions import COMPARE
from termlang.evaluate.phases import Phase
from termlang.evaluate.revenue import Stream, build_streams, convert, to_money
from termlang.values import Duration, Money, parse_duration_unit

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen

SUBJECTS = ("funding", "deals", "grants")
STREAM_SUBJECTS = ("revenue",)  # `sum of revenue(STREAM) ...`: figures spread per day
GROWS = (">", ">=")  # a window's sum can only grow with more figures
AGGREGATE_DEP = "@aggregate"  # the dependency name of conditions that read fundings
CALENDAR_MONTHS = {"year": 12, "half": 6, "quarter": 3, "month": 1}


@frozen
class Spec:
    """One aggregate comparison, as written."""

    kind: str  # sum | count
    subject: str  # funding | deals | grants | a recurring event
    of: str | None  # funding(softbank): an investor or investment; deals(openai): a party
    window: Duration | None  # rolling; None: calendar
    calendar: int | None  # months of a calendar period
    op: str
    threshold: Fraction
    currency: str | None  # a sum's currency

    def describe(self) -> str:
        of = f"({self.of})" if self.of else ""
        span = f"over any {self.window}" if self.window else f"in any {_unit(self.calendar)}"
        value = show(self, self.threshold)
        return f"{self.kind} of {self.subject}{of} {span} {self.op} {value}"


def _unit(months: int | None) -> str:
    return {12: "year", 6: "half", 3: "quarter", 1: "month"}.get(months or 12, "year")


def _num(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(float(value))


def is_aggregate(expr: ast.Expr) -> bool:
    return (
        isinstance(expr, ast.Compare)
        and isinstance(expr.left, ast.Call)
        and expr.left.func in ("sum", "count")
        and len(expr.left.args) == 3
    )


def spec_of(cmp: ast.Compare) -> Spec | None:
    """The aggregate a comparison built by `lower.aggregate_item` asks for."""
    call = cmp.left
    if not isinstance(call, ast.Call) or len(call.args) != 3:
        return None
    subject, window, _joint = call.args
    of = None
    if isinstance(subject, ast.Call) and subject.args and isinstance(subject.args[0], ast.Ref):
        name, of = subject.func, subject.args[0].name
    elif isinstance(subject, ast.Ref):
        name = subject.name
    else:
        return None
    rolling: Duration | None = None
    months: int | None = None
    if isinstance(window, ast.QuantityLit):
        unit = parse_duration_unit(window.unit)
        if unit is None:
            return None
        rolling = Duration(int(window.amount), unit)
    elif isinstance(window, ast.Ref):
        months = CALENDAR_MONTHS.get(window.name)
    right = cmp.right
    if isinstance(right, ast.MoneyLit):
        threshold, currency = Fraction(right.amount), right.currency
    elif isinstance(right, ast.NumberLit):
        threshold, currency = Fraction(right.value), None
    else:
        return None
    return Spec(call.func, name, of, rolling, months, cmp.op, threshold, currency)


@frozen
class Funded:
    """One tranche funded: what aggregates over `funding` read."""

    on: date
    investor: str
    investment: str
    amount: Money


def items(
    spec: Spec,
    fundings: Iterable[Funded],
    scenario: model.Scenario,
) -> list[tuple[date, Fraction]]:
    """(date, value) of every item of the subject, in date order (value 1 for a count)."""
    out: list[tuple[date, Fraction]] = []
    if spec.subject == "funding":
        for f in fundings:
            if spec.of is not None and spec.of not in (f.investor, f.investment):
                continue
            out.append((f.on, _value(spec, f.amount)))
    elif spec.subject in ("deals", "grants"):
        verb = spec.subject[:-1]
        for act in scenario.acts:
            if act.verb != verb or (spec.of is not None and act.party != spec.of):
                continue
            out.append((act.on, _value(spec, act.amount)))
    else:
        out.extend((i.on, Fraction(1)) for i in scenario.instances if i.event == spec.subject)
    return sorted(out)


def _value(spec: Spec, amount: Money | None) -> Fraction:
    if spec.kind == "count":
        return Fraction(1)
    if amount is None or amount.currency != spec.currency:
        return Fraction(0)
    return Fraction(amount.amount)


def best_window(spec: Spec, found: Sequence[tuple[date, Fraction]], t: date) -> Fraction | None:
    """The value of the window (ending on or before `t`) that best satisfies the comparison:
    the first that satisfies it, else the largest (None: no item yet)."""
    seen = [(d, v) for d, v in found if d <= t]
    if not seen:
        return None
    compare = COMPARE[spec.op]
    values: list[Fraction] = []
    if spec.window is not None:
        left, running = 0, Fraction(0)  # two pointers: the window's start only moves forward
        for end, v in seen:
            running += v
            try:
                start = spec.window.add_to(end, -1)[0]
            except OverflowError:  # a window longer than the calendar: it holds everything
                start = date.min
            while seen[left][0] <= start:
                running -= seen[left][1]
                left += 1
            values.append(running)
    else:
        months = spec.calendar or 12
        groups: dict[tuple[int, int], Fraction] = {}
        for d, v in seen:
            key = (d.year, (d.month - 1) // months)
            groups[key] = groups.get(key, Fraction(0)) + v
        values = list(groups.values())
    for value in values:
        if compare(value, spec.threshold):
            return value
    return max(values)


def show(spec: Spec, value: Fraction) -> str:
    """A window's value as text: `USD 1,100` or `3`."""
    if spec.currency is None:
        return _num(value)
    return str(to_money(spec.currency, value))


def holds(spec: Spec, found: Sequence[tuple[date, Fraction]], t: date) -> bool:
    """Whether some window ending by `t` satisfies the comparison."""
    value = best_window(spec, found, t)
    return value is not None and COMPARE[spec.op](value, spec.threshold)


# -- revenue streams ------------------------------------------------------------------------


@frozen
class StreamWindow:
    """What a stream's windows up to a day show: the first day some window satisfies the
    comparison (None: none yet) and the value of that window, else of the largest window
    read (None: no window could be read yet)."""

    first: date | None
    value: Fraction | None
    unconverted: str | None = None  # the stream's currency when no rate converts the threshold


def _window_start(spec: Spec, d: date) -> date:
    """The first day of the window that ends on day `d` (inclusive)."""
    if spec.window is not None:
        try:
            return spec.window.add_to(d, -1)[0] + timedelta(days=1)
        except OverflowError:
            return date.min
    months = spec.calendar or 12
    first_month = (d.month - 1) // months * months + 1
    return date(d.year, first_month, 1)


def stream_window(
    spec: Spec, stream: Stream | None, upto: date, rates: Mapping[str, Any]
) -> StreamWindow:
    """Read the windows of `sum of revenue(STREAM) ...` that end on each day up to `upto`.

    The window ending on day `d` holds the days after `d - DURATION` and up to `d` itself
    (a calendar window: from the period's first day to `d`), and its sum is exact: each
    figure contributes `amount × days in the window / days of its period`. A window is read
    only when its figures prove the comparison: for `>` and `>=`, days without a figure add
    nothing (more revenue could only raise the sum); for `<`, `<=`, `==` and `!=` every day of
    the window must have a figure (a calendar window must also be over). The scan runs over
    the days the figures cover, so the horizon does not matter.
    """
    if stream is None or not stream.segments or spec.currency is None:
        return StreamWindow(None, None)
    threshold = convert(
        Money(spec.currency, Decimal(spec.threshold.numerator) / spec.threshold.denominator),
        stream.currency,
        rates,
    )
    if threshold is None:
        return StreamWindow(None, None, stream.currency)
    compare: Callable[[Any, Any], bool] = COMPARE[spec.op]
    grows = spec.op in GROWS
    cum = _Cumulative(stream, threshold.denominator)
    scaled = int(threshold * cum.scale)  # exact: the scale is a multiple of its denominator
    lowest = spec.op in ("<", "<=")
    best: int | None = None
    for seg in stream.segments:  # a window ending in a gap proves nothing new (see above)
        d, last = seg.start, min(upto, seg.end - timedelta(days=1))
        while d <= last:
            start, end = _window_start(spec, d), d + timedelta(days=1)
            complete = spec.window is not None or _window_start(spec, end) != start
            if grows or (complete and cum.covered(start, end)):
                value = cum.at(end) - cum.at(start)
                if compare(value, scaled):
                    return StreamWindow(d, _in(spec, stream, Fraction(value, cum.scale), rates))
                if best is None or (value < best if lowest else value > best):
                    best = value
            d = end
    shown = None if best is None else _in(spec, stream, Fraction(best, cum.scale), rates)
    return StreamWindow(None, shown)


class _Cumulative:
    """A stream's revenue before each day, as integers: every figure's daily rate times one
    common `scale` (the least common multiple of their denominators), so that the scan of
    windows adds integers, exactly, instead of fractions."""

    def __init__(self, stream: Stream, denominator: int = 1) -> None:
        rates = [seg.amount / seg.days for seg in stream.segments]
        self.scale = lcm(denominator, *(r.denominator for r in rates))
        self.starts = [seg.start for seg in stream.segments]
        self.ends = [seg.end for seg in stream.segments]
        self.daily = [r.numerator * (self.scale // r.denominator) for r in rates]
        self.before: list[int] = []  # the scaled revenue before each figure
        self.covered_before: list[int] = []  # the days with a figure before each figure
        total = days = 0
        for seg, daily in zip(stream.segments, self.daily):
            self.before.append(total)
            self.covered_before.append(days)
            total += daily * seg.days
            days += seg.days

    def _find(self, t: date) -> tuple[int, int]:
        """The figure at or before `t` and the days of it before `t` (-1, 0: none)."""
        i = bisect_right(self.starts, t) - 1
        if i < 0:
            return -1, 0
        return i, (min(t, self.ends[i]) - self.starts[i]).days

    def at(self, t: date) -> int:
        """The scaled revenue over every day before `t`."""
        i, days = self._find(t)
        return 0 if i < 0 else self.before[i] + self.daily[i] * days

    def covered(self, start: date, end: date) -> bool:
        """Whether a figure covers every day of `[start, end)`."""
        if start < self.starts[0]:
            return False
        i, a = self._find(start)
        j, b = self._find(end)
        return (self.covered_before[j] + b) - (self.covered_before[i] + a) == (end - start).days


def _in(spec: Spec, stream: Stream, value: Fraction, rates: Mapping[str, Any]) -> Fraction:
    """A window's value in the threshold's currency (for showing it)."""
    if spec.currency is None or spec.currency == stream.currency:
        return value
    unit = convert(Money(stream.currency, Decimal(1)), spec.currency, rates)
    return value * unit if unit is not None else value


def fundings_in(state: Any) -> list[Funded]:
    """The fundings of a `State` (for expectations)."""
    return [
        Funded(on, investor, investment, amount)
        for on, investor, investment, amount in state.fundings
    ]


class Aggregates:
    """A part of `facts.Facts`: aggregates in conditions, and the fundings they read."""

    m: model.Model
    scenario: model.Scenario
    streams: dict[str, Stream]
    deps: dict[str, list[Any]]
    ctx: Any
    at: Callable[..., None]
    wake: Callable[..., None]

    def init_aggregates(self) -> None:
        self.fundings: list[Funded] = []
        self.stream_firsts: dict[Spec, date | None] = {}  # revenue aggregates, read once
        self.ctx.aggregate = self.aggregate_value

    def note_funding(self, t: date, investor: str, investment: str, amount: Money) -> None:
        self.fundings.append(Funded(t, investor, investment, amount))
        for w in self.deps.get(AGGREGATE_DEP, ()):
            if not w.done:
                self.at(t, Phase.WATCH, self.wake, w)  # re-read the condition that day

    def aggregate_value(self, cmp: ast.Compare, t: date) -> bool | None:
        spec = spec_of(cmp)
        if spec is None:
            return None
        if spec.subject in STREAM_SUBJECTS:
            first = self.stream_first(spec)
            return first is not None and first <= t
        return holds(spec, items(spec, self.fundings, self.scenario), t)

    def stream_first(self, spec: Spec) -> date | None:
        """The first day a revenue aggregate holds (the figures are known in advance)."""
        if spec not in self.stream_firsts:
            stream = self.streams.get(spec.of or "")
            found = stream_window(spec, stream, date.max, self.m.rates)
            self.stream_firsts[spec] = found.first
        return self.stream_firsts[spec]

    def aggregate_dates(self, cmp: ast.Compare) -> list[date]:
        """The days an aggregate over scenario facts may start to hold (its items' dates)."""
        spec = spec_of(cmp)
        if spec is None or spec.subject == "funding":
            return []
        if spec.subject in STREAM_SUBJECTS:
            first = self.stream_first(spec)
            return [] if first is None else [first]
        return [d for d, _ in items(spec, (), self.scenario)]


def streams_of(m: model.Model, scenario: model.Scenario) -> dict[str, Stream]:
    """The scenario's revenue streams (for expectations, outside the engine)."""
    return build_streams(scenario.figures, m.rates)[0]
