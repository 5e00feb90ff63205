"""Scenarios in their own .term file: `uses "agreement.term"` then `scenario` blocks."""

from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLES
from termlang.pipeline import analyze_path

AGREEMENT = """agreement "Tiny" {
  kind       mou
  binding    no
  effective  2025-01-01
  long_stop  2025-12-31
  signing    signed
}
party a "A"
event signed "signed"
"""


def codes_lines(path: Path) -> list[tuple[str, int, str]]:
    analysis = analyze_path(path, path.name)
    return [
        (d.code, d.span.start_pos.line if d.span else 0, d.span.path if d.span else "")
        for d in analysis.diagnostics
    ]


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_flagship_scenario_file_resolves_against_the_flagship() -> None:
    analysis = analyze_path(EXAMPLES / "openai-microsoft-mou.scenarios.term")
    assert not analysis.diagnostics
    assert analysis.model is not None and "regulator_blocks" in analysis.model.scenarios
    assert analysis.model.agreement is not None


def test_a_scenario_naming_an_unknown_event_is_located_in_the_scenario_file(tmp_path: Path) -> None:
    write(tmp_path, "deal.term", AGREEMENT)
    scen = write(
        tmp_path, "what-if.term", 'uses "deal.term"\nscenario s {\n  sigend 2025-06-01\n}\n'
    )
    assert codes_lines(scen) == [("TL300", 3, "what-if.term")]


def test_missing_agreement_file(tmp_path: Path) -> None:
    scen = write(tmp_path, "what-if.term", 'uses "nowhere.term"\nscenario s {\n  default\n}\n')
    assert codes_lines(scen) == [("TL306", 1, "what-if.term")]


def test_agreement_with_errors_is_reported_once_at_uses(tmp_path: Path) -> None:
    write(tmp_path, "deal.term", AGREEMENT.replace("kind       mou", "kind       moo"))
    scen = write(tmp_path, "what-if.term", 'uses "deal.term"\nscenario s {\n  default\n}\n')
    diags = analyze_path(scen, scen.name).diagnostics
    assert [(d.code, d.message) for d in diags] == [("TL306", "`deal.term` has 1 error")]


def test_only_scenarios_in_a_scenario_file(tmp_path: Path) -> None:
    write(tmp_path, "deal.term", AGREEMENT)
    scen = write(tmp_path, "what-if.term", 'uses "deal.term"\nevent extra "x"\n')
    assert codes_lines(scen) == [("TL306", 2, "what-if.term")]


def test_uses_must_name_an_agreement_file(tmp_path: Path) -> None:
    write(tmp_path, "deal.term", AGREEMENT)
    write(tmp_path, "first.term", 'uses "deal.term"\n')
    scen = write(tmp_path, "second.term", 'uses "first.term"\n')
    assert codes_lines(scen) == [("TL306", 1, "second.term")]
    bad = write(tmp_path, "third.term", "uses deal\n")
    assert codes_lines(bad) == [("TL306", 1, "third.term")]
