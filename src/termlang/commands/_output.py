"""How every command prints diagnostics: one colour rule, one printer.

Colour follows `--color` where a command has it (`always`, `never`, `auto`); `auto` colours
only a terminal, and never when `NO_COLOR` is set (https://no-color.org).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TextIO

from termlang.diagnostics import Diagnostic


def use_color(stream: TextIO, choice: str = "auto") -> bool:
    """Whether to colour what goes to `stream` (`choice`: always | never | auto)."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


def write_diagnostics(
    diags: Iterable[Diagnostic], stream: TextIO | None = None, *, choice: str = "auto"
) -> None:
    """Each diagnostic in the rustc shape, a blank line after each (stderr by default)."""
    from termlang.report import render_diagnostic

    out = sys.stderr if stream is None else stream
    color = use_color(out, choice)
    for diag in diags:
        out.write(render_diagnostic(diag, color=color))
        out.write("\n")
