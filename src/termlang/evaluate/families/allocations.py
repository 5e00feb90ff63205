"""Allocations: an amount divided among parties by weight, with a rounding rule, on the day
the clause comes into force (docs/mechanics.md, "Allocations"). The arithmetic is
`termlang.mechanics.allocation`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from termlang import model
from termlang.evaluate import timeline as tl
from termlang.evaluate.core import Family
from termlang.evaluate.reasons import Reason, Why
from termlang.mechanics import allocation as allocation_mech


class Allocations(Family):
    """The handler of `allocation` clauses."""

    def activate(self, c: model.AnyClause, t: date, reason: Why) -> None:
        if isinstance(c, model.Allocation):
            self.allocate(t, c, reason)

    def allocate(self, t: date, c: model.Allocation, reason: Why) -> None:
        weights: list[Decimal] = []
        for w in c.weights:
            v = w.value
            amount: Any = getattr(v, "amount", None)
            if amount is None:
                amount = getattr(v, "value", v)
            weights.append(Decimal(amount))
        problem = allocation_mech.weights_problem(weights)
        if problem is not None:
            # no parts (TL561 flags the weights): the state holds an empty allocation
            why = Reason.of("allocation_failed", problem=problem.value)
            self.core.record(t, c.name, tl.ALLOCATION, None, "none", why, ())
            return
        result = allocation_mech.allocate(c.amount, weights, allocation_mech.Rounding(c.rounding))
        parts = tuple((w.party, part) for w, part in zip(c.weights, result.parts, strict=True))
        text = ", ".join(f"{party} {part}" for party, part in parts)
        why = Reason.of(
            "allocated",
            amount=c.amount,
            rounding=c.rounding,
            parts=tuple(
                Reason.of("allocation_part", amount=part, party=party) for party, part in parts
            ),
            unallocated=result.unallocated if result.unallocated.amount else None,
        )
        self.core.record(t, c.name, tl.ALLOCATION, None, text, why, parts)
