"""The referral form on paper: what a 转出单 and a 回转单 show, in Chinese."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime

from tests.documents.helpers import text_of
from yilian.cases.columns import ConsentBy, Urgency
from yilian.cases.document import PatientOnPaper
from yilian.referral.document import (
    NOTES,
    TITLES,
    FollowUp,
    FormContext,
    Medication,
    render,
)
from yilian.referral.models import Direction

REQUESTED = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai

UP = FormContext(
    direction=Direction.up, organisation="甲一村卫生室", referral_number="ZZ20261124-0003",
    urgency=Urgency.urgent, green_channel=True,
    patient=PatientOnPaper(name="张秀英", sex="女", age=68, resident_id="440111**********21"),
    referring_doctor="赵村医", requested_at=REQUESTED,
    target_organisation="甲县人民医院", target_department="心血管内科",
    reason="反复胸闷一周，含服硝酸甘油不能缓解。", diagnosis_icd10="I20.0",
    diagnosis_text="不稳定型心绞痛", summary="胸闷伴出汗2小时，心电图示ST段压低。",
    treatment="阿司匹林300mg嚼服，吸氧。", skip_reason="镇卫生院无心内科",
    consent_by=ConsentBy.guardian, consent_name="李明", consent_relation="儿子",
    consent_at=datetime(2026, 11, 24, 1, 50, tzinfo=UTC),
)

DOWN = dataclasses.replace(
    UP, direction=Direction.down, organisation="甲县人民医院",
    referral_number="ZZ20261130-0001", urgency=Urgency.routine, green_channel=False,
    referring_doctor="王建华", requested_at=datetime(2026, 11, 30, 6, 30, tzinfo=UTC),
    target_organisation="甲镇卫生院", target_department=None,
    reason="病情稳定，转回基层康复。", diagnosis_text="不稳定型心绞痛（PCI术后）",
    summary="行冠脉造影及PCI术，术后恢复好，无胸闷。", treatment="PCI术植入支架1枚，双抗治疗。",
    skip_reason=None, consent_by=ConsentBy.patient, consent_name="张秀英", consent_relation=None,
    up_referral_number="ZZ20261124-0003",
    medications=[Medication("阿司匹林肠溶片", "100mg", "每日一次"),
                 Medication("氯吡格雷", "75mg", "每日一次"),
                 Medication("阿托伐他汀", "20mg", None)],
    follow_up_plan="双抗治疗12个月，每月复查血常规及肝功能。",
    follow_ups=[FollowUp("血压随访", 7, "测血压并记录"), FollowUp("复查血脂", 30, None)],
)


def test_an_up_referral_form_shows_the_patient_the_organisations_and_the_case():
    pdf = render(UP)("ZZD20261124-0001")
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf)
    for shown in ("甲一村卫生室", TITLES["up"], "编号：ZZD20261124-0001", "ZZ20261124-0003",
                  "上转", "紧急", "是（急危重症）", "张秀英", "68岁", "440111**********21",
                  "甲县人民医院", "心血管内科", "赵村医", "2026年11月24日 10:00",
                  "反复胸闷一周，含服硝酸甘油不能缓解。", "I20.0 不稳定型心绞痛",
                  "病情摘要", "胸闷伴出汗2小时，心电图示ST段压低。",
                  "已行治疗", "阿司匹林300mg嚼服，吸氧。", "越级转诊理由", "镇卫生院无心内科",
                  "李明", "监护人或近亲属（儿子）", "2026年11月24日 09:50", NOTES[Direction.up],
                  "签发机构：甲一村卫生室（电子签章）"):
        assert shown in text, shown
    assert re.search(r"转诊原因\s*反复胸闷", text)
    assert re.search(r"初步诊断\s*I20\.0", text)
    assert re.search(r"知情同意\s*监护人或近亲属（儿子）李明已同意转诊", text)
    assert re.search(r"转出医生：\s*赵村医", text)  # who signs
    # A form that goes up with a short summary is one sheet of paper.
    assert "第 1 页 / 共 1 页" in text
    # A return's parts are not shown on the form that goes up.
    for absent in ("用药清单", "随访", "原上转单号", "重新发起"):
        assert absent not in text, absent


def test_a_return_summary_shows_the_rehabilitation_plan():
    text = text_of(render(DOWN)("ZZD20261130-0002"))
    for shown in ("甲县人民医院", TITLES["down"], "编号：ZZD20261130-0002", "ZZ20261130-0001",
                  "下转", "普通", "原上转单号", "ZZ20261124-0003", "甲镇卫生院", "王建华",
                  "2026年11月30日 14:30", "病情稳定，转回基层康复。", "出院（康复）小结",
                  "行冠脉造影及PCI术，术后恢复好，无胸闷。", "诊治经过",
                  "PCI术植入支架1枚，双抗治疗。", "随访计划",
                  "双抗治疗12个月，每月复查血常规及肝功能。", "患者本人", NOTES[Direction.down],
                  "签发机构：甲县人民医院（电子签章）"):
        assert shown in text, shown
    # The medication list, one row per medicine, "—" for what was not given.
    assert re.search(r"药品名称\s*剂量\s*用法（频次）", text)
    assert re.search(r"阿司匹林肠溶片\s*100mg\s*每日一次", text)
    assert re.search(r"氯吡格雷\s*75mg\s*每日一次", text)
    assert re.search(r"阿托伐他汀\s*20mg\s*—", text)
    # The follow-ups, with the days they are due in.
    assert re.search(r"1\s*血压随访\s*接收后7天内\s*测血压并记录", text)
    assert re.search(r"2\s*复查血脂\s*接收后30天内\s*—", text)
    assert re.search(r"经治医生：\s*王建华", text)
    for absent in ("绿色通道", "越级转诊理由", "病情摘要", "初步诊断"):
        assert absent not in text, absent


def test_a_return_without_medications_says_so():
    ctx = dataclasses.replace(DOWN, medications=[], follow_up_plan=None, up_referral_number=None)
    text = text_of(render(ctx)("ZZD3"))
    assert re.search(r"用药清单\s*无", text)
    assert "随访计划" not in text and "药品名称" not in text
    assert re.search(r"原上转单号\s*—", text)


def test_a_re_raised_referral_names_the_one_it_copies():
    ctx = dataclasses.replace(UP, previous_number="ZZ20261120-0007", green_channel=False,
                              skip_reason=None)
    text = text_of(render(ctx)("ZZD4"))
    assert "本转诊为转诊ZZ20261120-0007被拒绝后的重新发起。" in text
    assert re.search(r"绿色通道\s*否", text)
    assert "越级转诊理由" not in text


def test_markup_in_what_doctors_wrote_is_printed_as_written():
    ctx = dataclasses.replace(
        DOWN, patient=dataclasses.replace(DOWN.patient, name="张<秀>英&"),
        summary="血钾<3.5 & 血钠>145，<b>需复查</b>",
        medications=[Medication("<i>药</i>&片", "1 < 2", "q&d")])
    text = text_of(render(ctx)("ZZD5"))
    assert "血钾<3.5 & 血钠>145，<b>需复查</b>" in text
    assert "张<秀>英&" in text
    assert re.search(r"<i>药</i>&片\s*1 < 2\s*q&d", text)


def test_a_long_summary_runs_on_to_further_pages():
    summary = "".join(f"第{i:03d}项：双肺呼吸音清，未闻及干湿啰音。" for i in range(200))
    assert len(summary) >= 3500
    text = text_of(render(dataclasses.replace(UP, summary=summary))("ZZD6"))
    total = int(re.search(r"第 1 页 / 共 (\d+) 页", text).group(1))
    assert total >= 2
    assert f"ZZD6  第 {total} 页 / 共 {total} 页" in text
    # Every part of the text is printed, and what follows it.
    for i in (0, 100, 199):
        assert f"第{i:03d}项" in text
    assert "阿司匹林300mg嚼服，吸氧。" in text and NOTES[Direction.up] in text


def test_a_medication_list_running_on_repeats_its_heading_on_the_next_page():
    meds = [Medication(f"药品{i:02d}", "10mg", "每日两次") for i in range(20)]
    text = text_of(render(dataclasses.replace(DOWN, medications=meds))("ZZD7"))
    # Page 1's footer, then page 2 opens with the heading row and the next medicine.
    assert re.search(r"第 1 页 / 共 \d+ 页\s*药品名称\s*剂量\s*用法（频次）\s*药品\d\d", text)
    assert all(f"药品{i:02d}" in text for i in range(20))
