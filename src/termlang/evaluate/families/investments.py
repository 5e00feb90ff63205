"""Investments: each tranche funded on its date or when its condition holds, lapsed past its
deadline or when its investment ends (docs/semantics.md, "Tranches")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from termlang import model
from termlang.calendar import next_day
from termlang.evaluate import timeline as tl
from termlang.evaluate.core import Core, Family
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason, Why
from termlang.evaluate.status import Status, has_ended
from termlang.values import Money

ONE_DAY = timedelta(days=1)

# What a tranche is funded with on a day, and how it is noted by the scenario facts
# (evaluate/facts.py): (day, tranche, investment, its term) -> (amount, words).
FundingOf = Callable[[date, str, model.Investment, Money], tuple[Money, str]]


class Investments(Family):
    """The handler of `investment` clauses; `invested` and `funded` are read by caps and
    waterfall targets (a multiple of what was invested)."""

    def __init__(self, core: Core) -> None:
        super().__init__(core)
        # the facts' reading of a funding (evaluate/facts.py; set by the engine)
        self.funding_of: FundingOf = lambda t, part, inv, term: (term, str(term))
        self.tranche_names: set[str] = set()
        self.tranches: dict[str, tuple[model.Investment, model.Tranche]] = {}
        self.invested: dict[str, Money] = {}  # investment -> money it received
        self.funded: dict[str, Money] = {}  # investor -> money it put in

    def setup(self, c: model.AnyClause, start: date | None) -> None:
        if isinstance(c, model.Investment):
            for tr in c.tranches:
                self.setup_tranche(c, tr)

    def activate(self, c: model.AnyClause, t: date, reason: Why) -> None:
        if isinstance(c, model.Investment):
            for tr in c.tranches:
                if tr.on is None and tr.when is None:
                    self.fund(
                        t,
                        f"{c.name}.{tr.name}",
                        Reason.of("clause_starts", clause=c.name, cause=reason),
                    )

    def stopped(
        self, c: model.AnyClause, t: date, old: Status | str, new: Status | str, reason: Why
    ) -> None:
        if not isinstance(c, model.Investment) or not has_ended(new):
            return
        for tr in c.tranches:
            part = f"{c.name}.{tr.name}"
            if self.core.status[part] == Status.PENDING:
                self.core.set_status(
                    part,
                    Status.LAPSED,
                    t,
                    Reason.of("clause_ended", clause=c.name, status=new, cause=reason),
                )

    def setup_tranche(self, inv: model.Investment, tr: model.Tranche) -> None:
        core = self.core
        part = f"{inv.name}.{tr.name}"
        core.status[part] = core.initial[part] = Status.PENDING
        self.tranche_names.add(part)
        self.tranches[part] = (inv, tr)
        on = core.date_of(tr.on)
        deadline = core.date_of(tr.deadline)
        if tr.when is not None:
            since = on if tr.on is not None else core.effective
            if since is not None:
                core.watch(
                    tr.when,
                    since,
                    deadline,
                    lambda t, why: self.fund(t, part, why),
                )
        elif on is not None:
            core.at(on, Phase.DATED, self.fund, part, core.dated("dated", tr.on, on))
        if deadline is not None:
            core.at(next_day(deadline), Phase.END, self.tranche_deadline, part, tr, deadline)

    def fund(self, t: date, part: str, reason: Why) -> None:
        core = self.core
        inv, tr = self.tranches[part]
        if core.status[part] != Status.PENDING or (
            core.ended(inv.name) or core.status[inv.name] == Status.SUSPENDED
        ):
            return
        core.set_status(part, Status.FUNDED, t, reason)
        amount, _ = self.funding_of(t, part, inv, tr.amount)
        for table, key, aspect in (
            (self.invested, inv.name, tl.INVESTED),
            (self.funded, inv.investor, tl.FUNDED),
        ):
            old = table.get(key)
            new = amount if old is None else old + amount
            table[key] = new
            core.record(
                t,
                key,
                aspect,
                str(old) if old is not None else None,
                str(new),
                Reason.of("tranche_funded", tranche=part, amount=tr.amount)
                if amount == tr.amount
                else Reason.of(
                    "tranche_funded_otherwise", tranche=part, amount=amount, term=tr.amount
                ),
                new,
            )

    def tranche_deadline(self, t: date, part: str, tr: model.Tranche, deadline: date) -> None:
        if self.core.status[part] != Status.PENDING:
            return
        why = (
            self.core.dated("deadline_passed", tr.deadline, deadline, cond=tr.when)
            if tr.when is not None
            else self.core.dated("deadline_unfunded", tr.deadline, deadline)
        )
        self.core.set_status(part, Status.LAPSED, t, why)
