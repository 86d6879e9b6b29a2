"""The Janus that yilian starts (embedded mode, tests, bench): only what the SFU needs is loaded,
nothing answers without a secret or token, its settings fit yilian's, and a Janus that cannot
start says why."""

from __future__ import annotations

import socket

import httpx
import pytest

from yilian.messaging.video.janus_process import JanusProcess, janus_binary
from yilian.settings import Settings


def test_janus_loads_videoroom_and_its_two_transports_only(janus: JanusProcess):
    info = httpx.get(f"{janus.endpoints.url}/info").json()
    assert set(info["plugins"]) == {"janus.plugin.videoroom"}
    assert set(info["transports"]) == {"janus.transport.http", "janus.transport.websockets"}
    assert info["auth_token"] is True and info["api_secret"] is True


def test_janus_answers_nobody_without_the_secret_or_a_token(janus: JanusProcess):
    e = janus.endpoints
    refused = httpx.post(e.url, json={"janus": "create", "transaction": "t"}).json()
    assert refused["error"]["code"] == 403
    refused = httpx.post(e.admin_url, json={"janus": "list_tokens", "transaction": "t",
                                            "admin_secret": "guess"}).json()
    assert refused["janus"] == "error"
    served = httpx.post(e.url, json={"janus": "create", "transaction": "t",
                                     "apisecret": e.api_secret}).json()
    assert served["janus"] == "success"


def test_its_settings_are_yilians(janus: JanusProcess, tmp_path):
    settings = Settings(data_dir=tmp_path, **janus.endpoints.settings_overrides())
    assert settings.sfu_configured
    assert settings.janus_ws_url == janus.endpoints.ws_url


def test_a_janus_that_cannot_start_says_why(tmp_path):
    if janus_binary() is None:
        pytest.skip("Janus is not installed")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        janus = JanusProcess(tmp_path / "janus", http_port=taken.getsockname()[1])
        with pytest.raises(RuntimeError, match="Couldn't start webserver on port"):
            janus.start(timeout=1)
    assert janus.pid is None
