"""How cost grows with input: every shape of the security review's F3/F4 tables at n and 10n.

`python benchmarks/scaling.py [--quick] [--only NAME] [--src DIR] [--timeout S]`, or
`main(argv)` from `benchmarks/run.py`. Reports figures, asserts nothing.

Each case writes one generated input of size n and one of size 10n, runs the whole `termlang`
command on it in a child process (wall time, CPU time and peak RSS from `/usr/bin/time -v`
when present, else from `resource.getrusage(RUSAGE_CHILDREN)` in a small wrapper process),
and prints a Markdown table: the growth of time for 10x the input (goal: at most 11x, that is
linear) and, for the long-string cases (F4), peak memory over file size (goal: at most 20x).
A run over the per-case timeout is killed (its whole process group) and shown as `timeout`.

Start-up counts in every figure, as a user sees it: children get a private
PYTHONPYCACHEPREFIX, warmed by one run first, so the checkout is not written to and the
bytecode cache is hot. `--src DIR` runs another source tree (for before/after figures).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HDR = 'agreement "T" {\n  kind mou\n  binding yes\n  effective 2025-01-01\n}\n'
MEMORY_GOAL = 20  # peak RSS over file size, for the long-string cases
GROWTH_GOAL = 11  # time for 10n over time for n


# ----------------------------------------------------------------------------- generators
# Each writes its input into `where` and returns the command's arguments after `termlang`.


def _write(where: Path, name: str, text: str) -> Path:
    path = where / name
    path.write_text(text, encoding="utf-8")
    return path


def semicolons(n: int, where: Path) -> list[str]:
    return ["check", str(_write(where, "semis.term", HDR + ";\n" * n))]


def comma_arguments(n: int, where: Path) -> list[str]:
    text = HDR + "note a" + "".join(f",\n  a{i}" for i in range(n)) + "\n"
    return ["check", str(_write(where, "commas.term", text))]


def entity_lines(n: int, where: Path) -> list[str]:
    text = HDR + "".join(f'entity e{i} "Entity {i}"\n' for i in range(n))
    return ["check", str(_write(where, "entities.term", text))]


def within_chain(n: int, where: Path) -> list[str]:
    lines = ['scope s0 "scope 0"\n']
    lines += [f'scope s{i} "scope {i}" within s{i - 1}\n' for i in range(1, n)]
    return ["check", str(_write(where, "within.term", HDR + "".join(lines)))]


_PAIR = 'party a "A" role investor\nparty b "B" role company\n'


def from_steps(n: int, where: Path) -> list[str]:
    steps = "".join(
        f"  from 2026-01-01 + {i} days {{\n    rate {i % 50 + 1}%\n  }}\n" for i in range(n)
    )
    text = (
        HDR
        + _PAIR
        + 'stream s "sales"\n'
        + 'revenue_share r "share" {\n  payer a\n  payee b\n  stream s\n  rate 20%\n'
        + "  period quarter\n  window effective .. 2030-12-31\n"
        + steps
        + "}\n"
    )
    return ["check", str(_write(where, "from.term", text))]


def undefined_parties(n: int, where: Path) -> list[str]:
    clauses = "".join(
        f'exclusivity x{i} "x {i}" {{\n  benefits nobody{i}\n  binds someone{i}\n'
        f"  scope sc\n  window effective .. 2030-12-31\n}}\n"
        for i in range(n)
    )
    return ["check", str(_write(where, "undefined.term", HDR + 'scope sc "s"\n' + clauses))]


def exclusivity_collaboration(n: int, where: Path) -> list[str]:
    head = HDR + _PAIR + 'entity e "E"\nscope sc "s"\n'
    ex = "".join(
        f'exclusivity x{i} "x {i}" {{\n  benefits a\n  binds b\n  scope sc\n'
        f"  window effective .. 2030-12-31\n}}\n"
        for i in range(n)
    )
    co = "".join(
        f'collaboration c{i} "c {i}" {{\n  party b\n  with e\n  scope sc\n'
        f"  window effective .. 2030-12-31\n}}\n"
        for i in range(n)
    )
    return ["check", str(_write(where, "pairs.term", head + ex + co))]


def misspelt_long_names(n: int, where: Path) -> list[str]:
    """n parties with 9,000-character names; n // 8 references with one letter changed."""
    names = [f"p{i}_" + "n" * 9000 for i in range(n)]
    parties = "".join(f'party {name} "P" role investor\n' for name in names)
    refs = "".join(
        f'exclusivity x{i} "x" {{\n  benefits {names[i][:-1]}m\n  binds {names[i]}\n'
        f"  scope sc\n  window effective .. 2030-12-31\n}}\n"
        for i in range(max(1, n // 8))
    )
    text = HDR + parties + 'scope sc "s"\n' + refs
    return ["check", str(_write(where, "misspelt.term", text))]


def json_expect_lines(n: int, where: Path) -> list[str]:
    _write(where, "deal.term", HDR)
    scenario = {
        "agreement": "deal.term",
        "name": "many",
        "horizon": "2027-12-31",
        "events": {},
        "expect": {"2027-01-01": ["agreement active"] * n},
    }
    path = _write(where, "many.json", json.dumps(scenario, indent=2) + "\n")
    return ["test", str(path)]


def _long_string_text(size: int, closed: bool) -> str:
    lines = max(1, size // 1000)
    body = ("y" * 999 + "\n") * lines
    return HDR + 'party c """\n' + body + ('""" role x\n' if closed else "")


def long_string(n: int, where: Path) -> list[str]:
    return ["check", str(_write(where, "long.term", _long_string_text(n, closed=True)))]


def unterminated_string(n: int, where: Path) -> list[str]:
    return ["check", str(_write(where, "open.term", _long_string_text(n, closed=False)))]


@dataclass(frozen=True)
class Case:
    name: str
    rows: str  # the review's finding and rows
    n: int  # the smaller size (the larger is 10n); --quick divides it
    make: Callable[[int, Path], list[str]]
    memory: bool = False  # an F4 case: peak memory over file size is a goal too


CASES = (
    Case("`;\\n` x n", "F3 60-61", 20_000, semicolons),
    Case("n comma-continued arguments", "F3 64", 20_000, comma_arguments),
    Case("n `entity` lines", "F3 57-58", 5_000, entity_lines),
    Case("`within` chain of n", "F3 78-79", 200, within_chain),
    Case("n `from` steps", "F3 81-82", 200, from_steps),
    Case("n exclusivities naming undefined parties", "F3 73-74", 800, undefined_parties),
    Case("n exclusivities x n collaborations", "F3 80", 100, exclusivity_collaboration),
    Case("n 9,000-char names, n/8 misspelt", "F3 75", 24, misspelt_long_names),
    Case("n JSON `expect` lines (`test`)", "F3 205-206", 200, json_expect_lines),
    Case("long string of n bytes", "F4 65-67", 400_000, long_string, memory=True),
    Case("unterminated long string, n bytes", "F4 68-69", 800_000, unterminated_string, True),
)


# ----------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Run:
    size: int  # bytes of input
    wall: float | None  # None: timed out
    cpu: float | None
    peak_mb: float | None
    rc: int | None


_WRAPPER = """
import resource, subprocess, sys, time
start = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, use.ru_utime + use.ru_stime, use.ru_maxrss, rc)
"""


def _measure(command: list[str], env: dict[str, str], timeout: float) -> tuple[float, ...] | None:
    """(wall s, cpu s, peak KB, rc) of `command`, or None if it ran over `timeout`."""
    gnu_time = Path("/usr/bin/time")
    if gnu_time.exists():
        full = [str(gnu_time), "-v", *command]
    else:
        full = [sys.executable, "-c", _WRAPPER, *command]
    proc = subprocess.Popen(
        full,
        env=env,
        stdout=subprocess.DEVNULL if gnu_time.exists() else subprocess.PIPE,
        stderr=subprocess.PIPE if gnu_time.exists() else subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # so a timeout kills the whole group, not only the wrapper
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return None
    if not gnu_time.exists():
        wall, cpu, peak, rc = out.split()
        return float(wall), float(cpu), float(peak), float(rc)
    fields = dict(
        line.strip().rsplit(": ", 1) for line in err.splitlines() if ": " in line and "\t" in line
    )
    clock = fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")
    wall = sum(float(part) * 60**i for i, part in enumerate(reversed(clock)))
    cpu = float(fields["User time (seconds)"]) + float(fields["System time (seconds)"])
    rc = int(fields.get("Exit status", proc.returncode))
    return wall, cpu, float(fields["Maximum resident set size (kbytes)"]), rc


def _env(src: str | None, pycache: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = pycache
    env["NO_COLOR"] = "1"
    if src:
        env["PYTHONPATH"] = src
    return env


def _input_bytes(args: list[str]) -> int:
    return sum(p.stat().st_size for p in Path(args[-1]).parent.iterdir() if p.is_file())


def run_case(case: Case, n: int, env: dict[str, str], timeout: float, where: Path) -> Run:
    where.mkdir(parents=True, exist_ok=True)
    args = case.make(n, where)
    size = _input_bytes(args)
    result = _measure([sys.executable, "-m", "termlang", *args], env, timeout)
    shutil.rmtree(where, ignore_errors=True)
    if result is None:
        return Run(size, None, None, None, None)
    wall, cpu, peak_kb, rc = result
    return Run(size, wall, cpu, peak_kb / 1024, int(rc))


def _ratio(big: float | None, small: float | None) -> str:
    if big is None:
        return "timeout"
    if small is None or small <= 0:
        return "-"
    return f"{big / small:.1f}x"


def _seconds(run: Run) -> str:
    return "timeout" if run.wall is None else f"{run.wall:.2f}"


def _cpu(run: Run) -> str:
    return "-" if run.cpu is None else f"{run.cpu:.2f}"


def _peak(run: Run) -> str:
    return "-" if run.peak_mb is None else f"{run.peak_mb:.0f}"


def main(argv: list[str] | None = None) -> int:
    """Run the cases and print the table; returns 0 (figures only, nothing is asserted)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a quarter of each size")
    parser.add_argument("--only", help="run the cases whose name contains this text")
    parser.add_argument("--src", help="run this source tree (PYTHONPATH) instead")
    parser.add_argument("--timeout", type=float, default=None, help="per run (default 120 s)")
    args = parser.parse_args(argv)
    timeout = args.timeout or (40.0 if args.quick else 120.0)
    cases = [c for c in CASES if not args.only or re.search(args.only, c.name + " " + c.rows)]
    with tempfile.TemporaryDirectory(prefix="termlang-scaling-") as tmp:
        env = _env(args.src, str(Path(tmp) / "pycache"))
        warm = Path(tmp) / "warm"
        warm.mkdir()
        _measure(
            [sys.executable, "-m", "termlang", "check", str(_write(warm, "w.term", HDR))], env, 60
        )
        cpus = os.cpu_count()
        print(f"Python {sys.version.split()[0]}, {cpus} CPUs, timeout {timeout:.0f} s per run\n")
        print(
            "| shape | review | n | bytes | seconds | CPU s | peak MB | time 10n/n | CPU 10n/n "
            "| peak/size |"
        )
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for case in cases:
            n = max(1, case.n // 4) if args.quick else case.n
            small = run_case(case, n, env, timeout, Path(tmp) / "small")
            big = run_case(case, 10 * n, env, timeout, Path(tmp) / "big")
            for label, run, other in ((n, small, None), (10 * n, big, small)):
                growth = _ratio(run.wall, other.wall) if other else ""
                cpu_growth = _ratio(run.cpu, other.cpu) if other else ""
                per_size = (
                    f"{run.peak_mb * 1024 * 1024 / run.size:.0f}x"
                    if run.peak_mb is not None and case.memory
                    else ""
                )
                print(
                    f"| {case.name} | {case.rows} | {label:,} | {run.size:,} | {_seconds(run)} "
                    f"| {_cpu(run)} | {_peak(run)} | {growth} | {cpu_growth} | {per_size} |",
                    flush=True,
                )
        print(
            f"\nGoals: time 10n/n at most {GROWTH_GOAL}x (linear); for the F4 rows, peak/size at "
            f"most {MEMORY_GOAL}x. Wall time includes start-up; CPU time is less sensitive to load."
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
