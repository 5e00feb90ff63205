"""termlang: memoranda of understanding and term sheets as code.

The façade mirrors the command line; heavy parts load only when called::

    import termlang
    analysis = termlang.check("examples/openai-microsoft-mou.term")
    analysis.diagnostics, analysis.model
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from termlang.version import __version__

__all__ = ["__version__", "check", "check_text", "evaluate", "parse", "timeline"]

if TYPE_CHECKING:
    from datetime import date

    from termlang.ast import File
    from termlang.diagnostics import Diagnostic
    from termlang.evaluate import State, Timeline
    from termlang.model import Model, Scenario
    from termlang.pipeline import Analysis


def parse(text: str, path: str = "<text>") -> tuple[File | None, list[Diagnostic]]:
    """Parse text into items (`ast.File`) and syntax diagnostics."""
    from termlang.source import SourceFile
    from termlang.syntax import parse_source

    return parse_source(SourceFile(path=path, text=text))


def check(path: str, *, run_checks: bool = True) -> Analysis:
    """Read, parse, resolve and check one .term file."""
    from pathlib import Path

    from termlang.pipeline import analyze_path

    return analyze_path(Path(path), path, run_checks=run_checks)


def evaluate(model: Model, scenario: Scenario | str | None = None, *, at: date) -> State:
    """The state of an agreement at a date under a scenario (object, name, or None: default)."""
    from termlang.evaluate import evaluate as _evaluate

    return _evaluate(model, scenario, at=at)


def timeline(model: Model, scenario: Scenario | str | None = None) -> Timeline:
    """Every change point of an agreement under a scenario, each with its reason."""
    from termlang.evaluate import pick_scenario, run

    if scenario is None or isinstance(scenario, str):
        scenario = pick_scenario(model, scenario)
    return run(model, scenario)


def check_text(text: str, path: str = "<text>", *, run_checks: bool = True) -> Analysis:
    """Like `check`, for text in memory."""
    from termlang.pipeline import analyze_text

    return analyze_text(text, path, run_checks=run_checks)
