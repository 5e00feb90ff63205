"""The `expect` words of payments, assignments and binding status (the vocabulary of
docs/semantics.md, "Expectations for payments"), which `expect_static.Validator` dispatches
to:

| line | checks |
| --- | --- |
| `payment CLAUSE [PERIOD] due\\|paid\\|partly_paid\\|overdue\\|none` | an instalment's status |
| `due CLAUSE [PERIOD] DATE` | a payment's due date, or an obligation's deadline |
| `outstanding CLAUSE [PERIOD] MONEY` | what is owed and not paid (all instalments, or one) |
| `overdue CLAUSE [PERIOD] N days` | days late (the longest, without a period) |
| `would_have_been_due CLAUSE [PERIOD] MONEY` | the amounts before the caps |
| `headroom CLAUSE MONEY` | what a total cap still allows (a `payment` or a `revenue_share`) |
| `held_by CLAUSE PARTY` | who holds a clause's rights (after an `assignment`) |
| `binding CLAUSE yes\\|no` | whether a clause binds (`binding_from`, `binding no except`) |
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from termlang import ast, model
from termlang.evaluate import aspects as tl
from termlang.lower.scenarios import period_arg
from termlang.mechanics.payment import STATUS_WORDS, InstalmentState
from termlang.values import Money

ONCE = "once"

# what -> (argument synopsis, one example)
WORDS: dict[str, tuple[str, str]] = {
    "payment": ("CLAUSE [PERIOD] due|paid|partly_paid|overdue|none", "payment upfront_fee paid"),
    "due": ("CLAUSE [PERIOD] DATE", "due royalty 2026-Q3 2026-10-30"),
    "outstanding": ("CLAUSE [PERIOD] MONEY", "outstanding royalty GBP 60K"),
    "overdue": ("CLAUSE [PERIOD] N days", "overdue royalty 2026-Q3 45 days"),
    "would_have_been_due": ("CLAUSE [PERIOD] MONEY", "would_have_been_due royalty GBP 160K"),
    "headroom": ("CLAUSE MONEY", "headroom openai_to_msft USD 3B"),
    "held_by": ("CLAUSE PARTY", "held_by data_licence heron"),
    "binding": ("CLAUSE yes|no", "binding data_licence yes"),
}


# ---------------------------------------------------------------------------- the words


def period_of(expr: ast.Expr) -> str | None:
    """A period written as an argument (`2027`, `2027-Q1`, `2027-H2`, `2027-03`), canonical
    (read as a scenario line reads it: `lower.scenarios.period_arg`)."""
    period = period_arg(expr)
    return str(period) if period is not None else None


def _payments(v: Any) -> list[str]:
    """The clauses with instalments: payments, and revenue shares (whose periods the
    scenario's `payments` lines date)."""
    kinds = (model.PaymentObligation, model.RevenueShare)
    return [c.name for c in v.m.clauses.values() if isinstance(c, kinds)]


def _split(
    v: Any, exp: model.Expectation, names: Sequence[str], role: str
) -> tuple[str, str | None, ast.Expr] | None:
    """`CLAUSE [PERIOD] VALUE`: the clause, the instalment (None: all) and the value."""
    if not v.arity(exp, (2, 3)):
        return None
    name = v.name(exp, exp.args[0], names, role)
    label: str | None = None
    if len(exp.args) == 3:
        label = period_of(exp.args[1])
        if label is None and isinstance(exp.args[1], ast.Ref) and exp.args[1].name == ONCE:
            label = ONCE
        if label is None:
            v.bad(exp, "expected a period like `2026-Q3` (or `once`) here", exp.args[1].span)
            return None
    if name is None:
        return None
    return name, label, exp.args[-1]


def _pick(s: tl.State, name: str, label: str | None) -> tuple[InstalmentState, ...]:
    found = s.instalments.get(name, ())
    return found if label is None else tuple(i for i in found if i.label == label)


def _money_text(states: Sequence[InstalmentState], read: Callable[[InstalmentState], Money]) -> str:
    if not states:
        return "nothing"
    total = read(states[0])
    for st in states[1:]:
        total = total + read(st)
    return str(total)


def _same_money(expected: Money) -> Callable[[str, str], bool]:
    return lambda a, _e: _money_equal(a, expected)


def _money_equal(actual: str, expected: Money) -> bool:
    """`actual` (an amount as the state words it, or `nothing`) equals `expected` exactly."""
    from termlang.values import parse_money

    try:
        value = parse_money(actual)
    except ValueError:
        return expected.amount == 0 and actual == "nothing"
    return value.currency == expected.currency and value.amount == expected.amount


def _where(label: str | None) -> str:
    return "" if label in (None, ONCE) else f" for {label}"


def payment(v: Any, exp: model.Expectation, make: Callable[..., Any]) -> Any:
    got = _split(v, exp, _payments(v), "a payment")
    if got is None:
        return None
    name, label, arg = got
    word = v.word(exp, arg, [*STATUS_WORDS, "none"], "a payment status")
    if word is None:
        return None

    def actual(s: tl.State) -> str:
        states = _pick(s, name, label)
        return states[-1].status.word if states else "none"

    return make(exp, exp.at, name, tl.PAYMENT, f"the payment `{name}`{_where(label)}", word, actual)


def due(v: Any, exp: model.Expectation, make: Callable[..., Any]) -> Any:
    obligations = [c.name for c in v.m.clauses.values() if isinstance(c, model.Obligation)]
    got = _split(v, exp, [*_payments(v), *obligations], "a payment or an obligation")
    if got is None:
        return None
    name, label, arg = got
    if not isinstance(arg, ast.DateLit):
        v.bad(exp, "`due` expects a date like `2026-10-30` here", arg.span)
        return None
    expected = arg.value.isoformat()

    def actual(s: tl.State) -> str:
        if name in s.due:
            return s.due[name].isoformat()
        states = _pick(s, name, label)
        return states[-1].due.isoformat() if states else "nothing due"

    aspect = tl.DUE if name in obligations else tl.PAYMENT
    return make(
        exp, exp.at, name, aspect, f"the due date of `{name}`{_where(label)}", expected, actual
    )


def _amount_word(
    field: Callable[[InstalmentState], Money], describe: str
) -> Callable[[Any, model.Expectation, Callable[..., Any]], Any]:
    def word(v: Any, exp: model.Expectation, make: Callable[..., Any]) -> Any:
        got = _split(v, exp, _payments(v), "a payment")
        if got is None:
            return None
        name, label, arg = got
        money = v.money(exp, arg)
        if money is None:
            return None
        return make(
            exp,
            exp.at,
            name,
            tl.PAYMENT,
            describe.format(name=name) + _where(label),
            str(money),
            lambda s: _money_text(_pick(s, name, label), field),
            _same_money(money),
        )

    return word


outstanding = _amount_word(lambda st: st.outstanding, "the amount outstanding under `{name}`")
would_have_been_due = _amount_word(
    lambda st: st.uncapped, "what would have been due under `{name}` without its caps"
)


def overdue(v: Any, exp: model.Expectation, make: Callable[..., Any]) -> Any:
    got = _split(v, exp, _payments(v), "a payment")
    if got is None:
        return None
    name, label, arg = got
    days = None
    if isinstance(arg, ast.QuantityLit) and arg.unit in ("day", "days"):
        days = arg.amount
    elif isinstance(arg, ast.NumberLit):
        days = arg.value
    if days is None or days != days.to_integral_value() or days < 0:
        v.bad(exp, "`overdue` expects a number of days like `45 days` here", arg.span)
        return None
    expected = f"{int(days)} days"

    def actual(s: tl.State) -> str:
        states = _pick(s, name, label)
        return f"{max((st.days_late for st in states), default=0)} days"

    return make(
        exp,
        exp.at,
        name,
        tl.PAYMENT,
        f"the days `{name}`{_where(label)} is late",
        expected,
        actual,
    )


def headroom(v: Any, exp: model.Expectation, make: Callable[..., Any]) -> Any:
    if not v.arity(exp, 2):
        return None
    capped = [
        c.name
        for c in v.m.clauses.values()
        if (isinstance(c, model.PaymentObligation) and c.cap is not None)
        or (isinstance(c, model.RevenueShare) and (c.cap is not None or c.cap_of is not None))
    ]
    name = v.name(exp, exp.args[0], capped, "a payment or revenue share with a cap")
    money = v.money(exp, exp.args[1])
    if name is None or money is None:
        return None
    clause = v.m.clauses[name]

    def actual(s: tl.State) -> str:
        if isinstance(clause, model.PaymentObligation):
            assert clause.cap is not None
            used = _money_text(s.instalments.get(name, ()), lambda st: st.amount)
            spent = Money(clause.cap.currency, 0) if used == "nothing" else _parse(used)
            if spent.currency != clause.cap.currency:
                return f"a cap in {clause.cap.currency} on amounts in {spent.currency}"
            return str(clause.cap - spent)
        cap = clause.cap
        if cap is None and clause.cap_multiple is not None and clause.cap_of in s.invested:
            cap = s.invested[clause.cap_of] * clause.cap_multiple
        if cap is None:
            return "no cap yet"
        paid = s.paid.get(name, Money(cap.currency, 0))
        if paid.currency != cap.currency:
            return f"a cap in {cap.currency} on amounts in {paid.currency}"
        return str(cap - paid)

    return make(
        exp,
        exp.at,
        name,
        tl.PAYMENT,
        f"what the cap of `{name}` still allows",
        str(money),
        actual,
        _same_money(money),
    )


def _parse(text: str) -> Money:
    from termlang.values import parse_money

    return parse_money(text)


def held_by(v: Any, exp: model.Expectation, make: Callable[..., Any]) -> Any:
    if not v.arity(exp, 2):
        return None
    assigned = {c.assigns: c for c in v.m.clauses.values() if isinstance(c, model.Assignment)}
    name = v.name(exp, exp.args[0], list(assigned), "a clause that an assignment moves")
    party = v.name(exp, exp.args[1], [*v.m.parties, *v.m.entities], "a party")
    if name is None or party is None:
        return None
    first = assigned[name].assignor
    return make(
        exp,
        exp.at,
        name,
        tl.HOLDER,
        f"who holds the rights under `{name}`",
        party,
        lambda s: s.holders.get(name, first),
    )


def binding(v: Any, exp: model.Expectation, make: Callable[..., Any]) -> Any:
    if not v.arity(exp, 2):
        return None
    name = v.name(exp, exp.args[0], list(v.m.clauses), "a clause")
    word = v.word(exp, exp.args[1], ("yes", "no"), "`yes` or `no`")
    if name is None or word is None:
        return None
    agreement = v.m.agreement
    clause = v.m.clauses[name]
    static = agreement is not None and (agreement.binding or name in agreement.binding_clauses)

    def actual(s: tl.State) -> str:
        if s.binding.get(name):
            return "yes"
        if clause.binding_from is None and static:
            return "yes"
        return "no"

    return make(exp, exp.at, name, tl.BINDING, f"whether `{name}` binds", word, actual)


CHECKERS: dict[str, Callable[[Any, model.Expectation, Callable[..., Any]], Any]] = {
    "payment": payment,
    "due": due,
    "outstanding": outstanding,
    "overdue": overdue,
    "would_have_been_due": would_have_been_due,
    "headroom": headroom,
    "held_by": held_by,
    "binding": binding,
}
