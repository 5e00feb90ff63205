"""Regression tests for the parser rows of the security review (F3 rows 57-64, F4 rows 65-69).

Each input used to take tens of seconds to minutes (F3: inlined lists copied on every
reduction) or gigabytes (F4: a backtracking record per character of a long string). Each runs
the real `termlang check` in a child process, with a generous timeout, so a regression fails
here instead of hanging the suite. Memory is not timing: the child's peak RSS is asserted.
Timing goals live in `benchmarks/scaling.py`.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HDR = 'agreement "T" {\n  kind mou\n  binding yes\n  effective 2025-01-01\n}\n'
TIMEOUT = 30  # seconds; each case now takes about 1-3 s, and took 25 s to minutes before
MEMORY_FACTOR = 40  # peak RSS of the child over the file size (measured about 10x)


def check(path: Path) -> tuple[int | None, str, int]:
    """Run `termlang check path`: (exit status or None if killed at TIMEOUT, output, peak RSS).

    The peak is the child's own (`os.wait4`), not the maximum over every child this test
    process ever had, which `RUSAGE_CHILDREN` would give.
    """
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "termlang", "check", str(path)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_COLOR": "1"},
            start_new_session=True,
        )
        timer = threading.Timer(TIMEOUT, os.killpg, (proc.pid, signal.SIGKILL))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return (None if killed else proc.returncode), text, peak


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "input.term"
    path.write_text(text, encoding="utf-8")
    return path


def test_many_separator_lines_parse_in_linear_time(tmp_path: Path) -> None:
    """Rows 60-61: 80k `;` lines (160 KB) took 24.9 s, 3M lines (6 MB) over 300 s."""
    rc, out, _ = check(_write(tmp_path, HDR + ";\n" * 80_000))
    assert rc == 0, out[-2000:]
    assert "all checks passed" in out


def test_many_top_level_items_parse_in_linear_time(tmp_path: Path) -> None:
    """Rows 57-58: 50k `entity` lines took 54 s, 400k lines (7.5 MB) over 120 s."""
    text = HDR + "".join(f'entity e{i} "Entity {i}"\n' for i in range(50_000))
    rc, out, _ = check(_write(tmp_path, text))
    assert rc == 0, out[-2000:]
    assert "TL501" in out and "TL1" not in out  # warnings about unused entities, parsed fine


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
    """The memory assertions above can fail: a child that allocates 200 MB shows it."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    script = tmp_path / "big.py"
    script.write_text("x = bytearray(200 * 2**20)\nx[::4096] = b'y' * len(x[::4096])\n")
    proc = subprocess.Popen([sys.executable, str(script)])
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024) > 200 * 2**20
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 2**10


def test_syntax_errors_at_the_end_of_a_large_file_do_not_reparse_it_fifty_times(
    tmp_path: Path,
) -> None:
    """Recovery re-parses from the start after each error: 60 errors after 20k good lines
    (560 KB) took 75 s; now the re-parsing stops within a budget, with TL003."""
    text = HDR + "".join(f'entity e{i} "Entity {i}"\n' for i in range(20_000))
    rc, out, _ = check(_write(tmp_path, text + "party = x\n" * 60))
    assert rc == 1, out[-2000:]
    assert "TL101" in out and "TL003" in out
