"""Files from the other side of the table: the file-access policy and the crashes it closes.

Each test is an attack from the security review (`../shared/reviews/security-2026-11.md`,
findings F1, F2, F8, F10, F13) or issue 19, run through the real command line in a child
process with a timeout, so a regression fails instead of hanging the suite. A secret-looking
file outside the project must never show up in any output format. The reads outside the
project (F1) and the JSON errors and escapes (F13), all in regular files where nothing can
block, run the same command line in this process (`in_process`): a function call instead of
an interpreter's start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import InProcess

ROOT = Path(__file__).resolve().parent.parent
HDR = 'agreement "T" {\n  kind mou\n  binding yes\n  effective 2025-01-01\n}\n'
SECRET = "DATABASE_URL=postgres://admin:S3cretPassw0rd@db/prod\nAWS_SECRET_ACCESS_KEY=AKIAXXXX\n"
SECRET_WORDS = ("S3cretPassw0rd", "AKIAXXXX", "DATABASE_URL", "AWS_SECRET")
FORMATS = (("text",), ("json",), ("sarif",))


def termlang(
    *args: str | Path, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "termlang", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
    )


def clean(result: subprocess.CompletedProcess[str]) -> str:
    out = result.stdout + result.stderr
    assert "Traceback" not in out, out
    for word in SECRET_WORDS:
        assert word not in out, out
    return out


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    """A project (a git work tree) and, beside it, a directory holding a secret."""
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "scenarios").mkdir()
    (project / "deal.term").write_text(HDR, encoding="utf-8")
    secret = tmp_path / "home"
    secret.mkdir()
    (secret / ".env").write_text(SECRET, encoding="utf-8")
    (secret / "private.term").write_text(SECRET, encoding="utf-8")
    (secret / "agreement.term").write_text(HDR, encoding="utf-8")
    return project, secret


def scenario_file(project: Path, uses: str) -> Path:
    path = project / "scenarios.term"
    path.write_text(f'uses "{uses}"\nscenario base {{ }}\n', encoding="utf-8")
    return path


def json_scenario(project: Path, agreement: str, name: str = "a.json") -> Path:
    path = project / "scenarios" / name
    path.write_text(json.dumps({"agreement": agreement, "name": "x"}), encoding="utf-8")
    return path


# ---------------------------------------------------------------- F1: reading outside the project


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("target", ["../home/.env", "../home/private.term"])
def test_json_agreement_outside_the_project_is_refused_and_never_shown(
    layout: tuple[Path, Path], in_process: InProcess, target: str, fmt: tuple[str]
) -> None:
    project, _ = layout
    json_scenario(project, f"../{target}")
    result = in_process("test", project, "--format", fmt[0] if fmt[0] != "sarif" else "json")
    out = clean(result)
    assert result.returncode == 1
    assert "TL020" in out


def test_json_agreement_by_absolute_path_is_refused(
    layout: tuple[Path, Path], in_process: InProcess
) -> None:
    project, secret = layout
    json_scenario(project, str(secret / ".env"))
    out = clean(in_process("test", project))
    assert "TL020" in out and "outside the project" in out


def test_json_agreement_symlink_out_of_the_root_is_refused(
    layout: tuple[Path, Path], in_process: InProcess
) -> None:
    project, secret = layout
    (project / "linked.term").symlink_to(secret / "private.term")
    json_scenario(project, "../linked.term")
    out = clean(in_process("test", project))
    assert "TL020" in out


def test_json_agreement_that_is_not_a_term_file_is_refused(
    layout: tuple[Path, Path], in_process: InProcess
) -> None:
    project, _ = layout
    (project / "notes.txt").write_text(SECRET, encoding="utf-8")
    json_scenario(project, "../notes.txt")
    out = clean(in_process("test", project))
    assert "not a .term file" in out


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
@pytest.mark.parametrize("target", ["../home/.env", "../home/private.term", "/etc/passwd"])
def test_uses_outside_the_project_is_refused_at_the_uses_line(
    layout: tuple[Path, Path], in_process: InProcess, target: str, fmt: str
) -> None:
    project, _ = layout
    path = scenario_file(project, target)
    result = in_process("check", path, "--format", fmt)
    out = clean(result)
    assert result.returncode == 1
    assert "TL020" in out
    assert "root:" not in out  # nothing of /etc/passwd either
    if fmt == "text":
        assert "scenarios.term:1:6" in out


def test_uses_symlink_out_of_the_root_is_refused(
    layout: tuple[Path, Path], in_process: InProcess
) -> None:
    project, secret = layout
    (project / "agreement.term").symlink_to(secret / "agreement.term")
    out = clean(in_process("check", scenario_file(project, "agreement.term")))
    assert "TL020" in out


def test_allow_outside_trusts_a_directory(layout: tuple[Path, Path], in_process: InProcess) -> None:
    project, secret = layout
    path = scenario_file(project, str(secret / "agreement.term"))
    assert in_process("check", path).returncode == 1
    result = in_process("check", path, "--allow-outside", secret)
    assert result.returncode == 0, result.stdout + result.stderr


def test_uses_inside_the_project_still_works(
    layout: tuple[Path, Path], in_process: InProcess
) -> None:
    project, _ = layout
    result = in_process("check", scenario_file(project, "deal.term"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_json_agreement_inside_the_project_still_works(
    layout: tuple[Path, Path], in_process: InProcess
) -> None:
    project, _ = layout
    json_scenario(project, "../deal.term")
    result = in_process("test", project)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------- F2: devices, FIFOs, directories


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_uses_of_a_device_is_refused_at_once(tmp_path: Path, target: str) -> None:
    # even when the project is widened to /dev, a device is not a regular file
    out = clean(
        termlang("check", scenario_file(tmp_path, target), "--allow-outside", "/dev", timeout=20)
    )
    assert "not a .term file" in out or "not a regular file" in out


def test_uses_of_a_device_named_like_a_term_file(tmp_path: Path) -> None:
    (tmp_path / "zero.term").symlink_to("/dev/zero")
    result = termlang(
        "check", scenario_file(tmp_path, "zero.term"), "--allow-outside", "/dev", timeout=20
    )
    out = clean(result)
    assert "not a regular file" in out or "not a .term file" in out


def test_uses_of_a_fifo_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.term")
    out = clean(termlang("check", scenario_file(tmp_path, "pipe.term"), timeout=20))
    assert "not a regular file" in out


def test_a_fifo_in_a_directory_does_not_hang(tmp_path: Path) -> None:
    (tmp_path / "deal.term").write_text(HDR, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.term")
    result = termlang("check", tmp_path, timeout=20)
    assert result.returncode == 2
    assert "pipe.term` is not a regular file" in clean(result)


@pytest.mark.parametrize("command", ["check", "fmt"])
def test_a_device_given_directly_is_refused(tmp_path: Path, command: str) -> None:
    (tmp_path / "zero.term").symlink_to("/dev/zero")
    result = termlang(command, tmp_path / "zero.term", timeout=20)
    assert result.returncode == 2
    assert "not a regular file" in clean(result)


def test_diff_of_a_device_is_refused(tmp_path: Path) -> None:
    (tmp_path / "deal.term").write_text(HDR, encoding="utf-8")
    result = termlang("diff", "/dev/zero", tmp_path / "deal.term", timeout=20)
    assert result.returncode == 2
    assert "not a regular file" in clean(result)


def test_eval_of_a_device_scenario_is_refused(tmp_path: Path) -> None:
    (tmp_path / "deal.term").write_text(HDR, encoding="utf-8")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    result = termlang(
        "eval", tmp_path / "deal.term", "--scenario", tmp_path / "zero.json", "--at", "2025-06-01"
    )
    assert "not a regular file" in clean(result)


def test_json_scenario_linked_to_a_device_is_refused(layout: tuple[Path, Path]) -> None:
    project, _ = layout
    (project / "scenarios" / "z.json").symlink_to("/dev/zero")
    out = clean(termlang("test", project, "--allow-outside", "/dev", timeout=20))
    # a link out of the directory is not followed at all
    assert "TL020" not in out or "not read" in out


def test_json_agreement_naming_a_device_is_refused(layout: tuple[Path, Path]) -> None:
    project, _ = layout
    json_scenario(project, "/dev/zero")
    out = clean(termlang("test", project, timeout=20))
    assert "TL020" in out


def test_uses_of_a_directory(tmp_path: Path) -> None:
    (tmp_path / "dir.term").mkdir()
    out = clean(termlang("check", scenario_file(tmp_path, "dir.term")))
    assert "is a directory" in out


# ---------------------------------------------------------------- F8: walks stay in the tree


def test_check_dir_does_not_follow_a_link_to_the_root_directory(tmp_path: Path) -> None:
    (tmp_path / "deal.term").write_text(HDR, encoding="utf-8")
    (tmp_path / "rootlink").symlink_to("/")
    result = termlang("check", tmp_path, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 file" in result.stdout


def test_check_dir_reports_a_link_to_a_file_outside(layout: tuple[Path, Path]) -> None:
    project, secret = layout
    (project / "ext.term").symlink_to(secret / "private.term")
    result = termlang("check", project)
    out = clean(result)
    assert "TL020" in out and "outside" in out
    assert result.returncode == 0  # a warning: the file itself was checked elsewhere or not


def test_fmt_dir_does_not_rewrite_through_a_linked_directory(layout: tuple[Path, Path]) -> None:
    project, secret = layout
    messy = secret / "messy.term"
    messy.write_text('agreement   "T"  {\n kind mou\n binding yes\n effective 2025-01-01 }\n')
    before = messy.read_bytes()
    (project / "ext").symlink_to(secret)
    termlang("fmt", project, timeout=30)
    assert messy.read_bytes() == before


def test_check_dir_with_a_link_loop(tmp_path: Path) -> None:
    (tmp_path / "deal.term").write_text(HDR, encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path)
    assert termlang("check", tmp_path, timeout=30).returncode == 0


# ---------------------------------------------------------------- F10: tracebacks


def test_uses_itself_is_an_error_not_a_recursion(tmp_path: Path) -> None:
    path = tmp_path / "self.term"
    path.write_text('uses "self.term"\nscenario a { }\n', encoding="utf-8")
    result = termlang("check", path)
    assert result.returncode == 1
    assert "is itself a scenario file" in clean(result)


def test_a_uses_cycle_is_an_error_not_a_recursion(tmp_path: Path) -> None:
    (tmp_path / "a.term").write_text('uses "b.term"\nscenario a { }\n', encoding="utf-8")
    (tmp_path / "b.term").write_text('uses "a.term"\nscenario b { }\n', encoding="utf-8")
    result = termlang("check", tmp_path)
    assert result.returncode == 1
    assert "is itself a scenario file" in clean(result)


@pytest.mark.parametrize("command", ["test", "timeline"])
def test_a_5000_digit_json_number_is_located(
    layout: tuple[Path, Path], command: str, in_process: InProcess
) -> None:
    project, _ = layout
    path = project / "scenarios" / "big.json"
    path.write_text('{"agreement": "../deal.term", "financing": ' + "9" * 5000 + "}")
    if command == "test":
        result = in_process("test", path)
    else:
        result = in_process("timeline", project / "deal.term", "--scenario", path)
    out = clean(result)
    assert result.returncode == 1
    assert "TL604" in out and "number longer than" in out


def test_a_lone_surrogate_in_a_json_name_is_printed_escaped(
    layout: tuple[Path, Path], in_process: InProcess
) -> None:
    project, _ = layout
    path = project / "scenarios" / "s.json"
    path.write_text('{"agreement": "../deal.term", "name": "x\\udfff"}', encoding="utf-8")
    result = in_process("test", project)
    out = clean(result)
    assert result.returncode == 1
    assert "\\udfff" in out


# ---------------------------------------------------------------- F13: JSON errors, caps


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"agreement": "../deal.term", "name": NaN}', "unexpected `N`"),
        ('{"agreement": "../deal.term", "name": "a", "name": "b"}', "given twice"),
        ('{"agreement": "../deal.term"} trailing', "after the JSON value"),
        ("", "unexpected end"),
        ("[" * 100 + "]" * 100, "nested too deeply"),
    ],
)
def test_json_syntax_errors_are_located_under_test(
    layout: tuple[Path, Path], content: str, expected: str, in_process: InProcess
) -> None:
    project, _ = layout
    path = project / "scenarios" / "bad.json"
    path.write_text(content, encoding="utf-8")
    out = clean(in_process("test", project))
    assert expected in out, out
    assert "does not name its agreement" not in out
    assert "bad.json:1:" in out


def test_a_bom_is_accepted_under_test(layout: tuple[Path, Path], in_process: InProcess) -> None:
    project, _ = layout
    path = project / "scenarios" / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + b'{"agreement": "../deal.term"}')
    result = in_process("test", project)
    assert result.returncode == 0, result.stdout + result.stderr


def test_failing_expectations_of_a_json_scenario_are_capped(
    layout: tuple[Path, Path], in_process: InProcess
) -> None:
    project, _ = layout
    lines = [f"status missing_{i} active" for i in range(1600)]
    path = project / "scenarios" / "many.json"
    path.write_text(json.dumps({"agreement": "../deal.term", "expect": {"2025-06-01": lines}}))
    result = in_process("test", project)
    out = clean(result)
    assert result.returncode == 1
    assert "TL003" in out and "more not shown" in out
    assert len(out) < 500_000  # was 54 MB: each snippet printed the whole 50 KB line


@pytest.mark.slow
def test_many_json_expectation_lines_parse_in_linear_time(layout: tuple[Path, Path]) -> None:
    # 12,500 lines on one 100 KB line took over 300 s when each line re-parsed the file
    project, _ = layout
    lines = ["status x active"] * 12_500
    path = project / "scenarios" / "long.json"
    path.write_text(json.dumps({"agreement": "../deal.term", "expect": {"2025-06-01": lines}}))
    result = termlang("test", project, timeout=120)
    clean(result)
    assert result.returncode == 1


def test_expectation_lines_point_into_the_json_file(
    layout: tuple[Path, Path], in_process: InProcess
) -> None:
    project, _ = layout
    path = project / "scenarios" / "where.json"
    path.write_text(
        '{"agreement": "../deal.term",\n "expect": {"2025-06-01": [\n   "status nope active"]}}'
    )
    out = clean(in_process("test", project))
    assert "where.json:3:12" in out, out


def test_money_from_a_large_exact_amount_keeps_every_digit() -> None:
    # a 173-digit compound balance used to be rounded to 28 significant digits by the context
    from fractions import Fraction

    from termlang.mechanics.exact import exact_money, to_money

    big = Fraction(10**40 + 1, 3)
    assert str(to_money("USD", big).amount) == "3" * 40 + ".67"
    exact = exact_money("USD", Fraction(10**35 + 1, 100))
    assert exact is not None and str(exact.amount) == "1" + "0" * 33 + ".01"


def test_fmt_scans_a_long_string_without_backtracking(tmp_path: Path) -> None:
    # fmt's comment scanner used the grammar's old backtracking string pattern (review F4)
    from termlang.fmt import scan_comments
    from termlang.source import SourceFile

    text = HDR + 'party c """\n' + ("y" * 1000 + "\n") * 4000 + '""" role x # kept\n'
    comments = scan_comments(SourceFile("long.term", text))
    assert [c.text for c in comments] == ["# kept"]


def test_a_snippet_of_a_long_line_is_a_window_with_the_caret_in_place() -> None:
    from termlang.diagnostics import Diagnostic, Severity
    from termlang.report import SNIPPET_CHARS, render_diagnostic
    from termlang.source import SourceFile, Span

    text = "a" * 20_000 + "TARGET" + "b" * 20_000
    source = SourceFile("long.json", text)
    diag = Diagnostic(
        code="TL604",
        severity=Severity.ERROR,
        message="m",
        span=Span(source, 20_000, 20_006),
    )
    lines = render_diagnostic(diag).splitlines()
    shown = next(line for line in lines if "TARGET" in line)
    caret = next(line for line in lines if "^" in line)
    assert len(shown) < SNIPPET_CHARS + 20
    assert shown.index("TARGET") == caret.index("^") and caret.count("^") == 6
    assert "long.json:1:20001" in lines[1]


@pytest.mark.parametrize("command", [("fmt", "--diff"), ("fmt", "--check"), ("check",)])
def test_escape_sequences_from_a_file_never_reach_the_terminal(
    tmp_path: Path, command: tuple[str, ...], in_process: InProcess
) -> None:
    # review F11: ESC/BEL in a string, in a file name and in an `allow` reason
    path = tmp_path / "e\x1b[2Jx.term"
    path.write_text(
        'agreement   "T\x1b]0;pwned\x07" {\n kind mou\n binding yes\n effective 2025-01-01\n'
        '}\nparty a "A" role company\nallow TL500 "\x1b[32mall clear"\n',
        encoding="utf-8",
    )
    result = in_process(*command, path)
    out = result.stdout + result.stderr
    assert "\x1b" not in out and "\x07" not in out, out
    assert "␛" in out


# ---------------------------------------------------------------- remaining rows of F1/F2


def test_row_201_json_agreement_etc_passwd(
    layout: tuple[Path, Path], in_process: InProcess
) -> None:
    project, _ = layout
    json_scenario(project, "/etc/passwd")
    out = clean(in_process("test", project))
    assert "TL020" in out and "root:" not in out


def test_row_102_uses_dev_stdin_with_an_open_pipe_does_not_block(tmp_path: Path) -> None:
    path = scenario_file(tmp_path, "/dev/stdin")
    env = dict(os.environ, NO_COLOR="1")
    with subprocess.Popen(
        [sys.executable, "-m", "termlang", "check", str(path), "--allow-outside", "/"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as child:
        out, err = child.communicate(timeout=30)  # stdin stays open until then: no EOF
    assert "Traceback" not in out + err
    assert "TL020" in out + err or "not a regular file" in out + err


def test_row_103_a_device_link_in_a_directory_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "deal.term").write_text(HDR, encoding="utf-8")
    (tmp_path / "zero.term").symlink_to("/dev/zero")
    for command in ("check", "fmt"):
        result = termlang(command, tmp_path, "--check" if command == "fmt" else "-q", timeout=30)
        assert "zero.term" in clean(result)


def test_row_105_a_fifo_given_directly_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.term")
    result = termlang("check", tmp_path / "fifo.term", timeout=20)
    assert result.returncode == 2 and "not a regular file" in clean(result)


def test_row_108_dev_stdin_fed_from_dev_zero(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        result = subprocess.run(
            [sys.executable, "-m", "termlang", "check", "/dev/stdin"],
            stdin=zero,
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 2 and "not a regular file" in clean(result)


@pytest.mark.parametrize("command", [("timeline",), ("eval", "--at", "2025-04-01")])
def test_rich_markup_and_escapes_in_a_title_are_shown_as_text(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    # `[/bold]` in a title made rich raise MarkupError (a traceback); ESC reached the terminal
    path = tmp_path / "markup.term"
    path.write_text(
        'agreement "T [/bold] [red]x\x1b[2J" {\n  kind mou\n  binding yes\n'
        '  effective 2025-01-01\n}\nparty a "A" role company\nevent e "E [/] happens"\n'
        'obligation o "O" {\n  party a\n  must "pay"\n  deadline 2025-06-01\n'
        "  starts_when e\n}\nscenario s { e 2025-03-01 }\n",
        encoding="utf-8",
    )
    result = termlang(command[0], path, *command[1:])
    out = clean(result)
    assert result.returncode == 0, out
    assert "T [/bold] [red]x␛[2J" in out
    assert "\x1b" not in out
