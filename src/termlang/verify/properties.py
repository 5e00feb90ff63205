"""What a property's condition is worth in one state of a timeline.

The condition language is the one of `starts_when` and `ends_when` (evaluate/conditions.py:
events, date relations, clause predicates, Kleene's three values) plus the vocabulary of
`checks/properties.py`: amounts and shares read from the interpreter's `State` and compared
with a literal. An amount nobody has paid is zero; a share of a split not in force is 0%; an
amount in another currency than the literal is unsettled (None), which `verify` reports.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from termlang import ast
from termlang.checks.properties import MEASURES
from termlang.dates import DateEnv, evaluate
from termlang.evaluate import State
from termlang.evaluate.conditions import (
    COMPARE,
    PREDICATE_STATUSES,
    Context,
    Tri,
    _and,
    _not,
    _or,
    walk,
)
from termlang.evaluate.status import Status
from termlang.values import Money, Percent, Quantity

AGREEMENT_IN_FORCE = frozenset({Status.ACTIVE, Status.SIGNED})
AGREEMENT_ENDED = frozenset({Status.LAPSED, Status.TERMINATED})


Amount = tuple[str, Fraction]  # (unit: a currency, "%" or a quantity's unit, exact value)


def measure(call: ast.Call, s: State) -> Amount | None:
    """The value of `paid(x)`, `share(asset, party)`, ... in `s` (None: not comparable)."""
    names = [a.name if isinstance(a, ast.Ref) else "" for a in call.args]
    money: Money | None = None
    match call.func, names:
        case "paid", [x]:
            money = s.paid.get(x)
        case "funded", [x]:
            money = s.funded.get(x) if x in s.funded else s.invested.get(x)
        case "received", [w, p]:
            money = s.received.get(w, {}).get(p)
        case "allocated", [a, p]:
            money = s.allocations.get(a, {}).get(p)
        case "repaid", [x]:
            money = s.repaid.get(x)
        case "interest", [x]:
            money = s.interest.get(x)
        case "penalty", [x]:
            money = s.penalties.get(x)
        case "share", [asset, party]:
            pct = s.splits.get(asset, {}).get(party)
            return "%", Fraction(pct.value if isinstance(pct, Percent) else Decimal(0))
        case "capacity", [x]:
            q = s.compute.get(x)
            return None if q is None else _quantity(q)
        case _:
            return None
    if money is None:
        return "", Fraction(0)  # nothing paid: zero in any currency
    return money.currency, Fraction(money.amount)


def _quantity(q: Quantity) -> Amount:
    return q.dimension, Fraction(q.base_amount())


def literal(expr: ast.Expr) -> Amount | None:
    match expr:
        case ast.MoneyLit(currency=c, amount=a):
            return c, Fraction(a)
        case ast.PercentLit(value=v):
            return "%", Fraction(v)
        case ast.QuantityLit(amount=a, unit=u):
            try:
                return _quantity(Quantity(a, u))
            except ValueError:
                return None
        case ast.NumberLit(value=v):
            return "", Fraction(v)
    return None


class Evaluator:
    """A property's condition over the states of one timeline."""

    def __init__(self, env: DateEnv) -> None:
        self.env = env
        self.mismatch = ""  # set when a comparison met two currencies or units

    def value(self, expr: ast.Expr, s: State, t: date) -> Tri:
        match expr:
            case ast.Not(operand=o):
                return _not(self.value(o, s, t))
            case ast.And(left=a, right=b):
                return _and(self.value(a, s, t), self.value(b, s, t))
            case ast.Or(left=a, right=b):
                return _or(self.value(a, s, t), self.value(b, s, t))
            case ast.Compare(op=op, left=left, right=right):
                return self.compare(op, left, right, s)
            case ast.Call(func=func, args=(ast.Ref(name="agreement"),)):
                return _agreement(func, s.agreement)
            case ast.Call(func="in_force", args=(ast.Ref(name=name),)):
                return s.statuses.get(name, Status.PENDING) == Status.ACTIVE
            case ast.Call(func="holder", args=(ast.Ref(name=asset), ast.Ref(name=party))):
                return (s.holder(asset) or "nobody") == party
            case ast.Call(func="access", args=(ast.Ref(name=asset), ast.Ref(name=party))):
                return party in {h for h, _ in s.priority.get(asset, ())}
        return self._context(s).value(expr, t)

    def compare(self, op: str, left: ast.Expr, right: ast.Expr, s: State) -> Tri:
        a = self._amount(left, s)
        b = self._amount(right, s)
        if a is None or b is None:
            return None
        (ua, va), (ub, vb) = a, b
        if ua and ub and ua != ub:
            # different currencies or units: not comparable, and said so (never a silent pass)
            self.mismatch = f"`{ua}` is compared with `{ub}`"
            return None
        test = COMPARE.get(op)
        return None if test is None else test(va, vb)

    def _amount(self, expr: ast.Expr, s: State) -> Amount | None:
        if isinstance(expr, ast.Call) and expr.func in MEASURES:
            return measure(expr, s)
        return literal(expr)

    def _context(self, s: State) -> Context:
        def status(name: str) -> str | None:
            return s.statuses.get(name, s.tranches.get(name, Status.PENDING))

        return Context(
            self.env,
            status,
            lambda name: name in s.caps_reached,
            lambda _metric, _stream, _t: None,
        )


def _agreement(func: str, status: str) -> Tri:
    if func in ("active", "in_force", "started"):
        return status in AGREEMENT_IN_FORCE
    if func == "signed":
        return status == Status.SIGNED
    if func == "ended":
        return status in AGREEMENT_ENDED
    return status in PREDICATE_STATUSES.get(func, frozenset())


def deadlines(expr: ast.Expr, env: DateEnv) -> set[date]:
    """Days on which the date relations of a condition can change value (D and D + 1)."""
    found: set[date] = set()
    for node in walk(expr):
        if isinstance(node, ast.TimeRel):
            d = evaluate(node.right, env)
            if d is not None and d < date.max:
                found |= {d, d + timedelta(days=1)}
    return found


def read_nodes(expr: ast.Expr) -> Iterator[ast.Call | ast.Ref]:
    """The calls and names a condition reads, through `not`, `and`, `or`, comparisons and the
    left side of a time relation (a call's own arguments are the caller's to read)."""
    stack = [expr]
    while stack:
        node = stack.pop()
        match node:
            case ast.Call() | ast.Ref():
                yield node
            case ast.Not(operand=o):
                stack.append(o)
            case ast.And(left=a, right=b) | ast.Or(left=a, right=b) | ast.Compare(left=a, right=b):
                stack.extend((a, b))
            case ast.TimeRel(left=a):
                if a is not None:
                    stack.append(a)


def subjects(expr: ast.Expr) -> set[str]:
    """The names a condition reads (clauses, parts, assets, parties, events): the subjects of
    the timeline's changes that can change its value."""
    out: set[str] = set()
    for node in read_nodes(expr):
        if isinstance(node, ast.Ref):
            out.add(node.name)
        else:
            for arg in node.args:
                out |= subjects(arg)
    return out
