"""Every documents endpoint × every role × a document the actor issued and someone else's.

Written from the rules (DESIGN §5 Documents, documents/service.py): anyone, signed in or not,
may verify a PDF; a document and its PDF are read by their issuer, their patient, or whom the
case module's registered reader admits (tested in test_documents.py). "own" documents were
issued by the actor, "other" ones by specialist_b (not among the matrix's actors) for patient
pb. The test fails when the module gains an endpoint this table does not cover.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest

from tests.documents.helpers import DOCS, PDF, VERIFY, issue
from tests.factories import MATRIX_ACTORS
from yilian.core.authz import app_routes

OTHER = "specialist_b"
OK, FORBIDDEN = "ok", "forbidden"
STATUS = {OK: {200}, FORBIDDEN: {403}}


def everyone(who: str, scope: str) -> str:
    return OK


def issuer(who: str, scope: str) -> str:
    return OK if scope == "own" else FORBIDDEN


@dataclass
class Ctx:
    app: object
    world: object
    who: str
    scope: str

    async def document_id(self) -> uuid.UUID:
        if self.scope == "own":
            doc = await issue(self.app, self.world, self.who, patient=None)
        else:
            doc = await issue(self.app, self.world, OTHER, org="B", patient="pb",
                              organisation_name="乙县人民医院")
        return doc.id


@dataclass
class Endpoint:
    expect: Callable[[str, str], str]
    path: Callable[[Ctx], Awaitable[str]]
    anonymous: int
    headers: dict[str, str] | None = None
    body: bytes | None = None


async def _verify(c: Ctx) -> str:
    return VERIFY


async def _document(c: Ctx) -> str:
    return f"{DOCS}/{await c.document_id()}"


async def _pdf(c: Ctx) -> str:
    return f"{DOCS}/{await c.document_id()}/pdf"


MATRIX: dict[tuple[str, str], Endpoint] = {
    ("POST", VERIFY): Endpoint(everyone, _verify, 200, PDF, b"%PDF-1.7\n"),
    ("GET", DOCS + "/{document_id}"): Endpoint(issuer, _document, 401),
    ("GET", DOCS + "/{document_id}/pdf"): Endpoint(issuer, _pdf, 401),
}


def test_the_matrix_covers_every_documents_endpoint(app):
    served = {(m, p) for m, p, _ in app_routes(app) if p.startswith(DOCS)}
    assert served == set(MATRIX), "add the new endpoint to the documents permission matrix"


@pytest.mark.parametrize("endpoint", sorted(MATRIX), ids=lambda e: f"{e[0]} {e[1]}")
async def test_endpoint_by_role_and_issuer(endpoint, app, client, world):
    method, template = endpoint
    spec = MATRIX[endpoint]
    anonymous = await client.request(method, template.format(document_id=uuid.uuid4()),
                                     headers=spec.headers, content=spec.body)
    assert anonymous.status_code == spec.anonymous, anonymous.text
    failures = []
    for who in MATRIX_ACTORS:
        for scope in ("own", "other"):
            path = await spec.path(Ctx(app, world, who, scope))
            r = await client.request(method, path, content=spec.body,
                                     headers={**(spec.headers or {}), **world.headers(who)})
            expected = spec.expect(who, scope)
            if r.status_code not in STATUS[expected]:
                failures.append(f"{who}/{scope}: expected {expected}, got {r.status_code} "
                                f"{r.text[:160]}")
    assert failures == []
