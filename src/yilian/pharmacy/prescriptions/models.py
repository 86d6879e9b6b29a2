"""Tables of the e-prescription (电子处方): one case row per version, its lines.

A prescription is written and signed by the doctor of an open online visit, reviewed by a
pharmacist of the dispensing organisation, paid, dispensed, then delivered to the patient's
door or handed over at their village clinic. Nothing is deleted; a change after signing is a
new version (``replaces_id``) and the old one is voided with the reason.

Retention (处方管理办法 第五十条): ordinary prescriptions are kept 1 year; those with a toxic
drug (医疗用毒性药品) or a class-2 psychotropic 2 years; with a narcotic or class-1
psychotropic 3 years. ``retention_years`` and ``keep_until`` carry it on each row; online
prescriptions never hold the last two kinds (the rules refuse them), so they are kept 1 year
unless the table below is asked about an offline one.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from yilian.cases.columns import CaseRow
from yilian.core.crypto import Encrypted
from yilian.core.db import Base, UUIDPk, str_enum
from yilian.pharmacy.catalogue.models import DOSE_DIGITS, DOSE_PLACES, Control, Route
from yilian.pharmacy.rules.facts import Category


class State(enum.StrEnum):
    in_review = "in_review"  # 待审方: signed, waiting for the pharmacist
    returned = "returned"  # 已退回: the pharmacist sent it back; the doctor reissues it
    approved = "approved"  # 审核通过，待支付
    paid = "paid"  # 已支付，待发药
    dispensed = "dispensed"  # 已发药: for delivery waiting for the carrier, or sent to the clinic
    collected = "collected"  # 已揽收 (by the carrier)
    in_transit = "in_transit"  # 运输中
    at_clinic = "at_clinic"  # 待取药 at the patient's village clinic
    received = "received"  # 已签收 / 已取药
    voided = "voided"  # 已作废: replaced by a new version or withdrawn by the doctor
    cancelled = "cancelled"  # 已取消: not bought, or refunded before dispensing
    lapsed = "lapsed"  # 已过期: not paid while valid


class Fulfilment(enum.StrEnum):
    delivery = "delivery"  # 配送到家
    pickup = "pickup"  # 村卫生室取药


def retention_years(controls: set[Control | None]) -> int:
    """How long a prescription holding drugs of these control classes is kept."""
    if controls & {Control.narcotic, Control.psychotropic_1}:
        return 3
    if controls & {Control.toxic, Control.psychotropic_2}:
        return 2
    return 1


class Prescription(CaseRow, Base):
    """One version of a prescription. Retention: ``keep_until`` (1, 2 or 3 years)."""

    __tablename__ = "prescriptions"
    case_type = "prescription"
    States = State
    party_columns = {"prescribing": "prescribing_org_id", "dispensing": "dispensing_org_id"}
    __table_args__ = (
        Index("ix_prescriptions_prescribing", "prescribing_org_id", "state"),
        Index("ix_prescriptions_dispensing", "dispensing_org_id", "state"),
        # The review queue: a pharmacy's prescriptions in review, oldest first.
        Index("ix_prescriptions_queue", "dispensing_org_id", "state", "signed_at", "id"),
        Index("ix_prescriptions_pickup", "pickup_org_id", "state"),
        Index("ix_prescriptions_visit", "visit_id"),
    )

    prescribing_org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    dispensing_org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    department_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("departments.id"))
    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinic_visits.id"))
    visit_number: Mapped[str] = mapped_column(String(20))
    doctor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    # 代问诊: the village doctor who booked the visit with the patient acts for them here too.
    proxy_doctor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    replaces_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("prescriptions.id"))
    category: Mapped[Category] = mapped_column(str_enum(Category, "prescription_category"))
    chronic: Mapped[bool] = mapped_column(Boolean, default=False)
    long_term: Mapped[bool] = mapped_column(Boolean, default=False)
    # 长期处方 over 4 weeks: the doctor's assessment that the patient is stable.
    stable_assessment: Mapped[str | None] = mapped_column(
        Encrypted("prescriptions.stable_assessment"), nullable=True)
    patient_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    # A child under 6: the guardian present and the accompanying physician.
    guardian_name: Mapped[str | None] = mapped_column(Encrypted("prescriptions.guardian_name"),
                                                      nullable=True)
    accompanying_physician: Mapped[str | None] = mapped_column(
        Encrypted("prescriptions.accompanying_physician"), nullable=True)
    validity_days: Mapped[int] = mapped_column(Integer, default=1)
    validity_note: Mapped[str | None] = mapped_column(String(200))
    valid_until: Mapped[datetime]
    # The warnings the doctor kept the drug against: [{code, line, params, reason}].
    overrides: Mapped[list] = mapped_column(JSON, default=list)
    countersign_required: Mapped[bool] = mapped_column(Boolean, default=False)
    drugs_fen: Mapped[int] = mapped_column(Integer)
    cold_chain: Mapped[bool] = mapped_column(Boolean, default=False)
    signed_at: Mapped[datetime]
    document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("issued_documents.id"))
    review_due: Mapped[datetime]
    review_escalated_at: Mapped[datetime | None]
    reviewed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None]
    review_codes: Mapped[list] = mapped_column(JSON, default=list)
    review_note: Mapped[str | None] = mapped_column(Encrypted("prescriptions.review_note"),
                                                    nullable=True)
    # 双签: the pharmacist's second signature on the doctor's overridden warnings.
    countersign_note: Mapped[str | None] = mapped_column(
        Encrypted("prescriptions.countersign_note"), nullable=True)
    fulfilment: Mapped[Fulfilment | None] = mapped_column(
        str_enum(Fulfilment, "prescription_fulfilment"), nullable=True)
    delivery_fee_fen: Mapped[int] = mapped_column(Integer, default=0)
    order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payment_orders.id"))
    paid_at: Mapped[datetime | None]
    refunded_fen: Mapped[int] = mapped_column(Integer, default=0)
    recipient: Mapped[str | None] = mapped_column(Encrypted("prescriptions.recipient"),
                                                  nullable=True)
    recipient_phone: Mapped[str | None] = mapped_column(
        Encrypted("prescriptions.recipient_phone"), nullable=True)
    address: Mapped[str | None] = mapped_column(Encrypted("prescriptions.address"),
                                                nullable=True)
    pickup_org_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisations.id"))
    # What the patient tells the courier or the village doctor (签收码 / 取药码).
    handover_code: Mapped[str | None] = mapped_column(Encrypted("prescriptions.handover_code"),
                                                      nullable=True)
    dispensed_at: Mapped[datetime | None]
    dispensed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    carrier: Mapped[str | None] = mapped_column(String(40))
    tracking_no: Mapped[str | None] = mapped_column(String(40))
    collected_at: Mapped[datetime | None]
    in_transit_at: Mapped[datetime | None]
    arrived_at: Mapped[datetime | None]
    received_at: Mapped[datetime | None]
    received_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    usage_explained: Mapped[bool] = mapped_column(Boolean, default=False)
    retention_years: Mapped[int] = mapped_column(Integer, default=1)
    keep_until: Mapped[date]


class PrescriptionLine(UUIDPk, Base):
    """One drug of a prescription, as the catalogue described it when signed."""

    __tablename__ = "prescription_lines"
    __table_args__ = (Index("ix_prescription_lines_prescription", "prescription_id",
                            "position"),)

    prescription_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("prescriptions.id"))
    position: Mapped[int]
    drug_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pharmacy_drugs.id"))
    drug_code: Mapped[str] = mapped_column(String(32))
    generic_name: Mapped[str] = mapped_column(String(100))
    specification: Mapped[str] = mapped_column(String(100))
    package_unit: Mapped[str] = mapped_column(String(16))
    dose: Mapped[Decimal] = mapped_column(Numeric(DOSE_DIGITS, DOSE_PLACES))
    dose_unit: Mapped[str] = mapped_column(String(16))
    route: Mapped[Route] = mapped_column(str_enum(Route, "drug_route"))
    frequency: Mapped[str] = mapped_column(String(8))
    days: Mapped[int]
    prn_max_per_day: Mapped[int | None]
    quantity: Mapped[int]  # packages
    unit_fen: Mapped[int]
    amount_fen: Mapped[int]
    # What was dispensed: [[batch_no, expires_on, packages], ...].
    batches: Mapped[list] = mapped_column(JSON, default=list)
