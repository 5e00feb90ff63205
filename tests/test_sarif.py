"""`termlang check --format sarif` on real findings: valid SARIF 2.1.0 that GitHub code
scanning accepts (every rule listed with its description, stable ids, relative paths,
regions, in-source suppressions)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import FIXTURES, ROOT
from termlang.checks import CHECK_RULES
from termlang.cli import main

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0.json").read_text())
BAD = FIXTURES / "checks" / "bad"
SUPPRESSED = FIXTURES / "checks" / "good" / "unused-allow.term"


def _sarif(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> tuple[int, dict[str, Any]]:
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(["check", "--format", "sarif", *(str(p.relative_to(ROOT)) for p in paths)])
    return status, json.loads(out.getvalue())


def _validate(doc: dict[str, Any]) -> None:
    validator_class = jsonschema.validators.validator_for(SCHEMA)
    validator_class.check_schema(SCHEMA)
    validator_class(SCHEMA).validate(doc)


def test_the_schema_is_draft_04() -> None:
    # The validator must be the one the schema asks for, not the library's default.
    assert jsonschema.validators.validator_for(SCHEMA) is jsonschema.Draft4Validator


def test_findings_of_every_check_validate(monkeypatch: pytest.MonkeyPatch) -> None:
    status, doc = _sarif(monkeypatch, BAD, SUPPRESSED)
    assert status == 1
    _validate(doc)
    results = doc["runs"][0]["results"]
    reported = {r["ruleId"] for r in results}
    assert {r.code for r in CHECK_RULES} <= reported


def test_rules_are_listed_with_descriptions_and_stable_ids(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, doc = _sarif(monkeypatch, BAD / "TL430-collaboration-breaches-exclusivity.term")
    driver = doc["runs"][0]["tool"]["driver"]
    rules = {r["id"]: r for r in driver["rules"]}
    for rule in CHECK_RULES:
        entry = rules[rule.code]
        assert entry["name"] == rule.name
        assert entry["shortDescription"]["text"] == rule.summary
        assert entry["fullDescription"]["text"] == rule.description
    [result] = doc["runs"][0]["results"]
    assert result["ruleId"] == "TL430"
    assert driver["rules"][result["ruleIndex"]]["id"] == "TL430"


def test_locations_are_relative_with_regions(monkeypatch: pytest.MonkeyPatch) -> None:
    path = BAD / "TL430-collaboration-breaches-exclusivity.term"
    _, doc = _sarif(monkeypatch, path)
    [result] = doc["runs"][0]["results"]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {
        "uri": path.relative_to(ROOT).as_posix(),
        "uriBaseId": "%SRCROOT%",
    }
    assert physical["region"] == {"startLine": 23, "startColumn": 3, "endLine": 23, "endColumn": 16}
    related = result["relatedLocations"]
    assert {r["physicalLocation"]["region"]["startLine"] for r in related} == {17, 24}
    assert all(r["message"]["text"] for r in related)


def test_suppressed_findings_carry_an_in_source_suppression(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    status, doc = _sarif(monkeypatch, SUPPRESSED)
    assert status == 0
    _validate(doc)
    [result] = doc["runs"][0]["results"]
    assert result["ruleId"] == "TL400"
    assert result["level"] == "error"  # its own level: GitHub shows it as suppressed
    [suppression] = result["suppressions"]
    assert suppression["kind"] == "inSource"
    assert suppression["justification"].startswith("the remaining 1% is held in escrow")
    region = suppression["location"]["physicalLocation"]["region"]
    assert region["startLine"] == 15
