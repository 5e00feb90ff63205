"""The lexer and parser: token collisions, spans on every node, equality without spans."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, examples
from termlang import ast
from termlang.source import SourceFile
from termlang.syntax import parse_source


def items(text: str) -> tuple[ast.Item, ...]:
    file, diags = parse_source(SourceFile(path="t.term", text=text))
    assert not diags, [d.message for d in diags]
    assert file is not None
    return file.items


def arg(text: str) -> ast.Expr:
    (item,) = items(f"k {text}\n")
    (value,) = item.args
    return value


def test_a_date_never_lexes_as_numbers() -> None:
    assert arg("2025-09-11") == ast.DateLit(value=date(2025, 9, 11))
    assert isinstance(arg("2025-09-11 .. 2026-01-01"), ast.Range)


def test_money_magnitudes_and_underscores() -> None:
    assert arg("USD 13B") == ast.MoneyLit(currency="USD", amount=Decimal(13_000_000_000))
    assert arg("USD 13_000_000_000") == arg("USD 13B")
    assert arg("EUR 2.5M") == ast.MoneyLit(currency="EUR", amount=Decimal(2_500_000))


def test_quantities_units_and_multiples() -> None:
    assert arg("18 months") == ast.QuantityLit(amount=Decimal(18), unit="months")
    assert arg("100MW") == ast.QuantityLit(amount=Decimal(100), unit="MW")
    assert arg("1.5 GW") == ast.QuantityLit(amount=Decimal("1.5"), unit="GW")
    assert arg("10x") == ast.QuantityLit(amount=Decimal(10), unit="x")
    assert arg("50_000 GPUs") == ast.QuantityLit(amount=Decimal(50_000), unit="GPUs")


def test_connecting_words_are_not_units() -> None:
    (item,) = items("target pue <= 1.2 by 2027-01-01\n")
    assert isinstance(item.args[0], ast.Compare)
    assert item.args[1] == ast.Ref(parts=("by",))
    (item,) = items("cap 20% of compute\n")
    assert [type(a) for a in item.args] == [ast.PercentLit, ast.Ref, ast.Ref]


def test_periods_only_as_keys() -> None:
    (item,) = items("revenue api {\n  2026 USD 4B\n  2026-Q1 USD 1B\n  2026-03 USD 1M\n}\n")
    assert item.block is not None
    assert [i.key for i in item.block] == ["2026", "2026-Q1", "2026-03"]


def test_operator_precedence() -> None:
    value = arg("a or b and not c")
    assert value == ast.Or(
        left=ast.Ref(parts=("a",)),
        right=ast.And(left=ast.Ref(parts=("b",)), right=ast.Not(operand=ast.Ref(parts=("c",)))),
    )
    assert isinstance(arg("x before 2026-01-01 and y"), ast.And)


def test_offsets_and_calls() -> None:
    value = arg("earliest(effective + 18 months, agi_declared)")
    assert isinstance(value, ast.Call) and value.func == "earliest"
    assert value.args[0] == ast.Offset(
        base=ast.Ref(parts=("effective",)),
        sign=1,
        amount=ast.QuantityLit(amount=Decimal(18), unit="months"),
    )


def test_continuation_after_operators_and_inside_parentheses() -> None:
    (item,) = items("when a and\n     b\n")
    assert isinstance(item.args[0], ast.And)
    (item,) = items("when earliest(\n  2026-01-01,\n  x\n)\n")
    assert isinstance(item.args[0], ast.Call)


def test_long_strings_are_dedented() -> None:
    (item,) = items('note """\n    first\n      second\n  """\n')
    assert item.args[0] == ast.StringLit(value="first\n  second")


def test_every_ref_span_covers_its_name() -> None:
    text = (EXAMPLES / "openai-microsoft-mou.term").read_text(encoding="utf-8")
    file, diags = parse_source(SourceFile(path="f", text=text))
    assert file is not None and not diags
    stack: list[object] = list(file.items)
    seen = 0
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Item):
            assert node.key_span is not None and node.key_span.text == node.key
            stack.extend(node.args)
            stack.extend(node.block or ())
        elif isinstance(node, ast.Ref):
            assert node.span is not None and node.span.text == node.name
            seen += 1
        else:
            for name in ("left", "right", "operand", "base", "amount", "start", "end"):
                child = getattr(node, name, None)
                if child is not None:
                    stack.append(child)
            stack.extend(getattr(node, "args", ()) or getattr(node, "items", ()) or ())
    assert seen > 100


layout = st.sampled_from([" ", "  ", "\t", "   "])


@settings(max_examples=examples(60), deadline=None)
@given(a=layout, b=layout, blank=st.sampled_from(["\n", "\n\n", "\n# a comment\n"]))
def test_equality_ignores_layout_and_comments(a: str, b: str, blank: str) -> None:
    canonical = 'party microsoft "Microsoft" role investor\nevent e "E"\n'
    messy = f'party{a}microsoft{b}"Microsoft"{a}role{b}investor  # c{blank}event{a}e{b}"E"\n'
    assert items(messy) == items(canonical)


def test_deep_expressions_are_a_diagnostic_not_a_crash() -> None:
    chains = [
        "not\n " * 5000 + "x",
        " and\n".join(f"e{i}" for i in range(3000)),
        "(\n" * 3000 + "x" + ")\n" * 3000,
    ]
    for chain in chains:
        file, diags = parse_source(SourceFile(path="t", text=f"k {{\n when {chain}\n}}\n"))
        assert file is None
        assert [(d.code, d.span.start_pos.line if d.span else 0) for d in diags] == [("TL008", 2)]


def test_a_condition_of_ninety_terms_is_fine() -> None:
    (item,) = items("when " + " and\n".join(f"e{i}" for i in range(90)) + "\n")
    assert isinstance(item.args[0], ast.And)
