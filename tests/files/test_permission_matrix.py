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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest

from tests.factories import MATRIX_ACTORS, role_of
from tests.files.helpers import FILES, OFFSET_STREAM, TUS, UPLOADS, make_file, make_upload, png
from tests.files.helpers import metadata as tus_metadata
from yilian.core.authz import Role, app_routes

ACTORS = MATRIX_ACTORS
OTHER = "specialist_b"
OK, FORBIDDEN = "ok", "forbidden"
STATUS = {OK: {200, 201, 204}, FORBIDDEN: {403}}
DATA = png(20_000)


def everyone(who: str, scope: str) -> str:
    return OK


def uploaders(who: str, scope: str) -> str:
    return OK if role_of(who) != Role.auditor else FORBIDDEN


def own_uploads(who: str, scope: str) -> str:
    return OK if role_of(who) != Role.auditor and scope == "own" else FORBIDDEN


def own_files(who: str, scope: str) -> str:
    return OK if scope == "own" else FORBIDDEN


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


@dataclass
class Endpoint:
    expect: Callable[[str, str], str]
    path: Callable[[Ctx], Awaitable[str]]
    headers: dict[str, str]
    body: bytes | None = None


async def _uploads(c: Ctx) -> str:
    return UPLOADS


async def _upload(c: Ctx) -> str:
    return await c.upload_url()


async def _file(c: Ctx) -> str:
    return f"{FILES}/{await c.file_id()}"


async def _content(c: Ctx) -> str:
    return f"{FILES}/{await c.file_id()}/content"


MATRIX: dict[tuple[str, str], Endpoint] = {
    ("OPTIONS", UPLOADS): Endpoint(everyone, _uploads, {}),
    ("POST", UPLOADS): Endpoint(uploaders, _uploads, {
        **TUS, "Upload-Length": "1000", "Upload-Metadata": tus_metadata("a.png", "image/png")}),
    ("HEAD", UPLOADS + "/{upload_id}"): Endpoint(own_uploads, _upload, TUS),
    ("PATCH", UPLOADS + "/{upload_id}"): Endpoint(
        own_uploads, _upload, {**TUS, **OFFSET_STREAM, "Upload-Offset": "10000"},
        DATA[10_000:15_000]),
    ("DELETE", UPLOADS + "/{upload_id}"): Endpoint(own_uploads, _upload, TUS),
    ("GET", UPLOADS + "/{upload_id}"): Endpoint(own_uploads, _upload, {}),
    ("GET", FILES + "/{file_id}"): Endpoint(own_files, _file, {}),
    ("GET", FILES + "/{file_id}/content"): Endpoint(own_files, _content, {}),
}


def test_the_matrix_covers_every_files_endpoint(app):
    served = {(m, p) for m, p, _ in app_routes(app) if p.startswith((UPLOADS, FILES))}
    assert served == set(MATRIX), "add the new endpoint to the files permission matrix"


@pytest.mark.parametrize("endpoint", sorted(MATRIX), ids=lambda e: f"{e[0]} {e[1]}")
async def test_endpoint_by_role_and_owner(endpoint, app, client, world):
    method, template = endpoint
    spec = MATRIX[endpoint]
    anonymous = await client.request(
        method, template.format(upload_id=uuid.uuid4(), file_id=uuid.uuid4()),
        headers=spec.headers, content=spec.body)
    assert anonymous.status_code == 401, anonymous.text
    failures = []
    for who in ACTORS:
        for scope in ("own", "other"):
            path = await spec.path(Ctx(app, world, who, scope))
            r = await client.request(method, path, content=spec.body,
                                     headers={**spec.headers, **world.headers(who)})
            expected = spec.expect(who, scope)
            if r.status_code not in STATUS[expected]:
                failures.append(f"{who}/{scope}: expected {expected}, got {r.status_code} "
                                f"{r.text[:160]}")
    assert failures == []
