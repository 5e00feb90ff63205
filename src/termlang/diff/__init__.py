"""`termlang diff`: what changed between two versions of an agreement, in the deal's words.

    from termlang.diff import compare
    redline = compare(old_analysis, new_analysis, scenario="on_time")
    for line in redline.sentences("en"): ...

A redline has two parts: the **edits** of the text (`structure`: declarations added, removed,
renamed; field changes with old and new values) and, when both versions evaluate, the
**consequences** under a scenario (`consequences`: change points that moved, values and
amounts that differ). The checker's findings of each version travel beside them: a draft that
contradicts itself still diffs; only a syntax error stops it.
"""

from __future__ import annotations

from typing import Any

from attrs import frozen

from termlang.diagnostics import Diagnostic, Severity
from termlang.diff.consequences import Effect, compare_timelines
from termlang.diff.structure import Edit, structural_diff

__all__ = ["Edit", "Effect", "Redline", "compare", "compare_timelines", "structural_diff"]


@frozen(kw_only=True)
class Redline:
    """The comparison of two versions."""

    old_path: str
    new_path: str
    edits: tuple[Edit, ...]
    effects: tuple[Effect, ...] = ()
    scenario: str | None = None  # the scenario the consequences were computed under
    scenario_label: str | None = None
    note: str | None = None  # why consequences are missing, if they are
    old_findings: tuple[Diagnostic, ...] = ()
    new_findings: tuple[Diagnostic, ...] = ()
    old_model: Any = None
    new_model: Any = None

    @property
    def equivalent(self) -> bool:
        """No edit: the versions mean the same (layout and comments aside)."""
        return not self.edits

    def sentences(self, locale: str = "en") -> list[str]:
        from termlang.diff.words import describe

        return [describe(e, locale) for e in self.edits]

    def effect_sentences(self, locale: str = "en") -> list[str]:
        from termlang.diff.words import describe_effect

        models = (self.new_model, self.old_model)
        return [describe_effect(e, models, locale) for e in self.effects]


def _renames(edits: tuple[Edit, ...]) -> dict[str, str]:
    return {e.old_name: e.subject for e in edits if e.op == "renamed" and e.old_name}


def compare(old: Any, new: Any, scenario: str | None = None) -> Redline:
    """Compare two `pipeline.Analysis` results that both have a model.

    Consequences are computed when neither version has errors; otherwise `note` says why.
    """
    edits = tuple(structural_diff(old.model, new.model))
    redline = Redline(
        old_path=old.path,
        new_path=new.path,
        edits=edits,
        old_findings=tuple(old.diagnostics),
        new_findings=tuple(new.diagnostics),
        old_model=old.model,
        new_model=new.model,
    )
    if old.has_errors or new.has_errors:
        broken = " and ".join(f"`{a.path}`" for a in (old, new) if a.has_errors)
        return _evolve(redline, note=f"consequences not computed: {broken} has errors")
    from termlang.evaluate import ScenarioError, pick_scenario, run

    try:
        old_scenario = pick_scenario(old.model, scenario)
        new_scenario = pick_scenario(new.model, scenario)
    except ScenarioError as exc:
        return _evolve(redline, note="consequences not computed: " + str(exc))
    effects = compare_timelines(
        run(old.model, old_scenario), run(new.model, new_scenario), _renames(edits)
    )
    # What an added or removed declaration does is implied by the edit itself.
    whole = {e.subject for e in edits if e.op in ("added", "removed")}
    effects = [e for e in effects if not _within(e.subject, whole)]
    return _evolve(
        redline,
        effects=tuple(effects),
        scenario=new_scenario.name,
        scenario_label=new_scenario.label,
    )


def _within(subject: str, names: set[str]) -> bool:
    parts = subject.split(".")
    return any(".".join(parts[: i + 1]) in names for i in range(len(parts)))


def _evolve(redline: Redline, **changes: Any) -> Redline:
    from attrs import evolve

    return evolve(redline, **changes)


def has_errors(findings: tuple[Diagnostic, ...]) -> bool:
    return any(d.severity is Severity.ERROR for d in findings)
