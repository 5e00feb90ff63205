"""Revenue shares: no stream gives away more than all of itself; caps worth having."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.checks._schedule import Piece, first_excess, schedule
from termlang.checks._time import clause_reach, period
from termlang.dates import static_env
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import RevenueShare
from termlang.source import Span
from termlang.values import Percent

OVER_100 = RuleInfo(
    "TL460",
    "revenue-over-100",
    "the revenue shares of one stream add up to more than 100%",
    """\
Each `revenue_share` pays a percentage of a stream's revenue. When the shares of one stream
that are in force at the same time add up to more than 100%, the payers owe more than the
whole revenue. The check follows every `from` step and every window with a sweep over the
change points, and names the period and the clauses involved. It is an error when the
excess is certain from the dates, a warning when it depends on when events happen. A stream
declared `within` another is part of it: the shares of the outer stream count against it.

    revenue_share to_msft  { stream api  rate 80% ... }
    revenue_share to_found { stream api  rate 30%  window 2026-01-01 .. 2027-01-01 }
    # error: the shares of `api` add up to 110% from 2026-01-01 until 2027-01-01""",
    Severity.ERROR,
)

CAP_BELOW = RuleInfo(
    "TL461",
    "revenue-cap-below-investment",
    "a revenue share's cap is smaller than what the payee invested in the payer",
    """\
When a party invests in another and is repaid through a revenue share, the cap on that
share bounds what the investor can ever get back. A cap smaller than the amount the payee
has committed to the payer (through `investment` clauses from the payee to the payer), or a
cap written as a multiple below 1x of an investment, means the payee can never recover its
own money before the cap applies; usually a figure or a multiple is mistyped. A warning,
since a deal may mean it.

    investment msft { investor microsoft  recipient openai  commitment USD 13B ... }
    revenue_share to_msft { payer openai  payee microsoft  cap USD 10B ... }    # warning""",
    Severity.WARNING,
)

RULES = (OVER_100, CAP_BELOW)

HUNDRED = Decimal(100)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    env = static_env(model)
    by_stream: dict[str, list[Piece]] = defaultdict(list)
    shares = [c for c in model.clauses.values() if isinstance(c, RevenueShare)]
    for c in shares:
        steps = [(st.at, st.rate.value) for st in c.steps if st.rate is not None]
        pieces = schedule(c, clause_reach(c, env), c.rate.value, steps, env)
        for stream in c.streams:
            by_stream[stream].extend(pieces)
    # A stream declared `within` another is part of its revenue: the shares of the outer
    # stream are taken from it too.
    for term in model.streams():
        if term.within is not None and term.name in by_stream:
            for outer in model.ancestors(term.name)[1:]:
                by_stream[term.name] = [*by_stream[term.name], *by_stream.get(outer, [])]
    for stream, pieces in by_stream.items():
        yield from _over(stream, pieces)
    # TL461 (a cap below what the payee invested) is a floor of the ledger of `bounds.py`.


def _over(stream: str, pieces: list[Piece]) -> Iterator[Diagnostic]:
    if len({id(p.owner) for p in pieces}) < 2 and all(p.hi <= HUNDRED for p in pieces):
        return
    excess = first_excess(pieces, HUNDRED)
    if excess is None:
        return
    involved: list[RevenueShare] = []
    for p in sorted(excess.pieces, key=lambda p: p.start):
        if isinstance(p.owner, RevenueShare) and p.owner not in involved:
            involved.append(p.owner)
    if not involved:
        return
    value = {
        id(p.owner): (p.lo if excess.certain else p.hi)
        for p in excess.pieces
        if p.certain or not excess.certain
    }
    parts = ", ".join(f"`{c.name}` {Percent(value[id(c)])}" for c in involved if id(c) in value)
    when = period(excess.start, excess.end)
    last = involved[-1]
    alone = any(p.hi > HUNDRED for p in excess.pieces)
    verb = "add up to" if excess.certain else "can add up to"
    message = f"the revenue shares of `{stream}` {verb} {Percent(excess.total)} {when}: {parts}"
    if not excess.certain:
        message += ", depending on when events happen"
    yield finding(
        OVER_100,
        message,
        _rate_span(last, value.get(id(last))),
        labels=[
            (_rate_span(c, value[id(c)]), f"`{c.name}` takes {Percent(value[id(c)])}")
            for c in involved[:-1]
            if id(c) in value
        ],
        help="lower a rate, or make the windows follow each other, so that the shares of one "
        "stream never exceed 100%",
        # one rate above 100% is wrong whenever it applies, whatever the events do
        severity=Severity.ERROR if excess.certain or alone else Severity.WARNING,
    )


def _rate_span(c: RevenueShare, rate: Decimal | None) -> Span | None:
    """The line that sets the rate in force: the base `rate` or the `from` step giving it."""
    for step in reversed(c.steps):
        if step.rate is not None and step.rate.value == rate:
            return step.where("rate")
    return c.where("rate")
