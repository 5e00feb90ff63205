"""`termlang explain [CODE]`: the documentation of a diagnostic code."""

from __future__ import annotations

import argparse
import sys

from termlang.commands import EXIT_OK, EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    from termlang.checks import all_codes
    from termlang.names import did_you_mean

    codes = all_codes()
    if args.code is None:
        for entry in sorted(codes.values(), key=lambda r: r.code):
            print(f"{entry.code}  {entry.default_severity.value:<7}  {entry.summary}")
        return EXIT_OK
    code = args.code.upper()
    rule = codes.get(code)
    if rule is None:
        suggestion = did_you_mean(code, sorted(codes))
        hint = f"; did you mean `{suggestion}`?" if suggestion else ""
        sys.stderr.write(f"termlang: unknown code `{args.code}`{hint}\n")
        return EXIT_USAGE
    print(f"{rule.code} ({rule.name}): {rule.summary}")
    print(f"default severity: {rule.default_severity.value}")
    print()
    print(rule.description)
    if code[2] in "45":  # a consistency check: it can be suppressed in the file
        print()
        print(f'to accept a finding for one clause, write `allow {code} "reason"` inside it;')
        print("the reason is shown in every report (see docs/checks.md)")
    return EXIT_OK
