"""Loans: drawn on their date (the effective date without one), accruing interest by their
day count until maturity, when principal and interest are repaid; a loan that ends before
maturity stops accruing that day (docs/mechanics.md, "Loans")."""

from __future__ import annotations

from datetime import date

from attrs import evolve

from termlang import model
from termlang.evaluate import timeline as tl
from termlang.evaluate.core import Core, Family
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason, Why
from termlang.evaluate.status import Status
from termlang.mechanics.daycount import DayCount


class Loans(Family):
    """The handler of `loan` clauses."""

    def __init__(self, core: Core) -> None:
        super().__init__(core)
        self.loans: dict[str, tl.LoanAccrual] = {}

    def setup(self, c: model.AnyClause, start: date | None) -> None:
        if isinstance(c, model.Loan):
            self.setup_loan(c)

    def stopped(
        self, c: model.AnyClause, t: date, old: Status | str, new: Status | str, reason: Why
    ) -> None:
        if old == Status.ACTIVE:
            self.loan_stops(c.name, t)

    def setup_loan(self, c: model.Loan) -> None:
        drawn = self.core.date_of(c.drawn) if c.drawn is not None else self.core.effective
        if drawn is None:
            return
        self.core.at(drawn, Phase.DATED, self.loan_drawn, c, drawn)

    def loan_drawn(self, t: date, c: model.Loan, drawn: date) -> None:
        if not self.core.in_force(c.name):
            return
        maturity = self.core.date_of(c.maturity)
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
        self.core.record(
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
            self.core.at(maturity, Phase.DATED, self.loan_matures, c)

    def loan_matures(self, t: date, c: model.Loan) -> None:
        loan = self.loans.get(c.name)
        if loan is None or not self.core.in_force(c.name):
            return
        interest = loan.accrued(t)
        total = c.principal.rounded() + interest
        self.core.record(
            t,
            c.name,
            tl.REPAID,
            None,
            str(total),
            Reason.of("matures", on=t, principal=c.principal, interest=interest),
            total,
        )
        self.core.set_status(
            c.name, Status.FULFILLED, t, Reason.of("repaid_at_maturity", total=total)
        )

    def loan_stops(self, name: str, t: date) -> None:
        """A loan that ends before maturity stops accruing interest that day."""
        loan = self.loans.get(name)
        if loan is not None and (loan.end is None or t < loan.end):
            self.loans[name] = evolve(loan, end=t)
