"""`termlang timeline FILE [--scenario NAME|PATH.json] [--from DATE] [--to DATE]`.

The ordered change points of an agreement under a scenario, each with what changed and why:
a table for the terminal (`--format text`) or JSON (`--format json`).
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
        bad_date,
        choose_scenario,
        open_model,
        parse_date,
        warn_figures,
    )
    from termlang.evaluate import run as evaluate

    try:
        start = parse_date(args.start, "--from")
        end = parse_date(args.end, "--to")
        m = open_model(args.file, args.allow_outside)
        scenario = choose_scenario(m, args.scenario)
    except Refused as refused:
        return refused.status
    if start is not None and end is not None and end < start:
        bad_date(f"`--to {end}` is before `--from {start}`", "swap the two dates")
        return 2
    warn_figures(m, scenario)
    timeline = evaluate(m, scenario, start=start, end=end)
    if args.format == "json":
        sys.stdout.write(json.dumps(timeline.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        print_timeline(timeline, m)
    return 0


def print_timeline(timeline: Any, m: Any) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from termlang.commands._inputs import for_reading
    from termlang.render.view import reason_words

    def plain(text: str) -> Text:
        """Text from the file as it is: no rich markup (`[/bold]` in a title), no controls."""
        return Text(show_controls(text))

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 140)
    title = m.agreement.title if m.agreement else m.path
    changes = timeline.visible()
    table = Table(
        title=plain(f"{title} — scenario {timeline.scenario}, up to {timeline.horizon}"),
        title_justify="left",
        show_lines=False,
    )
    table.add_column("date", no_wrap=True)
    table.add_column("subject")
    table.add_column("change", overflow="fold")
    table.add_column("why", overflow="fold")
    previous = None
    for c in changes:
        shown = str(c.on) if c.on != previous else ""
        previous = c.on
        what = f"{c.aspect}: {c.old} → {c.new}" if c.old is not None else f"{c.aspect}: {c.new}"
        table.add_row(
            shown, plain(c.subject), plain(for_reading(what)), plain(reason_words(m, c.reason))
        )
    console.print(table)
    console.print(f"{len(changes)} change{'s' if len(changes) != 1 else ''}")
