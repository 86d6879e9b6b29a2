"""A single-specialty consultation from the village to the county, told as its users live it:
apply → route → assign → book → more information → session → report → signed, filed,
acknowledged."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from tests.consultation.helpers import application, prepare, slot
from yilian.cases.models import CaseStep
from yilian.core.audit import AuditEntry
from yilian.messaging.notifications.models import Notification
from yilian.patients.models import RecordDocument


async def test_single_specialty_from_application_to_acknowledged_signed_report(
        client, world, query, settle):
    setup = await prepare(world)
    village = world.client_as(client, "village_doctor")
    office = world.client_as(client, "coordinator_a")
    head = world.client_as(client, "specialist_a")

    r = await village.post("/api/v1/consultations", json=application(world))
    assert r.status_code == 201, r.text
    case = r.json()
    cid = case["id"]
    assert case["number"].startswith("HZ20261124-")
    assert case["state"] == "requested"
    assert case["record_snapshot"] is not None
    assert [a["action"] for a in case["actions"]] == ["cancel", "attach"]
    await settle()
    told = await query(select(Notification).where(
        Notification.user_id == world.users["coordinator_a"]))
    assert [n.template for n in told] == ["consultation.requested"]

    # The office sees it and routes it; the village doctor cannot.
    inbox = (await office.get("/api/v1/consultations?side=invited")).json()["items"]
    assert [c["id"] for c in inbox] == [cid]
    assert (await village.post(f"/api/v1/consultations/{cid}/route",
                               json={"department_id": str(setup.depts["cardio_a"])})
            ).status_code == 403
    r = await office.post(f"/api/v1/consultations/{cid}/route",
                          json={"department_id": str(setup.depts["cardio_a"])})
    assert r.status_code == 200, r.text
    assert r.json()["department_name"] == "心血管内科"

    # The department head assigns himself; the inviting side books from his availability.
    candidates = (await head.get(f"/api/v1/consultations/{cid}/candidates")).json()
    assert str(world.users["specialist_a"]) in {c["user_id"] for c in candidates}
    r = await head.post(f"/api/v1/consultations/{cid}/assign",
                        json={"expert_id": str(world.users["specialist_a"])})
    assert r.status_code == 200, r.text
    assert r.json()["expert_name"] == "specialist_a"
    slot_id = await slot(world, "specialist_a", "A", hours=0.2)
    r = await village.post(f"/api/v1/consultations/{cid}/book", json={"slot_id": str(slot_id)})
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "scheduled" and r.json()["starts_at"]

    # The expert asks for an ECG; the village doctor supplies it.
    expert = head
    r = await expert.post(f"/api/v1/consultations/{cid}/request-info",
                          json={"request": "请补充发作时心电图"})
    assert r.json()["state"] == "info_requested"
    assert [a["action"] for a in (await village.get(f"/api/v1/consultations/{cid}")).json()[
        "actions"]] == ["supply_info", "cancel", "attach"]
    r = await village.post(f"/api/v1/consultations/{cid}/supply-info",
                           json={"note": "已上传发作时心电图"})
    assert r.json()["state"] == "scheduled"

    r = await expert.post(f"/api/v1/consultations/{cid}/start", json={})
    assert r.json()["state"] == "in_session"

    # Publishing without a report is refused; the draft is the expert's alone.
    r = await expert.post(f"/api/v1/consultations/{cid}/publish", json={})
    assert r.status_code == 409 and r.json()["code"] == "no-draft"
    report = {"findings": "心电图示II、III、aVF导联ST段压低0.1mV。",
              "opinion": "考虑不稳定型心绞痛，建议尽快行冠脉造影。",
              "diagnoses": [{"code": "I20.0", "name": "不稳定型心绞痛"}],
              "recommendations": "阿司匹林100mg qd，阿托伐他汀20mg qn；建议转诊县医院心内科。",
              "referral_advised": True}
    r = await expert.put(f"/api/v1/consultations/{cid}/draft", json=report)
    assert r.status_code == 200, r.text
    assert r.json()["draft"]["opinion"].startswith("考虑不稳定型心绞痛")
    assert (await village.get(f"/api/v1/consultations/{cid}")).json()["draft"] is None
    r = await expert.post(f"/api/v1/consultations/{cid}/publish", json={})
    assert r.status_code == 200, r.text
    case = r.json()
    assert case["state"] == "reported"
    [published] = case["reports"]
    assert published["document_number"].startswith("HZBG")

    # The signed PDF verifies, and lands in the patient's record.
    pdf = await village.get(f"/api/v1/documents/{published['document_id']}/pdf")
    assert pdf.status_code == 200
    check = await client.post("/api/v1/documents/verify", content=pdf.content,
                              headers={"Content-Type": "application/pdf"})
    assert check.json()["authentic"] is True
    tampered = bytearray(pdf.content)
    tampered[len(tampered) // 2] ^= 0x01
    check = await client.post("/api/v1/documents/verify", content=bytes(tampered),
                              headers={"Content-Type": "application/pdf"})
    assert check.json()["authentic"] is False
    filed = await query(select(RecordDocument).where(
        RecordDocument.patient_id == world.patients["pa"]))
    assert [d.kind for d in filed] == ["consultation_report"]
    assert published["document_number"] in filed[0].title

    # After publication the report cannot be rewritten, only added to.
    r = await expert.put(f"/api/v1/consultations/{cid}/draft", json=report)
    assert r.status_code == 409
    r = await village.post(f"/api/v1/consultations/{cid}/acknowledge", json={})
    assert r.status_code == 200 and r.json()["state"] == "completed"
    r = await expert.post(f"/api/v1/consultations/{cid}/addenda",
                          json={"opinion": "冠脉造影后请回传结果，以便调整用药。"})
    assert r.status_code == 200, r.text
    assert [x["kind"] for x in r.json()["reports"]] == ["report", "addendum"]

    # The patient sees the final report, but not the working materials.
    mine = world.client_as(client, "patient_pa")
    seen = (await mine.get(f"/api/v1/consultations/{cid}")).json()
    assert seen["reports"][0]["opinion"].startswith("考虑不稳定型心绞痛")
    assert seen["timeline"] == [] and seen["conversation_id"] is None
    assert (await mine.get(f"/api/v1/documents/{published['document_id']}/pdf")).status_code == 200

    steps = await query(select(CaseStep.action).where(CaseStep.case_id == uuid.UUID(cid))
                        .order_by(CaseStep.seq))
    assert steps == ["apply", "route", "assign", "book", "request_info", "supply_info", "start",
                     "publish", "acknowledge", "addendum"]
    actions = {e.action for e in await query(select(AuditEntry).where(
        AuditEntry.entity_id == cid))}
    assert {"consultation.apply", "consultation.publish", "consultation.acknowledge"} <= actions
