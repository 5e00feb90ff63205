from __future__ import annotations

from termlang.diagnostics import Diagnostic, Diagnostics, Label, Severity
from termlang.source import SourceFile


def _src(path: str = "a.term") -> SourceFile:
    return SourceFile(path, "party acme\nparty acme\n")


def test_severity_values() -> None:
    assert [s.value for s in Severity] == ["error", "warning", "note"]


def test_collector_counts_and_has_errors() -> None:
    src = _src()
    diags = Diagnostics()
    assert not diags
    assert not diags.has_errors
    d = diags.warning("TL100", "unused party `acme`", src.span(6, 10))
    assert d.severity is Severity.WARNING
    assert not diags.has_errors
    diags.error(
        "TL201",
        "duplicate party `acme`",
        src.span(17, 21),
        labels=[Label(src.span(6, 10), "first declared here")],
        help="rename one of them",
    )
    diags.note("TL900", "fyi", None)
    assert diags.has_errors
    assert (diags.error_count, diags.warning_count, diags.note_count) == (1, 1, 1)
    assert diags.count(Severity.ERROR) == 1
    assert len(diags) == 3
    assert [x.code for x in diags] == ["TL100", "TL201", "TL900"]
    assert diags.summary_overflow() is None


def test_extend_and_add() -> None:
    src = _src()
    first = Diagnostics()
    first.error("TL1", "x", src.span(0, 1))
    second = Diagnostics()
    second.extend(first)
    second.add(Diagnostic("TL2", Severity.NOTE, "y", None))
    assert [d.code for d in second] == ["TL1", "TL2"]


def test_sorted_by_path_offset_code() -> None:
    a = _src("a.term")
    b = _src("b.term")
    diags = Diagnostics()
    diags.error("TL3", "m", b.span(0, 1))
    diags.error("TL2", "m", a.span(5, 6))
    diags.error("TL1", "m", a.span(5, 6))
    diags.error("TL9", "m", a.span(0, 1))
    diags.error("TL0", "m", None)
    got = [(d.path, d.span.start if d.span else -1, d.code) for d in diags.sorted()]
    assert got == [
        ("", -1, "TL0"),
        ("a.term", 0, "TL9"),
        ("a.term", 5, "TL1"),
        ("a.term", 5, "TL2"),
        ("b.term", 0, "TL3"),
    ]


def test_limit_per_file_and_overflow() -> None:
    a = _src("a.term")
    b = _src("b.term")
    diags = Diagnostics(limit=2)
    for i in range(5):
        diags.error("TL1", f"e{i}", a.span(i, i + 1))
    diags.warning("TL2", "w", b.span(0, 1))
    assert len(diags) == 3  # 2 from a.term, 1 from b.term
    assert diags.error_count == 5  # dropped ones are still counted
    assert diags.dropped == 3
    assert diags.has_errors
    overflow = diags.summary_overflow()
    assert overflow is not None
    assert overflow.code == "TL003"
    assert overflow.severity is Severity.NOTE
    assert overflow.message == "too many diagnostics: 3 more not shown"
    assert overflow.span is None


def test_default_limit_and_unlimited() -> None:
    src = _src()
    diags = Diagnostics()
    for _ in range(205):
        diags.warning("TL1", "w", src.span(0, 1))
    assert len(diags) == 200
    assert diags.dropped == 5
    unlimited = Diagnostics(limit=None)
    for _ in range(205):
        unlimited.warning("TL1", "w", src.span(0, 1))
    assert len(unlimited) == 205
    assert unlimited.summary_overflow() is None


def test_primary_and_secondary_labels() -> None:
    src = _src()
    primary = Label(src.span(17, 21), "duplicate")
    other = Label(src.span(6, 10), "first")
    d = Diagnostic("TL201", Severity.ERROR, "dup", src.span(17, 21), labels=[other, primary])
    assert d.labels == (other, primary)
    assert d.primary_label() is primary
    assert d.secondary_labels() == (other,)
    assert d.sort_key() == ("a.term", 17, "TL201")
    assert Diagnostic("TL1", Severity.NOTE, "m", None).primary_label() is None
