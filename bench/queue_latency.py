"""The online clinic's queue (issue 15): 200 patients checked in and waiting, each with the
realtime WebSocket of their page open; the doctor calls the next patient again and again
(POST /clinic/sessions/{id}/call-next). Measured: from just before each call's request to the
moment each waiting patient's socket has the queue event with their new place, p50/p99 over
the run. Prints JSON; exits 1 when an event was missing or carried a wrong place, or when any
request of the setting or of the calls failed.

Beside it, in the same run on the same server: the call-next request's own latency (its HTTP
answer), given as `ratio_to_call_next` (delivery over answer); and a WebSocket round trip of
the same server (a `ping` answered `pong` by the gateway), the floor of any push.

The setting goes through the API as patients do it: every patient books a slot of today's
session (their own slot, no race), pays (the demo channel) and checks in; then their sockets
open. `yilian serve` runs with two workers sharing a Redis (`YILIAN_BENCH_REDIS`, default
db 7), as a deployment with several processes does: a patient's socket is on either process.

    uv run python bench/queue_latency.py [--patients 200] [--calls 100] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import orjson
import websockets

from clinic_setup import VISITS, Patient, add_department, add_session, seed_patients
from harness import FAILURES, emit, prepared, server
from yilian.core.clock import SHANGHAI

REDIS_URL = os.environ.get("YILIAN_BENCH_REDIS", "redis://127.0.0.1:6379/7")
QUEUE_EVENT = "online_visit.queue"
SLOT_SECONDS = 5
LEAD = timedelta(minutes=10)  # the first slot starts this long after the setting begins
DELIVERY_TIMEOUT = 30.0
SETUP_CONCURRENCY = 8
QUIET = 3.0  # seconds: longer than the relay's poll


def _percentiles(values: list[float]) -> dict | None:
    if not values:
        return None
    values = sorted(values)
    return {"n": len(values), "p50": round(statistics.median(values), 1),
            "p90": round(values[int(len(values) * 0.9)], 1),
            "p99": round(values[min(len(values) - 1, int(len(values) * 0.99))], 1),
            "max": round(values[-1], 1)}


async def _in_parallel(jobs, limit: int) -> list:
    gate = asyncio.Semaphore(limit)

    async def run(job):
        async with gate:
            return await job

    return await asyncio.gather(*(run(j) for j in jobs))


async def _checked_in(base: str, patients: list[Patient], session_id: str,
                      slots: list[str]) -> list[str]:
    """Each patient books their own slot, pays and checks in: the visits' ids, in slot order."""
    async with httpx.AsyncClient(base_url=base, timeout=600) as http:
        async def post(p: Patient, path: str, body: dict | None = None) -> dict:
            r = await http.post(path, json=body or {},
                                headers={"Authorization": f"Bearer {p.token}"})
            if r.status_code not in (200, 201):
                raise RuntimeError(f"setting: POST {path} answered {r.status_code} "
                                   f"{r.text[:300]}")
            return r.json()

        async def one(p: Patient, slot: str) -> str:
            visit = await post(p, VISITS, p.booking(session_id, slot))
            await post(p, f"/api/v1/payments/orders/{visit['order_id']}/demo-confirm")
            return visit["id"]

        visits = await _in_parallel([one(p, s) for p, s in zip(patients, slots, strict=True)],
                                    SETUP_CONCURRENCY)
        await _in_parallel([post(p, f"{VISITS}/{v}/check-in")
                            for p, v in zip(patients, visits, strict=True)], SETUP_CONCURRENCY)
    return visits


class Socket:
    """One patient's page: its WebSocket and the queue events it received (arrival, state,
    place)."""

    def __init__(self, token: str, heard: asyncio.Event) -> None:
        self.token = token
        self.heard = heard  # shared by all sockets: some socket received a queue event
        self.events: list[tuple[float, str, int | None]] = []
        self.pongs: list[float] = []
        self.ponged = asyncio.Event()
        self.ws: websockets.ClientConnection | None = None
        self.task: asyncio.Task | None = None

    async def open(self, ws_url: str) -> None:
        self.ws = await websockets.connect(
            ws_url, max_queue=None, open_timeout=120, ping_interval=None,
            additional_headers={"Authorization": f"Bearer {self.token}"})
        hello = orjson.loads(await self.ws.recv())
        if hello.get("type") != "hello":
            raise SystemExit(f"the socket opened with {hello}")
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.ws:
            now = time.perf_counter()
            msg = orjson.loads(raw)
            if msg.get("type") == "ping":
                await self.ws.send('{"type":"pong"}')
            elif msg.get("type") == "pong":
                self.pongs.append(now)
                self.ponged.set()
            elif msg.get("kind") == QUEUE_EVENT and msg.get("entity_type") == "online_visit":
                data = msg["data"]
                self.events.append((now, data["state"], data["position"]))
                self.heard.set()

    async def round_trip(self) -> float:
        """A ping answered by the server's gateway: milliseconds."""
        self.ponged.clear()
        t0 = time.perf_counter()
        await self.ws.send('{"type":"ping"}')
        await asyncio.wait_for(self.ponged.wait(), DELIVERY_TIMEOUT)
        return (self.pongs[-1] - t0) * 1000

    async def close(self) -> None:
        await self.ws.close()
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)


async def _calls(base: str, doctor_token: str, session_id: str, patients: list[Patient],
                 calls: int, interval: float) -> dict:
    ws_url = base.replace("http://", "ws://") + "/api/v1/ws"
    heard = asyncio.Event()
    sockets = [Socket(p.token, heard) for p in patients]
    opening = asyncio.Semaphore(50)

    async def open_one(s: Socket) -> None:
        async with opening:
            await s.open(ws_url)

    await asyncio.gather(*(open_one(s) for s in sockets))
    # The check-ins' own queue events may still be on their way (the relay's backlog): the
    # calls start once the sockets have been quiet for a while.
    while True:
        received = sum(len(s.events) for s in sockets)
        await asyncio.sleep(QUIET)
        if sum(len(s.events) for s in sockets) == received:
            break
    for s in sockets:
        s.events.clear()
    n = len(sockets)
    sent: list[float] = []
    answered: list[float] = []
    echo: list[float] = []
    delivery: list[float] = []  # to each waiting patient's new place, from the request's start
    after_answer: list[float] = []  # the same, from the call's answer
    missing = 0
    wrong: Counter[str] = Counter()
    async with httpx.AsyncClient(base_url=base, timeout=60,
                                 headers={"Authorization": f"Bearer {doctor_token}"}) as http:
        for k in range(1, calls + 1):
            seen = [len(s.events) for s in sockets]
            t0 = time.perf_counter()
            r = await http.post(f"/api/v1/clinic/sessions/{session_id}/call-next")
            t1 = time.perf_counter()
            if r.status_code != 200:
                FAILURES.append(f"call {k}: {r.status_code} {r.text[:300]}")
                break
            sent.append(t0)
            answered.append((t1 - t0) * 1000)
            # Patient j (0-based, slot order) is called by call j + 1; until then, their place
            # after call k is j - k + 1. Everyone called or waiting hears of every call.
            deadline = time.monotonic() + DELIVERY_TIMEOUT
            while any(len(s.events) == seen[j] for j, s in enumerate(sockets)):
                heard.clear()
                try:
                    await asyncio.wait_for(heard.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
            for j, s in enumerate(sockets):
                new = s.events[seen[j]:]
                if not new:
                    missing += 1
                    continue
                at, state, position = new[0]
                expected = ("called", None) if j < k else ("waiting", j - k + 1)
                if (state, position) != expected:
                    wrong[f"{state}@{position} for {expected[0]}@{expected[1]}"] += 1
                elif j >= k:
                    delivery.append((at - t0) * 1000)
                    after_answer.append((at - t1) * 1000)
                if len(new) > 1:
                    wrong["more than one event for one call"] += 1
            # The floor: a WebSocket round trip of some patient's socket, between calls.
            echo.append(await sockets[k % n].round_trip())
            await asyncio.sleep(interval)
    await asyncio.gather(*(s.close() for s in sockets))
    if missing:
        FAILURES.append(f"{missing} queue events never arrived")
    if wrong:
        FAILURES.append(f"queue events with a wrong place: {dict(wrong)}")
    queue, call = _percentiles(delivery), _percentiles(answered)
    return {
        "sockets": n, "calls": len(sent),
        "deliveries_measured": len(delivery), "missing_deliveries": missing,
        "wrong_deliveries": dict(wrong),
        "queue_event_ms": queue,
        "queue_event_after_answer_ms": _percentiles(after_answer),
        "call_next_http_ms": call,
        "ws_round_trip_ms": _percentiles(echo),
        "ratio_to_call_next": {
            "p50": round(queue["p50"] / call["p50"], 2), "p99": round(queue["p99"] / call["p99"], 2),
        } if queue and call else None,
    }


async def _step_up(url: str, facts: dict) -> None:
    """The doctor re-authenticated (实名) a moment ago, as calling asks."""
    conn = await asyncpg.connect(url)
    await conn.execute("UPDATE sessions SET stepped_up_at = $1 WHERE user_id = $2",
                       datetime.now(UTC), uuid.UUID(facts["user_id"]))
    await conn.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--patients", type=int, default=200)
    ap.add_argument("--calls", type=int, default=100)
    ap.add_argument("--interval", type=float, default=0.2, help="seconds between calls")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    if not 1 <= args.calls <= args.patients:
        raise SystemExit("--calls: between 1 and --patients")
    starts = datetime.now(UTC) + LEAD
    last = starts + timedelta(seconds=SLOT_SECONDS * args.patients)
    if starts.astimezone(SHANGHAI).date() != last.astimezone(SHANGHAI).date():
        raise SystemExit("the session would run past midnight in Beijing: patients check in on "
                         "the day of their slot; run it again after midnight")

    env = {"YILIAN_DEMO_PAYMENTS": "true"}
    if args.workers > 1:
        env["YILIAN_REDIS_URL"] = REDIS_URL
    with prepared("yilian_bench_queue", args.patients) as (url, data_dir, facts):
        patients = asyncio.run(seed_patients(url, facts))
        department = asyncio.run(add_department(url, facts))
        session, slots = asyncio.run(add_session(url, facts, department, starts, SLOT_SECONDS,
                                                 args.patients))
        asyncio.run(_step_up(url, facts))
        with server(url, data_dir, workers=args.workers, env=env) as base:
            started = time.perf_counter()
            asyncio.run(_checked_in(base, patients, session, slots))
            setting_seconds = time.perf_counter() - started
            load = list(os.getloadavg())
            result = asyncio.run(_calls(base, facts["token"], session, patients, args.calls,
                                        args.interval))
    emit({
        "benchmark": "queue_latency",
        "database": "postgresql",
        "patients": args.patients,
        "workers": args.workers,
        "fan_out": "redis" if args.workers > 1 else "in-process",
        "interval_s": args.interval,
        "setting_seconds": round(setting_seconds, 1),
        "load_average": {"before_calls": load, "after_calls": list(os.getloadavg())},
        **result,
        "target_p99_ms": 500,
    })


if __name__ == "__main__":
    main()
