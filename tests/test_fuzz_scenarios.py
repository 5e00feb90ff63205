"""Fuzzing JSON scenario files: whatever a counterparty sends, a located diagnostic or a scenario.

A hand strategy builds scenario documents: the keys of the format (docs/semantics.md) with
values of every JSON type, plus the shapes that once gave tracebacks (review F10, F13): numbers
of thousands of digits, lone surrogates, `NaN`, duplicate keys, deep nesting, trailing text,
a BOM, truncation. The property: reading the file against the flagship's model either gives a
scenario or raises `ScenarioError` whose diagnostics all point inside the JSON file, and naming
the agreement never reads outside it. The normal suite runs a few examples; `make fuzz`
(`TERMLANG_FUZZ_EXAMPLES=20000`) runs a long campaign.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from termlang import model
from termlang.diagnostics import Diagnostic
from termlang.evaluate.scenario_json import KEYS, agreement_of, parse_json, read_json, scenario_of
from termlang.evaluate.scenarios import ScenarioError
from termlang.pipeline import analyze_path
from test_fuzz import fuzz_settings, time_bound

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "examples" / "openai-microsoft-mou.term"


@cache
def flagship() -> model.Model:
    analysis = analyze_path(FLAGSHIP)
    assert analysis.model is not None
    return analysis.model


NAMES = st.sampled_from(
    ["softbank_round", "agi_declared", "api", "restructuring_completed", "x", "status"]
)
ODD_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["\udfff", "x\ud800", "\x1b[31m", "2026-02-30", "USD 1e9", "never", ""]),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.decimals(allow_nan=False, allow_infinity=False).map(lambda d: float(d)),
    ODD_TEXT,
    st.dates().map(str),
    st.sampled_from(["USD 8B", "USD 1_000", "2026", "2026-Q1", "2027-H2", "1_000 GPUs"]),
)
VALUES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.one_of(NAMES, ODD_TEXT), inner, max_size=4)
    ),
    max_leaves=12,
)
DOCUMENTS = st.dictionaries(st.one_of(st.sampled_from(KEYS), ODD_TEXT), VALUES, max_size=8)


def _text(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False)


@st.composite
def scenario_texts(draw: st.DrawFn) -> str:
    text = _text(draw(DOCUMENTS))
    mutation = draw(
        st.sampled_from(["none", "digits", "nan", "twice", "deep", "trail", "cut", "bom"])
    )
    if mutation == "digits":
        text = text[:-1] + (', "horizon": ' if len(text) > 2 else '"horizon": ') + "9" * 5000 + "}"
    elif mutation == "nan":
        text = text.replace("null", "NaN", 1)
    elif mutation == "twice":
        text = text[:-1] + (", " if len(text) > 2 else "") + '"name": "a", "name": "b"}'
    elif mutation == "deep":
        text = "[" * 200 + "]" * 200
    elif mutation == "trail":
        text += " trailing"
    elif mutation == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif mutation == "bom":
        text = "\ufeff" + text
    return text


def _inside(diag: Diagnostic, text_len: int) -> None:
    if diag.span is not None:
        assert 0 <= diag.span.start <= diag.span.end <= len(diag.span.source.text)


@fuzz_settings(short=60)
@given(scenario_texts())
def test_scenario_json_never_crashes(tmp_path_factory: Any, text: str) -> None:
    path = tmp_path_factory.mktemp("json") / "scenario.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with time_bound():
        try:
            source, root = read_json(str(path))
        except ScenarioError as exc:
            assert exc.diagnostics
            for d in exc.diagnostics:
                _inside(d, len(text))
            return
        named = agreement_of(source, root)
        if isinstance(named, Diagnostic):
            _inside(named, len(text))
        try:
            scenario = scenario_of(source, root, flagship())
        except ScenarioError as exc:
            assert exc.diagnostics
            for d in exc.diagnostics:
                _inside(d, len(text))
            return
        assert isinstance(scenario, model.Scenario)


@fuzz_settings(short=40)
@given(st.text(max_size=200))
def test_any_text_parses_or_fails_with_a_position(text: str) -> None:
    from termlang.evaluate.scenario_json import JsonSyntaxError

    try:
        parse_json(text)
    except JsonSyntaxError as exc:
        assert 0 <= exc.offset <= len(text)
