from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termlang.source import Position, SourceFile, Span, decode_error_offset


def test_ascii_positions() -> None:
    src = SourceFile("a.term", "ab\ncd\n")
    assert src.position(0) == Position(1, 1, 0)
    assert src.position(2) == Position(1, 3, 2)  # the "\n" itself
    assert src.position(3) == Position(2, 1, 3)
    assert src.position(5) == Position(2, 3, 5)
    assert src.position(6) == Position(3, 1, 6)  # end of file, after final newline


def test_crlf_ends_line_lone_cr_does_not() -> None:
    src = SourceFile("a.term", "ab\r\ncd\re\r\n")
    assert src.line_count == 3
    assert src.position(2) == Position(1, 3, 2)  # "\r"
    assert src.position(3) == Position(1, 4, 3)  # "\n"
    assert src.position(4) == Position(2, 1, 4)
    assert src.position(7) == Position(2, 4, 7)  # "e" after a lone "\r"
    assert src.line_text(1) == "ab"
    assert src.line_text(2) == "cd\re"
    assert src.line_text(3) == ""


def test_bom_shifts_bytes_only() -> None:
    src = SourceFile("a.term", "ab\ncd", bom=True)
    assert src.position(0) == Position(1, 1, 3)
    assert src.position(4) == Position(2, 2, 7)


def test_multibyte_columns_vs_bytes() -> None:
    # "\u2013" (en dash) is 3 bytes, "é" 2 bytes, "😀" 4 bytes in UTF-8.
    text = "a\u2013é😀b\nx"
    src = SourceFile("a.term", text)
    assert src.position(1) == Position(1, 2, 1)
    assert src.position(2) == Position(1, 3, 4)
    assert src.position(3) == Position(1, 4, 6)
    assert src.position(4) == Position(1, 5, 10)
    assert src.position(5) == Position(1, 6, 11)
    assert src.position(6) == Position(2, 1, 12)
    assert src.position(7) == Position(2, 2, 13)
    for offset in range(len(text) + 1):
        assert src.position(offset).byte == len(text[:offset].encode("utf-8"))


def test_multibyte_with_bom_and_crlf() -> None:
    data = b"\xef\xbb\xbf" + "é\r\n😀x".encode()
    src = SourceFile.from_bytes("a.term", data)
    assert src.bom
    assert src.text == "é\r\n😀x"
    x = src.text.index("x")
    assert src.position(x) == Position(2, 2, data.index(b"x"))
    assert src.position(0).byte == 3


def test_offsets_clamp() -> None:
    src = SourceFile("a.term", "ab\nc")
    assert src.position(100) == src.position(4) == Position(2, 2, 4)
    assert src.position(-5) == Position(1, 1, 0)


def test_empty_file() -> None:
    src = SourceFile("a.term", "")
    assert src.line_count == 1
    assert src.position(0) == Position(1, 1, 0)
    assert src.line_text(1) == ""


def test_line_text_and_count() -> None:
    src = SourceFile("a.term", "one\ntwo\r\nthree")
    assert src.line_count == 3
    assert [src.line_text(n) for n in (1, 2, 3)] == ["one", "two", "three"]
    assert src.line_start(2) == 4
    assert src.line_end(2) == 7
    with pytest.raises(IndexError):
        src.line_text(0)
    with pytest.raises(IndexError):
        src.line_text(4)


def test_tab_counts_as_one_column() -> None:
    src = SourceFile("a.term", "\tx")
    assert src.position(1) == Position(1, 2, 1)


def test_from_bytes_without_bom() -> None:
    src = SourceFile.from_bytes("a.term", "é".encode())
    assert not src.bom
    assert src.text == "é"


@pytest.mark.parametrize("bom", [False, True])
def test_from_bytes_decode_error_offset(bom: bool) -> None:
    prefix = b"\xef\xbb\xbf" if bom else b""
    data = prefix + "ok é\nbad ".encode() + b"\xff rest\nmore"
    with pytest.raises(UnicodeDecodeError) as info:
        SourceFile.from_bytes("a.term", data)
    offset = decode_error_offset(info.value)
    assert data[offset] == 0xFF
    span = SourceFile.decode_error_span("a.term", data, info.value)
    assert span.start == span.end
    assert span.start_pos == Position(2, 5, offset)
    assert span.source.line_text(2) == "bad \ufffd rest"


def test_utf16_column_non_bmp() -> None:
    src = SourceFile("a.term", "x\n😀é😀y")
    y = src.text.index("y")
    assert src.position(y).column == 4
    assert src.utf16_column(y) == 6  # two surrogate pairs
    assert src.utf16_column(src.text.index("é")) == 3
    assert src.utf16_column(1) == 2
    ascii_src = SourceFile("b.term", "abc\nde")
    assert ascii_src.utf16_column(5) == 2


def test_source_is_picklable_and_cache_not_in_eq() -> None:
    src = SourceFile("a.term", "a\nb")
    fresh = SourceFile("a.term", "a\nb")
    src.position(2)  # populate the cache
    assert src == fresh
    assert hash(src) == hash(fresh)
    clone = pickle.loads(pickle.dumps(src))
    assert clone == src
    assert clone.position(2) == Position(2, 1, 2)
    span = pickle.loads(pickle.dumps(src.span(0, 1)))
    assert span.text == "a"


def test_span_basics() -> None:
    src = SourceFile("a.term", "party acme\ngrant x")
    a = Span(src, 6, 10)
    assert a.text == "acme"
    assert a.start_pos == Position(1, 7, 6)
    assert a.end_pos == Position(1, 11, 10)
    b = src.span(11, 16)
    joined = a.to(b)
    assert (joined.start, joined.end) == (6, 16)
    assert b.to(a) == joined
    assert len(joined) == 10
    assert src.span(3).start == src.span(3).end == 3
    assert a.path == "a.term"


def test_span_equality_ignores_source() -> None:
    one = SourceFile("a.term", "xxxx")
    two = SourceFile("b.term", "yyyy")
    assert Span(one, 1, 2) == Span(two, 1, 2)
    assert hash(Span(one, 1, 2)) == hash(Span(two, 1, 2))
    assert not Span(one, 1, 2).same_location(Span(two, 1, 2))
    assert Span(one, 1, 2).same_location(Span(one, 1, 2))
    with pytest.raises(ValueError):
        Span(one, 0, 1).to(Span(two, 2, 3))


def test_invalid_span() -> None:
    src = SourceFile("a.term", "abc")
    with pytest.raises(ValueError):
        Span(src, 2, 1)
    with pytest.raises(ValueError):
        Span(src, -1, 1)


@given(st.text(alphabet=st.sampled_from("ab\r\n\té\u2013😀"), max_size=40), st.booleans())
def test_position_matches_naive(text: str, bom: bool) -> None:
    src = SourceFile("p.term", text, bom)
    for offset in range(len(text) + 1):
        before = text[:offset]
        line = before.count("\n") + 1
        column = offset - (before.rfind("\n") + 1) + 1
        byte = len(before.encode("utf-8")) + (3 if bom else 0)
        assert src.position(offset) == Position(line, column, byte)
        line_prefix = before[before.rfind("\n") + 1 :]
        assert src.utf16_column(offset) == len(line_prefix.encode("utf-16-le")) // 2 + 1
    lines = text.split("\n")
    assert src.line_count == len(lines)
    for n, expected in enumerate(lines, start=1):
        expected = expected[:-1] if expected.endswith("\r") and n < len(lines) else expected
        assert src.line_text(n) == expected


def test_offset_at_utf16_inverts_line_and_utf16_column() -> None:
    from termlang.source import SourceFile

    text = "ab\U0001f600c\r\nx\ny"
    src = SourceFile(path="t.term", text=text)
    for offset in range(len(text) + 1):
        if text[offset - 1 : offset + 1] == "\r\n":
            continue  # between \r and \n: no position of its own
        line, column = src.line_of(offset), src.utf16_column(offset)
        assert src.offset_at_utf16(line, column) == offset
    assert src.offset_at_utf16(1, 99) == 4  # past the end of its line: the line's end
    assert src.offset_at_utf16(0, 1) == 0 and src.offset_at_utf16(9, 1) == len(text)
