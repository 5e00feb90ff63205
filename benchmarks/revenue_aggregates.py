"""Aggregates over revenue streams at scale: reports figures, asserts nothing.
`python benchmarks/revenue_aggregates.py`.

`examples/uc-patent-licence.term` (its milestone starts when `sum of revenue(net_sales) over
any 4 quarters >= USD 5M`) evaluated under a scenario of N years of quarterly net sales that
never reach the threshold, so every window is read: the cost grows with the days the figures
cover, never with the horizon (the same figures with a horizon 100 years later cost the
same). In one run, interleaved, median of `--runs` each. Prints a Markdown table for
docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "examples" / "uc-patent-licence.term"

import termlang  # noqa: E402
from termlang.evaluate import pick_scenario, run  # noqa: E402


def scenario(years: int, horizon_years: int) -> str:
    """Quarterly net sales of USD 1M for `years` years from 2015 (USD 4M a year: never 5M)."""
    lines = [f"    {2015 + q // 4}-Q{q % 4 + 1}  USD 1M" for q in range(4 * years)]
    return (
        f"\nscenario flat {{\n  horizon {2015 + horizon_years}-12-31\n"
        "  revenue net_sales {\n" + "\n".join(lines) + "\n  }\n}\n"
    )


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    text = EXAMPLE.read_text(encoding="utf-8")
    cases: list[tuple[str, Callable[[], object]]] = []
    for years, horizon in ((10, 10), (10, 110), (50, 50)):
        model = termlang.check_text(text + scenario(years, horizon), str(EXAMPLE)).model
        assert model is not None
        name = f"{years} years of quarterly figures, horizon {2015 + horizon}-12-31"
        cases.append((name, lambda m=model: run(m, pick_scenario(m, "flat"))))
    for _, fn in cases:  # warm up
        fn()
    results: dict[str, list[float]] = {name: [] for name, _ in cases}
    for _ in range(args.runs):  # interleaved, so load on the machine hits every case alike
        for name, fn in cases:
            results[name].append(median_time(fn, 1))
    print(f"Python {sys.version.split()[0]}, median of {args.runs} interleaved runs\n")
    print("| evaluation with a trailing-4-quarter revenue aggregate | time |")
    print("|---|---:|")
    for name, _ in cases:
        print(f"| {name} | {statistics.median(results[name]) * 1000:.1f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
