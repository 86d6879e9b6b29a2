"""Stress on one consultation case: several clients at once, for a while, doing what a busy
Monday does to a case (DESIGN §5 "Locks", issue 11 item 1). Prints JSON.

Two single-specialty consultations from the village clinic to the county, both assigned to the
same expert, whose availability is the pool both book from. Clients pick at random:

- chat in the case conversation (the inviting doctor and the expert);
- book a slot (a step that also writes a system message into the conversation), reschedule,
  and race two identical steps against each other;
- the other steps of the cycle: route, return, assign, hand back (withdraw), ask for and supply
  information;
- the expert offers new slots and withdraws slots while others book them;
- reads: the case with its timeline, the conversation and its messages, the patient, the
  expert's free times.

A wrong-state step (409) or a slot someone else just took is a fine answer; a 5xx is not.
Afterwards the database is checked: at most one booking per slot and a booked slot not
withdrawn, each accepted step once and the timeline a valid path with contiguous seq, message
numbers 1..n per conversation, the audit chain verifies, outbox events of a conversation in
message order.

    uv run python bench/stress_case.py [--seconds 60] [--clients 8] [--workers 2]
    uv run python bench/stress_case.py --in-process      # the app in this process, no server

Against a real `yilian serve` (the default) it needs PostgreSQL (`YILIAN_BENCH_PG`, default
`postgresql://postgres@127.0.0.1:5432/postgres`, used to create and then drop a database of its
own). Exits 1 when any answer was a 5xx or an invariant broke. tests/core/test_stress_pg.py
runs the same scenario in process for a few seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import itertools
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import structlog

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the test world's factories (tests/factories.py)
    sys.path.insert(0, str(ROOT))

API = "/api/v1"
SLOT_MINUTES = 30
INITIAL_SLOTS = 24
# Steps that cannot both be accepted when two identical requests race from the same state.
ONCE_FROM_A_STATE = {"book", "withdraw", "route", "return", "request_info", "supply_info"}
STEP_PATHS = {"route": "route", "return": "return", "assign": "assign", "withdraw": "withdraw",
              "book": "book", "reschedule": "reschedule", "request_info": "request-info",
              "supply_info": "supply-info"}
OPEN_SLOT_STATES = {"scheduled", "info_requested"}


# ---------------------------------------------------------------- what the clients saw


@dataclass
class Answer:
    kind: str
    method: str
    path: str
    status: int  # 0: no answer (transport error)
    ms: float
    body: str = ""


@dataclass
class Tally:
    answers: list[Answer] = field(default_factory=list)
    # (case id, action) -> accepted steps
    accepted: Counter = field(default_factory=Counter)
    # (case id, action) -> 5xx or no answer (may or may not have committed)
    unsure: Counter = field(default_factory=Counter)
    # conversation id -> accepted chat messages
    chats: Counter = field(default_factory=Counter)
    chats_unsure: Counter = field(default_factory=Counter)
    double_accepts: list[dict] = field(default_factory=list)
    background_errors: list[str] = field(default_factory=list)

    def add(self, a: Answer) -> None:
        self.answers.append(a)

    @property
    def server_errors(self) -> list[Answer]:
        return [a for a in self.answers if a.status >= 500 or a.status == 0]

    def summary(self, seconds: float) -> dict[str, Any]:
        by_kind: dict[str, Counter] = defaultdict(Counter)
        for a in self.answers:
            by_kind[a.kind][str(a.status)] += 1
        lat = sorted(a.ms for a in self.answers)
        errors = self.server_errors
        return {
            "seconds": round(seconds, 1),
            "requests": len(self.answers),
            "rps": round(len(self.answers) / seconds, 1) if seconds else 0,
            "requests_by_kind": {k: sum(v.values()) for k, v in sorted(by_kind.items())},
            "status_by_kind": {k: dict(sorted(v.items())) for k, v in sorted(by_kind.items())},
            "status": dict(sorted(Counter(str(a.status) for a in self.answers).items())),
            "5xx": len(errors),
            "no_answer": sum(1 for a in errors if a.status == 0),
            "5xx_by_kind": dict(sorted(Counter(a.kind for a in errors).items())),
            "p50_ms": round(_pct(lat, 50), 1),
            "p99_ms": round(_pct(lat, 99), 1),
            "max_ms": round(lat[-1], 1) if lat else 0.0,
            "accepted_steps": dict(sorted(Counter(a for _, a in self.accepted.elements()).items())),
            "double_accepts": self.double_accepts,
            "background_errors": self.background_errors[:20],
        }


def _pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


# ---------------------------------------------------------------- the people and the cases


async def seed_world(app_like: Any, clock: Any):
    """The test alliance (tests/factories.py) plus the consultation set-up of the consultation
    tests (tests/consultation/helpers.py): county A's 心血管内科 headed by specialist_a."""
    from tests.consultation.helpers import prepare
    from tests.factories import World

    world = World(app_like, clock)
    await world.build()
    setup = await prepare(world)
    return world, setup


def app_like(sessionmaker, settings) -> Any:
    """What the test world needs of an app: a sessionmaker and the settings (for sessions)."""
    return SimpleNamespace(state=SimpleNamespace(sessionmaker=sessionmaker, settings=settings))


@dataclass
class CaseRef:
    id: str
    conversation_id: str
    state: str
    setup_steps: Counter
    setup_system_messages: int


class Stress:
    """The scenario, driving any ``httpx.AsyncClient`` (in-process ASGI or a real server)."""

    def __init__(self, http: httpx.AsyncClient, world: Any, setup: Any, now: datetime,
                 *, cases: int = 2, seed: int | None = None) -> None:
        self.http = http
        self.world = world
        self.setup = setup
        self.now = now
        self.n_cases = cases
        self.rng = random.Random(seed)
        self.tally = Tally()
        self.cases: list[CaseRef] = []
        self.slots: list[str] = []
        # Slot times: 30-minute steps from tomorrow's next full hour, one index per offer.
        start = (now + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
        self.slot_base = start + timedelta(hours=1)
        self.slot_index = itertools.count()
        self.expert = str(world.users["specialist_a"])
        self.patient = str(world.patients["pa"])

    # -- requests

    def _headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.world.token[who]}"}

    async def call(self, kind: str, who: str, method: str, path: str,
                   body: dict | None = None) -> httpx.Response | None:
        t0 = time.perf_counter()
        try:
            r = await self.http.request(method, API + path, json=body, headers=self._headers(who))
        except Exception as e:  # noqa: BLE001  (no answer at all: counted with the 5xx)
            self.tally.add(Answer(kind, method, path, 0, (time.perf_counter() - t0) * 1000,
                                  f"{type(e).__name__}: {e}"))
            return None
        ms = (time.perf_counter() - t0) * 1000
        self.tally.add(Answer(kind, method, path, r.status_code, ms,
                              r.text[:2000] if r.status_code >= 500 else ""))
        return r

    async def _must(self, who: str, method: str, path: str, body: dict | None = None,
                    status: int = 200) -> dict:
        r = await self.http.request(method, API + path, json=body, headers=self._headers(who))
        if r.status_code != status:
            raise RuntimeError(f"set-up {method} {path}: {r.status_code} {r.text[:500]}")
        return r.json()

    # -- set-up

    def _next_slot_time(self) -> tuple[str, str]:
        i = next(self.slot_index)
        starts = self.slot_base + timedelta(minutes=SLOT_MINUTES * i)
        return starts.isoformat(), (starts + timedelta(minutes=SLOT_MINUTES)).isoformat()

    async def prepare(self) -> None:
        """Slots of the expert and the cases, each applied, routed and assigned (not booked)."""
        from tests.consultation.helpers import application

        for _ in range(INITIAL_SLOTS):
            s, e = self._next_slot_time()
            out = await self._must("specialist_a", "POST", "/availability",
                                   {"starts_at": s, "ends_at": e}, status=201)
            self.slots += [x["id"] for x in out]
        dept = str(self.setup.depts["cardio_a"])
        for _ in range(self.n_cases):
            body = application(self.world)
            case = await self._must("village_doctor", "POST", "/consultations", body, status=201)
            cid = case["id"]
            await self._must("coordinator_a", "POST", f"/consultations/{cid}/route",
                             {"department_id": dept})
            case = await self._must("specialist_a", "POST", f"/consultations/{cid}/assign",
                                    {"expert_id": self.expert})
            steps = Counter(s["action"] for s in case["timeline"])
            msgs = await self._must("village_doctor", "GET",
                                    f"/conversations/{case['conversation_id']}/messages?limit=200")
            system = sum(1 for m in msgs["items"] if m["kind"] == "system")
            self.cases.append(CaseRef(cid, case["conversation_id"], case["state"], steps, system))

    # -- the work

    def _slot(self) -> str:
        return self.rng.choice(self.slots)

    async def _step(self, case: CaseRef, action: str, kind: str | None = None
                    ) -> httpx.Response | None:
        who, body = self._step_request(case, action)
        r = await self.call(kind or f"step.{action}", who, "POST",
                            f"/consultations/{case.id}/{STEP_PATHS[action]}", body)
        self._count_step(case, action, r)
        return r

    def _step_request(self, case: CaseRef, action: str) -> tuple[str, dict]:
        if action == "route":
            return "coordinator_a", {"department_id": str(self.setup.depts["cardio_a"])}
        if action == "return":
            return "coordinator_a", {"reason": "请重新分诊"}
        if action == "assign":
            return "specialist_a", {"expert_id": self.expert}
        if action == "withdraw":
            return "specialist_a", {"reason": "临时有手术，退回安排"}
        if action == "book":
            return "village_doctor", {"slot_id": self._slot()}
        if action == "reschedule":
            who = self.rng.choice(["village_doctor", "specialist_a"])
            return who, {"slot_id": self._slot(), "reason": "时间冲突，改约"}
        if action == "request_info":
            return "specialist_a", {"request": "请补充发作时心电图"}
        if action == "supply_info":
            return "village_doctor", {"note": "已上传心电图"}
        raise ValueError(action)

    def _count_step(self, case: CaseRef, action: str, r: httpx.Response | None) -> None:
        if r is None or r.status_code >= 500:
            self.tally.unsure[(case.id, action)] += 1
        elif r.status_code < 300:
            self.tally.accepted[(case.id, action)] += 1
            case.state = r.json()["state"]

    def _next_action(self, case: CaseRef) -> str:
        """A step that fits the state last seen (often stale: other clients move the case)."""
        choices = {
            "requested": ["route"],
            "routed": ["assign", "assign", "return"],
            "assigned": ["book", "book", "book", "withdraw", "assign"],
            "scheduled": ["reschedule", "request_info", "withdraw"],
            "info_requested": ["supply_info"],
        }.get(case.state, ["book"])
        if self.rng.random() < 0.15:  # now and then a step that may well be in the wrong state
            return self.rng.choice(list(STEP_PATHS))
        return self.rng.choice(choices)

    async def op_chat(self) -> None:
        case = self.cases[0] if self.rng.random() < 0.75 else self.rng.choice(self.cases)
        who = self.rng.choice(["village_doctor", "specialist_a"])
        r = await self.call("chat", who, "POST", f"/conversations/{case.conversation_id}/messages",
                            {"text": f"{who} 第{self.rng.randrange(10**6)}条：请看一下最新的心电图"})
        if r is None or r.status_code >= 500:
            self.tally.chats_unsure[case.conversation_id] += 1
        elif r.status_code < 300:
            self.tally.chats[case.conversation_id] += 1

    async def op_book(self) -> None:
        await self._step(self.rng.choice(self.cases), "book")

    async def op_reschedule(self) -> None:
        await self._step(self.rng.choice(self.cases), "reschedule")

    async def op_step(self) -> None:
        case = self.rng.choice(self.cases)
        await self._step(case, self._next_action(case))

    async def op_race(self) -> None:
        """The same step twice at once (two browsers, one double click)."""
        case = self.rng.choice(self.cases)
        action = self._next_action(case)
        a, b = await asyncio.gather(self._step(case, action, "race." + action),
                                    self._step(case, action, "race." + action))
        if (action in ONCE_FROM_A_STATE and a is not None and b is not None
                and a.status_code < 300 and b.status_code < 300):
            self.tally.double_accepts.append({"case": case.id, "action": action})

    async def op_offer(self) -> None:
        s, e = self._next_slot_time()
        r = await self.call("slot.offer", "specialist_a", "POST", "/availability",
                            {"starts_at": s, "ends_at": e})
        if r is not None and r.status_code == 201:
            self.slots += [x["id"] for x in r.json()]

    async def op_withdraw_slot(self) -> None:
        # Mostly the newest slots (the ones others are about to book), sometimes any.
        pool = self.slots[-8:] if self.rng.random() < 0.6 else self.slots
        await self.call("slot.withdraw", "specialist_a", "DELETE",
                        f"/availability/{self.rng.choice(pool)}")

    async def op_read_case(self) -> None:
        case = self.rng.choice(self.cases)
        who = self.rng.choice(["village_doctor", "specialist_a", "coordinator_a"])
        r = await self.call("read.case", who, "GET", f"/consultations/{case.id}")
        if r is not None and r.status_code == 200:
            case.state = r.json()["state"]

    async def op_read_messages(self) -> None:
        case = self.rng.choice(self.cases)
        who = self.rng.choice(["village_doctor", "specialist_a"])
        after = self.rng.choice(["", "&after=5"])
        await self.call("read.messages", who, "GET",
                        f"/conversations/{case.conversation_id}/messages?limit=50{after}")

    async def op_read_conversation(self) -> None:
        case = self.rng.choice(self.cases)
        await self.call("read.conversation", "village_doctor", "GET",
                        f"/conversations/{case.conversation_id}")

    async def op_read_patient(self) -> None:
        await self.call("read.patient", "village_doctor", "GET", f"/patients/{self.patient}")

    async def op_read_slots(self) -> None:
        await self.call("read.slots", "village_doctor", "GET",
                        f"/availability?user_id={self.expert}&free=true")

    OPS = [("op_chat", 24), ("op_book", 10), ("op_reschedule", 7), ("op_step", 12),
           ("op_race", 4), ("op_offer", 7), ("op_withdraw_slot", 8), ("op_read_case", 10),
           ("op_read_messages", 8), ("op_read_conversation", 3), ("op_read_patient", 4),
           ("op_read_slots", 3)]

    async def client(self, until: float) -> None:
        names, weights = zip(*self.OPS, strict=True)
        while time.monotonic() < until:
            await getattr(self, self.rng.choices(names, weights)[0])()

    async def run(self, seconds: float, clients: int) -> float:
        t0 = time.monotonic()
        until = t0 + seconds
        await asyncio.gather(*(self.client(until) for _ in range(clients)))
        return time.monotonic() - t0

    # -- the invariants, read from the database afterwards

    async def check(self, sessionmaker) -> dict[str, dict[str, Any]]:
        from sqlalchemy import select

        from yilian.cases.models import CaseStep
        from yilian.consultation.models import Consultation
        from yilian.core import audit
        from yilian.core.audit import AuditEntry
        from yilian.core.events import OutboxEvent
        from yilian.messaging.conversations.models import Conversation, Message
        from yilian.scheduling.models import AvailabilitySlot

        t = self.tally
        out: dict[str, dict[str, Any]] = {}

        def verdict(name: str, problems: list, **facts: Any) -> None:
            out[name] = {"held": not problems, "problems": problems[:20], **facts}

        ids = [uuid.UUID(c.id) for c in self.cases]
        async with sessionmaker() as db:
            cases = {str(c.id): c for c in (await db.execute(
                select(Consultation).where(Consultation.id.in_(ids)))).scalars()}
            slots = list((await db.execute(select(AvailabilitySlot).where(
                AvailabilitySlot.user_id == uuid.UUID(self.expert)))).scalars())
            steps = list((await db.execute(select(CaseStep).where(
                CaseStep.case_id.in_(ids)).order_by(CaseStep.case_id, CaseStep.seq))).scalars())
            conv_ids = [uuid.UUID(c.conversation_id) for c in self.cases]
            convs = {str(c.id): c for c in (await db.execute(
                select(Conversation).where(Conversation.id.in_(conv_ids)))).scalars()}
            messages = list((await db.execute(select(Message).where(
                Message.conversation_id.in_(conv_ids)).order_by(Message.conversation_id,
                                                                Message.seq))).scalars())
            audits = Counter((e.entity_id, e.action) for e in (await db.execute(
                select(AuditEntry).where(AuditEntry.entity_id.in_([str(i) for i in ids]),
                                         AuditEntry.outcome == "ok"))).scalars())
            events = list((await db.execute(select(OutboxEvent).where(
                OutboxEvent.kind == "conversation.message",
                OutboxEvent.entity_id.in_([str(i) for i in conv_ids]))
                .order_by(OutboxEvent.seq))).scalars())
            chain = await audit.verify(db)

        # 1. Slots: at most one booking per slot, a booked slot not withdrawn, and the case and
        # its slot agree (no booking leaked by a reschedule or a hand-back).
        problems = []
        held_by: dict[str, list[str]] = defaultdict(list)
        for s in slots:
            if s.booked_case_id is None:
                continue
            held_by[str(s.booked_case_id)].append(str(s.id))
            if s.withdrawn_at is not None:
                problems.append(f"slot {s.id} is booked by {s.booked_case_id} and withdrawn")
        for cid, c in cases.items():
            state = c.state.value
            mine = held_by.get(cid, [])
            if state in OPEN_SLOT_STATES:
                if mine != [str(c.slot_id)]:
                    problems.append(f"case {cid} ({state}) has slot_id {c.slot_id} but holds {mine}")
            elif mine or c.slot_id is not None:
                problems.append(f"case {cid} ({state}) holds {mine}, slot_id {c.slot_id}")
        taken = [str(c.slot_id) for c in cases.values() if c.slot_id is not None]
        if len(taken) != len(set(taken)):
            problems.append(f"two cases point at one slot: {taken}")
        verdict("one_booking_per_slot", problems, slots=len(slots),
                booked=sum(len(v) for v in held_by.values()),
                withdrawn=sum(1 for s in slots if s.withdrawn_at is not None))

        # 2. The timeline: seq 1..n, each step starting where the one before ended, the last
        # ending in the case's state; every accepted step recorded once (a single accept per
        # step), audited once.
        seq_problems, path_problems, count_problems = [], [], []
        by_case: dict[str, list] = defaultdict(list)
        for s in steps:
            by_case[str(s.case_id)].append(s)
        for ref in self.cases:
            rows = by_case[ref.id]
            seqs = [s.seq for s in rows]
            if seqs != list(range(1, len(rows) + 1)):
                seq_problems.append(f"case {ref.id}: seq {_runs(seqs)}")
            for a, b in itertools.pairwise(rows):
                if b.from_state != a.to_state:
                    path_problems.append(f"case {ref.id}: step {b.seq} {b.action} from "
                                         f"{b.from_state} after step {a.seq} ended {a.to_state}")
            if rows and rows[-1].to_state != cases[ref.id].state.value:
                path_problems.append(f"case {ref.id}: timeline ends {rows[-1].to_state}, "
                                     f"case is {cases[ref.id].state.value}")
            recorded = Counter(s.action for s in rows) - ref.setup_steps
            for action in set(recorded) | {a for (c, a) in t.accepted if c == ref.id}:
                got, ok = recorded[action], t.accepted[(ref.id, action)]
                unsure = t.unsure[(ref.id, action)]
                if not ok <= got <= ok + unsure:
                    count_problems.append(f"case {ref.id}: {action} accepted {ok} times "
                                          f"(+{unsure} unanswered), recorded {got}")
                logged = audits[(ref.id, f"consultation.{action}")] - ref.setup_steps[action]
                if logged != got:
                    count_problems.append(f"case {ref.id}: {action} recorded {got}, "
                                          f"audited {logged}")
        verdict("timeline_seq_contiguous", seq_problems, steps=len(steps))
        verdict("timeline_valid_path", path_problems)
        # Both of a racing pair may be accepted when another client's step came between them
        # (withdraw, someone assigns again, withdraw): only the same step twice in a row in the
        # timeline is one step accepted twice.
        def twice_in_a_row(case_id: str, action: str) -> bool:
            return any(a.action == b.action == action
                       for a, b in itertools.pairwise(by_case[case_id]))

        verdict("single_accept_per_step", count_problems + [
            f"both of two racing {d['action']} accepted on {d['case']}, one after the other"
            for d in t.double_accepts if twice_in_a_row(d["case"], d["action"])])

        # 3. Message numbers 1..n per conversation, as many as were accepted.
        problems = []
        per_conv: dict[str, list] = defaultdict(list)
        for m in messages:
            per_conv[str(m.conversation_id)].append(m)
        for ref in self.cases:
            rows = per_conv[ref.conversation_id]
            seqs = [m.seq for m in rows]
            if seqs != list(range(1, len(rows) + 1)):
                problems.append(f"conversation {ref.conversation_id}: seq {_runs(seqs)}")
            if convs[ref.conversation_id].last_seq != len(rows):
                problems.append(f"conversation {ref.conversation_id}: last_seq "
                                f"{convs[ref.conversation_id].last_seq}, {len(rows)} messages")
            texts = sum(1 for m in rows if m.kind.value == "text")
            ok, unsure = t.chats[ref.conversation_id], t.chats_unsure[ref.conversation_id]
            if not ok <= texts <= ok + unsure:
                problems.append(f"conversation {ref.conversation_id}: {ok} messages accepted "
                                f"(+{unsure} unanswered), {texts} stored")
            system = sum(1 for m in rows if m.kind.value == "system") - ref.setup_system_messages
            recorded = Counter(s.action for s in by_case[ref.id]) - ref.setup_steps
            said = sum(recorded[a] for a in ("book", "reschedule", "request_info", "supply_info"))
            if system != said:
                problems.append(f"conversation {ref.conversation_id}: {system} system messages "
                                f"for {said} steps that write one")
        verdict("message_seq_contiguous", problems, messages=len(messages))

        # 4. The audit chain.
        verdict("audit_verifies", [] if chain.ok else [f"row {chain.bad_seq}: {chain.reason}"],
                rows=chain.rows)

        # 5. Outbox: one event per message, in message order (events numbered in commit order).
        problems = []
        announced: dict[str, list[int]] = defaultdict(list)
        for e in events:
            announced[e.entity_id].append(int(e.payload["seq"]))
        for ref in self.cases:
            got = announced[ref.conversation_id]
            stored = [m.seq for m in per_conv[ref.conversation_id]]
            if got != sorted(got) or len(got) != len(set(got)):
                problems.append(f"conversation {ref.conversation_id}: events announce seq "
                                f"out of order {_disorder(got)}")
            if sorted(got) != stored:
                problems.append(f"conversation {ref.conversation_id}: {len(got)} events for "
                                f"{len(stored)} messages")
        seqs = [e.seq for e in events]
        if len(seqs) != len(set(seqs)):
            problems.append("an event seq is used twice")
        verdict("outbox_seq_consistent", problems, events=len(events))
        return out


def _runs(seqs: list[int]) -> str:
    """Where a list of numbers is not 1..n (short)."""
    want = list(range(1, len(seqs) + 1))
    first = next((i for i, (a, b) in enumerate(zip(seqs, want, strict=True)) if a != b), None)
    dupes = sorted(k for k, v in Counter(seqs).items() if v > 1)
    missing = sorted(set(range(1, max(seqs, default=0) + 1)) - set(seqs))
    return f"first wrong at position {first}, duplicates {dupes[:10]}, missing {missing[:10]}"


def _disorder(seqs: list[int]) -> str:
    bad = [(a, b) for a, b in itertools.pairwise(seqs) if b <= a]
    return f"{len(bad)} inversions, e.g. {bad[:5]}"


def report(stress: Stress, seconds: float, invariants: dict, **extra: Any) -> dict[str, Any]:
    t = stress.tally
    return {
        **extra,
        **t.summary(seconds),
        "invariants_held": all(v["held"] for v in invariants.values()),
        "invariants": invariants,
        "server_errors": [{"kind": a.kind, "request": f"{a.method} {a.path}", "status": a.status,
                           "body": a.body[:500]} for a in t.server_errors[:30]],
    }


def causes_from_log(text: str) -> dict[str, dict[str, int]]:
    """From the app's JSON log: why requests crashed ("unhandled") and why the relay's
    subscribers failed, by the exception's last line (e.g. a DeadlockDetectedError)."""
    causes: dict[str, Counter] = {"requests": Counter(), "relay": Counter()}
    for line in text.splitlines():
        if not line.startswith("{"):
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        where = {"unhandled": "requests", "relay.subscriber_failed": "relay"}.get(
            entry.get("event"))
        if where:
            causes[where][_cause(entry.get("exception") or "")] += 1
    return {k: dict(v.most_common()) for k, v in causes.items()}


def _cause(trace: str) -> str:
    """``DeadlockDetectedError in UPDATE conversations SET ...`` from a formatted traceback."""
    name = re.findall(r"asyncpg\.exceptions\.(\w+)", trace)
    if not name:
        name = re.findall(r"^([\w.]*(?:Error|Exception|Timeout)\w*)\b", trace, re.M)
    sql = re.search(r"^\[SQL: (.*)", trace, re.M)
    return (name[-1].rsplit(".", 1)[-1] if name else "?") + (
        f" in {sql.group(1).rstrip(']')[:70]}" if sql else "")


def failure_text(result: dict) -> str:
    """What a failing test prints: every 5xx (kind, request, body) and each broken invariant."""
    lines = [f"{result['5xx']} answers 5xx of {result['requests']} ({result['5xx_by_kind']}); "
             f"status by kind: {json.dumps(result['status_by_kind'], ensure_ascii=False)}"]
    for e in result["server_errors"]:
        lines.append(f"  {e['status']} {e['kind']} {e['request']}: {e['body'][:300]}")
    for name, v in result["invariants"].items():
        if not v["held"]:
            lines.append(f"invariant {name} broken: {v['problems']}")
    if result.get("causes"):
        lines.append(f"causes in the log: {json.dumps(result['causes'], ensure_ascii=False)}")
    if result["background_errors"]:
        lines.append(f"background errors: {result['background_errors']}")
    return "\n".join(lines)


def passed(result: dict) -> bool:
    return result["5xx"] == 0 and result["invariants_held"] and not result["background_errors"]


# ---------------------------------------------------------------- the runner


async def _pg_database(admin: str, name: str, *, drop: bool = False) -> str:
    import asyncpg

    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return admin.rsplit("/", 1)[0] + f"/{name}"


async def _scenario(base_url: str | None, asgi_app: Any, settings: Any, seconds: float,
                    clients: int, seed: int | None, extra: dict) -> dict:
    from yilian.core.clock import Clock
    from yilian.core.db import make_engine, make_sessionmaker

    engine = make_engine(settings.resolved_database_url, pool_size=2)
    sessionmaker = make_sessionmaker(engine)
    clock = Clock()
    try:
        world, setup = await seed_world(app_like(sessionmaker, settings), clock)
        # Idle connections are dropped before uvicorn's 5 s keep-alive ends them (a request sent
        # on a connection the server is closing would count as a dropped answer).
        limits = httpx.Limits(max_connections=clients * 2 + 4, keepalive_expiry=2.0)
        if asgi_app is not None:
            # A crash answers 500 with its problem+json body instead of raising in the client.
            transport = httpx.ASGITransport(app=asgi_app, client=("127.0.0.9", 40000),
                                            raise_app_exceptions=False)
            http = httpx.AsyncClient(transport=transport, base_url="http://yilian.test",
                                     timeout=120)
        else:
            http = httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits)
        async with http:
            stress = Stress(http, world, setup, clock.now(), seed=seed)
            await stress.prepare()
            took = await stress.run(seconds, clients)
        invariants = await stress.check(sessionmaker)
        return report(stress, took, invariants, clients=clients, **extra)
    finally:
        await engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--in-process", action="store_true",
                        help="the app in this process (ASGI, one event loop), no server")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()

    from yilian.core.crypto import KeyRing, configure_keyring
    from yilian.core.migrate import upgrade
    from yilian.settings import Settings

    admin = os.environ.get("YILIAN_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = f"yilian_stress_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    url = asyncio.run(_pg_database(admin, name))
    data_dir = Path(tempfile.mkdtemp(prefix="yilian-stress-"))
    try:
        ring = KeyRing.load_or_create(data_dir / "keys.json")
        configure_keyring(ring)
        async_url = "postgresql+asyncpg://" + url.split("://", 1)[1]
        upgrade(async_url)
        settings = Settings(database_url=async_url, data_dir=data_dir, require_staff_totp=False,
                            web_dist=data_dir / "no-web", log_json=True)
        extra = {"mode": "in-process" if args.in_process else "server",
                 "workers": None if args.in_process else args.workers}
        if args.in_process:
            result = asyncio.run(_in_process(settings, args, extra))
        else:
            from harness import server

            with server(url, data_dir, workers=args.workers,
                        env={"YILIAN_REQUIRE_STAFF_TOTP": "false"}) as base:
                result = asyncio.run(_scenario(base, None, settings, args.seconds, args.clients,
                                               args.seed, extra))
    finally:
        asyncio.run(_pg_database(admin, name, drop=True))
        shutil.rmtree(data_dir, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if not passed(result):
        print(failure_text(result), file=sys.stderr)
        return 1
    return 0


async def _in_process(settings: Any, args: argparse.Namespace, extra: dict) -> dict:
    from yilian.app import create_app
    from yilian.core.clock import Clock

    app = create_app(settings, Clock())
    # The app's log goes to a buffer (stdout is the JSON result); crashes are read from it.
    log = io.StringIO()
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(file=log))
    async with app.router.lifespan_context(app):  # the relay and jobs run, as in a server
        result = await _scenario(None, app, settings, args.seconds, args.clients, args.seed,
                                 extra)
    return {**result, "causes": causes_from_log(log.getvalue())}


if __name__ == "__main__":
    sys.exit(main())
