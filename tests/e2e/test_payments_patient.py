"""Browser test of the patient's side of an order: 王秀兰 books a coming online visit (through the
API), pays its order on a phone with the demo channel, is told to go back to the visit and is led
there; her list of orders leads back to the visit too. Screenshot (zh): the paid order at
390×844."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LiveServer, skip_reason
from tests.e2e.pages import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

PHONE = {"width": 390, "height": 844}
PATIENT = "patient_demo"


def _booked(live_server: LiveServer) -> dict:
    """A visit in a coming session with a free slot, booked by the patient on her diagnosis (the
    latest session that takes it: the other walks book the first ones)."""
    with live_server.api("countyA_admin") as admin:
        r = admin.get("/clinic/sessions", params={"limit": 100})
        assert r.status_code == 200, r.text
        sessions = [s for s in r.json()["items"] if s["status"] == "open" and s["free_slots"] > 0]
    with live_server.api(PATIENT) as api:
        patient_id = api.get("/auth/me").json()["patient"]["id"]
        problem = next(p for p in api.get(f"/patients/{patient_id}/record").json()["problems"]
                       if p["status"] == "active")
        for session in reversed(sessions):
            r = api.post("/clinic/visits", json={
                "session_id": session["id"], "patient_id": patient_id,
                "proof": {"kind": "record_diagnosis", "problem_id": problem["id"]}})
            if r.status_code == 201:
                return r.json()
    pytest.fail(f"no coming session took the booking: {r.text}")


def test_the_patient_pays_and_goes_back_to_the_visit(live_server: LiveServer, new_page,
                                                     artifacts):
    visit = _booked(live_server)
    patient = new_page()
    patient.set_viewport_size(PHONE)
    sign_in(patient, live_server.account(PATIENT))
    patient.goto(f"/payments/orders/{visit['order_id']}")
    back = patient.get_by_test_id("payment-back-to-visit")
    expect(back).to_have_text(re.compile("返回问诊"))
    expect(patient.get_by_test_id("payment-subject")).not_to_contain_text("已支付")
    patient.get_by_test_id("payment-start").click()
    patient.get_by_test_id("payment-demo-confirm").click()
    expect(patient.get_by_test_id("payment-pay")).to_have_count(0)
    expect(patient.get_by_test_id("payment-subject")).to_contain_text("已支付")
    expect(patient.locator(".el-message")).to_have_count(0, timeout=8_000)
    patient.screenshot(path=str(artifacts / "payments-paid-back-to-visit-phone.png"),
                       full_page=True)
    back.click()
    expect(patient).to_have_url(re.compile(rf"/clinic/visits/{visit['id']}$"))
    expect(patient.get_by_test_id("visit-state")).to_have_attribute("data-state", "booked")

    # Her list of orders: the order, and beside it the way back to its visit.
    patient.goto("/me/payments")
    entry = patient.get_by_test_id("my-payment-entry").filter(has=patient.locator(
        f'a[href="/payments/orders/{visit["order_id"]}"]'))
    expect(entry.get_by_test_id("my-payment-visit")).to_have_attribute(
        "href", f"/clinic/visits/{visit['id']}")
