"""Survival: `survives` on a clause that something can end."""

from __future__ import annotations

from collections.abc import Iterator

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import AnyClause, Model, Obligation, Termination

NEVER_ENDS = RuleInfo(
    "TL580",
    "survival-without-end",
    "a clause survives, but neither it nor the agreement can end",
    """\
`survives` keeps a clause in force after it, or the agreement, ends or lapses. It has an
effect only if something can end the clause: the end of its window, an `ends_when`, a
`termination` (or an `on_breach terminate`) naming it or the agreement, the long-stop date
of a non-binding document, or the signing of the definitive agreement that supersedes the
document (both need the header's `signing` event). A surviving clause with none of these
is in force for good anyway, so the survival period is not what the parties think it is:
usually the clause's window or the agreement's termination is missing. A warning.

    agreement "..." { kind definitive  binding yes  effective 2026-01-01 }
    obligation confidentiality { party a, b  must "keep the terms confidential"
                                 survives 3 years }    # warning: nothing ends it""",
    Severity.WARNING,
)

RULES = (NEVER_ENDS,)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    surviving = [c for c in model.clauses.values() if c.survives not in (None, False)]
    if not surviving:
        return
    ended = _ended_by_others(model)
    agreement = model.agreement
    for c in surviving:
        if _can_end(c, model, ended):
            continue
        how = "indefinitely" if c.survives is True else f"for {c.survives}"
        yield finding(
            NEVER_ENDS,
            f"`{c.name}` survives {how}, but nothing ends it or the agreement: the survival "
            "has no effect",
            c.where("survives"),
            labels=[(agreement.name_span if agreement else None, "the agreement has no end")],
            help=f"give `{c.name}` a `window` end, or add the `termination` it is meant to survive",
        )


def _ended_by_others(model: Model) -> set[str]:
    """Clause names (and `agreement`) that a termination or a breach consequence can end."""
    out: set[str] = set()
    for c in model.clauses.values():
        if isinstance(c, Termination):
            out.update(c.ends)
        elif isinstance(c, Obligation):
            for consequence in c.on_breach:
                if consequence.action == "terminate":
                    out.update(consequence.clauses)
    return out


def _can_end(c: AnyClause, model: Model, ended: set[str]) -> bool:
    if c.window is not None and c.window.end is not None:
        return True
    if c.ends_when is not None or c.name in ended or "agreement" in ended:
        return True
    # With a `signing` event the document can lapse at its long-stop date, or be superseded
    # by the definitive agreement: what survives is what outlasts it. No header: no judgement.
    a = model.agreement
    return a is None or a.signing is not None
