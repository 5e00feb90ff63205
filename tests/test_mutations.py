"""Mutation test: every example, made inconsistent by construction, must get an error.

Each example of `examples/` is parsed; mutants are generated from its *model* (not from text
patterns written per example): for every clause, tranche, share or cap of a kind a mutation
class applies to, one mutant rewrites the line that states it (through the span the model
keeps) so that the agreement contradicts itself. `termlang check` must report an error on
every mutant, from the consistency checks (a mutant that fails to parse or resolve is a bug
of the generator, and fails the test).

The catch rate per class is written in docs/checks.md (`catalog.MUTATION_CATCH`); a test
compares it with what is measured. Classes that the temporal constraint network of issue 13
part A is expected to catch are marked xfail, by name, in `EXPECTED_FROM_PART_A`; the lead
removes them from that set once part A is merged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
from attrs import frozen

from conftest import EXAMPLES
from termlang import ast
from termlang.checks import Suppressed
from termlang.checks.catalog import MUTATION_CATCH
from termlang.diagnostics import Severity
from termlang.model import (
    Clause,
    Convertible,
    Investment,
    Loan,
    MinimumCommitment,
    Model,
    Obligation,
    RevenueShare,
    Split,
    Waterfall,
)
from termlang.pipeline import analyze_path, analyze_text
from termlang.source import Span
from termlang.values import Money


@frozen
class Mutant:
    example: str
    kind: str  # the mutation class
    what: str  # the mutant in words, for failure messages
    edits: tuple[tuple[int, int, str], ...]  # (start, end, replacement) in the example's text

    def apply(self, text: str) -> str:
        for start, end, new in sorted(self.edits, reverse=True):
            text = text[:start] + new + text[end:]
        return text


def _replace(span: Span | None, text: str) -> tuple[int, int, str] | None:
    return None if span is None else (span.start, span.end, text)


def _insert(clause: Clause, line: str) -> tuple[int, int, str] | None:
    """A new field line just before the closing brace of a clause's block."""
    if clause.span is None:
        return None
    end = clause.span.end - 1  # the `}`
    return (end, end, f"  {line}\n")


def _src(expr: ast.Expr | None) -> str | None:
    span = getattr(expr, "span", None)
    return span.text if span is not None else None


# ---------------------------------------------------------------------------- date classes


def deadline_before_trigger(model: Model) -> Iterator[tuple[str, tuple[int, int, str] | None]]:
    """A deadline one day before the event that triggers the obligation or the tranche."""
    for c in model.clauses.values():
        if isinstance(c, Obligation) and isinstance(c.trigger, ast.Ref):
            line = f"deadline  {c.trigger.name} - 1 day"
            edit = (
                _replace(c.spans.get("deadline"), line)
                if "deadline" in c.spans
                else _insert(c, line)
            )
            yield f"`{c.name}` due the day before `{c.trigger.name}`", edit
        if isinstance(c, Investment):
            for t in c.tranches:
                if isinstance(t.when, ast.Ref) and "deadline" in t.spans:
                    yield (
                        f"`{c.name}.{t.name}` due the day before `{t.when.name}`",
                        _replace(t.spans["deadline"], f"deadline  {t.when.name} - 1 day"),
                    )


def window_end_before_start(model: Model) -> Iterator[tuple[str, tuple[int, int, str] | None]]:
    """A window that ends the day before it starts."""
    for c in model.clauses.values():
        start = _src(c.window.start) if c.window is not None else None
        if start is not None and "window" in c.spans:
            yield (
                f"`{c.name}` ends before it starts",
                _replace(c.spans["window"], f"window  {start} .. {start} - 1 day"),
            )


def tranche_after_long_stop(model: Model) -> Iterator[tuple[str, tuple[int, int, str] | None]]:
    """A tranche deadline a day past the long-stop date of a non-binding MOU.

    Only an MOU lapses at its long stop (TL412); a term sheet's long stop is the date by which
    it must be signed, after which its tranches run under the signed documents, so a deadline
    past it is no contradiction (examples/seed-round.term has them)."""
    agreement = model.agreement
    if (
        agreement is None
        or agreement.kind != "mou"
        or agreement.long_stop is None
        or agreement.binding
    ):
        return
    for c in model.clauses.values():
        if isinstance(c, Investment) and c.name not in agreement.binding_clauses:
            for t in c.tranches:
                if "deadline" in t.spans:
                    yield (
                        f"`{c.name}.{t.name}` due after the long-stop",
                        _replace(t.spans["deadline"], "deadline  long_stop + 1 day"),
                    )


def maturity_before_issue(model: Model) -> Iterator[tuple[str, tuple[int, int, str] | None]]:
    """A loan or a note that matures the day before it is drawn or issued."""
    for c in model.clauses.values():
        if isinstance(c, Loan) and c.drawn is not None and "maturity" in c.spans:
            start = _src(c.drawn)
        elif isinstance(c, Convertible) and c.instrument == "note" and "maturity" in c.spans:
            start = _src(c.issued) or "effective"
        else:
            continue
        yield (
            f"`{c.name}` matures before it starts",
            _replace(c.spans["maturity"], f"maturity  {start} - 1 day"),
        )


# ---------------------------------------------------------------------------- amount classes


def cap_below_due(model: Model) -> Iterator[tuple[str, tuple[int, int, str] | None]]:
    """A revenue share capped at one unit of the currency its scenarios pay in."""
    for c in model.clauses.values():
        if not isinstance(c, RevenueShare):
            continue
        currencies = {
            f.amount.currency
            for sc in model.scenarios.values()
            for f in sc.figures
            if f.subject in c.streams
        }
        if len(currencies) != 1:
            continue
        line = f"cap  {next(iter(currencies))} 1"
        edit = _replace(c.spans.get("cap"), line) if c.cap is not None else _insert(c, line)
        yield f"`{c.name}` capped at one unit", edit


def minimum_above_cap(model: Model) -> Iterator[tuple[str, tuple[int, int, str] | None]]:
    """A revenue share capped at one period's minimum commitment on its payments."""
    for m in model.clauses.values():
        if isinstance(m, MinimumCommitment) and isinstance(m.floor, Money) and m.payments:
            share = model.clauses.get(m.payments)
            if isinstance(share, RevenueShare):
                line = f"cap  {m.floor}"
                edit = (
                    _replace(share.spans.get("cap"), line)
                    if share.cap is not None
                    else _insert(share, line)
                )
                yield f"`{share.name}` capped at one floor of `{m.name}`", edit


def share_above_100(model: Model) -> Iterator[tuple[str, tuple[int, int, str] | None]]:
    """A share of a base above 100%: a split share, a rate, a tier, a carve-out, a SAFE."""
    for c in model.clauses.values():
        match c:
            case Split(shares=shares) if shares:
                yield (
                    f"`{c.name}` gives {shares[0].party} 150%",
                    _replace(shares[0].span, f"share  {shares[0].party}  150%"),
                )
            case RevenueShare():
                yield f"`{c.name}` at 150%", _replace(c.spans.get("rate"), "rate  150%")
            case Waterfall(tiers=tiers) if tiers:
                yield (
                    f"`{c.name}.{tiers[0].name}` at 150%",
                    _replace(tiers[0].spans.get("share"), "share  150%"),
                )
            case Convertible(valuation_cap=cap) if cap is not None:
                half = Money(c.amount.currency, c.amount.amount / 2)
                yield (
                    f"`{c.name}` capped at half its amount",
                    _replace(c.spans.get("valuation_cap"), f"valuation_cap  {half}"),
                )


def split_not_summing(model: Model) -> Iterator[tuple[str, tuple[int, int, str] | None]]:
    """A split whose first share is one point higher."""
    for c in model.clauses.values():
        if isinstance(c, Split) and c.shares:
            first = c.shares[0]
            up = first.percent.value + 1 if first.percent.value < 100 else first.percent.value - 1
            yield (
                f"`{c.name}` one point off",
                _replace(first.span, f"share  {first.party}  {up}%"),
            )


def tranches_above_commitment(model: Model) -> Iterator[tuple[str, tuple[int, int, str] | None]]:
    """An investment whose first tranche is doubled."""
    for c in model.clauses.values():
        if isinstance(c, Investment) and c.commitment is not None and c.tranches:
            t = c.tranches[0]
            doubled = Money(t.amount.currency, t.amount.amount * 2)
            yield (
                f"`{c.name}.{t.name}` doubled",
                _replace(t.spans.get("amount"), f"amount  {doubled}"),
            )


def repayment_above_cap(model: Model) -> Iterator[tuple[str, tuple[int, int, str] | None]]:
    """A waterfall tier that repays an investment past its return cap."""
    for c in model.clauses.values():
        if isinstance(c, Waterfall):
            for tier in c.tiers:
                investment = model.clauses.get(tier.until_of or "")
                if isinstance(investment, Investment) and investment.return_cap is not None:
                    over = investment.return_cap.value + 1
                    yield (
                        f"`{c.name}.{tier.name}` repays {over}x of `{investment.name}`",
                        _replace(tier.spans.get("until"), f"until  {over}x of {investment.name}"),
                    )


def absence_beside_clause(model: Model) -> Iterator[tuple[str, tuple[int, int, str] | None]]:
    """The header says the agreement has no clause of a kind it has (`excludes KIND`)."""
    agreement = model.agreement
    if agreement is None or agreement.span is None:
        return
    for kind in dict.fromkeys(c.kind for c in model.clauses.values()):
        if kind in agreement.excludes:
            continue
        if "excludes" in agreement.spans:
            line = "excludes  " + ", ".join((*agreement.excludes, kind))
            edit = _replace(agreement.spans["excludes"], line)
        else:
            end = agreement.span.end - 1  # the `}`
            edit = (end, end, f"  excludes  {kind}\n")
        yield f"the agreement says it has no `{kind}`", edit


Generator = Callable[[Model], Iterator[tuple[str, tuple[int, int, str] | None]]]

CLASSES: dict[str, Generator] = {
    "deadline before its trigger": deadline_before_trigger,
    "window end before its start": window_end_before_start,
    "tranche deadline past the long-stop": tranche_after_long_stop,
    "maturity before issue": maturity_before_issue,
    "cap below a due amount": cap_below_due,
    "cap below a minimum commitment": minimum_above_cap,
    "share of a base above 100%": share_above_100,
    "split parts not summing to 100%": split_not_summing,
    "tranches above the commitment": tranches_above_commitment,
    "repayment above the return cap": repayment_above_cap,
    "absence stated beside a clause": absence_beside_clause,
}

# Classes the temporal constraint network (issue 13, part A) is expected to catch in full.
EXPECTED_FROM_PART_A: set[str] = set()  # part A is merged: every class is caught in full


def _examples() -> list[Path]:
    return [p for p in sorted(EXAMPLES.glob("*.term")) if not p.name.endswith(".scenarios.term")]


@cache
def _mutants() -> tuple[Mutant, ...]:
    out: list[Mutant] = []
    for path in _examples():
        model = analyze_path(path, path.name).model
        assert model is not None, path
        for kind, generate in CLASSES.items():
            for what, edit in generate(model):
                assert edit is not None, f"{path.name}: no span for {what}"
                out.append(Mutant(path.name, kind, what, (edit,)))
    return tuple(out)


@cache
def _verdict(mutant: Mutant) -> tuple[bool, tuple[str, ...]]:
    """(caught, the error codes) for one mutant."""
    text = (EXAMPLES / mutant.example).read_text(encoding="utf-8")
    analysis = analyze_text(mutant.apply(text), mutant.example)
    errors = tuple(
        d.code
        for d in analysis.diagnostics
        if d.severity is Severity.ERROR and not isinstance(d, Suppressed)
    )
    broken = [c for c in errors if c[2] in "0123"]  # TL0xx-TL3xx: the mutant does not parse
    assert not broken, f"{mutant.example}: {mutant.what} is not a valid mutant: {broken}"
    return bool(errors), errors


def measured() -> dict[str, tuple[int, int]]:
    """(caught, mutants) per class, over every example."""
    rates = {kind: (0, 0) for kind in CLASSES}
    for m in _mutants():
        caught, total = rates[m.kind]
        rates[m.kind] = (caught + _verdict(m)[0], total + 1)
    return rates


def _params() -> list[object]:
    out: list[object] = []
    for kind in CLASSES:
        marks = (
            [pytest.mark.xfail(reason=f"{kind}: for part A's constraint network", strict=False)]
            if kind in EXPECTED_FROM_PART_A
            else []
        )
        out.append(pytest.param(kind, marks=marks, id=kind.replace(" ", "-")))
    return out


@pytest.mark.parametrize("kind", _params())
def test_every_mutant_of_the_class_gets_an_error(kind: str) -> None:
    missed = [f"{m.example}: {m.what}" for m in _mutants() if m.kind == kind and not _verdict(m)[0]]
    assert missed == [], "mutants with no error:\n" + "\n".join(missed)


def test_every_class_has_mutants() -> None:
    # a class that generates nothing on the examples measures nothing
    empty = [kind for kind, (_, total) in measured().items() if total == 0]
    assert empty == []


def test_the_catch_rates_in_the_docs_are_measured() -> None:
    documented = {kind: (caught, total) for kind, caught, total in MUTATION_CATCH}
    assert documented == measured(), (
        "update MUTATION_CATCH in src/termlang/checks/catalog.py, then regenerate "
        "docs/checks.md (pytest --update-goldens)"
    )


def test_a_mutant_changes_only_its_line() -> None:
    # the generator rewrites one stated figure or date: the rest of the file is untouched
    for m in _mutants()[:20]:
        text = (EXAMPLES / m.example).read_text(encoding="utf-8")
        before, after = text.splitlines(), m.apply(text).splitlines()
        changed = sum(1 for a, b in zip(before, after, strict=False) if a != b)
        assert changed <= 1 or len(after) == len(before) + 1, m.what
