"""The evaluator's shape: a scheduler core, one handler per clause family, a kind table.

The semantics are tested elsewhere (tests/test_evaluate*.py, the examples' `expect` lines);
these tests hold the structure issue 16 asked for: every clause kind is either handled by a
family or knowingly has only a status, every handler implements `Handler`, no class mixes a
family in, nothing outside `phases.py` numbers the phases, and the result stays a pure,
picklable function of (model, scenario).
"""

from __future__ import annotations

import ast as pyast
import inspect
import pickle
import re
import typing
from datetime import date
from pathlib import Path
from typing import Any

from conftest import EXAMPLES
from termlang import model
from termlang.evaluate import engine, run
from termlang.evaluate.core import Core, Family, Handler
from termlang.evaluate.phases import Phase
from termlang.pipeline import analyze_path

EVALUATE = Path(engine.__file__).parent

# Kinds whose clauses only have a status (and a window): no family does more with them.
STATUS_ONLY = {"collaboration", "licence"}


def clause_kinds() -> set[str]:
    kinds = set()
    for cls in typing.get_args(model.AnyClause):
        kinds.add(cls.__attrs_attrs__.kind.default)
    return kinds


def flagship_engine() -> engine.Engine:
    m = analyze_path(EXAMPLES / "openai-microsoft-mou.term").model
    assert m is not None
    return engine.Engine(m, next(iter(m.scenarios.values())), None)


def test_every_clause_kind_has_a_family_or_only_a_status() -> None:
    kinds = clause_kinds()
    assert set(engine.HANDLERS) <= kinds, f"handlers for no kind: {set(engine.HANDLERS) - kinds}"
    assert kinds - set(engine.HANDLERS) == STATUS_ONLY, (
        "a new clause kind needs its family in evaluate/engine.py's table, "
        f"or a place in STATUS_ONLY: {sorted(kinds - set(engine.HANDLERS) - STATUS_ONLY)}"
    )
    eng = flagship_engine()
    for kind, family in engine.HANDLERS.items():
        if family == engine.FACTS:
            assert kind not in eng.handlers  # the facts set up rounds themselves
        else:
            assert eng.handlers[kind] is eng.families[family], kind


def test_handlers_implement_the_protocol_and_hold_the_core() -> None:
    eng = flagship_engine()
    protocol = {
        name
        for name, _ in inspect.getmembers(Handler, inspect.isfunction)
        if not name.startswith("_")
    }
    assert protocol == {"setup", "activate", "stopped"}
    for kind, handler in eng.handlers.items():
        assert isinstance(handler, Family), kind
        assert handler.core is eng
        for name in protocol:
            ours = inspect.signature(getattr(type(handler), name))
            theirs = inspect.signature(getattr(Handler, name))
            assert list(ours.parameters) == list(theirs.parameters), (kind, name)


def test_families_are_composed_not_mixed_in() -> None:
    for path in sorted((EVALUATE / "families").glob("*.py")):
        tree = pyast.parse(path.read_text(encoding="utf-8"))
        for node in pyast.walk(tree):
            if isinstance(node, pyast.ClassDef):
                bases = [pyast.unparse(b) for b in node.bases]
                assert bases in ([], ["Family"]), f"{path.name}: {node.name}{bases}"


def test_only_phases_numbers_the_phases() -> None:
    numbered = re.compile(r"^PH_\w+(, PH_\w+)* = \d", re.M)
    for path in sorted(EVALUATE.rglob("*.py")):
        assert not numbered.search(path.read_text(encoding="utf-8")), path.name
    assert [p.name for p in Phase] == [
        "AGREEMENT",
        "END",
        "WATCH",
        "START",
        "DATED",
        "SETTLE",
        "MEASURE",
    ]


def test_the_core_schedules_in_day_then_phase_then_insertion_order() -> None:
    m = analyze_path(EXAMPLES / "openai-microsoft-mou.term").model
    assert m is not None
    core = Core(m, next(iter(m.scenarios.values())), date(2030, 1, 1))
    seen: list[str] = []
    day = date(2027, 1, 1)
    core.at(day, Phase.SETTLE, lambda t: seen.append("settle"))
    core.at(day, Phase.END, lambda t: seen.append("end"))
    core.at(day, Phase.END, lambda t: seen.append("end again"))
    core.at(date(2026, 12, 31), Phase.MEASURE, lambda t: seen.append("day before"))
    core.at(date(2031, 1, 1), Phase.AGREEMENT, lambda t: seen.append("past the end"))
    core.at(None, Phase.AGREEMENT, lambda t: seen.append("no date"))
    core.sweep()
    assert seen == ["day before", "end", "end again", "settle"]
    assert core.last_processed == day


def test_evaluation_is_pure_and_picklable() -> None:
    m = analyze_path(EXAMPLES / "openai-microsoft-mou.term").model
    assert m is not None
    for scenario in m.scenarios.values():
        first, second = run(m, scenario), run(m, scenario)
        assert first == second
        assert pickle.loads(pickle.dumps(first)) == first


def test_a_model_crosses_processes_and_evaluates_the_same_there() -> None:
    """model + scenario -> timeline, with the model pickled into another interpreter (as a
    sweep over many scenarios would ship it to its workers)."""
    import subprocess
    import sys

    m = analyze_path(EXAMPLES / "openai-microsoft-mou.term").model
    assert m is not None
    assert pickle.loads(pickle.dumps(m)) == m
    here = {name: run(m, scenario) for name, scenario in m.scenarios.items()}
    code = (
        "import pickle, sys\n"
        "from termlang.evaluate import run\n"
        "m = pickle.loads(sys.stdin.buffer.read())\n"
        "out = {n: run(m, s) for n, s in m.scenarios.items()}\n"
        "sys.stdout.buffer.write(pickle.dumps(out))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=pickle.dumps(m), capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
    assert pickle.loads(done.stdout) == here


def test_the_static_expectations_do_not_load_the_interpreter() -> None:
    """`termlang check` validates `expect` lines without the timeline, the reasons or the
    engine (what `termlang test` then runs)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from termlang.pipeline import analyze_path\n"
        "from termlang.evaluate import expect_static\n"
        f"m = analyze_path(Path({str(EXAMPLES / 'openai-microsoft-mou.term')!r})).model\n"
        "assert m is not None and m.scenarios\n"
        "expect_static.problems(m)\n"
        "heavy = ('timeline', 'reasons', 'engine', 'core', 'lifecycle')\n"
        "print(sorted(h for h in heavy if f'termlang.evaluate.{h}' in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": ":".join(sys.path)},
    )
    assert out.stdout.strip() == "[]"


UNDATED = """\
party lab "Lab" role company
event launch "the lab launches"
obligation report "a report after the launch" {
  party        lab
  must         "report"
  starts_when  launch
  within       30 days
}
"""


def test_a_run_with_nothing_dated_never_reads_the_clock(monkeypatch: Any) -> None:
    """No end, no change and no effective date (reachable with `run_checks=False`): the
    horizon still comes from (model, scenario), never from `date.today()`."""
    import termlang

    class NoClock(date):
        @classmethod
        def today(cls) -> date:
            raise AssertionError("the interpreter read the clock")

    monkeypatch.setattr(engine, "date", NoClock)
    undated = termlang.check_text(UNDATED + 'scenario none "nothing happens" {\n}\n', "u.term")
    assert undated.model is not None
    first = run(undated.model, undated.model.scenarios["none"])
    assert first.changes == () and first.horizon == date.min
    assert run(undated.model, undated.model.scenarios["none"]) == first
    dated = termlang.check_text(
        UNDATED + 'scenario later "the launch is dated" {\n  launch  2031-05-01\n}\n', "d.term"
    )
    assert dated.model is not None
    assert run(dated.model, dated.model.scenarios["later"]).horizon >= date(2031, 5, 1)
