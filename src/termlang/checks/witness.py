"""Witnesses: the concrete schedule in which a finding bites, as data, and as a scenario file.

A check that can show its finding happening attaches a `Witness` to it (`witnessed`): the
dates of the events (or `never`) and, for findings about amounts, the figures. `termlang check
--witness DIR` writes one scenario file per witnessed finding (`write_witnesses`); the file
`uses` the agreement, so `termlang eval`, `timeline` and `render` run it unchanged and show
the contradiction as it plays out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

import attrs

from termlang.checks._diag import recast
from termlang.diagnostics import Diagnostic

if TYPE_CHECKING:  # the writer's imports stay off `termlang check`'s path without --witness
    from pathlib import Path

    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen


@frozen(kw_only=True)
class WitnessFigure:
    """A scenario figure line: `revenue api { 2026-Q1 USD 5B }` is ("revenue", "api",
    "2026-Q1", "USD 5B"); the amount is written as the language writes it."""

    metric: str
    subject: str
    period: str
    amount: str


@frozen(kw_only=True)
class Witness:
    """A schedule in which a finding happens: what a scenario must say to show it."""

    label: str  # what the schedule shows, one line
    events: tuple[tuple[str, date | None], ...] = ()
    figures: tuple[WitnessFigure, ...] = ()
    # priced rounds a scenario must state for an event: (event, price, capitalization), as
    # written in a scenario (`USD 1`, `10_000_000`)
    financings: tuple[tuple[str, str, str], ...] = ()
    horizon: date | None = None  # None: a year after its last date (none without dates)

    def last_date(self) -> date | None:
        days = [d for _, d in self.events if d is not None]
        return max(days) if days else None


@frozen
class Witnessed(Diagnostic):
    """A finding with the schedule that shows it."""

    witness: Witness | None = attrs.field(default=None, eq=False, repr=False)


def witnessed(diagnostic: Diagnostic, witness: Witness | None) -> Diagnostic:
    """`diagnostic` with `witness` attached (unchanged when there is none)."""
    if witness is None:
        return diagnostic
    return recast(diagnostic, Witnessed, witness=witness)


def witness_of(diagnostic: Diagnostic) -> Witness | None:
    return diagnostic.witness if isinstance(diagnostic, Witnessed) else None


def scenario_text(agreement: Path, folder: Path, name: str, witness: Witness, why: str) -> str:
    """A scenario file in `folder` that `uses` the agreement and holds the witness."""
    import os

    target = os.path.relpath(os.path.realpath(agreement), os.path.realpath(folder))
    target = target.replace(os.sep, "/")
    horizon = witness.horizon
    if horizon is None:
        last = witness.last_date()
        # a year past its last date; with no date at all, no horizon (never the clock)
        horizon = last + timedelta(days=366) if last is not None else None
    lines = [
        f"# A witness written by `termlang check --witness`: {_comment(why)}",
        f'uses "{_quote(target)}"',
        "",
        f'scenario {name} "{_quote(witness.label)}" {{',
    ]
    if horizon is not None:
        lines.append(f"  horizon  {horizon.isoformat()}")
    for event, on in witness.events:
        lines.append(f"  {event}  {on.isoformat() if on is not None else 'never'}")
    by_series: dict[tuple[str, str], list[WitnessFigure]] = {}
    for figure in witness.figures:
        by_series.setdefault((figure.metric, figure.subject), []).append(figure)
    for (metric, subject), figures in by_series.items():
        lines.append(f"  {metric} {subject} {{")
        lines.extend(f"    {f.period}  {f.amount}" for f in figures)
        lines.append("  }")
    for event, price, shares in witness.financings:
        lines.append(f"  financing {event} {{ price {price}; capitalization {shares} shares }}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_witnesses(
    folder: Path, found: Iterable[tuple[Path, Diagnostic]]
) -> list[tuple[Path, str]]:
    """Write one scenario file per witnessed finding into `folder`; returns (file, scenario)."""
    import re
    from pathlib import Path

    from termlang.files import write_file

    written: list[tuple[Path, str]] = []
    used: set[str] = set()
    for agreement, diagnostic in found:
        witness = witness_of(diagnostic)
        if witness is None:
            continue
        line = diagnostic.span.start_pos.line if diagnostic.span is not None else 0
        if diagnostic.span is not None and Path(diagnostic.span.source.path).is_file():
            agreement = Path(diagnostic.span.source.path)  # the agreement a scenario file uses
        stem = f"{Path(agreement).stem}-{diagnostic.code}-{line}"
        base, n = stem, 1
        while stem in used:
            n += 1
            stem = f"{base}-{n}"
        used.add(stem)
        name = "witness_" + re.sub(r"[^a-z0-9_]", "_", stem.lower())
        name = re.sub(r"_+", "_", name)
        why = f"{diagnostic.code} {diagnostic.message}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{stem}.term"
        write_file(
            path,
            scenario_text(agreement, folder, name, witness, why).encode("utf-8"),
            inputs=[Path(agreement)],
        )
        written.append((path, name))
    return written


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _comment(text: str) -> str:
    return " ".join(text.split())
