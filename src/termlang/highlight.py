"""Highlighting for .term files: one set of rules for the TextMate grammar and the Pygments lexer.

Both highlighters are built here from what the toolchain itself knows, so neither can drift
from the language:

* the literal tokens (dates, periods, money, percentages, quantities, numbers, comments) use
  the lexer's own terminal patterns, in the lexer's priority order, read from the parser
  tables (`termlang.syntax.grammar`);
* the declaration keys are the lowering stage's `DECLARATIONS` (plus `uses`, the first line
  of a scenario file), the field keys every schema in `termlang.lower` (and the scenario lines
  and expectation words), the operator words the grammar's keywords, the reserved names those
  of `termlang.resolve`.

`editors/vscode/generate.py` writes `textmate_grammar()` to
`editors/vscode/syntaxes/term.tmLanguage.json`; `TermLexer` is the Pygments lexer (entry point
`termlang.highlight:TermLexer`). Patterns keep to what Python's `re` and Oniguruma (TextMate's
engine) read alike: no `\\h`, `\\G` or named classes; the tests run them with `re`.

Where a highlighter cannot know the context (a TextMate grammar sees one line at a time), a
word counts as a key when it starts a line, or follows `{` or `;`: that is where items begin.
Inside braces a key is a field (`scope`, `party`), outside a declaration.

Pygments is imported only when `TermLexer` is first asked for (module `__getattr__`), so
generating the TextMate grammar needs no Pygments and `termlang check` never imports either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, ClassVar

import attrs

from termlang import ast
from termlang.evaluate.expectations import VOCABULARY
from termlang.lower import (
    BAD,
    BLOCK_SCHEMAS,
    CARVE_OUT,
    CLAUSE_PREDICATES,
    CLAUSES,
    DECLARATIONS,
    FIRST_REFUSAL,
    METRICS,
    SCENARIO_KEYS,
    STEP_SCHEMAS,
    TRANCHE,
    WATERFALL_TIER,
    Lowerer,
    Schema,
)
from termlang.resolve import RESERVED
from termlang.source import Span
from termlang.syntax.build import _ESCAPES
from termlang.syntax.grammar import _tables

SCOPE_SUFFIX = ".term"
SCOPE_NAME = "source.term"

# The first item of a scenario file (read by `termlang.pipeline`, not a lowered declaration).
USES = "uses"
# The words `conv_bool` reads (`default yes`); `yes` and `no` are also `binding` values.
BOOLEANS = ("yes", "no", "true", "false")
# Functions of a date or a clause: `earliest(...)`, `latest(...)`, `active(x)`, `revenue(api)`.
DATE_FUNCTIONS = ("earliest", "latest")

_WORD_END = "(?![A-Za-z0-9_])"
_WORD_START = "(?<![A-Za-z0-9_])"
_NAME = "[A-Za-z_][A-Za-z0-9_]*"


# ---------------------------------------------------------------------------- vocabulary


class _SchemaProbe(Lowerer):
    """A lowerer that records the schema each declaration reads its block with.

    Some schemas (the agreement header, parties, calendars, a scenario's `financing` and
    `offer`) are built inside the function that lowers them; lowering a probe item through
    that function is how their fields are read without a copy of them here.
    """

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[Schema] = []

    def fields(
        self,
        item: ast.Item,
        kind: str,
        schema: Schema,
        extra: Sequence[ast.Item] = (),
        *,
        name: str | None = None,
        name_span: Span | None = None,
    ) -> Any:
        self.seen.append(schema)
        return BAD


def _probe_schemas() -> list[Schema]:
    probe = _SchemaProbe()
    name = ast.Ref(parts=("probe",))
    label = ast.StringLit(value="probe")
    # a scenario's lines with a block of their own (`financing`, `offer`) have schemas too
    lines = tuple(ast.Item(key=key, args=(name,), block=()) for key in SCENARIO_KEYS)
    for key, lower in DECLARATIONS.items():
        for args in ((name, label), (label,)):
            lower(probe, ast.Item(key=key, args=args, block=lines))
    return probe.seen


@cache
def declaration_keys() -> tuple[str, ...]:
    """The keys a file's top-level items start with."""
    return tuple(sorted({*DECLARATIONS, USES}))


@cache
def field_keys() -> tuple[str, ...]:
    """The keys of items inside a block: every schema's fields, scenario lines, expectations."""
    schemas: list[Schema] = [schema for _, schema in CLAUSES.values()]
    schemas += [CARVE_OUT, TRANCHE, WATERFALL_TIER, FIRST_REFUSAL, *STEP_SCHEMAS.values()]
    schemas += BLOCK_SCHEMAS.values()
    schemas += _probe_schemas()
    keys: set[str] = set(SCENARIO_KEYS) | set(VOCABULARY)
    for schema in schemas:
        keys.update(schema)
    return tuple(sorted(keys))


@cache
def terminals() -> dict[str, str]:
    """The lexer's terminal patterns by name, in the order the lexer tries them."""
    patterns, _ = _tables()["root_lexer"]
    return {name: pattern for name, pattern in patterns}


@cache
def operator_words() -> tuple[str, ...]:
    """`and`, `or`, `not`, `before`, ...: the words the grammar reads as operators."""
    _, keywords = _tables()["root_lexer"]
    return tuple(sorted(keywords.get("WORD", {})))


@cache
def connector_words() -> tuple[str, ...]:
    """`of`, `per`, `until`, ...: words that join a value to the next (never units)."""
    found = re.search(r"\(\?!\(([a-z_|]+)\)", terminals()["QTY"])
    words = set(found.group(1).split("|")) if found else set()
    return tuple(sorted(words - set(operator_words())))


@cache
def function_words() -> tuple[str, ...]:
    """Names called with parentheses: date functions, clause states, revenue metrics."""
    return tuple(sorted({*DATE_FUNCTIONS, *CLAUSE_PREDICATES, *METRICS}))


@cache
def constant_words() -> tuple[str, ...]:
    """Reserved names that stand for a value: `effective`, `long_stop`, `never`, `any`, ..."""
    other = {*BOOLEANS, *function_words(), *SCENARIO_KEYS}
    return tuple(sorted(RESERVED - other))


def _alternation(words: Iterable[str]) -> str:
    # longest first, so that no word stops at a prefix of another (`on` / `on_or_before`)
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


def _words(words: Iterable[str]) -> str:
    return f"{_WORD_START}(?:{_alternation(words)}){_WORD_END}"


# ---------------------------------------------------------------------------- rules


@attrs.frozen
class Rule:
    """One pattern: its TextMate scope (without `.term`) or one scope per capture group.

    A group whose scope is None is whitespace: unscoped in TextMate, `Whitespace` in Pygments.
    """

    name: str
    match: str
    scope: str | None = None
    captures: tuple[str | None, ...] = ()


@attrs.frozen
class Region:
    """A begin/end pattern pair (strings, blocks), with the rules that apply inside."""

    name: str
    begin: str
    end: str
    scope: str | None
    begin_scope: str
    end_scope: str
    inside: tuple[str, ...]  # names of rules (or regions) tried inside, in order


def _terminal(name: str) -> str:
    return _WORD_START + terminals()[name]


def _escapes() -> str:
    return "\\\\[" + "".join(re.escape(c) for c in sorted(_ESCAPES)) + "]"


@cache
def rules() -> dict[str, Rule]:
    """Every match rule, by name."""
    key_start = "(?:^|(?<=[{;]))([ \t]*)"
    found = [
        Rule("comment", terminals()["COMMENT"], "comment.line.number-sign"),
        Rule("escape", _escapes(), "constant.character.escape"),
        Rule("bad_escape", "\\\\.", "invalid.illegal.escape"),
        Rule(
            "declaration",
            "(?:^|(?<=;))([ \t]*)(" + _words(declaration_keys()) + ")"
            f"(?:([ \t]+)({_NAME}){_WORD_END}(?![.(]|[ \t]+[0-9]))?",
            captures=(None, "keyword.declaration", None, "entity.name.declaration"),
        ),
        Rule(
            "field",
            key_start + "(" + _words(field_keys()) + ")",
            captures=(None, "keyword.other.field"),
        ),
        Rule("date", _terminal("DATE"), "constant.other.date"),
        Rule("period", _terminal("PERIOD"), "constant.other.period"),
        Rule("money", _terminal("MONEY"), "constant.numeric.money"),
        Rule("percentage", _terminal("PERCENT"), "constant.numeric.percentage"),
        Rule("quantity", _terminal("QTY"), "constant.numeric.quantity"),
        Rule("number", _terminal("NUMBER"), "constant.numeric"),
        Rule("code", _WORD_START + "TL[0-9]{3}" + _WORD_END, "constant.other.diagnostic-code"),
        Rule(
            "function",
            _words(function_words()) + "(?=[ \t]*\\()",
            "support.function.builtin",
        ),
        Rule("operator_word", _words(operator_words()), "keyword.operator.word"),
        Rule("boolean", _words(BOOLEANS), "constant.language.boolean"),
        Rule("constant", _words(constant_words()), "constant.language"),
        Rule("connector", _words(connector_words()), "keyword.other.connector"),
        Rule("name", _WORD_START + _NAME, "variable.other"),
        Rule("range", "\\.\\.", "keyword.operator.range"),
        Rule("comparison", terminals()["CMP"], "keyword.operator.comparison"),
        Rule("arithmetic", "[+-]", "keyword.operator.arithmetic"),
        Rule("accessor", "\\.", "punctuation.accessor"),
        Rule("comma", ",", "punctuation.separator.comma"),
        Rule("semicolon", ";", "punctuation.terminator"),
        Rule("paren_open", "\\(", "punctuation.section.parens.begin"),
        Rule("paren_close", "\\)", "punctuation.section.parens.end"),
        Rule("bracket_open", "\\[", "punctuation.section.brackets.begin"),
        Rule("bracket_close", "\\]", "punctuation.section.brackets.end"),
        # anything else (`/`, `@`, a stray `}` outside a block) is not termlang
        Rule("invalid", "[^ \t\f\r\n]", "invalid.illegal.character"),
    ]
    return {rule.name: rule for rule in found}


VALUE_RULES = (
    "date",
    "period",
    "money",
    "percentage",
    "quantity",
    "number",
    "code",
    "function",
    "operator_word",
    "boolean",
    "constant",
    "connector",
    "name",
    "range",
    "comparison",
    "arithmetic",
    "accessor",
    "comma",
    "semicolon",
    "paren_open",
    "paren_close",
    "bracket_open",
    "bracket_close",
    "invalid",
)
# named lists of rules, included by name (`#value` in the TextMate grammar)
GROUPS = {"value": VALUE_RULES}
TOP = ("comment", "longstring", "string", "declaration", "block", "value")
IN_BLOCK = ("comment", "longstring", "string", "field", "block", "value")


@cache
def regions() -> dict[str, Region]:
    """The begin/end rules, by name: long strings, strings, blocks."""
    found = [
        # a long string spans lines: it ends at `"""` and nowhere else
        Region(
            "longstring",
            '"""',
            '"""',
            "string.quoted.triple",
            "punctuation.definition.string.begin",
            "punctuation.definition.string.end",
            ("escape", "bad_escape"),
        ),
        # a string is one line: an unclosed one ends with its line, as the lexer sees it
        Region(
            "string",
            '"',
            '"|$',
            "string.quoted.double",
            "punctuation.definition.string.begin",
            "punctuation.definition.string.end",
            ("escape", "bad_escape"),
        ),
        Region(
            "block",
            "\\{",
            "\\}",
            None,
            "punctuation.section.block.begin",
            "punctuation.section.block.end",
            IN_BLOCK,
        ),
    ]
    return {region.name: region for region in found}


# ---------------------------------------------------------------------------- TextMate


def _scoped(scope: str) -> str:
    return scope + SCOPE_SUFFIX


def _textmate_rule(rule: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {"match": rule.match}
    if rule.scope is not None:
        out["name"] = _scoped(rule.scope)
    captures = {
        str(i): {"name": _scoped(scope)}
        for i, scope in enumerate(rule.captures, start=1)
        if scope is not None
    }
    if captures:
        out["captures"] = captures
    return out


def _textmate_region(region: Region) -> dict[str, Any]:
    out: dict[str, Any] = {"begin": region.begin, "end": region.end}
    if region.scope is not None:
        out["name"] = _scoped(region.scope)
    out["beginCaptures"] = {"0": {"name": _scoped(region.begin_scope)}}
    out["endCaptures"] = {"0": {"name": _scoped(region.end_scope)}}
    out["patterns"] = [{"include": f"#{name}"} for name in region.inside]
    return out


def textmate_grammar() -> dict[str, Any]:
    """The TextMate grammar (`source.term`), as the JSON object VS Code reads."""
    repository: dict[str, Any] = {}
    for rule in rules().values():
        repository[rule.name] = _textmate_rule(rule)
    for region in regions().values():
        repository[region.name] = _textmate_region(region)
    for group, names in GROUPS.items():
        repository[group] = {"patterns": [{"include": f"#{name}"} for name in names]}
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "termlang",
        "scopeName": SCOPE_NAME,
        "fileTypes": ["term"],
        "comment": "Generated by editors/vscode/generate.py from termlang.highlight: do not edit.",
        "patterns": [{"include": f"#{name}"} for name in TOP],
        "repository": dict(sorted(repository.items())),
    }


# ---------------------------------------------------------------------------- Pygments

# TextMate scope (without `.term`) -> Pygments token type, as `string_to_tokentype` reads it.
# The first entry whose scope starts the rule's scope applies.
PYGMENTS_TOKENS: tuple[tuple[str, str], ...] = (
    ("comment", "Comment.Single"),
    ("string.quoted.triple", "String.Heredoc"),
    ("string", "String.Double"),
    ("punctuation.definition.string", "String.Double"),
    ("constant.character.escape", "String.Escape"),
    ("invalid", "Error"),
    ("keyword.declaration", "Keyword.Declaration"),
    ("entity.name.declaration", "Name.Class"),
    ("keyword.other.field", "Keyword"),
    ("keyword.other.connector", "Keyword.Pseudo"),
    ("keyword.operator.word", "Operator.Word"),
    ("keyword.operator", "Operator"),
    ("constant.other.date", "Literal.Date"),
    ("constant.other.period", "Literal.Date"),
    ("constant.numeric.money", "Number.Money"),
    ("constant.numeric.percentage", "Number.Percentage"),
    ("constant.numeric.quantity", "Number.Quantity"),
    ("constant.numeric", "Number"),
    ("constant.other.diagnostic-code", "Name.Label"),
    ("constant.language.boolean", "Keyword.Constant"),
    ("constant.language", "Name.Builtin.Pseudo"),
    ("support.function", "Name.Builtin"),
    ("variable", "Name"),
    ("punctuation", "Punctuation"),
)


def pygments_token(scope: str | None) -> str:
    """The Pygments token type (dotted name) for a TextMate scope; None is whitespace."""
    if scope is None:
        return "Text.Whitespace"
    for prefix, token in PYGMENTS_TOKENS:
        if scope == prefix or scope.startswith(prefix + "."):
            return token
    raise KeyError(scope)


def _expand(names: Sequence[str]) -> list[str]:
    """Rule and region names with the groups among them replaced by their members."""
    return [member for name in names for member in GROUPS.get(name, (name,))]


def _make_lexer() -> type:
    from pygments.lexer import RegexLexer, bygroups, default  # type: ignore[import-untyped]
    from pygments.token import Whitespace, string_to_tokentype  # type: ignore[import-untyped]

    def token(scope: str | None) -> Any:
        return string_to_tokentype(pygments_token(scope))

    def state(names: Sequence[str]) -> list[Any]:
        out: list[Any] = []
        for name in _expand(names):
            if name in regions():
                region = regions()[name]
                out.append((region.begin, token(region.begin_scope), name))
                continue
            rule = rules()[name]
            if rule.captures:
                out.append((rule.match, bygroups(*(token(s) for s in rule.captures))))
            else:
                out.append((rule.match, token(rule.scope)))
        out.append(("[ \t\f]+|\r?\n", Whitespace))
        return out

    def region_state(region: Region) -> list[Any]:
        if region.name == "block":
            # its items, until the brace that closes it
            return [(region.end, token(region.end_scope), "#pop"), *state(region.inside)]
        body = token(region.scope)
        inside = [(rules()[name].match, token(rules()[name].scope)) for name in region.inside]
        if region.name == "string":
            # the end of the line ends a string the author did not close (as in TextMate)
            return [
                ('"', token(region.end_scope), "#pop"),
                *inside,
                ('[^"\\\\\r\n]+', body),
                default("#pop"),
            ]
        return [
            ('"""', token(region.end_scope), "#pop"),
            *inside,
            ('[^"\\\\]+|"', body),
        ]

    class TermLexer(RegexLexer):  # type: ignore[misc]
        """Pygments lexer for termlang `.term` files (agreements and scenario files)."""

        name = "termlang"
        aliases: ClassVar[list[str]] = ["term", "termlang"]
        filenames: ClassVar[list[str]] = ["*.term"]
        mimetypes: ClassVar[list[str]] = ["text/x-termlang"]
        flags = re.MULTILINE
        tokens: ClassVar[dict[str, list[Any]]] = {
            "root": state(TOP),
            **{region.name: region_state(region) for region in regions().values()},
        }

    TermLexer.__module__ = __name__
    return TermLexer


@cache
def _lexer_class() -> type:
    return _make_lexer()


def __getattr__(name: str) -> Any:
    # `termlang.highlight:TermLexer` (the Pygments entry point) builds the class on first use,
    # so that importing this module for the vocabulary never imports Pygments
    if name == "TermLexer":
        return _lexer_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
