"""`termlang lsp` driven over stdio by a real client (pytest-lsp), and its analysis entry point
fuzzed with the mutators of test_fuzz.

One server per module (started once: about a second cold); each test opens its own document
URI, so tests do not see each other's text. The features are plain functions of a `Document`
(termlang.lsp.features); the tests here go through the protocol, as an editor does.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the language server needs `pip install -e '.[lsp]'`")
pytest.importorskip("lsprotocol", reason="the language server needs `pip install -e '.[lsp]'`")
pytest_lsp = pytest.importorskip("pytest_lsp", reason="pytest-lsp is in the `dev` extra")
pytest.importorskip("pytest_asyncio", reason="pytest-lsp needs pytest-asyncio")

from hypothesis import given  # noqa: E402
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

from conftest import EXAMPLES  # noqa: E402
from termlang.lsp.document import analyze_document  # noqa: E402
from termlang.lsp.positions import offset_at, position_at  # noqa: E402
from termlang.source import SourceFile  # noqa: E402
from test_fuzz import fuzz_settings, mutated, time_bound  # noqa: E402

# One event loop for the module, so the module-scoped server outlives each test.
over_stdio = pytest.mark.asyncio(loop_scope="module")

FLAGSHIP = EXAMPLES / "openai-microsoft-mou.term"
SCENARIOS = EXAMPLES / "openai-microsoft-mou.scenarios.term"
TEXT = FLAGSHIP.read_text(encoding="utf-8")
LINES = TEXT.split("\n")


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "termlang", "lsp"]),
)
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=EXAMPLES.as_uri(),
        )
    )
    yield
    await lsp_client.shutdown_session()


_opened = 0


def _uri(name: str) -> str:
    """A URI of its own per test, in the examples folder (so `uses` paths resolve)."""
    global _opened
    _opened += 1
    return (EXAMPLES / f"{name}-{_opened}.term").as_uri()


async def _open(client: LanguageClient, uri: str, text: str) -> list[types.Diagnostic]:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="term", version=1, text=text)
        )
    )
    return await _diagnostics(client, uri)


async def _diagnostics(
    client: LanguageClient, uri: str, version: int | None = None
) -> list[types.Diagnostic]:
    """The next diagnostics published for `uri` (for its `version`, when given)."""
    while True:
        params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if params.uri == uri and (version is None or params.version == version):
            return list(params.diagnostics)


def _at(line_text: str, word: str, lines: list[str] = LINES) -> types.Position:
    """The position of `word` in the first line containing `line_text`."""
    line = next(i for i, text in enumerate(lines) if line_text in text)
    return types.Position(line=line, character=lines[line].index(word) + 1)


def _doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


# ---------------------------------------------------------------------------- diagnostics


@over_stdio
async def test_clean_flagship_has_no_diagnostics(client: LanguageClient) -> None:
    assert await _open(client, _uri("clean"), TEXT) == []


@over_stdio
async def test_misspelt_party_is_reported_with_check_code_range_help(
    client: LanguageClient,
) -> None:
    text = TEXT.replace("grantee    microsoft", "grantee    microsft", 1)
    found = await _open(client, _uri("misspelt"), text)
    assert [d.code for d in found] == ["TL300"]
    diag = found[0]
    lines = text.split("\n")
    line = next(i for i, t in enumerate(lines) if "grantee    microsft" in t)
    col = lines[line].index("microsft")
    assert diag.range == types.Range(
        start=types.Position(line=line, character=col),
        end=types.Position(line=line, character=col + len("microsft")),
    )
    assert diag.severity == types.DiagnosticSeverity.Error
    assert "`microsft`" in diag.message
    assert "help: did you mean `microsoft`?" in diag.message
    assert diag.source == "termlang"


@over_stdio
async def test_change_rechecks_and_drops_fixed_errors(client: LanguageClient) -> None:
    uri = _uri("change")
    bad = TEXT.replace("grantee    microsoft", "grantee    microsft", 1)
    assert len(await _open(client, uri, bad)) == 1
    line = next(i for i, t in enumerate(bad.split("\n")) if "grantee    microsft" in t)
    col = bad.split("\n")[line].index("microsft")
    # Type the missing letter: `microsft` -> `microsoft`, an incremental one-character edit.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=line, character=col + 6),
                        end=types.Position(line=line, character=col + 6),
                    ),
                    text="o",
                )
            ],
        )
    )
    assert await _diagnostics(client, uri) == []


@over_stdio
async def test_related_locations_are_the_labels(client: LanguageClient) -> None:
    text = TEXT.replace(
        'party softbank "SoftBank Group Corp." role investor',
        'party softbank "SoftBank Group Corp." role investor\n'
        'party softbank "SoftBank again" role investor',
        1,
    )
    uri = _uri("duplicate")
    found = await _open(client, uri, text)
    duplicate = next(d for d in found if d.code == "TL301")
    assert duplicate.related_information
    first = text.split("\n").index('party softbank "SoftBank Group Corp." role investor')
    assert any(
        r.location.uri == uri and r.location.range.start.line == first
        for r in duplicate.related_information
    )


@over_stdio
async def test_suppressed_findings_are_hints(client: LanguageClient) -> None:
    text = (EXAMPLES.parent / "tests/fixtures/checks/good/unused-allow.term").read_text()
    found = await _open(client, _uri("allow"), text)
    assert [(d.code, d.severity) for d in found] == [("TL400", types.DiagnosticSeverity.Hint)]
    assert "the remaining 1% is held in escrow" in found[0].message


@over_stdio
async def test_scenario_file_beside_the_agreement(client: LanguageClient) -> None:
    text = SCENARIOS.read_text(encoding="utf-8")
    assert await _open(client, SCENARIOS.as_uri(), text) == []
    bad = text.replace("  agi_declared                 never", "  agi_declard  never", 1)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=SCENARIOS.as_uri(), version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=bad)],
        )
    )
    found = await _diagnostics(client, SCENARIOS.as_uri())
    assert [d.code for d in found] == ["TL300"]
    assert "agi_declared" in found[0].message
    # go to definition of a name the agreement declares: in the agreement's file
    lines = bad.split("\n")
    where = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=_doc(SCENARIOS.as_uri()),
            position=_at("restructuring_completed      2026", "restructuring", lines),
        )
    )
    assert isinstance(where, types.Location)
    assert where.uri == FLAGSHIP.resolve().as_uri()
    assert LINES[where.range.start.line].startswith("event restructuring_completed")


@over_stdio
async def test_half_typed_file_never_breaks_the_server(client: LanguageClient) -> None:
    uri = _uri("half")
    cut = TEXT[: TEXT.index("tranche second {") + 12]
    found = await _open(client, uri, cut + ' { amount USD "\x1b[31m')
    assert found  # a syntax error, reported
    assert all("\x1b" not in d.message for d in found)  # control characters shown as pictures
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=_doc(uri), position=types.Position(line=9999, character=0))
    )
    assert hover is None or hover.contents is not None
    # A request about a document the editor has not opened is not answered from disk (pygls
    # would read the file, and /dev/zero never ends).
    unopened = client.text_document_hover_async(
        types.HoverParams(
            text_document=_doc("file:///dev/zero"), position=types.Position(line=0, character=0)
        )
    )
    assert await asyncio.wait_for(unopened, timeout=20) is None


@over_stdio
async def test_a_document_over_the_size_limit_is_not_analysed(client: LanguageClient) -> None:
    from termlang.pipeline import MAX_FILE_BYTES

    text = "# padding\n" * (MAX_FILE_BYTES // 10 + 1)
    found = await _open(client, _uri("huge"), text)
    assert [d.code for d in found] == ["TL004"]
    assert "over the 8,388,608-byte limit" in found[0].message


@over_stdio
async def test_typing_the_flagship_top_to_bottom_through_the_protocol(
    client: LanguageClient,
) -> None:
    """40 prefixes of the flagship (each a half-typed file), sent as changes; at the cursor
    of each, hover, completion, definition, symbols and formatting all answer."""
    uri = _uri("typing")
    await _open(client, uri, "")
    cuts = [len(TEXT) * i // 40 for i in range(1, 41)]
    for version, cut in enumerate(cuts, start=2):
        text = TEXT[:cut]
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        lines = text.split("\n")
        cursor = types.Position(
            line=len(lines) - 1, character=len(lines[-1].encode("utf-16-le")) // 2
        )
        await client.text_document_hover_async(
            types.HoverParams(text_document=_doc(uri), position=cursor)
        )
        await client.text_document_completion_async(
            types.CompletionParams(text_document=_doc(uri), position=cursor)
        )
        await client.text_document_definition_async(
            types.DefinitionParams(text_document=_doc(uri), position=cursor)
        )
        await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=_doc(uri))
        )
        await client.text_document_formatting_async(
            types.DocumentFormattingParams(
                text_document=_doc(uri),
                options=types.FormattingOptions(tab_size=2, insert_spaces=True),
            )
        )
    # and the server still checks: the whole file, typed to the end, is clean
    last = len(cuts) + 2
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=last),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=TEXT)],
        )
    )
    assert await asyncio.wait_for(_diagnostics(client, uri, version=last), 30) == []


# ---------------------------------------------------------------------------- navigation


@over_stdio
async def test_hover_on_a_name_shows_declaration_label_and_note(client: LanguageClient) -> None:
    uri = _uri("hover")
    await _open(client, uri, TEXT)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=_doc(uri), position=_at("grantee    microsoft", "microsoft")
        )
    )
    assert hover is not None
    value = hover.contents.value  # type: ignore[union-attr]
    assert "**party** `microsoft`" in value
    assert "Microsoft Corporation" in value


@over_stdio
async def test_hover_on_a_date_expression_and_a_code(client: LanguageClient) -> None:
    text = TEXT.replace(
        "window     effective .. 2032-12-31", "window     effective .. effective + 7 years", 1
    ).replace("grantee    microsoft", "grantee    microsft", 1)
    lines = text.split("\n")
    uri = _uri("hover-date")
    await _open(client, uri, text)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=_doc(uri), position=_at("effective + 7 years", "7", lines))
    )
    assert hover is not None
    assert "`effective + 7 years` is **2032-09-11**" in hover.contents.value  # type: ignore[union-attr]
    # on a diagnostic: what `termlang explain` says about its code
    explain = await client.text_document_hover_async(
        types.HoverParams(
            text_document=_doc(uri), position=_at("grantee    microsft", "microsft", lines)
        )
    )
    assert explain is not None
    assert "**TL300** (undefined-name" in explain.contents.value  # type: ignore[union-attr]


@over_stdio
async def test_definition_and_references(client: LanguageClient) -> None:
    uri = _uri("refs")
    await _open(client, uri, TEXT)
    position = _at("grantee    microsoft", "microsoft")
    where = await client.text_document_definition_async(
        types.DefinitionParams(text_document=_doc(uri), position=position)
    )
    assert isinstance(where, types.Location)
    assert LINES[where.range.start.line].startswith("party microsoft")
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=_doc(uri),
            position=position,
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert refs is not None
    expected = sum(len(re.findall(r"\bmicrosoft\b", line.split("#")[0])) for line in LINES)
    assert len(refs) == expected


@over_stdio
async def test_rename_and_its_refusals(client: LanguageClient) -> None:
    uri = _uri("rename")
    await _open(client, uri, TEXT)
    position = _at("grantee    microsoft", "microsoft")
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=_doc(uri), position=position, new_name="msft")
    )
    assert edit is not None and edit.changes is not None
    edits = edit.changes[uri]
    assert len(edits) > 5 and {e.new_text for e in edits} == {"msft"}
    for taken in ("openai", "effective", "and", "two words"):
        with pytest.raises(Exception, match=r"reserved|already declared|not a name"):
            await client.text_document_rename_async(
                types.RenameParams(text_document=_doc(uri), position=position, new_name=taken)
            )


@over_stdio
async def test_document_and_workspace_symbols(client: LanguageClient) -> None:
    uri = _uri("symbols")
    await _open(client, uri, TEXT)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=_doc(uri))
    )
    assert symbols is not None
    groups = {s.name: s for s in symbols}  # type: ignore[union-attr]
    assert {"party", "event", "investment", "exclusivity", "scenario"} <= set(groups)
    parties = [c.name for c in groups["party"].children or []]  # type: ignore[union-attr]
    assert parties == ["microsoft", "openai", "softbank"]
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="soft"))
    assert found is not None
    assert {"softbank", "softbank_round"} <= {s.name for s in found}
    # files of the workspace folder that are not open are searched too
    on_disk = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="corvid"))
    assert on_disk is not None
    seed = (EXAMPLES / "seed-note-financing.term").resolve().as_uri()
    assert any(s.name == "corvid" and s.location.uri == seed for s in on_disk)  # type: ignore[union-attr]


# ---------------------------------------------------------------------------- editing


@over_stdio
async def test_completion_inside_the_agreement_and_a_party(client: LanguageClient) -> None:
    """The header and the declarations have schemas too (lower.BLOCK_SCHEMAS)."""
    text = TEXT.replace("  effective      2025-09-11", "  effective      2025-09-11\n  ", 1)
    text = text.replace(
        'party microsoft "Microsoft Corporation" role investor {',
        'party microsoft "Microsoft Corporation" role investor {\n  ',
        1,
    )
    lines = text.split("\n")
    uri = _uri("complete-header")
    await _open(client, uri, text)
    for anchor, expected in (
        ("effective      2025-09-11", {"long_stop", "governing_law", "date_rule", "note"}),
        ('party microsoft "Microsoft Corporation"', {"role", "capacity", "note"}),
    ):
        line = next(i for i, t in enumerate(lines) if anchor in t) + 1
        found = await client.text_document_completion_async(
            types.CompletionParams(text_document=_doc(uri), position=types.Position(line, 2))
        )
        assert found is not None
        labels = {i.label for i in found.items}  # type: ignore[union-attr]
        assert expected <= labels, (anchor, labels)


@over_stdio
async def test_completion_of_fields_names_units_and_currencies(client: LanguageClient) -> None:
    text = TEXT.replace("  lead_time  6 months", "  lead_time  6 months\n  ", 1)
    lines = text.split("\n")
    uri = _uri("complete")
    await _open(client, uri, text)
    line = next(i for i, t in enumerate(lines) if "lead_time  6 months" in t) + 1
    fields = await client.text_document_completion_async(
        types.CompletionParams(text_document=_doc(uri), position=types.Position(line, 2))
    )
    assert fields is not None
    labels = {i.label for i in fields.items}  # type: ignore[union-attr]
    assert {"grantee", "asset", "lead_time", "window", "note"} <= labels
    after = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=_doc(uri), position=_at("grantee    microsoft", "microsoft", lines)
        )
    )
    names = {i.label: i for i in after.items}  # type: ignore[union-attr]
    assert {"microsoft", "openai", "anthropic"} <= set(names)
    assert names["microsoft"].sort_text < names["agi_declared"].sort_text  # parties first
    units = await client.text_document_completion_async(
        types.CompletionParams(text_document=_doc(uri), position=_at("capacity 5 GW", "GW", lines))
    )
    assert "GW" in {i.label for i in units.items}  # type: ignore[union-attr]
    money = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=_doc(uri), position=_at("commitment  USD 13B", "USD", lines)
        )
    )
    assert "USD" in {i.label for i in money.items}  # type: ignore[union-attr]


@over_stdio
async def test_code_action_replaces_the_misspelt_name(client: LanguageClient) -> None:
    text = TEXT.replace("grantee    microsoft", "grantee    microsft", 1)
    uri = _uri("action")
    found = await _open(client, uri, text)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=_doc(uri),
            range=found[0].range,
            context=types.CodeActionContext(diagnostics=found),
        )
    )
    assert actions is not None and len(actions) == 1
    action = actions[0]
    assert isinstance(action, types.CodeAction)
    assert action.edit is not None and action.edit.changes is not None
    [edit] = action.edit.changes[uri]
    assert edit.new_text == "microsoft" and edit.range == found[0].range


@over_stdio
async def test_code_action_adds_a_missing_required_line(client: LanguageClient) -> None:
    binding = (
        "  binding        no except partner_exclusivity, azure_api_exclusivity, confidentiality\n"
    )
    text = TEXT.replace(binding, "", 1)
    uri = _uri("add-line")
    [found] = await _open(client, uri, text)
    assert found.code == "TL203"
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=_doc(uri),
            range=found.range,
            context=types.CodeActionContext(diagnostics=[found]),
        )
    )
    assert actions is not None and [a.title for a in actions] == ["add `binding`"]  # type: ignore[union-attr]
    [edit] = actions[0].edit.changes[uri]  # type: ignore[union-attr]
    lines = text.split("\n")
    line = lines[edit.range.start.line]
    assert line.endswith("{") and edit.range.start.character == len(line)
    fixed = "\n".join(
        [*lines[: edit.range.start.line], line + edit.new_text, *lines[edit.range.start.line + 1 :]]
    )
    header = 'agreement "Microsoft–OpenAI memorandum of understanding" {\n'
    assert fixed == text.replace(header, header + "  binding no except exclusivity\n", 1)


@over_stdio
async def test_code_action_adds_the_carve_out_to_the_exclusivity(client: LanguageClient) -> None:
    """TL430's help names the exclusivity and the carve-out line: the fix puts that line into
    the exclusivity's block (not the collaboration's), and the file then checks clean."""
    fixture = EXAMPLES.parent / "tests" / "fixtures" / "checks" / "bad"
    text = (fixture / "TL430-collaboration-breaches-exclusivity.term").read_text("utf-8")
    uri = _uri("carve-out")
    found = [d for d in await _open(client, uri, text) if d.code == "TL430"]
    assert found
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=_doc(uri),
            range=found[0].range,
            context=types.CodeActionContext(diagnostics=found[:1]),
        )
    )
    assert actions is not None and [a.title for a in actions] == ["add `carve_out`"]  # type: ignore[union-attr]
    [edit] = actions[0].edit.changes[uri]  # type: ignore[union-attr]
    lines = text.split("\n")
    line = lines[edit.range.start.line]
    assert line.startswith("exclusivity partner_exclusivity")
    fixed = "\n".join(
        [*lines[: edit.range.start.line], line + edit.new_text, *lines[edit.range.start.line + 1 :]]
    )
    assert "carve_out gamma_assistant_models { with gamma; scope assistant_models }" in fixed
    from termlang.pipeline import analyze_text

    assert not [d for d in analyze_text(fixed).diagnostics if d.code == "TL430"]


@over_stdio
async def test_formatting_whole_document_and_range(client: LanguageClient) -> None:
    uri = _uri("fmt")
    messy = TEXT.replace(
        'party openai "OpenAI Group PBC" role company',
        'party   openai  "OpenAI Group PBC"   role company',
        1,
    )
    await _open(client, uri, messy)
    options = types.FormattingOptions(tab_size=2, insert_spaces=True)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=_doc(uri), options=options)
    )
    assert edits is not None and len(edits) == 1
    assert edits[0].new_text == TEXT
    part = await client.text_document_range_formatting_async(
        types.DocumentRangeFormattingParams(
            text_document=_doc(uri),
            range=types.Range(start=types.Position(3, 0), end=types.Position(4, 0)),
            options=options,
        )
    )
    assert not part  # lines 4 and 5 are already in the canonical layout
    whole = await client.text_document_range_formatting_async(
        types.DocumentRangeFormattingParams(
            text_document=_doc(uri),
            range=types.Range(start=types.Position(0, 0), end=types.Position(len(LINES), 0)),
            options=options,
        )
    )
    assert whole is not None and whole[0].new_text == TEXT


@over_stdio
async def test_range_formatting_changes_only_the_lines_selected(client: LanguageClient) -> None:
    uri = _uri("fmt-range")
    messy = TEXT.replace(
        'party openai "OpenAI Group PBC" role company',
        'party   openai  "OpenAI Group PBC"   role company',
        1,
    ).replace(
        'party softbank "SoftBank Group Corp." role investor',
        'party  softbank   "SoftBank Group Corp."  role investor',
        1,
    )
    lines = messy.split("\n")
    await _open(client, uri, messy)
    openai = next(i for i, t in enumerate(lines) if t.startswith("party   openai"))
    edits = await client.text_document_range_formatting_async(
        types.DocumentRangeFormattingParams(
            text_document=_doc(uri),
            range=types.Range(
                start=types.Position(openai, 0), end=types.Position(openai, len(lines[openai]))
            ),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert edits is not None and len(edits) == 1
    [edit] = edits
    assert edit.range.start.line == openai and edit.range.end.line == openai + 1
    assert edit.new_text == 'party openai "OpenAI Group PBC" role company\n'
    # the other messy line, outside the range, is left as it was


@over_stdio
async def test_folding_inlay_hints_and_semantic_tokens(client: LanguageClient) -> None:
    uri = _uri("layout")
    text = TEXT.replace(
        "window     effective .. 2032-12-31", "window     effective .. effective + 7 years", 1
    )
    await _open(client, uri, text)
    folds = await client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=_doc(uri))
    )
    assert folds is not None
    first_block = next(i for i, t in enumerate(LINES) if t.startswith("agreement "))
    assert any(f.start_line == first_block for f in folds)
    header = next(i for i, t in enumerate(LINES) if not t.startswith("#"))  # the opening comment
    comments = [(f.start_line, f.end_line) for f in folds if f.kind == "comment"]
    assert (0, header - 1) in comments
    assert all(LINES[s].lstrip().startswith("#") for s, _ in comments)  # whole-line comments
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=_doc(uri),
            range=types.Range(start=types.Position(0, 0), end=types.Position(len(LINES) + 1, 0)),
        )
    )
    assert hints is not None and "= 2032-09-11" in {h.label for h in hints}
    tokens = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=_doc(uri))
    )
    assert tokens is not None and len(tokens.data) % 5 == 0
    decoded = []
    line = col = 0
    for i in range(0, len(tokens.data), 5):
        d_line, d_col, length, kind, modifiers = tokens.data[i : i + 5]
        line, col = line + d_line, (col + d_col if d_line == 0 else d_col)
        decoded.append((text.split("\n")[line][col : col + length], kind, modifiers))
    assert decoded[0] == (LINES[0], 4, 0)  # a comment
    assert ("agreement", 0, 0) in decoded  # a key
    assert ("msft_frontier_access", 1, 1) in decoded  # a name where it is declared
    assert ("microsoft", 1, 0) in decoded  # a reference
    assert ("2025-09-11", 3, 0) in decoded and ('"State of New York"', 2, 0) in decoded


# ---------------------------------------------------------------------------- in-process


def test_positions_count_utf16_code_units() -> None:
    text = 'party a "é😀" role x\nparty 😀b'
    source = SourceFile(path="t.term", text=text)
    # `"é😀"` : é is 1 code unit, 😀 is 2; `role` starts at UTF-16 column 14 on line 0.
    role = text.index("role")
    assert position_at(source, role) == types.Position(line=0, character=14)
    assert offset_at(source, types.Position(line=0, character=14)) == role
    b = text.index("b", text.index("\n"))
    assert position_at(source, b) == types.Position(line=1, character=8)
    assert offset_at(source, types.Position(line=1, character=8)) == b
    # past the end of a line: its end; past the last line: the end of the text
    assert offset_at(source, types.Position(line=0, character=999)) == text.index("\n")
    assert offset_at(source, types.Position(line=9, character=0)) == len(text)


def test_diagnostic_ranges_after_non_ascii_text() -> None:
    text = TEXT.replace("grantee    microsoft", "grantee    microsft", 1)
    from termlang.lsp.features import diagnostics

    doc = analyze_document("untitled:x", text)
    [found] = diagnostics(doc)
    line = text.split("\n")[found.range.start.line]
    assert "–" in TEXT  # the title holds an en dash, so earlier lines are non-ASCII
    assert (
        line.encode("utf-16-le")[found.range.start.character * 2 :]
        .decode("utf-16-le")
        .startswith("microsft")
    )


def test_hover_escapes_markdown_from_labels_and_notes() -> None:
    from termlang.lsp.features import hover

    text = TEXT.replace(
        'entity google "Google LLC"',
        'entity google "[click](https://evil.example) <img src=x onerror=alert(1)>" {\n'
        '  note "![i](https://evil.example/i.png) \x1b]0;x\x07"\n}',
        1,
    )
    doc = analyze_document("untitled:md", text)
    lines = text.split("\n")
    found = hover(doc, _at("entity google", "google", lines))
    assert found is not None
    value = found.contents.value  # type: ignore[union-attr]
    head, fenced, note = value.split("\n\n")
    # outside the code block (literal text), every Markdown metacharacter is escaped
    assert head.startswith("**entity** `google`: \\[click\\]\\(https://evil.example\\) \\<img")
    assert fenced.startswith("```term\nentity google ")
    assert note.startswith("\\!\\[i\\]\\(https://evil.example/i.png\\) ")
    assert "\x1b" not in value and "\x07" not in value


def test_scenario_file_reads_only_inside_its_project(tmp_path: Path) -> None:
    """The editor's buffer gets `check`'s file-access policy: a `uses` outside the project of
    the file is refused (TL020) and nothing of the target is shown."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.term").write_text('agreement "SECRET" {}\n', encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / ".git").mkdir()
    uri = (project / "what-if.term").as_uri()
    doc = analyze_document(uri, 'uses "../outside/secret.term"\n')
    [found] = doc.analysis.diagnostics
    assert found.code == "TL020"
    assert "SECRET" not in found.message and "outside the project" in found.message


def test_clause_hover_has_its_status_and_next_change() -> None:
    from datetime import date

    from termlang.lsp.features import clause_status

    doc = analyze_document(FLAGSHIP.as_uri(), TEXT)
    text = clause_status(doc, "msft_frontier_access", date(2026, 1, 1))
    assert text is not None
    assert text.startswith("`msft_frontier_access` is **active** on 2026-01-01; ")
    assert (
        "**expired** from 2033-01-01 (its window's last day was 2032-12-31)" in text
        and text.endswith("in scenario `on_time`")
    )
    assert clause_status(doc, "microsoft") is None  # a party has no status


def test_lsp_is_not_imported_by_check() -> None:
    code = (
        "import sys, termlang.cli as c; c.main(['check', '-q', sys.argv[1]]);"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')"
        " or m.startswith('termlang.lsp')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(FLAGSHIP)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip().endswith("[]"), done.stdout + done.stderr


def test_lsp_without_pygls_says_how_to_install() -> None:
    code = (
        "import sys; sys.modules['pygls'] = None; import termlang.cli as c;"
        "raise SystemExit(c.main(['lsp']))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "pip install 'termlang[lsp]'" in done.stderr


@fuzz_settings(short=60)
@given(mutated())
def test_half_typed_files_never_crash_the_analysis(data: bytes) -> None:
    """The mutators of test_fuzz through the server's entry point: every feature answers."""
    from termlang.lsp import features

    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    with time_bound():
        doc = analyze_document(FLAGSHIP.as_uri(), text, 1)
        features.diagnostics(doc)
        features.document_symbols(doc)
        features.folding_ranges(doc)
        features.semantic_tokens(doc)
        end = position_at(doc.source, len(text))
        whole = types.Range(start=types.Position(0, 0), end=end)
        features.inlay_hints(doc, whole)
        for offset in range(0, len(text) + 1, max(1, len(text) // 7)):
            position = position_at(doc.source, offset)
            features.hover(doc, position)
            features.definition(doc, position)
            features.references(doc, position)
            features.completion(doc, position)
