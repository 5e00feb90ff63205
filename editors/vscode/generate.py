"""Write the TextMate grammar for .term files from the toolchain's own vocabulary.

    python editors/vscode/generate.py          # rewrite syntaxes/term.tmLanguage.json
    python editors/vscode/generate.py --check  # exit 1 if the committed file is stale

The keys, fields, operator words and literal patterns come from `termlang.highlight`, which
reads them from the lowering schemas and the lexer's terminals: regenerate after changing
either (tests/test_highlight.py fails until you do).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from termlang.highlight import textmate_grammar

GRAMMAR = Path(__file__).resolve().parent / "syntaxes" / "term.tmLanguage.json"


def render() -> str:
    """The grammar file's text: stable key order, one trailing newline."""
    return json.dumps(textmate_grammar(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    current = GRAMMAR.read_text(encoding="utf-8") if GRAMMAR.exists() else ""
    if "--check" in argv:
        if current != text:
            print(f"{GRAMMAR} is stale: run python editors/vscode/generate.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        GRAMMAR.write_text(text, encoding="utf-8")
        print(f"wrote {GRAMMAR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
