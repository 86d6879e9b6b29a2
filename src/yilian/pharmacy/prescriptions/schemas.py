"""API shapes of the e-prescription. Prices are integer fen; doses exact decimals in Python and
JSON numbers on the wire."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from yilian.cases.schemas import ICD10, CaseDetail, CaseSummary, Line, Reason
from yilian.core.schemas import Input
from yilian.pharmacy.catalogue.models import Route
from yilian.pharmacy.catalogue.schemas import DoseIn, DoseOut, Unit
from yilian.pharmacy.prescriptions.models import Fulfilment, State
from yilian.pharmacy.rules.facts import FREQUENCIES, Category

Frequency = Annotated[str, StringConstraints(pattern="^(" + "|".join(FREQUENCIES) + ")$"),
                      Field(description="qd bid tid qid q6h q8h q12h qn qod qw biw prn st")]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{6}$")]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^1[3-9][0-9]{9}$")]
Address = Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=200)]


class ReviewCode(enum.StrEnum):
    """Why a pharmacist returns a prescription (医院处方点评管理规范（试行）: 不规范处方,
    用药不适宜处方, 超常处方)."""

    nonstandard_writing = "nonstandard-writing"  # 书写不规范
    indication = "indication"  # 适应证不适宜
    drug_choice = "drug-choice"  # 遴选的药品不适宜
    dose = "dose"  # 用法、用量不适宜
    route = "route"  # 剂型或给药途径不适宜
    duplicate_therapy = "duplicate-therapy"  # 重复给药
    interaction = "interaction"  # 配伍禁忌或不良相互作用
    contraindication = "contraindication"  # 禁忌证（含过敏）
    excessive = "excessive"  # 超常处方（无适应证、超量）
    other = "other"


class LineIn(Input):
    drug_id: uuid.UUID
    dose: DoseIn = Field(description="per administration, in dose_unit")
    dose_unit: Unit = Field(description="the drug's strength unit (mg) or its unit (片)")
    route: Route
    frequency: Frequency
    days: int = Field(ge=1, le=366)
    prn_max_per_day: int | None = Field(None, ge=1, le=24)


class DecisionIn(Input):
    """The doctor keeps a line against a warning, saying why."""

    code: Short
    line: int = Field(ge=0, le=19)
    reason: Note


class PrescriptionIn(Input):
    """What the doctor writes during the visit. Checked whole by the rules before anything is
    saved; signing it needs a recent re-authentication."""

    visit_id: uuid.UUID
    category: Category = Category.western
    diagnosis_icd10: ICD10
    diagnosis_text: Line
    # More than the rules allow is accepted here so that the rules refuse it with their code.
    lines: list[LineIn] = Field(min_length=1, max_length=20)
    chronic: bool = False
    long_term: bool = False
    stable_assessment: Annotated[str, StringConstraints(strip_whitespace=True,
                                                        max_length=1000)] | None = None
    patient_confirmed: bool = False
    guardian_name: Short | None = None
    accompanying_physician: Short | None = None
    validity_days: int = Field(1, ge=1, le=30)
    validity_note: Annotated[str, StringConstraints(strip_whitespace=True,
                                                    max_length=200)] | None = None
    decisions: list[DecisionIn] = Field(default_factory=list, max_length=60)
    # A new version of this prescription (returned, in review or unpaid): it is voided.
    replaces_id: uuid.UUID | None = None
    void_reason: Reason | None = None


class RefusalOut(BaseModel):
    code: str
    article_zh: str
    article_en: str
    line: int | None
    params: dict[str, Any]


class WarningOut(BaseModel):
    code: str
    line: int
    params: dict[str, Any]
    # The doctor's decision to keep the line, if given.
    reason: str | None = None


class QuoteLine(BaseModel):
    drug_id: uuid.UUID
    code: str
    generic_name: str
    specification: str
    package_unit: str
    quantity: int
    unit_fen: int
    amount_fen: int
    in_stock: int
    cold_chain: bool


class CheckOut(BaseModel):
    """What the rules answer of a draft the doctor is writing (nothing is saved)."""

    allowed: bool
    refusals: list[RefusalOut]
    warnings: list[WarningOut]
    # Warnings without the doctor's decision: signing is refused until each has one.
    undecided: int
    lines: list[QuoteLine]
    drugs_fen: int


class LineOut(BaseModel):
    position: int
    drug_id: uuid.UUID
    drug_code: str
    generic_name: str
    specification: str
    package_unit: str
    dose: DoseOut
    dose_unit: str
    route: Route
    frequency: str
    days: int
    prn_max_per_day: int | None
    quantity: int
    unit_fen: int
    amount_fen: int
    batches: list[list[Any]]


class PrescriptionSummary(CaseSummary):
    state: State
    prescribing_org_id: uuid.UUID
    prescribing_org_name: str
    dispensing_org_id: uuid.UUID
    dispensing_org_name: str
    visit_id: uuid.UUID
    visit_number: str
    doctor_id: uuid.UUID
    doctor_name: str
    version: int
    drugs: list[str]
    drugs_fen: int
    delivery_fee_fen: int
    fulfilment: Fulfilment | None
    pickup_org_id: uuid.UUID | None
    pickup_org_name: str | None
    signed_at: datetime
    review_due: datetime
    countersign_required: bool
    cold_chain: bool


class PrescriptionOut(PrescriptionSummary, CaseDetail):
    lines: list[LineOut]
    # 代问诊: the village doctor who acts for the patient.
    proxy_doctor_id: uuid.UUID | None
    # What the choice would be: the delivery fee, and the clinic to pick up at (None: none).
    delivery_fee_offer_fen: int
    pickup_clinic_name: str | None
    category: Category
    chronic: bool
    long_term: bool
    stable_assessment: str | None
    patient_confirmed: bool
    guardian_name: str | None
    accompanying_physician: str | None
    validity_days: int
    validity_note: str | None
    valid_until: datetime
    overrides: list[WarningOut]
    document_id: uuid.UUID | None
    replaces_id: uuid.UUID | None
    replaced_by_id: uuid.UUID | None
    reviewed_by_name: str | None
    reviewed_at: datetime | None
    review_codes: list[str]
    review_note: str | None
    countersign_note: str | None
    order_id: uuid.UUID | None
    paid_at: datetime | None
    refunded_fen: int
    recipient: str | None
    recipient_phone: str | None
    address: str | None
    # Shown to the patient side only: what they tell the courier or the village doctor.
    handover_code: str | None
    dispensed_at: datetime | None
    dispensed_by_name: str | None
    carrier: str | None
    tracking_no: str | None
    collected_at: datetime | None
    in_transit_at: datetime | None
    arrived_at: datetime | None
    received_at: datetime | None
    usage_explained: bool
    retention_years: int
    keep_until: date


class PassIn(Input):
    note: Note | None = None
    # 双签: required when the doctor kept a line against a warning.
    countersign_note: Note | None = None


class ReturnIn(Input):
    codes: list[ReviewCode] = Field(min_length=1, max_length=10)
    note: Reason


class ReasonIn(Input):
    reason: Reason


class CheckoutIn(Input):
    fulfilment: Fulfilment
    # Delivery: who receives it, where.
    recipient: Short | None = None
    recipient_phone: Phone | None = None
    address: Address | None = None


class CollectIn(Input):
    carrier: Short
    tracking_no: Annotated[str, StringConstraints(strip_whitespace=True,
                                                  pattern=r"^[A-Za-z0-9-]{6,40}$")]


class CodeIn(Input):
    code: Code


class HandOverIn(Input):
    code: Code
    # The village doctor explained how to take them (用药交代).
    usage_explained: bool
