"""Building diagnostics in the checks: one rule, one located message, labels that may be missing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

import attrs

from termlang.diagnostics import Diagnostic, Label, RuleInfo, Severity
from termlang.source import Span


def finding(
    rule: RuleInfo,
    message: str,
    span: Span | None,
    *,
    labels: Iterable[tuple[Span | None, str]] = (),
    help: str | None = None,
    notes: Iterable[str] = (),
    severity: Severity | None = None,
) -> Diagnostic:
    """A diagnostic for `rule`; labels whose span is unknown (or is the primary span) drop out."""
    kept = tuple(
        Label(s, m)
        for s, m in labels
        if s is not None and (span is None or not s.same_location(span))
    )
    return Diagnostic(
        code=rule.code,
        severity=severity or rule.default_severity,
        message=message,
        span=span,
        labels=kept,
        help=help,
        notes=tuple(notes),
    )


D = TypeVar("D", bound=Diagnostic)


def recast(diagnostic: Diagnostic, cls: type[D], **changes: Any) -> D:
    """`diagnostic` as a `cls` (Diagnostic or a subclass that carries more: a suppression,
    a witness), its fields kept but for `changes`."""
    fields = {f.name: getattr(diagnostic, f.name) for f in attrs.fields(Diagnostic)}
    return cls(**{**fields, **changes})
