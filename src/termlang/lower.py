"""Items to declarations: what each `key args { ... }` line means.

The grammar knows only items; this module knows the language. Each declaration kind has a
*schema*: its fields, what each field's arguments must look like, which are required and
which may repeat. Adding a clause kind is one schema and one model class.

Problems found here are about structure and values (an unknown field, a missing grantee,
`18 moths`, a currency that does not exist); names are checked later by `resolve`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Sequence
from datetime import date
from decimal import Decimal
from itertools import pairwise
from types import MappingProxyType
from typing import Any

import attrs

from termlang import ast, model
from termlang.codes import (
    BAD_VALUE,
    DUPLICATE_FIELD,
    MISSING_FIELD,
    UNKNOWN_DECLARATION,
    UNKNOWN_FIELD,
)
from termlang.diagnostics import Diagnostic, Label, Severity
from termlang.mechanics.allocation import ROUNDING_WORDS
from termlang.mechanics.daycount import DAY_COUNT_WORDS
from termlang.mechanics.penalty import BASIS_WORDS
from termlang.source import Span
from termlang.values import (
    ISO_CURRENCIES,
    Duration,
    DurationUnit,
    Money,
    Multiple,
    Percent,
    Period,
    Quantity,
    normalize_unit,
    parse_duration_unit,
    parse_period,
    suggest_unit,
)


class _Bad:
    """A value that could not be lowered; the problem has been reported already."""


BAD = _Bad()


@attrs.frozen
class Calendared:
    """A duration that names its holiday calendar: `5 business_days using uk_holidays`."""

    value: Duration
    calendar: str


# Past this length a word gets no suggestion: difflib's ratio costs up to the product of the
# two lengths, and 40 misspelt 9,000-character names against 300 such names took 71 s. No one
# types a name this long, so a suggestion for one would not be a typo fix anyway.
SUGGEST_MAX_CHARS = 100


def did_you_mean(word: str, candidates: Sequence[str]) -> str | None:
    """The closest candidate to a misspelt word, if one is close enough.

    Words longer than SUGGEST_MAX_CHARS get none. Candidates more than about twice as long
    as the word never match (difflib's length bound), so each comparison costs at most about
    SUGGEST_MAX_CHARS squared.
    """
    if len(word) > SUGGEST_MAX_CHARS:
        return None
    # difflib.get_close_matches(word, candidates, n=1, cutoff=0.7), with the same answer (the
    # highest ratio, ties to the greater name) but the costly ratio() computed only while a
    # candidate's upper bound, quick_ratio(), can still beat the best ratio found so far.
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    bounded: list[tuple[float, str]] = []
    for candidate in candidates:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= _CUTOFF:
            bound = matcher.quick_ratio()
            if bound >= _CUTOFF:
                bounded.append((bound, candidate))
    bounded.sort(reverse=True)
    best: tuple[float, str] | None = None
    for bound, candidate in bounded:
        if best is not None and bound < best[0]:
            break
        matcher.set_seq1(candidate)
        score = matcher.ratio()
        if score >= _CUTOFF and (best is None or (score, candidate) > best):
            best = (score, candidate)
    return best[1] if best is not None else None


_CUTOFF = 0.7


def _describe(expr: ast.Expr) -> str:
    """An expression in the author's words, for messages."""
    span = expr.span
    if span is not None:
        text = span.text
        if len(text) > 40:
            text = text[:37] + "..."
        return f"`{text}`"
    return "this value"


class Lowerer:
    def __init__(self, known_codes: Collection[str] | None = None) -> None:
        self.diagnostics: list[Diagnostic] = []
        # the codes an `allow` may name (termlang.checks.all_codes, which the pipeline passes
        # down: the checks sit above lowering); None lowers `allow` without checking its code
        self.known_codes = None if known_codes is None else sorted(known_codes)

    # ------------------------------------------------------------------ reporting
    def error(
        self,
        code: str,
        message: str,
        span: Span | None,
        *,
        help: str | None = None,
        labels: Sequence[Label] = (),
    ) -> _Bad:
        self.diagnostics.append(
            Diagnostic(
                code=code,
                severity=Severity.ERROR,
                message=message,
                span=span,
                labels=tuple(labels),
                help=help,
            )
        )
        return BAD

    def bad_value(self, item: ast.Item, expected: str, example: str) -> _Bad:
        span = item.args[0].span if item.args else item.key_span
        found = " ".join(_describe(a) for a in item.args) if item.args else "nothing"
        return self.error(
            BAD_VALUE,
            f"`{item.key}` expects {expected}, found {found}",
            span if item.args else item.span,
            help=f"write it like `{item.key} {example}`",
        )

    # ------------------------------------------------------------------ single values
    def one(self, item: ast.Item, expected: str, example: str) -> ast.Expr | _Bad:
        if len(item.args) != 1:
            if len(item.args) > 1:
                extra = item.args[1]
                return self.error(
                    BAD_VALUE,
                    f"`{item.key}` takes one value, found {len(item.args)}",
                    extra.span,
                    help=f"write it like `{item.key} {example}`; put each field on its own line",
                )
            return self.bad_value(item, expected, example)
        if item.block is not None:
            self.error(
                BAD_VALUE,
                f"`{item.key}` takes no block",
                item.block_span,
                help=f"write it like `{item.key} {example}`",
            )
        return item.args[0]

    def name_of(self, expr: ast.Expr, item: ast.Item, what: str = "a name") -> str | _Bad:
        if isinstance(expr, ast.Ref):
            return expr.name
        return self.error(
            BAD_VALUE,
            f"`{item.key}` expects {what}, found {_describe(expr)}",
            expr.span,
            help="names are written without quotes, like `microsoft`",
        )

    def conv_name(self, item: ast.Item) -> str | _Bad:
        expr = self.one(item, "a name", "microsoft")
        if isinstance(expr, _Bad):
            return expr
        return self.name_of(expr, item)

    def conv_names(self, item: ast.Item) -> tuple[str, ...] | _Bad:
        if not item.args:
            return self.bad_value(item, "one or more names", "a, b")
        exprs: list[ast.Expr] = []
        for arg in item.args:
            if isinstance(arg, ast.ListExpr):
                exprs.extend(arg.items)
            else:
                exprs.append(arg)
        if len(item.args) > 1 and not all(isinstance(a, ast.ListExpr) for a in item.args[1:]):
            return self.error(
                BAD_VALUE,
                f"`{item.key}` expects names separated by commas",
                item.args[1].span,
                help=f"write it like `{item.key} a, b`",
            )
        names: list[str] = []
        for expr in exprs:
            name = self.name_of(expr, item)
            if isinstance(name, _Bad):
                return name
            names.append(name)
        return tuple(names)

    def conv_string(self, item: ast.Item) -> str | _Bad:
        expr = self.one(item, "a string", '"..."')
        if isinstance(expr, _Bad):
            return expr
        if isinstance(expr, ast.StringLit):
            return expr.value
        return self.error(
            BAD_VALUE,
            f"`{item.key}` expects a string, found {_describe(expr)}",
            expr.span,
            help=f'put the text between double quotes: `{item.key} "..."`',
        )

    def conv_date(self, item: ast.Item) -> date | _Bad:
        expr = self.one(item, "a date", "2025-09-11")
        if isinstance(expr, _Bad):
            return expr
        if isinstance(expr, ast.DateLit):
            return expr.value
        return self.error(
            BAD_VALUE,
            f"`{item.key}` expects a date, found {_describe(expr)}",
            expr.span,
            help="write dates as YYYY-MM-DD",
        )

    def check_date_expr(self, expr: ast.Expr, item: ast.Item) -> bool:
        """A date expression: a date, an event or named date, an offset, earliest/latest."""
        match expr:
            case ast.DateLit() | ast.Ref():
                return True
            case ast.Offset(base=base, amount=amount):
                if not self.check_date_expr(base, item):
                    return False
                return not isinstance(self.duration_of(amount, item), _Bad)
            case ast.Call(func=func, args=args) if func in ("earliest", "latest"):
                if not args:
                    self.error(
                        BAD_VALUE,
                        f"`{func}` needs at least one date",
                        expr.span,
                        help=f"write it like `{func}(2032-12-31, agi_declared)`",
                    )
                    return False
                return all(self.check_date_expr(a, item) for a in args)
            case ast.Call(func=func):
                suggestion = did_you_mean(func, ["earliest", "latest"])
                self.error(
                    BAD_VALUE,
                    f"unknown date function `{func}`",
                    expr.func_span or expr.span,
                    help=f"did you mean `{suggestion}`?"
                    if suggestion
                    else "the date functions are `earliest(...)` and `latest(...)`",
                )
                return False
        self.error(
            BAD_VALUE,
            f"`{item.key}` expects a date, found {_describe(expr)}",
            expr.span,
            help="a date is `2025-09-11`, an event, `effective`, `long_stop`, an offset like "
            "`effective + 18 months`, or `earliest(...)` / `latest(...)`",
        )
        return False

    def no_calendar(self, item: ast.Item) -> _Bad | None:
        """`using CALENDAR` after a date: calendars belong to duration fields only."""
        if (
            len(item.args) >= 2
            and isinstance(item.args[1], ast.Ref)
            and item.args[1].name == "using"
        ):
            return self.error(
                BAD_VALUE,
                f"`{item.key}` is a date, and a date cannot name a holiday calendar",
                item.args[1].span,
                help="`using` follows a duration field (`within 5 business_days using "
                "uk_holidays`); business days in a date skip weekends only, so write the date "
                "itself, or a deadline as a trigger and `within` a duration",
            )
        return None

    def conv_date_expr(self, item: ast.Item) -> ast.Expr | _Bad:
        if (bad := self.no_calendar(item)) is not None:
            return bad
        expr = self.one(item, "a date", "effective + 18 months")
        if isinstance(expr, _Bad):
            return expr
        return expr if self.check_date_expr(expr, item) else BAD

    def conv_window(self, item: ast.Item) -> model.Window | _Bad:
        if (bad := self.no_calendar(item)) is not None:
            return bad
        expr = self.one(item, "a window", "2025-09-11 .. 2030-12-31")
        if isinstance(expr, _Bad):
            return expr
        if not isinstance(expr, ast.Range):
            return self.error(
                BAD_VALUE,
                f"`{item.key}` expects a window, found {_describe(expr)}",
                expr.span,
                help=f"write it like `{item.key} 2025-09-11 .. 2030-12-31` (or `effective ..` "
                "for no end)",
            )
        ok = self.check_date_expr(expr.start, item)
        if expr.end is not None:
            ok = self.check_date_expr(expr.end, item) and ok
        return model.Window(start=expr.start, end=expr.end) if ok else BAD

    def check_condition(self, expr: ast.Expr, item: ast.Item) -> bool:
        match expr:
            case ast.Ref():
                return True
            case ast.Not(operand=operand):
                return self.check_condition(operand, item)
            case ast.And(left=left, right=right) | ast.Or(left=left, right=right):
                return self.check_condition(left, item) & self.check_condition(right, item)
            case ast.TimeRel(left=left, right=right):
                ok = True
                if left is not None and not isinstance(left, ast.Ref):
                    self.error(
                        BAD_VALUE,
                        f"only an event can happen before or after a date, found {_describe(left)}",
                        left.span,
                        help="write it like `regulatory_approval before 2026-12-31`",
                    )
                    ok = False
                return self.check_date_expr(right, item) and ok
            case ast.Compare(left=ast.Call(func=func)) if func in AGGREGATES:
                return True  # checked when built (aggregate_item)
            case ast.Compare(left=left, right=right):
                if not (isinstance(left, ast.Call) and left.func in METRICS):
                    self.error(
                        BAD_VALUE,
                        f"a threshold compares a metric, found {_describe(left)}",
                        left.span,
                        help="write it like `cumulative_revenue(api) >= USD 100B`; the "
                        f"metrics are {', '.join(f'`{m}`' for m in sorted(METRICS))}",
                    )
                    return False
                if len(left.args) != 1 or not isinstance(left.args[0], ast.Ref):
                    self.error(
                        BAD_VALUE,
                        f"`{left.func}` takes one revenue stream",
                        left.span,
                        help=f"write it like `{left.func}(api)`",
                    )
                    return False
                if not isinstance(right, ast.MoneyLit):
                    self.error(
                        BAD_VALUE,
                        f"a revenue threshold is an amount, found {_describe(right)}",
                        right.span,
                        help="write it like `USD 100B`",
                    )
                    return False
                return not isinstance(self.money_of(right), _Bad)
            case ast.Call(func=func, args=args) if func in CLAUSE_PREDICATES:
                if len(args) != 1 or not isinstance(args[0], ast.Ref):
                    self.error(
                        BAD_VALUE,
                        f"`{func}` takes one clause name",
                        expr.span,
                        help=f"write it like `{func}(clause_name)`",
                    )
                    return False
                return True
            case ast.Call(func=func):
                suggestion = did_you_mean(func, sorted(CLAUSE_PREDICATES | METRICS))
                self.error(
                    BAD_VALUE,
                    f"unknown condition `{func}`",
                    expr.func_span or expr.span,
                    help=f"did you mean `{suggestion}`?"
                    if suggestion
                    else "conditions are events, `not`/`and`/`or`, `before`/`after` a date, "
                    "clause states like `ended(x)`, and revenue thresholds",
                )
                return False
        self.error(
            BAD_VALUE,
            f"`{item.key}` expects a condition, found {_describe(expr)}",
            expr.span,
            help="a condition is an event, `not x`, `x and y`, `x or y`, `x before 2026-12-31`, "
            "`ended(clause)` or `cumulative_revenue(api) >= USD 100B`",
        )
        return False

    def conv_condition(self, item: ast.Item) -> ast.Expr | _Bad:
        built = aggregate_item(self, item)
        if built is None:
            return BAD
        expr = self.one(built, "a condition", "restructuring_completed")
        if isinstance(expr, _Bad):
            return expr
        return expr if self.check_condition(expr, item) else BAD

    def duration_of(self, expr: ast.Expr, item: ast.Item) -> Duration | _Bad:
        if isinstance(expr, ast.QuantityLit):
            unit = parse_duration_unit(expr.unit)
            if unit is not None:
                if expr.amount != expr.amount.to_integral_value():
                    return self.error(
                        BAD_VALUE,
                        f"a duration is a whole number of {unit.name.lower()}s, found "
                        f"{_describe(expr)}",
                        expr.span,
                        help="use a smaller unit, like `45 days` instead of `1.5 months`",
                    )
                return Duration(int(expr.amount), unit)
            suggestion = did_you_mean(
                expr.unit,
                [
                    "day",
                    "days",
                    "week",
                    "weeks",
                    "month",
                    "months",
                    "quarter",
                    "quarters",
                    "year",
                    "years",
                    "business_days",
                ],
            )
            return self.error(
                BAD_VALUE,
                f"unknown duration unit `{expr.unit}`",
                expr.span,
                help=f"did you mean `{suggestion}`?"
                if suggestion
                else "durations are in days, weeks, months, quarters, years or business_days",
            )
        return self.error(
            BAD_VALUE,
            f"`{item.key}` expects a duration, found {_describe(expr)}",
            expr.span,
            help="write it like `6 months` or `90 days`",
        )

    def conv_duration(self, item: ast.Item) -> Duration | Calendared | _Bad:
        """`6 months`, or `5 business_days using uk_holidays` (a holiday calendar)."""
        args = item.args
        if len(args) >= 2 and isinstance(args[1], ast.Ref) and args[1].name == "using":
            if len(args) != 3 or not isinstance(args[2], ast.Ref) or len(args[2].parts) != 1:
                return self.error(
                    BAD_VALUE,
                    "`using` names a holiday calendar",
                    args[1].span,
                    help=f"write it like `{item.key} 5 business_days using uk_holidays`",
                )
            duration = self.duration_of(args[0], item)
            if isinstance(duration, _Bad):
                return duration
            if duration.unit is not DurationUnit.BUSINESS_DAY:
                return self.error(
                    BAD_VALUE,
                    f"a holiday calendar only changes business days, not {_describe(args[0])}",
                    args[1].span,
                    help=f"count in business days (`{item.key} 5 business_days using "
                    f"{args[2].name}`) or drop `using {args[2].name}`",
                )
            return Calendared(duration, args[2].name)
        expr = self.one(item, "a duration", "6 months")
        if isinstance(expr, _Bad):
            return expr
        return self.duration_of(expr, item)

    def money_of(self, expr: ast.Expr) -> Money | _Bad:
        if not isinstance(expr, ast.MoneyLit):
            return self.error(
                BAD_VALUE,
                f"expected an amount, found {_describe(expr)}",
                expr.span,
                help="write amounts with an ISO currency code, like `USD 13B`",
            )
        if expr.currency not in ISO_CURRENCIES:
            suggestion = did_you_mean(expr.currency, sorted(ISO_CURRENCIES))
            return self.error(
                BAD_VALUE,
                f"unknown currency `{expr.currency}`",
                expr.span,
                help=f"did you mean `{suggestion}`? currencies are ISO 4217 codes"
                if suggestion
                else "currencies are ISO 4217 codes, like `USD`, `EUR`, `JPY`",
            )
        return Money(expr.currency, expr.amount)

    def conv_money(self, item: ast.Item) -> Money | _Bad:
        expr = self.one(item, "an amount", "USD 13B")
        if isinstance(expr, _Bad):
            return expr
        return self.money_of(expr)

    def percent_of(self, expr: ast.Expr, item: ast.Item) -> Percent | _Bad:
        if isinstance(expr, ast.PercentLit):
            return Percent(expr.value)
        return self.error(
            BAD_VALUE,
            f"`{item.key}` expects a percentage, found {_describe(expr)}",
            expr.span,
            help="write it like `20%` or `12.5%`",
        )

    def conv_percent(self, item: ast.Item) -> Percent | _Bad:
        expr = self.one(item, "a percentage", "20%")
        if isinstance(expr, _Bad):
            return expr
        return self.percent_of(expr, item)

    def multiple_of(self, expr: ast.Expr, item: ast.Item) -> Multiple | _Bad:
        if isinstance(expr, ast.QuantityLit) and expr.unit == "x":
            return Multiple(expr.amount)
        return self.error(
            BAD_VALUE,
            f"`{item.key}` expects a multiple, found {_describe(expr)}",
            expr.span,
            help="write it like `100x`",
        )

    def conv_multiple(self, item: ast.Item) -> Multiple | _Bad:
        expr = self.one(item, "a multiple", "100x")
        if isinstance(expr, _Bad):
            return expr
        return self.multiple_of(expr, item)

    def quantity_of(self, expr: ast.Expr, item: ast.Item) -> Quantity | _Bad:
        if isinstance(expr, ast.QuantityLit):
            info = normalize_unit(expr.unit)
            if info is not None:
                return Quantity(expr.amount, info.canonical)
            suggestion = suggest_unit(expr.unit)
            return self.error(
                BAD_VALUE,
                f"unknown unit `{expr.unit}`",
                expr.span,
                help=f"did you mean `{suggestion}`?"
                if suggestion
                else "units include GPUs, MW, GW, MWh and the like",
            )
        return self.error(
            BAD_VALUE,
            f"`{item.key}` expects a quantity with a unit, found {_describe(expr)}",
            expr.span,
            help="write it like `50_000 GPUs` or `1.5 GW`",
        )

    def conv_quantity(self, item: ast.Item) -> Quantity | _Bad:
        expr = self.one(item, "a quantity", "50_000 GPUs")
        if isinstance(expr, _Bad):
            return expr
        return self.quantity_of(expr, item)

    def word(self, item: ast.Item, options: Sequence[str], example: str) -> str | _Bad:
        expr = self.one(item, f"one of {_words(options)}", example)
        if isinstance(expr, _Bad):
            return expr
        if isinstance(expr, ast.Ref) and expr.name in options:
            return expr.name
        found = expr.name if isinstance(expr, ast.Ref) else None
        suggestion = did_you_mean(found, options) if found else None
        return self.error(
            BAD_VALUE,
            f"`{item.key}` must be one of {_words(options)}, found {_describe(expr)}",
            expr.span,
            help=f"did you mean `{suggestion}`?" if suggestion else None,
        )

    def conv_bool(self, item: ast.Item) -> bool | _Bad:
        if not item.args:
            return True  # a bare flag: `default`
        value = self.word(item, ["yes", "no", "true", "false"], "yes")
        if isinstance(value, _Bad):
            return value
        return value in ("yes", "true")

    # ------------------------------------------------------------------ declarations
    def lower_file(self, file: ast.File) -> list[Any]:
        decls: list[Any] = []
        for item in file.items:
            spec = DECLARATIONS.get(item.key)
            if spec is None:
                suggestion = did_you_mean(item.key, sorted(DECLARATIONS))
                self.error(
                    UNKNOWN_DECLARATION,
                    f"unknown declaration `{item.key}`",
                    item.key_span,
                    help=f"did you mean `{suggestion}`?"
                    if suggestion
                    else f"a file declares {_words(sorted(DECLARATIONS))}",
                )
                continue
            decl = spec(self, item)
            if not isinstance(decl, _Bad) and decl is not None:
                decls.append(decl)
        return decls

    def head(
        self, item: ast.Item, *, named: bool = True, inline: Sequence[str] = ()
    ) -> tuple[str | None, str | None, Span | None, list[ast.Item]] | _Bad:
        """`KIND name "label" key value ...`: the name, the label and inline fields."""
        args = list(item.args)
        name = None
        name_span = None
        if named:
            if not args or not isinstance(args[0], ast.Ref) or len(args[0].parts) != 1:
                return self.error(
                    BAD_VALUE,
                    f"`{item.key}` needs a name",
                    args[0].span if args else item.key_span,
                    help=f'write it like `{item.key} my_name "Readable label" {{ ... }}`',
                )
            name = args[0].name
            name_span = args[0].span
            args = args[1:]
        label = None
        if args and isinstance(args[0], ast.StringLit):
            label = args[0].value
            args = args[1:]
        extra: list[ast.Item] = []
        while args:
            key = args[0]
            if not isinstance(key, ast.Ref) or key.name not in inline or len(args) < 2:
                hint = f"after the name and label, `{item.key}` takes " + (
                    _words([f"{k} ..." for k in inline]) if inline else "only a block"
                )
                return self.error(
                    BAD_VALUE,
                    f"unexpected {_describe(key)} in the `{item.key}` line",
                    key.span,
                    help=hint,
                )
            value = args[1]
            span = key.span.to(value.span) if key.span and value.span else key.span
            extra.append(ast.Item(key=key.name, args=(value,), span=span, key_span=key.span))
            args = args[2:]
        return name, label, name_span, extra

    def fields(
        self,
        item: ast.Item,
        kind: str,
        schema: Schema,
        extra: Sequence[ast.Item] = (),
        *,
        name: str | None = None,
        name_span: Span | None = None,
    ) -> tuple[dict[str, Any], dict[str, Span]] | _Bad:
        """Lower the block of `item` (and inline fields) against `schema`."""
        values: dict[str, Any] = {}
        spans: dict[str, Span] = {}
        seen: dict[str, ast.Item] = {}
        ok = True
        items = _split_run_on(list(extra) + list(item.block or ()), schema)
        for sub in items:
            spec = schema.get(sub.key)
            if spec is None:
                suggestion = did_you_mean(sub.key, sorted(schema))
                self.error(
                    UNKNOWN_FIELD,
                    f"unknown field `{sub.key}` in `{kind}`",
                    sub.key_span,
                    help=f"did you mean `{suggestion}`?"
                    if suggestion
                    else f"`{kind}` takes {_words(sorted(schema))}",
                )
                ok = False
                continue
            if not spec.many and sub.key in seen:
                first = seen[sub.key]
                self.error(
                    DUPLICATE_FIELD,
                    f"`{sub.key}` is set twice",
                    sub.key_span,
                    labels=[Label(span=first.span, message="first set here")] if first.span else [],
                    help="keep one of the two lines",
                )
                ok = False
                continue
            seen[sub.key] = sub
            value = spec.convert(self, sub)
            if isinstance(value, _Bad):
                ok = False
                continue
            attr = spec.attr or sub.key
            if isinstance(value, Calendared):
                values.setdefault("calendars", []).append((attr, value.calendar))
                value = value.value
            if spec.many:
                values.setdefault(attr, []).append(value)
            else:
                values[attr] = value
            # spans go under the public field name: an internal attribute (`_rate`, `_cap`,
            # `_until`: one line that sets several model attributes) is the key's own line
            where = sub.key if attr.startswith("_") else attr
            if sub.span is not None and where not in spans:
                spans[where] = sub.span
        for key, spec in schema.items():
            if spec.required and key not in seen:
                what = f"`{kind}` `{name}`" if name else f"`{kind}`"
                self.error(
                    MISSING_FIELD,
                    f"{what} has no `{key}`",
                    name_span or item.key_span,
                    help=f"add a line `{key} {spec.example}`",
                )
                ok = False
        for key, spec in schema.items():
            if spec.many:
                values[spec.attr or key] = tuple(values.get(spec.attr or key, ()))
        if "calendars" in values:
            values["calendars"] = tuple(values["calendars"])
        if not ok:
            return BAD
        return values, spans


def _split_run_on(items: list[ast.Item], schema: Schema) -> list[ast.Item]:
    """Fields written on one line without `;`: `{ kind mou  effective 2025-09-11 }`.

    Such a line parses as one item whose arguments include the next field's key. When a
    field's arguments (after its first) hold a bare name that is a field of the same block,
    that name starts a new field; a block at the end of the line belongs to the last one.
    """
    out: list[ast.Item] = []
    for sub in items:
        cuts = [
            i
            for i, arg in enumerate(sub.args)
            if i >= 1 and isinstance(arg, ast.Ref) and len(arg.parts) == 1 and arg.name in schema
        ]
        if sub.key not in schema or not cuts:
            out.append(sub)
            continue
        bounds = [0, *cuts, len(sub.args)]
        for n, (start, stop) in enumerate(pairwise(bounds)):
            last = n == len(bounds) - 2
            if n == 0:
                key, key_span, args = sub.key, sub.key_span, sub.args[start:stop]
            else:
                head = sub.args[start]
                assert isinstance(head, ast.Ref)
                key, key_span, args = head.name, head.span, sub.args[start + 1 : stop]
            first = key_span
            end = (args[-1].span if args else key_span) if not last else None
            span = sub.span
            if first is not None and end is not None:
                span = first.to(end)
            elif first is not None and sub.span is not None:
                span = first.to(sub.span)
            out.append(
                ast.Item(
                    key=key,
                    args=args,
                    block=sub.block if last else None,
                    span=span,
                    key_span=key_span,
                    block_span=sub.block_span if last else None,
                )
            )
    return out


def _words(options: Sequence[str]) -> str:
    quoted = [f"`{o}`" for o in options]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


METRICS = frozenset({"revenue", "cumulative_revenue"})
CLAUSE_PREDICATES = frozenset(
    {
        "active",
        "ended",
        "expired",
        "terminated",
        "lapsed",
        "breached",
        "fulfilled",
        "funded",
        "started",
        "suspended",
        "cap_reached",
    }
)


# ---------------------------------------------------------------------------- schemas


@attrs.frozen
class Field:
    convert: Callable[[Lowerer, ast.Item], Any]
    required: bool = False
    many: bool = False
    attr: str | None = None  # the model attribute, when it differs from the key
    example: str = "..."


Schema = MappingProxyType[str, "Field"]  # a read-only mapping of field key to Field


def _schema(**fields: Field) -> MappingProxyType[str, Field]:
    return MappingProxyType(fields)


NAME = Field(Lowerer.conv_name, example="party_name")
NAMES = Field(Lowerer.conv_names, example="a, b")
STRING = Field(Lowerer.conv_string, example='"..."')
NOTE = Field(Lowerer.conv_string, example='"..."')
DATE_EXPR = Field(Lowerer.conv_date_expr, example="2026-06-30")
WINDOW = Field(Lowerer.conv_window, example="effective .. 2030-12-31")
CONDITION = Field(Lowerer.conv_condition, example="restructuring_completed")
DURATION = Field(Lowerer.conv_duration, example="6 months")
MONEY = Field(Lowerer.conv_money, example="USD 13B")
PERCENT = Field(Lowerer.conv_percent, example="20%")
MULTIPLE = Field(Lowerer.conv_multiple, example="100x")
QUANTITY = Field(Lowerer.conv_quantity, example="50_000 GPUs")


def _req(f: Field) -> Field:
    return attrs.evolve(f, required=True)


def _many(f: Field, attr: str | None = None) -> Field:
    return attrs.evolve(f, many=True, attr=attr)


def _as(f: Field, attr: str) -> Field:
    return attrs.evolve(f, attr=attr)


# -- converters for fields with their own shapes


def conv_binding(lw: Lowerer, item: ast.Item) -> tuple[bool, tuple[str, ...]] | _Bad:
    args = item.args
    if not args or not isinstance(args[0], ast.Ref) or args[0].name not in ("yes", "no"):
        return lw.bad_value(item, "`yes` or `no`", "no except exclusivity, confidentiality")
    binding = args[0].name == "yes"
    if len(args) == 1:
        return binding, ()
    if not isinstance(args[1], ast.Ref) or args[1].name != "except" or len(args) != 3:
        return lw.error(
            BAD_VALUE,
            "expected `except` and the clauses that bind anyway",
            args[1].span,
            help="write it like `binding no except exclusivity, confidentiality`",
        )
    if binding:
        return lw.error(
            BAD_VALUE,
            "`binding yes except ...` is not supported",
            args[1].span,
            help="a binding document binds every clause; list the exceptions of a "
            "non-binding one with `binding no except ...`",
        )
    names = lw.conv_names(ast.Item(key="except", args=(args[2],), span=args[2].span))
    if isinstance(names, _Bad):
        return names
    return binding, names


def conv_expected(lw: Lowerer, item: ast.Item) -> tuple[ast.Expr, ast.Expr] | _Bad:
    """`expected between A and B`: if the event happens, it does so on a day from A to B."""
    args = item.args
    if (
        len(args) != 2
        or not isinstance(args[0], ast.Ref)
        or args[0].name != "between"
        or not isinstance(args[1], ast.And)
    ):
        return lw.bad_value(item, "`between` two dates", "between 2026-03-01 and 2026-06-30")
    first, last = args[1].left, args[1].right
    ok = lw.check_date_expr(first, item)
    ok = lw.check_date_expr(last, item) and ok
    return (first, last) if ok else BAD


def conv_allow(lw: Lowerer, item: ast.Item) -> model.Allow | _Bad:
    args = item.args
    if len(args) != 2 or not isinstance(args[0], ast.Ref) or not isinstance(args[1], ast.StringLit):
        return lw.bad_value(item, "a check code and the reason", 'TL420 "agreed with counsel"')
    code = args[0].name
    codes = lw.known_codes
    if codes is not None and code not in codes:
        suggestion = did_you_mean(code, codes)
        return lw.error(
            BAD_VALUE,
            f"unknown check code `{code}`",
            args[0].span,
            help=f"did you mean `{suggestion}`?"
            if suggestion
            else "`termlang explain` lists codes",
        )
    if not args[1].value.strip():
        return lw.error(
            BAD_VALUE,
            "a suppression needs a reason",
            args[1].span,
            help="say why this finding does not apply; summaries quote it",
        )
    return model.Allow(code=code, reason=args[1].value, span=item.span)


def conv_share(lw: Lowerer, item: ast.Item) -> model.Share | _Bad:
    args = item.args
    if len(args) != 2 or not isinstance(args[0], ast.Ref):
        return lw.bad_value(item, "a party and a percentage", "openai 51%")
    percent = lw.percent_of(args[1], item)
    if isinstance(percent, _Bad):
        return percent
    return model.Share(
        party=args[0].name,
        percent=percent,
        span=item.span,
        name_span=args[0].span,
        spans=MappingProxyType({"percent": args[1].span}) if args[1].span else MappingProxyType({}),
    )


def conv_tier(lw: Lowerer, item: ast.Item) -> model.Tier | _Bad:
    args = item.args
    if (
        len(args) != 1
        or not isinstance(args[0], ast.TimeRel)
        or args[0].op != "after"
        or not isinstance(args[0].left, ast.Ref)
    ):
        return lw.bad_value(item, "a grantee and a delay", "azure_customers after 3 months")
    delay = lw.duration_of(args[0].right, item)
    if isinstance(delay, _Bad):
        return delay
    return model.Tier(
        grantee=args[0].left.name, after=delay, span=item.span, name_span=args[0].left.span
    )


def conv_carve_cap(lw: Lowerer, item: ast.Item) -> tuple[Percent, str | None] | _Bad:
    args = item.args
    if not args:
        return lw.bad_value(item, "a percentage", "20% of compute")
    percent = lw.percent_of(args[0], item)
    if isinstance(percent, _Bad):
        return percent
    if len(args) == 1:
        return percent, None
    if (
        len(args) == 3
        and isinstance(args[1], ast.Ref)
        and args[1].name == "of"
        and isinstance(args[2], ast.Ref)
    ):
        return percent, args[2].name
    return lw.bad_value(item, "a percentage, optionally `of` what", "20% of compute")


def conv_revenue_cap(
    lw: Lowerer, item: ast.Item
) -> tuple[Money | None, Multiple | None, str | None] | _Bad:
    args = item.args
    if len(args) == 1 and isinstance(args[0], ast.MoneyLit):
        money = lw.money_of(args[0])
        return money if isinstance(money, _Bad) else (money, None, None)
    if (
        len(args) == 3
        and isinstance(args[1], ast.Ref)
        and args[1].name == "of"
        and isinstance(args[2], ast.Ref)
    ):
        multiple = lw.multiple_of(args[0], item)
        if isinstance(multiple, _Bad):
            return multiple
        return None, multiple, args[2].name
    return lw.bad_value(item, "an amount or a multiple of an investment", "10x of msft_investment")


def conv_target(lw: Lowerer, item: ast.Item) -> model.Target | _Bad:
    args = item.args
    if not args or not isinstance(args[0], ast.Compare) or not isinstance(args[0].left, ast.Ref):
        return lw.bad_value(item, "a metric, a comparison and a value", "pue <= 1.2")
    cmp = args[0]
    right = cmp.right
    value: Any
    if isinstance(right, ast.NumberLit):
        value = right.value
    elif isinstance(right, ast.PercentLit):
        value = Percent(right.value)
    elif isinstance(right, ast.QuantityLit):
        value = lw.quantity_of(right, item)
    elif isinstance(right, ast.MoneyLit):
        value = lw.money_of(right)
    else:
        return lw.bad_value(item, "a number, a percentage or a quantity", "pue <= 1.2")
    if isinstance(value, _Bad):
        return value
    assert isinstance(cmp.left, ast.Ref)
    by = None
    rest = args[1:]
    if rest:
        if len(rest) != 2 or not isinstance(rest[0], ast.Ref) or rest[0].name != "by":
            return lw.bad_value(
                item, "an optional `by DATE` after the target", "pue <= 1.2 by 2027-01-01"
            )
        if not lw.check_date_expr(rest[1], item):
            return BAD
        by = rest[1]
    return model.Target(
        metric=cmp.left.name,
        op=cmp.op,
        value=value,
        by=by,
        span=item.span,
        name_span=cmp.left.span,
    )


def conv_consequence(lw: Lowerer, item: ast.Item) -> model.Consequence | _Bad:
    args = item.args
    actions = ("suspend", "terminate")
    if len(args) != 2 or not isinstance(args[0], ast.Ref) or args[0].name not in actions:
        return lw.bad_value(
            item, "`suspend` or `terminate` and the clauses", "suspend priority_access"
        )
    names = lw.conv_names(ast.Item(key=item.key, args=(args[1],), span=item.span))
    if isinstance(names, _Bad):
        return names
    return model.Consequence(action=args[0].name, clauses=names, span=item.span)


def conv_exercise(lw: Lowerer, item: ast.Item) -> model.Consequence | _Bad:
    """An option's consequence on exercise (evaluate/options.py): `renew TERM DURATION`,
    `terminate CLAUSE, ...` (or `agreement`), `buy PAYMENT`."""
    args = item.args
    head = args[0] if args else None
    action = head.name if isinstance(head, ast.Ref) else None
    shape = {"renew": 3, "terminate": 2, "buy": 2}
    if action not in shape or len(args) != shape[action]:
        return lw.bad_value(
            item,
            "`renew` a term and the extension, `terminate` clauses or `buy` a payment",
            "renew licence_term 2 years",
        )
    names = lw.conv_names(ast.Item(key=item.key, args=(args[1],), span=item.span))
    if isinstance(names, _Bad):
        return names
    by = lw.duration_of(args[2], item) if action == "renew" else None
    if isinstance(by, _Bad):
        return by
    return model.Consequence(action=action, clauses=names, by=by, span=item.span)


def conv_period(lw: Lowerer, item: ast.Item) -> DurationUnit | _Bad:
    word = lw.word(item, ["month", "quarter", "year"], "quarter")
    if isinstance(word, _Bad):
        return word
    unit = parse_duration_unit(word)
    assert unit is not None
    return unit


def conv_kind(lw: Lowerer, item: ast.Item) -> str | _Bad:
    return lw.word(item, ["mou", "term_sheet", "definitive"], "mou")


def conv_instrument(lw: Lowerer, item: ast.Item) -> str | _Bad:
    expr = lw.one(item, "a name or a string", "equity")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.Ref):
        return expr.name
    if isinstance(expr, ast.StringLit):
        return expr.value
    return lw.bad_value(item, "a name or a string", "equity")


def conv_capacity_entry(lw: Lowerer, item: ast.Item) -> Quantity | _Bad:
    return lw.conv_quantity(item)


def conv_date_rule(lw: Lowerer, item: ast.Item) -> str | _Bad:
    return lw.word(item, ["clamp"], "clamp")


def conv_excludes(lw: Lowerer, item: ast.Item) -> tuple[str, ...] | _Bad:
    """`excludes exclusivity, first_refusal`: clause kinds the agreement states it has none of."""
    kinds = lw.conv_names(item)
    if isinstance(kinds, _Bad):
        return kinds
    for kind in kinds:
        if kind not in CLAUSES:
            suggestion = did_you_mean(kind, list(CLAUSES))
            return lw.error(
                BAD_VALUE,
                f"`excludes` names kinds of clause, and `{kind}` is not one",
                item.span,
                help=f"did you mean `{suggestion}`?"
                if suggestion
                else "write it like `excludes exclusivity`",
            )
    return kinds


# -- converters of the financing mechanics (see docs/mechanics.md)


def conv_survives(lw: Lowerer, item: ast.Item) -> Duration | bool | _Bad:
    """`survives 2 years`, `survives yes` (indefinitely) or `survives no`."""
    expr = lw.one(item, "a duration, `yes` or `no`", "2 years")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.Ref) and expr.name in ("yes", "no"):
        return expr.name == "yes"
    if isinstance(expr, ast.QuantityLit):
        return lw.duration_of(expr, item)
    return lw.bad_value(item, "a duration, `yes` or `no`", "2 years")


def conv_count(lw: Lowerer, item: ast.Item) -> int | _Bad:
    """A whole number of times, at least 1 (`renewals 2`)."""
    expr = lw.one(item, "a whole number", "2")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.NumberLit) and expr.value == int(expr.value) and expr.value >= 1:
        return int(expr.value)
    return lw.bad_value(item, "a whole number of at least 1", "2")


def word_field(options: Sequence[str], example: str) -> Callable[[Lowerer, ast.Item], Any]:
    def convert(lw: Lowerer, item: ast.Item) -> str | _Bad:
        return lw.word(item, options, example)

    return convert


def conv_interest(lw: Lowerer, item: ast.Item) -> DurationUnit | _Bad | None:
    """`interest simple` or `interest compound quarter`."""
    args = item.args
    if len(args) == 1 and isinstance(args[0], ast.Ref) and args[0].name == "simple":
        return None
    if len(args) == 2 and isinstance(args[0], ast.Ref) and args[0].name == "compound":
        period = lw.word(
            ast.Item(key=item.key, args=args[1:], span=item.span),
            ["month", "quarter", "year"],
            "compound quarter",
        )
        if isinstance(period, _Bad):
            return period
        return parse_duration_unit(period)
    return lw.bad_value(item, "`simple` or `compound` and a period", "compound quarter")


def _of_word(args: Sequence[ast.Expr], at: int, word: str = "of") -> bool:
    if len(args) <= at:
        return False
    arg = args[at]
    return isinstance(arg, ast.Ref) and arg.name == word


def conv_until(
    lw: Lowerer, item: ast.Item
) -> tuple[Money | None, Multiple | None, str | None] | _Bad:
    """`until recouped X`, `until 10x of X` or `until USD 5B`."""
    args = item.args
    if len(args) == 1 and isinstance(args[0], ast.MoneyLit):
        money = lw.money_of(args[0])
        return money if isinstance(money, _Bad) else (money, None, None)
    if (
        len(args) == 2
        and isinstance(args[0], ast.Ref)
        and args[0].name == "recouped"
        and isinstance(args[1], ast.Ref)
    ):
        return None, Multiple(1), args[1].name
    if len(args) == 3 and _of_word(args, 1) and isinstance(args[2], ast.Ref):
        multiple = lw.multiple_of(args[0], item)
        if isinstance(multiple, _Bad):
            return multiple
        return None, multiple, args[2].name
    return lw.bad_value(
        item, "`recouped INVESTMENT`, a multiple of one, or an amount", "10x of msft_investment"
    )


def _per(lw: Lowerer, item: ast.Item, args: Sequence[ast.Expr]) -> Duration | _Bad:
    """The `per day` / `per 2 weeks` tail of a rate."""
    example = "0.1% of USD 5M per day"
    if len(args) != 2 or not _of_word(args, 0, "per"):
        return lw.bad_value(item, "an amount or a percentage `per` a period", example)
    unit = args[1]
    if isinstance(unit, ast.Ref) and len(unit.parts) == 1:
        found = parse_duration_unit(unit.name)
        if found is None or found is DurationUnit.BUSINESS_DAY:
            suggestion = did_you_mean(unit.name, ["day", "week", "month", "quarter", "year"])
            return lw.error(
                BAD_VALUE,
                f"a penalty accrues per day, week, month, quarter or year, found {_describe(unit)}",
                unit.span,
                help=f"did you mean `{suggestion}`?"
                if suggestion
                else f"write it like `{example}`",
            )
        return Duration(1, found)
    duration = lw.duration_of(unit, item)
    if isinstance(duration, _Bad):
        return duration
    if duration.unit is DurationUnit.BUSINESS_DAY or duration.amount == 0:
        return lw.error(
            BAD_VALUE,
            f"a penalty period is a positive number of days, weeks, months, quarters or years, "
            f"found {_describe(unit)}",
            unit.span,
            help=f"write it like `{example}` or `... per 2 weeks`",
        )
    return duration


def conv_penalty_rate(
    lw: Lowerer, item: ast.Item
) -> tuple[Money | None, Percent | None, Money | None, Duration] | _Bad:
    """`EUR 500 per day`, `0.1% of EUR 5M per day` or `1.5% per month` (of the late amount)."""
    args = item.args
    example = "0.1% of USD 5M per day"
    if not args:
        return lw.bad_value(item, "an amount or a percentage per period", example)
    first = args[0]
    if isinstance(first, ast.MoneyLit):
        money = lw.money_of(first)
        per = _per(lw, item, args[1:])
        if isinstance(money, _Bad) or isinstance(per, _Bad):
            return BAD
        return money, None, None, per
    if isinstance(first, ast.PercentLit):
        percent = Percent(first.value)
        base: Money | None = None
        rest = args[1:]
        if _of_word(rest, 0):
            if len(rest) < 2 or not isinstance(rest[1], ast.MoneyLit):
                return lw.error(
                    BAD_VALUE,
                    "a percentage rate is `of` an amount",
                    rest[0].span,
                    help=f"write it like `{example}`, or drop `of` to mean the late amount",
                )
            found = lw.money_of(rest[1])
            if isinstance(found, _Bad):
                return found
            base = found
            rest = rest[2:]
        per = _per(lw, item, rest)
        if isinstance(per, _Bad):
            return per
        return None, percent, base, per
    return lw.bad_value(item, "an amount or a percentage per period", example)


def conv_penalty_cap(lw: Lowerer, item: ast.Item) -> tuple[Money | None, Percent | None] | _Bad:
    """`cap USD 500K` or `cap 10%` (of the rate's base, or of the late amount)."""
    expr = lw.one(item, "an amount or a percentage", "USD 500K")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.PercentLit):
        return None, Percent(expr.value)
    money = lw.money_of(expr)
    return money if isinstance(money, _Bad) else (money, None)


def conv_threshold(lw: Lowerer, item: ast.Item) -> Duration | Money | _Bad:
    """`terminate_after 60 days` (of delay) or `terminate_after USD 100K` (accrued)."""
    expr = lw.one(item, "a duration or an amount", "60 days")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.MoneyLit):
        return lw.money_of(expr)
    return lw.duration_of(expr, item)


def conv_on_change_of_control(lw: Lowerer, item: ast.Item) -> Multiple | _Bad | None:
    """`repay` (the default) or a multiple of the purchase amount, `2x`."""
    expr = lw.one(item, "`repay` or a multiple", "2x")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.Ref) and expr.name == "repay":
        return None
    if isinstance(expr, ast.QuantityLit) and expr.unit == "x":
        return Multiple(expr.amount)
    return lw.bad_value(item, "`repay` or a multiple", "2x")


def conv_units(lw: Lowerer, item: ast.Item) -> str | _Bad:
    """`units tokens`: what a conversion issues (any unit name; default `shares`)."""
    expr = lw.one(item, "a unit name", "tokens")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.Ref):
        return expr.name
    return lw.bad_value(item, "a unit name", "tokens")


def conv_fractions(lw: Lowerer, item: ast.Item) -> tuple[str, int] | _Bad:
    """`fractions round_down`, `fractions nearest` or `fractions issue 18` (decimal places)."""
    args = item.args
    example = "round_down"
    if not args or not isinstance(args[0], ast.Ref):
        return lw.bad_value(item, "`round_down`, `nearest` or `issue` and places", example)
    word = lw.word(ast.Item(key=item.key, args=args[:1], span=item.span), FRACTION_WORDS, example)
    if isinstance(word, _Bad):
        return word
    if len(args) == 1:
        return word, 18 if word == "issue" else 0
    places = args[1]
    if (
        word == "issue"
        and len(args) == 2
        and isinstance(places, ast.NumberLit)
        and places.value == places.value.to_integral_value()
        and 0 <= places.value <= 36
    ):
        return word, int(places.value)
    return lw.bad_value(item, "`issue` and a number of decimal places (0 to 36)", "issue 18")


def conv_premium(lw: Lowerer, item: ast.Item) -> Percent | Multiple | _Bad:
    """`premium 100%` or `premium 1x`: of the principal, on a change of control."""
    expr = lw.one(item, "a percentage or a multiple", "100%")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.QuantityLit) and expr.unit == "x":
        return Multiple(expr.amount)
    return lw.conv_percent(item)


def conv_rank(lw: Lowerer, item: ast.Item) -> int | _Bad:
    """`rank 1`: priority on a dissolution (1 is paid first; equal ranks share pro rata)."""
    expr = lw.one(item, "a whole number", "1")
    if isinstance(expr, _Bad):
        return expr
    if (
        isinstance(expr, ast.NumberLit)
        and expr.value == expr.value.to_integral_value()
        and 1 <= expr.value <= 1000
    ):
        return int(expr.value)
    return lw.bad_value(item, "a whole number from 1", "1")


def conv_on_dissolution(lw: Lowerer, item: ast.Item) -> Money | Percent | _Bad:
    """`on_dissolution 80%` (of the purchase amount, the SAFT's Discount Rate) or an amount."""
    expr = lw.one(item, "a percentage or an amount", "80%")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.MoneyLit):
        return lw.money_of(expr)
    return lw.conv_percent(item)


def conv_consent(lw: Lowerer, item: ast.Item) -> Percent | str | _Bad:
    """`consent majority` (more than 50% of the class's principal) or `consent 66.67%`."""
    expr = lw.one(item, "`majority` or a percentage", "majority")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.Ref) and expr.name == "majority":
        return "majority"  # strictly more than half: a tie does not bind
    return lw.conv_percent(item)


FRACTION_WORDS = ("round_down", "nearest", "issue")
# A note's or SAFE's terms beyond the price (docs/mechanics.md, "Instruments").
INSTRUMENT_FIELDS = {
    "units": Field(conv_units, example="tokens"),
    "fractions": Field(conv_fractions, attr="_fractions", example="round_down"),
    "at_maturity": Field(
        word_field(("repay", "convert", "election"), "election"), example="election"
    ),
    "maturity_price": attrs.evolve(MONEY, example="USD 1"),
    "election_window": attrs.evolve(DURATION, example="30 days"),
    "premium": Field(conv_premium, example="100%"),
    "minimum": attrs.evolve(MONEY, example="USD 5M"),
    "minimum_counts": Field(
        word_field(("new_money", "conversions"), "new_money"), example="new_money"
    ),
    "financing_deadline": attrs.evolve(DATE_EXPR, example="effective + 18 months"),
    "dissolution": attrs.evolve(NAME, example="dissolution"),
    "on_dissolution": Field(conv_on_dissolution, example="80%"),
    "rank": Field(conv_rank, example="1"),
    "capitalization": Field(
        word_field(("pre_money", "post_money"), "post_money"), example="post_money"
    ),
    "pool_increase": Field(word_field(("included", "excluded"), "excluded"), example="excluded"),
    "equity_financing": attrs.evolve(NAME, example="series_a"),
    "series": attrs.evolve(NAME, example="series_seed_notes"),
    "consent": Field(conv_consent, example="majority"),
}


def conv_amount_or_quantity(lw: Lowerer, item: ast.Item) -> Money | Quantity | _Bad:
    expr = lw.one(item, "an amount or a quantity", "EUR 250K")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.QuantityLit):
        return lw.quantity_of(expr, item)
    return lw.money_of(expr)


def conv_forecast_share(lw: Lowerer, item: ast.Item) -> Percent | _Bad:
    """`share 80% of forecast`."""
    args = item.args
    if len(args) == 3 and _of_word(args, 1) and _of_word(args, 2, "forecast"):
        return lw.percent_of(args[0], item)
    return lw.bad_value(item, "a percentage `of forecast`", "80% of forecast")


def conv_weight(lw: Lowerer, item: ast.Item) -> model.Weight | _Bad:
    """`weight northwind USD 1.5M`: a party and its weight (money, quantity, % or number)."""
    args = item.args
    if len(args) != 2 or not isinstance(args[0], ast.Ref):
        return lw.bad_value(item, "a party and its weight", "northwind USD 1.5M")
    value: Any
    arg = args[1]
    if isinstance(arg, ast.MoneyLit):
        value = lw.money_of(arg)
    elif isinstance(arg, ast.QuantityLit):
        value = lw.quantity_of(arg, item)
    elif isinstance(arg, ast.PercentLit):
        value = Percent(arg.value)
    elif isinstance(arg, ast.NumberLit):
        value = arg.value
    else:
        return lw.bad_value(item, "a party and its weight", "northwind USD 1.5M")
    if isinstance(value, _Bad):
        return value
    return model.Weight(
        party=args[0].name,
        value=value,
        span=item.span,
        name_span=args[0].span,
        spans=MappingProxyType({"value": arg.span}) if arg.span else MappingProxyType({}),
    )


def conv_holidays(lw: Lowerer, item: ast.Item) -> tuple[tuple[date, Span | None], ...] | _Bad:
    """`holiday 2026-12-25` or `holiday 2026-12-25, 2027-01-01`: each day with its span."""
    exprs: list[ast.Expr] = []
    for arg in item.args:
        exprs.extend(arg.items if isinstance(arg, ast.ListExpr) else [arg])
    if not exprs or len(item.args) != 1:
        return lw.bad_value(item, "one or more dates", "2026-12-25, 2027-01-01")
    out: list[tuple[date, Span | None]] = []
    for expr in exprs:
        if not isinstance(expr, ast.DateLit):
            return lw.error(
                BAD_VALUE,
                f"a holiday is a date, found {_describe(expr)}",
                expr.span,
                help="write dates as YYYY-MM-DD, separated by commas",
            )
        out.append((expr.value, expr.span))
    return tuple(out)


def conv_step(kind: str) -> Callable[[Lowerer, ast.Item], Any]:
    def convert(lw: Lowerer, item: ast.Item) -> model.Step | _Bad:
        if len(item.args) != 1 or item.block is None:
            return lw.error(
                BAD_VALUE,
                "`from` takes a date or an event and a block",
                item.span,
                help="write it like `from agi_declared { ... }`",
            )
        at = item.args[0]
        if not lw.check_date_expr(at, item):
            return BAD
        schema = STEP_SCHEMAS[kind]
        lowered = lw.fields(item, f"from` in `{kind}", schema)
        if isinstance(lowered, _Bad):
            return lowered
        values, spans = lowered
        if not values or all(v == () for v in values.values()):
            return lw.error(
                MISSING_FIELD,
                "this `from` block changes nothing",
                item.key_span,
                help=f"list the values that apply from then on: {_words(sorted(schema))}",
            )
        return model.Step(at=at, span=item.span, spans=MappingProxyType(spans), **values)

    return convert


def _split_carve_cap(values: dict[str, Any]) -> None:
    """`cap 20% of compute` lowers to `cap` (the percentage) and `cap_of` (what of)."""
    if "cap" in values:
        values["cap"], values["cap_of"] = values["cap"]


# -- `payment`, `licence` and `assignment` (docs/language.md, "Payments, licences and
# assignment"); the arithmetic is termlang.mechanics.payment


def conv_payment_amount(
    lw: Lowerer, item: ast.Item
) -> tuple[Money | None, Percent | None, str | None] | _Bad:
    """`amount GBP 250K`, or `amount 8% of routing_revenue` (a share of a stream)."""
    args = item.args
    example = "8% of routing_revenue"
    if len(args) == 1 and isinstance(args[0], ast.MoneyLit):
        money = lw.money_of(args[0])
        return money if isinstance(money, _Bad) else (money, None, None)
    if (
        len(args) == 3
        and isinstance(args[0], ast.PercentLit)
        and _of_word(args, 1)
        and isinstance(args[2], ast.Ref)
    ):
        percent = lw.percent_of(args[0], item)
        return percent if isinstance(percent, _Bad) else (None, percent, args[2].name)
    return lw.bad_value(item, "an amount or a percentage `of` a stream", example)


def conv_payment_quantity(lw: Lowerer, item: ast.Item) -> Quantity | Decimal | _Bad:
    """`quantity 5_000 seats` or `quantity 12`."""
    expr = lw.one(item, "a quantity or a number", "5_000 seats")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.NumberLit):
        return Decimal(expr.value)
    if isinstance(expr, ast.QuantityLit):
        return lw.quantity_of(expr, item)
    return lw.bad_value(item, "a quantity or a number", "5_000 seats")


def conv_payment_due(lw: Lowerer, item: ast.Item) -> tuple[ast.Expr | None, Duration | None] | _Bad:
    """`due 2026-06-30`, `due 30 days after licence_signed`, or `due 30 days` (after each
    period's last day)."""
    if (bad := lw.no_calendar(item)) is not None:
        return bad
    expr = lw.one(item, "a date, `N days after` a date, or a duration", "30 days after signing")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.TimeRel) and expr.op == "after" and expr.left is not None:
        delay = lw.duration_of(expr.left, item)
        if isinstance(delay, _Bad) or not lw.check_date_expr(expr.right, item):
            return BAD
        return expr.right, delay
    if isinstance(expr, ast.QuantityLit):
        delay = lw.duration_of(expr, item)
        return delay if isinstance(delay, _Bad) else (None, delay)
    return (expr, None) if lw.check_date_expr(expr, item) else BAD


def conv_payment_cap(
    lw: Lowerer, item: ast.Item
) -> tuple[Money | None, Money | None, str | None] | _Bad:
    """`cap USD 1K` (in total) or `cap GBP 500K per quarter` (each period's instalment)."""
    args = item.args
    example = "GBP 500K per quarter"
    if not args or not isinstance(args[0], ast.MoneyLit):
        return lw.bad_value(item, "an amount, optionally per month, quarter or year", example)
    money = lw.money_of(args[0])
    if isinstance(money, _Bad):
        return money
    if len(args) == 1:
        return None, money, None
    if (
        len(args) == 3
        and _of_word(args, 1, "per")
        and isinstance(args[2], ast.Ref)
        and args[2].name in ("month", "quarter", "year")
    ):
        return money, None, args[2].name
    return lw.bad_value(item, "an amount, optionally per month, quarter or year", example)


def payment_values(
    lw: Lowerer,
    item: ast.Item,
    name: str | None,
    name_span: Span | None,
    values: dict[str, Any],
    spans: dict[str, Span],
) -> bool:
    """Unpack a `payment`'s fields; it has exactly one way of saying how much."""
    if "_amount" in values:
        values["amount"], values["share"], values["share_of"] = values.pop("_amount")
    if "_due" in values:
        values["due"], values["due_after"] = values.pop("_due")
    cap_unit = None
    if "_cap" in values:
        values["cap_per_period"], values["cap"], cap_unit = values.pop("_cap")
    ways = ("amount" in values) + ("price" in values)
    if ways != 1 or ("price" in values) != ("quantity" in values):
        lw.error(
            MISSING_FIELD if ways == 0 else BAD_VALUE,
            f"`payment` `{name}` needs an `amount`, or a `price` and a `quantity`",
            name_span,
            help="say how much is paid: `amount GBP 250K`, `amount 8% of routing_revenue`, or "
            "`price USD 40` with `quantity 5_000 seats`",
        )
        return False
    recurring = values.get("share") is not None
    if recurring != ("period" in values):
        lw.error(
            MISSING_FIELD if recurring else BAD_VALUE,
            f"`payment` `{name}` "
            + (
                "takes a share of a stream but no `period`"
                if recurring
                else "has a `period` but a fixed amount"
            ),
            name_span,
            help="a share of a stream is paid per period (`period quarter`); a fixed amount is "
            "paid once",
        )
        return False
    due, after = values.get("due"), values.get("due_after")
    if not recurring and due is None:
        lw.error(
            MISSING_FIELD,
            f"`payment` `{name}` does not say when it is due",
            name_span,
            help="write `due 2026-06-30` or `due 30 days after licence_signed`",
        )
        return False
    if recurring and due is not None:
        lw.error(
            BAD_VALUE,
            f"a payment per period is due a duration after each period, not on {_describe(due)}",
            spans.get("due", item.span),
            help="write it like `due 30 days` (counted from each period's last day)",
        )
        return False
    del after
    period = values.get("period")
    if cap_unit is not None and (period is None or parse_duration_unit(cap_unit) != period):
        lw.error(
            BAD_VALUE,
            f"`payment` `{name}` is capped per {cap_unit} but "
            + (f"paid per {period.name.lower()}" if period is not None else "paid once"),
            spans.get("cap", item.span),
            help="a cap per period uses the payment's own `period`; a cap in total is "
            "written without `per`",
        )
        return False
    return True


def conv_exclusive(lw: Lowerer, item: ast.Item) -> bool | _Bad:
    return lw.conv_bool(item)


def sub_decl(
    kind: str,
    cls: type,
    schema: MappingProxyType[str, Field],
    post: Callable[[dict[str, Any]], None] | None = None,
) -> Callable[[Lowerer, ast.Item], Any]:
    """A named block inside a clause (`tranche second { ... }`, `carve_out x { ... }`)."""

    def convert(lw: Lowerer, item: ast.Item) -> Any:
        head = lw.head(item)
        if isinstance(head, _Bad):
            return head
        name, label, name_span, extra = head
        lowered = lw.fields(item, kind, schema, extra, name=name, name_span=name_span)
        if isinstance(lowered, _Bad):
            return lowered
        values, spans = lowered
        if label is not None and "note" not in values:
            values["note"] = label
        if post is not None:
            post(values)
        return _construct(lw, cls, item, name, name_span, values, spans)

    return convert


def _construct(
    lw: Lowerer,
    cls: type,
    item: ast.Item,
    name: str | None,
    name_span: Span | None,
    values: dict[str, Any],
    spans: dict[str, Span],
) -> Any:
    kwargs = dict(values)
    if name is not None:
        kwargs["name"] = name
    return cls(span=item.span, name_span=name_span, spans=MappingProxyType(spans), **kwargs)


CARVE_OUT = _schema(
    with_=Field(Lowerer.conv_name, attr="entity", example="anthropic"),
    scope=_as(NAMES, "scope"),
    cap=Field(conv_carve_cap, attr="cap", example="20% of compute"),
    when=CONDITION,
    window=WINDOW,
    note=NOTE,
)
# `with` is a Python keyword, so the schema is built with `with_` and renamed here.
CARVE_OUT = MappingProxyType({("with" if k == "with_" else k): v for k, v in CARVE_OUT.items()})

TRANCHE = _schema(
    amount=_req(MONEY),
    on=DATE_EXPR,
    when=CONDITION,
    deadline=DATE_EXPR,
    note=NOTE,
)

STEP_SCHEMAS = {
    "split": _schema(share=Field(conv_share, many=True, attr="shares", example="openai 51%")),
    "revenue_share": _schema(rate=PERCENT),
    "compute": _schema(capacity=QUANTITY),
}


def _until(values: dict[str, Any]) -> None:
    if "_until" in values:
        values["until_amount"], values["until_multiple"], values["until_of"] = values.pop("_until")


WATERFALL_TIER = _schema(
    to=_req(attrs.evolve(NAME, example="party_name")),
    share=_req(PERCENT),
    until=Field(conv_until, attr="_until", example="recouped msft_investment"),
    note=NOTE,
)

COMMON = dict(
    note=NOTE,
    window=WINDOW,
    starts_when=CONDITION,
    ends_when=CONDITION,
    allow=Field(conv_allow, many=True, attr="allows", example='TL420 "reason"'),
    survives=Field(conv_survives, example="2 years"),
    binding_from=attrs.evolve(DATE_EXPR, example="definitive_agreement_signed"),
    recital=Field(Lowerer.conv_bool, example="yes"),
)

DAY_COUNT = Field(word_field(DAY_COUNT_WORDS, "actual_365"), example="actual_365")
INTEREST = Field(conv_interest, attr="compounding", example="compound quarter")

FIRST_REFUSAL = _schema(
    **COMMON,
    holder=_req(NAME),
    binds=_req(attrs.evolve(NAMES, example="party_name")),
    scope=_req(attrs.evolve(NAMES, example="scope_name")),
    respond_within=_req(attrs.evolve(DURATION, example="10 business_days")),
    silence=Field(word_field(("decline", "accept"), "decline"), example="decline"),
    deal=Field(word_field(("sale", "purchase"), "sale"), example="sale"),
    deal_within=attrs.evolve(DURATION, example="90 days"),
)

CLAUSES: dict[str, tuple[type, MappingProxyType[str, Field]]] = {
    "priority_access": (
        model.PriorityAccess,
        _schema(
            **COMMON,
            grantee=_req(NAME),
            asset=_req(attrs.evolve(NAME, example="asset_name")),
            lead_time=DURATION,
            next=Field(
                conv_tier, many=True, attr="tiers", example="azure_customers after 3 months"
            ),
            each=attrs.evolve(NAME, example="model_release"),
        ),
    ),
    "split": (
        model.Split,
        _schema(
            **COMMON,
            asset=_req(attrs.evolve(NAME, example="asset_name")),
            share=Field(conv_share, many=True, attr="shares", example="openai 51%"),
            **{
                "from": Field(
                    conv_step("split"), many=True, attr="steps", example="agi_declared { ... }"
                )
            },
        ),
    ),
    "exclusivity": (
        model.Exclusivity,
        _schema(
            **COMMON,
            benefits=_req(attrs.evolve(NAMES, example="party_name")),
            binds=_req(attrs.evolve(NAMES, example="party_name")),
            scope=_req(attrs.evolve(NAMES, example="scope_name")),
            carve_out=Field(
                sub_decl("carve_out", model.CarveOut, CARVE_OUT, post=_split_carve_cap),
                many=True,
                attr="carve_outs",
                example="name { with anthropic }",
            ),
        ),
    ),
    "collaboration": (
        model.Collaboration,
        _schema(
            **COMMON,
            party=_req(NAME),
            with_=_req(attrs.evolve(NAME, attr="partner", example="entity_name")),
            scope=_req(attrs.evolve(NAMES, example="scope_name")),
        ),
    ),
    "investment": (
        model.Investment,
        _schema(
            **COMMON,
            investor=_req(NAME),
            recipient=_req(attrs.evolve(NAME, example="party_name")),
            commitment=MONEY,
            instrument=Field(conv_instrument, example="equity"),
            return_cap=MULTIPLE,
            tranche=Field(
                sub_decl("tranche", model.Tranche, TRANCHE),
                many=True,
                attr="tranches",
                example="first { amount USD 1B  on 2025-10-01 }",
            ),
        ),
    ),
    "compute": (
        model.Compute,
        _schema(
            **COMMON,
            provider=_req(NAME),
            beneficiary=_req(attrs.evolve(NAME, example="party_name")),
            capacity=QUANTITY,
            target=Field(conv_target, many=True, attr="targets", example="pue <= 1.2"),
            **{
                "from": Field(
                    conv_step("compute"),
                    many=True,
                    attr="steps",
                    example="2027-01-01 { capacity 2 GW }",
                )
            },
        ),
    ),
    "revenue_share": (
        model.RevenueShare,
        _schema(
            **COMMON,
            payer=_req(NAME),
            payee=_req(attrs.evolve(NAME, example="party_name")),
            stream=_req(attrs.evolve(NAMES, attr="streams", example="stream_name")),
            rate=_req(PERCENT),
            period=Field(conv_period, example="quarter"),
            cap=Field(conv_revenue_cap, attr="_cap", example="USD 10B"),
            due=attrs.evolve(DURATION, example="30 days"),
            **{
                "from": Field(
                    conv_step("revenue_share"),
                    many=True,
                    attr="steps",
                    example="2030-01-01 { rate 10% }",
                )
            },
        ),
    ),
    "obligation": (
        model.Obligation,
        _schema(
            **COMMON,
            party=_req(attrs.evolve(NAMES, attr="parties", example="party_name")),
            must=Field(Lowerer.conv_string, attr="_must", example='"..."'),
            must_not=Field(Lowerer.conv_string, attr="_must_not", example='"..."'),
            may=Field(Lowerer.conv_string, attr="_may", example='"..."'),
            trigger=CONDITION,
            deadline=DATE_EXPR,
            within=DURATION,
            fulfilled_by=attrs.evolve(NAME, example="safety_review_passed"),
            breached_by=attrs.evolve(NAME, example="unsafe_release"),
            on_breach=Field(conv_consequence, many=True, example="suspend priority_access"),
            each=attrs.evolve(NAME, example="model_release"),
            on_exercise=Field(conv_exercise, many=True, example="renew licence_term 2 years"),
        ),
    ),
    "termination": (
        model.Termination,
        _schema(
            **COMMON,
            ends=_req(attrs.evolve(NAMES, example="agreement")),
            when=CONDITION,
            on=DATE_EXPR,
            term=attrs.evolve(DURATION, example="3 years"),
            renews=attrs.evolve(DURATION, example="1 year"),
            renewals=Field(conv_count, example="2"),
            notice=attrs.evolve(DURATION, example="90 days"),
            notice_by=attrs.evolve(NAME, example="non_renewal_notice"),
            convenience=attrs.evolve(DURATION, example="180 days"),
            convenience_by=attrs.evolve(NAME, example="convenience_notice"),
        ),
    ),
    "first_refusal": (model.FirstRefusal, FIRST_REFUSAL),
    "first_offer": (model.FirstOffer, FIRST_REFUSAL),
    "waterfall": (
        model.Waterfall,
        _schema(
            **COMMON,
            payer=_req(NAME),
            distributes=_req(attrs.evolve(NAME, example="stream_name")),
            remainder=attrs.evolve(NAME, example="party_name"),
            tier=Field(
                sub_decl("tier", model.WaterfallTier, WATERFALL_TIER, _until),
                many=True,
                attr="tiers",
                example="recoup { to microsoft; share 75%; until recouped msft_investment }",
            ),
        ),
    ),
    "penalty": (
        model.Penalty,
        _schema(
            **COMMON,
            on=_req(attrs.evolve(NAME, example="obligation_name")),
            payer=attrs.evolve(NAME, example="party_name"),
            payee=attrs.evolve(NAME, example="party_name"),
            rate=_req(Field(conv_penalty_rate, attr="_rate", example="0.1% of USD 5M per day")),
            basis=Field(word_field(BASIS_WORDS, "pro_rata"), example="pro_rata"),
            cap=Field(conv_penalty_cap, attr="_cap", example="USD 500K"),
            terminate_after=Field(conv_threshold, example="60 days"),
            force_majeure=Field(
                Lowerer.conv_window, many=True, example="storm_begins .. storm_ends"
            ),
        ),
    ),
    "loan": (
        model.Loan,
        _schema(
            **COMMON,
            lender=_req(NAME),
            borrower=_req(attrs.evolve(NAME, example="party_name")),
            principal=_req(MONEY),
            rate=_req(PERCENT),
            interest=INTEREST,
            day_count=DAY_COUNT,
            drawn=DATE_EXPR,
            maturity=DATE_EXPR,
        ),
    ),
    "convertible": (
        model.Convertible,
        _schema(
            **COMMON,
            instrument=_req(Field(word_field(("safe", "note"), "safe"), example="safe")),
            holder=_req(NAME),
            issuer=_req(attrs.evolve(NAME, example="party_name")),
            amount=_req(MONEY),
            issued=DATE_EXPR,
            discount=PERCENT,
            valuation_cap=MONEY,
            rate=PERCENT,
            interest=INTEREST,
            day_count=DAY_COUNT,
            maturity=DATE_EXPR,
            qualified_financing=attrs.evolve(NAME, example="series_a_closed"),
            change_of_control=attrs.evolve(NAME, example="acquisition"),
            on_change_of_control=Field(conv_on_change_of_control, example="2x"),
            **INSTRUMENT_FIELDS,
        ),
    ),
    "minimum_commitment": (
        model.MinimumCommitment,
        _schema(
            **COMMON,
            party=_req(NAME),
            stream=attrs.evolve(NAME, example="stream_name"),
            payments=attrs.evolve(NAME, example="revenue_share_name"),
            floor=Field(conv_amount_or_quantity, example="EUR 250K"),
            share=Field(conv_forecast_share, example="80% of forecast"),
            period=Field(conv_period, example="year"),
        ),
    ),
    "allocation": (
        model.Allocation,
        _schema(
            **COMMON,
            amount=_req(MONEY),
            weight=Field(conv_weight, many=True, attr="weights", example="northwind USD 1.5M"),
            rounding=Field(
                word_field(ROUNDING_WORDS, "largest_remainder"), example="largest_remainder"
            ),
        ),
    ),
    "payment": (
        model.PaymentObligation,
        _schema(
            **COMMON,
            payer=_req(NAME),
            payee=_req(attrs.evolve(NAME, example="party_name")),
            amount=Field(conv_payment_amount, attr="_amount", example="GBP 250K"),
            price=MONEY,
            quantity=Field(conv_payment_quantity, example="5_000 seats"),
            period=Field(conv_period, example="quarter"),
            due=Field(conv_payment_due, attr="_due", example="30 days after licence_signed"),
            cap=Field(conv_payment_cap, attr="_cap", example="GBP 500K per quarter"),
        ),
    ),
    "licence": (
        model.Licence,
        _schema(
            **COMMON,
            licensor=_req(NAME),
            licensee=_req(attrs.evolve(NAME, example="party_name")),
            subject=_req(attrs.evolve(NAMES, example="asset_name")),
            field=attrs.evolve(NAMES, attr="field_of_use", example="scope_name"),
            territory=attrs.evolve(NAMES, example="scope_name"),
            exclusive=Field(conv_exclusive, example="yes"),
            fee=attrs.evolve(NAME, example="payment_name"),
        ),
    ),
    "assignment": (
        model.Assignment,
        _schema(
            **COMMON,
            assigns=_req(attrs.evolve(NAME, example="clause_name")),
            assignor=_req(attrs.evolve(NAME, attr="assignor", example="party_name")),
            assignee=_req(attrs.evolve(NAME, example="party_name")),
            on=_req(DATE_EXPR),
        ),
    ),
    "round": (
        model.Round,
        _schema(
            **COMMON,
            issuer=_req(attrs.evolve(NAME, example="corvid")),
            investments=_req(attrs.evolve(NAMES, example="kestrel_seed, wren_seed")),
            maximum=attrs.evolve(MONEY, example="USD 3M"),
            target=attrs.evolve(MONEY, example="USD 2M"),
            closes=attrs.evolve(DATE_EXPR, example="2026-09-30"),
        ),
    ),
}
CLAUSES = {
    kind: (cls, MappingProxyType({("with" if k == "with_" else k): v for k, v in schema.items()}))
    for kind, (cls, schema) in CLAUSES.items()
}


def _broken(item: ast.Item, name: str | None, name_span: Span | None) -> Any:
    if name is None:
        return BAD
    return model.Broken(name=name, kind=item.key, span=item.span, name_span=name_span)


def lower_clause(lw: Lowerer, item: ast.Item) -> Any:
    cls, schema = CLAUSES[item.key]
    head = lw.head(item)
    if isinstance(head, _Bad):
        return head
    name, label, name_span, extra = head
    if item.block is None:
        lw.error(
            MISSING_FIELD,
            f"`{item.key}` `{name}` has no block",
            name_span,
            help=f"write its fields between braces: `{item.key} {name} {{ ... }}`",
        )
        return _broken(item, name, name_span)
    lowered = lw.fields(item, item.key, schema, extra, name=name, name_span=name_span)
    if isinstance(lowered, _Bad):
        return _broken(item, name, name_span)
    values, spans = lowered
    if label is not None:
        values["label"] = label
    if cls is model.RevenueShare and "_cap" in values:
        values["cap"], values["cap_multiple"], values["cap_of"] = values.pop("_cap")
    if cls is model.Obligation:
        modal = [k for k in ("_must", "_must_not", "_may") if k in values]
        if len(modal) != 1:
            lw.error(
                MISSING_FIELD if not modal else BAD_VALUE,
                f"`obligation` `{name}` needs exactly one of `must`, `must_not` or `may`",
                name_span,
                help='say what the party must, must not or may do: `must "deliver the '
                'audited accounts"`',
            )
            return _broken(item, name, name_span)
        values["modality"] = modal[0][1:]
        values["action"] = values.pop(modal[0])
        if modal[0][1:] in spans:
            spans["action"] = spans[modal[0][1:]]
    if cls is model.Obligation:
        values["on_breach"] = tuple(values.get("on_breach", ()))
        values["on_exercise"] = tuple(values.get("on_exercise", ()))
    if cls is model.Penalty:
        values["rate_amount"], values["rate_percent"], values["rate_of"], values["per"] = (
            values.pop("_rate")
        )
        if "_cap" in values:
            values["cap"], values["cap_percent"] = values.pop("_cap")
    if cls is model.PaymentObligation and not payment_values(
        lw, item, name, name_span, values, spans
    ):
        return _broken(item, name, name_span)
    if cls is model.Convertible and "_fractions" in values:
        values["fractions"], values["fraction_places"] = values.pop("_fractions")
    if cls is model.MinimumCommitment and not _one_measure(lw, item, name, name_span, values):
        return _broken(item, name, name_span)
    return _construct(lw, cls, item, name, name_span, values, spans)


def _one_measure(
    lw: Lowerer, item: ast.Item, name: str | None, name_span: Span | None, values: dict[str, Any]
) -> bool:
    """A minimum commitment measures one thing and requires something of it."""
    ok = True
    if ("stream" in values) == ("payments" in values):
        lw.error(
            MISSING_FIELD if "stream" not in values else BAD_VALUE,
            f"`minimum_commitment` `{name}` needs exactly one of `stream` or `payments`",
            name_span,
            help="say what is measured: a stream's figures (`stream cathode_sales`) or what a "
            "revenue share pays (`payments running_royalty`)",
        )
        ok = False
    if "floor" not in values and "share" not in values:
        lw.error(
            MISSING_FIELD,
            f"`minimum_commitment` `{name}` has no `floor` and no `share`",
            name_span,
            help="add a floor per period (`floor EUR 250K`) or a share of the forecast "
            "(`share 80% of forecast`)",
        )
        ok = False
    return ok


# -- top-level declarations other than clauses


def lower_agreement(lw: Lowerer, item: ast.Item) -> Any:
    head = lw.head(item, named=False)
    if isinstance(head, _Bad):
        return head
    _, label, _, extra = head
    schema = BLOCK_SCHEMAS["agreement"]
    if label is None:
        return lw.error(
            MISSING_FIELD,
            "the agreement has no title",
            item.key_span,
            help='write it like `agreement "Microsoft–OpenAI MOU" { ... }`',
        )
    lowered = lw.fields(item, "agreement", schema, extra, name_span=item.key_span)
    if isinstance(lowered, _Bad):
        return lowered
    values, spans = lowered
    binding, binding_clauses = values.pop("binding")
    return model.Agreement(
        title=label,
        binding=binding,
        binding_clauses=binding_clauses,
        span=item.span,
        name_span=item.key_span,
        spans=MappingProxyType(spans),
        **values,
    )


def simple_decl(
    cls: type,
    schema: MappingProxyType[str, Field],
    inline: Sequence[str] = (),
    label_attr: str = "label",
    **fixed: Any,
) -> Callable[[Lowerer, ast.Item], Any]:
    def convert(lw: Lowerer, item: ast.Item) -> Any:
        head = lw.head(item, inline=inline)
        if isinstance(head, _Bad):
            return head
        name, label, name_span, extra = head
        lowered = lw.fields(item, item.key, schema, extra, name=name, name_span=name_span)
        if isinstance(lowered, _Bad):
            return _broken(item, name, name_span)
        values, spans = lowered
        if label is not None:
            values[label_attr] = label
        values.update(fixed)
        return _construct(lw, cls, item, name, name_span, values, spans)

    return convert


def lower_calendar(lw: Lowerer, item: ast.Item) -> Any:
    """`calendar uk_holidays "..." { holiday 2026-12-25, 2026-12-28 ... }`."""
    decl = simple_decl(model.Calendar, BLOCK_SCHEMAS["calendar"])(lw, item)
    if isinstance(decl, model.Calendar):
        # the schema collects one tuple of (day, span) per `holiday` line
        entries = [e for line in decl.holidays for e in line]  # type: ignore[attr-defined]
        days = sorted({day for day, _ in entries})
        decl = attrs.evolve(decl, holidays=tuple(days), entries=tuple(entries))
    return decl


def lower_rate(lw: Lowerer, item: ast.Item) -> Any:
    args = item.args
    if len(args) != 2 or not isinstance(args[0], ast.Ref) or not isinstance(args[1], ast.MoneyLit):
        return lw.bad_value(item, "a currency and its value in another", "EUR USD 1.08")
    base = args[0].name
    if base not in ISO_CURRENCIES:
        return lw.error(
            BAD_VALUE,
            f"unknown currency `{base}`",
            args[0].span,
            help="currencies are ISO 4217 codes, like `EUR`",
        )
    quote = lw.money_of(args[1])
    if isinstance(quote, _Bad):
        return quote
    return model.ExchangeRate(
        name=f"{base}/{quote.currency}",
        base=base,
        quote=quote,
        span=item.span,
        name_span=args[0].span,
    )


# Scenario lines that state facts (issue 12): readings, amounts funded, third-party acts.
# They are not reserved: with one argument (`delivered 2026-03-01`) the line dates an event.
FACT_KEYS = ("measure", "delivered", "funded", "deal", "grant", "waived")

SCENARIO_KEYS = (
    "default",
    "horizon",
    "note",
    "revenue",
    "distribution",
    "forecast",
    "volume",
    "payments",
    "financing",
    "offer",
    "third_party",
    "expect",
    *FACT_KEYS,
    "proceeds",
    "election",
    "capitalization",
    "consent",
)
_SCENARIO_LISTS = (
    "occurrences",
    "figures",
    "expectations",
    "series",
    "financings",
    "offers",
    "third_party_deals",
    "payments",
    "instances",
    "readings",
    "fundings",
    "acts",
    "proceeds",
    "elections",
    "consents",
    "waivers",
)


def lower_scenario(lw: Lowerer, item: ast.Item) -> Any:
    head = lw.head(item)
    if isinstance(head, _Bad):
        return head
    name, label, name_span, _ = head
    values: dict[str, Any] = {key: [] for key in _SCENARIO_LISTS}
    spans: dict[str, Span] = {}
    single = {
        "financing": ("financings", _financing),
        "offer": ("offers", _offer),
        "third_party": ("third_party_deals", _third_party),
        "proceeds": ("proceeds", _proceeds),
        "election": ("elections", _election),
        "consent": ("consents", _consent),
    }
    for sub in item.block or ():
        if sub.key == "default":
            flag = lw.conv_bool(sub)
            if not isinstance(flag, _Bad):
                values["default"] = flag
        elif sub.key == "horizon":
            horizon = lw.conv_date(sub)
            if not isinstance(horizon, _Bad):
                values["horizon"] = horizon
        elif sub.key == "note":
            note = lw.conv_string(sub)
            if not isinstance(note, _Bad):
                values["note"] = note
        elif sub.key == "revenue":
            values["figures"].extend(_figures(lw, sub))
        elif sub.key == "expect":
            values["expectations"].extend(_expectations(lw, sub))
        elif sub.key in ("distribution", "forecast", "volume"):
            values["series"].extend(_series(lw, sub))
        elif sub.key == "payments":
            values["payments"].extend(_payments(lw, sub))
        elif sub.key == "capitalization":
            shares = _shares_count(lw, sub)
            if not isinstance(shares, _Bad):
                values["capitalization"] = shares
        elif sub.key in single:
            key, convert = single[sub.key]
            found = convert(lw, sub)
            if not isinstance(found, _Bad):
                values[key].append(found)
        elif sub.key == "waived" and len(sub.args) > 1:  # an option given up (issue 11)
            waiver = _waiver(lw, sub)
            if not isinstance(waiver, _Bad):
                values["waivers"].append(waiver)
        elif sub.key in FACT_KEYS and len(sub.args) > 1:  # `delivered 2026-03-01`: an event
            key, fact = _scenario_fact(lw, sub)
            if not isinstance(fact, _Bad):
                values[key].append(fact)
        else:
            occ = _occurrence(lw, sub)
            if isinstance(occ, model.Instance):
                values["instances"].append(occ)
            elif not isinstance(occ, _Bad):
                values["occurrences"].append(occ)
        if sub.span is not None:
            spans.setdefault(sub.key, sub.span)
    for key in _SCENARIO_LISTS:
        values[key] = tuple(values[key])
    if label is not None:
        values["label"] = label
    assert name is not None  # head() was asked for a name
    return model.Scenario(
        name=name, span=item.span, name_span=name_span, spans=MappingProxyType(spans), **values
    )


def _occurrence(lw: Lowerer, item: ast.Item) -> model.Occurrence | model.Instance | _Bad:
    if len(item.args) == 2 and isinstance(item.args[0], ast.Ref):
        return _instance(lw, item)
    if len(item.args) == 1:
        arg = item.args[0]
        if isinstance(arg, ast.DateLit):
            return model.Occurrence(
                event=item.key, on=arg.value, span=item.span, name_span=item.key_span
            )
        if isinstance(arg, ast.Ref) and arg.name == "never":
            return model.Occurrence(
                event=item.key, on=None, span=item.span, name_span=item.key_span
            )
    return lw.error(
        BAD_VALUE,
        f"in a scenario, `{item.key}` must be followed by the date it happens or `never`",
        item.args[0].span if item.args else item.key_span,
        help=f"write it like `{item.key} 2026-03-31` or `{item.key} never` (a recurring event: "
        f"`{item.key} first 2026-03-31`); a scenario also takes {_words(SCENARIO_KEYS)}",
    )


def _per_period(
    lw: Lowerer,
    item: ast.Item,
    what: str,
    example: str,
    value: Callable[[ast.Item], Any],
) -> list[tuple[Any, ast.Item, Any]]:
    """`KEY NAME { PERIOD VALUE ... }`: (period, line, value) for each well-formed line."""
    if len(item.args) != 1 or not isinstance(item.args[0], ast.Ref) or item.block is None:
        lw.error(
            BAD_VALUE,
            f"`{item.key}` takes {what} and a block of figures per period",
            item.span,
            help=f"write it like `{item.key} {example}`",
        )
        return []
    out: list[tuple[Any, ast.Item, Any]] = []
    for sub in item.block:
        try:
            period = parse_period(sub.key)
        except ValueError:
            lw.error(
                BAD_VALUE,
                f"`{sub.key}` is not a period",
                sub.key_span,
                help="periods are years (`2026`), half-years (`2026-H1`), quarters "
                "(`2026-Q1`) or months (`2026-03`)",
            )
            continue
        got = value(sub)
        if not isinstance(got, _Bad):
            out.append((period, sub, got))
    return out


def _subject_spans(item: ast.Item) -> MappingProxyType[str, Span]:
    span = item.args[0].span if item.args else None
    return MappingProxyType({"subject": span} if span else {})


def _money_line(lw: Lowerer, example: str) -> Callable[[ast.Item], Any]:
    def value(sub: ast.Item) -> Money | _Bad:
        if len(sub.args) != 1:
            return lw.bad_value(sub, "an amount", example)
        return lw.money_of(sub.args[0])

    return value


def _figures(lw: Lowerer, item: ast.Item) -> list[model.Figure]:
    rows = _per_period(lw, item, "a stream", "api { 2026 USD 4B }", _money_line(lw, "USD 4B"))
    stream = item.args[0].name if rows else ""  # type: ignore[union-attr]
    return [
        model.Figure(
            metric="revenue",
            subject=stream,
            period=str(period),
            start=period.start,
            end=period.end,
            amount=money,
            span=sub.span,
            name_span=sub.key_span,
            spans=_subject_spans(item),
        )
        for period, sub, money in rows
    ]


def _series(lw: Lowerer, item: ast.Item) -> list[model.Series]:
    """`distribution STREAM {...}` (money), `forecast STREAM {...}`, `volume STREAM {...}`."""

    def value(sub: ast.Item) -> Money | Quantity | _Bad:
        example = "10_000 units" if item.key == "volume" else "USD 4B"
        if len(sub.args) != 1:
            return lw.bad_value(sub, "an amount", example)
        arg = sub.args[0]
        if item.key != "distribution" and isinstance(arg, ast.QuantityLit):
            return lw.quantity_of(arg, sub)
        if item.key == "volume":
            return lw.bad_value(sub, "a quantity", example)
        return lw.money_of(arg)

    rows = _per_period(lw, item, "a stream", "openai_profits { 2026 USD 4B }", value)
    stream = item.args[0].name if rows else ""  # type: ignore[union-attr]
    return [
        model.Series(
            metric=item.key,
            subject=stream,
            period=str(period),
            start=period.start,
            end=period.end,
            amount=amount,
            span=sub.span,
            name_span=sub.key_span,
            spans=_subject_spans(item),
        )
        for period, sub, amount in rows
    ]


def _payments(lw: Lowerer, item: ast.Item) -> list[model.Payment]:
    """`payments running_royalty { 2027-Q2 2027-09-15 }`: when each period was paid."""

    def value(sub: ast.Item) -> tuple[date | None, Money | None] | _Bad:
        if len(sub.args) == 1 and isinstance(sub.args[0], ast.Ref) and sub.args[0].name == "never":
            return None, None
        part = part_payment(lw, sub)  # `2026-Q2 2026-08-15 GBP 50K`: a part payment
        if isinstance(part, _Bad):
            return part
        on = lw.conv_date(ast.Item(key=sub.key, args=sub.args[:1], span=sub.span))
        return on if isinstance(on, _Bad) else (on, part)

    cash, block = cash_payments(lw, item)
    rows = _per_period(
        lw, block, "a revenue share", "running_royalty { 2027-Q2 2027-09-15 }", value
    )
    clause = item.args[0].name if rows or cash else ""  # type: ignore[union-attr]
    return [
        *(
            model.Payment(
                clause=clause,
                period=str(period),
                start=period.start,
                end=period.end,
                on=on,
                amount=amount,
                span=sub.span,
                name_span=sub.key_span,
                spans=_subject_spans(item),
            )
            for period, sub, (on, amount) in rows
        ),
        *(attrs.evolve(p, clause=clause, spans=_subject_spans(item)) for p in cash),
    ]


def part_payment(lw: Lowerer, sub: ast.Item) -> Money | _Bad | None:
    """The amount after the date of a `payments` line (None: paid in full)."""
    if len(sub.args) != 2:
        return None
    found = lw.money_of(sub.args[1])
    if isinstance(found, _Bad) or found.amount <= 0:
        return lw.error(
            BAD_VALUE,
            f"a part payment is a positive amount, found {_describe(sub.args[1])}",
            sub.args[1].span,
            help=f"write it like `{sub.key} 2026-08-15 GBP 50K`",
        )
    return found


def cash_payments(lw: Lowerer, item: ast.Item) -> tuple[list[model.Payment], ast.Item]:
    """`payments upfront_fee { 2026-03-01 GBP 100K }`: an amount paid on a date, applied to
    the oldest instalment still outstanding; the other lines are per period."""
    cash: list[model.Payment] = []
    rest: list[ast.Item] = []
    for sub in item.block or ():
        try:
            on = date.fromisoformat(sub.key) if len(sub.key) == 10 else None
        except ValueError:
            on = None
        if on is None:
            rest.append(sub)
            continue
        amount = lw.money_of(sub.args[0]) if len(sub.args) == 1 else BAD
        if isinstance(amount, _Bad) or amount.amount <= 0:
            lw.error(
                BAD_VALUE,
                f"a payment on `{sub.key}` is a positive amount",
                sub.args[0].span if sub.args else sub.span,
                help=f"write it like `{sub.key} GBP 100K`",
            )
            continue
        cash.append(
            model.Payment(
                clause="",
                period=sub.key,
                start=on,
                end=on,
                on=on,
                amount=amount,
                cash=True,
                span=sub.span,
                name_span=sub.key_span,
            )
        )
    block = attrs.evolve(item, block=tuple(rest)) if item.block is not None else item
    return cash, block


def _named_block(lw: Lowerer, item: ast.Item, example: str) -> str | _Bad:
    if len(item.args) != 1 or not isinstance(item.args[0], ast.Ref) or item.block is None:
        return lw.error(
            BAD_VALUE,
            f"`{item.key}` takes a name and a block",
            item.span,
            help=f"write it like `{item.key} {example}`",
        )
    return item.args[0].name


def _financing(lw: Lowerer, item: ast.Item) -> model.Financing | _Bad:
    """`financing series_a { price USD 2; capitalization 10M shares }`."""
    event = _named_block(lw, item, "series_a { price USD 2; capitalization 10M shares }")
    if isinstance(event, _Bad):
        return event

    schema = _schema(
        price=_req(attrs.evolve(MONEY, example="USD 2")),
        capitalization=Field(_shares_count, example="10M shares"),
        raised=attrs.evolve(MONEY, example="USD 6M"),
        pool_increase=Field(_shares_count, example="500K shares"),
    )
    lowered = lw.fields(item, "financing", schema, name=event, name_span=item.args[0].span)
    if isinstance(lowered, _Bad):
        return lowered
    values, spans = lowered
    if values["price"].amount <= 0:
        return lw.error(
            BAD_VALUE,
            "a price per share must be positive",
            spans.get("price"),
            help="write the round's price per share, like `price USD 2.50`",
        )
    return model.Financing(
        event=event,
        span=item.span,
        name_span=item.args[0].span,
        spans=MappingProxyType(spans),
        **values,
    )


def _shares_count(lw: Lowerer, sub: ast.Item) -> Decimal | _Bad:
    """`10M shares` (or a plain number of shares)."""
    expr = lw.one(sub, "a number of shares", "10M shares")
    if isinstance(expr, _Bad):
        return expr
    if isinstance(expr, ast.NumberLit):
        return expr.value
    quantity = lw.quantity_of(expr, sub)
    if isinstance(quantity, _Bad):
        return quantity
    if quantity.unit != "shares" or quantity.amount < 0:
        return lw.bad_value(sub, "a number of shares", "10M shares")
    return quantity.amount


def _proceeds(lw: Lowerer, item: ast.Item) -> model.Proceeds | _Bad:
    """`proceeds dissolution USD 800K`: what a dissolution leaves for the instruments."""
    args = item.args
    if len(args) != 2 or not isinstance(args[0], ast.Ref) or item.block is not None:
        return lw.bad_value(item, "an event and an amount", "dissolution USD 800K")
    amount = lw.money_of(args[1])
    if isinstance(amount, _Bad):
        return amount
    if amount.amount < 0:
        return lw.bad_value(item, "an amount of zero or more", "dissolution USD 800K")
    return model.Proceeds(event=args[0].name, amount=amount, span=item.span, name_span=args[0].span)


def _election(lw: Lowerer, item: ast.Item) -> model.HolderElection | _Bad:
    """`election kestrel_note convert 2027-11-20`: the holder elects at maturity."""
    args = item.args
    if (
        len(args) != 3
        or not isinstance(args[0], ast.Ref)
        or not isinstance(args[1], ast.Ref)
        or args[1].name not in ("convert", "repay")
        or not isinstance(args[2], ast.DateLit)
        or item.block is not None
    ):
        return lw.bad_value(
            item, "a note, `convert` or `repay`, and a date", "note convert 2027-11-20"
        )
    return model.HolderElection(
        clause=args[0].name,
        choice=args[1].name,
        on=args[2].value,
        span=item.span,
        name_span=args[0].span,
    )


def _waiver(lw: Lowerer, item: ast.Item) -> model.Waiver | _Bad:
    """`waived renewal_option 2030-05-01`: the holder gave up an option that day."""
    args = item.args
    if (
        len(args) != 2
        or not isinstance(args[0], ast.Ref)
        or not isinstance(args[1], ast.DateLit)
        or item.block is not None
    ):
        return lw.bad_value(item, "an option and the date it was waived", "option 2030-05-01")
    return model.Waiver(
        clause=args[0].name, on=args[1].value, span=item.span, name_span=args[0].span
    )


def _consent(lw: Lowerer, item: ast.Item) -> model.Consent | _Bad:
    """`consent series_seed 2026-09-15 larkspur, merlin`: holders consenting to an amendment."""
    args = item.args
    what, example = "a series, a date and the consenting holders", "series_seed 2026-09-15 a, b"
    if (
        len(args) < 3
        or not isinstance(args[0], ast.Ref)
        or not isinstance(args[1], ast.DateLit)
        or item.block is not None
    ):
        return lw.bad_value(item, what, example)
    holders: list[str] = []
    for arg in args[2:]:
        names = arg.items if isinstance(arg, ast.ListExpr) else (arg,)
        for name in names:
            if not isinstance(name, ast.Ref):
                return lw.bad_value(item, what, example)
            holders.append(name.name)
    return model.Consent(
        series=args[0].name,
        on=args[1].value,
        holders=tuple(holders),
        span=item.span,
        name_span=args[0].span,
    )


def _offer(lw: Lowerer, item: ast.Item) -> model.OfferMade | _Bad:
    """`offer compute_rofr { made 2026-05-01; price USD 10B; decline 2026-05-12 }`."""
    clause = _named_block(lw, item, "compute_rofr { made 2026-05-01; price USD 10B }")
    if isinstance(clause, _Bad):
        return clause
    schema = _schema(
        made=_req(attrs.evolve(Field(Lowerer.conv_date), example="2026-05-01")),
        price=_req(attrs.evolve(MONEY, example="USD 10B")),
        accept=Field(Lowerer.conv_date, example="2026-05-10"),
        decline=Field(Lowerer.conv_date, example="2026-05-10"),
    )
    lowered = lw.fields(item, "offer", schema, name=clause, name_span=item.args[0].span)
    if isinstance(lowered, _Bad):
        return lowered
    values, spans = lowered
    answers = [k for k in ("accept", "decline") if k in values]
    if len(answers) > 1:
        return lw.error(
            BAD_VALUE,
            "an offer is either accepted or declined, not both",
            spans.get("decline"),
            help="keep one of `accept DATE` and `decline DATE`; leave both out for no answer",
        )
    response = answers[0] if answers else None
    return model.OfferMade(
        clause=clause,
        made=values["made"],
        price=values["price"],
        response=response,
        responded=values.get(response) if response else None,
        span=item.span,
        name_span=item.args[0].span,
        spans=MappingProxyType(spans),
    )


def _third_party(lw: Lowerer, item: ast.Item) -> model.ThirdPartyDeal | _Bad:
    """`third_party compute_rofr 2026-06-01 USD 9.5B`."""
    args = item.args
    if (
        len(args) != 3
        or not isinstance(args[0], ast.Ref)
        or not isinstance(args[1], ast.DateLit)
        or item.block is not None
    ):
        return lw.bad_value(item, "a clause, a date and a price", "compute_rofr 2026-06-01 USD 9B")
    price = lw.money_of(args[2])
    if isinstance(price, _Bad):
        return price
    return model.ThirdPartyDeal(
        clause=args[0].name,
        on=args[1].value,
        price=price,
        span=item.span,
        name_span=args[0].span,
        spans=MappingProxyType(
            {k: a.span for k, a in (("on", args[1]), ("price", args[2])) if a.span is not None}
        ),
    )


# ---------------------------------------------------------------------------- scenario facts


def _instance(lw: Lowerer, item: ast.Item) -> model.Instance | _Bad:
    """`model_release gpt_n 2026-01-15 { ga 2026-04-20 }`: an occurrence of a recurring event."""
    ident, when = item.args
    if not isinstance(ident, ast.Ref) or len(ident.parts) != 1 or not isinstance(when, ast.DateLit):
        return lw.bad_value(item, "an identifier and a date", "gpt_5 2026-01-15")
    attributes: list[tuple[str, date]] = []
    spans: dict[str, Span] = {}
    for sub in item.block or ():
        on = lw.conv_date(sub)
        if isinstance(on, _Bad):
            continue
        if any(key == sub.key for key, _ in attributes):
            lw.error(
                BAD_VALUE,
                f"`{sub.key}` is given twice for `{ident.name}`",
                sub.key_span,
                help="give each attribute of an occurrence once",
            )
            continue
        attributes.append((sub.key, on))
        if sub.span is not None:
            spans[sub.key] = sub.span
    if when.span is not None:
        spans["on"] = when.span
    return model.Instance(
        event=item.key,
        id=ident.name,
        on=when.value,
        attributes=tuple(attributes),
        span=item.span,
        name_span=ident.span,
        spans=MappingProxyType({"event": item.key_span, **spans} if item.key_span else spans),
    )


def period_arg(expr: ast.Expr) -> Period | None:
    """A period written as an argument (`2027`, `2027-Q1`, `2027-H2`, `2027-03`)."""
    text = None
    if isinstance(expr, ast.NumberLit):
        text = str(expr.value)
    elif isinstance(expr, ast.Offset) and expr.sign == -1 and isinstance(expr.base, ast.NumberLit):
        if isinstance(expr.amount, ast.Ref):
            text = f"{expr.base.value}-{expr.amount.name}"
        elif isinstance(expr.amount, ast.NumberLit):
            text = f"{expr.base.value}-{int(expr.amount.value):02d}"
    if text is None:
        return None
    try:
        return parse_period(text)
    except ValueError:
        return None


def _reading(lw: Lowerer, item: ast.Item) -> model.Reading | _Bad:
    """`measure pue 2026 1.22`, `measure renewable_share 2026 76%`,
    `delivered azure_capacity 2027 900 MW`."""
    example = "pue 2026 1.22" if item.key == "measure" else "azure_capacity 2027 900 MW"
    args = item.args
    if len(args) != 3 or not isinstance(args[0], ast.Ref) or item.block is not None:
        return lw.bad_value(item, "a name, a period and a figure", example)
    period = period_arg(args[1])
    if period is None:
        return lw.error(
            BAD_VALUE,
            f"`{item.key}` expects a period here, found {_describe(args[1])}",
            args[1].span,
            help="periods are years (`2026`), half-years (`2026-H1`), quarters (`2026-Q1`) "
            "or months (`2026-03`)",
        )
    value: Decimal | Percent | Quantity | _Bad
    figure = args[2]
    if isinstance(figure, ast.NumberLit) and item.key == "measure":
        value = figure.value
    elif isinstance(figure, ast.PercentLit) and item.key == "measure":
        value = Percent(figure.value)
    elif isinstance(figure, ast.QuantityLit):
        value = lw.quantity_of(figure, item)
    else:
        what = "a number, a percentage or a quantity" if item.key == "measure" else "a quantity"
        value = lw.error(
            BAD_VALUE,
            f"`{item.key}` expects {what} here, found {_describe(figure)}",
            figure.span,
            help=f"write it like `{item.key} {example}`",
        )
    if isinstance(value, _Bad):
        return value
    return model.Reading(
        kind=item.key,
        subject=args[0].name,
        period=str(period),
        start=period.start,
        end=period.end,
        value=value,
        span=item.span,
        name_span=args[0].span,
        spans=MappingProxyType(
            {k: a.span for k, a in (("period", args[1]), ("value", figure)) if a.span is not None}
        ),
    )


def _funded(lw: Lowerer, item: ast.Item) -> model.FundedAmount | _Bad:
    """`funded softbank_round.second USD 8.5B`: the tranche was funded with that amount."""
    args = item.args
    if len(args) != 2 or not isinstance(args[0], ast.Ref) or item.block is not None:
        return lw.bad_value(item, "a tranche and an amount", "softbank_round.second USD 8.5B")
    amount = lw.money_of(args[1])
    if isinstance(amount, _Bad):
        return amount
    return model.FundedAmount(
        tranche=args[0].name,
        amount=amount,
        span=item.span,
        name_span=args[0].span,
        spans=MappingProxyType({"amount": args[1].span} if args[1].span else {}),
    )


def _act(lw: Lowerer, item: ast.Item) -> model.Act | _Bad:
    """`deal openai oracle compute_sourcing 2026-03-10 USD 10B`,
    `grant licensor other_co territory 2026-05-01`."""
    args = item.args
    example = f"{'openai oracle compute_sourcing' if item.key == 'deal' else 'lab rival_co models'}"
    example += " 2026-03-10" + (" USD 10B" if item.key == "deal" else "")
    if (
        len(args) not in (4, 5)
        or not all(isinstance(a, ast.Ref) for a in args[:3])
        or not isinstance(args[3], ast.DateLit)
        or item.block is not None
    ):
        return lw.bad_value(
            item, "a party, a counterparty, a scope, a date and an optional amount", example
        )
    amount = lw.money_of(args[4]) if len(args) == 5 else None
    if isinstance(amount, _Bad):
        return amount
    party, counterparty, scope, on = args[0], args[1], args[2], args[3]
    assert isinstance(party, ast.Ref) and isinstance(counterparty, ast.Ref)
    assert isinstance(scope, ast.Ref) and isinstance(on, ast.DateLit)
    names = ("party", "counterparty", "scope", "on", "amount")
    return model.Act(
        verb=item.key,
        party=party.name,
        counterparty=counterparty.name,
        scope=scope.name,
        on=on.value,
        amount=amount,
        span=item.span,
        name_span=party.span,
        spans=MappingProxyType({k: a.span for k, a in zip(names, args) if a.span is not None}),
    )


def _scenario_fact(lw: Lowerer, item: ast.Item) -> tuple[str, Any]:
    """The scenario list a fact line goes to, and the fact (or BAD)."""
    if item.key in ("measure", "delivered"):
        return "readings", _reading(lw, item)
    if item.key == "funded":
        return "fundings", _funded(lw, item)
    return "acts", _act(lw, item)


def lower_event(lw: Lowerer, item: ast.Item) -> Any:
    """`event model_release recurring "a new frontier model is released"`."""
    args = item.args
    recurring = len(args) > 1 and isinstance(args[1], ast.Ref) and args[1].name == "recurring"
    if recurring:
        item = attrs.evolve(item, args=(args[0], *args[2:]))
    decl = _plain_event(lw, item)
    if recurring and isinstance(decl, model.Event):
        return attrs.evolve(decl, recurring=True)
    return decl


# ---------------------------------------------------------------------------- aggregates

# `sum of funding over any 12 months > USD 1000`, `count of deals in any year >= 3`: the
# words before the comparison are separate arguments of the item; they become one
# `Call(func, (subject, window, over|in))` on the left of the comparison (evaluate/aggregates.py).
AGGREGATES = frozenset({"sum", "count"})
AGGREGATE_SUBJECTS = ("funding", "deals", "grants")
CALENDAR_WINDOWS = ("year", "half", "quarter", "month")


def aggregate_item(lw: Lowerer, item: ast.Item) -> ast.Item | None:
    """The item with `sum|count of SUBJECT over|in any WINDOW OP VALUE ...` made one condition
    (None when it is a malformed aggregate, reported)."""
    args = item.args
    if not (
        len(args) >= 6
        and isinstance(args[0], ast.Ref)
        and args[0].name in AGGREGATES
        and isinstance(args[1], ast.Ref)
        and args[1].name == "of"
    ):
        return item
    word, subject, joint, anyword, rest = args[0], args[2], args[3], args[4], args[5]
    example = f"{word.name} of funding over any 12 months > USD 1M"
    if (
        len(args) != 6
        or not isinstance(subject, ast.Ref | ast.Call)
        or not isinstance(joint, ast.Ref)
        or joint.name not in ("over", "in")
        or not isinstance(anyword, ast.Ref)
        or anyword.name != "any"
    ):
        lw.error(
            BAD_VALUE,
            f"an aggregate reads `{word.name} of SUBJECT over any DURATION` or "
            f"`{word.name} of SUBJECT in any year`",
            word.span,
            help=f"write it like `{example}` or `count of deals in any year >= 3`",
        )
        return None
    leaf = _leftmost(rest)
    window_ok = (
        isinstance(leaf, ast.QuantityLit)
        and joint.name == "over"
        and parse_duration_unit(leaf.unit) is not None
        and leaf.amount == leaf.amount.to_integral_value()
        and leaf.amount > 0
    ) or (isinstance(leaf, ast.Ref) and joint.name == "in" and leaf.name in CALENDAR_WINDOWS)
    if not window_ok or not isinstance(_parent_of_leftmost(rest), ast.Compare):
        lw.error(
            BAD_VALUE,
            f"`{word.name} of ... {joint.name} any` needs "
            + ("a duration and a comparison" if joint.name == "over" else "a calendar period")
            + f", found {_describe(leaf)}",
            leaf.span,
            help="a rolling window is `over any 12 months`, a calendar one `in any year` "
            "(or `quarter`, `half`, `month`), followed by a comparison like `>= 3`",
        )
        return None
    compare = _parent_of_leftmost(rest)
    assert isinstance(compare, ast.Compare)
    name = subject.name if isinstance(subject, ast.Ref) else subject.func
    money = word.name == "sum" and name in AGGREGATE_SUBJECTS
    wanted = ast.MoneyLit if money else ast.NumberLit
    # `sum of` anything else is resolved later (a recurring event's occurrences, or TL302)
    if (money or word.name == "count") and not isinstance(compare.right, wanted):
        lw.error(
            BAD_VALUE,
            f"`{word.name} of {name}` is compared with "
            + ("an amount" if money else "a number")
            + f", found {_describe(compare.right)}",
            compare.right.span,
            help="write it like `sum of funding over any 12 months >= USD 1M` or "
            "`count of deals in any year >= 3`",
        )
        return None
    start = word.span
    call = ast.Call(
        func=word.name,
        args=(subject, leaf, joint),
        span=start.to(leaf.span) if start and leaf.span else leaf.span,
        func_span=word.span,
    )
    return attrs.evolve(item, args=(_graft(rest, call, start),))


def _leftmost(expr: ast.Expr) -> ast.Expr:
    while True:
        match expr:
            case ast.Compare(left=left) | ast.And(left=left) | ast.Or(left=left):
                expr = left
            case _:
                return expr


def _parent_of_leftmost(expr: ast.Expr) -> ast.Expr | None:
    parent = None
    while True:
        match expr:
            case ast.Compare(left=left) | ast.And(left=left) | ast.Or(left=left):
                parent, expr = expr, left
            case _:
                return parent


def _graft(expr: ast.Expr, call: ast.Call, start: Span | None) -> ast.Expr:
    """`expr` with its leftmost leaf replaced by `call`, every span on the way widened."""
    match expr:
        case ast.Compare() | ast.And() | ast.Or():
            left = _graft(expr.left, call, start)
            span = start.to(expr.span) if start and expr.span else expr.span
            return attrs.evolve(expr, left=left, span=span)
    return call


def _expectations(lw: Lowerer, item: ast.Item) -> list[model.Expectation]:
    if len(item.args) != 1 or not isinstance(item.args[0], ast.DateLit) or item.block is None:
        lw.error(
            BAD_VALUE,
            "`expect` takes a date and a block of expectations",
            item.span,
            help="write it like `expect 2027-01-01 { status softbank_round lapsed }`",
        )
        return []
    at = item.args[0].value
    return [
        model.Expectation(at=at, what=sub.key, args=sub.args, span=sub.span, name_span=sub.key_span)
        for sub in item.block
    ]


# The fields of every declaration that is not a clause (clauses: CLAUSES), by key: what
# lowering reads, and what editors complete and highlight.
BLOCK_SCHEMAS: dict[str, Schema] = {
    "agreement": _schema(
        kind=_req(Field(conv_kind, example="mou")),
        binding=_req(Field(conv_binding, example="no except exclusivity")),
        effective=_req(Field(Lowerer.conv_date, example="2025-09-11")),
        long_stop=DATE_EXPR,
        signing=attrs.evolve(NAME, example="definitive_agreement_signed"),
        governing_law=STRING,
        date_rule=Field(conv_date_rule, example="clamp"),
        excludes=Field(conv_excludes, example="exclusivity"),
        note=NOTE,
    ),
    "party": _schema(
        role=attrs.evolve(NAME, example="investor"),
        capacity=_many(QUANTITY),
        note=NOTE,
    ),
    "entity": _schema(note=NOTE),
    "asset": _schema(within=NAME, note=NOTE),
    "scope": _schema(within=NAME, note=NOTE),
    "stream": _schema(within=NAME, note=NOTE),
    "event": _schema(
        expected=Field(conv_expected, example="between 2026-03-01 and 2026-06-30"), note=NOTE
    ),
    "calendar": _schema(
        holiday=Field(conv_holidays, many=True, attr="holidays", example="2026-12-25"),
        note=NOTE,
    ),
}

_plain_event = simple_decl(model.Event, BLOCK_SCHEMAS["event"])

# `property` and `verify` (termlang verify) lower in their own module, on the schemas above.
from termlang.lower_properties import PROPERTY, VERIFY, lower_property, lower_verify  # noqa: E402

BLOCK_SCHEMAS.update(property=PROPERTY, verify=VERIFY)

DECLARATIONS: dict[str, Callable[[Lowerer, ast.Item], Any]] = {
    "agreement": lower_agreement,
    "party": simple_decl(
        model.Party, BLOCK_SCHEMAS["party"], inline=("role",), label_attr="legal_name"
    ),
    "entity": simple_decl(model.Entity, BLOCK_SCHEMAS["entity"], label_attr="legal_name"),
    "asset": simple_decl(model.Term, BLOCK_SCHEMAS["asset"], inline=("within",), kind="asset"),
    "scope": simple_decl(model.Term, BLOCK_SCHEMAS["scope"], inline=("within",), kind="scope"),
    "stream": simple_decl(model.Term, BLOCK_SCHEMAS["stream"], inline=("within",), kind="stream"),
    "event": lower_event,
    "calendar": lower_calendar,
    "exchange_rate": lower_rate,
    "scenario": lower_scenario,
    "property": lower_property,
    "verify": lower_verify,
    **{kind: lower_clause for kind in CLAUSES},
}


def lower(
    file: ast.File, known_codes: Collection[str] | None = None
) -> tuple[list[Any], list[Diagnostic]]:
    """Lower a parsed file into declarations, in file order, with the problems found;
    `known_codes` are the codes an `allow` may name (unchecked when None)."""
    lowerer = Lowerer(known_codes)
    decls = lowerer.lower_file(file)
    return decls, lowerer.diagnostics
