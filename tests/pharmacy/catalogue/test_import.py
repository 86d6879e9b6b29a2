"""Importing a catalogue file: CSV or .xlsx, English or Chinese headers; every row checked
before anything changes; applied whole by code (counts added / updated / unchanged) or rejected
with a report naming each problem; progress pushed to the uploader; files that are not a
catalogue refused at once with nothing saved."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.files.helpers import actor_of, png
from tests.pharmacy.catalogue.helpers import (
    EN,
    XLSX,
    ZH,
    catalogue,
    csv_bytes,
    sample_rows,
    start_import,
    upload_catalogue,
    xlsx_bytes,
)
from yilian.core.audit import AuditEntry
from yilian.core.events import EventRecipient, OutboxEvent
from yilian.core.storage import storage_for
from yilian.files.models import StoredFile
from yilian.pharmacy.catalogue import importer, service
from yilian.pharmacy.catalogue.models import CatalogueImport, Drug, ImportState


async def _import(client, world, settle, data: bytes, *, who: str = "pharmacist_a",
                  filetype: str = "text/csv", filename: str = "药品目录.csv") -> dict:
    """Uploads, starts and lets the job run; the import as read back."""
    file_id = await upload_catalogue(client, world, who, data, filetype=filetype,
                                     filename=filename)
    r = await start_import(client, world, who, "A", file_id)
    assert r.status_code == 202, r.text
    assert r.json()["state"] == "running" and r.json()["rows_done"] == 0
    await settle()
    r = await world.client_as(client, who).get(
        f"{catalogue(world.orgs['A'].id)}/imports/{r.json()['id']}")
    assert r.status_code == 200, r.text
    return r.json()


async def _drugs(query) -> dict[str, Drug]:
    return {d.code: d for d in await query(select(Drug))}


async def test_a_csv_file_adds_every_drug_searchable_by_pinyin(client, world, settle, query):
    done = await _import(client, world, settle, csv_bytes(sample_rows(), bom=True))
    assert (done["state"], done["total_rows"], done["rows_done"]) == ("done", 6, 6)
    assert (done["added"], done["updated"], done["unchanged"]) == (6, 0, 0)
    assert done["problems"] == [] and done["ignored_columns"] == []
    assert done["filename"] == "药品目录.csv" and done["created_by_name"] == "pharmacist_a"
    drugs = await _drugs(query)
    nifedipine = drugs["XY001"]
    assert (nifedipine.generic_name, nifedipine.trade_name, nifedipine.pinyin) == (
        "硝苯地平控释片", "拜新同", "XBDPKSP BXT")
    assert (nifedipine.price_fen, nifedipine.package_size, float(nifedipine.strength),
            nifedipine.insurance, nifedipine.route, nifedipine.rx) == (3360, 7, 30.0, "B",
                                                                        "oral", True)
    assert drugs["XY002"].antimicrobial == "unrestricted" and drugs["XY004"].cold_chain
    assert drugs["XY004"].route == "sc" and drugs["XY003"].max_daily_dose == Decimal("2.55")
    r = await world.client_as(client, "specialist_a").get(
        catalogue(world.orgs["A"].id), params={"q": "xbd"})
    assert [d["code"] for d in r.json()["items"]] == ["XY001"]
    # Audited once with the counts; the file stays attached to the import it fed.
    [entry] = await query(select(AuditEntry).where(
        AuditEntry.action == "pharmacy.catalogue.import.done"))
    assert (entry.detail["added"], entry.detail["updated"]) == (6, 0)
    [stored] = await query(select(StoredFile))
    assert (stored.entity_type, stored.entity_id) == ("pharmacy_catalogue_import", done["id"])


async def test_an_xlsx_file_with_chinese_headers_and_an_extra_column(client, world, settle,
                                                                      query):
    rows: list[list] = []
    for row in sample_rows():
        # As Excel holds them: numbers as numbers, a column of the hospital's own at the end.
        typed = [float(v) if k in ("strength", "price_yuan") else
                 int(v) if k == "package_size" else v for k, v in zip(EN, row, strict=True)]
        rows.append([*typed, "某药业有限公司"])
    data = xlsx_bytes(rows, header=[*ZH, "生产厂家"])
    done = await _import(client, world, settle, data, filetype=XLSX, filename="药品目录.xlsx")
    assert (done["state"], done["added"], done["ignored_columns"]) == ("done", 6, ["生产厂家"])
    drugs = await _drugs(query)
    assert (drugs["XY001"].price_fen, drugs["XY005"].price_fen) == (3360, 1580)
    assert drugs["XY006"].pinyin == "BHSALDPP LHX"


async def test_a_gbk_csv_from_a_chinese_excel_reads_too(client, world, settle, query):
    data = csv_bytes(sample_rows()[:2], header=ZH, encoding="gb18030")
    done = await _import(client, world, settle, data)
    assert (done["state"], done["added"]) == ("done", 2)
    assert (await _drugs(query))["XY001"].generic_name == "硝苯地平控释片"


def _bad_rows() -> list[list[str]]:
    """Each row but the first valid one has problems of its own kind; the fourth has an
    unheard-of dosage form, which is free text and no problem."""
    rows = sample_rows()
    col = {k: i for i, k in enumerate(EN)}

    def changed(row: list[str], **values: str) -> list[str]:
        out = list(row)
        for k, v in values.items():
            out[col[k]] = v
        return out

    return [
        rows[0],
        changed(rows[1], generic_name="", control="麻药"),  # row 3
        changed(rows[2], strength="半片", atc="A10BA2"),  # row 4
        changed(rows[3], dosage_form="奇特剂型", price_yuan="-1"),  # row 5: the price only
        changed(rows[4], code="XY001", package_size="0"),  # row 6: a repeated code
        changed(rows[5], insurance="丁", antimicrobial="很限制", price_yuan="12.345"),  # row 7
    ]


async def test_a_file_with_bad_rows_is_rejected_whole_with_each_problem(client, world, settle,
                                                                        query):
    first = await _import(client, world, settle, csv_bytes(sample_rows()[:1]))
    assert first["added"] == 1
    before = {c: (d.price_fen, d.updated_at) for c, d in (await _drugs(query)).items()}
    done = await _import(client, world, settle, csv_bytes(_bad_rows()))
    assert (done["state"], done["added"], done["updated"]) == ("rejected", 0, 0)
    found = {(p["row"], p["column"], p["code"]) for p in done["problems"]}
    assert found == {
        (3, "generic_name", "missing-value"), (3, "control", "unknown-value"),
        (4, "strength", "bad-number"), (4, "atc", "bad-atc"),
        (5, "price_yuan", "bad-price"),
        (6, "code", "duplicate-code"), (6, "package_size", "bad-package-size"),
        (7, "insurance", "unknown-value"), (7, "antimicrobial", "unknown-value"),
        (7, "price_yuan", "bad-price"),
    }
    assert done["problem_count"] == len(found)
    duplicate = next(p for p in done["problems"] if p["code"] == "duplicate-code")
    assert duplicate["message_zh"] == "编码：与第 2 行重复"
    assert duplicate["message_en"] == "code: the same code as row 2"
    assert duplicate["header"] == "code" and duplicate["value"] == "XY001"
    # Nothing changed, not even the valid rows.
    assert {c: (d.price_fen, d.updated_at) for c, d in (await _drugs(query)).items()} == before
    [entry] = await query(select(AuditEntry).where(
        AuditEntry.action == "pharmacy.catalogue.import.rejected"))
    assert entry.detail["problem_count"] == len(found)


async def test_a_second_import_updates_by_code_and_counts(client, world, settle, query):
    await _import(client, world, settle, csv_bytes(sample_rows()[:5]))
    drugs = await _drugs(query)
    deactivated = drugs["XY005"]
    app = world.app
    async with app.state.sessionmaker() as db:
        await service.set_active(db, app.state.clock, await actor_of(app, world, "pharmacist_a"),
                                 world.orgs["A"].id, deactivated.id, False, "暂停供应")
    # Without the trade-name column: the trade names stay as they were.
    header = [k for k in EN if k != "trade_name"]
    rows = [[v for k, v in zip(EN, row, strict=True) if k != "trade_name"]
            for row in sample_rows()]
    rows[0][header.index("price_yuan")] = "35.00"  # XY001 dearer
    rows[2][header.index("generic_name")] = "二甲双胍片"  # XY003 renamed
    done = await _import(client, world, settle, csv_bytes(rows, header=header))
    assert (done["state"], done["added"], done["updated"], done["unchanged"]) == (
        "done", 1, 2, 3)
    assert done["inactive_codes"] == ["XY005"]
    after = await _drugs(query)
    assert after["XY001"].price_fen == 3500 and after["XY001"].trade_name == "拜新同"
    assert after["XY003"].pinyin == "EJSGP GHZ"  # the names' initials follow the rename
    assert after["XY005"].active is False and after["XY006"].trade_name is None
    assert after["XY002"].updated_at == drugs["XY002"].updated_at


async def test_progress_is_saved_and_pushed_to_the_uploader(client, world, settle, query):
    rows = []
    for i in range(450):
        row = list(sample_rows()[i % 6])
        row[0] = f"P{i:04d}"
        rows.append(row)
    done = await _import(client, world, settle, csv_bytes(rows))
    assert (done["state"], done["added"], done["rows_done"]) == ("done", 450, 450)
    events = await query(select(OutboxEvent).where(OutboxEvent.kind == service.IMPORT_EVENT)
                         .order_by(OutboxEvent.seq))
    seen = [(e.payload["state"], e.payload["rows_done"]) for e in events]
    assert seen == [("running", 0), ("running", 200), ("running", 400), ("running", 450),
                    ("done", 450)]
    assert {e.payload["total_rows"] for e in events} == {450}
    recipients = await query(select(EventRecipient.user_id).where(
        EventRecipient.seq.in_([e.seq for e in events])))
    assert set(recipients) == {world.users["pharmacist_a"]} and len(recipients) == len(events)


async def test_an_import_whose_job_was_lost_fails_and_frees_the_organisation(
        app, client, world, clock, query):
    # No job runner here: the job is never run.
    file_id = await upload_catalogue(client, world, "pharmacist_a", csv_bytes(sample_rows()))
    r = await start_import(client, world, "pharmacist_a", "A", file_id)
    assert r.status_code == 202
    other = await upload_catalogue(client, world, "org_admin_a", csv_bytes(sample_rows()))
    refused = await start_import(client, world, "org_admin_a", "A", other)
    assert (refused.status_code, refused.json()["code"]) == (409, "import-running")
    clock.advance(minutes=4)
    async with app.state.sessionmaker() as db:
        assert await service.fail_stale_imports(db, clock) == 0
    clock.advance(minutes=2)
    async with app.state.sessionmaker() as db:
        assert await service.fail_stale_imports(db, clock) == 1
        await db.commit()
    [row] = await query(select(CatalogueImport))
    assert (row.state, row.report["failure"]) == (ImportState.failed, "interrupted")
    await world.sign_in_again("org_admin_a")
    assert (await start_import(client, world, "org_admin_a", "A", other)).status_code == 202


def _many(n: int) -> bytes:
    row = sample_rows()[0]
    return csv_bytes([[f"M{i:05d}", *row[1:]] for i in range(n)])


async def test_an_import_whose_file_is_gone_from_storage_fails_with_a_code(
        app, client, world, clock, query):
    """The reader's page words the failure from its code (a stored English sentence could not
    be put into Chinese); the catalogue is unchanged."""
    file_id = await upload_catalogue(client, world, "pharmacist_a", csv_bytes(sample_rows()))
    r = await start_import(client, world, "pharmacist_a", "A", file_id)
    assert r.status_code == 202
    [stored] = await query(select(StoredFile).where(StoredFile.id == file_id))
    storage_for(app.state.settings).blob_path(stored.sha256).unlink()
    await service.run_import(app.state.sessionmaker, clock, app.state.settings,
                             uuid.UUID(r.json()["id"]))
    [row] = await query(select(CatalogueImport))
    assert (row.state, row.report["failure"]) == (ImportState.failed, "file-content-missing")
    assert await query(select(Drug)) == []
    shown = await world.client_as(client, "pharmacist_a").get(
        f"{catalogue(world.orgs['A'].id)}/imports/{row.id}")
    assert (shown.json()["state"], shown.json()["failure"]) == ("failed", "file-content-missing")


@pytest.mark.parametrize(("data", "filetype", "status", "code"), [
    (png(2000), "image/png", 415, "not-a-catalogue-file"),
    (csv_bytes([]), "text/csv", 422, "catalogue-empty"),
    (csv_bytes([["", "", ""]], header=EN[:3]), "text/csv", 422, "catalogue-columns"),
    (csv_bytes(sample_rows(), header=[*EN[:-1], "编码"]), "text/csv", 422, "catalogue-columns"),
    (xlsx_bytes([sample_rows()[0]])[:-300], XLSX, 422, "catalogue-unreadable"),
    (None, "text/csv", 422, "catalogue-too-many-rows"),
], ids=["image", "empty", "missing-columns", "repeated-column", "broken-workbook", "too-long"])
async def test_a_file_that_is_no_catalogue_is_refused_and_nothing_is_saved(
        data, filetype, status, code, client, world, query):
    data = data if data is not None else _many(importer.MAX_ROWS + 1)
    file_id = await upload_catalogue(client, world, "pharmacist_a", data, filetype=filetype)
    r = await start_import(client, world, "pharmacist_a", "A", file_id)
    assert (r.status_code, r.json()["code"]) == (status, code), r.text
    assert await query(select(CatalogueImport)) == []
    [stored] = await query(select(StoredFile))
    assert stored.entity_type is None  # not attached: free for a corrected start


async def test_a_full_size_file_is_accepted(client, world, query):
    file_id = await upload_catalogue(client, world, "pharmacist_a", _many(importer.MAX_ROWS))
    r = await start_import(client, world, "pharmacist_a", "A", file_id)
    assert (r.status_code, r.json()["total_rows"]) == (202, importer.MAX_ROWS)


async def test_only_ones_own_upload_is_imported_and_once(client, world, settle, query):
    file_id = await upload_catalogue(client, world, "org_admin_a", csv_bytes(sample_rows()))
    r = await start_import(client, world, "pharmacist_a", "A", file_id)
    assert (r.status_code, r.json()["code"]) == (403, "forbidden")  # not shared with them
    r = await start_import(client, world, "pharmacist_a", "A", uuid.uuid4())
    assert r.status_code == 404
    assert await query(select(CatalogueImport)) == []
    r = await start_import(client, world, "org_admin_a", "A", file_id)
    assert r.status_code == 202
    await settle()
    # Once imported, the catalogue's readers may read the file; it is still not theirs.
    r = await start_import(client, world, "pharmacist_a", "A", file_id)
    assert (r.status_code, r.json()["code"]) == (403, "not-your-file")
    r = await world.client_as(client, "pharmacist_a").get(f"/api/v1/files/{file_id}/content")
    assert r.status_code == 200 and r.content == csv_bytes(sample_rows())
    r = await start_import(client, world, "org_admin_a", "A", file_id)
    assert (r.status_code, r.json()["code"]) == (409, "file-attached")
    assert len(await query(select(CatalogueImport))) == 1


async def test_the_imports_are_listed_newest_first(client, world, settle, clock):
    await _import(client, world, settle, csv_bytes(sample_rows()[:2]))
    clock.advance(seconds=5)
    latest = await _import(client, world, settle, csv_bytes(sample_rows()))
    r = await world.client_as(client, "auditor").get(
        f"{catalogue(world.orgs['A'].id)}/imports")
    items = r.json()["items"]
    assert [i["id"] for i in items][0] == latest["id"] and len(items) == 2
    assert "problems" not in items[0]
    assert (items[0]["added"], items[0]["unchanged"], items[1]["added"]) == (4, 2, 2)
