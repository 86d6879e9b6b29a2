"""Browser test of a remote consultation (远程会诊), single-specialty, from the application to
the report the inviting doctor reads: four people in four browser contexts, each step taken on
the page the way its user would take it.

The demo sets the stage: a village doctor at 东坪村卫生室 whose patient is 王秀兰, the county
hospital's office (coordinator) and its 心血管内科专业 head (a specialist with free times on the
next working days). The demo's own case for 李明 is left alone: the test follows its case by id.
"""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import LiveServer, skip_reason
from tests.e2e.pages import choose, confirm_box, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

VILLAGE_DOCTOR, OFFICE, HEAD, PATIENT = (
    "villageA1a_doctor", "countyA_coordinator", "countyA_doctor", "patient_demo")
PATIENT_NAME = "王秀兰"
COUNTY_HOSPITAL = "星沙中心医院"
DEPARTMENT = "心血管内科专业"
OPINION = "考虑高血压性心脏病、稳定型心绞痛，建议转诊县医院心内科行冠脉CTA检查。"
CASE_NUMBER = re.compile(r"^HZ\d{8}-\d{4}$")
REPORT_NUMBER = re.compile(r"HZBG\d{8}-\d{4}")


# ---------------------------------------------------------------- helpers


def state(page: Page) -> Locator:
    return page.get_by_test_id("consultation-header").get_by_test_id("consultation-state")


def take_step(page: Page, action: str) -> Locator:
    """Clicks the step's button in the action bar; returns its dialog."""
    page.get_by_test_id(f"action-{action}").click()
    dialog = page.get_by_test_id(f"action-dialog-{action}")
    expect(dialog).to_be_visible()
    return dialog


def open_from_list(page: Page, consultation_id: str, number: str, tab: str,
                   listed_as: str) -> None:
    """From the menu to the consultations list (on ``tab``), where the case shows in the state
    ``listed_as``, then the case by its number."""
    page.get_by_test_id("nav-consultations").click()
    page.get_by_test_id("consultation-tabs").get_by_role("tab", name=tab).click()
    link = page.locator(
        f'[data-testid="consultation-row"][data-consultation-id="{consultation_id}"]')
    expect(link).to_have_text(number)
    row = page.locator("tr", has=link)
    expect(row).to_contain_text(PATIENT_NAME)
    expect(row.get_by_test_id("consultation-state")).to_have_text(listed_as)
    link.click()
    expect(page.get_by_test_id("consultation-number")).to_have_text(number)


def settle(page: Page) -> None:
    """Before a screenshot: fonts loaded, no loading mask, no toast, no running transition."""
    page.evaluate("document.fonts.ready.then(() => true)")
    expect(page.locator(".el-loading-mask")).to_have_count(0)
    expect(page.locator(".el-message")).to_have_count(0, timeout=8_000)
    page.wait_for_function(
        "document.getAnimations().every(a => a.playState !== 'running')", timeout=5_000)


# ---------------------------------------------------------------- the walk


def test_apply_route_assign_book_report_and_read(live_server: LiveServer, new_page, artifacts):
    doctor, office, head, patient = (live_server.account(u) for u in
                                     (VILLAGE_DOCTOR, OFFICE, HEAD, PATIENT))
    with live_server.api(doctor.username) as api:
        found = api.get("/patients", params={"q": PATIENT_NAME}).json()["items"]
    patient_id = next(p["id"] for p in found if p["name"] == PATIENT_NAME)

    # 1. The village doctor applies from the patient's record.
    village = new_page()
    sign_in(village, doctor)
    village.goto(f"/patients/{patient_id}")
    expect(village.get_by_test_id("record-name")).to_have_text(PATIENT_NAME)
    village.get_by_test_id("record-apply-consultation").click()
    form = village.get_by_test_id("consultation-apply-form")
    expect(form).to_be_visible()
    expect(form.get_by_test_id("apply-patient")).to_contain_text(PATIENT_NAME)
    form.get_by_test_id("apply-kind").get_by_text("单学科会诊").click()
    form.get_by_test_id("apply-urgency").get_by_text("普通").click()
    choose(village, form.get_by_test_id("apply-invited-org"), COUNTY_HOSPITAL)
    form.get_by_test_id("apply-reason").fill("高血压多年，近 2 周活动后胸闷，村卫生室处理效果不佳")
    form.get_by_test_id("apply-purpose").fill("明确胸闷原因，调整降压方案，评估是否需要转诊")
    form.get_by_test_id("apply-summary").fill(
        "女，65 岁。高血压 10 年、2 型糖尿病 6 年，规律服药。近 2 周快走或上坡后胸闷，休息 "
        "3–5 分钟缓解。血压 158/96 mmHg，心率 78 次/分。心电图：窦性心律，ST-T 改变。")
    form.get_by_test_id("apply-icd10").fill("i10")
    form.get_by_test_id("apply-diagnosis-text").fill("原发性高血压")
    form.get_by_test_id("apply-specialty").fill("心血管内科")
    form.get_by_test_id("apply-consent-by").get_by_text("患者本人").click()
    form.get_by_test_id("apply-consent-name").fill(PATIENT_NAME)
    # The consent time starts at "now" (the form's default): given just before applying.
    expect(form.get_by_role("combobox", name="签署时间")).to_have_value(
        re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$"))
    form.get_by_test_id("apply-submit").click()

    number_el = village.get_by_test_id("consultation-number")
    expect(number_el).to_have_text(CASE_NUMBER)
    number = number_el.inner_text().strip()
    consultation_id = re.search(r"/consultations/([0-9a-f-]{36})", village.url).group(1)
    expect(state(village)).to_have_text("已申请")
    expect(village.get_by_test_id("consultation-patient")).to_have_text(PATIENT_NAME)

    # 2. The county hospital's office routes it to cardiology.
    desk = new_page()
    sign_in(desk, office)
    open_from_list(desk, consultation_id, number, "待处理", "已申请")
    expect(state(desk)).to_have_text("已申请")
    dialog = take_step(desk, "route")
    choose(desk, dialog.get_by_test_id("action-department"), DEPARTMENT)
    dialog.get_by_test_id("action-dialog-route-submit").click()
    expect(dialog).to_be_hidden()
    expect(state(desk)).to_have_text("已分诊")

    # 3. The department's head takes the case himself.
    expert = new_page()
    sign_in(expert, head)
    open_from_list(expert, consultation_id, number, "待处理", "已分诊")
    expect(state(expert)).to_have_text("已分诊")
    dialog = take_step(expert, "assign")
    choose(expert, dialog.get_by_test_id("action-expert"), head.display_name)
    dialog.get_by_test_id("action-dialog-assign-submit").click()
    expect(dialog).to_be_hidden()
    expect(state(expert)).to_have_text("已安排专家")
    expect(expert.get_by_test_id("consultation-expert")).to_have_text(head.display_name)

    # 4. The village doctor books one of the expert's free times.
    village.reload()
    expect(state(village)).to_have_text("已安排专家")
    dialog = take_step(village, "book")
    slot = dialog.get_by_test_id("slot-option").first
    expect(slot).to_be_visible()
    slot.click()
    expect(dialog.get_by_test_id("action-slot-chosen")).to_contain_text("已选")
    dialog.get_by_test_id("action-dialog-book-submit").click()
    expect(dialog).to_be_hidden()
    expect(state(village)).to_have_text("已预约")
    expect(village.get_by_test_id("consultation-starts-at")).to_have_text(re.compile(r"\d{2}:\d{2}"))

    # 5. The expert writes the report and signs it.
    expert.reload()
    expect(state(expert)).to_have_text("已预约")
    expert.get_by_test_id("action-publish").click()  # leads to the report tab
    editor = expert.get_by_test_id("report-editor")
    expect(editor).to_be_visible()
    editor.get_by_test_id("report-findings").fill(
        "活动后胸闷，休息可缓解；静息心电图 ST-T 改变；血压控制未达标，合并 2 型糖尿病。")
    row = editor.get_by_test_id("report-diagnosis")
    expect(row).to_have_count(1)
    # The row starts from the applicant's working diagnosis (upper-cased on submit).
    expect(row.get_by_test_id("report-diagnosis-code")).to_have_value("I10")
    row.get_by_test_id("report-diagnosis-code").fill("I11.9")
    row.get_by_test_id("report-diagnosis-name").fill("高血压性心脏病")
    editor.get_by_test_id("report-opinion-input").fill(OPINION)
    editor.get_by_test_id("report-recommendations-input").fill(
        "氨氯地平 5 mg 每日一次；阿司匹林 100 mg 每日一次；两周内县医院心内科门诊就诊。")
    editor.get_by_test_id("report-referral").click()
    editor.get_by_test_id("report-publish").click()
    confirm_box(expert, "签发")
    report = expert.get_by_test_id("consultation-report")
    expect(report).to_have_count(1)
    expect(report).to_contain_text(REPORT_NUMBER)
    expect(report.get_by_test_id("report-opinion")).to_have_text(OPINION)
    expect(state(expert)).to_have_text("已出报告")
    expect(editor).to_have_count(0)
    settle(expert)
    expert.screenshot(path=str(artifacts / "consultation-report-zh.png"), full_page=True)
    report_number = REPORT_NUMBER.search(report.inner_text()).group(0)

    # 6. The village doctor reads it, downloads the signed PDF and acknowledges it.
    village.reload()
    expect(state(village)).to_have_text("已出报告")
    village.get_by_test_id("consultation-tabs").get_by_role("tab", name="会诊报告").click()
    read = village.get_by_test_id("consultation-report")
    expect(read.get_by_test_id("report-opinion")).to_have_text(OPINION)
    expect(read).to_contain_text(report_number)
    expect(read).to_contain_text("I11.9 高血压性心脏病")
    expect(read).to_contain_text("建议转诊")
    expect(village.get_by_test_id("report-editor")).to_have_count(0)
    link = read.get_by_test_id("report-pdf")
    expect(link).to_have_text("下载 PDF")
    with village.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"{report_number}.pdf"
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    check = httpx.post(f"{live_server.api_url}/documents/verify", content=pdf,
                       headers={"Content-Type": "application/pdf"}, trust_env=False,
                       timeout=20.0)
    assert check.status_code == 200, check.text
    verdict = check.json()
    assert verdict["authentic"] is True, verdict
    assert verdict["number"] == report_number
    assert COUNTY_HOSPITAL in verdict["issuer"]

    village.get_by_test_id("action-acknowledge").click()
    confirm_box(village, "确定")
    expect(state(village)).to_have_text("已完成")
    # No step is left; the report advises referral, so the hand-off is what the page offers.
    actions = village.get_by_test_id("consultation-actions")
    expect(actions.get_by_role("button")).to_have_count(1)
    expect(village.get_by_test_id("consultation-refer")).to_have_text("发起转诊")
    # Every step is on the timeline, in order, with who took it.
    village.get_by_test_id("consultation-tabs").get_by_role("tab", name="时间线").click()
    steps = village.get_by_test_id("consultation-step")
    expect(steps).to_have_count(6)
    assert [steps.nth(i).get_attribute("data-action") for i in range(6)] == [
        "apply", "route", "assign", "book", "publish", "acknowledge"]
    expect(steps.nth(1)).to_contain_text("分诊到科室")
    expect(steps.nth(1)).to_contain_text(office.display_name)
    expect(steps.nth(4)).to_contain_text(head.display_name)

    # 7. The patient sees the report among her consultations.
    own = new_page()
    sign_in(own, patient)
    own.get_by_test_id("nav-my-consultations").click()
    mine = own.locator(f'[data-testid="my-consultation"][data-consultation-id="{consultation_id}"]')
    expect(mine.get_by_test_id("consultation-state")).to_have_text("已完成")
    mine.get_by_text("单学科会诊").click()
    expect(mine).to_contain_text(number)
    expect(mine.get_by_test_id("report-opinion")).to_have_text(OPINION)
    expect(mine.get_by_test_id("report-pdf")).to_be_visible()
