"""Options: their waiver, and what their exercise does (docs/semantics.md, "Options and
elections").

An option is an obligation written with `may`; its `fulfilled_by` event is the exercise, and
its life is pending -> open -> exercised | expired | waived (`lifecycle.option_status`).

* **Waiver.** A scenario's `waived OPTION DATE` line gives the option up that day: from the
  start of that day it is `waived` (an ended status), so an exercise on or after it counts
  for nothing. An option that has already been exercised or has expired cannot be waived
  (the line changes nothing; `checks/options.py` warns).
* **Consequences on exercise** (`on_exercise`, stated on the option), applied on the day
  of the exercise, only when the exercise counts (the option was open):
  - `renew TERM DURATION`: the term of the `termination` TERM (its `term`) does not end on
    its last day but runs on for DURATION more (a `renewal` change on the first day of the
    extension). An exercise extends the term that is running on the day of the exercise,
    or the next one to end; each exercise extends once.
  - `terminate CLAUSE, ...` or `terminate agreement`: ends them that day (`terminated`).
  - `buy PAYMENT`: the fixed amount of the `payment` arises on the exercise day and is due
    by its `due` (`30 days after ...`: 30 days after the exercise), not on its own anchor.
  Conversion (a holder's option to convert a note) is the `convertible`'s own election
  (`at_maturity election` and the scenario's `election` line), not an `on_exercise`.

`Options` is a component evaluate/engine.py builds beside the clause families: it holds
the core's scheduler and statuses and the agreement's, terminations' and payments' actions
it triggers, bound in `__init__`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from termlang import model
from termlang.evaluate import timeline as tl
from termlang.evaluate.core import Core
from termlang.evaluate.families.payments import Payments
from termlang.evaluate.families.terminations import Terminations
from termlang.evaluate.families.windows import Agreement
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason, Why
from termlang.evaluate.status import Status
from termlang.values import Duration

ONE_DAY = timedelta(days=1)
PH_DATED = Phase.DATED
_NATURAL_ENDS = ("term_over", "renewals_over")


def options_of(m: model.Model) -> list[model.Obligation]:
    """The options of a model: obligations written with `may`."""
    return [
        c for c in m.clauses.values() if isinstance(c, model.Obligation) and c.modality == "may"
    ]


def bought_by(m: model.Model) -> dict[str, str]:
    """Payment -> the option whose exercise makes it fall due (`on_exercise buy PAYMENT`)."""
    out: dict[str, str] = {}
    for option in options_of(m):
        for cons in option.on_exercise:
            if cons.action == "buy":
                for name in cons.clauses:
                    out.setdefault(name, option.name)
    return out


class Options:
    """The options of one evaluation; see the module docstring."""

    m: model.Model
    scenario: model.Scenario
    status: dict[str, str]
    at: Callable[..., None]
    record: Callable[..., None]
    date_of: Callable[..., date | None]
    end_clause: Callable[..., None]
    terminate_agreement: Callable[..., None]
    fire: Callable[..., None]
    arise: Callable[..., None]
    due_after: Callable[..., date]

    def __init__(
        self, core: Core, agreement: Agreement, terminations: Terminations, payments: Payments
    ) -> None:
        self.m, self.scenario, self.status = core.m, core.scenario, core.status
        self.at, self.record, self.date_of = core.at, core.record, core.date_of
        self.end_clause = core.end_clause
        self.terminate_agreement = agreement.terminate
        self.fire = terminations.fire
        self.arise, self.due_after = payments.arise, payments.due_after
        self.init_options()

    def init_options(self) -> None:
        # termination -> the extensions exercised, in order: (exercise day, option, length)
        self.extensions: dict[str, list[tuple[date, str, Duration]]] = {}
        self.bought = bought_by(self.m)

    def setup_options(self, c: model.AnyClause) -> None:
        if not (isinstance(c, model.Obligation) and c.modality == "may"):
            return
        for waiver in self.scenario.waivers:
            if waiver.clause == c.name:
                self.at(waiver.on, PH_DATED, self.waive, c.name, waiver.on)
                break  # the first waiver counts; checks/options.py reports a second

    def waive(self, t: date, name: str, on: date) -> None:
        """The holder gives the option up: it is `waived` unless it has already ended."""
        if self.status.get(name) in (Status.PENDING, Status.ACTIVE, Status.SUSPENDED):
            self.end_clause(name, t, Status.WAIVED, Reason.of("option_waived", on=on))

    def option_exercised(self, c: model.Obligation, t: date, why: Why) -> None:
        """The option `c` was exercised on `t` (it was open): apply its consequences."""
        because = Reason.of("option_exercised", clause=c.name, cause=why)
        for cons in c.on_exercise:
            for name in cons.clauses:
                if cons.action == "terminate" and name == tl.AGREEMENT:
                    self.terminate_agreement(t, because)
                elif cons.action == "terminate":
                    self.end_clause(name, t, Status.TERMINATED, because)
                elif cons.action == "renew" and cons.by is not None:
                    self.extensions.setdefault(name, []).append((t, c.name, cons.by))
                elif cons.action == "buy":
                    self.bought_arises(t, name)

    def bought_arises(self, t: date, name: str) -> None:
        """`on_exercise buy PAYMENT`: the payment's fixed amount arises on the exercise day."""
        c = self.m.clauses.get(name)
        if not isinstance(c, model.PaymentObligation) or self.status.get(name) != Status.ACTIVE:
            return
        amount = c.fixed_amount()
        if amount is None:
            return
        # `due 30 days after X`: from the exercise; `due 2027-06-30`: that day (or the exercise)
        due = self.due_after(c, t) if c.due_after is not None else max(self.date_of(c.due) or t, t)
        self.arise(t, c, "once", amount.rounded(), due)

    def term_ends(self, t: date, name: str, why: Why) -> None:
        """A term reaches its end on `t` (the first day out of force): an option exercised
        by its last day extends it instead."""
        pending = self.extensions.get(name, [])
        kind = why.kind if isinstance(why, Reason) else None
        if kind in _NATURAL_ENDS and self.status.get(name) == Status.ACTIVE:
            for i, (exercised, option, by) in enumerate(pending):
                if exercised < t:
                    del pending[i]
                    try:
                        after = by.add_to(t)[0]
                    except OverflowError:
                        return  # extended beyond the last representable day: never ends
                    last = after - ONE_DAY
                    reason = Reason.of("option_renewed", clause=option, by=by, until=last)
                    self.record(t, name, tl.RENEWAL, None, last.isoformat(), reason, last)
                    self.at(
                        after, PH_DATED, self.term_ends, name, Reason.of("term_over", last=last)
                    )
                    return
        self.fire(t, name, why)
