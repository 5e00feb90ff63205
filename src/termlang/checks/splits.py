"""Splits: the shares of one asset add up to exactly 100%, at the start and at every step."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import Share, Split
from termlang.values import Percent

SPLIT_TOTAL = RuleInfo(
    "TL400",
    "split-total",
    "the shares of a split do not add up to 100%",
    """\
A split divides one asset (ownership of IP, income from it) among the parties, so its shares
must add up to exactly 100%: no more, no less, with no rounding. The rule holds for the first
shares and again for every `from` step, since a step replaces the whole split from its date
on. The message gives the total and the primary span points at the first share of the set
that is off.

    split model_ip_split {
      asset  model_ip
      share  openai     51%
      share  microsoft  48%    # error: the shares add up to 99%
    }""",
    Severity.ERROR,
)

SHARE_RANGE = RuleInfo(
    "TL401",
    "share-out-of-range",
    "a share is above 100%",
    """\
A share is a part of the whole asset: it lies between 0% and 100%. A share above 100% is
almost always a typo (`510%` for `51%`). The total of that set of shares is then not
reported as well (TL400), so the one line to fix stands out.

    share  openai  510%    # error: a share lies between 0% and 100%""",
    Severity.ERROR,
)

SPLIT_DUPLICATE = RuleInfo(
    "TL402",
    "split-duplicate-party",
    "a party is listed twice in one split",
    """\
Each party appears once in a set of shares: two lines for one party leave the reader (and the
interpreter) to guess whether they add up or the second replaces the first. Merge them into
one line.

    share  openai     30%
    share  microsoft  49%
    share  openai     21%    # error: `openai` is listed twice""",
    Severity.ERROR,
)

RULES = (SPLIT_TOTAL, SHARE_RANGE, SPLIT_DUPLICATE)

HUNDRED = Decimal(100)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    for clause in ctx.model.clauses.values():
        if not isinstance(clause, Split):
            continue
        yield from _check_set(clause, clause.shares, f"the shares of `{clause.name}`")
        for step in clause.steps:
            when = step.at.span.text if step.at.span is not None else "the step"
            yield from _check_set(
                clause, step.shares, f"the shares of `{clause.name}` from `{when}`"
            )


def _check_set(clause: Split, shares: Iterable[Share], what: str) -> Iterator[Diagnostic]:
    shares = tuple(shares)
    if not shares:
        return
    seen: dict[str, Share] = {}
    out_of_range = False
    for share in shares:
        if share.percent.value > HUNDRED:
            out_of_range = True
            yield finding(
                SHARE_RANGE,
                f"the share of `{share.party}` in `{clause.name}` is {share.percent}, above 100%",
                share.spans.get("percent") or share.span,
                help="a share lies between 0% and 100% of the asset",
            )
        first = seen.get(share.party)
        if first is not None:
            yield finding(
                SPLIT_DUPLICATE,
                f"`{share.party}` is listed twice in {what}",
                share.name_span or share.span,
                labels=[(first.span, "first listed here")],
                help=f"give `{share.party}` one line with its whole share",
            )
        else:
            seen[share.party] = share
    total = sum((s.percent.value for s in shares), Decimal(0))
    if total != HUNDRED and not out_of_range:  # a share over 100% is the one error to fix
        gap = HUNDRED - total
        fix = f"{Percent(gap)} missing" if gap > 0 else f"{Percent(-gap)} too much"
        listing = " + ".join(f"{s.percent}" for s in shares[:6])
        yield finding(
            SPLIT_TOTAL,
            f"{what} add up to {Percent(total)}, not 100%",
            shares[0].span,
            labels=[(s.span, "") for s in shares[1:6]],
            help=f"adjust the shares so they add up to exactly 100% ({fix})",
            notes=[f"{listing} = {Percent(total)}"],
        )
