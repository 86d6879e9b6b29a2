"""The embedded mode's SFU: `yilian serve` with one worker starts the machine's Janus beside
itself when it is installed and no Janus is configured, so that an MDT call on a township's
single server goes through an SFU too. Without Janus installed nothing changes: calls are a mesh.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from yilian.core.logging import get_logger
from yilian.messaging.video.janus_process import JanusProcess, janus_available
from yilian.settings import Settings

log = get_logger(__name__)


def start(settings: Settings) -> JanusProcess | None:
    """Starts Janus and points the settings at it; None when not wanted or not possible."""
    if not settings.janus_embedded or settings.janus_url or not janus_available():
        return None
    # Browsers reach Janus's WebSocket on the host they reach the web app on.
    host = urlsplit(settings.public_base_url).hostname or "127.0.0.1"
    process = JanusProcess(settings.data_dir.resolve() / "janus", ws_public_host=host)
    try:
        endpoints = process.start()
    except RuntimeError as err:
        log.warning("video.janus_not_started", error=str(err)[-1000:])
        return None
    for name, value in endpoints.settings_overrides().items():
        setattr(settings, name, value)
    log.info("video.janus_started", ws_url=endpoints.ws_url, pid=process.pid)
    return process
