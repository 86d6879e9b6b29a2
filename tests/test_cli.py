"""The ``yilian`` command line, run in-process with the environment a shell would give it."""

from __future__ import annotations

import asyncio
import csv
import json
import os
import re
import socket
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select, text, update
from typer.testing import CliRunner

from tests import conftest
from yilian import cli
from yilian.alliance.models import Organisation
from yilian.core.audit import AuditEntry
from yilian.core.crypto import KeyRing, configure_keyring
from yilian.core.db import make_engine, make_sessionmaker
from yilian.core.keyrotation import encrypted_columns
from yilian.core.migrate import current_head
from yilian.demo import DEMO_PASSWORD, build_demo
from yilian.demo.people import generate_patients
from yilian.identity.models import RoleGrant
from yilian.models import metadata
from yilian.patients.models import Patient
from yilian.settings import Settings

SMALL = 40  # generated patients where a test does not need the full demo


@pytest.fixture
def run(monkeypatch):
    """Runs ``yilian ARGS`` with only the given YILIAN_ variables set, as a fresh shell would."""
    for var in list(os.environ):
        if var.startswith("YILIAN_"):
            monkeypatch.delenv(var)
    # Set by `serve` and `demo` for the server they start: unset again after the test.
    monkeypatch.setenv("YILIAN_PUBLIC_BASE_URL", "")
    monkeypatch.delenv("YILIAN_PUBLIC_BASE_URL")

    def invoke(*args: str, env: dict[str, str], input: str | None = None):
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        return CliRunner().invoke(cli.app, list(args), input=input, catch_exceptions=False)

    yield invoke
    # The commands configure the process-wide key ring from their settings; the other tests
    # expect the test ring back. (monkeypatch also undoes YILIAN_REQUIRE_STAFF_TOTP, which
    # the demo command sets for the server it starts.)
    configure_keyring(conftest.TEST_KEYS)


def _env(settings: Settings) -> dict[str, str]:
    env = {"YILIAN_DATA_DIR": str(settings.data_dir), "YILIAN_DATABASE_URL": settings.database_url}
    if settings.keys_json:
        env["YILIAN_KEYS_JSON"] = settings.keys_json
    if settings.key_file:
        env["YILIAN_KEY_FILE"] = str(settings.key_file)
    return env


async def _execute(settings: Settings, *statements, params=None):
    engine = make_engine(settings.resolved_database_url, pool_size=1)
    try:
        async with engine.begin() as conn:
            for stmt in statements:
                await conn.execute(text(stmt) if isinstance(stmt, str) else stmt, params or {})
    finally:
        await engine.dispose()


async def _scalars(settings: Settings, stmt) -> list:
    engine = make_engine(settings.resolved_database_url, pool_size=1)
    try:
        async with make_sessionmaker(engine)() as db:
            return list((await db.execute(stmt)).scalars().all())
    finally:
        await engine.dispose()


# ---------------------------------------------------------------- db upgrade


def _upgrade_keeps_data(run, env: dict[str, str], settings: Settings) -> None:
    first = run("db", "upgrade", env=env)
    assert first.exit_code == 0, first.output
    assert current_head() in first.output
    asyncio.run(_execute(settings,
                         "INSERT INTO login_throttle (key, failures) VALUES ('user:kept', 3)"))
    second = run("db", "upgrade", env=env)
    assert second.exit_code == 0, second.output
    kept = asyncio.run(_scalars(settings, text(
        "SELECT failures FROM login_throttle WHERE key = 'user:kept'")))
    assert kept == [3]
    revision = asyncio.run(_scalars(settings, text("SELECT version_num FROM alembic_version")))
    assert revision == [current_head()]


def test_db_upgrade_creates_a_new_sqlite_file_and_keeps_its_data(run, tmp_path):
    data_dir = tmp_path / "fresh"
    env = {"YILIAN_DATA_DIR": str(data_dir)}
    _upgrade_keeps_data(run, env, Settings(data_dir=data_dir))
    assert (data_dir / "yilian.db").is_file()


@pytest.mark.postgres
@pytest.mark.skipif(not conftest.PG_URL, reason="YILIAN_TEST_DATABASE_URL is not set")
def test_db_upgrade_on_postgresql_keeps_its_data(run, tmp_path):
    settings = Settings(data_dir=tmp_path, database_url=conftest.PG_URL)
    asyncio.run(_execute(settings, "DROP SCHEMA public CASCADE", "CREATE SCHEMA public"))
    conftest._pg_schema_ready = False  # the next test rebuilds its schema
    _upgrade_keeps_data(run, {"YILIAN_DATABASE_URL": conftest.PG_URL}, settings)


def test_serve_refuses_a_database_that_was_not_upgraded(run, tmp_path):
    result = run("serve", env={"YILIAN_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 1
    assert "yilian db upgrade" in result.output


def _option(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


def test_serve_replaces_itself_with_uvicorn_on_the_app_factory(run, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr("yilian.cli.os.execv", lambda path, argv: calls.append(argv))
    env = {"YILIAN_DATA_DIR": str(tmp_path)}
    assert run("db", "upgrade", env=env).exit_code == 0
    result = run("serve", "--port", "8123", env=env)
    assert result.exit_code == 0, result.output
    [argv] = calls
    assert argv[1:5] == ["-m", "uvicorn", "yilian.app:create_app", "--factory"]
    assert _option(argv, "--port") == "8123" and _option(argv, "--host") == "127.0.0.1"
    assert "--reload" not in argv and "--no-access-log" in argv
    assert _option(argv, "--ws-per-message-deflate") == "false"
    # Signed documents print the address the server is reached at (unless configured).
    assert os.environ["YILIAN_PUBLIC_BASE_URL"] == "http://127.0.0.1:8123"


def test_the_public_address_of_a_server_on_every_interface_is_the_machines_name():
    assert cli.public_base_url("0.0.0.0", 80) == f"http://{socket.getfqdn()}:80"
    assert cli.public_base_url("::1", 8000) == "http://[::1]:8000"


# ---------------------------------------------------------------- demo


def test_demo_builds_once_prints_accounts_and_turns_totp_off(run, tmp_path, monkeypatch):
    served = []
    monkeypatch.setattr("yilian.cli.os.execv", lambda path, argv: served.append(
        (int(_option(argv, "--port")), os.environ.get("YILIAN_REQUIRE_STAFF_TOTP"))))
    env = {"YILIAN_DATA_DIR": str(tmp_path)}
    accounts_file = tmp_path / "accounts.json"

    first = run("demo", "--patients", str(SMALL), "--accounts-json", str(accounts_file),
                "--port", "8124", env=env)
    assert first.exit_code == 0, first.output
    assert "staff two-factor sign-in is OFF" in first.output
    assert "演示环境已关闭员工双因素认证" in first.output
    assert "prov_cardio" in first.output and DEMO_PASSWORD in first.output
    assert served == [(8124, "false")]
    # Its documents, signed before the server starts, print the address it serves at.
    assert os.environ["YILIAN_PUBLIC_BASE_URL"] == "http://127.0.0.1:8124"
    accounts = json.loads(accounts_file.read_text())
    assert len(accounts) >= 40
    assert set(accounts[0]) == {"username", "password", "role", "organisation", "display_name"}
    assert {"admin", "auditor", "patient_demo"} <= {a["username"] for a in accounts}
    _check_demo_output(first.output, accounts)

    second = run("demo", "--patients", str(SMALL), "--no-serve", env=env)
    assert second.exit_code == 0, second.output
    assert "nothing added" in second.output
    assert served == [(8124, "false")]


_BAR = re.compile(r"^(?P<what>[a-z][a-z ]*[a-z]) +\S.*?(?P<done>\d+)/(?P<total>\d+)\s+\d+:\d\d:\d\d$")


def _check_demo_output(output: str, accounts: list[dict]) -> None:
    """Not on a terminal (as under CliRunner, in a log or a pipe): the accounts are CSV, one
    whole line each however long; the progress bars count what the summary counts."""
    lines = output.splitlines()
    start = lines.index("username,password,role,organisation,display name")
    rows = list(csv.reader(lines[start + 1:start + 1 + len(accounts)]))
    assert rows == [[a["username"], a["password"], a["role"], a["organisation"],
                     a["display_name"]] for a in accounts]
    assert max(len(line) for line in lines[start:start + len(accounts)]) > 80  # unwrapped
    bars = {m["what"]: (int(m["done"]), int(m["total"]))
            for m in map(_BAR.match, lines) if m}
    [summary] = [line for line in lines if line.startswith("演示医联体已建好")]
    counted = {what: int(n) for n, what in
               (part.split(" ", 1) for part in summary.split(": ", 1)[1].split(", "))}
    assert {"availability slots", "record entries", "referrals"} <= set(bars)
    assert counted == {what: done for what, (done, total) in bars.items()}
    assert all(done == total for done, total in bars.values())


# ---------------------------------------------------------------- admin


def _new_alliance(run, tmp_path: Path) -> dict[str, str]:
    """A fresh database with only an alliance root, as on the first day of a deployment."""
    env = {"YILIAN_DATA_DIR": str(tmp_path)}
    assert run("db", "upgrade", env=env).exit_code == 0
    root = run("admin", "create-organisation", "--name", "湖南省试点人民医院", "--level",
               "province", "--kind", "general_hospital", "--division-code", "430102", env=env)
    assert root.exit_code == 0, root.output
    return env


def test_the_first_organisations_and_administrator_come_from_the_command_line(run, tmp_path):
    env = _new_alliance(run, tmp_path)
    county = run("admin", "create-organisation", "--name", "试点县人民医院", "--level", "county",
                 "--kind", "general_hospital", "--division-code", "430121",
                 "--parent", "湖南省试点人民医院", env=env)
    assert county.exit_code == 0, county.output
    county_id = uuid.UUID(county.output.strip())

    result = run("admin", "create-user", "--username", "first_admin", "--display-name", "周新",
                 "--role", "org_admin", "--organisation", str(county_id), env=env,
                 input="Xinyi-2026!\nXinyi-2026!\n")
    assert result.exit_code == 0, result.output
    user_id = uuid.UUID(result.output.strip().splitlines()[-1])
    settings = Settings(data_dir=tmp_path)
    [grant] = asyncio.run(_scalars(settings, select(RoleGrant).where(RoleGrant.user_id == user_id)))
    assert grant.role == "org_admin" and grant.organisation_id == county_id
    [parent] = asyncio.run(_scalars(settings, select(Organisation.path).where(
        Organisation.name == "湖南省试点人民医院")))
    [path] = asyncio.run(_scalars(settings, select(Organisation.path).where(
        Organisation.id == county_id)))
    assert path == f"{parent}{county_id.hex}/"


@pytest.mark.parametrize(("args", "message"), [
    (["create-user", "--username", "someone", "--display-name", "某人", "--role", "nurse",
      "--organisation", "无此医院", "--password", "Xinyi-2026!"], "no organisation"),
    (["create-user", "--username", "someone", "--display-name", "某人", "--role", "nurse",
      "--organisation", "湖南省试点人民医院", "--password", "short"], "password"),
    (["create-organisation", "--name", "某村卫生室", "--level", "village", "--kind",
      "village_clinic", "--division-code", "430121"], "needs a parent"),
])
def test_admin_commands_explain_a_refusal(run, tmp_path, args, message):
    env = _new_alliance(run, tmp_path)
    result = run("admin", *args, env=env)
    assert result.exit_code == 1, result.output
    assert message in result.output


# ---------------------------------------------------------------- audit verify


def _swap_rows(a: int, b: int):
    """Statements that exchange everything but the sequence number between two rows."""
    table = AuditEntry.__table__
    content = [c for c in table.columns if c.name != "seq"]

    async def swap(settings: Settings):
        engine = make_engine(settings.resolved_database_url, pool_size=1)
        try:
            async with engine.begin() as conn:
                rows = {r.seq: r for r in (await conn.execute(
                    select(table).where(table.c.seq.in_([a, b])))).all()}
                for mine, theirs in ((a, b), (b, a)):
                    await conn.execute(update(table).where(table.c.seq == mine).values(
                        {c.name: getattr(rows[theirs], c.name) for c in content}))
        finally:
            await engine.dispose()
    return swap


TAMPERING = {
    "edited": (lambda s: _execute(s, "UPDATE audit_log SET action = 'patient.read' WHERE seq = 5"),
               "seq 5 (content does not match its hash)"),
    "deleted": (lambda s: _execute(s, "DELETE FROM audit_log WHERE seq = 5"),
                "seq 6 (row 5 is missing)"),
    "swapped": (_swap_rows(4, 5), "seq 4 (does not link to the row before it)"),
}


@pytest.mark.parametrize("how", list(TAMPERING))
def test_audit_verify_names_the_first_bad_row(run, settings, how):
    asyncio.run(build_demo(settings, size=3))
    intact = run("audit", "verify", env=_env(settings))
    assert intact.exit_code == 0, intact.output
    assert "intact" in intact.output and "head hash" in intact.output

    tamper, named = TAMPERING[how]
    asyncio.run(tamper(settings))
    broken = run("audit", "verify", env=_env(settings))
    assert broken.exit_code != 0
    assert f"first bad row: {named}" in broken.output


# ---------------------------------------------------------------- keys rotate


def _stored_values(settings: Settings) -> list[str]:
    """Every encrypted value as stored, read without decrypting."""
    async def read():
        engine = make_engine(settings.resolved_database_url, pool_size=1)
        try:
            async with engine.connect() as conn:
                values = []
                for col in encrypted_columns(metadata):
                    stmt = select(col.value).where(col.value.is_not(None))
                    values += (await conn.execute(stmt)).scalars().all()
                return values
        finally:
            await engine.dispose()
    return asyncio.run(read())


def test_keys_rotate_moves_every_value_to_the_new_key(run, settings, tmp_path):
    key_file = tmp_path / "keys.json"
    key_file.write_text(conftest.TEST_KEYS.to_json())
    settings = settings.model_copy(update={"keys_json": None, "key_file": key_file})
    asyncio.run(build_demo(settings, size=SMALL))
    assert {v.split(":")[0] for v in _stored_values(settings)} == {"k1"}

    result = run("keys", "rotate", "--batch", "37", env=_env(settings))
    assert result.exit_code == 0, result.output
    ring = KeyRing.from_json(key_file.read_text(), key_file)
    assert ring.active == "k2" and set(ring.keys) == {"k1", "k2"}
    stored = _stored_values(settings)
    assert stored and {v.split(":")[0] for v in stored} == {"k2"}

    configure_keyring(ring)
    patients = asyncio.run(_scalars(settings, select(Patient)))
    expected = {p.resident_id: p.phone for p in generate_patients(SMALL)}
    assert {p.resident_id: p.phone for p in patients} == expected

    again = run("keys", "rotate", env=_env(settings))
    assert again.exit_code == 0, again.output
    assert {v.split(":")[0] for v in _stored_values(settings)} == {"k3"}


def test_keys_rotate_refuses_keys_from_the_environment(run, settings):
    result = run("keys", "rotate", env=_env(settings))
    assert result.exit_code == 1
    assert "YILIAN_KEYS_JSON" in result.output


def test_the_demo_database_file_holds_no_identifier_in_plain_text(run, tmp_path):
    env = {"YILIAN_DATA_DIR": str(tmp_path)}
    assert run("demo", "--no-serve", "--patients", str(SMALL), env=env).exit_code == 0
    assert run("keys", "rotate", env=env).exit_code == 0
    stored = b"".join(path.read_bytes() for path in tmp_path.glob("yilian.db*"))
    assert stored
    for person in generate_patients(SMALL):
        assert person.resident_id.encode() not in stored
        assert person.phone.encode() not in stored
        assert person.address.encode() not in stored


# ---------------------------------------------------------------- make test


def test_the_test_run_ends_by_saying_what_it_skipped_and_why():
    def skipped(reason: str) -> SimpleNamespace:
        return SimpleNamespace(longrepr=("tests/x.py", 3, f"Skipped: {reason}"))

    reports = [skipped("needs YILIAN_TEST_DATABASE_URL")] * 3 + [skipped("wrk is not installed")]
    assert conftest.skip_summary(reports) == [
        "    3 skipped: needs YILIAN_TEST_DATABASE_URL", "    1 skipped: wrk is not installed"]
    shown: list[str] = []
    reporter = SimpleNamespace(stats={"skipped": reports}, section=shown.append,
                               write_line=shown.append)
    conftest.pytest_terminal_summary(reporter, 0, None)
    assert shown[0] == "not run on this machine" and shown[-1] == conftest.FULL_SUITE
    shown.clear()
    conftest.pytest_terminal_summary(SimpleNamespace(stats={}, section=shown.append,
                                                     write_line=shown.append), 0, None)
    assert shown == []
