"""The server's side of Janus: its HTTP API (VideoRoom requests that need the room secret or the
VideoRoom admin key) and its admin API (the stored tokens browsers use).

Browsers never see these secrets; they talk to Janus's WebSocket with the token yilian gave
them, which Janus accepts only while it is stored, and only for rooms whose allowed list holds it.
Each call here opens a short Janus session of its own: a handful of loopback requests, and no
session for a keepalive to hold open between requests.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from yilian.core.errors import Problem
from yilian.settings import Settings

PLUGIN = "janus.plugin.videoroom"
TIMEOUT = httpx.Timeout(10.0, connect=3.0)
# VideoRoom answers a request for a room it does not know with this code.
NO_SUCH_ROOM = 426
# ... and a kick or moderation of a publisher id that is not (or no longer) in it with this one.
NO_SUCH_FEED = 428
# The m-line of a yilian client's microphone in its publisher offer (it adds audio first).
AUDIO_MID = "0"


class SfuUnavailable(Problem):
    status = 503
    code = "sfu-unavailable"
    title_zh = "视频会议服务器暂时无法连接，请稍后重试或使用会话文字交流"
    title_en = "The video conference server cannot be reached; retry shortly or use the conversation"


class JanusError(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(f"Janus error {code}: {reason}")
        self.code = code
        self.reason = reason


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class Janus:
    def __init__(self, settings: Settings) -> None:
        if not (settings.janus_url and settings.janus_admin_url):
            raise ValueError("Janus is not configured")
        self.url = settings.janus_url.rstrip("/")
        self.admin_url = settings.janus_admin_url.rstrip("/")
        self.api_secret = settings.janus_api_secret
        self.admin_secret = settings.janus_admin_secret
        self.admin_key = settings.janus_room_admin_key

    async def _post(self, client: httpx.AsyncClient, url: str, body: dict[str, Any],
                    secret: tuple[str, str | None]) -> dict[str, Any]:
        body = {**body, "transaction": secrets.token_hex(8)}
        if secret[1]:
            body[secret[0]] = secret[1]
        try:
            response = await client.post(url, json=body)
            answer: dict[str, Any] = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise SfuUnavailable(f"Janus at {url} did not answer: {exc}") from exc
        if answer.get("janus") == "error":
            error = answer.get("error") or {}
            raise JanusError(int(error.get("code", 0)), str(error.get("reason", "")))
        return answer

    @asynccontextmanager
    async def _handle(self) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
        """A VideoRoom handle on a session of its own, destroyed after use."""
        async with httpx.AsyncClient(timeout=TIMEOUT) as client:
            api = ("apisecret", self.api_secret)
            session = (await self._post(client, self.url, {"janus": "create"}, api))["data"]["id"]
            session_url = f"{self.url}/{session}"
            try:
                handle = (await self._post(client, session_url,
                                           {"janus": "attach", "plugin": PLUGIN}, api))["data"]["id"]
                yield client, f"{session_url}/{handle}"
            finally:
                # Janus drops an idle session by itself after its timeout anyway.
                with contextlib.suppress(JanusError, SfuUnavailable):
                    await self._post(client, session_url, {"janus": "destroy"}, api)

    async def request(self, body: dict[str, Any]) -> dict[str, Any]:
        """One synchronous VideoRoom request; its plugin answer, or JanusError."""
        async with self._handle() as (client, url):
            answer = await self._post(client, url, {"janus": "message", "body": body},
                                      ("apisecret", self.api_secret))
        data: dict[str, Any] = answer.get("plugindata", {}).get("data", {})
        if "error_code" in data:
            raise JanusError(int(data["error_code"]), str(data.get("error", "")))
        return data

    async def admin(self, body: dict[str, Any]) -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=TIMEOUT) as client:
            return await self._post(client, self.admin_url, body,
                                    ("admin_secret", self.admin_secret))

    # --- rooms ---------------------------------------------------------------------------

    async def create_room(self, room: int, secret: str, *, description: str, rec_dir: str,
                          allowed: list[str]) -> None:
        body: dict[str, Any] = {
            "request": "create", "room": room, "secret": secret, "description": description,
            "is_private": True, "publishers": 32, "bitrate": 512_000, "fir_freq": 10,
            "videocodec": "vp8", "audiocodec": "opus", "notify_joining": True,
            "require_pvtid": True, "audiolevel_event": True, "rec_dir": rec_dir,
            "allowed": allowed,
        }
        if self.admin_key:
            body["admin_key"] = self.admin_key
        await self.request(body)

    async def room_exists(self, room: int) -> bool:
        return bool((await self.request({"request": "exists", "room": room})).get("exists"))

    async def destroy_room(self, room: int, secret: str) -> None:
        try:
            await self.request({"request": "destroy", "room": room, "secret": secret})
        except JanusError as exc:
            if exc.code != NO_SUCH_ROOM:
                raise

    async def allow(self, room: int, secret: str, tokens: list[str], *, add: bool) -> None:
        await self.request({"request": "allowed", "room": room, "secret": secret,
                            "action": "add" if add else "remove", "allowed": tokens})

    async def participants(self, room: int) -> list[dict[str, Any]]:
        data = await self.request({"request": "listparticipants", "room": room})
        return list(data.get("participants", []))

    async def kick(self, room: int, secret: str, publisher_id: int) -> None:
        try:
            await self.request({"request": "kick", "room": room, "secret": secret,
                                "id": publisher_id})
        except JanusError as exc:
            if exc.code not in (NO_SUCH_ROOM, NO_SUCH_FEED):
                raise

    async def mute_audio(self, room: int, secret: str, publisher_id: int, mute: bool) -> None:
        """Stop (or let again) the publisher's microphone reaching the others. Janus moderates
        one stream (mid) at a time; yilian's clients publish their audio first (mid "0")."""
        await self.request({"request": "moderate", "room": room, "secret": secret,
                            "id": publisher_id, "mid": AUDIO_MID, "mute": mute})

    async def record(self, room: int, secret: str, on: bool) -> None:
        await self.request({"request": "enable_recording", "room": room, "secret": secret,
                            "record": on})

    # --- tokens (admin API) --------------------------------------------------------------

    async def add_token(self, token: str) -> None:
        await self.admin({"janus": "add_token", "token": token, "plugins": [PLUGIN]})

    async def remove_token(self, token: str) -> None:
        # Not stored (Janus restarted, or removed already) is the same end.
        with contextlib.suppress(JanusError):
            await self.admin({"janus": "remove_token", "token": token})
