"""What changed in the text of the deal: declarations added, removed, renamed, and field edits.

Two resolved models are compared declaration by declaration (one namespace, as in `resolve`),
then field by field. The result is a list of language-neutral `Edit`s; `words` turns each into
a sentence in English or French.

* **rename**: a declaration removed under one name and added under another, of the same kind
  and with the same content (references to renamed names are followed, so a party renamed
  together with every clause that names it is one rename, not a cascade of edits);
* named **parts** (tranches, carve-outs) are compared like declarations inside their clause;
* lists whose elements have a natural key are matched by that key: shares by party, steps by
  the date or event they start from (a single step whose start moved, its content unchanged,
  is one change of its start), next tiers by grantee, targets by metric, weights by party,
  allowed findings by code, scenario event dates by event, figures by stream and period;
  waterfall tiers by name, like tranches. Other fields are compared as a whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
from attrs import frozen

from termlang import ast, model
from termlang.source import Span

# Fields that are not content: positions, the name itself, the kind tag.
_SKIP = frozenset({"span", "name_span", "spans", "name", "kind"})


@frozen(kw_only=True)
class Edit:
    """One difference between the two versions, before it is put into words.

    `op` is `added`, `removed`, `renamed` or `changed`. `kind` is what the subject is
    (`party`, `exclusivity`, `tranche`, `carve_out`, `share`, `occurrence`, `step`, ...).
    `subject` is its name (`softbank_round.second`; for a share, the party), `parent` the
    declaration it sits in, `field` the field that changed. `old`/`new` are model values
    (`Percent`, `Money`, `date`, `ast.Expr`, names, tuples ...), None when absent. `context`
    qualifies where (the asset of a share, the step a share belongs to).
    """

    op: str
    kind: str
    subject: str
    field: str | None = None
    old: Any = None
    new: Any = None
    parent: str | None = None
    context: str | None = None
    old_name: str | None = None
    old_span: Span | None = attrs.field(default=None, eq=False, repr=False)
    new_span: Span | None = attrs.field(default=None, eq=False, repr=False)


def decl_kind(decl: Any) -> str:
    """The keyword that declares `decl` (`party`, `asset`, `exclusivity`, ...)."""
    match decl:
        case model.WaterfallTier():
            return "waterfall_tier"
        case model.Agreement():
            return "agreement"
        case model.Party():
            return "party"
        case model.Entity():
            return "entity"
        case model.Term(kind=kind) | model.Broken(kind=kind):
            return kind
        case model.Event():
            return "event"
        case model.ExchangeRate():
            return "exchange_rate"
        case model.Scenario():
            return "scenario"
        case model.Clause(kind=kind):
            return kind
        case model.Tranche():
            return "tranche"
        case model.CarveOut():
            return "carve_out"
    return type(decl).__name__.lower()


def declarations(m: model.Model) -> dict[str, Any]:
    """Every named declaration of `m` (one namespace), the agreement under the empty name."""
    out: dict[str, Any] = {}
    if m.agreement is not None:
        out[""] = m.agreement
    for table in (m.parties, m.entities, m.terms, m.events, m.rates, m.clauses, m.scenarios):
        out.update(table)
    return out


# ---------------------------------------------------------------------------- renames


def _rename_value(value: Any, names: Mapping[str, str]) -> Any:
    """`value` with every name in `names` replaced (strings, refs, nested declarations)."""
    if not names:
        return value
    match value:
        case str():
            return names.get(value, value)
        case tuple():
            return tuple(_rename_value(v, names) for v in value)
        case ast.Ref(parts=parts):
            full = ".".join(parts)
            if full in names:
                return attrs.evolve(value, parts=tuple(names[full].split(".")))
            if parts and parts[0] in names:
                return attrs.evolve(value, parts=(names[parts[0]], *parts[1:]))
            return value
    if attrs.has(type(value)):
        changes = {}
        for f in attrs.fields(type(value)):
            if f.name in _SKIP or not f.init:
                continue
            old = getattr(value, f.name)
            new = _rename_value(old, names)
            if new is not old and new != old:
                changes[f.name] = new
        return attrs.evolve(value, **changes) if changes else value
    return value


def _same_content(a: Any, b: Any) -> bool:
    if type(a) is not type(b) or decl_kind(a) != decl_kind(b):
        return False
    if hasattr(a, "name") and hasattr(b, "name"):
        return bool(attrs.evolve(a, name=b.name) == b)
    return bool(a == b)


def _renames(
    old: Mapping[str, Any], new: Mapping[str, Any], names: Mapping[str, str]
) -> dict[str, str]:
    """Removed name -> added name, for declarations that only changed their name."""
    removed = [k for k in old if k not in new]
    added = [k for k in new if k not in old]
    found: dict[str, str] = {}
    progress = True
    while progress:  # renames found so far help find the ones that refer to them
        progress = False
        for r in removed:
            if r in found:
                continue
            for a in added:
                if a in found.values():
                    continue
                renamed = {**names, **found, r: a}
                if _same_content(_rename_value(old[r], renamed), new[a]):
                    found[r] = a
                    progress = True
                    break
    return found


# ---------------------------------------------------------------------------- comparison


class _Differ:
    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = names  # old name -> new name, for every rename found
        self.edits: list[Edit] = []

    def same(self, old: Any, new: Any) -> bool:
        return bool(_rename_value(old, self.names) == new)

    def named(
        self,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        parent: str | None,
        kind_of: Callable[[Any], str],
        prefix: str = "",
    ) -> None:
        """Compare two tables of named things (declarations, or the parts of one clause)."""
        local = {k: v for k, v in self.names.items() if k.startswith(prefix)}
        renames = _renames(
            {prefix + k: v for k, v in old.items()}, {prefix + k: v for k, v in new.items()}, local
        )
        renamed_to = {v: k for k, v in renames.items()}
        for name, after in new.items():
            full = prefix + name
            if full in renamed_to:
                before_name = renamed_to[full]
                self.edits.append(
                    Edit(
                        op="renamed",
                        kind=kind_of(after),
                        subject=full,
                        old_name=before_name,
                        parent=parent,
                        old_span=getattr(old[before_name[len(prefix) :]], "name_span", None),
                        new_span=getattr(after, "name_span", None),
                    )
                )
                continue
            before = old.get(name)
            if before is None or kind_of(before) != kind_of(after):
                if before is not None:
                    self.removed(before, full, parent, kind_of)
                span = getattr(after, "name_span", None) or after.span
                self.add(kind_of(after), full, after, span, parent=parent)
                continue
            self.fields(before, after, full)
        for name, before in old.items():
            full = prefix + name
            if name not in new and full not in renames:
                self.removed(before, full, parent, kind_of)

    def removed(self, before: Any, full: str, parent: str | None, kind_of: Any) -> None:
        span = getattr(before, "name_span", None) or before.span
        self.drop(kind_of(before), full, before, span, parent=parent)

    def add(self, kind: str, subject: str, new: Any, span: Span | None, **where: Any) -> None:
        """An edit: `subject` (a `kind`) was added; `where` its `parent` or `context`."""
        self.edits.append(
            Edit(op="added", kind=kind, subject=subject, new=new, new_span=span, **where)
        )

    def drop(self, kind: str, subject: str, old: Any, span: Span | None, **where: Any) -> None:
        """An edit: `subject` (a `kind`) was removed; `where` its `parent` or `context`."""
        self.edits.append(
            Edit(op="removed", kind=kind, subject=subject, old=old, old_span=span, **where)
        )

    def change(self, subject: str, name: str, old: Any, new: Any, before: Any, after: Any) -> None:
        self.edits.append(
            Edit(
                op="changed",
                kind=decl_kind(after),
                subject=subject,
                field=name,
                old=old,
                new=new,
                old_span=_where(before, name),
                new_span=_where(after, name),
            )
        )

    def fields(self, before: Any, after: Any, subject: str) -> None:
        for f in attrs.fields(type(after)):
            name = f.name
            if name in _SKIP or not f.init:
                continue
            old, new = getattr(before, name), getattr(after, name)
            if self.same(old, new):
                continue
            if name == "window" and old is not None and new is not None:
                for part in ("start", "end"):
                    a, b = getattr(old, part), getattr(new, part)
                    if not self.same(a, b):
                        self.change(subject, f"window.{part}", a, b, before, after)
                continue
            special = _SPECIAL.get(name)
            if special is not None:
                special(self, before, after, subject)
            elif _is_list_of_parts(old) and _is_list_of_parts(new):
                self.elements(name, old, new, subject, after)
            else:
                self.change(subject, name, old, new, before, after)

    def elements(self, name: str, old: Any, new: Any, subject: str, after: Any) -> None:
        """A list without a natural key: the elements added and removed."""
        renamed = [_rename_value(x, self.names) for x in old]
        kind = _SINGULAR.get(name, name)
        for x in new:
            if x not in renamed:
                self.add(kind, "", x, getattr(x, "span", None), parent=subject)
        for x, was in zip(old, renamed):
            if was not in new:
                self.drop(kind, "", x, getattr(x, "span", None), parent=subject)

    # -- lists with a natural key

    def keyed(
        self,
        kind: str,
        old: Iterable[Any],
        new: Iterable[Any],
        key: Callable[[Any], str],
        value: Callable[[Any], Any],
        parent: str,
        context: str | None,
    ) -> None:
        before = {key(_rename_value(x, self.names)): x for x in old}
        after = {key(x): x for x in new}
        for k, x in after.items():
            if k not in before:
                self.add(kind, k, value(x), x.span, parent=parent, context=context)
            elif not self.same(value(before[k]), value(x)):
                self.edits.append(
                    Edit(
                        op="changed",
                        kind=kind,
                        subject=k,
                        old=value(before[k]),
                        new=value(x),
                        parent=parent,
                        context=context,
                        old_span=before[k].span,
                        new_span=x.span,
                    )
                )
        for k, x in before.items():
            if k not in after:
                self.drop(kind, k, value(x), x.span, parent=parent, context=context)

    def shares(self, old: Any, new: Any, parent: str, asset: str, step: str | None) -> None:
        context = asset if step is None else f"{asset}@{step}"
        self.keyed("share", old, new, lambda s: s.party, lambda s: s.percent, parent, context)


_SINGULAR = {
    "expectations": "expectation",
    "allows": "allowance",
    "on_breach": "consequence",
    "on_exercise": "consequence of exercise",
    "capacity": "capacity",
    "calendars": "calendar",
}


def _is_list_of_parts(value: Any) -> bool:
    return isinstance(value, tuple) and bool(value) and all(attrs.has(type(v)) for v in value)


def _where(decl: Any, name: str) -> Span | None:
    if isinstance(decl, model.Located):
        return decl.where(name.partition(".")[0])
    return None


def _step_key(step: model.Step) -> str:
    from termlang.fmt import format_expr

    return format_expr(step.at)


def _diff_shares(d: _Differ, before: Any, after: Any, subject: str) -> None:
    d.shares(before.shares, after.shares, subject, after.asset, None)


def _diff_steps(d: _Differ, before: Any, after: Any, subject: str) -> None:
    old = {_step_key(_rename_value(s, d.names)): s for s in before.steps}
    new = {_step_key(s): s for s in after.steps}
    gone = [k for k in old if k not in new]
    came = [k for k in new if k not in old]
    if len(gone) == 1 and len(came) == 1:
        was, step = old.pop(gone[0]), new.pop(came[0])
        content = ("shares", "rate", "capacity")
        if all(d.same(getattr(was, n), getattr(step, n)) for n in content):
            d.edits.append(
                Edit(
                    op="changed",
                    kind=decl_kind(after),
                    subject=subject,
                    field="from",
                    old=was.at,
                    new=step.at,
                    old_span=was.span,
                    new_span=step.span,
                )
            )
        else:
            old[gone[0]], new[came[0]] = was, step
    for key, step in new.items():
        was = old.get(key)
        if was is None:
            d.add("step", key, step, step.span, parent=subject)
            continue
        if d.same(was, step):
            continue
        if was.shares != step.shares:
            d.shares(was.shares, step.shares, subject, getattr(after, "asset", ""), key)
        for name in ("rate", "capacity"):
            if not d.same(getattr(was, name), getattr(step, name)):
                d.edits.append(
                    Edit(
                        op="changed",
                        kind=decl_kind(after),
                        subject=subject,
                        field=name,
                        old=getattr(was, name),
                        new=getattr(step, name),
                        context=key,
                        old_span=was.where(name),
                        new_span=step.where(name),
                    )
                )
    for key, step in old.items():
        if key not in new:
            d.drop("step", key, step, step.span, parent=subject)


def _named_parts(d: _Differ, old: Any, new: Any, subject: str, kind: str) -> None:
    """Parts with names of their own (`clause.part`): tranches, carve-outs, a waterfall's
    tiers, compared like declarations."""
    by_name = {p.name: p for p in old}, {p.name: p for p in new}
    d.named(*by_name, subject, lambda _: kind, prefix=subject + ".")


def _diff_tranches(d: _Differ, before: Any, after: Any, subject: str) -> None:
    _named_parts(d, before.tranches, after.tranches, subject, "tranche")


def _diff_carve_outs(d: _Differ, before: Any, after: Any, subject: str) -> None:
    _named_parts(d, before.carve_outs, after.carve_outs, subject, "carve_out")


def _diff_tiers(d: _Differ, before: Any, after: Any, subject: str) -> None:
    if isinstance(after, model.Waterfall):  # named tiers, compared like tranches
        _named_parts(d, before.tiers, after.tiers, subject, "waterfall_tier")
        return
    d.keyed(
        "tier", before.tiers, after.tiers, lambda t: t.grantee, lambda t: t.after, subject, None
    )


def _diff_targets(d: _Differ, before: Any, after: Any, subject: str) -> None:
    def value(t: model.Target) -> tuple[str, Any, Any]:
        return (t.op, t.value, t.by)

    d.keyed("target", before.targets, after.targets, lambda t: t.metric, value, subject, None)


def _diff_weights(d: _Differ, before: Any, after: Any, subject: str) -> None:
    d.keyed(
        "weight", before.weights, after.weights, lambda w: w.party, lambda w: w.value, subject, None
    )


def _diff_allows(d: _Differ, before: Any, after: Any, subject: str) -> None:
    d.keyed(
        "allowance",
        before.allows,
        after.allows,
        lambda a: a.code,
        lambda a: a.reason,
        subject,
        None,
    )


def _diff_occurrences(d: _Differ, before: Any, after: Any, subject: str) -> None:
    d.keyed(
        "occurrence",
        before.occurrences,
        after.occurrences,
        lambda o: o.event,
        lambda o: o.on,
        subject,
        None,
    )


def _diff_figures(d: _Differ, before: Any, after: Any, subject: str) -> None:
    d.keyed(
        "figure",
        before.figures,
        after.figures,
        lambda f: f"{f.metric} {f.subject} {f.period}",
        lambda f: f.amount,
        subject,
        None,
    )


def _diff_facts(d: _Differ, before: Any, after: Any, subject: str) -> None:
    """The scenario facts of issue 12: occurrences by event and identifier, readings like
    figures, fundings and third-party acts by their line."""
    d.keyed(
        "fact", _facts(before), _facts(after), lambda f: f.key, lambda f: f.value, subject, None
    )
    d.keyed(
        "figure",
        getattr(before, "readings", ()),
        getattr(after, "readings", ()),
        lambda r: f"{r.kind} {r.subject} {r.period}",
        lambda r: r.value,
        subject,
        None,
    )


@attrs.frozen
class _Fact:
    key: str
    value: Any
    span: Any = attrs.field(eq=False)


def _facts(scenario: Any) -> list[_Fact]:
    out = [
        _Fact(f"{i.event} {i.id}", (i.on, *(f"{k} {v}" for k, v in i.attributes)), i.span)
        for i in getattr(scenario, "instances", ())
    ]
    out += [_Fact(f"funded {f.tranche}", f.amount, f.span) for f in scenario.fundings]
    out += [
        _Fact(f"{a.verb} {a.party} {a.counterparty} {a.scope} {a.on}", a.amount, a.span)
        for a in scenario.acts
    ]
    return out


def _diff_proceeds(d: _Differ, before: Any, after: Any, subject: str) -> None:
    """A dissolution's proceeds by event, as written (the amount, then the other claims)."""

    def text(p: model.Proceeds) -> str:
        claims = "; ".join(
            f"{c.name} {c.amount}" + (f" rank {c.rank}" if c.rank else "") for c in p.claims
        )
        return f"{p.amount}" + (f" {{ {claims} }}" if claims else "")

    d.keyed(
        "fact",
        before.proceeds,
        after.proceeds,
        lambda p: f"proceeds {p.event}",
        text,
        subject,
        None,
    )


_SPECIAL: dict[str, Callable[[_Differ, Any, Any, str], None]] = {
    "proceeds": _diff_proceeds,
    "shares": _diff_shares,
    "steps": _diff_steps,
    "tranches": _diff_tranches,
    "carve_outs": _diff_carve_outs,
    "tiers": _diff_tiers,
    "targets": _diff_targets,
    "occurrences": _diff_occurrences,
    "figures": _diff_figures,
    "instances": _diff_facts,
    "readings": lambda *_: None,  # with the instances (_diff_facts)
    "fundings": lambda *_: None,
    "acts": lambda *_: None,
    "weights": _diff_weights,
    "allows": _diff_allows,
}


def _sort_key(edit: Edit) -> tuple[int, int]:
    span = edit.new_span or edit.old_span
    if span is None:
        return (1, 0)
    # removed things sit where they were, after everything placed in the new file
    return (1 if edit.new_span is None else 0, span.start)


def structural_diff(old: model.Model, new: model.Model) -> list[Edit]:
    """Every edit from `old` to `new`, in the order of the new file (removals last)."""
    before, after = declarations(old), declarations(new)
    names = _renames(before, after, {})
    # parts follow their declaration: `softbank_round.first` -> `sb_round.first`
    for decl_name, decl in before.items():
        if decl_name in names:
            for part in (*getattr(decl, "tranches", ()), *getattr(decl, "carve_outs", ())):
                names[f"{decl_name}.{part.name}"] = f"{names[decl_name]}.{part.name}"
    differ = _Differ(names)
    differ.named(before, after, None, decl_kind)
    # A rename found at the top level also renames the parts: `x.first` -> `y.first`.
    return sorted(differ.edits, key=_sort_key)
