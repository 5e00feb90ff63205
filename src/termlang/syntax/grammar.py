"""The grammar, and the two ways to get a parser for it.

* `table_parser()`: what `termlang check` uses. A small LALR runtime (`lalr.py`) driving
  tables generated from the grammar into `_tables.py` (`python -m termlang.syntax.grammar`),
  so the check path never imports Lark nor builds anything. If the grammar was edited and the
  tables not regenerated, the tables are computed with Lark and cached as JSON (data, not code)
  in the user-owned cache directory; `tests/test_fuzz.py` fails on such drift and checks the
  runtime against Lark on generated and mutated input.
* `parser()`: Lark itself (tools, differential tests), cached on disk between processes.

Lark's cache is a pickle, so loading one is running code: we only ever read it from a
directory that belongs to the current user and that no one else can write
(`_safe_cache_dir`). Anywhere else (a shared machine with a world-writable home, an odd umask)
we build the parser in memory. The JSON table cache follows the same rule.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lark import Lark

    from termlang.syntax.lalr import Parser

GRAMMAR_NAME = "termlang.lark"


def grammar_path() -> Path:
    """The grammar file: shipped inside the package, or `grammar/` of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "grammar" / GRAMMAR_NAME
    if packaged.is_file():
        return packaged
    return here.parent.parent / "grammar" / GRAMMAR_NAME


def grammar_text() -> str:
    return grammar_path().read_text(encoding="utf-8")


def _safe_cache_dir() -> Path | None:
    """`$XDG_CACHE_HOME/termlang` (or `~/.cache/termlang`) if ours and no one else may write."""
    if os.environ.get("TERMLANG_NO_CACHE"):
        return None
    base = os.environ.get("TERMLANG_CACHE_DIR")
    if base:
        path = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        root = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
        path = root / "termlang"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = path.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode):
        return None
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return None
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return path


def _cache_file(text: str, kind: str = "parser", suffix: str = "lark") -> Path | None:
    directory = _safe_cache_dir()
    if directory is None:
        return None
    import hashlib

    import lark

    key = hashlib.sha256(f"{lark.__version__}|{sys.version_info[:2]}|{text}".encode()).hexdigest()[
        :20
    ]
    target = directory / f"{kind}-{key}.{suffix}"
    if target.exists():
        try:
            st = target.lstat()
        except OSError:
            return None
        owned = not hasattr(os, "getuid") or st.st_uid == os.getuid()
        if not stat.S_ISREG(st.st_mode) or not owned or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None
    return target


@cache
def parser() -> Lark:
    """The LALR parser, built once per process and cached on disk between processes."""
    from lark import Lark

    from termlang.syntax.postlex import Continuation

    text = grammar_text()
    options = dict(
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        postlex=Continuation(),
    )
    target = _cache_file(text)
    if target is not None and target.exists():
        try:
            with target.open("rb") as fh:
                return Lark.load(fh)
        except Exception:
            pass
    built = Lark(text, **options)
    if target is not None:
        _store(built, target)
    return built


def _store(built: Lark, target: Path) -> None:
    _store_with(target, built.save)


def _store_with(target: Path, write: Any) -> None:
    """Write the cache atomically and privately (0600); a failure only means no cache."""
    from termlang.files import write_atomic

    try:
        write_atomic(target, write)
    except OSError:
        pass


# ----------------------------------------------------------------------------- tables


def lark_options() -> dict[str, Any]:
    """The options of both parsers; the tables reproduce Lark under exactly these."""
    from termlang.syntax.postlex import Continuation

    return dict(
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        postlex=Continuation(),
    )


def generate_tables(text: str | None = None) -> dict[str, Any]:
    """LALR tables, lexers and tree-shaping rules for `lalr.Parser`, extracted from Lark.

    Plain JSON-able data. The lexers are Lark's own per-state lexers (terminal order,
    keywords folded into names), so the runtime lexes exactly as Lark does.
    """
    from lark import Lark
    from lark.lexer import ContextualLexer, PatternStr
    from lark.parsers.lalr_analysis import Shift

    text = grammar_text() if text is None else text
    built = Lark(text, **lark_options())
    frontend = built.parser
    table = frontend.parser.parser.parse_table
    contextual = frontend.lexer.lexer
    assert isinstance(contextual, ContextualLexer)

    def lexer_data(lexer: Any) -> list[Any]:
        scanner = lexer.scanner
        spec = [[t.name, t.pattern.to_regexp()] for t in scanner.terminals]
        unless: dict[str, dict[str, str]] = {}
        for name, callback in sorted(lexer.callback.items()):
            words = callback.scanner.terminals
            assert all(isinstance(t.pattern, PatternStr) and not t.pattern.flags for t in words)
            unless[name] = {t.pattern.value: t.name for t in words}
        return [spec, unless]

    rules = list({rule for actions in table.states.values() for rule in _reduces(actions)})
    rules.sort(key=lambda r: (r.origin.name, r.order, [s.name for s in r.expansion]))
    index = {id(rule): i for i, rule in enumerate(rules)}
    # Lark numbers states differently from one build to the next; number them in breadth-first
    # order from the start state, symbols sorted, so the generated file is reproducible.
    start = table.start_states["start"]
    order = [start]
    number = {start: 0}
    for state in order:
        for _symbol, (action, arg) in sorted(table.states[state].items()):
            if action is Shift and arg not in number:
                number[arg] = len(order)
                order.append(arg)
    states: list[dict[str, int]] = []
    for state in order:
        row: dict[str, int] = {}
        for symbol, (action, arg) in sorted(table.states[state].items()):
            row[str(symbol)] = number[arg] if action is Shift else -index[id(arg)] - 1
        states.append(row)

    lexers: list[list[Any]] = []
    seen: dict[int, int] = {}
    state_lexer = []
    for state in order:
        lexer = contextual.lexers[state]
        if id(lexer) not in seen:
            seen[id(lexer)] = len(lexers)
            lexers.append(lexer_data(lexer))
        state_lexer.append(seen[id(lexer)])

    def rule_data(rule: Any) -> list[Any]:
        name = str(rule.alias or rule.origin.name)
        expand1 = bool(rule.options.expand1) and not rule.alias
        actions = "".join(
            "d"
            if sym.is_term and sym.filter_out and not rule.options.keep_all_tokens
            else "i"
            if not sym.is_term and sym.name.startswith("_")
            else "k"
            for sym in rule.expansion
        )
        return [str(rule.origin.name), name, expand1, len(rule.expansion), actions]

    assert set(table.start_states) == {"start"}
    root = lexer_data(contextual.root_lexer)
    ignore = sorted(built.lexer_conf.ignore)
    return {
        "lexers": lexers,
        "state_lexer": state_lexer,
        "root_lexer": root,
        "ignore": ignore,
        "scan": _scan_data([spec for spec, _ in lexers], root[0], ignore),
        "states": states,
        "start_state": number[start],
        "end_state": number[table.end_states["start"]],
        "rules": [rule_data(rule) for rule in rules],
    }


def _skip(root: list[list[str]], specs: list[list[list[str]]], ignore: list[str]) -> str | None:
    """An expression for one ignored token (a blank, a comment), if a run of them may be skipped.

    The runtime lexer skips a whole run of blanks and comments with one match of it repeated.
    That lexes as Lark does if every state's lexer has the ignored terminals (Lark gives them
    to all) and no other terminal can start with a character an ignored one starts with: where
    an ignored terminal matches, no other can, so every state's lexer would have taken it too.
    Otherwise (or if unsure) None: the ignored terminals are matched one by one like any other.
    """
    patterns = {name: regex for name, regex in root}
    for spec in specs:
        names = {name for name, _ in spec}
        if not set(ignore) <= names:
            return None
        patterns.update((name, regex) for name, regex in spec)
    parts = []
    for name, regex in root:
        if name not in ignore:
            continue
        firsts = _first_chars(regex)
        if firsts is None:
            return None
        for other, pattern in patterns.items():
            if other not in ignore and set(_starters(pattern)) & firsts:
                return None
        parts.append(f"(?:{regex})")
    return f"(?:{'|'.join(parts)})" if parts else None


def _scan_data(
    specs: list[list[list[str]]], root: list[list[str]], ignore: list[str]
) -> dict[str, Any] | None:
    """What the runtime lexer needs to match a token in one go (see `lalr.Parser._scan`).

    `order`: every terminal of every state's lexer in one order that keeps each lexer's own;
    `classes`: the ASCII characters grouped by the terminals (in that order) that may start
    with them; `skip`: see `_skip`. None if no such order exists (each state then lexes alone).
    """
    from termlang.syntax.lalr import _shared_order

    order = _shared_order(specs)
    if order is None:
        return None
    starters = {name: _starters(regex) for name, regex in order}
    classes: dict[tuple[str, ...], str] = {}
    for code in range(128):
        char = chr(code)
        names = tuple(name for name, _ in order if char in starters[name])
        classes[names] = classes.get(names, "") + char
    return {
        "order": order,
        "classes": [[chars, list(names)] for names, chars in classes.items()],
        "skip": _skip(root, specs, ignore),
    }


def _first_chars(pattern: str) -> set[str] | None:
    """The characters a match of `pattern` can start with; None if not a small known set."""
    from re import _constants as op
    from re import _parser

    def first(items: Any) -> set[str] | None:
        found: set[str] = set()
        for code, arg in items:
            if code is op.LITERAL:
                return found | {chr(arg)}
            if code is op.IN and all(c is op.LITERAL for c, _ in arg):
                return found | {chr(a) for _, a in arg}
            if code in (op.MAX_REPEAT, op.MIN_REPEAT, op.POSSESSIVE_REPEAT) and arg[0] > 0:
                inner = first(arg[2])
                return None if inner is None else found | inner
            return None  # anything else (and an empty match): not a case we need
        return None

    parsed = _parser.parse(pattern)
    if parsed.state.flags & op.SRE_FLAG_IGNORECASE:
        return None
    return first(parsed)


def _starters(pattern: str) -> str:
    """The ASCII characters a match of `pattern` may start with (each one, when unsure).

    What the runtime lexer dispatches on: a terminal is tried at a character only if it may
    start with it, so the list must err on the side of too many, never too few.
    """
    from re import _constants as op
    from re import _parser

    parsed = _parser.parse(pattern)
    chars = [chr(code) for code in range(128)]
    if parsed.state.flags & op.SRE_FLAG_IGNORECASE:
        return "".join(chars)
    return "".join(c for c in chars if _can_start(parsed, c))


def _can_start(parsed: Any, char: str) -> bool:
    """Whether a match of the parsed pattern may start with `char` (True when unsure)."""
    from re import _constants as op

    repeats = (op.MAX_REPEAT, op.MIN_REPEAT, op.POSSESSIVE_REPEAT)
    zero_width = (op.AT, op.ASSERT, op.ASSERT_NOT)
    classes = {
        op.CATEGORY_DIGIT: r"\d",
        op.CATEGORY_NOT_DIGIT: r"\D",
        op.CATEGORY_WORD: r"\w",
        op.CATEGORY_NOT_WORD: r"\W",
        op.CATEGORY_SPACE: r"\s",
        op.CATEGORY_NOT_SPACE: r"\S",
    }

    def in_set(items: Any) -> bool:
        negate = hit = False
        for code, arg in items:
            if code is op.NEGATE:
                negate = True
            elif code is op.LITERAL:
                hit = hit or arg == ord(char)
            elif code is op.RANGE:
                hit = hit or arg[0] <= ord(char) <= arg[1]
            elif code is op.CATEGORY and arg in classes:
                hit = hit or re.fullmatch(classes[arg], char) is not None
            else:
                return True
        return hit != negate

    def empty(items: Any) -> bool:
        """May match the empty string (True when unsure)."""
        for code, arg in items:
            if code in (op.LITERAL, op.NOT_LITERAL, op.ANY, op.IN):
                return False
            if code is op.SUBPATTERN and not empty(arg[-1]):
                return False
            if code is op.BRANCH and not any(empty(alt) for alt in arg[1]):
                return False
            if code in repeats and arg[0] > 0 and not empty(arg[2]):
                return False
        return True

    def starts(items: Any) -> bool:
        for code, arg in items:
            if code in zero_width:
                continue  # an assertion only narrows what matches
            if code is op.LITERAL:
                return bool(arg == ord(char))
            if code is op.NOT_LITERAL:
                return bool(arg != ord(char))
            if code is op.IN:
                return in_set(arg)
            if code is op.SUBPATTERN:
                if arg[1] & op.SRE_FLAG_IGNORECASE or starts(arg[-1]):
                    return True
                if not empty(arg[-1]):
                    return False
            elif code is op.BRANCH:
                if any(starts(alt) for alt in arg[1]):
                    return True
                if not any(empty(alt) for alt in arg[1]):
                    return False
            elif code in repeats:
                if starts(arg[2]):
                    return True
                if arg[0] > 0 and not empty(arg[2]):
                    return False
            else:
                return True
        return True  # all of it may be empty: whatever follows could start here

    return starts(parsed)


def _reduces(actions: dict[str, Any]) -> list[Any]:
    from lark.parsers.lalr_analysis import Reduce

    return [arg for action, arg in actions.values() if action is Reduce]


def tables_source(text: str | None = None, tables: dict[str, Any] | None = None) -> str:
    """The text of `_tables.py` for the grammar `text` (default: the grammar file)."""
    import pprint

    text = grammar_text() if text is None else text
    tables = generate_tables(text) if tables is None else tables
    return (
        '"""Generated by `python -m termlang.syntax.grammar` from grammar/termlang.lark: do not '
        'edit."""\n\n'
        "# ruff: noqa: E501\n# fmt: off\n"
        f"GRAMMAR = {text!r}\n\n"
        f"TABLES = {pprint.pformat(tables, width=100, compact=True, sort_dicts=True)}\n"
    )


def compiled_source(tables: dict[str, Any] | None = None) -> str:
    """The text of `_compiled.py`: the lexer's expressions as this Python's `re` compiles them.

    What `re.compile` hands to `_sre.compile` (flags, code, groups); `lalr.compile_pattern`
    uses it only under the same version, `re` magic and code size.
    """
    import importlib

    from termlang.syntax.lalr import Parser

    compiler = importlib.import_module("re._compiler")
    sre = importlib.import_module("_sre")
    parser = Parser(_tables() if tables is None else tables)
    patterns = {}
    for pattern in sorted(set(parser.lexer_patterns())):
        parsed = _parser_of(pattern)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        code = [int(op) for op in compiler._code(parsed, 0)]  # opcodes print as names
        patterns[pattern] = [
            parsed.state.flags,
            code,
            parsed.state.groups - 1,
            groupindex,
            indexgroup,
        ]
    return (
        '"""Generated by `python -m termlang.syntax.grammar` with the tables: the lexer\'s '
        'expressions compiled by `re`, for `lalr.compile_pattern`: do not edit."""\n\n'
        "# ruff: noqa: E501\n# fmt: off\n"
        f"PYTHON = {list(sys.version_info[:2])!r}\n"
        f"MAGIC = {sre.MAGIC!r}\n"
        f"CODESIZE = {sre.CODESIZE!r}\n\n"
        "PATTERNS = {\n"
        + "".join(f"    {pattern!r}:\n        {data!r},\n" for pattern, data in patterns.items())
        + "}\n"
    )


def _parser_of(pattern: str) -> Any:
    from re import _parser

    return _parser.parse(pattern)


def compiled_path() -> Path:
    return Path(__file__).resolve().parent / "_compiled.py"


def tables_path() -> Path:
    return Path(__file__).resolve().parent / "_tables.py"


def _tables() -> dict[str, Any]:
    """The generated tables if they match the grammar; else computed (and cached as JSON)."""
    text = grammar_text()
    try:
        from termlang.syntax import _tables as generated
    except ImportError:
        generated = None  # type: ignore[assignment]
    if generated is not None and text == generated.GRAMMAR:
        return generated.TABLES
    # The grammar changed since the tables were generated (a development checkout).
    import json

    target = _cache_file(text, kind="tables", suffix="json")
    if target is not None and target.exists():
        try:
            with target.open("rb") as fh:
                return json.load(fh)  # type: ignore[no-any-return]
        except (OSError, ValueError):
            pass
    tables = generate_tables(text)
    if target is not None:
        _store_with(target, lambda fh: fh.write(json.dumps(tables).encode()))
    return tables


@cache
def table_parser() -> Parser:
    """The parser `termlang check` uses: generated tables, no Lark import."""
    from termlang.syntax.lalr import Parser
    from termlang.syntax.postlex import Continuation

    return Parser(_tables(), Continuation())


def main(argv: list[str] | None = None) -> int:
    """`python -m termlang.syntax.grammar [--check]`: regenerate (or verify) `_tables.py`.

    And `_compiled.py`, the lexer's expressions compiled by this Python (`--check` checks it
    only under the Python that made it).
    """
    from termlang.files import regenerate

    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    command = "python -m termlang.syntax.grammar"
    tables = generate_tables()
    status = regenerate(tables_path(), tables_source(tables=tables), check=check, command=command)
    made = compiled_path()
    made_here = f"PYTHON = {list(sys.version_info[:2])!r}\n"
    if check and made.exists() and made_here not in made.read_text(encoding="utf-8"):
        return status  # made by another Python: only that one can tell whether it is fresh
    return regenerate(made, compiled_source(tables), check=check, command=command) or status


if __name__ == "__main__":
    raise SystemExit(main())
