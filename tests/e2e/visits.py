"""Online visits set up through the API for the browser walks that need one today: a session of
a doctor today, a patient's visit booked on a diagnosis of their record, paid by the demo
channel and checked in, then called and started by the doctor (re-authenticated)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.e2e.conftest import LiveServer
from yilian.core.clock import SHANGHAI

# A visit is checked in on its day: a session needs at least this much of today left.
LEAST_MINUTES = 30


def _next_mark(at: datetime) -> datetime:
    return (at + timedelta(minutes=10 - at.minute % 10)).replace(second=0, microsecond=0)


def today_session(live_server: LiveServer, doctor: str, admin: str, *, hours: int = 2
                  ) -> tuple[str, str, str]:
    """A video session of ``doctor`` at ``admin``'s organisation today, from the next ten-minute
    mark (after any session the doctor already holds today) for up to ``hours``: the session,
    the doctor and the session's times as the pages show them. The walk is skipped when too
    little of the day is left."""
    now = datetime.now(SHANGHAI)
    with live_server.api(doctor) as api, live_server.api(admin) as office:
        me = api.get("/auth/me").json()
        today = str(now.date())
        held = api.get("/clinic/sessions", params={
            "mine": "true", "day_from": today, "day_to": today}).json()["items"]
        start = _next_mark(max([now, *(datetime.fromisoformat(s["ends_at"]).astimezone(SHANGHAI)
                                      - timedelta(minutes=1) for s in held)]))
        end = min(start + timedelta(hours=hours), now.replace(hour=23, minute=59, second=0,
                                                              microsecond=0))
        if start.date() != now.date() or end - start < timedelta(minutes=LEAST_MINUTES):
            pytest.skip(f"less than {LEAST_MINUTES} minutes of today (Beijing) are free for a "
                        "session: a visit is checked in on its day")
        org = office.get("/auth/me").json()["active_grant"]["organisation_id"]
        coming = api.get("/clinic/sessions", params={"mine": "true"}).json()["items"]
        department = next(s["department_id"] for s in coming if s["organisation_id"] == org)
        r = office.post("/clinic/sessions", json={
            "doctor_id": me["id"], "organisation_id": org, "department_id": department,
            "mode": "video", "day": today, "start": f"{start:%H:%M}", "end": f"{end:%H:%M}",
            "capacity": 4})
        assert r.status_code == 201, r.text
        return r.json()["id"], me["id"], f"{start:%H:%M}–{end:%H:%M}"


def booked_and_checked_in(live_server: LiveServer, patient: str, session_id: str,
                          icd10: str | None = None) -> str:
    """``patient``'s visit in the session: booked on an active diagnosis of their record (the
    one of ``icd10``, or the first), paid by the demo channel, checked in."""
    with live_server.api(patient) as api:
        patient_id = api.get("/auth/me").json()["patient"]["id"]
        problem = next(p for p in api.get(f"/patients/{patient_id}/record").json()["problems"]
                       if p["status"] == "active" and icd10 in (None, p["icd10"]))
        r = api.post("/clinic/visits", json={
            "session_id": session_id, "patient_id": patient_id,
            "proof": {"kind": "record_diagnosis", "problem_id": problem["id"]}})
        assert r.status_code == 201, r.text
        visit = r.json()
        assert api.post(f"/payments/orders/{visit['order_id']}/pay",
                        json={"channel": "demo"}).status_code == 200
        r = api.post(f"/payments/orders/{visit['order_id']}/demo-confirm")
        assert r.status_code == 200, r.text
        r = api.post(f"/clinic/visits/{visit['id']}/check-in", json={})
        assert r.status_code == 200, r.text
        return visit["id"]


def step_up(live_server: LiveServer, api, doctor: str) -> None:
    """The doctor re-authenticates (实名) in the session of ``api``."""
    r = api.post("/auth/step-up", json={"password": live_server.account(doctor).password})
    assert r.status_code == 200, r.text


def started(live_server: LiveServer, doctor: str, session_id: str, visit_id: str) -> None:
    """The doctor re-authenticates, calls the next patient (this visit) and starts it."""
    with live_server.api(doctor) as api:
        step_up(live_server, api, doctor)
        r = api.post(f"/clinic/sessions/{session_id}/call-next")
        assert r.status_code == 200, r.text
        assert r.json()["id"] == visit_id
        r = api.post(f"/clinic/visits/{visit_id}/start", json={})
        assert r.status_code == 200, r.text
