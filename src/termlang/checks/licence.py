"""Licences, assignments and binding status: grants that cannot all hold, fees paid by the
wrong parties, assignments by someone who holds nothing, and binding terms said twice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from termlang import ast
from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.checks._time import clause_reach, overlap, period, source, uncertainty
from termlang.dates import bounds, static_env
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import Assignment, Licence, Model, PaymentObligation, RevenueShare
from termlang.source import Span

EXCLUSIVE_OVERLAP = RuleInfo(
    "TL814",
    "exclusive-licence-overlap",
    "a licence overlaps an exclusive licence of the same subject to another licensee",
    """\
An exclusive licence promises the licensee that nobody else, the licensor included, is
licensed the subject in its field and territory while it runs. A second licence of the same
subject (or a part of it) to another licensee, in an overlapping field and territory, at an
overlapping time, breaks that promise. Fields and territories are scopes: two overlap when
one sits within the other; a licence without a field (or territory) covers every one.

    licence uk_exclusive { licensor atlas  licensee pelican  subject datasets
                           territory uk  exclusive yes }
    licence heron_uk     { licensor atlas  licensee heron    subject datasets
                           territory england }      # error: `england` is within `uk`""",
    Severity.ERROR,
)

FEE_PARTIES = RuleInfo(
    "TL815",
    "licence-fee-parties",
    "a licence's fee is not paid by its licensee to its licensor",
    """\
The `fee` of a licence names the `payment` (or `revenue_share`) that pays for it: its payer
is the licensee and its payee the licensor. Other parties mean the wrong clause was named,
or the roles were swapped.

    licence data { licensor atlas  licensee pelican  subject datasets  fee issue_fee }
    payment issue_fee { payer atlas  payee pelican ... }   # warning: the wrong way round""",
    Severity.WARNING,
)

ASSIGNOR_HOLDS_NOTHING = RuleInfo(
    "TL816",
    "assignment-without-rights",
    "an assignment moves rights its assignor does not hold",
    """\
An assignment moves a clause's rights from the assignor to the assignee; the assignor must
be a party of that clause (a licence's licensee or licensor, a payment's payee, ...), and
the assignee someone else. Otherwise the assignment moves nothing.

    licence data { licensor atlas  licensee pelican  subject datasets }
    assignment to_heron { assigns data  assignor heron  assignee kite  on sold }
                        # error: `heron` holds no rights under `data`""",
    Severity.ERROR,
)

BINDING_TWICE = RuleInfo(
    "TL817",
    "binding-from-already-binding",
    "a clause binds from an event but already binds from the start",
    """\
`binding_from EVENT` says a clause binds only once the event happens (the signature of the
definitive agreement). A clause the header already makes binding (`binding yes`, or listed in
`binding no except ...`) binds from the effective date, so the two statements contradict
each other: drop one.

    agreement "..." { binding no except exclusivity  ... }
    exclusivity exclusivity { binding_from definitive_signed ... }   # warning""",
    Severity.WARNING,
)

RECITAL_IN_FUTURE = RuleInfo(
    "TL819",
    "recital-in-future",
    "a recital of past facts has dates after the effective date",
    """\
`recital yes` marks a clause as a statement of past facts (money already invested, a pilot
already run): history, which never lapses with the agreement. A recital whose window or
tranches are dated after the effective date describes the future, so it is a term, not a
recital: remove `recital`, or correct the dates.

    investment pilot_funding {
      investor   pelican
      recipient  atlas
      recital    yes
      tranche later { amount GBP 200K; on 2027-05-01 }   # warning: after 2026-01-01
    }""",
    Severity.WARNING,
)

RULES = (
    EXCLUSIVE_OVERLAP,
    FEE_PARTIES,
    ASSIGNOR_HOLDS_NOTHING,
    BINDING_TWICE,
    RECITAL_IN_FUTURE,
)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    m = ctx.model
    licences = [c for c in m.clauses.values() if isinstance(c, Licence)]
    yield from _exclusive(m, licences)
    for lic in licences:
        yield from _fee(m, lic)
    for c in m.clauses.values():
        if isinstance(c, Assignment):
            yield from _assignment(m, c)
    a = m.agreement
    if a is not None:
        yield from _recitals(m, a.effective)
        for c in m.clauses.values():
            if c.binding_from is not None and (a.binding or c.name in a.binding_clauses):
                when = c.binding_from.span.text if c.binding_from.span else "an event"
                yield finding(
                    BINDING_TWICE,
                    f"`{c.name}` binds from `{when}`, but the agreement's header already makes "
                    "it binding",
                    c.where("binding_from"),
                    labels=[(a.where("binding"), "binding from the effective date")],
                    help="remove `binding_from`, or take the clause out of the header's "
                    "`binding` line",
                )


def _covers(m: Model, a: tuple[str, ...], b: tuple[str, ...]) -> str | None:
    """Where two lists of scopes overlap (an empty list covers everything)."""
    if not a or not b:
        return (a or b or ("everything",))[0]
    for x in a:
        for y in b:
            if m.overlaps(x, y):
                return y
    return None


def _exclusive(m: Model, licences: list[Licence]) -> Iterator[Diagnostic]:
    env = static_env(m)
    for i, first in enumerate(licences):
        for second in licences[i + 1 :]:
            if not (first.exclusive or second.exclusive) or first.licensee == second.licensee:
                continue
            subject = _covers(m, first.subject, second.subject)
            field = _covers(m, first.field_of_use, second.field_of_use)
            where = _covers(m, first.territory, second.territory)
            if subject is None or field is None or where is None:
                continue
            a, b = clause_reach(first, env), clause_reach(second, env)
            found = overlap(a, b, first.name, second.name, env)
            if found is None:
                continue
            exclusive, other = (first, second) if first.exclusive else (second, first)
            when = period(found.start, found.end)
            message = (
                f"`{other.name}` licenses `{subject}` to `{other.licensee}` {when}, while "
                f"`{exclusive.name}` licenses it exclusively to `{exclusive.licensee}`"
            )
            if not found.certain:
                message += f", {uncertainty(a, b)}"
            yield finding(
                EXCLUSIVE_OVERLAP,
                message,
                other.where("subject"),
                labels=[(exclusive.where("exclusive"), "exclusive")],
                help="narrow the field or the territory of one licence, or end one before "
                "the other starts",
                severity=Severity.ERROR if found.certain else Severity.WARNING,
            )


def _fee(m: Model, lic: Licence) -> Iterator[Diagnostic]:
    fee = m.clauses.get(lic.fee) if lic.fee else None
    if not isinstance(fee, PaymentObligation | RevenueShare):
        return
    if fee.payer != lic.licensee or fee.payee != lic.licensor:
        yield finding(
            FEE_PARTIES,
            f"the fee of `{lic.name}` is paid by `{fee.payer}` to `{fee.payee}`, not by the "
            f"licensee `{lic.licensee}` to the licensor `{lic.licensor}`",
            lic.where("fee"),
            labels=[(fee.where("payer"), "the payer")],
            help=f"name the clause by which `{lic.licensee}` pays `{lic.licensor}`, or swap "
            f"`payer` and `payee` in `{fee.name}`",
        )


def _parties_of(c: object) -> set[str]:
    """Every party a clause names in a field that holds rights or duties."""
    out: set[str] = set()
    for field in (
        "licensor",
        "licensee",
        "payer",
        "payee",
        "holder",
        "grantee",
        "investor",
        "recipient",
        "lender",
        "borrower",
        "issuer",
        "party",
        "provider",
        "beneficiary",
    ):
        value = getattr(c, field, None)
        if isinstance(value, str):
            out.add(value)
    for field in ("parties", "benefits", "binds"):
        value = getattr(c, field, None)
        if isinstance(value, tuple):
            out.update(value)
    return out


def _assignment(m: Model, c: Assignment) -> Iterator[Diagnostic]:
    target = m.clauses.get(c.assigns)
    if target is None:
        return
    if c.assignor == c.assignee:
        yield finding(
            ASSIGNOR_HOLDS_NOTHING,
            f"`{c.name}` assigns `{c.assigns}` from `{c.assignor}` to itself",
            c.where("assignee"),
            help="name the party that receives the rights in `assignee`",
        )
        return
    holders = _parties_of(target)
    if holders and c.assignor not in holders:
        yield finding(
            ASSIGNOR_HOLDS_NOTHING,
            f"`{c.assignor}` holds no rights under `{c.assigns}`, which `{c.name}` assigns",
            c.where("assignor"),
            labels=[(target.name_span, f"the parties of `{c.assigns}`")],
            help=f"the assignor is one of {', '.join(f'`{p}`' for p in sorted(holders))}",
        )


def _recitals(m: Model, effective: date) -> Iterator[Diagnostic]:
    for c in m.clauses.values():
        if not c.recital:
            continue
        dated: list[tuple[str, ast.Expr | None, Span | None]] = []
        if c.window is not None:
            dated.append(("its window", c.window.start, c.where("window")))
        for part in getattr(c, "tranches", ()):
            dated.append((f"tranche `{part.name}`", part.on, part.where("on")))
        env = static_env(m)
        for what, expr, span in dated:
            lo = bounds(expr, env)[0] if expr is not None else None
            if lo is not None and lo > effective:
                yield finding(
                    RECITAL_IN_FUTURE,
                    f"`{c.name}` is a recital of past facts, but {what} is dated "
                    f"{source(expr)}, after the effective date {effective.isoformat()}",
                    span,
                    labels=[(c.where("recital"), "a recital")],
                    help="remove `recital yes` (the clause is a term), or correct the date",
                )
