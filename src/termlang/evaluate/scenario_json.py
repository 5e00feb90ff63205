"""Scenarios from JSON, for other tools: the same content as a `scenario` block.

    {
      "name": "analyst_case",
      "label": "Restructuring in Q2, strong API sales",
      "horizon": "2030-12-31",
      "events": {"restructuring_completed": "2026-06-30", "agi_declared": null},
      "revenue": {"api": {"2026": "USD 8B", "2027-Q1": "USD 4B"}},
      "expect": {"2027-01-01": ["status softbank_round.second funded"]}
    }

`events` maps an event to its date or to `null` / `"never"`; `revenue` maps a stream to
periods (`2026`, `2026-H1`, `2026-Q1`, `2026-03`) and amounts written as in a .term file;
`distribution`, `forecast` and `volume` are shaped like `revenue` (a volume's amounts are
quantities, `"1_000 GPUs"`); `payments` maps a revenue share to periods and payment dates
(`null`: never paid); `financing` maps an event to `{"price": "USD 2", "capitalization":
10000000}`; `offers` is a list of `{"clause", "made", "price", "accept"|"decline"}` and
`third_party` a list of `{"clause", "on", "price"}` (docs/semantics.md, section 8);
`occurrences`, `measure`, `delivered`, `funded` and `acts` carry the facts of
`scenario_json_facts.py`; the whole format is docs/scenario.schema.json; a
financing may add `"raised": "USD 4M"` and `"pool_increase": 500000`; `proceeds` maps a
dissolution event to an amount, or to `{"amount", "claims": {NAME: AMOUNT | {"amount",
"rank"}}}` (the other claims on it), `elections` is a list of `{"clause", "choice", "on"}`,
`consents` a list of `{"series", "on", "holders": [...]}` and `capitalization` a number of
shares (the instruments' lines, docs/language.md);
`expect` maps a date to expectation lines written as in an `expect` block; `agreement` (the
.term file, relative to the JSON file) lets `termlang test` run it alone. Every problem is
reported as a located diagnostic (`TL604`) pointing into the JSON file: the file is read
with a small position-keeping JSON parser, because the standard library's forgets where
values are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs
from attrs import frozen

from termlang import ast, model
from termlang.diagnostics import Diagnostic, Severity
from termlang.evaluate.scenario_json_facts import FACT_KEYS, facts_of
from termlang.evaluate.scenario_json_options import KEYS as OPTION_KEYS
from termlang.evaluate.scenario_json_options import waivers_of
from termlang.evaluate.scenarios import ScenarioError
from termlang.scenario_codes import BAD_SCENARIO_FILE
from termlang.source import SourceFile, Span
from termlang.values import Money, Quantity, parse_money, parse_number, parse_period

KEYS = (
    "agreement",
    "name",
    "label",
    "note",
    "horizon",
    "events",
    "revenue",
    "distribution",
    "forecast",
    "volume",
    "payments",
    "financing",
    "offers",
    "third_party",
    *FACT_KEYS,
    "expect",
    "proceeds",
    "elections",
    "consents",
    "capitalization",
    *OPTION_KEYS,
)
MAX_JSON_DEPTH = 32
MAX_NUMBER_CHARS = 100  # no figure a scenario needs is longer; Python refuses 4,300 digits


@frozen
class Node:
    """A JSON value and where it is: dicts map keys to (key node, value node)."""

    value: Any
    start: int
    end: int


class JsonSyntaxError(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_WS = re.compile(r"[ \t\n\r]*")


def parse_json(text: str) -> Node:
    """Parse JSON text into `Node`s with character offsets."""
    pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
    node, pos = _value(text, pos, 0)
    pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
    if pos != len(text):
        raise JsonSyntaxError("unexpected text after the JSON value", pos)
    return node


def _value(text: str, pos: int, depth: int) -> tuple[Node, int]:
    if depth > MAX_JSON_DEPTH:
        raise JsonSyntaxError("JSON nested too deeply", pos)
    if pos >= len(text):
        raise JsonSyntaxError("unexpected end of the file", pos)
    ch = text[pos]
    if ch == "{":
        return _object(text, pos, depth)
    if ch == "[":
        return _array(text, pos, depth)
    if ch == '"':
        try:
            value, end = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
        except json.JSONDecodeError as exc:
            raise JsonSyntaxError(exc.msg.lower(), exc.pos) from None
        return Node(value, pos, end), end
    for word, value in (("true", True), ("false", False), ("null", None)):
        if text.startswith(word, pos):
            return Node(value, pos, pos + len(word)), pos + len(word)
    match = _NUMBER.match(text, pos)
    if match:
        if match.end() - pos > MAX_NUMBER_CHARS:
            raise JsonSyntaxError(f"a number longer than {MAX_NUMBER_CHARS} characters", pos)
        return Node(json.loads(match.group()), pos, match.end()), match.end()
    raise JsonSyntaxError(f"unexpected `{ch}`", pos)


def _skip(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()  # type: ignore[union-attr]


def _object(text: str, pos: int, depth: int) -> tuple[Node, int]:
    start = pos
    members: dict[str, tuple[Node, Node]] = {}
    pos = _skip(text, pos + 1)
    if pos < len(text) and text[pos] == "}":
        return Node(members, start, pos + 1), pos + 1
    while True:
        if pos >= len(text) or text[pos] != '"':
            raise JsonSyntaxError("expected a quoted key", pos)
        key, pos = _value(text, pos, depth + 1)
        pos = _skip(text, pos)
        if pos >= len(text) or text[pos] != ":":
            raise JsonSyntaxError("expected `:` after the key", pos)
        value, pos = _value(text, _skip(text, pos + 1), depth + 1)
        if key.value in members:
            raise JsonSyntaxError(f"`{key.value}` is given twice", key.start)
        members[key.value] = (key, value)
        pos, closed = _after_item(text, pos, "}")
        if closed:
            return Node(members, start, pos), pos


def _array(text: str, pos: int, depth: int) -> tuple[Node, int]:
    start = pos
    items: list[Node] = []
    pos = _skip(text, pos + 1)
    if pos < len(text) and text[pos] == "]":
        return Node(items, start, pos + 1), pos + 1
    while True:
        item, pos = _value(text, pos, depth + 1)
        items.append(item)
        pos, closed = _after_item(text, pos, "]")
        if closed:
            return Node(items, start, pos), pos


def _after_item(text: str, pos: int, close: str) -> tuple[int, bool]:
    """Past the comma after an object's member or an array's item (False: another follows),
    or past the closing bracket (True)."""
    pos = _skip(text, pos)
    if pos < len(text) and text[pos] == ",":
        return _skip(text, pos + 1), False
    if pos < len(text) and text[pos] == close:
        return pos + 1, True
    raise JsonSyntaxError(f"expected `,` or `{close}`", pos)


class Reader:
    def __init__(self, source: SourceFile, m: model.Model) -> None:
        self.source = source
        self.m = m
        self.diagnostics: list[Diagnostic] = []

    def span(self, node: Node) -> Span:
        return Span(self.source, node.start, node.end)

    def error(self, node: Node | None, message: str, help: str | None = None) -> None:
        span = self.span(node) if node is not None else Span(self.source, 0, 0)
        self.diagnostics.append(
            Diagnostic(
                code=BAD_SCENARIO_FILE,
                severity=Severity.ERROR,
                message=message,
                span=span,
                help=help,
            )
        )

    def suggest(self, word: str, options: list[str]) -> str | None:
        from termlang.names import did_you_mean

        hint = did_you_mean(word, options)
        return f"did you mean `{hint}`?" if hint else None

    def known_members(
        self, pair: tuple[Node, Node] | None, what: str, names: list[str], noun: str
    ) -> Iterator[tuple[str, Node, Node]]:
        """The members of an object (`what` it should be) whose keys are among `names`; an
        unknown key is an error (`unknown NOUN`, with a did-you-mean)."""
        if pair is None or not self.expect_type(pair[1], dict, what):
            return
        for key, (knode, vnode) in pair[1].value.items():
            if key not in names:
                self.error(knode, f"unknown {noun} `{key}`", self.suggest(key, names))
                continue
            yield key, knode, vnode

    def expect_type(self, node: Node, kind: type, what: str) -> bool:
        if isinstance(node.value, kind) and not isinstance(node.value, bool):
            return True
        self.error(node, f"expected {what}, found {_json_kind(node.value)}")
        return False

    def date(self, node: Node) -> date | None:
        if isinstance(node.value, str):
            try:
                return date.fromisoformat(node.value)
            except ValueError:
                pass
        self.error(node, 'expected a date like `"2026-03-31"`', "dates are `YYYY-MM-DD`")
        return None

    def scenario(self, root: Node, fallback_name: str) -> model.Scenario:
        if not self.expect_type(root, dict, "an object"):
            raise ScenarioError(self.diagnostics)
        members: dict[str, tuple[Node, Node]] = root.value
        for key, (knode, _) in members.items():
            if key not in KEYS:
                self.error(knode, f"unknown key `{key}`", self.suggest(key, list(KEYS)))
        values: dict[str, Any] = {"name": fallback_name}
        if "name" in members:
            node = members["name"][1]
            if self.expect_type(node, str, "a name"):
                if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", node.value):
                    values["name"] = node.value
                else:
                    self.error(node, f"`{node.value}` is not a name", "use letters, digits and _")
        for key in ("label", "note"):
            if key in members and self.expect_type(members[key][1], str, "a string"):
                values[key] = members[key][1].value
        if "horizon" in members:
            horizon = self.date(members["horizon"][1])
            if horizon is not None:
                values["horizon"] = horizon
        values["occurrences"] = tuple(self.events(members.get("events")))
        values["figures"] = tuple(self.revenue(members.get("revenue")))
        values["series"] = tuple(
            fig
            for metric in ("distribution", "forecast", "volume")
            for fig in self.revenue(members.get(metric), metric)
        )
        values["payments"] = tuple(self.paid_on(members.get("payments")))
        values["financings"] = tuple(self.financings(members.get("financing")))
        values["offers"] = tuple(self.offers(members.get("offers")))
        values["third_party_deals"] = tuple(self.deals(members.get("third_party")))
        values.update(facts_of(self, members))  # issue 12 (evaluate/scenario_json_facts.py)
        self.instruments(members, values)  # proceeds, elections, consents, capitalization
        values["waivers"] = tuple(waivers_of(self, members.get("waived")))  # issue 11
        values["expectations"] = tuple(self.expectations(members.get("expect")))
        if self.diagnostics:
            raise ScenarioError(self.diagnostics)
        return model.Scenario(span=self.span(root), **values)

    def events(self, pair: tuple[Node, Node] | None) -> list[model.Occurrence]:
        if pair is None or not self.expect_type(pair[1], dict, "an object of event dates"):
            return []
        out = []
        known = list(self.m.events)
        for name, (knode, vnode) in pair[1].value.items():
            if name not in self.m.events:
                self.error(knode, f"unknown event `{name}`", self.suggest(name, known))
                continue
            on: date | None = None
            if vnode.value is not None and vnode.value != "never":
                on = self.date(vnode)
                if on is None:
                    continue
            out.append(
                model.Occurrence(
                    event=name, on=on, span=self.span(vnode), name_span=self.span(knode)
                )
            )
        return out

    def paid_on(self, pair: tuple[Node, Node] | None) -> list[model.Payment]:
        if pair is None or not self.expect_type(pair[1], dict, "an object of revenue shares"):
            return []
        out = []
        for clause, (knode, vnode) in pair[1].value.items():
            if not self.clause(knode, clause) or not self.expect_type(
                vnode, dict, "an object of periods and dates"
            ):
                continue
            for text, (pnode, dnode) in vnode.value.items():
                cash = self.cash_payment(clause, text, dnode)  # `"2026-03-01": "GBP 100K"`
                if cash is not None:
                    out.extend(cash)
                    continue
                period = self.period(pnode, text)
                part = self.part_payment(dnode)  # `"2026-Q2": "2026-08-15 GBP 50K"`
                if part is not None and part[1] is None:
                    continue
                on = (
                    None
                    if dnode.value in (None, "never")
                    else self.date(part[0] if part else dnode)
                )
                if period is None or (on is None and dnode.value not in (None, "never")):
                    continue
                out.append(
                    model.Payment(
                        clause=clause,
                        period=str(period),
                        start=period.start,
                        end=period.end,
                        on=on,
                        amount=part[1] if part else None,
                        span=self.span(dnode),
                    )
                )
        return out

    def cash_payment(self, clause: str, text: str, node: Node) -> list[model.Payment] | None:
        """A `payment`'s amount paid on a date (None: the key is not a date)."""
        try:
            on = date.fromisoformat(text) if len(text) == 10 else None
        except ValueError:
            on = None
        if on is None:
            return None
        amount = self.money(node)
        if amount is None:
            return []
        return [
            model.Payment(
                clause=clause,
                period=text,
                start=on,
                end=on,
                on=on,
                amount=amount,
                cash=True,
                span=self.span(node),
            )
        ]

    def part_payment(self, node: Node) -> tuple[Node, Money | None] | None:
        """`"2026-08-15 GBP 50K"`: a date and a part payment (None: a plain date)."""
        if not isinstance(node.value, str) or " " not in node.value:
            return None
        day, _, rest = node.value.partition(" ")
        return Node(day, node.start, node.end), self.money(Node(rest, node.start, node.end))

    def financings(self, pair: tuple[Node, Node] | None) -> list[model.Financing]:
        if pair is None or not self.expect_type(pair[1], dict, "an object of events"):
            return []
        out = []
        for event, (knode, vnode) in pair[1].value.items():
            if event not in self.m.events:
                self.error(
                    knode, f"unknown event `{event}`", self.suggest(event, list(self.m.events))
                )
                continue
            if not self.expect_type(vnode, dict, "an object with `price`"):
                continue
            fields = vnode.value
            price = self.money(fields["price"][1]) if "price" in fields else None
            if price is None:
                if "price" not in fields:
                    self.error(vnode, "a financing needs a `price` per share")
                continue
            shares = None
            if "capitalization" in fields:
                cnode = fields["capitalization"][1]
                if isinstance(cnode.value, int) and cnode.value > 0:
                    shares = Decimal(cnode.value)
                else:
                    self.error(cnode, "expected a whole number of shares like `10000000`")
                    continue
            extra: dict[str, Any] = {}
            if "raised" in fields:
                extra["raised"] = self.money(fields["raised"][1])
            if "pool_increase" in fields:
                extra["pool_increase"] = self.shares(fields["pool_increase"][1])
            if any(v is None for v in extra.values()):
                continue
            out.append(
                model.Financing(
                    event=event, price=price, capitalization=shares, span=self.span(vnode), **extra
                )
            )
        return out

    def shares(self, node: Node) -> Decimal | None:
        if isinstance(node.value, int) and not isinstance(node.value, bool) and node.value >= 0:
            return Decimal(node.value)
        self.error(node, "expected a whole number of shares like `10000000`")
        return None

    def instruments(self, members: dict[str, tuple[Node, Node]], values: dict[str, Any]) -> None:
        """`proceeds` {event: amount}, `elections` [{clause, choice, on}], `consents`
        [{series, on, holders}], `capitalization` (shares): the lines of a scenario block."""
        proceeds, elections, consents = [], [], []
        pair = members.get("proceeds")
        if pair is not None and self.expect_type(pair[1], dict, "an object of events"):
            for event, (knode, vnode) in pair[1].value.items():
                if event not in self.m.events:
                    self.error(knode, f"unknown event `{event}`", None)
                    continue
                found = self.proceeds_value(event, vnode)
                if found is not None:
                    proceeds.append(found)
        for node, f in self._records(members.get("elections"), ("clause", "choice", "on")):
            on = self.date(f["on"])
            if f["choice"].value not in ("convert", "repay"):
                self.error(f["choice"], "expected `convert` or `repay`")
            elif on is not None:
                elections.append(
                    model.HolderElection(
                        clause=f["clause"].value,
                        choice=f["choice"].value,
                        on=on,
                        span=self.span(node),
                    )
                )
        pair = members.get("consents")
        if pair is not None and self.expect_type(pair[1], list, "a list of objects"):
            for node in pair[1].value:
                if not self.expect_type(node, dict, "an object"):
                    continue
                f = {k: v for k, (_, v) in node.value.items()}
                missing = [k for k in ("series", "on", "holders") if k not in f]
                if missing:
                    self.error(node, f"missing `{missing[0]}`", "give series, on, holders")
                    continue
                on = self.date(f["on"])
                holders = f["holders"].value
                if not isinstance(f["series"].value, str) or not (
                    isinstance(holders, list) and all(isinstance(h.value, str) for h in holders)
                ):
                    self.error(node, "expected a series name and a list of holder names")
                    continue
                if on is not None:
                    consents.append(
                        model.Consent(
                            series=f["series"].value,
                            on=on,
                            holders=tuple(h.value for h in holders),
                            span=self.span(node),
                        )
                    )
        values["proceeds"] = tuple(proceeds)
        values["elections"] = tuple(elections)
        values["consents"] = tuple(consents)
        if "capitalization" in members:
            values["capitalization"] = self.shares(members["capitalization"][1])

    def proceeds_value(self, event: str, node: Node) -> model.Proceeds | None:
        """`"USD 1.6M"`, or `{"amount": "USD 1.6M", "claims": {"bank_loan": "USD 400K",
        "seed_preferred": {"amount": "USD 300K", "rank": 1}}}` (the `proceeds` block)."""
        if not isinstance(node.value, dict):
            amount = self.money(node)
            if amount is None:
                return None
            return model.Proceeds(event=event, amount=amount, span=self.span(node))
        fields = {k: v for k, (_, v) in node.value.items()}
        if "amount" not in fields or set(fields) - {"amount", "claims"}:
            self.error(node, "expected `amount` and optionally `claims`")
            return None
        amount = self.money(fields["amount"])
        claims: list[model.ProceedsClaim] = []
        given = fields.get("claims")
        if given is not None and self.expect_type(given, dict, "an object of claims"):
            for name, (_, vnode) in given.value.items():
                rank: Any = 0
                value = vnode
                if isinstance(vnode.value, dict):
                    parts = {k: v for k, (_, v) in vnode.value.items()}
                    rank = parts["rank"].value if "rank" in parts else 0
                    value = parts.get("amount", vnode)
                    if set(parts) - {"amount", "rank"} or value is vnode:
                        self.error(vnode, "expected `amount` and optionally `rank`")
                        continue
                if not isinstance(rank, int) or isinstance(rank, bool) or not 0 <= rank <= 1000:
                    self.error(vnode, "expected a whole `rank` from 0")
                    continue
                owed = self.money(value)
                if owed is None:
                    continue
                if amount is not None and (owed.currency != amount.currency or owed.amount < 0):
                    self.error(value, f"expected an amount of zero or more in {amount.currency}")
                    continue
                claims.append(
                    model.ProceedsClaim(name=name, amount=owed, rank=rank, span=self.span(vnode))
                )
        if amount is None:
            return None
        return model.Proceeds(event=event, amount=amount, claims=claims, span=self.span(node))

    def _records(
        self, pair: tuple[Node, Node] | None, required: tuple[str, ...]
    ) -> list[tuple[Node, dict[str, Node]]]:
        if pair is None or not self.expect_type(pair[1], list, "a list of objects"):
            return []
        out = []
        for node in pair[1].value:
            if not self.expect_type(node, dict, "an object"):
                continue
            fields = {k: v for k, (_, v) in node.value.items()}
            missing = [k for k in required if k not in fields]
            if missing:
                self.error(node, f"missing `{missing[0]}`", f"give {', '.join(required)}")
                continue
            if isinstance(fields["clause"].value, str) and self.clause(
                fields["clause"], fields["clause"].value
            ):
                out.append((node, fields))
        return out

    def offers(self, pair: tuple[Node, Node] | None) -> list[model.OfferMade]:
        out = []
        for node, f in self._records(pair, ("clause", "made", "price")):
            made, price = self.date(f["made"]), self.money(f["price"])
            response = next((k for k in ("accept", "decline") if k in f), None)
            responded = self.date(f[response]) if response else None
            if made is None or price is None or (response and responded is None):
                continue
            out.append(
                model.OfferMade(
                    clause=f["clause"].value,
                    made=made,
                    price=price,
                    response=response,
                    responded=responded,
                    span=self.span(node),
                )
            )
        return out

    def deals(self, pair: tuple[Node, Node] | None) -> list[model.ThirdPartyDeal]:
        out = []
        for node, f in self._records(pair, ("clause", "on", "price")):
            on, price = self.date(f["on"]), self.money(f["price"])
            if on is not None and price is not None:
                out.append(
                    model.ThirdPartyDeal(
                        clause=f["clause"].value, on=on, price=price, span=self.span(node)
                    )
                )
        return out

    def clause(self, node: Node, name: str) -> bool:
        if name in self.m.clauses:
            return True
        self.error(node, f"unknown clause `{name}`", self.suggest(name, list(self.m.clauses)))
        return False

    def period(self, node: Node, text: str) -> Any:
        try:
            return parse_period(text)
        except ValueError:
            self.error(
                node,
                f"`{text}` is not a period",
                "periods are `2026`, `2026-H1`, `2026-Q1` or `2026-03`",
            )
            return None

    def revenue(self, pair: tuple[Node, Node] | None, metric: str = "revenue") -> list[Any]:
        if pair is None or not self.expect_type(pair[1], dict, "an object of streams"):
            return []
        streams = [t.name for t in self.m.streams()]
        out = []
        for stream, (knode, vnode) in pair[1].value.items():
            if stream not in streams:
                self.error(
                    knode, f"unknown revenue stream `{stream}`", self.suggest(stream, streams)
                )
                continue
            if not self.expect_type(vnode, dict, "an object of periods and amounts"):
                continue
            for text, (pnode, anode) in vnode.value.items():
                try:
                    period = parse_period(text)
                except ValueError:
                    self.error(
                        pnode,
                        f"`{text}` is not a period",
                        "periods are `2026`, `2026-H1`, `2026-Q1` or `2026-03`",
                    )
                    continue
                money: Any = self.money(anode) if metric != "volume" else self.quantity(anode)
                if money is None:
                    continue
                kind: Any = model.Figure if metric == "revenue" else model.Series
                out.append(
                    kind(
                        metric=metric,
                        subject=stream,
                        period=str(period),
                        start=period.start,
                        end=period.end,
                        amount=money,
                        span=self.span(anode),
                        name_span=self.span(pnode),
                        spans=MappingProxyType({"subject": self.span(knode)}),
                    )
                )
        return out

    def quantity(self, node: Node) -> Quantity | None:
        if isinstance(node.value, str):
            try:
                amount, _, unit = node.value.strip().partition(" ")
                return Quantity(parse_number(amount), unit.strip())
            except (ValueError, KeyError, ArithmeticError):
                pass
        self.error(
            node, 'expected a quantity like `"1_000 GPUs"`', "write the amount, then the unit"
        )
        return None

    def money(self, node: Node) -> Money | None:
        if isinstance(node.value, str):
            try:
                return parse_money(node.value)
            except ValueError:
                pass
        self.error(
            node, 'expected an amount like `"USD 8B"`', "write the currency, then the amount"
        )
        return None

    def expectations(self, pair: tuple[Node, Node] | None) -> list[model.Expectation]:
        if pair is None or not self.expect_type(pair[1], dict, "an object of dates"):
            return []
        out: list[model.Expectation] = []
        for _when, (knode, vnode) in pair[1].value.items():
            at = self.date(knode)
            if at is None or not self.expect_type(vnode, list, "a list of expectation lines"):
                continue
            for line in vnode.value:
                if not self.expect_type(line, str, "an expectation line"):
                    continue
                item = self.parse_line(line)
                if item is not None:
                    out.append(
                        model.Expectation(
                            at=at,
                            what=item.key,
                            args=item.args,
                            span=item.span,
                            name_span=item.key_span,
                        )
                    )
        return out

    def parse_line(self, node: Node) -> ast.Item | None:
        """Parse one expectation line on its own, then move its spans into the JSON file,
        so a problem in the line points at the line in the JSON (in time linear in the
        line, whatever the size of the file)."""
        from termlang.syntax import parse_source

        text = self.source.text
        raw = text[node.start + 1 : node.end - 1]
        if raw != node.value or "\n" in raw:
            self.error(node, "an expectation line cannot contain escapes or line breaks")
            return None
        parsed, problems = parse_source(SourceFile(self.source.path, raw))
        if problems or parsed is None or len(parsed.items) != 1 or parsed.items[0].block:
            self.error(
                node,
                f"`{node.value}` is not an expectation line",
                "write it like `status softbank_round.second funded`",
            )
            return None
        moved = _relocate(parsed.items[0], self.source, node.start + 1)
        assert isinstance(moved, ast.Item)
        return moved


def _relocate(value: Any, source: SourceFile, offset: int) -> Any:
    """`value` (a tree of attrs nodes, tuples and spans) with every span moved by `offset`
    characters into `source`."""
    if isinstance(value, Span):
        return Span(source, value.start + offset, value.end + offset)
    if isinstance(value, tuple):
        return tuple(_relocate(v, source, offset) for v in value)
    if attrs.has(type(value)):
        changes = {
            f.alias: _relocate(getattr(value, f.name), source, offset)
            for f in attrs.fields(type(value))
            if f.init
        }
        return attrs.evolve(value, **changes)
    return value


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return "a string" if isinstance(value, str) else "a number"


def read_json(path: str) -> tuple[SourceFile, Node]:
    """Read a JSON scenario file the user named (or a walk found) and parse it; raises
    `ScenarioError` with a located diagnostic for an unreadable file or invalid JSON."""
    from termlang.pipeline import read

    source, problems, _io = read(Path(path), path)
    if source is None:
        raise ScenarioError(problems)
    try:
        return source, parse_json(source.text)
    except JsonSyntaxError as exc:
        offset = min(exc.offset, len(source.text))
        raise ScenarioError(
            [
                Diagnostic(
                    code=BAD_SCENARIO_FILE,
                    severity=Severity.ERROR,
                    message=f"invalid JSON: {exc.message}",
                    span=Span(source, offset, offset),
                    help="a JSON scenario is one object; see docs/semantics.md",
                )
            ]
        ) from None


def scenario_of(source: SourceFile, root: Node, m: model.Model) -> model.Scenario:
    """The scenario a parsed JSON file states, for model `m` (raises `ScenarioError`)."""
    fallback = Path(source.path).stem.replace("-", "_").split(".")[0]
    return Reader(source, m).scenario(root, fallback)


def load_scenario(path: str, m: model.Model) -> model.Scenario:
    """Read a JSON scenario for model `m`; raises `ScenarioError` with located diagnostics."""
    source, root = read_json(path)
    return scenario_of(source, root, m)


def agreement_of(source: SourceFile, root: Node) -> tuple[str, Span] | Diagnostic:
    """The agreement a JSON scenario names (`"agreement"`, relative to the JSON file) and
    where it is named, or the diagnostic saying why it names none."""
    where = Span(source, root.start, root.start)
    if isinstance(root.value, dict) and "agreement" in root.value:
        node = root.value["agreement"][1]
        if isinstance(node.value, str) and node.value:
            return str(Path(source.path).parent / node.value), Span(source, node.start, node.end)
        where = Span(source, node.start, node.end)
    return Diagnostic(
        code=BAD_SCENARIO_FILE,
        severity=Severity.ERROR,
        message=f"`{source.path}` does not name its agreement",
        span=where,
        help='add `"agreement": "../file.term"` (relative to the JSON file)',
    )
