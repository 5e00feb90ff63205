"""Recurring events: clauses that apply to each occurrence (docs/semantics.md, §11).

An event declared `recurring` (`event model_release recurring "..."`) happens many times; a
scenario gives each occurrence an identifier, a date and dated attributes
(`model_release gpt_5 2026-01-15 { ga 2026-07-20 }`). A clause with `each EVENT` applies
once per occurrence, and each application is a part of the clause named
`clause.identifier`, with its own status and reasons:

* `priority_access ... { each model_release }`: on the occurrence's date the grantee gets
  access to that release (`asset.identifier` in the state's priority table), each `next` tier
  joins its delay later, and general availability comes `lead_time` after. The part is
  `fulfilled` when the lead time has run in full, `breached` on the day an earlier general
  availability (the occurrence's `ga` attribute) cut it short, "N days early".
* `obligation ... { each model_release }`: `deadline` is evaluated per occurrence, with the
  event's name standing for the occurrence's date and `event.attribute` for an attribute
  (`deadline model_release.ga - 30 days`); without `deadline`, `within` runs from the
  occurrence. A recurring `fulfilled_by` event fulfils the part whose occurrence has the
  same identifier, if it comes by the deadline; otherwise the part is `breached` the day
  after the deadline, and the clause's `on_breach` consequences apply.

A part applies only while its clause is in force on the occurrence's date (otherwise it is
`lapsed`, with the clause's status as the reason). Every action is scheduled on the engine's
heap at a date known from the scenario: nothing is done per day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from termlang import model
from termlang.dates import DateEnv, evaluate
from termlang.evaluate import aspects as tl
from termlang.evaluate.instances import asset_names, by_event, part_names
from termlang.evaluate.phases import Phase
from termlang.evaluate.reasons import Reason
from termlang.evaluate.status import Status
from termlang.values import Duration, DurationUnit

ONE_DAY = timedelta(days=1)
PH_END, PH_DATED = Phase.END, Phase.DATED
GA = "ga"  # the attribute that dates general availability of an occurrence


def occurrence_env(env: DateEnv, event: str, inst: model.Instance) -> DateEnv:
    """`env` where `event` is this occurrence's date and `event.attr` its attributes."""
    events = dict(env.events)
    events[event] = inst.on
    for key, on in inst.attributes:
        events[f"{event}.{key}"] = on
    return DateEnv(effective=env.effective, long_stop=env.long_stop, events=events)


class Occurrences:
    """A part of `facts.Facts` (see evaluate/facts.py and the module docstring)."""

    m: model.Model
    scenario: model.Scenario
    env: DateEnv
    status: dict[str, str]
    initial: dict[str, str]
    at: Callable[..., None]
    record: Callable[..., None]
    set_status: Callable[..., bool]
    suspend: Callable[..., None]
    end_clause: Callable[..., None]
    penalties_on: dict[str, list[model.Penalty]]
    penalty_terms: Callable[..., Any]
    arm_penalty: Callable[..., None]

    def setup_occurrences(self) -> None:
        grouped = by_event(self.scenario.instances)
        self.instance_by_id = {(i.event, i.id): i for i in reversed(self.scenario.instances)}
        self.instance_access: dict[str, tuple[tuple[str, date], ...]] = {}
        for c in self.m.clauses.values():
            each = getattr(c, "each", None)
            if not each:
                continue
            for inst in grouped.get(each, ()):
                part = f"{c.name}.{inst.id}"
                self.status[part] = self.initial[part] = Status.PENDING
                if isinstance(c, model.PriorityAccess):
                    self.at(inst.on, PH_DATED, self.release, c, inst)
                elif isinstance(c, model.Obligation):
                    self.setup_instance_obligation(c, inst)

    def lapsed_unless_in_force(
        self, t: date, c: model.AnyClause, part: str, inst: model.Instance, kind: str
    ) -> bool:
        """An occurrence's part of `c` lapses when `c` is not in force that day (the reason
        `kind` says its status); whether it did."""
        if self.status.get(c.name) == Status.ACTIVE:
            return False
        status = self.status.get(c.name, Status.PENDING)
        why = Reason.of(kind, clause=c.name, status=status, occurrence=inst.id)
        self.set_status(part, Status.LAPSED, t, why)
        return True

    # ------------------------------------------------------------------ priority access

    def release(self, t: date, c: model.PriorityAccess, inst: model.Instance) -> None:
        part = f"{c.name}.{inst.id}"
        if self.lapsed_unless_in_force(t, c, part, inst, "release_not_in_force"):
            return
        self.set_status(
            part,
            Status.ACTIVE,
            t,
            Reason.of("released_first", event=c.each, on=t, occurrence=inst.id, grantee=c.grantee),
        )
        asset = f"{c.asset}.{inst.id}"
        first = Reason.of("gets_first", grantee=c.grantee, occurrence=inst.id, clause=c.name)
        self.grant(t, asset, c.grantee, first)
        for tier in c.tiers:
            when = _shift(t, tier.after)
            self.at(
                when,
                PH_DATED,
                self.grant_later,
                c,
                part,
                asset,
                tier.grantee,
                Reason.of(
                    "gets_after",
                    grantee=tier.grantee,
                    occurrence=inst.id,
                    after=tier.after,
                    first=c.grantee,
                ),
            )
        ga = dict(inst.attributes).get(GA)
        lead_end = _shift(t, c.lead_time) if c.lead_time is not None else None
        if lead_end is None:
            if ga is not None:
                self.at(max(ga, t), PH_DATED, self.general, c, part, asset, inst, None)
            return
        if ga is not None and ga < lead_end:
            self.at(max(ga, t), PH_DATED, self.general, c, part, asset, inst, lead_end)
        else:
            self.at(lead_end, PH_DATED, self.general, c, part, asset, inst, lead_end)

    def grant(self, t: date, asset: str, who: str, reason: Reason) -> None:
        old = self.instance_access.get(asset, ())
        if any(h == who for h, _ in old):
            return
        new = (*old, (who, t))
        self.instance_access[asset] = new
        self.record(
            t,
            asset,
            tl.ACCESS,
            ", ".join(h for h, _ in old) or None,
            ", ".join(h for h, _ in new),
            reason,
            new,
        )

    def grant_later(
        self, t: date, c: model.PriorityAccess, part: str, asset: str, who: str, reason: Reason
    ) -> None:
        if self.status.get(part) == Status.ACTIVE:
            self.grant(t, asset, who, reason)

    def general(
        self,
        t: date,
        c: model.PriorityAccess,
        part: str,
        asset: str,
        inst: model.Instance,
        lead_end: date | None,
    ) -> None:
        if self.status.get(part) != Status.ACTIVE:
            return
        if self.status.get(c.name) != Status.ACTIVE:
            status = self.status[c.name]
            why = Reason.of("ended_before_lead_time", clause=c.name, status=status)
            self.set_status(part, status, t, why)
            return
        ga = dict(inst.attributes).get(GA)
        if lead_end is not None and ga is not None and ga < lead_end:
            early = (lead_end - ga).days
            available = Reason.of("generally_available", occurrence=inst.id, on=ga)
            self.grant(t, asset, tl.EVERYONE, available)
            self.set_status(
                part,
                Status.BREACHED,
                t,
                Reason.of(
                    "available_early",
                    occurrence=inst.id,
                    ga=ga,
                    early=Duration(early, DurationUnit.DAY),
                    grantee=c.grantee,
                    lead=c.lead_time,
                    until=lead_end,
                    **{"from": inst.on},
                ),
            )
            return
        if lead_end is None:
            available = Reason.of("generally_available", occurrence=inst.id, on=t)
            self.grant(t, asset, tl.EVERYONE, available)
            self.set_status(part, Status.FULFILLED, t, available)
            return
        self.grant(
            t,
            asset,
            tl.EVERYONE,
            Reason.of(
                "general_after_lead_time",
                occurrence=inst.id,
                after=c.lead_time,
                grantee=c.grantee,
                clause=c.name,
            ),
        )
        ran = (
            Reason.of(
                "lead_time_ran", grantee=c.grantee, lead=c.lead_time, occurrence=inst.id, ga=ga
            )
            if ga is not None
            else Reason.of(
                "lead_time_ran_no_date", grantee=c.grantee, lead=c.lead_time, occurrence=inst.id
            )
        )
        self.set_status(part, Status.FULFILLED, t, ran)

    # ------------------------------------------------------------------ obligations

    def setup_instance_obligation(self, c: model.Obligation, inst: model.Instance) -> None:
        assert c.each is not None
        part = f"{c.name}.{inst.id}"
        env = occurrence_env(self.env, c.each, inst)
        deadline = evaluate(c.deadline, env) if c.deadline is not None else None
        if deadline is None and c.within is not None:
            deadline = _shift(inst.on, c.within)
        done: date | None = None
        if c.fulfilled_by is not None:
            same = self.instance_by_id.get((c.fulfilled_by, inst.id))
            done = same.on if same else self.env.events.get(c.fulfilled_by)
        breached: date | None = None
        if c.breached_by is not None:
            same = self.instance_by_id.get((c.breached_by, inst.id))
            breached = same.on if same else None
        # The part arises on the earlier of its occurrence and its deadline: a review due
        # 30 days before a release is owed before the release itself.
        arises = min(d for d in (inst.on, deadline, done) if d is not None)
        self.at(arises, PH_DATED, self.instance_arises, c, part, inst, deadline)
        if done is not None and (deadline is None or done <= deadline):
            self.at(max(done, arises), PH_DATED, self.instance_done, c, part, inst, done)
        elif deadline is not None and c.modality == "must":
            self.at(deadline + ONE_DAY, PH_END, self.instance_late, c, part, inst, deadline, done)
        if breached is not None:
            self.at(max(breached, arises), PH_DATED, self.instance_breached, c, part, breached)
        if deadline is not None and c.modality == "must_not":
            self.at(deadline + ONE_DAY, PH_END, self.instance_kept, c, part, deadline)
        if deadline is not None and c.modality == "must" and (done is None or done > deadline):
            # a penalty `on` the obligation accrues per late occurrence (a per-release fee)
            for pen in self.penalties_on.get(c.name, ()):
                terms = self.penalty_terms(pen, None)
                if terms is not None:
                    self.arm_penalty(
                        pen, {"kind": "late_obligation", "clause": part}, terms, deadline, done
                    )

    def instance_arises(
        self, t: date, c: model.Obligation, part: str, inst: model.Instance, deadline: date | None
    ) -> None:
        if self.lapsed_unless_in_force(t, c, part, inst, "occurrence_not_in_force"):
            return
        arises = Reason.of(
            "occurrence_arises", event=c.each, on=inst.on, occurrence=inst.id, due=deadline
        )
        self.set_status(part, Status.ACTIVE, t, arises)
        if deadline is not None:
            due = Reason.of("due_by", due=deadline)
            self.record(t, part, tl.DUE, None, deadline.isoformat(), due, deadline)

    def instance_done(
        self, t: date, c: model.Obligation, part: str, inst: model.Instance, done: date
    ) -> None:
        if self.status.get(part) == Status.ACTIVE:
            why = Reason.of(
                "occurrence_performed", event=c.fulfilled_by, on=done, occurrence=inst.id
            )
            self.set_status(part, Status.FULFILLED, t, why)

    def instance_late(
        self,
        t: date,
        c: model.Obligation,
        part: str,
        inst: model.Instance,
        deadline: date,
        done: date | None,
    ) -> None:
        if self.status.get(part) != Status.ACTIVE:
            return
        if c.fulfilled_by is None:
            self.set_status(part, Status.EXPIRED, t, Reason.of("deadline_unobserved", on=deadline))
            return
        why = Reason.of(
            "occurrence_late",
            on=deadline,
            event=c.fulfilled_by,
            occurrence=inst.id,
            late=Duration((done - deadline).days, DurationUnit.DAY) if done else None,
            done=done,
        )
        self.instance_breach(t, c, part, why)

    def instance_breached(self, t: date, c: model.Obligation, part: str, on: date) -> None:
        if self.status.get(part) == Status.ACTIVE:
            assert c.breached_by is not None
            why = Reason.of("happened", events=(c.breached_by,), on=on)
            self.instance_breach(t, c, part, why)

    def instance_kept(self, t: date, c: model.Obligation, part: str, deadline: date) -> None:
        if self.status.get(part) == Status.ACTIVE:
            self.set_status(part, Status.FULFILLED, t, Reason.of("term_ended", on=deadline))

    def instance_breach(self, t: date, c: model.Obligation, part: str, reason: Reason) -> None:
        self.set_status(part, Status.BREACHED, t, reason)
        for cons in c.on_breach:
            for target in cons.clauses:
                why = Reason.of("breached_by", clause=part, cause=reason)
                if cons.action == "suspend":
                    self.suspend(target, t, why)
                else:
                    self.end_clause(target, t, Status.TERMINATED, why)


def _shift(d: date, duration: Duration) -> date | None:
    try:
        return duration.add_to(d)[0]
    except OverflowError:
        return None


__all__ = ["GA", "Occurrences", "asset_names", "by_event", "occurrence_env", "part_names"]
