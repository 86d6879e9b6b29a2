"""What the catalogue tests share: sample drugs, catalogue files (CSV and .xlsx, English or
Chinese headers) and their upload, and drugs and stock made through the service as the
organisation's pharmacist would."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from openpyxl import Workbook

from tests.factories import World
from tests.files.helpers import actor_of, upload
from yilian.pharmacy.catalogue import importer, service
from yilian.pharmacy.catalogue.schemas import DrugIn, ReceiveIn

API = "/api/v1/pharmacy/organisations"
SAMPLE = Path(__file__).with_name("sample.csv")
EN = [c.key for c in importer.COLUMNS]
ZH = [c.zh for c in importer.COLUMNS]
XLSX = importer.XLSX
# Who keeps each organisation's catalogue in these tests (pharmacist_a is the world's; the
# others are added by the `keepers` fixture).
KEEPERS = {"A": "pharmacist_a", "A1": "pharmacist_a1", "B": "pharmacist_b"}


def catalogue(org_id: uuid.UUID) -> str:
    return f"{API}/{org_id}/catalogue"


def stock_path(org_id: uuid.UUID) -> str:
    return f"{API}/{org_id}/stock"


def sample_rows() -> list[list[str]]:
    """The six drugs of sample.csv, in its English column order."""
    with SAMPLE.open(encoding="utf-8") as f:
        return list(csv.reader(f))[1:]


def csv_bytes(rows: list[list[str]], header: list[str] = EN, *, encoding: str = "utf-8",
              bom: bool = False) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    return (("\ufeff" if bom else "") + out.getvalue()).encode(encoding)


def xlsx_bytes(rows: list[list[Any]], header: list[str] = ZH) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "药品目录"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def upload_catalogue(client: httpx.AsyncClient, world: World, who: str, data: bytes, *,
                           filetype: str = "text/csv", filename: str = "药品目录.csv"
                           ) -> uuid.UUID:
    return await upload(world.client_as(client, who), data, filename=filename, filetype=filetype)


async def start_import(client: httpx.AsyncClient, world: World, who: str, org: str,
                       file_id: uuid.UUID) -> httpx.Response:
    return await world.client_as(client, who).post(
        f"{catalogue(world.orgs[org].id)}/imports", json={"file_id": str(file_id)})


def drug_body(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": "XY001", "generic_name": "硝苯地平控释片", "trade_name": "拜新同",
        "specification": "30mg×7片", "dosage_form": "片剂", "atc": "C08CA05", "strength": 30,
        "strength_unit": "mg", "unit": "片", "package_size": 7, "package_unit": "盒",
        "price_fen": 3360, "rx": True, "insurance": "B", "cold_chain": False,
        "max_single_dose": 60, "max_daily_dose": 120, "route": "oral"}
    return {**body, **over}


async def make_drug(world: World, org: str, **over: Any) -> uuid.UUID:
    """A drug in ``org``'s catalogue, added by its keeper (a fresh code unless one is given)."""
    over.setdefault("code", f"T{uuid.uuid4().hex[:8].upper()}")
    app = world.app
    actor = await actor_of(app, world, KEEPERS[org])
    async with app.state.sessionmaker() as db:
        out = await service.create_drug(db, app.state.clock, actor, world.orgs[org].id,
                                        DrugIn(**drug_body(**over)))
    return out.id


async def receive(world: World, org: str, drug_id: uuid.UUID, quantity: int, *,
                  expires_on: date, batch_no: str = "250101") -> uuid.UUID:
    """Packages received by the keeper; the batch's id."""
    app = world.app
    actor = await actor_of(app, world, KEEPERS[org])
    async with app.state.sessionmaker() as db:
        out = await service.receive(db, app.state.clock, actor, world.orgs[org].id, ReceiveIn(
            drug_id=drug_id, batch_no=batch_no, expires_on=expires_on, quantity=quantity))
    return next(b.id for b in out.batches
                if (b.batch_no, b.expires_on) == (batch_no, expires_on))
