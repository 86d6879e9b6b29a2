"""Stress on one consultation case, on PostgreSQL (DESIGN §5 "Locks", issue 11 item 1).

Several clients at once for ``YILIAN_STRESS_SECONDS`` (default 8; the bench runs the same
scenario for 60 s: ``uv run python bench/stress_case.py``) chat in the case conversation, book,
reschedule, hand back and re-assign, ask for and supply information, offer and withdraw the
expert's slots while others book them, and read the case, its timeline, the conversation and
the patient. The requests are truly concurrent: one event loop, the app through ASGI, each
request awaiting PostgreSQL while the others run, and the outbox relay delivering at the same
time, as in a server process. The scenario and its checks are in bench/stress_case.py.

No answer may be a 5xx, and afterwards: at most one booking per slot and a booked slot not
withdrawn, each accepted step recorded once and the timeline a valid path numbered 1..n,
message numbers 1..n in each conversation, the audit chain verifies, the outbox announces a
conversation's messages once each and in order.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import PG_URL

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import stress_case  # noqa: E402  (bench/stress_case.py: the scenario the bench runs too)

SECONDS = float(os.environ.get("YILIAN_STRESS_SECONDS", "8"))
CLIENTS = int(os.environ.get("YILIAN_STRESS_CLIENTS", "8"))

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="needs YILIAN_TEST_DATABASE_URL (PostgreSQL)"),
]


@pytest.mark.parametrize("backend", ["postgresql"])
async def test_concurrent_work_on_one_case_answers_no_5xx_and_keeps_every_invariant(
        app, world, settle, backend, capsys):
    from tests.consultation.helpers import prepare

    setup = await prepare(world)
    # A crash answers 500 with its body (collected), rather than raising in the client.
    transport = httpx.ASGITransport(app=app, client=("127.0.0.9", 40000),
                                    raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://yilian.test",
                                 timeout=120) as client:
        stress = stress_case.Stress(client, world, setup, world.clock.now(), seed=11)
        await stress.prepare()
        took = await _run_with_relay(stress, settle)
    invariants = await stress.check(app.state.sessionmaker)
    result = stress_case.report(stress, took, invariants, clients=CLIENTS,
                                causes=stress_case.causes_from_log(capsys.readouterr().out))
    print(json.dumps(result, ensure_ascii=False, indent=2))  # shown with -s, or on failure

    assert result["requests"] > 50 and result["accepted_steps"].get("book", 0) > 0, result
    assert stress_case.passed(result), stress_case.failure_text(result)


async def _run_with_relay(stress, settle) -> float:
    """The clients' run, with the relay and job runner of a server process delivering events
    meanwhile."""
    done = asyncio.Event()

    async def relay() -> None:
        while not done.is_set():
            try:
                await settle()
            except Exception as e:  # noqa: BLE001  (reported with the 5xx)
                stress.tally.background_errors.append(f"relay: {type(e).__name__}: {e}")
            await asyncio.sleep(0.2)

    relaying = asyncio.create_task(relay())
    try:
        return await stress.run(SECONDS, CLIENTS)
    finally:
        done.set()
        await relaying
