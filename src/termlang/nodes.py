"""The frozen attrs classes, cheaper to start: `Node` gives the tree's classes one `__eq__`,
`__hash__` and `__repr__`; `frozen` builds an attrs class on its first use, not at import.

attrs writes `__init__`, `__eq__`, `__hash__` and `__repr__` as Python source for every class
it defines and compiles that source when the module is imported. For the 81 node classes of
`ast` and `model`, compiling was the largest single cost of `termlang check`'s start-up, and
`__repr__`, `__eq__` and `__hash__` were about two thirds of it. A subclass of `Node` declared
with

    @frozen(kw_only=True, eq=False, repr=False)
    class Party(Located): ...

gets those three methods from here instead, computed from `attrs.fields` the first time a class
is compared, hashed or printed, with the results attrs would give: equality is the same class
and equal fields in order, fields declared `eq=False` (spans) left out, the hash agrees with
equality, and the repr is attrs' own (`Party(name='openai', ...)`, fields declared
`repr=False` left out). attrs still writes `__init__`, the only method that differs per class.

**Classes built on first use.** Even `__init__` alone costs attrs about 0.3 ms per class (it
writes and compiles Python source), and a check of one agreement uses about half of the
classes it imports. So the modules on `termlang check`'s path declare their attrs classes with
`frozen` from here instead of `attrs.frozen`:

    if TYPE_CHECKING:
        from attrs import frozen          # mypy's attrs plugin types every class as before
    else:
        from termlang.nodes import frozen

It takes the same arguments. At decoration it records them and puts a placeholder where attrs
would write each method and `__attrs_attrs__`; reading any of them builds the class, in place,
with `attrs.frozen(..., slots=False)`: its first instantiation, `attrs.fields`, `attrs.has`,
`attrs.evolve`, a subclass collecting its base's fields, comparing, hashing or printing an
unpickled instance. Bases are built first, under a lock; `__init__` and `__attrs_attrs__` keep
their placeholders until attrs replaces them, so another thread that meets a class being built
waits for it. The class object stays the same, so `isinstance`,
`match` and references taken at import are unaffected. The classes are attrs classes all the
same, only built later, and without `__slots__` (an instance keeps its fields in a `__dict__`).

The rule: a class on the check path is declared this way, except the few that every file makes
by the thousand (`source.Span`, `ast.Item`, `ast.Ref`): any check builds them, so laziness
would save nothing, and they keep `attrs.frozen` and their `__slots__` (a `__dict__` each cost
11% more peak memory on an 11,000-line file). Classes that only the other commands load may
keep `attrs.frozen`. A mistake in a declaration shows at first use rather than at import:
tests/test_nodes_lazy.py builds every class.

Read-only mappings (`types.MappingProxyType`, the nodes' `spans` and the model's indexes) pickle
as a proxy of a copy of their contents, registered here with `copyreg`: Python refuses to
pickle a mapping proxy, and a model must cross processes for a sweep of scenarios to run in
parallel.
"""

from __future__ import annotations

import copyreg
import threading
from collections.abc import Callable
from operator import attrgetter
from types import MappingProxyType
from typing import Any

import attrs


def read_only(contents: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """A read-only view of `contents` (what an unpickled mapping proxy is rebuilt by)."""
    return MappingProxyType(contents)


def _reduce_proxy(
    proxy: MappingProxyType[Any, Any],
) -> tuple[Callable[[dict[Any, Any]], MappingProxyType[Any, Any]], tuple[dict[Any, Any]]]:
    return read_only, (dict(proxy),)


copyreg.pickle(MappingProxyType, _reduce_proxy)

# class -> (the fields compared, as one tuple; the names shown by repr)
_SHAPES: dict[type, tuple[Callable[[Any], tuple[Any, ...]], tuple[str, ...]]] = {}


def _shape(cls: type) -> tuple[Callable[[Any], tuple[Any, ...]], tuple[str, ...]]:
    shape = _SHAPES.get(cls)
    if shape is None:
        fields = attrs.fields(cls)
        compared = tuple(f.name for f in fields if f.eq)
        key: Callable[[Any], tuple[Any, ...]]
        if len(compared) > 1:
            key = attrgetter(*compared)
        elif compared:
            one = compared[0]
            key = lambda node: (getattr(node, one),)  # noqa: E731
        else:
            key = lambda node: ()  # noqa: E731
        shape = _SHAPES[cls] = (key, tuple(f.name for f in fields if f.repr))
    return shape


class Node:
    """Base of the frozen attrs classes that take equality, hash and repr from their fields."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        key = _shape(self.__class__)[0]
        return bool(key(self) == key(other))

    def __hash__(self) -> int:
        return hash((self.__class__, _shape(self.__class__)[0](self)))

    def __repr__(self) -> str:
        cls = self.__class__
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _shape(cls)[1])
        return f"{cls.__qualname__.rsplit('>.', 1)[-1]}({shown})"


# class -> the options of `frozen`, for the classes not built yet
_PENDING: dict[type, dict[str, Any]] = {}
_BUILDING = threading.RLock()


class _Unbuilt:
    """Stands where attrs will write `name`; reading it builds the class, then reads again."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type) -> Any:
        build(owner)
        if any(isinstance(k.__dict__.get(self.name), _Unbuilt) for k in owner.__mro__):
            raise TypeError(f"`{owner.__qualname__}` was not built")  # pragma: no cover
        return getattr(owner if instance is None else instance, self.name)


_PLACEHOLDERS = {
    name: _Unbuilt(name)
    for name in (
        "__attrs_attrs__",
        "__init__",
        "__setattr__",
        "__delattr__",
        "__match_args__",
        "__eq__",
        "__ne__",
        "__hash__",
        "__repr__",
        "__str__",
        "__lt__",
        "__le__",
        "__gt__",
        "__ge__",
    )
}


_KEPT = ("__init__", "__attrs_attrs__")


def _written(options: dict[str, Any]) -> list[str]:
    """What attrs may write into a class declared with `options` (the placeholders it needs)."""
    names = ["__attrs_attrs__", "__init__", "__setattr__", "__delattr__"]
    if not options.get("kw_only"):
        names.append("__match_args__")
    if options.get("eq", True) is not False:
        names += ["__eq__", "__ne__", "__hash__"]
    if options.get("repr", True) is not False:
        names.append("__repr__")
    if options.get("str"):
        names.append("__str__")
    if options.get("order"):
        names += ["__lt__", "__le__", "__gt__", "__ge__"]
    return names


def frozen(maybe_cls: type | None = None, /, **options: Any) -> Any:
    """`attrs.frozen`, built on first use (see the module's docstring); same arguments."""

    def wrap(cls: type) -> type:
        own = cls.__dict__
        # What attrs would decide by looking for an `__init__` of the class's own, decided now:
        # the placeholder stays in place while attrs builds (see `build`).
        decided = {"init": "__init__" not in own, **options, "slots": False}
        for name in _written(options):
            if name not in own:
                setattr(cls, name, _PLACEHOLDERS[name])
        _PENDING[cls] = decided
        return cls

    return wrap if maybe_cls is None else wrap(maybe_cls)


def build(cls: type) -> None:
    """Build `cls` and its bases declared with `frozen` that are not built yet, bases first."""
    with _BUILDING:
        for klass in reversed(cls.__mro__):
            options = _PENDING.pop(klass, None)
            if options is None:
                continue
            # attrs must see the class as it was written, except `__init__` and
            # `__attrs_attrs__`, which it replaces: another thread that instantiates the class
            # or reads its fields meanwhile still finds a placeholder, and waits for the lock.
            for name, value in list(klass.__dict__.items()):
                if isinstance(value, _Unbuilt) and name not in _KEPT:
                    delattr(klass, name)
            attrs.frozen(klass, **options)
            for name in _KEPT:  # not written by attrs (`init=False`): inherited instead
                if isinstance(klass.__dict__.get(name), _Unbuilt):
                    delattr(klass, name)


def pending() -> tuple[type, ...]:
    """The classes declared with `frozen` that nothing has used yet."""
    return tuple(_PENDING)
