"""Browser test of an e-prescription (电子处方) from the pharmacist's review to the village
clinic's handover.

Set up through the API: the county hospital's administrator adds a session of its cardiologist
(countyA_doctor) today; the demo patient 王秀兰 books it, pays and checks in; the doctor calls
and starts the visit and signs a prescription of two drugs, keeping 硝苯地平控释片 against the
rules' warning that she takes a drug of its class (so the pass is a countersignature, 双签).

In the browser: the county pharmacist finds it in the review queue and passes it with a
countersignature note, reading her allergies and medications beside the drugs; on a phone the
patient chooses pick-up at her village clinic, pays with the demo channel, comes back to the
prescription and reads her pick-up code; the pharmacist dispenses it (the batches appear); the
village doctor confirms it arrived, is refused a wrong code and hands it over with the right one
and the usage explained, and the patient's page follows to the end without a reload (on the way,
her pages in elderly mode on the phone, measured as every patient page is). A second
prescription, of a drug the pharmacy has none of, cannot be dispensed: the dialog names the drug
and what is in stock, and the pharmacist refunds it. A third goes to her door: the address on
the phone, the carrier and tracking number, the receipt code. Last, the pages in English, desktop
and phone. Screenshots in tests/e2e/artifacts (rx-*.png).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, skip_reason
from tests.e2e.pages import confirm_box, elderly_on, sign_in
from tests.e2e.test_elderly import KEY_MIN, assert_elderly
from tests.e2e.test_english import English
from tests.e2e.visits import booked_and_checked_in, started, step_up, today_session

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

PHONE = {"width": 375, "height": 812}
DOCTOR, ADMIN, PHARMACIST = "countyA_doctor", "countyA_admin", "countyA_pharmacist"
PATIENT, VILLAGE = "patient_demo", "villageA1a_doctor"
# The drugs prescribed: the first is of the class of the amlodipine she takes (a warning the
# doctor keeps it against: it replaces the amlodipine).
DRUGS = (("硝苯地平控释片", 30), ("厄贝沙坦片", 150))
KEEP = "氨氯地平控制欠佳，改用硝苯地平控释片，停用氨氯地平"
COUNTERSIGN = "已核对患者用药史：换药而非合用，已嘱停用氨氯地平"
ADDRESS = "长沙县松柏镇东坪村三组 12 号"
TRACKING = "EMS1234567890CN"


def _signed(live_server: LiveServer) -> dict:
    """The patient's visit in today's session, under way, and the prescription the doctor
    signs in it (each warning kept with a reason)."""
    session_id, _, _ = today_session(live_server, DOCTOR, ADMIN, hours=1)
    visit_id = booked_and_checked_in(live_server, PATIENT, session_id, "I10")
    started(live_server, DOCTOR, session_id, visit_id)
    with live_server.api(DOCTOR) as doctor:
        step_up(live_server, doctor, DOCTOR)  # signing asks it in the signing session
        county = doctor.get("/auth/me").json()["active_grant"]["organisation_id"]
        lines = []
        for name, dose in DRUGS:
            stock = doctor.get(f"/pharmacy/organisations/{county}/stock",
                               params={"q": name}).json()["items"]
            drug = next(s["drug"] for s in stock
                        if s["drug"]["generic_name"] == name and s["stock_packages"] >= 2)
            lines.append({"drug_id": drug["id"], "dose": dose, "dose_unit": "mg",
                          "route": "oral", "frequency": "qd", "days": 7})
        rx = _sign(doctor, visit_id, lines)
    assert any(w["code"] == "duplicate-therapy" and w["line"] == 0 for w in rx["overrides"]), rx
    assert rx["state"] == "in_review" and rx["countersign_required"], rx
    return rx


def _sign(doctor, visit_id: str, lines: list[dict]) -> dict:
    """The doctor signs the lines in the visit, keeping each drug the rules warn of."""
    body = {"visit_id": visit_id, "diagnosis_icd10": "I10", "diagnosis_text": "原发性高血压",
            "lines": lines}
    r = doctor.post("/pharmacy/prescriptions/check", json=body)
    assert r.status_code == 200, r.text
    body["decisions"] = [{"code": w["code"], "line": w["line"], "reason": KEEP}
                         for w in r.json()["warnings"]]
    r = doctor.post("/pharmacy/prescriptions", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def _passed(live_server: LiveServer, visit_id: str, only: str | None = None) -> dict:
    """Another prescription in the visit, passed through the API: of the first drug of the
    pharmacy's stock list (``only="out"``: of those it has none of)."""
    with live_server.api(DOCTOR) as doctor:
        step_up(live_server, doctor, DOCTOR)
        county = doctor.get("/auth/me").json()["active_grant"]["organisation_id"]
        stock = doctor.get(f"/pharmacy/organisations/{county}/stock",
                           params={"only": only} if only else {"q": DRUGS[0][0]}).json()["items"]
        drug = stock[0]["drug"]
        rx = _sign(doctor, visit_id, [{
            "drug_id": drug["id"], "dose": drug["strength"], "dose_unit": drug["strength_unit"],
            "route": drug["route"] or "oral", "frequency": "qd", "days": 7}])
    with live_server.api(PHARMACIST) as pharmacist:
        note = COUNTERSIGN if rx["countersign_required"] else None
        r = pharmacist.post(f"/pharmacy/prescriptions/{rx['id']}/pass",
                            json={"countersign_note": note})
        assert r.status_code == 200, r.text
    return {**rx, "drug": drug["generic_name"]}


def _pay(live_server: LiveServer, rx_id: str) -> None:
    """The patient pays the order of their choice with the demo channel."""
    with live_server.api(PATIENT) as patient:
        order_id = patient.get(f"/pharmacy/prescriptions/{rx_id}").json()["order_id"]
        assert patient.post(f"/payments/orders/{order_id}/pay",
                            json={"channel": "demo"}).status_code == 200
        r = patient.post(f"/payments/orders/{order_id}/demo-confirm")
        assert r.status_code == 200, r.text


def _paid_out_of_stock(live_server: LiveServer, visit_id: str) -> dict:
    """A prescription of a drug the pharmacy has none of, chosen for pick-up and paid."""
    rx = _passed(live_server, visit_id, only="out")
    with live_server.api(PATIENT) as patient:
        r = patient.post(f"/pharmacy/prescriptions/{rx['id']}/checkout",
                         json={"fulfilment": "pickup"})
        assert r.status_code == 200, r.text
    _pay(live_server, rx["id"])
    return rx


def _settle(page: Page) -> None:
    expect(page.locator(".el-loading-mask:visible")).to_have_count(0)
    expect(page.locator(".el-message")).to_have_count(0, timeout=8_000)
    _still(page)


def _still(page: Page) -> None:
    """No transition under way (a dialog opening, a tag appearing): the screenshot shows it."""
    page.wait_for_function(
        "() => !document.getAnimations().some((a) => a.playState === 'running')")


def _state(page: Page, state: str) -> None:
    expect(page.get_by_test_id("rx-state")).to_have_attribute("data-state", state)


def _font_size(page: Page, testid: str) -> float:
    return page.get_by_test_id(testid).evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")


def _take(page: Page, action: str) -> None:
    """Opens a step's dialog from the action bar."""
    page.get_by_test_id(f"action-{action}").click()
    expect(page.get_by_test_id(f"action-dialog-{action}")).to_be_visible()


def test_a_prescription_from_the_review_to_the_village_clinics_handover(
        live_server: LiveServer, new_page, browser, artifacts):
    rx = _signed(live_server)
    rx_url = f"/prescriptions/{rx['id']}"

    # The pharmacist's review queue, oldest first, leads to it.
    pharmacist = new_page()
    sign_in(pharmacist, live_server.account(PHARMACIST))
    pharmacist.get_by_test_id("nav-prescriptions").click()
    expect(pharmacist).to_have_url(re.compile(r"/prescriptions(\?tab=review)?$"))
    item = pharmacist.locator(f'[data-testid="rx-queue-item"][data-rx-id="{rx["id"]}"]')
    expect(item).to_have_text(rx["number"])
    _settle(pharmacist)
    pharmacist.screenshot(path=str(artifacts / "rx-pharmacist-queue.png"), full_page=True)
    item.click()
    expect(pharmacist).to_have_url(re.compile(f"{rx_url}$"))
    _state(pharmacist, "in_review")
    expect(pharmacist.get_by_test_id("rx-countersign")).to_have_text("双签")
    expect(pharmacist.get_by_test_id("rx-words")).to_contain_text("待审核")
    expect(pharmacist.get_by_test_id("rx-line-0")).to_contain_text("硝苯地平控释片")
    expect(pharmacist.get_by_test_id("rx-line-1")).to_contain_text("厄贝沙坦片")
    expect(pharmacist.get_by_test_id("rx-lines")).to_contain_text("口服，每次 30mg，每日一次，共 7 天")
    # What the review reads the drugs against: her allergy, what she takes, the kept warning.
    checks = pharmacist.get_by_test_id("rx-checks")
    expect(checks.get_by_test_id("rx-allergies")).to_contain_text("青霉素")
    expect(checks.get_by_test_id("rx-medications")).to_contain_text("苯磺酸氨氯地平片")
    expect(checks.get_by_test_id("rx-override").first).to_contain_text(KEEP)
    expect(pharmacist.get_by_test_id("rx-pdf")).to_have_attribute("href", re.compile(r"/pdf$"))
    expect(pharmacist.get_by_test_id("rx-code")).to_have_count(0)
    _settle(pharmacist)
    pharmacist.screenshot(path=str(artifacts / "rx-pharmacist-review.png"), full_page=True)

    # Passing needs the countersignature's note.
    _take(pharmacist, "pass")
    dialog = pharmacist.get_by_test_id("action-dialog-pass")
    expect(dialog.get_by_test_id("rx-countersign-why")).to_be_visible()
    expect(dialog.get_by_test_id("action-dialog-pass-submit")).to_be_disabled()
    dialog.get_by_test_id("rx-countersign-note").fill(COUNTERSIGN)
    _still(pharmacist)
    pharmacist.screenshot(path=str(artifacts / "rx-pharmacist-countersign.png"))
    dialog.get_by_test_id("action-dialog-pass-submit").click()
    _state(pharmacist, "approved")
    expect(pharmacist.get_by_test_id("rx-review")).to_contain_text(COUNTERSIGN)
    expect(pharmacist.get_by_test_id("rx-words")).to_contain_text("等待患者选择取药方式并支付")

    # The patient, on a phone: her list says what to do next and leads to it.
    patient = new_page()
    patient.set_viewport_size(PHONE)
    sign_in(patient, live_server.account(PATIENT))
    patient.goto("/me/prescriptions")
    card = patient.locator(f'[data-testid="my-prescription"][data-rx-id="{rx["id"]}"]')
    expect(card.get_by_test_id("my-prescription-state")).to_have_text("待支付")
    expect(card.get_by_test_id("my-prescription-next")).to_have_text("请选择取药方式并支付")
    _settle(patient)
    patient.screenshot(path=str(artifacts / "rx-patient-mine-phone.png"), full_page=True)
    card.get_by_test_id("my-prescription-open").click()
    expect(patient).to_have_url(re.compile(f"{rx_url}$"))
    _state(patient, "approved")
    expect(patient.get_by_test_id("rx-words")).to_contain_text("请选择取药方式并支付")
    # The record's snapshot is the staff's.
    expect(patient.get_by_test_id("rx-checks")).to_have_count(0)

    # Pick-up at her village clinic, then the order.
    _take(patient, "checkout")
    dialog = patient.get_by_test_id("action-dialog-checkout")
    expect(dialog.get_by_test_id("rx-fulfilment-pickup").locator("input")).to_be_checked()
    _still(patient)
    patient.screenshot(path=str(artifacts / "rx-patient-checkout-phone.png"))
    dialog.get_by_test_id("action-dialog-checkout-submit").click()
    expect(patient.get_by_test_id("rx-fulfilment-kind")).to_have_text("到村卫生室取药")
    expect(patient.get_by_test_id("rx-words")).to_contain_text("前完成支付")
    patient.get_by_test_id("rx-pay").click()
    expect(patient).to_have_url(re.compile(r"/payments/orders/[0-9a-f-]{36}$"))
    patient.get_by_test_id("payment-start").click()
    patient.get_by_test_id("payment-demo-confirm").click()
    back = patient.get_by_test_id("payment-back-to-visit")
    expect(back).to_have_text(re.compile("返回处方"))
    expect(patient.get_by_test_id("payment-subject")).to_contain_text("已支付")
    back.click()
    expect(patient).to_have_url(re.compile(f"{rx_url}$"))
    _state(patient, "paid")
    code = patient.get_by_test_id("rx-code")
    expect(code).to_have_text(re.compile(r"^\d{6}$"))
    the_code = code.inner_text().strip()
    expect(patient.get_by_test_id("rx-code-block")).to_contain_text("到卫生室取药时，请告诉村医此码")
    _settle(patient)
    patient.screenshot(path=str(artifacts / "rx-patient-code-phone.png"), full_page=True)
    patient.get_by_test_id("rx-header").screenshot(path=str(artifacts / "rx-patient-header-phone.png"))
    patient.get_by_test_id("rx-drugs").screenshot(path=str(artifacts / "rx-patient-drugs-phone.png"))

    # The pharmacist's page followed the payment; dispensing takes the batches.
    _state(pharmacist, "paid")
    _take(pharmacist, "dispense")
    pharmacist.get_by_test_id("action-dialog-dispense-submit").click()
    _state(pharmacist, "dispensed")
    expect(pharmacist.get_by_test_id("rx-line-batches")).to_have_count(2)
    expect(pharmacist.get_by_test_id("rx-stages")).to_have_attribute("data-reached", "1")
    # The pharmacy reads no code: it is the patient's to give.
    expect(pharmacist.get_by_test_id("rx-code")).to_have_count(0)
    _settle(pharmacist)
    pharmacist.screenshot(path=str(artifacts / "rx-pharmacist-dispensed.png"), full_page=True)
    _state(patient, "dispensed")
    expect(patient.get_by_test_id("rx-words")).to_contain_text("药品已发往")

    # The village doctor: the clinic's pick-ups, arrival, then the handover against the code.
    village = new_page()
    sign_in(village, live_server.account(VILLAGE))
    village.get_by_test_id("nav-prescriptions").click()
    item = village.locator(f'[data-testid="rx-queue-item"][data-rx-id="{rx["id"]}"]')
    expect(item).to_be_visible()
    _settle(village)
    village.screenshot(path=str(artifacts / "rx-village-pickups.png"), full_page=True)
    item.click()
    expect(village.get_by_test_id("rx-words")).to_contain_text("送到本卫生室后请确认到达")
    village.get_by_test_id("action-arrive").click()
    confirm_box(village, "确定")
    _state(village, "at_clinic")
    expect(patient.get_by_test_id("rx-words")).to_contain_text("请带上取药码前往领取")

    # Elderly mode on the phone, the medicines waiting at the clinic: the prescription (its code
    # very large) and the list, measured as every patient page is.
    elderly = new_page()
    elderly.set_viewport_size(PHONE)
    sign_in(elderly, live_server.account(PATIENT))
    elderly_on(elderly)
    elderly.goto("/me/prescriptions")
    expect(elderly.locator(f'[data-testid="my-prescription"][data-rx-id="{rx["id"]}"]')).to_be_visible()
    assert_elderly(elderly, "my-prescriptions")
    elderly.screenshot(path=str(artifacts / "rx-elderly-mine-phone.png"), full_page=True)
    elderly.goto(rx_url)
    _state(elderly, "at_clinic")
    assert_elderly(elderly, "prescription")
    assert _font_size(elderly, "rx-words") >= KEY_MIN - 0.1
    assert _font_size(elderly, "rx-code") >= 2 * KEY_MIN
    elderly.screenshot(path=str(artifacts / "rx-elderly-phone.png"), full_page=True)
    elderly.get_by_test_id("rx-header").screenshot(path=str(artifacts / "rx-elderly-header-phone.png"))
    elderly.get_by_test_id("rx-fulfilment").screenshot(
        path=str(artifacts / "rx-elderly-fulfilment-phone.png"))

    _take(village, "hand_over")
    dialog = village.get_by_test_id("action-dialog-hand_over")
    wrong = "000000" if the_code != "000000" else "111111"
    dialog.get_by_test_id("rx-code-input").fill(wrong)
    expect(dialog.get_by_test_id("action-dialog-hand_over-submit")).to_be_disabled()
    dialog.get_by_test_id("rx-usage-explained").click()
    dialog.get_by_test_id("action-dialog-hand_over-submit").click()
    # The server's title, in the reader's language; the dialog stays for another try.
    expect(village.locator(".el-message--error")).to_contain_text("取药码或签收码不正确")
    expect(dialog).to_contain_text("与患者的码不符")
    dialog.get_by_test_id("rx-code-input").fill(the_code)
    _still(village)
    village.screenshot(path=str(artifacts / "rx-village-hand-over.png"))
    dialog.get_by_test_id("action-dialog-hand_over-submit").click()
    _state(village, "received")
    expect(village.get_by_test_id("rx-usage-explained-shown")).to_be_visible()

    # The patient's page followed to the end.
    _state(patient, "received")
    expect(patient.get_by_test_id("rx-stages")).to_have_attribute("data-reached", "3")
    expect(patient.get_by_test_id("rx-code")).to_have_count(0)
    expect(patient.get_by_test_id("prescription-step").last).to_have_attribute(
        "data-action", "hand_over")
    _settle(patient)
    patient.screenshot(path=str(artifacts / "rx-patient-received-phone.png"), full_page=True)
    _settle(village)
    village.screenshot(path=str(artifacts / "rx-village-received.png"), full_page=True)
    # The clinic's list on a phone: a card each.
    village.set_viewport_size(PHONE)
    village.goto("/prescriptions?tab=mine")
    card = village.locator(f'[data-testid="rx-queue-item"][data-rx-id="{rx["id"]}"]')
    expect(card.get_by_test_id("rx-queue-state")).to_have_attribute("data-state", "received")
    _settle(village)
    village.screenshot(path=str(artifacts / "rx-village-list-phone.png"), full_page=True)

    # Short of a drug, dispensing says which and what there is; the pharmacist refunds instead.
    short = _paid_out_of_stock(live_server, rx["visit_id"])
    pharmacist.goto(f"/prescriptions/{short['id']}")
    _state(pharmacist, "paid")
    _take(pharmacist, "dispense")
    dialog = pharmacist.get_by_test_id("action-dialog-dispense")
    dialog.get_by_test_id("action-dialog-dispense-submit").click()
    expect(dialog.get_by_test_id("rx-out-of-stock")).to_contain_text("库存不足，未发药")
    expect(dialog.get_by_test_id("rx-short")).to_contain_text(re.compile(
        re.escape(short["drug"]) + r".*需 \d+ \S+，现有 0 "))
    _state(pharmacist, "paid")
    _still(pharmacist)
    pharmacist.screenshot(path=str(artifacts / "rx-pharmacist-out-of-stock.png"))
    dialog.get_by_role("button", name="取消").click()
    _take(pharmacist, "refund")
    pharmacist.get_by_test_id("action-dialog-refund").get_by_test_id("action-text").fill("药品缺货，无法调配")
    pharmacist.get_by_test_id("action-dialog-refund-submit").click()
    _state(pharmacist, "cancelled")
    expect(pharmacist.get_by_test_id("rx-refunded")).to_contain_text("已退款")

    # Delivery to the door: the address given on the phone, the carrier's collection and the
    # way, delivered against the receipt code the patient reads out.
    parcel = _passed(live_server, rx["visit_id"])
    parcel_url = f"/prescriptions/{parcel['id']}"
    patient.goto(parcel_url)
    _take(patient, "checkout")
    dialog = patient.get_by_test_id("action-dialog-checkout")
    dialog.get_by_test_id("rx-fulfilment-delivery").click()
    dialog.get_by_test_id("rx-recipient").fill("王秀兰")
    dialog.get_by_test_id("rx-phone").fill("1391234567")
    expect(dialog.get_by_test_id("action-dialog-checkout-submit")).to_be_disabled()
    dialog.get_by_test_id("rx-phone").fill("13912345678")
    dialog.get_by_test_id("rx-address").fill(ADDRESS)
    _still(patient)
    patient.screenshot(path=str(artifacts / "rx-patient-delivery-phone.png"))
    dialog.get_by_test_id("action-dialog-checkout-submit").click()
    expect(patient.get_by_test_id("rx-fulfilment-kind")).to_have_text("配送到家")
    expect(patient.get_by_test_id("rx-delivery-fee")).to_be_visible()
    _pay(live_server, parcel["id"])
    with live_server.api(PHARMACIST) as api:
        r = api.post(f"/pharmacy/prescriptions/{parcel['id']}/dispense", json={})
        assert r.status_code == 200, r.text
    pharmacist.goto(parcel_url)
    _state(pharmacist, "dispensed")
    expect(pharmacist.get_by_test_id("rx-address-shown")).to_have_text(ADDRESS)
    _take(pharmacist, "collect")
    dialog = pharmacist.get_by_test_id("action-dialog-collect")
    dialog.get_by_test_id("rx-carrier").fill("中国邮政")
    dialog.get_by_test_id("rx-tracking-no").fill(TRACKING)
    dialog.get_by_test_id("action-dialog-collect-submit").click()
    _state(pharmacist, "collected")
    pharmacist.get_by_test_id("action-transit").click()
    confirm_box(pharmacist, "确定")
    _state(pharmacist, "in_transit")
    # The patient's page follows the carrier (collected is news to her; in transit on a reload).
    expect(patient.get_by_test_id("rx-tracking-shown")).to_have_text(TRACKING)
    patient.reload()
    _state(patient, "in_transit")
    expect(patient.get_by_test_id("rx-stages")).to_have_attribute("data-reached", "3")
    expect(patient.get_by_test_id("rx-code-block")).to_contain_text("请告诉快递员此码")
    receipt = patient.get_by_test_id("rx-code").inner_text().strip()
    _settle(patient)
    patient.screenshot(path=str(artifacts / "rx-patient-in-transit-phone.png"), full_page=True)
    _take(pharmacist, "deliver")
    dialog = pharmacist.get_by_test_id("action-dialog-deliver")
    dialog.get_by_test_id("rx-code-input").fill(receipt)
    dialog.get_by_test_id("action-dialog-deliver-submit").click()
    _state(pharmacist, "received")
    expect(pharmacist.get_by_test_id("rx-stages")).to_have_attribute("data-reached", "4")
    _state(patient, "received")

    # In English: the pharmacist's pages on the desktop, the patient's on a phone.
    staff = English(browser, live_server, PHARMACIST)
    staff.tabs("/prescriptions")
    staff.visit(rx_url, "rx-header")
    staff.page.screenshot(path=str(artifacts / "rx-pharmacist-en.png"), full_page=True)
    problems = staff.close()
    mine = English(browser, live_server, PATIENT)
    mine.page.set_viewport_size(PHONE)
    mine.visit("/me/prescriptions", "my-prescription")
    mine.visit(rx_url, "rx-header")
    mine.page.screenshot(path=str(artifacts / "rx-patient-en-phone.png"), full_page=True)
    problems += mine.close()
    assert problems == [], "\n".join(problems)
