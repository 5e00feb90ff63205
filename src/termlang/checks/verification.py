"""The results of `termlang verify` and `termlang check --verify`, as diagnostics.

Verification runs the interpreter, so it is orchestrated from the commands, above the
checks; its codes live here, beside the other rules, so that `termlang explain`, SARIF and
docs/checks.md list them. docs/verification.md says how a property is proved.
"""

from __future__ import annotations

from termlang.diagnostics import RuleInfo, Severity

COUNTER_EXAMPLE = RuleInfo(
    "TL900",
    "property-counter-example",
    "a property fails for some course of events the agreement allows",
    """\
`termlang verify` (and `termlang check --verify`) explores every course of events: each
event happens or not, at any date, in any order, with revenue anywhere within the bounds of
the `verify` block. A property that fails in one of them is reported with that course of
events (the dates, the amounts) and the change points that break it;
`termlang verify --write-scenario DIR` saves it as a scenario file that `termlang eval`
replays.

    property carve_out_respected "Anthropic in Copilot never breaches the exclusivity" {
      never  active(msft_anthropic_copilot) and active(partner_exclusivity) and
             not active(partner_exclusivity.anthropic_in_copilot)
    }    # error when the carve-out is missing: the collaboration starts inside the window""",
    Severity.ERROR,
)

UNKNOWN = RuleInfo(
    "TL901",
    "property-unknown",
    "a property could be neither proved nor refuted",
    """\
Verification says `unknown (reason)` rather than claim a proof it does not have: too many
courses of events to explore (more than the `limit` of the `verify` block), revenue a
property depends on without bounds in the `verify` block, or a mechanic the explorer does not
vary (offers under a first refusal, conversions, payments dates). The reason says which; the
help says what to add.

    verify {
      revenue  api between USD 0 and USD 50B per quarter    # bounds the revenue
      limit    50000                                         # allows more courses of events
    }""",
    Severity.WARNING,
)

BUDGET = RuleInfo(
    "TL902",
    "property-time-budget",
    "verifying a property ran out of its time budget",
    """\
`termlang check --verify` gives each property a budget of CPU time (`--verify-budget
SECONDS`, 20 by default) so that a pre-commit hook stays quick. A property whose courses of
events could not all be explored in time is reported with how many were explored; run
`termlang verify FILE` without a budget to finish, or narrow the property.

    termlang check --verify --verify-budget 30 deal.term""",
    Severity.WARNING,
)

RULES = (COUNTER_EXAMPLE, UNKNOWN, BUDGET)
