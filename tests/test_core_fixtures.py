"""Golden fixtures for the core stages: syntax, structure (lowering) and names.

Each `tests/fixtures/<stage>/bad/<name>.term` has `<name>.expected`, the exact text the
checker prints for it (codes, lines, columns, messages, help); each has a twin in `good/`
that must produce no diagnostic at all. `pytest --update-goldens` rewrites the expected files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, check_golden
from termlang.lower import lower
from termlang.pipeline import analyze, decode
from termlang.report import render_text
from termlang.syntax import parse_source

STAGES = ("syntax", "lower", "resolve")


def _cases(kind: str) -> list[Path]:
    return sorted(p for stage in STAGES for p in (FIXTURES / stage / kind).glob("*.term"))


def _diagnostics(path: Path) -> str:
    """The diagnostics of the stages up to the fixture's own (a syntax twin need not resolve)."""
    stage = path.parent.parent.name
    source, problems, _ = decode(path.name, path.read_bytes())
    if source is None:
        return render_text(problems)
    if stage == "resolve":
        return render_text(analyze(source, run_checks=False).diagnostics)
    file, found = parse_source(source)
    if stage == "lower" and file is not None:
        found = found + lower(file)[1]
    return render_text(found)


@pytest.mark.parametrize("path", _cases("bad"), ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_bad_fixture_matches_expected(path: Path, update_goldens: bool) -> None:
    actual = _diagnostics(path)
    assert actual, f"{path} should produce diagnostics"
    check_golden(path.with_suffix(".expected"), actual, update_goldens)


@pytest.mark.parametrize("path", _cases("good"), ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_good_twin_is_clean(path: Path) -> None:
    assert _diagnostics(path) == ""


def test_every_bad_fixture_has_a_good_twin() -> None:
    for path in _cases("bad"):
        twin = path.parent.parent / "good" / path.name
        assert twin.exists(), f"{path} has no good twin"


def test_three_syntax_errors_reported_at_their_lines() -> None:
    path = FIXTURES / "syntax" / "bad" / "three-errors.term"
    source, _, _ = decode(path.name, path.read_bytes())
    assert source is not None
    diags = analyze(source, run_checks=False).diagnostics
    assert [(d.code, d.span.start_pos.line) for d in diags if d.span] == [
        ("TL101", 2),
        ("TL100", 7),
        ("TL100", 11),
    ]
