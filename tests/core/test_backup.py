"""The restore drill: demo → ``yilian backup`` → ``yilian restore`` elsewhere → the same rows, an
intact audit chain, a signed document that verifies and a file that downloads; and a damaged
backup or a non-empty target refused. On SQLite, and on PostgreSQL when configured."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import uuid
from pathlib import Path

import httpx
import pytest
from alembic import command
from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from tests import conftest
from tests.demo.helpers import Db, sign_in
from tests.files.helpers import FILES, png, upload
from yilian import cli
from yilian.app import create_app
from yilian.core import accesslog, audit
from yilian.core.audit import AuditEntry
from yilian.core.crypto import configure_keyring
from yilian.core.db import make_engine, make_sessionmaker
from yilian.core.migrate import alembic_config
from yilian.core.storage import storage_for
from yilian.demo import build_demo
from yilian.documents.models import IssuedDocument
from yilian.settings import Settings

PATIENTS = 10
UPLOADER = "prov_cardio"


@pytest.fixture
def run(monkeypatch):
    """``yilian ARGS`` with only the given YILIAN_ variables set, in a thread of its own (the
    command runs its own event loop; the test's stays free)."""
    for var in list(os.environ):
        if var.startswith("YILIAN_"):
            monkeypatch.delenv(var)

    async def invoke(*args: str, settings: Settings):
        for var in list(os.environ):
            if var.startswith("YILIAN_"):
                monkeypatch.delenv(var)
        monkeypatch.setenv("YILIAN_DATA_DIR", str(settings.data_dir))
        monkeypatch.setenv("YILIAN_DATABASE_URL", settings.database_url)
        monkeypatch.setenv("YILIAN_KEYS_JSON", settings.keys_json)
        return await asyncio.to_thread(
            CliRunner().invoke, cli.app, [str(a) for a in args], catch_exceptions=False)

    yield invoke
    configure_keyring(conftest.TEST_KEYS)


def _moved(settings: Settings, **changes) -> Settings:
    """The settings with other places. (Not ``model_copy``: it would keep the cached resolved
    database URL and storage directory of the original.)"""
    return Settings(**{**settings.model_dump(), **changes})


@pytest.fixture
async def target(backend, settings, tmp_path):
    """Settings for an empty place to restore into: a new data directory, and for PostgreSQL a
    new database of its own on the same server, dropped afterwards."""
    data_dir = tmp_path / "restored"
    if backend == "sqlite":
        yield _moved(settings, data_dir=data_dir,
                     database_url=f"sqlite+aiosqlite:///{data_dir / 'yilian.db'}")
        return
    name = f"restore_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(settings.database_url, poolclass=NullPool,
                                isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(settings.database_url).set(database=name)
        yield _moved(settings, data_dir=data_dir,
                     database_url=url.render_as_string(hide_password=False))
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest.fixture
async def demo(settings, clock):
    """A small demo alliance at the newest schema revision, with a signed document (the demo's
    closed referral) and a file uploaded through the API. Returns the file's id and bytes."""
    await build_demo(settings, size=PATIENTS, clock=clock)
    # The tests' schema comes from the models; record the revision it matches, as upgrading
    # would, so the manifest holds a real one.
    await asyncio.to_thread(command.stamp, alembic_config(settings.resolved_database_url), "head")
    served = _client(settings, clock)
    async with served as client:
        client.headers.update((await sign_in(client, UPLOADER)).headers)
        content = png(300_000)
        file_id = await upload(client, content)
        # The demo's reads of patient data, sealed into the chain as the scheduler would.
        async with served.app.state.sessionmaker() as db:
            assert await accesslog.seal(db, clock) > 0
        return file_id, content


class _client:
    """An app on the given settings and a test client for it."""

    def __init__(self, settings: Settings, clock) -> None:
        self.app = create_app(settings, clock)

    async def __aenter__(self) -> httpx.AsyncClient:
        configure_keyring(conftest.TEST_KEYS)
        transport = httpx.ASGITransport(app=self.app, client=("127.0.0.9", 40000))
        self.client = httpx.AsyncClient(transport=transport, base_url="http://yilian.test")
        return self.client

    async def __aexit__(self, *exc) -> None:
        await self.client.aclose()
        await self.app.state.ratelimit.close()
        await self.app.state.engine.dispose()


async def _chain(run, settings: Settings) -> str:
    result = await run("audit", "verify", settings=settings)
    assert result.exit_code == 0, result.output
    assert "intact" in result.output
    [head] = [line.split()[-1] for line in result.output.splitlines() if "head hash" in line]
    return head


async def test_a_backup_restores_elsewhere_complete_and_verifiable(
        run, settings, target, demo, clock, tmp_path):
    file_id, content = demo
    counts = await Db(settings).table_counts()
    head = await _chain(run, settings)
    backup_dir = tmp_path / "backup"

    made = await run("backup", backup_dir, settings=settings)
    assert made.exit_code == 0, made.output
    assert "The keys are NOT in this backup" in made.output
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert {k: v for k, v in manifest["tables"].items() if k in counts} == counts
    assert manifest["audit"] == {"rows": counts["audit_log"], "head": head, "intact": True,
                                 "bad_seq": None}
    assert manifest["schema_revision"] and manifest["key_ids"] == ["k1"]
    stored = storage_for(settings)
    blobs = {p.name for p in stored.blobs.glob("??/??/*")}
    assert set(manifest["files"]) == blobs and len(blobs) >= 2  # the PDF(s) and the upload
    # No key in the backup: neither the signing private keys nor the field-encryption ring.
    ring = conftest.TEST_KEYS
    secrets = [p.read_bytes() for p in (settings.data_dir / "signing").rglob("*.key.pem")]
    assert secrets and "root.crt.pem" in manifest["certificates"]
    secrets += [base64.b64encode(k) for k in (*ring.keys.values(), ring.index_key)]
    for path in backup_dir.rglob("*"):
        assert not path.name.endswith(".key.pem") and path.name != "keys.json"
        if path.is_file():
            assert not any(s in path.read_bytes() for s in secrets), path

    restored = await run("restore", backup_dir, settings=target)
    assert restored.exit_code == 0, restored.output
    assert "checked:" in restored.output and "put back the keys" in restored.output
    assert await Db(target).table_counts() == counts
    assert await _chain(run, target) == head
    checked = await run("audit", "verify", settings=target)
    [sealed] = [line for line in checked.output.splitlines() if "access-log entries" in line]
    assert int(sealed.split()[3]) == counts["access_log"] > 0, sealed

    async with _client(target, clock) as client:
        [doc] = [d for (d,) in await Db(target).rows(select(IssuedDocument).limit(1))]
        pdf = storage_for(target).blob_path(doc.sha256).read_bytes()
        verified = await client.post("/api/v1/documents/verify", content=pdf,
                                     headers={"Content-Type": "application/pdf"})
        assert verified.status_code == 200, verified.text
        assert verified.json()["authentic"] is True, verified.json()
        assert verified.json()["number"] == doc.number

        uploader = await sign_in(client, UPLOADER)
        got = await uploader.get(f"{FILES}/{file_id}/content")
        assert got.status_code == 200, got.text
        assert got.content == content

    # A second restore into the now full target is refused, and changes nothing; so is one
    # into a database that is not empty, even with an empty data directory.
    used = await Db(target).table_counts()
    again = await run("restore", backup_dir, settings=target)
    assert again.exit_code == 1
    assert "already holds stored files" in again.output
    assert await Db(target).table_counts() == used
    elsewhere = _moved(settings, data_dir=tmp_path / "other")
    refused = await run("restore", backup_dir, settings=elsewhere)
    assert refused.exit_code == 1
    assert "is not empty" in refused.output and "restore only into an empty one" in refused.output
    assert not storage_for(elsewhere).blobs.exists()

    # Incremental: the same directory again copies no stored file; a new one linked to this.
    files = len(manifest["files"])
    again = await run("backup", backup_dir, settings=settings)
    assert again.exit_code == 0, again.output
    assert f"(0 copied, 0 linked, {files} already there)" in again.output
    tuesday = tmp_path / "tuesday"
    linked = await run("backup", tuesday, "--since", backup_dir, settings=settings)
    assert linked.exit_code == 0, linked.output
    assert f"(0 copied, {files} linked, 0 already there)" in linked.output
    for blob in (backup_dir / "blobs").glob("??/??/*"):
        assert blob.samefile(tuesday / blob.relative_to(backup_dir))


async def test_a_backup_taken_while_the_servers_write_is_one_snapshot(
        run, settings, target, clock, tmp_path):
    """Audit rows keep being committed while the backup runs: the manifest's counts and chain
    head must be those of the dump, or the restore's check finds the difference."""
    await asyncio.to_thread(command.stamp, alembic_config(settings.resolved_database_url), "head")
    engine = make_engine(settings.resolved_database_url, pool_size=2)
    maker = make_sessionmaker(engine)

    async def chain_rows() -> int:
        async with maker() as db:
            return (await db.execute(select(func.count()).select_from(AuditEntry))).scalar_one()

    stop = asyncio.Event()

    async def write() -> None:
        while not stop.is_set():
            async with maker() as db:
                await audit.record(db, clock, None, "test.write")
                await db.commit()

    writer = asyncio.create_task(write())
    try:
        # The rows are in the database, not in this process: polled, no event to wait on.
        while await chain_rows() < 10:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        before = await chain_rows()
        made = await run("backup", tmp_path / "backup", settings=settings)
        taken = json.loads((tmp_path / "backup" / "manifest.json").read_text())["audit"]["rows"]
        # The writer goes on after the snapshot (on a loaded machine it may need a moment).
        for _ in range(500):
            if (after := await chain_rows()) > taken:
                break
            await asyncio.sleep(0.02)
    finally:
        stop.set()
        await writer
        await engine.dispose()
    assert made.exit_code == 0, made.output
    # Rows were written before the snapshot (at least ten before ``before``) and after it; the
    # snapshot may fall before the writer's next commit, so ``taken`` may equal ``before``.
    assert before <= taken < after

    restored = await run("restore", tmp_path / "backup", settings=target)
    assert restored.exit_code == 0, restored.output
    assert f"audit chain intact, {taken} rows" in restored.output


def _damage_blob(backup: Path) -> str:
    blob = next(p for p in (backup / "blobs").glob("??/??/*"))
    blob.chmod(0o640)
    data = bytearray(blob.read_bytes())
    data[len(data) // 2] ^= 0xFF
    blob.write_bytes(bytes(data))
    return f"the stored file {blob.name} is missing from the backup or does not match"


def _damage_dump(backup: Path) -> str:
    [dump] = [p for p in backup.iterdir() if p.name.startswith("database.")]
    with dump.open("ab") as f:
        f.write(b"\0")
    return "does not match the manifest's checksum"


def _change_manifest(backup: Path) -> list[str]:
    path = backup / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["tables"]["patients"] += 1
    chain = manifest["audit"]
    real, chain["head"] = chain["head"], "0" * 64
    path.write_text(json.dumps(manifest))
    n = manifest["tables"]["patients"]
    return [f"table patients: {n - 1} rows restored, the manifest says {n}",
            f"the audit chain has {chain['rows']} rows ending in {real}, the manifest says "
            f"{chain['rows']} ending in {chain['head']}"]


async def _tables(settings: Settings) -> list[str]:
    sqlite_file = Path(make_url(settings.database_url).database) if settings.is_sqlite else None
    if sqlite_file and not sqlite_file.exists():  # noqa: ASYNC240 (a test's one stat)
        return []
    engine = create_async_engine(settings.resolved_database_url, poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(lambda c: inspect(c).get_table_names())
    finally:
        await engine.dispose()


async def test_a_damaged_backup_is_refused(run, settings, target, demo, tmp_path):
    backup_dir = tmp_path / "backup"
    made = await run("backup", backup_dir, settings=settings)
    assert made.exit_code == 0, made.output

    # A changed file or dump is found before anything is written: the target stays empty.
    for damage in (_damage_blob, _damage_dump):
        copy = tmp_path / damage.__name__
        shutil.copytree(backup_dir, copy)
        message = damage(copy)
        refused = await run("restore", copy, settings=target)
        assert refused.exit_code == 1, refused.output
        assert message in refused.output and "Traceback" not in refused.output
        assert not storage_for(target).blobs.exists()
        assert await _tables(target) == []

    # A changed count or audit head is found once restored, against what the database holds.
    messages = _change_manifest(backup_dir)
    refused = await run("restore", backup_dir, settings=target)
    assert refused.exit_code == 1, refused.output
    assert all(m in refused.output for m in messages), refused.output
    assert "Do not serve this restore" in refused.output


def test_bad_directories_get_a_message(tmp_path, monkeypatch):
    for var in list(os.environ):
        if var.startswith("YILIAN_"):
            monkeypatch.delenv(var)
    monkeypatch.setenv("YILIAN_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "notes.txt").write_text("not a backup")
    (tmp_path / "half").mkdir()
    cases = [
        (["restore", str(tmp_path / "nowhere")], "is not a directory"),
        (["restore", str(tmp_path / "half")], "holds no manifest.json"),
        (["restore", str(tmp_path)], "holds no manifest.json"),
        (["backup", str(tmp_path / "notes.txt")], "is a file, not a directory"),
        (["backup", str(tmp_path)], "holds other files (half, notes.txt)"),
        (["backup", str(tmp_path / "new"), "--since", str(tmp_path / "half")],
         "is not a yilian backup"),
        (["backup", str(tmp_path / "new2")], "there is no database at"),
    ]
    for args, message in cases:
        result = CliRunner().invoke(cli.app, args, catch_exceptions=False)
        assert result.exit_code == 1, (args, result.output)
        assert message in result.output, (args, result.output)
    bad = tmp_path / "bad"
    bad.mkdir()
    outside = {"format": "yilian-backup/1", "taken_at": "", "engine": "sqlite",
               "schema_revision": None, "database": {"file": "database.sqlite3"}, "tables": {},
               "audit": {}, "files": {}, "certificates": {"../../keys.json": ""}, "key_ids": []}
    for manifest, message in (("{", "is not readable JSON"), ("[]", "is not a yilian-backup/1"),
                              (json.dumps(outside), "names files a yilian backup does not hold")):
        (bad / "manifest.json").write_text(manifest)
        result = CliRunner().invoke(cli.app, ["restore", str(bad)], catch_exceptions=False)
        assert result.exit_code == 1 and message in result.output, result.output

    monkeypatch.setenv("YILIAN_KEYS_JSON", "{")
    result = CliRunner().invoke(cli.app, ["backup", str(tmp_path / "new3")],
                                catch_exceptions=False)
    assert result.exit_code == 1 and "the key ring is unreadable" in result.output, result.output
