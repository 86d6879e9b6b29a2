"""The public verifier and the document endpoints over HTTP."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from tests.documents.helpers import DOCS, PDF, VERIFY, issue, pdf_of
from yilian.core.audit import AuditEntry


async def test_anyone_may_verify_a_pdf(app, client, world):
    doc = await issue(app, world, "specialist_a")
    r = await client.post(VERIFY, content=pdf_of(app, doc), headers=PDF)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["authentic"] is True and body["reason"] is None
    assert (body["number"], body["issuer"], body["kind"]) == (
        doc.number, "甲县人民医院", "consultation_report")
    r = await client.post(VERIFY, content=b"%PDF-1.7 broken",
                          headers={"Content-Type": "application/pdf; charset=binary"})
    assert (r.status_code, r.json()["authentic"], r.json()["reason"]) == (200, False, "not-a-pdf")


async def test_the_verifier_wants_a_pdf_body(app, client):
    for headers in ({"Content-Type": "text/plain"}, {"Content-Type": "application/json"}, {}):
        r = await client.post(VERIFY, content=b"%PDF-1.7", headers=headers)
        assert r.status_code == 415, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["code"] == "not-pdf"
    r = await client.post(VERIFY, content=b"", headers=PDF)
    assert (r.status_code, r.json()["code"]) == (422, "validation")
    r = await client.post(VERIFY, content=b"%PDF-" + b"0" * (1024 * 1024), headers=PDF)
    assert r.status_code == 413


async def test_reading_a_document_and_its_pdf(app, client, world, query):
    doc = await issue(app, world, "specialist_a")
    issuer = world.client_as(client, "specialist_a")
    r = await issuer.get(f"{DOCS}/{doc.id}")
    assert r.status_code == 200, r.text
    assert (r.json()["number"], r.json()["sha256"]) == (doc.number, doc.sha256)
    r = await issuer.get(f"{DOCS}/{doc.id}/pdf")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert f'filename="{doc.number}.pdf"' in r.headers["content-disposition"]
    assert r.content == pdf_of(app, doc)
    # What was downloaded is what the verifier accepts.
    verified = await client.post(VERIFY, content=r.content, headers=PDF)
    assert verified.json()["authentic"] is True

    stranger = world.client_as(client, "specialist_b")
    for path in (f"{DOCS}/{doc.id}", f"{DOCS}/{doc.id}/pdf"):
        r = await stranger.get(path)
        assert (r.status_code, r.json()["code"]) == (403, "forbidden")
    denied = await query(select(AuditEntry).where(AuditEntry.outcome == "denied",
                                                  AuditEntry.entity_type == "document"))
    assert [(d.entity_id, d.actor_user_id, d.subject_org_id) for d in denied] == [
        (str(doc.id), world.users["specialist_b"], world.orgs["A"].id)] * 2
    assert (await issuer.get(f"{DOCS}/{uuid.uuid4()}")).status_code == 404
    assert (await client.get(f"{DOCS}/{doc.id}/pdf")).status_code == 401
