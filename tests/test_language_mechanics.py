"""The language of the financing mechanics: lowering, names, and the worked figures of the
examples computed from the model with `termlang.mechanics` (what the interpreter will do)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import EXAMPLES
from termlang import model
from termlang.dates import evaluate, scenario_env
from termlang.evaluate.lifecycle import period_due_date
from termlang.mechanics import allocation, interest, penalty, refusal, waterfall
from termlang.mechanics.daycount import DayCount
from termlang.mechanics.exact import frac, to_money
from termlang.pipeline import analyze_text
from termlang.values import Duration, DurationUnit, Money, Percent


def _model(name: str) -> model.Model:
    path = EXAMPLES / name
    analysis = analyze_text(path.read_text(encoding="utf-8"), str(path), run_checks=False)
    assert not analysis.has_errors, analysis.diagnostics
    assert analysis.model is not None
    return analysis.model


def gbp(amount: str) -> Money:
    return Money("GBP", Decimal(amount))


def usd(amount: str) -> Money:
    return Money("USD", Decimal(amount))


# ------------------------------------------------------------------------- the licence


@pytest.fixture(scope="module")
def licence() -> model.Model:
    return _model("licence-late-payment.term")


def test_licence_lowers_every_mechanic(licence: model.Model) -> None:
    late = licence.clauses["late_royalty"]
    assert isinstance(late, model.Penalty)
    assert (late.rate_percent, late.rate_of, late.per) == (
        Percent(Decimal("0.05")),
        None,
        Duration(1, DurationUnit.DAY),
    )
    assert late.cap_percent == Percent(10)
    assert late.terminate_after == Duration(60, DurationUnit.DAY)
    assert len(late.force_majeure) == 1
    delivery = licence.clauses["late_delivery"]
    assert isinstance(delivery, model.Penalty)
    assert (delivery.rate_percent, delivery.rate_of, delivery.cap) == (
        Percent(Decimal("0.1")),
        gbp("5000000"),
        gbp("150000"),
    )
    royalty = licence.clauses["royalty"]
    assert isinstance(royalty, model.RevenueShare)
    assert royalty.due == Duration(30, DurationUnit.DAY)
    minimum = licence.clauses["minimum_royalty"]
    assert isinstance(minimum, model.MinimumCommitment)
    assert (minimum.payments, minimum.floor, minimum.period) == (
        "royalty",
        gbp("400000"),
        DurationUnit.YEAR,
    )
    assert licence.clauses["confidentiality"].survives == Duration(3, DurationUnit.YEAR)
    audit = licence.clauses["audit_notice"]
    assert audit.calendar("within") == "uk_bank_holidays"
    assert date(2026, 12, 28) in licence.holidays("uk_bank_holidays")


def test_licence_late_royalty_figures(licence: model.Model) -> None:
    """docs/mechanics.md, "A late royalty under force majeure"."""
    scenario = licence.scenarios["late_in_2026"]
    env = scenario_env(licence, scenario)
    late = licence.clauses["late_royalty"]
    royalty = licence.clauses["royalty"]
    assert isinstance(late, model.Penalty) and isinstance(royalty, model.RevenueShare)
    assert late.rate_percent is not None and late.cap_percent is not None
    assert royalty.due is not None
    fm = [(evaluate(w.start, env), evaluate(w.end, env)) for w in late.force_majeure]
    assert fm == [(date(2026, 11, 2), date(2026, 11, 12))]
    revenue = {f.period: f.amount for f in scenario.figures}
    results = {}
    for payment in scenario.payments:
        owed = revenue[payment.period] * royalty.rate
        terms = penalty.PenaltyTerms(
            rate=owed * late.rate_percent,
            per=late.per,
            cap=owed * late.cap_percent,
            terminate_after=late.terminate_after,
        )
        due = period_due_date(payment.end, royalty.due)  # 30 days after the last day
        assert payment.on is not None
        results[payment.period] = (due, penalty.accrue(terms, due, payment.on, fm))  # type: ignore[arg-type]
    due, q3 = results["2026-Q3"]
    assert due == date(2026, 10, 30)
    assert (q3.delay_days, q3.suspended_days, q3.effective_days) == (45, 10, 35)
    assert q3.accrued == gbp("2100.00")
    assert q3.terminate_right_on is None
    assert results["2026-Q2"][1].accrued == gbp("0.00")
    assert results["2026-Q4"][1].accrued == gbp("0.00")


def test_licence_late_delivery_figures(licence: model.Model) -> None:
    scenario = licence.scenarios["late_in_2026"]
    env = scenario_env(licence, scenario)
    obligation = licence.clauses["dataset_update"]
    delivery = licence.clauses["late_delivery"]
    assert isinstance(obligation, model.Obligation) and isinstance(delivery, model.Penalty)
    assert delivery.rate_of is not None and delivery.rate_percent is not None
    due = evaluate(obligation.deadline, env)
    done = env.events[obligation.fulfilled_by or ""]
    assert (due, done) == (date(2026, 6, 30), date(2026, 8, 14))
    terms = penalty.PenaltyTerms(
        rate=delivery.rate_of * delivery.rate_percent,
        per=delivery.per,
        cap=delivery.cap,
        terminate_after=delivery.terminate_after,
    )
    result = penalty.accrue(terms, due, done)  # type: ignore[arg-type]
    assert result.delay_days == 45
    assert result.exact_accrued == 225_000
    assert result.accrued == gbp("150000.00")
    assert result.cap_reached_on == date(2026, 7, 30)
    assert result.terminate_right_on == date(2026, 7, 31)


def test_licence_minimum_royalty_shortfall(licence: model.Model) -> None:
    from termlang.mechanics.commitment import shortfalls

    scenario = licence.scenarios["late_in_2026"]
    royalty = licence.clauses["royalty"]
    minimum = licence.clauses["minimum_royalty"]
    assert isinstance(royalty, model.RevenueShare)
    assert isinstance(minimum, model.MinimumCommitment)
    paid = {f.period: (f.amount * royalty.rate).rounded() for f in scenario.figures}
    rows = shortfalls(["2027"], paid, floor=minimum.floor)  # type: ignore[arg-type]
    assert (rows[0].actual, rows[0].shortfall) == (gbp("360000.00"), gbp("40000.00"))


# ------------------------------------------------------------------------- the seed financing


@pytest.fixture(scope="module")
def seed() -> model.Model:
    return _model("seed-note-financing.term")


def test_seed_bridge_loan_interest(seed: model.Model) -> None:
    loan = seed.clauses["bridge"]
    assert isinstance(loan, model.Loan)
    env = scenario_env(seed, seed.scenarios["series_a_in_2026"])
    start, end = evaluate(loan.drawn, env), evaluate(loan.maturity, env)
    acc = interest.accrue(
        loan.principal,
        loan.rate,
        start,  # type: ignore[arg-type]
        end,  # type: ignore[arg-type]
        day_count=DayCount(loan.day_count),
        compounding=loan.compounding,
    )
    # four quarters of 2% each under 30/360: 250_000 × 1.02^4 - 250_000
    assert acc.interest == usd("20608.04")
    assert acc.exact_interest == frac(usd(250_000)) * ((frac(Percent(2)) + 1) ** 4 - 1)


def test_seed_allocation(seed: model.Model) -> None:
    alloc = seed.clauses["series_a_pro_rata"]
    assert isinstance(alloc, model.Allocation)
    weights = [frac(w.value) for w in alloc.weights]  # type: ignore[arg-type]
    parts = allocation.allocate(
        alloc.amount,
        [Decimal(w.numerator) / Decimal(w.denominator) for w in weights],
        allocation.Rounding(alloc.rounding),
    ).parts
    assert parts == (usd("500000.00"), usd("1500000.00"))


def test_seed_first_refusal(seed: model.Model) -> None:
    """The founders sell below the price they offered the company: not permitted."""
    rofr = seed.clauses["founder_rofr"]
    assert isinstance(rofr, model.FirstRefusal)
    assert rofr.survives is True
    holidays = seed.holidays(rofr.calendar("respond_within"))
    scenario = seed.scenarios["series_a_in_2026"]
    (offer,) = scenario.offers
    outcome = refusal.decide(
        refusal.Offer(offer.made, offer.price, offer.response, offer.responded),
        rofr.respond_within,
        refusal.Silence(rofr.silence),
        holidays,
    )
    assert (outcome.deadline, outcome.state, outcome.deemed) == (
        date(2026, 5, 15),
        "lapsed",
        "decline",
    )
    (deal,) = scenario.third_party_deals
    judged = refusal.judge_deal(
        deal.on, deal.price, [outcome], refusal.Deal(rofr.deal), rofr.deal_within
    )
    assert not judged.permitted
    assert judged.why is refusal.DealWhy.BETTER_TERMS
    assert (judged.price, judged.offer and judged.offer.price) == (deal.price, offer.price)


# ------------------------------------------------------------------------- the flagship


def test_flagship_waterfall_targets_follow_the_investment() -> None:
    m = _model("openai-microsoft-mou.term")
    wf = m.clauses["msft_returns"]
    assert isinstance(wf, model.Waterfall)
    invested = m.clauses["msft_investment"]
    assert isinstance(invested, model.Investment) and invested.commitment is not None
    tiers = [
        waterfall.Tier(
            t.name,
            t.to,
            t.share,
            t.until_amount
            or (invested.commitment * t.until_multiple if t.until_multiple else None),
        )
        for t in wf.tiers
    ]
    assert [t.until for t in tiers] == [usd("13000000000"), usd("1300000000000")]
    result = waterfall.distribute(tiers, [("2030", usd("20000000000"))])
    payments = result.periods[0].payments
    # 13B recouped from 17.33B of distributions, then 49% of the remaining 2.67B
    assert [p.amount for p in payments] == [usd("13000000000.00"), usd("1306666666.67")]
    assert result.reached("recoup") == "2030"
    azure = m.clauses["azure_compute_rofr"]
    assert isinstance(azure, model.FirstRefusal)
    assert (azure.deal, azure.silence) == ("purchase", "decline")
    assert to_money("USD", frac(usd(1))) == usd("1.00")


# ------------------------------------------------------------------------- bad input


HEADER = """agreement "T" {
  kind mou
  binding no
  effective 2026-01-01
}
party a "A"
party b "B"
scope s "S"
stream st "ST"
event e "E"
"""

BAD = [
    ("penalty p { on x; rate 5% per fortnight }", "TL204", "a penalty accrues per day"),
    ("penalty p { on x; rate 5% of 3 per day }", "TL204", "a percentage rate is `of` an amount"),
    ("penalty p { on x }", "TL203", "has no `rate`"),
    ("penalty p { on x; rate USD 5 per day; basis daily }", "TL204", "must be one of"),
    ("penalty p { on x; rate USD 5 per 0 days }", "TL204", "a penalty period is a positive"),
    (
        'obligation o { party a; must "x"; within 5 days using cal }',
        "TL204",
        "a holiday calendar only changes business days",
    ),
    ('obligation o { party a; must "x"; within 5 business_days using }', "TL204", "`using`"),
    ("minimum_commitment m { party a; floor USD 1 }", "TL203", "exactly one of `stream`"),
    ("minimum_commitment m { party a; stream st }", "TL203", "no `floor` and no `share`"),
    ("minimum_commitment m { party a; stream st; share 80% of budget }", "TL204", "of forecast"),
    (
        "waterfall w { payer a; distributes st; tier t { to b; share 5%; until soon } }",
        "TL204",
        "`recouped INVESTMENT`",
    ),
    ("waterfall w { payer a; distributes st; tier t { share 5% } }", "TL203", "has no `to`"),
    (
        "convertible c { instrument bond; holder a; issuer b; amount USD 1 }",
        "TL204",
        "must be one of `safe` or `note`",
    ),
    (
        "convertible c { instrument safe; holder a; issuer b; amount USD 1; interest daily }",
        "TL204",
        "`simple` or `compound`",
    ),
    (
        "loan l { lender a; borrower b; principal USD 1; rate 5%; day_count actual_366 }",
        "TL204",
        "did you mean `actual_365`?",
    ),
    (
        "first_refusal r { holder a; binds b; scope s; respond_within 5 days; silence maybe }",
        "TL204",
        "must be one of `decline` or `accept`",
    ),
    ("first_refusal r { holder a; binds b; scope s }", "TL203", "has no `respond_within`"),
    ("allocation x { amount USD 1; weight a }", "TL204", "a party and its weight"),
    ('obligation o { party a; must "x"; survives forever }', "TL204", "a duration, `yes`"),
    ("calendar c { holiday 2026-12-25, soon }", "TL204", "a holiday is a date"),
    (
        "calendar c { holiday 2026-12-25 }\n"
        "investment i { investor a; recipient b\n"
        "  tranche t { amount USD 1; on effective + 5 business_days using c } }",
        "TL204",
        "a date cannot name a holiday calendar",
    ),
    (
        'obligation o { party a; must "x"; window effective .. e + 5 business_days using c }',
        "TL204",
        "a date cannot name a holiday calendar",
    ),
    # names
    ("penalty p { on s; rate USD 5 per day }", "TL302", "not an obligation or payment"),
    ("penalty p { on nope; rate USD 5 per day }", "TL300", "nope"),
    (
        'obligation o { party a; must "x"; within 5 business_days using nowhere }',
        "TL300",
        "nowhere",
    ),
    ("waterfall w { payer a; distributes s; tier t { to b; share 5% } }", "TL302", "not a stream"),
    (
        "waterfall w { payer a; distributes st; tier t { to b; share 5%; until 2x of a } }",
        "TL302",
        "not an investment",
    ),
    (
        "minimum_commitment m { party a; payments w; floor USD 1 }\n"
        "waterfall w { payer a; distributes st }",
        "TL302",
        "not a revenue share",
    ),
    ('event offer "O"', "TL305", "reserved word"),
    (
        "scenario x { offer e { made 2026-01-01; price USD 1 } }",
        "TL302",
        "not a right of first refusal",
    ),
    (
        'obligation o { party a; must "x" }\n'
        "scenario x { offer o { made 2026-01-01; price USD 1 } }",
        "TL302",
        "not a right of first refusal",
    ),
    ("scenario x { financing e { capitalization 10M shares } }", "TL203", "has no `price`"),
    ("scenario x { financing e { price USD 0 } }", "TL204", "must be positive"),
    ("scenario x { financing e { price USD 1; capitalization 10 GW } }", "TL204", "shares"),
    (
        "scenario x { offer e { made 2026-01-01; price USD 1; accept 2026-01-02; "
        "decline 2026-01-03 } }",
        "TL204",
        "not both",
    ),
    ("scenario x { third_party e 2026-01-01 }", "TL204", "a clause, a date and a price"),
    ("scenario x { distribution st { 2026 10 units } }", "TL204", "expected an amount"),
    ("scenario x { volume st { 2026 USD 1 } }", "TL204", "a quantity"),
    ("scenario x { payments e { 2026-Q1 soon } }", "TL204", "expects a date"),
    ("scenario x { distribution nope { 2026 USD 1 } }", "TL300", "nope"),
]


@pytest.mark.parametrize(("text", "code", "fragment"), BAD, ids=[b[0][:40] for b in BAD])
def test_bad_input_is_a_located_diagnostic(text: str, code: str, fragment: str) -> None:
    analysis = analyze_text(HEADER + text + "\n", "t.term", run_checks=False)
    found = [
        d for d in analysis.diagnostics if d.code == code and fragment in d.message + (d.help or "")
    ]
    assert found, [(d.code, d.message, d.help) for d in analysis.diagnostics]
    assert all(d.span is not None for d in found)


GOOD = [
    "penalty p { on o; rate 1.5% per month; basis started_period; cap 10%; "
    "terminate_after USD 5 }\n"
    'obligation o { party a; must "x"; deadline 2026-06-30 }',
    "loan l { lender a; borrower b; principal USD 1M; rate 5%; interest compound month; "
    "day_count actual_actual; drawn 2026-02-01; maturity effective + 2 years }",
    "allocation x { amount EUR 1M; weight a 3; weight b 1; rounding down }",
    "minimum_commitment m { party a; stream st; share 80% of forecast; floor 10 units; "
    "period quarter }",
    "scenario x { volume st { 2026 10 units }\n forecast st { 2026 USD 5 }\n"
    " financing e { price USD 1 } }",
]


@pytest.mark.parametrize("text", GOOD, ids=[g[:40] for g in GOOD])
def test_good_input_is_clean(text: str) -> None:
    analysis = analyze_text(HEADER + text + "\n", "t.term", run_checks=False)
    assert not analysis.diagnostics, [(d.code, d.message) for d in analysis.diagnostics]


def test_examples_exist() -> None:
    for name in ("seed-note-financing.term", "licence-late-payment.term"):
        assert Path(EXAMPLES / name).exists()


# ------------------------------------------------------------------------- spans


def _lowered(text: str) -> model.Model:
    analysis = analyze_text(HEADER + text + "\n", "t.term", run_checks=False)
    assert analysis.model is not None
    assert not analysis.has_errors, [(d.code, d.message) for d in analysis.diagnostics]
    return analysis.model


def _line(m: model.Model, decl: model.Located, field: str) -> str:
    span = decl.where(field)
    assert span is not None and span is not decl.name_span, field
    return span.text


def test_fields_that_set_several_attributes_keep_their_span_under_the_public_name() -> None:
    m = _lowered(
        'obligation o { party a; must "x"; deadline 2026-06-30 }\n'
        "penalty p {\n  on o\n  rate 1% of USD 1M per day\n  cap USD 5K\n}\n"
        "revenue_share r {\n  payer a\n  payee b\n  stream st\n  rate 5%\n  cap USD 1M\n}\n"
        "investment i { investor a; recipient b; commitment USD 10M }\n"
        "waterfall w {\n  payer a\n  distributes st\n"
        "  tier t {\n    to b\n    share 50%\n    until recouped i\n  }\n}"
    )
    p, r, o = m.clauses["p"], m.clauses["r"], m.clauses["o"]
    assert _line(m, p, "rate") == "rate 1% of USD 1M per day"
    assert _line(m, p, "cap") == "cap USD 5K"
    assert _line(m, r, "cap") == "cap USD 1M"
    assert _line(m, o, "must") == 'must "x"'
    assert _line(m, o, "action") == 'must "x"'
    w = m.clauses["w"]
    assert isinstance(w, model.Waterfall)
    assert _line(m, w.tiers[0], "until") == "until recouped i"
    assert not [k for d in (p, r, o, w.tiers[0]) for k in d.spans if k.startswith("_")]
