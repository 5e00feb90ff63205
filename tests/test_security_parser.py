"""Regression tests for the parser rows of the security review (F3 rows 57-64, F4 rows 65-69).

Each input used to take tens of seconds to minutes (F3: inlined lists copied on every
reduction) or gigabytes (F4: a backtracking record per character of a long string). Each runs
the real `termlang check` in a child process, with a generous timeout, so a regression fails
here instead of hanging the suite. Memory is not timing: the child's peak RSS is asserted.
Timing goals live in `benchmarks/scaling.py`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

HDR = 'agreement "T" {\n  kind mou\n  binding yes\n  effective 2025-01-01\n}\n'
TIMEOUT = 30  # seconds; each case now takes about 1-3 s, and took 25 s to minutes before
MEMORY_FACTOR = 40  # peak RSS of the child over the file size (measured about 10x)


# The peak RSS of a child includes what its parent was at fork time (Linux keeps the forked
# image's high-water mark across exec), and a pytest process is 200 MB late in the suite. So
# a small wrapper process runs the command and reports the peak of its only child.
_WRAPPER = """
import resource, subprocess, sys
rc = subprocess.run(sys.argv[2:]).returncode
with open(sys.argv[1], "w") as fh:
    fh.write(f"{rc} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
"""


def run(argv: list[str], tmp_path: Path) -> tuple[int | None, str, int]:
    """Run argv: (exit status, or None if killed at TIMEOUT; its output; its peak RSS)."""
    report = tmp_path / "rusage.txt"
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRAPPER, str(report), *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_COLOR": "1"},
        start_new_session=True,  # a timeout kills the command too, not only the wrapper
    )
    try:
        out, _ = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return None, "", 0
    rc, peak_kb = map(int, report.read_text().split())
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KB on Linux
    return rc, out.decode("utf-8", "replace"), peak_kb * scale


def check(path: Path) -> tuple[int | None, str, int]:
    """`termlang check path`, as `run` reports it."""
    return run([sys.executable, "-m", "termlang", "check", str(path)], path.parent)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "input.term"
    path.write_text(text, encoding="utf-8")
    return path


def test_many_separator_lines_parse_in_linear_time(tmp_path: Path) -> None:
    """Rows 60-61: 80k `;` lines (160 KB) took 24.9 s, 3M lines (6 MB) over 300 s."""
    rc, out, _ = check(_write(tmp_path, HDR + ";\n" * 80_000))
    assert rc == 0, out[-2000:]
    assert "all checks passed" in out


@pytest.mark.slow
def test_many_top_level_items_parse_in_linear_time(tmp_path: Path) -> None:
    """Rows 57-58: 50k `entity` lines took 54 s, 400k lines (7.5 MB) over 120 s."""
    text = HDR + "".join(f'entity e{i} "Entity {i}"\n' for i in range(50_000))
    rc, out, _ = check(_write(tmp_path, text))
    assert rc == 0, out[-2000:]
    assert "TL501" in out and "TL1" not in out  # warnings about unused entities, parsed fine


@pytest.mark.slow
def test_many_comma_continued_arguments_parse_in_linear_time(tmp_path: Path) -> None:
    """Row 64: 40k comma-continued arguments took 16 s to parse; 200k (1.7 MB) over 300 s."""
    text = HDR + "note a" + "".join(f",\n  a{i}" for i in range(100_000)) + "\n"
    rc, out, _ = check(_write(tmp_path, text))
    assert rc == 1, out[-2000:]
    assert "TL200" in out and "TL1" not in out  # `note` is no top-level item; no syntax error


def test_a_long_string_takes_memory_in_proportion(tmp_path: Path) -> None:
    """Rows 65-67: a 4 MB string peaked at 1.82 GB (450x); now under MEMORY_FACTOR x."""
    body = ("y" * 999 + "\n") * 4000
    path = _write(tmp_path, HDR + 'party c """\n' + body + '""" role x\n')
    rc, out, peak = check(path)
    assert rc == 0, out[-2000:]
    assert "TL500" in out  # the party is parsed (and unused)
    size = path.stat().st_size
    assert peak < MEMORY_FACTOR * size, f"peak {peak / 2**20:.0f} MB for {size / 2**20:.1f} MB"


def test_an_unterminated_long_string_is_reported_quickly_and_cheaply(tmp_path: Path) -> None:
    """Rows 68-69: an unterminated 7.9 MB `\"\"\"` took 20 s and 3.55 GB before TL102."""
    body = ("y" * 999 + "\n") * 7900
    path = _write(tmp_path, HDR + 'party c """\n' + body)
    rc, out, peak = check(path)
    assert rc == 1, out[-2000:]
    assert "TL102" in out
    size = path.stat().st_size
    assert peak < MEMORY_FACTOR * size, f"peak {peak / 2**20:.0f} MB for {size / 2**20:.1f} MB"


def test_the_child_peak_is_measured(tmp_path: Path) -> None:
    """The memory assertions above can fail: a child that touches 200 MB shows it, a small one
    does not show the 200 MB of a big parent."""
    big = "x = bytearray(200 * 2**20)\nx[::4096] = b'y' * len(x[::4096])\n"
    assert run([sys.executable, "-c", big], tmp_path)[2] > 200 * 2**20
    assert run([sys.executable, "-c", "pass"], tmp_path)[2] < 100 * 2**20


def test_syntax_errors_at_the_end_of_a_large_file_do_not_reparse_it_fifty_times(
    tmp_path: Path,
) -> None:
    """Recovery re-parses from the start after each error: 60 errors after 20k good lines
    (560 KB) took 75 s; now the re-parsing stops within a budget, with TL003."""
    text = HDR + "".join(f'entity e{i} "Entity {i}"\n' for i in range(20_000))
    rc, out, _ = check(_write(tmp_path, text + "party = x\n" * 60))
    assert rc == 1, out[-2000:]
    assert "TL101" in out and "TL003" in out
