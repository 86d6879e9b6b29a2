"""WebSocket fan-out: many connected clients, one case conversation with a few participants,
a message posted again and again; how long until each participant's socket has the event, and
how much memory the API process holds. Latency runs from just before the message is posted
(HTTP, as a doctor's browser does) to its arrival on each participant's socket. Prints JSON.

Runs twice, side by side: one API process (in-process fan-out), then two API processes sharing
a Redis (clients split between them, messages posted through the first). Exits 1 when a
delivery was missing or a client did not connect (a post that is not a 2xx stops the run).

    uv run python bench/ws_fanout.py [--clients 2000] [--participants 10] [--messages 300]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
import uuid
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
import orjson
import websockets

from harness import FAILURES, emit, prepared, server_process

REDIS_URL = os.environ.get("YILIAN_BENCH_REDIS", "redis://127.0.0.1:6379/7")
WARM_UP = 5  # messages not counted: the first requests of a process pay for its warm-up


async def _seed_clients(url: str, count: int, org_id: str) -> list[tuple[str, str]]:
    """``count`` verified specialists with one active session each: (user id, bearer token)."""
    from yilian.core.crypto import random_token, sha256_hex

    conn = await asyncpg.connect(url)
    now = datetime.now(UTC)
    password_hash = await conn.fetchval("SELECT password_hash FROM users WHERE username='bench'")
    users, practitioners, grants, sessions, out = [], [], [], [], []
    for n in range(count):
        uid, gid = uuid.uuid4(), uuid.uuid4()
        token = random_token()
        users.append((uid, f"ws{n:05d}", f"医生{n:05d}", "staff", password_hash, now, True, True,
                      now, now))
        practitioners.append((uid, "attending_physician", True, now, now))
        grants.append((gid, uid, "specialist", uuid.UUID(org_id), now, now))
        sessions.append((uuid.uuid4(), sha256_hex(token), sha256_hex("x"), uid, gid, "active",
                         now, now, now + timedelta(days=1)))
        out.append((str(uid), token))
    await conn.copy_records_to_table("users", records=users, columns=[
        "id", "username", "display_name", "kind", "password_hash", "password_changed_at",
        "active", "totp_enabled", "created_at", "updated_at"])
    await conn.copy_records_to_table("practitioners", records=practitioners, columns=[
        "user_id", "title", "verified", "created_at", "updated_at"])
    await conn.copy_records_to_table("role_grants", records=grants, columns=[
        "id", "user_id", "role", "organisation_id", "valid_from", "created_at"])
    await conn.copy_records_to_table("sessions", records=sessions, columns=[
        "id", "token_hash", "csrf_hash", "user_id", "grant_id", "stage", "created_at",
        "last_seen_at", "expires_at"])
    await conn.close()
    return out


async def _open_conversation(url: str, org_id: str, participants: list[str]) -> str:
    """The conversation of a case, opened the way a case module opens it."""
    from yilian.core.clock import Clock
    from yilian.core.db import make_engine, make_sessionmaker
    from yilian.messaging.conversations import service

    engine = make_engine("postgresql+asyncpg://" + url.split("://", 1)[1], pool_size=1)
    async with make_sessionmaker(engine)() as db:
        ref = await service.open_for_case(
            db, Clock(), None, case_type="consultation", case_id=uuid.uuid4(),
            title="基准会诊", subject_org_id=uuid.UUID(org_id),
            participants={uuid.UUID(p): "专家" for p in participants})
        await db.commit()
    await engine.dispose()
    return str(ref.id)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


async def _client(base: str, token: str, arrivals: dict | None, ready: asyncio.Event,
                  counter: list[int], total: int, opening: asyncio.Semaphore) -> None:
    ws_url = base.replace("http://", "ws://") + "/api/v1/ws"
    async with opening:
        ws = await websockets.connect(ws_url, max_queue=None, open_timeout=120, ping_interval=None,
                                      additional_headers={"Authorization": f"Bearer {token}"})
        await ws.recv()  # hello
    async with ws:
        counter[0] += 1
        if counter[0] == total:
            ready.set()
        async for raw in ws:  # until the run cancels this task
            now = time.perf_counter()
            msg = orjson.loads(raw)
            if msg.get("type") == "ping":
                await ws.send('{"type":"pong"}')
            elif arrivals is not None and msg.get("kind") == "conversation.message":
                arrivals.setdefault(msg["data"]["message_id"], []).append(now)


async def _run(bases: list[str], clients: list[tuple[str, str]], participants: set[str],
               conversation_id: str, messages: int, interval: float, rss) -> dict:
    arrivals: dict[str, list[float]] = {}
    ready = asyncio.Event()
    counter = [0]
    tasks = []
    opening = asyncio.Semaphore(50)  # handshakes at a time, as browsers trickle in
    started = time.perf_counter()
    for n, (user_id, token) in enumerate(clients):
        base = bases[n % len(bases)]
        tasks.append(asyncio.create_task(_client(
            base, token, arrivals if user_id in participants else None, ready, counter,
            len(clients), opening)))
    try:
        await asyncio.wait_for(ready.wait(), timeout=300)
    except TimeoutError:
        raise SystemExit(f"only {counter[0]} of {len(clients)} clients connected") from None
    connect_seconds = time.perf_counter() - started
    sender_token = next(t for u, t in clients if u in participants)
    latencies: list[float] = []
    missing = 0
    async with httpx.AsyncClient(base_url=bases[0], timeout=30,
                                 headers={"Authorization": f"Bearer {sender_token}"}) as http:
        sent: list[tuple[str, float]] = []
        for i in range(WARM_UP + messages):
            t0 = time.perf_counter()
            r = await http.post(f"/api/v1/conversations/{conversation_id}/messages",
                                json={"text": f"第 {i} 条会诊意见"})
            r.raise_for_status()
            if i >= WARM_UP:
                sent.append((r.json()["id"], t0))
            await asyncio.sleep(interval)
        await asyncio.sleep(2)
    rss_connected = rss()  # every client still connected
    for message_id, t0 in sent:
        got = arrivals.get(message_id, [])
        missing += len(participants) - len(got)
        latencies += [(t - t0) * 1000 for t in got]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    latencies.sort()
    return {
        "connected_clients": counter[0],
        "connect_seconds": round(connect_seconds, 1),
        "rss_mb_with_clients_connected": rss_connected,
        "messages": messages,
        "deliveries": len(latencies),
        "missing_deliveries": missing,
        "latency_ms": {
            "p50": round(statistics.median(latencies), 1),
            "p90": round(latencies[int(len(latencies) * 0.9)], 1),
            "p99": round(latencies[int(len(latencies) * 0.99)], 1),
            "max": round(latencies[-1], 1),
        } if latencies else None,
    }


def measure(url: str, data_dir: Path, clients, participants, conversation_id, *, processes: int,
            messages: int, interval: float) -> dict:
    env = {"YILIAN_REDIS_URL": REDIS_URL} if processes > 1 else {}
    with ExitStack() as stack:
        env["YILIAN_REQUIRE_STAFF_TOTP"] = "false"
        servers = [stack.enter_context(server_process(url, data_dir, env=env))
                   for _ in range(processes)]
        bases = [b for b, _ in servers]
        rss_idle = [rss_mb(p.pid) for _, p in servers]
        result = asyncio.run(_run(bases, clients, participants, conversation_id, messages,
                                  interval, lambda: [rss_mb(p.pid) for _, p in servers]))
        result["rss_mb_before_clients"] = rss_idle
    result["processes"] = processes
    result["fan_out"] = "redis" if processes > 1 else "in-process"
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=2000)
    ap.add_argument("--participants", type=int, default=10)
    ap.add_argument("--messages", type=int, default=300)
    ap.add_argument("--interval", type=float, default=0.05, help="seconds between messages")
    args = ap.parse_args()

    with prepared("yilian_bench_ws", 10) as (url, data_dir, facts):
        clients = asyncio.run(_seed_clients(url, args.clients, facts["org_id"]))
        participants = {u for u, _ in clients[: args.participants]}
        conversation_id = asyncio.run(
            _open_conversation(url, facts["org_id"], sorted(participants)))
        runs = [
            measure(url, data_dir, clients, participants, conversation_id, processes=n,
                    messages=args.messages, interval=args.interval)
            for n in (1, 2)
        ]
    for run in runs:
        label = f"{run['processes']} process(es), {run['fan_out']} fan-out"
        if run["missing_deliveries"]:
            FAILURES.append(f"{label}: {run['missing_deliveries']} deliveries missing")
        if run["connected_clients"] != args.clients:
            FAILURES.append(f"{label}: {run['connected_clients']} of {args.clients} connected")
    emit({
        "benchmark": "ws_fanout",
        "database": "postgresql",
        "clients": args.clients,
        "participants": args.participants,
        "interval_s": args.interval,
        "runs": runs,
        "target": {"p99_ms": 100, "rss_mb": 200},
    })


if __name__ == "__main__":
    main()
