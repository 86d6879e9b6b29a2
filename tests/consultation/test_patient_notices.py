"""The patient hears of their own consultation: when it is booked (and rebooked) and when it
starts, in words for a patient, on every account linked to them and nobody else's."""

from __future__ import annotations

from sqlalchemy import select

from tests.consultation.helpers import application, prepare, slot
from yilian.messaging.notifications.models import Notification


async def _told(query, cid: str, name: str) -> set[str]:
    rows = await query(select(Notification.user_id).where(
        Notification.template == f"consultation.{name}", Notification.entity_id == cid))
    return {str(u) for u in rows}


async def test_the_patient_is_told_of_the_booking_and_the_start(client, world, query, settle):
    setup = await prepare(world)
    village = world.client_as(client, "village_doctor")
    expert = world.client_as(client, "specialist_a")
    cid = (await village.post("/api/v1/consultations", json=application(world))).json()["id"]
    url = f"/api/v1/consultations/{cid}"
    await world.client_as(client, "coordinator_a").post(
        url + "/route", json={"department_id": str(setup.depts["cardio_a"])})
    await expert.post(url + "/assign", json={"expert_id": str(world.users["specialist_a"])})
    patient_accounts = {str(world.users["patient_pa"]), str(world.users["reader_of_pa"])}

    r = await village.post(url + "/book", json={"slot_id": str(await slot(
        world, "specialist_a", "A", hours=0.1))})
    assert r.status_code == 200, r.text
    await settle()
    assert await _told(query, cid, "patient_booked") == patient_accounts
    # The expert keeps the clinicians' notice (the applicant booked it); the patient's is theirs.
    assert await _told(query, cid, "scheduled") == {str(world.users["specialist_a"])}

    page = (await world.client_as(client, "patient_pa").get("/api/v1/notifications")).json()
    booked = next(n for n in page["items"] if n["template"] == "consultation.patient_booked")
    assert booked["title"] == "您的远程会诊已预约"
    assert r.json()["number"] in booked["body"] and "请提前到达就诊机构" in booked["body"]
    assert (await world.client_as(client, "patient_pb").get("/api/v1/notifications")
            ).json()["items"] == []

    r = await expert.post(url + "/start", json={})
    assert r.status_code == 200, r.text
    await settle()
    assert await _told(query, cid, "patient_started") == patient_accounts
    assert not patient_accounts & await _told(query, cid, "started")


async def test_a_refused_booking_tells_the_patient_nothing(client, world, query, settle):
    setup = await prepare(world)
    village = world.client_as(client, "village_doctor")
    cid = (await village.post("/api/v1/consultations", json=application(world))).json()["id"]
    url = f"/api/v1/consultations/{cid}"
    await world.client_as(client, "coordinator_a").post(
        url + "/route", json={"department_id": str(setup.depts["cardio_a"])})
    # Not yet assigned: booking is out of turn.
    r = await village.post(url + "/book", json={"slot_id": str(await slot(
        world, "specialist_a", "A"))})
    assert r.status_code == 409
    await settle()
    assert await _told(query, cid, "patient_booked") == set()
