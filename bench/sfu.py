"""SFU video rooms through Janus on this machine: how long a join takes, what a participant costs
Janus in CPU and the participants in bandwidth, how many rooms one core carries, and how long a
participant takes to come back after a link outage. Prints JSON.

`yilian serve` (PostgreSQL) hands out the rooms and tokens as in production, a real Janus
(Debian's, started here) forwards the media, and aiortc peers in this process publish a
generated 320x240 camera (VP8) and a microphone (Opus) and decode what they receive: a
participant's join time runs from its `POST /video/rooms/{id}/join` through the Janus session
and its publication to the first frame decoded from someone already in the room. Rooms of each
size are filled one participant after another. Janus's CPU is read from /proc for its pid alone
(the peers' encoding and decoding happen in this process, not in Janus); the bandwidth of a
participant from aiortc's transport counters. The peers' process's own CPU is printed beside it:
when it nears a whole core, the peers cannot decode all they are sent (received frame rate below
the sent 10 fps) and the room's figures are the client's limit, not Janus's.

Reference in the same run: one publisher receiving itself back through Janus (one forwarded
stream: the cost of a stream, to which each room's cost per forwarded stream is compared), and
the upstream a mesh participant would need for the same picture (n-1 copies of the measured
upstream; in the SFU it sends one).

Outage: one participant runs in a network namespace of its own (tests/sfu/netns.py, needs
root), its link is cut for --outage seconds, and the time from the link's return until the
picture flows again both ways, without leaving the room, is measured.

    uv run python bench/sfu.py [--sizes 2,4,6,8] [--seconds 10] [--outage 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import Any

import httpx

from harness import FAILURES, emit, prepared, server_process
from ws_fanout import _open_conversation, _seed_clients

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.sfu.janus_peer import VideoRoomPeer  # noqa: E402

from yilian.messaging.video.janus_process import JanusProcess, janus_available  # noqa: E402

FPS = 10
# Until both sides have pictures, before anything is measured: a peer in a namespace decodes in
# Python, and on a 2-core machine busy with browser tests it took more than 20 s once (CI).
SEE_TIMEOUT = 45.0
# A join that has not published by then is stuck (aiortc's ICE and DTLS set-up has no limit).
JOIN_TIMEOUT = 60.0
CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def progress(what: str) -> None:
    """A line on stderr per phase: a slow run on a loaded machine shows where its time goes."""
    print(f"{time.strftime('%H:%M:%S')} {what}", file=sys.stderr, flush=True)


def quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * q))], 1)


async def api_join(http: httpx.AsyncClient, token: str, conversation_id: str) -> dict[str, Any]:
    r = await http.post(f"/api/v1/video/rooms/{conversation_id}/join",
                        headers={"Authorization": f"Bearer {token}"})
    r.raise_for_status()
    body = r.json()
    if body["mode"] != "sfu":
        raise SystemExit(f"the room is a {body['mode']} room, not an SFU room")
    return body["sfu"]


def peer_of(grant: dict[str, Any], ws_url: str | None = None) -> VideoRoomPeer:
    return VideoRoomPeer(ws_url or grant["url"], grant["token"], grant["room"],
                         grant["publisher_id"], grant["display"], fps=FPS)


async def measure_window(peers: list[VideoRoomPeer], janus_pid: int, seconds: float
                         ) -> dict[str, Any]:
    """Janus's CPU, each peer's bandwidth and the frames it decodes over ``seconds``."""
    before = [await p.bytes_moved() for p in peers]
    frames_before = [sum(p.video_frames().values()) for p in peers]
    cpu_before, started = cpu_seconds(janus_pid), time.monotonic()
    peers_cpu_before = cpu_seconds(os.getpid())
    await asyncio.sleep(seconds)
    cpu_after, elapsed = cpu_seconds(janus_pid), time.monotonic() - started
    peers_cpu = cpu_seconds(os.getpid()) - peers_cpu_before
    after = [await p.bytes_moved() for p in peers]
    frames = [sum(p.video_frames().values()) - f for p, f in zip(peers, frames_before, strict=True)]
    streams = sum(len(p.remotes) for p in peers)
    janus_cores = (cpu_after - cpu_before) / elapsed
    up = [(a[0] - b[0]) * 8 / elapsed / 1000 for a, b in zip(after, before, strict=True)]
    down = [(a[1] - b[1]) * 8 / elapsed / 1000 for a, b in zip(after, before, strict=True)]
    return {
        "window_s": round(elapsed, 1),
        "forwarded_video_streams": streams,
        "janus_cpu_pct_of_a_core": round(janus_cores * 100, 2),
        "janus_cpu_pct_per_participant": round(janus_cores * 100 / len(peers), 2),
        "janus_cpu_pct_per_forwarded_stream": round(janus_cores * 100 / streams, 3)
        if streams else None,
        "up_kbps_per_participant_median": round(statistics.median(up), 1),
        "down_kbps_per_participant_median": round(statistics.median(down), 1),
        # The peers share this one process: near 100 % it, not Janus, limits what is received.
        "peers_process_cpu_pct_of_a_core": round(peers_cpu / elapsed * 100, 1),
        "received_fps_per_stream_median": round(
            statistics.median(f / elapsed / max(1, len(p.remotes)) for p, f in zip(peers, frames, strict=True)),
            1),
        "_janus_cores": janus_cores,
    }


async def self_echo(base: str, client: tuple[str, str], conversation_id: str, janus_pid: int,
                    seconds: float) -> dict[str, Any]:
    """The reference: one publisher receiving itself back through Janus."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        grant = await api_join(http, client[1], conversation_id)
        peer = peer_of(grant)
        try:
            await asyncio.wait_for(peer.join(), JOIN_TIMEOUT)
            remote = await peer.subscribe_to_self()
            if not await peer.wait_until(lambda: remote.video_frames >= 5, SEE_TIMEOUT):
                FAILURES.append("self echo: no picture came back through Janus")
            window = await measure_window([peer], janus_pid, seconds)
        finally:
            await peer.close()
            await http.post(f"/api/v1/video/rooms/{conversation_id}/leave",
                            headers={"Authorization": f"Bearer {client[1]}"})
    return window


async def room(base: str, members: list[tuple[str, str]], conversation_id: str, janus_pid: int,
               seconds: float) -> tuple[dict[str, Any], list[float]]:
    """A room filled one participant after another, then measured with everyone in it."""
    join_ms: list[float] = []
    peers: list[VideoRoomPeer] = []
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        try:
            for _user_id, token in members:
                started = time.perf_counter()
                peer = peer_of(await api_join(http, token, conversation_id))
                peers.append(peer)
                await asyncio.wait_for(peer.join(), JOIN_TIMEOUT)
                if len(peers) > 1:
                    seen = await peer.wait_until(
                        lambda p=peer: any(r.video_frames for r in p.remotes.values()),
                        SEE_TIMEOUT)
                    if not seen:
                        FAILURES.append(f"room of {len(members)}: a joiner saw nobody")
                    join_ms.append((time.perf_counter() - started) * 1000)
            progress(f"  {len(peers)} joined; waiting until everyone sees everyone")
            everyone = {p.display for p in peers}
            seen_all = await asyncio.gather(*(
                p.wait_for_video(everyone - {p.display}, 5, SEE_TIMEOUT) for p in peers))
            if not all(seen_all):
                FAILURES.append(f"room of {len(members)}: not everyone saw everyone")
            window = await measure_window(peers, janus_pid, seconds)
        finally:
            progress("  leaving")
            for peer in peers:
                await peer.close()
            for _user_id, token in members:
                await http.post(f"/api/v1/video/rooms/{conversation_id}/leave",
                                headers={"Authorization": f"Bearer {token}"})
    n = len(members)
    cores = window.pop("_janus_cores")
    window.update({
        "participants": n,
        "join_ms_p50": quantile(join_ms, 0.5),
        "join_ms_max": quantile(join_ms, 1.0),
        "rooms_per_core": round(1 / cores, 1) if cores > 0 else None,
        "participants_per_core": round(n / cores) if cores > 0 else None,
        "reference_mesh_up_kbps_per_participant": round(
            window["up_kbps_per_participant_median"] * (n - 1), 1),
    })
    return window, join_ms


# --- the outage: one participant behind a link of its own ---------------------------------------


async def outage_peer(grant_json: str, ws_url: str) -> None:
    """Run inside the namespace: a participant that prints, every 100 ms, the frames it has
    decoded from each other participant (one JSON line), until it is terminated."""
    peer = peer_of(json.loads(grant_json), ws_url)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await peer.join()
    while not stop.is_set():
        print(json.dumps({"at": time.time(), "frames": peer.video_frames(),
                          "errors": peer.errors}), flush=True)
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.1)
    await peer.close()


async def outage(base: str, members: list[tuple[str, str]], conversation_id: str,
                 janus: JanusProcess, cut_seconds: float) -> dict[str, Any]:
    from tests.sfu.netns import NamespaceUnavailable, network_namespace, unavailable_reason

    reason = unavailable_reason()
    if reason:
        return {"skipped": reason}
    host_side, village = members
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        grant_here = await api_join(http, host_side[1], conversation_id)
        grant_there = await api_join(http, village[1], conversation_id)
        here = peer_of(grant_here)
        try:
            with ExitStack() as stack:
                ns = stack.enter_context(network_namespace())
                ws_port = grant_there["url"].rstrip("/").rsplit(":", 1)[1]
                # Its errors go to a file: an unread pipe would fill up and stall the peer.
                errors = stack.enter_context(tempfile.TemporaryFile())
                proc = await asyncio.create_subprocess_exec(
                    *ns.command(sys.executable, __file__, "--outage-peer",
                                json.dumps(grant_there), f"ws://{ns.host_ip}:{ws_port}/"),
                    stdout=asyncio.subprocess.PIPE, stderr=errors)
                latest: dict[str, Any] = {"frames": {}}

                async def read() -> None:
                    assert proc.stdout is not None
                    async for line in proc.stdout:
                        latest.update(json.loads(line))

                reader = asyncio.create_task(read())
                try:
                    await asyncio.wait_for(here.join(), JOIN_TIMEOUT)
                    there_display = grant_there["display"]

                    def there_sees() -> int:
                        return int(latest["frames"].get(here.display, 0))

                    def here_sees() -> int:
                        return here.video_frames().get(there_display, 0)

                    if not await here.wait_until(lambda: here_sees() >= 5 and there_sees() >= 5,
                                                 SEE_TIMEOUT):
                        errors.seek(0)
                        FAILURES.append(
                            f"outage: the two did not see each other before the cut (the host "
                            f"side decoded {here_sees()} frames, the village {there_sees()}, "
                            f"the village reported {'' if 'at' in latest else 'not '}at all; "
                            f"errors here {here.errors}, there {latest.get('errors')}); "
                            + errors.read().decode(errors="replace")[-1000:])
                        return {"error": "no picture before the cut"}
                    ns.cut()
                    await asyncio.sleep(cut_seconds)
                    seen_at_restore = (here_sees(), there_sees())
                    ns.restore()
                    restored = time.monotonic()
                    recovered = await here.wait_until(
                        lambda: here_sees() > seen_at_restore[0]
                        and there_sees() > seen_at_restore[1], 60)
                    recovery = time.monotonic() - restored
                    if not recovered:
                        errors.seek(0)
                        FAILURES.append(
                            f"outage: 60 s after a {cut_seconds} s cut the host side had decoded "
                            f"{here_sees()} frames ({seen_at_restore[0]} at the restore), the "
                            f"village {there_sees()} ({seen_at_restore[1]}); the host side "
                            f"{'was' if here.kicked.is_set() else 'was not'} kicked; errors "
                            f"here {here.errors}, there {latest.get('errors')}; "
                            + errors.read().decode(errors="replace")[-1000:])
                    return {
                        "cut_s": cut_seconds,
                        "recovered": recovered,
                        "recovery_s": round(recovery, 2) if recovered else None,
                        "same_session": not here.kicked.is_set(),
                    }
                finally:
                    if proc.returncode is None:
                        proc.terminate()
                        try:
                            await asyncio.wait_for(proc.wait(), 10)
                        except TimeoutError:
                            proc.kill()
                            await proc.wait()
                    reader.cancel()
        except NamespaceUnavailable as exc:
            return {"skipped": str(exc)}
        finally:
            await here.close()
            for _user_id, token in members:
                await http.post(f"/api/v1/video/rooms/{conversation_id}/leave",
                                headers={"Authorization": f"Bearer {token}"})


# --- the run -------------------------------------------------------------------------------------


async def run(base: str, url: str, org_id: str, clients: list[tuple[str, str]],
              janus: JanusProcess, sizes: list[int], seconds: float, cut_seconds: float
              ) -> dict[str, Any]:
    pid = janus.pid
    assert pid is not None

    async def conversation(members: list[tuple[str, str]]) -> str:
        return await _open_conversation(url, org_id, sorted(u for u, _ in members))

    # A conversation of two, so that the room is an SFU room; one of them joins.
    progress("reference: a publisher receiving itself")
    echo = await self_echo(base, clients[0], await conversation(clients[:2]), pid, seconds)
    echo.pop("_janus_cores")
    rooms, joins = [], []
    for n in sizes:
        members = clients[:n]
        progress(f"a room of {n}")
        result, join_ms = await room(base, members, await conversation(members), pid, seconds)
        rooms.append(result)
        joins += join_ms
    progress(f"an outage of {cut_seconds} s")
    outage_result = (await outage(base, clients[:2], await conversation(clients[:2]), janus,
                                  cut_seconds) if cut_seconds > 0 else {"skipped": "--outage 0"})
    per_stream = echo["janus_cpu_pct_per_forwarded_stream"]
    for r in rooms:
        if per_stream and r["janus_cpu_pct_per_forwarded_stream"]:
            r["cost_per_stream_vs_self_echo"] = round(
                r["janus_cpu_pct_per_forwarded_stream"] / per_stream, 2)
    return {
        "join_ms": {"p50": quantile(joins, 0.5), "p99": quantile(joins, 0.99),
                    "samples": len(joins)},
        "rooms": rooms,
        "reference_self_echo": echo,
        "outage": outage_result,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="2,4,6,8", help="participants per room, comma separated")
    ap.add_argument("--seconds", type=float, default=10.0, help="measuring window per room")
    ap.add_argument("--outage", type=float, default=20.0,
                    help="seconds the namespace participant's link is cut (0: no outage)")
    ap.add_argument("--outage-peer", nargs=2, metavar=("GRANT", "WS_URL"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.outage_peer:
        asyncio.run(outage_peer(*args.outage_peer))
        return
    if not janus_available():
        raise SystemExit("Janus is not installed (Debian `janus` with its VideoRoom plugin)")
    sizes = [int(s) for s in args.sizes.split(",")]
    with prepared("yilian_bench_sfu", 0) as (url, data_dir, facts):
        clients = asyncio.run(_seed_clients(url, max([*sizes, 2]), facts["org_id"]))
        janus = JanusProcess(data_dir / "janus")
        endpoints = janus.start()
        try:
            env = {f"YILIAN_{name.upper()}": str(value)
                   for name, value in endpoints.settings_overrides().items()}
            # Any room of two or more goes through the SFU (the seeded cases are no MDTs).
            env.update(YILIAN_MESH_MAX_PARTICIPANTS="1", YILIAN_JANUS_EMBEDDED="false",
                       YILIAN_REQUIRE_STAFF_TOTP="false")
            with server_process(url, data_dir, env=env) as (base, _proc):
                result = asyncio.run(run(base, url, facts["org_id"], clients, janus, sizes,
                                         args.seconds, args.outage))
        finally:
            janus.stop()
    emit({
        "benchmark": "sfu",
        "database": "postgresql",
        "cores": os.cpu_count(),
        "video": f"VP8 320x240 at {FPS} fps per participant (aiortc), Opus audio",
        **result,
    })


if __name__ == "__main__":
    main()
