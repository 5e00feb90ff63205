"""Words of the language that conditions read: the clause predicates and the metrics."""

from __future__ import annotations

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
