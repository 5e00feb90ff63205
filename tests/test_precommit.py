"""The README's pre-commit snippet works as written (issue 17).

`test_readme_snippet_behaves_as_documented` takes the YAML of README.md's "Using termlang in
pre-commit" section verbatim, points its `repo:` at a snapshot of this checkout (the working
tree, committed in a throwaway repository and tagged with the README's `rev:`, as `pre-commit
try-repo` does with uncommitted changes) and runs the real `pre-commit run --all-files` in a
throwaway repository of agreements: fmt rewrites and fails, passes once the result is staged;
check fails naming the file with the error; `--warnings-as-errors` (the strict fragment, also
taken from the README) makes a warning fail.

Slow-ish: pre-commit builds termlang from the snapshot into its own virtualenv with pip, which
fetches the build backend and the dependencies from the package index pip is configured with
(a local mirror or PyPI; about 10 s). It is kept in the suite: it is the only test of the hooks
as users run them.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import termlang
from conftest import FIXTURES, ROOT
from termlang.cli import build_parser
from termlang.fmt import format_text

GOOD = FIXTURES / "checks" / "good" / "split-total.term"
BAD = FIXTURES / "checks" / "bad" / "TL400-split-total.term"
WARNS = FIXTURES / "checks" / "bad" / "TL500-unused-party.term"
SECTION = "## Using termlang in pre-commit\n"
YAML_FENCE = re.compile(r"^( *)```yaml\n(.*?)^\1```", re.M | re.S)
TIMEOUT = 300  # installing the hook environment takes about 10 s; never hang the suite

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _hooks() -> list[dict[str, object]]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return hooks


def readme_snippets() -> list[str]:
    """The YAML blocks of the README's pre-commit section, dedented to their fence."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    blocks = []
    for match in YAML_FENCE.finditer(text[start : end if end != -1 else None]):
        indent = len(match.group(1))
        lines = match.group(2).splitlines(keepends=True)
        blocks.append("".join(line[indent:] for line in lines))
    return blocks


def test_hook_entries_are_commands_the_cli_takes() -> None:
    hooks = {hook["id"]: hook for hook in _hooks()}
    assert set(hooks) == {"termlang-check", "termlang-fmt"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["files"] == r"\.term$"
        argv = shlex.split(str(hook["entry"]))
        assert argv[0] == "termlang"
        build_parser().parse_args([*argv[1:], "deal.term"])  # exits 2 on an unknown flag
    # fmt rewrites and fails, as ruff-format does; `--check` (write nothing) is for CI
    assert hooks["termlang-fmt"]["entry"] == "termlang fmt --exit-non-zero-on-format"
    assert hooks["termlang-check"]["entry"] == "termlang check"


def test_readme_snippets_are_a_config_and_the_strict_fragment() -> None:
    config, strict = readme_snippets()
    repo = yaml.safe_load(config)["repos"][0]
    assert repo["repo"].startswith("https://")
    # the release tag the snippet names is the one of this version (tag it when releasing)
    assert repo["rev"] == f"v{termlang.__version__}"
    assert [hook["id"] for hook in repo["hooks"]] == ["termlang-check", "termlang-fmt"]
    assert yaml.safe_load(strict) == [{"id": "termlang-check", "args": ["--warnings-as-errors"]}]


def _run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )


def _snapshot(dest: Path, rev: str, env: dict[str, str]) -> None:
    """This checkout's working tree, committed in `dest` and tagged `rev`."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        check=False,
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout: nothing to serve as a pre-commit repository")
    for name in listed.stdout.decode().split("\0"):
        source = ROOT / name
        if name and (source.is_file() or source.is_symlink()):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name, follow_symlinks=False)
    for args in (
        ("git", "init", "-q"),
        ("git", "add", "-A"),
        ("git", "commit", "-q", "--no-verify", "-m", "snapshot"),
        ("git", "tag", rev),
    ):
        done = _run(*args, cwd=dest, env=env)
        assert done.returncode == 0, done.stderr


@pytest.mark.slow
@pytest.mark.network
def test_readme_snippet_behaves_as_documented(tmp_path: Path) -> None:
    config, strict = readme_snippets()
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "termlang tests",
        "GIT_AUTHOR_EMAIL": "tests@example.invalid",
        "GIT_COMMITTER_NAME": "termlang tests",
        "GIT_COMMITTER_EMAIL": "tests@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull,  # no signing, hooks or templates of the user's
        "NO_COLOR": "1",
    }
    env.pop("PRE_COMMIT", None)
    deals = tmp_path / "deals"
    termlang_repo = tmp_path / "termlang"
    deals.mkdir()
    termlang_repo.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return _run(*args, cwd=deals, env=env)

    rev = yaml.safe_load(config)["repos"][0]["rev"]
    _snapshot(termlang_repo, rev, env)
    # Only the URL changes: the public repository may not be reachable from the tests.
    local, n = re.subn(r"(?m)^(\s*- repo: ).*$", rf"\g<1>{termlang_repo.as_posix()}", config)
    assert n == 1

    assert run("git", "init", "-q").returncode == 0
    (deals / ".pre-commit-config.yaml").write_text(local, encoding="utf-8")
    canonical = format_text(GOOD.read_text(encoding="utf-8"))
    (deals / "good.term").write_text(canonical, encoding="utf-8")
    (deals / "bad.term").write_text(format_text(BAD.read_text(encoding="utf-8")), "utf-8")
    messy = canonical.replace("\n", "\n\n\n", 3).replace("  ", "    ")
    assert format_text(messy) != messy
    (deals / "messy.term").write_text(messy, encoding="utf-8")
    (deals / "notes.txt").write_text("not a .term file: the hooks ignore it\n")
    assert run("git", "add", "-A").returncode == 0
    assert run(sys.executable, "-m", "pre_commit", "install").returncode == 0

    def commit() -> tuple[int, str]:
        # git hands a hook's output to stderr; pre-commit's own run prints on stdout
        done = run("git", "commit", "-q", "-m", "deals")
        return done.returncode, done.stdout + done.stderr

    def status(out: str, hook: str) -> str:
        lines = [ln for ln in out.splitlines() if ln.startswith(hook + ".")]
        assert len(lines) == 1, out
        return lines[0].rsplit(".", 1)[1].strip()

    # 1. fmt rewrites the messy file and fails; check fails on the error, naming the file
    code, out = commit()
    assert code == 1, out
    assert status(out, "termlang check") == "Failed"
    assert "error[TL400]" in out
    assert "--> bad.term:13:3" in out
    assert status(out, "termlang fmt") == "Failed"
    assert "files were modified by this hook" in out
    assert "reformatted messy.term" in out
    assert "good.term" not in out and "notes.txt" not in out
    assert (deals / "messy.term").read_text(encoding="utf-8") == format_text(messy)
    assert (deals / "good.term").read_text(encoding="utf-8") == canonical
    assert run("git", "log").returncode != 0  # nothing committed yet

    # 2. once the result is staged, fmt passes; check still fails on the error
    assert run("git", "add", "-A").returncode == 0
    code, out = commit()
    assert code == 1, out
    assert status(out, "termlang fmt") == "Passed"
    assert status(out, "termlang check") == "Failed"
    assert "--> bad.term:13:3" in out

    # 3. without the error the commit goes through; a warning does not stop it
    (deals / "bad.term").unlink()
    (deals / "warns.term").write_text(format_text(WARNS.read_text(encoding="utf-8")), "utf-8")
    assert run("git", "add", "-A").returncode == 0
    code, out = commit()
    assert code == 0, out
    assert status(out, "termlang check") == status(out, "termlang fmt") == "Passed"
    assert "TL500" not in out  # a passing hook's output is not shown
    assert run("git", "log", "--oneline").stdout.count("deals") == 1

    # 4. the README's strict fragment in place of the check hook: the warning fails it
    strict_config, n = re.subn(r"(?m)^ *- id: termlang-check\b.*\n", strict, local)
    assert n == 1
    (deals / ".pre-commit-config.yaml").write_text(strict_config, encoding="utf-8")
    edited = format_text("# reviewed\n" + WARNS.read_text(encoding="utf-8"))
    (deals / "warns.term").write_text(edited, "utf-8")
    assert run("git", "add", "-A").returncode == 0
    code, out = commit()
    assert code == 1, out
    assert status(out, "termlang check") == "Failed"
    assert "warning[TL500]" in out
    assert "--> warns.term:10:7" in out
    assert status(out, "termlang fmt") == "Passed"
    # CI runs the same hooks over every file and fails just the same
    ci = run(sys.executable, "-m", "pre_commit", "run", "--all-files")
    assert ci.returncode == 1, ci.stdout + ci.stderr
    assert status(ci.stdout, "termlang check") == "Failed"
    assert "--> warns.term:10:7" in ci.stdout
