"""Expectations validated without evaluating: what `termlang check` reports on `expect` lines.

    expect 2027-01-01 {
      status       softbank_round.second lapsed
      holder       frontier_models microsoft
      paid         openai_to_msft USD 1_199_999_999.99
      cap_reached  openai_to_msft on_or_before 2029-01-01
    }

Each line is validated here, before anything is evaluated: unknown word with did-you-mean
(`TL602`), wrong arguments or names (`TL603`), each located on the word or argument. The
result is a `Check` per line: how to read the typed value from a state and what it must be.
`termlang check` (and the language server) report `problems`; `termlang test` then compares
the checks with the timeline (evaluate/expectations.py, `TL601`). Each word is validated by
the function that `CHECKS` (or the payment words' `expect_payments.CHECKERS`) names for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from termlang import ast, model
from termlang.checks.properties import clause_parts
from termlang.diagnostics import Diagnostic, Severity
from termlang.evaluate import aspects as tl
from termlang.evaluate import expect_payments, instances
from termlang.evaluate.expect_payments import period_of
from termlang.evaluate.fact_expectations import FACT_VOCABULARY, FactChecks
from termlang.evaluate.status import OptionStatus, Status, option_status
from termlang.mechanics.refusal import OfferState
from termlang.names import did_you_mean
from termlang.scenario_codes import BAD_EXPECTATION, UNKNOWN_EXPECTATION
from termlang.source import Span
from termlang.values import Money, Percent, Quantity

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen

# The statuses an `expect` line may name, by what it is about (words: `Status` values).
CLAUSE_STATUSES: tuple[str, ...] = tuple(
    str(s) for s in Status if s not in (Status.SIGNED, Status.FUNDED)
)
TRANCHE_STATUSES: tuple[str, ...] = tuple(
    str(s) for s in (Status.PENDING, Status.FUNDED, Status.LAPSED)
)
AGREEMENT_STATUSES: tuple[str, ...] = tuple(
    str(s) for s in (Status.PENDING, Status.ACTIVE, Status.SIGNED, Status.LAPSED, Status.TERMINATED)
)
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
    # the financing and commercial mechanics (docs/semantics.md, section 8)
    "offer": ("CLAUSE open|accepted|declined|lapsed|none", "offer azure_compute_rofr declined"),
    "third_party": ("CLAUSE permitted|breach", "third_party founder_rofr breach"),
    "tier": (
        "WATERFALL.TIER reached_on DATE|on_or_before DATE|not_reached",
        "tier msft_returns.recoup reached_on 2030-01-01",
    ),
    "received": ("WATERFALL PARTY MONEY", "received msft_returns microsoft USD 13B"),
    "conversion": (
        "CLAUSE qualified_financing|equity_financing|change_of_control|maturity|dissolution|none",
        "conversion wren_safe qualified_financing",
    ),
    "shares": ("CLAUSE NUMBER [UNIT]", "shares wren_safe 1250000"),
    "election": ("NOTE open|exercised|expired|none", "election kestrel_note exercised"),
    "amendment": ("SERIES binding|not_binding|none", "amendment series_seed_notes binding"),
    "repaid": ("CLAUSE MONEY", "repaid bridge USD 270_608.04"),
    "interest": ("LOAN MONEY", "interest bridge USD 5_100"),
    "penalty": ("PENALTY MONEY", "penalty late_delivery GBP 150K"),
    "penalty_cap": ("PENALTY DATE", "penalty_cap late_delivery 2026-07-30"),
    "terminate_right": ("PENALTY DATE", "terminate_right late_delivery 2026-07-31"),
    "shortfall": ("CLAUSE PERIOD MONEY|QUANTITY", "shortfall minimum_royalty 2027 GBP 40K"),
    "allocated": ("ALLOCATION PARTY MONEY|none", "allocated series_a_pro_rata wren USD 1.5M"),
    "option": ("CLAUSE pending|open|exercised|expired|waived", "option renewal_notice exercised"),
    **expect_payments.WORDS,  # payments, assignments, binding status
}
VOCABULARY.update(FACT_VOCABULARY)  # scenario facts (evaluate/fact_expectations.py)
ELECTION_STATES = (OptionStatus.OPEN, OptionStatus.EXERCISED, OptionStatus.EXPIRED, "none")
OFFER_STATES = (*OfferState, "none")
DEAL_VERDICTS = ("permitted", "breach")
CONVERSION_EVENTS = (
    "qualified_financing",
    "equity_financing",
    "change_of_control",
    "maturity",
    "dissolution",
    "none",
)


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
    # Typed comparison (issue 15): `value` reads the typed value from the state and `holds`
    # tests it; `actual` then only words the value for the failure message.
    value: Callable[[tl.State], Any] | None = None
    holds: Callable[[Any], bool] | None = None

    def passes(self, state: tl.State) -> bool:
        if self.value is not None and self.holds is not None:
            return self.holds(self.value(state))
        return self.compare(self.actual(state), self.expected)


def _fmt_money(value: Money | None) -> str:
    return "nothing" if value is None else str(value)


def _same_money(expected: Money) -> Callable[[Any], bool]:
    """Equal in currency and exact amount; nothing at all equals zero."""

    def holds(value: Any) -> bool:
        if value is None:
            return expected.amount == 0
        return bool(value.currency == expected.currency and value.amount == expected.amount)

    return holds


def _same_amount(expected: Money | Quantity) -> Callable[[Any], bool]:
    if isinstance(expected, Money):
        return _same_money(expected)
    return lambda value: value is not None and value == expected


def _quote(text: str) -> str:
    return f"`{text}`"


def _units(value: Decimal) -> str:
    """A number of units, compared without trailing zeros (`1250000`, `2604166.666666`)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _issued_units(s: tl.State, name: str) -> str:
    conv = s.conversions.get(name)
    if conv is None:
        return "0"
    return _units(conv.issued) if conv.issued is not None else str(conv.shares)


def _status_check(exp: model.Expectation, name: str, status: str) -> Check:
    """`status NAME WORD` and `in_force NAME` (the word `active`): the clause's status."""
    return Check(
        exp,
        exp.at,
        name,
        tl.STATUS,
        f"the status of `{name}`",
        status,
        lambda s: s.statuses.get(name, Status.PENDING),
    )


class Validator(FactChecks):
    def __init__(self, m: model.Model) -> None:
        self.m = m
        self.diagnostics: list[Diagnostic] = []
        parts = clause_parts(m)
        self.tranches = {p for p in parts if self._is_tranche(p)}
        self.parts = parts
        self.occurrence_assets: list[str] = []  # `asset.occurrence` (set by `validate`)

    def make_check(
        self,
        exp: model.Expectation,
        subject: str,
        aspect: str,
        describe: str,
        expected: str,
        actual: Callable[[tl.State], str],
        compare: Callable[[str, str], bool] | None = None,
    ) -> Check:
        if compare is None:
            return Check(exp, exp.at, subject, aspect, describe, expected, actual)
        return Check(exp, exp.at, subject, aspect, describe, expected, actual, compare)

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
        if exp.what in expect_payments.CHECKERS:
            found: Check | None = expect_payments.CHECKERS[exp.what](self, exp, Check)
            return found
        return CHECKS[exp.what](self, exp)

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
        return _status_check(exp, name, status)

    def _in_force(self, exp: model.Expectation) -> Check | None:
        if not self.arity(exp, 1):
            return None
        name = self.name(exp, exp.args[0], self._all_names(), "a clause")
        if name is None:
            return None
        return _status_check(exp, name, Status.ACTIVE)

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
        assets = [t.name for t in self.m.assets()]
        return self.name(exp, expr, [*assets, *self.occurrence_assets], "an asset")

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
            value=lambda s: (s.splits.get(asset) or {}).get(party),
            holds=lambda v: v is not None and v == expected,
        )

    def _funded(self, exp: model.Expectation) -> Check | None:
        if not self.arity(exp, 2):
            return None
        investments = [c.name for c in self.m.clauses.values() if isinstance(c, model.Investment)]
        name = self.name(
            exp,
            exp.args[0],
            [*self.m.parties, *self.m.entities, *investments],  # an outside investor too
            "an investor or an investment",
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
            value=lambda s: getattr(s, table).get(name),
            holds=_same_money(money),
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
            value=lambda s: s.paid.get(name),
            holds=_same_money(money),
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
        test: Callable[[date], bool] = {
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
            value=lambda s: s.caps_reached.get(name),
            holds=lambda d: d is not None and test(d),
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
        return Check(
            exp,
            exp.at,
            name,
            tl.CAPACITY,
            f"the capacity of `{name}`",
            str(quantity),
            lambda s: str(s.compute[name]) if name in s.compute else "none",
            value=lambda s: s.compute.get(name),
            holds=lambda v: v is not None and v == expected,
        )

    # -------------------------------------------------------------- the mechanics

    def _kind(self, *kinds: type) -> list[str]:
        return [c.name for c in self.m.clauses.values() if isinstance(c, kinds)]

    def _date_arg(self, exp: model.Expectation, expr: ast.Expr) -> date | None:
        if isinstance(expr, ast.DateLit):
            return expr.value
        self.bad(exp, f"`{exp.what}` expects a date like `2027-01-01` here", expr.span)
        return None

    def _money_check(
        self,
        exp: model.Expectation,
        names: list[str],
        role: str,
        aspect: str,
        describe: str,
        read: Callable[[tl.State, str], Money | None],
    ) -> Check | None:
        if not self.arity(exp, 2):
            return None
        name = self.name(exp, exp.args[0], names, role)
        money = self.money(exp, exp.args[1])
        if name is None or money is None:
            return None
        return Check(
            exp,
            exp.at,
            name,
            aspect,
            describe.format(name=name),
            str(money),
            lambda s: _fmt_money(read(s, name)),
            value=lambda s: read(s, name),
            holds=_same_money(money),
        )

    def _word_check(
        self,
        exp: model.Expectation,
        names: list[str],
        role: str,
        options: Sequence[str],
        aspect: str,
        describe: str,
        read: Callable[[tl.State, str], str],
    ) -> Check | None:
        if not self.arity(exp, 2):
            return None
        name = self.name(exp, exp.args[0], names, role)
        word = self.word(exp, exp.args[1], options, f"one of {', '.join(options)}")
        if name is None or word is None:
            return None
        return Check(
            exp, exp.at, name, aspect, describe.format(name=name), word, lambda s: read(s, name)
        )

    def _offer(self, exp: model.Expectation) -> Check | None:
        return self._word_check(
            exp,
            self._kind(model.FirstRefusal),
            "a first refusal or first offer",
            OFFER_STATES,
            tl.OFFER,
            "the latest offer under `{name}`",
            lambda s, n: s.offers.get(n, "none"),
        )

    def _third_party(self, exp: model.Expectation) -> Check | None:
        def read(s: tl.State, n: str) -> str:
            deals = s.deals.get(n)
            if not deals:
                return "no deal"
            return "permitted" if deals[-1].permitted else "breach"

        return self._word_check(
            exp,
            self._kind(model.FirstRefusal),
            "a first refusal or first offer",
            DEAL_VERDICTS,
            tl.DEAL,
            "the latest third-party deal under `{name}`",
            read,
        )

    def _option(self, exp: model.Expectation) -> Check | None:
        options = [
            c.name
            for c in self.m.clauses.values()
            if isinstance(c, model.Obligation) and c.modality == "may"
        ]
        return self._word_check(
            exp,
            options,
            "an option (an obligation with `may`)",
            tuple(s.value for s in OptionStatus),
            tl.STATUS,
            "the option `{name}`",
            lambda s, n: option_status(s.statuses.get(n, Status.PENDING)).value,
        )

    def _conversion(self, exp: model.Expectation) -> Check | None:
        return self._word_check(
            exp,
            self._kind(model.Convertible),
            "a convertible",
            CONVERSION_EVENTS,
            tl.CONVERSION,
            "the event that decided `{name}`",
            lambda s, n: s.conversions[n].event if n in s.conversions else "none",
        )

    def _election(self, exp: model.Expectation) -> Check | None:
        return self._word_check(
            exp,
            self._kind(model.Convertible),
            "a convertible",
            ELECTION_STATES,
            tl.ELECTION,
            "the holder's maturity election under `{name}`",
            lambda s, n: s.elections.get(n, "none"),
        )

    def _amendment(self, exp: model.Expectation) -> Check | None:
        series = sorted(
            {
                c.series
                for c in self.m.clauses.values()
                if isinstance(c, model.Convertible) and c.series is not None
            }
        )
        return self._word_check(
            exp,
            series,
            "a series of instruments",
            ("binding", "not_binding", "none"),
            tl.AMENDMENT,
            "the latest amendment of `{name}`",
            lambda s, n: s.amendments.get(n, "none"),
        )

    def _tier(self, exp: model.Expectation) -> Check | None:
        tiers = [
            f"{c.name}.{t.name}"
            for c in self.m.clauses.values()
            if isinstance(c, model.Waterfall)
            for t in c.tiers
        ]
        args = exp.args
        op, by = "", exp.at
        if len(args) == 1 and isinstance(args[0], ast.TimeRel) and args[0].left is not None:
            rel = args[0]
            if not isinstance(rel.right, ast.DateLit):
                self.bad(exp, "`tier` compares with a date like `2030-01-01`", rel.span)
                return None
            op, by, target = rel.op, rel.right.value, rel.left
        elif len(args) in (2, 3) and isinstance(args[1], ast.Ref):
            target = args[0]
            op = (
                self.word(
                    exp, args[1], ("reached_on", "not_reached"), "`reached_on` or `not_reached`"
                )
                or ""
            )
            if not op:
                return None
            if op == "reached_on":
                if len(args) != 3:
                    self.bad(exp, "`tier ... reached_on` needs a date")
                    return None
                got = self._date_arg(exp, args[2])
                if got is None:
                    return None
                by = got
            elif len(args) != 2:
                self.bad(exp, "`tier ... not_reached` takes no date")
                return None
        else:
            self.bad(
                exp,
                "`tier` takes a tier, then `reached_on DATE`, `on_or_before DATE` or `not_reached`",
            )
            return None
        if target is None:
            return None
        name = self.name(exp, target, tiers, "a waterfall tier")
        if name is None:
            return None
        tests: dict[str, Callable[[date], bool]] = {
            "reached_on": lambda d: d == by,
            "on_or_before": lambda d: d <= by,
            "before": lambda d: d < by,
            "on_or_after": lambda d: d >= by,
            "after": lambda d: d > by,
        }
        test = tests.get(op)

        def compare(actual: str, _expected: str) -> bool:
            if test is None:  # not_reached
                return actual == "never"
            return actual != "never" and test(date.fromisoformat(actual))

        expected = "never" if test is None else f"{op.replace('_', ' ')} {by}"
        return Check(
            exp,
            max(exp.at, by),
            name,
            tl.TIER,
            f"the day the target of `{name}` is reached",
            expected,
            lambda s: s.tiers_reached[name].isoformat() if name in s.tiers_reached else "never",
            compare,
        )

    def _party_money(
        self,
        exp: model.Expectation,
        names: list[str],
        role: str,
        aspect: str,
        table: Callable[[tl.State], Any],
        what: str,
    ) -> Check | None:
        if not self.arity(exp, 3):
            return None
        name = self.name(exp, exp.args[0], names, role)
        party = self._party(exp, exp.args[1], "")
        last = exp.args[2]
        none = isinstance(last, ast.Ref) and last.name == "none"  # nothing allocated at all
        money = None if none else self.money(exp, last)
        if name is None or party is None or (money is None and not none):
            return None
        if money is None:
            return Check(
                exp,
                exp.at,
                name,
                aspect,
                f"{what} `{party}` under `{name}`",
                "nothing",
                lambda s: _fmt_money(table(s).get(name, {}).get(party)),
            )
        return Check(
            exp,
            exp.at,
            name,
            aspect,
            f"{what} `{party}` under `{name}`",
            str(money),
            lambda s: _fmt_money(table(s).get(name, {}).get(party)),
            value=lambda s: table(s).get(name, {}).get(party),
            holds=_same_money(money),
        )

    def _received(self, exp: model.Expectation) -> Check | None:
        return self._party_money(
            exp,
            self._kind(model.Waterfall),
            "a waterfall",
            tl.RECEIVED,
            lambda s: s.received,
            "the amount received by",
        )

    def _allocated(self, exp: model.Expectation) -> Check | None:
        return self._party_money(
            exp,
            self._kind(model.Allocation),
            "an allocation",
            tl.ALLOCATION,
            lambda s: s.allocations,
            "the part allocated to",
        )

    def _shares(self, exp: model.Expectation) -> Check | None:
        if not self.arity(exp, 2):
            return None
        name = self.name(exp, exp.args[0], self._kind(model.Convertible), "a convertible")
        arg = exp.args[1]
        count = None
        if isinstance(arg, ast.NumberLit) and arg.value == arg.value.to_integral_value():
            count = arg.value  # a whole number of shares
        elif isinstance(arg, ast.QuantityLit):
            count = arg.amount  # shares, tokens or the instrument's `units`, maybe fractional
        if count is None or count < 0:
            self.bad(
                exp,
                "`shares` expects a whole number of shares like `1250000`, or units like "
                "`2_604_166.5 tokens`",
                arg.span,
            )
            return None
        if name is None:
            return None
        expected = _units(count)
        return Check(
            exp,
            exp.at,
            name,
            tl.CONVERSION,
            f"the shares issued under `{name}`",
            expected,
            lambda s: _issued_units(s, name),
        )

    def _repaid(self, exp: model.Expectation) -> Check | None:
        return self._money_check(
            exp,
            self._kind(model.Loan, model.Convertible),
            "a loan or a convertible",
            tl.REPAID,
            "the amount repaid under `{name}`",
            lambda s, n: s.repaid.get(n),
        )

    def _interest(self, exp: model.Expectation) -> Check | None:
        return self._money_check(
            exp,
            self._kind(model.Loan),
            "a loan",
            tl.INTEREST,
            "the interest accrued under `{name}`",
            lambda s, n: s.interest.get(n),
        )

    def _penalty(self, exp: model.Expectation) -> Check | None:
        return self._money_check(
            exp,
            self._kind(model.Penalty),
            "a penalty",
            tl.PENALTY,
            "the penalty accrued under `{name}`",
            lambda s, n: s.penalties.get(n),
        )

    def _penalty_date(
        self, exp: model.Expectation, aspect: str, what: str, table: Callable[[tl.State], Any]
    ) -> Check | None:
        if not self.arity(exp, 2):
            return None
        name = self.name(exp, exp.args[0], self._kind(model.Penalty), "a penalty")
        on = self._date_arg(exp, exp.args[1])
        if name is None or on is None:
            return None
        return Check(
            exp,
            max(exp.at, on),
            name,
            aspect,
            what.format(name=name),
            on.isoformat(),
            lambda s: table(s)[name].isoformat() if name in table(s) else "never",
        )

    def _penalty_cap(self, exp: model.Expectation) -> Check | None:
        return self._penalty_date(
            exp, tl.PENALTY_CAP, "the day `{name}` reaches its cap", lambda s: s.penalty_caps
        )

    def _terminate_right(self, exp: model.Expectation) -> Check | None:
        return self._penalty_date(
            exp,
            tl.TERMINATE_RIGHT,
            "the day `{name}` opens the right to terminate",
            lambda s: s.terminate_rights,
        )

    def _shortfall(self, exp: model.Expectation) -> Check | None:
        if not self.arity(exp, 3):
            return None
        name = self.name(
            exp, exp.args[0], self._kind(model.MinimumCommitment), "a minimum commitment"
        )
        period = period_of(exp.args[1])
        if period is None:
            self.bad(
                exp, "`shortfall` expects a period like `2027` or `2027-Q1` here", exp.args[1].span
            )
            return None
        amount_arg = exp.args[2]
        expected: Money | Quantity | None = None
        if isinstance(amount_arg, ast.MoneyLit):
            expected = self.money(exp, amount_arg)
        elif isinstance(amount_arg, ast.QuantityLit):
            try:
                expected = Quantity(amount_arg.amount, amount_arg.unit)
            except ValueError:
                expected = None
        if expected is None:
            self.bad(exp, "`shortfall` expects an amount like `GBP 40K` here", amount_arg.span)
            return None
        if name is None:
            return None
        want = expected

        def actual(s: tl.State) -> str:
            got = s.shortfalls.get(name, {}).get(period)
            return "not measured" if got is None else str(got)

        return Check(
            exp,
            exp.at,
            name,
            tl.SHORTFALL,
            f"the shortfall of `{name}` for {period}",
            str(want),
            actual,
            value=lambda s: s.shortfalls.get(name, {}).get(period),
            holds=_same_amount(want),
        )


def validate(m: model.Model, scenario: model.Scenario) -> tuple[list[Check], list[Diagnostic]]:
    """The scenario's expectations as checks, and the problems with the ones that are wrong."""
    v = Validator(m)
    v.scenario = scenario
    v.parts.extend(instances.part_names(m, scenario))
    v.occurrence_assets.extend(instances.asset_names(m, scenario))
    checks = [c for c in (v.check(e) for e in scenario.expectations) if c is not None]
    return checks, v.diagnostics


def problems(m: model.Model) -> list[Diagnostic]:
    """Every problem with the `expect` lines of every scenario of `m`, found statically."""
    out: list[Diagnostic] = []
    for scenario in m.scenarios.values():
        out.extend(validate(m, scenario)[1])
    return out


# word -> its validator (the payment words: `expect_payments.CHECKERS`)
CHECKS: dict[str, Callable[[Validator, model.Expectation], Check | None]] = {
    "status": Validator._status,
    "in_force": Validator._in_force,
    "agreement": Validator._agreement,
    "holder": Validator._holder,
    "access": Validator._access,
    "share": Validator._share,
    "funded": Validator._funded,
    "paid": Validator._paid,
    "cap_reached": Validator._cap_reached,
    "capacity": Validator._capacity,
    "offer": Validator._offer,
    "third_party": Validator._third_party,
    "tier": Validator._tier,
    "received": Validator._received,
    "conversion": Validator._conversion,
    "shares": Validator._shares,
    "election": Validator._election,
    "amendment": Validator._amendment,
    "repaid": Validator._repaid,
    "interest": Validator._interest,
    "penalty": Validator._penalty,
    "penalty_cap": Validator._penalty_cap,
    "terminate_right": Validator._terminate_right,
    "shortfall": Validator._shortfall,
    "allocated": Validator._allocated,
    "option": Validator._option,
    "observed": Validator._observed,
    "act": Validator._act,
    "subscribed": Validator._subscribed,
    "raised": Validator._raised,
    "holds": Validator._holds,
    "fails": Validator._fails,
}
