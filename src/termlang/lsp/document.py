"""One open document: its text analysed by the pipeline, and the names it declares and uses.

`analyze_document` is the one entry point from the editor's text to everything the features
read: it runs `termlang.pipeline.analyze` (the same stages, codes and spans as `termlang check`)
on a `SourceFile` built from the buffer, never from disk, so what the user sees is what they
typed. A scenario file beside its agreement is analysed with `origin` (its path on disk) and the
file-access policy of a file the user named (`Access.for_named`), as `check` does.

The name index is built from the syntax tree, not the model, so a declaration whose fields
have errors still has a definition, references and a hover. Names declared in another file (the
agreement a scenario file `uses`) come from the model, with spans in that file.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

from attrs import field, frozen

from termlang import ast
from termlang.access import Access
from termlang.checks._time import walk
from termlang.lower import CLAUSES, DECLARATIONS
from termlang.pipeline import Analysis, analyze, read
from termlang.source import SourceFile, Span

__all__ = ["Declaration", "Document", "Occurrence", "analyze_document", "analyze_file"]

# Keywords that declare a name, and the named parts inside a clause (`tranche second`),
# referred to with a dot (`softbank_round.second`).
_DECLARING = frozenset(DECLARATIONS) - {"agreement", "exchange_rate"}
_PARTS = frozenset({"tranche", "carve_out"})


@frozen(kw_only=True)
class Declaration:
    """A name and where it is declared."""

    name: str  # dotted for a part: `softbank_round.second`
    keyword: str  # the declaring key: `party`, `exclusivity`, `tranche`, ...
    span: Span  # the name
    item: ast.Item | None = field(default=None, eq=False, repr=False)
    label: str | None = None
    note: str | None = None

    @property
    def local(self) -> bool:
        """Declared in the document itself (not in the agreement a scenario file uses)."""
        return self.item is not None


@frozen(kw_only=True)
class Occurrence:
    """A name written in the document: its declaration or a reference to it."""

    name: str
    span: Span
    key: str  # the key of the line it is written on (`grantee`, `share`, ...)
    declaration: bool = False


@frozen(kw_only=True)
class Document:
    """An analysed version of an open document: what every feature reads."""

    uri: str
    version: int | None
    source: SourceFile
    analysis: Analysis
    declarations: dict[str, Declaration]
    occurrences: tuple[Occurrence, ...]

    def occurrence_at(self, offset: int) -> Occurrence | None:
        """The name under `offset` (its end counts: the cursor just after a word is on it)."""
        for occ in self.occurrences:
            if occ.span.start <= offset <= occ.span.end:
                return occ
        return None

    def occurrences_of(self, name: str) -> list[Occurrence]:
        return [occ for occ in self.occurrences if occ.name == name]

    def items(self) -> Iterator[tuple[ast.Item, tuple[ast.Item, ...]]]:
        """Every item with the items enclosing it (outermost first), in file order."""
        file = self.analysis.file
        if file is None:
            return
        stack: list[tuple[ast.Item, tuple[ast.Item, ...]]] = [
            (item, ()) for item in reversed(file.items)
        ]
        while stack:
            item, outer = stack.pop()
            yield item, outer
            for sub in reversed(item.block or ()):
                stack.append((sub, (*outer, item)))


@cache
def _access(path: str) -> Access:
    return Access.for_named(Path(path))


def analyze_document(uri: str, text: str, version: int | None = None) -> Document:
    """Analyse the editor's text of `uri` (a `file:` URI, or any other for an unsaved buffer)."""
    path = _path_of(uri)
    source = SourceFile(path=path or uri, text=text)
    if path is None:
        analysis = analyze(source)
    else:
        analysis = analyze(source, origin=Path(path), access=_access(path))
    return _document(uri, version, source, analysis)


def analyze_file(path: Path) -> Document | None:
    """A .term file on disk, for workspace symbols: read as `check` reads a file it is named
    (size limit, regular files only), analysed without the checks; None when unreadable."""
    source, _, _ = read(path, str(path))
    if source is None:
        return None
    analysis = analyze(source, run_checks=False, origin=path, access=_access(str(path)))
    return _document(path.resolve().as_uri(), None, source, analysis)


def _document(uri: str, version: int | None, source: SourceFile, analysis: Analysis) -> Document:
    declarations, occurrences = _index(source, analysis)
    return Document(
        uri=uri,
        version=version,
        source=source,
        analysis=analysis,
        declarations=declarations,
        occurrences=tuple(occurrences),
    )


def _path_of(uri: str) -> str | None:
    from pygls.uris import to_fs_path

    if not uri.startswith("file:"):
        return None
    return to_fs_path(uri)


def _string(expr: ast.Expr | None) -> str | None:
    return expr.value if isinstance(expr, ast.StringLit) else None


def _note(item: ast.Item) -> str | None:
    for sub in item.block or ():
        if sub.key == "note" and sub.args:
            return _string(sub.args[0])
    return None


def _declares(item: ast.Item, keys: frozenset[str]) -> ast.Ref | None:
    if item.key in keys and item.args and isinstance(item.args[0], ast.Ref):
        ref = item.args[0]
        if len(ref.parts) == 1 and ref.span is not None:
            return ref
    return None


def _part_spans(ref: ast.Ref) -> list[Span]:
    """The span of each part of a dotted name (`a.b`: `a`, then `b`)."""
    span = ref.span
    if span is None:
        return []
    if len(ref.parts) == 1:
        return [span]
    out = []
    start = span.start
    for part in ref.parts:
        if span.source.text[start : start + len(part)] != part:
            break  # not written as one token: no part spans rather than wrong ones
        out.append(Span(span.source, start, start + len(part)))
        start += len(part) + 1
    return out


def _index(
    source: SourceFile, analysis: Analysis
) -> tuple[dict[str, Declaration], list[Occurrence]]:
    declarations: dict[str, Declaration] = {}
    occurrences: list[Occurrence] = []
    file = analysis.file
    if file is not None:
        for item in file.items:
            ref = _declares(item, _DECLARING)
            if ref is None or ref.span is None:
                continue
            name = ref.name
            declarations.setdefault(name, _declaration(name, item, ref.span))
            occurrences.append(Occurrence(name=name, span=ref.span, key=item.key, declaration=True))
            if item.key in CLAUSES:
                for sub in item.block or ():
                    part = _declares(sub, _PARTS)
                    if part is None or part.span is None:
                        continue
                    dotted = f"{name}.{part.name}"
                    declarations.setdefault(dotted, _declaration(dotted, sub, part.span))
                    occurrences.append(
                        Occurrence(name=dotted, span=part.span, key=sub.key, declaration=True)
                    )
    _foreign(analysis, source, declarations)
    if file is not None:
        declared = {occ.span.start for occ in occurrences}
        occurrences.extend(_references(file, declarations, declared))
    occurrences.sort(key=lambda occ: occ.span.start)
    return declarations, occurrences


def _foreign(analysis: Analysis, source: SourceFile, declarations: dict[str, Declaration]) -> None:
    """Names the model knows from another file (the agreement a scenario file uses)."""
    model = analysis.model
    if model is None:
        return
    tables = (
        ("party", model.parties),
        ("entity", model.entities),
        ("event", model.events),
        ("calendar", model.calendars),
        ("scenario", model.scenarios),
    )
    for keyword, table in tables:
        for name, decl in table.items():
            _add_foreign(declarations, source, name, keyword, decl)
    for name, term in model.terms.items():
        _add_foreign(declarations, source, name, term.kind, term)
    for name, clause in model.clauses.items():
        keyword = next((k for k, (cls, _) in CLAUSES.items() if type(clause) is cls), "clause")
        _add_foreign(declarations, source, name, keyword, clause)


def _add_foreign(
    declarations: dict[str, Declaration], source: SourceFile, name: str, keyword: str, decl: object
) -> None:
    span = getattr(decl, "name_span", None)
    if name in declarations or span is None or span.source is source:
        return
    label = getattr(decl, "label", None) or getattr(decl, "legal_name", None)
    declarations[name] = Declaration(
        name=name, keyword=keyword, span=span, label=label, note=getattr(decl, "note", None)
    )


def _references(
    file: ast.File, declarations: dict[str, Declaration], declared: set[int]
) -> Iterator[Occurrence]:
    stack: list[tuple[ast.Item, bool]] = [(item, False) for item in file.items]
    while stack:
        item, in_scenario = stack.pop()
        # In a scenario, a line's key is the event it dates: `agi_declared 2030-01-01`.
        if in_scenario and item.key in declarations and item.key_span is not None:
            yield Occurrence(name=item.key, span=item.key_span, key="scenario")
        for arg in item.args:
            for node in walk(arg):
                if not isinstance(node, ast.Ref) or node.span is None:
                    continue
                if node.span.start in declared:
                    continue
                spans = _part_spans(node)
                if not spans or node.parts[0] not in declarations:
                    continue
                yield Occurrence(name=node.parts[0], span=spans[0], key=item.key)
                if len(spans) > 1:
                    dotted = f"{node.parts[0]}.{node.parts[1]}"
                    if dotted in declarations:
                        yield Occurrence(name=dotted, span=spans[1], key=item.key)
        for sub in item.block or ():
            stack.append((sub, in_scenario or item.key == "scenario"))


def _declaration(name: str, item: ast.Item, span: Span) -> Declaration:
    """Where `name` is declared: by `item` (a declaration, or a clause's tranche or carve-out),
    with the item's label and note."""
    label = _string(item.args[1]) if len(item.args) > 1 else None
    return Declaration(
        name=name, keyword=item.key, span=span, item=item, label=label, note=_note(item)
    )
