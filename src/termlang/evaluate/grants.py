"""Grants judged against licences (docs/semantics.md §13, "Grants and licences").

A scenario's `grant` (a licensor granting rights to someone else) names what it grants: an
asset, optionally narrowed to fields of use and territories,

    grant  dsl  granada  programmes  1997-03-01 { field free_tv; territory uk }

and is judged on its date, with the day's other acts, against every `licence` of the same
licensor whose subject overlaps the asset (one within the other, as scopes overlap):

1. a licence that has ended (expired, terminated, lapsed) no longer restricts its licensor:
   `permitted (x ended)`; one not yet in force judges nothing;
2. a grant to the licence's licensee (or to whoever now holds it after an assignment) adds
   to its own rights: `permitted (licensee of x)`;
3. a grant whose fields (or territories) all lie outside the licence's, none overlapping,
   does not touch it: `permitted (outside the field of x)` (`... territory of x`). A grant
   or a licence without fields covers every field (without territories, everywhere);
4. a licence that is not exclusive leaves its licensor free to license others:
   `permitted (non-exclusive licence x)`;
5. otherwise the grant is a **breach** of the exclusive licence, dated.

Each verdict is an `act` change under the licence with a typed `grant_judged` reason, and an
entry of `State.acts`. A breach does not end the licence. A licence carries no term on the
licensee's own grants (sublicences), so a grant by a licensee is not judged here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from termlang import model
from termlang.evaluate import timeline as tl
from termlang.evaluate.acts import Judged, any_overlap
from termlang.evaluate.reasons import Reason
from termlang.evaluate.status import Status, as_status

# verdict word -> (permitted, `via` as JSON and `eval` show it, with `{x}` the licence)
VERDICTS: dict[str, tuple[bool, str | None]] = {
    "ended": (True, "{x} ended"),
    "licensee": (True, "licensee of {x}"),
    "outside_field": (True, "outside the field of {x}"),
    "outside_territory": (True, "outside the territory of {x}"),
    "nonexclusive": (True, "non-exclusive licence {x}"),
    "breach": (False, None),
}


def scopes_overlap(m: model.Model, mine: Sequence[str], theirs: Sequence[str]) -> bool:
    """Whether two lists of scopes share ground (an empty list is everywhere)."""
    return not mine or not theirs or any_overlap(m, mine, theirs)


def verdict_of(
    m: model.Model, act: model.Act, c: model.Licence, status: str | None, holder: str
) -> str | None:
    """The verdict word for a grant under a licence (None: the licence does not judge it)."""
    if act.verb != "grant" or act.party != c.licensor:
        return None
    if not any_overlap(m, (act.scope,), c.subject):
        return None
    state = as_status(status or Status.PENDING)
    if state != Status.ACTIVE:
        return "ended" if isinstance(state, Status) and state.ended else None
    if act.counterparty in (c.licensee, holder):
        return "licensee"
    if not scopes_overlap(m, act.fields, c.field_of_use):
        return "outside_field"
    if not scopes_overlap(m, act.territories, c.territory):
        return "outside_territory"
    return "breach" if c.exclusive else "nonexclusive"


class Grants:
    """Mixed into `Engine` (through `Facts`); `Acts.judge_act` calls `judge_grant`."""

    m: model.Model
    status: dict[str, str]
    holders: dict[str, str]
    judged: list[Judged]
    record: Callable[..., None]

    def judge_grant(self, t: date, act: model.Act) -> bool:
        """Judge a grant under every licence it touches; whether any did."""
        touched = False
        for c in self.m.clauses.values():
            if not isinstance(c, model.Licence):
                continue
            status = self.status.get(c.name)
            holder = self.holders.get(c.name, c.licensee)
            word = verdict_of(self.m, act, c, status, holder)
            if word is None:
                continue
            touched = True
            permitted, via = VERDICTS[word]
            reason = Reason.of(
                "grant_judged",
                party=act.party,
                counterparty=act.counterparty,
                subject=(act.scope,),
                on=t,
                verdict=word,
                licence=c.name,
                status=as_status(status) if word == "ended" and status else None,
            )
            j = Judged.of(act, c.name, permitted, via.format(x=c.name) if via else None, reason)
            self.judged.append(j)
            self.record(t, c.name, tl.ACT, None, j.verdict, reason, j)
        return touched
