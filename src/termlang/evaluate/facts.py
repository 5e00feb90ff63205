"""The scenario facts of issue 12, mixed into the `Engine` in one place: occurrences of
recurring events (`occurrences`), readings (`observations`), third-party acts (`acts`) and
rounds (`rounds`), aggregates (`aggregates`) and tranches funded with another amount than
their term (below)."""

from __future__ import annotations

from datetime import date
from typing import Any

from termlang import model
from termlang.evaluate.acts import Acts
from termlang.evaluate.aggregates import Aggregates
from termlang.evaluate.grants import Grants
from termlang.evaluate.observations import Observations
from termlang.evaluate.occurrences import Occurrences
from termlang.evaluate.rounds import Rounds
from termlang.values import Money


class Facts(Occurrences, Observations, Acts, Grants, Aggregates, Rounds):
    """Mixed into `Engine`: `init_facts` with the engine, `setup_facts` once the clauses are
    set up."""

    scenario: model.Scenario

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

    def facts_extras(self) -> dict[str, Any]:
        return {}
