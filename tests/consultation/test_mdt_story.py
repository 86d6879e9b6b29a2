"""An MDT from a village clinic to the provincial hospital: two supporting departments, one of
which rejects; the panel is notified with the time; the chief consolidates and publishes."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from tests.consultation.helpers import application, prepare, slot
from yilian.messaging.conversations.models import Participant
from yilian.messaging.notifications.models import Notification


async def test_mdt_with_a_rejecting_department_to_a_consolidated_report(
        client, world, query, settle):
    setup = await prepare(world)
    village = world.client_as(client, "village_doctor")
    office = world.client_as(client, "coordinator_p")
    chief = world.client_as(client, "mdt_expert")
    endo_head = world.client_as(client, "endo_head")
    neph_head = world.client_as(client, "neph_head")
    endo_expert = world.client_as(client, "endo_expert")

    # The patient takes part in the session (and its video call) with their own account.
    r = await village.post("/api/v1/consultations",
                           json=application(world, invited="P", kind="mdt", patient_joins=True))
    assert r.status_code == 201, r.text
    assert r.json()["patient_joins"] is True
    cid = r.json()["id"]
    url = f"/api/v1/consultations/{cid}"

    r = await office.post(url + "/dispatch", json={
        "lead_department_id": str(setup.depts["cardio_p"]),
        "supporting_department_ids": [str(setup.depts["endo_p"]), str(setup.depts["neph_p"])]})
    assert r.status_code == 200, r.text
    assert [(d["name"], d["lead"], d["answer"]) for d in r.json()["departments"]] == [
        ("心血管内科", True, "pending"), ("内分泌科", False, "pending"),
        ("肾内科", False, "pending")]

    # Each head answers for their own department only.
    r = await neph_head.post(url + "/answer", json={
        "department_id": str(setup.depts["endo_p"]), "accept": False, "reason": "不是我科"})
    assert r.status_code == 403
    r = await office.post(url + "/confirm-panel", json={})
    assert r.status_code == 409 and r.json()["code"] == "answers-pending"
    # Nor is it offered while a department has not answered (the table's guard).
    offered = [a["action"] for a in (await office.get(url)).json()["actions"]]
    assert "confirm_panel" not in offered and "dispatch" in offered

    r = await chief.post(url + "/answer", json={
        "department_id": str(setup.depts["cardio_p"]), "accept": True,
        "chief_id": str(world.users["mdt_expert"])})
    assert r.status_code == 200, r.text
    r = await endo_head.post(url + "/answer", json={
        "department_id": str(setup.depts["endo_p"]), "accept": True,
        "expert_ids": [str(world.users["endo_expert"])]})
    assert r.status_code == 200, r.text
    r = await neph_head.post(url + "/answer", json={
        "department_id": str(setup.depts["neph_p"]), "accept": False})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reason"
    r = await neph_head.post(url + "/answer", json={
        "department_id": str(setup.depts["neph_p"]), "accept": False,
        "reason": "患者肾功能正常，无需肾内科参与"})
    assert r.status_code == 200, r.text
    r = await neph_head.post(url + "/answer", json={
        "department_id": str(setup.depts["neph_p"]), "accept": True,
        "expert_ids": [str(world.users["neph_head"])]})
    assert r.status_code == 409

    assert "confirm_panel" in [a["action"] for a in (await office.get(url)).json()["actions"]]
    r = await office.post(url + "/confirm-panel", json={})
    assert r.status_code == 200, r.text
    case = r.json()
    assert case["state"] == "panel_confirmed"
    assert {(e["name"], e["role"]) for e in case["experts"]} == {
        ("mdt_expert", "chief"), ("endo_expert", "secondary")}
    assert [d["answer"] for d in case["departments"]] == ["accepted", "accepted", "rejected"]

    # The chief asks for a coordinator; the inviting side books the chief's time; every expert
    # is told the time.
    r = await chief.post(url + "/coordinator", json={"joins": True})
    assert r.status_code == 200 and r.json()["coordinator_joins"] is True
    r = await village.post(url + "/book",
                           json={"slot_id": str(await slot(world, "mdt_expert", "P"))})
    assert r.status_code == 200, r.text
    await settle()
    for name in ("mdt_expert", "endo_expert"):
        told = await query(select(Notification.template).where(
            Notification.user_id == world.users[name]))
        assert "consultation.scheduled" in told, name
    assert "consultation.scheduled" not in await query(select(Notification.template).where(
        Notification.user_id == world.users["neph_head"]))
    members = await query(select(Participant.user_id).where(
        Participant.conversation_id == uuid.UUID(case["conversation_id"]), Participant.removed_at.is_(None)))
    # The patient's own account and their family's (a proxy) take part too.
    assert set(members) == {world.users[n] for n in (
        "village_doctor", "mdt_expert", "endo_expert", "coordinator_p", "patient_pa",
        "reader_of_pa")}

    # Started a day early, on the chief's confirmation; everyone on the panel, the applicant and
    # the coordinator asked for are rung with the link that opens the video; no one else.
    r = await chief.post(url + "/start", json={})
    assert r.status_code == 409 and r.json()["code"] == "session-off-time"
    r = await chief.post(url + "/start", json={"confirm_off_time": True})
    assert r.json()["state"] == "in_session"
    await settle()
    rung = await query(select(Notification).where(Notification.template == "consultation.started"))
    assert {(n.user_id, n.link) for n in rung} == {
        (world.users[n], f"/consultations/{cid}?join=1")
        for n in ("village_doctor", "endo_expert", "coordinator_p")}
    # The patient (and family) taking part are asked into the call too.
    asked = await query(select(Notification).where(Notification.template == "consultation.patient_invited"))
    assert {(n.user_id, n.link) for n in asked} == {
        (world.users[n], f"/consultations/{cid}?join=1") for n in ("patient_pa", "reader_of_pa")}
    # The chief cannot enter a secondary opinion, nor publish before the opinions are in.
    assert (await chief.post(url + "/opinion", json={"opinion": "x"})).status_code == 403
    draft = {"findings": "多学科讨论：冠心病合并2型糖尿病。", "opinion": "建议冠脉造影，强化降糖。",
             "diagnoses": [{"code": "I25.1", "name": "冠状动脉粥样硬化性心脏病"},
                           {"code": "E11.9", "name": "2型糖尿病"}],
             "recommendations": "二甲双胍0.5g tid；择期冠脉造影。", "referral_advised": True}
    assert "publish" not in [a["action"] for a in (await chief.get(url)).json()["actions"]]
    assert (await chief.put(url + "/draft", json=draft)).status_code == 200
    r = await chief.post(url + "/publish", json={})
    assert r.status_code == 409 and r.json()["code"] == "opinions-missing"
    assert "publish" not in [a["action"] for a in (await chief.get(url)).json()["actions"]]
    r = await endo_expert.post(url + "/opinion", json={"opinion": "糖化血红蛋白8.9%，建议加用SGLT2抑制剂。"})
    assert r.status_code == 200, r.text
    assert (await endo_expert.put(url + "/draft", json=draft)).status_code == 403
    assert "publish" in [a["action"] for a in (await chief.get(url)).json()["actions"]]

    r = await chief.post(url + "/publish", json={})
    assert r.status_code == 200, r.text
    [report] = r.json()["reports"]
    assert report["written_by_name"] == "mdt_expert"
    pdf = await village.get(f"/api/v1/documents/{report['document_id']}/pdf")
    assert pdf.status_code == 200
    assert (await village.post(url + "/acknowledge", json={})).json()["state"] == "completed"

    # A department that rejected sees the case no more than it must: its head keeps read
    # access (it was asked), a doctor of another hospital none.
    assert (await world.client_as(client, "specialist_b").get(url)).status_code == 403
