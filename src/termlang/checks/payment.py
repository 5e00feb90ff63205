"""Payments: who pays whom, in which currency, and caps that leave the amount payable.

A `payment` clause, and a penalty on a late payment, each name a payer and a payee. The
checks here find payments that cannot be made as written: a party paying itself, a cap in
another currency (which the interpreter could not apply), a cap below the fixed amount it
limits, and a late-payment penalty that flows the wrong way ("the seller pays the buyer"
interest on the buyer's own late payment).
"""

from __future__ import annotations

from collections.abc import Iterator

from termlang import ast
from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.checks._time import certainly_before, source
from termlang.dates import bounds, static_env
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import Obligation, PaymentObligation, Penalty, RevenueShare

CAP_BELOW_AMOUNT = RuleInfo(
    "TL810",
    "payment-cap-below-amount",
    "a payment's cap is below the fixed amount it limits",
    """\
A fixed payment (`amount`, or `price` × `quantity`) capped in total at less than the amount
can never be paid as written: the interpreter pays the cap, but the two figures contradict
each other, and one of them is a typo or a stale term.

    payment seats {
      payer     pelican
      payee     atlas
      price     GBP 40
      quantity  5_000 seats     # GBP 200,000
      due       2026-06-30
      cap       GBP 150K        # warning: below the GBP 200,000 due
    }""",
    Severity.WARNING,
)

PENALTY_DIRECTION = RuleInfo(
    "TL811",
    "penalty-wrong-direction",
    "a late-payment penalty is paid by someone other than the party that is late",
    """\
Interest on a late payment, or damages for a late performance, is paid by the party that is
late to the party that waits. A penalty whose `payer` is not the late payment's payer (or
the obligation's party), or whose `payee` is not the payment's payee, flows the wrong way:
usually the two names were swapped.

    payment fee { payer pelican  payee atlas  amount GBP 250K  due 2026-03-31 }
    penalty late_fee {
      on     fee
      payer  atlas       # error: `pelican` pays `fee`, so `pelican` pays for its lateness
      payee  pelican
      rate   0.05% per day
    }""",
    Severity.ERROR,
)

PAYS_ITSELF = RuleInfo(
    "TL812",
    "payment-to-itself",
    "a payment or a penalty is paid by a party to itself",
    """\
A payer and a payee are two different parties. A party paying itself is a copy-paste slip.

    payment fee { payer atlas  payee atlas  amount GBP 250K  due 2026-03-31 }""",
    Severity.ERROR,
)

CAP_CURRENCY = RuleInfo(
    "TL813",
    "payment-cap-currency",
    "a payment's cap is in another currency than the amount",
    """\
A cap limits amounts of its own currency; a cap in another currency cannot be compared with
what falls due, so it would limit nothing. Write the cap in the payment's currency.

    payment royalty {
      payer   pelican
      payee   atlas
      amount  8% of routing_revenue    # revenue in GBP
      period  quarter
      cap     EUR 1M                   # error: the royalty is paid in GBP
    }""",
    Severity.ERROR,
)

DUE_BEFORE_START = RuleInfo(
    "TL818",
    "payment-due-before-start",
    "a payment falls due before its clause comes into force",
    """\
A one-off payment arises when its clause comes into force. A due date that is certainly
before the clause's window starts makes the payment late on the day it arises: usually the
due date or the window has the wrong year.

    payment fee {
      payer   pelican
      payee   atlas
      amount  GBP 10K
      due     2026-01-15
      window  2026-03-01 .. 2027-03-01    # warning: due six weeks before it starts
    }""",
    Severity.WARNING,
)

RULES = (CAP_BELOW_AMOUNT, PENALTY_DIRECTION, PAYS_ITSELF, CAP_CURRENCY, DUE_BEFORE_START)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    m = ctx.model
    for c in m.clauses.values():
        if isinstance(c, PaymentObligation):
            yield from _payment(c, ctx)
        elif isinstance(c, Penalty) and (c.payer or c.payee):
            yield from _penalty(c, ctx)


def _payment(c: PaymentObligation, ctx: CheckContext) -> Iterator[Diagnostic]:
    start = c.window.start if c.window is not None else ast.Ref(parts=("effective",))
    if c.due is not None and c.due_after is None and c.due != start:
        env = static_env(ctx.model)
        if certainly_before(c.due, start, env) and bounds(c.due, env)[1] != bounds(start, env)[0]:
            where = (
                f"its window starts on {source(start)}"
                if c.window is not None
                else "the agreement takes effect"
            )
            yield finding(
                DUE_BEFORE_START,
                f"`{c.name}` is due on {source(c.due)}, before {where}",
                c.where("due"),
                labels=[(c.where("window"), "the clause comes into force here")],
                help="move the due date into the clause's term, or start the term earlier",
            )
    if c.payer == c.payee:
        yield finding(
            PAYS_ITSELF,
            f"`{c.name}` is paid by `{c.payer}` to itself",
            c.where("payee"),
            labels=[(c.where("payer"), "the payer")],
            help="name the party that receives the payment in `payee`",
        )
    amount = c.fixed_amount()
    currency = amount.currency if amount is not None else _stream_currency(c, ctx)
    for field, cap in (("cap", c.cap), ("cap", c.cap_per_period)):
        if cap is None:
            continue
        if currency is not None and cap.currency != currency:
            yield finding(
                CAP_CURRENCY,
                f"the cap of `{c.name}` is in {cap.currency}, but `{c.name}` is paid in {currency}",
                c.where(field),
                help=f"write the cap in {currency}",
            )
        elif amount is not None and cap is c.cap and cap < amount:
            yield finding(
                CAP_BELOW_AMOUNT,
                f"`{c.name}` is capped at {cap}, below the {amount.rounded()} it says is due",
                c.where("cap"),
                labels=[(c.where("amount") or c.where("price"), "the amount due")],
                help="correct the amount or the cap; the interpreter pays the cap",
            )


def _stream_currency(c: PaymentObligation, ctx: CheckContext) -> str | None:
    """The currency of the scenario figures of the stream a share is taken of, if one."""
    found = {
        fig.amount.currency
        for s in ctx.model.scenarios.values()
        for fig in s.figures
        if fig.subject == c.share_of
    }
    return found.pop() if len(found) == 1 else None


def _penalty(p: Penalty, ctx: CheckContext) -> Iterator[Diagnostic]:
    if p.payer is not None and p.payer == p.payee:
        yield finding(
            PAYS_ITSELF,
            f"`{p.name}` is paid by `{p.payer}` to itself",
            p.where("payee"),
            labels=[(p.where("payer"), "the payer")],
            help="the party that is late pays the party that waits",
        )
        return
    target = ctx.model.clauses.get(p.on)
    late: tuple[str, ...] = ()
    waiting: tuple[str, ...] = ()
    if isinstance(target, PaymentObligation | RevenueShare):
        late, waiting = (target.payer,), (target.payee,)
    elif isinstance(target, Obligation):
        late = target.parties
    if p.payer is not None and late and p.payer not in late:
        yield finding(
            PENALTY_DIRECTION,
            f"`{p.name}` is paid by `{p.payer}`, but it is `{_names(late)}` that would be "
            f"late under `{p.on}`",
            p.where("payer"),
            labels=[(target.where("payer") or target.where("parties"), "who must perform")]
            if target is not None
            else [],
            help="the party that is late pays the penalty: swap `payer` and `payee`?",
        )
    elif p.payee is not None and waiting and p.payee not in waiting:
        yield finding(
            PENALTY_DIRECTION,
            f"`{p.name}` is paid to `{p.payee}`, but `{_names(waiting)}` is the one waiting "
            f"for `{p.on}`",
            p.where("payee"),
            labels=[(target.where("payee"), "who is paid")] if target is not None else [],
            help="the party that waits for the late payment receives the penalty",
        )


def _names(names: tuple[str, ...]) -> str:
    return "`, `".join(names)
