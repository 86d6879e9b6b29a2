"""The ``yilian`` command line: serve, migrate, demo, local administration, audit, keys, backup.

Every command reads its settings from the environment (``YILIAN_DATA_DIR``,
``YILIAN_DATABASE_URL``, ...), exactly as the server does.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import os
import socket
import sys
import uuid
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from alembic.runtime.migration import MigrationContext
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from yilian.alliance import service as alliance
from yilian.alliance.models import Organisation, OrgKind, OrgLevel
from yilian.alliance.schemas import OrganisationIn
from yilian.core import accesslog, audit, keyrotation
from yilian.core.authz import Role
from yilian.core.backup import BackupError, restore_backup, write_backup
from yilian.core.clock import Clock
from yilian.core.crypto import KeyRing, KeyRingError, configure_keyring, load_keyring
from yilian.core.db import make_engine, make_sessionmaker
from yilian.core.errors import Problem
from yilian.core.keyrotation import encrypted_columns
from yilian.core.migrate import current_head, upgrade
from yilian.demo import DEFAULT_SIZE, DemoAccount, build_demo
from yilian.identity import service as identity
from yilian.identity.models import ProfessionalTitle, User
from yilian.identity.schemas import GrantIn, PractitionerIn, UserCreate
from yilian.models import metadata
from yilian.settings import Settings

app = typer.Typer(help="yilian 医联: internet-hospital platform for a regional medical alliance.",
                  no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
admin_app = typer.Typer(help="Local administration (no sign-in: whoever runs this owns the host).",
                        no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
keys_app = typer.Typer(help="Field-encryption keys.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(admin_app, name="admin")
app.add_typer(audit_app, name="audit")
app.add_typer(keys_app, name="keys")

# Messages are never broken into lines by the console: they hold commands and paths to copy.
console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)
T = TypeVar("T")
Host = Annotated[str, typer.Option(help="address to listen on")]
Port = Annotated[int, typer.Option(help="port to listen on")]

TOTP_OFF_NOTICE = (
    "演示环境已关闭员工双因素认证 / staff two-factor sign-in is OFF in the demo "
    "(YILIAN_REQUIRE_STAFF_TOTP=false); never run a real deployment like this."
)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {message}")
    return typer.Exit(code)


def _run(awaitable: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(awaitable)


def _shown_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


@asynccontextmanager
async def _engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(settings.resolved_database_url, pool_size=2)
    try:
        yield engine
    finally:
        await engine.dispose()


@asynccontextmanager
async def _session(settings: Settings) -> AsyncIterator[AsyncSession]:
    configure_keyring(load_keyring(settings))
    async with _engine(settings) as engine, make_sessionmaker(engine)() as db:
        yield db


# ---------------------------------------------------------------- schema


def upgrade_schema(settings: Settings) -> None:
    """Alembic's env runs its own event loop, so this is called from synchronous code only."""
    upgrade(settings.resolved_database_url)


async def _schema_revision(settings: Settings) -> str | None:
    async with _engine(settings) as engine, engine.connect() as conn:
        return await conn.run_sync(lambda c: MigrationContext.configure(c).get_current_revision())


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the schema to the newest revision; existing data is kept."""
    settings = Settings()
    upgrade_schema(settings)
    console.print(f"database {_shown_url(settings.resolved_database_url)} "
                  f"is at revision {current_head()} (head)")


# ---------------------------------------------------------------- serving


def public_base_url(host: str, port: int) -> str:
    """The address people reach a server listening on ``host``: on every interface, the
    machine's name; an IPv6 address in brackets."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.getfqdn()
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def _serve(host: str, port: int, workers: int) -> None:
    """Replace this process with uvicorn serving the application factory.

    A fresh interpreter imports the application only, not this CLI's migration tooling, demo
    generator and console: 25 MB less in every server process (docs/decisions/0011). The
    factory reads Settings from the environment in every worker process. WebSockets go without
    per-message compression, on the sans-I/O implementation: 39 KB per open connection instead
    of 148 KB; the messages are small JSON anyway.
    """
    # Printed on signed documents (QR code, verification page): where this server is reached,
    # unless the deployment says (behind nginx, its public https address).
    os.environ.setdefault("YILIAN_PUBLIC_BASE_URL", public_base_url(host, port))
    # One process: it may start the machine's Janus beside itself (messaging/video/embedded.py).
    if workers == 1:
        os.environ.setdefault("YILIAN_JANUS_EMBEDDED", "true")
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [
        sys.executable, "-m", "uvicorn", "yilian.app:create_app", "--factory",
        "--host", host, "--port", str(port), "--workers", str(workers),
        "--no-access-log", "--no-server-header", "--proxy-headers",
        "--ws", "websockets-sansio", "--ws-per-message-deflate", "false",
        "--ws-max-size", str(256 * 1024),
    ])


@app.command()
def serve(
    host: Host = "127.0.0.1",
    port: Port = 8000,
    workers: Annotated[int, typer.Option(min=1, help="worker processes (scaled mode)")] = 1,
) -> None:
    """Run the API and the web app (run `yilian db upgrade` first)."""
    settings = Settings()
    try:
        revision = _run(_schema_revision(settings))
    except (OSError, SQLAlchemyError) as err:
        raise _fail(f"cannot reach the database {_shown_url(settings.resolved_database_url)}: "
                    f"{err}") from None
    if revision != current_head():
        raise _fail(f"the database is at revision {revision or 'none'}, the code needs "
                    f"{current_head()}: run `yilian db upgrade` first")
    if workers > 1 and settings.is_sqlite:
        raise _fail("several workers need PostgreSQL (YILIAN_DATABASE_URL); SQLite has one writer")
    _serve(host, port, workers)


def _background_settings() -> Settings:
    settings = Settings()
    if not settings.broker_url:
        raise _fail("set YILIAN_BROKER_URL (redis:// or amqp://): without a broker, jobs and "
                    "periodic work run inside `yilian serve`")
    configure_keyring(load_keyring(settings))
    return settings


@app.command()
def worker(
    threads: Annotated[int, typer.Option(min=1, help="worker threads")] = 4,
) -> None:
    """Run background jobs from the broker (scaled mode)."""
    import signal
    import threading

    import dramatiq

    import yilian.handlers  # noqa: F401
    from yilian.core import jobs
    from yilian.core.jobs import DramatiqJobs, JobContext, make_broker

    settings = _background_settings()
    assert settings.broker_url is not None  # _background_settings refuses to go on without one
    broker = make_broker(settings.broker_url)
    engine = make_engine(settings.resolved_database_url, pool_size=threads)
    ctx = JobContext(make_sessionmaker(engine), Clock(), settings)
    jobs.runner.current = DramatiqJobs(broker, ctx)
    dramatiq.set_broker(broker)
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    runner = dramatiq.Worker(broker, worker_threads=threads)
    runner.start()
    console.print(f"worker: {len(jobs.registered())} jobs, {threads} threads, broker "
                  f"{_shown_url(settings.broker_url)}")
    stopping.wait()
    runner.stop()
    broker.close()


@app.command()
def scheduler() -> None:
    """Run the periodic tasks and an outbox relay (scaled mode; one per deployment)."""
    import yilian.handlers  # noqa: F401  (the periodic tasks and subscribers it runs)
    from yilian.core.background import Background

    settings = _background_settings()

    async def main() -> None:
        engine = make_engine(settings.resolved_database_url, pool_size=4)
        background = Background(make_sessionmaker(engine), Clock(), settings)
        await background.start(scheduler=True)
        console.print("scheduler: running (Ctrl-C stops)")
        try:
            await asyncio.Event().wait()
        finally:
            await background.stop()
            await engine.dispose()

    with contextlib.suppress(KeyboardInterrupt):
        _run(main())


WORKFLOWS_DOC = Path(__file__).resolve().parents[2] / "docs" / "workflows.md"


def workflows_markdown() -> str:
    """docs/workflows.md as the code's transition tables draw it."""
    import yilian.handlers  # noqa: F401  (every case module, so every workflow is registered)
    from yilian.core import workflow

    return workflow.document(workflow.registered())


@app.command()
def workflows(
    write: Annotated[bool, typer.Option("--write", help="write docs/workflows.md")] = False,
) -> None:
    """Print the workflows (state diagrams and who may act) from the transition tables."""
    text = workflows_markdown()
    if write:
        WORKFLOWS_DOC.write_text(text, encoding="utf-8")
        console.print(f"wrote {WORKFLOWS_DOC}")
    else:
        typer.echo(text)


@app.command()
def openapi() -> None:
    """Print the API's OpenAPI document (JSON); `cd web && npm run types` makes the web's types
    from it."""
    import tempfile

    from yilian.app import create_app

    # The document depends on the code only: the app is built on a throw-away data directory
    # (no database is opened), whatever the environment points at.
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp), database_url=None,
                            key_file=None, keys_json=None, redis_url=None)
        document = create_app(settings).openapi()
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True))


# ---------------------------------------------------------------- demo


ACCOUNT_COLUMNS = ("username", "password", "role", "organisation", "display name")


def _accounts_csv(accounts: list[DemoAccount]) -> str:
    """The accounts as CSV: what a log file or a pipe gets, where a table would be wrapped at
    80 columns into something no one can read or paste from."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ACCOUNT_COLUMNS)
    writer.writerows((a.username, a.password, a.role, a.organisation, a.display_name)
                     for a in accounts)
    return out.getvalue()


def _accounts_table(accounts: list[DemoAccount]) -> Table:
    grid = Table(title="演示账号 / demo accounts", show_lines=False)
    # Names and passwords are typed in: they never wrap or shorten; the rest may wrap.
    grid.add_column(ACCOUNT_COLUMNS[0], no_wrap=True)
    grid.add_column(ACCOUNT_COLUMNS[1], no_wrap=True)
    for heading in ACCOUNT_COLUMNS[2:]:
        grid.add_column(heading, overflow="fold")
    for a in accounts:
        grid.add_row(a.username, a.password, a.role, a.organisation, a.display_name)
    return grid


@app.command()
def demo(
    host: Host = "127.0.0.1",
    port: Port = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="build, print, and stop")] = False,
    patients: Annotated[
        int, typer.Option(min=0, help="generated patients, besides the demo accounts' own")
    ] = DEFAULT_SIZE,
    accounts_json: Annotated[
        Path | None, typer.Option(help="also write the accounts to this JSON file")
    ] = None,
) -> None:
    """Build a demo alliance (once) and serve it: the quickest way to see yilian."""
    # The demo's accounts have no second factor; the server started below inherits this.
    os.environ["YILIAN_REQUIRE_STAFF_TOTP"] = "false"
    # The demo's orders are paid with the demo channel (演示支付), which moves no money.
    os.environ.setdefault("YILIAN_DEMO_PAYMENTS", "true")
    # The demo's documents are signed before the server starts: they print its address.
    os.environ.setdefault("YILIAN_PUBLIC_BASE_URL", public_base_url(host, port))
    settings = Settings()
    upgrade_schema(settings)
    report = _run(build_demo(settings, size=patients, progress_console=console))
    if report.already_present:
        console.print("演示医联体已存在，未新增数据 / the demo alliance is already there; nothing added")
    else:
        console.print(f"演示医联体已建好 / demo alliance built in {report.seconds:.1f} s: "
                      + ", ".join(f"{n} {what}" for what, n in report.added.items()))
    if console.is_terminal:
        console.print(_accounts_table(report.accounts))
    else:
        console.print("演示账号 / demo accounts (CSV):")
        typer.echo(_accounts_csv(report.accounts), nl=False)
    console.print(f"[bold yellow]{TOTP_OFF_NOTICE}[/bold yellow]")
    if accounts_json:
        accounts_json.write_text(
            json.dumps([a.as_json() for a in report.accounts], ensure_ascii=False, indent=2)
        )
        console.print(f"accounts written to {accounts_json}")
    if not no_serve:
        console.print(f"[bold green]http://{host}:{port}[/bold green]  (Ctrl+C to stop)")
        _serve(host, port, 1)


# ---------------------------------------------------------------- administration


async def _organisation_id(db: AsyncSession, name_or_id: str) -> uuid.UUID:
    try:
        org = await db.get(Organisation, uuid.UUID(name_or_id))
    except ValueError:
        org = (
            await db.execute(select(Organisation).where(Organisation.name == name_or_id))
        ).scalar_one_or_none()
    if org is None:
        raise _fail(f"no organisation named or with id {name_or_id!r}")
    return org.id


def _run_local(awaitable: Coroutine[Any, Any, T]) -> T:
    """Runs a service call for the host's administrator: a refusal is a message, not a trace."""
    try:
        return _run(awaitable)
    except Problem as err:
        raise _fail(err.detail or err.title_en) from None
    except ValidationError as err:
        raise _fail("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                              for e in err.errors()), code=2) from None


async def _create_organisation(settings: Settings, parent: str | None, **fields) -> Organisation:
    async with _session(settings) as db:
        parent_id = await _organisation_id(db, parent) if parent else None
        data = OrganisationIn(parent_id=parent_id, **fields)
        return await alliance.create_organisation(db, Clock(), None, data)


@admin_app.command("create-organisation")
def admin_create_organisation(
    name: Annotated[str, typer.Option(help="full name, e.g. 某某县人民医院")],
    level: Annotated[OrgLevel, typer.Option(help="place in the alliance")],
    kind: Annotated[OrgKind, typer.Option(help="kind of organisation")],
    division_code: Annotated[str, typer.Option(help="6-digit administrative-division code")],
    parent: Annotated[
        str | None, typer.Option(help="organisation above it (name or id); none for a root")
    ] = None,
    short_name: Annotated[str | None, typer.Option()] = None,
    address: Annotated[str | None, typer.Option()] = None,
    phone: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Create an organisation; the alliance's root can only be created here. Prints its id."""
    org = _run_local(_create_organisation(
        Settings(), parent, name=name, level=level, kind=kind, division_code=division_code,
        short_name=short_name, address=address, phone=phone,
    ))
    console.print(str(org.id))


async def _create_user(settings: Settings, organisation: str, title: ProfessionalTitle | None,
                       role: Role, **fields) -> User:
    async with _session(settings) as db:
        org_id = await _organisation_id(db, organisation)
        data = UserCreate(
            practitioner=PractitionerIn(title=title) if title else None,
            grants=[GrantIn(role=role, organisation_id=org_id)],
            registrations=[org_id] if title else [], **fields,
        )
        return await identity.create_user(db, Clock(), settings, None, data)


@admin_app.command("create-user")
def admin_create_user(
    username: Annotated[str, typer.Option(help="sign-in name")],
    display_name: Annotated[str, typer.Option(help="the person's name as shown")],
    role: Annotated[Role, typer.Option(help="role granted at the organisation")],
    organisation: Annotated[str, typer.Option(help="organisation name or id")],
    password: Annotated[str | None, typer.Option(help="prompted for when absent")] = None,
    title: Annotated[
        ProfessionalTitle | None, typer.Option(help="professional title (职称)")
    ] = None,
) -> None:
    """Create a staff user with one role grant; prints the new user's id."""
    if password is None:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    user = _run_local(_create_user(Settings(), organisation, title, role, username=username,
                                   display_name=display_name, password=password))
    console.print(str(user.id))


# ---------------------------------------------------------------- audit


async def _verify_chain(settings: Settings) -> tuple[audit.VerifyResult, accesslog.SealCheck]:
    async with _session(settings) as db:
        chain = await audit.verify(db)
        return chain, await accesslog.verify(db, Clock())


@audit_app.command("verify")
def audit_verify() -> None:
    """Walk the audit chain and the sealed access-log batches; exit 0 only when no row or
    access entry was edited, deleted or moved."""
    result, access = _run(_verify_chain(Settings()))
    console.print(f"rows checked: {result.rows}")
    console.print(f"head hash: {result.head}")
    if not result.ok:
        raise _fail(f"the audit chain is broken; first bad row: seq {result.bad_seq} "
                    f"({result.reason})")
    console.print(f"access-log entries checked: {access.rows} in {access.batches} sealed batches"
                  f" ({access.unsealed} not sealed yet)")
    if not access.ok:
        raise _fail(f"the access log does not match its seals: {access.problem}")
    if access.stale_unsealed:
        console.print(f"[yellow]{access.stale_unsealed} access-log entries are older than "
                      f"{accesslog.SEAL_GRACE} and not sealed: is the scheduler running?[/yellow]")
    console.print("[green]the audit chain and the access log are intact[/green]")


# ---------------------------------------------------------------- keys


async def _rotate(settings: Settings, ring: KeyRing, batch: int) -> int:
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=console)
    async with _engine(settings) as engine:
        with progress:
            task = progress.add_task(f"re-encrypting with {ring.active}", total=None)

            def report(label: str, done: int, total: int) -> None:
                progress.update(task, description=f"re-encrypting {label}", completed=done,
                                total=total)

            done = await keyrotation.reencrypt_all(engine, encrypted_columns(metadata), ring,
                                                   batch, report)
            progress.update(task, description=f"all values on {ring.active}", total=done,
                            completed=done)
    return done


@keys_app.command("rotate")
def keys_rotate(
    batch: Annotated[int, typer.Option(min=1, help="rows per committed transaction")] = 500,
) -> None:
    """Add a new active key and re-encrypt every encrypted value with it (servers may run)."""
    settings = Settings()
    if settings.keys_json:
        raise _fail("the keys come from YILIAN_KEYS_JSON: rotate them where that value is kept, "
                    "or move them to a key file (YILIAN_KEY_FILE)")
    path = settings.resolved_key_file
    if not path.exists():
        raise _fail(f"there is no key file at {path}")
    ring = KeyRing.from_json(path.read_text(), path)
    previous = ring.active
    ring.add_key()
    ring.save()
    configure_keyring(ring)
    console.print(f"key file {path}: new active key {ring.active} (was {previous}); "
                  "old keys stay in the file to read backups")
    try:
        count = _run(_rotate(settings, ring, batch))
    except KeyRingError as err:
        raise _fail(f"{err}; the values done so far stay on {ring.active}, run again once "
                    "it is fixed") from None
    console.print(f"[green]{count} values re-encrypted; none is left on an old key[/green]")


# ---------------------------------------------------------------- backup and restore


def _keys_apart(key_file: Path | None, signing_keys: Path, key_ids: list[str] | None) -> str:
    ring = (f"the key ring {key_file}" if key_file
            else "the key ring given in YILIAN_KEYS_JSON (keep its secret store's copy)")
    ids = f" (key ids {', '.join(key_ids)})" if key_ids else ""
    return (f"  - field encryption: {ring}{ids}; without it the records cannot be read\n"
            f"  - document signing: the private keys under {signing_keys} "
            "(root.key.pem and orgs/<organisation>/<serial>.key.pem)")


def _local_files(awaitable: Coroutine[Any, Any, T], settings: Settings) -> T:
    """Runs a backup or restore: a refusal, or a database out of reach, is a message."""
    try:
        return _run(awaitable)
    except BackupError as err:
        raise _fail(str(err)) from None
    except (OSError, SQLAlchemyError) as err:
        raise _fail(f"{_shown_url(settings.resolved_database_url)}: {err}") from None


@app.command("backup")
def backup_command(
    directory: Annotated[Path, typer.Argument(help="an empty directory, or a previous backup "
                                                   "to bring up to date")],
    since: Annotated[Path | None, typer.Option(
        help="a previous backup: its stored files are hard-linked, not copied again")] = None,
) -> None:
    """Write a consistent backup (database, stored files, manifest) while the servers run."""
    settings = Settings()
    report = _local_files(write_backup(settings, directory, since), settings)
    m = report.manifest
    console.print(
        f"backup of {m['source']} written to {report.directory} in {report.seconds:.1f} s: "
        f"{len(m['tables'])} tables, {sum(m['tables'].values())} rows, database "
        f"{m['database']['bytes']} bytes; {len(m['files'])} stored files "
        f"({report.copied} copied, {report.linked} linked, {report.kept} already there)")
    console.print(f"audit chain: {m['audit']['rows']} rows, head {m['audit']['head']}")
    console.print(f"manifest sha256: {report.manifest_sha256} (write it down with the audit "
                  "head, away from the backup: together they show later that it is unchanged)")
    console.print("[bold yellow]The keys are NOT in this backup.[/bold yellow] Keep them apart "
                  "and offline (e.g. an encrypted copy in the hospital's safe), and refresh "
                  "that copy after every key rotation and after new organisations sign:\n"
                  + _keys_apart(report.key_file, report.signing_keys, m["key_ids"]))
    if not m["audit"]["intact"]:
        raise _fail(f"the audit chain of the source is broken at seq {m['audit']['bad_seq']}: "
                    "the backup is written, but investigate (`yilian audit verify`)")


@app.command("restore")
def restore_command(
    directory: Annotated[Path, typer.Argument(help="a backup written by `yilian backup`")],
) -> None:
    """Restore a backup into an empty database and data directory, then check it against its
    manifest: row counts, the audit chain, every stored file's SHA-256."""
    settings = Settings()
    report = _local_files(restore_backup(settings, directory), settings)
    m, facts = report.manifest, report.facts
    console.print(f"restored the backup taken {m['taken_at']} into "
                  f"{_shown_url(settings.resolved_database_url)} in {report.seconds:.1f} s")
    console.print(f"[green]checked: {len(facts.tables)} tables and {sum(facts.tables.values())} "
                  f"rows as in the manifest; audit chain intact, {facts.audit_rows} rows, head "
                  f"{facts.audit_head}; {len(m['files'])} stored files match their SHA-256"
                  "[/green]")
    console.print("Before serving, put back the keys kept apart:\n"
                  + _keys_apart(report.key_file, report.signing_keys, m["key_ids"]))
    if facts.revision != current_head():
        console.print(f"The schema is at revision {facts.revision}, this code at "
                      f"{current_head()}: run `yilian db upgrade`.")
