"""Alliance routes: organisations, departments, diagnosis centres and agreements.

Reading is for every signed-in user; the route policies below are the first gate for changes,
and the service then checks the actor's scope against the rows concerned (see policy.py).
"""

from __future__ import annotations

import uuid

from fastapi import Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service
from yilian.alliance.models import AgreementService, CentreKind, OrgLevel
from yilian.alliance.schemas import (
    SINGLE_LINE,
    AgreementIn,
    AgreementOut,
    AgreementPatch,
    CatalogueEntry,
    CentreIn,
    CentreOut,
    CentrePatch,
    DepartmentIn,
    DepartmentOut,
    DepartmentPatch,
    OrganisationIn,
    OrganisationNode,
    OrganisationOut,
    OrganisationPatch,
)
from yilian.core.authz import (
    ADMIN_ROLES,
    API_PREFIX,
    Actor,
    PolicyRouter,
    Role,
    current_actor,
    roles,
    signed_in,
)
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session
from yilian.core.pagination import MAX_LIMIT, Page

router = PolicyRouter(prefix=API_PREFIX, tags=["alliance"])
READERS = signed_in("read the alliance structure")
ORG_ADMINS = roles("administer organisations", ADMIN_ROLES)
DEPARTMENT_ADMINS = roles("administer departments", ADMIN_ROLES)
CENTRE_ADMINS = roles("administer diagnosis centres", {Role.alliance_admin})
AGREEMENT_ADMINS = roles("administer alliance agreements", {Role.alliance_admin})

Cursor = Query(None, max_length=500)
Limit = Query(50, ge=1, le=MAX_LIMIT)


# ---------------------------------------------------------------- organisations


@router.get("/organisations", policy=READERS, response_model=Page[OrganisationOut])
async def list_organisations(
    q: str | None = Query(None, max_length=100, pattern=SINGLE_LINE,
                          description="part of the name"),
    level: OrgLevel | None = None,
    parent_id: uuid.UUID | None = None,
    active: bool | None = None,
    division_code: str | None = Query(None, pattern=r"^[0-9]{2,6}$",
                                      description="division code or its leading digits"),
    cursor: str | None = Cursor, limit: int = Limit,
    db: AsyncSession = Depends(db_session),
):
    items, nxt = await service.list_organisations(
        db, q=q, level=level, parent_id=parent_id, active=active, division_code=division_code,
        cursor=cursor, limit=limit,
    )
    return Page(items=items, next_cursor=nxt)


@router.get("/organisations/tree", policy=READERS, response_model=list[OrganisationNode])
async def organisation_tree(db: AsyncSession = Depends(db_session)):
    return await service.organisation_tree(db)


@router.post("/organisations", policy=ORG_ADMINS, response_model=OrganisationOut, status_code=201)
async def create_organisation(
    body: OrganisationIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.create_organisation(db, clk, actor, body)


@router.get("/organisations/{org_id}", policy=READERS, response_model=OrganisationOut)
async def get_organisation(org_id: uuid.UUID, db: AsyncSession = Depends(db_session)):
    return await service.get_organisation(db, org_id)


@router.patch("/organisations/{org_id}", policy=ORG_ADMINS, response_model=OrganisationOut)
async def update_organisation(
    org_id: uuid.UUID, body: OrganisationPatch, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.update_organisation(db, clk, actor, org_id, body)


@router.post("/organisations/{org_id}/deactivate", policy=ORG_ADMINS,
             response_model=OrganisationOut)
async def deactivate_organisation(
    org_id: uuid.UUID, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.deactivate_organisation(db, clk, actor, org_id)


# ---------------------------------------------------------------- departments


@router.get("/department-catalogue", policy=READERS, response_model=list[CatalogueEntry])
async def department_catalogue():
    return service.department_catalogue()


@router.get("/organisations/{org_id}/departments", policy=READERS,
            response_model=list[DepartmentOut])
async def list_departments(
    org_id: uuid.UUID, active: bool | None = None, db: AsyncSession = Depends(db_session),
):
    return await service.list_departments(db, org_id, active)


@router.post("/organisations/{org_id}/departments", policy=DEPARTMENT_ADMINS,
             response_model=DepartmentOut, status_code=201)
async def create_department(
    org_id: uuid.UUID, body: DepartmentIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.department_out(
        db, await service.create_department(db, clk, actor, org_id, body)
    )


@router.patch("/departments/{department_id}", policy=DEPARTMENT_ADMINS,
              response_model=DepartmentOut)
async def update_department(
    department_id: uuid.UUID, body: DepartmentPatch, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.department_out(
        db, await service.update_department(db, clk, actor, department_id, body)
    )


@router.post("/departments/{department_id}/deactivate", policy=DEPARTMENT_ADMINS,
             response_model=DepartmentOut)
async def deactivate_department(
    department_id: uuid.UUID, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.department_out(
        db, await service.deactivate_department(db, clk, actor, department_id)
    )


# ---------------------------------------------------------------- diagnosis centres


@router.get("/diagnosis-centres", policy=READERS, response_model=Page[CentreOut])
async def list_centres(
    organisation_id: uuid.UUID | None = Query(None, description="the host or a member"),
    kind: CentreKind | None = None, active: bool | None = None,
    cursor: str | None = Cursor, limit: int = Limit,
    db: AsyncSession = Depends(db_session),
):
    items, nxt = await service.list_centres(db, organisation_id=organisation_id, kind=kind,
                                            active=active, cursor=cursor, limit=limit)
    return Page(items=items, next_cursor=nxt)


@router.post("/diagnosis-centres", policy=CENTRE_ADMINS, response_model=CentreOut,
             status_code=201)
async def create_centre(
    body: CentreIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.centre_out(db, await service.create_centre(db, clk, actor, body))


@router.get("/diagnosis-centres/{centre_id}", policy=READERS, response_model=CentreOut)
async def get_centre(centre_id: uuid.UUID, db: AsyncSession = Depends(db_session)):
    return await service.centre_out(db, await service.get_centre(db, centre_id))


@router.patch("/diagnosis-centres/{centre_id}", policy=CENTRE_ADMINS, response_model=CentreOut)
async def update_centre(
    centre_id: uuid.UUID, body: CentrePatch, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.centre_out(db, await service.update_centre(db, clk, actor, centre_id, body))


@router.post("/diagnosis-centres/{centre_id}/deactivate", policy=CENTRE_ADMINS,
             response_model=CentreOut)
async def deactivate_centre(
    centre_id: uuid.UUID, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.centre_out(db, await service.deactivate_centre(db, clk, actor, centre_id))


# ---------------------------------------------------------------- agreements


@router.get("/agreements", policy=READERS, response_model=Page[AgreementOut])
async def list_agreements(
    organisation_id: uuid.UUID | None = Query(None, description="either party"),
    service_: AgreementService | None = Query(None, alias="service"),
    active: bool | None = None, cursor: str | None = Cursor, limit: int = Limit,
    db: AsyncSession = Depends(db_session),
):
    items, nxt = await service.list_agreements(db, organisation_id=organisation_id,
                                               service=service_, active=active, cursor=cursor,
                                               limit=limit)
    return Page(items=items, next_cursor=nxt)


@router.post("/agreements", policy=AGREEMENT_ADMINS, response_model=AgreementOut, status_code=201)
async def create_agreement(
    body: AgreementIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.agreement_out(db, await service.create_agreement(db, clk, actor, body))


@router.get("/agreements/{agreement_id}", policy=READERS, response_model=AgreementOut)
async def get_agreement(agreement_id: uuid.UUID, db: AsyncSession = Depends(db_session)):
    return await service.agreement_out(db, await service.get_agreement(db, agreement_id))


@router.patch("/agreements/{agreement_id}", policy=AGREEMENT_ADMINS, response_model=AgreementOut)
async def update_agreement(
    agreement_id: uuid.UUID, body: AgreementPatch, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.agreement_out(
        db, await service.update_agreement(db, clk, actor, agreement_id, body)
    )


@router.post("/agreements/{agreement_id}/deactivate", policy=AGREEMENT_ADMINS,
             response_model=AgreementOut)
async def deactivate_agreement(
    agreement_id: uuid.UUID, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.agreement_out(
        db, await service.deactivate_agreement(db, clk, actor, agreement_id)
    )
