"""When things fall due and stop, as counsel read the words (docs/semantics.md, section 1).

* A period's payment under `due N days` is due N days after the period's **last day**
  ("within 10 days after the end of the quarter": Q1 2019 + 10 days = 2019-04-10). Without
  `due`, it is due on the first day after the period, the day it is settled.
* A payment made on its due date is on time; each day after it is a day late.

* A deadline reads by the obligation's modality: `must ... deadline D` is "no later than D"
  (performance on D is in time; the obligation is breached or expires on the day after),
  `may ... deadline D` is "no later than D" too (the option can be exercised on D and expires
  the day after), and `must_not ... deadline D` is "not before D": the restriction applies
  until the day before D, and D is the first permitted day (a breach on D is no breach).

Pure functions over dates; the engine calls them.
"""

from __future__ import annotations

from datetime import date, timedelta

from attrs import frozen

from termlang.calendar import periods_between
from termlang.evaluate.reasons import Reason
from termlang.evaluate.status import OptionStatus as OptionStatus
from termlang.evaluate.status import option_status as option_status
from termlang.model import Obligation
from termlang.values import Duration, DurationUnit, Period

ONE_DAY = timedelta(days=1)


def period_months(unit: DurationUnit) -> int:
    """The months in a revenue or measurement period of `unit` (a month unless quarter or
    year)."""
    return {DurationUnit.YEAR: 12, DurationUnit.QUARTER: 3}.get(unit, 1)


def periods_over(start: date, end: date, unit: DurationUnit) -> list[Period]:
    """The calendar periods (months, quarters or years) that overlap `[start, end)`."""
    return [Period(a, b) for a, b in periods_between(start, end, period_months(unit))]


def period_due_date(period_end: date, due: Duration | None) -> date:
    """The last day a period's payment may be made: `due` after the period's last day.

    `period_end` is the first day after the period (periods are half-open internally).
    """
    if due is None:
        return period_end
    try:
        return due.add_to(period_end - ONE_DAY)[0]
    except OverflowError:
        return date.max


def days_late(due_by: date, paid_on: date | None, at: date) -> int:
    """Whole days a payment is late by `at`: after `due_by`, until it is paid (0: on time)."""
    stop = at if paid_on is None else min(paid_on, at)
    return max((stop - due_by).days, 0)


def deadline_passes(modality: str, deadline: date) -> date | None:
    """The day an obligation's deadline has passed (None: never, at the end of time)."""
    if modality == "must_not":
        return deadline  # "not before D": free from D on
    return deadline + ONE_DAY if deadline < date.max else None


def due_reason(c: Obligation, deadline: date) -> Reason:
    """The reason of an obligation's `due` change, in the words of its modality."""
    if c.modality == "must_not":
        return Reason.of("applies_until", clause=c.name, on=deadline)
    if c.modality == "may":
        return Reason.of("may_exercise", clause=c.name, on=deadline)
    return Reason.of("must_perform", clause=c.name, on=deadline)


# An option's status (a `may` obligation): evaluate/status.py, re-exported here.


# ---------------------------------------------------------------------------- term and renewal


@frozen
class TermStep:
    """One term of an agreement that renews: its days, and the notice deadline that decides
    whether another follows."""

    number: int  # 0: the initial term; 1, 2, ...: renewals
    start: date
    last: date  # the term's last day in force
    notice_by: date | None  # the last day to give notice of non-renewal (None: no notice)


@frozen
class TermPlan:
    """What a `termination` with a `term` does under a scenario."""

    terms: tuple[TermStep, ...]  # the terms that begin, in order
    ends_on: date | None  # the first day out of force (None: not within the horizon)
    why: Reason | None  # the reason of the end (None: it does not end)


def term_plan(
    start: date,
    term: Duration,
    renews: Duration | None,
    renewals: int | None,
    notice: Duration | None,
    notice_on: date | None,
    convenience: Duration | None,
    convenience_on: date | None,
    horizon: date,
) -> TermPlan:
    """The terms from `start` until the agreement ends or the horizon passes.

    Each term's last day is the day before the next term starts (`start + 3 years` begins the
    first renewal). A renewal follows unless notice of non-renewal is given no later than
    `notice` before the term's last day (a late notice counts for the next term), or the
    renewals allowed have run out. Termination for convenience takes effect `convenience`
    after its notice, whichever end comes first.
    """
    out_convenience: date | None = None
    if convenience is not None and convenience_on is not None:
        out_convenience = _add(convenience_on, convenience)
    terms: list[TermStep] = []
    begin, length = start, term
    ends_on: date | None = None
    why: Reason | None = None
    for number in range(10_000):
        after = _add(begin, length)
        last = after - ONE_DAY
        deadline = _sub(last, notice) if notice is not None else None
        terms.append(TermStep(number, begin, last, deadline))
        if out_convenience is not None and out_convenience <= after:
            ends_on = out_convenience
            why = Reason.of("convenience", on=convenience_on, notice=convenience)
            break
        noticed = notice_on is not None and (deadline is None or notice_on <= deadline)
        if noticed:
            ends_on = after
            why = Reason.of("term_noticed", last=last, notice_on=notice_on)
            break
        if renews is None or (renewals is not None and number >= renewals):
            ends_on = after
            why = (
                Reason.of("term_over", last=last)
                if renews is None
                else Reason.of("renewals_over", last=last, count=str(renewals))
            )
            break
        if after > horizon:
            break
        begin, length = after, renews
    return TermPlan(tuple(terms), ends_on, why)


def _add(d: date, duration: Duration) -> date:
    try:
        return duration.add_to(d)[0]
    except OverflowError:
        return date.max


def _sub(d: date, duration: Duration) -> date:
    try:
        return duration.add_to(d, -1)[0]
    except OverflowError:
        return date.min
