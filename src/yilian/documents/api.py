"""HTTP endpoints of this module: the public verifier, and issued documents for their readers.

Documents are issued by the case modules' own endpoints (a consultation's report...), which
call the service; there is no endpoint that issues an arbitrary PDF.
"""

from __future__ import annotations

import uuid

from fastapi import Depends, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core.authz import API_PREFIX, Actor, PolicyRouter, current_actor, public, signed_in
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session, settings
from yilian.core.errors import Problem, ValidationFailed
from yilian.documents import service
from yilian.documents.schemas import IssuedDocumentOut, RegisterEntryOut, VerificationOut
from yilian.settings import Settings

router = PolicyRouter(prefix=API_PREFIX, tags=["documents"])
VERIFY = public("verify a document")
READERS = signed_in("read issued documents")
PDF = "application/pdf"


class NotPdf(Problem):
    status = 415
    code = "not-pdf"
    title_zh = "请以 application/pdf 上传 PDF 文件"
    title_en = "Send the PDF as application/pdf"


# The body is the PDF's raw bytes, read as such: it is described here rather than as the
# OpenAPI document's request body (as the upload chunks are). The app caps every request body
# at 1 MiB (core/guards.py), far above any report (docs/decisions/0012-document-signing.md).
@router.post(
    "/documents/verify", policy=VERIFY, response_model=VerificationOut,
    description="Tells whether a PDF is a document issued by yilian and untouched since. "
                f"The body is the PDF itself, sent as `{PDF}` (at most 1 MiB).",
)
async def verify(
    request: Request, db: AsyncSession = Depends(db_session), cfg: Settings = Depends(settings),
):
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != PDF:
        raise NotPdf(f"the body must be sent as {PDF}")
    body = await request.body()
    if not body:
        raise ValidationFailed.field("body", "the PDF is empty")
    return await service.verify(db, cfg, body)


@router.get(
    "/documents/register", policy=VERIFY, response_model=RegisterEntryOut,
    description="What the register says of the document a printed QR code names (its number "
                "and code): issuer, type and date, nothing about the patient.",
)
async def register_entry(
    number: str = Query(min_length=1, max_length=40),
    code: str = Query(min_length=32, max_length=32, pattern="^[0-9a-f]{32}$"),
    db: AsyncSession = Depends(db_session),
):
    return await service.register_entry(db, number, code)


@router.get("/documents/{document_id}", policy=READERS, response_model=IssuedDocumentOut)
async def document(
    document_id: uuid.UUID,
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
):
    return await service.get(db, actor, document_id)


@router.get("/documents/{document_id}/pdf", policy=READERS,
            responses={200: {"content": {PDF: {"schema": {"type": "string",
                                                          "format": "binary"}}}}})
async def document_pdf(
    document_id: uuid.UUID,
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock), cfg: Settings = Depends(settings),
) -> Response:
    info, content = await service.get_pdf(db, clk, cfg, actor, document_id)
    return Response(content, media_type=PDF, headers={
        "Content-Disposition": f'attachment; filename="{info.number}.pdf"',
        "ETag": f'"{info.sha256}"', "Cache-Control": "private, no-cache",
        "X-Content-Type-Options": "nosniff",
    })
