"""Names: every declaration indexed, every reference checked, the semantic model built.

One namespace per file: parties, entities, assets, scopes, streams, events, clauses and
scenarios cannot share a name (a reader could not tell which one a clause means). Parts of
clauses are named with a dot: `softbank_round.second` is the tranche `second` of the
investment `softbank_round`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from types import MappingProxyType
from typing import Any

from termlang import ast, model
from termlang.codes import (
    AGREEMENT_HEADER,
    DUPLICATE_NAME,
    RESERVED_NAME,
    UNDEFINED_NAME,
    WITHIN_CYCLE,
    WRONG_KIND,
)
from termlang.diagnostics import Diagnostic, Label
from termlang.lower import (
    AGGREGATE_STREAMS,
    AGGREGATE_SUBJECTS,
    AGGREGATES,
    CLAUSE_PREDICATES,
    CLAUSES,
    FACT_KEYS,
    KINDS,
    METRICS,
    SCENARIO_KEYS,
    did_you_mean,
)
from termlang.lower.base import Reporter
from termlang.source import SourceFile, Span

RESERVED = frozenset(
    {"effective", "long_stop", "agreement", "never", "any", "earliest", "latest", "yes", "no"}
    | CLAUSE_PREDICATES
    | METRICS
    # scenario lines: an event of one of these names could not be given a date
    | (frozenset(SCENARIO_KEYS) - {"note"} - set(FACT_KEYS))
)
DATE_NAMES = frozenset({"effective", "long_stop"})

# What a reference may name, in the words used in messages.
PARTY = ("party",)
PARTY_OR_ENTITY = ("party", "entity")
ASSET = ("asset",)
SCOPE = ("scope",)
STREAM = ("stream",)
EVENT = ("event",)
CLAUSE = ("clause",)
CALENDAR = ("calendar",)


_CLAUSE_KEYWORDS = frozenset(CLAUSES)

# Candidate names compared for did-you-mean, per file (see `Resolver.suggest`).
SUGGEST_BUDGET = 200_000


def _kind_of(decl: Any) -> str:
    if isinstance(decl, model.Broken):
        if decl.kind in _CLAUSE_KEYWORDS:
            return "clause"
        return {"asset": "asset", "scope": "scope", "stream": "stream"}.get(decl.kind, decl.kind)
    if isinstance(decl, model.Term):
        return decl.kind
    return next((kind for cls, kind in _KINDS if isinstance(decl, cls)), "declaration")


# A declaration's class -> the kind of name it declares (a term's kind is its own).
_KINDS: tuple[tuple[type, str], ...] = (
    (model.Party, "party"),
    (model.Entity, "entity"),
    (model.Event, "event"),
    (model.Scenario, "scenario"),
    (model.Clause, "clause"),
    (model.Tranche, "tranche"),
    (model.CarveOut, "carve_out"),
    (model.WaterfallTier, "tier"),
    (model.Calendar, "calendar"),
    (model.Property, "property"),
)


def _a(word: str) -> str:
    """The word with its indefinite article."""
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _describe_kind(kinds: Sequence[str]) -> str:
    words = {"clause": "clause", "carve_out": "carve-out"}
    names = [words.get(k, k) for k in kinds]
    return names[0] if len(names) == 1 else " or ".join([", ".join(names[:-1]), names[-1]])


class Resolver(Reporter):
    def __init__(self, source: SourceFile | None) -> None:
        super().__init__()
        self.source = source
        self.names: dict[str, Any] = {}
        self.used: set[str] = set()
        self.scenario_used: set[str] = set()  # names only scenarios mention (see `resolve`)
        # Names of each kind, for did-you-mean: built once per kinds tuple, after declaring
        # (rebuilt for every miss, n undefined names cost n x all names).
        self._candidates: dict[tuple[str, ...], list[str]] = {}
        self.suggest_budget = SUGGEST_BUDGET

    # ------------------------------------------------------------------ declaring
    def declare(self, name: str, decl: Any, span: Span | None) -> None:
        if name in RESERVED:
            self.error(
                RESERVED_NAME,
                f"`{name}` is a reserved word and cannot name {_a(_kind_of(decl))}",
                span,
                help=f"choose another name, like `{name}_{_kind_of(decl)}`",
            )
            return
        first = self.names.get(name)
        if first is not None:
            self.error(
                DUPLICATE_NAME,
                f"`{name}` is declared twice",
                span,
                labels=[
                    Label(
                        span=first.name_span, message=f"first declared here as a {_kind_of(first)}"
                    )
                ]
                if first.name_span
                else [],
                help="rename one of them: names are unique across the file",
            )
            return
        self.names[name] = decl
        self._candidates.clear()

    def suggest(self, name: str, candidates: list[str]) -> str | None:
        """Did-you-mean for one undefined name, while the file's suggestion budget lasts.

        Each miss compares the name with every candidate: n misses against n names is n^2
        comparisons. The budget is far above what a file written by hand needs (a few hundred
        names, a few misses); past it, an undefined name gets the plain help instead.
        """
        if len(candidates) > self.suggest_budget:
            return None
        self.suggest_budget -= len(candidates)
        return did_you_mean(name, candidates)

    def candidates(self, kinds: Sequence[str]) -> list[str]:
        """The declared names of one of `kinds`, in declaration order."""
        key = tuple(kinds)
        found = self._candidates.get(key)
        if found is None:
            found = [n for n, d in self.names.items() if _kind_of(d) in key]
            self._candidates[key] = found
        return found

    # ------------------------------------------------------------------ referring
    def lookup(
        self,
        name: str,
        kinds: Sequence[str],
        span: Span | None,
        *,
        role: str | None = None,
        extra: Iterable[str] = (),
    ) -> Any:
        """Resolve `name` to a declaration of one of `kinds`, or report why it does not."""
        if name in extra:
            return None
        self.used.add(name)
        decl = self.names.get(name)
        what = role or _describe_kind(kinds)
        if decl is None:
            suggestion = self.suggest(name, [*self.candidates(kinds), *extra])
            labels = []
            if suggestion is not None and suggestion in self.names:
                target = self.names[suggestion]
                if target.name_span is not None:
                    labels.append(
                        Label(span=target.name_span, message=f"`{suggestion}` is declared here")
                    )
            kinds_text = _describe_kind(kinds)
            self.error(
                UNDEFINED_NAME,
                f"undefined {what} `{name}`",
                span,
                labels=labels,
                help=f"did you mean `{suggestion}`?"
                if suggestion
                else f"declare it, like `{kinds[0]} {name} ...`"
                if kinds[0] in ("party", "entity", "asset", "scope", "stream", "event")
                else f"no {kinds_text} of that name is declared",
            )
            return None
        if _kind_of(decl) not in kinds:
            actual = _describe_kind([_kind_of(decl)])
            help = f"`{self.current_field}` names {_a(_describe_kind(kinds))}"
            self.wrong_kind(name, actual, what, span, decl, help)
            return None
        return decl

    current_field = ""

    def name_span(self, decl: Any, field: str, name: str) -> Span | None:
        """The exact span of `name` inside the line that set `field`."""
        span = decl.spans.get(field) if hasattr(decl, "spans") else None
        if span is None:
            return decl.name_span or decl.span  # type: ignore[no-any-return]
        return _find(span, name)

    def ref_field(
        self,
        decl: Any,
        field: str,
        kinds: Sequence[str],
        *,
        role: str | None = None,
        extra: Iterable[str] = (),
    ) -> None:
        value = getattr(decl, field)
        if value is None:
            return
        names = value if isinstance(value, tuple) else (value,)
        self.current_field = field
        for name in names:
            self.lookup(name, kinds, self.name_span(decl, field, name), role=role, extra=extra)

    # ------------------------------------------------------------------ expressions
    def refs(self, expr: ast.Expr | None) -> Iterator[tuple[str, ast.Expr]]:
        """(context, node) for each name in an expression; context says what it must be."""
        if expr is None:
            return
        stack: list[tuple[str, ast.Expr]] = [("condition", expr)]
        while stack:
            ctx, node = stack.pop()
            match node:
                case ast.Ref():
                    yield ctx, node
                case ast.Not(operand=o):
                    stack.append((ctx, o))
                case ast.And(left=a, right=b) | ast.Or(left=a, right=b):
                    stack.extend([(ctx, b), (ctx, a)])
                case ast.TimeRel(left=a, right=b):
                    stack.append(("date", b))
                    if a is not None:
                        stack.append(("event", a))
                case ast.Compare(left=a, right=b):
                    stack.extend([(ctx, b), (ctx, a)])
                case ast.Offset(base=b):
                    stack.append(("date", b))
                case ast.Range(start=a, end=b):
                    stack.append(("date", a))
                    if b is not None:
                        stack.append(("date", b))
                case ast.Call(func=f, args=(subject, *_)) if f in AGGREGATES:
                    if isinstance(subject, ast.Call) and subject.args:
                        stack.append((f"aggregate:{subject.func}", subject.args[0]))
                    else:
                        stack.append(("aggregate", subject))
                case ast.Call(func=f, args=args):
                    inner = (
                        "stream" if f in METRICS else "clause" if f in CLAUSE_PREDICATES else "date"
                    )
                    stack.extend((inner, a) for a in reversed(args))
                case ast.ListExpr(items=items):
                    stack.extend((ctx, i) for i in reversed(items))

    def check_expr(self, expr: ast.Expr | None, field: str, *, as_date: bool = False) -> None:
        self.current_field = field
        if expr is None:
            return
        root_ctx = "date" if as_date else "condition"
        for ctx, node in self.refs(expr):
            assert isinstance(node, ast.Ref)
            if ctx == "condition" and root_ctx == "date":
                ctx = "date"
            name = node.name
            if ctx in ("date",) and self.occurrence_attribute(name):
                continue
            if ctx.startswith("aggregate"):
                self.aggregate_subject(ctx, node)
                continue
            if ctx in ("date",):
                self.lookup(name, EVENT, node.span, role="event or date", extra=DATE_NAMES)
            elif ctx in ("condition", "event"):
                decl = self.names.get(name)
                if isinstance(decl, model.Clause):
                    self.error(
                        WRONG_KIND,
                        f"`{name}` is a clause, not an event",
                        node.span,
                        help=f"to depend on a clause's state, write `active({name})` or "
                        f"`ended({name})`",
                    )
                    continue
                self.lookup(name, EVENT, node.span, role="event")
            elif ctx == "stream":
                self.lookup(name, STREAM, node.span, role="revenue stream")
            elif ctx == "clause":
                self.lookup(
                    name,
                    ("clause", "tranche", "carve_out"),
                    node.span,
                    role="clause",
                    extra=("agreement",),
                )

    def occurrence_attribute(self, name: str) -> bool:
        """`model_release.ga`: a dated attribute of each occurrence of a recurring event."""
        head, dot, _ = name.partition(".")
        decl = self.names.get(head) if dot else None
        if isinstance(decl, model.Event) and decl.recurring:
            self.used.add(head)
            return True
        return False

    def aggregate_subject(self, ctx: str, node: ast.Ref) -> None:
        """What `sum of` / `count of` may read: `funding`, `deals`, `grants` (optionally of
        one party or investment: `funding(softbank)`), or a recurring event's occurrences."""
        name = node.name
        if ctx == "aggregate":
            if name in AGGREGATE_SUBJECTS:
                return
            decl = self.names.get(name)
            if isinstance(decl, model.Event) and decl.recurring:
                self.used.add(name)
                return
            self.error(
                WRONG_KIND,
                f"`{name}` cannot be summed or counted",
                node.span,
                help="an aggregate reads `funding`, `deals`, `grants`, `funding(INVESTOR)` or "
                "the occurrences of a recurring event",
            )
            return
        func = ctx.partition(":")[2]
        if func in AGGREGATE_STREAMS:
            self.lookup(name, STREAM, node.span, role="revenue stream")
            return
        if func not in AGGREGATE_SUBJECTS:
            self.error(
                WRONG_KIND,
                f"`{func}(...)` cannot be summed or counted",
                node.span,
                help="an aggregate reads `funding`, `deals`, `grants`, `funding(INVESTOR)`, "
                "`deals(PARTY)`, `revenue(STREAM)` or the occurrences of a recurring event "
                "(a reading, `measure` or `delivered`, is judged per period against its target)",
            )
            return
        kinds = ("party", "clause") if func == "funding" else PARTY
        self.lookup(name, kinds, node.span, role="party or investment")

    # ------------------------------------------------------------------ the whole file
    def resolve(self, decls: list[Any], path: str) -> model.Model:
        agreements = [d for d in decls if isinstance(d, model.Agreement)]
        for d in decls:
            if isinstance(d, model.Agreement | model.ExchangeRate | model.VerifySettings):
                continue
            self.declare(d.name, d, d.name_span)
            if isinstance(d, model.Investment):
                for t in d.tranches:
                    self.declare(f"{d.name}.{t.name}", t, t.name_span)
            if isinstance(d, model.Exclusivity):
                for c in d.carve_outs:
                    self.declare(f"{d.name}.{c.name}", c, c.name_span)
            if isinstance(d, model.Waterfall):
                for tier in d.tiers:
                    self.declare(f"{d.name}.{tier.name}", tier, tier.name_span)
        if len(agreements) > 1:
            for extra in agreements[1:]:
                self.error(
                    AGREEMENT_HEADER,
                    "a file holds one agreement",
                    extra.name_span,
                    labels=[Label(span=agreements[0].name_span, message="first agreement here")]
                    if agreements[0].name_span
                    else [],
                    help="put each agreement in its own .term file",
                )
        agreement = agreements[0] if agreements else None
        rates: dict[str, model.ExchangeRate] = {}
        for d in decls:
            if isinstance(d, model.ExchangeRate):
                if d.name in rates:
                    self.error(
                        DUPLICATE_NAME,
                        f"the rate `{d.name}` is declared twice",
                        d.name_span,
                        help="keep one rate per currency pair",
                    )
                rates[d.name] = d
        self.check_terms(decls)
        if agreement is not None:
            self.current_field = "binding"
            for name in agreement.binding_clauses:
                self.lookup(name, CLAUSE, self.name_span(agreement, "binding", name))
            self.ref_field(agreement, "signing", EVENT)
            self.check_expr(agreement.long_stop, "long_stop", as_date=True)
        for d in decls:
            if isinstance(d, model.Broken):
                continue
            if isinstance(d, model.Clause):
                self.check_clause(d)
                for part in _parts(d):
                    self.check_calendars(part)
            elif isinstance(d, model.Scenario):
                # what a scenario names is kept apart: hygiene tells "never used" from "only
                # scenarios mention it" without resolving the agreement a second time
                by_agreement, self.used = self.used, self.scenario_used
                self.check_scenario(d)
                self.used = by_agreement

        def only(kind: type) -> MappingProxyType[str, Any]:
            return MappingProxyType({d.name: d for d in decls if isinstance(d, kind)})  # type: ignore[attr-defined]

        return model.Model(
            path=path,
            agreement=agreement,
            parties=only(model.Party),
            entities=only(model.Entity),
            terms=only(model.Term),
            events=only(model.Event),
            rates=MappingProxyType(rates),
            clauses=only(model.Clause),
            scenarios=only(model.Scenario),
            calendars=only(model.Calendar),
            properties=only(model.Property),
            verify=next((d for d in decls if isinstance(d, model.VerifySettings)), None),
            used_by_agreement=frozenset(self.used),
            used_by_scenarios=frozenset(self.scenario_used),
        )

    def check_terms(self, decls: list[Any]) -> None:
        terms = {d.name: d for d in decls if isinstance(d, model.Term)}
        # `a within b`: walking the chain from each term cost n steps per term, n^2 in all
        # (a chain of 5,000 scopes took minutes); one index answers every walk at once.
        on_chain = model.ChainIndex(
            {n: t.within for n, t in terms.items() if t.within is not None and t.within in terms}
        )
        for term in terms.values():
            if term.within is None:
                continue
            self.current_field = "within"
            parent = self.lookup(
                term.within, (term.kind,), self.name_span(term, "within", term.within)
            )
            if parent is None:
                continue
            # The chain is `parent`, then the terms its `within` leads to; a name seen twice
            # ends it. `term` sits within itself when its own name comes up on it.
            if parent.name == term.name or on_chain.reaches(
                getattr(parent, "within", None), term.name, parent.name
            ):
                self.error(
                    WITHIN_CYCLE,
                    f"`{term.name}` sits within itself",
                    self.name_span(term, "within", term.within),
                    help="a `within` chain must end at a term with no `within`",
                )

    def check_clause(self, c: model.Clause) -> None:
        for f in ("window",):
            window = getattr(c, f)
            if window is not None:
                self.check_expr(window.start, f, as_date=True)
                self.check_expr(window.end, f, as_date=True)
        self.check_expr(c.starts_when, "starts_when")
        self.check_expr(c.ends_when, "ends_when")
        self.check_expr(c.binding_from, "binding_from", as_date=True)
        self.check_schema_refs(c)
        match c:
            case model.PriorityAccess():
                for tier in c.tiers:
                    self.current_field = "next"
                    self.lookup(tier.grantee, PARTY_OR_ENTITY, tier.name_span, role="grantee")
            case model.Split():
                for share in (*c.shares, *(s for st in c.steps for s in st.shares)):
                    self.current_field = "share"
                    self.lookup(share.party, PARTY, share.name_span)
                for st in c.steps:
                    self.check_expr(st.at, "from", as_date=True)
            case model.Exclusivity():
                for co in c.carve_outs:
                    self.ref_field(co, "entity", PARTY_OR_ENTITY, role="entity", extra=("any",))
                    self.ref_field(co, "scope", SCOPE)
                    self.check_expr(co.when, "when")
                    if co.window is not None:
                        self.check_expr(co.window.start, "window", as_date=True)
                        self.check_expr(co.window.end, "window", as_date=True)
            case model.Investment():
                # an outside investor (an `entity`) is named, but not bound (issue 12)
                for t in c.tranches:
                    self.check_expr(t.on, "on", as_date=True)
                    self.check_expr(t.when, "when")
                    self.check_expr(t.deadline, "deadline", as_date=True)
            case model.Compute():
                for st in c.steps:
                    self.check_expr(st.at, "from", as_date=True)
                for target in c.targets:
                    self.check_expr(target.by, "target", as_date=True)
            case model.RevenueShare():
                if c.cap_of is not None:
                    self.current_field = "cap"
                    decl = self.lookup(c.cap_of, CLAUSE, self.name_span(c, "cap", c.cap_of))
                    if decl is not None and not isinstance(decl, model.Investment | model.Broken):
                        self.error(
                            WRONG_KIND,
                            f"`{c.cap_of}` is {_a(decl.kind)}, not an investment",
                            self.name_span(c, "cap", c.cap_of),
                            help="a cap written as a multiple is a multiple of an investment",
                        )
                for st in c.steps:
                    self.check_expr(st.at, "from", as_date=True)
            case model.Obligation():
                for cons in c.on_breach:
                    for name in cons.clauses:
                        self.current_field = "on_breach"
                        self.lookup(name, CLAUSE, _find(cons.span, name))
                for cons in c.on_exercise:  # an option's consequences (evaluate/options.py)
                    for name in cons.clauses:
                        self.check_exercise(cons.action, name, _find(cons.span, name))
            case (
                model.FirstRefusal()
                | model.Waterfall()
                | model.Penalty()
                | model.Loan()
                | model.Convertible()
                | model.MinimumCommitment()
                | model.Allocation()
                | model.PaymentObligation()
                | model.Licence()
                | model.Round()
            ):
                self.check_mechanics(c)
            case model.Termination():
                self.current_field = "ends"
                for name in c.ends:
                    self.lookup(name, CLAUSE, self.name_span(c, "ends", name), extra=("agreement",))

    def check_schema_refs(self, c: model.Clause) -> None:
        """The fields whose schema says what they refer to (`Field.refers`, lower/registry.py):
        a kind in registry form needs no code here."""
        for key, spec in KINDS[c.kind].schema.items():
            attr = spec.attr or key
            if spec.refers in (("date",), ("condition",)):
                self.check_expr(getattr(c, attr), attr, as_date=spec.refers == ("date",))
            elif spec.refers:
                self.ref_field(c, attr, spec.refers, role=spec.role)

    def check_calendars(self, decl: Any) -> None:
        """`... using NAME`: every named holiday calendar is a declared `calendar`."""
        for field_name, name in decl.calendars:
            self.current_field = field_name
            self.lookup(name, CALENDAR, self.name_span(decl, field_name, name))

    def check_exercise(self, action: str, name: str, span: Span | None) -> None:
        """`on_exercise renew TERM`, `terminate CLAUSE|agreement`, `buy PAYMENT`."""
        if action == "terminate":
            self.current_field = "on_exercise"
            self.lookup(name, CLAUSE, span, extra=("agreement",))
        elif action == "renew":
            self.clause_of(
                name,
                span,
                (model.Termination,),
                "termination",
                "`on_exercise renew` names the `termination` whose `term` the option extends",
                "on_exercise",
            )
        else:
            self.clause_of(
                name,
                span,
                (model.PaymentObligation,),
                "payment",
                "`on_exercise buy` names the `payment` that falls due on exercise",
                "on_exercise",
            )

    def clause_of(
        self,
        name: str,
        span: Span | None,
        kinds: tuple[type, ...],
        what: str,
        help: str,
        field: str,
    ) -> Any:
        """A clause reference that must name a clause of one of `kinds`."""
        self.current_field = field
        found = self.names.get(name)
        if found is not None and _kind_of(found) == "clause":
            decl = self.lookup(name, CLAUSE, span, role=what)
        elif found is not None:  # not a clause at all: say which clause kinds fit
            self.used.add(name)
            decl = found
        else:
            decl = self.lookup(name, CLAUSE, span, role=what)
        if decl is not None and not isinstance(decl, (*kinds, model.Broken)):
            actual = (
                decl.kind.replace("_", " ")
                if isinstance(decl, model.Clause)
                else _describe_kind([_kind_of(decl)])
            )
            self.wrong_kind(name, actual, what, span, decl, help)
            return None
        return decl

    def wrong_kind(
        self, name: str, actual: str, what: str, span: Span | None, decl: Any, help: str | None
    ) -> None:
        """`name` names `actual` (a party, a clause, ...) where `what` is wanted."""
        declared = [Label(span=decl.name_span, message="declared here")] if decl.name_span else []
        self.error(
            WRONG_KIND,
            f"`{name}` is {_a(actual)}, not {_a(what)}",
            span,
            labels=declared,
            help=help,
        )

    def check_mechanics(self, c: model.Clause) -> None:
        """Names in the clauses of the financing mechanics."""
        match c:
            case model.Waterfall():
                for tier in c.tiers:
                    self.ref_field(tier, "to", PARTY)
                    if tier.until_of is not None:
                        self.clause_of(
                            tier.until_of,
                            self.name_span(tier, "until_of", tier.until_of),
                            (model.Investment, model.Convertible, model.Loan),
                            "investment",
                            "a tier is recouped, or capped at a multiple, of an `investment`, a "
                            "`convertible` or a `loan`",
                            "until",
                        )
            case model.Penalty():
                self.clause_of(
                    c.on,
                    self.name_span(c, "on", c.on),
                    (model.Obligation, model.RevenueShare, model.PaymentObligation),
                    "obligation or payment",
                    "a penalty accrues while an `obligation` is late against its deadline, or "
                    "while the payments of a `revenue_share` are late; for a loan repaid late, "
                    "declare an `obligation` to repay it (`deadline` its maturity, "
                    "`fulfilled_by` the repayment) and put the penalty on that",
                    "on",
                )
                for fm in c.force_majeure:
                    self.check_expr(fm.start, "force_majeure", as_date=True)
                    self.check_expr(fm.end, "force_majeure", as_date=True)
            case model.MinimumCommitment():
                if c.payments is not None:
                    self.clause_of(
                        c.payments,
                        self.name_span(c, "payments", c.payments),
                        (model.RevenueShare,),
                        "revenue share",
                        "`payments` names the `revenue_share` whose payments are measured",
                        "payments",
                    )
            case model.PaymentObligation():
                self.ref_field(c, "share_of", STREAM, role="stream")
                self.check_expr(c.due, "due", as_date=True)
            case model.Licence():
                if c.fee is not None:
                    self.clause_of(
                        c.fee,
                        self.name_span(c, "fee", c.fee),
                        (model.PaymentObligation, model.RevenueShare),
                        "payment",
                        "a licence's `fee` names the `payment` or `revenue_share` that pays it",
                        "fee",
                    )
            case model.Round():
                for name in c.investments:
                    self.clause_of(
                        name,
                        self.name_span(c, "investments", name),
                        (model.Investment,),
                        "investment",
                        "`investments` names the `investment` clauses of the round",
                        "investments",
                    )
            case model.Allocation():
                for weight in c.weights:
                    self.current_field = "weight"
                    self.lookup(weight.party, PARTY_OR_ENTITY, weight.name_span, role="party")

    def check_scenario(self, s: model.Scenario) -> None:
        seen: dict[str, model.Occurrence] = {}
        for occ in s.occurrences:
            self.current_field = occ.event
            self.lookup(occ.event, EVENT, occ.name_span)
            if occ.event in seen:
                first = seen[occ.event]
                self.error(
                    DUPLICATE_NAME,
                    f"the scenario gives `{occ.event}` twice",
                    occ.name_span,
                    labels=[Label(span=first.span, message="first given here")]
                    if first.span
                    else [],
                    help="an event happens once in a scenario: keep one line",
                )
            seen[occ.event] = occ
        streams_seen: set[tuple[str, str]] = set()
        figures: list[model.Figure | model.Series] = [*s.figures, *s.series]
        for fig in figures:
            if (fig.metric, fig.subject) in streams_seen:
                continue
            streams_seen.add((fig.metric, fig.subject))
            self.current_field = fig.metric
            role = "revenue stream" if fig.metric == "revenue" else "stream"
            self.lookup(fig.subject, STREAM, fig.spans.get("subject"), role=role)
        rights = (model.FirstRefusal,)
        right_help = (
            "offers and third-party deals are made under a `first_refusal` or `first_offer`"
        )
        for financing in s.financings:
            self.current_field = "financing"
            self.lookup(financing.event, EVENT, financing.name_span)
        for proceeds in s.proceeds:
            self.current_field = "proceeds"
            self.lookup(proceeds.event, EVENT, proceeds.name_span)
        for election in s.elections:
            self.clause_of(
                election.clause,
                election.name_span,
                (model.Convertible,),
                "convertible",
                "a holder elects under a `convertible` note with `at_maturity election`",
                "election",
            )
        for waiver in s.waivers:
            self.clause_of(
                waiver.clause,
                waiver.name_span,
                (model.Obligation,),
                "option",
                "an option is an `obligation` written with `may`",
                "waived",
            )
        for offer in s.offers:
            self.clause_of(
                offer.clause,
                offer.name_span,
                rights,
                "right of first refusal",
                right_help,
                "offer",
            )
        for deal in s.third_party_deals:
            self.clause_of(
                deal.clause,
                deal.name_span,
                rights,
                "right of first refusal",
                right_help,
                "third_party",
            )
        self.check_facts(s)
        paid_seen: set[str] = set()
        for payment in s.payments:
            if payment.clause in paid_seen:
                continue
            paid_seen.add(payment.clause)
            self.clause_of(
                payment.clause,
                payment.spans.get("subject"),
                (model.RevenueShare, model.PaymentObligation),
                "revenue share",
                "`payments` gives the payment dates of a `revenue_share`'s periods (a loan is "
                "repaid at its `maturity`)",
                "payments",
            )

    def check_facts(self, s: model.Scenario) -> None:
        """The names in a scenario's facts: occurrences, readings, fundings, acts."""
        for inst in s.instances:
            self.current_field = inst.event
            self.lookup(inst.event, EVENT, inst.spans.get("event"))
        for reading in s.readings:
            if reading.kind == "delivered":
                self.clause_of(
                    reading.subject,
                    reading.name_span,
                    (model.Compute,),
                    "compute clause",
                    "`delivered` gives the capacity a `compute` clause actually delivered",
                    "delivered",
                )
        for funded in s.fundings:
            self.current_field = "funded"
            self.lookup(funded.tranche, ("tranche",), funded.name_span, role="tranche")
        for act in s.acts:
            self.current_field = act.verb
            self.lookup(act.party, PARTY, act.spans.get("party"), role="party")
            self.lookup(act.counterparty, PARTY_OR_ENTITY, act.spans.get("counterparty"))
            self.lookup(
                act.scope, SCOPE + ASSET if act.verb == "grant" else SCOPE, act.spans.get("scope")
            )
            for key, names in (("field", act.fields), ("territory", act.territories)):
                for name in names:
                    self.lookup(name, SCOPE, act.spans.get(f"{key}.{name}"))


def _parts(c: model.Clause) -> list[Any]:
    """A clause and the declarations inside it (which may name holiday calendars too)."""
    parts: list[Any] = [c]
    match c:
        case model.Investment():
            parts.extend(c.tranches)
        case model.Exclusivity():
            parts.extend(c.carve_outs)
        case model.Waterfall():
            parts.extend(c.tiers)
    for step in getattr(c, "steps", ()):
        parts.append(step)
    return parts


def _find(span: Span | None, name: str) -> Span | None:
    """The first whole-word `name` in `span` (not preceded by a word character or a dot).

    A plain scan, not a regex: every name would compile a new pattern, and past the regex
    cache that cost about half a millisecond per reference (seconds on a large file).
    """
    if span is None:
        return None
    text = span.text
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        before = text[at - 1] if at > 0 else ""
        after = text[end] if end < len(text) else ""
        if not _word(before, dot=True) and not _word(after):
            return Span(span.source, span.start + at, span.start + end)
        at = text.find(name, at + 1)
    return span


def _word(char: str, *, dot: bool = False) -> bool:
    """Whether `char` is a regex word character (`\\w`), or a dot when `dot` is set."""
    return bool(char) and (char.isalnum() or char == "_" or (dot and char == "."))


def resolve(
    decls: list[Any], path: str, source: SourceFile | None = None
) -> tuple[model.Model, list[Diagnostic], set[str]]:
    """Index the declarations and check every name. Returns the model, problems and used names."""
    resolver = Resolver(source)
    result = resolver.resolve(decls, path)
    return result, resolver.diagnostics, resolver.used | resolver.scenario_used
