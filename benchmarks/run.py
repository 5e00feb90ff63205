"""The benchmark suite: reports figures, asserts nothing. `python benchmarks/run.py [--quick]`.

Sections (each prints a Markdown table, pasted into docs/performance.md):

* start-up: `termlang check` on the flagship vs bare `python -c pass` and vs
  `python -c "import attrs, lark"` (the goal: at most 1.25x that), interleaved, median of
  `--runs` each, with a warm bytecode cache; also with no bytecode cache (first run after
  install, or PYTHONDONTWRITEBYTECODE) and the import cost of `lark` and `attrs` alone;
* throughput: parse (text to items) and full analysis (with and without checks) of generated
  1k, 10k and 100k-line files, in lines per second, and checks as a share of parsing;
* evaluation: `evaluate.run` of 1,000 clauses, and a 100-year vs a 1-year horizon;
* batch: 500 files in one `termlang check DIR` process, as a pre-commit hook runs;
* scaling: every hostile input shape of the security review at n and 10n, whole command, with
  the growth ratio and peak memory (benchmarks/scaling.py, also runnable alone).

`--src DIR` runs the start-up section against another source tree (for before/after figures).
Subprocesses get a private PYTHONPYCACHEPREFIX so the checkout is not written to.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FLAGSHIP = ROOT / "examples" / "openai-microsoft-mou.term"
sys.path.insert(0, str(HERE))

from generate import clauses_for_lines, generate  # noqa: E402


def _env(pycache: str | None, src: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if pycache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="termlang-nopyc-")  # stays empty
    else:
        env["PYTHONPYCACHEPREFIX"] = pycache
    if src:
        env["PYTHONPATH"] = src
    env["NO_COLOR"] = "1"
    return env


def _time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def interleaved(
    commands: dict[str, list[str]], env: dict[str, str], runs: int
) -> dict[str, list[float]]:
    """Run each command `runs` times, round-robin, so load drift hits all of them alike."""
    for command in commands.values():  # warm the OS file cache and the bytecode cache
        _time(command, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(_time(command, env))
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def startup(runs: int, src: str | None) -> None:
    py = sys.executable
    check = [py, "-m", "termlang", "check", str(FLAGSHIP)]
    reference = "`python -c 'import attrs, lark'`"
    commands = {
        "bare `python -c pass`": [py, "-c", "pass"],
        "`termlang check` flagship": check,
        reference: [py, "-c", "import attrs, lark"],
        "`python -c 'import lark'`": [py, "-c", "import lark"],
        "`python -c 'import attrs'`": [py, "-c", "import attrs"],
        "`python -c 'import termlang.pipeline'`": [py, "-c", "import termlang.pipeline"],
    }
    with tempfile.TemporaryDirectory(prefix="termlang-pyc-") as pycache:
        warm = interleaved(commands, _env(pycache, src), runs)
    cold = interleaved(
        {"bare `python -c pass`": commands["bare `python -c pass`"], "check": check},
        _env(None, src),
        max(5, runs // 4),
    )
    bare = statistics.median(warm["bare `python -c pass`"])
    print(f"\n### Start-up ({runs} runs each, interleaved; median, min)\n")
    print("| command | median | min | ratio to bare |")
    print("|---|---:|---:|---:|")
    for name, values in warm.items():
        med = statistics.median(values)
        print(f"| {name} | {ms(med)} | {ms(min(values))} | {med / bare:.1f}x |")
    cold_bare = statistics.median(cold["bare `python -c pass`"])
    cold_check = statistics.median(cold["check"])
    print(
        f"| `termlang check`, no bytecode cache | {ms(cold_check)} | {ms(min(cold['check']))} "
        f"| {cold_check / cold_bare:.1f}x |"
    )
    checks = warm["`termlang check` flagship"]
    ratio = statistics.median(checks) / statistics.median(warm[reference])
    print(
        f"\n**`termlang check` / `import attrs, lark`: {ratio:.2f}x** (goal: at most 1.25x; "
        f"min / min: {min(checks) / min(warm[reference]):.2f}x). `termlang check` / bare "
        f"Python: {statistics.median(checks) / bare:.1f}x (moonshot: 3x)."
    )
    parser_cold = _parser_cold(src)
    print(
        f"\nIn process, tables loaded and a first line parsed (lexer regexes compiled): "
        f"{ms(parser_cold)}."
    )


def _parser_cold(src: str | None) -> float:
    code = (
        "import time; from termlang.syntax import grammar; t = time.perf_counter(); "
        "grammar.table_parser().parse('x 1\\n'); print(time.perf_counter() - t)"
    )
    with tempfile.TemporaryDirectory(prefix="termlang-pyc-") as pycache:
        env = _env(pycache, src)
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True)
        out = [
            float(
                subprocess.run(
                    [sys.executable, "-c", code], env=env, capture_output=True, text=True
                ).stdout
            )
            for _ in range(5)
        ]
    return statistics.median(out)


def best(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def throughput(sizes: list[int]) -> None:
    from termlang.pipeline import analyze
    from termlang.source import SourceFile
    from termlang.syntax import parse_source

    print("\n### Throughput (best of 3; 1 for 100k lines)\n")
    print(
        "| lines | clauses | parse | lines/s (parse) | analyze, no checks | analyze | "
        "lines/s (analyze) | checks / parse |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for target in sizes:
        n = clauses_for_lines(target)
        text = generate(n)
        lines = text.count("\n") + 1
        source = SourceFile(path=f"gen-{target}.term", text=text)
        analysis = analyze(source)
        if analysis.diagnostics:
            codes = sorted({d.code for d in analysis.diagnostics})
            print(f"| {lines} | {n} | generated file is not clean: {codes} |")
        repeat = 1 if target >= 100_000 else 3
        parse = best(lambda s=source: parse_source(s), repeat)
        bare = best(lambda s=source: analyze(s, run_checks=False), repeat)
        full = best(lambda s=source: analyze(s), repeat)
        checks = full - bare
        print(
            f"| {lines:,} | {n:,} | {ms(parse)} | {lines / parse:,.0f} | {ms(bare)} | {ms(full)} "
            f"| {lines / full:,.0f} | {checks / parse:.0%} |"
        )


def evaluation(clauses: int) -> None:
    try:
        from termlang.evaluate import pick_scenario, run
    except ImportError:
        print("\n### Evaluation\n\n`termlang.evaluate` is not available in this checkout.")
        return
    from datetime import date

    from termlang.pipeline import analyze
    from termlang.source import SourceFile

    print("\n### Evaluation (best of 3)\n")
    print(
        "Horizon independence is measured with the change points held fixed: the horizon is "
        "the last change point plus 1 year, then plus 100 years (a horizon that cuts change "
        "points off measures less work, not the cost of the horizon).\n"
    )
    print("| clauses | events | change points | run | last + 1 year | last + 100 years | ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, wanted in ((clauses, clauses), (clauses * 5 // 2, None)):
        analysis = analyze(SourceFile(path="eval.term", text=generate(n, wanted)))
        model = analysis.model
        assert model is not None and not analysis.has_errors, analysis.diagnostics[:3]
        scenario = pick_scenario(model, None)
        events = len(model.events)
        timeline = run(model, scenario)
        last = max(change.on for change in timeline.changes)
        full = best(lambda m=model, s=scenario: run(m, s), 3)
        near, far = date(last.year + 1, 1, 1), date(last.year + 100, 1, 1)
        one = best(lambda m=model, s=scenario, e=near: run(m, s, end=e), 3)
        hundred = best(lambda m=model, s=scenario, e=far: run(m, s, end=e), 3)
        print(
            f"| {n:,} | {events:,} | {len(timeline.changes):,} | {ms(full)} | {ms(one)} "
            f"| {ms(hundred)} | {hundred / one:.2f} |"
        )


def batch(files: int) -> None:
    with tempfile.TemporaryDirectory(prefix="termlang-batch-") as tmp:
        for i in range(files):
            Path(tmp, f"deal-{i:04d}.term").write_text(generate(5 + i % 10), encoding="utf-8")
        lines = sum(p.read_text().count("\n") + 1 for p in Path(tmp).glob("*.term"))
        with tempfile.TemporaryDirectory(prefix="termlang-pyc-") as pycache:
            env = _env(pycache)
            command = [sys.executable, "-m", "termlang", "check", "--quiet", tmp]
            _time(command, env)
            times = [_time(command, env) for _ in range(3)]
            single = [sys.executable, "-m", "termlang", "check", str(FLAGSHIP)]
            one = statistics.median(interleaved({"one": single}, env, 5)["one"])
    total = statistics.median(times)
    print(f"\n### Batch: {files} files ({lines:,} lines) in one process\n")
    print("| one process, all files | per file | one process per file (estimated) |")
    print("|---:|---:|---:|")
    print(f"| {ms(total)} | {ms(total / files)} | {files * one:.1f} s |")


def machine() -> None:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"Machine: {cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, load average {load:.2f} at start."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="termlang benchmarks (report only)")
    parser.add_argument("--runs", type=int, default=25, help="start-up runs per command")
    parser.add_argument("--quick", action="store_true", help="small sizes, few runs")
    parser.add_argument("--src", help="source tree for the start-up section (PYTHONPATH)")
    parser.add_argument(
        "--only",
        choices=("startup", "throughput", "evaluation", "batch", "scaling"),
        action="append",
    )
    args = parser.parse_args(argv)
    only = set(args.only or ("startup", "throughput", "evaluation", "batch", "scaling"))
    runs = 5 if args.quick else args.runs
    machine()
    if "startup" in only:
        startup(runs, args.src)
    if "throughput" in only:
        throughput([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000])
    if "evaluation" in only:
        evaluation(100 if args.quick else 1_000)
    if "batch" in only:
        batch(50 if args.quick else 500)
    if "scaling" in only:
        import scaling

        print("\n### Scaling of hostile shapes (review F3, F4): n and 10n, whole command\n")
        scaling.main(["--quick"] if args.quick else [])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
