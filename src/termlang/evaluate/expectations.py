"""Expectations: what a scenario says must hold at a date, checked against the timeline.

    expect 2027-01-01 {
      status       softbank_round.second lapsed
      holder       frontier_models microsoft
      paid         openai_to_msft USD 1_199_999_999.99
      cap_reached  openai_to_msft on_or_before 2029-01-01
    }

Each line is validated first, without evaluating (evaluate/expect_static.py: `TL602`,
`TL603`); then each `Check` reads its typed value from the state at the start of its date
and tests it (`TL601`, stating the expected and the actual value and the change that
produced the actual one).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from attrs import frozen

from termlang import model
from termlang.diagnostics import Diagnostic, Label, Severity
from termlang.evaluate import timeline as tl
from termlang.evaluate.expect_payments import period_of
from termlang.evaluate.expect_static import VOCABULARY, Check, validate
from termlang.scenario_codes import EXPECTATION_FAILED

__all__ = [
    "VOCABULARY",
    "Check",
    "Outcome",
    "failures",
    "figure_warnings",
    "horizon_for",
    "period_of",
    "run_expectations",
    "validate",
]


def _quote(text: str) -> str:
    return f"`{text}`"


def failures(
    checks: Sequence[Check], timeline: tl.Timeline, scenario: model.Scenario, path: str
) -> list[Diagnostic]:
    """A diagnostic for every check that does not hold on `timeline`."""
    out: list[Diagnostic] = []
    for check in checks:
        state = timeline.state_at(check.at)
        if check.passes(state):
            continue
        actual = check.actual(state)
        exp = check.expectation
        notes: list[str] = []
        last = timeline.last_change(check.subject, check.aspect, check.at)
        if last is not None and last.new == actual:
            notes.append(f"{check.subject} became `{last.new}` on {last.on}: {last.reason}")
        elif last is not None:
            # an accruing amount (a penalty, interest) has moved on since its last change:
            # quoting that change's value next to the one found would mislead
            notes.append(f"{check.subject} last changed on {last.on}: {last.reason}")
        elif check.aspect == tl.STATUS:
            notes.append(f"nothing changed `{check.subject}` by {check.at}")
        labels = []
        if scenario.name_span is not None:
            labels.append(Label(scenario.name_span, "in this scenario"))
        out.append(
            Diagnostic(
                code=EXPECTATION_FAILED,
                severity=Severity.ERROR,
                message=f"on {exp.at}, expected {check.describe} to be "
                f"{_quote(check.expected)}, found {_quote(actual)}",
                span=exp.span,
                labels=labels,
                help=f"`termlang timeline {path} --scenario {scenario.name} --to {check.at}` "
                "shows every change up to that day",
                notes=notes,
            )
        )
    return out


def horizon_for(checks: Sequence[Check], scenario: model.Scenario) -> date | None:
    """How far a scenario must be evaluated for its checks (its horizon, or further)."""
    dates = [c.at for c in checks]
    if scenario.horizon is not None:
        dates.append(scenario.horizon)
    return max(dates) if dates else None


@frozen
class Outcome:
    """The result of one scenario's expectations."""

    scenario: str
    checked: int  # expectations written
    failed: int
    diagnostics: tuple[Diagnostic, ...]


def run_expectations(m: model.Model, scenario: model.Scenario) -> Outcome:
    """Validate and check every expectation of `scenario` (evaluating as far as needed)."""
    from termlang.evaluate import run
    from termlang.evaluate.payments import payment_warnings

    checks, problems = validate(m, scenario)
    diagnostics = list(problems)
    failed = 0
    if checks:
        timeline = run(m, scenario, end=horizon_for(checks, scenario))
        found = failures(checks, timeline, scenario, m.path)
        failed = len(found)
        diagnostics.extend(found)
        diagnostics.extend(payment_warnings(m, scenario, timeline))
    diagnostics.extend(figure_warnings(m, scenario))
    return Outcome(
        scenario.name, len(scenario.expectations), failed + len(problems), tuple(diagnostics)
    )


def figure_warnings(m: model.Model, scenario: model.Scenario) -> list[Diagnostic]:
    """TL605 for every figure the interpreter cannot use (overlap, currency)."""
    from termlang.evaluate.revenue import build_streams
    from termlang.scenario_codes import FIGURE_NOT_USED

    _, unused = build_streams(scenario.figures, m.rates)
    return [
        Diagnostic(
            code=FIGURE_NOT_USED,
            severity=Severity.WARNING,
            message=f"the figure for `{fig.period}` is not used: {why}",
            span=fig.span,
            help="give each period of a stream once, in one currency (or declare an "
            "`exchange_rate`)",
        )
        for fig, why in unused
    ]
