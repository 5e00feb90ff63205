"""`confidentiality`: parties keep some information confidential, for a window and after it.

    confidentiality mutual_nda "confidentiality of each party's Confidential Information" {
      binds     acme, orbit
      benefits  acme, orbit
      scope     confidential_information
      window    effective .. effective + 1 year
      survives  2 years
      permits   "to its Representatives who need to know it"
    }

The parties in `binds` may not disclose or use what `scope` names (what the clause covers),
which the parties in `benefits` disclosed, from the window's start to its last day; `survives`
keeps the duty in force after the clause or the agreement ends (docs/semantics.md,
"Survival"); each `permits` line is a disclosure the clause allows. Its evaluation is the
clause lifecycle every kind shares, and `checks/survival.py` reads its `survives`.
Documented in docs/language.md, "`confidentiality`". The model class, the schema, the words
of the summary (en, fr) and of redlines are all here: this kind was added in one commit
(CONTRIBUTING.md, "How to add a clause kind").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import field

from termlang import model
from termlang.codes import BAD_VALUE
from termlang.lower.clauses import COMMON
from termlang.lower.lowerer import Lowerer
from termlang.lower.registry import LIFECYCLE, ClauseKind, Draft, Rendering, register, words
from termlang.lower.schema import NAMES, STRING, _many, _req, _schema, ref

if TYPE_CHECKING:
    from attrs import frozen
else:  # built on first use: see termlang.nodes
    from termlang.nodes import frozen


@frozen(kw_only=True, eq=False, repr=False)
class Confidentiality(model.Clause):
    binds: tuple[str, ...]  # the parties that keep the information confidential
    scope: tuple[str, ...]  # what is confidential
    benefits: tuple[str, ...] = ()  # whose information it is (not said: every party's)
    permits: tuple[str, ...] = ()  # the disclosures allowed, as the agreement words them
    kind: str = field(default="confidentiality", init=False)


def _lower(lw: Lowerer, draft: Draft) -> bool:
    """A `permits` line says what is permitted: an empty one would read "Disclosure is
    permitted: ." in the summary."""
    if any(not text.strip() for text in draft.values.get("permits", ())):
        lw.error(
            BAD_VALUE,
            f"`confidentiality` `{draft.name}` has an empty `permits`",
            draft.spans.get("permits") or draft.name_span,
            help='say which disclosure is permitted: `permits "to its professional advisers"`',
        )
        return False
    return True


CONFIDENTIALITY = register(
    ClauseKind(
        keyword="confidentiality",
        model=Confidentiality,
        schema=_schema(
            **COMMON,
            binds=ref(_req(NAMES), "party", role="bound party", example="party_name"),
            benefits=ref(NAMES, "party", "entity", role="protected party", example="party_name"),
            scope=ref(_req(NAMES), "scope", example="scope_name"),
            permits=_many(STRING, attr="permits"),
        ),
        words=words(
            en=("Confidentiality", "confidentiality clause", "confidentiality clauses"),
            fr=("Confidentialité", "clause de confidentialité", "clauses de confidentialité", "f"),
        ),
        handler=LIFECYCLE,
        checks=("survival",),
        lower=_lower,
        render=Rendering(
            holder="benefits",
            parties=("binds", "benefits"),
            colour="#8c6d46",
            sentences={
                "en": (
                    (
                        "{binds} must keep {scope} of {benefits} confidential{window}.",
                        "{binds} must keep {scope} confidential{window}.",
                    ),
                    ("Disclosure is permitted: {permits}.",),
                ),
                "fr": (
                    (
                        "Obligation de confidentialité à la charge de {binds}, au bénéfice de "
                        "{benefits}, portant sur {scope}{window}.",
                        "Obligation de confidentialité à la charge de {binds}, portant sur "
                        "{scope}{window}.",
                    ),
                    ("Divulgations permises\u202f: {permits}.",),
                ),
            },
            fields={
                "en": {"permits": "permitted disclosures"},
                "fr": {"permits": ("divulgations permises", "fp")},
            },
        ),
    )
)
