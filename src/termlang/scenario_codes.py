"""Diagnostic codes of scenarios and expectations (`TL6xx`), on the floor of `codes`: the
interpreter reports them, and `allow` lines and `termlang explain` name them."""

from __future__ import annotations

from termlang.diagnostics import RuleInfo, Severity

UNKNOWN_SCENARIO = "TL600"
EXPECTATION_FAILED = "TL601"
UNKNOWN_EXPECTATION = "TL602"
BAD_EXPECTATION = "TL603"
BAD_SCENARIO_FILE = "TL604"
FIGURE_NOT_USED = "TL605"
BAD_DATE = "TL606"
UNSETTLED_CONDITION = "TL607"
NOT_EVALUABLE = "TL608"
PAYMENT_SETTLES_NOTHING = "TL615"
OVERPAID = "TL616"

E, W = Severity.ERROR, Severity.WARNING

RULES: tuple[RuleInfo, ...] = (
    RuleInfo(
        UNKNOWN_SCENARIO,
        "unknown-scenario",
        "a scenario name that the file does not declare",
        "`--scenario NAME` must name a `scenario` block of the file (or a JSON scenario file "
        "ending in `.json`). Without `--scenario`, the scenario marked `default` is used, else "
        "the first one, else an empty scenario in which no event happens.",
        E,
    ),
    RuleInfo(
        EXPECTATION_FAILED,
        "expectation-failed",
        "an expectation written in a scenario does not hold",
        "`expect DATE { ... }` states what must hold at the start of DATE under the scenario. "
        "The message gives the expected and the actual value, and a note says which change "
        "(event, date or clause) produced the actual value. Either the agreement or the "
        "expectation is wrong: `termlang timeline FILE --scenario NAME` shows every change.",
        E,
    ),
    RuleInfo(
        UNKNOWN_EXPECTATION,
        "unknown-expectation",
        "an expectation line starts with an unknown word",
        "Expectations are `status`, `in_force`, `agreement`, `holder`, `access`, `share`, "
        "`funded`, `paid`, `cap_reached` and `capacity` (docs/semantics.md lists their "
        "arguments).",
        E,
    ),
    RuleInfo(
        BAD_EXPECTATION,
        "bad-expectation",
        "an expectation has wrong or unknown arguments",
        "Each expectation takes fixed arguments, e.g. `status CLAUSE STATUS` or "
        "`paid CLAUSE USD 2B`; names must be declared and of the right kind.",
        E,
    ),
    RuleInfo(
        BAD_SCENARIO_FILE,
        "bad-scenario-file",
        "a JSON scenario file is malformed",
        "A JSON scenario is an object with `name`, optional `label`, `horizon`, `events` "
        "(event -> date or null for never), `revenue` (stream -> period -> amount) and "
        "`expect` (date -> list of expectation lines). See docs/semantics.md.",
        E,
    ),
    RuleInfo(
        FIGURE_NOT_USED,
        "figure-not-used",
        "a revenue figure cannot be used",
        "Figures of one stream must not overlap, and must share one currency unless an "
        "`exchange_rate` converts them. The interpreter ignores the figure.",
        W,
    ),
    RuleInfo(
        BAD_DATE,
        "bad-date",
        "a date given on the command line is not a date",
        "Dates are written `YYYY-MM-DD`, like `2027-01-01`.",
        E,
    ),
    RuleInfo(
        UNSETTLED_CONDITION,
        "unsettled-condition",
        "a condition keeps changing within one day",
        "A condition that depends on the clause it controls (for instance a carve-out whose "
        "`when` reads its own status) can flip forever. The interpreter stops re-evaluating "
        "it after 50 changes in one day; rewrite the condition so it does not read itself.",
        W,
    ),
    RuleInfo(
        NOT_EVALUABLE,
        "not-evaluable",
        "the file has errors, so it cannot be evaluated",
        "`eval`, `timeline` and `test` need a file that `termlang check` accepts; fix the "
        "errors it reports first.",
        E,
    ),
    RuleInfo(
        PAYMENT_SETTLES_NOTHING,
        "payment-settles-nothing",
        "a scenario pays an instalment that never fell due",
        "A `payments CLAUSE { PERIOD DATE }` line pays the instalment of that period. When no "
        "instalment arose for it (no revenue figure for the period, the clause was not in force, "
        "or the clause is paid once: write `DATE AMOUNT` lines for it), the line settles "
        "nothing and the interpreter ignores it.",
        W,
    ),
    RuleInfo(
        OVERPAID,
        "payment-overpaid",
        "a scenario pays more than was owed",
        "The `payments` lines of a clause pay more than the instalments that fell due (before "
        "the horizon): the excess settles nothing. Check the amount, or the instalments the "
        "clause gives (its caps, its period, its figures).",
        W,
    ),
)
