"""The clause kinds: their schemas (`CLAUSES`), and `lower_clause` with its per-kind steps."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import attrs

from termlang import ast, model
from termlang.codes import (
    BAD_VALUE,
    MISSING_FIELD,
)
from termlang.lower.base import (
    _Bad,
)
from termlang.lower.fields import (
    INSTRUMENT_FIELDS,
    _split_carve_cap,
    conv_allow,
    conv_amount_or_quantity,
    conv_carve_cap,
    conv_consequence,
    conv_count,
    conv_exclusive,
    conv_exercise,
    conv_forecast_share,
    conv_instrument,
    conv_interest,
    conv_on_change_of_control,
    conv_payment_amount,
    conv_payment_cap,
    conv_payment_due,
    conv_payment_quantity,
    conv_penalty_cap,
    conv_penalty_rate,
    conv_period,
    conv_revenue_cap,
    conv_share,
    conv_step,
    conv_survives,
    conv_target,
    conv_threshold,
    conv_tier,
    conv_until,
    conv_weight,
    payment_values,
    word_field,
)
from termlang.lower.lowerer import (
    Lowerer,
)
from termlang.lower.schema import (
    CONDITION,
    DATE_EXPR,
    DURATION,
    MONEY,
    MULTIPLE,
    NAME,
    NAMES,
    NOTE,
    PERCENT,
    QUANTITY,
    WINDOW,
    Field,
    _as,
    _broken,
    _construct,
    _req,
    _schema,
    sub_decl,
)
from termlang.mechanics.allocation import ROUNDING_WORDS
from termlang.mechanics.daycount import DAY_COUNT_WORDS
from termlang.mechanics.penalty import BASIS_WORDS
from termlang.source import Span

CARVE_OUT = _schema(
    with_=Field(Lowerer.conv_name, attr="entity", example="anthropic"),
    scope=_as(NAMES, "scope"),
    cap=Field(conv_carve_cap, attr="cap", example="20% of compute"),
    when=CONDITION,
    window=WINDOW,
    note=NOTE,
)
# `with` is a Python keyword, so the schema is built with `with_` and renamed here.
CARVE_OUT = MappingProxyType({("with" if k == "with_" else k): v for k, v in CARVE_OUT.items()})

TRANCHE = _schema(
    amount=_req(MONEY),
    on=DATE_EXPR,
    when=CONDITION,
    deadline=DATE_EXPR,
    note=NOTE,
)


def _until(values: dict[str, Any]) -> None:
    if "_until" in values:
        values["until_amount"], values["until_multiple"], values["until_of"] = values.pop("_until")


WATERFALL_TIER = _schema(
    to=_req(attrs.evolve(NAME, example="party_name")),
    share=_req(PERCENT),
    until=Field(conv_until, attr="_until", example="recouped msft_investment"),
    note=NOTE,
)

COMMON = dict(
    note=NOTE,
    window=WINDOW,
    starts_when=CONDITION,
    ends_when=CONDITION,
    allow=Field(conv_allow, many=True, attr="allows", example='TL420 "reason"'),
    survives=Field(conv_survives, example="2 years"),
    binding_from=attrs.evolve(DATE_EXPR, example="definitive_agreement_signed"),
    recital=Field(Lowerer.conv_bool, example="yes"),
)

DAY_COUNT = Field(word_field(DAY_COUNT_WORDS, "actual_365"), example="actual_365")
INTEREST = Field(conv_interest, attr="compounding", example="compound quarter")

FIRST_REFUSAL = _schema(
    **COMMON,
    holder=_req(NAME),
    binds=_req(attrs.evolve(NAMES, example="party_name")),
    scope=_req(attrs.evolve(NAMES, example="scope_name")),
    respond_within=_req(attrs.evolve(DURATION, example="10 business_days")),
    silence=Field(word_field(("decline", "accept"), "decline"), example="decline"),
    deal=Field(word_field(("sale", "purchase"), "sale"), example="sale"),
    deal_within=attrs.evolve(DURATION, example="90 days"),
)

CLAUSES: dict[str, tuple[type, MappingProxyType[str, Field]]] = {
    "priority_access": (
        model.PriorityAccess,
        _schema(
            **COMMON,
            grantee=_req(NAME),
            asset=_req(attrs.evolve(NAME, example="asset_name")),
            lead_time=DURATION,
            next=Field(
                conv_tier, many=True, attr="tiers", example="azure_customers after 3 months"
            ),
            each=attrs.evolve(NAME, example="model_release"),
        ),
    ),
    "split": (
        model.Split,
        _schema(
            **COMMON,
            asset=_req(attrs.evolve(NAME, example="asset_name")),
            share=Field(conv_share, many=True, attr="shares", example="openai 51%"),
            **{
                "from": Field(
                    conv_step("split"), many=True, attr="steps", example="agi_declared { ... }"
                )
            },
        ),
    ),
    "exclusivity": (
        model.Exclusivity,
        _schema(
            **COMMON,
            benefits=_req(attrs.evolve(NAMES, example="party_name")),
            binds=_req(attrs.evolve(NAMES, example="party_name")),
            scope=_req(attrs.evolve(NAMES, example="scope_name")),
            carve_out=Field(
                sub_decl("carve_out", model.CarveOut, CARVE_OUT, post=_split_carve_cap),
                many=True,
                attr="carve_outs",
                example="name { with anthropic }",
            ),
        ),
    ),
    "collaboration": (
        model.Collaboration,
        _schema(
            **COMMON,
            party=_req(NAME),
            with_=_req(attrs.evolve(NAME, attr="partner", example="entity_name")),
            scope=_req(attrs.evolve(NAMES, example="scope_name")),
        ),
    ),
    "investment": (
        model.Investment,
        _schema(
            **COMMON,
            investor=_req(NAME),
            recipient=_req(attrs.evolve(NAME, example="party_name")),
            commitment=MONEY,
            instrument=Field(conv_instrument, example="equity"),
            return_cap=MULTIPLE,
            tranche=Field(
                sub_decl("tranche", model.Tranche, TRANCHE),
                many=True,
                attr="tranches",
                example="first { amount USD 1B  on 2025-10-01 }",
            ),
        ),
    ),
    "compute": (
        model.Compute,
        _schema(
            **COMMON,
            provider=_req(NAME),
            beneficiary=_req(attrs.evolve(NAME, example="party_name")),
            capacity=QUANTITY,
            target=Field(conv_target, many=True, attr="targets", example="pue <= 1.2"),
            **{
                "from": Field(
                    conv_step("compute"),
                    many=True,
                    attr="steps",
                    example="2027-01-01 { capacity 2 GW }",
                )
            },
        ),
    ),
    "revenue_share": (
        model.RevenueShare,
        _schema(
            **COMMON,
            payer=_req(NAME),
            payee=_req(attrs.evolve(NAME, example="party_name")),
            stream=_req(attrs.evolve(NAMES, attr="streams", example="stream_name")),
            rate=_req(PERCENT),
            period=Field(conv_period, example="quarter"),
            cap=Field(conv_revenue_cap, attr="_cap", example="USD 10B"),
            due=attrs.evolve(DURATION, example="30 days"),
            **{
                "from": Field(
                    conv_step("revenue_share"),
                    many=True,
                    attr="steps",
                    example="2030-01-01 { rate 10% }",
                )
            },
        ),
    ),
    "obligation": (
        model.Obligation,
        _schema(
            **COMMON,
            party=_req(attrs.evolve(NAMES, attr="parties", example="party_name")),
            must=Field(Lowerer.conv_string, attr="_must", example='"..."'),
            must_not=Field(Lowerer.conv_string, attr="_must_not", example='"..."'),
            may=Field(Lowerer.conv_string, attr="_may", example='"..."'),
            trigger=CONDITION,
            deadline=DATE_EXPR,
            within=DURATION,
            fulfilled_by=attrs.evolve(NAME, example="safety_review_passed"),
            breached_by=attrs.evolve(NAME, example="unsafe_release"),
            on_breach=Field(conv_consequence, many=True, example="suspend priority_access"),
            on_exercise=Field(conv_exercise, many=True, example="renew licence_term 2 years"),
            each=attrs.evolve(NAME, example="model_release"),
        ),
    ),
    "termination": (
        model.Termination,
        _schema(
            **COMMON,
            ends=_req(attrs.evolve(NAMES, example="agreement")),
            when=CONDITION,
            on=DATE_EXPR,
            term=attrs.evolve(DURATION, example="3 years"),
            renews=attrs.evolve(DURATION, example="1 year"),
            renewals=Field(conv_count, example="2"),
            notice=attrs.evolve(DURATION, example="90 days"),
            notice_by=attrs.evolve(NAME, example="non_renewal_notice"),
            convenience=attrs.evolve(DURATION, example="180 days"),
            convenience_by=attrs.evolve(NAME, example="convenience_notice"),
        ),
    ),
    "first_refusal": (model.FirstRefusal, FIRST_REFUSAL),
    "first_offer": (model.FirstOffer, FIRST_REFUSAL),
    "waterfall": (
        model.Waterfall,
        _schema(
            **COMMON,
            payer=_req(NAME),
            distributes=_req(attrs.evolve(NAME, example="stream_name")),
            remainder=attrs.evolve(NAME, example="party_name"),
            tier=Field(
                sub_decl("tier", model.WaterfallTier, WATERFALL_TIER, _until),
                many=True,
                attr="tiers",
                example="recoup { to microsoft; share 75%; until recouped msft_investment }",
            ),
        ),
    ),
    "penalty": (
        model.Penalty,
        _schema(
            **COMMON,
            on=_req(attrs.evolve(NAME, example="obligation_name")),
            payer=attrs.evolve(NAME, example="party_name"),
            payee=attrs.evolve(NAME, example="party_name"),
            rate=_req(Field(conv_penalty_rate, attr="_rate", example="0.1% of USD 5M per day")),
            basis=Field(word_field(BASIS_WORDS, "pro_rata"), example="pro_rata"),
            cap=Field(conv_penalty_cap, attr="_cap", example="USD 500K"),
            terminate_after=Field(conv_threshold, example="60 days"),
            force_majeure=Field(
                Lowerer.conv_window, many=True, example="storm_begins .. storm_ends"
            ),
        ),
    ),
    "loan": (
        model.Loan,
        _schema(
            **COMMON,
            lender=_req(NAME),
            borrower=_req(attrs.evolve(NAME, example="party_name")),
            principal=_req(MONEY),
            rate=_req(PERCENT),
            interest=INTEREST,
            day_count=DAY_COUNT,
            drawn=DATE_EXPR,
            maturity=DATE_EXPR,
        ),
    ),
    "convertible": (
        model.Convertible,
        _schema(
            **COMMON,
            instrument=_req(Field(word_field(("safe", "note"), "safe"), example="safe")),
            holder=_req(NAME),
            issuer=_req(attrs.evolve(NAME, example="party_name")),
            amount=_req(MONEY),
            issued=DATE_EXPR,
            discount=PERCENT,
            valuation_cap=MONEY,
            rate=PERCENT,
            interest=INTEREST,
            day_count=DAY_COUNT,
            maturity=DATE_EXPR,
            qualified_financing=attrs.evolve(NAME, example="series_a_closed"),
            change_of_control=attrs.evolve(NAME, example="acquisition"),
            on_change_of_control=Field(conv_on_change_of_control, example="2x"),
            **INSTRUMENT_FIELDS,
        ),
    ),
    "minimum_commitment": (
        model.MinimumCommitment,
        _schema(
            **COMMON,
            party=_req(NAME),
            stream=attrs.evolve(NAME, example="stream_name"),
            payments=attrs.evolve(NAME, example="revenue_share_name"),
            floor=Field(conv_amount_or_quantity, example="EUR 250K"),
            share=Field(conv_forecast_share, example="80% of forecast"),
            period=Field(conv_period, example="year"),
        ),
    ),
    "allocation": (
        model.Allocation,
        _schema(
            **COMMON,
            amount=_req(MONEY),
            weight=Field(conv_weight, many=True, attr="weights", example="northwind USD 1.5M"),
            rounding=Field(
                word_field(ROUNDING_WORDS, "largest_remainder"), example="largest_remainder"
            ),
        ),
    ),
    "payment": (
        model.PaymentObligation,
        _schema(
            **COMMON,
            payer=_req(NAME),
            payee=_req(attrs.evolve(NAME, example="party_name")),
            amount=Field(conv_payment_amount, attr="_amount", example="GBP 250K"),
            price=MONEY,
            quantity=Field(conv_payment_quantity, example="5_000 seats"),
            period=Field(conv_period, example="quarter"),
            due=Field(conv_payment_due, attr="_due", example="30 days after licence_signed"),
            cap=Field(conv_payment_cap, attr="_cap", example="GBP 500K per quarter"),
        ),
    ),
    "licence": (
        model.Licence,
        _schema(
            **COMMON,
            licensor=_req(NAME),
            licensee=_req(attrs.evolve(NAME, example="party_name")),
            subject=_req(attrs.evolve(NAMES, example="asset_name")),
            field=attrs.evolve(NAMES, attr="field_of_use", example="scope_name"),
            territory=attrs.evolve(NAMES, example="scope_name"),
            exclusive=Field(conv_exclusive, example="yes"),
            fee=attrs.evolve(NAME, example="payment_name"),
        ),
    ),
    "assignment": (
        model.Assignment,
        _schema(
            **COMMON,
            assigns=_req(attrs.evolve(NAME, example="clause_name")),
            assignor=_req(attrs.evolve(NAME, attr="assignor", example="party_name")),
            assignee=_req(attrs.evolve(NAME, example="party_name")),
            on=_req(DATE_EXPR),
        ),
    ),
    "round": (
        model.Round,
        _schema(
            **COMMON,
            issuer=_req(attrs.evolve(NAME, example="corvid")),
            investments=_req(attrs.evolve(NAMES, example="kestrel_seed, wren_seed")),
            maximum=attrs.evolve(MONEY, example="USD 3M"),
            target=attrs.evolve(MONEY, example="USD 2M"),
            closes=attrs.evolve(DATE_EXPR, example="2026-09-30"),
        ),
    ),
}
CLAUSES = {
    kind: (cls, MappingProxyType({("with" if k == "with_" else k): v for k, v in schema.items()}))
    for kind, (cls, schema) in CLAUSES.items()
}


def lower_clause(lw: Lowerer, item: ast.Item) -> Any:
    cls, schema = CLAUSES[item.key]
    head = lw.head(item)
    if isinstance(head, _Bad):
        return head
    name, label, name_span, extra = head
    if item.block is None:
        lw.error(
            MISSING_FIELD,
            f"`{item.key}` `{name}` has no block",
            name_span,
            help=f"write its fields between braces: `{item.key} {name} {{ ... }}`",
        )
        return _broken(item, name, name_span)
    lowered = lw.fields(item, item.key, schema, extra, name=name, name_span=name_span)
    if isinstance(lowered, _Bad):
        return _broken(item, name, name_span)
    values, spans = lowered
    if label is not None:
        values["label"] = label
    if cls is model.RevenueShare and "_cap" in values:
        values["cap"], values["cap_multiple"], values["cap_of"] = values.pop("_cap")
    if cls is model.Obligation:
        modal = [k for k in ("_must", "_must_not", "_may") if k in values]
        if len(modal) != 1:
            lw.error(
                MISSING_FIELD if not modal else BAD_VALUE,
                f"`obligation` `{name}` needs exactly one of `must`, `must_not` or `may`",
                name_span,
                help='say what the party must, must not or may do: `must "deliver the '
                'audited accounts"`',
            )
            return _broken(item, name, name_span)
        values["modality"] = modal[0][1:]
        values["action"] = values.pop(modal[0])
        if modal[0][1:] in spans:
            spans["action"] = spans[modal[0][1:]]
    if cls is model.Obligation:
        values["on_breach"] = tuple(values.get("on_breach", ()))
        values["on_exercise"] = tuple(values.get("on_exercise", ()))
    if cls is model.Penalty:
        values["rate_amount"], values["rate_percent"], values["rate_of"], values["per"] = (
            values.pop("_rate")
        )
        if "_cap" in values:
            values["cap"], values["cap_percent"] = values.pop("_cap")
    if cls is model.PaymentObligation and not payment_values(
        lw, item, name, name_span, values, spans
    ):
        return _broken(item, name, name_span)
    if cls is model.Convertible and "_fractions" in values:
        values["fractions"], values["fraction_places"] = values.pop("_fractions")
    if cls is model.MinimumCommitment and not _one_measure(lw, item, name, name_span, values):
        return _broken(item, name, name_span)
    return _construct(lw, cls, item, name, name_span, values, spans)


def _one_measure(
    lw: Lowerer, item: ast.Item, name: str | None, name_span: Span | None, values: dict[str, Any]
) -> bool:
    """A minimum commitment measures one thing and requires something of it."""
    ok = True
    if ("stream" in values) == ("payments" in values):
        lw.error(
            MISSING_FIELD if "stream" not in values else BAD_VALUE,
            f"`minimum_commitment` `{name}` needs exactly one of `stream` or `payments`",
            name_span,
            help="say what is measured: a stream's figures (`stream cathode_sales`) or what a "
            "revenue share pays (`payments running_royalty`)",
        )
        ok = False
    if "floor" not in values and "share" not in values:
        lw.error(
            MISSING_FIELD,
            f"`minimum_commitment` `{name}` has no `floor` and no `share`",
            name_span,
            help="add a floor per period (`floor EUR 250K`) or a share of the forecast "
            "(`share 80% of forecast`)",
        )
        ok = False
    return ok
