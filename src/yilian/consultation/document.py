"""The consultation report as a signed A4 document, in Chinese (会诊报告 / 会诊补充报告): what it
shows (:class:`ReportContext`, gathered by ``report_context.py``) and how it is laid out. The
parts every case document shares are in ``cases/document.py``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph

from yilian.cases.columns import URGENCY_ZH, Urgency
from yilian.cases.document import PatientOnPaper, renderer
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
    patient: PatientOnPaper
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
    return renderer(_build, ctx)


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
    s.fields(ctx.patient.fields())

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
            s.label(who)
            s.paragraph(o.opinion or "（未填写）")
    s.heading("诊断意见")
    s.paragraph(ctx.opinion)
    if ctx.diagnoses:
        s.label("诊断（ICD-10）：")
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



def _experts(s: pdf.Story, experts: Sequence[Expert]) -> None:
    s.table(("角色", "姓名", "职称", "科室"), (0.2, 0.25, 0.2, 0.35),
            [(ROLE_LABELS[e.role], e.name, e.title, e.department) for e in experts])
