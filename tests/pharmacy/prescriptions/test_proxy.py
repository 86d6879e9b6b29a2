"""代问诊: the village (family) doctor who booked the visit with the patient present acts for
them on the prescription too: chooses pick-up, sees the code, pays. Another doctor of the same
clinic does not act for the patient (they only hand over once it is there)."""

from __future__ import annotations

from tests.clinic.visits.helpers import SESSIONS, VISITS, book, make_setting, on_the_day, pay
from tests.pharmacy.catalogue.helpers import make_drug, receive
from tests.pharmacy.prescriptions.helpers import EXPIRY, RX, fresh_step_up


async def test_the_village_doctor_who_booked_chooses_and_pays_for_the_patient(app, client,
                                                                               world):
    s = await make_setting(app, client, world)
    visit = await book(client, s, who="family_doctor")
    await pay(client, world, visit, who="family_doctor")
    await on_the_day(world, "family_doctor", "specialist_a", "pharmacist_a", "village_doctor",
                     "patient_pa")
    proxy, doctor, pharmacist, other, patient = (world.client_as(client, n) for n in (
        "family_doctor", "specialist_a", "pharmacist_a", "village_doctor", "patient_pa"))
    assert (await proxy.post(f"{VISITS}/{visit['id']}/check-in", json={})).status_code == 200
    await fresh_step_up(client, world)
    assert (await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")).status_code == 200
    assert (await doctor.post(f"{VISITS}/{visit['id']}/start", json={})).status_code == 200
    drug = await make_drug(world, "A", generic_name="苯磺酸氨氯地平片", atc="C08CA01", strength=5,
                           max_single_dose=10, max_daily_dose=10)
    await receive(world, "A", drug, 10, expires_on=EXPIRY)
    await fresh_step_up(client, world)
    r = await doctor.post(RX, json={
        "visit_id": visit["id"], "diagnosis_icd10": "I10", "diagnosis_text": "原发性高血压",
        "lines": [{"drug_id": str(drug), "dose": 5, "dose_unit": "mg", "route": "oral",
                   "frequency": "qd", "days": 7}]})
    assert r.status_code == 201, r.text
    o = r.json()
    assert (await pharmacist.post(f"{RX}/{o['id']}/pass", json={})).status_code == 200

    # Not shared with the clinic's other doctor until it is to be picked up there.
    r = await other.post(f"{RX}/{o['id']}/checkout", json={"fulfilment": "pickup"})
    assert (r.status_code, r.json()["code"]) == (403, "forbidden")
    r = await proxy.post(f"{RX}/{o['id']}/checkout", json={"fulfilment": "pickup"})
    assert r.status_code == 200, r.text
    o = r.json()
    assert o["handover_code"] and o["pickup_org_id"] == str(world.orgs["A1a"].id)
    order = (await proxy.get(f"/api/v1/payments/orders/{o['order_id']}")).json()
    assert order["total_fen"] == o["drugs_fen"]
    await pay(client, world, o, who="family_doctor")
    seen = (await patient.get(f"{RX}/{o['id']}")).json()
    assert seen["state"] == "paid" and seen["handover_code"] == o["handover_code"]
    r = await other.post(f"{RX}/{o['id']}/refund", json={"reason": "患者不要了"})
    assert (r.status_code, r.json()["code"]) == (403, "not-your-step")  # a party, not its side
