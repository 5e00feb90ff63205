"""Licences, assignments and binding status (docs/semantics.md, "Licences, assignments and
binding status"): the holder after an assignment in the timeline, the summary and the
expectations; clauses that bind from an event; recitals of past facts that never lapse; and
`termlang check` validating `expect` lines statically from the command line."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from termlang import model
from termlang.evaluate import pick_scenario, run
from termlang.evaluate.expectations import run_expectations
from termlang.pipeline import analyze_text
from termlang.render import render

SOURCE = """\
agreement "Atlas data licence: heads of terms" {
  kind       term_sheet
  binding    no except confidentiality
  effective  2026-01-01
  long_stop  2026-06-30
  signing    licence_signed
}

party atlas "Atlas Geodata Ltd" role licensor
party pelican "Pelican Logistics plc" role licensee
party heron "Heron Maps Ltd" role assignee

asset datasets "Atlas road datasets"
scope uk "the United Kingdom"

event licence_signed "the definitive licence is signed"
event business_sold "Pelican sells its routing business to Heron"

investment pilot_funding "Pelican's funding of the 2024 pilot" {
  investor   pelican
  recipient  atlas
  recital    yes
  tranche pilot { amount GBP 200K; on 2024-05-01 }
}

licence data "exclusive UK data licence" {
  licensor      atlas
  licensee      pelican
  subject       datasets
  territory     uk
  exclusive     yes
  binding_from  licence_signed
}

assignment to_heron "assignment of the licence to Heron" {
  assigns   data
  assignor  pelican
  assignee  heron
  on        business_sold
}

obligation confidentiality "confidentiality" {
  party  atlas, pelican
  must   "keep the heads of terms confidential"
}

scenario signed_then_sold "Signed in March, the business sold in September" {
  licence_signed  2026-03-02
  business_sold   2026-09-01
  expect 2026-03-01 {
    binding  data no
    binding  confidentiality yes
    held_by  data pelican
  }
  expect 2026-03-02 {
    binding  data yes
  }
  expect 2026-09-01 {
    held_by  data heron
  }
}

scenario never_signed "The licence is never signed" {
  licence_signed  never
  expect 2026-07-01 {
    agreement  lapsed
    status     data lapsed
    status     pilot_funding active  # history: it does not lapse
    funded     pelican GBP 200K
    binding    data no
  }
}
"""


def _model(source: str = SOURCE) -> model.Model:
    analysis = analyze_text(source, "licence.term")
    assert not analysis.has_errors, [d.message for d in analysis.diagnostics]
    assert [d.code for d in analysis.diagnostics] == []
    assert analysis.model is not None
    return analysis.model


def test_expectations_of_both_scenarios_hold() -> None:
    m = _model()
    for scenario in m.scenarios.values():
        outcome = run_expectations(m, scenario)
        assert outcome.failed == 0, [d.message for d in outcome.diagnostics]


def test_the_timeline_names_the_new_holder_and_the_day_a_clause_binds() -> None:
    m = _model()
    timeline = run(m, pick_scenario(m, "signed_then_sold"), end=date(2026, 12, 31))
    holder = timeline.last_change("data", "holder", date(2026, 12, 31))
    assert holder is not None and holder.on == date(2026, 9, 1)
    assert (holder.old, holder.new) == ("pelican", "heron")
    assert "`to_heron` assigns `pelican`'s rights under `data` to `heron`" in holder.reason
    binding = timeline.last_change("data", "binding", date(2026, 12, 31))
    assert binding is not None and binding.on == date(2026, 3, 2)
    state = timeline.state_at(date(2026, 9, 1))
    assert state.holders == {"data": "heron"} and state.binding == {"data": True}


def test_a_recital_is_history_and_never_lapses() -> None:
    m = _model()
    lapsed = run(m, pick_scenario(m, "never_signed"), end=date(2026, 12, 31))
    state = lapsed.state_at(date(2026, 7, 1))
    assert state.agreement == "lapsed"
    assert state.statuses["data"] == "lapsed"
    assert state.statuses["pilot_funding"] != "lapsed"
    assert state.tranches["pilot_funding.pilot"] == "funded"


def test_the_summary_names_the_licence_the_holder_and_the_binding_status() -> None:
    m = _model()
    en = render(m, scenario="signed_then_sold")
    assert isinstance(en, str)
    assert "Atlas Geodata Ltd grants Pelican Logistics plc an exclusive licence of Atlas road" in en
    assert "binding from" in en
    assert "recital of past facts" in en
    assert "Heron Maps Ltd now holds the rights under" in en
    fr = render(m, scenario="signed_then_sold", locale="fr")
    assert isinstance(fr, str)
    assert "concède à Pelican Logistics plc une licence exclusive" in fr
    assert "Heron Maps Ltd détient désormais les droits" in fr
    assert "rappel des faits" in fr


def test_termlang_check_reports_misspelt_expectations(tmp_path: Path) -> None:
    bad = SOURCE.replace("held_by  data heron", "held_bye  data heron").replace(
        "binding  data yes", "binding  dta yes"
    )
    path = tmp_path / "licence.term"
    path.write_text(bad, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "termlang", "check", str(path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "error[TL602]: unknown expectation `held_bye`" in done.stdout
    assert "help: did you mean `held_by`?" in done.stdout
    assert "error[TL603]: `dta` is not a clause" in done.stdout
    assert "help: did you mean `data`?" in done.stdout


def test_the_editor_shows_misspelt_expectations() -> None:
    from termlang.lsp.document import analyze_document
    from termlang.lsp.features import diagnostics

    doc = analyze_document(
        "untitled:licence.term", SOURCE.replace("held_by  data heron", "held_by  data herron")
    )
    found = [d.message for d in diagnostics(doc)]
    assert found == ["`herron` is not a party\nhelp: did you mean `heron`?"]
