"""docs/checks.md, generated from the checks' `RULES` so the two never drift.

    python -m termlang.checks.catalog > docs/checks.md

A test compares the file with `render()`.
"""

from __future__ import annotations

from importlib import import_module

from termlang.diagnostics import RuleInfo

FAMILIES = (
    ("splits", "Splits"),
    ("windows", "Windows and dates"),
    ("temporal", "The temporal network: deadlines, notices, tranches, maturities"),
    ("exclusivity", "Exclusivity"),
    ("collaboration", "Collaboration vs exclusivity"),
    ("priority", "Priority access"),
    ("money", "Money"),
    ("revenue", "Revenue shares"),
    ("compute", "Compute"),
    ("conditions", "Conditions and events"),
    ("self_reference", "Conditions that read themselves"),
    ("dates", "Dates: the month rule"),
    ("hygiene", "Hygiene"),
    ("waterfall", "Waterfalls"),
    ("penalty", "Penalties"),
    ("convertible", "Convertibles and loans"),
    ("instruments", "Notes, SAFEs and SAFTs: outcomes, maturity, rounds"),
    ("refusal", "Rights of first refusal and first offer"),
    ("commitment", "Minimum commitments"),
    ("allocation", "Allocations"),
    ("calendar", "Holiday calendars"),
    ("survival", "Survival"),
    ("term", "Term, renewal and survival of its own end"),
    ("options", "Options: waiver and the consequences of exercise"),
    ("payment", "Payments"),
    ("licence", "Licences, assignments and binding status"),
    ("scenario", "Scenario lines the interpreter ignores"),
    ("bounds", "Value bounds"),
    ("streams", "Streams within streams"),
    ("absence", "What the agreement says it does not contain"),
    ("scenario_facts", "Scenario facts: occurrences, readings, fundings, acts"),
    ("grants", "Grants judged against licences, and revenue aggregates"),
    ("properties", "Properties (`termlang verify`)"),
    ("verification", "Results of `termlang verify` and `check --verify`"),
    ("labels", "Labels in the summaries' sentences"),
)

INTRO = """\
# Consistency checks

`termlang check` parses a file, resolves its names and then runs the consistency checks
below. They look for what slips through a Word redline: two clauses that cannot both be
honoured, figures that do not add up, dates that make a clause void. Each finding has a
stable code (`TL400`–`TL599` for the rules of each clause family, `TL800`–`TL919` for
terms, payments, scenario facts, instruments, the temporal network, value bounds, labels and
properties), points at the line to fix, points with secondary labels at the other clause
involved, and says in `help` how to fix it. `termlang explain CODE` prints the entry below
for one code.

Checks run only on a file with no syntax, structure or name errors (those are `TL0xx`–
`TL3xx`); an undeclared party, entity or event is one of those: `TL300`.

## How the checks reason about time

Without a scenario, events have no date. The checks therefore keep two readings of every
window (in force from its start to its end date, both included; an end that is an event's
name is not in force on the event's day):

- **certain**: the days a clause is in force whatever the events do;
- **possible**: the days it could be in force for some timing of the events (never before
  the agreement's effective date).

A conflict that is certain from the dates is reported with the code's default severity; a
conflict that only *can* happen, depending on when events happen, is a **warning** whose
message says "can" and names the events. Nothing else is reported: a check that cannot tell
stays quiet. `ends_when` conditions and terminations are early exits; overlaps are computed
for the windows as written, and a note mentions an `ends_when` that may cut them short.
Dates relative to one event are compared exactly (`signed .. signed + 1 month` ends after it
starts whatever the date of `signed`). Durations in months are counted at their shortest or
longest as the question requires (28 to 31 days a month).

The deadlines, triggers, notices, tranche conditions, maturities and event bounds
(`expected between A and B`, the signing by the long stop) form one network of difference
constraints (`date(a) - date(b) <= days`), solved exactly by shortest paths (Bellman-Ford);
see `TL412`, `TL413` and `TL840`-`TL844`. A requirement no schedule meets is an error whose
notes give the chain of lines that rules it out, link by link; one that only some schedules
miss is a warning only when the events deciding it have declared bounds, and names them.
Each finding carries a witness, a schedule where it bites: `termlang check --witness DIR`
writes it as a scenario file that `uses` the agreement, for `eval`, `timeline` and `render`.
Exact: fixed dates, day and week offsets, every chain of them, and the disjunctions of
`earliest`/`latest` and of `or` triggers, split into cases (at most 64 per requirement; a
requirement every case breaks is an error). Weaker than the truth, so a contradiction can be
missed but never invented: month offsets between two unknown dates (28 to 31 days), an
`earliest` of events with declared bounds (such an event may never happen), and requirements
past 64 cases (then only what every case shares counts). Events happen on or after the
effective date; an event with no declared bound can always be late, so a finding that needs
it late is not reported.

Overlap checks (exclusivities, priority grantees, collaborations, revenue rates, compute
allocations) group clauses first (by bound party and scope tree, asset tree, stream,
provider and unit) and then sweep over them in date order, so a 10,000-clause agreement
checks in seconds.

## Suppressing a finding

A finding that counsel have accepted is suppressed for one clause by a line inside that
clause, with the reason next to it:

```
exclusivity legacy_hosting {
  ...
  allow TL420 "overlap accepted by both parties in the side letter of 2025-10-02"
}
```

A suppressed finding does not count as an error or a warning and does not change the exit
status, but it is not hidden: the text output lists it after the summary with its reason,
the JSON output has a `suppressed` list (code, message, reason, range), and SARIF marks the
result with an in-source suppression and its justification. An `allow` that suppresses
nothing is reported (TL506).

## The month rule

Adding months, quarters or years keeps the day of the month and, when the target month is
shorter, **clamps to the month's last day**: `2026-01-31 + 1 month = 2026-02-28`,
`2024-01-31 + 1 month = 2024-02-29`, `2026-03-31 - 1 month = 2026-02-28`. Days and weeks are
exact. The checker warns (TL490) where clamping happens unless the agreement header states
the rule with `date_rule clamp`.
"""


# What tests/test_mutations.py measures: every example of examples/, made inconsistent by
# construction, one mutant per clause (or tranche, share, cap) a class applies to. The test
# fails when these figures differ from what it measures. (class, mutants caught, mutants)
MUTATION_CATCH: tuple[tuple[str, int, int], ...] = (
    ("deadline before its trigger", 14, 14),
    ("window end before its start", 31, 31),
    ("tranche deadline past the long-stop", 1, 1),
    ("maturity before issue", 4, 4),
    ("cap below a due amount", 4, 4),
    ("cap below a minimum commitment", 1, 1),
    ("share of a base above 100%", 16, 16),
    ("split parts not summing to 100%", 2, 2),
    ("tranches above the commitment", 8, 8),
    ("repayment above the return cap", 2, 2),
    ("absence stated beside a clause", 57, 57),
)

MUTATION_INTRO = """\
## Mutation test: what the checks catch

`tests/test_mutations.py` takes every example of `examples/` and makes it inconsistent by
construction: from the parsed model, one mutant per clause, tranche, share or cap that a
class of mutation applies to, each rewriting one line (a deadline the day before the event
that triggers it, a window that ends the day before it starts, a revenue share capped at one
unit of its currency, a share of 150%, a split one point off, a tranche doubled, a waterfall
tier past the investment's return cap, `excludes KIND` in the header of an agreement that has
such a clause, ...). Every mutant must get an error. The catch rate
per class, as measured (goal 100%):
"""


def rules_by_family() -> list[tuple[str, tuple[RuleInfo, ...]]]:
    return [
        (title, tuple(import_module(f"termlang.checks.{module}").RULES))
        for module, title in FAMILIES
    ]


def _entry(rule: RuleInfo) -> str:
    lines = [
        f"### {rule.code} {rule.name}",
        "",
        f"*{rule.summary}* (default severity: {rule.default_severity.value})",
        "",
    ]
    in_code = False
    for line in rule.description.splitlines():
        is_code = line.startswith("    ")
        if is_code and not in_code:
            if lines[-1] != "":
                lines.append("")
            lines.append("```")
            in_code = True
        elif not is_code and in_code and line.strip():
            while lines[-1] == "":
                lines.pop()
            lines.extend(["```", ""])
            in_code = False
        lines.append(line[4:] if is_code else line)
    if in_code:
        while lines[-1] == "":
            lines.pop()
        lines.append("```")
    return "\n".join(lines).rstrip() + "\n"


def render() -> str:
    """The whole of docs/checks.md."""
    parts = [INTRO, "\n## Index\n\n| code | name | severity | what |\n|---|---|---|---|\n"]
    for _, rules in rules_by_family():
        for r in rules:
            parts.append(
                f"| [{r.code}](#{r.code.lower()}-{r.name}) | `{r.name}` | "
                f"{r.default_severity.value} | {r.summary} |\n"
            )
    for title, rules in rules_by_family():
        parts.append(f"\n## {title}\n")
        for r in rules:
            parts.append("\n" + _entry(r))
    parts.append("\n" + _mutation_table())
    return "".join(parts)


def _mutation_table() -> str:
    lines = [MUTATION_INTRO, "| class | caught | mutants | rate |", "|---|---|---|---|"]
    missed = []
    for kind, caught, total in MUTATION_CATCH:
        lines.append(f"| {kind} | {caught} | {total} | {100 * caught // max(total, 1)}% |")
        if caught < total:
            missed.append(f"{kind} ({total - caught} of {total})")
    caught = sum(c for _, c, _ in MUTATION_CATCH)
    total = sum(t for _, _, t in MUTATION_CATCH)
    lines.append(f"| **all** | {caught} | {total} | {100 * caught // max(total, 1)}% |")
    if missed:
        lines += ["", "Still missed: " + "; ".join(missed) + "."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(render())
