"""Browser test of the staff side of payments: the village doctor books an online visit for
王秀兰 (代问诊, through the API) and, on a phone, records her payment at the clinic (村医代收);
the county hospital's administrator finds the order in the office's list, refunds part of it
and is refused more than remains; the patient sees the refund on her orders. The office's
pages in English. Screenshots (zh): the village doctor and the patient at 390×844, the
administrator on the desktop."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, skip_reason
from tests.e2e.pages import confirm_box, sign_in
from tests.e2e.test_english import English

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

PHONE = {"width": 390, "height": 844}
PATIENT = "王秀兰"
RECEIPT = "SJ-20261207-001"
REFUND_YUAN = 10


def _settle(page: Page) -> None:
    expect(page.locator(".el-loading-mask")).to_have_count(0)
    expect(page.locator(".el-message")).to_have_count(0, timeout=8_000)


def _booked_by_the_village_doctor(live_server: LiveServer) -> dict:
    """The county cardiologist's first session with a free slot, booked for 王秀兰 by her
    village doctor with her high blood pressure as the proof; the order is left to pay."""
    cardiologist = live_server.account("countyA_doctor").display_name
    with live_server.api("countyA_admin") as admin:
        r = admin.get("/clinic/sessions", params={"limit": 100})
        assert r.status_code == 200, r.text
        session = next(s for s in r.json()["items"] if s["doctor_name"] == cardiologist
                       and s["status"] == "open" and s["free_slots"] > 0)
    with live_server.api("villageA1a_doctor") as village:
        r = village.get("/patients", params={"q": PATIENT})
        assert r.status_code == 200, r.text
        patient = next(p for p in r.json()["items"] if p["name"] == PATIENT)
        r = village.get(f"/patients/{patient['id']}/record")
        assert r.status_code == 200, r.text
        problem = next(p for p in r.json()["problems"]
                       if p["icd10"] == "I10" and p["status"] == "active")
        r = village.post("/clinic/visits", json={
            "session_id": session["id"], "patient_id": patient["id"],
            "proof": {"kind": "record_diagnosis", "problem_id": problem["id"]},
            "complaint": "血压复诊，村医代缴诊查费"})
        assert r.status_code == 201, r.text
        r = village.get(f"/payments/orders/{r.json()['order_id']}")
        assert r.status_code == 200, r.text
        return r.json()


def test_the_village_doctor_collects_and_the_county_admin_refunds_part(
        live_server: LiveServer, new_page, browser, artifacts):
    order = _booked_by_the_village_doctor(live_server)
    total = order["total_fen"]
    due = f"¥{total / 100:.2f}"

    village = new_page()
    village.set_viewport_size(PHONE)
    sign_in(village, live_server.account("villageA1a_doctor"))
    village.goto(f"/payments/orders/{order['id']}")
    expect(village.get_by_test_id("payment-total")).to_have_text(due)
    village.get_by_test_id("payment-collect").click()
    dialog = village.get_by_test_id("payment-collect-dialog")
    expect(dialog).to_contain_text(due)
    dialog.get_by_test_id("payment-collect-receipt").fill(RECEIPT)
    _settle(village)
    village.screenshot(path=str(artifacts / "payments-collect-phone.png"), full_page=True)
    dialog.get_by_test_id("payment-collect-submit").click()
    expect(village.locator(".el-message--success").filter(has_text="已登记收款")).to_be_visible()
    expect(village.locator(".order-page .el-tag").first).to_have_text("已支付")
    expect(village.locator(".order-page")).to_contain_text(RECEIPT)
    expect(village.get_by_test_id("payment-collect")).to_have_count(0)
    expect(village.get_by_test_id("payment-refund")).to_have_count(0)

    admin = new_page()
    sign_in(admin, live_server.account("countyA_admin"))
    admin.get_by_test_id("nav-payment-orders").click()
    expect(admin).to_have_url(re.compile(r"/payments/orders$"))
    listed = admin.get_by_test_id("office-order").filter(has_text=order["number"])
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("已支付")
    listed.get_by_role("link").click()
    expect(admin).to_have_url(re.compile(rf"/payments/orders/{order['id']}$"))
    admin.get_by_test_id("payment-refund").click()
    dialog = admin.get_by_test_id("payment-refund-dialog")
    expect(dialog).to_contain_text(due)
    dialog.get_by_test_id("payment-refund-partial").click()
    # More than was paid: the form says so and does not send it.
    dialog.get_by_test_id("payment-refund-amount").locator("input").fill(str(total / 100 + 1))
    dialog.get_by_test_id("payment-refund-reason").fill("村医代收后患者部分项目未做")
    expect(dialog).to_contain_text(f"最多可退 {due}")
    expect(dialog.get_by_test_id("payment-refund-submit")).to_be_disabled()
    amount = dialog.get_by_test_id("payment-refund-amount").locator("input")
    amount.fill(str(REFUND_YUAN))
    amount.press("Tab")  # the number is taken when the field is left
    expect(dialog.get_by_test_id("payment-refund-submit")).to_be_enabled()
    _settle(admin)
    admin.screenshot(path=str(artifacts / "payments-refund-admin.png"), full_page=True)
    dialog.get_by_test_id("payment-refund-submit").click()
    confirm_box(admin, "确定")
    expect(admin.locator(".el-message--success").filter(has_text="已提交退款")).to_be_visible()
    refunds = admin.get_by_test_id("payment-refunds")
    expect(refunds).to_contain_text(f"¥{REFUND_YUAN:.2f}")
    expect(refunds).to_contain_text("已退款")
    expect(admin.locator(".order-page .el-tag").first).to_have_text("部分退款")
    _settle(admin)
    admin.screenshot(path=str(artifacts / "payments-order-admin.png"), full_page=True)

    patient = new_page()
    patient.set_viewport_size(PHONE)
    sign_in(patient, live_server.account("patient_demo"))
    patient.goto("/me/payments")
    mine = patient.get_by_test_id("my-payment").filter(has_text=order["number"])
    expect(mine).to_contain_text("部分退款")
    mine.click()
    expect(patient.get_by_test_id("payment-refunds")).to_contain_text(f"¥{REFUND_YUAN:.2f}")
    expect(patient.get_by_test_id("payment-refund")).to_have_count(0)
    _settle(patient)
    patient.screenshot(path=str(artifacts / "payments-refunded-patient-phone.png"),
                       full_page=True)
    # The order leads back to the visit it pays for.
    patient.get_by_test_id("payment-back-to-visit").click()
    expect(patient).to_have_url(re.compile(rf"/clinic/visits/{order['subject_id']}$"))

    office = English(browser, live_server, "countyA_admin")
    office.visit("/payments/orders", "office-order")
    office.visit(f"/payments/orders/{order['id']}", "payment-refunds")
    office.page.get_by_test_id("payment-refund").click()
    office.check("payment-refund-dialog")
    office.page.set_viewport_size(PHONE)
    office.visit("/payments/orders", "office-order")
    office.page.screenshot(path=str(artifacts / "payments-orders-en-phone.png"), full_page=True)
    problems = office.close()
    assert problems == [], "\n".join(problems)
