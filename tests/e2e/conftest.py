"""Fixtures of the browser tests: the real server on a loopback port, and Debian's Chromium.

The server is a subprocess (``yilian demo --no-serve`` then ``yilian serve``) with a data
directory of its own; Chromium is driven through Playwright's sync API.

While a sync Playwright instance is alive it marks its own event loop as the thread's running
loop between calls, so pytest-asyncio could not run an async test or fixture then. The browser
is therefore module-scoped (closed before the next module's async tests run), and the e2e tests
use no async fixtures: they talk to the API with a plain ``httpx.Client``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
WEB_INDEX = REPO / "web" / "dist" / "index.html"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
# Generated patients besides the named ones: enough for searches, quicker to build than the default.
DEMO_PATIENTS = 60
READY_TIMEOUT = 45.0


def skip_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
    if not WEB_INDEX.exists():
        return (f"browser tests need the built web app at {WEB_INDEX.relative_to(REPO)} "
                "(cd web && npm ci && npm run build)")
    return None


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    role: str
    organisation: str
    display_name: str


@dataclass
class LiveServer:
    base_url: str
    data_dir: Path
    accounts: dict[str, Account]

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/v1"

    def account(self, username: str) -> Account:
        return self.accounts[username]

    @contextmanager
    def api(self, username: str) -> Iterator[httpx.Client]:
        """An API client signed in as a demo account (bearer token)."""
        acc = self.accounts[username]
        with httpx.Client(base_url=self.api_url, timeout=20.0, trust_env=False) as client:
            r = client.post("/auth/login", json={"username": acc.username,
                                                 "password": acc.password, "token_in_body": True})
            assert r.status_code == 200, r.text
            body = r.json()
            assert body["status"] == "ok", body
            client.headers["Authorization"] = f"Bearer {body['token']}"
            yield client


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _yilian_command() -> list[str]:
    script = Path(sys.executable).parent / "yilian"
    if script.exists():
        return [str(script)]
    found = shutil.which("yilian")
    if found:
        return [found]
    return [sys.executable, "-c", "from yilian.cli import app; app()"]


def server_env(data_dir: Path) -> dict[str, str]:
    # Only this test's settings: a developer's YILIAN_DATABASE_URL (say) must not leak in.
    env = {k: v for k, v in os.environ.items() if not k.startswith("YILIAN_")}
    env.update({
        "YILIAN_DATA_DIR": str(data_dir),
        "YILIAN_REQUIRE_STAFF_TOTP": "false",
        # As `yilian demo` serves it: its orders are paid with the demo channel (演示支付).
        "YILIAN_DEMO_PAYMENTS": "true",
        "NO_COLOR": "1",
        "COLUMNS": "200",
    })
    return env


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    data_dir = tmp_path_factory.mktemp("e2e-data")
    accounts_json = data_dir / "accounts.json"
    env = server_env(data_dir)
    cmd = _yilian_command()

    demo = subprocess.run(
        [*cmd, "demo", "--no-serve", "--patients", str(DEMO_PATIENTS),
         "--accounts-json", str(accounts_json)],
        cwd=data_dir, env=env, capture_output=True, text=True, timeout=180,
    )
    assert demo.returncode == 0, (
        f"yilian demo failed:\n{demo.stdout[-3000:]}\n{demo.stderr[-3000:]}"
    )
    accounts = {a["username"]: Account(**a) for a in json.loads(accounts_json.read_text())}

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = data_dir / "server.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [*cmd, "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=data_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"yilian serve exited with {proc.returncode}:\n{_tail(log_path)}")
            try:
                if httpx.get(f"{base_url}/readyz", timeout=2.0, trust_env=False).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"yilian serve not ready after {READY_TIMEOUT:.0f} s:\n"
                            f"{_tail(log_path)}")
            time.sleep(0.2)
        yield LiveServer(base_url=base_url, data_dir=data_dir, accounts=accounts)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="module")
def browser(live_server):
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        pw.stop()


@pytest.fixture
def new_page(browser, live_server):
    """Opens pages in fresh browser contexts (own cookies and storage); checks for JS errors."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    contexts = []
    errors: list[str] = []

    def make():
        context = browser.new_context(base_url=live_server.base_url, viewport=VIEWPORT,
                                      locale="zh-CN", timezone_id="Asia/Shanghai")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, "uncaught errors in the page:\n" + "\n".join(errors)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
