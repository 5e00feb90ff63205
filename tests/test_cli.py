"""The command line end to end, as pre-commit and CI run it (a subprocess, real exit codes).

Each command and the usage errors go through the real entry point in a child process; the
other cases of `check` (exit statuses, locations, encodings, JSON) call the same `main` in this
process (`in_process`), which spares an interpreter's start per case.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, InProcess

GOOD = """agreement "Tiny" {
  kind       term_sheet
  binding    yes
  effective  2025-01-01
}
"""


def termlang(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "termlang", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=120,
    )


def test_examples_check_clean() -> None:
    result = termlang("check", "examples/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "passed" in result.stdout


def test_error_exits_1_with_location(tmp_path: Path, in_process: InProcess) -> None:
    bad = tmp_path / "bad.term"
    bad.write_text(GOOD.replace("binding    yes", "binding    maybe"), encoding="utf-8")
    result = in_process("check", str(bad))
    assert result.returncode == 1
    assert "error[TL204]" in result.stdout
    assert f"{bad}:3:14" in result.stdout


def test_missing_file_exits_2(tmp_path: Path, in_process: InProcess) -> None:
    result = in_process("check", str(tmp_path / "nope.term"))
    assert result.returncode == 2
    assert "TL001" in result.stdout
    assert "Traceback" not in result.stderr


def test_not_utf8_exits_2(tmp_path: Path, in_process: InProcess) -> None:
    bad = tmp_path / "latin1.term"
    bad.write_bytes('party a "Soci\u00e9t\u00e9"\n'.encode("latin-1"))
    result = in_process("check", str(bad))
    assert result.returncode == 2
    assert "TL002" in result.stdout and ":1:" in result.stdout


def test_binary_file_is_a_diagnostic(tmp_path: Path, in_process: InProcess) -> None:
    bad = tmp_path / "blob.term"
    bad.write_bytes(b"\x00\x01\x02garbage")
    result = in_process("check", str(bad))
    assert result.returncode == 1
    assert "TL005" in result.stdout


def test_empty_file_warns(tmp_path: Path, in_process: InProcess) -> None:
    empty = tmp_path / "empty.term"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    result = in_process("check", str(empty))
    assert result.returncode == 0
    assert "warning[TL006]" in result.stdout
    assert in_process("check", "--warnings-as-errors", str(empty)).returncode == 1


def test_crlf_and_bom_accepted(tmp_path: Path, in_process: InProcess) -> None:
    path = tmp_path / "windows.term"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    assert in_process("check", str(path)).returncode == 0


def test_directories_recurse_and_many_paths(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "one.term").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a" / "two.term").write_text(GOOD.replace("yes", "maybe"), encoding="utf-8")
    (tmp_path / "a" / "notes.txt").write_text("not a term file", encoding="utf-8")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    result = termlang("check", "--format", "json", str(tmp_path / "a"), str(EXAMPLES))
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert len([f for f in doc["files"] if f.endswith("one.term")]) == 1
    assert doc["errors"] == 1 and doc["valid"] is False


def test_json_ranges_have_lines_columns_and_bytes(tmp_path: Path, in_process: InProcess) -> None:
    bad = tmp_path / "bad.term"
    bad.write_text(
        'agreement "Caf\u00e9 \u2013 deal" {\n  kind mou\n  binding no\n  effective 2025-01-01\n'
        "  signing ghost\n}\n",
        encoding="utf-8",
    )
    doc = json.loads(in_process("check", "--format", "json", str(bad)).stdout)
    (diag,) = doc["diagnostics"]
    assert diag["code"] == "TL300"
    start = diag["range"]["start"]
    assert (start["line"], start["column"]) == (5, 11)
    # the title holds two multi-byte characters (é, –): bytes run ahead of characters
    text = bad.read_text(encoding="utf-8")
    offset = text.index("ghost")
    assert start["byte"] == len(text[:offset].encode("utf-8")) == offset + 3


def test_usage_errors_exit_2() -> None:
    assert termlang("check").returncode == 2
    assert termlang("frobnicate").returncode == 2
    assert termlang().returncode == 2


def test_explain() -> None:
    result = termlang("explain", "TL300")
    assert result.returncode == 0 and "undefined" in result.stdout
    assert termlang("explain", "TL999").returncode == 2


def test_version() -> None:
    result = termlang("--version")
    assert result.returncode == 0 and result.stdout.startswith("termlang ")


@pytest.mark.slow
@pytest.mark.network
@pytest.mark.skipif(sys.platform == "win32", reason="posix paths")
def test_wheel_ships_the_grammar_and_runs_from_anywhere(tmp_path: Path) -> None:
    """A non-editable install works from any folder: the grammar is inside the wheel."""
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if build.returncode != 0:
        pytest.skip(f"could not build a wheel here: {build.stderr[-300:]}")
    (wheel,) = wheels.glob("termlang-*.whl")
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "termlang/grammar/termlang.lark" in names
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    flagship = EXAMPLES / "openai-microsoft-mou.term"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import termlang.cli, sys; print(termlang.__file__); "
            "sys.exit(termlang.cli.main(['check', sys.argv[1]]))",
            str(flagship),
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert str(target) in result.stdout


@pytest.mark.parametrize(
    ("example", "expected"),
    [
        (
            "seed-note-financing.term",
            [
                "latest offer under founder_rofr: lapsed",
                "third-party deal under founder_rofr on 2026-06-01",
                "interest accrued on bridge:",
                "kestrel_note converted: qualified_financing on 2026-09-01",
                "allocation under series_a_pro_rata:",
                "confidentiality survives until 2028-12-05",
            ],
        ),
        (
            "licence-late-payment.term",
            [
                "penalty late_delivery accrued: GBP 150,000 (cap reached on 2026-07-30)",
                "right to terminate under late_delivery since 2026-07-31",
            ],
        ),
    ],
)
def test_eval_text_shows_what_json_shows(example: str, expected: list[str], capsys) -> None:
    """Offers, deals, penalties, their caps and termination rights, interest, conversions,
    allocations and survival were in `eval --format json` only (issue 15)."""
    from termlang.cli import main

    assert main(["eval", str(EXAMPLES / example), "--at", "2027-06-01"]) in (0, 1)
    out = capsys.readouterr().out
    for line in expected:
        assert line in out, line
