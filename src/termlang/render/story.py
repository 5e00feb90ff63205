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

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from termlang.evaluate.reasons import Reason
from termlang.render import story_instruments
from termlang.render.prose import Prose, capitalize
from termlang.render.prose_facts import (
    FACT_ASPECTS,
    fact_sentence,
    french_fact_reasons,
    occurrence_subject,
    occurrence_thing,
)
from termlang.render.prose_options import EXERCISED, is_option
from termlang.render.prose_pay import ASPECTS as PAY_ASPECTS
from termlang.render.prose_pay import story_sentence as pay_sentence
from termlang.render.reasons import Wording

_STATUS = {
    "en": {
        "active": ("comes into force", "come into force"),
        "funded": ("is paid", "are paid"),
        "expired": ("expires", "expire"),
        "terminated": ("is terminated", "are terminated"),
        "lapsed": ("lapses", "lapse"),
        "fulfilled": ("is fulfilled", "are fulfilled"),
        "breached": ("is breached", "are breached"),
        "suspended": ("is suspended", "are suspended"),
        "pending": ("is pending", "are pending"),
        "waived": ("is waived", "are waived"),
    },
    "fr": {
        "active": ("entre en vigueur", "entrent en vigueur"),
        "funded": ("est versée", "sont versées"),
        "expired": ("expire", "expirent"),
        "terminated": ("est résiliée", "sont résiliées"),
        "lapsed": ("devient caduque", "deviennent caduques"),
        "fulfilled": ("est exécutée", "sont exécutées"),
        "breached": ("est violée", "sont violées"),
        "suspended": ("est suspendue", "sont suspendues"),
        "pending": ("est en attente", "sont en attente"),
        "waived": ("fait l'objet d'une renonciation", "font l'objet d'une renonciation"),
    },
}
_AGREEMENT = {
    "en": {
        "active": "The agreement takes effect",
        "signed": "The definitive agreements are signed",
        "lapsed": "The agreement lapses",
        "terminated": "The agreement is terminated",
    },
    "fr": {
        "active": "L'accord prend effet",
        "signed": "Les accords définitifs sont signés",
        "lapsed": "L'accord devient caduc",
        "terminated": "L'accord est résilié",
    },
}
# the chart marks these statuses
MARKED = {"lapsed", "breached", "terminated", "fulfilled", "suspended", "waived"}

# plain-text reasons (kind `text`) read by the legacy French translator
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_NAME = re.compile(r"`([A-Za-z_][A-Za-z0-9_.]*)`")
_AMOUNT = re.compile(r"\b[A-Z]{3} \d[\d_]*(?:\.\d+)?[KMBT]?\b")


class Story:
    """Condenses and words a `Timeline` for one model and one language."""

    def __init__(self, prose: Prose) -> None:
        self.prose = prose
        self.fmt = prose.fmt
        self.lang = prose.lang
        self.wording = Wording(prose)
        self.wording.legacy = self.legacy_french

    def reason(self, reason: Reason, *, plural: bool = False) -> tuple[str, str]:
        """(reason, language of the reason): see render/reasons.py."""
        text, lang = self.wording.reason(reason, plural=plural)
        return capitalize(text), lang

    # -- legacy French for plain-text reasons (kind `text`, from the mechanics that do not
    #    emit typed reasons yet): tried before the English fallback ----
    # -- names in reasons ---------------------------------------------------------------

    def _name(self, name: str) -> str:
        m = self.prose.model
        if name in ("effective",):
            return "the effective date" if self.lang == "en" else "la date d'effet"
        if name in m.events:
            label = self.prose.event_label(name)
            return label if self.lang == "en" else self.prose.quote(label)
        if name in m.parties or name in m.entities:
            return self.prose.who(name)
        if name in m.terms:
            return self.prose.quote(self.prose.term_label(name))
        head = name.partition(".")[0]
        if head in m.clauses:
            return self.prose.clause_title(name)
        return name.replace("_", " ")

    def humanize(self, text: str) -> str:
        """Engine wording with labels for names and dates written out."""
        text = _DATE.sub(lambda mt: self.fmt.date(date.fromisoformat(mt.group(1))), text)
        return _NAME.sub(lambda mt: self._name(mt.group(1)), text)

    def _amounts(self, text: str) -> str:
        """Amounts the interpreter wrote (`USD 9.5B`) in the summary's words."""
        from termlang.values import parse_money

        def local(match: re.Match[str]) -> str:
            try:
                return str(self.fmt.money(parse_money(match.group(0))))
            except ValueError:
                return match.group(0)

        return _AMOUNT.sub(local, text)

    def _duration_words(self, text: str) -> str:
        """A duration the interpreter wrote (`2 years`) in the summary's words (`deux ans`)."""
        from termlang.values import parse_duration

        try:
            return str(self.fmt.duration(parse_duration(text)))
        except ValueError:
            return text

    def _french(self, text: str) -> str | None:
        """French for the reason shapes the interpreter writes; None when unknown."""
        d = r"(\d{4}-\d{2}-\d{2})(?: \(`[^`]*`\))?"

        def day(s: str) -> str:
            return self.fmt.date(date.fromisoformat(s))

        def ev(s: str) -> str:
            return self._event_fr(s)

        rules: list[tuple[str, Callable[[re.Match[str]], str]]] = [
            (
                rf"the agreement takes effect on {d}",
                lambda m: f"l'accord prend effet le {day(m[1])}",
            ),
            (rf"its window starts on {d}", lambda m: f"sa période commence le {day(m[1])}"),
            (rf"its window ends on {d}", lambda m: f"sa période prend fin le {day(m[1])}"),
            (
                rf"its window's last day was {d}",
                lambda m: f"sa période a pris fin le {day(m[1])} inclus",
            ),
            (rf"its window ended on {d}", lambda m: f"sa période a pris fin le {day(m[1])}"),
            (rf"its date is {d}", lambda m: f"sa date est le {day(m[1])}"),
            (
                rf"`([\w.]+)` happened on {d}",
                lambda m: f"{ev(m[1])} s'est produit le {day(m[2])}",
            ),
            (
                rf"its deadline {d} passed without `([\w.]+)`",
                lambda m: f"l'échéance du {day(m[1])} est passée sans que {ev(m[2])} se produise",
            ),
            (
                rf"the long-stop date {d} passed without `([\w.]+)`",
                lambda m: (
                    f"la date butoir du {day(m[1])} est passée sans que {ev(m[2])} se produise"
                ),
            ),
            (
                r"its cap of (.+) is reached \((.+)\)",
                lambda m: f"son plafond est atteint ({m[2]})",
            ),
            (
                rf"`([\w.]+)` steps up from {d}",
                lambda m: f"palier prévu à partir du {day(m[2])}",
            ),
            (
                rf"`([\w.]+)` changes from {d}",
                lambda m: f"changement prévu à partir du {day(m[2])}",
            ),
            (
                rf"`([\w.]+)` must be performed by {d}",
                lambda m: f"échéance du {day(m[2])}",
            ),
            (
                rf"renewed for (.+), until {d}: no notice of non-renewal in time",
                lambda m: (
                    f"renouvelé pour {self._duration_words(m[1])}, jusqu'au {day(m[2])}\u202f: "
                    "pas de préavis de non-renouvellement à temps"
                ),
            ),
            (
                rf"notice of non-renewal must be given no later than {d}, (.+) before the term "
                rf"ends on {d}",
                lambda m: (
                    f"préavis de non-renouvellement au plus tard le {day(m[1])}, "
                    f"{self._duration_words(m[2])} avant la fin de la période le {day(m[3])}"
                ),
            ),
            (
                rf"its term ended on {d}: notice of non-renewal was given on {d}",
                lambda m: (
                    f"sa période a pris fin le {day(m[1])}\u202f: préavis de non-renouvellement "
                    f"donné le {day(m[2])}"
                ),
            ),
            (
                rf"its (?:term|last renewal) ended on {d}(?: \((\d+) renewals at most\))?",
                lambda m: f"sa période a pris fin le {day(m[1])}",
            ),
            (
                rf"termination for convenience: notice on {d}, (.+) before",
                lambda m: (
                    f"résiliation pour convenance\u202f: préavis du {day(m[1])}, "
                    f"{self._duration_words(m[2])} avant"
                ),
            ),
            (
                rf"`([\w.]+)` may be exercised no later than {d}",
                lambda m: f"peut être exercée au plus tard le {day(m[2])}",
            ),
            (
                rf"`([\w.]+)` applies until {d}, excluded",
                lambda m: f"s'applique jusqu'à la veille du {day(m[2])}",
            ),
            (
                rf"its deadline {d} passed unexercised",
                lambda m: f"l'échéance du {day(m[1])} est passée sans exercice",
            ),
            (
                rf"it applied until {d}, excluded, without a breach",
                lambda m: f"elle s'est appliquée jusqu'à la veille du {day(m[1])} sans violation",
            ),
            (
                r"`([\w.]+)` gets access (.+) after `([\w.]+)` \(`[\w.]+`\)",
                lambda m: f"accès décalé par rapport à {self.prose.who(m[3])}",
            ),
            (
                r"general availability comes (.+) after `([\w.]+)`'s access \(.+\)",
                lambda m: (
                    f"disponibilité générale après le délai d'avance de {self.prose.who(m[2])}"
                ),
            ),
            (
                r"tranche `([\w.]+)` of (.+) is funded",
                lambda m: "versement de la tranche",
            ),
            (
                r"the payment for (.+) reaches the cap of (.+)",
                lambda m: f"le paiement de la période {m[1]} atteint le plafond",
            ),
        ]
        rules.extend(self._french_mechanics(d, day, ev))
        rules.extend(french_fact_reasons(self._name, d, day, ev))
        rules.extend(story_instruments.french_rules(d, day, ev, self._name))
        for pattern, build in rules:
            match = re.fullmatch(pattern, text)
            if match:
                return build(match)
        prefix = re.fullmatch(r"`([\w.]+)` (starts|ends|is breached): (.+)", text)
        if prefix:
            inner = self._french(prefix[3])
            if inner is None:
                return None
            verb = {"starts": "commence", "ends": "prend fin", "is breached": "est violée"}
            return f"{self._name(prefix[1])} {verb[prefix[2]]} : {inner}"
        terminated = re.fullmatch(r"terminated by `([\w.]+)`: (.+)", text)
        if terminated:
            inner = self._french(terminated[2])
            return None if inner is None else f"résiliée par {self._name(terminated[1])} : {inner}"
        return None

    def _french_mechanics(
        self, d: str, day: Callable[[str], str], ev: Callable[[str], str]
    ) -> list[tuple[str, Callable[[re.Match[str]], str]]]:
        """French for the reasons of the mechanics (evaluate/mechanics.py)."""
        who = self._name
        deal_why = {
            "declined by the holder, on terms no better": "refusée par le bénéficiaire, à des "
            "conditions qui ne sont pas meilleures",
            "no offer was made to the holder first": "aucune offre n'a d'abord été faite au "
            "bénéficiaire",
            "the holder's response window was still open": "le délai de réponse du "
            "bénéficiaire courait encore",
            "the holder accepted the offer": "le bénéficiaire a accepté l'offre",
            "the holder accepted the offer by silence": "le bénéficiaire a accepté l'offre "
            "par son silence",
        }

        def deal_reason(text: str) -> str:
            if text in deal_why:
                return deal_why[text]
            better = re.fullmatch(r"on better terms \((.+)\) than offered \((.+)\)", text)
            if better:
                return f"à de meilleures conditions ({better[1]}) que celles offertes ({better[2]})"
            later = re.fullmatch(r"more than (.+) after the holder declined", text)
            if later:
                return f"plus de {later[1]} après le refus du bénéficiaire"
            off = re.fullmatch(r"`([\w.]+)` is not in force \((\w+)\)", text)
            if off:
                return f"{who(off[1])} n'est pas en vigueur"
            return text

        return [
            (
                rf"`([\w.]+)` offers the deal to `([\w.]+)` at (.+); the response window ends "
                rf"on {d}",
                lambda m: (
                    f"{who(m[1])} offre l'opération à {who(m[2])} pour {m[3]}\u202f; le "
                    f"délai de réponse prend fin le {day(m[4])}"
                ),
            ),
            (
                rf"the response window ended on {d} without an answer; silence counts as "
                r"(a decline|an acceptance)( \(the late answer is ignored\))?",
                lambda m: (
                    f"le délai de réponse a pris fin le {day(m[1])} sans réponse\u202f; "
                    f"le silence vaut {'refus' if m[2] == 'a decline' else 'acceptation'}"
                ),
            ),
            (
                rf"`([\w.]+)` (accepted|declined) the offer of (.+) on {d}",
                lambda m: (
                    f"{who(m[1])} a {'accepté' if m[2] == 'accepted' else 'refusé'} "
                    f"l'offre de {m[3]} le {day(m[4])}"
                ),
            ),
            (
                rf"a third-party deal at (.+) on {d} is (permitted|a breach of `[\w.]+`): (.+)",
                lambda m: (
                    f"une opération avec un tiers à {m[1]} le {day(m[2])} est "
                    f"{'permise' if m[3] == 'permitted' else 'une violation du droit'}\u202f: "
                    f"{deal_reason(m[4])}"
                ),
            ),
            (
                r"(.+) distributed for (\S+): (.+); `([\w.]+)` keeps (.+)",
                lambda m: f"{m[1]} distribués pour {m[2]}\u202f; {who(m[4])} conserve {m[5]}",
            ),
            (
                r"`([\w.]+)` has received (.+) in all with the distribution for (\S+), the "
                r"target of `([\w.]+)`",
                lambda m: f"{who(m[1])} a reçu {m[2]} au total avec la distribution de {m[3]}",
            ),
            (
                r"every tier has reached its target \((\S+)\); the rest stays with `([\w.]+)`",
                lambda m: (
                    f"tous les paliers ont atteint leur objectif ({m[1]})\u202f; le "
                    f"reste revient à {who(m[2])}"
                ),
            ),
            (
                rf"(.+) is late \(due by {d}\): (.+) per (.+) accrues \((pro rata|started "
                r"period)\)(?:, up to (.+))?",
                lambda m: (
                    f"retard (échéance du {day(m[2])})\u202f: {m[3]} par {m[4]} "
                    + ("au prorata" if m[5] == "pro rata" else "par période commencée")
                    + (f", dans la limite de {m[6]}" if m[6] else "")
                ),
            ),
            (
                rf"suspended by force majeure from {d}",
                lambda m: f"suspendu pour force majeure à partir du {day(m[1])}",
            ),
            (
                rf"force majeure ends on {d}: the penalty accrues again",
                lambda m: (
                    f"la force majeure prend fin le {day(m[1])}\u202f: la pénalité court de nouveau"
                ),
            ),
            (
                rf"performed on {d}: the penalty stops accruing at (.+)",
                lambda m: f"exécution le {day(m[1])}\u202f: la pénalité s'arrête à {m[2]}",
            ),
            (
                rf"`([\w.]+)` is (terminated|lapsed|expired) on {d}: the penalty stops accruing "
                r"at (.+)",
                lambda m: (
                    f"{self._name(m[1])} prend fin le {day(m[3])}\u202f: la pénalité s'arrête "
                    f"à {m[4]}"
                ),
            ),
            (
                r"the penalty for `(.+)` reaches its cap of (.+)",
                lambda m: f"la pénalité atteint son plafond de {m[2]}",
            ),
            (
                r"`(.+)` is late beyond (.+): the other party may terminate",
                lambda m: f"retard de plus de {m[2]}\u202f: l'autre partie peut résilier",
            ),
            (
                rf"(.+) is drawn on {d}: interest at (.+) \((.+)\) runs from then",
                lambda m: f"{m[1]} tiré le {day(m[2])}\u202f: intérêts à {m[3]} ({m[4]})",
            ),
            (
                rf"it matures on {d}: principal (.+) and interest (.+) are repaid",
                lambda m: (
                    f"échéance le {day(m[1])}\u202f: remboursement du principal de {m[2]} "
                    f"et des intérêts de {m[3]}"
                ),
            ),
            (
                r"repaid at maturity \((.+)\)",
                lambda m: f"remboursé à l'échéance ({m[1]})",
            ),
            (
                rf"`([\w.]+)` happened on {d}: (.+?)(?: \(with (.+) of interest\))? converts at "
                r"(.+) a share \((.+)\)(?:; (.+) is paid for the fraction of a share)?",
                lambda m: (
                    f"{ev(m[1])} s'est produit le {day(m[2])}\u202f: {m[3]} "
                    + (f"(dont {m[4]} d'intérêts) " if m[4] else "")
                    + f"converti au prix de {m[5]} par action"
                    + (f"\u202f; {m[7]} versés pour la fraction d'action" if m[7] else "")
                ),
            ),
            (
                rf"`([\w.]+)` happened on {d} first: (.+) is (?:re)?paid(?: \(with (.+) of "
                r"interest\))?",
                lambda m: (
                    f"{ev(m[1])} s'est produit le {day(m[2])} en premier\u202f: "
                    f"versement de {m[3]}" + (f" (avec {m[4]} d'intérêts)" if m[4] else "")
                ),
            ),
            (
                rf"it matures on {d} unconverted: (.+) is repaid(?: \(with (.+) of interest\))?",
                lambda m: f"échéance le {day(m[1])} sans conversion\u202f: {m[2]} remboursés",
            ),
            (
                r"(\S+): (.+) measured against the minimum of (.+): (met|a shortfall of (.+))",
                lambda m: (
                    f"{m[1]}\u202f: {m[2]} mesurés pour un minimum de {m[3]}\u202f: "
                    + ("minimum atteint" if m[4] == "met" else f"manque de {m[5]}")
                ),
            ),
            (
                r"(.+) divided pro rata \((largest remainder|down)\): (.+)",
                lambda m: (
                    f"{m[1]} répartis au prorata ("
                    + ("plus forts restes" if m[2] == "largest remainder" else "arrondi inférieur")
                    + ")"
                ),
            ),
            (
                rf"`([\w.]+)` survives \((?:for (.+), until {d}|without limit)\) although it "
                r"would be (\w+): (.+)",
                lambda m: (
                    f"{who(m[1])} survit "
                    + (
                        f"pendant {self._duration_words(m[2])}, jusqu'au {day(m[3])}"
                        if m[2]
                        else "sans limite"
                    )
                ),
            ),
            (
                rf"its survival period of (.+) ended on {d}",
                lambda m: (
                    f"sa période de survie de {self._duration_words(m[1])} a pris fin "
                    f"le {day(m[2])}"
                ),
            ),
        ]

    def _event_fr(self, name: str) -> str:
        if name in self.prose.model.events:
            return f"l'événement {self.prose.quote(self.prose.event_label(name))}"
        return self._name(name)

    def legacy_french(self, text: str) -> str | None:
        """French for a plain-text reason, or None (the English is then shown, and flagged)."""
        translated = self._french(text)
        return None if translated is None else self._amounts(translated)

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
        p, fmt, en = self.prose, self.fmt, self.lang == "en"
        value = c.value
        if c.aspect == "access":
            asset = occurrence_thing(p, c.subject) or p.quote(p.term_label(c.subject))
            if not value:
                text = (
                    f"Priority access to {asset} ends."
                    if en
                    else f"Fin de l'accès prioritaire à {asset}."
                )
            else:
                holder, _since = value[-1]
                if holder == "everyone":
                    text = (
                        f"{asset} becomes generally available."
                        if en
                        else f"{asset} devient disponible pour tous."
                    )
                elif len(value) == 1:
                    text = (
                        f"{p.who(holder)} gets priority access to {asset}."
                        if en
                        else f"{p.who(holder)} obtient un accès prioritaire à {asset}."
                    )
                else:
                    text = (
                        f"{p.who(holder)} also gets access to {asset}."
                        if en
                        else f"{p.who(holder)} obtient à son tour l'accès à {asset}."
                    )
            return self._base(c.on, text, c.reason, "access")
        if c.aspect == "split":
            asset = p.quote(p.term_label(c.subject))
            if not value:
                return None
            shares = fmt.join(
                [
                    f"{fmt.percent(pct)} {'to' if en else 'pour'} {p.who(party)}"
                    for party, pct in value
                ]
            )
            text = (
                f"Ownership of {asset}: {shares}."
                if en
                else f"Propriété de {asset}\u202f: {shares}."
            )
            return self._base(c.on, text, c.reason, "split")
        if c.aspect == "capacity":
            if value is None:
                return None
            title = p.clause_title(c.subject)
            text = (
                f"Capacity under {title}: {fmt.quantity(value)}."
                if en
                else f"Capacité au titre de {title}\u202f: {fmt.quantity(value)}."
            )
            return self._base(c.on, text, c.reason, "capacity")
        if c.aspect == "cap_reached":
            title = p.clause_title(c.subject)
            text = f"{title} reaches its cap." if en else f"{title} atteint son plafond."
            return self._base(c.on, text, c.reason, "cap_reached")
        if c.aspect in FACT_ASPECTS:
            sentence = fact_sentence(p, c)
            return None if sentence is None else self._base(c.on, sentence, c.reason, c.aspect)
        if c.aspect in MECHANIC_ASPECTS:
            sentence = self._mechanic(c)
            return None if sentence is None else self._base(c.on, sentence, c.reason, c.aspect)
        if c.aspect in ("renewal", "notice_by") and value is not None:
            when = fmt.date(value)
            if c.aspect == "renewal":
                text = (
                    f"The term renews until {when}." if en else f"Renouvellement jusqu'au {when}."
                )
            else:
                text = (
                    f"Last day to give notice of non-renewal: {when}."
                    if en
                    else f"Dernier jour pour le préavis de non-renouvellement\u202f: {when}."
                )
            return self._base(c.on, text, c.reason, c.aspect)
        if c.aspect == "due" and value is not None:
            title = p.clause_title(c.subject)
            modality = getattr(p.model.clauses.get(c.subject), "modality", "must")
            if modality == "may":  # an option: "may ..., no later than ..."
                text = (
                    f"{title} may be exercised no later than {fmt.date(value)}."
                    if en
                    else f"{title} peut être exercée au plus tard le {fmt.date(value)}."
                )
            elif modality == "must_not":  # "not before D": the last day bound is the day before
                last = fmt.date(value - timedelta(days=1))
                text = (
                    f"{title} applies until {last}."
                    if en
                    else f"{title} s'applique jusqu'au {last}."
                )
            else:
                text = (
                    f"{title} must be performed by {fmt.date(value)}."
                    if en
                    else f"{title} doit être exécutée au plus tard le {fmt.date(value)}."
                )
            return self._base(c.on, text, c.reason, "due")
        if c.aspect in PAY_ASPECTS:
            sentence = pay_sentence(p, c)
            return None if sentence is None else self._base(c.on, sentence, c.reason, c.aspect)
        return None

    # -- the financing and commercial mechanics ------------------------------------------

    def _mechanic(self, c: Any) -> str | None:
        """One sentence for a mechanic's change (see MECHANIC_ASPECTS)."""
        p, fmt, en = self.prose, self.fmt, self.lang == "en"
        value, aspect = c.value, c.aspect
        head, _, part = c.subject.partition(".")
        title = p.clause_title(head)
        told = story_instruments.sentence(c, title, en, fmt.number)
        if told is not None or aspect in story_instruments.ASPECTS:
            return told
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
