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
    monkeypatch.setattr(environment, "MAX_TEMPLATE_SECONDS", 0.25)  # the loops never end
    loop = "{% for i in range(99999) %}{% for j in range(99999) %}x{% endfor %}{% endfor %}"
    folder = _template(tmp_path, loop)
    flagship = str(EXAMPLES / "openai-microsoft-mou.term")
    assert main(["render", flagship, "--template", str(folder)]) == 1
    assert "took longer than 0.25 seconds" in capsys.readouterr().err


def test_the_output_of_a_template_is_capped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _template(tmp_path, "head\n{% for i in range(1000) %}{{ 'x' * 100 }}{% endfor %}")
    flagship = str(EXAMPLES / "openai-microsoft-mou.term")
    monkeypatch.setenv(environment.OUTPUT_VARIABLE, "50_000")
    assert main(["render", flagship, "--template", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "error[TL707]: template wrote more than 50,000 characters" in err
    assert "md.j2:2:" in err and "TERMLANG_TEMPLATE_MAX_OUTPUT" in err
    monkeypatch.setenv(environment.OUTPUT_VARIABLE, "lots")
    assert main(["render", flagship, "--template", str(folder)]) == 1
    assert "must be a positive whole number of characters, not `lots`" in capsys.readouterr().err
    monkeypatch.delenv(environment.OUTPUT_VARIABLE)
    assert main(["render", flagship, "--template", str(folder)]) == 0


def test_the_deadline_holds_in_filters_and_calls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # a loop of filter calls with no output: the alarm or the deadline in each filter stops it
    monkeypatch.setattr(environment, "MAX_TEMPLATE_SECONDS", 0.25)  # the loops never end
    loop = "{% for i in range(99999) %}{% for j in range(99999) %}{% set x = 'ab'|center(9) %}"
    folder = _template(tmp_path, loop + "{% endfor %}{% endfor %}")
    flagship = str(EXAMPLES / "openai-microsoft-mou.term")
    assert main(["render", flagship, "--template", str(folder)]) == 1
    assert "error[TL705]: template took longer than 0.25 seconds" in capsys.readouterr().err


def test_the_limits_check_the_deadline_themselves() -> None:
    limits = environment._Limits(seconds=0)
    with pytest.raises(environment._TooSlow):
        limits.check_size(1, "`x`")


@pytest.mark.parametrize(
    "body",
    [
        "{{ agreement.clear() }}",
        "{{ parties.append(1) }}",
        "{{ agreement.pop('title') }}",
    ],
)
def test_templates_cannot_change_the_view_model(
    body: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _template(tmp_path, body)
    flagship = str(EXAMPLES / "openai-microsoft-mou.term")
    assert main(["render", flagship, "--template", str(folder)]) == 1
    assert "error[TL704]" in capsys.readouterr().err


@pytest.mark.parametrize(
    "body",
    [
        "{{ '{:>300000000}'.format(1) }}",
        "{{ '{:>{}}'.format(1, 300000000) }}",
        "{{ '%*d' % (300000000, 1) }}",
        "{{ '%300000000s'|format('x') }}",
        "{{ [1]|batch(1000000000, 'x')|list|length }}",
        "{{ ('a' * 1000000)|replace('a', 'b' * 50) }}",
        "{{ ('a' * 1000000).replace('a', 'b' * 50) }}",
        "{{ ('a' * 1000000)|tojson(indent=1000) }}",
        "{{ ('x' * 5000000)|wordwrap(1, wrapstring='y' * 100) }}",
        "{% set s = 'x' * 9000000 %}{{ 'yy'.join([s, s]) }}",
        "{% set s = 'x' * 9000000 %}{{ s + s }}",
        "{{ ['x' * 5000000] * 3 }}",
        "{{ ('\t' * 1000).expandtabs(100000) }}",
    ],
)
def test_every_growing_operation_is_bounded(
    body: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _template(tmp_path, body)
    flagship = str(EXAMPLES / "openai-microsoft-mou.term")
    assert main(["render", flagship, "--template", str(folder)]) == 1
    assert "error[TL704]: template value too large" in capsys.readouterr().err


def test_ordinary_template_features_still_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = (
        "{% macro row(p) %}{{ p.name|center(12) }}|{{ '%-5s'|format(p.role) }}{% endmacro %}"
        "{% set ns = namespace(n=0) %}{% for p in parties %}{% set ns.n = ns.n + 1 %}"
        "{{ row(p) }}\n{% endfor %}{{ ns.n }} {{ 'a' ~ 'b' }} {{ ['x', 'y']|join(', ') }} "
        "{{ '{}-{}'.format(1, 2) }} {{ 'ab'.ljust(4) }}|{{ 'l1\nl2'|indent(2) }}"
    )
    folder = _template(tmp_path, body)
    flagship = str(EXAMPLES / "openai-microsoft-mou.term")
    assert main(["render", flagship, "--template", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "microsoft  \\|investor" in out and "3 ab x, y 1-2 ab  |l1\n  l2" in out


def test_numbers_match_babel_where_babel_is_exact() -> None:
    """The exact formatter writes what Babel writes, for every number Babel gets right."""
    import random
    from decimal import Decimal

    from babel.numbers import format_decimal, format_percent

    from termlang.locales import Formatter
    from termlang.values import Percent

    rng = random.Random(7)
    for _ in range(2000):
        digits = rng.randint(1, 20)
        value = Decimal(rng.randint(-(10**digits), 10**digits)).scaleb(-rng.randint(0, 8))
        plain = value.normalize() if value != value.to_integral_value() else value.quantize(1)
        for locale, babel in (("en", "en_GB"), ("fr", "fr")):
            formatter = Formatter(locale)
            expected = format_decimal(plain, locale=babel, decimal_quantization=False)
            assert formatter.number(value) == expected
            percent = format_percent(
                Percent(value).fraction.normalize(), locale=babel, decimal_quantization=False
            )
            assert formatter.percent(Percent(value)) == percent


def test_markdown_escaping_neutralises_block_syntax() -> None:
    from termlang.textsafe import escape_md, md_code, md_text, show_controls

    assert escape_md("title\n---\n===") == "title\n\\---\n\\==="
    assert escape_md("<b>\n# h\n1. x\n- y") == "\\<b\\>\n\\# h\n1\\. x\n\\- y"
    assert md_code("a`b\nc") == "``a`b c``"
    assert md_text("from `x<y>` to [z]") == "from `x<y>` to \\[z\\]"
    assert show_controls("a\x1b[31m\x07\x9b\r\nb\rc\td") == "a\u241b[31m\u2407\\x9b\r\nb\u240dc\td"
