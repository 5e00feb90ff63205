"""`termlang render FILE`: a summary for counsel in Markdown, HTML, Word or PDF.

Markdown and HTML go to stdout unless `-o OUT` is given; Word and PDF need `-o`. PDF is
the HTML summary printed by the system's headless Chromium (render/browser.py; TL709 when
there is none). A file that does
not resolve (any error) is not rendered: its diagnostics go to stderr and the exit status
is 1. Template problems are reported like diagnostics, with the template's file and line.
Output files are written by `termlang.files.write_file`: atomically (a temporary file in the
same directory, then rename), keeping an existing file's mode and owner; `/dev/null` and pipes
are written through; symbolic links (without `--follow-symlinks`), read-only files and the
input itself are refused (TL030-TL034, exit 2).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from termlang.commands import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from termlang.diagnostics import Diagnostic, Severity
from termlang.textsafe import show_controls


def _stderr(diags: list[Diagnostic]) -> None:
    from termlang.commands._output import write_diagnostics

    write_diagnostics(sorted(diags, key=Diagnostic.sort_key))


def _usage(message: str, help: str | None = None) -> int:
    sys.stderr.write(show_controls(f"termlang: {message}\n"))
    if help:
        sys.stderr.write(show_controls(f"  help: {help}\n"))
    return EXIT_USAGE


def template_diagnostic(problem: object) -> Diagnostic:
    """A template problem as a diagnostic pointing at the template's line.

    The template is read again for the snippet only if it is a regular file within the size
    limit (a FIFO or a device named as a template must not hang or flood the report).
    """
    from termlang.access import Refusal, read_named
    from termlang.source import SourceFile

    code = getattr(problem, "code", "TL705")
    message = getattr(problem, "message", str(problem))
    path = getattr(problem, "path", None)
    line = getattr(problem, "line", None)
    help = getattr(problem, "help", None)
    span = None
    if path:
        shown = os.path.relpath(path) if os.path.isabs(path) else path
        try:
            data = read_named(Path(path), shown)
            if isinstance(data, Refusal):
                raise OSError(data.rule.value)
            text = data.decode("utf-8")
            source = SourceFile(path=shown, text=text)
            if line is not None and 1 <= line <= source.line_count:
                start = source.line_start(line)
                end = source.line_end(line)
                first = len(source.line_text(line)) - len(source.line_text(line).lstrip())
                span = source.span(start + first, max(end, start + first))
            else:
                span = source.span(0, 0)
        except (OSError, UnicodeDecodeError):
            message = f"{message} (in `{shown}`{f', line {line}' if line else ''})"
    return Diagnostic(code, Severity.ERROR, message, span, (), help)


def _write_output(args: argparse.Namespace, data: bytes) -> int:
    """Write the summary to `-o` through the one safe writer (termlang.files.write_file):
    an existing file keeps its mode and owner, `/dev/null` or a pipe is written through,
    and a symbolic link, a read-only file, the input itself or a file changed meanwhile is
    refused with a diagnostic (exit 2)."""
    from termlang.files import WriteRefused, Written, write_file
    from termlang.report import _display

    out = Path(args.output)
    inputs = [Path(args.file)]
    if args.template and Path(args.template).is_file():
        inputs.append(Path(args.template))
    try:
        if str(out.parent) and not out.parent.exists():
            out.parent.mkdir(parents=True, exist_ok=True)
        written = write_file(out, data, inputs=inputs, follow_symlinks=args.follow_symlinks)
    except WriteRefused as refused:
        message, help = refused.words(args.output)
        diag = Diagnostic(
            refused.code, Severity.ERROR, _display(message)[0], None, (), _display(help)[0]
        )
        _stderr([diag])
        return EXIT_USAGE
    except OSError as exc:
        reason = exc.strerror.lower() if exc.strerror else type(exc).__name__
        return _usage(f"cannot write `{args.output}`: {reason}")
    if written is not Written.STREAMED:  # a device or a pipe: the output went there
        print(out)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    from termlang.access import Access
    from termlang.pipeline import analyze_path

    if args.format in ("docx", "pdf") and not args.output:
        word = "Word" if args.format == "docx" else "PDF"
        return _usage(
            f"{word} output is binary and is not written to the terminal",
            f"add `-o summary.{args.format}`",
        )
    analysis = analyze_path(
        Path(args.file, access=Access.for_named(args.file, args.allow_outside)),
        args.file,
        access=Access.for_named(args.file, args.allow_outside),
    )
    if analysis.io_error:
        _stderr(list(analysis.diagnostics))
        return EXIT_USAGE
    if analysis.has_errors or analysis.model is None or analysis.model.agreement is None:
        _stderr(list(analysis.diagnostics))
        sys.stderr.write(
            f"termlang: `{args.file}` has errors; fix them before rendering a summary\n"
        )
        return EXIT_FINDINGS

    from termlang.evaluate import ScenarioError
    from termlang.render import TemplateProblem, render

    try:
        result = render(
            analysis.model,
            analysis.diagnostics,
            output_format="html" if args.format == "pdf" else args.format,
            locale=args.locale,
            scenario=args.scenario,
            template=args.template,
        )
    except ScenarioError as exc:
        _stderr(list(exc.diagnostics))
        return EXIT_FINDINGS if args.scenario and args.scenario.endswith(".json") else EXIT_USAGE
    except TemplateProblem as problem:
        _stderr([template_diagnostic(problem)])
        return EXIT_FINDINGS
    if args.format == "pdf":
        from termlang.render.browser import BrowserMissing, print_pdf

        try:
            result = print_pdf(str(result))
        except BrowserMissing as missing:
            _stderr([Diagnostic("TL709", Severity.ERROR, missing.message, None, (), missing.help)])
            return EXIT_FINDINGS
    data = result if isinstance(result, bytes) else result.encode("utf-8")
    if not args.output or args.output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    return _write_output(args, data)
