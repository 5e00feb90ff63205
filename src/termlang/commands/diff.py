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

from termlang.commands import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from termlang.diagnostics import Diagnostic, Severity
from termlang.textsafe import show_controls


def _problem(message: str, help: str | None = None, code: str = "TL001") -> Diagnostic:
    return Diagnostic(code=code, severity=Severity.ERROR, message=message, span=None, help=help)


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run git in `cwd`; callers pass user data only after `--end-of-options` or inside
    a `HASH:path` object name, never where git could read it as an option."""
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def _last_line(stderr: bytes, default: str) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1].removeprefix("fatal: ") if lines else default


def _git_show(rev: str, file: str) -> tuple[bytes | None, str, list[Diagnostic]]:
    """The bytes of `file` at git revision `rev` (path relative to the repository root).

    Nothing from the command line reaches git where it could be read as an option: a REV
    starting with `-` is refused, the revision is resolved to a commit hash with
    `rev-parse --verify --end-of-options`, and the blob is read as `HASH:path`, which starts
    with a hex digit.
    """
    path = Path(file).resolve()
    shown = f"{rev}:{file}"
    if rev.startswith("-") or not rev.strip():
        problem = _bad_revision(
            f"`{rev}` is not a git revision",
            "give a commit, a branch, a tag or `HEAD~1`; a revision never starts with `-`",
        )
        return None, shown, [problem]
    try:
        top = _git(
            ["rev-parse", "--show-toplevel"], path.parent if path.parent.is_dir() else Path.cwd()
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
    root = Path(top.stdout.decode("utf-8", "surrogateescape").strip()).resolve()
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        return None, "", [_problem(f"`{file}` is outside the repository at `{root}`")]
    shown = f"{rev}:{rel}"
    commit = _git(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], root
    )
    if commit.returncode != 0:
        message = f"cannot read `{shown}` from git: `{rev}` is not a commit in this repository"
        help = "check the revision (`git log --oneline`)"
        return None, shown, [_bad_revision(message, help)]
    object_name = commit.stdout.decode("ascii", "replace").strip()
    result = _git(["cat-file", "blob", f"{object_name}:{rel}"], root)
    if result.returncode != 0:
        detail = _last_line(result.stderr, "git cat-file failed")
        return (
            None,
            shown,
            [
                _problem(
                    f"cannot read `{shown}` from git: {detail}",
                    "check that the file existed in that revision (`git log --oneline -- FILE`)",
                )
            ],
        )
    return result.stdout, shown, []


def _bad_revision(message: str, help: str) -> Diagnostic:
    from termlang.report import _display

    return _problem(_display(message)[0], help, code="TL035")


def _analyze_bytes(shown: str, data: bytes) -> Any:
    from termlang.pipeline import Analysis, analyze, decode

    source, problems, io_error = decode(shown, data)
    if source is None:
        return Analysis(shown, None, None, None, tuple(problems), io_error=io_error)
    return analyze(source)


def _report(diags: list[Diagnostic]) -> None:
    from termlang.commands._output import write_diagnostics

    write_diagnostics(diags)


def run(args: argparse.Namespace) -> int:
    from termlang.access import Access
    from termlang.pipeline import analyze_path

    if args.git is not None:
        if args.new is not None:
            sys.stderr.write("termlang: error: with --git REV, give one FILE\n")
            return EXIT_USAGE
        data, shown, problems = _git_show(args.git, args.old)
        if data is None:
            _report(problems)
            return EXIT_USAGE
        old = _analyze_bytes(shown, data)
        new = analyze_path(
            Path(args.old, access=Access.for_named(args.old, args.allow_outside)),
            args.old,
            access=Access.for_named(args.old, args.allow_outside),
        )
    else:
        if args.new is None:
            sys.stderr.write("termlang: error: diff needs OLD and NEW files, or --git REV FILE\n")
            return EXIT_USAGE
        old = analyze_path(
            Path(args.old, access=Access.for_named(args.old, args.allow_outside)),
            args.old,
            access=Access.for_named(args.old, args.allow_outside),
        )
        new = analyze_path(
            Path(args.new, access=Access.for_named(args.new, args.allow_outside)),
            args.new,
            access=Access.for_named(args.new, args.allow_outside),
        )
    stop = False
    for analysis in (old, new):
        if analysis.model is None:
            _report(list(analysis.diagnostics))
            stop = True
    if stop:
        return EXIT_USAGE
    from termlang.diff import compare
    from termlang.diff.output import render

    redline = compare(old, new, args.scenario)
    note = redline.note or ""
    if args.scenario is not None and redline.scenario is None and "no scenario named" in note:
        sys.stderr.write(show_controls(f"termlang: {note}\n"))
        return EXIT_USAGE
    sys.stdout.write(render(redline, args.format, args.locale))
    return EXIT_OK if redline.equivalent else EXIT_FINDINGS
