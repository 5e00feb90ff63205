"""The view model: everything a template may show, as plain dicts, lists and strings.

Templates only lay this out; every sentence, date and amount is already written here in the
chosen language. The shape is a stable contract documented in docs/templates.md: keys may
be added, never renamed or removed without a major version.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from termlang.diagnostics import Diagnostic, Severity
from termlang.evaluate.reasons import Reason
from termlang.locales import Formatter
from termlang.model import Agreement, AnyClause, Exclusivity, Investment, Model, Scenario
from termlang.render import kinds, story_instruments
from termlang.render.labels import CLAUSE_KINDS, KINDS, LABELS, ROLES, SEVERITIES
from termlang.render.prose import Prose, capitalize, carve_cap
from termlang.render.prose_pay import binding_label, outcome_lines
from termlang.render.reasons import Wording
from termlang.version import __version__

VIEW_VERSION = 1


def make_prose(model: Model, locale: str) -> Prose:
    fmt = Formatter(locale)
    if locale == "fr":
        from termlang.render.prose_fr import French

        return French(model, fmt)
    from termlang.render.prose_en import English

    return English(model, fmt)


def reflow(text: str | None) -> list[str]:
    """A note as paragraphs: common indentation removed, lines joined, blank lines kept."""
    if not text:
        return []
    body = textwrap.dedent(text).strip()
    return [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]


# The fields that name a clause's parties, for the kinds whose `Rendering` lists none.
_PARTY_FIELDS = (
    "grantee",
    "benefits",
    "binds",
    "party",
    "partner",
    "investor",
    "recipient",
    "provider",
    "beneficiary",
    "payer",
    "payee",
    "parties",
    "holder",
    "issuer",
    "lender",
    "borrower",
    "remainder",
)


def _parties_of(clause: AnyClause) -> list[str]:
    names: list[str] = []
    spec = kinds.rendering(clause.kind)
    for field in spec.parties if spec is not None and spec.parties else _PARTY_FIELDS:
        for name in kinds.named(clause, field):
            if name not in names:
                names.append(name)
    for part in (*getattr(clause, "tiers", ()), *getattr(clause, "weights", ())):
        who = (
            getattr(part, "grantee", None)
            or getattr(part, "to", None)
            or getattr(part, "party", None)
        )
        if isinstance(who, str) and who not in names:
            names.append(who)
    return names


def _access_figures(prose: Prose, c: Any) -> list[str]:
    out = []
    if c.lead_time is not None:
        lead = "lead" if prose.lang == "en" else "d’avance"
        out.append(f"{prose.fmt.duration(c.lead_time)} {lead}")
    for tier in c.tiers:
        out.append(f"{prose.who(tier.grantee)}: +{prose.fmt.duration(tier.after)}")
    return out


def _split_figures(prose: Prose, c: Any) -> list[str]:
    return [f"{prose.who(s.party)} {prose.fmt.percent(s.percent)}" for s in c.shares]


def _investment_figures(prose: Prose, c: Any) -> list[str]:
    fmt, out = prose.fmt, []
    if c.commitment is not None:
        out.append(fmt.money(c.commitment))
    if c.return_cap is not None:
        cap = "return cap" if prose.lang == "en" else "plafond de rendement"
        out.append(f"{cap} {fmt.multiple(c.return_cap)}")
    out.extend(f"{t.name.replace('_', ' ')}: {fmt.money(t.amount)}" for t in c.tranches)
    return out


def _compute_figures(prose: Prose, c: Any) -> list[str]:
    out = [prose.fmt.quantity(c.capacity)] if c.capacity is not None else []
    out.extend(prose.target(t) for t in c.targets)
    return out


def _revenue_share_figures(prose: Prose, c: Any) -> list[str]:
    fmt = prose.fmt
    out = [f"{fmt.percent(c.rate)} {fmt.period(c.period)}"]
    cap = "cap" if prose.lang == "en" else "plafond"
    if c.cap is not None:
        out.append(f"{cap} {fmt.money(c.cap)}")
    elif c.cap_multiple is not None:
        out.append(f"{cap} {fmt.multiple(c.cap_multiple)}")
    return out


def _exclusivity_figures(prose: Prose, c: Any) -> list[str]:
    out = []
    for carve in c.carve_outs:
        cap, _ = carve_cap(carve)
        if cap is not None:
            out.append(f"{carve.name.replace('_', ' ')}: {prose.fmt.percent(cap)}")
    return out


# The key figures of the kinds that show some, beside their sentences (docs/templates.md).
_FIGURES = {
    "priority_access": _access_figures,
    "split": _split_figures,
    "investment": _investment_figures,
    "compute": _compute_figures,
    "revenue_share": _revenue_share_figures,
    "exclusivity": _exclusivity_figures,
}


def _figures(prose: Prose, clause: AnyClause) -> list[str]:
    figures = _FIGURES.get(clause.kind)
    out = figures(prose, clause) if figures is not None else []
    for step in getattr(clause, "steps", ()):
        if step.rate is not None or step.capacity is not None:
            moment = prose.moment(step.at)
            out.append(f"{prose.step_value(step)} ({moment[:1].lower()}{moment[1:]})")
    return out


def _dates(prose: Prose, clause: AnyClause) -> list[str]:
    out: list[str] = []
    window = prose.window(clause)
    if window:
        out.append(window)
    c: Any = clause
    deadline = getattr(c, "deadline", None)
    if deadline is not None:
        out.append(f"{'deadline' if prose.lang == 'en' else 'échéance'}: {prose.date_np(deadline)}")
    for tranche in getattr(c, "tranches", ()):
        if tranche.on is not None:
            out.append(f"{tranche.name.replace('_', ' ')}: {prose.date_np(tranche.on)}")
        if tranche.deadline is not None:
            label = "deadline" if prose.lang == "en" else "échéance"
            out.append(
                f"{tranche.name.replace('_', ' ')} ({label}): {prose.date_np(tranche.deadline)}"
            )
    return out


def _conditions(prose: Prose, clause: AnyClause) -> list[str]:
    c: Any = clause
    out: list[str] = []
    for attr in ("when", "trigger"):
        expr = getattr(c, attr, None)
        if expr is not None:
            out.append(prose.cond_if(expr))
    for tranche in getattr(c, "tranches", ()):
        if tranche.when is not None:
            out.append(f"{tranche.name.replace('_', ' ')}: {prose.cond_if(tranche.when)}")
    if getattr(c, "breached_by", None):
        out.append(prose.cond_if(_ref(c.breached_by)))
    if getattr(c, "on_breach", ()):
        out.append(prose.consequences(c))
    return out


_OFFER_WORDS = {
    "open": ("offer open", "offre en cours"),
    "accepted": ("offer accepted", "offre acceptée"),
    "declined": ("offer declined", "offre refusée"),
    "lapsed": ("offer lapsed", "offre expirée"),
}

Line = tuple[str, str]  # (clause, text): one line of the outcomes


def _colon(prose: Prose) -> str:
    return ": " if prose.lang == "en" else "\u202f: "


def _offer_lines(prose: Prose, state: Any) -> list[Line]:
    """Offers under rights of first refusal or offer, and third-party deals."""
    fmt, en, colon = prose.fmt, prose.lang == "en", _colon(prose)
    lines = [
        (name, _OFFER_WORDS.get(status, (status, status))[0 if en else 1])
        for name, status in state.offers.items()
    ]
    for name, deals in state.deals.items():
        for deal in deals:
            if deal.permitted:
                verdict = "permitted" if en else "permise"
            else:
                verdict = "a breach" if en else "violation"
            what = "third-party deal" if en else "opération avec un tiers"
            lines.append(
                (name, f"{what} {fmt.date(deal.on)}, {fmt.money(deal.price)}{colon}{verdict}")
            )
    return lines


def _waterfall_lines(prose: Prose, state: Any) -> list[Line]:
    """What each waterfall's claimants received, and the tiers reached."""
    fmt, en, colon = prose.fmt, prose.lang == "en", _colon(prose)
    lines = []
    for name, received in state.received.items():
        got = fmt.join([f"{prose.who(r)} {fmt.money(a)}" for r, a in received.items()])
        lines.append((name, f"{'received' if en else 'reçu'}{colon}{got}"))
    for tier, on in state.tiers_reached.items():
        head, _, part = tier.partition(".")
        lines.append(
            (
                head,
                f"{'tier' if en else 'palier'} {prose.quote(part.replace('_', ' '))}{colon}"
                f"{'reached on' if en else 'atteint le'} {fmt.date(on)}",
            )
        )
    return lines


def _penalty_lines(prose: Prose, state: Any) -> list[Line]:
    """Penalties accrued (their cap, a right to terminate) and interest."""
    fmt, en, colon = prose.fmt, prose.lang == "en", _colon(prose)
    lines = []
    for name, value in state.penalties.items():
        text = f"{'accrued' if en else 'couru'}{colon}{fmt.money(value)}"
        if name in state.penalty_caps:
            cap_on = fmt.date(state.penalty_caps[name])
            text += f" ({'cap reached' if en else 'plafond atteint le'} {cap_on})"
        if name in state.terminate_rights:
            text += (
                f"; {'may terminate from' if en else 'résiliation possible dès le'} "
                f"{fmt.date(state.terminate_rights[name])}"
            )
        lines.append((name, text))
    for name, value in state.interest.items():
        lines.append((name, f"{'interest' if en else 'intérêts'}{colon}{fmt.money(value)}"))
    return lines


def _instrument_lines(prose: Prose, state: Any) -> list[Line]:
    """Conversions into shares, and what was paid back."""
    fmt, en, colon = prose.fmt, prose.lang == "en", _colon(prose)
    lines = []
    for name, conv in state.conversions.items():
        if conv.event == "qualified_financing" or (conv.event == "maturity" and conv.price):
            count = fmt.number(conv.issued if conv.issued is not None else conv.shares)
            unit = conv.units if en else story_instruments.units_fr(conv.units)
            lines.append((name, f"{count} {unit} ({fmt.date(conv.on)})"))
    for name, value in state.repaid.items():
        lines.append((name, f"{'paid back' if en else 'remboursé'}{colon}{fmt.money(value)}"))
    return lines


def _amount(prose: Prose, value: Any) -> str:
    if hasattr(value, "currency"):
        return prose.fmt.money(value.rounded())
    return prose.fmt.quantity(value)


def _commitment_lines(prose: Prose, state: Any) -> list[Line]:
    """Shortfalls against minimum commitments, and allocations."""
    fmt, en, colon = prose.fmt, prose.lang == "en", _colon(prose)
    lines = []
    for name, periods in state.shortfalls.items():
        for period, value in periods.items():
            lines.append(
                (
                    name,
                    f"{'shortfall' if en else 'écart par rapport au minimum'} "
                    f"{Wording(prose).period(str(period))}{colon}{_amount(prose, value)}",
                )
            )
    for name, parts in state.allocations.items():
        lines.append((name, fmt.join([f"{prose.who(r)} {fmt.money(a)}" for r, a in parts.items()])))
    return lines


def _survival_lines(prose: Prose, state: Any) -> list[Line]:
    en = prose.lang == "en"
    lines = []
    for name, until in state.survives.items():
        if until is None:
            text = "survives without limit" if en else "survit sans limite"
        else:
            text = f"{'survives until' if en else 'survit jusqu’au'} {prose.fmt.date(until)}"
        lines.append((name, text))
    return lines


def _outcomes(prose: Prose, state: Any) -> list[dict[str, Any]]:
    """The mechanics' results at the horizon, one line per clause (docs/templates.md)."""
    lines = [
        *_offer_lines(prose, state),
        *_waterfall_lines(prose, state),
        *_penalty_lines(prose, state),
        *_instrument_lines(prose, state),
        *_commitment_lines(prose, state),
        *_survival_lines(prose, state),
        *outcome_lines(prose, state),  # payments and assigned rights
    ]
    return [
        {"clause": name, "clause_title": prose.clause_title(name), "text": text}
        for name, text in lines
    ]


def _declaration_notes(prose: Prose, model: Model) -> list[dict[str, Any]]:
    """The notes on parties, entities, assets, scopes, streams and events (docs/language.md:
    "a string quoted by summaries"), in the order the model lists them."""
    out: list[dict[str, Any]] = []
    declared: list[Any] = [*model.parties.values(), *model.entities.values()]
    for p in declared:
        if p.note:
            out.append({"subject": prose.who(p.name), "clause": None, "text": reflow(p.note)})
    for term in model.terms.values():
        if term.note:
            subject = prose.quote(prose.term_label(term.name))
            out.append({"subject": subject, "clause": None, "text": reflow(term.note)})
    for event in model.events.values():
        if event.note:
            subject = prose.quote(prose.event_label(event.name))
            out.append({"subject": subject, "clause": None, "text": reflow(event.note)})
    return out


def reason_words(model: Any, reason: Reason, locale: str = "en") -> str:
    """`reason` in words for one model (the text output of `eval` and `timeline`)."""
    text, _ = Wording(make_prose(model, locale)).reason(reason)
    return text[:1].upper() + text[1:]


def _ref(name: str) -> Any:
    from termlang import ast

    return ast.Ref(parts=tuple(name.split(".")))


def _clause_of(model: Model, diagnostic: Diagnostic) -> AnyClause | None:
    span = diagnostic.span
    if span is None:
        return None
    for clause in model.clauses.values():
        if clause.span is not None and clause.span.start <= span.start <= clause.span.end:
            return clause
    return None


def _binding_text(prose: Prose, agreement: Agreement) -> str:
    """ "Binding", "Non-binding, except “...”" or "Non-binding", in the prose's language."""
    en = prose.lang == "en"
    if agreement.binding:
        return "Binding" if en else "Contraignant"
    if agreement.binding_clauses:
        titles = prose.fmt.join([prose.clause_title(n) for n in agreement.binding_clauses])
        return f"Non-binding, except {titles}" if en else f"Non contraignant, sauf {titles}"
    return "Non-binding" if en else "Non contraignant"


def _agreement_view(prose: Prose, agreement: Agreement, locale: str) -> dict[str, Any]:
    """The header: what the agreement is, its dates, its law."""
    fmt = prose.fmt
    long_stop = prose.date_np(agreement.long_stop) if agreement.long_stop is not None else None
    if long_stop is not None and locale == "fr" and long_stop.startswith("le "):
        long_stop = long_stop[3:]
    signing = None
    if agreement.signing:
        signing = (
            prose.event_label(agreement.signing)
            if locale == "en"
            else prose.quote(prose.event_label(agreement.signing))
        )
    return {
        "title": agreement.title,
        "kind": agreement.kind,
        "kind_label": KINDS[locale].get(agreement.kind, agreement.kind),
        "binding": agreement.binding,
        "binding_text": _binding_text(prose, agreement),
        "binding_clauses": [
            {"name": n, "title": prose.clause_title(n)} for n in agreement.binding_clauses
        ],
        "effective": fmt.date(agreement.effective),
        "effective_iso": agreement.effective.isoformat(),
        "long_stop": long_stop,
        "signing": signing,
        "governing_law": agreement.governing_law,
        "excludes": fmt.join([CLAUSE_KINDS[locale].get(k, k) for k in agreement.excludes])
        if agreement.excludes
        else None,
        "note": reflow(agreement.note),
    }


def _parties_view(prose: Prose, model: Model, locale: str) -> list[dict[str, Any]]:
    return [
        {
            "name": p.name,
            "legal_name": p.legal_name or p.name,
            "role": ROLES[locale].get(p.role or "", p.role or "") if p.role else "",
            "capacity": [prose.fmt.quantity(q) for q in p.capacity],
            "note": reflow(p.note),
        }
        for p in model.parties.values()
    ]


def _money(prose: Prose, model: Model) -> list[dict[str, Any]]:
    """Money committed per investor (exact sums per currency)."""
    fmt = prose.fmt
    committed: dict[str, dict[str, Any]] = {}
    for clause in model.clauses.values():
        if isinstance(clause, Investment) and clause.commitment is not None:
            entry = committed.setdefault(clause.investor, {})
            currency = clause.commitment.currency
            entry[currency] = (
                entry[currency] + clause.commitment if currency in entry else clause.commitment
            )
    return [
        {
            "investor": investor,
            "investor_name": prose.who(investor),
            "amount": fmt.join([fmt.money(amount) for _, amount in sorted(amounts.items())]),
            "clauses": [
                prose.clause_title(c.name)
                for c in model.clauses.values()
                if isinstance(c, Investment) and c.investor == investor
            ],
        }
        for investor, amounts in committed.items()
    ]


def _open_points(
    prose: Prose, model: Model, diagnostics: Sequence[Diagnostic], locale: str
) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """The checker's findings (notes aside), in order, and the same grouped by clause."""
    open_points = []
    by_clause: dict[str, list[dict[str, Any]]] = {}
    for diag in sorted(diagnostics, key=Diagnostic.sort_key):
        if diag.severity is Severity.NOTE:
            continue
        about = _clause_of(model, diag)
        point = {
            "code": diag.code,
            "severity": diag.severity.value,
            "severity_label": SEVERITIES[locale][diag.severity.value],
            "message": diag.message.replace("`", ""),
            "help": diag.help.replace("`", "") if diag.help else None,
            "clause": about.name if about is not None else None,
            "clause_title": prose.clause_title(about.name) if about is not None else None,
            "line": diag.span.start_pos.line if diag.span is not None else None,
        }
        open_points.append(point)
        if about is not None:
            by_clause.setdefault(about.name, []).append(point)
    return open_points, by_clause


def _note(subject: str, clause: str | None, text: str | None) -> dict[str, Any]:
    return {"subject": subject, "clause": clause, "text": reflow(text)}


def _carve_outs(
    prose: Prose, clause: AnyClause, notes: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """An exclusivity's carve-outs, their notes added to `notes`."""
    out: list[dict[str, Any]] = []
    if not isinstance(clause, Exclusivity):
        return out
    for carve in clause.carve_outs:
        out.append(
            {
                "name": carve.name,
                "sentence": prose.carve_out_sentence(clause, carve),
                "note": reflow(carve.note),
            }
        )
        if carve.note:
            subject = f"{prose.clause_title(clause.name)} — {carve.name}"
            notes.append(_note(subject, clause.name, carve.note))
    return out


def _part_notes(prose: Prose, clause: AnyClause) -> list[dict[str, Any]]:
    """The notes on a clause's tranches and tiers, then on the clause itself."""
    out = []
    for part in (*getattr(clause, "tranches", ()), *getattr(clause, "tiers", ())):
        if getattr(part, "note", None):
            subject = f"{prose.clause_title(clause.name)} — {part.name.replace('_', ' ')}"
            out.append(_note(subject, clause.name, part.note))
    if clause.note and clause.note != clause.label:
        out.append(_note(prose.clause_title(clause.name), clause.name, clause.note))
    return out


def _clause_view(
    prose: Prose,
    clause: AnyClause,
    binding: bool,
    carve_outs: list[dict[str, Any]],
    open_points: list[dict[str, Any]],
) -> dict[str, Any]:
    """One clause as the summary shows it (docs/templates.md, `clauses`)."""
    labels = LABELS[prose.lang]
    return {
        "name": clause.name,
        "kind": clause.kind,
        "kind_label": CLAUSE_KINDS[prose.lang].get(clause.kind, clause.kind),
        "title": capitalize(clause.label or clause.name.replace("_", " ")),
        "binding": binding,
        "binding_label": binding_label(
            prose,
            clause,
            labels["binding_clause"] if binding else labels["non_binding_clause"],
        ),
        "sentences": prose.clause_sentences(clause),
        "carve_outs": carve_outs,
        "tranches": [
            {"name": t.name, "sentence": prose.tranche_sentence(t), "note": reflow(t.note)}
            for t in getattr(clause, "tranches", ())
        ],
        "parties": [prose.who(n) for n in _parties_of(clause)],
        "figures": _figures(prose, clause),
        "dates": _dates(prose, clause),
        "conditions": _conditions(prose, clause),
        "note": reflow(clause.note) if clause.note != clause.label else [],
        "open_points": open_points,
        "holder": kinds.holder(clause),
    }


def _clauses(
    prose: Prose, model: Model, by_clause: dict[str, list[dict[str, Any]]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every clause, and every note (the agreement's, the declarations', the clauses')."""
    agreement = model.agreement
    assert agreement is not None
    clauses = []
    notes = []
    if agreement.note:
        notes.append(_note(agreement.title, None, agreement.note))
    notes.extend(_declaration_notes(prose, model))
    for clause in model.clauses.values():
        carve_outs = _carve_outs(prose, clause, notes)
        notes.extend(_part_notes(prose, clause))
        binding = agreement.binding or clause.name in agreement.binding_clauses
        clauses.append(
            _clause_view(prose, clause, binding, carve_outs, by_clause.get(clause.name, []))
        )
    return clauses, notes


def _scenario_view(prose: Prose, scenario: Scenario, timeline: Any, effective: Any) -> Any:
    """The scenario's name, note, horizon and the events it assumes, by date."""
    fmt = prose.fmt
    events = []
    for occ in sorted(
        scenario.occurrences, key=lambda o: (o.on is None, o.on or effective, o.event)
    ):
        events.append(
            {
                "name": occ.event,
                "label": prose.event_label(occ.event),
                "date": fmt.date(occ.on) if occ.on is not None else LABELS[prose.lang]["never"],
                "iso": occ.on.isoformat() if occ.on is not None else None,
            }
        )
    return {
        "name": scenario.name,
        "label": scenario.label or scenario.name.replace("_", " "),
        "note": reflow(scenario.note),
        "horizon": fmt.date(timeline.horizon) if timeline.horizon else None,
        "events": events,
    }


def _payments(prose: Prose, model: Model, state: Any) -> list[dict[str, Any]]:
    """What each paying clause has paid by the horizon."""
    fmt = prose.fmt
    payments = []
    for name, total in state.paid.items():
        share = model.clauses.get(name)
        payments.append(
            {
                "clause": name,
                "clause_title": prose.clause_title(name),
                "payer": prose.who(getattr(share, "payer", None) or name),
                "payee": prose.who(getattr(share, "payee", None) or name),
                "total": fmt.money(total.rounded()),
                "cap_reached": fmt.date(state.caps_reached[name])
                if name in state.caps_reached
                else None,
            }
        )
    return payments


def _timeline_views(prose: Prose, model: Model, scenario: Scenario | None, timeline: Any) -> Any:
    """The scenario, the story, payments, outcomes and cap tables (empty without a scenario)."""
    found: dict[str, Any] = {
        "scenario": None,
        "timeline": [],
        "payments": [],
        "outcomes": [],
        "cap_tables": [],
    }
    if scenario is None or timeline is None:
        return found
    from termlang.render.story import Story

    assert model.agreement is not None
    found["scenario"] = _scenario_view(prose, scenario, timeline, model.agreement.effective)
    found["timeline"] = Story(prose).entries(timeline)
    if timeline.horizon is not None:
        state = timeline.state_at(timeline.horizon)
        found["payments"] = _payments(prose, model, state)
        found["outcomes"] = _outcomes(prose, state)
        found["cap_tables"] = story_instruments.cap_tables(prose, state)
    return found


def build_view(
    model: Model,
    diagnostics: Sequence[Diagnostic],
    *,
    locale: str = "en",
    scenario: Scenario | None = None,
    timeline: Any = None,
    output_format: str = "md",
    template: str = "summary",
) -> dict[str, Any]:
    """The documented view model of `model` (see docs/templates.md)."""
    prose = make_prose(model, locale)
    agreement = model.agreement
    assert agreement is not None, "render needs a resolved model with an agreement"
    open_points, by_clause = _open_points(prose, model, diagnostics, locale)
    accepted = [
        {
            "code": allow.code,
            "reason": allow.reason,
            "clause": clause.name,
            "clause_title": prose.clause_title(clause.name),
        }
        for clause in model.clauses.values()
        for allow in clause.allows
    ]
    clauses, notes = _clauses(prose, model, by_clause)
    story = _timeline_views(prose, model, scenario, timeline)
    view: dict[str, Any] = {
        "version": VIEW_VERSION,
        "meta": {
            "locale": locale,
            "format": output_format,
            "template": template,
            "generator": f"termlang {__version__}",
            "source": model.path.replace("\\", "/").rsplit("/", 1)[-1],
        },
        "labels": dict(LABELS[locale]),
        "agreement": _agreement_view(prose, agreement, locale),
        "parties": _parties_view(prose, model, locale),
        "entities": [
            {"name": e.name, "legal_name": e.legal_name or e.name, "note": reflow(e.note)}
            for e in model.entities.values()
        ],
        "money": _money(prose, model),
        "clauses": clauses,
        "notes": notes,
        "open_points": open_points,
        "accepted": accepted,
        **story,
        "chart": None,
    }
    return view
