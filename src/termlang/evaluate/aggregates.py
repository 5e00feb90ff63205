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
* a recurring event: its occurrences (counted).

`count` counts items. `sum` adds amounts in the threshold's currency (an item in another
currency is left out: no exchange rate applies to a window). Items are known in advance
(acts, occurrences) or when they happen (fundings wake the conditions that read them), so
nothing is evaluated per day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from attrs import frozen

from termlang import ast, model
from termlang.evaluate.conditions import COMPARE
from termlang.evaluate.phases import Phase
from termlang.values import Duration, Money, parse_duration_unit

SUBJECTS = ("funding", "deals", "grants")
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
        value = f"{self.currency} {_num(self.threshold)}" if self.currency else _num(self.threshold)
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
    return str(Money(spec.currency, Decimal(value.numerator) / Decimal(value.denominator)))


def holds(spec: Spec, found: Sequence[tuple[date, Fraction]], t: date) -> bool:
    """Whether some window ending by `t` satisfies the comparison."""
    value = best_window(spec, found, t)
    return value is not None and COMPARE[spec.op](value, spec.threshold)


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
    deps: dict[str, list[Any]]
    ctx: Any
    at: Callable[..., None]
    wake: Callable[..., None]

    def init_aggregates(self) -> None:
        self.fundings: list[Funded] = []
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
        return holds(spec, items(spec, self.fundings, self.scenario), t)

    def aggregate_dates(self, cmp: ast.Compare) -> list[date]:
        """The days an aggregate over scenario facts may start to hold (its items' dates)."""
        spec = spec_of(cmp)
        if spec is None or spec.subject == "funding":
            return []
        return [d for d, _ in items(spec, (), self.scenario)]
