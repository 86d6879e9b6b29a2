"""Templates: declared parameters only, and nothing identifying in an outward text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from yilian.messaging.notifications.templates import (
    OutwardChannel,
    Template,
    clean_params,
    register_template,
    render,
    render_outward,
)

CASE = {"case_title": "张秀英 胸痛待查", "case_number": "HZ20261124-0001"}


def test_in_app_text_uses_every_parameter_the_outward_text_only_the_safe_ones():
    params = clean_params("conversation.added", CASE)
    title, body = render("conversation.added", params, "zh")
    assert "张秀英 胸痛待查" in body and "HZ20261124-0001" in body
    assert render("conversation.added", params, "en")[1].startswith("You were added")
    subject, text = render_outward("conversation.added", params)
    assert "HZ20261124-0001" in text
    assert "张秀英" not in subject + text and "胸痛" not in subject + text


def test_a_parameter_that_is_a_code_is_worded_in_the_readers_language():
    # The case modules register their words (a conversation's title, a time limit).
    import yilian.consultation.notices  # noqa: F401

    params = clean_params("conversation.added", {**CASE, "case_title": "consultation_mdt"})
    assert "MDT consultation" in render("conversation.added", params, "en")[1]
    assert "多学科会诊" in render("conversation.added", params, "zh")[1]
    late = clean_params("consultation.overdue", {"case_number": "HZ20261124-0001",
                                                 "limit": "schedule", "time": "2026-11-26 09:00"})
    assert "past its booking limit" in render("consultation.overdue", late, "en")[1]
    assert "超过预约时限" in render("consultation.overdue", late, "zh")[1]


@pytest.mark.parametrize("params", [
    {**CASE, "patient_name": "张秀英"},
    {**CASE, "resident_id": "440111195803070121"},
    {"case_number": "HZ20261124-0001"},
    {**CASE, "case_number": 3.5},
    {**CASE, "case_number": None},
    {**CASE, "case_number": "x" * 201},
])
def test_undeclared_missing_or_odd_parameters_are_refused(params):
    with pytest.raises(ValueError):
        clean_params("conversation.added", params)


@pytest.mark.parametrize("number", [
    "440111195803070121", "44011119580307012X", "13800138000", "138-0013-8000", "+86 13800138000",
])
def test_a_safe_parameter_carrying_an_identifier_is_refused(number):
    with pytest.raises(ValueError, match="resident ID or a phone number"):
        clean_params("video.starting", {"case_number": f"HZ{number}", "time": "10:00"})
    with pytest.raises(ValueError):
        clean_params("video.starting", {"case_number": number, "time": "10:00"})


def test_case_numbers_and_times_pass_and_times_are_shown_in_shanghai():
    params = clean_params("video.starting", {
        "case_number": "HZ20261124-0001", "time": datetime(2026, 11, 24, 2, 30, tzinfo=UTC)})
    assert params["time"] == "2026-11-24 10:30"
    assert render_outward("video.starting", params)[1] == (
        "病例HZ20261124-0001的视频会话将于2026-11-24 10:30开始，请登录医联平台加入。")
    with pytest.raises(ValueError):
        clean_params("video.starting", {"case_number": "1", "time": datetime(2026, 11, 24)})


def test_unknown_template_is_refused():
    with pytest.raises(ValueError):
        clean_params("no.such.template", {})


def _template(**kw) -> Template:
    base = {"title_zh": "标题", "title_en": "Title", "body_zh": "{a}", "body_en": "{a}",
            "params": frozenset({"a"}), "sms_zh": "{a}", "sms_params": frozenset({"a"}),
            "channels": frozenset({OutwardChannel.sms})}
    return Template(**{**base, **kw})


@pytest.mark.parametrize("bad", [
    # a patient identifier declared SMS-safe
    {"params": frozenset({"patient_name"}), "body_zh": "{patient_name}", "body_en": "x",
     "sms_zh": "{patient_name}", "sms_params": frozenset({"patient_name"})},
    # the outward text uses a parameter that is not SMS-safe
    {"params": frozenset({"a", "b"}), "sms_zh": "{b}"},
    # the title (the outward subject) uses one
    {"params": frozenset({"a", "b"}), "title_zh": "{b}"},
    # a text uses an undeclared parameter
    {"body_en": "{c}"},
    # SMS-safe parameters outside the declared ones
    {"sms_params": frozenset({"a", "z"})},
    # outward channels without an outward text
    {"sms_zh": None, "sms_params": frozenset()},
])
def test_unsafe_templates_are_refused_when_registered(bad):
    with pytest.raises(ValueError):
        register_template("test.unsafe", _template(**bad))


def test_a_key_is_registered_once():
    with pytest.raises(ValueError, match="twice"):
        register_template("conversation.added", _template())
