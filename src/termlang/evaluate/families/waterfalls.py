"""Waterfalls: each period of distributions cascades through the tiers until each reaches
its target (an amount, or a multiple of what was invested); the waterfall is fulfilled when
every tier has (docs/mechanics.md, "Waterfalls"). The arithmetic is
`termlang.mechanics.waterfall`."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from termlang import model
from termlang.evaluate import timeline as tl
from termlang.evaluate.core import Core, Family
from termlang.evaluate.families.investments import Investments
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason
from termlang.evaluate.revenue import Stream, build_streams, to_money
from termlang.evaluate.status import Status
from termlang.mechanics import waterfall as waterfall_mech
from termlang.values import Money, Period


class Waterfalls(Family):
    """The handler of `waterfall` clauses."""

    def __init__(self, core: Core, investments: Investments) -> None:
        super().__init__(core)
        self.investments = investments
        self.distributions: list[tl.Distribution] = []
        self.cascades: dict[str, waterfall_mech.Cascade] = {}
        money_series = [
            s
            for s in core.scenario.series
            if s.metric == "distribution" and isinstance(s.amount, Money)
        ]
        self.distribution_streams, _ = build_streams(money_series, core.m.rates)  # type: ignore[arg-type]

    def setup(self, c: model.AnyClause, start: date | None) -> None:
        if isinstance(c, model.Waterfall):
            self.setup_waterfall(c)

    def setup_waterfall(self, c: model.Waterfall) -> None:
        stream = self.distribution_streams.get(c.distributes)
        if stream is None:
            return
        self.cascades[c.name] = waterfall_mech.Cascade(self.waterfall_tiers(c))
        for seg in stream.segments:
            self.core.at(
                seg.end, Phase.SETTLE, self.settle_waterfall, c, stream, Period(seg.start, seg.end)
            )

    def waterfall_target(self, tier: model.WaterfallTier) -> Money | None:
        if tier.until_amount is not None:
            return tier.until_amount
        if tier.until_multiple is not None and tier.until_of is not None:
            base: Money | None = self.investments.invested.get(tier.until_of)
            if base is None:
                match self.core.m.clauses.get(tier.until_of):
                    case model.Investment(commitment=commitment):
                        base = commitment
                    case model.Convertible(amount=amount):
                        base = amount
                    case model.Loan(principal=principal):
                        base = principal
            if isinstance(base, Money):
                return base * tier.until_multiple
        return None

    def waterfall_tiers(self, c: model.Waterfall) -> list[waterfall_mech.Tier]:
        return [
            waterfall_mech.Tier(t.name, t.to, t.share, self.waterfall_target(t)) for t in c.tiers
        ]

    def active_amount(self, name: str, stream: Stream, p: Period) -> Fraction:
        total = Fraction(0)
        for start, stop in self.core.intervals.get(name, ()):
            assert start is not None
            a, b = max(start, p.start), min(stop or p.end, p.end)
            if a < b:
                total += stream.between(a, b)
        return total

    def settle_waterfall(self, t: date, c: model.Waterfall, stream: Stream, p: Period) -> None:
        cascade = self.cascades[c.name]
        if all(cascade.done) and cascade.done:
            return
        exact = self.active_amount(c.name, stream, p)
        if exact <= 0:
            return
        amount = to_money(stream.currency, exact)
        result = cascade.step(str(p), amount, self.waterfall_tiers(c))
        keeper = c.remainder or c.payer
        parts = tuple(
            Reason.of(
                "tier_payment", amount=pay.amount, to=pay.recipient, tier=f"{c.name}.{pay.tier}"
            )
            for pay in result.payments
        )
        reason = Reason.of(
            "distributed",
            amount=amount,
            period=str(p),
            payments=parts or (Reason.of("no_tier_pays"),),
            keeper=keeper,
            kept=result.kept,
        )
        old = self.distributions[-1].cumulative if self.distributions else None
        previous = next((d for d in reversed(self.distributions) if d.clause == c.name), None)
        old = previous.cumulative if previous else None
        self.core.record(
            t,
            c.name,
            tl.RECEIVED,
            ", ".join(f"{r} {a}" for r, a in old) if old else None,
            ", ".join(f"{r} {a}" for r, a in result.cumulative),
            reason,
            result.cumulative,
        )
        self.distributions.append(
            tl.Distribution(
                clause=c.name,
                period=str(p),
                start=p.start,
                end=p.end,
                distribution=amount,
                tiers=tuple((pay.tier, pay.recipient, pay.amount) for pay in result.payments),
                kept=result.kept,
                cumulative=result.cumulative,
                reached=result.reached,
            )
        )
        by_name = {t.name: t for t in c.tiers}
        for name in result.reached:
            tier = by_name[name]
            target = self.waterfall_target(tier)
            self.core.record(
                t,
                f"{c.name}.{name}",
                tl.TIER,
                None,
                t.isoformat(),
                Reason.of(
                    "tier_target", to=tier.to, target=target, period=str(p), tier=f"{c.name}.{name}"
                ),
                t,
            )
        if (
            c.tiers
            and all(cascade.done)
            and all(self.waterfall_target(tier) is not None for tier in c.tiers)
        ):
            self.core.end_clause(
                c.name,
                t,
                Status.FULFILLED,
                Reason.of("tiers_done", period=str(p), keeper=keeper),
            )
