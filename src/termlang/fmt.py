"""`termlang fmt`: one canonical layout for .term files, every comment kept.

The formatter prints the item tree (`ast.File`, which keeps the author's order) back as text.
The parser drops comments, so this module scans them itself (outside strings, `#` to the end
of the line) and attaches each one to an item by position:

* a comment on its own line belongs *above* the next item of its block (a *leading* comment);
  at the end of a block, with no item after it, it stays at the end of that block;
* a comment after code on the same line is the *trailing* comment of the item that ends on
  that line (or of the `{` that opens a block);
* a comment inside an item that runs over several lines (a condition continued after `and`)
  moves above that item.

The layout rules (docs/fmt.md has them with examples):

* two spaces of indentation per block; one item per line; no trailing spaces; `\\n` endings;
* one blank line where the author left one or more, never after `{` or before `}`;
* in a *run* of consecutive one-line items (not broken by a blank line, a comment line or a
  block), the values start in one column: when the keys differ, two spaces after the longest
  key; when every key is the same (`party ...`, `share ...`), one space;
* `share` lines in a run form a table: the party column is padded to the longest party plus two;
* a block written on one line stays on one line (`{ amount USD 1B; on 2019-07-22 }`) if it
  holds only plain items without comments and fits in 100 columns; otherwise it is expanded.
  Consecutive one-line blocks are aligned as a table;
* a trailing comment follows its code after two spaces;
* values are printed canonically: `USD 13B` (see `values.Money.__str__`), `20%`, `1.5 GW`,
  `18 months`, `100x`, ISO dates, strings re-escaped, multi-line strings as indented
  triple-quoted text, lists after a key without brackets (`scope a, b`).

`format_text` never changes meaning: it re-parses its own output and refuses (with an
internal diagnostic) if the item tree or the multiset of comments differs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from attrs import define, field

from termlang import ast
from termlang.diagnostics import Diagnostic, Severity
from termlang.source import SourceFile, Span
from termlang.values import Money, format_number

__all__ = [
    "FORMAT_INTERNAL",
    "LINE_WIDTH",
    "FormatResult",
    "format_expr",
    "format_file",
    "format_source",
    "format_text",
    "scan_comments",
]

LINE_WIDTH = 100
INDENT = "  "
FORMAT_INTERNAL = "TL009"  # the formatter's own safety net (should never fire)

# Strings first, so that a `#` inside a string is not a comment; same shapes as the grammar.
_TOKENS = re.compile(
    # possessive repeats, as in the grammar: no backtracking state kept per character
    r'"""(?:[^"\\]++|\\.|"(?!""))*+"""'  # triple-quoted
    r'|"(?:[^"\\\r\n]++|\\.)*+"'  # quoted
    r"|#[^\r\n]*",  # comment
    re.S,
)


def scan_comments(source: SourceFile) -> list[ast.Comment]:
    """Every comment of `source`, in order, with its span (text without trailing spaces)."""
    out: list[ast.Comment] = []
    for m in _TOKENS.finditer(source.text):
        if m.group().startswith("#"):
            text = m.group().rstrip()
            out.append(ast.Comment(text=text, span=source.span(m.start(), m.start() + len(text))))
    return out


# ---------------------------------------------------------------------------- expressions

# Binding strength, loosest first; an operand printed where a stronger one is needed gets
# parentheses. LIST is the comma list written directly after a key (`scope a, b`).
LIST, OR, AND, NOT, CMP, RANGE, SUM, ATOM = range(8)

_ESCAPE = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}
# Words a quantity's unit may not be (grammar: the QTY terminal's lookahead).
_QTY_STOP = frozenset(
    {
        *("and", "or", "not", "before", "after", "on_or_before", "on_or_after"),
        *("by", "of", "per", "until", "except", "on", "in", "from", "to"),
    }
)
_CURRENCY_LIKE = re.compile(r"[A-Z]{3}")


def _quote(value: str) -> str:
    return '"' + "".join(_ESCAPE.get(ch, ch) for ch in value) + '"'


def _long_ok(value: str) -> bool:
    """Whether `value` survives the triple-quote dedent rule unchanged."""
    if "\n" not in value or "\r" in value:
        return False
    lines = value.split("\n")
    if not lines[0].strip() or not lines[-1].strip():
        return False
    if any(ln != ln.rstrip(" \t") for ln in lines):
        return False  # invisible trailing spaces would not survive an editor
    return any(ln.strip() and ln[0] not in " \t" for ln in lines)


def _long_string(value: str, indent: str) -> str:
    body: list[str] = []
    for i, ch in enumerate(value):
        if ch == "\\":
            body.append("\\\\")
        elif ch == '"' and value[i + 1 : i + 3] == '""':
            body.append('\\"')
        else:
            body.append(ch)
    inner = indent + INDENT
    lines = "".join(body).split("\n")
    shown = "\n".join(inner + ln if ln else "" for ln in lines)
    return f'"""\n{shown}\n{indent}"""'


def _quantity(lit: ast.QuantityLit) -> str:
    number = format_number(lit.amount)
    return f"{number}{lit.unit}" if lit.unit == "x" else f"{number} {lit.unit}"


def _atom(expr: ast.Expr, indent: str) -> str | None:
    match expr:
        case ast.DateLit(value=value):
            return value.isoformat()
        case ast.NumberLit(value=value):
            # No `_` groups: the grammar lexes a bare `1_000` as the quantity `1 _000`.
            return format_number(value).replace("_", "")
        case ast.PercentLit(value=value):
            return f"{format_number(value)}%"
        case ast.QuantityLit():
            return _quantity(expr)
        case ast.MoneyLit(currency=currency, amount=amount):
            return str(Money(currency, amount))
        case ast.StringLit(value=value):
            return _long_string(value, indent) if _long_ok(value) else _quote(value)
        case ast.Ref():
            return expr.name
        case ast.Call(func=func, args=args):
            return f"{func}({', '.join(_expr(a, OR, indent) for a in args)})"
        case ast.ListExpr(items=items):
            return f"[{', '.join(_expr(a, OR, indent) for a in items)}]"
    return None


def _level_text(expr: ast.Expr, indent: str) -> tuple[int, str]:
    atom = _atom(expr, indent)
    if atom is not None:
        return ATOM, atom
    match expr:
        case ast.Or(left=left, right=right):
            return OR, f"{_expr(left, OR, indent)} or {_expr(right, AND, indent)}"
        case ast.And(left=left, right=right):
            return AND, f"{_expr(left, AND, indent)} and {_expr(right, NOT, indent)}"
        case ast.Not(operand=operand):
            return NOT, f"not {_expr(operand, NOT, indent)}"
        case ast.Compare(op=op, left=left, right=right):
            return CMP, f"{_expr(left, RANGE, indent)} {op} {_expr(right, RANGE, indent)}"
        case ast.TimeRel(op=op, left=left, right=right):
            right_text = _expr(right, RANGE, indent)
            if left is None:
                return CMP, f"{op} {right_text}"
            return CMP, f"{_expr(left, RANGE, indent)} {op} {right_text}"
        case ast.Range(start=start, end=end):
            if end is None:
                return RANGE, f"{_expr(start, SUM, indent)} .."
            return RANGE, f"{_expr(start, SUM, indent)} .. {_expr(end, SUM, indent)}"
        case ast.Offset(base=ast.NumberLit(value=year), sign=-1, amount=ast.Ref(parts=(part,))) if (
            re.fullmatch(r"Q[1-4]|H[12]", part) and re.fullmatch(r"\d{4}", str(year))
        ):
            # a period in an argument (`shortfall x 2027-Q1 ...`) lexes as `2027 - Q1`: keep
            # the period's spelling
            return ATOM, f"{year}-{part}"
        case ast.Offset(base=base, sign=sign, amount=amount):
            op = "+" if sign > 0 else "-"
            return SUM, f"{_expr(base, SUM, indent)} {op} {_expr(amount, ATOM, indent)}"
    raise TypeError(f"not an expression: {expr!r}")


def _expr(expr: ast.Expr, needed: int, indent: str) -> str:
    level, text = _level_text(expr, indent)
    return f"({text})" if level < needed else text


def format_expr(expr: ast.Expr, indent: str = "") -> str:
    """An expression in canonical text (as the first argument after a key)."""
    return _arg(expr, indent)


def _arg(expr: ast.Expr, indent: str, wrapped: bool = False) -> str:
    """One argument after a key; `wrapped` forces parentheses (brackets for a list)."""
    if isinstance(expr, ast.ListExpr):
        if wrapped or len(expr.items) < 2:
            return _expr(expr, ATOM, indent)
        return ", ".join(_expr(a, OR, indent) for a in expr.items)
    text = _expr(expr, LIST, indent)
    if wrapped:  # never already one group: at this level `_expr` adds no parentheses
        return f"({text})"
    return text


def _first(expr: ast.Expr) -> ast.Expr:
    """The leftmost atom (or `TimeRel` without a left side) of an argument as printed."""
    match expr:
        case ast.Or(left=left) | ast.And(left=left) | ast.Compare(left=left):
            return _first(left)
        case ast.TimeRel(left=left):
            return expr if left is None else _first(left)
        case ast.Range(start=start):
            return _first(start)
        case ast.Offset(base=base):
            return _first(base)
        case ast.ListExpr(items=items) if len(items) >= 2:
            return _first(items[0])
    return expr


def _last(expr: ast.Expr) -> ast.Expr:
    """The rightmost atom (or an open `Range`) of an argument as printed."""
    match expr:
        case ast.Or(right=right) | ast.And(right=right) | ast.Compare(right=right):
            return _last(right)
        case ast.TimeRel(right=right):
            return _last(right)
        case ast.Not(operand=operand):
            return _last(operand)
        case ast.Range(end=end):
            return expr if end is None else _last(end)
        case ast.Offset(amount=amount):
            return _last(amount)
        case ast.ListExpr(items=items) if len(items) >= 2:
            return _last(items[-1])
    return expr


def _word_start(expr: ast.Expr) -> str | None:
    first = _first(expr)
    if isinstance(expr, ast.Not):
        return None  # `not` is a keyword: it never glues to a number
    match first:
        case ast.Ref(parts=parts):
            return parts[0]
        case ast.Call(func=func):
            return func
    return None


def format_args(args: Sequence[ast.Expr], indent: str) -> str:
    """The arguments of an item, separated so that they parse back as the same arguments.

    Juxtaposed arguments can fuse when printed: `3` then `months` would lex as `3 months`,
    `USD` then `5` as an amount, `effective ..` then `x` as a closed range, and `x` then
    `after y` as one comparison. Such an argument is parenthesised.
    """
    n = len(args)
    wrap = [False] * n
    for i in range(n - 1):
        prev, nxt = args[i], args[i + 1]
        last = _last(prev)
        first = _first(nxt)
        if isinstance(last, ast.Range):  # an open range takes the next atom as its end
            wrap[i] = True
        if isinstance(first, ast.TimeRel):
            wrap[i + 1] = True
        word = _word_start(nxt)
        if isinstance(last, ast.NumberLit) and word is not None and word not in _QTY_STOP:
            wrap[i + 1] = True
        digit = isinstance(first, ast.DateLit | ast.NumberLit | ast.PercentLit | ast.QuantityLit)
        if digit and isinstance(last, ast.Ref) and _CURRENCY_LIKE.fullmatch(last.parts[-1]):
            wrap[i] = True
        if digit and isinstance(last, ast.QuantityLit) and _CURRENCY_LIKE.fullmatch(last.unit):
            wrap[i + 1] = True
    # `name (x)` would read as a call: an argument that starts with `(` after a name wraps the
    # name's argument too (right to left, since that argument then starts with `(` itself).
    texts = [_arg(a, indent, w) for a, w in zip(args, wrap)]
    for i in range(n - 1, 0, -1):
        after_name = isinstance(_last(args[i - 1]), ast.Ref)
        if texts[i].startswith("(") and not wrap[i - 1] and after_name:
            wrap[i - 1] = True
            texts[i - 1] = _arg(args[i - 1], indent, True)
    return " ".join(texts)


# ---------------------------------------------------------------------------- comment attachment

Trivia = list[str | None]  # comment texts; None marks a blank line


@define
class _Node:
    item: ast.Item
    leading: Trivia = field(factory=list)
    trailing: str | None = None
    open_comment: str | None = None
    children: list[_Node] | None = None
    dangling: Trivia = field(factory=list)
    written_on_one_line: bool = False


class _Attacher:
    def __init__(self, source: SourceFile, comments: Sequence[ast.Comment]) -> None:
        self.source = source
        self.by_line: dict[int, ast.Comment] = {}
        for c in comments:
            assert c.span is not None
            self.by_line[source.line_of(c.span.start)] = c

    def line(self, offset: int) -> int:
        return self.source.line_of(offset)

    def gap(self, after_line: int, before_line: int) -> Trivia:
        """Comment and blank lines strictly between two lines."""
        out: Trivia = []
        for ln in range(after_line + 1, before_line):
            c = self.by_line.get(ln)
            if c is not None:
                out.append(c.text)
            elif not self.source.line_text(ln).strip():
                out.append(None)
        return out

    def region(
        self,
        items: Sequence[ast.Item],
        comments: list[ast.Comment],
        open_line: int,
        close_line: int,
    ) -> tuple[list[_Node], Trivia, str | None]:
        nodes = [_Node(item) for item in items]
        inside: list[list[ast.Comment]] = [[] for _ in items]
        outside: list[ast.Comment] = []
        k = 0
        for c in comments:
            assert c.span is not None
            pos = c.span.start
            while k < len(items) and _span(items[k]).end <= pos:
                k += 1
            if k < len(items) and _span(items[k]).start <= pos:
                inside[k].append(c)
            else:
                outside.append(c)
        # trailing comments: after code on the line where an item (or the `{`) ends
        end_lines = {self.line(_span(it).end - 1): i for i, it in enumerate(items)}
        open_comment = None
        for c in outside:
            assert c.span is not None
            ln = self.line(c.span.start)
            owner = end_lines.get(ln)
            own_line = not self.source.text[self.source.line_start(ln) : c.span.start].strip()
            if own_line:
                continue
            if owner is not None:
                nodes[owner].trailing = c.text
            elif ln == open_line:
                open_comment = c.text
            else:
                continue  # after a lone `;`: kept as a comment line
            self.by_line.pop(ln, None)
        prev_line = open_line
        for node in nodes:
            span = _span(node.item)
            start_line = self.line(span.start)
            end_line = self.line(span.end - 1)
            node.leading = self.gap(prev_line, start_line) if start_line > prev_line else []
            node.written_on_one_line = start_line == end_line
            prev_line = end_line
        dangling = self.gap(prev_line, close_line)
        for node, mine in zip(nodes, inside):
            self.fill(node, mine)
        return nodes, dangling, open_comment

    def fill(self, node: _Node, comments: list[ast.Comment]) -> None:
        item = node.item
        block_span = item.block_span
        in_block: list[ast.Comment] = []
        for c in comments:
            assert c.span is not None
            if block_span is not None and block_span.start < c.span.start < block_span.end:
                in_block.append(c)
            else:
                node.leading.append(c.text)  # inside a continued head: moves above the item
                self.by_line.pop(self.line(c.span.start), None)
        if item.block is not None:
            assert block_span is not None
            node.children, node.dangling, node.open_comment = self.region(
                item.block,
                in_block,
                self.line(block_span.start),
                self.line(block_span.end - 1),
            )


def _span(item: ast.Item) -> Span:
    assert item.span is not None, "the formatter needs items with spans"
    return item.span


def _plain_nodes(items: Iterable[ast.Item]) -> list[_Node]:
    """Nodes for a tree without source (built in memory): no comments, blocks expanded."""
    out = []
    for item in items:
        node = _Node(item)
        if item.block is not None:
            node.children = _plain_nodes(item.block)
        out.append(node)
    return out


# ---------------------------------------------------------------------------- printing


def _is_plain(node: _Node) -> bool:
    return node.item.block is None


def _simple_text(item: ast.Item, indent: str) -> str:
    if not item.args:
        return item.key
    return f"{item.key} {format_args(item.args, indent)}"


def _stays_on_one_line(node: _Node, indent: str) -> bool:
    item = node.item
    if not node.written_on_one_line or not node.children or node.open_comment or node.dangling:
        return False
    for child in node.children:
        if not _is_plain(child) or child.leading or child.trailing:
            return False
    inner = "; ".join(_simple_text(c.item, indent) for c in node.children)
    line = f"{_simple_text(item, indent)} {{ {inner} }}"
    return "\n" not in line and len(indent) + len(line) <= LINE_WIDTH


class _Printer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def trivia(self, trivia: Trivia, indent: str, *, drop_leading_blank: bool) -> None:
        pending_blank = False
        first = True
        for entry in trivia:
            if entry is None:
                pending_blank = not (first and drop_leading_blank)
                continue
            if pending_blank:
                self.lines.append("")
                pending_blank = False
            self.lines.append(indent + entry)
            first = False
        if pending_blank:
            self.lines.append("")

    def block(self, nodes: list[_Node], dangling: Trivia, indent: str) -> None:
        for i, group in enumerate(_groups(nodes, indent)):
            kind, members = group
            self.trivia(members[0].leading, indent, drop_leading_blank=i == 0)
            if kind == "plain":
                self.plain_run(members, indent)
            elif kind == "oneline":
                self.oneline_run(members, indent)
            else:
                self.expanded(members[0], indent)
        trailing = list(dangling)
        while trailing and trailing[-1] is None:
            trailing.pop()
        self.trivia(trailing, indent, drop_leading_blank=not nodes)

    def emit(self, text: str, trailing: str | None) -> None:
        lines = text.split("\n")
        if trailing is not None:
            lines[-1] += "  " + trailing
        self.lines.extend(lines)

    def plain_run(self, nodes: list[_Node], indent: str) -> None:
        col = _key_column([n.item for n in nodes])
        shares = [n for n in nodes if n.item.key == "share" and len(n.item.args) >= 2]
        party_col = 0
        if len(shares) >= 2:
            party_col = max(len(_arg(n.item.args[0], indent)) for n in shares) + 2
        for node in nodes:
            item = node.item
            if not item.args:
                self.emit(indent + item.key, node.trailing)
                continue
            args = format_args(item.args, indent)
            if party_col and node in shares:
                first = _arg(item.args[0], indent)
                if args.startswith(first + " "):
                    args = first.ljust(party_col) + args[len(first) + 1 :]
            self.emit(f"{indent}{_key(item.key, col)}{args}", node.trailing)

    def oneline_run(self, nodes: list[_Node], indent: str) -> None:
        col = _key_column([n.item for n in nodes])
        heads = [format_args(n.item.args, indent) for n in nodes]
        head_col = max(len(h) for h in heads) if len({len(h) for h in heads}) > 1 else 0
        rows: list[list[str]] = []
        for node in nodes:
            assert node.children is not None
            cells = [_simple_text(c.item, indent) for c in node.children]
            rows.append([c + ";" for c in cells[:-1]] + cells[-1:])
        for j in range(max(len(r) for r in rows) - 1):
            cells = [r[j] for r in rows if len(r) > j + 1]
            if len(set(cells)) <= 1:
                continue
            width = max(len(c) for c in cells) + 1
            for r in rows:
                if len(r) > j + 1:
                    r[j] = r[j].ljust(width)
        for node, head, row in zip(nodes, heads, rows):
            shown = head.ljust(head_col) + " " if head else ""
            text = f"{indent}{_key(node.item.key, col)}{shown}{{ {' '.join(row)} }}"
            self.emit(text, node.trailing)

    def expanded(self, node: _Node, indent: str) -> None:
        head = _simple_text(node.item, indent)
        empty = not node.children and not any(node.dangling) and node.open_comment is None
        if empty:
            self.emit(f"{indent}{head} {{}}", node.trailing)
            return
        self.emit(f"{indent}{head} {{", node.open_comment)
        self.block(node.children or [], node.dangling, indent + INDENT)
        self.emit(f"{indent}}}", node.trailing)


def _groups(nodes: list[_Node], indent: str) -> list[tuple[str, list[_Node]]]:
    """Runs of consecutive nodes laid out together (aligned columns)."""
    groups: list[tuple[str, list[_Node]]] = []
    for node in nodes:
        if _is_plain(node):
            kind = "plain"
        elif _stays_on_one_line(node, indent):
            kind = "oneline"
        else:
            kind = "block"
        if groups and kind != "block" and groups[-1][0] == kind and not node.leading:
            groups[-1][1].append(node)
        else:
            groups.append((kind, [node]))
    return groups


def _key_column(items: Sequence[ast.Item]) -> int:
    """Where values start in a run: 0 (one space) when every key is the same."""
    keys = {it.key for it in items if it.args}
    if len(keys) <= 1:
        return 0
    return max(len(k) for k in keys) + 2


def _key(key: str, col: int) -> str:
    return key.ljust(col) if col else key + " "


def format_file(
    file: ast.File, source: SourceFile | None = None, comments: Sequence[ast.Comment] = ()
) -> str:
    """The canonical text of a parsed file.

    With `source` (the text `file` was parsed from) the comments are scanned and kept and
    one-line blocks stay on one line; without it, `file` may be built in memory (no spans).
    """
    printer = _Printer()
    if source is None:
        nodes, dangling = _plain_nodes(file.items), Trivia()
    else:
        found = list(comments) if comments else scan_comments(source)
        attacher = _Attacher(source, found)
        nodes, dangling, _ = attacher.region(file.items, found, 0, source.line_count + 1)
    printer.block(nodes, dangling, "")
    lines = printer.lines
    while lines and not lines[0]:
        lines.pop(0)
    if not lines:
        return ""
    return "\n".join(lines) + "\n"


@define
class FormatResult:
    """What `format_source` found: the new text (None when the file cannot be formatted)."""

    text: str | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.text is not None


def format_source(source: SourceFile) -> FormatResult:
    """Format a source file; syntax errors (or a failed safety check) give no text."""
    from termlang.syntax import parse_source

    file, problems = parse_source(source)
    if file is None:
        return FormatResult(None, problems)
    comments = scan_comments(source)
    text = format_file(file, source, comments)
    # Safety net: the output must mean exactly what the input meant.
    again = SourceFile(path=source.path, text=text)
    reparsed, _ = parse_source(again)
    before = Counter(c.text for c in comments)
    after = Counter(c.text for c in scan_comments(again))
    if reparsed != file or before != after:
        what = "the items" if reparsed != file else "the comments"
        return FormatResult(
            None,
            [
                Diagnostic(
                    code=FORMAT_INTERNAL,
                    severity=Severity.ERROR,
                    message=f"the formatter would change {what} of this file; it was left as is",
                    span=source.span(0, 0),
                    help="this is a bug in `termlang fmt`: please report it with the file",
                )
            ],
        )
    return FormatResult(text, [])


def format_text(text: str, path: str = "<text>") -> str:
    """The canonical form of `text`; raises ValueError (with the diagnostics) if it does not
    parse."""
    result = format_source(SourceFile(path=path, text=text))
    if result.text is None:
        messages = "; ".join(d.message for d in result.diagnostics)
        raise ValueError(f"cannot format {path}: {messages}")
    return result.text
