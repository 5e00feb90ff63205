"""`termlang check FILE|DIR ...`: every problem of every file, in text, JSON or SARIF."""

from __future__ import annotations

import argparse
import os
import sys

from termlang.diagnostics import Diagnostic, Severity


def _color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def run(args: argparse.Namespace) -> int:
    from termlang.pipeline import analyze_path, collect

    files, problems = collect(args.paths)
    results: list[tuple[str, list[Diagnostic]]] = []
    io_error = bool(problems)
    for path, shown in files:
        analysis = analyze_path(path, shown)
        diags = list(analysis.diagnostics)
        if args.run_scenarios and analysis.model is not None and not analysis.has_errors:
            from termlang.commands.test import expectation_diagnostics

            diags.extend(expectation_diagnostics(analysis))
        io_error |= analysis.io_error
        results.append((shown, sorted(diags, key=Diagnostic.sort_key)))
    if not files and not problems:
        sys.stderr.write("termlang: no .term files found\n")
        return 2

    errors = sum(1 for _, ds in results for d in ds if d.severity is Severity.ERROR)
    warnings = sum(1 for _, ds in results for d in ds if d.severity is Severity.WARNING)
    if args.format == "json":
        from termlang.report import render_json

        sys.stdout.write(render_json(results))
    elif args.format == "sarif":
        from termlang import __version__
        from termlang.codes import all_codes
        from termlang.report import render_sarif

        sys.stdout.write(
            render_sarif(results, rules=all_codes(), tool_version=__version__, base_dir=os.getcwd())
        )
    else:
        from termlang.report import render_diagnostic, summary_line

        color = _color(args.color)
        out = sys.stdout
        for _, diags in results:
            for diag in diags:
                out.write(render_diagnostic(diag, color=color))
                out.write("\n")
        if not args.quiet or errors or warnings:
            out.write(summary_line(errors, warnings, len(results)) + "\n")
    if io_error:
        return 2
    if errors or (args.warnings_as_errors and warnings):
        return 1
    return 0
