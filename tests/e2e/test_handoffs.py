"""Browser test of the hand-offs around a consultation: the expert starts the session a day
early (the page asks once more, saying the booked time) and lands in the video room; the report
advises referral, and the village doctor's 发起转诊 opens the referral form filled from the
consultation, the consent signed by the patient carrying the patient's name.

The case is brought to its booking through the API (the consultation test walks those pages):
the demo's village doctor at 东坪村卫生室, patient 王秀兰, the county hospital's office and its
心血管内科专业 head with free times on the next working days.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LiveServer, skip_reason
from tests.e2e.pages import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

VILLAGE_DOCTOR, OFFICE, HEAD = "villageA1a_doctor", "countyA_coordinator", "countyA_doctor"
PATIENT_NAME = "王秀兰"
COUNTY_HOSPITAL = "星沙中心医院"
DEPARTMENT = "心血管内科专业"
OPINION = "考虑不稳定型心绞痛，建议尽快转诊县医院心内科行冠脉造影。"


def _booked(live_server: LiveServer) -> str:
    """A single consultation at the county hospital, routed, assigned and booked."""
    with live_server.api(VILLAGE_DOCTOR) as village, live_server.api(OFFICE) as office, \
            live_server.api(HEAD) as head:
        patient = next(p for p in village.get("/patients", params={"q": PATIENT_NAME}).json()[
            "items"] if p["name"] == PATIENT_NAME)
        county = next(o for o in village.get("/referrals/targets").json()
                      if COUNTY_HOSPITAL in o["name"])
        r = village.post("/consultations", json={
            "kind": "single", "patient_id": patient["id"], "invited_org_id": county["organisation_id"],
            "reason": "活动后胸闷两周，村卫生室处理效果不佳", "purpose": "明确诊断，评估是否转诊",
            "summary": "女，65 岁，高血压 10 年；近 2 周活动后胸闷，休息可缓解。",
            "diagnosis_icd10": "I20.9", "diagnosis_text": "心绞痛？", "wanted_specialty": "心血管内科",
            "consent": {"by": "patient", "name": PATIENT_NAME,
                        "at": datetime.now(UTC).isoformat()}})
        assert r.status_code == 201, r.text
        cid = r.json()["id"]
        dept = next(d for d in office.get(f"/consultations/{cid}/departments").json()
                    if d["name"] == DEPARTMENT)
        assert office.post(f"/consultations/{cid}/route",
                           json={"department_id": dept["id"]}).status_code == 200
        me = head.get("/auth/me").json()["id"]
        assert head.post(f"/consultations/{cid}/assign", json={"expert_id": me}).status_code == 200
        free = village.get("/availability", params={"user_id": me, "free": "true"}).json()
        r = village.post(f"/consultations/{cid}/book", json={"slot_id": free[0]["id"]})
        assert r.status_code == 200, r.text
        return cid


def test_start_early_then_refer_from_the_report(live_server: LiveServer, new_page):
    cid = _booked(live_server)

    # The expert starts the session the day before: asked, told the booked time, asked again.
    expert = new_page()
    sign_in(expert, live_server.account(HEAD))
    expert.goto(f"/consultations/{cid}")
    expert.get_by_test_id("action-start").click()
    box = expert.locator(".el-message-box")
    expect(box).to_contain_text("通知所有参会人")
    box.get_by_role("button", name="确定").click()
    off_time = expert.locator(".el-message-box", has_text="会诊预约时间为")
    off_time.get_by_role("button", name="仍然开始").click()
    expect(box).to_have_count(0)
    expect(expert.get_by_test_id("video-panel")).to_be_visible()
    expect(expert).to_have_url(f"{live_server.base_url}/consultations/{cid}?tab=conversation")

    with live_server.api(HEAD) as head:
        r = head.put(f"/consultations/{cid}/draft", json={
            "findings": "静息心电图 ST-T 改变。", "opinion": OPINION,
            "diagnoses": [{"code": "I20.0", "name": "不稳定型心绞痛"}],
            "recommendations": "两周内县医院心内科就诊。", "referral_advised": True})
        assert r.status_code == 200, r.text
        assert head.post(f"/consultations/{cid}/publish", json={}).status_code == 200

    # The village doctor sees the session was on, then refers from the report.
    village = new_page()
    sign_in(village, live_server.account(VILLAGE_DOCTOR))
    village.goto(f"/consultations/{cid}")
    village.get_by_test_id("consultation-refer").click()
    form = village.get_by_test_id("referral-create-form")
    expect(form.get_by_test_id("create-from-consultation")).to_be_visible()
    expect(form.get_by_test_id("create-patient")).to_contain_text(PATIENT_NAME)
    expect(form.get_by_test_id("create-target")).to_contain_text(COUNTY_HOSPITAL)
    expect(form.get_by_test_id("create-icd10")).to_have_value("I20.0")
    expect(form.get_by_test_id("create-summary")).to_have_value(re.compile(re.escape(OPINION)))
    # Signed by the patient: the patient's name; a guardian's is typed.
    name = form.get_by_test_id("create-consent-name")
    expect(name).to_have_value(PATIENT_NAME)
    form.get_by_test_id("create-consent-by").get_by_text("监护人或近亲属").click()
    expect(name).to_have_value("")
    form.get_by_test_id("create-consent-by").get_by_text("患者本人").click()
    expect(name).to_have_value(PATIENT_NAME)
