"""The demo is ready for prescriptions: at county A's pharmacy, 张桂英's prescription of
yesterday's visit was reviewed, paid by her village doctor, dispensed and delivered to her door
against the code; 王秀兰's was returned by the pharmacist (the metformin dose), written again as
a second version, passed, paid, dispensed and waits at her village clinic, where the village
doctor hands it over with the code she sees on her phone."""

from __future__ import annotations

from tests.demo.helpers import sign_in
from yilian.demo import build_demo

RX = "/api/v1/pharmacy/prescriptions"


async def test_a_delivered_a_returned_and_reissued_and_one_waiting_at_the_village_clinic(
        settings, clock, client):
    await build_demo(settings, size=0, clock=clock)
    pharmacist = await sign_in(client, "countyA_pharmacist")
    listed = (await pharmacist.get(RX, params={"limit": 50})).json()["items"]
    assert sorted((p["patient_name"], p["version"], p["state"]) for p in listed) == [
        ("张桂英", 1, "received"), ("王秀兰", 1, "voided"), ("王秀兰", 2, "at_clinic")]

    delivered = next(p for p in listed if p["state"] == "received")
    delivered = (await pharmacist.get(f"{RX}/{delivered['id']}")).json()
    assert delivered["fulfilment"] == "delivery" and delivered["tracking_no"]
    assert delivered["document_id"] and all(line["batches"] for line in delivered["lines"])
    assert [s["action"] for s in delivered["timeline"]][:1] == ["sign"]
    assert [s["action"] for s in delivered["timeline"]][-4:] == [
        "dispense", "collect", "transit", "deliver"]

    first = next(p for p in listed if p["state"] == "voided")
    first = (await pharmacist.get(f"{RX}/{first['id']}")).json()
    assert first["review_codes"] == ["dose"] and first["replaced_by_id"]

    patient = await sign_in(client, "patient_demo")
    [mine] = [p for p in (await patient.get(RX)).json()["items"] if p["state"] == "at_clinic"]
    mine = (await patient.get(f"{RX}/{mine['id']}")).json()
    assert mine["replaces_id"] == first["id"] and mine["handover_code"]

    village = await sign_in(client, "villageA1a_doctor")
    pickups = (await village.get(RX, params={"side": "pickup"})).json()["items"]
    assert [p["id"] for p in pickups] == [mine["id"]]
    r = await village.post(f"{RX}/{mine['id']}/hand-over",
                           json={"code": mine["handover_code"], "usage_explained": True})
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "received"
