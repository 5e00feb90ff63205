"""`termlang test FILE|DIR ...`: run the expectations written in scenarios.

Exit status: 0 when every expectation holds, 1 when one fails (or a file has errors), 2 when
a file cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import attrs

from termlang.access import Access
from termlang.commands import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
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


def json_scenarios(paths: list[str], allow: list[str]) -> list[tuple[str, Access]]:
    """JSON scenarios to test: `.json` paths given, and `*.json` in `scenarios/` folders
    (walked without following links out of the folder named), each with the policy for
    the agreement it names."""
    from pathlib import Path

    from termlang.access import walk

    found: list[tuple[str, Access]] = []
    for raw in paths:
        path = Path(raw)
        access = Access.for_named(path, allow)
        if path.suffix == ".json" and not path.is_dir():
            found.append((raw, access))
        elif path.is_dir():
            for candidate, followed in walk(path):
                if (
                    followed
                    and candidate.suffix == ".json"
                    and candidate.parent.name == "scenarios"
                ):
                    found.append((str(candidate), access))
    return found


def run_json(shown: str, access: Access) -> tuple[list[Diagnostic], Any]:
    """Test one JSON scenario against the agreement it names, read only if `access`
    admits it (inside the project, a regular .term file): nothing of a refused file is
    read, so nothing of it can be shown."""
    from pathlib import Path

    from termlang.evaluate.expectations import run_expectations
    from termlang.evaluate.scenario_json import agreement_of, read_json, scenario_of
    from termlang.evaluate.scenarios import ScenarioError
    from termlang.pipeline import analyze, read

    try:
        source, root = read_json(shown)
    except ScenarioError as exc:
        return list(exc.diagnostics), None
    named = agreement_of(source, root)
    if isinstance(named, Diagnostic):
        return [named], None
    agreement, where = named
    text, problems, _io = read(Path(agreement), agreement, access)
    if text is None:
        return [attrs.evolve(d, span=where) for d in problems], None
    analysis = analyze(text, origin=Path(agreement), access=access)
    if analysis.model is None or analysis.has_errors:
        return [d for d in analysis.diagnostics if d.severity is Severity.ERROR], None
    try:
        scenario = scenario_of(source, root, analysis.model)
    except ScenarioError as exc:
        return list(exc.diagnostics), None
    outcome = run_expectations(analysis.model, scenario)
    return sorted(outcome.diagnostics, key=Diagnostic.sort_key), outcome


def run(args: argparse.Namespace) -> int:
    from termlang.commands._output import write_diagnostics
    from termlang.pipeline import analyze_path, cap_diagnostics, collect
    from termlang.report import dump_json, json_report

    allow = args.allow_outside
    files, problems = collect([p for p in args.paths if not p.endswith(".json")], allow)
    scenario_files = json_scenarios(args.paths, allow)
    if not files and not problems and not scenario_files:
        sys.stderr.write("termlang: no .term files found\n")
        return EXIT_USAGE
    results: list[tuple[str, list[Diagnostic]]] = [(shown, [d]) for shown, d in problems]
    io_error = False
    checked = failed = scenarios = 0
    broken = 0
    for path, shown, access in files:
        analysis = analyze_path(path, shown, access=access)
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
        results.append((shown, sorted(cap_diagnostics(shown, diags), key=Diagnostic.sort_key)))
    for shown, access in scenario_files:
        diags, outcome = run_json(shown, access)
        diags = list(cap_diagnostics(shown, diags))
        if outcome is None:
            broken += 1
        else:
            scenarios += 1
            checked += outcome.checked
            failed += outcome.failed
        results.append((shown, diags))

    if args.format == "json":
        sys.stdout.write(dump_json(json_report(results)))
    else:
        out = sys.stdout
        for _, diags in results:
            write_diagnostics(diags, out)
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
        return EXIT_USAGE
    errors = any(d.severity is Severity.ERROR for _, ds in results for d in ds)
    return EXIT_FINDINGS if errors or failed or broken else EXIT_OK
