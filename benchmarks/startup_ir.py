"""Start-up of `termlang check` counted in instructions, which load on a shared machine does not
change: reports, asserts nothing.

    python benchmarks/startup_ir.py [--before ../main/src] [--after src]

Runs each command once under `valgrind --tool=callgrind` (about 50x slower than a plain run, so
about 20 s per command) after one plain run that warms its private PYTHONPYCACHEPREFIX, with a
fixed PYTHONHASHSEED. Prints the instructions executed (callgrind's `Ir`) by bare Python,
`python -c "import attrs"`, `python -c "import attrs, lark"` (the goal's reference) and
`termlang check` of the flagship from each tree, with the ratio to the reference. Instructions
are not time (a cache miss costs more than an add), but two trees compared this way differ by
what their code does, not by what else the machine was doing; benchmarks/startup_ab.py times them.
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


def instructions(command: list[str], src: str | None, cache: str) -> int:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(PYTHONPYCACHEPREFIX=cache, PYTHONHASHSEED="0", NO_COLOR="1")
    if src is not None:
        env["PYTHONPATH"] = str(Path(src).resolve())
    subprocess.run(command, env=env, capture_output=True, check=False)  # warm the cache
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in result.stderr.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1])
    raise SystemExit(f"no instruction count from valgrind:\n{result.stderr[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", help="a source tree (a `src` folder) to compare with")
    parser.add_argument("--after", default=str(ROOT / "src"), help="source tree (default: ours)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    py = sys.executable
    check = [py, "-m", "termlang", "check", str(FLAGSHIP)]
    rows: list[tuple[str, list[str], str | None]] = [
        ("bare `python -c pass`", [py, "-c", "pass"], None),
        ("`python -c 'import attrs'`", [py, "-c", "import attrs"], None),
        ("`python -c 'import attrs, lark'`", [py, "-c", "import attrs, lark"], None),
    ]
    if args.before:
        rows.append(("`termlang check` flagship, before", check, args.before))
    rows.append(
        ("`termlang check` flagship" + (", after" if args.before else ""), check, args.after)
    )
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="termlang-ir-") as tmp:
        for n, (name, command, src) in enumerate(rows):
            counts[name] = instructions(command, src, f"{tmp}/{n}")
    reference = counts["`python -c 'import attrs, lark'`"]
    bare = counts["bare `python -c pass`"]
    print("| command | instructions | ratio to `import attrs, lark` | ratio to bare |")
    print("|---|---:|---:|---:|")
    for name, count in counts.items():
        print(f"| {name} | {count / 1e6:,.0f} M | {count / reference:.2f}x | {count / bare:.1f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
