"""Every LSP feature as a plain function of an analysed `Document`.

The server (`termlang.lsp.server`) only routes requests here, so each feature is tested
in-process as well as through a client. Words shown to the user are the pipeline's own: a
diagnostic is `termlang check`'s (code, message, labels, help, notes), a code's hover is
`termlang explain`'s. Text from the file reaches the editor through `termlang.textsafe`: control
characters as pictures (Neovim draws hover and diagnostics in a terminal), Markdown escaped in
hovers (VS Code renders them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from pathlib import Path

from lsprotocol import types

from termlang import ast
from termlang.checks import Suppressed
from termlang.checks._time import walk
from termlang.diagnostics import Diagnostic, Severity
from termlang.evaluate import expect_static
from termlang.fmt import scan_comments
from termlang.lower import (
    BLOCK_SCHEMAS,
    CARVE_OUT,
    CLAUSES,
    DECLARATIONS,
    SCENARIO_KEYS,
    STEP_SCHEMAS,
    TRANCHE,
    WATERFALL_TIER,
    Field,
)
from termlang.lsp.document import Declaration, Document
from termlang.lsp.positions import lsp_range, offset_at
from termlang.resolve import RESERVED
from termlang.source import SourceFile, Span
from termlang.textsafe import md_code, md_text, show_controls
from termlang.values import ISO_CURRENCIES, UNITS

SOURCE = "termlang"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.NOTE: types.DiagnosticSeverity.Information,
}
_DID_YOU_MEAN = re.compile(r"did you mean `([^`\s]+)`\?")
_ADD_LINE = re.compile(r"add a line `([^`\n]+)`")  # a missing required field (TL203)
# a collaboration inside an exclusive scope (TL430): the carve-out goes into the exclusivity
_ADD_CARVE_OUT = re.compile(r"add to `([^`\s]+)` a carve-out like `(carve_out [^`\n]+)`")
_CODE = re.compile(r"TL\d{3}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _uri_of(span: Span, doc: Document) -> str:
    if span.source is doc.source:
        return doc.uri
    return Path(span.source.path).resolve().as_uri()


# ---------------------------------------------------------------------------- diagnostics


def diagnostics(doc: Document) -> list[types.Diagnostic]:
    """`termlang check`'s findings for the document; those an `allow` suppressed as hints."""
    found = [*doc.analysis.diagnostics, *_expectation_problems(doc)]
    return [_diagnostic(d, doc) for d in found if _here(d, doc)]


def _expectation_problems(doc: Document) -> list[Diagnostic]:
    """`expect` lines validated without running them, as `termlang check` does."""
    analysis = doc.analysis
    if analysis.model is None or analysis.has_errors or not analysis.model.scenarios:
        return []
    return expect_static.problems(analysis.model)


def _here(diag: Diagnostic, doc: Document) -> bool:
    return diag.span is None or diag.span.source is doc.source


def _diagnostic(diag: Diagnostic, doc: Document) -> types.Diagnostic:
    lines = [diag.message]
    primary = diag.primary_label()
    if primary is not None and primary.message:
        lines.append(primary.message)
    if diag.help:
        lines.append(f"help: {diag.help}")
    lines.extend(f"note: {note}" for note in diag.notes)
    severity = _SEVERITY[diag.severity]
    if isinstance(diag, Suppressed):
        lines.append(f"suppressed by `allow`: {diag.reason}")
        severity = types.DiagnosticSeverity.Hint
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=_uri_of(label.span, doc), range=lsp_range(label.span)),
            message=show_controls(label.message or "here"),
        )
        for label in diag.secondary_labels()
    ]
    data = None
    if diag.help and diag.span is not None:
        found = _DID_YOU_MEAN.search(diag.help)
        missing = _ADD_LINE.fullmatch(diag.help)
        carve_out = _ADD_CARVE_OUT.match(diag.help)
        if found is not None:
            data = {"replacement": found.group(1)}
        elif missing is not None:
            data = {"add_line": missing.group(1)}
        elif carve_out is not None:
            data = {"add_line": carve_out.group(2), "into": carve_out.group(1)}
    return types.Diagnostic(
        range=lsp_range(diag.span),
        severity=severity,
        code=diag.code,
        source=SOURCE,
        message=show_controls("\n".join(lines)),
        related_information=related or None,
        data=data,
    )


# ---------------------------------------------------------------------------- hover


def hover(doc: Document, position: types.Position) -> types.Hover | None:
    """What is under the cursor: a name, a date expression, a diagnostic code."""
    offset = offset_at(doc.source, position)
    sections: list[str] = []
    where: Span | None = None
    occ = doc.occurrence_at(offset)
    if occ is not None:
        decl = doc.declarations.get(occ.name)
        if decl is not None:
            sections.append(_describe(decl))
            status = clause_status(doc, decl.name)
            if status:
                sections.append(status)
            where = occ.span
    dated = _date_at(doc, offset)
    if dated is not None:
        expr, text = dated
        sections.append(text)
        where = where or expr.span
    word = _word_at(doc.source, offset)
    codes = [word[0]] if word is not None and _CODE.fullmatch(word[0]) else []
    for diag in doc.analysis.diagnostics:
        span = diag.span
        if (
            span is not None
            and span.source is doc.source
            and span.start <= offset <= span.end
            and diag.code not in codes
        ):
            codes.append(diag.code)
    sections.extend(text for text in (explain(code) for code in codes) if text)
    if not sections:
        return None
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(sections)
        ),
        range=lsp_range(where) if where is not None else None,
    )


def _describe(decl: Declaration) -> str:
    head = f"**{decl.keyword}** {md_code(decl.name)}"
    if decl.label:
        head += f": {md_text(decl.label)}"
    parts = [head]
    if decl.item is not None and decl.item.span is not None:
        source = decl.item.span.source
        line = source.line_text(source.line_of(decl.item.span.start))
        parts.append(_fence(line.strip()))
    elif decl.span.source.path:
        parts.append(f"declared in {md_code(decl.span.source.path)}")
    if decl.note:
        parts.append(md_text(" ".join(decl.note.split())))
    return "\n\n".join(parts)


def clause_status(doc: Document, name: str, today: date | None = None) -> str | None:
    """A clause's status on `today` and its next change, under the default scenario."""
    from termlang.evaluate import pick_scenario, run

    model = doc.analysis.model
    if model is None or doc.analysis.has_errors or name not in model.clauses:
        return None
    today = today or date.today()
    scenario = pick_scenario(model, None)
    timeline = run(model, scenario)
    status = timeline.state_at(today).statuses.get(name)
    if status is None:
        return None
    text = f"{md_code(name)} is **{status}** on {today.isoformat()}"
    upcoming = next(
        (
            c
            for c in timeline.changes
            if c.subject == name and c.aspect == "status" and c.on > today
        ),
        None,
    )
    if upcoming is not None:
        text += (
            f"; **{upcoming.new}** from {upcoming.on.isoformat()} ({md_text(str(upcoming.reason))})"
        )
    return text + f", in scenario {md_code(scenario.name)}"


def _fence(text: str) -> str:
    text = show_controls(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}term\n{text}\n{fence}"


def explain(code: str) -> str | None:
    """`termlang explain CODE` as Markdown, or None for an unknown code."""
    from termlang.checks import all_codes

    rule = all_codes().get(code)
    if rule is None:
        return None
    text = (
        f"**{rule.code}** ({rule.name}, {rule.default_severity.value}): {md_text(rule.summary)}"
        f"\n\n{md_text(rule.description)}"
    )
    if code[2] in "45":
        text += f'\n\nto accept a finding for one clause, write `allow {code} "reason"` inside it'
    return text


def _word_at(source: SourceFile, offset: int) -> tuple[str, int] | None:
    line = source.line_of(offset)
    start = source.line_start(line)
    for match in _NAME.finditer(source.line_text(line)):
        if match.start() <= offset - start <= match.end():
            return match.group(), start + match.start()
    return None


def _is_date_expr(expr: ast.Expr) -> bool:
    match expr:
        case ast.Offset() | ast.DateLit():
            return True
        case ast.Call(func="earliest" | "latest"):
            return True
        case ast.Ref(parts=("effective",) | ("long_stop",)):
            return True
    return False


def _date_at(doc: Document, offset: int) -> tuple[ast.Expr, str] | None:
    """The innermost date expression under the cursor, and what it resolves to."""
    model = doc.analysis.model
    if model is None or model.agreement is None:
        return None
    best: ast.Expr | None = None
    for item, _ in doc.items():
        if item.span is None or not item.span.start <= offset <= item.span.end:
            continue
        for arg in item.args:
            for node in walk(arg):
                span = node.span
                if span is None or not span.start <= offset <= span.end:
                    continue
                if _is_date_expr(node) and (
                    best is None or best.span is None or len(span) <= len(best.span)
                ):
                    best = node
    if best is None:
        return None
    return best, _resolved_text(best, model)


def _resolved_text(expr: ast.Expr, model: object) -> str:
    from termlang.dates import bounds, evaluate, scenario_env, static_env
    from termlang.evaluate.scenarios import pick_scenario

    shown = md_code(expr.span.text) if expr.span is not None else "this date"
    lo, hi = bounds(expr, static_env(model))
    if lo is not None and lo == hi:
        return f"{shown} is **{lo.isoformat()}**"
    if lo is None and hi is None:
        text = f"{shown} depends on when events happen"
    elif lo is None:
        text = f"{shown} is on or before **{hi}**" if hi is not None else shown
    elif hi is None:
        text = f"{shown} is on or after **{lo}**"
    else:
        text = f"{shown} is between **{lo}** and **{hi}**"
    scenario = pick_scenario(model, None)  # type: ignore[arg-type]
    if scenario.occurrences:
        value = evaluate(expr, scenario_env(model, scenario))
        result = value.isoformat() if value is not None else "never"
        text += f"; in scenario {md_code(scenario.name)}: **{result}**"
    return text


def resolved_date(doc: Document, expr: ast.Expr) -> date | None:
    """The date `expr` resolves to without a scenario, when it does not depend on events."""
    from termlang.dates import bounds, static_env

    model = doc.analysis.model
    if model is None or model.agreement is None:
        return None
    lo, hi = bounds(expr, static_env(model))
    return lo if lo is not None and lo == hi else None


# ---------------------------------------------------------------------------- names


def definition(doc: Document, position: types.Position) -> types.Location | None:
    occ = doc.occurrence_at(offset_at(doc.source, position))
    if occ is None:
        return None
    decl = doc.declarations.get(occ.name)
    if decl is None:
        return None
    return types.Location(uri=_uri_of(decl.span, doc), range=lsp_range(decl.span))


def references(
    doc: Document, position: types.Position, include_declaration: bool = True
) -> list[types.Location]:
    occ = doc.occurrence_at(offset_at(doc.source, position))
    if occ is None:
        return []
    return [
        types.Location(uri=doc.uri, range=lsp_range(o.span))
        for o in doc.occurrences_of(occ.name)
        if include_declaration or not o.declaration
    ]


class RenameRefused(Exception):
    """A rename the language would not accept; the message is shown to the user."""


def prepare_rename(doc: Document, position: types.Position) -> types.Range | None:
    occ = doc.occurrence_at(offset_at(doc.source, position))
    if occ is None or occ.name not in doc.declarations:
        return None
    if not doc.declarations[occ.name].local:
        return None  # declared in the agreement a scenario file uses: rename it there
    return lsp_range(occ.span)


def rename(doc: Document, position: types.Position, new_name: str) -> types.WorkspaceEdit | None:
    """Rename a declared name and every reference; refuse a reserved, taken or invalid name."""
    occ = doc.occurrence_at(offset_at(doc.source, position))
    if occ is None or occ.name not in doc.declarations:
        return None
    decl = doc.declarations[occ.name]
    if not decl.local:
        raise RenameRefused(
            f"`{occ.name}` is declared in `{decl.span.source.path}`; rename it there"
        )
    if not _NAME.fullmatch(new_name):
        raise RenameRefused(f"`{show_controls(new_name)}` is not a name (letters, digits and _)")
    if new_name in RESERVED or new_name in DECLARATIONS or new_name in _operator_words():
        raise RenameRefused(f"`{new_name}` is a reserved word")
    prefix, _, _ = occ.name.rpartition(".")
    full = f"{prefix}.{new_name}" if prefix else new_name
    if full in doc.declarations and full != occ.name:
        taken = doc.declarations[full]
        raise RenameRefused(f"`{new_name}` is already declared (a {taken.keyword})")
    spans = [o.span for o in doc.occurrences_of(occ.name)]
    _check_renamed(doc, spans, new_name)
    edits = [types.TextEdit(range=lsp_range(span), new_text=new_name) for span in spans]
    return types.WorkspaceEdit(changes={doc.uri: edits})


@cache
def _operator_words() -> frozenset[str]:
    """The words the grammar reads as operators (`and`, `before`, ...): its own terminals."""
    from termlang.syntax.grammar import grammar_text

    return frozenset(re.findall(r'^[A-Z_]+: "([a-z_]+)"$', grammar_text(), re.MULTILINE))


def _check_renamed(doc: Document, spans: list[Span], new_name: str) -> None:
    """Refuse a rename the pipeline would reject (a keyword such as `and`, a word the language
    reserves in some position): the renamed text must have no error the original lacks."""
    from termlang.lsp.document import analyze_document

    text = doc.source.text
    pieces: list[str] = []
    last = 0
    for span in sorted(spans, key=lambda s: s.start):
        pieces.extend((text[last : span.start], new_name))
        last = span.end
    pieces.append(text[last:])
    renamed = analyze_document(doc.uri, "".join(pieces), doc.version)

    def errors(analysis_doc: Document) -> set[str]:
        return {d.code for d in analysis_doc.analysis.diagnostics if d.severity is Severity.ERROR}

    new = errors(renamed) - errors(doc)
    if new:
        first = next(d for d in renamed.analysis.diagnostics if d.code in new)
        raise RenameRefused(
            f"renaming to `{new_name}` would give error {first.code}: "
            f"{show_controls(first.message)}"
        )


_SYMBOL_KINDS = {
    "party": types.SymbolKind.Class,
    "entity": types.SymbolKind.Class,
    "asset": types.SymbolKind.Constant,
    "scope": types.SymbolKind.Namespace,
    "stream": types.SymbolKind.Field,
    "event": types.SymbolKind.Event,
    "calendar": types.SymbolKind.Array,
    "scenario": types.SymbolKind.Module,
    "tranche": types.SymbolKind.Property,
    "carve_out": types.SymbolKind.Property,
}


def _symbol_kind(keyword: str) -> types.SymbolKind:
    return _SYMBOL_KINDS.get(keyword, types.SymbolKind.Struct)


def document_symbols(doc: Document) -> list[types.DocumentSymbol]:
    """The outline: one group per declaration kind (parties, events, each clause kind...)."""
    groups: dict[str, list[types.DocumentSymbol]] = {}
    for decl in doc.declarations.values():
        if not decl.local or "." in decl.name or decl.item is None or decl.item.span is None:
            continue
        children = [
            _symbol(part)
            for part in doc.declarations.values()
            if part.local and part.name.startswith(decl.name + ".")
        ]
        groups.setdefault(decl.keyword, []).append(_symbol(decl, children))
    out = []
    file = doc.analysis.file
    agreement = next((i for i in file.items if i.key == "agreement"), None) if file else None
    if agreement is not None and agreement.span is not None and agreement.key_span is not None:
        title = agreement.args[0] if agreement.args else None
        out.append(
            types.DocumentSymbol(
                name=show_controls(title.value)
                if isinstance(title, ast.StringLit)
                else "agreement",
                detail="agreement",
                kind=types.SymbolKind.File,
                range=lsp_range(agreement.span),
                selection_range=lsp_range(agreement.key_span),
            )
        )
    for keyword, symbols in groups.items():
        first, last = symbols[0].range, symbols[-1].range
        out.append(
            types.DocumentSymbol(
                name=keyword,
                kind=_symbol_kind(keyword),
                range=types.Range(start=first.start, end=last.end),
                selection_range=symbols[0].selection_range,
                children=symbols,
            )
        )
    return out


def _symbol(
    decl: Declaration, children: list[types.DocumentSymbol] | None = None
) -> types.DocumentSymbol:
    span = decl.item.span if decl.item is not None and decl.item.span is not None else decl.span
    return types.DocumentSymbol(
        name=decl.name.rpartition(".")[2],
        detail=show_controls(f"{decl.keyword}" + (f" {decl.label}" if decl.label else "")),
        kind=_symbol_kind(decl.keyword),
        range=lsp_range(span),
        selection_range=lsp_range(decl.span),
        children=children or None,
    )


def workspace_symbols(docs: Iterable[Document], query: str) -> list[types.WorkspaceSymbol]:
    """Declared names of every document given whose name contains `query` (any case)."""
    wanted = query.lower()
    out = []
    for doc in docs:
        for decl in doc.declarations.values():
            if decl.local and wanted in decl.name.lower():
                out.append(
                    types.WorkspaceSymbol(
                        name=decl.name,
                        kind=_symbol_kind(decl.keyword),
                        location=types.Location(uri=doc.uri, range=lsp_range(decl.span)),
                        container_name=decl.keyword,
                    )
                )
    return out


# ---------------------------------------------------------------------------- completion


def _block_schema(keys: tuple[str, ...]) -> dict[str, Field] | None:
    """The fields a line may start with inside the block of `keys[-1]` (outermost first)."""
    if not keys:
        return None
    key = keys[-1]
    if key in CLAUSES:
        return dict(CLAUSES[key][1])
    if key in BLOCK_SCHEMAS:
        return dict(BLOCK_SCHEMAS[key])
    if key == "tranche":
        return dict(TRANCHE)
    if key == "carve_out":
        return dict(CARVE_OUT)
    if key == "tier" and len(keys) > 1 and keys[-2] == "waterfall":
        return dict(WATERFALL_TIER)
    if key == "from" and len(keys) > 1 and keys[-2] in STEP_SCHEMAS:
        return dict(STEP_SCHEMAS[keys[-2]])
    return None


def _enclosing(doc: Document, offset: int) -> tuple[str, ...]:
    """The keys of the blocks around `offset`, outermost first."""
    found: tuple[str, ...] = ()
    for item, outer in doc.items():
        block = item.block_span
        if block is not None and block.start < offset < block.end:
            found = (*(o.key for o in outer), item.key)
    return found


def completion(doc: Document, position: types.Position) -> list[types.CompletionItem]:
    """Keys at the start of a line (from the clause schemas), names, units and currencies after."""
    offset = offset_at(doc.source, position)
    source = doc.source
    line_start = source.line_start(source.line_of(offset))
    before = source.text[line_start:offset]
    stripped = before.lstrip()
    words = stripped.split()
    partial = "" if not stripped or stripped[-1].isspace() else words[-1]
    if len(words) <= 1 and not (stripped and stripped[-1].isspace()):
        return _keys(doc, offset)
    previous = words[-2] if partial else words[-1]
    key = words[0]
    items: list[types.CompletionItem] = []
    if re.fullmatch(r"\d[\d_]*(\.\d+)?[KMBT]?", previous):
        items.extend(
            types.CompletionItem(label=unit, kind=types.CompletionItemKind.Unit, detail="unit")
            for unit in sorted(UNITS)
        )
    if not partial or partial.isupper():
        items.extend(
            types.CompletionItem(
                label=code, kind=types.CompletionItemKind.Constant, detail="currency"
            )
            for code in sorted(ISO_CURRENCIES)
            if code.startswith(partial)
        )
    items.extend(_names(doc, key))
    return items


def _keys(doc: Document, offset: int) -> list[types.CompletionItem]:
    enclosing = _enclosing(doc, offset)
    if not enclosing:
        return [
            types.CompletionItem(
                label=keyword,
                kind=types.CompletionItemKind.Keyword,
                detail="clause" if keyword in CLAUSES else "declaration",
            )
            for keyword in DECLARATIONS
        ]
    if enclosing[-1] == "scenario":
        out = [
            types.CompletionItem(label=k, kind=types.CompletionItemKind.Keyword, detail="scenario")
            for k in SCENARIO_KEYS
        ]
        out.extend(
            types.CompletionItem(
                label=d.name,
                kind=types.CompletionItemKind.Event,
                detail="event: its date or `never`",
            )
            for d in doc.declarations.values()
            if d.keyword == "event"
        )
        return out
    schema = _block_schema(enclosing)
    if schema is None:
        return []
    return [
        types.CompletionItem(
            label=key,
            kind=types.CompletionItemKind.Field,
            detail=f"{key} {field.example}",
            documentation=types.MarkupContent(
                kind=types.MarkupKind.Markdown,
                value=(
                    ("required; " if field.required else "")
                    + ("repeatable; " if field.many else "")
                    + f"for example `{key} {field.example}`"
                ),
            ),
            sort_text=("0" if field.required else "1") + key,
        )
        for key, field in schema.items()
    ]


def _names(doc: Document, key: str) -> list[types.CompletionItem]:
    """Declared names, those of the kind already written after `key` in this file first."""
    kinds = {
        doc.declarations[o.name].keyword
        for o in doc.occurrences
        if not o.declaration and o.key == key and o.name in doc.declarations
    }
    return [
        types.CompletionItem(
            label=decl.name,
            kind=types.CompletionItemKind.Variable,
            detail=show_controls(decl.keyword + (f": {decl.label}" if decl.label else "")),
            sort_text=("0" if decl.keyword in kinds else "1") + decl.name,
        )
        for decl in doc.declarations.values()
    ]


# ---------------------------------------------------------------------------- edits


def formatting(doc: Document, range_: types.Range | None = None) -> list[types.TextEdit]:
    """`termlang fmt` of the document: one edit for the whole document, or for a range, the
    formatter's line changes that touch the range's lines (none when nothing changes, the file
    has syntax errors, or the partly formatted text would not mean what the file means)."""
    from termlang.fmt import format_source

    source = doc.source
    result = format_source(SourceFile(path=source.path, text=source.text))
    if result.text is None or result.text == source.text:
        return []
    covers = range_ is None or (
        offset_at(source, range_.start) == 0 and offset_at(source, range_.end) >= len(source.text)
    )
    if covers:
        whole = types.Range(
            start=types.Position(line=0, character=0),
            end=lsp_range(source.span(len(source.text))).end,
        )
        return [types.TextEdit(range=whole, new_text=result.text)]
    assert range_ is not None
    return _range_edits(source, result.text, range_)


def _range_edits(source: SourceFile, formatted: str, range_: types.Range) -> list[types.TextEdit]:
    """The hunks of a line diff between the file and its formatted text whose lines meet the
    range, checked to keep the file's meaning and comments when applied alone."""
    import difflib
    from collections import Counter

    from termlang.fmt import scan_comments
    from termlang.syntax import parse_source

    old = source.text.splitlines(keepends=True)
    new = formatted.splitlines(keepends=True)
    first = range_.start.line
    last = range_.end.line
    if range_.end.character == 0 and last > first:
        last -= 1  # a selection that ends at the start of a line does not take that line
    starts = [0]
    for line in old:
        starts.append(starts[-1] + len(line))
    kept: list[str] = []
    edits: list[types.TextEdit] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    hunks: list[tuple[str, int, int, int, int]] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "replace" and a2 - a1 == b2 - b1:  # line for line: each line its own hunk
            hunks.extend((op, a1 + k, a1 + k + 1, b1 + k, b1 + k + 1) for k in range(a2 - a1))
        else:
            hunks.append((op, a1, a2, b1, b2))
    for tag, i1, i2, j1, j2 in hunks:
        meets = (i1 <= last and i2 - 1 >= first) if i2 > i1 else first <= i1 <= last + 1
        if tag == "equal" or not meets:
            kept.extend(old[i1:i2])
            continue
        kept.extend(new[j1:j2])
        span = source.span(starts[i1], starts[i2])
        edits.append(types.TextEdit(range=lsp_range(span), new_text="".join(new[j1:j2])))
    if not edits:
        return []
    partly = SourceFile(path=source.path, text="".join(kept))
    before, _ = parse_source(source)
    after, _ = parse_source(partly)
    same_comments = Counter(c.text for c in scan_comments(source)) == Counter(
        c.text for c in scan_comments(partly)
    )
    if after is None or after != before or not same_comments:
        return []
    return edits


def code_actions(doc: Document, params: types.CodeActionParams) -> list[types.CodeAction]:
    """A quick fix for every diagnostic whose help is mechanical: a did-you-mean replaces the
    misspelt word; a missing required field (`add a line `binding no``) gets its line, with
    the schema's example value, at the top of the block."""
    out = []
    for diag in params.context.diagnostics:
        data = diag.data
        if isinstance(data, dict) and "add_line" in data:
            into = data.get("into")
            action = _add_line(
                doc, diag, str(data["add_line"]), None if into is None else str(into)
            )
            if action is not None:
                out.append(action)
            continue
        if not isinstance(data, dict) or "replacement" not in data:
            continue
        replacement = str(data["replacement"])
        out.append(
            types.CodeAction(
                title=f"replace with `{replacement}`",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diag],
                is_preferred=True,
                edit=types.WorkspaceEdit(
                    changes={doc.uri: [types.TextEdit(range=diag.range, new_text=replacement)]}
                ),
            )
        )
    return out


def _add_line(
    doc: Document, diag: types.Diagnostic, line: str, into: str | None = None
) -> types.CodeAction | None:
    """Insert `line` as the first line of the block of the item the diagnostic is on, or of
    the top-level item named `into` (the exclusivity a carve-out belongs to)."""
    at = offset_at(doc.source, diag.range.start)
    for item, outer in doc.items():
        block = item.block_span
        if block is None:
            continue
        if into is not None:
            named = item.args[0] if item.args else None
            if outer or not isinstance(named, ast.Ref) or named.name != into:
                continue
        else:
            heads = [item.key_span, *(a.span for a in item.args[:1])]
            if not any(h is not None and h.start == at for h in heads):
                continue
        source = doc.source
        first = (item.block or (None,))[0]
        if (
            first is not None
            and first.span is not None
            and (source.line_of(first.span.start) != source.line_of(block.start))
        ):
            column = source.position(first.span.start).column - 1
        else:
            own = source.line_text(source.line_of(block.start))
            column = len(own) - len(own.lstrip()) + 2
        where = lsp_range(source.span(block.start + 1)).start
        key = line.split()[0]
        return types.CodeAction(
            title=f"add `{key}`",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diag],
            edit=types.WorkspaceEdit(
                changes={
                    doc.uri: [
                        types.TextEdit(
                            range=types.Range(start=where, end=where),
                            new_text="\n" + " " * column + line,
                        )
                    ]
                }
            ),
        )
    return None


# ---------------------------------------------------------------------------- layout


def folding_ranges(doc: Document) -> list[types.FoldingRange]:
    """Every block that spans lines, and runs of whole-line comments."""
    out = []
    source = doc.source
    for item, _ in doc.items():
        block = item.block_span
        if block is None:
            continue
        start, end = source.line_of(block.start), source.line_of(max(block.start, block.end - 1))
        if end > start:
            out.append(types.FoldingRange(start_line=start - 1, end_line=end - 1))
    lines = (source.line_of(c.span.start) for c in scan_comments(source) if c.span)
    comments = [n for n in lines if source.line_text(n).lstrip().startswith("#")]  # whole lines
    run: list[int] = []
    for line in [*comments, -1]:
        if run and line == run[-1] + 1:
            run.append(line)
            continue
        if len(run) > 1:
            out.append(
                types.FoldingRange(
                    start_line=run[0] - 1,
                    end_line=run[-1] - 1,
                    kind=types.FoldingRangeKind.Comment,
                )
            )
        run = [line]
    return out


def inlay_hints(doc: Document, range_: types.Range) -> list[types.InlayHint]:
    """After each date expression that is not a plain date: the date it resolves to."""
    lo = offset_at(doc.source, range_.start)
    hi = offset_at(doc.source, range_.end)
    out = []
    for item, _ in doc.items():
        for expr in _outer_dates(item.args):
            span = expr.span
            if span is None or isinstance(expr, ast.DateLit) or not lo <= span.end <= hi:
                continue
            value = resolved_date(doc, expr)
            if value is None:
                continue
            out.append(
                types.InlayHint(
                    position=lsp_range(span).end,
                    label=f"= {value.isoformat()}",
                    kind=types.InlayHintKind.Type,
                    padding_left=True,
                )
            )
    return out


def _outer_dates(args: tuple[ast.Expr, ...]) -> Iterator[ast.Expr]:
    """The outermost date expressions of an item's arguments."""
    stack = list(args)
    while stack:
        node = stack.pop()
        if _is_date_expr(node):
            yield node
            continue
        match node:
            case ast.Range(start=a, end=b):
                stack.extend(x for x in (a, b) if x is not None)
            case ast.TimeRel(left=a, right=b):
                stack.extend(x for x in (a, b) if x is not None)
            case ast.ListExpr(items=items):
                stack.extend(items)


TOKEN_TYPES = ["keyword", "variable", "string", "number", "comment"]
_LITERALS: dict[type, int] = {
    ast.StringLit: 2,
    ast.DateLit: 3,
    ast.NumberLit: 3,
    ast.PercentLit: 3,
    ast.QuantityLit: 3,
    ast.MoneyLit: 3,
}


def semantic_tokens(doc: Document) -> list[int]:
    """Line keys (`keyword`), declared names and their references (`variable`, with the
    `declaration` modifier where declared), literals on one line (`string`, `number`: dates,
    amounts, percentages) and comments; encoded relative, as the protocol wants."""
    tokens: list[tuple[int, int, int, int, int]] = []
    source = doc.source
    for item, _ in doc.items():
        span = item.key_span
        if span is not None and item.key not in doc.declarations:
            tokens.append(_token(source, span, 0, 0))
        for arg in item.args:
            for node in walk(arg):
                literal = _LITERALS.get(type(node))
                if literal is not None and node.span is not None and "\n" not in node.span.text:
                    tokens.append(_token(source, node.span, literal, 0))
    for occ in doc.occurrences:
        tokens.append(_token(source, occ.span, 1, 1 if occ.declaration else 0))
    for comment in scan_comments(source):
        if comment.span is not None:
            tokens.append(_token(source, comment.span, 4, 0))
    tokens.sort()
    data: list[int] = []
    line = col = 0
    for t_line, t_col, length, kind, modifiers in tokens:
        delta_col = t_col - col if t_line == line else t_col
        data.extend((t_line - line, delta_col, length, kind, modifiers))
        line, col = t_line, t_col
    return data


def _token(
    source: SourceFile, span: Span, kind: int, modifiers: int
) -> tuple[int, int, int, int, int]:
    start = lsp_range(span).start
    length = source.utf16_column(span.end) - source.utf16_column(span.start)
    return (start.line, start.character, max(length, 0), kind, modifiers)
