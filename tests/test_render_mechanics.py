"""The summaries show the mechanics' outcomes: timeline entries (English and French, every
reason translated) and the view model's `outcomes` at the horizon."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES
from termlang.evaluate import pick_scenario, run
from termlang.pipeline import analyze_text
from termlang.render.story import MECHANIC_ASPECTS
from termlang.render.view import build_view

CASES = [
    ("seed-note-financing", "series_a_in_2026"),
    ("seed-note-financing", "acquired"),
    ("licence-late-payment", "late_in_2026"),
    ("openai-microsoft-mou", "on_time"),
    ("openai-microsoft-mou", "slips"),
]


def _plain(text: str) -> str:
    """Ordinary spaces for the non-breaking ones the formatter writes."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def _view(example: str, scenario: str, locale: str) -> dict:
    path = EXAMPLES / f"{example}.term"
    analysis = analyze_text(path.read_text(encoding="utf-8"), str(path), run_checks=False)
    m = analysis.model
    assert m is not None
    chosen = pick_scenario(m, scenario)
    return build_view(m, [], locale=locale, scenario=chosen, timeline=run(m, chosen))


@pytest.mark.parametrize(("example", "scenario"), CASES)
def test_every_mechanic_reason_is_translated(example, scenario):
    view = _view(example, scenario, "fr")
    entries = [e for e in view["timeline"] if e["kind"] in MECHANIC_ASPECTS]
    assert entries
    untranslated = [e["reason"] for e in entries if e["reason_lang"] != "fr"]
    assert untranslated == []


def test_seed_summary_tells_the_conversion_and_the_breach():
    view = _view("seed-note-financing", "series_a_in_2026", "en")
    texts = [_plain(e["text"]) for e in view["timeline"]]
    assert "“Wren's post-money SAFE” converts into 1,250,000 shares." in texts
    assert any(t.startswith("A third-party deal at USD 380,000 breaches") for t in texts)
    outcomes = {(o["clause"], _plain(o["text"])) for o in view["outcomes"]}
    assert ("bridge", "paid back: USD 270,608.04") in outcomes
    assert ("kestrel_note", "435,159 shares (1 September 2026)") in outcomes


def test_licence_summary_tells_the_penalties_and_the_shortfall():
    view = _view("licence-late-payment", "late_in_2026", "en")
    outcomes = {o["clause"]: _plain(o["text"]) for o in view["outcomes"]}
    assert outcomes["late_delivery"] == (
        "accrued: GBP 150,000 (cap reached 30 July 2026); may terminate from 31 July 2026"
    )
    assert outcomes["late_royalty"] == "accrued: GBP 2,100"
    assert outcomes["minimum_royalty"] == "shortfall 2027: GBP 40,000"


def test_flagship_summary_tells_the_recoup_date():
    view = _view("openai-microsoft-mou", "on_time", "fr")
    texts = [_plain(o["text"]) for o in view["outcomes"] if o["clause"] == "msft_returns"]
    assert "palier « recoup » : atteint le 1er janvier 2030" in texts
