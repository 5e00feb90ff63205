"""Highlighting: the TextMate grammar (editors/vscode) and the Pygments lexer (termlang.highlight).

The TextMate grammar is checked twice over every example and every snippet of
docs/language.md: by a small Python implementation of TextMate's tokenizing rules (always
runs; Python's `re` reads the same patterns as Oniguruma), and, when node and npm are
available, by VS Code's own engine (vscode-textmate + vscode-oniguruma), which must give every
character the same scopes as the Python one.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT
from termlang import ast, highlight
from termlang.lower import CARVE_OUT, CLAUSES, DECLARATIONS, SCENARIO_KEYS, TRANCHE
from termlang.source import SourceFile
from termlang.syntax import parse_source

VSCODE = ROOT / "editors" / "vscode"
GRAMMAR_PATH = VSCODE / "syntaxes" / "term.tmLanguage.json"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.term"))
FENCE = re.compile(r"^```([a-z]*)\n(.*?)^```", re.M | re.S)

Scopes = tuple[str, ...]


def doc_snippets() -> list[tuple[str, str]]:
    """Every fenced .term snippet of docs/language.md (not the grammar summary)."""
    text = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        lang, body = match.group(1), match.group(2)
        if lang in ("", "term") and ":=" not in body:
            line = text.count("\n", 0, match.start()) + 1
            found.append((f"docs/language.md:{line}", body))
    return found


SOURCES = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in EXAMPLE_FILES]
SOURCES += doc_snippets()
SOURCE_IDS = [name for name, _ in SOURCES]


def test_there_is_something_to_tokenise() -> None:
    assert len(EXAMPLE_FILES) >= 5
    assert len(doc_snippets()) >= 20


# ---------------------------------------------------------------------------- a TextMate engine


class TextMate:
    """TextMate's tokenizing rules, as vscode-textmate applies them, over Python's `re`.

    Line by line (each line ends with `\\n`, as vscode-textmate feeds it); at each position the
    earliest match among the current rule's end pattern (tried first) and its patterns wins;
    a begin/end rule pushes a scope until its end matches, possibly lines later.
    """

    def __init__(self, grammar: dict[str, Any]) -> None:
        self.grammar = grammar
        self.repository: dict[str, Any] = grammar["repository"]
        self.compiled: dict[str, re.Pattern[str]] = {}
        self.flattened: dict[int, list[dict[str, Any]]] = {}

    def rx(self, pattern: str) -> re.Pattern[str]:
        if pattern not in self.compiled:
            self.compiled[pattern] = re.compile(pattern)
        return self.compiled[pattern]

    def flat(self, patterns: list[dict[str, Any]]) -> list[dict[str, Any]]:
        key = id(patterns)
        if key not in self.flattened:
            self.flattened[key] = self._flat(patterns)
        return self.flattened[key]

    def _flat(self, patterns: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for pattern in patterns:
            if "include" in pattern:
                target = self.repository[pattern["include"].removeprefix("#")]
                if "match" in target or "begin" in target:
                    out.append(target)
                else:
                    out.extend(self._flat(target["patterns"]))
            else:
                out.append(pattern)
        return out

    def tokenize(self, text: str) -> list[list[Scopes]]:
        """For each line, the scopes of each character (without `source.term`)."""
        stack: list[tuple[dict[str, Any], Scopes]] = [(self.grammar, ())]
        result = []
        for line in re.split(r"\r?\n", text):
            result.append(self._line(line, stack))
        return result

    def _line(self, line: str, stack: list[tuple[dict[str, Any], Scopes]]) -> list[Scopes]:
        text = line + "\n"
        scopes: list[Scopes] = [()] * len(text)
        # A pattern's earliest match from an earlier position is still its earliest match from
        # a later one if it starts there or after (or if there was none): as vscode-oniguruma
        # does, search again only when the position passed it. Linear on long lines.
        searched: dict[str, re.Match[str] | None] = {}

        def search(pattern: str, pos: int) -> re.Match[str] | None:
            if pattern in searched:
                found = searched[pattern]
                if found is None or found.start() >= pos:
                    return found
            found = searched[pattern] = self.rx(pattern).search(text, pos)
            return found

        pos = 0
        while pos < len(text):
            rule, base = stack[-1]
            best: tuple[re.Match[str], str, dict[str, Any]] | None = None
            if "end" in rule:
                found = search(rule["end"], pos)
                if found:
                    best = (found, "end", rule)
            for candidate in self.flat(rule["patterns"]):
                pattern = candidate.get("match", candidate.get("begin"))
                found = search(pattern, pos)
                if found and (best is None or found.start() < best[0].start()):
                    best = (found, "match" if "match" in candidate else "begin", candidate)
            if best is None:
                scopes[pos:] = [base] * (len(text) - pos)
                break
            found, kind, candidate = best
            scopes[pos : found.start()] = [base] * (found.start() - pos)
            if kind == "end":
                self._paint(scopes, found, base, None, rule["endCaptures"])
                stack.pop()
            elif kind == "match":
                self._paint(scopes, found, base, candidate.get("name"), candidate.get("captures"))
            else:
                inner = (*base, candidate["name"]) if "name" in candidate else base
                self._paint(scopes, found, inner, None, candidate["beginCaptures"])
                stack.append((candidate, inner))
            if found.end() == pos and kind == "match":
                pos += 1  # an empty match that changes nothing: move on, as vscode-textmate does
            pos = max(pos, found.end())
        return scopes[: len(line)]

    @staticmethod
    def _paint(
        scopes: list[Scopes],
        found: re.Match[str],
        base: Scopes,
        name: str | None,
        captures: dict[str, Any] | None,
    ) -> None:
        outer = (*base, name) if name else base
        scopes[found.start() : found.end()] = [outer] * (found.end() - found.start())
        for group, capture in (captures or {}).items():
            start, end = found.span(int(group))
            if start >= 0:
                scopes[start:end] = [(*outer, capture["name"])] * (end - start)


@cache
def grammar() -> dict[str, Any]:
    return json.loads(GRAMMAR_PATH.read_text(encoding="utf-8"))


@cache
def engine() -> TextMate:
    return TextMate(grammar())


def tokens(text: str) -> list[tuple[str, str]]:
    """(text, innermost scope) runs of a snippet, whitespace outside tokens dropped."""
    runs: list[tuple[str, str]] = []
    for line, scopes in zip(re.split(r"\r?\n", text), engine().tokenize(text)):
        previous: Scopes | None = None
        for char, scope in zip(line, scopes):
            if scope == previous and runs:
                runs[-1] = (runs[-1][0] + char, runs[-1][1])
            else:
                runs.append((char, scope[-1] if scope else ""))
            previous = scope
    return [(t, s) for t, s in runs if t.strip()]


def scope_of(text: str, word: str, nth: int = 0) -> str:
    found = [s for t, s in tokens(text) if t == word]
    assert len(found) > nth, f"`{word}` is not a token of {tokens(text)}"
    return found[nth]


# ---------------------------------------------------------------------------- the grammar


def test_the_committed_grammar_is_what_the_generator_writes() -> None:
    result = subprocess.run(
        [sys.executable, str(VSCODE / "generate.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(VSCODE))
    try:
        import generate  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(VSCODE))
    assert GRAMMAR_PATH.read_text(encoding="utf-8") == generate.render()


def test_every_pattern_compiles_with_python_re() -> None:
    patterns = []
    for entry in grammar()["repository"].values():
        patterns += [entry[k] for k in ("match", "begin", "end") if k in entry]
    assert len(patterns) > 25
    for pattern in patterns:
        re.compile(pattern)
        # the subset Oniguruma and `re` read alike: none of Oniguruma's own escapes
        assert not re.search(r"\\[hHGAzZkgpP]|\(\?<[a-zA-Z]|\[\[:", pattern), pattern


@pytest.mark.parametrize(("name", "text"), SOURCES, ids=SOURCE_IDS)
def test_textmate_leaves_nothing_unscoped(name: str, text: str) -> None:
    """Outside strings and comments, every non-blank character is part of a scoped token."""
    for number, (line, scopes) in enumerate(
        zip(re.split(r"\r?\n", text), engine().tokenize(text)), start=1
    ):
        for column, (char, scope) in enumerate(zip(line, scopes), start=1):
            if char.isspace():
                continue
            where = f"{name} line {number} column {column}: {line!r}"
            assert scope, f"unscoped {char!r} at {where}"
            assert not any(s.startswith("invalid") for s in scope), f"{scope} at {where}"


def test_textmate_blocks_balance_over_every_example() -> None:
    for path in EXAMPLE_FILES:
        text = path.read_text(encoding="utf-8") + "\n"
        last = engine().tokenize(text + "end_marker")[-1]
        assert last[0] == ("variable.other.term",), f"{path.name} leaves a block or string open"


SAMPLE = '''\
# a comment with "quotes" and { braces }
agreement "Title # not a comment" {
  kind       mou
  binding    no except partner_exclusivity
  effective  2025-09-11
  note       """a long string
  with a # hash, a "quote" and { a brace }
  and an escape \\" """
}
party microsoft "Microsoft" role investor
investment msft_investment {
  investor    microsoft; recipient openai
  commitment  USD 13B
  return_cap  100x
  window      effective .. 2030-12-31
  starts_when restructuring_completed before 2026-12-31 and not active(x)
  tranche first { amount USD 1_500_000.50; on effective + 18 months }
  allow TL420 "accepted"
}
compute azure { capacity 1.5 GW; target pue <= 1.2 }
revenue_share r { rate 20%; from 2030-01-01 { rate 10% } }
scenario s { default yes; revenue api { 2026-Q1 USD 4B } }
'''


def test_key_constructs_get_their_scopes() -> None:
    assert scope_of(SAMPLE, "2025-09-11") == "constant.other.date.term"
    assert scope_of(SAMPLE, "2026-Q1") == "constant.other.period.term"
    assert scope_of(SAMPLE, "USD 13B") == "constant.numeric.money.term"
    assert scope_of(SAMPLE, "USD 1_500_000.50") == "constant.numeric.money.term"
    assert scope_of(SAMPLE, "20%") == "constant.numeric.percentage.term"
    assert scope_of(SAMPLE, "18 months") == "constant.numeric.quantity.term"
    assert scope_of(SAMPLE, "1.5 GW") == "constant.numeric.quantity.term"
    assert scope_of(SAMPLE, "100x") == "constant.numeric.quantity.term"
    assert scope_of(SAMPLE, "1.2") == "constant.numeric.term"
    assert scope_of(SAMPLE, '# a comment with "quotes" and { braces }') == (
        "comment.line.number-sign.term"
    )
    # declarations at the top, fields in blocks, whatever the line holds before them
    assert scope_of(SAMPLE, "agreement") == "keyword.declaration.term"
    assert scope_of(SAMPLE, "party") == "keyword.declaration.term"
    assert scope_of(SAMPLE, "microsoft") == "entity.name.declaration.term"
    assert scope_of(SAMPLE, "kind") == "keyword.other.field.term"
    assert scope_of(SAMPLE, "recipient") == "keyword.other.field.term"  # after `;`
    assert scope_of(SAMPLE, "amount") == "keyword.other.field.term"  # after `{`
    assert scope_of(SAMPLE, "rate", 1) == "keyword.other.field.term"  # in a nested block
    # an item key's word is a value elsewhere on the line
    assert scope_of(SAMPLE, "effective", 1) == "constant.language.term"
    assert scope_of(SAMPLE, "on") == "keyword.other.field.term"
    assert scope_of(SAMPLE, "except") == "keyword.other.connector.term"
    assert scope_of(SAMPLE, "before") == "keyword.operator.word.term"
    assert scope_of(SAMPLE, "not") == "keyword.operator.word.term"
    assert scope_of(SAMPLE, "no") == "constant.language.boolean.term"
    assert scope_of(SAMPLE, "yes") == "constant.language.boolean.term"
    assert scope_of(SAMPLE, "active") == "support.function.builtin.term"
    assert scope_of(SAMPLE, "TL420") == "constant.other.diagnostic-code.term"
    assert scope_of(SAMPLE, "restructuring_completed") == "variable.other.term"
    assert scope_of(SAMPLE, "..") == "keyword.operator.range.term"
    assert scope_of(SAMPLE, "<=") == "keyword.operator.comparison.term"
    assert scope_of(SAMPLE, "+") == "keyword.operator.arithmetic.term"
    assert scope_of(SAMPLE, "{") == "punctuation.section.block.begin.term"
    assert scope_of(SAMPLE, "}") == "punctuation.section.block.end.term"


def test_strings_stay_strings() -> None:
    scopes = engine().tokenize(SAMPLE)
    lines = SAMPLE.splitlines()

    def inside_string(number: int, fragment: str) -> bool:
        line = lines[number]
        start = line.index(fragment)
        return all(
            any(s.startswith("string.") for s in scope)
            for scope in scopes[number][start : start + len(fragment)]
        )

    assert inside_string(1, '"Title # not a comment"')
    assert inside_string(5, '"""a long string')
    assert inside_string(6, '  with a # hash, a "quote" and { a brace }')
    assert inside_string(7, '  and an escape \\" """')
    escape = lines[7].index('\\"')
    assert scopes[7][escape][-1] == "constant.character.escape.term"
    # after the long string, the block goes on and closes
    assert scopes[8][0][-1] == "punctuation.section.block.end.term"
    assert scope_of(SAMPLE, "party") == "keyword.declaration.term"


def test_an_unclosed_string_ends_with_its_line() -> None:
    text = 'party p "no end\nentity e "E"\n'
    assert scope_of(text, "entity") == "keyword.declaration.term"


def test_what_is_not_termlang_is_marked_invalid() -> None:
    text = "loan l {\n  day_count actual/365\n}\n}\n"
    assert scope_of(text, "/") == "invalid.illegal.character.term"
    assert tokens(text)[-1] == ("}", "invalid.illegal.character.term")


# ---------------------------------------------------------------------------- vscode-textmate


TOKENIZE_JS = VSCODE / "test" / "tokenize.js"
NPM_INSTALL = ("npm", "install", "--no-audit", "--no-fund", "--no-save")
NODE_PACKAGES = ("vscode-textmate@9", "vscode-oniguruma@2")


@pytest.fixture(scope="module")
def node_modules(request: pytest.FixtureRequest) -> Path:
    """vscode-textmate and vscode-oniguruma, installed once into pytest's cache directory."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are not installed")
    where = Path(request.config.cache.mkdir("termlang-textmate"))
    modules = where / "node_modules"
    if not (modules / "vscode-textmate").is_dir() or not (modules / "vscode-oniguruma").is_dir():
        try:
            result = subprocess.run(
                [*NPM_INSTALL, "--prefix", str(where), *NODE_PACKAGES],
                capture_output=True,
                text=True,
                timeout=180,
            )
        except subprocess.TimeoutExpired:
            pytest.skip("npm install timed out (no registry?)")
        if result.returncode != 0:
            pytest.skip(f"npm install failed: {result.stderr[-500:]}")
    return modules


def test_vscode_textmate_gives_every_character_the_same_scopes(
    node_modules: Path, tmp_path: Path
) -> None:
    inputs = []
    for index, (_, text) in enumerate(SOURCES):
        path = tmp_path / f"{index}.term"
        path.write_text(text, encoding="utf-8")
        inputs.append(str(path))
    result = subprocess.run(
        ["node", str(TOKENIZE_JS), str(GRAMMAR_PATH), *inputs],
        capture_output=True,
        text=True,
        timeout=120,
        env={"NODE_PATH": str(node_modules), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    from_node = json.loads(result.stdout)
    assert len(from_node) == len(SOURCES)
    for (name, text), lines in zip(SOURCES, from_node):
        ours = engine().tokenize(text)
        for number, (line, theirs) in enumerate(zip(re.split(r"\r?\n", text), lines), start=1):
            expected: list[Scopes] = [()] * len(line)
            for start, end, scopes in theirs:
                for column in range(start, min(end, len(line))):
                    expected[column] = tuple(s for s in scopes if s != "source.term")
            assert ours[number - 1] == expected, f"{name} line {number}: {line!r}"


# ---------------------------------------------------------------------------- the vocabulary


def test_declaration_keys_are_the_lowering_declarations() -> None:
    assert set(highlight.declaration_keys()) == set(DECLARATIONS) | {"uses"}


def test_field_keys_cover_every_schema() -> None:
    keys = set(highlight.field_keys())
    for _, schema in CLAUSES.values():
        assert set(schema) <= keys
    assert set(CARVE_OUT) | set(TRANCHE) | set(SCENARIO_KEYS) <= keys
    # the schemas built inside a lowering function (header, parties, calendars, scenarios)
    inner = {"kind", "binding", "effective", "long_stop", "signing", "governing_law"}
    inner |= {"date_rule", "role", "capacity", "within", "holiday", "price", "capitalization"}
    inner |= {"made", "accept", "decline"}
    assert inner <= keys


def test_every_key_written_in_the_examples_is_known() -> None:
    declarations = set(highlight.declaration_keys())
    fields = set(highlight.field_keys())

    def walk(items: tuple[ast.Item, ...], in_scenario: bool) -> None:
        for item in items:
            if not in_scenario:
                assert item.key in fields, item.key
            walk(item.block or (), in_scenario)

    for path in EXAMPLE_FILES:
        file, diagnostics = parse_source(SourceFile(path=str(path), text=path.read_text()))
        assert file is not None, diagnostics
        for item in file.items:
            assert item.key in declarations, item.key
            walk(item.block or (), item.key == "scenario")


def test_the_grammar_lists_exactly_the_vocabulary() -> None:
    repository = grammar()["repository"]

    def words(rule: str) -> set[str]:
        match = repository[rule]["match"]
        return set(re.findall(r"[a-z_]{2,}", match.split("(?:", 2)[-1].split(")")[0]))

    assert words("field") == set(highlight.field_keys())
    assert words("declaration") == set(highlight.declaration_keys())
    assert words("operator_word") == {"and", "or", "not", "before", "after"} | {
        "on_or_before",
        "on_or_after",
    }


# ---------------------------------------------------------------------------- Pygments


@cache
def lexer() -> Any:
    return highlight.TermLexer(stripnl=False, ensurenl=False)


@pytest.mark.parametrize(("name", "text"), SOURCES, ids=SOURCE_IDS)
def test_pygments_round_trips_without_errors(name: str, text: str) -> None:
    from pygments.token import Error

    found = list(lexer().get_tokens(text))
    assert "".join(value for _, value in found) == text
    errors = [(t, v) for t, v in found if t in Error]
    assert not errors, f"{name}: {errors[:5]}"


def test_pygments_tokens_agree_with_textmate() -> None:
    """Each token's Pygments type is the one its TextMate scope maps to."""
    from pygments.token import string_to_tokentype

    pygments = [(v, t) for t, v in lexer().get_tokens(SAMPLE) if v.strip()]
    ours = [
        (text, string_to_tokentype(highlight.pygments_token(scope.removesuffix(".term"))))
        for text, scope in tokens(SAMPLE)
    ]
    # the TextMate runs join a string's quotes to its text; compare on the other tokens
    assert [p for p in pygments if "String" not in str(p[1])] == [
        o for o in ours if "String" not in str(o[1])
    ]


def test_pygments_marks_what_is_not_termlang() -> None:
    from pygments.token import Error

    found = list(lexer().get_tokens("loan l { day_count actual/365 }\n}\n"))
    assert [v for t, v in found if t in Error] == ["/", "}"]


def test_the_entry_point_finds_the_lexer_once_installed() -> None:
    from importlib.metadata import entry_points

    if not any(ep.name == "termlang" for ep in entry_points(group="pygments.lexers")):
        pytest.skip("the pygments.lexers entry point is not installed (pyproject.toml)")
    from pygments.lexers import get_lexer_by_name, get_lexer_for_filename

    assert type(get_lexer_by_name("term")) is highlight.TermLexer
    assert type(get_lexer_for_filename("x.term")) is highlight.TermLexer


@pytest.mark.slow
def test_hostile_input_lexes_in_linear_time() -> None:
    """Unclosed strings, long digit runs, deep braces: both highlighters finish (no backtracking
    blow-up; a run that used to take minutes would hit the timeout)."""
    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from test_highlight import engine, lexer\n"
        "q = chr(34)\n"
        "hostile = (q * 3 + 'a' + chr(92) + q) * 100_000 + chr(10) + '1' * 200_000 + ' '\n"
        "hostile += '{' * 20_000 + chr(10) + q + 'x' * 200_000 + chr(10)\n"
        "hostile += 'USD ' + '9_' * 100_000 + chr(10) + '# ' * 100_000\n"
        "assert len(list(lexer().get_tokens_unprocessed(hostile))) > 0\n"
        "assert len(engine().tokenize(hostile)) > 0\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr


def test_check_never_imports_pygments_nor_the_highlighter() -> None:
    script = (
        "import sys\n"
        "from termlang.cli import main\n"
        "try:\n"
        f"    main(['check', {str(EXAMPLE_FILES[0])!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "names = ('pygments', 'termlang.highlight')\n"
        "print(sorted(m for m in sys.modules if m.startswith(names)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_vocabulary_does_not_import_pygments() -> None:
    script = (
        "import sys\nimport termlang.highlight as h\nh.textmate_grammar()\n"
        "print('pygments' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.stdout.strip() == "False", result.stderr


# ---------------------------------------------------------------------------- the extension


def test_the_extension_manifest_ties_language_grammar_and_server_together() -> None:
    manifest = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    (language,) = manifest["contributes"]["languages"]
    (contributed,) = manifest["contributes"]["grammars"]
    assert language["id"] == contributed["language"] == "term"
    assert language["extensions"] == [".term"]
    assert contributed["scopeName"] == grammar()["scopeName"] == "source.term"
    assert (VSCODE / contributed["path"]).resolve() == GRAMMAR_PATH
    assert (VSCODE / language["configuration"]).is_file()
    assert manifest["activationEvents"] == ["onLanguage:term"]
    assert "vscode-languageclient" in manifest["dependencies"]
    settings = manifest["contributes"]["configuration"]["properties"]
    assert settings["termlang.path"]["default"] == "termlang"
    client = (VSCODE / manifest["main"]).read_text(encoding="utf-8")
    assert 'getConfiguration("termlang").get("path")' in client
    assert 'args: ["lsp"]' in client
    assert "node_modules/" in (VSCODE / ".gitignore").read_text(encoding="utf-8").split()


def test_the_language_configuration_indents_and_folds_by_braces() -> None:
    config = json.loads((VSCODE / "language-configuration.json").read_text(encoding="utf-8"))
    assert config["comments"] == {"lineComment": "#"}
    assert ["{", "}"] in config["brackets"]
    assert {"open": '"', "close": '"', "notIn": ["string", "comment"]} in config["autoClosingPairs"]
    increase = re.compile(config["indentationRules"]["increaseIndentPattern"])
    decrease = re.compile(config["indentationRules"]["decreaseIndentPattern"])
    assert increase.search("exclusivity x {")
    assert increase.search("  from agi_declared {   # a step")
    assert not increase.search('  note "a { brace in a string"')
    assert not increase.search("  tranche first { amount USD 1B }")
    assert not increase.search("# {")
    assert decrease.search("  }")
    assert config["folding"]["markers"]["start"] == increase.pattern


def test_the_extension_client_is_valid_javascript() -> None:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    for script in ("extension.js", "test/tokenize.js"):
        result = subprocess.run(
            ["node", "--check", str(VSCODE / script)], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
