"""Minimum commitments: a requirement that can be measured and computed."""

from __future__ import annotations

from collections.abc import Iterator

from termlang.checks._context import CheckContext
from termlang.checks._diag import finding
from termlang.diagnostics import Diagnostic, RuleInfo, Severity
from termlang.model import MinimumCommitment, Model
from termlang.values import Quantity

NO_FORECAST = RuleInfo(
    "TL550",
    "commitment-without-forecast",
    "a minimum commitment takes a share of a forecast that no scenario gives",
    """\
`share 80% of forecast` requires a share of the stream's `forecast` figures, which
scenarios give (`forecast STREAM { 2027 EUR 400K }`). When no scenario of the file has a
forecast of the stream, the share never applies and only the floor (if any) is required.
A warning: add the forecast to the scenarios, or drop the share.

    minimum_commitment purchases { party pelican  stream cathodes  share 80% of forecast }
    scenario base { revenue cathodes { 2027 EUR 300K } }    # warning: no forecast""",
    Severity.WARNING,
)

MEASURE = RuleInfo(
    "TL551",
    "commitment-measure-mismatch",
    "a minimum commitment on payments has a floor in units or a share of a forecast",
    """\
A commitment measured on what a revenue share pays (`payments royalty`) is measured in
money: a floor in units (`floor 500 tonnes`) cannot be compared with it, and there is no
stream whose forecast a `share` could take. Measure a stream instead (`stream cathodes`,
its `volume` figures for units), or give the floor as an amount.

    minimum_commitment minimum_royalty { party pelican  payments royalty  floor 500 t }
    # error""",
    Severity.ERROR,
)

RULES = (NO_FORECAST, MEASURE)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    model = ctx.model
    forecasts = {
        s.subject for sc in model.scenarios.values() for s in sc.series if s.metric == "forecast"
    }
    for c in model.clauses.values():
        if not isinstance(c, MinimumCommitment):
            continue
        if c.payments is not None:
            if isinstance(c.floor, Quantity):
                yield finding(
                    MEASURE,
                    f"`{c.name}` measures the payments of `{c.payments}` in money against a "
                    f"floor of {c.floor}",
                    c.where("floor"),
                    labels=[(c.where("payments"), "measured in money")],
                    help="give the floor as an amount, or measure a stream's `volume` with "
                    "`stream NAME`",
                )
            if c.share is not None:
                yield finding(
                    MEASURE,
                    f"`{c.name}` takes {c.share} of a forecast, but measures the payments of "
                    f"`{c.payments}`, which have no forecast",
                    c.where("share"),
                    labels=[(c.where("payments"), "no stream to forecast")],
                    help="measure a stream (`stream NAME`) to require a share of its forecast, "
                    "or give a floor",
                )
        elif c.share is not None and c.stream is not None:
            yield from _forecast(c, c.stream, model, forecasts)


def _forecast(
    c: MinimumCommitment, stream: str, model: Model, forecasts: set[str]
) -> Iterator[Diagnostic]:
    if not model.scenarios or stream in forecasts:
        return
    yield finding(
        NO_FORECAST,
        f"`{c.name}` requires {c.share} of the forecast of `{stream}`, but no scenario gives one",
        c.where("share"),
        help=f"add `forecast {stream} {{ PERIOD AMOUNT ... }}` to the scenarios, or remove "
        "the share",
    )
