"""The `Lowerer`: reporting, the value converters every schema field uses, and the generic
walk of a block against a schema (`head`, `fields`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from termlang import ast, model
from termlang.codes import (
    BAD_VALUE,
    DUPLICATE_FIELD,
    MISSING_FIELD,
    UNKNOWN_FIELD,
)
from termlang.diagnostics import Label
from termlang.lower.aggregates import (
    AGGREGATES,
    aggregate_item,
)
from termlang.lower.base import (
    BAD,
    Calendared,
    Reporter,
    _Bad,
    _describe,
    _words,
)
from termlang.lower.vocabulary import (
    CLAUSE_PREDICATES,
    METRICS,
)
from termlang.source import Span
from termlang.values import (
    ISO_CURRENCIES,
    Duration,
    DurationUnit,
    Money,
    Multiple,
    Percent,
    Quantity,
    normalize_unit,
    parse_duration_unit,
    suggest_unit,
)

if TYPE_CHECKING:
    from termlang.lower.schema import Schema
from termlang.names import did_you_mean


class Lowerer(Reporter):
    def __init__(self, known_codes: Collection[str] | None = None) -> None:
        super().__init__()
        # the codes an `allow` may name (termlang.checks.all_codes, which the pipeline passes
        # down: the checks sit above lowering); None lowers `allow` without checking its code
        self.known_codes = None if known_codes is None else sorted(known_codes)

    # ------------------------------------------------------------------ reporting
    def unknown(
        self,
        code: str,
        message: str,
        span: Span | None,
        word: str,
        options: Sequence[str],
        *,
        otherwise: str,
    ) -> _Bad:
        """An unknown word among `options`: did-you-mean when one is close, else `otherwise`
        followed by the options (`a file declares ...`)."""
        suggestion = did_you_mean(word, sorted(options))
        hint = (
            f"did you mean `{suggestion}`?"
            if suggestion
            else f"{otherwise} {_words(sorted(options))}"
        )
        return self.error(code, message, span, help=hint)

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
                self.unknown(
                    UNKNOWN_FIELD,
                    f"unknown field `{sub.key}` in `{kind}`",
                    sub.key_span,
                    sub.key,
                    list(schema),
                    otherwise=f"`{kind}` takes",
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
