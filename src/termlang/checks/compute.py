"""Compute: a provider never allocates more than the capacity it declares."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.checks._schedule import Piece, first_excess, schedule
from termlang.checks._time import clause_reach, period
from termlang.dates import static_env
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import Compute
from termlang.source import Span
from termlang.values import Quantity

OVER_CAPACITY = RuleInfo(
    "TL470",
    "compute-over-capacity",
    "a provider's compute allocations exceed its declared capacity",
    """\
A party that provides compute can declare what it has (`party microsoft { capacity 5 GW }`).
The `compute` clauses it provides, with their `from` steps, must never add up to more than
that in the same unit dimension (power, GPUs, ...) at the same time; otherwise the provider
has promised capacity it does not have. The check sweeps over the change points of every
allocation and names the period and the clauses. Error when the excess is certain from the
dates, warning when it depends on events.

    party microsoft { capacity 5 GW }
    compute to_openai { provider microsoft  capacity 3 GW ... }
    compute to_mistral { provider microsoft  capacity 2.5 GW ... }    # error: 5.5 GW""",
    Severity.ERROR,
)

RULES = (OVER_CAPACITY,)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    env = static_env(model)
    groups: dict[tuple[str, str], list[Piece]] = defaultdict(list)
    units: dict[tuple[str, str], str] = {}
    for c in model.clauses.values():
        if not isinstance(c, Compute):
            continue
        provider = model.parties.get(c.provider)
        if provider is None or not provider.capacity:
            continue
        first = c.capacity or next((s.capacity for s in c.steps if s.capacity), None)
        if first is None:
            continue
        dim = first.dimension
        base = c.capacity.base_amount() if c.capacity is not None else Decimal(0)
        steps = [
            (s.at, s.capacity.base_amount())
            for s in c.steps
            if s.capacity is not None and s.capacity.dimension == dim
        ]
        key = (c.provider, dim)
        units.setdefault(key, first.unit)
        groups[key].extend(schedule(c, clause_reach(c, env), base, steps, env))
    for (provider_name, dim), pieces in groups.items():
        provider = model.parties[provider_name]
        cap = next((q for q in provider.capacity if q.dimension == dim), None)
        if cap is None:
            continue
        excess = first_excess(pieces, cap.base_amount())
        if excess is None:
            continue
        involved: list[Compute] = []
        value: dict[int, Decimal] = {}
        for p in sorted(excess.pieces, key=lambda p: p.start):
            if not excess.certain or p.certain:
                assert isinstance(p.owner, Compute)
                if p.owner not in involved:
                    involved.append(p.owner)
                value[id(p.owner)] = p.lo if excess.certain else p.hi

        def shown(base_amount: Decimal, unit: Quantity = cap) -> str:
            return str(Quantity(base_amount / unit.info.factor, unit.unit))

        parts = ", ".join(f"`{c.name}` {shown(value[id(c)])}" for c in involved)
        verb = "add up to" if excess.certain else "can add up to"
        message = (
            f"the compute allocations of `{provider_name}` {verb} {shown(excess.total)}, over "
            f"its capacity of {cap}, {period(excess.start, excess.end)}: {parts}"
        )
        if not excess.certain:
            message += ", depending on when events happen"
        last = involved[-1]
        yield finding(
            OVER_CAPACITY,
            message,
            _capacity_span(last, value.get(id(last))),
            labels=[
                *(
                    (_capacity_span(c, value[id(c)]), f"`{c.name}` allocates {shown(value[id(c)])}")
                    for c in involved[:-1]
                ),
                (provider.where("capacity"), f"`{provider_name}` declares {cap}"),
            ],
            help="lower an allocation, stagger the windows, or raise the declared capacity",
            severity=Severity.ERROR if excess.certain else Severity.WARNING,
        )


def _capacity_span(c: Compute, amount: Decimal | None) -> Span | None:
    """The line that sets the capacity in force: the base one or the `from` step giving it."""
    for step in reversed(c.steps):
        if step.capacity is not None and step.capacity.base_amount() == amount:
            return step.where("capacity")
    return c.where("capacity")
