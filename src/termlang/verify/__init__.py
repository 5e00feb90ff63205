"""`termlang verify`: properties proved for every course of events, or a counter-example.

See docs/verification.md for the method and its limits.
"""

from termlang.verify.engine import (
    COUNTER_EXAMPLE,
    PROVED,
    UNKNOWN,
    Course,
    Result,
    replay_breach,
    verify_model,
    verify_property,
)

__all__ = [
    "COUNTER_EXAMPLE",
    "PROVED",
    "UNKNOWN",
    "Course",
    "Result",
    "replay_breach",
    "verify_model",
    "verify_property",
]
