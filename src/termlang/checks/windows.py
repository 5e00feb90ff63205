"""Windows and dates: empty windows, windows before the agreement, dates past the long stop,
deadlines that fall before the obligation can arise."""

from __future__ import annotations

from collections.abc import Iterator

from termlang import ast
from termlang.checks import CheckContext
from termlang.checks._diag import finding
from termlang.checks._logic import required_events, satisfiable_from
from termlang.checks._time import iso, relative, source
from termlang.dates import DateEnv, bounds, ends_at_event, static_env, window_end_bounds
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import Agreement, Clause, Exclusivity, Investment, Located, Obligation, Window
from termlang.source import Span

EMPTY_WINDOW = RuleInfo(
    "TL410",
    "empty-window",
    "a window ends before it starts",
    """\
A window `start .. end` holds the days from `start` to `end`, both included (`2026-01-01 ..
2026-01-01` is one day); an end that is an event's name (`.. agi_declared`) ends the window
on the event's day, which is not in force. A window whose end comes before its start holds
no day at all, so the clause can never be in force; usually the dates are swapped or a year
is wrong. The check also compares dates relative to one event (`signed + 1 month .. signed`
is empty whatever the date of `signed`).

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

AFTER_LONG_STOP = RuleInfo(
    "TL412",
    "date-after-long-stop",
    "a deadline or tranche date falls after the long-stop date of a non-binding MOU",
    """\
A non-binding memorandum of understanding lapses at its long-stop date unless the
definitive agreements are signed, and then those agreements govern. A deadline, a tranche
date or a tranche deadline after the long stop therefore falls at a time the MOU no longer
exists: either the long stop is too early or the date belongs in the definitive agreement.
Clauses listed in `binding no except ...` survive the long stop and are not checked.

    agreement "..." { kind mou  binding no  long_stop 2026-12-31 ... }
    tranche second { amount USD 20B  on 2027-06-30 }    # error: after 2026-12-31""",
    Severity.ERROR,
)

DEADLINE_BEFORE_TRIGGER = RuleInfo(
    "TL413",
    "deadline-before-trigger",
    "an obligation's deadline falls before its trigger can happen",
    """\
An obligation with a `trigger` arises when the trigger holds; a `deadline` earlier than the
first day the trigger can hold can never be met, so the obligation is breached the moment it
arises. The check compares fixed dates (`trigger after 2027-01-01` with `deadline
2026-12-31`) and dates relative to the triggering event (`trigger listing` with `deadline
listing - 30 days`).

    obligation lockup {
      trigger   ipo_completed
      deadline  ipo_completed - 1 month    # error: before the trigger
      ...
    }""",
    Severity.ERROR,
)

RULES = (EMPTY_WINDOW, BEFORE_TERM, AFTER_LONG_STOP, DEADLINE_BEFORE_TRIGGER)


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
        if isinstance(clause, Obligation):
            yield from _deadline_vs_trigger(clause, env)
    if agreement is not None:
        yield from _after_long_stop(ctx, agreement, env)


def _window(window: Window, decl: Located, name: str, env: DateEnv) -> Iterator[Diagnostic]:
    if window.end is None:
        return
    start, end = window.start, window.end
    span = decl.where("window")
    rs, re_ = relative(start), relative(end)
    at_event = ends_at_event(end)
    if rs is not None and re_ is not None and rs.anchor == re_.anchor:
        if re_.hi < rs.lo or (at_event and re_.hi == rs.lo):
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
    if s_lo is not None and e_hi is not None and (e_hi < s_lo or (at_event and e_hi == s_lo)):
        what = "on the day" if e_hi == s_lo else "before"
        yield finding(
            EMPTY_WINDOW,
            f"the window of `{name}` ends on {iso(e_hi)}, {what} it starts on {iso(s_lo)}",
            span,
            help="a window is `start .. end` with the end after the start; check the order "
            "and the years",
            notes=[
                "a window holds its start and its end date; an end given by an event is not "
                "in force on the event's day"
            ],
        )


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


def _after_long_stop(ctx: CheckContext, agreement: Agreement, env: DateEnv) -> Iterator[Diagnostic]:
    if agreement.kind != "mou" or agreement.binding or agreement.long_stop is None:
        return
    stop_hi = bounds(agreement.long_stop, env)[1]
    if stop_hi is None:
        return
    surviving = set(agreement.binding_clauses)
    stop_span = agreement.where("long_stop")

    def late(expr: ast.Expr | None, decl: Located, field: str, what: str) -> Iterator[Diagnostic]:
        if expr is None:
            return
        lo = bounds(expr, env)[0]
        if lo is None or lo <= stop_hi:
            return
        when = (
            iso(lo)
            if isinstance(expr, ast.DateLit)
            else f"{source(expr)} ({iso(lo)} at the earliest)"
        )
        yield finding(
            AFTER_LONG_STOP,
            f"{what} is {when}, after the long-stop date {iso(stop_hi)} of this non-binding "
            "memorandum",
            decl.where(field),
            labels=[
                (
                    stop_span,
                    "the memorandum lapses here unless the definitive agreements are signed",
                )
            ],
            help="move the date before the long stop, move the long stop, or leave the date to "
            "the definitive agreement",
        )

    for clause in ctx.model.clauses.values():
        if clause.name in surviving:
            continue
        if isinstance(clause, Obligation):
            yield from late(clause.deadline, clause, "deadline", f"the deadline of `{clause.name}`")
        elif isinstance(clause, Investment):
            for t in clause.tranches:
                name = f"{clause.name}.{t.name}"
                yield from late(t.on, t, "on", f"the date of tranche `{name}`")
                yield from late(t.deadline, t, "deadline", f"the deadline of tranche `{name}`")


def _deadline_vs_trigger(clause: Obligation, env: DateEnv) -> Iterator[Diagnostic]:
    if clause.trigger is None or clause.deadline is None:
        return
    trigger, deadline = clause.trigger, clause.deadline
    span: Span | None = clause.where("deadline")
    labels = [(clause.where("trigger"), "the obligation arises when this holds")]
    help_ = "give a deadline after the trigger, or write it as `within` a duration of the trigger"
    rel = relative(deadline)
    if rel is not None and rel.hi < 0 and rel.anchor in required_events(trigger):
        yield finding(
            DEADLINE_BEFORE_TRIGGER,
            f"the deadline of `{clause.name}` ({source(deadline)}) falls before its trigger "
            f"({source(trigger)}) can hold, whatever the date of `{rel.anchor}`",
            span,
            labels=labels,
            help=help_,
        )
        return
    first = satisfiable_from(trigger, env)
    hi = bounds(deadline, env)[1]
    if first is not None and hi is not None and hi < first:
        yield finding(
            DEADLINE_BEFORE_TRIGGER,
            f"the deadline of `{clause.name}` is {iso(hi)}, but its trigger "
            f"({source(trigger)}) can hold on {iso(first)} at the earliest",
            span,
            labels=labels,
            help=help_,
        )
