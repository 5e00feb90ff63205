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
job). And one addition: `Parser.parse_with` makes each rule's value with a function of
the caller's as it reduces, so `check` builds its AST with no tree in between
(`syntax.build`). It is the parse `check` spends most of its own work in, so the loop is
written for speed: see `Parser` (docs/performance.md, "Parser (this round)", has the figures).
"""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from termlang.syntax.postlex import Continuation

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

    __slots__ = ("_regex", "allowed", "spec", "unless")

    def __init__(self, spec: list[list[str]], unless: dict[str, dict[str, str]]) -> None:
        self.spec = spec
        self._regex: re.Pattern[str] | None = None
        self.unless = unless
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
        keywords = self.unless.get(kind)
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


_Maker = Callable[[list[Any], "int | None", "int | None"], Any]


class Parser:
    """Parse text with the generated tables (see `grammar.table_parser`).

    `parse` gives Lark's `Tree`; `parse_with` calls a function per rule instead of making a
    tree node (`termlang.syntax.build` makes AST nodes straight away, with no tree between).
    Both run the same loop, which lexes, applies the `Continuation` rule and parses in one
    pass, without generators: a token costs one regular-expression match and one table
    lookup per parser step.
    """

    def __init__(self, tables: dict[str, Any], continuation: Continuation | None = None) -> None:
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
        self._continuation = continuation
        # One order of every state's terminals that keeps each state's own, the terminals
        # that may start with each ASCII character, and a pattern for a run of blanks and
        # comments (`grammar._scan_data`): a token is matched by an expression of the few
        # terminals that may start with its first character, not by the alternation of all
        # (where each alternative that fails costs about as much as the one that matches).
        # Its match is the state's own whenever the terminal it finds is one the state
        # accepts; otherwise the state's own expression decides (a keyword where only a
        # keyword may come, an error). (Tables cached before these existed lack them.)
        scan = tables.get("scan") or {}
        self._shared_spec: list[list[str]] | None = scan.get("order") or _shared_order(
            [spec for spec, _ in tables["lexers"]]
        )
        self._classes: list[list[Any]] = scan.get("classes") or []
        self._skip: str | None = scan.get("skip")
        self._shared: re.Pattern[str] | None = None
        self._scanner: _Scanner | None = None
        # (state below, state on top, lookahead) -> (state on top, change of the value) once
        # every passing reduction is done: a one-child reduction that makes nothing, such as
        # a unit rule (`?sum: atom`: only the state changes; an atom takes six of them) or an
        # inlined one (`_sep: (_NL | ";")+`: the value becomes a list, or stays one).
        self._chains: dict[tuple[int, int, str], tuple[int, str | None]] = {}
        # The rules that end the parse (by the start symbol) never pass: they must return.
        self._accepts = {
            symbol for symbol, n in self._states[self._start].items() if n == self._end
        }
        self._tree_makers: list[_Maker | None] | None = None
        self._plan: list[tuple[str, int, str | None, int]] | None = None

    # -- what a reduction makes

    def _reductions(self, makers: list[_Maker | None]) -> list[_Reduction]:
        """Per rule: (origin, length, shape, how, maker).

        The shape is the per-child actions, except for the commonest: None if every child is
        kept, "" if all are dropped, "i" if the first is inlined and the rest dropped, "i+" if
        the first is inlined and the rest kept. For a passing rule (`_PASS`) it is the change
        of the value instead: None, "wrap" (into a list) or "empty" (an empty list).
        """
        plan = self._plan
        if plan is None:
            plan = self._plan = []
            for origin, _, expand1, size, actions in self._rules:
                how = _INLINE if origin[0] == "_" else _EXPAND if expand1 else _MAKE
                if size == 1 and origin not in self._accepts:
                    if how == _INLINE:  # the child, its list, or an empty list
                        change = {"k": "wrap", "i": None, "d": "empty"}[actions]
                        plan.append((origin, size, change, _PASS))
                        continue
                    if how == _EXPAND and actions == "k":  # a unit rule
                        plan.append((origin, size, None, _PASS))
                        continue
                if actions == "k" * size:
                    shape: str | None = None
                elif actions == "d" * size:
                    shape = ""
                elif actions == "i" + "d" * (size - 1):
                    shape = "i"
                elif actions == "i" + "k" * (size - 1):
                    shape = "i+"
                else:
                    shape = actions
                plan.append((origin, size, shape, how))
        out = []
        for (origin, size, shape, how), maker, rule in zip(plan, makers, self._rules, strict=True):
            if maker is None and how in (_EXPAND, _MAKE):
                maker = _tree_maker(rule[1])  # as a transformer leaves a rule without a method
            out.append((origin, size, shape, how, maker))
        return out

    def parse(self, text: str) -> Tree:
        """Lark's tree of `text` (with `propagate_positions`), or Lark's exception."""
        makers = self._tree_makers
        if makers is None:
            makers = self._tree_makers = [_tree_maker(rule[1]) for rule in self._rules]
        result = self.parse_with(text, makers)
        assert isinstance(result, Tree)
        return result

    def parse_with(
        self, text: str, makers: list[_Maker | None], *, plain_tokens: bool = False
    ) -> Any:
        """Parse `text`, making each rule's value with `makers[rule](children, start, end)`.

        `children` are the kept children (tokens and made values), `start` and `end` the
        offsets the rule covered (None for an empty file); rules Lark inlines (`_rule`) or
        expands (`?rule` with one child) make nothing. With `plain_tokens`, a token is a
        plain `str` (its text), not a `Token`: cheaper, for makers that need no more (a
        `Token` is made for an error only). Raises what Lark raises.
        """
        with _no_gc():
            return self._parse(text, self._reductions(makers), plain_tokens)

    def rule_names(self) -> list[str]:
        """The name of the value each rule makes (its alias, else its origin), by rule index."""
        return [rule[1] for rule in self._rules]

    # -- the loop

    def _scan(self) -> _Scanner:
        """What lexes a token: per first character, and per state, what each terminal is there.

        `dispatch[c]` is (match, None) with an expression of the terminals that may start with
        `c` (a named group each, in the shared order), or `skip` where only blanks and comments
        may start, or (None, terminal) when one terminal of that one character is all that may
        start with it; any other character goes to the expression of all terminals.
        `kinds[state][terminal]` is the token's terminal in that state ("" if ignored; with the
        keywords it folds into it, if any); a terminal missing there is one the state does not
        accept, so the state's own lexer decides.
        """
        ignore = self._ignore
        by_lexer = []
        for lexer in self._lexers:
            kinds: dict[str, Any] = {}
            for name in lexer.allowed:
                fold = lexer.unless.get(name)
                kinds[name] = "" if name in ignore else (name, fold) if fold else name
            by_lexer.append(kinds)
        kinds_of = [by_lexer[i] for i in self._state_lexer]
        dispatch: dict[str, tuple[Any, str | None]] = {}
        # A run of blanks and comments (never matches if they may not be skipped as a run).
        skip = _never if self._skip is None else compile_pattern(f"{self._skip}++").match
        for chars, entry in self._entries():
            if isinstance(entry, str):
                entry = compile_pattern(entry).match, None
            elif entry is _SKIP:
                entry = skip, None
            dispatch.update(dict.fromkeys(chars, entry))
        return dispatch, (self._shared_match, None), kinds_of, skip

    def _entries(self) -> list[tuple[str, Any]]:
        """Per class of first characters: the expression to compile, `_SKIP`, or an entry."""
        patterns = dict(self._shared_spec or [])
        out: list[tuple[str, Any]] = []
        for chars, names in self._classes:
            if not names:
                out.append((chars, (_never, None)))
            elif self._skip is not None and set(names) <= self._ignore:
                out.append((chars, _SKIP))
            elif len(names) == 1 and len(chars) == 1 and patterns[names[0]] == re.escape(chars):
                out.append((chars, (None, names[0])))
            else:
                out.append((chars, "|".join(f"(?P<{n}>{patterns[n]})" for n in names)))
        return out

    def lexer_patterns(self) -> list[str]:
        """The expressions the lexer compiles for a file of ASCII tokens (what `_compiled` has)."""
        found = [entry for _, entry in self._entries() if isinstance(entry, str)]
        return found + ([f"{self._skip}++"] if self._skip is not None else [])

    def _shared_match(self, text: str, pos: int) -> re.Match[str] | None:
        """The alternation of all terminals, in an order that keeps every state's own."""
        shared = self._shared
        if shared is None:
            spec = self._shared_spec
            regex = "|".join(f"(?P<{n}>{r})" for n, r in spec) if spec else "(?!)"
            shared = self._shared = compile_pattern(regex)
        return shared.match(text, pos)

    def _slow_token(self, text: str, pos: int, state: int) -> tuple[str, int]:
        """The state's own lexer at `pos`: (terminal, end), or Lark's lexing error."""
        lexer = self._lexers[self._state_lexer[state]]
        found = lexer.match(text, pos)
        if found is None:
            allowed = lexer.allowed - self._ignore
            root = self._root.match(text, pos)
            if root is not None and root[1] not in self._ignore:
                value, kind = root
                raise UnexpectedToken(Token(kind, value, pos, pos + len(value)), allowed)
            raise UnexpectedCharacters(text, pos, allowed or {"<END-OF-FILE>"})
        value, kind = found
        return ("" if kind in self._ignore else kind), pos + len(value)

    def _chain(
        self, below: int, top: int, kind: str, reductions: list[_Reduction]
    ) -> tuple[int, str | None]:
        """Passing reductions from `top` on `kind`, while they compose into one change."""
        states = self._states
        change = None
        while True:
            action = states[top].get(kind)
            if action is None or action >= 0:
                return top, change
            origin, _, step, how, _ = reductions[~action]
            if how != _PASS or (step == "wrap" and change is not None):
                return top, change  # a list in a list: the loop makes it
            if step is not None:
                change = step  # "empty" after anything is empty; "wrap" after nothing wraps
            top = states[below][origin]

    def _parse(self, text: str, reductions: list[_Reduction], plain_tokens: bool) -> Any:
        scanner = self._scanner
        if scanner is None:
            scanner = self._scanner = self._scan()
        dispatch, shared, kinds_of, skip = scanner
        states = self._states
        chains = self._chains
        end_state = self._end
        continuation = self._continuation
        if continuation is not None:
            newline = continuation.newline
            brackets = continuation.brackets
            continues = continuation.continues
        else:  # a name no terminal has: no token is ever held back
            newline, brackets, continues = "\0", {}, frozenset()
        new_token = str.__new__
        state_stack = [self._start]
        # Each value travels with its container extent: the text its rule covered,
        # which is where a parent starts and ends (Lark's `container_start_pos`).
        value_stack: list[Any] = []
        start_stack: list[int | None] = []
        end_stack: list[int | None] = []
        push_state = state_stack.append
        push_value = value_stack.append
        push_start = start_stack.append
        push_end = end_stack.append
        pos = 0
        size = len(text)
        depth = 0  # brackets open, for `Continuation`
        last = None  # the terminal of the last token the parser got, for `Continuation`
        token: Any = Token("$END", "", 0, 0)
        start = stop = 0  # where `token` is
        is_end = False
        while True:
            # -- the next token: lexed in the state on top of the stack (contextual lexing)
            if pos < size:
                state = state_stack[-1]
                try:
                    match, name = dispatch[text[pos]]
                except KeyError:  # not ASCII
                    match, name = shared
                if match is skip and (m := match(text, pos)) is not None:
                    pos = m.end()  # blanks and comments
                    continue
                if match is None:  # a one-character terminal
                    end = pos + 1
                elif (m := match(text, pos)) is not None:
                    name = m.lastgroup
                    end = m.end()
                try:
                    kind = kinds_of[state][name]  # type: ignore[index]
                except KeyError:  # no match, or not one this state accepts
                    kind = None
                if kind is None:  # the state's own lexer decides (or raises)
                    kind, end = self._slow_token(text, pos, state)
                elif not isinstance(kind, str):  # a word, or a keyword folded into it
                    kind = kind[1].get(text[pos:end], kind[0])
                if not kind:  # ignored (blanks, comments)
                    pos = end
                    continue
                # `Continuation`: a line break inside brackets or after an operator goes on
                if kind == newline:
                    if depth or last in continues:
                        pos = end
                        continue
                else:
                    step = brackets.get(kind)
                    if step is not None:
                        depth = max(0, depth + step)
                last = kind
                start = pos
                stop = pos = end
                if plain_tokens:
                    token = text[start:stop]
                else:
                    token = new_token(Token, text[start:stop])
                    token.type = kind
                    token.start_pos = start
                    token.end_pos = stop
            elif is_end:  # pragma: no cover
                raise AssertionError("the parse ended without accepting")
            else:  # the end of input, where the last token was
                kind = "$END"
                token = Token(kind, "", start, stop)
                is_end = True
            # -- parse it
            while True:
                state = state_stack[-1]
                try:
                    action = states[state][kind]
                except KeyError:
                    expected = {s for s in states[state] if s.isupper()}
                    if not isinstance(token, Token):
                        token = Token(kind, token, start, stop)
                    raise UnexpectedToken(token, expected) from None
                if action >= 0:
                    push_state(action)
                    push_value(token)
                    push_start(start)
                    push_end(stop)
                    break
                origin, length, actions, how, maker = reductions[~action]
                if how == _PASS:
                    # The state changes, the value maybe (into a list), its extent does not.
                    below = state_stack[-2]
                    key = (below, state, kind)
                    try:
                        chain = chains[key]
                    except KeyError:
                        chain = chains[key] = self._chain(below, state, kind, reductions)
                    target, change = chain
                    if change is not None:
                        value_stack[-1] = [] if change == "empty" else [value_stack[-1]]
                    state_stack[-1] = target
                    continue
                value: Any
                if length == 1:
                    # Most reductions: the value replaces its only child in place, with the
                    # same extent, so the extent stacks stay as they are.
                    child = value_stack[-1]
                    if actions is None:
                        kept = [child]
                    elif actions == "":
                        kept = []
                    else:  # "i": an inlined list, handed on as it is
                        kept = child
                    if how == _INLINE:
                        value = kept
                    elif how == _EXPAND and len(kept) == 1:
                        value = kept[0]
                    else:
                        value = maker(kept, start_stack[-1], end_stack[-1])  # type: ignore[misc]
                    target = states[state_stack[-2]][origin]
                    if target == end_state and is_end:
                        return value
                    state_stack[-1] = target
                    value_stack[-1] = value
                    continue
                if length:
                    children = value_stack[-length:]
                    first = start_stack[-length]
                    if first is None:
                        first = next((s for s in start_stack[-length:] if s is not None), None)
                    final = end_stack[-1]
                    if final is None:
                        final = next(
                            (e for e in reversed(end_stack[-length:]) if e is not None), None
                        )
                    del state_stack[-length:], value_stack[-length:]
                    del start_stack[-length:], end_stack[-length:]
                else:
                    children, first, final = [], None, None
                if actions is None:
                    kept = children
                elif actions == "":  # only dropped tokens (an end of line)
                    kept = []
                elif actions == "i":  # one inlined list and dropped tokens: grow it in place
                    kept = children[0]
                elif actions == "i+":  # an inlined list and kept children: grow it in place
                    kept = children[0]
                    kept += children[1:]
                elif actions == "ki":
                    kept = [children[0]]
                    kept += children[1]
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
                if how == _INLINE:  # inlined into its parent: a bare list
                    value = kept
                elif how == _EXPAND and len(kept) == 1:
                    value = kept[0]
                else:
                    value = maker(kept, first, final)  # type: ignore[misc]
                target = states[state_stack[-1]][origin]
                if target == end_state and is_end:
                    return value
                push_state(target)
                push_value(value)
                push_start(first)
                push_end(final)


# What a reduction does with its kept children: pass the only one on, maybe as a list (a
# unit rule, a one-child inlined rule), hand the list to the parent (an inlined rule), pass a
# single one on or else make a value (`?rule`), or make a value.
_PASS, _INLINE, _EXPAND, _MAKE = range(4)
_Reduction = tuple[str, int, "str | None", int, "_Maker | None"]
_Scanner = tuple[
    dict[str, tuple[Any, "str | None"]],
    tuple[Any, "str | None"],
    list[dict[str, Any]],
    Any,
]
_never = re.compile("(?!)").match
_SKIP = object()  # an entry of `_scan`: blanks and comments


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """`re.compile(pattern)`, from the code `_compiled.py` has for it if made by this Python.

    Compiling the lexer's expressions was a millisecond of every `termlang check` (the `re`
    compiler is Python code); `python -m termlang.syntax.grammar` stores what it produces, and
    `_sre.compile` (what `re.compile` ends with) takes that. Any other interpreter, or an
    expression not stored, compiles as usual.
    """
    ready = _precompiled().get(pattern)
    if ready is None:
        return re.compile(pattern)
    flags, code, groups, groupindex, indexgroup = ready
    compiled: re.Pattern[str] = _sre().compile(
        pattern, flags, code, groups, groupindex, tuple(indexgroup)
    )
    return compiled


def _sre() -> Any:
    import importlib

    return importlib.import_module("_sre")


@cache
def _precompiled() -> dict[str, Any]:
    try:
        from termlang.syntax import _compiled
    except ImportError:  # pragma: no cover - a checkout without the generated file
        return {}
    sre = _sre()
    made_by = (_compiled.PYTHON, _compiled.MAGIC, _compiled.CODESIZE)
    if made_by != (list(sys.version_info[:2]), sre.MAGIC, sre.CODESIZE):
        return {}
    return _compiled.PATTERNS


def _tree_maker(name: str) -> _Maker:
    def make(children: list[Any], start: int | None, end: int | None) -> Tree:
        return Tree(name, children, Meta(start, end))

    return make
