"""A prescription walked through the API with the people who take each step: specialist_a
writes it in patient pa's open visit and signs it (re-authenticated), a pharmacist of county A
reviews and passes it, the patient chooses pick-up at their village clinic and pays, the
pharmacy dispenses from stock (earliest expiry first), the village doctor confirms it arrived
and hands it over against the code, and the medicines go to the record's reconciliation."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from tests.clinic.visits.helpers import pay
from tests.pharmacy.prescriptions.helpers import RX, draft, line, make_rx, sign
from yilian.patients.models import Reconciliation
from yilian.pharmacy.catalogue.models import StockBatch


async def test_from_the_doctors_signature_to_the_village_clinics_handover(app, client, world):
    rx = await make_rx(app, client, world)
    doctor, pharmacist, patient, village = (world.client_as(client, n) for n in (
        "specialist_a", "pharmacist_a", "patient_pa", "village_doctor"))
    body = draft(rx, line(rx, "amlodipine"), line(rx, "metformin", dose=500, frequency="bid"))

    r = await doctor.post(f"{RX}/check", json=body)
    assert r.status_code == 200, r.text
    quote = r.json()
    assert quote["allowed"] and quote["warnings"] == []
    assert [q["quantity"] for q in quote["lines"]] == [1, 1]  # 7 tablets; 14 of 20
    assert quote["drugs_fen"] == 1450 + 620

    o = await sign(client, rx, body)
    assert o["state"] == "in_review" and o["number"].startswith("CF")
    assert o["document_id"] is not None and o["drugs"] == ["苯磺酸氨氯地平片", "盐酸二甲双胍片"]
    assert o["retention_years"] == 1

    queue = (await pharmacist.get(RX, params={"side": "review"})).json()["items"]
    assert [q["id"] for q in queue] == [o["id"]]
    r = await patient.post(f"{RX}/{o['id']}/checkout", json={"fulfilment": "pickup"})
    assert r.status_code == 409 and r.json()["code"] == "wrong-state"  # not before approval

    r = await pharmacist.post(f"{RX}/{o['id']}/pass", json={})
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "approved"

    r = await patient.post(f"{RX}/{o['id']}/checkout", json={"fulfilment": "pickup"})
    assert r.status_code == 200, r.text
    o = r.json()
    assert o["fulfilment"] == "pickup" and o["pickup_org_id"] == str(world.orgs["A1a"].id)
    assert o["handover_code"] and len(o["handover_code"]) == 6
    code = o["handover_code"]
    await pay(client, world, o)
    o = (await pharmacist.get(f"{RX}/{o['id']}")).json()
    assert o["state"] == "paid" and o["handover_code"] is None  # the patient's alone

    r = await pharmacist.post(f"{RX}/{o['id']}/dispense", json={})
    assert r.status_code == 200, r.text
    assert [line_["batches"] for line_ in r.json()["lines"]] == [
        [["250101", "2028-06-30", 1]], [["250101", "2028-06-30", 1]]]
    async with app.state.sessionmaker() as db:
        left = (await db.execute(select(func.sum(StockBatch.quantity)).where(
            StockBatch.drug_id == uuid.UUID(rx.drugs["amlodipine"])))).scalar()
    assert left == 49
    r = await pharmacist.post(f"{RX}/{o['id']}/dispense", json={})
    assert r.status_code == 409  # a second dispensing

    pickups = (await village.get(RX, params={"side": "pickup"})).json()["items"]
    assert [p["id"] for p in pickups] == [o["id"]]
    r = await village.post(f"{RX}/{o['id']}/arrive", json={})
    assert r.status_code == 200 and r.json()["state"] == "at_clinic"
    wrong = "000000" if code != "000000" else "111111"
    r = await village.post(f"{RX}/{o['id']}/hand-over",
                           json={"code": wrong, "usage_explained": True})
    assert r.status_code == 422 and r.json()["code"] == "wrong-code"
    r = await village.post(f"{RX}/{o['id']}/hand-over", json={"code": code, "usage_explained": True})
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "received" and r.json()["usage_explained"]

    async with app.state.sessionmaker() as db:
        rec = (await db.execute(select(Reconciliation).where(
            Reconciliation.source_id == o["id"]))).scalar_one()
    assert [m["name"] for m in rec.medications] == ["苯磺酸氨氯地平片", "盐酸二甲双胍片"]
    mine = (await patient.get(RX)).json()["items"]
    assert [(m["id"], m["state"]) for m in mine] == [(o["id"], "received")]
