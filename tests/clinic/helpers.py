"""The online clinic's test setting, on top of the small alliance (tests/factories):

- departments: county A 心血管内科 03.04 and 神经内科 03.03, county B 心血管内科 03.04,
  the province 内分泌 03.07;
- doctors registered to practise and with independent practice recorded:
  specialist_a at A (attending, since 2015), specialist_b at B (attending, since 2010),
  mdt_expert at P and A (chief physician, since 2000: 多点执业), specialist_unverified at A
  (since 2012, not verified), junior_a at A (verified, independent only since 2025);
- fee tiers are set by each test through the API.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update

from tests.factories import World
from yilian.alliance.models import Department
from yilian.clinic import service
from yilian.clinic.models import ClinicSession, ClinicSlot
from yilian.core.authz import Role
from yilian.core.clock import SHANGHAI
from yilian.identity.models import PracticeRegistration, Practitioner, ProfessionalTitle

CLINIC = "/api/v1/clinic"
SESSIONS = f"{CLINIC}/sessions"
DOCTORS = f"{CLINIC}/doctors"
TOMORROW = date(2026, 11, 25)  # the tests' clock: 2026-11-24 10:00 Beijing time

PRACTICE = {
    "specialist_a": (("A",), date(2015, 7, 1), ProfessionalTitle.attending_physician),
    "specialist_b": (("B",), date(2010, 9, 1), ProfessionalTitle.attending_physician),
    "mdt_expert": (("P", "A"), date(2000, 9, 1), ProfessionalTitle.chief_physician),
    "specialist_unverified": (("A",), date(2012, 9, 1), ProfessionalTitle.attending_physician),
    "junior_a": (("A",), date(2025, 7, 1), ProfessionalTitle.resident_physician),
}
DEPARTMENTS = [("A", "03.04", "心血管内科"), ("A", "03.03", "神经内科"), ("B", "03.04", "心血管内科"),
               ("P", "03.07", "内分泌科")]


def beijing(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


@dataclass
class Clinic:
    world: World
    depts: dict[tuple[str, str], uuid.UUID]

    def user(self, name: str) -> uuid.UUID:
        return self.world.users[name]

    def org(self, key: str) -> uuid.UUID:
        return self.world.orgs[key].id

    def session_body(self, doctor: str = "specialist_a", org: str = "A", code: str = "03.04",
                     **over) -> dict:
        body = {"doctor_id": str(self.user(doctor)), "organisation_id": str(self.org(org)),
                "department_id": str(self.depts[org, code]), "day": TOMORROW.isoformat(),
                "half_day": "am", "mode": "text", "capacity": 8}
        return {**body, **over}


async def make_clinic(app, world: World) -> Clinic:
    await world.add_staff("junior_a", "A", [(Role.specialist, "A")])
    depts: dict[tuple[str, str], uuid.UUID] = {}
    async with app.state.sessionmaker() as db:
        for org, code, name in DEPARTMENTS:
            dept = Department(organisation_id=world.orgs[org].id, code=code, name=name,
                              name_en=name)
            db.add(dept)
            await db.flush()
            depts[org, code] = dept.id
        for name, (orgs, since, title) in PRACTICE.items():
            await db.execute(update(Practitioner).where(Practitioner.user_id == world.users[name])
                             .values(independent_practice_since=since, title=title))
            for i, org in enumerate(orgs):
                db.add(PracticeRegistration(user_id=world.users[name],
                                            organisation_id=world.orgs[org].id, primary=i == 0,
                                            created_at=world.clock.now()))
        await db.commit()
    return Clinic(world, depts)


FEES = {"tiers": [
    {"title": "chief_physician", "fee_fen": 5000},
    {"title": "attending_physician", "fee_fen": 2000},
    {"title": "attending_physician", "mode": "video", "fee_fen": 3000},
    {"title": "resident_physician", "fee_fen": 1000},
]}


async def set_fees(client, world: World, who: str = "org_admin_a", org: str = "A",
                   body: dict = FEES):
    r = await world.client_as(client, who).put(f"{CLINIC}/fees/{world.orgs[org].id}", json=body)
    assert r.status_code == 200, r.text
    return r.json()


async def new_session(client, clinic: Clinic, who: str = "org_admin_a", **body) -> dict:
    r = await clinic.world.client_as(client, who).post(SESSIONS, json=clinic.session_body(**body))
    assert r.status_code == 201, r.text
    return r.json()


async def counts(app) -> tuple[int, int]:
    """Sessions and slots in the database: a refusal leaves both as they were."""
    async with app.state.sessionmaker() as db:
        return ((await db.execute(select(func.count()).select_from(ClinicSession))).scalar_one(),
                (await db.execute(select(func.count()).select_from(ClinicSlot))).scalar_one())


async def slots_of(app, session_id) -> list[ClinicSlot]:
    async with app.state.sessionmaker() as db:
        return list((await db.execute(select(ClinicSlot).where(
            ClinicSlot.session_id == uuid.UUID(str(session_id))).order_by(ClinicSlot.seq)))
            .scalars())


async def hold(app, clock, slot_id, visit_id: uuid.UUID | None = None, minutes: int = 15):
    async with app.state.sessionmaker() as db:
        held = await service.hold_slot(db, clock, uuid.UUID(str(slot_id)),
                                       visit_id or uuid.uuid4(),
                                       clock.now() + timedelta(minutes=minutes))
        await db.commit()
        return held
