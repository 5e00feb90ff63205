"""The occurrences of recurring events a scenario gives, grouped, and the names they make
(`clause.identifier`, `asset.identifier`): read by the interpreter (evaluate/occurrences.py)
and by the static validation of `expect` lines (expect_static.py), which must not load the
interpreter's reasons on the path of `termlang check`."""

from __future__ import annotations

from collections.abc import Iterable

from termlang import model


def by_event(instances: Iterable[model.Instance]) -> dict[str, list[model.Instance]]:
    """The occurrences of each recurring event, in date order (then identifier)."""
    out: dict[str, list[model.Instance]] = {}
    for inst in sorted(instances, key=lambda i: (i.on, i.id)):
        out.setdefault(inst.event, []).append(inst)
    return out


def part_names(m: model.Model, scenario: model.Scenario) -> list[str]:
    """`clause.identifier` for every clause with `each` and every occurrence it applies to."""
    grouped = by_event(scenario.instances)
    return [
        f"{c.name}.{inst.id}"
        for c in m.clauses.values()
        if getattr(c, "each", None)
        for inst in grouped.get(getattr(c, "each", ""), ())
    ]


def asset_names(m: model.Model, scenario: model.Scenario) -> list[str]:
    """`asset.identifier` for every per-occurrence priority access."""
    grouped = by_event(scenario.instances)
    return [
        f"{c.asset}.{inst.id}"
        for c in m.clauses.values()
        if isinstance(c, model.PriorityAccess) and c.each
        for inst in grouped.get(c.each, ())
    ]
