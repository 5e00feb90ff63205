"""Labels that will read badly in summaries: the prose convention for events (docs/templates.md).

An event's label is used in sentences: "once the definitive agreements are signed", "on
15 May 2026, the definitive agreements are signed", "l'événement « … » est survenu le …".
So it is written either as a short sentence in the present tense ("the definitive agreements
are signed"), used as it is, or as a noun phrase ("the signing"), to which English adds "takes
place" where a sentence is needed ("once the signing takes place"); lower case but for names,
no final full stop, no `.term` notation. `is_sentence` tells the two apart for the summaries;
this check flags labels that no wording can repair. A hint: the file stays valid.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.diagnostics import Diagnostic, RuleInfo, Severity

LABEL_READS_BADLY = RuleInfo(
    "TL880",
    "label-reads-badly",
    "an event label will read badly in the summaries' sentences",
    """\
Summaries use an event's label inside sentences: "once <label>", "on 15 May 2026,
<label>", "before <label>". The convention (docs/templates.md, "Labels and phrases") is a
short sentence in the present tense (`"the definitive agreements are signed"`, `"OpenAI
completes its restructuring"`) or a noun phrase (`"the signing"`, `"a change of control of
the company"`: summaries then say "once the signing takes place"). This hint flags a label
that is in the past tense or says it happened ("the contract was signed", "signing
happened": the summary supplies the tense), that ends with a full stop, or that shows
`.term` notation (`1_000`, `snake_case`, backticks). A hint.

    event signed "the contract was signed." # hint: "the contract is signed", no full stop
    event paid "USD 1_000_000 is paid"      # hint: "the price is paid" (or "USD 1,000,000")""",
    Severity.NOTE,
)

RULES = (LABEL_READS_BADLY,)

# Finite verbs (and auxiliaries) common in event labels that do not end in -s.
_VERBS = frozenset(
    [
        "is",
        "are",
        "be",
        "become",
        "becomes",
        "do",
        "does",
        "can",
        "may",
        "must",
        "shall",
        "will",
        "gets",
        "get",
        "go",
        "goes",
        "clear",
        "close",
        "pay",
        "sign",
        "agree",
        "complete",
        "declare",
        "approve",
        "occur",
        "happen",
        "fall",
        "reach",
        "terminate",
        "expire",
        "lapse",
    ]
)
_PAST = frozenset(["was", "were", "had", "happened", "occurred", "took"])
_NOT_VERBS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "by",
        "with",
        "at",
        "from",
        "and",
        "or",
        "as",
        "its",
        "their",
        "this",
        "that",
        "these",
        "those",
        "less",
        "more",
        "plus",
        "minus",
    ]
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def problem(label: str) -> str | None:
    """Why `label` reads badly in any sentence, or None."""
    text = label.strip()
    if "`" in text or "_" in text:
        return "shows `.term` notation"
    if text.endswith((".", "!", ";", ":")):
        return "ends with punctuation"
    lower = [w.lower() for w in _WORD.findall(text)]
    if any(w in _PAST for w in lower) or " has been " in f" {text} " or " have been " in text:
        return "is in the past tense"
    return None


def is_sentence(label: str) -> bool:
    """Whether `label` is a sentence (has a finite verb) rather than a noun phrase."""
    words = _WORD.findall(label)
    lower = [w.lower() for w in words]
    if any(w in _PAST for w in lower):
        return True
    for index, word in enumerate(words):
        low = word.lower()
        if low in _VERBS:
            return True
        previous = lower[index - 1] if index else ""
        if (
            index
            and word[0].islower()
            and low.endswith("s")
            and not low.endswith(("ss", "us", "is", "ments", "tions", "ings", "ers", "ties"))
            and previous not in _NOT_VERBS
        ):
            return True  # "Atlas delivers", "regulators clear" (a plural noun and a verb)
    return False


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    for event in ctx.model.events.values():
        if not event.label:
            continue
        why = problem(event.label)
        if why is None:
            continue
        yield finding(
            LABEL_READS_BADLY,
            f"the label of event `{event.name}` {why}: `{event.label}` will read badly in "
            "the summaries",
            event.where("label"),
            help="write the label as a short sentence in the present tense, lower case, "
            'without a full stop: `"the definitive agreements are signed"`',
        )
