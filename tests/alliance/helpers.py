"""Small helpers for the alliance tests: request bodies, creation shortcuts, row counts."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from yilian.core.audit import AuditEntry

API = "/api/v1"

KIND_FOR_LEVEL = {
    "province": "general_hospital",
    "city": "general_hospital",
    "county": "general_hospital",
    "town": "health_centre",
    "community": "community_centre",
    "village": "village_clinic",
}


def org_body(name: str, level: str, parent_id, *, code: str = "440111", **extra) -> dict:
    return {"name": name, "level": level, "kind": KIND_FOR_LEVEL[level], "division_code": code,
            "parent_id": str(parent_id) if parent_id else None, **extra}


async def create_org(user, name: str, level: str, parent_id, **extra) -> dict:
    r = await user.post(f"{API}/organisations", json=org_body(name, level, parent_id, **extra))
    assert r.status_code == 201, r.text
    return r.json()


def fields(r: httpx.Response) -> set[str]:
    """The fields a problem+json answer names (a list item counts as its list)."""
    return {e["field"].split(".")[0] for e in r.json().get("errors", [])}


async def count(app, model) -> int:
    async with app.state.sessionmaker() as db:
        return (await db.execute(select(func.count()).select_from(model))).scalar_one()


async def audit_rows(app, **where) -> list[AuditEntry]:
    async with app.state.sessionmaker() as db:
        stmt = select(AuditEntry).filter_by(**where).order_by(AuditEntry.seq)
        return list((await db.execute(stmt)).scalars())
