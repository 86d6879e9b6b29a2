"""A network namespace of the tests' own whose only way out is a link that can be shaped like a
village clinic's 4G (delay, loss, rate) or cut outright.

The kernel of this project's machines has no ``sch_netem`` (``tc qdisc ... netem`` answers
"unknown qdisc"), so the link is emulated in user space, the way netem does it in the kernel:

    namespace: <ns>n 10.<n>.0.2/24 ══veth══ <ns>a ─┐
                                                   link emulator (this file, run as a process)
    host:      <ns>h 10.<n>.0.1/24 ══veth══ <ns>b ─┘

The emulator reads every Ethernet frame arriving on ``<ns>a`` and ``<ns>b`` (packet sockets)
and sends it out of the other one after the shape's delay and rate, or drops it (loss). Both
directions suffer the shape, as on a real radio link: a delay of D ms is a round trip of 2·D.
Checksum offload is switched off on the two ends that have addresses, so that the frames the
emulator carries hold real checksums (and no segments larger than the MTU).

A process started inside (``Namespace.command``) reaches servers listening on the host's end
(or on all addresses) only through the emulated link.

Importable without pytest (the SFU bench uses it too); ``namespace_or_skip`` is the tests' way
in, which skips with the reason when the machine cannot make namespaces.
"""

from __future__ import annotations

import contextlib
import heapq
import ipaddress
import json
import os
import random
import secrets
import selectors
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

PREFIX = "ylw"
ETH_P_ALL = 0x0003
# Frames queued per direction before the link drops what it cannot carry (a 4G cell's buffer).
QUEUE_LIMIT = 1000


class NamespaceUnavailable(RuntimeError):
    """This machine (or user) cannot make network namespaces."""


def unavailable_reason() -> str | None:
    if os.geteuid() != 0:
        return "network namespaces need root"
    for tool in ("ip", "ethtool"):
        if shutil.which(tool) is None:
            return f"`{tool}` is not installed (apt-get install iproute2 ethtool)"
    probe = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"`ip netns` does not work here: {probe.stderr.strip()}"
    return None


@dataclass(frozen=True)
class Shape:
    """What the link does to each direction."""

    delay_ms: int = 0
    loss_pct: float = 0.0
    rate_kbit: int | None = None


UNSHAPED = Shape()
OUTAGE = Shape(loss_pct=100.0)


def _run(*argv: str) -> None:
    subprocess.run(argv, check=True, capture_output=True, text=True)


def _free_subnet() -> int:
    """A second octet n such that 10.n.0.0/24 is on no interface of the host."""
    shown = subprocess.run(["ip", "-4", "-o", "addr", "show"], check=True, capture_output=True,
                           text=True).stdout
    taken = []
    for line in shown.splitlines():
        words = line.split()
        taken.append(ipaddress.ip_interface(words[words.index("inet") + 1]).network)
    candidates = list(range(100, 250))
    random.SystemRandom().shuffle(candidates)
    for n in candidates:
        net = ipaddress.ip_network(f"10.{n}.0.0/24")
        if not any(net.overlaps(t) for t in taken):
            return n
    raise NamespaceUnavailable("no free 10.n.0.0/24 subnet for a test namespace")


class Namespace:
    def __init__(self, name: str, subnet: int) -> None:
        self.name = name
        self.ns_if, self.host_if = f"{name}n", f"{name}h"
        self.ns_ip, self.host_ip = f"10.{subnet}.0.2", f"10.{subnet}.0.1"
        self._emulator_ends = (f"{name}a", f"{name}b")
        self._emulator: subprocess.Popen[str] | None = None
        self.shape_now = UNSHAPED
        self._shape_before_cut = UNSHAPED

    def command(self, *argv: str) -> list[str]:
        """``argv`` run inside the namespace."""
        return ["ip", "netns", "exec", self.name, *argv]

    def run(self, *argv: str, timeout: float = 30.0) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.command(*argv), capture_output=True, text=True,
                              timeout=timeout)

    def shape(self, shape: Shape) -> None:
        """The link from now on (in force when this returns)."""
        self._tell(shape)
        self._shape_before_cut = shape

    def cut(self) -> None:
        """An outage: every frame either way is lost, the link itself stays up (as when a 4G
        cell fades), so the peers inside notice only by silence."""
        self._tell(OUTAGE)

    def restore(self) -> None:
        """Ends an outage: back to the shape the link had before ``cut``."""
        self._tell(self._shape_before_cut)

    def _tell(self, shape: Shape) -> None:
        emulator = self._emulator
        assert emulator is not None and emulator.stdin and emulator.stdout
        emulator.stdin.write(json.dumps(asdict(shape)) + "\n")
        emulator.stdin.flush()
        if emulator.stdout.readline().strip() != "ok":
            raise RuntimeError(f"the link emulator of {self.name} stopped")
        self.shape_now = shape

    def _create(self) -> None:
        a, b = self._emulator_ends
        _run("ip", "netns", "add", self.name)
        _run("ip", "link", "add", self.ns_if, "type", "veth", "peer", "name", a)
        _run("ip", "link", "add", self.host_if, "type", "veth", "peer", "name", b)
        _run("ip", "link", "set", self.ns_if, "netns", self.name)
        _run("ip", "netns", "exec", self.name, "ethtool", "-K", self.ns_if, "tx", "off")
        _run("ethtool", "-K", self.host_if, "tx", "off")
        _run("ip", "-n", self.name, "addr", "add", f"{self.ns_ip}/24", "dev", self.ns_if)
        _run("ip", "addr", "add", f"{self.host_ip}/24", "dev", self.host_if)
        for end in (a, b):
            # The emulator's ends carry the namespace's frames only, none of the host's own.
            _run("sysctl", "-q", "-w", f"net.ipv6.conf.{end}.disable_ipv6=1")
            _run("ip", "link", "set", end, "up")
        _run("ip", "link", "set", self.host_if, "up")
        _run("ip", "-n", self.name, "link", "set", self.ns_if, "up")
        _run("ip", "-n", self.name, "link", "set", "lo", "up")
        self._emulator = subprocess.Popen(
            [sys.executable, __file__, a, b], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True)
        self._tell(UNSHAPED)

    def _delete(self) -> None:
        if self._emulator is not None:
            if self._emulator.stdin:
                self._emulator.stdin.close()
            try:
                self._emulator.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._emulator.kill()
                self._emulator.wait()
        # Deleting the namespace destroys its veth end, and with it the emulator's end.
        subprocess.run(["ip", "netns", "del", self.name], capture_output=True)
        for end in (self.host_if, *self._emulator_ends):
            subprocess.run(["ip", "link", "del", end], capture_output=True)


@contextmanager
def network_namespace() -> Iterator[Namespace]:
    """A fresh namespace behind an emulated link; deleted (with its interfaces and emulator)
    when the block ends, however it ends. Processes started inside must be stopped by the
    caller before that."""
    reason = unavailable_reason()
    if reason:
        raise NamespaceUnavailable(reason)
    ns = Namespace(f"{PREFIX}{secrets.token_hex(4)}", _free_subnet())
    try:
        ns._create()
        yield ns
    finally:
        ns._delete()


@contextmanager
def namespace_or_skip() -> Iterator[Namespace]:
    """``network_namespace`` for a test: skipped, with the reason, where there can be none."""
    import pytest

    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    with network_namespace() as ns:
        yield ns


def emulate_link(end_a: str, end_b: str) -> None:
    """Carries frames between two interfaces with the shape last read from stdin (one JSON
    ``Shape`` a line, each acknowledged with ``ok``); returns when stdin closes."""
    ends = {}
    for name in (end_a, end_b):
        sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        sock.bind((name, 0))
        sock.setblocking(False)
        ends[name] = sock
    out = {end_a: ends[end_b], end_b: ends[end_a]}
    shape = UNSHAPED
    # Per direction: when the link is free to put the next frame on the air (rate).
    free_at = {end_a: 0.0, end_b: 0.0}
    queued = {end_a: 0, end_b: 0}
    due: list[tuple[float, int, str, bytes]] = []  # (send at, order, from, frame)
    order = 0
    chance = random.Random()
    selector = selectors.DefaultSelector()
    for name, sock in ends.items():
        selector.register(sock, selectors.EVENT_READ, name)
    selector.register(sys.stdin, selectors.EVENT_READ, None)
    while True:
        timeout = max(0.0, due[0][0] - time.monotonic()) if due else None
        for key, _ in selector.select(timeout):
            if key.data is None:
                line = sys.stdin.readline()
                if not line:
                    return
                shape = Shape(**json.loads(line))
                if shape.loss_pct >= 100:
                    due.clear()  # what was on the air is lost with the link
                    queued = {end_a: 0, end_b: 0}
                print("ok", flush=True)
                continue
            source = key.data
            while True:
                try:
                    frame, address = ends[source].recvfrom(65536)
                except BlockingIOError:
                    break
                if address[2] == socket.PACKET_OUTGOING:
                    continue  # what the emulator itself sent out of this end
                if chance.random() * 100 < shape.loss_pct or queued[source] >= QUEUE_LIMIT:
                    continue
                now = time.monotonic()
                if shape.rate_kbit:
                    free_at[source] = (max(now, free_at[source])
                                       + len(frame) * 8 / (shape.rate_kbit * 1000))
                    leaves = free_at[source]
                else:
                    leaves = now
                order += 1
                queued[source] += 1
                heapq.heappush(due, (leaves + shape.delay_ms / 1000, order, source, frame))
        now = time.monotonic()
        while due and due[0][0] <= now:
            _, _, source, frame = heapq.heappop(due)
            queued[source] -= 1
            # The other end may have gone away (the namespace being deleted).
            with contextlib.suppress(OSError):
                out[source].send(frame)


if __name__ == "__main__":
    emulate_link(sys.argv[1], sys.argv[2])
