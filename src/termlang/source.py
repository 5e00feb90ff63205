"""Source files, spans and positions.

This module is the single place in termlang that converts character offsets into
line/column/byte positions.  Everything else (parser, checks, reporters) works with
0-based character offsets wrapped in :class:`Span` and asks this module for positions.

Conventions:

* offsets are 0-based indices into :attr:`SourceFile.text` (Python ``str`` indices, i.e.
  Unicode code points);
* lines and columns are 1-based, a column counts Unicode code points (a tab is 1);
* ``\\n`` and ``\\r\\n`` end a line, a lone ``\\r`` does not;
* byte offsets are 0-based offsets into the original file encoded as UTF-8, including
  the 3 bytes of a UTF-8 byte order mark when the file had one.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen

__all__ = ["Position", "SourceFile", "Span", "decode_error_offset"]

_BOM = b"\xef\xbb\xbf"
_BOM_LEN = len(_BOM)


@frozen
class Position:
    """A resolved position: 1-based ``line`` and ``column``, 0-based ``byte`` offset."""

    line: int
    column: int
    byte: int


@frozen
class _LineIndex:
    """Start offsets of every line, in characters and in bytes of the original file."""

    char_starts: list[int]
    byte_starts: list[int]
    ascii: bool


def _build_index(text: str, bom: bool) -> _LineIndex:
    starts = [0]
    append = starts.append
    find = text.find
    i = find("\n")
    while i >= 0:
        append(i + 1)
        i = find("\n", i + 1)
    shift = _BOM_LEN if bom else 0
    if text.isascii():
        byte_starts = [s + shift for s in starts] if shift else starts
        return _LineIndex(starts, byte_starts, True)
    byte_starts = [shift]
    total = shift
    prev = 0
    for s in starts[1:]:
        total += len(text[prev:s].encode("utf-8", "surrogatepass"))
        byte_starts.append(total)
        prev = s
    return _LineIndex(starts, byte_starts, False)


@frozen
class SourceFile:
    """A decoded source file.

    ``path`` is the path as displayed to the user, ``text`` the decoded text without a
    BOM, ``bom`` whether the file on disk started with a UTF-8 BOM (byte offsets then
    shift by 3).  The line index is computed lazily on first use and cached.
    """

    path: str
    text: str
    bom: bool = False
    _index: _LineIndex | None = attrs.field(init=False, eq=False, repr=False, default=None)

    # -- construction -------------------------------------------------------------

    @classmethod
    def from_bytes(cls, path: str, data: bytes) -> SourceFile:
        """Decode ``data`` as strict UTF-8, stripping (and remembering) a leading BOM.

        Raises :class:`UnicodeDecodeError` whose ``object`` is ``data`` and whose
        ``start``/``end`` are offsets into ``data`` (BOM included); see
        :func:`decode_error_offset` and :meth:`decode_error_span`.
        """
        bom = data.startswith(_BOM)
        body = data[_BOM_LEN:] if bom else data
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            if not bom:
                raise
            shift = _BOM_LEN
            raise UnicodeDecodeError(
                "utf-8", data, exc.start + shift, exc.end + shift, exc.reason
            ) from None
        return cls(path, text, bom)

    @classmethod
    def decode_error_span(cls, path: str, data: bytes, exc: UnicodeDecodeError) -> Span:
        """A zero-width span at the first undecodable byte, for reporting ``exc``.

        ``exc`` must come from :meth:`from_bytes` on the same ``data``.  The returned
        span's source holds the text up to the end of the offending line (the bad bytes
        shown as U+FFFD); positions up to and including the span are exact.
        """
        bad = decode_error_offset(exc)
        bom = data.startswith(_BOM)
        begin = _BOM_LEN if bom else 0
        bad = max(begin, min(bad, len(data)))
        prefix = data[begin:bad].decode("utf-8", "replace")
        eol = data.find(b"\n", bad)
        rest = data[bad : len(data) if eol < 0 else eol].decode("utf-8", "replace")
        source = cls(path, prefix + rest, bom)
        return Span(source, len(prefix), len(prefix))

    # -- queries ------------------------------------------------------------------

    def _line_index(self) -> _LineIndex:
        index = self._index
        if index is None:
            index = _build_index(self.text, self.bom)
            object.__setattr__(self, "_index", index)
        return index

    @property
    def line_count(self) -> int:
        """Number of lines; text ending in a newline has a final empty line
        (``"a\\n"`` has 2 lines, ``""`` has 1), so every offset maps to a line."""
        return len(self._line_index().char_starts)

    def clamp(self, offset: int) -> int:
        """``offset`` clamped into ``[0, len(text)]``."""
        if offset < 0:
            return 0
        n = len(self.text)
        return n if offset > n else offset

    def line_of(self, offset: int) -> int:
        """1-based line number containing ``offset`` (clamped)."""
        return bisect_right(self._line_index().char_starts, self.clamp(offset))

    def line_start(self, line: int) -> int:
        """Character offset where 1-based ``line`` starts."""
        starts = self._line_index().char_starts
        if not 1 <= line <= len(starts):
            raise IndexError(f"line {line} out of range 1..{len(starts)}")
        return starts[line - 1]

    def line_end(self, line: int) -> int:
        """Character offset of the end of ``line``, before its ``\\n`` / ``\\r\\n``."""
        starts = self._line_index().char_starts
        if not 1 <= line <= len(starts):
            raise IndexError(f"line {line} out of range 1..{len(starts)}")
        if line == len(starts):
            return len(self.text)
        end = starts[line] - 1  # the "\n"
        if end > starts[line - 1] and self.text[end - 1] == "\r":
            end -= 1
        return end

    def line_text(self, line: int) -> str:
        """Text of 1-based ``line`` without its line terminator."""
        return self.text[self.line_start(line) : self.line_end(line)]

    def position(self, offset: int) -> Position:
        """Resolve a character offset (clamped to the text) to a :class:`Position`."""
        offset = self.clamp(offset)
        index = self._line_index()
        line = bisect_right(index.char_starts, offset)
        start = index.char_starts[line - 1]
        if index.ascii:
            byte = index.byte_starts[line - 1] + (offset - start)
        else:
            chunk = self.text[start:offset]
            byte = index.byte_starts[line - 1] + len(chunk.encode("utf-8", "surrogatepass"))
        return Position(line, offset - start + 1, byte)

    def utf16_column(self, offset: int) -> int:
        """1-based column of ``offset`` counted in UTF-16 code units (SARIF, LSP)."""
        offset = self.clamp(offset)
        index = self._line_index()
        line = bisect_right(index.char_starts, offset)
        start = index.char_starts[line - 1]
        if index.ascii:
            return offset - start + 1
        chunk = self.text[start:offset]
        return len(chunk) + sum(1 for c in chunk if ord(c) > 0xFFFF) + 1

    def offset_at_utf16(self, line: int, column: int) -> int:
        """The offset at 1-based ``line`` and 1-based ``column`` counted in UTF-16 code units
        (the inverse of ``line_of`` and ``utf16_column``, for positions LSP clients send).

        A column past the end of its line lands at the end of that line, a line before the
        first at the start of the text and one past the last at its end.
        """
        if line < 1:
            return 0
        if line > self.line_count:
            return len(self.text)
        offset = self.line_start(line)
        end = self.line_end(line)
        text = self.text
        units = 1
        while offset < end and units < column:
            units += 2 if ord(text[offset]) > 0xFFFF else 1
            offset += 1
        return offset

    def span(self, start: int, end: int | None = None) -> Span:
        """A span of this file (zero-width at ``start`` when ``end`` is omitted)."""
        return Span(self, start, start if end is None else end)

    def __len__(self) -> int:
        return len(self.text)


def decode_error_offset(exc: UnicodeDecodeError) -> int:
    """Byte offset of the first undecodable byte (offset into the bytes decoded;
    for :meth:`SourceFile.from_bytes` that is the original data, BOM included)."""
    return int(exc.start)


# Eager, with __slots__: every parse makes one per node (33,000 for 11,000 lines), so building
# it lazily would save nothing and a `__dict__` per span would cost memory.
@attrs.frozen
class Span:
    """Half-open character range ``[start, end)`` in ``source``.

    Equality and hashing compare ``start``/``end`` only.
    """

    source: SourceFile = attrs.field(eq=False, repr=False)
    start: int
    end: int

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    @property
    def start_pos(self) -> Position:
        return self.source.position(self.start)

    @property
    def end_pos(self) -> Position:
        return self.source.position(self.end)

    @property
    def text(self) -> str:
        return self.source.text[self.start : self.end]

    @property
    def path(self) -> str:
        return self.source.path

    def __len__(self) -> int:
        return self.end - self.start

    def same_location(self, other: Span) -> bool:
        """Same file (by path) and same range; stricter than ``==``."""
        return (
            self.start == other.start
            and self.end == other.end
            and (self.source is other.source or self.source.path == other.source.path)
        )

    def to(self, other: Span) -> Span:
        """The smallest span covering both ``self`` and ``other`` (same file)."""
        if self.source is not other.source and self.source.path != other.source.path:
            raise ValueError(
                f"cannot join spans from `{self.source.path}` and `{other.source.path}`"
            )
        return Span(self.source, min(self.start, other.start), max(self.end, other.end))
