"""Browser test of the workbench (工作台): the first screen after signing in shows each person
their next action, and the action opens the case.

Three consultations of the demo's patient 王秀兰, from the demo's village clinic to its county
hospital, are brought through the API to three points: new (waiting for the county's office to
route it), routed to 心血管内科专业 (waiting for its head to name an expert) and assigned
(waiting for the village doctor to book a time). Each of the three signs in and finds their
case on the workbench with the step in words; the department head's list opens on the tab
holding it. Screenshots: desktop and 390×844.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, skip_reason
from tests.e2e.pages import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

VILLAGE_DOCTOR, OFFICE, HEAD, PATIENT = (
    "villageA1a_doctor", "countyA_coordinator", "countyA_doctor", "patient_demo")
DEPARTMENT = "心血管内科专业"
PHONE = {"width": 390, "height": 844}


def _apply(api: httpx.Client, patient_id: str, county_id: str) -> dict:
    now = datetime.now(UTC)
    r = api.post("/consultations", json={
        "kind": "single", "urgency": "routine", "patient_id": patient_id,
        "invited_org_id": county_id, "reason": "血压控制不佳，头晕加重一周",
        "purpose": "调整降压方案", "summary": "女，65岁，高血压、2型糖尿病多年。",
        "diagnosis_icd10": "I10", "diagnosis_text": "原发性高血压",
        "wanted_specialty": "心血管内科", "wanted_title": "chief_physician",
        "preferred_times": [{"start": (now + timedelta(days=1)).isoformat(),
                             "end": (now + timedelta(days=1, hours=3)).isoformat()}],
        "consent": {"by": "patient", "name": "王秀兰", "at": now.isoformat()},
    })
    assert r.status_code == 201, r.text
    return r.json()


def _stage(live_server: LiveServer) -> dict[str, dict]:
    """The three cases: ``office`` new, ``head`` routed, ``village`` assigned."""
    with live_server.api(PATIENT) as api:
        patient_id = api.get("/auth/me").json()["patient"]["id"]
    with live_server.api(HEAD) as api:
        head = api.get("/auth/me").json()
        county_id, head_id = head["active_grant"]["organisation_id"], head["id"]
    with live_server.api(VILLAGE_DOCTOR) as village:
        cases = {who: _apply(village, patient_id, county_id)
                 for who in ("office", "head", "village")}
    with live_server.api(OFFICE) as office:
        departments = office.get(f"/consultations/{cases['head']['id']}/departments").json()
        cardio = next(d["id"] for d in departments if d["name"] == DEPARTMENT)
        for who in ("head", "village"):
            r = office.post(f"/consultations/{cases[who]['id']}/route",
                            json={"department_id": cardio})
            assert r.status_code == 200, r.text
    with live_server.api(HEAD) as api:
        r = api.post(f"/consultations/{cases['village']['id']}/assign",
                     json={"expert_id": head_id})
        assert r.status_code == 200, r.text
    return cases


def _next_action(page: Page, number: str, action: str, label: str) -> None:
    """On the workbench, the case with its step in words; clicking the step opens the case."""
    expect(page.get_by_test_id("workbench-todo")).to_be_visible()
    item = page.locator(f'[data-testid="workbench-todo-item"][data-number="{number}"]')
    expect(item).to_be_visible()
    expect(item).to_contain_text("王秀兰")
    step = item.locator(f'[data-testid="workbench-todo-action"][data-action="{action}"]')
    expect(step).to_have_text(label)


def _settle(page: Page) -> None:
    """Before a screenshot: nothing loading, the welcome toast gone."""
    expect(page.locator(".el-loading-mask")).to_have_count(0)
    expect(page.locator(".el-message")).to_have_count(0, timeout=8_000)


def _opens(page: Page, number: str) -> None:
    page.locator(f'[data-testid="workbench-todo-item"][data-number="{number}"]').get_by_test_id(
        "workbench-todo-action").first.click()
    expect(page).to_have_url(re.compile(r"/consultations/[0-9a-f-]{36}$"))
    expect(page.get_by_test_id("consultation-number")).to_have_text(number)


def test_each_first_screen_shows_the_next_action(live_server: LiveServer, new_page, artifacts):
    cases = _stage(live_server)
    steps = {"office": (OFFICE, "route", "分诊到科室"), "head": (HEAD, "assign", "安排专家"),
             "village": (VILLAGE_DOCTOR, "book", "预约时间")}
    for who, (username, action, label) in steps.items():
        number = cases[who]["number"]
        page = new_page()
        sign_in(page, live_server.account(username))
        _next_action(page, number, action, label)
        # The menu counts what waits for them.
        expect(page.get_by_test_id("nav-badge-consultations")).to_be_visible()
        _settle(page)
        page.screenshot(path=str(artifacts / f"workbench-{who}.png"), full_page=True)
        if who == "office":
            # Live: a new application shows up on the open workbench, nobody reloading.
            with live_server.api(VILLAGE_DOCTOR) as village:
                fresh = _apply(village, cases["office"]["patient_id"],
                               cases["office"]["invited_org_id"])
            _next_action(page, fresh["number"], "route", label)
        if who == "head":
            # A specialist's list would open on "my applications": it opens where his work is.
            page.get_by_test_id("nav-consultations").click()
            expect(page.get_by_test_id("consultation-tabs").locator(".el-tabs__item.is-active")
                   ).to_have_attribute("id", "tab-todo")
            expect(page.locator(f'[data-testid="consultation-row"]'
                                f'[data-consultation-id="{cases[who]["id"]}"]')).to_be_visible()
            page.go_back()
        _opens(page, number)

    # On a phone the workbench is one column and the step still in reach.
    page = new_page()
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.account(VILLAGE_DOCTOR))
    _next_action(page, cases["village"]["number"], "book", "预约时间")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the workbench is {width}px wide on a 390px phone"
    _settle(page)
    page.screenshot(path=str(artifacts / "workbench-village-phone.png"), full_page=True)
    _opens(page, cases["village"]["number"])
