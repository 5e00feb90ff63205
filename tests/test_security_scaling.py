"""Security review F3, rows 73-82: small files that cost polynomial time after the parser.

Each shape runs `termlang check` in a subprocess with a timeout, at a size the old code took
from tens of seconds to minutes on (figures from the review, on 2 cores), and checks what it
reports. The timeouts are generous: they catch the old growth, not a slow machine. Speed
itself is measured in benchmarks, not here. The fast paths are also compared with the plain
algorithms they replace, on random inputs.
"""

from __future__ import annotations

import difflib
import itertools
import os
import random
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from termlang.checks import FINDINGS_PER_CHECK, run_checks
from termlang.checks._schedule import schedule
from termlang.checks._time import FOREVER, Reach, sweep_apart
from termlang.lower import SUGGEST_MAX_CHARS, did_you_mean
from termlang.model import ChainIndex
from termlang.pipeline import analyze_text

HEADER = 'agreement "T" {\n  kind mou\n  binding yes\n  effective 2025-01-01\n}\n'
TIMEOUT = 30  # seconds; the old code took 45 s to over 300 s on each shape below


def check(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "shape.term"
    path.write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "termlang", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "NO_COLOR": "1"},
    )


# ---------------------------------------------------------------------------- rows 78-79


def test_long_within_chain_checks_in_seconds(tmp_path: Path) -> None:
    # 2,000 took 45 s and 5,000 over 300 s: each scope walked its chain, with list lookups.
    n = 5_000
    text = HEADER + "scope s0\n" + "".join(f"scope s{i} within s{i - 1}\n" for i in range(1, n))
    result = check(tmp_path, text)
    assert result.returncode == 0, result.stderr
    assert "TL304" not in result.stdout + result.stderr


def test_within_chain_closed_into_a_cycle_reports_every_member(tmp_path: Path) -> None:
    n = 3_000
    text = HEADER + "".join(f"scope s{i} within s{(i - 1) % n}\n" for i in range(n))
    result = check(tmp_path, text)
    assert result.returncode == 1
    # capped at 200 per file; every one shown is a cycle member
    assert result.stdout.count("error[TL304]") + result.stderr.count("error[TL304]") >= 150


def test_clauses_on_a_deep_scope_check_in_seconds(tmp_path: Path) -> None:
    # Not a review row, the same cause one stage later: the checks asked Model.ancestors,
    # which walks the chain with list lookups, for every clause and pair. A 2,000-scope chain
    # with 2,000 exclusivities on its deepest scope took 98 s.
    n = 2_000
    text = (
        HEADER
        + "party a\nparty b\nscope s0\n"
        + "".join(f"scope s{i} within s{i - 1}\n" for i in range(1, n))
        + "".join(f"exclusivity e{i} {{ benefits b  binds a  scope s{n - 1} }}\n" for i in range(n))
    )
    result = check(tmp_path, text)
    assert result.returncode == 0, result.stdout + result.stderr


def test_chain_index_answers_as_the_model_does() -> None:
    from types import MappingProxyType

    from termlang import model

    empty: MappingProxyType[str, object] = MappingProxyType({})
    rnd = random.Random(79)
    for _ in range(2_000):
        names = [f"s{i}" for i in range(rnd.randint(1, 9))]
        terms = {
            n: model.Term(kind="scope", name=n, within=rnd.choice([*names, "zz", None, None]))
            for n in names
            if rnd.random() < 0.9
        }
        m = model.Model(
            path="t.term",
            agreement=None,
            parties=empty,
            entities=empty,
            terms=MappingProxyType(terms),
            events=empty,
            rates=empty,
            clauses=empty,
            scenarios=empty,
            calendars=empty,
        )  # type: ignore[arg-type]
        index = ChainIndex.of_terms(m)
        everything = [*names, "zz", "undeclared"]
        for a in everything:
            assert index.root(a) == m.ancestors(a)[-1]
            for b in everything:  # the walk of `ancestors` is the reference
                inside = a in m.ancestors(b)
                assert index.contains(a, b) == m.contains(a, b) == inside
                assert index.overlaps(a, b) == m.overlaps(a, b) == (inside or b in m.ancestors(a))


def _walk(parent: dict[str, str], start: str | None, name: str, stop: str) -> bool:
    """The chain walk check_terms did before the index: the reference."""
    seen = {stop}
    current = start
    while current is not None:
        if current == name:
            return True
        if current in seen:
            return False
        seen.add(current)
        current = parent.get(current)
    return False


def test_chain_index_agrees_with_walking_the_chain() -> None:
    rnd = random.Random(78)
    for _ in range(3_000):
        names = [f"s{i}" for i in range(rnd.randint(1, 10))]
        parent = {n: rnd.choice(names) for n in names if rnd.random() < 0.8}
        index = ChainIndex(parent)
        for start, name, stop in itertools.product([*names, None], names, names):
            if name == stop:
                continue
            assert index.reaches(start, name, stop) == _walk(parent, start, name, stop), (
                parent,
                start,
                name,
                stop,
            )


# ---------------------------------------------------------------------------- rows 73-74


@pytest.mark.slow
def test_thousands_of_undefined_names_check_in_seconds(tmp_path: Path) -> None:
    # 8,000 took 85 s: each miss rebuilt the did-you-mean candidates over every name.
    n = 8_000
    text = (
        HEADER
        + "party a\nparty b\nscope sc\n"
        + "".join(
            f"exclusivity e{i} {{ benefits ghost{i}  binds a  scope sc }}\n" for i in range(n)
        )
    )
    result = check(tmp_path, text)
    assert result.returncode == 1
    assert "undefined party `ghost0`" in result.stdout + result.stderr


def test_many_misses_against_many_names_stay_bounded(tmp_path: Path) -> None:
    # n misspelt references against n declared names: n^2 did-you-mean comparisons, until
    # the per-file budget stops suggesting. The first misses still get their suggestion.
    n = 4_000
    text = (
        HEADER
        + "scope sc\n"
        + "".join(f"party party_{i}\n" for i in range(n))
        + "".join(
            f"exclusivity e{i} {{ benefits partyx_{i}  binds party_{i}  scope sc }}\n"
            for i in range(n)
        )
    )
    result = check(tmp_path, text)
    assert result.returncode == 1
    assert "did you mean `party_0`?" in result.stdout + result.stderr


# ---------------------------------------------------------------------------- row 75


def test_long_misspelt_names_check_in_seconds(tmp_path: Path) -> None:
    # 300 names of 9,000 characters and 40 misspelt references took 71 s in difflib.
    rnd = random.Random(75)
    names = ["".join(rnd.choice("abcdefghij") for _ in range(9_000)) for _ in range(300)]
    lines = [HEADER, *(f"party {n}\n" for n in names), "scope sc\n"]
    for i in range(40):
        typo = names[i][:100] + "z" + names[i][101:]
        lines.append(f"exclusivity e{i} {{\n  benefits {typo}\n  binds {names[i + 1]}\n")
        lines.append("  scope sc\n}\n")
    result = check(tmp_path, "".join(lines))
    assert result.returncode == 1
    assert "TL300" in result.stdout + result.stderr


def test_did_you_mean_gives_difflibs_answer() -> None:
    rnd = random.Random(7)
    for _ in range(10_000):
        alphabet = rnd.choice(["ab", "abc_", "abcdefg_1", "xyzé"])
        candidates = [
            "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 12)))
            for _ in range(rnd.randint(0, 15))
        ]
        word = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 12)))
        if candidates and rnd.random() < 0.5:
            chars = list(rnd.choice(candidates))
            chars[rnd.randrange(len(chars))] = rnd.choice(alphabet)
            word = "".join(chars)
        expected = difflib.get_close_matches(word, candidates, n=1, cutoff=0.7)
        assert did_you_mean(word, candidates) == (expected[0] if expected else None)


def test_did_you_mean_skips_words_no_one_types() -> None:
    long = "a" * (SUGGEST_MAX_CHARS + 1)
    assert did_you_mean(long, [long + "b"]) is None
    assert did_you_mean("microsft", ["microsoft", "openai"]) == "microsoft"


# ---------------------------------------------------------------------------- row 80


def _pairs(n: int) -> str:
    return (
        HEADER
        + "party a\nparty b\nparty c\nentity r\nscope sc\n"
        + "".join(
            f"exclusivity e{i} {{ benefits {'bc'[i % 2]}  binds a  scope sc }}\n" for i in range(n)
        )
        + "".join(f"collaboration k{i} {{ party a  with r  scope sc }}\n" for i in range(n))
    )


def test_n_exclusivities_by_n_collaborations_check_in_seconds(tmp_path: Path) -> None:
    # 2,000 x 2,000 took 106 s and 3.29 GB: 4,000,000 diagnostics built, 200 shown.
    result = check(tmp_path, _pairs(2_000))
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert "error[TL420]" in out  # the first 200 by position: the exclusivities come first
    assert "the `exclusivity` checks stopped after" in out
    assert "the `collaboration` checks stopped after" in out


def test_run_checks_stops_each_check_at_the_limit() -> None:
    analysis = analyze_text(_pairs(120), "pairs.term", run_checks=False)
    assert analysis.model is not None
    limit = 50
    found = run_checks(analysis.model, limit=limit)
    codes = [d.code for d in found]
    assert codes.count("TL430") == limit and codes.count("TL420") == limit
    notes = [d.message for d in found if d.code == "TL003"]
    assert notes == [
        f"the `exclusivity` checks stopped after {limit} findings; there are more",
        f"the `collaboration` checks stopped after {limit} findings; there are more",
    ]
    # the default stops too, and without a limit every pair is found
    assert len(run_checks(analysis.model)) <= 2 * FINDINGS_PER_CHECK + 2
    everything = [d.code for d in run_checks(analysis.model, limit=None)]
    assert everything.count("TL430") == 120 * 120 and "TL003" not in everything


def test_pairs_the_checks_skip_are_not_walked() -> None:
    # One exclusivity and n collaborations in force together: the collaboration check pairs
    # only across the two sides, so n pairs, where one active list walked n^2 / 2.
    n = 3_000
    forever = Reach(date(2025, 1, 1), None, None, FOREVER, None, None, frozenset(), ())
    items = [(forever, "exclusivity")] + [(forever, f"collaboration {i}") for i in range(n)]
    walked = sum(len(active) for _, active in sweep_apart(items, lambda it: it.startswith("excl")))
    assert walked == n
    # and items that have ended leave: two sides that never meet make no pair
    early = Reach(date(2025, 1, 1), None, None, date(2025, 6, 1), None, None, frozenset(), ())
    late = Reach(date(2026, 1, 1), None, None, FOREVER, None, None, frozenset(), ())
    pairs = list(sweep_apart([(early, "a"), (late, "b"), (late, "a")], lambda it: it))
    assert [len(active) for _, active in pairs] == [0, 0, 1]


# ---------------------------------------------------------------------------- rows 81-82


def test_thousands_of_from_steps_check_in_seconds(tmp_path: Path) -> None:
    # 2,000 took 81 s and 20,000 over 300 s: every change point rescanned every step.
    n = 4_000
    steps = "".join(
        f"  from {date(2026, 1, 1) + timedelta(days=i)} {{ rate {1 + i % 20}% }}\n"
        for i in range(n)
    )
    text = (
        HEADER
        + "party a\nparty b\nstream st\n"
        + "revenue_share r {\n  payer a\n  payee b\n  stream st\n  rate 10%\n  period quarter\n"
        + steps
        + "}\n"
    )
    result = check(tmp_path, text)
    assert result.returncode == 0, result.stdout + result.stderr


def _pieces_by_scan(
    reach: Reach, base: Decimal, dated: list[tuple[date, date, Decimal]]
) -> list[tuple[date, date, Decimal, Decimal, bool]]:
    """schedule() as it was: every change point scans every step (the reference)."""
    possible = reach.possible
    if possible is None:
        return []
    first, last = possible
    cuts = {first, last, *(d for d in (reach.start_hi, reach.end_lo) if d is not None)}
    for lo, hi, _ in dated:
        cuts.update((lo, hi))
    points = sorted(d for d in cuts if first <= d <= last)
    out = []
    for a, b in itertools.pairwise(points):
        applied = [s for s in dated if s[1] <= a]
        maybe = [s[2] for s in dated if s[0] <= a < s[1]]
        latest = [s[2] for s in applied if not any(o[0] > s[1] for o in applied)]
        values = (latest or [base]) + maybe
        certain = (
            reach.start_hi is not None
            and reach.end_lo is not None
            and a >= reach.start_hi
            and b <= reach.end_lo
        )
        out.append((a, b, min(values), max(values), certain))
    return out


def test_schedule_sweep_agrees_with_scanning(monkeypatch: pytest.MonkeyPatch) -> None:
    import termlang.checks._schedule as module

    # steps given as their (earliest, latest) dates directly
    monkeypatch.setattr(module, "bounds", lambda at, env: at)
    rnd = random.Random(81)
    origin = date(2025, 1, 1)

    def day() -> date:
        return origin + timedelta(days=rnd.randint(0, 40))

    def maybe_none(d: date) -> date | None:
        return None if rnd.random() < 0.2 else d

    for _ in range(5_000):
        start_lo = day()
        end_hi = rnd.choice([FOREVER, day() + timedelta(days=10)])
        end_lo = maybe_none(
            end_hi if end_hi == FOREVER else end_hi - timedelta(days=rnd.randint(0, 5))
        )
        start_hi = maybe_none(start_lo + timedelta(days=rnd.randint(0, 5)))
        reach = Reach(start_lo, start_hi, end_lo, end_hi, None, None, frozenset(), ())
        steps = []
        for _ in range(rnd.randint(0, 8)):
            lo = maybe_none(day())
            hi = maybe_none((lo or day()) + timedelta(days=rnd.randint(-2, 6)))
            steps.append(((lo, hi), Decimal(rnd.randint(0, 5))))
        base = Decimal(rnd.randint(0, 5))
        first = reach.possible[0] if reach.possible else origin
        dated = [
            (lo if lo is not None else first, hi if hi is not None else FOREVER, value)
            for (lo, hi), value in steps
        ]
        got = [
            (p.start, p.end, p.lo, p.hi, p.certain)
            for p in schedule("o", reach, base, steps, None)  # type: ignore[arg-type]
        ]
        assert got == _pieces_by_scan(reach, base, dated)


def test_exclusivities_on_sibling_scopes_are_never_compared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # n territories under one world, each exclusive to another beneficiary: no two can
    # conflict, and the check no longer pairs them (it compared all n^2/2 pairs by time)
    n = 300
    text = (
        HEADER
        + "party a\nparty b\n"
        + "".join(f"party p{i}\n" for i in range(n))
        + "scope world\n"
        + "".join(f"scope t{i} within world\n" for i in range(n))
        + "".join(f"exclusivity e{i} {{ benefits p{i}  binds a  scope t{i} }}\n" for i in range(n))
        + "exclusivity top { benefits b  binds a  scope world }\n"
    )
    analysis = analyze_text(text, "siblings.term", run_checks=False)
    assert analysis.model is not None
    calls = 0
    original = ChainIndex.overlaps

    def counted(self: ChainIndex, a: str, b: str) -> bool:
        nonlocal calls
        calls += 1
        return original(self, a, b)

    monkeypatch.setattr(ChainIndex, "overlaps", counted)
    found = [d for d in run_checks(analysis.model) if d.code == "TL420"]
    # every territory still conflicts with the exclusivity over the whole world...
    assert len(found) == n
    # ...and that is about all that was compared (it was n^2/2 scope comparisons)
    assert calls <= 3 * n
