"""Expectations about scenario facts (issue 12), mixed into `expect_static.Validator`:

    observed  azure_capacity.pue missed 2027       # a target's verdict for a period
    observed  azure_capacity met 2027              # a delivery's verdict
    act       partner_exclusivity breach           # the latest act judged under a clause
    act       openai oracle permitted              # the latest act of a party with another

Parts of per-occurrence clauses (`msft_frontier_access.gpt_5`) are named like tranches in
`status` and `in_force`, and per-occurrence assets (`frontier_models.gpt_5`) in `holder` and
`access`: `validate` adds them from the scenario.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs

from termlang import ast, model
from termlang.evaluate import aspects as tl
from termlang.evaluate.expect_payments import period_of
from termlang.names import did_you_mean
from termlang.values import Money, parse_money

FACT_VOCABULARY: dict[str, tuple[str, str]] = {
    "observed": (
        "CLAUSE[.METRIC] met|missed|unknown PERIOD",
        "observed azure_capacity.pue missed 2027",
    ),
    "act": (
        "CLAUSE|PARTY [COUNTERPARTY] permitted|breach",
        "act partner_exclusivity breach",
    ),
    "subscribed": ("ROUND over|full|under|within", "subscribed seed_round over"),
    "raised": ("ROUND [INVESTOR] MONEY|over|full|under|within", "raised seed_round USD 3.25M"),
    "holds": ("AGGREGATE", "holds sum of funding over any 12 months > USD 1M"),
    "fails": ("AGGREGATE", "fails count of deals in any year >= 3"),
}
OUTCOMES = ("met", "missed", "unknown")
ROUND_VERDICTS = ("over", "full", "under", "within")
VERDICTS = ("permitted", "breach")


class FactChecks:
    """The `observed` and `act` expectations; see the module docstring."""

    m: model.Model
    scenario: model.Scenario
    arity: Callable[..., bool]
    name: Callable[..., str | None]
    word: Callable[..., str | None]
    bad: Callable[..., None]
    make_check: Callable[..., Any]
    money: Callable[..., Any]
    diagnostics: list[Any]

    def observed_subjects(self) -> list[str]:
        out: list[str] = []
        for c in self.m.clauses.values():
            if isinstance(c, model.Compute):
                out.append(c.name)
                out.extend(f"{c.name}.{t.metric}" for t in c.targets)
        return out

    def _observed(self, exp: model.Expectation) -> Any:
        if not self.arity(exp, 3):
            return None
        subject = self.name(exp, exp.args[0], self.observed_subjects(), "a compute clause")
        outcome = self.word(exp, exp.args[1], OUTCOMES, "one of met, missed, unknown")
        period = period_of(exp.args[2])
        if period is None:
            self.bad(exp, "`observed` expects a period like `2027` here", exp.args[2].span)
        if subject is None or period is None or outcome is None:
            return None

        def actual(s: tl.State) -> str:
            verdict = s.observed.get(subject, {}).get(period)
            return verdict.outcome if verdict is not None else "not judged"

        return self.make_check(
            exp, subject, tl.OBSERVED, f"the verdict on `{subject}` for {period}", outcome, actual
        )

    def _act(self, exp: model.Expectation) -> Any:
        if not self.arity(exp, (2, 3)):
            return None
        clauses = [
            c.name
            for c in self.m.clauses.values()
            if isinstance(c, model.Exclusivity | model.FirstRefusal | model.Licence)
        ]
        parties: Sequence[str] = [*self.m.parties]
        if len(exp.args) == 2:
            who = self.name(exp, exp.args[0], [*clauses, *parties], "a clause or a party")
            other = None
        else:
            who = self.name(exp, exp.args[0], parties, "a party")
            other = self.name(
                exp, exp.args[1], [*self.m.parties, *self.m.entities], "a counterparty"
            )
        verdict = self.word(exp, exp.args[-1], VERDICTS, "one of permitted, breach")
        if who is None or verdict is None or (len(exp.args) == 3 and other is None):
            return None

        def actual(s: tl.State) -> str:
            found = [
                a
                for a in s.acts
                if (
                    a.clause == who
                    or (a.party == who and (other is None or a.counterparty == other))
                )
            ]
            if not found:
                return "no act"
            last = max(a.on for a in found)
            same_day = [a for a in found if a.on == last]
            return "permitted" if all(a.permitted for a in same_day) else "breach"

        what = f"`{who}` with `{other}`" if other else f"`{who}`"
        return self.make_check(
            exp, who, tl.ACT, f"the latest third-party act of {what}", verdict, actual
        )

    def rounds(self) -> list[str]:
        return [c.name for c in self.m.clauses.values() if isinstance(c, model.Round)]

    def _subscribed(self, exp: model.Expectation) -> Any:
        if not self.arity(exp, 2):
            return None
        name = self.name(exp, exp.args[0], self.rounds(), "a round")
        verdict = self.word(exp, exp.args[1], ROUND_VERDICTS, "one of over, full, under, within")
        if name is None or verdict is None:
            return None

        def actual(s: tl.State) -> str:
            found = s.rounds.get(name, {}).get("subscribed")
            return found.verdict if found is not None else "not totalled"

        return self.make_check(
            exp, name, tl.SUBSCRIPTION, f"the subscription of `{name}`", verdict, actual
        )

    def _raised(self, exp: model.Expectation) -> Any:
        if not self.arity(exp, (2, 3)):
            return None
        name = self.name(exp, exp.args[0], self.rounds(), "a round")
        last = exp.args[-1]
        if len(exp.args) == 2 and isinstance(last, ast.Ref) and name is not None:
            verdict = self.word(exp, last, ROUND_VERDICTS, "one of over, full, under, within")
            if verdict is None:
                return None

            def judged(s: tl.State) -> str:
                found = s.rounds.get(name, {}).get("raised")
                return found.verdict if found is not None else "not totalled"

            return self.make_check(
                exp, name, tl.RAISED, f"what `{name}` raised, against its size", verdict, judged
            )
        investor = None
        if len(exp.args) == 3:
            investor = self.name(
                exp, exp.args[1], [*self.m.parties, *self.m.entities], "an investor"
            )
        money = self.money(exp, exp.args[-1])
        if name is None or money is None or (len(exp.args) == 3 and investor is None):
            return None

        def actual(s: tl.State) -> str:
            found = s.rounds.get(name, {}).get("raised")
            if found is None:
                return "nothing"
            if investor is None:
                return str(found.total)
            amount = dict(found.by_investor).get(investor)
            return "nothing" if amount is None else str(amount)

        who = f" from `{investor}`" if investor else ""
        return self.make_check(
            exp,
            name,
            tl.RAISED,
            f"what `{name}` raised{who}",
            str(money),
            actual,
            lambda a, _e: money_equal(a, money),
        )

    def _holds(self, exp: model.Expectation) -> Any:
        return self._aggregate(exp, True)

    def _fails(self, exp: model.Expectation) -> Any:
        return self._aggregate(exp, False)

    def _aggregate(self, exp: model.Expectation, wanted: bool) -> Any:
        # deferred: `termlang check` validates `expect` lines, and few of them are aggregates
        from termlang.evaluate import aggregates
        from termlang.lower import Lowerer, aggregate_item

        lw = Lowerer()
        item = ast.Item(key=exp.what, args=exp.args, span=exp.span, key_span=exp.name_span)
        built = aggregate_item(lw, item)
        expr = built.args[0] if built is not None and len(built.args) == 1 else None
        if lw.diagnostics or expr is None or not aggregates.is_aggregate(expr):
            first = lw.diagnostics[0] if lw.diagnostics else None  # what lowering found wrong
            if first is not None and first.span is not None:
                self.bad(exp, first.message, first.span)
            else:
                self.bad(exp, f"`{exp.what}` takes an aggregate comparison")
            return None
        assert isinstance(expr, ast.Compare)
        spec = aggregates.spec_of(expr)
        if spec is None:
            self.bad(exp, f"`{exp.what}` takes an aggregate comparison")
            return None
        recurring = [e.name for e in self.m.events.values() if e.recurring]
        if spec.subject in aggregates.STREAM_SUBJECTS:
            return self._stream_aggregate(exp, spec, wanted)
        if spec.subject not in (*aggregates.SUBJECTS, *recurring):
            self.bad(exp, f"`{spec.subject}` cannot be summed or counted", expr.left.span)
            return None
        if spec.of is not None and spec.of not in (*self.m.parties, *self.m.clauses):
            self.bad(exp, f"`{spec.of}` is not a party or an investment", expr.left.span)
            return None
        scenario = getattr(self, "scenario", None) or model.Scenario(name="")

        def actual(s: tl.State) -> str:
            found = aggregates.items(spec, aggregates.fundings_in(s), scenario)
            value = aggregates.best_window(spec, found, s.at)
            verdict = aggregates.holds(spec, found, s.at)
            shown = "no item" if value is None else aggregates.show(spec, value)
            return f"{'holds' if verdict else 'fails'} ({shown})"

        expected = "holds" if wanted else "fails"
        return self.make_check(
            exp,
            spec.subject,
            tl.INVESTED,
            f"`{spec.describe()}`",
            expected,
            actual,
            lambda a, e: a.split(" ")[0] == e,
        )

    def _stream_aggregate(self, exp: model.Expectation, spec: Any, wanted: bool) -> Any:
        """`holds sum of revenue(net_sales) over any 4 quarters > USD 5M` (aggregates.py)."""
        from termlang.evaluate import aggregates  # deferred, as in `_aggregate`

        streams = sorted(t.name for t in self.m.streams())
        if spec.of not in streams:
            hint = did_you_mean(spec.of or "", streams)
            self.bad(exp, f"`{spec.of}` is not a revenue stream", exp.args[2].span)
            if hint and self.diagnostics:  # the fix, in the diagnostic's help
                self.diagnostics[-1] = attrs.evolve(
                    self.diagnostics[-1], help=f"did you mean `{hint}`?"
                )
            return None
        scenario = getattr(self, "scenario", None) or model.Scenario(name="")
        figures = aggregates.streams_of(self.m, scenario)

        def actual(s: tl.State) -> str:
            found = aggregates.stream_window(spec, figures.get(spec.of), s.at, self.m.rates)
            if found.unconverted:
                return f"fails (figures in {found.unconverted}, no exchange rate)"
            shown = "no window" if found.value is None else aggregates.show(spec, found.value)
            return f"{'holds' if found.first else 'fails'} ({shown})"

        return self.make_check(
            exp,
            spec.of,
            tl.INVESTED,
            f"`{spec.describe()}`",
            "holds" if wanted else "fails",
            actual,
            lambda a, e: a.split(" ")[0] == e,
        )


def money_equal(actual: str, expected: Money) -> bool:
    try:
        value = parse_money(actual)
    except ValueError:
        return expected.amount == 0 and actual == "nothing"
    return value.currency == expected.currency and value.amount == expected.amount
