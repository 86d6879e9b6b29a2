"""Browser test of need to know (最小必要): a village doctor sees the patient's identifiers masked
and reveals them only by stating a purpose; the patient then finds that read, with its purpose,
on 我的访问记录 (on a phone, in elderly mode), and the auditor finds it on the access-log tab.

The demo sets the stage: 王秀兰 (account ``patient_demo``) lives in 东坪村, whose village doctor
is ``villageA1a_doctor``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, skip_reason
from tests.e2e.pages import choose, elderly_on, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

VILLAGE_DOCTOR, PATIENT, AUDITOR = "villageA1a_doctor", "patient_demo", "auditor"
# Another county's specialist (emergency access) and the patient's county admin (reviews it).
OUTSIDER, HOME_ADMIN = "countyB_doctor", "countyA_admin"
EMERGENCY_REASON = "患者在外县突发胸痛昏迷，急需查阅既往病史与用药"
PATIENT_NAME = "王秀兰"
# Stated in the dialog's free text ("其他"); then once more with a ready-made purpose.
PURPOSE = "电话随访，核对降压药服用情况"
PRESET_PURPOSE = "联系患者"
PHONE = {"width": 390, "height": 844}
# As the Chinese UI words them (web/src/i18n/parts/access.ts).
READ_IDENTIFIERS = "查看了完整身份信息"
GROUND_NETWORK = "所属医共体"
ROLE_VILLAGE_DOCTOR = "基层医生"


def settle(page: Page) -> None:
    """Before a screenshot: fonts loaded, no loading mask, no running transition."""
    page.evaluate("document.fonts.ready.then(() => true)")
    expect(page.locator(".el-loading-mask")).to_have_count(0)
    page.wait_for_function(
        "document.getAnimations().every(a => a.playState !== 'running')", timeout=5_000
    )


def no_horizontal_overflow(page: Page) -> None:
    """Nothing on the page is wider than the screen (no sideways scrolling on a phone)."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the screen"


def reveal(page: Page, purpose: str, *, preset: str | None = None,
           shot: str | None = None) -> None:
    """The 显示 link, then the purpose (a ready-made one, or written under 其他), then confirm;
    ``shot`` names a screenshot of the dialog just before confirming."""
    page.get_by_test_id("record-reveal").click()
    dialog = page.get_by_test_id("reveal-dialog")
    expect(dialog).to_be_visible()
    # The doctor is told that the patient will see this read and its purpose.
    expect(page.get_by_test_id("reveal-explain")).to_contain_text("我的访问记录")
    expect(page.get_by_test_id("reveal-submit")).to_be_disabled()
    if preset:
        page.get_by_test_id(f"reveal-purpose-{preset}").click()
    else:
        page.get_by_test_id("reveal-purpose-other").click()
        page.get_by_test_id("reveal-purpose-text").fill(purpose)
    if shot:
        settle(page)
        page.screenshot(path=shot)
    page.get_by_test_id("reveal-submit").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_test_id("record-revealed-note")).to_contain_text(purpose)


def test_revealed_identifiers_reach_the_patients_access_log_and_the_auditor(
    live_server: LiveServer, new_page, artifacts
):
    doctor = live_server.account(VILLAGE_DOCTOR)
    with live_server.api(PATIENT) as api:
        patient_id = api.get("/auth/me").json()["patient"]["id"]
        # What the page should show: masked, and (read by the patient themself) in full.
        masked = api.get(f"/patients/{patient_id}").json()
        full = api.post(f"/patients/{patient_id}/identifiers",
                        json={"purpose": "本人查看"}).json()
    with live_server.api(VILLAGE_DOCTOR) as api:
        doctor_org = api.get("/auth/me").json()["active_grant"]["organisation_name"]
    assert masked["name"] == PATIENT_NAME
    assert masked["resident_id_masked"] != full["resident_id"]

    # ---- the village doctor: masked identifiers, revealed for a stated purpose
    page = new_page()
    sign_in(page, doctor)
    page.get_by_test_id("nav-patients").click()
    page.get_by_test_id("patient-search-input").fill(PATIENT_NAME)
    page.get_by_test_id("patient-search-submit").click()
    page.locator(f'[data-testid="patient-row"][data-patient-id="{patient_id}"]').click()
    expect(page).to_have_url(re.compile(rf"/patients/{patient_id}$"))
    expect(page.get_by_test_id("record-name")).to_have_text(PATIENT_NAME)
    expect(page.get_by_test_id("record-resident-id")).to_have_text(masked["resident_id_masked"])
    expect(page.get_by_test_id("record-phone")).to_have_text(masked["phone_masked"])
    expect(page.get_by_test_id("record-address")).to_have_text(masked["address_masked"] or "—")
    expect(page.get_by_test_id("record-insurance-no")).to_have_text(
        masked["insurance_no_masked"] or "—")
    expect(page.get_by_test_id("patient-record")).not_to_contain_text(full["resident_id"])

    # Cancelling asks the server nothing: still masked.
    page.get_by_test_id("record-reveal").click()
    expect(page.get_by_test_id("reveal-dialog")).to_be_visible()
    page.get_by_test_id("reveal-dialog").get_by_role("button", name="取消").click()
    expect(page.get_by_test_id("reveal-dialog")).to_be_hidden()
    expect(page.get_by_test_id("record-resident-id")).to_have_text(masked["resident_id_masked"])

    settle(page)
    page.screenshot(path=str(artifacts / "record-masked-desktop.png"), full_page=True)
    reveal(page, PURPOSE, shot=str(artifacts / "reveal-dialog-desktop.png"))
    expect(page.get_by_test_id("record-resident-id")).to_have_text(full["resident_id"])
    expect(page.get_by_test_id("record-phone")).to_have_text(full["phone"] or "—")
    expect(page.get_by_test_id("record-address")).to_have_text(full["address"] or "—")
    expect(page.get_by_test_id("record-insurance-no")).to_have_text(full["insurance_no"] or "—")
    settle(page)
    page.screenshot(path=str(artifacts / "record-revealed-desktop.png"), full_page=True)

    # Hidden again on request.
    page.get_by_test_id("record-hide").click()
    expect(page.get_by_test_id("record-resident-id")).to_have_text(masked["resident_id_masked"])
    expect(page.get_by_test_id("record-revealed-note")).to_have_count(0)

    # On a phone: the same record, one column, nothing wider than the screen; revealed again,
    # this time for a ready-made purpose.
    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_test_id("record-resident-id")).to_have_text(masked["resident_id_masked"])
    reveal(page, PRESET_PURPOSE, preset="contact", shot=str(artifacts / "reveal-dialog-phone.png"))
    expect(page.get_by_test_id("record-resident-id")).to_have_text(full["resident_id"])
    settle(page)
    no_horizontal_overflow(page)
    page.screenshot(path=str(artifacts / "record-revealed-phone.png"), full_page=True)
    # Leaving the page forgets the full values.
    page.reload()
    expect(page.get_by_test_id("record-resident-id")).to_have_text(masked["resident_id_masked"])

    # ---- the patient, on a phone in elderly mode: both reads, newest first, with their purposes
    page = new_page()
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.account(PATIENT))
    elderly_on(page)
    page.goto("/me/access-log")
    cards = page.get_by_test_id("access-log-cards")
    expect(cards).to_be_visible()
    entries = cards.get_by_test_id("access-log-row").filter(has_text=READ_IDENTIFIERS)
    expect(entries).to_have_count(2)
    newest, earlier = entries.nth(0), entries.nth(1)
    for entry in (newest, earlier):
        expect(entry.get_by_test_id("access-log-actor")).to_have_text(doctor.display_name)
        expect(entry).to_contain_text(ROLE_VILLAGE_DOCTOR)
        expect(entry.get_by_test_id("access-log-organisation")).to_have_text(doctor_org)
        expect(entry.get_by_test_id("access-log-basis")).to_have_text(GROUND_NETWORK)
    expect(newest.get_by_test_id("access-log-ground")).to_have_text(f"目的：{PRESET_PURPOSE}")
    expect(earlier.get_by_test_id("access-log-ground")).to_have_text(f"目的：{PURPOSE}")
    # The doctor also read the record itself, and that is listed too.
    expect(cards.get_by_test_id("access-log-row").filter(has_text="查看了健康档案").first).to_be_visible()
    # The patient's own reads are not listed as someone else's.
    expect(cards).not_to_contain_text("本人查看")
    settle(page)
    no_horizontal_overflow(page)
    page.screenshot(path=str(artifacts / "my-access-log-elderly-phone.png"), full_page=True)

    # ---- the auditor: the access-log tab, filtered to this doctor's identifier reads
    page = new_page()
    sign_in(page, live_server.account(AUDITOR))
    page.get_by_test_id("nav-audit").click()
    page.get_by_test_id("audit-tab-access").click()
    expect(page).to_have_url(re.compile(r"/audit\?tab=access"))
    expect(page.get_by_test_id("access-row").first).to_be_visible()
    page.get_by_test_id("access-filter-patient").fill(patient_id)
    page.get_by_test_id("access-filter-actor").fill(doctor.username)
    choose(page, page.get_by_test_id("access-filter-action"), READ_IDENTIFIERS)
    page.get_by_test_id("access-search").click()
    rows = page.get_by_test_id("access-table").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_not_text=doctor.username)).to_have_count(0)
    expect(rows.get_by_test_id("access-patient")).to_have_count(2)
    for i in range(2):
        expect(rows.get_by_test_id("access-patient").nth(i)).to_have_attribute(
            "data-patient-id", patient_id)
    expect(rows.nth(0)).to_contain_text(PRESET_PURPOSE)
    expect(rows.nth(1)).to_contain_text(PURPOSE)
    expect(rows.nth(1)).to_contain_text(READ_IDENTIFIERS)
    expect(rows.nth(1)).to_contain_text(ROLE_VILLAGE_DOCTOR)

    # The chain check reports on the access log as well.
    page.get_by_test_id("audit-verify").click()
    result = page.get_by_test_id("audit-verify-result")
    expect(result).to_be_visible()
    expect(page.get_by_test_id("audit-verify-access")).to_contain_text("访问记录")
    expect(page.get_by_test_id("audit-verify-access")).to_have_attribute("data-ok", "true")
    settle(page)
    page.screenshot(path=str(artifacts / "audit-access-tab.png"), full_page=True)

    # In English: the tab, its columns and the labels of what was read and on what ground.
    page.get_by_test_id("lang-switch").click()
    page.get_by_test_id("lang-option-en").click()
    expect(page.get_by_test_id("audit-tab-access")).to_have_text("Access log")
    expect(rows.nth(1)).to_contain_text("Viewed full identifiers")
    expect(rows.nth(1)).to_contain_text("Care network")
    expect(rows.nth(1)).to_contain_text(f"Purpose: {PURPOSE}")
    settle(page)
    page.screenshot(path=str(artifacts / "audit-access-tab-en.png"), full_page=True)


def test_home_admin_reviews_an_emergency_access(live_server: LiveServer, new_page, artifacts):
    """A doctor of another county opens 王秀兰's record by break-glass; her county's admin finds
    it, with the written reason, under 紧急访问记录."""
    outsider = live_server.account(OUTSIDER)
    with live_server.api(PATIENT) as api:
        patient_id = api.get("/auth/me").json()["patient"]["id"]
    with live_server.api(OUTSIDER) as api:
        r = api.post(f"/patients/{patient_id}/break-glass", json={"reason": EMERGENCY_REASON})
        assert r.status_code == 201, r.text
        assert api.get(f"/patients/{patient_id}/record").status_code == 200

    page = new_page()
    sign_in(page, live_server.account(HOME_ADMIN))
    page.get_by_test_id("nav-break-glass-log").click()
    expect(page).to_have_url(re.compile(r"/break-glass-log$"))
    table = page.get_by_test_id("access-log-table")
    row = table.locator("tbody tr").filter(has_text=EMERGENCY_REASON)
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("access-log-actor")).to_have_text(outsider.display_name)
    expect(row.get_by_test_id("access-log-patient")).to_have_text(PATIENT_NAME)
    expect(row.get_by_test_id("access-log-basis")).to_have_text("紧急访问")
    expect(row.get_by_test_id("access-log-ground")).to_have_text(f"理由：{EMERGENCY_REASON}")
    settle(page)
    page.screenshot(path=str(artifacts / "break-glass-log.png"), full_page=True)
