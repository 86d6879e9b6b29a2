"""A link that drops (issue 14): a village participant behind a shaped link in a network
namespace of the tests' own (``tc netem``: loss, delay, then an outage), the others on the host.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time

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
