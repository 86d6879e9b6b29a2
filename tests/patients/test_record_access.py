"""Who reads a patient's record: scope, consent, break-glass, proxies; every crossing audited."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from yilian.core.accesslog import AccessEntry, Basis
from yilian.core.audit import AuditEntry


def rec(world, key):
    return f"/api/v1/patients/{world.patients[key]}/record"


async def test_other_county_is_refused_and_the_refusal_is_audited(client, world, query):
    r = await world.client_as(client, "specialist_b").get(rec(world, "pa"))
    assert r.status_code == 403 and r.json()["code"] == "consent-required"
    row = (await query(select(AuditEntry).where(AuditEntry.outcome == "denied")))[0]
    assert row.actor_username == "specialist_b"
    assert (row.entity_type, row.entity_id) == ("patient", str(world.patients["pa"]))
    assert row.subject_org_id == world.orgs["A1a"].id  # the home organisation sees refusals too


async def test_consent_opens_the_record_to_another_county_until_revoked(client, world, query, clock):
    patient = world.client_as(client, "patient_pa")
    granted = await patient.post(f"/api/v1/patients/{world.patients['pa']}/consents", json={
        "organisation_id": str(world.orgs["B"].id),
        "expires_at": (clock.now() + timedelta(days=30)).isoformat()})
    assert granted.status_code == 201, granted.text
    other = world.client_as(client, "specialist_b")
    r = await other.get(rec(world, "pa"))
    assert r.status_code == 200 and r.json()["access"]["mode"] == "consent"
    reads = await query(select(AccessEntry).where(AccessEntry.actor_username == "specialist_b"))
    assert [(e.action, e.basis, e.basis_ref) for e in reads] == [
        ("record.read", Basis.consent, granted.json()["id"])]
    assert reads[0].subject_org_id == world.orgs["A1a"].id
    log = await patient.get(f"/api/v1/patients/{world.patients['pa']}/access-log")
    assert [(e["actor_username"], e["basis"]) for e in log.json()["items"]] == [
        ("specialist_b", "consent")]
    revoked = await patient.post(f"/api/v1/consents/{granted.json()['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert (await other.get(rec(world, "pa"))).status_code == 403


async def test_consent_expires(client, world, clock):
    patient = world.client_as(client, "patient_pa")
    await patient.post(f"/api/v1/patients/{world.patients['pa']}/consents", json={
        "organisation_id": str(world.orgs["B"].id),
        "expires_at": (clock.now() + timedelta(hours=2)).isoformat()})
    assert (await world.client_as(client, "specialist_b").get(rec(world, "pa"))).status_code == 200
    clock.advance(hours=3)
    await world.sign_in_again("specialist_b")
    assert (await world.client_as(client, "specialist_b").get(rec(world, "pa"))).status_code == 403


async def test_break_glass_is_allowed_flagged_and_shown_to_the_home_organisation(client, world, query, clock):
    other = world.client_as(client, "specialist_b")
    url = f"/api/v1/patients/{world.patients['pa']}/break-glass"
    short = await other.post(url, json={"reason": "急"})
    assert short.status_code == 422
    r = await other.post(url, json={"reason": "患者昏迷送至我院急诊，需要查看既往史和过敏史"})
    assert r.status_code == 201, r.text
    read = await other.get(rec(world, "pa"))
    assert read.status_code == 200 and read.json()["access"]["mode"] == "break-glass"
    home_admin = world.client_as(client, "org_admin_a")
    log = (await home_admin.get("/api/v1/patients/break-glass-log")).json()["items"]
    assert log and log[0]["actor_username"] == "specialist_b" and "昏迷" in log[0]["purpose"]
    assert (log[0]["patient_id"], log[0]["patient_name"]) == (str(world.patients["pa"]), "张秀英")
    not_home = (await world.client_as(client, "org_admin_b").get(
        "/api/v1/patients/break-glass-log")).json()["items"]
    assert not_home == []
    clock.advance(hours=5)
    await world.sign_in_again("specialist_b")
    assert (await world.client_as(client, "specialist_b").get(rec(world, "pa"))).status_code == 403


async def test_break_glass_needs_a_verified_clinician_and_a_real_need(client, world):
    url = f"/api/v1/patients/{world.patients['pa']}/break-glass"
    reason = {"reason": "急诊抢救需要查看病历资料"}
    assert (await world.client_as(client, "specialist_unverified").post(url, json=reason)).status_code == 403
    assert (await world.client_as(client, "org_admin_b").post(url, json=reason)).status_code == 403
    own = await world.client_as(client, "specialist_a").post(url, json=reason)
    assert own.status_code == 409 and own.json()["code"] == "break-glass-not-needed"


async def test_proxies_act_within_their_limits(client, world, clock):
    parent = world.client_as(client, "parent")
    assert (await parent.get(rec(world, "pc"))).status_code == 200
    beyond = await parent.get(rec(world, "pa"))
    assert beyond.status_code == 403 and beyond.json()["code"] == "not-your-patient"
    consent = {"organisation_id": str(world.orgs["B"].id),
               "expires_at": (clock.now() + timedelta(days=7)).isoformat()}
    assert (await parent.post(f"/api/v1/patients/{world.patients['pc']}/consents",
                              json=consent)).status_code == 201
    reader = world.client_as(client, "reader_of_pa")
    assert (await reader.get(rec(world, "pa"))).status_code == 200
    limited = await reader.post(f"/api/v1/patients/{world.patients['pa']}/consents", json=consent)
    assert limited.status_code == 403 and limited.json()["code"] == "proxy-limit"


async def test_record_entries_by_verified_clinicians_and_void_keeps_the_entry(client, world):
    url = f"/api/v1/patients/{world.patients['pa']}/problems"
    problem = {"icd10": "I10", "description": "原发性高血压", "note": "血压控制欠佳，调整用药"}
    unverified = await world.client_as(client, "specialist_unverified").post(url, json=problem)
    assert unverified.status_code == 403 and unverified.json()["code"] == "not-verified"
    bad_code = await world.client_as(client, "village_doctor").post(url, json={**problem, "icd10": "hypertension"})
    assert bad_code.status_code == 422 and bad_code.json()["errors"][0]["field"] == "icd10"
    added = await world.client_as(client, "village_doctor").post(url, json=problem)
    assert added.status_code == 201
    void = await world.client_as(client, "village_doctor").post(
        f"{url}/{added.json()['id']}/void", json={"reason": "录入错误"})
    assert void.status_code == 204
    record = (await world.client_as(client, "patient_pa").get(rec(world, "pa"))).json()
    assert [(p["icd10"], p["status"], p["note"]) for p in record["problems"]] == [
        ("I10", "voided", "血压控制欠佳，调整用药")]


async def test_patients_and_non_clinical_roles_cannot_write_or_read_others(client, world):
    assert (await world.client_as(client, "patient_pa").get(rec(world, "pb"))).status_code == 403
    assert (await world.client_as(client, "auditor").get(rec(world, "pa"))).status_code == 403
    assert (await world.client_as(client, "org_admin_a").get(rec(world, "pa"))).status_code == 403
    assert (await world.client_as(client, "patient_pa").post(
        f"/api/v1/patients/{world.patients['pa']}/allergies",
        json={"substance": "青霉素"})).status_code == 403
