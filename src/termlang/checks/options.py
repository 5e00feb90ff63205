"""Options whose waiver or exercise cannot do what the file says (evaluate/options.py).

An option is an obligation written with `may`; `on_exercise` states what its exercise does
(`renew TERM DURATION`, `terminate CLAUSE`, `buy PAYMENT`), and a scenario's `waived OPTION
DATE` line gives it up. These rules catch the consequences that cannot happen as written and
the scenarios that both waive and exercise an option.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.dates import evaluate, scenario_env
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import Model, Obligation, PaymentObligation, Termination

NOT_AN_OPTION = RuleInfo(
    "TL850",
    "not-an-option",
    "an exercise or a waiver is given for an obligation that is not an option",
    """\
Only an option, an obligation written with `may`, is exercised or waived. `on_exercise` on
an obligation written with `must` or `must_not` never applies (its `fulfilled_by` event is
performance, not an exercise), and a scenario's `waived` line for it changes nothing. An
error: write the obligation with `may`, or use `on_breach` for a duty.

    obligation deliver { party seller  must "deliver the goods"
                         fulfilled_by delivered
                         on_exercise terminate agreement }    # error: `must`, not `may`""",
    Severity.ERROR,
)

RENEWAL_IMPOSSIBLE = RuleInfo(
    "TL851",
    "option-renewal-impossible",
    "an option renews a term that has no term, or that also renews by itself",
    """\
`on_exercise renew TERM DURATION` extends the `term` of the `termination` TERM when the
option is exercised in time. A termination without `term` has no term to extend; one that
also `renews` automatically would renew twice over (by itself unless notice is given, and
by the option). An error: give the termination its initial `term`, and drop `renews` when
the term is extended only by the option.

    termination licence_term { ends agreement  term 5 years  renews 1 year }
    obligation extension { party licensee  may "extend the term"
                           fulfilled_by extension_notice
                           on_exercise renew licence_term 2 years }    # error""",
    Severity.ERROR,
)

EXERCISABLE_TOO_LATE = RuleInfo(
    "TL852",
    "option-outlives-term",
    "an option to renew a term can still be exercised after the term has ended",
    """\
An option to extend a term is exercised before the term expires ("no later than 90 days
before the expiry of the term"). When the option's deadline (or, without one, its window)
runs past the last day of the initial term, an exercise after that day finds no term to
extend and counts for nothing. A warning: give the option a deadline on or before the
term's last day.

    termination licence_term { ends agreement  term 5 years }     # 2026-01-01 .. 2030-12-31
    obligation extension { party licensee  may "extend the term"
                           deadline 2031-03-31                    # warning: after 2030-12-31
                           fulfilled_by extension_notice
                           on_exercise renew licence_term 2 years }""",
    Severity.WARNING,
)

WAIVED_AND_EXERCISED = RuleInfo(
    "TL853",
    "waived-and-exercised",
    "a scenario both waives and exercises an option, or waives it twice",
    """\
Once an option is waived it cannot be exercised, and once exercised there is nothing left to
waive. A scenario that dates both the waiver (`waived OPTION DATE`) and the exercise (the
option's `fulfilled_by` event) keeps the first and ignores the other: an exercise on or after
the waiver counts for nothing, a waiver after the exercise changes nothing. A waiver after
the option's deadline (it had expired) and a second waiver of the same option change nothing
either. A warning: the scenario contradicts itself.

    scenario waived {
      waived            extension 2030-06-01
      extension_notice  2030-09-01        # warning: the option was waived on 2030-06-01
    }""",
    Severity.WARNING,
)

BUY_NOT_FIXED = RuleInfo(
    "TL854",
    "bought-payment-not-fixed",
    "an option's exercise buys with a payment that has no fixed amount",
    """\
`on_exercise buy PAYMENT` makes the payment's amount fall due on the exercise day, so the
payment must have a fixed amount (`amount USD 250K`, or `price` and `quantity`). A share of
a stream (`amount 4% of net_sales`) falls due per period of figures, not on an exercise. An
error: give the purchase price as a fixed amount.

    payment purchase_price { payer licensee  payee licensor
                             amount 5% of net_sales  period quarter }    # error: a share
    obligation purchase { party licensee  may "buy the licensed patents"
                          fulfilled_by purchase_notice
                          on_exercise buy purchase_price }""",
    Severity.ERROR,
)

RULES = (
    NOT_AN_OPTION,
    RENEWAL_IMPOSSIBLE,
    EXERCISABLE_TOO_LATE,
    WAIVED_AND_EXERCISED,
    BUY_NOT_FIXED,
)

ONE_DAY = timedelta(days=1)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    m = ctx.model
    for c in m.clauses.values():
        if not isinstance(c, Obligation) or not c.on_exercise:
            continue
        if c.modality != "may":
            yield finding(
                NOT_AN_OPTION,
                f"`{c.name}` is written with `{c.modality}`, so it is never exercised and its "
                "`on_exercise` never applies",
                c.where("on_exercise"),
                labels=[(c.where("action"), f"`{c.modality}`: a duty, not an option")],
                help=f'write `may "..."` if `{c.name}` is an option, or use `on_breach` for a duty',
            )
            continue
        yield from _consequences(m, c)
    yield from _waivers(m)


def _consequences(m: Model, c: Obligation) -> Iterator[Diagnostic]:
    for cons in c.on_exercise:
        for name in cons.clauses:
            target = m.clauses.get(name)
            if cons.action == "renew" and isinstance(target, Termination):
                yield from _renewal(m, c, target)
            elif (
                cons.action == "buy"
                and isinstance(target, PaymentObligation)
                and target.fixed_amount() is None
            ):
                yield finding(
                    BUY_NOT_FIXED,
                    f"`{c.name}` buys with `{name}`, which has no fixed amount to fall "
                    "due on the exercise",
                    c.where("on_exercise"),
                    labels=[(target.where("amount"), "a share of a stream, per period")],
                    help=f"give `{name}` a fixed `amount` (or `price` and `quantity`)",
                )


def _renewal(m: Model, c: Obligation, term: Termination) -> Iterator[Diagnostic]:
    if term.term is None:
        yield finding(
            RENEWAL_IMPOSSIBLE,
            f"`{c.name}` renews `{term.name}`, which has no `term` to extend",
            c.where("on_exercise"),
            labels=[(term.name_span, "no `term`")],
            help=f"give `{term.name}` its initial term, e.g. `term 5 years`",
        )
        return
    if term.renews is not None:
        yield finding(
            RENEWAL_IMPOSSIBLE,
            f"`{term.name}` renews by itself and also by the exercise of `{c.name}`",
            c.where("on_exercise"),
            labels=[(term.where("renews"), "an automatic renewal")],
            help=f"drop `renews` from `{term.name}` if only the option extends its term",
        )
        return
    # the initial term's last day, when both it and the option's deadline are fixed dates
    env = scenario_env(m, None)
    start = (
        evaluate(term.window.start, env) if term.window else (m.agreement and m.agreement.effective)
    )
    deadline = evaluate(c.deadline, env) if c.deadline is not None else None
    if not isinstance(start, date) or deadline is None:
        return
    try:
        last = term.term.add_to(start)[0] - ONE_DAY
    except OverflowError:
        return
    if deadline > last:
        yield finding(
            EXERCISABLE_TOO_LATE,
            f"`{c.name}` can be exercised until {deadline}, after the term of `{term.name}` "
            f"ends on {last}: a late exercise extends nothing",
            c.where("deadline"),
            labels=[(term.where("term"), f"the term's last day is {last}")],
            help=f"set the deadline on or before {last} (e.g. `deadline {last} - 90 days`)",
        )


def _waivers(m: Model) -> Iterator[Diagnostic]:
    for scenario in m.scenarios.values():
        seen: set[str] = set()
        for w in scenario.waivers:
            c = m.clauses.get(w.clause)
            if not isinstance(c, Obligation):
                continue  # resolve reports it
            if c.modality != "may":
                yield finding(
                    NOT_AN_OPTION,
                    f"scenario `{scenario.name}` waives `{c.name}`, which is not an option",
                    w.name_span or w.span,
                    labels=[(c.where("action"), f"`{c.modality}`: a duty, not an option")],
                    help=f'only an option (`may "..."`) is waived; remove the line, or write '
                    f"`{c.name}` with `may`",
                )
                continue
            if c.name in seen:
                yield finding(
                    WAIVED_AND_EXERCISED,
                    f"scenario `{scenario.name}` waives `{c.name}` twice; the second waiver "
                    "changes nothing",
                    w.span,
                    help="keep one `waived` line",
                )
                continue
            seen.add(c.name)
            env = scenario_env(m, scenario)
            deadline = evaluate(c.deadline, env) if c.deadline is not None else None
            if isinstance(deadline, date) and w.on > deadline:
                yield finding(
                    WAIVED_AND_EXERCISED,
                    f"scenario `{scenario.name}` waives `{c.name}` on {w.on}, after its deadline "
                    f"of {deadline}: it had already expired, so the waiver changes nothing",
                    w.span,
                    labels=[(c.where("deadline"), f"the last day to exercise it is {deadline}")],
                    help=f"date the waiver on or before {deadline}, or remove it",
                )
                continue
            exercised = env.events.get(c.fulfilled_by) if c.fulfilled_by else None
            if exercised is None:
                continue
            if exercised >= w.on:
                message = (
                    f"scenario `{scenario.name}` exercises `{c.name}` on {exercised}, after "
                    f"it was waived on {w.on}: the exercise counts for nothing"
                )
            else:
                message = (
                    f"scenario `{scenario.name}` waives `{c.name}` on {w.on}, after it was "
                    f"exercised on {exercised}: the waiver changes nothing"
                )
            yield finding(
                WAIVED_AND_EXERCISED,
                message,
                w.span,
                help=f"keep either the waiver or the `{c.fulfilled_by}` date in `{scenario.name}`",
            )
