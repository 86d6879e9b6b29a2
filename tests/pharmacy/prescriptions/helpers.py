"""The prescription tests' setting, on the online visit's (tests/clinic/visits/helpers.py):
patient pa's visit with specialist_a at county A open (就诊中), two drugs of county A's
catalogue in stock, specialist_a re-authenticated to sign."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tests.clinic.visits.helpers import (
    SESSIONS,
    VISITS,
    Setting,
    book,
    make_setting,
    on_the_day,
    pay,
    step_up,
)
from tests.factories import World
from tests.pharmacy.catalogue.helpers import make_drug, receive

RX = "/api/v1/pharmacy/prescriptions"
EXPIRY = date(2028, 6, 30)


@dataclass
class Rx:
    setting: Setting
    visit: dict
    # name -> drug id (as text)
    drugs: dict[str, str]

    @property
    def world(self) -> World:
        return self.setting.world


async def open_visit(app, client, world: World) -> tuple[Setting, dict]:
    """Patient pa's paid visit, checked in, called and started by specialist_a."""
    s = await make_setting(app, client, world)
    visit = await book(client, s)
    await pay(client, world, visit)
    await on_the_day(world, "patient_pa", "specialist_a", "pharmacist_a", "village_doctor")
    patient, doctor = (world.client_as(client, n) for n in ("patient_pa", "specialist_a"))
    r = await patient.post(f"{VISITS}/{visit['id']}/check-in", json={})
    assert r.status_code == 200, r.text
    await step_up(client, world)
    r = await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")
    assert r.status_code == 200, r.text
    r = await doctor.post(f"{VISITS}/{visit['id']}/start", json={})
    assert r.status_code == 200, r.text
    return s, r.json()


async def make_rx(app, client, world: World) -> Rx:
    s, visit = await open_visit(app, client, world)
    drugs = {
        "amlodipine": await make_drug(
            world, "A", generic_name="苯磺酸氨氯地平片", trade_name="络活喜",
            specification="5mg×7片", atc="C08CA01", strength=5, max_single_dose=10,
            max_daily_dose=10, price_fen=1450),
        "metformin": await make_drug(
            world, "A", generic_name="盐酸二甲双胍片", trade_name=None,
            specification="0.5g×20片", atc="A10BA02", strength=500, max_single_dose=1000,
            max_daily_dose=2000, price_fen=620, package_size=20),
        "nifedipine": await make_drug(world, "A"),
    }
    for drug_id in drugs.values():
        await receive(world, "A", drug_id, 50, expires_on=EXPIRY)
    return Rx(s, visit, {k: str(v) for k, v in drugs.items()})


def line(rx: Rx, drug: str, **over: Any) -> dict:
    body = {"drug_id": rx.drugs[drug], "dose": 5, "dose_unit": "mg", "route": "oral",
            "frequency": "qd", "days": 7}
    return {**body, **over}


def draft(rx: Rx, *lines: dict, **over: Any) -> dict:
    body = {"visit_id": rx.visit["id"], "diagnosis_icd10": "I10", "diagnosis_text": "原发性高血压",
            "lines": list(lines) or [line(rx, "amlodipine")]}
    return {**body, **over}


async def fresh_step_up(client, world: World) -> None:
    """specialist_a re-authenticates (past the last code's 30 seconds: a code is used once)."""
    world.clock.advance(seconds=31)
    await step_up(client, world)


async def sign(client, rx: Rx, body: dict | None = None) -> dict:
    await fresh_step_up(client, rx.world)
    r = await rx.world.client_as(client, "specialist_a").post(RX, json=body or draft(rx))
    assert r.status_code == 201, r.text
    return r.json()


# ---------------------------------------------------------------- after signing (buying)


DELIVERY = {"fulfilment": "delivery", "recipient": "张秀英", "recipient_phone": "13800138000",
            "address": "广东省某县某镇某村1号"}


async def approve(client, rx: Rx, o: dict, who: str = "pharmacist_a", **body: Any) -> dict:
    """A pharmacist of county A passes the review."""
    r = await rx.world.client_as(client, who).post(f"{RX}/{o['id']}/pass", json=body)
    assert r.status_code == 200, r.text
    return r.json()


async def check_out(client, rx: Rx, o: dict, body: dict | None = None) -> dict:
    """Patient pa chooses delivery (or ``body``): the order to pay, with the patient's code."""
    r = await rx.world.client_as(client, "patient_pa").post(f"{RX}/{o['id']}/checkout",
                                                            json=body or DELIVERY)
    assert r.status_code == 200, r.text
    return r.json()


async def bought(client, rx: Rx, body: dict | None = None, choice: dict | None = None) -> dict:
    """Signed, passed, checked out (delivery unless ``choice``) and paid: as the patient
    reads it (with the handover code)."""
    o = await approve(client, rx, await sign(client, rx, body))
    o = await check_out(client, rx, o, choice)
    await pay(client, rx.world, o)
    r = await rx.world.client_as(client, "patient_pa").get(f"{RX}/{o['id']}")
    assert r.status_code == 200 and r.json()["state"] == "paid", r.text
    return r.json()


# ---------------------------------------------------------------- two counties, any state
# The permission matrix's and the transition tests' setting: patient pa's open visit with
# specialist_a at county A and patient pb's with specialist_b at county B, both doctors
# re-authenticated (the clock then stands still: the re-authentication holds for every
# signature), amlodipine in both pharmacies' stock; and prescriptions brought to any state
# through the service, each step taken by the person whose it is.

import uuid

from tests.clinic.helpers import new_session, set_fees
from tests.clinic.visits.helpers import add_problem, gateway_pays, two_factor
from tests.factories import add_staff
from tests.files.helpers import actor_of
from yilian.cases import engine
from yilian.core.authz import Role
from yilian.pharmacy.prescriptions import service
from yilian.pharmacy.prescriptions.kind import PRESCRIPTION_KIND
from yilian.pharmacy.prescriptions.models import Prescription, State
from yilian.pharmacy.prescriptions.schemas import (
    CheckoutIn,
    CollectIn,
    HandOverIn,
    PassIn,
    ReasonIn,
    ReturnIn,
)

AMLODIPINE = {"generic_name": "苯磺酸氨氯地平片", "trade_name": "络活喜", "specification": "5mg×7片",
              "atc": "C08CA01", "strength": 5, "max_single_dose": 10, "max_daily_dose": 10,
              "price_fen": 1450}


@dataclass(frozen=True)
class Cast:
    """The people of one county's prescriptions."""

    patient: str  # world.patients' key
    account: str  # the patient's own account
    doctor: str
    pharmacist: str  # of the county hospital, which dispenses
    clinic_doctor: str  # of the patient's home clinic, where it is picked up
    county: str
    clinic: str


CASTS = {"in": Cast("pa", "patient_pa", "specialist_a", "pharmacist_a", "village_doctor", "A",
                    "A1a"),
         "out": Cast("pb", "patient_pb", "specialist_b", "pharmacist_b", "doctor_b1", "B", "B1")}

# A valid body for each step (the handover code is the prescription's own).
STEP_BODIES: dict[str, dict[str, Any]] = {
    "pass": {}, "return": {"codes": ["dose"], "note": "用量请核实"},
    "void": {"reason": "医师撤回处方"}, "checkout": {"fulfilment": "pickup"},
    "cancel": {"reason": "患者决定暂不购药"}, "refund": {"reason": "患者申请退款"},
    "dispense": {}, "collect": {"carrier": "顺丰速运", "tracking_no": "SF1234567890"},
    "transit": {}, "deliver": {"code": None}, "confirm_receipt": {}, "arrive": {},
    "hand_over": {"code": None, "usage_explained": True}}
# Who takes each step in these tests (refund: the patient here; a pharmacist may too).
TAKER = {"pass": "pharmacist", "return": "pharmacist", "dispense": "pharmacist",
         "collect": "pharmacist", "transit": "pharmacist", "deliver": "pharmacist",
         "void": "doctor", "checkout": "account", "cancel": "account", "refund": "account",
         "confirm_receipt": "account", "arrive": "clinic_doctor", "hand_over": "clinic_doctor"}
_SERVICE = {
    "pass": lambda db, c, a, i, b: service.pass_review(db, c, a, i, PassIn(**b)),
    "return": lambda db, c, a, i, b: service.return_to_doctor(db, c, a, i, ReturnIn(**b)),
    "void": lambda db, c, a, i, b: service.void(db, c, a, i, ReasonIn(**b)),
    "checkout": lambda db, c, a, i, b: service.checkout(db, c, a, i, CheckoutIn(**b)),
    "cancel": lambda db, c, a, i, b: service.cancel(db, c, a, i, ReasonIn(**b)),
    "refund": lambda db, c, a, i, b: service.refund(db, c, a, i, ReasonIn(**b)),
    "dispense": lambda db, c, a, i, b: service.dispense(db, c, a, i),
    "collect": lambda db, c, a, i, b: service.collect(db, c, a, i, CollectIn(**b)),
    "transit": lambda db, c, a, i, b: service.transit(db, c, a, i),
    "deliver": lambda db, c, a, i, b: service.deliver(db, c, a, i, b["code"]),
    "confirm_receipt": lambda db, c, a, i, b: service.confirm_receipt(db, c, a, i),
    "arrive": lambda db, c, a, i, b: service.arrive(db, c, a, i),
    "hand_over": lambda db, c, a, i, b: service.hand_over(db, c, a, i, HandOverIn(**b)),
}
# The way to each state past approval, once delivery or pick-up is chosen.
_ONWARD = {"delivery": [(State.paid, "pay"), (State.dispensed, "dispense"),
                        (State.collected, "collect"), (State.in_transit, "transit"),
                        (State.received, "deliver")],
           "pickup": [(State.paid, "pay"), (State.dispensed, "dispense"),
                      (State.at_clinic, "arrive"), (State.received, "hand_over")]}
# The ends before paying, and the steps to them from approval.
_ENDS = {State.voided: "void", State.cancelled: "cancel", State.lapsed: "lapse"}


def way_to(state: State, fulfilment: str | None) -> list[str]:
    """The steps from signing to ``state`` (``fulfilment``: chosen once approved, or None)."""
    if state == State.in_review:
        return []
    if state == State.returned:
        return ["return"]
    approved = ["pass", *(["checkout"] if fulfilment else [])]
    if state == State.approved:
        return approved
    if state in _ENDS:
        return [*approved, _ENDS[state]]
    assert fulfilment is not None, f"{state.value}: choose delivery or pick-up first"
    onward = _ONWARD[fulfilment]
    return [*approved, *(a for _, a in onward[:[s for s, _ in onward].index(state) + 1])]


def step_path(action: str) -> str:
    return "/" + action.replace("_", "-")


@dataclass
class Counties:
    app: Any
    client: Any
    rx: dict[str, Rx]  # "in": county A's visit and drugs, "out": county B's

    @property
    def world(self) -> World:
        return self.rx["in"].world

    def person(self, scope: str, part: str) -> str:
        """Who plays ``part`` (a field of Cast) in the scope's prescriptions."""
        return getattr(CASTS[scope], part)

    async def sign(self, scope: str = "in", body: dict | None = None) -> str:
        r = await self.world.client_as(self.client, CASTS[scope].doctor).post(
            RX, json=body or draft(self.rx[scope]))
        assert r.status_code == 201, r.text
        return r.json()["id"]

    async def load(self, rid: str) -> Prescription:
        async with self.app.state.sessionmaker() as db:
            found = await db.get(Prescription, uuid.UUID(rid))
            assert found is not None
            return found

    async def body(self, action: str, rid: str, **over: Any) -> dict[str, Any]:
        """A valid body for the step on this prescription (before pick-up or delivery is
        chosen there is no code: a well-formed one, so that a refusal is about the state or
        the person)."""
        body = {**STEP_BODIES[action], **over}
        if "code" in body and body["code"] is None:
            body["code"] = (await self.load(rid)).handover_code or "000000"
        return body

    async def take(self, who: str, action: str, rid: str, **over: Any) -> None:
        """``who`` takes the step through the service, as its endpoint would."""
        actor = await actor_of(self.app, self.world, who)
        body = await self.body(action, rid, **over)
        async with self.app.state.sessionmaker() as db:
            await _SERVICE[action](db, self.app.state.clock, actor, uuid.UUID(rid), body)

    async def platform(self, action: str, rid: str) -> None:
        """The platform's step: the order paid at the gateway, or the validity's lapse as the
        sweep takes it."""
        if action == "pay":
            order_id = (await self.load(rid)).order_id
            assert order_id is not None
            await gateway_pays(self.app, order_id)
            return
        [timed] = [t for t in PRESCRIPTION_KIND.timed if t.action == action]
        clock = self.app.state.clock
        async with self.app.state.sessionmaker() as db:
            o = await engine.load(db, PRESCRIPTION_KIND, uuid.UUID(rid), lock=True)
            await engine.platform_step(db, clock, PRESCRIPTION_KIND, o, action,
                                       said=timed.said(o))
            await timed.then(db, clock, o)
            await db.commit()

    async def step(self, scope: str, action: str, rid: str, **over: Any) -> None:
        if action in ("pay", "lapse"):
            await self.platform(action, rid)
        else:
            await self.take(self.person(scope, TAKER[action]), action, rid, **over)

    async def bring(self, state: State, scope: str = "in", fulfilment: str | None = "pickup"
                    ) -> str:
        """A new prescription of the scope in ``state``. ``fulfilment``: what the patient chose
        once it was approved (None: nothing yet; the states from paid on need a choice)."""
        rid = await self.sign(scope)
        for action in way_to(state, fulfilment):
            over = ((DELIVERY if fulfilment == "delivery" else {"fulfilment": fulfilment})
                    if action == "checkout" else {})
            await self.step(scope, action, rid, **over)
        assert (await self.load(rid)).state == state, state
        return rid


async def make_counties(app, client, world: World) -> Counties:
    """Both visits booked and paid the day before, checked in, called and started on the day;
    everyone signed in afresh that morning."""
    a = await make_setting(app, client, world)
    clinic = a.clinic
    for name, role, org in (("pharmacist_b", Role.pharmacist, "B"),
                            ("doctor_b1", Role.grassroots_doctor, "B1")):
        await add_staff(world, name, role, org)
    await set_fees(client, world, who="alliance_admin", org="B")
    await two_factor(app, world, "specialist_b")
    b = Setting(clinic, await new_session(client, clinic, who="alliance_admin",
                                          doctor="specialist_b", org="B"),
                await add_problem(app, world, "pb"))
    settings = {"in": a, "out": b}
    visits = {}
    for scope, s in settings.items():
        cast = CASTS[scope]
        visits[scope] = await book(client, s, who=cast.account,
                                   patient_id=str(world.patients[cast.patient]))
        await pay(client, world, visits[scope], who=cast.account)
    await on_the_day(world, *world.users)
    rx = {}
    for scope, s in settings.items():
        cast = CASTS[scope]
        r = await world.client_as(client, cast.account).post(
            f"{VISITS}/{visits[scope]['id']}/check-in", json={})
        assert r.status_code == 200, r.text
        await step_up(client, world, cast.doctor)
        doctor = world.client_as(client, cast.doctor)
        r = await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")
        assert r.status_code == 200, r.text
        r = await doctor.post(f"{VISITS}/{visits[scope]['id']}/start", json={})
        assert r.status_code == 200, r.text
        drug = await make_drug(world, cast.county, **AMLODIPINE)
        await receive(world, cast.county, drug, 50, expires_on=EXPIRY)
        rx[scope] = Rx(s, r.json(), {"amlodipine": str(drug)})
    return Counties(app, client, rx)
