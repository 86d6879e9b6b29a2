"""Need to know (issue 11): who reads a patient's data, on what ground, and that every read is
in the access log the patient and the auditor see; identifiers masked unless asked for."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.consultation.helpers import application, prepare
from tests.factories import STAFF
from yilian.core.accesslog import AccessEntry, Basis

# Who reads patient pa (home: village A1a, county A) by role and tree alone, before any case or
# consent: (the index, the record). The province is above the county; B is another county.
READS_PA = {
    "village_doctor": (200, 200),  # the home organisation
    "family_doctor": (200, 200),
    "town_doctor_a1": (200, 200),  # on the path up to the county
    "nurse_a1": (200, 200),
    "specialist_a": (200, 200),  # the county: its own integrated network
    "coordinator_a": (200, 200),
    "reader_a": (200, 200),
    "specialist_unverified": (200, 403),  # nothing clinical before real-name verification
    "org_admin_a": (200, 403),  # admins keep the index, not the record
    "pharmacist_a": (403, 403),  # what a prescription shows, never the record
    "mdt_expert": (403, 403),  # the province: by relationship only
    "alliance_admin": (403, 403),
    "auditor": (403, 403),
    "specialist_b": (403, 403),  # another county
    "org_admin_b": (403, 403),
    "patient_pa": (200, 200),
    "patient_pb": (403, 403),
}


REFUSED_RECORD = {"specialist_unverified": "not-verified", "org_admin_a": "forbidden"}


def urls(world, key="pa"):
    base = f"/api/v1/patients/{world.patients[key]}"
    return base, f"{base}/record"


async def _reads(query, patient_id, who=None):
    stmt = select(AccessEntry).where(AccessEntry.patient_id == patient_id)
    rows = await query(stmt.order_by(AccessEntry.seq))
    return [r for r in rows if who is None or r.actor_username == who]


def test_the_matrix_names_every_staff_role_of_the_world():
    assert set(STAFF) <= set(READS_PA)


@pytest.mark.parametrize("who", sorted(READS_PA))
async def test_reads_by_role_and_place(client, world, query, who):
    index, record = urls(world)
    expected_index, expected_record = READS_PA[who]
    user = world.client_as(client, who)
    got_index, got_record = await user.get(index), await user.get(record)
    assert (got_index.status_code, got_record.status_code) == (expected_index, expected_record)
    for r in (got_index, got_record):
        if r.status_code == 403:
            assert r.headers["content-type"].startswith("application/problem+json")
            assert "resident_id" not in r.text and "张秀英" not in r.text
    if (expected_index, expected_record) == (200, 403):  # the index, but not the record: why
        assert got_record.json()["code"] == REFUSED_RECORD[who]
    logged = await _reads(query, world.patients["pa"], who)
    assert [e.action for e in logged] == [
        action for action, r in (("patient.read", got_index), ("record.read", got_record))
        if r.status_code == 200]
    if who.startswith("patient"):
        assert all(e.basis == Basis.self_ for e in logged)
    else:
        assert all(e.basis == Basis.network for e in logged)


async def test_search_is_bounded_by_the_network_and_every_listed_patient_is_logged(
        client, world, query):
    listed = (await world.client_as(client, "town_doctor_a1").get("/api/v1/patients")).json()
    assert {p["name"] for p in listed["items"]} == {"张秀英", "张小明"}
    for key in ("pa", "pc"):
        assert [(e.action, e.basis) for e in await _reads(query, world.patients[key])] == [
            ("patient.list", Basis.network)]
    assert (await world.client_as(client, "alliance_admin").get("/api/v1/patients")
            ).json()["items"] == []


async def test_a_consent_opens_the_record_to_that_organisation_only(client, world, clock):
    patient = world.client_as(client, "patient_pa")
    granted = await patient.post(f"/api/v1/patients/{world.patients['pa']}/consents", json={
        "organisation_id": str(world.orgs["P"].id),
        "expires_at": (clock.now() + timedelta(days=30)).isoformat()})
    assert granted.status_code == 201, granted.text
    _, record = urls(world)
    province = await world.client_as(client, "mdt_expert").get(record)
    assert province.status_code == 200 and province.json()["access"]["mode"] == "consent"
    # Not the organisations below the one consented to: county B is under the province.
    below = await world.client_as(client, "specialist_b").get(record)
    assert below.status_code == 403 and below.json()["code"] == "consent-required"
    # Nor staff of the consented organisation who do not read records.
    assert (await world.client_as(client, "alliance_admin").get(record)).status_code == 403


async def test_a_case_opens_the_record_to_its_parties_and_the_read_names_the_case(
        client, world, query):
    await prepare(world)
    _, record = urls(world)
    expert = world.client_as(client, "mdt_expert")
    assert (await expert.get(record)).status_code == 403
    applied = await world.client_as(client, "village_doctor").post(
        "/api/v1/consultations", json=application(world, invited="P"))
    assert applied.status_code == 201, applied.text
    case = applied.json()
    # The provincial office routes the case: it takes part, so it reads the record.
    office = world.client_as(client, "coordinator_p")
    read = await office.get(record)
    assert read.status_code == 200 and read.json()["access"]["mode"] == "case"
    assert read.json()["patient"]["access"] == "case"
    # A provincial doctor the case has not reached still reads nothing.
    assert (await world.client_as(client, "endo_expert").get(record)).status_code == 403
    # Reading the case is a read of the patient too; both name the case.
    assert (await office.get(f"/api/v1/consultations/{case['id']}")).status_code == 200
    logged = await _reads(query, world.patients["pa"], "coordinator_p")
    assert [(e.action, e.basis, e.basis_ref) for e in logged] == [
        ("record.read", Basis.case, case["number"]),
        ("consultation.read", Basis.case, case["number"])]
    # The inviting doctor's reads while applying (the record snapshot) are in network scope.
    village = await _reads(query, world.patients["pa"], "village_doctor")
    assert ("record.read", Basis.network) in [(e.action, e.basis) for e in village]


async def test_the_patient_sees_every_reader_but_themselves(client, world):
    _, record = urls(world)
    await world.client_as(client, "specialist_a").get(record)
    await world.client_as(client, "patient_pa").get(record)
    await world.client_as(client, "specialist_b").get(record)  # refused: no read happened
    log = await world.client_as(client, "patient_pa").get(
        f"/api/v1/patients/{world.patients['pa']}/access-log")
    assert log.status_code == 200
    assert [(e["actor_name"], e["action"], e["basis"], e["organisation_name"])
            for e in log.json()["items"]] == [
        ("specialist_a", "record.read", "network", "甲县人民医院")]
    other = await world.client_as(client, "patient_pb").get(
        f"/api/v1/patients/{world.patients['pa']}/access-log")
    assert other.status_code == 403


async def test_the_auditor_sees_reads_across_patients(client, world):
    _, record = urls(world)
    await world.client_as(client, "village_doctor").get(record)
    rows = await world.client_as(client, "auditor").get(
        "/api/v1/audit/access-log", params={"patient_id": str(world.patients["pa"])})
    assert rows.status_code == 200
    assert [(r["actor_username"], r["action"], r["sealed"]) for r in rows.json()["items"]] == [
        ("village_doctor", "record.read", False)]
    assert (await world.client_as(client, "alliance_admin").get(
        "/api/v1/audit/access-log")).status_code == 403


async def test_identifiers_are_masked_and_revealed_for_a_logged_purpose(client, world, query):
    index, _ = urls(world)
    doctor = world.client_as(client, "village_doctor")
    shown = (await doctor.get(index)).json()
    full_id = world.resident_ids["pa"]
    assert full_id not in str(shown) and "13800138000" not in str(shown)
    assert shown["resident_id_masked"] == full_id[:6] + "*" * 8 + full_id[-4:]
    assert shown["address_masked"] == "广东省某县某****" and shown["may_reveal"] is True
    reveal = f"{index}/identifiers"
    missing = await doctor.post(reveal, json={})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "purpose"
    revealed = await doctor.post(reveal, json={"purpose": "核对身份后办理签约"})
    assert revealed.status_code == 200
    assert revealed.json() == {"resident_id": full_id, "phone": "13800138000",
                               "address": "广东省某县某镇某村1号", "insurance_no": None}
    logged = await _reads(query, world.patients["pa"], "village_doctor")
    assert [(e.action, e.purpose) for e in logged][-1] == (
        "patient.identifiers", "核对身份后办理签约")


async def test_a_reader_by_consent_sees_identifiers_masked_only(client, world, clock, query):
    await world.client_as(client, "patient_pa").post(
        f"/api/v1/patients/{world.patients['pa']}/consents", json={
            "organisation_id": str(world.orgs["B"].id),
            "expires_at": (clock.now() + timedelta(days=3)).isoformat()})
    index, _ = urls(world)
    other = world.client_as(client, "specialist_b")
    assert (await other.get(index)).json()["may_reveal"] is False
    before = [e.seq for e in await _reads(query, world.patients["pa"], "specialist_b")]
    r = await other.post(f"{index}/identifiers", json={"purpose": "会诊需要"})
    assert r.status_code == 403 and r.json()["code"] == "identifiers-masked"
    assert [e.seq for e in await _reads(query, world.patients["pa"], "specialist_b")] == before


async def test_a_proxy_link_already_ended_is_refused(client, world, clock, query):
    from yilian.identity.models import PatientLink

    before = await query(select(PatientLink))
    r = await world.client_as(client, "org_admin_a").post(
        f"/api/v1/patient-accounts/{world.users['parent']}/proxies", json={
            "patient_id": str(world.patients["pa"]), "relation": "child",
            "valid_until": (clock.now() - timedelta(days=1)).isoformat()})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "valid_until"
    assert len(await query(select(PatientLink))) == len(before)
