"""`termlang check FILE|DIR ...`: every problem of every file, in text, JSON or SARIF."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from termlang.commands import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from termlang.diagnostics import Diagnostic, Severity
from termlang.textsafe import show_controls

if TYPE_CHECKING:
    from termlang.checks import Suppressed


def _split(diags: list[Diagnostic]) -> tuple[list[Diagnostic], list[Suppressed]]:
    """Findings to report, and findings an `allow` in the file suppressed."""
    from termlang.checks import Suppressed

    kept = [d for d in diags if not isinstance(d, Suppressed)]
    return kept, [d for d in diags if isinstance(d, Suppressed)]


def _json_suppressed(items: list[Suppressed]) -> list[dict[str, Any]]:
    from termlang.report import json_range

    return [
        {
            "code": d.code,
            "severity": d.original.value,
            "message": d.message,
            "reason": d.reason,
            "range": None if d.span is None else json_range(d.span),
            "allow": None if d.allow_span is None else json_range(d.allow_span),
        }
        for d in items
    ]


def _sarif_suppressed(
    log: dict[str, Any], results: list[tuple[str, list[Diagnostic]]], suppressed: list[Suppressed]
) -> None:
    """Mark the SARIF results of suppressed findings with an in-source suppression."""
    from termlang.report import sarif_physical

    by_position = iter(log["runs"][0]["results"])
    reasons = {id(d): d for d in suppressed}
    for _, diags in results:
        for diag in diags:
            result = next(by_position)
            found = reasons.get(id(diag))
            if found is None:
                continue
            entry: dict[str, Any] = {"kind": "inSource", "justification": found.reason}
            if found.allow_span is not None:
                entry["location"] = {
                    "physicalLocation": sarif_physical(found.allow_span, os.getcwd())
                }
            result["suppressions"] = [entry]


def _write_witnesses(folder: str, found: list[tuple[Any, Diagnostic]]) -> bool:
    """`--witness DIR`: one scenario file per witnessed finding; says whether writing failed."""
    from pathlib import Path

    from termlang.checks.witness import write_witnesses
    from termlang.files import WriteRefused

    try:
        written = write_witnesses(Path(folder), found)
    except (OSError, WriteRefused) as exc:
        sys.stderr.write(show_controls(f"termlang: cannot write witnesses to {folder}: {exc}\n"))
        return True
    for path, name in written:
        sys.stderr.write(show_controls(f"witness: {path} (scenario `{name}`)\n"))
    return False


def run(args: argparse.Namespace) -> int:
    from termlang.pipeline import analyze_path, cap_diagnostics, collect

    files, problems = collect(args.paths, args.allow_outside)
    results: list[tuple[str, list[Diagnostic]]] = [(shown, [d]) for shown, d in problems]
    suppressed: list[tuple[str, list[Suppressed]]] = [(shown, []) for shown, _ in problems]
    io_error = False
    witnesses: list[tuple[Any, Diagnostic]] = []
    for path, shown, access in files:
        analysis = analyze_path(path, shown, access=access)
        diags, quiet = _split(list(analysis.diagnostics))
        witnesses.extend((path, d) for d in diags)
        if args.run_scenarios and analysis.model is not None and not analysis.has_errors:
            from termlang.commands.test import expectation_diagnostics

            diags.extend(expectation_diagnostics(analysis))
            diags = list(cap_diagnostics(shown, diags))
        elif analysis.model is not None and not analysis.has_errors and analysis.model.scenarios:
            # `expect` lines are validated without running them (what `test` reports first)
            from termlang.evaluate import expect_static

            diags.extend(expect_static.problems(analysis.model))
            diags = list(cap_diagnostics(shown, diags))
        if (
            getattr(args, "verify", False)
            and analysis.model is not None
            and not analysis.has_errors
        ):
            from termlang.commands.verify import verification_diagnostics

            diags.extend(verification_diagnostics(analysis.model, args.verify_budget))
        io_error |= analysis.io_error
        results.append((shown, sorted(diags, key=Diagnostic.sort_key)))
        suppressed.append((shown, sorted(quiet, key=Diagnostic.sort_key)))
    all_suppressed = [d for _, ds in suppressed for d in ds]
    if not files and not problems:
        sys.stderr.write("termlang: no .term files found\n")
        return EXIT_USAGE

    if getattr(args, "witness", None):
        io_error |= _write_witnesses(args.witness, witnesses)
    errors = sum(1 for _, ds in results for d in ds if d.severity is Severity.ERROR)
    warnings = sum(1 for _, ds in results for d in ds if d.severity is Severity.WARNING)
    if args.format == "json":
        from termlang.report import dump_json, json_report

        doc = json_report(results)
        doc["suppressed"] = _json_suppressed(all_suppressed)
        sys.stdout.write(dump_json(doc))
    elif args.format == "sarif":
        from termlang import __version__
        from termlang.checks import all_codes, unsuppress
        from termlang.report import dump_json, sarif_log

        # Suppressed findings go in too, at their own level, marked as suppressed in source.
        shown_results: list[tuple[str, list[Diagnostic]]] = [
            (path, [*diags, *quiet]) for (path, diags), (_, quiet) in zip(results, suppressed)
        ]
        log = sarif_log(
            [(path, [unsuppress(d) for d in diags]) for path, diags in shown_results],
            rules=all_codes(),
            tool_version=__version__,
            base_dir=os.getcwd(),
        )
        _sarif_suppressed(log, shown_results, all_suppressed)
        sys.stdout.write(dump_json(log))
    else:
        from termlang.commands._output import write_diagnostics
        from termlang.report import summary_line

        out = sys.stdout
        for _, diags in results:
            write_diagnostics(diags, out, choice=args.color)
        if not args.quiet or errors or warnings:
            out.write(summary_line(errors, warnings, len(results)) + "\n")
        if all_suppressed and not args.quiet:
            count = len(all_suppressed)
            out.write(f"{count} finding{'s' if count != 1 else ''} suppressed by `allow`:\n")
            for d in all_suppressed:
                where = ""
                if d.span is not None:
                    pos = d.span.start_pos
                    where = f"{d.span.path}:{pos.line}:{pos.column}: "
                out.write(show_controls(f"  {where}{d.code} {d.message}\n    reason: {d.reason}\n"))
    if io_error:
        return EXIT_USAGE
    if errors or (args.warnings_as_errors and warnings):
        return EXIT_FINDINGS
    return EXIT_OK
