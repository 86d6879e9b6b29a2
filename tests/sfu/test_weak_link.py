"""A link that drops (issue 14): a village participant behind a shaped link in a network
namespace of the tests' own (``tc netem``: loss, delay, then an outage), the others on the host.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from tests.files.helpers import png
from tests.live import free_port, live_env, prepare, sign_in, until
from tests.sfu.netns import Namespace, Shape, namespace_or_skip

# A TCP connect from inside the namespace to ``host:port``: prints the seconds it took, or
# exits 1 when no answer came within the timeout (an outage).
CONNECT_TIME = """
import socket, sys, time
start = time.monotonic()
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=float(sys.argv[3])).close()
except OSError:
    sys.exit(1)
print(time.monotonic() - start)
"""


def _connect_time(ns: Namespace, host: str, port: int, timeout: float = 2.0) -> float | None:
    done = ns.run(sys.executable, "-c", CONNECT_TIME, host, str(port), str(timeout),
                  timeout=timeout + 10)
    return float(done.stdout) if done.returncode == 0 else None


def test_the_namespace_link_carries_delays_and_drops():
    with namespace_or_skip() as ns, socket.socket() as listener:
        # Listening on the host's end of the veth: the only way in from the namespace.
        listener.bind((ns.host_ip, 0))
        listener.listen(16)
        port = listener.getsockname()[1]

        plain = _connect_time(ns, ns.host_ip, port)
        # Well under the shaped delay below, even on a busy machine.
        assert plain is not None and plain < 0.2, plain
        # The host's loopback is not the namespace's: only the veth leads out.
        assert _connect_time(ns, "127.0.0.1", port, timeout=0.5) is None

        ns.shape(Shape(delay_ms=150))
        delayed = _connect_time(ns, ns.host_ip, port)
        # A connect is one round trip: 150 ms each way.
        assert delayed is not None and 0.29 < delayed < 1.0, delayed

        ns.cut()
        started = time.monotonic()
        assert _connect_time(ns, ns.host_ip, port, timeout=1.0) is None
        assert time.monotonic() - started >= 1.0  # silence, not a quick refusal

        ns.restore()
        again = _connect_time(ns, ns.host_ip, port)
        assert again is not None and 0.29 < again < 1.0, again
        name = ns.name
    assert name not in subprocess.run(["ip", "netns", "list"], capture_output=True,
                                      text=True).stdout


# A tus client inside the namespace, the way the web client's uploads behave on a village line:
# chunks of 64 KiB, and after a failed chunk it asks the server for the offset it holds and
# resumes from there; any other refusal ends it. Prints one JSON line per event.
TUS_CLIENT = """
import json, pathlib, sys, time, httpx
base, token = sys.argv[1], sys.argv[2]
data = pathlib.Path(sys.argv[3]).read_bytes()
size = len(data)
auth = {"Authorization": "Bearer " + token, "Tus-Resumable": "1.0.0"}
def say(**event):
    print(json.dumps(event), flush=True)
with httpx.Client(base_url=base, timeout=httpx.Timeout(8.0, connect=4.0), trust_env=False) as http:
    while True:
        try:
            r = http.post("/api/v1/uploads", headers={**auth, "Upload-Length": str(size),
                          "Upload-Metadata": "filename ZWNnLnBuZw==,filetype aW1hZ2UvcG5n"})
            break
        except httpx.TransportError:
            time.sleep(1)
    assert r.status_code == 201, r.text
    path, offset, sent = r.headers["Location"], 0, 0
    say(created=path)
    while offset < size:
        try:
            r = http.patch(path, content=data[offset:offset + 65536], headers={
                **auth, "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream"})
            if r.status_code == 204:
                sent += min(65536, size - offset)
                offset = int(r.headers["Upload-Offset"])
                say(offset=offset)
                continue
            say(refused=r.status_code)
            if r.status_code not in (409, 423):
                sys.exit(r.text)
        except httpx.TransportError as exc:
            say(failed=type(exc).__name__, at=offset)
        try:
            held = http.head(path, headers=auth)
        except httpx.TransportError:
            time.sleep(1)
            continue
        if held.status_code == 200:
            offset = int(held.headers["Upload-Offset"])
            say(resumed_from=offset)
    done = http.get(path, headers=auth).json()
    say(complete=done["state"] == "complete", file_id=done["file_id"], sent=sent)
"""
VILLAGE_4G = Shape(delay_ms=300, loss_pct=10.0)
OUTAGE_SECONDS = 20.0
UPLOAD_BYTES = 320 * 1024


@asynccontextmanager
async def serving_on(data_dir: Path, host: str) -> AsyncIterator[str]:
    """`yilian serve` over ``data_dir`` listening on ``host`` (where the namespace reaches it)."""
    port = free_port()
    base = f"http://{host}:{port}"
    log_path = data_dir / "server.log"
    with log_path.open("w") as log:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", "from yilian.cli import app; app()", "serve",
            "--host", host, "--port", str(port), cwd=data_dir,
            env=live_env(data_dir, YILIAN_PUBLIC_BASE_URL=base),
            stdout=log, stderr=subprocess.STDOUT)
    try:
        async with httpx.AsyncClient(trust_env=False) as probe:
            await until(lambda: _ready(probe, base), bool, "yilian serve", within=60)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.terminate()
        try:
            await asyncio.wait_for(proc.wait(), 10)
        except TimeoutError:
            proc.kill()
            await proc.wait()


async def _ready(probe: httpx.AsyncClient, base: str) -> bool:
    try:
        return (await probe.get(f"{base}/readyz", timeout=2)).status_code == 200
    except httpx.TransportError:
        return False


async def test_a_resumable_upload_over_the_village_link_survives_an_outage(tmp_path):
    await prepare(tmp_path, ["cunyi"])
    picture = tmp_path / "ecg.png"
    picture.write_bytes(png(UPLOAD_BYTES))
    with namespace_or_skip() as ns:
        async with (serving_on(tmp_path, ns.host_ip) as base,
                    httpx.AsyncClient(base_url=base, trust_env=False, timeout=10) as http):
            token = await sign_in(http, "cunyi")
            ns.shape(VILLAGE_4G)
            client = await asyncio.create_subprocess_exec(
                *ns.command(sys.executable, "-c", TUS_CLIENT, base, token, str(picture)),
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
            events: list[dict] = []

            async def next_event() -> dict:
                assert client.stdout is not None
                line = await asyncio.wait_for(client.stdout.readline(), 60)
                assert line, (await client.stderr.read()).decode()[-3000:]  # type: ignore[union-attr]
                events.append(json.loads(line))
                return events[-1]

            try:
                # Part of the file is across when the line drops.
                while (await next_event()).get("offset", 0) < UPLOAD_BYTES // 4:
                    pass
                ns.cut()
                await asyncio.sleep(OUTAGE_SECONDS)
                ns.restore()
                restored = time.monotonic()
                while "complete" not in (await next_event()):
                    pass
                print(f"upload complete {time.monotonic() - restored:.1f} s after the "
                      f"{OUTAGE_SECONDS:.0f} s outage")
            finally:
                if client.returncode is None:
                    client.kill()
                await client.wait()

            failed = [e for e in events if "failed" in e]
            resumed = [e["resumed_from"] for e in events if "resumed_from" in e]
            # The outage broke a chunk, and the upload went on from what the server held.
            assert failed, events
            assert resumed and min(resumed) >= UPLOAD_BYTES // 4, events
            done = events[-1]
            assert done["complete"], events
            assert done["sent"] < UPLOAD_BYTES * 1.5, "the upload started over"
            info = await http.get(f"/api/v1/files/{done['file_id']}",
                                  headers={"Authorization": f"Bearer {token}"})
            assert info.json()["sha256"] == hashlib.sha256(picture.read_bytes()).hexdigest()
