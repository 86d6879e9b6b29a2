"""Every forbidden transition of both referral tables is refused and leaves no trace.

The two tables are written out here from the issue (not read from workflow.py), together with
who may take each step: a step asked for in a state it does not leave is a 409 ``wrong-state``
naming the states it is possible from; a step asked for by someone the table does not name is an
audited 403 ``not-your-step``; a step of the other direction's table is a 422 ``unknown-action``.
Either way every referral, its timeline, the audit trail (other than the refusal), notices,
events, documents, follow-up tasks and the case conversations stay as they were.

Each referral is brought to its state through the API by the people who would take those steps;
the states a down-referral never reaches (arrived, no_show, treated, returned) are an otherwise
identical down-referral relabelled in the database. The ``return`` step closing an up-referral
is the platform's (it follows from the down-referral's acceptance): no endpoint takes it and its
rule refuses everyone.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.cases.helpers import changed, refusals_of, steps
from tests.factories import World, add_staff
from tests.files.helpers import make_file
from tests.referral.helpers import prepare, referral, return_body, snapshot
from yilian.core.authz import Actor, Role, app_routes
from yilian.core.errors import Forbidden
from yilian.core.workflow import UnknownAction, WrongState
from yilian.referral.models import Referral, State
from yilian.referral.workflow import DOWN, UP, Parties

S = State
BASE = "/api/v1/referrals"
Table = dict[tuple[str, State], State]
refusals = refusals_of("referral")
# An up-referral's reservation: soon enough that the clock can pass it (for a no-show) well
# inside the sessions' idle timeout.
RESERVE_AHEAD = timedelta(minutes=10)

# The moment the rules are asked at, for checks outside a request.
NOW = datetime(2026, 11, 24, 2, tzinfo=UTC)


UP_TABLE = steps(
    ("accept", {S.requested}, S.accepted),
    ("reject", {S.requested}, S.rejected),
    ("redirect", {S.requested}, None),
    ("reraise", {S.rejected}, S.reraised),
    ("cancel", {S.requested, S.accepted}, S.cancelled),
    ("arrive", {S.accepted, S.no_show}, S.arrived),
    ("no_show", {S.accepted}, S.no_show),
    ("treat", {S.arrived}, S.treated),
    ("return", {S.treated}, S.returned),
)
DOWN_TABLE = steps(
    ("accept", {S.requested}, S.accepted),
    ("reject", {S.requested}, S.rejected),
    ("redirect", {S.requested}, None),
    ("reraise", {S.rejected}, S.reraised),
    ("cancel", {S.requested}, S.cancelled),
)
# Taken by the platform when the return is accepted: no endpoint, nobody's step.
PLATFORM = "return"


@dataclass(frozen=True)
class Flow:
    """One direction, its cast and how a referral of it is brought to each state."""

    direction: str
    table: Table
    # Someone who may take the step (in a state it leaves); none for the platform's step.
    allowed: dict[str, str]
    # People who may not, whatever the state; the first is the likeliest confusion.
    wrong: dict[str, tuple[str, ...]]
    # The other direction's steps, and someone of this referral's cast who tries them.
    foreign: dict[str, str]
    # state: (the state it is reached from, the steps taken as (who, step)); None relabels.
    path: dict[State, tuple[State | None, list[tuple[str, str]] | None]]

    @property
    def actions(self) -> list[str]:
        return list(dict.fromkeys(action for action, _ in self.table))

    @property
    def api_actions(self) -> list[str]:
        return [a for a in self.actions if a != PLATFORM]

    def sources(self, action: str) -> set[State]:
        return {s for a, s in self.table if a == action}


# The cast. Up: town_doctor_a1 (town A1) refers the patient to county A's cardiology, headed by
# specialist_a; coordinator_a is A's office; doctor_a is a cardiologist at A who does not head
# it; nurse_a a nurse at A; nurse_a1 the town's nurse; village_doctor a doctor at the village
# below the town; coordinator_b the office of county B. Down: specialist_a returns the patient
# from A to town A1, whose doctor town_doctor_a1 and office coordinator_a1 take the patient in.
UP_FLOW = Flow(
    direction="up", table=UP_TABLE,
    allowed={"accept": "coordinator_a", "reject": "specialist_a", "redirect": "specialist_a",
             "reraise": "town_doctor_a1", "cancel": "town_doctor_a1", "arrive": "nurse_a",
             "no_show": "coordinator_a", "treat": "doctor_a"},
    wrong={
        # The office's steps: the referrer, another county's office, a doctor of the
        # receiving hospital who is not the office, its nurse.
        "accept": ("town_doctor_a1", "coordinator_b", "doctor_a", "nurse_a"),
        "reject": ("town_doctor_a1", "coordinator_b", "doctor_a", "nurse_a"),
        "redirect": ("town_doctor_a1", "coordinator_b", "doctor_a", "nurse_a"),
        # The referring side's: the receiving office and department head, the referring
        # town's nurse, a doctor of the village below it.
        "reraise": ("coordinator_a", "specialist_a", "nurse_a1", "village_doctor"),
        "cancel": ("coordinator_a", "specialist_a", "nurse_a1", "village_doctor"),
        # The receiving ward's: the referrer, the referring town's nurse, another county's
        # office, a doctor at the province.
        "arrive": ("town_doctor_a1", "nurse_a1", "coordinator_b", "mdt_expert"),
        "no_show": ("town_doctor_a1", "nurse_a1", "coordinator_b", "mdt_expert"),
        # The receiving doctors': its nurse, its office, the referrer, another county's office.
        "treat": ("nurse_a", "coordinator_a", "town_doctor_a1", "coordinator_b"),
        # Everyone (checked on the rule: there is no endpoint to try it through).
        "return": ("specialist_a", "doctor_a", "coordinator_a", "nurse_a", "town_doctor_a1",
                   "village_doctor", "coordinator_b", "mdt_expert"),
    },
    foreign={},
    path={
        S.requested: (None, []),
        S.accepted: (S.requested, [("coordinator_a", "accept")]),
        S.arrived: (S.accepted, [("nurse_a", "arrive")]),
        S.treated: (S.arrived, [("doctor_a", "treat")]),
        S.returned: (S.treated, [("specialist_a", "send_back"),
                                 ("town_doctor_a1", "accept_return")]),
        S.no_show: (S.accepted, [("coordinator_a", "no_show")]),
        S.rejected: (S.requested, [("specialist_a", "reject")]),
        S.reraised: (S.rejected, [("town_doctor_a1", "reraise")]),
        S.cancelled: (S.requested, [("town_doctor_a1", "cancel")]),
    },
)

DOWN_FLOW = Flow(
    direction="down", table=DOWN_TABLE,
    allowed={"accept": "town_doctor_a1", "reject": "coordinator_a1",
             "redirect": "town_doctor_a1", "reraise": "specialist_a", "cancel": "specialist_a"},
    wrong={
        # The receiving clinic's: the referrer, the town's nurse, the county office above it,
        # a doctor of the village below it.
        "accept": ("specialist_a", "nurse_a1", "coordinator_a", "village_doctor"),
        "reject": ("specialist_a", "nurse_a1", "coordinator_a", "village_doctor"),
        "redirect": ("specialist_a", "nurse_a1", "coordinator_a", "village_doctor"),
        # The referring side's: the clinic's doctor and office, the county's own office and
        # nurse (not doctors).
        "reraise": ("town_doctor_a1", "coordinator_a1", "coordinator_a", "nurse_a"),
        "cancel": ("town_doctor_a1", "coordinator_a1", "coordinator_a", "nurse_a"),
    },
    foreign={"arrive": "nurse_a1", "no_show": "coordinator_a1", "treat": "town_doctor_a1"},
    path={
        S.requested: (None, []),
        S.accepted: (S.requested, [("town_doctor_a1", "accept")]),
        S.rejected: (S.requested, [("coordinator_a1", "reject")]),
        S.reraised: (S.rejected, [("specialist_a", "reraise")]),
        S.cancelled: (S.requested, [("specialist_a", "cancel")]),
        S.arrived: (S.requested, None),
        S.no_show: (S.requested, None),
        S.treated: (S.requested, None),
        S.returned: (S.requested, None),
    },
)

FLOWS = {"up": UP_FLOW, "down": DOWN_FLOW}
CODE = {"up": UP, "down": DOWN}


def url(rid: str, action: str) -> str:
    return f"{BASE}/{rid}/{action.replace('_', '-')}"


@dataclass
class Ctx:
    app: Any
    client: Any
    world: World
    depts: dict[str, uuid.UUID]
    flow: Flow

    @classmethod
    async def make(cls, app, client, world, direction: str) -> Ctx:
        setup = await prepare(world)
        for name, role, org in (("doctor_a", Role.specialist, "A"), ("nurse_a", Role.nurse, "A"),
                                ("coordinator_b", Role.coordinator, "B"),
                                ("coordinator_a1", Role.coordinator, "A1")):
            await add_staff(world, name, role, org)
        return cls(app, client, world, setup.depts, FLOWS[direction])

    @property
    def up(self) -> bool:
        return self.flow.direction == "up"

    def body(self, action: str) -> dict:
        """A valid body for the step (so a refusal is about the state or the person)."""
        dept = self.depts["cardio_a" if self.up else "general_a1"]
        return {
            "accept": ({"reservation": "bed",
                        "reserved_at": (self.world.clock.now() + RESERVE_AHEAD).isoformat(),
                        "reserved_place": "心血管内科病区 12床"} if self.up else {}),
            "reject": {"reason": "本科床位已满，建议改转上级医院"},
            "redirect": {"target_department_id": str(dept), "reason": "请该科室接诊"},
            "reraise": {"note": "患者症状加重，请再次评估"},
            "cancel": {"reason": "患者家属决定暂不转诊"},
            "arrive": {},
            "no_show": {},
            "treat": {"outcome": "心衰纠正，好转出院"},
        }[action]

    async def take(self, who: str, action: str, rid: str, body: dict | None = None):
        return await self.world.client_as(self.client, who).post(
            url(rid, action), json=self.body(action) if body is None else body)

    async def request(self) -> str:
        if self.up:
            body = referral(self.world, target="A", target_department_id=str(
                self.depts["cardio_a"]))
            who = "town_doctor_a1"
        else:
            body = return_body(self.world, target="A1", up_id=None)
            who = "specialist_a"
        r = await self.world.client_as(self.client, who).post(BASE, json=body)
        assert r.status_code == 201, r.text
        return r.json()["id"]

    async def build(self, state: State) -> str:
        """A referral of this direction in ``state``, brought there by the people who would."""
        source, taken = self.flow.path[state]
        if source is None:
            return await self.request()
        rid = await self.build(source)
        if taken is None:
            async with self.app.state.sessionmaker() as db:
                (await db.get(Referral, uuid.UUID(rid))).state = state
                await db.commit()
            return rid
        down = None
        for who, action in taken:
            if action == "send_back":
                r = await self.world.client_as(self.client, who).post(
                    BASE, json=return_body(self.world, target="A1", up_id=rid))
                down = r.json().get("id")
            elif action == "accept_return":
                r = await self.take(who, "accept", down, {})
            else:
                if action == "no_show":
                    self.world.clock.advance(seconds=(RESERVE_AHEAD + timedelta(
                        minutes=1)).total_seconds())
                r = await self.take(who, action, rid)
            assert r.status_code in (200, 201), f"{who} {action}: {r.text}"
        assert await self.state_of(rid) == state.value
        return rid

    async def state_of(self, rid: str) -> str:
        async with self.app.state.sessionmaker() as db:
            return (await db.get(Referral, uuid.UUID(rid))).state.value

    async def reads(self, who: str, rid: str) -> bool:
        """Whether ``who`` takes part in the referral now: others are outsiders, refused on
        scope before anything about the state."""
        r = await self.world.client_as(self.client, who).get(f"{BASE}/{rid}")
        assert r.status_code in (200, 403), r.text
        return r.status_code == 200

    async def actions_of(self, who: str, rid: str) -> set[str]:
        """The steps the referral's page offers ``who`` (none when it is not shared with them)."""
        r = await self.world.client_as(self.client, who).get(f"{BASE}/{rid}")
        assert r.status_code in (200, 403), r.text
        return {a["action"] for a in r.json()["actions"]} if r.status_code == 200 else set()


def test_the_tables_are_the_issues():
    """A change to either table must be made here too (and so be checked below)."""
    for direction, flow in FLOWS.items():
        code = {(t.action, s): t.target for t in CODE[direction].transitions for s in t.sources}
        assert code == flow.table, direction
        assert set(flow.allowed) == set(flow.api_actions), direction
        assert set(flow.wrong) == set(flow.actions), direction
        for action, people in flow.wrong.items():
            assert len(people) >= 2 and flow.allowed.get(action) not in people, (direction,
                                                                                  action)
        assert set(flow.path) == set(State), direction
    assert set(DOWN_FLOW.foreign) == set(UP_FLOW.api_actions) - set(DOWN_FLOW.actions)
    assert set(UP_FLOW.foreign) == set(DOWN_FLOW.actions) - set(UP_FLOW.actions)


@pytest.mark.parametrize("direction", FLOWS)
async def test_a_step_not_possible_in_the_state_is_refused_and_changes_nothing(
        direction, app, client, world):
    """Every state × every step that does not leave it, asked for by someone who may take the
    step where it is possible; and the other direction's steps, which this referral lacks."""
    ctx = await Ctx.make(app, client, world, direction)
    flow, failures = ctx.flow, []
    for state in State:
        rid = await ctx.build(state)
        people = {*flow.allowed.values(), *flow.foreign.values()}
        party = {who: await ctx.reads(who, rid) for who in people}
        audited_before = {who: len(await refusals(app, rid, world.users[who])) for who in people}
        before = await snapshot(app)
        for action in [a for a in flow.api_actions if state not in flow.sources(a)]:
            who = flow.allowed[action]
            r = await ctx.take(who, action, rid)
            got = r.json()
            # Someone not taking part in the referral in this state is an outsider: refused on
            # scope (403, audited) before the state is looked at (issue 11).
            expected = ((409, "wrong-state", state.value,
                         sorted(s.value for s in flow.sources(action))) if party[who]
                        else (403, "forbidden", None, None))
            if (r.status_code, got.get("code"), got.get("state"),
                    got.get("allowed_from")) != expected:
                failures.append(f"{state.value}: {action} by {who}: expected {expected}, got "
                                f"{r.status_code} {r.text[:200]}")
            elif lost := changed(before, await snapshot(app)):
                failures.append(f"{state.value}: {action} by {who}: refused but changed {lost}")
        for action, who in flow.foreign.items():
            r = await ctx.take(who, action, rid)
            expected = (422, "unknown-action") if party[who] else (403, "forbidden")
            if (r.status_code, r.json().get("code")) != expected:
                failures.append(f"{state.value}: {action} (the other direction's) by {who}: "
                                f"got {r.status_code} {r.text[:200]}")
            elif lost := changed(before, await snapshot(app)):
                failures.append(f"{state.value}: {action} (the other direction's) by {who}: "
                                f"refused but changed {lost}")
        # A step out of turn is a conflict, not a denial: nothing on the audit trail; an
        # outsider's attempt is a denial, on the record's trail.
        for who in people:
            audited = len(await refusals(app, rid, world.users[who])) - audited_before[who]
            if party[who] and audited:
                failures.append(f"{state.value}: a refusal of {who}'s was audited as denied")
            if not party[who] and not audited:
                failures.append(f"{state.value}: an outsider's ({who}) attempt was not audited")
    assert not failures, f"{direction} referral:\n" + "\n".join(failures)


@pytest.mark.parametrize("direction", FLOWS)
async def test_a_step_taken_by_someone_else_is_refused_audited_and_changes_nothing(
        direction, app, client, world):
    """Every transition (step × state it leaves) × people the table does not name."""
    ctx = await Ctx.make(app, client, world, direction)
    flow, failures, tried = ctx.flow, [], set()
    for state in State:
        steps_here = [a for a in flow.api_actions if state in flow.sources(a)]
        if not steps_here:
            continue
        rid = await ctx.build(state)
        before = await snapshot(app)
        for action in steps_here:
            # The referral is where the step is possible: its rightful taker is offered it,
            # unless the step's guards do not hold yet (a no-show before the reserved time, in
            # the referrals built here), when it is not offered.
            guarded = bool(CODE[direction].step(state, action).guards)
            offered = action in await ctx.actions_of(flow.allowed[action], rid)
            if offered == guarded:
                failures.append(f"{state.value}: {action} {'' if offered else 'not '}offered to "
                                f"{flow.allowed[action]}")
            for who in flow.wrong[action]:
                if action in await ctx.actions_of(who, rid):
                    failures.append(f"{state.value}: {action} offered to {who}")
                # An outsider is refused on scope before the step is looked at (issue 11).
                code = "not-your-step" if await ctx.reads(who, rid) else "forbidden"
                base = len(await refusals(app, rid, world.users[who], code=code))
                r = await ctx.take(who, action, rid)
                tried.add((action, state))
                if (r.status_code, r.json().get("code")) != (403, code):
                    failures.append(f"{state.value}: {action} by {who}: expected 403 "
                                    f"{code}, got {r.status_code} {r.text[:200]}")
                    continue
                # (Reading a referral not shared with them is a refusal of its own.)
                entries = await refusals(app, rid, world.users[who], code=code)
                if len(entries) != base + 1:
                    failures.append(f"{state.value}: {action} by {who}: the refusal was not "
                                    f"audited ({len(entries)} entries after {base})")
                if lost := changed(before, await snapshot(app)):
                    failures.append(f"{state.value}: {action} by {who}: refused but changed "
                                    f"{lost}")
    assert tried == {(a, s) for a, s in flow.table if a != PLATFORM}
    assert not failures, f"{direction} referral:\n" + "\n".join(failures)


async def test_at_a_township_clinic_its_doctors_answer_without_an_office(app, client, world):
    """A clinic has no referral office: any of its doctors answers an up-referral (no
    department named), but not its nurse, nor the county office above it, nor the referrer."""
    ctx = await Ctx.make(app, client, world, "up")
    await add_staff(world, "doctor_a1", Role.grassroots_doctor, "A1")
    r = await world.client_as(client, "village_doctor").post(BASE, json=referral(
        world, target="A1"))
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    before = await snapshot(app)
    for who in ("nurse_a1", "coordinator_a", "village_doctor"):
        assert "accept" not in await ctx.actions_of(who, rid), who
        r = await ctx.take(who, "accept", rid)
        assert (r.status_code, r.json()["code"]) == (403, "not-your-step"), (who, r.text)
    assert changed(before, await snapshot(app)) == []
    assert {"accept", "reject", "redirect"} <= await ctx.actions_of("doctor_a1", rid)
    r = await ctx.take("doctor_a1", "accept", rid)
    assert (r.status_code, r.json()["state"]) == (200, "accepted"), r.text


# ---------------------------------------------------------------- the platform's step


async def test_the_return_step_has_no_endpoint_and_its_rule_refuses_everyone(app, client, world):
    ctx = await Ctx.make(app, client, world, "up")
    assert not [path for _, path, _ in app_routes(app)
                if path.startswith(BASE) and path.endswith("/return")]
    rid = await ctx.build(S.treated)
    before = await snapshot(app)
    for who in UP_FLOW.wrong[PLATFORM]:
        assert PLATFORM not in await ctx.actions_of(who, rid), who
        r = await world.client_as(client, who).post(url(rid, PLATFORM), json={})
        assert r.status_code in (404, 405), (who, r.text)
    assert changed(before, await snapshot(app)) == []

    # The rule itself, for each of the cast as the server would see them (the department head
    # included): the state is right, the person never is.
    async with app.state.sessionmaker() as db:
        case = await db.get(Referral, uuid.UUID(rid))
    parties = Parties(case=case, department_head=world.users["specialist_a"])
    org_of = {"specialist_a": "A", "doctor_a": "A", "coordinator_a": "A", "nurse_a": "A",
              "town_doctor_a1": "A1", "village_doctor": "A1a", "coordinator_b": "B",
              "mdt_expert": "P"}
    role_of = {"specialist_a": Role.specialist, "doctor_a": Role.specialist,
               "coordinator_a": Role.coordinator, "nurse_a": Role.nurse,
               "town_doctor_a1": Role.grassroots_doctor, "village_doctor": Role.grassroots_doctor,
               "coordinator_b": Role.coordinator, "mdt_expert": Role.mdt_expert}
    for who in UP_FLOW.wrong[PLATFORM]:
        org = world.orgs[org_of[who]]
        actor = Actor(user_id=world.users[who], username=who, role=role_of[who], org_id=org.id,
                      org_path=org.path, clinically_verified=True)
        with pytest.raises(Forbidden) as refused:
            UP.check(actor, parties, S.treated, PLATFORM, now=NOW)
        assert refused.value.code == "not-your-step", who
        for state in set(State) - {S.treated}:
            with pytest.raises(WrongState) as early:
                UP.check(actor, parties, state, PLATFORM, now=NOW)
            assert early.value.extra["allowed_from"] == ["treated"]


async def test_the_loop_closes_only_through_the_returns_acceptance(app, client, world):
    """The up-referral moves to returned when, and only when, its return is taken in."""
    ctx = await Ctx.make(app, client, world, "up")
    rid = await ctx.build(S.treated)
    r = await world.client_as(client, "specialist_a").post(
        BASE, json=return_body(world, target="A1", up_id=rid))
    assert r.status_code == 201, r.text
    down = r.json()["id"]
    assert await ctx.state_of(rid) == "treated"
    refused = await world.client_as(client, "nurse_a1").post(url(down, "accept"), json={})
    assert refused.status_code == 403
    assert await ctx.state_of(rid) == "treated"
    r = await world.client_as(client, "town_doctor_a1").post(url(down, "accept"), json={})
    assert r.status_code == 200, r.text
    assert await ctx.state_of(rid) == "returned"


# ---------------------------------------------------------------- materials


async def test_materials_come_from_the_referring_side_until_the_patient_arrives(
        app, client, world):
    ctx = await Ctx.make(app, client, world, "up")
    ecg = await make_file(app, world, "town_doctor_a1")
    rid = await ctx.build(S.accepted)
    before = await snapshot(app)
    # The receiving side reads the referral but adds nothing; a nurse of the referring
    # clinic is not a party, so she is refused on scope before the step is looked at.
    for who, code in (("coordinator_a", "not-your-step"), ("specialist_a", "not-your-step"),
                      ("nurse_a1", "forbidden")):
        r = await world.client_as(client, who).post(f"{BASE}/{rid}/attachments",
                                                    json={"file_id": str(ecg)})
        assert (r.status_code, r.json()["code"]) == (403, code), (who, r.text)
        assert len(await refusals(app, rid, world.users[who], code=code)) == 1
    assert changed(before, await snapshot(app)) == []

    arrived = await ctx.build(S.arrived)
    before = await snapshot(app)
    r = await world.client_as(client, "town_doctor_a1").post(f"{BASE}/{arrived}/attachments",
                                                             json={"file_id": str(ecg)})
    assert (r.status_code, r.json()["code"]) == (409, "wrong-state"), r.text
    assert r.json()["allowed_from"] == ["accepted", "requested"]
    assert changed(before, await snapshot(app)) == []
    shown = (await world.client_as(client, "town_doctor_a1").get(f"{BASE}/{arrived}")).json()
    assert shown["attachments"] == [] and "attach" not in {a["action"] for a in shown["actions"]}

    r = await world.client_as(client, "town_doctor_a1").post(f"{BASE}/{rid}/attachments",
                                                             json={"file_id": str(ecg)})
    assert r.status_code == 200, r.text
    assert [f["file_id"] for f in r.json()["attachments"]] == [str(ecg)]


def test_an_unknown_step_is_a_validation_error_whatever_the_state():
    office = Actor(user_id=uuid.uuid4(), username="office", role=Role.coordinator,
                   org_id=uuid.uuid4(), clinically_verified=True)
    for flow, others in ((UP, ()), (DOWN, ("arrive", "no_show", "treat", "return"))):
        for state in State:
            case = Referral(state=state, target_org_id=office.org_id, source_org_id=uuid.uuid4())
            for action in ("teleport", "attach", "request", "escalate", *others):
                with pytest.raises(UnknownAction) as refused:
                    flow.check(office, Parties(case=case), state, action, now=NOW)
                assert (refused.value.status, refused.value.code) == (422, "unknown-action")
                assert refused.value.errors[0]["field"] == "action"
