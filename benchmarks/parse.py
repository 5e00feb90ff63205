"""The parser alone (`syntax.parse_source`): time and instructions; reports, asserts nothing.

    python benchmarks/parse.py [--before ../main/src] [--after src] [--runs 30] [--ir]

For each source tree (a `src` folder; default: this checkout's), in fresh interpreters with a
private, warmed PYTHONPYCACHEPREFIX and the cyclic collector paused as `pipeline.analyze` does:

* **first parse** of the flagship in a process (tables loaded, lexer compiled, code warmed):
  the minimum over `--runs` processes;
* **steady parse** of the flagship (the 2nd and later in the same process): the minimum over
  `--runs` parses;
* **throughput**: the minimum over 5 parses of `generate.py --clauses 1000` (about 11,500
  lines), in lines per second.

Trees are measured interleaved, so load on a shared machine hits both alike; minima, because
load only ever adds time. `--ir` also counts instructions under `valgrind --tool=callgrind`
(one process with the imports only, one that also parses once, one that parses 11 times): the
first parse and a steady parse in instructions, which load does not change.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "examples" / "openai-microsoft-mou.term"
sys.path.insert(0, str(ROOT / "benchmarks"))

from startup_ir import instructions  # noqa: E402

# Runs in the child: imports what `termlang check` has imported before it parses, then times.
CHILD = """
import gc, sys, time
from termlang import pipeline
from termlang.syntax import parse_source
from termlang.source import SourceFile
mode, path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(path, encoding="utf-8").read()
gc.disable()
times = []
for _ in range(runs):
    source = SourceFile(path="x.term", text=text)
    start = time.perf_counter()
    file, diagnostics = parse_source(source)
    times.append(time.perf_counter() - start)
    assert file is not None and not diagnostics, diagnostics
if mode == "time":
    print(times[0], min(times[1:]) if runs > 1 else times[0])
"""


def _env(src: str, cache: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(PYTHONPATH=str(Path(src).resolve()), PYTHONPYCACHEPREFIX=cache)
    env.update(PYTHONHASHSEED="0")
    return env


def _child(src: str, cache: str, mode: str, path: Path, runs: int) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path), str(runs)],
        env=_env(src, cache),
        capture_output=True,
        text=True,
        check=True,
    )
    return [float(x) for x in out.stdout.split()]


def _instructions(src: str, cache: str, runs: int) -> int:
    return instructions([sys.executable, "-c", CHILD, "ir", str(FLAGSHIP), str(runs)], src, cache)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", help="a source tree (a `src` folder) to compare with")
    parser.add_argument("--after", default=str(ROOT / "src"), help="source tree (default: ours)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--ir", action="store_true", help="also count instructions (valgrind)")
    args = parser.parse_args(argv)
    trees = {"before": args.before, "after": args.after} if args.before else {"": args.after}
    with tempfile.TemporaryDirectory(prefix="termlang-parse-") as tmp:
        big = Path(tmp) / "deal.term"
        generate = [sys.executable, str(ROOT / "benchmarks" / "generate.py")]
        subprocess.run([*generate, "--clauses", "1000", "-o", str(big)], check=True)
        lines = big.read_text(encoding="utf-8").count("\n")
        caches = {name: f"{tmp}/cache-{n}" for n, name in enumerate(trees)}
        first: dict[str, list[float]] = {name: [] for name in trees}
        steady: dict[str, list[float]] = {name: [] for name in trees}
        bulk: dict[str, list[float]] = {name: [] for name in trees}
        for name, src in trees.items():
            _child(src, caches[name], "time", FLAGSHIP, 1)  # warm the bytecode cache
        for _ in range(args.runs):
            for name, src in trees.items():
                one, _ = _child(src, caches[name], "time", FLAGSHIP, 2)
                first[name].append(one)
        for name, src in trees.items():
            steady[name] = _child(src, caches[name], "time", FLAGSHIP, args.runs + 1)[1:]
            bulk[name] = _child(src, caches[name], "time", big, 6)[1:]
        print(f"| tree | first parse | steady parse | {lines:,} lines | lines/s |")
        print("|---|---:|---:|---:|---:|")
        for name in trees:
            best = min(bulk[name])
            print(
                f"| {name or args.after} | {1000 * min(first[name]):.2f} ms "
                f"| {1000 * min(steady[name]):.2f} ms | {1000 * best:.1f} ms "
                f"| {lines / best:,.0f} |"
            )
        if args.ir:
            if shutil.which("valgrind") is None:
                raise SystemExit("valgrind is not installed")
            print()
            print("| tree | first parse, instructions | steady parse, instructions |")
            print("|---|---:|---:|")
            for name, src in trees.items():
                none, once, eleven = (_instructions(src, caches[name], n) for n in (0, 1, 11))
                print(
                    f"| {name or args.after} | {(once - none) / 1e6:,.1f} M "
                    f"| {(eleven - once) / 10 / 1e6:,.1f} M |"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
