"""The HTML summary in a real browser: headless Chromium prints it to PDF (and tests measure it).

termlang does not ship a browser. It uses the system's Chromium (Debian's `chromium`
package, or `TERMLANG_CHROMIUM=/path/to/chrome`) when there is one, and otherwise reports
that it is missing (`BrowserMissing`: TL709, with the install command in `help`). The
browser runs headless, without a sandbox (it only ever opens the summary termlang wrote, a
self-contained file with no script and no external fetch), with a throwaway profile, no
network services, no first-run, sync or component updates; it is given a time limit.

PDF pages are A4, laid out by the HTML summary's print stylesheet (`_style.css`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
)
TIMEOUT = 120  # seconds; a summary prints in about two


class BrowserMissing(Exception):
    """No Chromium on this machine (or it failed): the message and help say what to do."""

    def __init__(self, message: str, help: str) -> None:
        super().__init__(message)
        self.message = message
        self.help = help


def find() -> str | None:
    """The Chromium executable to use, or None."""
    chosen = os.environ.get("TERMLANG_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(html: str, extra: list[str], output: str | None = None) -> tuple[str, bytes | None]:
    """Open `html` in headless Chromium with `extra` flags: (stdout, the output file's bytes)."""
    exe = find()
    if exe is None:
        raise BrowserMissing(
            "no Chromium to print the summary with",
            "install Chromium (`apt-get install chromium` on Debian or Ubuntu), or set "
            "`TERMLANG_CHROMIUM` to a Chrome or Chromium executable; `--format html` needs "
            "no browser",
        )
    with tempfile.TemporaryDirectory(prefix="termlang-chromium-") as tmp:
        page = Path(tmp) / "summary.html"
        page.write_text(html, encoding="utf-8")
        target = Path(tmp) / output if output else None
        flags = [*FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}", *extra]
        if target is not None:
            flags.append(f"--print-to-pdf={target}")
        try:
            done = subprocess.run(
                [exe, *flags, page.as_uri()],
                capture_output=True,
                timeout=TIMEOUT,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise BrowserMissing(
                f"Chromium could not print the summary: {type(exc).__name__}",
                "check that `chromium --headless --version` runs on this machine",
            ) from exc
        data = target.read_bytes() if target is not None and target.exists() else None
        if target is not None and (done.returncode != 0 or not data):
            raise BrowserMissing(
                f"Chromium could not print the summary (exit status {done.returncode})",
                "check that `chromium --headless --version` runs on this machine",
            )
        return done.stdout.decode("utf-8", "replace"), data


def print_pdf(html: str) -> bytes:
    """The HTML summary printed to PDF (A4, the print stylesheet) by headless Chromium."""
    _, data = _run(html, ["--no-pdf-header-footer"], output="summary.pdf")
    assert data is not None
    return data


def dump_dom(html: str, width: int, height: int = 1000) -> str:
    """The page's DOM after load at a window of `width` x `height` CSS pixels (for tests)."""
    out, _ = _run(html, [f"--window-size={width},{height}", "--dump-dom"])
    return out
