"""Convertibles (notes, SAFEs and SAFTs): the first event that wins converts, repays or
dissolves them; their mechanics live in evaluate/instruments.py (docs/mechanics.md,
"Instruments"), which this handler schedules on the core."""

from __future__ import annotations

from datetime import date

from termlang import model
from termlang.evaluate import instruments
from termlang.evaluate.core import Family


class Convertibles(Family):
    """The handler of `convertible` clauses."""

    def setup(self, c: model.AnyClause, start: date | None) -> None:
        if isinstance(c, model.Convertible):
            instruments.schedule(self.core, c)
