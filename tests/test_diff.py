"""`termlang diff`: the redline in words (en/fr), consequences, output formats, git, exit codes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import termlang
from conftest import EXAMPLES, FIXTURES, check_golden
from termlang.cli import main
from termlang.diff import compare
from termlang.diff.output import render
from termlang.diff.words import shift

DIFF = FIXTURES / "diff"
V1, V2 = DIFF / "mou-v1.term", DIFF / "mou-v2.term"
FLAGSHIP = EXAMPLES / "openai-microsoft-mou.term"


def _analysis(text: str, path: str = "deal.term") -> Any:
    return termlang.check_text(text, path)


def _flagship_edit(old: str, new: str) -> str:
    text = FLAGSHIP.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def _redline(new_text: str, scenario: str | None = None) -> Any:
    old = _analysis(FLAGSHIP.read_text(encoding="utf-8"), "v1.term")
    new = _analysis(new_text, "v2.term")
    return compare(old, new, scenario)


def test_changed_percentage_moved_date_added_carve_out() -> None:
    redline = compare(termlang.check(str(V1)), termlang.check(str(V2)))
    assert redline.sentences("en") == [
        "the deadline of `softbank_round.second` moved from 31 December 2026 to 30 June 2026",
        "`openai`'s share of `model_ip` went from 51% to 73%",
        "`microsoft`'s share of `model_ip` went from 49% to 27%",
        "the end of the window of `msft_frontier_access` moved from 31 December 2032 to "
        "30 June 2031",
        "carve-out `anthropic_in_copilot` added to `partner_exclusivity`",
    ]
    fr = redline.sentences("fr")
    assert fr[0] == "le délai de `softbank_round.second` passe du 31 décembre 2026 au 30 juin 2026"
    assert fr[2] == "la part de `microsoft` dans `model_ip` passe de 49\u00a0% à 27\u00a0%" or fr[
        2
    ].startswith("la part de `microsoft` dans `model_ip` passe de 49")
    assert fr[4] == "exception `anthropic_in_copilot` ajoutée à `partner_exclusivity`"


def test_version_with_consistency_errors_still_diffs_with_its_findings() -> None:
    redline = compare(termlang.check(str(V1)), termlang.check(str(V2)))
    assert redline.edits and not redline.effects
    assert [d.code for d in redline.old_findings] == ["TL430"]
    assert redline.note == f"consequences not computed: `{V1}` has errors"
    text = render(redline, "text")
    assert "error[TL430]" in text and "Findings of the checker in" in text


def test_consequence_priority_access_ends_earlier_under_default_scenario() -> None:
    new = _flagship_edit(
        "window     effective .. 2032-12-31\n  ends_when  agi_declared\n  lead_time",
        "window     effective .. 2031-06-30\n  ends_when  agi_declared\n  lead_time",
    )
    redline = _redline(new)
    assert redline.scenario == "on_time"
    assert (
        "`microsoft` loses priority access to `frontier_models` 18 months earlier "
        "(last day in force 30 June 2031 instead of 31 December 2032)"
    ) in redline.effect_sentences("en")
    assert (
        "`microsoft` perd son accès prioritaire à `frontier_models` 18 mois plus tôt "
        "(dernier jour en vigueur le 30 juin 2031 au lieu du 31 décembre 2032)"
    ) in redline.effect_sentences("fr")


def test_consequence_under_named_scenario_tranche_lapses_earlier() -> None:
    new = _flagship_edit("deadline  2026-12-31", "deadline  2026-06-30")
    assert _redline(new, "on_time").effects == ()  # funded in March either way
    sentences = _redline(new, "slips").effect_sentences("en")
    assert any(s.startswith("`softbank_round.second` lapses six months earlier") for s in sentences)


def test_amount_consequence_when_a_rate_changes() -> None:
    new = _flagship_edit("rate       20%", "rate       25%")
    redline = _redline(new)
    assert redline.sentences()[0] == "the rate of `openai_to_msft` went from 20% to 25%"
    assert any(
        s.startswith("by 31 December 2033, `openai_to_msft` has paid")
        for s in redline.effect_sentences()
    )


def test_rename_is_one_edit_and_references_follow() -> None:
    text = FLAGSHIP.read_text(encoding="utf-8")
    new = text.replace("softbank", "sb_group")
    redline = _redline(new)
    assert redline.sentences() == [
        "party `softbank` renamed to `sb_group`",
        "investment `softbank_round` renamed to `sb_group_round`",
    ]
    assert redline.effects == ()


def test_removed_declaration_and_field_set() -> None:
    text = FLAGSHIP.read_text(encoding="utf-8")
    new = re.sub(r"(?m)^  governing_law .*\n", "", text, count=1)
    assert new != text
    assert _redline(new).sentences() == [
        "the governing law of the agreement (“State of New York”) was removed"
    ]


def test_equivalent_versions_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from termlang.fmt import format_text

    messy = tmp_path / "messy.term"
    messy.write_text(
        format_text(FLAGSHIP.read_text(encoding="utf-8")).replace("\n\n", "\n\n\n# new\n")
    )
    assert main(["diff", str(FLAGSHIP), str(messy)]) == 0
    assert "no changes: the two versions mean the same" in capsys.readouterr().out


def test_cli_text_json_md_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(V1), str(V2)]) == 1
    text = capsys.readouterr().out
    assert "  ~ the deadline of `softbank_round.second` moved" in text
    assert main(["diff", str(V1), str(V2), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    first = doc["changes"][0]
    assert (first["op"], first["field"], first["old"], first["new"]) == (
        "changed",
        "deadline",
        "2026-12-31",
        "2026-06-30",
    )
    assert doc["findings"]["old"][0]["code"] == "TL430"
    assert main(["diff", str(V1), str(V2), "--format", "md", "--locale", "fr"]) == 1
    md = capsys.readouterr().out
    assert md.startswith("# Comparatif\n")
    assert "- + exception `anthropic_in_copilot` ajoutée à `partner_exclusivity`" in md
    assert main(["diff", str(V1), str(V2), "--format", "html"]) == 1
    html = capsys.readouterr().out
    assert "<code>partner_exclusivity</code>" in html and "&#34;" not in html.split("<body>")[0]


def test_html_escapes_user_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "a.term"
    new = tmp_path / "b.term"
    base = FLAGSHIP.read_text(encoding="utf-8")
    old.write_text(base)
    new.write_text(base.replace('"State of New York"', '"<script>x</script>"'))
    assert main(["diff", str(old), str(new), "--format", "html"]) == 1
    html = capsys.readouterr().out
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_goldens(update_goldens: bool) -> None:
    from termlang.pipeline import analyze_path

    redline = compare(analyze_path(V1, V1.name), analyze_path(V2, V2.name))
    for fmt in ("text", "md"):
        for locale in ("en", "fr"):
            out = render(redline, fmt, locale)
            check_golden(DIFF / f"mou-v1-v2.{locale}.{fmt}.expected", out, update_goldens)


def test_cli_usage_and_io_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(V1)]) == 2
    assert "diff needs OLD and NEW" in capsys.readouterr().err
    assert main(["diff", str(V1), str(tmp_path / "missing.term")]) == 2
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.term"
    bad.write_text("agreement {\n")
    assert main(["diff", str(V1), str(bad)]) == 2
    assert "error[TL103]" in capsys.readouterr().err
    assert main(["diff", str(V1), str(V2), "--scenario", "nope"]) == 1  # V1 has errors: no run
    assert main(["diff", str(FLAGSHIP), str(FLAGSHIP), "--scenario", "nope"]) == 2
    assert "no scenario named `nope`" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_cli_git_revision(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    (tmp_path / "deals").mkdir()
    deal = tmp_path / "deals" / "mou.term"
    shutil.copy(V2, deal)
    git("add", ".")
    git("commit", "-qm", "v2")
    deal.write_text(V2.read_text().replace("2026-06-30  # assumed: lapses", "2026-09-30  # x"))
    assert main(["diff", "--git", "HEAD", str(deal)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Redline: HEAD:deals/mou.term → ")
    assert "moved from 30 June 2026 to 30 September 2026" in out
    assert main(["diff", "--git", "nope", str(deal)]) == 2
    assert "cannot read `nope:deals/mou.term` from git" in capsys.readouterr().err
    outside = tmp_path.parent / f"{tmp_path.name}-outside.term"
    outside.write_text("x 1\n")
    assert main(["diff", "--git", "HEAD", str(outside)]) == 2


def test_shift_words() -> None:
    from datetime import date

    assert shift(date(2032, 12, 31), date(2031, 6, 30), "en") == "18 months earlier"
    assert shift(date(2026, 1, 15), date(2027, 1, 15), "fr") == "un an plus tard"
    assert shift(date(2026, 1, 15), date(2026, 1, 18), "en") == "three days later"
