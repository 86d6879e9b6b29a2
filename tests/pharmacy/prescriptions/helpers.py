"""The prescription tests' setting, on the online visit's (tests/clinic/visits/helpers.py):
patient pa's visit with specialist_a at county A open (就诊中), two drugs of county A's
catalogue in stock, specialist_a re-authenticated to sign."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tests.clinic.visits.helpers import (
    SESSIONS,
    VISITS,
    Setting,
    book,
    make_setting,
    on_the_day,
    pay,
    step_up,
)
from tests.factories import World
from tests.pharmacy.catalogue.helpers import make_drug, receive

RX = "/api/v1/pharmacy/prescriptions"
EXPIRY = date(2028, 6, 30)


@dataclass
class Rx:
    setting: Setting
    visit: dict
    # name -> drug id (as text)
    drugs: dict[str, str]

    @property
    def world(self) -> World:
        return self.setting.world


async def open_visit(app, client, world: World) -> tuple[Setting, dict]:
    """Patient pa's paid visit, checked in, called and started by specialist_a."""
    s = await make_setting(app, client, world)
    visit = await book(client, s)
    await pay(client, world, visit)
    await on_the_day(world, "patient_pa", "specialist_a", "pharmacist_a", "village_doctor")
    patient, doctor = (world.client_as(client, n) for n in ("patient_pa", "specialist_a"))
    r = await patient.post(f"{VISITS}/{visit['id']}/check-in", json={})
    assert r.status_code == 200, r.text
    await step_up(client, world)
    r = await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")
    assert r.status_code == 200, r.text
    r = await doctor.post(f"{VISITS}/{visit['id']}/start", json={})
    assert r.status_code == 200, r.text
    return s, r.json()


async def make_rx(app, client, world: World) -> Rx:
    s, visit = await open_visit(app, client, world)
    drugs = {
        "amlodipine": await make_drug(
            world, "A", generic_name="苯磺酸氨氯地平片", trade_name="络活喜",
            specification="5mg×7片", atc="C08CA01", strength=5, max_single_dose=10,
            max_daily_dose=10, price_fen=1450),
        "metformin": await make_drug(
            world, "A", generic_name="盐酸二甲双胍片", trade_name=None,
            specification="0.5g×20片", atc="A10BA02", strength=500, max_single_dose=1000,
            max_daily_dose=2000, price_fen=620, package_size=20),
        "nifedipine": await make_drug(world, "A"),
    }
    for drug_id in drugs.values():
        await receive(world, "A", drug_id, 50, expires_on=EXPIRY)
    return Rx(s, visit, {k: str(v) for k, v in drugs.items()})


def line(rx: Rx, drug: str, **over: Any) -> dict:
    body = {"drug_id": rx.drugs[drug], "dose": 5, "dose_unit": "mg", "route": "oral",
            "frequency": "qd", "days": 7}
    return {**body, **over}


def draft(rx: Rx, *lines: dict, **over: Any) -> dict:
    body = {"visit_id": rx.visit["id"], "diagnosis_icd10": "I10", "diagnosis_text": "原发性高血压",
            "lines": list(lines) or [line(rx, "amlodipine")]}
    return {**body, **over}


async def fresh_step_up(client, world: World) -> None:
    """specialist_a re-authenticates (past the last code's 30 seconds: a code is used once)."""
    world.clock.advance(seconds=31)
    await step_up(client, world)


async def sign(client, rx: Rx, body: dict | None = None) -> dict:
    await fresh_step_up(client, rx.world)
    r = await rx.world.client_as(client, "specialist_a").post(RX, json=body or draft(rx))
    assert r.status_code == 201, r.text
    return r.json()
