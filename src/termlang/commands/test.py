"""`termlang test FILE|DIR ...`: run the expectations written in scenarios.

Exit status: 0 when every expectation holds, 1 when one fails (or a file has errors), 2 when
a file cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from termlang.diagnostics import Diagnostic, Severity


def expectation_diagnostics(analysis: Any) -> list[Diagnostic]:
    """Every problem with, and failure of, the expectations of every scenario of a file
    (used by `termlang check --run-scenarios`)."""
    found: list[Diagnostic] = []
    for outcome in outcomes(analysis):
        found.extend(outcome.diagnostics)
    return found


def outcomes(analysis: Any) -> list[Any]:
    from termlang.evaluate.expectations import run_expectations

    model = analysis.model
    if model is None:
        return []
    return [run_expectations(model, s) for s in model.scenarios.values() if s.expectations]


def json_scenarios(paths: list[str]) -> list[str]:
    """JSON scenarios to test: `.json` paths given, and `*.json` in `scenarios/` folders."""
    from pathlib import Path

    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_file() and path.suffix == ".json":
            found.append(raw)
        elif path.is_dir():
            for candidate in sorted(path.rglob("scenarios/*.json")):
                if not any(part.startswith(".") for part in candidate.parts):
                    found.append(str(candidate))
    return found


def run_json(shown: str) -> tuple[list[Diagnostic], Any]:
    """Test one JSON scenario against the agreement it names."""
    from pathlib import Path

    from termlang.evaluate.codes import BAD_SCENARIO_FILE
    from termlang.evaluate.expectations import run_expectations
    from termlang.evaluate.scenario_json import agreement_of, load_scenario
    from termlang.evaluate.scenarios import ScenarioError
    from termlang.pipeline import analyze_path

    agreement = agreement_of(shown)
    if agreement is None:
        return [
            Diagnostic(
                code=BAD_SCENARIO_FILE,
                severity=Severity.ERROR,
                message=f"`{shown}` does not name its agreement",
                span=None,
                help='add `"agreement": "../file.term"` (relative to the JSON file)',
            )
        ], None
    analysis = analyze_path(Path(agreement), agreement)
    if analysis.model is None or analysis.has_errors:
        return [d for d in analysis.diagnostics if d.severity is Severity.ERROR], None
    try:
        scenario = load_scenario(shown, analysis.model)
    except ScenarioError as exc:
        return list(exc.diagnostics), None
    outcome = run_expectations(analysis.model, scenario)
    return sorted(outcome.diagnostics, key=Diagnostic.sort_key), outcome


def run(args: argparse.Namespace) -> int:
    from termlang.pipeline import analyze_path, collect
    from termlang.report import render_diagnostic, render_json

    files, problems = collect([p for p in args.paths if not p.endswith(".json")])
    scenario_files = json_scenarios(args.paths)
    if not files and not problems and not scenario_files:
        sys.stderr.write("termlang: no .term files found\n")
        return 2
    results: list[tuple[str, list[Diagnostic]]] = []
    io_error = bool(problems)
    checked = failed = scenarios = 0
    broken = 0
    for path, shown in files:
        analysis = analyze_path(path, shown)
        io_error |= analysis.io_error
        diags = [d for d in analysis.diagnostics if d.severity is Severity.ERROR]
        if analysis.model is None or analysis.has_errors:
            broken += 1
            results.append((shown, diags))
            continue
        for outcome in outcomes(analysis):
            scenarios += 1
            checked += outcome.checked
            failed += outcome.failed
            diags.extend(outcome.diagnostics)
        results.append((shown, sorted(diags, key=Diagnostic.sort_key)))
    for shown in scenario_files:
        diags, outcome = run_json(shown)
        if outcome is None:
            broken += 1
        else:
            scenarios += 1
            checked += outcome.checked
            failed += outcome.failed
        results.append((shown, diags))

    if args.format == "json":
        sys.stdout.write(render_json(results))
    else:
        out = sys.stdout
        for _, diags in results:
            for diag in diags:
                out.write(render_diagnostic(diag, color=out.isatty()))
                out.write("\n")
        passed = checked - min(failed, checked)
        line = (
            f"{passed} of {checked} expectation{'s' if checked != 1 else ''} passed in "
            f"{scenarios} scenario{'s' if scenarios != 1 else ''}, "
            f"{len(results)} file{'s' if len(results) != 1 else ''}"
        )
        if broken:
            line += f"; {broken} file{'s' if broken != 1 else ''} with errors not evaluated"
        out.write(line + "\n")
    if io_error:
        return 2
    errors = any(d.severity is Severity.ERROR for _, ds in results for d in ds)
    return 1 if errors or failed or broken else 0
