"""Who may hold an online clinic (互联网诊疗管理办法): a real-name verified doctor with three
years of independent practice, which an administrator records when verifying the person."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.clinic.helpers import SESSIONS, make_clinic, set_fees
from yilian.core.audit import AuditEntry
from yilian.identity import service as identity


async def test_an_admin_records_independent_practice_and_the_doctor_may_then_hold_a_clinic(
        app, client, world, query):
    clinic = await make_clinic(app, world)
    await set_fees(client, world)
    admin = world.client_as(client, "org_admin_a")
    doctor = clinic.user("specialist_unverified")
    url = f"/api/v1/users/{doctor}/verification"
    body = clinic.session_body(doctor="specialist_unverified")
    assert (await admin.post(SESSIONS, json=body)).json()["reason"] == "not-verified"

    r = await admin.post(url, json={"verified": True, "independent_practice_since": "2026-12-01"})
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "independent_practice_since")
    r = await admin.post(url, json={"verified": True, "independent_practice_since": "2024-01-10"})
    assert r.status_code == 200, r.text
    assert r.json()["practitioner"]["independent_practice_since"] == "2024-01-10"
    assert (await admin.post(SESSIONS, json=body)).json()["reason"] == "practice-too-short"

    r = await admin.post(url, json={"verified": True, "independent_practice_since": "2023-11-25"})
    assert r.status_code == 200, r.text
    assert (await admin.post(SESSIONS, json=body)).status_code == 201  # 3 years on 2026-11-25
    # Verifying again without the date leaves it.
    r = await admin.post(url, json={"verified": True})
    assert r.json()["practitioner"]["independent_practice_since"] == "2023-11-25"
    entries = await query(select(AuditEntry).where(
        AuditEntry.action == "practitioner.verification").order_by(AuditEntry.seq))
    assert [e.detail.get("independent_practice_since") for e in entries] == [
        "2024-01-10", "2023-11-25", None]


async def test_three_years_count_from_the_day_independent_practice_began(app, world):
    await make_clinic(app, world)
    async with app.state.sessionmaker() as db:
        # specialist_a since 2015-07-01; junior_a since 2025-07-01.
        assert await identity.online_clinic_refusal(db, world.users["specialist_a"],
                                                    date(2026, 11, 25)) is None
        assert await identity.online_clinic_refusal(db, world.users["junior_a"],
                                                    date(2028, 6, 30)) == "practice-too-short"
        assert await identity.online_clinic_refusal(db, world.users["junior_a"],
                                                    date(2028, 7, 1)) is None
        assert await identity.online_clinic_refusal(db, world.users["coordinator_a"],
                                                    date(2026, 11, 25)) == "practice-too-short"
        assert await identity.online_clinic_refusal(db, world.users["patient_pa"],
                                                    date(2026, 11, 25)) == "not-a-practitioner"


async def test_a_new_practitioner_may_be_created_with_the_date(client, world):
    r = await world.client_as(client, "org_admin_a").post("/api/v1/users", json={
        "username": "new_doctor", "display_name": "新医生", "password": "Yilian-Test-2026!x",
        "practitioner": {"title": "chief_physician", "independent_practice_since": "2001-03-01"},
        "grants": [{"role": "specialist", "organisation_id": str(world.orgs["A"].id)}]})
    assert r.status_code == 201, r.text
    r = await world.client_as(client, "org_admin_a").get(f"/api/v1/users/{r.json()['id']}")
    assert r.json()["practitioner"]["independent_practice_since"] == "2001-03-01"
