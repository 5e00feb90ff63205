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
from termlang.mechanics.refusal import DealWhy, ThirdPartyDeal

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
OCCURRENCE = "occurrence"  # the id of one occurrence of a recurring event (`gpt_6`)
METRIC = "metric"  # a target's metric (`pue`), bare in plain text
THING = "thing"  # an asset, scope or stream's name
THINGS = "things"  # a tuple of such names (plain: "`a, b`", as acts have shown them)
PARTIES = "parties"  # a tuple of party names (plain: "`a, b`")
UNITS = "units"  # a Decimal count of shares or units (plain: `1_250_000`)
SHARE = "share"  # a Decimal percentage to two places, of a cap table (plain: `60.00%`)
HOLDER = "holder"  # a cap-table row: a party, or a key of CAP_ROWS (existing holders...)
ROWS = "rows"  # a tuple of Reasons, one per row (plain: joined with "; ")

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
    OCCURRENCE,
    METRIC,
    THING,
    THINGS,
    PARTIES,
    UNITS,
    SHARE,
    HOLDER,
    ROWS,
)

# What each type holds and how it is shown: plain text (JSON, `expect` notes) / in words.
TYPE_DOCS = {
    DATE: "a date: ISO in plain text, long form in words (15 May 2026, 15 mai 2026)",
    EVENT: "an event's name: in backticks / by its label",
    EVENTS: "event names, worded as having occurred",
    NAMES: "names of streams or other terms (plain text; words use their labels)",
    CLAUSE: "a clause, or `clause.part` (tranche, carve-out, tier): by its quoted label",
    PARTY: "a party's or entity's name (or `everyone`): by its legal name",
    MONEY: "an amount: as `.term` writes it / with the currency's minor units",
    QUANTITY: "a quantity with its unit",
    AMOUNT: "a money amount, a quantity, a percentage or a number",
    DURATION: "a duration (2 years, deux ans)",
    PER: "a rate's period (per day, per 2 weeks)",
    PERCENT: "a percentage",
    MULTIPLE: "a multiple (`2x` / 2 times, 2 fois)",
    PERCENTS: "percentages in turn (20% then 10%)",
    PERIOD: "a period (`2026-Q1` / Q1 2026, T1 2026)",
    COND: "a condition: as written / worded, never shown as code",
    CODE: "a date expression as written (plain text); words name only `effective`...",
    STATUS: "a clause status (evaluate/status.py)",
    WORD: "a key of the kind's own word table (one wording per language)",
    REASON: "a nested reason (the cause), worded in turn",
    REASONS: "nested reasons, listed",
    TEXT: "plain text (shown as it is)",
    OCCURRENCE: "the id of one occurrence of a recurring event: quoted",
    METRIC: "a target's metric (`pue`): by its name in words (PUE)",
    THING: "an asset, scope or stream: by its label",
    THINGS: "assets, scopes or streams: by their labels",
    PARTIES: "parties: by their legal names",
    UNITS: "a count of shares or units (`1_250_000` / 1,250,000)",
    SHARE: "a percentage of a cap table, to two places",
    HOLDER: "a cap-table row: a party, or existing holders, the pool increase, new investors",
    ROWS: "nested reasons, one per row, joined with semicolons",
}


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
    if kind == ROWS:
        return "; ".join(str(r) for r in value)
    if kind in (OCCURRENCE, THING):
        return f"`{value}`"
    if kind in (THINGS, PARTIES):
        return f"`{', '.join(value)}`"
    if kind == UNITS:
        whole, _, rest = f"{value:f}".partition(".")
        return f"{int(whole):_}" + (f".{rest}" if rest else "")
    if kind == SHARE:
        return f"{value}%"
    if kind == HOLDER:
        return CAP_ROWS[value][0] if value in CAP_ROWS else str(value)
    return str(value)


# the rows of a cap table that are not a holder's name: (plain, en, fr)
CAP_ROWS = {
    "existing_holders": ("existing holders", "existing holders", "porteurs existants"),
    "pool_increase": (
        "pool increase",
        "increase of the option pool",
        "augmentation du plan d'options",
    ),
    "new_investors": ("new investors", "new investors", "nouveaux investisseurs"),
}


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

# recurring events: priority access per occurrence, obligations per occurrence
# (evaluate/occurrences.py)
_kind(
    "release_not_in_force",
    {"clause": CLAUSE, "status": STATUS, "occurrence": OCCURRENCE},
    "{clause} is not in force ({status}) when {occurrence} comes",
    "{clause} is not in force ({status}) when {occurrence} comes",
    "{clause} n'est pas en vigueur ({status}) à la survenance de {occurrence}",
)
_kind(
    "occurrence_not_in_force",
    {"clause": CLAUSE, "status": STATUS, "occurrence": OCCURRENCE},
    "{clause} is not in force ({status}) for {occurrence}",
    "{clause} is not in force ({status}) for {occurrence}",
    "{clause} n'est pas en vigueur ({status}) pour {occurrence}",
)
_kind(
    "released_first",
    {"event": EVENT, "on": DATE, "occurrence": OCCURRENCE, "grantee": PARTY},
    "{event} on {on} ({occurrence}): {grantee} has access ahead of others",
    "{event} on {on} ({occurrence}): {grantee} has access ahead of others",
    "{event} est survenu le {on} ({occurrence}) : {grantee} y a accès avant les autres",
    doc="an occurrence of the recurring event starts a period of priority access",
)
_kind(
    "occurrence_arises",
    {"event": EVENT, "on": DATE, "occurrence": OCCURRENCE, "due": DATE},
    "{event} on {on} ({occurrence})[, due by {due}]",
    "{event} on {on} ({occurrence})[, to be performed by {due}]",
    "{event} est survenu le {on} ({occurrence})[ ; à exécuter au plus tard le {due}]",
    doc="an obligation that applies to each occurrence arises for one of them",
)
_kind(
    "due_by",
    {"due": DATE},
    "due by {due}",
    "to be performed by {due}",
    "à exécuter au plus tard le {due}",
)
_kind(
    "occurrence_performed",
    {"event": EVENT, "on": DATE, "occurrence": OCCURRENCE},
    "{event} on {on} ({occurrence})",
    "{event} on {on} ({occurrence})",
    "{event} est survenu le {on} ({occurrence})",
    doc="the event that performs an obligation occurred for that occurrence",
)
_kind(
    "occurrence_late",
    {"on": DATE, "event": EVENT, "occurrence": OCCURRENCE, "late": DURATION, "done": DATE},
    "{its} deadline {on} passed without {event} for {occurrence}[ (it came {late} late, on "
    "{done})]",
    "{its} deadline of {on} passed before {event} for {occurrence}[ (it came {late} late, on "
    "{done})]",
    "{son} échéance du {on} est passée sans que survienne {event} pour {occurrence}[ (survenu "
    "le {done}, avec {late} de retard)]",
)
_kind(
    "gets_first",
    {"grantee": PARTY, "occurrence": OCCURRENCE, "clause": CLAUSE},
    "{grantee} gets {occurrence} first ({clause})",
    "{grantee} has access to {occurrence} first ({clause})",
    "{grantee} a accès à {occurrence} en premier ({clause})",
)
_kind(
    "gets_after",
    {"grantee": PARTY, "occurrence": OCCURRENCE, "after": DURATION, "first": PARTY},
    "{grantee} gets {occurrence} {after} after {first}",
    "{grantee} has access to {occurrence} {after} after {first}",
    "{grantee} a accès à {occurrence} {after} après {first}",
)
_kind(
    "ended_before_lead_time",
    {"clause": CLAUSE, "status": STATUS},
    "{clause} is {status} before its lead time ran",
    "{clause} is {status} before its period of priority access ran",
    "{clause} prend fin ({status}) avant le terme de la période d'accès prioritaire",
)
_kind(
    "generally_available",
    {"occurrence": OCCURRENCE, "on": DATE},
    "{occurrence} is generally available on {on}",
    "{occurrence} is generally available on {on}",
    "{occurrence} est mis à la disposition de tous le {on}",
)
_kind(
    "available_early",
    {
        "occurrence": OCCURRENCE,
        "ga": DATE,
        "early": DURATION,
        "grantee": PARTY,
        "lead": DURATION,
        "from": DATE,
        "until": DATE,
    },
    "{occurrence} became generally available on {ga}, {early} early: {grantee}'s lead time of "
    "{lead} from {from} runs to {until}",
    "{occurrence} became generally available on {ga}, {early} early: {grantee}'s period of "
    "priority access of {lead} from {from} runs until {until}",
    "{occurrence} a été mis à la disposition de tous le {ga}, {early} trop tôt : la période "
    "d'accès prioritaire de {grantee}, de {lead} à compter du {from}, court jusqu'au {until}",
)
_kind(
    "general_after_lead_time",
    {"occurrence": OCCURRENCE, "after": DURATION, "grantee": PARTY, "clause": CLAUSE},
    "general availability of {occurrence} comes {after} after {grantee}'s access ({clause} lead "
    "time)",
    "general availability of {occurrence} follows {after} after access by {grantee} ({clause})",
    "la mise à disposition générale de {occurrence} intervient {after} après l'accès de "
    "{grantee} ({clause})",
)
_kind(
    "lead_time_ran",
    {"grantee": PARTY, "lead": DURATION, "occurrence": OCCURRENCE, "ga": DATE},
    "{grantee}'s lead time of {lead} on {occurrence} ran in full (general availability on {ga})",
    "{grantee}'s period of priority access of {lead} to {occurrence} ran in full (general "
    "availability on {ga})",
    "la période d'accès prioritaire de {grantee} à {occurrence}, de {lead}, a couru en entier "
    "(mise à disposition générale le {ga})",
)
_kind(
    "lead_time_ran_no_date",
    {"grantee": PARTY, "lead": DURATION, "occurrence": OCCURRENCE},
    "{grantee}'s lead time of {lead} on {occurrence} ran in full (no earlier `ga` given)",
    "{grantee}'s period of priority access of {lead} to {occurrence} ran in full (no earlier "
    "general availability is given)",
    "la période d'accès prioritaire de {grantee} à {occurrence}, de {lead}, a couru en entier "
    "(aucune mise à disposition générale antérieure n'est indiquée)",
)

# targets and deliveries measured by period (evaluate/observations.py)
_TARGET_OPS = {
    "op": {
        "<=": ("<=", "of at most", "d'au plus"),
        ">=": (">=", "of at least", "d'au moins"),
        "<": ("<", "below", "de moins de"),
        ">": (">", "above", "de plus de"),
        "==": ("==", "of exactly", "de"),
        "!=": ("!=", "other than", "autre que"),
    }
}
_kind(
    "no_reading_for",
    {"metric": METRIC, "period": PERIOD},
    "no reading of `{metric}` for {period}: unknown, not zero",
    "no reading of {metric} is given for {period}: the result is unknown, not zero",
    "aucune mesure de {metric} n'est fournie pour {period} : le résultat est inconnu, et non nul",
)
_kind(
    "no_reading",
    {"metric": METRIC},
    "the scenario gives no reading of `{metric}`: unknown, not zero",
    "the scenario gives no reading of {metric}: the result is unknown, not zero",
    "le scénario ne fournit aucune mesure de {metric} : le résultat est inconnu, et non nul",
)
_kind(
    "reading_incomparable",
    {"figure": AMOUNT, "metric": METRIC, "op": WORD, "threshold": AMOUNT},
    "the reading {figure} cannot be compared with `{metric} {op} {threshold}`",
    "the reading {figure} cannot be compared with the target ({metric} {op} {threshold})",
    "la mesure {figure} ne peut être comparée à l'objectif ({metric} {op} {threshold})",
    words=_TARGET_OPS,
)
_kind(
    "target_met",
    {"figure": AMOUNT, "period": PERIOD, "metric": METRIC, "op": WORD, "threshold": AMOUNT},
    "{figure} in {period} against the target `{metric} {op} {threshold}`: met",
    "{figure} for {period} against the target ({metric} {op} {threshold}): met",
    "{figure} pour {period}, pour un objectif de {metric} {op} {threshold} : objectif atteint",
    words=_TARGET_OPS,
)
_kind(
    "target_missed",
    {
        "figure": AMOUNT,
        "period": PERIOD,
        "metric": METRIC,
        "op": WORD,
        "threshold": AMOUNT,
        "gap": AMOUNT,
    },
    "{figure} in {period} against the target `{metric} {op} {threshold}`: missed by {gap}",
    "{figure} for {period} against the target ({metric} {op} {threshold}): missed by {gap}",
    "{figure} pour {period}, pour un objectif de {metric} {op} {threshold} : objectif manqué "
    "de {gap}",
    words=_TARGET_OPS,
)
_kind(
    "delivered_uncommitted",
    {"figure": AMOUNT, "period": PERIOD, "clause": CLAUSE},
    "{figure} delivered in {period}, when {clause} commits no capacity",
    "{figure} delivered for {period}, when {clause} commits no capacity",
    "{figure} livrés pour {period}, alors que {clause} n'engage aucune capacité",
)
_kind(
    "no_delivery",
    {"clause": CLAUSE, "period": PERIOD},
    "no delivery of {clause} is given for {period}: unknown, not zero",
    "no delivery under {clause} is given for {period}: the result is unknown, not zero",
    "aucune livraison au titre de {clause} n'est indiquée pour {period} : le résultat est "
    "inconnu, et non nul",
)
_kind(
    "delivery_incomparable",
    {"figure": AMOUNT, "committed": AMOUNT},
    "{figure} cannot be compared with the {committed} committed",
    "{figure} cannot be compared with the {committed} committed",
    "{figure} ne peuvent être comparés aux {committed} engagés",
)
_kind(
    "delivered_met",
    {"figure": AMOUNT, "period": PERIOD, "committed": AMOUNT},
    "{figure} delivered in {period} against {committed} committed: met",
    "{figure} delivered for {period} against {committed} committed: met",
    "{figure} livrés pour {period}, pour {committed} engagés : engagement respecté",
)
_kind(
    "delivered_short",
    {"figure": AMOUNT, "period": PERIOD, "committed": AMOUNT, "gap": AMOUNT},
    "{figure} delivered in {period} against {committed} committed: {gap} short",
    "{figure} delivered for {period} against {committed} committed: {gap} short",
    "{figure} livrés pour {period}, pour {committed} engagés : manque de {gap}",
)

# acts judged against exclusivities and rights of first refusal (evaluate/acts.py)
_ACT_VERB = {
    "verb": {
        "deal": ("deal", "deal", "l'opération"),
        "grant": ("grant", "grant", "la concession"),
    }
}
_kind(
    "act_permitted",
    {
        "party": PARTY,
        "verb": WORD,
        "counterparty": PARTY,
        "scope": THING,
        "on": DATE,
        "via": TEXT,
        "cause": REASON,
    },
    "{party}'s {verb} with {counterparty} in {scope} on {on} is permitted[ ({via})]: {cause}",
    "{party}'s {verb} with {counterparty} in {scope} on {on} is permitted: {cause}",
    "{verb} de {party} avec {counterparty} dans le domaine {scope} le {on} est permise : {cause}",
    words=_ACT_VERB,
    doc="`via` is the exception relied on, as plain text (the cause words it)",
)
_kind(
    "act_breach",
    {
        "party": PARTY,
        "verb": WORD,
        "counterparty": PARTY,
        "scope": THING,
        "on": DATE,
        "clause": CLAUSE,
        "cause": REASON,
    },
    "{party}'s {verb} with {counterparty} in {scope} on {on} is a breach of {clause}: {cause}",
    "{party}'s {verb} with {counterparty} in {scope} on {on} breaches {clause}: {cause}",
    "{verb} de {party} avec {counterparty} dans le domaine {scope} le {on} méconnaît {clause} "
    ": {cause}",
    words=_ACT_VERB,
)
_kind(
    "act_beneficiary",
    {"counterparty": PARTY, "clause": CLAUSE},
    "{counterparty} is who {clause} benefits",
    "{clause} is for the benefit of {counterparty}",
    "{clause} est stipulée au profit de {counterparty}",
)
_kind(
    "carve_out_lets",
    {
        "carve": CLAUSE,
        "party": PARTY,
        "anyone": WORD,
        "entity": PARTY,
        "scopes": THINGS,
        "cap": AMOUNT,
        "cap_base": TEXT,
    },
    "{carve} lets {party} deal with {anyone}[{entity}] in {scopes}[; its cap of {cap} of "
    "{cap_base} is not measured]",
    "{carve} lets {party} deal with {anyone}[{entity}] in {scopes}[; its cap of {cap} is not "
    "measured]",
    "{carve} permet à {party} de traiter avec {anyone}[{entity}] dans le domaine {scopes}[ ; son "
    "plafond de {cap} n'est pas mesuré]",
    words={"anyone": {"yes": ("anyone", "anyone", "quiconque"), "no": ("", "", "")}},
    doc="`anyone` is `yes` when the carve-out names no one (`entity` is then None)",
)
_kind(
    "exclusivity_binds",
    {
        "clause": CLAUSE,
        "party": PARTY,
        "scopes": THINGS,
        "benefits": PARTIES,
        "counterparty": PARTY,
        "scope": THING,
    },
    "{clause} binds {party} in {scopes} for the benefit of {benefits}, and no carve-out in force "
    "covers {counterparty} in {scope}",
    "{clause} binds {party} in {scopes} for the benefit of {benefits}, and no carve-out in force "
    "covers {counterparty} in {scope}",
    "{clause} lie {party} dans le domaine {scopes} au profit de {benefits}, et aucune exception "
    "en vigueur ne couvre {counterparty} dans le domaine {scope}",
)
_kind(
    "no_restriction",
    {"on": DATE, "scope": THING, "party": PARTY},
    "no exclusivity or right of first refusal in force on {on} covers {scope} for {party}",
    "no exclusivity or right of first refusal in force on {on} covers {scope} for {party}",
    "aucune exclusivité ni aucun droit de préférence en vigueur le {on} ne couvre le domaine "
    "{scope} pour {party}",
)
_kind(
    "act_no_amount",
    {"holder": PARTY},
    "the act gives no amount, so it cannot be shown to be on terms no better than an offer to "
    "{holder}",
    "the act gives no amount, so it cannot be shown to be on terms no more favourable than an "
    "offer to {holder}",
    "l'acte n'indique aucun montant : il ne peut être établi que ses conditions ne sont pas plus "
    "favorables que celles d'une offre faite à {holder}",
)
_kind(
    "act_currency",
    {"currency": TEXT, "offered": TEXT},
    "its amount is in {currency} while the offer was in {offered}, so it cannot be shown to be "
    "on terms no better",
    "its amount is in {currency} while the offer was in {offered}, so it cannot be shown to be "
    "on terms no more favourable",
    "son montant est libellé en {currency} alors que l'offre l'était en {offered} : il ne peut "
    "être établi que les conditions ne sont pas plus favorables",
)

# rounds: totals against the target and the maximum (evaluate/rounds.py)
_kind(
    "round_total",
    {
        "total": MONEY,
        "what": WORD,
        "target": MONEY,
        "and_maximum": MONEY,
        "maximum": MONEY,
        "verdict": REASON,
    },
    "{total} {what} against [a target of {target}][ and a maximum of {and_maximum}][a maximum of "
    "{maximum}]: {verdict}",
    "{total} {what} against [a target of {target}][ and a maximum of {and_maximum}][a maximum of "
    "{maximum}]: {verdict}",
    "{total} {what} pour [un objectif de {target}][ et un plafond de {and_maximum}][un plafond "
    "de {maximum}] : {verdict}",
    words={
        "what": {
            "subscribed": ("subscribed", "subscribed", "souscrits"),
            "raised": ("raised", "raised", "levés"),
        }
    },
    doc="`and_maximum` is the maximum when a target is also given, `maximum` when not",
)
_kind(
    "round_over",
    {"gap": MONEY},
    "over-subscribed by {gap}",
    "over-subscribed by {gap}",
    "sursouscription de {gap}",
)
_kind(
    "round_under",
    {"gap": MONEY},
    "under-subscribed by {gap}",
    "under-subscribed by {gap}",
    "souscriptions inférieures de {gap} à l'objectif",
)
_kind("round_full", {}, "exactly the maximum", "exactly the maximum", "plafond exactement atteint")
_kind(
    "round_short",
    {"gap": MONEY},
    "{gap} short of the target so far",
    "{gap} short of the target so far",
    "il manque encore {gap} pour atteindre l'objectif",
)
_kind("round_within", {}, "within it", "within it", "dans les limites prévues")
_kind(
    "round_subscribed",
    {"result": REASON, "left_out": NAMES},
    "{result}[ ({left_out} in another currency, left out)]",
    "{result}[ ({left_out}, in another currency, left out)]",
    "{result}[ ({left_out}, libellés dans une autre devise, non pris en compte)]",
)
_kind(
    "round_funds",
    {"investor": PARTY, "amount": MONEY, "investment": CLAUSE, "result": REASON},
    "{investor} funds {amount} under {investment}: {result}",
    "{investor} funds {amount} under {investment}: {result}",
    "{investor} verse {amount} au titre de {investment} : {result}",
)
_kind(
    "round_closes",
    {"result": REASON},
    "the round closes: {result}",
    "the round closes: {result}",
    "le tour de financement est clos : {result}",
)

# convertibles: qualification, cap table, change of control compared (evaluate/instruments.py)
_kind(
    "not_qualified",
    {"financing": EVENT, "on": DATE, "clause": CLAUSE, "cause": REASON},
    "{financing} on {on} does not convert {clause}: {cause}",
    "{financing} on {on} does not convert {clause}: {cause}",
    "{financing} du {on} n'entraîne pas la conversion de {clause} : {cause}",
    doc="a financing does not qualify: the cause is one of the `qualify_*` kinds",
)
_kind(
    "qualify_late",
    {"deadline": DATE},
    "it closed after the deadline of {deadline}",
    "it closed after the deadline of {deadline}",
    "il a été clos après la date limite du {deadline}",
)
_kind(
    "qualify_no_size",
    {"minimum": MONEY},
    "the scenario gives no new money (`raised`) to compare with the {minimum} minimum",
    "the scenario gives no amount of new money to compare with the minimum of {minimum}",
    "le scénario n'indique aucun apport d'argent frais à comparer au minimum de {minimum}",
)
_kind(
    "qualify_currency",
    {"currency": TEXT, "minimum": TEXT},
    "its size is in {currency}, the minimum in {minimum}",
    "its size is in {currency}, the minimum in {minimum}",
    "son montant est libellé en {currency}, le minimum en {minimum}",
)
_kind(
    "qualify_small",
    {"raised": MONEY, "counted": WORD, "minimum": MONEY},
    "it raised {raised} ({counted}), below the {minimum} minimum",
    "it raised {raised} ({counted}), below the minimum of {minimum}",
    "il a permis de lever {raised} ({counted}), en deçà du minimum de {minimum}",
    words={
        "counted": {
            "new_money": ("new money", "new money", "argent frais"),
            "with_conversions": (
                "new money and converting instruments",
                "new money and converting instruments",
                "argent frais et titres convertis",
            ),
        }
    },
)
_kind(
    "cap_table",
    {"rows": ROWS},
    "after the round: {rows}",
    "after the round: {rows}",
    "après le tour de financement : {rows}",
    doc="`rows` holds one `cap_row` per holder",
)
_kind(
    "cap_row",
    {"holder": HOLDER, "units": UNITS, "share": SHARE},
    "{holder} {units} ({share})",
    "{holder}, {units} shares ({share})",
    "{holder}, {units} actions ({share})",
)
_kind(
    "coc_cash",
    {"cash": MONEY},
    "{cash}",
    "{cash}",
    "{cash}",
    doc="the cash a change of control pays, when it is the principal alone",
)
_kind(
    "coc_cash_sum",
    {"cash": MONEY, "principal": MONEY, "interest": MONEY, "premium": MONEY, "rate": PERCENT},
    "{cash} ({principal}[ + {interest} of interest][ + a premium of {premium} ({rate})])",
    "{cash} ({principal} of principal[, {interest} of interest][ and a premium of {premium} "
    "({rate})])",
    "{cash} ({principal} de principal[, {interest} d'intérêts][ et une prime de {premium} "
    "({rate})])",
)
_kind(
    "coc_cash_greater",
    {
        "cash": MONEY,
        "multiple": MULTIPLE,
        "amount": MONEY,
        "principal": MONEY,
        "interest": MONEY,
        "premium": MONEY,
        "rate": PERCENT,
    },
    "{cash} (the greater of {multiple} of {amount} and {principal}[ + {interest} of interest][ + "
    "a premium of {premium} ({rate})])",
    "{cash} (the greater of {multiple} {amount} and {principal} of principal[, {interest} of "
    "interest][ and a premium of {premium} ({rate})])",
    "{cash} (le plus élevé de {multiple} {amount} et de {principal} de principal[, {interest} "
    "d'intérêts][ et une prime de {premium} ({rate})])",
)
_kind(
    "coc_compared",
    {
        "price": TEXT,
        "approx": WORD,
        "price_money": MONEY,
        "shares": UNITS,
        "value": MONEY,
        "deal_price": MONEY,
    },
    "converting at the cap price {price} gives {shares} shares worth {value} at {deal_price} a "
    "share",
    "converting at the cap price of {approx}{price_money} gives {shares} shares worth {value} at "
    "{deal_price} a share",
    "la conversion au prix plafond {approx}{price_money} donnerait {shares} actions d'une valeur "
    "de {value} à {deal_price} l'action",
    words={"approx": {"yes": ("≈ ", "about ", "d'environ "), "no": ("", "", "de ")}},
)
_kind(
    "coc_paid",
    {"event": EVENT, "on": DATE, "cash": REASON},
    "{event} happened on {on} first: {cash} is paid",
    "on {on}, before any other event, {event}: {cash} is paid",
    "{event} est survenu le {on}, avant tout autre événement : versement de {cash}",
)
_kind(
    "coc_conversion_value",
    {"event": EVENT, "on": DATE, "payout": MONEY, "compared": REASON, "cash": REASON},
    "{event} happened on {on} first: {payout} is paid, the value of conversion, since "
    "{compared}, more than {cash}",
    "on {on}, before any other event, {event}: {payout} is paid, the value of conversion, since "
    "{compared}, more than {cash}",
    "{event} est survenu le {on}, avant tout autre événement : versement de {payout}, valeur de "
    "la conversion, car {compared}, soit plus que {cash}",
)
_kind(
    "coc_cash_not_less",
    {"event": EVENT, "on": DATE, "cash": REASON, "compared": REASON},
    "{event} happened on {on} first: {cash} is paid, not less than conversion: {compared}",
    "on {on}, before any other event, {event}: {cash} is paid, not less than the value of "
    "conversion: {compared}",
    "{event} est survenu le {on}, avant tout autre événement : versement de {cash}, montant au "
    "moins égal à la valeur de la conversion : {compared}",
)
_kind(
    "no_financing_price",
    {"event": EVENT, "written": TEXT},
    "the scenario gives no `{written}` price",
    "the scenario gives no price per share for {event}",
    "le scénario n'indique aucun prix par action pour {event}",
)
_kind(
    "no_capitalization",
    {"event": EVENT, "written": TEXT},
    "the scenario's `{written}` gives no capitalization for the valuation cap",
    "the scenario gives no capitalization at {event} for the valuation cap",
    "le scénario n'indique pas le capital de la société lors de {event}, nécessaire pour "
    "appliquer le plafond de valorisation",
)
_kind(
    "maturity_no_capitalization",
    {},
    "it converts at maturity at the cap, but the scenario gives no `capitalization`",
    "it converts at maturity at the valuation cap, but the scenario gives no capitalization",
    "la conversion à l'échéance se fait au plafond de valorisation, mais le scénario n'indique "
    "pas le capital de la société",
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
_kind(
    "allocation_failed",
    {"problem": WORD},
    "{problem}",
    "nothing divided: {problem}",
    "aucune répartition : {problem}",
    words={
        "problem": {
            "no_weights": ("no weights", "no weights are given", "aucune pondération n'est donnée"),
            "negative_weight": (
                "negative weight",
                "a weight is negative",
                "une pondération est négative",
            ),
            "zero_weights": (
                "weights sum to zero",
                "the weights sum to zero",
                "la somme des pondérations est nulle",
            ),
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
    "proceeds_after_senior",
    {"amount": MONEY, "senior": MONEY, "left": MONEY},
    "of the {amount} of proceeds, {senior} goes first to the senior ranks, leaving {left}",
    "of the {amount} of proceeds, {senior} goes first to the senior ranks, leaving {left}",
    "sur les {amount} de produit, {senior} vont d'abord aux rangs prioritaires, il reste {left}",
    doc="a dissolution's proceeds once the ranks ahead of an instrument are paid",
)
_LIQUIDATION_RESULT = {
    "full": ("paid in full", "paid in full", "payé intégralement"),
    "short": (
        "short: shared pro rata",
        "short: shared pro rata",
        "insuffisant : partagé au prorata",
    ),
    "nothing": ("nothing is left for it", "nothing is left for it", "il ne reste rien pour lui"),
}
_kind(
    "liquidation_rank",
    {
        "rank": TEXT,
        "holders": NAMES,
        "owed": MONEY,
        "available": MONEY,
        "paid": MONEY,
        "result": WORD,
    },
    "rank {rank} ({holders}) is owed {owed} and receives {paid} of the {available} left ({result})",
    "rank {rank} ({holders}) is owed {owed} and receives {paid} of the {available} left ({result})",
    "le rang {rank} ({holders}) a droit à {owed} et reçoit {paid} des {available} restants "
    "({result})",
    words={"result": _LIQUIDATION_RESULT},
    doc="one rank of a dissolution's waterfall",
)
_kind(
    "liquidation",
    {"event": EVENT, "on": DATE, "amount": MONEY, "ranks": REASONS, "residual": MONEY},
    "{event} on {on}: {amount} of proceeds paid by priority: {ranks}; {residual} is left for "
    "common holders",
    "{event} on {on}: {amount} of proceeds paid by priority: {ranks}; {residual} is left for "
    "common holders",
    "{event} le {on} : {amount} de produit payés par ordre de priorité : {ranks} ; {residual} "
    "restent aux porteurs d'actions ordinaires",
    doc="a dissolution's proceeds through the waterfall of ranks, the rest to common holders",
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

# grants judged against licences (evaluate/grants.py)
_kind(
    "grant_judged",
    {
        "party": PARTY,
        "counterparty": PARTY,
        "subject": NAMES,
        "on": DATE,
        "verdict": WORD,
        "licence": CLAUSE,
        "status": STATUS,
    },
    "{party}'s grant of {subject} to {counterparty} on {on} {verdict} {licence}[ ({status})]",
    "{party}'s grant of rights in {subject} to {counterparty} on {on} {verdict} {licence}"
    "[ ({status})]",
    "l'octroi par {party} à {counterparty} de droits sur {subject} le {on} {verdict} "
    "{licence}[ ({status})]",
    words={
        "verdict": {
            "breach": (
                "is a breach of the exclusive licence",
                "breaches the exclusive licence",
                "viole la licence exclusive",
            ),
            "licensee": (
                "is permitted: the grantee is the licensee of",
                "is permitted, the grantee being the licensee under",
                "est permis, le bénéficiaire étant le licencié au titre de",
            ),
            "outside_field": (
                "is permitted: it is outside the field of",
                "is permitted, being outside the field of use of",
                "est permis, hors du domaine d'utilisation de",
            ),
            "outside_territory": (
                "is permitted: it is outside the territory of",
                "is permitted, being outside the territory of",
                "est permis, hors du territoire de",
            ),
            "nonexclusive": (
                "is permitted beside the non-exclusive licence",
                "is permitted alongside the non-exclusive licence",
                "est permis, sans conflit avec la licence non exclusive",
            ),
            "ended": (
                "is permitted: it comes after the end of",
                "is permitted, coming after the end of",
                "est permis, postérieur à la fin de",
            ),
        }
    },
    doc="a licensor's grant to a third party judged against one of its licences",
)


def deal_reason(result: ThirdPartyDeal) -> Reason:
    """The judgement of a third-party deal (mechanics/refusal.py, a `DealWhy`) as a typed
    reason: the two judgements with arguments have their own kinds, the rest are words of
    `deal_why`."""
    if result.why is DealWhy.TOO_LATE and result.within is not None:
        return Reason.of("deal_too_late", within=result.within)
    if result.why is DealWhy.BETTER_TERMS and result.offer is not None:
        return Reason.of("deal_better", price=result.price, offered=result.offer.price)
    return Reason.of("deal_why", why=result.why.value)
