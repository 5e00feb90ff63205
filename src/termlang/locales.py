"""Numbers, money, dates, durations and lists in English or French, exactly; French articles.

The locale words that the renderer and `diff` both need live here, below both: `Formatter`
for values, and the contractions of French articles (`de`, `a`) for noun phrases.

Babel supplies the locale data (digit grouping, decimal mark, month names); the scaling of
large amounts ("13 billion", "13 milliards") is done here on `Decimal`, so an amount is only
ever shown compactly when the compact form is exact (`USD 1.25B` stays exact; `USD 1_234_567`
is written out in full). Nothing is rounded and no float is ever involved.

Spacing: a non-breaking space (U+00A0) joins a number to its unit or currency so that a
printed summary never breaks "USD" from "13 billion"; French digit groups use Babel's narrow
non-breaking space (U+202F).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date as Date
from decimal import Decimal
from functools import cache

from attrs import frozen

from termlang.values import (
    UNIT_WORDS,
    Duration,
    DurationUnit,
    Money,
    Multiple,
    Percent,
    Quantity,
    format_number,
)

NBSP = "\u00a0"
LOCALES = ("en", "fr")

# Babel locale per termlang locale: British English writes "11 September 2025".
_BABEL = {"en": "en_GB", "fr": "fr"}

# (power of ten, English word, French singular, French plural)
_SCALES = (
    (12, "trillion", "billion", "billions"),
    (9, "billion", "milliard", "milliards"),
    (6, "million", "million", "millions"),
)

_SMALL = {
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    "fr": ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"),
}

# unit -> (singular, plural); French also needs the gender of the noun for "un"/"une".
_UNITS_EN = UNIT_WORDS
_UNITS_FR = {
    DurationUnit.DAY: ("jour", "jours", "m"),
    DurationUnit.WEEK: ("semaine", "semaines", "f"),
    DurationUnit.MONTH: ("mois", "mois", "m"),
    DurationUnit.QUARTER: ("trimestre", "trimestres", "m"),
    DurationUnit.YEAR: ("an", "ans", "m"),
    DurationUnit.BUSINESS_DAY: ("jour ouvré", "jours ouvrés", "m"),
}
# "each quarter" / "par trimestre"
_PERIODS = {
    "en": {
        DurationUnit.DAY: "each day",
        DurationUnit.WEEK: "each week",
        DurationUnit.MONTH: "each month",
        DurationUnit.QUARTER: "each quarter",
        DurationUnit.YEAR: "each year",
        DurationUnit.BUSINESS_DAY: "each business day",
    },
    "fr": {
        DurationUnit.DAY: "par jour",
        DurationUnit.WEEK: "par semaine",
        DurationUnit.MONTH: "par mois",
        DurationUnit.QUARTER: "par trimestre",
        DurationUnit.YEAR: "par an",
        DurationUnit.BUSINESS_DAY: "par jour ouvré",
    },
}


@frozen
class Formatter:
    """Formats values for one locale (`en` or `fr`)."""

    locale: str

    @property
    def babel(self) -> str:
        return _BABEL[self.locale]

    # -- numbers ----------------------------------------------------------------------

    def number(self, value: Decimal | int) -> str:
        """`1234.5` -> `1,234.5` / `1 234,5`; exact (no rounding, trailing zeros dropped).

        Babel gives the symbols and the grouping; the digits come from `format_number`, which
        reads them off the decimal without any context, so a 28-digit amount or a 9,000-digit
        one is written in full (Babel itself rounds at the context's precision).
        """
        return _localized(format_number(Decimal(value)), _symbols(self.babel, "decimal"))

    def percent(self, value: Percent) -> str:
        """`20%` / `20 %` (Babel's pattern and spacing), exact."""
        return _localized(format_number(value.value), _symbols(self.babel, "percent"))

    def count(self, n: int) -> str:
        """Small whole numbers in words ("six"), others in digits."""
        if 0 <= n <= 10:
            return _SMALL[self.locale][n]
        return self.number(n)

    def multiple(self, value: Multiple) -> str:
        """`100 times` / `100 fois`."""
        word = "times" if self.locale == "en" else "fois"
        return f"{self.number(value.value)}{NBSP}{word}"

    def quantity(self, value: Quantity) -> str:
        """`1.5 GW` / `1,5 GW`: the unit as written, the number per locale."""
        return f"{self.number(value.amount)}{NBSP}{value.unit}"

    def value(self, value: object) -> str:
        """Any value of the language in words: money, quantities, percentages, multiples,
        durations, dates (long form) and numbers; anything else as its text."""
        match value:
            case Money():
                return self.money(value)
            case Quantity():
                return self.quantity(value)
            case Percent():
                return self.percent(value)
            case Multiple():
                return self.multiple(value)
            case Duration():
                return self.duration(value)
            case Date():
                return self.date(value)
            case Decimal() | int() if not isinstance(value, bool):
                return self.number(value)
        return str(value)

    # -- money ------------------------------------------------------------------------

    def money(self, value: Money) -> str:
        """`USD 13 billion` / `13 milliards USD`; `EUR 250,000` / `250 000 EUR`.

        The scaled form is used only when it is exact with at most three decimals.
        """
        amount = value.amount
        text = None
        for power, en_word, fr_one, fr_many in _SCALES:
            if abs(amount) < Decimal(10) ** power:
                continue
            mantissa = _shifted(amount, -power)  # exact: only the exponent moves
            if _decimals(mantissa) <= 3:
                number = self.number(mantissa)
                if self.locale == "en":
                    text = f"{number}{NBSP}{en_word}"
                else:
                    # French: "1,5 million" but "2 millions" (plural from two on)
                    text = f"{number}{NBSP}{fr_one if abs(mantissa) < 2 else fr_many}"
            break
        if text is None:
            text = _localized(
                format_number(_minor_units(amount, value.currency), strip_zeros=False),
                _symbols(self.babel, "decimal"),
            )
        if self.locale == "en":
            return f"{value.currency}{NBSP}{text}"
        return f"{text}{NBSP}{value.currency}"

    # -- dates and durations ----------------------------------------------------------

    def date(self, value: Date) -> str:
        """`11 September 2025` / `11 septembre 2025` (`1er janvier 2027` in French)."""
        from babel.dates import format_date

        text = str(format_date(value, format="long", locale=self.babel))
        if self.locale == "fr" and value.day == 1:
            text = "1er" + text[1:]
        return text

    def duration(self, value: Duration) -> str:
        """`six months` / `six mois`, `90 days` / `90 jours`, `one year` / `un an`."""
        n = value.amount
        if self.locale == "en":
            singular, plural = _UNITS_EN[value.unit]
            return f"{self.count(n)} {singular if n == 1 else plural}"
        singular, plural, gender = _UNITS_FR[value.unit]
        if n == 1:
            return f"{'une' if gender == 'f' else 'un'} {singular}"
        return f"{self.count(n)} {plural}"

    def period(self, unit: DurationUnit) -> str:
        """`each quarter` / `par trimestre`."""
        return _PERIODS[self.locale][unit]

    # -- lists ------------------------------------------------------------------------

    def join(self, items: Sequence[str], conjunction: str = "and") -> str:
        """`a, b and c` / `a, b et c` (no serial comma, as British and French usage)."""
        word = {"and": {"en": "and", "fr": "et"}, "or": {"en": "or", "fr": "ou"}}[conjunction][
            self.locale
        ]
        items = list(items)
        if not items:
            return ""
        if len(items) == 1:
            return items[0]
        return f"{', '.join(items[:-1])} {word} {items[-1]}"


# -- exact digits in the locale's dress ---------------------------------------------------


def _minor_units(amount: Decimal, currency: str) -> Decimal:
    """A fractional amount shown with the currency's minor units (`USD 23.4` -> `23.40`);
    a whole amount stays whole, and an amount finer than the minor unit keeps every digit."""
    if not amount:
        return Decimal(0)
    places = _decimals(amount)
    if places == 0:
        return amount.quantize(Decimal(1)) if amount.as_tuple().exponent < 0 else amount  # type: ignore[operator]
    minor = _currency_digits(currency)
    if places >= minor:
        return amount
    return amount.quantize(Decimal(1).scaleb(-minor))


@cache
def _currency_digits(currency: str) -> int:
    from babel.numbers import get_currency_precision

    try:
        return int(get_currency_precision(currency))
    except Exception:  # an unknown code: two decimals, as ISO 4217 gives most currencies
        return 2


def _shifted(value: Decimal, places: int) -> Decimal:
    """`value` times 10**places, exactly (the digits stay, the exponent moves)."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # amounts are finite
    return Decimal((sign, digits, exponent + places))


def _decimals(value: Decimal) -> int:
    """How many decimals `value` needs once trailing zeros are dropped (0 for a whole number)."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if exponent >= 0:
        return 0
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(-exponent - zeros, 0)


@cache
def _symbols(babel: str, kind: str) -> tuple[str, str, str, str, str, int]:
    """(minus, group, decimal mark, prefix, suffix, group size) of Babel's `kind` pattern."""
    from babel import Locale
    from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol

    locale = Locale.parse(babel)
    pattern = (locale.percent_formats if kind == "percent" else locale.decimal_formats)[None]
    return (
        get_minus_sign_symbol(babel),
        get_group_symbol(babel),
        get_decimal_symbol(babel),
        pattern.prefix[0],
        pattern.suffix[0],
        pattern.grouping[0],
    )


def _localized(canonical: str, symbols: tuple[str, str, str, str, str, int]) -> str:
    """termlang's canonical number text (`-1_234.5`) with the locale's symbols and pattern."""
    minus, group, mark, prefix, suffix, size = symbols
    negative = canonical.startswith("-")
    whole, _, fraction = canonical.lstrip("-").partition(".")
    whole = whole.replace("_", "")
    groups = []
    while len(whole) > size:
        groups.append(whole[-size:])
        whole = whole[:-size]
    groups.append(whole)
    text = group.join(reversed(groups))
    if fraction:
        text += mark + fraction
    return f"{minus if negative else ''}{prefix}{text}{suffix}"


# ---------------------------------------------------------------------------- French articles


def de(np: str) -> str:
    """`de` + a noun phrase, with the article contracted: "du 11 septembre"."""
    for article, contracted in (("le ", "du "), ("les ", "des "), ("la ", "de la ")):
        if np.startswith(article):
            return contracted + np[len(article) :]
    if np.startswith("l'"):
        return "de " + np
    if np[:1].lower() in "aeiouéèêh":
        return "d'" + np
    return "de " + np


def a(np: str) -> str:
    """`à` + a noun phrase, with the article contracted: "au 31 décembre"."""
    for article, contracted in (("le ", "au "), ("les ", "aux ")):
        if np.startswith(article):
            return contracted + np[len(article) :]
    return "à " + np


_ELIDED = frozenset({"de", "le", "la", "que"})
# a vowel; not h (mute or aspirated cannot be told in a name: "de Helix" stays) nor y
_VOWELS = "aeiouàâéèêëîïôûAEIOUÀÂÉÈÊËÎÏÔÛ"
# Where a label is inserted into a French template, `SLOT` marks its start (render/reasons.py)
SLOT = "\x00"
_SLOT_ELISION = re.compile(rf"(?<![\w'’])(de|le|la|que|De|Le|La|Que) {SLOT}(?=[{_VOWELS}])")


def elide(before: str, word: str) -> str:
    """`before` + `word` with French elision where a label is inserted: "de " + "OpenAI" is
    "d'OpenAI", as le, la and que elide before a vowel ("qu'Acme"); "de Microsoft" stays."""
    if not before.endswith(" ") or word[:1] not in _VOWELS:
        return before + word
    rest, space, last = before[:-1].rpartition(" ")
    if last.lower() not in _ELIDED:
        return before + word
    return f"{rest}{space}{last[:-1]}'{word}"


def elide_slots(text: str) -> str:
    """`text` with French elision before each `SLOT` mark (a label's start), marks removed."""
    return _SLOT_ELISION.sub(lambda m: f"{m.group(1)[:-1]}'", text).replace(SLOT, "")
