"""Every notification endpoint × every role: anyone signed in may use their own inbox and
preferences; a notification of someone else is answered 404, like one that does not exist.
"In" targets are the actor's own notification, "out" ones another user's. The test fails when
the module gains an endpoint this table does not cover."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from tests.factories import MATRIX_ACTORS
from tests.messaging.notifications.helpers import API, notify
from yilian.core.authz import app_routes
from yilian.messaging.notifications.models import Notification

OK, NOT_FOUND = "ok", "not found"
STATUS = {OK: {200}, NOT_FOUND: {404}}


def everyone(who: str, scope: str) -> str:
    return OK


def own_only(who: str, scope: str) -> str:
    return OK if scope == "in" else NOT_FOUND


@dataclass
class Ctx:
    app: object
    world: object
    clock: object
    settle: Callable[[], Awaitable[int]]
    query: Callable
    who: str
    scope: str

    async def notification_id(self) -> uuid.UUID:
        owner = self.who if self.scope == "in" else (
            "specialist_b" if self.who != "specialist_b" else "patient_pb")
        user = self.world.users[owner]
        await notify(self.app, self.clock, [user])
        await self.settle()
        rows = await self.query(select(Notification.id).where(Notification.user_id == user)
                                .order_by(Notification.created_at.desc()))
        return rows[0]


@dataclass
class Endpoint:
    expect: Callable[[str, str], str]
    path: Callable[[Ctx], Awaitable[str] | str]
    body: dict | None = None


def fixed(path: str) -> Callable[[Ctx], str]:
    return lambda c: path


async def _read_url(c: Ctx) -> str:
    return f"{API}/{await c.notification_id()}/read"


MATRIX: dict[tuple[str, str], Endpoint] = {
    ("GET", API): Endpoint(everyone, fixed(API)),
    ("GET", f"{API}/unread-count"): Endpoint(everyone, fixed(f"{API}/unread-count")),
    ("POST", f"{API}/read-all"): Endpoint(everyone, fixed(f"{API}/read-all")),
    ("POST", API + "/{notification_id}/read"): Endpoint(own_only, _read_url),
    ("GET", f"{API}/preferences"): Endpoint(everyone, fixed(f"{API}/preferences")),
    ("PATCH", f"{API}/preferences"): Endpoint(everyone, fixed(f"{API}/preferences"), {
        "channels": [{"channel": "email", "enabled": True, "address": "me@example.org"}]}),
}


def test_the_matrix_covers_every_notification_endpoint(app):
    served = {(m, p) for m, p, _ in app_routes(app) if m != "HEAD" and p.startswith(API)}
    assert served == set(MATRIX), "add the new endpoint to the notifications permission matrix"


@pytest.mark.parametrize("endpoint", sorted(MATRIX), ids=lambda e: f"{e[0]} {e[1]}")
async def test_endpoint_by_role_and_ownership(endpoint, app, client, world, clock, settle, query):
    method, template = endpoint
    spec = MATRIX[endpoint]
    anonymous = await client.request(method, template.format(notification_id=uuid.uuid4()),
                                     json=spec.body if method != "GET" else None)
    assert anonymous.status_code == 401, anonymous.text
    failures = []
    for who in MATRIX_ACTORS:
        for scope in ("in", "out"):
            path = spec.path(Ctx(app, world, clock, settle, query, who, scope))
            if not isinstance(path, str):
                path = await path
            r = await client.request(method, path, json=spec.body, headers=world.headers(who))
            expected = spec.expect(who, scope)
            if r.status_code not in STATUS[expected]:
                failures.append(f"{who}/{scope}: expected {expected}, got {r.status_code} "
                                f"{r.text[:160]}")
    assert failures == []
