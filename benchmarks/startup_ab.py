"""Start-up of `termlang check` from two source trees, side by side: reports, asserts nothing.

    python benchmarks/startup_ab.py --before ../main/src [--after src] [--runs 12]

Runs bare Python, `python -c "import attrs, lark"` (the goal's reference: at most 1.25x it)
and `termlang check` of the flagship from each tree, round-robin, each tree with its own
warmed private PYTHONPYCACHEPREFIX. Prints wall and CPU time (user + system of the child:
on a shared machine, load inflates it less than wall time), median and minimum.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "examples" / "openai-microsoft-mou.term"


def _env(src: str | None, cache: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = cache
    env["NO_COLOR"] = "1"
    if src is not None:
        env["PYTHONPATH"] = str(Path(src).resolve())
    return env


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="source tree (a `src` folder)")
    parser.add_argument("--after", default=str(ROOT / "src"), help="source tree (default: ours)")
    parser.add_argument("--runs", type=int, default=12)
    args = parser.parse_args(argv)
    py = sys.executable
    check = [py, "-m", "termlang", "check", str(FLAGSHIP)]
    with tempfile.TemporaryDirectory(prefix="termlang-ab-") as tmp:
        commands = {
            "bare": ([py, "-c", "pass"], _env(None, f"{tmp}/ref")),
            "attrs, lark": ([py, "-c", "import attrs, lark"], _env(None, f"{tmp}/ref")),
            "before": (check, _env(args.before, f"{tmp}/before")),
            "after": (check, _env(args.after, f"{tmp}/after")),
        }
        for command, env in commands.values():  # warm the caches
            _run(command, env)
            _run(command, env)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (command, env) in commands.items():
                times[name].append(_run(command, env))
    print("| command | wall median | wall min | CPU median | CPU min |")
    print("|---|---:|---:|---:|---:|")
    for name, values in times.items():
        wall, cpu = [v[0] for v in values], [v[1] for v in values]
        print(
            f"| {name} | {statistics.median(wall) * 1000:.1f} ms | {min(wall) * 1000:.1f} ms "
            f"| {statistics.median(cpu) * 1000:.1f} ms | {min(cpu) * 1000:.1f} ms |"
        )
    reference = times["attrs, lark"]
    for name in ("before", "after"):
        cpu = min(v[1] for v in times[name]) / min(v[1] for v in reference)
        wall = statistics.median(v[0] for v in times[name]) / statistics.median(
            v[0] for v in reference
        )
        print(f"\n{name} / `import attrs, lark`: CPU min {cpu:.2f}x, wall median {wall:.2f}x")
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
