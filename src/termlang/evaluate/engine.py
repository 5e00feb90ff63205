"""The interpreter assembled: the core (evaluate/core.py) and one handler per clause family
(evaluate/families/), registered by clause kind keyword in `Engine.handlers`.

`Engine(model, scenario, end).run()` sets up the agreement and every clause (its window, then
its family's change points, then its `binding_from`), then the scenario facts, sweeps the
heap and returns the `Timeline`. The object is throwaway; the result is a pure function of
(model, scenario).

Families that need each other receive each other when built here (a revenue share arms the
penalties on its payments and makes instalments of them; a waterfall's and a cap's targets
read what was invested): composition, so each family's state is its own.

The scenario facts of issue 12 (occurrences, readings, acts, rounds, aggregates) are one
component, `evaluate/facts.py`, built beside the families.
"""

from __future__ import annotations

from datetime import date

from termlang import model
from termlang.evaluate import timeline as tl
from termlang.evaluate.core import Core, Handler
from termlang.evaluate.facts import Facts
from termlang.evaluate.families.access import Access
from termlang.evaluate.families.allocations import Allocations
from termlang.evaluate.families.commitments import Commitments
from termlang.evaluate.families.convertibles import Convertibles
from termlang.evaluate.families.exclusivities import Exclusivities
from termlang.evaluate.families.investments import Investments
from termlang.evaluate.families.loans import Loans
from termlang.evaluate.families.obligations import Obligations
from termlang.evaluate.families.payments import Payments
from termlang.evaluate.families.penalties import Penalties
from termlang.evaluate.families.refusals import Refusals
from termlang.evaluate.families.revenue_shares import RevenueShares
from termlang.evaluate.families.survival import Survival
from termlang.evaluate.families.terminations import Terminations
from termlang.evaluate.families.waterfalls import Waterfalls
from termlang.evaluate.families.windows import Agreement, Windows
from termlang.evaluate.lifecycle import periods_over
from termlang.evaluate.options import Options
from termlang.evaluate.phases import Phase

__all__ = ["HANDLERS", "Engine", "Phase", "periods_over"]

FACTS = "facts"  # handled by the scenario facts (evaluate/facts.py), not a family


# Clause kind keyword -> the family that handles it (`Engine.families`). A kind not here has
# only its lifecycle (window, `starts_when`, `ends_when`): a collaboration, a licence.
HANDLERS: dict[str, str] = {
    "priority_access": "access",
    "split": "access",
    "compute": "access",
    "investment": "investments",
    "revenue_share": "revenue_shares",
    "obligation": "obligations",
    "termination": "terminations",
    "exclusivity": "exclusivities",
    "first_refusal": "refusals",
    "first_offer": "refusals",
    "waterfall": "waterfalls",
    "penalty": "penalties",
    "loan": "loans",
    "convertible": "convertibles",
    "minimum_commitment": "commitments",
    "allocation": "allocations",
    "payment": "payments",
    "assignment": "payments",
    "round": FACTS,  # a round's subscriptions are scenario facts (evaluate/rounds.py)
}


class Engine(Core):
    """One evaluation of a model under a scenario. Use `run()`; the object is throwaway."""

    def __init__(self, m: model.Model, scenario: model.Scenario, end: date | None) -> None:
        super().__init__(m, scenario, end)
        self.windows_of = Windows(self)
        self.agreement_of = Agreement(self)
        self.survival = Survival(self)
        self.penalties = Penalties(self)
        self.investments = Investments(self)
        self.payments_of = Payments(self, self.penalties)
        self.access_of = Access(self)
        self.loans = Loans(self)
        self.waterfalls = Waterfalls(self, self.investments)
        obligations = Obligations(self, self.penalties)
        terminations = Terminations(self, self.agreement_of)
        # options (`may` obligations): waivers and what an exercise does (evaluate/options.py)
        self.options = Options(self, self.agreement_of, terminations, self.payments_of)
        obligations.exercised = self.options.option_exercised
        terminations.term_ends = self.options.term_ends
        self.payments_of.bought = self.options.bought
        self.families: dict[str, Handler] = {
            "access": self.access_of,
            "investments": self.investments,
            "revenue_shares": RevenueShares(
                self, self.investments, self.penalties, self.payments_of
            ),
            "obligations": obligations,
            "terminations": terminations,
            "exclusivities": Exclusivities(self),
            "refusals": Refusals(self),
            "waterfalls": self.waterfalls,
            "penalties": self.penalties,
            "loans": self.loans,
            "convertibles": Convertibles(self),
            "commitments": Commitments(self),
            "allocations": Allocations(self),
            "payments": self.payments_of,
        }
        self.handlers.update(
            (kind, self.families[family]) for kind, family in HANDLERS.items() if family != FACTS
        )
        self.facts = Facts(self, self.penalties, self.access_of, self.payments_of)
        self.investments.funding_of = self.facts.funding_of
        self.aggregate_dates_of = self.facts.aggregate_dates

    def run(self) -> tl.Timeline:
        self.agreement_of.setup()
        for c in self.m.clauses.values():
            start = self.windows_of.setup(c)
            self.handler(c).setup(c, start)
            self.payments_of.setup_binding(c)
            self.options.setup_options(c)
        self.facts.setup_facts()
        self.sweep()
        horizon = self.end if self.end != date.max else self.last_day()
        changes = sorted(self.changes, key=lambda c: c.on)  # stable: same-day order kept
        return tl.Timeline(
            scenario=self.scenario.name,
            horizon=horizon,
            changes=tuple(changes),
            payments=tuple(self.payments),
            initial=tuple((k, str(v)) for k, v in self.initial.items()),
            tranche_names=frozenset(self.investments.tranche_names),
            instalments=self.payments_of.settled_instalments(),
            distributions=tuple(self.waterfalls.distributions),
            accruals=tuple(self.penalties.accruals),
            loans=tuple(self.loans.loans.values()),
        )

    def last_day(self) -> date:
        """The horizon of a run given no end: its last change, else the last day its scenario
        dates, else the effective date, else `date.min` (nothing in it is dated). Never the
        clock: the result is a function of (model, scenario) alone."""
        dated = [c.on for c in self.changes] or [d for d in self.env.events.values() if d]
        if dated:
            return max(dated)
        return self.effective or date.min
