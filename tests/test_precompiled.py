"""The methods attrs writes, compiled ahead of time (termlang.precompile, termlang.nodes)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from termlang import _methods, nodes, precompile

ROOT = Path(__file__).resolve().parent.parent
SAME_ATTRS = pytest.mark.skipif(
    attrs.__version__ != _methods.ATTRS_VERSION,
    reason=f"_methods.py was generated for attrs {_methods.ATTRS_VERSION}, "
    f"this is attrs {attrs.__version__}: `make tables` regenerates it (it only costs time)",
)


def test_script_key_takes_out_the_number_attrs_writes_into_hash() -> None:
    plain = "def __init__(self, a):\n    self.a = a\n"
    assert nodes.script_key(plain) == (plain, ())
    for number in ("5140780162228844387", "-77"):
        script = f"def __hash__(self):\n        return hash((\n                {number},\n"
        script += "                self.a,\n            ))\n"
        key, values = nodes.script_key(script)
        assert values == (int(number),)
        assert number not in key and nodes.TYPE_HASH in key
        assert key.replace(nodes.TYPE_HASH, number) == script


def test_wrapping_refuses_a_script_whose_meaning_indenting_would_change() -> None:
    assert "return {'f': f}" in precompile._wrapped(0, "def f():\n    return 1\n")
    with pytest.raises(AssertionError):
        precompile._wrapped(0, 'def f():\n    return """a\nb"""\n')


class Recorder:
    """Scripts attrs compiles itself (`compiled`) and those served from a table (`served`)."""

    def __init__(self) -> None:
        self.compiled: list[str] = []
        self.served: list[str] = []

    def serve(self, table: dict[str, Any]) -> None:
        import attr._make

        nodes.use_precompiled(table, self._compile)
        attr._make._linecache_and_compile = self._spy

    def _compile(self, script: str, filename: str, globs: Any, locs: Any = None) -> Any:
        self.compiled.append(script)
        return nodes.original_compile()(script, filename, globs, locs)

    def _spy(self, script: str, filename: str, globs: Any, locs: Any = None) -> Any:
        if nodes.script_key(script)[0] in nodes._SCRIPTS:
            self.served.append(script)
        return nodes._linecache_and_compile(script, filename, globs, locs)


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    saved = dict(nodes._SCRIPTS)
    recorder = Recorder()
    recorder.serve({})
    try:
        yield recorder
    finally:
        nodes.use_precompiled(saved, nodes.original_compile())


def _declare() -> Any:
    @attrs.frozen
    class Deal:
        name: str
        amount: int = attrs.field(default=0, converter=int)
        tags: tuple[str, ...] = attrs.field(factory=tuple, converter=tuple)
        note: str = attrs.field(default="", eq=False)

    return Deal


def test_a_served_class_behaves_as_the_class_attrs_compiled(
    recorder: Recorder,
) -> None:
    compiled = _declare()
    (script,) = recorder.compiled
    key, (_number,) = nodes.script_key(script)  # eq=True writes a hash
    namespace: dict[str, Any] = {}
    exec(precompile._wrapped(0, key), namespace)
    recorder.serve({key: namespace["_0"]})
    served = _declare()
    assert len(recorder.compiled) == 1 and len(recorder.served) == 1
    type_hash = nodes.script_key(recorder.served[0])[1][0]

    a, b = compiled("x", "3", ["t"]), served("x", "3", ["t"])
    assert (b.name, b.amount, b.tags, b.note) == ("x", 3, ("t",), "")
    assert repr(a) == repr(b) == "Deal(name='x', amount=3, tags=('t',), note='')"
    assert b == served("x", 3, ("t",), note="other") and b != served("x", 4)
    assert hash(b) == hash(served("x", 3, ("t",), note="other"))
    assert hash(b) == hash((type_hash, "x", 3, ("t",)))
    assert served("y").tags == () and served("y").amount == 0
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        b.name = "z"  # type: ignore[misc]
    with pytest.raises(ValueError):
        served("x", "not a number")


def _check_in_a_fresh_process() -> dict[str, int]:
    code = f"""
import json, sys
import attr._make
from termlang import nodes
counts = {{"served": 0, "compiled": 0}}
def spy(script, filename, globs, locs=None):
    if " termlang." in filename:
        served = nodes.script_key(script)[0] in nodes._SCRIPTS
        counts["served" if served else "compiled"] += 1
    return nodes._linecache_and_compile(script, filename, globs, locs)
attr._make._linecache_and_compile = spy
from termlang.cli import main
try:
    main(["check", "--color", "never", {str(ROOT / "examples" / "openai-microsoft-mou.term")!r}])
except SystemExit:
    pass
sys.stderr.write(json.dumps(counts))
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    counts: dict[str, int] = json.loads(done.stderr.strip().splitlines()[-1])
    return counts


@SAME_ATTRS
def test_a_check_compiles_none_of_termlangs_classes() -> None:
    counts = _check_in_a_fresh_process()
    assert counts["compiled"] == 0, counts
    assert counts["served"] > 50, counts


@SAME_ATTRS
@pytest.mark.slow
def test_the_generated_file_is_fresh() -> None:
    assert precompile.target_path().read_text(encoding="utf-8") == precompile.source(), (
        "stale: run `make tables` (python -m termlang.precompile)"
    )


def test_regenerate_writes_a_stale_file_and_check_only_reports_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from termlang.files import new_file_mode, regenerate

    target = tmp_path / "gen.py"
    assert regenerate(target, "A = 1\n", check=True, command="make it") == 1
    assert not target.exists() and "stale: run `make it`" in capsys.readouterr().err
    assert regenerate(target, "A = 1\n", check=False, command="make it") == 0
    assert target.read_text(encoding="utf-8") == "A = 1\n"
    assert target.stat().st_mode & 0o777 == new_file_mode() & 0o777
    assert regenerate(target, "A = 1\n", check=True, command="make it") == 0
