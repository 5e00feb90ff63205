"""Convertibles and loans: discounts that discount, SAFEs and notes that are what they say,
financings that give what conversion needs, maturities after the money is paid in."""

from __future__ import annotations

from collections.abc import Iterator

from termlang import ast
from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.checks._time import certainly_before, source
from termlang.checks.money import mixed_currency
from termlang.dates import DateEnv, bounds, static_env
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import Convertible, Loan, Model
from termlang.source import Span
from termlang.values import Money

DISCOUNT = RuleInfo(
    "TL530",
    "convertible-discount-out-of-range",
    "a convertible's discount is 0% or at least 100%",
    """\
A SAFE or a note converts at a discount to the round's price: `discount 20%` converts at
80% of it. A discount of 100% or more would convert at no price at all (or a negative
one), and a discount of 0% is a placeholder that was never filled in (leave the line out
when there is no discount).

    convertible wren_safe { instrument safe ... discount 120% }    # error""",
    Severity.ERROR,
)

SAFE_TERMS = RuleInfo(
    "TL531",
    "safe-with-note-terms",
    "a SAFE is given an interest rate, an interest convention or a maturity",
    """\
A SAFE (simple agreement for future equity) is not debt: it bears no interest and has no
maturity; it converts at a financing or pays out on a change of control. Interest and
maturity lines on a SAFE are ignored by the interpreter, so they are either a mistake or
the instrument is really a convertible note (`instrument note`).

    convertible wren_safe { instrument safe  amount USD 1.5M  rate 6% ... }    # error""",
    Severity.ERROR,
)

NOTE_RATE = RuleInfo(
    "TL532",
    "note-without-interest",
    "a convertible note has no interest rate",
    """\
A convertible note is a loan that converts: its principal accrues interest (`rate 6%`)
that converts or is repaid with it. A note without a rate accrues nothing, which is rare
enough to be a forgotten line. A warning: write `rate 0%` if no interest is agreed.

    convertible kestrel_note { instrument note  amount USD 500K  maturity ... }    # warning""",
    Severity.WARNING,
)

FINANCING = RuleInfo(
    "TL533",
    "financing-incomplete",
    "a scenario holds a convertible's qualified financing without the figures to convert",
    """\
When a scenario dates a convertible's `qualified_financing` event, the instrument converts
at the round's price: the scenario must give it (`financing EVENT { price USD 2 }`), and,
when the instrument has a `valuation_cap`, the fully diluted capitalization too
(`capitalization 10_000_000 shares`), since the cap price is `valuation_cap /
capitalization`. Without them the conversion cannot be computed.

    convertible wren_safe { ... valuation_cap USD 12M  qualified_financing series_a }
    scenario base { series_a 2026-09-01
      financing series_a { price USD 2 } }    # error: no capitalization""",
    Severity.ERROR,
)

MATURITY = RuleInfo(
    "TL534",
    "matures-before-issue",
    "a note or a loan matures on or before the day it is issued or drawn",
    """\
A note is repaid at its `maturity`, counted from its `issued` date (the effective date by
default); a loan from its `drawn` date. A maturity on or before that date leaves no time for
interest to accrue or for the note to convert; the dates are swapped or mistyped.

    loan bridge { ... drawn 2026-03-02  maturity 2025-03-02 }    # error""",
    Severity.ERROR,
)

RULES = (DISCOUNT, SAFE_TERMS, NOTE_RATE, FINANCING, MATURITY)

_NOTE_FIELDS = ("rate", "interest", "day_count", "maturity")


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    env = static_env(model)
    for c in model.clauses.values():
        if isinstance(c, Convertible):
            yield from _convertible(c, model, env)
        elif isinstance(c, Loan):
            yield from _maturity(c.name, "drawn", c.drawn, c.maturity, c.where("maturity"), env)


def _convertible(c: Convertible, model: Model, env: DateEnv) -> Iterator[Diagnostic]:
    if c.discount is not None and (c.discount.value >= 100 or c.discount.value == 0):
        why = (
            "a placeholder that was never filled in"
            if c.discount.value == 0
            else "the instrument would convert at no price at all"
        )
        yield finding(
            DISCOUNT,
            f"the discount of `{c.name}` is {c.discount}: {why}",
            c.where("discount"),
            help="a discount is above 0% and below 100% (typically 10% to 25%); remove the line "
            "if there is none",
        )
    if c.instrument == "safe":
        written = [f for f in _NOTE_FIELDS if f in c.spans]
        if written:
            names = [f"`{f}`" for f in written]
            shown = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
            yield finding(
                SAFE_TERMS,
                f"`{c.name}` is a SAFE but has {shown}: a SAFE bears no interest and has no "
                "maturity",
                c.where(written[0]),
                labels=[(c.where(f), "") for f in written[1:]]
                + [(c.where("instrument"), "declared a SAFE here")],
                help="remove these lines, or make it a convertible note (`instrument note`)",
            )
    else:
        if c.rate is None:
            yield finding(
                NOTE_RATE,
                f"`{c.name}` is a convertible note with no interest rate",
                c.where("instrument"),
                help="add the note's interest (`rate 6%`), or `rate 0%` if none is agreed",
            )
        yield from _maturity(c.name, "issued", c.issued, c.maturity, c.where("maturity"), env)
    if c.valuation_cap is not None:
        mixed = _mixed(c, model, c.valuation_cap, c.where("valuation_cap"), f"`{c.name}`")
        if mixed is not None:
            yield mixed
    yield from _financings(c, model)


def _mixed(
    c: Convertible, model: Model, price: Money, span: Span | None, what: str
) -> Diagnostic | None:
    """TL451 when `price` (a cap, a round's price) cannot be compared with `c`'s amount."""
    anchor = (c.where("amount"), f"the amount is in {c.amount.currency}")
    return mixed_currency([(price, span)], c.amount.currency, model.rates, what, anchor)


def _financings(c: Convertible, model: Model) -> Iterator[Diagnostic]:
    event = c.qualified_financing
    if event is None:
        return
    for scenario in model.scenarios.values():
        occurrence = next(
            (o for o in scenario.occurrences if o.event == event and o.on is not None), None
        )
        if occurrence is None:
            continue
        found = next((f for f in scenario.financings if f.event == event), None)
        if found is None:
            yield finding(
                FINANCING,
                f"scenario `{scenario.name}` has `{event}` on {occurrence.on} but no price for "
                f"it, so `{c.name}` cannot convert",
                occurrence.span,
                labels=[(c.where("qualified_financing"), f"`{c.name}` converts at `{event}`")],
                help=f"add `financing {event} {{ price USD 2; capitalization 10_000_000 shares "
                "}` to the scenario with the round's figures",
            )
            continue
        if c.valuation_cap is not None and found.capitalization is None:
            yield finding(
                FINANCING,
                f"scenario `{scenario.name}` gives no capitalization for `{event}`, which "
                f"`{c.name}` needs for its valuation cap",
                found.span,
                labels=[(c.where("valuation_cap"), "the cap price is this cap / capitalization")],
                help="add the round's fully diluted capitalization: "
                "`capitalization 10_000_000 shares`",
            )
        what = f"converting `{c.name}` in scenario `{scenario.name}`"
        mixed = _mixed(c, model, found.price, found.span, what)
        if mixed is not None:
            yield mixed


def _maturity(
    name: str,
    field: str,
    start: ast.Expr | None,
    maturity: ast.Expr | None,
    span: Span | None,
    env: DateEnv,
) -> Iterator[Diagnostic]:
    if maturity is None:
        return
    if start is not None:
        early = certainly_before(maturity, start, env)
        shown = source(start)
    else:
        hi = bounds(maturity, env)[1]
        early = hi is not None and env.effective is not None and hi <= env.effective
        shown = "the effective date"
    if early:
        yield finding(
            MATURITY,
            f"`{name}` matures ({source(maturity)}) on or before it is {field} ({shown})",
            span,
            help=f"the maturity comes after the `{field}` date: check both dates",
        )
