"""Browser test of the doctor's prescribing in an online visit (开具处方, issue 16).

The visit is brought to 就诊中 through the API: the provincial hospital's administrator adds a
session of its cardiologist today (as the visit's browser test does), the demo patient 王秀兰
(who takes amlodipine and is allergic to penicillin) books it, pays and checks in, and the doctor
calls and starts her visit. In the browser the doctor then writes a prescription: nifedipine for
10 days is refused with the rule's source (处方管理办法 第十九条) until it is 7 days; its warning
(the same class as the amlodipine she takes) is kept with a reason; amoxicillin raises the
penicillin allergy and is removed. Signing asks the password (the step-up dialog), and the
prescription is listed under the editor in review. The pharmacist returns it; the doctor sees
why, reissues it changed as version 2 with the old one voided, then voids version 2.
Screenshots (tests/e2e/artifacts) of the panel on the desktop and at 375 px, in Chinese, in
English (no Chinese outside the data) and in elderly mode.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VIEWPORT, LiveServer, skip_reason
from tests.e2e.pages import choose, confirm_box, sign_in
from tests.e2e.test_english import FIND
from tests.e2e.visits import booked_and_checked_in, started, today_session

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

PHONE = {"width": 375, "height": 812}
DOCTOR, ADMIN = "prov_cardio", "prov_admin"
PATIENT, PHARMACIST = "patient_demo", "prov_pharmacist"
KEEP = "氨氯地平已停用，改为硝苯地平控释片"
RETURN_NOTE = "高血压患者建议先观察一周再调整，用药天数请改为 5 天"
VOID_REASON = "按药师意见改为 5 天"


def _open_visit(live_server: LiveServer) -> str:
    """The patient's visit in a session of the doctor today, booked on her hypertension, under
    way (through the API)."""
    session_id, _, _ = today_session(live_server, DOCTOR, ADMIN)
    visit_id = booked_and_checked_in(live_server, PATIENT, session_id, "I10")
    started(live_server, DOCTOR, session_id, visit_id)
    return visit_id


def _settle(page: Page) -> None:
    expect(page.locator(".el-loading-mask:visible")).to_have_count(0)
    expect(page.locator(".el-message")).to_have_count(0, timeout=8_000)
    expect(page.get_by_test_id("prescribe-checking")).to_have_count(0)


def _add(page: Page, initials: str, code: str) -> None:
    """Finds a drug by its pinyin initials and adds it as a line."""
    search = page.get_by_test_id("prescribe-search")
    search.click()
    search.locator("input").fill(initials)
    page.locator(f'[data-testid="prescribe-option"][data-code="{code}"]').filter(
        visible=True).click()


def _line(page: Page, n: int, dose: str, frequency: str, days: int) -> None:
    page.get_by_test_id(f"prescribe-line-{n}-dose").fill(dose)
    choose(page, page.get_by_test_id(f"prescribe-line-{n}-frequency"), frequency)
    days_input = page.get_by_test_id(f"prescribe-line-{n}-days").locator("input")
    days_input.fill(str(days))
    days_input.blur()


def _shots(page: Page, artifacts, name: str) -> None:
    """The panel as it is, on the desktop and at 375 px."""
    panel = page.get_by_test_id("prescribe-panel")
    _settle(page)
    panel.screenshot(path=str(artifacts / f"prescribing-{name}.png"))
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)  # the layout has followed the width
    panel.screenshot(path=str(artifacts / f"prescribing-{name}-phone.png"))
    page.set_viewport_size(VIEWPORT)


def _chinese_in_panel(page: Page) -> list[str]:
    """The English check (test_english.FIND) over the panel alone: the rest of the visit's page
    is another test's."""
    scope = "document.querySelector('[data-testid=prescribe-panel]')"
    return page.evaluate(FIND.replace("document.querySelectorAll(", f"{scope}.querySelectorAll(")
                         .replace("document.body", scope))


def _language(page: Page, option: str) -> None:
    page.get_by_test_id("lang-switch").click()
    page.get_by_test_id(f"lang-option-{option}").click()


def test_a_doctor_prescribes_in_an_open_visit(live_server: LiveServer, new_page, artifacts):
    visit_id = _open_visit(live_server)
    doctor_account = live_server.account(DOCTOR)
    page = new_page()
    sign_in(page, doctor_account)
    page.goto(f"/clinic/visits/{visit_id}")
    panel = page.get_by_test_id("prescribe-panel")
    expect(panel).to_be_visible()
    # The diagnosis is the visit's to start with.
    expect(panel.get_by_test_id("prescribe-icd10")).to_have_value("I10")
    expect(panel.get_by_test_id("prescribe-list")).to_have_count(0)
    expect(page.get_by_test_id("prescribe-list")).to_contain_text("尚未开具处方")
    sign = panel.get_by_test_id("prescribe-sign")
    expect(sign).to_be_disabled()
    expect(panel.get_by_test_id("prescribe-blocked")).to_contain_text("请添加药品")

    # Nifedipine for 10 days: more than 7 days' supply is refused, with the rule's source.
    _add(page, "xbdp", "YP0002")
    line = panel.get_by_test_id("prescribe-line-1")
    expect(line).to_contain_text("硝苯地平控释片")
    expect(panel.get_by_test_id("prescribe-line-1-route")).to_contain_text("口服")
    _line(page, 1, "30", "qd 每日一次", 10)
    refusal = line.get_by_test_id("prescribe-refusal")
    expect(refusal).to_have_attribute("data-code", "days-over-limit")
    expect(refusal).to_contain_text("处方一般不得超过7日用量（本行10日）")
    expect(refusal).to_contain_text("依据：处方管理办法 第十九条")
    # The same class as the amlodipine in her record: a warning to decide on.
    warning = line.get_by_test_id("prescribe-warning")
    expect(warning).to_have_attribute("data-code", "duplicate-therapy")
    expect(warning).to_contain_text("苯磺酸氨氯地平片")
    expect(line.get_by_test_id("prescribe-line-1-quote")).to_contain_text("共 2盒")
    blocked = panel.get_by_test_id("prescribe-blocked")
    expect(blocked).to_contain_text("有 1 项不符合规定")
    expect(blocked).to_contain_text("有 1 条用药提醒尚未说明保留理由或删除")
    expect(sign).to_be_disabled()
    _shots(page, artifacts, "refused")

    # The same in English, then in elderly mode on a phone.
    _language(page, "en")
    expect(refusal).to_contain_text("At most 7 days’ supply (10 on this line)")
    expect(refusal).to_contain_text("Source: Prescription Administration Measures, Article 19")
    _shots(page, artifacts, "refused-en")
    shown_in_chinese = _chinese_in_panel(page)
    assert shown_in_chinese == [], "\n".join(shown_in_chinese)
    _language(page, "zh-CN")
    expect(refusal).to_contain_text("依据：处方管理办法 第十九条")
    page.get_by_test_id("elderly-toggle").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\belderly\b"))
    page.set_viewport_size(PHONE)
    _settle(page)
    panel.screenshot(path=str(artifacts / "prescribing-refused-elderly-phone.png"))
    page.set_viewport_size(VIEWPORT)
    page.get_by_test_id("elderly-toggle").click()

    # Seven days: nothing refused; the warning still waits on the doctor.
    days = page.get_by_test_id("prescribe-line-1-days").locator("input")
    days.fill("7")
    days.blur()
    expect(line.get_by_test_id("prescribe-refusal")).to_have_count(0)
    expect(line.get_by_test_id("prescribe-line-1-quote")).to_contain_text("共 1盒")
    expect(blocked).to_contain_text("有 1 条用药提醒")
    expect(sign).to_be_disabled()

    # A validity of 2 days needs a note (处方管理办法 第十八条): refused at the top until given.
    panel.get_by_test_id("prescribe-options").get_by_text("更多选项").click()
    validity = panel.get_by_test_id("prescribe-validity").locator("input")
    validity.fill("2")
    validity.blur()
    top = panel.locator('[data-testid="prescribe-refusal"][data-code="validity-note-missing"]')
    expect(top).to_contain_text("有效期延长至 2 天，须注明理由")
    expect(top).to_contain_text("依据：处方管理办法 第十八条")
    panel.get_by_test_id("prescribe-chronic").click()
    panel.get_by_test_id("prescribe-long-term").click()
    panel.get_by_test_id("prescribe-child").click()
    _shots(page, artifacts, "options")
    for box in ("prescribe-long-term", "prescribe-chronic", "prescribe-child"):
        panel.get_by_test_id(box).click()
    panel.get_by_test_id("prescribe-validity-note").fill("患者居住偏远，需到村卫生室取药")
    expect(top).to_have_count(0)
    validity.fill("1")
    validity.blur()
    expect(panel.get_by_test_id("prescribe-validity-note")).to_have_count(0)

    # Amoxicillin: the record's penicillin allergy; the doctor removes it.
    _add(page, "amxl", "YP0096")
    _line(page, 2, "500", "tid 每日三次", 5)
    second = panel.get_by_test_id("prescribe-line-2")
    allergy = second.locator('[data-testid="prescribe-warning"][data-code="allergy"]')
    expect(allergy).to_contain_text("患者对青霉素过敏")
    expect(blocked).to_contain_text("有 2 条用药提醒")
    _shots(page, artifacts, "warnings")
    allergy.get_by_role("button", name="删除此药").click()
    expect(panel.get_by_test_id("prescribe-line-2")).to_have_count(0)

    # The nifedipine kept, saying why: signing asks the password first.
    panel.get_by_test_id("prescribe-warning-1-reason").fill(KEEP)
    expect(blocked).to_have_count(0)
    expect(panel.get_by_test_id("prescribe-total")).to_have_text("¥33.60")
    expect(sign).to_be_enabled()
    sign.click()
    confirm_box(page, "确定")
    dialog = page.get_by_test_id("step-up-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_test_id("step-up-password").fill(doctor_account.password)
    dialog.get_by_test_id("step-up-submit").click()

    # Listed under the editor, in review; the editor is empty again.
    item = page.get_by_test_id("prescribe-list-item")
    expect(item).to_have_count(1)
    expect(item).to_have_attribute("data-state", "in_review")
    expect(item.get_by_test_id("prescribe-list-drugs")).to_have_text("硝苯地平控释片")
    expect(item.get_by_test_id("prescribe-list-amount")).to_have_text("¥33.60")
    expect(item).to_contain_text("第 1 版")
    expect(item.get_by_test_id("prescribe-list-open")).to_have_attribute(
        "href", re.compile(r"^/prescriptions/[0-9a-f-]{36}$"))
    expect(panel.get_by_test_id("prescribe-line-1")).to_have_count(0)
    first_id = item.get_attribute("data-id")
    with live_server.api(DOCTOR) as api:
        signed = api.get(f"/pharmacy/prescriptions/{first_id}").json()
    assert [(w["code"], w["line"], w["reason"]) for w in signed["overrides"]] == [
        ("duplicate-therapy", 0, KEEP)]
    assert [(x["dose"], x["frequency"], x["days"], x["quantity"]) for x in signed["lines"]] == [
        (30, "qd", 7, 1)]

    # The pharmacist returns it: the doctor sees why and reissues it changed.
    with live_server.api(PHARMACIST) as api:
        r = api.post(f"/pharmacy/prescriptions/{first_id}/return",
                     json={"codes": ["dose"], "note": RETURN_NOTE})
        assert r.status_code == 200, r.text
    page.reload()
    returned = page.get_by_test_id("prescribe-list-returned")
    expect(returned).to_contain_text("用法、用量不适宜")
    expect(returned).to_contain_text(RETURN_NOTE)
    page.get_by_test_id("prescribe-list-reissue").click()
    expect(panel).to_contain_text("修改后重新开具")
    expect(panel.get_by_test_id("prescribe-line-1")).to_contain_text("硝苯地平控释片")
    expect(panel.get_by_test_id("prescribe-line-1-dose")).to_have_value("30")
    # The reason to keep it comes back with the line.
    expect(panel.get_by_test_id("prescribe-warning-1-reason")).to_have_value(KEEP)
    days = page.get_by_test_id("prescribe-line-1-days").locator("input")
    days.fill("5")
    days.blur()
    expect(blocked).to_contain_text("请填写作废原处方的原因")
    panel.get_by_test_id("prescribe-void-reason").fill(VOID_REASON)
    _shots(page, artifacts, "reissue")
    expect(sign).to_be_enabled()
    sign.click()
    confirm_box(page, "确定")
    # Re-authenticated minutes ago: no password this time.
    expect(page.get_by_test_id("prescribe-list-item")).to_have_count(2)
    newest, old = page.get_by_test_id("prescribe-list-item").all()
    expect(newest).to_have_attribute("data-state", "in_review")
    expect(newest).to_contain_text("第 2 版")
    expect(old).to_have_attribute("data-state", "voided")
    expect(page.get_by_test_id("step-up-dialog")).not_to_be_visible()

    # The doctor voids version 2, saying why.
    newest.get_by_test_id("prescribe-list-void").click()
    void = page.get_by_test_id("action-dialog-void")
    void.get_by_test_id("action-text").fill("患者决定暂不调整用药")
    void.get_by_test_id("action-dialog-void-submit").click()
    expect(newest).to_have_attribute("data-state", "voided")
    expect(page.get_by_test_id("prescribe-list-void")).to_have_count(0)
    _settle(page)
    page.screenshot(path=str(artifacts / "prescribing-visit.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)
    page.get_by_test_id("prescribe-list").screenshot(
        path=str(artifacts / "prescribing-list-phone.png"))
