"""A link that drops (issue 14): a village participant behind a shaped link in a network
namespace of the tests' own (loss, delay, then an outage), the others on the host. This machine's
kernel has no netem, so the link is emulated in user space between two veth pairs
(tests/sfu/netns.py); the participant's programs see the same loss, delay and silence.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import NETWORK_NAMESPACES
from tests.files.helpers import png
from tests.live import PASSWORD, live_env, prepare, serving, sign_in
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


@NETWORK_NAMESPACES
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


class Upload:
    """The tus client inside the namespace, sending ``picture`` as ``token``'s user; its events
    are read as they come."""

    def __init__(self, ns: Namespace, base: str, token: str, picture: Path) -> None:
        self.ns, self.base, self.token, self.picture = ns, base, token, picture
        self.events: list[dict] = []
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            *self.ns.command(sys.executable, "-c", TUS_CLIENT, self.base, self.token,
                             str(self.picture)),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)

    async def next_event(self) -> dict:
        assert self.process is not None and self.process.stdout is not None
        line = await asyncio.wait_for(self.process.stdout.readline(), 60)
        assert line, (await self.process.stderr.read()).decode()[-3000:]  # type: ignore[union-attr]
        self.events.append(json.loads(line))
        return self.events[-1]

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
        if self.process is not None:
            await self.process.wait()

    async def check(self, http: httpx.AsyncClient) -> None:
        """The outage broke a chunk, the upload went on from what the server held, and the
        stored file is the picture sent."""
        events = self.events
        failed = [i for i, e in enumerate(events) if "failed" in e]
        assert failed, events
        broken_at = events[failed[0]]["at"]
        assert broken_at >= UPLOAD_BYTES // 4, events
        # Whether the client asked the server for its offset (a chunk half across) or the chunk
        # never left, it went on from there, never from the start.
        after = [e.get("offset", e.get("resumed_from")) for e in events[failed[0]:]]
        assert all(o >= broken_at for o in after if o is not None), events
        done = events[-1]
        assert done["complete"], events
        assert done["sent"] < UPLOAD_BYTES * 1.5, "the upload started over"
        info = await http.get(f"/api/v1/files/{done['file_id']}",
                              headers={"Authorization": f"Bearer {self.token}"})
        assert info.json()["sha256"] == hashlib.sha256(self.picture.read_bytes()).hexdigest()


# Five people in the conversation: more than a mesh carries, so the call goes through the SFU.
CHIEF, EXPERT, VILLAGE = "zhuren", "zhuanjia", "cunyi"
PEOPLE = (CHIEF, EXPERT, VILLAGE, "xietiao", "xianyi")
REPO = Path(__file__).resolve().parents[2]
WEB_DIST = REPO / "web" / "dist"
SEED = REPO / "tests" / "e2e" / "seed_conversation.py"
CHROMIUM_IN_NETNS = REPO / "tests" / "e2e" / "chromium-in-netns"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
# The layers a tile may show, from least to most.
RANK = {"audio": 0, "0": 1, "1": 2, "2": 3}
# What the village page's tiles show: the layer received and the frames decoded, per user.
REMOTE_TILES = """() => Object.fromEntries(
  [...document.querySelectorAll('[data-testid="video-tile"][data-local="false"]')]
    .map((t) => [t.dataset.userId, {layer: t.dataset.layer, frames: Number(t.dataset.frames)}]))"""


def _video_skip_reason() -> str | None:
    from yilian.messaging.video.janus_process import janus_available

    if not janus_available():
        return "the SFU needs Debian's janus"
    if not Path("/usr/bin/chromium").exists():
        return "the village participant is Debian's Chromium (apt-get install chromium)"
    if not (WEB_DIST / "index.html").exists():
        return "the web app is not built (cd web && npm run build)"
    return None


async def _seed_conversation(data_dir: Path) -> str:
    done = await asyncio.to_thread(
        subprocess.run, [sys.executable, str(SEED), "糖尿病合并胸痛 · MDT",
                         *(f"{who}=专家组" for who in PEOPLE)],
        cwd=data_dir, env=live_env(data_dir), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])["conversation_id"]


async def _host_peer(http: httpx.AsyncClient, token: str, conversation_id: str):
    from tests.sfu.janus_peer import VideoRoomPeer

    r = await http.post(f"/api/v1/video/rooms/{conversation_id}/join",
                        headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    assert r.json()["mode"] == "sfu", r.json()
    grant = r.json()["sfu"]
    peer = VideoRoomPeer(grant["url"], grant["token"], grant["room"], grant["publisher_id"],
                         grant["display"])
    await peer.join()
    return peer


async def _poll(probe, predicate, what: str, within: float) -> float:
    """Seconds until ``predicate(await probe())`` holds; fails after ``within``."""
    started = time.monotonic()
    while True:
        got = await probe()
        if predicate(got):
            return time.monotonic() - started
        assert time.monotonic() - started < within, f"{what} within {within:.0f} s: {got}"
        await asyncio.sleep(0.25)


@NETWORK_NAMESPACES
async def test_a_participant_on_a_village_link_stays_in_the_call(tmp_path):
    reason = _video_skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.async_api import async_playwright

    ids = await prepare(tmp_path, list(PEOPLE))
    conversation_id = await _seed_conversation(tmp_path)
    with namespace_or_skip() as ns:
        async with (serving(tmp_path, ns.host_ip, YILIAN_WEB_DIST=str(WEB_DIST)) as base,
                    httpx.AsyncClient(base_url=base, trust_env=False, timeout=20) as http,
                    async_playwright() as pw):
            chief_token = await sign_in(http, CHIEF)
            host_peers = [await _host_peer(http, await sign_in(http, who), conversation_id)
                          for who in (CHIEF, EXPERT)]
            chief, expert = host_peers
            browser = await pw.chromium.launch(
                executable_path=str(CHROMIUM_IN_NETNS),
                # The camera needs a secure origin; the server's is plain HTTP on the veth.
                args=[*BROWSER_ARGS, f"--unsafely-treat-insecure-origin-as-secure={base}"],
                env={**os.environ, "YILIAN_TEST_NETNS": ns.name})
            upload: Upload | None = None
            try:
                context = await browser.new_context(base_url=base, locale="zh-CN",
                                                    permissions=["camera", "microphone"])
                page = await context.new_page()
                await page.goto("/login")
                await page.get_by_test_id("login-username").fill(VILLAGE)
                await page.get_by_test_id("login-password").fill(PASSWORD)
                await page.get_by_test_id("login-submit").click()
                await page.get_by_test_id("user-menu").wait_for()
                await page.goto(f"/conversations/{conversation_id}")
                panel = page.get_by_test_id("video-panel")
                await panel.get_by_test_id("video-start").click()

                async def tiles() -> dict:
                    return await page.evaluate(REMOTE_TILES)

                async def panel_state() -> dict:
                    return {"ice": await panel.get_attribute("data-ice"),
                            "reconnecting": await panel.get_attribute("data-reconnecting")}

                host_ids = {ids[CHIEF], ids[EXPERT]}
                await _poll(tiles, lambda t: set(t) == host_ids
                            and all(v["frames"] > 0 for v in t.values()),
                            "the village page decoding both experts", 60)
                assert await chief.wait_for_video({ids[EXPERT], ids[VILLAGE]}, 10, 30), \
                    chief.video_frames()

                # The village link: 300 ms each way, 10 % loss. The page steps every picture
                # down from what it had, to the low layer or to audio only for some.
                unshaped = {k: RANK[v["layer"]] for k, v in (await tiles()).items()}
                ns.shape(VILLAGE_4G)
                await _poll(tiles, lambda t: all(RANK[v["layer"]] < unshaped[k]
                                                 for k, v in t.items())
                            and any(v["layer"] in ("0", "audio") for v in t.values()),
                            "lower layers on the village link", 40)

                # The village doctor sends an ECG picture over the same line (the conversation's
                # resumable upload); part of it is across when the line drops.
                picture = tmp_path / "ecg.png"
                picture.write_bytes(png(UPLOAD_BYTES))
                upload = Upload(ns, base, await sign_in(http, VILLAGE), picture)
                await upload.start()
                while (await upload.next_event()).get("offset", 0) < UPLOAD_BYTES // 4:
                    pass

                # The line drops for 20 s. The experts on the host keep seeing each other.
                before = (chief.video_frames()[ids[EXPERT]],
                          expert.video_frames()[ids[CHIEF]])
                ns.cut()
                await asyncio.sleep(OUTAGE_SECONDS)
                during = (chief.video_frames()[ids[EXPERT]] - before[0],
                          expert.video_frames()[ids[CHIEF]] - before[1])
                # 10 fps for 20 s, less what a busy machine costs.
                assert min(during) >= OUTAGE_SECONDS * 10 * 0.6, during
                # The page noticed the drop: its connections are down or being restarted.
                cut_state = await panel_state()
                assert cut_state["ice"] != "connected" or cut_state["reconnecting"] == "true", \
                    cut_state
                # The fewest frames each tile has shown since: a page that joined the room afresh
                # decodes its pictures from nothing again.
                fewest = {k: v["frames"] for k, v in (await tiles()).items()}
                heard_at_restore = chief.heard[ids[VILLAGE]]
                ns.restore()

                # It comes back by itself: connected, no longer reconnecting, pictures moving
                # again on the tiles that show video, and the experts hear the village again (its
                # own picture may stay off while its uplink is poor: audio only, said on its page).
                async def back() -> dict:
                    shown = await tiles()
                    for k, v in shown.items():
                        fewest[k] = min(fewest.get(k, v["frames"]), v["frames"])
                    return {"panel": await panel_state(), "tiles": shown,
                            "moving": {k: v["frames"] - fewest[k] for k, v in shown.items()},
                            "heard": chief.heard[ids[VILLAGE]] - heard_at_restore}

                recovery = await _poll(back, lambda b: (
                    b["panel"] == {"ice": "connected", "reconnecting": "false"}
                    and b["heard"] > 50
                    and set(b["tiles"]) == host_ids
                    and all(v["layer"] == "audio" or b["moving"][k] > 5
                            for k, v in b["tiles"].items())),
                    "the village participant back in the call after the outage", 90)
                print(f"\nvillage participant recovered {recovery:.1f} s after a "
                      f"{OUTAGE_SECONDS:.0f} s outage")
                # yilian still has the village doctor in the call, never as having left.
                room = (await http.get(f"/api/v1/video/rooms/{conversation_id}", headers={
                    "Authorization": f"Bearer {chief_token}"})).json()
                assert ids[VILLAGE] in {p["user_id"] for p in room["present"]}, room
                # The upload resumed after the outage and completed.
                while "complete" not in (await upload.next_event()):
                    pass
                await upload.check(http)
            finally:
                if upload is not None:
                    await upload.stop()
                await browser.close()
                for peer in host_peers:
                    await peer.close()
