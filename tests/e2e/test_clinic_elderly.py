"""Browser test of the online clinic on the patient's phone (390×844) in elderly mode (长辈模式):
the demo patient 王秀兰 (patient_demo), checked in for today's visit with the provincial
cardiologist, opens it from 我的复诊 and reads her place in the queue.

Both pages are measured as test_elderly measures every patient page (text at least 18 px, key
instructions at least 22 px, 7:1 contrast, every button at least 48 px, nothing wider than the
screen); besides, the place in the queue is shown at the key size, and it and the visit's main
button are on the screen, apart, and not covered (by the tab bar, say) when scrolled to.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import LiveServer, skip_reason
from tests.e2e.pages import elderly_on, sign_in
from tests.e2e.test_elderly import BODY_MIN, KEY_MIN, PHONE, TARGET_MIN, assert_elderly

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

PATIENT = "patient_demo"


def _waiting_visit(live_server: LiveServer) -> str:
    """The demo's visit of today, checked in; the demo leaves it out late in the day."""
    with live_server.api(PATIENT) as api:
        visits = api.get("/clinic/visits", params={"sort": "newest"}).json()["items"]
    waiting = [v["id"] for v in visits if v["state"] == "waiting"]
    if not waiting:
        pytest.skip("the demo made no session today (too little of the day was left), so the "
                    "demo patient has no visit waiting")
    return waiting[0]


def _box(page: Page, item: Locator, what: str) -> dict:
    """The element's box on the page, checked once scrolled to the middle of the screen: wholly
    on it, and on top where its middle is (nothing fixed or floating over it)."""
    item.evaluate("(el) => el.scrollIntoView({ block: 'center' })")
    box = item.bounding_box()
    assert box, f"{what}: not drawn"
    assert box["x"] >= -0.5 and box["x"] + box["width"] <= PHONE["width"] + 0.5, (what, box)
    assert box["y"] >= -0.5 and box["y"] + box["height"] <= PHONE["height"] + 0.5, (what, box)
    on_top = item.evaluate(
        """(el) => { const r = el.getBoundingClientRect()
                     const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)
                     return !!hit && (el === hit || el.contains(hit)) }""")
    assert on_top, f"{what}: covered by another element"
    # On the page, not the screen: two boxes scrolled to in turn are compared.
    scroll = page.evaluate("[window.scrollX, window.scrollY]")
    return {**box, "x": box["x"] + scroll[0], "y": box["y"] + scroll[1]}


def _apart(a: dict, b: dict) -> bool:
    return (a["x"] + a["width"] <= b["x"] + 0.5 or b["x"] + b["width"] <= a["x"] + 0.5
            or a["y"] + a["height"] <= b["y"] + 0.5 or b["y"] + b["height"] <= a["y"] + 0.5)


def _font_size(item: Locator) -> float:
    return item.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")


def test_the_visit_and_my_visits_in_elderly_mode(live_server: LiveServer, new_page, artifacts):
    visit_id = _waiting_visit(live_server)
    page = new_page()
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.account(PATIENT))
    elderly_on(page)
    page.goto("/me/visits")

    # 我的复诊: today's visit opened shows the place in the queue and the way into the visit.
    mine = page.locator(f'[data-testid="my-online_visit"][data-online_visit-id="{visit_id}"]')
    mine.locator(".el-collapse-item__header").click()
    place = mine.get_by_test_id("my-visit-queue")
    expect(place).to_contain_text(re.compile(r"第 \d+ 位"))
    opener = mine.get_by_test_id("my-visit-open")
    expect(opener).to_be_visible()
    assert_elderly(page, "my-visits")
    assert _font_size(place) >= KEY_MIN - 0.1
    assert _apart(_box(page, place, "my-visit-queue"), _box(page, opener, "my-visit-open"))
    page.screenshot(path=str(artifacts / "clinic-elderly-my-visits-phone.png"), full_page=True)

    # The visit's page: where it stands, the place in the queue, and the main step (cancelling,
    # while waiting) as a full-size button.
    opener.click()
    expect(page).to_have_url(re.compile(f"/clinic/visits/{visit_id}$"))
    expect(page.get_by_test_id("visit-state")).to_have_attribute("data-state", "waiting")
    position = page.get_by_test_id("visit-queue-position")
    expect(position).to_have_text(re.compile(r"第 \d+ 位"))
    main = page.get_by_test_id("action-cancel")
    expect(main).to_be_visible()
    assert_elderly(page, "visit")
    assert _font_size(position) >= KEY_MIN - 0.1
    assert _font_size(page.get_by_test_id("visit-words")) >= KEY_MIN - 0.1
    assert _font_size(page.locator("body")) >= BODY_MIN
    queue_box = _box(page, page.get_by_test_id("visit-queue"), "visit-queue")
    main_box = _box(page, main, "action-cancel")
    assert main_box["height"] >= TARGET_MIN - 0.5, main_box
    assert _apart(queue_box, main_box), (queue_box, main_box)
    # The queue's lines (place, people ahead, the wait) side by side do not run into each other.
    parts = page.get_by_test_id("visit-queue").locator(":scope > *").all()
    boxes = [p.bounding_box() for p in parts]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a and b and _apart(a, b), ("visit-queue", a, b)
    # The people ahead and the wait are read at a glance: each whole on one line, not squeezed
    # into a narrow column beside the place.
    for line in ("visit-queue-ahead", "visit-queue-wait"):
        rows = page.get_by_test_id(line).evaluate(
            """(el) => { const r = document.createRange(); r.selectNodeContents(el)
                         return new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size }""")
        assert rows == 1, f"{line}: {rows} lines"
    page.screenshot(path=str(artifacts / "clinic-elderly-visit-phone.png"), full_page=True)
