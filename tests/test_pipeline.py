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
