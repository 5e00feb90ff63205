"""Third-party acts judged on their date against exclusivities and rights of first refusal."""

from __future__ import annotations

from facts_helpers import analysis_of, at, codes, reason, timeline_of

CLAUSES = """
exclusivity partners "the lab as the cloud's only model partner" {
  benefits  lab
  binds     cloud
  scope     partnerships
  window    effective .. 2028-01-01
  carve_out rival_assistant { with rival; scope copilot }
}
exclusivity hosting "the cloud as the lab's host" {
  benefits  cloud
  binds     lab
  scope     compute
  carve_out other_clouds { with any; scope compute; cap 20% of compute }
}
first_refusal rofr "the cloud's right of first refusal on compute" {
  holder          cloud
  binds           lab
  scope           compute
  deal            purchase
  respond_within  10 days
  deal_within     90 days
}
"""


def test_carve_outs_declined_rofrs_and_breaches_are_told_apart() -> None:
    t = timeline_of(
        CLAUSES
        + """
scenario s {
  offer rofr { made 2026-03-01; price USD 10M; decline 2026-03-05 }
  deal cloud rival copilot 2026-02-01
  deal cloud other partnerships 2026-02-15
  deal lab other compute 2026-04-01 USD 8M
  deal lab other compute 2026-09-01 USD 8M
  grant cloud other partnerships 2028-02-01
}
"""
    )
    acts = at(t, "2026-02-01").acts
    assert [(a.clause, a.verdict, a.via) for a in acts] == [
        ("partners", "permitted", "carve-out partners.rival_assistant")
    ]
    second = at(t, "2026-02-15").acts[-1]
    assert (second.clause, second.verdict) == ("partners", "breach")
    assert "no carve-out in force covers `other`" in second.reason
    # a purchase of USD 8M, 27 days after the cloud declined USD 10M: permitted twice over
    april = [a for a in at(t, "2026-04-01").acts if a.on.isoformat() == "2026-04-01"]
    assert {(a.clause, a.verdict, a.via) for a in april} == {
        ("hosting", "permitted", "carve-out hosting.other_clouds"),
        ("rofr", "permitted", "ROFR declined"),
    }
    assert "cap of 20% of compute is not measured" in f"{april[0].reason} {april[1].reason}"
    # more than 90 days after the decline: a breach of the right, still within the carve-out
    september = [a for a in at(t, "2026-09-01").acts if a.on.isoformat() == "2026-09-01"]
    assert {(a.clause, a.verdict) for a in september} == {
        ("hosting", "permitted"),
        ("rofr", "breach"),
    }
    # after the exclusivity's window nothing covers the grant: permitted, and said so
    last = at(t, "2028-02-01").acts[-1]
    assert last.clause is None and last.permitted
    assert "no exclusivity or right of first refusal in force" in last.reason
    assert "breach of `partners`" in reason(t, "partners", "act", "2026-02-15")


def test_dealing_with_the_beneficiary_is_no_breach() -> None:
    t = timeline_of(CLAUSES + "scenario s {\n  deal cloud lab partnerships 2026-05-01\n}\n")
    (act,) = at(t, "2026-05-01").acts
    assert act.permitted and "benefits" in act.reason


def test_act_expectations_and_a_deal_without_amount() -> None:
    analysis = analysis_of(
        CLAUSES
        + """
scenario s {
  deal cloud other partnerships 2026-02-15
  deal lab other compute 2026-04-01
  expect 2026-04-02 {
    act partners breach
    act cloud other breach
    act rofr breach
    act hosting permitted
  }
}
"""
    )
    assert "TL825" in codes(analysis.diagnostics)  # the ROFR cannot judge a deal without amount
    from termlang.evaluate.expectations import run_expectations

    outcome = run_expectations(analysis.model, analysis.model.scenarios["s"])
    assert outcome.failed == 0, [d.message for d in outcome.diagnostics]
    t = timeline_of(CLAUSES + "scenario s {\n  deal lab other compute 2026-04-01\n}\n")
    rofr = [a for a in at(t, "2026-04-01").acts if a.clause == "rofr"]
    assert rofr[0].verdict == "breach" and "no amount" in rofr[0].reason


def test_acts_name_declared_parties_and_scopes() -> None:
    analysis = analysis_of(CLAUSES + "scenario s {\n  deal clod other computing 2026-04-01\n}\n")
    assert codes(analysis.diagnostics) == ["TL300", "TL300"]
