"""The order of actions within one day of the sweep (evaluate/core.py).

On one day, actions run in this order: the agreement's own status, then endings (windows,
deadlines, the long-stop), then conditions, then starts, then dated steps and events, then the
settlement of periods (which reads everything else of that day), and last the measurements
that read the settlements. A module that schedules an action imports its phase from here, so
no module repeats the numbers.
"""

from __future__ import annotations

import enum


class Phase(enum.IntEnum):
    AGREEMENT = 0
    END = 1
    WATCH = 2
    START = 3
    DATED = 4
    SETTLE = 5
    MEASURE = 6
