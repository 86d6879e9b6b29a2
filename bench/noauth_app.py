"""The application with the session check replaced by a fixed actor: the baseline that
bench/auth.py compares the real, authenticated path against. Never used outside benchmarks."""

from __future__ import annotations

import os
import uuid

from yilian.app import create_app
from yilian.core.authz import Actor, Role


def create():
    app = create_app()
    actor = Actor(
        user_id=uuid.UUID(os.environ["BENCH_USER_ID"]),
        username="bench",
        grant_id=uuid.UUID(os.environ["BENCH_GRANT_ID"]),
        role=Role.specialist,
        org_id=uuid.UUID(os.environ["BENCH_ORG_ID"]),
        org_path=os.environ["BENCH_ORG_PATH"],
        clinically_verified=True,
    )

    async def fixed_actor(request, db):
        return actor

    app.state.resolve_actor = fixed_actor
    return app
