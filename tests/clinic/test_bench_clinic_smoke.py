"""bench/booking.py and bench/queue_latency.py still run: each once with tiny sizes (DESIGN §8:
never a timed assertion); they check their own answers, leave no database and no files behind,
and fail when an answer or the database was not what it must be."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import PG_URL, SHARED_BROKERS
from tests.test_bench_smoke import BENCH, _run

ON_PG = pytest.mark.skipif(not PG_URL, reason="the benchmarks run against PostgreSQL")


def _pgbench() -> bool:
    return bool(shutil.which("pgbench") or list(Path("/usr/lib/postgresql").glob("*/bin/pgbench")))


@ON_PG
@pytest.mark.skipif(not _pgbench(), reason="pgbench is not installed (it comes with PostgreSQL)")
def test_booking_benchmark_runs_and_prints_json(tmp_path):
    admin_url = PG_URL.rsplit("/", 1)[0] + "/postgres"
    out = _run([str(BENCH / "booking.py"), "--patients", "24", "--slots", "3", "--repeats", "1",
                "--pgbench-clients", "2", "--pgbench-seconds", "1"], admin_url, tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout)
    assert result["failures"] == []
    [race] = result["runs"]
    assert race["statuses"] == {"201": 3, "409": 21}
    assert race["refusals"] == {"409 session-full": 21}
    [check] = result["database_checks"]
    assert check["visits"] == check["slots_held"] == check["patients"] == 3
    assert check["slots_with_two_visits"] == check["slots_held_by_another_visit"] == 0
    assert result["summary"]["pgbench_single_row_update_tps"] > 0
    assert result["summary"]["ratio_to_pgbench"] > 0


@SHARED_BROKERS
@ON_PG
def test_queue_latency_benchmark_runs_and_prints_json(tmp_path):
    """Two server processes sharing the test Redis: each waiting patient hears every call."""
    admin_url = PG_URL.rsplit("/", 1)[0] + "/postgres"
    out = _run([str(BENCH / "queue_latency.py"), "--patients", "5", "--calls", "3",
                "--interval", "0.01"], admin_url, tmp_path,
               YILIAN_BENCH_REDIS=os.environ.get("YILIAN_TEST_REDIS_URL",
                                                 "redis://127.0.0.1:6379/7"))
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout)
    assert result["failures"] == []
    assert result["calls"] == 3 and result["missing_deliveries"] == 0
    # After call k the 5 - k patients still waiting hear their new place: 4 + 3 + 2.
    assert result["deliveries_measured"] == result["queue_event_ms"]["n"] == 9
    assert result["call_next_http_ms"]["n"] == 3 and result["ws_round_trip_ms"]["p50"] > 0
