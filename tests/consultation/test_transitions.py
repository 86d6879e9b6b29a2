"""Every forbidden transition of both consultation flows is refused and leaves no trace.

The two tables are written out here from the issue (not read from workflow.py), together with
who may take each step: a step asked for in a state it does not leave is a 409 ``wrong-state``
naming the states it is possible from; a step asked for by someone the table does not name is an
audited 403 ``not-your-step``. Either way the case, its timeline, its audit trail (other than the
refusal), its notices and the expert's time stay as they were.

Each case is brought to its state through the API by the people who would take those steps; the
two states a flow never reaches (a single case is never dispatched, an MDT never routed) are an
otherwise identical case relabelled in the database.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.cases.helpers import changed, refusals_of, steps
from tests.consultation.helpers import application, prepare, slot
from tests.factories import World, add_staff
from tests.files.helpers import make_file
from yilian.cases.models import CaseStep
from yilian.consultation.models import (
    Consultation,
    ConsultationDepartment,
    ConsultationExpert,
    ConsultationReport,
    State,
)
from yilian.consultation.workflow import MDT, SINGLE, Parties
from yilian.core.audit import AuditEntry
from yilian.core.authz import Actor, Role
from yilian.core.events import OutboxEvent
from yilian.core.workflow import UnknownAction
from yilian.messaging.notifications.models import Notification
from yilian.scheduling.models import AvailabilitySlot

S = State
BASE = "/api/v1/consultations"
Table = dict[tuple[str, State], State]
refusals = refusals_of("consultation")

# The moment the rules are asked at, for checks outside a request.
NOW = datetime(2026, 11, 24, 2, tzinfo=UTC)


SINGLE_TABLE = steps(
    ("route", {S.requested}, S.routed),
    ("decline", {S.requested, S.routed}, S.declined),
    ("return", {S.routed}, S.requested),
    ("assign", {S.routed, S.assigned}, S.assigned),
    ("withdraw", {S.assigned, S.scheduled}, S.routed),
    ("book", {S.assigned}, S.scheduled),
    ("reschedule", {S.scheduled}, None),
    ("request_info", {S.scheduled}, S.info_requested),
    ("supply_info", {S.info_requested}, S.scheduled),
    ("start", {S.scheduled}, S.in_session),
    ("publish", {S.scheduled, S.in_session}, S.reported),
    ("acknowledge", {S.reported}, S.completed),
    ("cancel", {S.requested, S.routed, S.assigned, S.scheduled, S.info_requested}, S.cancelled),
    ("addendum", {S.reported, S.completed}, None),
)
MDT_TABLE = steps(
    ("dispatch", {S.requested, S.dispatched}, S.dispatched),
    ("decline", {S.requested, S.dispatched}, S.declined),
    ("answer", {S.dispatched}, None),
    ("confirm_panel", {S.dispatched}, S.panel_confirmed),
    ("book", {S.panel_confirmed}, S.scheduled),
    ("coordinator", {S.panel_confirmed, S.scheduled}, None),
    ("opinion", {S.scheduled, S.in_session}, None),
    ("reschedule", {S.scheduled}, None),
    ("request_info", {S.scheduled}, S.info_requested),
    ("supply_info", {S.info_requested}, S.scheduled),
    ("start", {S.scheduled}, S.in_session),
    ("publish", {S.scheduled, S.in_session}, S.reported),
    ("acknowledge", {S.reported}, S.completed),
    ("cancel", {S.requested, S.dispatched, S.panel_confirmed, S.scheduled, S.info_requested},
     S.cancelled),
    ("addendum", {S.reported, S.completed}, None),
)


@dataclass(frozen=True)
class Flow:
    """One flow, its cast and how a case of it is brought to each state."""

    kind: str
    invited: str  # the village A1a invites this organisation
    table: Table
    # Someone who may take the step (in a state it leaves).
    allowed: dict[str, str]
    # People who may not, whatever the state; the first is the likeliest confusion.
    wrong: dict[str, tuple[str, ...]]
    # The other flow's steps, and someone of this case's cast who tries them.
    foreign: dict[str, str]
    # state: (the state it is reached from, the steps taken as (who, step)); None relabels.
    path: dict[State, tuple[State | None, list[tuple[str, str]] | None]]

    @property
    def actions(self) -> list[str]:
        return list(dict.fromkeys(action for action, _ in self.table))

    def sources(self, action: str) -> set[State]:
        return {s for a, s in self.table if a == action}


# The cast: village_doctor applies (the inviting side, A1a); town_doctor_a1 is a doctor at the
# town above it; coordinator_a / coordinator_p are the offices of A / P; specialist_a heads
# cardiology at A and is the single case's expert; mdt_expert heads cardiology at P and is the
# MDT's chief; endo_head and endo_expert head and serve endocrinology (asked, secondary);
# neph_head heads nephrology (not asked); specialist_b is at county B.
SINGLE_FLOW = Flow(
    kind="single", invited="A", table=SINGLE_TABLE,
    allowed={
        "route": "coordinator_a", "decline": "coordinator_a", "return": "specialist_a",
        "assign": "specialist_a", "withdraw": "specialist_a", "book": "village_doctor",
        "reschedule": "village_doctor", "request_info": "specialist_a",
        "supply_info": "village_doctor", "start": "specialist_a", "publish": "specialist_a",
        "acknowledge": "village_doctor", "cancel": "village_doctor", "addendum": "specialist_a",
    },
    wrong={
        # Office steps: the department head, another organisation's office, the applicant.
        "route": ("specialist_a", "coordinator_p", "village_doctor"),
        "decline": ("specialist_a", "coordinator_p", "village_doctor"),
        # Department steps: the head of a same-named department elsewhere, the applicant,
        # another office.
        "return": ("mdt_expert", "village_doctor", "coordinator_p"),
        "assign": ("mdt_expert", "village_doctor", "coordinator_p"),
        # Expert steps: the office that arranged it, the applicant, an expert elsewhere.
        "withdraw": ("coordinator_a", "village_doctor", "mdt_expert"),
        "request_info": ("coordinator_a", "village_doctor", "mdt_expert"),
        "start": ("village_doctor", "coordinator_a", "mdt_expert"),
        "publish": ("coordinator_a", "village_doctor", "mdt_expert"),
        "addendum": ("coordinator_a", "village_doctor", "mdt_expert"),
        # Inviting-side steps: the expert, the office, a doctor of the town above the village.
        "book": ("specialist_a", "coordinator_a", "town_doctor_a1"),
        "reschedule": ("coordinator_a", "town_doctor_a1", "specialist_b"),
        "supply_info": ("specialist_a", "coordinator_a", "town_doctor_a1"),
        "acknowledge": ("specialist_a", "coordinator_a", "town_doctor_a1"),
        "cancel": ("coordinator_a", "specialist_a", "town_doctor_a1"),
    },
    foreign={"dispatch": "coordinator_a", "answer": "specialist_a",
             "confirm_panel": "coordinator_a", "coordinator": "specialist_a",
             "opinion": "specialist_a"},
    path={
        S.requested: (None, []),
        S.routed: (S.requested, [("coordinator_a", "route")]),
        S.assigned: (S.routed, [("specialist_a", "assign")]),
        S.scheduled: (S.assigned, [("village_doctor", "book")]),
        S.info_requested: (S.scheduled, [("specialist_a", "request_info")]),
        S.in_session: (S.scheduled, [("specialist_a", "start")]),
        S.reported: (S.in_session, [("specialist_a", "draft"), ("specialist_a", "publish")]),
        S.completed: (S.reported, [("village_doctor", "acknowledge")]),
        S.declined: (S.requested, [("coordinator_a", "decline")]),
        S.cancelled: (S.requested, [("village_doctor", "cancel")]),
        S.dispatched: (S.routed, None),
        S.panel_confirmed: (S.assigned, None),
    },
)

MDT_FLOW = Flow(
    kind="mdt", invited="P", table=MDT_TABLE,
    allowed={
        "dispatch": "coordinator_p", "decline": "coordinator_p", "answer": "mdt_expert",
        "confirm_panel": "coordinator_p", "book": "village_doctor", "coordinator": "mdt_expert",
        "opinion": "endo_expert", "reschedule": "village_doctor", "request_info": "mdt_expert",
        "supply_info": "village_doctor", "start": "mdt_expert", "publish": "mdt_expert",
        "acknowledge": "village_doctor", "cancel": "village_doctor", "addendum": "mdt_expert",
    },
    wrong={
        # Office steps: the lead department's head, the village's own county office, the
        # applicant.
        "dispatch": ("mdt_expert", "coordinator_a", "village_doctor"),
        "decline": ("mdt_expert", "coordinator_a", "village_doctor"),
        "confirm_panel": ("mdt_expert", "endo_head", "coordinator_a", "village_doctor"),
        # Answering for cardiology (the lead): the head of another department asked, the head
        # of one not asked, a doctor of a department asked, another office, the applicant.
        "answer": ("endo_head", "neph_head", "endo_expert", "coordinator_a", "village_doctor"),
        # Chief steps: the secondary expert, the office, the applicant.
        "coordinator": ("endo_expert", "coordinator_p", "village_doctor"),
        "start": ("endo_expert", "coordinator_p", "village_doctor"),
        "publish": ("endo_expert", "coordinator_p", "village_doctor"),
        "addendum": ("endo_expert", "coordinator_p", "village_doctor"),
        # The secondary's step: the chief, the secondary's head, the office, the applicant.
        "opinion": ("mdt_expert", "endo_head", "coordinator_p", "village_doctor"),
        # Any expert taking part: a head whose department was not asked, the head of one that
        # was (not on the panel), the office, the applicant.
        "request_info": ("neph_head", "endo_head", "coordinator_p", "village_doctor"),
        # Inviting side or the chief: the secondary expert, the office, the town doctor.
        "reschedule": ("endo_expert", "coordinator_p", "town_doctor_a1"),
        # Inviting-side steps: the chief, the office, the town doctor.
        "book": ("mdt_expert", "coordinator_p", "town_doctor_a1"),
        "supply_info": ("mdt_expert", "coordinator_p", "town_doctor_a1"),
        "acknowledge": ("mdt_expert", "coordinator_p", "town_doctor_a1"),
        "cancel": ("coordinator_p", "mdt_expert", "town_doctor_a1"),
    },
    foreign={"route": "coordinator_p", "return": "mdt_expert", "assign": "mdt_expert",
             "withdraw": "mdt_expert"},
    path={
        S.requested: (None, []),
        S.dispatched: (S.requested, [("coordinator_p", "dispatch")]),
        S.panel_confirmed: (S.dispatched, [("mdt_expert", "answer"),
                                           ("endo_head", "answer_endo"),
                                           ("coordinator_p", "confirm_panel")]),
        S.scheduled: (S.panel_confirmed, [("village_doctor", "book")]),
        S.info_requested: (S.scheduled, [("mdt_expert", "request_info")]),
        S.in_session: (S.scheduled, [("mdt_expert", "start")]),
        S.reported: (S.in_session, [("endo_expert", "opinion"), ("mdt_expert", "draft"),
                                    ("mdt_expert", "publish")]),
        S.completed: (S.reported, [("village_doctor", "acknowledge")]),
        S.declined: (S.requested, [("coordinator_p", "decline")]),
        S.cancelled: (S.requested, [("village_doctor", "cancel")]),
        S.routed: (S.dispatched, None),
        S.assigned: (S.panel_confirmed, None),
    },
)

FLOWS = {"single": SINGLE_FLOW, "mdt": MDT_FLOW}
CODE = {"single": SINGLE, "mdt": MDT}

REPORT = {"findings": "心电图示II、III、aVF导联ST段压低0.1mV。",
          "opinion": "考虑不稳定型心绞痛，建议尽快行冠脉造影。",
          "diagnoses": [{"code": "I20.0", "name": "不稳定型心绞痛"}],
          "recommendations": "阿司匹林100mg qd，阿托伐他汀20mg qn。", "referral_advised": True}


def url(cid: str, action: str) -> str:
    return f"{BASE}/{cid}/" + ("addenda" if action == "addendum" else action.replace("_", "-"))


@dataclass
class Ctx:
    app: Any
    client: Any
    world: World
    depts: dict[str, uuid.UUID]
    flow: Flow
    # A free slot of the expert's, for the book and reschedule attempts that must fail.
    spare_slot: uuid.UUID | None = None

    @classmethod
    async def make(cls, app, client, world, kind: str) -> Ctx:
        setup = await prepare(world)
        ctx = cls(app, client, world, setup.depts, FLOWS[kind])
        ctx.spare_slot = await ctx.expert_slot(hours=50)
        return ctx

    @property
    def expert(self) -> str:
        return "specialist_a" if self.flow.kind == "single" else "mdt_expert"

    @property
    def table(self):
        """The server's transition table of this flow."""
        return CODE[self.flow.kind]

    async def expert_slot(self, hours: float) -> uuid.UUID:
        return await slot(self.world, self.expert, self.flow.invited, hours=hours)

    def body(self, action: str) -> dict:
        """A valid body for the step (so a refusal is about the state or the person)."""
        single = self.flow.kind == "single"
        dept = str(self.depts["cardio_a" if single else "cardio_p"])
        expert = str(self.world.users[self.expert])
        return {
            "route": {"department_id": dept},
            "decline": {"reason": "本院暂无开展该项会诊的条件"},
            "return": {"reason": "非本科室诊疗范围"},
            "assign": {"expert_id": expert},
            "withdraw": {"reason": "专家临时外出，无法参加"},
            "dispatch": {"lead_department_id": dept,
                         "supporting_department_ids": [] if single else
                         [str(self.depts["endo_p"])]},
            "answer": {"department_id": dept, "accept": True, "chief_id": expert},
            "answer_endo": {"department_id": str(self.depts["endo_p"]), "accept": True,
                            "expert_ids": [str(self.world.users["endo_expert"])]},
            "confirm_panel": {},
            "book": {"slot_id": str(self.spare_slot)},
            "reschedule": {"slot_id": str(self.spare_slot), "reason": "患者家属要求改期"},
            "request_info": {"request": "请补充发作时心电图"},
            "supply_info": {"note": "已上传发作时心电图"},
            "start": {"confirm_off_time": True},
            "coordinator": {"joins": True},
            "opinion": {"opinion": "糖化血红蛋白8.9%，建议加用SGLT2抑制剂。"},
            "publish": {},
            "acknowledge": {},
            "cancel": {"reason": "患者已自行前往上级医院就诊"},
            "addendum": {"opinion": "冠脉造影后请回传结果，以便调整用药。"},
        }[action]

    async def take(self, who: str, action: str, cid: str, body: dict | None = None):
        user = self.world.client_as(self.client, who)
        if action == "draft":
            return await user.put(f"{BASE}/{cid}/draft", json=body or REPORT)
        path = url(cid, "answer" if action == "answer_endo" else action)
        return await user.post(path, json=self.body(action) if body is None else body)

    async def build(self, state: State) -> str:
        """A case of this flow in ``state``, brought there by the people who would."""
        source, taken = self.flow.path[state]
        if source is None:
            r = await self.world.client_as(self.client, "village_doctor").post(
                BASE, json=application(self.world, invited=self.flow.invited,
                                       kind=self.flow.kind))
            assert r.status_code == 201, r.text
            return r.json()["id"]
        cid = await self.build(source)
        if taken is None:
            async with self.app.state.sessionmaker() as db:
                (await db.get(Consultation, uuid.UUID(cid))).state = state
                await db.commit()
            return cid
        for who, action in taken:
            body = ({"slot_id": str(await self.expert_slot(hours=30))} if action == "book"
                    else None)
            r = await self.take(who, action, cid, body)
            assert r.status_code == 200, f"{who} {action}: {r.text}"
        assert r.json()["state"] == state.value
        return cid

    async def reads(self, who: str, cid: str) -> bool:
        """Whether ``who`` takes part in the case now: others are outsiders, refused on scope
        before anything about the state."""
        r = await self.world.client_as(self.client, who).get(f"{BASE}/{cid}")
        assert r.status_code in (200, 403), r.text
        return r.status_code == 200

    async def actions_of(self, who: str, cid: str) -> set[str]:
        r = await self.world.client_as(self.client, who).get(f"{BASE}/{cid}")
        assert r.status_code == 200, r.text
        return {a["action"] for a in r.json()["actions"]}


async def snapshot(app, cid: str) -> dict[str, Any]:
    """Everything a step could change: the case row, its departments, experts and reports,
    its timeline, its audit trail but refusals, its notices and events, and booked time."""
    case_id = uuid.UUID(cid)

    def count(model, *where):
        return select(func.count()).select_from(model).where(*where).scalar_subquery()

    async with app.state.sessionmaker() as db:
        async def rows(table, *where):
            return sorted((dict(r) for r in (await db.execute(select(table).where(*where)))
                           .mappings()), key=str)

        counts = (await db.execute(select(
            count(CaseStep, CaseStep.case_id == case_id),
            count(AuditEntry, AuditEntry.entity_id == cid, AuditEntry.outcome != "denied"),
            count(Notification, Notification.entity_id == cid),
            count(OutboxEvent, OutboxEvent.entity_id == cid)))).one()
        return {
            "case": await rows(Consultation.__table__, Consultation.id == case_id),
            "departments": await rows(ConsultationDepartment.__table__,
                                      ConsultationDepartment.consultation_id == case_id),
            "experts": await rows(ConsultationExpert.__table__,
                                  ConsultationExpert.consultation_id == case_id),
            "reports": await rows(ConsultationReport.__table__,
                                  ConsultationReport.consultation_id == case_id),
            "slots": await rows(AvailabilitySlot.__table__),
            **dict(zip(("steps", "audit", "notices", "events"), counts, strict=True)),
        }


def test_the_tables_are_the_issues():
    """A change to either flow must be made here too (and so be checked below)."""
    for kind, flow in FLOWS.items():
        code = {(t.action, s): t.target for t in CODE[kind].transitions for s in t.sources}
        assert code == flow.table, kind
        assert set(flow.allowed) == set(flow.wrong) == set(flow.actions), kind
        for action, people in flow.wrong.items():
            assert len(people) >= 2 and flow.allowed[action] not in people, (kind, action)
        assert set(flow.path) == set(State), kind
    assert set(SINGLE_FLOW.foreign) == set(MDT_FLOW.actions) - set(SINGLE_FLOW.actions)
    assert set(MDT_FLOW.foreign) == set(SINGLE_FLOW.actions) - set(MDT_FLOW.actions)


FOREIGN_CHECKED = {S.requested, S.scheduled, S.completed}


@pytest.mark.parametrize("kind", FLOWS)
async def test_a_step_not_possible_in_the_state_is_refused_and_changes_nothing(
        kind, app, client, world):
    """Every state × every step that does not leave it, asked for by someone who may take the
    step where it is possible; and the other flow's steps, which this case does not have.
    Someone who does not take part in the case in this state is an outsider: refused on scope
    (403, audited) before the state is looked at (issue 11)."""
    ctx = await Ctx.make(app, client, world, kind)
    flow, failures = ctx.flow, []
    for state in State:
        cid = await ctx.build(state)
        people = {*flow.allowed.values(), *flow.foreign.values()}
        party = {who: await ctx.reads(who, cid) for who in people}
        audited_before = {who: len(await refusals(app, cid, world.users[who])) for who in people}
        before = await snapshot(app, cid)
        wrong_states = [a for a in flow.actions if state not in flow.sources(a)]
        assert wrong_states, state
        for action in wrong_states:
            who = flow.allowed[action]
            r = await ctx.take(who, action, cid)
            got = r.json()
            expected = ((409, "wrong-state", state.value,
                         sorted(s.value for s in flow.sources(action))) if party[who]
                        else (403, "forbidden", None, None))
            if (r.status_code, got.get("code"), got.get("state"),
                    got.get("allowed_from")) != expected:
                failures.append(f"{state.value}: {action} by {who}: expected {expected}, got "
                                f"{r.status_code} {r.text[:200]}")
            elif lost := changed(before, await snapshot(app, cid)):
                failures.append(f"{state.value}: {action} by {who}: refused but changed {lost}")
        # The other flow's steps are unknown to this case whatever its state (tried in a few).
        for action, who in flow.foreign.items() if state in FOREIGN_CHECKED else ():
            r = await ctx.take(who, action, cid)
            expected = (422, "unknown-action") if party[who] else (403, "forbidden")
            if (r.status_code, r.json().get("code")) != expected:
                failures.append(f"{state.value}: {action} (the other flow's) by {who}: got "
                                f"{r.status_code} {r.text[:200]}")
            elif lost := changed(before, await snapshot(app, cid)):
                failures.append(f"{state.value}: {action} (the other flow's) by {who}: "
                                f"refused but changed {lost}")
        # A step out of turn is a conflict, not a denial: nothing on the audit trail; an
        # outsider's attempt is a denial, on the record's trail.
        for who in people:
            audited = len(await refusals(app, cid, world.users[who])) - audited_before[who]
            if party[who] and audited:
                failures.append(f"{state.value}: a refusal of {who}'s was audited as denied")
            if not party[who] and not audited:
                failures.append(f"{state.value}: an outsider's ({who}) attempt was not audited")
    assert not failures, f"{kind} consultation:\n" + "\n".join(failures)


@pytest.mark.parametrize("kind", FLOWS)
async def test_a_step_taken_by_someone_else_is_refused_audited_and_changes_nothing(
        kind, app, client, world):
    """Every transition (step × state it leaves) × people the table does not name."""
    ctx = await Ctx.make(app, client, world, kind)
    flow, failures, tried = ctx.flow, [], set()
    for state in State:
        steps_here = [a for a in flow.actions if state in flow.sources(a)]
        if not steps_here:
            continue
        cid = await ctx.build(state)
        party = {who: await ctx.reads(who, cid) for people in flow.wrong.values()
                 for who in people}
        # The probe's own refusals (an outsider's GET) are on the trail already.
        denied = {who: len(await refusals(app, cid, world.users[who])) for who in party}
        before = await snapshot(app, cid)
        for action in steps_here:
            # The case is where the step is possible: its rightful taker is offered it, unless
            # the step's guards do not hold yet (no department has answered, no report is
            # written, in the cases built here), when it is not offered.
            guarded = bool(ctx.table.step(state, action).guards)
            offered = action in await ctx.actions_of(flow.allowed[action], cid)
            if offered == guarded:
                failures.append(f"{state.value}: {action} {'' if offered else 'not '}offered "
                                f"to {flow.allowed[action]}")
            for who in flow.wrong[action]:
                r = await ctx.take(who, action, cid)
                tried.add((action, state))
                # An outsider is refused on scope before the step is looked at.
                code = "not-your-step" if party[who] else "forbidden"
                if (r.status_code, r.json().get("code")) != (403, code):
                    failures.append(f"{state.value}: {action} by {who}: expected 403 "
                                    f"{code}, got {r.status_code} {r.text[:200]}")
                    continue
                entries = await refusals(app, cid, world.users[who])
                denied[who] = denied.get(who, 0) + 1
                if len(entries) != denied[who] or entries[-1].detail.get("code") != code:
                    failures.append(f"{state.value}: {action} by {who}: the refusal was not "
                                    f"audited ({len(entries)} entries for {denied[who]} refusals)")
                if lost := changed(before, await snapshot(app, cid)):
                    failures.append(f"{state.value}: {action} by {who}: refused but changed "
                                    f"{lost}")
    assert tried == set(flow.table)
    assert not failures, f"{kind} consultation:\n" + "\n".join(failures)


# ---------------------------------------------------------------- the report and materials


async def test_a_draft_by_an_expert_not_assigned_is_refused(app, client, world):
    """The department head who assigned a colleague may not write the colleague's report."""
    ctx = await Ctx.make(app, client, world, "single")
    await add_staff(world, "cardio_a_doctor", Role.specialist, "A")
    cid = await ctx.build(S.routed)
    head = world.client_as(client, "specialist_a")
    r = await head.post(url(cid, "assign"),
                        json={"expert_id": str(world.users["cardio_a_doctor"])})
    assert r.status_code == 200, r.text
    free = await slot(world, "cardio_a_doctor", "A")
    r = await ctx.take("village_doctor", "book", cid, {"slot_id": str(free)})
    assert r.json()["state"] == "scheduled"
    before = await snapshot(app, cid)

    r = await head.put(f"{BASE}/{cid}/draft", json=REPORT)
    assert (r.status_code, r.json()["code"]) == (403, "not-your-step"), r.text
    assert [e.detail["code"] for e in await refusals(app, cid, world.users["specialist_a"])] \
        == ["not-your-step"]
    assert changed(before, await snapshot(app, cid)) == []
    assert (await head.get(f"{BASE}/{cid}")).json()["draft"] is None

    r = await world.client_as(client, "cardio_a_doctor").put(f"{BASE}/{cid}/draft", json=REPORT)
    assert r.status_code == 200, r.text
    assert r.json()["draft"]["opinion"] == REPORT["opinion"]


async def test_the_report_cannot_be_rewritten_once_published(app, client, world):
    ctx = await Ctx.make(app, client, world, "single")
    cid = await ctx.build(S.reported)
    expert = world.client_as(client, "specialist_a")
    rewritten = {**REPORT, "opinion": "改为：排除急性冠脉综合征。"}
    for state in (S.reported, S.completed):
        if state == S.completed:
            assert (await ctx.take("village_doctor", "acknowledge", cid)).status_code == 200
        before = await snapshot(app, cid)
        r = await expert.put(f"{BASE}/{cid}/draft", json=rewritten)
        assert (r.status_code, r.json()["code"]) == (409, "wrong-state"), r.text
        assert r.json()["state"] == state.value
        assert changed(before, await snapshot(app, cid)) == []
        [published] = (await expert.get(f"{BASE}/{cid}")).json()["reports"]
        assert published["opinion"] == REPORT["opinion"]


async def test_an_addendum_only_follows_a_published_report(app, client, world):
    ctx = await Ctx.make(app, client, world, "single")
    cid = await ctx.build(S.in_session)
    expert = world.client_as(client, "specialist_a")
    assert (await expert.put(f"{BASE}/{cid}/draft", json=REPORT)).status_code == 200
    before = await snapshot(app, cid)
    r = await ctx.take("specialist_a", "addendum", cid)
    assert (r.status_code, r.json()["code"]) == (409, "wrong-state"), r.text
    assert r.json()["allowed_from"] == ["completed", "reported"]
    assert changed(before, await snapshot(app, cid)) == []
    case = (await expert.get(f"{BASE}/{cid}")).json()
    assert case["reports"] == [] and case["draft"]["opinion"] == REPORT["opinion"]

    assert (await ctx.take("specialist_a", "publish", cid)).status_code == 200
    r = await ctx.take("specialist_a", "addendum", cid)
    assert r.status_code == 200, r.text
    assert [x["kind"] for x in r.json()["reports"]] == ["report", "addendum"]


async def test_materials_come_from_the_inviting_side_until_the_report(app, client, world):
    ctx = await Ctx.make(app, client, world, "single")
    cid = await ctx.build(S.scheduled)
    ecg = await make_file(app, world, "village_doctor")
    before = await snapshot(app, cid)
    r = await world.client_as(client, "coordinator_a").post(f"{BASE}/{cid}/attachments",
                                                            json={"file_id": str(ecg)})
    assert (r.status_code, r.json()["code"]) == (403, "not-your-step"), r.text
    assert len(await refusals(app, cid, world.users["coordinator_a"])) == 1
    assert changed(before, await snapshot(app, cid)) == []

    reported = await ctx.build(S.reported)
    before = await snapshot(app, reported)
    r = await world.client_as(client, "village_doctor").post(f"{BASE}/{reported}/attachments",
                                                             json={"file_id": str(ecg)})
    assert (r.status_code, r.json()["code"]) == (409, "wrong-state"), r.text
    assert changed(before, await snapshot(app, reported)) == []
    case = (await world.client_as(client, "village_doctor").get(f"{BASE}/{reported}")).json()
    assert case["attachments"] == []


def test_an_unknown_step_is_a_validation_error_whatever_the_state():
    office = Actor(user_id=uuid.uuid4(), username="office", role=Role.coordinator,
                   org_id=uuid.uuid4(), clinically_verified=True)
    for flow, other in ((SINGLE, "dispatch"), (MDT, "route")):
        for state in State:
            case = Consultation(state=state, invited_org_id=office.org_id,
                                inviting_org_id=uuid.uuid4())
            for action in ("teleport", other, "draft", "attach"):
                with pytest.raises(UnknownAction) as refused:
                    flow.check(office, Parties(case=case), state, action, now=NOW)
                assert (refused.value.status, refused.value.code) == (422, "unknown-action")
                assert refused.value.errors[0]["field"] == "action"
