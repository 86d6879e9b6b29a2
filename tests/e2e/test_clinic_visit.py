"""Browser test of an online follow-up visit (互联网复诊) from booking to the signed record, and of
one the doctor finds not eligible.

The demo's sessions are on coming days, and checking in needs the visit's day: the provincial
hospital's administrator first adds a session of its cardiologist (prov_cardio, video) today,
from the next ten-minute mark (after any session the doctor holds today). The demo patient books it on a phone, pays (the demo channel),
checks in and sees their place in the queue; the doctor calls them from the session's queue
(confirming the password in the step-up dialog), starts, both join the video room, and the doctor
signs the outpatient record, which the patient reads with its signed PDF. A second patient (李明)
is called next and found not eligible; on his phone he sees the fee refunded. Screenshots (zh):
the patients at 390×844, the doctor on the desktop.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, skip_reason
from tests.e2e.pages import confirm_box, sign_in
from tests.e2e.test_mdt_video import CALL_TIMEOUT, browser  # noqa: F401 (fake camera and mic)
from tests.e2e.visits import booked_and_checked_in, today_session

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

PHONE = {"width": 390, "height": 844}
DOCTOR, ADMIN = "prov_cardio", "prov_admin"
PATIENT, SECOND = "patient_demo", "parent_demo"
# The demo's fee of a chief physician's video visit.
FEE = "¥50.00"
NOT_ELIGIBLE = "新发胸痛，需到院检查心电图和心肌酶后明确诊断。"
# The least time left today (Beijing) for a session to hold the walk.


def _settle(page: Page) -> None:
    expect(page.locator(".el-loading-mask")).to_have_count(0)
    expect(page.locator(".el-message")).to_have_count(0, timeout=8_000)


def _state(page: Page, state: str) -> None:
    expect(page.get_by_test_id("visit-state")).to_have_attribute("data-state", state)


def _call_next(doctor: Page, session_id: str, patient_name: str) -> None:
    """From the session's queue; the first call of the day asks for the password."""
    doctor.goto(f"/clinic/sessions/{session_id}/queue")
    expect(doctor.get_by_test_id("queue-patient").first).to_have_text(patient_name)
    doctor.get_by_test_id("queue-call-next").click()


# The other side's picture on a page of the call (peer to peer: its remote <video>; through the
# SFU: its tile), as the page plays it: its size and the frames shown so far, then again after
# a while.
PICTURE = """async (video) => {
  const shown = () => video.getVideoPlaybackQuality().totalVideoFrames
  const before = shown()
  await new Promise((done) => setTimeout(done, 1500))
  return { width: video.videoWidth, height: video.videoHeight, before, after: shown(),
           paused: video.paused }
}"""


def _sees_moving_picture(page: Page, other_id: str, who: str) -> None:
    """The page plays the other's camera: a picture with a size, and new frames shown over a
    second and a half (Chromium's fake camera moves)."""
    video = page.locator(
        f'[data-testid="video-remote"][data-user-id="{other_id}"] video, '
        f'[data-testid="video-tile"][data-local="false"][data-user-id="{other_id}"] video')
    expect(video).to_have_count(1, timeout=CALL_TIMEOUT)
    page.wait_for_function(
        "(v) => v.videoWidth > 0 && v.getVideoPlaybackQuality().totalVideoFrames > 0",
        arg=video.element_handle(), timeout=CALL_TIMEOUT)
    seen = video.evaluate(PICTURE)
    assert seen["width"] > 0 and seen["height"] > 0 and not seen["paused"], (who, seen)
    assert seen["after"] - seen["before"] >= 5, (who, seen)


def test_a_video_visit_from_booking_to_the_signed_record(live_server: LiveServer, new_page,
                                                         artifacts):
    session_id, doctor_id, times = today_session(live_server, DOCTOR, ADMIN)
    doctor_account = live_server.account(DOCTOR)
    patient_name = live_server.account(PATIENT).display_name

    # The patient books today's session on the doctor's page and lands on the visit to pay it.
    patient = new_page()
    patient.set_viewport_size(PHONE)
    patient.context.grant_permissions(["camera", "microphone"])
    sign_in(patient, live_server.account(PATIENT))
    patient.goto(f"/clinic/doctors/{doctor_id}")
    today = patient.get_by_test_id("clinic-session").filter(has_text=times)
    today.locator('[data-testid="clinic-slot"][data-free="true"]').first.click()
    patient.get_by_test_id("clinic-book").click()
    patient.get_by_test_id("clinic-book-submit").click()
    expect(patient).to_have_url(re.compile(r"/clinic/visits/[0-9a-f-]{36}$"))
    visit_url = patient.url
    _state(patient, "held")
    expect(patient.get_by_test_id("visit-fee")).to_have_text(FEE)
    expect(patient.get_by_test_id("visit-doctor")).to_have_text(doctor_account.display_name)

    patient.get_by_test_id("visit-pay").click()
    patient.get_by_test_id("payment-start").click()
    patient.get_by_test_id("payment-demo-confirm").click()
    # Paid: the order asks no more.
    expect(patient.get_by_test_id("payment-pay")).to_have_count(0)
    patient.goto(visit_url)
    _state(patient, "booked")
    expect(patient.get_by_test_id("visit-words")).to_contain_text("今天就诊")

    # Checking in puts the patient in the queue: first, nobody ahead.
    patient.get_by_test_id("action-check_in").click()
    confirm_box(patient, "确定")
    _state(patient, "waiting")
    queue = patient.get_by_test_id("visit-queue")
    expect(queue.get_by_test_id("visit-queue-position")).to_have_text("第 1 位")
    expect(queue).to_contain_text("前面还有 0 人")
    _settle(patient)
    patient.screenshot(path=str(artifacts / "clinic-visit-waiting-phone.png"), full_page=True)

    # The doctor calls from the queue, confirming the password first, and lands on the visit.
    doctor = new_page()
    doctor.context.grant_permissions(["camera", "microphone"])
    sign_in(doctor, doctor_account)
    doctor.goto("/clinic/schedule")
    doctor.locator("tr").filter(has_text=times).get_by_test_id("clinic-session-queue").click()
    expect(doctor).to_have_url(re.compile(f"/clinic/sessions/{session_id}/queue$"))
    _call_next(doctor, session_id, patient_name)
    dialog = doctor.get_by_test_id("step-up-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_test_id("step-up-code")).to_have_count(0)
    dialog.get_by_test_id("step-up-password").fill(doctor_account.password)
    dialog.get_by_test_id("step-up-submit").click()
    expect(doctor).to_have_url(visit_url)
    _state(doctor, "called")
    expect(doctor.get_by_test_id("visit-proof")).not_to_be_empty()
    expect(doctor.get_by_test_id("visit-open-record")).to_be_visible()
    # The patient's page follows without a reload.
    _state(patient, "called")
    expect(patient.get_by_test_id("visit-queue")).to_have_count(0)

    doctor.get_by_test_id("action-start").click()
    confirm_box(doctor, "确定")
    _state(doctor, "in_visit")
    _state(patient, "in_visit")

    # Both join the video room.
    for page in (doctor, patient):
        panel = page.get_by_test_id("visit-room").get_by_test_id("video-panel")
        panel.get_by_test_id("video-start").click(timeout=CALL_TIMEOUT)
        expect(panel).to_have_attribute("data-phase", "live", timeout=CALL_TIMEOUT)
    with live_server.api(DOCTOR) as api:
        visit = api.get(f"/clinic/visits/{visit_url.rsplit('/', 1)[1]}").json()
        room = api.get(f"/video/rooms/{visit['conversation_id']}").json()
    present = {p["user_id"] for p in room["present"]}
    assert len(present) == 2 and doctor_id in present, room["present"]
    # Each sees the other: the doctor the patient's camera, the patient the doctor's, moving.
    [patient_user_id] = present - {doctor_id}
    _sees_moving_picture(doctor, patient_user_id, "the doctor's page")
    _sees_moving_picture(patient, doctor_id, "the patient's page")
    patient.screenshot(path=str(artifacts / "clinic-visit-video-phone.png"), full_page=True)
    for page in (doctor, patient):
        page.get_by_test_id("visit-room").get_by_test_id("video-hangup").click()

    # The doctor writes and signs the outpatient record.
    editor = doctor.get_by_test_id("visit-record-editor")
    editor.get_by_test_id("visit-record-chief-complaint").fill("血压控制欠佳 2 周")
    editor.get_by_test_id("visit-record-history").fill("高血压 10 年，规律服药，近 2 周家测血压 150/95 mmHg 左右。")
    editor.get_by_test_id("visit-record-examination").fill("视频下精神可，无明显水肿。")
    expect(editor.get_by_test_id("visit-record-icd10")).not_to_have_value("")
    editor.get_by_test_id("visit-record-advice").fill("氨氯地平加量至 10 mg 每日一次，低盐饮食，2 周后复诊。")
    _settle(doctor)
    doctor.screenshot(path=str(artifacts / "clinic-visit-doctor.png"), full_page=True)
    editor.get_by_test_id("visit-record-sign").click()
    confirm_box(doctor, "确定")
    _state(doctor, "finished")
    expect(doctor.get_by_test_id("visit-record")).to_contain_text("氨氯地平加量")
    expect(doctor.get_by_test_id("visit-pdf")).to_be_visible()

    # The patient reads the record and opens the signed PDF.
    _state(patient, "finished")
    # The patient follows the visit's steps on their page too, up to the signed record.
    expect(patient.get_by_test_id("online_visit-step").last).to_have_attribute(
        "data-action", "finish")
    record = patient.get_by_test_id("visit-record")
    expect(record.get_by_test_id("visit-record-advice")).to_contain_text("氨氯地平加量")
    pdf = record.get_by_test_id("visit-pdf")
    href = pdf.get_attribute("href")
    assert href and href.endswith("/pdf"), href
    answer = patient.request.get(href)
    assert answer.ok and answer.body().startswith(b"%PDF"), answer.status
    # The link opens it in a tab of its own (headless Chromium downloads a PDF: the tab's
    # address stays blank, so the file itself was checked above).
    with patient.expect_popup() as opened:
        pdf.click()
    opened.value.close()
    _settle(patient)
    patient.screenshot(path=str(artifacts / "clinic-visit-record-phone.png"), full_page=True)

    # A second patient's visit: called next, found not eligible; he sees the fee refunded.
    second_id = booked_and_checked_in(live_server, SECOND, session_id)
    second_name = live_server.account(SECOND).display_name
    doctor.goto(f"/clinic/sessions/{session_id}/queue")
    expect(doctor.get_by_test_id("queue-position")).to_have_text(["1"])
    _settle(doctor)
    doctor.screenshot(path=str(artifacts / "clinic-visit-queue-doctor.png"), full_page=True)
    _call_next(doctor, session_id, second_name)
    expect(doctor).to_have_url(re.compile(f"/clinic/visits/{second_id}$"))
    _state(doctor, "called")
    doctor.get_by_test_id("action-not_eligible").click()
    step = doctor.get_by_test_id("action-dialog-not_eligible")
    step.get_by_test_id("action-text").fill(NOT_ELIGIBLE)
    step.get_by_test_id("action-dialog-not_eligible-submit").click()
    _state(doctor, "not_eligible")

    second = new_page()
    second.set_viewport_size(PHONE)
    sign_in(second, live_server.account(SECOND))
    second.goto("/me/visits")
    mine = second.locator(f'[data-testid="my-online_visit"][data-online_visit-id="{second_id}"]')
    expect(mine.get_by_test_id("my-visit-state")).to_have_text("不适合线上复诊")
    mine.locator(".el-collapse-item__header").click()
    mine.get_by_test_id("my-visit-open").click()
    expect(second).to_have_url(re.compile(f"/clinic/visits/{second_id}$"))
    _state(second, "not_eligible")
    expect(second.get_by_test_id("visit-refunded")).to_contain_text(f"已退款 {FEE}")
    expect(second.get_by_test_id("visit-close-reason")).to_contain_text(NOT_ELIGIBLE)
    _settle(second)
    second.screenshot(path=str(artifacts / "clinic-visit-not-eligible-phone.png"), full_page=True)
