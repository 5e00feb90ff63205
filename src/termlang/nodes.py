"""`Node`: one `__eq__`, `__hash__` and `__repr__` for the frozen attrs classes of the tree.

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
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

import attrs

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
