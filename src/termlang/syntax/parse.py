"""Parsing with error recovery: every syntax error of a file in one run, at its real place.

Recovery is by masking. Parsing runs left to right, so once the first error is known, the
statement that holds it is replaced by spaces (newlines kept, so every offset after it stays
true) and the file is parsed again; the next error is necessarily further on. A statement
that opens a block is masked together with its block, so no stray `}` follows. The fast path,
a file without errors, is a single parse.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from termlang import ast
from termlang.diagnostics import Diagnostic, Label, Severity
from termlang.source import SourceFile, Span

MAX_SYNTAX_ERRORS = 50
# Recovery parses the (masked) file again from the start after each error, so 50 errors at the
# end of a 560 KB file cost 51 full parses (75 s measured). It stops (TL003) before the parses
# would have read more than this many characters, or twice the file: a large file with its
# errors at the end is parsed about three times.
RECOVERY_BUDGET = 2_000_000
MAX_EXPRESSION_DEPTH = 100  # far beyond any real clause; keeps every recursive pass safe
MAX_BLOCK_DEPTH = 32

# What a terminal is, in the words of a .term author.
_DESCRIBE = {
    "_NL": "end of line",
    "SEMICOLON": "`;`",
    "$END": "end of file",
    "LBRACE": "`{`",
    "RBRACE": "`}`",
    "LPAR": "`(`",
    "RPAR": "`)`",
    "LSQB": "`[`",
    "RSQB": "`]`",
    "COMMA": "`,`",
    "DOT": "`.`",
    "DOTDOT": "`..`",
    "PLUS": "`+`",
    "MINUS": "`-`",
    "CMP": "a comparison (`>=`, `<`, ...)",
    "AND": "`and`",
    "OR": "`or`",
    "NOT": "`not`",
    "BEFORE": "`before`",
    "AFTER": "`after`",
    "ON_OR_BEFORE": "`on_or_before`",
    "ON_OR_AFTER": "`on_or_after`",
    "DATE": "a date",
    "PERIOD": "a period",
    "NUMBER": "a number",
    "PERCENT": "a percentage",
    "QTY": "a quantity",
    "MONEY": "an amount",
    "STRING": "a string",
    "LONGSTRING": "a string",
    "WORD": "a name",
}
_VALUE_TERMINALS = {
    "DATE",
    "NUMBER",
    "PERCENT",
    "QTY",
    "MONEY",
    "STRING",
    "LONGSTRING",
    "WORD",
    "LPAR",
    "LSQB",
    "NOT",
}
_OPERATORS = {
    "DOTDOT",
    "PLUS",
    "MINUS",
    "CMP",
    "AND",
    "OR",
    "BEFORE",
    "AFTER",
    "ON_OR_BEFORE",
    "ON_OR_AFTER",
    "COMMA",
    "DOT",
}


_NOISE_AT_EOL = {"RBRACE", "LBRACE", "RPAR", "RSQB", "COMMA", "CMP", "DOT"} | {
    "DOTDOT",
    "PLUS",
    "MINUS",
    "AND",
    "OR",
    "BEFORE",
    "AFTER",
    "ON_OR_BEFORE",
    "ON_OR_AFTER",
}


def _expected_words(expected: set[str]) -> str:
    names = set(expected)
    if "_NL" in names:
        # An item may end here; listing every way it could go on instead is noise.
        names -= _NOISE_AT_EOL
    parts: list[str] = []
    if names & _VALUE_TERMINALS and len(names & _VALUE_TERMINALS) >= 3:
        parts.append("a value")
        names -= _VALUE_TERMINALS
    if len(names & _OPERATORS) >= 3:
        parts.append("an operator")
        names -= _OPERATORS
    if "_NL" in names or "SEMICOLON" in names:
        parts.append("end of line")
        names -= {"_NL", "SEMICOLON"}
    for name in sorted(names):
        if name.startswith("__") or name == "$END":
            continue
        words = _DESCRIBE.get(name, f"`{name.lower()}`")
        if words not in parts:
            parts.append(words)
    if not parts:
        return "something else"
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def _found_words(tok: Any) -> str:
    kind = tok.type
    if kind == "$END":
        return "end of file"
    if kind == "_NL":
        return "end of line"
    text = str(tok)
    if len(text) > 30:
        text = text[:27] + "..."
    return f"`{text}`"


_CHAR_HELP = {
    "=": "write fields as `key value`, without `=`",
    ":": "write fields as `key value`, without `:`",
    "€": "write amounts with an ISO currency code, like `EUR 5M`",
    "$": "write amounts with an ISO currency code, like `USD 13B`",
    "£": "write amounts with an ISO currency code, like `GBP 2M`",
    "'": 'strings are written between double quotes: `"..."`',
    "“": 'strings are written between straight double quotes: `"..."`',
    "”": 'strings are written between straight double quotes: `"..."`',
}


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _braces(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, str]]:
    """Each `{` and `}` in text[start:end] with its offset, skipping strings and comments."""
    stop = len(text) if end is None else end
    i = start
    while i < stop:
        ch = text[i]
        if ch == "#":
            nl = text.find("\n", i)
            i = stop if nl < 0 else nl
            continue
        if ch == '"':
            j = i + 1
            while j < stop and text[j] != '"' and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if ch in "{}":
            yield i, ch
        i += 1


def _scan_braces(text: str, start: int, end: int) -> int:
    """Net `{` minus `}` in text[start:end], outside strings and comments."""
    return sum(1 if ch == "{" else -1 for _, ch in _braces(text, start, end))


def _block_end(text: str, pos: int, depth: int) -> int:
    """Where the `depth` blocks opened before `pos` close (the end of the text if never)."""
    for i, ch in _braces(text, pos):
        depth += 1 if ch == "{" else -1
        if depth == 0:
            return i + 1
    return len(text)


def _mask(text: str, start: int, end: int) -> str:
    """Blank text[start:end], keeping line breaks (and so every later offset)."""
    chunk = "".join(c if c in "\r\n" else " " for c in text[start:end])
    return text[:start] + chunk + text[end:]


def _unclosed_brace(text: str) -> int | None:
    """The offset of the first `{` that is never closed, if any."""
    stack: list[int] = []
    for i, ch in _braces(text):
        if ch == "{":
            stack.append(i)
        elif stack:
            stack.pop()
    return stack[0] if stack else None


def _diagnose(exc: Exception, source: SourceFile, masked: str) -> tuple[Diagnostic, int | None]:
    """Turn a Lark error into a diagnostic; also say where to mask (None: stop recovering)."""
    from termlang.syntax.lalr import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        ch = masked[pos] if pos < len(masked) else ""
        span = Span(source, pos, pos + 1)
        if ch == '"':
            eol = _line_bounds(masked, pos)[1]
            return (
                Diagnostic(
                    code="TL102",
                    severity=Severity.ERROR,
                    message="unterminated string",
                    span=Span(source, pos, eol),
                    labels=(Label(span=span, message="this string is never closed"),),
                    help='close it with `"` on the same line, or use `"""` for text over '
                    "several lines",
                ),
                pos,
            )
        shown = ch if ch.isprintable() else repr(ch)[1:-1]
        help_ = _CHAR_HELP.get(ch)
        if help_ is None and ch in "}{":
            help_ = "check the braces above this line"
        return (
            Diagnostic(
                code="TL101",
                severity=Severity.ERROR,
                message=f"unexpected character `{shown}`",
                span=span,
                labels=(
                    Label(span=span, message=f"expected {_expected_words(set(exc.allowed or ()))}"),
                ),
                help=help_,
            ),
            pos,
        )
    if isinstance(exc, UnexpectedEOF) or (
        isinstance(exc, UnexpectedToken) and exc.token.type == "$END"
    ):
        open_at = _unclosed_brace(masked)
        if open_at is not None:
            span = Span(source, open_at, open_at + 1)
            return (
                Diagnostic(
                    code="TL103",
                    severity=Severity.ERROR,
                    message="this block is never closed",
                    span=span,
                    labels=(Label(span=span, message="`{` opened here has no matching `}`"),),
                    help="add `}` where the block ends",
                ),
                None,
            )
        end = len(source.text)
        expected = set(getattr(exc, "expected", ()) or ())
        return (
            Diagnostic(
                code="TL100",
                severity=Severity.ERROR,
                message=f"unexpected end of file, expected {_expected_words(expected)}",
                span=Span(source, end, end),
            ),
            None,
        )
    assert isinstance(exc, UnexpectedToken)
    tok = exc.token
    start = tok.start_pos or 0
    end = tok.end_pos or start
    if tok.type == "_NL":
        end = start  # point at the end of the line, not across the line break
    expected = set(exc.expected or ())
    found = _found_words(tok)
    help_ = None
    if tok.type == "RBRACE" and "RBRACE" not in expected:
        message = "unexpected `}`"
        if expected & _VALUE_TERMINALS:
            message = f"unexpected `}}`, expected {_expected_words(expected)}"
            help_ = "the line above ends with an operator or a comma: complete it"
        elif _scan_braces(masked, 0, start) <= 0:
            help_ = "this `}` closes no block: remove it or check the braces above"
    elif tok.type == "LBRACE":
        message = "unexpected `{`"
        help_ = "a block follows the key and arguments of an item on the same line"
    elif tok.type == "_NL" and expected & _VALUE_TERMINALS:
        message = f"unexpected end of line, expected {_expected_words(expected)}"
    else:
        message = f"unexpected {found}, expected {_expected_words(expected)}"
    if tok.type == "DOT":
        help_ = "a dotted name has no spaces around `.`, like `round.second`"
    return (
        Diagnostic(
            code="TL100",
            severity=Severity.ERROR,
            message=message,
            span=Span(source, start, end),
            help=help_,
        ),
        start,
    )


def _too_deep(tree: Any) -> tuple[Any, str] | None:
    """The first item nested too deeply, and how, found without recursion (None if none).

    Blocks count against MAX_BLOCK_DEPTH, expressions inside an item against
    MAX_EXPRESSION_DEPTH; the item that holds the problem is returned, where a reader starts.
    """
    from termlang.syntax.lalr import Tree

    stack = [(tree, 0, 0, tree)]
    while stack:
        node, blocks, depth, item = stack.pop()
        if blocks > MAX_BLOCK_DEPTH:
            return item, f"blocks nested more than {MAX_BLOCK_DEPTH} deep"
        if depth > MAX_EXPRESSION_DEPTH:
            return item, f"expression nested more than {MAX_EXPRESSION_DEPTH} levels deep"
        for child in node.children:
            if not isinstance(child, Tree):
                continue
            if child.data == "item":
                stack.append((child, blocks, 0, child))
            elif child.data == "block":
                stack.append((child, blocks + 1, 0, item))
            else:
                stack.append((child, blocks, depth + 1, item))
    return None


def _nesting(items: tuple[ast.Item, ...] | list[ast.Item]) -> int:
    """How deep blocks nest in `items` (0: no block)."""
    most = 0
    stack = [(items, 0)]
    while stack:
        level, depth = stack.pop()
        for item in level:
            if item.block is not None:
                most = max(most, depth + 1)
                stack.append((item.block, depth + 1))
    return most


def parse_source(source: SourceFile) -> tuple[ast.File | None, list[Diagnostic]]:
    """Parse a whole file. Returns the items (None if any syntax error) and the diagnostics."""
    from termlang.syntax.build import Builder, build
    from termlang.syntax.grammar import table_parser
    from termlang.syntax.lalr import UnexpectedInput

    text = source.text
    if not text.endswith("\n"):
        text += "\n"  # a final item needs its end of line; offsets are unchanged
    diagnostics: list[Diagnostic] = []
    masked = text
    file: ast.File | None = None
    builder: Builder | None = None
    budget = max(RECOVERY_BUDGET, 2 * len(text))
    for _ in range(MAX_SYNTAX_ERRORS + 1):
        try:
            file, builder = build(masked, source)
            break
        except UnexpectedInput as exc:
            diag, pos = _diagnose(exc, source, masked)
            diagnostics.append(diag)
            if pos is None:
                break
            budget -= pos  # this parse read up to the error; the next one reads at least as far
            if len(diagnostics) >= MAX_SYNTAX_ERRORS or budget < pos:
                line = source.position(pos).line
                diagnostics.append(
                    Diagnostic.stopped(
                        f"stopped after {len(diagnostics)} syntax errors: lines after {line} "
                        "were not checked",
                        "fix the errors above and run again",
                    )
                )
                break
            line_start, line_end = _line_bounds(masked, pos)
            depth = _scan_braces(masked, line_start, line_end)
            end = _block_end(masked, line_end, depth) if depth > 0 else line_end
            new = _mask(masked, line_start, end)
            if depth < 0:  # keep the closing braces: they end blocks opened above
                new = (
                    new[:line_start]
                    + "".join(
                        c if c == "}" or c in "\r\n" else " " for c in masked[line_start:line_end]
                    )
                    + new[line_end:]
                )
            if new == masked:
                break
            masked = new
    if diagnostics or file is None or builder is None:
        return None, diagnostics
    # The AST was made without a parse tree; a file that nests too deeply is parsed again into
    # one, to report the item `_too_deep` finds there, as before.
    if builder.deepest > MAX_EXPRESSION_DEPTH or _nesting(file.items) > MAX_BLOCK_DEPTH:
        deep = _too_deep(table_parser().parse(text))
        if deep is not None:
            node, what = deep
            start = getattr(node.meta, "start_pos", 0) or 0
            end = getattr(node.meta, "end_pos", start) or start
            return None, [
                Diagnostic(
                    code="TL008",
                    severity=Severity.ERROR,
                    message=what,
                    span=Span(source, start, min(end, _line_bounds(text, start)[1])),
                    help="split the condition into named events or clauses"
                    if what.startswith("expression")
                    else "no agreement needs this depth; check the braces",
                )
            ]
    if builder.problems:
        return None, [
            Diagnostic(
                code="TL104",
                severity=Severity.ERROR,
                message=bad.message,
                span=Span(source, bad.start, bad.end),
                help=bad.help,
            )
            for bad in builder.problems
        ]
    return file, diagnostics
