"""Resumable uploads (tus 1.0.0) and stored files: the protocol, the refusals before storing,
completion into content-addressed blobs, attachment and who may read."""

from __future__ import annotations

import hashlib
import uuid

import pytest
from sqlalchemy import select

from tests.files.helpers import (
    FILES,
    OFFSET_STREAM,
    TUS,
    UPLOADS,
    actor_of,
    blobs,
    create,
    head,
    make_file,
    make_upload,
    patch,
    pdf,
    png,
    staged,
    upload,
)
from yilian.core.audit import AuditEntry
from yilian.core.errors import Conflict, Forbidden, NotFound
from yilian.core.jobs import JobContext
from yilian.core.storage import storage_for
from yilian.files import service
from yilian.files.handlers import discard_expired_uploads
from yilian.files.models import StoredFile, Upload, UploadState


async def test_options_advertise_the_protocol(client, world):
    r = await world.client_as(client, "village_doctor").request("OPTIONS", UPLOADS)
    assert r.status_code == 204
    assert r.headers["Tus-Version"] == "1.0.0"
    assert set(r.headers["Tus-Extension"].split(",")) == {"creation", "termination"}
    assert r.headers["Tus-Max-Size"] == str(50 * 1024 * 1024)
    assert r.headers["Tus-Resumable"] == "1.0.0"


async def test_an_upload_grows_chunk_by_chunk_and_completes_into_a_file(client, world, query,
                                                                        settings):
    doctor = world.client_as(client, "village_doctor")
    data = png(30_000)
    r = await create(doctor, len(data))
    assert r.status_code == 201, r.text
    assert r.headers["Tus-Resumable"] == "1.0.0"
    url = r.headers["Location"]
    assert url == f"{UPLOADS}/{r.json()['id']}"

    h = await head(doctor, url)
    assert (h.status_code, h.headers["Upload-Offset"], h.headers["Upload-Length"]) == (
        200, "0", "30000")
    assert h.headers["Cache-Control"] == "no-store"

    r = await patch(doctor, url, 0, data[:12_000])
    assert r.status_code == 204, r.text
    assert r.headers["Upload-Offset"] == "12000"
    assert (await head(doctor, url)).headers["Upload-Offset"] == "12000"
    status = (await doctor.get(url)).json()
    assert (status["offset"], status["state"], status["file_id"]) == (12_000, "receiving", None)
    assert await query(select(StoredFile)) == []  # nothing is a file yet

    r = await patch(doctor, url, 12_000, data[12_000:])
    assert r.status_code == 204, r.text
    assert r.headers["Upload-Offset"] == "30000"
    status = (await doctor.get(url)).json()
    assert status["state"] == "complete" and status["offset"] == 30_000
    file_id = status["file_id"]

    info = (await doctor.get(f"{FILES}/{file_id}")).json()
    assert info["sha256"] == hashlib.sha256(data).hexdigest()
    assert (info["size"], info["content_type"], info["filename"], info["is_image"]) == (
        30_000, "image/png", "心电图.png", True)
    assert info["entity_type"] is None
    content = await doctor.get(f"{FILES}/{file_id}/content")
    assert content.status_code == 200 and content.content == data
    assert content.headers["Content-Type"] == "image/png"
    assert content.headers["X-Content-Type-Options"] == "nosniff"
    assert content.headers["Content-Disposition"].startswith("inline; ")
    assert "filename*=UTF-8''%E5%BF%83%E7%94%B5%E5%9B%BE.png" in content.headers[
        "Content-Disposition"]
    again = await doctor.get(f"{FILES}/{file_id}/content",
                             headers={"If-None-Match": content.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""

    [row] = await query(select(AuditEntry).where(AuditEntry.action == "file.upload"))
    assert row.entity_id == file_id and row.actor_user_id == world.users["village_doctor"]
    assert staged(settings) == []


async def test_a_pdf_downloads_as_an_attachment(client, world):
    doctor = world.client_as(client, "specialist_a")
    file_id = await upload(doctor, pdf(), filename='报告 "终".pdf', filetype="application/pdf")
    r = await doctor.get(f"{FILES}/{file_id}/content")
    assert r.headers["Content-Type"] == "application/pdf"
    assert r.headers["Content-Disposition"].startswith('attachment; filename="__ ___.pdf"; ')


async def test_a_wrong_offset_is_a_conflict_and_appends_nothing(client, world):
    doctor = world.client_as(client, "village_doctor")
    data = png(20_000)
    url = (await create(doctor, len(data))).headers["Location"]
    assert (await patch(doctor, url, 0, data[:10_000])).status_code == 204
    for offset in (0, 5_000, 15_000):
        r = await patch(doctor, url, offset, data[offset:offset + 1000])
        assert r.status_code == 409, r.text
        assert r.headers["Content-Type"] == "application/problem+json"
        assert r.json()["code"] == "upload-offset" and r.json()["offset"] == 10_000
    assert (await head(doctor, url)).headers["Upload-Offset"] == "10000"


async def test_an_oversized_file_is_refused_before_any_byte(client, world, settings, query):
    settings.upload_max_bytes = 10_000
    doctor = world.client_as(client, "village_doctor")
    r = await create(doctor, 10_001)
    assert r.status_code == 413, r.text
    assert r.json()["code"] == "file-too-large" and r.json()["max_bytes"] == 10_000
    assert r.headers["Tus-Resumable"] == "1.0.0"
    assert await query(select(Upload)) == []
    assert (await create(doctor, 10_000)).status_code == 201


async def test_a_chunk_past_the_declared_length_appends_nothing(client, world, settings):
    doctor = world.client_as(client, "village_doctor")
    data = png(10_000)
    url = (await create(doctor, len(data))).headers["Location"]
    r = await patch(doctor, url, 0, data + b"more")
    assert r.status_code == 413, r.text
    assert (await head(doctor, url)).headers["Upload-Offset"] == "0"
    settings.upload_chunk_max_bytes = 4096
    r = await patch(doctor, url, 0, data[:5000])
    assert r.status_code == 413 and r.json()["max_bytes"] == 4096
    assert staged(settings) == []


@pytest.mark.parametrize("filetype", ["text/html", "application/zip", "image/svg+xml", ""])
async def test_a_type_outside_the_allow_list_is_refused(client, world, query, filetype):
    r = await create(world.client_as(client, "village_doctor"), 1000, filetype=filetype)
    assert r.status_code == 415, r.text
    assert r.json()["code"] == "file-type-not-allowed"
    assert "application/dicom" in r.json()["allowed"]
    assert await query(select(Upload)) == []


async def test_bytes_that_are_not_the_declared_type_are_discarded(client, world, settings, query):
    doctor = world.client_as(client, "village_doctor")
    data = pdf(20_000)
    url = (await create(doctor, len(data), filename="x光.png", filetype="image/png")
           ).headers["Location"]
    r = await patch(doctor, url, 0, data[:12_000])
    assert r.status_code == 415, r.text
    assert r.json()["code"] == "file-type-mismatch"
    assert (await head(doctor, url)).status_code == 404  # a tus client starts over
    [row] = await query(select(Upload))
    assert row.state == UploadState.discarded
    assert await query(select(StoredFile)) == []
    assert staged(settings) == [] and blobs(settings) == []
    [audited] = await query(select(AuditEntry).where(AuditEntry.action == "file.discard"))
    assert audited.detail == {"reason": "type-mismatch"}


async def test_plain_text_must_not_be_binary(client, world):
    doctor = world.client_as(client, "village_doctor")
    text = "血压 150/95 mmHg，复诊。\n".encode() * 10
    file_id = await upload(doctor, text, filename="记录.txt", filetype="text/plain")
    assert (await doctor.get(f"{FILES}/{file_id}")).json()["is_image"] is False
    binary = b"\x00\x01" * 100
    url = (await create(doctor, len(binary), filename="a.txt", filetype="text/plain")
           ).headers["Location"]
    assert (await patch(doctor, url, 0, binary)).status_code == 415


async def test_protocol_headers_are_required(client, world):
    doctor = world.client_as(client, "village_doctor")
    r = await doctor.post(UPLOADS, headers={"Upload-Length": "10"})
    assert r.status_code == 412 and r.headers["Tus-Version"] == "1.0.0"
    r = await doctor.post(UPLOADS, headers={**TUS, "Upload-Length": "-1"})
    assert r.status_code == 400
    r = await doctor.post(UPLOADS, headers={**TUS, "Upload-Length": "10",
                                            "Upload-Metadata": "filename !!!"})
    assert r.status_code == 400
    url = (await create(doctor, 1000)).headers["Location"]
    r = await doctor.patch(url, content=b"x", headers={**TUS, "Upload-Offset": "0",
                                                      "Content-Type": "image/png"})
    assert r.status_code == 415
    r = await doctor.patch(url, content=b"x", headers={**TUS, **OFFSET_STREAM})
    assert r.status_code == 400


async def test_only_the_uploader_touches_an_upload_or_reads_its_file(client, world, query):
    owner = world.client_as(client, "village_doctor")
    other = world.client_as(client, "town_doctor_a1")
    data = png(20_000)
    url = (await create(owner, len(data))).headers["Location"]
    assert (await patch(owner, url, 0, data[:10_000])).status_code == 204
    assert (await head(other, url)).status_code == 403
    assert (await patch(other, url, 10_000, data[10_000:])).status_code == 403
    assert (await other.request("DELETE", url, headers=TUS)).status_code == 403
    assert (await other.get(url)).status_code == 403
    assert (await head(owner, url)).headers["Upload-Offset"] == "10000"
    denied = await query(select(AuditEntry).where(AuditEntry.outcome == "denied",
                                                  AuditEntry.entity_type == "upload"))
    assert len(denied) == 4

    assert (await patch(owner, url, 10_000, data[10_000:])).status_code == 204
    file_id = (await owner.get(url)).json()["file_id"]
    assert (await other.get(f"{FILES}/{file_id}")).status_code == 403
    assert (await other.get(f"{FILES}/{file_id}/content")).status_code == 403
    assert (await other.get(f"{FILES}/{uuid.uuid4()}")).status_code == 404
    denied = await query(select(AuditEntry).where(AuditEntry.outcome == "denied",
                                                  AuditEntry.entity_type == "file"))
    assert {d.entity_id for d in denied} == {file_id}


async def test_termination_discards_the_staged_bytes(client, world, settings, query):
    doctor = world.client_as(client, "village_doctor")
    data = png(20_000)
    url = (await create(doctor, len(data))).headers["Location"]
    assert (await patch(doctor, url, 0, data[:10_000])).status_code == 204
    assert len(staged(settings)) == 1
    r = await doctor.request("DELETE", url, headers=TUS)
    assert r.status_code == 204 and r.headers["Tus-Resumable"] == "1.0.0"
    assert staged(settings) == []
    assert (await head(doctor, url)).status_code == 404
    assert (await patch(doctor, url, 10_000, data[10_000:])).status_code == 404
    assert (await doctor.get(url)).json()["state"] == "discarded"
    assert (await doctor.request("DELETE", url, headers=TUS)).status_code == 404
    # A complete upload's file is a record: termination cannot remove it.
    done = await create(doctor, 1000)
    assert (await patch(doctor, done.headers["Location"], 0, png(1000))).status_code == 204
    assert (await doctor.request("DELETE", done.headers["Location"], headers=TUS)
            ).status_code == 409
    assert len(await query(select(StoredFile))) == 1


async def test_the_same_bytes_are_stored_once(client, world, settings, query):
    data = png(40_000)
    a = await upload(world.client_as(client, "village_doctor"), data)
    b = await upload(world.client_as(client, "specialist_a"), data, chunk=16_384,
                     filename="copy.png")
    assert a != b
    rows = await query(select(StoredFile))
    assert {r.sha256 for r in rows} == {hashlib.sha256(data).hexdigest()}
    [blob] = blobs(settings)
    assert blob.name == hashlib.sha256(data).hexdigest() and blob.read_bytes() == data
    assert blob.parent.name == blob.name[2:4] and blob.parent.parent.name == blob.name[:2]


async def test_expired_incomplete_uploads_are_swept(app, client, world, settings, clock, query):
    doctor = world.client_as(client, "village_doctor")
    data = png(20_000)
    stale = (await create(doctor, len(data))).headers["Location"]
    assert (await patch(doctor, stale, 0, data[:10_000])).status_code == 204
    file_id = await upload(doctor, png(5000))
    clock.advance(hours=23)
    await world.sign_in_again("village_doctor")
    doctor = world.client_as(client, "village_doctor")
    fresh = (await create(doctor, len(data))).headers["Location"]
    assert (await patch(doctor, fresh, 0, data[:10_000])).status_code == 204
    clock.advance(hours=2)
    await world.sign_in_again("village_doctor")
    doctor = world.client_as(client, "village_doctor")
    assert (await head(doctor, stale)).status_code == 404  # expired before the sweep, too

    await discard_expired_uploads(JobContext(app.state.sessionmaker, clock, settings))

    states = {str(u.id): u.state for u in await query(select(Upload))}
    assert states[stale.rsplit("/", 1)[1]] == UploadState.discarded
    assert states[fresh.rsplit("/", 1)[1]] == UploadState.receiving
    assert list(states.values()).count(UploadState.complete) == 1
    assert len(staged(settings)) == 1
    assert (await head(doctor, fresh)).headers["Upload-Offset"] == "10000"
    assert (await doctor.get(f"{FILES}/{file_id}/content")).status_code == 200
    [audited] = await query(select(AuditEntry).where(AuditEntry.action == "file.discard"))
    assert audited.detail == {"reason": "expired"} and audited.actor_user_id is None


async def test_attach_rules(app, world, query):
    own = await make_file(app, world, "village_doctor")
    theirs = await make_file(app, world, "specialist_a")
    doctor = await actor_of(app, world, "village_doctor")
    clk = app.state.clock
    async with app.state.sessionmaker() as db:
        info = await service.attach(db, clk, doctor, own, entity_type="consultation",
                                    entity_id="c-1")
        await db.commit()
    assert (info.entity_type, info.entity_id, info.is_image) == ("consultation", "c-1", True)
    async with app.state.sessionmaker() as db:
        again = await service.attach(db, clk, doctor, own, entity_type="consultation",
                                     entity_id="c-1")
        assert again == info
        with pytest.raises(Conflict):
            await service.attach(db, clk, doctor, own, entity_type="consultation",
                                 entity_id="c-2")
        with pytest.raises(Forbidden):
            await service.attach(db, clk, doctor, theirs, entity_type="consultation",
                                 entity_id="c-1")
        with pytest.raises(NotFound):
            await service.attach(db, clk, doctor, uuid.uuid4(), entity_type="consultation",
                                 entity_id="c-1")
        assert (await service.get_info(db, theirs)).entity_type is None
        found = await service.files_info(db, [own, theirs, uuid.uuid4()])
        assert set(found) == {own, theirs} and found[own] == info
        with pytest.raises(NotFound):
            await service.get_info(db, uuid.uuid4())
    [row] = await query(select(AuditEntry).where(AuditEntry.action == "file.attach"))
    assert row.detail == {"entity_type": "consultation", "entity_id": "c-1"}


async def specialists_of_case_7(db, actor, entity_id: str) -> bool:
    return entity_id == "case-7" and actor.username == "specialist_a"


async def test_a_registered_reader_opens_attached_files(app, client, world):
    service.register_reader("test-case", specialists_of_case_7)
    service.register_reader("test-case", specialists_of_case_7)  # the same again is harmless
    with pytest.raises(ValueError):
        service.register_reader("test-case", lambda db, actor, entity_id: None)

    data = png(3000)
    file_id = await make_file(app, world, "village_doctor", data)
    specialist = world.client_as(client, "specialist_a")
    assert (await specialist.get(f"{FILES}/{file_id}/content")).status_code == 403
    doctor = await actor_of(app, world, "village_doctor")
    async with app.state.sessionmaker() as db:
        await service.attach(db, app.state.clock, doctor, file_id, entity_type="test-case",
                             entity_id="case-7")
        await db.commit()
    r = await specialist.get(f"{FILES}/{file_id}/content")
    assert r.status_code == 200 and r.content == data
    assert (await specialist.get(f"{FILES}/{file_id}")).json()["entity_id"] == "case-7"
    assert (await world.client_as(client, "specialist_b").get(
        f"{FILES}/{file_id}/content")).status_code == 403
    assert (await world.client_as(client, "village_doctor").get(
        f"{FILES}/{file_id}/content")).status_code == 200


async def test_an_upload_interrupted_in_the_service_keeps_what_arrived(app, world, settings):
    data = png(30_000)
    upload_id = await make_upload(app, world, "village_doctor", data, sent=9_000)
    actor = await actor_of(app, world, "village_doctor")
    async with app.state.sessionmaker() as db:
        out = await service.upload_status(db, app.state.clock, storage_for(settings), actor,
                                          upload_id)
    assert (out.offset, out.state) == (9_000, UploadState.receiving)


async def test_a_first_chunk_too_short_to_check_is_kept_back(client, world, settings):
    doctor = world.client_as(client, "village_doctor")
    data = png(20_000)
    url = (await create(doctor, len(data))).headers["Location"]
    r = await patch(doctor, url, 0, data[:100])
    assert r.status_code == 422, r.text
    assert (await head(doctor, url)).headers["Upload-Offset"] == "0"


async def test_a_patient_uploads_too(client, world):
    patient = world.client_as(client, "patient_pa")
    file_id = await upload(patient, png(2000), filename="出院小结.png")
    assert (await patient.get(f"{FILES}/{file_id}")).status_code == 200
    assert (await world.client_as(client, "auditor").request("OPTIONS", UPLOADS)).status_code == 204
    assert (await create(world.client_as(client, "auditor"), 100)).status_code == 403


async def test_a_drop_before_the_type_check_keeps_nothing(app, world, settings, query):
    data = png(20_000)
    upload_id = await make_upload(app, world, "village_doctor", data, sent=0)
    actor = await actor_of(app, world, "village_doctor")

    async def short():
        yield data[:5000]  # the connection drops before the head could be checked

    async with app.state.sessionmaker() as db:
        out = await service.receive(db, app.state.clock, settings, storage_for(settings), actor,
                                    upload_id, offset=0, content_length=len(data[:12_000]),
                                    chunks=short())
    assert out.offset == 0 and staged(settings) == []
    assert await query(select(StoredFile)) == []
