"""Holiday calendars: holidays that change which days are business days."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from termlang.calendar import is_weekend
from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.source import Span

WEEKEND = RuleInfo(
    "TL570",
    "holiday-on-weekend",
    "a holiday falls on a Saturday or a Sunday",
    """\
A holiday calendar lists the weekdays that are not business days; weekends never are. A
holiday written on a Saturday or a Sunday changes nothing, and usually the day it is
observed on was meant (25 December 2027 is a Saturday; the bank holidays are Monday 27 and
Tuesday 28 December). A warning.

    calendar uk_holidays { holiday 2027-12-25 }    # warning: a Saturday""",
    Severity.WARNING,
)

DUPLICATE = RuleInfo(
    "TL571",
    "duplicate-holiday",
    "a holiday calendar lists the same day twice",
    """\
A day listed twice in one calendar counts once, so the second entry is a slip, often for
another day (a year or a month mistyped when copying last year's list). A warning.

    calendar uk_holidays { holiday 2026-12-25, 2026-12-28, 2026-12-25 }    # warning""",
    Severity.WARNING,
)

RULES = (WEEKEND, DUPLICATE)

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    for calendar in ctx.model.calendars.values():
        seen: dict[date, Span | None] = {}
        for day, span in calendar.entries:
            if day in seen:
                yield finding(
                    DUPLICATE,
                    f"holiday {day.isoformat()} is listed twice in `{calendar.name}`",
                    span,
                    labels=[(seen[day], "first listed here")],
                    help="remove the second entry, or correct it to the day that was meant",
                )
                continue
            seen[day] = span
            if is_weekend(day):
                yield finding(
                    WEEKEND,
                    f"holiday {day.isoformat()} in `{calendar.name}` is a "
                    f"{_DAY_NAMES[day.weekday()]}, never a business day anyway",
                    span,
                    help="list the weekday on which the holiday is observed instead, or remove "
                    "the entry",
                )
