"""The outpatient record of an online visit (互联网复诊门诊病历) as a signed A4 document in
Chinese, laid out like the other case documents (cases/document.py). Kept at least 15 years."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak

from yilian.cases.document import PatientOnPaper, renderer
from yilian.clinic.models import ClinicMode
from yilian.core import pdf

TITLE = "互联网复诊门诊病历"
MODE_LABELS = {ClinicMode.text: "图文问诊", ClinicMode.phone: "电话问诊", ClinicMode.video: "视频问诊"}
NOTE = "本病历为互联网复诊记录，仅适用于已确诊常见病、慢性病的复诊；如病情变化请及时线下就诊。"


@dataclass(frozen=True)
class RecordContext:
    organisation: str
    department: str
    visit_number: str
    mode: ClinicMode
    doctor: str
    doctor_title: str | None
    proxy_doctor: str | None  # 代问诊
    patient: PatientOnPaper
    started_at: datetime
    signed_at: datetime
    chief_complaint: str
    history: str
    examination: str
    diagnosis_icd10: str
    diagnosis_text: str
    advice: str


def render(ctx: RecordContext) -> Callable[[str], bytes]:
    return renderer(_build, ctx)


def _build(s: pdf.Story, ctx: RecordContext, number: str) -> None:
    s.header(organisation=ctx.organisation, title=TITLE, number=number, issued_at=ctx.signed_at)
    s.fields([("复诊编号", ctx.visit_number), ("就诊科室", ctx.department),
              ("问诊方式", MODE_LABELS[ctx.mode]), ("就诊时间", pdf.chinese_time(ctx.started_at)),
              *ctx.patient.fields(name_label="患者姓名")])
    if ctx.proxy_doctor:
        s.paragraph(f"代问诊：由{ctx.proxy_doctor}陪同患者问诊。")
    s.heading("主诉")
    s.paragraph(ctx.chief_complaint)
    s.heading("现病史")
    s.paragraph(ctx.history)
    s.heading("检查")
    s.paragraph(ctx.examination or "无")
    s.heading("诊断")
    s.paragraph(f"{ctx.diagnosis_icd10} {ctx.diagnosis_text}")
    s.heading("处理意见")
    s.paragraph(ctx.advice)
    s.add(CondPageBreak(45 * mm))
    s.spacer(2)
    s.paragraph(f"说明：{NOTE}")
    doctor = f"{ctx.doctor}（{ctx.doctor_title}）" if ctx.doctor_title else ctx.doctor
    s.signatures([("接诊医师", doctor, ctx.signed_at)])
