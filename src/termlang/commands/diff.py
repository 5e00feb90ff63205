"""`termlang diff OLD NEW` / `termlang diff --git REV FILE`: a redline in the deal's words.

Exit status: 0 when the versions mean the same, 1 when they differ, 2 for usage and I/O
problems (a missing file, git or a revision that does not exist) and for syntax errors, the
only problems that stop a comparison: a version with consistency errors still diffs, and its
findings are listed beside the changes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Any

from termlang.diagnostics import Diagnostic, Severity


def _problem(message: str, help: str | None = None, code: str = "TL001") -> Diagnostic:
    return Diagnostic(code=code, severity=Severity.ERROR, message=message, span=None, help=help)


def _git_show(rev: str, file: str) -> tuple[bytes | None, str, list[Diagnostic]]:
    """The bytes of `file` at git revision `rev` (path relative to the repository root)."""
    path = Path(file).resolve()
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=path.parent if path.parent.is_dir() else Path.cwd(),
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        return None, "", [_problem("`git` is not installed", "install git or compare two files")]
    if top.returncode != 0:
        return (
            None,
            "",
            [
                _problem(
                    f"`{file}` is not inside a git repository",
                    "run it inside a repository, or compare two files: `termlang diff OLD NEW`",
                )
            ],
        )
    root = Path(top.stdout.strip()).resolve()
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        return None, "", [_problem(f"`{file}` is outside the repository at `{root}`")]
    shown = f"{rev}:{rel}"
    result = subprocess.run(
        ["git", "show", f"{rev}:{rel}"], cwd=root, capture_output=True, check=False
    )
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = reason[-1].removeprefix("fatal: ") if reason else "git show failed"
        return (
            None,
            shown,
            [
                _problem(
                    f"cannot read `{shown}` from git: {detail}",
                    "check the revision (`git log --oneline`) and that the file existed in it",
                )
            ],
        )
    return result.stdout, shown, []


def _analyze_bytes(shown: str, data: bytes) -> Any:
    from termlang.pipeline import Analysis, analyze, decode

    source, problems, io_error = decode(shown, data)
    if source is None:
        return Analysis(shown, None, None, None, tuple(problems), io_error=io_error)
    return analyze(source)


def _report(diags: list[Diagnostic]) -> None:
    from termlang.report import render_diagnostic

    for diag in diags:
        sys.stderr.write(render_diagnostic(diag))
        sys.stderr.write("\n")


def run(args: argparse.Namespace) -> int:
    from termlang.pipeline import analyze_path

    if args.git is not None:
        if args.new is not None:
            sys.stderr.write("termlang: error: with --git REV, give one FILE\n")
            return 2
        data, shown, problems = _git_show(args.git, args.old)
        if data is None:
            _report(problems)
            return 2
        old = _analyze_bytes(shown, data)
        new = analyze_path(Path(args.old), args.old)
    else:
        if args.new is None:
            sys.stderr.write("termlang: error: diff needs OLD and NEW files, or --git REV FILE\n")
            return 2
        old = analyze_path(Path(args.old), args.old)
        new = analyze_path(Path(args.new), args.new)
    stop = False
    for analysis in (old, new):
        if analysis.model is None:
            _report(list(analysis.diagnostics))
            stop = True
    if stop:
        return 2
    from termlang.diff import compare
    from termlang.diff.output import render

    redline = compare(old, new, args.scenario)
    note = redline.note or ""
    if args.scenario is not None and redline.scenario is None and "no scenario named" in note:
        sys.stderr.write(f"termlang: {note}\n")
        return 2
    sys.stdout.write(render(redline, args.format, args.locale))
    return 0 if redline.equivalent else 1
