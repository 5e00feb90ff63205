"""Terms, renewals and survival that contradict themselves (evaluate/lifecycle.py reads them)."""

from __future__ import annotations

from collections.abc import Iterator

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import Termination

RENEWAL_NOTICE = RuleInfo(
    "TL800",
    "renewal-notice-impossible",
    "notice of non-renewal cannot be given in time, or has nothing to stop",
    """\
A `termination` with a `term` renews for `renews` periods unless notice of non-renewal is
given at least `notice` before the last day of the then-current term. A notice period as long
as a term, or longer, has its deadline before that term even starts, so no notice can ever
stop that renewal; a `notice` or `renewals` without `renews` has no renewal to act on; a
`renews` without `term` has no first term to renew. An error: the clause does not say what
counsel meant.

    termination supply_term {
      ends     agreement
      term     1 year
      renews   1 year
      notice   400 days    # error: the deadline falls before the term starts
    }""",
    Severity.ERROR,
)

SURVIVES_OWN_END = RuleInfo(
    "TL801",
    "survival-overrides-own-end",
    "a clause survives the condition it ends on",
    """\
`survives` keeps a clause in force after it ends. When the end is the clause's own
`ends_when`, the survival overrides it: the condition the parties wrote for the clause to stop
does not stop it for the survival period. Usually the survival is meant for the agreement's
end (its termination, lapse or expiry) and the `ends_when` should stop the clause at once. A
warning; `allow TL801 "reason"` records that the override is intended. (A clause that
survives the end of its own window is the usual "survives expiry" and is not reported.)

    obligation confidentiality { party a, b  must "keep the terms confidential"
                                 ends_when  terms_published
                                 survives   2 years }    # warning""",
    Severity.WARNING,
)

RULES = (RENEWAL_NOTICE, SURVIVES_OWN_END)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    for c in ctx.model.clauses.values():
        if isinstance(c, Termination):
            yield from _renewal(c)
        if c.ends_when is not None and c.survives not in (None, False):
            how = "without limit" if c.survives is True else f"for {c.survives}"
            yield finding(
                SURVIVES_OWN_END,
                f"`{c.name}` survives its own `ends_when`: when it holds, the clause stays in "
                f"force {how}",
                c.where("survives"),
                labels=[(c.where("ends_when"), "the clause ends on this condition")],
                help="drop `survives` if the clause must stop when the condition holds, or "
                f'record the intent with `allow TL801 "..."` in `{c.name}`',
            )


def _renewal(c: Termination) -> Iterator[Diagnostic]:
    if c.renews is not None and c.term is None:
        yield finding(
            RENEWAL_NOTICE,
            f"`{c.name}` renews for {c.renews} but has no initial `term`",
            c.where("renews"),
            help="give the initial term, e.g. `term 3 years`",
        )
    for field_name in ("notice", "renewals"):
        if getattr(c, field_name) is not None and c.renews is None:
            yield finding(
                RENEWAL_NOTICE,
                f"`{c.name}` has `{field_name}` but does not renew: it has no effect",
                c.where(field_name),
                help="add `renews` with the renewal period, or remove the field",
            )
    if c.notice is None or c.renews is None or c.term is None:
        return
    for what, length in (("initial term", c.term), ("renewal period", c.renews)):
        if c.notice.min_days() >= length.max_days():
            yield finding(
                RENEWAL_NOTICE,
                f"the notice of non-renewal of `{c.name}` ({c.notice}) is as long as its "
                f"{what} ({length}) or longer: no notice can stop that renewal in time",
                c.where("notice"),
                labels=[(c.where("term" if what == "initial term" else "renews"), f"the {what}")],
                help="shorten the notice period, or lengthen the term",
            )
            return
