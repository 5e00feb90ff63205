"""`termlang fmt`: golden layouts, comment placement, examples, the messy flagship and the CLI."""

from __future__ import annotations

import os
import stat
from collections import Counter
from pathlib import Path

import pytest

import termlang
from conftest import EXAMPLES, FIXTURES, check_golden
from termlang.cli import main
from termlang.fmt import format_source, format_text, scan_comments
from termlang.source import SourceFile

FMT = FIXTURES / "fmt"
INPUTS = sorted(p for p in FMT.glob("*.term") if p.name != "messy-flagship.term")
FLAGSHIP = EXAMPLES / "openai-microsoft-mou.term"


def _comments(text: str) -> Counter[str]:
    return Counter(c.text for c in scan_comments(SourceFile("<t>", text)))


def _items(text: str) -> object:
    file, problems = termlang.parse(text)
    assert file is not None, [p.message for p in problems]
    return file


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_golden(path: Path, update_goldens: bool) -> None:
    text = path.read_text(encoding="utf-8")
    out = format_text(text)
    check_golden(path.with_suffix(".expected"), out, update_goldens)
    assert format_text(out) == out
    assert _items(out) == _items(text)
    assert _comments(out) == _comments(text)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.term")), ids=lambda p: p.stem)
def test_examples_keep_meaning_and_are_idempotent(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    out = format_text(text)
    assert _items(out) == _items(text)
    assert _comments(out) == _comments(text)
    assert format_text(out) == out


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.term")), ids=lambda p: p.stem)
def test_examples_are_canonical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert format_text(text) == text, f"run `termlang fmt {path.relative_to(EXAMPLES.parent)}`"


def test_messy_flagship_formats_back_to_the_flagship() -> None:
    messy = (FMT / "messy-flagship.term").read_text(encoding="utf-8")
    canonical = format_text(FLAGSHIP.read_text(encoding="utf-8"))
    assert messy != canonical
    assert format_text(messy) == canonical


# ---------------------------------------------------------------------------- comment placement


def test_comment_in_continued_condition_moves_above_the_item() -> None:
    text = "x {\n  when a and  # why\n       b\n}\n"
    assert format_text(text) == "x {\n  # why\n  when a and b\n}\n"


def test_hash_inside_strings_is_not_a_comment() -> None:
    text = 'note "a # b"\nnote """\n  # not a comment\n  x\n"""  # real\n'
    assert [c.text for c in scan_comments(SourceFile("<t>", text))] == ["# real"]
    out = format_text(text)
    assert out == 'note "a # b"\nnote """\n  # not a comment\n  x\n"""  # real\n'


def test_comment_after_a_lone_semicolon_is_kept() -> None:
    assert format_text("a 1\n;  # c\nb 2\n") == "a 1\n# c\nb 2\n"


def test_blank_lines_collapse_and_never_follow_a_brace() -> None:
    text = "a {\n\n\n  b 1\n\n\n\n  c 2\n\n}\n\n\n\nd 3\n\n"
    assert format_text(text) == "a {\n  b 1\n\n  c 2\n}\n\nd 3\n"


def test_comment_only_and_empty_files() -> None:
    assert format_text("") == ""
    assert format_text("\n\n") == ""
    assert format_text("  # only a comment   \n\n") == "# only a comment\n"


def test_crlf_becomes_lf() -> None:
    assert format_text("a 1\r\nb {\r\n  c 2\r\n}\r\n") == "a 1\nb {\n  c 2\n}\n"


# ---------------------------------------------------------------------------- layout rules


def test_same_keys_take_one_space_different_keys_align() -> None:
    assert format_text("party a\nparty bbbb\n") == "party a\nparty bbbb\n"
    assert format_text("x {\n  asset m\n  share a 1%\n  share bbb 99%\n}\n") == (
        "x {\n  asset  m\n  share  a    1%\n  share  bbb  99%\n}\n"
    )


def test_long_one_line_block_is_expanded() -> None:
    long = "x" * 95
    out = format_text(f'a {{ b "{long}"; c 1 }}\n')
    assert out == f'a {{\n  b  "{long}"\n  c  1\n}}\n'


def test_values_are_canonical() -> None:
    text = "a USD 13_000_000_000 20.50% 1.50 GW 18months 100 x 2.0\n"
    assert format_text(text) == "a USD 13B 20.5% 1.5 GW 18 months 100x 2\n"


def test_arguments_that_would_fuse_are_parenthesised() -> None:
    # `3` then `months`, `USD` then `5`, an open range then a name, a name then `(after x)`
    for text in ("a 3 (months)\n", "a (USD) 5\n", "a (x ..) y\n", "a (n) (after d)\n"):
        assert format_text(text) == text
        assert _items(format_text(text)) == _items(text)


def test_syntax_error_gives_diagnostics_and_no_text() -> None:
    result = format_source(SourceFile("bad.term", "a {\n  b 1\n"))
    assert result.text is None
    assert [d.code for d in result.diagnostics] == ["TL103"]
    with pytest.raises(ValueError, match="never closed"):
        format_text("a {\n")


# ---------------------------------------------------------------------------- command line

MESSY = "a   1\nb {\n      c 2\n}\n"
CLEAN = "a 1\nb {\n  c 2\n}\n"


def test_cli_rewrites_atomically_and_keeps_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deal.term"
    path.write_text(MESSY)
    os.chmod(path, 0o640)
    assert main(["fmt", str(tmp_path)]) == 0
    assert path.read_text() == CLEAN
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["deal.term"]  # no temporary file left
    assert "1 file reformatted" in capsys.readouterr().err
    assert main(["fmt", str(path)]) == 0
    assert "1 file left unchanged" in capsys.readouterr().err


def test_cli_check_lists_files_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    messy, clean = tmp_path / "messy.term", tmp_path / "clean.term"
    messy.write_text(MESSY)
    clean.write_text(CLEAN)
    assert main(["fmt", "--check", str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert out.out == f"would reformat {messy}\n"
    assert messy.read_text() == MESSY
    assert main(["fmt", "--check", str(clean)]) == 0


def test_cli_exit_non_zero_on_format_rewrites_names_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The pre-commit hook's mode (ruff's flag): rewrite like plain `fmt`, then exit 1 and name
    # the files, so the commit stops and the author stages the result.
    messy, clean = tmp_path / "messy.term", tmp_path / "clean.term"
    messy.write_text(MESSY)
    clean.write_text(CLEAN)
    assert main(["fmt", "--exit-non-zero-on-format", str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert out.out == f"reformatted {messy}\n"
    assert "1 file reformatted, 1 file left unchanged" in out.err
    assert messy.read_text() == CLEAN
    # Once canonical, the same command passes: the second commit attempt goes through.
    assert main(["fmt", "--exit-non-zero-on-format", str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""


def test_cli_exit_non_zero_on_format_still_refuses_what_plain_fmt_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.term"
    broken.write_text("a   1\nb {\n")
    assert main(["fmt", "--exit-non-zero-on-format", str(broken)]) == 1
    assert broken.read_text() == "a   1\nb {\n"
    assert "error[TL103]" in capsys.readouterr().err
    link = tmp_path / "link.term"
    target = tmp_path / "target.txt"
    target.write_text(MESSY)
    link.symlink_to(target)
    assert main(["fmt", "--exit-non-zero-on-format", str(link)]) == 2
    assert target.read_text() == MESSY
    out = capsys.readouterr()
    assert "error[TL030]" in out.err
    assert "reformatted" not in out.out


def test_cli_exit_non_zero_on_format_with_check_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deal.term"
    path.write_text(MESSY)
    assert main(["fmt", "--check", "--exit-non-zero-on-format", str(path)]) == 1
    assert capsys.readouterr().out == f"would reformat {path}\n"
    assert path.read_text() == MESSY


def test_cli_diff_prints_unified_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deal.term"
    path.write_text(MESSY)
    assert main(["fmt", "--diff", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"--- a/{path}" in out and "-a   1\n" in out and "+a 1\n" in out
    assert path.read_text() == MESSY


def test_cli_never_touches_a_file_with_syntax_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.term"
    path.write_text("a   1\nb {\n")
    assert main(["fmt", str(path)]) == 1
    assert path.read_text() == "a   1\nb {\n"
    err = capsys.readouterr().err
    assert "error[TL103]: this block is never closed" in err
    assert f"--> {path}:2:3" in err


def test_cli_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fmt", str(tmp_path / "nope.term")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_quarter_in_an_argument_keeps_its_spelling() -> None:
    # `2027-Q1` after a key lexes as `2027 - Q1`; fmt writes it back as the period it is
    text = "scenario s {\n  expect 2028-01-01 {\n    shortfall m 2027-Q1 GBP 40K\n  }\n}\n"
    assert format_text(text) == text
