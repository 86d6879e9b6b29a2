"""Every documents endpoint × every role × a document the actor issued and someone else's.

Written from the rules (DESIGN §5 Documents, documents/service.py): anyone, signed in or not,
may verify a PDF or read the register entry its QR code names; a document and its PDF are read by their issuer, their patient, or whom the
case module's registered reader admits (tested in test_documents.py). "own" documents were
issued by the actor, "other" ones by specialist_b (not among the matrix's actors) for patient
pb. The test fails when the module gains an endpoint this table does not cover.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from tests.documents.helpers import DOCS, PDF, VERIFY, issue
from tests.matrix import FORBIDDEN, OK, Endpoint, Matrix, Outcome, everyone, only, under
from yilian.documents.schemas import IssuedDocumentOut

OTHER = "specialist_b"


issuer = only("own")


@dataclass
class Ctx:
    app: object
    world: object
    who: str
    scope: str

    async def document(self) -> IssuedDocumentOut:
        if self.scope == "own":
            return await issue(self.app, self.world, self.who, patient=None)
        return await issue(self.app, self.world, OTHER, org="B", patient="pb",
                           organisation_name="乙县人民医院")

    async def document_id(self) -> uuid.UUID:
        return (await self.document()).id


async def _document(c: Ctx) -> str:
    return f"{DOCS}/{await c.document_id()}"


async def _pdf(c: Ctx) -> str:
    return f"{DOCS}/{await c.document_id()}/pdf"


async def _register_entry(c: Ctx) -> str:
    doc = await c.document()
    return f"{DOCS}/register?number={doc.number}&code={doc.id.hex}"


MATRIX = Matrix("documents", {
    ("POST", VERIFY): Endpoint(everyone, VERIFY, headers=PDF, content=b"%PDF-1.7\n",
                               anonymous=200),
    # Asked bare, anonymously; with a number and a code, test_stamp.py.
    ("GET", DOCS + "/register"): Endpoint(everyone, _register_entry, anonymous=422),
    ("GET", DOCS + "/{document_id}"): Endpoint(issuer, _document),
    ("GET", DOCS + "/{document_id}/pdf"): Endpoint(issuer, _pdf),
}, outcomes={OK: Outcome(200), FORBIDDEN: Outcome(403)}, routes=under(DOCS),
    scopes=("own", "other"))


def test_the_matrix_covers_every_documents_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_issuer(endpoint, app, client, world):
    await MATRIX.check(endpoint, client, world, lambda who, scope: Ctx(app, world, who, scope))
