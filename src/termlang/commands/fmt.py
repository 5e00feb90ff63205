"""`termlang fmt [--check] [--diff] [--exit-non-zero-on-format] FILE|DIR ...`: rewrite .term
files in the canonical layout.

Without flags, files that change are rewritten by `termlang.files.write_file` (docs/fmt.md):
atomically, keeping mode, owner and hard links, and only if the file still holds the text
that was read; symbolic links (without `--follow-symlinks`) and read-only files are refused
with a diagnostic (exit 2). Rewriting is a success (exit 0) for a person at the terminal;
`--exit-non-zero-on-format` (ruff's flag, what the pre-commit hook runs) also names each file
it rewrote and exits 1, so the commit stops and the author stages the result. `--check` writes
nothing, lists the files that would change and exits 1 if there are any; `--diff` prints a
unified diff instead. A file that does not parse is never touched: its syntax errors are
reported (exit 1).
"""

from __future__ import annotations

import argparse
import sys

from termlang.commands import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from termlang.diagnostics import Diagnostic, Severity
from termlang.files import WriteRefused
from termlang.textsafe import show_controls


def _refused(refused: WriteRefused, shown: str) -> Diagnostic:
    """A refusal of the writer as a diagnostic (control characters of names made visible)."""
    from termlang.report import _display

    message, help = refused.words(shown)
    return Diagnostic(
        refused.code, Severity.ERROR, _display(message)[0], None, (), _display(help)[0]
    )


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
    from termlang.commands._output import write_diagnostics
    from termlang.files import write_file
    from termlang.fmt import format_source
    from termlang.pipeline import collect, read

    files, problems = collect(args.paths)
    if not files and not problems:
        sys.stderr.write("termlang: no .term files found\n")
        return EXIT_USAGE
    write = not (args.check or args.diff)
    io_error = False
    # links out of a directory named (termlang.access.walk) are said, never followed
    write_diagnostics(diag for _, diag in problems)
    broken: list[tuple[str, list[Diagnostic]]] = []
    changed: list[str] = []
    refusals: list[Diagnostic] = []
    unwritten = 0
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
        # The bytes `read` decoded, exactly: the writer compares them with the file just
        # before replacing it, so an edit made meanwhile is never overwritten.
        old = (b"\xef\xbb\xbf" if source.bom else b"") + source.text.encode("utf-8")
        if new == old:
            unchanged += 1
            continue
        changed.append(shown)
        if args.diff:
            old_text = source.text.replace("\r\n", "\n")
            unified = _unified(shown, old_text, result.text) or f"# {shown}: line endings\n"
            sys.stdout.write(show_controls(unified))
        if args.check:
            sys.stdout.write(show_controls(f"would reformat {shown}\n"))
        if write:
            try:
                write_file(path, new, expected=old, follow_symlinks=args.follow_symlinks)
            except WriteRefused as refused:
                refusals.append(_refused(refused, shown))
            except OSError as exc:
                reason = exc.strerror.lower() if exc.strerror else type(exc).__name__
                sys.stderr.write(show_controls(f"termlang: cannot write `{shown}`: {reason}\n"))
                unwritten += 1
            else:
                if args.exit_non_zero_on_format:
                    sys.stdout.write(show_controls(f"reformatted {shown}\n"))
                continue
            changed.pop()
            io_error = True
    write_diagnostics(refusals)
    for _, diags in broken:
        write_diagnostics(diags)
    parts = []
    if changed:
        verb = "reformatted" if write else "would be reformatted"
        parts.append(f"{_plural(len(changed), 'file')} {verb}")
    if unchanged:
        parts.append(f"{_plural(unchanged, 'file')} left unchanged")
    if broken:
        parts.append(f"{_plural(len(broken), 'file')} not formatted (errors above)")
    if refusals or unwritten:
        parts.append(f"{_plural(len(refusals) + unwritten, 'file')} not written (errors above)")
    if parts:
        sys.stderr.write(", ".join(parts) + "\n")
    if io_error:
        return EXIT_USAGE
    if broken or (changed and (not write or args.exit_non_zero_on_format)):
        return EXIT_FINDINGS
    return EXIT_OK
