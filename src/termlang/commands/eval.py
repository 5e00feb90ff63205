"""`termlang eval FILE [--scenario NAME|PATH.json] --at DATE [--format text|json]`.

The state of an agreement at the start of a day under a scenario: statuses, priority
access, splits, funding, revenue-share payments, compute and obligations.
"""

from __future__ import annotations

import argparse
import json
import sys
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
    if args.format == "json":
        sys.stdout.write(json.dumps(state.to_json(), indent=2, ensure_ascii=False) + "\n")
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
            plain(for_reading(last.reason) if last else "not started"),
        )
    console.print(table)
    lines: list[str] = []
    for asset, holders in state.priority.items():
        who = ", ".join(f"{h} (since {since})" for h, since in holders)
        lines.append(f"priority access to {asset}: {who}")
    for asset, shares in state.splits.items():
        lines.append(f"split of {asset}: " + ", ".join(f"{p} {pct}" for p, pct in shares.items()))
    for investor, amount in state.funded.items():
        lines.append(f"funded by {investor}: {amount}")
    for clause, amount in state.paid.items():
        cap = state.caps_reached.get(clause)
        lines.append(f"paid under {clause}: {amount}" + (f" (cap reached on {cap})" if cap else ""))
    for clause, capacity in state.compute.items():
        lines.append(f"compute under {clause}: {capacity}")
    for clause, due in state.due.items():
        lines.append(f"{clause} due by {due}: {state.statuses.get(clause)}")
    if lines:
        console.print()
        for line in lines:
            console.print(plain(for_reading(line)))
