"""The consistency checks: every code fires on its bad fixture, at the right place, and stays
quiet on its good twin and on every example.

`tests/fixtures/checks/bad/<CODE>-<name>.term` must produce findings of exactly `<CODE>`; the
rendered text (codes, `line:col` of every primary and secondary span, messages, help) is the
golden file `<CODE>-<name>.expected` beside it (`pytest --update-goldens` rewrites them).
`tests/fixtures/checks/good/<name>.term` is the twin that must produce no error or warning.
"""

from __future__ import annotations

import io
import json
import re
import time
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from conftest import EXAMPLES, FIXTURES, ROOT, check_golden
from termlang.checks import CHECK_RULES, Suppressed, run_checks
from termlang.checks.catalog import render as render_catalog
from termlang.cli import main
from termlang.diagnostics import Diagnostic, Severity
from termlang.pipeline import analyze_path, analyze_text
from termlang.report import render_text

CHECKS = FIXTURES / "checks"
BAD = sorted((CHECKS / "bad").glob("*.term"))
GOOD = sorted((CHECKS / "good").glob("*.term"))


def _findings(path: Path) -> list[Diagnostic]:
    analysis = analyze_path(path, path.name)
    return [d for d in analysis.diagnostics if not isinstance(d, Suppressed)]


def _code_of(path: Path) -> str:
    return path.name.split("-", 1)[0]


# ---------------------------------------------------------------------------- fixtures


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_bad_fixture_triggers_exactly_its_code(path: Path, update_goldens: bool) -> None:
    found = _findings(path)
    assert found, f"{path.name} should produce a finding"
    assert {d.code for d in found} == {_code_of(path)}, render_text(found)
    check_golden(path.with_suffix(".expected"), render_text(found), update_goldens)


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_good_twin_is_quiet(path: Path) -> None:
    found = [d for d in _findings(path) if d.severity is not Severity.NOTE]
    assert found == [], render_text(found)


def test_every_bad_fixture_has_a_good_twin() -> None:
    for path in BAD:
        twin = CHECKS / "good" / (path.name.split("-", 1)[1])
        assert twin.exists(), f"{path.name} has no good twin {twin.name}"


def test_every_check_code_has_a_bad_fixture() -> None:
    covered = {_code_of(p) for p in BAD}
    missing = sorted(r.code for r in CHECK_RULES if r.code not in covered)
    assert missing == []


def test_expected_files_name_the_primary_line_and_column() -> None:
    # The golden files are what reviewers read: each starts with the code and its location.
    for path in BAD:
        expected = path.with_suffix(".expected").read_text(encoding="utf-8")
        assert expected.startswith(("error[", "warning[", "note[")), path.name
        assert re.search(rf"--> {re.escape(path.name)}:\d+:\d+", expected), path.name


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_messages_follow_the_style(path: Path) -> None:
    for d in _findings(path):
        assert d.message[0].islower() or d.message[0] == "`", d.message
        assert not d.message.endswith("."), d.message
        assert d.help, f"{d.code} has no help"
        assert d.span is not None


# ---------------------------------------------------------------------------- examples

# Findings on the examples that are genuine and reported to the maintainers; the example is
# theirs to fix. `strict` makes the test fail as soon as the example is fixed, so the mark
# cannot outlive the problem.
KNOWN_EXAMPLE_FINDINGS: dict[str, str] = {}


def _example_params() -> list[object]:
    params: list[object] = []
    for path in sorted(EXAMPLES.glob("*.term")):
        reason = KNOWN_EXAMPLE_FINDINGS.get(path.name)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(path, marks=marks, id=path.name))
    return params


@pytest.mark.parametrize("path", _example_params())
def test_example_checks_clean(path: Path) -> None:
    found = _findings(path)
    assert found == [], render_text(found)


def test_flagship_checks_clean() -> None:
    found = _findings(EXAMPLES / "openai-microsoft-mou.term")
    assert found == [], render_text(found)


# ---------------------------------------------------------------------------- rules and docs


def test_codes_are_unique_stable_and_in_range() -> None:
    codes = [r.code for r in CHECK_RULES]
    names = [r.name for r in CHECK_RULES]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))
    for r in CHECK_RULES:
        assert re.fullmatch(r"TL([45]\d\d|[89]\d\d)", r.code), r.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.name), r.name
        assert r.summary and r.summary[0].islower() and not r.summary.endswith(".")
        assert "\n    " in r.description, f"{r.code}: the description needs an example"


def test_docs_checks_md_is_generated_from_the_rules(update_goldens: bool) -> None:
    check_golden(ROOT / "docs" / "checks.md", render_catalog(), update_goldens)


def test_docs_list_every_code() -> None:
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for r in CHECK_RULES:
        assert f"### {r.code} {r.name}" in text


@pytest.mark.parametrize("code", ["TL420", "tl430", "TL490"])
def test_explain_prints_the_rationale_and_example(code: str) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(["explain", code])
    assert status == 0
    rule = {r.code: r for r in CHECK_RULES}[code.upper()]
    assert rule.description in out.getvalue()
    assert f"allow {code.upper()}" in out.getvalue()


# ---------------------------------------------------------------------------- suppression

SUPPRESSED = CHECKS / "good" / "unused-allow.term"


def test_allow_turns_a_finding_into_a_suppressed_note() -> None:
    diags = analyze_path(SUPPRESSED, SUPPRESSED.name).diagnostics
    quiet = [d for d in diags if isinstance(d, Suppressed)]
    assert [(d.code, d.severity, d.original) for d in quiet] == [
        ("TL400", Severity.NOTE, Severity.ERROR)
    ]
    assert quiet[0].reason.startswith("the remaining 1% is held in escrow")
    assert not any(d.severity is Severity.ERROR for d in diags)
    import pickle

    assert pickle.loads(pickle.dumps(quiet[0])) == quiet[0]  # analyses cross processes


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(list(argv))
    return status, out.getvalue()


def test_suppressed_findings_are_listed_in_json_and_do_not_fail() -> None:
    status, text = _run("check", "--format", "json", "--warnings-as-errors", str(SUPPRESSED))
    assert status == 0
    doc = json.loads(text)
    assert doc["valid"] is True and doc["errors"] == 0 and doc["warnings"] == 0
    [entry] = doc["suppressed"]
    assert entry["code"] == "TL400"
    assert entry["severity"] == "error"
    assert entry["reason"].startswith("the remaining 1%")
    assert entry["range"]["start"]["line"] == 13
    assert entry["allow"]["start"]["line"] == 15


def test_suppressed_findings_are_named_in_the_text_summary() -> None:
    status, text = _run("check", "--color", "never", str(SUPPRESSED))
    assert status == 0
    assert "all checks passed: 1 file" in text
    assert "1 finding suppressed by `allow`:" in text
    assert "TL400" in text and "reason: the remaining 1% is held in escrow" in text


def test_json_has_an_empty_suppressed_list_when_nothing_is_suppressed() -> None:
    _, text = _run("check", "--format", "json", str(EXAMPLES / "openai-microsoft-mou.term"))
    assert json.loads(text)["suppressed"] == []


def test_an_allow_only_covers_its_own_clause() -> None:
    text = (CHECKS / "bad" / "TL420-conflicting-exclusivities.term").read_text()
    # Suppress in the first clause: the finding's primary span is in the second one.
    moved = text.replace(
        "  window    2026-01-01 .. 2028-01-01\n",
        '  window    2026-01-01 .. 2028-01-01\n  allow     TL420 "agreed"\n',
    )
    diags = analyze_text(moved, "x.term").diagnostics
    assert sorted(d.code for d in diags) == ["TL420", "TL506"]
    here = text.replace(
        "  window    2027-01-01 .. 2030-01-01\n",
        '  window    2027-01-01 .. 2030-01-01\n  allow     TL420 "agreed in a side letter"\n',
    )
    diags = analyze_text(here, "x.term").diagnostics
    assert [(d.code, type(d).__name__) for d in diags] == [("TL420", "Suppressed")]


# ---------------------------------------------------------------------------- reasoning details


def _codes(text: str) -> list[str]:
    return sorted(d.code for d in analyze_text(text, "t.term").diagnostics)


HEAD = """agreement "t" {
  kind       definitive
  binding    yes
  effective  2026-01-01
}
party alpha "A"
party beta "B"
party gamma "C"
scope hosting "h"
"""


def _exclusivities(w1: str, w2: str, extra: str = "") -> str:
    return (
        HEAD
        + f"""
exclusivity one {{
  benefits alpha
  binds beta
  scope hosting
  window {w1}
}}
exclusivity two {{
  benefits gamma
  binds beta
  scope hosting
  window {w2}
{extra}}}
"""
    )


@pytest.mark.parametrize(
    ("w1", "w2", "expected"),
    [
        ("2026-01-01 .. 2026-12-31", "2027-01-01 .. 2027-12-31", []),  # they follow each other
        ("2026-01-01 .. 2027-01-01", "2027-01-01 .. 2027-12-31", ["TL420"]),  # end day included
        ("effective .. signed", "signed .. 2030-01-01", []),  # one event ends and starts
        ("effective .. signed", "signed + 1 day ..", []),
        ("effective .. signed + 1 day", "signed ..", ["TL420"]),  # a certain one-day overlap
    ],
)
def test_exclusivity_overlap_respects_inclusive_and_event_windows(
    w1: str, w2: str, expected: list[str]
) -> None:
    text = _exclusivities(w1, w2)
    if "signed" in text:
        text += 'event signed "s"\n'
    assert _codes(text) == expected


def test_a_clause_that_waits_for_the_other_to_end_does_not_overlap() -> None:
    text = _exclusivities("effective .. 2030-01-01", "effective ..", "starts_when ended(one)\n")
    assert _codes(text) == []


def test_certain_overlap_is_an_error_possible_overlap_a_warning() -> None:
    certain = analyze_text(_exclusivities("effective ..", "2027-01-01 .. 2028-01-01"), "t.term")
    assert [d.severity for d in certain.diagnostics] == [Severity.ERROR]
    possible = analyze_text(
        _exclusivities("effective .. 2028-01-01", "signed .. 2029-01-01") + 'event signed "s"\n',
        "t.term",
    )
    [d] = possible.diagnostics
    assert d.severity is Severity.WARNING
    assert "can both bind" in d.message and "`signed`" in d.message


def test_sibling_scopes_do_not_conflict() -> None:
    text = (
        HEAD.replace('scope hosting "h"\n', 'scope eu "eu"\nscope asia "asia"\n')
        + """
exclusivity one { benefits alpha; binds beta; scope eu }
exclusivity two { benefits gamma; binds beta; scope asia }
"""
    )
    assert _codes(text) == []


def test_collaboration_covered_only_for_part_of_the_time_is_reported_for_the_rest() -> None:
    text = (
        HEAD
        + """
entity outsider "O"
exclusivity one {
  benefits alpha
  binds beta
  scope hosting
  window effective .. 2029-12-31
  carve_out early { with outsider; window effective .. 2027-12-31 }
}
collaboration two {
  party beta
  with outsider
  scope hosting
  window 2027-01-01 ..
}
"""
    ).replace('party gamma "C"\n', "")
    [d] = analyze_text(text, "t.term").diagnostics
    assert d.code == "TL430"
    assert "from 2028-01-01 until 2029-12-31" in d.message


def test_any_carve_out_covers_every_entity() -> None:
    text = (
        HEAD
        + """
entity outsider "O"
exclusivity one {
  benefits alpha
  binds beta
  scope hosting
  carve_out anyone { with any }
}
collaboration two { party beta; with outsider; scope hosting }
"""
    ).replace('party gamma "C"\n', "")
    assert _codes(text) == []


def test_month_clamp_is_quiet_when_the_date_depends_on_an_event() -> None:
    text = (
        HEAD.replace('party gamma "C"\n', "").replace('scope hosting "h"\n', "")
        + """
event signed "s"
obligation o { party alpha, beta; must "x"; trigger signed; deadline signed + 1 month }
"""
    )
    assert _codes(text) == []


def test_revenue_step_dated_by_an_event_can_exceed() -> None:
    text = (
        HEAD.replace('scope hosting "h"\n', 'stream api "a"\nevent exit "e"\n')
        + """
revenue_share one { payer alpha; payee beta; stream api; rate 50%
  from exit { rate 70% } }
revenue_share two { payer alpha; payee gamma; stream api; rate 40% }
"""
    )
    [d] = analyze_text(text, "t.term").diagnostics
    assert (d.code, d.severity) == ("TL460", Severity.WARNING)
    assert "can add up to 110%" in d.message


def test_exchange_rate_is_used_both_ways_and_exactly() -> None:
    base = (
        HEAD.replace('party gamma "C"\n', "").replace('scope hosting "h"\n', "")
        + """RATE
investment i {
  investor alpha
  recipient beta
  commitment EUR 10B
  tranche a { amount EUR 5B; on 2026-02-01 }
  tranche b { amount USD 5.4B; on 2026-03-01 }
}
"""
    )
    assert _codes(base.replace("RATE", "exchange_rate EUR USD 1.08")) == []
    assert _codes(base.replace("RATE", "exchange_rate USD EUR 0.925")) == ["TL450"]  # inexact
    assert _codes(base.replace("RATE", "exchange_rate EUR USD 1.07")) == ["TL450"]
    assert _codes(base.replace("RATE", "")) == ["TL451"]


def test_checks_run_without_names_used() -> None:
    # `run_checks` is usable on a model alone (the LSP and the façade call it that way).
    analysis = analyze_path(EXAMPLES / "openai-microsoft-mou.term", run_checks=False)
    assert analysis.model is not None
    assert run_checks(analysis.model) == []


# ---------------------------------------------------------------------------- scale


def generate(n_clauses: int) -> str:
    """An agreement with `n_clauses` clauses of every overlap-checked kind, consistent."""
    lines = [
        'agreement "generated" {',
        "  kind definitive",
        "  binding yes",
        "  effective 2026-01-01",
        "}",
    ]
    n_parties = 50
    lines += [f'party p{i} "P{i}" {{ capacity 1_000_000 GW }}' for i in range(n_parties)]
    lines += [f'entity e{i} "E{i}"' for i in range(20)]
    lines += [f'scope s{i} "S{i}"' for i in range(40)]
    lines += [f'scope s{i}_{j} "S" within s{i}' for i in range(40) for j in range(5)]
    lines += [f'asset a{i} "A{i}"' for i in range(40)]
    lines += [f'stream r{i} "R{i}"' for i in range(40)]
    lines += [f'event ev{i} "E{i}"' for i in range(40)]
    for k in range(n_clauses):
        p, q = f"p{k % n_parties}", f"p{(k + 1) % n_parties}"
        year = 2026 + (k // 200) % 20
        window = f"{year}-01-01 .. {year}-12-31"
        kind = k % 6
        i = (k // 6) % 40  # spreads every kind over all 40 names of each vocabulary
        sub = f"s{i}_{(k // 240) % 5}"
        if kind == 0:
            lines.append(
                f"exclusivity x{k} {{ benefits {q}; binds {p}; scope {sub}; "
                f"window {window}; carve_out c {{ with any }} }}"
            )
        elif kind == 1:
            lines.append(
                f"collaboration x{k} {{ party {p}; with e{k % 20}; scope {sub}; window {window} }}"
            )
        elif kind == 2:
            lines.append(f"priority_access x{k} {{ grantee {p}; asset a{i}; window {window} }}")
        elif kind == 3:
            lines.append(
                f"revenue_share x{k} {{ payer {p}; payee {q}; stream r{i}; rate 0.1%; "
                f"window {window}; from {year}-07-01 {{ rate 0.2% }} }}"
            )
        elif kind == 4:
            lines.append(
                f"compute x{k} {{ provider {p}; beneficiary {q}; capacity 1 GW; window {window} }}"
            )
        else:
            lines.append(
                f'obligation x{k} {{ party {p}; must "report"; trigger ev{i}; within 30 days }}'
            )
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_ten_thousand_clauses_check_in_seconds(capsys: pytest.CaptureFixture[str]) -> None:
    text = generate(10_000)
    analysis = analyze_text(text, "generated.term", run_checks=False)
    assert analysis.model is not None and len(analysis.model.clauses) == 10_000
    start = time.perf_counter()
    found = run_checks(analysis.model)
    elapsed = time.perf_counter() - start
    # Priority grants on one asset in one year overlap: the generator makes them conflict on
    # purpose, so the sweep has real work; everything else is consistent.
    assert {d.code for d in found} <= {"TL440"}
    with capsys.disabled():
        print(f"\n[perf] checks on 10,000 clauses: {elapsed:.2f} s, {len(found)} findings")


# ---------------------------------------------------------------------------- robustness


def test_checks_never_raise_on_mutated_agreements() -> None:
    """Random edits of the fixtures and examples: the checks report, they never crash."""
    import random

    sources = [p.read_text(encoding="utf-8") for p in [*BAD, *GOOD]]
    sources += [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.term"))]
    pool = [line for text in sources for line in text.splitlines()]
    swaps = [
        ("2026", "2031"),
        ("2030", "2025"),
        ("effective", "signed"),
        ("50%", "150%"),
        ("..", ".. effective + 1 month"),
        ("alpha", "beta"),
        ("3 months", "31 days"),
    ]
    rng = random.Random(20260101)
    checked = 0
    for _ in range(400):
        lines = rng.choice(sources).splitlines()
        for _ in range(rng.randint(1, 4)):
            j = rng.randrange(len(lines))
            roll = rng.random()
            if roll < 0.3:
                del lines[j]
            elif roll < 0.6:
                lines.insert(j, rng.choice(pool))
            else:
                old, new = rng.choice(swaps)
                lines[j] = lines[j].replace(old, new)
        try:
            analysis = analyze_text("\n".join(lines), "m.term", run_checks=False)
        except Exception:  # a front-end crash is another module's bug, not this test's
            continue
        if analysis.model is None or analysis.has_errors:
            continue
        run_checks(analysis.model)  # must not raise
        checked += 1
    assert checked > 50


# ---------------------------------------------------------------------------- financing mechanics


def _fixture(name: str, kind: str = "good") -> str:
    return (CHECKS / kind / name).read_text(encoding="utf-8")


def test_holidays_in_strings_and_comments_are_not_holidays() -> None:
    text = _fixture("holiday-on-weekend.term").replace(
        '  note    "holidays observed in 2026 and 2027"',
        '  note    "2027-12-25 falls on a Saturday"  # so does 2027-12-26, 2026-12-25 again',
    )
    assert _codes(text) == []


def test_duplicate_holidays_are_found_across_lines_and_reported_once() -> None:
    text = _fixture("TL571-duplicate-holiday.term", "bad").replace(
        "holiday 2027-01-01, 2026-12-25", "holiday 2027-01-01, 2026-12-25, 2026-12-25"
    )
    assert _codes(text) == ["TL571", "TL571"]


def test_holidays_in_a_multiline_note_are_not_holidays() -> None:
    # the checks read the holidays the model keeps, not dates that look like them in the text
    text = _fixture("holiday-on-weekend.term").replace(
        '  note    "holidays observed in 2026 and 2027"',
        '  note    """observed in 2026 and 2027;\n  2027-12-25 is a Saturday, 2026-12-28 too"""',
    )
    assert _codes(text) == []


def test_calendar_keeps_every_holiday_with_its_span() -> None:
    text = _fixture("TL571-duplicate-holiday.term", "bad")
    analysis = analyze_text(text, "t.term", run_checks=False)
    assert analysis.model is not None
    calendar = analysis.model.calendars["uk_holidays"]
    written = [(day.isoformat(), span.text if span else None) for day, span in calendar.entries]
    assert written == [(d, d) for d in ("2026-12-25", "2026-12-28", "2027-01-01", "2026-12-25")]
    assert [d.isoformat() for d in calendar.holidays] == ["2026-12-25", "2026-12-28", "2027-01-01"]


def test_waterfall_targets_in_two_currencies_compare_at_the_declared_rate() -> None:
    bad = _fixture("waterfall-dead-tier.term").replace(
        "until 3x of seed", "until EUR 9M"
    )  # the recoup target is USD 10M
    assert _codes(bad) == ["TL451"]
    assert _codes(bad.replace("\nparty alpha", "\nexchange_rate EUR USD 1.08\nparty alpha")) == [
        "TL512"
    ]  # EUR 9M is USD 9.72M, below USD 10M
    fine = bad.replace("until EUR 9M", "until EUR 20M")
    assert _codes(fine.replace("\nparty alpha", "\nexchange_rate EUR USD 1.08\nparty alpha")) == []


def test_a_last_tier_without_target_is_the_usual_then_nothing() -> None:
    text = _fixture("waterfall-dead-tier.term").replace(
        "  tier capped { to beta; share 49%; until 3x of seed }",
        "  tier capped { to beta; share 49%; until 3x of seed }\n  tier rest { to beta; share 0% }",
    )
    assert _codes(text) == []


def test_penalty_percentages_of_one_base_are_compared() -> None:
    text = _fixture("penalty-cap-below-one-period.term")
    assert _codes(
        text.replace("USD 5K per week", "1% of USD 1M per week").replace("USD 20K", "0.5%")
    ) == ["TL520"]
    assert (
        _codes(text.replace("USD 5K per week", "1% of USD 1M per week").replace("USD 20K", "5%"))
        == []
    )
    # a percentage of the late amount against an amount cannot be compared statically (and
    # an obligation has no late amount: TL524, not TL520)
    assert _codes(text.replace("USD 5K per week", "1% per week").replace("USD 20K", "USD 1")) == [
        "TL524"
    ]


def test_a_financing_that_never_happens_needs_no_figures() -> None:
    text = _fixture("TL533-financing-without-price.term", "bad").replace(
        "series_a  2026-09-01", "series_a  never"
    )
    assert _codes(text) == []


@pytest.mark.parametrize(
    ("change", "codes"),
    [
        ("", ["TL580"]),
        ("  window    effective .. 2027-01-01\n", []),
        ("  ends_when beta_acquired\n", ["TL801"]),  # it ends, but survives its own end
    ],
)
def test_survival_needs_something_that_ends_the_clause(change: str, codes: list[str]) -> None:
    text = _fixture("TL580-survival-without-end.term", "bad")
    if "beta_acquired" in change:
        text = text.replace(
            'party beta "Beta Ltd."', 'party beta "Beta Ltd."\nevent beta_acquired "x"'
        )
    text = text.replace("  survives  3 years", change + "  survives  3 years")
    assert _codes(text) == codes


def test_survival_of_a_document_that_a_termination_or_a_signing_can_end() -> None:
    text = _fixture("TL580-survival-without-end.term", "bad")
    ended = (
        text + '\nevent walk_away "x"\ntermination exit {\n  ends agreement\n  when walk_away\n}\n'
    )
    assert _codes(ended) == []
    signed = text.replace(
        "  effective  2026-01-01\n", "  effective  2026-01-01\n  signing    signed\n"
    ).replace('party beta "Beta Ltd."', 'party beta "Beta Ltd."\nevent signed "x"')
    assert _codes(signed) == []


def test_zero_amounts_of_the_mechanics_are_placeholders() -> None:
    text = _fixture("waterfall-tier-after-endless.term").replace("until USD 1M", "until USD 0")
    assert _codes(text) == ["TL452"]
    text = _fixture("matures-before-issue.term").replace(
        "maturity   2027-03-02", "maturity   effective"
    )
    assert _codes(text) == ["TL534"]  # drawn 2026-03-02, after the effective date
