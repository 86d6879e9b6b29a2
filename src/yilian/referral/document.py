"""The two-way referral form as a signed A4 document, in Chinese (双向转诊单): the referral out
(转出单) an organisation issues when it refers a patient up, and the return summary (回转单) the
upper hospital issues when it sends the patient back down. What it shows is a
:class:`FormContext` (gathered by ``form_context.py``); the parts every case document shares
are in ``cases/document.py``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak

from yilian.cases.columns import URGENCY_ZH, ConsentBy, Urgency
from yilian.cases.document import PatientOnPaper, consent_words, renderer
from yilian.core import pdf
from yilian.referral.models import Direction

TITLES = {Direction.up: "双向转诊单（转出）", Direction.down: "双向转诊单（回转）"}
DIRECTION_LABELS = {Direction.up: "上转（基层转上级医院）",
                    Direction.down: "下转（上级医院转回基层）"}
SIGNERS = {Direction.up: "转出医生", Direction.down: "经治医生"}
# What the receiving side is asked to do with the paper.
NOTES = {
    Direction.up: "接收机构接收后将通知就诊时间与地点，请患者携带本单及检查资料按时就诊。",
    Direction.down: "请接收机构按康复方案及随访安排落实后续治疗与随访，病情变化时及时上转。",
}


@dataclass(frozen=True)
class Medication:
    name: str
    dose: str | None
    frequency: str | None


@dataclass(frozen=True)
class FollowUp:
    """A follow-up the receiving clinic is asked to do, due ``days`` after it accepts."""

    title: str
    days: int
    detail: str | None


@dataclass(frozen=True)
class FormContext:
    direction: Direction
    # The issuer: the organisation that refers (the upper hospital for a return).
    organisation: str
    referral_number: str
    urgency: Urgency
    green_channel: bool
    patient: PatientOnPaper
    # The request: who referred, when, to whom.
    referring_doctor: str
    requested_at: datetime
    target_organisation: str
    target_department: str | None
    reason: str
    diagnosis_icd10: str
    diagnosis_text: str
    # Up: the clinical summary (病情摘要); down: the discharge or rehabilitation summary.
    summary: str
    treatment: str
    # Why an up-referral skips a level without the green channel.
    skip_reason: str | None
    consent_by: ConsentBy
    consent_name: str
    consent_relation: str | None
    consent_at: datetime
    # A re-raised referral: the number of the rejected one it copies.
    previous_number: str | None = None
    # A return: the up-referral it closes, and the rehabilitation plan it hands over.
    up_referral_number: str | None = None
    medications: Sequence[Medication] = ()
    follow_up_plan: str | None = None
    follow_ups: Sequence[FollowUp] = ()


def render(ctx: FormContext) -> Callable[[str], bytes]:
    """The function of the allotted document number that renders the form with it."""
    return renderer(_build, ctx)


def _build(s: pdf.Story, ctx: FormContext, number: str) -> None:
    up = ctx.direction == Direction.up
    s.header(organisation=ctx.organisation, title=TITLES[ctx.direction], number=number,
             issued_at=ctx.requested_at)
    if ctx.previous_number:
        s.paragraph(f"本转诊为转诊{ctx.previous_number}被拒绝后的重新发起。")
    head = [("转诊编号", ctx.referral_number), ("转诊方向", DIRECTION_LABELS[ctx.direction]),
            ("紧急程度", URGENCY_ZH[ctx.urgency])]
    if up:
        head.append(("绿色通道", "是（急危重症）" if ctx.green_channel else "否"))
    else:
        head.append(("原上转单号", ctx.up_referral_number or "—"))
    # The patient under the referral's own lines, no heading between: a form that goes up
    # should fit on one page.
    s.fields([*head, *ctx.patient.fields(name_label="患者姓名")])

    s.heading("转诊信息")
    s.fields([
        ("转出机构", ctx.organisation),
        (SIGNERS[ctx.direction], ctx.referring_doctor),
        ("接收机构", ctx.target_organisation),
        ("接收科室", ctx.target_department or "—"),
        ("转出时间", pdf.chinese_time(ctx.requested_at)),
    ])
    reasons = [("转诊原因", ctx.reason),
               ("初步诊断" if up else "诊断", f"{ctx.diagnosis_icd10} {ctx.diagnosis_text}")]
    if ctx.skip_reason:
        reasons.append(("越级转诊理由", ctx.skip_reason))
    consent = consent_words(ctx.consent_by, ctx.consent_name, ctx.consent_relation,
                            ctx.consent_at, "转诊")
    s.fields([*reasons, ("知情同意", consent)], per_row=1)

    s.heading("病情摘要" if up else "出院（康复）小结")
    s.paragraph(ctx.summary)
    s.heading("已行治疗" if up else "诊治经过")
    s.paragraph(ctx.treatment)

    if not up:
        s.heading("用药清单")
        if ctx.medications:
            s.table(("药品名称", "剂量", "用法（频次）"), (0.45, 0.25, 0.3),
                   [(m.name, m.dose, m.frequency) for m in ctx.medications])
        else:
            s.paragraph("无")
        if ctx.follow_up_plan:
            s.heading("随访计划")
            s.paragraph(ctx.follow_up_plan)
        if ctx.follow_ups:
            s.heading("随访安排")
            s.table(("序号", "随访事项", "时限", "说明"), (0.08, 0.32, 0.2, 0.4),
                   [(str(i), f.title, f"接收后{f.days}天内", f.detail)
                    for i, f in enumerate(ctx.follow_ups, start=1)])

    # The one-line note and the signature share a page (the signature block is about 30 mm).
    s.add(CondPageBreak(45 * mm))
    s.spacer(2)
    s.paragraph(f"说明：{NOTES[ctx.direction]}")
    s.signatures([(SIGNERS[ctx.direction], ctx.referring_doctor, ctx.requested_at)])
