"""The `termlang` command line: argument parsing and dispatch only.

Each subcommand's work lives in `termlang.commands.<name>`, imported only when that
subcommand runs, so `termlang check` never pays for the renderer or the interpreter.

Exit status: 0 success, 1 findings (errors, failed expectations, differences), 2 usage or
I/O problems.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import Any

from termlang.commands import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE

COMMANDS = (
    "check",
    "explain",
    "eval",
    "timeline",
    "test",
    "render",
    "fmt",
    "diff",
    "verify",
    "lsp",
)


def _columns() -> int:
    """The terminal's width as `shutil.get_terminal_size` finds it (`COLUMNS`, then the
    terminal of stdout, else 80), without importing `shutil`, which loads bz2 and lzma: argparse
    asks for it each time it adds an argument, so every run paid for it."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Formatter(argparse.HelpFormatter):
    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        super().__init__(
            prog, indent_increment, max_help_position, _columns() - 2 if width is None else width
        )


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"termlang: error: {message}\n")
        raise SystemExit(EXIT_USAGE)


def _version() -> str:
    from termlang import __version__

    return __version__


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of `only` that one (what a run needs: `termlang check`
    builds one subcommand's arguments, not eleven)."""

    def wanted(name: str) -> bool:
        return only is None or only == name

    parser = _Parser(
        prog="termlang",
        description="Memoranda of understanding and term sheets as code: check, evaluate, render.",
    )
    parser.add_argument("--version", action="version", version=f"termlang {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    if wanted("check"):
        p = sub.add_parser("check", help="validate .term files (syntax, names, consistency)")
        p.add_argument("paths", nargs="+", metavar="FILE|DIR")
        p.add_argument("--format", choices=("text", "json", "sarif"), default="text")
        p.add_argument(
            "--warnings-as-errors", action="store_true", help="exit 1 when any warning is reported"
        )
        p.add_argument(
            "--run-scenarios",
            action="store_true",
            help="also run the expectations of every scenario",
        )
        p.add_argument("--color", choices=("auto", "always", "never"), default="auto")
        p.add_argument("--quiet", "-q", action="store_true", help="print only problems")
        p.add_argument(
            "--witness",
            metavar="DIR",
            help="write a scenario file per finding that has a witness (the dates where it bites)",
        )
        p.add_argument("--verify", action="store_true", help="also verify every `property`")
        p.add_argument(
            "--verify-budget", type=float, default=20.0, metavar="SECONDS", help="CPU per property"
        )

    if wanted("explain"):
        p = sub.add_parser("explain", help="print the documentation of a diagnostic code")
        p.add_argument("code", nargs="?", metavar="CODE", help="like TL300; omit to list all codes")

    if wanted("eval"):
        p = sub.add_parser("eval", help="the state of an agreement at a date under a scenario")
        p.add_argument("file", metavar="FILE")
        p.add_argument("--scenario", metavar="NAME")
        p.add_argument("--at", required=True, metavar="DATE")
        p.add_argument("--format", choices=("text", "json"), default="text")
        p.add_argument(
            "--cap-table", action="store_true", help="print only the cap table after each round"
        )

    if wanted("timeline"):
        p = sub.add_parser("timeline", help="the change points of an agreement under a scenario")
        p.add_argument("file", metavar="FILE")
        p.add_argument("--scenario", metavar="NAME")
        p.add_argument("--from", dest="start", metavar="DATE")
        p.add_argument("--to", dest="end", metavar="DATE")
        p.add_argument("--format", choices=("text", "json"), default="text")

    if wanted("test"):
        p = sub.add_parser("test", help="run the expectations written in scenarios")
        p.add_argument("paths", nargs="+", metavar="FILE|DIR")
        p.add_argument("--format", choices=("text", "json"), default="text")

    if wanted("render"):
        p = sub.add_parser("render", help="a summary for counsel (Markdown, HTML, Word)")
        p.add_argument("file", metavar="FILE")
        p.add_argument("--scenario", metavar="NAME")
        p.add_argument("--format", choices=("md", "html", "docx", "pdf"), default="md")
        p.add_argument("--template", metavar="NAME|PATH")
        p.add_argument("--locale", choices=("en", "fr"), default="en")
        p.add_argument("-o", "--output", metavar="OUT")
        p.add_argument(
            "--follow-symlinks",
            action="store_true",
            help="if OUT is a symbolic link, write to the file it points to (else refused)",
        )

    if wanted("fmt"):
        p = sub.add_parser("fmt", help="rewrite .term files in the canonical layout")
        p.add_argument("paths", nargs="+", metavar="FILE|DIR")
        p.add_argument("--check", action="store_true", help="list files that would change; exit 1")
        p.add_argument("--diff", action="store_true", help="show the changes instead of writing")
        p.add_argument(
            "--exit-non-zero-on-format",
            action="store_true",
            help="rewrite, name each file rewritten and exit 1 if any (the pre-commit hook)",
        )
        p.add_argument(
            "--follow-symlinks",
            action="store_true",
            help="format the file a symbolic link points to (else a link is refused)",
        )

    if wanted("diff"):
        p = sub.add_parser(
            "diff",
            help="what changed between two versions of an agreement",
            epilog="put `--` before file names that may start with `-`: termlang diff -- OLD NEW",
        )
        p.add_argument("old", metavar="OLD")
        p.add_argument("new", metavar="NEW", nargs="?")
        p.add_argument(
            "--git",
            metavar="REV",
            help="compare FILE at git revision REV with the working copy (then OLD is the file)",
        )
        p.add_argument("--format", choices=("text", "md", "html", "json"), default="text")
        p.add_argument("--scenario", metavar="NAME")
        p.add_argument("--locale", choices=("en", "fr"), default="en")

    if wanted("verify"):
        p = sub.add_parser(
            "verify", help="prove properties for every course of events, or find a counter-example"
        )
        p.add_argument("file", metavar="FILE")
        p.add_argument("--property", action="append", metavar="NAME", help="only this property")
        p.add_argument("--format", choices=("text", "json", "sarif"), default="text")
        p.add_argument("--write-scenario", metavar="DIR", help="save counter-examples as scenarios")
        p.add_argument("--budget", type=float, metavar="SECONDS", help="time budget per property")

    if wanted("lsp"):
        sub.add_parser(
            "lsp",
            help="the language server for editors, on stdin/stdout (pip install 'termlang[lsp]')",
        )

    # Every command that reads files that name other files takes the same policy switch.
    for name in ("check", "test", "eval", "timeline", "render", "fmt", "diff", "verify"):
        if name not in sub.choices:
            continue
        sub.choices[name].add_argument(
            "--allow-outside",
            action="append",
            default=[],
            metavar="DIR",
            help="also read agreements that files name inside DIR (repeatable); "
            "see docs/security.md",
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    # The first word that is not an option names the command (the only top-level options,
    # `--help` and `--version`, take no value); anything else builds the full parser.
    first = next((word for word in words if not word.startswith("-")), None)
    parser = build_parser(first if first in COMMANDS else None)
    args = parser.parse_args(words)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    # Text from a file can hold what the terminal's encoding cannot (a lone surrogate from a
    # JSON escape): it is written escaped, never as a traceback.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    module = import_module(f"termlang.commands.{args.command}")
    try:
        return int(module.run(args))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


# The collector's first generation runs every 50,000 new container objects instead of every
# 700 (CPython's default). Start-up makes some 100,000 objects that live as long as the
# process (modules, functions, classes, the parse tables) and frees almost none: with the
# default, a check of the flagship ran about 30 collections over them, about 8 ms of 120 for
# nothing. What the collector may still have to reclaim waits at most 50,000 objects, a
# bound of a few MB whatever the command or the input (the pipeline pauses it while a file
# is analysed anyway); the older generations keep their default ratios.
COLLECT_EVERY = 50_000


def entry() -> None:
    """Console-script entry point."""
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(COLLECT_EVERY, older, oldest)
    code = main()
    # A run is one process: once its output is flushed, tearing the interpreter down (freeing
    # every object, last garbage collections) only delays the exit, about 5% of the
    # instructions of `termlang check`. Like mypy, it ends at once, unless something asked to
    # run at exit (atexit: coverage, logging, a profiler), which the normal exit then does.
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken stream: the normal exit reports it
        sys.exit(code)
    if getattr(atexit, "_ncallbacks", lambda: 1)() == 0:
        os._exit(code)
    sys.exit(code)
