"""Summaries for counsel: goldens, every example in every format and locale, safety,
determinism, custom templates and their errors, and the CLI contract of `termlang render`."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cached import summary, summary_text
from conftest import EXAMPLES, FIXTURES, check_golden
from termlang.cli import main
from termlang.locales import NBSP, Formatter
from termlang.pipeline import analyze_path, analyze_text
from termlang.render import render
from termlang.values import Duration, DurationUnit, Money, Percent

FLAGSHIP = EXAMPLES / "openai-microsoft-mou.term"
GOLDENS = FIXTURES / "render"
ALL_EXAMPLES = sorted(EXAMPLES.glob("*.term"))


def _analysis(path: Path = FLAGSHIP):
    analysis = analyze_path(path, path.name)
    assert not analysis.has_errors, analysis.diagnostics
    return analysis


def _render(path: Path = FLAGSHIP, **options):
    analysis = _analysis(path)
    return render(analysis.model, analysis.diagnostics, **options)


# ---------------------------------------------------------------------------- goldens


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("openai-microsoft-mou.en.md", {"output_format": "md", "locale": "en"}),
        ("openai-microsoft-mou.fr.md", {"output_format": "md", "locale": "fr"}),
        ("openai-microsoft-mou.en.html", {"output_format": "html", "locale": "en"}),
        ("openai-microsoft-mou.fr.html", {"output_format": "html", "locale": "fr"}),
        (
            "openai-microsoft-mou.term-sheet.en.md",
            {"output_format": "md", "locale": "en", "template": "term-sheet"},
        ),
        (
            "openai-microsoft-mou.slips.en.md",
            {"output_format": "md", "locale": "en", "scenario": "slips"},
        ),
    ],
)
def test_flagship_goldens(name: str, options: dict, update_goldens: bool) -> None:
    check_golden(GOLDENS / name, _render(**options), update_goldens)


def test_flagship_sentences_read_as_sentences() -> None:
    en = _render(locale="en")
    assert (
        "Microsoft Corporation may use OpenAI frontier models, weights and research six months "
        "before any third party, from 11 September 2025 until 31 December 2032 or, if earlier, "
        "until AGI is declared under the agreed verification process." in en
    )
    assert "The agreement ends unless US and EU regulators clear the arrangement before" in en
    fr = _render(locale="fr")
    assert f"13{NBSP}milliards{NBSP}USD" in fr
    assert "à partir du 11 septembre 2025 et jusqu'au 31 décembre 2032" in fr
    assert "L'accord prend fin sauf si l'événement" in fr


def test_carve_outs_sit_under_their_exclusivity() -> None:
    md = _render()
    exclusivity = md.index("Azure as the exclusive host of the OpenAI API\n")
    carve = md.index("may deal with any third party for purchase of training")
    next_clause = md.index("OpenAI as Microsoft's frontier model partner\n")
    assert exclusivity < carve < next_clause


# ---------------------------------------------------------------------------- every example


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_every_example_renders(path: Path, locale: str, fmt: str) -> None:
    # `termlang render PATH --format FMT --locale LOCALE -o FILE` exits 0 and writes FILE (run
    # once per worker by tests/cached.py, whose summaries the other summary tests read)
    data = summary(path, fmt, locale)
    assert len(data) > 1000
    if fmt == "html":
        text = data.decode("utf-8")
        assert text.startswith("<!DOCTYPE html>") and "<svg" in text
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in text
        assert "<script" not in text


# ---------------------------------------------------------------------------- safety

HOSTILE = """\
agreement "Deal <b>bold</b>" {
  kind       mou
  binding    no
  effective  2026-01-01
  note       "<script>alert(1)</script> and *stars* | pipes"
}
party evil "<script>alert(1)</script> Corp" role investor
party good "Good Ltd" role company
investment inv {
  investor    evil
  recipient   good
  commitment  USD 1M
  note        "<img src=x onerror=alert(2)>"
}
"""


def test_hostile_text_is_escaped_in_html() -> None:
    analysis = analyze_text(HOSTILE, "hostile.term")
    assert not analysis.has_errors, analysis.diagnostics
    html = render(analysis.model, analysis.diagnostics, output_format="html")
    assert "<script>" not in html and "<img" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Corp" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


def test_hostile_text_is_inert_in_markdown() -> None:
    analysis = analyze_text(HOSTILE, "hostile.term")
    md = render(analysis.model, analysis.diagnostics, output_format="md")
    import re

    assert not re.search(r"(?<!\\)<(script|img)", md)
    assert r"\<script\>alert\(1\)\</script\> Corp" in md
    assert r"\*stars\* \| pipes" in md


# ---------------------------------------------------------------------------- determinism


def test_same_input_same_bytes(tmp_path: Path) -> None:
    for fmt in ("md", "html"):
        assert _render(output_format=fmt, locale="fr") == _render(output_format=fmt, locale="fr")
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    assert main(["render", str(FLAGSHIP), "--format", "docx", "-o", str(first)]) == 0
    assert main(["render", str(FLAGSHIP), "--format", "docx", "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_docx_holds_the_clause_text() -> None:
    from docx import Document

    data = _render(output_format="docx")
    assert isinstance(data, bytes)
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "OpenAI Group PBC must deal exclusively with Microsoft Corporation" in text
    assert "Microsoft's early access to frontier models" in text
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert "Memorandum of understanding" in cells
    assert doc.core_properties.created.date() == date(2025, 9, 11)
    fr = Document(io.BytesIO(_render(output_format="docx", locale="fr")))
    assert any("s'engage à traiter exclusivement" in p.text for p in fr.paragraphs)


@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.term")), ids=lambda p: p.stem)
def test_docx_has_the_other_outcomes_that_markdown_has(path: Path, locale: str) -> None:
    """Word dropped "Other outcomes by the horizon" (a loan's accrued interest, offers,
    third-party deals) that Markdown and HTML show (issue 15)."""
    from docx import Document

    from termlang.render.labels import LABELS

    md = summary_text(path, "md", locale)
    heading = LABELS[locale]["outcomes"]
    if heading not in md:
        return
    doc = Document(io.BytesIO(summary(path, "docx", locale)))
    assert any(heading in p.text for p in doc.paragraphs)
    cells = {cell.text for table in doc.tables for row in table.rows for cell in row.cells}
    section = md.split(heading, 1)[1].split("\n\n#", 1)[0]
    for line in section.splitlines():
        if line.startswith("- "):
            title = line[2:].split(":", 1)[0].split("\u202f:", 1)[0].strip()
            assert any(title in cell for cell in cells), (title, path.name)


# ---------------------------------------------------------------------------- custom templates


def test_custom_template_directory_and_builtin_reuse(tmp_path: Path, capsys) -> None:
    (tmp_path / "md.j2").write_text(
        "{{ agreement.title }}\n{% for c in clauses %}- {{ c.title }}\n{% endfor %}",
        encoding="utf-8",
    )
    assert main(["render", str(FLAGSHIP), "--template", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Microsoft–OpenAI memorandum of understanding\n- Microsoft")
    page = tmp_path / "page.html.j2"
    page.write_text('{% extends "builtin/summary.html.j2" %}', encoding="utf-8")
    assert main(["render", str(FLAGSHIP), "--format", "html", "--template", str(page)]) == 0
    assert "<svg" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("body", "code", "line"),
    [
        ("ok\n{{ no_such_thing }}\n", "TL703", 2),
        ("ok\nok\n{% for x in %}\n", "TL701", 3),
        ("{{ agreement.__class__.__mro__ }}\n", "TL704", 1),
        ("{{ ''.__class__.__subclasses__() }}\n", "TL704", 1),
    ],
)
def test_template_errors_point_at_the_template(
    tmp_path: Path, capsys, body: str, code: str, line: int
) -> None:
    template = tmp_path / "t.md.j2"
    template.write_text(body, encoding="utf-8")
    assert main(["render", str(FLAGSHIP), "--template", str(template)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"error[{code}]" in captured.err
    assert f"t.md.j2:{line}:" in captured.err
    assert "Traceback" not in captured.err


def test_unknown_template_and_scenario(capsys) -> None:
    assert main(["render", str(FLAGSHIP), "--template", "no-such-template"]) == 1
    assert "no template `no-such-template`" in capsys.readouterr().err
    assert (
        main(["render", str(FLAGSHIP), "--scenario", "on_tme"]) == 2
    )  # an unknown scenario name is a usage error
    assert "did you mean `on_time`?" in capsys.readouterr().err


# ---------------------------------------------------------------------------- CLI contract


def test_docx_needs_an_output_file(capsys) -> None:
    assert main(["render", str(FLAGSHIP), "--format", "docx"]) == 2
    assert "add `-o summary.docx`" in capsys.readouterr().err


def test_a_model_with_errors_is_not_rendered(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.term"
    bad.write_text(HOSTILE.replace("investor    evil", "investor    nobody"), encoding="utf-8")
    assert main(["render", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "error[TL300]" in captured.err and "nobody" in captured.err


def test_output_is_written_atomically(tmp_path: Path, capsys) -> None:
    out = tmp_path / "deep" / "summary.html"
    assert main(["render", str(FLAGSHIP), "--format", "html", "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in out.parent.iterdir()) == ["summary.html"]
    assert out.stat().st_mode & 0o044  # readable by others as a plain write would be


def test_check_does_not_import_the_renderer() -> None:
    code = (
        "import sys; from termlang.cli import main; main(['check', '-q', sys.argv[1]]); "
        "heavy = [m for m in ('jinja2', 'babel', 'docx', 'termlang.render') if m in sys.modules]; "
        "print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(FLAGSHIP)], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


# ---------------------------------------------------------------------------- formatting


def test_money_dates_durations_per_locale() -> None:
    en, fr = Formatter("en"), Formatter("fr")
    assert en.money(Money("USD", Decimal("13000000000"))) == f"USD{NBSP}13{NBSP}billion"
    assert fr.money(Money("USD", Decimal("13000000000"))) == f"13{NBSP}milliards{NBSP}USD"
    assert fr.money(Money("USD", Decimal("1500000"))) == f"1,5{NBSP}million{NBSP}USD"
    # not exact at three decimals: written out in full, never rounded
    assert en.money(Money("EUR", Decimal("1234567.5"))) == f"EUR{NBSP}1,234,567.50"
    assert fr.money(Money("EUR", Decimal("250000"))) == f"250\u202f000{NBSP}EUR"
    assert en.date(date(2025, 9, 11)) == "11 September 2025"
    assert fr.date(date(2025, 9, 11)) == "11 septembre 2025"
    assert fr.date(date(2027, 1, 1)) == "1er janvier 2027"
    assert en.duration(Duration(6, DurationUnit.MONTH)) == "six months"
    assert fr.duration(Duration(6, DurationUnit.MONTH)) == "six mois"
    assert fr.duration(Duration(1, DurationUnit.WEEK)) == "une semaine"
    assert en.duration(Duration(90, DurationUnit.DAY)) == "90 days"
    assert en.percent(Percent(Decimal("2.5"))) == "2.5%"
    assert fr.percent(Percent(Decimal("20"))) == f"20{NBSP}%"
    assert fr.join(["a", "b", "c"]) == "a, b et c"


def test_date_expressions_and_conditions_in_words() -> None:
    from termlang import ast
    from termlang.render.view import make_prose

    model = _analysis().model
    en, fr = make_prose(model, "en"), make_prose(model, "fr")
    earliest = ast.Call(
        func="earliest",
        args=(ast.DateLit(value=date(2032, 12, 31)), ast.Ref(parts=("agi_declared",))),
    )
    assert en.date_np(earliest) == (
        "the earlier of 31 December 2032 and the date on which AGI is declared under the agreed "
        "verification process"
    )
    assert fr.date_np(earliest).startswith("la première des dates suivantes\u202f: le 31 décembre")
    late = ast.Not(
        operand=ast.TimeRel(
            op="before",
            left=ast.Ref(parts=("regulatory_clearance",)),
            right=ast.DateLit(value=date(2026, 12, 31)),
        )
    )
    assert en.cond_if(late) == (
        "unless US and EU regulators clear the arrangement before 31 December 2026"
    )
    assert fr.cond_if(late).startswith("sauf si l'événement «\u00a0US and EU regulators")


def test_findings_become_open_points_under_their_clause() -> None:
    from termlang.diagnostics import Diagnostic, Severity

    analysis = _analysis()
    model = analysis.model
    clause = model.clauses["azure_api_exclusivity"]
    finding = Diagnostic(
        code="TL420",
        severity=Severity.WARNING,
        message="carve-out `other_clouds` covers `compute_sourcing` <again>",
        span=clause.where("window"),
        help="narrow the carve-out",
    )
    for locale, word in (("en", "warning"), ("fr", "avertissement")):
        md = render(model, (finding,), locale=locale)
        assert f"**{word} TL420**" in md
        assert r"covers compute\_sourcing \<again\>" in md
        # once under the clause, once in the open points with the clause and line
        assert md.count("TL420") == 2
    html = render(model, (finding,), output_format="html")
    assert "&lt;again&gt;" in html and "<again>" not in html


def test_an_unlimited_survival_reads_without_a_dangling_until() -> None:
    # "survives until without limit" / "survit jusqu'au sans limite" (issue 15)
    text = (EXAMPLES / "seed-note-financing.term").read_text(encoding="utf-8")
    assert "  survives  2 years\n" in text
    analysis = analyze_text(text.replace("  survives  2 years\n", "  survives  yes\n"), "seed.term")
    assert analysis.model is not None and not analysis.has_errors
    en = render(analysis.model, analysis.diagnostics, output_format="md", locale="en")
    fr = render(analysis.model, analysis.diagnostics, output_format="md", locale="fr")
    assert "survives without limit" in en and "until without limit" not in en
    assert "survit sans limite" in fr and "jusqu’au sans limite" not in fr
