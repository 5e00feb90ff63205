"""Diagnostics: what checks report, and a collector for them.

Message style (documented, not enforced): start lowercase, no trailing period, quote
user input in backticks, e.g. ``unknown party `microsft```.

Labels: ``Diagnostic.span`` is the primary location.  A label whose span is the same
location as ``span`` supplies the text shown under the primary underline; all other
labels are secondary locations ("similar name declared here").
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator

import attrs

from termlang.source import Span

__all__ = ["DEFAULT_LIMIT", "Diagnostic", "Diagnostics", "Label", "Severity"]

DEFAULT_LIMIT = 200
OVERFLOW_CODE = "TL003"


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@attrs.frozen
class Label:
    span: Span
    message: str = ""


def _label_tuple(labels: Iterable[Label]) -> tuple[Label, ...]:
    return labels if isinstance(labels, tuple) else tuple(labels)


def _str_tuple(notes: Iterable[str]) -> tuple[str, ...]:
    return notes if isinstance(notes, tuple) else tuple(notes)


@attrs.frozen
class Diagnostic:
    code: str
    severity: Severity
    message: str
    span: Span | None
    labels: tuple[Label, ...] = attrs.field(default=(), converter=_label_tuple)
    help: str | None = None
    notes: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)

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


class Diagnostics:
    """Collects diagnostics, keeping at most ``limit`` per file (``None``: no limit).

    Diagnostics past the limit are counted (``len``, ``count``, ``has_errors`` include
    them) but not stored; :meth:`summary_overflow` then reports how many were dropped.
    """

    __slots__ = ("_counts", "_dropped", "_items", "_per_file", "limit")

    def __init__(self, limit: int | None = DEFAULT_LIMIT) -> None:
        self.limit = limit
        self._items: list[Diagnostic] = []
        self._per_file: dict[str, int] = {}
        self._counts: dict[Severity, int] = dict.fromkeys(Severity, 0)
        self._dropped = 0

    # -- adding -------------------------------------------------------------------

    def add(self, diagnostic: Diagnostic) -> None:
        self._counts[diagnostic.severity] += 1
        if self.limit is not None:
            path = diagnostic.path
            seen = self._per_file.get(path, 0)
            if seen >= self.limit:
                self._dropped += 1
                return
            self._per_file[path] = seen + 1
        self._items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            self.add(diagnostic)

    def report(
        self,
        severity: Severity,
        code: str,
        message: str,
        span: Span | None,
        *,
        labels: Iterable[Label] = (),
        help: str | None = None,
        notes: Iterable[str] = (),
    ) -> Diagnostic:
        diagnostic = Diagnostic(code, severity, message, span, tuple(labels), help, tuple(notes))
        self.add(diagnostic)
        return diagnostic

    def error(
        self,
        code: str,
        message: str,
        span: Span | None,
        *,
        labels: Iterable[Label] = (),
        help: str | None = None,
        notes: Iterable[str] = (),
    ) -> Diagnostic:
        return self.report(
            Severity.ERROR, code, message, span, labels=labels, help=help, notes=notes
        )

    def warning(
        self,
        code: str,
        message: str,
        span: Span | None,
        *,
        labels: Iterable[Label] = (),
        help: str | None = None,
        notes: Iterable[str] = (),
    ) -> Diagnostic:
        return self.report(
            Severity.WARNING, code, message, span, labels=labels, help=help, notes=notes
        )

    def note(
        self,
        code: str,
        message: str,
        span: Span | None,
        *,
        labels: Iterable[Label] = (),
        help: str | None = None,
        notes: Iterable[str] = (),
    ) -> Diagnostic:
        return self.report(
            Severity.NOTE, code, message, span, labels=labels, help=help, notes=notes
        )

    # -- querying -----------------------------------------------------------------

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self._items)

    def __len__(self) -> int:
        """Number of diagnostics stored (dropped ones excluded)."""
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items) or self._dropped > 0

    @property
    def has_errors(self) -> bool:
        """True if any error was added (including dropped ones)."""
        return self._counts[Severity.ERROR] > 0

    def count(self, severity: Severity) -> int:
        """Number of diagnostics of ``severity`` added, including dropped ones."""
        return self._counts[severity]

    @property
    def error_count(self) -> int:
        return self._counts[Severity.ERROR]

    @property
    def warning_count(self) -> int:
        return self._counts[Severity.WARNING]

    @property
    def note_count(self) -> int:
        return self._counts[Severity.NOTE]

    @property
    def dropped(self) -> int:
        return self._dropped

    def sorted(self) -> list[Diagnostic]:
        """Stored diagnostics ordered by (path, start offset, code); stable."""
        return sorted(self._items, key=Diagnostic.sort_key)

    def summary_overflow(self) -> Diagnostic | None:
        """A ``TL003`` note if diagnostics were dropped by the limit, else ``None``."""
        if not self._dropped:
            return None
        return Diagnostic(
            OVERFLOW_CODE,
            Severity.NOTE,
            f"too many diagnostics: {self._dropped} more not shown",
            None,
            help=None if self.limit is None else f"at most {self.limit} are shown per file",
        )
