"""What many tests read of the same files, computed once per test process (xdist worker).

The summary tests (test_french, test_render, test_registry, test_summary_completeness) read
the examples' analyses and summaries: each used to analyse and render them again for itself.
Here each is made once per process, memoised by its arguments, and handed out so that no test
can change what another sees:

* `analysis(path)` is `termlang.check(str(path))`, kept pickled: every call unpickles a fresh
  copy (about a tenth of the cost of analysing), so a test may do what it likes with it;
* `summary(path, fmt, locale, scenario)` is what `termlang render` writes (the real command
  line, in process), as bytes; `summary_text(...)` is its text (a Word file's paragraphs and
  table cells).

A test of determinism or of the command's own behaviour (exit codes, output files, errors)
still calls the pipeline or the command itself.
"""

from __future__ import annotations

import io
import pickle
import tempfile
from functools import cache
from pathlib import Path

import termlang
from termlang.cli import main
from termlang.pipeline import Analysis


def analysis(path: Path) -> Analysis:
    """`termlang.check(str(path))`: a fresh copy of the one analysis of `path`."""
    copy = pickle.loads(_pickled_analysis(path.resolve()))
    assert isinstance(copy, Analysis)
    return copy


@cache
def _pickled_analysis(path: Path) -> bytes:
    return pickle.dumps(termlang.check(str(path)), protocol=pickle.HIGHEST_PROTOCOL)


def summary(path: Path, fmt: str, locale: str = "en", scenario: str | None = None) -> bytes:
    """What `termlang render PATH --format FMT --locale LOCALE [--scenario S] -o F` writes."""
    return _summary(path.resolve(), fmt, locale, scenario)


@cache
def _summary(path: Path, fmt: str, locale: str, scenario: str | None) -> bytes:
    with tempfile.TemporaryDirectory(prefix="termlang-tests-") as tmp:
        out = Path(tmp) / f"summary.{fmt}"
        args = ["render", str(path), "--format", fmt, "--locale", locale, "-o", str(out)]
        if scenario is not None:
            args += ["--scenario", scenario]
        code = main(args)
        assert code == 0, f"`termlang {' '.join(args)}` exited with {code}"
        return out.read_bytes()


def summary_text(path: Path, fmt: str, locale: str = "en", scenario: str | None = None) -> str:
    """The text of `summary(...)`: Markdown or HTML as written, Word as its paragraphs then
    its table cells, one a line."""
    return _summary_text(path.resolve(), fmt, locale, scenario)


@cache
def _summary_text(path: Path, fmt: str, locale: str, scenario: str | None) -> str:
    data = _summary(path, fmt, locale, scenario)
    return docx_text(data) if fmt == "docx" else data.decode("utf-8")


def docx_text(data: bytes) -> str:
    """A Word file's paragraphs, then the text of its table cells, one a line."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)
