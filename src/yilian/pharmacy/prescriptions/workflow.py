"""The e-prescription as a transition table (issue 16; 处方管理办法, 互联网诊疗监管细则（试行）).

Writing and signing are one request (service.create): a prescription exists only signed. Past
the table, the service checks the rest: the pharmacist's second signature where the doctor
kept a drug against a warning (双签), the handover code, the delivery details. No payment and
no dispensing before a pharmacist's approval (不得先药后方) is the table itself: ``checkout``
and payment need ``approved``, dispensing needs ``paid``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from yilian.clinic.policy import DOCTOR_ROLES
from yilian.clinic.visits.workflow import PROXY_ROLES
from yilian.core import workflow
from yilian.core.authz import Actor, Role
from yilian.core.errors import Conflict
from yilian.core.workflow import Guard, Transition, Workflow, nobody
from yilian.pharmacy.prescriptions.models import Fulfilment, Prescription, State


@dataclass
class Parties:
    case: Prescription


def patient_side(a: Actor, p: Parties) -> bool:
    """The patient (or a proxy of their account), or the village doctor who booked the visit
    with them (代问诊)."""
    if a.role == Role.patient:
        return p.case.patient_id in a.patient_ids
    return (p.case.proxy_doctor_id is not None and a.user_id == p.case.proxy_doctor_id
            and a.role in PROXY_ROLES)


def prescriber(a: Actor, p: Parties) -> bool:
    """The doctor who signed it, real-name verified."""
    return a.user_id == p.case.doctor_id and a.role in DOCTOR_ROLES and a.clinically_verified


def pharmacist(a: Actor, p: Parties) -> bool:
    """A pharmacist granted at the dispensing organisation itself."""
    return a.role == Role.pharmacist and a.org_id == p.case.dispensing_org_id


def clinic_doctor(a: Actor, p: Parties) -> bool:
    """A village (or grassroots, family) doctor of the clinic where the patient picks it up."""
    return (a.role in PROXY_ROLES and p.case.pickup_org_id is not None
            and a.org_id == p.case.pickup_org_id)


def _fulfilled_by(kind: Fulfilment):
    def check(p: Parties, now: datetime) -> Conflict | None:
        if p.case.fulfilment == kind:
            return None
        return Conflict(f"this prescription is not for {kind.value}", code=f"not-{kind.value}",
                        title_zh="配送方式不符" if kind == Fulfilment.delivery else "非卫生室取药",
                        title_en=f"Not for {kind.value}")
    return check


def _ordered(p: Parties, now: datetime) -> Conflict | None:
    return None if p.case.order_id is not None else Conflict(
        "choose delivery or pick-up first", code="no-order", title_zh="请先选择取药方式",
        title_en="Choose delivery or pick-up first")


DELIVERY = Guard("to be delivered", _fulfilled_by(Fulfilment.delivery))
PICKUP = Guard("to be picked up at the village clinic", _fulfilled_by(Fulfilment.pickup))
ORDERED = Guard("delivery or pick-up chosen", _ordered)

S = State
_PATIENT = "the patient (or a proxy of their account), or the village doctor who booked the visit"
_DOCTOR = "the doctor who signed it, real-name verified"
_PHARMACIST = "a pharmacist of the dispensing organisation"
_CLINIC = "a doctor of the village clinic where it is picked up"

PRESCRIPTION = workflow.register(Workflow("prescription", State, initial=S.in_review, final=frozenset({
    S.received, S.voided, S.cancelled, S.lapsed}), transitions=[
    Transition("pass", {S.in_review}, S.approved, who=_PHARMACIST, may=pharmacist,
               zh="审核通过", en="Pass the review"),
    Transition("return", {S.in_review}, S.returned, who=_PHARMACIST, may=pharmacist,
               zh="退回医师", en="Return to the doctor"),
    # A change is a new version: the old one is voided (service.create with replaces_id).
    Transition("void", {S.in_review, S.returned, S.approved}, S.voided, who=_DOCTOR,
               may=prescriber, zh="作废", en="Void"),
    Transition("checkout", {S.approved}, S.approved, who=_PATIENT, may=patient_side,
               zh="选择取药方式", en="Choose delivery or pick-up"),
    Transition("pay", {S.approved}, S.paid, who="the platform, when the order is paid",
               may=nobody, zh="支付成功", en="Paid", platform=True, guards=[ORDERED]),
    Transition("lapse", {S.approved}, S.lapsed,
               who="the platform, when the prescription is no longer valid unpaid", may=nobody,
               zh="处方过期", en="Lapsed", platform=True),
    Transition("cancel", {S.approved}, S.cancelled, who=_PATIENT, may=patient_side,
               zh="不购药", en="Do not buy"),
    # Nothing is dispensed yet: the whole payment is refunded.
    Transition("refund", {S.paid}, S.cancelled, who=f"{_PATIENT}, or {_PHARMACIST}",
               may=lambda a, p: patient_side(a, p) or pharmacist(a, p),
               zh="退款", en="Refund"),
    Transition("dispense", {S.paid}, S.dispensed, who=_PHARMACIST, may=pharmacist,
               zh="调配发药", en="Dispense"),
    Transition("collect", {S.dispensed}, S.collected, who=_PHARMACIST, may=pharmacist,
               zh="快递揽收", en="Collected by the carrier", guards=[DELIVERY]),
    Transition("transit", {S.collected}, S.in_transit, who=_PHARMACIST, may=pharmacist,
               zh="运输中", en="In transit", guards=[DELIVERY]),
    # The courier reports the code the patient told them.
    Transition("deliver", {S.in_transit}, S.received, who=_PHARMACIST, may=pharmacist,
               zh="签收（签收码）", en="Delivered (receipt code)", guards=[DELIVERY]),
    Transition("confirm_receipt", {S.collected, S.in_transit}, S.received, who=_PATIENT,
               may=patient_side, zh="确认收货", en="Confirm receipt", guards=[DELIVERY]),
    Transition("arrive", {S.dispensed}, S.at_clinic, who=_CLINIC, may=clinic_doctor,
               zh="药品已到卫生室", en="Arrived at the clinic", guards=[PICKUP]),
    Transition("hand_over", {S.at_clinic}, S.received, who=_CLINIC, may=clinic_doctor,
               zh="交付患者（取药码）", en="Hand over (pick-up code)", guards=[PICKUP]),
]))
