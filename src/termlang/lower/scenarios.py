"""Scenario blocks: dated events, figures, payments, financings, offers and the facts
(readings, amounts funded, third-party acts) a course of events states.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from termlang import ast, model
from termlang.codes import (
    BAD_VALUE,
)
from termlang.lower.base import (
    BAD,
    _Bad,
    _describe,
    _words,
    field_spans,
)
from termlang.lower.expectations import (
    _expectations,
)
from termlang.lower.lowerer import (
    Lowerer,
)
from termlang.lower.schema import (
    MONEY,
    Field,
    _req,
    _schema,
)
from termlang.source import Span
from termlang.values import (
    Money,
    Percent,
    Period,
    Quantity,
    parse_period,
)

T = TypeVar("T")

# Scenario lines that state facts (issue 12): readings, amounts funded, third-party acts.
# They are not reserved: with one argument (`delivered 2026-03-01`) the line dates an event.
FACT_KEYS = ("measure", "delivered", "funded", "deal", "grant", "waived")

SCENARIO_KEYS = (
    "default",
    "horizon",
    "note",
    "revenue",
    "distribution",
    "forecast",
    "volume",
    "payments",
    "financing",
    "offer",
    "third_party",
    "expect",
    *FACT_KEYS,
    "proceeds",
    "election",
    "capitalization",
    "consent",
)
_SCENARIO_LISTS = (
    "occurrences",
    "figures",
    "expectations",
    "series",
    "financings",
    "offers",
    "third_party_deals",
    "payments",
    "instances",
    "readings",
    "fundings",
    "acts",
    "proceeds",
    "elections",
    "consents",
    "waivers",
)


def lower_scenario(lw: Lowerer, item: ast.Item) -> model.Scenario | _Bad:
    head = lw.head(item)
    if isinstance(head, _Bad):
        return head
    name, label, name_span, _ = head
    values: dict[str, Any] = {key: [] for key in _SCENARIO_LISTS}
    spans: dict[str, Span] = {}
    single = {
        "financing": ("financings", _financing),
        "offer": ("offers", _offer),
        "third_party": ("third_party_deals", _third_party),
        "proceeds": ("proceeds", _proceeds),
        "election": ("elections", _election),
        "consent": ("consents", _consent),
    }
    for sub in item.block or ():
        if sub.key == "default":
            flag = lw.conv_bool(sub)
            if not isinstance(flag, _Bad):
                values["default"] = flag
        elif sub.key == "horizon":
            horizon = lw.conv_date(sub)
            if not isinstance(horizon, _Bad):
                values["horizon"] = horizon
        elif sub.key == "note":
            note = lw.conv_string(sub)
            if not isinstance(note, _Bad):
                values["note"] = note
        elif sub.key == "revenue":
            values["figures"].extend(_figures(lw, sub))
        elif sub.key == "expect":
            values["expectations"].extend(_expectations(lw, sub))
        elif sub.key in ("distribution", "forecast", "volume"):
            values["series"].extend(_series(lw, sub))
        elif sub.key == "payments":
            values["payments"].extend(_payments(lw, sub))
        elif sub.key == "capitalization":
            shares = _shares_count(lw, sub)
            if not isinstance(shares, _Bad):
                values["capitalization"] = shares
        elif sub.key in single:
            key, convert = single[sub.key]
            found = convert(lw, sub)
            if not isinstance(found, _Bad):
                values[key].append(found)
        elif sub.key == "waived" and len(sub.args) > 1:  # an option given up (issue 11)
            waiver = _waiver(lw, sub)
            if not isinstance(waiver, _Bad):
                values["waivers"].append(waiver)
        elif sub.key in FACT_KEYS and len(sub.args) > 1:  # `delivered 2026-03-01`: an event
            key, fact = _scenario_fact(lw, sub)
            if not isinstance(fact, _Bad):
                values[key].append(fact)
        else:
            occ = _occurrence(lw, sub)
            if isinstance(occ, model.Instance):
                values["instances"].append(occ)
            elif not isinstance(occ, _Bad):
                values["occurrences"].append(occ)
        if sub.span is not None:
            spans.setdefault(sub.key, sub.span)
    for key in _SCENARIO_LISTS:
        values[key] = tuple(values[key])
    if label is not None:
        values["label"] = label
    assert name is not None  # head() was asked for a name
    return model.Scenario(
        name=name, span=item.span, name_span=name_span, spans=MappingProxyType(spans), **values
    )


def _occurrence(lw: Lowerer, item: ast.Item) -> model.Occurrence | model.Instance | _Bad:
    if len(item.args) == 2 and isinstance(item.args[0], ast.Ref):
        return _instance(lw, item)
    if len(item.args) == 1:
        arg = item.args[0]
        if isinstance(arg, ast.DateLit):
            return model.Occurrence(
                event=item.key, on=arg.value, span=item.span, name_span=item.key_span
            )
        if isinstance(arg, ast.Ref) and arg.name == "never":
            return model.Occurrence(
                event=item.key, on=None, span=item.span, name_span=item.key_span
            )
    return lw.error(
        BAD_VALUE,
        f"in a scenario, `{item.key}` must be followed by the date it happens or `never`",
        item.args[0].span if item.args else item.key_span,
        help=f"write it like `{item.key} 2026-03-31` or `{item.key} never` (a recurring event: "
        f"`{item.key} first 2026-03-31`); a scenario also takes {_words(SCENARIO_KEYS)}",
    )


def _per_period(
    lw: Lowerer,
    item: ast.Item,
    what: str,
    example: str,
    value: Callable[[ast.Item], Any],
) -> list[tuple[Any, ast.Item, Any]]:
    """`KEY NAME { PERIOD VALUE ... }`: (period, line, value) for each well-formed line."""
    if len(item.args) != 1 or not isinstance(item.args[0], ast.Ref) or item.block is None:
        lw.error(
            BAD_VALUE,
            f"`{item.key}` takes {what} and a block of figures per period",
            item.span,
            help=f"write it like `{item.key} {example}`",
        )
        return []
    out: list[tuple[Any, ast.Item, Any]] = []
    for sub in item.block:
        try:
            period = parse_period(sub.key)
        except ValueError:
            lw.error(
                BAD_VALUE,
                f"`{sub.key}` is not a period",
                sub.key_span,
                help="periods are years (`2026`), half-years (`2026-H1`), quarters "
                "(`2026-Q1`) or months (`2026-03`)",
            )
            continue
        got = value(sub)
        if not isinstance(got, _Bad):
            out.append((period, sub, got))
    return out


def _subject_spans(item: ast.Item) -> MappingProxyType[str, Span]:
    span = item.args[0].span if item.args else None
    return field_spans(subject=span)


def _money_line(lw: Lowerer, example: str) -> Callable[[ast.Item], Any]:
    def value(sub: ast.Item) -> Money | _Bad:
        if len(sub.args) != 1:
            return lw.bad_value(sub, "an amount", example)
        return lw.money_of(sub.args[0])

    return value


def _figures(lw: Lowerer, item: ast.Item) -> list[model.Figure]:
    rows = _per_period(lw, item, "a stream", "api { 2026 USD 4B }", _money_line(lw, "USD 4B"))
    return _per_stream(model.Figure, "revenue", item, rows)


def _series(lw: Lowerer, item: ast.Item) -> list[model.Series]:
    """`distribution STREAM {...}` (money), `forecast STREAM {...}`, `volume STREAM {...}`."""

    def value(sub: ast.Item) -> Money | Quantity | _Bad:
        example = "10_000 units" if item.key == "volume" else "USD 4B"
        if len(sub.args) != 1:
            return lw.bad_value(sub, "an amount", example)
        arg = sub.args[0]
        if item.key != "distribution" and isinstance(arg, ast.QuantityLit):
            return lw.quantity_of(arg, sub)
        if item.key == "volume":
            return lw.bad_value(sub, "a quantity", example)
        return lw.money_of(arg)

    rows = _per_period(lw, item, "a stream", "openai_profits { 2026 USD 4B }", value)
    return _per_stream(model.Series, item.key, item, rows)


def _per_stream(
    build: Callable[..., T], metric: str, item: ast.Item, rows: Sequence[tuple[Any, ast.Item, Any]]
) -> list[T]:
    """A stream's figures (`model.Figure` for revenue, `model.Series` for the other metrics),
    one per period line."""
    stream = item.args[0].name if rows else ""  # type: ignore[union-attr]
    return [
        build(
            metric=metric,
            subject=stream,
            period=str(period),
            start=period.start,
            end=period.end,
            amount=amount,
            span=sub.span,
            name_span=sub.key_span,
            spans=_subject_spans(item),
        )
        for period, sub, amount in rows
    ]


def _payments(lw: Lowerer, item: ast.Item) -> list[model.Payment]:
    """`payments running_royalty { 2027-Q2 2027-09-15 }`: when each period was paid."""

    def value(sub: ast.Item) -> tuple[date | None, Money | None] | _Bad:
        if len(sub.args) == 1 and isinstance(sub.args[0], ast.Ref) and sub.args[0].name == "never":
            return None, None
        part = part_payment(lw, sub)  # `2026-Q2 2026-08-15 GBP 50K`: a part payment
        if isinstance(part, _Bad):
            return part
        on = lw.conv_date(ast.Item(key=sub.key, args=sub.args[:1], span=sub.span))
        return on if isinstance(on, _Bad) else (on, part)

    cash, block = cash_payments(lw, item)
    rows = _per_period(
        lw, block, "a revenue share", "running_royalty { 2027-Q2 2027-09-15 }", value
    )
    clause = item.args[0].name if rows or cash else ""  # type: ignore[union-attr]
    return [
        *(
            model.Payment(
                clause=clause,
                period=str(period),
                start=period.start,
                end=period.end,
                on=on,
                amount=amount,
                span=sub.span,
                name_span=sub.key_span,
                spans=_subject_spans(item),
            )
            for period, sub, (on, amount) in rows
        ),
        *(attrs.evolve(p, clause=clause, spans=_subject_spans(item)) for p in cash),
    ]


def part_payment(lw: Lowerer, sub: ast.Item) -> Money | _Bad | None:
    """The amount after the date of a `payments` line (None: paid in full)."""
    if len(sub.args) != 2:
        return None
    found = lw.money_of(sub.args[1])
    if isinstance(found, _Bad) or found.amount <= 0:
        return lw.error(
            BAD_VALUE,
            f"a part payment is a positive amount, found {_describe(sub.args[1])}",
            sub.args[1].span,
            help=f"write it like `{sub.key} 2026-08-15 GBP 50K`",
        )
    return found


def cash_payments(lw: Lowerer, item: ast.Item) -> tuple[list[model.Payment], ast.Item]:
    """`payments upfront_fee { 2026-03-01 GBP 100K }`: an amount paid on a date, applied to
    the oldest instalment still outstanding; the other lines are per period."""
    cash: list[model.Payment] = []
    rest: list[ast.Item] = []
    for sub in item.block or ():
        try:
            on = date.fromisoformat(sub.key) if len(sub.key) == 10 else None
        except ValueError:
            on = None
        if on is None:
            rest.append(sub)
            continue
        amount = lw.money_of(sub.args[0]) if len(sub.args) == 1 else BAD
        if isinstance(amount, _Bad) or amount.amount <= 0:
            lw.error(
                BAD_VALUE,
                f"a payment on `{sub.key}` is a positive amount",
                sub.args[0].span if sub.args else sub.span,
                help=f"write it like `{sub.key} GBP 100K`",
            )
            continue
        cash.append(
            model.Payment(
                clause="",
                period=sub.key,
                start=on,
                end=on,
                on=on,
                amount=amount,
                cash=True,
                span=sub.span,
                name_span=sub.key_span,
            )
        )
    block = attrs.evolve(item, block=tuple(rest)) if item.block is not None else item
    return cash, block


def _named_block(lw: Lowerer, item: ast.Item, example: str) -> str | _Bad:
    if len(item.args) != 1 or not isinstance(item.args[0], ast.Ref) or item.block is None:
        return lw.error(
            BAD_VALUE,
            f"`{item.key}` takes a name and a block",
            item.span,
            help=f"write it like `{item.key} {example}`",
        )
    return item.args[0].name


def _financing(lw: Lowerer, item: ast.Item) -> model.Financing | _Bad:
    """`financing series_a { price USD 2; capitalization 10M shares }`."""
    event = _named_block(lw, item, "series_a { price USD 2; capitalization 10M shares }")
    if isinstance(event, _Bad):
        return event

    schema = _schema(
        price=_req(attrs.evolve(MONEY, example="USD 2")),
        capitalization=Field(_shares_count, example="10M shares"),
        raised=attrs.evolve(MONEY, example="USD 6M"),
        pool_increase=Field(_shares_count, example="500K shares"),
    )
    lowered = lw.fields(item, "financing", schema, name=event, name_span=item.args[0].span)
    if isinstance(lowered, _Bad):
        return lowered
    values, spans = lowered
    if values["price"].amount <= 0:
        return lw.error(
            BAD_VALUE,
            "a price per share must be positive",
            spans.get("price"),
            help="write the round's price per share, like `price USD 2.50`",
        )
    return model.Financing(
        event=event,
        span=item.span,
        name_span=item.args[0].span,
        spans=MappingProxyType(spans),
        **values,
    )


def _shares_count(lw: Lowerer, sub: ast.Item) -> Decimal | _Bad:
    """`10M shares` (or a plain number of shares)."""
    expr = lw.one(sub, "a number of shares", "10M shares")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.NumberLit):
        return expr.value
    quantity = lw.quantity_of(expr, sub)
    if isinstance(quantity, _Bad):
        return quantity
    if quantity.unit != "shares" or quantity.amount < 0:
        return lw.bad_value(sub, "a number of shares", "10M shares")
    return quantity.amount


def _proceeds(lw: Lowerer, item: ast.Item) -> model.Proceeds | _Bad:
    """`proceeds dissolution USD 800K`: what a dissolution leaves for the instruments; a
    block lists the other claims on it (`debt USD 600K`, `preferred USD 400K rank 1`)."""
    args = item.args
    if len(args) != 2 or not isinstance(args[0], ast.Ref):
        return lw.bad_value(item, "an event and an amount", "dissolution USD 800K")
    amount = lw.money_of(args[1])
    if isinstance(amount, _Bad):
        return amount
    if amount.amount < 0:
        return lw.bad_value(item, "an amount of zero or more", "dissolution USD 800K")
    claims = [_proceeds_claim(lw, sub, amount.currency) for sub in item.block or ()]
    bad = next((c for c in claims if isinstance(c, _Bad)), None)
    if bad is not None:
        return bad
    return model.Proceeds(
        event=args[0].name,
        amount=amount,
        claims=claims,
        span=item.span,
        name_span=args[0].span,
    )


def _proceeds_claim(lw: Lowerer, sub: ast.Item, currency: str) -> model.ProceedsClaim | _Bad:
    """`debt USD 600K` (rank 0: ahead of every instrument) or `preferred USD 400K rank 1`."""
    args = sub.args
    rank: Any = 0
    if len(args) == 3 and isinstance(args[1], ast.Ref) and args[1].name == "rank":
        rank = args[2].value if isinstance(args[2], ast.NumberLit) else None
        if rank is None or rank != rank.to_integral_value() or not 0 <= rank <= 1000:
            rank = None
    elif len(args) != 1:
        rank = None
    if rank is None or sub.block is not None:
        return lw.bad_value(sub, "an amount and optionally `rank N`", "USD 400K rank 1")
    amount = lw.money_of(args[0])
    if isinstance(amount, _Bad):
        return amount
    if amount.amount < 0 or amount.currency != currency:
        return lw.bad_value(sub, f"an amount of zero or more in {currency}", f"{currency} 400K")
    return model.ProceedsClaim(name=sub.key, amount=amount, rank=int(rank), span=sub.span)


def _election(lw: Lowerer, item: ast.Item) -> model.HolderElection | _Bad:
    """`election kestrel_note convert 2027-11-20`: the holder elects at maturity."""
    args = item.args
    if (
        len(args) != 3
        or not isinstance(args[0], ast.Ref)
        or not isinstance(args[1], ast.Ref)
        or args[1].name not in ("convert", "repay")
        or not isinstance(args[2], ast.DateLit)
        or item.block is not None
    ):
        return lw.bad_value(
            item, "a note, `convert` or `repay`, and a date", "note convert 2027-11-20"
        )
    return model.HolderElection(
        clause=args[0].name,
        choice=args[1].name,
        on=args[2].value,
        span=item.span,
        name_span=args[0].span,
    )


def _waiver(lw: Lowerer, item: ast.Item) -> model.Waiver | _Bad:
    """`waived renewal_option 2030-05-01`: the holder gave up an option that day."""
    args = item.args
    if (
        len(args) != 2
        or not isinstance(args[0], ast.Ref)
        or not isinstance(args[1], ast.DateLit)
        or item.block is not None
    ):
        return lw.bad_value(item, "an option and the date it was waived", "option 2030-05-01")
    return model.Waiver(
        clause=args[0].name, on=args[1].value, span=item.span, name_span=args[0].span
    )


def _consent(lw: Lowerer, item: ast.Item) -> model.Consent | _Bad:
    """`consent series_seed 2026-09-15 larkspur, merlin`: holders consenting to an amendment."""
    args = item.args
    what, example = "a series, a date and the consenting holders", "series_seed 2026-09-15 a, b"
    if (
        len(args) < 3
        or not isinstance(args[0], ast.Ref)
        or not isinstance(args[1], ast.DateLit)
        or item.block is not None
    ):
        return lw.bad_value(item, what, example)
    holders: list[str] = []
    for arg in args[2:]:
        names = arg.items if isinstance(arg, ast.ListExpr) else (arg,)
        for name in names:
            if not isinstance(name, ast.Ref):
                return lw.bad_value(item, what, example)
            holders.append(name.name)
    return model.Consent(
        series=args[0].name,
        on=args[1].value,
        holders=tuple(holders),
        span=item.span,
        name_span=args[0].span,
    )


def _offer(lw: Lowerer, item: ast.Item) -> model.OfferMade | _Bad:
    """`offer compute_rofr { made 2026-05-01; price USD 10B; decline 2026-05-12 }`."""
    clause = _named_block(lw, item, "compute_rofr { made 2026-05-01; price USD 10B }")
    if isinstance(clause, _Bad):
        return clause
    schema = _schema(
        made=_req(attrs.evolve(Field(Lowerer.conv_date), example="2026-05-01")),
        price=_req(attrs.evolve(MONEY, example="USD 10B")),
        accept=Field(Lowerer.conv_date, example="2026-05-10"),
        decline=Field(Lowerer.conv_date, example="2026-05-10"),
    )
    lowered = lw.fields(item, "offer", schema, name=clause, name_span=item.args[0].span)
    if isinstance(lowered, _Bad):
        return lowered
    values, spans = lowered
    answers = [k for k in ("accept", "decline") if k in values]
    if len(answers) > 1:
        return lw.error(
            BAD_VALUE,
            "an offer is either accepted or declined, not both",
            spans.get("decline"),
            help="keep one of `accept DATE` and `decline DATE`; leave both out for no answer",
        )
    response = answers[0] if answers else None
    return model.OfferMade(
        clause=clause,
        made=values["made"],
        price=values["price"],
        response=response,
        responded=values.get(response) if response else None,
        span=item.span,
        name_span=item.args[0].span,
        spans=MappingProxyType(spans),
    )


def _third_party(lw: Lowerer, item: ast.Item) -> model.ThirdPartyDeal | _Bad:
    """`third_party compute_rofr 2026-06-01 USD 9.5B`."""
    args = item.args
    if (
        len(args) != 3
        or not isinstance(args[0], ast.Ref)
        or not isinstance(args[1], ast.DateLit)
        or item.block is not None
    ):
        return lw.bad_value(item, "a clause, a date and a price", "compute_rofr 2026-06-01 USD 9B")
    price = lw.money_of(args[2])
    if isinstance(price, _Bad):
        return price
    return model.ThirdPartyDeal(
        clause=args[0].name,
        on=args[1].value,
        price=price,
        span=item.span,
        name_span=args[0].span,
        spans=MappingProxyType(
            {k: a.span for k, a in (("on", args[1]), ("price", args[2])) if a.span is not None}
        ),
    )


# ---------------------------------------------------------------------------- scenario facts


def _instance(lw: Lowerer, item: ast.Item) -> model.Instance | _Bad:
    """`model_release gpt_n 2026-01-15 { ga 2026-04-20 }`: an occurrence of a recurring event."""
    ident, when = item.args
    if not isinstance(ident, ast.Ref) or len(ident.parts) != 1 or not isinstance(when, ast.DateLit):
        return lw.bad_value(item, "an identifier and a date", "gpt_5 2026-01-15")
    attributes: list[tuple[str, date]] = []
    spans: dict[str, Span] = {}
    for sub in item.block or ():
        on = lw.conv_date(sub)
        if isinstance(on, _Bad):
            continue
        if any(key == sub.key for key, _ in attributes):
            lw.error(
                BAD_VALUE,
                f"`{sub.key}` is given twice for `{ident.name}`",
                sub.key_span,
                help="give each attribute of an occurrence once",
            )
            continue
        attributes.append((sub.key, on))
        if sub.span is not None:
            spans[sub.key] = sub.span
    if when.span is not None:
        spans["on"] = when.span
    return model.Instance(
        event=item.key,
        id=ident.name,
        on=when.value,
        attributes=tuple(attributes),
        span=item.span,
        name_span=ident.span,
        spans=MappingProxyType({"event": item.key_span, **spans} if item.key_span else spans),
    )


def period_arg(expr: ast.Expr) -> Period | None:
    """A period written as an argument (`2027`, `2027-Q1`, `2027-H2`, `2027-03`)."""
    text = None
    if isinstance(expr, ast.NumberLit):
        text = str(expr.value)
    elif isinstance(expr, ast.Offset) and expr.sign == -1 and isinstance(expr.base, ast.NumberLit):
        if isinstance(expr.amount, ast.Ref):
            text = f"{expr.base.value}-{expr.amount.name}"
        elif isinstance(expr.amount, ast.NumberLit):
            text = f"{expr.base.value}-{int(expr.amount.value):02d}"
    if text is None:
        return None
    try:
        return parse_period(text)
    except ValueError:
        return None


def _reading(lw: Lowerer, item: ast.Item) -> model.Reading | _Bad:
    """`measure pue 2026 1.22`, `measure renewable_share 2026 76%`,
    `delivered azure_capacity 2027 900 MW`."""
    example = "pue 2026 1.22" if item.key == "measure" else "azure_capacity 2027 900 MW"
    args = item.args
    if len(args) != 3 or not isinstance(args[0], ast.Ref) or item.block is not None:
        return lw.bad_value(item, "a name, a period and a figure", example)
    period = period_arg(args[1])
    if period is None:
        return lw.error(
            BAD_VALUE,
            f"`{item.key}` expects a period here, found {_describe(args[1])}",
            args[1].span,
            help="periods are years (`2026`), half-years (`2026-H1`), quarters (`2026-Q1`) "
            "or months (`2026-03`)",
        )
    value: Decimal | Percent | Quantity | _Bad
    figure = args[2]
    if isinstance(figure, ast.NumberLit) and item.key == "measure":
        value = figure.value
    elif isinstance(figure, ast.PercentLit) and item.key == "measure":
        value = Percent(figure.value)
    elif isinstance(figure, ast.QuantityLit):
        value = lw.quantity_of(figure, item)
    else:
        what = "a number, a percentage or a quantity" if item.key == "measure" else "a quantity"
        value = lw.error(
            BAD_VALUE,
            f"`{item.key}` expects {what} here, found {_describe(figure)}",
            figure.span,
            help=f"write it like `{item.key} {example}`",
        )
    if isinstance(value, _Bad):
        return value
    return model.Reading(
        kind=item.key,
        subject=args[0].name,
        period=str(period),
        start=period.start,
        end=period.end,
        value=value,
        span=item.span,
        name_span=args[0].span,
        spans=MappingProxyType(
            {k: a.span for k, a in (("period", args[1]), ("value", figure)) if a.span is not None}
        ),
    )


def _funded(lw: Lowerer, item: ast.Item) -> model.FundedAmount | _Bad:
    """`funded softbank_round.second USD 8.5B`: the tranche was funded with that amount."""
    args = item.args
    if len(args) != 2 or not isinstance(args[0], ast.Ref) or item.block is not None:
        return lw.bad_value(item, "a tranche and an amount", "softbank_round.second USD 8.5B")
    amount = lw.money_of(args[1])
    if isinstance(amount, _Bad):
        return amount
    return model.FundedAmount(
        tranche=args[0].name,
        amount=amount,
        span=item.span,
        name_span=args[0].span,
        spans=field_spans(amount=args[1].span),
    )


def _act(lw: Lowerer, item: ast.Item) -> model.Act | _Bad:
    """`deal openai oracle compute_sourcing 2026-03-10 USD 10B`,
    `grant licensor other_co territory 2026-05-01`."""
    args = item.args
    example = f"{'openai oracle compute_sourcing' if item.key == 'deal' else 'lab rival_co models'}"
    example += " 2026-03-10" + (" USD 10B" if item.key == "deal" else "")
    if (
        len(args) not in (4, 5)
        or not all(isinstance(a, ast.Ref) for a in args[:3])
        or not isinstance(args[3], ast.DateLit)
        or (item.block is not None and item.key != "grant")
    ):
        return lw.bad_value(
            item, "a party, a counterparty, a scope, a date and an optional amount", example
        )
    scopes, scope_spans = grant_scopes(lw, item)  # `{ field ...; territory ... }`: grants.py
    amount = lw.money_of(args[4]) if len(args) == 5 else None
    if isinstance(amount, _Bad):
        return amount
    party, counterparty, scope, on = args[0], args[1], args[2], args[3]
    assert isinstance(party, ast.Ref) and isinstance(counterparty, ast.Ref)
    assert isinstance(scope, ast.Ref) and isinstance(on, ast.DateLit)
    names = ("party", "counterparty", "scope", "on", "amount")
    return model.Act(
        verb=item.key,
        party=party.name,
        counterparty=counterparty.name,
        scope=scope.name,
        on=on.value,
        amount=amount,
        fields=scopes.get("field", ()),
        territories=scopes.get("territory", ()),
        span=item.span,
        name_span=party.span,
        spans=MappingProxyType(
            {k: a.span for k, a in zip(names, args) if a.span is not None} | scope_spans
        ),
    )


def grant_scopes(lw: Lowerer, item: ast.Item) -> tuple[dict[str, tuple[str, ...]], dict[str, Span]]:
    """A grant's `{ field nerve_stimulation; territory uk ireland }`: what it covers, and the
    span of each name (`field.uk`)."""
    out: dict[str, tuple[str, ...]] = {}
    spans: dict[str, Span] = {}
    for sub in item.block or ():
        names = [a.name for a in sub.args if isinstance(a, ast.Ref) and len(a.parts) == 1]
        spans.update(
            {f"{sub.key}.{a.name}": a.span for a in sub.args if isinstance(a, ast.Ref) and a.span}
        )
        if sub.key not in ("field", "territory") or sub.key in out:
            lw.error(
                BAD_VALUE,
                f"`{sub.key}` is not a part of a grant"
                if sub.key not in out
                else f"`{sub.key}` is given twice",
                sub.key_span,
                help="a grant takes `field SCOPE, ...` and `territory SCOPE, ...`, once each",
            )
        elif not names or len(names) != len(sub.args) or sub.block is not None:
            lw.bad_value(sub, "one or more scopes", "nerve_stimulation")
        else:
            out[sub.key] = tuple(names)
    return out, spans


def _scenario_fact(lw: Lowerer, item: ast.Item) -> tuple[str, Any]:
    """The scenario list a fact line goes to, and the fact (or BAD)."""
    if item.key in ("measure", "delivered"):
        return "readings", _reading(lw, item)
    if item.key == "funded":
        return "fundings", _funded(lw, item)
    return "acts", _act(lw, item)
