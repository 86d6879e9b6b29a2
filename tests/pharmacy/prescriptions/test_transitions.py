"""Every step of the prescription's table, taken by the person whose it is and refused to
everyone else, from every state it does not leave, and its guards both ways.

The table is written out here from the issue (16), not read from workflow.py, with who takes
each step of patient pa's prescription at county A (written by specialist_a, dispensed by county
A's pharmacy, picked up at pa's village clinic A1a unless it is delivered):

- the dispensing organisation's pharmacist reviews it: passes it, or returns it to the doctor;
- the doctor who signed it voids it before it is paid (a change is a new version);
- once it is approved the patient chooses delivery or pick-up (an order to pay), or declines
  it; the platform moves it to paid when the order is paid (only once a choice was made), or
  lets it lapse when it is no longer valid unpaid;
- paid, nothing dispensed: the patient or a pharmacist refunds it in full;
- the pharmacy dispenses it; a delivery is then collected by the carrier, in transit, and
  delivered against the patient's receipt code (the pharmacy records each), or its receipt
  confirmed by the patient; a pick-up arrives at the village clinic and is handed over against
  the pick-up code by a doctor of that clinic.

A step asked in a state it does not leave is a 409 ``wrong-state`` naming the states it is
possible from (an outsider is refused on scope first: a 403, audited); a step asked by someone
the table does not name is an audited 403 (``not-your-step`` for a party of the prescription,
``forbidden`` for an outsider); either way every prescription, its lines, its timeline, the
audit trail (but the refusal), notices, events, documents, orders, refunds, stock and the
record's reconciliations stay as they were. Prescriptions are brought to each state through
the service by the people whose steps lead there (helpers.Counties).
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.cases.helpers import changed, refusals_of, steps
from tests.factories import add_staff
from tests.files.helpers import actor_of
from tests.pharmacy.prescriptions.helpers import (
    DELIVERY,
    RX,
    Counties,
    make_counties,
    step_path,
)
from yilian.cases import engine
from yilian.cases.models import CaseStep
from yilian.core.audit import AuditEntry
from yilian.core.authz import Role, app_routes
from yilian.core.errors import Conflict
from yilian.core.events import OutboxEvent
from yilian.documents.models import IssuedDocument
from yilian.messaging.notifications.models import Notification
from yilian.patients.models import Reconciliation
from yilian.payments.models import OrderState, PaymentOrder, PaymentRefund
from yilian.pharmacy.catalogue.models import StockBatch
from yilian.pharmacy.prescriptions.kind import PRESCRIPTION_KIND
from yilian.pharmacy.prescriptions.models import Fulfilment, Prescription, PrescriptionLine, State
from yilian.pharmacy.prescriptions.workflow import PRESCRIPTION

S = State
refusals = refusals_of("prescription")

TABLE = steps(
    ("pass", {S.in_review}, S.approved),
    ("return", {S.in_review}, S.returned),
    ("void", {S.in_review, S.returned, S.approved}, S.voided),
    ("checkout", {S.approved}, None),
    ("pay", {S.approved}, S.paid),
    ("lapse", {S.approved}, S.lapsed),
    ("cancel", {S.approved}, S.cancelled),
    ("refund", {S.paid}, S.cancelled),
    ("dispense", {S.paid}, S.dispensed),
    ("collect", {S.dispensed}, S.collected),
    ("transit", {S.collected}, S.in_transit),
    ("deliver", {S.in_transit}, S.received),
    ("confirm_receipt", {S.collected, S.in_transit}, S.received),
    ("arrive", {S.dispensed}, S.at_clinic),
    ("hand_over", {S.at_clinic}, S.received),
)
# Taken by the platform (the payment's notification, the validity's sweep): no endpoint.
PLATFORM = ("pay", "lapse")
ACTIONS = list(dict.fromkeys(action for action, _ in TABLE))
API_ACTIONS = [a for a in ACTIONS if a not in PLATFORM]
# Only for a delivery, only for a pick-up, only once one was chosen.
GUARDED = {"collect": "not-delivery", "transit": "not-delivery", "deliver": "not-delivery",
           "confirm_receipt": "not-delivery", "arrive": "not-pickup", "hand_over": "not-pickup",
           "pay": "no-order"}
DELIVERY_STEPS = {a for a, code in GUARDED.items() if code == "not-delivery"}

# Who may take each step of pa's prescription at A: its pharmacists, its doctor, its patient,
# the doctors of the village clinic A1a (a grassroots and a family doctor).
PHARMACIST, DOCTOR, PATIENT = ("pharmacist_a",), ("specialist_a",), ("patient_pa",)
CLINIC = ("village_doctor", "family_doctor")
ALLOWED: dict[str, tuple[str, ...]] = {
    "pass": PHARMACIST, "return": PHARMACIST, "void": DOCTOR, "checkout": PATIENT,
    "cancel": PATIENT, "refund": PATIENT + PHARMACIST, "dispense": PHARMACIST,
    "collect": PHARMACIST, "transit": PHARMACIST, "deliver": PHARMACIST,
    "confirm_receipt": PATIENT, "arrive": CLINIC, "hand_over": CLINIC,
}
# People who may not, whatever the state (each let past the route's policy, so that the step's
# own rule answers). The pharmacy's: the doctor, the patient, the village clinic's doctor, a
# pharmacist of the town below the county and one of county B. The doctor's: another doctor of
# the same hospital, the pharmacist, the patient, the village doctor. The patient's: the doctor,
# the pharmacist, the village doctor, another patient. The clinic's: the pharmacist, the doctor,
# the patient, the doctor of the town above the village, a doctor of county B's town.
_PHARMACY = ("specialist_a", "patient_pa", "village_doctor", "pharmacist_a1", "pharmacist_b")
_PATIENTS = ("specialist_a", "pharmacist_a", "village_doctor", "patient_pb")
_CLINICS = ("pharmacist_a", "specialist_a", "patient_pa", "town_doctor_a1", "doctor_b1")
WRONG: dict[str, tuple[str, ...]] = {
    "pass": _PHARMACY, "return": _PHARMACY, "dispense": _PHARMACY, "collect": _PHARMACY,
    "transit": _PHARMACY, "deliver": _PHARMACY,
    "void": ("junior_a", "pharmacist_a", "patient_pa", "village_doctor"),
    "checkout": _PATIENTS, "cancel": _PATIENTS, "confirm_receipt": _PATIENTS,
    "refund": ("specialist_a", "village_doctor", "pharmacist_a1", "patient_pb"),
    "arrive": _CLINICS, "hand_over": _CLINICS,
}
# What the patient chose, for the prescriptions each state is asked of here: a pick-up where
# there is a choice (so the village clinic's doctors take part), a delivery where the state
# needs one, nothing yet before approval.
CHOSEN = {S.in_review: None, S.returned: None, S.approved: "pickup", S.voided: "pickup",
          S.cancelled: "pickup", S.lapsed: "pickup", S.paid: "pickup", S.dispensed: "pickup",
          S.collected: "delivery", S.in_transit: "delivery", S.at_clinic: "pickup",
          S.received: "pickup"}


def sources(action: str) -> set[State]:
    return {s for a, s in TABLE if a == action}


def chosen(action: str, state: State) -> str | None:
    """What the patient chose, for a prescription in ``state`` where ``action`` is taken."""
    if action in DELIVERY_STEPS:
        return "delivery"
    return None if action == "checkout" else CHOSEN[state]


async def snapshot(app) -> dict[str, Any]:
    """Everything a step could change: every prescription and its lines, every order and stock
    batch, and how many timeline steps, audit entries but refusals, notices, events, issued
    documents, refunds and record reconciliations there are."""

    def count(model, *where):
        return select(func.count()).select_from(model).where(*where).scalar_subquery()

    async with app.state.sessionmaker() as db:
        rows = {name: sorted(({k: str(v) for k, v in r.items()} for r in (await db.execute(
            select(model.__table__))).mappings()), key=lambda r: r["id"])
            for name, model in (("prescriptions", Prescription), ("lines", PrescriptionLine),
                                ("orders", PaymentOrder), ("stock", StockBatch))}
        counts = (await db.execute(select(
            count(CaseStep), count(AuditEntry, AuditEntry.outcome != "denied"),
            count(Notification), count(OutboxEvent), count(IssuedDocument),
            count(PaymentRefund), count(Reconciliation)))).one()
    names = ("steps", "audit", "notices", "events", "documents", "refunds", "reconciliations")
    return {**rows, **dict(zip(names, counts, strict=True))}


class Ctx:
    def __init__(self, counties: Counties) -> None:
        self.counties, self.app, self.client = counties, counties.app, counties.client
        self.world = counties.world

    @classmethod
    async def make(cls, app, client, world) -> Ctx:
        counties = await make_counties(app, client, world)
        await add_staff(world, "pharmacist_a1", Role.pharmacist, "A1")
        return cls(counties)

    async def take(self, who: str, action: str, rid: str, **over: Any):
        return await self.world.client_as(self.client, who).post(
            f"{RX}/{rid}{step_path(action)}", json=await self.counties.body(action, rid, **over))

    async def detail(self, who: str, rid: str) -> dict | None:
        """The prescription as ``who`` reads it, or None when it is not shared with them."""
        r = await self.world.client_as(self.client, who).get(f"{RX}/{rid}")
        assert r.status_code in (200, 403), r.text
        return r.json() if r.status_code == 200 else None

    async def reads(self, who: str, rid: str) -> bool:
        return await self.detail(who, rid) is not None

    async def actions_of(self, who: str, rid: str) -> set[str]:
        """The steps the prescription's page offers ``who`` (none when it is not theirs)."""
        shown = await self.detail(who, rid)
        return {a["action"] for a in shown["actions"]} if shown else set()

    async def timeline(self, rid: str) -> list[tuple[str, str | None, str, bool]]:
        """(action, from, to, taken by a person) of each step, in order."""
        async with self.app.state.sessionmaker() as db:
            found = (await db.execute(select(CaseStep).where(
                CaseStep.case_type == "prescription", CaseStep.case_id == uuid.UUID(rid))
                .order_by(CaseStep.seq))).scalars()
            return [(s.action, s.from_state, s.to_state, s.actor_id is not None) for s in found]

    async def state_of(self, rid: str) -> State:
        return (await self.counties.load(rid)).state


def test_the_table_is_the_issues(app):
    """A change to the table must be made here too (and so be checked below); every step a
    person takes has its endpoint, the platform's have none."""
    code = {(t.action, s): t.target for t in PRESCRIPTION.transitions for s in t.sources}
    assert code == TABLE
    assert {t.action for t in PRESCRIPTION.transitions if t.platform} == set(PLATFORM)
    assert {a for a, _ in TABLE if PRESCRIPTION.step(next(iter(sources(a))), a).guards} == \
        set(GUARDED)
    assert set(ALLOWED) == set(WRONG) == set(API_ACTIONS)
    for action, people in WRONG.items():
        assert not set(people) & set(ALLOWED[action]), action
    served = {path.rsplit("/", 1)[1] for method, path, _ in app_routes(app)
              if method == "POST" and path.startswith(RX + "/{prescription_id}/")}
    assert served == {step_path(a)[1:] for a in API_ACTIONS}


async def test_each_step_is_offered_to_its_people_and_taken_by_them(app, client, world):
    """Every (state, step) of the table, by each person who may take it: offered on the page,
    taken (200), the prescription in the step's target state with the step on its timeline."""
    ctx = await Ctx.make(app, client, world)
    failures, tried = [], set()
    for (action, source), target in TABLE.items():
        if action in PLATFORM:
            continue
        ways = [{"fulfilment": "pickup"}, DELIVERY] if action == "checkout" else [{}]
        for who in ALLOWED[action]:
            for over in ways:
                rid = await ctx.counties.bring(source, fulfilment=chosen(action, source))
                before = await ctx.timeline(rid)
                if action not in await ctx.actions_of(who, rid):
                    failures.append(f"{source.value}: {action} not offered to {who}")
                r = await ctx.take(who, action, rid, **over)
                tried.add((action, source))
                if r.status_code != 200:
                    failures.append(f"{source.value}: {action} by {who}: {r.status_code} "
                                    f"{r.text[:200]}")
                    continue
                if r.json()["state"] != target.value or await ctx.state_of(rid) != target:
                    failures.append(f"{source.value}: {action} by {who}: now "
                                    f"{r.json()['state']}, not {target.value}")
                if await ctx.timeline(rid) != [*before, (action, source.value, target.value,
                                                         True)]:
                    failures.append(f"{source.value}: {action} by {who}: the timeline is "
                                    f"{await ctx.timeline(rid)}")
    assert tried == {(a, s) for a, s in TABLE if a not in PLATFORM}
    assert not failures, "\n".join(failures)


async def test_a_step_taken_by_someone_else_is_refused_audited_and_changes_nothing(
        app, client, world):
    """Every transition (step × state it leaves) × people the table does not name: not
    offered, refused 403 on the prescription's audit trail, nothing changed. A pharmacist of
    another organisation reviewing is among them (an outsider: ``forbidden``)."""
    ctx = await Ctx.make(app, client, world)
    failures, tried = [], set()
    made: dict[tuple[State, str | None], str] = {}
    for (action, source) in TABLE:
        if action in PLATFORM:
            continue
        key = (source, chosen(action, source))
        if key not in made:
            made[key] = await ctx.counties.bring(key[0], fulfilment=key[1])
        rid = made[key]
        for who in WRONG[action]:
            shown = await ctx.detail(who, rid)
            if shown and action in {a["action"] for a in shown["actions"]}:
                failures.append(f"{source.value}: {action} offered to {who}")
            # An outsider is refused on scope before the step is looked at.
            code = "not-your-step" if shown else "forbidden"
            audited = len(await refusals(app, rid, world.users[who], code=code))
            before = await snapshot(app)
            r = await ctx.take(who, action, rid)
            tried.add((action, source))
            if (r.status_code, r.json().get("code")) != (403, code):
                failures.append(f"{source.value}: {action} by {who}: expected 403 {code}, got "
                                f"{r.status_code} {r.text[:200]}")
                continue
            if len(await refusals(app, rid, world.users[who], code=code)) != audited + 1:
                failures.append(f"{source.value}: {action} by {who}: the refusal was not "
                                f"audited")
            if lost := changed(before, await snapshot(app)):
                failures.append(f"{source.value}: {action} by {who}: refused but changed "
                                f"{lost}")
    assert tried == {(a, s) for a, s in TABLE if a not in PLATFORM}
    assert not failures, "\n".join(failures)


async def test_a_step_not_possible_in_the_state_is_refused_and_changes_nothing(
        app, client, world):
    """Every state × every step that does not leave it, asked by each person who may take the
    step where it is possible: 409 ``wrong-state`` naming the states it is possible from, not
    audited as a denial; for someone not taking part in the prescription in this state (the
    village clinic's doctors before pick-up is chosen, or for a delivery) a 403 on scope,
    audited. No payment and no dispensing before approval are among them."""
    ctx = await Ctx.make(app, client, world)
    failures = []
    people = sorted({who for cast in ALLOWED.values() for who in cast})
    for state in State:
        rid = await ctx.counties.bring(state, fulfilment=CHOSEN[state])
        party = {who: await ctx.reads(who, rid) for who in people}
        denied = {who: len(await refusals(app, rid, world.users[who])) for who in people}
        before = await snapshot(app)
        for action in [a for a in API_ACTIONS if state not in sources(a)]:
            for who in ALLOWED[action]:
                r = await ctx.take(who, action, rid)
                got = r.json()
                expected = ((409, "wrong-state", state.value,
                             sorted(s.value for s in sources(action))) if party[who]
                            else (403, "forbidden", None, None))
                if (r.status_code, got.get("code"), got.get("state"),
                        got.get("allowed_from")) != expected:
                    failures.append(f"{state.value}: {action} by {who}: expected {expected}, "
                                    f"got {r.status_code} {r.text[:200]}")
        if lost := changed(before, await snapshot(app)):
            failures.append(f"{state.value}: refused steps changed {lost}")
        if await ctx.state_of(rid) != state:
            failures.append(f"{state.value}: moved to {(await ctx.state_of(rid)).value}")
        for who in people:
            audited = len(await refusals(app, rid, world.users[who])) - denied[who]
            if party[who] and audited:
                failures.append(f"{state.value}: a refusal of {who}'s was audited as denied")
            if not party[who] and not audited:
                failures.append(f"{state.value}: an outsider's ({who}) attempt was not audited")
    assert not failures, "\n".join(failures)


# ---------------------------------------------------------------- the platform's steps


async def test_the_platform_pays_only_what_was_ordered_and_lapses_what_was_not_paid(
        app, client, world):
    """``pay`` needs delivery or pick-up chosen (its order); ``lapse`` takes an approved
    prescription past its validity, not a paid one; neither has an endpoint."""
    ctx = await Ctx.make(app, client, world)
    assert not [path for _, path, _ in app_routes(app)
                if path.startswith(RX) and path.endswith(("/pay", "/lapse"))]
    unordered = await ctx.counties.bring(S.approved, fulfilment=None)
    before = await snapshot(app)
    async with app.state.sessionmaker() as db:
        o = await engine.load(db, PRESCRIPTION_KIND, uuid.UUID(unordered), lock=True)
        with pytest.raises(Conflict) as refused:
            await engine.platform_step(db, app.state.clock, PRESCRIPTION_KIND, o, "pay")
        assert refused.value.code == "no-order"
        await db.rollback()
    assert changed(before, await snapshot(app)) == []
    for who in ("patient_pa", "pharmacist_a", "specialist_a"):
        r = await world.client_as(client, who).post(f"{RX}/{unordered}/pay", json={})
        assert r.status_code in (404, 405), (who, r.text)

    paid = await ctx.counties.bring(S.approved, fulfilment="pickup")
    await ctx.counties.platform("pay", paid)
    assert await ctx.state_of(paid) == S.paid
    assert (await ctx.timeline(paid))[-1] == ("pay", "approved", "paid", False)

    ordered = await ctx.counties.bring(S.approved, fulfilment="delivery")
    order_id = (await ctx.counties.load(ordered)).order_id
    valid_until = (await ctx.counties.load(ordered)).valid_until
    # Valid until the end of its day: its last second, then the next.
    last = valid_until - timedelta(seconds=1)
    world.clock.advance(seconds=(last - world.clock.now()).total_seconds())
    async with app.state.sessionmaker() as db:
        await engine.sweep(db, app.state.clock, PRESCRIPTION_KIND)
    assert await ctx.state_of(ordered) == S.approved
    world.clock.advance(seconds=1)
    async with app.state.sessionmaker() as db:
        await engine.sweep(db, app.state.clock, PRESCRIPTION_KIND)
        order = await db.get(PaymentOrder, order_id)
        assert order is not None and order.state == OrderState.cancelled
    assert await ctx.state_of(ordered) == S.lapsed
    assert (await ctx.timeline(ordered))[-1] == ("lapse", "approved", "lapsed", False)
    assert await ctx.state_of(unordered) == S.lapsed
    assert await ctx.state_of(paid) == S.paid


# ---------------------------------------------------------------- guards


async def test_a_delivery_step_on_a_pick_up_is_refused_and_offered_only_for_a_delivery(
        app, client, world):
    """The carrier's collection: refused for a prescription picked up at the clinic (409, not
    offered, nothing changed), offered and taken for one delivered. The clinic's arrival of a
    delivery is asked by the clinic's doctor, who takes no part in it: refused on scope."""
    ctx = await Ctx.make(app, client, world)
    pickup = await ctx.counties.bring(S.dispensed, fulfilment="pickup")
    delivery = await ctx.counties.bring(S.dispensed, fulfilment="delivery")
    before = await snapshot(app)
    assert "collect" not in await ctx.actions_of("pharmacist_a", pickup)
    r = await ctx.take("pharmacist_a", "collect", pickup)
    assert (r.status_code, r.json()["code"]) == (409, "not-delivery"), r.text
    assert not await refusals(app, pickup, world.users["pharmacist_a"])
    r = await ctx.take("village_doctor", "arrive", delivery)
    assert (r.status_code, r.json()["code"]) == (403, "forbidden"), r.text
    assert changed(before, await snapshot(app)) == []

    assert {"collect"} <= await ctx.actions_of("pharmacist_a", delivery)
    assert "arrive" in await ctx.actions_of("village_doctor", pickup)
    r = await ctx.take("pharmacist_a", "collect", delivery)
    assert (r.status_code, r.json()["state"]) == (200, "collected"), r.text
    r = await ctx.take("village_doctor", "arrive", pickup)
    assert (r.status_code, r.json()["state"]) == (200, "at_clinic"), r.text


async def test_each_guard_holds_or_refuses_in_the_table(app, client, world):
    """Each guarded step, from each state it leaves, for the person whose it is: allowed (and
    offered) when the prescription is for delivery / for pick-up / ordered as the step needs,
    refused with the guard's 409 (and not offered) otherwise."""
    ctx = await Ctx.make(app, client, world)
    o = await ctx.counties.load(await ctx.counties.bring(S.paid, fulfilment="pickup"))
    clinic = world.orgs["A1a"].id
    takers = {"pharmacist_a": ("collect", "transit", "deliver"),
              "patient_pa": ("confirm_receipt",), "village_doctor": ("arrive", "hand_over")}
    now = world.clock.now()
    async with app.state.sessionmaker() as db:
        for who, actions in takers.items():
            actor = await actor_of(app, world, who)
            for action in actions:
                for source in sources(action):
                    for fulfilment in Fulfilment:
                        # The clinic stays named so that its doctor still takes part.
                        case = _copy(o, state=source, fulfilment=fulfilment, pickup_org_id=clinic)
                        view = await PRESCRIPTION_KIND.view(db, case)
                        holds = (fulfilment == Fulfilment.delivery) == (action in DELIVERY_STEPS)
                        offered = action in {t.action for t in PRESCRIPTION.available(
                            actor, view, source, now=now)}
                        assert offered == holds, (action, source, fulfilment)
                        if holds:
                            assert PRESCRIPTION.check(actor, view, source, action, now=now)
                            continue
                        with pytest.raises(Conflict) as refused:
                            PRESCRIPTION.check(actor, view, source, action, now=now)
                        assert refused.value.code == GUARDED[action], (action, source)
        for order_id in (o.order_id, None):
            case = _copy(o, state=S.approved, order_id=order_id)
            view = await PRESCRIPTION_KIND.view(db, case)
            if order_id:
                assert PRESCRIPTION.check_platform(view, S.approved, "pay", now=now)
                continue
            with pytest.raises(Conflict) as refused:
                PRESCRIPTION.check_platform(view, S.approved, "pay", now=now)
            assert refused.value.code == GUARDED["pay"]


def _copy(o: Prescription, **over: Any) -> Prescription:
    """A detached prescription like ``o`` but for ``over`` (never saved)."""
    values = {c.key: getattr(o, c.key) for c in Prescription.__mapper__.column_attrs}
    return Prescription(**{**values, **over})
