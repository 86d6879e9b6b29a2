"""The consultation report on paper: what a hospital's report shows, in Chinese."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime

from tests.documents.helpers import text_of
from yilian.cases.columns import Urgency
from yilian.cases.document import PatientOnPaper
from yilian.consultation.document import (
    DISCLAIMER,
    Diagnosis,
    Expert,
    ReportContext,
    SpecialtyOpinion,
    render,
)
from yilian.consultation.models import ExpertRole, Kind, ReportKind

PUBLISHED = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai

SINGLE = ReportContext(
    organisation="甲县人民医院", consultation_number="HZ20261120-0003", kind=Kind.single,
    urgency=Urgency.routine, report_kind=ReportKind.report, version=1, supplements=None,
    patient=PatientOnPaper(name="张秀英", sex="女", age=68, resident_id="440111**********21"),
    inviting_organisation="甲一村卫生室", applicant="赵村医",
    applied_at=datetime(2026, 11, 20, 1, 15, tzinfo=UTC),
    reason="反复胸闷一周，活动后加重。", purpose="明确诊断并给出用药建议。",
    diagnosis_icd10="I20.9", diagnosis_text="心绞痛",
    experts=[Expert("王建华", "主任医师", ExpertRole.expert, "心血管内科")],
    findings="心电图示V1-V4导联ST段压低0.1mV。",
    opinion="考虑不稳定型心绞痛。",
    diagnoses=[Diagnosis("I20.0", "不稳定型心绞痛"), Diagnosis("I10", "原发性高血压")],
    recommendations="阿司匹林100mg每日一次；一周后复查心电图。", referral_advised=True,
    specialty_opinions=[], published_at=PUBLISHED, signer="王建华",
)

MDT = dataclasses.replace(
    SINGLE, organisation="省人民医院", consultation_number="HZ20261121-0001", kind=Kind.mdt,
    urgency=Urgency.urgent, referral_advised=False,
    experts=[Expert("陈首席", "主任医师", ExpertRole.chief, "肿瘤科"),
             Expert("刘次席", "副主任医师", ExpertRole.secondary, "放射科"),
             Expert("孙次席", None, ExpertRole.secondary, "病理科")],
    specialty_opinions=[SpecialtyOpinion("刘次席", "放射科", "CT示右肺上叶占位，建议增强扫描。"),
                        SpecialtyOpinion("孙次席", "病理科", "建议穿刺活检明确病理类型。")],
    opinion="右肺上叶占位，考虑周围型肺癌可能。", signer="陈首席",
)


def test_a_single_report_shows_the_case_the_expert_and_the_opinion():
    pdf = render(SINGLE)("HZBG20261124-0001")
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf)
    for shown in ("甲县人民医院", "远程会诊报告", "编号：HZBG20261124-0001",
                  "HZ20261120-0003", "单学科会诊", "普通", "第1版（会诊报告）",
                  "2026年11月24日 10:00", "张秀英", "女", "68岁", "440111**********21",
                  "甲一村卫生室", "赵村医", "2026年11月20日 09:15", "I20.9 心绞痛",
                  "反复胸闷一周，活动后加重。", "明确诊断并给出用药建议。",
                  "会诊专家", "王建华", "主任医师", "心血管内科",
                  "会诊所见", "心电图示V1-V4导联ST段压低0.1mV。",
                  "诊断意见", "考虑不稳定型心绞痛。", "1. I20.0 不稳定型心绞痛",
                  "2. I10 原发性高血压", "处理建议", "阿司匹林100mg每日一次；一周后复查心电图。",
                  DISCLAIMER, "签发机构：甲县人民医院（电子签章）"):
        assert shown in text, shown
    assert re.search(r"建议转诊\s*是", text)
    assert re.search(r"会诊专家：\s*王建华", text)  # who signs
    assert "各科意见" not in text and "次席专家" not in text


def test_an_mdt_report_shows_the_panel_and_each_specialty_opinion():
    text = text_of(render(MDT)("HZBG20261124-0002"))
    for shown in ("省人民医院", "编号：HZBG20261124-0002", "多学科会诊（MDT）", "紧急",
                  "首席专家", "陈首席", "肿瘤科", "次席专家", "刘次席", "副主任医师", "放射科",
                  "孙次席", "病理科", "各科意见", "CT示右肺上叶占位，建议增强扫描。",
                  "建议穿刺活检明确病理类型。", "右肺上叶占位，考虑周围型肺癌可能。",
                  DISCLAIMER):
        assert shown in text, shown
    assert re.search(r"建议转诊\s*否", text)
    # The chief expert signs an MDT report.
    assert re.search(r"首席专家：\s*陈首席", text)


def test_an_addendum_names_the_report_it_adds_to():
    addendum = dataclasses.replace(
        SINGLE, report_kind=ReportKind.addendum, version=2, supplements="HZBG20261124-0001",
        findings="", recommendations="", diagnoses=[],
        opinion="补充：肌钙蛋白复查阴性，维持原诊断。")
    text = text_of(render(addendum)("HZBG20261125-0004"))
    for shown in ("远程会诊补充报告", "编号：HZBG20261125-0004", "第2版（补充报告）",
                  "补充编号为HZBG20261124-0001的报告", "肌钙蛋白复查阴性，维持原诊断。", DISCLAIMER):
        assert shown in text, shown
    # What the addendum leaves out is not shown empty.
    assert "会诊所见" not in text and "处理建议" not in text


def test_markup_in_what_doctors_wrote_is_printed_as_written():
    ctx = dataclasses.replace(SINGLE, findings="血钾<3.5 & 血钠>145，<b>需复查</b>",
                              patient=dataclasses.replace(SINGLE.patient, name="张<秀>英&"))
    text = text_of(render(ctx)("HZBG1"))
    assert "血钾<3.5 & 血钠>145，<b>需复查</b>" in text
    assert "张<秀>英&" in text


def test_long_findings_run_on_to_further_pages():
    findings = "".join(f"第{i:03d}项：双肺呼吸音清，未闻及干湿啰音。" for i in range(300))
    assert len(findings) >= 5000
    text = text_of(render(dataclasses.replace(SINGLE, findings=findings))("HZBG2"))
    total = int(re.search(r"第 1 页 / 共 (\d+) 页", text).group(1))
    assert total >= 2
    # Every part of the text is printed, the last item and what follows it included.
    for i in (0, 150, 299):
        assert f"第{i:03d}项" in text
    assert DISCLAIMER in text
