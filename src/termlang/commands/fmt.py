"""`termlang fmt [--check] [--diff] FILE|DIR ...`: rewrite .term files in the canonical layout.

Without flags, files that change are rewritten atomically (a temporary file in the same
directory, then `os.replace`, keeping the file's mode). `--check` writes nothing, lists the
files that would change and exits 1 if there are any; `--diff` prints a unified diff instead.
A file that does not parse is never touched: its syntax errors are reported (exit 1).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from termlang.diagnostics import Diagnostic


def _write(path: Path, data: bytes) -> None:
    """Rewrite a formatted file atomically, keeping its permissions."""
    from termlang.files import write_atomic

    write_atomic(path, data, mode=path.stat().st_mode & 0o7777)


def _unified(shown: str, old: str, new: str) -> str:
    import difflib

    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"a/{shown}",
            tofile=f"b/{shown}",
        )
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def run(args: argparse.Namespace) -> int:
    from termlang.fmt import format_source
    from termlang.pipeline import collect, read
    from termlang.report import render_diagnostic

    files, problems = collect(args.paths)
    if not files and not problems:
        sys.stderr.write("termlang: no .term files found\n")
        return 2
    write = not (args.check or args.diff)
    io_error = bool(problems)
    broken: list[tuple[str, list[Diagnostic]]] = []
    changed: list[str] = []
    unchanged = 0
    for path, shown, _access in files:
        source, diags, is_io = read(path, shown)
        if source is None:
            io_error |= is_io
            broken.append((shown, diags))
            continue
        result = format_source(source)
        if result.text is None:
            broken.append((shown, result.diagnostics))
            continue
        new = result.text.encode("utf-8")
        old = path.read_bytes()
        if new == old:
            unchanged += 1
            continue
        changed.append(shown)
        if args.diff:
            old_text = source.text.replace("\r\n", "\n")
            sys.stdout.write(_unified(shown, old_text, result.text) or f"# {shown}: line endings\n")
        if args.check:
            sys.stdout.write(f"would reformat {shown}\n")
        if write:
            try:
                _write(path, new)
            except OSError as exc:
                reason = exc.strerror.lower() if exc.strerror else type(exc).__name__
                sys.stderr.write(f"termlang: cannot write `{shown}`: {reason}\n")
                io_error = True
    for _, diags in broken:
        for diag in diags:
            sys.stderr.write(render_diagnostic(diag))
            sys.stderr.write("\n")
    parts = []
    if changed:
        verb = "reformatted" if write else "would be reformatted"
        parts.append(f"{_plural(len(changed), 'file')} {verb}")
    if unchanged:
        parts.append(f"{_plural(unchanged, 'file')} left unchanged")
    if broken:
        parts.append(f"{_plural(len(broken), 'file')} not formatted (errors above)")
    if parts:
        sys.stderr.write(", ".join(parts) + "\n")
    if io_error:
        return 2
    if broken or (changed and not write):
        return 1
    return 0
