"""The online clinic's benchmark setting, on top of harness.prepared (an alliance, the staff user
`bench`, a specialist at the county, and the patients): each patient an account of their own
with a signed-in session and an active diagnosis in their record (the proof a follow-up visit
needs), and clinic sessions of `bench` cut into slots. Rows go in through COPY, as a bulk
import would: 1,000 patients take about a second, none of it in the timed part."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg

VISITS = "/api/v1/clinic/visits"


@dataclass(frozen=True)
class Patient:
    patient_id: str
    user_id: str
    token: str
    problem_id: str

    def booking(self, session_id: str, slot_id: str | None = None) -> dict:
        body = {"session_id": session_id, "patient_id": self.patient_id,
                "proof": {"kind": "record_diagnosis", "problem_id": self.problem_id},
                "complaint": "血压控制复诊"}
        return body | ({"slot_id": slot_id} if slot_id else {})


async def seed_patients(url: str, facts: dict) -> list[Patient]:
    """An account (linked to the record as its own), an active session and a diagnosis
    (I10, recorded at the county) for every patient of ``facts``."""
    from yilian.core.crypto import random_token, sha256_hex

    conn = await asyncpg.connect(url)
    now = datetime.now(UTC)
    password_hash = await conn.fetchval("SELECT password_hash FROM users WHERE username='bench'")
    users, links, sessions, problems, out = [], [], [], [], []
    for n, pid in enumerate(facts["patient_ids"]):
        uid, problem_id = uuid.uuid4(), uuid.uuid4()
        token = random_token()
        users.append((uid, f"patient{n:05d}", f"患者{n:05d}", "patient", password_hash, now,
                      True, False, now, now))
        links.append((uuid.uuid4(), uid, uuid.UUID(pid), "self", True, now))
        sessions.append((uuid.uuid4(), sha256_hex(token), sha256_hex("x"), uid, None, "active",
                         now, now, now + timedelta(days=1)))
        problems.append((problem_id, uuid.UUID(pid), uuid.UUID(facts["org_id"]),
                         uuid.UUID(facts["user_id"]), now, "I10", "原发性高血压", "active"))
        out.append(Patient(pid, str(uid), token, str(problem_id)))
    await conn.copy_records_to_table("users", records=users, columns=[
        "id", "username", "display_name", "kind", "password_hash", "password_changed_at",
        "active", "totp_enabled", "created_at", "updated_at"])
    await conn.copy_records_to_table("patient_links", records=links, columns=[
        "id", "user_id", "patient_id", "relation", "may_manage_consent", "created_at"])
    await conn.copy_records_to_table("sessions", records=sessions, columns=[
        "id", "token_hash", "csrf_hash", "user_id", "grant_id", "stage", "created_at",
        "last_seen_at", "expires_at"])
    await conn.copy_records_to_table("record_problems", records=problems, columns=[
        "id", "patient_id", "organisation_id", "recorded_by", "recorded_at", "icd10",
        "description", "status"])
    await conn.execute("ANALYZE")
    await conn.close()
    return out


async def add_department(url: str, facts: dict) -> str:
    conn = await asyncpg.connect(url)
    now, dept = datetime.now(UTC), uuid.uuid4()
    await conn.execute(
        "INSERT INTO departments (id, organisation_id, code, name, name_en, active, created_at,"
        " updated_at) VALUES ($1, $2, '03.04', '心血管内科', 'Cardiology', true, $3, $3)",
        dept, uuid.UUID(facts["org_id"]), now)
    await conn.close()
    return str(dept)


async def add_session(url: str, facts: dict, department_id: str, starts: datetime,
                      slot_seconds: int, capacity: int) -> tuple[str, list[str]]:
    """An open text session of `bench` at the county from ``starts``, ``capacity`` slots of
    ``slot_seconds`` each, 20 yuan: its id and its slots' ids in order. Written as the clinic
    service writes one (sessions are set by administrators; what is measured is booking)."""
    conn = await asyncpg.connect(url)
    now, session_id = datetime.now(UTC), uuid.uuid4()
    ends = starts + timedelta(seconds=slot_seconds * capacity)
    await conn.execute(
        "INSERT INTO clinic_sessions (id, doctor_id, organisation_id, department_id, starts_at,"
        " ends_at, mode, capacity, fee_fen, status, created_by, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, 'text', $7, 2000, 'open', $2, $8, $8)",
        session_id, uuid.UUID(facts["user_id"]), uuid.UUID(facts["org_id"]),
        uuid.UUID(department_id), starts, ends, capacity, now)
    slots = [(uuid.uuid4(), session_id, i + 1, starts + timedelta(seconds=slot_seconds * i),
              starts + timedelta(seconds=slot_seconds * (i + 1))) for i in range(capacity)]
    await conn.copy_records_to_table("clinic_slots", records=slots, columns=[
        "id", "session_id", "seq", "starts_at", "ends_at"])
    await conn.close()
    return str(session_id), [str(s[0]) for s in slots]
