"""Rendering, issuing and reading back documents for the documents tests."""

from __future__ import annotations

import io
import re
import uuid
from datetime import datetime

from pyhanko.pdf_utils.reader import PdfFileReader

from tests.files.helpers import actor_of
from yilian.core.pdf import Story, render
from yilian.core.storage import storage_for
from yilian.documents import service
from yilian.documents.schemas import IssuedDocumentOut

VERIFY = "/api/v1/documents/verify"
DOCS = "/api/v1/documents"
PDF = {"Content-Type": "application/pdf"}
TITLE = "远程会诊报告"

_SHOWN = re.compile(rb"\(((?:\\.|[^\\()])*)\)\s*Tj", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(literal: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(literal):
        if literal[i:i + 1] != b"\\":
            out.append(literal[i])
            i += 1
            continue
        octal = re.match(rb"[0-7]{1,3}", literal[i + 1:i + 4])
        if octal:
            out.append(int(octal.group(), 8) & 0xFF)
            i += 1 + len(octal.group())
        else:
            out += _ESCAPES.get(literal[i + 1:i + 2], literal[i + 1:i + 2])
            i += 2
    return bytes(out)


def text_of(pdf: bytes) -> str:
    """The text the pages show. Every string is in the CID font, whose encoding (UniGB-UCS2-H)
    is UTF-16BE."""
    reader = PdfFileReader(io.BytesIO(pdf))
    shown = []
    for page in reader.root["/Pages"]["/Kids"]:
        contents = page.get_object()["/Contents"]
        streams = contents if isinstance(contents, list) else [contents]
        for stream in streams:
            for literal in _SHOWN.findall(stream.get_object().data):
                shown.append(_unescape(literal).decode("utf-16-be", errors="replace"))
    return "".join(shown)


def report(number: str, *, issued_at: datetime, opinion: str = "建议上转县医院心内科。",
           organisation: str = "甲县人民医院") -> bytes:
    def build(s: Story) -> None:
        s.header(organisation=organisation, title=TITLE, number=number, issued_at=issued_at)
        s.fields([("患者", "张秀英"), ("性别", "女"), ("邀请方", "甲一村卫生室"),
                  ("受邀方", organisation)])
        s.heading("会诊意见")
        s.paragraph(opinion)
        s.signatures([("会诊医生", "王建华", issued_at)])

    return render(build)


async def issue(app, world, who: str, *, org: str = "A", entity_type: str = "test_case",
                entity_id: str | None = None, patient: str | None = "pa", prefix: str = "HZ",
                supersedes_id: uuid.UUID | None = None,
                organisation_name: str = "甲县人民医院") -> IssuedDocumentOut:
    """A consultation-like report issued through the service, committed as a caller would."""
    actor = await actor_of(app, world, who)
    clk = app.state.clock
    async with app.state.sessionmaker() as db:
        out = await service.issue(
            db, clk, app.state.settings, actor, kind="consultation_report",
            number_prefix=prefix, organisation_id=world.orgs[org].id,
            organisation_name=organisation_name, entity_type=entity_type,
            entity_id=entity_id or str(uuid.uuid4()),
            patient_id=world.patients[patient] if patient else None, title=TITLE,
            pdf=lambda number: report(number, issued_at=clk.now(),
                                      organisation=organisation_name),
            supersedes_id=supersedes_id,
        )
        await db.commit()
    return out


def pdf_of(app, doc: IssuedDocumentOut) -> bytes:
    """The signed bytes as stored."""
    path = storage_for(app.state.settings).blob_path(doc.sha256)
    return path.read_bytes()
