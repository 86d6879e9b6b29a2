"""Offering, listing and withdrawing availability through the API, as doctors and
coordinators would. The tests' now is 2026-11-24 10:00 in Beijing."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from tests.scheduling.helpers import AVAIL, DOCTORS, book, iso, offer, offered
from yilian.core.audit import AuditEntry
from yilian.scheduling.models import AvailabilitySlot


async def test_a_doctor_offers_a_morning_split_into_half_hours(client, world, query):
    slots = await offered(world, client, "specialist_a", iso(1, 9), iso(1, 11), slot_minutes=30)

    assert [(s["starts_at"], s["ends_at"]) for s in slots] == [
        ("2026-11-25T01:00:00Z", "2026-11-25T01:30:00Z"),
        ("2026-11-25T01:30:00Z", "2026-11-25T02:00:00Z"),
        ("2026-11-25T02:00:00Z", "2026-11-25T02:30:00Z"),
        ("2026-11-25T02:30:00Z", "2026-11-25T03:00:00Z"),
    ]
    first = slots[0]
    assert first["user_id"] == str(world.users["specialist_a"])
    assert first["user_name"] == "specialist_a"
    assert first["organisation_id"] == str(world.orgs["A"].id)
    assert first["organisation_name"] == "甲县人民医院"
    assert (first["booked"], first["withdrawn"], first["booked_case_id"]) == (False, False, None)

    mine = (await world.client_as(client, "specialist_a").get(AVAIL)).json()
    assert [s["id"] for s in mine] == [s["id"] for s in slots]
    audit = await query(select(AuditEntry).where(AuditEntry.action == "availability.create"))
    assert len(audit) == 1 and audit[0].entity_id == str(world.users["specialist_a"])
    assert len(audit[0].detail["slot_ids"]) == 4


async def test_without_a_slot_length_the_range_is_one_slot(client, world):
    slots = await offered(world, client, "town_doctor_a1", iso(2, 14), iso(2, 17, 30))
    assert len(slots) == 1
    assert (slots[0]["starts_at"], slots[0]["ends_at"]) == ("2026-11-26T06:00:00Z",
                                                            "2026-11-26T09:30:00Z")
    assert slots[0]["organisation_name"] == "甲镇卫生院"


async def test_an_overlapping_offer_is_refused_whole(client, world, query):
    await offered(world, client, "specialist_a", iso(1, 9), iso(1, 11), slot_minutes=60)

    r = await offer(world, client, "specialist_a", iso(1, 8), iso(1, 12), slot_minutes=30)
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "slot-overlap"
    assert "09:00" in r.json()["detail"]  # the clash named in Beijing time
    assert len(await query(select(AvailabilitySlot))) == 2

    # Back to back is no overlap.
    await offered(world, client, "specialist_a", iso(1, 11), iso(1, 12))
    # Another doctor's times never clash with these.
    await offered(world, client, "mdt_expert", iso(1, 9), iso(1, 11))


@pytest.mark.parametrize(("start", "end", "extra", "field"), [
    (iso(0, 8), iso(0, 9), {}, "starts_at"),                          # in the past
    (iso(0, 9, 30), iso(0, 10, 30), {}, "starts_at"),                 # already begun
    (iso(1, 11), iso(1, 10), {}, "ends_at"),                          # ends before it starts
    (iso(1, 7), iso(1, 19, 30), {}, "ends_at"),                       # longer than 12 hours
    (iso(91, 9), iso(91, 10), {}, "starts_at"),                       # more than 90 days ahead
    ("2026-11-25T09:00:30+08:00", iso(1, 10), {}, "starts_at"),       # not whole minutes
    (iso(1, 9), iso(1, 10), {"slot_minutes": 45}, "slot_minutes"),    # not a whole number
    (iso(1, 9), iso(1, 10), {"slot_minutes": 10}, "slot_minutes"),    # too short
    ("2026-11-25T09:00:00", iso(1, 10), {}, "starts_at"),             # no time zone
], ids=["past", "begun", "reversed", "too-long", "too-far", "seconds", "uneven", "short",
        "naive"])
async def test_bad_times_are_refused_and_nothing_is_stored(start, end, extra, field, client,
                                                           world, query):
    r = await offer(world, client, "specialist_a", start, end, **extra)
    assert r.status_code == 422, r.text
    assert field in [e["field"] for e in r.json()["errors"]]
    assert await query(select(AvailabilitySlot)) == []


async def test_a_withdrawn_time_is_gone_and_may_be_offered_again(client, world, query):
    doctor = world.client_as(client, "specialist_a")
    slots = await offered(world, client, "specialist_a", iso(1, 9), iso(1, 10), slot_minutes=30)

    r = await doctor.delete(f"{AVAIL}/{slots[0]['id']}")
    assert r.status_code == 200, r.text
    assert r.json()["withdrawn"] is True
    assert [s["id"] for s in (await doctor.get(AVAIL)).json()] == [slots[1]["id"]]
    # Withdrawing again changes nothing.
    again = await doctor.delete(f"{AVAIL}/{slots[0]['id']}")
    assert again.status_code == 200 and again.json()["withdrawn"] is True
    audit = await query(select(AuditEntry).where(AuditEntry.action == "availability.withdraw"))
    assert [a.entity_id for a in audit] == [slots[0]["id"]]

    await offered(world, client, "specialist_a", iso(1, 9), iso(1, 9, 30))
    # Never deleted: the withdrawn row stays.
    assert len(await query(select(AvailabilitySlot))) == 3


async def test_a_booked_time_cannot_be_withdrawn(app, client, clock, world):
    doctor = world.client_as(client, "specialist_a")
    slot = (await offered(world, client, "specialist_a", iso(1, 9), iso(1, 10)))[0]
    await book(app, clock, slot["id"], world.users["specialist_a"])

    for who in ("specialist_a", "coordinator_a"):
        r = await world.client_as(client, who).delete(f"{AVAIL}/{slot['id']}")
        assert r.status_code == 409, r.text
        assert r.json()["code"] == "slot-booked"
    assert [s["booked"] for s in (await doctor.get(AVAIL)).json()] == [True]


async def test_unknown_slot_is_not_found(client, world):
    r = await world.client_as(client, "specialist_a").delete(f"{AVAIL}/{uuid.uuid4()}")
    assert r.status_code == 404 and r.json()["code"] == "slot-not-found"


async def test_a_coordinator_keeps_the_schedules_of_their_doctors(client, world, query):
    coordinator = world.client_as(client, "coordinator_a")
    doctors = await coordinator.get(DOCTORS, params={"organisation_id": str(world.orgs["A1a"].id)})
    assert doctors.status_code == 200, doctors.text
    assert {d["name"] for d in doctors.json()} == {"village_doctor", "family_doctor"}

    slots = await offered(world, client, "coordinator_a", iso(3, 9), iso(3, 10),
                          user_id=str(world.users["village_doctor"]),
                          organisation_id=str(world.orgs["A1a"].id))
    assert slots[0]["user_name"] == "village_doctor"
    village = world.client_as(client, "village_doctor")
    assert [s["id"] for s in (await village.get(AVAIL)).json()] == [slots[0]["id"]]
    assert (await coordinator.delete(f"{AVAIL}/{slots[0]['id']}")).status_code == 200

    # Not a doctor at the organisation named: bad input. Outside their organisations: refused.
    r = await offer(world, client, "coordinator_a", iso(3, 9), iso(3, 10),
                    user_id=str(world.users["village_doctor"]))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "user_id"
    r = await offer(world, client, "coordinator_a", iso(3, 9), iso(3, 10),
                    user_id=str(world.users["specialist_b"]),
                    organisation_id=str(world.orgs["B"].id))
    assert r.status_code == 403, r.text
    denied = await query(select(AuditEntry).where(AuditEntry.outcome == "denied"))
    assert [(d.entity_type, d.entity_id) for d in denied] == [
        ("user", str(world.users["specialist_b"]))]


async def test_a_doctor_cannot_enter_times_for_a_colleague(client, world):
    r = await offer(world, client, "specialist_a", iso(1, 9), iso(1, 10),
                    user_id=str(world.users["village_doctor"]),
                    organisation_id=str(world.orgs["A1a"].id))
    assert r.status_code == 403, r.text


async def test_an_unverified_doctor_cannot_offer_times(client, world):
    r = await offer(world, client, "specialist_unverified", iso(1, 9), iso(1, 10))
    assert r.status_code == 403 and r.json()["code"] == "not-verified"


async def test_who_sees_which_case_holds_a_time(app, client, clock, world):
    slots = await offered(world, client, "village_doctor", iso(1, 9), iso(1, 10), slot_minutes=30)
    case_id = uuid.uuid4()
    await book(app, clock, slots[0]["id"], world.users["village_doctor"], case_id)
    query = {"user_id": str(world.users["village_doctor"])}

    for who, sees in [("village_doctor", True), ("coordinator_a", True), ("org_admin_a", True),
                      ("specialist_b", False), ("mdt_expert", False), ("nurse_a1", False)]:
        listed = (await world.client_as(client, who).get(AVAIL, params=query)).json()
        assert [s["booked"] for s in listed] == [True, False], who
        expected = (["consultation", str(case_id)] if sees else [None, None])
        assert [listed[0]["booked_case_type"], listed[0]["booked_case_id"]] == expected, who

    free = (await world.client_as(client, "specialist_b").get(
        AVAIL, params={**query, "free": "true"})).json()
    assert [s["id"] for s in free] == [slots[1]["id"]]
    booked = (await world.client_as(client, "specialist_b").get(
        AVAIL, params={**query, "free": "false"})).json()
    assert [s["id"] for s in booked] == [slots[0]["id"]]
    r = await world.client_as(client, "patient_pa").get(AVAIL, params=query)
    assert r.status_code == 403


async def test_the_list_covers_two_weeks_unless_asked(client, world):
    doctor = world.client_as(client, "specialist_a")
    soon = await offered(world, client, "specialist_a", iso(13, 9), iso(13, 10))
    later = await offered(world, client, "specialist_a", iso(20, 9), iso(20, 10))

    assert [s["id"] for s in (await doctor.get(AVAIL)).json()] == [soon[0]["id"]]
    wide = await doctor.get(AVAIL, params={"end": iso(30, 0)})
    assert [s["id"] for s in wide.json()] == [soon[0]["id"], later[0]["id"]]
    # A slot under way when the range starts is in it.
    during = await doctor.get(AVAIL, params={"start": iso(20, 9, 30), "end": iso(20, 12)})
    assert [s["id"] for s in during.json()] == [later[0]["id"]]

    for params, field in [({"end": iso(63, 11)}, "end"), ({"start": iso(2, 0), "end": iso(1, 0)},
                                                          "end")]:
        r = await doctor.get(AVAIL, params=params)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field
