"""Penalties: caps that leave room to accrue, termination rights that can arise, and
performances that can be late."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.checks.money import convert, mixed_currency, money_text
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import ExchangeRate, Obligation, Penalty, RevenueShare
from termlang.source import Span
from termlang.values import Money, Percent

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen

CAP_BELOW = RuleInfo(
    "TL520",
    "penalty-cap-below-one-period",
    "a penalty's cap is smaller than what accrues in one period",
    """\
A penalty accrues a rate per period of delay, up to its cap. When one period's accrual is
already more than the cap, the cap is reached within the first period and the rate never
matters: the penalty is in effect a fixed sum. Usually the rate's period or the cap is
mistyped (`per day` for `per month`, `USD 15K` for `USD 150K`). The rate and the cap are
compared when both are amounts, both percentages of the same base, or a percentage of an
amount (`0.1% of GBP 5M`) against an amount. A warning, since a fixed sum may be meant.

    penalty late_delivery { on delivery  rate USD 5K per week  cap USD 2K }    # warning""",
    Severity.WARNING,
)

TERMINATION = RuleInfo(
    "TL521",
    "penalty-termination-above-cap",
    "a penalty's termination threshold is an accrued amount above its cap",
    """\
`terminate_after AMOUNT` gives the other party a right to terminate once the accrued
penalty reaches that amount. The accrued amount never exceeds the cap, so a threshold above
the cap can never be reached and the right never arises. Lower the threshold, raise the
cap, or count the threshold in days of delay (`terminate_after 60 days`).

    penalty late_delivery { ... cap USD 150K  terminate_after USD 200K }    # error""",
    Severity.ERROR,
)

NEVER_LATE = RuleInfo(
    "TL522",
    "penalty-never-late",
    "a penalty is on an obligation that has no date to be late against",
    """\
A penalty on an obligation accrues while it is late against its `deadline` (or `within` a
duration of its trigger). An obligation with neither can never be late, so the penalty
never accrues.

    obligation delivery { party atlas  must "deliver the datasets" }    # no deadline
    penalty late_delivery { on delivery  rate GBP 5K per day }           # error""",
    Severity.ERROR,
)

NO_DUE = RuleInfo(
    "TL523",
    "penalty-payment-without-due",
    "a penalty is on a revenue share that does not say when its payments are due",
    """\
A penalty on a `revenue_share` accrues while a period's payment is late against its due
date, `due` after the period's last day (`due 30 days`). Without `due`, each payment is due the
day its period ends, before the period's figures can be known, so every payment accrues a
penalty from the first day. Say when payments are due. A warning, since immediate payment
may be meant.

    revenue_share royalty { ... period quarter }             # no `due`
    penalty late_royalty { on royalty  rate 0.05% per day }  # warning""",
    Severity.WARNING,
)

NO_BASE = RuleInfo(
    "TL524",
    "penalty-percentage-without-base",
    "a penalty's rate or cap is a percentage of nothing",
    """\
`rate 1% per month` (or `cap 10%`) without `of AMOUNT` is a percentage of the late amount:
each late payment of a `revenue_share`. An `obligation` has no amount that is late, so the
percentage has no base: a rate accrues nothing, and a cap caps nothing. Say what the
percentage is of (`rate 0.1% of GBP 5M per day`), or give an amount (`rate GBP 5K per day`).

    obligation delivery { party atlas; must "deliver the datasets"; deadline 2026-06-30 }
    penalty late_delivery { on delivery; rate 0.1% per day }    # error""",
    Severity.ERROR,
)

RULES = (CAP_BELOW, TERMINATION, NEVER_LATE, NO_DUE, NO_BASE)


@frozen
class _Amount:
    """An amount of money, or a fraction of the late amount (not known statically)."""

    money: Money | None
    of_late: Fraction | None
    span: Span | None
    text: str


def _per_period(p: Penalty) -> _Amount | None:
    return _amount(p, "rate", p.rate_amount, p.rate_percent)


def _cap(p: Penalty) -> _Amount | None:
    return _amount(p, "cap", p.cap, p.cap_percent)


def _amount(p: Penalty, field: str, money: Money | None, percent: Percent | None) -> _Amount | None:
    """A rate or a cap: an amount, or a percentage of `rate_of` (then an amount too), or of
    the late payment (a share only the interpreter can turn into money)."""
    span = p.where(field)
    if money is not None:
        return _Amount(money, None, span, str(money))
    if percent is None:
        return None
    if p.rate_of is not None:
        share = p.rate_of * percent.fraction
        return _Amount(share, None, span, f"{percent} of {p.rate_of} ({share})")
    return _Amount(None, Fraction(percent.fraction), span, f"{percent}")


def _compare(
    a: _Amount, b: _Amount, rates: Mapping[str, ExchangeRate], what: str
) -> tuple[Fraction, Fraction] | Diagnostic | None:
    """`a` and `b` as exact numbers in one unit, a TL451 finding, or None (not comparable)."""
    if a.of_late is not None and b.of_late is not None:
        return a.of_late, b.of_late
    if a.money is None or b.money is None:
        return None
    mixed = mixed_currency(
        [(a.money, a.span)], b.money.currency, rates, what, (b.span, f"in {b.money.currency}")
    )
    if mixed is not None:
        return mixed
    converted = convert(a.money, b.money.currency, rates)
    assert converted is not None
    return converted, Fraction(b.money.amount)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    clauses = ctx.model.clauses
    rates = ctx.model.rates
    for p in clauses.values():
        if not isinstance(p, Penalty):
            continue
        yield from _amounts(p, rates)
        target = clauses.get(p.on)
        if isinstance(target, Obligation) and p.rate_of is None:
            yield from _no_base(p, target)
        if isinstance(target, RevenueShare) and target.due is None:
            yield finding(
                NO_DUE,
                f"`{p.name}` is on `{target.name}`, which does not say when its payments are "
                "due: each is late from the day its period ends",
                p.where("on"),
                labels=[(target.name_span, f"`{target.name}` has no `due`")],
                help=f"add `due 30 days` (or the agreed delay) to `{target.name}`",
            )
        elif isinstance(target, Obligation) and target.deadline is None and target.within is None:
            yield finding(
                NEVER_LATE,
                f"`{p.name}` can never accrue: `{target.name}` has no `deadline` and no `within`, "
                "so it is never late",
                p.where("on"),
                labels=[(target.name_span, f"`{target.name}` has no deadline")],
                help=f"give `{target.name}` a `deadline` (or a `trigger` and `within`)",
            )


def _amounts(p: Penalty, rates: Mapping[str, ExchangeRate]) -> Iterator[Diagnostic]:
    rate, cap = _per_period(p), _cap(p)
    if rate is None or cap is None:
        return
    compared = _compare(rate, cap, rates, f"comparing the rate and the cap of `{p.name}`")
    if isinstance(compared, Diagnostic):
        yield compared
        return
    if compared is not None and compared[0] > compared[1]:
        per = str(p.per) if p.per.amount != 1 else p.per.unit.value
        yield finding(
            CAP_BELOW,
            f"the cap of `{p.name}` ({cap.text}) is less than what accrues in one period "
            f"({rate.text} per {per}): it is reached within the first {per}",
            cap.span,
            labels=[(rate.span, "the rate per period")],
            help="check the rate's period and the cap; if a fixed sum is meant, write the cap "
            "as the rate",
        )
    threshold = p.terminate_after
    if not isinstance(threshold, Money) or cap.money is None:
        return
    span = p.where("terminate_after")
    limit = _Amount(threshold, None, span, str(threshold))
    compared = _compare(limit, cap, rates, f"comparing the threshold and the cap of `{p.name}`")
    if isinstance(compared, Diagnostic):
        yield compared
        return
    if compared is not None and compared[0] > compared[1]:
        yield finding(
            TERMINATION,
            f"the right to terminate under `{p.name}` never arises: it needs {threshold} "
            f"accrued, above the cap of {money_text(compared[1], cap.money.currency)}",
            span,
            labels=[(cap.span, "the accrued amount stops here")],
            help="lower the threshold to at most the cap, raise the cap, or count it in days "
            "of delay (`terminate_after 60 days`)",
        )


def _no_base(p: Penalty, target: Obligation) -> Iterator[Diagnostic]:
    """Percentages of the late amount, on an obligation, which has none."""
    for field, percent in (("rate", p.rate_percent), ("cap", p.cap_percent)):
        if percent is None:
            continue
        effect = "nothing accrues" if field == "rate" else "nothing is capped"
        yield finding(
            NO_BASE,
            f"the {field} of `{p.name}` is {percent} of the late amount, but `{target.name}` "
            f"is an obligation with no amount to be late: {effect}",
            p.where(field),
            labels=[(p.where("on"), f"`{target.name}` has no amount")],
            help=f"say what it is {percent} of (`rate {percent} of GBP 5M per day`), or "
            "give an amount (`rate GBP 5K per day`)"
            if field == "rate"
            else "give the rate a base (`rate 0.1% of GBP 5M per day`), or write the cap as "
            "an amount (`cap GBP 150K`)",
        )
