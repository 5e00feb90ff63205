"""A condition that reads the state of the very clause (or part) it governs."""

from __future__ import annotations

from collections.abc import Iterator

from termlang import ast
from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.lower import CLAUSE_PREDICATES
from termlang.model import Exclusivity, Investment, Obligation

SELF = RuleInfo(
    "TL482",
    "condition-reads-itself",
    "a condition reads the state of what it governs, so it can never settle",
    """\
A carve-out that applies `when not active(ex.co)`, or a clause that ends
`when active(itself)`, decides its own state from that state: the moment it applies it
stops applying, and the other way round. The interpreter cannot give it a value (it would
flip back and forth on one day), so the term has no meaning. Name an event, a date or
another clause's state instead.

    exclusivity ex {
      carve_out co { with c; when not active(ex.co) }    # error
    }""",
    Severity.ERROR,
)

RULES = (SELF,)


def _reads(expr: ast.Expr | None) -> Iterator[ast.Call]:
    """Every clause-state call (`active(x)`, `ended(x)`, ...) in an expression."""
    stack = [expr] if expr is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Call):
            if node.func in CLAUSE_PREDICATES:
                yield node
            stack.extend(node.args)
        for name in ("left", "right", "operand"):
            child = getattr(node, name, None)
            if child is not None:
                stack.append(child)


def _governed(ctx: CheckContext) -> Iterator[tuple[str, str, ast.Expr | None, object]]:
    """(name governed, field, condition, declaration) for every condition of the model."""
    for clause in ctx.model.clauses.values():
        for field in ("starts_when", "ends_when"):
            yield clause.name, field, getattr(clause, field), clause
        if isinstance(clause, Exclusivity):
            for carve in clause.carve_outs:
                yield f"{clause.name}.{carve.name}", "when", carve.when, carve
        if isinstance(clause, Investment):
            for tranche in clause.tranches:
                yield f"{clause.name}.{tranche.name}", "when", tranche.when, tranche
        if isinstance(clause, Obligation):
            yield clause.name, "trigger", clause.trigger, clause


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    for name, field, condition, decl in _governed(ctx):
        for call in _reads(condition):
            target = call.args[0] if call.args else None
            if isinstance(target, ast.Ref) and target.name == name:
                yield finding(
                    SELF,
                    f"the `{field}` of `{name}` reads `{name}`'s own state "
                    f"(`{call.func}({name})`), so it can never settle",
                    call.span or decl.where(field),  # type: ignore[attr-defined]
                    help="make it depend on an event, a date or another clause's state",
                )
