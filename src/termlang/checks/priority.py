"""Priority access: one first grantee per asset at a time, lead times that fit, tiers in order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.checks._time import Reach, clause_reach, overlap, period, sweep_apart, uncertainty
from termlang.dates import DateEnv, bounds, static_env, window_end_bounds
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import ChainIndex, PriorityAccess
from termlang.values import Duration

TWO_FIRSTS = RuleInfo(
    "TL440",
    "priority-conflict",
    "two grantees have first priority on one asset at the same time",
    """\
Priority access gives one grantee the first look at an asset (new models, research, IP)
before anyone else. Two `priority_access` clauses that give first priority on the same asset
(or on assets one within the other) to different grantees in overlapping windows promise
the same first place twice. Order them with `next GRANTEE after DURATION` in one clause, or
make the windows follow each other. Error when the overlap is certain, warning when it
depends on the dates of events.

    priority_access msft_first { grantee microsoft  asset frontier_models
                                 window effective .. 2032-12-31 }
    priority_access sb_first   { grantee softbank   asset frontier_models
                                 window 2027-01-01 .. 2028-01-01 }    # error""",
    Severity.ERROR,
)

LEAD_TIME = RuleInfo(
    "TL441",
    "lead-time-exceeds-window",
    "a priority lead time is longer than the priority window",
    """\
The lead time is how long the grantee has the asset before general availability. A lead time
longer than the whole window means the window closes before the lead time has run, so the
promised head start can never be given in full. Months are counted at their shortest (28
days) and the window at its longest, so only certain cases are reported.

    priority_access x { window 2026-01-01 .. 2026-04-01  lead_time 6 months ... }    # error""",
    Severity.ERROR,
)

TIERS = RuleInfo(
    "TL442",
    "tiers-out-of-order",
    "priority tiers are not in order of their delays",
    """\
`next GRANTEE after DURATION` lines list who gets access after the first grantee, in order.
A tier whose delay is shorter than the tier above it jumps the queue: the order of the lines
and the order of access disagree, and a reader cannot tell which one was meant.

    next softbank after 3 months
    next oracle   after 1 month     # error: shorter than the tier above""",
    Severity.ERROR,
)

TIER_AFTER_GA = RuleInfo(
    "TL443",
    "tier-after-general-availability",
    "a priority tier comes at or after general availability",
    """\
With a `lead_time`, the asset becomes generally available that long after the first grantee
gets it. A tier that gets access at or after that moment has no priority at all; the tier is
dead text or the lead time is too short. A warning, since it does no harm.

    lead_time 6 months
    next softbank after 9 months    # warning: everyone has access after 6 months""",
    Severity.WARNING,
)

RULES = (TWO_FIRSTS, LEAD_TIME, TIERS, TIER_AFTER_GA)


def _longer(a: Duration, b: Duration) -> bool:
    """Whether `a` is certainly longer than `b`."""
    if a.unit == b.unit:
        return a.amount > b.amount
    return a.min_days() > b.max_days()


def _not_shorter(a: Duration, b: Duration) -> bool:
    """Whether `a` is certainly at least as long as `b`."""
    if a.unit == b.unit:
        return a.amount >= b.amount
    return a.min_days() >= b.max_days()


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    env = static_env(model)
    grants = [c for c in model.clauses.values() if isinstance(c, PriorityAccess)]
    groups: dict[str, list[tuple[Reach, PriorityAccess]]] = defaultdict(list)
    tree = ChainIndex.of_terms(model)  # O(1) `within` questions (see exclusivity.py)
    for c in grants:
        reach = clause_reach(c, env)
        groups[tree.root(c.asset)].append((reach, c))
        yield from _lead_and_tiers(c, env)
    order = {c.name: n for n, c in enumerate(grants)}
    for items in groups.values():
        # Two grants to one grantee never compete: only pairs across grantees.
        for (reach_b, b), active in sweep_apart(items, lambda c: c.grantee):
            assert isinstance(b, PriorityAccess)
            for reach_a, a in active:
                assert isinstance(a, PriorityAccess)
                if a.grantee == b.grantee or not tree.overlaps(a.asset, b.asset):
                    continue
                found = overlap(reach_a, reach_b, a.name, b.name, env)
                if found is None:
                    continue
                first, second = (a, b) if order[a.name] < order[b.name] else (b, a)
                assets = f"`{a.asset}`" if a.asset == b.asset else f"`{a.asset}` and `{b.asset}`"
                when = period(found.start, found.end)
                if found.certain:
                    message = (
                        f"`{second.name}` gives `{second.grantee}` first priority on {assets}, "
                        f"which `{first.name}` gives `{first.grantee}`, {when}"
                    )
                else:
                    message = (
                        f"`{second.name}` can give `{second.grantee}` first priority on "
                        f"{assets} while `{first.name}` gives it to `{first.grantee}`, {when}, "
                        f"{uncertainty(reach_a, reach_b)}"
                    )
                yield finding(
                    TWO_FIRSTS,
                    message,
                    second.where("grantee"),
                    labels=[(first.where("grantee"), f"`{first.grantee}` has first priority here")],
                    help=f"rank the grantees in one clause (`next {second.grantee} after ...` in "
                    f"`{first.name}`), or make the windows follow each other",
                    severity=Severity.ERROR if found.certain else Severity.WARNING,
                )


def _lead_and_tiers(c: PriorityAccess, env: DateEnv) -> Iterator[Diagnostic]:
    if c.lead_time is not None and c.window is not None and c.window.end is not None:
        s_lo = bounds(c.window.start, env)[0]
        e_hi = window_end_bounds(c.window.end, env)[1]
        if s_lo is not None and e_hi is not None and s_lo < e_hi:
            days = (e_hi - s_lo).days
            if c.lead_time.min_days() > days:
                yield finding(
                    LEAD_TIME,
                    f"the lead time of `{c.name}` ({c.lead_time}) is longer than its window "
                    f"({days} days, {period(s_lo, e_hi)})",
                    c.where("lead_time"),
                    labels=[(c.where("window"), "the window")],
                    help="shorten the lead time or lengthen the window",
                )
    previous = None
    for tier in c.tiers:
        if previous is not None and _longer(previous.after, tier.after):
            yield finding(
                TIERS,
                f"`{tier.grantee}` gets access {tier.after} after the first grantee, before "
                f"`{previous.grantee}` above it ({previous.after})",
                tier.span,
                labels=[(previous.span, "the tier above")],
                help="list the tiers in order of their delays, shortest first",
            )
        if c.lead_time is not None and _not_shorter(tier.after, c.lead_time):
            yield finding(
                TIER_AFTER_GA,
                f"`{tier.grantee}` gets access {tier.after} after the first grantee, when the "
                f"lead time of {c.lead_time} has run and everyone has access",
                tier.span,
                labels=[(c.where("lead_time"), "general availability after this lead time")],
                help="shorten the tier's delay below the lead time, or remove the tier",
            )
        if previous is None or not _longer(previous.after, tier.after):
            previous = tier
