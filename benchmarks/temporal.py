"""The cost of the temporal network: `python benchmarks/temporal.py [--src DIR] [--runs N]`.

Reports, for the flagship and a generated 10,000-line agreement (benchmarks/generate.py):

* `termlang check` as a whole command (cold process, warm bytecode cache), median of `--runs`,
  interleaved with the same command against `--src` (another source tree, e.g. the main
  checkout's `src/`) when given, so both see the same machine load;
* in process: the analysis with every check, and the temporal rule alone (building the
  network, solving it, judging every requirement).

* a hostile shape: n obligations chained by their triggers (`trigger fulfilled(o_{i-1}) and
  g_i`, `deadline g_i + 10 days`), at n and 10n, whole command: the growth should be ~10x.

Prints Markdown tables for docs/performance.md; asserts nothing.
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FLAGSHIP = ROOT / "examples" / "openai-microsoft-mou.term"
sys.path.insert(0, str(HERE))

from generate import clauses_for_lines, generate  # noqa: E402


def _env(src: str, pycache: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = src
    env["PYTHONPYCACHEPREFIX"] = pycache
    env["NO_COLOR"] = "1"
    return env


def _command(path: Path) -> list[str]:
    return [sys.executable, "-m", "termlang", "check", "--quiet", str(path)]


def _once(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def whole_command(paths: dict[str, Path], trees: dict[str, str], runs: int) -> None:
    caches = {name: tempfile.mkdtemp(prefix=f"termlang-pyc-{name}-") for name in trees}
    print("| file | " + " | ".join(f"`check` ({name})" for name in trees) + " | ratio |")
    print("|---|" + "---|" * len(trees) + "---|")
    for label, path in paths.items():
        times: dict[str, list[float]] = {name: [] for name in trees}
        for name, src in trees.items():  # warm the bytecode cache
            _once(_command(path), _env(src, caches[name]))
        for _ in range(runs):
            for name, src in trees.items():
                times[name].append(_once(_command(path), _env(src, caches[name])))
        medians = {name: statistics.median(ts) for name, ts in times.items()}
        cells = " | ".join(f"{medians[name] * 1000:.0f} ms" for name in trees)
        names = list(trees)
        ratio = medians[names[0]] / medians[names[-1]] if len(names) > 1 else 1.0
        print(f"| {label} | {cells} | {ratio:.2f}x |")


def in_process(paths: dict[str, Path], runs: int) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from termlang.checks import CheckContext, temporal
    from termlang.pipeline import analyze_path

    print()
    print("| file | analysis with every check | temporal rule alone | network points / edges |")
    print("|---|---|---|---|")
    for label, path in paths.items():
        full: list[float] = []
        alone: list[float] = []
        size = (0, 0)
        for _ in range(runs):
            start = time.perf_counter()
            analysis = analyze_path(path, path.name)
            full.append(time.perf_counter() - start)
            model = analysis.model
            assert model is not None and model.agreement is not None
            start = time.perf_counter()
            list(temporal.check(CheckContext(model=model, used=frozenset())))
            alone.append(time.perf_counter() - start)
            net = temporal.Timeline(model, model.agreement).net
            size = (len(net.out), sum(1 for _ in net.edges()))
        print(
            f"| {label} | {statistics.median(full) * 1000:.0f} ms | "
            f"{statistics.median(alone) * 1000:.1f} ms | {size[0]:,} / {size[1]:,} |"
        )


def chained(n: int) -> str:
    """n obligations, each triggered by the fulfilment of the one before."""
    out = [
        'agreement "chain" {\n  kind definitive\n  binding yes\n  effective 2026-01-01\n}\n',
        'party a "A"\n',
    ]
    out += [f'event e{i} "e{i}"\nevent g{i} "g{i}"\n' for i in range(n)]
    for i in range(n):
        trigger = f"fulfilled(o{i - 1}) and g{i}" if i else "after 2026-02-01"
        out.append(
            f'obligation o{i} "o" {{\n  party a\n  must "x"\n  trigger {trigger}\n'
            f"  fulfilled_by e{i}\n  deadline g{i} + 10 days\n}}\n"
        )
    return "".join(out)


def hostile(trees: dict[str, str], runs: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="termlang-chain-"))
    paths = {}
    for n in (300, 3_000):
        path = folder / f"chain-{n}.term"
        path.write_text(chained(n), encoding="utf-8")
        paths[f"{n:,} chained obligations"] = path
    print()
    whole_command(paths, trees, runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", help="another source tree to compare with (e.g. main's src/)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="termlang-temporal-"))
    generated = folder / "generated-10k.term"
    generated.write_text(generate(clauses_for_lines(10_000)), encoding="utf-8")
    lines = generated.read_text(encoding="utf-8").count("\n")
    paths = {"flagship": FLAGSHIP, f"generated, {lines:,} lines": generated}
    trees = {"this tree": str(ROOT / "src")}
    if args.src:
        trees = {"this tree": str(ROOT / "src"), "other tree": args.src}
    whole_command(paths, trees, args.runs)
    in_process(paths, args.runs)
    hostile(trees, max(1, args.runs // 2))


if __name__ == "__main__":
    main()
