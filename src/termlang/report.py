"""Output formats for diagnostics: human text (rustc/ruff style), JSON and SARIF 2.1.0.

All renderers are pure functions returning ``str``; positions come from
:mod:`termlang.source` only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from termlang.diagnostics import Diagnostic, Label, RuleInfo, Severity
from termlang.source import Span
from termlang.textsafe import picture, show_controls

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen

__all__ = [
    "INFORMATION_URI",
    "SARIF_SCHEMA_URI",
    "TAB_WIDTH",
    "dump_json",
    "json_report",
    "render_diagnostic",
    "render_text",
    "sarif_log",
    "summary_line",
]

TAB_WIDTH = 4
INFORMATION_URI = "https://github.com/termlang/termlang"
SARIF_SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
JSON_FORMAT_VERSION = 1


# ---------------------------------------------------------------------------------
# text
# ---------------------------------------------------------------------------------

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_SEVERITY_STYLE = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.NOTE: "\x1b[1;36m",
}
_HELP_STYLE = "\x1b[1;36m"
_GUTTER_STYLE = "\x1b[1;34m"
_SECONDARY_STYLE = "\x1b[1;34m"


class _Style:
    __slots__ = ("enabled",)

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, code: str, text: str) -> str:
        if not self.enabled or not text:
            return text
        return f"{code}{text}{_RESET}"


def _char_width(ch: str) -> int:
    """Display cells of one character (tabs handled by the caller)."""
    if ch.isascii():
        return 1
    import unicodedata

    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _display(line: str) -> tuple[str, list[int]]:
    """Printable version of ``line`` and the display column where each char starts.

    The returned list has ``len(line) + 1`` entries (the last is the total width).
    Tabs become ``TAB_WIDTH`` spaces, other control characters their Unicode
    "control picture" (C1 characters the text ``\\x9b``: see :mod:`termlang.textsafe`), so the
    caret line below lines up with the shown text.
    """
    out: list[str] = []
    cols: list[int] = []
    col = 0
    for ch in line:
        cols.append(col)
        if ch == "\t":
            out.append(" " * TAB_WIDTH)
            col += TAB_WIDTH
            continue
        shown = picture(ch)
        if shown is not None:
            out.append(shown)
            col += len(shown)
            continue
        out.append(ch)
        col += _char_width(ch)
    cols.append(col)
    return "".join(out), cols


SNIPPET_CHARS = 160  # a longer source line is shown as a window around what is marked


@frozen
class _Window:
    """The part of a source line a snippet shows: from character `start`, with `shift`
    display columns of `…` before it."""

    start: int = 0
    shift: int = 0


def _window(text: str, starts: list[int]) -> tuple[str, _Window]:
    """`text`, or for a long line the part around the first mark, elided with `…`: a
    diagnostic never prints a whole 30,000-character line (one JSON scenario line)."""
    if len(text) <= SNIPPET_CHARS:
        return text, _Window()
    lo = max(0, min(max(min(starts), 0), len(text)) - SNIPPET_CHARS // 4)
    hi = min(len(text), lo + SNIPPET_CHARS)
    lo = max(0, hi - SNIPPET_CHARS)
    head = "…" if lo > 0 else ""
    tail = "…" if hi < len(text) else ""
    return head + text[lo:hi] + tail, _Window(lo, len(head))


@frozen
class _Mark:
    start: int  # display column, inclusive
    end: int  # display column, exclusive (> start)
    primary: bool
    message: str


def _mark_for(
    span: Span, line: int, cols: list[int], primary: bool, message: str, window: _Window
) -> _Mark:
    source = span.source
    line_start = source.line_start(line) + window.start
    line_len = len(cols) - 1
    a = min(max(span.start - line_start, 0), line_len)
    b = min(max(span.end - line_start, 0), line_len)
    if span.end > source.line_end(line):  # multi-line span: underline to end of line
        b = line_len
    start = cols[a] + window.shift
    end = cols[b] + window.shift
    if end <= start:
        end = start + 1
    return _Mark(start, end, primary, message)


def _underlines(marks: list[_Mark], style: _Style, severity_style: str) -> list[str]:
    """Underline rows (without gutter) for the labels of one source line."""
    width = max(m.end for m in marks)
    cells = [" "] * width
    kinds: list[int] = [0] * width  # 0 none, 1 secondary, 2 primary
    for m in marks:
        ch, kind = ("^", 2) if m.primary else ("-", 1)
        for i in range(m.start, m.end):
            if kind >= kinds[i]:
                cells[i] = ch
                kinds[i] = kind

    def paint(text: str, kind: int) -> str:
        return style(severity_style if kind == 2 else _SECONDARY_STYLE, text)

    # Group runs of equal kind so colouring works on whole runs.
    parts: list[str] = []
    i = 0
    while i < width:
        j = i
        while j < width and kinds[j] == kinds[i]:
            j += 1
        parts.append(paint("".join(cells[i:j]), kinds[i]) if kinds[i] else "".join(cells[i:j]))
        i = j

    with_msg = sorted((m for m in marks if m.message), key=lambda m: (m.start, m.end))
    if not with_msg:
        return ["".join(parts).rstrip()]
    last = max(with_msg, key=lambda m: (m.end, m.start))
    first_row = "".join(parts).rstrip() + " " + paint(last.message, 2 if last.primary else 1)
    rows = [first_row]
    rest = [m for m in with_msg if m is not last]
    if not rest:
        return rows

    def connector_row(active: list[_Mark], tail: _Mark | None) -> str:
        row: list[str] = []
        pos = 0
        for m in active:
            row.append(" " * (m.start - pos))
            row.append(paint("|", 2 if m.primary else 1))
            pos = m.start + 1
        if tail is not None:
            row.append(" " * (tail.start - pos))
            row.append(paint(tail.message, 2 if tail.primary else 1))
        return "".join(row)

    rows.append(connector_row(rest, None))
    for k in range(len(rest) - 1, -1, -1):
        rows.append(connector_row(rest[:k], rest[k]))
    return rows


@frozen
class _Group:
    span: Span  # span of the first label in the group (for the ::: header)
    line: int
    marks: tuple[tuple[Span, bool, str], ...]


def _groups(diag: Diagnostic) -> list[_Group]:
    span = diag.span
    assert span is not None
    primary_label = diag.primary_label()
    primary_line = span.source.line_of(span.start)
    head: list[tuple[Span, bool, str]] = [
        (span, True, primary_label.message if primary_label is not None else "")
    ]
    others: dict[tuple[str, int], list[tuple[Span, bool, str]]] = {}
    order: list[tuple[str, int]] = []
    for label in diag.labels:
        if label is primary_label:
            continue
        line = label.span.source.line_of(label.span.start)
        if label.span.source.path == span.source.path and line == primary_line:
            head.append((label.span, False, label.message))
            continue
        key = (label.span.source.path, line)
        if key not in others:
            others[key] = []
            order.append(key)
        others[key].append((label.span, False, label.message))
    groups = [_Group(span, primary_line, tuple(head))]
    for key in sorted(order):
        marks = others[key]
        groups.append(_Group(marks[0][0], key[1], tuple(marks)))
    return groups


def render_diagnostic(diag: Diagnostic, *, color: bool = False) -> str:
    """One diagnostic in the rustc/ruff shape, ending with a newline.

    Text that can come from the input (messages, labels, notes, help, paths) shows control
    characters as pictures, like the source line: a `.term` string cannot drive the terminal.
    """
    style = _Style(color)
    sev_style = _SEVERITY_STYLE[diag.severity]
    header = style(sev_style, f"{diag.severity.value}[{diag.code}]")
    lines = [header + style(_BOLD, f": {show_controls(diag.message)}")]
    gutter_width = 1
    if diag.span is not None:
        groups = _groups(diag)
        gutter_width = max(len(str(g.line)) for g in groups)
        pad = " " * gutter_width
        bar = style(_GUTTER_STYLE, "|")
        empty = f"{pad} {bar}"
        for n, group in enumerate(groups):
            pos = group.span.start_pos
            arrow = "-->" if n == 0 else ":::"
            if n:
                lines.append(empty)
            lines.append(
                f"{pad}{style(_GUTTER_STYLE, arrow)} "
                f"{show_controls(group.span.path)}:{pos.line}:{pos.column}"
            )
            lines.append(empty)
            source = group.span.source
            line_start = source.line_start(group.line)
            text, window = _window(
                source.line_text(group.line), [s.start - line_start for s, _, _ in group.marks]
            )
            shown, cols = _display(text[window.shift :] if window.shift else text)
            if window.shift:
                shown = "…" + shown
            number = style(_GUTTER_STYLE, str(group.line).rjust(gutter_width))
            lines.append(f"{number} {bar} {shown}".rstrip())
            marks = [
                _mark_for(s, group.line, cols, p, show_controls(m), window)
                for s, p, m in group.marks
            ]
            for row in _underlines(marks, style, sev_style):
                lines.append(f"{empty} {row}")
        if diag.help is not None or diag.notes:
            lines.append(empty)
    extra_pad = " " * (gutter_width + 1)
    for note in diag.notes:
        shown = show_controls(note)
        lines.append(f"{extra_pad}{style(_BOLD, '=')} {style(_BOLD, 'note')}: {shown}")
    if diag.help is not None:
        shown = show_controls(diag.help)
        lines.append(f"{extra_pad}{style(_BOLD, '=')} {style(_HELP_STYLE, 'help')}: {shown}")
    return "\n".join(lines) + "\n"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_line(n_errors: int, n_warnings: int, n_files: int) -> str:
    """``2 errors, 1 warning in 3 files`` or ``all checks passed: 3 files``."""
    files = _plural(n_files, "file")
    if not n_errors and not n_warnings:
        return f"all checks passed: {files}"
    parts = []
    if n_errors:
        parts.append(_plural(n_errors, "error"))
    if n_warnings:
        parts.append(_plural(n_warnings, "warning"))
    return f"{', '.join(parts)} in {files}"


def render_text(
    diags: Iterable[Diagnostic], *, color: bool = False, n_files: int | None = None
) -> str:
    """Render diagnostics (in the given order), each followed by a blank line.

    When ``n_files`` is given, a :func:`summary_line` (counting the rendered errors and
    warnings) ends the output.
    """
    out: list[str] = []
    n_errors = n_warnings = 0
    for diag in diags:
        out.append(render_diagnostic(diag, color=color))
        out.append("\n")
        if diag.severity is Severity.ERROR:
            n_errors += 1
        elif diag.severity is Severity.WARNING:
            n_warnings += 1
    if n_files is not None:
        line = summary_line(n_errors, n_warnings, n_files)
        if color:
            line = f"{_BOLD}{line}{_RESET}"
        out.append(line + "\n")
    return "".join(out)


# ---------------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------------


def json_range(span: Span) -> dict[str, Any]:
    start = span.start_pos
    end = span.end_pos
    return {
        "file": span.source.path,
        "start": {"line": start.line, "column": start.column, "byte": start.byte},
        "end": {"line": end.line, "column": end.column, "byte": end.byte},
    }


def _json_diagnostic(diag: Diagnostic) -> dict[str, Any]:
    return {
        "code": diag.code,
        "severity": diag.severity.value,
        "message": diag.message,
        "help": diag.help,
        "notes": list(diag.notes),
        "range": None if diag.span is None else json_range(diag.span),
        "related": [
            {"message": label.message, "range": json_range(label.span)} for label in diag.labels
        ],
    }


def dump_json(doc: Mapping[str, Any]) -> str:
    """The one way a command writes a JSON or SARIF document: indent 2, trailing newline."""
    import json

    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def json_report(diags_by_file: Sequence[tuple[str, Sequence[Diagnostic]]]) -> dict[str, Any]:
    """The machine-readable report (format version 1), as data for `dump_json`.

    ``range`` is null for file-less diagnostics; ``related`` lists every label (the
    label on the primary span included) in order.
    """
    n_errors = n_warnings = 0
    items: list[dict[str, Any]] = []
    for _path, diags in diags_by_file:
        for diag in diags:
            if diag.severity is Severity.ERROR:
                n_errors += 1
            elif diag.severity is Severity.WARNING:
                n_warnings += 1
            items.append(_json_diagnostic(diag))
    return {
        "version": JSON_FORMAT_VERSION,
        "valid": n_errors == 0,
        "errors": n_errors,
        "warnings": n_warnings,
        "files": [path for path, _diags in diags_by_file],
        "diagnostics": items,
    }


# ---------------------------------------------------------------------------------
# SARIF
# ---------------------------------------------------------------------------------

_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}


def _uri_path(parts: str) -> str:
    from urllib.parse import quote

    return quote(parts, safe="/:@!$&'()*+,;=-._~")


def _artifact_location(path: str, base_dir: str | None) -> dict[str, Any]:
    import os
    from pathlib import Path

    if base_dir is not None:
        try:
            rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base_dir))
        except ValueError:  # different drives on Windows
            rel = None
        if rel is not None and rel != ".." and not rel.startswith(".." + os.sep):
            return {"uri": _uri_path(rel.replace(os.sep, "/")), "uriBaseId": "%SRCROOT%"}
        return {"uri": Path(os.path.abspath(path)).as_uri()}
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    posix = path.replace(os.sep, "/")
    while posix.startswith("./"):
        posix = posix[2:]
    return {"uri": _uri_path(posix), "uriBaseId": "%SRCROOT%"}


def _sarif_region(span: Span) -> dict[str, int]:
    source = span.source
    start = span.start_pos
    end = span.end_pos
    return {
        "startLine": start.line,
        "startColumn": source.utf16_column(span.start),
        "endLine": end.line,
        "endColumn": source.utf16_column(span.end),
    }


def sarif_physical(span: Span, base_dir: str | None) -> dict[str, Any]:
    return {
        "artifactLocation": _artifact_location(span.source.path, base_dir),
        "region": _sarif_region(span),
    }


def _sarif_rule(rule: RuleInfo) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.description},
        "help": {"text": rule.description},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.default_severity]},
    }


def _sarif_message(diag: Diagnostic) -> str:
    text = diag.message
    for note in diag.notes:
        text += f"\nnote: {note}"
    if diag.help is not None:
        text += f"\nhelp: {diag.help}"
    return text


def sarif_log(
    diags_by_file: Sequence[tuple[str, Sequence[Diagnostic]]],
    *,
    rules: Mapping[str, RuleInfo],
    tool_version: str,
    base_dir: str | None = None,
) -> dict[str, Any]:
    """A SARIF 2.1.0 log (one run) suitable for GitHub code scanning, as data for `dump_json`.

    ``tool.driver.rules`` lists every rule of ``rules`` sorted by code, followed by a
    minimal descriptor for any code reported but absent from ``rules``.  Columns are
    UTF-16 code units (``columnKind: utf16CodeUnits``).  URIs are relative to
    ``base_dir`` (or the current directory) under ``uriBaseId`` ``%SRCROOT%``.
    """
    import os
    from pathlib import Path

    descriptors = [_sarif_rule(rules[code]) for code in sorted(rules)]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    results: list[dict[str, Any]] = []
    for path, diags in diags_by_file:
        for diag in diags:
            if diag.code not in index:
                index[diag.code] = len(descriptors)
                descriptors.append({"id": diag.code, "shortDescription": {"text": diag.code}})
            result: dict[str, Any] = {
                "ruleId": diag.code,
                "ruleIndex": index[diag.code],
                "level": _SARIF_LEVEL[diag.severity],
                "message": {"text": _sarif_message(diag)},
            }
            if diag.span is not None:
                location: dict[str, Any] = {"physicalLocation": sarif_physical(diag.span, base_dir)}
                primary: Label | None = diag.primary_label()
                if primary is not None and primary.message:
                    location["message"] = {"text": primary.message}
                result["locations"] = [location]
            elif path:
                result["locations"] = [
                    {"physicalLocation": {"artifactLocation": _artifact_location(path, base_dir)}}
                ]
            related = [
                {
                    "id": i,
                    "physicalLocation": sarif_physical(label.span, base_dir),
                    "message": {"text": label.message or "related location"},
                }
                for i, label in enumerate(diag.secondary_labels())
            ]
            if related:
                result["relatedLocations"] = related
            results.append(result)

    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "termlang",
                "informationUri": INFORMATION_URI,
                "version": tool_version,
                "rules": descriptors,
            }
        },
    }
    if base_dir is not None:
        root = Path(os.path.abspath(base_dir)).as_uri()
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": root.rstrip("/") + "/"}}
    run["columnKind"] = "utf16CodeUnits"
    run["results"] = results
    return {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}
