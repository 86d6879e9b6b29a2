"""Consultation counts for the statistics page: what was asked, how it ended, what ran late,
how long reports took, and who may see which."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.files.helpers import actor_of
from yilian.alliance.models import Department
from yilian.cases.columns import ConsentBy, Urgency
from yilian.consultation import stats
from yilian.consultation.models import Consultation, Kind, State
from yilian.core.errors import Forbidden, ValidationFailed

H = timedelta(hours=1)
_numbers = itertools.count(1)


def consultation(world, *, invited: str, inviting: str, state: State, requested_at: datetime,
                 scheduled_at: datetime | None = None, reported_at: datetime | None = None,
                 schedule_due: datetime | None = None, complete_due: datetime | None = None,
                 department_id: uuid.UUID | None = None) -> Consultation:
    """A consultation row as the service would leave it in ``state`` (dues default to 24 h to
    book and 72 h to report)."""
    closed = state in (State.completed, State.declined, State.cancelled)
    return Consultation(
        number=f"HZ{next(_numbers):010d}", kind=Kind.single, urgency=Urgency.routine,
        state=state, patient_id=world.patients["pa"], inviting_org_id=world.orgs[inviting].id,
        requested_by=world.users["village_doctor"], requested_at=requested_at,
        invited_org_id=world.orgs[invited].id, reason="胸闷待查", purpose="明确诊断",
        summary="反复胸闷一周", diagnosis_icd10="R07.4", diagnosis_text="胸痛",
        wanted_specialty="心血管内科", consent_by=ConsentBy.patient, consent_name="张秀英",
        consent_at=requested_at, department_id=department_id,
        schedule_due=schedule_due or requested_at + 24 * H,
        complete_due=complete_due or requested_at + 72 * H,
        scheduled_at=scheduled_at, reported_at=reported_at,
        closed_at=(reported_at or requested_at + H) if closed else None)


async def add(app, *rows) -> None:
    async with app.state.sessionmaker() as db:
        db.add_all(rows)
        await db.commit()


async def counts(app, world, who: str, *, start: datetime, end: datetime,
                 group_by: str = "organisation"):
    actor = await actor_of(app, world, who)
    async with app.state.sessionmaker() as db:
        return await stats.counts(db, app.state.clock, actor, start=start, end=end,
                                  group_by=group_by)


def as_dict(row) -> dict:
    return row.model_dump(exclude={"key", "label"})


@pytest.fixture
async def cases(app, world, clock):
    """Eight consultations asked of county A by its village clinic, two of county B, one of
    the province hospital by town A1; and two just outside the range [now - 30 days, now)."""
    now = clock.now()
    start = now - timedelta(days=30)
    async with app.state.sessionmaker() as db:
        cardio = Department(organisation_id=world.orgs["A"].id, code="CARD", name="心血管内科",
                            name_en="Cardiology")
        db.add(cardio)
        await db.commit()
        dept = cardio.id

    def a(state, **kw):
        return consultation(world, invited="A", inviting="A1a", state=state, **kw)

    await add(
        app,
        # reported in 12 h, in time
        a(State.completed, requested_at=now - 72 * H, scheduled_at=now - 70 * H,
          reported_at=now - 60 * H, department_id=dept),
        # reported in 50 h, 30 h after its limit: late
        a(State.completed, requested_at=now - 100 * H, scheduled_at=now - 90 * H,
          reported_at=now - 50 * H, complete_due=now - 80 * H, department_id=dept),
        # declined after its booking limit passed: not late, it is closed
        a(State.declined, requested_at=now - 20 * H, schedule_due=now - 10 * H),
        a(State.cancelled, requested_at=now - 10 * H, department_id=dept),
        # waiting, and the limit to book a time passed 6 h ago
        a(State.requested, requested_at=now - 30 * H, schedule_due=now - 6 * H),
        a(State.scheduled, requested_at=now - 5 * H, scheduled_at=now - 4 * H,
          department_id=dept),
        # reported in 30 h, in time, not yet acknowledged: still open
        a(State.reported, requested_at=now - 40 * H, scheduled_at=now - 39 * H,
          reported_at=now - 10 * H, department_id=dept),
        # booked, but its report was due an hour ago
        a(State.scheduled, requested_at=now - 200 * H, scheduled_at=now - 190 * H,
          complete_due=now - H, department_id=dept),
        consultation(world, invited="B", inviting="B1", state=State.routed,
                     requested_at=now - 3 * H),
        consultation(world, invited="B", inviting="B1", state=State.cancelled,
                     requested_at=start),
        consultation(world, invited="P", inviting="A1", state=State.requested,
                     requested_at=now - 2 * H),
        # outside [start, end)
        a(State.requested, requested_at=start - timedelta(seconds=1)),
        a(State.requested, requested_at=now),
    )
    return start, now


async def test_counts_by_invited_organisation(app, world, cases):
    start, end = cases
    out = await counts(app, world, "alliance_admin", start=start, end=end)
    assert out.group_by == "organisation"
    assert [(r.key, r.label, r.requested) for r in out.rows] == [
        (str(world.orgs["A"].id), "甲县人民医院", 8),
        (str(world.orgs["B"].id), "乙县人民医院", 2),
        (str(world.orgs["P"].id), "省人民医院", 1),
    ]
    a, b, _ = out.rows
    assert as_dict(a) == {
        "requested": 8, "completed": 2, "declined": 1, "cancelled": 1, "open": 4, "overdue": 3,
        # reports took 12, 30 and 50 hours
        "turnaround_median_hours": 30.0, "turnaround_p90_hours": 46.0,
    }
    assert b.turnaround_median_hours is None and b.turnaround_p90_hours is None
    assert as_dict(out.total) == {
        "requested": 11, "completed": 2, "declined": 1, "cancelled": 2, "open": 6, "overdue": 3,
        "turnaround_median_hours": 30.0, "turnaround_p90_hours": 46.0,
    }


async def test_overdue_follows_the_clock(app, world, clock, cases):
    start, end = cases
    # A day later A's newest case, booked, is still in time for its report; the open cases
    # of B and of the province hospital, requested 2-3 hours ago, are past their 24 hours to
    # book a time.
    clock.advance(hours=24)
    await world.sign_in_again("alliance_admin")
    out = await counts(app, world, "alliance_admin", start=start, end=end)
    by_label = {r.label: r for r in out.rows}
    assert by_label["甲县人民医院"].overdue == 3
    assert by_label["乙县人民医院"].overdue == 1
    assert by_label["省人民医院"].overdue == 1
    assert out.total.overdue == 5


async def test_counts_by_inviting_organisation_and_by_department(app, world, cases):
    start, end = cases
    out = await counts(app, world, "alliance_admin", start=start, end=end,
                       group_by="inviting_organisation")
    assert [(r.label, r.requested) for r in out.rows] == [
        ("甲一村卫生室", 8), ("乙镇卫生院", 2), ("甲镇卫生院", 1)]

    out = await counts(app, world, "alliance_admin", start=start, end=end,
                       group_by="department")
    assert [(r.label, r.requested, r.completed, r.overdue) for r in out.rows] == [
        ("心血管内科", 6, 2, 2), ("未分诊", 5, 0, 1)]
    assert out.rows[1].key == "none"


async def test_months_are_shanghai_months_and_empty_ones_are_shown(app, world):
    def at(text: str) -> datetime:
        return datetime.fromisoformat(text).astimezone(UTC)

    await add(
        app,
        # 23:30 on 31 October in Shanghai; 00:30 on 1 November in Shanghai (still 31 October
        # in UTC).
        consultation(world, invited="A", inviting="A1a", state=State.requested,
                     requested_at=at("2026-10-31T15:30:00+00:00")),
        consultation(world, invited="A", inviting="A1a", state=State.completed,
                     requested_at=at("2026-10-31T16:30:00+00:00"),
                     reported_at=at("2026-11-01T04:30:00+00:00")),
    )
    out = await counts(app, world, "org_admin_a", start=at("2026-09-01T00:00:00+08:00"),
                       end=at("2026-12-01T00:00:00+08:00"), group_by="month")
    assert [(r.key, r.label, r.requested, r.completed) for r in out.rows] == [
        ("2026-09", "2026-09", 0, 0), ("2026-10", "2026-10", 1, 0),
        ("2026-11", "2026-11", 1, 1)]
    assert out.rows[2].turnaround_median_hours == 12.0
    assert out.rows[0].turnaround_median_hours is None


@pytest.mark.parametrize("who, sees", [
    ("org_admin_b", {"乙县人民医院": 2}),
    # A's office also sees what town A1 (under A) asked of the province hospital.
    ("org_admin_a", {"甲县人民医院": 8, "省人民医院": 1}),
    ("coordinator_a", {"甲县人民医院": 8, "省人民医院": 1}),
])
async def test_each_reader_sees_the_consultations_of_their_organisations(app, world, cases,
                                                                         who, sees):
    start, end = cases
    out = await counts(app, world, who, start=start, end=end)
    assert {r.label: r.requested for r in out.rows} == sees
    assert out.total.requested == sum(sees.values())


@pytest.mark.parametrize("who", ["specialist_a", "auditor", "village_doctor", "patient_pa"])
async def test_others_may_not_read_the_counts(app, world, cases, who):
    start, end = cases
    with pytest.raises(Forbidden):
        await counts(app, world, who, start=start, end=end)


@pytest.mark.parametrize("start, end, group_by, field", [
    (datetime(2026, 11, 2, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC), "month", "end"),
    (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC), "month", "end"),
    (datetime(2025, 10, 1, tzinfo=UTC), datetime(2026, 11, 6, tzinfo=UTC), "month", "end"),
    (datetime(2026, 11, 1), datetime(2026, 11, 6, tzinfo=UTC), "month", "start"),
    (datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC), "patient",
     "group_by"),
])
async def test_a_bad_range_or_grouping_is_refused(app, world, start, end, group_by, field):
    with pytest.raises(ValidationFailed) as refused:
        await counts(app, world, "alliance_admin", start=start, end=end, group_by=group_by)
    assert refused.value.errors[0]["field"] == field


async def test_four_hundred_days_are_allowed(app, world):
    end = datetime(2026, 11, 1, tzinfo=UTC)  # 08:00 on 1 November in Shanghai
    out = await counts(app, world, "alliance_admin", start=end - timedelta(days=400), end=end,
                       group_by="month")
    assert out.total.requested == 0
    assert [r.key for r in out.rows][::len(out.rows) - 1] == ["2025-09", "2026-11"]
    assert len(out.rows) == 15
