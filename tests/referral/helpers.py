"""A referral-ready alliance on top of the test world.

Agreements covering referral: village A1a ↔ town A1, A1 ↔ county A, A1a ↔ A (returns straight
to the village), A1a ↔ province P (green channel). Town A1: department 全科 headed by
town_doctor_a1. County A: office coordinator_a (and coordinator_a2), 心血管内科 headed by
specialist_a.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from tests.cases.helpers import Setup, alliance
from tests.factories import World, add_staff
from yilian.cases.models import CaseStep
from yilian.core.audit import AuditEntry
from yilian.core.authz import Role
from yilian.core.events import OutboxEvent
from yilian.documents.models import IssuedDocument
from yilian.files.models import StoredFile
from yilian.followup.models import FollowUpTask
from yilian.messaging.conversations.models import Conversation, Participant
from yilian.messaging.notifications.models import Notification
from yilian.referral.models import Referral


async def prepare(world: World) -> Setup:
    await add_staff(world, "coordinator_a2", Role.coordinator, "A")
    return await alliance(
        world, agreements=[("A1a", "A1"), ("A1", "A"), ("A1a", "A"), ("A1a", "P")],
        services=["referral", "consultation"],
        departments=[
            ("general_a1", "A1", "07", "全科医疗科", "town_doctor_a1"),
            ("cardio_a", "A", "03.01", "心血管内科", "specialist_a"),
        ])


def referral(world: World, *, target: str, patient: str = "pa", **over) -> dict:
    now = world.clock.now()
    body = {
        "patient_id": str(world.patients[patient]),
        "target_org_id": str(world.orgs[target].id),
        "reason": "反复胸闷气短，基层无法进一步检查",
        "diagnosis_icd10": "I50.9",
        "diagnosis_text": "心力衰竭？",
        "summary": "女，65岁，高血压病史15年，近1周活动后气短加重，夜间不能平卧，双下肢水肿。",
        "treatment": "呋塞米20mg qd 口服3天，症状无明显缓解。",
        "consent": {"by": "patient", "name": "患者本人", "at": now.isoformat()},
    }
    body.update(over)
    return body


def return_body(world: World, *, target: str, up_id: str, patient: str = "pa") -> dict:
    return referral(
        world, target=target, patient=patient, direction="down", up_referral_id=up_id,
        reason="病情稳定，转回基层继续康复与随访",
        summary="住院7天，予利尿、扩血管治疗，心功能II级，出院。",
        treatment="静脉利尿、沙库巴曲缬沙坦、美托洛尔。",
        diagnosis_icd10="I50.0", diagnosis_text="慢性心力衰竭急性加重",
        medications=[{"name": "沙库巴曲缬沙坦片", "dose": "50mg", "frequency": "bid"},
                     {"name": "美托洛尔缓释片", "dose": "23.75mg", "frequency": "qd"}],
        follow_up_plan="每周测血压、心率、体重；2周后复查肾功能和电解质。",
        follow_ups=[{"title": "出院后第一次随访：血压、心率、体重", "days": 7},
                    {"title": "复查肾功能、电解质", "days": 14}])


def in_days(world: World, days: float) -> str:
    return (world.clock.now() + timedelta(days=days)).isoformat()


async def snapshot(app) -> dict[str, Any]:
    """Everything a step could change: every referral, and how many timeline steps, audit
    entries but refusals, notices, events, issued documents, follow-up tasks, conversations,
    conversation members and files attached to referrals there are."""

    def count(model, *where):
        return select(func.count()).select_from(model).where(*where).scalar_subquery()

    async with app.state.sessionmaker() as db:
        referrals = sorted((dict(r) for r in (await db.execute(
            select(Referral.__table__))).mappings()), key=lambda r: str(r["id"]))
        counts = (await db.execute(select(
            count(CaseStep), count(AuditEntry, AuditEntry.outcome != "denied"),
            count(Notification), count(OutboxEvent), count(IssuedDocument),
            count(FollowUpTask), count(Conversation), count(Participant),
            count(StoredFile, StoredFile.entity_type == "referral")))).one()
    names = ("steps", "audit", "notices", "events", "documents", "tasks", "conversations",
             "members", "attached")
    return {"referrals": referrals, **dict(zip(names, counts, strict=True))}

