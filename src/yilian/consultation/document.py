"""The consultation report as a signed A4 document, in Chinese (会诊报告 / 会诊补充报告).

The service gathers what the paper shows into a :class:`ReportContext` (names and labels as
shown, the resident ID already masked) and hands :func:`render` to
``yilian.documents.service.issue``, which calls it with the number it allots::

    pdf = document.render(ctx)
    await documents.issue(..., title=document.TITLES[ctx.report_kind], pdf=pdf)

Everything here is plain text: core/pdf escapes it, so ``<`` or ``&`` in an opinion is printed
as written, and long texts wrap and run on to further pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer, Table, TableStyle

from yilian.cases.models import URGENCY_ZH, Urgency
from yilian.consultation.models import ExpertRole, Kind, ReportKind
from yilian.core import pdf

TITLES = {ReportKind.report: "远程会诊报告", ReportKind.addendum: "远程会诊补充报告"}
KIND_LABELS = {Kind.single: "单学科会诊", Kind.mdt: "多学科会诊（MDT）"}
ROLE_LABELS = {ExpertRole.expert: "会诊专家", ExpertRole.chief: "首席专家",
               ExpertRole.secondary: "次席专家"}
DISCLAIMER = "本会诊意见供邀请方参考，诊疗决策由邀请方医疗机构及其经治医师负责。"


@dataclass(frozen=True)
class Diagnosis:
    code: str  # ICD-10
    name: str


@dataclass(frozen=True)
class Expert:
    name: str
    title: str | None  # the professional-title label, e.g. 主任医师
    role: ExpertRole
    department: str | None


@dataclass(frozen=True)
class SpecialtyOpinion:
    """A secondary expert's opinion in an MDT (各科意见)."""

    name: str
    department: str | None
    opinion: str


@dataclass(frozen=True)
class ReportContext:
    # The issuer: the invited organisation.
    organisation: str
    consultation_number: str
    kind: Kind
    urgency: Urgency
    report_kind: ReportKind
    version: int
    # An addendum: the number of the document it adds to (the report or the latest addendum).
    supplements: str | None
    # The patient, as shown: labels and the masked resident ID (patients.mask_resident_id).
    patient_name: str
    patient_sex: str
    patient_age: int | None
    patient_resident_id: str
    # The application.
    inviting_organisation: str
    applicant: str
    applied_at: datetime
    reason: str
    purpose: str
    diagnosis_icd10: str
    diagnosis_text: str
    experts: Sequence[Expert]
    # The report (an addendum may leave findings and recommendations empty).
    findings: str
    opinion: str
    diagnoses: Sequence[Diagnosis]
    recommendations: str
    referral_advised: bool
    specialty_opinions: Sequence[SpecialtyOpinion]
    published_at: datetime
    # Who signs: the expert (single) or the chief expert (MDT).
    signer: str



def render(ctx: ReportContext) -> Callable[[str], bytes]:
    """The function of the allotted document number that renders the report with it."""
    return lambda number: pdf.render(lambda s: _build(s, ctx, number))


def _build(s: pdf.Story, ctx: ReportContext, number: str) -> None:
    addendum = ctx.report_kind == ReportKind.addendum
    s.header(organisation=ctx.organisation, title=TITLES[ctx.report_kind], number=number,
             issued_at=ctx.published_at)
    if addendum:
        s.paragraph(f"本报告为会诊{ctx.consultation_number}的补充报告（第{ctx.version}版），"
                    f"补充编号为{ctx.supplements or '—'}的报告。")
    s.fields([
        ("会诊编号", ctx.consultation_number),
        ("会诊类型", KIND_LABELS[ctx.kind]),
        ("紧急程度", URGENCY_ZH[ctx.urgency]),
        ("报告版本", f"第{ctx.version}版（{'补充报告' if addendum else '会诊报告'}）"),
        ("发布时间", pdf.chinese_time(ctx.published_at)),
        ("建议转诊", "是" if ctx.referral_advised else "否"),
    ])

    s.heading("患者信息")
    s.fields([
        ("姓名", ctx.patient_name),
        ("性别", ctx.patient_sex),
        ("年龄", f"{ctx.patient_age}岁" if ctx.patient_age is not None else "—"),
        ("身份证号", ctx.patient_resident_id),
    ])

    s.heading("会诊申请")
    s.fields([
        ("邀请方", ctx.inviting_organisation),
        ("受邀方", ctx.organisation),
        ("申请医师", ctx.applicant),
        ("申请时间", pdf.chinese_time(ctx.applied_at)),
    ])
    s.fields([
        ("当前诊断", f"{ctx.diagnosis_icd10} {ctx.diagnosis_text}"),
        ("会诊原因", ctx.reason),
        ("会诊目的", ctx.purpose),
    ], per_row=1)

    s.heading("会诊专家")
    _experts(s, ctx.experts)

    if ctx.findings.strip():
        s.heading("会诊所见")
        s.paragraph(ctx.findings)
    if ctx.specialty_opinions:
        s.heading("各科意见")
        for o in ctx.specialty_opinions:
            who = f"{o.department} {o.name}" if o.department else o.name
            _label(s, who)
            s.paragraph(o.opinion or "（未填写）")
    s.heading("诊断意见")
    s.paragraph(ctx.opinion)
    if ctx.diagnoses:
        _label(s, "诊断（ICD-10）：")
    for i, d in enumerate(ctx.diagnoses, start=1):
        s.add(Paragraph(pdf.escape(f"{i}. {d.code} {d.name}"), s.styles.body))
    if ctx.recommendations.strip():
        s.heading("处理建议")
        s.paragraph(ctx.recommendations)

    # The disclaimer and the signatures share a page (the signature block is about 35 mm).
    s.add(CondPageBreak(50 * mm))
    s.spacer(2)
    s.paragraph(f"说明：{DISCLAIMER}")
    role = ROLE_LABELS[ExpertRole.chief if ctx.kind == Kind.mdt else ExpertRole.expert]
    s.signatures([(role, ctx.signer, ctx.published_at)])



def _label(s: pdf.Story, text: str) -> None:
    s.add(CondPageBreak(12 * mm))
    s.add(Paragraph(pdf.escape(text), s.styles.label))


def _experts(s: pdf.Story, experts: Sequence[Expert]) -> None:
    st = s.styles
    head = [Paragraph(t, st.label) for t in ("角色", "姓名", "职称", "科室")]
    rows = [[Paragraph(pdf.escape(v or "—"), st.body)
             for v in (ROLE_LABELS[e.role], e.name, e.title, e.department)] for e in experts]
    width = A4[0] - 2 * pdf.MARGIN
    table = Table([head, *rows], colWidths=[0.2 * width, 0.25 * width, 0.2 * width,
                                            0.35 * width], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F2F2F2")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    s.add(table)
    s.add(Spacer(1, 2 * mm))
