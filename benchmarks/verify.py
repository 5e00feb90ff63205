"""`termlang verify` figures: reports, asserts nothing. `python benchmarks/verify.py [--runs N]`.

* the time to prove each property of the flagship (and all of them), median of `--runs`, with
  the courses of events explored and the count of the space;
* the time to find the counter-example of each variant (tests/fixtures/verify), median too;
* the import cost `termlang check` pays for the verifier: none (`termlang.verify` is not
  imported without `--verify`).

Prints Markdown tables for docs/performance.md. CPU time (`process_time`) is given beside
wall time: on a shared machine the wall time swings with the load, the CPU time much less.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "examples" / "openai-microsoft-mou.term"
VARIANTS = (
    (ROOT / "tests" / "fixtures" / "verify" / "mou-carve-out-ends.term", "anthropic_carved_out"),
    (ROOT / "tests" / "fixtures" / "verify" / "mou-no-revenue-cap.term", "revenue_share_capped"),
)


def _timed(fn):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from termlang.pipeline import analyze_path
    from termlang.verify import verify_property

    print(f"python {platform.python_version()}, {platform.machine()}, runs={args.runs}\n")
    model = analyze_path(FLAGSHIP, FLAGSHIP.name).model
    assert model is not None
    print("| flagship property | verdict | courses run / in space | events | wall (median) | CPU |")
    print("|---|---|---|---|---|---|")
    total_wall = total_cpu = 0.0
    for prop in model.properties.values():
        walls, cpus = [], []
        result = None
        for _ in range(args.runs):
            result, wall, cpu = _timed(lambda p=prop: verify_property(model, p))
            walls.append(wall)
            cpus.append(cpu)
        assert result is not None
        w, c = statistics.median(walls), statistics.median(cpus)
        total_wall += w
        total_cpu += c
        print(
            f"| `{prop.name}` | {result.status} | {result.explored} / {result.total} | "
            f"{len(result.events)} | {w:.2f} s | {c:.2f} s |"
        )
    print(f"| **all {len(model.properties)}** | | | | {total_wall:.2f} s | {total_cpu:.2f} s |\n")

    print("| counter-example | verdict | courses run before it | wall (median) | CPU |")
    print("|---|---|---|---|---|")
    for path, name in VARIANTS:
        variant = analyze_path(path, path.name).model
        assert variant is not None
        prop = variant.properties[name]
        walls, cpus = [], []
        found = None
        for _ in range(args.runs):
            found, wall, cpu = _timed(lambda v=variant, p=prop: verify_property(v, p))
            walls.append(wall)
            cpus.append(cpu)
        assert found is not None
        print(
            f"| `{path.name}`: `{name}` | {found.status} on {found.breach} | {found.explored} | "
            f"{statistics.median(walls):.2f} s | {statistics.median(cpus):.2f} s |"
        )
    print()

    probe = (
        "import sys; from termlang.cli import main; "
        f"main(['check', '-q', {str(FLAGSHIP)!r}]); "
        "print(sorted(m for m in sys.modules if m.startswith('termlang.verify')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    print(f"`termlang check` (no `--verify`) imports of termlang.verify: {out.stdout.strip()}")


if __name__ == "__main__":
    main()
