"""HTTP endpoints of the e-prescription: the rules' check of a draft, signing, the lists (the
pharmacy's queues, the clinic's pick-ups, the patient's own), one POST per step."""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.cases.api import CaseRoutes, Empty
from yilian.core.authz import Actor, current_actor
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session, settings
from yilian.core.pagination import Page
from yilian.pharmacy.prescriptions import policy, schemas, service
from yilian.pharmacy.prescriptions.kind import PRESCRIPTION_KIND
from yilian.pharmacy.prescriptions.models import State
from yilian.settings import Settings


class PrescriptionRoutes(CaseRoutes):
    """The kind's routes under the pharmacy's path."""

    def __init__(self) -> None:
        super().__init__(PRESCRIPTION_KIND.type, step_policy=policy.STEP,
                         out=schemas.PrescriptionOut)
        self.base = "/pharmacy/prescriptions"
        self.one = f"{self.base}/{{{self.id_name}}}"


case = PrescriptionRoutes()
router, BASE = case.router, case.base


@router.post(BASE + "/check", policy=policy.WRITE, response_model=schemas.CheckOut)
async def check(data: schemas.PrescriptionIn, actor: Actor = Depends(current_actor),
                db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
                cfg: Settings = Depends(settings)):
    """The rules over a draft: quantities, price, stock, refusals with their articles, warnings
    (nothing is saved)."""
    return await service.check(db, clk, cfg, actor, data)


case.create(schemas.PrescriptionIn, service.create, policy=policy.WRITE,
            name="sign_prescription")


@router.get(BASE, policy=policy.READ, response_model=Page[schemas.PrescriptionSummary])
async def list_prescriptions(
    state: State | None = None,
    side: Literal["review", "dispense", "ship", "pickup"] | None = Query(
        None, description="a pharmacy's queue, or the pick-ups at the reader's clinic"),
    visit_id: uuid.UUID | None = None, patient_id: uuid.UUID | None = None,
    sort: Literal["oldest", "newest"] = "newest", cursor: str | None = None,
    limit: int = Query(20, ge=1, le=100), actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.list_prescriptions(db, clk, actor, state=state, side=side,
                                            visit_id=visit_id, patient_id=patient_id,
                                            sort=sort, cursor=cursor, limit=limit)


case.read("", service.get, policy=policy.READ, response_model=schemas.PrescriptionOut,
          name="get_prescription")
case.step("/pass", schemas.PassIn,
          lambda db, clk, cfg, a, i, d: service.pass_review(db, clk, a, i, d),
          summary="Pass the review (a pharmacist of the dispensing organisation; 双签 where the "
                  "doctor kept a drug against a warning)")
case.step("/return", schemas.ReturnIn,
          lambda db, clk, cfg, a, i, d: service.return_to_doctor(db, clk, a, i, d),
          summary="Return to the doctor with the review's codes (a pharmacist)")
case.step("/void", schemas.ReasonIn,
          lambda db, clk, cfg, a, i, d: service.void(db, clk, a, i, d),
          summary="Void before payment (the doctor who signed it)")
case.step("/checkout", schemas.CheckoutIn,
          lambda db, clk, cfg, a, i, d: service.checkout(db, clk, a, i, d),
          summary="Choose delivery or pick-up: the order to pay (the patient)")
case.step("/cancel", schemas.ReasonIn,
          lambda db, clk, cfg, a, i, d: service.cancel(db, clk, a, i, d),
          summary="Do not buy it (the patient)")
case.step("/refund", schemas.ReasonIn,
          lambda db, clk, cfg, a, i, d: service.refund(db, clk, a, i, d),
          summary="Paid, not dispensed: refund in full (the patient or a pharmacist)")
case.step("/dispense", Empty, lambda db, clk, cfg, a, i, d: service.dispense(db, clk, a, i),
          summary="Dispense from stock, earliest expiry first (a pharmacist)")
case.step("/collect", schemas.CollectIn,
          lambda db, clk, cfg, a, i, d: service.collect(db, clk, a, i, d),
          summary="Collected by the carrier, with its tracking number (a pharmacist)")
case.step("/transit", Empty, lambda db, clk, cfg, a, i, d: service.transit(db, clk, a, i),
          summary="In transit (a pharmacist)")
case.step("/deliver", schemas.CodeIn,
          lambda db, clk, cfg, a, i, d: service.deliver(db, clk, a, i, d.code),
          summary="Delivered against the patient's receipt code (a pharmacist)")
case.step("/confirm-receipt", Empty,
          lambda db, clk, cfg, a, i, d: service.confirm_receipt(db, clk, a, i),
          summary="Received (the patient)")
case.step("/arrive", Empty, lambda db, clk, cfg, a, i, d: service.arrive(db, clk, a, i),
          summary="Arrived at the village clinic (its doctor)")
case.step("/hand-over", schemas.HandOverIn,
          lambda db, clk, cfg, a, i, d: service.hand_over(db, clk, a, i, d),
          summary="Handed over against the pick-up code, usage explained (the clinic's doctor)")
