"""Shared parts of the HTTP benchmarks: a PostgreSQL database seeded with an alliance, staff
and patients; the server started as in production (`yilian serve`); wrk on loopback."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
from stdnum.cn import ric

from yilian.core.crypto import KeyRing, configure_keyring
from yilian.core.migrate import upgrade

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = os.environ.get("YILIAN_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国红梅志强春燕玉兰海燕"


def resident_id(n: int) -> tuple[str, date, str]:
    born = date(1940, 1, 1) + timedelta(days=n % 29000)
    order = n // 29000  # distinct (birthday, order) pairs up to 29 million patients
    body = f"440111{born:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0"), born, "male" if order % 2 else "female"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _recreate(name: str) -> str:
    admin = await asyncpg.connect(PG_ADMIN)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"


async def _seed(url: str, ring: KeyRing, patients: int) -> dict:
    """Rows straight through COPY: the same encryption and blind indexes as the application."""
    from yilian.core.crypto import random_token, sha256_hex
    from yilian.identity.passwords import hash_password

    conn = await asyncpg.connect(url)
    now = datetime.now(UTC)
    orgs = {}
    for key, name, level, kind, parent in [
        ("P", "基准省人民医院", "province", "general_hospital", None),
        ("A", "基准县人民医院", "county", "general_hospital", "P"),
        ("A1", "基准镇卫生院", "town", "health_centre", "A"),
    ]:
        oid = uuid.uuid4()
        path = (orgs[parent][1] if parent else "/") + oid.hex + "/"
        orgs[key] = (oid, path)
        await conn.execute(
            "INSERT INTO organisations (id, name, level, kind, division_code, parent_id, path,"
            " active, created_at, updated_at) VALUES ($1,$2,$3,$4,'440111',$5,$6,true,$7,$7)",
            oid, name, level, kind, orgs[parent][0] if parent else None, path, now)
    user_id, grant_id, session_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await conn.execute(
        "INSERT INTO users (id, username, display_name, kind, password_hash, password_changed_at,"
        " active, totp_enabled, created_at, updated_at) VALUES ($1,'bench','基准医生','staff',$2,$3,"
        " true, true, $3, $3)", user_id, hash_password("Bench-Pass-2026"), now)
    await conn.execute(
        "INSERT INTO practitioners (user_id, title, verified, created_at, updated_at)"
        " VALUES ($1, 'attending_physician', true, $2, $2)", user_id, now)
    await conn.execute(
        "INSERT INTO role_grants (id, user_id, role, organisation_id, valid_from, created_at)"
        " VALUES ($1,$2,'specialist',$3,$4,$4)", grant_id, user_id, orgs["A"][0], now)
    token = random_token()
    await conn.execute(
        "INSERT INTO sessions (id, token_hash, csrf_hash, user_id, grant_id, stage, created_at,"
        " last_seen_at, expires_at) VALUES ($1,$2,$3,$4,$5,'active',$6,$6,$7)",
        session_id, sha256_hex(token), sha256_hex("x"), user_id, grant_id, now,
        now + timedelta(days=2))
    rows, ids = [], []
    for n in range(patients):
        rid, born, sex = resident_id(n)
        phone = f"139{n:08d}"
        pid = uuid.uuid4()
        ids.append(pid)
        name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n // 7) % len(GIVEN)] + GIVEN[(n // 131) % len(GIVEN)]
        rows.append((pid, name, sex, born, ring.encrypt(rid, "patients.resident_id"),
                     ring.blind_index(rid, "patients.resident_id"),
                     ring.encrypt(phone, "patients.phone"), ring.blind_index(phone, "patients.phone"),
                     ring.encrypt("广东省基准县基准镇某村", "patients.address"), orgs["A1"][0], None,
                     True, now, now))
    await conn.copy_records_to_table(
        "patients", records=rows,
        columns=["id", "name", "sex", "birth_date", "resident_id", "resident_id_bidx", "phone",
                 "phone_bidx", "address", "home_organisation_id", "insurance_no", "active",
                 "created_at", "updated_at"])
    await conn.execute("ANALYZE")
    await conn.close()
    return {"token": token, "patient_ids": [str(i) for i in ids], "user_id": str(user_id),
            "grant_id": str(grant_id), "org_id": str(orgs["A"][0]), "org_path": orgs["A"][1]}


def prepare(db_name: str, patients: int) -> tuple[str, Path, dict]:
    """A fresh database at the current schema, seeded; returns its URL, a data dir and facts."""
    url = asyncio.run(_recreate(db_name))
    data_dir = Path(tempfile.mkdtemp(prefix="yilian-bench-"))
    ring = KeyRing.load_or_create(data_dir / "keys.json")
    configure_keyring(ring)
    async_url = "postgresql+asyncpg://" + url.split("://", 1)[1]
    upgrade(async_url)
    facts = asyncio.run(_seed(url, ring, patients))
    return url, data_dir, facts


def _ready(base: str) -> bool:
    """Every worker answers: several consecutive readiness checks succeed."""
    try:
        return all(
            urllib.request.urlopen(f"{base}/readyz", timeout=2).status == 200 for _ in range(8)
        )
    except OSError:
        return False


@contextmanager
def server_process(url: str, data_dir: Path, *, workers: int = 1, app: str | None = None,
                   env: dict | None = None):
    """`yilian serve` as deployed (or uvicorn with another factory, for a baseline): its base
    URL and process."""
    port = free_port()
    environ = {**os.environ, "YILIAN_DATABASE_URL": url, "YILIAN_DATA_DIR": str(data_dir),
               "YILIAN_LOG_JSON": "true", **(env or {})}
    if app:
        cmd = [sys.executable, "-m", "uvicorn", app, "--factory", "--app-dir", str(ROOT / "bench"),
               "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(workers), "--no-access-log",
               "--log-level", "warning"]
    else:
        cmd = [shutil.which("yilian") or "yilian", "serve", "--host", "127.0.0.1", "--port",
               str(port), "--workers", str(workers)]
    # The server's output goes to a file: an unread pipe fills up and stalls the server.
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, env=environ, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _ready(base):
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(log.read().decode()[-2000:])
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not become ready in 60 s")
            time.sleep(0.3)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def server(url: str, data_dir: Path, *, workers: int, app: str | None = None, env: dict | None = None):
    with server_process(url, data_dir, workers=workers, app=app, env=env) as (base, _):
        yield base


LUA_RANDOM_PATH = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local headers = {}
%s
math.randomseed(os.time())
request = function()
  return wrk.format("GET", paths[math.random(#paths)], headers)
end
"""


def wrk(base: str, paths: list[str], *, seconds: int, connections: int, threads: int = 2,
        headers: dict[str, str] | None = None) -> dict:
    """wrk on loopback over a list of paths chosen at random; req/s and latency percentiles."""
    with tempfile.TemporaryDirectory() as tmp:
        path_file = Path(tmp) / "paths.txt"
        path_file.write_text("\n".join(paths))
        header_lines = "\n".join(f'headers["{k}"] = "{v}"' for k, v in (headers or {}).items())
        script = Path(tmp) / "random.lua"
        script.write_text(LUA_RANDOM_PATH % (path_file, header_lines))
        out = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency",
             "-s", str(script), base], capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(out: str) -> dict:
    lat = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(lat["50"]), "p90_ms": _ms(lat["90"]), "p99_ms": _ms(lat["99"]),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(1) if errors else None,
    }


def median_run(runs: list[dict]) -> dict:
    """The run with the median req/s (its own latencies kept together)."""
    ordered = sorted(runs, key=lambda r: r["rps"])
    return {**ordered[len(ordered) // 2], "runs_rps": [r["rps"] for r in runs]}


def emit(result: dict) -> None:
    print(json.dumps(result, ensure_ascii=False, indent=2))
