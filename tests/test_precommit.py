"""`.pre-commit-hooks.yaml` works as a pre-commit repository: the real `pre-commit try-repo`
installs termlang from this checkout into its own environment and runs the `termlang-check`
hook in a temporary git repository. A good file passes; a bad file fails and is named.

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
    (repo / "notes.txt").write_text("not a .term file: the hook ignores it\n")
    assert run("git", "add", ".").returncode == 0

    hook = (sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "termlang-check")
    good = run(*hook, "--files", "good.term", "notes.txt")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    both = run(*hook, "--files", "good.term", "bad.term")
    assert both.returncode == 1, both.stdout + both.stderr
    assert "Failed" in both.stdout
    assert "error[TL400]" in both.stdout
    assert "--> bad.term:13:3" in both.stdout
    assert "good.term:" not in both.stdout
