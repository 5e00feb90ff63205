"""Expectations: what a scenario says must hold at a date, checked against the timeline.

    expect 2027-01-01 {
      status       softbank_round.second lapsed
      holder       frontier_models microsoft
      paid         openai_to_msft USD 1_199_999_999.99
      cap_reached  openai_to_msft on_or_before 2029-01-01
    }

Each line is validated first (unknown word with did-you-mean, wrong arguments, unknown
names: `TL602`, `TL603`), then compared with the state at the start of the date (`TL601`,
stating the expected and the actual value and the change that produced the actual one).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from attrs import frozen

from termlang import ast, model
from termlang.diagnostics import Diagnostic, Label, Severity
from termlang.evaluate import timeline as tl
from termlang.evaluate.codes import BAD_EXPECTATION, EXPECTATION_FAILED, UNKNOWN_EXPECTATION
from termlang.source import Span
from termlang.values import Money, Percent, Quantity

CLAUSE_STATUSES = (
    "pending",
    "active",
    "suspended",
    "expired",
    "terminated",
    "lapsed",
    "fulfilled",
    "breached",
)
TRANCHE_STATUSES = ("pending", "funded", "lapsed")
AGREEMENT_STATUSES = ("pending", "active", "signed", "lapsed", "terminated")
TIME_OPS = ("on_or_before", "before", "on_or_after", "after")

# what -> (argument synopsis, one example)
VOCABULARY: dict[str, tuple[str, str]] = {
    "status": ("CLAUSE STATUS", "status softbank_round.second lapsed"),
    "in_force": ("CLAUSE", "in_force partner_exclusivity.anthropic_in_copilot"),
    "agreement": ("STATUS", "agreement signed"),
    "holder": ("ASSET PARTY|nobody", "holder frontier_models microsoft"),
    "access": ("ASSET PARTY|everyone", "access frontier_models softbank"),
    "share": ("ASSET PARTY PERCENT", "share model_ip openai 51%"),
    "funded": ("INVESTOR|INVESTMENT MONEY", "funded softbank USD 30B"),
    "paid": ("CLAUSE MONEY", "paid openai_to_msft USD 2B"),
    "cap_reached": (
        "CLAUSE [on_or_before DATE]",
        "cap_reached openai_to_msft on_or_before 2029-01-01",
    ),
    "capacity": ("CLAUSE QUANTITY", "capacity azure_capacity 3 GW"),
}


@frozen
class Check:
    """A validated expectation: how to read the actual value, and what is expected."""

    expectation: model.Expectation
    at: date  # the day whose state is read (later than `expectation.at` for `cap_reached`)
    subject: str
    aspect: str
    describe: str  # "the status of `x`"
    expected: str
    actual: Callable[[tl.State], str]
    compare: Callable[[str, str], bool] = lambda actual, expected: actual == expected


def _fmt_money(value: Money | None) -> str:
    return "nothing" if value is None else str(value)


def _quote(text: str) -> str:
    return f"`{text}`"


class Validator:
    def __init__(self, m: model.Model) -> None:
        self.m = m
        self.diagnostics: list[Diagnostic] = []
        parts: list[str] = []
        for c in m.clauses.values():
            if isinstance(c, model.Investment):
                parts.extend(f"{c.name}.{t.name}" for t in c.tranches)
            if isinstance(c, model.Exclusivity):
                parts.extend(f"{c.name}.{co.name}" for co in c.carve_outs)
        self.tranches = {p for p in parts if self._is_tranche(p)}
        self.parts = parts

    def _is_tranche(self, dotted: str) -> bool:
        head = dotted.split(".")[0]
        return isinstance(self.m.clauses.get(head), model.Investment)

    # -------------------------------------------------------------- reporting

    def error(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        self.diagnostics.append(
            Diagnostic(code=code, severity=Severity.ERROR, message=message, span=span, help=help)
        )

    def bad(self, exp: model.Expectation, message: str, span: Span | None = None) -> None:
        synopsis, example = VOCABULARY[exp.what]
        self.error(
            BAD_EXPECTATION,
            message,
            span or exp.span,
            help=f"write it like `{example}` ({exp.what} {synopsis})",
        )

    def name(
        self,
        exp: model.Expectation,
        expr: ast.Expr,
        candidates: Sequence[str],
        role: str,
        extra: Sequence[str] = (),
    ) -> str | None:
        if not isinstance(expr, ast.Ref):
            self.bad(exp, f"`{exp.what}` expects {role} name here", expr.span)
            return None
        name = expr.name
        if name in candidates or name in extra:
            return name
        from termlang.lower import did_you_mean

        suggestion = did_you_mean(name, [*candidates, *extra])
        self.error(
            BAD_EXPECTATION,
            f"`{name}` is not {role}",
            expr.span or exp.span,
            help=f"did you mean `{suggestion}`?"
            if suggestion
            else f"{role} is one of {', '.join(f'`{c}`' for c in [*candidates, *extra][:8])}"
            if candidates or extra
            else None,
        )
        return None

    def word(
        self, exp: model.Expectation, expr: ast.Expr, options: Sequence[str], role: str
    ) -> str | None:
        return self.name(exp, expr, options, role)

    def arity(self, exp: model.Expectation, n: int | tuple[int, ...]) -> bool:
        counts = (n,) if isinstance(n, int) else n
        if len(exp.args) in counts:
            return True
        want = " or ".join(str(c) for c in counts)
        self.bad(
            exp,
            f"`{exp.what}` takes {want} argument{'s' if counts[-1] != 1 else ''}, "
            f"found {len(exp.args)}",
        )
        return False

    def money(self, exp: model.Expectation, expr: ast.Expr) -> Money | None:
        if isinstance(expr, ast.MoneyLit):
            try:
                return Money(expr.currency, expr.amount)
            except ValueError:
                pass
        self.bad(exp, f"`{exp.what}` expects an amount like `USD 2B` here", expr.span)
        return None

    # -------------------------------------------------------------- vocabulary

    def check(self, exp: model.Expectation) -> Check | None:
        if exp.what not in VOCABULARY:
            from termlang.lower import did_you_mean

            suggestion = did_you_mean(exp.what, list(VOCABULARY))
            self.error(
                UNKNOWN_EXPECTATION,
                f"unknown expectation `{exp.what}`",
                exp.name_span or exp.span,
                help=f"did you mean `{suggestion}`?"
                if suggestion
                else "an expectation is one of " + ", ".join(f"`{w}`" for w in VOCABULARY),
            )
            return None
        method: Callable[[model.Expectation], Check | None] = getattr(self, f"_{exp.what}")
        return method(exp)

    def _all_names(self) -> list[str]:
        return [*self.m.clauses, *self.parts]

    def _status(self, exp: model.Expectation) -> Check | None:
        if not self.arity(exp, 2):
            return None
        name = self.name(exp, exp.args[0], self._all_names(), "a clause")
        if name is None:
            return None
        options = TRANCHE_STATUSES if name in self.tranches else CLAUSE_STATUSES
        status = self.word(exp, exp.args[1], options, "a status")
        if status is None:
            return None
        return Check(
            exp,
            exp.at,
            name,
            tl.STATUS,
            f"the status of `{name}`",
            status,
            lambda s: s.statuses.get(name, "pending"),
        )

    def _in_force(self, exp: model.Expectation) -> Check | None:
        if not self.arity(exp, 1):
            return None
        name = self.name(exp, exp.args[0], self._all_names(), "a clause")
        if name is None:
            return None
        return Check(
            exp,
            exp.at,
            name,
            tl.STATUS,
            f"the status of `{name}`",
            "active",
            lambda s: s.statuses.get(name, "pending"),
        )

    def _agreement(self, exp: model.Expectation) -> Check | None:
        if not self.arity(exp, 1):
            return None
        status = self.word(exp, exp.args[0], AGREEMENT_STATUSES, "an agreement status")
        if status is None:
            return None
        return Check(
            exp,
            exp.at,
            tl.AGREEMENT,
            tl.STATUS,
            "the agreement's status",
            status,
            lambda s: s.agreement,
        )

    def _asset(self, exp: model.Expectation, expr: ast.Expr) -> str | None:
        return self.name(exp, expr, [t.name for t in self.m.assets()], "an asset")

    def _party(self, exp: model.Expectation, expr: ast.Expr, extra: str) -> str | None:
        return self.name(exp, expr, [*self.m.parties, *self.m.entities], "a party", (extra,))

    def _holder(self, exp: model.Expectation) -> Check | None:
        if not self.arity(exp, 2):
            return None
        asset = self._asset(exp, exp.args[0])
        party = self._party(exp, exp.args[1], "nobody")
        if asset is None or party is None:
            return None
        return Check(
            exp,
            exp.at,
            asset,
            tl.ACCESS,
            f"the priority holder of `{asset}`",
            party,
            lambda s: s.holder(asset) or "nobody",
        )

    def _access(self, exp: model.Expectation) -> Check | None:
        if not self.arity(exp, 2):
            return None
        asset = self._asset(exp, exp.args[0])
        party = self._party(exp, exp.args[1], tl.EVERYONE)
        if asset is None or party is None:
            return None
        return Check(
            exp,
            exp.at,
            asset,
            tl.ACCESS,
            f"who has access to `{asset}`",
            f"{party} among them",
            lambda s: ", ".join(h for h, _ in s.priority.get(asset, ())) or "nobody",
            lambda actual, _e: party in actual.split(", "),
        )

    def _share(self, exp: model.Expectation) -> Check | None:
        if not self.arity(exp, 3):
            return None
        asset = self._asset(exp, exp.args[0])
        party = self._party(exp, exp.args[1], "")
        pct = exp.args[2]
        if not isinstance(pct, ast.PercentLit):
            self.bad(exp, "`share` expects a percentage like `51%` here", pct.span)
            return None
        if asset is None or party is None:
            return None
        expected = Percent(pct.value)

        def actual(s: tl.State) -> str:
            shares = s.splits.get(asset)
            if shares is None:
                return "no split in force"
            value = shares.get(party)
            return str(value) if value is not None else "no share"

        return Check(
            exp,
            exp.at,
            asset,
            tl.SPLIT,
            f"`{party}`'s share of `{asset}`",
            str(expected),
            actual,
            lambda a, _e: a.endswith("%") and Percent(_pct(a)) == expected,
        )

    def _funded(self, exp: model.Expectation) -> Check | None:
        if not self.arity(exp, 2):
            return None
        investments = [c.name for c in self.m.clauses.values() if isinstance(c, model.Investment)]
        name = self.name(
            exp, exp.args[0], [*self.m.parties, *investments], "an investor or an investment"
        )
        money = self.money(exp, exp.args[1])
        if name is None or money is None:
            return None
        table = "invested" if name in investments else "funded"
        aspect = tl.INVESTED if table == "invested" else tl.FUNDED
        return Check(
            exp,
            exp.at,
            name,
            aspect,
            f"the amount funded by `{name}`",
            str(money),
            lambda s: _fmt_money(getattr(s, table).get(name)),
            lambda a, _e: _money_equal(a, money),
        )

    def _revenue_shares(self) -> list[str]:
        return [c.name for c in self.m.clauses.values() if isinstance(c, model.RevenueShare)]

    def _paid(self, exp: model.Expectation) -> Check | None:
        if not self.arity(exp, 2):
            return None
        name = self.name(exp, exp.args[0], self._revenue_shares(), "a revenue share")
        money = self.money(exp, exp.args[1])
        if name is None or money is None:
            return None
        return Check(
            exp,
            exp.at,
            name,
            tl.PAID,
            f"the amount paid under `{name}`",
            str(money),
            lambda s: _fmt_money(s.paid.get(name)),
            lambda a, _e: _money_equal(a, money),
        )

    def _cap_reached(self, exp: model.Expectation) -> Check | None:
        if not self.arity(exp, 1):
            return None
        arg = exp.args[0]
        op, by = "on_or_before", exp.at
        if isinstance(arg, ast.TimeRel) and arg.left is not None:
            if not isinstance(arg.right, ast.DateLit):
                self.bad(exp, "`cap_reached` compares with a date like `2029-01-01`", arg.span)
                return None
            op, by, arg = arg.op, arg.right.value, arg.left
        name = self.name(exp, arg, self._revenue_shares(), "a revenue share")
        if name is None:
            return None
        test = {
            "on_or_before": lambda d: d <= by,
            "before": lambda d: d < by,
            "on_or_after": lambda d: d >= by,
            "after": lambda d: d > by,
        }[op]
        phrase = op.replace("_", " ")
        return Check(
            exp,
            max(exp.at, by),
            name,
            tl.CAP,
            f"the day the cap of `{name}` is reached",
            f"{phrase} {by}",
            lambda s: s.caps_reached[name].isoformat() if name in s.caps_reached else "never",
            lambda a, _e: a != "never" and test(date.fromisoformat(a)),
        )

    def _capacity(self, exp: model.Expectation) -> Check | None:
        if not self.arity(exp, 2):
            return None
        computes = [c.name for c in self.m.clauses.values() if isinstance(c, model.Compute)]
        name = self.name(exp, exp.args[0], computes, "a compute clause")
        q = exp.args[1]
        quantity = None
        if isinstance(q, ast.QuantityLit):
            try:
                quantity = Quantity(q.amount, q.unit)
            except ValueError:
                quantity = None
        if quantity is None:
            self.bad(exp, "`capacity` expects a quantity like `3 GW` here", q.span)
            return None
        if name is None:
            return None
        expected = quantity

        def same(a: str, _e: str) -> bool:
            amount, _, unit = a.partition(" ")
            try:
                return Quantity(_pct(amount), unit) == expected
            except (ValueError, ArithmeticError):
                return False

        return Check(
            exp,
            exp.at,
            name,
            tl.CAPACITY,
            f"the capacity of `{name}`",
            str(quantity),
            lambda s: str(s.compute[name]) if name in s.compute else "none",
            same,
        )


def _pct(text: str) -> Any:
    from termlang.values import parse_number

    return parse_number(text.rstrip("%"))


def _money_equal(actual: str, expected: Money) -> bool:
    from termlang.values import parse_money

    try:
        value = parse_money(actual)
    except ValueError:
        return expected.amount == 0 and actual == "nothing"
    return value.currency == expected.currency and value.amount == expected.amount


def validate(m: model.Model, scenario: model.Scenario) -> tuple[list[Check], list[Diagnostic]]:
    """The scenario's expectations as checks, and the problems with the ones that are wrong."""
    v = Validator(m)
    checks = [c for c in (v.check(e) for e in scenario.expectations) if c is not None]
    return checks, v.diagnostics


def failures(
    checks: Sequence[Check], timeline: tl.Timeline, scenario: model.Scenario, path: str
) -> list[Diagnostic]:
    """A diagnostic for every check that does not hold on `timeline`."""
    out: list[Diagnostic] = []
    for check in checks:
        state = timeline.state_at(check.at)
        actual = check.actual(state)
        if check.compare(actual, check.expected):
            continue
        exp = check.expectation
        notes: list[str] = []
        last = timeline.last_change(check.subject, check.aspect, check.at)
        if last is not None:
            notes.append(f"{check.subject} became `{last.new}` on {last.on}: {last.reason}")
        elif check.aspect == tl.STATUS:
            notes.append(f"nothing changed `{check.subject}` by {check.at}")
        labels = []
        if scenario.name_span is not None:
            labels.append(Label(scenario.name_span, "in this scenario"))
        out.append(
            Diagnostic(
                code=EXPECTATION_FAILED,
                severity=Severity.ERROR,
                message=f"on {exp.at}, expected {check.describe} to be "
                f"{_quote(check.expected)}, found {_quote(actual)}",
                span=exp.span,
                labels=labels,
                help=f"`termlang timeline {path} --scenario {scenario.name} --to {check.at}` "
                "shows every change up to that day",
                notes=notes,
            )
        )
    return out


def horizon_for(checks: Sequence[Check], scenario: model.Scenario) -> date | None:
    """How far a scenario must be evaluated for its checks (its horizon, or further)."""
    dates = [c.at for c in checks]
    if scenario.horizon is not None:
        dates.append(scenario.horizon)
    return max(dates) if dates else None


@frozen
class Outcome:
    """The result of one scenario's expectations."""

    scenario: str
    checked: int  # expectations written
    failed: int
    diagnostics: tuple[Diagnostic, ...]


def run_expectations(m: model.Model, scenario: model.Scenario) -> Outcome:
    """Validate and check every expectation of `scenario` (evaluating as far as needed)."""
    from termlang.evaluate import run

    checks, problems = validate(m, scenario)
    diagnostics = list(problems)
    failed = 0
    if checks:
        timeline = run(m, scenario, end=horizon_for(checks, scenario))
        found = failures(checks, timeline, scenario, m.path)
        failed = len(found)
        diagnostics.extend(found)
    diagnostics.extend(figure_warnings(m, scenario))
    return Outcome(
        scenario.name, len(scenario.expectations), failed + len(problems), tuple(diagnostics)
    )


def figure_warnings(m: model.Model, scenario: model.Scenario) -> list[Diagnostic]:
    """TL605 for every figure the interpreter cannot use (overlap, currency)."""
    from termlang.evaluate.codes import FIGURE_NOT_USED
    from termlang.evaluate.revenue import build_streams

    _, unused = build_streams(scenario.figures, m.rates)
    return [
        Diagnostic(
            code=FIGURE_NOT_USED,
            severity=Severity.WARNING,
            message=f"the figure for `{fig.period}` is not used: {why}",
            span=fig.span,
            help="give each period of a stream once, in one currency (or declare an "
            "`exchange_rate`)",
        )
        for fig, why in unused
    ]
