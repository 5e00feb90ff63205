"""Reasons are data (issue 15): the interpreter records a typed `Reason`, each locale words it
from one template per kind, and nothing reads English back."""

from __future__ import annotations

import pickle
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import termlang
from termlang import ast
from termlang.evaluate.reasons import FIELD, KINDS, PSEUDO, TYPE_DOCS, TYPES, Reason, as_reason
from termlang.evaluate.status import Status
from termlang.values import Duration, DurationUnit, Money

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DOC = ROOT / "docs" / "templates.md"


def _fields(template: str) -> set[str]:
    return set(FIELD.findall(template)) - set(PSEUDO)


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_is_complete(name: str) -> None:
    kind = KINDS[name]
    assert set(kind.args.values()) <= set(TYPES) <= set(TYPE_DOCS)
    for template in (kind.plain, kind.en, kind.fr):
        assert template, name
        unknown = _fields(template) - set(kind.args)
        assert not unknown, f"{name}: {unknown} in {template!r}"
        assert template.count("[") == template.count("]"), template
    for arg, arg_type in kind.args.items():
        if arg_type == "word":
            assert arg in kind.words, f"{name}: word argument `{arg}` has no words"
            for key, words in kind.words[arg].items():
                assert len(words) == 3, (name, arg, key)
    # what the plain text shows is shown in words too (but code, which words never show)
    plain = {a for a in _fields(kind.plain) if kind.args[a] not in ("code", "text", "names")}
    for locale, template in (("en", kind.en), ("fr", kind.fr)):
        missing = plain - _fields(template) - {"missing", "problem", "compounding", "what"}
        assert not missing, f"{name} ({locale}) drops {missing}"


def test_docs_list_every_kind(update_goldens: bool) -> None:
    from termlang.render.reasons import reference

    text = DOC.read_text(encoding="utf-8")
    start = text.index("<!-- reasons:start")
    start = text.index("\n", start) + 1
    end = text.index("<!-- reasons:end -->")
    if update_goldens:
        DOC.write_text(text[:start] + reference() + text[end:], encoding="utf-8")
        return
    assert text[start:end] == reference(), "docs/templates.md: run pytest --update-goldens"
    for name in KINDS:
        assert f"| `{name}` |" in text


def test_plain_text_is_what_json_has_always_shown() -> None:
    cause = Reason.of("window_ends", on=date(2026, 12, 31), written="long_stop")
    why = Reason.of(
        "survives",
        clause="confidentiality",
        status="expired",
        cause=cause,
        until=date(2028, 12, 31),
        **{"for": Duration(2, DurationUnit.YEAR)},
    )
    assert str(why) == (
        "`confidentiality` survives (for 2 years, until 2028-12-31) although it would be "
        "expired: its window ends on 2026-12-31 (`long_stop`)"
    )
    assert str(Reason.of("window_ends", on=date(2026, 1, 1), written=None)) == (
        "its window ends on 2026-01-01"
    )


def test_reasons_are_typed_values_that_pickle() -> None:
    why = Reason.of("payment_cap", period="2026-Q1", cap=Money("USD", Decimal("1000000.5")))
    assert why["cap"] == Money("USD", Decimal("1000000.5"))
    assert pickle.loads(pickle.dumps(why)) == why
    assert why.to_json() == {
        "kind": "payment_cap",
        "args": {"period": "2026-Q1", "cap": "USD 1_000_000.5"},
    }
    with pytest.raises(TypeError):
        Reason.of("payment_cap", period="2026-Q1")  # every argument is named


def test_a_plain_string_is_the_text_kind() -> None:
    assert as_reason("legacy words") == Reason.text("legacy words")
    assert str(Reason.text("legacy words")) == "legacy words"
    assert "legacy" in Reason.text("legacy words")


def test_status_is_a_str_enum_with_started_and_ended() -> None:
    assert Status.ACTIVE == "active" and f"{Status.LAPSED}" == "lapsed"
    assert Status.ACTIVE.started and not Status.ACTIVE.ended
    assert Status.BREACHED.ended and not Status.PENDING.started


def _has_text(reason: Reason) -> bool:
    if reason.kind == "text":
        return True
    for _, value in reason.args:
        inner = value if isinstance(value, tuple) else (value,)
        if any(isinstance(v, Reason) and _has_text(v) for v in inner):
            return True
    return False


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.term")), ids=lambda p: p.name)
def test_the_interpreter_gives_every_change_a_typed_reason(path: Path) -> None:
    from termlang.evaluate import run

    m = termlang.check(str(path), run_checks=False).model
    if m is None or not m.scenarios:
        pytest.skip("no scenario")
    for scenario in m.scenarios.values():
        timeline = run(m, scenario)
        for change in timeline.changes:
            assert isinstance(change.reason, Reason)
            # the interpreter's own reasons are typed, causes included: none is plain English
            assert not _has_text(change.reason) or change.aspect == "allocation", change
            if change.aspect == "status":
                assert isinstance(change.value, Status | str)


# -- the wording --------------------------------------------------------------------------


def _wording(locale: str):
    from termlang.render.reasons import Wording
    from termlang.render.view import make_prose

    m = termlang.check(str(EXAMPLES / "openai-microsoft-mou.term"), run_checks=False).model
    assert m is not None
    return Wording(make_prose(m, locale))


def test_a_sentence_label_is_not_followed_by_happened() -> None:
    """Was: "the definitive agreements are signed happened on 15 May 2026"."""
    en = _wording("en")
    why = Reason.of("happened", events=("definitive_agreement_signed",), on=date(2026, 5, 15))
    assert en.words(why) == "on 15 May 2026, the definitive agreements are signed"
    assert "happened" not in en.words(why)
    lapsed = Reason.of("long_stop", on=date(2026, 12, 31), event="definitive_agreement_signed")
    # was: "passed without the definitive agreements are signed"
    assert en.words(lapsed) == (
        "the long-stop date of 31 December 2026 passed before the definitive agreements are signed"
    )


def test_conditions_are_worded_never_code() -> None:
    """Was: "so `acme_notice or quake_notice` holds"."""
    cond = ast.Or(left=ast.Ref(parts=("agi_declared",)), right=ast.Ref(parts=("guardrail_breach",)))
    why = Reason.of(
        "happened_so", events=("agi_declared",), on=date(2027, 1, 1), cond=cond, holds="yes"
    )
    for locale in ("en", "fr"):
        text = _wording(locale).words(why)
        assert "`" not in text and "agi_declared" not in text and "_" not in text, text
        assert "AGI is declared" in text


def test_survival_without_limit_has_no_until() -> None:
    """Was: "survives until without limit" / "survit jusqu'au sans limite"."""
    cause = Reason.of("window_ends", on=date(2026, 12, 31), written=None)
    why = Reason.of(
        "survives_without_limit", clause="confidentiality", status="expired", cause=cause
    )
    en, fr = _wording("en").words(why), _wording("fr").words(why)
    assert "survives without limit" in en and "until" not in en
    assert "survit sans limite" in fr and "jusqu" not in fr


def test_french_reasons_have_no_english_and_localized_amounts() -> None:
    """Was: "Its term ended on 14 avril 2026 without a breach"; `1_000 MW`; "1 USD,000,000"."""
    fr = _wording("fr")
    text, lang = fr.reason(Reason.of("term_ended", on=date(2026, 4, 14)))
    assert lang == "fr" and text == "sa durée a pris fin le 14 avril 2026 sans manquement"
    cap = Reason.of("payment_cap", period="2026-Q1", cap=Money("USD", Decimal("1000000")))
    text, _ = fr.reason(cap)
    assert "1 million USD" in text.replace("\u00a0", " ") and "_" not in text
    assert "T1 2026" in text


def test_a_text_reason_is_flagged_english_in_french() -> None:
    text, lang = _wording("fr").reason(Reason.text("`agi_declared` happened on 2027-01-01"))
    assert lang == "en"
    assert "1er janvier 2027" in text and "`" not in text


def test_grouped_subjects_agree_in_number() -> None:
    why = Reason.of("window_starts", on=date(2026, 1, 1), written=None)
    assert _wording("en").words(why, plural=True).startswith("their term begins")
    assert _wording("fr").words(why, plural=True).startswith("leur période commence")


def test_no_regex_translator_is_left() -> None:
    """The renderer words typed data: no module in render/ parses the interpreter's English."""
    story = (ROOT / "src" / "termlang" / "render" / "story.py").read_text(encoding="utf-8")
    assert "re.fullmatch" not in story and "parse_money" not in story
    assert "parse_duration" not in story
    assert not re.search(r"happened on|passed without", story)


def test_a_failed_expectation_does_not_quote_a_stale_value() -> None:
    """Was: "late_delivery became `GBP 5K` on 2026-07-01" next to "found `GBP 145K`":
    an accruing penalty moved on since its last change."""
    from termlang.evaluate.expectations import run_expectations
    from termlang.pipeline import analyze_text

    path = EXAMPLES / "licence-late-payment.term"
    text = path.read_text(encoding="utf-8").replace(
        "penalty late_delivery GBP 145K  # 29 days at GBP 5K",
        "penalty late_delivery GBP 140K  # wrong on purpose",
    )
    m = analyze_text(text, str(path), run_checks=False).model
    assert m is not None
    outcome = run_expectations(m, m.scenarios["late_in_2026"])
    failed = [d for d in outcome.diagnostics if d.code == "TL601"]
    assert len(failed) == 1
    assert "found `GBP 145K`" in failed[0].message
    assert all("became" not in note for note in failed[0].notes), failed[0].notes
    assert any("last changed on 2026-07-01" in note for note in failed[0].notes)


# -- the kinds typed for issue 15 (their plain text is what JSON showed before) ----------


def _timeline(name: str, scenario: str):
    from termlang.evaluate import run

    m = termlang.check(str(EXAMPLES / name), run_checks=False).model
    assert m is not None
    return m, run(m, m.scenarios[scenario])


def _reason(timeline, aspect: str, kind: str) -> Reason:
    return next(c.reason for c in timeline.changes if c.aspect == aspect and c.reason.kind == kind)


def test_a_cap_table_is_typed_rows() -> None:
    m, t = _timeline("post-money-safe.term", "round")
    why = _reason(t, "cap_table", "cap_table")
    assert str(why) == (
        "after the round: existing holders 9_000_000 (60.00%); pool increase 750_000 (5.00%); "
        "alder 1_125_000 (7.50%); birch 1_125_000 (7.50%); new investors 3_000_000 (20.00%)"
    )
    assert why["rows"][0]["units"] == Decimal("9000000")
    from termlang.render.reasons import Wording
    from termlang.render.view import make_prose

    fr = Wording(make_prose(m, "fr")).reason(why)[0].replace("\u202f", " ")
    assert fr.startswith("après le tour de financement : porteurs existants, 9 000 000 actions")
    assert "_" not in fr and " ; augmentation du plan d'options" in fr


def test_a_round_total_is_typed_with_its_verdict() -> None:
    _, t = _timeline("seed-round.term", "slips")
    why = _reason(t, "raised", "round_closes")
    assert str(why) == (
        "the round closes: USD 1.5M raised against a target of USD 2M and a maximum of USD 3M: "
        "under-subscribed by USD 500K"
    )
    assert why["result"]["verdict"].kind == "round_under"


def test_targets_are_worded_never_code() -> None:
    m, t = _timeline("openai-microsoft-mou.term", "on_time")
    why = _reason(t, "observed", "target_missed")
    assert str(why) == "1.24 in 2028 against the target `pue <= 1.2`: missed by 0.04"
    from termlang.render.reasons import Wording
    from termlang.render.view import make_prose

    for locale in ("en", "fr"):
        text, lang = Wording(make_prose(m, locale)).reason(why)
        assert lang == locale and "`" not in text and "<=" not in text, text
    fr = Wording(make_prose(m, "fr")).reason(why)[0].replace("\u00a0", " ")
    assert "objectif de PUE d'au plus 1,2" in fr


def test_an_act_says_what_permitted_it_in_words() -> None:
    from termlang.render.reasons import Wording
    from termlang.render.view import make_prose

    m, t = _timeline("openai-microsoft-mou.term", "on_time")
    acts = [c for c in t.changes if c.aspect == "act"]
    assert {c.reason.kind for c in acts} == {"act_permitted", "act_breach"}
    for c in acts:
        for locale in ("en", "fr"):
            text, _ = Wording(make_prose(m, locale)).reason(c.reason)
            assert "`" not in text and "ROFR" not in text and "_" not in text, text


def test_a_compared_change_of_control_is_typed() -> None:
    _, t = _timeline("post-money-safe.term", "acquired")
    why = _reason(t, "repaid", "coc_cash_not_less")
    assert str(why) == (
        "`acquisition` happened on 2027-06-01 first: USD 1M is paid, not less than conversion: "
        "converting at the cap price ≈ USD 0.89 gives 1_125_000 shares worth USD 900K at "
        "USD 0.80 a share"
    )
    assert why["compared"]["shares"] == Decimal(1125000)


def test_a_financing_that_does_not_qualify_is_typed() -> None:
    _, t = _timeline("convertible-note-financing.term", "small_round")
    why = _reason(t, "qualification", "not_qualified")
    assert why["cause"].kind == "qualify_small"
    assert str(why).endswith("it raised USD 2M (new money), below the USD 3M minimum")


def test_priority_access_per_occurrence_is_typed() -> None:
    _, t = _timeline("openai-microsoft-mou.term", "slips")
    why = _reason(t, "status", "available_early")
    assert str(why) == (
        "`gpt_6` became generally available on 2026-06-25, 46 days early: `microsoft`'s lead "
        "time of 6 months from 2026-02-10 runs to 2026-08-10"
    )
    assert why["early"] == Duration(46, DurationUnit.DAY)


def test_payment_story_words_periods_and_agrees_in_french() -> None:
    """Was: "for 2026-Q2", "1 days late", "Le paiement ... est payée"."""
    from termlang.render import render

    path = EXAMPLES / "licence-late-payment.term"
    analysis = termlang.check(str(path))
    assert analysis.model is not None
    en = render(analysis.model, analysis.diagnostics, output_format="md", locale="en")
    fr = render(analysis.model, analysis.diagnostics, output_format="md", locale="fr")
    assert "2026-Q" not in en and "1 days" not in en and "for Q2 2026" in en
    assert "est payée" not in fr and "pour T2 2026 est effectué" in fr


@pytest.mark.slow
def test_summaries_are_byte_identical_across_processes(tmp_path: Path) -> None:
    """The flagship's summaries do not depend on the process (hash seeds, set order)."""
    import os
    import subprocess
    import sys

    path = EXAMPLES / "openai-microsoft-mou.term"
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        files = []
        for locale in ("en", "fr"):
            for fmt in ("md", "html", "docx"):
                out = tmp_path / f"{seed}.{locale}.{fmt}"
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "termlang",
                        "render",
                        str(path),
                        "--locale",
                        locale,
                        "--format",
                        fmt,
                        "-o",
                        str(out),
                    ],
                    check=True,
                    env=env,
                    capture_output=True,
                )
                files.append(out.read_bytes())
        outputs.append(files)
    assert outputs[0] == outputs[1]
