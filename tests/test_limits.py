"""Every limit is a located diagnostic with a code, never a traceback nor a hang.

The limits live where they are enforced (`pipeline.py`: size, binary, line length, block
nesting, diagnostics per file; `syntax/parse.py`: expression depth, syntax errors per file);
these tests read them from there, so raising a limit does not break a test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from termlang.pipeline import (
    MAX_DIAGNOSTICS,
    MAX_FILE_BYTES,
    MAX_LINE_CHARS,
    Analysis,
    analyze_path,
    analyze_text,
)
from termlang.syntax.parse import MAX_BLOCK_DEPTH, MAX_EXPRESSION_DEPTH, MAX_SYNTAX_ERRORS

HEADER = 'agreement "a" {\n  kind mou\n  binding yes\n  effective 2026-01-01\n}\n'
DEEP = 10_000  # far past every limit, and past Python's recursion limit


def codes(analysis: Analysis) -> list[str]:
    return [d.code for d in analysis.diagnostics]


def assert_inside(analysis: Analysis) -> None:
    for diag in analysis.diagnostics:
        if diag.span is not None:
            assert 0 <= diag.span.start <= diag.span.end <= len(diag.span.source.text)


def test_file_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.term"
    with big.open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: the size is checked before reading
    analysis = analyze_path(big)
    assert codes(analysis) == ["TL004"]
    assert f"{MAX_FILE_BYTES:,}" in analysis.diagnostics[0].message


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    ok = tmp_path / "ok.term"
    ok.write_bytes(HEADER.encode())
    assert "TL004" not in codes(analyze_path(ok))


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.term"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    analysis = analyze_path(path)
    assert codes(analysis) == ["TL005"]
    assert "binary" in analysis.diagnostics[0].message


def test_line_length_limit() -> None:
    text = HEADER + "note " + "a" * (MAX_LINE_CHARS + 1) + "\n"
    analysis = analyze_text(text)
    assert codes(analysis) == ["TL007"]
    assert_inside(analysis)


def test_line_at_the_length_limit_passes_the_limit() -> None:
    text = HEADER + "x" * MAX_LINE_CHARS + "\n"
    assert "TL007" not in codes(analyze_text(text))


def test_line_length_reports_at_most_a_few_lines() -> None:
    text = ("x" * (MAX_LINE_CHARS + 1) + "\n") * 50
    analysis = analyze_text(text)
    assert set(codes(analysis)) == {"TL007"}
    assert len(analysis.diagnostics) <= 3


def test_block_nesting_limit() -> None:
    depth = MAX_BLOCK_DEPTH + 1
    text = HEADER + "a {\n" * depth + "}\n" * depth
    analysis = analyze_text(text)
    assert codes(analysis) == ["TL008"]
    assert "blocks" in analysis.diagnostics[0].message
    assert_inside(analysis)


def test_block_nesting_within_limit_is_not_reported() -> None:
    depth = MAX_BLOCK_DEPTH
    text = HEADER + "a {\n" * depth + "}\n" * depth
    assert "TL008" not in codes(analyze_text(text))


@pytest.mark.parametrize(
    "condition",
    [
        pytest.param("not\n" * DEEP + "x", id="not"),
        pytest.param("(\n" * DEEP + "x" + ")\n" * DEEP, id="parentheses"),
        pytest.param("[\n" * DEEP + "]\n" * DEEP, id="brackets"),
        pytest.param("x" + " and\ny" * DEEP, id="and-chain"),
        pytest.param("x" + " or\ny" * DEEP, id="or-chain"),
        pytest.param("effective" + " +\n1 month" * DEEP, id="offset-chain"),
        pytest.param("f(\n" * DEEP + "x" + ")\n" * DEEP, id="calls"),
    ],
)
def test_expression_depth_is_a_diagnostic_not_a_recursion_error(condition: str) -> None:
    text = HEADER + 'termination t "t" {\n  ends agreement\n  when ' + condition + "\n}\n"
    analysis = analyze_text(text)
    assert codes(analysis) == ["TL008"]
    assert f"{MAX_EXPRESSION_DEPTH}" in analysis.diagnostics[0].message
    assert_inside(analysis)


def test_expression_within_depth_limit_is_not_reported() -> None:
    depth = MAX_EXPRESSION_DEPTH // 2
    text = (
        HEADER
        + 'event e "e"\ntermination t "t" {\n  ends agreement\n  when '
        + "not " * depth
        + "e\n}\n"
    )
    assert "TL008" not in codes(analyze_text(text))


def test_deeply_nested_blocks_are_a_diagnostic() -> None:
    text = "a {\n" * DEEP + "}\n" * DEEP
    analysis = analyze_text(text)
    assert codes(analysis) == ["TL008"]
    assert_inside(analysis)


def test_deeply_nested_blocks_say_blocks() -> None:
    text = "a {\n" * DEEP + "}\n" * DEEP
    assert "blocks" in analyze_text(text).diagnostics[0].message


def test_diagnostics_per_file_are_capped_with_a_summary() -> None:
    count = MAX_DIAGNOSTICS + 100
    text = HEADER + "".join(f"bogus{i} x\n" for i in range(count))
    analysis = analyze_text(text)
    assert len(analysis.diagnostics) == MAX_DIAGNOSTICS + 1
    summary = analysis.diagnostics[-1]
    assert summary.code == "TL003"
    assert "more not shown" in summary.message


def test_diagnostics_under_the_cap_have_no_summary() -> None:
    text = HEADER + "".join(f"bogus{i} x\n" for i in range(10))
    assert "TL003" not in codes(analyze_text(text))


def test_syntax_errors_stop_at_the_recovery_cap() -> None:
    analysis = analyze_text("x = 1\n" * (MAX_SYNTAX_ERRORS * 3))
    syntax = [d for d in analysis.diagnostics if d.code.startswith("TL1")]
    assert len(syntax) == MAX_SYNTAX_ERRORS
    assert_inside(analysis)


def test_syntax_error_cap_is_announced() -> None:
    analysis = analyze_text("x = 1\n" * (MAX_SYNTAX_ERRORS * 3))
    assert len(analysis.diagnostics) == MAX_SYNTAX_ERRORS + 1
    assert analysis.diagnostics[-1].code == "TL003"
