"""Browser test of two-way referral (双向转诊), one whole loop: the village doctor refers a patient
up to the county hospital, its referral office reserves a bed and confirms the arrival, the
cardiologist records the treatment and returns the patient to the village with medicines and a
follow-up, and the village doctor takes the patient back: four people in four browser contexts,
each step taken on the page the way its user would take it, and one timeline at the end that
both ends read.

The demo sets the stage: 东坪村卫生室's doctor and patient 王秀兰; the village's parent is the
township health centre, so going straight to the county hospital (an agreement covers it) needs
a reason for skipping the level. The demo's own referrals (张桂英, 周建华) are left alone: the
test follows its own referral by id.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import LiveServer, skip_reason
from tests.e2e.pages import choose, confirm_box, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

VILLAGE_DOCTOR, OFFICE, CARDIOLOGIST = (
    "villageA1a_doctor", "countyA_coordinator", "countyA_doctor")
PATIENT_NAME = "王秀兰"
COUNTY_HOSPITAL = "星沙中心医院"
VILLAGE_CLINIC = "东坪村卫生室"
DEPARTMENT = "心血管内科专业"
BED = "心血管内科病区 8 床"
OUTCOME = "冠脉造影示前降支中段狭窄 70%，植入支架 1 枚，术后无胸痛，好转出院。"
FOLLOW_UP = "出院后一周随访：血压、心率、胸痛症状"
NUMBER = re.compile(r"^ZZ\d{8}-\d{4}$")
# In time order; the village taking the patient back closes the loop (the last step).
LOOP = ["request", "accept", "arrive", "treat", "request", "accept", "return"]


# ---------------------------------------------------------------- helpers


def pick(page: Page, select: Locator, option: str) -> None:
    """Picks an option of a select that loads its options (organisations, departments): while
    it loads, a mask covers it and takes the click."""
    expect(select.locator(".el-loading-mask")).to_have_count(0)
    choose(page, select, option)


def state(page: Page) -> Locator:
    return page.get_by_test_id("referral-header").get_by_test_id("referral-state")


def take_step(page: Page, action: str) -> Locator:
    """Clicks the step's button in the action bar; returns its dialog."""
    page.get_by_test_id(f"action-{action}").click()
    dialog = page.get_by_test_id(f"action-dialog-{action}")
    expect(dialog).to_be_visible()
    return dialog


def submit(dialog: Locator, action: str) -> None:
    dialog.get_by_test_id(f"action-dialog-{action}-submit").click()
    expect(dialog).to_be_hidden()


def open_from_list(page: Page, referral_id: str, number: str, tab: str, listed_as: str) -> None:
    """From the menu to 双向转诊 (on ``tab``), where the referral shows in the state
    ``listed_as``, then the referral by its number."""
    page.get_by_test_id("nav-referrals").click()
    page.get_by_test_id("referral-tabs").get_by_role("tab", name=tab).click()
    link = page.locator(f'[data-testid="referral-row"][data-referral-id="{referral_id}"]')
    expect(link).to_have_text(number)
    row = page.locator("tr", has=link)
    expect(row).to_contain_text(PATIENT_NAME)
    expect(row.get_by_test_id("referral-state")).to_have_text(listed_as)
    link.click()
    expect(page.get_by_test_id("referral-number")).to_have_text(number)


def referral_id(page: Page) -> str:
    return re.search(r"/referrals/([0-9a-f-]{36})", page.url).group(1)


def loop_steps(page: Page) -> Locator:
    steps = page.get_by_test_id("referral-timeline").get_by_test_id("referral-step")
    expect(steps).to_have_count(len(LOOP))
    return steps


def tomorrow_morning() -> str:
    """Nine o'clock tomorrow, Beijing time, as the date picker shows it."""
    day = datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=1)
    return f"{day:%Y-%m-%d} 09:00"


# ---------------------------------------------------------------- the loop


def test_refer_up_accept_with_a_bed_arrive_treat_and_return_to_the_village(
        live_server: LiveServer, new_page):
    doctor, office, cardiologist = (live_server.account(u) for u in
                                    (VILLAGE_DOCTOR, OFFICE, CARDIOLOGIST))
    with live_server.api(doctor.username) as api:
        found = api.get("/patients", params={"q": PATIENT_NAME}).json()["items"]
    patient_id = next(p["id"] for p in found if p["name"] == PATIENT_NAME)

    # 1. The village doctor refers the patient from her record, straight to the county
    # hospital's cardiology: a level skipped, so with a reason.
    village = new_page()
    sign_in(village, doctor)
    village.goto(f"/patients/{patient_id}")
    expect(village.get_by_test_id("record-name")).to_have_text(PATIENT_NAME)
    village.get_by_test_id("record-refer").click()
    form = village.get_by_test_id("referral-create-form")
    expect(form).to_be_visible()
    expect(form.get_by_test_id("create-patient")).to_contain_text(PATIENT_NAME)
    pick(village, form.get_by_test_id("create-target"), COUNTY_HOSPITAL)
    expect(form.get_by_test_id("create-target-level")).to_contain_text("跨级")
    expect(form.get_by_test_id("create-skip-warning")).to_contain_text("跨级理由")
    form.get_by_test_id("create-skip-reason").fill("镇卫生院无冠脉造影条件，经县医院心内科同意直接收治")
    pick(village, form.get_by_test_id("create-department"), DEPARTMENT)
    form.get_by_test_id("create-reason").fill("反复劳力性胸痛，近日静息发作，需住院行冠脉造影")
    form.get_by_test_id("create-icd10").fill("i20.0")
    form.get_by_test_id("create-diagnosis-text").fill("不稳定型心绞痛")
    form.get_by_test_id("create-summary").fill(
        "女，65 岁。高血压 11 年、2 型糖尿病 7 年。劳力性胸骨后压迫感 10 天，昨夜静息发作 "
        "10 分钟。心电图 V4–V6 导联 ST 段压低 0.1 mV。")
    form.get_by_test_id("create-treatment").fill("阿司匹林 100 mg 嚼服，硝酸甘油 0.5 mg 舌下含服后缓解。")
    form.get_by_test_id("create-consent-by").get_by_text("患者本人").click()
    form.get_by_test_id("create-consent-name").fill(PATIENT_NAME)
    form.get_by_test_id("create-submit").click()

    number_el = village.get_by_test_id("referral-number")
    expect(number_el).to_have_text(NUMBER)
    number = number_el.inner_text().strip()
    up_id = referral_id(village)
    expect(state(village)).to_have_text("待接收")
    expect(village.get_by_test_id("referral-patient")).to_have_text(PATIENT_NAME)
    expect(village.get_by_test_id("referral-target")).to_contain_text(COUNTY_HOSPITAL)
    expect(village.get_by_test_id("referral-header")).to_contain_text("镇卫生院无冠脉造影条件")

    # 2. The county hospital's referral office accepts it and reserves a bed for tomorrow.
    desk = new_page()
    sign_in(desk, office)
    open_from_list(desk, up_id, number, "转入", "待接收")
    dialog = take_step(desk, "accept")
    dialog.get_by_test_id("accept-reservation").get_by_text("预留床位").click()
    when = dialog.get_by_test_id("accept-at").locator("input")
    when.fill(tomorrow_morning())
    when.press("Enter")
    dialog.get_by_test_id("accept-place").fill(BED)
    dialog.get_by_test_id("accept-note").fill("请携带既往心电图及化验单，空腹入院")
    submit(dialog, "accept")
    expect(state(desk)).to_have_text("已接收")
    card = desk.get_by_test_id("referral-reservation")
    expect(card.get_by_test_id("reservation-kind")).to_have_text("预留床位")
    expect(card.get_by_test_id("reservation-when")).to_have_text(tomorrow_morning())
    expect(card.get_by_test_id("reservation-where")).to_contain_text(BED)

    # The village doctor sees the bed (the page follows the referral's events).
    expect(state(village)).to_have_text("已接收")
    expect(village.get_by_test_id("reservation-where")).to_contain_text(BED)

    # 3. The patient comes: the office confirms the arrival.
    desk.get_by_test_id("action-arrive").click()
    confirm_box(desk, "确定")
    expect(state(desk)).to_have_text("已到院")

    # 4. The cardiologist records the treatment, then sends her back to the village.
    ward = new_page()
    sign_in(ward, cardiologist)
    open_from_list(ward, up_id, number, "转入", "已到院")
    dialog = take_step(ward, "treat")
    dialog.get_by_test_id("action-text").fill(OUTCOME)
    submit(dialog, "treat")
    expect(state(ward)).to_have_text("已诊治")
    expect(ward.get_by_test_id("reservation-outcome")).to_have_text(OUTCOME)
    ward.get_by_test_id("referral-return").click()

    form = ward.get_by_test_id("referral-create-form")
    expect(form.get_by_test_id("create-closes-up")).to_contain_text(number)
    expect(form.get_by_test_id("create-patient-fixed")).to_have_text(PATIENT_NAME)
    # The way back starts from the up-referral: the village it came from, its diagnosis, and
    # the treatment's outcome.
    expect(form.get_by_test_id("create-target")).to_contain_text(VILLAGE_CLINIC)
    expect(form.get_by_test_id("create-icd10")).to_have_value("I20.0")
    expect(form.get_by_test_id("create-treatment")).to_have_value(OUTCOME)
    form.get_by_test_id("create-reason").fill("术后病情稳定，转回村卫生室继续康复与随访")
    form.get_by_test_id("create-summary").fill(
        "出院小结：不稳定型心绞痛，冠脉造影示前降支中段狭窄 70%，植入支架 1 枚。出院时无胸痛，"
        "血压 128/76 mmHg，心率 68 次/分。")
    form.get_by_test_id("create-add-medication").click()
    medicine = form.get_by_test_id("create-medication")
    expect(medicine).to_have_count(1)
    medicine.get_by_placeholder("药品").fill("替格瑞洛片")
    medicine.get_by_placeholder("剂量").fill("90 mg")
    medicine.get_by_placeholder("频次").fill("每日两次")
    form.get_by_test_id("create-follow-up-plan").fill("双联抗血小板 12 个月，不可自行停药；低盐低脂饮食。")
    follow_up = form.get_by_test_id("create-follow-up")
    expect(follow_up).to_have_count(1)
    follow_up.get_by_placeholder("随访内容").fill(FOLLOW_UP)
    follow_up.get_by_placeholder("说明（可选）").fill("询问有无出血、胸痛，核对用药")
    form.get_by_test_id("create-consent-name").fill(PATIENT_NAME)
    form.get_by_test_id("create-submit").click()

    expect(ward.get_by_test_id("referral-number")).not_to_have_text(number)
    expect(ward.get_by_test_id("referral-number")).to_have_text(NUMBER)
    back_number = ward.get_by_test_id("referral-number").inner_text().strip()
    back_id = referral_id(ward)
    expect(state(ward)).to_have_text("待接收")
    expect(ward.get_by_test_id("referral-direction")).to_have_text("下转")
    expect(ward.get_by_test_id("link-up")).to_contain_text(number)

    # 5. The village doctor takes the patient back.
    open_from_list(village, back_id, back_number, "转入", "待接收")
    dialog = take_step(village, "accept")
    submit(dialog, "accept")
    expect(state(village)).to_have_text("已接收")

    # 6. The whole loop on one timeline, in time order across both referrals.
    village.get_by_test_id("link-up").click()
    expect(village.get_by_test_id("referral-number")).to_have_text(number)
    expect(state(village)).to_have_text("已转回基层")
    steps = loop_steps(village)
    assert [steps.nth(i).get_attribute("data-action") for i in range(len(LOOP))] == LOOP
    assert [steps.nth(i).get_attribute("data-number") for i in range(len(LOOP))] == [
        number] * 4 + [back_number, back_number, number]
    expect(steps.nth(0)).to_contain_text(doctor.display_name)
    expect(steps.nth(1)).to_contain_text(office.display_name)
    expect(steps.nth(1)).to_contain_text(BED)
    expect(steps.nth(2)).to_contain_text(office.display_name)
    expect(steps.nth(3)).to_contain_text(OUTCOME)
    expect(steps.nth(3)).to_contain_text(cardiologist.display_name)
    expect(steps.nth(5)).to_contain_text(doctor.display_name)
    expect(steps.nth(6)).to_contain_text("转回基层")

    # The office reads the same loop.
    desk.reload()
    expect(state(desk)).to_have_text("已转回基层")
    theirs = loop_steps(desk)
    assert [theirs.nth(i).inner_text() for i in range(len(LOOP))] == [
        steps.nth(i).inner_text() for i in range(len(LOOP))]

    # 7. The follow-up is the village doctor's task now.
    village.get_by_test_id("nav-followup").click()
    task = village.get_by_test_id("followup-row").filter(has_text=FOLLOW_UP)
    expect(task).to_have_count(1)
    row = village.locator("tr", has=task)
    expect(row).to_contain_text(PATIENT_NAME)
    expect(row).to_contain_text(doctor.display_name)
    expect(row.get_by_test_id("followup-complete")).to_be_visible()
