"""`termlang verify FILE`: each property proved, refuted by a counter-example, or unknown.

Exit status: 0 when every property is proved, 1 when one is refuted or unknown (never a
silent pass), 2 for usage errors (a file that cannot be read or has errors, a bad flag).
`--write-scenario DIR` saves each counter-example as a scenario file that `uses` the
agreement, which `termlang eval`, `timeline` and `render` accept unchanged.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from termlang.commands import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from termlang.diagnostics import Diagnostic
from termlang.textsafe import show_controls


def verification_diagnostics(m: Any, budget: float | None) -> list[Diagnostic]:
    """`check --verify`: a TL900/TL901/TL902 diagnostic for each property not proved."""
    from termlang.verify import verify_model
    from termlang.verify.counterexample import diagnostic

    results = verify_model(m, budget=budget)
    return [d for d in (diagnostic(r) for r in results) if d is not None]


def run(args: argparse.Namespace) -> int:
    from termlang.commands._inputs import Refused, open_model
    from termlang.verify import COUNTER_EXAMPLE, PROVED, verify_model
    from termlang.verify.counterexample import (
        breaking_rows,
        course_lines,
        diagnostic,
        scenario_name,
        scenario_text,
        to_json,
        verdict_line,
    )

    if args.budget is not None and args.budget <= 0:
        sys.stderr.write("termlang: error: --budget takes a positive number of seconds\n")
        return EXIT_USAGE
    try:
        m = open_model(args.file, args.allow_outside)
    except Refused as refused:
        return 2 if refused.status in (1, 2) else refused.status
    wanted = tuple(args.property or ())
    unknown = [n for n in wanted if n not in m.properties]
    if unknown:
        from termlang.names import did_you_mean

        hint = did_you_mean(unknown[0], list(m.properties))
        sys.stderr.write(
            f"termlang: error: no property named `{unknown[0]}` in `{args.file}`"
            + (f"; did you mean `{hint}`?" if hint else "")
            + "\n"
        )
        return EXIT_USAGE
    results = verify_model(m, budget=args.budget, names=wanted)
    written: dict[str, str] = {}
    if args.write_scenario:
        from termlang.files import WriteRefused, write_file

        out_dir = Path(args.write_scenario)
        out_dir.mkdir(parents=True, exist_ok=True)
        agreement = Path(args.file).resolve()
        uses = os.path.relpath(agreement, out_dir.resolve()).replace(os.sep, "/")
        for r in results:
            if r.status != COUNTER_EXAMPLE:
                continue
            target = out_dir / f"{scenario_name(r)}.term"
            try:
                write_file(target, scenario_text(r, uses).encode("utf-8"), inputs=[agreement])
            except (WriteRefused, OSError) as exc:
                sys.stderr.write(f"termlang: cannot write `{target}`: {exc}\n")
                return EXIT_USAGE
            written[r.name] = str(target)
    if args.format == "json":
        doc = {
            "file": args.file,
            "properties": [to_json(r, written.get(r.name)) for r in results],
        }
        from termlang.report import dump_json

        sys.stdout.write(dump_json(doc))
    elif args.format == "sarif":
        from termlang import __version__
        from termlang.checks import all_codes
        from termlang.report import dump_json, sarif_log

        diags = [d for d in (diagnostic(r) for r in results) if d is not None]
        log = sarif_log(
            [(args.file, diags)], rules=all_codes(), tool_version=__version__, base_dir=os.getcwd()
        )
        sys.stdout.write(dump_json(log))
    else:
        out = sys.stdout
        if not results:
            out.write(f"no property to verify in {show_controls(args.file)}\n")
        for r in results:
            out.write(show_controls(verdict_line(r)) + "\n")
            if r.status != COUNTER_EXAMPLE or r.course is None:
                continue
            out.write("  course of events:\n")
            for line in course_lines(r.course):
                out.write(show_controls(f"    {line}") + "\n")
            out.write(f"  timeline up to {r.breach}:\n")
            for c in breaking_rows(r):
                out.write(
                    show_controls(f"    {c.on}  {c.subject} {c.aspect}: {c.new}  ({c.reason})")
                    + "\n"
                )
            if r.name in written:
                out.write(f"  saved as {show_controls(written[r.name])}\n")
        proved = sum(r.status == PROVED for r in results)
        out.write(f"{proved} of {len(results)} properties proved\n")
    return EXIT_OK if all(r.status == PROVED for r in results) else EXIT_FINDINGS
