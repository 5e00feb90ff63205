"""Consistency checks: one module per rule, run in order from `CHECKS`.

A check is a function `check(ctx: CheckContext) -> Iterable[Diagnostic]` in its own module,
with its codes documented in `RULES` (a tuple of `RuleInfo`) in the same module. Adding a
check is one module, one entry in `_MODULES`, a bad and a good fixture under
`tests/fixtures/checks/`, and an entry in docs/checks.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module

from attrs import frozen

from termlang.diagnostics import Diagnostic
from termlang.model import Model
from termlang.report import RuleInfo


@frozen
class CheckContext:
    model: Model
    used: frozenset[str]  # every name some declaration refers to


# Module names under termlang.checks, in the order they run.
_MODULES: tuple[str, ...] = ()

Check = Callable[[CheckContext], Iterable[Diagnostic]]


def _load() -> tuple[list[Check], list[RuleInfo]]:
    checks: list[Check] = []
    rules: list[RuleInfo] = []
    for name in _MODULES:
        module = import_module(f"termlang.checks.{name}")
        checks.append(module.check)
        rules.extend(module.RULES)
    return checks, rules


CHECKS, CHECK_RULES = _load()


def run_checks(model: Model, used: Iterable[str] = ()) -> list[Diagnostic]:
    """Run every check; drop findings suppressed with `allow CODE "reason"` on their clause."""
    ctx = CheckContext(model=model, used=frozenset(used))
    found: list[Diagnostic] = []
    for check in CHECKS:
        found.extend(check(ctx))
    return [d for d in found if not suppressed(model, d)]


def suppressed(model: Model, diagnostic: Diagnostic) -> bool:
    """Whether a clause enclosing the diagnostic's primary span allows its code."""
    span = diagnostic.span
    if span is None:
        return False
    for clause in model.clauses.values():
        if not clause.allows or clause.span is None:
            continue
        if clause.span.start <= span.start and span.end <= clause.span.end:
            if any(a.code == diagnostic.code for a in clause.allows):
                return True
    return False
