"""Bad applications are refused with a clear problem, audited where they are refusals, and
leave nothing behind."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.consultation.helpers import application, prepare
from yilian.consultation.models import Consultation
from yilian.core.audit import AuditEntry


async def _nothing_stored(query) -> None:
    assert await query(select(Consultation.id)) == []


@pytest.mark.parametrize("change, status, code, field", [
    ({"consent": None}, 422, "validation", None),
    ({"consent": {"by": "guardian", "name": "张某", "at": "2026-11-24T01:00:00+00:00"}},
     422, "validation", "consent.relation"),
    ({"consent": {"by": "patient", "name": "患者本人", "at": "2026-11-25T01:00:00+00:00"}},
     422, "validation", "consent.at"),
    ({"diagnosis_icd10": "胸痛"}, 422, "validation", None),
    ({"reason": ""}, 422, "validation", None),
    ({"preferred_times": [{"start": "2026-11-23T01:00:00+00:00",
                           "end": "2026-11-23T02:00:00+00:00"}]},
     422, "validation", "preferred_times.0"),
])
async def test_an_incomplete_application_is_refused(client, world, query, change, status, code,
                                                    field):
    await prepare(world)
    body = application(world)
    body.update(change)
    if body["consent"] is None:
        del body["consent"]
    r = await world.client_as(client, "village_doctor").post("/api/v1/consultations", json=body)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    if field:
        assert r.json()["errors"][0]["field"] == field
    await _nothing_stored(query)


async def test_without_an_agreement_the_application_is_refused_and_audited(client, world, query):
    await prepare(world)
    # A1a has agreements with A and P, not with county B.
    r = await world.client_as(client, "village_doctor").post(
        "/api/v1/consultations", json=application(world, invited="B"))
    assert r.status_code == 403 and r.json()["code"] == "no-agreement"
    await _nothing_stored(query)
    refused = await query(select(AuditEntry).where(AuditEntry.outcome == "denied"))
    assert [e.entity_id for e in refused] == [str(world.orgs["B"].id)]


async def test_a_patient_outside_the_applicants_scope_is_refused(client, world, query):
    await prepare(world)
    r = await world.client_as(client, "village_doctor").post(
        "/api/v1/consultations", json=application(world, patient="pb"))
    assert r.status_code == 403 and r.json()["code"] == "out-of-scope"
    await _nothing_stored(query)


async def test_a_nurse_or_an_unverified_doctor_cannot_apply(client, world, query):
    await prepare(world)
    for who in ("nurse_a1", "specialist_unverified", "patient_pa"):
        r = await world.client_as(client, who).post("/api/v1/consultations",
                                                     json=application(world))
        assert r.status_code == 403, who
    await _nothing_stored(query)


async def test_consent_given_earlier_is_accepted_and_numbers_count_up(client, world, clock):
    await prepare(world)
    village = world.client_as(client, "village_doctor")
    body = application(world, consent={"by": "guardian", "name": "李某", "relation": "女儿",
                                       "at": (clock.now() - timedelta(hours=2)).isoformat()})
    first = (await village.post("/api/v1/consultations", json=body)).json()
    second = (await village.post("/api/v1/consultations", json=application(world))).json()
    assert first["consent_relation"] == "女儿"
    assert int(second["number"][-4:]) == int(first["number"][-4:]) + 1
