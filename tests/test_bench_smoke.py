"""The benchmarks still run: each once, with tiny sizes (DESIGN §8: never a timed assertion);
they clean up after themselves and fail when answers were not the expected ones."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import PG_URL, SHARED_BROKERS
from tests.e2e.conftest import skip_reason as browser_skip_reason

BENCH = Path(__file__).resolve().parents[1] / "bench"


def server_benchmark(test):
    """The server's benchmarks make PostgreSQL databases of their own and load it with wrk."""
    test = pytest.mark.skipif(not PG_URL, reason="the benchmarks run against PostgreSQL")(test)
    return pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")(test)


def _databases(admin_url: str) -> set[str]:
    import asyncpg

    async def names():
        conn = await asyncpg.connect(admin_url)
        try:
            return {r[0] for r in await conn.fetch("SELECT datname FROM pg_database")}
        finally:
            await conn.close()

    return asyncio.run(names())


def _run(args: list[str], admin_url: str, tmp_path: Path, **env) -> subprocess.CompletedProcess:
    """A benchmark with tiny sizes, its temporary files kept under ``tmp_path``; it must leave
    no database and no directory (they hold the key ring) behind."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=300,
        env={**os.environ, "YILIAN_BENCH_PG": admin_url, "TMPDIR": str(tmp), **env},
    )
    made = set(json.loads(out.stdout)["databases"]) if out.stdout.startswith("{") else set()
    assert made and all(name.startswith("yilian_bench_") for name in made), out.stderr[-2000:]
    assert not made & _databases(admin_url), "the benchmark left its database behind"
    assert list(tmp.iterdir()) == [], "the benchmark left files behind"
    return out


@server_benchmark
@pytest.mark.parametrize("script", ["api_read.py", "auth.py"])
def test_benchmark_runs_and_prints_json(script, tmp_path):
    admin_url = PG_URL.rsplit("/", 1)[0] + "/postgres"
    out = _run([str(BENCH / script), "--patients", "300", "--seconds", "1", "--repeats", "1",
                "--connections", "4"], admin_url, tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout)
    assert result["failures"] == []
    for name, run in result["median"].items():
        assert run["rps"] > 0, name
        if name.startswith("bad_token"):
            assert set(run["statuses"]) <= {"401", "429"}, (name, run["statuses"])
        else:
            assert run["non_2xx"] == 0, (name, run)
    if script == "auth.py":
        assert result["median"]["bad_token"]["statuses"].keys() == {"401"}
        assert result["summary"]["ratio_to_reference"] > 0


@server_benchmark
def test_a_benchmark_answered_with_refusals_fails(tmp_path):
    """The benchmark's own check: answers that are not the expected 2xx make it exit 1."""
    script = tmp_path / "refused.py"
    script.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(BENCH)!r})\n"
        "from harness import emit, prepared, server, wrk\n"
        "with prepared('yilian_bench_refused', 10) as (url, data_dir, facts):\n"
        "    with server(url, data_dir, workers=1) as base:\n"
        "        run = wrk(base, ['/api/v1/patients/' + facts['patient_ids'][0]], seconds=1,\n"
        "                  connections=2, headers={'Authorization': 'Bearer stale'})\n"
        "emit({'run': run})\n")
    admin_url = PG_URL.rsplit("/", 1)[0] + "/postgres"
    out = _run([str(script)], admin_url, tmp_path,
               YILIAN_REFUSAL_RATE_LIMIT_PER_MINUTE="0")
    assert out.returncode == 1, out.stderr[-2000:]
    result = json.loads(out.stdout)
    assert result["run"]["non_2xx"] == result["run"]["requests"] > 0
    assert "were not 2xx" in result["failures"][0]


@SHARED_BROKERS
@server_benchmark
def test_ws_fanout_benchmark_runs_and_prints_json(tmp_path):
    admin_url = PG_URL.rsplit("/", 1)[0] + "/postgres"
    out = _run(
        [str(BENCH / "ws_fanout.py"), "--clients", "12", "--participants", "3", "--messages", "3",
         "--interval", "0.01"], admin_url, tmp_path,
        YILIAN_BENCH_REDIS=os.environ.get("YILIAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/7"),
    )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout)
    assert result["failures"] == []
    assert [run["processes"] for run in result["runs"]] == [1, 2]
    assert all(run["missing_deliveries"] == 0 and run["connected_clients"] == 12
               for run in result["runs"])


@pytest.mark.skipif(browser_skip_reason() is not None, reason=str(browser_skip_reason()))
def test_first_load_benchmark_runs_and_prints_json():
    """The browser benchmark (SQLite demo, Chromium, web/dist): one run, its own data directory
    removed at the end."""
    # A short temporary path: Chromium's sockets there must fit a Unix socket's 108 bytes.
    with tempfile.TemporaryDirectory(prefix="fl-") as name:
        tmp = Path(name)
        out = subprocess.run(
            [sys.executable, str(BENCH / "first_load.py"), "--runs", "1", "--patients", "0"],
            capture_output=True, text=True, timeout=300, env={**os.environ, "TMPDIR": name},
        )
        left = [p.name for p in tmp.iterdir() if p.name.startswith("yilian-bench-")]
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout)
    assert result["median"]["first_visit_ms"] > 0 and result["median"]["repeat_visit_ms"] > 0
    assert result["compression_ratio"] > 1
    assert result["assets_fetched_again"] == []
    assert left == [], "the benchmark left its data directory behind"
