"""Laws of time (docs/semantics.md): what ends stops, options close, a day is a day's share."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import termlang
from conftest import examples
from termlang.evaluate import run
from termlang.evaluate.expectations import run_expectations
from termlang.evaluate.lifecycle import OptionStatus, option_status
from termlang.values import Money

HEAD = """\
agreement "Laws" {
  kind       definitive
  binding    yes
  effective  2026-01-01
}
party a "A"
party b "B"
stream s "S"
event done "done"
event kill "kill"
event ex "exercise"
"""

DAYS_2026 = st.integers(min_value=0, max_value=364).map(
    lambda n: date(2026, 1, 1) + timedelta(days=n)
)


def model_of(body: str):
    analysis = termlang.check_text(HEAD + body, "t.term", run_checks=False)
    errors = [d.message for d in analysis.diagnostics if d.severity.value == "error"]
    assert not errors, errors
    return analysis.model


# ---------------------------------------------------------------------------- termination

EVERY_KIND = """
obligation deliver {{ party a; must "deliver"; deadline 2026-01-31; fulfilled_by done }}
penalty late {{ on deliver; rate USD 100 per day; cap USD 1M; terminate_after 300 days{survives} }}
revenue_share share {{ payer a; payee b; stream s; rate 10%; period year }}
loan bridge {{ lender a; borrower b; principal USD 36_500; rate 10%; maturity 2028-01-01 }}
priority_access look {{ grantee b; asset thing }}
asset thing "thing"
termination stop {{ ends agreement; when kill }}
scenario one {{
  kill {kill}
  revenue s {{ 2026 USD 365_000; 2027 USD 365_000 }}
}}
"""


@settings(max_examples=examples(25), deadline=None)
@given(kill=DAYS_2026.filter(lambda d: d > date(2026, 2, 1)))
def test_nothing_accrues_after_termination(kill: date) -> None:
    m = model_of(EVERY_KIND.format(kill=kill, survives=""))
    timeline = run(m, m.scenarios["one"], end=date(2028, 12, 31))
    at_kill, later = timeline.state_at(kill), timeline.state_at(date(2028, 12, 31))
    assert later.agreement == "terminated"
    assert later.penalties["late"] == at_kill.penalties["late"]  # stopped that day
    assert later.interest.get("bridge") == at_kill.interest.get("bridge")
    # the right to terminate arises 300 days late (2026-11-28) only before the day of the kill
    assert later.terminate_rights.get("late", kill) <= kill
    assert ("late" in later.terminate_rights) == (kill > date(2026, 11, 28))
    assert later.holder("thing") is None
    # the revenue share: what fell due covers the days before the kill only (USD 100 a day)
    days = (kill - date(2026, 1, 1)).days
    assert later.paid["share"] == Money("USD", Decimal(days * 100))
    after = [c for c in timeline.changes if c.on > kill and c.subject != "share"]
    assert after == []  # nothing arises after the kill


@settings(max_examples=examples(15), deadline=None)
@given(kill=DAYS_2026.filter(lambda d: d > date(2026, 2, 1)))
def test_a_surviving_penalty_keeps_accruing(kill: date) -> None:
    m = model_of(EVERY_KIND.format(kill=kill, survives="; survives yes"))
    timeline = run(m, m.scenarios["one"], end=date(2026, 12, 31))
    # USD 100 a day from 2026-02-01 to the horizon, whatever the termination
    assert timeline.state_at(date(2026, 12, 31)).penalties["late"] == Money(
        "USD", Decimal((date(2026, 12, 31) - date(2026, 1, 31)).days * 100)
    )


# ---------------------------------------------------------------------------- options

OPTION = """
obligation renew {{ party b; may "renew for one year"; deadline 2026-06-30; fulfilled_by ex }}
scenario one {{ {exercise} }}
"""


@settings(max_examples=examples(40), deadline=None)
@given(exercise=st.one_of(st.none(), DAYS_2026))
def test_an_option_is_never_exercised_after_it_expired(exercise: date | None) -> None:
    m = model_of(OPTION.format(exercise=f"ex {exercise}" if exercise else ""))
    timeline = run(m, m.scenarios["one"], end=date(2026, 12, 31))
    seen: list[OptionStatus] = []
    for day in (date(2026, 1, 1) + timedelta(days=n) for n in range(0, 365, 7)):
        seen.append(option_status(timeline.state_at(day).statuses["renew"]))
    final = option_status(timeline.state_at(date(2026, 12, 31)).statuses["renew"])
    if exercise is not None and exercise <= date(2026, 6, 30):
        assert final is OptionStatus.EXERCISED
    else:
        assert final is OptionStatus.EXPIRED
    expired_at = [i for i, s in enumerate(seen) if s is OptionStatus.EXPIRED]
    if expired_at:
        assert OptionStatus.EXERCISED not in seen[expired_at[0] :]


def test_option_expectations() -> None:
    m = model_of(
        OPTION.format(
            exercise="""ex 2026-06-30
  expect 2026-06-29 { option renew open }
  expect 2026-06-30 { option renew exercised }"""
        )
    )
    outcome = run_expectations(m, m.scenarios["one"])
    assert outcome.failed == 0 and outcome.checked == 2, outcome.diagnostics
    late = model_of(
        OPTION.format(
            exercise="""ex 2026-07-01
  expect 2026-07-01 { option renew expired }
  expect 2026-07-02 { option renew exercised }
  expect 2026-07-02 { option renw open }"""
        )
    )
    outcome = run_expectations(late, late.scenarios["one"])
    assert sorted(d.code for d in outcome.diagnostics) == ["TL601", "TL603"]


# ---------------------------------------------------------------------------- one day's share

SHARE = """
revenue_share x {{ payer a; payee b; stream s; rate 10%; period quarter
                   window effective .. {end} }}
scenario one {{ revenue s {{ 2026 USD 36_500 }} }}
"""


@settings(max_examples=examples(30), deadline=None)
@given(end=DAYS_2026.filter(lambda d: d < date(2026, 12, 31)))
def test_moving_a_window_end_by_one_day_moves_accruals_by_that_days_share(end: date) -> None:
    # USD 36,500 over 2026 is USD 100 a day; 10% of it is USD 10 for each day in force
    def paid(last: date) -> Money:
        m = model_of(SHARE.format(end=last))
        return run(m, m.scenarios["one"]).state_at(date(2027, 1, 1)).paid["x"]

    later = end + timedelta(days=1)
    assert paid(later) - paid(end) == Money("USD", Decimal(10))
    assert paid(end) == Money("USD", Decimal(10 * ((end - date(2026, 1, 1)).days + 1)))


MORE_KINDS = """
asset ip "ip"
scope area "area"
entity other "other"
party c "C" {{ capacity 10 GW }}
split ip_split {{ asset ip; share a 60%; share b 40%
                  from 2027-01-01 {{ share a 50%; share b 50% }} }}
compute capacity {{ provider c; beneficiary a; capacity 1 GW; from 2027-01-01 {{ capacity 2 GW }} }}
exclusivity excl {{ benefits a; binds b; scope area }}
collaboration collab {{ party b; with other; scope area; window 2027-06-01 .. }}
first_refusal rofr {{ holder a; binds b; scope area; respond_within 10 days }}
waterfall returns {{ payer b; distributes s; tier all {{ to a; share 50% }} }}
minimum_commitment floor {{ party a; stream s; floor USD 1M; period year }}
termination stop {{ ends agreement; when kill }}
scenario one {{
  kill {kill}
  revenue s {{ 2026 USD 365_000; 2027 USD 365_000 }}
  distribution s {{ 2026 USD 365; 2027 USD 365 }}
  offer rofr {{ made 2027-03-01; price USD 10 }}
}}
"""


@settings(max_examples=examples(15), deadline=None)
@given(kill=DAYS_2026.filter(lambda d: d > date(2026, 1, 1)))
def test_every_kind_ends_with_the_agreement(kill: date) -> None:
    """`kill` falls within 2026: the year is cut short, so no minimum is measured for it."""
    m = model_of(MORE_KINDS.format(kill=kill))
    timeline = run(m, m.scenarios["one"], end=date(2028, 12, 31))
    later = timeline.state_at(date(2028, 12, 31))
    assert all(s in ("terminated", "fulfilled") for s in later.statuses.values()), later.statuses
    assert later.splits == {} and later.compute == {}
    assert later.offers == {}  # the offer of 2027-03-01 comes after the end: nothing opens
    # what is settled after the kill covers the days before it only (the period in progress)
    settled_after = {c.subject for c in timeline.changes if c.on > kill}
    assert settled_after <= {"returns"}, settled_after
    # a minimum commitment is not measured for a period it was terminated in: no shortfall
    # of USD 1M arises after the termination
    assert later.shortfalls.get("floor", {}) == {}


def test_a_commitment_period_completed_before_the_termination_is_measured() -> None:
    m = model_of(MORE_KINDS.format(kill="2027-01-01"))
    later = run(m, m.scenarios["one"], end=date(2028, 12, 31)).state_at(date(2028, 12, 31))
    # 2026 ran in full: USD 365,000 against the USD 1M floor
    assert later.shortfalls["floor"] == {"2026": Money("USD", Decimal("635000.00"))}
