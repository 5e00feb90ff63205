"""Exact value types for deal terms.

Everything here is exact: amounts are :class:`decimal.Decimal` (never ``float``), dates are
:class:`datetime.date`, and all arithmetic on amounts is performed in an explicit, private
decimal context with unlimited precision that *raises* instead of rounding.  The only place
money is ever rounded is :meth:`Money.rounded` (and :func:`split_round`, which is defined in
terms of it).

All value classes are frozen ``attrs`` classes: immutable, hashable and picklable.

This module is on the hot path of a pre-commit validator, so it only imports small stdlib
modules and ``attrs`` at import time (``difflib`` is imported lazily by :func:`suggest_unit`).
"""

from __future__ import annotations

import enum
import functools
import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import (
    MAX_EMAX,
    MAX_PREC,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
)
from itertools import accumulate, chain
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

import attrs

from termlang.calendar import add_business_days as _add_business_days
from termlang.calendar import add_months as add_months
from termlang.calendar import days_in_month as days_in_month

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen

__all__ = [
    "ISO_CURRENCIES",
    "UNITS",
    "CurrencyMismatch",
    "Duration",
    "DurationUnit",
    "Money",
    "Multiple",
    "Percent",
    "Period",
    "Quantity",
    "UnitInfo",
    "UnitMismatch",
    "add_months",
    "days_in_month",
    "format_number",
    "minor_units",
    "normalize_unit",
    "parse_duration",
    "parse_duration_unit",
    "parse_money",
    "parse_number",
    "parse_period",
    "split_round",
    "suggest_unit",
]


# ---------------------------------------------------------------------------------------------
# Exact decimal arithmetic
# ---------------------------------------------------------------------------------------------

# Addition, subtraction and multiplication of finite decimals are always exact at MAX_PREC;
# ``Inexact`` is trapped anyway so that a silent rounding can never happen.  Only explicit
# contexts are used: the thread-local decimal context is never read or modified.
_EXACT = Context(
    prec=MAX_PREC,
    Emax=MAX_EMAX,
    Emin=MIN_EMIN,
    traps=[InvalidOperation, DivisionByZero, Overflow, Inexact],
)
# Used only for the documented rounding points (Money.rounded, split_round).
_ROUND = Context(
    prec=MAX_PREC,
    Emax=MAX_EMAX,
    Emin=MIN_EMIN,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
# Division is only used for conversions by powers of ten; a bounded precision plus the
# Inexact trap turns a (theoretically) inexact quotient into an error instead of rounding.
_DIVIDE = Context(
    prec=1000,
    Emax=MAX_EMAX,
    Emin=MIN_EMIN,
    traps=[InvalidOperation, DivisionByZero, Overflow, Inexact],
)

_ONE = Decimal(1)


def _to_decimal(value: Decimal | int) -> Decimal:
    """attrs converter: accept ``Decimal`` or ``int`` (never ``float``/``bool``); finite only."""
    if isinstance(value, bool):
        raise TypeError("expected a Decimal or int, not bool")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("amount must be finite")
        return value
    raise TypeError(f"expected a Decimal or int, not {type(value).__name__}")


def _scalar(value: object) -> Decimal | None:
    """A multiplication operand as an exact Decimal, or None if unsupported."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal) and value.is_finite():
        return value
    if isinstance(value, Percent):
        return value.fraction
    if isinstance(value, Multiple):
        return value.value
    return None


def _integral_exponent(value: Decimal) -> Decimal:
    """``value`` without a positive exponent (``Decimal('1.3E+10')`` -> ``13000000000``)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        return value.quantize(_ONE, context=_EXACT)
    return value


def _group(int_digits: str) -> str:
    """Insert ``_`` every three digits from the right: ``1234567`` -> ``1_234_567``."""
    head = len(int_digits) % 3 or 3
    parts = [int_digits[:head]]
    parts.extend(int_digits[i : i + 3] for i in range(head, len(int_digits), 3))
    return "_".join(parts)


def format_number(value: Decimal, *, strip_zeros: bool = True) -> str:
    """Canonical plain text of a decimal: no exponent, ``_`` thousands separators.

    ``strip_zeros`` removes trailing fractional zeros (``12.50`` -> ``12.5``, ``3.0`` -> ``3``).
    The result is always accepted by :func:`parse_number` and parses back to an equal value.
    """
    text = format(value, "f")
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    int_part, _, frac_part = text.partition(".")
    if strip_zeros:
        frac_part = frac_part.rstrip("0")
    if sign and int_part.strip("0") == "" and frac_part.strip("0") == "":
        sign = ""  # never print "-0"
    out = sign + _group(int_part)
    if frac_part:
        out += "." + frac_part
    return out


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------

_SUFFIXES: Mapping[str, int] = MappingProxyType({"K": 3, "M": 6, "B": 9, "T": 12})
_NUMBER_RE = re.compile(r"(-?)([0-9]+(?:_[0-9]+)*)(?:\.([0-9]+(?:_[0-9]+)*))?([KMBT]?)")


def parse_number(text: str) -> Decimal:
    """Parse a numeric literal into an exact :class:`~decimal.Decimal`.

    Accepted forms: ``13``, ``13_000_000_000``, ``13.5``, ``0.25`` and the same followed by a
    magnitude suffix ``K`` (10**3), ``M`` (10**6), ``B`` (10**9) or ``T`` (10**12), e.g.
    ``13B``, ``1.5T``, ``500M``, ``10K``.  An optional leading ``-`` is accepted (so that the
    text of negative amounts round-trips).  Underscores are allowed only between digits.

    Suffixed values are returned without a positive exponent (``13B`` ->
    ``Decimal('13000000000')``); unsuffixed values keep their written exponent
    (``12.50`` -> ``Decimal('12.50')``).

    :raises ValueError: for anything else (empty text, whitespace, ``1__0``, ``_1``, ``1.``,
        ``.5``, ``1e3``, lowercase suffixes, ...).
    """
    if not text:
        raise ValueError("empty number")
    match = _NUMBER_RE.fullmatch(text)
    if match is None:
        raise ValueError(f"malformed number {text!r}")
    sign, int_part, frac_part, suffix = match.groups()
    literal = sign + int_part.replace("_", "")
    if frac_part is not None:
        literal += "." + frac_part.replace("_", "")
    value = Decimal(literal)  # the constructor is exact regardless of any context
    if suffix:
        value = _integral_exponent(value.scaleb(_SUFFIXES[suffix], context=_EXACT))
    return value


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

# Leap years, month ends and business days: termlang.calendar (re-exported here, where they
# have always been imported from).


# ---------------------------------------------------------------------------------------------
# Durations
# ---------------------------------------------------------------------------------------------


class DurationUnit(enum.Enum):
    """Units of a :class:`Duration`."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    BUSINESS_DAY = "business_day"


# unit -> (singular, plural) in English: how durations print, and words the parser accepts
UNIT_WORDS: Mapping[DurationUnit, tuple[str, str]] = MappingProxyType(
    {
        DurationUnit.DAY: ("day", "days"),
        DurationUnit.WEEK: ("week", "weeks"),
        DurationUnit.MONTH: ("month", "months"),
        DurationUnit.QUARTER: ("quarter", "quarters"),
        DurationUnit.YEAR: ("year", "years"),
        DurationUnit.BUSINESS_DAY: ("business day", "business days"),
    }
)

_DURATION_WORDS: Mapping[str, DurationUnit] = MappingProxyType(
    {
        **{word: unit for unit, words in UNIT_WORDS.items() for word in words},
        "business_day": DurationUnit.BUSINESS_DAY,
        "business_days": DurationUnit.BUSINESS_DAY,
    }
)

_MONTHS_PER_UNIT: Mapping[DurationUnit, int] = MappingProxyType(
    {DurationUnit.MONTH: 1, DurationUnit.QUARTER: 3, DurationUnit.YEAR: 12}
)


def parse_duration_unit(word: str) -> DurationUnit | None:
    """The duration unit for ``word`` (singular or plural, lowercase), else None.

    Accepts ``day(s)``, ``week(s)``, ``month(s)``, ``quarter(s)``, ``year(s)`` and
    ``business_day(s)`` (also spelled ``business day(s)``, the form used by ``str``).
    """
    return _DURATION_WORDS.get(word)


def _check_amount(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("duration amount must be an int")
    if value < 0:
        raise ValueError("duration amount must not be negative")


# The Gregorian calendar repeats every 400 years = 4800 months = 146097 days.
_CYCLE_MONTHS = 4800
_CYCLE_DAYS = 146097


@functools.cache
def _month_lengths() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Month lengths and their prefix sums over two full 400-year cycles."""
    # Two shapes of year, leap or not (`days_in_month` decides which): 800 calls, not 9,600
    # (on the first duration in months `termlang check` bounds, they were 2.7 ms of start-up).
    common, leap = (tuple(days_in_month(year, m) for m in range(1, 13)) for year in (2001, 2000))
    years = range(2000, 2000 + 2 * _CYCLE_MONTHS // 12)
    lengths = tuple(
        chain.from_iterable(leap if days_in_month(y, 2) == 29 else common for y in years)
    )
    return lengths, tuple(accumulate(lengths, initial=0))


@functools.lru_cache(maxsize=256)
def _month_span_bounds(n: int) -> tuple[int, int]:
    """Exact (min, max) of ``(add_months(d, n)[0] - d).days`` over every start date ``d``."""
    cycles, rest = divmod(n, _CYCLE_MONTHS)
    base = cycles * _CYCLE_DAYS
    if rest == 0:
        return base, base
    lengths, prefix = _month_lengths()
    lo = hi = None
    for start in range(_CYCLE_MONTHS):
        span = prefix[start + rest] - prefix[start]
        # Starting on the last day of a month longer than the target month clamps back.
        shortest = span - max(0, lengths[start] - lengths[start + rest])
        lo = shortest if lo is None or shortest < lo else lo
        hi = span if hi is None or span > hi else hi
    assert lo is not None and hi is not None
    return base + lo, base + hi


@frozen
class Duration:
    """A non-negative amount of a calendar unit, e.g. ``18 months`` or ``5 business days``."""

    amount: int = attrs.field(validator=_check_amount)
    unit: DurationUnit = attrs.field(validator=attrs.validators.instance_of(DurationUnit))

    def add_to(
        self, d: date, sign: int = 1, holidays: frozenset[date] = frozenset()
    ) -> tuple[date, bool]:
        """Move ``d`` forwards (``sign=1``) or backwards (``sign=-1``) by this duration.

        Days and weeks are exact; months, quarters (3 months) and years (12 months) go
        through :func:`add_months` in a single step (so ``2 quarters`` is ``6 months``, not two
        clamped quarter steps).  Business days skip Saturdays, Sundays and ``holidays``
        (``holidays`` is ignored for other units).

        Returns ``(result, clamped)``; ``clamped`` is True only when end-of-month clamping
        happened.

        :raises OverflowError: if the result is outside the range of ``datetime.date``.
        """
        if sign not in (1, -1):
            raise ValueError("sign must be 1 or -1")
        unit = self.unit
        if unit is DurationUnit.DAY:
            return d + timedelta(days=sign * self.amount), False
        if unit is DurationUnit.WEEK:
            return d + timedelta(weeks=sign * self.amount), False
        if unit is DurationUnit.BUSINESS_DAY:
            return _add_business_days(d, self.amount, sign, holidays), False
        return add_months(d, sign * self.amount * _MONTHS_PER_UNIT[unit])

    def min_days(self) -> int:
        """Shortest number of calendar days this duration can span (over all start dates).

        Exact for every unit: day ``n``, week ``7n``; month/quarter/year computed over the
        400-year Gregorian cycle including end-of-month clamping (1 month: 28, 1 quarter: 89,
        1 year: 365); business days assume no holidays: ``7*((n-1)//5) + r`` where
        ``r = n - 5*((n-1)//5)``, i.e. ``n`` for ``n <= 5``.  The same bounds hold when
        subtracting the duration.
        """
        return self._bounds()[0]

    def max_days(self) -> int:
        """Longest number of calendar days this duration can span (over all start dates).

        Month/quarter/year: exact (1 month: 31, 1 quarter: 92, 1 year: 366).  Business days:
        ``min_days() + 2`` (one weekend may be straddled beyond the whole weeks), assuming no
        holidays; every holiday can lengthen the span further (this is not bounded here).
        """
        return self._bounds()[1]

    def _bounds(self) -> tuple[int, int]:
        n = self.amount
        unit = self.unit
        if unit is DurationUnit.DAY:
            return n, n
        if unit is DurationUnit.WEEK:
            return 7 * n, 7 * n
        if unit is DurationUnit.BUSINESS_DAY:
            if n == 0:
                return 0, 0
            weeks = (n - 1) // 5
            shortest = 7 * weeks + (n - 5 * weeks)
            return shortest, shortest + 2
        return _month_span_bounds(n * _MONTHS_PER_UNIT[unit])

    def __str__(self) -> str:
        singular, plural = UNIT_WORDS[self.unit]
        return f"{self.amount} {singular if self.amount == 1 else plural}"


def parse_duration(text: str) -> Duration:
    """Parse the canonical text of a :class:`Duration` (``18 months``, ``5 business days``).

    The amount is a plain non-negative integer (``_`` separators allowed).

    :raises ValueError: for malformed text or an unknown unit word.
    """
    number, sep, word = text.partition(" ")
    if not sep or not re.fullmatch(r"[0-9]+(?:_[0-9]+)*", number):
        raise ValueError(f"malformed duration {text!r}")
    unit = parse_duration_unit(word)
    if unit is None:
        raise ValueError(f"unknown duration unit {word!r}")
    return Duration(int(number.replace("_", "")), unit)


# ---------------------------------------------------------------------------------------------
# Currencies
# ---------------------------------------------------------------------------------------------

#: ISO 4217 "list one" codes in use (2025), including fund codes (BOV, CHE, CHW, CLF, COU,
#: MXV, USN, UYI, UYW), precious metals and special codes (XAU, XDR, XTS, XXX, ...).
#: ANG and XCG are both listed because of the 2025 Netherlands Antilles transition.
# fmt: off
ISO_CURRENCIES: frozenset[str] = frozenset({
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
    "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUC", "CUP",
    "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP",
    "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS",
    "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW",
    "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD",
    "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN",
    "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR",
    "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS",
    "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD",
    "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND",
    "VUV", "WST", "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF",
    "XPD", "XPF", "XPT", "XSU", "XTS", "XUA", "XXX", "YER", "ZAR", "ZMW", "ZWG",
})
# fmt: on

_MINOR_UNITS: Mapping[str, int] = MappingProxyType(
    {
        **dict.fromkeys(("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG"), 0),
        **dict.fromkeys(("RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"), 0),
        **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
        **dict.fromkeys(("CLF", "UYW"), 4),
    }
)


def minor_units(code: str) -> int:
    """Number of decimal places of ``code``'s minor unit (ISO 4217).

    0 for JPY, KRW, CLP, ISK, VND, XOF, XAF, ...; 3 for BHD, IQD, JOD, KWD, LYD, OMR, TND;
    4 for CLF and UYW; 2 for everything else, including unknown codes and the ISO codes
    without a minor unit (metals, XDR, XXX, ...).
    """
    return _MINOR_UNITS.get(code, 2)


class CurrencyMismatch(ValueError):
    """Arithmetic or comparison between amounts of different currencies."""


_CURRENCY_RE = re.compile(r"[A-Z]{3}")


def _check_currency(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _CURRENCY_RE.fullmatch(value):
        raise ValueError(f"malformed currency code {value!r}")


_MAGNITUDES: tuple[tuple[str, int], ...] = (("T", 12), ("B", 9), ("M", 6), ("K", 3))


@frozen(eq=True, order=False)
class Money:
    """An exact amount of a currency.

    ``currency`` is a three-letter uppercase code (membership of :data:`ISO_CURRENCIES` is
    left to callers so that they can report unknown codes).  Arithmetic is exact: ``+``/``-``
    only with the same currency, ``*`` by ``Decimal``, ``int``, :class:`Percent` or
    :class:`Multiple`.  Nothing is ever rounded implicitly: :meth:`rounded` is the single
    rounding point for money.
    """

    currency: str = attrs.field(validator=_check_currency)
    amount: Decimal = attrs.field(converter=_to_decimal)

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatch(f"currency mismatch: {self.currency} vs {other.currency}")

    def __add__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return Money(self.currency, _EXACT.add(self.amount, other.amount))

    def __sub__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return Money(self.currency, _EXACT.subtract(self.amount, other.amount))

    def __mul__(self, other: object) -> Money:
        factor = _scalar(other)
        if factor is None:
            return NotImplemented
        return Money(self.currency, _EXACT.multiply(self.amount, factor))

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(self.currency, _EXACT.minus(self.amount))

    def __abs__(self) -> Money:
        return Money(self.currency, _EXACT.abs(self.amount))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return self.amount <= other.amount

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return self.amount > other.amount

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return self.amount >= other.amount

    def rounded(self) -> Money:
        """This amount rounded half-even to the currency's minor units (:func:`minor_units`).

        This is the single documented rounding point for money: no other operation on
        :class:`Money` rounds.  The result always has exactly ``minor_units`` decimals
        (``EUR 12.5`` -> ``EUR 12.50``).
        """
        exponent = _ONE.scaleb(-minor_units(self.currency), context=_EXACT)
        return Money(self.currency, self.amount.quantize(exponent, context=_ROUND))

    def __str__(self) -> str:
        """Canonical text: ``USD 13B``, ``USD 1.5B``, ``USD 250M``, ``USD 1_234_567``.

        The suffix is the largest of T, B, M, K not exceeding the magnitude of the amount; it
        is used only if the scaled number is exact with at most 3 decimals (``USD 1.25B``),
        and ``K`` only for whole thousands (``GBP 145K``, but ``GBP 2_040`` rather than
        ``GBP 2.04K``, which no one writes).  Otherwise (and below 1000) the plain digits are
        printed with ``_`` separators, keeping the amount's own decimals (``EUR 12.50``).
        :func:`parse_number` on the numeric part gives back the amount.
        """
        return f"{self.currency} {_format_amount(self.amount)}"


def _format_amount(amount: Decimal) -> str:
    magnitude = abs(amount)
    for suffix, exponent in _MAGNITUDES:
        if magnitude >= _ONE.scaleb(exponent, context=_EXACT):
            scaled = format_number(amount.scaleb(-exponent, context=_EXACT))
            _, _, decimals = scaled.partition(".")
            if len(decimals) <= (0 if suffix == "K" else 3):
                return scaled + suffix
            break
    return format_number(amount, strip_zeros=False)


def parse_money(text: str) -> Money:
    """Parse ``CUR amount`` (e.g. ``USD 13B``, ``EUR 12.50``) as produced by ``str(Money)``.

    :raises ValueError: for malformed text (the number follows :func:`parse_number`).
    """
    currency, sep, number = text.partition(" ")
    if not sep or not _CURRENCY_RE.fullmatch(currency):
        raise ValueError(f"malformed money {text!r}")
    return Money(currency, parse_number(number))


# ---------------------------------------------------------------------------------------------
# Percentages and multiples
# ---------------------------------------------------------------------------------------------


@frozen(order=True)
class Percent:
    """A percentage: ``Percent(Decimal(20))`` is 20% (``fraction`` 0.20)."""

    value: Decimal = attrs.field(converter=_to_decimal)

    @property
    def fraction(self) -> Decimal:
        """The exact fraction, ``value / 100``."""
        return self.value.scaleb(-2, context=_EXACT)

    def __str__(self) -> str:
        return f"{format_number(self.value)}%"


@frozen(order=True)
class Multiple:
    """A multiple such as a valuation multiple: ``Multiple(Decimal(10))`` is ``10x``."""

    value: Decimal = attrs.field(converter=_to_decimal)

    def __str__(self) -> str:
        return f"{format_number(self.value)}x"


# ---------------------------------------------------------------------------------------------
# Physical and count units
# ---------------------------------------------------------------------------------------------


class UnitInfo(NamedTuple):
    """What a unit word means: its dimension, factor to the base unit and canonical spelling."""

    dimension: str
    factor: Decimal
    canonical: str


class UnitMismatch(ValueError):
    """Conversion, comparison or arithmetic between quantities of different dimensions."""


def _build_units() -> tuple[Mapping[str, UnitInfo], Mapping[str, str]]:
    table: dict[str, UnitInfo] = {}
    for dimension, base, prefixes in (
        ("power", "W", ("", "k", "M", "G", "T")),
        ("energy", "Wh", ("", "k", "M", "G", "T")),
    ):
        for i, prefix in enumerate(prefixes):
            word = prefix + base
            table[word] = UnitInfo(dimension, _ONE.scaleb(3 * i, context=_EXACT), word)
    # mass, base kg (supply deals commit to tonnes of material)
    for words, factor in (
        (("g",), Decimal("0.001")),
        (("kg",), _ONE),
        (("t", "tonne", "tonnes"), Decimal(1000)),
        (("kt",), Decimal(1_000_000)),
        (("Mt",), Decimal(1_000_000_000)),
    ):
        for word in words:
            canonical = "tonnes" if words[0] == "t" else words[0]
            table[word] = UnitInfo("mass", factor, canonical)
    singular: dict[str, str] = {"tonnes": "tonne"}
    for one, many, *aliases in (
        ("GPU", "GPUs"),
        ("TPU", "TPUs"),
        ("accelerator", "accelerators"),
        ("chip", "chips"),
        ("server", "servers"),
        ("rack", "racks"),
        ("seat", "seats"),
        ("user", "users"),
        ("share", "shares"),
        ("token", "tokens"),
        ("unit", "units"),
        ("licence", "licences", "license", "licenses"),
    ):
        info = UnitInfo(many, _ONE, many)
        for word in (one, many, *aliases):
            table[word] = info
        singular[many] = one
    return MappingProxyType(table), MappingProxyType(singular)


#: Unit word -> :class:`UnitInfo`.  Power (base ``W``): W, kW, MW, GW, TW; energy (base
#: ``Wh``): Wh, kWh, MWh, GWh, TWh; mass (base ``kg``): g, kg, t/tonne/tonnes, kt, Mt;
#: count units, whose dimension is their canonical plural
#: (``GPU``/``GPUs`` -> ``GPUs``, ``licence(s)``/``license(s)`` -> ``licences``, ...).
#: Unit words are case-sensitive (``mW`` is not ``MW``).  ``PUE`` is a ratio, not a unit.
UNITS, _SINGULAR = _build_units()


def normalize_unit(word: str) -> UnitInfo | None:
    """The :class:`UnitInfo` of ``word``, or None for an unknown word (callers report it)."""
    return UNITS.get(word)


def suggest_unit(word: str) -> str | None:
    """A known unit or duration word close to ``word`` (for "did you mean" messages), or None.

    A case-insensitive exact match wins (``mwh`` -> ``MWh``); otherwise the closest
    :func:`difflib.get_close_matches` candidate among unit and duration spellings.
    """
    import difflib  # lazy: keeps the import cost of this module small

    candidates = [*UNITS, *_DURATION_WORDS]
    folded = [c for c in candidates if c.lower() == word.lower()]
    if folded:
        return folded[0]
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


def _canonical_unit(word: str) -> str:
    info = UNITS.get(word) if isinstance(word, str) else None
    if info is None:
        raise ValueError(f"unknown unit {word!r}")
    return info.canonical


@frozen(eq=False)
class Quantity:
    """An exact amount of a unit from :data:`UNITS`, e.g. ``100 MW`` or ``10_000 GPUs``.

    The unit is stored in its canonical spelling (``Quantity(1, "GPU").unit == "GPUs"``).
    Equality, hashing and ordering are by value within a dimension: ``1 GW == 1000 MW``.
    Ordering and arithmetic across dimensions raise :class:`UnitMismatch`; ``==`` across
    dimensions is simply False.
    """

    amount: Decimal = attrs.field(converter=_to_decimal)
    unit: str = attrs.field(converter=_canonical_unit)

    @property
    def info(self) -> UnitInfo:
        return UNITS[self.unit]

    @property
    def dimension(self) -> str:
        return self.info.dimension

    def base_amount(self) -> Decimal:
        """The amount expressed in the dimension's base unit (exact)."""
        return _EXACT.multiply(self.amount, self.info.factor)

    def _same(self, other: Quantity) -> None:
        if self.dimension != other.dimension:
            raise UnitMismatch(f"unit mismatch: {self.unit} vs {other.unit}")

    def to(self, unit: str) -> Quantity:
        """This quantity expressed in ``unit`` (exact).

        :raises ValueError: for an unknown unit; :class:`UnitMismatch` across dimensions.
        """
        target = normalize_unit(unit)
        if target is None:
            raise ValueError(f"unknown unit {unit!r}")
        if target.dimension != self.dimension:
            raise UnitMismatch(f"unit mismatch: {self.unit} vs {target.canonical}")
        amount = _DIVIDE.divide(self.base_amount(), target.factor)
        return Quantity(_integral_exponent(amount), target.canonical)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Quantity):
            return NotImplemented
        return self.dimension == other.dimension and self.base_amount() == other.base_amount()

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, Quantity):
            return NotImplemented
        return not self == other

    def __hash__(self) -> int:
        return hash((self.dimension, self.base_amount()))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Quantity):
            return NotImplemented
        self._same(other)
        return self.base_amount() < other.base_amount()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Quantity):
            return NotImplemented
        self._same(other)
        return self.base_amount() <= other.base_amount()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Quantity):
            return NotImplemented
        self._same(other)
        return self.base_amount() > other.base_amount()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Quantity):
            return NotImplemented
        self._same(other)
        return self.base_amount() >= other.base_amount()

    def __add__(self, other: object) -> Quantity:
        """Sum in the left operand's unit."""
        if not isinstance(other, Quantity):
            return NotImplemented
        self._same(other)
        return Quantity(_EXACT.add(self.amount, other.to(self.unit).amount), self.unit)

    def __sub__(self, other: object) -> Quantity:
        """Difference in the left operand's unit."""
        if not isinstance(other, Quantity):
            return NotImplemented
        self._same(other)
        return Quantity(_EXACT.subtract(self.amount, other.to(self.unit).amount), self.unit)

    def __mul__(self, other: object) -> Quantity:
        factor = _scalar(other)
        if factor is None:
            return NotImplemented
        return Quantity(_EXACT.multiply(self.amount, factor), self.unit)

    __rmul__ = __mul__

    def __str__(self) -> str:
        """``100 MW``, ``10_000 GPUs``, ``1 GPU`` (count units use the singular for 1)."""
        unit = self.unit
        if self.amount == _ONE:
            unit = _SINGULAR.get(unit, unit)
        return f"{format_number(self.amount)} {unit}"


# ---------------------------------------------------------------------------------------------
# Allocation
# ---------------------------------------------------------------------------------------------


def split_round(total: Money, weights: Sequence[Decimal]) -> list[Money]:
    """Split ``total`` in proportion to ``weights``, rounded to the currency's minor units.

    Largest-remainder (Hamilton) allocation, done in exact integer arithmetic:

    1. the exact share of part *i* is ``total.amount * w_i / sum(w)`` (of the *unrounded*
       total), expressed in minor units;
    2. every part first gets the floor of its exact share;
    3. the minor units still missing to reach ``total.rounded()`` are handed out one each to
       the parts with the largest fractional remainders; ties go to the earlier position.

    Guarantees: the parts sum exactly to ``total.rounded()``; each part differs from its
    exact share by less than one minor unit; zero weights get zero.  Negative totals are split
    like positive ones, mirrored (``-100`` in three parts is ``-33.34, -33.33, -33.33``).

    :raises ValueError: if ``weights`` is empty, any weight is negative or not finite, or all
        weights are zero.
    """
    if not weights:
        raise ValueError("no weights")
    ratios: list[tuple[int, int]] = []
    for weight in weights:
        exact = _to_decimal(weight)
        if exact < 0:
            raise ValueError("negative weight")
        ratios.append(exact.as_integer_ratio())
    common = math.lcm(*(den for _, den in ratios))
    ints = [num * (common // den) for num, den in ratios]
    weight_sum = sum(ints)
    if weight_sum == 0:
        raise ValueError("weights sum to zero")

    places = minor_units(total.currency)
    # Work on the magnitude so that negative totals mirror positive ones exactly (half-even
    # rounding is symmetric, so the rounded magnitude is the magnitude of the rounded total).
    sign = -1 if total.amount < 0 else 1
    num, den = abs(total.amount).scaleb(places, context=_EXACT).as_integer_ratio()
    target = abs(int(total.rounded().amount.scaleb(places, context=_EXACT)))

    denominator = den * weight_sum
    floors: list[int] = []
    remainders: list[int] = []
    for w in ints:
        q, r = divmod(num * w, denominator)
        floors.append(q)
        remainders.append(r)
    missing = target - sum(floors)
    # 0 <= missing <= len(weights) always holds (see the docstring's guarantees).
    order = sorted(range(len(ints)), key=lambda i: (-remainders[i], i))
    for i in order[:missing]:
        floors[i] += 1
    currency = total.currency
    return [
        Money(currency, Decimal(sign * units).scaleb(-places, context=_EXACT)) for units in floors
    ]


# ---------------------------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------------------------


def _check_period(instance: Period, attribute: attrs.Attribute[date], value: date) -> None:
    if not instance.start < instance.end:
        raise ValueError("period start must be before its end")


@frozen(order=True)
class Period:
    """A half-open date interval ``[start, end)``.

    Canonical text (see :func:`parse_period`): ``2026`` (year), ``2026-Q1`` (quarter),
    ``2026-H2`` (half), ``2026-03`` (month), ``2026-03-15`` (single day), otherwise
    ``2026-03-15..2026-05-01`` (start inclusive, end exclusive).
    """

    start: date = attrs.field(validator=attrs.validators.instance_of(date))
    end: date = attrs.field(validator=[attrs.validators.instance_of(date), _check_period])

    def contains(self, d: date) -> bool:
        """Whether ``start <= d < end``."""
        return self.start <= d < self.end

    def __contains__(self, d: object) -> bool:
        return isinstance(d, date) and self.contains(d)

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days

    def __str__(self) -> str:
        start, end = self.start, self.end
        if start.day == 1:
            months = (end.year - start.year) * 12 + end.month - start.month
            if end.day == 1:
                if months == 12 and start.month == 1:
                    return f"{start.year:04d}"
                if months == 6 and start.month in (1, 7):
                    return f"{start.year:04d}-H{start.month // 6 + 1}"
                if months == 3 and start.month in (1, 4, 7, 10):
                    return f"{start.year:04d}-Q{start.month // 3 + 1}"
                if months == 1:
                    return f"{start.year:04d}-{start.month:02d}"
        if self.days == 1:
            return start.isoformat()
        return f"{start.isoformat()}..{end.isoformat()}"


_PERIOD_RE = re.compile(
    r"(?P<year>[0-9]{4})"
    r"(?:-(?:Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?))?"
)


_ISO_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _period_start(match: re.Match[str]) -> tuple[date, int, int]:
    """(start, months, days) of a single-period match; exactly one of months/days is set."""
    year = int(match["year"])
    if match["quarter"]:
        return date(year, 3 * int(match["quarter"]) - 2, 1), 3, 0
    if match["half"]:
        return date(year, 6 * int(match["half"]) - 5, 1), 6, 0
    if match["month"]:
        month = int(match["month"])
        if match["day"]:
            return date(year, month, int(match["day"])), 0, 1
        return date(year, month, 1), 1, 0
    return date(year, 1, 1), 12, 0


def parse_period(text: str) -> Period:
    """Parse a period: ``2026``, ``2026-Q1``..``2026-Q4``, ``2026-H1``/``2026-H2``, ``2026-03``.

    Also accepted (so that ``str(Period)`` always round-trips): a single day ``2026-03-15``
    and an explicit half-open range ``2026-03-15..2026-05-01``.

    :raises ValueError: for malformed text or impossible dates (including periods that would
        end after 9999-12-31).
    """
    if ".." in text:
        first, _, second = text.partition("..")
        if not (_ISO_DAY_RE.fullmatch(first) and _ISO_DAY_RE.fullmatch(second)):
            raise ValueError(f"malformed period {text!r}")
        try:
            start, end = date.fromisoformat(first), date.fromisoformat(second)
        except ValueError:
            raise ValueError(f"invalid date in period {text!r}") from None
        return Period(start, end)
    match = _PERIOD_RE.fullmatch(text)
    if match is None:
        raise ValueError(f"malformed period {text!r}")
    try:
        start, months, days = _period_start(match)
        if days:
            return Period(start, start + timedelta(days=days))
        return Period(start, add_months(start, months)[0])
    except (ValueError, OverflowError):
        raise ValueError(f"invalid period {text!r}") from None
