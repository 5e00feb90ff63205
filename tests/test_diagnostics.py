from __future__ import annotations

from termlang.diagnostics import Diagnostic, Label, Severity
from termlang.source import SourceFile


def _src(path: str = "a.term") -> SourceFile:
    return SourceFile(path, "party acme\nparty acme\n")


def test_severity_values() -> None:
    assert [s.value for s in Severity] == ["error", "warning", "note"]


def test_sorted_by_path_offset_code() -> None:
    a = _src("a.term")
    b = _src("b.term")
    diags = [
        Diagnostic(code, Severity.ERROR, "m", span)
        for code, span in (
            ("TL3", b.span(0, 1)),
            ("TL2", a.span(5, 6)),
            ("TL1", a.span(5, 6)),
            ("TL9", a.span(0, 1)),
            ("TL0", None),
        )
    ]
    ordered = sorted(diags, key=Diagnostic.sort_key)
    got = [(d.path, d.span.start if d.span else -1, d.code) for d in ordered]
    assert got == [
        ("", -1, "TL0"),
        ("a.term", 0, "TL9"),
        ("a.term", 5, "TL1"),
        ("a.term", 5, "TL2"),
        ("b.term", 0, "TL3"),
    ]


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
