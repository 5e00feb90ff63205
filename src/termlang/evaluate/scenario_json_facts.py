"""The scenario facts of issue 12 in a JSON scenario (docs/scenario.schema.json):

    "occurrences": {"model_release": {"gpt_6": {"on": "2026-02-10", "ga": "2026-08-10"},
                                      "gpt_7": "2027-03-01"}},
    "measure":     {"pue": {"2027": 1.18}, "renewable_share": {"2028": "76%"}},
    "delivered":   {"azure_capacity": {"2027": "2.6 GW"}},
    "funded":      {"softbank_round.first": "USD 8.5B"},
    "acts":        [{"act": "deal", "party": "openai", "counterparty": "oracle",
                     "scope": "compute_sourcing", "on": "2026-11-20", "amount": "USD 8B"}]

Values are written as in a .term file (a JSON number is read from its exact text, never as
a float). Mistakes are `TL604` diagnostics located in the JSON file, like the rest of it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from termlang import model
from termlang.values import Percent, Quantity, normalize_unit, parse_number

FACT_KEYS = ("occurrences", "measure", "delivered", "funded", "acts")
ACT_FIELDS = ("act", "party", "counterparty", "scope", "on", "amount", "field", "territory")


def facts_of(reader: Any, members: dict[str, tuple[Any, Any]]) -> dict[str, tuple[Any, ...]]:
    """The `Scenario` fields the fact keys of a JSON scenario give."""
    events = members.get("events")
    if events is not None and isinstance(events[1].value, dict):
        for name, (knode, _) in events[1].value.items():
            decl = reader.m.events.get(name)
            if decl is not None and decl.recurring:
                reader.error(
                    knode,
                    f"`{name}` is recurring: give its occurrences under `occurrences`",
                    f'write `"occurrences": {{"{name}": {{"first": "2026-01-15"}}}}`',
                )
    return {
        "instances": tuple(_instances(reader, members.get("occurrences"))),
        "readings": (
            *_readings(reader, members.get("measure"), "measure"),
            *_readings(reader, members.get("delivered"), "delivered"),
        ),
        "fundings": tuple(_fundings(reader, members.get("funded"))),
        "acts": tuple(_acts(reader, members.get("acts"))),
    }


def _instances(reader: Any, pair: Any) -> list[model.Instance]:
    if pair is None or not reader.expect_type(pair[1], dict, "an object of recurring events"):
        return []
    out: list[model.Instance] = []
    for event, (knode, vnode) in pair[1].value.items():
        decl = reader.m.events.get(event)
        if decl is None:
            reader.error(
                knode, f"unknown event `{event}`", reader.suggest(event, list(reader.m.events))
            )
            continue
        if not decl.recurring:
            reader.error(knode, f"`{event}` is not recurring", "give its date under `events`")
            continue
        if not reader.expect_type(vnode, dict, "an object of occurrences"):
            continue
        for ident, (inode, onode) in vnode.value.items():
            attributes: list[tuple[str, date]] = []
            if isinstance(onode.value, dict):
                fields = {k: v for k, (_, v) in onode.value.items()}
                if "on" not in fields:
                    reader.error(onode, f"the occurrence `{ident}` needs `on`, its date")
                    continue
                on = reader.date(fields.pop("on"))
                for key, node in fields.items():
                    when = reader.date(node)
                    if when is not None:
                        attributes.append((key, when))
            else:
                on = reader.date(onode)
            if on is None:
                continue
            out.append(
                model.Instance(
                    event=event,
                    id=ident,
                    on=on,
                    attributes=tuple(attributes),
                    span=reader.span(onode),
                    name_span=reader.span(inode),
                    spans=MappingProxyType({"event": reader.span(knode)}),
                )
            )
    return out


def _figure(reader: Any, node: Any, kind: str) -> Decimal | Percent | Quantity | None:
    raw = reader.source.text[node.start : node.end]
    text = node.value if isinstance(node.value, str) else raw
    if isinstance(node.value, bool) or not isinstance(node.value, str | int | float):
        text = None
    try:
        if text is not None:
            text = text.strip()
            if text.endswith("%") and kind == "measure":
                return Percent(parse_number(text[:-1].strip()))
            amount, _, unit = text.partition(" ")
            if unit.strip():
                info = normalize_unit(unit.strip())
                if info is not None:
                    return Quantity(parse_number(amount), info.canonical)
            elif kind == "measure":
                return Decimal(parse_number(amount))
    except (ValueError, InvalidOperation, ArithmeticError):
        pass
    want = "a number, a percentage or a quantity" if kind == "measure" else "a quantity"
    reader.error(node, f'expected {want}, like `1.18`, `"76%"` or `"900 MW"`')
    return None


def _readings(reader: Any, pair: Any, kind: str) -> list[model.Reading]:
    what = "an object of metrics" if kind == "measure" else "an object of compute clauses"
    if pair is None or not reader.expect_type(pair[1], dict, what):
        return []
    out: list[model.Reading] = []
    for subject, (knode, vnode) in pair[1].value.items():
        if kind == "delivered" and not reader.clause(knode, subject):
            continue
        if not reader.expect_type(vnode, dict, "an object of periods and figures"):
            continue
        for text, (pnode, fnode) in vnode.value.items():
            period = reader.period(pnode, text)
            value = _figure(reader, fnode, kind)
            if period is None or value is None:
                continue
            out.append(
                model.Reading(
                    kind=kind,
                    subject=subject,
                    period=str(period),
                    start=period.start,
                    end=period.end,
                    value=value,
                    span=reader.span(fnode),
                    name_span=reader.span(knode),
                )
            )
    return out


def _fundings(reader: Any, pair: Any) -> list[model.FundedAmount]:
    tranches = [
        f"{c.name}.{t.name}"
        for c in reader.m.clauses.values()
        if isinstance(c, model.Investment)
        for t in c.tranches
    ]
    out: list[model.FundedAmount] = []
    for tranche, knode, vnode in reader.known_members(
        pair, "an object of tranches", tranches, "tranche"
    ):
        amount = reader.money(vnode)
        if amount is not None:
            out.append(
                model.FundedAmount(
                    tranche=tranche,
                    amount=amount,
                    span=reader.span(vnode),
                    name_span=reader.span(knode),
                )
            )
    return out


def _acts(reader: Any, pair: Any) -> list[model.Act]:
    if pair is None or not reader.expect_type(pair[1], list, "a list of acts"):
        return []
    out: list[model.Act] = []
    names = {
        "party": list(reader.m.parties),
        "counterparty": [*reader.m.parties, *reader.m.entities],
        "scope": [t.name for t in reader.m.scopes()],
    }
    scopes = names["scope"]
    for node in pair[1].value:
        if not reader.expect_type(node, dict, "an object"):
            continue
        fields = {k: v for k, (_, v) in node.value.items()}
        for key, (knode, _) in node.value.items():
            if key not in ACT_FIELDS:
                reader.error(knode, f"unknown key `{key}`", reader.suggest(key, list(ACT_FIELDS)))
        missing = [k for k in ACT_FIELDS[:5] if k not in fields]
        if missing:
            reader.error(
                node, f"missing `{missing[0]}`", "give act, party, counterparty, scope, on"
            )
            continue
        verb = fields["act"].value
        if verb not in ("deal", "grant"):
            reader.error(fields["act"], "an act is `deal` or `grant`")
            continue
        ok = True
        known_scope = [*scopes, *(t.name for t in reader.m.assets())] if verb == "grant" else scopes
        for key, known in {**names, "scope": known_scope}.items():
            value = fields[key].value
            if not isinstance(value, str) or value not in known:
                reader.error(
                    fields[key], f"unknown {key} `{value}`", reader.suggest(str(value), known)
                )
                ok = False
        covers: dict[str, tuple[str, ...]] = {}
        for key in ("field", "territory"):  # a grant's scopes (evaluate/grants.py)
            if key not in fields:
                continue
            value = fields[key].value
            listed = [value] if isinstance(value, str) else value
            items = [getattr(v, "value", v) for v in listed] if isinstance(listed, list) else []
            if verb != "grant" or not items or not all(i in scopes for i in items):
                bad = next((i for i in items if i not in scopes), value)
                reader.error(
                    fields[key],
                    f"`{key}` takes the scopes of a grant, found `{bad}`",
                    reader.suggest(str(bad), scopes),
                )
                ok = False
            else:
                covers[key] = tuple(str(i) for i in items)
        on = reader.date(fields["on"])
        amount = reader.money(fields["amount"]) if "amount" in fields else None
        if not ok or on is None or ("amount" in fields and amount is None):
            continue
        out.append(
            model.Act(
                verb=verb,
                party=fields["party"].value,
                counterparty=fields["counterparty"].value,
                scope=fields["scope"].value,
                on=on,
                amount=amount,
                fields=covers.get("field", ()),
                territories=covers.get("territory", ()),
                span=reader.span(node),
                name_span=reader.span(fields["party"]),
            )
        )
    return out
