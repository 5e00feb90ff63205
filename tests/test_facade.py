"""The package façade (`termlang.check`, `termlang.evaluate`, `termlang.timeline`) as a user
calls it, in a fresh interpreter: what other modules imported before must not change it."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

FLAGSHIP = ROOT / "examples" / "openai-microsoft-mou.term"

SCRIPT = f"""
from datetime import date
import termlang

analysis = termlang.check({str(FLAGSHIP)!r})  # loads evaluate.expect_static: the package
first = termlang.evaluate(analysis.model, at=date(2027, 1, 1))
import termlang.evaluate  # noqa: F401 (the submodule again, explicitly)
again = termlang.evaluate(analysis.model, at=date(2027, 1, 1))
assert first.statuses == again.statuses and first.statuses
assert termlang.timeline(analysis.model).changes
print("ok")
"""


def test_evaluate_is_callable_after_its_package_is_imported() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
