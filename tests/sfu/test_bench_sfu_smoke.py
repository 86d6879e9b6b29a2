"""bench/sfu.py still runs: once, with a room of two and a short window (DESIGN §8: never a timed
assertion); it leaves no database, no Janus and no files behind."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.conftest import NETWORK_NAMESPACES, PG_URL
from tests.test_bench_smoke import BENCH, _run
from yilian.messaging.video.janus_process import janus_available


@NETWORK_NAMESPACES
@pytest.mark.skipif(not PG_URL, reason="the benchmarks run against PostgreSQL")
@pytest.mark.skipif(not janus_available(), reason="Janus is not installed (Debian `janus`)")
def test_sfu_benchmark_runs_and_prints_json(tmp_path):
    admin_url = PG_URL.rsplit("/", 1)[0] + "/postgres"
    out = _run([str(BENCH / "sfu.py"), "--sizes", "2", "--seconds", "1", "--outage", "2"],
               admin_url, tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout)
    assert result["failures"] == []
    [room] = result["rooms"]
    assert room["participants"] == 2 and room["forwarded_video_streams"] == 2
    assert room["received_fps_per_stream_median"] > 0 and room["up_kbps_per_participant_median"] > 0
    assert result["join_ms"]["samples"] == 1 and result["join_ms"]["p50"] > 0
    assert result["reference_self_echo"]["received_fps_per_stream_median"] > 0
    outage = result["outage"]
    assert outage.get("recovered") is True or outage["skipped"], outage
    janus_left = subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, text=True)
    assert janus_left.stdout == "", "the benchmark left Janus running"
