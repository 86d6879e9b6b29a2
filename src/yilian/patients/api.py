"""Patient index, record, consent and break-glass routes."""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import Depends, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core.authz import (
    ADMIN_ROLES,
    API_PREFIX,
    Actor,
    PolicyRouter,
    Role,
    current_actor,
    roles,
)
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session
from yilian.core.pagination import Page
from yilian.patients import reconciliation, service
from yilian.patients.policy import INDEX_ROLES, RECORD_ROLES
from yilian.patients.schemas import (
    AccessLogEntry,
    AllergyIn,
    BreakGlassIn,
    BreakGlassOut,
    ConfirmIn,
    ConsentIn,
    ConsentOut,
    DiscardIn,
    EncounterIn,
    IdentifiersIn,
    MedicationIn,
    PatientIdentifiers,
    PatientIn,
    PatientOut,
    PatientPatch,
    PatientSummary,
    ProblemIn,
    ReconciliationOut,
    ReconciliationSummary,
    RecordOut,
    VoidIn,
)

router = PolicyRouter(prefix=API_PREFIX, tags=["patients"])
READERS = roles("read patients", INDEX_ROLES | {Role.patient})
INDEX_EDITORS = roles("edit the patient index", INDEX_ROLES)
CLINICIANS = roles("write the health record", RECORD_ROLES, clinical=True)
CONSENT_GIVERS = roles("manage consent", {Role.patient})
HOME_ADMINS = roles("review emergency accesses", ADMIN_ROLES)


@router.get("/patients", policy=READERS, response_model=Page[PatientSummary])
async def search_patients(
    q: str | None = Query(None, max_length=50, description="the name, or its beginning (surname)"),
    resident_id: str | None = Query(None, max_length=18),
    phone: str | None = Query(None, max_length=20),
    cursor: str | None = Query(None, max_length=500),
    limit: int = Query(50, ge=1, le=200),
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock),
):
    items, nxt = await service.search(db, clk, actor, q=q, resident_id=resident_id, phone=phone,
                                      cursor=cursor, limit=limit)
    return Page(items=items, next_cursor=nxt)


@router.post("/patients", policy=INDEX_EDITORS, response_model=PatientOut, status_code=201)
async def create_patient(
    body: PatientIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.create_patient(db, clk, actor, body)


@router.get("/patients/break-glass-log", policy=HOME_ADMINS, response_model=Page[AccessLogEntry])
async def break_glass_log(
    cursor: str | None = Query(None, max_length=500), limit: int = Query(50, ge=1, le=200),
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
):
    items, nxt = await service.break_glass_log(db, actor, cursor, limit)
    return Page(items=items, next_cursor=nxt)


# The hottest read: its only write is the access log (autocommit: no BEGIN/COMMIT round trips
# on PostgreSQL), and it depends on nothing but the session the policy check opened already.
@router.get("/patients/{patient_id}", policy=READERS, response_model=PatientOut, autocommit=True)
async def get_patient(
    patient_id: uuid.UUID, request: Request, db: AsyncSession = Depends(db_session),
):
    return await service.get_patient(db, request.app.state.clock, request.state.actor, patient_id)


@router.post("/patients/{patient_id}/identifiers", policy=READERS,
             response_model=PatientIdentifiers)
async def reveal_identifiers(
    patient_id: uuid.UUID, body: IdentifiersIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    """The full resident ID, phone, address and insurance number, for a purpose the patient's
    access log shows."""
    return await service.reveal_identifiers(db, clk, actor, patient_id, body.purpose)


@router.patch("/patients/{patient_id}", policy=INDEX_EDITORS, response_model=PatientOut)
async def patch_patient(
    patient_id: uuid.UUID, body: PatientPatch, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.patch_patient(db, clk, actor, patient_id, body)


@router.get("/patients/{patient_id}/record", policy=roles("read the health record",
            RECORD_ROLES | {Role.patient}), response_model=RecordOut)
async def get_record(
    patient_id: uuid.UUID, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.get_record(db, clk, actor, patient_id)


def _entry_route(kind: str, schema: type) -> None:
    async def add(
        patient_id: uuid.UUID, body, actor: Actor = Depends(current_actor),
        db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
    ) -> dict[str, uuid.UUID]:
        entry = await service.add_entry(db, clk, actor, patient_id, kind, body)
        return {"id": entry.id}

    # One route per entry kind; the body's schema is bound here, where it is known.
    add.__annotations__["body"] = schema
    add.__name__ = f"add_{kind}"
    router.post(f"/patients/{{patient_id}}/{kind}", policy=CLINICIANS, status_code=201)(add)


for _kind, _schema in (("problems", ProblemIn), ("allergies", AllergyIn),
                       ("medications", MedicationIn), ("encounters", EncounterIn)):
    _entry_route(_kind, _schema)


@router.post("/patients/{patient_id}/{kind}/{entry_id}/void", policy=CLINICIANS, status_code=204)
async def void_entry(
    patient_id: uuid.UUID, kind: Literal["problems", "allergies", "medications"],
    entry_id: uuid.UUID, body: VoidIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    await service.void_entry(db, clk, actor, patient_id, kind, entry_id, body.reason)
    return Response(status_code=204)


@router.get("/patients/{patient_id}/reconciliations", policy=CLINICIANS,
            response_model=list[ReconciliationSummary])
async def list_reconciliations(
    patient_id: uuid.UUID, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await reconciliation.list_for(db, clk, actor, patient_id)


# A reconciliation by its own id (as a consent is), so that its paths stay short.
@router.get("/reconciliations/{reconciliation_id}", policy=CLINICIANS,
            response_model=ReconciliationOut)
async def get_reconciliation(
    reconciliation_id: uuid.UUID, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    """Pending: the proposal against the record as it is now; decided: the lines as decided."""
    return await reconciliation.get(db, clk, actor, reconciliation_id)


@router.post("/reconciliations/{reconciliation_id}/confirm", policy=CLINICIANS,
             response_model=ReconciliationOut)
async def confirm_reconciliation(
    reconciliation_id: uuid.UUID, body: ConfirmIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    """Applies every line but those in ``keep``, as new versions of the entries."""
    return await reconciliation.confirm(db, clk, actor, reconciliation_id, body)


@router.post("/reconciliations/{reconciliation_id}/discard", policy=CLINICIANS,
             response_model=ReconciliationOut)
async def discard_reconciliation(
    reconciliation_id: uuid.UUID, body: DiscardIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await reconciliation.discard(db, clk, actor, reconciliation_id, body.reason)


@router.get("/patients/{patient_id}/consents", policy=READERS, response_model=list[ConsentOut])
async def list_consents(
    patient_id: uuid.UUID, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.list_consents(db, clk, actor, patient_id)


@router.post("/patients/{patient_id}/consents", policy=CONSENT_GIVERS, response_model=ConsentOut,
             status_code=201)
async def grant_consent(
    patient_id: uuid.UUID, body: ConsentIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.grant_consent(db, clk, actor, patient_id, body)


@router.post("/consents/{consent_id}/revoke", policy=CONSENT_GIVERS, response_model=ConsentOut)
async def revoke_consent(
    consent_id: uuid.UUID, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.revoke_consent(db, clk, actor, consent_id)


@router.post("/patients/{patient_id}/break-glass", policy=CLINICIANS, response_model=BreakGlassOut,
             status_code=201)
async def break_glass(
    patient_id: uuid.UUID, body: BreakGlassIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    glass = await service.break_glass(db, clk, actor, patient_id, body.reason)
    return BreakGlassOut(id=glass.id, patient_id=glass.patient_id, expires_at=glass.expires_at)


@router.get("/patients/{patient_id}/access-log", policy=READERS, response_model=Page[AccessLogEntry])
async def access_log(
    patient_id: uuid.UUID, cursor: str | None = Query(None, max_length=500),
    limit: int = Query(50, ge=1, le=200), actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    items, nxt = await service.access_log(db, clk, actor, patient_id, cursor, limit)
    return Page(items=items, next_cursor=nxt)
