"""Rights of first refusal and first offer: a right held against someone else."""

from __future__ import annotations

from collections.abc import Iterator

from termlang.checks import CheckContext
from termlang.checks._diag import finding
from termlang.diagnostics import Diagnostic, Severity
from termlang.model import FirstRefusal
from termlang.report import RuleInfo

SELF_BOUND = RuleInfo(
    "TL540",
    "first-refusal-binds-holder",
    "a right of first refusal or first offer binds its own holder",
    """\
A right of first refusal (or first offer) obliges the bound party to offer a deal to the
holder before dealing with anyone else; a party cannot owe itself that offer. A name in
both `holder` and `binds` is usually a copy-paste slip.

    first_refusal compute_rofr { holder microsoft  binds openai, microsoft ... }    # error""",
    Severity.ERROR,
)

RULES = (SELF_BOUND,)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    for c in ctx.model.clauses.values():
        if isinstance(c, FirstRefusal) and c.holder in c.binds:
            yield finding(
                SELF_BOUND,
                f"`{c.name}` binds `{c.holder}`, which is also the holder of the right",
                c.where("binds"),
                labels=[(c.where("holder"), f"`{c.holder}` holds the right here")],
                help=f"remove `{c.holder}` from `binds`, or name the right holder in `holder`",
            )
