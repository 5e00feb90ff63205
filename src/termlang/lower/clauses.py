"""The clause kinds that predate the registry (each a `register(ClauseKind(...))` entry), the
schemas of their named parts, and `lower_clause`, which lowers a clause of any registered kind."""

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
    Lowered,
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
from termlang.lower.registry import (
    KINDS,
    LIFECYCLE,
    TRANCHES,
    ClauseKind,
    Draft,
    Rendering,
    register,
    words,
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
    ref,
    sub_decl,
)
from termlang.mechanics.allocation import ROUNDING_WORDS
from termlang.mechanics.daycount import DAY_COUNT_WORDS
from termlang.mechanics.penalty import BASIS_WORDS

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
    holder=ref(_req(NAME), "party", role="holder"),
    binds=ref(_req(attrs.evolve(NAMES, example="party_name")), "party"),
    scope=ref(_req(attrs.evolve(NAMES, example="scope_name")), "scope"),
    respond_within=_req(attrs.evolve(DURATION, example="10 business_days")),
    silence=Field(word_field(("decline", "accept"), "decline"), example="decline"),
    deal=Field(word_field(("sale", "purchase"), "sale"), example="sale"),
    deal_within=attrs.evolve(DURATION, example="90 days"),
)

# -- the per-kind steps of lowering (ClauseKind.lower)


def _revenue_cap(lw: Lowerer, d: Draft) -> bool:
    """`cap USD 10B` or `cap 3x of investment`: one line, three attributes."""
    values = d.values
    if "_cap" in values:
        values["cap"], values["cap_multiple"], values["cap_of"] = values.pop("_cap")
    return True


def _obligation_modality(lw: Lowerer, d: Draft) -> bool:
    """An obligation says exactly one of what a party must, must not or may do."""
    name, name_span, values, spans = d.name, d.name_span, d.values, d.spans
    modal = [k for k in ("_must", "_must_not", "_may") if k in values]
    if len(modal) != 1:
        lw.error(
            MISSING_FIELD if not modal else BAD_VALUE,
            f"`obligation` `{name}` needs exactly one of `must`, `must_not` or `may`",
            name_span,
            help='say what the party must, must not or may do: `must "deliver the '
            'audited accounts"`',
        )
        return False
    values["modality"] = modal[0][1:]
    values["action"] = values.pop(modal[0])
    if modal[0][1:] in spans:
        spans["action"] = spans[modal[0][1:]]
    values["on_breach"] = tuple(values.get("on_breach", ()))
    values["on_exercise"] = tuple(values.get("on_exercise", ()))
    return True


def _penalty_rate(lw: Lowerer, d: Draft) -> bool:
    """`rate 0.1% of USD 5M per day` and `cap USD 500K`: one line each, several attributes."""
    values = d.values
    values["rate_amount"], values["rate_percent"], values["rate_of"], values["per"] = values.pop(
        "_rate"
    )
    if "_cap" in values:
        values["cap"], values["cap_percent"] = values.pop("_cap")
    return True


def _convertible_fractions(lw: Lowerer, d: Draft) -> bool:
    """`fractions round_down 2`: the rule and the places."""
    values = d.values
    if "_fractions" in values:
        values["fractions"], values["fraction_places"] = values.pop("_fractions")
    return True


def _one_measure(lw: Lowerer, d: Draft) -> bool:
    """A minimum commitment measures one thing and requires something of it."""
    name, name_span, values = d.name, d.name_span, d.values
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


# The kinds that predate the registry, in the order the language documents them; a new kind
# goes in its own module (CONTRIBUTING.md).
register(
    ClauseKind(
        keyword="priority_access",
        model=model.PriorityAccess,
        schema=_schema(
            **COMMON,
            grantee=ref(_req(NAME), "party", "entity", role="grantee"),
            asset=ref(_req(attrs.evolve(NAME, example="asset_name")), "asset"),
            lead_time=DURATION,
            next=Field(
                conv_tier, many=True, attr="tiers", example="azure_customers after 3 months"
            ),
            each=ref(attrs.evolve(NAME, example="model_release"), "event", role="recurring event"),
        ),
        words=words(
            en=("Priority access", "priority access clause", "priority access clauses"),
            fr=("Accès prioritaire", "accès prioritaire", "accès prioritaires", "m"),
        ),
        handler="priority_access",
        render=Rendering(holder="grantee", colour="#7a4fb5"),
        checks=("priority",),
    )
)
register(
    ClauseKind(
        keyword="split",
        model=model.Split,
        schema=_schema(
            **COMMON,
            asset=ref(_req(attrs.evolve(NAME, example="asset_name")), "asset"),
            share=Field(conv_share, many=True, attr="shares", example="openai 51%"),
            **{
                "from": Field(
                    conv_step("split"), many=True, attr="steps", example="agi_declared { ... }"
                )
            },
        ),
        words=words(
            en=("Ownership split", "split", "splits"),
            fr=("Répartition de la propriété", "répartition", "répartitions", "f"),
        ),
        handler="split",
        render=Rendering(parties=("shares.party",), colour="#b5523b"),
        checks=("splits",),
    )
)
register(
    ClauseKind(
        keyword="exclusivity",
        model=model.Exclusivity,
        schema=_schema(
            **COMMON,
            benefits=ref(_req(attrs.evolve(NAMES, example="party_name")), "party"),
            binds=ref(_req(attrs.evolve(NAMES, example="party_name")), "party"),
            scope=ref(_req(attrs.evolve(NAMES, example="scope_name")), "scope"),
            carve_out=Field(
                sub_decl("carve_out", model.CarveOut, CARVE_OUT, post=_split_carve_cap),
                many=True,
                attr="carve_outs",
                example="name { with anthropic }",
            ),
        ),
        words=words(
            en=("Exclusivity", "exclusivity", "exclusivities"),
            fr=("Exclusivité", "exclusivité", "exclusivités", "f"),
        ),
        handler="exclusivity",
        render=Rendering(
            holder="benefits",
            colour="#2f6db3",
            part={"en": "carve-out", "fr": "l'exception"},
            sentences={
                "en": (("{binds} must deal exclusively with {benefits} for {scope}{window}.",),),
                "fr": (
                    (
                        "{binds} {binds:s'engage|s'engagent} à traiter exclusivement avec "
                        "{benefits} pour {scope}{window}.",
                    ),
                ),
            },
        ),
        checks=("exclusivity", "collaboration"),
    )
)
register(
    ClauseKind(
        keyword="collaboration",
        model=model.Collaboration,
        schema=_schema(
            **COMMON,
            party=ref(_req(NAME), "party"),
            with_=ref(
                _req(attrs.evolve(NAME, attr="partner", example="entity_name")),
                "party",
                "entity",
                role="partner",
            ),
            scope=ref(_req(attrs.evolve(NAMES, example="scope_name")), "scope"),
        ),
        words=words(
            en=("Collaboration", "collaboration", "collaborations"),
            fr=("Collaboration", "collaboration", "collaborations", "f"),
        ),
        handler=LIFECYCLE,
        render=Rendering(
            holder="party",
            colour="#4f8f9c",
            sentences={
                "en": (("{party} works with {with} on {scope}{window}.",),),
                "fr": (("{party} collabore avec {with} pour {scope}{window}.",),),
            },
        ),
        checks=("collaboration",),
    )
)
register(
    ClauseKind(
        keyword="investment",
        model=model.Investment,
        schema=_schema(
            **COMMON,
            investor=ref(_req(NAME), "party", "entity", role="investor"),
            recipient=ref(_req(attrs.evolve(NAME, example="party_name")), "party"),
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
        words=words(
            en=("Investment", "investment", "investments"),
            fr=("Investissement", "investissement", "investissements", "m"),
        ),
        handler="investment",
        render=Rendering(
            holder="investor",
            colour="#444444",
            chart=TRANCHES,
            part={"en": "tranche", "fr": "la tranche"},
        ),
        checks=("money", "waterfall"),
    )
)
register(
    ClauseKind(
        keyword="compute",
        model=model.Compute,
        schema=_schema(
            **COMMON,
            provider=ref(_req(NAME), "party"),
            beneficiary=ref(_req(attrs.evolve(NAME, example="party_name")), "party"),
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
        words=words(
            en=("Compute allocation", "compute clause", "compute clauses"),
            fr=("Capacité de calcul", "capacité de calcul", "capacités de calcul", "f"),
        ),
        handler="compute",
        render=Rendering(holder="beneficiary", colour="#c47f17"),
        checks=("compute",),
    )
)
register(
    ClauseKind(
        keyword="revenue_share",
        model=model.RevenueShare,
        schema=_schema(
            **COMMON,
            payer=ref(_req(NAME), "party"),
            payee=ref(_req(attrs.evolve(NAME, example="party_name")), "party"),
            stream=ref(
                _req(attrs.evolve(NAMES, attr="streams", example="stream_name")),
                "stream",
                role="revenue stream",
            ),
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
        words=words(
            en=("Revenue share", "revenue share", "revenue shares"),
            fr=("Partage de revenus", "partage de revenus", "partages de revenus", "m"),
        ),
        handler="revenue_share",
        render=Rendering(holder="payee", colour="#2e8b57"),
        checks=("revenue", "streams", "payment"),
        lower=_revenue_cap,
    )
)
register(
    ClauseKind(
        keyword="obligation",
        model=model.Obligation,
        schema=_schema(
            **COMMON,
            party=ref(_req(attrs.evolve(NAMES, attr="parties", example="party_name")), "party"),
            must=Field(Lowerer.conv_string, attr="_must", example='"..."'),
            must_not=Field(Lowerer.conv_string, attr="_must_not", example='"..."'),
            may=Field(Lowerer.conv_string, attr="_may", example='"..."'),
            trigger=ref(CONDITION, "condition"),
            deadline=ref(DATE_EXPR, "date"),
            within=DURATION,
            fulfilled_by=ref(attrs.evolve(NAME, example="safety_review_passed"), "event"),
            breached_by=ref(attrs.evolve(NAME, example="unsafe_release"), "event"),
            on_breach=Field(conv_consequence, many=True, example="suspend priority_access"),
            on_exercise=Field(conv_exercise, many=True, example="renew licence_term 2 years"),
            each=ref(attrs.evolve(NAME, example="model_release"), "event", role="recurring event"),
        ),
        words=words(
            en=("Obligation", "obligation", "obligations"),
            fr=("Obligation", "obligation", "obligations", "f"),
        ),
        handler="obligation",
        render=Rendering(holder="parties", colour="#7d7d7d"),
        checks=("payment", "penalty", "survival"),
        lower=_obligation_modality,
    )
)
register(
    ClauseKind(
        keyword="termination",
        model=model.Termination,
        schema=_schema(
            **COMMON,
            ends=_req(attrs.evolve(NAMES, example="agreement")),
            when=ref(CONDITION, "condition"),
            on=ref(DATE_EXPR, "date"),
            term=attrs.evolve(DURATION, example="3 years"),
            renews=attrs.evolve(DURATION, example="1 year"),
            renewals=Field(conv_count, example="2"),
            notice=attrs.evolve(DURATION, example="90 days"),
            notice_by=ref(attrs.evolve(NAME, example="non_renewal_notice"), "event"),
            convenience=attrs.evolve(DURATION, example="180 days"),
            convenience_by=ref(attrs.evolve(NAME, example="convenience_notice"), "event"),
        ),
        words=words(
            en=("Termination", "termination", "terminations"),
            fr=("Résiliation", "résiliation", "résiliations", "f"),
        ),
        handler="termination",
        render=Rendering(colour="#444444", chart=None),
        checks=("term", "survival"),
    )
)
register(
    ClauseKind(
        keyword="first_refusal",
        model=model.FirstRefusal,
        schema=FIRST_REFUSAL,
        words=words(
            en=("Right of first refusal", "first refusal", "first refusals"),
            fr=("Droit de préemption", "droit de premier refus", "droits de premier refus", "m"),
        ),
        handler="first_refusal",
        checks=("refusal",),
    )
)
register(
    ClauseKind(
        keyword="first_offer",
        model=model.FirstOffer,
        schema=FIRST_REFUSAL,
        words=words(
            en=("Right of first offer", "first offer", "first offers"),
            fr=(
                "Droit de première offre",
                "droit de première offre",
                "droits de première offre",
                "m",
            ),
        ),
        handler="first_refusal",
        checks=("refusal",),
    )
)
register(
    ClauseKind(
        keyword="waterfall",
        model=model.Waterfall,
        schema=_schema(
            **COMMON,
            payer=ref(_req(NAME), "party"),
            distributes=ref(
                _req(attrs.evolve(NAME, example="stream_name")), "stream", role="stream"
            ),
            remainder=ref(attrs.evolve(NAME, example="party_name"), "party"),
            tier=Field(
                sub_decl("tier", model.WaterfallTier, WATERFALL_TIER, _until),
                many=True,
                attr="tiers",
                example="recoup { to microsoft; share 75%; until recouped msft_investment }",
            ),
        ),
        words=words(
            en=("Distribution waterfall", "waterfall", "waterfalls"),
            fr=(
                "Cascade de distribution",
                "cascade de distribution",
                "cascades de distribution",
                "f",
            ),
        ),
        handler="waterfall",
        checks=("waterfall",),
        render=Rendering(part={"en": "tier", "fr": "le palier"}),
    )
)
register(
    ClauseKind(
        keyword="penalty",
        model=model.Penalty,
        schema=_schema(
            **COMMON,
            on=_req(attrs.evolve(NAME, example="obligation_name")),
            payer=ref(attrs.evolve(NAME, example="party_name"), "party"),
            payee=ref(attrs.evolve(NAME, example="party_name"), "party"),
            rate=_req(Field(conv_penalty_rate, attr="_rate", example="0.1% of USD 5M per day")),
            basis=Field(word_field(BASIS_WORDS, "pro_rata"), example="pro_rata"),
            cap=Field(conv_penalty_cap, attr="_cap", example="USD 500K"),
            terminate_after=Field(conv_threshold, example="60 days"),
            force_majeure=Field(
                Lowerer.conv_window, many=True, example="storm_begins .. storm_ends"
            ),
        ),
        words=words(
            en=("Penalty", "penalty", "penalties"), fr=("Pénalité", "pénalité", "pénalités", "f")
        ),
        handler="penalty",
        checks=("penalty",),
        lower=_penalty_rate,
    )
)
register(
    ClauseKind(
        keyword="loan",
        model=model.Loan,
        schema=_schema(
            **COMMON,
            lender=ref(_req(NAME), "party"),
            borrower=ref(_req(attrs.evolve(NAME, example="party_name")), "party"),
            principal=_req(MONEY),
            rate=_req(PERCENT),
            interest=INTEREST,
            day_count=DAY_COUNT,
            drawn=ref(DATE_EXPR, "date"),
            maturity=ref(DATE_EXPR, "date"),
        ),
        words=words(en=("Loan", "loan", "loans"), fr=("Prêt", "prêt", "prêts", "m")),
        handler="loan",
        checks=("convertible", "waterfall"),
    )
)
register(
    ClauseKind(
        keyword="convertible",
        model=model.Convertible,
        schema=_schema(
            **COMMON,
            instrument=_req(Field(word_field(("safe", "note"), "safe"), example="safe")),
            holder=ref(_req(NAME), "party", role="holder"),
            issuer=ref(_req(attrs.evolve(NAME, example="party_name")), "party"),
            amount=_req(MONEY),
            issued=ref(DATE_EXPR, "date"),
            discount=PERCENT,
            valuation_cap=MONEY,
            rate=PERCENT,
            interest=INTEREST,
            day_count=DAY_COUNT,
            maturity=ref(DATE_EXPR, "date"),
            qualified_financing=ref(attrs.evolve(NAME, example="series_a_closed"), "event"),
            change_of_control=ref(attrs.evolve(NAME, example="acquisition"), "event"),
            on_change_of_control=Field(conv_on_change_of_control, example="2x"),
            **INSTRUMENT_FIELDS,
        ),
        words=words(
            en=("Convertible (SAFE or note)", "convertible", "convertibles"),
            fr=(
                "Titre convertible (SAFE ou obligation)",
                "titre convertible",
                "titres convertibles",
                "m",
            ),
        ),
        handler="convertible",
        checks=("convertible", "instruments"),
        lower=_convertible_fractions,
    )
)
register(
    ClauseKind(
        keyword="minimum_commitment",
        model=model.MinimumCommitment,
        schema=_schema(
            **COMMON,
            party=ref(_req(NAME), "party"),
            stream=ref(attrs.evolve(NAME, example="stream_name"), "stream", role="stream"),
            payments=attrs.evolve(NAME, example="revenue_share_name"),
            floor=Field(conv_amount_or_quantity, example="EUR 250K"),
            share=Field(conv_forecast_share, example="80% of forecast"),
            period=Field(conv_period, example="year"),
        ),
        words=words(
            en=("Minimum commitment", "minimum commitment", "minimum commitments"),
            fr=("Engagement minimum", "engagement minimum", "engagements minimums", "m"),
        ),
        handler="minimum_commitment",
        checks=("commitment",),
        lower=_one_measure,
    )
)
register(
    ClauseKind(
        keyword="allocation",
        model=model.Allocation,
        schema=_schema(
            **COMMON,
            amount=_req(MONEY),
            weight=Field(conv_weight, many=True, attr="weights", example="northwind USD 1.5M"),
            rounding=Field(
                word_field(ROUNDING_WORDS, "largest_remainder"), example="largest_remainder"
            ),
        ),
        words=words(
            en=("Allocation", "allocation", "allocations"),
            fr=("Répartition", "répartition", "répartitions", "f"),
        ),
        handler="allocation",
        checks=("allocation",),
    )
)
register(
    ClauseKind(
        keyword="payment",
        model=model.PaymentObligation,
        schema=_schema(
            **COMMON,
            payer=ref(_req(NAME), "party"),
            payee=ref(_req(attrs.evolve(NAME, example="party_name")), "party"),
            amount=Field(conv_payment_amount, attr="_amount", example="GBP 250K"),
            price=MONEY,
            quantity=Field(conv_payment_quantity, example="5_000 seats"),
            period=Field(conv_period, example="quarter"),
            due=Field(conv_payment_due, attr="_due", example="30 days after licence_signed"),
            cap=Field(conv_payment_cap, attr="_cap", example="GBP 500K per quarter"),
        ),
        words=words(
            en=("Payment", "payment", "payments"), fr=("Paiement", "paiement", "paiements", "m")
        ),
        handler="payment",
        render=Rendering(holder="payee"),
        checks=("payment", "licence"),
        lower=payment_values,
    )
)
register(
    ClauseKind(
        keyword="licence",
        model=model.Licence,
        schema=_schema(
            **COMMON,
            licensor=ref(_req(NAME), "party"),
            licensee=ref(_req(attrs.evolve(NAME, example="party_name")), "party"),
            subject=ref(_req(attrs.evolve(NAMES, example="asset_name")), "asset"),
            field=ref(attrs.evolve(NAMES, attr="field_of_use", example="scope_name"), "scope"),
            territory=ref(attrs.evolve(NAMES, example="scope_name"), "scope"),
            exclusive=Field(conv_exclusive, example="yes"),
            fee=attrs.evolve(NAME, example="payment_name"),
        ),
        words=words(
            en=("Licence", "licence", "licences"), fr=("Licence", "licence", "licences", "f")
        ),
        handler=LIFECYCLE,
        render=Rendering(holder="licensee"),
        checks=("licence",),
    )
)
register(
    ClauseKind(
        keyword="round",
        model=model.Round,
        schema=_schema(
            **COMMON,
            issuer=ref(_req(attrs.evolve(NAME, example="corvid")), "party"),
            investments=_req(attrs.evolve(NAMES, example="kestrel_seed, wren_seed")),
            maximum=attrs.evolve(MONEY, example="USD 3M"),
            target=attrs.evolve(MONEY, example="USD 2M"),
            closes=ref(attrs.evolve(DATE_EXPR, example="2026-09-30"), "date"),
        ),
        words=words(
            en=("Financing round", "round", "rounds"),
            fr=("Tour de financement", "tour de financement", "tours de financement", "m"),
        ),
        handler="round",
        checks=("scenario_facts",),
    )
)


def lower_clause(lw: Lowerer, item: ast.Item) -> Lowered:
    """A clause of any registered kind: its head, its fields, then the kind's own step."""
    kind = KINDS[item.key]
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
    lowered = lw.fields(item, item.key, kind.schema, extra, name=name, name_span=name_span)
    if isinstance(lowered, _Bad):
        return _broken(item, name, name_span)
    values, spans = lowered
    if label is not None:
        values["label"] = label
    draft = Draft(item=item, name=name, name_span=name_span, values=values, spans=spans)
    if kind.lower is not None and not kind.lower(lw, draft):
        return _broken(item, name, name_span)
    clause: Lowered = _construct(lw, kind.model, item, name, name_span, values, spans)
    return clause
