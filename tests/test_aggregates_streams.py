"""Aggregates over revenue streams: exact sums of the per-day spread over rolling and calendar
windows (evaluate/aggregates.py, docs/semantics.md §14)."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from facts_helpers import analysis_of, at, codes, timeline_of
from termlang.evaluate.aggregates import Spec, stream_window
from termlang.evaluate.conditions import COMPARE
from termlang.evaluate.revenue import Segment, Stream, build_streams
from termlang.values import Duration, DurationUnit

STREAM = """
stream sales "net sales"
obligation milestone "a milestone on trailing net sales" {
  party        lab
  must         "pay the milestone"
  starts_when  sum of revenue(sales) over any 4 quarters > USD 10M
  within       30 days
}
"""
FIGURES = """
  revenue sales {
    2026-Q1 USD 2M
    2026-Q2 USD 3M
    2026-Q3 USD 3M
    2026-Q4 USD 1M
    2027-Q1 USD 4M
  }
"""


def _streams(body: str) -> dict[str, Stream]:
    m = analysis_of(STREAM + body).model
    return build_streams(m.scenarios["s"].figures, m.rates)[0]


def _spec(op: str, usd: int, *, window: Duration | None = None, months: int | None = None) -> Spec:
    return Spec("sum", "revenue", "sales", window, months, op, Fraction(usd), "USD")


FOUR_QUARTERS = Duration(4, DurationUnit.QUARTER)


def test_a_rolling_window_crosses_on_the_exact_day() -> None:
    # the window ending on day k of 2027 keeps 90 - k days of 2026-Q1 (USD 2M over 90 days),
    # the whole of 2026-Q2..Q4 (USD 7M) and k days of 2027-Q1 (USD 4M over 90 days):
    # 9M + 2M x k / 90 > 10M from k = 46, 2027-02-15
    t = timeline_of(STREAM + "scenario s {" + FIGURES + "}\n")
    assert at(t, "2027-02-14").statuses["milestone"] == "pending"
    assert at(t, "2027-02-15").statuses["milestone"] == "active"
    streams = _streams("scenario s {" + FIGURES + "}\n")
    found = stream_window(
        _spec(">", 10_000_000, window=FOUR_QUARTERS), streams["sales"], date.max, {}
    )
    assert found.first == date(2027, 2, 15)
    assert found.value == Fraction(9_000_000) + Fraction(2_000_000 * 46, 90)  # exact


def test_the_horizon_does_not_move_the_day() -> None:
    short = timeline_of(STREAM + "scenario s { horizon 2027-03-31" + FIGURES + "}\n")
    long = timeline_of(STREAM + "scenario s { horizon 2060-12-31" + FIGURES + "}\n")
    assert (
        short.last_change("milestone", "status", date(2027, 2, 20)).on  # type: ignore[union-attr]
        == long.last_change("milestone", "status", date(2027, 2, 20)).on  # type: ignore[union-attr]
        == date(2027, 2, 15)
    )


def test_a_calendar_year_reads_the_year_to_date_for_a_lower_bound_only() -> None:
    streams = _streams("scenario s {" + FIGURES + "}\n")
    sales = streams["sales"]
    # 2026: 2M + 3M + 3M = 8M at the end of Q3, then USD 1M over Q4's 92 days: 9M on 12-31
    at_least = stream_window(_spec(">=", 9_000_000, months=12), sales, date.max, {})
    assert at_least.first == date(2026, 12, 31)
    # `<` needs a whole year with figures: 2026 (USD 9M) on its last day; never part of one
    below = stream_window(_spec("<", 9_500_000, months=12), sales, date.max, {})
    assert below.first == date(2026, 12, 31) and below.value == 9_000_000
    # 2027 has only Q1: no whole year, so `< USD 5M` is never shown by 2027's figures
    assert stream_window(_spec("<", 8_000_000, months=12), sales, date.max, {}).first is None


def test_a_window_below_a_threshold_needs_every_day_covered() -> None:
    gap = """
  revenue sales {
    2026-Q1 USD 1M
    2026-Q3 USD 1M
    2026-Q4 USD 1M
    2027-Q1 USD 1M
    2027-Q2 USD 1M
  }
"""
    sales = _streams("scenario s {" + gap + "}\n")["sales"]
    # 2026-Q2 has no figure: a window holding any of its days is not known to be below
    # anything; the first whole window runs 2026-07-01..2027-06-30 (USD 4M)
    found = stream_window(_spec("<=", 4_000_000, window=FOUR_QUARTERS), sales, date.max, {})
    assert found.first == date(2027, 6, 30) and found.value == 4_000_000
    # while for `>` a missing quarter only lowers the sum: 2026-Q1 alone exceeds USD 0.5M
    above = stream_window(_spec(">", 500_000, window=FOUR_QUARTERS), sales, date.max, {})
    assert above.first == date(2026, 2, 15)  # 1M x 46/90 = 511,111.11 (45 days: 500,000)


def test_expectations_read_revenue_aggregates_with_their_figures() -> None:
    analysis = analysis_of(
        STREAM
        + "scenario s {"
        + FIGURES
        + """
  expect 2027-02-14 { fails sum of revenue(sales) over any 4 quarters > USD 10M }
  expect 2027-02-15 { holds sum of revenue(sales) over any 4 quarters > USD 10M }
  expect 2027-01-01 { holds sum of revenue(sales) over any 4 quarters > USD 10M }
}
"""
    )
    from termlang.evaluate.expectations import run_expectations

    outcome = run_expectations(analysis.model, analysis.model.scenarios["s"])
    assert (outcome.checked, outcome.failed) == (3, 1)
    # 2027-01-01 keeps 89 days of 2026-Q1: 9M + 2M x 1/90 = 9,022,222.22
    assert "fails (USD 9_022_222.22)" in outcome.diagnostics[0].message


def test_what_stays_unsupported_is_reported_where_it_is_written() -> None:
    def diagnostics(cond: str) -> list[tuple[str, str]]:
        body = STREAM.replace("sum of revenue(sales) over any 4 quarters > USD 10M", cond)
        a = analysis_of(body + "scenario s {}\n")
        text = a.model.path and (a.diagnostics[0].span.source.text if a.diagnostics else "")
        return [
            (d.code, text[d.span.start : d.span.end] if d.span else "")
            for d in a.diagnostics
            if d.severity.value == "error"
        ]

    assert diagnostics("count of revenue(sales) in any year >= 3") == [("TL204", "count")]
    assert diagnostics("sum of revenue over any 4 quarters > USD 1M") == [("TL204", "revenue")]
    assert diagnostics("sum of revenue(sales) over any 4 quarters > 3") == [("TL204", "3")]
    (unknown,) = diagnostics("sum of revenue(sale) over any 4 quarters > USD 1M")
    assert unknown == ("TL300", "sale")
    (reading,) = diagnostics("sum of delivered(sales) over any 4 quarters > USD 1M")
    assert reading[0] == "TL302"
    clean = analysis_of(STREAM + "scenario s {" + FIGURES + "}\n").diagnostics
    assert [c for c in codes(clean) if c < "TL500"] == []  # only the header's unused names


QUARTERS = [(date(2026 + q // 4, 3 * (q % 4) + 1, 1)) for q in range(13)]


@settings(max_examples=examples(60), deadline=None)
@given(
    amounts=st.lists(
        st.one_of(st.none(), st.integers(min_value=0, max_value=5_000_000)), min_size=1, max_size=12
    ),
    threshold=st.integers(min_value=1, max_value=12_000_000),
    op=st.sampled_from([">", ">=", "<", "<=", "==", "!="]),
    quarters=st.integers(min_value=1, max_value=6),
    calendar=st.booleans(),
)
def test_the_scan_finds_the_first_day_a_brute_force_reading_finds(
    amounts: list[int | None], threshold: int, op: str, quarters: int, calendar: bool
) -> None:
    """The integer scan agrees, day by day, with summing `Stream.between` over every window
    (a quarter without a figure: `None`)."""
    segments = [
        Segment(QUARTERS[i], QUARTERS[i + 1], Fraction(a), None)  # type: ignore[arg-type]
        for i, a in enumerate(amounts)
        if a is not None
    ]
    if not segments:
        return
    stream = Stream("sales", "USD", segments)
    window = None if calendar else Duration(quarters, DurationUnit.QUARTER)
    spec = _spec(op, threshold, window=window, months=12 if calendar else None)
    found = stream_window(spec, stream, date.max, {})
    compare = COMPARE[op]
    expected = None
    d = segments[0].start
    while d < segments[-1].end and expected is None:
        end = d + timedelta(days=1)
        if window is not None:
            start = window.add_to(d, -1)[0] + timedelta(days=1)
            complete = True
        else:
            start = date(d.year, 1, 1)
            complete = end.year != d.year
        days = {start + timedelta(days=k) for k in range((end - start).days)}
        covered = all(any(s.start <= x < s.end for s in segments) for x in days)
        readable = op in (">", ">=") or (complete and covered)
        if readable and compare(stream.between(start, end), Fraction(threshold)):
            expected = d
        d = end
    assert found.first == expected
