"""One real Janus for the SFU tests of a session, and the app pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from yilian.messaging.video.janus_process import JanusProcess, janus_available


@pytest.fixture(scope="session")
def janus(tmp_path_factory) -> Iterator[JanusProcess]:
    if not janus_available():
        pytest.skip("Janus is not installed (Debian `janus` with its VideoRoom plugin; "
                    "`.ci/run` installs it)")
    process = JanusProcess(tmp_path_factory.mktemp("janus"))
    process.start()
    yield process
    process.stop()


@pytest.fixture
def sfu_app(app, janus: JanusProcess):
    """The app with its SFU settings pointing at the session's Janus."""
    for name, value in janus.endpoints.settings_overrides().items():
        setattr(app.state.settings, name, value)
    return app
