"""Every notification endpoint × every role: anyone signed in may use their own inbox and
preferences; a notification of someone else is answered 404, like one that does not exist.
"In" targets are the actor's own notification, "out" ones another user's. The test fails when
the module gains an endpoint this table does not cover."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import select

from tests.matrix import NOT_FOUND, OK, Endpoint, Matrix, Outcome, everyone, only, under
from tests.messaging.notifications.helpers import API, notify
from yilian.messaging.notifications.models import Notification

own_only = only("in", NOT_FOUND)


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


async def _read_url(c: Ctx) -> str:
    return f"{API}/{await c.notification_id()}/read"


MATRIX = Matrix("notifications", {
    ("GET", API): Endpoint(everyone, API),
    ("GET", f"{API}/unread-count"): Endpoint(everyone, f"{API}/unread-count"),
    ("POST", f"{API}/read-all"): Endpoint(everyone, f"{API}/read-all"),
    ("POST", API + "/{notification_id}/read"): Endpoint(own_only, _read_url),
    ("GET", f"{API}/preferences"): Endpoint(everyone, f"{API}/preferences"),
    ("PATCH", f"{API}/preferences"): Endpoint(everyone, f"{API}/preferences", {
        "channels": [{"channel": "email", "enabled": True, "address": "me@example.org"}]}),
}, outcomes={OK: Outcome(200), NOT_FOUND: Outcome(404)}, routes=under(API, head=False))


def test_the_matrix_covers_every_notification_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_ownership(endpoint, app, client, world, clock, settle, query):
    await MATRIX.check(endpoint, client, world,
                       lambda who, scope: Ctx(app, world, clock, settle, query, who, scope))
