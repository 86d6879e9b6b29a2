"""Helpers of the conversation tests: conversations opened the way a case module opens them."""

from __future__ import annotations

import uuid

from yilian.messaging.conversations import service

API = "/api/v1/conversations"

# The case's people and their role codes (the UI words them).
LABELS = {"village_doctor": "inviting_doctor", "specialist_a": "expert", "patient_pa": "patient",
          "specialist_b": "secondary"}


async def open_case(app, clock, world, *people: str, case_type: str = "consultation",
                    case_id: uuid.UUID | None = None, title: str = "consultation_single",
                    case_number: str | None = "HZ20261124-0001"):
    """A conversation for a fresh case with these participants (no actor: as a case module's
    background step would), committed."""
    async with app.state.sessionmaker() as db:
        ref = await service.open_for_case(
            db, clock, None, case_type=case_type, case_id=case_id or uuid.uuid4(), title=title,
            subject_org_id=world.orgs["A1a"].id, patient_id=world.patients["pa"],
            participants={world.users[p]: LABELS.get(p, "participant") for p in people},
            case_number=case_number,
        )
        await db.commit()
    return ref


async def set_people(app, clock, world, ref, *people: str) -> None:
    async with app.state.sessionmaker() as db:
        await service.set_participants(
            db, clock, None, case_type=ref.case_type, case_id=ref.case_id,
            participants={world.users[p]: LABELS.get(p, "participant") for p in people})
        await db.commit()


async def close(app, clock, ref, *, reopen: bool = False) -> None:
    async with app.state.sessionmaker() as db:
        change = service.reopen_for_case if reopen else service.close_for_case
        await change(db, clock, None, case_type=ref.case_type, case_id=ref.case_id)
        await db.commit()


async def system_message(app, clock, ref, code: str, **params: str) -> None:
    async with app.state.sessionmaker() as db:
        await service.post_system_message(db, clock, case_type=ref.case_type,
                                          case_id=ref.case_id, code=code, **params)
        await db.commit()


async def say(client, world, who: str, ref, text: str) -> dict:
    r = await world.client_as(client, who).post(f"{API}/{ref.id}/messages", json={"text": text})
    assert r.status_code == 201, r.text
    return r.json()
