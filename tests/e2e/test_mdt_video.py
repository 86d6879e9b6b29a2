"""Browser test of an MDT panel's call through the SFU (issue 14): six participants, each in a
Chromium context of their own with a fake camera and microphone, join one room; each page shows
six tiles, and pictures from the others are decoded.

The e2e server is `yilian serve`, which starts the machine's Janus beside itself (the embedded
mode), so a room of six is an SFU room.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer, skip_reason
from tests.e2e.pages import sign_in
from tests.e2e.test_conversation import seed_conversation
from yilian.messaging.video.janus_process import janus_available

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
    pytest.mark.skipif(not janus_available(), reason="the SFU needs Debian's janus"),
]

# A provincial MDT for a village patient: the chief, two secondary experts, the office's
# coordinator, the county's cardiologist and the village doctor who asked for it.
PANEL = {
    "prov_mdt_chief": "首席专家",
    "prov_endo_expert": "次席专家",
    "prov_neph_expert": "次席专家",
    "prov_coordinator": "协调员",
    "countyA_doctor": "县级专家",
    "villageA1a_doctor": "邀请方医生",
}
# A camera and a microphone that need neither a device nor a permission prompt; small frames,
# since six encoders and thirty decoders share two cores.
FAKE_MEDIA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
CALL_TIMEOUT = 60_000


@pytest.fixture(scope="module")
def browser(live_server):
    """Overrides the conftest's browser: the same Chromium, with fake media devices."""
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM),
                                      args=[*CHROMIUM_ARGS, *FAKE_MEDIA_ARGS])
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        pw.stop()


def join_call(page: Page, conversation_id: str) -> None:
    page.goto(f"/conversations/{conversation_id}")
    panel = page.get_by_test_id("video-panel")
    panel.get_by_test_id("video-start").click(timeout=CALL_TIMEOUT)
    expect(panel.get_by_test_id("video-stage")).to_be_visible(timeout=CALL_TIMEOUT)


def test_an_mdt_panel_of_six_sees_six_tiles(live_server: LiveServer, new_page, artifacts):
    conversation_id = seed_conversation(live_server, "王秀兰 · 省级MDT会诊", PANEL)
    pages = []
    # Everyone signs in first: six calls running make the machine slow for a sign-in.
    for username in PANEL:
        page = new_page()
        page.context.grant_permissions(["camera", "microphone"])
        sign_in(page, live_server.account(username))
        pages.append(page)
    for page in pages:
        join_call(page, conversation_id)

    for page in pages:
        panel = page.get_by_test_id("video-panel")
        expect(panel).to_have_attribute("data-mode", "sfu")
        expect(panel.get_by_test_id("video-tile")).to_have_count(len(PANEL), timeout=CALL_TIMEOUT)
    with live_server.api("prov_mdt_chief") as api:
        room = api.get(f"/video/rooms/{conversation_id}").json()
    assert room["mode"] == "sfu", room
    ids = {p["user_id"] for p in room["present"]}
    assert len(ids) == len(PANEL), room["present"]
    for page in pages:
        tiles = page.get_by_test_id("video-panel").get_by_test_id("video-tile").all()
        assert {t.get_attribute("data-user-id") for t in tiles} == ids
    # Pictures arrive: on the village doctor's page, each of the others' tiles decodes frames.
    village = pages[-1].get_by_test_id("video-panel")
    remote = village.locator('[data-testid="video-tile"][data-local="false"]')
    expect(remote).to_have_count(len(PANEL) - 1)
    for tile in remote.all():
        expect(tile).not_to_have_attribute("data-frames", "0", timeout=CALL_TIMEOUT)
    pages[-1].screenshot(path=artifacts / "mdt-six-tiles-village.png")
    pages[0].screenshot(path=artifacts / "mdt-six-tiles-chief.png")
