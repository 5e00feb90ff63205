"""Why a change happened, as data: a `Reason` is a kind and typed arguments.

The interpreter never writes prose for people. It records, for each change, a `Reason` whose
`kind` names one entry of `KINDS` and whose arguments are typed values: dates, `Money`,
`Quantity`, `Duration`, `Percent`, clause, party and event names, conditions (`ast.Expr`),
and nested reasons (the cause of a cause). Each locale words a reason from its kind's
template (render/reasons.py); nothing downstream parses text back.

A kind is one entry, in one place (`_kind(...)` below): its arguments and their types, the
plain text that JSON output and `expect` notes have always shown (ISO dates, names in
backticks, amounts as `.term` writes them), and its wording in English and in French.
docs/templates.md lists every kind (tests/test_reasons.py keeps the two in step).

Templates: `{arg}` is an argument, formatted by its type for the locale; `[ ... ]` is an
optional part, dropped when an argument inside it is None; `{its}` (English), `{sa}` and
`{son}` (French) agree with the number of subjects a summary groups under one reason
("its window starts" / "their window starts", "sa période" / "leur période").

Compatibility: a reason given as a plain string becomes the kind `text` (see `as_reason`);
English shows it as it is, and the French no-English test flags it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from attrs import field, frozen

from termlang import ast

# Argument types: how a value of the type is written (see `plain_value` and render/reasons.py).
DATE = "date"  # datetime.date
EVENT = "event"  # an event's name
EVENTS = "events"  # a tuple of event names, worded as having occurred ("`a` and `b`")
NAMES = "names"  # a tuple of names of streams or other terms (plain output only)
CLAUSE = "clause"  # a clause's name, or `clause.part` (tranche, carve-out, tier)
PARTY = "party"  # a party's or entity's name (or `everyone`)
MONEY = "money"  # values.Money
QUANTITY = "quantity"  # values.Quantity
AMOUNT = "amount"  # Money or Quantity
DURATION = "duration"  # values.Duration
PER = "per"  # values.Duration read as a rate's period ("per day", "per 2 weeks")
PERCENT = "percent"  # values.Percent
MULTIPLE = "multiple"  # values.Multiple (`2x`)
PERCENTS = "percents"  # a tuple of Percent ("20% then 10%")
PERIOD = "period"  # a period's canonical text (`2026-Q1`)
COND = "cond"  # ast.Expr: a condition, worded by the locale, never printed as code
CODE = "code"  # a date expression as written: plain output; words only name `effective`...
STATUS = "status"  # a status word (evaluate/status.py)
WORD = "word"  # a key of the kind's own `words` table
REASON = "reason"  # a nested Reason (the cause)
REASONS = "reasons"  # a tuple of Reasons, listed
TEXT = "text"  # plain text (the `text` kind only)

TYPES = (
    DATE,
    EVENT,
    EVENTS,
    NAMES,
    CLAUSE,
    PARTY,
    MONEY,
    QUANTITY,
    AMOUNT,
    DURATION,
    PER,
    PERCENT,
    MULTIPLE,
    PERCENTS,
    PERIOD,
    COND,
    CODE,
    STATUS,
    WORD,
    REASON,
    REASONS,
    TEXT,
)


@frozen
class Kind:
    """One kind of reason: its arguments (name -> type) and its three wordings."""

    name: str
    args: Mapping[str, str]
    plain: str
    en: str
    fr: str
    # WORD arguments: key -> (plain, en, fr)
    words: Mapping[str, Mapping[str, tuple[str, str, str]]] = field(factory=dict)
    doc: str = ""


KINDS: dict[str, Kind] = {}


def _kind(
    name: str,
    args: dict[str, str],
    plain: str,
    en: str,
    fr: str,
    *,
    words: dict[str, dict[str, tuple[str, str, str]]] | None = None,
    doc: str = "",
) -> None:
    assert name not in KINDS, name
    assert all(t in TYPES for t in args.values()), name
    KINDS[name] = Kind(name, dict(args), plain, en, fr, dict(words or {}), doc)


@frozen
class Reason:
    """Why a change happened: `kind` (a key of `KINDS`) and its arguments, in order."""

    kind: str
    args: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, kind: str, **args: Any) -> Reason:
        """A reason of `kind`; every argument the kind declares must be given (None allowed)."""
        spec = KINDS[kind]
        missing = set(spec.args) - set(args)
        extra = set(args) - set(spec.args)
        if missing or extra:
            raise TypeError(f"reason {kind}: missing {sorted(missing)}, unexpected {sorted(extra)}")

        def typed(name: str) -> Any:
            value = args[name]
            if spec.args[name] == REASON and isinstance(value, str):
                return Reason.text(value)  # a cause from code that still writes strings
            return value

        return cls(kind, tuple((name, typed(name)) for name in spec.args))

    @classmethod
    def text(cls, text: str) -> Reason:
        """A reason written as a plain English string (the compatibility path)."""
        return cls("text", (("text", text),))

    def __getitem__(self, name: str) -> Any:
        for key, value in self.args:
            if key == name:
                return value
        raise KeyError(name)

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default

    def __contains__(self, text: object) -> bool:
        """`"window ends" in reason`: a search of the plain text (for older tests and tools)."""
        return isinstance(text, str) and text in str(self)

    def __str__(self) -> str:
        return fill(KINDS[self.kind].plain, lambda name: plain_arg(self, name))

    def to_json(self) -> dict[str, Any]:
        """The kind and its arguments, as JSON values (dates ISO, amounts as `.term` writes)."""
        return {"kind": self.kind, "args": {k: _json(v) for k, v in self.args}}


# What engine code may pass as a reason: a `Reason`, or (older code) a plain English string.
Why = Reason | str


def as_reason(value: Reason | str) -> Reason:
    """A `Reason`; a plain string becomes the kind `text` (older code and other branches)."""
    return value if isinstance(value, Reason) else Reason.text(value)


def _json(value: Any) -> Any:
    if isinstance(value, Reason):
        return value.to_json()
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, ast.Expr):
        return _cond_text(value)
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def _cond_text(expr: Any) -> str:
    from termlang.evaluate.conditions import text_of

    return text_of(expr)


# -- templates ------------------------------------------------------------------------------

_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
FIELD = re.compile(r"\{(\w+)\}")
PSEUDO = ("its", "sa", "son")


def fill(template: str, value_of: Callable[[str], str | None]) -> str:
    """`template` with each `{arg}` replaced; a `[...]` part whose argument is None dropped."""

    def optional(match: re.Match[str]) -> str:
        inner = match.group(1)
        if any(value_of(name) is None for name in FIELD.findall(inner)):
            return ""
        return inner

    template = _OPTIONAL.sub(optional, template)
    return FIELD.sub(lambda m: value_of(m.group(1)) or "", template)


def plain_arg(reason: Reason, name: str) -> str | None:
    """One argument as the plain text shows it (None when the argument is None)."""
    if name in PSEUDO:
        return "its"
    spec = KINDS[reason.kind]
    value = reason.get(name)
    if value is None:
        return None
    kind = spec.args[name]
    if kind == WORD:
        return spec.words[name][value][0]
    return plain_value(kind, value)


def plain_value(kind: str, value: Any) -> str:
    """A typed value as plain text: ISO dates, names in backticks, `.term` amounts."""
    if kind in (EVENT, CLAUSE, PARTY):
        return f"`{value}`"
    if kind == EVENTS:
        return " and ".join(f"`{e}`" for e in value)
    if kind == NAMES:
        return ", ".join(f"`{e}`" for e in value)
    if kind == PER:
        text = str(value)
        return text[2:] if value.amount == 1 else text
    if kind == DATE:
        return str(value.isoformat())
    if kind == COND:
        return f"`{_cond_text(value)}`"
    if kind == PERCENTS:
        return " then ".join(str(p) for p in value)
    if kind == REASONS:
        return ", ".join(str(r) for r in value)
    return str(value)


# -- the kinds ------------------------------------------------------------------------------

_kind("text", {"text": TEXT}, "{text}", "{text}", "{text}", doc="a reason written as text")

# conditions and events (engine.why)
_kind(
    "happened",
    {"events": EVENTS, "on": DATE},
    "{events} happened on {on}",
    "on {on}, {events}",
    "{events} le {on}",
    doc="the events of a condition occurred on that day",
)
_kind(
    "happened_so",
    {"events": EVENTS, "on": DATE, "cond": COND, "holds": WORD},
    "{events} happened on {on}, so {cond} {holds}",
    "on {on}, {events}, {holds} {cond}",
    "{events} le {on}, de sorte que la condition suivante {holds} : {cond}",
    words={
        "holds": {
            "yes": ("holds", "which meets the condition that", "est remplie"),
            "no": (
                "no longer holds",
                "after which it is no longer the case that",
                "n'est plus remplie",
            ),
        }
    },
    doc="events occurred, and so a condition became true (or false)",
)
_kind(
    "holds",
    {"cond": COND, "on": DATE},
    "{cond} holds from {on}",
    "from {on}, {cond}",
    "à compter du {on}, {cond}",
    doc="a condition with no event in it became true (the locale words the condition)",
)
_kind(
    "no_longer_holds",
    {"cond": COND, "on": DATE},
    "{cond} no longer holds from {on}",
    "from {on}, it is no longer the case that {cond}",
    "à compter du {on}, la condition suivante n'est plus remplie : {cond}",
    doc="a condition with no event in it stopped holding",
)

# the agreement
_kind(
    "effective",
    {"on": DATE},
    "the agreement takes effect on {on}",
    "the agreement takes effect on {on}",
    "l'accord prend effet le {on}",
)
_kind(
    "long_stop",
    {"on": DATE, "event": EVENT},
    "the long-stop date {on} passed without {event}",
    "the long-stop date of {on} passed before {event}",
    "la date butoir du {on} est passée sans que survienne {event}",
    doc="the long-stop date passed before signing",
)

# windows, dates, deadlines
_kind(
    "window_starts",
    {"on": DATE, "written": CODE},
    "{its} window starts on {on}[ (`{written}`)]",
    "{its} term begins on {on}[ ({written})]",
    "{sa} période commence le {on}[ ({written})]",
)
_kind(
    "window_ends",
    {"on": DATE, "written": CODE},
    "{its} window ends on {on}[ (`{written}`)]",
    "{its} term ends on {on}[ ({written})]",
    "{sa} période prend fin le {on}[ ({written})]",
)
_kind(
    "window_lapsed",
    {"on": DATE, "written": CODE, "cond": COND},
    "{its} window ended on {on}[ (`{written}`)] before {cond} held",
    "{its} term ended on {on} before {cond}",
    "{sa} période a pris fin le {on} sans que la condition suivante soit remplie : {cond}",
)
_kind(
    "carve_window_starts",
    {"clause": CLAUSE, "on": DATE, "written": CODE},
    "the window of {clause} starts on {on}[ (`{written}`)]",
    "the term of {clause} begins on {on}",
    "la période de {clause} commence le {on}",
)
_kind(
    "carve_window_ends",
    {"clause": CLAUSE, "on": DATE, "written": CODE},
    "the window of {clause} ends on {on}[ (`{written}`)]",
    "the term of {clause} ends on {on}",
    "la période de {clause} prend fin le {on}",
)
_kind(
    "window_last_day",
    {"on": DATE, "written": CODE},
    "{its} window's last day was {on}[ (`{written}`)]",
    "{its} term ended on {on}, that day included[ ({written})]",
    "{sa} période a pris fin le {on} inclus[ ({written})]",
)
_kind(
    "window_ended_at",
    {"on": DATE, "written": CODE},
    "{its} window ended on {on}[ (`{written}`)]",
    "{its} term ended on {on}",
    "{sa} période a pris fin le {on}",
)
_kind(
    "carve_window_last_day",
    {"clause": CLAUSE, "on": DATE, "written": CODE},
    "the last day of the window of {clause} was {on}[ (`{written}`)]",
    "the term of {clause} ended on {on}, that day included",
    "la période de {clause} a pris fin le {on} inclus",
)
_kind(
    "carve_window_ended_at",
    {"clause": CLAUSE, "on": DATE, "written": CODE},
    "the window of {clause} ended on {on}[ (`{written}`)]",
    "the term of {clause} ended on {on}",
    "la période de {clause} a pris fin le {on}",
)
_kind(
    "before_cond",
    {"cause": REASON, "cond": COND},
    "{cause} before {cond} held",
    "{cause}, before {cond}",
    "{cause}, sans que la condition suivante soit remplie : {cond}",
)
_kind(
    "may_exercise",
    {"clause": CLAUSE, "on": DATE},
    "{clause} may be exercised no later than {on}",
    "{clause} may be exercised no later than {on}",
    "{clause} peut être exercée au plus tard le {on}",
)
_kind(
    "applies_until",
    {"clause": CLAUSE, "on": DATE},
    "{clause} applies until {on}, excluded",
    "{clause} applies until the day before {on}",
    "{clause} s'applique jusqu'à la veille du {on}",
)
_kind(
    "deadline_unexercised",
    {"on": DATE},
    "{its} deadline {on} passed unexercised",
    "{its} deadline of {on} passed without its being exercised",
    "{son} échéance du {on} est passée sans exercice",
)
# an option's waiver and the consequences of its exercise (evaluate/options.py)
_kind(
    "option_waived",
    {"on": DATE},
    "waived by {its} holder on {on}",
    "{its} holder waived it on {on}",
    "{son} titulaire y a renoncé le {on}",
)
_kind(
    "option_exercised",
    {"clause": CLAUSE, "cause": REASON},
    "on the exercise of {clause}: {cause}",
    "on the exercise of the option {clause}: {cause}",
    "par l'exercice de l'option {clause} : {cause}",
)
_kind(
    "option_renewed",
    {"clause": CLAUSE, "by": DURATION, "until": DATE},
    "extended by {by}, until {until}: {clause} was exercised in time",
    "extended by {by}, until {until}, the option {clause} having been exercised in time",
    "prorogée de {by}, jusqu'au {until}, l'option {clause} ayant été exercée dans le délai",
)
_kind(
    "applied_until",
    {"on": DATE},
    "it applied until {on}, excluded, without a breach",
    "it applied until the day before {on} without a breach",
    "elle s'est appliquée jusqu'à la veille du {on} sans manquement",
)
_kind(
    "renewed",
    {"for": DURATION, "until": DATE},
    "renewed for {for}, until {until}: no notice of non-renewal in time",
    "renewed for {for}, until {until}: no notice of non-renewal was given in time",
    "renouvelée pour {for}, jusqu'au {until} : aucun préavis de non-renouvellement n'a été "
    "donné à temps",
)
_kind(
    "notice_by",
    {"by": DATE, "notice": DURATION, "last": DATE},
    "notice of non-renewal must be given no later than {by}, {notice} before the term ends on "
    "{last}",
    "notice of non-renewal must be given no later than {by}, {notice} before the term ends on "
    "{last}",
    "le préavis de non-renouvellement doit être donné au plus tard le {by}, {notice} avant la "
    "fin de la période le {last}",
)
_kind(
    "stops_accruing",
    {"clause": CLAUSE, "status": STATUS, "on": DATE, "accrued": MONEY},
    "{clause} is {status} on {on}: the penalty stops accruing at {accrued}",
    "{clause} is {status} on {on}: the penalty stops accruing at {accrued}",
    "{clause} prend fin ({status}) le {on} : la pénalité cesse de courir à {accrued}",
)
_kind(
    "convenience",
    {"on": DATE, "notice": DURATION},
    "termination for convenience: notice on {on}, {notice} before",
    "termination for convenience: notice given on {on}, {notice} before",
    "résiliation pour convenance : préavis donné le {on}, {notice} à l'avance",
)
_kind(
    "term_noticed",
    {"last": DATE, "notice_on": DATE},
    "{its} term ended on {last}: notice of non-renewal was given on {notice_on}",
    "{its} term ended on {last}: notice of non-renewal was given on {notice_on}",
    "{sa} durée a pris fin le {last} : un préavis de non-renouvellement a été donné le {notice_on}",
)
_kind(
    "term_over",
    {"last": DATE},
    "{its} term ended on {last}",
    "{its} term ended on {last}",
    "{sa} durée a pris fin le {last}",
)
_kind(
    "renewals_over",
    {"last": DATE, "count": TEXT},
    "{its} last renewal ended on {last} ({count} renewals at most)",
    "{its} last renewal ended on {last} ({count} renewals at most)",
    "{son} dernier renouvellement a pris fin le {last} ({count} renouvellements au plus)",
)
_kind(
    "dated",
    {"on": DATE, "written": CODE},
    "{its} date is {on}[ (`{written}`)]",
    "{its} date, {on}, is reached",
    "{sa} date, le {on}, est atteinte",
)
_kind(
    "date_reached",
    {"on": DATE, "written": CODE},
    "{its} date {on}[ (`{written}`)] is reached",
    "{its} date, {on}, is reached",
    "{sa} date, le {on}, est atteinte",
)
_kind(
    "deadline_passed",
    {"on": DATE, "written": CODE, "cond": COND},
    "{its} deadline {on}[ (`{written}`)] passed without {cond}",
    "{its} deadline of {on} passed before {cond}",
    "{son} échéance du {on} est passée sans que la condition suivante soit remplie : {cond}",
)
_kind(
    "deadline_unfunded",
    {"on": DATE, "written": CODE},
    "{its} deadline {on}[ (`{written}`)] passed without funding",
    "{its} deadline of {on} passed without funding",
    "{son} échéance du {on} est passée sans versement",
)
_kind(
    "deadline_missed",
    {"on": DATE, "event": EVENT},
    "{its} deadline {on} passed without {event}",
    "{its} deadline of {on} passed before {event}",
    "{son} échéance du {on} est passée sans que survienne {event}",
)
_kind(
    "deadline_unobserved",
    {"on": DATE},
    "{its} deadline {on} passed (no event records performance)",
    "{its} deadline of {on} passed (no event records performance)",
    "{son} échéance du {on} est passée (aucun événement ne constate l'exécution)",
)
_kind(
    "term_ended",
    {"on": DATE},
    "{its} term ended on {on} without a breach",
    "{its} term ended on {on} without a breach",
    "{sa} durée a pris fin le {on} sans manquement",
)
_kind(
    "must_perform",
    {"clause": CLAUSE, "on": DATE},
    "{clause} must be performed by {on}",
    "{clause} must be performed by {on}",
    "{clause} doit être exécutée au plus tard le {on}",
)

# causes passed on from one clause to another
_kind(
    "clause_starts",
    {"clause": CLAUSE, "cause": REASON},
    "{clause} starts: {cause}",
    "{clause} comes into force: {cause}",
    "{clause} entre en vigueur : {cause}",
)
_kind(
    "clause_ends",
    {"clause": CLAUSE, "cause": REASON},
    "{clause} ends: {cause}",
    "{clause} ceases to apply: {cause}",
    "{clause} cesse de s'appliquer : {cause}",
)
_kind(
    "clause_ended",
    {"clause": CLAUSE, "status": STATUS, "cause": REASON},
    "{clause} {status}: {cause}",
    "{clause} is {status}: {cause}",
    "{clause} prend fin ({status}) : {cause}",
    doc="an investment ended (lapsed, terminated...), so its pending tranches lapse",
)
_kind(
    "breached_by",
    {"clause": CLAUSE, "cause": REASON},
    "{clause} is breached: {cause}",
    "{clause} is breached: {cause}",
    "manquement à {clause} : {cause}",
)
_kind(
    "terminated_by",
    {"clause": CLAUSE, "cause": REASON},
    "terminated by {clause}: {cause}",
    "terminated under {clause}: {cause}",
    "résiliation en application de {clause} : {cause}",
)
_kind(
    "agreement_terminated",
    {"cause": REASON},
    "the agreement is terminated: {cause}",
    "the agreement is terminated: {cause}",
    "l'accord est résilié : {cause}",
)
_kind(
    "under",
    {"clause": CLAUSE, "cause": REASON},
    "{clause}: {cause}",
    "under {clause}: {cause}",
    "en application de {clause} : {cause}",
)

# access, splits, capacity
_kind(
    "tier_access",
    {"grantee": PARTY, "after": DURATION, "first": PARTY, "clause": CLAUSE},
    "{grantee} gets access {after} after {first} ({clause})",
    "{grantee} gets access {after} after {first} ({clause})",
    "{grantee} obtient l'accès {after} après {first} ({clause})",
)
_kind(
    "lead_time",
    {"after": DURATION, "first": PARTY, "clause": CLAUSE},
    "general availability comes {after} after {first}'s access ({clause} lead time)",
    "general availability follows {after} after access by {first} ({clause})",
    "la mise à disposition générale intervient {after} après l'accès de {first} ({clause})",
)
_kind(
    "split_changes",
    {"clause": CLAUSE, "on": DATE, "written": CODE},
    "{clause} changes from {on}[ (`{written}`)]",
    "{clause} provides for a change from {on}",
    "{clause} prévoit un changement à compter du {on}",
)
_kind(
    "capacity_steps",
    {"clause": CLAUSE, "on": DATE, "written": CODE},
    "{clause} steps up from {on}[ (`{written}`)]",
    "{clause} provides for a step from {on}",
    "{clause} prévoit un palier à compter du {on}",
)

# investments and revenue shares
_kind(
    "tranche_funded",
    {"tranche": CLAUSE, "amount": MONEY},
    "tranche {tranche} of {amount} is funded",
    "{tranche} of {amount} is paid",
    "versement de {tranche}, d'un montant de {amount}",
)
_kind(
    "tranche_funded_otherwise",
    {"tranche": CLAUSE, "amount": MONEY, "term": MONEY},
    "tranche {tranche} of {amount} (the term says {term}) is funded",
    "{tranche} of {amount} is paid (the term says {term})",
    "versement de {tranche}, d'un montant de {amount} (le contrat prévoit {term})",
)
_kind(
    "payment_due",
    {
        "due": MONEY,
        "period": PERIOD,
        "rates": PERCENTS,
        "revenue": MONEY,
        "streams": NAMES,
        "cap": MONEY,
    },
    "{due} due for {period}: {rates} of {revenue} of {streams} revenue[, limited by the cap of "
    "{cap}]",
    "{due} due for {period}: {rates} of {revenue} of revenue[, limited by the cap of {cap}]",
    "{due} dus au titre de la période {period} : {rates} de {revenue} de revenus[, dans la "
    "limite du plafond de {cap}]",
    doc="`streams` holds stream names (shown in plain text only)",
)
_kind(
    "payment_cap",
    {"period": PERIOD, "cap": MONEY},
    "the payment for {period} reaches the cap of {cap}",
    "the payment for {period} reaches the cap of {cap}",
    "le paiement au titre de la période {period} atteint le plafond de {cap}",
)
_kind(
    "cap_reached",
    {"cap": MONEY, "period": PERIOD},
    "{its} cap of {cap} is reached ({period})",
    "{its} cap of {cap} is reached ({period})",
    "{son} plafond de {cap} est atteint ({period})",
)

# survival
_kind(
    "survives",
    {"clause": CLAUSE, "for": DURATION, "until": DATE, "status": STATUS, "cause": REASON},
    "{clause} survives (for {for}, until {until}) although it would be {status}: {cause}",
    "{clause} survives[ for {for}, until {until}], although it would otherwise be {status}: "
    "{cause}",
    "{clause} survit[ pendant {for}, jusqu'au {until}], alors qu'elle serait sinon {status} : "
    "{cause}",
    doc="`for` and `until` are None when the clause survives without limit",
)
_kind(
    "survives_without_limit",
    {"clause": CLAUSE, "status": STATUS, "cause": REASON},
    "{clause} survives (without limit) although it would be {status}: {cause}",
    "{clause} survives without limit, although it would otherwise be {status}: {cause}",
    "{clause} survit sans limite, alors qu'elle serait sinon {status} : {cause}",
)
_kind(
    "survival_ended",
    {"for": DURATION, "on": DATE},
    "{its} survival period of {for} ended on {on}",
    "{its} survival period of {for} ended on {on}",
    "{sa} période de survie de {for} a pris fin le {on}",
)

# first refusal and first offer
_kind(
    "offer_made",
    {"seller": PARTY, "holder": PARTY, "price": MONEY, "deadline": DATE},
    "{seller} offers the deal to {holder} at {price}; the response window ends on {deadline}",
    "{seller} offers the deal to {holder} at {price}; the time to respond ends on {deadline}",
    "{seller} propose l'opération à {holder} au prix de {price} ; le délai de réponse expire "
    "le {deadline}",
)
_kind(
    "offer_unanswered",
    {"deadline": DATE, "counts": WORD, "late": WORD},
    "the response window ended on {deadline} without an answer; silence counts as {counts}{late}",
    "the time to respond ended on {deadline} without an answer; silence counts as {counts}{late}",
    "le délai de réponse a expiré le {deadline} sans réponse ; le silence vaut {counts}{late}",
    words={
        "counts": {
            "decline": ("a decline", "a decline", "refus"),
            "accept": ("an acceptance", "an acceptance", "acceptation"),
        },
        "late": {
            "yes": (
                " (the late answer is ignored)",
                " (the late answer is disregarded)",
                " (la réponse tardive est sans effet)",
            ),
            "no": ("", "", ""),
        },
    },
)
_kind(
    "offer_answered",
    {"holder": PARTY, "answer": WORD, "price": MONEY, "on": DATE},
    "{holder} {answer} the offer of {price} on {on}",
    "{holder} {answer} the offer of {price} on {on}",
    "{holder} a {answer} l'offre de {price} le {on}",
    words={
        "answer": {
            "accepted": ("accepted", "accepted", "accepté"),
            "declined": ("declined", "declined", "refusé"),
        }
    },
)
_kind(
    "deal_judged",
    {"price": MONEY, "on": DATE, "clause": CLAUSE, "cause": REASON},
    "a third-party deal at {price} on {on} is permitted: {cause}",
    "a third-party deal at {price} on {on} is permitted: {cause}",
    "une opération avec un tiers au prix de {price} le {on} est permise : {cause}",
)
_kind(
    "deal_breach",
    {"price": MONEY, "on": DATE, "clause": CLAUSE, "cause": REASON},
    "a third-party deal at {price} on {on} is a breach of {clause}: {cause}",
    "a third-party deal at {price} on {on} breaches {clause}: {cause}",
    "une opération avec un tiers au prix de {price} le {on} méconnaît {clause} : {cause}",
)
_kind(
    "deal_why",
    {"why": WORD},
    "{why}",
    "{why}",
    "{why}",
    words={
        "why": {
            "no_offer": (
                "no offer was made to the holder first",
                "no offer was first made to the holder",
                "aucune offre n'a été préalablement faite au bénéficiaire",
            ),
            "window_open": (
                "the holder's response window was still open",
                "the holder's time to respond had not yet expired",
                "le délai de réponse du bénéficiaire n'était pas expiré",
            ),
            "accepted": (
                "the holder accepted the offer",
                "the holder accepted the offer",
                "le bénéficiaire a accepté l'offre",
            ),
            "accepted_by_silence": (
                "the holder accepted the offer by silence",
                "the holder's silence counts as acceptance of the offer",
                "le silence du bénéficiaire vaut acceptation de l'offre",
            ),
            "declined_no_better": (
                "declined by the holder, on terms no better",
                "declined by the holder, and on terms no more favourable",
                "refusée par le bénéficiaire, à des conditions qui ne sont pas plus favorables",
            ),
        }
    },
)
_kind(
    "deal_better",
    {"price": MONEY, "offered": MONEY},
    "on better terms ({price}) than offered ({offered})",
    "on more favourable terms ({price}) than those offered ({offered})",
    "à des conditions plus favorables ({price}) que celles offertes ({offered})",
)
_kind(
    "deal_too_late",
    {"within": DURATION},
    "more than {within} after the holder declined",
    "more than {within} after the holder declined",
    "plus de {within} après le refus du bénéficiaire",
)
_kind(
    "deal_currency",
    {"currency": TEXT, "offered": TEXT},
    "its price is in {currency} while the offer was in {offered}, so it cannot be shown to be "
    "on terms no better",
    "its price is in {currency} while the offer was in {offered}, so it cannot be shown to be "
    "on terms no more favourable",
    "son prix est libellé en {currency} alors que l'offre l'était en {offered} : il ne peut "
    "être établi que les conditions ne sont pas plus favorables",
)
_kind(
    "not_in_force",
    {"clause": CLAUSE, "status": STATUS},
    "{clause} is not in force ({status})",
    "{clause} is not in force ({status})",
    "{clause} n'est pas en vigueur ({status})",
)

# waterfalls
_kind(
    "tier_payment",
    {"amount": MONEY, "to": PARTY, "tier": CLAUSE},
    "{amount} to {to} ({tier})",
    "{amount} to {to} ({tier})",
    "{amount} à {to} ({tier})",
)
_kind(
    "distributed",
    {"amount": MONEY, "period": PERIOD, "payments": REASONS, "keeper": PARTY, "kept": MONEY},
    "{amount} distributed for {period}: {payments}; {keeper} keeps {kept}",
    "{amount} distributed for {period}: {payments}; {keeper} keeps {kept}",
    "{amount} distribués au titre de la période {period} : {payments} ; {keeper} conserve {kept}",
    doc="`payments` lists `tier_payment` reasons (empty: no tier pays)",
)
_kind(
    "tier_target",
    {"to": PARTY, "target": MONEY, "period": PERIOD, "tier": CLAUSE},
    "{to} has received {target} in all with the distribution for {period}, the target of {tier}",
    "{to} has received {target} in all with the distribution for {period}, the target of {tier}",
    "{to} a reçu {target} au total avec la distribution de la période {period}, soit "
    "l'objectif fixé pour {tier}",
)
_kind(
    "no_tier_pays",
    {},
    "no tier pays",
    "no tier is paid",
    "aucun palier n'est servi",
)
_kind(
    "tiers_done",
    {"period": PERIOD, "keeper": PARTY},
    "every tier has reached its target ({period}); the rest stays with {keeper}",
    "every tier has reached its target ({period}); the rest stays with {keeper}",
    "tous les paliers ont atteint leur objectif ({period}) ; le solde revient à {keeper}",
)

# penalties
# how a penalty counts a period: (plain, English, French)
_PENALTY_BASIS = {
    "pro_rata": ("pro rata", "pro rata", "au prorata"),
    "started_period": ("started period", "per period begun", "toute période commencée étant due"),
}
_kind(
    "late_obligation",
    {
        "clause": CLAUSE,
        "due": DATE,
        "rate": MONEY,
        "per": PER,
        "basis": WORD,
        "cap": MONEY,
        "payer": PARTY,
        "payee": PARTY,
    },
    "{clause} is late (due by {due}): {rate} per {per} accrues ({basis})"
    "[, paid by {payer}][ to {payee}][, up to {cap}]",
    "{clause} is late (due by {due}): {rate} per {per} accrues ({basis})"
    "[, paid by {payer}][ to {payee}][, up to {cap}]",
    "retard dans l'exécution de {clause} (échéance du {due}) : {rate} par {per} ({basis})"
    "[, à la charge de {payer}][ au profit de {payee}][, dans la limite de {cap}]",
    words={"basis": _PENALTY_BASIS},
    doc="`per` is the penalty's period (`1 day` is worded `day`)",
)
_kind(
    "late_payment",
    {
        "amount": MONEY,
        "clause": CLAUSE,
        "period": PERIOD,
        "due": DATE,
        "rate": MONEY,
        "per": PER,
        "basis": WORD,
        "cap": MONEY,
        "payer": PARTY,
        "payee": PARTY,
    },
    "the payment of {amount} under {clause}[ for {period}] is late (due by {due}): {rate} per "
    "{per} accrues ({basis})[, paid by {payer}][ to {payee}][, up to {cap}]",
    "the payment of {amount} under {clause}[ for {period}] is late (due by {due}): {rate} per "
    "{per} accrues ({basis})[, paid by {payer}][ to {payee}][, up to {cap}]",
    "retard du paiement de {amount} au titre de {clause}[ pour la période {period}] (échéance du "
    "{due}) : {rate} par {per} ({basis})[, à la charge de {payer}][ au profit de {payee}]"
    "[, dans la limite de {cap}]",
    words={"basis": _PENALTY_BASIS},
)
_kind(
    "force_majeure_starts",
    {"on": DATE},
    "suspended by force majeure from {on}",
    "suspended by force majeure from {on}",
    "suspendue pour force majeure à compter du {on}",
)
_kind(
    "force_majeure_ends",
    {"on": DATE},
    "force majeure ends on {on}: the penalty accrues again",
    "force majeure ends on {on}: the penalty accrues again",
    "la force majeure prend fin le {on} : la pénalité court de nouveau",
)
_kind(
    "performed",
    {"on": DATE, "accrued": MONEY},
    "performed on {on}: the penalty stops accruing at {accrued}",
    "performed on {on}: the penalty stops accruing at {accrued}",
    "exécution le {on} : la pénalité cesse de courir à {accrued}",
)
_kind(
    "penalty_cap",
    {"what": TEXT, "cap": MONEY},
    "the penalty for `{what}` reaches its cap of {cap}",
    "the penalty reaches its cap of {cap}",
    "la pénalité atteint son plafond de {cap}",
)
_kind(
    "terminate_right",
    {"what": TEXT, "after": DURATION},
    "`{what}` is late beyond {after}: the other party may terminate",
    "the delay exceeds {after}: the other party may terminate",
    "le retard excède {after} : l'autre partie peut résilier",
)

# loans and convertibles
_kind(
    "drawn",
    {
        "principal": MONEY,
        "on": DATE,
        "rate": PERCENT,
        "compounding": TEXT,
        "day_count": WORD,
    },
    "{principal} is drawn on {on}: interest at {rate} ({compounding}, {day_count}) runs from then",
    "{principal} is drawn on {on}: interest at {rate} ({day_count}) runs from then",
    "{principal} tirés le {on} : les intérêts au taux de {rate} ({day_count}) courent à "
    "compter de cette date",
    words={
        "day_count": {
            "actual_365": ("actual_365", "actual/365", "exact/365"),
            "actual_360": ("actual_360", "actual/360", "exact/360"),
            "thirty_360": ("thirty_360", "30/360", "30/360"),
            "actual_actual": ("actual_actual", "actual/actual", "exact/exact"),
        }
    },
    doc="`compounding` is `simple` or `compounded per <unit>` (plain text only)",
)
_kind(
    "matures",
    {"on": DATE, "principal": MONEY, "interest": MONEY},
    "it matures on {on}: principal {principal} and interest {interest} are repaid",
    "it matures on {on}: principal of {principal} and interest of {interest} are repaid",
    "échéance le {on} : remboursement du principal de {principal} et des intérêts de {interest}",
)
_kind(
    "repaid_at_maturity",
    {"total": MONEY},
    "repaid at maturity ({total})",
    "repaid at maturity ({total})",
    "remboursé à l'échéance ({total})",
)
_kind(
    "converts",
    {
        "event": EVENT,
        "on": DATE,
        "converted": MONEY,
        "interest": MONEY,
        "price": TEXT,
        "price_money": MONEY,
        "basis": WORD,
        "cash": MONEY,
        "missing": TEXT,
    },
    "{event} happened on {on}: {converted}[ (with {interest} of interest)] converts at {price} "
    "a share ({basis})[; {cash} is paid for the fraction of a share][{missing}]",
    "on {on}, {event}: {converted}[ (with {interest} of interest)] converts at {price_money} a "
    "share ({basis})[; {cash} is paid for the fraction of a share]",
    "{event} est survenu le {on} : {converted}[ (dont {interest} d'intérêts)] sont convertis "
    "au prix de "
    "{price_money} par action ({basis})[ ; {cash} versés au titre des rompus]",
    words={
        "basis": {
            "valuation_cap": (
                "the valuation cap gives the lowest price",
                "the valuation cap gives the lowest price",
                "le plafond de valorisation donne le prix le plus bas",
            ),
            "discount": (
                "the discount gives the lowest price",
                "the discount gives the lowest price",
                "la décote donne le prix le plus bas",
            ),
            "round_price": (
                "at the round's price",
                "at the round's price",
                "au prix du tour de financement",
            ),
            "": ("", "", ""),
        }
    },
    doc="`price` is the exact price as text; `price_money` the price rounded to the cent",
)
_UNCOMPARED = {
    "uncompared": {
        "yes": (
            "; conversion at the cap is not compared: the scenario gives no price per share for",
            "; conversion at the cap is not compared, as the scenario gives no price per share",
            " ; la conversion au plafond n'est pas comparée, faute de prix par action dans le "
            "scénario",
        )
    }
}
_kind(
    "change_of_control",
    {
        "event": EVENT,
        "on": DATE,
        "paid": MULTIPLE,
        "amount": MONEY,
        "interest": MONEY,
        "uncompared": WORD,
    },
    "{event} happened on {on} first: {paid} of {amount} is paid[ (with {interest} of interest)]"
    "[{uncompared} {event}]",
    "on {on}, before any other event, {event}: {paid} {amount} is paid[ (with {interest} of "
    "interest)][{uncompared}]",
    "{event} est survenu le {on}, avant tout autre événement : versement de {paid} "
    "{amount}[ (dont "
    "{interest} d'intérêts)][{uncompared}]",
    words=_UNCOMPARED,
    doc="`paid` is the change-of-control payout as written (`2x`)",
)
_kind(
    "change_of_control_repaid",
    {"event": EVENT, "on": DATE, "amount": MONEY, "interest": MONEY, "uncompared": WORD},
    "{event} happened on {on} first: {amount} is repaid[ (with {interest} of interest)]"
    "[{uncompared} {event}]",
    "on {on}, before any other event, {event}: {amount} is repaid[ (with {interest} of "
    "interest)][{uncompared}]",
    "{event} est survenu le {on}, avant tout autre événement : remboursement de "
    "{amount}[ (dont {interest} "
    "d'intérêts)][{uncompared}]",
    words=_UNCOMPARED,
)
_kind(
    "matures_unconverted",
    {"on": DATE, "cash": MONEY, "interest": MONEY, "missing": TEXT},
    "it matures on {on} unconverted: {cash} is repaid[ (with {interest} of interest)][{missing}]",
    "it matures on {on} unconverted: {cash} is repaid[ (with {interest} of interest)]",
    "échéance le {on} sans conversion : {cash} remboursés[ (dont {interest} d'intérêts)]",
)
_kind(
    "unresolved",
    {"problem": TEXT, "missing": TEXT},
    "{problem}[{missing}]",
    "the conversion cannot be settled: {problem}",
    "la conversion ne peut être déterminée : {problem}",
)

# minimum commitments and allocations
_kind(
    "measured",
    {"period": PERIOD, "actual": AMOUNT, "required": AMOUNT, "shortfall": AMOUNT},
    "{period}: {actual} measured against the minimum of {required}: a shortfall of {shortfall}",
    "{period}: {actual} measured against the minimum of {required}: a shortfall of {shortfall}",
    "{period} : {actual} constatés pour un minimum de {required} : manque de {shortfall}",
)
_kind(
    "measured_met",
    {"period": PERIOD, "actual": AMOUNT, "required": AMOUNT},
    "{period}: {actual} measured against the minimum of {required}: met",
    "{period}: {actual} measured against the minimum of {required}: met",
    "{period} : {actual} constatés pour un minimum de {required} : minimum atteint",
)
_kind(
    "allocation_part",
    {"amount": MONEY, "party": PARTY},
    "{amount} to {party}",
    "{amount} to {party}",
    "{amount} à {party}",
)
_kind(
    "allocated",
    {"amount": MONEY, "rounding": WORD, "parts": REASONS, "unallocated": MONEY},
    "{amount} divided pro rata ({rounding}): {parts}[; {unallocated} unallocated]",
    "{amount} divided pro rata ({rounding}): {parts}[; {unallocated} unallocated]",
    "{amount} répartis au prorata ({rounding}) : {parts}[ ; {unallocated} non répartis]",
    words={
        "rounding": {
            "largest_remainder": (
                "largest remainder",
                "largest remainder",
                "méthode des plus forts restes",
            ),
            "down": ("down", "rounded down", "arrondi à l'unité inférieure"),
        }
    },
)

# payments, assignments and binding (evaluate/payments.py)
_kind(
    "payment_owed",
    {
        "payer": PARTY,
        "payee": PARTY,
        "amount": MONEY,
        "period": PERIOD,
        "due": DATE,
        "uncapped": MONEY,
    },
    "{payer} owes {payee} {amount}[ for {period}], due by {due}[ ({uncapped} before the cap)]",
    "{payer} owes {payee} {amount}[ for {period}], due by {due}[ ({uncapped} before the cap)]",
    "{payer} doit {amount} à {payee}[ au titre de {period}], exigibles au plus tard le "
    "{due}[ ({uncapped} avant plafonnement)]",
    doc="an instalment falls due; `period` is None for a one-off payment",
)
_kind(
    "payment_paid",
    {"amount": MONEY, "period": PERIOD, "on": DATE, "late": DURATION, "outstanding": MONEY},
    "{amount}[ for {period}] paid on {on}[, {late} late][; {outstanding} outstanding]",
    "{amount}[ for {period}] paid on {on}[, {late} late][; {outstanding} outstanding]",
    "{amount}[ au titre de {period}] payés le {on}[, avec {late} de retard][ ; {outstanding} "
    "restent dus]",
    doc="a payment (or part payment) of an instalment",
)
_kind(
    "payment_overdue",
    {"amount": MONEY, "period": PERIOD, "due": DATE},
    "{amount}[ for {period}] outstanding after {due}",
    "{amount}[ for {period}] outstanding after {due}",
    "{amount}[ au titre de {period}] impayés à l'échéance du {due}",
    doc="an instalment is not paid in full by its due date",
)
_kind(
    "late_on_outstanding",
    {
        "amount": MONEY,
        "clause": CLAUSE,
        "period": PERIOD,
        "due": DATE,
        "rate": PERCENT,
        "per": PER,
        "payer": PARTY,
        "payee": PARTY,
    },
    "the payment of {amount} under {clause}[ for {period}] is late (due by {due}): {rate} of "
    "what is outstanding per {per}[, paid by {payer} to {payee}]",
    "the payment of {amount} under {clause}[ for {period}] is late (due by {due}): {rate} of "
    "what is outstanding per {per}[, paid by {payer} to {payee}]",
    "le paiement de {amount} au titre de {clause}[ pour {period}] est en retard (échéance du "
    "{due}) : intérêts de {rate} par {per} sur les sommes restant dues[, à la charge de "
    "{payer} au profit de {payee}]",
    doc="a penalty on what is outstanding, lowered by each part payment",
)
_kind(
    "assigned",
    {
        "clause": CLAUSE,
        "assignor": PARTY,
        "assigns": CLAUSE,
        "assignee": PARTY,
        "on": DATE,
        "written": CODE,
    },
    "{clause} assigns {assignor}'s rights under {assigns} to {assignee} on {on}[ (`{written}`)]",
    "under {clause}, {assignor} assigns its rights under {assigns} to {assignee} on "
    "{on}[ ({written})]",
    "en vertu de {clause}, {assignor} cède ses droits au titre de {assigns} à {assignee} le "
    "{on}[ ({written})]",
)
_kind(
    "binds_from",
    {"clause": CLAUSE, "on": DATE, "written": CODE},
    "{clause} binds from {on}[ (`{written}`)]",
    "{clause} binds the parties from {on}[ ({written})]",
    "{clause} lie les parties à compter du {on}[ ({written})]",
)

# convertible instruments (evaluate/instruments.py)
_CONVERTS_ARGS = {
    "event": EVENT,
    "on": DATE,
    "converted": MONEY,
    "interest": MONEY,
    "price": TEXT,
    "approx": WORD,
    "price_money": MONEY,
    "unit": TEXT,
    "unit_word": WORD,
    "basis": WORD,
    "into": TEXT,
    "cash": MONEY,
    "extra": MONEY,
}
_CONVERTS_WORDS = {
    "basis": {
        "valuation_cap": (
            "the valuation cap gives the lowest price",
            "the valuation cap gives the lowest price",
            "le plafond de valorisation donne le prix le plus bas",
        ),
        "valuation_cap_post": (
            "the valuation cap gives the lowest price, over the company capitalization with "
            "every converting security",
            "the valuation cap gives the lowest price, over the company capitalization with "
            "every converting security",
            "le plafond de valorisation donne le prix le plus bas, rapporté au capital de la "
            "société y compris tous les titres convertibles",
        ),
        "discount": (
            "the discount gives the lowest price",
            "the discount gives the lowest price",
            "la décote donne le prix le plus bas",
        ),
        "round_price": (
            "at the round's price",
            "at the round's price",
            "au prix du tour de financement",
        ),
        "stated": (
            "at the price the note states for maturity",
            "at the price the note states for maturity",
            "au prix stipulé par le titre pour l'échéance",
        ),
        "maturity_cap": (
            "at the valuation cap over the capitalization at maturity",
            "at the valuation cap over the capitalization at maturity",
            "au plafond de valorisation rapporté au capital à l'échéance",
        ),
        "": ("", "", ""),
    },
    "approx": {"yes": ("≈ ", "about ", "d'environ "), "no": ("", "", "de ")},
    "unit_word": {
        "shares": ("share", "share", "action"),
        "tokens": ("token", "token", "jeton"),
        "other": ("unit", "unit", "unité"),
    },
}
_CONVERTS_TAIL_EN = (
    ": {converted}[ (with {interest} of interest)] converts at {approx}{price_money} a {unit} "
    "({basis})[ into {into}][; {cash} is paid for the fraction of a {unit}]"
    "[; rounding to the nearest {unit} gives {extra} more]"
)
_CONVERTS_TAIL = (
    ": {converted}[ (with {interest} of interest)] converts at {price} a {unit} ({basis})"
    "[ into {into}][; {cash} is paid for the fraction of a {unit}]"
    "[; rounding to the nearest {unit} gives {extra} more]"
)
_CONVERTS_TAIL_FR = (
    " : {converted}[ (dont {interest} d'intérêts)] font l'objet d'une conversion au prix "
    "{approx}"
    "{price_money} par "
    "{unit_word} ({basis})[ en {into}][ ; {cash} versés au titre des rompus]"
    "[ ; l'arrondi à l'unité la plus proche donne {extra} de plus]"
)
_kind(
    "instrument_converts",
    _CONVERTS_ARGS,
    "{event} happened on {on}" + _CONVERTS_TAIL,
    "on {on}, {event}" + _CONVERTS_TAIL_EN,
    "{event} est survenu le {on}" + _CONVERTS_TAIL_FR,
    words=_CONVERTS_WORDS,
    doc="a convertible converts at a financing; `price` is the exact price as text",
)
_kind(
    "instrument_converts_at_maturity",
    _CONVERTS_ARGS,
    "it matured on {on}[{event}]" + _CONVERTS_TAIL,
    "it matured on {on}[{event}]" + _CONVERTS_TAIL_EN,
    "échéance le {on}[{event}]" + _CONVERTS_TAIL_FR,
    words=_CONVERTS_WORDS,
    doc="a convertible converts at maturity (`event` is None)",
)
_kind(
    "consent",
    {
        "agreed": MONEY,
        "total": MONEY,
        "series": NAMES,
        "share": PERCENT,
        "on": DATE,
        "rule": WORD,
        "threshold": PERCENT,
        "binds": WORD,
    },
    "holders of {agreed} of the {total} outstanding principal of {series} ({share}) consent on "
    "{on}; {rule}[ {threshold}] is needed: {binds}",
    "holders of {agreed} of the {total} outstanding principal of {series} ({share}) consent on "
    "{on}; {rule}[ {threshold}] is needed: {binds}",
    "les porteurs de {agreed} sur les {total} de principal restant dû de {series} ({share}) "
    "consentent le {on} ; il faut {rule}[ {threshold}] : {binds}",
    words={
        "rule": {
            "majority": ("more than half", "more than half", "plus de la moitié"),
            "at_least": ("at least", "at least", "au moins"),
        },
        "binds": {
            "yes": (
                "the amendment binds every holder",
                "the amendment binds every holder",
                "la modification s'impose à tous les porteurs",
            ),
            "no": (
                "the amendment does not bind",
                "the amendment does not bind",
                "la modification ne s'impose pas",
            ),
        },
    },
    doc="holders of a series of convertibles consent to an amendment",
)
_kind(
    "proceeds_available",
    {"amount": MONEY},
    "{amount} is available to the instruments",
    "{amount} is available to the instruments",
    "{amount} sont disponibles pour les titres",
)
_kind(
    "no_proceeds",
    {"event": EVENT, "written": TEXT, "currency": TEXT},
    "the scenario gives no `{written}` in {currency}: paid in full",
    "the scenario gives no proceeds of {event} in {currency}: paid in full",
    "le scénario ne donne aucun produit de {event} en {currency} : paiement intégral",
)
_kind(
    "dissolution_short",
    {
        "event": EVENT,
        "on": DATE,
        "source": REASON,
        "owed_total": MONEY,
        "rank": TEXT,
        "clause": CLAUSE,
        "paid": MONEY,
        "owed": MONEY,
    },
    "{event} happened on {on} first: {source}, short of the {owed_total} owed to rank {rank}; "
    "{clause} receives its pro-rata part, {paid} of the {owed} owed",
    "on {on}, before any other event, {event}: {source}, short of the {owed_total} owed to "
    "rank {rank}; {clause} receives its pro-rata share, {paid} of the {owed} owed",
    "{event} est survenu le {on}, avant tout autre événement : {source}, en deçà des "
    "{owed_total} dus au rang {rank} ; {clause} reçoit sa quote-part, soit {paid} sur les "
    "{owed} dus",
    doc="a dissolution leaves too little for a rank: each instrument of it gets its share",
)
_kind(
    "dissolution_full",
    {
        "event": EVENT,
        "on": DATE,
        "source": REASON,
        "clause": CLAUSE,
        "owed": MONEY,
        "residual": MONEY,
    },
    "{event} happened on {on} first: {source}; {clause} is paid its {owed} in full"
    "[ ({residual} is left for common holders)]",
    "on {on}, before any other event, {event}: {source}; {clause} is paid its {owed} in full"
    "[ ({residual} is left for common holders)]",
    "{event} est survenu le {on}, avant tout autre événement : {source} ; {clause} est payé "
    "intégralement de ses {owed}[ ({residual} restent aux porteurs d'actions ordinaires)]",
)
_kind(
    "election_open",
    {"maturity": DATE},
    "the holder may elect conversion or repayment until the maturity on {maturity}",
    "the holder may elect conversion or repayment until the maturity on {maturity}",
    "le porteur peut opter pour la conversion ou le remboursement jusqu'à l'échéance du {maturity}",
)
_kind(
    "election_made",
    {"choice": WORD, "on": DATE},
    "the holder elects to {choice} on {on}",
    "the holder elects to {choice} on {on}",
    "le porteur opte le {on} pour {choice}",
    words={
        "choice": {
            "convert": ("convert", "convert", "la conversion"),
            "repay": ("repay", "be repaid", "le remboursement"),
        }
    },
)
_kind(
    "election_lapsed",
    {"on": DATE, "late": DATE},
    "the holder made no election by the maturity on {on}[ (the election on {late} came after "
    "the window)]: the note is repaid",
    "the holder made no election by the maturity on {on}[ (the election on {late} came after "
    "the window)]: the note is repaid",
    "le porteur n'a pas exercé d'option avant l'échéance du {on}[ (l'option exercée le {late} "
    "est hors délai)] : le titre est remboursé",
)
