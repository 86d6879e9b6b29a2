"""A real coturn (Debian's `turnserver`) for tests: loopback only, on free ports, with the REST
API authentication yilian's credentials are made for (use-auth-secret + static-auth-secret).

Loopback peers are allowed because both ends of a test's call live on 127.0.0.1; a production
coturn denies them (deploy/coturn/turnserver.conf).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from tests.live import free_port

REALM = "yilian.test"
RELAY_PORTS = 40
START_TIMEOUT = 10.0


@dataclass(frozen=True)
class TurnServer:
    host: str
    port: int
    secret: str
    realm: str
    min_relay_port: int
    max_relay_port: int
    log_file: Path

    @property
    def url(self) -> str:
        """The way YILIAN_TURN_URLS names it."""
        return f"turn:{self.host}:{self.port}?transport=udp"

    def log(self) -> str:
        return _read(self.log_file)


def _read(log_file: Path) -> str:
    return log_file.read_text(errors="replace") if log_file.exists() else ""


def free_udp_and_tcp_port() -> int:
    """TURN listens on UDP and TCP at the same port: both must be free."""
    while True:
        port = free_port()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            try:
                udp.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port


def _relay_range() -> tuple[int, int]:
    # Below Linux's ephemeral range (32768+), where free_port() and other tests' sockets land;
    # coturn skips a port that another process holds, so a shared range only costs retries.
    low = random.randrange(20000, 32000 - RELAY_PORTS, 2)
    return low, low + RELAY_PORTS - 1


async def _listening(host: str, port: int, process: asyncio.subprocess.Process,
                     log_file: Path) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + START_TIMEOUT
    while loop.time() < deadline:
        if process.returncode is not None:
            raise RuntimeError(f"turnserver exited with {process.returncode}:\n{_read(log_file)}")
        with contextlib.suppress(OSError):
            _, writer = await asyncio.open_connection(host, port)
            writer.close()
            await writer.wait_closed()
            return
        await asyncio.sleep(0.05)
    raise RuntimeError(f"turnserver did not listen on {host}:{port} within {START_TIMEOUT} s")


@contextlib.asynccontextmanager
async def turnserver_process(config: Path, host: str, port: int,
                             log_file: Path) -> AsyncIterator[None]:
    """coturn run with ``config`` alone (-c; without it coturn also reads /etc/turnserver.conf),
    from the moment it listens on ``host:port`` until the block ends."""
    binary = shutil.which("turnserver")
    if binary is None:
        raise RuntimeError("coturn is not installed (apt-get install coturn; .ci/run does it)")
    process = await asyncio.create_subprocess_exec(
        binary, "-c", str(config),
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        await _listening(host, port, process, log_file)
        yield
    finally:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 5)
        except TimeoutError:
            process.kill()
            await process.wait()


def own_files(tmp: Path, log_file: Path) -> list[str]:
    """Configuration lines giving a test's coturn its own database, pid file and log file
    instead of the system's."""
    return [f"userdb={tmp / 'turndb'}", f"pidfile={tmp / 'turnserver.pid'}",
            f"log-file={log_file}", "simple-log", "no-stdout-log"]


@contextlib.asynccontextmanager
async def running_turnserver() -> AsyncIterator[TurnServer]:
    with tempfile.TemporaryDirectory(prefix="yilian-coturn-") as tmp:
        low, high = _relay_range()
        server = TurnServer(host="127.0.0.1", port=free_udp_and_tcp_port(),
                            secret=secrets.token_urlsafe(24), realm=REALM,
                            min_relay_port=low, max_relay_port=high,
                            log_file=Path(tmp) / "turnserver.log")
        config = Path(tmp) / "turnserver.conf"
        config.write_text("\n".join([
            f"listening-ip={server.host}", f"relay-ip={server.host}",
            f"listening-port={server.port}", f"min-port={low}", f"max-port={high}",
            "use-auth-secret", f"static-auth-secret={server.secret}", f"realm={server.realm}",
            "fingerprint", "no-tls", "no-dtls", "no-cli", "no-rfc5780",
            "allow-loopback-peers",
            *own_files(Path(tmp), server.log_file),
        ]) + "\n")
        async with turnserver_process(config, server.host, server.port, server.log_file):
            yield server
