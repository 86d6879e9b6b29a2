"""Issuing signed documents, verifying a PDF someone holds, and who may download one.

A case module (consultation, referral...) renders its document with core/pdf.py and calls
:func:`issue` inside its own transaction; this module numbers it, signs it with the issuing
organisation's key, keeps the signed bytes and records it. :func:`verify` answers anyone
holding a PDF: authentic only when the signature is intact, trusted by the alliance root and
covers the whole file, and the exact bytes are a document yilian recorded.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core import accesslog, audit, numbering, signing
from yilian.core import pdf as pdf_paper
from yilian.core.accesslog import Basis
from yilian.core.authz import Actor
from yilian.core.clock import Clock
from yilian.core.errors import Conflict, Forbidden, NotFound
from yilian.core.storage import storage_for
from yilian.documents.models import DocumentCounter, IssuedDocument
from yilian.documents.schemas import IssuedDocumentOut, RegisterEntryOut, VerificationOut
from yilian.settings import Settings

PREFIX = re.compile(r"^[A-Z]{1,8}$")
KIND = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

Reader = Callable[[AsyncSession, Actor, str], Awaitable[bool]]
_readers: dict[str, Reader] = {}


def register_reader(entity_type: str, fn: Reader) -> None:
    """Lets a case module say who may read the documents issued for its records:
    ``fn(db, actor, entity_id) -> bool``. The issuing user and the document's patient (their
    own account or a proxy's) may always read."""
    known = _readers.get(entity_type)
    if known is not None and known is not fn:
        raise ValueError(f"a document reader for {entity_type} is registered already")
    _readers[entity_type] = fn


# ---------------------------------------------------------------- issuing


def _check_args(kind: str, prefix: str, title: str, organisation_name: str, entity_type: str,
                entity_id: str) -> None:
    # The caller is another module, not a client: a bad argument is a bug, not a 4xx.
    if not KIND.match(kind):
        raise ValueError(f"bad document kind {kind!r}")
    if not PREFIX.match(prefix):
        raise ValueError(f"a number prefix is 1-8 capital letters, not {prefix!r}")
    if not 0 < len(title) <= 100 or not 0 < len(organisation_name) <= 100:
        raise ValueError("a title and an organisation name of 1-100 characters are required")
    if not 0 < len(entity_type) <= 40 or not 0 < len(entity_id) <= 64:
        raise ValueError("an entity type (at most 40) and id (at most 64) are required")


async def _superseded(db: AsyncSession, supersedes_id: uuid.UUID, organisation_id: uuid.UUID,
                      entity_type: str, entity_id: str) -> IssuedDocument:
    earlier = await db.get(IssuedDocument, supersedes_id, with_for_update=True)
    if earlier is None:
        raise NotFound("no such document to supersede")
    if (earlier.organisation_id, earlier.entity_type, earlier.entity_id) != (
            organisation_id, entity_type, entity_id):
        raise Conflict("a document is superseded by its issuer, for the same case",
                       code="document-supersede-mismatch", title_zh="只能由原签发机构就同一病例更正文件",
                       title_en="Only the issuer may supersede a document, for the same case")
    if await _successor(db, earlier.id) is not None:
        raise Conflict("the document was superseded already; supersede its latest version",
                       code="document-superseded", title_zh="该文件已被更正，请更正其最新版本",
                       title_en="The document was superseded already")
    return earlier


async def _successor(db: AsyncSession, document_id: uuid.UUID) -> IssuedDocument | None:
    return (await db.execute(
        select(IssuedDocument).where(IssuedDocument.supersedes_id == document_id)
    )).scalar_one_or_none()


VERIFY_PATH = "/verify"


def verify_page(settings: Settings) -> str:
    """The web app's verification page, as printed for people to type."""
    return settings.public_base_url.rstrip("/") + VERIFY_PATH


def stamp(settings: Settings, number: str, code: uuid.UUID) -> pdf_paper.Stamp:
    """What a document's QR code says: the verification page opened on its register entry.
    The code is the document's id: unguessable, so the register cannot be walked by number."""
    query = urlencode({"number": number, "code": code.hex})
    return pdf_paper.Stamp(number=number, verify_url=f"{verify_page(settings)}?{query}",
                           verify_page=verify_page(settings))


async def issue(
    db: AsyncSession, clock: Clock, settings: Settings, actor: Actor, *,
    kind: str, number_prefix: str, organisation_id: uuid.UUID, organisation_name: str,
    entity_type: str, entity_id: Any, patient_id: uuid.UUID | None, title: str,
    pdf: bytes | Callable[[str], bytes], supersedes_id: uuid.UUID | None = None,
) -> IssuedDocumentOut:
    """Numbers, signs with the organisation's key, stores and records a document, with its
    audit row, in the caller's transaction (the caller commits).

    ``pdf`` is the rendered document, or better a function of the allotted number that renders
    it (``lambda number: pdf.render(...)``), so that the number is printed on it. The caller
    has decided that ``actor`` may issue it; ``supersedes_id`` names the earlier version this
    one corrects or completes (same issuer, same case; each version is superseded once)."""
    target = str(entity_id)
    _check_args(kind, number_prefix, title, organisation_name, entity_type, target)
    if supersedes_id is not None:
        await _superseded(db, supersedes_id, organisation_id, entity_type, target)
    number = await numbering.next_number(db, clock, DocumentCounter, number_prefix,
                                         organisation_id=organisation_id)
    # The id is chosen now: the QR code printed on the document carries it.
    document_id = uuid.uuid4()

    def render_and_sign() -> tuple[bytes, str]:
        with pdf_paper.stamped(stamp(settings, number, document_id)):
            content = pdf(number) if callable(pdf) else pdf
        signer = signing.signer_for(settings, organisation_id, organisation_name)
        signed = signing.sign_pdf(signer, content, reason=f"{organisation_name}签发{title}（{number}）")
        return signed, signing.serial_of(signer)

    signed, serial = await asyncio.to_thread(render_and_sign)
    sha256 = hashlib.sha256(signed).hexdigest()
    # The blob may outlive a rolled-back transaction: content-addressed, it is only unreferenced.
    store = storage_for(settings)
    key = f"doc-{uuid.uuid4().hex}"
    async with store.append(key, 0) as writer:
        writer.write(signed)
    if await store.promote(key) != sha256:
        raise RuntimeError("the stored document does not hash as signed")
    doc = IssuedDocument(
        id=document_id, number=number, kind=kind, title=title, organisation_id=organisation_id,
        organisation_name=organisation_name, entity_type=entity_type, entity_id=target,
        patient_id=patient_id, sha256=sha256, size=len(signed), signer_serial=serial,
        issued_at=clock.now(), issued_by=actor.user_id, supersedes_id=supersedes_id,
    )
    db.add(doc)
    await db.flush()
    await audit.record(
        db, clock, actor, "document.issue", entity_type="document", entity_id=doc.id,
        subject_org_id=organisation_id,
        detail={"number": number, "kind": kind, "entity_type": entity_type, "entity_id": target,
                "sha256": sha256, "supersedes": str(supersedes_id) if supersedes_id else None},
    )
    return _out(doc, None)


def _out(doc: IssuedDocument, successor: IssuedDocument | None) -> IssuedDocumentOut:
    return IssuedDocumentOut(
        id=doc.id, number=doc.number, kind=doc.kind, title=doc.title,
        organisation_id=doc.organisation_id, organisation_name=doc.organisation_name,
        entity_type=doc.entity_type, entity_id=doc.entity_id, patient_id=doc.patient_id,
        sha256=doc.sha256, size=doc.size, issued_at=doc.issued_at, issued_by=doc.issued_by,
        supersedes_id=doc.supersedes_id, superseded_by_id=successor.id if successor else None,
    )


async def documents_for(db: AsyncSession, entity_type: str, entity_id: Any
                        ) -> list[IssuedDocumentOut]:
    """The documents issued for a record, oldest first, each with its successor if any (for
    the case module, which has decided who may see them)."""
    docs = (await db.execute(
        select(IssuedDocument)
        .where(IssuedDocument.entity_type == entity_type,
               IssuedDocument.entity_id == str(entity_id))
        .order_by(IssuedDocument.issued_at, IssuedDocument.number)
    )).scalars().all()
    successors = {d.supersedes_id: d for d in docs if d.supersedes_id is not None}
    return [_out(d, successors.get(d.id)) for d in docs]


async def numbers(db: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Each issued document's number; unknown ids are left out."""
    if not ids:
        return {}
    rows = await db.execute(select(IssuedDocument.id, IssuedDocument.number)
                            .where(IssuedDocument.id.in_(ids)))
    return dict(rows.all())


# ---------------------------------------------------------------- verifying


async def verify(db: AsyncSession, settings: Settings, pdf: bytes) -> VerificationOut:
    """Whether ``pdf`` is, byte for byte, a document yilian issued, and what it is."""
    check = await asyncio.to_thread(signing.check_pdf, settings, pdf)
    if check.problem is not None:
        return VerificationOut(authentic=False, reason=check.problem,
                               signer=check.signer_subject, signed_at=check.signed_at)
    doc = (await db.execute(
        select(IssuedDocument).where(IssuedDocument.sha256 == hashlib.sha256(pdf).hexdigest())
    )).scalar_one_or_none()
    if doc is None:
        # Signed with a yilian key, yet never recorded: a stolen key or a lost record.
        return VerificationOut(authentic=False, reason="unknown-document",
                               signer=check.signer_subject, signed_at=check.signed_at)
    successor = await _successor(db, doc.id)
    return VerificationOut(
        authentic=True, number=doc.number, kind=doc.kind, title=doc.title,
        issuer=doc.organisation_name, issued_at=doc.issued_at, signer=check.signer_subject,
        signed_at=check.signed_at, superseded=successor is not None,
        superseded_by=successor.number if successor else None,
    )


class NotRegistered(NotFound):
    code = "document-not-registered"
    title_zh = "登记簿中没有该编号和核验码的文件"
    title_en = "No document with this number and code is on the register"
    # Counted against the asker's budget of refusals (core/ratelimit.py): whoever tries codes
    # at random is answered 429 within a minute.
    audited = True


async def register_entry(db: AsyncSession, number: str, code: str) -> RegisterEntryOut:
    """What the register says of the document a QR code names, for anyone holding the paper:
    who issued what and when, nothing about the patient. Both the number and the code must
    match."""
    try:
        document_id = uuid.UUID(hex=code)
    except ValueError:
        document_id = None
    doc = await db.get(IssuedDocument, document_id) if document_id else None
    if doc is None or doc.number != number:
        raise NotRegistered("no document with this number and code")
    successor = await _successor(db, doc.id)
    return RegisterEntryOut(
        number=doc.number, kind=doc.kind, title=doc.title, issuer=doc.organisation_name,
        issued_at=doc.issued_at, superseded=successor is not None,
        superseded_by=successor.number if successor else None,
    )


# ---------------------------------------------------------------- reading


async def _readable(db: AsyncSession, actor: Actor, document_id: uuid.UUID) -> IssuedDocument:
    doc = await db.get(IssuedDocument, document_id)
    if doc is None:
        raise NotFound("no such document")
    if actor.user_id == doc.issued_by or (doc.patient_id is not None
                                          and doc.patient_id in actor.patient_ids):
        return doc
    reader = _readers.get(doc.entity_type)
    if reader is not None and await reader(db, actor, doc.entity_id):
        return doc
    raise Forbidden("this document is not shared with you").about(
        "document", doc.id, doc.organisation_id)


async def get(db: AsyncSession, actor: Actor, document_id: uuid.UUID) -> IssuedDocumentOut:
    doc = await _readable(db, actor, document_id)
    return _out(doc, await _successor(db, doc.id))


async def get_pdf(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                  document_id: uuid.UUID) -> tuple[IssuedDocumentOut, bytes]:
    """The signed PDF, for whom may read it; each download is audited (it is patient data)."""
    doc = await _readable(db, actor, document_id)
    out = _out(doc, await _successor(db, doc.id))
    await audit.record(db, clock, actor, "document.download", entity_type="document",
                       entity_id=doc.id, subject_org_id=doc.organisation_id,
                       detail={"number": doc.number})
    if doc.patient_id is not None:  # and in the patient's own access log
        own = doc.patient_id in actor.patient_ids
        basis = ((Basis.self_ if doc.patient_id == actor.own_patient_id else Basis.proxy)
                 if own else Basis.case)
        accesslog.log(db, clock, actor, doc.patient_id, None, "document.download", basis,
                      basis_ref=doc.number, entity_type="document", entity_id=doc.id)
    await db.commit()
    store = storage_for(settings)
    if not await store.has_blob(out.sha256):
        raise NotFound("the document's content is missing from storage",
                       code="document-content-missing")
    return out, b"".join([piece async for piece in store.read_blob(out.sha256)])
