"""What makes an issued PDF look signed: the organisation's seal, and a QR code to the web app's
verification page, whose register answers anyone holding the paper without naming the patient."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.documents.helpers import DOCS, PDF, VERIFY, issue, pdf_of, text_of
from yilian.core import pdf as paper

REGISTER = f"{DOCS}/register"


@pytest.fixture
def qr_payloads(monkeypatch) -> list[str]:
    """The payload of every QR code drawn (no QR decoder is at hand: the drawing is spied on)."""
    seen: list[str] = []
    drawn = paper.qr_drawing

    def spy(payload: str, size: float = paper.QR_SIZE):
        seen.append(payload)
        return drawn(payload, size)

    monkeypatch.setattr(paper, "qr_drawing", spy)
    return seen


async def test_an_issued_pdf_carries_the_seal_and_a_qr_code_to_its_register_entry(
        app, client, world, qr_payloads):
    doc = await issue(app, world, "specialist_a", organisation_name="甲县人民医院")
    page = "http://127.0.0.1:8000/verify"  # the embedded default of public_base_url
    assert qr_payloads == [f"{page}?number={doc.number}&code={doc.id.hex}"]
    # On a screen the code is also a link to the same address.
    assert re.findall(rb"/URI \((.*?)\)", pdf_of(app, doc)) == [qr_payloads[0].encode()]
    text = text_of(pdf_of(app, doc))
    # The seal: the organisation's name along its arc, one character at a time, and its words.
    assert "甲县人民医院" in text and paper.SEAL_WORDS in text
    assert f"扫码或访问 {page} 核验" in text and f"文件编号：{doc.number}" in text
    # The drawing is under the signature, which still covers the whole file.
    r = await client.post(VERIFY, content=pdf_of(app, doc), headers=PDF)
    assert (r.json()["authentic"], r.json()["number"]) == (True, doc.number)


async def test_the_printed_address_follows_the_public_base_url(app, world, qr_payloads):
    app.state.settings.public_base_url = "https://yilian.example.org/"
    doc = await issue(app, world, "specialist_a")
    assert qr_payloads == [
        f"https://yilian.example.org/verify?number={doc.number}&code={doc.id.hex}"]
    assert "扫码或访问 https://yilian.example.org/verify 核验" in text_of(pdf_of(app, doc))


def test_a_document_rendered_outside_an_issue_has_the_seal_but_no_code(qr_payloads):
    from tests.documents.helpers import report
    from yilian.core.clock import Clock

    text = text_of(report("HZ1", issued_at=Clock().now()))
    assert paper.SEAL_WORDS in text and "扫码" not in text and qr_payloads == []


async def test_anyone_reads_the_register_entry_a_code_names_and_nothing_clinical(
        app, client, world):
    doc = await issue(app, world, "specialist_a")
    r = await client.get(REGISTER, params={"number": doc.number, "code": doc.id.hex})
    assert r.status_code == 200, r.text
    assert r.json() == {
        "number": doc.number, "kind": "consultation_report", "title": "远程会诊报告",
        "issuer": "甲县人民医院", "issued_at": r.json()["issued_at"], "superseded": False,
        "superseded_by": None}
    later = await issue(app, world, "specialist_a", entity_type=doc.entity_type,
                        entity_id=doc.entity_id, supersedes_id=doc.id)
    r = await client.get(REGISTER, params={"number": doc.number, "code": doc.id.hex})
    assert (r.json()["superseded"], r.json()["superseded_by"]) == (True, later.number)


async def test_a_wrong_number_or_code_learns_nothing_and_is_rate_limited(app, client, world):
    doc = await issue(app, world, "specialist_a")
    for params in ({"number": "HZ00000000-0001", "code": doc.id.hex},
                   {"number": doc.number, "code": uuid.uuid4().hex}):
        r = await client.get(REGISTER, params=params)
        assert (r.status_code, r.json()["code"]) == (404, "document-not-registered")
        assert "甲县" not in r.text
    r = await client.get(REGISTER, params={"number": doc.number, "code": str(doc.id)})
    assert (r.status_code, r.json()["code"]) == (422, "validation")
    # Guessing codes spends the address's budget of refusals: then even a right one is refused.
    app.state.refusal_budget.limit = 3
    for _ in range(3):
        await client.get(REGISTER, params={"number": doc.number, "code": uuid.uuid4().hex})
    r = await client.get(REGISTER, params={"number": doc.number, "code": doc.id.hex})
    assert (r.status_code, r.json()["code"]) == (429, "rate-limited")
