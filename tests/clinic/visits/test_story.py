"""An online follow-up visit walked through the API with the people who take each step: the
patient books a slot of specialist_a's text session with a diagnosis of their record as the
proof, pays, checks in on the day, is called by the doctor (re-authenticated), seen, and reads
the signed outpatient record, the read landing in their access log. A second patient is found
not eligible and refunded in full."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from tests.clinic.helpers import slots_of
from tests.clinic.visits.helpers import (
    SESSIONS,
    VISITS,
    book,
    make_setting,
    on_the_day,
    pay,
    step_up,
)
from yilian.cases.models import CaseStep
from yilian.core.accesslog import AccessEntry
from yilian.core.audit import AuditEntry
from yilian.patients.models import Encounter, Reconciliation
from yilian.payments.models import PaymentOrder

RECORD = {"chief_complaint": "头晕两天", "history": "高血压10年，规律服用氨氯地平。",
          "examination": "家庭自测血压150/95mmHg", "diagnosis_icd10": "I10",
          "diagnosis_text": "原发性高血压", "advice": "氨氯地平加量至10mg每日一次，一周后复测。"}


@pytest.fixture
async def s(app, client, world):
    return await make_setting(app, client, world)


async def test_a_visit_from_booking_to_the_signed_outpatient_record(app, client, world, s,
                                                                    query):
    patient = world.client_as(client, "patient_pa")
    visit = await book(client, s)
    assert visit["state"] == "held" and visit["fee_fen"] == 2000
    assert visit["number"].startswith("FZ")
    held = (await slots_of(app, s.session["id"]))[0]
    assert str(held.held_by_visit_id) == visit["id"]

    paid = await pay(client, world, visit)
    assert paid["state"] == "paid"
    visit = (await patient.get(f"{VISITS}/{visit['id']}")).json()
    assert visit["state"] == "booked" and visit["booked_at"] is not None
    assert str((await slots_of(app, s.session["id"]))[0].booked_visit_id) == visit["id"]

    await on_the_day(world, "patient_pa", "specialist_a")
    patient, doctor = (world.client_as(client, n) for n in ("patient_pa", "specialist_a"))
    r = await patient.post(f"{VISITS}/{visit['id']}/check-in", json={})
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "waiting"
    assert r.json()["queue"] == {"position": 1, "ahead": 0, "estimated_wait_minutes": 0}
    assert r.json()["first_reply_due"] is not None  # a text visit

    queue = (await doctor.get(f"{SESSIONS}/{s.session['id']}/queue")).json()
    assert [i["visit_id"] for i in queue["items"]] == [visit["id"]]
    assert queue["items"][0]["patient_name"] == "张秀英"

    await step_up(client, world)
    r = await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")
    assert r.status_code == 200, r.text
    assert (r.json()["id"], r.json()["state"]) == (visit["id"], "called")
    r = await doctor.post(f"{VISITS}/{visit['id']}/start", json={})
    assert r.status_code == 200, r.text
    assert r.json()["started_by"] == str(world.users["specialist_a"])
    world.clock.advance(minutes=12)
    r = await doctor.post(f"{VISITS}/{visit['id']}/finish", json=RECORD)
    assert r.status_code == 200, r.text
    done = r.json()
    assert done["state"] == "finished" and done["document_id"] is not None
    assert done["record"]["diagnosis_icd10"] == "I10"

    # The patient reads the signed record; the read is in their access log.
    mine = (await patient.get(f"{VISITS}/{visit['id']}")).json()
    assert mine["record"]["advice"].startswith("氨氯地平")
    # The patient side takes part in a visit: its steps are on the patient's page too.
    assert [t["action"] for t in mine["timeline"]] == ["book", "pay", "check_in", "call", "start",
                                                       "finish"]
    pdf = await patient.get(f"/api/v1/documents/{done['document_id']}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    [read] = await query(select(AccessEntry).where(
        AccessEntry.patient_id == world.patients["pa"], AccessEntry.action == "document.download"))
    assert read.actor_user_id == world.users["patient_pa"]
    # The patient's own page lists the doctor's reads (their own are left out).
    log = (await patient.get(f"/api/v1/patients/{world.patients['pa']}/access-log")).json()
    assert {"online_visit.read", "online_visit.listed"} <= {e["action"] for e in log["items"]}

    # Filed as an online encounter with its diagnosis waiting for reconciliation at home.
    [encounter] = await query(select(Encounter).where(Encounter.source_id == visit["id"]))
    assert (encounter.kind, encounter.case_number) == ("online", visit["number"])
    [rec] = await query(select(Reconciliation).where(Reconciliation.source_id == visit["id"]))
    assert rec.organisation_id == world.orgs["A1a"].id
    assert rec.problems[0]["icd10"] == "I10"

    steps = await query(select(CaseStep.action).where(CaseStep.case_id == uuid.UUID(visit["id"]))
                        .order_by(CaseStep.seq))
    assert steps == ["book", "pay", "check_in", "call", "start", "finish"]
    actions = {e.action for e in await query(select(AuditEntry).where(
        AuditEntry.entity_id == visit["id"]))}
    assert {"online_visit.book", "online_visit.pay", "online_visit.start",
            "online_visit.finish"} <= actions


async def test_a_patient_not_eligible_is_refunded_in_full(app, client, world, s, query):
    visit = await book(client, s)
    await pay(client, world, visit)
    await on_the_day(world, "patient_pa", "specialist_a")
    patient, doctor = (world.client_as(client, n) for n in ("patient_pa", "specialist_a"))
    assert (await patient.post(f"{VISITS}/{visit['id']}/check-in", json={})).status_code == 200
    await step_up(client, world)
    assert (await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")).status_code == 200
    r = await doctor.post(f"{VISITS}/{visit['id']}/not-eligible",
                          json={"reason": "新发胸痛，需线下就诊检查，建议预约心内科门诊或转诊"})
    assert r.status_code == 200, r.text
    assert (r.json()["state"], r.json()["refunded_fen"]) == ("not_eligible", 2000)
    [order] = await query(select(PaymentOrder).where(
        PaymentOrder.id == uuid.UUID(visit["order_id"])))
    assert (order.state, order.refunded_fen) == ("refunded", 2000)
