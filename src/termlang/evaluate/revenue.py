"""Revenue figures as daily rates, and the one place an exact amount becomes money.

A scenario gives revenue per stream per period (`2026 USD 8B`, `2027-Q1 USD 4B`). Each
figure is spread evenly over the days of its own period: a yearly figure of USD 8B is
USD 8B / 365 per day of 2026. Any other period then takes the days it covers, so a yearly
figure maps to quarters by day count (2026-Q1 has 90 of 2026's 365 days). Amounts stay exact
rational numbers (`Fraction`) until `to_money`, which rounds once, half-even, to the
currency's minor unit through `Money.rounded()`.

Figures of one stream must not overlap; a later overlapping figure is ignored and reported.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from termlang.model import ExchangeRate, Figure
from termlang.values import Money, minor_units

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen


@frozen
class Segment:
    """One figure: `amount` spread over the days `[start, end)`."""

    start: date
    end: date
    amount: Fraction  # in the stream's currency
    figure: Figure

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def over(self, start: date, end: date) -> Fraction:
        """The part of this figure that falls in `[start, end)`."""
        lo, hi = max(start, self.start), min(end, self.end)
        if hi <= lo:
            return Fraction(0)
        return self.amount * (hi - lo).days / self.days


class Stream:
    """The figures of one stream, sorted and disjoint, in one currency."""

    def __init__(self, name: str, currency: str, segments: Sequence[Segment]) -> None:
        self.name = name
        self.currency = currency
        self.segments = list(segments)
        self._starts = [s.start for s in self.segments]
        # cumulative amount before each segment, for `cumulative`
        self._before: list[Fraction] = []
        total = Fraction(0)
        for seg in self.segments:
            self._before.append(total)
            total += seg.amount

    def between(self, start: date, end: date) -> Fraction:
        """Revenue over `[start, end)`."""
        if end <= start or not self.segments:
            return Fraction(0)
        i = max(0, bisect_right(self._starts, start) - 1)
        total = Fraction(0)
        while i < len(self.segments) and self.segments[i].start < end:
            total += self.segments[i].over(start, end)
            i += 1
        return total

    def cumulative(self, t: date) -> Fraction:
        """Revenue over every day before `t`."""
        i = bisect_right(self._starts, t) - 1
        if i < 0:
            return Fraction(0)
        seg = self.segments[i]
        return self._before[i] + seg.over(seg.start, t)

    def current(self, t: date) -> Fraction | None:
        """The figure of the period containing `t` (None when no figure covers it)."""
        i = bisect_right(self._starts, t) - 1
        if i >= 0 and t < self.segments[i].end:
            return self.segments[i].amount
        return None

    def crossing(self, threshold: Fraction) -> list[date]:
        """The days around which cumulative revenue first reaches `threshold`."""
        for seg, before in zip(self.segments, self._before):
            if before + seg.amount >= threshold and seg.amount > 0:
                needed = (threshold - before) * seg.days / seg.amount
                whole = needed.numerator // needed.denominator
                days = {max(0, whole), max(0, whole) + 1}
                return [seg.start + timedelta(days=d) for d in days if d <= seg.days]
        return []

    def boundaries(self) -> list[date]:
        out: list[date] = []
        for seg in self.segments:
            out.extend((seg.start, seg.end))
        return out


def build_streams(
    figures: Iterable[Figure], rates: Mapping[str, ExchangeRate]
) -> tuple[dict[str, Stream], list[tuple[Figure, str]]]:
    """Index the figures by stream; returns the streams and the figures not used, with why."""
    by_stream: dict[str, list[Figure]] = {}
    for fig in figures:
        by_stream.setdefault(fig.subject, []).append(fig)
    streams: dict[str, Stream] = {}
    unused: list[tuple[Figure, str]] = []
    for name, figs in by_stream.items():
        figs.sort(key=lambda f: (f.start, f.end))
        currency = figs[0].amount.currency
        segments: list[Segment] = []
        for fig in figs:
            if segments and fig.start < segments[-1].end:
                prev = segments[-1].figure
                unused.append(
                    (
                        fig,
                        f"it overlaps `{prev.period}` of `{name}`; figures of a stream "
                        "must not overlap",
                    )
                )
                continue
            amount = convert(fig.amount, currency, rates)
            if amount is None:
                unused.append(
                    (
                        fig,
                        f"it is in {fig.amount.currency} while `{name}` is in {currency}, and "
                        f"no `exchange_rate` converts them",
                    )
                )
                continue
            segments.append(Segment(fig.start, fig.end, amount, fig))
        streams[name] = Stream(name, currency, segments)
    return streams, unused


def convert(money: Money, currency: str, rates: Mapping[str, ExchangeRate]) -> Fraction | None:
    """`money` in `currency`, exactly, through a declared exchange rate (None if none)."""
    amount = Fraction(money.amount)
    if money.currency == currency:
        return amount
    direct = rates.get(f"{money.currency}/{currency}")
    if direct is not None and direct.quote.currency == currency:
        return amount * Fraction(direct.quote.amount)
    inverse = rates.get(f"{currency}/{money.currency}")
    if inverse is not None and inverse.quote.amount:
        return amount / Fraction(inverse.quote.amount)
    return None


def to_money(currency: str, exact: Fraction) -> Money:
    """Round an exact amount once, half-even, to `currency`'s minor unit.

    The rounding itself is `Money.rounded()`. A rational amount has no exact decimal form in
    general, so it is handed over as a decimal that rounds the same way: the whole minor
    units, plus a quarter, a half or three quarters of a unit according to whether the
    remainder is below, exactly at, or above one half.
    """
    places = minor_units(currency)
    scaled = exact * 10**places
    sign = -1 if scaled < 0 else 1
    scaled = abs(scaled)
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if rest == 0:
        units = Decimal(whole)
    else:
        twice = 2 * rest
        quarter = (
            Decimal("0.25")
            if twice < scaled.denominator
            else Decimal("0.5")
            if twice == scaled.denominator
            else Decimal("0.75")
        )
        units = Decimal(whole) + quarter
    value = (units * sign).scaleb(-places)
    return Money(currency, value).rounded()


def exact(money: Money) -> Fraction:
    return Fraction(money.amount)
