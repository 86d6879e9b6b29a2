"""Run a real Janus (Debian's ``janus``) for the embedded mode, the tests and the bench.

A minimal configuration folder is written from scratch (nothing is read from /etc/janus):
token authentication with stored tokens, an API secret and an admin secret, only the
VideoRoom plugin and the HTTP + WebSocket transports, so that startup takes well under a
second and nothing else listens.
"""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

JANUS_BINARY = "janus"
JANUS_LIB_DIR = Path("/usr/lib/x86_64-linux-gnu/janus")
START_TIMEOUT_SECONDS = 15.0

_KEEP_PLUGINS = {"libjanus_videoroom.so"}
_KEEP_TRANSPORTS = {"libjanus_http.so", "libjanus_websockets.so"}


def janus_binary() -> str | None:
    return shutil.which(JANUS_BINARY)


def janus_available(lib_dir: Path = JANUS_LIB_DIR) -> bool:
    """The binary is on PATH and the VideoRoom plugin and both transports are installed."""
    if janus_binary() is None:
        return False
    needed = [lib_dir / "plugins" / name for name in _KEEP_PLUGINS]
    needed += [lib_dir / "transports" / name for name in _KEEP_TRANSPORTS]
    return all(path.exists() for path in needed)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class JanusEndpoints:
    """Where a started Janus answers and the secrets that open it."""

    url: str
    admin_url: str
    ws_url: str
    api_secret: str
    admin_secret: str
    room_admin_key: str

    def settings_overrides(self) -> dict[str, Any]:
        """Values of yilian's Settings fields pointing the server at this Janus."""
        return {
            "janus_url": self.url,
            "janus_admin_url": self.admin_url,
            "janus_ws_url": self.ws_url,
            "janus_api_secret": self.api_secret,
            "janus_admin_secret": self.admin_secret,
            "janus_room_admin_key": self.room_admin_key,
        }


@dataclass(frozen=True)
class TurnForJanus:
    """A TURN server Janus itself relays through when it has no public address."""

    server: str
    port: int
    user: str
    password: str
    transport: str = "udp"


def _jcfg_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


_Sections = dict[str, dict[str, object]]


def _jcfg(sections: _Sections) -> str:
    lines: list[str] = []
    for name, items in sections.items():
        lines.append(f"{name}: {{")
        lines.extend(f"\t{key} = {_jcfg_value(value)}" for key, value in items.items())
        lines.append("}")
    return "\n".join(lines) + "\n"


def _others(folder: Path, keep: set[str]) -> str:
    """The shared objects in ``folder`` that Janus must not load (its ``disable`` list)."""
    if not folder.is_dir():
        return ""
    names = sorted(p.name for p in folder.glob("libjanus_*.so") if p.name not in keep)
    return ",".join(names)


@dataclass
class JanusProcess:
    """A Janus started from a configuration folder of its own; ``start()`` then ``stop()``."""

    config_dir: Path
    http_host: str = "127.0.0.1"
    admin_host: str = "127.0.0.1"
    ws_host: str = "0.0.0.0"
    # The host browsers put in the WebSocket URL; a wildcard bind is reached on loopback.
    ws_public_host: str | None = None
    http_port: int | None = None
    admin_port: int | None = None
    ws_port: int | None = None
    rtp_port_range: tuple[int, int] = (20000, 40000)
    nat_1_1_mapping: str | None = None
    stun_server: tuple[str, int] | None = None
    turn: TurnForJanus | None = None
    session_timeout: int = 60
    debug_level: int = 4
    api_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    admin_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    room_admin_key: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    lib_dir: Path = JANUS_LIB_DIR
    _process: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)
    _endpoints: JanusEndpoints | None = field(default=None, init=False, repr=False)

    @property
    def log_path(self) -> Path:
        return self.config_dir / "janus.log"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def endpoints(self) -> JanusEndpoints:
        if self._endpoints is None:
            raise RuntimeError("Janus is not started")
        return self._endpoints

    def write_config(self) -> JanusEndpoints:
        """Write the configuration folder, choosing free ports for those not given."""
        self.config_dir.mkdir(parents=True, exist_ok=True)
        http_port = self.http_port or free_port(self.http_host)
        admin_port = self.admin_port or free_port(self.admin_host)
        ws_port = self.ws_port or free_port(self.ws_host)
        nat: dict[str, object] = {"nice_debug": False, "ice_ignore_list": "vmnet"}
        if self.nat_1_1_mapping:
            nat["nat_1_1_mapping"] = self.nat_1_1_mapping
        if self.stun_server is not None:
            nat["stun_server"], nat["stun_port"] = self.stun_server
        if self.turn is not None:
            nat.update(
                turn_server=self.turn.server,
                turn_port=self.turn.port,
                turn_type=self.turn.transport,
                turn_user=self.turn.user,
                turn_pwd=self.turn.password,
            )
        core: _Sections = {
            "general": {
                "configs_folder": str(self.config_dir),
                "plugins_folder": str(self.lib_dir / "plugins"),
                "transports_folder": str(self.lib_dir / "transports"),
                "events_folder": str(self.lib_dir / "events"),
                "loggers_folder": str(self.lib_dir / "loggers"),
                "log_to_stdout": False,
                "log_to_file": str(self.log_path),
                "debug_level": self.debug_level,
                "debug_timestamps": True,
                "debug_colors": False,
                "token_auth": True,
                "api_secret": self.api_secret,
                "admin_secret": self.admin_secret,
                "session_timeout": self.session_timeout,
                "server_name": "yilian",
            },
            # Slow-link events (4 or more packets lost a second) are the client's cue to ask for
            # a lower layer; Janus sends none without a threshold.
            "media": {"rtp_port_range": f"{self.rtp_port_range[0]}-{self.rtp_port_range[1]}",
                      "slowlink_threshold": 4},
            "nat": nat,
            "plugins": {"disable": _others(self.lib_dir / "plugins", _KEEP_PLUGINS)},
            "transports": {"disable": _others(self.lib_dir / "transports", _KEEP_TRANSPORTS)},
            "loggers": {"disable": _others(self.lib_dir / "loggers", set())},
            "events": {"broadcast": False},
        }
        http: _Sections = {
            "general": {
                "json": "plain",
                "base_path": "/janus",
                "http": True,
                "port": http_port,
                "ip": self.http_host,
                "https": False,
            },
            "admin": {
                "admin_base_path": "/admin",
                "admin_http": True,
                "admin_port": admin_port,
                "admin_ip": self.admin_host,
                "admin_https": False,
            },
        }
        websockets: _Sections = {
            "general": {
                "json": "plain",
                "ws": True,
                "ws_port": ws_port,
                "ws_ip": self.ws_host,
                "wss": False,
            },
            "admin": {"admin_ws": False, "admin_wss": False},
        }
        videoroom: _Sections = {"general": {"admin_key": self.room_admin_key}}
        files: dict[str, _Sections] = {
            "janus.jcfg": core,
            "janus.transport.http.jcfg": http,
            "janus.transport.websockets.jcfg": websockets,
            "janus.plugin.videoroom.jcfg": videoroom,
        }
        for name, sections in files.items():
            (self.config_dir / name).write_text(_jcfg(sections), encoding="utf-8")
        public_ws_host = self.ws_public_host or (
            "127.0.0.1" if self.ws_host == "0.0.0.0" else self.ws_host
        )
        self._endpoints = JanusEndpoints(
            url=f"http://{self.http_host}:{http_port}/janus",
            admin_url=f"http://{self.admin_host}:{admin_port}/admin",
            ws_url=f"ws://{public_ws_host}:{ws_port}/",
            api_secret=self.api_secret,
            admin_secret=self.admin_secret,
            room_admin_key=self.room_admin_key,
        )
        return self._endpoints

    def start(self, timeout: float = START_TIMEOUT_SECONDS) -> JanusEndpoints:
        """Start Janus and wait until its HTTP API answers ``GET /info``."""
        binary = janus_binary()
        if binary is None:
            raise RuntimeError("the janus binary is not on PATH")
        endpoints = self.write_config()
        self.log_path.unlink(missing_ok=True)
        self._process = subprocess.Popen(
            [binary, "--configs-folder", str(self.config_dir), "--disable-colors"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=self.config_dir,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            try:
                if httpx.get(f"{endpoints.url}/info", timeout=1.0).status_code == 200:
                    return endpoints
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        code = self._process.poll()
        tail = self.log_tail()  # before stopping: the shutdown's lines would hide the cause
        self.stop()
        state = f"exited with {code}" if code is not None else f"not answering after {timeout}s"
        raise RuntimeError(f"Janus {state}; end of {self.log_path}:\n{tail}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = 10.0) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> JanusEndpoints:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
