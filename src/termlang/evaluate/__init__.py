"""The interpreter: an agreement's clause outcomes over time under a scenario.

    from termlang.evaluate import pick_scenario, run
    timeline = run(model, pick_scenario(model, "on_time"))
    timeline.state_at(date(2027, 1, 1)).statuses["softbank_round.second"]   # 'funded'

`run` is a pure function of (model, scenario) and event-driven: its cost depends on the
number of clauses and change points, not on the horizon. The semantics (windows, lifecycle,
tranches, revenue shares, rounding) are written down in docs/semantics.md.
"""

from __future__ import annotations

import sys
from datetime import date
from types import ModuleType
from typing import TYPE_CHECKING, Any

from termlang.evaluate.scenarios import NO_SCENARIO, ScenarioError, empty_scenario, pick_scenario
from termlang.model import Model, Scenario
from termlang.scenario_codes import RULES

if TYPE_CHECKING:
    from termlang.evaluate.engine import HANDLERS
    from termlang.evaluate.timeline import Change, Payment, State, Timeline

__all__ = [
    "HANDLERS",
    "NO_SCENARIO",
    "RULES",
    "Change",
    "Payment",
    "ScenarioError",
    "State",
    "Timeline",
    "empty_scenario",
    "evaluate",
    "pick_scenario",
    "run",
    "state_at",
]


def __getattr__(name: str) -> Any:
    """The timeline's classes load with the interpreter, not with this package: `termlang
    check` imports `evaluate.expect_static` and never evaluates."""
    if name in ("Change", "Payment", "State", "Timeline"):
        from termlang.evaluate import timeline

        return getattr(timeline, name)
    if name == "HANDLERS":  # clause kind keyword -> its family (the lower registry checks it)
        from termlang.evaluate import engine

        return engine.HANDLERS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run(
    model: Model,
    scenario: Scenario | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
) -> Timeline:
    """Every change point of `model` under `scenario`, up to `end` (default: the scenario's
    `horizon`, else the last change). `start` only trims what `Timeline.visible()` shows:
    states before it are still exact, because evaluation always begins at the beginning."""
    from termlang.evaluate.engine import Engine

    scenario = scenario if scenario is not None else pick_scenario(model, None)
    horizon = end if end is not None else scenario.horizon
    timeline = Engine(model, scenario, horizon).run()
    if start is not None:
        from attrs import evolve

        timeline = evolve(timeline, start=start)
    return timeline


def state_at(model: Model, scenario: Scenario | None, at: date) -> State:
    """The state at the start of day `at` (evaluating only as far as `at`)."""
    scenario = scenario if scenario is not None else pick_scenario(model, None)
    return run(model, scenario, end=at).state_at(at)


def evaluate(model: Model, scenario: Scenario | str | None = None, *, at: date) -> State:
    """The façade call: the state at `at` under a scenario given by object or name."""
    if not isinstance(scenario, Scenario):
        scenario = pick_scenario(model, scenario)
    return state_at(model, scenario, at)


class _Package(ModuleType):
    """`termlang.evaluate` names both the façade's function and this package. Importing the
    package makes Python set it as the attribute `evaluate` of `termlang`, over the function,
    so the package answers the function's call: `termlang.evaluate(model, at=...)` works
    whatever has been imported before."""

    def __call__(self, model: Model, scenario: Scenario | str | None = None, *, at: date) -> State:
        return evaluate(model, scenario, at=at)


sys.modules[__name__].__class__ = _Package
