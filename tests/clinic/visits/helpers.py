"""The online visit tests' setting, on top of the clinic's (tests/clinic/helpers.py): fees set,
specialist_a's text session at county A tomorrow morning (8 slots, 20 yuan), a diagnosis in
patient pa's record (the proof of a follow-up), specialist_a with two-factor sign-in on so
that they can re-authenticate (实名), and how a payment arrives."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import pyotp
from sqlalchemy import update

from tests.clinic.helpers import TOMORROW, Clinic, beijing, make_clinic, new_session, set_fees
from tests.factories import PASSWORD, World
from yilian.identity.models import User
from yilian.patients.models import Problem, RecordStatus
from yilian.payments import service as payments
from yilian.payments.models import ChannelName

VISITS = "/api/v1/clinic/visits"
SESSIONS = "/api/v1/clinic/sessions"
SECRET = pyotp.random_base32()


@dataclass
class Setting:
    clinic: Clinic
    session: dict
    problem_id: str

    @property
    def world(self) -> World:
        return self.clinic.world


async def add_problem(app, world: World, patient: str = "pa", icd10: str = "I10",
                      description: str = "原发性高血压") -> str:
    """An active diagnosis in the patient's record (``patient``: a key of world.patients)."""
    async with app.state.sessionmaker() as db:
        p = Problem(patient_id=world.patients[patient], organisation_id=world.orgs["A1a"].id,
                    recorded_by=world.users["village_doctor"], recorded_at=world.clock.now(),
                    icd10=icd10, description=description, status=RecordStatus.active)
        db.add(p)
        await db.commit()
        return str(p.id)


async def two_factor(app, world: World, who: str = "specialist_a") -> None:
    async with app.state.sessionmaker() as db:
        await db.execute(update(User).where(User.id == world.users[who])
                         .values(totp_secret=SECRET, totp_enabled=True))
        await db.commit()


def code_at(at: datetime) -> str:
    return pyotp.TOTP(SECRET).at(at)


async def step_up(client, world: World, who: str = "specialist_a") -> None:
    r = await world.client_as(client, who).post(
        "/api/v1/auth/step-up", json={"password": PASSWORD, "code": code_at(world.clock.now())})
    assert r.status_code == 200, r.text


async def make_setting(app, client, world: World, **session) -> Setting:
    clinic = await make_clinic(app, world)
    await set_fees(client, world)
    await two_factor(app, world)
    made = await new_session(client, clinic, **session)
    return Setting(clinic, made, await add_problem(app, world))


def booking(s: Setting, **over) -> dict:
    body = {"session_id": s.session["id"], "patient_id": str(s.world.patients["pa"]),
            "proof": {"kind": "record_diagnosis", "problem_id": s.problem_id},
            "complaint": "血压控制复诊"}
    return {**body, **over}


async def book(client, s: Setting, who: str = "patient_pa", **over) -> dict:
    r = await s.world.client_as(client, who).post(VISITS, json=booking(s, **over))
    assert r.status_code == 201, r.text
    return r.json()


async def gateway_pays(app, order_id) -> str:
    """A verified gateway notification recording the order's payment (late or not)."""
    async with app.state.sessionmaker() as db:
        order = await payments._lock(db, uuid.UUID(str(order_id)))
        done = await payments._record_payment(
            db, app.state.clock, order, channel=ChannelName.wechat,
            trade_no=f"WX-{order.number}", amount_fen=order.total_fen, actor=None)
        await db.commit()
        return done


async def pay(client, world: World, visit: dict, who: str = "patient_pa") -> dict:
    world.app.state.settings.demo_payments = True
    r = await world.client_as(client, who).post(
        f"/api/v1/payments/orders/{visit['order_id']}/demo-confirm")
    assert r.status_code == 200, r.text
    return r.json()


async def on_the_day(world: World, *people: str, hour: int = 7, minute: int = 50) -> None:
    """The clock moved to the session's day (before its first slot), and ``people`` signed in
    afresh (their sessions timed out overnight)."""
    target = beijing(TOMORROW, hour, minute)
    world.clock.advance(seconds=(target - world.clock.now()).total_seconds())
    for name in people:
        await world.sign_in_again(name)

