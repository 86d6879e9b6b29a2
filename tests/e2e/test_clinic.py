"""Browser test of the online clinic's schedule (在线复诊排班): the demo patient finds a
provincial cardiologist by the symptom 胸闷 on a phone, opens the card and sees a session with
free times and the fee; the county hospital's administrator sees its sessions and adds one.
Screenshots (zh): the patient at 390×844, the administrator on the desktop."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, skip_reason
from tests.e2e.pages import choose, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

PHONE = {"width": 390, "height": 844}
SHANGHAI = ZoneInfo("Asia/Shanghai")
PROVINCIAL = "湖南省湘江人民医院"
DEPARTMENT = "心血管内科专业"
# The demo's fee of a chief physician's video visit (5000 fen).
CHIEF_VIDEO_FEE = "¥50.00"
# The demo gives the county's cardiologist three sessions in the coming week.
COUNTY_SESSIONS = 3


def _county_sessions(live_server: LiveServer) -> int:
    """The county hospital's sessions in the schedule page's first view (today and the next 13
    days): the demo's own, with the provincial cardiologist's session today (多点执业) unless
    the demo was built too late in the day."""
    today = datetime.now(SHANGHAI).date()
    with live_server.api("countyA_admin") as api:
        org = api.get("/auth/me").json()["active_grant"]["organisation_id"]
        r = api.get("/clinic/sessions", params={
            "organisation_id": org, "day_from": today.isoformat(),
            "day_to": (today + timedelta(days=13)).isoformat(), "limit": 100})
        assert r.status_code == 200, r.text
        return len(r.json()["items"])


def _settle(page: Page) -> None:
    expect(page.locator(".el-loading-mask")).to_have_count(0)
    expect(page.locator(".el-message")).to_have_count(0, timeout=8_000)


def test_a_patient_finds_a_doctor_by_symptom_and_the_county_admin_adds_a_session(
        live_server: LiveServer, new_page, artifacts):
    page = new_page()
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.account("patient_demo"))
    page.goto("/clinic")
    page.get_by_test_id("clinic-symptom").fill("胸闷")
    page.get_by_test_id("clinic-search").click()
    suggestion = page.get_by_test_id("clinic-suggestion")
    expect(suggestion).to_contain_text("建议就诊科室（仅供参考，不是诊断）")
    expect(suggestion.get_by_test_id("clinic-suggested-department")).to_contain_text([DEPARTMENT])
    # His card (the demo also gives him a session today at the county hospital: 多点执业).
    doctor = live_server.account("prov_cardio").display_name
    card = page.get_by_test_id("clinic-doctor-card").filter(has_text=doctor).filter(
        has_text=CHIEF_VIDEO_FEE)
    expect(card).to_have_count(1)
    expect(card).to_contain_text("主任医师")
    expect(card.get_by_test_id("clinic-mode")).to_have_text(["视频"])
    expect(card.get_by_test_id("clinic-doctor-next")).to_contain_text("最近可约")
    _settle(page)
    page.screenshot(path=str(artifacts / "clinic-find-phone.png"), full_page=True)

    card.click()
    expect(page).to_have_url(re.compile(r"/clinic/doctors/[0-9a-f-]{36}$"))
    session = page.get_by_test_id("clinic-session").filter(has_text=PROVINCIAL).first
    expect(session.get_by_test_id("clinic-session-fee")).to_have_text(CHIEF_VIDEO_FEE)
    free = session.locator('[data-testid="clinic-slot"][data-free="true"]')
    expect(free).to_have_count(10)
    free.first.click()
    expect(page.get_by_test_id("clinic-book")).to_be_enabled()
    _settle(page)
    page.screenshot(path=str(artifacts / "clinic-doctor-phone.png"), full_page=True)

    admin = new_page()
    sign_in(admin, live_server.account("countyA_admin"))
    admin.get_by_test_id("nav-clinic-schedule").click()
    times = admin.get_by_test_id("clinic-session-time")
    shown = _county_sessions(live_server)
    assert shown >= COUNTY_SESSIONS
    expect(times).to_have_count(shown)
    cardiologist = live_server.account("countyA_doctor").display_name
    expect(admin.get_by_test_id("clinic-sessions")).to_contain_text(cardiologist)

    # The cardiologist's first session is tomorrow morning (the form's default day): the
    # afternoon is free.
    create = admin.get_by_test_id("clinic-create")
    choose(admin, create.get_by_test_id("clinic-create-doctor"), cardiologist)
    choose(admin, create.get_by_test_id("clinic-create-department"), DEPARTMENT)
    create.get_by_test_id("clinic-create-when").get_by_text("下午").click()
    create.get_by_test_id("clinic-create-submit").click()
    expect(admin.locator(".el-message--success").filter(has_text="已新建出诊")).to_be_visible()
    expect(times).to_have_count(shown + 1)
    _settle(admin)
    admin.screenshot(path=str(artifacts / "clinic-schedule-admin.png"), full_page=True)
