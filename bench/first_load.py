"""First load of the web app on a weak village link: Chromium's own network emulation (1 Mbit/s
down, 0.5 Mbit/s up, 300 ms round trip) on a phone-sized page, against `yilian serve` with the
built web app (web/dist) and a small demo alliance on SQLite.

Per run, in a fresh browser context: the time until the sign-in page is usable (the username
field shown and enabled: the app's script has run), the same again with the cache warm, and a
patient's sign-in through to their home page; the bytes that came over the wire (compressed,
headers included) beside the bytes decoded (what they would have been uncompressed). Prints
JSON with the median of each figure; never a timed assertion (tests/e2e/test_first_load.py
asserts the goals).

    uv run python bench/first_load.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
# Chromium's units: bytes per second and milliseconds.
VILLAGE_LINK = {"offline": False, "latency": 300, "downloadThroughput": 125_000,
                "uploadThroughput": 62_500}
PHONE = {"width": 390, "height": 844}
PATIENT = "patient_demo"  # a demo account (yilian.demo.people)

# Milliseconds from the start of navigation until the username field is there, shown and
# enabled (Element Plus puts the test id on the <input> itself or on its wrapper).
USABLE = """() => {
  const input = document.querySelector('[data-testid=login-username] input')
    ?? document.querySelector('input[data-testid=login-username]')
  return input && !input.disabled && input.offsetParent !== null ? performance.now() : null
}"""


@dataclass
class Transfer:
    """What one page fetched: bytes over the wire, bytes decoded, assets not from the cache."""

    wire: int = 0
    decoded: int = 0
    fetched_assets: list[str] = field(default_factory=list)

    def finished(self, event: dict[str, Any]) -> None:
        self.wire += int(event["encodedDataLength"])

    def received(self, event: dict[str, Any]) -> None:
        self.decoded += int(event["dataLength"])

    def responded(self, event: dict[str, Any]) -> None:
        response = event["response"]
        cached = response.get("fromDiskCache") or response.get("fromMemoryCache")
        if "/assets/" in response["url"] and not cached:
            self.fetched_assets.append(response["url"])


def throttled_page(context) -> tuple[Any, Transfer]:
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", VILLAGE_LINK)
    transfer = Transfer()
    cdp.on("Network.loadingFinished", transfer.finished)
    cdp.on("Network.dataReceived", transfer.received)
    cdp.on("Network.responseReceived", transfer.responded)
    return page, transfer


def time_to_usable(page) -> float:
    page.goto("/login", wait_until="commit")
    return float(page.wait_for_function(USABLE, polling=50, timeout=30_000).json_value())


def measure(browser, base_url: str, username: str, password: str) -> dict[str, Any]:
    """One phone's first visit, its repeat visit (cache warm), then its sign-in as a patient
    until the page they land on has loaded."""
    context = browser.new_context(base_url=base_url, viewport=PHONE, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    context.set_default_timeout(30_000)
    try:
        page, first = throttled_page(context)
        first_ms = time_to_usable(page)
        page.close()

        page, repeat = throttled_page(context)
        repeat_ms = time_to_usable(page)
        page.close()

        page, home = throttled_page(context)
        time_to_usable(page)
        home.wire = home.decoded = 0
        page.get_by_test_id("login-username").fill(username)
        page.get_by_test_id("login-password").fill(password)
        page.get_by_test_id("login-submit").click()
        page.get_by_test_id("user-menu").wait_for(state="visible")
        page.wait_for_load_state("networkidle")
        return {
            "first_visit_ms": round(first_ms),
            "repeat_visit_ms": round(repeat_ms),
            "sign_in_page_bytes": first.wire,
            "sign_in_page_decoded_bytes": first.decoded,
            "repeat_visit_bytes": repeat.wire,
            # Hashed assets are immutable: a repeat visit asks only for index.html again.
            "assets_fetched_again": repeat.fetched_assets,
            # From nothing to the patient's home: the sign-in page, then the app's frame, the
            # landing page and the API's answers.
            "patient_first_load_bytes": first.wire + home.wire,
            "patient_first_load_decoded_bytes": first.decoded + home.decoded,
        }
    finally:
        context.close()


def _ready(base: str) -> bool:
    try:
        return urllib.request.urlopen(f"{base}/readyz", timeout=2).status == 200
    except OSError:
        return False


@contextmanager
def demo_server(patients: int) -> Iterator[tuple[str, dict[str, dict]]]:
    """`yilian demo --no-serve` in a data directory of its own, then `yilian serve` on a free
    port: its URL and the demo accounts. The directory is removed at the end."""
    from harness import free_port  # the benchmarks' own (bench/ is the script's directory)

    data_dir = Path(tempfile.mkdtemp(prefix="yilian-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("YILIAN_")}
    env.update(YILIAN_DATA_DIR=str(data_dir), YILIAN_REQUIRE_STAFF_TOTP="false", NO_COLOR="1")
    yilian = shutil.which("yilian") or "yilian"
    proc = None
    try:
        subprocess.run([yilian, "demo", "--no-serve", "--patients", str(patients),
                        "--accounts-json", str(data_dir / "accounts.json")],
                       cwd=data_dir, env=env, check=True, capture_output=True, timeout=300)
        accounts = {a["username"]: a for a in json.loads((data_dir / "accounts.json").read_text())}
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen([yilian, "serve", "--host", "127.0.0.1", "--port", str(port)],
                                cwd=data_dir, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not _ready(base):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("yilian serve did not become ready")
            time.sleep(0.2)
        yield base, accounts
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=15)
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--patients", type=int, default=20, help="demo's generated patients")
    args = parser.parse_args()
    if not (ROOT / "web" / "dist" / "index.html").exists():
        sys.exit("build the web app first: cd web && npm ci && npm run build")

    from playwright.sync_api import sync_playwright

    with demo_server(args.patients) as (base, accounts), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        patient = accounts[PATIENT]
        runs = [measure(browser, base, patient["username"], patient["password"])
                for _ in range(args.runs)]
        browser.close()
    numeric = [k for k, v in runs[0].items() if isinstance(v, int)]
    median = {k: statistics.median(r[k] for r in runs) for k in numeric}
    print(json.dumps({
        "link": VILLAGE_LINK, "viewport": PHONE, "runs": runs, "median": median,
        # The reference: what the same first load would have weighed uncompressed.
        "compression_ratio": round(median["patient_first_load_decoded_bytes"]
                                   / median["patient_first_load_bytes"], 2),
        "assets_fetched_again": sorted({u for r in runs for u in r["assets_fetched_again"]}),
    }, indent=2))


if __name__ == "__main__":
    main()
