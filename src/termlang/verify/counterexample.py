"""Verdicts counsel can read: the course of events that breaks a property, the change points
that break it, and the same course as a scenario file `termlang eval` replays.
"""

from __future__ import annotations

from typing import Any

from termlang.checks.verification import BUDGET, COUNTER_EXAMPLE, UNKNOWN
from termlang.diagnostics import Diagnostic
from termlang.evaluate import Change
from termlang.evaluate.conditions import text_of
from termlang.fmt import format_text
from termlang.verify.engine import COUNTER_EXAMPLE as FAILS
from termlang.verify.engine import PROVED, Course, Result
from termlang.verify.properties import subjects

MAX_ROWS = 12


def course_lines(course: Course) -> list[str]:
    """`restructuring_completed  2026-12-31` / `agi_declared  never`, then the figures."""
    width = max((len(e) for e, _ in course.events), default=0)
    lines = [f"{e:<{width}}  {d.isoformat() if d else 'never'}" for e, d in course.events]
    streams: dict[tuple[str, str], list[str]] = {}
    for fig in course.figures:
        streams.setdefault(("revenue", fig.subject), []).append(str(fig.amount))
    for s in course.series:
        streams.setdefault((s.metric, s.subject), []).append(str(s.amount))
    for (metric, subject), amounts in streams.items():
        same = len(set(amounts)) == 1
        what = f"{amounts[0]} every period" if same else ", ".join(amounts)
        lines.append(f"{metric} {subject}: {what} ({course.bounds} end of its bounds)")
    return lines


def _subjects(result: Result) -> set[str]:
    return set() if result.prop is None else subjects(result.prop.condition)


def breaking_rows(result: Result) -> list[Change]:
    """The change points up to the breach about what the property reads (else the last ones)."""
    if result.timeline is None or result.breach is None:
        return []
    upto = [c for c in result.timeline.changes if c.on <= result.breach]
    subjects = _subjects(result)
    about = [c for c in upto if c.subject in subjects or c.subject.split(".")[0] in subjects]
    return (about or upto)[-MAX_ROWS:]


def verdict_line(result: Result) -> str:
    """One line: `proved  name  (how)`, `counter-example  name  fails on DATE`, ..."""
    if result.status == PROVED:
        return f"proved           {result.name}  ({result.reason})"
    if result.status == FAILS:
        return f"counter-example  {result.name}  fails on {result.breach}"
    return f"unknown          {result.name}  ({result.reason})"


def diagnostic(result: Result) -> Diagnostic | None:
    """TL900 for a counter-example, TL901 for unknown, TL902 when the budget ran out."""
    from termlang.checks._diag import finding

    prop = result.prop
    span = prop.span if prop is not None else None
    if result.status == PROVED:
        return None
    if result.status == FAILS:
        assert result.course is not None
        condition = text_of(prop.condition) if prop is not None else ""
        notes = ["course of events: " + "; ".join(course_lines(result.course))]
        notes += [
            f"{c.on}  {c.subject} {c.aspect}: {c.new} ({c.reason})" for c in breaking_rows(result)
        ]
        return finding(
            COUNTER_EXAMPLE,
            f"the property `{result.name}` fails on {result.breach}: "
            f"`{prop.mode if prop else ''} {condition}`",
            span,
            notes=notes,
            help=f"`termlang verify {span.path if span else 'FILE'} --write-scenario DIR` saves "
            "this course of events as a scenario that `termlang eval` replays",
        )
    rule = BUDGET if result.budget_exceeded else UNKNOWN
    return finding(
        rule,
        f"the property `{result.name}` is unknown: {result.reason}",
        span,
        help="run `termlang verify` without a budget"
        if result.budget_exceeded
        else "bound the figures or raise the `limit` in the `verify` block (docs/verification.md)",
    )


def scenario_name(result: Result) -> str:
    return f"breaks_{result.name}"


def scenario_text(result: Result, uses: str) -> str:
    """The counter-example as a scenario file that `uses` the agreement."""
    assert result.course is not None and result.horizon is not None
    label = (result.label or result.name).replace("\\", "\\\\").replace('"', '\\"')
    label = label.replace("\n", "\\n").replace("\t", "\\t").replace("\r", " ")
    lines = [
        f"# A course of events under which the property `{result.name}` fails on {result.breach},",
        "# found by `termlang verify`. Events not listed never happen.",
        f'uses "{uses}"',
        "",
        f'scenario {scenario_name(result)} "Counter-example: {label}" {{',
        f"  horizon  {result.horizon.isoformat()}",
    ]
    width = max((len(e) for e, _ in result.course.events), default=0)
    for event, day in result.course.events:
        lines.append(f"  {event:<{width}}  {day.isoformat() if day else 'never'}")
    blocks: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for fig in result.course.figures:
        blocks.setdefault(("revenue", fig.subject), []).append((fig.period, str(fig.amount)))
    for s in result.course.series:
        blocks.setdefault((s.metric, s.subject), []).append((s.period, str(s.amount)))
    for (metric, subject), rows in blocks.items():
        lines.append(f"  {metric} {subject} {{")
        lines.extend(f"    {period}  {amount}" for period, amount in rows)
        lines.append("  }")
    lines.append(f'  note "the property `{result.name}` fails on {result.breach}"')
    lines.append("}")
    text = "\n".join(lines) + "\n"
    try:
        return format_text(text)  # the layout `termlang fmt` writes
    except ValueError:
        return text


def to_json(result: Result, scenario_file: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": result.name,
        "label": result.label,
        "status": result.status,
        "reason": result.reason,
        "explored": result.explored,
        "courses": result.total,
        "events": list(result.events),
    }
    if result.status == FAILS and result.course is not None:
        out["breach"] = result.breach.isoformat() if result.breach else None
        out["course"] = {
            "events": {e: d.isoformat() if d else None for e, d in result.course.events},
            "figures": [
                {
                    "metric": "revenue",
                    "stream": f.subject,
                    "period": f.period,
                    "amount": str(f.amount),
                }
                for f in result.course.figures
            ]
            + [
                {
                    "metric": s.metric,
                    "stream": s.subject,
                    "period": s.period,
                    "amount": str(s.amount),
                }
                for s in result.course.series
            ],
        }
        out["rows"] = [c.to_json() for c in breaking_rows(result)]
        out["scenario_file"] = scenario_file
    return out
