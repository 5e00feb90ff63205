"""Value bounds: what the stated amounts, rates and quantities allow, checked as one ledger.

Each clause that states a figure adds facts to a `Ledger` (`_intervals.py`): a revenue share's
`cap`, and the return caps of what its payee invested in its payer, bound what it pays in all
from above; a minimum commitment on its payments, the first period a declared scenario
already makes payable, and what its payee invested in its payer bound it from below; an
investment's tranches are the parts of its commitment; the convertibles of one issuer are
parts of 100% of it; a minimum commitment in units draws on the capacity the other parties
declare. A figure whose floor (or the sum of its parts) exceeds its ceiling is a
contradiction, reported with both amounts under the rule of the floor's kind (TL860 for a
scenario, TL861 for a minimum commitment, ...), or TL864 when the ceiling is a return cap.
Splits of one asset in force together are summed over time with the sweep of `_schedule.py`,
as revenue shares of one stream are (TL460).

Folded in, with their codes, messages, fixtures and docs where they were: TL461 (a cap below
the payee's investment, `revenue.py`) is the `investment` floor of a revenue share's total;
TL450 (tranches that do not add up to the commitment, `money.py`) compares the tranches, as
parts, with the commitment as both floor and ceiling; TL453 (a return cap below 1x,
`money.py`) is a ceiling below the floor of 1x of what is invested. The rules of a share of
one base above 100% within one clause (TL401, TL510, TL425) and of totals that must be
exact (TL400, TL562) stay in their modules: they read one clause.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Hashable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from termlang import ast
from termlang.calendar import period_start
from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.checks._intervals import (
    PERCENT,
    Clash,
    Fact,
    Interval,
    Ledger,
    money_dim,
    quantity_dim,
    shown,
    value_of,
)
from termlang.checks._schedule import Piece, first_excess, schedule
from termlang.checks._time import FOREVER, clause_reach, period
from termlang.checks.money import RETURN_CAP, TRANCHES, convert, mixed_currency, money_text
from termlang.checks.revenue import CAP_BELOW
from termlang.dates import DateEnv, evaluate, scenario_env, static_env, window_end
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import (
    AnyClause,
    Convertible,
    Investment,
    MinimumCommitment,
    Model,
    Obligation,
    RevenueShare,
    Scenario,
    Split,
    Termination,
)
from termlang.values import DurationUnit, Money, Percent, Quantity, add_months

CAP_FIRST_PERIOD = RuleInfo(
    "TL860",
    "cap-below-first-period",
    "a revenue share's cap is below what a declared scenario makes payable in its first period",
    """\
A cap bounds what a revenue share pays in all. When the scenarios of the file (their
`revenue` figures, or the `forecast` of the stream when they give no revenue) already make
the first period's payment larger than the cap, the cap is reached at the first payment and
the rate never applies as written: a figure is mistyped (`USD 92M` for `USD 92B`). The
message gives the first period's amount in the scenario. An error when every scenario with
figures for the stream reaches it, a warning (naming the scenario) when only some do. The
clause's window, a `starts_when`/`ends_when` that is one event, terminations on a date or an
event, breaches that suspend or terminate it and the lapse of a non-binding document are
followed; a start or end condition of another shape leaves the scenario out, and a
termination on a condition of another shape is not assumed to fire.

    revenue_share royalty { stream sales  rate 4%  period quarter  cap EUR 100K ... }
    scenario base { revenue sales { 2027 EUR 20M } }
    # error: 2027-Q1 already pays EUR 197,260.27 (4% of 90 days of EUR 20M), above the cap""",
    Severity.ERROR,
)

CAP_MINIMUM = RuleInfo(
    "TL861",
    "cap-below-minimum",
    "a revenue share's cap is below the minimum commitment measured on its payments",
    """\
A `minimum_commitment` on a revenue share's `payments` guarantees at least its floor in
every period of its window; the share's `cap` stops every payment once reached. When the
floors of the whole periods of the commitment's window add up to more than the cap, the
two terms cannot both hold: the payer owes shortfalls on payments the cap forbids. The
message gives the guaranteed total (floor times the number of whole periods).

    revenue_share royalty { ... cap GBP 1M }
    minimum_commitment minimum_royalty { payments royalty  floor GBP 400K  period year
      window 2027-01-01 .. 2031-01-01 }    # error: GBP 1.6M guaranteed, cap GBP 1M""",
    Severity.ERROR,
)

BASE_OVER_100 = RuleInfo(
    "TL862",
    "base-over-100",
    "clauses divide one base into more than 100%",
    """\
A base (an asset, an issuer's capital) can be divided only once: two `split` clauses of one
asset in force at the same time give away 200% of it; the convertibles of one issuer whose
amounts, divided by their valuation caps, add up to more than 100% convert into more than
the whole fully diluted capital (a post-money SAFE of USD 1.5M at a USD 12M cap is 12.5%).
The shares are summed across clauses, over time for splits (an error when the overlap is
certain from the dates, a warning when it depends on events).

    split ip_2026 { asset model_ip ... window 2026-01-01 .. 2028-01-01 }
    split ip_2027 { asset model_ip ... window 2027-01-01 .. }    # error: 200% in 2027""",
    Severity.ERROR,
)

OVER_CAPACITY = RuleInfo(
    "TL863",
    "commitment-above-capacity",
    "a minimum commitment in units exceeds the capacity the other parties declare",
    """\
A minimum commitment in units (`floor 2 GW`) is bought from the other parties; when they
declare their `capacity` in that dimension and the floor is larger than all of it together,
the commitment can never be met. Quantities of one dimension compare exactly (`1 GW` is
`1000 MW`).

    party microsoft { capacity 5 GW }
    minimum_commitment compute_floor { party openai  stream azure_power  floor 6 GW }
    # error: 6 GW, above the 5 GW declared""",
    Severity.ERROR,
)

RETURN_CAP_BELOW = RuleInfo(
    "TL864",
    "return-cap-below-guarantee",
    "an investment's return cap is below what the agreement already makes its payer pay back",
    """\
A `return_cap` bounds what an investor may get back from the company it invested in. When a
revenue share from that company to the investor must pay more than the return cap allows,
because a minimum commitment on its payments guarantees more, or because a declared
scenario's first period already pays more, the two terms contradict each other. The message
gives the return cap as an amount (the multiple times the commitment) and what is due.

    investment seed { investor kestrel  recipient corvid  commitment USD 1M  return_cap 1.5x }
    revenue_share payback { payer corvid  payee kestrel ... }
    minimum_commitment floor { payments payback  floor USD 500K  period year
      window 2027-01-01 .. 2031-01-01 }    # error: USD 2M guaranteed, USD 1.5M at most""",
    Severity.ERROR,
)

RULES = (CAP_FIRST_PERIOD, CAP_MINIMUM, BASE_OVER_100, OVER_CAPACITY, RETURN_CAP_BELOW)

HUNDRED = Decimal(100)
_CANDIDATES = 24  # periods tried for the first payment of a share under one scenario
_MONTHS = {DurationUnit.MONTH: 1, DurationUnit.QUARTER: 3, DurationUnit.YEAR: 12}


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    ledger = Ledger()
    index = _Index(model)
    shares = [c for c in index.of_kind("revenue_share") if isinstance(c, RevenueShare)]
    investments: dict[tuple[str, str], list[Investment]] = defaultdict(list)
    for clause in index.of_kind("investment"):
        if isinstance(clause, Investment):
            investments[(clause.investor, clause.recipient)].append(clause)
    for c in shares:
        mixed = _cap_facts(ledger, model, index, c, investments.get((c.payee, c.payer), []))
        if mixed is not None:
            yield mixed
    for clause in (
        *index.of_kind("minimum_commitment"),
        *index.of_kind("convertible"),
        *index.of_kind("investment"),
    ):
        if isinstance(clause, MinimumCommitment):
            _minimum_facts(ledger, model, clause, investments)
        elif isinstance(clause, Convertible):
            _ownership_facts(ledger, clause)
        elif isinstance(clause, Investment):
            _investment_facts(ledger, model, clause)
    for _, total, _, floor in ledger.shortfalls():
        if isinstance(floor.subject, Investment):
            yield _tranches(floor.subject, total)
    for clash in ledger.clashes():
        found = _report(clash, model)
        if found is not None:
            yield found
    yield from _splits(model, index)


# ---------------------------------------------------------------------------- facts


def _cap_facts(
    ledger: Ledger, model: Model, index: _Index, c: RevenueShare, invested: list[Investment]
) -> Diagnostic | None:
    """The cap of a revenue share and what bounds its payments from below."""
    if c.cap_multiple is not None and c.cap_of is not None:
        dim = f"multiple:{c.cap_of}"
        key = ("paid", c.name, dim)
        ledger.at_most(
            Fact(
                key,
                Interval(dim, Fraction(0), Fraction(c.cap_multiple.value)),
                "cap",
                c.where("cap"),
                "cap",
                c,
            )
        )
        ledger.at_least(
            Fact(
                key,
                Interval.exact(dim, Fraction(1)),
                "invested",
                c.where("cap"),
                "investment-multiple",
                c,
            )
        )
        return None
    paid_in = [i for i in invested if i.commitment is not None]
    currency = _currency(c, invested)
    if currency is None:
        return None
    key = ("paid", c.name, money_dim(currency))
    if c.cap is not None:
        cap = Interval(money_dim(currency), Fraction(0), Fraction(c.cap.amount))
        ledger.at_most(Fact(key, cap, f"the cap of `{c.name}` ({c.cap})", c.where("cap"), "cap", c))
    if paid_in:
        amounts = [(i.commitment, i.where("commitment")) for i in paid_in if i.commitment]
        mixed = mixed_currency(
            amounts,
            currency,
            model.rates,
            f"comparing the cap of `{c.name}`",
            (c.where("cap"), "the cap"),
        )
        if mixed is not None:
            return mixed if c.cap is not None else None
        total, returnable = index.invested(model, paid_in, currency)
        if returnable is not None:
            # What the payee may get back from the payer at most: the return caps of all it
            # invested in it (each cap times its commitment).
            head = paid_in[0]
            words = (
                f"the return cap of `{head.name}` ({head.return_cap} of {head.commitment}, "
                f"{shown(money_dim(currency), returnable)})"
                if len(paid_in) == 1
                else f"the return caps of {', '.join(f'`{i.name}`' for i in paid_in[:4])} "
                f"({shown(money_dim(currency), returnable)} in all)"
            )
            ledger.at_most(
                Fact(
                    key,
                    Interval(money_dim(currency), Fraction(0), returnable),
                    words,
                    head.where("return_cap"),
                    "return_cap",
                    head,
                )
            )
        if c.cap is not None:
            ledger.at_least(
                Fact(
                    key,
                    Interval.exact(money_dim(currency), total),
                    "invested",
                    paid_in[0].where("commitment"),
                    "investment",
                    paid_in,
                )
            )
    for scenario in model.scenarios.values():
        first = _first_period(model, index, c, scenario, currency)
        if first is not None:
            (start, _, amount, source) = first
            ledger.at_least(
                Fact(
                    key,
                    Interval.exact(money_dim(currency), amount),
                    f"{_period_name(start, c.period)}|{source}",  # `2027-Q2|revenue`
                    scenario.name_span or scenario.span,
                    "scenario",
                    scenario,
                )
            )
    return None


def _currency(c: RevenueShare, invested: list[Investment]) -> str | None:
    """The currency a revenue share's total is bounded in: its cap's, else that of a return
    cap on what its payee invested in its payer (None: nothing bounds it)."""
    if c.cap is not None:
        return c.cap.currency
    paid_in = [i for i in invested if i.commitment is not None]
    if paid_in and all(i.return_cap is not None for i in paid_in):
        return paid_in[0].commitment.currency if paid_in[0].commitment else None
    return None


def _minimum_facts(
    ledger: Ledger,
    model: Model,
    c: MinimumCommitment,
    investments: dict[tuple[str, str], list[Investment]],
) -> None:
    env = static_env(model)
    if c.payments is not None and isinstance(c.floor, Money):
        target = model.clauses.get(c.payments)
        if not isinstance(target, RevenueShare):
            return
        currency = _currency(target, investments.get((target.payee, target.payer), []))
        if currency is None:
            return
        floor = convert(c.floor, currency, model.rates)
        certain = clause_reach(c, env).certain
        if floor is None or certain is None or certain[1] == FOREVER:
            return
        n = _whole_periods(certain[0], certain[1], c.period)
        if n == 0:
            return
        key = ("paid", target.name, money_dim(currency))
        ledger.at_least(
            Fact(
                key,
                Interval.exact(money_dim(currency), floor * n),
                f"{n}",
                c.where("floor"),
                "minimum",
                c,
            )
        )
    elif c.stream is not None and isinstance(c.floor, Quantity):
        dim = quantity_dim(c.floor)
        others = [
            (p, q)
            for p in model.parties.values()
            if p.name != c.party
            for q in p.capacity
            if quantity_dim(q) == dim
        ]
        if not others:
            return
        key = ("capacity", c.party, dim)
        total = sum((value_of(q)[1] for _, q in others), Fraction(0))
        if key not in ledger.ceilings:
            ledger.at_most(
                Fact(
                    key,
                    Interval(dim, Fraction(0), total),
                    ", ".join(dict.fromkeys(f"`{p.name}`" for p, _ in others)),
                    others[0][0].where("capacity"),
                    "capacity",
                    others[0][1],
                )
            )
        ledger.at_least(
            Fact(
                key,
                Interval.exact(*value_of(c.floor)),
                "floor",
                c.where("floor"),
                "commitment",
                c,
            )
        )


def _investment_facts(ledger: Ledger, model: Model, c: Investment) -> None:
    """The tranches are the parts of the commitment (both ways); the return cap is at least
    1x of what is invested."""
    if c.return_cap is not None:
        returned = ("returned", c.name)
        ledger.at_most(
            Fact(
                returned,
                Interval("multiple", Fraction(0), Fraction(c.return_cap.value)),
                "return cap",
                c.where("return_cap"),
                "return_multiple",
                c,
            )
        )
        ledger.at_least(
            Fact(
                returned,
                Interval.exact("multiple", Fraction(1)),
                "invested",
                c.where("return_cap"),
                "invested",
                c,
            )
        )
    if c.commitment is None or not c.tranches:
        return
    currency = c.commitment.currency
    values = [convert(t.amount, currency, model.rates) for t in c.tranches]
    if any(v is None for v in values):
        return  # TL451, from money.py
    dim = money_dim(currency)
    key: tuple[str, ...] = ("invested", c.name, dim)
    commitment = Fraction(c.commitment.amount)
    for t, v in zip(c.tranches, values, strict=True):
        assert v is not None
        ledger.part(Fact(key, Interval.exact(dim, v), t.name, t.where("amount"), "tranche", t))
    ledger.at_most(
        Fact(
            key,
            Interval(dim, Fraction(0), commitment),
            "commitment",
            c.where("commitment"),
            "commitment_total",
            c,
        )
    )
    ledger.at_least(
        Fact(
            key,
            Interval.exact(dim, commitment),
            "commitment",
            c.where("commitment"),
            "commitment_total",
            c,
        )
    )


def _tranches(c: Investment, total: Fraction) -> Diagnostic:
    """TL450, as money.py worded it: the tranches do not add up to the commitment."""
    assert c.commitment is not None
    currency = c.commitment.currency
    amounts = [(t.amount, t.where("amount")) for t in c.tranches]
    expected = Fraction(c.commitment.amount)
    gap = expected - total
    fix = (
        f"{money_text(gap, currency)} missing"
        if gap > 0
        else f"{money_text(-gap, currency)} too much"
    )
    converted = any(m.currency != currency for m, _ in amounts)
    notes = [
        " + ".join(str(m) for m, _ in amounts[:8])
        + f" = {money_text(total, currency)}"
        + (" at the declared rates" if converted else "")
    ]
    return finding(
        TRANCHES,
        f"the tranches of `{c.name}` add up to {money_text(total, currency)}, not the "
        f"commitment of {c.commitment}",
        c.where("commitment"),
        labels=[(t.where("amount"), "") for t in c.tranches[:6]],
        help=f"make the tranches add up to {c.commitment} ({fix}), or correct the commitment",
        notes=notes,
    )


def _ownership_facts(ledger: Ledger, c: Convertible) -> None:
    cap = c.valuation_cap
    if cap is None or cap.amount == 0 or cap.currency != c.amount.currency:
        return
    key = ("ownership", c.issuer)
    part = Fraction(c.amount.amount) / Fraction(cap.amount) * 100
    ledger.part(
        Fact(key, Interval.exact(PERCENT, part), c.name, c.where("valuation_cap"), "ownership", c)
    )
    if key not in ledger.ceilings:
        ledger.at_most(
            Fact(key, Interval(PERCENT, Fraction(0), Fraction(100)), "100%", None, "whole", None)
        )


# ---------------------------------------------------------------------------- scenarios


class _Index:
    """Per model, once: the figures of each scenario by stream, and the terminations (every
    revenue share looked them up in every scenario: shares x (figures + clauses))."""

    def __init__(self, model: Model) -> None:
        self.revenue: dict[str, dict[str, list[tuple[date, date, Money]]]] = {}
        self.forecast: dict[str, dict[str, list[tuple[date, date, Money]]]] = {}
        for sc in model.scenarios.values():
            revenue = self.revenue.setdefault(sc.name, defaultdict(list))
            for f in sc.figures:
                revenue[f.subject].append((f.start, f.end, f.amount))
            forecast = self.forecast.setdefault(sc.name, defaultdict(list))
            for s in sc.series:
                if s.metric == "forecast" and isinstance(s.amount, Money):
                    forecast[s.subject].append((s.start, s.end, s.amount))
        # What can end or suspend a clause at a date a scenario decides: a termination on a
        # date or on one event, a breach that suspends or terminates it.
        self.kinds: dict[str, list[AnyClause]] = defaultdict(list)
        for clause in model.clauses.values():
            self.kinds[clause.kind].append(clause)
        self.terminations: dict[str, list[Termination]] = defaultdict(list)  # by what it ends
        for t in self.of_kind("termination"):
            if isinstance(t, Termination):
                for name in t.ends:
                    self.terminations[name].append(t)
        self.breaches: dict[str, list[Obligation]] = defaultdict(list)  # by what a breach hits
        for o in self.of_kind("obligation"):
            if isinstance(o, Obligation):
                for name in dict.fromkeys(n for cons in o.on_breach for n in cons.clauses):
                    self.breaches[name].append(o)
        self.envs = {sc.name: scenario_env(model, sc) for sc in model.scenarios.values()}
        self.pairs: dict[tuple[str, str, str], tuple[Fraction, Fraction | None]] = {}

    def of_kind(self, kind: str) -> list[AnyClause]:
        """The clauses of one kind, in file order (one pass over the clauses for all kinds)."""
        return self.kinds.get(kind, [])

    def invested(
        self, model: Model, paid_in: list[Investment], currency: str
    ) -> tuple[Fraction, Fraction | None]:
        """What one investor commits to one recipient in all (converted), and what the return
        caps let it get back (None: an investment without a cap, so no bound), once a pair."""
        pair = (paid_in[0].investor, paid_in[0].recipient, currency)
        found = self.pairs.get(pair)
        if found is None:
            total, returnable = Fraction(0), Fraction(0)
            for i in paid_in:
                assert i.commitment is not None
                value = convert(i.commitment, currency, model.rates) or Fraction(0)
                total += value
                if i.return_cap is not None:
                    returnable += Fraction(i.return_cap.value) * value
            capped = all(i.return_cap is not None for i in paid_in)
            found = self.pairs[pair] = (total, returnable if capped else None)
        return found


def _first_period(
    model: Model, index: _Index, c: RevenueShare, scenario: Scenario, currency: str
) -> tuple[date, date, Fraction, str] | None:
    """The first period of `c` that pays something under `scenario`: its dates, the exact
    amount and whether it comes from `revenue` or `forecast` figures (None: nothing known)."""
    env = index.envs[scenario.name]
    active = _active(model, index, c, env)
    if active is None:
        return None
    start, end = active
    source = "revenue"
    by_stream = index.revenue[scenario.name]
    figures = [f for stream in c.streams for f in by_stream.get(stream, ())]
    if not figures:
        source = "forecast"
        forecasts = index.forecast[scenario.name]
        figures = [f for stream in c.streams for f in forecasts.get(stream, ())]
    daily: list[tuple[date, date, Fraction]] = []
    for f_start, f_end, amount in figures:
        assert isinstance(amount, Money)
        value = convert(amount, currency, model.rates)
        days = (f_end - f_start).days
        if value is None or value == 0 or days <= 0:
            continue  # a zero figure pays nothing: the first paying period is later
        daily.append((f_start, f_end, value / days))
    if not daily:
        return None
    steps = sorted(
        (d, Fraction(st.rate.value))
        for st in c.steps
        if st.rate is not None and (d := evaluate(st.at, env)) is not None
    )
    base = Fraction(c.rate.value)
    months = _MONTHS.get(c.period, 3)
    starts = sorted({period_start(max(f_start, start), months) for f_start, _, _ in daily})
    if base == 0 and all(r == 0 for _, r in steps):
        return None
    # Each candidate period holds a positive figure on a day the share is active, so the
    # first few pay unless the rate is nil then; stop early rather than scan a long series.
    for p_start in starts[:_CANDIDATES]:
        if p_start >= end:
            break
        p_end = _after(p_start, months)
        lo, hi = max(p_start, start), min(p_end, end)
        if lo >= hi:
            continue
        cuts = {lo, hi}
        for f_start, f_end, _ in daily:
            cuts.update(d for d in (f_start, f_end) if lo < d < hi)
        cuts.update(d for d, _ in steps if lo < d < hi)
        points = sorted(cuts)
        total = Fraction(0)
        for a, b in itertools.pairwise(points):
            rate = base
            for d, r in steps:
                if d <= a:
                    rate = r
            per_day = sum((v for fs, fe, v in daily if fs <= a < fe), Fraction(0))
            total += rate / 100 * per_day * (b - a).days
        rounded = Fraction(Money(currency, _decimal(total)).rounded().amount)
        if rounded > 0:
            return p_start, p_end, rounded, source
    return None


def _active(model: Model, index: _Index, c: RevenueShare, env: DateEnv) -> tuple[date, date] | None:
    """When `c` is in force under a scenario, if that is known without guessing."""
    start: date | None = env.effective
    end: date = FOREVER
    if c.window is not None:
        start = evaluate(c.window.start, env)
        if c.window.end is not None:
            end = window_end(c.window.end, env) or FOREVER  # the first day out of force
    if start is None:
        return None
    for condition, opening in ((c.starts_when, True), (c.ends_when, False)):
        if condition is None:
            continue
        if not isinstance(condition, ast.Ref):
            return None  # a condition that is not one event: leave the scenario out
        when = env.events.get(condition.name)
        if opening:
            if when is None:
                return None
            start = max(start, when)
        elif when is not None:
            end = min(end, when)
    agreement = model.agreement
    if agreement is not None and not agreement.binding and c.name not in agreement.binding_clauses:
        long_stop = evaluate(agreement.long_stop, env) if agreement.long_stop else None
        signed = env.events.get(agreement.signing) if agreement.signing else None
        if long_stop is not None and not (signed is not None and signed <= long_stop):
            end = min(end, long_stop + timedelta(days=1))
    for t in (*index.terminations.get("agreement", ()), *index.terminations.get(c.name, ())):
        end = min(end, _fires(t, env) or FOREVER)
    for o in index.breaches.get(c.name, ()):
        end = min(end, _breached(o, env) or FOREVER)
    return (start, end) if start < end else None


def _fires(t: Termination, env: DateEnv) -> date | None:
    """When a termination fires under a scenario, if a date or one event decides it (a
    condition of another shape is not guessed at)."""
    if t.when is None:
        return evaluate(t.on, env) if t.on is not None else None
    if isinstance(t.when, ast.Ref):
        happened = env.events.get(t.when.name)
        on = evaluate(t.on, env) if t.on is not None else None
        return max(happened, on) if happened is not None and on is not None else happened
    return None


def _breached(o: Obligation, env: DateEnv) -> date | None:
    """When an obligation is breached under a scenario: its `breached_by` event, or the day
    after its deadline when a `must` with a `fulfilled_by` event is not performed by then."""
    dates: list[date] = []
    if o.breached_by is not None and (d := env.events.get(o.breached_by)) is not None:
        dates.append(d)
    if o.modality == "must" and o.fulfilled_by is not None and o.deadline is not None:
        deadline = evaluate(o.deadline, env)
        done = env.events.get(o.fulfilled_by)
        if deadline is not None and (done is None or done > deadline):
            dates.append(deadline + timedelta(days=1))
    return min(dates) if dates else None


def _after(d: date, months: int) -> date:
    """`d` plus whole months; past the calendar's last year, its last day."""
    try:
        return add_months(d, months)[0]
    except OverflowError:
        return date.max


def _whole_periods(start: date, end: date, unit: DurationUnit) -> int:
    months = _MONTHS.get(unit, 12)
    current = period_start(start, months)
    if current < start:
        current = _after(current, months)
    n = 0
    while n < 10_000:
        nxt = _after(current, months)
        if nxt > end:
            break
        n += 1
        current = nxt
    return n


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


# ---------------------------------------------------------------------------- reports


def _report(clash: Clash, model: Model) -> Diagnostic | None:
    ceiling = clash.ceiling
    floor = clash.floor[0]
    dim = ceiling.interval.dim
    top = ceiling.interval.hi or Fraction(0)
    subject = ceiling.subject
    key = clash.key if isinstance(clash.key, tuple) else ()
    share = model.clauses.get(str(key[1])) if key[:1] == ("paid",) else None
    by_return_cap = ceiling.origin == "return_cap"
    match floor.origin:
        case "scenario":
            assert isinstance(share, RevenueShare) and isinstance(floor.subject, Scenario)
            when, _, source = floor.why.partition("|")
            figures = "figures" if source == "revenue" else "forecast"
            every = all(p.interval.lo > top for p in clash.peers)
            pays = (
                f"{shown(dim, clash.low)} `{share.name}` pays"
                if by_return_cap
                else (f"{shown(dim, clash.low)} it pays")
            )
            return finding(
                RETURN_CAP_BELOW if by_return_cap else CAP_FIRST_PERIOD,
                f"{ceiling.why} is below the {pays} for {when} alone in scenario "
                f"`{floor.subject.name}`",
                ceiling.span,
                labels=[(floor.span, f"its {figures} make {when} pay {shown(dim, clash.low)}")],
                help="check the cap's figure (a magnitude `M` for `B`?) or the scenario's; a cap "
                "bounds the total of every period's payment",
                notes=[
                    f"{Percent(share.rate.value)} of the {source} of "
                    f"{', '.join(f'`{s}`' for s in share.streams)} over {when} = "
                    f"{shown(dim, clash.low)}, more than {ceiling.why}"
                ],
                severity=Severity.ERROR if every else Severity.WARNING,
            )
        case "minimum":
            assert isinstance(share, RevenueShare) and isinstance(floor.subject, MinimumCommitment)
            m = floor.subject
            return finding(
                RETURN_CAP_BELOW if by_return_cap else CAP_MINIMUM,
                f"{ceiling.why} is below the {shown(dim, clash.low)} that `{m.name}` requires "
                f"`{share.name}` to pay",
                ceiling.span,
                labels=[
                    (floor.span, f"{m.floor} a {m.period.value} for {floor.why} {m.period.value}s")
                ],
                help=f"raise the cap to at least {shown(dim, clash.low)}, or lower the floor of "
                f"`{m.name}`",
                notes=[
                    f"{m.floor} x {floor.why} whole {m.period.value}s of `{m.name}` = "
                    f"{shown(dim, clash.low)}"
                ],
            )
        case "investment" if by_return_cap:
            return None  # a return cap below 1x is TL453's
        case "invested":
            assert isinstance(subject, Investment)
            return finding(
                RETURN_CAP,
                f"the return cap of `{subject.name}` is {subject.return_cap}, below 1x: the "
                "investor could never get its money back",
                ceiling.span,
                help="a return cap is a multiple of at least 1x of the amount invested",
            )
        case "tranche" if isinstance(subject, Investment):
            return _tranches(subject, clash.low)
        case "investment":
            assert isinstance(subject, RevenueShare)
            paid_in = floor.subject
            assert isinstance(paid_in, list)
            names = ", ".join(f"`{i.name}`" for i in paid_in)
            currency = dim.partition(":")[2]
            total = clash.low
            amount = (
                str(Money(currency, Decimal(total.numerator)))
                if total.denominator == 1
                else f"{currency} {float(total):,.2f}"
            )
            return finding(
                CAP_BELOW,
                f"the cap of `{subject.name}` ({subject.cap}) is less than the {amount} "
                f"`{subject.payee}` commits to `{subject.payer}` ({names})",
                ceiling.span,
                labels=[(i.where("commitment"), "committed here") for i in paid_in[:4]],
                help="raise the cap to at least the amount invested, or write it as a multiple: "
                f"`cap 1x of {paid_in[0].name}`",
            )
        case "investment-multiple":
            assert isinstance(subject, RevenueShare)
            return finding(
                CAP_BELOW,
                f"the cap of `{subject.name}` is {subject.cap_multiple} of `{subject.cap_of}`, "
                "less than the amount invested",
                ceiling.span,
                help="a cap that repays an investment is a multiple of at least 1x",
            )
        case "commitment":
            assert isinstance(floor.subject, MinimumCommitment)
            m = floor.subject
            like = m.floor if isinstance(m.floor, Quantity) else None
            return finding(
                OVER_CAPACITY,
                f"`{m.name}` commits `{m.party}` to at least {m.floor}, above the "
                f"{shown(dim, top, like)} of capacity declared by {ceiling.why}",
                floor.span,
                labels=[(ceiling.span, "capacity declared here")],
                help="lower the floor to what can be supplied, or correct the declared capacity",
            )
    # the parts of one base (convertibles of one issuer) add up to more than 100%
    parts = [p for p in clash.floor if isinstance(p.subject, Convertible)]
    issuer = parts[0].subject.issuer if parts and isinstance(parts[0].subject, Convertible) else ""
    listing = " + ".join(
        f"`{p.subject.name}` {shown(PERCENT, p.interval.lo)}"
        for p in parts[:6]
        if isinstance(p.subject, Convertible)
    )
    return finding(
        BASE_OVER_100,
        f"the convertibles of `{issuer}` convert into at least {shown(PERCENT, clash.low)} of it "
        "at their valuation caps",
        parts[-1].span,
        labels=[(p.span, f"{shown(PERCENT, p.interval.lo)} of `{issuer}`") for p in parts[:-1][:5]],
        help="a holder's part is its amount divided by its valuation cap: check the caps and "
        "the amounts, which cannot take more than the whole capital",
        notes=[f"{listing} = {shown(PERCENT, clash.low)}"],
    )


def _period_name(start: date, unit: DurationUnit) -> str:
    """The period starting on `start` as scenarios write it: `2027`, `2027-Q2`, `2027-04`."""
    months = _MONTHS.get(unit, 3)
    if months == 12:
        return f"{start.year}"
    if months == 3:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


# ---------------------------------------------------------------------------- splits


def _splits(model: Model, index: _Index) -> Iterator[Diagnostic]:
    """Splits of one asset in force together divide it more than once."""
    env = static_env(model)
    by_asset: dict[Hashable, list[Piece]] = defaultdict(list)
    for c in index.of_kind("split"):
        if not isinstance(c, Split) or not c.shares:
            continue
        total = sum((s.percent.value for s in c.shares), Decimal(0))
        steps = [
            (st.at, sum((s.percent.value for s in st.shares), Decimal(0)))
            for st in c.steps
            if st.shares
        ]
        by_asset[c.asset].extend(schedule(c, clause_reach(c, env), total, steps, env))
    for asset, pieces in by_asset.items():
        if len({id(p.owner) for p in pieces}) < 2:
            continue
        excess = first_excess(pieces, HUNDRED)
        if excess is None:
            continue
        involved: list[Split] = []
        for p in sorted(excess.pieces, key=lambda p: p.start):
            if isinstance(p.owner, Split) and p.owner not in involved:
                involved.append(p.owner)
        if len(involved) < 2:
            continue
        last = involved[-1]
        verb = "divide" if excess.certain else "can divide"
        yield finding(
            BASE_OVER_100,
            f"the splits {', '.join(f'`{s.name}`' for s in involved)} {verb} `{asset}` into "
            f"{Percent(excess.total)} {period(excess.start, excess.end)}",
            last.where("asset"),
            labels=[(s.where("asset"), f"`{s.name}` splits it too") for s in involved[:-1]],
            help="give the splits windows that follow each other or make one split with `from` "
            "steps; if they divide different things (ownership, income), declare an asset for each",
            severity=Severity.ERROR if excess.certain else Severity.WARNING,
        )
