"""What keeps `termlang check` starting fast, checked structurally (the timings live in
benchmarks/run.py; a test asserts no speed).

* Node classes take `__eq__`, `__hash__` and `__repr__` from `nodes.Node`, so attrs compiles
  only their `__init__` at import; the shared methods give what attrs would have generated.
"""

from __future__ import annotations

import argparse
import inspect
import subprocess
import sys
import types
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from attrs import field, frozen

from termlang import ast, model
from termlang.nodes import Node
from termlang.source import SourceFile, Span


@frozen(kw_only=True, eq=False, repr=False)
class Shared(Node):
    name: str
    amount: Decimal
    span: Span | None = field(default=None, eq=False, repr=False)


@frozen(kw_only=True)
class Generated:
    name: str
    amount: Decimal
    span: Span | None = field(default=None, eq=False, repr=False)


SPAN = Span(source=SourceFile(path="a.term", text="x"), start=0, end=1)


def test_node_equality_hash_and_repr_match_what_attrs_generates() -> None:
    a = Shared(name="x", amount=Decimal("1.0"), span=SPAN)
    b = Shared(name="x", amount=Decimal("1.00"))
    c = Shared(name="y", amount=Decimal("1"))
    g = Generated(name="x", amount=Decimal("1.0"), span=SPAN)
    assert a == b and hash(a) == hash(b)  # the span is out of equality, 1.0 == 1.00
    assert a != c
    assert a != g and g != a  # another class is never equal, as with attrs
    assert repr(a) == repr(g).replace("Generated", "Shared")
    assert repr(a) == "Shared(name='x', amount=Decimal('1.0'))"
    assert {a, b, c} == {a, c}


def test_a_node_without_compared_fields_still_compares() -> None:
    @frozen(kw_only=True, eq=False, repr=False)
    class Empty(Node):
        span: Span | None = field(default=None, eq=False, repr=False)

    @frozen(kw_only=True, eq=False, repr=False)
    class One(Node):
        value: int

    assert Empty(span=SPAN) == Empty() and repr(Empty()) == "Empty()"
    assert One(value=1) == One(value=1) != One(value=2)
    assert hash(One(value=1)) == hash(One(value=1))


@pytest.mark.parametrize("module", [ast, model], ids=["ast", "model"])
def test_the_tree_classes_share_the_node_methods(module: object) -> None:
    """A class declared with `@frozen(kw_only=True)` alone would still work, but attrs would
    compile three more methods for it at every start: declare `eq=False, repr=False`."""
    own = [
        name
        for name, cls in inspect.getmembers(module, inspect.isclass)
        if attrs.has(cls)
        and cls.__module__ == module.__name__  # type: ignore[attr-defined]
        and not (issubclass(cls, Node) and {"__eq__", "__hash__", "__repr__"}.isdisjoint(vars(cls)))
    ]
    assert not own, f"classes with generated methods: {own}"


FLAGSHIP = Path(__file__).resolve().parent.parent / "examples" / "openai-microsoft-mou.term"

# What `termlang check` of a file with scenarios and `expect` lines must not import: the
# interpreter and its timeline (the static validation of `expect` lines reads only the
# aspect names), the renderer, the verifier, Lark (generated tables), and the heavy
# third-party packages of the other commands, nor modules that load compression libraries.
NOT_ON_THE_CHECK_PATH = (
    "termlang.evaluate.timeline",
    "termlang.evaluate.engine",
    "termlang.render",
    "termlang.verify",
    "termlang.diff",
    "lark",
    "jinja2",
    "babel",
    "rich",
    "json",
    "shutil",  # argparse's help width, read without it (cli._columns)
    "difflib",  # did-you-mean loads it when a name is misspelt, and the flagship has none
    "termlang.evaluate.aggregates",  # only for `expect holds/fails <aggregate>` lines
)


def test_check_imports_neither_the_interpreter_nor_the_renderers() -> None:
    code = (
        "import sys; from termlang.cli import main; main(['check', '-q', sys.argv[1]]); "
        f"print([m for m in sys.modules if m.startswith({NOT_ON_THE_CHECK_PATH!r})])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(FLAGSHIP)], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


def test_the_command_line_builds_only_the_command_it_runs() -> None:
    from termlang import cli

    full = cli.build_parser()
    sub = next(a for a in full._actions if isinstance(a, argparse._SubParsersAction))
    assert tuple(sub.choices) == cli.COMMANDS  # the list `main` picks from is complete
    one = cli.build_parser("check")
    only = next(a for a in one._actions if isinstance(a, argparse._SubParsersAction))
    assert tuple(only.choices) == ("check",)
    assert one.parse_args(["check", "a.term", "-q"]) == full.parse_args(["check", "a.term", "-q"])


def test_the_public_api_is_typed_and_light() -> None:
    """`import termlang` loads nothing heavy, and its calls name their types (no `Any`)."""
    import termlang

    for name in termlang.__all__:
        func = getattr(termlang, name)
        if isinstance(func, types.ModuleType):  # `evaluate` once its package is imported
            func = type(func).__call__
        if callable(func):
            hints = inspect.get_annotations(func)
            assert hints.get("return") and "Any" not in str(hints), (name, hints)
    code = "import sys, termlang; print(sorted(m for m in sys.modules if m.startswith('termlang')))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['termlang', 'termlang.version']"


def test_help_is_as_wide_as_the_terminal_says(monkeypatch: pytest.MonkeyPatch) -> None:
    from termlang import cli

    monkeypatch.setenv("COLUMNS", "60")
    assert cli._columns() == 60
    text = cli.build_parser().format_help()
    assert max(len(line) for line in text.splitlines()) <= 58
    monkeypatch.setenv("COLUMNS", "junk")
    assert cli._columns() >= 1


def _entry(prelude: str, *args: str) -> subprocess.CompletedProcess[str]:
    code = f"{prelude}\nimport sys\nsys.argv = ['termlang', *sys.argv[1:]]\n"
    code += "from termlang.cli import entry\nentry()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )


# An object whose finalizer runs when the interpreter is torn down.
FINALIZER = (
    "import sys\n"
    "class Late:\n"
    "    def __del__(self, write=sys.stderr.write):\n"
    "        write('torn down')\n"
    "late = Late()"
)


def test_a_run_skips_the_interpreter_teardown_once_its_output_is_flushed() -> None:
    """The console script ends with `os._exit` after flushing (no teardown: about 5% of a
    check), so a finalizer never runs; everything written to a pipe still arrives."""
    import json

    result = _entry(FINALIZER, "check", "--format", "json", str(FLAGSHIP))
    assert result.returncode == 0 and "torn down" not in result.stderr
    assert json.loads(result.stdout)["valid"] is True
    failing = _entry(FINALIZER, "check", str(FLAGSHIP.parent / "no-such-file.term"))
    assert failing.returncode == 2 and "torn down" not in failing.stderr


def test_a_run_collects_garbage_every_50000_new_objects() -> None:
    """The console script raises the collector's first threshold (start-up's long-lived
    objects were rescanned ~30 times a check): memory stays bounded, collections are rarer."""
    probe = "import atexit, gc\natexit.register(lambda: print(gc.get_threshold()))"
    result = _entry(probe, "check", str(FLAGSHIP))
    assert result.returncode == 0 and result.stdout.rstrip().endswith("(50000, 10, 10)")


def test_a_run_exits_normally_when_something_waits_for_the_exit() -> None:
    """An atexit callback (coverage, logging, a profiler) gets the normal exit, teardown and
    all (which shows that the finalizer above would have run)."""
    result = _entry(
        f"{FINALIZER}\nimport atexit\natexit.register(lambda: print('at exit'))",
        "check",
        str(FLAGSHIP),
    )
    assert result.returncode == 0 and result.stdout.rstrip().endswith("at exit")
    assert "torn down" in result.stderr
