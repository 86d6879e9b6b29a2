"""Referral counts for the statistics page and the open-referral dashboard: how many went each
way between whom, how they were answered and how fast, who did not come, who went back to the
community, what is open and late where, and who may see which."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from tests.files.helpers import actor_of
from yilian.cases.columns import ConsentBy, Urgency
from yilian.core.errors import Forbidden, ValidationFailed
from yilian.referral import stats
from yilian.referral.models import Direction, Referral, State

H = timedelta(hours=1)
_numbers = itertools.count(1)
REQUESTERS = {"A1a": "village_doctor", "A1": "town_doctor_a1", "A": "specialist_a",
              "B1": "village_doctor"}


def referral(world, source: str, target: str, state: State, requested_at: datetime, *,
             direction: Direction = Direction.up, answered_after: timedelta | None = None,
             first_due: datetime | None = None, complete_due: datetime | None = None,
             treated: bool = False, returned: bool = False) -> Referral:
    """A referral row as the service would leave it in ``state``: answered ``answered_after``
    its request, treated and returned as told; 24 h to answer and 72 h to arrive by default."""
    answered_at = requested_at + answered_after if answered_after is not None else None
    return Referral(
        number=f"ZZ{next(_numbers):010d}", direction=direction, urgency=Urgency.routine,
        state=state, patient_id=world.patients["pa"], source_org_id=world.orgs[source].id,
        requested_by=world.users[REQUESTERS[source]], requested_at=requested_at,
        target_org_id=world.orgs[target].id, reason="胸闷待查", diagnosis_icd10="I20.9",
        diagnosis_text="心绞痛", summary="反复胸闷一周", treatment="硝酸甘油含服",
        consent_by=ConsentBy.patient, consent_name="张秀英", consent_at=requested_at,
        answered_at=answered_at,
        answered_by=world.users["coordinator_a"] if answered_at else None,
        treated_at=requested_at + 120 * H if treated or returned else None,
        returned_at=requested_at + 200 * H if returned else None,
        first_due=first_due or requested_at + 24 * H,
        complete_due=complete_due or requested_at + 72 * H)


async def add(app, rows) -> None:
    async with app.state.sessionmaker() as db:
        db.add_all(rows)
        await db.commit()


async def counts(app, world, who: str, *, start: datetime, end: datetime):
    actor = await actor_of(app, world, who)
    async with app.state.sessionmaker() as db:
        return await stats.counts(db, app.state.clock, actor, start=start, end=end)


async def dashboard(app, world, who: str) -> dict[str, dict]:
    actor = await actor_of(app, world, who)
    async with app.state.sessionmaker() as db:
        out = await stats.dashboard(db, app.state.clock, actor)
    return {c.organisation_name: c.model_dump(exclude={"organisation_id", "organisation_name"})
            for c in out}


def pair_of(row) -> dict:
    return row.model_dump(exclude={"source_org_id", "source_org_name", "target_org_id",
                                   "target_org_name", "direction"})


@pytest.fixture
async def referrals(app, world, clock):
    """Ten up-referrals from village A1a to county A, two from town A1 to A, two returns from
    A to A1, one up from town B1 to county B and one from A1a to the province hospital at the
    range's first instant; two more just outside the range [now - 30 days, now)."""
    now = clock.now()
    start = now - timedelta(days=30)
    S = State

    def a(state, ago, **kw):
        return referral(world, "A1a", "A", state, now - ago * H, **kw)

    await add(app, [
        a(S.requested, 2),
        a(S.accepted, 50, answered_after=6 * H),
        # arrived after its limit to arrive: not late, the patient is there
        a(S.arrived, 100, answered_after=2 * H),
        a(S.treated, 200, answered_after=10 * H, treated=True),
        a(S.returned, 300, answered_after=4 * H, returned=True),
        a(S.rejected, 20, answered_after=H),
        a(S.reraised, 40, answered_after=H),
        # cancelled while waiting, and cancelled once accepted
        a(S.cancelled, 30),
        a(S.cancelled, 60, answered_after=3 * H),
        # the patient did not come, and the limit to arrive passed 8 hours ago
        a(S.no_show, 80, answered_after=2 * H),
        # waiting, 6 hours past the limit to answer
        referral(world, "A1", "A", S.requested, now - 30 * H, first_due=now - 6 * H),
        # accepted, and the patient should have come an hour ago
        referral(world, "A1", "A", S.accepted, now - 100 * H, answered_after=H,
                 complete_due=now - H),
        referral(world, "A", "A1", S.accepted, now - 10 * H, direction=Direction.down,
                 answered_after=2 * H),
        # a return the town has not taken in, past both its limits
        referral(world, "A", "A1", S.requested, now - 100 * H, direction=Direction.down),
        referral(world, "B1", "B", S.treated, now - 150 * H, answered_after=2 * H,
                 treated=True),
        referral(world, "A1a", "P", S.requested, start),
        # outside [start, end): still open, so on the dashboard
        referral(world, "A1a", "A", S.requested, start - timedelta(seconds=1)),
        referral(world, "A1a", "A", S.requested, now),
    ])
    return start, now


async def test_counts_each_way_and_per_pair(app, world, referrals):
    start, end = referrals
    out = await counts(app, world, "alliance_admin", start=start, end=end)
    assert (out.start, out.end, out.up, out.down) == (start, end, 14, 2)
    # Answered: 8 + 1 + 1 + 1; accepted 9 of them (the rejected and the re-raised were not).
    assert out.acceptance_rate == 0.818
    # Hours to acceptance: 1, 2, 2, 2, 2, 3, 4, 6, 10.
    assert out.hours_to_acceptance_median == 2.0
    assert out.no_shows == 1
    # Three up-referrals were treated; one patient went back down.
    assert out.returned_to_community_rate == 0.333

    o = world.orgs
    assert [(p.source_org_id, p.target_org_id, p.direction) for p in out.pairs] == [
        (o["A1a"].id, o["A"].id, Direction.up),
        (o["A"].id, o["A1"].id, Direction.down),  # 甲县 sorts before 甲镇
        (o["A1"].id, o["A"].id, Direction.up),
        (o["B1"].id, o["B"].id, Direction.up),
        (o["A1a"].id, o["P"].id, Direction.up),
    ]
    first = out.pairs[0]
    assert (first.source_org_name, first.target_org_name) == ("甲一村卫生室", "甲县人民医院")
    assert [pair_of(p) for p in out.pairs] == [
        # accepted: 6 h, 2 h, 10 h, 4 h, 2 h (no-show), 3 h (cancelled later)
        {"requested": 10, "accepted": 6, "rejected": 2, "no_shows": 1, "returned": 1,
         "acceptance_rate": 0.75, "hours_to_acceptance_median": 3.5},
        {"requested": 2, "accepted": 1, "rejected": 0, "no_shows": 0, "returned": 0,
         "acceptance_rate": 1.0, "hours_to_acceptance_median": 2.0},
        {"requested": 2, "accepted": 1, "rejected": 0, "no_shows": 0, "returned": 0,
         "acceptance_rate": 1.0, "hours_to_acceptance_median": 1.0},
        {"requested": 1, "accepted": 1, "rejected": 0, "no_shows": 0, "returned": 0,
         "acceptance_rate": 1.0, "hours_to_acceptance_median": 2.0},
        {"requested": 1, "accepted": 0, "rejected": 0, "no_shows": 0, "returned": 0,
         "acceptance_rate": None, "hours_to_acceptance_median": None},
    ]


async def test_an_empty_range_has_no_rates(app, world, referrals):
    start, _ = referrals
    out = await counts(app, world, "alliance_admin", start=start - timedelta(days=60),
                       end=start - timedelta(days=31))
    assert (out.up, out.down, out.no_shows, out.pairs) == (0, 0, 0, [])
    assert out.acceptance_rate is None and out.hours_to_acceptance_median is None
    assert out.returned_to_community_rate is None


@pytest.mark.parametrize("who, pairs", [
    ("org_admin_b", {("乙镇卫生院", "乙县人民医院"): 1}),
    # A's office also sees what village A1a (under A) sent to the province hospital.
    ("org_admin_a", {("甲一村卫生室", "甲县人民医院"): 10, ("甲县人民医院", "甲镇卫生院"): 2,
                     ("甲镇卫生院", "甲县人民医院"): 2, ("甲一村卫生室", "省人民医院"): 1}),
    ("coordinator_a", {("甲一村卫生室", "甲县人民医院"): 10, ("甲县人民医院", "甲镇卫生院"): 2,
                       ("甲镇卫生院", "甲县人民医院"): 2, ("甲一村卫生室", "省人民医院"): 1}),
])
async def test_each_reader_counts_the_referrals_of_their_organisations(app, world, referrals,
                                                                       who, pairs):
    start, end = referrals
    out = await counts(app, world, who, start=start, end=end)
    assert {(p.source_org_name, p.target_org_name): p.requested for p in out.pairs} == pairs
    assert out.up + out.down == sum(pairs.values())


async def test_the_dashboard_shows_what_is_open_and_late_where(app, world, referrals):
    board = await dashboard(app, world, "alliance_admin")
    assert board == {
        "省人民医院": {"incoming_requested": 1, "incoming_accepted": 0, "incoming_arrived": 0,
                   "outgoing_open": 0, "overdue": 1},
        # Late: A1's request, A1's accepted patient and the no-show past their limits, and
        # the request from before the range.
        "甲县人民医院": {"incoming_requested": 4, "incoming_accepted": 2, "incoming_arrived": 1,
                    "outgoing_open": 1, "overdue": 4},
        "甲镇卫生院": {"incoming_requested": 1, "incoming_accepted": 0, "incoming_arrived": 0,
                  "outgoing_open": 2, "overdue": 1},
        # Open: requested (4), accepted, arrived, no-show, and treated awaiting the return.
        "甲一村卫生室": {"incoming_requested": 0, "incoming_accepted": 0, "incoming_arrived": 0,
                    "outgoing_open": 8, "overdue": 0},
        # County B's only open referral is one it treated: nothing to count there.
        "乙镇卫生院": {"incoming_requested": 0, "incoming_accepted": 0, "incoming_arrived": 0,
                  "outgoing_open": 1, "overdue": 0},
    }
    # The tree's order: the province first, each county before its towns and villages.
    names = list(board)
    assert names[0] == "省人民医院"
    assert names.index("甲县人民医院") < names.index("甲镇卫生院") < names.index("甲一村卫生室")


async def test_the_dashboard_follows_the_clock(app, world, clock, referrals):
    # A day and an hour later the newest request, the accepted patient due in 22 hours and
    # the request made "now" are late too.
    clock.advance(hours=25)
    await world.sign_in_again("alliance_admin")
    board = await dashboard(app, world, "alliance_admin")
    assert {name: c["overdue"] for name, c in board.items()} == {
        "省人民医院": 1, "甲县人民医院": 7, "甲镇卫生院": 1, "甲一村卫生室": 0, "乙镇卫生院": 0}


@pytest.mark.parametrize("who, sees", [
    ("org_admin_a", ["甲县人民医院", "甲镇卫生院", "甲一村卫生室"]),
    ("coordinator_a", ["甲县人民医院", "甲镇卫生院", "甲一村卫生室"]),
    ("org_admin_b", ["乙镇卫生院"]),
])
async def test_each_reader_sees_the_organisations_under_their_grant(app, world, referrals,
                                                                   who, sees):
    board = await dashboard(app, world, who)
    assert list(board) == sees
    if who != "org_admin_b":
        # Village A1a's referral to the province counts among its outgoing ones; the province
        # itself is not A's to see.
        assert board["甲一村卫生室"]["outgoing_open"] == 8


@pytest.mark.parametrize("who", ["specialist_a", "auditor", "village_doctor", "patient_pa"])
async def test_others_may_not_read_the_counts(app, world, referrals, who):
    start, end = referrals
    with pytest.raises(Forbidden):
        await counts(app, world, who, start=start, end=end)
    with pytest.raises(Forbidden):
        await dashboard(app, world, who)


@pytest.mark.parametrize("start, end, field", [
    (datetime(2026, 11, 2, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC), "end"),
    (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC), "end"),
    (datetime(2025, 10, 1, tzinfo=UTC), datetime(2026, 11, 6, tzinfo=UTC), "end"),
    (datetime(2026, 11, 1), datetime(2026, 11, 6, tzinfo=UTC), "start"),
    (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 6), "end"),
])
async def test_a_bad_range_is_refused(app, world, start, end, field):
    with pytest.raises(ValidationFailed) as refused:
        await counts(app, world, "alliance_admin", start=start, end=end)
    assert refused.value.errors[0]["field"] == field


async def test_four_hundred_days_are_allowed(app, world):
    end = datetime(2026, 11, 1, tzinfo=UTC)
    out = await counts(app, world, "alliance_admin", start=end - timedelta(days=400), end=end)
    assert (out.up, out.down) == (0, 0)
