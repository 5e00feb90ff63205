"""The temporal network (issue 13): exact difference constraints, severity by quantifier,
a witness for every finding, and `check --witness DIR` feeding `eval`, `timeline`, `render`."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from pathlib import Path

import pytest

from conftest import EXAMPLES, FIXTURES, ROOT
from termlang.checks import Suppressed
from termlang.checks._network import ORIGIN, Network, Why, day
from termlang.checks.witness import Witness, witness_of
from termlang.cli import main
from termlang.diagnostics import Severity
from termlang.pipeline import analyze_path

CHECKS = FIXTURES / "checks"

# The temporal classes of issue 13: fixture, code, severity; the finding sits on the one line
# where the fixture differs from its clean twin.
CLASSES = [
    ("TL410-window-after-expected-event", "TL410", Severity.ERROR),
    ("TL413-deadline-before-relative-trigger", "TL413", Severity.ERROR),
    ("TL413-deadline-latest-before-trigger", "TL413", Severity.ERROR),
    ("TL413-deadline-before-either-trigger", "TL413", Severity.ERROR),
    ("TL413-deadline-some-closing-dates-miss", "TL413", Severity.WARNING),
    ("TL840-fee-before-effective", "TL840", Severity.ERROR),
    ("TL841-notice-after-term", "TL841", Severity.ERROR),
    ("TL841-termination-after-term", "TL841", Severity.ERROR),
    ("TL413-election-before-notice", "TL413", Severity.ERROR),
    ("TL842-tranche-deadline-after-condition", "TL842", Severity.ERROR),
    ("TL842-tranche-deadline-after-condition-deadline", "TL842", Severity.ERROR),
    ("TL843-financing-after-maturity", "TL843", Severity.ERROR),
    ("TL843-financing-may-follow-maturity", "TL843", Severity.WARNING),
    ("TL845-milestone-expected-after-deadline", "TL845", Severity.ERROR),
    ("TL845-milestone-may-come-after-deadline", "TL845", Severity.WARNING),
    ("TL430-exclusivity-from-signature", "TL430", Severity.ERROR),
    ("TL430-exclusivity-from-early-signature", "TL430", Severity.WARNING),
    ("TL844-signing-expected-after-long-stop", "TL844", Severity.ERROR),
]


def _found(path: Path) -> list:  # type: ignore[type-arg]
    return [d for d in analyze_path(path, path.name).diagnostics if not isinstance(d, Suppressed)]


def _defect_line(bad: Path, good: Path) -> int:
    pairs = zip(bad.read_text().splitlines(), good.read_text().splitlines(), strict=True)
    [line] = [n for n, (a, b) in enumerate(pairs, 1) if a != b]
    return line


@pytest.mark.parametrize(("name", "code", "severity"), CLASSES)
def test_each_class_is_found_with_its_severity_at_its_line(
    name: str, code: str, severity: Severity
) -> None:
    bad = CHECKS / "bad" / f"{name}.term"
    twin = CHECKS / "good" / f"{name.split('-', 1)[1]}.term"
    [finding] = _found(bad)
    assert (finding.code, finding.severity) == (code, severity)
    assert finding.span is not None
    lines = [finding.span.start_pos.line, *(label.span.start_pos.line for label in finding.labels)]
    # the primary line; TL430 points at the collaboration's partner, TL845 at the deadline the
    # tranche misses and TL410 at the window, with the line that changed (a window, an
    # event's bounds) as a label
    line = _defect_line(bad, twin)
    assert line == lines[0] or (code in ("TL410", "TL430", "TL845") and line in lines)
    assert [d for d in _found(twin) if d.severity is not Severity.NOTE] == []


@pytest.mark.parametrize(("name", "code", "severity"), CLASSES[:-1])
def test_each_class_has_a_witness(name: str, code: str, severity: Severity) -> None:
    [finding] = _found(CHECKS / "bad" / f"{name}.term")
    witness = witness_of(finding)
    assert isinstance(witness, Witness)
    assert witness.horizon is not None


def test_a_warning_names_the_condition_and_the_dates() -> None:
    [finding] = _found(CHECKS / "bad" / "TL843-financing-may-follow-maturity.term")
    assert "if `series_a` happens on or after 2027-01-01" in finding.message


def test_an_overlap_for_some_signing_dates_names_them() -> None:
    [finding] = _found(CHECKS / "bad" / "TL430-exclusivity-from-early-signature.term")
    assert "if `signed` happens on or before 2026-05-01" in finding.message
    witness = witness_of(finding)
    assert witness is not None and witness.events == (("signed", date(2026, 3, 1)),)


def test_an_error_gives_the_chain_of_clauses_link_by_link() -> None:
    [finding] = _found(CHECKS / "bad" / "TL413-election-before-notice.term")
    notes = "\n".join(finding.notes)
    # deadline <- election arises <- notice fulfilled <- notice arises <- its trigger
    assert "`conversion_election` arises when `fulfilled(conversion_notice)`" in notes
    assert "`conversion_notice` is fulfilled by `conversion_notice_given`" in notes
    assert "2026-04-02 at the earliest" in notes
    assert "line 22: the deadline of `conversion_election` is `2026-03-01`" in notes


# ---------------------------------------------------------------------------- the network


def test_a_negative_cycle_is_the_chain_that_contradicts() -> None:
    net = Network()
    a, b = Why(None, "a"), Why(None, "b")
    net.not_before("x", day(date(2026, 9, 1)), a)  # x >= 2026-09-01
    net.not_after("x", day(date(2026, 6, 30)), b)  # x <= 2026-06-30
    cycle = net.contradiction()
    assert cycle is not None
    assert {e.why.text for e in cycle} == {"a", "b"}


def test_bounds_are_tightest_and_exact_through_chains() -> None:
    net = Network()
    w = Why(None, "")
    net.not_before("e", day(date(2026, 1, 1)), w)
    net.add("e", "f", -10, w)  # f >= e + 10
    net.add("g", "f", 5, w)  # g <= f + 5
    net.not_after("f", day(date(2026, 3, 1)), w)
    assert net.contradiction() is None
    assert net.lower("f") == day(date(2026, 1, 11))
    assert net.upper("e") == day(date(2026, 2, 19))
    assert net.upper("g") == day(date(2026, 3, 6))
    assert net.span("e", "f") == 59  # f <= 2026-03-01 and e >= 2026-01-01
    assert net.span("f", "e") == -10  # e - f <= -10
    schedule = net.earliest_schedule()
    assert schedule is not None and schedule["f"] - schedule["e"] >= 10
    assert schedule[ORIGIN] == 0


# ---------------------------------------------------------------------------- language


def test_expected_between_takes_two_dates(tmp_path: Path) -> None:
    path = tmp_path / "a.term"
    path.write_text(
        'agreement "x" { kind definitive; binding yes; effective 2026-01-01 }\n'
        'party a "A"\n'
        'event e "E" {\n  expected  2026-03-01\n}\n',
        encoding="utf-8",
    )
    [d] = [d for d in analyze_path(path).diagnostics if d.severity is Severity.ERROR]
    assert "`expected` expects `between` two dates" in d.message
    assert d.help is not None and "between 2026-03-01 and 2026-06-30" in d.help


# ---------------------------------------------------------------------------- --witness


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # one project: the witness may `uses` the agreement
    for name, _, _ in CLASSES:
        shutil.copy(CHECKS / "bad" / f"{name}.term", tmp_path / f"{name}.term")
    return tmp_path


def test_check_witness_writes_scenario_files_that_eval_timeline_and_render_accept(
    project: Path,
) -> None:
    out = project / "witnesses"
    agreements = sorted(str(p) for p in project.glob("*.term"))
    status, _, err = _run("check", "--color", "never", "--witness", str(out), *agreements)
    assert status == 1
    written = sorted(out.glob("*.term"))
    assert len(written) == len(CLASSES) - 1  # TL844: no schedule, so no witness
    assert err.count("witness: ") == len(written)
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert text.splitlines()[1].startswith('uses "../')
        name = next(line.split()[1] for line in text.splitlines() if line.startswith("scenario"))
        status, _, _ = _run("check", "--quiet", str(path))
        assert status == 0, path.name
        status, shown, _ = _run("timeline", str(path), "--scenario", name)
        assert status == 0 and shown, path.name
        horizon = next(line.split()[1] for line in text.splitlines() if "horizon" in line)
        status, shown, _ = _run("eval", str(path), "--scenario", name, "--at", horizon)
        assert status == 0 and shown, path.name
        summary = path.with_suffix(".md")
        status, _, _ = _run("render", str(path), "--scenario", name, "-o", str(summary))
        assert status == 0 and summary.read_text(encoding="utf-8"), path.name
        summary.unlink()


def test_the_witness_shows_the_contradiction_play_out(project: Path) -> None:
    out = project / "w"
    _run("check", "--witness", str(out), str(project / "TL413-election-before-notice.term"))
    [path] = out.glob("*.term")
    assert "conversion_notice_given  2026-04-02" in path.read_text(encoding="utf-8")


def test_check_without_witness_writes_nothing(project: Path) -> None:
    _run("check", str(project / "TL840-fee-before-effective.term"))
    assert sorted(p.name for p in project.iterdir() if p.is_dir()) == [".git"]


# ---------------------------------------------------------------------------- the example

SERIES_A = EXAMPLES / "series-a-additional-closings.term"
MILESTONE = "expected between 2026-09-01 and 2027-02-28"


@pytest.mark.parametrize(
    ("expected", "severity", "when"),
    [
        ("between 2027-03-05 and 2027-06-30", Severity.ERROR, "2027-03-05"),  # every schedule
        ("between 2026-09-01 and 2027-06-30", Severity.WARNING, "2027-03-03"),  # some
    ],
)
def test_the_example_s_milestone_moved_late_is_found_with_its_quantifier(
    tmp_path: Path, expected: str, severity: Severity, when: str
) -> None:
    text = SERIES_A.read_text(encoding="utf-8")
    assert MILESTONE in text
    path = tmp_path / "mutant.term"
    path.write_text(text.replace(MILESTONE, f"expected {expected}"), encoding="utf-8")
    [finding] = _found(path)
    assert (finding.code, finding.severity) == ("TL845", severity)
    witness = witness_of(finding)
    assert witness is not None and witness.events == (
        ("milestone_reached", date.fromisoformat(when)),
    )


# ---------------------------------------------------------------------------- no regressions


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.term")), ids=lambda p: p.name)
def test_no_temporal_finding_on_the_examples(path: Path) -> None:
    codes = {d.code for d in _found(path)}
    assert not codes & {"TL412", "TL413", "TL840", "TL841", "TL842", "TL843", "TL844"}


def test_check_imports_no_solver() -> None:
    code = (
        "import sys; from termlang.cli import main; "
        f"main(['check', '--quiet', {str(EXAMPLES / 'openai-microsoft-mou.term')!r}]); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('z3', 'networkx', 'scipy')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip().endswith("[]")


def test_a_witness_with_no_date_writes_no_horizon(tmp_path: Path) -> None:
    """The horizon of a written witness comes from its dates, never from the clock."""
    from termlang.checks.witness import scenario_text

    agreement = tmp_path / "deal.term"
    undated = scenario_text(agreement, tmp_path, "w", Witness(label="no date"), "why")
    assert "horizon" not in undated
    dated = Witness(label="dated", events=(("launch", date(2027, 3, 1)),))
    assert "  horizon  2028-03-01\n" in scenario_text(agreement, tmp_path, "w", dated, "why")
