"""What a visit's patient reads of it. Unlike the other kinds, the patient side takes part in a
visit, so the visit read by the patient carries its materials (the outpatient record they
uploaded as the proof, what they or the village doctor who booked for them added) and its steps
in order; the patient downloads those materials from the page's links. The office's overdue
reminder stays off a patient's timeline. A consultation's patient still sees neither its
materials nor its timeline."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from tests.clinic.visits.helpers import (
    SESSIONS,
    VISITS,
    book,
    make_setting,
    on_the_day,
    pay,
    step_up,
)
from tests.clinic.visits.test_story import RECORD
from tests.consultation.helpers import application, prepare
from tests.files.helpers import FILES, pdf, png, upload
from yilian.cases.models import CaseStep


@pytest.fixture
async def s(app, client, world):
    return await make_setting(app, client, world)


def _proof(file_id: uuid.UUID) -> dict:
    return {"kind": "document", "file_ids": [str(file_id)]}


async def test_the_patient_sees_their_materials_and_the_steps_in_order(client, world, s):
    patient = world.client_as(client, "patient_pa")
    summary = pdf(30_000)
    proof = await upload(patient, summary, filename="出院小结.pdf", filetype="application/pdf")
    visit = await book(client, s, proof=_proof(proof))
    await pay(client, world, visit)
    await on_the_day(world, "patient_pa", "specialist_a")
    patient, doctor = (world.client_as(client, n) for n in ("patient_pa", "specialist_a"))
    url = f"{VISITS}/{visit['id']}"
    assert (await patient.post(f"{url}/check-in", json={})).status_code == 200
    photo = await upload(patient, png(5_000), filename="血压记录.png")
    r = await patient.post(f"{url}/attachments", json={"file_id": str(photo)})
    assert r.status_code == 200, r.text
    await step_up(client, world)
    assert (await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")).status_code == 200
    assert (await doctor.post(f"{url}/start", json={})).status_code == 200
    r = await doctor.post(f"{url}/finish", json=RECORD)
    assert r.status_code == 200, r.text
    signed = r.json()

    seen = (await patient.get(url)).json()
    assert [(a["file_id"], a["filename"]) for a in seen["attachments"]] == [
        (str(proof), "出院小结.pdf"), (str(photo), "血压记录.png")]
    steps = seen["timeline"]
    assert [(t["action"], t["actor_name"]) for t in steps] == [
        ("book", "patient_pa"), ("pay", None), ("check_in", "patient_pa"),
        ("attach", "patient_pa"), ("call", "specialist_a"), ("start", "specialist_a"),
        ("finish", "specialist_a")]
    assert [t["to_state"] for t in steps] == ["held", "booked", "waiting", "waiting", "called",
                                              "in_visit", "finished"]
    assert steps[3]["note"] == "血压记录.png"
    assert steps[-1]["note_code"] == "document"
    assert steps[-1]["note_params"]["number"].startswith("FZBL")
    # What the doctor reads is the same: nothing is kept back from the patient on a visit.
    assert seen["timeline"] == signed["timeline"]
    assert seen["attachments"] == signed["attachments"]

    # The page links each material to the files endpoint: the patient downloads their proof.
    r = await patient.get(f"{FILES}/{proof}/content")
    assert r.status_code == 200 and r.content == summary


async def test_the_patient_reads_what_the_village_doctor_uploaded_for_them(client, world, s):
    village = world.client_as(client, "village_doctor")
    scan = pdf(12_000)
    proof = await upload(village, scan, filename="门诊病历.pdf", filetype="application/pdf")
    visit = await book(client, s, "village_doctor", proof=_proof(proof))
    patient = world.client_as(client, "patient_pa")
    seen = (await patient.get(f"{VISITS}/{visit['id']}")).json()
    assert [a["filename"] for a in seen["attachments"]] == ["门诊病历.pdf"]
    assert [(t["action"], t["actor_name"]) for t in seen["timeline"]] == [
        ("book", "village_doctor")]
    # Not the uploader, the patient reads the file as the visit's patient; another does not.
    r = await patient.get(f"{FILES}/{proof}/content")
    assert r.status_code == 200 and r.content == scan
    r = await world.client_as(client, "patient_pb").get(f"{FILES}/{proof}/content")
    assert r.status_code == 403 and "content" not in r.headers.get("content-type", "")
    assert (await world.client_as(client, "patient_pb").get(f"{VISITS}/{visit['id']}")
            ).status_code == 403


async def test_the_offices_overdue_reminder_is_not_on_the_patients_timeline(app, client, world,
                                                                           s, query):
    visit = await book(client, s)
    # As the sweep records it for a kind with time limits (a visit has none of its own).
    async with app.state.sessionmaker() as db:
        db.add(CaseStep(case_type="online_visit", case_id=uuid.UUID(visit["id"]), seq=2,
                        action="escalate", from_state="held", to_state="held",
                        at=world.clock.now(), note_code="past_limit",
                        note_params='{"limit": "complete"}'))
        await db.commit()
    url = f"{VISITS}/{visit['id']}"
    seen = (await world.client_as(client, "patient_pa").get(url)).json()
    assert [t["action"] for t in seen["timeline"]] == ["book"]
    doctor = (await world.client_as(client, "specialist_a").get(url)).json()
    assert [t["action"] for t in doctor["timeline"]] == ["book", "escalate"]
    assert await query(select(func.count()).select_from(CaseStep).where(
        CaseStep.case_id == uuid.UUID(visit["id"]))) == [2]


async def test_a_consultations_patient_still_sees_no_materials_or_timeline(app, client, world):
    await prepare(world)
    village = world.client_as(client, "village_doctor")
    r = await village.post("/api/v1/consultations", json=application(world))
    assert r.status_code == 201, r.text
    url = f"/api/v1/consultations/{r.json()['id']}"
    ecg = await upload(village, png(4_000), filename="心电图.png")
    r = await village.post(f"{url}/attachments", json={"file_id": str(ecg)})
    assert r.status_code == 200, r.text
    assert [a["filename"] for a in r.json()["attachments"]] == ["心电图.png"]
    assert [t["action"] for t in r.json()["timeline"]] == ["apply", "attach"]

    seen = (await world.client_as(client, "patient_pa").get(url)).json()
    assert seen["attachments"] == [] and seen["timeline"] == []
    assert seen["conversation_id"] is None and seen["actions"] == []
