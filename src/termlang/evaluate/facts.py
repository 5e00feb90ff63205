"""The scenario facts of issue 12, mixed into the `Engine` in one place: occurrences of
recurring events (`occurrences`), readings (`observations`), third-party acts (`acts`) and
tranches funded with another amount than their term (below)."""

from __future__ import annotations

from typing import Any

from termlang import model
from termlang.evaluate.acts import Acts
from termlang.evaluate.observations import Observations
from termlang.evaluate.occurrences import Occurrences
from termlang.values import Money


class Facts(Occurrences, Observations, Acts):
    """Mixed into `Engine`: `setup_facts` once the clauses are set up."""

    scenario: model.Scenario

    def setup_facts(self) -> None:
        self.funded_amounts: dict[str, Money] = {
            f.tranche: f.amount for f in self.scenario.fundings
        }
        self.setup_occurrences()
        self.setup_observations()
        self.setup_acts()

    def tranche_amount(self, part: str, term: Money) -> tuple[Money, str]:
        """What a tranche was funded with, and how the reason words it."""
        amount = self.funded_amounts.get(part)
        if amount is None or amount == term:
            return term, f"{term}"
        return amount, f"{amount} (the term says {term})"

    def facts_extras(self) -> dict[str, Any]:
        return {}
