"""bench/prescription_queue.py still runs: once, with tiny numbers (DESIGN §8: never a timed
assertion), against `yilian serve` on PostgreSQL; it checks every answer itself (the expected
20 prescriptions, oldest first, on the first and the last page), leaves no database and no
files behind, and prints JSON."""

from __future__ import annotations

import json

from tests.conftest import PG_URL
from tests.test_bench_smoke import BENCH, _run, server_benchmark


@server_benchmark
def test_the_review_queue_benchmark_runs_and_prints_json(tmp_path):
    admin_url = PG_URL.rsplit("/", 1)[0] + "/postgres"
    out = _run([str(BENCH / "prescription_queue.py"), "--pending", "45", "--others", "20",
                "--patients", "10", "--requests", "5", "--seconds", "1", "--repeats", "1",
                "--connections", "2"], admin_url, tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout)
    assert result["failures"] == []
    assert result["pending"] == 45 and 45 <= result["lines"] <= 5 * 65
    for name in ("healthz", "queue_first_page", "queue_last_page"):
        assert result["sequential_ms"][name]["p50"] > 0, name
        run = result["wrk"][name]
        assert run["rps"] > 0 and run["non_2xx"] == 0 and run["wrong_bodies"] == 0, name
        assert run["checked"] > 0, name
    assert result["ratio_to_healthz"] > 0 and result["target_p99_ms"] == 100
    assert isinstance(result["met"], bool)
    assert result["sql_ms"]["first_page"]["p50_ms"] > 0
