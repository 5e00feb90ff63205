"""Conversion at a priced round, change of control and maturity on the interpreter's path
(`evaluate/instruments.py`), with the figures of docs/mechanics.md, "Convertible notes and
SAFEs" (`examples/seed-note-financing.term`). These were the tests of the old
`mechanics.conversion.resolve`, which duplicated the interpreter and is gone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from conftest import EXAMPLES
from termlang.evaluate import pick_scenario, run
from termlang.evaluate import timeline as tl
from termlang.pipeline import analyze_text
from termlang.values import Money

SEED = (EXAMPLES / "seed-note-financing.term").read_text(encoding="utf-8")


def usd(amount: str | int) -> Money:
    return Money("USD", Decimal(amount))


def _conversions(text: str, scenario: str) -> dict[str, tl.Conversion]:
    analysis = analyze_text(text, "seed.term", run_checks=False)
    assert analysis.model is not None
    timeline = run(analysis.model, pick_scenario(analysis.model, scenario))
    return {
        c.subject: c.value
        for c in timeline.changes
        if c.aspect == tl.CONVERSION and isinstance(c.value, tl.Conversion)
    }


def test_the_safe_converts_at_the_cap_price():
    safe = _conversions(SEED, "series_a_in_2026")["wren_safe"]
    # the discounted price is USD 1.60, the cap price 12M / 10M = USD 1.20: 1,500,000 / 1.20
    assert (safe.event, safe.price_basis, safe.shares) == (
        "qualified_financing",
        "valuation_cap",
        1_250_000,
    )
    assert safe.price == "USD 1.20" and safe.cash is None


def test_the_note_converts_with_accrued_interest_and_pays_the_fraction():
    note = _conversions(SEED, "series_a_in_2026")["kestrel_note"]
    # 270 days at 6%, actual/365: 500,000 x 0.06 x 270/365 = 22,191.78..
    assert note.interest == usd("22191.78")
    assert note.converted == usd("522191.78")
    # 522,191.78.. / 1.20 = 435,159.82..: 435,159 shares and 0.98.. in cash
    assert (note.shares, note.cash) == (435_159, usd("0.98"))


def test_the_discount_wins_when_the_round_is_cheap():
    cheap = SEED.replace("    price           USD 2\n", "    price           USD 1.25\n", 1)
    assert cheap != SEED
    safe = _conversions(cheap, "series_a_in_2026")["wren_safe"]
    # 1.25 x 80% = USD 1.00 < the cap price USD 1.20: 1,500,000 shares
    assert (safe.price_basis, safe.shares, safe.price) == ("discount", 1_500_000, "USD 1.00")


def test_the_first_event_wins_on_a_change_of_control():
    out = _conversions(SEED, "acquired")
    assert (out["wren_safe"].event, out["wren_safe"].cash) == ("change_of_control", usd(3_000_000))
    # 178 days of interest: 500,000 x 0.06 x 178/365 = 14,630.14
    assert out["kestrel_note"].cash == usd("514630.14")


def test_the_note_is_repaid_at_maturity_and_a_safe_never_matures():
    never = SEED.replace("  series_a     2026-09-01\n", "  series_a     never\n", 1)
    out = _conversions(never, "series_a_in_2026")
    # 2025-12-05 + 24 months = 2027-12-05: 730 days at 6% = USD 60,000
    assert (out["kestrel_note"].event, out["kestrel_note"].on) == ("maturity", date(2027, 12, 5))
    assert out["kestrel_note"].cash == usd("560000.00")
    assert "wren_safe" not in out


def test_a_cap_without_the_capitalization_is_unresolved_not_a_traceback():
    bare = SEED.replace("    capitalization  10_000_000 shares\n", "", 1)
    analysis = analyze_text(bare, "seed.term", run_checks=False)
    assert analysis.model is not None
    timeline = run(analysis.model, pick_scenario(analysis.model, "series_a_in_2026"))
    unresolved = [
        c for c in timeline.changes if c.aspect == tl.CONVERSION and c.new == "unresolved"
    ]
    assert {c.subject for c in unresolved} == {"wren_safe", "kestrel_note"}
    assert "capitalization" in str(unresolved[0].reason)
