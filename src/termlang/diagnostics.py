"""Diagnostics: what every stage reports (the per-file cap lives in `pipeline`).

Message style (documented, not enforced): start lowercase, no trailing period, quote
user input in backticks, e.g. ``unknown party `microsft```.

Labels: ``Diagnostic.span`` is the primary location.  A label whose span is the same
location as ``span`` supplies the text shown under the primary underline; all other
labels are secondary locations ("similar name declared here").
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from termlang.source import Span

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen

__all__ = ["Diagnostic", "Label", "Severity"]


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@frozen
class RuleInfo:
    """What a diagnostic code means: its name, a summary, the documentation `termlang explain`
    prints, and its default severity (also SARIF's `tool.driver.rules`)."""

    code: str
    name: str
    summary: str
    description: str
    default_severity: Severity


@frozen
class Label:
    span: Span
    message: str = ""


def _label_tuple(labels: Iterable[Label]) -> tuple[Label, ...]:
    return labels if isinstance(labels, tuple) else tuple(labels)


def _str_tuple(notes: Iterable[str]) -> tuple[str, ...]:
    return notes if isinstance(notes, tuple) else tuple(notes)


@frozen
class Diagnostic:
    code: str
    severity: Severity
    message: str
    span: Span | None
    labels: tuple[Label, ...] = attrs.field(default=(), converter=_label_tuple)
    help: str | None = None
    notes: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)

    @classmethod
    def error(
        cls,
        code: str,
        message: str,
        span: Span | None,
        *,
        help: str | None = None,
        labels: Iterable[Label] = (),
    ) -> Diagnostic:
        """An error: what most stages report (the severity is the code's, written once here)."""
        return cls(code, Severity.ERROR, message, span, tuple(labels), help)

    @classmethod
    def stopped(cls, message: str, help: str) -> Diagnostic:
        """The TL003 note of a stage that stopped early (too many findings, or errors)."""
        return cls("TL003", Severity.NOTE, message, None, (), help)

    @property
    def path(self) -> str:
        """Display path of the primary span's file, ``""`` when file-less."""
        return "" if self.span is None else self.span.source.path

    def sort_key(self) -> tuple[str, int, str]:
        """(path, start offset, code); file-less diagnostics sort first."""
        span = self.span
        if span is None:
            return ("", -1, self.code)
        return (span.source.path, span.start, self.code)

    def primary_label(self) -> Label | None:
        """The label on the primary span, if any."""
        span = self.span
        if span is None:
            return None
        for label in self.labels:
            if label.span.same_location(span):
                return label
        return None

    def secondary_labels(self) -> tuple[Label, ...]:
        """All labels except :meth:`primary_label`."""
        primary = self.primary_label()
        return tuple(label for label in self.labels if label is not primary)
