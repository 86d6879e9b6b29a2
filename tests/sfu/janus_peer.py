"""A participant of a Janus VideoRoom, in Python: Janus's WebSocket API (subprotocol
``janus-protocol``) for signalling and aiortc for media, the way a browser with yilian's join token
uses the SFU.

It publishes a generated camera picture (a moving colour pattern) and a microphone (silence),
subscribes to every other publisher of the room (one subscriber handle each, Janus 1.x
multistream ``join`` with ``streams: [{feed}]``), and counts the frames it decodes from each.

Importable without pytest (the SFU bench uses it too).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import fractions
import itertools
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import av
import websockets
from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError

PLUGIN = "janus.plugin.videoroom"
KEEPALIVE_SECONDS = 20.0
REQUEST_TIMEOUT = 10.0
CLOSE_SECONDS = 5.0
SUBSCRIBE_ATTEMPTS = 4
NO_SUCH_FEED = 428  # Janus VideoRoom: the publisher has left


class JanusError(Exception):
    """Janus refused a request: ``code`` is Janus's own (403 bad token, 433 VideoRoom
    unauthorised, 426 no such room...)."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(f"Janus error {code}: {reason}")
        self.code = code
        self.reason = reason


async def _close(pc: RTCPeerConnection) -> None:
    # aiortc's close can wait without limit (for the RTCP of a connection whose DTLS never came
    # up, on a peer starved of CPU or behind a cut link): such a connection is left closing.
    await asyncio.wait([asyncio.ensure_future(pc.close())], timeout=CLOSE_SECONDS)


async def _cancel(tasks: list[asyncio.Task[None]]) -> None:
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.wait(tasks, timeout=CLOSE_SECONDS)


def _raise_for_error(message: dict[str, Any]) -> None:
    if message.get("janus") == "error":
        error = message.get("error") or {}
        raise JanusError(int(error.get("code", 0)), str(error.get("reason", "")))
    data = (message.get("plugindata") or {}).get("data") or {}
    if "error_code" in data:
        raise JanusError(int(data["error_code"]), str(data.get("error", "")))


@dataclass
class _Pending:
    answer: asyncio.Future[dict[str, Any]]
    waits_for_event: bool


class JanusSession:
    """One Janus session over one WebSocket, authenticated by a stored token.

    Requests wait for their answer by transaction (for plugin messages: the plugin's event, not
    the ``ack``); events without a transaction go to the queue of the handle they concern."""

    def __init__(self, ws_url: str, token: str) -> None:
        self.ws_url = ws_url
        self.token = token
        self.session_id: int | None = None
        self._ws: Any = None
        self._pending: dict[str, _Pending] = {}
        self._events: dict[int, asyncio.Queue[dict[str, Any]]] = {}
        self._tasks: list[asyncio.Task[None]] = []

    async def open(self) -> None:
        # Janus's keepalive keeps the session; a WebSocket ping would close the socket during
        # a link outage the call is meant to survive.
        self._ws = await websockets.connect(
            self.ws_url, subprotocols=[websockets.Subprotocol("janus-protocol")],
            ping_interval=None, open_timeout=REQUEST_TIMEOUT)
        self._tasks.append(asyncio.create_task(self._read()))
        answer = await self.request({"janus": "create"})
        self.session_id = int(answer["data"]["id"])
        self._tasks.append(asyncio.create_task(self._keepalive()))

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                message = json.loads(raw)
                pending = self._pending.get(message.get("transaction", ""))
                if pending is not None and not pending.answer.done():
                    if not (message.get("janus") == "ack" and pending.waits_for_event):
                        pending.answer.set_result(message)
                    continue
                sender = message.get("sender")
                if sender is not None:
                    self._queue(int(sender)).put_nowait(message)
        except websockets.ConnectionClosed:
            pass
        finally:
            for pending in self._pending.values():
                if not pending.answer.done():
                    pending.answer.set_exception(ConnectionError("Janus closed the WebSocket"))

    def _queue(self, handle_id: int) -> asyncio.Queue[dict[str, Any]]:
        return self._events.setdefault(handle_id, asyncio.Queue())

    async def _keepalive(self) -> None:
        while True:
            await asyncio.sleep(KEEPALIVE_SECONDS)
            with contextlib.suppress(Exception):
                await self.request({"janus": "keepalive"})

    async def request(self, body: dict[str, Any], *, handle_id: int | None = None,
                      wait: float = REQUEST_TIMEOUT) -> dict[str, Any]:
        transaction = secrets.token_hex(8)
        message = {**body, "transaction": transaction, "token": self.token}
        if self.session_id is not None:
            message["session_id"] = self.session_id
        if handle_id is not None:
            message["handle_id"] = handle_id
        # A plugin message is acknowledged first and answered by the plugin's event later.
        pending = _Pending(asyncio.get_running_loop().create_future(),
                           waits_for_event=body.get("janus") == "message")
        self._pending[transaction] = pending
        try:
            await self._ws.send(json.dumps(message))
            answer = await asyncio.wait_for(pending.answer, wait)
        finally:
            self._pending.pop(transaction, None)
        _raise_for_error(answer)
        return answer

    async def attach(self) -> int:
        answer = await self.request({"janus": "attach", "plugin": PLUGIN})
        handle_id = int(answer["data"]["id"])
        self._queue(handle_id)
        return handle_id

    async def message(self, handle_id: int, body: dict[str, Any],
                      jsep: dict[str, Any] | None = None) -> dict[str, Any]:
        request: dict[str, Any] = {"janus": "message", "body": body}
        if jsep is not None:
            request["jsep"] = jsep
        return await self.request(request, handle_id=handle_id)

    def events(self, handle_id: int) -> asyncio.Queue[dict[str, Any]]:
        return self._queue(handle_id)

    async def close(self) -> None:
        if self._ws is not None and self.session_id is not None:
            with contextlib.suppress(Exception):
                await self.request({"janus": "destroy"}, wait=2.0)
        await _cancel(self._tasks)
        if self._ws is not None:
            await self._ws.close()


class PatternTrack(MediaStreamTrack):
    """A camera: a colour gradient that moves every frame, at a given size and rate."""

    kind = "video"

    def __init__(self, width: int = 320, height: int = 240, fps: int = 10) -> None:
        super().__init__()
        self.width, self.height, self.fps = width, height, fps
        self._count = 0
        self._start: float | None = None
        # A diagonal ramp: each frame shows a window of it shifted by a few pixels.
        self._ramp = bytes(x % 256 for x in range(width + 512))

    def _picture(self) -> av.VideoFrame:
        frame = av.VideoFrame(self.width, self.height, "yuv420p")
        shift = self._count * 4
        luma, blue, red = frame.planes
        pad = bytes(luma.line_size - self.width)
        luma.update(b"".join(self._ramp[(y + shift) % 256:][:self.width] + pad
                             for y in range(self.height)))
        for plane, value in ((blue, (shift * 3) % 256), (red, 255 - shift % 256)):
            plane.update(bytes([value]) * plane.buffer_size)
        return frame

    async def recv(self) -> av.VideoFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self._start is None:
            self._start = time.monotonic()
        else:
            await asyncio.sleep(max(0.0, self._start + self._count / self.fps - time.monotonic()))
        frame = self._picture()
        frame.pts = self._count
        frame.time_base = fractions.Fraction(1, self.fps)
        self._count += 1
        return frame


@dataclass
class Remote:
    """What this peer receives from one other publisher."""

    feed: int
    display: str
    handle_id: int
    pc: RTCPeerConnection
    video_frames: int = 0
    audio_frames: int = 0
    first_video_at: float | None = None
    last_video_at: float | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)


class VideoRoomPeer:
    """A participant: ``join()`` publishes and subscribes to the others, ``close()`` leaves."""

    _ids = itertools.count()

    def __init__(self, ws_url: str, token: str, room: int, publisher_id: int, display: str, *,
                 ice_servers: list[RTCIceServer] | None = None, video: bool = True,
                 width: int = 320, height: int = 240, fps: int = 10) -> None:
        self.ws_url, self.token, self.room = ws_url, token, room
        self.publisher_id, self.display = publisher_id, display
        self.config = RTCConfiguration(iceServers=ice_servers or [])
        self.video, self.size, self.fps = video, (width, height), fps
        self.session = JanusSession(ws_url, token)
        self.publisher_handle: int | None = None
        self.private_id: int | None = None
        self.publisher_pc: RTCPeerConnection | None = None
        self.remotes: dict[int, Remote] = {}
        # Audio frames decoded by publisher display, over every subscription to it (a publisher
        # that joins again is a new remote, its count from nothing).
        self.heard: collections.Counter[str] = collections.Counter()
        self.events: list[dict[str, Any]] = []
        self.kicked = asyncio.Event()
        # What went wrong on the way (a refused or unanswered subscription, a failed
        # connection), for a test's or the bench's failure message.
        self.errors: list[str] = []
        self._subscribing: set[int] = set()
        self._tasks: list[asyncio.Task[None]] = []
        self._changed = asyncio.Event()

    # --- joining ------------------------------------------------------------------------------

    async def join(self, *, publish: bool = True) -> dict[str, Any]:
        """Open a session, join as publisher, publish, subscribe to everyone already there.
        Raises :class:`JanusError` when Janus refuses (bad token, not in the allowed list)."""
        await self.session.open()
        self.publisher_handle = await self.session.attach()
        joined = await self.session.message(self.publisher_handle, {
            "request": "join", "ptype": "publisher", "room": self.room,
            "id": self.publisher_id, "display": self.display, "token": self.token})
        data = joined["plugindata"]["data"]
        self.private_id = int(data["private_id"])
        self._tasks.append(asyncio.create_task(self._publisher_events()))
        if publish:
            await self.publish()
        for publisher in data.get("publishers", []):
            self._subscribe_soon(publisher)
        return data

    async def publish(self) -> None:
        assert self.publisher_handle is not None
        pc = RTCPeerConnection(self.config)
        self.publisher_pc = pc
        # Audio first: yilian's clients do too, so the microphone is mid "0" (moderate needs it).
        pc.addTrack(AudioStreamTrack())
        if self.video:
            pc.addTrack(PatternTrack(*self.size, fps=self.fps))
        await pc.setLocalDescription(await pc.createOffer())
        answer = await self.session.message(
            self.publisher_handle, {"request": "publish", "audio": True, "video": self.video},
            jsep={"type": "offer", "sdp": pc.localDescription.sdp})
        jsep = answer["jsep"]
        await pc.setRemoteDescription(RTCSessionDescription(jsep["sdp"], jsep["type"]))

    async def _publisher_events(self) -> None:
        assert self.publisher_handle is not None
        queue = self.session.events(self.publisher_handle)
        while True:
            message = await queue.get()
            self.events.append(message)
            data = (message.get("plugindata") or {}).get("data") or {}
            for publisher in data.get("publishers", []):
                self._subscribe_soon(publisher)
            gone = data.get("unpublished", data.get("leaving", data.get("kicked")))
            if isinstance(gone, int) and gone in self.remotes:
                await self._drop(gone)
            if data.get("reason") == "kicked":
                self.kicked.set()
            self._changed.set()

    def _subscribe_soon(self, publisher: dict[str, Any]) -> None:
        feed = int(publisher["id"])
        if feed in self.remotes or feed in self._subscribing or feed == self.publisher_id:
            return
        self._subscribing.add(feed)
        self._tasks.append(asyncio.create_task(
            self._subscribe_retrying(feed, str(publisher.get("display", "")))))

    async def _subscribe_retrying(self, feed: int, display: str) -> None:
        # A subscription unanswered on a starved machine or a link that is down is tried again,
        # as a browser would: a peer that gave up on a feed would never see it.
        for attempt in range(1, SUBSCRIBE_ATTEMPTS + 1):
            try:
                await self._subscribe(feed, display)
                return
            except JanusError as exc:
                self.errors.append(f"subscribing to {display} (try {attempt}): {exc}")
                if exc.code == NO_SUCH_FEED:
                    break
            except (TimeoutError, ConnectionError) as exc:
                self.errors.append(f"subscribing to {display} (try {attempt}): {exc!r}")
            await asyncio.sleep(attempt)
        self._subscribing.discard(feed)

    async def subscribe_to_self(self) -> Remote:
        """Receive this peer's own publication back through Janus (a loop through the SFU)."""
        # Janus offers a feed to subscribers once its publisher's connection is up.
        if not await self.wait_until(
                lambda: any(e.get("janus") == "webrtcup" for e in self.events), REQUEST_TIMEOUT):
            raise TimeoutError("the publication's connection did not come up")
        await self._subscribe(self.publisher_id, self.display)
        return self.remotes[self.publisher_id]

    async def _subscribe(self, feed: int, display: str) -> None:
        handle_id = await self.session.attach()
        pc = RTCPeerConnection(self.config)
        remote = Remote(feed, display, handle_id, pc)

        @pc.on("track")
        def on_track(track: MediaStreamTrack) -> None:
            remote.tasks.append(asyncio.create_task(self._count(remote, track)))

        @pc.on("connectionstatechange")
        def on_state() -> None:
            if pc.connectionState == "failed":
                self.errors.append(f"the connection from {display} failed")

        try:
            attached = await self.session.message(handle_id, {
                "request": "join", "ptype": "subscriber", "room": self.room,
                "streams": [{"feed": feed}], "private_id": self.private_id, "token": self.token})
            offer = attached["jsep"]
            await pc.setRemoteDescription(RTCSessionDescription(offer["sdp"], offer["type"]))
            await pc.setLocalDescription(await pc.createAnswer())
            self.remotes[feed] = remote
            await self.session.message(handle_id, {"request": "start"},
                                       jsep={"type": "answer", "sdp": pc.localDescription.sdp})
        except BaseException:
            if self.remotes.get(feed) is remote:
                del self.remotes[feed]
            await _close(pc)
            with contextlib.suppress(Exception):
                await self.session.request({"janus": "detach"}, handle_id=handle_id, wait=2.0)
            raise
        self._subscribing.discard(feed)
        self._changed.set()

    async def _count(self, remote: Remote, track: MediaStreamTrack) -> None:
        # recv() hands out decoded frames: a count is of pictures and sound actually decoded.
        with contextlib.suppress(MediaStreamError):
            while True:
                await track.recv()
                now = time.monotonic()
                if track.kind == "video":
                    remote.video_frames += 1
                    remote.first_video_at = remote.first_video_at or now
                    remote.last_video_at = now
                else:
                    remote.audio_frames += 1
                    self.heard[remote.display] += 1
                self._changed.set()

    async def _drop(self, feed: int) -> None:
        remote = self.remotes.pop(feed)
        await _cancel(remote.tasks)
        await _close(remote.pc)
        with contextlib.suppress(Exception):
            await self.session.request({"janus": "detach"}, handle_id=remote.handle_id,
                                       wait=2.0)

    # --- observing ----------------------------------------------------------------------------

    def video_frames(self) -> dict[str, int]:
        """Decoded video frames so far, by the display of the publisher they came from."""
        return {r.display: r.video_frames for r in self.remotes.values()}

    async def wait_until(self, condition: Callable[[], bool], seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while not condition():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(left, 0.5))
        return True

    async def wait_for_video(self, displays: set[str], frames: int, seconds: float) -> bool:
        """Until ``frames`` video frames are decoded from each of ``displays``."""
        def enough() -> bool:
            got = self.video_frames()
            return all(got.get(d, 0) >= frames for d in displays)
        return await self.wait_until(enough, seconds)

    async def bytes_moved(self) -> tuple[int, int]:
        """(bytes sent, bytes received) on all this peer's connections (media, RTCP and DTLS),
        from aiortc's transport statistics."""
        sent = received = 0
        pcs = [r.pc for r in self.remotes.values()]
        if self.publisher_pc is not None:
            pcs.append(self.publisher_pc)
        for pc in pcs:
            for stats in (await pc.getStats()).values():
                if stats.type == "transport":
                    sent += stats.bytesSent
                    received += stats.bytesReceived
        return sent, received

    # --- leaving ------------------------------------------------------------------------------

    async def close(self) -> None:
        await _cancel(self._tasks)
        for feed in list(self.remotes):
            remote = self.remotes.pop(feed)
            await _cancel(remote.tasks)
            await _close(remote.pc)
        if self.publisher_pc is not None:
            await _close(self.publisher_pc)
        await self.session.close()
