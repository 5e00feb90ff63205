"""`.pre-commit-hooks.yaml` works as a pre-commit repository: the real `pre-commit try-repo`
installs termlang from this checkout into its own environment and runs both hooks,
`termlang-check` and `termlang-fmt`, in a temporary git repository. A good, canonical file
passes both; a file with an error fails the check and a messy file fails fmt, each named.

Slow-ish (pre-commit builds the package and installs its dependencies from PyPI, about 20 s
per run) but kept in the suite: it is the only test of the hook as users run it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

GOOD = FIXTURES / "checks" / "good" / "split-total.term"
BAD = FIXTURES / "checks" / "bad" / "TL400-split-total.term"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_hook_definition_matches_the_cli() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: termlang-check" in text
    assert "entry: termlang check" in text
    assert "- id: termlang-fmt" in text
    assert "entry: termlang fmt --check" in text
    assert "language: python" in text
    assert r"files: \.term$" in text


def test_try_repo_passes_a_good_file_and_names_a_bad_one(tmp_path: Path) -> None:
    repo = tmp_path / "deals"
    repo.mkdir()
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "termlang tests",
        "GIT_AUTHOR_EMAIL": "tests@example.invalid",
        "GIT_COMMITTER_NAME": "termlang tests",
        "GIT_COMMITTER_EMAIL": "tests@example.invalid",
        "NO_COLOR": "1",
    }
    env.pop("PRE_COMMIT", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, cwd=repo, env=env, capture_output=True, text=True, timeout=600, check=False
        )

    assert run("git", "init", "-q").returncode == 0
    shutil.copy(GOOD, repo / "good.term")
    shutil.copy(BAD, repo / "bad.term")
    fmt = [sys.executable, "-m", "termlang", "fmt"]
    assert subprocess.run([*fmt, str(repo / "good.term"), str(repo / "bad.term")]).returncode == 0
    messy = (repo / "good.term").read_text(encoding="utf-8").replace("\n", "\n\n\n", 3)
    (repo / "messy.term").write_text(messy.replace("  ", "    "), encoding="utf-8")
    (repo / "notes.txt").write_text("not a .term file: the hooks ignore it\n")
    assert run("git", "add", ".").returncode == 0

    hooks = (sys.executable, "-m", "pre_commit", "try-repo", str(ROOT))
    good = run(*hooks, "--files", "good.term", "notes.txt")
    assert good.returncode == 0, good.stdout + good.stderr
    assert good.stdout.count("Passed") == 2

    mixed = run(*hooks, "--files", "good.term", "bad.term", "messy.term")
    assert mixed.returncode == 1, mixed.stdout + mixed.stderr
    assert mixed.stdout.count("Failed") == 2
    assert "error[TL400]" in mixed.stdout
    assert "--> bad.term:13:3" in mixed.stdout
    assert "good.term:" not in mixed.stdout
    assert "messy.term" in mixed.stdout
