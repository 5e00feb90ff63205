"""Windows that start before the agreement takes effect."""

from __future__ import annotations

from collections.abc import Iterator

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.checks._time import iso
from termlang.dates import DateEnv, bounds, static_env, window_end_bounds
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import Agreement, Clause

BEFORE_TERM = RuleInfo(
    "TL411",
    "window-before-effective",
    "a clause window starts before the agreement takes effect",
    """\
An agreement binds from its effective date; a clause cannot be in force earlier. A window
that starts before `effective` usually means a wrong year, or a clause copied from an older
agreement. It is a warning: the part before the effective date is simply void.

    agreement "..." { effective 2025-09-11 ... }
    window  2024-01-01 .. 2030-12-31    # warning: starts before 2025-09-11""",
    Severity.WARNING,
)

# TL410 (empty-window), TL412 (date-after-long-stop) and TL413 (deadline-before-trigger) are
# answered by the temporal network (checks/temporal.py), with their codes and messages.
RULES = (BEFORE_TERM,)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    env = static_env(model)
    agreement = model.agreement
    for clause in model.clauses.values():
        if clause.window is not None and agreement is not None:
            yield from _before_effective(clause, agreement, env)


def _before_effective(clause: Clause, agreement: Agreement, env: DateEnv) -> Iterator[Diagnostic]:
    assert clause.window is not None
    s_hi = bounds(clause.window.start, env)[1]
    if s_hi is None or s_hi >= agreement.effective:
        return
    e_hi = window_end_bounds(clause.window.end, env)[1] if clause.window.end is not None else None
    whole = e_hi is not None and e_hi <= agreement.effective
    tail = (
        ", and ends by then: the clause is never in force"
        if whole
        else "; the days before it are void"
    )
    yield finding(
        BEFORE_TERM,
        f"the window of `{clause.name}` starts on {iso(s_hi)}, before the agreement takes "
        f"effect on {iso(agreement.effective)}{tail}",
        clause.where("window"),
        labels=[(agreement.where("effective"), "the agreement takes effect here")],
        help="start the window on or after the effective date (`effective ..` does that)",
    )
