"""The reference for the patient read: a bare FastAPI + asyncpg app doing the same indexed SELECT
of one patient by primary key and answering JSON, with the same uvicorn worker count. No
authentication, policy, transaction, ORM, decryption or audit: what FastAPI and asyncpg cost at
the least, against which bench/auth.py prints yilian's ratio. Never used outside benchmarks.

    uvicorn reference_app:create --factory --app-dir bench   (YILIAN_DATABASE_URL: postgresql://)
"""

from __future__ import annotations

import os
import uuid
from contextlib import asynccontextmanager

import asyncpg
import orjson
from fastapi import FastAPI
from fastapi.responses import Response

# The patient row as yilian reads it (its primary-key index); the encrypted columns are read too
# and returned as they are stored.
QUERY = (
    "SELECT id, name, sex, birth_date, resident_id, phone, address, home_organisation_id,"
    " insurance_no, active, created_at, updated_at FROM patients WHERE id = $1"
)
POOL_SIZE = 40  # as yilian's db_pool_size default


def _json(value):
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    raise TypeError(type(value))


def create() -> FastAPI:
    dsn = os.environ["YILIAN_DATABASE_URL"]

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.pool = await asyncpg.create_pool(dsn, min_size=4, max_size=POOL_SIZE)
        yield
        await app.state.pool.close()

    app = FastAPI(lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None)

    @app.get("/api/v1/patients/{patient_id}")
    async def get_patient(patient_id: uuid.UUID) -> Response:
        row = await app.state.pool.fetchrow(QUERY, patient_id)
        if row is None:
            return Response(b'{"status":404}', status_code=404, media_type="application/json")
        return Response(orjson.dumps(dict(row), default=_json), media_type="application/json")

    @app.get("/readyz")
    async def readyz() -> Response:
        await app.state.pool.fetchval("SELECT 1")
        return Response(b'{"status":"ok"}', media_type="application/json")

    return app
