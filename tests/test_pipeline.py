"""The pipeline's own limits: diagnostics per file are capped with a closing note."""

from __future__ import annotations

from termlang.diagnostics import Severity
from termlang.pipeline import MAX_DIAGNOSTICS, analyze_text


def test_diagnostics_are_capped_with_a_summary_note() -> None:
    text = "".join(f'party p{i} "P" role\n' for i in range(400))
    diags = analyze_text(text).diagnostics
    assert len(diags) == MAX_DIAGNOSTICS + 1
    last = diags[-1]
    assert last.code == "TL003" and last.severity is Severity.NOTE
    assert "201 more not shown" in last.message


def test_under_the_cap_nothing_is_dropped() -> None:
    text = "".join(f'party p{i} "P" role\n' for i in range(10))
    diags = analyze_text(text).diagnostics
    assert all(d.code != "TL003" for d in diags)


CARVE = """agreement "x" {
  kind       mou
  binding    no
  effective  2025-01-01
}
party a "A"
party b "B"
scope s "S"
exclusivity e {
  benefits  a
  binds     b
  scope     s
  carve_out free { scope s }
  carve_out capped { with any; cap 20% of compute }
}
"""


def test_carve_outs_lower_to_entity_cap_and_cap_of() -> None:
    from decimal import Decimal

    analysis = analyze_text(CARVE, run_checks=False)
    assert not analysis.diagnostics
    assert analysis.model is not None
    free, capped = analysis.model.clauses["e"].carve_outs  # type: ignore[union-attr]
    assert free.entity is None and free.cap is None
    assert capped.cap is not None and capped.cap.value == Decimal(20)
    assert capped.cap_of == "compute"


SKETCH = """agreement "Microsoft–OpenAI MOU" { kind mou  binding no  effective 2025-09-11  long_stop 2026-06-30 }
party microsoft "Microsoft Corporation" role investor
party openai "OpenAI Group PBC" role company
entity anthropic "Anthropic PBC"
scope model_partnerships "partnerships with model makers"
scope copilot_models "models offered inside Copilot" within model_partnerships
exclusivity frontier_models_msft {
  benefits openai  binds microsoft  scope model_partnerships  window effective .. 2030-12-31
  carve_out anthropic_in_copilot { with anthropic  scope copilot_models }
}
"""  # noqa: E501 - the one-line header is the point


def test_fields_may_follow_each_other_on_one_line() -> None:
    """The style of issue 2's sketch: fields run on within one-line blocks."""
    analysis = analyze_text(SKETCH)
    assert not analysis.diagnostics
    assert analysis.model is not None and analysis.model.agreement is not None
    assert analysis.model.agreement.kind == "mou"
    exclusivity = analysis.model.clauses["frontier_models_msft"]
    assert exclusivity.binds == ("microsoft",)  # type: ignore[union-attr]
    (carve,) = exclusivity.carve_outs  # type: ignore[union-attr]
    assert (carve.entity, carve.scope) == ("anthropic", ("copilot_models",))


def test_a_word_that_is_not_a_field_still_is_an_error() -> None:
    text = SKETCH.replace("kind mou  binding", "kind mou investor  binding")
    assert [d.code for d in analyze_text(text).diagnostics] == ["TL204"]


def test_old_mac_line_endings_are_one_clear_error() -> None:
    diags = analyze_text('party a "A"\rparty b "B"\r').diagnostics
    assert [(d.code, d.span.start if d.span else None) for d in diags] == [("TL010", 11)]
    crlf = analyze_text('agreement "x" {\r\n  kind mou\r\n}\r\n').diagnostics
    assert all(d.code != "TL010" for d in crlf)


def test_cap_counts_the_errors_it_hides_and_keeps_stopped_notes() -> None:
    from termlang.diagnostics import Diagnostic, Severity
    from termlang.pipeline import cap_diagnostics
    from termlang.source import SourceFile, Span

    source = SourceFile("x.term", "x" * 1000)

    def diag(offset: int, severity: Severity) -> Diagnostic:
        return Diagnostic(
            code="TL500", severity=severity, message="m", span=Span(source, offset, offset + 1)
        )

    # warnings first in the input, errors last: the errors sort after the warnings they follow
    found = [diag(i, Severity.WARNING) for i in range(MAX_DIAGNOSTICS)]
    found += [diag(MAX_DIAGNOSTICS + i, Severity.ERROR) for i in range(50)]
    stopped = Diagnostic(
        code="TL003", severity=Severity.NOTE, message="the `x` checks stopped", span=None
    )
    capped = cap_diagnostics("x.term", [stopped, *found])
    assert stopped in capped
    note = capped[-1]
    assert (
        note.message
        == "too many diagnostics in `x.term`: at least 50 more not shown (50 of them errors)"
    )


def test_resolve_tells_what_the_agreement_uses_from_what_only_scenarios_use() -> None:
    from termlang.pipeline import analyze_text

    text = (
        'agreement "A" { kind mou  binding no  effective 2026-01-01 }\n'
        'party a "A Ltd"\nparty b "B Ltd"\nevent signed\nevent spare\n'
        'obligation report { party a  must "report to b"  deadline signed + 30 days }\n'
        "scenario s { spare 2026-02-01 }\n"
    )
    analysis = analyze_text(text, "t.term")
    m = analysis.model
    assert m is not None
    assert {"a", "signed"} <= m.used_by_agreement and "spare" not in m.used_by_agreement
    assert "spare" in m.used_by_scenarios
    assert [d.message for d in analysis.diagnostics if d.code == "TL502"] == [
        "the event `spare` is declared but only scenarios mention it; no clause uses it"
    ]
