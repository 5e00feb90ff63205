"""Shared test options: `pytest --update-goldens` rewrites expected files instead of comparing;
`pytest --hypothesis-profile=fast` (the edit loop, `make check-fast`) runs a quarter of each
property test's examples, `examples(n)`."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


# Hypothesis profile of the edit loop: a property test that asks for `examples(n)` runs a
# quarter of its n examples (at least 10), as do those that keep Hypothesis's default of 100.
# `make test` and CI load no profile: every test runs all its examples.
FAST_PROFILE = "fast"
FAST_SHARE = 4


@pytest.hookimpl(tryfirst=True)  # before Hypothesis's plugin loads the profile it is given
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: opens the HTML summary in headless Chromium (skipped without it)"
    )
    if config.getoption("hypothesis_profile", None) == FAST_PROFILE:
        from hypothesis import settings  # only then: a run without it need not import Hypothesis

        settings.register_profile(FAST_PROFILE, max_examples=100 // FAST_SHARE)


def examples(n: int) -> int:
    """`n`, the examples a property test runs in `make test`; under the fast profile, a
    quarter of them (at least 10, or n if fewer). Read when the test module is imported,
    after the profile is loaded."""
    from hypothesis import settings

    current = getattr(settings, "get_current_profile_name", None)  # an older Hypothesis: all
    if current is None or current() != FAST_PROFILE:
        return n
    return max(min(n, 10), n // FAST_SHARE)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite golden expected files from the current output (review the diff!)",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def check_golden(path: Path, actual: str, update: bool) -> None:
    """Compare `actual` with the golden file, or rewrite it when updating."""
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not update:
            pytest.fail(f"golden file {path} did not exist; it was written, review and re-run")
        return
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path} (run pytest --update-goldens)"


InProcess = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def in_process(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> InProcess:
    """`termlang ARGS` run by `termlang.cli.main` in this process, as a `CompletedProcess`: the
    cost of a call instead of an interpreter's start. For commands that cannot block (no FIFO,
    no device, no link loop): a child process with a timeout is what turns a hang into a failure.
    Each command keeps at least one test through the real entry point in a child process."""
    from termlang.cli import main

    monkeypatch.setenv("NO_COLOR", "1")

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        argv = [str(a) for a in args]
        capsys.readouterr()
        try:
            code = main(argv)
        except SystemExit as exit:  # argparse's usage errors
            code = exit.code if isinstance(exit.code, int) else 2
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(argv, code, captured.out, captured.err)

    return run
