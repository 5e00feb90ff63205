"""Properties: every name a `property` reads exists and has the kind its function expects.

A property's condition is a condition (docs/language.md, Conditions) in which a few more
functions may appear, the same vocabulary as a scenario's `expect` lines: amounts and shares
compared with a literal (`paid(x) <= USD 92B`, `share(model_ip, openai) >= 51%`), and the
predicates `in_force(x)`, `signed(agreement)`, `holder(asset, party)`, `access(asset, party)`.
This module holds that vocabulary (`MEASURES`, `PREDICATES`) and checks each use; `termlang
verify` (src/termlang/verify) evaluates it. The results of verification have their own codes
in `checks/verification.py`.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from termlang import ast, model
from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.lower import CLAUSE_PREDICATES
from termlang.lower.registry import a_noun
from termlang.names import did_you_mean

BAD_PROPERTY = RuleInfo(
    "TL903",
    "property-vocabulary",
    "a property reads something that is not declared or not of the right kind",
    """\
A property is a condition over the agreement's state, in the vocabulary of conditions and
expectations: events, dates, clause predicates (`active(x)`, `funded(x.t)`), and amounts or
shares compared with a literal: `paid(REVENUE_SHARE)`, `funded(INVESTOR|INVESTMENT)`,
`received(WATERFALL, PARTY)`, `share(ASSET, PARTY)`, `capacity(COMPUTE)`, `repaid(LOAN)`,
`interest(LOAN)`, `penalty(PENALTY)`, `allocated(ALLOCATION, PARTY)`; and the predicates
`in_force(CLAUSE)`, `signed(agreement)`, `holder(ASSET, PARTY|nobody)`,
`access(ASSET, PARTY|everyone)`. A name that is not declared, or of the wrong kind, is
reported with the closest declared name, because a property about a misspelt clause would be
proved about nothing.

    property ip_majority "OpenAI keeps a majority of the model IP" {
      always  share(model_ip, opneai) >= 51%    # error: `opneai` is not a party
    }""",
    Severity.ERROR,
)

RULES = (BAD_PROPERTY,)

# function -> the kinds of its arguments; a kind is a model class or "party", "asset", ...
ArgKind = str
MEASURES: dict[str, tuple[ArgKind, ...]] = {
    "paid": ("revenue_share",),
    "funded": ("investor_or_investment",),
    "received": ("waterfall", "party"),
    "share": ("asset", "party"),
    "capacity": ("compute",),
    "repaid": ("loan_or_convertible",),
    "interest": ("loan",),
    "penalty": ("penalty",),
    "allocated": ("allocation", "party"),
}
PREDICATES: dict[str, tuple[ArgKind, ...]] = {
    "in_force": ("clause",),
    "signed": ("agreement",),
    "holder": ("asset", "holder"),
    "access": ("asset", "accessor"),
    **{p: ("clause_or_agreement",) for p in CLAUSE_PREDICATES},
}
ROLE = {
    # the argument kinds that are clause kinds: their nouns from the registry
    **{
        k: a_noun(k)
        for k in ("revenue_share", "waterfall", "compute", "loan", "penalty", "allocation")
    },
    "investor_or_investment": "an investor or an investment",
    "party": "a party",
    "asset": "an asset",
    "loan_or_convertible": "a loan or a convertible",
    "clause": "a clause",
    "agreement": "`agreement`",
    "holder": "a party or `nobody`",
    "accessor": "a party or `everyone`",
    "clause_or_agreement": "a clause or `agreement`",
}


def clause_parts(m: model.Model) -> list[str]:
    """`clause.part` for every investment's tranche and every exclusivity's carve-out: the
    parts that have a status of their own."""
    parts: list[str] = []
    for c in m.clauses.values():
        if isinstance(c, model.Investment):
            parts.extend(f"{c.name}.{t.name}" for t in c.tranches)
        if isinstance(c, model.Exclusivity):
            parts.extend(f"{c.name}.{co.name}" for co in c.carve_outs)
    return parts


def candidates(m: model.Model, kind: ArgKind) -> list[str]:
    """The names an argument of `kind` may take in `m`."""

    def of(*classes: type) -> list[str]:
        return [c.name for c in m.clauses.values() if isinstance(c, classes)]

    parties = [*m.parties, *m.entities]
    parts = clause_parts(m)
    match kind:
        case "revenue_share":
            return of(model.RevenueShare)
        case "investor_or_investment":
            return [*m.parties, *of(model.Investment)]
        case "waterfall":
            return of(model.Waterfall)
        case "party":
            return parties
        case "asset":
            return [t.name for t in m.assets()]
        case "compute":
            return of(model.Compute)
        case "loan_or_convertible":
            return of(model.Loan, model.Convertible)
        case "loan":
            return of(model.Loan)
        case "penalty":
            return of(model.Penalty)
        case "allocation":
            return of(model.Allocation)
        case "clause":
            return [*m.clauses, *parts]
        case "agreement":
            return ["agreement"]
        case "holder":
            return [*parties, "nobody"]
        case "accessor":
            return [*parties, "everyone"]
        case "clause_or_agreement":
            return [*m.clauses, *parts, "agreement"]
    return []


# what a measure reads, and the literal it compares with
MEASURE_UNITS: dict[str, str] = {"share": "percentage", "capacity": "quantity"}
_LITERAL_UNITS: dict[type, str] = {
    ast.MoneyLit: "amount",
    ast.PercentLit: "percentage",
    ast.QuantityLit: "quantity",
    ast.NumberLit: "number",
}


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    for prop in ctx.model.properties.values():
        yield from _check_expr(ctx.model, prop, prop.condition)
    settings = ctx.model.verify
    streams = [t.name for t in ctx.model.streams()]
    for bound in settings.bounds if settings is not None else ():
        if bound.subject not in streams:
            suggestion = did_you_mean(bound.subject, streams)
            yield _bad(
                bound.name_span or bound.span,
                f"`{bound.subject}` is not a stream",
                f"did you mean `{suggestion}`?"
                if suggestion
                else "declare it, like `stream " + bound.subject + ' "..."`',
            )


def _unit_of(side: ast.Expr) -> str | None:
    if isinstance(side, ast.Call) and side.func in MEASURES:
        return MEASURE_UNITS.get(side.func, "amount")
    return _LITERAL_UNITS.get(type(side))


def _bad(span: object, message: str, help: str) -> Diagnostic:
    return finding(BAD_PROPERTY, message, span, help=help)  # type: ignore[arg-type]


QUANTIFIERS = ("any", "every")  # `funded(any) > USD 30B`: some investor; `every`: all
_NOT_QUANTIFIED = frozenset({"nobody", "everyone", "agreement"})


def quantified(m: model.Model, kind: ArgKind) -> list[str]:
    """The names `any` and `every` range over in an argument of `kind` (for an investor, the
    parties that invest)."""
    if kind == "investor_or_investment":
        investors = {c.investor for c in m.clauses.values() if isinstance(c, model.Investment)}
        return [p for p in m.parties if p in investors]
    return [n for n in candidates(m, kind) if n not in _NOT_QUANTIFIED]


def _check_call(
    m: model.Model, node: ast.Call, table: dict[str, tuple[ArgKind, ...]]
) -> Iterator[Diagnostic]:
    kinds = table[node.func]
    if len(node.args) != len(kinds):
        want = ", ".join(k.upper() for k in kinds)
        yield _bad(
            node.span,
            f"`{node.func}` takes {len(kinds)} argument{'s' if len(kinds) > 1 else ''}, "
            f"found {len(node.args)}",
            f"write it like `{node.func}({want})`",
        )
        return
    for arg, kind in zip(node.args, kinds, strict=True):
        names = candidates(m, kind)
        if isinstance(arg, ast.Ref) and arg.name in names:
            continue
        if isinstance(arg, ast.Ref) and arg.name in QUANTIFIERS and kind != "agreement":
            if quantified(m, kind):
                continue
            yield _bad(
                arg.span or node.span,
                f"`{arg.name}` ranges over {ROLE[kind]}, and the agreement declares none",
                f"name {ROLE[kind]} instead of `{arg.name}`",
            )
            continue
        shown = arg.name if isinstance(arg, ast.Ref) else None
        suggestion = did_you_mean(shown, names) if shown else None
        yield _bad(
            arg.span or node.span,
            f"`{shown}` is not {ROLE[kind]}" if shown else f"`{node.func}` expects {ROLE[kind]}",
            f"did you mean `{suggestion}`?"
            if suggestion
            else f"{ROLE[kind]} is one of " + ", ".join(f"`{n}`" for n in names[:8])
            if names
            else f"the agreement declares no {ROLE[kind].split(' ', 1)[1]}",
        )


def _check_expr(m: model.Model, prop: model.Property, expr: ast.Expr) -> Iterator[Diagnostic]:
    match expr:
        case ast.Not(operand=o):
            yield from _check_expr(m, prop, o)
        case ast.And(left=a, right=b) | ast.Or(left=a, right=b):
            yield from _check_expr(m, prop, a)
            yield from _check_expr(m, prop, b)
        case ast.Compare(left=left, right=right):
            units = (_unit_of(left), _unit_of(right))
            if None not in units and units[0] != units[1]:
                yield _bad(
                    right.span or expr.span,
                    f"`{text_of(left)}` is {_a(units[0])}, compared with {_a(units[1])}",
                    "compare an amount with an amount (`USD 30B`), a share with a percentage "
                    "(`51%`), a capacity with a quantity (`3 GW`)",
                )
            for side in (left, right):
                if isinstance(side, ast.Call):
                    if side.func in MEASURES:
                        yield from _check_call(m, side, MEASURES)
                    else:
                        yield _unknown(side.func, MEASURES, side.span, "an amount")
                elif not isinstance(
                    side, ast.MoneyLit | ast.PercentLit | ast.QuantityLit | ast.NumberLit
                ):
                    yield _bad(
                        side.span or expr.span,
                        "a comparison in a property compares an amount or a share with a "
                        "literal or another amount",
                        "write it like `paid(openai_to_msft) <= USD 92B`",
                    )
        case ast.Call(func=func):
            if func in PREDICATES:
                yield from _check_call(m, expr, PREDICATES)
            else:
                yield _unknown(func, PREDICATES, expr.func_span or expr.span, "a predicate")
        case ast.Ref(name=name):
            if name not in m.events:
                yield _unknown_name(m, name, expr.span)
        case ast.TimeRel(left=left, right=right):
            if isinstance(left, ast.Ref) and left.name not in m.events:
                yield _unknown_name(m, left.name, left.span)
            if not isinstance(right, ast.DateLit | ast.Ref | ast.Offset):
                yield _bad(
                    right.span, "a property compares with a date", "write `before 2027-01-01`"
                )
        case _:
            yield _bad(
                expr.span,
                "a property holds a condition: events, dates, clause states and amounts",
                "write it like `never funded(softbank) > USD 30B`",
            )


def _a(unit: str | None) -> str:
    return f"an {unit}" if unit and unit[0] in "aeiou" else f"a {unit}"


def text_of(expr: ast.Expr) -> str:
    return " ".join(expr.span.text.split()) if expr.span is not None else "the amount"


def _unknown(
    func: str, table: dict[str, tuple[ArgKind, ...]], span: object, what: str
) -> Diagnostic:
    suggestion = did_you_mean(func, list(table))
    return _bad(
        span,
        f"`{func}` is not {what} a property can read",
        f"did you mean `{suggestion}`?"
        if suggestion
        else f"{what} is one of " + ", ".join(f"`{f}(...)`" for f in table),
    )


def _unknown_name(m: model.Model, name: str, span: object) -> Diagnostic:
    events = list(m.events)
    suggestion = did_you_mean(name, events)
    clause = name in m.clauses
    return _bad(
        span,
        f"`{name}` is a clause, not an event" if clause else f"`{name}` is not an event",
        f"to read a clause's state, write `active({name})` or `ended({name})`"
        if clause
        else f"did you mean `{suggestion}`?"
        if suggestion
        else "declare it, like `event " + name + "`",
    )


def expand(m: model.Model, expr: ast.Expr) -> ast.Expr:
    """`any` and `every` in a call's arguments, written out: `funded(any) > USD 30B` becomes
    `funded(microsoft) > USD 30B or funded(softbank) > USD 30B` (`every`: joined with `and`).
    The quantifier binds the comparison or predicate it appears in."""
    match expr:
        case ast.Not(operand=o):
            return attrs.evolve(expr, operand=expand(m, o))
        case ast.And(left=a, right=b) | ast.Or(left=a, right=b):
            return attrs.evolve(expr, left=expand(m, a), right=expand(m, b))
        case ast.Compare() | ast.Call():
            return _expand_atom(m, expr)
    return expr


def _quantifier_in(call: ast.Call) -> tuple[int, str, ArgKind] | None:
    table = MEASURES if call.func in MEASURES else PREDICATES if call.func in PREDICATES else {}
    kinds = table.get(call.func, ())
    for i, arg in enumerate(call.args):
        if isinstance(arg, ast.Ref) and arg.name in QUANTIFIERS and i < len(kinds):
            return i, arg.name, kinds[i]
    return None


def _expand_atom(m: model.Model, atom: ast.Expr) -> ast.Expr:
    calls: list[tuple[str, ast.Call]] = []
    if isinstance(atom, ast.Call):
        calls.append(("self", atom))
    elif isinstance(atom, ast.Compare):
        for side in ("left", "right"):
            node = getattr(atom, side)
            if isinstance(node, ast.Call):
                calls.append((side, node))
    for where, call in calls:
        found = _quantifier_in(call)
        if found is None:
            continue
        index, word, kind = found
        names = quantified(m, kind) or ["nobody"]
        atoms: list[ast.Expr] = []
        for name in names:
            ref = ast.Ref(parts=tuple(name.split(".")), span=call.args[index].span)
            args = (*call.args[:index], ref, *call.args[index + 1 :])
            new_call = attrs.evolve(call, args=args)
            if isinstance(atom, ast.Compare) and where == "left":
                atoms.append(attrs.evolve(atom, left=new_call))
            elif isinstance(atom, ast.Compare):
                atoms.append(attrs.evolve(atom, right=new_call))
            else:
                atoms.append(new_call)
        joined = atoms[0]
        for more in atoms[1:]:
            if word == "any":
                joined = ast.Or(left=joined, right=more, span=atom.span)
            else:
                joined = ast.And(left=joined, right=more, span=atom.span)
        return expand(m, joined) if len(atoms) > 1 or joined is not atom else joined
    return atom
