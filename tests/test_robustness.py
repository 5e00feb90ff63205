"""Files as they come: loops, unreadable files, bad encodings, line ends; via the real CLI.

Each test runs `python -m termlang ...` in a subprocess, like a user or pre-commit does, and
checks the exit status (2 for I/O problems), that the message names the file, that no
traceback is printed, and that no input file was modified. The cases that cannot block (no link
loop, no directory for a file) call the same `main` in this process (`in_process`: the cost of
a call, not of an interpreter's start); an uncaught exception there fails the test as a
traceback would.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import InProcess

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "examples" / "openai-microsoft-mou.term"
EXAMPLES = sorted((ROOT / "examples").glob("*.term"))

# Running as root, chmod 000 does not stop a read; so the "unreadable" file is simulated by
# making `os.open` and `Path.read_bytes` raise PermissionError for files named
# `locked*.term`, exactly what
# the OS raises for another user.
_LOCKED = """
import pathlib, runpy, sys
_read = pathlib.Path.read_bytes
def read_bytes(self):
    if self.name.startswith("locked"):
        raise PermissionError(13, "Permission denied", str(self))
    return _read(self)
pathlib.Path.read_bytes = read_bytes
import os
_open = os.open
def os_open(path, flags, *args, **kwargs):
    if os.path.basename(os.fspath(path)).startswith("locked"):
        raise PermissionError(13, "Permission denied", str(path))
    return _open(path, flags, *args, **kwargs)
os.open = os_open
sys.argv = ["termlang", *sys.argv[1:]]
runpy.run_module("termlang", run_name="__main__")
"""


def termlang(*args: str | Path, locked: bool = False) -> subprocess.CompletedProcess[str]:
    command = [sys.executable]
    command += ["-c", _LOCKED] if locked else ["-m", "termlang"]
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run(
        [*command, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def needs_command(name: str) -> None:
    """Skip while a subcommand is still being written (its module does not exist yet)."""
    import importlib.util

    if importlib.util.find_spec(f"termlang.commands.{name}") is None:
        pytest.skip(f"`termlang {name}` is not implemented yet")


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr


def digest(paths: list[Path]) -> dict[Path, tuple[str, int]]:
    """Content hash and mtime of every file under `paths`."""
    out: dict[Path, tuple[str, int]] = {}
    for root in paths:
        files = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]
        for f in files:
            out[f] = (hashlib.sha256(f.read_bytes()).hexdigest(), f.stat().st_mtime_ns)
    return out


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    for example in EXAMPLES:
        (tmp_path / example.name).write_bytes(example.read_bytes())
    return tmp_path


# ---------------------------------------------------------------------------- I/O problems


def test_missing_file_exits_2(tmp_path: Path, in_process: InProcess) -> None:
    result = in_process("check", tmp_path / "nope.term")
    assert result.returncode == 2
    assert "nope.term" in result.stdout + result.stderr
    no_traceback(result)


def test_unreadable_file_exits_2_and_others_are_still_checked(workdir: Path) -> None:
    locked = workdir / "locked.term"
    locked.write_bytes(FLAGSHIP.read_bytes())
    result = termlang("check", workdir, locked=True)
    assert result.returncode == 2, result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert "locked.term" in out
    assert "permission denied" in out.lower()
    assert f"{len(EXAMPLES) + 1} files" in out  # the readable ones were checked too
    no_traceback(result)


def test_non_utf8_file_exits_2_with_the_offset(tmp_path: Path, in_process: InProcess) -> None:
    path = tmp_path / "latin1.term"
    path.write_bytes('agreement "Soci\u00e9t\u00e9" {\n}\n'.encode("latin-1"))
    result = in_process("check", path)
    assert result.returncode == 2
    assert "UTF-8" in result.stdout
    assert "offset 15" in result.stdout
    no_traceback(result)


def test_binary_file_is_an_error_not_a_crash(tmp_path: Path, in_process: InProcess) -> None:
    path = tmp_path / "blob.term"
    path.write_bytes(bytes(range(256)) * 4)
    result = in_process("check", path)
    assert result.returncode in (1, 2)
    assert "binary" in result.stdout
    no_traceback(result)


def test_symlink_loop_in_a_directory_terminates(workdir: Path) -> None:
    (workdir / "sub").mkdir()
    (workdir / "sub" / "loop").symlink_to(workdir, target_is_directory=True)
    (workdir / "self").symlink_to(workdir / "self")  # a link to itself: ELOOP on stat
    result = termlang("check", workdir)
    no_traceback(result)
    assert result.returncode in (0, 1, 2)
    # Every example is checked once, not once per trip around the loop.
    assert f"{len(EXAMPLES)} file" in result.stdout


def test_dangling_symlink_named_term(workdir: Path) -> None:
    (workdir / "gone.term").symlink_to(workdir / "does-not-exist.term")
    result = termlang("check", workdir)
    no_traceback(result)
    assert result.returncode == 2
    assert "gone.term" in result.stdout + result.stderr


def test_directory_named_like_a_file(tmp_path: Path) -> None:
    (tmp_path / "dir.term").mkdir()
    result = termlang("check", tmp_path / "dir.term")
    no_traceback(result)
    assert result.returncode == 2


# ---------------------------------------------------------------------------- encodings


def _variants(text: bytes) -> dict[str, bytes]:
    lf = text.replace(b"\r\n", b"\n")
    return {
        "crlf": lf.replace(b"\n", b"\r\n"),
        "bom": b"\xef\xbb\xbf" + lf,
        "bom-crlf": b"\xef\xbb\xbf" + lf.replace(b"\n", b"\r\n"),
        "tabs": lf.replace(b"  ", b"\t"),
        "no-final-newline": lf.rstrip(b"\n"),
        "cr-only-comment": lf.replace(b"# assumed", b"# assumed\r", 1),
    }


@pytest.mark.parametrize("variant", list(_variants(b"")))
def test_line_ends_bom_and_tabs_check_clean(
    tmp_path: Path, variant: str, in_process: InProcess
) -> None:
    data = _variants(FLAGSHIP.read_bytes())[variant]
    path = tmp_path / f"{variant}.term"
    path.write_bytes(data)
    result = in_process("check", path)
    no_traceback(result)
    if variant == "cr-only-comment":
        # A lone CR is not a line end: it is reported, located, not a crash.
        assert result.returncode in (0, 1)
    else:
        assert result.returncode == 0, result.stdout


def test_crlf_positions_match_lf(tmp_path: Path, in_process: InProcess) -> None:
    """An error reports the same line and column whatever the line ends."""
    text = b'agreement "a" {\n  kind mou\n  bogus_field 1\n}\n'
    for name, data in {"lf": text, "crlf": text.replace(b"\n", b"\r\n")}.items():
        path = tmp_path / f"{name}.term"
        path.write_bytes(data)
    lf = in_process("check", "--format", "json", tmp_path / "lf.term")
    crlf = in_process("check", "--format", "json", tmp_path / "crlf.term")
    import json

    def starts(out: str) -> list[tuple[int, int]]:
        data = json.loads(out)
        diags = data["diagnostics"] if isinstance(data, dict) else data
        found = []
        for d in diags:
            for key in ("span", "location", "range"):
                if isinstance(d.get(key), dict) and "start" in d[key]:
                    s = d[key]["start"]
                    found.append((s["line"], s["column"]))
        return found

    assert starts(lf.stdout) == starts(crlf.stdout)
    assert starts(lf.stdout)


# ---------------------------------------------------------------------------- inputs untouched


READ_ONLY_COMMANDS = [
    ["check"],
    ["check", "--format", "json"],
    ["check", "--format", "sarif"],
    ["check", "--run-scenarios"],
    ["test"],
    ["fmt", "--check"],
    ["fmt", "--diff"],
]


@pytest.mark.parametrize("command", READ_ONLY_COMMANDS, ids=" ".join)
def test_commands_do_not_modify_their_inputs(
    workdir: Path, command: list[str], in_process: InProcess
) -> None:
    needs_command(command[0])
    (workdir / "broken.term").write_bytes(b"agreement {\n  kind = mou\n")  # bad input too
    (workdir / "crlf.term").write_bytes(FLAGSHIP.read_bytes().replace(b"\n", b"\r\n"))
    before = digest([workdir])
    result = in_process(*command, workdir)
    no_traceback(result)
    assert digest([workdir]) == before
    assert sorted(p.name for p in workdir.iterdir()) == sorted(p.name for p in before)


@pytest.mark.parametrize("command", [["eval", "--at", "2027-01-01"], ["timeline"]], ids=" ".join)
def test_single_file_commands_do_not_modify_their_input(
    workdir: Path, command: list[str], in_process: InProcess
) -> None:
    needs_command(command[0])
    target = workdir / FLAGSHIP.name
    before = digest([workdir])
    result = in_process(command[0], target, *command[1:])
    no_traceback(result)
    assert digest([workdir]) == before
