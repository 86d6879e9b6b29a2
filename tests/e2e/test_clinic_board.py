"""Browser test of the online clinic's boards: the county hospital's coordinator opens 今日门诊
from the menu and sees the provincial cardiologist's session today with one patient waiting and
no patient named; the village doctor opens the waiting-room screen and sees that patient, her
name masked, first in line. The demo makes today's session only while half an hour of the day
is left (Beijing time): later, both pages say there is nothing today.
Screenshots (zh): each page on the desktop and at 390×844."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VIEWPORT, LiveServer, skip_reason
from tests.e2e.pages import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

PHONE = {"width": 390, "height": 844}
# The demo's patient waiting in today's queue (王秀兰), as the screen shows her.
MASKED = "王*兰"
FULL_NAME = "王秀兰"


def _settle(page: Page) -> None:
    expect(page.locator(".el-loading-mask")).to_have_count(0)
    expect(page.locator(".el-message")).to_have_count(0, timeout=8_000)


def _shots(page: Page, artifacts, name: str) -> None:
    _settle(page)
    page.screenshot(path=str(artifacts / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    _settle(page)
    page.screenshot(path=str(artifacts / f"{name}-phone.png"), full_page=True)
    page.set_viewport_size(VIEWPORT)


def _session_today(live_server: LiveServer) -> bool:
    with live_server.api("countyA_coordinator") as api:
        r = api.get("/clinic/today")
        assert r.status_code == 200, r.text
        return bool(r.json()["sessions"])


def test_the_coordinator_sees_today_and_the_village_screen_shows_the_queue(
        live_server: LiveServer, new_page, artifacts):
    today = _session_today(live_server)
    cardiologist = live_server.account("prov_cardio").display_name

    page = new_page()
    sign_in(page, live_server.account("countyA_coordinator"))
    page.get_by_test_id("nav-clinic-today").click()
    expect(page).to_have_url(f"{live_server.base_url}/clinic/today")
    table = page.get_by_test_id("today-table")
    if today:
        expect(table).to_contain_text(cardiologist)
        expect(page.get_by_test_id("today-status")).to_have_text(["正常出诊"])
        expect(page.get_by_test_id("today-count-waiting")).to_have_text(["1"])
        expect(page.get_by_test_id("today-total-waiting")).to_contain_text("1")
    else:
        expect(table).to_contain_text("今天没有线上门诊")
    expect(page.get_by_test_id("today-updated")).to_contain_text("更新于")
    expect(page.locator("main")).not_to_contain_text(FULL_NAME)
    _shots(page, artifacts, "clinic-today")
    # The phone layout: one card a session.
    page.set_viewport_size(PHONE)
    expect(page.get_by_test_id("today-session")).to_have_count(1 if today else 0)
    page.set_viewport_size(VIEWPORT)

    village = new_page()
    sign_in(village, live_server.account("villageA1a_doctor"))
    village.get_by_test_id("nav-clinic-screen").click()
    expect(village).to_have_url(f"{live_server.base_url}/clinic/screen")
    screen = village.get_by_test_id("queue-screen")
    expect(screen).to_contain_text("候诊大屏")
    if today:
        expect(village.get_by_test_id("screen-patient")).to_have_text([MASKED])
        expect(village.get_by_test_id("screen-position")).to_have_text(["第 1 位"])
        expect(village.get_by_test_id("screen-line")).to_contain_text([cardiologist])
    else:
        expect(village.get_by_test_id("screen-empty")).to_be_visible()
    expect(screen).not_to_contain_text(FULL_NAME)
    _shots(village, artifacts, "clinic-screen")
