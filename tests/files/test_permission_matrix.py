"""Every files and uploads endpoint × every role × the actor's own target and someone else's.

Written from the rules (files/policy.py, DESIGN §5 Files): every signed-in role but the
auditor (who only reads) may upload; an upload is touched by its uploader only; a file is read
by its uploader, or, once attached, by whom the attached record's module admits (tested in
test_uploads.py). "own" targets belong to the actor, "other" ones to specialist_b, who is not
among the matrix's actors. The test fails when the module gains an endpoint this table does
not cover.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from tests.files.helpers import FILES, OFFSET_STREAM, TUS, UPLOADS, make_file, make_upload, png
from tests.files.helpers import metadata as tus_metadata
from tests.matrix import FORBIDDEN, OK, Endpoint, Matrix, Outcome, everyone, only, role_of, under
from yilian.core.authz import Role

OTHER = "specialist_b"
DATA = png(20_000)


def uploaders(who: str, scope: str) -> str:
    return OK if role_of(who) != Role.auditor else FORBIDDEN


def own_uploads(who: str, scope: str) -> str:
    return OK if role_of(who) != Role.auditor and scope == "own" else FORBIDDEN


own_files = only("own")


@dataclass
class Ctx:
    app: object
    world: object
    who: str
    scope: str

    @property
    def owner(self) -> str:
        return self.who if self.scope == "own" else OTHER

    async def upload_url(self) -> str:
        # The auditor may own nothing through the API; the service makes its targets.
        upload_id = await make_upload(self.app, self.world, self.owner, DATA, sent=10_000)
        return f"{UPLOADS}/{upload_id}"

    async def file_id(self) -> uuid.UUID:
        return await make_file(self.app, self.world, self.owner)


async def _upload(c: Ctx) -> str:
    return await c.upload_url()


async def _file(c: Ctx) -> str:
    return f"{FILES}/{await c.file_id()}"


async def _content(c: Ctx) -> str:
    return f"{FILES}/{await c.file_id()}/content"


MATRIX = Matrix("files", {
    ("OPTIONS", UPLOADS): Endpoint(everyone, UPLOADS),
    ("POST", UPLOADS): Endpoint(uploaders, UPLOADS, headers={
        **TUS, "Upload-Length": "1000", "Upload-Metadata": tus_metadata("a.png", "image/png")}),
    ("HEAD", UPLOADS + "/{upload_id}"): Endpoint(own_uploads, _upload, headers=TUS),
    ("PATCH", UPLOADS + "/{upload_id}"): Endpoint(
        own_uploads, _upload, headers={**TUS, **OFFSET_STREAM, "Upload-Offset": "10000"},
        content=DATA[10_000:15_000]),
    ("DELETE", UPLOADS + "/{upload_id}"): Endpoint(own_uploads, _upload, headers=TUS),
    ("GET", UPLOADS + "/{upload_id}"): Endpoint(own_uploads, _upload),
    ("GET", FILES + "/{file_id}"): Endpoint(own_files, _file),
    ("GET", FILES + "/{file_id}/content"): Endpoint(own_files, _content),
}, outcomes={OK: Outcome(200, 201, 204), FORBIDDEN: Outcome(403)}, routes=under(UPLOADS, FILES),
    scopes=("own", "other"))


def test_the_matrix_covers_every_files_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_owner(endpoint, app, client, world):
    await MATRIX.check(endpoint, client, world, lambda who, scope: Ctx(app, world, who, scope))
