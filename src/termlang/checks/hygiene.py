"""Hygiene: vocabulary declared but never used by the agreement, suppressions that suppress
nothing."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import Exclusivity, Licence, Located, Model


def _unused(code: str, kind: str, example: str, extra: str = "") -> RuleInfo:
    return RuleInfo(
        code,
        f"unused-{kind}",
        f"a declared {kind} is never used by the agreement",
        f"""\
Every {kind} an agreement declares should be named by some clause (or by the agreement
header). One that nothing names is left over from an earlier draft, or the clause that
should name it is missing, or a clause names a similar {kind} by mistake. Scenarios do not
count: a name a scenario mentions but no clause uses has no effect on the deal.{extra}
Remove the declaration, or use it.

    {example}    # warning: nothing refers to it""",
        Severity.WARNING,
    )


UNUSED = {
    "party": _unused("TL500", "party", 'party softbank "SoftBank Group Corp." role investor'),
    "entity": _unused(
        "TL501",
        "entity",
        'entity google "Google LLC"',
        "\nAn exclusivity concerns every outside entity (they are the others it excludes), so "
        "in\nan agreement with an exclusivity no entity is reported.",
    ),
    "event": _unused("TL502", "event", 'event ipo_completed "the company lists its shares"'),
    "asset": _unused("TL503", "asset", 'asset model_weights "the weights of the models"'),
    "scope": _unused(
        "TL504",
        "scope",
        'scope robotics "robotics applications"',
        "\nA scope that another scope sits `within` is used.",
    ),
    "stream": _unused("TL505", "stream", 'stream ads "advertising revenue"'),
}

UNUSED_ALLOW = RuleInfo(
    "TL506",
    "unused-allow",
    "an `allow` suppresses nothing",
    """\
`allow CODE "reason"` inside a clause suppresses that check's findings on the clause, and
summaries show the reason. When the check no longer finds anything there (the clause was
fixed, or the code is wrong), the `allow` is stale: it would silently hide a future finding
the parties never accepted. Remove it.

    exclusivity x {
      allow TL420 "accepted in the side letter"    # warning: x has no TL420 finding
    }""",
    Severity.WARNING,
)

RULES = (*UNUSED.values(), UNUSED_ALLOW)


def agreement_uses(model: Model) -> frozenset[str]:
    """The names the agreement itself refers to (scenarios left out), as `resolve` found them."""
    return model.used_by_agreement


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    if model.agreement is None:
        return
    used = agreement_uses(model)
    # third parties (and the scopes of their acts) are what exclusivities and licences judge
    has_exclusivity = any(isinstance(c, Exclusivity | Licence) for c in model.clauses.values())
    groups: list[tuple[str, Sequence[Located]]] = [
        ("party", list(model.parties.values())),
        ("entity", [] if has_exclusivity else list(model.entities.values())),
        ("event", list(model.events.values())),
        ("asset", list(model.assets())),
        ("scope", list(model.scopes())),
        ("stream", list(model.streams())),
    ]
    for kind, decls in groups:
        for decl in decls:
            name = getattr(decl, "name", "")
            if name in used:
                continue
            only_scenarios = name in ctx.used
            if only_scenarios and kind == "scope" and has_exclusivity:
                continue  # the scope of a third-party act (evaluate/acts.py, grants.py)
            yield finding(
                UNUSED[kind],
                f"the {kind} `{name}` is declared but "
                + (
                    "only scenarios mention it; no clause uses it"
                    if only_scenarios
                    else "never used"
                ),
                decl.name_span or decl.span,
                help=f"remove the declaration, or name `{name}` in the clause it belongs to",
            )
