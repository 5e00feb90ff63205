"""The pygls wiring: requests routed to `termlang.lsp.features`, documents kept analysed.

Freshness. Every open document has one `Document`, the analysis of some version of its text.
A change schedules a re-check after `DEBOUNCE` seconds; a newer change cancels the pending one,
so a burst of keystrokes costs one analysis, and diagnostics are published only for the version
still current when the analysis ends (never stale ones over fresh). A request (hover,
completion, ...) that arrives before the re-check analyses the current text first, so
positions always match the text the client holds.

The server never dies of a file: the pipeline reports every problem as a diagnostic, and a
feature that fails anyway answers nothing and logs the traceback to the client's log, not to
the protocol stream.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer

from termlang.lsp import features
from termlang.lsp.document import Document, analyze_document
from termlang.pipeline import MAX_FILE_BYTES

__all__ = ["TermlangServer", "serve"]

DEBOUNCE = 0.005  # seconds: long enough to coalesce a burst, short against the 30 ms budget
MAX_DISK_FILES = 500  # .term files read for workspace symbols
T = TypeVar("T")
log = logging.getLogger(__name__)


def _version() -> str:
    from termlang import __version__

    return __version__


class TermlangServer(LanguageServer):
    """A language server holding the latest analysis of every open .term document."""

    def __init__(self) -> None:
        super().__init__("termlang", _version())
        self.documents: dict[str, Document] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.debounce = DEBOUNCE
        # workspace symbols: each file's analysis, with the (mtime, size) it was made for
        self.disk: dict[str, tuple[tuple[int, int], Document]] = {}

    def current(self, uri: str) -> Document | None:
        """The analysis of the client's current text of `uri` (analysed now if stale)."""
        if uri not in self.workspace.text_documents:
            # Not open: pygls would read it from disk, unbounded; the editor's text is the truth.
            return None
        text_doc = self.workspace.get_text_document(uri)
        doc = self.documents.get(uri)
        if (
            doc is not None
            and doc.version == text_doc.version
            and doc.source.text == (text_doc.source)
        ):
            return doc
        text = text_doc.source
        if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
            return None  # `publish` says why; a document this large gets no features
        doc = analyze_document(uri, text, text_doc.version)
        self.documents[uri] = doc
        return doc

    def on_disk(self, skip: set[str]) -> list[Document]:
        """The .term files of the workspace folders not open in the editor (at most
        `MAX_DISK_FILES`), each analysed once per modification time."""
        from pygls.uris import to_fs_path

        from termlang.access import walk
        from termlang.lsp.document import analyze_file

        roots = [to_fs_path(folder.uri) for folder in self.workspace.folders.values()]
        if not roots and self.workspace.root_path:
            roots = [self.workspace.root_path]
        out: list[Document] = []
        seen = 0
        for root in roots:
            if root is None or not os.path.isdir(root):
                continue
            for path, followed in walk(Path(root)):
                if not followed or path.suffix != ".term" or path.resolve().as_uri() in skip:
                    continue
                seen += 1
                if seen > MAX_DISK_FILES:
                    return out
                try:
                    info = path.stat()
                except OSError:
                    continue
                stamp = (info.st_mtime_ns, info.st_size)
                cached = self.disk.get(str(path))
                if cached is None or cached[0] != stamp:
                    doc = analyze_file(path)
                    if doc is None:
                        continue
                    cached = self.disk[str(path)] = (stamp, doc)
                out.append(cached[1])
        return out

    def publish(self, uri: str) -> None:
        if uri not in self.workspace.text_documents:
            return
        text_doc = self.workspace.get_text_document(uri)
        size = len(text_doc.source.encode("utf-8", "surrogatepass"))
        if size > MAX_FILE_BYTES:
            found = [_too_large(size)]
        else:
            doc = self.current(uri)
            found = features.diagnostics(doc) if doc is not None else []
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=text_doc.version)
        )

    def schedule(self, uri: str) -> None:
        """Re-check `uri` after the debounce, replacing a re-check not yet started."""
        pending = self.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        version = self.workspace.get_text_document(uri).version
        self.pending[uri] = asyncio.get_running_loop().create_task(self._recheck(uri, version))

    async def _recheck(self, uri: str, version: int | None) -> None:
        await asyncio.sleep(self.debounce)
        if uri not in self.workspace.text_documents:
            return
        if self.workspace.get_text_document(uri).version != version:
            return  # a newer change has its own re-check
        self.pending.pop(uri, None)
        _safely(lambda: self.publish(uri), None)


def _too_large(size: int) -> types.Diagnostic:
    return types.Diagnostic(
        range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        severity=types.DiagnosticSeverity.Error,
        code="TL004",
        source=features.SOURCE,
        message=f"this document is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit\n"
        "help: a .term file is text a person writes; check that this is the right file",
    )


def _safely(work: Callable[[], T], fallback: T) -> T:
    """Run one feature; a bug answers `fallback` and is logged, the server carries on."""
    try:
        return work()
    except JsonRpcInvalidParams:
        raise
    except Exception:
        log.error("termlang lsp: %s", traceback.format_exc())
        return fallback


server = TermlangServer()


@server.feature(types.INITIALIZED)
def _initialized(ls: TermlangServer, params: types.InitializedParams) -> None:
    # Load the grammar and the checks now, so the first keystroke is already warm.
    _safely(lambda: analyze_document("untitled:warm-up", 'agreement "x" {}\n'), None)
    # What start-up loaded (grammar tables, checks, pygls) lives as long as the server: out of
    # the collector's sight, an occasional full collection no longer rescans it.
    gc.collect()
    gc.freeze()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def _did_open(ls: TermlangServer, params: types.DidOpenTextDocumentParams) -> None:
    _safely(lambda: ls.publish(params.text_document.uri), None)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def _did_change(ls: TermlangServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def _did_save(ls: TermlangServer, params: types.DidSaveTextDocumentParams) -> None:
    # Scenario files beside the agreement read it from disk: saving it re-checks them all.
    for uri in list(ls.workspace.text_documents):
        ls.documents.pop(uri, None)
        ls.schedule(uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def _did_close(ls: TermlangServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.documents.pop(uri, None)
    pending = ls.pending.pop(uri, None)
    if pending is not None:
        pending.cancel()
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def _with_doc(ls: TermlangServer, uri: str, work: Callable[[Document], T], fallback: T) -> T:
    def run() -> T:
        doc = ls.current(uri)
        return fallback if doc is None else work(doc)

    return _safely(run, fallback)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def _hover(ls: TermlangServer, params: types.HoverParams) -> types.Hover | None:
    return _with_doc(
        ls, params.text_document.uri, lambda d: features.hover(d, params.position), None
    )


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def _definition(ls: TermlangServer, params: types.DefinitionParams) -> types.Location | None:
    return _with_doc(
        ls, params.text_document.uri, lambda d: features.definition(d, params.position), None
    )


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def _references(ls: TermlangServer, params: types.ReferenceParams) -> list[types.Location]:
    return _with_doc(
        ls,
        params.text_document.uri,
        lambda d: features.references(d, params.position, params.context.include_declaration),
        [],
    )


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
def _prepare_rename(ls: TermlangServer, params: types.PrepareRenameParams) -> types.Range | None:
    return _with_doc(
        ls, params.text_document.uri, lambda d: features.prepare_rename(d, params.position), None
    )


@server.feature(types.TEXT_DOCUMENT_RENAME)
def _rename(ls: TermlangServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
    def work(doc: Document) -> types.WorkspaceEdit | None:
        try:
            return features.rename(doc, params.position, params.new_name)
        except features.RenameRefused as refused:
            raise JsonRpcInvalidParams(str(refused)) from None

    return _with_doc(ls, params.text_document.uri, work, None)


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def _symbols(ls: TermlangServer, params: types.DocumentSymbolParams) -> list[Any]:
    return _with_doc(ls, params.text_document.uri, features.document_symbols, [])


@server.feature(types.WORKSPACE_SYMBOL)
def _workspace_symbols(
    ls: TermlangServer, params: types.WorkspaceSymbolParams
) -> list[types.WorkspaceSymbol]:
    def run() -> list[types.WorkspaceSymbol]:
        docs = [ls.current(uri) for uri in list(ls.workspace.text_documents)]
        found = [d for d in docs if d is not None]
        found.extend(ls.on_disk(skip={d.uri for d in found}))
        return features.workspace_symbols(found, params.query)

    return _safely(run, [])


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" ", "."])
)
def _completion(ls: TermlangServer, params: types.CompletionParams) -> types.CompletionList:
    none: list[types.CompletionItem] = []
    items = _with_doc(
        ls, params.text_document.uri, lambda d: features.completion(d, params.position), none
    )
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
def _formatting(ls: TermlangServer, params: types.DocumentFormattingParams) -> list[Any]:
    return _with_doc(ls, params.text_document.uri, features.formatting, [])


@server.feature(types.TEXT_DOCUMENT_RANGE_FORMATTING)
def _range_formatting(
    ls: TermlangServer, params: types.DocumentRangeFormattingParams
) -> list[types.TextEdit]:
    return _with_doc(
        ls, params.text_document.uri, lambda d: features.formatting(d, params.range), []
    )


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def _code_action(ls: TermlangServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    return _with_doc(ls, params.text_document.uri, lambda d: features.code_actions(d, params), [])


@server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
def _folding(ls: TermlangServer, params: types.FoldingRangeParams) -> list[types.FoldingRange]:
    return _with_doc(ls, params.text_document.uri, features.folding_ranges, [])


@server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
def _inlay(ls: TermlangServer, params: types.InlayHintParams) -> list[types.InlayHint]:
    return _with_doc(
        ls, params.text_document.uri, lambda d: features.inlay_hints(d, params.range), []
    )


@server.feature(
    types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL,
    types.SemanticTokensLegend(token_types=features.TOKEN_TYPES, token_modifiers=["declaration"]),
)
def _semantic_tokens(
    ls: TermlangServer, params: types.SemanticTokensParams
) -> types.SemanticTokens:
    none: list[int] = []
    data = _with_doc(ls, params.text_document.uri, features.semantic_tokens, none)
    return types.SemanticTokens(data=data)


def serve() -> int:
    """Serve on stdin/stdout until the client says exit."""
    server.start_io()
    return 0
