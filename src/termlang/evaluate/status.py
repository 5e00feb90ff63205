"""The status of a clause, a tranche, a carve-out or the agreement: one enum.

`Status` is a `str` enum, so a status compares equal to its word (`Status.ACTIVE == "active"`)
and JSON output and `expect` lines keep their words; code asks `.started` and `.ended`
instead of repeating lists of words.
"""

from __future__ import annotations

import enum


class Status(enum.StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    SIGNED = "signed"  # the agreement only: its definitive agreements are signed
    FUNDED = "funded"  # a tranche
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    TERMINATED = "terminated"
    LAPSED = "lapsed"
    FULFILLED = "fulfilled"
    BREACHED = "breached"
    WAIVED = "waived"  # an option its holder gave up (evaluate/options.py)

    @property
    def started(self) -> bool:
        """It has come into force at some point (whatever became of it since)."""
        return self is not Status.PENDING and self is not Status.LAPSED

    @property
    def ended(self) -> bool:
        """It is over for good: nothing in the agreement brings it back."""
        return self in _ENDED


_ENDED = frozenset(
    {
        Status.EXPIRED,
        Status.TERMINATED,
        Status.LAPSED,
        Status.FULFILLED,
        Status.BREACHED,
        Status.WAIVED,
    }
)
# Ended by something else than its own course (a termination, the long-stop, its window
# passing before its condition): nothing accrues after, no shortfall falls due after.
CUT_SHORT = frozenset({Status.TERMINATED, Status.LAPSED})


def as_status(word: str) -> Status | str:
    """The `Status` for a status word; another word (from a newer clause kind) stays a word."""
    try:
        return Status(word)
    except ValueError:
        return word


def has_ended(word: str | None) -> bool:
    """Whether a status word (or none yet) is over for good (`Status.ended`)."""
    status = as_status(word) if word is not None else None
    return isinstance(status, Status) and status.ended


class OptionStatus(enum.StrEnum):
    """Where an option (a `may` obligation: an election, a notice right) stands."""

    PENDING = "pending"  # not open yet: its window or trigger has not come
    OPEN = "open"  # may be exercised
    EXERCISED = "exercised"  # its `fulfilled_by` event happened while it was open
    EXPIRED = "expired"  # its deadline or window passed, or it ended, unexercised
    WAIVED = "waived"  # its holder gave it up (a scenario's `waived` line)


def option_status(clause_status: str) -> OptionStatus:
    """An option's status, read from its clause's status (the one lifecycle both follow)."""
    if clause_status == Status.PENDING:
        return OptionStatus.PENDING
    if clause_status in (Status.ACTIVE, Status.SUSPENDED):
        return OptionStatus.OPEN
    if clause_status == Status.FULFILLED:
        return OptionStatus.EXERCISED
    if clause_status == Status.WAIVED:
        return OptionStatus.WAIVED
    return OptionStatus.EXPIRED
