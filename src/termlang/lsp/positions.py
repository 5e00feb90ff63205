"""Positions: LSP `Position`/`Range` to and from character offsets of a `SourceFile`.

LSP counts lines from 0 and columns in UTF-16 code units (the default `positionEncoding`);
termlang offsets are code points. `termlang.source` owns the offset -> line/UTF-16 column
direction (`SourceFile.line_of`, `SourceFile.utf16_column`) and its inverse
(`SourceFile.offset_at_utf16`, which `offset_at` asks for the positions a client sends). A
position past the end of a line lands at the end of that line, and one past the last line at
the end of the text, as the protocol asks.
"""

from __future__ import annotations

from lsprotocol import types

from termlang.source import SourceFile, Span

__all__ = ["lsp_range", "offset_at", "position_at"]


def position_at(source: SourceFile, offset: int) -> types.Position:
    """The LSP position of a character offset (clamped into the text)."""
    return types.Position(
        line=source.line_of(offset) - 1, character=source.utf16_column(offset) - 1
    )


def lsp_range(span: Span | None, source: SourceFile | None = None) -> types.Range:
    """The LSP range of a span; a missing span is the start of the file."""
    if span is None:
        return types.Range(types.Position(line=0, character=0), types.Position(0, 0))
    src = span.source if source is None else source
    return types.Range(start=position_at(src, span.start), end=position_at(src, span.end))


def offset_at(source: SourceFile, position: types.Position) -> int:
    """The character offset of an LSP position (UTF-16 column), clamped to its line."""
    return source.offset_at_utf16(position.line + 1, position.character + 1)
