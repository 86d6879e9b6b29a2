"""A real `yilian serve` process on a loopback port, over its own SQLite data directory set up
the way an operator does (`yilian db upgrade`, then an organisation and users made with the
services), for tests of what only a real process shows: dropped connections, crashes,
restarts."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from tests.alliance.helpers import org_body
from tests.conftest import TEST_KEYS
from yilian.alliance import service as alliance
from yilian.alliance.schemas import OrganisationIn
from yilian.core import migrate
from yilian.core.authz import Role
from yilian.core.clock import Clock
from yilian.core.db import make_engine, make_sessionmaker
from yilian.identity import service as identity
from yilian.identity.schemas import GrantIn, UserCreate
from yilian.settings import Settings

PASSWORD = "Village-Live-2026!"
READY_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def live_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a process serving ``data_dir`` (none of the caller's YILIAN_*)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("YILIAN_")}
    env.update({"YILIAN_DATA_DIR": str(data_dir), "YILIAN_KEYS_JSON": TEST_KEYS.to_json(),
                "YILIAN_REQUIRE_STAFF_TOTP": "false", "YILIAN_WEB_DIST": str(data_dir / "no-web"),
                **extra})
    return env


async def prepare(data_dir: Path, usernames: list[str]) -> dict[str, str]:
    """A migrated database with a village clinic and a grassroots doctor per name; their ids."""
    settings = Settings(data_dir=data_dir, keys_json=TEST_KEYS.to_json())
    url = settings.resolved_database_url
    await asyncio.to_thread(migrate.upgrade, url)  # Alembic runs its own event loop
    engine = make_engine(url)
    ids = {}
    async with make_sessionmaker(engine)() as db:
        org = await alliance.create_organisation(db, Clock(), None, OrganisationIn(
            **org_body("断网村卫生室", "province", None)))
        for name in usernames:
            user = await identity.create_user(db, Clock(), settings, None, UserCreate(
                username=name, display_name=f"村医{name}", password=PASSWORD,
                grants=[GrantIn(role=Role.grassroots_doctor, organisation_id=org.id)]))
            ids[name] = str(user.id)
    await engine.dispose()
    return ids


@asynccontextmanager
async def serving(data_dir: Path, host: str = "127.0.0.1", **env: str) -> AsyncIterator[str]:
    """`yilian serve` over ``data_dir`` on ``host`` (e.g. a network namespace's way out, where
    the Janus it starts is announced too) until the block ends; yields its base URL."""
    port = free_port()
    base = f"http://{host}:{port}"
    env.setdefault("YILIAN_PUBLIC_BASE_URL", base)
    log_path = data_dir / f"server-{port}.log"
    with log_path.open("w") as log:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", "from yilian.cli import app; app()", "serve",
            "--host", host, "--port", str(port),
            cwd=data_dir, env=live_env(data_dir, **env), stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        async with httpx.AsyncClient(trust_env=False) as probe:
            while True:
                assert proc.returncode is None, log_path.read_text()[-3000:]
                try:
                    if (await probe.get(f"{base}/readyz", timeout=2)).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, log_path.read_text()[-3000:]
                await asyncio.sleep(0.2)
        yield base
    finally:
        # Unlike Popen's, asyncio's terminate refuses a process that has ended.
        with contextlib.suppress(ProcessLookupError):
            proc.terminate()
        try:
            await asyncio.wait_for(proc.wait(), 10)
        except TimeoutError:
            proc.kill()
            await asyncio.wait_for(proc.wait(), 5)


async def sign_in(http: httpx.AsyncClient, username: str) -> str:
    """A bearer token for one of the users made by ``prepare``."""
    r = await http.post("/api/v1/auth/login", json={
        "username": username, "password": PASSWORD, "token_in_body": True})
    assert r.status_code == 200, r.text
    return r.json()["token"]


async def until(probe, predicate, what: str, within: float = 15.0):
    """Poll ``probe()`` until ``predicate`` holds for its result, for ``within`` seconds at
    most; that result."""
    deadline = time.monotonic() + within
    while True:
        result = await probe()
        if predicate(result):
            return result
        assert time.monotonic() < deadline, f"timed out waiting for {what}: {result}"
        await asyncio.sleep(0.05)
