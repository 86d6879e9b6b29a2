"""Core imports no feature module: the composition roots that build a Background (the API's
app, `yilian scheduler`) import the handlers themselves, so each process runs every periodic
task, job, subscriber and realtime message handler the modules register."""

from __future__ import annotations

import json
import subprocess
import sys

_REGISTERED = """
import json, sys
{imports}
from yilian.core import events, jobs, realtime, scheduler
print(json.dumps({{
    "periodic": sorted(scheduler.registered()),
    "jobs": sorted(jobs.registered()),
    "subscribers": sorted(events.registry.subscribers),
    "client_messages": sorted(realtime._client_handlers),
}}))
"""


def _registered(*imports: str) -> dict[str, list[str]]:
    """What a fresh interpreter has registered after the given imports."""
    code = _REGISTERED.format(imports="\n".join(imports))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def test_the_app_registers_everything_the_handlers_do():
    wired = _registered("import yilian.handlers")
    assert {"access-log.seal", "notifications.retry_sweep"} <= set(wired["periodic"])
    assert "notifications.deliver" in wired["jobs"]
    assert "notifications.inbox" in wired["subscribers"]
    assert "video.signal" in wired["client_messages"]
    assert _registered("import yilian.app") == wired


def test_the_background_alone_registers_only_what_core_does():
    assert _registered("import yilian.core.background") == {
        "periodic": [], "jobs": [], "subscribers": ["realtime"], "client_messages": []}
