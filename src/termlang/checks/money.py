"""Money: tranches that add up to the commitment, one currency per sum, amounts that mean
something, return caps of at least 1x."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import (
    Allocation,
    Compute,
    Convertible,
    ExchangeRate,
    Investment,
    Loan,
    Located,
    MinimumCommitment,
    Penalty,
    RevenueShare,
    Waterfall,
)
from termlang.source import Span
from termlang.values import Money, Quantity

TRANCHES = RuleInfo(
    "TL450",
    "tranches-mismatch",
    "an investment's tranches do not add up to its commitment",
    """\
An investment commits an amount and pays it in tranches; if the tranches add up to more or
less than the commitment, one of the two figures is wrong and the parties will read
different numbers. The sum is exact (no rounding); tranches in another currency are
converted with the declared `exchange_rate` (see TL451).

    investment round { commitment USD 30B
      tranche first  { amount USD 10B ... }
      tranche second { amount USD 15B ... } }    # error: USD 25B, not USD 30B""",
    Severity.ERROR,
)

MIXED = RuleInfo(
    "TL451",
    "mixed-currencies",
    "amounts in different currencies are added or compared with no declared rate",
    """\
Money in two currencies cannot be added or compared without an exchange rate, and a rate
picked by the tool would be a term nobody agreed. Declare the agreed rate once, at the top
level: `exchange_rate EUR USD 1.08` (one EUR is worth USD 1.08); the inverse rate is used
for the other direction. The finding points at the first amount in the other currency.

    investment x { commitment USD 10B
      tranche a { amount USD 5B ... }
      tranche b { amount EUR 5B ... } }    # error, unless `exchange_rate EUR USD ...`""",
    Severity.ERROR,
)

ZERO = RuleInfo(
    "TL452",
    "zero-amount",
    "an amount or capacity is zero where that makes no sense",
    """\
A commitment, a tranche, a revenue cap or a compute capacity of zero is a placeholder that
was never filled in (the language has no negative amounts). So is a zero loan principal,
convertible amount or valuation cap, allocation amount, minimum-commitment floor, waterfall
target, or penalty rate, base, cap or termination amount. Write the real figure, or leave
the field out when there is none (a revenue share with no cap has no `cap` line).

    tranche first { amount USD 0 ... }    # error""",
    Severity.ERROR,
)

RETURN_CAP = RuleInfo(
    "TL453",
    "return-cap-below-1x",
    "an investment's return cap is below 1x",
    """\
A return cap limits what an investor may get back to a multiple of what it put in (OpenAI's
first investors: 100x). A cap below 1x means the investor can never recover its money,
which contradicts the idea of a capped *profit*; the multiple is usually mistyped (`0.5x`
for `5x`).

    return_cap 0.5x    # error: below 1x""",
    Severity.ERROR,
)

RULES = (TRANCHES, MIXED, ZERO, RETURN_CAP)


def convert(money: Money, currency: str, rates: Mapping[str, ExchangeRate]) -> Fraction | None:
    """The exact value of `money` in `currency` with the declared rates (None: no rate)."""
    if money.currency == currency:
        return Fraction(money.amount)
    direct = rates.get(f"{money.currency}/{currency}")
    if direct is not None and direct.quote.currency == currency:
        return Fraction(money.amount) * Fraction(direct.quote.amount)
    inverse = rates.get(f"{currency}/{money.currency}")
    if inverse is not None and inverse.quote.amount != 0:
        return Fraction(money.amount) / Fraction(inverse.quote.amount)
    return None


def mixed_currency(
    amounts: Sequence[tuple[Money, Span | None]],
    currency: str,
    rates: Mapping[str, ExchangeRate],
    what: str,
    anchor: tuple[Span | None, str],
) -> Diagnostic | None:
    """A TL451 finding for the first amount that cannot be converted to `currency`."""
    for money, span in amounts:
        if convert(money, currency, rates) is None:
            return finding(
                MIXED,
                f"{what} mixes {money.currency} and {currency}, and no rate between them is "
                "declared",
                span,
                labels=[anchor],
                help=f"declare the agreed rate, like `exchange_rate {money.currency} {currency} "
                f"1.10` (one {money.currency} is worth {currency} 1.10)",
            )
    return None


def money_text(value: Fraction, currency: str) -> str:
    """An exact amount for a message (an approximation is said to be one)."""
    if value.denominator == 1:
        return str(Money(currency, Decimal(value.numerator)))
    return f"{currency} {float(value):,.2f} (approximately)"


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    rates = model.rates
    for party in model.parties.values():
        for quantity in party.capacity:
            yield from _zero_quantity(
                quantity, party, "capacity", f"the capacity of `{party.name}`"
            )
    for clause in model.clauses.values():
        if isinstance(clause, Investment):
            yield from _investment(clause, rates)
        elif isinstance(clause, RevenueShare):
            if clause.cap is not None and clause.cap.amount == 0:
                yield _zero(clause, "cap", f"the cap of `{clause.name}` is {clause.cap}")
        elif isinstance(
            clause, Loan | Convertible | Allocation | MinimumCommitment | Penalty | Waterfall
        ):
            yield from _mechanics_zero(clause)
        elif isinstance(clause, Compute):
            if clause.capacity is not None:
                yield from _zero_quantity(
                    clause.capacity, clause, "capacity", f"the capacity of `{clause.name}`"
                )
            for step in clause.steps:
                if step.capacity is not None:
                    yield from _zero_quantity(
                        step.capacity, step, "capacity", f"a step of `{clause.name}`"
                    )


def _mechanics_zero(
    clause: Loan | Convertible | Allocation | MinimumCommitment | Penalty | Waterfall,
) -> Iterator[Diagnostic]:
    """TL452 for the amounts of the financing mechanics."""
    fields: list[tuple[Located, str, Money | Quantity | None, str]] = []
    match clause:
        case Loan():
            fields.append((clause, "principal", clause.principal, "the principal"))
        case Convertible():
            fields.append((clause, "amount", clause.amount, "the amount"))
            fields.append((clause, "valuation_cap", clause.valuation_cap, "the valuation cap"))
        case Allocation():
            fields.append((clause, "amount", clause.amount, "the amount"))
        case MinimumCommitment():
            fields.append((clause, "floor", clause.floor, "the floor"))
        case Penalty():
            fields.append((clause, "rate", clause.rate_amount, "the rate"))
            fields.append((clause, "rate", clause.rate_of, "the base of the rate"))
            fields.append((clause, "cap", clause.cap, "the cap"))
            threshold = clause.terminate_after
            if isinstance(threshold, Money):
                fields.append((clause, "terminate_after", threshold, "the termination amount"))
        case Waterfall():
            for tier in clause.tiers:
                what = f"the target of tier `{clause.name}.{tier.name}`"
                fields.append((tier, "until", tier.until_amount, what))
    for decl, field, value, what in fields:
        if value is not None and value.amount == 0:
            owner = "" if decl is not clause else f" of `{clause.name}`"
            yield _zero(decl, field, f"{what}{owner} is {value}")
    if isinstance(clause, Waterfall):
        for tier in clause.tiers:
            if tier.until_multiple is not None and tier.until_multiple.value == 0:
                yield _zero(
                    tier,
                    "until",
                    f"the target of tier `{clause.name}.{tier.name}` is "
                    f"{tier.until_multiple} of `{tier.until_of}`",
                )


def _zero(decl: Located, field: str, what: str) -> Diagnostic:
    return finding(
        ZERO,
        f"{what}: zero means nothing was filled in",
        decl.where(field),
        help=f"write the real figure, or remove the `{field}` line if there is none",
    )


def _zero_quantity(q: Quantity, decl: Located, field: str, what: str) -> Iterator[Diagnostic]:
    if q.amount == 0:
        yield _zero(decl, field, f"{what} is {q}")


def _investment(clause: Investment, rates: Mapping[str, ExchangeRate]) -> Iterator[Diagnostic]:
    if clause.commitment is not None and clause.commitment.amount == 0:
        yield _zero(
            clause, "commitment", f"the commitment of `{clause.name}` is {clause.commitment}"
        )
    for t in clause.tranches:
        if t.amount.amount == 0:
            yield _zero(t, "amount", f"tranche `{clause.name}.{t.name}` is {t.amount}")
    # TL453 (a return cap below 1x) and TL450 (tranches that do not add up to the commitment)
    # are found by the ledger of `bounds.py`; this keeps the currencies they compare apart.
    if not clause.tranches:
        return
    currency = (
        clause.commitment.currency
        if clause.commitment is not None
        else clause.tranches[0].amount.currency
    )
    anchor = (
        (clause.where("commitment"), f"the commitment is in {currency}")
        if clause.commitment is not None
        else (clause.tranches[0].where("amount"), f"the first tranche is in {currency}")
    )
    amounts = [(t.amount, t.where("amount")) for t in clause.tranches]
    mixed = mixed_currency(amounts, currency, rates, f"`{clause.name}`", anchor)
    if mixed is not None:
        yield mixed
