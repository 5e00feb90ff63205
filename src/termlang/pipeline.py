"""The pipeline for one file: read, parse, lower, resolve, check.

Every stage adds diagnostics and hands its product to the next; a stage whose input is
missing (a syntax error means no items) is skipped, so one run reports everything that can be
known about the file and nothing that follows from an earlier mistake.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from termlang import ast
from termlang.access import MAX_FILE_BYTES, Access, Refusal, Rule, read_named, walk
from termlang.diagnostics import Diagnostic, Severity
from termlang.model import Model
from termlang.source import SourceFile, Span, decode_error_offset

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen

_NO_USES = Access(())  # analysing the agreement a `uses` names: its own `uses` are not followed

__all__ = ["MAX_FILE_BYTES", "Analysis", "analyze", "analyze_path", "collect", "read"]
MAX_LINE_CHARS = 10_000
MAX_DIAGNOSTICS = 200  # per file; the rest are counted in one closing note


@frozen
class Analysis:
    """Everything known about one file after `analyze`."""

    path: str
    source: SourceFile | None
    file: ast.File | None
    model: Model | None
    diagnostics: tuple[Diagnostic, ...]
    io_error: bool = False

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


def cap_diagnostics(path: str, diagnostics: Sequence[Diagnostic]) -> tuple[Diagnostic, ...]:
    """At most MAX_DIAGNOSTICS per file, then a note saying how many more there were.

    Notes that a check or the parser stopped early (TL003) are always kept: then the count
    of what is not shown is a lower bound, and the note says "at least".
    """
    if len(diagnostics) <= MAX_DIAGNOSTICS:
        return tuple(diagnostics)
    stopped = [d for d in diagnostics if d.code == "TL003"]
    ordered = sorted((d for d in diagnostics if d.code != "TL003"), key=Diagnostic.sort_key)
    kept, hidden = ordered[:MAX_DIAGNOSTICS], ordered[MAX_DIAGNOSTICS:]
    if not hidden:
        return (*kept, *stopped)
    errors = sum(1 for d in hidden if d.severity is Severity.ERROR)
    more = f"at least {len(hidden):,}" if stopped else f"{len(hidden):,}"
    note = Diagnostic.stopped(
        f"too many diagnostics in `{path}`: {more} more not shown ({errors:,} of them errors)",
        "fix the ones above and run again",
    )
    return (*kept, *stopped, note)


def _io(path: str, code: str, message: str, help: str | None = None) -> Diagnostic:
    return Diagnostic.error(code, message, None, help=help)


def refusal_diagnostic(refusal: Refusal, span: Span | None = None) -> Diagnostic:
    """The diagnostic for a file that was not read: the path and the rule, none of its text."""
    shown = refusal.shown
    rule = refusal.rule
    if rule is Rule.MISSING:
        return _io(shown, "TL001", f"`{shown}`: no such file")
    if rule is Rule.DIRECTORY:
        return _io(shown, "TL001", f"`{shown}` is a directory")
    if rule is Rule.NOT_REGULAR:
        return _io(
            shown,
            "TL001",
            f"`{shown}` is not a regular file",
            "termlang reads files, not devices, pipes or sockets",
        )
    if rule is Rule.UNREADABLE:
        return _io(shown, "TL001", f"cannot read `{shown}`: {refusal.detail}")
    if rule is Rule.TOO_LARGE:
        return _io(
            shown,
            "TL004",
            f"`{shown}` is {refusal.size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit",
            "a .term file is text a person writes; check that this is the right file",
        )
    if rule is Rule.OUTSIDE:
        roots = ", ".join(f"`{r}`" for r in refusal.roots)
        return Diagnostic(
            code="TL020",
            severity=Severity.ERROR,
            message=f"`{shown}` is outside the project, so it is not read",
            span=span,
            help=f"a referenced file must be inside {roots}; "
            "to trust another directory, pass `--allow-outside DIR`",
        )
    return Diagnostic(
        code="TL020",
        severity=Severity.ERROR,
        message=f"`{shown}` is not a {refusal.detail} file, so it is not read",
        span=span,
        help=f"a referenced file must be a regular {refusal.detail} file inside the project",
    )


def read(
    path: Path, display: str | None = None, access: Access | None = None
) -> tuple[SourceFile | None, list[Diagnostic], bool]:
    """Read and decode a file. Returns (source, problems, whether it was an I/O problem).

    Without `access` the file is one the user named; with it, one another file referenced,
    read only if the policy admits it (termlang.access).
    """
    shown = display or str(path)
    data = read_named(path, shown) if access is None else access.read_referenced(path, shown)
    if isinstance(data, Refusal):
        return None, [refusal_diagnostic(data)], data.io_error
    return decode(shown, data)


def decode(shown: str, data: bytes) -> tuple[SourceFile | None, list[Diagnostic], bool]:
    if b"\x00" in data:
        return None, [_io(shown, "TL005", f"`{shown}` is a binary file, not .term text")], False
    try:
        source = SourceFile.from_bytes(shown, data)
    except UnicodeDecodeError as exc:
        span = SourceFile.decode_error_span(shown, data, exc)
        return (
            None,
            [
                Diagnostic(
                    code="TL002",
                    severity=Severity.ERROR,
                    message=f"`{shown}` is not UTF-8 text (bad byte at offset "
                    f"{decode_error_offset(exc)})",
                    span=span,
                    help="save the file as UTF-8",
                )
            ],
            True,
        )
    return source, [], False


def _limits(source: SourceFile) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    offset = 0
    text = source.text
    lone_cr = text.find("\r")
    while lone_cr >= 0 and text.startswith("\r\n", lone_cr):
        lone_cr = text.find("\r", lone_cr + 2)
    if lone_cr >= 0:
        return [
            Diagnostic(
                code="TL010",
                severity=Severity.ERROR,
                message="a line ends with a lone carriage return (old Mac line endings)",
                span=Span(source, lone_cr, lone_cr + 1),
                help="save the file with LF or CRLF line endings",
            )
        ]
    for line in text.split("\n"):
        if len(line) > MAX_LINE_CHARS:
            problems.append(
                Diagnostic(
                    code="TL007",
                    severity=Severity.ERROR,
                    message=f"line is {len(line):,} characters long, over the "
                    f"{MAX_LINE_CHARS:,}-character limit",
                    span=Span(source, offset + MAX_LINE_CHARS, offset + len(line)),
                    help="split it over several lines",
                )
            )
            if len(problems) >= 3:
                break
        offset += len(line) + 1
    return problems


def analyze(
    source: SourceFile,
    *,
    run_checks: bool = True,
    origin: Path | None = None,
    access: Access | None = None,
) -> Analysis:
    """Parse, lower, resolve and (optionally) check one source file.

    `origin` is where the file lives on disk when its displayed path differs; a scenario
    file's `uses` path is relative to it, and read only if `access` admits it (by default,
    the project holding `origin`: termlang.access).
    """
    import gc

    # The stages allocate many small objects and free almost none until the file is done;
    # the cyclic collector would rescan them again and again (measured: parse throughput fell
    # from ~20k to ~4k lines/s on 100k-line files). It runs once, after the file.
    paused = gc.isenabled()
    gc.disable()
    try:
        where = origin or Path(source.path)
        result = _analyze(source, run_checks=run_checks, origin=where, access=access)
    finally:
        if paused:
            gc.enable()
    if len(result.diagnostics) > MAX_DIAGNOSTICS:
        import attrs

        return attrs.evolve(result, diagnostics=cap_diagnostics(source.path, result.diagnostics))
    return result


def _analyze(
    source: SourceFile, *, run_checks: bool, origin: Path, access: Access | None
) -> Analysis:
    from termlang.checks import all_codes
    from termlang.lower import lower
    from termlang.resolve import resolve
    from termlang.syntax import parse_source

    diagnostics: list[Diagnostic] = _limits(source)
    if diagnostics:
        return Analysis(source.path, source, None, None, tuple(diagnostics))
    file, syntax = parse_source(source)
    diagnostics.extend(syntax)
    if file is None:
        return Analysis(source.path, source, None, None, tuple(diagnostics))
    if not file.items:
        diagnostics.append(
            Diagnostic(
                code="TL006",
                severity=Severity.WARNING,
                message="this file declares nothing",
                span=Span(source, 0, 0),
                help='start with `agreement "Title" { ... }`',
            )
        )
        return Analysis(source.path, source, file, None, tuple(diagnostics))
    uses = [item for item in file.items if item.key == "uses"]
    if uses and access is _NO_USES:
        return Analysis(source.path, source, file, None, tuple(diagnostics))
    if uses:
        return _analyze_scenario_file(
            source, file, uses, diagnostics, run_checks=run_checks, origin=origin, access=access
        )
    decls, structure = lower(file, all_codes())
    diagnostics.extend(structure)
    model, names, used = resolve(decls, source.path, source)
    diagnostics.extend(names)
    if model.agreement is None and not any(i.key == "agreement" for i in file.items):
        diagnostics.append(
            Diagnostic(
                code="TL303",
                severity=Severity.ERROR,
                message="this file has no `agreement` block",
                span=file.items[0].key_span,
                help='add `agreement "Title" { kind ...  binding ...  effective ... }`, or '
                '`uses "agreement.term"` for a file of scenarios',
            )
        )
    if run_checks and not any(d.severity is Severity.ERROR for d in diagnostics):
        from termlang.checks import run_checks as run

        diagnostics.extend(run(model, used))
    return Analysis(source.path, source, file, model, tuple(diagnostics))


def _scenario_error(
    item: ast.Item, message: str, help: str, span: Span | None = None
) -> Diagnostic:
    return Diagnostic(
        code="TL306",
        severity=Severity.ERROR,
        message=message,
        span=span or item.key_span,
        help=help,
    )


def _analyze_scenario_file(
    source: SourceFile,
    file: ast.File,
    uses: list[ast.Item],
    diagnostics: list[Diagnostic],
    *,
    run_checks: bool,
    origin: Path,
    access: Access | None,
) -> Analysis:
    """A file of scenarios for an agreement written elsewhere: `uses "agreement.term"`.

    The agreement is read and analysed on its own; if it has errors, they are reported once,
    at the `uses` line (they belong to that file and `check` reports them there). Then the
    agreement's items and this file's scenarios are lowered and resolved together, so every
    name a scenario uses is checked against the agreement.
    """
    from termlang.checks import all_codes
    from termlang.lower import lower
    from termlang.resolve import resolve

    def done(model: Model | None = None) -> Analysis:
        return Analysis(source.path, source, file, model, tuple(diagnostics))

    first = uses[0]
    for extra in uses[1:]:
        diagnostics.append(
            _scenario_error(extra, "a scenario file uses one agreement", "keep one `uses` line")
        )
    if len(first.args) != 1 or not isinstance(first.args[0], ast.StringLit) or first.block:
        diagnostics.append(
            _scenario_error(
                first,
                "`uses` takes the path of the agreement's .term file",
                'write it like `uses "openai-microsoft-mou.term"` (relative to this file)',
            )
        )
        return done()
    for item in file.items:
        if item.key not in ("uses", "scenario"):
            diagnostics.append(
                _scenario_error(
                    item,
                    f"a scenario file holds only scenarios, found `{item.key}`",
                    "declare it in the agreement's file, or move these scenarios there",
                )
            )
    if diagnostics:
        return done()
    relative = first.args[0].value
    target = origin.parent / relative  # an absolute `relative` replaces the base
    shown = str(Path(source.path).parent / relative)
    policy = access or Access.for_named(origin)
    text, problems, _io = read(target, shown, policy)
    if text is None and problems and problems[0].code == "TL020":
        diagnostics.append(attrs.evolve(problems[0], span=first.args[0].span))
        return done()
    # The agreement is analysed as an agreement: a `uses` in it is reported below, never
    # followed, so a file that uses itself (or a cycle of them) cannot recurse.
    agreement = (
        Analysis(shown, None, None, None, tuple(problems), io_error=_io)
        if text is None
        else analyze(text, run_checks=False, origin=target, access=_NO_USES)
    )
    if agreement.io_error or agreement.source is None or agreement.file is None:
        reason = agreement.diagnostics[0].message if agreement.diagnostics else "unreadable"
        diagnostics.append(
            _scenario_error(
                first,
                f"cannot use `{relative}`: {reason}",
                "the path is relative to this scenario file",
                first.args[0].span,
            )
        )
        return done()
    if any(item.key == "uses" for item in agreement.file.items):
        diagnostics.append(
            _scenario_error(
                first,
                f"`{relative}` is itself a scenario file",
                "`uses` names the file that holds the `agreement` block",
                first.args[0].span,
            )
        )
        return done()
    if agreement.has_errors:
        count = sum(1 for d in agreement.diagnostics if d.severity is Severity.ERROR)
        diagnostics.append(
            _scenario_error(
                first,
                f"`{relative}` has {count} error{'s' if count != 1 else ''}",
                f"run `termlang check {shown}` and fix it first",
                first.args[0].span,
            )
        )
        return done()
    scenarios = [item for item in file.items if item.key == "scenario"]
    combined = ast.File(items=(*agreement.file.items, *scenarios), span=file.span)
    decls, structure = lower(combined, all_codes())
    model, names, used = resolve(decls, source.path, source)
    # Problems located in the agreement's own file are that file's business: `check` reports
    # them when it checks it, so a scenario file only reports its own.
    own = [d for d in (*structure, *names) if d.span is None or d.span.source is source]
    diagnostics.extend(own)
    if run_checks and not any(d.severity is Severity.ERROR for d in diagnostics):
        from termlang.checks import run_checks as run

        found = run(model, used)
        diagnostics.extend(d for d in found if d.span is not None and d.span.source is source)
    return done(model)


def analyze_path(
    path: Path,
    display: str | None = None,
    *,
    run_checks: bool = True,
    access: Access | None = None,
) -> Analysis:
    """Read (as a file the user named) and analyse one file; `access` is for what it uses."""
    source, problems, io_error = read(path, display)
    shown = display or str(path)
    if source is None:
        return Analysis(shown, None, None, None, tuple(problems), io_error=io_error)
    return analyze(source, run_checks=run_checks, origin=path, access=access)


def analyze_text(text: str, path: str = "<text>", *, run_checks: bool = True) -> Analysis:
    return analyze(SourceFile(path=path, text=text), run_checks=run_checks)


def collect(
    paths: Sequence[str], allow: Sequence[str] = ()
) -> tuple[list[tuple[Path, str, Access]], list[tuple[str, Diagnostic]]]:
    """Expand files and directories (recursively, `*.term`) in a stable order.

    Each file comes with the access policy for the files it references: its project is the
    git work tree holding it, else the directory named (or holding the file named), widened
    by `allow` (`--allow-outside`). Walks never follow a link out of the directory named;
    such a link is reported as a warning (termlang.access.walk).
    """
    found: list[tuple[Path, str, Access]] = []
    problems: list[tuple[str, Diagnostic]] = []
    for raw in paths:
        path = Path(raw)
        access = Access.for_named(path, allow)
        if not path.is_dir():
            found.append((path, raw, access))
            continue
        for full, followed in walk(path):
            if not full.name.endswith(".term"):
                continue
            if followed:
                found.append((full, str(full), access))
            else:
                problems.append(
                    (
                        str(full),
                        Diagnostic(
                            code="TL020",
                            severity=Severity.WARNING,
                            message=f"`{full}` is a link to a file outside `{raw}`, so it is "
                            "not read",
                            span=None,
                            help="name the file itself to check it, or replace the link "
                            "with a copy",
                        ),
                    )
                )
    return found, problems
