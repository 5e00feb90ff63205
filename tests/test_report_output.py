"""One colour rule and one printer for every command's diagnostics (commands/_output.py)."""

from __future__ import annotations

import io

import pytest

from termlang.commands import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from termlang.commands._output import use_color, write_diagnostics
from termlang.diagnostics import Diagnostic, Severity


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_follows_the_choice_then_no_color_then_the_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(_Terminal()) and not use_color(io.StringIO())
    assert use_color(io.StringIO(), "always") and not use_color(_Terminal(), "never")
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(_Terminal())
    assert use_color(_Terminal(), "always")  # an explicit choice wins over the environment


def test_every_diagnostic_is_followed_by_a_blank_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    diag = Diagnostic("TL999", Severity.ERROR, "something `x` is wrong", None, (), "fix it")
    plain, tty = io.StringIO(), _Terminal()
    write_diagnostics([diag, diag], plain)
    write_diagnostics([diag], tty)
    assert plain.getvalue().count("error[TL999]: something `x` is wrong") == 2
    assert "\x1b[" not in plain.getvalue() and "\x1b[" in tty.getvalue()
    assert plain.getvalue().endswith("\n\n")


def test_the_exit_statuses_are_distinct() -> None:
    assert (EXIT_OK, EXIT_FINDINGS, EXIT_USAGE) == (0, 1, 2)
