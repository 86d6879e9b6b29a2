"""Browser test of a case conversation: two staff users in two browsers, live messages and read
receipts over the WebSocket, without reloading."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, server_env, skip_reason
from tests.e2e.pages import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

SEED = Path(__file__).resolve().parent / "seed_conversation.py"
# A county specialist answering a township doctor's consultation.
SPECIALIST, TOWN_DOCTOR = "countyA_surgeon", "townA1_doctor"
# A 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")


def seed_conversation(server: LiveServer, title: str, people: dict[str, str]) -> str:
    """Opens a conversation for a new case in the server's database (as a case module would)."""
    done = subprocess.run(
        [sys.executable, str(SEED), title, *(f"{u}={label}" for u, label in people.items())],
        cwd=server.data_dir, env=server_env(server.data_dir), capture_output=True, text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])["conversation_id"]


def open_conversation(page: Page, conversation_id: str, title: str) -> None:
    """From the menu to the list, then the conversation (the way a user gets there)."""
    page.get_by_test_id("nav-conversations").click()
    row = page.locator(f'[data-testid="conversation-row"][data-conversation-id="{conversation_id}"]')
    expect(row).to_have_text(title)
    row.click()
    expect(page.get_by_test_id("conversation-title")).to_have_text(title)
    expect(page.get_by_test_id("conversation-empty")).to_be_visible()


def message(page: Page, seq: int):
    return page.locator(f'[data-testid="conversation-message"][data-seq="{seq}"]')


def test_two_users_talk_live_with_read_receipts(live_server: LiveServer, new_page):
    a, b = live_server.account(TOWN_DOCTOR), live_server.account(SPECIALIST)
    title = "胸痛待查 · 远程会诊"
    conversation_id = seed_conversation(live_server, title, {a.username: "邀请方医生",
                                                             b.username: "受邀专家"})
    page_a, page_b = new_page(), new_page()
    sign_in(page_a, a)
    sign_in(page_b, b)
    open_conversation(page_a, conversation_id, title)
    open_conversation(page_b, conversation_id, title)
    # A reload would drop these marks: the updates below must arrive in the open pages.
    for page in (page_a, page_b):
        page.evaluate("window.__notReloaded = true")
    participants = page_a.get_by_test_id("conversation-participant")
    expect(participants).to_have_count(2)
    expect(participants.filter(has_text=b.display_name)).to_contain_text("受邀专家")

    # A writes (Shift+Enter is a new line, Enter sends); B sees it arrive without reloading.
    box = page_a.get_by_test_id("conversation-input")
    box.fill("患者男，62岁，胸痛2小时。")
    box.press("Shift+Enter")
    box.press_sequentially("心电图已上传，请会诊。")
    box.press("Enter")
    expect(box).to_have_value("")
    first_a = message(page_a, 1)
    expect(first_a.get_by_test_id("conversation-message-sender")).to_have_text("我")
    expect(first_a.get_by_test_id("conversation-read-receipt")).to_be_visible()

    first_b = message(page_b, 1)
    expect(first_b.get_by_test_id("conversation-message-text")).to_have_text(
        "患者男，62岁，胸痛2小时。\n心电图已上传，请会诊。")
    expect(first_b.get_by_test_id("conversation-message-sender")).to_have_text(a.display_name)
    expect(first_b).to_have_attribute("data-mine", "false")

    # B has read it (the page is open): A sees the receipt, live.
    expect(first_a.get_by_test_id("conversation-read-receipt")).to_have_text("已读 1/1")

    # B replies; A sees the reply, and B sees A's receipt for it.
    reply = page_b.get_by_test_id("conversation-input")
    reply.fill("收到，考虑急性冠脉综合征，建议立即转诊。")
    page_b.get_by_test_id("conversation-send").click()
    expect(message(page_a, 2).get_by_test_id("conversation-message-text")).to_have_text(
        "收到，考虑急性冠脉综合征，建议立即转诊。")
    expect(message(page_a, 2).get_by_test_id("conversation-message-sender")).to_have_text(
        b.display_name)
    expect(message(page_b, 2).get_by_test_id("conversation-read-receipt")).to_have_text("已读 1/1")
    assert page_a.evaluate("window.__notReloaded") and page_b.evaluate("window.__notReloaded")


def test_an_image_is_uploaded_shown_and_retracted(live_server: LiveServer, new_page, tmp_path):
    a, b = live_server.account(TOWN_DOCTOR), live_server.account(SPECIALIST)
    title = "心电图复核 · 远程会诊"
    conversation_id = seed_conversation(live_server, title, {a.username: "邀请方医生",
                                                             b.username: "受邀专家"})
    page_a, page_b = new_page(), new_page()
    sign_in(page_a, a)
    sign_in(page_b, b)
    open_conversation(page_a, conversation_id, title)
    open_conversation(page_b, conversation_id, title)

    image = tmp_path / "心电图.png"
    image.write_bytes(PNG)
    page_a.get_by_test_id("conversation-file-input").set_input_files(str(image))
    shown = message(page_b, 1).get_by_test_id("conversation-message-image")
    expect(shown.locator("img")).to_have_js_property("complete", True)
    assert shown.locator("img").evaluate("img => img.naturalWidth") == 1

    # A wrong type is refused with the server's reason, and nothing is sent.
    wrong = tmp_path / "notes.exe"
    wrong.write_bytes(b"MZ" + b"\x00" * 200)
    page_a.get_by_test_id("conversation-file-input").set_input_files(str(wrong))
    expect(page_a.locator(".el-message--error")).to_be_visible()

    message(page_a, 1).get_by_test_id("conversation-retract").click()
    dialog = page_a.locator(".conversation-retract-dialog")
    dialog.locator("input").fill("发错了图片")
    dialog.get_by_role("button", name="撤回").click()
    expect(page_a.get_by_test_id("conversation-retracted")).to_have_text("你撤回了一条消息")
    expect(page_b.get_by_test_id("conversation-retracted")).to_have_text(
        f"{a.display_name} 撤回了一条消息")
    expect(page_b.get_by_test_id("conversation-message")).to_have_count(0)
