"""`assignment`: on an event, a clause's rights move from one party to another.

    assignment to_buyer "Licence assigned on the sale of the business" {
      assigns   running_royalty
      assignor  helix
      assignee  acquirer
      on        business_sold
    }

From `on`, the payments of the clause it `assigns` go to the assignee instead of the assignor
(evaluate/payments.py, the `assignment` handler); `checks/licence.py` checks that the assignor
holds the rights it assigns. Documented in docs/language.md, "Payments, licences and
assignment". This is the first kind in registry form: everything lowering, resolve, the
summaries and the redlines know about it is this entry.
"""

from __future__ import annotations

from termlang import model
from termlang.lower.clauses import COMMON
from termlang.lower.registry import ClauseKind, register, words
from termlang.lower.schema import DATE_EXPR, NAME, _req, _schema, ref

ASSIGNMENT = register(
    ClauseKind(
        keyword="assignment",
        model=model.Assignment,
        schema=_schema(
            **COMMON,
            assigns=_req(ref(NAME, "clause", example="clause_name")),
            assignor=_req(ref(NAME, "party", example="party_name")),
            assignee=_req(ref(NAME, "party", "entity", role="assignee", example="party_name")),
            on=_req(ref(DATE_EXPR, "date")),
        ),
        words=words(
            en=("Assignment", "assignment", "assignments"),
            fr=("Cession", "cession", "cessions", "f"),
        ),
        handler="assignment",
        checks=("licence",),
    )
)
