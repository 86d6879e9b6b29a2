"""A consultation-ready alliance on top of the test world.

Agreements covering consultation: village A1a ↔ county A, and A1a ↔ province P.
County A: department 心血管内科 headed by specialist_a; the office is coordinator_a.
Province P: coordinator_p; 心血管内科 (head mdt_expert, the lead of MDTs), 内分泌科 (head
endo_head, secondary endo_expert), 肾内科 (head neph_head).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tests.factories import World
from yilian.alliance.models import Agreement, Department
from yilian.core.authz import Role
from yilian.identity.models import Practitioner, ProfessionalTitle, RoleGrant, User, UserKind
from yilian.identity.passwords import hash_password
from yilian.scheduling.models import AvailabilitySlot

_HASH = hash_password("Yilian-Test-2026!")


@dataclass
class Setup:
    depts: dict[str, uuid.UUID] = field(default_factory=dict)


async def add_staff(world: World, name: str, role: Role, org: str, *, verified: bool = True,
                    title: ProfessionalTitle = ProfessionalTitle.chief_physician) -> uuid.UUID:
    async with world.app.state.sessionmaker() as db:
        now = world.clock.now()
        user = User(username=name, display_name=name, kind=UserKind.staff, password_hash=_HASH,
                    password_changed_at=now)
        db.add(user)
        await db.flush()
        db.add(Practitioner(user_id=user.id, title=title, verified=verified))
        grant = RoleGrant(user_id=user.id, role=role, organisation_id=world.orgs[org].id,
                          valid_from=now - timedelta(days=1), created_at=now)
        db.add(grant)
        await db.commit()
        world.users[name], world.grants[name] = user.id, grant.id
    await world.sign_in_again(name)
    return world.users[name]


async def prepare(world: World) -> Setup:
    await add_staff(world, "coordinator_p", Role.coordinator, "P")
    for name in ("endo_head", "endo_expert", "neph_head"):
        await add_staff(world, name, Role.specialist, "P")
    setup = Setup()
    async with world.app.state.sessionmaker() as db:
        for a, b in (("A1a", "A"), ("A1a", "P")):
            db.add(Agreement(organisation_a_id=world.orgs[a].id, organisation_b_id=world.orgs[b].id,
                             services=["consultation", "referral"],
                             valid_from=date(2026, 1, 1), valid_until=None))
        for key, org, code, name, head in [
            ("cardio_a", "A", "03.01", "心血管内科", "specialist_a"),
            ("cardio_p", "P", "03.01", "心血管内科", "mdt_expert"),
            ("endo_p", "P", "03.07", "内分泌科", "endo_head"),
            ("neph_p", "P", "03.05", "肾内科", "neph_head"),
        ]:
            d = Department(organisation_id=world.orgs[org].id, code=code, name=name,
                           name_en=name, head_user_id=world.users[head])
            db.add(d)
            await db.flush()
            setup.depts[key] = d.id
        await db.commit()
    return setup


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
