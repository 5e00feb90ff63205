"""A small LALR(1) runtime over tables generated from the grammar, so `check` never imports Lark.

Lark builds the tables (at development time, `python -m termlang.syntax.grammar`, into
`_tables.py`); this module only drives them. It reproduces exactly what Lark's LALR parser
does with our options (contextual lexer, `propagate_positions`, no placeholders, the
`Continuation` post-lexer): same tokens, same trees, same errors, which
`tests/test_fuzz.py` checks differentially against Lark on generated and mutated input.
The surface mirrors the part of Lark's API the syntax modules use (`Token`, `Tree`,
`Transformer`, `v_args`, `Unexpected*`), so switching between the two is an import line.

Two differences, both deliberate: the transformer is iterative (no recursion, whatever the
depth of the tree), and tokens carry offsets but no line/column (positions are `source.py`'s
job).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import chain, pairwise
from typing import Any, Generic, TypeVar

__all__ = [
    "Meta",
    "Parser",
    "Token",
    "Transformer",
    "Tree",
    "UnexpectedCharacters",
    "UnexpectedEOF",
    "UnexpectedInput",
    "UnexpectedToken",
    "v_args",
]

_Leaf = TypeVar("_Leaf")
_Return = TypeVar("_Return")


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic collector while building a tree.

    A parse allocates many objects that all survive, and no cycles; the collector would
    traverse the growing tree again and again (measured: 100k lines parse 4x slower with it).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Token(str):
    """A piece of text with its terminal name and its [start_pos, end_pos) offsets."""

    # Slots, not an instance dict: a one-character token weighs 100 bytes instead of 420,
    # which is most of the parse's memory on a file of 4 million `;` (review F3, row 60).
    __slots__ = ("end_pos", "start_pos", "type")

    type: str
    start_pos: int
    end_pos: int

    def __new__(cls, type: str, value: str, start_pos: int = 0, end_pos: int = 0) -> Token:
        self = super().__new__(cls, value)
        self.type = type
        self.start_pos = start_pos
        self.end_pos = end_pos
        return self

    @property
    def value(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {str(self)!r})"

    def __reduce__(self) -> Any:
        return (Token, (self.type, str(self), self.start_pos, self.end_pos))


class Meta:
    """Where a tree starts and ends; `empty` when no child has a position."""

    __slots__ = ("empty", "end_pos", "start_pos")

    def __init__(self, start_pos: int | None, end_pos: int | None) -> None:
        self.empty = start_pos is None
        if start_pos is not None:
            self.start_pos = start_pos
        if end_pos is not None:
            self.end_pos = end_pos


class Tree:
    __slots__ = ("children", "data", "meta")

    def __init__(self, data: str, children: list[Any], meta: Meta | None = None) -> None:
        self.data = data
        self.children = children
        self.meta = meta if meta is not None else Meta(None, None)

    def __repr__(self) -> str:
        return f"Tree({self.data!r}, {self.children!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Tree) and self.data == other.data and self.children == other.children
        )

    __hash__ = None  # type: ignore[assignment]


def v_args(*, meta: bool = False) -> Callable[[Any], Any]:
    """Mark a transformer method as taking `(meta, children)` instead of `(children)`."""

    def mark(func: Any) -> Any:
        func._termlang_meta = meta
        return func

    return mark


class Transformer(Generic[_Leaf, _Return]):
    """Bottom-up rewriting of a tree by methods named after rules; iterative, so any depth.

    Tokens are left as they are; a rule without a method becomes a `Tree` of its
    transformed children.
    """

    def transform(self, tree: Tree) -> _Return:
        with _no_gc():
            return self._transform(tree)

    def _transform(self, tree: Tree) -> _Return:
        # Post-order with an explicit stack: (node, transformed children so far).
        results: list[list[Any]] = [[]]
        stack: list[tuple[Tree, int]] = [(tree, 0)]
        while stack:
            node, index = stack.pop()
            children = node.children
            if index == 0:
                results.append([])
            while index < len(children):
                child = children[index]
                index += 1
                if isinstance(child, Tree):
                    stack.append((node, index))
                    stack.append((child, 0))
                    break
                results[-1].append(child)
            else:
                done = results.pop()
                results[-1].append(self._call(node, done))
        return results[0][0]  # type: ignore[no-any-return]

    def _call(self, node: Tree, children: list[Any]) -> Any:
        method = getattr(self, node.data, None)
        if method is None:
            return Tree(node.data, children, node.meta)
        if getattr(method, "_termlang_meta", False):
            return method(node.meta, children)
        return method(children)


# ----------------------------------------------------------------------------- errors


class UnexpectedInput(Exception):
    pos_in_stream: int | None = None


class UnexpectedCharacters(UnexpectedInput):
    """No terminal matches at `pos_in_stream`; `allowed` are the terminals that could."""

    def __init__(self, text: str, pos: int, allowed: set[str]) -> None:
        self.pos_in_stream = pos
        self.char = text[pos] if pos < len(text) else ""
        self.allowed = allowed
        super().__init__(f"no terminal matches {self.char!r} at offset {pos}")


class UnexpectedToken(UnexpectedInput):
    """`token` (type `$END` at the end) where only `expected` terminals may come."""

    def __init__(self, token: Token, expected: set[str]) -> None:
        self.token = token
        self.expected = expected
        self.pos_in_stream = token.start_pos
        super().__init__(f"unexpected {token.type} {str(token)!r} at offset {token.start_pos}")


class UnexpectedEOF(UnexpectedInput):
    """Never raised by an LALR parse (the end is a `$END` token); kept for Lark parity."""

    def __init__(self, expected: set[str]) -> None:
        self.expected = expected
        super().__init__("unexpected end of input")


# ----------------------------------------------------------------------------- the parser


class _Lexer:
    """One state's lexer: terminals in Lark's priority order, keywords folded into names."""

    __slots__ = ("_regex", "_unless", "allowed", "spec")

    def __init__(self, spec: list[list[str]], unless: dict[str, dict[str, str]]) -> None:
        self.spec = spec
        self._regex: re.Pattern[str] | None = None
        self._unless = unless
        self.allowed = {name for name, _ in spec}

    def match(self, text: str, pos: int) -> tuple[str, str] | None:
        regex = self._regex
        if regex is None:
            regex = self._regex = re.compile("|".join(f"(?P<{n}>{r})" for n, r in self.spec))
        m = regex.match(text, pos)
        if m is None:
            return None
        kind = m.lastgroup
        assert kind is not None
        return self.found(m.group(0), kind)

    def found(self, value: str, kind: str) -> tuple[str, str]:
        """`value` matched as terminal `kind`: the token, with a keyword folded in."""
        keywords = self._unless.get(kind)
        if keywords is not None:
            kind = keywords.get(value, kind)
        return value, kind


def _shared_order(specs: list[list[list[str]]]) -> list[list[str]] | None:
    """Every terminal of every state's lexer in one order that keeps each lexer's own order.

    Lark sorts each state's terminals by the same key (priority, then length), so such an order
    exists; None if it did not (each state then keeps its own expression). Ties go to the
    terminal seen first, so the order is reproducible.
    """
    pattern: dict[str, str] = {}
    after: dict[str, set[str]] = {}
    before_count: dict[str, int] = {}
    for spec in specs:
        for name, regex in spec:
            if pattern.setdefault(name, regex) != regex:
                return None
            after.setdefault(name, set())
            before_count.setdefault(name, 0)
        for (first, _), (then, _) in pairwise(spec):
            if then not in after[first]:
                after[first].add(then)
                before_count[then] += 1
    ready = [name for name in pattern if not before_count[name]]
    order: list[list[str]] = []
    while ready:
        name = ready.pop(0)
        order.append([name, pattern[name]])
        for then in sorted(after[name], key=list(pattern).index):
            before_count[then] -= 1
            if not before_count[then]:
                ready.append(then)
    return order if len(order) == len(pattern) else None


class Parser:
    """Parse text into a `Tree` with the generated tables (see `grammar.table_parser`)."""

    def __init__(
        self,
        tables: dict[str, Any],
        postlex: Callable[[Iterator[Token]], Iterator[Token]] | None = None,
    ) -> None:
        # lexers[i] = (terminals in matching order, {name: {keyword: keyword terminal}})
        self._lexers = [_Lexer(spec, unless) for spec, unless in tables["lexers"]]
        self._state_lexer: list[int] = tables["state_lexer"]
        self._root = _Lexer(*tables["root_lexer"])
        self._ignore = frozenset(tables["ignore"])
        # states[s][symbol] = n >= 0: shift to state n; n < 0: reduce by rule -n - 1.
        self._states: list[dict[str, int]] = tables["states"]
        self._start: int = tables["start_state"]
        self._end: int = tables["end_state"]
        # rules[i] = (origin, tree name, expand single child?, length, per-child action)
        # where the action is "k" keep, "d" drop (filtered token), "i" inline (`_rule`).
        self._rules: list[tuple[str, str, bool, int, str]] = [tuple(r) for r in tables["rules"]]
        self._postlex = postlex
        # One expression for every state (compiling one per state was most of the first
        # parse's cost): its match is the state's own whenever the terminal it finds is one
        # the state accepts, because the shared order keeps each state's order. Otherwise the
        # state's own expression decides (a keyword where only a keyword may come, an error).
        self._shared_spec = _shared_order([spec for spec, _ in tables["lexers"]])
        self._shared: re.Pattern[str] | None = None

    def _lex(self, text: str, state_stack: list[int]) -> Iterator[Token]:
        """The tokens of `text`, each lexed in the state on top of `state_stack` (contextual)."""
        pos = 0
        size = len(text)
        lexers = self._lexers
        state_lexer = self._state_lexer
        ignore = self._ignore
        shared = self._shared
        if shared is None and self._shared_spec is not None:
            shared = self._shared = re.compile(
                "|".join(f"(?P<{n}>{r})" for n, r in self._shared_spec)
            )
        while pos < size:
            lexer = lexers[state_lexer[state_stack[-1]]]
            m = shared.match(text, pos) if shared is not None else None
            if m is not None and m.lastgroup in lexer.allowed:
                found: tuple[str, str] | None = lexer.found(m.group(0), m.lastgroup)
            else:
                found = lexer.match(text, pos)
            if found is None:
                allowed = lexer.allowed - ignore
                root = self._root.match(text, pos)
                if root is not None and root[1] not in ignore:
                    value, kind = root
                    raise UnexpectedToken(Token(kind, value, pos, pos + len(value)), allowed)
                raise UnexpectedCharacters(text, pos, allowed or {"<END-OF-FILE>"})
            value, kind = found
            end = pos + len(value)
            if kind not in ignore:
                yield Token(kind, value, pos, end)
            pos = end

    def parse(self, text: str) -> Tree:
        with _no_gc():
            return self._parse(text)

    def _parse(self, text: str) -> Tree:
        states = self._states
        rules = self._rules
        state_stack = [self._start]
        # Each value travels with its container extent: the text its rule covered,
        # which is where a parent starts and ends (Lark's `container_start_pos`).
        value_stack: list[Any] = []
        start_stack: list[int | None] = []
        end_stack: list[int | None] = []

        def expected(state: int) -> set[str]:
            return {s for s in states[state] if s.isupper()}

        tokens = self._lex(text, state_stack)
        if self._postlex is not None:
            tokens = self._postlex(tokens)
        last: Token | None = None
        for token in chain(tokens, (None,)):  # None: the end of input
            if token is None:  # end of input
                token = (
                    Token("$END", "", last.start_pos, last.end_pos)
                    if last is not None
                    else Token("$END", "", 0, 0)
                )
                is_end = True
            else:
                last = token
                is_end = False
            kind = token.type
            while True:
                state = state_stack[-1]
                action = states[state].get(kind)
                if action is None:
                    raise UnexpectedToken(token, expected(state))
                if action >= 0:
                    state_stack.append(action)
                    value_stack.append(token)
                    start_stack.append(token.start_pos)
                    end_stack.append(token.end_pos)
                    break
                origin, name, expand1, size, actions = rules[-action - 1]
                if size == 1 and expand1 and actions == "k":
                    # A unit rule (`?sum: atom`): the value and its extent stay as they are,
                    # only the state changes. Most reductions of an expression are these.
                    state_stack[-1] = states[state_stack[-2]][origin]
                    continue
                if size:
                    children = value_stack[-size:]
                    starts = start_stack[-size:]
                    ends = end_stack[-size:]
                    del state_stack[-size:], value_stack[-size:]
                    del start_stack[-size:], end_stack[-size:]
                else:
                    children, starts, ends = [], [], []
                first = final = None
                for first in starts:
                    if first is not None:
                        break
                for final in reversed(ends):
                    if final is not None:
                        break
                if actions == "k" * size:
                    kept = children
                else:
                    kept = []
                    for act, child in zip(actions, children, strict=True):
                        if act == "k":
                            kept.append(child)
                        elif act != "i":
                            continue
                        elif kept:
                            kept.extend(child)
                        else:
                            # An inlined list (`__start_star_0`, `_sep`) left of everything
                            # kept is ours alone: it just left the stack. Grow it in place, as
                            # Lark does; copying it made `(item _sep)*` quadratic (review F3).
                            kept = child
                value: Any
                if origin[0] == "_":  # inlined into its parent: a bare list
                    value = kept
                elif expand1 and len(kept) == 1:
                    value = kept[0]
                else:
                    value = Tree(name, kept, Meta(first, final))
                target = states[state_stack[-1]][origin]
                state_stack.append(target)
                value_stack.append(value)
                start_stack.append(first)
                end_stack.append(final)
                if is_end and target == self._end:
                    result = value_stack[-1]
                    assert isinstance(result, Tree)
                    return result
        raise AssertionError("the parse ended without accepting")  # pragma: no cover
