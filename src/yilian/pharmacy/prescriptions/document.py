"""The prescription slip (处方笺) as a signed A4 document in Chinese, in the layout 处方管理办法
附件 sets out: the heading with the prescription's kind, the patient block and diagnosis, Rp
with one drug per line (name and specification, quantity, usage), the amount, and the
doctor's signature; the pharmacists sign on the platform (the review and dispensing steps), which
the slip says. Kept as the prescription is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from yilian.cases.document import PatientOnPaper, renderer
from yilian.core import pdf
from yilian.pharmacy.catalogue.models import Route
from yilian.pharmacy.rules.facts import FREQUENCIES, Category

TITLE = "处方笺"
KIND_LABELS = {Category.western: "普通处方（西药、中成药）", Category.herbal: "普通处方（中药饮片）"}
ROUTE_LABELS = {Route.oral: "口服", Route.iv_injection: "静脉注射", Route.iv_drip: "静脉滴注",
                Route.im: "肌内注射", Route.sc: "皮下注射", Route.topical: "外用",
                Route.inhalation: "吸入", Route.sublingual: "舌下含服", Route.eye: "滴眼",
                Route.rectal: "直肠给药"}
NOTE = ("本处方为互联网医院电子处方，经药师审核通过后方可调配；处方当日有效，注明者除外。"
        "药师审核、调配、核对发药均在平台上签名，见本处方的流转记录。")
# The warnings a doctor may keep a drug against (rules/check.py), as the slip names them.
WARNING_LABELS = {"allergy": "过敏", "duplicate-therapy": "重复用药", "interaction": "相互作用",
                  "dose-over-single-max": "超单次最大剂量", "dose-over-daily-max": "超每日最大剂量"}


@dataclass(frozen=True)
class SlipLine:
    name: str  # generic name and specification
    quantity: str  # 2盒
    usage: str  # 每次30mg 口服 每日一次 ×7天


@dataclass(frozen=True)
class SlipContext:
    organisation: str
    department: str
    visit_number: str
    category: Category
    version: int
    patient: PatientOnPaper
    diagnosis: str
    lines: list[SlipLine]
    amount_yuan: str
    validity: str
    notes: list[str]
    doctor: str
    doctor_title: str | None
    signed_at: datetime


def usage(dose: str, dose_unit: str, route: Route, frequency: str, days: int,
          prn_max_per_day: int | None) -> str:
    f = FREQUENCIES[frequency]
    how = f"{f.zh}（每日最多{prn_max_per_day}次）" if prn_max_per_day else f.zh
    return f"每次{dose}{dose_unit} {ROUTE_LABELS[route]} {how} ×{days}天"


def render(ctx: SlipContext) -> Callable[[str], bytes]:
    return renderer(_build, ctx)


def _build(s: pdf.Story, ctx: SlipContext, number: str) -> None:
    s.header(organisation=ctx.organisation, title=f"{TITLE}　{KIND_LABELS[ctx.category]}",
             number=number, issued_at=ctx.signed_at)
    s.fields([("门诊号", ctx.visit_number), ("科别", ctx.department),
              ("开具日期", pdf.local_time(ctx.signed_at, "%Y-%m-%d")),
              ("处方版本", f"第{ctx.version}版"),
              *ctx.patient.fields(),
              ("临床诊断", ctx.diagnosis), ("有效期", ctx.validity)])
    s.label("Rp")
    s.table(["药品名称及规格", "数量", "用法用量"], [0.45, 0.12, 0.43],
            [(line.name, line.quantity, line.usage) for line in ctx.lines])
    s.fields([("药品金额", f"{ctx.amount_yuan}元")], per_row=1)
    for note in ctx.notes:
        s.small(note)
    s.spacer(2)
    s.small(f"说明：{NOTE}")
    doctor = f"{ctx.doctor}（{ctx.doctor_title}）" if ctx.doctor_title else ctx.doctor
    s.signatures([("医师", doctor, ctx.signed_at)])
