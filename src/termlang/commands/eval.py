"""`termlang eval FILE [--scenario NAME|PATH.json] --at DATE [--format text|json]`.

The state of an agreement at the start of a day under a scenario: statuses, priority
access, splits, funding, revenue-share payments, compute and obligations.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from termlang.textsafe import show_controls


def run(args: argparse.Namespace) -> int:
    from termlang.commands._inputs import (
        Refused,
        choose_scenario,
        open_model,
        parse_date,
        warn_figures,
    )
    from termlang.evaluate import run as evaluate

    try:
        at = parse_date(args.at, "--at")
        m = open_model(args.file, args.allow_outside)
        scenario = choose_scenario(m, args.scenario)
    except Refused as refused:
        return refused.status
    assert at is not None
    warn_figures(m, scenario)
    timeline = evaluate(m, scenario, end=at)
    state = timeline.state_at(at)
    if getattr(args, "cap_table", False):
        return print_cap_tables(state, args.format)
    if args.format == "json":
        out = state.to_json()
        out["payments"] = [  # each period settled by then: due date, payment, days late
            {**p.to_json(), "days_late": p.days_late(at)} for p in timeline.payments if p.end <= at
        ]
        sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    else:
        print_state(state, m, timeline)
    return 0


def print_state(state: Any, m: Any, timeline: Any) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from termlang.commands._inputs import for_reading

    def plain(text: str) -> Text:
        """Text from the file as it is: no rich markup (`[/bold]` in a title), no controls."""
        return Text(show_controls(text))

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 140)
    console.print(
        Text.assemble(
            (show_controls(m.agreement.title if m.agreement else m.path), "bold"),
            f" on {state.at} under scenario ",
            (show_controls(state.scenario), "bold"),
            ": agreement ",
            (str(state.agreement), "bold"),
        )
    )
    from termlang.render.view import reason_words

    table = Table(title="Clauses", title_justify="left", show_edge=False)
    table.add_column("clause")
    table.add_column("status")
    table.add_column("since")
    table.add_column("why", overflow="fold")
    for name, status in state.statuses.items():
        last = timeline.last_change(name, "status", state.at)
        table.add_row(
            plain(name),
            plain(str(status)),
            str(last.on) if last else "",
            plain(reason_words(m, last.reason) if last else "not started"),
        )
    console.print(table)
    v = _words()
    lines: list[str] = []
    for asset, holders in state.priority.items():
        who = ", ".join(f"{h} (since {since})" for h, since in holders)
        lines.append(f"priority access to {asset}: {who}")
    for asset, shares in state.splits.items():
        lines.append(
            f"split of {asset}: " + ", ".join(f"{p} {v(pct)}" for p, pct in shares.items())
        )
    for investor, amount in state.funded.items():
        lines.append(f"funded by {investor}: {v(amount)}")
    for clause, amount in state.paid.items():
        lines.append(_capped(f"paid under {clause}: {v(amount)}", state.caps_reached.get(clause)))
    for clause, capacity in state.compute.items():
        lines.append(f"compute under {clause}: {v(capacity)}")
    for clause, due in state.due.items():
        lines.append(f"{clause} due by {due}: {state.statuses.get(clause)}")
    for p in timeline.payments:
        if p.end <= state.at and p.due_by is not None:
            late = p.days_late(state.at)
            paid = f", paid on {p.paid_on}" if p.paid_on and p.paid_on < state.at else ""
            lines.append(
                f"{p.clause} {p.period}: {p.due} due by {p.due_by}{paid}"
                + (f", {late} days late" if late else "")
            )
    lines.extend(_mechanics(state))
    if lines:
        console.print()
        for line in lines:
            console.print(plain(for_reading(line)))


_CAP_ROWS = {
    "existing_holders": "existing holders (fully diluted)",
    "pool_increase": "option pool increase",
    "new_investors": "new investors",
}


def print_cap_tables(state: Any, fmt: str) -> int:
    """`eval --cap-table`: the capitalization after each priced round up to the date."""
    if fmt == "json":
        tables = {k: v.to_json() for k, v in state.cap_tables.items()}
        sys.stdout.write(json.dumps(tables, indent=2, ensure_ascii=False) + "\n")
        return 0
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 140)
    if not state.cap_tables:
        console.print(f"no priced round with a capitalization by {state.at}")
    for event, cap in state.cap_tables.items():
        table = Table(title=f"Cap table after `{event}` on {cap.on}", title_justify="left")
        table.add_column("holder")
        table.add_column("units", justify="right")
        table.add_column("%", justify="right")
        for holder, units, percent in cap.rows:
            shown = _CAP_ROWS.get(holder, holder)
            table.add_row(show_controls(shown), f"{units:,}", f"{percent}")
        console.print(table)
    return 0


def _words() -> Any:
    """The value formatter the summaries use (English), for amounts in the text output."""
    from termlang.locales import Formatter

    fmt = Formatter("en")
    return lambda value: fmt.value(value).replace("\u00a0", " ")


def _mechanics(state: Any) -> list[str]:
    """The mechanics' outcomes that JSON carries too: offers and third-party deals, waterfall
    receipts, penalties and the rights they give, interest, repayments, conversions,
    shortfalls, allocations and survival (one line each, in the file's terms)."""
    v = _words()
    lines: list[str] = []
    for clause, status in state.offers.items():
        lines.append(f"latest offer under {clause}: {status}")
    for clause, deals in state.deals.items():
        for deal in deals:
            verdict = "permitted" if deal.permitted else "not permitted"
            lines.append(
                f"third-party deal under {clause} on {deal.on} at {v(deal.price)}: {verdict}"
            )
    for waterfall, parts in state.received.items():
        got = ", ".join(f"{to} {v(amount)}" for to, amount in parts.items())
        lines.append(f"received under {waterfall}: {got}")
    for tier, on in state.tiers_reached.items():
        lines.append(f"tier {tier} reached on {on}")
    for penalty, amount in state.penalties.items():
        line = f"penalty {penalty} accrued: {v(amount)}"
        lines.append(_capped(line, state.penalty_caps.get(penalty)))
    for penalty, on in state.terminate_rights.items():
        lines.append(f"right to terminate under {penalty} since {on}")
    for loan, amount in state.interest.items():
        lines.append(f"interest accrued on {loan}: {v(amount)}")
    for clause, amount in state.repaid.items():
        lines.append(f"repaid under {clause}: {v(amount)}")
    for clause, c in state.conversions.items():
        parts = [f"{c.event} on {c.on}"]
        if c.shares or c.issued is not None:
            count = f"{c.issued:,}" if c.issued is not None else f"{c.shares:,}"
            parts.append(f"{count} {c.units}" + (f" at {c.price}" if c.price else ""))
        if c.cash is not None:
            parts.append(f"cash {v(c.cash)}")
        lines.append(f"{clause} converted: " + ", ".join(parts))
    for clause, periods in state.shortfalls.items():
        for period, amount in periods.items():
            lines.append(f"shortfall under {clause} in {period}: {v(amount)}")
    for clause, parts in state.allocations.items():
        got = ", ".join(f"{to} {v(amount)}" for to, amount in parts.items())
        lines.append(f"allocation under {clause}: {got}")
    for clause, until in state.survives.items():
        lines.append(f"{clause} survives " + (f"until {until}" if until else "without limit"))
    lines.extend(_payments(state))
    lines.extend(fact_lines(state))
    return lines


def _payments(state: Any) -> list[str]:
    """Instalments of payment clauses, holders after assignments, clauses that bind."""
    lines: list[str] = []
    for clause, instalments in state.instalments.items():
        for i in instalments:
            which = "" if i.label == "once" else f" {i.label}"
            line = f"payment {clause}{which} of {i.amount} due by {i.due}: {i.status.value}"
            if i.outstanding.amount > 0:
                line += f", {i.outstanding} outstanding"
                if i.days_late:
                    line += f", {i.days_late} day{'s' * (i.days_late > 1)} late"
            lines.append(line)
    for clause, holder in state.holders.items():
        lines.append(f"rights under {clause} held by {holder}")
    for clause in state.binding:
        lines.append(f"{clause} binds")
    return lines


def fact_lines(state: Any) -> list[str]:
    """Readings judged, third-party acts and round totals (issue 12), one line each."""
    lines: list[str] = []
    for subject, periods in state.observed.items():
        for period, v in periods.items():
            figure = "no reading" if v.figure is None else str(v.figure)
            gap = f", by {v.gap}" if v.gap is not None else ""
            lines.append(
                f"{subject} in {period}: {figure} against {v.op} {v.threshold}: {v.outcome}{gap}"
            )
    for act in state.acts:
        under = f" under {act.clause}" if act.clause else ""
        via = f" ({act.via})" if act.via else ""
        lines.append(
            f"{act.verb} of {act.party} with {act.counterparty} in {act.scope} on {act.on}"
            f"{under}: {act.verdict}{via}"
        )
    for name, totals in state.rounds.items():
        for what, total in totals.items():
            lines.append(f"round {name} {what}: {total.words()}")
    return lines


def _capped(line: str, cap: date | None) -> str:
    """A line of an amount paid or accrued, and the day its cap was reached, if it was."""
    return line + (f" (cap reached on {cap})" if cap else "")
