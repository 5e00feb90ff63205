"""The scenario facts of issue 12 in one component: occurrences of recurring events
(`occurrences`), readings (`observations`), third-party acts (`acts`) and rounds (`rounds`),
aggregates (`aggregates`) and tranches funded with another amount than their term (below).

`Facts` is built by evaluate/engine.py beside the clause families and holds the core: the
fact modules are written as parts of one class reading a narrow set of names (the core's
scheduler, statuses and dates, and what they read of the penalties and capacity families),
which `Facts.__init__` binds, and nothing else.
"""

from __future__ import annotations

from datetime import date

from termlang import model
from termlang.evaluate.acts import Acts
from termlang.evaluate.aggregates import Aggregates
from termlang.evaluate.core import Core
from termlang.evaluate.families.access import Access
from termlang.evaluate.families.payments import Payments
from termlang.evaluate.families.penalties import Penalties
from termlang.evaluate.grants import Grants
from termlang.evaluate.observations import Observations
from termlang.evaluate.occurrences import Occurrences
from termlang.evaluate.rounds import Rounds
from termlang.values import Money


class Facts(Occurrences, Observations, Acts, Grants, Aggregates, Rounds):
    """The facts of one evaluation: built with the core, `setup_facts` once the clauses are
    set up."""

    def __init__(
        self, core: Core, penalties: Penalties, access: Access, payments: Payments
    ) -> None:
        self.core = core
        # what the fact modules read of the core ...
        self.m, self.scenario, self.env = core.m, core.scenario, core.env
        self.end, self.effective = core.end, core.effective
        self.status, self.initial, self.windows = core.status, core.initial, core.windows
        self.deps, self.ctx, self.streams = core.deps, core.ctx, core.streams
        self.at, self.wake, self.record, self.date_of = (
            core.at,
            core.wake,
            core.record,
            core.date_of,
        )
        self.set_status, self.suspend, self.end_clause = (
            core.set_status,
            core.suspend,
            core.end_clause,
        )
        # ... and of the families
        self.penalties_on = penalties.penalties_on
        self.penalty_terms = penalties.penalty_terms
        self.arm_penalty = penalties.arm_penalty
        self.capacity_now = access.capacity_now
        self.holders = payments.holders  # who holds a licence after an assignment (grants)
        self.init_facts()

    def init_facts(self) -> None:
        self.funded_amounts: dict[str, Money] = {
            f.tranche: f.amount for f in self.scenario.fundings
        }
        self.init_aggregates()

    def setup_facts(self) -> None:
        self.setup_occurrences()
        self.setup_observations()
        self.setup_acts()
        self.setup_rounds()

    def funding_of(
        self, t: date, part: str, inv: model.Investment, term: Money
    ) -> tuple[Money, str]:
        """What a tranche is funded with on `t` (the scenario's `funded` amount, else its
        term) and how the reason words it; aggregates over `funding` see it."""
        amount = self.funded_amounts.get(part, term)
        self.note_funding(t, inv.investor, inv.name, amount)
        self.round_funded(t, inv.name, inv.investor, amount)
        if amount == term:
            return term, f"{term}"
        return amount, f"{amount} (the term says {term})"
