"""Small agreements for the tests of scenario facts (issue 12)."""

from __future__ import annotations

from datetime import date
from typing import Any

import termlang
from termlang.diagnostics import Diagnostic
from termlang.evaluate import Timeline, pick_scenario, run

HEADER = """\
agreement "Facts" {
  kind       definitive
  binding    yes
  effective  2026-01-01
}
party lab "Lab" role company
party cloud "Cloud" role investor
party fund "Fund" role investor
entity rival "Rival"
entity other "Other cloud"
entity angel "Angel LLC"
asset models "the lab's models"
scope partnerships "model partnerships"
scope copilot "models in the assistant" within partnerships
scope compute "purchase of compute"
event model_release recurring "the lab releases a new model"
event safety_report recurring "the safety board receives a model's report"
"""


def analysis_of(body: str) -> Any:
    return termlang.check_text(HEADER + body, "facts.term", run_checks=True)


def model_of(body: str) -> Any:
    analysis = termlang.check_text(HEADER + body, "facts.term", run_checks=False)
    errors = [d.message for d in analysis.diagnostics if d.severity.value == "error"]
    assert not errors, errors
    return analysis.model


def timeline_of(body: str, scenario: str | None = None) -> Timeline:
    m = model_of(body)
    return run(m, pick_scenario(m, scenario))


def at(timeline: Timeline, day: str) -> Any:
    return timeline.state_at(date.fromisoformat(day))


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


def reason(timeline: Timeline, subject: str, aspect: str, day: str) -> str:
    change = timeline.last_change(subject, aspect, date.fromisoformat(day))
    assert change is not None, f"no {aspect} change of {subject} by {day}"
    return change.reason
