"""The workbench shows each person the cases that wait for them, and only those: the office
the new applications, the department head the routed ones, the village doctor the booking,
late cases first; nothing of another organisation's cases; the sessions booked today, the
follow-ups due and the unread messages."""

from __future__ import annotations

from sqlalchemy import select

from tests.consultation.helpers import prepare, slot
from tests.workbench.helpers import WORKBENCH, apply, people, todo
from yilian.core.accesslog import AccessEntry


async def test_each_person_sees_the_step_that_waits_for_them(client, world):
    setup = await prepare(world)
    village, office, head = people(world, client)
    case = await apply(world, village)
    number = case["number"]

    # Only the office can move a new application; the applicant may only call it off.
    assert await todo(office) == [(number, ["route"])]
    assert await todo(village) == []
    assert await todo(head) == []

    r = await office.post(f"/api/v1/consultations/{case['id']}/route",
                          json={"department_id": str(setup.depts["cardio_a"])})
    assert r.status_code == 200, r.text
    # Routed: it waits for the department's head (the office may act for the department).
    assert await todo(head) == [(number, ["return", "assign"])]
    wb = (await head.get(WORKBENCH)).json()
    item = wb["todo"][0]
    assert item["type"] == "consultation" and item["link"] == f"/consultations/{case['id']}"
    assert item["patient_name"] == "张秀英" and item["state"] == "routed"
    assert item["due_at"] is not None and item["overdue"] is False
    assert item["side"] == "invited"
    assert wb["counts"]["consultation"] == 1 and wb["counts"]["referral"] == 0

    await head.post(f"/api/v1/consultations/{case['id']}/assign",
                    json={"expert_id": str(world.users["specialist_a"])})
    # Assigned: now the village doctor books the time.
    assert await todo(village) == [(number, ["book"])]
    assert (await village.get(WORKBENCH)).json()["todo"][0]["side"] == "inviting"
    assert await todo(head) == []

    # Booked for today: today's sessions of the expert and the applicant, with their link.
    slot_id = await slot(world, "specialist_a", "A", hours=1)
    r = await village.post(f"/api/v1/consultations/{case['id']}/book",
                           json={"slot_id": str(slot_id)})
    assert r.status_code == 200, r.text
    for user in (village, head):
        sessions = (await user.get(WORKBENCH)).json()["sessions"]
        assert [(s["number"], s["link"]) for s in sessions] == [
            (number, f"/consultations/{case['id']}")]
    assert [n for n, _ in await todo(head)] == [number]  # the expert starts it or reports


async def test_another_organisation_sees_nothing(client, world):
    await prepare(world)
    village = world.client_as(client, "village_doctor")
    await apply(world, village)
    for outsider in ("specialist_b", "org_admin_b", "coordinator_p"):
        wb = (await world.client_as(client, outsider).get(WORKBENCH)).json()
        assert wb["todo"] == [] and wb["sessions"] == [], outsider
        assert wb["counts"]["consultation"] == 0


async def test_late_cases_come_first_then_the_nearest_limit(client, world):
    await prepare(world)
    village = world.client_as(client, "village_doctor")
    office = world.client_as(client, "coordinator_a")
    routine = await apply(world, village)
    world.clock.advance(minutes=10)
    urgent = await apply(world, village, urgency="urgent")
    # The urgent one is due sooner (6 hours against 48), though asked for later.
    assert [n for n, _ in await todo(office)] == [urgent["number"], routine["number"]]

    world.clock.advance(hours=7)
    await world.sign_in_again("coordinator_a")
    items = (await world.client_as(client, "coordinator_a").get(WORKBENCH)).json()["todo"]
    assert [(i["number"], i["overdue"]) for i in items] == [
        (urgent["number"], True), (routine["number"], False)]


async def test_a_late_case_goes_before_an_older_one_due_sooner(client, world):
    await prepare(world)
    village = world.client_as(client, "village_doctor")
    old = await apply(world, village)
    world.clock.advance(hours=40)
    await world.sign_in_again("village_doctor")
    late = await apply(world, world.client_as(client, "village_doctor"), urgency="urgent")
    world.clock.advance(hours=7)  # the urgent one is late; the old one due in an hour
    await world.sign_in_again("coordinator_a")
    items = (await world.client_as(client, "coordinator_a").get(WORKBENCH)).json()["todo"]
    assert [(i["number"], i["overdue"]) for i in items] == [
        (late["number"], True), (old["number"], False)]


async def test_the_cases_shown_are_in_their_patients_access_log(client, world, query):
    await prepare(world)
    village = world.client_as(client, "village_doctor")
    case = await apply(world, village)
    await world.client_as(client, "coordinator_a").get(WORKBENCH)
    logged = await query(select(AccessEntry).where(
        AccessEntry.actor_user_id == world.users["coordinator_a"]))
    assert [(e.action, e.basis_ref, e.patient_id) for e in logged] == [
        ("consultation.listed", case["number"], world.patients["pa"])]


async def test_a_patient_sees_what_is_booked_for_them(client, world):
    setup = await prepare(world)
    village, office, head = people(world, client)
    case = await apply(world, village)
    await office.post(f"/api/v1/consultations/{case['id']}/route",
                      json={"department_id": str(setup.depts["cardio_a"])})
    await head.post(f"/api/v1/consultations/{case['id']}/assign",
                    json={"expert_id": str(world.users["specialist_a"])})
    slot_id = await slot(world, "specialist_a", "A", hours=50)
    await village.post(f"/api/v1/consultations/{case['id']}/book", json={"slot_id": str(slot_id)})
    wb = (await world.client_as(client, "patient_pa").get(WORKBENCH)).json()
    assert wb["todo"] == []
    assert [s["number"] for s in wb["sessions"]] == [case["number"]]
    other = (await world.client_as(client, "patient_pb").get(WORKBENCH)).json()
    assert other["sessions"] == []
    # The village doctor's "today" does not hold a session two days away.
    assert (await village.get(WORKBENCH)).json()["sessions"] == []
