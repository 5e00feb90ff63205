"""The renderer against hostile input: dates at the calendar's end, and user templates that try
to burn time or memory (found by review; each was a crash or a hang)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES
from termlang.cli import main
from termlang.render import environment

Y9999 = """agreement "T" {
  kind       term_sheet
  binding    yes
  effective  2025-01-01
}
party a "A"
party b "B"
scope sc "s"
exclusivity ex {
  benefits  a
  binds     b
  scope     sc
  window    effective .. 9999-06-30
}
"""


@pytest.mark.parametrize("fmt", ["html", "docx", "md"])
def test_a_window_ending_in_year_9999_renders(fmt: str, tmp_path: Path) -> None:
    source = tmp_path / "y9999.term"
    source.write_text(Y9999, encoding="utf-8")
    assert main(["render", str(source), "--format", fmt, "-o", str(tmp_path / f"out.{fmt}")]) == 0


def _template(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "md.j2").write_text(body, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("{{ 'a' * 10**10 }}", "TL704"),
        ("{{ [1] * 10**9 }}", "TL704"),
        ("{{ 10 ** 10000000 }}", "TL704"),
        ("{{ lipsum(n=10**6) }}", "TL703"),
        ("{{ cycler(1, 2).next() }}", "TL703"),
    ],
)
def test_templates_cannot_build_huge_values(
    body: str, code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _template(tmp_path, body)
    flagship = str(EXAMPLES / "openai-microsoft-mou.term")
    assert main(["render", flagship, "--template", str(folder)]) == 1
    assert f"error[{code}]" in capsys.readouterr().err


def test_a_slow_template_is_stopped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(environment, "MAX_TEMPLATE_SECONDS", 1)
    loop = "{% for i in range(99999) %}{% for j in range(99999) %}x{% endfor %}{% endfor %}"
    folder = _template(tmp_path, loop)
    flagship = str(EXAMPLES / "openai-microsoft-mou.term")
    assert main(["render", flagship, "--template", str(folder)]) == 1
    assert "took longer than 1 seconds" in capsys.readouterr().err
