"""Regression tests for the writing rows of the security review (2026-11), F6, F7 and F12.

One test per row, numbered as in the review. Every test runs in a temporary directory: the
non-regular targets of rows 126-127 (`/dev/null`, `/dev/stdout`) are stood in for by a FIFO,
a character device made in the temporary directory, a pipe descriptor and a link to
`/proc/self/fd/1`, so a regression could never replace the machine's own `/dev` entries.
Tests run as root here: read-only files are files without write bits, which root must
respect too.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from termlang.cli import main

DEAL = 'agreement "T" {\n  kind mou\n  binding yes\n  effective 2025-01-01\n}\n'
MESSY = 'agreement "T" {\n    kind mou\n  binding yes\n  effective 2025-01-01\n}\n'
FORMATTED = 'agreement "T" {\n  kind       mou\n  binding    yes\n  effective  2025-01-01\n}\n'

# The git diff driver line for README.md and docs/diff.md: `--` keeps any committed file
# name (`--format=json.term`) a file name.
DRIVER = 'sh -c \'termlang diff -- "$2" "$5"; test $? -le 1\' -'

ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to change owners")
GIT = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def deal(tmp_path: Path) -> Path:
    path = tmp_path / "deal.term"
    path.write_text(DEAL, encoding="utf-8")
    return path


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _render(deal: Path, out: Path | str, *extra: str) -> int:
    return main(["render", str(deal), "-o", str(out), *extra])


# ----------------------------------------------------------------------- F7: render -o


def test_row_117_render_keeps_a_private_summary_private(deal: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    out.write_text("old\n")
    out.chmod(0o600)
    assert _render(deal, out) == 0
    assert _mode(out) == 0o600
    assert out.read_text().startswith("# T")


def test_row_118_render_keeps_mode_and_group(deal: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    out.write_text("old\n")
    out.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(out, 0, 65534)  # root:nogroup, as in the review
    before = out.stat()
    assert _render(deal, out) == 0
    after = out.stat()
    assert _mode(out) == 0o640
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)


def test_row_119_render_refuses_a_symlink_then_follows_it_when_asked(
    deal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real.md"
    real.write_text("old\n")
    link = tmp_path / "link.md"
    link.symlink_to("real.md")
    assert _render(deal, link) == 2
    err = capsys.readouterr().err
    assert "error[TL030]: `" in err and "is a symbolic link to `real.md`" in err
    assert "--follow-symlinks" in err and "Traceback" not in err
    assert link.is_symlink() and real.read_text() == "old\n"
    assert _render(deal, link, "--follow-symlinks") == 0
    assert link.is_symlink() and real.read_text().startswith("# T")


def test_row_121_render_refuses_a_read_only_file(
    deal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "summary.md"
    out.write_text("signed copy\n")
    out.chmod(0o444)
    assert _render(deal, out) == 2
    assert "error[TL032]" in capsys.readouterr().err
    assert out.read_text() == "signed copy\n" and _mode(out) == 0o444


def test_row_124_render_refuses_to_overwrite_its_input(
    deal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hard = tmp_path / "hard.term"
    os.link(deal, hard)
    soft = tmp_path / "soft.term"
    soft.symlink_to(deal)
    for out, extra in ((deal, ()), (hard, ()), (soft, ("--follow-symlinks",))):
        assert _render(deal, out, *extra) == 2
        assert "error[TL033]" in capsys.readouterr().err
    assert deal.read_text() == DEAL


def test_row_126_render_to_a_fifo_writes_through(deal: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "null"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        assert _render(deal, fifo) == 0
        assert os.read(reader, 1 << 16).startswith(b"# T")
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_row_126_render_to_a_character_device_writes_through(deal: Path, tmp_path: Path) -> None:
    """A private copy of /dev/null (major 1, minor 3) made in the temporary directory."""
    null = tmp_path / "null"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        os.close(os.open(null, os.O_WRONLY))
    except OSError:
        pytest.skip("cannot make or open a device node here (no CAP_MKNOD, or a nodev mount)")
    assert _render(deal, null) == 0
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert null.lstat().st_rdev == os.makedev(1, 3)


def test_row_127_render_to_a_link_to_stdout_writes_to_stdout(deal: Path, tmp_path: Path) -> None:
    """`-o /dev/stdout` is a link to `/proc/self/fd/1`; a link of our own stands in for it."""
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    run = subprocess.run(
        [sys.executable, "-m", "termlang", "render", str(deal), "-o", str(stdout)],
        capture_output=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(b"# T")
    assert stdout.is_symlink()


def test_row_127_render_to_a_descriptor_path(deal: Path) -> None:
    read_end, write_end = os.pipe()
    try:
        os.set_blocking(read_end, False)
        assert _render(deal, f"/dev/fd/{write_end}") == 0
        assert os.read(read_end, 1 << 16).startswith(b"# T")
    finally:
        os.close(read_end)
        os.close(write_end)


# ---------------------------------------------------------------------------- F7, F12: fmt


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    path = tmp_path / "messy.term"
    path.write_text(MESSY, encoding="utf-8")
    return path


def test_row_128_fmt_refuses_a_read_only_file(
    messy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    messy.chmod(0o444)
    assert main(["fmt", str(messy)]) == 2
    err = capsys.readouterr().err
    assert "error[TL032]" in err and "1 file not written" in err
    assert messy.read_text() == MESSY and _mode(messy) == 0o444


def test_row_130_fmt_refuses_a_symlink_then_formats_its_target_when_asked(
    messy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "link.term"
    link.symlink_to(messy.name)
    assert main(["fmt", str(link)]) == 2
    assert "error[TL030]" in capsys.readouterr().err
    assert link.is_symlink() and messy.read_text() == MESSY
    assert main(["fmt", "--follow-symlinks", str(link)]) == 0
    assert link.is_symlink() and messy.read_text() == FORMATTED


def test_row_131_fmt_keeps_hard_links(messy: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-name.term"
    os.link(messy, other)
    assert main(["fmt", str(messy)]) == 0
    assert other.read_text() == FORMATTED
    assert messy.stat().st_ino == other.stat().st_ino and messy.stat().st_nlink == 2


@ROOT_ONLY
def test_row_132_fmt_as_root_keeps_the_owner(messy: Path) -> None:
    os.chown(messy, 65534, 65534)  # nobody
    messy.chmod(0o600)
    assert main(["fmt", str(messy)]) == 0
    info = messy.stat()
    assert (info.st_uid, info.st_gid, _mode(messy)) == (65534, 65534, 0o600)
    assert messy.read_text() == FORMATTED


def test_row_133_fmt_never_loses_an_edit_made_while_it_formats(
    messy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import termlang.fmt

    real = termlang.fmt.format_source

    def slow_format(source: object) -> object:
        with messy.open("a", encoding="utf-8") as handle:  # the user saves meanwhile
            handle.write("# added while fmt ran\n")
        return real(source)  # type: ignore[arg-type]

    monkeypatch.setattr(termlang.fmt, "format_source", slow_format)
    assert main(["fmt", str(messy)]) == 2
    assert "error[TL034]" in capsys.readouterr().err
    assert messy.read_text() == MESSY + "# added while fmt ran\n"
    assert [p.name for p in messy.parent.iterdir()] == [messy.name]


# ----------------------------------------------------------------------- F6: diff and git


def _git_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    for args in (
        ["init", "-q"],
        ["config", "user.email", "t@example.com"],
        ["config", "user.name", "t"],
        ["config", "commit.gpgsign", "false"],
    ):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=30)
    return repo


def _commit(repo: Path) -> None:
    for args in (["add", "-A", "--", "."], ["commit", "-qm", "v1"]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=30)


@GIT
@pytest.mark.parametrize("victim_exists", [False, True], ids=["row_174", "row_175"])
def test_rows_174_175_diff_git_rev_cannot_be_a_git_option(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    victim_exists: bool,
) -> None:
    repo = _git_repo(tmp_path)
    deal = repo / "deal.term"
    deal.write_text(DEAL)
    _commit(repo)
    victim = repo / "victim:deal.term"
    if victim_exists:
        victim.write_text("precious\n")
    before = sorted(p.name for p in repo.iterdir())
    monkeypatch.chdir(repo)
    for rev in ("--output=victim", "--output=pwn", "-ovictim2", "--textconv"):
        assert main(["diff", f"--git={rev}", str(deal)]) == 2
        err = capsys.readouterr().err
        assert "error[TL035]" in err and "Traceback" not in err
    assert sorted(p.name for p in repo.iterdir()) == before
    if victim_exists:
        assert victim.read_text() == "precious\n"
    assert main(["diff", "--git", "HEAD", "--", str(deal)]) == 0  # a real revision still works


@GIT
def test_diff_accepts_file_names_after_a_double_dash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "--format=json.term").write_text(DEAL)
    (tmp_path / "--git=x.term").write_text(DEAL.replace("binding yes", "binding no"))
    assert main(["diff", "--", "--format=json.term", "--git=x.term"]) == 1
    assert "the binding of the agreement changed from yes to no" in capsys.readouterr().out


def _driver_env(tmp_path: Path) -> dict[str, str]:
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "termlang").exists():
        pytest.skip("the termlang script is not installed beside this interpreter")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["HOME"] = str(tmp_path)  # no user git config
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    return env


@GIT
@pytest.mark.parametrize(
    "name", ["--format=json.term", "--git=--output=pwn.term"], ids=["row_179", "row_180"]
)
def test_rows_179_180_the_readme_diff_driver_is_safe_with_any_file_name(
    tmp_path: Path, name: str
) -> None:
    repo = _git_repo(tmp_path)
    (repo / ".gitattributes").write_text("*.term diff=termlang\n")
    subprocess.run(
        ["git", "config", "diff.termlang.command", DRIVER], cwd=repo, check=True, timeout=30
    )
    (repo / name).write_text(DEAL)
    _commit(repo)
    (repo / name).write_text(DEAL.replace("binding yes", "binding no"))
    env = _driver_env(tmp_path)
    run = subprocess.run(["git", "diff"], cwd=repo, capture_output=True, env=env, timeout=60)
    assert run.returncode == 0, run.stderr
    assert b"the binding of the agreement changed from yes to no" in run.stdout
    assert b"external diff died" not in run.stderr
    made = [p for p in tmp_path.rglob("*pwn*") if p.name != name]
    assert made == []


def test_writer_codes_are_registered_once_and_explained() -> None:
    """Each refusal has its own code in termlang.codes (a code used twice would silently
    replace another's documentation), and `termlang explain` knows it."""
    from collections import Counter

    from termlang.checks import all_codes
    from termlang.codes import CORE_RULES as _CORE
    from termlang.files import Refusal

    counts = Counter(rule.code for rule in _CORE)
    assert [code for code, n in counts.items() if n > 1] == []
    names = {rule.code: rule.name for rule in all_codes().values()}
    assert {r.value: names.get(r.value) for r in Refusal} == {
        "TL030": "output-is-symlink",
        "TL031": "output-not-a-file",
        "TL032": "output-read-only",
        "TL033": "output-is-input",
        "TL034": "changed-during-write",
    }
    assert names.get("TL035") == "bad-git-revision"
    assert main(["explain", "TL034"]) == 0


def test_the_readme_driver_is_the_tested_driver() -> None:
    """The line the README tells people to paste is the one the tests above run."""
    import shlex

    root = Path(__file__).resolve().parent.parent
    for doc in ("README.md", "docs/diff.md"):
        lines = (root / doc).read_text(encoding="utf-8").splitlines()
        line = next(x for x in lines if x.startswith("git config diff.termlang.command"))
        assert shlex.split(line)[3] == DRIVER, doc
