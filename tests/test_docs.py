"""The documentation tells the truth: every .term snippet in docs/ and the README parses and
lowers without a structure error. Names are not resolved (snippets refer to declarations
shown elsewhere) and missing required fields are allowed (a snippet may show a fragment of a
clause), but every field it shows must be one the language takes, written the way it takes it."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from termlang import ast
from termlang.codes import MISSING_FIELD
from termlang.lower import lower
from termlang.source import SourceFile
from termlang.syntax import parse_source

DOCS = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
FENCE = re.compile(r"^```([a-z]*)\n(.*?)^```", re.M | re.S)
# A snippet is .term text when its first item is a declaration or a clause.
STARTS = re.compile(
    r"^(agreement|party|entity|asset|scope|stream|event|calendar|exchange_rate|scenario|uses|"
    r"priority_access|split|exclusivity|collaboration|investment|compute|revenue_share|"
    r"obligation|termination|first_refusal|first_offer|waterfall|penalty|loan|convertible|"
    r"minimum_commitment|allocation|payment|licence|assignment|property|verify)\b"
)


def snippets() -> list[tuple[str, int, str]]:
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            lang, body = match.group(1), match.group(2)
            first = next(
                (ln for ln in body.splitlines() if ln.strip() and not ln.lstrip().startswith("#")),
                "",
            )
            if lang in ("", "term") and STARTS.match(first) and "..." not in body:
                line = text.count("\n", 0, match.start()) + 2
                found.append((path.name, line, body))
    return found


SNIPPETS = snippets()


def test_there_are_snippets_to_check() -> None:
    assert len(SNIPPETS) > 30


@pytest.mark.parametrize(
    ("doc", "line", "body"), SNIPPETS, ids=[f"{d}:{n}" for d, n, _ in SNIPPETS]
)
def test_snippet_parses_and_lowers(doc: str, line: int, body: str) -> None:
    file, diags = parse_source(SourceFile(path=f"{doc}:{line}", text=body))
    assert not diags, [d.message for d in diags]
    assert file is not None
    items = [item for item in file.items if item.key != "uses"]  # the pipeline's, not lower's
    _, problems = lower(ast.File(items=items))
    wrong = [f"{d.code} {d.message}" for d in problems if d.code != MISSING_FIELD]
    assert not wrong
