"""GET patient by id and patient search against PostgreSQL with 100,000 patients, next to a
no-database endpoint of the same server (the ceiling), at 64 connections. Prints JSON; exits 1
when any answer was not a 2xx.

    uv run python bench/api_read.py [--patients 100000] [--seconds 15] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import random
from urllib.parse import quote

from harness import SURNAMES, emit, median_run, prepared, server, wrk


def measure(args, url, data_dir, facts) -> dict[str, list[dict]]:
    auth = {"Authorization": f"Bearer {facts['token']}"}
    rng = random.Random(7)
    sample = rng.sample(facts["patient_ids"], min(2000, args.patients))
    by_id = [f"/api/v1/patients/{pid}" for pid in sample]
    search = [f"/api/v1/patients?q={quote(s)}&limit=20" for s in SURNAMES]
    results: dict[str, list[dict]] = {"ceiling_healthz": [], "get_patient_by_id": [],
                                      "search_patients_by_name": []}
    with server(url, data_dir, workers=args.workers) as base:
        wrk(base, by_id[:50], seconds=3, connections=args.connections, headers=auth,
            label="warm-up")
        for _ in range(args.repeats):
            results["ceiling_healthz"].append(
                wrk(base, ["/healthz"], seconds=args.seconds, connections=args.connections,
                    label="ceiling_healthz"))
            results["get_patient_by_id"].append(
                wrk(base, by_id, seconds=args.seconds, connections=args.connections, headers=auth,
                    label="get_patient_by_id"))
            results["search_patients_by_name"].append(
                wrk(base, search, seconds=args.seconds, connections=args.connections, headers=auth,
                    label="search_patients_by_name"))
    return results


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--patients", type=int, default=100_000)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()

    with prepared("yilian_bench_read", args.patients) as (url, data_dir, facts):
        results = measure(args, url, data_dir, facts)
    medians = {k: median_run(v) for k, v in results.items()}
    ceiling = medians["ceiling_healthz"]["rps"]
    emit({
        "benchmark": "api_read",
        "database": "postgresql",
        "patients": args.patients,
        "workers": args.workers,
        "connections": args.connections,
        "seconds_per_run": args.seconds,
        "repeats": args.repeats,
        "median": medians,
        "get_by_id_share_of_ceiling": round(medians["get_patient_by_id"]["rps"] / ceiling, 3),
        "search_share_of_ceiling": round(medians["search_patients_by_name"]["rps"] / ceiling, 3),
        "target": {"get_by_id_rps": 1000, "get_by_id_p99_ms": 50, "share_of_ceiling": 0.4},
    })


if __name__ == "__main__":
    main()
