"""Rounds: subscriptions and amounts raised against a target and a maximum."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import EXAMPLES, ROOT
from facts_helpers import analysis_of, at, codes, timeline_of
from termlang.cli import main

ROUND = """
investment a_seed { investor cloud; recipient lab; commitment USD 1.5M
  tranche first { amount USD 600K; on 2026-03-02 }
  tranche second { amount USD 900K; on 2026-06-15 } }
investment f_seed { investor fund; recipient lab; commitment USD 1M
  tranche only { amount USD 1M; on 2026-06-15 } }
investment angel_seed { investor angel; recipient lab; commitment USD 750K
  tranche only { amount USD 750K; on 2026-06-15 } }
round seed "Seed round" {
  issuer       lab
  investments  a_seed, f_seed, angel_seed
  target       USD 2M
  maximum      USD 3M
  closes       2026-06-30
}
"""


def test_subscriptions_and_raises_against_the_size() -> None:
    t = timeline_of(ROUND + "scenario s { horizon 2026-12-31 }\n")
    subscribed = at(t, "2026-01-01").rounds["seed"]["subscribed"]
    # 1.5M + 1M + 750K = USD 3.25M against up to USD 3M
    assert (str(subscribed.total), subscribed.verdict, str(subscribed.gap)) == (
        "USD 3.25M",
        "over",
        "USD 250K",
    )
    march = at(t, "2026-03-02").rounds["seed"]["raised"]
    assert (str(march.total), march.verdict) == ("USD 600K", "within")  # still raising
    june = at(t, "2026-06-30").rounds["seed"]["raised"]
    assert str(june.total) == "USD 3.25M" and june.verdict == "over"
    assert dict((i, str(a)) for i, a in june.by_investor) == {
        "cloud": "USD 1.5M",
        "fund": "USD 1M",
        "angel": "USD 750K",
    }
    assert str(at(t, "2026-06-30").funded["angel"]) == "USD 750K"  # an outside investor


def test_a_round_short_of_its_target_at_closing_is_under_subscribed() -> None:
    t = timeline_of(
        ROUND + "scenario s { funded f_seed.only USD 100K; funded angel_seed.only USD 100K }\n"
    )
    # closes 2026-06-30 with... 600K + 900K + 100K + 100K = 1.7M: USD 300K under USD 2M
    closed = at(t, "2026-06-30").rounds["seed"]["raised"]
    assert (str(closed.total), closed.verdict, str(closed.gap)) == ("USD 1.7M", "under", "USD 300K")


def test_the_summary_says_who_is_bound() -> None:
    from termlang.render import render

    analysis = analysis_of(ROUND)
    text = str(render(analysis.model, output_format="md"))
    assert "Angel LLC is not a party and not bound by this agreement" in text


def test_round_checks() -> None:
    found = codes(
        analysis_of(
            ROUND.replace("  target       USD 2M\n  maximum      USD 3M\n", "")
            + "round again { issuer cloud; investments a_seed; maximum USD 1M }\n"
        ).diagnostics
    )
    assert "TL827" in found and "TL828" in found


SCHEMA = json.loads((ROOT / "docs" / "scenario.schema.json").read_text(encoding="utf-8"))
JSON_SCENARIOS = sorted(EXAMPLES.rglob("*.json"))


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", JSON_SCENARIOS, ids=lambda p: p.name)
def test_every_example_json_scenario_follows_the_schema(path: Path) -> None:
    jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), SCHEMA)
    assert main(["test", str(path)]) == 0


def test_the_schema_rejects_what_termlang_rejects() -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for bad in (
        {
            "acts": [
                {"act": "buy", "party": "a", "counterparty": "b", "scope": "c", "on": "2026-01-01"}
            ]
        },
        {"measure": {"pue": {"2026-Q5": 1.2}}},
        {"funded": {"seed": "USD 1M"}},
        {"occurrences": {"model_release": {"gpt_6": {"ga": "2026-01-01"}}}},
        {"horizon": "31/12/2026"},
        {"unknown": 1},
    ):
        assert list(validator.iter_errors(bad)), bad


def test_json_facts_are_read_and_their_mistakes_located(tmp_path: Path) -> None:
    import termlang
    from termlang.evaluate import ScenarioError, run
    from termlang.evaluate.scenario_json import load_scenario

    m = termlang.check(str(EXAMPLES / "openai-microsoft-mou.term"), run_checks=False).model
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps(
            {
                "occurrences": {"model_release": {"r1": {"on": "2026-02-10", "ga": "2026-03-01"}}},
                "measure": {"pue": {"2027": 1.25}},
                "funded": {"softbank_round.first": "USD 8.5B"},
            }
        )
    )
    t = run(m, load_scenario(str(good), m))
    from datetime import date

    state = t.state_at(date(2028, 1, 1))
    assert state.statuses["msft_frontier_access.r1"] == "breached"
    assert str(state.observed["azure_capacity.pue"]["2027"].gap) == "0.05"  # exact, not a float
    assert str(state.funded["softbank"]) == "USD 8.5B"
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "events": {"model_release": "2026-01-01"},
                "occurrences": {"agi_declared": {"x": "2026-01-01"}},
                "measure": {"pue": {"2027": "lots"}},
                "funded": {"softbank_round.frist": "USD 1B"},
                "acts": [
                    {
                        "act": "buy",
                        "party": "openai",
                        "counterparty": "oracle",
                        "scope": "compute_sourcing",
                        "on": "2026-01-01",
                    }
                ],
            }
        )
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(bad), m)
    messages = [d.message for d in caught.value.diagnostics]
    assert len(messages) == 5 and all(d.code == "TL604" for d in caught.value.diagnostics)
    assert all(d.span is not None and d.span.start > 0 for d in caught.value.diagnostics)


def test_the_published_schema_knows_every_key_the_reader_accepts() -> None:
    """docs/scenario.schema.json and the JSON reader say the same top-level keys, and a
    scenario using the instruments' and payments' lines validates."""
    from termlang.evaluate.scenario_json import KEYS

    schema = SCHEMA
    assert set(schema["properties"]) == set(KEYS)
    jsonschema.validate(
        {
            "name": "s",
            "financing": {"series_a": {"price": "USD 2", "raised": "USD 4M", "pool_increase": 5}},
            "proceeds": {"dissolution": "USD 900K"},
            "elections": [{"clause": "note_a", "choice": "convert", "on": "2027-03-01"}],
            "consents": [{"series": "notes", "on": "2026-09-01", "holders": ["a", "b"]}],
            "capitalization": 8000000,
            "payments": {"fee": {"2026-Q2": "2026-08-15 GBP 50K", "2026-09-01": "GBP 10K"}},
        },
        schema,
    )
