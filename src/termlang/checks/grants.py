"""Scenario grants no licence can judge, and revenue aggregates no figure can answer.

A grant is judged against the licences of its licensor by the asset it names
(evaluate/grants.py): a grant that names a scope instead leaves every licence silent. An
aggregate over a stream's revenue compares figures in the threshold's currency: figures in
another currency, with no exchange rate, can never satisfy it.
"""

from __future__ import annotations

from collections.abc import Iterator

from termlang import ast
from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.checks._time import walk
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import Licence, Model, Scenario

GRANT_WITHOUT_ASSET = RuleInfo(
    "TL855",
    "grant-without-asset",
    "a licensor's grant names a scope, not an asset, so no licence judges it",
    """\
A scenario's `grant` is judged against the licences of its party by what it grants: an asset
(the licence's `subject`), narrowed by `{ field ...; territory ... }`. A grant that names a
scope says where, not what: no licence can tell whether it was broken, and the grant would
pass as permitted. Name the asset, and put the scope in the grant's block.

    licence eu { licensor lab  licensee cloud  subject models  territory europe
                 exclusive yes }
    scenario s { grant lab rival europe 2026-02-01 }    # warning: which asset?""",
    Severity.WARNING,
)

AGGREGATE_CURRENCY = RuleInfo(
    "TL856",
    "aggregate-currency",
    "a revenue aggregate compares a stream whose figures are in another currency",
    """\
`sum of revenue(STREAM) ... > AMOUNT` adds the stream's figures in the threshold's currency.
When a scenario gives the stream's figures in another currency and no `exchange_rate`
converts them, no window can be compared: the condition never holds, whatever the figures.
Write the threshold in the figures' currency, or declare an exchange rate.

    trigger  sum of revenue(sales) over any 4 quarters > USD 10M
    scenario s { revenue sales { 2026 EUR 12M } }    # warning: EUR figures, a USD threshold""",
    Severity.WARNING,
)

RULES = (GRANT_WITHOUT_ASSET, AGGREGATE_CURRENCY)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    licensors = {c.licensor: c for c in model.clauses.values() if isinstance(c, Licence)}
    for scenario in model.scenarios.values():
        for act in scenario.acts:
            licence = licensors.get(act.party)
            term = model.terms.get(act.scope)
            if act.verb != "grant" or licence is None or term is None or term.kind == "asset":
                continue
            yield finding(
                GRANT_WITHOUT_ASSET,
                f"the grant of `{act.party}` to `{act.counterparty}` on {act.on} names the "
                f"scope `{act.scope}`, not an asset, so no licence judges it",
                act.spans.get("scope") or act.span,
                labels=[(licence.name_span, f"a licence of `{act.party}`")],
                help=f"name what is granted, like `grant {act.party} {act.counterparty} "
                f"{licence.subject[0]} {act.on} {{ territory {act.scope} }}`",
            )
        yield from _aggregate_currency(model, scenario)


def _aggregate_currency(model: Model, scenario: Scenario) -> Iterator[Diagnostic]:
    currencies: dict[str, str] = {}
    for fig in scenario.figures:
        currencies.setdefault(fig.subject, fig.amount.currency)
    if not currencies:
        return
    for c in model.clauses.values():
        conditions = ("starts_when", "ends_when", "trigger", "when")
        for expr in (getattr(c, name, None) for name in conditions):
            for node in walk(expr):
                found = _stream_threshold(node)
                if found is None:
                    continue
                stream, threshold = found
                theirs = currencies.get(stream)
                if theirs is None or theirs == threshold.currency:
                    continue
                pair = (f"{theirs}/{threshold.currency}", f"{threshold.currency}/{theirs}")
                if any(p in model.rates for p in pair):
                    continue
                yield finding(
                    AGGREGATE_CURRENCY,
                    f"`{c.name}` compares the revenue of `{stream}` with {threshold.currency}, "
                    f"while scenario `{scenario.name}` gives it in {theirs}",
                    node.span,
                    labels=[(scenario.name_span, "the scenario")],
                    help=f"write the threshold in {theirs}, or declare "
                    f"`exchange_rate {theirs}/{threshold.currency} ...`",
                )


def _stream_threshold(node: ast.Expr) -> tuple[str, ast.MoneyLit] | None:
    """`sum of revenue(STREAM) ... OP AMOUNT`: the stream and the amount."""
    if not isinstance(node, ast.Compare) or not isinstance(node.right, ast.MoneyLit):
        return None
    call = node.left
    if not (isinstance(call, ast.Call) and call.func == "sum" and len(call.args) == 3):
        return None
    subject = call.args[0]
    if (
        isinstance(subject, ast.Call)
        and subject.func == "revenue"
        and subject.args
        and isinstance(subject.args[0], ast.Ref)
    ):
        return subject.args[0].name, node.right
    return None
