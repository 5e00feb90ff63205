"""Streams within streams: one revenue shared once per payee.

A stream may be declared `within` another (`stream eu_licensing "..." within licensing`): its
revenue is part of the other's, so a scenario's figures of the outer stream include it. Two
revenue shares to the same payee, one on a stream and one on a stream within it (or both on
the same stream), over windows that overlap, pay that payee twice on the same revenue. And a
stream labelled as covering *all* of something (`"all licensing income"`) beside a stream
whose name or label is about the same thing, with no `within` between them, leaves the
reader to guess whether the second is part of the first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.checks._time import (
    Overlap,
    Reach,
    clause_reach,
    overlap,
    period,
    sweep_apart,
    uncertainty,
)
from termlang.dates import static_env
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import Model, RevenueShare, Term

SHARED_TWICE = RuleInfo(
    "TL865",
    "stream-shared-twice",
    "two revenue shares pay one payee on the same revenue",
    """\
A revenue share on a stream covers every stream declared `within` it. A second revenue
share to the same payee on that stream, or on one within it, over a window that overlaps,
pays the payee twice on the same revenue. An error when the overlap is certain from the
dates, a warning when it depends on when events happen. Make the windows follow each other,
name the streams that do not overlap, or merge the two shares.

    stream licensing "all licensing income"
    stream eu_licensing "licensing in the EU" within licensing
    revenue_share on_all { payee microsoft  stream licensing ... }
    revenue_share on_eu  { payee microsoft  stream eu_licensing ... }    # error""",
    Severity.ERROR,
)

UNDECLARED = RuleInfo(
    "TL866",
    "stream-containment-undeclared",
    "a stream labelled as all of something sits beside a stream about the same thing",
    """\
A stream whose label says it covers *all* of something (`"all licensing income"`) contains
every stream about that thing; when another stream's name or label is about it too and no
`within` links them, the checker cannot tell whether the same revenue is counted twice.
Declare the containment (`stream model_licensing "..." within licensing`), which makes
double sharing checkable (TL865), or relabel the first stream. A warning.

    stream licensing "all licensing income"
    stream model_licensing "licensing of OpenAI models"    # warning: within `licensing`?""",
    Severity.WARNING,
)

RULES = (SHARED_TWICE, UNDECLARED)

# Words that say what kind of money a stream is, not what it is about.
_GENERIC_WORDS = (
    "all any every total whole income incomes revenue revenues sales sale receipts proceeds "
    "of the from on in by and or its their net gross a an to for"
)
_GENERIC = frozenset(_GENERIC_WORDS.split())


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    yield from _shared_twice(model)
    yield from _undeclared(model)


def _shared_twice(model: Model) -> Iterator[Diagnostic]:
    env = static_env(model)
    # Only shares to one payee on streams of one `within` tree can share the same revenue;
    # within such a group, a sweep in date order pairs only the shares that may overlap.
    groups: dict[tuple[str, str], list[tuple[Reach, RevenueShare]]] = defaultdict(list)
    for c in model.clauses.values():
        if isinstance(c, RevenueShare):
            reach = clause_reach(c, env)
            for root in dict.fromkeys(model.ancestors(s)[-1] for s in c.streams):
                groups[(c.payee, root)].append((reach, c))
    reported: set[str] = set()
    for items in groups.values():
        if len(items) < 2:
            continue
        for (reach, later), others in sweep_apart(items, lambda c: id(c)):
            if later.name in reported:
                continue
            for other_reach, earlier in others:
                pair = _common(model, earlier, later)
                when = (
                    overlap(other_reach, reach, earlier.name, later.name, env)
                    if pair is not None
                    else None
                )
                if pair is None or when is None:
                    continue
                reported.add(later.name)
                yield _twice(earlier, later, pair, when, other_reach, reach)
                break


def _twice(
    earlier: RevenueShare,
    later: RevenueShare,
    pair: tuple[str, str],
    when: Overlap,
    a: Reach,
    b: Reach,
) -> Diagnostic:
    outer, inner = pair
    what = f"`{inner}`" if outer == inner else f"`{inner}` (within `{outer}`)"
    message = (
        f"`{earlier.name}` and `{later.name}` {'both pay' if when.certain else 'can both pay'} "
        f"`{later.payee}` on the revenue of {what} "
        f"{period(when.start, when.end)}"
    )
    if not when.certain:
        message += ", " + uncertainty(a, b)
    return finding(
        SHARED_TWICE,
        message,
        later.where("streams"),
        labels=[(earlier.where("streams"), f"`{earlier.name}` already shares it")],
        help="make the windows follow each other, share streams that do not contain each other, "
        "or merge the two revenue shares",
        severity=Severity.ERROR if when.certain else Severity.WARNING,
    )


def _common(model: Model, a: RevenueShare, b: RevenueShare) -> tuple[str, str] | None:
    """A stream of `a` and one of `b` where one contains the other: (outer, inner)."""
    for x in a.streams:
        for y in b.streams:
            if model.contains(x, y):
                return x, y
            if model.contains(y, x):
                return y, x
    return None


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in _GENERIC and len(w) > 2}


def _stem(word: str) -> str:
    for suffix in ("ing", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _undeclared(model: Model) -> Iterator[Diagnostic]:
    streams = model.streams()
    for whole in streams:
        label = (whole.label or "").lower()
        if not re.match(r"\s*(all|any|every|total)\b", label):
            continue
        about = {_stem(w) for w in _words(label)}
        if not about:
            continue
        for other in streams:
            if other is whole or model.overlaps(whole.name, other.name):
                continue
            theirs = {
                _stem(w) for w in _words(f"{other.name.replace('_', ' ')} {other.label or ''}")
            }
            if about <= theirs:
                yield _undeclared_finding(whole, other)


def _undeclared_finding(whole: Term, other: Term) -> Diagnostic:
    return finding(
        UNDECLARED,
        f"the stream `{whole.name}` is labelled `{whole.label}`, but `{other.name}` is not "
        "declared within it",
        other.name_span or other.span,
        labels=[(whole.name_span or whole.span, f"`{whole.name}` covers all of it")],
        help=f"if `{other.name}` is part of `{whole.name}`, declare it: "
        f'`stream {other.name} "..." within {whole.name}`',
    )
