"""Routes of an organisation's drug catalogue (search, read, add, edit, take off the list and
put back), its stock (by drug with batches, receipts, counts) and its imports. The service
decides by scope; the route policies are the first gate only."""

from __future__ import annotations

import uuid

from fastapi import Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core.authz import API_PREFIX, Actor, PolicyRouter, current_actor
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session, settings
from yilian.core.pagination import MAX_LIMIT, Page
from yilian.pharmacy.catalogue import policy, service
from yilian.pharmacy.catalogue.schemas import (
    AdjustIn,
    DeactivateIn,
    DrugIn,
    DrugOut,
    DrugPatch,
    ImportDetailOut,
    ImportIn,
    ImportOut,
    ReceiveIn,
    StockFilter,
    StockOut,
)
from yilian.settings import Settings

router = PolicyRouter(prefix=API_PREFIX, tags=["pharmacy"])
BASE = "/pharmacy/organisations/{org_id}"
CATALOGUE = BASE + "/catalogue"
IMPORTS = CATALOGUE + "/imports"
DRUG = CATALOGUE + "/{drug_id}"
STOCK = BASE + "/stock"

Q = Query(None, max_length=50, description="a code's beginning, part of a name, or the names' "
                                           "pinyin initials (XBD finds 硝苯地平控释片)")
INACTIVE = Query(False, description="also the drugs taken off the list")
CURSOR = Query(None, max_length=200)
LIMIT = Query(20, ge=1, le=MAX_LIMIT)


@router.get(CATALOGUE, policy=policy.READ, response_model=Page[DrugOut])
async def search(org_id: uuid.UUID, q: str | None = Q, include_inactive: bool = INACTIVE,
                 cursor: str | None = CURSOR, limit: int = LIMIT,
                 actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
                 clk: Clock = Depends(clock)):
    return await service.search(db, clk, actor, org_id, q=q, include_inactive=include_inactive,
                                cursor=cursor, limit=limit)


@router.post(CATALOGUE, policy=policy.WRITE, response_model=DrugOut, status_code=201)
async def create_drug(org_id: uuid.UUID, data: DrugIn, actor: Actor = Depends(current_actor),
                      db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    return await service.create_drug(db, clk, actor, org_id, data)


# Before the drug routes: "imports" is not a drug id.
@router.get(IMPORTS, policy=policy.READ, response_model=Page[ImportOut])
async def list_imports(org_id: uuid.UUID, cursor: str | None = CURSOR, limit: int = LIMIT,
                       actor: Actor = Depends(current_actor),
                       db: AsyncSession = Depends(db_session)):
    return await service.list_imports(db, actor, org_id, cursor=cursor, limit=limit)


@router.post(IMPORTS, policy=policy.WRITE, response_model=ImportDetailOut, status_code=202)
async def start_import(org_id: uuid.UUID, data: ImportIn, actor: Actor = Depends(current_actor),
                       db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
                       cfg: Settings = Depends(settings)):
    """Checks the file's kind, header and size at once (a 4xx, nothing saved); the rows are
    checked and applied in the background: follow the import's ``pharmacy.catalogue_import``
    events (state, rows_done of total_rows) or read it again."""
    return await service.start_import(db, clk, cfg, actor, org_id, data.file_id)


@router.get(IMPORTS + "/{import_id}", policy=policy.READ, response_model=ImportDetailOut)
async def get_import(org_id: uuid.UUID, import_id: uuid.UUID,
                     actor: Actor = Depends(current_actor),
                     db: AsyncSession = Depends(db_session)):
    return await service.import_out(db, actor, org_id, import_id)


@router.get(DRUG, policy=policy.READ, response_model=DrugOut)
async def get_drug(org_id: uuid.UUID, drug_id: uuid.UUID, actor: Actor = Depends(current_actor),
                   db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    return await service.drug_out(db, clk, actor, org_id, drug_id)


@router.patch(DRUG, policy=policy.WRITE, response_model=DrugOut)
async def patch_drug(org_id: uuid.UUID, drug_id: uuid.UUID, data: DrugPatch,
                     actor: Actor = Depends(current_actor),
                     db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    return await service.patch_drug(db, clk, actor, org_id, drug_id, data)


@router.post(DRUG + "/deactivate", policy=policy.WRITE, response_model=DrugOut)
async def deactivate(org_id: uuid.UUID, drug_id: uuid.UUID, data: DeactivateIn,
                     actor: Actor = Depends(current_actor),
                     db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    return await service.set_active(db, clk, actor, org_id, drug_id, False, data.reason)


@router.post(DRUG + "/reactivate", policy=policy.WRITE, response_model=DrugOut)
async def reactivate(org_id: uuid.UUID, drug_id: uuid.UUID,
                     actor: Actor = Depends(current_actor),
                     db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    return await service.set_active(db, clk, actor, org_id, drug_id, True)


@router.get(STOCK, policy=policy.READ, response_model=Page[StockOut])
async def stock(org_id: uuid.UUID, q: str | None = Q, include_inactive: bool = INACTIVE,
                only: StockFilter | None = Query(
                    None, description="out: out of stock; expiring: a batch expires within "
                                      "30 days"),
                all_batches: bool = Query(False, description="also the emptied batches"),
                cursor: str | None = CURSOR, limit: int = LIMIT,
                actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
                clk: Clock = Depends(clock)):
    return await service.stock(db, clk, actor, org_id, q=q, include_inactive=include_inactive,
                               only=only, all_batches=all_batches, cursor=cursor, limit=limit)


@router.post(STOCK + "/receipts", policy=policy.WRITE, response_model=StockOut, status_code=201)
async def receive(org_id: uuid.UUID, data: ReceiveIn, actor: Actor = Depends(current_actor),
                  db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    """Packages received into a batch (the same batch number and expiry adds to it)."""
    return await service.receive(db, clk, actor, org_id, data)


@router.post(STOCK + "/batches/{batch_id}/adjust", policy=policy.WRITE, response_model=StockOut)
async def adjust(org_id: uuid.UUID, batch_id: uuid.UUID, data: AdjustIn,
                 actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
                 clk: Clock = Depends(clock)):
    """A count (盘点) sets a batch's quantity, with the reason."""
    return await service.adjust(db, clk, actor, org_id, batch_id, data)


@router.get(STOCK + "/{drug_id}", policy=policy.READ, response_model=StockOut)
async def drug_stock(org_id: uuid.UUID, drug_id: uuid.UUID,
                     all_batches: bool = Query(False, description="also the emptied batches"),
                     actor: Actor = Depends(current_actor),
                     db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    return await service.drug_stock(db, clk, actor, org_id, drug_id, all_batches=all_batches)
