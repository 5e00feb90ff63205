"""An interval domain over exact amounts: what a figure of the agreement can be.

Every clause that states an amount says something about a figure: a cap says the total a
revenue share pays is *at most* an amount, a minimum commitment that it is *at least* one, a
declared scenario that its first period already pays so much, a split that its shares take a
part of an asset. Each statement is a `Fact` about a `key` (which figure: "what
`openai_to_msft` pays in all", "the shares of `model_ip`"), in one `dim` (a currency, a
percentage, a physical dimension), with where it is written.

A `Ledger` keeps, per key, the facts that bound it from below (`at_least`), the parts that
add up to it (`part`: shares of one base, tranches of one round) and the facts that bound it
from above (`at_most`). A contradiction is a key whose least possible value (the greatest
floor, or the sum of its parts when larger) exceeds its greatest possible value (the
smallest ceiling): the two facts that clash are the witnesses the message names. Parts that
add up to less than a floor (tranches short of the commitment) are a `shortfall`.

Arithmetic is exact (`Fraction`): no figure is rounded here, and comparisons are strict, so a
cap equal to the minimum it must pay is consistent. Amounts in the language are never
negative, so every interval starts at 0 or above. Amounts in other currencies are converted
by the caller with the declared exchange rates (`money.convert`) before they become facts.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from attrs import field

from termlang.source import Span
from termlang.values import Money, Percent, Quantity

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen


@frozen
class Interval:
    """`[lo, hi]` in one dimension; `hi` None is unbounded above."""

    dim: str
    lo: Fraction = Fraction(0)
    hi: Fraction | None = None

    @classmethod
    def exact(cls, dim: str, value: Fraction) -> Interval:
        return cls(dim, value, value)

    def __add__(self, other: Interval) -> Interval:
        _same(self, other)
        hi = None if self.hi is None or other.hi is None else self.hi + other.hi
        return Interval(self.dim, self.lo + other.lo, hi)

    def meet(self, other: Interval) -> Interval | None:
        """The values in both (None: none, a contradiction)."""
        _same(self, other)
        lo = max(self.lo, other.lo)
        his = [h for h in (self.hi, other.hi) if h is not None]
        hi = min(his) if his else None
        return None if hi is not None and lo > hi else Interval(self.dim, lo, hi)

    def certainly_above(self, other: Interval) -> bool:
        """Every value of `self` exceeds every value of `other`."""
        _same(self, other)
        return other.hi is not None and self.lo > other.hi


def _same(a: Interval, b: Interval) -> None:
    if a.dim != b.dim:
        raise ValueError(f"cannot compare {a.dim} with {b.dim}")


# ---------------------------------------------------------------------------- dimensions


def money_dim(currency: str) -> str:
    return f"money:{currency}"


PERCENT = "percent"


def quantity_dim(q: Quantity) -> str:
    return f"quantity:{q.dimension}"


def value_of(v: Money | Quantity | Percent) -> tuple[str, Fraction]:
    """The dimension and exact value of a stated figure (quantities in their base unit)."""
    if isinstance(v, Money):
        return money_dim(v.currency), Fraction(v.amount)
    if isinstance(v, Quantity):
        return quantity_dim(v), Fraction(v.base_amount())
    return PERCENT, Fraction(v.value)


def shown(dim: str, value: Fraction, like: Money | Quantity | Percent | None = None) -> str:
    """A value of a dimension for a message, exact when it is (else said to be rounded)."""
    kind, _, unit = dim.partition(":")
    exact = value.denominator == 1 or (Fraction(value * 100).denominator == 1)
    number = Decimal(value.numerator) / Decimal(value.denominator) if exact else None
    if kind == "money":
        if number is not None:
            return str(Money(unit, number))
        exact_decimal = Decimal(value.numerator) / Decimal(value.denominator)
        return f"about {Money(unit, exact_decimal).rounded()}"
    if kind == "percent":
        return str(Percent(number)) if number is not None else f"{float(value):.4f}% (rounded)"
    if isinstance(like, Quantity):
        scale = Fraction(like.base_amount()) / Fraction(like.amount) if like.amount else Fraction(1)
        in_unit = value / scale
        amount = (
            Decimal(in_unit.numerator) / Decimal(in_unit.denominator)
            if in_unit.denominator in (1, 2, 4, 5, 8, 10, 20, 25, 50, 100)
            else Decimal(f"{float(in_unit):.2f}")
        )
        return str(Quantity(amount, like.unit))
    return f"{float(value):,} {unit}"


# ---------------------------------------------------------------------------- facts


@frozen
class Fact:
    """One statement of the agreement about a figure: a floor, a part or a ceiling."""

    key: Hashable
    interval: Interval
    why: str  # the statement in words, for messages: "the cap of `royalty`"
    span: Span | None = field(eq=False, repr=False)
    origin: str = ""  # what kind of statement (decides the rule a clash is reported under)
    subject: object = field(default=None, eq=False, repr=False)  # the clause it belongs to


@frozen
class Clash:
    """A figure whose floor (or parts) exceed its ceiling: `low` > `ceiling.interval.hi`."""

    key: Hashable
    low: Fraction
    floor: tuple[Fact, ...]  # the facts that make up the least value (one floor, or the parts)
    ceiling: Fact
    by_parts: bool
    peers: tuple[Fact, ...] = ()  # every floor of the same kind, clashing or not


class Ledger:
    """The facts about each figure, and the figures whose facts cannot all hold."""

    def __init__(self) -> None:
        self.floors: dict[Hashable, list[Fact]] = {}
        self.parts: dict[Hashable, list[Fact]] = {}
        self.ceilings: dict[Hashable, list[Fact]] = {}

    def at_least(self, fact: Fact) -> None:
        self.floors.setdefault(fact.key, []).append(fact)

    def part(self, fact: Fact) -> None:
        self.parts.setdefault(fact.key, []).append(fact)

    def at_most(self, fact: Fact) -> None:
        self.ceilings.setdefault(fact.key, []).append(fact)

    def add(self, facts: Iterable[tuple[str, Fact]]) -> None:
        for how, fact in facts:
            {"at_least": self.at_least, "part": self.part, "at_most": self.at_most}[how](fact)

    def shortfalls(self) -> Iterator[tuple[Hashable, Fraction, tuple[Fact, ...], Fact]]:
        """Each figure made of parts that add up to less than its greatest floor: (key, the
        sum, the parts, the floor)."""
        for key, parts in self.parts.items():
            floors = self.floors.get(key)
            if not floors:
                continue
            floor = max(floors, key=lambda f: f.interval.lo)
            total = sum((p.interval.lo for p in parts), Fraction(0))
            if total < floor.interval.lo:
                yield key, total, tuple(parts), floor

    def clashes(self) -> Iterator[Clash]:
        """Each figure whose least value exceeds its smallest ceiling, in the order stated."""
        for key, ceilings in self.ceilings.items():
            bounded = [c for c in ceilings if c.interval.hi is not None]
            if not bounded:
                continue
            ceiling = min(bounded, key=lambda c: c.interval.hi or 0)
            parts = self.parts.get(key, [])
            if parts:
                total = sum((p.interval for p in parts[1:]), parts[0].interval)
                if total.certainly_above(ceiling.interval):
                    yield Clash(key, total.lo, tuple(parts), ceiling, True)
                    continue
            by_origin: dict[str, list[Fact]] = {}
            for f in self.floors.get(key, []):
                by_origin.setdefault(f.origin, []).append(f)
            for peers in by_origin.values():
                floor = max(peers, key=lambda f: f.interval.lo)
                if floor.interval.certainly_above(ceiling.interval):
                    yield Clash(key, floor.interval.lo, (floor,), ceiling, False, tuple(peers))
