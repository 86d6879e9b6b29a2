"""Issuing documents through the service and verifying what comes back."""

from __future__ import annotations

import asyncio
import hashlib
import uuid

import pytest
from sqlalchemy import select

from tests.documents.helpers import TITLE, issue, pdf_of, report, text_of
from tests.files.helpers import actor_of
from yilian.core import signing
from yilian.core.audit import AuditEntry
from yilian.core.errors import Conflict, Forbidden, NotFound
from yilian.documents import service
from yilian.documents.models import IssuedDocument


async def _verify(app, pdf: bytes):
    async with app.state.sessionmaker() as db:
        return await service.verify(db, app.state.settings, pdf)


async def test_an_issued_report_verifies_with_its_number_and_issuer(app, world, query):
    doc = await issue(app, world, "specialist_a")
    assert doc.number == "HZ20261124-0001"  # 10:00 in Shanghai on the frozen clock's day
    pdf = pdf_of(app, doc)
    assert (doc.sha256, doc.size) == (hashlib.sha256(pdf).hexdigest(), len(pdf))
    assert "编号：HZ20261124-0001" in text_of(pdf)  # the allotted number is printed on it
    result = await _verify(app, pdf)
    assert result.authentic and result.reason is None
    assert (result.number, result.kind, result.title, result.issuer) == (
        "HZ20261124-0001", "consultation_report", TITLE, "甲县人民医院")
    assert result.signer == "O=yilian,CN=甲县人民医院"
    assert result.issued_at == app.state.clock.now()
    assert not result.superseded
    [row] = await query(select(AuditEntry).where(AuditEntry.action == "document.issue"))
    assert (row.entity_id, row.actor_user_id, row.subject_org_id) == (
        str(doc.id), world.users["specialist_a"], world.orgs["A"].id)
    assert row.detail["number"] == doc.number and row.detail["sha256"] == doc.sha256


async def test_a_changed_or_extended_copy_is_not_authentic(app, world):
    pdf = pdf_of(app, await issue(app, world, "specialist_a"))
    at = pdf.index(b"ReportLab")
    changed = await _verify(app, pdf[:at] + b"X" + pdf[at + 1:])
    assert (changed.authentic, changed.reason, changed.number) == (False, "modified", None)
    appended = await _verify(app, pdf + b"\n%%EOF\n")
    assert (appended.authentic, appended.reason) == (False, "modified")


async def test_unsigned_foreign_and_garbage_pdfs(app, world, tmp_path):
    await issue(app, world, "specialist_a")  # so that the alliance root exists
    unsigned = await _verify(app, report("HZ20261124-0001", issued_at=app.state.clock.now()))
    assert (unsigned.authentic, unsigned.reason) == (False, "unsigned")
    other_ca = signing.signer_for(type(app.state.settings)(data_dir=tmp_path / "forger"),
                                  world.orgs["A"].id, "甲县人民医院")
    forged = await asyncio.to_thread(  # pyHanko's signing runs an event loop of its own
        signing.sign_pdf, other_ca, report("HZ1", issued_at=app.state.clock.now()), reason="伪造")
    result = await _verify(app, forged)
    assert (result.authentic, result.reason, result.signer) == (
        False, "untrusted-signer", "O=yilian,CN=甲县人民医院")
    assert (await _verify(app, b"not a pdf at all")).reason == "not-a-pdf"


async def test_a_yilian_signature_on_a_document_never_issued_is_unknown(app, world):
    # The organisation's real key, used without issuing: a stolen key or a lost record.
    await issue(app, world, "specialist_a")
    signer = signing.signer_for(app.state.settings, world.orgs["A"].id, "甲县人民医院")
    stray = await asyncio.to_thread(
        signing.sign_pdf, signer, report("HZ20261124-0099", issued_at=app.state.clock.now()),
        reason="未登记")
    result = await _verify(app, stray)
    assert (result.authentic, result.reason, result.number) == (False, "unknown-document", None)
    assert result.signer == "O=yilian,CN=甲县人民医院"


async def test_numbers_count_per_organisation_prefix_and_shanghai_day(app, world, clock):
    a1 = await issue(app, world, "specialist_a")
    a2 = await issue(app, world, "specialist_a")
    b1 = await issue(app, world, "specialist_b", org="B", organisation_name="乙县人民医院")
    referral = await issue(app, world, "specialist_a", prefix="ZZ")
    assert [a1.number, a2.number, b1.number, referral.number] == [
        "HZ20261124-0001", "HZ20261124-0002", "HZ20261124-0001", "ZZ20261124-0001"]
    clock.advance(hours=13, minutes=59)  # 23:59 in Shanghai: still the 24th
    await world.sign_in_again("specialist_a")
    assert (await issue(app, world, "specialist_a")).number == "HZ20261124-0003"
    clock.advance(minutes=1)  # midnight in Shanghai, 16:00 UTC
    await world.sign_in_again("specialist_a")
    assert (await issue(app, world, "specialist_a")).number == "HZ20261125-0001"


async def test_concurrent_issuers_get_distinct_numbers(app, world):
    issued = await asyncio.gather(*[issue(app, world, "specialist_a") for _ in range(3)])
    assert sorted(d.number for d in issued) == [f"HZ20261124-000{i}" for i in (1, 2, 3)]


async def test_a_failed_issue_gives_its_number_back(app, world):
    actor = await actor_of(app, world, "specialist_a")

    def broken(number: str) -> bytes:
        raise RuntimeError("rendering failed")

    async with app.state.sessionmaker() as db:
        with pytest.raises(RuntimeError):
            await service.issue(
                db, app.state.clock, app.state.settings, actor, kind="consultation_report",
                number_prefix="HZ", organisation_id=world.orgs["A"].id,
                organisation_name="甲县人民医院", entity_type="test_case", entity_id="x",
                patient_id=None, title=TITLE, pdf=broken)
        await db.rollback()
    assert (await issue(app, world, "specialist_a")).number == "HZ20261124-0001"


async def test_a_correction_supersedes_the_earlier_version_which_says_so(app, world, query):
    case = str(uuid.uuid4())
    first = await issue(app, world, "specialist_a", entity_id=case)
    second = await issue(app, world, "specialist_a", entity_id=case, supersedes_id=first.id)
    assert second.supersedes_id == first.id
    old = await _verify(app, pdf_of(app, first))
    assert (old.authentic, old.superseded, old.superseded_by) == (True, True, second.number)
    new = await _verify(app, pdf_of(app, second))
    assert (new.authentic, new.superseded) == (True, False)
    with pytest.raises(Conflict) as again:  # the line of versions does not fork
        await issue(app, world, "specialist_a", entity_id=case, supersedes_id=first.id)
    assert again.value.code == "document-superseded"
    with pytest.raises(Conflict) as elsewhere:
        await issue(app, world, "specialist_b", org="B", entity_id=case,
                    supersedes_id=second.id, organisation_name="乙县人民医院")
    assert elsewhere.value.code == "document-supersede-mismatch"
    with pytest.raises(NotFound):
        await issue(app, world, "specialist_a", entity_id=case, supersedes_id=uuid.uuid4())
    assert len(await query(select(IssuedDocument))) == 2  # nothing is deleted
    async with app.state.sessionmaker() as db:
        versions = await service.documents_for(db, "test_case", case)
    assert [(v.id, v.superseded_by_id) for v in versions] == [
        (first.id, second.id), (second.id, None)]


async def _reads_test_cases(db, actor, entity_id: str) -> bool:
    return actor.username == "coordinator_a" and entity_id.startswith("shared-")


service.register_reader("test_case_shared", _reads_test_cases)


async def test_who_may_read_an_issued_document(app, world, query):
    doc = await issue(app, world, "specialist_a", entity_type="test_case_shared",
                      entity_id="shared-1")
    clk, cfg = app.state.clock, app.state.settings
    for who in ("specialist_a", "patient_pa", "coordinator_a"):  # issuer, patient, reader
        actor = await actor_of(app, world, who)
        async with app.state.sessionmaker() as db:
            info, content = await service.get_pdf(db, clk, cfg, actor, doc.id)
        assert (info.number, content) == (doc.number, pdf_of(app, doc))
    for who in ("specialist_b", "patient_pb", "org_admin_a"):
        actor = await actor_of(app, world, who)
        async with app.state.sessionmaker() as db:
            with pytest.raises(Forbidden):
                await service.get(db, actor, doc.id)
    downloads = await query(select(AuditEntry).where(AuditEntry.action == "document.download"))
    assert {d.actor_user_id for d in downloads} == {
        world.users[w] for w in ("specialist_a", "patient_pa", "coordinator_a")}


def test_a_reader_is_registered_once():
    service.register_reader("test_case_shared", _reads_test_cases)  # the same one again: fine

    async def other(db, actor, entity_id):
        return True

    with pytest.raises(ValueError):
        service.register_reader("test_case_shared", other)


async def test_numbers_of_issued_documents(app, world):
    first = await issue(app, world, "specialist_a")
    second = await issue(app, world, "specialist_b", org="B", organisation_name="乙县人民医院")
    async with app.state.sessionmaker() as db:
        assert await service.numbers(db, {first.id, second.id, uuid.uuid4()}) == {
            first.id: first.number, second.id: second.number}
        assert await service.numbers(db, set()) == {}
