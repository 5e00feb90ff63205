"""What the edits do under a scenario: the two timelines compared change point by change point.

Both versions are run by the interpreter (`termlang.evaluate.run`) under the same scenario
(by name; without one, each version's default). For every subject and aspect (a clause's
status, who holds priority access to an asset, how an asset is split, a compute capacity), the
values the subject goes through are matched by value:

* a value reached in both versions on different days **moved** ("18 months earlier");
* a value reached on the same day as a different value in the other version **differs**;
* a value reached in only one version **appears** or **disappears**.

Cumulative money (invested, paid) is compared at the horizon: **amount** effects.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from attrs import frozen

# Aspects compared as sequences of values, and cumulative money aspects.
_SEQUENCES: tuple[str, ...] = ("status", "access", "split", "capacity", "due", "cap_reached")
# issue 11: instalments (amount, due date, status), the holder after an assignment, binding
# status, and a term's renewals and notice deadlines (renewal by an option's exercise too)
_SEQUENCES += ("payment", "holder", "binding", "renewal", "notice_by")
_AMOUNTS = ("invested", "paid")


@frozen(kw_only=True)
class Effect:
    """One difference between the two timelines."""

    kind: str  # moved | differs | appears | disappears | amount
    subject: str
    aspect: str
    old_value: Any = None  # the value text (status, holders ...) or Money for amounts
    new_value: Any = None
    old_on: date | None = None
    new_on: date | None = None


def _renamer(names: dict[str, str]) -> Any:
    """Old names to new ones in subjects (`x.first`) and in value texts (`microsoft, x`)."""
    if not names:
        return lambda text: text
    import re

    pattern = re.compile(
        r"(?<![\w.])("
        + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
        + r")(?![\w])"
    )
    return lambda text: pattern.sub(lambda m: names[m.group(1)], text)


def _sequences(
    timeline: Any, names: dict[str, str]
) -> dict[tuple[str, str], list[tuple[date, str]]]:
    out: dict[tuple[str, str], list[tuple[date, str]]] = defaultdict(list)
    rename = _renamer(names)
    for change in timeline.changes:
        if change.aspect in _SEQUENCES and change.on <= timeline.horizon:
            out[(rename(change.subject), change.aspect)].append((change.on, rename(change.new)))
    return out


def _totals(timeline: Any, names: dict[str, str]) -> dict[tuple[str, str], Any]:
    out: dict[tuple[str, str], Any] = {}
    rename = _renamer(names)
    for change in timeline.changes:
        if change.aspect in _AMOUNTS and change.on <= timeline.horizon:
            out[(rename(change.subject), change.aspect)] = change.value
    for inst in getattr(timeline, "instalments", ()):  # what each payment clause owes in all
        key = (rename(inst.clause), "owed")
        out[key] = out[key] + inst.amount if key in out else inst.amount
    return out


def _first_reached(seq: list[tuple[date, str]]) -> dict[str, date]:
    first: dict[str, date] = {}
    for on, value in seq:
        first.setdefault(value, on)
    return first


def compare_timelines(old: Any, new: Any, renames: dict[str, str] | None = None) -> list[Effect]:
    """The effects of going from timeline `old` to timeline `new` (subjects renamed first)."""
    names = dict(renames or {})
    effects: list[Effect] = []
    before, after = _sequences(old, names), _sequences(new, {})
    for key in sorted(before.keys() | after.keys(), key=lambda k: _first_day(k, before, after)):
        subject, aspect = key
        a, b = before.get(key, []), after.get(key, [])
        if a == b:
            continue
        fa, fb = _first_reached(a), _first_reached(b)
        only_old = {v: d for v, d in fa.items() if v not in fb}
        only_new = {v: d for v, d in fb.items() if v not in fa}
        for value, on in fb.items():
            if value in fa and fa[value] != on:
                effects.append(
                    Effect(
                        kind="moved",
                        subject=subject,
                        aspect=aspect,
                        old_value=value,
                        new_value=value,
                        old_on=fa[value],
                        new_on=on,
                    )
                )
        by_day_old = {d: v for v, d in only_old.items()}
        for value, on in sorted(only_new.items(), key=lambda kv: kv[1]):
            if on in by_day_old:
                was = by_day_old.pop(on)
                only_old.pop(was)
                effects.append(
                    Effect(
                        kind="differs",
                        subject=subject,
                        aspect=aspect,
                        old_value=was,
                        new_value=value,
                        old_on=on,
                        new_on=on,
                    )
                )
            else:
                effects.append(
                    Effect(
                        kind="appears", subject=subject, aspect=aspect, new_value=value, new_on=on
                    )
                )
        for value, on in sorted(only_old.items(), key=lambda kv: kv[1]):
            effects.append(
                Effect(
                    kind="disappears", subject=subject, aspect=aspect, old_value=value, old_on=on
                )
            )
    totals_old, totals_new = _totals(old, names), _totals(new, {})
    for key in sorted(totals_old.keys() | totals_new.keys()):
        old_total, new_total = totals_old.get(key), totals_new.get(key)
        if old_total != new_total:
            effects.append(
                Effect(
                    kind="amount",
                    subject=key[0],
                    aspect=key[1],
                    old_value=old_total,
                    new_value=new_total,
                    old_on=old.horizon,
                    new_on=new.horizon,
                )
            )
    return _drop_echoes(effects)


def _first_day(
    key: tuple[str, str],
    before: dict[tuple[str, str], list[tuple[date, str]]],
    after: dict[tuple[str, str], list[tuple[date, str]]],
) -> tuple[date, str, str]:
    days = [d for d, _ in before.get(key, [])] + [d for d, _ in after.get(key, [])]
    return (min(days) if days else date.max, key[0], key[1])


def _drop_echoes(effects: list[Effect]) -> list[Effect]:
    """A clause that ends earlier also moves what it governs (access, split, capacity) on the
    same days: keep the clause's status and drop the echoes."""
    status_days = {(e.old_on, e.new_on) for e in effects if e.aspect == "status"}
    return [
        e
        for e in effects
        if e.aspect == "status" or e.kind == "amount" or (e.old_on, e.new_on) not in status_days
    ]
