"""Consistency checks: one module per rule family, run in order from `RULE_MODULES`.

A check is a function `check(ctx: CheckContext) -> Iterable[Diagnostic]` in its own module,
with its codes documented in `RULES` (a tuple of `RuleInfo`) in the same module. Adding a
check is one module, one entry in `RULE_MODULES`, a bad and a good fixture under
`tests/fixtures/checks/`, and `python -m termlang.checks.catalog > docs/checks.md`.

Suppression: `allow CODE "reason"` inside a clause suppresses that code's findings whose
primary span lies in the clause. Suppressed findings are not dropped silently: `run_checks`
returns them as `Suppressed` notes (they never count as errors or warnings) so that reports
can list them with their reason; an `allow` that suppresses nothing is itself reported
(TL506).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING

import attrs

from termlang.checks import (
    absence,
    allocation,
    bounds,
    calendar,
    collaboration,
    commitment,
    compute,
    conditions,
    convertible,
    dates,
    exclusivity,
    grants,
    hygiene,
    instruments,
    labels,
    licence,
    money,
    options,
    payment,
    penalty,
    priority,
    properties,
    refusal,
    revenue,
    scenario,
    scenario_facts,
    self_reference,
    splits,
    streams,
    survival,
    temporal,
    term,
    waterfall,
    windows,
)
from termlang.checks._context import CheckContext
from termlang.checks._diag import finding, recast
from termlang.checks.hygiene import UNUSED_ALLOW
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import Allow, AnyClause, Model
from termlang.source import Span

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen


@frozen
class Suppressed(Diagnostic):
    """A finding that an `allow` in the file suppressed: kept as a note, with the reason."""

    reason: str = ""
    allow_span: Span | None = attrs.field(default=None, eq=False, repr=False)  # the `allow` line
    original: Severity = Severity.WARNING


# The rule modules, in the order they run: each has `RULES` (its codes) and `check(ctx)`.
RULE_MODULES = (
    splits,
    windows,
    temporal,
    exclusivity,
    collaboration,
    priority,
    money,
    revenue,
    compute,
    conditions,
    self_reference,
    dates,
    hygiene,
    waterfall,
    penalty,
    convertible,
    instruments,
    refusal,
    commitment,
    allocation,
    calendar,
    survival,
    term,
    options,
    payment,
    licence,
    scenario,
    bounds,
    streams,
    absence,
    scenario_facts,
    grants,
    properties,
    labels,
)
CHECK_RULES: tuple[RuleInfo, ...] = tuple(rule for module in RULE_MODULES for rule in module.RULES)


@cache
def all_codes() -> dict[str, RuleInfo]:
    """Every code termlang reports, by code: files and syntax, structure and names, the
    checks, and scenarios (`termlang explain`, SARIF rules, and what `allow` may name)."""
    from termlang.checks.verification import RULES as VERIFY_RULES
    from termlang.codes import CORE_RULES
    from termlang.scenario_codes import RULES as SCENARIO_RULES

    rules = (*CORE_RULES, *CHECK_RULES, *SCENARIO_RULES, *VERIFY_RULES)
    return {rule.code: rule for rule in rules}


# Findings taken from one check module before it is stopped. A file never shows more than a
# couple of hundred diagnostics, but n exclusivities against n collaborations are n^2
# findings: 2,000 of each built 4,000,000 diagnostics (106 s, 3.3 GB) for 200 to be shown.
# Checks are generators, so stopping one stops its work.
FINDINGS_PER_CHECK = 2_000


def run_checks(
    model: Model, used: Iterable[str] = (), *, limit: int | None = FINDINGS_PER_CHECK
) -> list[Diagnostic]:
    """Run every check. Findings an `allow` covers come back as `Suppressed` notes.

    Each check module stops after `limit` findings (None: no limit); one that had more to
    say adds a TL003 note naming it, so the count of findings is then a lower bound.
    """
    ctx = CheckContext(model=model, used=frozenset(used))
    found: list[Diagnostic] = []
    stopped: list[str] = []
    for module in RULE_MODULES:
        name, check = module.__name__.rpartition(".")[2], module.check
        if limit is None:
            found.extend(check(ctx))
            continue
        taken = list(islice(check(ctx), limit + 1))
        if len(taken) > limit:
            stopped.append(name)
            del taken[limit:]
        found.extend(taken)
    out: list[Diagnostic] = []
    applied: set[int] = set()
    allows = _AllowIndex(model.clauses.values())
    for diagnostic in found:
        allow = allows.find(diagnostic)
        if allow is None:
            out.append(diagnostic)
            continue
        applied.add(id(allow))
        out.append(
            recast(
                diagnostic,
                Suppressed,
                severity=Severity.NOTE,
                notes=(*diagnostic.notes, f"suppressed by `allow {allow.code}`: {allow.reason}"),
                reason=allow.reason,
                allow_span=allow.span,
                original=diagnostic.severity,
            )
        )
    for clause in model.clauses.values():
        for allow in clause.allows:
            if id(allow) not in applied and allow.code in _CHECK_CODES:
                out.append(
                    finding(
                        UNUSED_ALLOW,
                        f"`allow {allow.code}` in `{clause.name}` suppresses nothing: the check "
                        "finds no such problem in this clause",
                        allow.span,
                        help="remove the line; if the finding comes back, the `allow` can too",
                    )
                )
    for name in stopped:
        out.append(
            Diagnostic.stopped(
                f"the `{name}` checks stopped after {limit:,} findings; there are more",
                "fix the ones reported and run again",
            )
        )
    return out


class _AllowIndex:
    """The clauses with `allow` lines, by file and position, to find the one around a span.

    Clauses do not nest, so at most one encloses a span: a binary search finds it (a scan of
    every clause for every finding was clauses x findings).
    """

    def __init__(self, clauses: Iterable[AnyClause]) -> None:
        by_path: dict[str, list[tuple[int, int, AnyClause]]] = {}
        for clause in clauses:
            if clause.allows and clause.span is not None:
                by_path.setdefault(clause.span.source.path, []).append(
                    (clause.span.start, clause.span.end, clause)
                )
        self.starts: dict[str, list[int]] = {}
        self.clauses: dict[str, list[tuple[int, int, AnyClause]]] = {}
        for path, entries in by_path.items():
            entries.sort(key=lambda e: e[0])
            self.clauses[path] = entries
            self.starts[path] = [e[0] for e in entries]

    def find(self, diagnostic: Diagnostic) -> Allow | None:
        span = diagnostic.span
        if span is None or span.source.path not in self.starts:
            return None
        entries = self.clauses[span.source.path]
        at = bisect_right(self.starts[span.source.path], span.start) - 1
        if at < 0:
            return None
        start, end, clause = entries[at]
        if not (start <= span.start and span.end <= end):
            return None
        for allow in clause.allows:
            if allow.code == diagnostic.code:
                return allow
        return None


_CHECK_CODES = frozenset(rule.code for rule in CHECK_RULES)


def suppressing_allow(model: Model, diagnostic: Diagnostic) -> Allow | None:
    """The `allow` of the clause enclosing the diagnostic's primary span for its code."""
    return _allow_for([c for c in model.clauses.values() if c.allows], diagnostic)


def _allow_for(clauses: Iterable[AnyClause], diagnostic: Diagnostic) -> Allow | None:
    span = diagnostic.span
    if span is None:
        return None
    for clause in clauses:
        if clause.span is None:
            continue
        if clause.span.source.path != span.source.path:
            continue
        if clause.span.start <= span.start and span.end <= clause.span.end:
            for allow in clause.allows:
                if allow.code == diagnostic.code:
                    return allow
    return None


def suppressed(model: Model, diagnostic: Diagnostic) -> bool:
    """Whether a clause enclosing the diagnostic's primary span allows its code."""
    return suppressing_allow(model, diagnostic) is not None


def unsuppress(diagnostic: Diagnostic) -> Diagnostic:
    """A suppressed finding as it was before suppression (its own severity, no extra note)."""
    if not isinstance(diagnostic, Suppressed):
        return diagnostic
    return recast(diagnostic, Diagnostic, severity=diagnostic.original, notes=diagnostic.notes[:-1])
