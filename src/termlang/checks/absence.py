"""What the agreement says it does not contain: `excludes exclusivity` beside an exclusivity.

An agreement states the absence of a kind of clause in its header (`excludes exclusivity,
first_refusal`: "no exclusivity is granted"). A clause of that kind in the same file
contradicts the statement.
"""

from __future__ import annotations

from collections.abc import Iterator

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.diagnostics import Diagnostic, RuleInfo, Severity

EXCLUDED = RuleInfo(
    "TL867",
    "excluded-clause-present",
    "the agreement says it has no clause of a kind, and has one",
    """\
`excludes KIND, ...` in the header states that the agreement grants no clause of these
kinds: "there is no exclusivity between the parties" is `excludes exclusivity`. A clause of
an excluded kind contradicts it: one of the two is wrong. Remove the clause, or the kind from
`excludes`.

    agreement "..." { ... excludes exclusivity }
    exclusivity api_hosting { ... }    # error: the agreement says it has no exclusivity""",
    Severity.ERROR,
)

RULES = (EXCLUDED,)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    agreement = ctx.model.agreement
    if agreement is None or not agreement.excludes:
        return
    excluded = set(agreement.excludes)
    for clause in ctx.model.clauses.values():
        if clause.kind in excluded:
            yield finding(
                EXCLUDED,
                f"`{clause.name}` is {_a(clause.kind)} `{clause.kind}`, but the agreement says "
                f"it has no `{clause.kind}`",
                clause.name_span or clause.span,
                labels=[(agreement.where("excludes"), f"`excludes {clause.kind}` stated here")],
                help=f"remove `{clause.name}`, or `{clause.kind}` from `excludes` if the "
                "agreement does grant one",
            )


def _a(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"
