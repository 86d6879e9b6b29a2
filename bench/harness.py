"""Shared parts of the HTTP benchmarks: a PostgreSQL database seeded with an alliance, staff
and patients; the server started as in production (`yilian serve`); wrk on loopback.

Every run makes its own database (`<name>_<random>`) and data directory (it holds the key ring)
and removes both when it ends, failed or not; every answer that is not the expected status is
counted, and `emit` exits non-zero when there was any (a benchmark of refusals is no benchmark
of reads)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
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


def _admin_url_for(name: str) -> str:
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"


async def _admin(statement: str) -> None:
    admin = await asyncpg.connect(PG_ADMIN)
    try:
        await admin.execute(statement)
    finally:
        await admin.close()


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


def _exit_on_sigterm(signum, frame):  # a killed benchmark still cleans up (finally blocks run)
    raise SystemExit(128 + signum)


@contextmanager
def prepared(prefix: str, patients: int) -> Iterator[tuple[str, Path, dict]]:
    """A database of this run's own (`<prefix>_<random>`) at the current schema, seeded, and a data
    directory with its key ring: their URL, directory and facts. Both are removed at the end,
    whatever happened, so a run never touches another's database nor leaves keys behind."""
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    name = f"{prefix}_{secrets.token_hex(4)}"
    DATABASES.append(name)
    url = _admin_url_for(name)
    data_dir = Path(tempfile.mkdtemp(prefix="yilian-bench-"))
    created = False
    try:
        asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
        created = True
        ring = KeyRing.load_or_create(data_dir / "keys.json")
        configure_keyring(ring)
        upgrade("postgresql+asyncpg://" + url.split("://", 1)[1])
        facts = asyncio.run(_seed(url, ring, patients))
        yield url, data_dir, facts
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
        if created:
            asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


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
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, env=environ, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
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


@contextmanager
def server(url: str, data_dir: Path, *, workers: int, app: str | None = None, env: dict | None = None):
    with server_process(url, data_dir, workers=workers, app=app, env=env) as (base, _):
        yield base


LUA_RANDOM_PATH = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local headers = {}
%(headers)s
math.randomseed(os.time())
request = function()
  %(per_request)s
  return wrk.format("GET", paths[math.random(#paths)], headers)
end
"""

# Counts every answer by status (wrk itself only counts non-2xx/3xx), for runs whose expected
# answer is not a 2xx. Costs wrk a little per response, so reads are measured without it.
LUA_STATUS_COUNT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do io.write(string.format("status %d %d\\n", code, n)) end
  end
end
"""

# A fresh random token on every request, as a flood of forged tokens would send: nothing can be
# served from a cache or shared between concurrent lookups.
RANDOM_BEARER = ('headers["Authorization"] = "Bearer " .. string.format("%08x%08x%08x", '
                 'math.random(0, 0x7fffffff), math.random(0, 0x7fffffff), '
                 'math.random(0, 0x7fffffff))')

# wrk's default of 2 s counts a slow answer as a timeout; a request still unanswered after this
# long is one that got no answer (a failure), and every slower answer is in the percentiles.
WRK_TIMEOUT_S = 30

# Answers that were not what the benchmark expected, over every wrk run of the process.
FAILURES: list[str] = []
# The databases this process made (and dropped again): named in the JSON, for the record.
DATABASES: list[str] = []


def wrk(base: str, paths: list[str], *, seconds: int, connections: int, threads: int = 2,
        headers: dict[str, str] | None = None, expect: tuple[int, ...] | None = None,
        random_bearer: bool = False, label: str = "") -> dict:
    """wrk on loopback over a list of paths chosen at random; req/s and latency percentiles.
    Any answer other than a 2xx (or, with ``expect``, one of those statuses) and any request
    left without an answer is recorded in FAILURES."""
    with tempfile.TemporaryDirectory() as tmp:
        path_file = Path(tmp) / "paths.txt"
        path_file.write_text("\n".join(paths))
        header_lines = "\n".join(f'headers["{k}"] = "{v}"' for k, v in (headers or {}).items())
        script = Path(tmp) / "random.lua"
        script.write_text(LUA_RANDOM_PATH % {
            "paths": path_file, "headers": header_lines,
            "per_request": RANDOM_BEARER if random_bearer else "",
        } + (LUA_STATUS_COUNT if expect else ""))
        out = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency",
             "--timeout", f"{WRK_TIMEOUT_S}s", "-s", str(script), base],
            capture_output=True, text=True, check=True).stdout
    result = parse_wrk(out)
    _check(result, expect, label or paths[0])
    return result


def _check(result: dict, expect: tuple[int, ...] | None, label: str) -> None:
    if result["requests"] == 0:
        FAILURES.append(f"{label}: no request completed")
    if result["socket_errors"]:
        FAILURES.append(f"{label}: requests without an answer ({result['socket_errors']})")
    if expect is None:
        if result["non_2xx"]:
            FAILURES.append(f"{label}: {result['non_2xx']} of {result['requests']} answers "
                            "were not 2xx")
        return
    statuses = result.get("statuses", {})
    unexpected = {code: n for code, n in statuses.items() if int(code) not in expect}
    if unexpected:
        FAILURES.append(f"{label}: unexpected answers {unexpected} (expected {list(expect)})")


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(out: str) -> dict:
    lat = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    statuses: dict[str, int] = {}
    for code, n in re.findall(r"^status (\d+) (\d+)$", out, re.M):
        statuses[code] = statuses.get(code, 0) + int(n)
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(lat["50"]), "p90_ms": _ms(lat["90"]), "p99_ms": _ms(lat["99"]),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(1).strip() if errors else None,
    }
    if statuses:
        result["statuses"] = statuses
    return result


def median_run(runs: list[dict]) -> dict:
    """The run with the median req/s (its own latencies kept together)."""
    ordered = sorted(runs, key=lambda r: r["rps"])
    return {**ordered[len(ordered) // 2], "runs_rps": [r["rps"] for r in runs]}


def emit(result: dict) -> None:
    """Prints the result; exits 1 when any answer was not the expected one (listed in the JSON
    and on stderr), so that no script or CI step takes refusals for throughput."""
    result = {**result, "databases": list(DATABASES), "failures": list(FAILURES)}
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if FAILURES:
        print("benchmark failed: " + "; ".join(FAILURES), file=sys.stderr)
        sys.exit(1)
