"""The `confidentiality` clause kind (lower/kinds/confidentiality.py), end to end.

It lowers, resolves and checks like any kind; it is in force on its window's last day and
expired the day after, survives by `survives`, and is worded by the summary in English and
French, by redlines, the highlighting grammar and the language server, all from its registry
entry. examples/mutual-nda.term models the Common Paper Mutual NDA with it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import termlang
from termlang import model
from termlang.diff import compare
from termlang.diff import words as diff_words
from termlang.evaluate import pick_scenario, run
from termlang.lower.kinds.confidentiality import CONFIDENTIALITY, Confidentiality
from termlang.lower.registry import KINDS
from termlang.render import build, chart, labels
from termlang.render.view import make_prose

ROOT = Path(__file__).resolve().parent.parent

HEAD = """agreement "NDA" {
  kind       definitive
  binding    yes
  effective  2026-03-02
}

party orbit "Orbit Analytics LLC"
party acme "Acme Robotics, Inc."

scope know_how "the disclosed know-how"

event deal_closed "the deal closes"
"""

NDA = (
    HEAD
    + """
confidentiality nda "confidentiality of the know-how" {
  binds     orbit
  benefits  acme
  scope     know_how
  window    effective .. 2030-12-31
  survives  2 years
  permits   "to its professional advisers"
  permits   "as required by law"
}

termination closing "termination on closing" {
  ends  agreement
  when  deal_closed
}
"""
)


def _analysis(text: str, tmp_path: Path, name: str = "nda.term") -> Any:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return termlang.check(str(path))


def _status(text: str, tmp_path: Path, on: date, events: str = "") -> str:
    scenario = f'\nscenario s "s" {{\n  horizon 2040-12-31\n{events}}}\n'
    analysis = _analysis(text + scenario, tmp_path)
    assert analysis.model is not None
    timeline = run(analysis.model, pick_scenario(analysis.model, "s"))
    return str(timeline.state_at(on).statuses["nda"])


def test_the_kind_is_one_module() -> None:
    """Its model class lives in its module, a `model.Clause` outside `model.AnyClause`."""
    assert KINDS["confidentiality"] is CONFIDENTIALITY
    assert CONFIDENTIALITY.model is Confidentiality
    assert issubclass(Confidentiality, model.Clause)
    assert Confidentiality.__module__ == "termlang.lower.kinds.confidentiality"


def test_it_lowers_and_checks_clean(tmp_path: Path) -> None:
    analysis = _analysis(NDA, tmp_path)
    assert [d.code for d in analysis.diagnostics] == []
    assert analysis.model is not None
    nda = analysis.model.clauses["nda"]
    assert isinstance(nda, Confidentiality)
    assert (nda.binds, nda.benefits, nda.scope) == (("orbit",), ("acme",), ("know_how",))
    assert nda.permits == ("to its professional advisers", "as required by law")


def test_a_missing_field_is_a_located_diagnostic(tmp_path: Path) -> None:
    analysis = _analysis(NDA.replace("  binds     orbit\n", ""), tmp_path)
    (diag,) = analysis.diagnostics
    assert (diag.code, diag.message) == ("TL203", "`confidentiality` `nda` has no `binds`")
    assert diag.span is not None


def test_an_empty_permitted_disclosure_is_a_located_diagnostic(tmp_path: Path) -> None:
    analysis = _analysis(NDA.replace('"as required by law"', '"  "'), tmp_path)
    (diag,) = analysis.diagnostics
    assert (diag.code, diag.message) == ("TL204", "`confidentiality` `nda` has an empty `permits`")
    assert diag.span is not None and diag.span.start_pos.line == 20  # the empty `permits` line


def test_an_unknown_party_is_a_located_diagnostic_with_a_suggestion(tmp_path: Path) -> None:
    analysis = _analysis(NDA.replace("benefits  acme", "benefits  acmee"), tmp_path)
    (diag,) = analysis.diagnostics
    assert "acmee" in diag.message and "acme" in (diag.help or "")
    assert diag.code == "TL300"
    assert diag.span is not None and diag.span.start_pos.line == 16  # the `benefits` line


@pytest.mark.parametrize(
    ("on", "status"),
    [
        (date(2026, 3, 1), "pending"),
        (date(2026, 3, 2), "active"),
        (date(2030, 12, 31), "active"),  # "until 31 December 2030" includes that day
        (date(2031, 1, 1), "active"),  # surviving: 2 years after its last day
        (date(2032, 12, 31), "active"),
        (date(2033, 1, 1), "expired"),
    ],
)
def test_in_force_survives_and_expires_on_the_right_days(
    tmp_path: Path, on: date, status: str
) -> None:
    assert _status(NDA, tmp_path, on) == status


def test_it_survives_the_agreements_termination(tmp_path: Path) -> None:
    """Terminated with the agreement on 30 June 2027 (its first day out of force), it stays in
    force two years: through 29 June 2029."""
    events = "  deal_closed 2027-06-30\n"
    assert _status(NDA, tmp_path, date(2029, 6, 29), events) == "active"
    assert _status(NDA, tmp_path, date(2029, 6, 30), events) == "terminated"


def test_without_survives_termination_ends_it(tmp_path: Path) -> None:
    text = NDA.replace("  survives  2 years\n", "")
    assert _status(text, tmp_path, date(2027, 6, 30), "  deal_closed 2027-06-30\n") == (
        "terminated"
    )


def test_the_summary_words_it_in_english_and_french(tmp_path: Path) -> None:
    analysis = _analysis(NDA, tmp_path)
    assert analysis.model is not None
    nda = analysis.model.clauses["nda"]
    en = make_prose(analysis.model, "en").clause_sentences(nda)
    assert en == [
        "Orbit Analytics LLC must keep the disclosed know-how of Acme Robotics, Inc. "
        "confidential, from 2 March 2026 until 31 December 2030.",
        "Disclosure is permitted: to its professional advisers and as required by law.",
        "It survives for two years after it would otherwise end (expiry, termination or lapse).",
    ]
    fr = make_prose(analysis.model, "fr").clause_sentences(nda)
    assert fr[0] == (
        "Obligation de confidentialité à la charge d'Orbit Analytics LLC, au bénéfice "
        "d'Acme Robotics, Inc., portant sur «\u00a0the disclosed know-how\u00a0», "
        "à partir du 2 mars 2026 et jusqu'au 31 décembre 2030."
    )
    assert fr[1] == (
        "Divulgations permises\u202f: «\u00a0to its professional advisers\u00a0» et "
        "«\u00a0as required by law\u00a0»."
    )


def test_without_benefits_the_other_template_is_said(tmp_path: Path) -> None:
    analysis = _analysis(NDA.replace("  benefits  acme\n", ""), tmp_path)
    assert analysis.model is not None
    nda = analysis.model.clauses["nda"]
    en = make_prose(analysis.model, "en").clause_sentences(nda)
    assert en[0].startswith("Orbit Analytics LLC must keep the disclosed know-how confidential,")
    fr = make_prose(analysis.model, "fr").clause_sentences(nda)
    assert fr[0].startswith(
        "Obligation de confidentialité à la charge d'Orbit Analytics LLC, porta"
    )


def test_headings_chart_and_parties_come_from_its_entry(tmp_path: Path) -> None:
    assert labels.CLAUSE_KINDS["en"]["confidentiality"] == "Confidentiality"
    assert labels.CLAUSE_KINDS["fr"]["confidentiality"] == "Confidentialité"
    assert chart.COLORS["confidentiality"] == "#8c6d46"
    analysis = _analysis(NDA, tmp_path)
    assert analysis.model is not None
    view = build(analysis.model, analysis.diagnostics, locale="en")
    (clause,) = [c for c in view["clauses"] if c["name"] == "nda"]
    assert clause["kind_label"] == "Confidentiality"
    assert clause["holder"] == "acme"
    assert clause["parties"] == ["Orbit Analytics LLC", "Acme Robotics, Inc."]


def test_redlines_name_its_fields(tmp_path: Path) -> None:
    old = tmp_path / "old.term"
    new = tmp_path / "new.term"
    old.write_text(NDA, encoding="utf-8")
    new.write_text(
        NDA.replace('"as required by law"', '"as a court orders"').replace("2 years", "3 years"),
        encoding="utf-8",
    )
    assert diff_words.KINDS_EN["confidentiality"] == "confidentiality clause"
    redline = compare(termlang.check(str(old)), termlang.check(str(new)))
    en, fr = redline.sentences("en"), redline.sentences("fr")
    assert any(t.startswith("the permitted disclosures of `nda` changed") for t in en), en
    assert any(t.startswith("les divulgations permises de `nda` passent") for t in fr), fr
    assert any("survival of `nda` changed from two years to three years" in t for t in en), en


def test_highlighting_and_the_language_server_know_it() -> None:
    grammar = json.loads(
        (ROOT / "editors" / "vscode" / "syntaxes" / "term.tmLanguage.json").read_text("utf-8")
    )
    assert "confidentiality" in json.dumps(grammar)
    assert "permits" in json.dumps(grammar)
    pytest.importorskip("lsprotocol")
    from lsprotocol import types

    from termlang.lsp.document import analyze_document
    from termlang.lsp.features import completion, document_symbols

    text = NDA.replace(
        '  permits   "as required by law"\n', '  permits   "as required by law"\n  \n'
    )
    doc = analyze_document("untitled:nda.term", text)
    line = text.split("\n").index("  ")
    keys = {i.label for i in completion(doc, types.Position(line=line, character=2))}
    assert {"binds", "benefits", "scope", "permits", "survives", "window"} <= keys
    symbols = document_symbols(doc)
    assert any("nda" in [c.name for c in s.children or []] for s in symbols)


def test_the_example_passes_its_expectations() -> None:
    path = ROOT / "examples" / "mutual-nda.term"
    analysis = termlang.check(str(path))
    assert list(analysis.diagnostics) == []
    assert analysis.model is not None
    kinds = {c.kind for c in analysis.model.clauses.values()}
    assert "confidentiality" in kinds
