"""One value formatter (issue 15): money, quantities, durations and dates per locale, the
same in summaries, `eval`/`timeline` text and reasons; Babel stays off `termlang check`'s path."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from termlang.locales import NBSP, Formatter
from termlang.values import Duration, DurationUnit, Money, Quantity

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EN, FR = Formatter("en"), Formatter("fr")


def _plain(text: str) -> str:
    return text.replace(NBSP, " ").replace("\u202f", " ")


@pytest.mark.parametrize(
    ("amount", "en", "fr"),
    [
        # the five shapes of issue 15: `USD 23.4`, `USD 21.000`, `USD 224_284.93`,
        # `GBP 2_040.00`, `USD 11439/10000`
        (Money("USD", Decimal("23.4")), "USD 23.40", "23,40 USD"),
        (Money("USD", Decimal("21000")), "USD 21,000", "21 000 USD"),
        (Money("USD", Decimal("224284.93")), "USD 224,284.93", "224 284,93 USD"),
        (Money("GBP", Decimal("2040.00")), "GBP 2,040", "2 040 GBP"),
        (Money("USD", Decimal("1.1439")), "USD 1.1439", "1,1439 USD"),
        (Money("USD", Decimal("0.00")), "USD 0", "0 USD"),
        (Money("JPY", Decimal("1234")), "JPY 1,234", "1 234 JPY"),
        (Money("USD", Decimal("13000000000")), "USD 13 billion", "13 milliards USD"),
    ],
)
def test_money_has_one_form_per_locale(amount: Money, en: str, fr: str) -> None:
    assert _plain(EN.money(amount)) == en
    assert _plain(FR.money(amount)) == fr
    assert EN.value(amount) == EN.money(amount)


def test_quantities_durations_and_dates_in_words() -> None:
    assert _plain(FR.value(Quantity(Decimal("1000"), "MW"))) == "1 000 MW"  # was `1_000 MW`
    assert EN.value(Duration(2, DurationUnit.YEAR)) == "two years"
    assert FR.value(Duration(1, DurationUnit.WEEK)) == "une semaine"
    assert EN.value(date(2026, 4, 14)) == "14 April 2026"
    assert FR.value(date(2027, 1, 1)) == "1er janvier 2027"


def test_check_does_not_import_babel() -> None:
    """Babel, Jinja and python-docx belong to render; `termlang check` stays light."""
    code = (
        "import sys, termlang.cli\n"
        f"termlang.cli.main(['check', {str(EXAMPLES / 'openai-microsoft-mou.term')!r}])\n"
        "heavy = [m for m in ('babel', 'jinja2', 'docx', 'termlang.render') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.stdout.strip().splitlines()[-1] == "HEAVY:", out.stdout


def test_eval_text_uses_the_formatter(capsys: pytest.CaptureFixture[str]) -> None:
    from termlang.cli import main

    main(["eval", str(EXAMPLES / "seed-note-financing.term"), "--at", "2027-06-01"])
    out = capsys.readouterr().out
    assert "repaid under bridge: USD 270,608.04" in out
    assert "at USD 380,000" in out
    assert not re.search(r"\d_\d", out)


def test_pdf_without_chromium_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from termlang.cli import main

    monkeypatch.setenv("TERMLANG_CHROMIUM", str(tmp_path / "no-such-browser"))
    out = tmp_path / "summary.pdf"
    assert (
        main(
            [
                "render",
                str(EXAMPLES / "seed-note-financing.term"),
                "--format",
                "pdf",
                "-o",
                str(out),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "error[TL709]" in err and "apt-get install chromium" in err
    assert not out.exists()
