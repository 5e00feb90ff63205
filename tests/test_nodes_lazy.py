"""`termlang.nodes.frozen`: attrs classes built on first use behave as if attrs had built them at
import (the start-up saving of issue 16 must not show anywhere else).

Each check that needs a class never built runs in a fresh interpreter, because the test process
has long since built every class it touched.
"""

from __future__ import annotations

import copy
import importlib
import pickle
import pkgutil
import subprocess
import sys
import threading
from decimal import Decimal

import attrs
import pytest
from attrs import field
from hypothesis import given
from hypothesis import strategies as st

import termlang
from termlang import ast, model, nodes
from termlang.nodes import Node, frozen
from termlang.source import Position
from termlang.values import Money


def _fresh(code: str) -> str:
    """Run `code` in a new interpreter; its printed output."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_importing_builds_no_tree_class() -> None:
    built = _fresh(
        "import termlang.pipeline, termlang.checks, termlang.lower, termlang.syntax\n"
        "from termlang import ast, model, nodes\n"
        "print([n for m in (ast, model) for n, c in vars(m).items() if isinstance(c, type) "
        "and c.__module__ == m.__name__ and '__attrs_attrs__' in c.__dict__ "
        "and c not in nodes.pending()], len(nodes.pending()) > 80)"
    )
    assert built == "['Ref', 'Item'] True"  # the two declared eager: one per line of any file


def test_an_instance_pickled_here_unpickles_where_its_class_was_never_built() -> None:
    ref = ast.NumberLit(value=Decimal("1.50"))
    blob = pickle.dumps(ref).hex()
    out = _fresh(
        "import pickle, attrs\n"
        "from termlang import ast, nodes\n"
        "from decimal import Decimal\n"
        "assert ast.NumberLit in nodes.pending()\n"
        f"r = pickle.loads(bytes.fromhex({blob!r}))\n"
        "assert ast.NumberLit in nodes.pending()  # unpickling runs no __init__\n"
        "print(repr(r)); print(r == ast.NumberLit(value=Decimal('1.5')), "
        "hash(r) == hash(ast.NumberLit(value=Decimal('1.5'))))"
    )
    assert out.splitlines() == [repr(ref), "True True"]


def test_an_unpickled_instance_of_a_plain_frozen_class_compares_and_prints() -> None:
    """A class that takes `__eq__`, `__hash__` and `__repr__` from attrs (not from `Node`)."""
    window = model.Window(start=None, end=None)  # type: ignore[arg-type]
    money = Money(amount=Decimal("1.50"), currency="USD")
    out = _fresh(
        "import pickle\n"
        "from termlang import nodes\n"
        "from termlang.source import Position\n"
        "assert Position in nodes.pending()\n"
        f"p = pickle.loads({pickle.dumps(Position(line=1, column=2, byte=3))!r})\n"
        "print(repr(p), p == Position(line=1, column=2, byte=3), "
        "hash(p) == hash(Position(line=1, column=2, byte=3)))"
    )
    assert out == "Position(line=1, column=2, byte=3) True True"
    assert pickle.loads(pickle.dumps(window)) == window
    assert pickle.loads(pickle.dumps(money)) == money


def test_fields_of_a_class_never_instantiated() -> None:
    out = _fresh(
        "import attrs\n"
        "from termlang import model, nodes\n"
        "assert model.Penalty in nodes.pending()\n"
        "print([f.name for f in attrs.fields(model.Penalty)][:3], attrs.has(model.Loan), "
        "model.Penalty in nodes.pending())"
    )
    assert out == f"{[f.name for f in attrs.fields(model.Penalty)][:3]} True False"


def test_a_subclass_used_before_its_base() -> None:
    @frozen(kw_only=True, eq=False, repr=False)
    class Base(Node):
        a: int
        span: object = field(default=None, eq=False, repr=False)

    @frozen(kw_only=True, eq=False, repr=False)
    class Sub(Base):
        b: int = 2

    assert Base in nodes.pending() and Sub in nodes.pending()
    sub = Sub(a=1)  # builds Base first, then Sub
    assert Base not in nodes.pending() and Sub not in nodes.pending()
    assert [f.name for f in attrs.fields(Sub)] == ["a", "span", "b"]
    assert [f.name for f in attrs.fields(Base)] == ["a", "span"]
    assert repr(sub) == "Sub(a=1, b=2)" and sub == Sub(a=1, span=3)
    assert Base(a=1) != sub


def test_fields_of_a_subclass_are_its_own_not_its_built_base() -> None:
    @frozen
    class Base:
        a: int

    @frozen
    class Sub(Base):
        b: int

    Base(1)  # built; Sub is not
    assert Sub in nodes.pending()
    assert [f.name for f in attrs.fields(Sub)] == ["a", "b"]
    assert Sub(1, 2) == Sub(1, 2) and repr(Sub(1, 2)) == "Sub(a=1, b=2)"
    assert Sub.__match_args__ == ("a", "b")


def test_the_errors_attrs_would_give() -> None:
    @frozen(kw_only=True)
    class Thing:
        name: str
        amount: int = 0

    with pytest.raises(TypeError, match=r"__init__\(\) got an unexpected keyword argument 'nme'"):
        Thing(nme="x")  # the first use: built, then the same error
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'name'"):
        Thing()
    thing = Thing(name="x")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        thing.name = "y"  # type: ignore[misc]
    assert attrs.evolve(thing, amount=2) == Thing(name="x", amount=2)
    assert copy.copy(thing) == thing and copy.deepcopy(thing) == thing


def test_a_copy_made_before_the_class_is_built_is_still_frozen_and_equal() -> None:
    @frozen(order=True)
    class Pair:
        a: int
        b: int

    made = Pair.__new__(Pair)  # as pickle and copy make an instance: no __init__
    object.__setattr__(made, "__dict__", {"a": 1, "b": 2})
    assert Pair in nodes.pending()
    assert made == Pair(1, 2) and made < Pair(1, 3) and hash(made) == hash(Pair(1, 2))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.a = 3  # type: ignore[misc]


@given(
    st.builds(
        Money,
        currency=st.just("EUR"),
        amount=st.decimals(allow_nan=False, allow_infinity=False, places=2),
    )
)
def test_hypothesis_builds_lazy_classes(money: Money) -> None:
    assert money == pickle.loads(pickle.dumps(money))


def test_every_lazy_class_of_termlang_builds() -> None:
    """A mistake in a class declaration (a field without default after one with) shows at
    first use, not at import: build them all here."""
    for info in pkgutil.walk_packages(termlang.__path__, "termlang."):
        if info.name.startswith(("termlang.lsp", "termlang.__main__")):
            continue
        importlib.import_module(info.name)
    for cls in nodes.pending():
        nodes.build(cls)
    assert not [c for c in nodes.pending() if c.__module__.startswith("termlang.")]


def test_another_thread_waits_for_a_class_being_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """While attrs builds a class, `__init__` and `__attrs_attrs__` still hold placeholders,
    so another thread that instantiates the class meanwhile waits for the build to finish
    instead of finding `object.__init__`."""

    @frozen(kw_only=True)
    class Slow:
        a: int

    seen: list[object] = []
    other: list[object] = []
    real = attrs.frozen

    def watched(cls: type, **options: object) -> object:
        seen.extend(type(cls.__dict__[name]).__name__ for name in ("__init__", "__attrs_attrs__"))
        worker = threading.Thread(target=lambda: other.append(Slow(a=2)))
        worker.start()
        worker.join(timeout=0.2)
        assert worker.is_alive()  # blocked on the build
        result = real(cls, **options)
        seen.append(worker)
        return result

    monkeypatch.setattr(nodes.attrs, "frozen", watched)
    assert Slow(a=1).a == 1
    worker = seen.pop()
    assert isinstance(worker, threading.Thread)
    worker.join()
    assert seen == ["_Unbuilt", "_Unbuilt"] and other == [Slow(a=2)]
