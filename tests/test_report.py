from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from termlang.diagnostics import Diagnostic, Label, RuleInfo, Severity
from termlang.report import (
    dump_json,
    json_report,
    render_diagnostic,
    render_text,
    sarif_log,
    summary_line,
)
from termlang.source import SourceFile


def render_json(diags_by_file: Any) -> str:
    """What `check --format json` writes, less the suppressed findings it adds."""
    return dump_json(json_report(diags_by_file))


def render_sarif(diags_by_file: Any, **kwargs: Any) -> str:
    return dump_json(sarif_log(diags_by_file, **kwargs))


SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-2.1.0.json"


def _at(src: SourceFile, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = src.text.index(needle, start + 1)
    return start, start + len(needle)


def _deal() -> SourceFile:
    lines = ["memo demo"] * 11 + ["  grantee microsft"]
    lines[2] = 'party microsoft "Microsoft Corporation"'
    return SourceFile("examples/deal.term", "\n".join(lines) + "\n")


def _unknown_party() -> Diagnostic:
    src = _deal()
    bad = src.span(*_at(src, "microsft"))
    good = src.span(*_at(src, "microsoft"))
    return Diagnostic(
        "TL301",
        Severity.ERROR,
        "unknown party `microsft`",
        bad,
        labels=(Label(bad, "not declared"), Label(good, "similar name declared here")),
        help="did you mean `microsoft`?",
    )


# -- text ---------------------------------------------------------------------------


def test_text_secondary_label_on_other_line() -> None:
    assert render_diagnostic(_unknown_party()) == (
        "error[TL301]: unknown party `microsft`\n"
        "  --> examples/deal.term:12:11\n"
        "   |\n"
        "12 |   grantee microsft\n"
        "   |           ^^^^^^^^ not declared\n"
        "   |\n"
        "  ::: examples/deal.term:3:7\n"
        "   |\n"
        ' 3 | party microsoft "Microsoft Corporation"\n'
        "   |       --------- similar name declared here\n"
        "   |\n"
        "   = help: did you mean `microsoft`?\n"
    )


def test_text_single_line() -> None:
    src = SourceFile("deal.term", "party acme\ngrantee acm\n")
    span = src.span(*_at(src, "acm", 1))
    diag = Diagnostic(
        "TL301", Severity.ERROR, "unknown party `acm`", span, (Label(span, "not declared"),)
    )
    assert render_diagnostic(diag) == (
        "error[TL301]: unknown party `acm`\n"
        " --> deal.term:2:9\n"
        "  |\n"
        "2 | grantee acm\n"
        "  |         ^^^ not declared\n"
    )


def test_text_primary_without_label_message() -> None:
    src = SourceFile("deal.term", "party acme\n")
    diag = Diagnostic("TL100", Severity.WARNING, "unused party", src.span(6, 10))
    assert render_diagnostic(diag) == (
        "warning[TL100]: unused party\n --> deal.term:1:7\n  |\n1 | party acme\n  |       ^^^^\n"
    )


def test_text_same_line_labels() -> None:
    src = SourceFile("deal.term", "grant acme to acme\n")
    grantee = src.span(*_at(src, "acme", 1))
    grantor = src.span(*_at(src, "acme", 0))
    diag = Diagnostic(
        "TL202",
        Severity.WARNING,
        "party `acme` grants to itself",
        grantee,
        labels=(Label(grantor, "grantor"), Label(grantee, "grantee")),
    )
    assert render_diagnostic(diag) == (
        "warning[TL202]: party `acme` grants to itself\n"
        " --> deal.term:1:15\n"
        "  |\n"
        "1 | grant acme to acme\n"
        "  |       ----    ^^^^ grantee\n"
        "  |       |\n"
        "  |       grantor\n"
    )


def test_text_three_labels_same_line() -> None:
    src = SourceFile("t.term", "a bb ccc\n")
    diag = Diagnostic(
        "TL1",
        Severity.NOTE,
        "m",
        src.span(5, 8),
        labels=(
            Label(src.span(5, 8), "third"),
            Label(src.span(0, 1), "first"),
            Label(src.span(2, 4), "second"),
        ),
    )
    assert render_diagnostic(diag) == (
        "note[TL1]: m\n"
        " --> t.term:1:6\n"
        "  |\n"
        "1 | a bb ccc\n"
        "  | - -- ^^^ third\n"
        "  | | |\n"
        "  | | second\n"
        "  | first\n"
    )


def test_text_zero_width_at_end_of_file() -> None:
    src = SourceFile("deal.term", "party acme")
    end = src.span(len(src.text))
    diag = Diagnostic(
        "TL101",
        Severity.ERROR,
        "unexpected end of file",
        end,
        labels=(Label(end, "expected a string"),),
        help="add the party's legal name",
    )
    assert render_diagnostic(diag) == (
        "error[TL101]: unexpected end of file\n"
        " --> deal.term:1:11\n"
        "  |\n"
        "1 | party acme\n"
        "  |           ^ expected a string\n"
        "  |\n"
        "  = help: add the party's legal name\n"
    )


def test_text_zero_width_after_final_newline() -> None:
    src = SourceFile("deal.term", "party acme\n")
    diag = Diagnostic("TL101", Severity.ERROR, "unexpected end of file", src.span(11))
    assert render_diagnostic(diag) == (
        "error[TL101]: unexpected end of file\n --> deal.term:2:1\n  |\n2 |\n  | ^\n"
    )


def test_text_tabs_expanded_consistently() -> None:
    src = SourceFile("deal.term", "\tgrant\tacme\n")
    span = src.span(*_at(src, "acme"))
    diag = Diagnostic("TL301", Severity.ERROR, "unknown party `acme`", span)
    assert render_diagnostic(diag) == (
        "error[TL301]: unknown party `acme`\n"
        " --> deal.term:1:8\n"
        "  |\n"
        "1 |     grant    acme\n"
        "  |              ^^^^\n"
    )


def test_text_span_over_tab() -> None:
    src = SourceFile("deal.term", "a\tb\n")
    diag = Diagnostic("TL1", Severity.WARNING, "tab", src.span(1, 2), help="use spaces")
    assert render_diagnostic(diag) == (
        "warning[TL1]: tab\n"
        " --> deal.term:1:2\n"
        "  |\n"
        "1 | a    b\n"
        "  |  ^^^^\n"
        "  |\n"
        "  = help: use spaces\n"
    )


def test_text_multiline_span_shows_first_line() -> None:
    src = SourceFile("deal.term", "term fee {\n  amount 5\n}\n")
    diag = Diagnostic("TL400", Severity.ERROR, "empty term", src.span(5, 23))
    assert render_diagnostic(diag) == (
        "error[TL400]: empty term\n --> deal.term:1:6\n  |\n1 | term fee {\n  |      ^^^^^\n"
    )


def test_text_multibyte_and_wide_chars() -> None:
    src = SourceFile("deal.term", "név “x” 日本 y\n")
    span = src.span(*_at(src, "y"))
    wide = src.span(*_at(src, "日本"))
    diag = Diagnostic(
        "TL1", Severity.ERROR, "m", span, labels=(Label(span, "here"), Label(wide, "wide"))
    )
    assert render_diagnostic(diag) == (
        "error[TL1]: m\n"
        " --> deal.term:1:12\n"
        "  |\n"
        "1 | név “x” 日本 y\n"
        "  |         ---- ^ here\n"
        "  |         |\n"
        "  |         wide\n"
    )


def test_text_notes_and_spanless() -> None:
    diag = Diagnostic(
        "TL001",
        Severity.ERROR,
        "no input files",
        None,
        help="pass at least one `.term` file",
        notes=("see `termlang --help`",),
    )
    assert render_diagnostic(diag) == (
        "error[TL001]: no input files\n"
        "  = note: see `termlang --help`\n"
        "  = help: pass at least one `.term` file\n"
    )


def test_text_gutter_width_and_secondary_in_other_file() -> None:
    lines = [f"line {n}" for n in range(1, 11)]
    src = SourceFile("a.term", "\n".join(lines))
    other = SourceFile("b.term", "party x\n")
    diag = Diagnostic(
        "TL5",
        Severity.ERROR,
        "m",
        src.span(*_at(src, "line 9")),
        labels=(
            Label(src.span(*_at(src, "line 10")), "ten"),
            Label(other.span(6, 7), "there"),
        ),
        notes=("n",),
    )
    assert render_diagnostic(diag) == (
        "error[TL5]: m\n"
        "  --> a.term:9:1\n"
        "   |\n"
        " 9 | line 9\n"
        "   | ^^^^^^\n"
        "   |\n"
        "  ::: a.term:10:1\n"
        "   |\n"
        "10 | line 10\n"
        "   | ------- ten\n"
        "   |\n"
        "  ::: b.term:1:7\n"
        "   |\n"
        " 1 | party x\n"
        "   |       - there\n"
        "   |\n"
        "   = note: n\n"
    )


def test_render_text_joins_and_summarises() -> None:
    src = SourceFile("a.term", "x\n")
    err = Diagnostic("TL1", Severity.ERROR, "e", src.span(0, 1))
    warn = Diagnostic("TL2", Severity.WARNING, "w", src.span(0, 1))
    out = render_text([err, warn], n_files=1)
    assert out == (
        render_diagnostic(err)
        + "\n"
        + render_diagnostic(warn)
        + "\n"
        + "1 error, 1 warning in 1 file\n"
    )
    assert render_text([]) == ""
    assert render_text([], n_files=2) == "all checks passed: 2 files\n"


def test_color_only_when_requested() -> None:
    diag = _unknown_party()
    plain = render_diagnostic(diag)
    assert "\x1b[" not in plain
    colored = render_diagnostic(diag, color=True)
    assert "\x1b[1;31merror[TL301]\x1b[0m" in colored
    assert "\x1b[1;36mhelp\x1b[0m" in colored
    assert re.sub(r"\x1b\[[0-9;]*m", "", colored) == plain
    warn = Diagnostic("TL2", Severity.WARNING, "w", None)
    assert render_diagnostic(warn, color=True).startswith("\x1b[1;33mwarning[TL2]")


@pytest.mark.parametrize(
    ("errors", "warnings", "files", "expected"),
    [
        (0, 0, 3, "all checks passed: 3 files"),
        (0, 0, 1, "all checks passed: 1 file"),
        (2, 1, 3, "2 errors, 1 warning in 3 files"),
        (1, 2, 1, "1 error, 2 warnings in 1 file"),
        (1, 0, 2, "1 error in 2 files"),
        (0, 3, 2, "3 warnings in 2 files"),
    ],
)
def test_summary_line(errors: int, warnings: int, files: int, expected: str) -> None:
    assert summary_line(errors, warnings, files) == expected


# -- JSON ---------------------------------------------------------------------------


def test_json_structure() -> None:
    diag = _unknown_party()
    src = SourceFile("b.term", "é😀x\n", bom=True)
    warn = Diagnostic("TL2", Severity.WARNING, "w", src.span(2, 3), notes=("n1",))
    usage = Diagnostic("TL001", Severity.NOTE, "u", None)
    out = render_json([("examples/deal.term", [diag]), ("b.term", [warn]), ("c.term", [])])
    assert out.endswith("}\n")
    assert out.startswith('{\n  "version": 1,')
    doc = json.loads(out)
    assert list(doc) == ["version", "valid", "errors", "warnings", "files", "diagnostics"]
    assert doc["valid"] is False
    assert (doc["errors"], doc["warnings"]) == (1, 1)
    assert doc["files"] == ["examples/deal.term", "b.term", "c.term"]
    first = doc["diagnostics"][0]
    assert list(first) == ["code", "severity", "message", "help", "notes", "range", "related"]
    assert first["code"] == "TL301"
    assert first["severity"] == "error"
    assert first["help"] == "did you mean `microsoft`?"
    assert first["range"]["file"] == "examples/deal.term"
    assert first["range"]["start"] == {"line": 12, "column": 11, "byte": 150}
    assert first["range"]["end"]["column"] == 19
    assert [r["message"] for r in first["related"]] == [
        "not declared",
        "similar name declared here",
    ]
    assert first["related"][1]["range"]["start"] == {"line": 3, "column": 7, "byte": 26}
    second = doc["diagnostics"][1]
    assert second["help"] is None
    assert second["notes"] == ["n1"]
    assert second["range"]["start"] == {"line": 1, "column": 3, "byte": 3 + 2 + 4}
    assert second["range"]["end"] == {"line": 1, "column": 4, "byte": 3 + 2 + 4 + 1}
    valid = json.loads(render_json([("x.term", [usage])]))
    assert valid["valid"] is True
    assert valid["diagnostics"][0]["range"] is None
    assert render_json([("a", [diag])]) == render_json([("a", [diag])])


# -- SARIF --------------------------------------------------------------------------

RULES = {
    "TL301": RuleInfo(
        "TL301",
        "UnknownParty",
        "reference to an undeclared party",
        "Every party referenced by a clause must be declared with `party`.",
        Severity.ERROR,
    ),
    "TL100": RuleInfo(
        "TL100", "UnusedParty", "unused party", "A declared party is never used.", Severity.WARNING
    ),
}


def _sarif(diags_by_file: Any, **kwargs: Any) -> dict[str, Any]:
    out = render_sarif(diags_by_file, rules=RULES, tool_version="0.1.0", **kwargs)
    assert out.endswith("\n")
    doc: dict[str, Any] = json.loads(out)
    return doc


def _emoji_diag(path: str = "deals/emoji deal.term") -> Diagnostic:
    src = SourceFile(path, "party 😀 acme\ngrantee 😀😀 acme\n")
    span = src.span(*_at(src, "acme", 1))
    other = src.span(*_at(src, "acme", 0))
    return Diagnostic(
        "TL100",
        Severity.WARNING,
        "unused party `acme`",
        span,
        labels=(Label(span, "never used"), Label(other, "declared here")),
        help="remove it",
    )


def test_sarif_structure_and_utf16_columns(tmp_path: Path) -> None:
    base = tmp_path
    diag = _emoji_diag(str(base / "deals" / "emoji deal.term"))
    doc = _sarif([("deals/emoji deal.term", [diag])], base_dir=str(base))
    assert doc["version"] == "2.1.0"
    assert "$schema" in doc
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "termlang"
    assert driver["informationUri"] == "https://github.com/termlang/termlang"
    assert driver["version"] == "0.1.0"
    assert [r["id"] for r in driver["rules"]] == ["TL100", "TL301"]
    rule = driver["rules"][0]
    assert rule == {
        "id": "TL100",
        "name": "UnusedParty",
        "shortDescription": {"text": "unused party"},
        "fullDescription": {"text": "A declared party is never used."},
        "help": {"text": "A declared party is never used."},
        "defaultConfiguration": {"level": "warning"},
    }
    assert driver["rules"][1]["defaultConfiguration"] == {"level": "error"}
    assert run["columnKind"] == "utf16CodeUnits"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    (result,) = run["results"]
    assert result["ruleId"] == "TL100"
    assert result["ruleIndex"] == 0
    assert result["level"] == "warning"
    assert result["message"]["text"] == "unused party `acme`\nhelp: remove it"
    (loc,) = result["locations"]
    phys = loc["physicalLocation"]
    assert phys["artifactLocation"] == {
        "uri": "deals/emoji%20deal.term",
        "uriBaseId": "%SRCROOT%",
    }
    # "grantee 😀😀 acme": acme is code point column 12, UTF-16 column 14.
    assert diag.span is not None and diag.span.start_pos.column == 12
    assert phys["region"] == {"startLine": 2, "startColumn": 14, "endLine": 2, "endColumn": 18}
    assert loc["message"] == {"text": "never used"}
    (related,) = result["relatedLocations"]
    assert related["message"] == {"text": "declared here"}
    # "party 😀 acme": acme is code point column 9, UTF-16 column 10.
    assert related["physicalLocation"]["region"] == {
        "startLine": 1,
        "startColumn": 10,
        "endLine": 1,
        "endColumn": 14,
    }


def test_sarif_relative_paths_without_base_dir_and_unknown_rule() -> None:
    src = SourceFile("./examples/a.term", "x\n")
    other = Diagnostic("TL999", Severity.NOTE, "odd", src.span(0, 1))
    spanless = Diagnostic("TL002", Severity.ERROR, "cannot read file", None)
    doc = _sarif([("examples/a.term", [other, spanless])])
    run = doc["runs"][0]
    assert "originalUriBaseIds" not in run
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["TL100", "TL301", "TL999", "TL002"]
    first, second = run["results"]
    assert first["ruleIndex"] == 2
    assert first["level"] == "note"
    assert first["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "examples/a.term",
        "uriBaseId": "%SRCROOT%",
    }
    assert second["ruleIndex"] == 3
    assert second["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "examples/a.term", "uriBaseId": "%SRCROOT%"}
    }


def test_sarif_outside_base_dir_uses_absolute_uri(tmp_path: Path) -> None:
    src = SourceFile(str(tmp_path / "x.term"), "x\n")
    diag = Diagnostic("TL301", Severity.ERROR, "e", src.span(0, 1))
    doc = _sarif([(src.path, [diag])], base_dir=str(tmp_path / "sub"))
    loc = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": (tmp_path / "x.term").as_uri()}


def test_sarif_deterministic() -> None:
    diags = [("a.term", [_emoji_diag("a.term"), _unknown_party()])]
    first = render_sarif(diags, rules=RULES, tool_version="1")
    assert first == render_sarif(diags, rules=RULES, tool_version="1")


@pytest.mark.skipif(not SCHEMA_PATH.exists(), reason="SARIF schema not vendored")
def test_sarif_validates_against_official_schema(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator_cls = jsonschema.validators.validator_for(schema)
    validator_cls.check_schema(schema)
    validator = validator_cls(schema, format_checker=validator_cls.FORMAT_CHECKER)
    spanless = Diagnostic("TL002", Severity.ERROR, "cannot read file", None)
    docs = [
        _sarif([("deals/emoji deal.term", [_emoji_diag()])]),
        _sarif(
            [
                ("examples/deal.term", [_unknown_party()]),
                ("c.term", [spanless]),
                ("d.term", []),
            ],
            base_dir=str(tmp_path),
        ),
        _sarif([]),
    ]
    for doc in docs:
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_reports_are_data_that_commands_serialise_once() -> None:
    """`json_report` and `sarif_log` return documents; `dump_json` is the one serialiser."""
    src = SourceFile(path="a.term", text="x\n")
    diag = Diagnostic("TL100", Severity.ERROR, "bad `x`", src.span(0, 1), (), None)
    doc = json_report([("a.term", [diag])])
    assert doc["errors"] == 1 and doc["diagnostics"][0]["code"] == "TL100"
    log = sarif_log([("a.term", [diag])], rules=RULES, tool_version="1")
    assert log["runs"][0]["results"][0]["ruleId"] == "TL100"
    assert json.loads(dump_json(doc)) == doc and dump_json(log).endswith("}\n")
