"""The scenario timeline told in sentences, in English or French.

The interpreter's `Change`s are precise but many (every quarterly payment is one). Counsel
read a condensed story:

* changes of the same kind on the same day for the same reason are told once ("five clauses
  come into force");
* carve-outs that simply follow their exclusivity are not repeated;
* a tranche paid is one line with its amount and the investment's running total;
* periodic payments are summed per revenue share at the horizon (`payments`), not listed.

Each entry has a `reason`: the interpreter's typed `Reason` worded by render/reasons.py, with
labels for names and dates written out. A reason the interpreter gave as plain text stays in
English and is flagged (`reason_lang = "en"`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from termlang.evaluate.reasons import Reason
from termlang.evaluate.status import Status
from termlang.render import story_instruments
from termlang.render.prose import Prose, capitalize
from termlang.render.prose_facts import (
    FACT_ASPECTS,
    fact_sentence,
    occurrence_subject,
    occurrence_thing,
)
from termlang.render.prose_options import EXERCISED, is_option
from termlang.render.prose_pay import ASPECTS as PAY_ASPECTS
from termlang.render.prose_pay import story_sentence as pay_sentence
from termlang.render.reasons import Wording

_STATUS: dict[str, dict[str, tuple[str, str]]] = {  # keyed by `Status` (a str enum)
    "en": {
        Status.ACTIVE: ("comes into force", "come into force"),
        Status.FUNDED: ("is paid", "are paid"),
        Status.EXPIRED: ("expires", "expire"),
        Status.TERMINATED: ("is terminated", "are terminated"),
        Status.LAPSED: ("lapses", "lapse"),
        Status.FULFILLED: ("is fulfilled", "are fulfilled"),
        Status.BREACHED: ("is breached", "are breached"),
        Status.SUSPENDED: ("is suspended", "are suspended"),
        Status.PENDING: ("is pending", "are pending"),
        Status.WAIVED: ("is waived", "are waived"),
    },
    "fr": {
        Status.ACTIVE: ("entre en vigueur", "entrent en vigueur"),
        Status.FUNDED: ("est versée", "sont versées"),
        Status.EXPIRED: ("expire", "expirent"),
        Status.TERMINATED: ("est résiliée", "sont résiliées"),
        Status.LAPSED: ("devient caduque", "deviennent caduques"),
        Status.FULFILLED: ("est exécutée", "sont exécutées"),
        Status.BREACHED: ("est violée", "sont violées"),
        Status.SUSPENDED: ("est suspendue", "sont suspendues"),
        Status.PENDING: ("est en attente", "sont en attente"),
        Status.WAIVED: ("fait l'objet d'une renonciation", "font l'objet d'une renonciation"),
    },
}
_AGREEMENT = {
    "en": {
        Status.ACTIVE: "The agreement takes effect",
        Status.SIGNED: "The definitive agreements are signed",
        Status.LAPSED: "The agreement lapses",
        Status.TERMINATED: "The agreement is terminated",
    },
    "fr": {
        Status.ACTIVE: "L'accord prend effet",
        Status.SIGNED: "Les accords définitifs sont signés",
        Status.LAPSED: "L'accord devient caduc",
        Status.TERMINATED: "L'accord est résilié",
    },
}
# the chart marks these statuses
MARKED = {
    Status.LAPSED,
    Status.BREACHED,
    Status.TERMINATED,
    Status.FULFILLED,
    Status.SUSPENDED,
    Status.WAIVED,
}


class Story:
    """Condenses and words a `Timeline` for one model and one language."""

    def __init__(self, prose: Prose) -> None:
        self.prose = prose
        self.fmt = prose.fmt
        self.lang = prose.lang
        self.wording = Wording(prose)

    def reason(self, reason: Reason, *, plural: bool = False) -> tuple[str, str]:
        """(reason, language of the reason): see render/reasons.py."""
        text, lang = self.wording.reason(reason, plural=plural)
        return capitalize(text), lang

    # -- entries ------------------------------------------------------------------------

    def subject(self, name: str) -> str:
        """A clause, tranche or carve-out as the subject of a sentence."""
        head, _, part = name.partition(".")
        if part:
            occurrence = occurrence_subject(self.prose, head, part)
            if occurrence is not None:
                return occurrence
        return self.wording.clause(name)

    def entries(self, timeline: Any) -> list[dict[str, Any]]:
        """The condensed, worded timeline (see the module docstring)."""
        changes = list(timeline.changes)
        model = self.prose.model
        invested: dict[tuple[date, str], Any] = {}
        for c in changes:
            if c.aspect == "invested":
                invested[(c.on, c.subject)] = c.value
        # status of each clause at each change date, to drop carve-outs that follow it
        parent_moves = {(c.on, c.subject, c.new) for c in changes if c.aspect == "status"}
        groups: dict[tuple[date, str, Reason, str], list[str]] = {}
        order: list[tuple[date, str, Reason, str]] = []
        singles: list[tuple[date, int, dict[str, Any]]] = []
        for index, c in enumerate(changes):
            if c.aspect in ("paid", "funded", "invested"):
                continue
            if c.aspect == "status":
                head, _, part = c.subject.partition(".")
                clause = model.clauses.get(head)
                follows = (c.on, head, c.new) in parent_moves
                if part and clause is not None and clause.kind == "exclusivity" and follows:
                    continue
                if c.subject == "agreement":
                    singles.append((c.on, index, self._agreement(c)))
                    continue
                if part and c.new == "funded":
                    singles.append((c.on, index, self._tranche(c, invested)))
                    continue
                key = (c.on, c.new, c.reason, "status")
                if key not in groups:
                    groups[key] = []
                    order.append(key)
                groups[key].append(c.subject)
                continue
            entry = self._other(c)
            if entry is not None:
                singles.append((c.on, index, entry))
        first_index: dict[tuple[date, str, Reason, str], int] = {}
        for index, c in enumerate(changes):
            if c.aspect == "status":
                first_index.setdefault((c.on, c.new, c.reason, "status"), index)
        for key in order:
            on, status, reason, _ = key
            subjects = groups[key]
            singles.append((on, first_index[key], self._status(on, status, reason, subjects)))
        singles.sort(key=lambda item: (item[0], item[1]))
        return [entry for _, _, entry in singles]

    def _base(
        self, on: date, text: str, reason: Reason, kind: str, plural: bool = False
    ) -> dict[str, Any]:
        why, why_lang = self.reason(reason, plural=plural)
        return {
            "date": self.fmt.date(on),
            "iso": on.isoformat(),
            "text": text,
            "reason": why,
            "reason_lang": why_lang,
            "reason_kind": reason.kind,
            "kind": kind,
        }

    def _agreement(self, c: Any) -> dict[str, Any]:
        text = _AGREEMENT[self.lang].get(c.new, f"{c.subject}: {c.new}")
        return self._base(c.on, text + ".", c.reason, c.new)

    def _tranche(self, c: Any, invested: dict[tuple[date, str], Any]) -> dict[str, Any]:
        head, _, part = c.subject.partition(".")
        clause = self.prose.model.clauses.get(head)
        amount = next((t.amount for t in getattr(clause, "tranches", ()) if t.name == part), None)
        total = invested.get((c.on, head))
        subject = capitalize(self.subject(c.subject))
        if self.lang == "en":
            text = f"{subject} is paid"
            if amount is not None:
                text += f": {self.fmt.money(amount)}"
            if total is not None:
                text += f" ({self.fmt.money(total)} in total)"
        else:
            text = f"{subject} est versée"
            if amount is not None:
                text += f"\u202f: {self.fmt.money(amount)}"
            if total is not None:
                text += f" ({self.fmt.money(total)} au total)"
        return self._base(c.on, text + ".", c.reason, "funded")

    def _status(self, on: date, status: str, reason: Reason, subjects: list[str]) -> dict[str, Any]:
        one, many = _STATUS[self.lang].get(status, (status, status))
        if status == "fulfilled" and all(is_option(self.prose.model, s) for s in subjects):
            one, many = EXERCISED[self.lang]  # an option is exercised (render/prose_options.py)
        names = self.fmt.join([self.subject(s) for s in subjects])
        text = f"{capitalize(names)} {one if len(subjects) == 1 else many}."
        entry = self._base(on, text, reason, status, plural=len(subjects) > 1)
        entry["subjects"] = list(subjects)
        return entry

    def _other(self, c: Any) -> dict[str, Any] | None:
        """The entry for a change other than a status: one sentence by its aspect."""
        sentence: str | None = None
        if c.aspect in _TOLD:
            sentence = getattr(self, _TOLD[c.aspect])(c)
        elif c.aspect in FACT_ASPECTS:
            sentence = fact_sentence(self.prose, c)
        elif c.aspect in MECHANIC_ASPECTS:
            sentence = self._mechanic(c)
        elif c.aspect in ("renewal", "notice_by", "due"):
            sentence = self._term_date(c) if c.value is not None else None
        elif c.aspect in PAY_ASPECTS:
            sentence = pay_sentence(self.prose, c)
        return None if sentence is None else self._base(c.on, sentence, c.reason, c.aspect)

    def _access(self, c: Any) -> str:
        p, en, value = self.prose, self.lang == "en", c.value
        asset = occurrence_thing(p, c.subject) or p.quote(p.term_label(c.subject))
        if not value:
            return (
                f"Priority access to {asset} ends."
                if en
                else f"Fin de l'accès prioritaire à {asset}."
            )
        holder, _since = value[-1]
        if holder == "everyone":
            return (
                f"{asset} becomes generally available."
                if en
                else f"{asset} devient disponible pour tous."
            )
        if len(value) == 1:
            return (
                f"{p.who(holder)} gets priority access to {asset}."
                if en
                else f"{p.who(holder)} obtient un accès prioritaire à {asset}."
            )
        return (
            f"{p.who(holder)} also gets access to {asset}."
            if en
            else f"{p.who(holder)} obtient à son tour l'accès à {asset}."
        )

    def _split(self, c: Any) -> str | None:
        p, fmt, en, value = self.prose, self.fmt, self.lang == "en", c.value
        asset = p.quote(p.term_label(c.subject))
        if not value:
            return None
        shares = fmt.join(
            [f"{fmt.percent(pct)} {'to' if en else 'pour'} {p.who(party)}" for party, pct in value]
        )
        return (
            f"Ownership of {asset}: {shares}." if en else f"Propriété de {asset}\u202f: {shares}."
        )

    def _capacity(self, c: Any) -> str | None:
        if c.value is None:
            return None
        title, amount = self.prose.clause_title(c.subject), self.fmt.quantity(c.value)
        if self.lang == "en":
            return f"Capacity under {title}: {amount}."
        return f"Capacité au titre de {title}\u202f: {amount}."

    def _cap_reached(self, c: Any) -> str:
        title = self.prose.clause_title(c.subject)
        return f"{title} reaches its cap." if self.lang == "en" else f"{title} atteint son plafond."

    def _term_date(self, c: Any) -> str:
        """A renewal, the last day for notice, or a deadline."""
        p, fmt, en, value = self.prose, self.fmt, self.lang == "en", c.value
        if c.aspect in ("renewal", "notice_by"):
            when = fmt.date(value)
            if c.aspect == "renewal":
                return (
                    f"The term renews until {when}." if en else f"Renouvellement jusqu'au {when}."
                )
            return (
                f"Last day to give notice of non-renewal: {when}."
                if en
                else f"Dernier jour pour le préavis de non-renouvellement\u202f: {when}."
            )
        title = self.subject(c.subject)  # a part per occurrence: "“x” for “gpt_6”"
        head = c.subject.partition(".")[0]
        modality = getattr(p.model.clauses.get(head), "modality", "must")
        if modality == "may":  # an option: "may ..., no later than ..."
            return (
                f"{title} may be exercised no later than {fmt.date(value)}."
                if en
                else f"{title} peut être exercée au plus tard le {fmt.date(value)}."
            )
        if modality == "must_not":  # "not before D": the last day bound is the day before
            last = fmt.date(value - timedelta(days=1))
            return (
                f"{title} applies until {last}." if en else f"{title} s'applique jusqu'au {last}."
            )
        return (
            f"{title} must be performed by {fmt.date(value)}."
            if en
            else f"{title} doit être exécutée au plus tard le {fmt.date(value)}."
        )

    # -- the financing and commercial mechanics ------------------------------------------

    def _mechanic(self, c: Any) -> str | None:
        """One sentence for a mechanic's change (see MECHANIC_ASPECTS)."""
        p, fmt, en, aspect = self.prose, self.fmt, self.lang == "en", c.aspect
        head, _, part = c.subject.partition(".")
        title = p.clause_title(head)
        told = story_instruments.sentence(c, title, en, fmt.number)
        if told is not None or aspect in story_instruments.ASPECTS:
            return told
        if aspect in _COMMERCIAL:
            return self._commercial(c, title, part)
        return self._financing(c, title)

    def _commercial(self, c: Any, title: str, part: str) -> str | None:
        """Offers, third-party deals, waterfall receipts and targets, penalties."""
        p, fmt, en = self.prose, self.fmt, self.lang == "en"
        value, aspect = c.value, c.aspect
        if aspect == "offer":
            words = {
                "open": ("An offer is made under {t}.", "Une offre est faite au titre de {t}."),
                "accepted": (
                    "The offer under {t} is accepted.",
                    "L'offre au titre de {t} est acceptée.",
                ),
                "declined": (
                    "The offer under {t} is declined.",
                    "L'offre au titre de {t} est refusée.",
                ),
                "lapsed": (
                    "The offer under {t} lapses unanswered.",
                    "L'offre au titre de {t} expire sans réponse.",
                ),
            }.get(c.new)
            return None if words is None else words[0 if en else 1].format(t=title)
        if aspect == "third_party_deal" and value is not None:
            price = fmt.money(value.price)
            if value.permitted:
                return (
                    f"A third-party deal at {price} is permitted under {title}."
                    if en
                    else f"Une opération avec un tiers à {price} est permise au titre de {title}."
                )
            return (
                f"A third-party deal at {price} breaches {title}."
                if en
                else f"Une opération avec un tiers à {price} viole {title}."
            )
        if aspect == "received" and value:
            got = fmt.join(
                [f"{fmt.money(a)} {'to' if en else 'pour'} {p.who(r)}" for r, a in value]
            )
            return (
                f"Received under {title} so far: {got}."
                if en
                else f"Reçu au titre de {title} à ce jour\u202f: {got}."
            )
        if aspect == "tier_reached":
            tier = p.quote(part.replace("_", " "))
            return (
                f"The target of tier {tier} of {title} is reached."
                if en
                else f"L'objectif du palier {tier} de {title} est atteint."
            )
        if aspect == "penalty" and value is not None:
            return (
                f"Accrued under {title}: {fmt.money(value)}."
                if en
                else f"Montant couru au titre de {title}\u202f: {fmt.money(value)}."
            )
        if aspect == "penalty_cap":
            return f"{title} reaches its cap." if en else f"{title} atteint son plafond."
        if aspect == "terminate_right":
            return (
                f"The right to terminate under {title} arises."
                if en
                else f"Le droit de résilier au titre de {title} est ouvert."
            )
        return None

    def _financing(self, c: Any, title: str) -> str | None:
        """Interest, repayment, conversion, shortfalls, allocations, survival."""
        p, fmt, en = self.prose, self.fmt, self.lang == "en"
        value, aspect = c.value, c.aspect
        if aspect == "interest" and value is not None:
            return (
                f"Interest starts to run under {title}."
                if en
                else f"Les intérêts commencent à courir au titre de {title}."
            )
        if aspect == "repaid" and value is not None:
            return (
                f"{fmt.money(value)} is paid to the holder under {title}."
                if en
                else f"{fmt.money(value)} est versé au titre de {title}."
            )
        if aspect == "conversion" and value is not None:
            if value.event == "qualified_financing":
                shares = fmt.number(value.shares)
                return (
                    f"{title} converts into {shares} shares."
                    if en
                    else f"{title} est converti en {shares} actions."
                )
            return None  # the repayment is told by its `repaid` entry
        if aspect == "shortfall" and value is not None:
            period, amount = value
            period = self.wording.period(str(period))
            shown = fmt.money(amount) if hasattr(amount, "currency") else fmt.quantity(amount)
            if not amount.amount:
                return (
                    f"The minimum of {title} is met for {period}."
                    if en
                    else f"Le minimum de {title} est atteint pour {period}."
                )
            return (
                f"Shortfall under {title} for {period}: {shown}."
                if en
                else f"Écart par rapport au minimum de {title} pour {period}\u202f: {shown}."
            )
        if aspect == "allocation" and value:
            parts = fmt.join(
                [f"{fmt.money(a)} {'to' if en else 'pour'} {p.who(r)}" for r, a in value]
            )
            return f"{title}: {parts}." if en else f"{title}\u202f: {parts}."
        if aspect == "survives":
            if value is None:
                return f"{title} survives." if en else f"{title} survit."
            return (
                f"{title} survives until {fmt.date(value)}."
                if en
                else f"{title} survit jusqu'au {fmt.date(value)}."
            )
        return None


_COMMERCIAL = frozenset(
    {"offer", "third_party_deal", "received", "tier_reached", "penalty", "penalty_cap"}
    | {"terminate_right"}
)
# aspects told by one method of `Story` each (see `_other`)
_TOLD = {
    "access": "_access",
    "split": "_split",
    "capacity": "_capacity",
    "cap_reached": "_cap_reached",
}

MECHANIC_ASPECTS = frozenset(
    {
        "offer",
        "third_party_deal",
        "received",
        "tier_reached",
        "penalty",
        "penalty_cap",
        "terminate_right",
        "interest",
        "repaid",
        "conversion",
        "shortfall",
        "allocation",
        "survives",
    }
    | story_instruments.ASPECTS
)
