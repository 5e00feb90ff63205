"""What `eval` and `timeline` share: read the file, choose the scenario, read dates.

Every problem becomes a diagnostic printed on stderr, never a traceback; `Refused` carries
the exit status (1 for problems in the input, 2 for unreadable files or bad arguments).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from termlang import model
from termlang.diagnostics import Diagnostic, Severity
from termlang.evaluate.scenarios import ScenarioError, pick_scenario
from termlang.scenario_codes import BAD_DATE, NOT_EVALUABLE


class Refused(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def for_reading(text: str) -> str:
    """Amounts as a terminal reader expects them: `USD 1_495_890_410.96` -> `USD 1,495,890,410.96`.

    Only digit groups change (a `_` between digits, before three more); JSON output keeps the
    language's own notation.
    """
    import re

    return re.sub(r"(?<=\d)_(?=\d{3})", ",", text)


def report(diagnostics: list[Diagnostic]) -> None:
    from termlang.commands._output import write_diagnostics

    write_diagnostics(diagnostics)


def parse_date(text: str | None, flag: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        bad_date(f"`{flag} {text}` is not a date", "write dates as YYYY-MM-DD, like `2027-01-01`")
        raise Refused(2) from None


def bad_date(message: str, help: str) -> None:
    """Report a date given on the command line that cannot be used (BAD_DATE, no span)."""
    report(
        [Diagnostic(code=BAD_DATE, severity=Severity.ERROR, message=message, span=None, help=help)]
    )


def open_model(path: str, allow: list[str] | None = None) -> model.Model:
    """The model of a file `check` accepts (warnings are shown, errors refuse); `allow` is
    `--allow-outside` (termlang.access)."""
    from termlang.access import Access
    from termlang.pipeline import analyze_path

    analysis = analyze_path(Path(path), path, access=Access.for_named(path, allow or ()))
    if analysis.model is None or analysis.has_errors:
        problems = [d for d in analysis.diagnostics if d.severity is Severity.ERROR]
        report(problems)
        if not analysis.io_error:
            report(
                [
                    Diagnostic(
                        code=NOT_EVALUABLE,
                        severity=Severity.ERROR,
                        message=f"`{path}` has errors, so it cannot be evaluated",
                        span=None,
                        help=f"run `termlang check {path}` and fix what it reports",
                    )
                ]
            )
        raise Refused(2 if analysis.io_error else 1)
    return analysis.model


def choose_scenario(m: model.Model, name: str | None) -> model.Scenario:
    """`--scenario NAME` (a scenario of the file, or a `.json` scenario file)."""
    try:
        if name is not None and name.endswith(".json"):
            from termlang.evaluate.scenario_json import load_scenario

            return load_scenario(name, m)
        return pick_scenario(m, name)
    except ScenarioError as exc:
        report(exc.diagnostics)
        # a scenario name that does not exist is a usage error (2), like `diff`; a JSON
        # scenario with wrong content is a finding in that file (1)
        raise Refused(1 if name is not None and name.endswith(".json") else 2) from None


def warn_figures(m: model.Model, scenario: model.Scenario) -> None:
    from termlang.evaluate.expectations import figure_warnings

    report(figure_warnings(m, scenario))
