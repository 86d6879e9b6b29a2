"""Backup and restore of an installation: the database, the stored files and a manifest.

A backup directory holds::

    manifest.json          written last: a directory without it is not a complete backup
    database.sqlite3       SQLite's online backup of the database (embedded mode), or
    database.pgdump        ``pg_dump --format=custom`` (scaled mode)
    blobs/ab/cd/<sha256>   the stored files, laid out as storage lays them out
    signing/               the document-signing certificates and their index, public parts only

The manifest's row counts, audit-chain head and schema revision are read from the very snapshot
the dump holds: for SQLite from the copy itself, for PostgreSQL in a REPEATABLE READ transaction
whose snapshot pg_dump shares (``--snapshot``). Stored files are never changed or deleted, so
the ones listed after the snapshot include every file it names; a file already in the backup
directory (or, with ``since``, in a previous backup) is not copied again.

Keys are never copied: neither the field-encryption key ring nor the signing private keys. A
backup without them cannot be read, and a stolen one is useless; they are kept apart, offline.
"""

from __future__ import annotations

import asyncio
import glob
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import column, func, inspect, select, table, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool

from yilian.core import accesslog, audit
from yilian.core.clock import Clock
from yilian.core.crypto import KeyRing, KeyRingError
from yilian.core.signing import signing_dir
from yilian.core.storage import LocalStorage, storage_for

if TYPE_CHECKING:
    from sqlalchemy import ColumnClause, Connection

    from yilian.settings import Settings

FORMAT = "yilian-backup/1"
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
BLOBS = "blobs"
CERTS = "signing"
CHUNK = 1024 * 1024
# A column of this name holds the SHA-256 of a blob in storage (stored files, issued documents).
BLOB_COLUMN = "sha256"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BackupError(Exception):
    """What is wrong, said so that the operator knows what to do."""


# ---------------------------------------------------------------- what a snapshot holds


@dataclass
class Facts:
    revision: str | None
    tables: dict[str, int]
    audit_rows: int
    audit_head: str
    audit_intact: bool
    audit_bad_seq: int | None
    blob_refs: set[str]
    # The access log's sealed batches against their entries in the chain (core/accesslog.py).
    access_problem: str | None = None


async def _facts(conn: AsyncConnection) -> Facts:
    """Row counts, schema revision, named blobs and the audit chain, as ``conn`` sees them."""

    def read(sync_conn: Connection) -> tuple[str | None, dict[str, int], set[str]]:
        inspector = inspect(sync_conn)
        names = sorted(inspector.get_table_names())
        if audit.AuditEntry.__tablename__ not in names:
            raise BackupError("the database holds no yilian schema (no audit log); "
                              "is it the right database?")
        counts: dict[str, int] = {}
        refs: set[str] = set()
        for name in names:
            counts[name] = sync_conn.execute(select(func.count()).select_from(table(name))) \
                .scalar_one()
            if any(c["name"] == BLOB_COLUMN for c in inspector.get_columns(name)):
                ref: ColumnClause[str] = column(BLOB_COLUMN)
                refs |= set(sync_conn.execute(
                    select(ref).select_from(table(name)).where(ref.is_not(None)).distinct()
                ).scalars())
        return MigrationContext.configure(sync_conn).get_current_revision(), counts, refs

    revision, counts, refs = await conn.run_sync(read)
    async with AsyncSession(bind=conn) as db:
        chain = await audit.verify(db)
        access = await accesslog.verify(db, Clock())
    return Facts(revision, counts, chain.rows, chain.head, chain.ok, chain.bad_seq, refs,
                 None if access.ok else access.problem)


def _engine_name(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def _sqlite_path(url: str) -> Path:
    return Path(make_url(url).database or "").resolve()


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The libpq URL for pg_dump and pg_restore, and an environment holding the password (a
    password on the command line would show in the process list)."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _pg_tool(name: str) -> tuple[str, str]:
    """The newest ``name`` on this host (on PATH, or in a Debian-style versioned directory),
    and its version line: a pg_dump older than the server refuses, a newer one works."""
    found = {p for p in (shutil.which(name), *glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
             if p}
    if not found:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client tools "
                          "(Debian: apt-get install postgresql-client)")

    def described(path: str) -> tuple[tuple[int, ...], str]:
        line = subprocess.run([path, "--version"], capture_output=True, text=True).stdout.strip()
        numbers = re.search(r"(\d+)(?:\.(\d+))?", line)
        return (tuple(int(n) for n in numbers.groups("0")) if numbers else (0,)), line

    versions = {path: described(path) for path in found}
    best = max(versions, key=lambda path: versions[path][0])
    return best, versions[best][1]


async def _run_tool(argv: list[str], env: dict[str, str], what: str) -> None:
    proc = await asyncio.create_subprocess_exec(
        *argv, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _, err = await proc.communicate()
    if proc.returncode != 0:
        raise BackupError(f"{what} failed: {err.decode(errors='replace').strip()}")


# ---------------------------------------------------------------- files


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while piece := f.read(CHUNK):
            digest.update(piece)
    return digest.hexdigest()


def _blob_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256[2:4] / sha256


def _copy_checked(src: Path, dst: Path, sha256: str) -> None:
    """Copies a blob, hashing the bytes on the way: a blob that does not hash to its name is
    refused, and the copy appears whole or not at all."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.tmp")
    digest = hashlib.sha256()
    with src.open("rb") as fin, tmp.open("wb") as fout:
        while piece := fin.read(CHUNK):
            digest.update(piece)
            fout.write(piece)
    if digest.hexdigest() != sha256:
        tmp.unlink()
        raise BackupError(f"the file {src} is damaged: its content does not match its SHA-256")
    os.chmod(tmp, 0o440)  # as storage keeps blobs: never changed
    os.replace(tmp, dst)


def _blob_root(settings: Settings) -> Path:
    """Where storage keeps its blobs: backups read and restore the local layout."""
    store = storage_for(settings)
    if not isinstance(store, LocalStorage):
        raise BackupError("backup and restore know the local file storage only")
    return store.blobs


def _stored_blobs(root: Path) -> dict[str, Path]:
    return {p.name: p for p in root.glob("??/??/*") if _SHA256.match(p.name) and p.is_file()}


def _certificates(base: Path) -> list[Path]:
    """The public half of ``data_dir/signing``: what verifying a document needs."""
    if not base.is_dir():
        return []
    return sorted(p for p in base.rglob("*") if p.is_file()
                  and (p.name == "index.tsv" or p.name.endswith(".crt.pem")))


def _key_ids(settings: Settings) -> list[str] | None:
    """The ids of the field-encryption keys (never the keys), when the ring is at hand."""
    path = settings.resolved_key_file
    try:
        if settings.keys_json:
            return sorted(KeyRing.from_json(settings.keys_json).keys)
        if path.exists():
            return sorted(KeyRing.from_json(path.read_text(), path).keys)
    except (ValueError, KeyError, TypeError, KeyRingError) as err:
        raise BackupError(f"the key ring is unreadable ({type(err).__name__}: {err}): the "
                          "servers could not read the data either; fix it first") from None
    return None


# ---------------------------------------------------------------- backup


@dataclass
class BackupReport:
    directory: Path
    manifest_sha256: str
    manifest: dict[str, Any]
    copied: int
    linked: int
    kept: int
    seconds: float
    key_file: Path | None
    signing_keys: Path


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise BackupError(f"{target} is a file, not a directory")
    known = {MANIFEST, BLOBS, CERTS, *DUMPS.values()}
    strangers = [p.name for p in target.iterdir() if p.name not in known
                 and not p.name.startswith(".")] if target.exists() else []
    if strangers:
        raise BackupError(f"{target} holds other files ({', '.join(sorted(strangers)[:5])}): "
                          "back up into an empty directory or into a previous backup")


async def _sqlite_snapshot(url: str, dump: Path) -> Facts:
    source = _sqlite_path(url)
    if not source.is_file():
        raise BackupError(f"there is no database at {source}")

    def copy() -> None:
        # The online backup API reads one consistent snapshot while servers keep writing (WAL).
        src = sqlite3.connect(source, timeout=30)
        dst = sqlite3.connect(dump)
        try:
            src.backup(dst)
            # A single self-contained file, readable without -wal and -shm beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
            src.close()

    await asyncio.to_thread(copy)
    engine = create_async_engine(f"sqlite+aiosqlite:///file:{dump}?mode=ro&uri=true",
                                 poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            return await _facts(conn)
    finally:
        await engine.dispose()


async def _pg_snapshot(url: str, dump: Path) -> tuple[Facts, dict[str, str]]:
    tool, tool_version = _pg_tool("pg_dump")
    dsn, env = _libpq(url)
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="REPEATABLE READ",
                                                postgresql_readonly=True)
            async with conn.begin():
                snapshot = (await conn.execute(text("SELECT pg_export_snapshot()"))).scalar_one()
                server = (await conn.execute(text("SHOW server_version"))).scalar_one()
                # The transaction stays open until pg_dump is done: it keeps the snapshot.
                dumping = asyncio.create_task(_run_tool(
                    [tool, "--format=custom", f"--snapshot={snapshot}", "--no-password",
                     f"--file={dump}", f"--dbname={dsn}"], env, "pg_dump"))
                try:
                    facts = await _facts(conn)
                finally:
                    await dumping
    finally:
        await engine.dispose()
    return facts, {"tool": tool_version, "server_version": server}


def _copy_blobs(stored: dict[str, Path], into: Path, since: Path | None) -> tuple[int, int, int]:
    copied = linked = kept = 0
    for sha256, path in sorted(stored.items()):
        dst = _blob_path(into, sha256)
        if dst.exists():
            kept += 1
            continue
        previous = _blob_path(since / BLOBS, sha256) if since else None
        if previous and previous.is_file():
            dst.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(previous, dst)
                linked += 1
                continue
            except OSError:
                pass  # another file system (or no hard links there): copy instead
        _copy_checked(path, dst, sha256)
        copied += 1
    return copied, linked, kept


async def write_backup(settings: Settings, target: Path, since: Path | None = None) -> BackupReport:
    """Writes a backup of the installation the settings name into ``target``."""
    started = time.perf_counter()
    target = target.resolve()  # noqa: ASYNC240 (the CLI's loop: nothing else waits on it)
    _check_target(target)
    if since is not None and not (since / MANIFEST).is_file():
        raise BackupError(f"{since} is not a yilian backup (no {MANIFEST})")
    key_ids = _key_ids(settings)
    # Patient data: for the owner only (as are the dump and the files below).
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    # From here until the new manifest is written, the directory is not a complete backup.
    (target / MANIFEST).unlink(missing_ok=True)

    url = settings.resolved_database_url
    engine = _engine_name(url)
    dump = target / DUMPS[engine]
    tmp = target / f".{dump.name}.tmp"
    tmp.unlink(missing_ok=True)
    taken_at = datetime.now(UTC)
    if engine == "sqlite":
        facts = await _sqlite_snapshot(url, tmp)
        tool = {"tool": f"SQLite {sqlite3.sqlite_version} online backup"}
    else:
        facts, tool = await _pg_snapshot(url, tmp)
    os.chmod(tmp, 0o600)
    os.replace(tmp, dump)

    blobs = _blob_root(settings)
    stored = _stored_blobs(blobs)
    missing = facts.blob_refs - stored.keys()
    if missing:
        raise BackupError(f"the database names {len(missing)} stored file(s) that "
                          f"{blobs} lacks, e.g. {sorted(missing)[0]}: storage is damaged")
    previous = since.resolve() if since else None  # noqa: ASYNC240 (as target above)
    copied, linked, kept = await asyncio.to_thread(_copy_blobs, stored, target / BLOBS, previous)

    certificates: dict[str, str] = {}
    base = signing_dir(settings)
    for path in _certificates(base):
        rel = path.relative_to(base).as_posix()
        dst = target / CERTS / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dst)
        certificates[rel] = _sha256_of(dst)

    manifest = {
        "format": FORMAT,
        "taken_at": taken_at.isoformat(),
        "yilian_version": version("yilian"),
        "engine": engine,
        "source": make_url(url).render_as_string(hide_password=True),
        "schema_revision": facts.revision,
        "database": {"file": dump.name, "sha256": _sha256_of(dump),
                     "bytes": dump.stat().st_size, **tool},
        "tables": facts.tables,
        "audit": {"rows": facts.audit_rows, "head": facts.audit_head,
                  "intact": facts.audit_intact, "bad_seq": facts.audit_bad_seq},
        "files": {sha256: stored[sha256].stat().st_size for sha256 in sorted(stored)},
        "certificates": certificates,
        # Names only: which key ring the data needs. The keys themselves are never here.
        "key_ids": key_ids,
    }
    body = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
    os.sync()  # everything above is on disk before the manifest says the backup is complete
    staged = target / f".{MANIFEST}.tmp"
    staged.write_bytes(body)
    os.replace(staged, target / MANIFEST)
    return BackupReport(
        target, hashlib.sha256(body).hexdigest(), manifest, copied, linked, kept,
        time.perf_counter() - started,
        None if settings.keys_json else settings.resolved_key_file, base,
    )


# ---------------------------------------------------------------- restore


@dataclass
class RestoreReport:
    manifest: dict[str, Any]
    facts: Facts
    seconds: float
    key_file: Path | None
    signing_keys: Path


_MANIFEST_KEYS = {"format", "taken_at", "engine", "schema_revision", "database", "tables",
                  "audit", "files", "certificates", "key_ids"}


def read_manifest(source: Path) -> dict[str, Any]:
    path = source / MANIFEST
    if not source.is_dir():
        raise BackupError(f"{source} is not a directory")
    if not path.is_file():
        raise BackupError(f"{source} holds no {MANIFEST}: it is not a yilian backup, or the "
                          "backup did not finish")
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BackupError(f"{path} is not readable JSON: {err}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT \
            or not manifest.keys() >= _MANIFEST_KEYS:
        raise BackupError(f"{path} is not a {FORMAT} manifest")
    # Names taken from the manifest become paths: none may lead out of the directories.
    certificates = [Path(rel) for rel in manifest["certificates"]]
    if manifest["database"].get("file") not in DUMPS.values() \
            or not all(_SHA256.match(sha256) for sha256 in manifest["files"]) \
            or any(p.is_absolute() or ".." in p.parts for p in certificates):
        raise BackupError(f"{path} names files a yilian backup does not hold")
    return manifest


def _check_backup(source: Path, manifest: dict[str, Any]) -> None:
    """Every byte of the backup against the manifest, before anything is written."""
    dump = source / manifest["database"]["file"]
    if not dump.is_file() or _sha256_of(dump) != manifest["database"]["sha256"]:
        raise BackupError(f"the database dump {dump} is missing or does not match the "
                          "manifest's checksum")
    for sha256, size in manifest["files"].items():
        path = _blob_path(source / BLOBS, sha256)
        if not path.is_file() or path.stat().st_size != size or _sha256_of(path) != sha256:
            raise BackupError(f"the stored file {sha256} is missing from the backup or does "
                              "not match its SHA-256")
    for rel, sha256 in manifest["certificates"].items():
        path = source / CERTS / rel
        if not path.is_file() or _sha256_of(path) != sha256:
            raise BackupError(f"the certificate {rel} is missing from the backup or does not "
                              "match the manifest")


async def _require_empty_database(url: str) -> None:
    if _engine_name(url) == "sqlite" and not _sqlite_path(url).exists():
        return
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            names = await conn.run_sync(lambda c: inspect(c).get_table_names())
    finally:
        await engine.dispose()
    if names:
        raise BackupError(f"the database {make_url(url).render_as_string(hide_password=True)} "
                          f"is not empty ({len(names)} tables): restore only into an empty one")


def _sqlite_restore(dump: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _compare(manifest: dict[str, Any], facts: Facts, files: set[str]) -> list[str]:
    problems = []
    expected = manifest["tables"]
    for name in sorted(expected.keys() | facts.tables.keys()):
        if expected.get(name) != facts.tables.get(name):
            problems.append(f"table {name}: {facts.tables.get(name, 'no')} rows restored, "
                            f"the manifest says {expected.get(name, 'none')}")
    if facts.revision != manifest["schema_revision"]:
        problems.append(f"schema revision {facts.revision}, the manifest says "
                        f"{manifest['schema_revision']}")
    if not facts.audit_intact:
        problems.append(f"the audit chain is broken at seq {facts.audit_bad_seq}")
    if facts.access_problem:
        problems.append(f"the access log does not match its seals: {facts.access_problem}")
    chain = manifest["audit"]
    if (facts.audit_rows, facts.audit_head) != (chain["rows"], chain["head"]):
        problems.append(f"the audit chain has {facts.audit_rows} rows ending in "
                        f"{facts.audit_head}, the manifest says {chain['rows']} ending in "
                        f"{chain['head']}")
    missing = facts.blob_refs - files
    if missing:
        problems.append(f"{len(missing)} stored file(s) named by the database are not in the "
                        f"backup, e.g. {sorted(missing)[0]}")
    return problems


async def restore_backup(settings: Settings, source: Path) -> RestoreReport:
    """Restores ``source`` into the empty database and storage the settings name, then checks
    the result against the manifest. Refuses a damaged backup before writing anything."""
    started = time.perf_counter()
    source = source.resolve()  # noqa: ASYNC240 (the CLI's loop: nothing else waits on it)
    manifest = read_manifest(source)
    url = settings.resolved_database_url
    if manifest["engine"] != _engine_name(url):
        raise BackupError(
            f"this is a {manifest['engine']} backup and the target is {_engine_name(url)}: "
            + ("set YILIAN_DATABASE_URL to the empty PostgreSQL database to restore into"
               if manifest["engine"] == "postgresql"
               else "unset YILIAN_DATABASE_URL and set YILIAN_DATA_DIR to an empty directory"))
    await asyncio.to_thread(_check_backup, source, manifest)

    blobs = _blob_root(settings)
    if blobs.exists() and any(blobs.iterdir()):
        raise BackupError(f"{blobs} already holds stored files: restore only into an "
                          "empty data directory")
    signing = signing_dir(settings)
    for rel in manifest["certificates"]:
        present = signing / rel
        if present.exists() and present.read_bytes() != (source / CERTS / rel).read_bytes():
            raise BackupError(f"{present} differs from the backup's: those signing keys belong "
                              "to another installation")
    await _require_empty_database(url)

    dump = source / manifest["database"]["file"]
    if manifest["engine"] == "sqlite":
        await asyncio.to_thread(_sqlite_restore, dump, _sqlite_path(url))
    else:
        tool, _ = _pg_tool("pg_restore")
        dsn, env = _libpq(url)
        # One transaction: a restore that fails leaves the database empty. Owners and grants
        # are the target's own (another role may own the restored database).
        await _run_tool([tool, "--single-transaction", "--exit-on-error", "--no-owner",
                         "--no-privileges", "--no-password", f"--dbname={dsn}", str(dump)],
                        env, "pg_restore")

    def copy_files() -> None:
        for sha256 in manifest["files"]:
            _copy_checked(_blob_path(source / BLOBS, sha256), _blob_path(blobs, sha256), sha256)
        signing.mkdir(mode=0o700, parents=True, exist_ok=True)
        for rel in manifest["certificates"]:
            folder = signing
            for part in Path(rel).parent.parts:  # as core/signing.py keeps them: owner only
                folder = folder / part
                folder.mkdir(mode=0o700, exist_ok=True)
            shutil.copyfile(source / CERTS / rel, folder / Path(rel).name)
            os.chmod(folder / Path(rel).name, 0o600)

    await asyncio.to_thread(copy_files)

    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            facts = await _facts(conn)
    finally:
        await engine.dispose()
    problems = _compare(manifest, facts, set(_stored_blobs(blobs)))
    if problems:
        raise BackupError("the restored data does not match the backup's manifest:\n  "
                          + "\n  ".join(problems)
                          + "\nDo not serve this restore; empty the target before trying again.")
    return RestoreReport(manifest, facts, time.perf_counter() - started,
                         None if settings.keys_json else settings.resolved_key_file, signing)
