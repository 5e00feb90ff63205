"""Windows: empty windows, windows that start before the agreement takes effect."""

from __future__ import annotations

from collections.abc import Iterator

from termlang.checks import CheckContext
from termlang.checks._diag import finding
from termlang.checks._time import iso, relative, source
from termlang.dates import DateEnv, bounds, static_env
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import Agreement, Clause, Exclusivity, Located, Window

EMPTY_WINDOW = RuleInfo(
    "TL410",
    "empty-window",
    "a window ends before or when it starts",
    """\
A window `start .. end` is half-open: the clause is in force from `start` (included) until
`end` (excluded). A window whose end is on or before its start holds no day at all, so the
clause can never be in force; usually the dates are swapped or a year is wrong. The check
also compares dates relative to one event (`signed + 1 month .. signed` is empty whatever
the date of `signed`).

    window  2030-12-31 .. 2025-09-11    # error: ends before it starts""",
    Severity.ERROR,
)

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

# TL412 (date-after-long-stop) and TL413 (deadline-before-trigger) are answered by the
# temporal network (checks/temporal.py), with their codes and messages.
RULES = (EMPTY_WINDOW, BEFORE_TERM)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    env = static_env(model)
    agreement = model.agreement
    for clause in model.clauses.values():
        if clause.window is not None:
            yield from _window(clause.window, clause, clause.name, env)
            if agreement is not None:
                yield from _before_effective(clause, agreement, env)
        if isinstance(clause, Exclusivity):
            for co in clause.carve_outs:
                if co.window is not None:
                    yield from _window(co.window, co, f"{clause.name}.{co.name}", env)


def _window(window: Window, decl: Located, name: str, env: DateEnv) -> Iterator[Diagnostic]:
    if window.end is None:
        return
    start, end = window.start, window.end
    span = decl.where("window")
    rs, re_ = relative(start), relative(end)
    if rs is not None and re_ is not None and rs.anchor == re_.anchor:
        if re_.hi <= rs.lo:
            yield finding(
                EMPTY_WINDOW,
                f"the window of `{name}` ends ({source(end)}) before or when it starts "
                f"({source(start)}), whatever the date of `{rs.anchor}`",
                span,
                help="a window is `start .. end` with the end after the start; check the order",
            )
        return
    s_lo = bounds(start, env)[0]
    e_hi = bounds(end, env)[1]
    if s_lo is not None and e_hi is not None and e_hi <= s_lo:
        what = "on the day" if e_hi == s_lo else "before"
        yield finding(
            EMPTY_WINDOW,
            f"the window of `{name}` ends on {iso(e_hi)}, {what} it starts on {iso(s_lo)}",
            span,
            help="a window is `start .. end` with the end after the start; check the order "
            "and the years",
            notes=["windows are half-open: in force from the start until the end, excluded"],
        )


def _before_effective(clause: Clause, agreement: Agreement, env: DateEnv) -> Iterator[Diagnostic]:
    assert clause.window is not None
    s_hi = bounds(clause.window.start, env)[1]
    if s_hi is None or s_hi >= agreement.effective:
        return
    e_hi = bounds(clause.window.end, env)[1] if clause.window.end is not None else None
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
