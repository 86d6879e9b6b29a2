"""The drug catalogue: the only place drugs, stock batches and catalogue imports change.

Other pharmacy modules read drugs through :func:`drugs_by_id`, :func:`search` and
:func:`stock_of`, and take stock when dispensing through :func:`take`, in their own
transaction. Every change is audited: a drug made, edited, taken off the list or put back; stock
received, counted (with a reason) or taken; an import started and finished (once, with its
counts).

An import is checked whole before anything changes: a background job reads the uploaded file,
checks every row (its progress kept on the import row and pushed to the uploader), and then
either rejects it with the report of every problem, or applies all rows in one transaction,
updating drugs by their code. One import runs per organisation at a time: a unique index on the
running ones refuses the second, also when two start at once.

Locks: :func:`take` locks the drug's unexpired batches (``FOR UPDATE``) in expiry order, so two
dispensers at once never hand out the same last packages; a caller taking several drugs takes
them in the order of their ids, so that two such callers cannot deadlock. An import's apply locks
its organisation's drugs, so an edit at the same time waits rather than being overwritten.
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, NamedTuple

from sqlalchemy import func, insert, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql import Select

from yilian.alliance import service as alliance
from yilian.core import audit
from yilian.core.authz import Actor
from yilian.core.clock import SHANGHAI, Clock
from yilian.core.errors import Conflict, Forbidden, NotFound, Problem, ValidationFailed
from yilian.core.events import emit
from yilian.core.jobs import enqueue_after_commit
from yilian.core.pagination import Page, paginate
from yilian.core.storage import storage_for
from yilian.files import service as files
from yilian.identity import service as identity
from yilian.pharmacy.catalogue import importer, policy
from yilian.pharmacy.catalogue.models import (
    NAME_LENGTH,
    CatalogueImport,
    Drug,
    ImportState,
    StockBatch,
    search_initials,
)
from yilian.pharmacy.catalogue.schemas import (
    REQUIRED_FIELDS,
    AdjustIn,
    BatchOut,
    DrugIn,
    DrugInfo,
    DrugOut,
    DrugPatch,
    ImportDetailOut,
    ImportOut,
    ImportProblemOut,
    ReceiveIn,
    StockFilter,
    StockOut,
)
from yilian.settings import Settings

DRUG = "pharmacy_drug"
BATCH = "pharmacy_stock_batch"
IMPORT = "pharmacy_catalogue_import"
IMPORT_JOB = "pharmacy.catalogue-import"
IMPORT_EVENT = "pharmacy.catalogue_import"
EXPIRES_SOON = timedelta(days=30)
# A running import that has not moved for this long was interrupted (its job lost).
STALE_IMPORT = timedelta(minutes=5)
# Progress is saved and pushed about twenty times an import, at most every 200 rows.
PROGRESS_STEPS, PROGRESS_LEAST = 20, 200


# ---------------------------------------------------------------- refusals


class DrugNotFound(NotFound):
    code = "drug-not-found"
    title_zh = "药品目录中没有该药品"
    title_en = "No such drug in the catalogue"


class DrugCodeTaken(Conflict):
    code = "drug-code-taken"
    title_zh = "该药品编码已被使用"
    title_en = "The drug code is taken"


class DrugInactive(Conflict):
    code = "drug-inactive"
    title_zh = "该药品已停用"
    title_en = "The drug is taken off the list"


class DrugActive(Conflict):
    code = "drug-active"
    title_zh = "该药品在用"
    title_en = "The drug is on the list"


class BatchNotFound(NotFound):
    code = "batch-not-found"
    title_zh = "没有该批次"
    title_en = "No such batch"


class OutOfStock(Conflict):
    code = "out-of-stock"
    title_zh = "库存不足"
    title_en = "Not enough in stock"


class ImportRunning(Conflict):
    code = "import-running"
    title_zh = "本机构已有药品目录正在导入，请等其完成"
    title_en = "A catalogue import is running for this organisation; wait for it to finish"


class ImportNotFound(NotFound):
    code = "import-not-found"
    title_zh = "没有该导入记录"
    title_en = "No such import"


def _not_yours(org_id: uuid.UUID, detail: str) -> Problem:
    return Forbidden(detail, code="not-your-organisation", title_zh="无权操作该机构的药品目录",
                     title_en="Not allowed on this organisation's catalogue"
                     ).about("organisation", org_id, org_id)


# ---------------------------------------------------------------- scope


async def _readable(db: AsyncSession, actor: Actor, org_id: uuid.UUID) -> None:
    org = await alliance.get_organisation(db, org_id)
    if not policy.may_read(actor, org.path):
        raise _not_yours(org.id, "the catalogue is read by staff of the organisation and of "
                                 "those above it")


async def _writable(db: AsyncSession, actor: Actor, org_id: uuid.UUID) -> None:
    org = await alliance.get_organisation(db, org_id)
    if not policy.may_write(actor, org.id):
        raise _not_yours(org.id, "the catalogue is kept by the organisation's own pharmacists "
                                 "and administrators")


def _today(clock: Clock) -> date:
    return clock.now().astimezone(SHANGHAI).date()


def _plain(value: Any) -> Any:
    """A value as the audit log's JSON holds it."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | date):
        return str(value)
    return value


# ---------------------------------------------------------------- reading


def info_of(drug: Drug) -> DrugInfo:
    return DrugInfo(**{f.name: getattr(drug, f.name) for f in dataclasses.fields(DrugInfo)})


async def drugs_by_id(db: AsyncSession, org_id: uuid.UUID, ids: set[uuid.UUID]
                      ) -> dict[uuid.UUID, DrugInfo]:
    """The organisation's drugs among ``ids`` (inactive ones too: a prescription refers to
    them); ids of other organisations' drugs or of none are left out."""
    if not ids:
        return {}
    rows = await db.execute(select(Drug).where(Drug.organisation_id == org_id,
                                               Drug.id.in_(ids)))
    return {d.id: info_of(d) for d in rows.scalars()}


async def atc_of_names(db: AsyncSession, org_id: uuid.UUID, names: set[str]) -> dict[str, str]:
    """The ATC code of each name that begins with a generic name of the organisation's
    catalogue (a record's 氨氯地平片 5mg is 氨氯地平), the longest such name winning; names
    matching none are left out."""
    prefixes = {n[:k] for n in names for k in range(2, min(len(n), NAME_LENGTH) + 1)}
    if not prefixes:
        return {}
    rows = (await db.execute(select(Drug.generic_name, Drug.atc).where(
        Drug.organisation_id == org_id, Drug.generic_name.in_(prefixes)))).all()
    found: dict[str, str] = {}
    for name in names:
        best = max((g for g, _ in rows if name.startswith(g)), key=len, default=None)
        if best is not None:
            found[name] = next(atc for g, atc in rows if g == best)
    return found


async def stock_of(db: AsyncSession, clock: Clock, drug_ids: set[uuid.UUID]
                   ) -> dict[uuid.UUID, int]:
    """Packages in stock per drug: the sum of its batches not expired (0 for none)."""
    if not drug_ids:
        return {}
    rows = await db.execute(
        select(StockBatch.drug_id, func.sum(StockBatch.quantity))
        .where(StockBatch.drug_id.in_(drug_ids), StockBatch.expires_on >= _today(clock))
        .group_by(StockBatch.drug_id))
    found = {drug_id: int(n or 0) for drug_id, n in rows.all()}
    return {d: found.get(d, 0) for d in drug_ids}


def _matching(org_id: uuid.UUID, q: str | None, include_inactive: bool) -> Select[Any]:
    """The organisation's drugs whose code starts with ``q``, whose generic or trade name
    contains it, or (letters and digits only) one of whose names' initials start with it."""
    stmt = select(Drug).where(Drug.organisation_id == org_id)
    if not include_inactive:
        stmt = stmt.where(Drug.active.is_(True))
    q = (q or "").strip()
    if q:
        found = [func.upper(Drug.code).startswith(q.upper(), autoescape=True),
                 Drug.generic_name.icontains(q, autoescape=True),
                 Drug.trade_name.icontains(q, autoescape=True)]
        if q.isascii() and q.isalnum():
            initials = q.upper()
            found += [Drug.pinyin.startswith(initials),
                      Drug.pinyin.contains(" " + initials, autoescape=True)]
        stmt = stmt.where(or_(*found))
    return stmt


async def _outs(db: AsyncSession, clock: Clock, actor: Actor | None, drugs: list[Drug]
                ) -> list[DrugOut]:
    stock = await stock_of(db, clock, {d.id for d in drugs})
    names = set(DrugOut.model_fields) - {"stock_packages", "may_edit"}
    return [DrugOut(**{n: getattr(d, n) for n in names}, stock_packages=stock[d.id],
                    may_edit=actor is not None and policy.may_write(actor, d.organisation_id))
            for d in drugs]


async def search(db: AsyncSession, clock: Clock, actor: Actor, org_id: uuid.UUID, *,
                 q: str | None = None, include_inactive: bool = False, cursor: str | None = None,
                 limit: int = 20) -> Page[DrugOut]:
    """The catalogue as its readers see it, by code: all of it, or what ``q`` finds by code
    prefix, name substring or pinyin initials (硝苯 or XBD finds 硝苯地平控释片); active drugs
    only unless ``include_inactive``. With each drug's stock."""
    await _readable(db, actor, org_id)
    rows, nxt = await paginate(db, _matching(org_id, q, include_inactive), [Drug.code, Drug.id],
                               cursor=cursor, limit=limit)
    return Page(items=await _outs(db, clock, actor, rows), next_cursor=nxt)


async def _drug(db: AsyncSession, org_id: uuid.UUID, drug_id: uuid.UUID, *,
                lock: bool = False) -> Drug:
    stmt = select(Drug).where(Drug.id == drug_id, Drug.organisation_id == org_id)
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    drug = (await db.execute(stmt)).scalar_one_or_none()
    if drug is None:
        raise DrugNotFound(f"drug {drug_id} is not in this organisation's catalogue")
    return drug


async def drug_out(db: AsyncSession, clock: Clock, actor: Actor, org_id: uuid.UUID,
                   drug_id: uuid.UUID) -> DrugOut:
    await _readable(db, actor, org_id)
    return (await _outs(db, clock, actor, [await _drug(db, org_id, drug_id)]))[0]


# ---------------------------------------------------------------- changing drugs


async def _audit_drug(db: AsyncSession, clock: Clock, actor: Actor | None, action: str,
                      drug: Drug, detail: dict[str, Any]) -> None:
    await audit.record(db, clock, actor, f"pharmacy.drug.{action}", entity_type=DRUG,
                       entity_id=drug.id, subject_org_id=drug.organisation_id,
                       detail={"code": drug.code, "generic_name": drug.generic_name, **detail})


async def _flush_code(db: AsyncSession, code: str) -> None:
    """Flushes; another drug with the code (made meanwhile too) is a 409, nothing written."""
    try:
        await db.flush()
    except IntegrityError:
        await db.rollback()
        raise DrugCodeTaken(f"the code {code} is taken at this organisation") from None


async def create_drug(db: AsyncSession, clock: Clock, actor: Actor, org_id: uuid.UUID,
                      data: DrugIn) -> DrugOut:
    await _writable(db, actor, org_id)
    now = clock.now()
    values = data.model_dump()
    drug = Drug(id=uuid.uuid4(), organisation_id=org_id, **values,
                pinyin=search_initials(data.generic_name, data.trade_name), active=True,
                created_at=now, created_by=actor.user_id, updated_at=now,
                updated_by=actor.user_id)
    db.add(drug)
    await _flush_code(db, data.code)
    await _audit_drug(db, clock, actor, "create", drug,
                      {k: _plain(v) for k, v in values.items() if v is not None})
    await db.commit()
    return (await _outs(db, clock, actor, [drug]))[0]


async def patch_drug(db: AsyncSession, clock: Clock, actor: Actor, org_id: uuid.UUID,
                     drug_id: uuid.UUID, data: DrugPatch) -> DrugOut:
    """Changes the fields sent; a patch that changes nothing writes nothing."""
    await _writable(db, actor, org_id)
    sent = data.model_dump(exclude_unset=True)
    cleared = sorted(REQUIRED_FIELDS & {k for k, v in sent.items() if v is None})
    if cleared:
        raise ValidationFailed.field(cleared[0], "may not be empty")
    drug = await _drug(db, org_id, drug_id, lock=True)
    changed = {k: v for k, v in sent.items() if getattr(drug, k) != v}
    if changed:
        before = {k: _plain(getattr(drug, k)) for k in changed}
        for k, v in changed.items():
            setattr(drug, k, v)
        if {"generic_name", "trade_name"} & set(changed):
            drug.pinyin = search_initials(drug.generic_name, drug.trade_name)
        drug.updated_at, drug.updated_by = clock.now(), actor.user_id
        await _flush_code(db, drug.code)
        await _audit_drug(db, clock, actor, "update", drug, {"changed": {
            k: [before[k], _plain(v)] for k, v in changed.items()}})
        await db.commit()
    return (await _outs(db, clock, actor, [drug]))[0]


async def set_active(db: AsyncSession, clock: Clock, actor: Actor, org_id: uuid.UUID,
                     drug_id: uuid.UUID, active: bool, reason: str | None = None) -> DrugOut:
    """Takes a drug off the list (with a reason) or puts it back; never deletes it, since
    prescriptions refer to it."""
    await _writable(db, actor, org_id)
    drug = await _drug(db, org_id, drug_id, lock=True)
    if drug.active == active:
        raise (DrugActive if active else DrugInactive)(
            f"the drug is {'on' if active else 'off'} the list already")
    drug.active, drug.updated_at, drug.updated_by = active, clock.now(), actor.user_id
    await _audit_drug(db, clock, actor, "reactivate" if active else "deactivate", drug,
                      {"reason": reason} if reason else {})
    await db.commit()
    return (await _outs(db, clock, actor, [drug]))[0]


# ---------------------------------------------------------------- stock


class Taken(NamedTuple):
    batch_no: str
    expires_on: date
    packages: int


async def receive_batch(db: AsyncSession, clock: Clock, actor: Actor | None, drug: DrugInfo, *,
                        batch_no: str, expires_on: date, quantity: int) -> None:
    """Adds packages to the drug's batch of that number and expiry, made if new (no commit;
    the caller checked the drug is active and the expiry to come). Audited."""
    now = clock.now()
    insert_ = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert_(StockBatch).values(
        id=uuid.uuid4(), organisation_id=drug.organisation_id, drug_id=drug.id,
        batch_no=batch_no, expires_on=expires_on, quantity=quantity, received_at=now,
        received_by=actor.user_id if actor else None)
    # Two receipts of one batch at once both count: the second adds to the first's row.
    upsert = stmt.on_conflict_do_update(
        index_elements=["drug_id", "batch_no", "expires_on"],
        set_={"quantity": StockBatch.quantity + stmt.excluded.quantity},
    ).returning(StockBatch.id, StockBatch.quantity)
    batch_id, total = (await db.execute(upsert)).one()
    await audit.record(db, clock, actor, "pharmacy.stock.receive", entity_type=BATCH,
                       entity_id=batch_id, subject_org_id=drug.organisation_id,
                       detail={"drug_id": str(drug.id), "code": drug.code, "batch_no": batch_no,
                               "expires_on": expires_on.isoformat(), "received": quantity,
                               "quantity": total})


async def receive(db: AsyncSession, clock: Clock, actor: Actor, org_id: uuid.UUID,
                  data: ReceiveIn) -> StockOut:
    await _writable(db, actor, org_id)
    drug = await _drug(db, org_id, data.drug_id)
    if not drug.active:
        raise DrugInactive("a drug taken off the list is not restocked")
    if data.expires_on < _today(clock):
        raise ValidationFailed.field("expires_on", "the batch has expired")
    await receive_batch(db, clock, actor, info_of(drug), batch_no=data.batch_no,
                        expires_on=data.expires_on, quantity=data.quantity)
    await db.commit()
    return (await _stock_outs(db, clock, actor, [drug], all_batches=False))[0]


async def adjust(db: AsyncSession, clock: Clock, actor: Actor, org_id: uuid.UUID,
                 batch_id: uuid.UUID, data: AdjustIn) -> StockOut:
    """A count (盘点) corrects a batch's quantity, with a reason."""
    await _writable(db, actor, org_id)
    batch = (await db.execute(
        select(StockBatch).where(StockBatch.id == batch_id, StockBatch.organisation_id == org_id)
        .with_for_update().execution_options(populate_existing=True))).scalar_one_or_none()
    if batch is None:
        raise BatchNotFound(f"batch {batch_id} is not in this organisation's stock")
    before, batch.quantity = batch.quantity, data.quantity
    await audit.record(db, clock, actor, "pharmacy.stock.adjust", entity_type=BATCH,
                       entity_id=batch.id, subject_org_id=org_id,
                       detail={"drug_id": str(batch.drug_id), "batch_no": batch.batch_no,
                               "expires_on": batch.expires_on.isoformat(), "from": before,
                               "to": data.quantity, "reason": data.reason})
    await db.commit()
    drug = await _drug(db, org_id, batch.drug_id)
    return (await _stock_outs(db, clock, actor, [drug], all_batches=True))[0]


async def take(db: AsyncSession, clock: Clock, actor: Actor | None, org_id: uuid.UUID,
               drug_id: uuid.UUID, packages: int) -> list[Taken]:
    """Takes ``packages`` of a drug from its unexpired batches, earliest expiry first, in the
    caller's transaction (no commit): which batches gave how many (for the dispensing record).
    Short of stock: 409 ``out-of-stock`` (with ``available``) and nothing taken. Audited."""
    if packages < 1:
        raise ValueError("take at least one package")
    batches = (await db.execute(
        select(StockBatch).where(
            StockBatch.organisation_id == org_id, StockBatch.drug_id == drug_id,
            StockBatch.quantity > 0, StockBatch.expires_on >= _today(clock))
        .order_by(StockBatch.expires_on, StockBatch.batch_no, StockBatch.id)
        .with_for_update().execution_options(populate_existing=True))).scalars().all()
    available = sum(b.quantity for b in batches)
    if available < packages:
        raise OutOfStock(f"{available} packages in stock, {packages} wanted",
                         available=available)
    taken: list[Taken] = []
    left = packages
    for batch in batches:
        n = min(left, batch.quantity)
        batch.quantity -= n
        taken.append(Taken(batch.batch_no, batch.expires_on, n))
        left -= n
        if not left:
            break
    await db.flush()
    await audit.record(db, clock, actor, "pharmacy.stock.take", entity_type=DRUG,
                       entity_id=drug_id, subject_org_id=org_id,
                       detail={"packages": packages, "batches": [
                           [t.batch_no, t.expires_on.isoformat(), t.packages] for t in taken]})
    return taken


async def _stock_outs(db: AsyncSession, clock: Clock, actor: Actor, drugs: list[Drug], *,
                      all_batches: bool) -> list[StockOut]:
    ids = [d.id for d in drugs]
    stmt = select(StockBatch).where(StockBatch.drug_id.in_(ids))
    if not all_batches:
        stmt = stmt.where(StockBatch.quantity > 0)
    batches: dict[uuid.UUID, list[StockBatch]] = {i: [] for i in ids}
    for b in (await db.execute(stmt.order_by(StockBatch.expires_on, StockBatch.batch_no,
                                                     StockBatch.id))).scalars():
        batches[b.drug_id].append(b)
    people = await identity.display_names(db, {b.received_by for bs in batches.values()
                                               for b in bs if b.received_by})
    today = _today(clock)
    outs = await _outs(db, clock, actor, drugs)
    return [StockOut(drug=out, stock_packages=out.stock_packages, batches=[BatchOut(
        id=b.id, batch_no=b.batch_no, expires_on=b.expires_on, quantity=b.quantity,
        expired=b.expires_on < today,
        expires_soon=today <= b.expires_on <= today + EXPIRES_SOON, received_at=b.received_at,
        received_by_name=people.get(b.received_by) if b.received_by else None,
    ) for b in batches[out.id]]) for out in outs]


async def stock(db: AsyncSession, clock: Clock, actor: Actor, org_id: uuid.UUID, *,
                q: str | None, include_inactive: bool, only: StockFilter | None,
                all_batches: bool, cursor: str | None, limit: int) -> Page[StockOut]:
    """Each drug (as :func:`search` finds them) with its batches in stock, earliest expiry
    first (``all_batches``: the emptied ones too). ``only``: the drugs out of stock, or those
    with a batch expiring within 30 days."""
    await _readable(db, actor, org_id)
    today = _today(clock)
    live = select(StockBatch.id).where(StockBatch.drug_id == Drug.id, StockBatch.quantity > 0,
                                       StockBatch.expires_on >= today)
    stmt = _matching(org_id, q, include_inactive)
    if only == "out":
        stmt = stmt.where(~live.exists())
    elif only == "expiring":
        stmt = stmt.where(live.where(StockBatch.expires_on <= today + EXPIRES_SOON).exists())
    rows, nxt = await paginate(db, stmt, [Drug.code, Drug.id], cursor=cursor, limit=limit)
    return Page(items=await _stock_outs(db, clock, actor, rows, all_batches=all_batches),
                next_cursor=nxt)


async def drug_stock(db: AsyncSession, clock: Clock, actor: Actor, org_id: uuid.UUID,
                     drug_id: uuid.UUID, *, all_batches: bool) -> StockOut:
    await _readable(db, actor, org_id)
    drug = await _drug(db, org_id, drug_id)
    return (await _stock_outs(db, clock, actor, [drug], all_batches=all_batches))[0]


# ---------------------------------------------------------------- imports


@dataclasses.dataclass(frozen=True)
class Applied:
    added: int
    updated: int
    unchanged: int
    inactive_codes: list[str]


async def _apply(db: AsyncSession, clock: Clock, org_id: uuid.UUID, by: uuid.UUID | None,
                 checker: importer.Checker) -> Applied:
    """Every checked row written, by code (no commit): new drugs added, others updated in the
    columns the file has. The organisation's drugs are locked meanwhile."""
    existing = {d.code: d for d in (await db.execute(
        select(Drug).where(Drug.organisation_id == org_id).with_for_update()
        .execution_options(populate_existing=True))).scalars()}
    fields = checker.fields
    now = clock.now()
    new: list[dict[str, Any]] = []
    updated = unchanged = 0
    inactive: list[str] = []
    for values in checker.rows:
        drug = existing.get(values["code"])
        if drug is None:
            new.append({**importer.DEFAULTS, **values, "id": uuid.uuid4(),
                        "organisation_id": org_id, "active": True, "created_at": now,
                        "created_by": by, "updated_at": now, "updated_by": by})
            continue
        if not drug.active:
            inactive.append(drug.code)
        changed = {f: values[f] for f in fields if getattr(drug, f) != values[f]}
        if not changed:
            unchanged += 1
            continue
        for k, v in changed.items():
            setattr(drug, k, v)
        if {"generic_name", "trade_name"} & set(changed):
            drug.pinyin = search_initials(drug.generic_name, drug.trade_name)
        drug.updated_at, drug.updated_by = now, by
        updated += 1
    if new:
        await db.execute(insert(Drug), new)
    await db.flush()
    return Applied(len(new), updated, unchanged, inactive)


async def import_content(db: AsyncSession, clock: Clock, actor: Actor | None,
                         org_id: uuid.UUID, content: bytes, content_type: str) -> Applied:
    """A catalogue file applied at once in the caller's transaction (no commit), as an import
    would, without an upload or a job: for the command line (the demo). A file with problems
    is refused (422, the first problems listed) and nothing changes. Audited once."""
    kind = importer.kind_of(content_type)
    checker = importer.Checker(importer.open_sheet(content, kind))
    for number, cells in checker.sheet.rows:
        checker.check(number, cells)
    if checker.problem_count:
        raise ValidationFailed(f"{checker.problem_count} problems", errors=[
            {"field": f"row {p['row']}.{p['column']}", "message": p["message_en"]}
            for p in checker.problems[:20]])
    applied = await _apply(db, clock, org_id, actor.user_id if actor else None, checker)
    await audit.record(db, clock, actor, "pharmacy.catalogue.import.done",
                       entity_type="organisation", entity_id=org_id, subject_org_id=org_id,
                       detail={"total_rows": len(checker.rows), "via": "command line",
                               **dataclasses.asdict(applied)})
    return applied


async def _import_outs(db: AsyncSession, rows: list[CatalogueImport]) -> list[ImportOut]:
    names = await files.files_info(db, {r.file_id for r in rows})
    people = await identity.display_names(db, {r.created_by for r in rows})
    return [ImportOut(
        id=r.id, organisation_id=r.organisation_id, file_id=r.file_id,
        filename=names[r.file_id].filename if r.file_id in names else "", state=r.state,
        total_rows=r.total_rows, rows_done=r.rows_done, added=r.added, updated=r.updated,
        unchanged=r.unchanged, problem_count=r.problem_count,
        ignored_columns=r.report.get("ignored_columns", []),
        inactive_codes=r.report.get("inactive_codes", []), failure=r.report.get("failure"),
        created_at=r.created_at, created_by=r.created_by,
        created_by_name=people.get(r.created_by), finished_at=r.finished_at) for r in rows]


async def _detail(db: AsyncSession, row: CatalogueImport) -> ImportDetailOut:
    out = (await _import_outs(db, [row]))[0]
    return ImportDetailOut(**out.model_dump(), problems=[
        ImportProblemOut(**p) for p in row.report.get("problems", [])])


async def start_import(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                       org_id: uuid.UUID, file_id: uuid.UUID) -> ImportDetailOut:
    """Starts importing the actor's own upload: a file that is not CSV or .xlsx, is empty, has
    more than 20,000 rows or lacks a required column is refused at once and nothing is saved;
    otherwise the import is made (running, its rows counted) and its job runs after the
    commit. The file is attached to the import it fed."""
    await _writable(db, actor, org_id)
    info = await files.readable_file(db, actor, file_id)
    if info.owner_user_id != actor.user_id:
        raise Forbidden("import a file you uploaded yourself", code="not-your-file").about(
            "file", file_id, org_id)
    kind = importer.kind_of(info.content_type)
    if await db.scalar(select(CatalogueImport.id).where(
            CatalogueImport.organisation_id == org_id,
            CatalogueImport.state == ImportState.running)) is not None:
        raise ImportRunning("wait for the running import to finish")
    # No transaction (nor SQLite's write lock) is held while the file is read and counted.
    await db.commit()
    content = await files.read_content(storage_for(settings), info, max_bytes=importer.MAX_BYTES)
    total, ignored = await asyncio.to_thread(importer.survey, content, kind)
    now = clock.now()
    row = CatalogueImport(id=uuid.uuid4(), organisation_id=org_id, file_id=file_id,
                          state=ImportState.running, total_rows=total, rows_done=0, added=0,
                          updated=0, unchanged=0, problem_count=0,
                          report={"ignored_columns": ignored}, created_at=now,
                          created_by=actor.user_id, updated_at=now)
    db.add(row)
    try:
        await db.flush()  # the unique index refuses a second running import here
    except IntegrityError:
        await db.rollback()
        raise ImportRunning("another import started meanwhile") from None
    await files.attach(db, clock, actor, file_id, entity_type=IMPORT, entity_id=row.id)
    await audit.record(db, clock, actor, "pharmacy.catalogue.import.start", entity_type=IMPORT,
                       entity_id=row.id, subject_org_id=org_id,
                       detail={"file_id": str(file_id), "total_rows": total,
                               "ignored_columns": ignored})
    await _push(db, clock, row)
    enqueue_after_commit(db, IMPORT_JOB, [{"import_id": str(row.id)}])
    await db.commit()
    return await _detail(db, row)


async def _push(db: AsyncSession, clock: Clock, row: CatalogueImport) -> None:
    """The import's state and progress, to the uploader's browser (the progress bar)."""
    await emit(db, clock, IMPORT_EVENT, entity_type=IMPORT, entity_id=row.id,
               recipients=[row.created_by], payload={
                   "import_id": str(row.id), "organisation_id": str(row.organisation_id),
                   "state": row.state.value, "rows_done": row.rows_done,
                   "total_rows": row.total_rows})


async def _lock_import(db: AsyncSession, import_id: uuid.UUID) -> CatalogueImport | None:
    return (await db.execute(
        select(CatalogueImport).where(CatalogueImport.id == import_id).with_for_update()
        .execution_options(populate_existing=True))).scalar_one_or_none()


async def _progress(maker: async_sessionmaker[AsyncSession], clock: Clock,
                    import_id: uuid.UUID, done: int) -> bool:
    """Saves and pushes the rows checked; False when the import is no longer running."""
    async with maker() as db:
        row = await _lock_import(db, import_id)
        if row is None or row.state != ImportState.running:
            return False
        # A second run of the job (after a retry) may report less than the first did.
        row.rows_done, row.updated_at = max(row.rows_done, done), clock.now()
        await _push(db, clock, row)
        await db.commit()
        return True


async def _finish(db: AsyncSession, clock: Clock, row: CatalogueImport, state: ImportState,
                  detail: dict[str, Any]) -> None:
    row.state, row.updated_at, row.finished_at = state, clock.now(), clock.now()
    await audit.record(db, clock, None, f"pharmacy.catalogue.import.{state.value}",
                       entity_type=IMPORT, entity_id=row.id, subject_org_id=row.organisation_id,
                       detail={"uploaded_by": str(row.created_by),
                               "total_rows": row.total_rows, **detail})
    await _push(db, clock, row)


async def _fail(maker: async_sessionmaker[AsyncSession], clock: Clock, import_id: uuid.UUID,
                failure: str) -> None:
    async with maker() as db:
        row = await _lock_import(db, import_id)
        if row is not None and row.state == ImportState.running:
            row.report = {**row.report, "failure": failure}
            await _finish(db, clock, row, ImportState.failed, {"failure": failure})
            await db.commit()


def _check_some(checker: importer.Checker, n: int) -> int:
    """Checks up to ``n`` more rows (in a thread: parsing a workbook is CPU work)."""
    count = 0
    for number, cells in checker.sheet.rows:
        checker.check(number, cells)
        count += 1
        if count == n:
            break
    return count


async def run_import(maker: async_sessionmaker[AsyncSession], clock: Clock,
                     settings: Settings, import_id: uuid.UUID) -> None:
    """The import's job: every row checked (progress saved and pushed as it goes), then the
    import rejected with its report, or applied whole in one transaction. Run again (a retry),
    it finds a finished import and does nothing."""
    async with maker() as db:
        row = await db.get(CatalogueImport, import_id)
        if row is None or row.state != ImportState.running:
            return
        info = await files.get_info(db, row.file_id)
        total = row.total_rows
    step, done = max(PROGRESS_LEAST, total // PROGRESS_STEPS), 0
    try:
        content = await files.read_content(storage_for(settings), info,
                                           max_bytes=importer.MAX_BYTES)
        checker = importer.Checker(await asyncio.to_thread(
            importer.open_sheet, content, importer.kind_of(info.content_type)))
        while n := await asyncio.to_thread(_check_some, checker, step):
            done += n
            if not await _progress(maker, clock, import_id, done):
                return
    except Problem as e:  # the file is gone from storage, or no longer reads as it did
        await _fail(maker, clock, import_id, e.code)
        return
    async with maker() as db:
        row = await _lock_import(db, import_id)
        if row is None or row.state != ImportState.running:
            return
        row.problem_count = checker.problem_count
        if checker.problem_count:
            row.report = {**row.report, "problems": checker.problems}
            await _finish(db, clock, row, ImportState.rejected,
                          {"problem_count": checker.problem_count})
        else:
            applied = await _apply(db, clock, row.organisation_id, row.created_by, checker)
            row.added, row.updated, row.unchanged = (applied.added, applied.updated,
                                                     applied.unchanged)
            row.report = {**row.report, "inactive_codes": applied.inactive_codes}
            await _finish(db, clock, row, ImportState.done, {
                "added": applied.added, "updated": applied.updated,
                "unchanged": applied.unchanged, "inactive_codes": applied.inactive_codes})
        await db.commit()


async def fail_stale_imports(db: AsyncSession, clock: Clock) -> int:
    """Running imports that have not moved for STALE_IMPORT were interrupted (their job lost
    with a restart, or failing every time): failed, so that the organisation may import again
    (no commit). How many."""
    ids = (await db.execute(select(CatalogueImport.id).where(
        CatalogueImport.state == ImportState.running,
        CatalogueImport.updated_at <= clock.now() - STALE_IMPORT))).scalars().all()
    failed = 0
    for import_id in ids:
        row = await _lock_import(db, import_id)
        if row is not None and row.state == ImportState.running \
                and row.updated_at <= clock.now() - STALE_IMPORT:
            row.report = {**row.report, "failure": "interrupted"}
            await _finish(db, clock, row, ImportState.failed, {"failure": "interrupted"})
            failed += 1
    return failed


async def import_out(db: AsyncSession, actor: Actor, org_id: uuid.UUID, import_id: uuid.UUID
                     ) -> ImportDetailOut:
    await _readable(db, actor, org_id)
    row = (await db.execute(select(CatalogueImport).where(
        CatalogueImport.id == import_id, CatalogueImport.organisation_id == org_id))
           ).scalar_one_or_none()
    if row is None:
        raise ImportNotFound(f"import {import_id} is not this organisation's")
    return await _detail(db, row)


async def list_imports(db: AsyncSession, actor: Actor, org_id: uuid.UUID, *,
                       cursor: str | None, limit: int) -> Page[ImportOut]:
    """The organisation's imports, newest first (without their problems)."""
    await _readable(db, actor, org_id)
    rows, nxt = await paginate(
        db, select(CatalogueImport).where(CatalogueImport.organisation_id == org_id),
        [CatalogueImport.created_at, CatalogueImport.id], cursor=cursor, limit=limit,
        descending=True)
    return Page(items=await _import_outs(db, rows), next_cursor=nxt)


async def may_read_import_file(db: AsyncSession, actor: Actor, entity_id: str) -> bool:
    """Who may download the file an import was made from: the catalogue's readers."""
    try:
        import_id = uuid.UUID(entity_id)
    except ValueError:
        return False
    row = await db.get(CatalogueImport, import_id)
    if row is None:
        return False
    org = await alliance.get_organisation(db, row.organisation_id)
    return policy.may_read(actor, org.path)
