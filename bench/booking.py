"""1,000 patients racing for the 20 slots of one online clinic session (issue 15): each signed-in
patient POSTs one booking (the session's next free slot, the proof a diagnosis of their record)
to `yilian serve` on PostgreSQL, all at once. Prints JSON; exits 1 when the race went wrong.

What must hold in every run: exactly as many bookings (201) as slots, every other answer a 409
problem+json saying the session is full, no 5xx and no request left unanswered; in the database
afterwards, the session's visits are exactly its slots' holders, one visit per slot and one slot
per visit.

Measured: booking attempts per second (all answers of the race over its wall time, from the
first request sent to the last answer) and the answers' latency. The reference, alternating with
the races so that drift on the machine hits both alike: `pgbench` on the same PostgreSQL, a
custom script updating one row (the same row for every client, as every racer wants the same
next slot), its tps printed beside the attempts per second as `ratio_to_pgbench`. pgbench's
clients stand for the server's pooled connections: a thousand of them would exceed PostgreSQL's
`max_connections`. Each race has its own session (the same patients book again elsewhere) and
its own server process; the server first takes a small race of its own to warm up.

Beside each race, on the same server: the late bookings (everyone books the now full session
again) and the bare HTTP stack (the same 1,000 clients at once asking ``/healthz``: no sign-in,
no database), so that the figure can be read against what the server's stack itself allows on
the machine.

    uv run python bench/booking.py [--patients 1000] [--slots 20] [--repeats 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import aiohttp
import asyncpg

from clinic_setup import VISITS, Patient, add_department, add_session, seed_patients
from harness import FAILURES, emit, prepared, server
from yilian.core.clock import SHANGHAI

PROBLEM_JSON = "application/problem+json"
LOSING = {"session-full"}  # what a patient who came too late is told
WARM_UP_SLOTS = 2


async def _race(base: str, patients: list[Patient], session_id: str, *,
                bare: bool = False) -> dict:
    """Every patient's booking at once, each on a connection of its own (as many browsers;
    connections opened beforehand would idle out of the server's keep-alive on a slow start).
    ``bare``: the same clients ask the server's liveness instead (no sign-in, no database)."""
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=300)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as http:
        go = asyncio.Event()

        def send(p: Patient):
            if bare:
                return http.get("/healthz")
            return http.post(VISITS, json=p.booking(session_id),
                             headers={"Authorization": f"Bearer {p.token}"})

        async def attempt(p: Patient) -> tuple[int | str, str | None, str | None, float]:
            await go.wait()
            t0 = time.perf_counter()
            try:
                async with send(p) as r:
                    try:
                        body = await r.json(content_type=None)
                    except ValueError:  # an answer that is not JSON (counted by its status)
                        body = {}
                    return (r.status, r.content_type, body.get("code") or body.get("id"),
                            time.perf_counter() - t0)
            except (aiohttp.ClientError, TimeoutError) as err:
                return type(err).__name__, None, None, time.perf_counter() - t0

        tasks = [asyncio.create_task(attempt(p)) for p in patients]
        await asyncio.sleep(0.1)  # every task waits at the start line
        started = time.perf_counter()
        go.set()
        answers = await asyncio.gather(*tasks)
        wall = time.perf_counter() - started
    statuses = Counter(str(s) for s, _, _, _ in answers)
    refusals = Counter(f"{s} {code}" for s, _, code, _ in answers if s != 201)
    not_problem = sum(1 for s, ctype, _, _ in answers
                      if isinstance(s, int) and s >= 400 and ctype != PROBLEM_JSON)
    latencies = sorted(t * 1000 for *_, t in answers)
    won = sorted(t * 1000 for s, _, _, t in answers if s == 201)
    return {
        "attempts": len(answers), "seconds": round(wall, 3),
        "attempts_per_s": round(len(answers) / wall, 1),
        "statuses": dict(statuses), "refusals": dict(refusals),
        "error_answers_not_problem_json": not_problem,
        "visit_ids": sorted(code for s, _, code, _ in answers if s == 201),
        "latency_ms": _percentiles(latencies),
        "winners_latency_ms": _percentiles(won),
    }


def _percentiles(values: list[float]) -> dict | None:
    if not values:
        return None
    return {"p50": round(statistics.median(values), 1),
            "p99": round(values[min(len(values) - 1, int(len(values) * 0.99))], 1),
            "max": round(values[-1], 1)}


async def _database_check(url: str, session_id: str) -> dict:
    """What the database holds for the session after the race."""
    conn = await asyncpg.connect(url)
    try:
        sid = uuid.UUID(session_id)
        visits = await conn.fetch(
            "SELECT id, slot_id, patient_id, state::text AS state FROM clinic_visits"
            " WHERE session_id = $1", sid)
        holders = await conn.fetch(
            "SELECT id, held_by_visit_id, booked_visit_id FROM clinic_slots WHERE session_id = $1",
            sid)
        orders = await conn.fetchval(
            "SELECT count(*) FROM payment_orders o JOIN clinic_visits v ON v.order_id = o.id"
            " WHERE v.session_id = $1 AND o.state::text = 'pending'", sid)
    finally:
        await conn.close()
    per_slot = Counter(v["slot_id"] for v in visits)
    held = {s["id"]: s["held_by_visit_id"] or s["booked_visit_id"] for s in holders}
    by_visit = {v["id"]: v["slot_id"] for v in visits}
    return {
        "visits": len(visits),
        "visits_held_or_booked": sum(1 for v in visits if v["state"] in ("held", "booked")),
        "patients": len({v["patient_id"] for v in visits}),
        "slots_with_two_visits": sum(1 for n in per_slot.values() if n > 1),
        "slots_held": sum(1 for h in held.values() if h is not None),
        # A slot's holder is a visit of that slot: no visit holds a slot it does not name.
        "slots_held_by_another_visit": sum(1 for slot, h in held.items()
                                           if h is not None and by_visit.get(h) != slot),
        "pending_orders": orders,
        "visit_ids": sorted(str(v["id"]) for v in visits),
    }


def _judge(label: str, race: dict, db: dict, slots: int) -> None:
    """Every way the race can go wrong, into FAILURES."""
    won = race["statuses"].get("201", 0)
    fives = {s: n for s, n in race["statuses"].items() if not s.isdigit() or s.startswith("5")}
    wrong = {k: n for k, n in race["refusals"].items()
             if k.split(" ", 1)[0] != "409" or k.split(" ", 1)[1] not in LOSING}
    if won != slots:
        FAILURES.append(f"{label}: {won} bookings for {slots} slots")
    if fives:
        FAILURES.append(f"{label}: 5xx or unanswered {fives}")
    if wrong:
        FAILURES.append(f"{label}: unexpected refusals {wrong}")
    if race["error_answers_not_problem_json"]:
        FAILURES.append(f"{label}: {race['error_answers_not_problem_json']} refusals were not "
                        "problem+json")
    expected = {"visits": slots, "visits_held_or_booked": slots, "patients": slots,
                "slots_with_two_visits": 0, "slots_held": slots,
                "slots_held_by_another_visit": 0, "pending_orders": slots}
    broken = {k: db[k] for k, v in expected.items() if db[k] != v}
    if broken:
        FAILURES.append(f"{label}: database after the race {broken} (expected {expected})")
    if db["visit_ids"] != race["visit_ids"]:
        FAILURES.append(f"{label}: the visits in the database are not those answered 201")


PGBENCH_SCRIPT = "UPDATE bench_counter SET n = n + 1 WHERE id = 1;\n"


def _pgbench_binary() -> str:
    found = shutil.which("pgbench") or next(
        iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/pgbench"), reverse=True)), None)
    if found is None:
        raise SystemExit("pgbench is not installed (it comes with PostgreSQL)")
    return str(found)


async def _pgbench_table(url: str) -> None:
    conn = await asyncpg.connect(url)
    await conn.execute("CREATE TABLE bench_counter (id int PRIMARY KEY, n bigint NOT NULL);"
                       " INSERT INTO bench_counter VALUES (1, 0)")
    await conn.close()


def pgbench(url: str, clients: int, seconds: int) -> dict:
    """The single-row update at ``clients`` connections for ``seconds``: its tps."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "update_one_row.sql"
        script.write_text(PGBENCH_SCRIPT)
        out = subprocess.run(
            [_pgbench_binary(), "-n", "-M", "prepared", "-c", str(clients),
             "-j", str(min(clients, os.cpu_count() or 2)), "-T", str(seconds),
             "-f", str(script), url], capture_output=True, text=True)
    if out.returncode != 0:
        FAILURES.append(f"pgbench: {out.stderr.strip()[-500:]}")
        return {"tps": 0.0}
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out.stdout)
    failed = re.search(r"number of failed transactions: (\d+)", out.stdout)
    lat = re.search(r"latency average = ([\d.]+) ms", out.stdout)
    return {"tps": float(tps.group(1)) if tps else 0.0,
            "failed": int(failed.group(1)) if failed else 0,
            "latency_avg_ms": float(lat.group(1)) if lat else None}


def _session_start(days_ahead: int) -> datetime:
    """08:00 Beijing time ``days_ahead`` days from now: a session to book ahead."""
    day = (datetime.now(SHANGHAI) + timedelta(days=days_ahead)).date()
    return datetime(day.year, day.month, day.day, 8, 0, tzinfo=SHANGHAI)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--patients", type=int, default=1000)
    ap.add_argument("--slots", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--pgbench-clients", type=int, default=64)
    ap.add_argument("--pgbench-seconds", type=int, default=10)
    args = ap.parse_args()
    if args.patients <= args.slots:
        raise SystemExit("a race needs more patients than slots")

    with prepared("yilian_bench_booking", args.patients) as (url, data_dir, facts):
        patients = asyncio.run(seed_patients(url, facts))
        department = asyncio.run(add_department(url, facts))
        asyncio.run(_pgbench_table(url))
        races, references, checks = [], [], []
        for run in range(args.repeats):
            references.append(pgbench(url, args.pgbench_clients, args.pgbench_seconds))
            # Each run's sessions on days of their own: a doctor holds one session at a time.
            warm_up, _ = asyncio.run(add_session(url, facts, department,
                                                 _session_start(1 + 2 * run), 720, WARM_UP_SLOTS))
            session, _ = asyncio.run(add_session(url, facts, department,
                                                 _session_start(2 + 2 * run), 720, args.slots))
            with server(url, data_dir, workers=args.workers) as base:
                warm = asyncio.run(_race(base, patients[: WARM_UP_SLOTS * 10], warm_up))
                if warm["statuses"].get("201") != WARM_UP_SLOTS:
                    FAILURES.append(f"warm-up {run + 1}: {warm['statuses']}")
                race = asyncio.run(_race(base, patients, session))
                # The same server, two references: everyone books the session again once it is
                # full (every answer the late booking's refusal), and the same clients at once
                # ask the server's liveness (the HTTP stack with no sign-in and no database).
                late = asyncio.run(_race(base, patients, session))
                bare = asyncio.run(_race(base, patients, session, bare=True))
            check = asyncio.run(_database_check(url, session))
            if late["statuses"] != {"409": len(patients)}:
                FAILURES.append(f"run {run + 1}: booking a full session: {late['statuses']}")
            if bare["statuses"] != {"200": len(patients)}:
                FAILURES.append(f"run {run + 1}: liveness: {bare['statuses']}")
            race["full_session_refusals_per_s"] = late["attempts_per_s"]
            race["bare_http_requests_per_s"] = bare["attempts_per_s"]
            _judge(f"run {run + 1}", race, check, args.slots)
            race.pop("visit_ids")
            check.pop("visit_ids")
            races.append(race)
            checks.append(check)
            print(f"run {run + 1}: {race['attempts_per_s']} attempts/s, pgbench "
                  f"{references[-1]['tps']} tps, {race['statuses']}", file=sys.stderr)

    attempts = statistics.median(r["attempts_per_s"] for r in races)
    tps = statistics.median(r["tps"] for r in references)
    median_race = sorted(races, key=lambda r: r["attempts_per_s"])[len(races) // 2]
    emit({
        "benchmark": "booking",
        "endpoint": "POST /api/v1/clinic/visits",
        "database": "postgresql",
        "patients": args.patients,
        "slots": args.slots,
        "workers": args.workers,
        "repeats": args.repeats,
        "load_average": list(os.getloadavg()),
        "summary": {
            "attempts_per_s": attempts,
            "pgbench_single_row_update_tps": tps,
            "ratio_to_pgbench": round(attempts / tps, 3) if tps else None,
            "full_session_refusals_per_s": statistics.median(
                r["full_session_refusals_per_s"] for r in races),
            "bare_http_requests_per_s": statistics.median(
                r["bare_http_requests_per_s"] for r in races),
            "latency_ms": median_race["latency_ms"],
            "winners_latency_ms": median_race["winners_latency_ms"],
        },
        "pgbench": {"clients": args.pgbench_clients, "seconds": args.pgbench_seconds,
                    "script": PGBENCH_SCRIPT.strip(), "runs": references},
        "runs": races,
        "database_checks": checks,
        "target_ratio_to_pgbench": 0.4,
    })


if __name__ == "__main__":
    main()
