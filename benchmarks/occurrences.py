"""Scenario facts at scale: reports figures, asserts nothing. `python benchmarks/occurrences.py`.

In one run, interleaved, median of `--runs` each:

* the flagship's default scenario, as it is (the existing evaluation figure);
* the flagship with 1,000 occurrences of its recurring `model_release` (each with a `ga` and
  a `safety_report` occurrence: per-release priority access and safety reports) and 1,000
  readings (`measure pue` and `measure renewable_share` for 500 months each), plus
  `delivered` figures, with the horizon at the last of them;
* the same with a 100-year horizon, which must cost what the short one does (evaluation is
  event-driven: nothing is done per day or per period without a fact).

Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FLAGSHIP = ROOT / "examples" / "openai-microsoft-mou.term"

import termlang  # noqa: E402
from termlang.evaluate import pick_scenario, run  # noqa: E402


def facts_scenario(releases: int, readings: int, horizon: str) -> str:
    """A scenario block with `releases` occurrences and `readings` readings."""
    lines = [f'scenario facts "generated facts" {{\n  horizon {horizon}']
    start = date(2026, 1, 1)
    for i in range(releases):
        day = start + timedelta(days=2 * i)
        ga = day + timedelta(days=200 if i % 10 else 120)  # every tenth one is early
        lines.append(f"  model_release r{i} {day.isoformat()} {{ ga {ga.isoformat()} }}")
        lines.append(f"  safety_report r{i} {(day - timedelta(days=10)).isoformat()}")
    for i in range(readings // 2):
        year, month = 2026 + i // 12, i % 12 + 1
        lines.append(f"  measure pue {year}-{month:02d} 1.{15 + i % 10}")
        lines.append(f"  measure renewable_share {year}-{month:02d} {75 + i % 10}%")
    for year in range(2026, 2031):
        lines.append(f"  delivered azure_capacity {year} {2 + year % 2} GW")
    lines.append("}")
    return "\n".join(lines) + "\n"


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--readings", type=int, default=1000)
    args = parser.parse_args(argv)
    text = FLAGSHIP.read_text(encoding="utf-8")
    base = termlang.check_text(text, str(FLAGSHIP), run_checks=False).model
    # the short horizon is the day after the last fact; the long one 100 years later
    last_year = max(2026 + (args.readings // 2) // 12, 2026 + (2 * args.releases + 400) // 365)
    short = text + facts_scenario(args.releases, args.readings, f"{last_year + 1}-01-01")
    long = text + facts_scenario(args.releases, args.readings, f"{last_year + 101}-01-01")
    models = {
        name: termlang.check_text(body, "facts.term", run_checks=False).model
        for name, body in (("short", short), ("long", long))
    }
    cases: list[tuple[str, Callable[[], object]]] = [
        ("flagship, default scenario", lambda: run(base, pick_scenario(base, None))),
        (
            f"flagship + {args.releases:,} releases + {args.readings:,} readings",
            lambda: run(models["short"], pick_scenario(models["short"], "facts")),
        ),
        (
            "the same, horizon 100 years later",
            lambda: run(models["long"], pick_scenario(models["long"], "facts")),
        ),
    ]
    for _, fn in cases:  # warm up
        fn()
    timeline = run(models["short"], pick_scenario(models["short"], "facts"))
    changes = len(timeline.changes)
    results: dict[str, list[float]] = {name: [] for name, _ in cases}
    for _ in range(args.runs):  # interleaved, so load on the machine hits every case alike
        for name, fn in cases:
            results[name].append(median_time(fn, 1))
    print(f"Python {sys.version.split()[0]}, median of {args.runs} interleaved runs\n")
    print("| evaluation | time | change points |")
    print("|---|---:|---:|")
    base_changes = len(run(base, pick_scenario(base, None)).changes)
    long_changes = len(run(models["long"], pick_scenario(models["long"], "facts")).changes)
    counts = [base_changes, changes, long_changes]
    for (name, _), count in zip(cases, counts, strict=True):
        print(f"| {name} | {statistics.median(results[name]) * 1000:.1f} ms | {count:,} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
