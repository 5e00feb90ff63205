"""Payments as first-class obligations (docs/semantics.md, "Payments"): instalments, their
settlement by the scenario's `payments` lines, statuses at every date, caps, late-payment
interest on what stays outstanding, the expectations about them, their static validation by
`termlang check`, and the laws (paid + outstanding = amount at every date)."""

from __future__ import annotations

import json
import pickle
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, examples
from termlang import ast, model
from termlang.evaluate import expect_static, pick_scenario, run
from termlang.evaluate.expectations import run_expectations
from termlang.mechanics.payment import Instalment, PaymentStatus, cap_amounts, settle
from termlang.pipeline import analyze_text
from termlang.values import Money

HEAD = """\
agreement "x" { kind definitive  binding yes  effective 2026-01-01 }
party atlas "Atlas" role licensor
party pelican "Pelican" role licensee
event signed "signed"
stream sales "sales"
"""


def _model(source: str, name: str = "t.term") -> model.Model:
    analysis = analyze_text(source, name, run_checks=False)
    assert not analysis.has_errors, [d.message for d in analysis.diagnostics]
    assert analysis.model is not None
    return analysis.model


def _analysis(source: str) -> list[str]:
    analysis = analyze_text(source, "t.term")
    return [f"{d.code} {d.message}" for d in analysis.diagnostics]


def _gbp(amount: str | int) -> Money:
    return Money("GBP", Decimal(amount))


def _inst(amount: int, due: date, paid: tuple[tuple[date, Money], ...] = ()) -> Instalment:
    return Instalment(
        clause="fee",
        label="once",
        payer="pelican",
        payee="atlas",
        amount=_gbp(amount),
        uncapped=_gbp(amount),
        arises=date(2026, 1, 1),
        due=due,
        paid=paid,
    )


# ---------------------------------------------------------------------------- statuses


def test_statuses_around_the_due_date() -> None:
    due = date(2026, 3, 31)
    inst = _inst(100, due, ((date(2026, 3, 10), _gbp(40)), (date(2026, 4, 10), _gbp(60))))
    before = inst.status_at(date(2026, 3, 9))
    assert before is not None and before.status is PaymentStatus.DUE
    part = inst.status_at(date(2026, 3, 10))  # a payment counts from the start of its day
    assert part is not None and part.status is PaymentStatus.PARTLY_PAID
    assert part.outstanding == _gbp(60)
    on_due = inst.status_at(due)  # the due date is the last day on time
    assert on_due is not None and on_due.status is PaymentStatus.PARTLY_PAID
    late = inst.status_at(date(2026, 4, 1))
    assert late is not None and late.status is PaymentStatus.OVERDUE and late.days_late == 1
    assert inst.status_at(date(2026, 4, 9)).days_late == 9  # type: ignore[union-attr]
    paid = inst.status_at(date(2026, 4, 10))
    assert paid is not None and paid.status is PaymentStatus.PAID and paid.days_late == 0
    assert inst.status_at(date(2025, 12, 31)) is None  # before it arises
    assert inst.paid_on() == date(2026, 4, 10)


def test_settle_applies_cash_to_the_oldest_instalment_first() -> None:
    first = _inst(100, date(2026, 3, 31))
    second = Instalment(
        clause="fee",
        label="2026-Q2",
        payer="pelican",
        payee="atlas",
        amount=_gbp(50),
        uncapped=_gbp(50),
        arises=date(2026, 7, 1),
        due=date(2026, 7, 31),
    )
    settled, over = settle(
        [second, first], [], [(date(2026, 8, 1), _gbp(120)), (date(2026, 8, 2), _gbp(40))]
    )
    by_label = {i.label: i for i in settled}
    assert by_label["once"].paid == ((date(2026, 8, 1), _gbp(100)),)
    assert by_label["2026-Q2"].paid == (
        (date(2026, 8, 1), _gbp(20)),
        (date(2026, 8, 2), _gbp(30)),
    )
    assert over == [(date(2026, 8, 2), _gbp(10))]


def test_caps_per_period_then_in_total() -> None:
    got = cap_amounts([_gbp(80), _gbp(160), _gbp(120)], _gbp(100), _gbp(250))
    assert got == [_gbp(80), _gbp(100), _gbp(70)]


@settings(max_examples=examples(150), deadline=None)
@given(
    amount=st.integers(min_value=1, max_value=10_000),
    parts=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=5000)
        ),
        max_size=6,
    ),
    cash=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=5000)
        ),
        max_size=6,
    ),
    probe=st.integers(min_value=0, max_value=220),
)
def test_paid_plus_outstanding_is_the_amount_at_every_date(
    amount: int, parts: list[tuple[int, int]], cash: list[tuple[int, int]], probe: int
) -> None:
    """The law of docs/semantics.md: at every date, paid + outstanding = due, and neither is
    negative, however the scenario pays (in full, in parts, in cash applied oldest first)."""
    start = date(2026, 1, 1)
    owed = [_inst(amount, start + timedelta(days=60)), _inst(amount // 2 + 1, start)]
    owed[1] = Instalment(
        clause="fee",
        label="2026-Q1",
        payer="pelican",
        payee="atlas",
        amount=_gbp(amount // 2 + 1),
        uncapped=_gbp(amount // 2 + 1),
        arises=start,
        due=start + timedelta(days=30),
    )
    in_full = [("once", start + timedelta(days=d), _gbp(a)) for d, a in parts]
    settled, _ = settle(owed, in_full, [(start + timedelta(days=d), _gbp(a)) for d, a in cash])
    at = start + timedelta(days=probe)
    for inst in settled:
        state = inst.status_at(at)
        assert state is not None
        assert state.paid + state.outstanding == inst.amount
        assert state.paid.amount >= 0 and state.outstanding.amount >= 0
        if state.status is PaymentStatus.OVERDUE:
            assert state.days_late == (at - inst.due).days > 0


# ---------------------------------------------------------------------------- the interpreter

FEES = (
    HEAD
    + """
payment fee "issue fee" {
  payer   pelican
  payee   atlas
  amount  GBP 250K
  due     30 days after signed
}
payment seats "seats" {
  payer     pelican
  payee     atlas
  price     GBP 40
  quantity  5_000 seats
  due       2026-06-30
  cap       GBP 150K
}
payment royalty "royalty" {
  payer   pelican
  payee   atlas
  amount  8% of sales
  period  quarter
  due     30 days
  cap     GBP 100K per quarter
}
penalty late_interest "interest" {
  on     royalty
  payer  pelican
  payee  atlas
  rate   0.05% per day
}
scenario s {
  signed 2026-02-01
  revenue sales { 2026-Q1 GBP 1M; 2026-Q2 GBP 2M }
  payments fee { 2026-03-01 GBP 100K; 2026-03-10 GBP 150K }
  payments royalty { 2026-Q1 2026-04-20; 2026-Q2 2026-08-15 GBP 50K }
}
"""
)


def test_instalments_arise_fall_due_and_are_settled() -> None:
    m = _model(FEES)
    timeline = run(m, pick_scenario(m, "s"), end=date(2026, 9, 1))
    state = timeline.state_at(date(2026, 9, 1))
    fee = state.instalments["fee"][0]
    assert fee.due == date(2026, 3, 3)  # 2026-02-01 + 30 days
    assert fee.status is PaymentStatus.PAID
    seats = state.instalments["seats"][0]
    assert seats.amount == _gbp(150_000) and seats.uncapped == _gbp(200_000)
    assert seats.status is PaymentStatus.OVERDUE and seats.days_late == 63
    q1, q2 = state.instalments["royalty"]
    assert q1.due == date(2026, 4, 30)  # the quarter's last day + 30 days
    assert q1.amount == _gbp(80_000) and q1.status is PaymentStatus.PAID
    assert q2.amount == _gbp(100_000)  # 8% of 2M is 160K, capped per quarter
    assert q2.outstanding == _gbp(50_000) and q2.days_late == 33
    # 16 days on GBP 100K then 17 on GBP 50K, at 0.05% a day: 800 + 425
    assert state.penalties["late_interest"] == _gbp("1225.00")
    pickle.loads(pickle.dumps(timeline))
    assert "instalments" in state.to_json() and "instalments" in timeline.to_json()


def test_nothing_arises_from_a_terminated_payment() -> None:
    source = (
        HEAD
        + """
event sold "sold"
payment royalty "royalty" {
  payer      pelican
  payee      atlas
  amount     10% of sales
  period     quarter
  due        30 days
  ends_when  sold
}
payment fee "fee" {
  payer      pelican
  payee      atlas
  amount     GBP 10K
  due        30 days after signed
  ends_when  sold
}
scenario s {
  sold    2026-02-15
  signed  2026-03-01
  revenue sales { 2026-Q1 GBP 900K; 2026-Q2 GBP 1M }
}
"""
    )
    m = _model(source)
    state = run(m, pick_scenario(m, "s"), end=date(2026, 12, 31)).state_at(date(2026, 12, 31))
    (q1,) = state.instalments["royalty"]  # Q2 never arises: the clause ended in Q1
    # 45 of the quarter's 90 days in force: 10% of GBP 450K
    assert q1.label == "2026-Q1" and q1.amount == _gbp(45_000)
    assert "fee" not in state.instalments  # its anchor came after the clause ended


def _run_source(source: str) -> list[str]:
    m = _model(source)
    outcome = run_expectations(m, next(iter(m.scenarios.values())))
    return [f"{d.code} {d.message}" for d in outcome.diagnostics]


def test_expectations_about_payments_hold_and_fail_with_the_actual_value() -> None:
    source = FEES.replace(
        "payments royalty { 2026-Q1 2026-04-20; 2026-Q2 2026-08-15 GBP 50K }\n}",
        """payments royalty { 2026-Q1 2026-04-20; 2026-Q2 2026-08-15 GBP 50K }
  expect 2026-03-02 {
    payment      fee partly_paid
    outstanding  fee GBP 150K
    due          fee 2026-03-03
  }
  expect 2026-09-01 {
    payment              royalty 2026-Q2 overdue
    overdue              royalty 2026-Q2 33 days
    outstanding          royalty GBP 50K
    would_have_been_due  royalty GBP 240K
    headroom             seats GBP 0
    penalty              late_interest GBP 1_225
    overdue              seats 60 days
  }
}""",
    )
    found = _run_source(source)
    assert found == [
        "TL601 on 2026-09-01, expected the days `seats` is late to be `60 days`, found `63 days`"
    ]


def test_check_validates_expect_lines_without_running_them() -> None:
    source = (
        HEAD
        + """
payment fee "fee" { payer pelican; payee atlas; amount GBP 1K; due 2026-02-01 }
scenario s {
  expect 2026-03-01 {
    paymnt       fee paid
    outstanding  fe GBP 1K
    payment      fee late
    due          fee 2026-Q7 2026-02-01
  }
}
"""
    )
    m = _model(source)
    found = [(d.code, d.message, d.help) for d in expect_static.problems(m)]
    assert ("TL602", "unknown expectation `paymnt`", "did you mean `payment`?") in found
    assert ("TL603", "`fe` is not a payment", "did you mean `fee`?") in found
    assert any(
        code == "TL603" and "`late` is not a payment status" in msg for code, msg, _ in found
    )
    assert any(code == "TL603" and "a period like `2026-Q3`" in msg for code, msg, _ in found)
    # the command line reports them in `termlang check`, located on the argument
    diags = _analysis(source)
    assert not any(d.startswith("TL60") for d in diags)  # analysis alone runs no scenario


def test_scenario_warnings_for_payments_that_settle_nothing_or_too_much() -> None:
    source = (
        HEAD
        + """
payment fee "fee" { payer pelican; payee atlas; amount GBP 1K; due 2026-02-01 }
payment royalty "royalty" {
  payer pelican; payee atlas; amount 10% of sales; period quarter; due 30 days
}
scenario s {
  revenue sales { 2026-Q1 GBP 10K }
  payments fee { 2026-01-20 GBP 1_500 }
  payments royalty { 2026-Q1 2026-04-10; 2026-Q3 2026-10-10 }
  expect 2026-12-31 { outstanding fee GBP 0 }
}
"""
    )
    found = _run_source(source)
    assert (
        "TL615 no instalment of `royalty` fell due for `2026-Q3` by 2026-12-31: this payment "
        "settles nothing" in found
    )
    assert "TL616 the payment of 2026-01-20 under `fee` is GBP 500.00 more than was owed" in found


@pytest.mark.parametrize(
    "body, message",
    [
        ("amount GBP 1K", "does not say when it is due"),
        ("due 2026-02-01", "needs an `amount`, or a `price` and a `quantity`"),
        ("amount GBP 1K; price GBP 2; quantity 3; due 2026-02-01", "needs an `amount`"),
        ("amount 5% of sales; due 30 days", "takes a share of a stream but no `period`"),
        ("amount GBP 1K; period quarter; due 2026-02-01", "has a `period` but a fixed amount"),
        ("amount 5% of sales; period quarter; due 2026-02-01", "due a duration after each"),
        ("amount 5% of sales; period quarter; due 30 days; cap GBP 1K per year", "capped per year"),
        ("amount GBP 1K; due 2026-02-01; cap GBP 1K per fortnight", "per month, quarter or year"),
    ],
)
def test_malformed_payments_are_located_errors(body: str, message: str) -> None:
    source = HEAD + f'payment fee "fee" {{ payer pelican; payee atlas; {body} }}\n'
    analysis = analyze_text(source, "t.term")
    assert analysis.has_errors
    assert any(message in d.message for d in analysis.diagnostics), [
        d.message for d in analysis.diagnostics
    ]
    assert all(d.span is not None for d in analysis.diagnostics)


def test_penalty_payee_counts_as_used() -> None:
    source = (
        HEAD.replace('event signed "signed"\n', "").replace('stream sales "sales"\n', "")
        + 'party bank "Bank" role agent\n'
        + """
payment fee "fee" { payer pelican; payee atlas; amount GBP 1K; due 2026-02-01 }
penalty late "late" { on fee; payer pelican; payee atlas; rate 1% per month }
"""
    )
    found = _analysis(source)
    assert found == ["TL500 the party `bank` is declared but never used"]


def test_examples_figures() -> None:
    m = _model((EXAMPLES / "uc-patent-licence.term").read_text(encoding="utf-8"))
    state = run(m, pick_scenario(m, "paid_late")).state_at(date(2016, 12, 29))
    assert state.penalties["late_royalty_interest"] == Money("USD", Decimal("1890.41"))
    q2, q3 = state.instalments["earned_royalty"]
    assert (q2.status, q3.status) == (PaymentStatus.PAID, PaymentStatus.OVERDUE)


@pytest.mark.parametrize("paid", ["2026-Q2 2026-08-15 GBP 50K", "2026-Q2 2026-08-15"])
def test_no_interest_from_a_penalty_that_has_ended(paid: str) -> None:
    source = FEES.replace(
        "  rate   0.05% per day\n}", "  rate   0.05% per day\n  window effective .. 2026-07-01\n}"
    ).replace("2026-Q2 2026-08-15 GBP 50K", paid)
    m = _model(source)
    state = run(m, pick_scenario(m, "s"), end=date(2026, 9, 1)).state_at(date(2026, 9, 1))
    assert "late_interest" not in state.penalties


def test_json_scenarios_settle_payments_in_parts_and_in_cash(tmp_path: Path) -> None:
    from termlang.evaluate.scenario_json import load_scenario

    m = _model((EXAMPLES / "uc-patent-licence.term").read_text(encoding="utf-8"))
    path = tmp_path / "paid_late.json"
    path.write_text(
        json.dumps(
            {
                "name": "j",
                "revenue": {"net_sales": {"2016-Q2": "USD 2M"}},
                "payments": {
                    "issue_fee": {"2014-12-01": "USD 25K"},
                    "earned_royalty": {"2016-Q2": "2016-09-28 USD 30K"},
                },
                "expect": {
                    "2016-10-01": [
                        "outstanding earned_royalty 2016-Q2 USD 50K",
                        "payment issue_fee paid",
                        # 30 days on USD 80K and 3 on USD 50K at 10% a year: 657.53 + 41.10
                        "penalty late_royalty_interest USD 698.63",
                    ]
                },
            }
        ),
        encoding="utf-8",
    )
    outcome = run_expectations(m, load_scenario(str(path), m))
    assert outcome.checked == 3 and outcome.failed == 0, outcome.diagnostics


def test_headroom_of_a_revenue_share_and_an_allocation_that_never_came() -> None:
    flagship = _model((EXAMPLES / "openai-microsoft-mou.term").read_text(encoding="utf-8"))
    scenario = pick_scenario(flagship, "slips")
    exp = model.Expectation(
        at=date(2027, 1, 1),
        what="headroom",
        args=(
            ast.Ref(parts=("openai_to_msft",)),
            ast.MoneyLit(currency="USD", amount=Decimal("90_800_000_000.01")),
        ),
    )
    outcome = run_expectations(flagship, attrs.evolve(scenario, expectations=(exp,)))
    # the USD 92B cap less the USD 1,199,999,999.99 paid for 2026
    assert outcome.failed == 0, [d.message for d in outcome.diagnostics]
    source = (
        HEAD
        + """
allocation pool "pool" {
  amount       GBP 1K
  weight       atlas 1
  weight       pelican 1
  starts_when  signed
}
scenario s {
  signed never
  expect 2027-01-01 { allocated pool atlas none }
}
"""
    )
    m = _model(source)
    assert run_expectations(m, m.scenarios["s"]).failed == 0
    failing = source.replace("signed never", "signed 2026-02-01")
    m = _model(failing)
    (diag,) = run_expectations(m, m.scenarios["s"]).diagnostics
    assert "expected the part allocated to `atlas` under `pool` to be `nothing`" in diag.message


@settings(max_examples=examples(30), deadline=None)
@given(
    lines=st.lists(
        st.tuples(
            st.sampled_from(["2026-Q1", "2026-Q2", "cash"]),
            st.integers(min_value=0, max_value=300),
            st.one_of(st.none(), st.integers(min_value=1, max_value=200_000)),
        ),
        max_size=5,
    ),
    probe=st.integers(min_value=0, max_value=330),
)
def test_the_law_holds_through_the_interpreter(
    lines: list[tuple[str, int, int | None]], probe: int
) -> None:
    start = date(2026, 3, 1)
    written = []
    for key, offset, amount in lines:
        day = (start + timedelta(days=offset)).isoformat()
        if key == "cash":
            written.append(f"{day} GBP {amount or 1_000}")
        else:
            written.append(f"{key} {day}" + (f" GBP {amount}" if amount else ""))
    source = FEES.replace(
        "payments royalty { 2026-Q1 2026-04-20; 2026-Q2 2026-08-15 GBP 50K }",
        "payments royalty {\n" + "\n".join(written) + "\n}" if written else "",
    )
    m = _model(source)
    at = start + timedelta(days=probe)
    state = run(m, pick_scenario(m, "s"), end=date(2027, 1, 31)).state_at(at)
    for inst in state.instalments.get("royalty", ()):
        assert inst.paid + inst.outstanding == inst.amount
        assert inst.outstanding.amount >= 0
        late = (at - inst.due).days
        assert inst.days_late == (late if inst.outstanding.amount > 0 and late > 0 else 0)


def test_the_summary_tells_what_fell_due_was_paid_and_is_owed() -> None:
    from termlang.render import render

    m = _model((EXAMPLES / "uc-patent-licence.term").read_text(encoding="utf-8"))
    en = render(m, scenario="paid_late")
    assert isinstance(en, str)
    assert (
        "Innovation Economy Corporation pays The Regents of the University of California 4% of "
        "net sales of licensed products each quarter, due 60 days after each period ends" in en
    )
    assert "paid by Innovation Economy Corporation to The Regents" in en
    text = en.replace("\u00a0", " ")
    assert "fell due: USD 180,000, paid USD 80,000, USD 100,000 outstanding, 32 days late" in text
    assert "The payment under “earned royalty on net sales” for Q2 2016 is overdue" in en
    fr = render(m, scenario="paid_late", locale="fr")
    assert isinstance(fr, str)
    assert "exigible" in fr and "restant dû" in fr
    assert "est en retard" in fr


def test_amounts_paid_under_a_revenue_share_are_reported_as_settling_nothing() -> None:
    source = (
        HEAD
        + """
revenue_share rs "royalty" { payer pelican; payee atlas; stream sales; rate 10% }
scenario s {
  revenue sales { 2026-Q1 GBP 10K }
  payments rs { 2026-Q1 2026-04-10 GBP 500; 2026-05-01 GBP 1K }
  expect 2026-12-31 { paid rs GBP 1K }
}
"""
    )
    found = _run_source(source)
    assert [f for f in found if f.startswith("TL615")] == [
        "TL615 `rs` is a revenue share: its payments are dated per period, so this amount "
        "settles nothing"
    ] * 2


def test_a_revenue_share_whose_payments_the_scenario_dates_has_instalments() -> None:
    m = _model((EXAMPLES / "licence-late-payment.term").read_text(encoding="utf-8"))
    timeline = run(m, pick_scenario(m, "late_in_2026"))
    state = timeline.state_at(date(2026, 12, 1))
    q2, q3 = state.instalments["royalty"]
    assert (q2.label, q2.status) == ("2026-Q2", PaymentStatus.PAID)
    # 8% of GBP 1.5M, due 30 days after 30 September, unpaid on 1 December
    assert (q3.amount, q3.due) == (_gbp(120_000), date(2026, 10, 30))
    assert (q3.status, q3.days_late) == (PaymentStatus.OVERDUE, 32)
    later = timeline.state_at(date(2027, 5, 1)).instalments["royalty"]
    # 2027-Q1 has no `payments` line: paid on its due date, as the penalty reads it
    assert [i.status for i in later] == [PaymentStatus.PAID] * 4
    flagship = _model((EXAMPLES / "openai-microsoft-mou.term").read_text(encoding="utf-8"))
    slips = run(flagship, pick_scenario(flagship, "slips")).state_at(date(2027, 1, 1))
    assert slips.instalments == {}  # no `payments` lines: no instalments to follow


def test_a_payment_in_another_currency_settles_nothing_and_is_reported() -> None:
    source = (
        HEAD
        + """
payment fee "fee" { payer pelican; payee atlas; amount GBP 1K; due 2026-02-01 }
payment royalty "royalty" {
  payer pelican; payee atlas; amount 10% of sales; period quarter; due 30 days
}
scenario s {
  revenue sales { 2026-Q1 GBP 10K }
  payments fee { 2026-01-20 EUR 1K }
  payments royalty { 2026-Q1 2026-04-10 EUR 500 }
  expect 2026-12-31 {
    outstanding fee GBP 1K
    outstanding royalty GBP 1K
  }
}
"""
    )
    found = _run_source(source)
    assert found == [
        "TL615 this payment is in EUR, but `fee` is owed in GBP: it settles nothing",
        "TL615 this payment is in EUR, but `royalty` is owed in GBP: it settles nothing",
    ]
