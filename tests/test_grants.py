"""A licensor's grants to third parties, judged against its licences (evaluate/grants.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facts_helpers import HEADER, analysis_of, at, model_of, timeline_of
from termlang.evaluate import ScenarioError, run
from termlang.evaluate.reasons import Reason
from termlang.evaluate.scenario_json import load_scenario

LICENCES = """
asset  tools "the lab's tools" within models
scope  europe "Europe"
scope  france "France" within europe
scope  asia "Asia"
scope  chat "chat assistants" within partnerships
licence models_eu "exclusive licence of the models in Europe" {
  licensor   lab
  licensee   cloud
  subject    models
  field      partnerships
  territory  europe
  exclusive  yes
  window     effective .. 2027-12-31
}
licence tools_any "non-exclusive licence of the tools" {
  licensor   lab
  licensee   fund
  subject    tools
}
"""


def _acts_on(t: object, day: str) -> dict[str | None, tuple[str, str | None]]:
    state = at(t, day)  # type: ignore[arg-type]
    return {a.clause: (a.verdict, a.via) for a in state.acts if a.on.isoformat() == day}


def test_each_grant_is_judged_by_subject_field_territory_exclusivity_and_term() -> None:
    t = timeline_of(
        LICENCES
        + """
scenario s {
  grant lab rival models 2026-02-01 { field chat; territory france }
  grant lab rival models 2026-03-02 { field compute; territory france }
  grant lab rival models 2026-04-01 { field chat; territory asia }
  grant lab rival tools 2026-05-04
  grant lab cloud models 2026-06-01
  grant lab rival models 2028-01-01 { territory france }
}
"""
    )
    # chat within partnerships, france within europe: a breach; tools sit within models, so
    # the non-exclusive licence of the tools is touched too, and leaves the lab free
    assert _acts_on(t, "2026-02-01") == {
        "models_eu": ("breach", None),
        "tools_any": ("permitted", "non-exclusive licence tools_any"),
    }
    assert _acts_on(t, "2026-03-02")["models_eu"] == (
        "permitted",
        "outside the field of models_eu",
    )
    assert _acts_on(t, "2026-04-01")["models_eu"] == (
        "permitted",
        "outside the territory of models_eu",
    )
    # a grant of the tools (within the models, no field nor territory: everywhere) breaches
    # the exclusive licence of the models
    assert _acts_on(t, "2026-05-04")["models_eu"] == ("breach", None)
    assert _acts_on(t, "2026-06-01")["models_eu"] == ("permitted", "licensee of models_eu")
    # after the licence's window (2027-12-31) the lab may license Europe again
    assert _acts_on(t, "2028-01-01")["models_eu"] == ("permitted", "models_eu ended")
    assert at(t, "2028-01-01").statuses["models_eu"] == "expired"


def test_the_reason_is_typed_and_the_breach_is_dated_in_the_timeline() -> None:
    t = timeline_of(
        LICENCES + "scenario s { grant lab rival models 2026-02-01 { territory france } }\n"
    )
    change = t.last_change("models_eu", "act", at(t, "2026-02-01").at)
    assert change is not None and change.on.isoformat() == "2026-02-01"
    assert change.new == "breach"
    assert isinstance(change.reason, Reason) and change.reason.kind == "grant_judged"
    assert change.reason["verdict"] == "breach" and change.reason["licence"] == "models_eu"
    assert str(change.reason) == (
        "`lab`'s grant of `models` to `rival` on 2026-02-01 is a breach of the exclusive "
        "licence `models_eu`"
    )
    (act,) = [a for a in at(t, "2026-02-01").acts if a.clause == "models_eu"]
    assert act.to_json()["verdict"] == "breach" and act.to_json()["reason"] == str(change.reason)


def test_a_grant_no_licence_touches_is_permitted_and_says_so() -> None:
    t = timeline_of(LICENCES + "scenario s { grant cloud rival models 2026-02-01 }\n")
    (act,) = at(t, "2026-02-01").acts
    assert (act.clause, act.verdict) == (None, "permitted")  # the cloud licenses nothing


def test_a_terminated_licence_no_longer_restricts_its_licensor() -> None:
    t = timeline_of(
        LICENCES.replace("window     effective .. 2027-12-31", "ends_when  cloud_exits")
        + """
event cloud_exits "the cloud gives up its licence"
scenario s {
  cloud_exits 2026-06-30
  grant lab rival models 2026-06-29
  grant lab rival models 2026-06-30
}
"""
    )
    assert _acts_on(t, "2026-06-29")["models_eu"] == ("breach", None)
    verdict, via = _acts_on(t, "2026-06-30")["models_eu"]
    assert verdict == "permitted" and via == "models_eu ended"


def test_act_expectations_name_licences() -> None:
    analysis = analysis_of(
        LICENCES
        + """
scenario s {
  grant lab rival models 2026-02-01
  expect 2026-02-02 {
    act models_eu breach
    act tools_any permitted
    act lab rival breach
  }
  expect 2026-01-31 {
    act models_eu permitted
  }
}
"""
    )
    from termlang.evaluate.expectations import run_expectations

    outcome = run_expectations(analysis.model, analysis.model.scenarios["s"])
    # the last line fails: no act is judged under `models_eu` before 2026-02-01
    assert (outcome.checked, outcome.failed) == (4, 1), [d.message for d in outcome.diagnostics]
    assert "no act" in outcome.diagnostics[0].message


def test_grant_blocks_and_names_are_checked_where_they_are_written() -> None:
    text = "scenario s { grant lab rival models 2026-02-01 { region europe } }\n"
    (d,) = analysis_of(LICENCES + text).diagnostics
    assert d.message == "`region` is not a part of a grant"
    assert (HEADER + LICENCES + text)[d.span.start : d.span.end] == "region"
    text = "scenario s { grant lab rival models 2026-02-01 { territory europa } }\n"
    (d,) = analysis_of(LICENCES + text).diagnostics
    assert d.code == "TL300" and (HEADER + LICENCES + text)[d.span.start : d.span.end] == "europa"
    assert "europe" in (d.help or "")  # did you mean
    deal_block = analysis_of(
        LICENCES + "scenario s { deal lab rival compute 2026-02-01 { field chat } }\n"
    )
    assert any("`deal` expects" in d.message for d in deal_block.diagnostics)


def test_json_scenarios_carry_a_grants_fields_and_territories(tmp_path: Path) -> None:
    m = model_of(LICENCES)
    act = {"act": "grant", "party": "lab", "counterparty": "rival", "scope": "models"}
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps({"acts": [{**act, "on": "2026-02-01", "field": "chat", "territory": ["asia"]}]})
    )
    (read,) = load_scenario(str(good), m).acts
    assert (read.fields, read.territories) == (("chat",), ("asia",))
    t = run(m, load_scenario(str(good), m))
    assert _acts_on(t, "2026-02-01")["models_eu"][1] == "outside the territory of models_eu"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"acts": [{**act, "on": "2026-03-02", "territory": "franse"}]}))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(bad), m)
    (d,) = caught.value.diagnostics
    assert "`territory` takes the scopes of a grant, found `franse`" in d.message
    assert d.code == "TL604" and d.span is not None and d.span.start > 0
    assert "france" in (d.help or "")


def test_exclusivities_judge_a_grant_by_its_fields_and_territories() -> None:
    t = timeline_of(
        LICENCES
        + """
exclusivity eu_only "the lab licenses no one else in Europe" {
  benefits   cloud
  binds      lab
  scope      europe
  carve_out  french_rival { with rival; scope france }
}
scenario s {
  grant lab rival models 2026-02-01 { field compute; territory france }
  grant lab other models 2026-03-02 { field compute; territory france }
  grant lab other models 2026-04-01 { field compute; territory asia }
}
"""
    )
    # outside the licence's field, but inside the exclusivity's scope: carved out for `rival`
    assert _acts_on(t, "2026-02-01")["eu_only"] == ("permitted", "carve-out eu_only.french_rival")
    assert _acts_on(t, "2026-03-02")["eu_only"] == ("breach", None)
    assert "eu_only" not in _acts_on(t, "2026-04-01")  # asia is not in europe
