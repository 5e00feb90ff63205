"""`termlang verify`: properties in the language, the explorer, counter-examples that replay."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import check_golden, examples
from termlang.cli import main
from termlang.fmt import format_text
from termlang.pipeline import analyze_path, analyze_text
from termlang.verify import COUNTER_EXAMPLE, PROVED, UNKNOWN, replay_breach, verify_property
from termlang.verify.engine import breach_day
from termlang.verify.regions import Space, count, courses

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "examples" / "openai-microsoft-mou.term"
VARIANT = ROOT / "tests" / "fixtures" / "verify" / "mou-carve-out-ends.term"

HEAD = """\
agreement "Small" {
  kind       mou
  binding    no
  effective  2026-01-01
}
party alpha "Alpha" role company
event e1
event e2
"""


def _carve_out_ends(flagship: str) -> str:
    """The flagship with the Anthropic carve-out ending on 2027-12-31 (TL430 allowed)."""
    text = flagship.replace(
        '    note   "Microsoft may offer Anthropic models inside Copilot"',
        "    window effective .. 2027-12-31  # the variant: the carve-out ends before the "
        'exclusivity\n    note   "Microsoft may offer Anthropic models inside Copilot"',
    )
    window = (
        "  window  2025-09-24 ..  # Microsoft added Anthropic models to Copilot in September 2025\n"
    )
    text = text.replace(
        window,
        window
        + '  allow TL430 "the variant: accepted so that verify, not check, shows the breach"\n',
    )
    header = (
        "# VARIANT of examples/openai-microsoft-mou.term for tests/test_verify.py: one clause "
        "changed,\n# the Anthropic carve-out ends on 2027-12-31 while the partner exclusivity "
        "runs to 2030.\n"
    )
    return format_text(header + text)


def _no_revenue_cap(flagship: str) -> str:
    """The flagship with the revenue share's USD 92B cap removed."""
    text = flagship.replace("  cap        USD 92B  # assumed return cap on the revenue share\n", "")
    header = (
        "# VARIANT of examples/openai-microsoft-mou.term for tests/test_verify.py: one clause "
        "changed,\n# the revenue share `openai_to_msft` has lost its USD 92B cap. By hand, at "
        "the bounds' high\n# end (api USD 50B and licensing USD 10B a quarter, 20%): USD 12B a "
        "quarter, and\n# USD 60B x 20/92 x 20% = USD 2.61B for the 20 days of 2025-Q3 from the "
        "effective date;\n# paid USD 62.61B by 2027-01-01, USD 86.61B on 2027-07-01, USD 98.61B "
        "> USD 92B on\n# 2027-10-01 (each quarter is due the day after it ends).\n"
    )
    return format_text(header + text)


@pytest.mark.parametrize(
    ("name", "change"),
    [("mou-carve-out-ends.term", _carve_out_ends), ("mou-no-revenue-cap.term", _no_revenue_cap)],
)
def test_variants_are_the_flagship_with_one_clause_changed(
    name: str, change: Any, update_goldens: bool
) -> None:
    """Regenerated with --update-goldens when the flagship changes."""
    flagship = FLAGSHIP.read_text(encoding="utf-8")
    variant = change(flagship)
    assert variant != format_text(flagship), "the change no longer applies to the flagship"
    check_golden(ROOT / "tests" / "fixtures" / "verify" / name, variant, update_goldens)


def _model(text: str):  # type: ignore[no-untyped-def]
    analysis = analyze_text(text, "small.term")
    errors = [d for d in analysis.diagnostics if d.severity.value == "error"]
    assert not errors, errors
    assert analysis.model is not None
    return analysis.model


def _codes(text: str) -> set[str]:
    return {d.code for d in analyze_text(text, "x.term").diagnostics}


# ---------------------------------------------------------------------------- the language


def test_a_property_needs_exactly_one_mode() -> None:
    text = HEAD + 'property p "p" {\n  note "nothing to prove"\n}\n'
    assert "TL203" in _codes(text)  # missing
    assert "TL204" in _codes(HEAD + 'property p "p" {\n  always e1\n  never e2\n}\n')


def test_by_goes_with_eventually_only() -> None:
    assert "TL204" in _codes(HEAD + 'property p "p" {\n  always e1\n  by 2027-01-01\n}\n')
    assert "TL203" in _codes(HEAD + 'property p "p" {\n  eventually e1\n}\n')


def test_a_misspelt_name_gets_did_you_mean() -> None:
    analysis = analyze_text(HEAD + 'property p "p" {\n  never signd(agreement)\n}\n', "x.term")
    found = [d for d in analysis.diagnostics if d.code == "TL903"]
    assert found and "did you mean `signed`?" in (found[0].help or "")
    assert "TL903" in _codes(HEAD + 'property p "p" {\n  never e3\n}\n')


def test_units_must_match_or_the_verdict_is_unknown() -> None:
    path = ROOT / "tests" / "fixtures" / "verify" / "quantifiers.term"
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("verify {")]
    assert "TL903" in _codes(head + 'property p "p" {\n  never funded(beta) > 5%\n}\n')
    m = _model(head + 'property p "p" {\n  never funded(beta) > EUR 5M\n}\n')
    result = verify_property(m, m.properties["p"])
    assert result.status == UNKNOWN and "`USD` is compared with `EUR`" in result.reason


def test_bounds_name_a_stream() -> None:
    assert "TL903" in _codes(HEAD + "verify {\n  revenue apl between USD 0 and USD 1 per year\n}\n")


def test_verify_bounds_must_be_ranges() -> None:
    text = HEAD + "verify {\n  revenue api between USD 5 and USD 1 per quarter\n}\n"
    assert "TL204" in _codes(text)


def test_any_and_every_range_over_the_investors() -> None:
    path = ROOT / "tests" / "fixtures" / "verify" / "quantifiers.term"
    m = analyze_path(path, path.name).model
    assert m is not None
    assert verify_property(m, m.properties["no_investor_over_10m"]).status == PROVED
    result = verify_property(m, m.properties["every_investor_4m"])
    assert result.status == COUNTER_EXAMPLE and result.breach == date(2026, 3, 1)
    assert result.course is not None and dict(result.course.events)["closing"] is None


def test_a_quantifier_over_nothing_is_reported() -> None:
    assert "TL903" in _codes(HEAD + 'property p "p" {\n  never paid(any) > USD 1\n}\n')


@pytest.mark.parametrize(
    ("mode", "condition", "expected"),
    [
        ("never", "paid(x) > USD 1", {"high"}),
        ("always", "paid(x) <= USD 1", {"high"}),
        ("always", "paid(x) >= USD 1", {"low"}),
        ("never", "not paid(x) >= USD 1", {"low"}),
        ("never", "USD 1 < paid(x)", {"high"}),
        ("never", "paid(x) > USD 1 and active(x)", {"low", "high"}),
        ("never", "paid(x) > USD 1 or paid(x) < USD 0", {"low", "high"}),
        ("never", "paid(x) == USD 1", {"low", "high"}),
    ],
)
def test_the_end_of_the_bounds_that_can_break_a_property(
    mode: str, condition: str, expected: set[str]
) -> None:
    from termlang import model as tm
    from termlang.source import SourceFile
    from termlang.syntax import parse_source
    from termlang.verify.engine import extremes

    file, _ = parse_source(SourceFile(path="x", text=f"x {condition}\n"))
    assert file is not None
    prop = tm.Property(name="p", mode=mode, condition=file.items[0].args[0])
    assert extremes(prop) == expected


# ---------------------------------------------------------------------------- the explorer


def test_count_is_exact_for_small_spaces() -> None:
    space = Space(
        events=("a", "b", "c"),
        starts=(date(2026, 1, 1), date(2026, 1, 10), date(2026, 2, 1)),
        horizon=date(2026, 12, 31),
        ends=False,
    )
    # every region is long enough for every order, so nothing is deduplicated
    assert count(space) == sum(1 for _ in courses(space))


def test_events_sharing_a_region_take_every_order() -> None:
    space = Space(
        events=("a", "b"), starts=(date(2026, 1, 1),), horizon=date(2026, 1, 9), ends=False
    )
    seen = {(c["a"], c["b"]) for c in courses(space)}
    d = date(2026, 1, 1)
    assert {(d, d), (d, d + timedelta(1)), (d + timedelta(1), d)} <= seen
    assert (None, None) in seen


@pytest.mark.slow
def test_flagship_properties_are_all_proved() -> None:
    m = analyze_path(FLAGSHIP, FLAGSHIP.name).model
    assert m is not None and len(m.properties) >= 5
    for prop in m.properties.values():
        result = verify_property(m, prop)
        assert result.status == PROVED, (prop.name, result.reason)


def test_variant_gives_a_counter_example_that_replays(tmp_path: Path) -> None:
    m = analyze_path(VARIANT, VARIANT.name).model
    assert m is not None
    result = verify_property(m, m.properties["anthropic_carved_out"])
    assert result.status == COUNTER_EXAMPLE
    assert result.breach == date(2028, 1, 1)
    out = tmp_path  # beside the agreement: inside the same project, so `uses` is trusted
    agreement = tmp_path / "variant.term"
    agreement.write_bytes(VARIANT.read_bytes())
    code = main(
        [
            "verify",
            str(agreement),
            "--property",
            "anthropic_carved_out",
            "--write-scenario",
            str(out),
        ]
    )
    assert code == 1
    saved = out / "breaks_anthropic_carved_out.term"
    assert saved.exists()
    # the saved scenario file checks, and replays to the same breach
    analysis = analyze_path(saved, saved.name)
    assert analysis.model is not None and not analysis.has_errors, analysis.diagnostics
    scenario = analysis.model.scenarios["breaks_anthropic_carved_out"]
    assert replay_breach(analysis.model, m.properties["anthropic_carved_out"], scenario) == date(
        2028, 1, 1
    )
    common = ["--scenario", "breaks_anthropic_carved_out"]
    assert main(["eval", str(saved), "--at", "2028-01-01", *common]) == 0
    assert main(["timeline", str(saved), *common]) == 0
    assert main(["render", str(saved), *common, "-o", str(tmp_path / "s.md")]) == 0


def test_a_removed_cap_gives_the_hand_computed_breach(
    capsys: pytest.CaptureFixture[str], update_goldens: bool
) -> None:
    """tests/fixtures/verify/mou-no-revenue-cap.term: USD 98.61B paid on 2027-10-01 (by hand
    in the fixture's header); the saved scenario is a golden file, and eval replays it."""
    from conftest import check_golden
    from termlang.verify.counterexample import scenario_text

    variant = ROOT / "tests" / "fixtures" / "verify" / "mou-no-revenue-cap.term"
    m = analyze_path(variant, variant.name).model
    assert m is not None
    result = verify_property(m, m.properties["revenue_share_capped"])
    assert result.status == COUNTER_EXAMPLE and result.breach == date(2027, 10, 1)
    saved = variant.parent / "breaks_revenue_share_capped.term"
    check_golden(saved, scenario_text(result, variant.name), update_goldens)
    args = ["eval", str(saved), "--scenario", "breaks_revenue_share_capped"]
    assert main([*args, "--at", "2027-10-01", "--format", "json"]) == 0
    paid = json.loads(capsys.readouterr().out)["paid"]["openai_to_msft"]
    assert paid == "USD 98_608_695_652.17"  # USD 2_608_695_652.17 + 8 x USD 12B
    assert main([*args, "--at", "2027-09-30", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["paid"]["openai_to_msft"] == (
        "USD 86_608_695_652.17"
    )


def test_json_and_sarif(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["verify", str(VARIANT), "--property", "anthropic_carved_out", "--format", "json"]
    assert main(args) == 1
    doc = json.loads(capsys.readouterr().out)
    (prop,) = doc["properties"]
    assert prop["status"] == COUNTER_EXAMPLE and prop["breach"] == "2028-01-01"
    assert prop["course"]["events"] and prop["rows"]
    assert main([*args[:-1], "sarif"]) == 1
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["runs"][0]["results"][0]["ruleId"] == "TL900"


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert main(["verify", str(tmp_path / "missing.term")]) == 2
    assert main(["verify", str(VARIANT), "--property", "anthropic_carved_ou"]) == 2


def test_no_property_is_said_and_a_bad_budget_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "none.term"
    path.write_text(HEAD, encoding="utf-8")
    assert main(["verify", str(path)]) == 0
    assert "no property to verify" in capsys.readouterr().out
    assert main(["verify", str(path), "--budget", "0"]) == 2


def test_unknown_is_never_a_pass() -> None:
    m = _model(
        HEAD
        + 'stream api "API"\n'
        + 'party beta "Beta" role investor\n'
        + 'revenue_share rs "rs" {\n  payer alpha\n  payee beta\n  stream api\n  rate 10%\n'
        + "  period quarter\n  window effective .. 2027-01-01\n  ends_when e1\n}\n"
        + 'property capped "capped" {\n  never paid(rs) > USD 1B\n}\n'
    )
    result = verify_property(m, m.properties["capped"])
    assert result.status == UNKNOWN and "no bounds" in result.reason


def test_too_many_courses_is_unknown() -> None:
    m = _model(
        HEAD
        + "verify {\n  limit 3\n}\n"
        + 'obligation o "o" {\n  party alpha\n  must "x"\n  deadline 2026-03-01\n'
        + "  fulfilled_by e1\n}\n"
        + 'property p "p" {\n  never breached(o)\n}\n'
    )
    result = verify_property(m, m.properties["p"])
    assert result.status == UNKNOWN and "too many courses of events" in result.reason


def test_check_verify_reports_with_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--verify", "--verify-budget", "0.5", str(VARIANT), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    codes = {d["code"] for d in doc["diagnostics"]}
    assert code == 1 and "TL900" in codes
    budget = [d for d in doc["diagnostics"] if d["code"] == "TL902"]
    assert all("time budget of 0.5 s (CPU) ran out" in d["message"] for d in budget)


def test_check_without_verify_does_not_import_the_verifier() -> None:
    probe = (
        "import sys; from termlang.cli import main; "
        f"main(['check', '-q', {str(FLAGSHIP)!r}]); "
        "print(any(m.startswith('termlang.verify') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False")


# ---------------------------------------------------------------------------- differential

START = date(2026, 1, 1)
HORIZON = date(2026, 1, 16)


def _agreement(d1: int, d2: int, d3: int, prop: str) -> str:
    return (
        HEAD
        + f"verify {{\n  horizon 2026-01-{HORIZON.day:02d}\n}}\n"
        + f'obligation o "o" {{\n  party alpha\n  must "x"\n  deadline 2026-01-{d1:02d}\n'
        + "  fulfilled_by e1\n}\n"
        + f'termination t "t" {{\n  ends agreement\n  when e2 before 2026-01-{d2:02d}\n}}\n'
        + 'party beta "Beta" role investor\nscope hosting "hosting"\n'
        + 'exclusivity x "x" {\n  benefits beta\n  binds alpha\n  scope hosting\n'
        + f"  window effective .. 2026-01-{d3:02d}\n  ends_when e1 and not e2\n}}\n"
        + f'property p "p" {{\n  {prop.format(d3=f"2026-01-{d3:02d}")}\n}}\n'
    )


PROPS = [
    "never breached(o)",
    "always fulfilled(o) or not terminated(agreement)",
    "never terminated(agreement) and breached(o)",
    "eventually ended(o) by {d3}",
    "always active(o) or e1 or after {d3}",
    "never fulfilled(o) and not e1",
    "never breached(o) and e1 before {d3}",
    "never active(x) and e1 and not e2",
    "always active(x) or terminated(agreement) or e1 or on_or_after {d3}",
    "eventually ended(x) or ended(o) by {d3}",
]


@settings(max_examples=examples(20), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    d1=st.integers(2, 14),
    d2=st.integers(2, 14),
    d3=st.integers(2, 14),
    which=st.integers(0, len(PROPS) - 1),
)
def test_verdicts_agree_with_brute_force(d1: int, d2: int, d3: int, which: int) -> None:
    """Every counter-example replays; day-by-day enumeration finds a breach iff verify does."""
    from termlang import model as tm
    from termlang.dates import DateEnv
    from termlang.evaluate import run

    m = _model(_agreement(d1, d2, d3, PROPS[which]))
    prop = m.properties["p"]
    result = verify_property(m, prop)
    assert result.status in (PROVED, COUNTER_EXAMPLE), result.reason
    if result.status == COUNTER_EXAMPLE:
        assert result.course is not None
        scenario = result.course.scenario("replay", HORIZON)
        assert replay_breach(m, prop, scenario) == result.breach
    days: list[date | None] = [None]
    days += [START + timedelta(n) for n in range((HORIZON - START).days + 1)]
    broken = False
    for a in days:
        for b in days:
            scenario = tm.Scenario(
                name="brute",
                horizon=HORIZON,
                occurrences=(tm.Occurrence(event="e1", on=a), tm.Occurrence(event="e2", on=b)),
            )
            timeline = run(m, scenario, end=HORIZON)
            env = DateEnv(effective=START, events={"e1": a, "e2": b})
            if breach_day(prop, timeline, env, START, HORIZON) is not None:
                broken = True
                break
        if broken:
            break
    assert broken == (result.status == COUNTER_EXAMPLE)
