"""A consultation-ready alliance on top of the test world.

Agreements covering consultation: village A1a ↔ county A, and A1a ↔ province P.
County A: department 心血管内科 headed by specialist_a; the office is coordinator_a.
Province P: coordinator_p; 心血管内科 (head mdt_expert, the lead of MDTs), 内分泌科 (head
endo_head, secondary endo_expert), 肾内科 (head neph_head).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from tests.cases.helpers import Setup, alliance
from tests.factories import World, add_staff
from yilian.core.authz import Role
from yilian.scheduling.models import AvailabilitySlot


async def prepare(world: World) -> Setup:
    await add_staff(world, "coordinator_p", Role.coordinator, "P")
    for name in ("endo_head", "endo_expert", "neph_head"):
        await add_staff(world, name, Role.specialist, "P")
    return await alliance(
        world, agreements=[("A1a", "A"), ("A1a", "P")], services=["consultation", "referral"],
        departments=[
            ("cardio_a", "A", "03.01", "心血管内科", "specialist_a"),
            ("cardio_p", "P", "03.01", "心血管内科", "mdt_expert"),
            ("endo_p", "P", "03.07", "内分泌科", "endo_head"),
            ("neph_p", "P", "03.05", "肾内科", "neph_head"),
        ])


async def slot(world: World, expert: str, org: str, *, hours: float = 30) -> uuid.UUID:
    """A free availability slot of the expert's, ``hours`` from now."""
    async with world.app.state.sessionmaker() as db:
        start = world.clock.now() + timedelta(hours=hours)
        s = AvailabilitySlot(user_id=world.users[expert], organisation_id=world.orgs[org].id,
                             starts_at=start, ends_at=start + timedelta(minutes=30),
                             created_by=world.users[expert], created_at=world.clock.now())
        db.add(s)
        await db.commit()
        return s.id


def application(world: World, *, invited: str = "A", kind: str = "single",
                patient: str = "pa", **over) -> dict:
    now: datetime = world.clock.now()
    body = {
        "kind": kind,
        "urgency": "routine",
        "patient_id": str(world.patients[patient]),
        "invited_org_id": str(world.orgs[invited].id),
        "reason": "胸痛反复发作三天，基层无法明确诊断",
        "purpose": "明确诊断并给出治疗方案",
        "summary": "男，62岁，高血压病史10年，3天前起活动后胸骨后压榨样疼痛，持续5-10分钟。",
        "diagnosis_icd10": "I20.0",
        "diagnosis_text": "不稳定型心绞痛？",
        "wanted_specialty": "心血管内科",
        "wanted_title": "chief_physician",
        "preferred_times": [{"start": (now + timedelta(days=1)).isoformat(),
                             "end": (now + timedelta(days=1, hours=3)).isoformat()}],
        "consent": {"by": "patient", "name": "患者本人", "at": now.isoformat()},
    }
    body.update(over)
    return body


async def assigned(client, world: World, setup: Setup) -> str:
    """A single consultation from the village to county A, routed to cardiology and assigned
    to specialist_a (its head): the id."""
    village = world.client_as(client, "village_doctor")
    cid = (await village.post("/api/v1/consultations", json=application(world))).json()["id"]
    url = f"/api/v1/consultations/{cid}"
    await world.client_as(client, "coordinator_a").post(
        url + "/route", json={"department_id": str(setup.depts["cardio_a"])})
    r = await world.client_as(client, "specialist_a").post(
        url + "/assign", json={"expert_id": str(world.users["specialist_a"])})
    assert r.json()["state"] == "assigned", r.text
    return cid


async def booked(client, world: World, setup: Setup, *, hours: float) -> str:
    """:func:`assigned`, then booked by the village doctor ``hours`` from now."""
    cid = await assigned(client, world, setup)
    r = await world.client_as(client, "village_doctor").post(
        f"/api/v1/consultations/{cid}/book",
        json={"slot_id": str(await slot(world, "specialist_a", "A", hours=hours))})
    assert r.json()["state"] == "scheduled", r.text
    return cid
