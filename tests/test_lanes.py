"""The machinery of the test lanes (CONTRIBUTING.md, "Set up and test"): the per-worker cache
of analyses and summaries (tests/cached.py) hands out what the pipeline and `termlang render`
give, and no test can change what another reads; the fast lane's Hypothesis profile runs a
quarter of each property test's examples and the full run all of them."""

from __future__ import annotations

from hypothesis import settings

import termlang
from cached import analysis, summary, summary_text
from conftest import EXAMPLES, FAST_PROFILE, examples
from termlang.render import render

FLAGSHIP = EXAMPLES / "openai-microsoft-mou.term"


def test_an_analysis_is_a_fresh_copy_each_time() -> None:
    first = analysis(FLAGSHIP)
    assert first.model is not None
    name = next(iter(first.model.clauses))
    # a test that forces a change into what it was given (the model is frozen, its mappings
    # read-only)...
    object.__setattr__(first.model, "clauses", {})
    second = analysis(FLAGSHIP)
    assert second is not first and second.model is not None
    assert name in second.model.clauses  # ...changes nothing for the next one
    fresh = termlang.check(str(FLAGSHIP))
    assert fresh.model is not None and second.model.clauses.keys() == fresh.model.clauses.keys()
    assert second.diagnostics == fresh.diagnostics


def test_a_summary_is_what_render_returns() -> None:
    checked = termlang.check(str(FLAGSHIP))
    assert checked.model is not None
    for fmt in ("md", "html"):
        expected = render(checked.model, checked.diagnostics, output_format=fmt, locale="fr")
        assert isinstance(expected, str)
        assert summary(FLAGSHIP, fmt, "fr") == expected.encode("utf-8")
        assert summary_text(FLAGSHIP, fmt, "fr") == expected
    docx = summary_text(FLAGSHIP, "docx", "en")
    assert "OpenAI Group PBC must deal exclusively with Microsoft Corporation" in docx


def test_the_fast_profile_runs_a_quarter_of_the_examples() -> None:
    if settings.get_current_profile_name() == FAST_PROFILE:
        assert (examples(300), examples(40), examples(12), examples(5)) == (75, 10, 10, 5)
    else:  # make test, CI: every example
        assert (examples(300), examples(40), examples(12), examples(5)) == (300, 40, 12, 5)
