"""Choosing the scenario to evaluate."""

from __future__ import annotations

from termlang import model
from termlang.diagnostics import Diagnostic, Severity
from termlang.scenario_codes import UNKNOWN_SCENARIO

NO_SCENARIO = "(no scenario)"


class ScenarioError(Exception):
    """A scenario cannot be chosen or read; `diagnostics` say why, with locations."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


def empty_scenario() -> model.Scenario:
    """The scenario of a file that declares none: no event happens, no figures."""
    return model.Scenario(name=NO_SCENARIO)


def pick_scenario(m: model.Model, name: str | None) -> model.Scenario:
    """The scenario called `name`; without a name, the one marked `default`, else the first,
    else an empty scenario. Raises `ScenarioError` for an unknown name (with did-you-mean)."""
    if name is None:
        for scenario in m.scenarios.values():
            if scenario.default:
                return scenario
        return next(iter(m.scenarios.values()), empty_scenario())
    found = m.scenarios.get(name)
    if found is not None:
        return found
    from termlang.names import did_you_mean

    known = list(m.scenarios)
    suggestion = did_you_mean(name, known)
    if suggestion:
        help = f"did you mean `{suggestion}`?"
    elif known:
        help = "the file declares " + ", ".join(f"`{k}`" for k in known)
    else:
        help = "the file declares no scenario; add a `scenario NAME { ... }` block"
    raise ScenarioError(
        [
            Diagnostic(
                code=UNKNOWN_SCENARIO,
                severity=Severity.ERROR,
                message=f"no scenario named `{name}` in `{m.path}`",
                span=None,
                help=help,
            )
        ]
    )
